/*
 * Tests of the SSDA903 table specification (src/returns/ssda903/cla_spec.c): the shipped
 * specs/903/tables.conf for each year and its layers, the exact CSV header
 * rows, the file format (every directive, and bad files reported as
 * file:line), table recognition by header row, and every value checker,
 * table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "returns/ssda903/cla_spec.h"
#include "core/strbuf.h"
#include "core/upn.h"

static struct cla_spec *load(int year)
{
    struct cla_spec *s = NULL;
    char err[512];

    if (cla_spec_load_default(year, &s, err, sizeof err) != CLA_SPEC_OK)
        fail_msg("%d: %s", year, err);
    return s;
}

/* Writes text to a temporary spec file; its path goes into path[64]. */
static void temp_spec(char path[64], const char *text)
{
    snprintf(path, 64, "/tmp/statreturn-spec.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* ---- the shipped file -------------------------------------------------------- */

static const struct {
    const char *table;
    const char *header;
} dfe_headers[] = {
    { "Header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB" },
    { "Episodes", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN" },
    { "UASC", "CHILD,SEX,DOB,DUC" },
    { "Reviews", "CHILD,DOB,REVIEW,REVIEW_CODE" },
    { "OC2", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
             "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED" },
    { "OC3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM" },
    { "AD1", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR" },
    { "PlacedAdoption", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED" },
    { "PrevPerm", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM" },
    { "Missing", "CHILD,DOB,MISSING,MIS_START,MIS_END" },
    { "SWEpisodes", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON" },
    { "DoLo", "CHILD,DOB,DOLO_START,DOLO_END" },                /* from 2026-27 */
};
#define N_DFE_HEADERS (sizeof dfe_headers / sizeof dfe_headers[0])

static void test_shipped_tables(void **state)
{
    (void)state;
    for (int year = 2025; year <= 2027; year++) {
        struct cla_spec *s = load(year);
        assert_int_equal(s->year, year);
        assert_int_equal(s->n_tables, year >= 2027 ? N_DFE_HEADERS : N_DFE_HEADERS - 1);
        for (size_t i = 0; i < s->n_tables; i++) {
            struct strbuf row = STRBUF_INIT;
            const struct cla_table *t = cla_spec_table(s, dfe_headers[i].table);
            assert_non_null(t);
            assert_ptr_equal(t, &s->tables[i]);        /* DfE order */
            cla_table_header_row(t, &row);
            assert_string_equal(row.buf, dfe_headers[i].header);
            assert_string_equal(t->columns[t->id_column].name, "CHILD");
            strbuf_release(&row);
        }
        assert_string_equal(s->tables[s->primary].name, "Header");
        assert_true(cla_spec_table(s, "Header")->per == CLA_PER_CHILD);
        assert_true(cla_spec_table(s, "Episodes")->per == CLA_PER_MANY);
        /* the XML mapping */
        const struct cla_table *ep = cla_spec_table(s, "Episodes");
        assert_string_equal(ep->xml_row, "EPISODE");
        assert_string_equal(ep->columns[cla_table_column(ep, "PLACE")].xml, "PL");
        assert_string_equal(ep->columns[cla_table_column(ep, "CHILD")].xml, "/HEADER/CHILDID");
        assert_string_equal(ep->columns[cla_table_column(ep, "URN")].xml, "URN");
        assert_null(cla_spec_table(s, "SWEpisodes")->xml_row);
        if (year >= 2027) {
            /* DoLo: CSV only, DOLO_START required, both dates date the return */
            const struct cla_table *d = cla_spec_table(s, "DoLo");
            assert_null(d->xml_row);
            assert_true(d->per == CLA_PER_MANY);
            assert_true(d->columns[cla_table_column(d, "DOLO_START")].required);
            assert_false(d->columns[cla_table_column(d, "DOLO_END")].required);
            assert_true(d->columns[cla_table_column(d, "DOLO_START")].period);
            assert_true(d->columns[cla_table_column(d, "DOLO_END")].period);
            assert_int_equal(d->columns[cla_table_column(d, "DOB")].same_column, 2);
        } else {
            assert_null(cla_spec_table(s, "DoLo"));
        }
        const struct cla_table *u = cla_spec_table(s, "UASC");
        assert_int_equal(u->n_xml_if, 2);
        assert_string_equal(u->xml_if[0], "UASC");
        assert_string_equal(u->xml_if_value[0], "1");
        assert_null(u->xml_if_value[1]);
        /* repeated DOB must equal Header's */
        const struct cla_table *rv = cla_spec_table(s, "Reviews");
        assert_int_equal(rv->columns[cla_table_column(rv, "DOB")].same_column, 2);
        assert_int_equal(rv->columns[cla_table_column(rv, "REVIEW_CODE")].same_column, -1);
        assert_true(ep->columns[cla_table_column(ep, "DECOM")].period);
        assert_false(cla_spec_table(s, "Header")->columns[2].period);
        /* HEADER/UASC is a column of the XML only: after the CSV columns,
         * not in the header row (checked above), not a CSV match */
        const struct cla_table *h = cla_spec_table(s, "Header");
        assert_int_equal(h->n_csv_columns, 7);
        assert_int_equal(h->n_columns, 8);
        assert_true(h->columns[7].xml_only);
        assert_string_equal(h->columns[7].xml, "UASC");
        assert_int_equal(cla_table_csv_column(h, "UASC"), -1);
        assert_int_equal(cla_table_column(h, "UASC"), 7);
        assert_int_equal(ep->n_csv_columns, ep->n_columns);
        const char *with_uasc[] = { "CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC" };
        assert_null(cla_spec_table_by_header(s, with_uasc, 8, NULL));
        assert_ptr_equal(cla_spec_table_by_header(s, with_uasc, 7, NULL), h);
        cla_spec_free(s);
    }
}

static void test_layers_by_year(void **state)
{
    struct cla_spec *s25 = load(2025), *s26 = load(2026), *s27 = load(2027);
    const struct cla_codelist *p25 = cla_spec_codes(s25, "PLACE"), *p26 = cla_spec_codes(s26, "PLACE");
    int first, last;
    char err[512];
    struct cla_spec *none = NULL;

    (void)state;
    /* 2024-25: K3 in, H5 and P2 out, Z1 still there */
    assert_true(cla_code_in(p25, "K3"));
    assert_false(cla_code_in(p25, "H5"));
    assert_false(cla_code_in(p25, "P2"));
    assert_true(cla_code_in(p25, "Z1"));
    assert_false(cla_code_in(p25, "Z11"));
    /* 2025-26: Z1 split into Z11-Z14 */
    assert_false(cla_code_in(p26, "Z1"));
    for (const char *const *z = (const char *const[]){ "Z11", "Z12", "Z13", "Z14", NULL }; *z; z++)
        assert_true(cla_code_in(p26, *z));
    assert_int_equal(p26->n, p25->n + 3);
    /* Z1 is still a valid code in the other lists that have it */
    assert_true(cla_code_in(cla_spec_codes(s26, "PREV_PERM"), "Z1"));
    assert_true(cla_code_in(cla_spec_codes(s26, "ACCOM"), "Z1"));
    /* SEX M/F/U both years, not 1/2 */
    assert_true(cla_code_in(cla_spec_codes(s25, "SEX"), "U"));
    assert_false(cla_code_in(cla_spec_codes(s25, "SEX"), "1"));
    /* the column points at the year's list */
    const struct cla_table *ep = cla_spec_table(s26, "Episodes");
    assert_ptr_equal(ep->columns[cla_table_column(ep, "PLACE")].codes, p26);
    /* 2026-27 adds the DoLo table and changes no code list */
    for (size_t i = 0; i < s26->n_lists; i++) {
        const struct cla_codelist *a = &s26->lists[i], *b = cla_spec_codes(s27, a->name);
        assert_non_null(b);
        assert_int_equal(a->n, b->n);
        for (size_t k = 0; k < a->n; k++)
            assert_true(cla_code_in(b, a->codes[k]));
    }
    assert_int_equal(s27->n_lists, s26->n_lists);

    assert_int_equal(cla_spec_years(NULL, &first, &last, err, sizeof err), 0);
    assert_int_equal(first, 2025);
    assert_int_equal(last, 2027);
    assert_int_equal(cla_spec_load_default(2024, &none, err, sizeof err), CLA_SPEC_NO_YEAR);
    assert_null(none);
    assert_non_null(strstr(err, "no SSDA903 table specification for collection year 2024 (this file covers 2025 to 2027)"));
    assert_int_equal(cla_spec_load_default(2028, &none, err, sizeof err), CLA_SPEC_NO_YEAR);
    cla_spec_free(s25);
    cla_spec_free(s26);
    cla_spec_free(s27);
}

/* ---- the format ------------------------------------------------------------------ */

static const char base[] =
    "# a small spec\n"
    "year 2025\n"
    "codes SEX M F U\n"
    "codes PL A1 B1   # trailing comment\n"
    "table H per=child primary xml=HEADER\n"
    "    CHILD id:10 required xml=CHILDID\n"
    "    SEX code:SEX required\n"
    "    DOB date required\n"
    "table E per=many xml=EPISODE\n"
    "\tCHILD id:10 required xml=/HEADER/CHILDID\n"
    "\tPL code:PL required\n"
    "\tN int:0-40 optional\n"
    "\tDOB date required same=H.DOB xml=/HEADER/DOB\n"
    "table X per=many xml=none\n"
    "    CHILD id:5 required\n"
    "    T text:3 optional\n";

static void test_format_and_deltas(void **state)
{
    char path[64], err[512];
    struct cla_spec *s = NULL;
    struct strbuf text = STRBUF_INIT, ty = STRBUF_INIT;

    (void)state;
    strbuf_addstr(&text, base);
    strbuf_addstr(&text,
                  "\n"
                  "year 2027\n"
                  "codes PL + C1\n"
                  "codes PL - A1\n"
                  "codes NEW Q\n"
                  "column E.N int:1-9 required\n"
                  "drop X\n"
                  "table Y per=child xml=HEADER/Y xml-if=A=1,B\n"
                  "    CHILD id:10 required\n"
                  "    F code:NEW optional\n"
                  "    G date optional period\n"
                  "year 2028\n"
                  "table E per=many xml=EPISODE\n"
                  "    CHILD id:10 required\n"
                  "    PL code:PL optional\n");
    temp_spec(path, text.buf);

    assert_int_equal(cla_spec_load(path, 2025, &s, err, sizeof err), CLA_SPEC_OK);
    assert_int_equal(s->n_tables, 3);
    assert_true(cla_code_in(cla_spec_codes(s, "PL"), "A1"));
    assert_false(cla_code_in(cla_spec_codes(s, "PL"), "C1"));
    assert_null(cla_spec_codes(s, "NEW"));
    const struct cla_table *e = cla_spec_table(s, "E");
    assert_int_equal(e->columns[2].min, 0);
    assert_int_equal(e->columns[2].max, 40);
    assert_false(e->columns[2].required);
    cla_column_type_text(&e->columns[2], &ty);
    assert_string_equal(ty.buf, "int:0-40");
    cla_spec_free(s);

    /* 2026 falls between layers: 2025 applies */
    assert_int_equal(cla_spec_load(path, 2026, &s, err, sizeof err), CLA_SPEC_OK);
    assert_int_equal(s->year, 2026);
    assert_int_equal(s->n_tables, 3);
    cla_spec_free(s);

    assert_int_equal(cla_spec_load(path, 2027, &s, err, sizeof err), CLA_SPEC_OK);
    assert_int_equal(s->n_tables, 3);                 /* X dropped, Y added */
    assert_null(cla_spec_table(s, "X"));
    assert_string_equal(s->tables[2].name, "Y");
    assert_false(cla_code_in(cla_spec_codes(s, "PL"), "A1"));
    assert_true(cla_code_in(cla_spec_codes(s, "PL"), "C1"));
    e = cla_spec_table(s, "E");
    assert_int_equal(e->n_columns, 4);
    assert_string_equal(e->columns[2].name, "N");   /* changed in place */
    assert_int_equal(e->columns[2].min, 1);
    assert_true(e->columns[2].required);
    const struct cla_table *y = cla_spec_table(s, "Y");
    assert_int_equal(y->n_xml_if, 2);
    assert_int_equal(y->n_columns, 3);
    assert_false(y->columns[1].period);
    assert_true(y->columns[2].period);
    assert_ptr_equal(y->columns[1].codes, cla_spec_codes(s, "NEW"));
    cla_spec_free(s);
    unlink(path);
    strbuf_release(&ty);
    strbuf_release(&text);
}

/* `period` marks dates only; the error is found although its layer (2026)
 * is after the year loaded. */
static void test_period_needs_date(void **state)
{
    char path[64], err[512];
    struct cla_spec *s = NULL;
    struct strbuf text = STRBUF_INIT;

    (void)state;
    strbuf_addstr(&text, base);
    strbuf_addstr(&text, "year 2026\ntable Y per=child\n    CHILD id:10 required\n    F code:SEX optional period\n");
    temp_spec(path, text.buf);
    assert_int_equal(cla_spec_load(path, 2025, &s, err, sizeof err), CLA_SPEC_BAD);
    assert_null(s);
    char want[128];
    snprintf(want, sizeof want, "%s:20: column F: 'period' is for date columns", path);
    assert_string_equal(err, want);
    unlink(path);
    strbuf_release(&text);
}

static const struct {
    const char *append;     /* appended to `base` (16 lines; the first appended line is 17) */
    int year;
    int line;               /* expected line in the message; 0: no line */
    const char *message;
} bad_specs[] = {
    { "    X dat required\n", 2025, 17, "unknown type 'dat' (id:N, date, date-zz" },
    { "table Z\n    CHILD id:10 required\n    A int:9-1 optional\n", 2025, 19, "int wants a range MIN-MAX" },
    { "table Z\n    CHILD id:0 required\n", 2025, 18, "id wants a maximum length" },
    { "table Z\n    CHILD id:10 mandatory\n", 2025, 18, "expected 'required' or 'optional', not 'mandatory'" },
    { "table Z\n    CHILD id:10 required colour=red\n", 2025, 18, "unknown flag 'colour=red'" },
    { "table Z\n    CHILD id:10 required\n    CHILD date optional\n", 2025, 19, "column CHILD given twice" },
    { "table Z per=some\n", 2025, 17, "unknown option 'per=some'" },
    { "table Z xml=Z\n    CHILD id:10 required\n    F code:SEX optional xml-only\n    G date optional\n", 2025, 20,
      "column Z.G: xml-only columns go after every CSV column of Z" },
    { "table Z xml=none\n    CHILD id:10 required\n    F code:SEX optional xml-only\n", 2025, 19,
      "column Z.F: xml-only is for a plain column of a table in the XML" },
    { "table Z xml-if=A\n", 2025, 17, "xml-if without an xml row element" },
    { "table Z xml=/ABS\n", 2025, 17, "is not an element path below CHILD" },
    { "frobnicate\n", 2025, 17, "unknown directive 'frobnicate'" },
    { "codes SEX - Q\n", 2025, 17, "codes SEX -: 'Q' is not in the list" },
    { "codes SEX + M\n", 2025, 17, "codes SEX +: 'M' is already in the list" },
    { "codes NOPE + Q\n", 2025, 17, "there is no list NOPE to change" },
    { "codes BAD A A\n", 2025, 17, "codes BAD: 'A' given twice" },
    { "codes BAD a,b\n", 2025, 17, "'a,b' is not a code" },
    { "codes SEX - M F U\n", 2025, 17, "codes SEX: the list is now empty" },
    { "year 2024\n", 2025, 17, "year 2024 comes after year 2025" },
    { "year 25\n", 2025, 17, "'year' wants a collection end year" },
    { "year 2026\ndrop NOPE\n", 2026, 18, "drop NOPE: there is no such table" },
    { "year 2026\ncolumn E.NOPE date optional\n", 2026, 18, "column E.NOPE: there is no such column" },
    { "year 2026\ncolumn E date optional\n", 2026, 18, "'column' wants TABLE.COLUMN" },
    /* references are checked for the year built, at the line that made them */
    { "table Z\n    CHILD id:10 required\n    Q code:NOPE optional\n", 2025, 19,
      "column Z.Q: there is no code list NOPE in year 2025" },
    { "table Z\n    CHILD id:10 required\n    Q date optional same=E.DOB\n", 2025, 19,
      "same=E.DOB must name a column of the primary table H" },
    { "table Z\n    CHILD id:10 required\n    Q date optional same=H.NOPE\n", 2025, 19,
      "same=H.NOPE must name a column of the primary table H" },
    { "table Z\n    A date required\n", 2025, 17, "table Z has 0 id columns" },
    { "table Z per=child primary\n    CHILD id:10 required\n", 2025, 17, "only one table can be primary" },
    { "table Z per=many\n", 2025, 17, "table Z has no columns" },
    { "year 2026\ndrop H\n", 2026, 0, "no table is marked primary for year 2026" },
    /* a syntax error in a later layer is found whatever year is loaded */
    { "year 2026\ntable Z\n    CHILD idd required\n", 2025, 19, "unknown type 'idd'" },
};

static void test_bad_spec_files(void **state)
{
    char path[64], err[512], want[256];
    struct cla_spec *s = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof bad_specs / sizeof bad_specs[0]; i++) {
        struct strbuf text = STRBUF_INIT;
        strbuf_addstr(&text, base);
        strbuf_addstr(&text, bad_specs[i].append);
        temp_spec(path, text.buf);
        int rc = cla_spec_load(path, bad_specs[i].year, &s, err, sizeof err);
        if (bad_specs[i].line)
            snprintf(want, sizeof want, "%s:%d: ", path, bad_specs[i].line);
        else
            snprintf(want, sizeof want, "%s: ", path);
        if (rc != CLA_SPEC_BAD || s || strncmp(err, want, strlen(want)) != 0 || !strstr(err, bad_specs[i].message))
            fail_msg("case %zu: rc %d, got \"%s\", want \"%s...%s\"", i, rc, err, want, bad_specs[i].message);
        unlink(path);
        strbuf_release(&text);
    }
    /* before any year; column line with no table; an unreadable file */
    temp_spec(path, "codes A B\n");
    assert_int_equal(cla_spec_load(path, 2025, &s, err, sizeof err), CLA_SPEC_BAD);
    assert_non_null(strstr(err, ":1: the file must start with 'year YYYY'"));
    unlink(path);
    temp_spec(path, "year 2025\n    CHILD id:10 required\n");
    assert_int_equal(cla_spec_load(path, 2025, &s, err, sizeof err), CLA_SPEC_BAD);
    assert_non_null(strstr(err, ":2: an indented (column) line must follow a 'table' line"));
    unlink(path);
    temp_spec(path, "# nothing\n");
    assert_int_equal(cla_spec_load(path, 2025, &s, err, sizeof err), CLA_SPEC_BAD);
    assert_non_null(strstr(err, "the file has no 'year' layer"));
    unlink(path);
    assert_int_equal(cla_spec_load("/nonexistent/tables.conf", 2025, &s, err, sizeof err), CLA_SPEC_BAD);
    assert_string_equal(err, "/nonexistent/tables.conf: cannot open the SSDA903 table specification: "
                             "No such file or directory");
}

/* ---- recognition by header row ------------------------------------------------------------ */

static void test_find_by_header(void **state)
{
    struct cla_spec *s = load(2025);
    bool exact = false;

    (void)state;
    const char *ep[] = { "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                         "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN" };
    assert_ptr_equal(cla_spec_table_by_header(s, ep, 13, &exact), cla_spec_table(s, "Episodes"));
    assert_true(exact);
    const char *re[] = { "DOB", "CHILD", "REVIEW_CODE", "REVIEW" };
    assert_ptr_equal(cla_spec_table_by_header(s, re, 4, &exact), cla_spec_table(s, "Reviews"));
    assert_false(exact);
    /* UASC and Missing and OC3 share CHILD and DOB only: no confusion */
    const char *ua[] = { "CHILD", "SEX", "DOB", "DUC" };
    assert_ptr_equal(cla_spec_table_by_header(s, ua, 4, NULL), cla_spec_table(s, "UASC"));
    const char *missing_col[] = { "CHILD", "SEX", "DOB" };
    assert_null(cla_spec_table_by_header(s, missing_col, 3, &exact));
    const char *twice[] = { "CHILD", "SEX", "DOB", "DOB" };
    assert_null(cla_spec_table_by_header(s, twice, 4, NULL));
    const char *cased[] = { "child", "sex", "dob", "duc" };
    assert_null(cla_spec_table_by_header(s, cased, 4, NULL));
    const char *dolo[] = { "CHILD", "DOB", "DOLO_START", "DOLO_END" };
    assert_null(cla_spec_table_by_header(s, dolo, 4, NULL));
    /* nearest: the Episodes header without one column */
    assert_ptr_equal(cla_spec_nearest_table(s, ep, 12), cla_spec_table(s, "Episodes"));
    const char *junk[] = { "1234", "M", "01/01/2010" };
    assert_null(cla_spec_nearest_table(s, junk, 3));
    cla_spec_free(s);
}

/* ---- value checkers ------------------------------------------------------------------------- */

struct vcase {
    const char *value;
    bool valid;
};

static void run_cases(const char *name, bool (*fn)(const char *), const struct vcase *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fn(c[i].value) != c[i].valid)
            fail_msg("%s(\"%s\") should be %s", name, c[i].value ? c[i].value : "(null)",
                     c[i].valid ? "valid" : "invalid");
}

#define RUN(fn, cases) run_cases(#fn, fn, cases, sizeof cases / sizeof cases[0])

static void test_dates(void **state)
{
    static const struct vcase dates[] = {
        { "01/01/2021", true }, { "29/02/2024", true }, { "31/12/1999", true }, { "29/02/2023", false },
        { "31/04/2024", false }, { "38/04/2019", false }, { "01/13/2020", false }, { "00/01/2020", false },
        { "01/01/19", false }, { "1/1/2020", false }, { "2020-01-01", false }, { "01-01-2020", false },
        { "01/01/1899", false }, { "01/01/2200", false }, { "", false }, { NULL, false },
        { " 01/01/2020", false }, { "01/01/2020 ", false }, { "ZZ/01/2020", false },
    };
    static const struct vcase zz[] = {
        { "01/01/2021", true }, { "ZZ/05/2021", true }, { "05/ZZ/2020", true }, { "ZZ/ZZ/ZZZZ", true },
        { "ZZ/ZZ/1993", true }, { "zz/zz/zzzz", true }, { "29/02/ZZZZ", true }, { "30/02/ZZZZ", false },
        { "31/ZZ/2020", true }, { "32/ZZ/2020", false }, { "ZZ/13/2020", false }, { "ZZ/ZZ/ZZ", false },
        { "xx/10/2011", false }, { "01/13/2000", false }, { "31/04/ZZZZ", false }, { "", false },
        { NULL, false }, { "ZZ/ZZ/1899", false },
    };
    (void)state;
    RUN(cla_is_date, dates);
    RUN(cla_is_date_zz, zz);
}

static void test_postcodes(void **state)
{
    static const struct vcase cases[] = {
        /* every outward shape, with and without the space */
        { "M1 1AE", true }, { "M11AE", true }, { "B33 8TH", true }, { "CR2 6XH", true }, { "DN55 1PT", true },
        { "W1A 0AX", true }, { "EC1A 1BB", true }, { "EC1A1BB", true }, { "GIR 0AA", true },
        { "AB1 0JD", true }, { "AB10JD", true },
        /* letters not used in their position */
        { "Q6 7TT", false },     /* Q never first */
        { "V1 1AA", false }, { "X1 1AA", false },
        { "AI1 1AA", false },    /* I never second */
        { "Z2 1OG", false },     /* O not in the inward code */
        { "EH14 8EC", false },   /* C not in the inward code */
        { "A1I 1AA", false },    /* I not third in A9A */
        { "AA1C 1AA", false },   /* C not fourth in AA9A */
        /* shapes */
        { "M1  1AE", false }, { " M1 1AE", false }, { "M1 1AE ", false }, { "m1 1ae", false },
        { "M1 AAE", false }, { "M1 11E", false }, { "123 4AB", false }, { "ABCD 1AB", false },
        { "AB123 1AB", false }, { "M1", false }, { "", false }, { NULL, false }, { "M1-1AE", false },
        { "SW1A 1AA", true }, { "SW1A 1AAA", false },
    };
    (void)state;
    RUN(cla_is_postcode, cases);
}

static void test_urns(void **state)
{
    static const struct vcase cases[] = {
        { "1465167", true }, { "SC123456", true }, { "XXXXXXX", true }, { "123456", true },
        { "12345", false }, { "12345678", false }, { "SC12345", false }, { "SC1234567", false },
        { "sc123456", false }, { "XXXXXX", false }, { "146516A", false }, { "", false }, { NULL, false },
    };
    (void)state;
    RUN(cla_is_urn, cases);
}

static void test_upns(void **state)
{
    char good[14], temporary[14], bad_letter[14];
    (void)state;

    upn_make(good, 201, 12345678UL, '\0');
    upn_make(temporary, 865, 42UL, 'B');
    memcpy(bad_letter, good, sizeof good);
    bad_letter[0] = bad_letter[0] == 'A' ? 'B' : 'A';
    const struct vcase cases[] = {
        { good, true }, { temporary, true }, { bad_letter, false },
        { "UN1", true }, { "UN5", true }, { "UN6", false }, { "UN0", false }, { "un1", false },
        { "D051910639385", false },   /* a sample UPN: wrong check letter */
        { "A12345678901", false }, { "", false }, { NULL, false },
    };
    RUN(cla_is_upn, cases);
}

static bool id10(const char *s) { return cla_is_child_id(s, 10); }
static bool text3(const char *s) { return cla_is_text(s, 3); }
static bool text_any(const char *s) { return cla_is_text(s, 0); }
static bool sdq(const char *s) { return cla_is_int(s, 0, 40); }

static void test_ids_text_ints(void **state)
{
    static const struct vcase ids[] = {
        { "566910", true }, { "CHILD10", true }, { "ABCDEFGHIJ", true }, { "ABCDEFGHIJK", false },
        { "A-1", false }, { "A 1", false }, { "", false }, { NULL, false }, { "\xC3\xA9" "1", false },
    };
    static const struct vcase texts[] = {
        { "abc", true }, { "\xC3\xA9\xC3\xA9\xC3\xA9", true }, { "abcd", false }, { "a\tb", false },
        { "\xC3", false }, { "\xFF", false }, { "", true }, { NULL, false }, { "\xC2\x85", false },
    };
    static const struct vcase any[] = {
        { "SW999", true }, { "a long text of any length, with punctuation!", true }, { "x\ny", false },
        { "\x7F", false },
    };
    static const struct vcase ints[] = {
        { "0", true }, { "40", true }, { "05", true }, { "41", false }, { "-1", false }, { "1.5", false },
        { " 1", false }, { "", false }, { NULL, false }, { "9999999999999999999", false }, { "+3", false },
    };
    (void)state;
    RUN(id10, ids);
    RUN(text3, texts);
    RUN(text_any, any);
    RUN(sdq, ints);
    assert_true(cla_is_int("-5", -10, 10));
    assert_false(cla_is_int("-", -10, 10));
}

static void test_check_value(void **state)
{
    struct cla_spec *s = load(2025);
    const struct cla_table *ep = cla_spec_table(s, "Episodes"), *oc2 = cla_spec_table(s, "OC2");
    const struct cla_table *pp = cla_spec_table(s, "PrevPerm"), *h = cla_spec_table(s, "Header");
    const struct {
        const struct cla_column *col;
        const char *value;
        enum cla_verdict want;
    } cases[] = {
        { &ep->columns[cla_table_column(ep, "DECOM")], "01/04/2024", CLA_VALID },
        { &ep->columns[cla_table_column(ep, "DECOM")], NULL, CLA_BLANK },
        { &ep->columns[cla_table_column(ep, "DECOM")], "", CLA_BLANK },
        { &ep->columns[cla_table_column(ep, "DECOM")], "2024-04-01", CLA_BAD_FORMAT },
        { &ep->columns[cla_table_column(ep, "DEC")], NULL, CLA_VALID },
        { &ep->columns[cla_table_column(ep, "PLACE")], "K3", CLA_VALID },
        { &ep->columns[cla_table_column(ep, "PLACE")], "H5", CLA_BAD_CODE },
        { &ep->columns[cla_table_column(ep, "PLACE")], "k3", CLA_BAD_CODE },
        { &ep->columns[cla_table_column(ep, "PL_POST")], "Q6 7TT", CLA_BAD_FORMAT },
        { &ep->columns[cla_table_column(ep, "URN")], "SC999999", CLA_VALID },
        { &ep->columns[cla_table_column(ep, "CHILD")], "TOO-LONG-ID", CLA_BAD_FORMAT },
        { &oc2->columns[cla_table_column(oc2, "SDQ_SCORE")], "41", CLA_BAD_FORMAT },
        { &oc2->columns[cla_table_column(oc2, "SDQ_SCORE")], NULL, CLA_VALID },
        { &pp->columns[cla_table_column(pp, "LA_PERM")], "SCO", CLA_VALID },
        { &pp->columns[cla_table_column(pp, "LA_PERM")], "458", CLA_BAD_CODE },
        { &pp->columns[cla_table_column(pp, "DATE_PERM")], "ZZ/05/2021", CLA_VALID },
        { &h->columns[cla_table_column(h, "UPN")], "UN4", CLA_VALID },
        { &h->columns[cla_table_column(h, "UPN")], NULL, CLA_VALID },
        { &h->columns[cla_table_column(h, "SEX")], "1", CLA_BAD_CODE },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cla_check_value(cases[i].col, cases[i].value) != cases[i].want)
            fail_msg("case %zu: %s \"%s\": got %d, want %d", i, cases[i].col->name,
                     cases[i].value ? cases[i].value : "(null)", cla_check_value(cases[i].col, cases[i].value),
                     cases[i].want);
    cla_spec_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_tables),
        cmocka_unit_test(test_layers_by_year),
        cmocka_unit_test(test_format_and_deltas),
        cmocka_unit_test(test_period_needs_date),
        cmocka_unit_test(test_bad_spec_files),
        cmocka_unit_test(test_find_by_header),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_postcodes),
        cmocka_unit_test(test_urns),
        cmocka_unit_test(test_upns),
        cmocka_unit_test(test_ids_text_ints),
        cmocka_unit_test(test_check_value),
    };
    return cmocka_run_group_tests_name("cla_spec", tests, NULL, NULL);
}
