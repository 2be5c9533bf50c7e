/*
 * `statreturn report families --period YYYY-MM`: the data protection
 * officer's dry-run report of what the Supporting Families files share.
 * It writes no return.
 *
 * For each file (recipient) the layout names: every column with its
 * replica source, treatment (and the key's fingerprint when pseudonymised),
 * purpose in the words of the privacy notice, lawful basis and whether it
 * is special category data; and, from the replica, how many people carry a
 * value in it, how many are blank and how many distinct values are shared.
 * Totals: people and families in the file, people left out because they
 * opted out, and the cohorts included.  It reads the replica through the
 * same population query and the same treatments as the build
 * (families_source.c, families_treat_value), so its counts are the
 * build's.  No personal value appears in any format; counts from 1 to 9
 * show as "<10", as in `statreturn report cin`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/config.h"
#include "returns/families/families.h"
#include "returns/families/families_kind.h"
#include "io/json_writer.h"
#include "privacy/dpo_html.h"
#include "core/log.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "core/xalloc.h"

struct col_stats {
    size_t present, blank, unfit;
    struct id_set *distinct;
};

struct rsec {
    enum families_kind kind;
    struct families_layout layout;
    bool loaded;
    struct families_period period;
    struct pseudo_key key;
    char key_note[1024];
    struct col_stats *stats;
    struct id_set *families;
    size_t people, opted_out;
};

struct ropts {
    const char *period, *kind, *la, *layout_dir, *key_file, *key_env;
    bool offline;
};

static const char usage_text[] =
    "usage: statreturn report families --period YYYY-MM [options]\n"
          "\n"
          "What the Supporting Families NIS and FPD files share, column by column, for a data\n"
          "protection officer.  Writes no return and shows no personal value (counts 1-9: <10).\n";
static const struct option_help option_help[] = {
    { "offline", NULL, "the layouts only: no database, no counts" },
    { "format", NULL, "text (default), md, json or html" },
    { NULL, NULL, NULL },
};

static void count(struct strbuf *sb, size_t n)
{
    if (n > 0 && n < 10)
        strbuf_addstr(sb, "<10");
    else
        strbuf_addf(sb, "%zu", n);
}

static const char *treatment_words(const struct rsec *s, enum treatment t, char buf[1100])
{
    switch (t) {
    case TR_CLEAR: return "in clear";
    case TR_PSEUDONYMISE:
        snprintf(buf, 1100, "pseudonymised (HMAC-SHA256, key %s)", s->key.bytes ? s->key.fingerprint : s->key_note);
        return buf;
    case TR_MONTH: return "generalised: date moved to the 1st of its month";
    case TR_SECTOR: return "generalised: postcode cut to its sector";
    case TR_DROP: return "dropped (column left empty, nothing read)";
    case TR__COUNT: break;
    }
    return "?";
}

static void cohorts_words(const struct families_layout *l, struct strbuf *o)
{
    for (size_t i = 0; i < l->n_cohorts; i++)
        strbuf_addf(o, "%s%s", i ? ", " : "", l->cohorts[i]);
}

static void opt_out_words(const struct families_layout *l, struct strbuf *o)
{
    if (!l->n_opt_out)
        strbuf_addstr(o, "none");
    for (size_t i = 0; i < l->n_opt_out; i++)
        strbuf_addf(o, "%s%s", i ? ", " : "", l->opt_out[i]);
}

static void render_text(struct strbuf *o, const struct rsec *secs, size_t n, const struct ropts *opt,
                        const char *snapshot, bool markdown)
{
    char tb[1100];
    strbuf_addf(o, "%sstatreturn report: Supporting Families, period %s, LA %s%s\n", markdown ? "# " : "",
                opt->period ? opt->period : "(none)", opt->la ? opt->la : "(not given)",
                opt->offline ? " (layouts only: --offline)" : "");
    if (!opt->offline)
        strbuf_addf(o, "%sReplica snapshot %s. No file was written. Counts 1-9 are shown as <10.\n",
                    markdown ? "\n" : "", snapshot);
    for (size_t k = 0; k < n; k++) {
        const struct rsec *s = &secs[k];
        const struct families_layout *l = &s->layout;
        const struct policy *p = &l->policy;
        strbuf_addf(o, "\n%s%s file: %s (layout %s %s, %s)\n", markdown ? "## " : "== ",
                    families_kind_name(s->kind), p->recipient, p->name, p->version, l->path);
        strbuf_addf(o, "%sCohorts: ", markdown ? "\n- " : "  ");
        cohorts_words(l, o);
        strbuf_addf(o, "; opt-outs that exclude a person: ");
        opt_out_words(l, o);
        if (s->period.months)
            strbuf_addf(o, "; period %s, %d months", s->period.label, s->period.months);
        strbuf_addch(o, '\n');
        if (!opt->offline) {
            strbuf_addstr(o, markdown ? "- People in the file: " : "  People in the file: ");
            count(o, s->people);
            strbuf_addstr(o, ", families: ");
            count(o, s->families ? id_set_count(s->families) : 0);
            strbuf_addstr(o, "; left out (opted out): ");
            count(o, s->opted_out);
            strbuf_addch(o, '\n');
        }
        /* The purposes, quoted once. */
        for (size_t u = 0; u < p->purposes.n; u++) {
            const struct purpose *pu = &p->purposes.items[u];
            bool used = false;
            for (size_t i = 0; i < l->n_cols; i++)
                used |= p->entries[i].purpose == pu && p->entries[i].treatment != TR_DROP;
            if (!used)
                continue;
            strbuf_addf(o, "%sPurpose %s: %s\n%sLawful basis: %s\n", markdown ? "- " : "  ", pu->id, pu->notice,
                        markdown ? "- " : "  ", pu->basis);
            if (pu->special_basis)
                strbuf_addf(o, "%sSpecial category condition: %s\n", markdown ? "- " : "  ", pu->special_basis);
        }
        if (markdown)
            strbuf_addstr(o, "\n| column | source | treatment | purpose | special | with a value | blank | distinct |\n"
                             "|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < l->n_cols; i++) {
            const struct fam_column *c = &l->cols[i];
            const struct col_stats *st = &s->stats[i];
            const char *purpose = p->entries[i].purpose ? p->entries[i].purpose->id : "-";
            if (markdown)
                strbuf_addf(o, "| %s | %s | %s | %s | %s | ", c->name, l->fields[i].source,
                            treatment_words(s, c->treatment, tb), purpose, c->special ? "yes" : "no");
            else
                strbuf_addf(o, "  %-26s %-48s %s; purpose %s%s", c->name, l->fields[i].source,
                            treatment_words(s, c->treatment, tb), purpose, c->special ? "; special category" : "");
            if (opt->offline) {
                strbuf_addstr(o, markdown ? "- | - | - |\n" : "\n");
                continue;
            }
            strbuf_addstr(o, markdown ? "" : "\n      with a value ");
            count(o, st->present);
            strbuf_addstr(o, markdown ? " | " : ", blank ");
            count(o, st->blank);
            strbuf_addstr(o, markdown ? " | " : ", distinct ");
            count(o, st->distinct ? id_set_count(st->distinct) : 0);
            if (st->unfit && !markdown) {
                strbuf_addstr(o, "; not fitting the layout (the build would stop): ");
                count(o, st->unfit);
            }
            strbuf_addstr(o, markdown ? " |\n" : "\n");
        }
    }
}

/* ---- HTML: by file (recipient), purpose, column (privacy/dpo_html.h) ---- */

struct html_ctx {
    const struct rsec *s;
    bool offline;
    char tb[1100];
    struct strbuf b[3];
};

static const char *count_text(struct strbuf *sb, bool offline, size_t n)
{
    strbuf_reset(sb);
    if (offline)
        return "-";
    count(sb, n);
    return sb->buf;
}

static void html_field(void *ctx, size_t i, struct dpo_field *out)
{
    struct html_ctx *h = ctx;
    const struct families_layout *l = &h->s->layout;
    const struct col_stats *st = &h->s->stats[i];

    out->name = l->cols[i].name;
    out->source = l->fields[i].source;
    out->treatment = treatment_words(h->s, l->cols[i].treatment, h->tb);
    out->with_value = count_text(&h->b[0], h->offline, st->present);
    out->blank = count_text(&h->b[1], h->offline, st->blank);
    out->distinct = count_text(&h->b[2], h->offline, st->distinct ? id_set_count(st->distinct) : 0);
}

/* The file's facts: cohorts, opt-outs, period, people and families. */
static void html_facts(struct strbuf *f, const struct rsec *s, bool offline)
{
    const struct families_layout *l = &s->layout;

    strbuf_addstr(f, "Cohorts: ");
    cohorts_words(l, f);
    strbuf_addstr(f, "; opt-outs that exclude a person: ");
    opt_out_words(l, f);
    if (s->period.months)
        strbuf_addf(f, "; period %s, %d months", s->period.label, s->period.months);
    strbuf_addstr(f, ".");
    if (offline)
        return;
    strbuf_addstr(f, " People in the file: ");
    count(f, s->people);
    strbuf_addstr(f, ", families: ");
    count(f, s->families ? id_set_count(s->families) : 0);
    strbuf_addstr(f, "; people left out (opted out): ");
    count(f, s->opted_out);
    strbuf_addch(f, '.');
}

static void render_html(struct strbuf *o, const struct rsec *secs, size_t n, const struct ropts *opt,
                        const char *snapshot)
{
    struct strbuf t = STRBUF_INIT, f = STRBUF_INIT;

    strbuf_addf(&t, "Data shared in the Supporting Families files, period %s", opt->period ? opt->period : "(none)");
    strbuf_addf(&f, "LA %s. ", opt->la ? opt->la : "(not given)");
    if (opt->offline)
        strbuf_addstr(&f, "Layouts only: no counts from the replica.");
    else
        strbuf_addf(&f, "No file was written. Counts from 1 to 9 are shown as <10. Replica snapshot %s.", snapshot);
    dpo_html_begin(o, t.buf, NULL, f.buf);
    for (size_t k = 0; k < n; k++) {
        const struct families_layout *l = &secs[k].layout;
        struct html_ctx h;
        h.s = &secs[k];
        h.offline = opt->offline;
        for (int i = 0; i < 3; i++)
            strbuf_init(&h.b[i], 0);
        strbuf_reset(&t);
        strbuf_reset(&f);
        strbuf_addf(&t, "%s, %s file (layout %s, version %s)", l->policy.recipient, families_kind_name(secs[k].kind),
                    l->policy.name, l->policy.version);
        html_facts(&f, &secs[k], opt->offline);
        dpo_html_recipient(o, t.buf, f.buf, &l->policy, l->n_cols, true, html_field, &h);
        for (int i = 0; i < 3; i++)
            strbuf_release(&h.b[i]);
    }
    dpo_html_end(o);
    strbuf_release(&t);
    strbuf_release(&f);
}

/* Statistical disclosure control: 1 to 9 become "<10". */
static void json_count(struct json_writer *w, const char *key, size_t n)
{
    if (n > 0 && n < 10)
        json_member_string(w, key, "<10");
    else
        json_member_uint(w, key, n);
}

/* One column's object, on a line of its own. */
static void json_column(struct json_writer *w, const struct rsec *s, size_t i, bool offline)
{
    const struct families_layout *l = &s->layout;
    const struct col_stats *st = &s->stats[i];
    const struct purpose *pu = l->policy.entries[i].purpose;
    char tb[1100];

    json_begin_object(w, JSON_INLINE);
    json_member_string(w, "column", l->cols[i].name);
    json_member_string(w, "source", l->fields[i].source);
    json_member_string(w, "treatment", treatment_name(l->cols[i].treatment));
    json_member_string(w, "treatment_words", treatment_words(s, l->cols[i].treatment, tb));
    json_key(w, "purpose");
    if (pu)
        json_string(w, pu->id);
    else
        json_null(w);
    json_member_string(w, "notice", pu ? pu->notice : "");
    json_member_string(w, "basis", pu ? pu->basis : "");
    json_member_bool(w, "special_category", l->cols[i].special);
    if (!offline) {
        json_count(w, "with_value", st->present);
        json_count(w, "blank", st->blank);
        json_count(w, "distinct", st->distinct ? id_set_count(st->distinct) : 0);
    }
    json_end_object(w);
}

/* One file's object: the layout and key, counts, then its columns on
 * wrapped lines one space in. */
static void json_file(struct json_writer *w, const struct rsec *s, bool offline)
{
    const struct policy *p = &s->layout.policy;

    json_begin_object(w, JSON_LAYOUT(JSON_SHAPE_INLINE, 1));
    json_member_string(w, "file", families_kind_name(s->kind));
    json_member_string(w, "recipient", p->recipient);
    json_member_string(w, "layout", p->name);
    json_member_string(w, "version", p->version);
    json_member_string_or_null(w, "key_fingerprint", s->key.bytes ? s->key.fingerprint : NULL);
    if (!offline) {
        json_count(w, "people", s->people);
        json_count(w, "families", s->families ? id_set_count(s->families) : 0);
        json_count(w, "opted_out", s->opted_out);
    }
    json_wrap(w);
    json_key(w, "columns");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < s->layout.n_cols; i++)
        json_column(w, s, i, offline);
    json_end_array(w);
    json_end_object(w);
}

/* 0, or -1 when the writer was misused (a bug). */
static int render_json(struct strbuf *o, const struct rsec *secs, size_t n, const struct ropts *opt,
                       const char *snapshot)
{
    struct json_writer w;

    json_writer_init(&w, o, JSON_PLAIN, JSON_SPACED);
    json_begin_object(&w, JSON_BLOCK);
    json_member_string(&w, "report", "families");
    json_member_string(&w, "period", opt->period ? opt->period : "");
    json_member_string(&w, "la", opt->la ? opt->la : "");
    json_member_bool(&w, "offline", opt->offline);
    json_member_string(&w, "snapshot", snapshot);
    json_key(&w, "files");
    json_begin_array(&w, JSON_BLOCK);
    for (size_t k = 0; k < n; k++)
        json_file(&w, &secs[k], opt->offline);
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

/* Reads one file's population and counts what each column would carry. */
static int gather(struct rsec *s, struct db *db, bool have_cla, const char *la)
{
    struct families_source *src = NULL;
    struct families_row row;
    struct strbuf err = STRBUF_INIT, v = STRBUF_INIT;
    const struct families_layout *l = &s->layout;
    enum db_status st;
    int r;

    st = families_source_open(&src, db, l, &s->period, have_cla, 0, &err);
    if (st != DB_OK) {
        sr_error("%s", err.buf);
        strbuf_release(&err);
        return st == DB_MISSING ? SR_CONTRACT : SR_DATABASE;
    }
    while ((r = families_source_next(src, &row, &err)) == 1) {
        if (row.opted_out) {
            s->opted_out++;
            continue;
        }
        s->people++;
        id_set_add(s->families, row.family_id ? row.family_id : "", 0, 0, NULL, NULL);
        for (size_t i = 0; i < l->n_cols; i++) {
            const struct fam_column *c = &l->cols[i];
            struct col_stats *cs = &s->stats[i];
            const char *raw = families_column_reads(c) ? row.values[i]
                            : c->source == FS_PERIOD ? s->period.label : c->source == FS_LA ? la : NULL;
            strbuf_reset(&v);
            const char *why;
            if (c->treatment == TR_PSEUDONYMISE && !s->key.bytes) {
                /* Without the key, count the ids themselves: as many
                 * distinct values as their pseudonyms. */
                fam_value_normalise(&c->format, raw, &v);
                why = NULL;
            } else {
                why = families_treat_value(c, s->key.bytes ? &s->key : NULL, raw, &v);
            }
            if (why)
                cs->unfit++;
            if (v.len) {
                cs->present++;
                id_set_add(cs->distinct, v.buf, 0, 0, NULL, NULL);
            } else {
                cs->blank++;
            }
        }
    }
    if (r < 0)
        sr_error("reading the replica failed: %s", err.buf);
    enum db_status fst = families_source_status(src);
    families_source_close(src);
    strbuf_release(&err);
    strbuf_release(&v);
    return r < 0 ? (fst == DB_MISSING ? SR_CONTRACT : SR_DATABASE) : SR_OK;
}

/* Loads a file's layout and key and parses the period for it; sets up its
 * counters.  An exit status. */
static int load_rsec(struct rsec *s, const struct ropts *o, const struct config *cfg, const char *purposes)
{
    struct strbuf path = STRBUF_INIT;
    char err[1024];
    int ret = SR_OK;

    if (o->layout_dir) {
        strbuf_addf(&path, "%s/layout_%s.conf", o->layout_dir, families_kind_name(s->kind));
    } else {
        struct strbuf rel = STRBUF_INIT;
        strbuf_addf(&rel, "specs/families/layout_%s.conf", families_kind_name(s->kind));
        sr_data_path(&path, rel.buf);
        strbuf_release(&rel);
    }
    if (families_layout_load(&s->layout, path.buf, purposes, s->kind, err, sizeof err) != 0) {
        sr_error("layout rejected: %s", err);
        ret = SR_CONFIG;
        goto cleanup;
    }
    s->loaded = true;
    s->stats = xcalloc(s->layout.n_cols, sizeof *s->stats);
    for (size_t k = 0; k < s->layout.n_cols; k++)
        s->stats[k].distinct = id_set_new();
    s->families = id_set_new();
    if (o->period) {
        if (!strcmp(o->period, "previous")) {
            time_t t = time(NULL);
            struct tm tm;
            gmtime_r(&t, &tm);
            families_period_previous(date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                                     s->layout.period_months, &s->period);
        } else if (families_period_parse(o->period, s->layout.period_months, &s->period, err, sizeof err) != 0) {
            sr_error("--period: %s", err);
            ret = SR_USAGE;
            goto cleanup;
        }
    }
    if (policy_needs_key(&s->layout.policy)) {
        const char *kf = o->key_file ? o->key_file : config_key_file(cfg, s->layout.policy.key_name);
        int r = -1;
        if (o->key_env)
            r = pseudo_key_load_env(&s->key, o->key_env, err, sizeof err);
        else if (kf)
            r = pseudo_key_load_file(&s->key, kf, err, sizeof err);
        else
            snprintf(err, sizeof err, "'%s', not given", s->layout.policy.key_name);
        if (r != 0)
            snprintf(s->key_note, sizeof s->key_note, "%s", err);
    }
cleanup:
    strbuf_release(&path);
    return ret;
}

struct fam_report {
    struct ropts o;
    struct rsec secs[FAM__KINDS];
    size_t n;
    char snapshot[64];
};

static void release(void *state)
{
    struct fam_report *r = state;

    for (size_t i = 0; i < r->n; i++) {
        struct rsec *s = &r->secs[i];
        if (s->stats)
            for (size_t k = 0; k < s->layout.n_cols; k++)
                id_set_free(s->stats[k].distinct);
        free(s->stats);
        if (s->families)
            id_set_free(s->families);
        pseudo_key_release(&s->key);
        if (s->loaded)
            families_layout_release(&s->layout);
    }
    free(r);
}

/* Which files (--kind), and their layouts, periods and keys. */
static void *load(const struct shared_request *req, enum sr_status *st)
{
    struct fam_report *r = xcalloc(1, sizeof *r);
    struct strbuf purposes = STRBUF_INIT;
    const char *kind = req->kind ? req->kind : "both";

    r->o = (struct ropts){ .period = req->period, .kind = kind, .la = req->la, .layout_dir = req->layout_dir,
                           .key_file = req->key_file, .key_env = req->key_env, .offline = req->offline };
    *st = SR_USAGE;
    if (!req->period && !req->offline) {
        sr_error("--period is required (or --offline for the layouts alone)");
        goto fail;
    }
    if (!strcmp(kind, "both") || !strcmp(kind, "nis"))
        r->secs[r->n++].kind = FAM_NIS;
    if (!strcmp(kind, "both") || !strcmp(kind, "fpd"))
        r->secs[r->n++].kind = FAM_FPD;
    if (!r->n) {
        sr_error("--kind is nis, fpd or both, not '%s'", kind);
        goto fail;
    }
    sr_data_path(&purposes, "specs/purposes.conf");
    for (size_t i = 0; i < r->n; i++)
        if ((*st = load_rsec(&r->secs[i], &r->o, req->cfg, purposes.buf)) != SR_OK)
            goto fail;
    strbuf_release(&purposes);
    return r;
fail:
    strbuf_release(&purposes);
    release(r);
    return NULL;
}

/* Counts, from the snapshot, what each file would carry. */
static enum sr_status count_replica(void *state, struct db *db, const char *snapshot)
{
    struct fam_report *r = state;
    const struct families_layout *ls[FAM__KINDS];
    struct strbuf sb = STRBUF_INIT;
    bool have_cla = false;
    enum sr_status ret = SR_OK;
    enum db_status st;

    snprintf(r->snapshot, sizeof r->snapshot, "%s", snapshot);
    for (size_t i = 0; i < r->n; i++)
        ls[i] = &r->secs[i].layout;
    if ((st = families_contract(db, ls, r->n, &have_cla, &sb)) != DB_OK) {
        sr_error("%s", sb.buf);
        ret = db_sr_status(st);
        goto cleanup;
    }
    for (size_t i = 0; i < r->n; i++) {
        strbuf_reset(&sb);
        size_t bad = families_check_measures(db, &r->secs[i].layout, &sb);
        if (bad) {
            sr_error("%s%s", bad == (size_t)-1 ? "" : "layout rejected: ", sb.buf);
            ret = bad == (size_t)-1 ? SR_DATABASE : SR_CONFIG;
            goto cleanup;
        }
        if ((ret = gather(&r->secs[i], db, have_cla, r->o.la)) != SR_OK)
            goto cleanup;
    }
cleanup:
    strbuf_release(&sb);
    return ret;
}

static int render(void *state, const char *format, struct strbuf *out)
{
    struct fam_report *r = state;

    if (!strcmp(format, "json"))
        return render_json(out, r->secs, r->n, &r->o, r->snapshot);
    if (!strcmp(format, "html")) {
        render_html(out, r->secs, r->n, &r->o, r->snapshot);
        return 0;
    }
    render_text(out, r->secs, r->n, &r->o, r->snapshot, !strcmp(format, "md"));
    return 0;
}

static const char *const formats[] = { "text", "md", "json", "html", NULL };

const struct return_shared families_shared = {
    .usage = usage_text,
    .option_help = option_help,
    .options = SHARED_OPT_PERIOD | SHARED_OPT_KIND | SHARED_OPT_LAYOUT_DIR,
    .formats = formats,
    .load = load,
    .count = count_replica,
    .render = render,
    .release = release,
};
