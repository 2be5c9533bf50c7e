/*
 * UTF-8 decoding, validation and encoding (see include/io/utf8.h).  Table-free: the
 * lead byte gives the length, the continuation bytes are checked, and the
 * value is checked against the shortest form, the surrogates and U+10FFFF.
 */
#include "core/strbuf.h"
#include "io/utf8.h"

size_t utf8_decode(const unsigned char *s, int32_t *cp)
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

size_t utf8_count(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;

    while (*p) {
        if (*p < 0x80) {        /* the common case, without a call */
            p++;
        } else {
            int32_t cp;
            p += utf8_decode(p, &cp);
            if (cp < 0)
                return (size_t)-1;
        }
        chars++;
    }
    return chars;
}

bool utf8_valid(const char *s)
{
    return utf8_count(s) != (size_t)-1;
}

void utf8_append(struct strbuf *sb, uint32_t cp)
{
    if (cp < 0x80) {
        strbuf_addch(sb, (int)cp);
    } else if (cp < 0x800) {
        strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
        strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
        strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
        strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
    } else {
        strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
        strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
        strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
        strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
    }
}
