/*
 * Tests of the Supporting Families CSV (src/returns/families/families_csv.c): the
 * cells as the families files are written (io/csv.h's csv_cell, no flags)
 * from a table of cases, the reading (families_csv_next over an io/csv.h
 * reader in families_csv_dialect) on what the writer makes
 * (round trip, including quotes, commas, line breaks and UTF-8), CRLF and
 * LF records, and malformed input named by line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "returns/families/families.h"

static const struct {
    const char *in, *out;
} cells[] = {
    { "", "" },
    { "plain", "plain" },
    { "two words", "two words" },
    { " padded ", " padded " },                       /* spaces are data (RFC 4180) */
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "line\nbreak", "\"line\nbreak\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "crlf\r\n", "\"crlf\r\n\"" },
    { "=SUM(A1)", "=SUM(A1)" },                       /* never altered: the recipient links on values */
    { "-1", "-1" },
    { "Zo\xc3\xab", "Zo\xc3\xab" },                   /* UTF-8 passes through */
    { "O'Brien", "O'Brien" },
    { "semi;colon", "semi;colon" },
};

static void test_cell_escaping(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        csv_cell(&sb, cells[i].in, 0);
        if (strcmp(sb.buf, cells[i].out) != 0)
            fail_msg("case %zu: got [%s], want [%s]", i, sb.buf, cells[i].out);
        strbuf_release(&sb);
    }
    struct strbuf sb = STRBUF_INIT;
    csv_cell(&sb, NULL, 0);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

static FILE *from_text(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    return f;
}

static void test_round_trip(void **state)
{
    (void)state;
    /* Every cell of the table as one record, twice. */
    struct strbuf text = STRBUF_INIT;
    size_t n = sizeof cells / sizeof cells[0];
    for (int rep = 0; rep < 2; rep++) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_addch(&text, ',');
            csv_cell(&text, cells[i].in, 0);
        }
        strbuf_addstr(&text, "\r\n");
    }
    FILE *f = from_text(text.buf);
    struct csv_reader *r = csv_reader_new(&families_csv_dialect, f);
    struct strbuf why = STRBUF_INIT;
    for (int rep = 0; rep < 2; rep++) {
        assert_int_equal(families_csv_next(r, &why), 1);
        assert_int_equal(csv_reader_nfields(r), n);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(csv_reader_field(r, i), cells[i].in);
    }
    /* The first record spans three physical lines (two quoted line breaks,
     * one CRLF inside quotes): the second starts on line 4. */
    assert_int_equal(csv_reader_line(r), 4);
    assert_int_equal(families_csv_next(r, &why), 0);
    assert_int_equal(families_csv_next(r, &why), 0);
    assert_int_equal(why.len, 0);
    strbuf_release(&why);
    csv_reader_free(r);
    fclose(f);
    strbuf_release(&text);
}

static void test_line_endings_and_empty_fields(void **state)
{
    (void)state;
    FILE *f = from_text("a,b,c\nd,,\r\n,,\n\"\",x,\"\"");
    struct csv_reader *r = csv_reader_new(&families_csv_dialect, f);
    struct strbuf why = STRBUF_INIT;
    const char *want[4][3] = { { "a", "b", "c" }, { "d", "", "" }, { "", "", "" }, { "", "x", "" } };
    for (int k = 0; k < 4; k++) {
        assert_int_equal(families_csv_next(r, &why), 1);
        assert_int_equal(csv_reader_line(r), (unsigned long)k + 1);
        assert_int_equal(csv_reader_nfields(r), 3);
        for (int i = 0; i < 3; i++)
            assert_string_equal(csv_reader_field(r, (size_t)i), want[k][i]);
    }
    assert_int_equal(families_csv_next(r, &why), 0);
    strbuf_release(&why);
    csv_reader_free(r);
    fclose(f);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned long line;
        const char *why;
    } bad[] = {
        { "a,b\n\"open,c\n", 2, "not closed" },
        { "a,b\nx\"y,z\n", 2, "quote inside an unquoted field" },
        { "a,b\n\"q\"x,z\n", 2, "followed by text" },
        { "a\rb\n", 1, "carriage return" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = from_text(bad[i].text);
        struct csv_reader *r = csv_reader_new(&families_csv_dialect, f);
        struct strbuf why = STRBUF_INIT;
        int k;
        while ((k = families_csv_next(r, &why)) == 1)
            ;
        if (k != -1)
            fail_msg("case %zu accepted", i);
        assert_int_equal(csv_reader_line(r), bad[i].line);
        if (!strstr(why.buf, bad[i].why))
            fail_msg("case %zu: %s", i, why.buf);
        strbuf_release(&why);
        csv_reader_free(r);
        fclose(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_escaping),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_line_endings_and_empty_fields),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
