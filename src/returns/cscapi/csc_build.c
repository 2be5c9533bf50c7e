/*
 * `statreturn build csc-api`: the DfE CSC API payload for one run date
 * (returns/return_kind.h).
 *
 *   policy, cohort, DfE's OpenAPI file, the state store
 *     --> one snapshot: the cohort's children, one at a time (csc_source.c)
 *     --> each record against the schema: a record that fails is named by
 *         child and JSON path in the report and kept out (exit 9)
 *     --> a record that passes: its coded fields against the CIN census and
 *         SSDA903 code lists of the run's collection year (csc_codes.c); a
 *         code not on its list is a query, by child and JSON path, and the
 *         record is still sent
 *     --> its keyed hash against the store: new and changed children are
 *         sent, unchanged ones are not (--full sends all)
 *     --> purge records for children the store holds who have left
 *     --> batches of at most maxItems (100) children, one JSON array per
 *         line of csc_api_RUN_LA.jsonl, and the plan (batch, index, child,
 *         action, hash) that `send` acknowledges against
 *     --> committed by the pipeline with the report and the manifest.
 *
 * The build only reads the store: `send` updates it, for what DfE has
 * acknowledged.  So a build is repeatable: the same snapshot and store
 * give the same batches, byte for byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/confline.h"
#include "core/id_set.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "io/json.h"
#include "returns/cscapi/csc_api.h"
#include "returns/cscapi/csc_codes.h"
#include "returns/cscapi/csc_kind.h"
#include "returns/cscapi/csc_schema.h"

static const char usage_text[] =
    "usage: statreturn build csc-api [options]\n"
    "\n"
    "Builds the DfE children's social care (CSC) API payload for one run date: every\n"
    "child in the cohort (specs/csc-api/cohort.conf) whose record is new or changed since\n"
    "DfE last acknowledged it, purge records for children who left, in batches of at\n"
    "most 100, each record checked against DfE's OpenAPI schema.\n"
    "\n"
    "Writes csc_api_RUN_LA.jsonl (one JSON array per line: one POST each),\n"
    "csc_api_RUN_LA_plan.tsv, _validation.csv and _manifest.json, all mode 0600.\n"
    "Exit status 9 when records failed the schema (kept out; the rest written).\n";
static const struct option_help option_help[] = {
    { "policy", NULL, "data-sharing policy (default specs/csc-api/policy_dfe.conf)" },
    { "report-format", NULL, "csv (default), json, html or text" },
    { "key-file", NULL, "only when the policy pseudonymises a field (a test phase)" },
    { "output-dir", NULL, "where the payload, plan, report and manifest go\n(config: output_dir)" },
    { NULL, NULL, NULL },
};

static const struct rule schema_rule = {
    "CSC-SCHEMA", RULE_ERROR, "CSC API",
    "The record does not meet DfE's CSC API schema; it was kept out of the batches",
};

enum action { ACT_INSERT, ACT_UPDATE, ACT_PURGE, ACT__N };
static const char *const action_names[ACT__N] = { "insert", "update", "purge" };

struct csc_build {
    struct build *b;
    struct policy policy;
    bool policy_loaded;
    struct csc_cohort cohort;
    struct csc_window win;
    struct csc_schema *schema;
    struct csc_codes *codes;
    struct csc_state state;
    bool state_open;
    struct csc_source *src;
    struct strbuf base, payload_path, plan_path;
    size_t payload, plan;            /* outset entries */
    size_t max_items;
    struct id_set *seen;
    /* the batch being filled */
    struct strbuf batch, line, hash_of;
    size_t in_batch, batches;
    /* the record in hand */
    struct csc_child child;
    bool send_it;
    enum action act;
    char hash[65];
    /* counts */
    size_t children, held, unchanged, by_set[CSC_SET__N], acts[ACT__N], records;
    size_t code_queries;             /* codes not on their DfE list (queries) */
};

static sr_date today(void)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        t = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static enum sr_status load_specs(struct csc_build *cb)
{
    const struct build_request *req = cb->b->req;
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT, why = STRBUF_INIT;
    char err[1024];
    enum sr_status st = SR_CONFIG;

    sr_data_path(&purposes, "specs/purposes.conf");
    if (req->policy_path)
        strbuf_addstr(&path, req->policy_path);
    else
        sr_data_path(&path, "specs/csc-api/policy_dfe.conf");
    if (policy_load(&cb->policy, &csc_catalogue, path.buf, purposes.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto out;
    }
    cb->policy_loaded = true;
    if (csc_cohort_load(&cb->cohort, req->cohort_path, err, sizeof err) != 0) {
        sr_error("cohort settings rejected: %s", err);
        goto out;
    }
    strbuf_reset(&path);
    if (req->api_schema)
        strbuf_addstr(&path, req->api_schema);
    else
        sr_data_path(&path, "specs/csc-api/dfe_csc_api_openapi_1.0.1.json");
    if (!(cb->schema = csc_schema_load(path.buf, &why))) {
        sr_error("the CSC API schema cannot be used: %s", why.buf);
        goto out;
    }
    cb->max_items = csc_schema_max_items(cb->schema);
    if (!cb->max_items || cb->max_items > 100)
        cb->max_items = 100;
    st = SR_OK;
out:
    strbuf_release(&path);
    strbuf_release(&purposes);
    strbuf_release(&why);
    return st;
}

static enum sr_status setup(struct build *b)
{
    const struct build_request *req = b->req;
    struct csc_build *cb = xcalloc(1, sizeof *cb);
    char err[1024];
    enum sr_status st;
    sr_date run = today();

    b->state = cb;
    cb->b = b;
    strbuf_init(&cb->base, 0);
    strbuf_init(&cb->payload_path, 0);
    strbuf_init(&cb->plan_path, 0);
    strbuf_init(&cb->batch, 0);
    strbuf_init(&cb->line, 0);
    strbuf_init(&cb->hash_of, 0);
    cb->seen = id_set_new();
    if (req->run_date && !sr_date_ok(run = date_parse_iso(req->run_date))) {
        sr_error("--run-date takes a date as YYYY-MM-DD, not '%s'", req->run_date);
        return SR_USAGE;
    }
    if ((st = load_specs(cb)) != SR_OK)
        return st;
    struct strbuf why = STRBUF_INIT;
    cb->codes = csc_codes_load(csc_codes_year_of(run), &why);
    if (!cb->codes) {
        sr_error("%s", why.buf);
        strbuf_release(&why);
        return SR_CONFIG;
    }
    strbuf_release(&why);
    csc_window_of(&cb->cohort, run, &cb->win);
    if (csc_state_open(&cb->state, req->state_dir ? req->state_dir : req->output_dir, req->la, true, err,
                       sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    cb->state_open = true;
    csc_run_name(&cb->base, cb->win.run_iso, req->la);
    strbuf_addf(&cb->payload_path, "%s/%s.jsonl", req->output_dir, cb->base.buf);
    strbuf_addf(&cb->plan_path, "%s/%s_plan.tsv", req->output_dir, cb->base.buf);
    strbuf_addf(&b->report_path, "%s/%s_validation.%s", req->output_dir, cb->base.buf,
                !strcmp(req->report_format, "text") ? "txt" : req->report_format);
    strbuf_addf(&b->parts[0].manifest_path, "%s/%s_manifest.json", req->output_dir, cb->base.buf);
    cb->payload = outset_file(b->out, cb->payload_path.buf);
    cb->plan = outset_file(b->out, cb->plan_path.buf);
    build_part_set(&b->parts[0], "csc-api", cb->win.run_iso, &cb->policy, 0, 2);
    b->n_parts = 1;
    b->report = report_new(NULL, 0);
    b->report_format = req->report_format;
    b->defects.heading = "replica data that cannot be sent to the CSC API:";
    return SR_OK;
}

static enum sr_status open_source(struct build *b)
{
    struct csc_build *cb = b->state;
    struct strbuf sb = STRBUF_INIT;
    enum db_status dst;
    enum sr_status st = SR_OK;

    report_begin_file(b->report, cb->payload_path.buf, "CSC API");
    dst = csc_source_open(&cb->src, b->db, &cb->policy, build_key(b, 0), &cb->cohort, &cb->win, b->req->fetch_batch,
                          &sb);
    if (dst == DB_MISSING) {
        sr_error("%s", sb.buf);
        st = db_sr_status(dst);
    } else if (dst != DB_OK) {
        sr_error("cannot read the CSC API cohort from the replica: %s", sb.buf);
        st = db_sr_status(dst);
    }
    strbuf_release(&sb);
    return st;
}

static int next(struct build *b, size_t pass, struct arena *a, void **rec, struct strbuf *err, enum db_status *why)
{
    struct csc_build *cb = b->state;
    (void)pass;
    int r = csc_source_next(cb->src, a, &cb->child, err);
    if (r < 0)
        *why = csc_source_status(cb->src);
    *rec = &cb->child;
    return r;
}

struct held_ctx {
    struct csc_build *cb;
    const struct csc_child *ch;
};

/* A finding about the child being checked, by JSON path, never the value. */
static void child_finding(const struct held_ctx *h, const struct rule *rule, const char *path, const char *problem)
{
    struct finding f = { 0 };
    f.rule = rule;
    f.referral_date = SR_DATE_NONE;
    f.la_child_id = h->ch->id;
    f.source_key = h->ch->person_id;
    f.child_position = h->cb->children;
    f.path = path;
    f.message = problem;
    report_finding(h->cb->b->report, &f);
}

static void on_schema_failure(void *ctx, const char *path, const char *problem)
{
    child_finding(ctx, &schema_rule, path, problem);
}

/* A code not on its DfE list: a query, the record still goes out. */
static void on_code_query(void *ctx, const char *path, const char *problem)
{
    child_finding(ctx, &csc_code_rule, path, problem);
}

/* Schema, then change: whether and how this child goes out. */
static void treat(struct build *b, struct arena *a, void *rec)
{
    struct csc_build *cb = b->state;
    struct csc_child *ch = rec;
    struct held_ctx h = { cb, ch };
    size_t fails = 0;

    (void)a;
    cb->children++;
    cb->send_it = false;
    for (int i = 0; i < CSC_SET__N; i++)
        cb->by_set[i] += ch->in_set[i];
    id_set_add(cb->seen, ch->id, 0, 0, NULL, NULL);
    if (ch->n_problems) {
        char *pos = ch->problems->buf, *line;
        while ((line = confline_word(&pos, "\n")) != NULL) {
            char *tab = strchr(line, '\t');
            if (tab)
                *tab++ = '\0';
            on_schema_failure(&h, line, tab ? tab : "");
        }
        fails += ch->n_problems;
    }
    fails += csc_schema_check_record(cb->schema, ch->rec, "", on_schema_failure, &h);
    /* Queries only, and only on a record the schema lets through (one it
     * refuses is kept out, its errors first): whether a record is sent is
     * the schema's to say, not the code lists'. */
    if (!fails)
        cb->code_queries += csc_codes_check_record(cb->codes, ch->rec, "", on_code_query, &h);
    report_child(b->report);
    if (fails) {
        cb->held++;
        return;
    }
    csc_state_hash(&cb->state, ch->rec, cb->hash);
    const struct csc_state_entry *e = csc_state_find(&cb->state, ch->id);
    if (e && e->status == CSC_ACCEPTED && !strcmp(e->hash, cb->hash) && !b->req->full) {
        cb->unchanged++;
        return;
    }
    cb->act = e && e->status != CSC_PURGED ? ACT_UPDATE : ACT_INSERT;
    cb->send_it = true;
}

static enum sr_status write_out(struct csc_build *cb, size_t entry, const struct strbuf *sb)
{
    FILE *fp = outset_fp(cb->b->out, entry);
    if (fwrite(sb->buf, 1, sb->len, fp) != sb->len) {
        sr_error("cannot write '%s': %s", outset_tmp_path(cb->b->out, entry), strerror(errno));
        return SR_OUTPUT;
    }
    return SR_OK;
}

/* The batch so far as one line of the payload. */
static enum sr_status flush_batch(struct csc_build *cb)
{
    if (!cb->in_batch)
        return SR_OK;
    strbuf_addstr(&cb->batch, "]\n");
    enum sr_status st = write_out(cb, cb->payload, &cb->batch);
    strbuf_reset(&cb->batch);
    cb->in_batch = 0;
    cb->batches++;
    return st;
}

/* One record (its JSON in line) into the batch, and its plan line. */
static enum sr_status add_record(struct csc_build *cb, const char *id, enum action act, const char *hash)
{
    struct strbuf plan = STRBUF_INIT;
    enum sr_status st;

    strbuf_addch(&cb->batch, cb->in_batch ? ',' : '[');
    strbuf_add(&cb->batch, cb->line.buf, cb->line.len);
    strbuf_addf(&plan, "%zu\t%zu\t%s\t%s\t%s\n", cb->batches + 1, cb->in_batch, id, action_names[act], hash);
    st = write_out(cb, cb->plan, &plan);
    strbuf_release(&plan);
    cb->acts[act]++;
    cb->records++;
    if (st == SR_OK && ++cb->in_batch == cb->max_items)
        st = flush_batch(cb);
    return st;
}

static enum sr_status write_rec(struct build *b, void *rec)
{
    struct csc_build *cb = b->state;
    struct csc_child *ch = rec;

    if (!cb->send_it)
        return SR_OK;
    strbuf_reset(&cb->line);
    jv_write(&cb->line, ch->rec, NULL);
    return add_record(cb, ch->id, cb->act, cb->hash);
}

static void defects_summary(const struct build *b)
{
    sr_error("%zu problem%s in the replica's data; nothing was written", b->defects.n, b->defects.n == 1 ? "" : "s");
}

/* Purge records for children the store holds who are no longer in the
 * cohort (left it, or the replica), in id order. */
static enum sr_status add_purges(struct csc_build *cb)
{
    struct csc_state *st = &cb->state;
    enum sr_status s = SR_OK;

    csc_state_sort(st);
    for (size_t i = 0; i < st->n && s == SR_OK; i++) {
        const struct csc_state_entry *e = &st->e[i];
        if (e->status == CSC_PURGED || id_set_add(cb->seen, e->id, 0, 0, NULL, NULL))
            continue;
        strbuf_reset(&cb->line);
        strbuf_addstr(&cb->line, "{\"la_child_id\":");
        json_add_string(&cb->line, e->id);
        strbuf_addstr(&cb->line, ",\"purge\":true}");
        s = add_record(cb, e->id, ACT_PURGE, e->hash);
    }
    return s;
}

static enum sr_status finish(struct build *b)
{
    struct csc_build *cb = b->state;
    struct build_part *part = &b->parts[0];
    enum sr_status st;

    if ((st = add_purges(cb)) != SR_OK || (st = flush_batch(cb)) != SR_OK)
        return st;
    report_set_children(b->report, cb->children);
    size_t k = 0;
    part->counts[k++] = (struct manifest_count){ "children_in_cohort", cb->children };
    for (int i = 0; i < CSC_SET__N; i++)
        if (cb->cohort.include[i])
            part->counts[k++] = (struct manifest_count){ csc_set_name(i), cb->by_set[i] };
    part->counts[k++] = (struct manifest_count){ "records", cb->records };
    part->counts[k++] = (struct manifest_count){ "inserts", cb->acts[ACT_INSERT] };
    part->counts[k++] = (struct manifest_count){ "updates", cb->acts[ACT_UPDATE] };
    part->counts[k++] = (struct manifest_count){ "purges", cb->acts[ACT_PURGE] };
    part->counts[k++] = (struct manifest_count){ "unchanged", cb->unchanged };
    part->counts[k++] = (struct manifest_count){ "batches", cb->batches };
    part->n_counts = k;
    part->excluded[0] = (struct manifest_count){ "failed_schema", cb->held };
    part->n_excluded = 1;
    /* Rows, not children: what each episode block left out for want of
     * an episode to put it in (csc_source.c says how a row is tied). */
    const char *block;
    size_t n;
    part->group_name = "not_tied_to_an_episode";
    for (k = 0; k < sizeof part->group / sizeof part->group[0] && csc_source_not_tied(cb->src, k, &block, &n); k++)
        part->group[k] = (struct manifest_count){ block, n };
    part->n_group = k;
    return SR_OK;
}

static void summary(const struct build *b)
{
    const struct csc_build *cb = b->state;
    sr_info("wrote %s (%zu batch%s, schema %s)", cb->payload_path.buf, cb->batches, cb->batches == 1 ? "" : "es",
            csc_schema_version(cb->schema));
    sr_info("  window %s to %s: %zu children in the cohort; %zu new, %zu changed, %zu unchanged (not sent), "
            "%zu purge%s", cb->win.start_iso, cb->win.end_iso, cb->children, cb->acts[ACT_INSERT],
            cb->acts[ACT_UPDATE], cb->unchanged, cb->acts[ACT_PURGE], cb->acts[ACT_PURGE] == 1 ? "" : "s");
    /* the rows each episode block left out, as the manifest counts them */
    const struct build_part *part = &b->parts[0];
    size_t not_tied = 0;
    struct strbuf by = STRBUF_INIT;
    for (size_t i = 0; i < part->n_group; i++)
        if (part->group[i].value) {
            strbuf_addf(&by, "%s%zu %s", by.len ? ", " : "", part->group[i].value, part->group[i].name);
            not_tied += part->group[i].value;
        }
    if (not_tied)
        sr_warn("%zu row%s of the cohort's children tied to no CIN episode in the window and left out, as DfE's "
                "schema has %s only inside an episode (%s); the manifest counts %s (not_tied_to_an_episode)",
                not_tied, not_tied == 1 ? "" : "s", not_tied == 1 ? "it" : "them", by.buf,
                not_tied == 1 ? "it" : "them");
    strbuf_release(&by);
    if (cb->code_queries)
        sr_warn("%zu code%s not on the DfE code list of %s field (sent all the same, as DfE's schema takes "
                "%s): see %s", cb->code_queries, cb->code_queries == 1 ? " is" : "s are",
                cb->code_queries == 1 ? "its" : "their", cb->code_queries == 1 ? "it" : "them", b->report_path.buf);
    if (cb->held)
        sr_warn("%zu record%s failed DfE's schema and %s kept out: see %s", cb->held, cb->held == 1 ? "" : "s",
                cb->held == 1 ? "was" : "were", b->report_path.buf);
    sr_info("  plan %s; manifest %s", cb->plan_path.buf, b->parts[0].manifest_path.buf);
}

static enum sr_status outcome(const struct build *b)
{
    const struct csc_build *cb = b->state;
    return cb->held ? SR_RECORDS_HELD : SR_OK;
}

static void release(struct build *b)
{
    struct csc_build *cb = b->state;
    if (!cb)
        return;
    csc_source_close(cb->src);
    if (cb->policy_loaded)
        policy_release(&cb->policy);
    csc_cohort_release(&cb->cohort);
    csc_schema_free(cb->schema);
    csc_codes_free(cb->codes);
    if (cb->state_open)
        csc_state_release(&cb->state);
    id_set_free(cb->seen);
    strbuf_release(&cb->base);
    strbuf_release(&cb->payload_path);
    strbuf_release(&cb->plan_path);
    strbuf_release(&cb->batch);
    strbuf_release(&cb->line);
    strbuf_release(&cb->hash_of);
    free(cb);
    b->state = NULL;
}

const struct return_builder csc_builder = {
    .usage = usage_text,
    .option_help = option_help,
    .options = BUILD_OPT_RUN_DATE | BUILD_OPT_STATE_DIR | BUILD_OPT_FULL | BUILD_OPT_COHORT | BUILD_OPT_API_SCHEMA
             | BUILD_OPT_POLICY | BUILD_OPT_REPORT_FORMAT,
    .setup = setup,
    .open = open_source,
    .next = next,
    .treat = treat,
    .write = write_rec,
    .defects_summary = defects_summary,
    .finish = finish,
    .summary = summary,
    .outcome = outcome,
    .release = release,
};

const struct return_kind csc_kind = { "csc-api", "DfE CSC API feed", &csc_builder, &csc_shared };
