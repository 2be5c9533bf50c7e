/*
 * The build driver; see include/pipeline/build.h and the stages in
 * include/returns/return_kind.h.
 *
 * Nothing is committed unless every record could be written, the files
 * pass their checks, and the report and manifests are written too: they
 * are one output set (io/outset.h), renamed into place together or not at
 * all.  DfE rule errors do not stop a build (councils fix or explain them
 * in COLLECT): the files are written with the report, and the status says
 * so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "pipeline/build.h"

static void build_init(struct build *b, const struct build_request *req)
{
    memset(b, 0, sizeof *b);
    b->req = req;
    b->out = outset_new(req->force);
    strbuf_init(&b->report_path, 0);
    for (size_t p = 0; p < BUILD_MAX_PARTS; p++)
        strbuf_init(&b->parts[p].manifest_path, 0);
}

static void build_release(const struct return_builder *rb, struct build *b)
{
    if (rb->release)
        rb->release(b);
    outset_free(b->out);
    db_close(b->db);
    report_free(b->report);
    for (size_t p = 0; p < BUILD_MAX_PARTS; p++) {
        pseudo_key_release(&b->parts[p].key);
        strbuf_release(&b->parts[p].manifest_path);
    }
    strbuf_release(&b->report_path);
    free(b->sha);
}

/* The key of every part whose policy pseudonymises something. */
static enum sr_status load_keys(struct build *b)
{
    const struct build_request *req = b->req;
    char err[1024];

    for (size_t p = 0; p < b->n_parts; p++) {
        struct build_part *part = &b->parts[p];
        const struct policy *pol = part->policy;
        if (!policy_needs_key(pol))
            continue;
        const char *kf = req->key_file ? req->key_file : config_key_file(req->cfg, pol->key_name);
        int r;
        if (req->key_env) {
            r = pseudo_key_load_env(&part->key, req->key_env, err, sizeof err);
        } else if (kf) {
            r = pseudo_key_load_file(&part->key, kf, err, sizeof err);
        } else {
            snprintf(err, sizeof err, "%s '%s' pseudonymises %s but no key was given: use --key-file, "
                     "--key-env, or 'key_file.%s =' in the configuration", part->noun, pol->name, part->treats,
                     pol->key_name);
            r = -1;
        }
        if (r != 0) {
            sr_error("%s", err);
            return SR_CONFIG;
        }
        sr_info("%s%spseudonymising with key %s (%s)", part->label ? part->label : "", part->label ? ": " : "",
                part->key.fingerprint, pol->key_name);
    }
    return SR_OK;
}

/* After setup: the report and the manifests join the set, last, and no
 * name of the set may exist already (unless --force). */
static enum sr_status declare_outputs(struct build *b)
{
    char err[1024];
    struct stat st;

    if (!b->req->output && (stat(b->req->output_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        sr_error("output directory '%s' does not exist", b->req->output_dir);
        return SR_OUTPUT;
    }
    if (b->report)
        outset_file(b->out, b->report_path.buf);
    for (size_t p = 0; p < b->n_parts; p++)
        b->parts[p].manifest = outset_file(b->out, b->parts[p].manifest_path.buf);
    if (outset_check_free(b->out, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    return SR_OK;
}

static enum sr_status connect_snapshot(struct build *b)
{
    const struct build_request *req = b->req;
    struct db_options dbo = { req->dsn, "statreturn", req->statement_timeout_s * 1000, req->schema };
    struct strbuf sb = STRBUF_INIT;
    enum db_status st;
    enum sr_status ret = SR_OK;

    log_phase_begin("connect");
    if ((st = db_connect(&b->db, &dbo, &sb)) != DB_OK) {
        sr_error("cannot connect to the replica: %s", sb.buf);
        ret = db_sr_status(st);
    } else if ((st = db_begin_snapshot(b->db, &sb)) != DB_OK) {
        sr_error("cannot start a read-only snapshot: %s", sb.buf);
        ret = db_sr_status(st);
    } else {
        log_phase_end("connected (server version %s); read-only snapshot of %s", db_server_version(b->db),
                      db_snapshot_time(b->db));
    }
    strbuf_release(&sb);
    return ret;
}

/* The replica contract check and the return's cursors. */
static enum sr_status open_source(const struct return_builder *rb, struct build *b)
{
    enum sr_status st;

    log_phase_begin("contract");
    if ((st = rb->open(b)) == SR_OK)
        log_phase_end("every table and column the return reads is there; cursors open");
    return st;
}

/* -v: what the checks found, and the rows of each table (counts only). */
static void narrate_checked(const struct build *b)
{
    struct strbuf sb = STRBUF_INIT;
    struct report_summary sum = { 0 };

    if (log_get_level() < LOG_VERBOSE)
        return;
    if (b->report)
        report_get_summary(b->report, &sum);
    for (size_t p = 0; p < b->n_parts; p++)
        for (size_t i = 0; i < b->parts[p].n_counts; i++)
            strbuf_addf(&sb, "%s%s %zu", sb.len ? ", " : "", b->parts[p].counts[i].name, b->parts[p].counts[i].value);
    log_phase_end("schema and rules checked: %zu error%s, %zu quer%s, %zu expected for the profile; rows: %s",
                  sum.errors, sum.errors == 1 ? "" : "s", sum.queries, sum.queries == 1 ? "y" : "ies", sum.expected,
                  sb.len ? sb.buf : "none");
    strbuf_release(&sb);
}

/* The temporaries of the return's own files (declared by setup). */
static enum sr_status open_outputs(struct build *b, size_t n_return_entries)
{
    char err[1024];

    for (size_t i = 0; i < n_return_entries; i++)
        if (outset_open(b->out, i, err, sizeof err) != 0) {
            sr_error("%s", err);
            return SR_OUTPUT;
        }
    return SR_OK;
}

/* Every record of every pass: treated, checked, and written while no
 * source defect is known (after one, nothing will be committed, but every
 * record is still checked so that all defects are named at once). */
static enum sr_status stream(const struct return_builder *rb, struct build *b)
{
    struct arena arena = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    enum sr_status st = SR_OK;
    size_t passes = b->n_passes ? b->n_passes : 1;

    size_t records = 0;

    log_phase_begin("stream");
    for (size_t p = 0; p < passes && st == SR_OK; p++) {
        if (rb->begin_pass && (st = rb->begin_pass(b, p)) != SR_OK)
            break;
        for (;;) {
            void *rec = NULL;
            enum db_status why = DB_QUERY;
            /* A record's defects may be found while it is read (a code
             * outside DfE's list) or while it is treated: both count it. */
            size_t before = b->defects.n;
            arena_reset(&arena);
            int r = rb->next(b, p, &arena, &rec, &err, &why);
            if (r < 0) {
                sr_error("reading the replica failed: %s", err.buf);
                st = why == DB_OK ? SR_DATABASE : db_sr_status(why);
                break;
            }
            if (r == 0)
                break;
            log_progress(++records, "records");
            rb->treat(b, &arena, rec);
            if (b->defects.n > before)
                b->defects.records++;
            else if (!b->defects.n && (st = rb->write(b, rec)) != SR_OK)
                break;
        }
        if (st == SR_OK && rb->end_pass)
            st = rb->end_pass(b, p);
    }
    if (st == SR_OK)
        log_phase_end("%zu record%s read, treated%s", records, records == 1 ? "" : "s",
                      b->defects.n ? " and checked (source defects found: nothing is written)" : ", written and checked");
    arena_release(&arena);
    strbuf_release(&err);
    return st;
}

/* The manifest of part p into its entry. */
static int write_manifest(struct build *b, size_t p, const struct report_summary *sum, char *err, size_t errlen)
{
    struct build_part *part = &b->parts[p];
    struct manifest_output *mo = xcalloc(part->n_outputs ? part->n_outputs : 1, sizeof *mo);
    struct strbuf j = STRBUF_INIT;
    size_t n = 0;
    int rc = -1;

    for (size_t i = part->first_output; i < part->first_output + part->n_outputs; i++)
        if (outset_fp(b->out, i)) {
            mo[n].path = outset_path(b->out, i);
            mo[n++].sha256 = b->sha[i];
        }
    const struct manifest man = {
        .ret = part->ret, .period = part->period, .la = b->req->la, .snapshot = db_snapshot_time(b->db),
        .counts = part->counts, .n_counts = part->n_counts, .excluded = part->excluded,
        .n_excluded = part->n_excluded, .group_name = part->group_name, .group = part->group,
        .n_group = part->n_group, .outputs = mo, .n_outputs = n, .validated = true,
        .errors = sum->errors, .queries = sum->queries, .expected = sum->expected, .report_path = b->report ? b->report_path.buf : NULL,
        .policy = part->policy, .key = build_key(b, p), .notes = part->notes, .n_notes = part->n_notes,
    };
    if (manifest_render(&j, &man) != 0)
        snprintf(err, errlen, "internal error: the manifest for '%s' is not well-formed JSON",
                 outset_path(b->out, part->manifest));
    else if (outset_open(b->out, part->manifest, err, errlen) == 0) {
        FILE *fp = outset_fp(b->out, part->manifest);
        if (fwrite(j.buf, 1, j.len, fp) == j.len && fflush(fp) == 0)
            rc = 0;
        else
            snprintf(err, errlen, "cannot write '%s'", outset_path(b->out, part->manifest));
    }
    strbuf_release(&j);
    free(mo);
    return rc;
}

/* Hashes of the return's files (the temporaries are the committed files:
 * renamed, never copied), then the report and the manifests, then the
 * whole set into place. */
static enum sr_status commit(struct build *b, size_t n_return_entries)
{
    struct report_summary sum = { 0 };
    char err[1024];
    size_t n = outset_count(b->out);

    b->sha = xcalloc(n, sizeof *b->sha);
    for (size_t i = 0; i < n_return_entries; i++)
        if (outset_fp(b->out, i) && sha256_file_hex(outset_tmp_path(b->out, i), b->sha[i], err, sizeof err) != 0) {
            sr_error("%s", err);
            return SR_OUTPUT;
        }
    if (b->report) {
        enum report_format fmt = REPORT_CSV;
        size_t entry = n_return_entries;
        report_format_parse(b->report_format, &fmt);
        report_get_summary(b->report, &sum);
        if (outset_open(b->out, entry, err, sizeof err) != 0
            || report_write(b->report, outset_fp(b->out, entry), fmt, false, err, sizeof err) != 0) {
            sr_error("the validation report could not be written: %s", err);
            return SR_OUTPUT;
        }
    }
    for (size_t p = 0; p < b->n_parts; p++)
        if (write_manifest(b, p, &sum, err, sizeof err) != 0) {
            sr_error("the manifest could not be written: %s", err);
            return SR_OUTPUT;
        }
    if (outset_commit(b->out, err, sizeof err) != 0) {
        sr_error("%s", err);
        if (outset_replaced_lost(b->out))
            sr_detail("nothing of this run was kept; files it replaced (--force) are gone");
        return SR_OUTPUT;
    }
    return SR_OK;
}

enum sr_status pipeline_build(const struct return_kind *k, const struct build_request *req)
{
    const struct return_builder *rb = k->builder;
    struct build b;
    struct strbuf sb = STRBUF_INIT;
    enum sr_status st;
    size_t n_return_entries = 0;

    build_init(&b, req);
    if ((st = rb->setup(&b)) != SR_OK || (st = load_keys(&b)) != SR_OK)
        goto cleanup;
    n_return_entries = outset_count(b.out);
    if ((st = declare_outputs(&b)) != SR_OK || (st = connect_snapshot(&b)) != SR_OK || (st = open_source(rb, &b)) != SR_OK
        || (st = open_outputs(&b, n_return_entries)) != SR_OK || (st = stream(rb, &b)) != SR_OK)
        goto cleanup;
    if (b.defects.n) {
        rb->defects_summary(&b);
        defect_log_note_shown(&b.defects);
        st = SR_SOURCE_DATA;
        goto cleanup;
    }
    log_phase_begin("check");
    if ((st = rb->finish(&b)) != SR_OK)
        goto cleanup;
    narrate_checked(&b);
    db_rollback(b.db, &sb);
    log_phase_begin("commit");
    if ((st = commit(&b, n_return_entries)) != SR_OK)
        goto cleanup;
    log_phase_end("%zu file%s renamed into place together", outset_count(b.out), outset_count(b.out) == 1 ? "" : "s");
    rb->summary(&b);
    st = SR_OK;
    if (b.report) {
        struct report_summary sum;
        report_get_summary(b.report, &sum);
        if (sum.errors)
            st = SR_RULE_ERRORS;
    }
    if (rb->outcome)
        st = rb->outcome(&b);

cleanup:
    build_release(rb, &b);
    strbuf_release(&sb);
    return st;
}
