/*
 * Tests of the CSV reader and cell writer (src/io/csv_reader.c,
 * src/io/csv_writer.c, include/io/csv.h).
 *
 * Each reader case is a text, a dialect and the whole parse rendered as one
 * string: a record is its first line followed by its cells in brackets
 * ("2[a][b]"; no cell at all is "2"), then its issues in braces
 * ("{stray@2:0}" = kind, physical line, cell), records separated by a
 * space; a failure ends the string ("!nul@3").  Bytes outside printable
 * ASCII are written \xNN, CR and LF as \r and \n.  The same tables run on a
 * FILE * and on a descriptor.  Further tests: constructs across the end of
 * a read chunk, the input bound, a read failure, the head bytes, and the
 * cell writer with and without the report-only flags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csv.h"
#include "core/strbuf.h"

/* The dialects of the tables. */
enum which { STRICT, STRICT_903, STRICT_BOM, STRICT_UTF8, STRICT_MAX4, LENIENT, LENIENT_BOM, LENIENT_MAX8,
             LENIENT_WANT2 };

static struct csv_dialect dialect_of(enum which w)
{
    struct csv_dialect d = { .mode = CSV_RFC4180 };

    switch (w) {
    case STRICT: break;
    case STRICT_903: d.skip_bom = d.skip_blank_lines = d.check_utf8 = true; break;
    case STRICT_BOM: d.skip_bom = true; break;
    case STRICT_UTF8: d.check_utf8 = true; break;
    case STRICT_MAX4: d.max_field = 4; break;
    case LENIENT: case LENIENT_WANT2: d.mode = CSV_LENIENT; break;
    case LENIENT_BOM: d.mode = CSV_LENIENT; d.skip_bom = true; break;
    case LENIENT_MAX8: d.mode = CSV_LENIENT; d.max_field = 8; break;
    }
    return d;
}

static void add_bytes(struct strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            strbuf_addstr(sb, "\\r");
        else if (c == '\n')
            strbuf_addstr(sb, "\\n");
        else if (c < 0x20 || c >= 0x7f)
            strbuf_addf(sb, "\\x%02X", c);
        else
            strbuf_addch(sb, (char)c);
    }
}

static const char *issue_name(enum csv_issue_kind k)
{
    switch (k) {
    case CSV_ISSUE_UNCLOSED: return "unclosed";
    case CSV_ISSUE_AFTER_QUOTE: return "after";
    case CSV_ISSUE_STRAY_QUOTE: return "stray";
    case CSV_ISSUE_BARE_CR: return "cr";
    case CSV_ISSUE_TOO_LONG: return "long";
    case CSV_ISSUE_NUL: return "nul";
    case CSV_ISSUE_UTF8: return "utf8";
    }
    return "?";
}

static const char *failure_name(enum csv_failure f)
{
    switch (f) {
    case CSV_FAIL_NONE: return "none";
    case CSV_FAIL_READ: return "read";
    case CSV_FAIL_TOO_LARGE: return "large";
    case CSV_FAIL_NUL: return "nul";
    case CSV_FAIL_TOO_LONG: return "long";
    }
    return "?";
}

/* Reads everything r has, rendered as described above. */
static void render(struct csv_reader *r, struct strbuf *out)
{
    int k;

    while ((k = csv_reader_next(r)) == CSV_RECORD) {
        size_t n_issues;
        const struct csv_issue *is = csv_reader_issues(r, &n_issues);
        if (out->len)
            strbuf_addch(out, ' ');
        strbuf_addf(out, "%lu", csv_reader_line(r));
        for (size_t i = 0; i < csv_reader_nfields(r); i++) {
            strbuf_addch(out, '[');
            add_bytes(out, csv_reader_field(r, i), csv_reader_field_len(r, i));
            strbuf_addch(out, ']');
        }
        for (size_t i = 0; i < n_issues; i++)
            strbuf_addf(out, "{%s@%lu:%zu}", issue_name(is[i].kind), is[i].line, is[i].cell);
    }
    if (k == CSV_FAILED)
        strbuf_addf(out, "%s!%s@%lu", out->len ? " " : "", failure_name(csv_reader_failure(r, NULL)),
                    csv_reader_line(r));
    /* the end stays the end */
    assert_int_equal(csv_reader_next(r), k);
}

struct read_case {
    enum which dialect;
    const char *text;
    size_t len;                /* 0: strlen(text) (texts with a NUL give theirs) */
    const char *want;
};

static const struct read_case rfc4180_cases[] = {
    /* cells, records, line ends */
    { STRICT, "", 0, "" },
    { STRICT, "a,b,c\n", 0, "1[a][b][c]" },
    { STRICT, "a,b", 0, "1[a][b]" },
    { STRICT, "a,b\r\nc,d\r\n", 0, "1[a][b] 2[c][d]" },
    { STRICT, "a\rb\rc", 0, "1[a]{cr@1:0} 2[b]{cr@2:0} 3[c]" },
    { STRICT, "a\r", 0, "1[a]" },
    { STRICT, "a,,\n,\n", 0, "1[a][][] 2[][]" },
    { STRICT, "a,b,\n", 0, "1[a][b][]" },
    /* quotes */
    { STRICT, "\"a,b\",\"say \"\"hi\"\"\"\n", 0, "1[a,b][say \"hi\"]" },
    { STRICT, "\"\",x,\"\"", 0, "1[][x][]" },
    { STRICT, "\"\"\"\"", 0, "1[\"]" },
    { STRICT, "\"x\r\ny\",z\nw\n", 0, "1[x\\r\\ny][z] 3[w]" },
    { STRICT, "\"x\ny\nz\"\nw", 0, "1[x\\ny\\nz] 4[w]" },
    /* a CR alone inside quotes is not counted (the validators never did) */
    { STRICT, "\"x\ry\",z\nw\n", 0, "1[x\\ry][z] 2[w]" },
    /* what breaks the RFC: reported, read on */
    { STRICT, "ab\"c,d\"\"e\n", 0, "1[ab\"c][d\"\"e]{stray@1:0}{stray@1:1}{stray@1:1}" },
    { STRICT, "\"ab\"cd,e\n", 0, "1[abcd][e]{after@1:0}" },
    { STRICT, "x,\"a\"b\"c\",d\n", 0, "1[x][ab\"c\"][d]{after@1:1}" },
    { STRICT, "a\n\"open,x\ny", 0, "1[a] 2[open,x\\ny]{unclosed@3:0}" },
    { STRICT, "x,\"", 0, "1[x][]{unclosed@1:1}" },
    { STRICT, "a\0b,c\n", 6, "1[a\\x00b][c]{nul@1:0}" },
    { STRICT, "\"\0\0\",\"\"\0\n", 9, "1[\\x00\\x00][\\x00]{nul@1:0}{after@1:1}{nul@1:1}" },
    /* the byte-order mark */
    { STRICT, "\xEF\xBB\xBF" "a,b\n", 0, "1[\\xEF\\xBB\\xBFa][b]" },
    { STRICT_BOM, "\xEF\xBB\xBF" "a,b\n", 0, "1[a][b]" },
    { STRICT_BOM, "\xEF\xBB\xBF\"a\",b", 0, "1[a][b]" },
    { STRICT_BOM, "\xEF\xBB\xBF", 0, "" },
    { STRICT_BOM, "\xEF\xBB", 0, "1[\\xEF\\xBB]" },
    { STRICT, "\xEF\xBB\xBF\"a\",b", 0, "1[\\xEF\\xBB\\xBF\"a\"][b]{stray@1:0}{stray@1:0}" },
    /* blank lines: records, unless the dialect skips them */
    { STRICT, "a\n\n\r\nb\n", 0, "1[a] 2[] 3[] 4[b]" },
    { STRICT_903, "a\n\n\r\nb\n", 0, "1[a] 4[b]" },
    { STRICT_903, "\"\"\n\n", 0, "1[]" },
    { STRICT_903, " \n", 0, "1[ ]" },
    { STRICT_903, "\r\rx", 0, "3[x]" },
    /* UTF-8, cell by cell, at the line where the cell starts */
    { STRICT_UTF8, "ok,\xFF\n", 0, "1[ok][\\xFF]{utf8@1:1}" },
    { STRICT_UTF8, "\xC3(,caf\xC3\xA9,\xED\xA0\x80", 0, "1[\\xC3(][caf\\xC3\\xA9][\\xED\\xA0\\x80]{utf8@1:0}{utf8@1:2}" },
    { STRICT_UTF8, "a\n\"x\ny\xFF\",x\"z\n", 0, "1[a] 2[x\\ny\\xFF][x\"z]{stray@3:1}{utf8@2:0}" },
    { STRICT_UTF8, "\"x\ny\",\xFF\n", 0, "1[x\\ny][\\xFF]{utf8@2:1}" },
    { STRICT_UTF8, "\"\xFF", 0, "1[\\xFF]{unclosed@1:0}" },
    { STRICT, "ok,\xFF\n", 0, "1[ok][\\xFF]" },
    /* the maximum cell size */
    { STRICT_MAX4, "abcd,efgh\n", 0, "1[abcd][efgh]" },
    { STRICT_MAX4, "abcdef,gh\n", 0, "1[abcd][gh]{long@1:0}" },
    { STRICT_MAX4, "x,\"ab\"\"cdefg\nhi\"\nz", 0, "1[x][ab\"c]{long@1:1} 3[z]" },
    { STRICT_MAX4, "abcdef\"g,h", 0, "1[abcd][h]{long@1:0}{stray@1:0}" },
};

static const struct read_case lenient_cases[] = {
    { LENIENT, "", 0, "" },
    { LENIENT, "a, b ,c\t\n", 0, "1[a][b][c]" },
    { LENIENT, "  \"q, x\" tail,y\n", 0, "1[q, x][y]" },
    { LENIENT, "\"a\"\"b\",c", 0, "1[a\"b][c]" },
    { LENIENT, "a,,\n", 0, "1[a][][]" },
    { LENIENT, "\n", 0, "1[]" },
    /* lines: CRs before LF dropped, a CR elsewhere is data */
    { LENIENT, "a,b\r\nc\r\r\n", 0, "1[a][b] 2[c]" },
    { LENIENT, "a\rb,c\n", 0, "1[a\\rb][c]" },
    { LENIENT, "a \r,b\n", 0, "1[a \\r][b]" },
    /* a quote open at the end of a line joins the next line */
    { LENIENT, "\"x\r\ny\",z\nw", 0, "1[x\\ny][z] 3[w]" },
    { LENIENT, "ab\"c,d\ne\"f\ng\n", 0, "1[ab\"c][d\\ne\"f] 3[g]" },
    { LENIENT, "a,\"open\n", 0, "1[a]" },
    { LENIENT, "\"open,a\nb", 0, "1" },
    /* only the first cells wanted */
    { LENIENT_WANT2, "a,b,c,d\n\"x,y\",z,\"w\nv\"\nlast", 0, "1[a][b] 2[x,y][z] 4[last]" },
    /* the byte-order mark stays unless the dialect skips it */
    { LENIENT, "\xEF\xBB\xBFpcds,x\n", 0, "1[\\xEF\\xBB\\xBFpcds][x]" },
    { LENIENT_BOM, "\xEF\xBB\xBFpcds,x\n", 0, "1[pcds][x]" },
    /* NUL: fails in a record's first line; truncates a joined line */
    { LENIENT, "a\nb\0c\n", 6, "1[a] !nul@2" },
    { LENIENT, "\"a\nb\0c\",d\n", 10, "1" },
    { LENIENT, "x,\"a\nb\0c\",d\ny\n", 14, "1[x] 3[y]" },
    /* the record bound */
    { LENIENT_MAX8, "abcdefg\nabcdefgh\n", 0, "1[abcdefg] !long@2" },
};

static FILE *open_text(const char *text, size_t len)
{
    FILE *f = tmpfile();

    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    rewind(f);
    return f;
}

static void run_cases(const struct read_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct read_case *c = &cases[i];
        struct csv_dialect d = dialect_of(c->dialect);
        size_t len = c->len ? c->len : strlen(c->text);
        for (int by_fd = 0; by_fd < 2; by_fd++) {
            FILE *f = open_text(c->text, len);
            struct csv_reader *r = by_fd ? csv_reader_new_fd(&d, fileno(f)) : csv_reader_new(&d, f);
            struct strbuf got = STRBUF_INIT;
            if (c->dialect == LENIENT_WANT2)
                csv_reader_want(r, 2);
            render(r, &got);
            if (strcmp(got.buf, c->want) != 0)
                fail_msg("case %zu (%s): got\n  %s\nwant\n  %s", i, by_fd ? "fd" : "FILE", got.buf, c->want);
            strbuf_release(&got);
            csv_reader_free(r);
            fclose(f);
        }
    }
}

static void test_rfc4180(void **state)
{
    (void)state;
    run_cases(rfc4180_cases, sizeof rfc4180_cases / sizeof rfc4180_cases[0]);
}

static void test_lenient(void **state)
{
    (void)state;
    run_cases(lenient_cases, sizeof lenient_cases / sizeof lenient_cases[0]);
}

/* want changed between records: the header is split whole, rows only as far
 * as wanted. */
static void test_lenient_want_after_header(void **state)
{
    struct csv_dialect d = dialect_of(LENIENT);
    FILE *f = open_text("h1,h2,h3\n1,2,3\n", 15);
    struct csv_reader *r = csv_reader_new(&d, f);

    (void)state;
    const char *cells[3];
    assert_int_equal(csv_reader_next(r), CSV_RECORD);
    assert_int_equal(csv_reader_nfields(r), 3);
    assert_int_equal(csv_reader_fields(r, NULL), 9);
    assert_int_equal(csv_reader_fields(r, cells), 9);
    assert_string_equal(cells[2], "h3");
    csv_reader_want(r, 1);
    assert_int_equal(csv_reader_next(r), CSV_RECORD);
    assert_int_equal(csv_reader_nfields(r), 1);
    assert_string_equal(csv_reader_field(r, 0), "1");
    assert_int_equal(csv_reader_fields(r, cells), 2);
    assert_ptr_equal(cells[0], csv_reader_field(r, 0));
    assert_null(csv_reader_field(r, 1));
    assert_int_equal(csv_reader_field_len(r, 1), 0);
    assert_int_equal(csv_reader_next(r), CSV_END);
    csv_reader_free(r);
    fclose(f);
}

/* Every construct across the end of a read chunk: the text is put after
 * padding that ends k bytes before the chunk's end, for each k. */
static void test_chunk_ends(void **state)
{
    static const struct {
        enum which dialect;
        const char *text, *want;
    } cases[] = {
        { STRICT, "abc,de\r\nxy,\n,z\rw", "2[abc][de] 3[xy][] 4[][z]{cr@4:1} 5[w]" },
        { STRICT, "\"a\"\"b\",c\r\nd\n", "2[a\"b][c] 3[d]" },
        { STRICT, "x\"y,\"p\"q\rz", "2[x\"y][pq]{stray@2:0}{after@2:1}{cr@2:1} 3[z]" },
        { STRICT_UTF8, "caf\xC3\xA9,\"\xE2\x80\x99\"\n", "2[caf\\xC3\\xA9][\\xE2\\x80\\x99]" },
        { LENIENT, " \"a\"\"b\" x,c\r\r\nd\n", "2[a\"b][c] 3[d]" },
        { LENIENT_WANT2, "a,b,\"c\nd\",e\nf\n", "2[a][b] 4[f]" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (size_t k = 0; k <= 12; k++) {
            struct csv_dialect d = dialect_of(cases[i].dialect);
            struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
            while (text.len < CSV_CHUNK - k - 1)
                strbuf_addch(&text, 'p');
            strbuf_addch(&text, '\n');
            strbuf_addstr(&text, cases[i].text);
            FILE *f = open_text(text.buf, text.len);
            struct csv_reader *r = csv_reader_new(&d, f);
            if (cases[i].dialect == LENIENT_WANT2)
                csv_reader_want(r, 2);
            assert_int_equal(csv_reader_next(r), CSV_RECORD);
            assert_int_equal(csv_reader_field_len(r, 0), CSV_CHUNK - k - 1);
            render(r, &got);
            if (strcmp(got.buf, cases[i].want) != 0)
                fail_msg("case %zu, %zu bytes before the end: got %s want %s", i, k, got.buf, cases[i].want);
            csv_reader_free(r);
            fclose(f);
            strbuf_release(&text);
            strbuf_release(&got);
        }
    }
}

/* A cell of several chunks, and the default bound (1 MiB) just passed. */
static void test_long_cells(void **state)
{
    struct csv_dialect d = { .mode = CSV_RFC4180 };
    struct strbuf text = STRBUF_INIT;

    (void)state;
    for (size_t i = 0; i < 3 * CSV_CHUNK + 5; i++)
        strbuf_addch(&text, (char)('a' + i % 26));
    strbuf_addstr(&text, ",\"");
    for (size_t i = 0; i <= CSV_DEFAULT_MAX_FIELD; i++)
        strbuf_addch(&text, 'q');
    strbuf_addstr(&text, "\",z\n");
    FILE *f = open_text(text.buf, text.len);
    struct csv_reader *r = csv_reader_new(&d, f);
    size_t n;
    const struct csv_issue *is;
    assert_int_equal(csv_reader_next(r), CSV_RECORD);
    assert_int_equal(csv_reader_nfields(r), 3);
    assert_int_equal(csv_reader_field_len(r, 0), 3 * CSV_CHUNK + 5);
    assert_int_equal(memcmp(csv_reader_field(r, 0), text.buf, 3 * CSV_CHUNK + 5), 0);
    assert_int_equal(csv_reader_field_len(r, 1), CSV_DEFAULT_MAX_FIELD);
    assert_string_equal(csv_reader_field(r, 2), "z");
    is = csv_reader_issues(r, &n);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].kind, CSV_ISSUE_TOO_LONG);
    assert_int_equal(is[0].cell, 1);
    assert_int_equal(csv_reader_next(r), CSV_END);
    csv_reader_free(r);
    fclose(f);
    strbuf_release(&text);
}

static void test_input_bound(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++) {
        struct csv_dialect d = { .mode = mode ? CSV_LENIENT : CSV_RFC4180, .max_input = 10 };
        for (size_t len = 9; len <= 11; len++) {
            FILE *f = open_text("a,b\nc,d\ne,f\n", len);
            struct csv_reader *r = csv_reader_new(&d, f);
            int k;
            while ((k = csv_reader_next(r)) == CSV_RECORD)
                ;
            assert_int_equal(k, len > 10 ? CSV_FAILED : CSV_END);
            assert_int_equal(csv_reader_failure(r, NULL), len > 10 ? CSV_FAIL_TOO_LARGE : CSV_FAIL_NONE);
            csv_reader_free(r);
            fclose(f);
        }
    }
}

static void test_read_failure(void **state)
{
    struct csv_dialect d = { .mode = CSV_RFC4180 };
    int fd = open(".", O_RDONLY), err = 0;

    (void)state;
    assert_true(fd >= 0);
    for (int mode = 0; mode < 2; mode++) {
        d.mode = mode ? CSV_LENIENT : CSV_RFC4180;
        struct csv_reader *r = csv_reader_new_fd(&d, fd);
        assert_int_equal(csv_reader_next(r), CSV_FAILED);
        assert_int_equal(csv_reader_failure(r, &err), CSV_FAIL_READ);
        assert_int_equal(err, EISDIR);
        assert_int_equal(csv_reader_nfields(r), 0);
        assert_int_equal(csv_reader_next(r), CSV_FAILED);
        csv_reader_free(r);
    }
    close(fd);
}

static void test_head(void **state)
{
    struct csv_dialect d = { .mode = CSV_RFC4180, .skip_bom = true };
    FILE *f = open_text("\xEF\xBB\xBF" "a,b\n", 7);
    struct csv_reader *r = csv_reader_new(&d, f);
    const unsigned char *h;
    size_t n;

    (void)state;
    h = csv_reader_head(r, &n);
    assert_int_equal(n, 7);
    assert_int_equal(memcmp(h, "\xEF\xBB\xBF" "a,b\n", 7), 0);
    assert_int_equal(csv_reader_next(r), CSV_RECORD);
    assert_string_equal(csv_reader_field(r, 0), "a");
    csv_reader_head(r, &n);
    assert_int_equal(n, 0);
    csv_reader_free(r);
    fclose(f);

    f = open_text("PK", 2);
    r = csv_reader_new(&d, f);
    h = csv_reader_head(r, &n);
    assert_int_equal(n, 2);
    assert_int_equal(memcmp(h, "PK", 2), 0);
    csv_reader_free(r);
    fclose(f);
}

/* ---- the cell writer --------------------------------------------------------- */

static void test_cell_writer(void **state)
{
    static const struct {
        unsigned flags;
        const char *in, *out;
    } cases[] = {
        /* return files: bytes unchanged, quoted when needed */
        { 0, "", "" },
        { 0, NULL, "" },
        { 0, "plain", "plain" },
        { 0, " padded ", " padded " },
        { 0, "a,b", "\"a,b\"" },
        { 0, "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { 0, "\"", "\"\"\"\"" },
        { 0, "line\nbreak", "\"line\nbreak\"" },
        { 0, "cr\rhere", "\"cr\rhere\"" },
        { 0, "=SUM(A1)", "=SUM(A1)" },
        { 0, "-1", "-1" },
        { 0, "+44 20", "+44 20" },
        { 0, "@x", "@x" },
        { 0, "\tx", "\tx" },
        { 0, "bad\xFF", "bad\xFF" },
        { 0, "Zo\xC3\xAB", "Zo\xC3\xAB" },
        { CSV_CELL_QUOTE_EDGE_SPACES, " lead", "\" lead\"" },
        { CSV_CELL_QUOTE_EDGE_SPACES, "trail ", "\"trail \"" },
        { CSV_CELL_QUOTE_EDGE_SPACES, "ZZ1 2AB", "ZZ1 2AB" },
        { CSV_CELL_QUOTE_EDGE_SPACES, "=x", "=x" },
        { CSV_CELL_QUOTE_EDGE_SPACES, " a\"b", "\" a\"\"b\"" },
        /* reports: the formula guard and U+FFFD */
        { CSV_CELL_REPORT, "", "" },
        { CSV_CELL_REPORT, NULL, "" },
        { CSV_CELL_REPORT, "=1+2", "'=1+2" },
        { CSV_CELL_REPORT, "+1", "'+1" },
        { CSV_CELL_REPORT, "-2", "'-2" },
        { CSV_CELL_REPORT, "@SUM(A1:A9)", "'@SUM(A1:A9)" },
        { CSV_CELL_REPORT, "\tcmd", "'\tcmd" },
        { CSV_CELL_REPORT, "\r=x", "\"'\r=x\"" },
        { CSV_CELL_REPORT, "=HYPERLINK(\"u\",\"y\")", "\"'=HYPERLINK(\"\"u\"\",\"\"y\"\")\"" },
        { CSV_CELL_REPORT, "a=b", "a=b" },
        { CSV_CELL_REPORT, " padded ", " padded " },
        { CSV_CELL_REPORT, "bad\xFFutf8", "bad\xEF\xBF\xBDutf8" },
        { CSV_CELL_REPORT, "\xC3(,x", "\"\xEF\xBF\xBD(,x\"" },
        { CSV_CELL_REPORT, "Child\xE2\x80\x99s", "Child\xE2\x80\x99s" },
        /* each report flag alone */
        { CSV_CELL_FORMULA_GUARD, "=x\xFF", "'=x\xFF" },
        { CSV_CELL_REPAIR_UTF8, "=x\xFF", "=x\xEF\xBF\xBD" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, "<");
        csv_cell(&sb, cases[i].in, cases[i].flags);
        if (strcmp(sb.buf + 1, cases[i].out) != 0)
            fail_msg("case %zu: got [%s] want [%s]", i, sb.buf + 1, cases[i].out);
        strbuf_release(&sb);
    }
}

/* What the writer makes (no report flags), the strict reader reads back. */
static void test_round_trip(void **state)
{
    static const char *const cells[] = {
        "", "plain", " padded ", "a,b", "say \"hi\"", "\"", "line\nbreak", "cr\rhere", "crlf\r\n", "=SUM(A1)",
        "Zo\xC3\xAB",
    };
    size_t n = sizeof cells / sizeof cells[0];
    struct csv_dialect d = { .mode = CSV_RFC4180, .check_utf8 = true };
    struct strbuf text = STRBUF_INIT;

    (void)state;
    for (int rep = 0; rep < 2; rep++) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_addch(&text, ',');
            csv_cell(&text, cells[i], rep ? CSV_CELL_QUOTE_EDGE_SPACES : 0);
        }
        strbuf_addstr(&text, "\r\n");
    }
    FILE *f = open_text(text.buf, text.len);
    struct csv_reader *r = csv_reader_new(&d, f);
    for (int rep = 0; rep < 2; rep++) {
        size_t n_issues;
        assert_int_equal(csv_reader_next(r), CSV_RECORD);
        assert_int_equal(csv_reader_nfields(r), n);
        csv_reader_issues(r, &n_issues);
        assert_int_equal(n_issues, 0);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(csv_reader_field(r, i), cells[i]);
        /* the cells one after another, each NUL-terminated */
        const char *at[sizeof cells / sizeof cells[0]];
        size_t len = csv_reader_fields(r, at), want = 0;
        for (size_t i = 0; i < n; i++) {
            assert_ptr_equal(at[i], at[0] + want);
            want += strlen(cells[i]) + 1;
        }
        assert_int_equal(len, want);
    }
    /* the first record has two line breaks inside quotes (CR alone is not one) */
    assert_int_equal(csv_reader_line(r), 4);
    assert_int_equal(csv_reader_next(r), CSV_END);
    csv_reader_free(r);
    fclose(f);
    strbuf_release(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180),
        cmocka_unit_test(test_lenient),
        cmocka_unit_test(test_lenient_want_after_header),
        cmocka_unit_test(test_chunk_ends),
        cmocka_unit_test(test_long_cells),
        cmocka_unit_test(test_input_bound),
        cmocka_unit_test(test_read_failure),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_cell_writer),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
