/*
 * The Supporting Families builder (returns/return_kind.h): the NIS and FPD
 * files for one period, from the replica, one record pass per file.
 *
 *   layouts (= policies) --> contract check --> family structure check
 *     --> per file: one cursor over the population, ordered by person id
 *         --> treatments (pseudonymise, generalise, drop) and format checks
 *         --> CSV rows into an outfile temporary (FPD: sorted by person key)
 *     --> every file checked against its layout --> committed by the
 *         pipeline with a run manifest beside each file
 *
 * Both files come from one read-only snapshot, so a scheduled job that
 * builds them together (the default, --kind both) gets two files that
 * agree.  Nothing is committed unless every person of every file can be
 * written: a family with no members, a person in two families, or a value
 * outside its column's format (a measure out of range, a missing required
 * value) is reported by family or person id and field, never by value,
 * and no file is written (exit 6).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "returns/families/families.h"
#include "returns/families/families_kind.h"
#include "io/csv.h"

static const char usage_text[] =
    "usage: statreturn build families --period YYYY-MM [options]\n"
          "\n"
          "Builds the Supporting Families National Impact Study (NIS) and Family Progress\n"
          "Data (FPD) files for one period from the replica, in one snapshot.\n"
          "\n"
          "\n"
          "Writes families_nis_PERIOD_LA.csv and families_fpd_PERIOD_LA.csv (mode 0600), each\n"
          "with a _manifest.json.  Exit status as for build cin (6: data defects, nothing written).\n";
static const struct option_help option_help[] = {
    { "la", NULL, "three-digit LA code, in the file names (config: la)" },
    { "key-file", NULL, "the programme's pseudonymisation key, for the FPD\n(mode 0600; config: key_file.families)" },
    { NULL, NULL, NULL },
};

/* Rows of a file whose key is a pseudonym are held and sorted by it, so
 * that their order reveals nothing of the council's id order. */
struct held_row {
    size_t key, line;        /* offsets in the pool */
};

struct fam_output {
    enum families_kind kind;
    struct families_layout layout;
    bool loaded;
    struct families_period period;
    struct strbuf path;
    size_t entry;            /* in the output set */
    bool sort;
    struct strbuf pool;
    struct held_row *held;
    size_t n_held, cap_held;
    struct id_set *families;
    size_t people, opted_out, measure_values;
};

struct fam_build {
    struct build *b;
    struct fam_output outs[FAM__KINDS];
    size_t n_outs;
    bool have_cla;
    struct families_source *src;     /* of the current pass */
    struct families_row row;
    struct strbuf line, key, prev;
};

static void on_defect(void *opaque, const char *who, const char *id, const char *field, const char *problem)
{
    struct fam_build *fb = opaque;
    defect_log_add(&fb->b->defects, "%s %s: %s %s", who, id, field, problem);
}

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

static const char *config_value(const struct fam_output *o, const struct fam_column *c, const char *la)
{
    if (c->source == FS_PERIOD)
        return o->period.label;
    if (c->source == FS_LA)
        return la;
    return NULL;
}

/* One person's row as CSV in line (CRLF-terminated), its key in key.
 * Problems go to the defect log. */
static void render_row(struct fam_build *fb, struct fam_output *o, const struct families_row *row,
                       const struct pseudo_key *pk)
{
    const struct families_layout *l = &o->layout;
    struct strbuf v = STRBUF_INIT, msg = STRBUF_INIT;

    strbuf_reset(&fb->line);
    strbuf_reset(&fb->key);
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        const char *raw = families_column_reads(c) ? row->values[i] : config_value(o, c, fb->b->req->la);
        strbuf_reset(&v);
        const char *why = families_treat_value(c, pk, raw, &v);
        if (why) {
            strbuf_reset(&msg);
            strbuf_addf(&msg, "%s (column %s, format %s)", why, c->name, c->format.spec);
            on_defect(fb, "person", row->person_id ? row->person_id : "(no id)", l->fields[i].source, msg.buf);
        }
        if (c->source == FS_MEASURE && v.len)
            o->measure_values++;
        if (i)
            strbuf_addch(&fb->line, ',');
        csv_cell(&fb->line, v.buf, 0);   /* a return file: values never altered */
        if (c->unique) {
            if (fb->key.len)
                strbuf_addch(&fb->key, ',');
            strbuf_addstr(&fb->key, v.buf);
        }
    }
    strbuf_addstr(&fb->line, "\r\n");
    strbuf_release(&v);
    strbuf_release(&msg);
}

struct sorted_row {
    const char *key, *line;
};

static int cmp_sorted(const void *a, const void *b)
{
    const struct sorted_row *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* Writes the held rows in key order (the pool no longer grows, so its
 * offsets can become pointers). */
static int write_held(struct fam_output *o, FILE *fp)
{
    struct sorted_row *v = xcalloc(o->n_held ? o->n_held : 1, sizeof *v);
    int rc = 0;

    for (size_t i = 0; i < o->n_held; i++) {
        v[i].key = o->pool.buf + o->held[i].key;
        v[i].line = o->pool.buf + o->held[i].line;
    }
    qsort(v, o->n_held, sizeof *v, cmp_sorted);
    for (size_t i = 0; i < o->n_held && rc == 0; i++) {
        size_t n = strlen(v[i].line);
        if (fwrite(v[i].line, 1, n, fp) != n)
            rc = -1;
    }
    free(v);
    free(o->held);
    o->held = NULL;
    o->n_held = o->cap_held = 0;
    strbuf_release(&o->pool);
    return rc;
}

struct backstop {
    size_t n;
};

static void on_finding(void *opaque, const struct finding *f)
{
    struct backstop *b = opaque;
    if (b->n < 20)
        sr_detail("row %zu (line %u): %s [%s]", f->child_position, f->line, f->path, f->rule->code);
    b->n++;
}

/* --kind: which files, in the order they are built. */
static enum sr_status choose_files(struct fam_build *fb, const char *kind)
{
    if (!strcmp(kind, "both")) {
        fb->outs[fb->n_outs++].kind = FAM_NIS;
        fb->outs[fb->n_outs++].kind = FAM_FPD;
    } else if (!strcmp(kind, "nis")) {
        fb->outs[fb->n_outs++].kind = FAM_NIS;
    } else if (!strcmp(kind, "fpd")) {
        fb->outs[fb->n_outs++].kind = FAM_FPD;
    } else {
        sr_error("--kind is nis, fpd or both, not '%s'", kind);
        return SR_USAGE;
    }
    return SR_OK;
}

/* A file's layout (its policy) and period. */
static enum sr_status load_layout(struct fam_build *fb, struct fam_output *out, const char *purposes)
{
    const struct build_request *req = fb->b->req;
    const char *kn = families_kind_name(out->kind);
    struct strbuf path = STRBUF_INIT;
    char err[1024];
    enum sr_status st = SR_OK;

    if (req->layout_dir) {
        strbuf_addf(&path, "%s/layout_%s.conf", req->layout_dir, kn);
    } else {
        struct strbuf rel = STRBUF_INIT;
        strbuf_addf(&rel, "specs/families/layout_%s.conf", kn);
        sr_data_path(&path, rel.buf);
        strbuf_release(&rel);
    }
    if (families_layout_load(&out->layout, path.buf, purposes, out->kind, err, sizeof err) != 0) {
        sr_error("layout rejected: %s", err);
        st = SR_CONFIG;
    } else {
        out->loaded = true;
        if (!strcmp(req->period, "previous")) {
            families_period_previous(today(), out->layout.period_months, &out->period);
        } else if (families_period_parse(req->period, out->layout.period_months, &out->period, err,
                                         sizeof err) != 0) {
            sr_error("--period: %s", err);
            st = SR_USAGE;
        }
    }
    strbuf_release(&path);
    return st;
}

static enum sr_status setup(struct build *b)
{
    const struct build_request *req = b->req;
    struct fam_build *fb = xcalloc(1, sizeof *fb);
    struct strbuf purposes = STRBUF_INIT;
    enum sr_status st = SR_OK;

    b->state = fb;
    fb->b = b;
    strbuf_init(&fb->line, 0);
    strbuf_init(&fb->key, 0);
    strbuf_init(&fb->prev, 0);
    if (!req->period) {
        sr_error("--period is required (the period's last month, e.g. 2025-03, or 'previous')");
        return SR_USAGE;
    }
    if ((st = choose_files(fb, req->kind ? req->kind : "both")) != SR_OK)
        return st;
    sr_data_path(&purposes, "specs/purposes.conf");
    for (size_t i = 0; i < fb->n_outs && st == SR_OK; i++) {
        struct fam_output *out = &fb->outs[i];
        struct build_part *part = &b->parts[i];
        const char *kn = families_kind_name(out->kind);
        if ((st = load_layout(fb, out, purposes.buf)) != SR_OK)
            break;
        for (size_t k = 0; k < out->layout.n_cols; k++)
            out->sort |= out->layout.cols[k].unique && out->layout.cols[k].treatment == TR_PSEUDONYMISE;
        out->families = id_set_new();
        strbuf_init(&out->pool, 0);
        strbuf_init(&out->path, 0);
        strbuf_addf(&out->path, "%s/families_%s_%s_%s.csv", req->output_dir, kn, out->period.label, req->la);
        strbuf_addf(&part->manifest_path, "%s/families_%s_%s_%s_manifest.json", req->output_dir, kn,
                    out->period.label, req->la);
        out->entry = outset_file(b->out, out->path.buf);
        build_part_set(part, out->kind == FAM_NIS ? "families-nis" : "families-fpd", out->period.label,
                       &out->layout.policy, out->entry, 1);
        part->label = kn;
        part->noun = "layout";
        part->treats = "columns";
        b->n_parts++;
    }
    strbuf_release(&purposes);
    b->n_passes = fb->n_outs;
    b->defects.heading = "replica data that cannot be written as Supporting Families files (family or person: "
                         "field problem):";
    return st;
}

/* The contract, the measures each layout names, the optional looked-after
 * table, and the family structure (each problem named once). */
static enum sr_status open_source(struct build *b)
{
    struct fam_build *fb = b->state;
    const struct families_layout *ls[FAM__KINDS];
    struct strbuf sb = STRBUF_INIT;
    struct id_set *seen = id_set_new();
    enum sr_status st = SR_OK;
    enum db_status dst;

    for (size_t i = 0; i < fb->n_outs; i++)
        ls[i] = &fb->outs[i].layout;
    if ((dst = families_contract(b->db, ls, fb->n_outs, &fb->have_cla, &sb)) != DB_OK) {
        sr_error("%s", sb.buf);
        st = db_sr_status(dst);
        goto out;
    }
    for (size_t i = 0; i < fb->n_outs; i++) {
        const struct families_layout *l = &fb->outs[i].layout;
        strbuf_reset(&sb);
        size_t bad = families_check_measures(b->db, l, &sb);
        if (bad) {
            sr_error(bad == (size_t)-1 ? "%s" : "layout rejected: %s", sb.buf);
            st = bad == (size_t)-1 ? SR_DATABASE : SR_CONFIG;
            goto out;
        }
        for (size_t k = 0; !fb->have_cla && k < l->n_cols; k++)
            if (l->cols[k].source == FS_FLAG_LAC && families_column_reads(&l->cols[k]))
                sr_warn("the replica has no ssd_cla_episodes table (SSDA903 tables): column '%s' of the %s file "
                        "is left empty", l->cols[k].name, families_kind_name(fb->outs[i].kind));
    }
    for (size_t i = 0; i < fb->n_outs; i++) {
        strbuf_reset(&sb);
        if (families_check_structure(b->db, &fb->outs[i].layout, &fb->outs[i].period, seen, on_defect, fb,
                                     &sb) < 0) {
            sr_error("reading the replica failed: %s", sb.buf);
            st = SR_DATABASE;
            goto out;
        }
    }
out:
    id_set_free(seen);
    strbuf_release(&sb);
    return st;
}

/* File p's population, and its header row. */
static enum sr_status begin(struct build *b, size_t p)
{
    struct fam_build *fb = b->state;
    struct fam_output *o = &fb->outs[p];
    struct strbuf sb = STRBUF_INIT;
    enum db_status dst;
    enum sr_status st = SR_OK;

    dst = families_source_open(&fb->src, b->db, &o->layout, &o->period, fb->have_cla, b->req->fetch_batch, &sb);
    if (dst != DB_OK) {
        sr_error("%s", sb.buf);
        st = db_sr_status(dst);
    } else {
        strbuf_reset(&sb);
        families_layout_header(&o->layout, &sb);
        strbuf_addstr(&sb, "\r\n");
        if (fwrite(sb.buf, 1, sb.len, outset_fp(b->out, o->entry)) != sb.len) {
            sr_error("cannot write '%s': %s", outset_path(b->out, o->entry), strerror(errno));
            st = SR_OUTPUT;
        }
    }
    strbuf_reset(&fb->prev);
    strbuf_release(&sb);
    return st;
}

/* The next person to write: a second row of the same person is never
 * written (the structure check names it), and people who opted out are
 * counted and left out. */
static int next(struct build *b, size_t p, struct arena *a, void **rec, struct strbuf *err, enum db_status *why)
{
    struct fam_build *fb = b->state;
    int r;

    (void)a;
    while ((r = families_source_next(fb->src, &fb->row, err)) == 1) {
        const char *pid = fb->row.person_id ? fb->row.person_id : "";
        if (fb->prev.len && !strcmp(fb->prev.buf, pid))
            continue;
        strbuf_reset(&fb->prev);
        strbuf_addstr(&fb->prev, pid);
        if (fb->row.opted_out) {
            fb->outs[p].opted_out++;
            continue;
        }
        *rec = &fb->outs[p];
        return 1;
    }
    if (r < 0)
        *why = families_source_status(fb->src);
    return r;
}

static size_t part_of(const struct fam_build *fb, const struct fam_output *o)
{
    return (size_t)(o - fb->outs);
}

static void treat(struct build *b, struct arena *a, void *rec)
{
    struct fam_build *fb = b->state;
    struct fam_output *o = rec;

    (void)a;
    render_row(fb, o, &fb->row, build_key(b, part_of(fb, o)));
    o->people++;
    id_set_add(o->families, fb->row.family_id ? fb->row.family_id : "", 0, 0, NULL, NULL);
}

static enum sr_status write_row(struct build *b, void *rec)
{
    struct fam_build *fb = b->state;
    struct fam_output *o = rec;

    if (o->sort) {
        ALLOC_GROW(o->held, o->n_held, o->cap_held);
        o->held[o->n_held].key = o->pool.len;
        strbuf_add(&o->pool, fb->key.buf, fb->key.len + 1);
        o->held[o->n_held].line = o->pool.len;
        strbuf_add(&o->pool, fb->line.buf, fb->line.len + 1);
        o->n_held++;
    } else if (fwrite(fb->line.buf, 1, fb->line.len, outset_fp(b->out, o->entry)) != fb->line.len) {
        sr_error("cannot write '%s': %s", outset_path(b->out, o->entry), strerror(errno));
        return SR_OUTPUT;
    }
    return SR_OK;
}

static enum sr_status end(struct build *b, size_t p)
{
    struct fam_build *fb = b->state;
    struct fam_output *o = &fb->outs[p];

    families_source_close(fb->src);
    fb->src = NULL;
    if (o->sort && !b->defects.n && write_held(o, outset_fp(b->out, o->entry)) != 0) {
        sr_error("cannot write '%s': %s", outset_path(b->out, o->entry), strerror(errno));
        return SR_OUTPUT;
    }
    return SR_OK;
}

static void defects_summary(const struct build *b)
{
    size_t n = b->defects.n;
    sr_error("%zu problem%s in the replica's Supporting Families data; nothing was written; fix %s in the "
             "case-management system", n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
}

/* Every file against its layout before anything is committed. */
static enum sr_status finish(struct build *b)
{
    struct fam_build *fb = b->state;
    struct strbuf sb = STRBUF_INIT;
    enum sr_status st = SR_OK;

    for (size_t i = 0; i < fb->n_outs && st == SR_OK; i++) {
        struct fam_output *out = &fb->outs[i];
        struct build_part *part = &b->parts[i];
        struct backstop bs = { 0 };
        size_t rows = 0;
        if (fflush(outset_fp(b->out, out->entry)) != 0) {
            sr_error("cannot write '%s': %s", outset_path(b->out, out->entry), strerror(errno));
            st = SR_OUTPUT;
            break;
        }
        strbuf_reset(&sb);
        enum fam_validate_result vr = families_validate_with(outset_tmp_path(b->out, out->entry), &out->layout,
                                                             on_finding, &bs, &rows, &sb);
        if (vr != FAM_VALID_OK || bs.n || rows != out->people) {
            sr_error("the built %s file does not pass its layout %s; nothing was written",
                     families_kind_name(out->kind), out->layout.path);
            if (sb.len)
                sr_detail("%s", sb.buf);
            st = SR_SOURCE_DATA;
            break;
        }
        part->counts[0] = (struct manifest_count){ "people", out->people };
        part->counts[1] = (struct manifest_count){ "families", id_set_count(out->families) };
        part->counts[2] = (struct manifest_count){ "measure_values", out->measure_values };
        part->n_counts = 3;
        part->excluded[0] = (struct manifest_count){ "opted_out", out->opted_out };
        part->n_excluded = 1;
    }
    strbuf_release(&sb);
    return st;
}

static void summary(const struct build *b)
{
    const struct fam_build *fb = b->state;

    for (size_t i = 0; i < fb->n_outs; i++) {
        const struct fam_output *out = &fb->outs[i];
        sr_info("wrote %s", out->path.buf);
        sr_info("  period %s (%d months to the end of it): %zu people in %zu families; %zu opted out (left out)",
                out->period.label, out->period.months, out->people, id_set_count(out->families), out->opted_out);
        sr_info("  manifest %s (sha256 %.16s...)", b->parts[i].manifest_path.buf, b->sha[out->entry]);
    }
}

static void release(struct build *b)
{
    struct fam_build *fb = b->state;

    if (!fb)
        return;
    families_source_close(fb->src);
    for (size_t i = 0; i < fb->n_outs; i++) {
        struct fam_output *o = &fb->outs[i];
        if (o->loaded)
            families_layout_release(&o->layout);
        strbuf_release(&o->path);
        strbuf_release(&o->pool);
        free(o->held);
        if (o->families)
            id_set_free(o->families);
    }
    strbuf_release(&fb->line);
    strbuf_release(&fb->key);
    strbuf_release(&fb->prev);
    free(fb);
    b->state = NULL;
}

const struct return_builder families_builder = {
    .usage = usage_text,
    .option_help = option_help,
    .options = BUILD_OPT_PERIOD | BUILD_OPT_KIND | BUILD_OPT_LAYOUT_DIR,
    .setup = setup,
    .open = open_source,
    .begin_pass = begin,
    .end_pass = end,
    .next = next,
    .treat = treat,
    .write = write_row,
    .defects_summary = defects_summary,
    .finish = finish,
    .summary = summary,
    .release = release,
};

const struct return_kind families_kind = { "families", "Supporting Families", &families_builder, &families_shared };
