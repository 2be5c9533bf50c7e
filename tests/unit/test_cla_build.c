/*
 * Tests of the pure parts of `statreturn build 903` (src/returns/ssda903/cla_source.c,
 * src/returns/ssda903/cla_writer.c): postcode normalisation and sectors, the CSV cells
 * as the 903 writer writes them (io/csv.h), the field catalogue built from the 903 spec, and the CSV and XML
 * writers on a hand-made child (round trip through the spec's value checks
 * and the XSD is covered by tests/integration/test_build_cla.sh).
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
#include "returns/ssda903/cla_build.h"

static void test_postcode_normalise(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "zz12ab", "ZZ1 2AB" }, { "ZZ1 2AB", "ZZ1 2AB" }, { " ZZ1  2AB ", "ZZ1 2AB" },
        { "ZZ192AB", "ZZ19 2AB" }, { "A12AB", "A1 2AB" }, { "EC1A1BB", "EC1A 1BB" },
        { "not a postcode", "NOT A POSTCODE" }, { "ZZ1-2AB", "ZZ1-2AB" }, { "", "" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        cla_postcode_normalise(cases[i].in, &sb);
        assert_string_equal(sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

static void test_postcode_sector(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "ZZ1 2AB", "ZZ1 2" }, { "zz12ab", "ZZ1 2" }, { "ZZ19 7EB", "ZZ19 7" }, { "EC1A 1BB", "EC1A 1" },
        { "A1 2AB", "A1 2" }, { "ZZ1", NULL }, { "ZZ1 AAB", NULL }, { "1Z1 2AB", NULL }, { "", NULL },
        { "ZZ1 2A", NULL },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        int r = cla_postcode_sector(cases[i].in, &sb);
        if (cases[i].out) {
            assert_int_equal(r, 0);
            assert_string_equal(sb.buf, cases[i].out);
            assert_true(cla_is_postcode_sector(sb.buf));
        } else {
            assert_int_equal(r, -1);
            assert_int_equal(sb.len, 0);
        }
        strbuf_release(&sb);
    }
    assert_false(cla_is_postcode_sector("ZZ1 2AB"));
    assert_false(cla_is_postcode_sector("ZZ1"));
    assert_false(cla_is_postcode_sector(NULL));
}

static void test_csv_cell(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "", "" }, { "plain", "plain" }, { "a,b", "\"a,b\"" }, { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "line\nbreak", "\"line\nbreak\"" }, { "cr\rhere", "\"cr\rhere\"" }, { " lead", "\" lead\"" },
        { "ZZ1 2AB", "ZZ1 2AB" }, { "12/03/2025", "12/03/2025" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        csv_cell(&sb, cases[i].in, CSV_CELL_QUOTE_EDGE_SPACES);
        assert_string_equal(sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
    struct strbuf sb = STRBUF_INIT;
    csv_cell(&sb, NULL, CSV_CELL_QUOTE_EDGE_SPACES);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

static void test_catalogue(void **state)
{
    struct cla_spec *spec = NULL;
    struct cla_catalogue cc;
    char err[512];
    (void)state;
    for (int year = 2025; year <= 2027; year++) {
        assert_int_equal(cla_spec_load_default(year, &spec, err, sizeof err), CLA_SPEC_OK);
        assert_int_equal(cla_catalogue_build(&cc, spec, err, sizeof err), 0);
        size_t n = 0;
        for (size_t t = 0; t < spec->n_tables; t++)
            n += spec->tables[t].n_csv_columns;
        assert_int_equal(cc.cat.n, n);   /* one field per CSV column */
        /* HEADER/UASC is not read from the replica: the writer derives it */
        assert_int_equal(catalogue_find(&cc.cat, "Header/UASC"), (size_t)-1);
        size_t k = catalogue_find(&cc.cat, "Episodes/PL_POST");
        assert_int_not_equal(k, (size_t)-1);
        assert_string_equal(cc.cat.fields[k].source, "ssd_cla_placement.clap_cla_placement_postcode");
        assert_int_equal(cc.cat.fields[k].kind, FK_POSTCODE);
        k = catalogue_find(&cc.cat, "Header/CHILD");
        assert_int_equal(cc.cat.fields[k].kind, FK_ID);
        assert_true(cc.cat.fields[k].required);
        /* The DoLo table (2026-27 on): a field of the year, or of another
         * year, whose policy lines are passed over. */
        k = catalogue_find(&cc.cat, "DoLo/DOLO_END");
        bool other = false;
        for (size_t i = 0; i < cc.cat.n_other; i++)
            other |= !strcmp(cc.cat.other[i], "DoLo/DOLO_END");
        if (year >= 2027) {
            assert_int_not_equal(k, (size_t)-1);
            assert_string_equal(cc.cat.fields[k].source, "ssd_cla_extension_dolo.clex_dolo_end_date");
            assert_int_equal(cc.cat.n_other, 0);
        } else {
            assert_int_equal(k, (size_t)-1);
            assert_true(other);
            assert_int_equal(cc.cat.n_other, 4);
        }
        /* One policy file per profile serves every year. */
        for (int i = 0; i < 2; i++) {
            static const char *const files[] = { "specs/903/policy_dfe.conf", "specs/903/policy_regional.conf" };
            struct policy p;
            if (policy_load(&p, &cc.cat, files[i], "specs/purposes.conf", err, sizeof err) != 0)
                fail_msg("%d: %s", year, err);
            if (cla_policy_check(&cc, spec, &p, err, sizeof err) != 0)
                fail_msg("%d: %s", year, err);
            policy_release(&p);
        }
        cla_catalogue_release(&cc);
        cla_spec_free(spec);
    }
}

/* A child with one Header row and two Episodes rows. */
static void test_writers(void **state)
{
    struct cla_spec *spec = NULL;
    char err[512];
    (void)state;
    assert_int_equal(cla_spec_load_default(2025, &spec, err, sizeof err), CLA_SPEC_OK);
    const struct cla_table *h = cla_spec_table(spec, "Header"), *e = cla_spec_table(spec, "Episodes");
    /* the last cell is HEADER/UASC (xml-only): blank from the replica, so
     * the writer says 0 by the (absent) UASC row */
    const char *hc[] = { "A1", "F", "01/02/2010", "WBRI", NULL, "0", NULL, NULL };
    const char *e1[] = { "A1", "01/05/2024", "S", "C1", "N1", "U1", "PR1", "01/06/2024", "X1", "CARPL", "ZZ1 2AB",
                         "ZZ2 3CD", "SC123456" };
    const char *e2[] = { "A1", "01/06/2024", "P", "C1", "N1", "U3", "PR1", NULL, NULL, NULL, "ZZ1 2AB", "ZZ2 3CD",
                         NULL };
    struct cla_row rh = { .table = h, .number = 1, .cells = hc }, r1 = { .table = e, .number = 1, .cells = e1 },
                   r2 = { .table = e, .number = 2, .cells = e2 };
    const struct cla_row *hrows[] = { &rh }, *erows[] = { &r1, &r2 };
    struct cla_child c = { .id = "A1", .position = 1 };
    assert_int_equal(sizeof hc / sizeof hc[0], h->n_columns);   /* every cells array has n_columns */
    int ih = cla_spec_table_index(spec, h), ie = cla_spec_table_index(spec, e);
    c.rows[ih] = hrows;
    c.n_rows[ih] = 1;
    c.rows[ie] = erows;
    c.n_rows[ie] = 2;

    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    struct strbuf scratch = STRBUF_INIT;
    assert_int_equal(cla_csv_header(fp, e), 0);
    assert_int_equal(cla_csv_rows(fp, &c, (size_t)ie, &scratch), 0);
    fclose(fp);
    assert_string_equal(buf, "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
                             "A1,01/05/2024,S,C1,N1,U1,PR1,01/06/2024,X1,CARPL,ZZ1 2AB,ZZ2 3CD,SC123456\r\n"
                             "A1,01/06/2024,P,C1,N1,U3,PR1,,,,ZZ1 2AB,ZZ2 3CD,\r\n");
    free(buf);
    strbuf_release(&scratch);

    buf = NULL;
    fp = open_memstream(&buf, &len);
    struct cla_xml_writer *w = cla_xml_open(fp, spec, err, sizeof err);
    assert_non_null(w);
    assert_int_equal(cla_xml_child(w, &c), 0);
    assert_int_equal(cla_xml_finish(w), 0);
    cla_xml_free(w);
    fclose(fp);
    /* XSD order: CHILDID UPN SEX DOB ETHNIC UASC ... MOTHER; episodes PL before PL_POST before HOME_POST. */
    const char *p = strstr(buf, "<CHILDID>A1</CHILDID>");
    assert_non_null(p);
    assert_non_null(strstr(p, "<UPN></UPN>"));
    assert_true(strstr(buf, "<UASC>0</UASC>") < strstr(buf, "<MOTHER>0</MOTHER>"));
    assert_true(strstr(buf, "<PL>U1</PL>") < strstr(buf, "<PL_POST>ZZ2 3CD</PL_POST>"));
    assert_true(strstr(buf, "<PL_POST>ZZ2 3CD</PL_POST>") < strstr(buf, "<HOME_POST>ZZ1 2AB</HOME_POST>"));
    assert_non_null(strstr(buf, "<DEC></DEC>"));
    assert_null(strstr(buf, "MC_DOB"));
    free(buf);
    cla_spec_free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postcode_normalise),
        cmocka_unit_test(test_postcode_sector),
        cmocka_unit_test(test_csv_cell),
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
