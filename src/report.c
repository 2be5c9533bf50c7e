/*
 * Findings sink and report writers; see report.h.
 *
 * A finding is a fixed record head plus up to four strings, appended to an
 * unlinked temporary file.  Each file validated is a section: a byte range
 * of that file, its per-rule counts and its most affected children.  The
 * writers stream the records back, so writing a report of a million
 * findings needs no more memory than writing one of ten (HTML keeps at most
 * REPORT_HTML_ROWS rendered rows per rule).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "outfile.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

#ifndef STATRETURN_VERSION
#define STATRETURN_VERSION "unknown"
#endif

const struct cin_rule report_xsd_rule = {
    .code = "XSD",
    .type = RULE_ERROR,
    .module = "Schema",
    .message = "The file does not conform to the CIN census schema (XSD)",
};

#define NO_STR   0xFFFFu
#define MAX_STR  4096u     /* longest string kept per field */

enum { S_ID, S_PATH, S_MSG, S_VALUE, N_STR };

struct rec {
    uint32_t rule;            /* index into the section's rule table */
    uint32_t line;
    uint32_t child;
    uint32_t episode;
    int32_t referral;
    uint16_t len[N_STR];      /* NO_STR: NULL */
};

struct rule_count {
    const struct cin_rule *rule;
    size_t count;
};

struct top_child {
    uint32_t child;
    uint32_t count;
    uint32_t errors, queries;
    char *id;                 /* filled by the writers' first pass */
};

struct not_run {
    const struct cin_rule *rule;
    char *why;                /* e.g. "not run: needs --previous (last year's return)" */
};

struct section {
    char *file;
    char *return_name;
    char *diagnosis;
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

/* Decodes one UTF-8 character; returns its length, *cp = -1 when invalid
 * (then the length is 1). */
static size_t utf8_char(const unsigned char *s, int32_t *cp)
{
    int32_t c;
    size_t n;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        c = s[0] & 0x1F;
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        c = s[0] & 0x0F;
        n = 3;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        c = s[0] & 0x07;
        n = 4;
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF))
        || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return n;
}

#define REPLACEMENT "\xEF\xBF\xBD"

void report_csv_cell(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    bool quote = false;

    for (const unsigned char *q = p; *q; q++)
        if (*q == '"' || *q == ',' || *q == '\r' || *q == '\n')
            quote = true;
    if (quote)
        strbuf_addch(out, '"');
    /* A spreadsheet runs a cell starting with these as a formula. */
    if (*p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r')
        strbuf_addch(out, '\'');
    while (*p) {
        int32_t cp;
        size_t n = utf8_char(p, &cp);
        if (cp < 0)
            strbuf_addstr(out, REPLACEMENT);
        else if (*p == '"')
            strbuf_addstr(out, "\"\"");
        else
            strbuf_add(out, p, n);
        p += n;
    }
    if (quote)
        strbuf_addch(out, '"');
}

void report_json_string(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    strbuf_addch(out, '"');
    while (*p) {
        int32_t cp;
        size_t n = utf8_char(p, &cp);
        if (cp < 0) {
            strbuf_addstr(out, "\\ufffd");
        } else if (cp == '"') {
            strbuf_addstr(out, "\\\"");
        } else if (cp == '\\') {
            strbuf_addstr(out, "\\\\");
        } else if (cp == '\n') {
            strbuf_addstr(out, "\\n");
        } else if (cp == '\r') {
            strbuf_addstr(out, "\\r");
        } else if (cp == '\t') {
            strbuf_addstr(out, "\\t");
        } else if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '&'
                   || cp == 0x2028 || cp == 0x2029) {
            strbuf_addf(out, "\\u%04x", (unsigned)cp);
        } else {
            strbuf_add(out, p, n);
        }
        p += n;
    }
    strbuf_addch(out, '"');
}

void report_html_escape(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        int32_t cp;
        size_t n = utf8_char(p, &cp);
        switch (cp) {
        case '&':  strbuf_addstr(out, "&amp;"); break;
        case '<':  strbuf_addstr(out, "&lt;"); break;
        case '>':  strbuf_addstr(out, "&gt;"); break;
        case '"':  strbuf_addstr(out, "&quot;"); break;
        case '\'': strbuf_addstr(out, "&#39;"); break;
        default:
            if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
                strbuf_addstr(out, REPLACEMENT);
            else
                strbuf_add(out, p, n);
        }
        p += n;
    }
}

/* For the terminal: no control characters (escape sequences), no invalid UTF-8. */
static void text_clean(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        int32_t cp;
        size_t n = utf8_char(p, &cp);
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
    free(r->child_counts);
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

void report_child(struct report *r, const struct cin_child *c)
{
    struct section *s = current(r);
    (void)c;
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

void report_rule_not_run(struct report *r, const struct cin_rule *rule, const char *why)
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
    report_html_escape(sb, why);
    strbuf_addstr(sb, ": <code>");
    report_html_escape(sb, codes);
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

static uint32_t rule_index(struct report *r, struct section *s, const struct cin_rule *rule)
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

static void record(struct report *r, const struct cin_rule *rule, uint32_t line, size_t child,
                   size_t episode, sr_date referral, const char *strs[N_STR])
{
    struct section *s = current(r);
    struct rec h;

    memset(&h, 0, sizeof h);
    h.rule = rule_index(r, s, rule);
    h.line = line;
    h.child = child > UINT32_MAX ? UINT32_MAX : (uint32_t)child;
    h.episode = episode > UINT32_MAX ? UINT32_MAX : (uint32_t)episode;
    h.referral = referral;
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
    struct report *r = opaque;
    const char *strs[N_STR] = { f->la_child_id, f->path, NULL, f->value };

    record(r, f->rule, f->line, f->child_position, f->episode_position, f->referral_date, strs);
}

void report_finding_message(struct report *r, const struct finding *f, const char *message)
{
    const char *strs[N_STR] = { f->la_child_id, f->path, message, f->value };

    record(r, f->rule, f->line, f->child_position, f->episode_position, f->referral_date, strs);
}

void report_schema_error(struct report *r, uint32_t line, const char *path, const char *message,
                         const char *la_child_id, size_t child_position, size_t episode_position,
                         sr_date referral_date, const char *value)
{
    const char *strs[N_STR] = { la_child_id, path, message, value };

    record(r, &report_xsd_rule, line, child_position, episode_position, referral_date, strs);
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

/* ---- text ------------------------------------------------------------------ */

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
                    "LAchildID", "Child", "Errors", "Queries");
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
        strbuf_addstr(&sb, "\n  Findings (rule, type, LAchildID, CINdetails, referral date, path, line):\n");
    ok = flush_sb(&sb, out);

    if (s->n_rules && ok) {
        if (cursor_open(&c, r, s) != 0) {
            cursor_close(&c, r);
            rc = -1;
            goto cleanup;
        }
        while (ok && (rc = cursor_next(&c)) == 1) {
            const struct cin_rule *rule = s->rules[c.h.rule].rule;
            char d[11];
            strbuf_addstr(&sb, "    ");
            text_clean(&sb, rule->code);
            strbuf_addf(&sb, "  %s  ", type_name(rule->type));
            text_clean(&sb, cur_str(&c, S_ID) ? cur_str(&c, S_ID) : "-");
            if (c.h.episode) {
                date_text(c.h.referral, d);
                strbuf_addf(&sb, "  CINdetails[%u] %s", (unsigned)c.h.episode, *d ? d : "-");
            } else {
                strbuf_addstr(&sb, "  -");
            }
            strbuf_addstr(&sb, "  ");
            text_clean(&sb, cur_str(&c, S_PATH) ? cur_str(&c, S_PATH) : "-");
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

static int write_csv(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    bool ok;
    int rc = 0;

    strbuf_addstr(&sb, "\xEF\xBB\xBF" "file,rule,type,message,la_child_id,cindetails_position,"
                       "referral_date,path,line");
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
            const struct cin_rule *rule = s->rules[c.h.rule].rule;
            char d[11];
            report_csv_cell(&sb, s->file);
            strbuf_addch(&sb, ',');
            report_csv_cell(&sb, rule->code);
            strbuf_addf(&sb, ",%s,", type_name(rule->type));
            report_csv_cell(&sb, finding_message(s, &c));
            strbuf_addch(&sb, ',');
            report_csv_cell(&sb, cur_str(&c, S_ID));
            strbuf_addch(&sb, ',');
            if (c.h.episode)
                strbuf_addf(&sb, "%u", (unsigned)c.h.episode);
            date_text(c.h.referral, d);
            strbuf_addf(&sb, ",%s,", d);
            report_csv_cell(&sb, cur_str(&c, S_PATH));
            strbuf_addch(&sb, ',');
            if (c.h.line)
                strbuf_addf(&sb, "%u", (unsigned)c.h.line);
            if (r->show_values) {
                strbuf_addch(&sb, ',');
                report_csv_cell(&sb, cur_str(&c, S_VALUE));
            }
            strbuf_addstr(&sb, "\r\n");
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

static void json_key(struct strbuf *sb, const char *key)
{
    report_json_string(sb, key);
    strbuf_addch(sb, ':');
}

static void json_str_or_null(struct strbuf *sb, const char *s)
{
    if (s)
        report_json_string(sb, s);
    else
        strbuf_addstr(sb, "null");
}

static const char *section_status(const struct section *s)
{
    return s->diagnosis ? "unreadable" : s->errors ? "errors" : "ok";
}

static int write_json_section(struct report *r, struct section *s, FILE *out, struct strbuf *sb)
{
    struct cursor c;
    size_t *idx;
    bool ok;
    int rc = 0;

    if (resolve_top(r, s) != 0)
        return -1;
    strbuf_addstr(sb, "{");
    json_key(sb, "file");
    report_json_string(sb, s->file);
    strbuf_addch(sb, ',');
    json_key(sb, "return");
    report_json_string(sb, s->return_name);
    strbuf_addch(sb, ',');
    json_key(sb, "year");
    if (s->year)
        strbuf_addf(sb, "%d", s->year);
    else
        strbuf_addstr(sb, "null");
    strbuf_addch(sb, ',');
    json_key(sb, "status");
    report_json_string(sb, section_status(s));
    strbuf_addch(sb, ',');
    json_key(sb, "diagnosis");
    json_str_or_null(sb, s->diagnosis);
    strbuf_addch(sb, ',');
    json_key(sb, "children");
    if (s->children_known)
        strbuf_addf(sb, "%zu", s->children);
    else
        strbuf_addstr(sb, "null");
    strbuf_addf(sb, ",\"errors\":%zu,\"queries\":%zu,", s->errors, s->queries);
    if (s->n_not_run) {
        json_key(sb, "not_run");
        strbuf_addch(sb, '[');
        for (size_t i = 0; i < s->n_not_run; i++) {
            strbuf_addstr(sb, i ? ",{" : "{");
            json_key(sb, "rule");
            report_json_string(sb, s->not_run[i].rule->code);
            strbuf_addch(sb, ',');
            json_key(sb, "why");
            report_json_string(sb, s->not_run[i].why);
            strbuf_addch(sb, '}');
        }
        strbuf_addstr(sb, "],");
    }
    json_key(sb, "rules");
    strbuf_addch(sb, '[');
    idx = sorted_rules(s);
    for (size_t i = 0; i < s->n_rules; i++) {
        const struct rule_count *rc_ = &s->rules[idx[i]];
        strbuf_addstr(sb, i ? ",\n  {" : "\n  {");
        json_key(sb, "rule");
        report_json_string(sb, rc_->rule->code);
        strbuf_addch(sb, ',');
        json_key(sb, "type");
        report_json_string(sb, type_name(rc_->rule->type));
        strbuf_addch(sb, ',');
        json_key(sb, "message");
        report_json_string(sb, rc_->rule->message);
        strbuf_addf(sb, ",\"count\":%zu}", rc_->count);
    }
    free(idx);
    strbuf_addstr(sb, "],\n");
    json_key(sb, "most_affected_children");
    strbuf_addch(sb, '[');
    for (size_t i = 0; i < s->n_top; i++) {
        strbuf_addstr(sb, i ? ",\n  {" : "\n  {");
        json_key(sb, "la_child_id");
        json_str_or_null(sb, *s->top[i].id ? s->top[i].id : NULL);
        strbuf_addf(sb, ",\"child_position\":%u,\"errors\":%u,\"queries\":%u}",
                    (unsigned)s->top[i].child, (unsigned)s->top[i].errors,
                    (unsigned)s->top[i].queries);
    }
    strbuf_addstr(sb, "],\n");
    json_key(sb, "findings");
    strbuf_addch(sb, '[');
    ok = flush_sb(sb, out);
    if (!ok)
        return -1;

    if (cursor_open(&c, r, s) != 0) {
        cursor_close(&c, r);
        return -1;
    }
    bool first = true;
    while (ok && (rc = cursor_next(&c)) == 1) {
        const struct cin_rule *rule = s->rules[c.h.rule].rule;
        char d[11];
        strbuf_addstr(sb, first ? "\n  {" : ",\n  {");
        first = false;
        json_key(sb, "rule");
        report_json_string(sb, rule->code);
        strbuf_addch(sb, ',');
        json_key(sb, "type");
        report_json_string(sb, type_name(rule->type));
        strbuf_addch(sb, ',');
        json_key(sb, "message");
        report_json_string(sb, finding_message(s, &c));
        strbuf_addch(sb, ',');
        json_key(sb, "la_child_id");
        json_str_or_null(sb, cur_str(&c, S_ID));
        strbuf_addch(sb, ',');
        json_key(sb, "child_position");
        if (c.h.child)
            strbuf_addf(sb, "%u", (unsigned)c.h.child);
        else
            strbuf_addstr(sb, "null");
        strbuf_addch(sb, ',');
        json_key(sb, "cindetails_position");
        if (c.h.episode)
            strbuf_addf(sb, "%u", (unsigned)c.h.episode);
        else
            strbuf_addstr(sb, "null");
        strbuf_addch(sb, ',');
        json_key(sb, "referral_date");
        date_text(c.h.referral, d);
        json_str_or_null(sb, *d ? d : NULL);
        strbuf_addch(sb, ',');
        json_key(sb, "path");
        json_str_or_null(sb, cur_str(&c, S_PATH));
        strbuf_addch(sb, ',');
        json_key(sb, "line");
        if (c.h.line)
            strbuf_addf(sb, "%u", (unsigned)c.h.line);
        else
            strbuf_addstr(sb, "null");
        if (r->show_values) {
            strbuf_addch(sb, ',');
            json_key(sb, "value");
            json_str_or_null(sb, cur_str(&c, S_VALUE));
        }
        strbuf_addch(sb, '}');
        if (sb->len > 65536)
            ok = flush_sb(sb, out);
    }
    cursor_close(&c, r);
    strbuf_addstr(sb, "]}");
    return (rc < 0 || !ok) ? -1 : 0;
}

static int write_json(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = 0;

    strbuf_addstr(&sb, "{\"tool\":\"statreturn\",\"version\":");
    report_json_string(&sb, STATRETURN_VERSION);
    strbuf_addstr(&sb, ",\"files\":[");
    for (size_t k = 0; rc == 0 && k < r->n_sec; k++) {
        if (k)
            strbuf_addstr(&sb, ",\n");
        rc = write_json_section(r, &r->sec[k], out, &sb);
    }
    strbuf_addstr(&sb, "]}\n");
    if (!flush_sb(&sb, out))
        rc = -1;
    strbuf_release(&sb);
    return rc;
}

/* ---- HTML ---------------------------------------------------------------------- */

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
    "<p id=\"lookup\"><label>Find a child by LAchildID: "
    "<input id=\"q\" type=\"search\" autocomplete=\"off\"></label> "
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
    report_html_escape(sb, s ? s : "");
    strbuf_addstr(sb, "</td>");
}

static int write_html_section(struct report *r, struct section *s, size_t k, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct strbuf *rows = NULL;
    size_t *shown = NULL, *idx = NULL;
    struct cursor c;
    int rc = 0;
    bool ok;

    if (resolve_top(r, s) != 0)
        return -1;
    strbuf_addstr(&sb, "<section class=\"file\">\n<h2>");
    report_html_escape(&sb, s->return_name);
    strbuf_addstr(&sb, ": <code>");
    report_html_escape(&sb, s->file);
    strbuf_addstr(&sb, "</code></h2>\n");
    if (s->diagnosis) {
        strbuf_addstr(&sb, "<p class=\"bad\">");
        strbuf_addstr(&sb, s->children_known ? "Validation incomplete: " : "Not validated: ");
        report_html_escape(&sb, s->diagnosis);
        strbuf_addstr(&sb, "</p>\n");
    } else {
        strbuf_addf(&sb, "<p class=\"%s\">%s</p>\n", s->errors ? "bad" : "ok",
                    s->errors ? "The return has errors." : "No errors (queries allowed).");
    }
    each_not_run_group(s, html_not_run, &sb);
    strbuf_addstr(&sb, "<table>\n");
    if (s->year)
        strbuf_addf(&sb, "<tr><th>Collection year</th><td>%d</td></tr>\n", s->year);
    if (s->children_known)
        strbuf_addf(&sb, "<tr><th>Children</th><td class=\"n\">%zu</td></tr>\n", s->children);
    strbuf_addf(&sb, "<tr><th>Errors</th><td class=\"n\">%zu</td></tr>\n"
                     "<tr><th>Queries</th><td class=\"n\">%zu</td></tr>\n</table>\n",
                s->errors, s->queries);

    idx = sorted_rules(s);
    if (s->n_rules) {
        strbuf_addstr(&sb, "<h3>Rules</h3>\n<table>\n<tr><th>Rule</th><th>Type</th>"
                           "<th>Count</th><th>Message</th></tr>\n");
        for (size_t i = 0; i < s->n_rules; i++) {
            const struct rule_count *rc_ = &s->rules[idx[i]];
            strbuf_addf(&sb, "<tr><td><a href=\"#f%zu-r%zu\">", k, idx[i]);
            report_html_escape(&sb, rc_->rule->code);
            strbuf_addf(&sb, "</a></td><td class=\"%s\">%s</td><td class=\"n\">%zu</td>",
                        type_name(rc_->rule->type), type_name(rc_->rule->type), rc_->count);
            html_cell(&sb, rc_->rule->message);
            strbuf_addstr(&sb, "</tr>\n");
        }
        strbuf_addstr(&sb, "</table>\n");
    }
    if (s->n_top) {
        strbuf_addstr(&sb, "<h3>Most affected children</h3>\n<table>\n<tr><th>LAchildID</th>"
                           "<th>Child</th><th>Errors</th><th>Queries</th></tr>\n");
        for (size_t i = 0; i < s->n_top; i++) {
            strbuf_addstr(&sb, "<tr>");
            html_cell(&sb, s->top[i].id);
            strbuf_addf(&sb, "<td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n",
                        (unsigned)s->top[i].child, (unsigned)s->top[i].errors,
                        (unsigned)s->top[i].queries);
        }
        strbuf_addstr(&sb, "</table>\n");
    }
    ok = flush_sb(&sb, out);

    /* One pass: each rule's first REPORT_HTML_ROWS rows, rendered. */
    rows = xcalloc(s->n_rules ? s->n_rules : 1, sizeof *rows);
    for (size_t i = 0; i < (s->n_rules ? s->n_rules : 1); i++)
        strbuf_init(&rows[i], 0);
    shown = xcalloc(s->n_rules ? s->n_rules : 1, sizeof *shown);
    if (ok && s->n_rules) {
        if (cursor_open(&c, r, s) != 0) {
            cursor_close(&c, r);
            rc = -1;
            goto cleanup;
        }
        while ((rc = cursor_next(&c)) == 1) {
            size_t ri = c.h.rule;
            if (shown[ri]++ >= REPORT_HTML_ROWS)
                continue;
            struct strbuf *row = &rows[ri];
            char d[11];
            strbuf_addstr(row, "<tr data-c=\"");
            report_html_escape(row, cur_str(&c, S_ID) ? cur_str(&c, S_ID) : "");
            strbuf_addstr(row, "\">");
            html_cell(row, cur_str(&c, S_ID));
            if (c.h.episode)
                strbuf_addf(row, "<td class=\"n\">%u</td>", (unsigned)c.h.episode);
            else
                strbuf_addstr(row, "<td></td>");
            date_text(c.h.referral, d);
            html_cell(row, d);
            strbuf_addstr(row, "<td><code>");
            report_html_escape(row, cur_str(&c, S_PATH) ? cur_str(&c, S_PATH) : "");
            strbuf_addstr(row, "</code></td>");
            if (c.h.line)
                strbuf_addf(row, "<td class=\"n\">%u</td>", (unsigned)c.h.line);
            else
                strbuf_addstr(row, "<td></td>");
            if (s->rules[ri].rule == &report_xsd_rule)
                html_cell(row, cur_str(&c, S_MSG));
            if (r->show_values)
                html_cell(row, cur_str(&c, S_VALUE));
            strbuf_addstr(row, "</tr>\n");
        }
        cursor_close(&c, r);
        if (rc > 0)
            rc = 0;
    }
    for (size_t i = 0; ok && rc == 0 && i < s->n_rules; i++) {
        size_t ri = idx[i];
        const struct cin_rule *rule = s->rules[ri].rule;
        strbuf_addf(&sb, "<h3 id=\"f%zu-r%zu\">", k, ri);
        report_html_escape(&sb, rule->code);
        strbuf_addf(&sb, " <span class=\"%s\">%s</span> (%zu): ", type_name(rule->type),
                    type_name(rule->type), s->rules[ri].count);
        report_html_escape(&sb, rule->message);
        strbuf_addstr(&sb, "</h3>\n<table>\n<tr><th>LAchildID</th><th>CINdetails</th>"
                           "<th>Referral date</th><th>Path</th><th>Line</th>");
        if (rule == &report_xsd_rule)
            strbuf_addstr(&sb, "<th>Schema message</th>");
        if (r->show_values)
            strbuf_addstr(&sb, "<th>Value</th>");
        strbuf_addstr(&sb, "</tr>\n");
        ok = flush_sb(&sb, out) && flush_sb(&rows[ri], out);
        strbuf_addstr(&sb, "</table>\n");
        if (shown[ri] > REPORT_HTML_ROWS)
            strbuf_addf(&sb, "<p>&hellip; and %zu more (the CSV or JSON report lists every finding).</p>\n",
                        shown[ri] - REPORT_HTML_ROWS);
    }
    strbuf_addstr(&sb, "</section>\n");
    ok = ok && flush_sb(&sb, out);
cleanup:
    for (size_t i = 0; rows && i < (s->n_rules ? s->n_rules : 1); i++)
        strbuf_release(&rows[i]);
    free(rows);
    free(shown);
    free(idx);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

static int write_html(struct report *r, FILE *out)
{
    int rc = fputs(html_head, out) == EOF ? -1 : 0;

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
