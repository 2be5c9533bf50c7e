/*
 * How the Supporting Families files are read for validation: RFC 4180
 * through io/csv.h, cells up to 1 MiB, and the first thing wrong stops the
 * file.  The build writes these files itself (csv_cell, values unaltered),
 * so a malformed record means a file edited or made elsewhere, and one
 * "file:line: why" diagnosis serves better than a finding per cell.
 *
 * Kept as the families validator has always read: the reader does not skip
 * a byte-order mark (the header check passes over it in the first cell), a
 * NUL byte ends its cell, and a CR alone outside quotes is an error rather
 * than a line end.
 */
#include <string.h>

#include "returns/families/families.h"

const struct csv_dialect families_csv_dialect = { .mode = CSV_RFC4180, .max_field = (size_t)1 << 20 };

static const char *issue_text(enum csv_issue_kind k)
{
    switch (k) {
    case CSV_ISSUE_UNCLOSED:    return "a quoted field is not closed before the end of the file";
    case CSV_ISSUE_AFTER_QUOTE: return "a quoted field is followed by text before the next comma";
    case CSV_ISSUE_STRAY_QUOTE: return "a quote inside an unquoted field (RFC 4180 needs the field quoted)";
    case CSV_ISSUE_BARE_CR:     return "a carriage return outside quotes is not followed by a line feed";
    case CSV_ISSUE_TOO_LONG:    return "a field is longer than 1 MiB";
    case CSV_ISSUE_NUL:         return "a NUL byte in a field: this is not a CSV text file";
    case CSV_ISSUE_UTF8:
        break;
    }
    return "the record is not well formed";
}

int families_csv_next(struct csv_reader *r, struct strbuf *why)
{
    const struct csv_issue *is;
    size_t n;
    int k = csv_reader_next(r), err = 0;

    if (k == CSV_FAILED) {
        csv_reader_failure(r, &err);
        strbuf_addf(why, "cannot read the file: %s", strerror(err));
        return -1;
    }
    if (k == CSV_END)
        return 0;
    is = csv_reader_issues(r, &n);
    /* Every issue stops the file, NUL bytes too (a cell is checked as a C
     * string, so "F\0ZZZZ" would pass as "F"), named by its line. */
    if (n) {
        unsigned long line = is[0].kind == CSV_ISSUE_UNCLOSED ? csv_reader_line(r) : is[0].line;
        strbuf_addf(why, "line %lu: %s", line, issue_text(is[0].kind));
        return -1;
    }
    return 1;
}
