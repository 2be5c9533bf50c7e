/*
 * The CSV cell writer (see include/io/csv.h): one function for return files
 * and reports, the report-only alterations named by flags so that a call
 * site says which it is.  Pure: tested from tables in tests/unit/test_csv.c.
 */
#include <stdint.h>
#include <string.h>

#include "io/csv.h"
#include "io/utf8.h"

void csv_cell(struct strbuf *out, const char *s, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = strlen((const char *)p);
    bool quote = p[strcspn((const char *)p, ",\"\r\n")] != '\0';
    bool guard = (flags & CSV_CELL_FORMULA_GUARD) && *p && strchr("=+-@\t\r", *p);

    if ((flags & CSV_CELL_QUOTE_EDGE_SPACES) && len && (p[0] == ' ' || p[len - 1] == ' '))
        quote = true;
    if (!quote && !guard && !(flags & CSV_CELL_REPAIR_UTF8)) {
        strbuf_add(out, p, len);
        return;
    }
    if (quote)
        strbuf_addch(out, '"');
    if (guard)
        strbuf_addch(out, '\'');
    while (*p) {
        int32_t cp = *p;
        size_t n = 1;
        if (*p >= 0x80 && (flags & CSV_CELL_REPAIR_UTF8))
            n = utf8_decode(p, &cp);
        if (cp < 0)
            strbuf_addstr(out, UTF8_REPLACEMENT);
        else if (*p == '"')
            strbuf_addstr(out, "\"\"");
        else
            strbuf_add(out, p, n);
        p += n;
    }
    if (quote)
        strbuf_addch(out, '"');
}
