/*
 * HTML escaping (see include/io/html.h).  Pure: tested from a table in
 * tests/unit/test_report.c.
 */
#include <stdint.h>

#include "io/html.h"
#include "io/utf8.h"

void html_escape(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        int32_t cp;
        size_t n = utf8_decode(p, &cp);
        switch (cp) {
        case '&':  strbuf_addstr(out, "&amp;"); break;
        case '<':  strbuf_addstr(out, "&lt;"); break;
        case '>':  strbuf_addstr(out, "&gt;"); break;
        case '"':  strbuf_addstr(out, "&quot;"); break;
        case '\'': strbuf_addstr(out, "&#39;"); break;
        default:
            if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
                strbuf_addstr(out, UTF8_REPLACEMENT);
            else
                strbuf_add(out, p, n);
        }
        p += n;
    }
}
