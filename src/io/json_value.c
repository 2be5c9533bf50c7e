/*
 * JSON trees: parser, builder and compact serialiser; see
 * include/io/json_value.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/json.h"
#include "io/json_value.h"
#include "io/utf8.h"

#define JV_MAX_DEPTH 64

struct parser {
    struct arena *a;
    const char *p, *end;
    unsigned line;
    struct strbuf *err;
    bool failed;
};

static void fail(struct parser *ps, const char *what)
{
    if (!ps->failed)
        strbuf_addf(ps->err, "line %u: %s", ps->line, what);
    ps->failed = true;
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
        if (*ps->p == '\n')
            ps->line++;
        ps->p++;
    }
}

struct jv *jv_new(struct arena *a, enum jv_type type)
{
    struct jv *v = arena_alloc(a, sizeof *v);
    v->type = type;
    return v;
}

struct jv *jv_string(struct arena *a, const char *s)
{
    struct jv *v = jv_new(a, JV_STRING);
    v->s = arena_strdup(a, s ? s : "");
    return v;
}

struct jv *jv_bool(struct arena *a, bool b)
{
    struct jv *v = jv_new(a, JV_BOOL);
    v->b = b;
    return v;
}

struct jv *jv_int(struct arena *a, long long i)
{
    struct jv *v = jv_new(a, JV_INT);
    v->i = i;
    v->num = (double)i;
    return v;
}

void jv_set(struct arena *a, struct jv *obj, const char *key, struct jv *value)
{
    if (obj->n == obj->cap)
        obj->members = arena_grow(a, obj->members, obj->n, &obj->cap, sizeof *obj->members);
    obj->members[obj->n].key = arena_strdup(a, key);
    obj->members[obj->n++].value = value;
}

void jv_push(struct arena *a, struct jv *arr, struct jv *value)
{
    if (arr->n == arr->cap)
        arr->items = arena_grow(a, arr->items, arr->n, &arr->cap, sizeof *arr->items);
    arr->items[arr->n++] = value;
}

struct jv *jv_get(const struct jv *obj, const char *key)
{
    if (!obj || obj->type != JV_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->members[i].key, key))
            return obj->members[i].value;
    return NULL;
}

struct jv *jv_child(struct arena *a, struct jv *obj, const char *key, enum jv_type type)
{
    struct jv *v = jv_get(obj, key);
    if (!v) {
        v = jv_new(a, type);
        jv_set(a, obj, key, v);
    }
    return v;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long read_hex4(struct parser *ps)
{
    long v = 0;
    if (ps->end - ps->p < 4) {
        fail(ps, "truncated \\u escape");
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)ps->p[i]);
        if (h < 0) {
            fail(ps, "bad \\u escape");
            return -1;
        }
        v = v * 16 + h;
    }
    ps->p += 4;
    return v;
}

/* One escape after the backslash into sb. */
static void parse_escape(struct parser *ps, struct strbuf *sb)
{
    char c = *ps->p++;
    switch (c) {
    case '"': case '\\': case '/': strbuf_addch(sb, c); return;
    case 'b': strbuf_addch(sb, '\b'); return;
    case 'f': strbuf_addch(sb, '\f'); return;
    case 'n': strbuf_addch(sb, '\n'); return;
    case 'r': strbuf_addch(sb, '\r'); return;
    case 't': strbuf_addch(sb, '\t'); return;
    case 'u': {
        long cp = read_hex4(ps);
        if (cp < 0)
            return;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
                fail(ps, "unpaired surrogate in \\u escape");
                return;
            }
            ps->p += 2;
            long lo = read_hex4(ps);
            if (lo < 0xDC00 || lo > 0xDFFF) {
                fail(ps, "unpaired surrogate in \\u escape");
                return;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(ps, "unpaired surrogate in \\u escape");
            return;
        }
        if (cp == 0) {
            fail(ps, "a string holds \\u0000");
            return;
        }
        utf8_append(sb, (uint32_t)cp);
        return;
    }
    default:
        fail(ps, "bad escape in a string");
    }
}

static const char *parse_string_text(struct parser *ps)
{
    struct strbuf sb = STRBUF_INIT;
    const char *out = NULL;

    ps->p++;   /* the opening quote */
    while (!ps->failed) {
        if (ps->p >= ps->end) {
            fail(ps, "unterminated string");
            break;
        }
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') {
            ps->p++;
            out = arena_strndup(ps->a, sb.buf, sb.len);
            break;
        }
        if (c < 0x20) {
            fail(ps, "control character in a string");
            break;
        }
        if (c >= 0x80) {
            /* The decoder reads as many bytes as the lead byte says: there
             * must be that many before the end of the text. */
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            int32_t cp = -1;
            size_t n = need <= (size_t)(ps->end - ps->p) ? utf8_decode((const unsigned char *)ps->p, &cp) : 1;
            if (cp < 0) {
                fail(ps, "a string is not valid UTF-8");
                break;
            }
            strbuf_add(&sb, ps->p, n);
            ps->p += n;
            continue;
        }
        ps->p++;
        if (c == '\\') {
            if (ps->p >= ps->end) {
                fail(ps, "unterminated string");
                break;
            }
            parse_escape(ps, &sb);
        } else {
            strbuf_addch(&sb, c);
        }
    }
    strbuf_release(&sb);
    return out;
}

static struct jv *parse_value(struct parser *ps, unsigned depth);

static bool is_digit(const struct parser *ps)
{
    return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static void skip_digits(struct parser *ps)
{
    while (is_digit(ps))
        ps->p++;
}

/* A number as RFC 8259 spells it: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static struct jv *parse_number(struct parser *ps)
{
    const char *s = ps->p;
    bool integral = true;

    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (!is_digit(ps)) {
        fail(ps, "not a JSON value");
        return NULL;
    }
    if (*ps->p++ == '0' && is_digit(ps)) {
        fail(ps, "a number with a leading zero");
        return NULL;
    }
    skip_digits(ps);
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        integral = false;
        if (!is_digit(ps)) {
            fail(ps, "malformed number");
            return NULL;
        }
        skip_digits(ps);
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        integral = false;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (!is_digit(ps)) {
            fail(ps, "malformed number");
            return NULL;
        }
        skip_digits(ps);
    }
    char buf[64];
    size_t n = (size_t)(ps->p - s);
    if (n >= sizeof buf) {
        fail(ps, "number too long");
        return NULL;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end || !isfinite(d)) {
        fail(ps, "number out of range");
        return NULL;
    }
    struct jv *v = jv_new(ps->a, integral ? JV_INT : JV_NUMBER);
    v->num = d;
    if (integral) {
        errno = 0;
        v->i = strtoll(buf, &end, 10);
        if (errno == ERANGE)
            v->type = JV_NUMBER;
    }
    return v;
}

static bool literal(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, word, n)) {
        ps->p += n;
        return true;
    }
    return false;
}

static struct jv *parse_container(struct parser *ps, unsigned depth, bool object)
{
    struct jv *v = jv_new(ps->a, object ? JV_OBJECT : JV_ARRAY);
    char close = object ? '}' : ']';

    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return v;
    }
    while (!ps->failed) {
        const char *key = NULL;
        skip_ws(ps);
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"') {
                fail(ps, "an object member must start with a string key");
                break;
            }
            if (!(key = parse_string_text(ps)))
                break;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                fail(ps, "':' expected after an object key");
                break;
            }
            ps->p++;
        }
        struct jv *item = parse_value(ps, depth + 1);
        if (!item)
            break;
        if (object)
            jv_set(ps->a, v, key, item);
        else
            jv_push(ps->a, v, item);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return v;
        }
        fail(ps, object ? "',' or '}' expected in an object" : "',' or ']' expected in an array");
    }
    return NULL;
}

static struct jv *parse_value(struct parser *ps, unsigned depth)
{
    struct jv *v = NULL;
    unsigned line;

    skip_ws(ps);
    line = ps->line;
    if (ps->p < ps->end && (*ps->p == '{' || *ps->p == '[') && depth >= JV_MAX_DEPTH) {
        fail(ps, "nested deeper than 64 levels");
        return NULL;
    }
    if (ps->p >= ps->end) {
        fail(ps, "unexpected end of the text");
        return NULL;
    }
    switch (*ps->p) {
    case '{': v = parse_container(ps, depth, true); break;
    case '[': v = parse_container(ps, depth, false); break;
    case '"': {
        const char *s = parse_string_text(ps);
        if (s) {
            v = jv_new(ps->a, JV_STRING);
            v->s = s;
        }
        break;
    }
    default:
        if (literal(ps, "true"))
            v = jv_bool(ps->a, true);
        else if (literal(ps, "false"))
            v = jv_bool(ps->a, false);
        else if (literal(ps, "null"))
            v = jv_new(ps->a, JV_NULL);
        else
            v = parse_number(ps);
    }
    if (v)
        v->line = line;
    return ps->failed ? NULL : v;
}

struct jv *jv_parse(struct arena *a, const char *text, size_t len, struct strbuf *err)
{
    return jv_parse_at(a, text, len, 1, err);
}

struct jv *jv_parse_at(struct arena *a, const char *text, size_t len, unsigned first_line, struct strbuf *err)
{
    struct parser ps = { a, text, text + len, first_line, err, false };

    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        fail(&ps, "starts with a UTF-8 byte-order mark");
        return NULL;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        for (const char *q = text; q < nul; q++)
            ps.line += *q == '\n';
        fail(&ps, "holds a NUL byte");
        return NULL;
    }
    struct jv *v = parse_value(&ps, 0);
    if (!v)
        return NULL;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        fail(&ps, "text after the JSON value");
        return NULL;
    }
    return v;
}

void jv_write(struct strbuf *out, const struct jv *v, jv_skip_fn *skip)
{
    switch (v->type) {
    case JV_NULL: strbuf_addstr(out, "null"); return;
    case JV_BOOL: strbuf_addstr(out, v->b ? "true" : "false"); return;
    case JV_INT: strbuf_addf(out, "%lld", v->i); return;
    case JV_NUMBER: strbuf_addf(out, "%.17g", v->num); return;
    case JV_STRING: json_add_string(out, v->s); return;
    case JV_ARRAY:
        strbuf_addch(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                strbuf_addch(out, ',');
            jv_write(out, v->items[i], skip);
        }
        strbuf_addch(out, ']');
        return;
    case JV_OBJECT: {
        bool first = true;
        strbuf_addch(out, '{');
        for (size_t i = 0; i < v->n; i++) {
            if (skip && skip(v->members[i].key))
                continue;
            if (!first)
                strbuf_addch(out, ',');
            first = false;
            json_add_string(out, v->members[i].key);
            strbuf_addch(out, ':');
            jv_write(out, v->members[i].value, skip);
        }
        strbuf_addch(out, '}');
        return;
    }
    }
}

bool jv_equal(const struct jv *x, const struct jv *y)
{
    bool xn = x->type == JV_INT || x->type == JV_NUMBER, yn = y->type == JV_INT || y->type == JV_NUMBER;
    if (xn && yn)
        return x->num == y->num;
    if (x->type != y->type || x->n != y->n)
        return false;
    switch (x->type) {
    case JV_NULL: return true;
    case JV_BOOL: return x->b == y->b;
    case JV_STRING: return !strcmp(x->s, y->s);
    case JV_ARRAY:
        for (size_t i = 0; i < x->n; i++)
            if (!jv_equal(x->items[i], y->items[i]))
                return false;
        return true;
    case JV_OBJECT:
        for (size_t i = 0; i < x->n; i++) {
            const struct jv *o = jv_get(y, x->members[i].key);
            if (!o || !jv_equal(x->members[i].value, o))
                return false;
        }
        return true;
    default:
        return false;
    }
}
