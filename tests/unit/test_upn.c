/*
 * Tests of Unique Pupil Number checks (src/core/upn.c, include/core/upn.h).
 *
 * The check-letter vectors were computed by hand from the DfE UPN guide:
 * sum of character value x position for positions 2 to 13, modulo 23,
 * mapped onto A..Z without I, O and S; a temporary UPN's letter in
 * position 13 counts as its index in that same table (A = 0, B = 1, ...).
 * Each part of rules 1510-1550 is tested on its own from a table, and
 * upn_make is checked to produce valid UPNs for many serials and for every
 * temporary letter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/upn.h"

static const char check_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static void test_check_letter_vectors(void **state)
{
    static const struct { const char *upn; char letter; bool ok; } cases[] = {
        { "L201000000011", 'L', true },
        { "F845123456780", 'F', true },
        { "M20112345678A", 'M', true },   /* temporary: letter in position 13 */
        { "P207000016049", 'P', true },
        { "A123456789123", 'P', false },  /* the check letter should be P */
        { "X98765432123B", 'F', false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got = upn_check_letter(cases[i].upn);
        if (got != cases[i].letter)
            fail_msg("%s: check letter '%c', expected '%c'", cases[i].upn, got ? got : '0', cases[i].letter);
        assert_int_equal(upn_check_letter_ok(cases[i].upn), cases[i].ok);
    }
    /* a non-digit in positions 2-12, or I/O/S at 13: no check letter */
    assert_int_equal(upn_check_letter("L2010000X0011"), '\0');
    assert_int_equal(upn_check_letter("L20100000001I"), '\0');
    assert_int_equal(upn_check_letter("L20100000001O"), '\0');
    assert_int_equal(upn_check_letter("L20100000001S"), '\0');
    assert_false(upn_check_letter_ok("L2010000X0011"));
}

static void test_upn_valid_table(void **state)
{
    static const struct { const char *upn; int year; bool valid; } cases[] = {
        { "L201000000011", 2025, true },
        { "F845123456780", 2025, true },
        { "M20112345678A", 2025, true },
        { "P207000016049", 2025, true },
        { "A123456789123", 2025, false },  /* check letter; LA 123 too */
        { "X98765432123B", 2025, false },
        { "L20100000001", 2025, false },   /* 12 characters */
        { "L2010000000110", 2025, false }, /* 14 characters */
        { "", 2025, false },
        { NULL, 2025, false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (upn_valid(cases[i].upn, cases[i].year) != cases[i].valid)
            fail_msg("upn_valid(%s, %d) != %d", cases[i].upn ? cases[i].upn : "(null)", cases[i].year,
                     cases[i].valid);
}

static void test_la_code_valid(void **state)
{
    static const struct { const char *code; int year; bool valid; } cases[] = {
        { "201", 2025, true },
        { "201", 2000, true },
        { "845", 2025, true },
        { "941", 2025, true },
        { "942", 2023, false },   /* Cumberland: only from 2023-24 */
        { "942", 2024, true },
        { "942", 2025, true },
        { "943", 2023, false },
        { "943", 2024, true },
        { "944", 2025, false },
        { "999", 2025, false },
        { "123", 2025, false },
        { "000", 2025, false },
        { "001", 2025, true },    /* pseudo-LA codes 001-005 */
        { "005", 2025, true },
        { "006", 2025, false },
        { "214", 2025, false },
        { "20A", 2025, false },
        { "2 1", 2025, false },
        { "", 2025, false },
        { NULL, 2025, false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (upn_la_code_valid(cases[i].code, cases[i].year) != cases[i].valid)
            fail_msg("upn_la_code_valid(%s, %d) != %d", cases[i].code ? cases[i].code : "(null)", cases[i].year,
                     cases[i].valid);

    /* upn_la_ok reads characters 2-4 of a 13-character UPN */
    assert_true(upn_la_ok("L201000000011", 2025));
    assert_false(upn_la_ok("A123456789123", 2025));
    assert_false(upn_la_ok("L20100000001", 2025));
}

static void test_digits_ok(void **state)
{
    static const struct { const char *upn; bool ok; } cases[] = {
        { "L201000000011", true },
        { "M20112345678A", true },     /* position 13 is not checked here */
        { "L2011234567X1", false },    /* position 12 */
        { "L201X23456781", false },    /* position 5 */
        { "L201 23456781", false },
        { "LABC123456781", true },     /* 2-4 are the LA code, rule 1530 */
        { "L20112345678", false },     /* 12 characters */
        { NULL, false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (upn_digits_ok(cases[i].upn) != cases[i].ok)
            fail_msg("upn_digits_ok(%s) != %d", cases[i].upn ? cases[i].upn : "(null)", cases[i].ok);
}

static void test_last_char_ok(void **state)
{
    char upn[14] = "M20112345678?";

    (void)state;
    for (int c = 1; c < 256; c++) {
        bool want = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'S');
        upn[12] = (char)c;
        if (upn_last_char_ok(upn) != want)
            fail_msg("last character 0x%02x: %d, expected %d", c, !want, want);
    }
    assert_false(upn_last_char_ok("M20112345678"));
    assert_false(upn_last_char_ok(NULL));
}

static void test_make_permanent(void **state)
{
    static const int las[] = { 201, 845, 207, 942, 1 };
    char out[14];

    (void)state;
    for (size_t l = 0; l < sizeof las / sizeof las[0]; l++) {
        for (unsigned long serial = 0; serial < 200000UL; serial += 7) {
            char want_la[4];
            upn_make(out, las[l], serial, '\0');
            snprintf(want_la, sizeof want_la, "%03d", las[l]);
            if (strlen(out) != 13 || !upn_valid(out, 2025) || memcmp(out + 1, want_la, 3) != 0
                || out[12] < '0' || out[12] > '9')
                fail_msg("upn_make(%d, %lu) = %s is not a valid permanent UPN", las[l], serial, out);
        }
    }
    /* different serials, different UPNs (synthetic children must not share one) */
    char prev[14];
    upn_make(prev, 201, 0, '\0');
    for (unsigned long serial = 1; serial < 100000UL; serial++) {
        upn_make(out, 201, serial, '\0');
        if (!strcmp(out, prev))
            fail_msg("serials %lu and %lu both give %s", serial - 1, serial, out);
        memcpy(prev, out, sizeof prev);
    }
}

static void test_make_temporary(void **state)
{
    char out[14];

    (void)state;
    for (const char *t = check_alphabet; *t; t++) {
        for (unsigned long serial = 0; serial < 5000UL; serial += 13) {
            upn_make(out, 201, serial, *t);
            if (strlen(out) != 13 || out[12] != *t || !upn_valid(out, 2025))
                fail_msg("upn_make(201, %lu, '%c') = %s is not a valid temporary UPN", serial, *t, out);
        }
    }
    upn_make(out, 201, 12345678UL, 'A');
    assert_string_equal(out, "M20112345678A");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_letter_vectors),
        cmocka_unit_test(test_upn_valid_table),
        cmocka_unit_test(test_la_code_valid),
        cmocka_unit_test(test_digits_ok),
        cmocka_unit_test(test_last_char_ok),
        cmocka_unit_test(test_make_permanent),
        cmocka_unit_test(test_make_temporary),
    };
    return cmocka_run_group_tests_name("upn", tests, NULL, NULL);
}
