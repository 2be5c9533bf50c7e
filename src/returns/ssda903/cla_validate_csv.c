/*
 * SSDA903 CSV sets: reading the files and grouping their rows by child, in
 * bounded memory; the checks of a child are cla_validate.c's.
 *
 * A set is read in passes, none of which keeps a file in memory:
 *
 *   headers  every file's header row, in the order given: the tables are
 *            recognised, and two files of one table stop the set at once,
 *            before any row is read.
 *   scan     (no --year only) the period dates of every row, for the year;
 *            a file that cannot be read stops the set here, in the order
 *            given, as before.
 *   load     every file streamed once, the Header table's first and then
 *            the others in the spec's table order (the order in which
 *            children are numbered: Header order, then children found only
 *            in other tables).  Each well-formed row becomes a compact
 *            record with its child's number, gathered in a bucket in
 *            memory; a full bucket (bucket_bytes, CLA_CSV_BUCKET_BYTES: its
 *            records and their keys) is put in child order (a stable radix
 *            sort) and written to a scratch file (io/spill.h) as a run.
 *            What the report says about the files' structure (parse issues,
 *            rows of the wrong length, rows without a CHILD) goes to three
 *            small scratch files of their own.  Nothing is reported yet, so
 *            a set refused half-way (a NUL byte in its last file) reports
 *            nothing, as when every file was read whole first.
 *   check    the findings in today's order: unknown files, structure, rows
 *            without a CHILD, then the children.  The runs are merged by
 *            child number, each read a piece at a time, the last bucket
 *            from memory (it is written too, so that a full $TMPDIR stops
 *            any set); a child's records come from each run in turn, so in
 *            the order read.  Children thus reach the checks and the
 *            whole-return rules in the same order, with the same rows, as
 *            when the set was held in memory, and the findings are the
 *            same, byte for byte.  Each row is written once and read back
 *            at most once, and is never parsed again.
 *
 * Memory: a bucket, the pieces of the runs being merged (together at most
 * a quarter of a bucket, MIN_READ_BYTES a run at least) and the index of
 * CHILD values (id_index: some 25 bytes a child); a 1 GB set of 2.4
 * million children stays under 256 MB.  The scratch files take about the
 * size of the set in $TMPDIR; when they cannot be written the status is
 * CLA_TEMP.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/id_index.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/csv.h"
#include "io/spill.h"
#include "returns/ssda903/cla_validate.h"
#include "returns/ssda903/cla_validate_impl.h"

/*
 * A row record: its length in bytes (the whole record), its child's
 * number, its row number and its line (uint32_t each, in the machine's
 * order), its table (spec index, one byte), then the cells of the table's
 * CSV columns in spec order, each NUL-terminated; a cell that is not UTF-8
 * is the byte CELL_BAD_UTF8 alone, which no UTF-8 text holds.
 */
#define REC_HEAD 17
#define CELL_BAD_UTF8 '\xff'
/* The largest bucket: offsets in a bucket are 32-bit. */
#define MAX_BUCKET_BYTES ((uint64_t)1 << 31)
/* Bytes read at a time from each run being merged: at most a quarter of
 * the bucket size shared among the runs, within these bounds. */
#define MIN_READ_BYTES ((size_t)4 << 10)
#define MAX_READ_BYTES ((size_t)1 << 20)
/* Bytes of sorted records gathered before they are written. */
#define STAGE_BYTES ((size_t)256 << 10)

enum file_issue_kind { CI_UNCLOSED, CI_AFTER_QUOTE, CI_STRAY_QUOTE, CI_UTF8 };

struct file_issue {
    enum file_issue_kind kind;
    size_t record;             /* 0: the header row; else data row */
    uint32_t line;
    size_t cell;               /* CI_UTF8: the cell */
};

/* A data row of a recognised table whose cells are not the header's. */
struct bad_row {
    size_t record;
    uint32_t line;
    size_t n;
};

/* A row whose CHILD is blank: it cannot be tied to a child. */
struct blank_row {
    size_t table;              /* spec index */
    size_t record;
    uint32_t line;
};

struct csv_rec {
    uint32_t line;
    char **cells;
    size_t n;
};

struct csv_file {
    const char *path;
    struct csv_rec header;     /* cells and their text: one allocation each */
    char *header_text;
    bool has_header;
    size_t n_rows;
    struct file_issue *header_issues;   /* the header row's (record 0) */
    size_t n_header_issues, cap_header_issues;
    bool has_last;             /* the last issue added, so that one of a kind a record is kept */
    struct file_issue last;
    off_t issues_at, issues_end;   /* its data rows' issues in csv_set.issues */
    off_t bad_at, bad_end;         /* its bad rows in csv_set.bad */
    const struct cla_table *table;
    bool exact;
    size_t map[CLA_MAX_COLUMNS];   /* spec column -> file cell */
};

/* A row record in the bucket: its child's number and where it starts. */
struct rec_key {
    uint32_t pos, off;
};

/* A run: a bucket's records in child order, bytes [at, end) of the rows
 * scratch file. */
struct run_span {
    uint64_t at, end;
};

/* Bytes gathered in memory. */
struct bytes {
    char *buf;
    size_t len, cap;
};

struct csv_set {
    struct csv_file *files;
    size_t n;
    FILE *issues, *bad, *blank, *rows;   /* scratch files of the load pass */
    struct id_index *ids;      /* CHILD -> its number (1-based position) */
    struct strbuf last_id;     /* the CHILD of the row before, and its number */
    uint32_t last_pos;
    size_t n_children, n_header_children;
    int write_errno;           /* a scratch file could not be written */
    uint64_t budget;           /* bytes of a bucket: its records and keys */
    struct bytes bucket;       /* the row records being gathered */
    struct rec_key *keys, *sorted;   /* the bucket's records; room to sort them */
    size_t n_keys, cap_keys;
    struct run_span *runs;     /* the buckets written */
    size_t n_runs, cap_runs;
    uint64_t rows_bytes;       /* bytes written to rows */
};

/* How the 903 tables are read (io/csv.h): RFC 4180, a BOM skipped, empty
 * lines skipped, every cell checked for UTF-8; a file (and so a cell) of at
 * most CLA_CSV_MAX_BYTES. */
static const struct csv_dialect cla_csv_dialect = {
    .mode = CSV_RFC4180, .skip_bom = true, .skip_blank_lines = true, .check_utf8 = true,
    .max_field = CLA_CSV_MAX_BYTES, .max_input = CLA_CSV_MAX_BYTES,
};

/* Why a file's first bytes are not UTF-8 text, or NULL. */
static const char *not_utf8_text(const unsigned char *b, size_t n)
{
    if (n >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
                   || (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)))
        return "the file is UTF-32 encoded; SSDA903 CSV files must be UTF-8 (re-save it as UTF-8)";
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)
                   || (b[0] == 0 && b[1] != 0) || (b[0] != 0 && b[1] == 0)))
        return "the file is UTF-16 encoded; SSDA903 CSV files must be UTF-8 (re-save it as UTF-8)";
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return "the file is a zip archive or a spreadsheet; save each table as CSV (UTF-8)";
    return NULL;
}

/* ---- scratch files ---------------------------------------------------------------- */

static void put(struct csv_set *cs, FILE *fp, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, fp) != n && !cs->write_errno)
        cs->write_errno = errno ? errno : EIO;
}

static bool get(FILE *fp, void *p, size_t n)
{
    return fread(p, 1, n, fp) == n;
}

static int open_scratch(struct val *v, FILE **fp)
{
    char err[512];

    *fp = spill_open(err, sizeof err);
    if (!*fp) {
        cla_v_diag(v, "%s", err);
        return CLA_TEMP;
    }
    return CLA_OK;
}

/* After writing: every scratch byte is in its file, or CLA_TEMP. */
static int flushed(struct val *v, struct csv_set *cs, FILE *fp)
{
    if (fflush(fp) != 0 && !cs->write_errno)
        cs->write_errno = errno ? errno : EIO;
    if (ferror(fp) && !cs->write_errno)
        cs->write_errno = EIO;
    if (!cs->write_errno)
        return CLA_OK;
    const char *dir = getenv("TMPDIR");
    cla_v_diag(v, "cannot write a temporary file (the CSV set's rows, being grouped by child) in %s: %s",
               dir && *dir ? dir : "/tmp", strerror(cs->write_errno));
    return CLA_TEMP;
}

/* ---- reading a file --------------------------------------------------------------- */

enum pass { PASS_HEADER, PASS_SCAN, PASS_LOAD };

static void add_issue(struct csv_set *cs, struct csv_file *f, enum file_issue_kind kind, size_t record,
                      uint32_t line, size_t cell)
{
    struct file_issue is = { kind, record, line, cell };

    /* one issue of each kind per record is enough */
    if (f->has_last && f->last.kind == kind && f->last.record == record && kind != CI_UTF8)
        return;
    f->last = is;
    f->has_last = true;
    if (record) {
        put(cs, cs->issues, &is, sizeof is);
        return;
    }
    ALLOC_GROW(f->header_issues, f->n_header_issues, f->cap_header_issues);
    f->header_issues[f->n_header_issues++] = is;
}

/*
 * The current record's issues: the NUL line (*nul_line, the first), and
 * with `keep` the issues the report lists.  Returns false for a record
 * that is no row (a quoted cell open to the end of the file).
 */
static bool take_issues(struct csv_set *cs, struct csv_file *f, const struct csv_reader *r, size_t record,
                        bool keep, unsigned long *nul_line)
{
    size_t n_issues;
    const struct csv_issue *is = csv_reader_issues(r, &n_issues);
    uint32_t line = (uint32_t)csv_reader_line(r);

    for (size_t i = 0; i < n_issues; i++) {
        enum file_issue_kind k;
        switch (is[i].kind) {
        case CSV_ISSUE_UNCLOSED:   /* the rest of the file: not a row */
            if (keep)
                add_issue(cs, f, CI_UNCLOSED, record, line, 0);
            return false;
        case CSV_ISSUE_AFTER_QUOTE: k = CI_AFTER_QUOTE; break;
        case CSV_ISSUE_STRAY_QUOTE: k = CI_STRAY_QUOTE; break;
        case CSV_ISSUE_UTF8:        k = CI_UTF8; break;
        case CSV_ISSUE_NUL:
            if (!*nul_line)
                *nul_line = is[i].line;
            continue;
        case CSV_ISSUE_BARE_CR:     /* a line end: the validator has always read CR line ends */
        case CSV_ISSUE_TOO_LONG:    /* cannot be: the file would be too large first */
        default:
            continue;
        }
        if (keep)
            add_issue(cs, f, k, record, line, is[i].cell);
    }
    return true;
}

/* The record's cells (cells: room for nfields), those that are not UTF-8
 * replaced by bad_utf8. */
static void record_cells(const struct csv_reader *r, const char **cells)
{
    size_t n_issues;
    const struct csv_issue *is = csv_reader_issues(r, &n_issues);

    csv_reader_fields(r, cells);
    for (size_t i = 0; i < n_issues; i++)
        if (is[i].kind == CSV_ISSUE_UTF8)
            cells[is[i].cell] = bad_utf8;
}

static void keep_header(struct csv_file *f, const struct csv_reader *r)
{
    size_t n = csv_reader_nfields(r), len, n_issues;
    const struct csv_issue *is = csv_reader_issues(r, &n_issues);
    const char **cells = xcalloc(n ? n : 1, sizeof *cells);

    len = csv_reader_fields(r, cells);
    f->header_text = xmalloc(len ? len : 1);
    if (n) {
        const char *first = cells[0];
        memcpy(f->header_text, first, len);
        for (size_t i = 0; i < n; i++)
            cells[i] = f->header_text + (cells[i] - first);
    }
    for (size_t i = 0; i < n_issues; i++)
        if (is[i].kind == CSV_ISSUE_UTF8)
            cells[is[i].cell] = bad_utf8;
    f->header.cells = (char **)cells;
    f->header.n = n;
    f->header.line = (uint32_t)csv_reader_line(r);
    f->has_header = true;
}

/* The latest period date of a row (year inference). */
static void scan_row(struct val *v, const struct csv_file *f, const char *const *cells)
{
    for (size_t k = 0; k < f->table->n_csv_columns; k++) {
        if (!f->table->columns[k].period)
            continue;
        sr_date d = date_parse_dmy(cells[f->map[k]]);
        if (sr_date_ok(d) && d <= v->today && (v->latest == SR_DATE_NONE || d > v->latest))
            v->latest = d;
    }
}

/* ---- the row records, a bucket at a time ------------------------------------------ */

static void put_u32(char *p, uint32_t x)
{
    memcpy(p, &x, sizeof x);
}

static uint32_t get_u32(const char *p)
{
    uint32_t x;

    memcpy(&x, p, sizeof x);
    return x;
}

/* Room for n more bytes at the end of b (not yet counted in b->len). */
static char *bytes_room(struct bytes *b, size_t n)
{
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n)
            cap *= 2;
        b->buf = xrealloc(b->buf, cap);
        b->cap = cap;
    }
    return b->buf + b->len;
}

/* One stable pass of a radix sort of n keys: by the 11 bits of pos from
 * `shift`. */
static void radix_pass(const struct rec_key *from, struct rec_key *to, size_t n, unsigned shift)
{
    uint32_t count[1u << 11] = { 0 }, mask = (1u << 11) - 1, at = 0;

    for (size_t i = 0; i < n; i++)
        count[(from[i].pos >> shift) & mask]++;
    for (size_t d = 0; d <= mask; d++) {
        uint32_t c = count[d];
        count[d] = at;
        at += c;
    }
    for (size_t i = 0; i < n; i++)
        to[count[(from[i].pos >> shift) & mask]++] = from[i];
}

/* Puts the bucket's keys in child order, each child's records in the order
 * read (a stable radix sort, 11 bits a pass).  Returns false when they
 * were in that order already. */
static bool sort_bucket(struct csv_set *cs)
{
    uint32_t max = 0;
    bool in_order = true;

    for (size_t i = 0; i < cs->n_keys; i++) {
        in_order &= !i || cs->keys[i].pos >= cs->keys[i - 1].pos;
        max = cs->keys[i].pos > max ? cs->keys[i].pos : max;
    }
    if (in_order)
        return false;
    cs->sorted = xreallocarray(cs->sorted, cs->cap_keys, sizeof *cs->sorted);
    for (unsigned shift = 0; shift < 32 && max >> shift; shift += 11) {
        struct rec_key *t = cs->keys;
        radix_pass(cs->keys, cs->sorted, cs->n_keys, shift);
        cs->keys = cs->sorted;
        cs->sorted = t;
    }
    return true;
}

/*
 * Sorts the bucket by child and appends it to the rows scratch file as a
 * run.  The records stay in memory (the last bucket is merged from there,
 * not read back); the caller empties the bucket.
 */
static void write_run(struct csv_set *cs)
{
    struct run_span span = { cs->rows_bytes, cs->rows_bytes + cs->bucket.len };

    if (!sort_bucket(cs)) {
        put(cs, cs->rows, cs->bucket.buf, cs->bucket.len);
    } else {
        struct bytes stage = { xmalloc(STAGE_BYTES), 0, STAGE_BYTES };
        for (size_t i = 0; i < cs->n_keys; i++) {
            const char *rec = cs->bucket.buf + cs->keys[i].off;
            uint32_t len = get_u32(rec);
            if (stage.len && stage.cap - stage.len < len) {
                put(cs, cs->rows, stage.buf, stage.len);
                stage.len = 0;
            }
            memcpy(bytes_room(&stage, len), rec, len);
            stage.len += len;
        }
        put(cs, cs->rows, stage.buf, stage.len);
        free(stage.buf);
    }
    ALLOC_GROW(cs->runs, cs->n_runs, cs->cap_runs);
    cs->runs[cs->n_runs++] = span;
    cs->rows_bytes = span.end;
}

/* Room for a row record of `size` bytes of child pos at the end of the
 * bucket; a bucket that would outgrow the budget is written out first. */
static char *bucket_room(struct csv_set *cs, uint32_t pos, size_t size)
{
    uint64_t need = (uint64_t)cs->bucket.len + size + (cs->n_keys + 1) * 2 * sizeof *cs->keys;
    char *p;

    if (cs->n_keys && need > cs->budget) {
        write_run(cs);
        cs->bucket.len = 0;
        cs->n_keys = 0;
    }
    ALLOC_GROW(cs->keys, cs->n_keys, cs->cap_keys);
    cs->keys[cs->n_keys].pos = pos;
    cs->keys[cs->n_keys++].off = (uint32_t)cs->bucket.len;
    p = bytes_room(&cs->bucket, size);
    cs->bucket.len += size;
    return p;
}

/* A row tied to its child: its record goes to the bucket.  A row is part
 * of a file of at most CLA_CSV_MAX_BYTES, so its length fits 32 bits. */
static void spill_row(struct csv_set *cs, const struct csv_file *f, size_t t, size_t record, uint32_t line,
                      const char *const *cells, const char *id)
{
    const struct cla_table *tb = f->table;
    uint32_t pos = (uint32_t)cs->n_children + 1;
    size_t len[CLA_MAX_COLUMNS], size = REC_HEAD;
    char *p;

    if (cs->last_id.len && !strcmp(cs->last_id.buf, id)) {   /* a child's rows are often together */
        pos = cs->last_pos;
    } else {
        if (!id_index_add(cs->ids, id, &pos))
            cs->n_children++;
        strbuf_reset(&cs->last_id);
        strbuf_addstr(&cs->last_id, id);
        cs->last_pos = pos;
    }
    for (size_t k = 0; k < tb->n_csv_columns; k++) {
        const char *c = cells[f->map[k]];
        len[k] = c == bad_utf8 ? 1 : strlen(c);
        size += len[k] + 1;
    }
    p = bucket_room(cs, pos, size);
    put_u32(p, (uint32_t)size);
    put_u32(p + 4, pos);
    put_u32(p + 8, (uint32_t)record);
    put_u32(p + 12, line);
    p[16] = (char)t;
    p += REC_HEAD;
    for (size_t k = 0; k < tb->n_csv_columns; k++) {
        const char *c = cells[f->map[k]];
        if (c == bad_utf8)
            *p = CELL_BAD_UTF8;
        else
            memcpy(p, c, len[k]);
        p[len[k]] = '\0';
        p += len[k] + 1;
    }
}

/* A data row of the load pass. */
static void load_row(struct csv_set *cs, struct csv_file *f, const struct csv_reader *r, const char **cells,
                     size_t record, const struct cla_spec *s)
{
    uint32_t line = (uint32_t)csv_reader_line(r);
    size_t n = csv_reader_nfields(r), idc = f->table->id_column;
    const char *id;

    if (n != f->header.n) {
        struct bad_row b = { record, line, n };
        put(cs, cs->bad, &b, sizeof b);
        return;
    }
    record_cells(r, cells);
    id = cells[f->map[idc]];
    if (id == bad_utf8)
        return;           /* reported as not UTF-8 */
    if (!*id) {           /* cannot be tied to a child */
        struct blank_row b = { (size_t)cla_spec_table_index(s, f->table), record, line };
        put(cs, cs->blank, &b, sizeof b);
        return;
    }
    spill_row(cs, f, (size_t)cla_spec_table_index(s, f->table), record, line, cells, id);
}

/* One record of a pass; record is 0 for the first (the header row). */
static void take_record(struct val *v, struct csv_set *cs, struct csv_file *f, const struct csv_reader *r,
                        enum pass pass, unsigned long *nul_line, const char ***cells, size_t *cap)
{
    size_t record = f->has_header && pass != PASS_HEADER ? f->n_rows + 1 : 0;
    size_t n = csv_reader_nfields(r);

    if (pass == PASS_HEADER) {
        if (take_issues(cs, f, r, 0, true, nul_line))
            keep_header(f, r);
        return;
    }
    if (!take_issues(cs, f, r, record, pass == PASS_LOAD && record, nul_line) || !record)
        return;
    if (pass == PASS_LOAD)
        f->n_rows++;
    if (!f->table)
        return;
    if (n > *cap) {
        *cap = n * 2;
        *cells = xreallocarray(*cells, *cap, sizeof **cells);
    }
    if (pass == PASS_LOAD) {
        load_row(cs, f, r, *cells, record, v->spec);
    } else if (n == f->header.n) {
        record_cells(r, *cells);
        scan_row(v, f, *cells);
    }
}

/*
 * One pass over a file.  What is not UTF-8 text (UTF-16 or -32, a zip
 * file, NUL bytes) or larger than CLA_CSV_MAX_BYTES is refused, the size
 * first.  The header pass reads the first record only (a refused file to
 * its end, so that its size is judged first).  Returns 0, or -1 with the
 * diagnosis set.
 */
static int read_pass(struct val *v, struct csv_set *cs, struct csv_file *f, enum pass pass)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC), k, rc = -1, err = 0;
    struct csv_reader *r;
    const char *refused, **cells = NULL;
    struct stat st;
    unsigned long nul = 0;
    size_t n, cap = 0;
    bool first = true;

    if (fd < 0) {
        cla_v_diag(v, "%s: cannot open the file: %s", f->path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        cla_v_diag(v, "%s: is a directory, not a CSV file", f->path);
        return -1;
    }
    if (pass == PASS_LOAD) {
        f->issues_at = ftello(cs->issues);
        f->bad_at = ftello(cs->bad);
        f->n_rows = 0;
    }
    r = csv_reader_new_fd(&cla_csv_dialect, fd);
    refused = not_utf8_text(csv_reader_head(r, &n), n);
    while ((k = csv_reader_next(r)) == CSV_RECORD) {
        if (refused)
            continue;
        /* later passes: the first record is the header row, or no row */
        if (first && pass != PASS_HEADER)
            take_issues(cs, f, r, 0, false, &nul);
        else
            take_record(v, cs, f, r, pass, &nul, &cells, &cap);
        first = false;
        if (pass == PASS_HEADER)
            break;
    }
    if (k == CSV_FAILED && csv_reader_failure(r, &err) == CSV_FAIL_TOO_LARGE)
        cla_v_diag(v, "%s: the file is larger than %zu MiB; that is no SSDA903 table", f->path,
                   CLA_CSV_MAX_BYTES >> 20);
    else if (k == CSV_FAILED)
        cla_v_diag(v, "%s: cannot read the file: %s", f->path, strerror(err));
    else if (refused)
        cla_v_diag(v, "%s: %s", f->path, refused);
    else if (nul && pass != PASS_HEADER)
        cla_v_diag(v, "%s: line %lu: a NUL byte: this is not a CSV text file", f->path, nul);
    else
        rc = 0;
    if (pass == PASS_LOAD) {
        f->issues_end = ftello(cs->issues);
        f->bad_end = ftello(cs->bad);
    }
    free(cells);
    csv_reader_free(r);
    close(fd);
    return rc;
}

static void csv_set_release(struct csv_set *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free(cs->files[i].header.cells);
        free(cs->files[i].header_text);
        free(cs->files[i].header_issues);
    }
    free(cs->files);
    FILE *scratch[] = { cs->issues, cs->bad, cs->blank, cs->rows };
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        if (scratch[i])
            fclose(scratch[i]);
    id_index_free(cs->ids);
    strbuf_release(&cs->last_id);
    free(cs->bucket.buf);
    free(cs->keys);
    free(cs->sorted);
    free(cs->runs);
}

/* Recognises every file's table with the loaded spec; fills map/exact.
 * Two files of one table stop the set (CLA_INPUT). */
static int recognise(struct val *v, struct csv_set *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        struct csv_file *f = &cs->files[i];
        f->table = NULL;
        if (!f->has_header)
            continue;
        f->table = cla_spec_table_by_header(v->spec, (const char *const *)f->header.cells, f->header.n, &f->exact);
        if (!f->table)
            continue;
        for (size_t k = 0; k < f->table->n_csv_columns; k++)
            for (size_t j = 0; j < f->header.n; j++)
                if (!strcmp(f->header.cells[j], f->table->columns[k].name))
                    f->map[k] = j;
        for (size_t j = 0; j < i; j++) {
            if (cs->files[j].table == f->table) {
                cla_v_diag(v, "'%s' and '%s' are both the SSDA903 %s table (same header row); pass only one of "
                              "them", cs->files[j].path, f->path, f->table->name);
                return CLA_INPUT;
            }
        }
    }
    return CLA_OK;
}

/* The file of spec table t, or NULL. */
static struct csv_file *file_of(struct csv_set *cs, const struct cla_table *t)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->files[i].table == t)
            return &cs->files[i];
    return NULL;
}

/* A pass over every file; the load pass in the order children are
 * numbered (see the top of this file). */
static int read_all(struct val *v, struct csv_set *cs, enum pass pass)
{
    const struct cla_spec *s = v->spec;
    struct csv_file *f;

    if (pass != PASS_LOAD) {
        for (size_t i = 0; i < cs->n; i++)
            if (read_pass(v, cs, &cs->files[i], pass) != 0)
                return CLA_INPUT;
        return CLA_OK;
    }
    if ((f = file_of(cs, &s->tables[s->primary])) && read_pass(v, cs, f, pass) != 0)
        return CLA_INPUT;
    cs->n_header_children = cs->n_children;
    for (size_t t = 0; t < s->n_tables; t++)
        if (t != s->primary && (f = file_of(cs, &s->tables[t])) && read_pass(v, cs, f, pass) != 0)
            return CLA_INPUT;
    for (size_t i = 0; i < cs->n; i++)
        if (!cs->files[i].table && read_pass(v, cs, &cs->files[i], pass) != 0)
            return CLA_INPUT;
    return CLA_OK;
}

/* ---- what the report says about the files ----------------------------------------- */

static const char *issue_detail(enum file_issue_kind k)
{
    switch (k) {
    case CI_UNCLOSED:    return "a quoted cell is not closed before the end of the file (the rest of the file is lost)";
    case CI_AFTER_QUOTE: return "characters after the closing quote of a cell";
    case CI_STRAY_QUOTE:
        return "a quote inside a cell that is not quoted (RFC 4180: quote the whole cell, double the quote)";
    case CI_UTF8:        return "the cell is not valid UTF-8 (save the file as UTF-8)";
    }
    return "";
}

static void report_issue(struct val *v, const struct csv_file *f, const struct file_issue *is)
{
    struct strbuf path = STRBUF_INIT;
    const char *tname = f->table ? f->table->name : f->path;
    /* A file that is no table: its name stands for the table in the path,
     * and the finding names no table. */
    struct cla_loc loc = { f->table ? f->table->name : NULL, is->record, NULL };

    if (is->record)
        strbuf_addf(&path, "%s row %zu", tname, is->record);
    else
        strbuf_addf(&path, "%s header row", tname);
    if (is->kind != CI_UNCLOSED) {
        if (f->table && is->record && is->cell < f->header.n) {
            loc.column = f->header.cells[is->cell];
            strbuf_addf(&path, " / %s", loc.column);
        } else {
            strbuf_addf(&path, " / cell %zu", is->cell + 1);
        }
    }
    cla_v_emit(v, &cla_check_csv, NULL, loc.table ? &loc : NULL, path.buf, is->line, NULL, issue_detail(is->kind));
    strbuf_release(&path);
}

/* Calls fn for each fixed-size record of scratch file fp in [from, to). */
static void each_kept(FILE *fp, off_t from, off_t to, void *rec, size_t size,
                      void (*fn)(struct val *, const struct csv_file *, const void *), struct val *v,
                      const struct csv_file *f)
{
    if (from >= to || fseeko(fp, from, SEEK_SET) != 0)
        return;
    for (off_t at = from; at + (off_t)size <= to && get(fp, rec, size); at += (off_t)size)
        fn(v, f, rec);
}

static void report_kept_issue(struct val *v, const struct csv_file *f, const void *rec)
{
    report_issue(v, f, rec);
}

static void report_bad_row(struct val *v, const struct csv_file *f, const void *rec)
{
    const struct bad_row *b = rec;
    struct cla_loc loc = { f->table->name, b->record, NULL };
    struct strbuf path = STRBUF_INIT, d = STRBUF_INIT;

    cla_loc_path(&loc, &path);
    strbuf_addf(&d, "the row has %zu cells; the header row has %zu (row not checked further)", b->n, f->header.n);
    cla_v_emit(v, &cla_check_csv, NULL, &loc, path.buf, b->line, NULL, d.buf);
    strbuf_release(&path);
    strbuf_release(&d);
}

/* Parse issues and rows with the wrong number of cells, by file. */
static void report_structure(struct val *v, struct csv_set *cs)
{
    struct strbuf path = STRBUF_INIT, d = STRBUF_INIT;
    struct file_issue is;
    struct bad_row b;

    for (size_t i = 0; i < cs->n; i++) {
        const struct csv_file *f = &cs->files[i];
        for (size_t k = 0; k < f->n_header_issues; k++)
            report_issue(v, f, &f->header_issues[k]);
        each_kept(cs->issues, f->issues_at, f->issues_end, &is, sizeof is, report_kept_issue, v, f);
        if (!f->table)
            continue;
        if (!f->exact) {
            struct cla_loc loc = { f->table->name, 0, NULL };
            strbuf_reset(&path);
            cla_loc_path(&loc, &path);
            strbuf_reset(&d);
            strbuf_addstr(&d, "the columns are DfE's but in another order; DfE's order is ");
            cla_table_header_row(f->table, &d);
            cla_v_emit(v, &cla_check_csv, NULL, &loc, path.buf, f->header.line, NULL, d.buf);
        }
        each_kept(cs->bad, f->bad_at, f->bad_end, &b, sizeof b, report_bad_row, v, f);
    }
    strbuf_release(&path);
    strbuf_release(&d);
}

/* A file that is no table of the year: say which table it is nearest to,
 * naming only DfE column names (the unknown cells could be data). */
static void report_unknown(struct val *v, const struct csv_file *f)
{
    struct strbuf d = STRBUF_INIT;
    char y[16];
    const struct cla_table *near;

    cla_v_year_text(v->env.year, y);
    if (!f->has_header) {
        cla_v_emit(v, &cla_check_table, NULL, NULL, f->path, 0, NULL, "the file is empty");
        return;
    }
    near = cla_spec_nearest_table(v->spec, (const char *const *)f->header.cells, f->header.n);
    strbuf_addf(&d, "the header row (%zu cells) matches no SSDA903 table of %s", f->header.n, y);
    if (near) {
        size_t missing = 0, extra = 0;
        strbuf_addf(&d, "; nearest: %s (", near->name);
        for (size_t k = 0; k < near->n_csv_columns; k++) {
            bool found = false;
            for (size_t j = 0; j < f->header.n; j++)
                found |= !strcmp(f->header.cells[j], near->columns[k].name);
            if (!found)
                strbuf_addf(&d, "%s%s", missing++ ? ", " : "missing: ", near->columns[k].name);
        }
        for (size_t j = 0; j < f->header.n; j++)
            extra += cla_table_csv_column(near, f->header.cells[j]) < 0;
        if (extra)
            strbuf_addf(&d, "%s%zu cell%s not among its columns", missing ? "; " : "", extra, extra == 1 ? "" : "s");
        if (!missing && !extra)
            strbuf_addstr(&d, "a column repeated");
        strbuf_addch(&d, ')');
    }
    cla_v_emit(v, &cla_check_table, NULL, NULL, f->path, f->header.line, NULL, d.buf);
    strbuf_release(&d);
}

/* REQ for each row without a CHILD, in the order read. */
static void report_blank_rows(struct val *v, struct csv_set *cs)
{
    const struct cla_spec *s = v->spec;
    const char **none = xcalloc(CLA_MAX_COLUMNS, sizeof *none);
    struct blank_row b;

    rewind(cs->blank);
    while (get(cs->blank, &b, sizeof b)) {
        struct cla_row row;
        memset(&row, 0, sizeof row);
        row.table = &s->tables[b.table];
        row.number = b.record;
        row.line = b.line;
        row.cells = none;
        cla_v_emit_cell(v, &cla_check_req, NULL, &row, (int)row.table->id_column, NULL);
    }
    free(none);
}

/* ---- the children, from the runs merged ------------------------------------------- */

/* A row record (at p) as a row of the checks; its cells point into p. */
static struct cla_row *make_row(struct arena *a, const struct cla_spec *s, const char *p, size_t *t)
{
    struct cla_row *row = arena_alloc(a, sizeof *row);
    const struct cla_table *tb;
    const char **cells;

    *t = (unsigned char)p[16];
    tb = &s->tables[*t];
    row->table = tb;
    row->number = get_u32(p + 8);
    row->line = get_u32(p + 12);
    /* xml-only columns stay NULL: a CSV file has no such cell */
    cells = arena_alloc(a, tb->n_columns * sizeof *cells);
    p += REC_HEAD;
    for (size_t k = 0; k < tb->n_csv_columns; k++) {
        size_t len = strlen(p);
        if (len == 1 && *p == CELL_BAD_UTF8)
            cells[k] = bad_utf8;
        else
            cells[k] = len ? p : NULL;
        p += len + 1;
    }
    row->cells = cells;
    return row;
}

struct grouping {
    struct arena arena;        /* a child's rows, reset for the next */
    const struct cla_row **rows[CLA_MAX_TABLES];
    size_t cap[CLA_MAX_TABLES];
    struct bytes child;        /* a child's records, one after another */
    size_t *at, n_at, cap_at;  /* where each starts in child */
};

/* Checks the child at `pos` from its records (at[0 .. n), offsets into buf). */
static void check_one(struct val *v, struct grouping *g, size_t pos, const char *buf, const size_t *at, size_t n)
{
    const struct cla_spec *s = v->spec;
    struct cla_child c;

    memset(&c, 0, sizeof c);
    c.position = pos;
    arena_reset(&g->arena);
    for (size_t i = 0; i < n; i++) {
        size_t t;
        struct cla_row *row = make_row(&g->arena, s, buf + at[i], &t);
        if (c.n_rows[t] == g->cap[t]) {
            g->cap[t] = g->cap[t] ? g->cap[t] * 2 : 8;
            g->rows[t] = xreallocarray(g->rows[t], g->cap[t], sizeof *g->rows[t]);
        }
        g->rows[t][c.n_rows[t]++] = row;
    }
    for (size_t t = 0; t < s->n_tables; t++) {
        c.rows[t] = g->rows[t];
        if (c.n_rows[t] && (!c.id || t == s->primary)) {
            /* the Header row names the child when there is one */
            c.id = g->rows[t][0]->cells[g->rows[t][0]->table->id_column];
            c.line = g->rows[t][0]->line;
        }
    }
    cla_v_check_child(v, &c);
}

/* A run being merged: a written one read back a piece at a time, or the
 * last bucket, still in memory (keys set). */
struct run_reader {
    const char *rec;           /* its next record, or NULL after the last */
    uint32_t pos;              /* that record's child */
    uint64_t at, end;          /* written: the bytes of the file not yet read */
    struct bytes in;           /* written: bytes read, of which in.buf[from ..) are unused */
    size_t from;
    const struct rec_key *keys;   /* in memory: the records in child order */
    size_t next, n_keys;
    const char *mem;
    int err;                   /* written: errno of a failed read, or -1: the file is shorter */
};

/* At least `need` unused bytes of a written run in r->in; false on a
 * failed or short read (r->err). */
static bool run_fill(struct run_reader *r, int fd, size_t need)
{
    size_t have = r->in.len - r->from;

    if (have >= need)
        return true;
    memmove(r->in.buf, r->in.buf + r->from, have);
    r->in.len = have;
    r->from = 0;
    if (r->in.cap < need) {
        r->in.buf = xrealloc(r->in.buf, need);
        r->in.cap = need;
    }
    while (r->in.len < need) {
        size_t want = r->in.cap - r->in.len;
        ssize_t got;
        if (want > r->end - r->at)
            want = (size_t)(r->end - r->at);
        got = want ? pread(fd, r->in.buf + r->in.len, want, (off_t)r->at) : 0;
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            r->err = got < 0 ? errno : -1;
            return false;
        }
        r->in.len += (size_t)got;
        r->at += (uint64_t)got;
    }
    return true;
}

/* Moves r to its next record (r->rec NULL after the last); false on a
 * failed read. */
static bool run_next(struct run_reader *r, int fd)
{
    uint32_t len;

    r->rec = NULL;
    if (r->keys) {
        if (r->next < r->n_keys) {
            r->rec = r->mem + r->keys[r->next].off;
            r->pos = r->keys[r->next++].pos;
        }
        return true;
    }
    if (r->from == r->in.len && r->at == r->end)
        return true;
    if (!run_fill(r, fd, 4))
        return false;
    len = get_u32(r->in.buf + r->from);
    if (len < REC_HEAD) {
        r->err = -1;
        return false;
    }
    if (!run_fill(r, fd, len))
        return false;
    r->rec = r->in.buf + r->from;
    r->pos = get_u32(r->rec + 4);
    r->from += len;
    return true;
}

/* The runs in a heap by their next record's child, then by run (earlier
 * runs hold earlier rows). */
static bool run_before(const struct run_reader *rd, size_t a, size_t b)
{
    return rd[a].pos < rd[b].pos || (rd[a].pos == rd[b].pos && a < b);
}

static void heap_down(const struct run_reader *rd, size_t *heap, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && run_before(rd, heap[l], heap[m]))
            m = l;
        if (l + 1 < n && run_before(rd, heap[l + 1], heap[m]))
            m = l + 1;
        if (m == i)
            return;
        size_t t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

/* Appends r's records of child pos to the child's records; false on a
 * failed read. */
static bool gather(struct grouping *g, struct run_reader *r, int fd, uint32_t pos)
{
    do {
        uint32_t len = get_u32(r->rec);
        ALLOC_GROW(g->at, g->n_at, g->cap_at);
        g->at[g->n_at++] = g->child.len;
        memcpy(bytes_room(&g->child, len), r->rec, len);
        g->child.len += len;
        if (!run_next(r, fd))
            return false;
    } while (r->rec && r->pos == pos);
    return true;
}

/* The readers of the runs: the written ones, then the last bucket. */
static struct run_reader *open_runs(struct csv_set *cs, size_t *n)
{
    size_t k = cs->n_runs - 1, chunk = k ? (size_t)(cs->budget / 4 / k) : 0;
    struct run_reader *rd = xcalloc(cs->n_runs, sizeof *rd);

    chunk = chunk < MIN_READ_BYTES ? MIN_READ_BYTES : chunk > MAX_READ_BYTES ? MAX_READ_BYTES : chunk;
    for (size_t i = 0; i < k; i++) {
        rd[i].at = cs->runs[i].at;
        rd[i].end = cs->runs[i].end;
        rd[i].in.buf = xmalloc(chunk);
        rd[i].in.cap = chunk;
    }
    rd[k].keys = cs->keys;
    rd[k].n_keys = cs->n_keys;
    rd[k].mem = cs->bucket.buf;
    *n = cs->n_runs;
    return rd;
}

/*
 * Every child, in order, from the runs merged: a child's records come from
 * each run in turn, so they are in the order read.  Returns CLA_OK or
 * CLA_TEMP.
 */
static int merge_runs(struct val *v, struct csv_set *cs, struct grouping *g)
{
    int fd = fileno(cs->rows);
    size_t n, n_heap = 0, *heap;
    struct run_reader *rd = open_runs(cs, &n);
    struct run_reader *bad = NULL;

    heap = xmalloc(n * sizeof *heap);
    for (size_t i = 0; i < n && !bad; i++) {
        if (!run_next(&rd[i], fd))
            bad = &rd[i];
        else if (rd[i].rec)
            heap[n_heap++] = i;
    }
    for (size_t i = n_heap / 2; i-- > 0;)
        heap_down(rd, heap, n_heap, i);
    for (size_t pos = 1; pos <= cs->n_children && !bad; pos++) {
        g->child.len = 0;
        g->n_at = 0;
        while (n_heap && rd[heap[0]].pos == pos && !bad) {
            struct run_reader *r = &rd[heap[0]];
            if (!gather(g, r, fd, (uint32_t)pos))
                bad = r;
            else if (!r->rec)
                heap[0] = heap[--n_heap];
            heap_down(rd, heap, n_heap, 0);
        }
        if (!bad)
            check_one(v, g, pos, g->child.buf, g->at, g->n_at);
    }
    if (bad)
        cla_v_diag(v, "cannot read back a temporary file: %s", bad->err > 0 ? strerror(bad->err) : "it is shorter");
    for (size_t i = 0; i < n; i++)
        free(rd[i].in.buf);
    free(rd);
    free(heap);
    return bad ? CLA_TEMP : CLA_OK;
}

/* Every child, in order, from the runs merged. */
static int check_children(struct val *v, struct csv_set *cs)
{
    struct grouping g;
    int rc;

    if (!cs->n_children)
        return CLA_OK;
    memset(&g, 0, sizeof g);
    arena_init(&g.arena);
    rc = merge_runs(v, cs, &g);
    for (size_t t = 0; t < CLA_MAX_TABLES; t++)
        free(g.rows[t]);
    free(g.child.buf);
    free(g.at);
    arena_release(&g.arena);
    return rc;
}

/* ---- a set ------------------------------------------------------------------------ */

/* Without a year: the year from the period dates of every file's rows,
 * read with the newest year's tables. */
static int find_year(struct val *v, struct csv_set *cs, const char *what, int *year)
{
    int first, last, rc;
    char err[512];

    if (cla_spec_years(v->o->spec_file, &first, &last, err, sizeof err) != 0) {
        cla_v_diag(v, "%s", err);
        return CLA_SPEC;
    }
    v->scanning = true;   /* nothing is reported while scanning */
    if ((rc = cla_v_prepare(v, last)) != CLA_OK)
        return rc;
    if ((rc = recognise(v, cs)) != CLA_OK || (rc = read_all(v, cs, PASS_SCAN)) != CLA_OK)
        return rc;
    v->scanning = false;
    cla_v_release(v);
    v->res->year = 0;
    return cla_v_infer_year(v, what, year);
}

/* The load pass and the findings, once the year is known. */
static int validate_loaded(struct val *v, struct csv_set *cs)
{
    const struct cla_validate_options *o = v->o;
    bool supplied[CLA_MAX_TABLES] = { false };
    int rc;

    if ((rc = recognise(v, cs)) != CLA_OK)
        return rc;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->files[i].table)
            supplied[cla_spec_table_index(v->spec, cs->files[i].table)] = true;
    if ((rc = open_scratch(v, &cs->issues)) != CLA_OK || (rc = open_scratch(v, &cs->bad)) != CLA_OK
        || (rc = open_scratch(v, &cs->blank)) != CLA_OK || (rc = open_scratch(v, &cs->rows)) != CLA_OK)
        return rc;
    cs->ids = id_index_new();
    cs->budget = o->bucket_bytes ? o->bucket_bytes : CLA_CSV_BUCKET_BYTES;
    if (cs->budget > MAX_BUCKET_BYTES)
        cs->budget = MAX_BUCKET_BYTES;
    if ((rc = read_all(v, cs, PASS_LOAD)) != CLA_OK)
        return rc;
    /* the last bucket is written too, though it is merged from memory:
     * every row goes to the scratch file, so that a full $TMPDIR is found
     * whatever the size of the set */
    if (cs->n_keys)
        write_run(cs);
    id_index_free(cs->ids);   /* the children are numbered: their ids are in the records */
    cs->ids = NULL;
    if ((rc = flushed(v, cs, cs->issues)) != CLA_OK || (rc = flushed(v, cs, cs->bad)) != CLA_OK
        || (rc = flushed(v, cs, cs->blank)) != CLA_OK || (rc = flushed(v, cs, cs->rows)) != CLA_OK)
        return rc;
    v->res->children = cs->n_header_children;
    for (size_t i = 0; o->on_table_file && i < cs->n; i++)
        o->on_table_file(o->not_run_opaque, cs->files[i].table ? cs->files[i].table->name : NULL, cs->files[i].path);
    cla_v_start_rules(v, supplied);
    for (size_t i = 0; i < cs->n; i++) {
        if (cs->files[i].table)
            sr_debug("%s: SSDA903 table %s, %zu rows", cs->files[i].path, cs->files[i].table->name,
                     cs->files[i].n_rows);
        else
            report_unknown(v, &cs->files[i]);
    }
    report_structure(v, cs);
    report_blank_rows(v, cs);
    if ((rc = check_children(v, cs)) != CLA_OK)
        return rc;
    if (v->run_rules)
        cla_engine_finish(v->eng);
    return CLA_OK;
}

int cla_v_validate_csv_set(const char *const *paths, size_t n, const char *label,
                           const struct cla_validate_options *o, struct cla_result *res)
{
    struct val v;
    struct csv_set cs;
    int rc = CLA_INPUT, year = o->year;

    cla_v_init(&v, o, res);
    memset(&cs, 0, sizeof cs);
    res->files = n;
    if (!n) {
        cla_v_diag(&v, "no CSV file to validate");
        goto cleanup;
    }
    cs.files = xcalloc(n, sizeof *cs.files);
    cs.n = n;
    for (size_t i = 0; i < n; i++)
        cs.files[i].path = paths[i];
    if ((rc = read_all(&v, &cs, PASS_HEADER)) != CLA_OK)
        goto cleanup;
    if (year) {
        /* two files of one table are refused before a row is read */
        if ((rc = cla_v_prepare(&v, year)) != CLA_OK || (rc = recognise(&v, &cs)) != CLA_OK)
            goto cleanup;
    } else {
        if ((rc = find_year(&v, &cs, label ? label : n == 1 ? paths[0] : "the CSV files", &year)) != CLA_OK)
            goto cleanup;
        if ((rc = cla_v_prepare(&v, year)) != CLA_OK)
            goto cleanup;
    }
    rc = validate_loaded(&v, &cs);
cleanup:
    cla_v_release(&v);
    csv_set_release(&cs);
    return rc;
}

int cla_validate_csv(const char *const *paths, size_t n, const struct cla_validate_options *o,
                     struct cla_result *res)
{
    return cla_v_validate_csv_set(paths, n, NULL, o, res);
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cla_validate_dir(const char *dir, const struct cla_validate_options *o, struct cla_result *res)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **paths = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if (!d) {
        memset(res, 0, sizeof *res);
        snprintf(res->diagnosis, sizeof res->diagnosis, "%s: cannot open the directory: %s", dir, strerror(errno));
        return CLA_INPUT;
    }
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        struct strbuf p = STRBUF_INIT;
        struct stat st;
        if (name[0] == '.')
            continue;
        strbuf_addf(&p, "%s/%s", dir, name);
        if (stat(p.buf, &st) != 0 || !S_ISREG(st.st_mode)) {
            strbuf_release(&p);
            continue;
        }
        if (len < 5 || strcasecmp(name + len - 4, ".csv") != 0) {
            sr_warn("%s: not a .csv file; ignored", p.buf);
            strbuf_release(&p);
            continue;
        }
        ALLOC_GROW(paths, n, cap);
        paths[n++] = strbuf_detach(&p, NULL);
    }
    closedir(d);
    qsort(paths, n, sizeof *paths, path_cmp);   /* same findings order whatever readdir says */
    if (!n) {
        memset(res, 0, sizeof *res);
        snprintf(res->diagnosis, sizeof res->diagnosis, "%s: the directory holds no .csv file", dir);
        rc = CLA_INPUT;
    } else {
        rc = cla_v_validate_csv_set((const char *const *)paths, n, dir, o, res);
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}
