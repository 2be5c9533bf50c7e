/*
 * The strict JSON checker; see json_check.h.  A recursive descent over the
 * RFC 8259 grammar; each step returns where it stopped, or NULL.
 */
#include <stdint.h>
#include <string.h>

#include "io/utf8.h"
#include "json_check.h"

#define MAX_DEPTH 64

/* The failure point, kept by the step that found it (for json_invalid_at). */
struct check {
    const char *start;
    const char *bad;
};

static const char *fail(struct check *c, const char *p)
{
    c->bad = p;
    return NULL;
}

static const char *ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static const char *string(struct check *c, const char *p)
{
    if (*p++ != '"')
        return fail(c, p - 1);
    while (*p != '"') {
        int32_t cp;
        if (!*p || (unsigned char)*p < 0x20)
            return fail(c, p);
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!p[i] || !strchr("0123456789abcdefABCDEF", p[i]))
                        return fail(c, p + i);
                p += 5;
            } else if (*p && strchr("\"\\/bfnrt", *p)) {
                p++;
            } else {
                return fail(c, p);
            }
            continue;
        }
        size_t n = utf8_decode((const unsigned char *)p, &cp);
        if (cp < 0)
            return fail(c, p);
        p += n;
    }
    return p + 1;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static const char *number(struct check *c, const char *p)
{
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (is_digit(*p))
        while (is_digit(*p))
            p++;
    else
        return fail(c, p);
    if (*p == '.') {
        if (!is_digit(*++p))
            return fail(c, p);
        while (is_digit(*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!is_digit(*p))
            return fail(c, p);
        while (is_digit(*p))
            p++;
    }
    return p;
}

static const char *value(struct check *c, const char *p, int depth);

/* An object or an array, p at its opening bracket. */
static const char *container(struct check *c, const char *p, int depth)
{
    bool object = *p == '{';
    char close = object ? '}' : ']';

    if (depth >= MAX_DEPTH)
        return fail(c, p);
    p = ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (object) {
            if (!(p = string(c, ws(p))))
                return NULL;
            p = ws(p);
            if (*p != ':')
                return fail(c, p);
            p++;
        }
        if (!(p = value(c, p, depth + 1)))
            return NULL;
        p = ws(p);
        if (*p == close)
            return p + 1;
        if (*p != ',')
            return fail(c, p);
        p++;
    }
}

static const char *value(struct check *c, const char *p, int depth)
{
    p = ws(p);
    if (*p == '{' || *p == '[')
        return container(c, p, depth);
    if (*p == '"')
        return string(c, p);
    if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
        return p + 4;
    if (!strncmp(p, "false", 5))
        return p + 5;
    return number(c, p);
}

long json_invalid_at(const char *s)
{
    struct check c = { s, NULL };
    const char *end = value(&c, s, 0);

    if (end && *(end = ws(end)))
        c.bad = end;                    /* something after the root value */
    return end && !c.bad ? -1 : (long)(c.bad - c.start);
}

bool json_valid(const char *s)
{
    return json_invalid_at(s) < 0;
}
