/*
 * Tests of the machinery the synthetic-data generators share (src/synth/):
 * the random numbers, the COPY writer, ids and names, dates and options.
 *
 * The SQL `statreturn synth` writes depends on every draw, so the random
 * numbers are pinned by known answers: values computed with the generators'
 * code as it stood before it moved here (splitmix64 from 0 is also the
 * published reference sequence).  A change to any of them changes every
 * fixture made with synth.  COPY escaping is tested from a table, and the
 * sink's output is read back from an open_memstream().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/upn.h"
#include "synth/dates.h"
#include "synth/ids.h"
#include "synth/options.h"
#include "synth/rng.h"
#include "synth/sink.h"

/* ---- random numbers ------------------------------------------------------- */

static void test_splitmix64_reference(void **state)
{
    (void)state;
    uint64_t x = 0;
    assert_true(rng_splitmix64(&x) == 0xe220a8397b1dcdafULL);
    assert_true(rng_splitmix64(&x) == 0x6e789e6aa1b965f4ULL);
}

static void test_rng_known_answers(void **state)
{
    (void)state;
    assert_true(rng_key(0, 0, 0) == 0x238275bc38fcbe91ULL);
    assert_true(rng_key(7, 1, 12345) == 0x60c1c128d85c3748ULL);

    struct rng r;
    rng_seed(&r, 42, 1, 7);
    assert_true(rng_next(&r) == 0x557707947cf7cbe6ULL);
    assert_true(rng_next(&r) == 0xa5eb712d477e7e99ULL);
    assert_true(rng_next(&r) == 0x82abc89fb21a1c35ULL);

    static const uint32_t below[] = { 333, 648, 510, 446, 583 };
    rng_seed(&r, 42, 1, 7);
    for (size_t i = 0; i < sizeof below / sizeof below[0]; i++)
        assert_int_equal(rng_below(&r, 1000), below[i]);

    struct rng_sm f;
    rng_sm_seed_key(&f, 12345);
    assert_true(rng_sm_next(&f) == 0x22118258a9d111a0ULL);
    assert_true(rng_sm_next(&f) == 0x346edce5f713f8edULL);
    static const uint32_t sm_below[] = { 944, 597, 405, 450, 363 };
    rng_sm_seed_key(&f, 12345);
    for (size_t i = 0; i < sizeof sm_below / sizeof sm_below[0]; i++)
        assert_int_equal(rng_sm_below(&f, 1000), sm_below[i]);
}

/* A stream depends on (seed, stream, index) alone: regenerating it gives
 * the same draws whatever was drawn in between, and changing any of the
 * three gives other draws. */
static void test_rng_streams(void **state)
{
    (void)state;
    uint64_t first[8];
    struct rng r, other;
    rng_seed(&r, 9, 3, 1000);
    for (int i = 0; i < 8; i++)
        first[i] = rng_next(&r);

    rng_seed(&other, 9, 3, 1001);
    for (int i = 0; i < 100; i++)
        (void)rng_next(&other);
    rng_seed(&r, 9, 3, 1000);
    for (int i = 0; i < 8; i++)
        assert_true(rng_next(&r) == first[i]);

    static const uint64_t variants[][3] = { { 10, 3, 1000 }, { 9, 4, 1000 }, { 9, 3, 1001 }, { 9, 3, 0 } };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        rng_seed(&other, variants[v][0], variants[v][1], variants[v][2]);
        bool same = true;
        for (int i = 0; i < 8; i++)
            same &= rng_next(&other) == first[i];
        assert_false(same);
    }
}

static void test_rng_bounds(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 1, 2, 3);
    static const uint32_t ns[] = { 1, 2, 7, 1000, UINT32_MAX };
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
        for (int i = 0; i < 10000; i++)
            assert_true(rng_below(&r, ns[k]) < ns[k]);
    assert_int_equal(rng_below(&r, 0), 0);

    bool seen_lo = false, seen_hi = false;
    for (int i = 0; i < 10000; i++) {
        int v = rng_range(&r, -3, 4);
        assert_true(v >= -3 && v <= 4);
        seen_lo |= v == -3;
        seen_hi |= v == 4;
    }
    assert_true(seen_lo && seen_hi);

    /* An empty or one-value range takes no draw. */
    struct rng before = r;
    assert_int_equal(rng_range(&r, 5, 5), 5);
    assert_int_equal(rng_range(&r, 5, 2), 5);
    assert_memory_equal(&before, &r, sizeof r);

    unsigned yes = 0;
    for (int i = 0; i < 10000; i++)
        yes += rng_pm(&r, 250);
    assert_in_range(yes, 2200, 2800);
    for (int i = 0; i < 1000; i++) {
        assert_false(rng_pm(&r, 0));
        assert_true(rng_pm(&r, 1000));
    }

    struct rng_sm f;
    rng_sm_seed_key(&f, 77);
    for (int i = 0; i < 10000; i++) {
        int v = rng_sm_range(&f, 10, 12);
        assert_true(v >= 10 && v <= 12);
        sr_date d = rng_sm_date(&f, 100, 130);
        assert_true(d >= 100 && d <= 130);
    }
    struct rng_sm f_before = f;
    assert_int_equal(rng_sm_below(&f, 0), 0);          /* no draw */
    assert_int_equal(rng_sm_date(&f, 50, 50), 50);     /* no draw */
    assert_memory_equal(&f_before, &f, sizeof f);
}

struct coded {
    const char *code;
    uint16_t weight;
};

static void test_rng_weighted(void **state)
{
    (void)state;
    static const uint16_t w[] = { 0, 100, 0, 300 };
    unsigned count[4] = { 0 };
    struct rng r;
    rng_seed(&r, 5, 5, 5);
    for (int i = 0; i < 8000; i++)
        count[rng_weighted(&r, w, 4)]++;
    assert_int_equal(count[0], 0);
    assert_int_equal(count[2], 0);
    assert_in_range(count[1], 1700, 2300);   /* a quarter of 8000 */

    struct rng_sm f;
    rng_sm_seed_key(&f, 5);
    unsigned sm_count[4] = { 0 };
    for (int i = 0; i < 8000; i++)
        sm_count[rng_sm_weighted(&f, w, 4)]++;
    assert_int_equal(sm_count[0] + sm_count[2], 0);
    assert_in_range(sm_count[3], 5700, 6300);

    /* Weights inside a table of structs. */
    static const struct coded table[] = { { "A", 0 }, { "B", 1 }, { "C", 0 } };
    for (int i = 0; i < 100; i++)
        assert_string_equal(table[rng_weighted_by(&r, &table[0].weight, 3, sizeof table[0])].code, "B");

    /* The scan itself: v falls in the entry whose share holds it. */
    assert_int_equal(rng_weight_index(w, 4, sizeof w[0], 0), 1);
    assert_int_equal(rng_weight_index(w, 4, sizeof w[0], 99), 1);
    assert_int_equal(rng_weight_index(w, 4, sizeof w[0], 100), 3);
    assert_int_equal(rng_weight_index(w, 4, sizeof w[0], 399), 3);
    assert_int_equal(rng_weights_total(w, 4, sizeof w[0]), 400);
}

/* ---- the COPY writer -------------------------------------------------------- */

struct capture {
    FILE *f;
    char *text;
    size_t len;
    struct synth_sink s;
};

static void capture_start(struct capture *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    assert_non_null(c->f);
    sink_init(&c->s, c->f);
}

/* Closes the sink and the stream; c->text holds what was written. */
static void capture_end(struct capture *c)
{
    char err[64] = "";
    assert_int_equal(sink_close(&c->s, err, sizeof err), 0);
    assert_int_equal(fclose(c->f), 0);
}

static void test_copy_escaping(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "plain", "plain" },
        { "", "" },
        { NULL, "\\N" },
        { "back\\slash", "back\\\\slash" },
        { "tab\there", "tab\\there" },
        { "new\nline", "new\\nline" },
        { "carriage\rreturn", "carriage\\rreturn" },
        { "\\N", "\\\\N" },                        /* the text \N is not NULL */
        { "\t\n\\\r", "\\t\\n\\\\\\r" },
        { "Zoë \"quoted\" {json}", "Zoë \"quoted\" {json}" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct capture c;
        capture_start(&c);
        col_text(&c.s, cases[i].in);
        capture_end(&c);
        if (strcmp(c.text, cases[i].out) != 0)
            fail_msg("case %zu: wrote \"%s\", expected \"%s\"", i, c.text, cases[i].out);
        free(c.text);
    }
}

static void test_columns_and_rows(void **state)
{
    (void)state;
    struct capture c;
    capture_start(&c);
    sink_str(&c.s, "COPY t (a, b, c, d, e, f, g, h) FROM stdin;\n");
    col_text(&c.s, "a b");
    col_null(&c.s);
    col_date(&c.s, date_from_ymd(2025, 3, 31));
    col_date(&c.s, SR_DATE_NONE);
    col_flag(&c.s, true);
    col_flag(&c.s, false);
    col_char(&c.s, 'M');
    col_char(&c.s, '\0');
    row_end(&c.s);
    col_ulong(&c.s, 0);
    col_ulong(&c.s, ULONG_MAX);
    col_sep(&c.s);
    sink_put(&c.s, "{\"k\": 1}", 8);
    row_end(&c.s);
    sink_str(&c.s, "\\.\n");
    capture_end(&c);
    char expect[256];
    snprintf(expect, sizeof expect,
             "COPY t (a, b, c, d, e, f, g, h) FROM stdin;\n"
             "a b\t\\N\t2025-03-31\t\\N\tY\tN\tM\t\\N\n"
             "0\t%lu\t{\"k\": 1}\n"
             "\\.\n", ULONG_MAX);
    assert_string_equal(c.text, expect);
    free(c.text);
}

/* Output larger than the buffer, in pieces small and large, comes out
 * whole and in order. */
static void test_large_output_in_order(void **state)
{
    (void)state;
    size_t big = 3 * SYNTH_SINK_CAP + 17;
    char *blob = malloc(big);
    assert_non_null(blob);
    for (size_t i = 0; i < big; i++)
        blob[i] = (char)('a' + i % 26);
    struct capture c;
    capture_start(&c);
    for (int i = 0; i < 5000; i++)
        sink_put(&c.s, "0123456789", 10);
    sink_put(&c.s, blob, big);
    sink_put(&c.s, "end", 3);
    capture_end(&c);
    assert_int_equal(c.len, 50000 + big + 3);
    for (size_t i = 0; i < 50000; i++)
        assert_int_equal(c.text[i], (char)('0' + i % 10));
    assert_memory_equal(c.text + 50000, blob, big);
    assert_memory_equal(c.text + 50000 + big, "end", 3);
    free(c.text);
    free(blob);
}

/* A full disk is noticed when the buffer is written out, or only by the
 * final flush; either way sink_close says so. */
static void test_write_failure_reported(void **state)
{
    static const struct { int columns; bool failed_before_close; } cases[] = {
        { 100000, true },
        { 1, false },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *full = fopen("/dev/full", "w");
        if (!full)
            skip();
        struct synth_sink s;
        sink_init(&s, full);
        for (int k = 0; k < cases[i].columns; k++)
            col_text(&s, "some text");
        assert_int_equal(s.failed, cases[i].failed_before_close);
        char err[64] = "";
        assert_int_equal(sink_close(&s, err, sizeof err), -1);
        assert_non_null(strstr(err, "write failed"));
        fclose(full);
    }
}

/* ---- ids, names, dates, options ---------------------------------------------- */

static void test_ids(void **state)
{
    static const struct { const char *prefix; unsigned long n; int width; const char *id; } cases[] = {
        { "C", 1, 7, "C0000001" },
        { "FAM", 12345678, 7, "FAM12345678" },
        { "LK", 9999999, 7, "LK9999999" },
        { "X", 0, 0, "X0" },
        { "", 42, 4, "0042" },
        { "P", 5, 30, "P00000000000000000005" },     /* padded to 20 digits at most */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[40];
        size_t len = synth_id(out, cases[i].prefix, cases[i].n, cases[i].width);
        assert_string_equal(out, cases[i].id);
        assert_int_equal(len, strlen(cases[i].id));
    }
    char b[8] = "#######";
    synth_put_digits(b, 1234567, 3);             /* the lowest digits, no NUL */
    assert_memory_equal(b, "567####", 7);

    char nhs[11];
    synth_nhs_like(nhs, 1234567890123ULL);
    assert_string_equal(nhs, "9997890123");
    synth_nhs_like(nhs, 5);
    assert_string_equal(nhs, "9990000005");

    char team[7];
    synth_team_code(team, 7);
    assert_string_equal(team, "TEAM07");
    synth_team_code(team, 14);
    assert_string_equal(team, "TEAM14");
}

static void test_wrong_check_letter(void **state)
{
    (void)state;
    for (unsigned long serial = 0; serial < 200; serial++) {
        char upn[14], bad[14];
        upn_make(upn, 201, serial * 7919, '\0');
        assert_true(upn_valid(upn, 2025));
        memcpy(bad, upn, sizeof bad);
        synth_upn_wrong_check_letter(bad);
        assert_false(upn_valid(bad, 2025));
        assert_memory_equal(bad + 1, upn + 1, 13);    /* only the letter changes */
    }
    char z[14] = "Z201000000011";
    synth_upn_wrong_check_letter(z);
    assert_int_equal(z[0], 'A');                         /* wraps round */
}

static void test_names(void **state)
{
    (void)state;
    static const char *const list[] = { "ab", "cd", "ef" };
    static const struct synth_syllables syl = { list, 3 };
    struct rng r, again;
    rng_seed(&r, 3, 3, 3);
    again = r;
    char a[32], b[32];
    synth_name(a, sizeof a, &syl, &r, 3);
    synth_name(b, sizeof b, &syl, &again, 3);
    assert_string_equal(a, b);                  /* same stream, same name */
    assert_int_equal(strlen(a), 6);
    assert_true(a[0] >= 'A' && a[0] <= 'Z');
    for (size_t i = 1; i < 6; i++)
        assert_true(a[i] >= 'a' && a[i] <= 'f');

    /* Too small: whole syllables only, always terminated. */
    char small[5];
    synth_name(small, sizeof small, &syl, &r, 3);
    assert_int_equal(strlen(small), 4);

    struct rng_sm f;
    rng_sm_seed_key(&f, 1);
    synth_name_sm(a, sizeof a, &syl, &f, 2);
    assert_int_equal(strlen(a), 4);
    assert_true(a[0] >= 'A' && a[0] <= 'Z');
}

static void test_dates(void **state)
{
    (void)state;
    const sr_date none = SR_DATE_NONE;
    assert_int_equal(synth_dmax(none, 10), 10);
    assert_int_equal(synth_dmax(10, none), 10);
    assert_int_equal(synth_dmax(3, 10), 10);
    assert_int_equal(synth_dmin(none, 10), 10);
    assert_int_equal(synth_dmin(10, none), 10);
    assert_int_equal(synth_dmin(3, 10), 3);
    assert_int_equal(synth_dmax(none, none), none);

    /* Born by 31 August: reception the September after the 4th birthday. */
    assert_int_equal(synth_reception_start(date_from_ymd(2019, 8, 31)), date_from_ymd(2023, 9, 1));
    assert_int_equal(synth_reception_start(date_from_ymd(2019, 9, 1)), date_from_ymd(2024, 9, 1));
    assert_int_equal(synth_reception_start(date_from_ymd(2020, 1, 15)), date_from_ymd(2024, 9, 1));

    assert_int_equal(synth_extract_date(2025), date_from_ymd(2025, 9, 30));
}

static void test_options(void **state)
{
    static const struct { struct synth_options o; const char *word; } bad[] = {
        { { SYNTH_MAX_CHILDREN + 1, 1, 2025, 201, 0 }, "children" },
        { { 10, 1, 2013, 201, 0 }, "year" },
        { { 10, 1, 2151, 201, 0 }, "year" },
        { { 10, 1, 2025, 999, 0 }, "LA" },
        { { 10, 1, 2025, -1, 0 }, "LA" },
        { { 10, 1, 2025, 201, -0.1 }, "defect" },
        { { 10, 1, 2025, 201, 1.01 }, "defect" },
    };
    (void)state;
    char err[128];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(synth_options_check(&bad[i].o, err, sizeof err), -1);
        if (!strstr(err, bad[i].word))
            fail_msg("case %zu: \"%s\" does not name the %s", i, err, bad[i].word);
    }
    struct synth_options good = { SYNTH_MAX_CHILDREN, 1, 2025, 201, 1.0 };
    assert_int_equal(synth_options_check(&good, err, sizeof err), 0);

    assert_true(synth_defect_threshold(0.0) == 0);
    assert_true(synth_defect_threshold(0.5) == UINT64_C(1) << 52);
    assert_true(synth_defect_threshold(1.0) == UINT64_C(1) << 53);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix64_reference),
        cmocka_unit_test(test_rng_known_answers),
        cmocka_unit_test(test_rng_streams),
        cmocka_unit_test(test_rng_bounds),
        cmocka_unit_test(test_rng_weighted),
        cmocka_unit_test(test_copy_escaping),
        cmocka_unit_test(test_columns_and_rows),
        cmocka_unit_test(test_large_output_in_order),
        cmocka_unit_test(test_write_failure_reported),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_wrong_check_letter),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests_name("synth_core", tests, NULL, NULL);
}
