/*
 * CSV, once: one streaming reader, its dialect a parameter, and one cell
 * writer, for every CSV file the tool reads or writes.
 *
 * THE READER reads a FILE * or a file descriptor in chunks of CSV_CHUNK
 * bytes and holds one record at a time, never the whole file.  Two
 * dialects:
 *
 *   CSV_RFC4180  return files (SSDA903 CSV sets, Supporting Families files).
 *       Cells are separated by commas; a cell may be quoted ("...", with
 *       "" for a quote) and then holds commas, CR and LF; a record ends with
 *       CRLF, LF or a CR alone.  What breaks the RFC is reported as an issue
 *       of the record (its kind, physical line and cell) and read on as
 *       described at enum csv_issue_kind, so that the caller decides:
 *       stop at the first issue (the families validator) or collect every
 *       issue and go on (the 903 validator).  Lines are counted at each LF
 *       inside quotes and at each record end (CRLF, LF or CR) outside them;
 *       a CR alone inside quotes is not counted (as the validators always
 *       counted: their reports keep their line numbers).
 *
 *   CSV_LENIENT  only the reference files others publish and we merely look
 *       things up in: the ONS Postcode Directory (2.7 million rows of some
 *       50 columns, of which five are used) and Ofsted's provider lists.
 *       A record is a line (LF-terminated; the CRs before the LF are
 *       dropped, a CR elsewhere is data), joined with the next lines while
 *       it holds an odd number of quotes.  Spaces before a cell are
 *       skipped; an unquoted cell loses its trailing spaces and tabs; text
 *       after a closing quote is dropped; a quote inside an unquoted cell is
 *       data; a quoted cell still open at the end of the record is dropped.
 *       Only the first `want` cells are split (csv_reader_want): the rest of
 *       the record is read past, which is what makes the postcode directory
 *       quick.  No issues are reported: a NUL byte in a record's first line
 *       fails the read (CSV_FAIL_NUL: not a text file), one in a joined
 *       line ends the record's cells there; max_field bounds the whole
 *       record, which is read before it is split.
 *
 * Both dialects: a UTF-8 byte-order mark at the start is skipped when the
 * dialect says so (else it is the first bytes of the first cell); the
 * whole input may be bounded (max_input).  Cells are NUL-terminated; a NUL
 * byte inside a cell (CSV_ISSUE_NUL, RFC 4180) therefore ends its C string.
 *
 * THE CELL WRITER appends one RFC 4180 cell: quoted (quotes doubled) when it
 * holds a comma, quote, CR or LF.  Return files (the 903 CSV set, the
 * families NIS and FPD files) get the value's bytes unchanged: their
 * recipients link and check on exact values (the NIS is linked on names and
 * dates), so nothing may be added or replaced.  Validation reports, which
 * people open in spreadsheets, also get CSV_CELL_FORMULA_GUARD and
 * CSV_CELL_REPAIR_UTF8 (CSV_CELL_REPORT); never give those to a return.
 */
#ifndef STATRETURN_IO_CSV_H
#define STATRETURN_IO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strbuf.h"

/* Bytes read from the input at a time. */
#define CSV_CHUNK (64 * 1024)
/* max_field when a dialect gives 0. */
#define CSV_DEFAULT_MAX_FIELD ((size_t)1 << 20)

enum csv_mode { CSV_RFC4180, CSV_LENIENT };

struct csv_dialect {
    enum csv_mode mode;
    bool skip_bom;             /* a UTF-8 BOM before the first record is not data */
    bool skip_blank_lines;     /* RFC 4180: an empty line (one empty unquoted cell) is no record */
    bool check_utf8;           /* RFC 4180: CSV_ISSUE_UTF8 for each cell that is not UTF-8 */
    size_t max_field;          /* bytes in a cell (lenient: in a record); 0: CSV_DEFAULT_MAX_FIELD */
    uint64_t max_input;        /* bytes in the whole input; 0: no bound */
};

/* What can be wrong with an RFC 4180 record, and how the reader goes on. */
enum csv_issue_kind {
    CSV_ISSUE_UNCLOSED,        /* a quoted cell is still open at the end of the input; the
                                  record (the last) is returned as read, not checked for UTF-8 */
    CSV_ISSUE_AFTER_QUOTE,     /* text between a closing quote and the next comma or line end:
                                  kept, appended to the cell */
    CSV_ISSUE_STRAY_QUOTE,     /* a quote inside an unquoted cell: kept; one issue per quote */
    CSV_ISSUE_BARE_CR,         /* the record ended with a CR not followed by LF: a line end */
    CSV_ISSUE_TOO_LONG,        /* the cell is longer than max_field: cut there (once per cell) */
    CSV_ISSUE_NUL,             /* a NUL byte in the cell: kept (once per cell) */
    CSV_ISSUE_UTF8             /* check_utf8: the cell is not valid UTF-8 (io/utf8.h) */
};

struct csv_issue {
    enum csv_issue_kind kind;
    unsigned long line;        /* physical line where it was found; UTF-8: where the cell starts */
    size_t cell;               /* 0-based cell of the record */
};

/* Why csv_reader_next failed (it then keeps failing). */
enum csv_failure {
    CSV_FAIL_NONE,
    CSV_FAIL_READ,             /* the input could not be read (csv_reader_failure's errno) */
    CSV_FAIL_TOO_LARGE,        /* the input is larger than max_input */
    CSV_FAIL_NUL,              /* lenient: a NUL byte in a record's first line */
    CSV_FAIL_TOO_LONG          /* lenient: a record longer than max_field */
};

/* csv_reader_next's results. */
enum { CSV_FAILED = -1, CSV_END = 0, CSV_RECORD = 1 };

struct csv_reader;

/* A reader of f, or of fd, in dialect d (copied).  Never NULL.  The reader
 * does not own f or fd: close them after csv_reader_free. */
struct csv_reader *csv_reader_new(const struct csv_dialect *d, FILE *f);
struct csv_reader *csv_reader_new_fd(const struct csv_dialect *d, int fd);
void csv_reader_free(struct csv_reader *r);

/* The first bytes of the input, before any BOM is skipped, for a caller
 * that refuses some encodings (UTF-16, a zip file) by their first bytes:
 * at least 4 of them unless the input is shorter.  Only before the first
 * csv_reader_next; valid until it.  A read failure shows at the next
 * csv_reader_next. */
const unsigned char *csv_reader_head(struct csv_reader *r, size_t *n);

/* Lenient: split only the first n cells of the following records (n >= 1);
 * the rest of each record is read past.  Ignored by RFC 4180. */
void csv_reader_want(struct csv_reader *r, size_t n);

/* Reads the next record: CSV_RECORD, CSV_END, or CSV_FAILED
 * (csv_reader_failure says why).  An RFC 4180 record may come with issues. */
int csv_reader_next(struct csv_reader *r);

/* The current record.  Cells stay valid until the next csv_reader_next;
 * they are stored one after another, each NUL-terminated, so that a caller
 * may keep a record with one copy from csv_reader_field(r, 0). */
size_t csv_reader_nfields(const struct csv_reader *r);
const char *csv_reader_field(const struct csv_reader *r, size_t i);   /* NULL when i >= nfields */
size_t csv_reader_field_len(const struct csv_reader *r, size_t i);
/* All the cells at once: out[0 .. nfields) (the caller's array; NULL: none)
 * point at them; returns the bytes from the first cell through the last
 * one's NUL. */
size_t csv_reader_fields(const struct csv_reader *r, const char **out);
/* The physical line on which the current record starts (1-based). */
unsigned long csv_reader_line(const struct csv_reader *r);
/* The current record's issues, in the order they were found (UTF-8 last). */
const struct csv_issue *csv_reader_issues(const struct csv_reader *r, size_t *n);

/* CSV_FAIL_NONE, or why the reader failed; *errnum (may be NULL) is the
 * errno of CSV_FAIL_READ. */
enum csv_failure csv_reader_failure(const struct csv_reader *r, int *errnum);

/* ---- the cell writer ------------------------------------------------------- */

/* Quote a cell that starts or ends with a space too, so that readers that
 * trim (the lenient dialect, some spreadsheets' imports) keep them. */
#define CSV_CELL_QUOTE_EDGE_SPACES 0x1u
/* REPORTS ONLY: a cell starting with = + - @ tab or CR gets a leading
 * apostrophe, so that a spreadsheet does not run it as a formula. */
#define CSV_CELL_FORMULA_GUARD     0x2u
/* REPORTS ONLY: invalid UTF-8 becomes U+FFFD. */
#define CSV_CELL_REPAIR_UTF8       0x4u
/* What a validation report's cells get; never a return file's. */
#define CSV_CELL_REPORT            (CSV_CELL_FORMULA_GUARD | CSV_CELL_REPAIR_UTF8)

/* Appends s (NULL: an empty cell) as one cell, quoted when it holds a comma,
 * quote, CR or LF (or, with CSV_CELL_QUOTE_EDGE_SPACES, starts or ends with
 * a space).  flags 0: the value's bytes are unchanged. */
void csv_cell(struct strbuf *out, const char *s, unsigned flags);

#endif
