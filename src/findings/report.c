/*
 * Findings sink and report writers; see report.h.
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
#include <sys/types.h>
#include <unistd.h>

#include "io/csv.h"
#include "io/outfile.h"
#include "io/html.h"
#include "io/json_writer.h"
#include "io/utf8.h"
#include "findings/report.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#ifndef STATRETURN_VERSION
#define STATRETURN_VERSION "unknown"
#endif

const struct rule report_xsd_rule = {
    .code = "XSD",
    .type = RULE_ERROR,
    .module = "Schema",
    .message = "The file does not conform to the CIN census schema (XSD)",
};

#define NO_STR   0xFFFFu
#define MAX_STR  4096u     /* longest string kept per field */

/* S_TABLE and S_COLUMN: SSDA903 only (struct finding's table, column). */
enum { S_ID, S_PATH, S_MSG, S_VALUE, S_TABLE, S_COLUMN, N_STR };

struct rec {
    uint32_t rule;            /* index into the section's rule table */
    uint32_t line;
    uint32_t child;
    uint32_t episode;
    int32_t referral;
    uint32_t row;             /* SSDA903: row in its table (with S_TABLE) */
    uint16_t len[N_STR];      /* NO_STR: NULL */
};

struct rule_count {
    const struct rule *rule;
    size_t count;
};

struct top_child {
    uint32_t child;
    uint32_t count;
    uint32_t errors, queries;
    char *id;                 /* filled by the writers' first pass */
};

struct not_run {
    const struct rule *rule;
    char *why;                /* e.g. "not run: needs --previous (last year's return)" */
};

struct section {
    char *file;
    char *return_name;
    char *diagnosis;
    enum report_kind kind;
    int year;
    size_t children;
    bool children_known;
    off_t start, end;
    bool closed;
    struct rule_count *rules;
    size_t n_rules, cap_rules;
    size_t errors, queries;
    struct top_child top[REPORT_TOP_CHILDREN];
    size_t n_top;
    /* rules in force that did not run for want of an input */
    struct not_run *not_run;
    size_t n_not_run, cap_not_run;
    /* SSDA903: findings per child position, kept from the sink for the
     * HTML by-child view (NULL for other kinds) */
    uint32_t *child_counts;
    size_t n_child_counts;
};

struct report {
    FILE *spill;              /* NULL when it could not be made: see spill_error */
    char spill_error[256];
    bool keep_values;
    bool show_values;         /* of the write in progress: kept and asked for */
    int write_errno;          /* first failure writing the spill */
    struct section *sec;
    size_t n_sec, cap_sec;
    uint32_t *child_counts;   /* current section, by child position */
    size_t n_child_counts;
    size_t last_rule;
};

/* ---- escaping ----------------------------------------------------------- */

/* A report's CSV cell, with the formula guard and U+FFFD for the spreadsheet
 * the analyst opens it in (io/csv.h).  Reports only: a return file's values
 * are never altered. */
static void report_cell(struct strbuf *out, const char *s)
{
    csv_cell(out, s, CSV_CELL_REPORT);
}

/* For the terminal: no control characters (escape sequences), no invalid UTF-8. */
static void text_clean(struct strbuf *out, const char *s)
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

/* ---- the sink --------------------------------------------------------------- */

static FILE *spill_open(char *err, size_t errlen)
{
    struct strbuf path = STRBUF_INIT;
    const char *dir = getenv("TMPDIR");
    FILE *fp = NULL;
    int fd;

    strbuf_addf(&path, "%s/statreturn-report." SR_TEMP_SUFFIX, dir && *dir ? dir : "/tmp");
    fd = mkstemp(path.buf);   /* 0600 */
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s: %s",
                 dir && *dir ? dir : "/tmp", strerror(errno));
        goto cleanup;
    }
    unlink(path.buf);          /* gone when we exit, however we exit */
    fp = fdopen(fd, "w+b");
    if (!fp) {
        snprintf(err, errlen, "cannot open a temporary file: %s", strerror(errno));
        close(fd);
    }
cleanup:
    strbuf_release(&path);
    return fp;
}

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
    free(s->file);
    free(s->return_name);
    free(s->diagnosis);
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
    if (s->kind == REPORT_KIND_SSDA903) {
        s->child_counts = r->child_counts;
        s->n_child_counts = r->n_child_counts;
    } else {
        free(r->child_counts);
    }
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

void report_set_kind(struct report *r, enum report_kind kind)
{
    current(r)->kind = kind;
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
static void each_not_run_group(const struct section *s, void (*fn)(void *arg, const char *why, const char *codes),
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

static void text_not_run(void *arg, const char *why, const char *codes)
{
    struct strbuf *sb = arg;

    strbuf_addstr(sb, "  rules ");
    text_clean(sb, why);
    strbuf_addstr(sb, ":\n    ");
    text_clean(sb, codes);
    strbuf_addch(sb, '\n');
}

static void html_not_run(void *arg, const char *why, const char *codes)
{
    struct strbuf *sb = arg;

    strbuf_addstr(sb, "<p class=\"note\">Rules ");
    html_escape(sb, why);
    strbuf_addstr(sb, ": <code>");
    html_escape(sb, codes);
    strbuf_addstr(sb, "</code></p>\n");
}

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

static uint32_t rule_index(struct report *r, struct section *s, const struct rule *rule)
{
    if (r->last_rule < s->n_rules && s->rules[r->last_rule].rule == rule)
        return (uint32_t)r->last_rule;
    for (size_t i = 0; i < s->n_rules; i++) {
        if (s->rules[i].rule == rule) {
            r->last_rule = i;
            return (uint32_t)i;
        }
    }
    ALLOC_GROW(s->rules, s->n_rules, s->cap_rules);
    s->rules[s->n_rules].rule = rule;
    s->rules[s->n_rules].count = 0;
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

static void record(struct report *r, const struct rule *rule, uint32_t line, size_t child,
                   size_t episode, sr_date referral, size_t row, const char *strs[N_STR])
{
    struct section *s = current(r);
    struct rec h;

    memset(&h, 0, sizeof h);
    h.rule = rule_index(r, s, rule);
    h.line = line;
    h.child = clamp32(child);
    h.episode = clamp32(episode);
    h.referral = referral;
    h.row = clamp32(row);
    if (!r->keep_values)
        strs[S_VALUE] = NULL;
    for (int i = 0; i < N_STR; i++)
        h.len[i] = strs[i] ? keep_len(strs[i]) : NO_STR;

    s->rules[h.rule].count++;
    if (rule->type == RULE_ERROR)
        s->errors++;
    else
        s->queries++;
    if (h.child && h.child < UINT32_MAX) {
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
    report_finding_message(opaque, f, NULL);
}

void report_finding_message(struct report *r, const struct finding *f, const char *message)
{
    const char *strs[N_STR] = { f->la_child_id, f->path, message, f->value, f->table,
                                f->table ? f->column : NULL };

    record(r, f->rule, f->line, f->child_position, f->episode_position, f->referral_date,
           f->table ? f->row : 0, strs);
}

void report_schema_error(struct report *r, uint32_t line, const char *path, const char *message,
                         const char *la_child_id, size_t child_position, size_t episode_position,
                         sr_date referral_date, const char *value)
{
    const char *strs[N_STR] = { la_child_id, path, message, value, NULL, NULL };

    record(r, &report_xsd_rule, line, child_position, episode_position, referral_date, 0, strs);
}

int report_format_parse(const char *name, enum report_format *fmt)
{
    static const char *const names[] = { "text", "csv", "json", "html" };

    for (int i = 0; i < 4; i++) {
        if (!strcmp(name, names[i])) {
            *fmt = (enum report_format)i;
            return 0;
        }
    }
    return -1;
}

/* ---- reading records back ------------------------------------------------ */

struct cursor {
    FILE *fp;
    off_t pos, end;
    struct rec h;
    struct strbuf s[N_STR];
    bool has[N_STR];
    int err;
};

static int cursor_open(struct cursor *c, struct report *r, const struct section *s)
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
static int cursor_next(struct cursor *c)
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

static const char *cur_str(const struct cursor *c, int i)
{
    return c->has[i] ? c->s[i].buf : NULL;
}

static void cursor_close(struct cursor *c, struct report *r)
{
    for (int i = 0; i < N_STR; i++)
        strbuf_release(&c->s[i]);
    (void)fseeko(r->spill, 0, SEEK_END);
}

/* Finds the LAchildID and error/query split of the most affected children. */
static int resolve_top(struct report *r, struct section *s)
{
    struct cursor c;
    int rc;

    if (!s->n_top || s->top[0].id)
        return 0;
    if (cursor_open(&c, r, s) != 0) {
        cursor_close(&c, r);
        return -1;
    }
    for (size_t i = 0; i < s->n_top; i++)
        s->top[i].errors = s->top[i].queries = 0;
    while ((rc = cursor_next(&c)) == 1) {
        for (size_t i = 0; i < s->n_top; i++) {
            struct top_child *t = &s->top[i];
            if (t->child != c.h.child)
                continue;
            if (s->rules[c.h.rule].rule->type == RULE_ERROR)
                t->errors++;
            else
                t->queries++;
            if (!t->id && cur_str(&c, S_ID))
                t->id = xstrdup(cur_str(&c, S_ID));
        }
    }
    for (size_t i = 0; i < s->n_top; i++)
        if (!s->top[i].id)
            s->top[i].id = xstrdup("");
    cursor_close(&c, r);
    return rc < 0 ? -1 : 0;
}

/* Summary order: errors first, then by count, then by code. */
static const struct section *sort_section;
static int rule_order(const void *a, const void *b)
{
    const struct rule_count *x = &sort_section->rules[*(const size_t *)a];
    const struct rule_count *y = &sort_section->rules[*(const size_t *)b];

    if (x->rule->type != y->rule->type)
        return x->rule->type == RULE_ERROR ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->rule->code, y->rule->code);
}

static size_t *sorted_rules(const struct section *s)
{
    size_t *idx = xmalloc((s->n_rules ? s->n_rules : 1) * sizeof *idx);

    for (size_t i = 0; i < s->n_rules; i++)
        idx[i] = i;
    sort_section = s;
    qsort(idx, s->n_rules, sizeof *idx, rule_order);
    sort_section = NULL;
    return idx;
}

static const char *type_name(enum rule_type t)
{
    return t == RULE_ERROR ? "error" : "query";
}

static const char *finding_message(const struct section *s, const struct cursor *c)
{
    const char *m = cur_str(c, S_MSG);
    return m ? m : s->rules[c->h.rule].rule->message;
}

static void date_text(sr_date d, char buf[11])
{
    if (sr_date_ok(d))
        date_format_iso(d, buf);
    else
        buf[0] = '\0';
}

/* Writes sb to out and empties it; false on a write error. */
static bool flush_sb(struct strbuf *sb, FILE *out)
{
    bool ok = !sb->len || fwrite(sb->buf, sb->len, 1, out) == 1;
    strbuf_reset(sb);
    return ok;
}

static bool is_903(const struct section *s)
{
    return s->kind == REPORT_KIND_SSDA903;
}

/* What the child's identifier is called in this section's return. */
static const char *id_name(const struct section *s)
{
    return is_903(s) ? "CHILD" : "LAchildID";
}

/* ---- text ------------------------------------------------------------------ */

/* SSDA903: "Episodes row 12, PL_POST" ("Episodes header row" for row 0),
 * then the path when it says more; "-" when the finding has no table. */
static void text_place_903(struct strbuf *sb, const struct cursor *c)
{
    const char *table = cur_str(c, S_TABLE);

    strbuf_addstr(sb, "  ");
    if (table) {
        text_clean(sb, table);
        if (c->h.row)
            strbuf_addf(sb, " row %u", (unsigned)c->h.row);
        else
            strbuf_addstr(sb, " header row");
        if (cur_str(c, S_COLUMN)) {
            strbuf_addstr(sb, ", ");
            text_clean(sb, cur_str(c, S_COLUMN));
        }
    } else {
        strbuf_addch(sb, '-');
    }
    if (cur_str(c, S_PATH)) {
        strbuf_addstr(sb, "  ");
        text_clean(sb, cur_str(c, S_PATH));
    }
}

/* CIN: the CINdetails episode and its referral date, then the path. */
static void text_place_cin(struct strbuf *sb, const struct cursor *c)
{
    char d[11];

    if (c->h.episode) {
        date_text(c->h.referral, d);
        strbuf_addf(sb, "  CINdetails[%u] %s", (unsigned)c->h.episode, *d ? d : "-");
    } else {
        strbuf_addstr(sb, "  -");
    }
    strbuf_addstr(sb, "  ");
    text_clean(sb, cur_str(c, S_PATH) ? cur_str(c, S_PATH) : "-");
}

static int write_text_section(struct report *r, struct section *s, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct cursor c;
    size_t *idx = NULL;
    int rc = 0;
    bool ok = true;

    if (resolve_top(r, s) != 0)
        return -1;
    strbuf_addstr(&sb, s->return_name);
    strbuf_addstr(&sb, " file: ");
    text_clean(&sb, s->file);
    strbuf_addch(&sb, '\n');
    if (s->year)
        strbuf_addf(&sb, "  collection year: %d\n", s->year);
    if (s->children_known)
        strbuf_addf(&sb, "  children:        %zu\n", s->children);
    strbuf_addf(&sb, "  errors:          %zu\n  queries:         %zu\n", s->errors, s->queries);
    if (s->diagnosis) {
        strbuf_addstr(&sb, s->children_known ? "  incomplete: " : "  not validated: ");
        text_clean(&sb, s->diagnosis);
        strbuf_addch(&sb, '\n');
    }
    each_not_run_group(s, text_not_run, &sb);
    if (s->n_rules) {
        idx = sorted_rules(s);
        strbuf_addf(&sb, "\n  %-7s %-6s %7s  %s\n", "Rule", "Type", "Count", "Message");
        for (size_t i = 0; i < s->n_rules; i++) {
            const struct rule_count *rc_ = &s->rules[idx[i]];
            strbuf_addstr(&sb, "  ");
            size_t at = sb.len;
            text_clean(&sb, rc_->rule->code);
            while (sb.len - at < 7)
                strbuf_addch(&sb, ' ');
            strbuf_addf(&sb, " %-6s %7zu  ", type_name(rc_->rule->type), rc_->count);
            text_clean(&sb, rc_->rule->message);
            strbuf_addch(&sb, '\n');
        }
    }
    if (s->n_top) {
        strbuf_addf(&sb, "\n  Most affected children:\n    %-20s %8s %7s %8s\n",
                    id_name(s), "Child", "Errors", "Queries");
        for (size_t i = 0; i < s->n_top; i++) {
            strbuf_addstr(&sb, "    ");
            size_t at = sb.len;
            text_clean(&sb, *s->top[i].id ? s->top[i].id : "(none)");
            while (sb.len - at < 20)
                strbuf_addch(&sb, ' ');
            strbuf_addf(&sb, " %8u %7u %8u\n", (unsigned)s->top[i].child,
                        (unsigned)s->top[i].errors, (unsigned)s->top[i].queries);
        }
    }
    if (!s->n_rules && !s->diagnosis)
        strbuf_addstr(&sb, "\n  No findings.\n");
    if (s->n_rules)
        strbuf_addstr(&sb, is_903(s) ? "\n  Findings (rule, type, CHILD, table row, column, path, line):\n"
                                     : "\n  Findings (rule, type, LAchildID, CINdetails, referral date, path, line):\n");
    ok = flush_sb(&sb, out);

    if (s->n_rules && ok) {
        if (cursor_open(&c, r, s) != 0) {
            cursor_close(&c, r);
            rc = -1;
            goto cleanup;
        }
        while (ok && (rc = cursor_next(&c)) == 1) {
            const struct rule *rule = s->rules[c.h.rule].rule;
            strbuf_addstr(&sb, "    ");
            text_clean(&sb, rule->code);
            strbuf_addf(&sb, "  %s  ", type_name(rule->type));
            text_clean(&sb, cur_str(&c, S_ID) ? cur_str(&c, S_ID) : "-");
            if (is_903(s))
                text_place_903(&sb, &c);
            else
                text_place_cin(&sb, &c);
            if (c.h.line)
                strbuf_addf(&sb, "  line %u", (unsigned)c.h.line);
            strbuf_addch(&sb, '\n');
            if (cur_str(&c, S_MSG)) {
                strbuf_addstr(&sb, "        ");
                text_clean(&sb, cur_str(&c, S_MSG));
                strbuf_addch(&sb, '\n');
            }
            if (r->show_values && cur_str(&c, S_VALUE)) {
                strbuf_addstr(&sb, "        value: ");
                text_clean(&sb, cur_str(&c, S_VALUE));
                strbuf_addch(&sb, '\n');
            }
            if (sb.len > 65536)
                ok = flush_sb(&sb, out);
        }
        cursor_close(&c, r);
        if (rc > 0)
            rc = 0;
    }
    strbuf_addch(&sb, '\n');
    ok = ok && flush_sb(&sb, out);
cleanup:
    free(idx);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

/* ---- CSV --------------------------------------------------------------------- */

/* One header row for the whole file, so the columns follow the kinds of
 * all its sections (report.h, Kinds). */
enum csv_layout { CSV_CIN, CSV_903, CSV_MIXED };

static enum csv_layout csv_layout_of(const struct report *r)
{
    size_t n903 = 0;

    for (size_t k = 0; k < r->n_sec; k++)
        n903 += is_903(&r->sec[k]);
    return !n903 ? CSV_CIN : n903 == r->n_sec ? CSV_903 : CSV_MIXED;
}

static const char *csv_header(enum csv_layout layout)
{
    switch (layout) {
    case CSV_903:
        return "file,rule,type,table,row,child,column,message,line,path";
    case CSV_MIXED:
        return "file,rule,type,table,row,child,column,message,line,path,cindetails_position,referral_date";
    case CSV_CIN:
        break;
    }
    return "file,rule,type,message,la_child_id,cindetails_position,referral_date,path,line";
}

static void csv_episode(struct strbuf *sb, const struct cursor *c)
{
    char d[11];

    if (c->h.episode)
        strbuf_addf(sb, "%u", (unsigned)c->h.episode);
    date_text(c->h.referral, d);
    strbuf_addf(sb, ",%s", d);
}

static void csv_line(struct strbuf *sb, const struct cursor *c)
{
    if (c->h.line)
        strbuf_addf(sb, "%u", (unsigned)c->h.line);
}

/* From message on, CIN columns: message,la_child_id,cindetails_position,
 * referral_date,path,line. */
static void csv_tail_cin(struct strbuf *sb, const struct section *s, const struct cursor *c)
{
    report_cell(sb, finding_message(s, c));
    strbuf_addch(sb, ',');
    report_cell(sb, cur_str(c, S_ID));
    strbuf_addch(sb, ',');
    csv_episode(sb, c);
    strbuf_addch(sb, ',');
    report_cell(sb, cur_str(c, S_PATH));
    strbuf_addch(sb, ',');
    csv_line(sb, c);
}

/* From table on, SSDA903 columns: table,row,child,column,message,line,path
 * (and cindetails_position,referral_date in a mixed report).  The row is
 * written only with a table: 0 is a CSV file's header row. */
static void csv_tail_903(struct strbuf *sb, const struct section *s, const struct cursor *c, bool mixed)
{
    report_cell(sb, cur_str(c, S_TABLE));
    strbuf_addch(sb, ',');
    if (cur_str(c, S_TABLE))
        strbuf_addf(sb, "%u", (unsigned)c->h.row);
    strbuf_addch(sb, ',');
    report_cell(sb, cur_str(c, S_ID));
    strbuf_addch(sb, ',');
    report_cell(sb, cur_str(c, S_COLUMN));
    strbuf_addch(sb, ',');
    report_cell(sb, finding_message(s, c));
    strbuf_addch(sb, ',');
    csv_line(sb, c);
    strbuf_addch(sb, ',');
    report_cell(sb, cur_str(c, S_PATH));
    if (mixed) {
        strbuf_addch(sb, ',');
        csv_episode(sb, c);
    }
}

static void csv_row(struct strbuf *sb, const struct section *s, const struct cursor *c, enum csv_layout layout,
                    bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    report_cell(sb, s->file);
    strbuf_addch(sb, ',');
    report_cell(sb, rule->code);
    strbuf_addf(sb, ",%s,", type_name(rule->type));
    if (layout == CSV_CIN)
        csv_tail_cin(sb, s, c);
    else
        csv_tail_903(sb, s, c, layout == CSV_MIXED);
    if (show_values) {
        strbuf_addch(sb, ',');
        report_cell(sb, cur_str(c, S_VALUE));
    }
    strbuf_addstr(sb, "\r\n");
}

static int write_csv(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    enum csv_layout layout = csv_layout_of(r);
    bool ok;
    int rc = 0;

    strbuf_addstr(&sb, "\xEF\xBB\xBF");
    strbuf_addstr(&sb, csv_header(layout));
    if (r->show_values)
        strbuf_addstr(&sb, ",value");
    strbuf_addstr(&sb, "\r\n");
    ok = flush_sb(&sb, out);
    for (size_t k = 0; ok && rc == 0 && k < r->n_sec; k++) {
        struct section *s = &r->sec[k];
        struct cursor c;
        if (cursor_open(&c, r, s) != 0) {
            cursor_close(&c, r);
            rc = -1;
            break;
        }
        while (ok && (rc = cursor_next(&c)) == 1) {
            csv_row(&sb, s, &c, layout, r->show_values);
            if (sb.len > 65536)
                ok = flush_sb(&sb, out);
        }
        cursor_close(&c, r);
        if (rc > 0)
            rc = 0;
    }
    ok = ok && flush_sb(&sb, out);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

/* ---- JSON -------------------------------------------------------------------- */

/* A number, or null when the record has none. */
static void json_uint_or_null(struct json_writer *w, const char *key, bool present, uintmax_t n)
{
    json_key(w, key);
    if (present)
        json_uint(w, n);
    else
        json_null(w);
}

static const char *section_status(const struct section *s)
{
    return s->diagnosis ? "unreadable" : s->errors ? "errors" : "ok";
}

/* CIN: "cindetails_position" and "referral_date". */
static void json_place_cin(struct json_writer *w, const struct cursor *c)
{
    char d[11];

    json_uint_or_null(w, "cindetails_position", c->h.episode != 0, c->h.episode);
    date_text(c->h.referral, d);
    json_member_string_or_null(w, "referral_date", *d ? d : NULL);
}

/* SSDA903: "table", "row", "column" (null when the finding has none; row
 * 0 is a CSV file's header row). */
static void json_place_903(struct json_writer *w, const struct cursor *c)
{
    json_member_string_or_null(w, "table", cur_str(c, S_TABLE));
    json_uint_or_null(w, "row", cur_str(c, S_TABLE) != NULL, c->h.row);
    json_member_string_or_null(w, "column", cur_str(c, S_COLUMN));
}

static void json_finding(struct json_writer *w, const struct section *s, const struct cursor *c,
                         bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    json_begin_object(w, JSON_INLINE);
    json_member_string(w, "rule", rule->code);
    json_member_string(w, "type", type_name(rule->type));
    json_member_string(w, "message", finding_message(s, c));
    json_member_string_or_null(w, "la_child_id", cur_str(c, S_ID));
    json_uint_or_null(w, "child_position", c->h.child != 0, c->h.child);
    if (is_903(s))
        json_place_903(w, c);
    else
        json_place_cin(w, c);
    json_member_string_or_null(w, "path", cur_str(c, S_PATH));
    json_uint_or_null(w, "line", c->h.line != 0, c->h.line);
    if (show_values)
        json_member_string_or_null(w, "value", cur_str(c, S_VALUE));
    json_end_object(w);
}

/* The rules in summary order, one a line, and the most affected children. */
static void json_rule_counts(struct json_writer *w, const struct section *s)
{
    size_t *idx = sorted_rules(s);

    json_key(w, "rules");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < s->n_rules; i++) {
        const struct rule_count *rc_ = &s->rules[idx[i]];
        json_begin_object(w, JSON_INLINE);
        json_member_string(w, "rule", rc_->rule->code);
        json_member_string(w, "type", type_name(rc_->rule->type));
        json_member_string(w, "message", rc_->rule->message);
        json_member_uint(w, "count", rc_->count);
        json_end_object(w);
    }
    json_end_array(w);
    free(idx);
    json_wrap(w);
    json_key(w, "most_affected_children");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < s->n_top; i++) {
        json_begin_object(w, JSON_INLINE);
        json_member_string_or_null(w, "la_child_id", *s->top[i].id ? s->top[i].id : NULL);
        json_member_uint(w, "child_position", s->top[i].child);
        json_member_uint(w, "errors", s->top[i].errors);
        json_member_uint(w, "queries", s->top[i].queries);
        json_end_object(w);
    }
    json_end_array(w);
}

/* The section's members before its findings. */
static void json_section_head(struct json_writer *w, const struct section *s)
{
    json_member_string(w, "file", s->file);
    json_member_string(w, "return", s->return_name);
    json_key(w, "year");
    if (s->year)
        json_int(w, s->year);
    else
        json_null(w);
    json_member_string(w, "status", section_status(s));
    json_member_string_or_null(w, "diagnosis", s->diagnosis);
    json_uint_or_null(w, "children", s->children_known, s->children);
    json_member_uint(w, "errors", s->errors);
    json_member_uint(w, "queries", s->queries);
    if (s->n_not_run) {
        json_key(w, "not_run");
        json_begin_array(w, JSON_INLINE);
        for (size_t i = 0; i < s->n_not_run; i++) {
            json_begin_object(w, JSON_INLINE);
            json_member_string(w, "rule", s->not_run[i].rule->code);
            json_member_string(w, "why", s->not_run[i].why);
            json_end_object(w);
        }
        json_end_array(w);
    }
    json_rule_counts(w, s);
}

/* -1 when the findings cannot be read back; the document is then left
 * unfinished, and json_writer_finish says so. */
static int write_json_section(struct report *r, struct section *s, struct json_writer *w)
{
    struct cursor c;
    int rc = 0;

    if (resolve_top(r, s) != 0)
        return -1;
    json_begin_object(w, JSON_INLINE);
    json_section_head(w, s);
    json_wrap(w);
    json_key(w, "findings");
    json_begin_array(w, JSON_ROWS);
    if (cursor_open(&c, r, s) != 0) {
        cursor_close(&c, r);
        return -1;
    }
    while (json_writer_error(w) == JSON_WRITER_OK && (rc = cursor_next(&c)) == 1)
        json_finding(w, s, &c, r->show_values);
    cursor_close(&c, r);
    if (rc < 0)
        return -1;
    json_end_array(w);
    json_end_object(w);
    return 0;
}

/* Streamed: memory stays that of one finding however many there are.
 * HTML-safe escaping, so that a value reads the same here as in the HTML
 * report. */
static int write_json(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    int rc = 0;

    json_writer_init(&w, &sb, JSON_HTML_SAFE, JSON_COMPACT);
    json_writer_stream_to(&w, out);
    json_begin_object(&w, JSON_INLINE);
    json_member_string(&w, "tool", "statreturn");
    json_member_string(&w, "version", STATRETURN_VERSION);
    json_key(&w, "files");
    json_begin_array(&w, JSON_INLINE);
    for (size_t k = 0; rc == 0 && k < r->n_sec; k++) {
        json_wrap(&w);
        rc = write_json_section(r, &r->sec[k], &w);
    }
    if (rc == 0) {
        json_end_array(&w);
        json_end_object(&w);
    }
    if (json_writer_finish(&w) != 0) {
        if (json_writer_error(&w) == JSON_WRITER_IO)
            errno = w.io_errno;
        rc = -1;
    }
    strbuf_release(&sb);
    return rc;
}

/* ---- HTML ---------------------------------------------------------------------- */

/* The page up to the lookup's label, which names the child's identifier
 * (LAchildID; CHILD when every section is SSDA903), and the rest of it. */
static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n"
    "<title>statreturn validation report</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b}\n"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\n"
    "th{background:#f0f0f0}td.n{text-align:right}\n"
    ".error{color:#a00;font-weight:bold}.query{color:#a60;font-weight:bold}\n"
    ".bad{background:#fde8e8;padding:.5em}.ok{background:#e8f5e8;padding:.5em}\n"
    "code{font-size:90%}section.file{border-top:3px solid #444;margin-top:2em}\n"
    "#lookup{position:sticky;top:0;background:#fff;padding:.5em 0}\n"
    "</style>\n</head>\n<body>\n<h1>statreturn validation report</h1>\n"
    "<p id=\"lookup\"><label>Find a child by ";
static const char html_head_end[] =
    ": <input id=\"q\" type=\"search\" autocomplete=\"off\"></label> "
    "<span id=\"qn\"></span></p>\n";

static const char html_tail[] =
    "<script>\n"
    "(function(){var q=document.getElementById('q'),n=document.getElementById('qn');\n"
    "q.addEventListener('input',function(){var v=q.value.trim(),c=0;\n"
    "document.querySelectorAll('tr[data-c]').forEach(function(t){\n"
    "var m=v===''||t.getAttribute('data-c')===v;t.hidden=!m;if(m&&v!=='')c++;});\n"
    "n.textContent=v===''?'':c+' finding(s) shown for this child';});})();\n"
    "</script>\n</body>\n</html>\n";

static void html_cell(struct strbuf *sb, const char *s)
{
    strbuf_addstr(sb, "<td>");
    html_escape(sb, s ? s : "");
    strbuf_addstr(sb, "</td>");
}

static void html_num_cell(struct strbuf *sb, bool present, uint32_t n)
{
    if (present)
        strbuf_addf(sb, "<td class=\"n\">%u</td>", (unsigned)n);
    else
        strbuf_addstr(sb, "<td></td>");
}

/* The summary: status, not-run rules, counts, rules, most affected children. */
static void html_summary(struct strbuf *sb, const struct section *s, size_t k, const size_t *idx)
{
    strbuf_addstr(sb, "<section class=\"file\">\n<h2>");
    html_escape(sb, s->return_name);
    strbuf_addstr(sb, ": <code>");
    html_escape(sb, s->file);
    strbuf_addstr(sb, "</code></h2>\n");
    if (s->diagnosis) {
        strbuf_addstr(sb, "<p class=\"bad\">");
        strbuf_addstr(sb, s->children_known ? "Validation incomplete: " : "Not validated: ");
        html_escape(sb, s->diagnosis);
        strbuf_addstr(sb, "</p>\n");
    } else {
        strbuf_addf(sb, "<p class=\"%s\">%s</p>\n", s->errors ? "bad" : "ok",
                    s->errors ? "The return has errors." : "No errors (queries allowed).");
    }
    each_not_run_group(s, html_not_run, sb);
    strbuf_addstr(sb, "<table>\n");
    if (s->year)
        strbuf_addf(sb, "<tr><th>Collection year</th><td>%d</td></tr>\n", s->year);
    if (s->children_known)
        strbuf_addf(sb, "<tr><th>Children</th><td class=\"n\">%zu</td></tr>\n", s->children);
    strbuf_addf(sb, "<tr><th>Errors</th><td class=\"n\">%zu</td></tr>\n"
                    "<tr><th>Queries</th><td class=\"n\">%zu</td></tr>\n</table>\n",
                s->errors, s->queries);

    if (s->n_rules) {
        strbuf_addstr(sb, "<h3>Rules</h3>\n<table>\n<tr><th>Rule</th><th>Type</th>"
                          "<th>Count</th><th>Message</th></tr>\n");
        for (size_t i = 0; i < s->n_rules; i++) {
            const struct rule_count *rc_ = &s->rules[idx[i]];
            strbuf_addf(sb, "<tr><td><a href=\"#f%zu-r%zu\">", k, idx[i]);
            html_escape(sb, rc_->rule->code);
            strbuf_addf(sb, "</a></td><td class=\"%s\">%s</td><td class=\"n\">%zu</td>",
                        type_name(rc_->rule->type), type_name(rc_->rule->type), rc_->count);
            html_cell(sb, rc_->rule->message);
            strbuf_addstr(sb, "</tr>\n");
        }
        strbuf_addstr(sb, "</table>\n");
        if (is_903(s))
            strbuf_addf(sb, "<p><a href=\"#f%zu-children\">Findings by child</a></p>\n", k);
    }
    if (s->n_top) {
        strbuf_addf(sb, "<h3>Most affected children</h3>\n<table>\n<tr><th>%s</th>"
                        "<th>Child</th><th>Errors</th><th>Queries</th></tr>\n", id_name(s));
        for (size_t i = 0; i < s->n_top; i++) {
            strbuf_addstr(sb, "<tr>");
            html_cell(sb, s->top[i].id);
            strbuf_addf(sb, "<td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n",
                        (unsigned)s->top[i].child, (unsigned)s->top[i].errors,
                        (unsigned)s->top[i].queries);
        }
        strbuf_addstr(sb, "</table>\n");
    }
}

/* The head row of a rule's table of findings. */
static void html_rule_head(struct strbuf *sb, const struct section *s, const struct rule *rule, bool show_values)
{
    if (is_903(s))
        strbuf_addstr(sb, "</h3>\n<table>\n<tr><th>CHILD</th><th>Table</th><th>Row</th><th>Column</th>"
                          "<th>Path</th><th>Line</th><th>Detail</th>");
    else
        strbuf_addstr(sb, "</h3>\n<table>\n<tr><th>LAchildID</th><th>CINdetails</th>"
                          "<th>Referral date</th><th>Path</th><th>Line</th>");
    if (!is_903(s) && rule == &report_xsd_rule)
        strbuf_addstr(sb, "<th>Schema message</th>");
    if (show_values)
        strbuf_addstr(sb, "<th>Value</th>");
    strbuf_addstr(sb, "</tr>\n");
}

/* A finding in its rule's table, CIN columns. */
static void html_rule_row_cin(struct strbuf *row, const struct section *s, const struct cursor *c, bool show_values)
{
    char d[11];

    html_cell(row, cur_str(c, S_ID));
    html_num_cell(row, c->h.episode != 0, c->h.episode);
    date_text(c->h.referral, d);
    html_cell(row, d);
    strbuf_addstr(row, "<td><code>");
    html_escape(row, cur_str(c, S_PATH) ? cur_str(c, S_PATH) : "");
    strbuf_addstr(row, "</code></td>");
    html_num_cell(row, c->h.line != 0, c->h.line);
    if (s->rules[c->h.rule].rule == &report_xsd_rule)
        html_cell(row, cur_str(c, S_MSG));
    if (show_values)
        html_cell(row, cur_str(c, S_VALUE));
}

/* A finding in its rule's table, SSDA903 columns; the CHILD links to the
 * child's findings in the by-child part when it is listed there (children
 * 1..listed). */
static void html_rule_row_903(struct strbuf *row, const struct cursor *c, size_t k, uint32_t listed,
                              bool show_values)
{
    if (c->h.child && c->h.child <= listed) {
        strbuf_addf(row, "<td><a href=\"#f%zu-c%u\">", k, (unsigned)c->h.child);
        html_escape(row, cur_str(c, S_ID) ? cur_str(c, S_ID) : "(no CHILD)");
        strbuf_addstr(row, "</a></td>");
    } else {
        html_cell(row, cur_str(c, S_ID));
    }
    html_cell(row, cur_str(c, S_TABLE));
    html_num_cell(row, cur_str(c, S_TABLE) != NULL, c->h.row);
    html_cell(row, cur_str(c, S_COLUMN));
    strbuf_addstr(row, "<td><code>");
    html_escape(row, cur_str(c, S_PATH) ? cur_str(c, S_PATH) : "");
    strbuf_addstr(row, "</code></td>");
    html_num_cell(row, c->h.line != 0, c->h.line);
    html_cell(row, cur_str(c, S_MSG));
    if (show_values)
        html_cell(row, cur_str(c, S_VALUE));
}

/*
 * The by-child part of an SSDA903 section: every finding of the first
 * children in return order, as many children as REPORT_HTML_CHILD_ROWS
 * findings allow (the per-child counts say how many that is before the
 * pass), rendered in the pass that renders the by-rule rows and then put
 * in child order.  So memory is bounded as the by-rule part's is, and each
 * child listed is listed whole.
 */
struct child_row {
    uint32_t child;          /* position in the return */
    uint32_t seq;            /* arrival order, kept within a child */
    size_t at, len;          /* the rendered row, in by_child.text */
    size_t id_at, id_len;    /* the escaped CHILD, in by_child.ids */
};

struct by_child {
    struct strbuf text, ids;
    struct child_row *v;
    size_t n, cap;
    uint32_t last;           /* children 1..last are listed */
    size_t rest_children;    /* children after last with findings */
    size_t rest_findings;    /* and their findings */
    size_t no_child;         /* findings that name no child */
};

/* Picks the children to list: the longest run from the first whose
 * findings fit in REPORT_HTML_CHILD_ROWS. */
static void by_child_plan(struct by_child *bc, const struct section *s)
{
    size_t sum = 0;
    bool full = false;

    for (size_t pos = 1; pos < s->n_child_counts; pos++) {
        uint32_t n = s->child_counts[pos];
        if (!n)
            continue;
        if (!full && sum + n <= REPORT_HTML_CHILD_ROWS && pos < UINT32_MAX) {
            sum += n;
            bc->last = (uint32_t)pos;
        } else {
            full = true;
            bc->rest_children++;
            bc->rest_findings += n;
        }
    }
}

static void by_child_add(struct by_child *bc, const struct section *s, const struct cursor *c, size_t k,
                         bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;
    struct child_row *e;

    if (!c->h.child) {
        bc->no_child++;
        return;
    }
    if (c->h.child > bc->last)
        return;
    ALLOC_GROW(bc->v, bc->n, bc->cap);
    e = &bc->v[bc->n];
    e->child = c->h.child;
    e->seq = (uint32_t)bc->n;
    bc->n++;
    e->id_at = bc->ids.len;
    html_escape(&bc->ids, cur_str(c, S_ID) ? cur_str(c, S_ID) : "(no CHILD)");
    e->id_len = bc->ids.len - e->id_at;
    e->at = bc->text.len;
    strbuf_addf(&bc->text, "<tr><td><a href=\"#f%zu-r%u\">", k, (unsigned)c->h.rule);
    html_escape(&bc->text, rule->code);
    strbuf_addf(&bc->text, "</a></td><td class=\"%s\">%s</td>", type_name(rule->type), type_name(rule->type));
    html_cell(&bc->text, cur_str(c, S_TABLE));
    html_num_cell(&bc->text, cur_str(c, S_TABLE) != NULL, c->h.row);
    html_cell(&bc->text, cur_str(c, S_COLUMN));
    html_cell(&bc->text, finding_message(s, c));
    html_num_cell(&bc->text, c->h.line != 0, c->h.line);
    if (show_values)
        html_cell(&bc->text, cur_str(c, S_VALUE));
    strbuf_addstr(&bc->text, "</tr>\n");
    e->len = bc->text.len - e->at;
}

static void by_child_release(struct by_child *bc)
{
    strbuf_release(&bc->text);
    strbuf_release(&bc->ids);
    free(bc->v);
}

static int by_child_order(const void *a, const void *b)
{
    const struct child_row *x = a, *y = b;

    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The findings of one child: rows [from, to) of bc->v. */
static void html_child_group(struct strbuf *sb, const struct by_child *bc, size_t from, size_t to, size_t k,
                             bool show_values)
{
    const struct child_row *e = &bc->v[from];
    size_t n = to - from;

    strbuf_addf(sb, "<h4 id=\"f%zu-c%u\">CHILD <code>", k, (unsigned)e->child);
    strbuf_add(sb, bc->ids.buf + e->id_at, e->id_len);
    strbuf_addf(sb, "</code> (child %u): %zu finding%s</h4>\n<table>\n<tr><th>Rule</th><th>Type</th>"
                    "<th>Table</th><th>Row</th><th>Column</th><th>Message</th><th>Line</th>%s</tr>\n",
                (unsigned)e->child, n, n == 1 ? "" : "s", show_values ? "<th>Value</th>" : "");
    for (size_t i = from; i < to; i++)
        strbuf_add(sb, bc->text.buf + bc->v[i].at, bc->v[i].len);
    strbuf_addstr(sb, "</table>\n");
}

static bool html_by_child(struct strbuf *sb, struct by_child *bc, size_t k, bool show_values, FILE *out)
{
    bool ok = true;

    qsort(bc->v, bc->n, sizeof *bc->v, by_child_order);
    strbuf_addf(sb, "<h3 id=\"f%zu-children\">By child</h3>\n<p class=\"note\">Every finding of each child, "
                    "children in the order of the return; each rule links to its table above.</p>\n", k);
    if (bc->no_child)
        strbuf_addf(sb, "<p class=\"note\">%zu finding%s about a file or the whole return, not one child: "
                        "see the tables by rule.</p>\n",
                    bc->no_child, bc->no_child == 1 ? " is" : "s are");
    for (size_t i = 0; ok && i < bc->n;) {
        size_t j = i + 1;
        while (j < bc->n && bc->v[j].child == bc->v[i].child)
            j++;
        html_child_group(sb, bc, i, j, k, show_values);
        if (sb->len > 65536)
            ok = flush_sb(sb, out);
        i = j;
    }
    if (bc->rest_children)
        strbuf_addf(sb, "<p>&hellip; and %zu more child%s with %zu finding%s (the CSV or JSON report lists "
                        "every finding).</p>\n", bc->rest_children, bc->rest_children == 1 ? "" : "ren",
                    bc->rest_findings, bc->rest_findings == 1 ? "" : "s");
    return ok;
}

/* One pass over the section's findings: each rule's first REPORT_HTML_ROWS
 * rows, rendered (and, SSDA903, the same rows for the by-child part). */
static int html_collect(struct report *r, const struct section *s, size_t k, struct strbuf *rows, size_t *shown,
                        struct by_child *bc)
{
    struct cursor c;
    int rc;

    if (cursor_open(&c, r, s) != 0) {
        cursor_close(&c, r);
        return -1;
    }
    while ((rc = cursor_next(&c)) == 1) {
        size_t ri = c.h.rule;
        if (is_903(s))
            by_child_add(bc, s, &c, k, r->show_values);
        if (shown[ri]++ >= REPORT_HTML_ROWS)
            continue;
        struct strbuf *row = &rows[ri];
        strbuf_addstr(row, "<tr data-c=\"");
        html_escape(row, cur_str(&c, S_ID) ? cur_str(&c, S_ID) : "");
        strbuf_addstr(row, "\">");
        if (is_903(s)) {
            html_rule_row_903(row, &c, k, bc->last, r->show_values);
        } else {
            html_rule_row_cin(row, s, &c, r->show_values);
        }
        strbuf_addstr(row, "</tr>\n");
    }
    cursor_close(&c, r);
    return rc < 0 ? -1 : 0;
}

static int write_html_section(struct report *r, struct section *s, size_t k, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct by_child bc;
    size_t n = s->n_rules ? s->n_rules : 1;
    struct strbuf *rows = NULL;
    size_t *shown = NULL, *idx = NULL;
    int rc = 0;
    bool ok;

    if (resolve_top(r, s) != 0)
        return -1;
    memset(&bc, 0, sizeof bc);
    strbuf_init(&bc.text, 0);
    strbuf_init(&bc.ids, 0);
    idx = sorted_rules(s);
    html_summary(&sb, s, k, idx);
    ok = flush_sb(&sb, out);

    rows = xcalloc(n, sizeof *rows);
    for (size_t i = 0; i < n; i++)
        strbuf_init(&rows[i], 0);
    shown = xcalloc(n, sizeof *shown);
    if (is_903(s))
        by_child_plan(&bc, s);
    if (ok && s->n_rules)
        rc = html_collect(r, s, k, rows, shown, &bc);
    for (size_t i = 0; ok && rc == 0 && i < s->n_rules; i++) {
        size_t ri = idx[i];
        const struct rule *rule = s->rules[ri].rule;
        strbuf_addf(&sb, "<h3 id=\"f%zu-r%zu\">", k, ri);
        html_escape(&sb, rule->code);
        strbuf_addf(&sb, " <span class=\"%s\">%s</span> (%zu): ", type_name(rule->type),
                    type_name(rule->type), s->rules[ri].count);
        html_escape(&sb, rule->message);
        html_rule_head(&sb, s, rule, r->show_values);
        ok = flush_sb(&sb, out) && flush_sb(&rows[ri], out);
        strbuf_addstr(&sb, "</table>\n");
        if (shown[ri] > REPORT_HTML_ROWS)
            strbuf_addf(&sb, "<p>&hellip; and %zu more (the CSV or JSON report lists every finding).</p>\n",
                        shown[ri] - REPORT_HTML_ROWS);
    }
    if (ok && rc == 0 && is_903(s) && s->n_rules)
        ok = html_by_child(&sb, &bc, k, r->show_values, out);
    strbuf_addstr(&sb, "</section>\n");
    ok = ok && flush_sb(&sb, out);
    for (size_t i = 0; i < n; i++)
        strbuf_release(&rows[i]);
    free(rows);
    free(shown);
    free(idx);
    by_child_release(&bc);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

/* Every section is SSDA903: the lookup names CHILD. */
static bool all_903(const struct report *r)
{
    for (size_t k = 0; k < r->n_sec; k++)
        if (!is_903(&r->sec[k]))
            return false;
    return r->n_sec > 0;
}

static int write_html(struct report *r, FILE *out)
{
    int rc = fputs(html_head, out) == EOF || fputs(all_903(r) ? "CHILD" : "LAchildID", out) == EOF
             || fputs(html_head_end, out) == EOF ? -1 : 0;

    for (size_t k = 0; rc == 0 && k < r->n_sec; k++)
        rc = write_html_section(r, &r->sec[k], k, out);
    if (rc == 0 && fputs(html_tail, out) == EOF)
        rc = -1;
    return rc;
}

/* ---- entry points ------------------------------------------------------------ */

int report_write(struct report *r, FILE *out, enum report_format fmt, bool show_values,
                 char *err, size_t errlen)
{
    int rc = 0;

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
    r->show_values = show_values && r->keep_values;
    errno = 0;
    switch (fmt) {
    case REPORT_TEXT:
        for (size_t k = 0; rc == 0 && k < r->n_sec; k++)
            rc = write_text_section(r, &r->sec[k], out);
        break;
    case REPORT_CSV:
        rc = write_csv(r, out);
        break;
    case REPORT_JSON:
        rc = write_json(r, out);
        break;
    case REPORT_HTML:
        rc = write_html(r, out);
        break;
    }
    if (rc == 0 && fflush(out) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot write the report: %s", strerror(errno ? errno : EIO));
    return rc;
}

int report_write_file(struct report *r, const char *format, const char *path, bool force,
                      bool show_values, char *err, size_t errlen)
{
    enum report_format fmt;
    struct outfile o;

    if (report_format_parse(format, &fmt) != 0) {
        snprintf(err, errlen, "unknown report format '%s' (text, csv, json or html)", format);
        return -1;
    }
    if (outfile_open(&o, path, force, err, errlen) != 0)
        return -1;
    if (report_write(r, o.fp, fmt, show_values, err, errlen) != 0) {
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, err, errlen);
}
