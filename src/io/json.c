/*
 * Flat JSON reading and JSON string escaping; see json.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "io/json.h"
#include "io/utf8.h"

struct cursor {
    const char *p;
    struct strbuf key, val;
};

static void skip_ws(struct cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
        c->p++;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Four hex digits after \u; -1 if they are not. */
static int read_hex4(struct cursor *c)
{
    int cp = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(*c->p);
        if (h < 0)
            return -1;
        c->p++;
        cp = cp * 16 + h;
    }
    return cp;
}

/* Reads a string literal into out; c->p at the opening quote. */
static int read_string(struct cursor *c, struct strbuf *out)
{
    strbuf_reset(out);
    if (*c->p != '"')
        return -1;
    c->p++;
    for (;;) {
        unsigned char ch = (unsigned char)*c->p++;
        if (ch == '\0' || ch < 0x20)
            return -1;
        if (ch == '"')
            return 0;
        if (ch != '\\') {
            strbuf_addch(out, ch);
            continue;
        }
        ch = (unsigned char)*c->p++;
        switch (ch) {
        case '"': case '\\': case '/': strbuf_addch(out, ch); break;
        case 'b': strbuf_addch(out, '\b'); break;
        case 'f': strbuf_addch(out, '\f'); break;
        case 'n': strbuf_addch(out, '\n'); break;
        case 'r': strbuf_addch(out, '\r'); break;
        case 't': strbuf_addch(out, '\t'); break;
        case 'u': {
            int cp = read_hex4(c);
            if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
                return -1;                      /* bad digits, or a lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {  /* high surrogate: its pair must follow */
                if (c->p[0] != '\\' || c->p[1] != 'u')
                    return -1;
                c->p += 2;
                int lo = read_hex4(c);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            utf8_append(out, (uint32_t)cp);
            break;
        }
        default:
            return -1;
        }
    }
}

/* A scalar value: string, number, true, false or null (*is_null). */
static int read_scalar(struct cursor *c, struct strbuf *out, int *is_null)
{
    *is_null = 0;
    if (*c->p == '"')
        return read_string(c, out);
    strbuf_reset(out);
    if (!strncmp(c->p, "true", 4) || !strncmp(c->p, "null", 4)) {
        *is_null = c->p[0] == 'n';
        strbuf_add(out, c->p, 4);
        c->p += 4;
        return 0;
    }
    if (!strncmp(c->p, "false", 5)) {
        strbuf_add(out, c->p, 5);
        c->p += 5;
        return 0;
    }
    const char *s = c->p;
    if (*c->p == '-')
        c->p++;
    if (!isdigit((unsigned char)*c->p))
        return -1;
    while (isdigit((unsigned char)*c->p) || *c->p == '.' || *c->p == 'e' || *c->p == 'E'
           || *c->p == '+' || *c->p == '-')
        c->p++;
    strbuf_add(out, s, (size_t)(c->p - s));
    return 0;
}

int json_flat_each(const char *json, int (*fn)(void *opaque, const char *key, const char *value), void *opaque)
{
    struct cursor c = { json, STRBUF_INIT, STRBUF_INIT };
    int ret = -1, is_null;
    char open, close;

    skip_ws(&c);
    open = *c.p;
    if (open != '[' && open != '{')
        goto cleanup;
    close = open == '[' ? ']' : '}';
    c.p++;
    skip_ws(&c);
    if (*c.p == close) {
        c.p++;
        goto done;
    }
    for (;;) {
        skip_ws(&c);
        if (open == '{') {
            if (read_string(&c, &c.key) != 0)
                goto cleanup;
            skip_ws(&c);
            if (*c.p++ != ':')
                goto cleanup;
            skip_ws(&c);
            if (read_scalar(&c, &c.val, &is_null) != 0)
                goto cleanup;
            if (fn(opaque, c.key.buf, is_null ? NULL : c.val.buf)) {
                ret = 0;
                goto cleanup;
            }
        } else {
            if (read_string(&c, &c.val) != 0)
                goto cleanup;
            if (fn(opaque, NULL, c.val.buf)) {
                ret = 0;
                goto cleanup;
            }
        }
        skip_ws(&c);
        if (*c.p == ',') {
            c.p++;
            continue;
        }
        if (*c.p == close) {
            c.p++;
            break;
        }
        goto cleanup;
    }
done:
    skip_ws(&c);
    ret = *c.p == '\0' ? 0 : -1;
cleanup:
    strbuf_release(&c.key);
    strbuf_release(&c.val);
    return ret;
}

struct get_state {
    const char *key;
    char *out;
    size_t outlen;
    int found;
};

static int get_cb(void *opaque, const char *key, const char *value)
{
    struct get_state *g = opaque;
    /* Keep going after a match: the rest of the text must be valid too. */
    if (!g->found && key && !strcmp(key, g->key)) {   /* the first of repeated keys wins */
        snprintf(g->out, g->outlen, "%s", value ? value : "");
        g->found = 1;
    }
    return 0;
}

int json_flat_get(const char *json, const char *key, char *out, size_t outlen)
{
    struct get_state g = { key, out, outlen, 0 };
    if (outlen)
        out[0] = '\0';
    if (json_flat_each(json, get_cb, &g) != 0)
        return -1;
    return g.found;
}

void json_add_string_for(struct strbuf *sb, const char *s, enum json_escape how)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    strbuf_addch(sb, '"');
    while (*p) {
        int32_t cp;
        size_t n = utf8_decode(p, &cp);
        switch (cp) {
        case -1:   strbuf_addstr(sb, "\\ufffd"); break;
        case '"':  strbuf_addstr(sb, "\\\""); break;
        case '\\': strbuf_addstr(sb, "\\\\"); break;
        case '\n': strbuf_addstr(sb, "\\n"); break;
        case '\r': strbuf_addstr(sb, "\\r"); break;
        case '\t': strbuf_addstr(sb, "\\t"); break;
        case '<': case '>': case '&': case 0x2028: case 0x2029:
            if (how == JSON_HTML_SAFE)
                strbuf_addf(sb, "\\u%04x", (unsigned)cp);
            else
                strbuf_add(sb, p, n);
            break;
        default:
            if (cp < 0x20 || cp == 0x7F)
                strbuf_addf(sb, "\\u%04x", (unsigned)cp);
            else
                strbuf_add(sb, p, n);
        }
        p += n;
    }
    strbuf_addch(sb, '"');
}

void json_add_string(struct strbuf *sb, const char *s)
{
    json_add_string_for(sb, s, JSON_PLAIN);
}
