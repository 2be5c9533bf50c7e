/*
 * The CSV reader (see include/io/csv.h for the dialects).
 *
 * One input layer (a chunk buffer over a FILE * or a descriptor, the BOM,
 * the input bound, line counting, the record's cells and issues) under two
 * record readers.  RFC 4180 is a byte state machine that copies runs of
 * ordinary bytes at once (a table of the bytes that end a run in each
 * state).  The lenient dialect is line-based: it reads a record's lines,
 * joins them while a quote is open and splits the first `want` cells in
 * place, which is the behaviour the reference loaders have always had; most
 * of a postcode directory's row is then only searched for its line end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/csv.h"
#include "io/utf8.h"

/* Bytes read at a time; a test build may make it small, so that every
 * construct is seen across the end of a chunk. */
#ifndef CSV_READ_CHUNK
#define CSV_READ_CHUNK CSV_CHUNK
#endif

struct csv_reader {
    struct csv_dialect d;
    FILE *f;                   /* the input: f, or fd when f is NULL */
    int fd;
    unsigned char *buf;        /* CSV_READ_CHUNK bytes; pos..end not yet read */
    size_t pos, end;
    bool at_eof, started;
    uint64_t bytes;            /* read from the input so far */
    enum csv_failure failure;
    int errnum;
    size_t want;               /* lenient: cells to split */

    unsigned long line;        /* physical line of the next byte (RFC 4180); lines read (lenient) */
    unsigned long rec_line;
    char *data;                /* the record's cells, each NUL-terminated */
    size_t len, alloc;
    struct cell_at {
        size_t start;          /* offset in data */
        unsigned long line;    /* where the cell starts (RFC 4180) */
    } *cells;
    size_t n, cap;
    size_t field_start;        /* RFC 4180: the cell being read */
    bool field_cut, field_nul, first_quoted, unclosed;
    struct csv_issue *issues;
    size_t n_issues, cap_issues;
};

/* ---- input ------------------------------------------------------------------- */

static struct csv_reader *reader_new(const struct csv_dialect *d, FILE *f, int fd)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);

    r->d = *d;
    if (!r->d.max_field)
        r->d.max_field = CSV_DEFAULT_MAX_FIELD;
    r->f = f;
    r->fd = fd;
    r->buf = xmalloc(CSV_READ_CHUNK);
    r->want = (size_t)-1;
    r->line = d->mode == CSV_RFC4180 ? 1 : 0;
    r->alloc = 4096;
    r->data = xmalloc(r->alloc);
    return r;
}

struct csv_reader *csv_reader_new(const struct csv_dialect *d, FILE *f)
{
    return reader_new(d, f, -1);
}

struct csv_reader *csv_reader_new_fd(const struct csv_dialect *d, int fd)
{
    return reader_new(d, NULL, fd);
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->data);
    free(r->cells);
    free(r->issues);
    free(r);
}

static int fail(struct csv_reader *r, enum csv_failure why, int errnum)
{
    if (r->failure == CSV_FAIL_NONE) {
        r->failure = why;
        r->errnum = errnum;
    }
    return CSV_FAILED;
}

/* Appends what the input has to buf[end..]: the number of bytes, 0 at the
 * end of the input, -1 on a failure. */
static long read_more(struct csv_reader *r)
{
    size_t room = CSV_READ_CHUNK - r->end;
    long k;

    if (r->failure)
        return -1;
    if (r->at_eof)
        return 0;
    for (;;) {
        if (r->f) {
            k = (long)fread(r->buf + r->end, 1, room, r->f);
            if (k == 0 && ferror(r->f))
                return fail(r, CSV_FAIL_READ, errno ? errno : EIO);
        } else {
            k = (long)read(r->fd, r->buf + r->end, room);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                return fail(r, CSV_FAIL_READ, errno);
        }
        break;
    }
    if (k == 0) {
        r->at_eof = true;
        return 0;
    }
    r->bytes += (uint64_t)k;
    if (r->d.max_input && r->bytes > r->d.max_input)
        return fail(r, CSV_FAIL_TOO_LARGE, 0);
    r->end += (size_t)k;
    return k;
}

/* Called with everything read (pos == end): refills the buffer.  The number
 * of bytes, 0 at the end of the input, -1 on a failure. */
static long refill(struct csv_reader *r)
{
    r->pos = r->end = 0;
    return read_more(r);
}

/* The first bytes, at least `want` unless the input is shorter. */
static void fill_head(struct csv_reader *r, size_t want)
{
    while (r->end - r->pos < want && read_more(r) > 0)
        ;
}

const unsigned char *csv_reader_head(struct csv_reader *r, size_t *n)
{
    if (!r->started)
        fill_head(r, 4);
    *n = r->started ? 0 : r->end - r->pos;
    return r->buf + r->pos;
}

static void start(struct csv_reader *r)
{
    r->started = true;
    fill_head(r, 3);
    if (r->d.skip_bom && r->end - r->pos >= 3 && !memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3))
        r->pos += 3;
}

/* ---- the record ---------------------------------------------------------------- */

static void reset_record(struct csv_reader *r)
{
    r->len = 0;
    r->n = 0;
    r->n_issues = 0;
    r->first_quoted = r->unclosed = false;
}

static void add_issue(struct csv_reader *r, enum csv_issue_kind kind, unsigned long line, size_t cell)
{
    ALLOC_GROW(r->issues, r->n_issues, r->cap_issues);
    r->issues[r->n_issues].kind = kind;
    r->issues[r->n_issues].line = line;
    r->issues[r->n_issues].cell = cell;
    r->n_issues++;
}

/* Room for n more bytes in data. */
static inline void reserve(struct csv_reader *r, size_t n)
{
    if (r->alloc - r->len < n) {
        r->alloc = r->len + n > 2 * r->alloc ? r->len + n : 2 * r->alloc;
        r->data = xrealloc(r->data, r->alloc);
    }
}

static inline void push_cell(struct csv_reader *r, size_t offset, unsigned long line)
{
    ALLOC_GROW(r->cells, r->n, r->cap);
    r->cells[r->n].start = offset;
    r->cells[r->n].line = line;
    r->n++;
}

/* ---- RFC 4180 ------------------------------------------------------------------ */

/* The bytes that end a run of ordinary bytes, by state; NUL ends every
 * run too, to be reported. */
enum run { RUN_UNQUOTED, RUN_QUOTED, RUN_AFTER_QUOTE };
static const unsigned char ends_run[3][256] = {
    [RUN_UNQUOTED] = { [0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1 },
    [RUN_QUOTED] = { [0] = 1, ['"'] = 1, ['\n'] = 1 },
    [RUN_AFTER_QUOTE] = { [0] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1 },
};

static inline void begin_field(struct csv_reader *r)
{
    push_cell(r, r->len, r->line);
    r->field_start = r->len;
    r->field_cut = r->field_nul = false;
}

/* Adds bytes to the cell, up to max_field. */
static inline void append(struct csv_reader *r, const void *p, size_t n)
{
    size_t have = r->len - r->field_start;

    if (r->field_cut)
        return;
    if (have + n > r->d.max_field) {
        n = r->d.max_field - have;
        r->field_cut = true;
        add_issue(r, CSV_ISSUE_TOO_LONG, r->line, r->n - 1);
    }
    reserve(r, n + 1);          /* and the cell's NUL */
    memcpy(r->data + r->len, p, n);
    r->len += n;
}

/* Copies bytes to the cell up to one that ends a run of state s; returns
 * that byte (not consumed), or -1 at the end of the input. */
static int copy_run(struct csv_reader *r, enum run s)
{
    const unsigned char *table = ends_run[s];

    for (;;) {
        if (r->pos == r->end && refill(r) <= 0)
            return -1;
        const unsigned char *p = r->buf + r->pos, *e = r->buf + r->end, *q = p;
        while (q < e && !table[*q])
            q++;
        if (q > p)
            append(r, p, (size_t)(q - p));
        r->pos = (size_t)(q - r->buf);
        if (q < e)
            return *q;
    }
}

static int peek(struct csv_reader *r)
{
    if (r->pos == r->end && refill(r) <= 0)
        return -1;
    return r->buf[r->pos];
}

/* Takes the byte c at the read position into the cell. */
static void take(struct csv_reader *r, int c)
{
    unsigned char b = (unsigned char)c;

    r->pos++;
    if (c == '\0' && !r->field_nul) {
        r->field_nul = true;
        add_issue(r, CSV_ISSUE_NUL, r->line, r->n - 1);
    }
    append(r, &b, 1);
}

/* A quoted cell, from its opening quote: returns the byte after it
 * (not consumed) or -1. */
static int quoted_field(struct csv_reader *r)
{
    int c;

    r->pos++;
    for (;;) {
        c = copy_run(r, RUN_QUOTED);
        if (c < 0) {
            if (!r->failure) {
                add_issue(r, CSV_ISSUE_UNCLOSED, r->line, r->n - 1);
                r->unclosed = true;
            }
            return -1;
        }
        if (c == '"') {
            r->pos++;
            if (peek(r) != '"')
                break;
        } else if (c == '\n') {
            r->line++;
        }
        take(r, c);
    }
    c = peek(r);
    if (c < 0 || c == ',' || c == '\r' || c == '\n')
        return c;
    add_issue(r, CSV_ISSUE_AFTER_QUOTE, r->line, r->n - 1);
    while ((c = copy_run(r, RUN_AFTER_QUOTE)) == '\0')
        take(r, c);
    return c;
}

/* One cell: returns the byte that ended it (',', CR, LF; not consumed) or
 * -1 at the end of the input. */
static int field(struct csv_reader *r)
{
    int c;

    begin_field(r);
    if (peek(r) == '"') {
        if (r->n == 1)
            r->first_quoted = true;
        c = quoted_field(r);
    } else {
        while ((c = copy_run(r, RUN_UNQUOTED)) == '"' || c == '\0') {
            if (c == '"')
                add_issue(r, CSV_ISSUE_STRAY_QUOTE, r->line, r->n - 1);
            take(r, c);
        }
    }
    reserve(r, 1);
    r->data[r->len++] = '\0';
    return c;
}

/* Most records: unquoted cells of ordinary bytes, ended by LF or CRLF
 * inside the buffer.  Such a record is read here in one pass, copying as it
 * scans; false (nothing consumed) for anything else, which field() reads. */
static bool plain_record(struct csv_reader *r)
{
    const unsigned char *p = r->buf + r->pos, *e = r->buf + r->end;
    const unsigned char *ends = ends_run[RUN_UNQUOTED];
    size_t start = 0;
    char *w;

    reserve(r, (size_t)(e - p) + 1);   /* cells are never longer than their text */
    w = r->data;
    for (;;) {
        while (p < e && !ends[*p])
            *w++ = (char)*p++;
        if (p == e || *p == '"' || *p == '\0' || (size_t)(w - r->data) - start > r->d.max_field)
            return false;
        push_cell(r, start, r->line);
        *w++ = '\0';
        start = (size_t)(w - r->data);
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\r' && (p + 1 == e || p[1] != '\n'))
            return false;
        p += *p == '\r' ? 2 : 1;
        break;
    }
    r->len = start;
    r->pos = (size_t)(p - r->buf);
    r->line++;
    return true;
}

static int rfc4180_record(struct csv_reader *r)
{
    int c;

    reset_record(r);
    r->rec_line = r->line;
    if (peek(r) < 0)
        return r->failure ? CSV_FAILED : CSV_END;
    if (plain_record(r))
        return CSV_RECORD;
    r->n = 0;
    while ((c = field(r)) == ',')
        r->pos++;
    if (c == '\r') {
        r->pos++;
        c = peek(r);
        if (c == '\n')
            r->pos++;
        else if (c >= 0)
            add_issue(r, CSV_ISSUE_BARE_CR, r->line, r->n - 1);
        r->line++;
    } else if (c == '\n') {
        r->pos++;
        r->line++;
    }
    return r->failure ? CSV_FAILED : CSV_RECORD;
}

/* Whether data holds a byte above 0x7F, eight bytes at a time: most
 * records are ASCII and need no cell-by-cell check. */
static bool any_high_byte(const char *data, size_t len)
{
    uint64_t or = 0, w;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, data + i, 8);
        or |= w;
    }
    for (; i < len; i++)
        or |= (unsigned char)data[i];
    return (or & UINT64_C(0x8080808080808080)) != 0;
}

static void check_utf8(struct csv_reader *r)
{
    if (!any_high_byte(r->data, r->len))
        return;
    for (size_t i = 0; i < r->n; i++)
        if (!utf8_valid(r->data + r->cells[i].start))
            add_issue(r, CSV_ISSUE_UTF8, r->cells[i].line, i);
}

static int rfc4180_next(struct csv_reader *r)
{
    int k;

    do
        k = rfc4180_record(r);
    while (k == CSV_RECORD && r->d.skip_blank_lines && r->n == 1 && r->len == 1 && !r->first_quoted);
    if (k == CSV_RECORD && r->d.check_utf8 && !r->unclosed)
        check_utf8(r);
    return k;
}

/* ---- lenient ------------------------------------------------------------------- */

/* Appends the next physical line (through its LF, or to the end of the
 * input) to data, NUL-terminated: its length, 0 at the end of the input, -1
 * on a failure. */
static long read_line(struct csv_reader *r)
{
    size_t before = r->len;

    for (;;) {
        if (r->pos == r->end && refill(r) <= 0)
            break;
        const unsigned char *p = r->buf + r->pos;
        const unsigned char *nl = memchr(p, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - p) + 1 : r->end - r->pos;
        if (r->len + n > r->d.max_field)
            return fail(r, CSV_FAIL_TOO_LONG, 0);
        reserve(r, n + 1);
        memcpy(r->data + r->len, p, n);
        r->len += n;
        r->pos += n;
        if (nl)
            break;
    }
    if (r->failure)
        return -1;
    r->data[r->len] = '\0';
    return (long)(r->len - before);
}

/* Drops the CRs and LF that end data, not before `from`. */
static void chomp(struct csv_reader *r, size_t from)
{
    while (r->len > from && (r->data[r->len - 1] == '\n' || r->data[r->len - 1] == '\r'))
        r->data[--r->len] = '\0';
}

/* Whether s holds an odd number of quotes: a quoted cell still open. */
static bool quote_open(const char *s, size_t n)
{
    bool open = false;
    const char *q;

    while ((q = memchr(s, '"', n)) != NULL) {
        open = !open;
        n -= (size_t)(q - s) + 1;
        s = q + 1;
    }
    return open;
}

/* Splits data into cells in place, up to want of them (a cell still quoted
 * at the end is dropped). */
static void lenient_split(struct csv_reader *r)
{
    char *s = r->data, *w = s, *p = s;

    for (;;) {
        char *cell = w;
        while (*p == ' ')
            p++;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p)
                    return;
                if (*p == '"') {
                    if (p[1] != '"')
                        break;
                    p++;
                }
                *w++ = *p++;
            }
            p++;                        /* closing quote */
            while (*p && *p != ',')
                p++;                    /* text after the quote: dropped */
        } else {
            while (*p && *p != ',')
                *w++ = *p++;
            while (w > cell && (w[-1] == ' ' || w[-1] == '\t'))
                w--;
        }
        push_cell(r, (size_t)(cell - s), r->rec_line);
        if (!*p || r->n >= r->want) {
            *w = '\0';
            return;
        }
        *w++ = '\0';
        p++;
    }
}

static int lenient_next(struct csv_reader *r)
{
    long k;

    reset_record(r);
    r->rec_line = r->line + 1;
    k = read_line(r);
    if (k <= 0)
        return k < 0 ? CSV_FAILED : CSV_END;
    r->line++;
    if (memchr(r->data, '\0', (size_t)k))
        return fail(r, CSV_FAIL_NUL, 0);
    chomp(r, 0);
    /* A quoted cell with a line break (a doubled quote counts twice, so the
     * parity of the quotes tells): join the next lines until it closes. */
    while (quote_open(r->data, r->len)) {
        size_t joint = r->len;
        reserve(r, 2);
        r->data[r->len++] = '\n';
        k = read_line(r);
        if (k < 0)
            return CSV_FAILED;
        if (k == 0) {
            r->data[joint] = '\0';
            r->len = joint;
            break;                      /* unterminated: take what there is */
        }
        r->line++;
        chomp(r, joint + 1);
    }
    lenient_split(r);
    return CSV_RECORD;
}

/* ---- the interface ------------------------------------------------------------- */

void csv_reader_want(struct csv_reader *r, size_t n)
{
    r->want = n ? n : 1;
}

int csv_reader_next(struct csv_reader *r)
{
    if (r->failure) {
        reset_record(r);
        return CSV_FAILED;
    }
    if (!r->started)
        start(r);
    if (r->d.mode == CSV_LENIENT)
        return lenient_next(r);
    return rfc4180_next(r);
}

size_t csv_reader_nfields(const struct csv_reader *r)
{
    return r->n;
}

const char *csv_reader_field(const struct csv_reader *r, size_t i)
{
    return i < r->n ? r->data + r->cells[i].start : NULL;
}

size_t csv_reader_fields(const struct csv_reader *r, const char **out)
{
    for (size_t i = 0; out && i < r->n; i++)
        out[i] = r->data + r->cells[i].start;
    if (!r->n)
        return 0;
    return r->cells[r->n - 1].start + csv_reader_field_len(r, r->n - 1) + 1 - r->cells[0].start;
}

size_t csv_reader_field_len(const struct csv_reader *r, size_t i)
{
    if (i >= r->n)
        return 0;
    if (r->d.mode == CSV_LENIENT)
        return strlen(r->data + r->cells[i].start);
    return (i + 1 < r->n ? r->cells[i + 1].start : r->len) - r->cells[i].start - 1;
}

unsigned long csv_reader_line(const struct csv_reader *r)
{
    return r->rec_line;
}

const struct csv_issue *csv_reader_issues(const struct csv_reader *r, size_t *n)
{
    *n = r->n_issues;
    return r->issues;
}

enum csv_failure csv_reader_failure(const struct csv_reader *r, int *errnum)
{
    if (errnum)
        *errnum = r->errnum;
    return r->failure;
}
