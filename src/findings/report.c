/*
 * The findings sink (see report.h), and what the four writers share to read
 * its records back (report_impl.h); the writers are report_text.c,
 * report_csv.c, report_json.c and report_html.c.
 *
 * A finding is a fixed record head plus up to six strings, appended to an
 * unlinked temporary file.  Each file validated is a section: a byte range
 * of that file, its per-rule counts and its most affected children.  The
 * writers stream the records back, so writing a report of a million
 * findings needs no more memory than writing one of ten (HTML keeps at most
 * REPORT_HTML_ROWS rendered rows per rule, and for an SSDA903 section at
 * most REPORT_HTML_CHILD_ROWS more for the by-child view, chosen with the
 * per-child counts that such a section keeps: 4 bytes a child).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/csv.h"
#include "io/spill.h"
#include "io/utf8.h"

#ifndef STATRETURN_VERSION
#define STATRETURN_VERSION "unknown"
#endif

const struct rule report_xsd_rule = {
    .code = "XSD",
    .type = RULE_ERROR,
    .module = "Schema",
    .message = "The file does not conform to the CIN census schema (XSD)",
};

/* ---- the sink --------------------------------------------------------------- */

struct report *report_new(const char *file, int year)
{
    struct report *r = xcalloc(1, sizeof *r);

    r->spill = spill_open(r->spill_error, sizeof r->spill_error);
    if (file) {
        report_begin_file(r, file, "CIN census");
        report_set_year(r, year);
    }
    return r;
}

void report_keep_values(struct report *r)
{
    r->keep_values = true;
}

static void section_release(struct section *s)
{
    for (size_t i = 0; i < s->n_files; i++) {
        free(s->files[i].table);
        free(s->files[i].file);
    }
    free(s->files);
    free(s->file);
    free(s->return_name);
    free(s->diagnosis);
    free(s->year_note);
    free(s->rules);
    for (size_t i = 0; i < s->n_top; i++)
        free(s->top[i].id);
    for (size_t i = 0; i < s->n_not_run; i++)
        free(s->not_run[i].why);
    free(s->not_run);
    free(s->child_counts);
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_sec; i++)
        section_release(&r->sec[i]);
    free(r->sec);
    free(r->child_counts);
    if (r->spill)
        fclose(r->spill);
    free(r);
}

static struct section *current(struct report *r)
{
    if (!r->n_sec)
        report_begin_file(r, "(no file)", "return");
    return &r->sec[r->n_sec - 1];
}

static bool top_before(const struct top_child *a, const struct top_child *b)
{
    return a->count > b->count || (a->count == b->count && a->child < b->child);
}

/* Fixes the section's byte range and picks its most affected children. */
static void close_section(struct report *r, struct section *s)
{
    if (s->closed)
        return;
    s->closed = true;
    s->end = r->spill ? ftello(r->spill) : 0;
    s->n_top = 0;
    for (size_t pos = 1; pos < r->n_child_counts; pos++) {
        struct top_child t = { (uint32_t)pos, r->child_counts[pos], 0, 0, NULL };
        if (!t.count)
            continue;
        if (s->n_top == REPORT_TOP_CHILDREN && !top_before(&t, &s->top[s->n_top - 1]))
            continue;
        size_t i = s->n_top < REPORT_TOP_CHILDREN ? s->n_top++ : s->n_top - 1;
        while (i > 0 && top_before(&t, &s->top[i - 1])) {
            s->top[i] = s->top[i - 1];
            i--;
        }
        s->top[i] = t;
    }
    s->child_counts = r->child_counts;
    s->n_child_counts = r->n_child_counts;
    r->child_counts = NULL;
    r->n_child_counts = 0;
}

void report_begin_file(struct report *r, const char *file, const char *return_name)
{
    struct section *s;

    if (r->n_sec)
        close_section(r, &r->sec[r->n_sec - 1]);
    ALLOC_GROW(r->sec, r->n_sec, r->cap_sec);
    s = &r->sec[r->n_sec++];
    memset(s, 0, sizeof *s);
    s->file = xstrdup(file);
    s->return_name = xstrdup(return_name);
    s->start = r->spill ? ftello(r->spill) : 0;
    r->last_rule = 0;
}

void report_set_year(struct report *r, int year)
{
    current(r)->year = year;
}

void report_set_year_note(struct report *r, const char *note)
{
    struct section *s = current(r);
    free(s->year_note);
    s->year_note = note ? xstrdup(note) : NULL;
}

void report_set_kind(struct report *r, enum report_kind kind)
{
    current(r)->kind = kind;
}

void report_set_table_file(struct report *r, const char *table, const char *file)
{
    struct section *s = current(r);

    ALLOC_GROW(s->files, s->n_files, s->cap_files);
    s->files[s->n_files].table = table ? xstrdup(table) : NULL;
    s->files[s->n_files].file = xstrdup(file);
    s->n_files++;
}

void report_child(struct report *r)
{
    struct section *s = current(r);
    s->children++;
    s->children_known = true;
}

void report_get_summary(const struct report *r, struct report_summary *out)
{
    memset(out, 0, sizeof *out);
    out->files = r->n_sec;
    for (size_t i = 0; i < r->n_sec; i++) {
        out->children += r->sec[i].children;
        out->errors += r->sec[i].errors;
        out->queries += r->sec[i].queries;
        out->expected += r->sec[i].expected;
    }
}

void report_set_children(struct report *r, size_t n)
{
    struct section *s = current(r);
    s->children = n;
    s->children_known = true;
}

void report_rule_not_run(struct report *r, const struct rule *rule, const char *why)
{
    struct section *s;

    if (!r->n_sec)
        return;
    s = &r->sec[r->n_sec - 1];
    ALLOC_GROW(s->not_run, s->n_not_run, s->cap_not_run);
    s->not_run[s->n_not_run].rule = rule;
    s->not_run[s->n_not_run].why = xstrdup(why);
    s->n_not_run++;
}

/* The not-run rules grouped by reason: calls fn once per distinct reason
 * with the codes, space-separated, in the order they came. */
void report_set_diagnosis(struct report *r, const char *diagnosis)
{
    struct section *s = current(r);
    free(s->diagnosis);
    s->diagnosis = xstrdup(diagnosis);
}

size_t report_errors(const struct report *r)
{
    return r->n_sec ? r->sec[r->n_sec - 1].errors : 0;
}

size_t report_queries(const struct report *r)
{
    return r->n_sec ? r->sec[r->n_sec - 1].queries : 0;
}

static uint32_t rule_index(struct report *r, struct section *s, const struct rule *rule, bool expected)
{
    if (r->last_rule < s->n_rules && s->rules[r->last_rule].rule == rule
        && s->rules[r->last_rule].expected == expected)
        return (uint32_t)r->last_rule;
    for (size_t i = 0; i < s->n_rules; i++) {
        if (s->rules[i].rule == rule && s->rules[i].expected == expected) {
            r->last_rule = i;
            return (uint32_t)i;
        }
    }
    ALLOC_GROW(s->rules, s->n_rules, s->cap_rules);
    s->rules[s->n_rules].rule = rule;
    s->rules[s->n_rules].count = 0;
    s->rules[s->n_rules].messages = false;
    s->rules[s->n_rules].expected = expected;
    r->last_rule = s->n_rules;
    return (uint32_t)s->n_rules++;
}

/* Length to keep of s: at most MAX_STR bytes, not cutting a UTF-8 character. */
static uint16_t keep_len(const char *s)
{
    size_t n = strlen(s);

    if (n > MAX_STR) {
        n = MAX_STR;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return (uint16_t)n;
}

static uint32_t clamp32(size_t n)
{
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void record(struct report *r, const struct finding *f, size_t row, const char *strs[N_STR])
{
    struct section *s = current(r);
    struct rec h;

    memset(&h, 0, sizeof h);
    h.rule = rule_index(r, s, f->rule, f->expected);
    h.line = f->line;
    h.child = clamp32(f->child_position);
    h.episode = clamp32(f->episode_position);
    h.referral = f->referral_date;
    h.row = clamp32(row);
    if (!r->keep_values)
        strs[S_VALUE] = NULL;
    for (int i = 0; i < N_STR; i++)
        h.len[i] = strs[i] ? keep_len(strs[i]) : NO_STR;

    s->rules[h.rule].count++;
    if (strs[S_MSG])
        s->rules[h.rule].messages = true;
    if (f->expected)
        s->expected++;
    else if (f->rule->type == RULE_ERROR)
        s->errors++;
    else
        s->queries++;
    if (h.child && h.child < UINT32_MAX && !f->expected) {
        if (h.child >= r->n_child_counts) {
            size_t n = r->n_child_counts ? r->n_child_counts : 1024;
            while (n <= h.child)
                n *= 2;
            r->child_counts = xreallocarray(r->child_counts, n, sizeof *r->child_counts);
            memset(r->child_counts + r->n_child_counts, 0,
                   (n - r->n_child_counts) * sizeof *r->child_counts);
            r->n_child_counts = n;
        }
        if (r->child_counts[h.child] < UINT32_MAX)
            r->child_counts[h.child]++;
    }

    if (!r->spill || r->write_errno)
        return;
    bool ok = fwrite(&h, sizeof h, 1, r->spill) == 1;
    for (int i = 0; ok && i < N_STR; i++)
        if (h.len[i] != NO_STR && h.len[i])
            ok = fwrite(strs[i], h.len[i], 1, r->spill) == 1;
    if (!ok)
        r->write_errno = errno ? errno : EIO;
}

void report_finding(void *opaque, const struct finding *f)
{
    report_finding_message(opaque, f, f->message);
}

void report_finding_message(struct report *r, const struct finding *f, const char *message)
{
    const char *strs[N_STR] = { f->la_child_id, f->path, message, f->value, f->table,
                                f->table ? f->column : NULL };

    record(r, f, f->table ? f->row : 0, strs);
}

int report_format_parse(const char *name, enum report_format *fmt)
{
    static const char *const names[] = { "text", "csv", "json", "html", "gnu" };

    for (int i = 0; i < 5; i++) {
        if (!strcmp(name, names[i])) {
            *fmt = (enum report_format)i;
            return 0;
        }
    }
    return -1;
}

/* ---- escaping ----------------------------------------------------------- */

/* A report's CSV cell, with the formula guard and U+FFFD for the spreadsheet
 * the analyst opens it in (io/csv.h).  Reports only: a return file's values
 * are never altered. */
void rep_csv_cell(struct strbuf *out, const char *s)
{
    csv_cell(out, s, CSV_CELL_REPORT);
}

/* For the terminal: no control characters (escape sequences), no invalid UTF-8. */
void rep_text_clean(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        int32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            strbuf_addch(out, '?');
        else
            strbuf_add(out, p, n);
        p += n;
    }
}

/* ---- reading records back ------------------------------------------------ */

int rep_cursor_open(struct cursor *c, struct report *r, const struct section *s)
{
    memset(c, 0, sizeof *c);
    c->fp = r->spill;
    c->pos = s->start;
    c->end = s->end;
    for (int i = 0; i < N_STR; i++)
        strbuf_init(&c->s[i], 0);
    if (fflush(r->spill) != 0 || fseeko(r->spill, s->start, SEEK_SET) != 0) {
        c->err = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

/* 1: a record is in c; 0: end of the section; -1: read error. */
int rep_cursor_next(struct cursor *c)
{
    if (c->err)
        return -1;
    if (c->pos >= c->end)
        return 0;
    if (fread(&c->h, sizeof c->h, 1, c->fp) != 1)
        goto fail;
    c->pos += (off_t)sizeof c->h;
    for (int i = 0; i < N_STR; i++) {
        strbuf_reset(&c->s[i]);
        c->has[i] = c->h.len[i] != NO_STR;
        if (c->has[i] && c->h.len[i]) {
            strbuf_grow(&c->s[i], c->h.len[i]);
            if (fread(c->s[i].buf, c->h.len[i], 1, c->fp) != 1)
                goto fail;
            c->s[i].len = c->h.len[i];
            c->s[i].buf[c->s[i].len] = '\0';
            c->pos += c->h.len[i];
        }
    }
    return 1;
fail:
    c->err = ferror(c->fp) ? (errno ? errno : EIO) : EIO;
    return -1;
}

const char *rep_str(const struct cursor *c, int i)
{
    return c->has[i] ? c->s[i].buf : NULL;
}

void rep_cursor_close(struct cursor *c, struct report *r)
{
    for (int i = 0; i < N_STR; i++)
        strbuf_release(&c->s[i]);
    (void)fseeko(r->spill, 0, SEEK_END);
}

/* Finds the LAchildID and error/query split of the most affected children. */
int rep_resolve_top(struct report *r, struct section *s)
{
    struct cursor c;
    int rc;

    if (!s->n_top || s->top[0].id)
        return 0;
    if (rep_cursor_open(&c, r, s) != 0) {
        rep_cursor_close(&c, r);
        return -1;
    }
    for (size_t i = 0; i < s->n_top; i++)
        s->top[i].errors = s->top[i].queries = 0;
    while ((rc = rep_cursor_next(&c)) == 1) {
        for (size_t i = 0; i < s->n_top; i++) {
            struct top_child *t = &s->top[i];
            if (t->child != c.h.child || s->rules[c.h.rule].expected)
                continue;
            if (s->rules[c.h.rule].rule->type == RULE_ERROR)
                t->errors++;
            else
                t->queries++;
            if (!t->id && rep_str(&c, S_ID))
                t->id = xstrdup(rep_str(&c, S_ID));
        }
    }
    for (size_t i = 0; i < s->n_top; i++)
        if (!s->top[i].id)
            s->top[i].id = xstrdup("");
    rep_cursor_close(&c, r);
    return rc < 0 ? -1 : 0;
}

/* Summary order: errors first, then queries, then what is expected for
 * the profile; then by count, then by code. */
static const struct section *sort_section;
static int rule_order(const void *a, const void *b)
{
    const struct rule_count *x = &sort_section->rules[*(const size_t *)a];
    const struct rule_count *y = &sort_section->rules[*(const size_t *)b];

    if (x->expected != y->expected)
        return x->expected ? 1 : -1;
    if (x->rule->type != y->rule->type)
        return x->rule->type == RULE_ERROR ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->rule->code, y->rule->code);
}

size_t *rep_sorted_rules(const struct section *s)
{
    size_t *idx = xmalloc((s->n_rules ? s->n_rules : 1) * sizeof *idx);

    for (size_t i = 0; i < s->n_rules; i++)
        idx[i] = i;
    sort_section = s;
    qsort(idx, s->n_rules, sizeof *idx, rule_order);
    sort_section = NULL;
    return idx;
}

const char *rep_type_name(const struct rule_count *rc)
{
    if (rc->expected)
        return rc->rule->type == RULE_ERROR ? "expected error" : "expected query";
    return rc->rule->type == RULE_ERROR ? "error" : "query";
}

const char *rep_type_class(const struct rule_count *rc)
{
    return rc->expected ? "expected" : rc->rule->type == RULE_ERROR ? "error" : "query";
}

const char *rep_message(const struct section *s, const struct cursor *c)
{
    const char *m = rep_str(c, S_MSG);
    return m ? m : s->rules[c->h.rule].rule->message;
}

void rep_year_text(const struct section *s, struct strbuf *out, void (*escape)(struct strbuf *, const char *))
{
    strbuf_addf(out, "%d", s->year);
    if (!s->year_note)
        return;
    strbuf_addstr(out, " (");
    escape(out, s->year_note);
    strbuf_addch(out, ')');
}

void rep_date_text(sr_date d, char buf[11])
{
    if (sr_date_ok(d))
        date_format_iso(d, buf);
    else
        buf[0] = '\0';
}

/* Writes sb to out and empties it; false on a write error. */
bool rep_flush(struct strbuf *sb, FILE *out)
{
    bool ok = !sb->len || fwrite(sb->buf, sb->len, 1, out) == 1;
    strbuf_reset(sb);
    return ok;
}

bool rep_is_903(const struct section *s)
{
    return s->kind == REPORT_KIND_SSDA903;
}

const char *rep_file_of(const struct section *s, const struct cursor *c)
{
    const char *table = rep_str(c, S_TABLE), *path = rep_str(c, S_PATH);

    for (size_t i = 0; i < s->n_files; i++) {
        const struct table_file *f = &s->files[i];
        if (table ? f->table && !strcmp(f->table, table) : path && !strcmp(f->file, path))
            return f->file;
    }
    return s->file;
}

size_t rep_schema_errors(const struct section *s)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_rules; i++) {
        const struct rule *rule = s->rules[i].rule;
        if (rule->type == RULE_ERROR && !s->rules[i].expected && rule->module
            && (!strcmp(rule->module, "Schema") || !strcmp(rule->module, "CSV") || !strcmp(rule->module, "Spec")))
            n += s->rules[i].count;
    }
    return n;
}

const char *rep_noun(const struct section *s)
{
    return s->kind == REPORT_KIND_FAMILIES ? "people" : "children";
}

static void plural(struct strbuf *out, size_t n, const char *one, const char *many)
{
    strbuf_addf(out, "%zu %s", n, n == 1 ? one : many);
}

void rep_upload_words(const struct section *s, struct strbuf *out, void (*escape)(struct strbuf *, const char *))
{
    size_t schema = rep_schema_errors(s), rules = s->errors - schema;
    struct strbuf w = STRBUF_INIT;

    if (s->kind == REPORT_KIND_FAMILIES) {
        if (s->errors) {
            strbuf_addstr(&w, "Must be fixed before the file is sent: ");
            plural(&w, s->errors, "error", "errors");
            strbuf_addstr(&w, " against the file's layout.");
        } else {
            strbuf_addstr(&w, "Nothing stops the file being sent: no errors against its layout.");
        }
        goto out;
    }
    if (!s->errors) {
        strbuf_addstr(&w, "Nothing blocks upload: no schema errors and no DfE errors.");
    } else {
        strbuf_addstr(&w, "Blocks upload: ");
        if (schema) {
            plural(&w, schema, "schema error", "schema errors");
            strbuf_addf(&w, " (DfE COLLECT will not load the file until %s fixed)", schema == 1 ? "it is" : "they are");
        }
        if (schema && rules)
            strbuf_addstr(&w, " and ");
        if (rules) {
            plural(&w, rules, "DfE error", "DfE errors");
            strbuf_addf(&w, " (COLLECT loads the file, but the return cannot be submitted until %s fixed)",
                        rules == 1 ? "it is" : "they are");
        }
        strbuf_addch(&w, '.');
    }
    if (s->queries) {
        strbuf_addstr(&w, " Can be explained: ");
        plural(&w, s->queries, "query", "queries");
        strbuf_addstr(&w, " (check each one; where the data is right, explain it in COLLECT).");
    } else {
        strbuf_addstr(&w, " No queries to explain.");
    }
    if (s->expected) {
        strbuf_addstr(&w, " Expected for this profile: ");
        plural(&w, s->expected, "finding", "findings");
        strbuf_addstr(&w, " that the profile's own de-identification causes, counted apart.");
    }
out:
    escape(out, w.buf);
    strbuf_release(&w);
}

/* What the child's identifier is called in this section's return. */
const char *rep_id_name(const struct section *s)
{
    return rep_is_903(s) ? "CHILD" : s->kind == REPORT_KIND_FAMILIES ? "row key" : "LAchildID";
}

void rep_each_not_run(const struct section *s, void (*fn)(void *arg, const char *why, const char *codes),
                               void *arg)
{
    for (size_t i = 0; i < s->n_not_run; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(s->not_run[j].why, s->not_run[i].why);
        if (seen)
            continue;
        struct strbuf codes = STRBUF_INIT;
        for (size_t j = i; j < s->n_not_run; j++) {
            if (strcmp(s->not_run[j].why, s->not_run[i].why) != 0)
                continue;
            if (codes.len)
                strbuf_addch(&codes, ' ');
            strbuf_addstr(&codes, s->not_run[j].rule->code);
        }
        fn(arg, s->not_run[i].why, codes.buf);
        strbuf_release(&codes);
    }
}

/* ---- entry points ------------------------------------------------------------ */

int rep_ready(struct report *r, char *err, size_t errlen)
{
    if (r->n_sec)
        close_section(r, &r->sec[r->n_sec - 1]);
    if (!r->spill) {
        snprintf(err, errlen, "%s", r->spill_error);
        return -1;
    }
    if (r->write_errno) {
        snprintf(err, errlen, "cannot write the findings to a temporary file: %s",
                 strerror(r->write_errno));
        return -1;
    }
    return 0;
}

int report_write(struct report *r, FILE *out, enum report_format fmt, bool show_values,
                 char *err, size_t errlen)
{
    int rc = 0;

    if (rep_ready(r, err, errlen) != 0)
        return -1;
    r->show_values = show_values && r->keep_values;
    errno = 0;
    switch (fmt) {
    case REPORT_TEXT:
        for (size_t k = 0; rc == 0 && k < r->n_sec; k++)
            rc = rep_write_text_section(r, &r->sec[k], out);
        break;
    case REPORT_CSV:
        rc = rep_write_csv(r, out);
        break;
    case REPORT_JSON:
        rc = rep_write_json(r, out);
        break;
    case REPORT_HTML:
        rc = rep_write_html(r, out);
        break;
    case REPORT_GNU:
        rc = rep_write_gnu(r, out);
        break;
    }
    if (rc == 0 && fflush(out) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot write the report: %s", strerror(errno ? errno : EIO));
    return rc;
}
