/*
 * Tests of Supporting Families values (src/returns/families/families_values.c) and the
 * pseudonyms of the FPD: canonical spellings and format checks from
 * tables, periods (quarters of April-March years, 'previous'), and person
 * and family keys that are stable for one key, differ between keys, and
 * differ between a person and a family with the same id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/families/families.h"
#include "core/upn.h"

static struct fam_format fmt(enum fam_format_type t, double lo, double hi, size_t max_len)
{
    struct fam_format f;
    memset(&f, 0, sizeof f);
    f.type = t;
    f.lo = lo;
    f.hi = hi;
    f.max_len = max_len;
    return f;
}

static void test_normalise(void **state)
{
    (void)state;
    static const struct {
        enum fam_format_type t;
        const char *in, *out;
    } cases[] = {
        { FF_POSTCODE, "yy434ab", "YY43 4AB" },
        { FF_POSTCODE, " YY43  4AB ", "YY43 4AB" },
        { FF_POSTCODE, "YY9 4AB", "YY9 4AB" },
        { FF_POSTCODE, "yy9A4ab", "YY9A 4AB" },
        { FF_SECTOR, "YY434AB", "YY43 4" },
        { FF_SECTOR, "yy43 4ab", "YY43 4" },
        { FF_NI, "qq 12 34 56 c", "QQ123456C" },
        { FF_UPN, " a201012345678 ", "A201012345678" },
        { FF_FLAG, "t", "1" },
        { FF_FLAG, "N", "0" },
        { FF_FLAG, "maybe", "maybe" },
        { FF_YN, "1", "Y" },
        { FF_YN, "false", "N" },
        { FF_TEXT, "  Zanqui ", "Zanqui" },
        { FF_DECIMAL, "87.5", "87.5" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fam_format f = fmt(cases[i].t, 0, 0, 100);
        struct strbuf sb = STRBUF_INIT;
        fam_value_normalise(&f, cases[i].in, &sb);
        if (strcmp(sb.buf, cases[i].out) != 0)
            fail_msg("case %zu: got [%s], want [%s]", i, sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
    struct fam_format f = fmt(FF_TEXT, 0, 0, 9);
    struct strbuf sb = STRBUF_INIT;
    fam_value_normalise(&f, NULL, &sb);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

static void test_problems(void **state)
{
    (void)state;
    char cm[] = "M", cf[] = "F", cu[] = "U";
    char *codes[] = { cm, cf, cu };
    struct fam_format code = fmt(FF_CODE, 0, 0, 0);
    code.codes = codes;
    code.n_codes = 3;
    static const struct {
        enum fam_format_type t;
        double lo, hi;
        size_t max;
        const char *v;
        const char *why;   /* NULL: fits */
    } cases[] = {
        { FF_TEXT, 0, 0, 5, "Abcde", NULL },
        { FF_TEXT, 0, 0, 5, "Abcdef", "longer" },
        { FF_TEXT, 0, 0, 5, "Zo\xc3\xab", NULL },          /* 3 characters, 4 bytes */
        { FF_TEXT, 0, 0, 5, "a\tb", "control" },
        { FF_TEXT, 0, 0, 9, "\xff\xfe", "UTF-8" },
        { FF_DATE, 0, 0, 0, "2025-03-31", NULL },
        { FF_DATE, 0, 0, 0, "2025-02-30", "not a date" },
        { FF_DATE, 0, 0, 0, "31/03/2025", "not a date" },
        { FF_INT, 0, 99, 0, "0", NULL },
        { FF_INT, 0, 99, 0, "99", NULL },
        { FF_INT, 0, 99, 0, "100", "range" },
        { FF_INT, 0, 99, 0, "-1", "range" },
        { FF_INT, 0, 99, 0, "1.5", "whole number" },
        { FF_DECIMAL, 0, 100, 0, "100.0", NULL },
        { FF_DECIMAL, 0, 100, 0, "140.5", "range" },
        { FF_DECIMAL, 0, 100, 0, "87.", "not a number" },
        { FF_DECIMAL, 0, 100, 0, "1e2", "not a number" },
        { FF_FLAG, 0, 0, 0, "1", NULL },
        { FF_FLAG, 0, 0, 0, "Y", "1 or 0" },
        { FF_YN, 0, 0, 0, "N", NULL },
        { FF_POSTCODE, 0, 0, 0, "YY43 4AB", NULL },
        { FF_POSTCODE, 0, 0, 0, "A9 9AA", NULL },
        { FF_POSTCODE, 0, 0, 0, "YY434AB", "postcode" },
        { FF_POSTCODE, 0, 0, 0, "YY43 4", "postcode" },
        { FF_SECTOR, 0, 0, 0, "YY43 4", NULL },
        { FF_SECTOR, 0, 0, 0, "YY43 4AB", "sector" },
        { FF_NI, 0, 0, 0, "QQ123456C", NULL },
        { FF_NI, 0, 0, 0, "QQ123456", NULL },
        { FF_NI, 0, 0, 0, "QQ123456E", "National Insurance" },
        { FF_NI, 0, 0, 0, "Q1234567C", "National Insurance" },
        { FF_UPN, 0, 0, 0, "X", "UPN" },
        { FF_LIST, 1, 10, 0, "1;4;10", NULL },
        { FF_LIST, 1, 10, 0, "7", NULL },
        { FF_LIST, 1, 10, 0, "1;11", "outside" },
        { FF_LIST, 1, 10, 0, "4;1", "out of order" },
        { FF_LIST, 1, 10, 0, "4;4", "twice" },
        { FF_LIST, 1, 10, 0, "1;;2", "separated" },
        { FF_LIST, 1, 10, 0, "1,2", "separated" },
        { FF_PSEUDONYM, 0, 0, 0, "0123456789ABCDEFGHJK", NULL },
        { FF_PSEUDONYM, 0, 0, 0, "0123456789ABCDEFGHJI", "pseudonym" },
        { FF_PSEUDONYM, 0, 0, 0, "C0000001", "pseudonym" },
        { FF_PERIOD, 0, 0, 0, "2025-03", NULL },
        { FF_PERIOD, 0, 0, 0, "2025-13", "period" },
        { FF_TEXT, 0, 0, 1, "", NULL },                     /* empty is the caller's (required) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fam_format f = fmt(cases[i].t, cases[i].lo, cases[i].hi, cases[i].max);
        const char *why = fam_value_problem(&f, cases[i].v);
        if (!cases[i].why && why)
            fail_msg("case %zu: rejected: %s", i, why);
        if (cases[i].why && (!why || !strstr(why, cases[i].why)))
            fail_msg("case %zu: want '%s', got '%s'", i, cases[i].why, why ? why : "(fits)");
    }
    assert_null(fam_value_problem(&code, "F"));
    assert_non_null(fam_value_problem(&code, "X"));
    assert_non_null(fam_value_problem(&code, "f"));

    /* A valid UPN from the generator's own maker. */
    char upn[14];
    upn_make(upn, 201, 50001234UL, '\0');
    struct fam_format u = fmt(FF_UPN, 0, 0, 0);
    assert_null(fam_value_problem(&u, upn));
    upn[0] = upn[0] == 'A' ? 'B' : 'A';
    assert_non_null(fam_value_problem(&u, upn));
}

static void test_periods(void **state)
{
    (void)state;
    struct families_period p;
    char err[256], b[11];

    assert_int_equal(families_period_parse("2025-03", 3, &p, err, sizeof err), 0);
    assert_string_equal(date_format_iso(p.start, b), "2025-01-01");
    assert_string_equal(date_format_iso(p.end, b), "2025-03-31");
    assert_string_equal(p.label, "2025-03");
    assert_int_equal(families_period_parse("2024-12", 3, &p, err, sizeof err), 0);
    assert_string_equal(date_format_iso(p.start, b), "2024-10-01");
    assert_string_equal(date_format_iso(p.end, b), "2024-12-31");
    assert_int_equal(families_period_parse("2024-06", 6, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "March and September"));
    assert_int_equal(families_period_parse("2024-09", 6, &p, err, sizeof err), 0);
    assert_string_equal(date_format_iso(p.start, b), "2024-04-01");
    assert_int_equal(families_period_parse("2025-03", 12, &p, err, sizeof err), 0);
    assert_string_equal(date_format_iso(p.start, b), "2024-04-01");
    assert_int_equal(families_period_parse("2024-02", 1, &p, err, sizeof err), 0);
    assert_string_equal(date_format_iso(p.end, b), "2024-02-29");
    assert_int_equal(families_period_parse("2025-02", 3, &p, err, sizeof err), -1);
    static const char *const bad[] = { "2025-3", "2025/03", "25-03", "2025-00", "2025-13", "2025-03x", "", "abcd-ef" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (families_period_parse(bad[i], 3, &p, err, sizeof err) == 0)
            fail_msg("'%s' accepted", bad[i]);

    families_period_previous(date_from_ymd(2025, 4, 1), 3, &p);
    assert_string_equal(p.label, "2025-03");
    families_period_previous(date_from_ymd(2025, 3, 31), 3, &p);
    assert_string_equal(p.label, "2024-12");
    families_period_previous(date_from_ymd(2025, 1, 15), 6, &p);
    assert_string_equal(p.label, "2024-09");
    families_period_previous(date_from_ymd(2025, 1, 15), 12, &p);
    assert_string_equal(p.label, "2024-03");
}

static void key_from(struct pseudo_key *k, const char *var, const char *hex)
{
    char err[256];
    setenv(var, hex, 1);
    if (pseudo_key_load_env(k, var, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static void test_pseudonyms_stable_per_key(void **state)
{
    (void)state;
    struct pseudo_key a, a2, b;
    char p1[PSEUDONYM_LEN + 1], p2[PSEUDONYM_LEN + 1], p3[PSEUDONYM_LEN + 1], p4[PSEUDONYM_LEN + 1];
    struct fam_format f = fmt(FF_PSEUDONYM, 0, 0, 0);

    key_from(&a, "SR_TEST_KEY_A", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    key_from(&a2, "SR_TEST_KEY_A2", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    key_from(&b, "SR_TEST_KEY_B", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
    assert_string_equal(a.fingerprint, a2.fingerprint);
    assert_string_not_equal(a.fingerprint, b.fingerprint);

    /* The same person under the same key (loaded twice: two runs, two
     * periods) gets the same key; ids are normalised first. */
    assert_int_equal(pseudonymise(&a, "person", "F0000001", p1), 0);
    assert_int_equal(pseudonymise(&a2, "person", " f0000001 ", p2), 0);
    assert_string_equal(p1, p2);
    assert_null(fam_value_problem(&f, p1));
    /* Another key: another pseudonym. */
    assert_int_equal(pseudonymise(&b, "person", "F0000001", p3), 0);
    assert_string_not_equal(p1, p3);
    /* A family and a person with the same id are not linkable. */
    assert_int_equal(pseudonymise(&a, "family", "F0000001", p4), 0);
    assert_string_not_equal(p1, p4);
    /* Distinct people, distinct keys (100 bits: no collision in practice). */
    for (int i = 0; i < 1000; i++) {
        char id[16], q[PSEUDONYM_LEN + 1];
        snprintf(id, sizeof id, "F%07d", i + 2);
        assert_int_equal(pseudonymise(&a, "person", id, q), 0);
        assert_string_not_equal(q, p1);
        assert_null(strstr(q, "F000"));
    }
    pseudo_key_release(&a);
    pseudo_key_release(&a2);
    pseudo_key_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_pseudonyms_stable_per_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
