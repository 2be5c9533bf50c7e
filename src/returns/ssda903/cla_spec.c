/*
 * SSDA903 table specification: the tables.conf reader, lookups and the
 * value checkers; see cla_spec.h, and the top of specs/903/tables.conf for
 * the file format.
 *
 * The file is read in one pass.  Every line is parsed (so a typo in a later
 * layer is caught whichever year is loaded), but only the layers up to the
 * year asked for change the spec being built; references between things
 * (code lists, the primary table, columns) are checked once at the end,
 * against the spec of that year, with the line that made them.
 *
 * Building uses growable arrays; the finished spec is copied into one arena
 * so that it is a single allocation to free and its arrays are immutable.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/confline.h"
#include "returns/ssda903/cla_spec.h"
#include "core/date.h"
#include "core/paths.h"
#include "core/upn.h"
#include "core/xalloc.h"
#include "io/utf8.h"

/* ---- building structures ------------------------------------------------- */

struct b_list {
    char *name;
    char **codes;
    size_t n, cap;
    uint32_t line;
};

struct b_column {
    char *name;
    enum cla_type type;
    bool required, period;
    bool xml_only;       /* not a CSV column (xml-only) */
    long min, max;
    char *list;          /* code list name */
    char *xml;
    char *same;          /* "Table.COLUMN" */
    uint32_t line;
};

struct b_table {
    char *name;
    enum cla_per per;
    bool primary;
    char *xml_row;
    char **xml_if, **xml_if_value;
    size_t n_xml_if;
    struct b_column *cols;
    size_t n, cap;
    uint32_t line;
};

struct builder {
    const char *file;
    int year;                 /* asked for */
    struct b_list *lists;
    size_t n_lists, cap_lists;
    struct b_table *tables;
    size_t n_tables, cap_tables;
    int first, last;          /* layer years seen */
    char *err;
    size_t errlen;
    bool failed;
};

struct spec_impl {
    struct cla_spec pub;      /* first: a cla_spec pointer is a spec_impl pointer */
    struct arena arena;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct builder *b, uint32_t line, const char *fmt, ...)
{
    va_list ap;

    if (b->failed)
        return -1;
    b->failed = true;
    va_start(ap, fmt);
    confline_verror(b->err, b->errlen, b->file, line, fmt, ap);
    va_end(ap);
    return -1;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void column_clear(struct b_column *c)
{
    free(c->name);
    free(c->list);
    free(c->xml);
    free(c->same);
    memset(c, 0, sizeof *c);
}

static void table_clear(struct b_table *t)
{
    free(t->name);
    free(t->xml_row);
    free_strv(t->xml_if, t->n_xml_if);
    free_strv(t->xml_if_value, t->n_xml_if);
    for (size_t i = 0; i < t->n; i++)
        column_clear(&t->cols[i]);
    free(t->cols);
    memset(t, 0, sizeof *t);
}

static void list_clear(struct b_list *l)
{
    free(l->name);
    free_strv(l->codes, l->n);
    memset(l, 0, sizeof *l);
}

static void builder_release(struct builder *b)
{
    for (size_t i = 0; i < b->n_tables; i++)
        table_clear(&b->tables[i]);
    free(b->tables);
    for (size_t i = 0; i < b->n_lists; i++)
        list_clear(&b->lists[i]);
    free(b->lists);
}

static struct b_list *find_list(struct builder *b, const char *name)
{
    for (size_t i = 0; i < b->n_lists; i++)
        if (!strcmp(b->lists[i].name, name))
            return &b->lists[i];
    return NULL;
}

static struct b_table *find_table(struct builder *b, const char *name)
{
    for (size_t i = 0; i < b->n_tables; i++)
        if (!strcmp(b->tables[i].name, name))
            return &b->tables[i];
    return NULL;
}

static struct b_column *find_column(struct b_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->cols[i].name, name))
            return &t->cols[i];
    return NULL;
}

/* ---- tokens --------------------------------------------------------------- */

struct tokens {
    char **v;
    size_t n, cap;
};

/* Splits a line (its comment already stripped; modified in place) at
 * spaces, tabs and CRs. */
static void tokenize(char *line, struct tokens *t)
{
    char *word;

    t->n = 0;
    while ((word = confline_word(&line, " \t\r")) != NULL) {
        ALLOC_GROW(t->v, t->n, t->cap);
        t->v[t->n++] = word;
    }
}

static bool is_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* Printable ASCII without space or comma (a code must fit a CSV cell bare). */
static bool is_code(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s <= ' ' || *s > '~' || *s == ',' || *s == '"')
            return false;
    return true;
}

/* An element path: names separated by '/', optionally starting with '/'. */
static bool is_xml_path(const char *s)
{
    bool want_name = true;

    if (*s == '/')
        s++;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s == '/') {
            if (want_name)
                return false;
            want_name = true;
        } else if (isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.') {
            want_name = false;
        } else {
            return false;
        }
    }
    return !want_name;
}

/* A non-negative decimal number of at most 9 digits. */
static bool parse_count(const char *s, const char *end, long *out)
{
    long v = 0;

    if (s == end || end - s > 9)
        return false;
    for (const char *p = s; p < end; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return true;
}

static const char type_help[] =
    "id:N, date, date-zz, code:LIST, int:MIN-MAX, postcode, urn, upn, text or text:N";

/* Parses TYPE into c. */
static int parse_type(struct builder *b, uint32_t line, const char *s, struct b_column *c)
{
    const char *colon = strchr(s, ':');
    const char *arg = colon ? colon + 1 : NULL;
    size_t kw = colon ? (size_t)(colon - s) : strlen(s);

    c->min = c->max = 0;
    if (kw == 2 && !strncmp(s, "id", 2) && arg) {
        c->type = CLA_T_ID;
        if (!parse_count(arg, arg + strlen(arg), &c->max) || c->max < 1)
            return fail(b, line, "type '%s': id wants a maximum length, e.g. id:10", s);
    } else if (!strcmp(s, "date")) {
        c->type = CLA_T_DATE;
    } else if (!strcmp(s, "date-zz")) {
        c->type = CLA_T_DATE_ZZ;
    } else if (kw == 4 && !strncmp(s, "code", 4) && arg) {
        c->type = CLA_T_CODE;
        if (!is_name(arg))
            return fail(b, line, "type '%s': code wants a list name, e.g. code:SEX", s);
        c->list = xstrdup(arg);
    } else if (kw == 3 && !strncmp(s, "int", 3) && arg) {
        const char *dash = strchr(arg, '-');
        c->type = CLA_T_INT;
        if (!dash || !parse_count(arg, dash, &c->min) || !parse_count(dash + 1, dash + 1 + strlen(dash + 1), &c->max)
            || c->min > c->max)
            return fail(b, line, "type '%s': int wants a range MIN-MAX, e.g. int:0-40", s);
    } else if (!strcmp(s, "postcode")) {
        c->type = CLA_T_POSTCODE;
    } else if (!strcmp(s, "urn")) {
        c->type = CLA_T_URN;
    } else if (!strcmp(s, "upn")) {
        c->type = CLA_T_UPN;
    } else if (kw == 4 && !strncmp(s, "text", 4)) {
        c->type = CLA_T_TEXT;
        if (arg && (!parse_count(arg, arg + strlen(arg), &c->max) || c->max < 1))
            return fail(b, line, "type '%s': text wants a maximum length, e.g. text:8", s);
    } else {
        return fail(b, line, "unknown type '%s' (%s)", s, type_help);
    }
    return 0;
}

/* COLUMN TYPE required|optional [FLAG ...], tokens from `at`. */
static int parse_column(struct builder *b, uint32_t line, char **tok, size_t n, struct b_column *c)
{
    memset(c, 0, sizeof *c);
    c->line = line;
    if (n < 3)
        return fail(b, line, "a column wants: NAME TYPE required|optional [xml=PATH] [same=TABLE.COLUMN] [period] "
                    "[xml-only]");
    if (!is_name(tok[0]))
        return fail(b, line, "'%s' is not a column name (letters, digits and _)", tok[0]);
    c->name = xstrdup(tok[0]);
    if (parse_type(b, line, tok[1], c) != 0)
        return -1;
    if (!strcmp(tok[2], "required"))
        c->required = true;
    else if (strcmp(tok[2], "optional") != 0)
        return fail(b, line, "column %s: expected 'required' or 'optional', not '%s'", tok[0], tok[2]);
    for (size_t i = 3; i < n; i++) {
        const char *f = tok[i];
        if (!strcmp(f, "period")) {
            if (c->type != CLA_T_DATE)
                return fail(b, line, "column %s: 'period' is for date columns", tok[0]);
            c->period = true;
        } else if (!strncmp(f, "xml=", 4)) {
            if (c->xml || !is_xml_path(f + 4))
                return fail(b, line, "column %s: bad or repeated '%s' (an element path such as PL or /HEADER/DOB)",
                            tok[0], f);
            c->xml = xstrdup(f + 4);
        } else if (!strncmp(f, "same=", 5)) {
            const char *dot = strchr(f + 5, '.');
            if (c->same || !dot || dot == f + 5 || !dot[1])
                return fail(b, line, "column %s: bad or repeated '%s' (same=TABLE.COLUMN)", tok[0], f);
            c->same = xstrdup(f + 5);
        } else if (!strcmp(f, "xml-only")) {
            c->xml_only = true;
        } else {
            return fail(b, line, "column %s: unknown flag '%s' (xml=PATH, same=TABLE.COLUMN, period or xml-only)",
                        tok[0], f);
        }
    }
    return 0;
}

/* table NAME OPTION ... into t (cleared first). */
static int parse_table(struct builder *b, uint32_t line, char **tok, size_t n, struct b_table *t)
{
    bool have_per = false, have_xml = false;

    table_clear(t);
    t->line = line;
    t->per = CLA_PER_MANY;
    if (n < 2 || !is_name(tok[1]))
        return fail(b, line, "'table' wants a table name (letters, digits and _)");
    t->name = xstrdup(tok[1]);
    for (size_t i = 2; i < n; i++) {
        const char *o = tok[i];
        if (!strcmp(o, "per=child") || !strcmp(o, "per=many")) {
            if (have_per)
                return fail(b, line, "table %s: 'per' given twice", t->name);
            have_per = true;
            t->per = !strcmp(o, "per=child") ? CLA_PER_CHILD : CLA_PER_MANY;
        } else if (!strcmp(o, "primary")) {
            t->primary = true;
        } else if (!strncmp(o, "xml=", 4)) {
            if (have_xml)
                return fail(b, line, "table %s: 'xml' given twice", t->name);
            have_xml = true;
            if (strcmp(o + 4, "none") != 0) {
                if (!is_xml_path(o + 4) || o[4] == '/')
                    return fail(b, line, "table %s: '%s' is not an element path below CHILD", t->name, o);
                t->xml_row = xstrdup(o + 4);
            }
        } else if (!strncmp(o, "xml-if=", 7)) {
            char *list = xstrdup(o + 7), *p = list;
            if (t->n_xml_if || !*p) {
                free(list);
                return fail(b, line, "table %s: bad or repeated '%s'", t->name, o);
            }
            size_t cap = 1;
            for (const char *q = p; *q; q++)
                cap += *q == ',';
            t->xml_if = xcalloc(cap, sizeof *t->xml_if);
            t->xml_if_value = xcalloc(cap, sizeof *t->xml_if_value);
            for (;;) {
                char *comma = strchr(p, ',');
                if (comma)
                    *comma = '\0';
                char *eq = strchr(p, '=');
                if (eq)
                    *eq = '\0';
                if (!is_xml_path(p) || *p == '/' || (eq && !is_code(eq + 1))) {
                    free(list);
                    return fail(b, line, "table %s: bad element in '%s'", t->name, o);
                }
                t->xml_if[t->n_xml_if] = xstrdup(p);
                t->xml_if_value[t->n_xml_if] = eq ? xstrdup(eq + 1) : NULL;
                t->n_xml_if++;
                if (!comma)
                    break;
                p = comma + 1;
            }
            free(list);
        } else {
            return fail(b, line, "table %s: unknown option '%s' (per=child, per=many, primary, xml=PATH, "
                        "xml=none, xml-if=...)", t->name, o);
        }
    }
    if (t->n_xml_if && !t->xml_row)
        return fail(b, line, "table %s: xml-if without an xml row element", t->name);
    return 0;
}

/* codes NAME [+|-] CODE ... */
static int do_codes(struct builder *b, uint32_t line, char **tok, size_t n, bool apply)
{
    int mode = 0;   /* 0 define, '+' add, '-' remove */
    size_t first = 2;
    struct b_list *l;

    if (n < 2 || !is_name(tok[1]))
        return fail(b, line, "'codes' wants a list name (letters, digits and _)");
    if (n > 2 && (!strcmp(tok[2], "+") || !strcmp(tok[2], "-"))) {
        mode = tok[2][0];
        first = 3;
    }
    if (first >= n)
        return fail(b, line, "codes %s: no codes given", tok[1]);
    for (size_t i = first; i < n; i++) {
        if (!is_code(tok[i]))
            return fail(b, line, "codes %s: '%s' is not a code (printable, no comma or quote)", tok[1], tok[i]);
        for (size_t j = first; j < i; j++)
            if (!strcmp(tok[i], tok[j]))
                return fail(b, line, "codes %s: '%s' given twice", tok[1], tok[i]);
    }
    if (!apply)
        return 0;
    l = find_list(b, tok[1]);
    if (mode && !l)
        return fail(b, line, "codes %s %c: there is no list %s to change", tok[1], mode, tok[1]);
    if (!mode) {
        if (!l) {
            ALLOC_GROW(b->lists, b->n_lists, b->cap_lists);
            l = &b->lists[b->n_lists++];
            memset(l, 0, sizeof *l);
            l->name = xstrdup(tok[1]);
        } else {
            free_strv(l->codes, l->n);
            l->codes = NULL;
            l->n = l->cap = 0;
        }
        l->line = line;
    }
    for (size_t i = first; i < n; i++) {
        size_t at = l->n;
        for (size_t j = 0; j < l->n; j++)
            if (!strcmp(l->codes[j], tok[i]))
                at = j;
        if (mode == '-') {
            if (at == l->n)
                return fail(b, line, "codes %s -: '%s' is not in the list", tok[1], tok[i]);
            free(l->codes[at]);
            memmove(&l->codes[at], &l->codes[at + 1], (l->n - at - 1) * sizeof *l->codes);
            l->n--;
        } else {
            if (at != l->n)
                return fail(b, line, "codes %s +: '%s' is already in the list", tok[1], tok[i]);
            ALLOC_GROW(l->codes, l->n, l->cap);
            l->codes[l->n++] = xstrdup(tok[i]);
        }
    }
    if (!l->n)
        return fail(b, line, "codes %s: the list is now empty", tok[1]);
    return 0;
}

/* ---- the file --------------------------------------------------------------- */

/* Where parse_file is in the file. */
struct reading {
    struct builder *b;
    struct tokens tk;           /* the current line's words */
    uint32_t line;
    struct b_table scratch;     /* syntax-only table of a layer not applied */
    struct b_table *cur;        /* table whose columns follow */
    int layer;                  /* year of the current layer, 0 before the first */
    bool apply;                 /* the layer is part of the year asked for */
};

/* An indented line: a column of the table above. */
static int column_row(struct reading *r)
{
    struct builder *b = r->b;
    struct b_table *cur = r->cur;
    struct b_column c;
    int rc = 0;

    if (!cur)
        return fail(b, r->line, "an indented (column) line must follow a 'table' line");
    if (parse_column(b, r->line, r->tk.v, r->tk.n, &c) != 0)
        rc = -1;
    else if (find_column(cur, c.name))
        rc = fail(b, r->line, "table %s: column %s given twice", cur->name, c.name);
    else if (cur->n >= CLA_MAX_COLUMNS)
        rc = fail(b, r->line, "table %s: more than %d columns", cur->name, CLA_MAX_COLUMNS);
    if (rc != 0) {
        column_clear(&c);
        return rc;
    }
    ALLOC_GROW(cur->cols, cur->n, cur->cap);
    cur->cols[cur->n++] = c;
    return 0;
}

/* year YYYY: starts a layer. */
static int year_directive(struct reading *r)
{
    struct builder *b = r->b;
    char **tok = r->tk.v;
    long y;

    if (r->tk.n != 2 || !parse_count(tok[1], tok[1] + strlen(tok[1]), &y) || strlen(tok[1]) != 4
        || y < 2000 || y > 2199)
        return fail(b, r->line, "'year' wants a collection end year such as 2025");
    if (r->layer && y <= r->layer)
        return fail(b, r->line, "year %ld comes after year %d: layers go up in year order", y, r->layer);
    r->layer = (int)y;
    if (!b->first)
        b->first = r->layer;
    b->last = r->layer;
    r->apply = r->layer <= b->year;
    return 0;
}

/* table NAME OPTION ...: defines or replaces a table; its columns follow. */
static int table_directive(struct reading *r)
{
    struct builder *b = r->b;
    struct b_table t;

    memset(&t, 0, sizeof t);
    if (parse_table(b, r->line, r->tk.v, r->tk.n, &t) != 0) {
        table_clear(&t);
        return -1;
    }
    if (!r->apply) {
        table_clear(&r->scratch);
        r->scratch = t;
        r->cur = &r->scratch;
        return 0;
    }
    struct b_table *old = find_table(b, t.name);
    if (old) {
        table_clear(old);
        *old = t;
        r->cur = old;
    } else if (b->n_tables >= CLA_MAX_TABLES) {
        table_clear(&t);
        return fail(b, r->line, "more than %d tables", CLA_MAX_TABLES);
    } else {
        ALLOC_GROW(b->tables, b->n_tables, b->cap_tables);
        b->tables[b->n_tables] = t;
        r->cur = &b->tables[b->n_tables++];
    }
    return 0;
}

/* column TABLE.COLUMN TYPE ...: replaces one column of a table. */
static int column_directive(struct reading *r)
{
    struct builder *b = r->b;
    char **tok = r->tk.v;
    struct b_column c;
    char *tname = r->tk.n >= 2 ? tok[1] : NULL;
    char *dot = tname ? strchr(tname, '.') : NULL;

    if (!dot || dot == tname || !dot[1])
        return fail(b, r->line, "'column' wants TABLE.COLUMN TYPE required|optional [FLAG ...]");
    *dot = '\0';
    tok[1] = dot + 1;   /* the column line proper starts at the column name */
    if (parse_column(b, r->line, tok + 1, r->tk.n - 1, &c) != 0) {
        column_clear(&c);
        return -1;
    }
    if (!r->apply) {
        column_clear(&c);
        return 0;
    }
    struct b_table *t = find_table(b, tname);
    struct b_column *old = t ? find_column(t, c.name) : NULL;
    if (!old) {
        fail(b, r->line, "column %s.%s: there is no such column (a new column needs the whole 'table' again, for "
             "its position)", tname, c.name);
        column_clear(&c);
        return -1;
    }
    column_clear(old);
    *old = c;
    return 0;
}

/* drop NAME: removes a table. */
static int drop_directive(struct reading *r)
{
    struct builder *b = r->b;
    char **tok = r->tk.v;

    if (r->tk.n != 2 || !is_name(tok[1]))
        return fail(b, r->line, "'drop' wants a table name");
    if (!r->apply)
        return 0;
    struct b_table *t = find_table(b, tok[1]);
    if (!t)
        return fail(b, r->line, "drop %s: there is no such table", tok[1]);
    size_t at = (size_t)(t - b->tables);
    table_clear(t);
    memmove(&b->tables[at], &b->tables[at + 1], (b->n_tables - at - 1) * sizeof *b->tables);
    b->n_tables--;
    return 0;
}

/* A line that is not indented: a directive. */
static int directive(struct reading *r)
{
    const char *d = r->tk.v[0];

    r->cur = NULL;
    if (!strcmp(d, "year"))
        return year_directive(r);
    if (!r->layer)
        return fail(r->b, r->line, "the file must start with 'year YYYY' (the base layer), not '%s'", d);
    if (!strcmp(d, "codes"))
        return do_codes(r->b, r->line, r->tk.v, r->tk.n, r->apply);
    if (!strcmp(d, "table"))
        return table_directive(r);
    if (!strcmp(d, "column"))
        return column_directive(r);
    if (!strcmp(d, "drop"))
        return drop_directive(r);
    return fail(r->b, r->line, "unknown directive '%s' (year, codes, table, column, drop)", d);
}

/* Reads b->file, applying the layers up to b->year. */
static int parse_file(struct builder *b)
{
    struct reading r = { .b = b };
    struct confline cl;
    int got = 0, rc = 0;

    /* '#' anywhere starts a comment, even inside a word. */
    if (confline_open(&cl, b->file, CONFLINE_HASH_ANYWHERE) != 0)
        return fail(b, 0, "cannot open the SSDA903 table specification: %s", strerror(errno));
    while (rc == 0 && (got = confline_next(&cl)) == 1) {
        r.line = cl.lineno;
        if (cl.has_nul) {
            rc = fail(b, r.line, "the line holds a NUL byte");
            break;
        }
        tokenize(cl.text, &r.tk);
        if (!r.tk.n)
            continue;
        rc = cl.indented ? column_row(&r) : directive(&r);
    }
    if (rc == 0 && got < 0)
        rc = fail(b, 0, "cannot read the file: %s", strerror(cl.read_errno));
    if (rc == 0 && !r.layer)
        rc = fail(b, 0, "the file has no 'year' layer");
    confline_close(&cl);
    table_clear(&r.scratch);
    free(r.tk.v);
    return rc;
}

/* ---- the finished spec --------------------------------------------------------- */

static const char *arena_str(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* The one primary table, which must be per=child. */
static int find_primary(struct builder *b, const struct b_table **primary, size_t *primary_index)
{
    *primary = NULL;
    for (size_t i = 0; i < b->n_tables; i++) {
        const struct b_table *t = &b->tables[i];
        if (!t->primary)
            continue;
        if (*primary)
            return fail(b, t->line, "table %s: only one table can be primary (%s is)", t->name, (*primary)->name);
        if (t->per != CLA_PER_CHILD)
            return fail(b, t->line, "table %s: the primary table must be per=child", t->name);
        *primary = t;
        *primary_index = i;
    }
    if (!*primary)
        return fail(b, 0, "no table is marked primary for year %d (the table that lists the children)", b->year);
    return 0;
}

/* Column j of table t against the rest of the spec of the year. */
static int check_column(struct builder *b, const struct b_table *t, size_t j, const struct b_table *primary)
{
    const struct b_column *c = &t->cols[j];

    /* The CSV columns are a prefix, so that every CSV path (header row,
     * cells, the build) is "the first n_csv_columns". */
    if (c->xml_only && (!t->xml_row || c->type == CLA_T_ID || c->same))
        return fail(b, c->line, "column %s.%s: xml-only is for a plain column of a table in the XML", t->name,
                    c->name);
    if (!c->xml_only && j > 0 && t->cols[j - 1].xml_only)
        return fail(b, c->line, "column %s.%s: xml-only columns go after every CSV column of %s", t->name, c->name,
                    t->name);
    if (c->type == CLA_T_CODE && !find_list(b, c->list))
        return fail(b, c->line, "column %s.%s: there is no code list %s in year %d", t->name, c->name, c->list,
                    b->year);
    if (c->same) {
        const char *dot = strchr(c->same, '.');
        bool ok = (size_t)(dot - c->same) == strlen(primary->name)
                  && !strncmp(c->same, primary->name, strlen(primary->name));
        struct b_column *pc = ok ? find_column((struct b_table *)primary, dot + 1) : NULL;
        if (!pc || t == primary)
            return fail(b, c->line, "column %s.%s: same=%s must name a column of the primary table %s", t->name,
                        c->name, c->same, primary->name);
    }
    return 0;
}

/* Every table has columns, exactly one of them the id, each checked. */
static int check_tables(struct builder *b, const struct b_table *primary)
{
    for (size_t i = 0; i < b->n_tables; i++) {
        const struct b_table *t = &b->tables[i];
        size_t ids = 0;
        if (!t->n)
            return fail(b, t->line, "table %s has no columns", t->name);
        for (size_t j = 0; j < t->n; j++) {
            ids += t->cols[j].type == CLA_T_ID;
            if (check_column(b, t, j, primary) != 0)
                return -1;
        }
        if (ids != 1)
            return fail(b, t->line, "table %s has %zu id columns; it needs exactly one (the child identifier)",
                        t->name, ids);
    }
    return 0;
}

static struct cla_codelist *copy_lists(struct arena *a, const struct builder *b)
{
    struct cla_codelist *lists = arena_alloc(a, (b->n_lists ? b->n_lists : 1) * sizeof *lists);

    for (size_t i = 0; i < b->n_lists; i++) {
        const char **codes = arena_alloc(a, b->lists[i].n * sizeof *codes);
        for (size_t j = 0; j < b->lists[i].n; j++)
            codes[j] = arena_strdup(a, b->lists[i].codes[j]);
        lists[i].name = arena_strdup(a, b->lists[i].name);
        lists[i].codes = codes;
        lists[i].n = b->lists[i].n;
    }
    return lists;
}

/* Column bc of t into c, its code list and same= resolved to the finished
 * spec's lists and the primary table's column number. */
static void copy_column(struct arena *a, const struct builder *b, const struct b_column *bc, size_t j,
                        struct cla_table *t, struct cla_column *c, struct cla_codelist *lists,
                        const struct b_table *primary)
{
    c->name = arena_strdup(a, bc->name);
    c->type = bc->type;
    c->required = bc->required;
    c->period = bc->period;
    c->xml_only = bc->xml_only;
    if (!bc->xml_only)
        t->n_csv_columns = j + 1;
    c->min = bc->min;
    c->max = bc->max;
    c->xml = arena_str(a, bc->xml ? bc->xml : bc->name);
    c->spec_line = bc->line;
    c->same_column = -1;
    if (bc->type == CLA_T_ID)
        t->id_column = j;
    if (bc->type == CLA_T_CODE)
        for (size_t k = 0; k < b->n_lists; k++)
            if (!strcmp(b->lists[k].name, bc->list))
                c->codes = &lists[k];
    if (bc->same) {
        const char *col = strchr(bc->same, '.') + 1;
        for (size_t k = 0; k < primary->n; k++)
            if (!strcmp(primary->cols[k].name, col))
                c->same_column = (int)k;
    }
}

static void copy_table(struct arena *a, const struct builder *b, const struct b_table *bt, struct cla_table *t,
                       struct cla_codelist *lists, const struct b_table *primary)
{
    struct cla_column *cols = arena_alloc(a, bt->n * sizeof *cols);

    t->name = arena_strdup(a, bt->name);
    t->per = bt->per;
    t->primary = bt->primary;
    t->xml_row = arena_str(a, bt->xml_row);
    t->spec_line = bt->line;
    if (bt->n_xml_if) {
        const char **el = arena_alloc(a, bt->n_xml_if * sizeof *el);
        const char **val = arena_alloc(a, bt->n_xml_if * sizeof *val);
        for (size_t k = 0; k < bt->n_xml_if; k++) {
            el[k] = arena_strdup(a, bt->xml_if[k]);
            val[k] = arena_str(a, bt->xml_if_value[k]);
        }
        t->xml_if = el;
        t->xml_if_value = val;
        t->n_xml_if = bt->n_xml_if;
    }
    for (size_t j = 0; j < bt->n; j++)
        copy_column(a, b, &bt->cols[j], j, t, &cols[j], lists, primary);
    t->columns = cols;
    t->n_columns = bt->n;
}

/* Checks references and copies the builder into an arena-backed spec. */
static int finish(struct builder *b, struct spec_impl **out)
{
    const struct b_table *primary = NULL;
    size_t primary_index = 0;

    if (find_primary(b, &primary, &primary_index) != 0 || check_tables(b, primary) != 0)
        return -1;

    struct spec_impl *si = xcalloc(1, sizeof *si);
    struct cla_spec *s = &si->pub;
    arena_init(&si->arena);
    s->year = b->year;
    s->file = arena_strdup(&si->arena, b->file);
    struct cla_codelist *lists = copy_lists(&si->arena, b);
    s->lists = lists;
    s->n_lists = b->n_lists;
    struct cla_table *tables = arena_alloc(&si->arena, (b->n_tables ? b->n_tables : 1) * sizeof *tables);
    for (size_t i = 0; i < b->n_tables; i++)
        copy_table(&si->arena, b, &b->tables[i], &tables[i], lists, primary);
    s->tables = tables;
    s->n_tables = b->n_tables;
    s->primary = primary_index;
    *out = si;
    return 0;
}

static void list_years(const struct builder *b, char *buf, size_t len)
{
    if (b->first == b->last)
        snprintf(buf, len, "%d", b->first);
    else
        snprintf(buf, len, "%d to %d", b->first, b->last);
}

int cla_spec_load(const char *path, int year, struct cla_spec **out, char *err, size_t errlen)
{
    struct builder b;
    struct spec_impl *si = NULL;
    int rc = CLA_SPEC_BAD;

    *out = NULL;
    memset(&b, 0, sizeof b);
    b.file = path;
    b.year = year;
    b.err = err;
    b.errlen = errlen;
    if (parse_file(&b) != 0)
        goto cleanup;
    if (year < b.first || year > b.last) {
        char years[32];
        list_years(&b, years, sizeof years);
        fail(&b, 0, "no SSDA903 table specification for collection year %d (this file covers %s)", year, years);
        rc = CLA_SPEC_NO_YEAR;
        goto cleanup;
    }
    if (finish(&b, &si) != 0)
        goto cleanup;
    *out = &si->pub;
    rc = CLA_SPEC_OK;
cleanup:
    builder_release(&b);
    return rc;
}

int cla_spec_load_default(int year, struct cla_spec **out, char *err, size_t errlen)
{
    struct strbuf path = STRBUF_INIT;
    int rc;

    sr_data_path(&path, "specs/903/tables.conf");
    rc = cla_spec_load(path.buf, year, out, err, errlen);
    strbuf_release(&path);
    return rc;
}

void cla_spec_free(struct cla_spec *s)
{
    struct spec_impl *si = (struct spec_impl *)s;

    if (!si)
        return;
    arena_release(&si->arena);
    free(si);
}

int cla_spec_years(const char *path, int *first, int *last, char *err, size_t errlen)
{
    struct strbuf def = STRBUF_INIT;
    struct builder b;
    int rc = -1;

    *first = *last = 0;
    if (!path) {
        sr_data_path(&def, "specs/903/tables.conf");
        path = def.buf;
    }
    memset(&b, 0, sizeof b);
    b.file = path;
    b.year = 0;          /* parse everything, apply nothing */
    b.err = err;
    b.errlen = errlen;
    if (parse_file(&b) == 0) {
        *first = b.first;
        *last = b.last;
        rc = 0;
    }
    builder_release(&b);
    strbuf_release(&def);
    return rc;
}

/* ---- lookup ------------------------------------------------------------------- */

const struct cla_table *cla_spec_table(const struct cla_spec *s, const char *name)
{
    for (size_t i = 0; i < s->n_tables; i++)
        if (!strcmp(s->tables[i].name, name))
            return &s->tables[i];
    return NULL;
}

int cla_spec_table_index(const struct cla_spec *s, const struct cla_table *t)
{
    if (!t || t < s->tables || t >= s->tables + s->n_tables)
        return -1;
    return (int)(t - s->tables);
}

int cla_table_column(const struct cla_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_columns; i++)
        if (!strcmp(t->columns[i].name, name))
            return (int)i;
    return -1;
}

int cla_table_csv_column(const struct cla_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_csv_columns; i++)
        if (!strcmp(t->columns[i].name, name))
            return (int)i;
    return -1;
}

/* How many of the cells are CSV column names of t, each counted once; -1
 * when a cell repeats a column. */
static int shared_columns(const struct cla_table *t, const char *const *cells, size_t n)
{
    bool seen[CLA_MAX_COLUMNS] = { false };
    int k = 0;

    for (size_t i = 0; i < n; i++) {
        int c = cells[i] ? cla_table_csv_column(t, cells[i]) : -1;
        if (c < 0)
            continue;
        if (seen[c])
            return -1;
        seen[c] = true;
        k++;
    }
    return k;
}

const struct cla_table *cla_spec_table_by_header(const struct cla_spec *s, const char *const *cells,
                                                 size_t n, bool *exact_order)
{
    if (exact_order)
        *exact_order = false;
    for (size_t i = 0; i < s->n_tables; i++) {
        const struct cla_table *t = &s->tables[i];
        if (t->n_csv_columns != n || shared_columns(t, cells, n) != (int)n)
            continue;
        if (exact_order) {
            *exact_order = true;
            for (size_t j = 0; j < n; j++)
                if (strcmp(cells[j], t->columns[j].name) != 0)
                    *exact_order = false;
        }
        return t;
    }
    return NULL;
}

const struct cla_table *cla_spec_nearest_table(const struct cla_spec *s, const char *const *cells, size_t n)
{
    const struct cla_table *best = NULL;
    int best_score = 1;   /* at least two shared columns: CHILD and DOB alone say little */

    for (size_t i = 0; i < s->n_tables; i++) {
        int k = shared_columns(&s->tables[i], cells, n);
        /* ties go to the table whose column count is closest */
        if (k > best_score
            || (k == best_score && best && k > 1
                && labs((long)s->tables[i].n_csv_columns - (long)n) < labs((long)best->n_csv_columns - (long)n))) {
            best = &s->tables[i];
            best_score = k;
        }
    }
    return best;
}

const struct cla_codelist *cla_spec_codes(const struct cla_spec *s, const char *name)
{
    for (size_t i = 0; i < s->n_lists; i++)
        if (!strcmp(s->lists[i].name, name))
            return &s->lists[i];
    return NULL;
}

void cla_table_header_row(const struct cla_table *t, struct strbuf *out)
{
    for (size_t i = 0; i < t->n_csv_columns; i++) {
        if (i)
            strbuf_addch(out, ',');
        strbuf_addstr(out, t->columns[i].name);
    }
}

void cla_column_type_text(const struct cla_column *c, struct strbuf *out)
{
    switch (c->type) {
    case CLA_T_ID:       strbuf_addf(out, "id:%ld", c->max); break;
    case CLA_T_DATE:     strbuf_addstr(out, "date"); break;
    case CLA_T_DATE_ZZ:  strbuf_addstr(out, "date-zz"); break;
    case CLA_T_CODE:     strbuf_addf(out, "code:%s", c->codes ? c->codes->name : "?"); break;
    case CLA_T_INT:      strbuf_addf(out, "int:%ld-%ld", c->min, c->max); break;
    case CLA_T_POSTCODE: strbuf_addstr(out, "postcode"); break;
    case CLA_T_URN:      strbuf_addstr(out, "urn"); break;
    case CLA_T_UPN:      strbuf_addstr(out, "upn"); break;
    case CLA_T_TEXT:
        if (c->max)
            strbuf_addf(out, "text:%ld", c->max);
        else
            strbuf_addstr(out, "text");
        break;
    }
}

/* ---- value checks ------------------------------------------------------------------ */

bool cla_is_date(const char *s)
{
    return s && sr_date_ok(date_parse_dmy(s));
}

static bool is_zz(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != 'Z' && s[i] != 'z')
            return false;
    return true;
}

static int two_digits(const char *s)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

bool cla_is_date_zz(const char *s)
{
    int d = 0, m = 0, y = 0;
    bool dz, mz, yz;

    if (!s || strlen(s) != 10 || s[2] != '/' || s[5] != '/')
        return false;
    dz = is_zz(s, 2);
    mz = is_zz(s + 3, 2);
    yz = is_zz(s + 6, 4);
    if (!dz && (d = two_digits(s)) < 1)
        return false;
    if (!mz && ((m = two_digits(s + 3)) < 1 || m > 12))
        return false;
    if (!yz) {
        for (int i = 6; i < 10; i++)
            if (!isdigit((unsigned char)s[i]))
                return false;
        y = atoi(s + 6);
        if (y < 1900 || y > 2199)
            return false;
    }
    if (dz)
        return true;
    /* a known day must exist in the month (any year when the year is unknown:
     * 2000 is a leap year, so 29/02/ZZZZ passes) */
    return date_valid_ymd(yz ? 2000 : y, mz ? 1 : m, d) && (mz ? d <= 31 : true);
}

bool cla_is_int(const char *s, long min, long max)
{
    long v = 0;
    bool neg = false;
    size_t digits = 0;

    if (!s || !*s)
        return false;
    if (*s == '-' && min < 0) {
        neg = true;
        s++;
    }
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || ++digits > 15)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (!digits)
        return false;
    if (neg)
        v = -v;
    return v >= min && v <= max;
}

/* Royal Mail postcode format (BS 7666): outward code A9, A99, A9A, AA9,
 * AA99 or AA9A, then the inward code 9AA, with or without one space; plus
 * the Girobank GIR 0AA.  Letters allowed per position as published. */
bool cla_is_postcode(const char *s)
{
    char out[5], in[4];
    size_t n, no = 0;

    if (!s)
        return false;
    n = strlen(s);
    if (n < 5 || n > 8)
        return false;
    /* inward: the last three characters */
    memcpy(in, s + n - 3, 3);
    in[3] = '\0';
    n -= 3;
    if (s[n - 1] == ' ')
        n--;
    if (n < 2 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            return false;
        out[no++] = s[i];
    }
    out[no] = '\0';
    if (!strcmp(out, "GIR") && !strcmp(in, "0AA"))
        return true;
    if (!isdigit((unsigned char)in[0]) || !strchr("ABDEFGHJLNPQRSTUWXYZ", in[1]) || !in[1]
        || !strchr("ABDEFGHJLNPQRSTUWXYZ", in[2]) || !in[2])
        return false;

    const char *first = "ABCDEFGHIJKLMNOPRSTUWYZ";      /* not Q V X */
    const char *second = "ABCDEFGHKLMNOPQRSTUVWXY";     /* not I J Z */
    const char *third = "ABCDEFGHJKPSTUW";              /* A9A */
    const char *fourth = "ABEHMNPRVWXY";                /* AA9A */
#define L(c, set) ((c) && strchr((set), (c)))
#define D(c) isdigit((unsigned char)(c))
    switch (no) {
    case 2:   /* A9 */
        return L(out[0], first) && D(out[1]);
    case 3:   /* A99, A9A, AA9 */
        return (L(out[0], first) && D(out[1]) && D(out[2]))
            || (L(out[0], first) && D(out[1]) && L(out[2], third))
            || (L(out[0], first) && L(out[1], second) && D(out[2]));
    case 4:   /* AA99, AA9A */
        return L(out[0], first) && L(out[1], second) && D(out[2]) && (D(out[3]) || L(out[3], fourth));
    default:
        return false;
    }
#undef L
#undef D
}

/* Ofsted URNs: SC and 6 digits (older social care registrations), 6 or 7
 * digits (newer registrations, schools), or CLA_URN_NONE when the provider
 * is inspected by another body or is a regional adoption agency. */
bool cla_is_urn(const char *s)
{
    size_t n;

    if (!s)
        return false;
    if (!strcmp(s, CLA_URN_NONE))
        return true;
    n = strlen(s);
    if (n == 8 && s[0] == 'S' && s[1] == 'C')
        s += 2, n -= 2;
    else if (n != 6 && n != 7)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool cla_is_upn(const char *s)
{
    if (!s)
        return false;
    if (strlen(s) == 3 && s[0] == 'U' && s[1] == 'N' && s[2] >= '1' && s[2] <= '5')
        return true;
    return strlen(s) == 13 && upn_check_letter_ok(s) && upn_digits_ok(s) && upn_last_char_ok(s)
           && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]);
}

bool cla_is_child_id(const char *s, size_t max)
{
    size_t n = 0;

    if (!s || !*s)
        return false;
    for (; *s; s++, n++)
        if (!isalnum((unsigned char)*s) || (unsigned char)*s > 0x7F)
            return false;
    return n <= max;
}

bool cla_is_text(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;

    if (!s)
        return false;
    while (*p) {
        int32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return false;
        p += n;
        chars++;
    }
    return !max || chars <= max;
}

bool cla_urn_given(const char *s)
{
    return s && *s && strcmp(s, CLA_URN_NONE) != 0;
}

bool cla_code_in(const struct cla_codelist *l, const char *s)
{
    if (!l || !s)
        return false;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->codes[i], s))
            return true;
    return false;
}

enum cla_verdict cla_check_value(const struct cla_column *c, const char *v)
{
    bool ok = false;

    if (!v || !*v)
        return c->required ? CLA_BLANK : CLA_VALID;
    switch (c->type) {
    case CLA_T_ID:       ok = cla_is_child_id(v, (size_t)c->max); break;
    case CLA_T_DATE:     ok = cla_is_date(v); break;
    case CLA_T_DATE_ZZ:  ok = cla_is_date_zz(v); break;
    case CLA_T_CODE:     return cla_code_in(c->codes, v) ? CLA_VALID : CLA_BAD_CODE;
    case CLA_T_INT:      ok = cla_is_int(v, c->min, c->max); break;
    case CLA_T_POSTCODE: ok = cla_is_postcode(v); break;
    case CLA_T_URN:      ok = cla_is_urn(v); break;
    case CLA_T_UPN:      ok = cla_is_upn(v); break;
    case CLA_T_TEXT:     ok = cla_is_text(v, (size_t)c->max); break;
    }
    return ok ? CLA_VALID : CLA_BAD_FORMAT;
}
