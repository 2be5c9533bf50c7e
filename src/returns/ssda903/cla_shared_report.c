/*
 * `statreturn report 903 --year Y`: the data protection officer's dry-run
 * report of what the SSDA903 return shares.  It writes no return.
 *
 * The 903 shares the most sensitive data the tool handles (placements and
 * their postcodes, offending, missing episodes, motherhood, adoption, and
 * from 2026-27 deprivation of liberty), as DfE files, one per table.  So the
 * report goes file by file: for each 903 policy (DfE, regional), each table
 * of the year with its file name, whether the XML document carries it, and
 * how many rows the replica gives it; then each column with its replica
 * source, treatment (and the key's fingerprint when pseudonymised), the
 * purpose in the words of the privacy notice, the lawful basis, whether it
 * is special category data, and how many rows carry a value, how many are
 * blank and how many distinct values are shared.  Totals: the children in
 * the return by age band on 31 March.
 *
 * It reads the replica through the build's own source (cla_source.c: the
 * same selection of children and rows, the same columns selected, nothing
 * the policy drops) and applies the build's treatments, so its counts are
 * the build's.  No personal value appears in any format: values are only
 * counted, and counts from 1 to 9 show as "<10", as in `report cin`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/date.h"
#include "core/id_set.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "io/html.h"
#include "privacy/dpo_html.h"
#include "io/json_writer.h"
#include "privacy/manifest.h"
#include "returns/ssda903/cla_build.h"
#include "returns/ssda903/cla_shared_report.h"

/* Age on 31 March, by the DfE 903 publication's groups and, for care
 * leavers, 18 and over. */
enum band { B_UNDER_1, B_1_4, B_5_9, B_10_15, B_16_17, B_18_PLUS, B_UNKNOWN, B__N };
static const char *const band_names[B__N] = { "under 1", "1-4", "5-9", "10-15", "16-17", "18 and over",
                                              "unknown" };

struct col_stats {
    size_t present, blank;
    struct id_set *distinct;
};

/* One policy (recipient) and, unless offline, what it would share. */
struct rsec {
    struct policy policy;
    bool loaded;
    char suffix[40];                   /* "_regional" in the file names; "" for DfE */
    struct pseudo_key key;
    char key_note[128];                /* why there is no fingerprint */
    struct col_stats *stats;           /* by catalogue field */
    size_t rows[CLA_MAX_TABLES];
    size_t children, bands[B__N];
};

struct dpo {
    int year;
    const char *la;
    bool offline;
    struct cla_spec *spec;
    struct cla_catalogue cc;
    struct rsec *sec;
    size_t n_sec;
    char snapshot[64];
};

/* ---- words ---------------------------------------------------------------- */

/* Statistical disclosure control: 1 to 9 become "<10"; offline: "". */
static const char *shown(const struct dpo *d, size_t n, char buf[24])
{
    if (d->offline)
        return "";
    if (n > 0 && n < 10)
        return "<10";
    snprintf(buf, 24, "%zu", n);
    return buf;
}

static const char *treatment_words(const struct rsec *s, enum treatment t, char *buf, size_t len)
{
    switch (t) {
    case TR_CLEAR: return "in clear";
    case TR_PSEUDONYMISE:
        if (s->key.bytes)
            snprintf(buf, len, "pseudonymised (HMAC-SHA256, key %s)", s->key.fingerprint);
        else
            snprintf(buf, len, "pseudonymised (HMAC-SHA256, key '%s': %s)", s->policy.key_name, s->key_note);
        return buf;
    case TR_MONTH: return "generalised: date moved to the 1st of its month";
    case TR_SECTOR: return "generalised: postcode cut to its sector";
    case TR_DROP: return "dropped (not read, not shared)";
    case TR__COUNT: break;
    }
    return "?";
}

/* Where the table goes besides its CSV file. */
static const char *xml_words(const struct cla_table *t)
{
    if (t->xml_row)
        return t->xml_row;
    if (!strcmp(t->name, "DoLo"))
        return "not in the XML (DfE has published no XML element for deprivation of liberty orders): "
               "CSV file only";
    if (!strcmp(t->name, "SWEpisodes"))
        return "not in the XML (DfE collects social worker episodes under a separate XML schema): CSV file only";
    return "not in the XML: CSV file only";
}

static void file_name(const struct dpo *d, const struct rsec *s, const struct cla_table *t, struct strbuf *out)
{
    strbuf_addf(out, "cla_%d_%s%s_%s.csv", d->year, d->la ? d->la : "LA", s->suffix, t->name);
}

/* One column as every format shows it: its counts are "-" when there are
 * none (offline, or the column dropped). */
struct col_view {
    const struct field_def *fd;
    const struct policy_entry *pe;
    const char *treatment;             /* words, in tb */
    bool counted;
    char tb[200], with_value[24], blank[24], distinct[24];
};

static void count_cell(const struct dpo *d, bool counted, size_t n, char out[24])
{
    char b[24];
    snprintf(out, 24, "%s", counted ? shown(d, n, b) : "-");
}

static void col_view(const struct dpo *d, const struct rsec *s, size_t fi, struct col_view *cv)
{
    const struct col_stats *st = &s->stats[fi];

    cv->fd = &d->cc.cat.fields[fi];
    cv->pe = &s->policy.entries[fi];
    cv->treatment = treatment_words(s, cv->pe->treatment, cv->tb, sizeof cv->tb);
    cv->counted = !d->offline && policy_emits(&s->policy, fi);
    count_cell(d, cv->counted, st->present, cv->with_value);
    count_cell(d, cv->counted, st->blank, cv->blank);
    count_cell(d, cv->counted, st->distinct ? id_set_count(st->distinct) : 0, cv->distinct);
}

/* A table's cells (table, file, XML, rows) for the Markdown and HTML
 * tables; the file name goes into fn, the count into b. */
static void table_cells(const struct dpo *d, const struct rsec *s, size_t t, struct strbuf *fn, char b[24],
                        const char *cells[5])
{
    const struct cla_table *tb = &d->spec->tables[t];

    file_name(d, s, tb, fn);
    cells[0] = tb->name;
    cells[1] = fn->buf;
    cells[2] = xml_words(tb);
    cells[3] = d->offline ? "-" : shown(d, s->rows[t], b);
    cells[4] = NULL;
}

/* A column's cells, as the Markdown and HTML tables show them. */
static void column_cells(const struct col_view *cv, const char *cells[10])
{
    const struct purpose *pu = cv->pe->purpose;
    const char *v[10] = { cv->fd->name, cv->fd->source, cv->treatment, pu ? pu->notice : "-", pu ? pu->basis : "-",
                          cv->pe->special ? "yes" : "no", cv->with_value, cv->blank, cv->distinct, NULL };

    memcpy(cells, v, sizeof v);
}

static const char *short_treatment(enum treatment t)
{
    return t == TR_CLEAR ? "clear" : t == TR_PSEUDONYMISE ? "pseudonymised" : t == TR_DROP ? "dropped"
                                                                                           : "generalised";
}

/* The purposes the policy shares anything for, each once. */
static bool purpose_used(const struct policy *p, const struct purpose *pu)
{
    for (size_t f = 0; f < p->catalogue->n; f++)
        if (p->entries[f].purpose == pu && p->entries[f].treatment != TR_DROP)
            return true;
    return false;
}

/* ---- text and Markdown ------------------------------------------------------ */

static void text_section(struct strbuf *o, const struct dpo *d, const struct rsec *s)
{
    const struct policy *p = &s->policy;
    char b[24];

    strbuf_addf(o, "\n== Recipient: %s (policy %s %s, %s)\n", p->recipient, p->name, p->version, p->path);
    if (!d->offline) {
        /* The date in words: as 2025-03-31 it would read like a date of
         * birth (a child born on 31 March) to anyone searching the report. */
        strbuf_addf(o, "  Children in the return: %s\n  By age on 31 March %d:", shown(d, s->children, b), d->year);
        for (int k = 0; k < B__N; k++)
            strbuf_addf(o, "%s %s %s", k ? "," : "", band_names[k], shown(d, s->bands[k], b));
        strbuf_addstr(o, "\n  Opted out: 0 (a statutory return: opt-outs do not apply)\n");
    }
    for (size_t k = 0; k < p->purposes.n; k++) {
        const struct purpose *pu = &p->purposes.items[k];
        if (!purpose_used(p, pu))
            continue;
        strbuf_addf(o, "  Purpose [%s]: \"%s\"\n    Lawful basis: %s\n", pu->id, pu->notice, pu->basis);
        if (pu->special_basis)
            strbuf_addf(o, "    Special category condition: %s\n", pu->special_basis);
    }
}

static void text_table(struct strbuf *o, const struct dpo *d, const struct rsec *s, size_t t)
{
    const struct cla_table *tb = &d->spec->tables[t];
    struct strbuf fn = STRBUF_INIT;
    char b[24];

    file_name(d, s, tb, &fn);
    strbuf_addf(o, "\n  -- %s: file %s; XML %s%s%s\n", tb->name, fn.buf, xml_words(tb),
                d->offline ? "" : "; rows ", shown(d, s->rows[t], b));
    strbuf_addf(o, "  %-28s %-56s %-14s %-22s %-8s %9s %9s %9s\n", "Column", "Source", "Treatment", "Purpose",
                "Special", "Value", "Blank", "Distinct");
    for (size_t c = 0; c < tb->n_csv_columns; c++) {
        struct col_view cv;
        col_view(d, s, d->cc.offset[t] + c, &cv);
        strbuf_addf(o, "  %-28s %-56s %-14s %-22s %-8s %9s %9s %9s\n", tb->columns[c].name, cv.fd->source,
                    short_treatment(cv.pe->treatment), cv.pe->purpose ? cv.pe->purpose->id : "-",
                    cv.pe->special ? "yes" : "no", cv.with_value, cv.blank, cv.distinct);
        if (cv.pe->treatment != TR_CLEAR)
            strbuf_addf(o, "  %-28s   %s\n", "", cv.treatment);
    }
    strbuf_release(&fn);
}

static int render_text(struct strbuf *o, const struct dpo *d)
{
    strbuf_addf(o, "statreturn report: SSDA903 (children looked after) %d-%02d, LA %s%s\n", d->year - 1,
                d->year % 100, d->la ? d->la : "(not given)", d->offline ? " (policy only: --offline)" : "");
    if (!d->offline)
        strbuf_addf(o, "Replica snapshot %s. No return file was written. Counts 1-9 are shown as <10.\n",
                    d->snapshot);
    for (size_t i = 0; i < d->n_sec; i++) {
        text_section(o, d, &d->sec[i]);
        for (size_t t = 0; t < d->spec->n_tables; t++)
            text_table(o, d, &d->sec[i], t);
    }
    return 0;
}

static void md_escape(struct strbuf *o, const char *s)
{
    for (; *s; s++) {
        if (strchr("|\\*_`[]", *s))
            strbuf_addch(o, '\\');
        strbuf_addch(o, *s);
    }
}

/* A Markdown table row of cells (NULL ends the list). */
static void md_row(struct strbuf *o, const char *const *cells)
{
    strbuf_addstr(o, "|");
    for (size_t i = 0; cells[i]; i++) {
        strbuf_addch(o, ' ');
        md_escape(o, cells[i]);
        strbuf_addstr(o, " |");
    }
    strbuf_addch(o, '\n');
}

static void md_tables(struct strbuf *o, const struct dpo *d, const struct rsec *s)
{
    char b[24];

    strbuf_addstr(o, "\n| Table | File | In the XML | Rows |\n|---|---|---|---|\n");
    for (size_t t = 0; t < d->spec->n_tables; t++) {
        struct strbuf fn = STRBUF_INIT;
        const char *cells[5];
        table_cells(d, s, t, &fn, b, cells);
        md_row(o, cells);
        strbuf_release(&fn);
    }
}

static void md_columns(struct strbuf *o, const struct dpo *d, const struct rsec *s)
{
    strbuf_addstr(o, "\n| Column | Source | Treatment | Purpose | Lawful basis | Special category | With value "
                     "| Blank | Distinct |\n|---|---|---|---|---|---|---|---|---|\n");
    for (size_t fi = 0; fi < d->cc.cat.n; fi++) {
        struct col_view cv;
        const char *cells[10];
        col_view(d, s, fi, &cv);
        column_cells(&cv, cells);
        md_row(o, cells);
    }
}

static int render_md(struct strbuf *o, const struct dpo *d)
{
    char b[24];

    strbuf_addf(o, "# Data shared in the SSDA903 return %d-%02d\n\n", d->year - 1, d->year % 100);
    strbuf_addf(o, "LA %s. %s Counts from 1 to 9 are shown as <10.\n", d->la ? d->la : "(not given)",
                d->offline ? "Policy only (no replica counts)." : "No return file was written.");
    for (size_t i = 0; i < d->n_sec; i++) {
        const struct rsec *s = &d->sec[i];
        strbuf_addstr(o, "\n## ");
        md_escape(o, s->policy.recipient);
        strbuf_addf(o, "\n\nPolicy `%s` version %s.", s->policy.name, s->policy.version);
        if (!d->offline)
            strbuf_addf(o, " Children in the return: %s; opted out: 0 (statutory return).",
                        shown(d, s->children, b));
        strbuf_addch(o, '\n');
        md_tables(o, d, s);
        md_columns(o, d, s);
    }
    return 0;
}

/* ---- JSON --------------------------------------------------------------------- */

static void json_tables(struct json_writer *w, const struct dpo *d, const struct rsec *s)
{
    char b[24];

    json_key(w, "tables");
    json_begin_array(w, JSON_LAYOUT(JSON_SHAPE_BLOCK, 1));
    for (size_t t = 0; t < d->spec->n_tables; t++) {
        const struct cla_table *tb = &d->spec->tables[t];
        struct strbuf fn = STRBUF_INIT;
        file_name(d, s, tb, &fn);
        json_begin_object(w, JSON_INLINE);
        json_member_string(w, "table", tb->name);
        json_member_string(w, "file", fn.buf);
        json_member_string_or_null(w, "xml", tb->xml_row);
        json_member_string(w, "xml_note", tb->xml_row ? "" : xml_words(tb));
        json_member_string(w, "rows", shown(d, s->rows[t], b));
        json_end_object(w);
        strbuf_release(&fn);
    }
    json_end_array(w);
}

static void json_fields(struct json_writer *w, const struct dpo *d, const struct rsec *s)
{
    json_key(w, "fields");
    json_begin_array(w, JSON_LAYOUT(JSON_SHAPE_BLOCK, 1));
    for (size_t fi = 0; fi < d->cc.cat.n; fi++) {
        struct col_view cv;
        col_view(d, s, fi, &cv);
        json_begin_object(w, JSON_INLINE);
        /* The manifest's own members first, so that the two field lists
         * can be compared line by line. */
        manifest_field_json(w, &s->policy, fi);
        json_member_string(w, "treatment_detail", cv.treatment);
        json_member_string(w, "notice", cv.pe->purpose ? cv.pe->purpose->notice : "");
        json_member_string(w, "lawful_basis", cv.pe->purpose ? cv.pe->purpose->basis : "");
        json_member_string(w, "with_value", cv.counted ? cv.with_value : "");
        json_member_string(w, "blank", cv.counted ? cv.blank : "");
        json_member_string(w, "distinct", cv.counted ? cv.distinct : "");
        json_end_object(w);
    }
    json_end_array(w);
}

static void json_recipient(struct json_writer *w, const struct dpo *d, const struct rsec *s)
{
    char b[24];

    json_begin_object(w, JSON_LAYOUT(JSON_SHAPE_INLINE, 1));
    json_member_string(w, "recipient", s->policy.recipient);
    json_member_string(w, "policy", s->policy.name);
    json_member_string(w, "version", s->policy.version);
    json_member_string_or_null(w, "key_fingerprint", s->key.bytes ? s->key.fingerprint : NULL);
    json_wrap(w);
    json_member_string(w, "children", shown(d, s->children, b));
    json_key(w, "age_bands");
    json_begin_object(w, JSON_INLINE);
    for (int k = 0; k < B__N; k++)
        json_member_string(w, band_names[k], shown(d, s->bands[k], b));
    json_end_object(w);
    json_wrap(w);
    json_tables(w, d, s);
    json_wrap(w);
    json_fields(w, d, s);
    json_end_object(w);
}

static int render_json(struct strbuf *o, const struct dpo *d)
{
    struct json_writer w;

    json_writer_init(&w, o, JSON_PLAIN, JSON_SPACED);
    json_begin_object(&w, JSON_BLOCK);
    json_member_string(&w, "return", "903");
    json_member_int(&w, "year", d->year);
    json_member_string(&w, "la", d->la ? d->la : "");
    json_member_bool(&w, "offline", d->offline);
    json_member_string(&w, "snapshot", d->snapshot);
    json_key(&w, "excluded");
    json_begin_object(&w, JSON_INLINE);
    json_member_string(&w, "opted_out", "0");
    json_end_object(&w);
    json_key(&w, "recipients");
    json_begin_array(&w, JSON_LAYOUT(JSON_SHAPE_BLOCK, 0));
    for (size_t i = 0; i < d->n_sec; i++)
        json_recipient(&w, d, &d->sec[i]);
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

/* ---- HTML ----------------------------------------------------------------------- */

/* A table row of escaped cells; numbers (from `first_number` on) right-aligned. */
static void html_row(struct strbuf *o, const char *cls, const char *const *cells, size_t first_number)
{
    strbuf_addstr(o, "<tr");
    if (cls)
        strbuf_addf(o, " class=\"%s\"", cls);
    strbuf_addch(o, '>');
    for (size_t i = 0; cells[i]; i++) {
        strbuf_addstr(o, i >= first_number ? "<td class=\"n\">" : "<td>");
        html_escape(o, cells[i]);
        strbuf_addstr(o, "</td>");
    }
    strbuf_addstr(o, "</tr>\n");
}

struct html_ctx {
    const struct dpo *d;
    const struct rsec *s;
    struct col_view cv;
};

static void html_field(void *ctx, size_t fi, struct dpo_field *out)
{
    struct html_ctx *h = ctx;

    col_view(h->d, h->s, fi, &h->cv);
    out->name = h->cv.fd->name;
    out->source = h->cv.fd->source;
    out->treatment = h->cv.treatment;
    out->with_value = h->cv.with_value;
    out->blank = h->cv.blank;
    out->distinct = h->cv.distinct;
}

/* The recipient's tables (file, place in the XML, rows), then its columns
 * by purpose. */
static void html_section(struct strbuf *o, const struct dpo *d, const struct rsec *s)
{
    struct strbuf head = STRBUF_INIT, facts = STRBUF_INIT;
    struct html_ctx h = { d, s, { 0 } };
    char b[24];

    strbuf_addf(&head, "%s (policy %s, version %s)", s->policy.recipient, s->policy.name, s->policy.version);
    if (!d->offline) {
        strbuf_addf(&facts, "Children in the return: %s. By age on 31 March:", shown(d, s->children, b));
        for (int k = 0; k < B__N; k++)
            strbuf_addf(&facts, "%s %s %s", k ? "," : "", band_names[k], shown(d, s->bands[k], b));
        strbuf_addch(&facts, '.');
    }
    dpo_html_recipient(o, head.buf, facts.buf, &s->policy, d->cc.cat.n, true, html_field, &h);
    strbuf_addstr(o, "<h3>Where each table goes</h3>\n<table><tr><th>Table</th><th>File</th><th>In the XML</th>"
                     "<th>Rows</th></tr>\n");
    for (size_t t = 0; t < d->spec->n_tables; t++) {
        struct strbuf fn = STRBUF_INIT;
        const char *cells[5];
        table_cells(d, s, t, &fn, b, cells);
        html_row(o, NULL, cells, 3);
        strbuf_release(&fn);
    }
    strbuf_addstr(o, "</table>\n");
    strbuf_release(&head);
    strbuf_release(&facts);
}

static int render_html(struct strbuf *o, const struct dpo *d)
{
    struct strbuf t = STRBUF_INIT, intro = STRBUF_INIT;

    strbuf_addf(&t, "Data shared in the SSDA903 (children looked after) return %d-%02d", d->year - 1, d->year % 100);
    strbuf_addf(&intro, "LA %s. ", d->la ? d->la : "(not given)");
    if (d->offline)
        strbuf_addstr(&intro, "Policy only: no counts from the replica.");
    else
        strbuf_addf(&intro, "No return file was written. Counts from 1 to 9 are shown as <10. Replica snapshot %s. "
                            "Opted out: 0 (a statutory return: opt-outs do not apply).", d->snapshot);
    dpo_html_begin(o, t.buf, NULL, intro.buf);
    for (size_t i = 0; i < d->n_sec; i++)
        html_section(o, d, &d->sec[i]);
    dpo_html_end(o);
    strbuf_release(&t);
    strbuf_release(&intro);
    return 0;
}

/* ---- loading ------------------------------------------------------------------------ */

static const char usage_text[] =
    "usage: statreturn report 903 --year YEAR [options]\n"
    "\n"
    "What the SSDA903 return shares, table by table and column by column, with whom, how and\n"
    "why; from the same policies and selection as 'build 903', without writing any return.\n";
static const struct option_help option_help[] = {
    { "profile", NULL, "only this policy (default: every specs/903/policy_*.conf)" },
    { "format", NULL, "text (default), json, md or html" },
    { NULL, NULL, NULL },
};

/* The policy's key, when it pseudonymises, read as build reads it.  The
 * report runs without one (the counts do not need the real key); the note
 * says why it shows no fingerprint. */
static void load_key(struct rsec *s, const struct shared_request *req)
{
    const char *kf;
    char err[512];
    int r;

    if (!policy_needs_key(&s->policy))
        return;
    kf = req->key_file ? req->key_file : config_key_file(req->cfg, s->policy.key_name);
    if (!req->key_env && !kf) {
        snprintf(s->key_note, sizeof s->key_note, "no key file configured (key_file.%s)", s->policy.key_name);
        return;
    }
    r = req->key_env ? pseudo_key_load_env(&s->key, req->key_env, err, sizeof err)
                     : pseudo_key_load_file(&s->key, kf, err, sizeof err);
    if (r != 0) {
        snprintf(s->key_note, sizeof s->key_note, "key unusable");
        sr_warn("%s", err);
    }
}

/* "_regional" for specs/903/policy_regional.conf: the part build puts in
 * the file names (nothing for dfe, or a policy given by --policy). */
static void profile_suffix(struct rsec *s, const char *path, bool named_file)
{
    const char *base = strrchr(path, '/');
    size_t len;

    base = base ? base + 1 : path;
    len = strlen(base);
    if (named_file || strncmp(base, "policy_", 7) || len < 13 || strcmp(base + len - 5, ".conf"))
        return;
    if (len - 12 != 3 || strncmp(base + 7, "dfe", 3))
        snprintf(s->suffix, sizeof s->suffix, "_%.*s", (int)(len - 12), base + 7);
}

static int load_section(struct dpo *d, struct rsec *s, const char *path, const struct shared_request *req)
{
    struct strbuf purposes = STRBUF_INIT;
    char err[1024];
    int ret = -1;

    sr_data_path(&purposes, "specs/purposes.conf");
    if (policy_load(&s->policy, &d->cc.cat, path, purposes.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto cleanup;
    }
    s->loaded = true;
    if (cla_policy_check(&d->cc, d->spec, &s->policy, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto cleanup;
    }
    profile_suffix(s, path, req->policy_path != NULL);
    s->stats = xcalloc(d->cc.cat.n ? d->cc.cat.n : 1, sizeof *s->stats);
    load_key(s, req);
    ret = 0;
cleanup:
    strbuf_release(&purposes);
    return ret;
}

/* The policies: the file named, the profile named, or every
 * specs/903/policy_*.conf, the statutory recipient (dfe) first.  Returns
 * how many, in *out (the caller frees them); 0 after a message. */
static size_t policy_paths(const struct shared_request *req, char ***out)
{
    struct strbuf path = STRBUF_INIT;
    char err[256];
    size_t n = 0;

    *out = NULL;
    if (req->policy_path || req->profile) {
        if (req->policy_path)
            strbuf_addstr(&path, req->policy_path);
        else if (policy_profile_path(&path, "903", req->profile, err, sizeof err) != 0)
            sr_error("%s", err);
        if (path.len) {
            *out = xcalloc(1, sizeof **out);
            (*out)[n++] = strbuf_detach(&path, NULL);
        }
        strbuf_release(&path);
        return n;
    }
    n = policy_profiles("903", out);
    if (!n)
        sr_error("no 903 policies found in %s/specs/903", sr_datadir());
    strbuf_release(&path);
    return n;
}

static void release(void *state)
{
    struct dpo *d = state;

    for (size_t i = 0; i < d->n_sec; i++) {
        struct rsec *s = &d->sec[i];
        for (size_t f = 0; s->stats && f < d->cc.cat.n; f++)
            id_set_free(s->stats[f].distinct);
        free(s->stats);
        if (s->key.bytes)
            pseudo_key_release(&s->key);
        if (s->loaded)
            policy_release(&s->policy);
    }
    free(d->sec);
    cla_catalogue_release(&d->cc);
    cla_spec_free(d->spec);
    free(d);
}

/* The year's tables and catalogue.  An exit status. */
static enum sr_status load_year(struct dpo *d, int year)
{
    char err[1024];
    int first, last;

    if (cla_spec_years(NULL, &first, &last, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    if (year < first || year > last) {
        sr_error("--year must be a supported collection year (%d to %d)", first, last);
        return SR_USAGE;
    }
    d->year = year;
    if (cla_spec_load_default(year, &d->spec, err, sizeof err) != CLA_SPEC_OK
        || cla_catalogue_build(&d->cc, d->spec, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    return SR_OK;
}

static void *load(const struct shared_request *req, enum sr_status *st)
{
    struct dpo *d = xcalloc(1, sizeof *d);
    char **paths = NULL;
    size_t n = 0;

    d->la = req->la;
    d->offline = req->offline;
    if ((*st = load_year(d, req->year)) == SR_OK && !(n = policy_paths(req, &paths)))
        *st = req->profile ? SR_USAGE : SR_CONFIG;
    d->sec = xcalloc(n ? n : 1, sizeof *d->sec);
    for (size_t i = 0; i < n && *st == SR_OK; i++, d->n_sec++)
        if (load_section(d, &d->sec[i], paths[i], req) != 0)
            *st = SR_CONFIG;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    if (*st == SR_OK)
        return d;
    release(d);
    return NULL;
}

/* ---- counting ------------------------------------------------------------------------ */

static enum band band_of(const struct cla_record *rec, const struct cla_spec *spec, sr_date ref)
{
    const struct cla_row *h = rec->child.n_rows[spec->primary] ? rec->child.rows[spec->primary][0] : NULL;
    sr_date dob = h ? cla_row_date(h, "DOB") : SR_DATE_NONE;

    if (!sr_date_ok(dob))
        return B_UNKNOWN;
    int age = date_age_years(dob, ref);
    return age < 1 ? B_UNDER_1 : age < 5 ? B_1_4 : age < 10 ? B_5_9 : age < 16 ? B_10_15 : age < 18 ? B_16_17
                                                                                               : B_18_PLUS;
}

/* The cells the policy shares, row by row: a value or a blank, and the
 * distinct values (as treated, so pseudonyms and sectors count as shared). */
static void count_rows(const struct dpo *d, struct rsec *s, const struct cla_record *rec)
{
    for (size_t t = 0; t < d->spec->n_tables; t++) {
        s->rows[t] += rec->child.n_rows[t];
        for (size_t r = 0; r < rec->child.n_rows[t]; r++) {
            const struct cla_row *row = rec->child.rows[t][r];
            for (size_t c = 0; c < row->table->n_csv_columns; c++) {
                size_t fi = d->cc.offset[t] + c;
                struct col_stats *st = &s->stats[fi];
                const char *v = row->cells[c];
                if (!policy_emits(&s->policy, fi))
                    continue;
                if (!v || !*v) {
                    st->blank++;
                    continue;
                }
                st->present++;
                if (!st->distinct)
                    st->distinct = id_set_new();
                id_set_add(st->distinct, v, 0, 0, NULL, NULL);
            }
        }
    }
}

/* Reads the replica once for this policy, as build would.  Without the
 * key the pseudonyms cannot be made: an ad hoc key gives the same counts
 * (HMAC is one-to-one in practice) and is never shown. */
static enum db_status count_section(struct db *db, struct dpo *d, struct rsec *s, struct strbuf *err)
{
    struct cla_source_options so = { d->year, d->spec, &d->cc, &s->policy, 0 };
    struct cla_source *src = NULL;
    struct arena a = ARENA_INIT;
    struct pseudo_key scratch = { 0 };
    const struct pseudo_key *key = s->key.bytes ? &s->key : NULL;
    enum db_status st = cla_source_open(&src, db, &so, err);
    char e2[128];
    int r;

    if (!key && policy_needs_key(&s->policy) && pseudo_key_random(&scratch, e2, sizeof e2) == 0)
        key = &scratch;
    while (st == DB_OK) {
        struct cla_record rec;
        arena_reset(&a);
        if ((r = cla_source_next(src, &a, &rec, err)) <= 0) {
            st = r < 0 ? cla_source_status(src) : DB_OK;
            break;
        }
        s->children++;
        s->bands[band_of(&rec, d->spec, census_reference_date(d->year))]++;
        if (cla_apply_policy(&a, &rec, &d->cc, &s->policy, key) == 0)
            count_rows(d, s, &rec);
    }
    if (scratch.bytes)
        pseudo_key_release(&scratch);
    cla_source_close(src);
    arena_release(&a);
    return st;
}

static enum sr_status count(void *state, struct db *db, const char *snapshot)
{
    struct dpo *d = state;
    struct strbuf sb = STRBUF_INIT;
    enum db_status st = DB_OK;

    snprintf(d->snapshot, sizeof d->snapshot, "%s", snapshot);
    for (size_t i = 0; st == DB_OK && i < d->n_sec; i++)
        st = count_section(db, d, &d->sec[i], &sb);
    if (st != DB_OK)
        sr_error("%s", sb.buf);
    strbuf_release(&sb);
    return db_sr_status(st);
}

/* The formats, each rendering the whole report: 0, or -1 when the JSON
 * writer was misused (a bug). */
static const struct renderer {
    const char *format;
    int (*fn)(struct strbuf *out, const struct dpo *d);
} renderers[] = {
    { "text", render_text }, { "json", render_json }, { "md", render_md }, { "html", render_html },
};

static const char *const formats[] = { "text", "json", "md", "html", NULL };

static int render(void *state, const char *format, struct strbuf *out)
{
    for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
        if (!strcmp(renderers[i].format, format))
            return renderers[i].fn(out, state);
    return -1;   /* the driver checks the format first */
}

const struct return_shared cla_shared = {
    .usage = usage_text,
    .option_help = option_help,
    .options = SHARED_OPT_YEAR | SHARED_OPT_PROFILE | SHARED_OPT_POLICY,
    .formats = formats,
    .load = load,
    .count = count,
    .render = render,
    .release = release,
};
