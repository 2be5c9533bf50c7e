/*
 * Tests of the CSC API code checks (src/returns/cscapi/csc_codes.c): each
 * coded field mapped to its DfE list.
 *
 * For every field checked, a record with a good code gives no finding and
 * one with a code of the right length but on no list gives exactly one,
 * at the field's JSON path, with a message naming the list and never the
 * value.  Blank, null and absent values, and fields that no shipped list
 * covers, give none.  The collection year matters where a list changed
 * (SSDA903 PLACE: Z1 until 2024-25, Z11 to Z14 from 2025-26), and a year
 * outside the shipped specification uses its nearest year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/json_value.h"
#include "returns/cscapi/csc_codes.h"

/* "path<TAB>message<NL>" for each finding. */
static void collect(void *ctx, const char *path, const char *problem)
{
    strbuf_addf(ctx, "%s\t%s\n", path, problem);
}

/* The findings of one record (JSON text) under the lists of year. */
static void findings_of(int year, const char *json, struct strbuf *out)
{
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    struct csc_codes *c = csc_codes_load(year, &err);
    if (!c)
        fail_msg("code lists: %s", err.buf);
    const struct jv *rec = jv_parse(&a, json, strlen(json), &err);
    if (!rec)
        fail_msg("test record: %s", err.buf);
    size_t n = csc_codes_check_record(c, rec, "[0]", collect, out);
    size_t lines = 0;
    for (const char *p = out->buf; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(n, lines);
    csc_codes_free(c);
    strbuf_release(&err);
    arena_release(&a);
}

/* A record with value at one place (FIELD stands for the value in tmpl). */
static void record_with(struct strbuf *out, const char *tmpl, const char *value)
{
    const char *at = strstr(tmpl, "FIELD");
    assert_non_null(at);
    strbuf_add(out, tmpl, (size_t)(at - tmpl));
    strbuf_addstr(out, value);
    strbuf_addstr(out, at + 5);
}

#define EPISODE(inner) "{\"la_child_id\":\"C1\",\"social_care_episodes\":[{\"social_care_episode_id\":\"E1\"}," \
                       "{\"social_care_episode_id\":\"E2\"," inner "}]}"
#define PLACEMENT(inner) EPISODE("\"child_looked_after_placements\":[{\"child_looked_after_placement_id\":\"P1\"}," \
                                 "{\"child_looked_after_placement_id\":\"P2\"," inner "}]")

static const struct field_case {
    const char *tmpl;        /* the record; FIELD is the value */
    const char *good, *bad;  /* JSON values: a code on the list, one of the same length on none */
    const char *path;        /* where the bad one is reported */
    const char *list;        /* what the message names */
} cases[] = {
    { "{\"la_child_id\":\"C1\",\"child_details\":{\"sex\":FIELD}}", "\"F\"", "\"X\"",
      "[0].child_details.sex", "CIN census Sex list" },
    { "{\"la_child_id\":\"C1\",\"child_details\":{\"ethnicity\":FIELD}}", "\"MWAS\"", "\"WXYZ\"",
      "[0].child_details.ethnicity", "CIN census Ethnicity list" },
    { "{\"la_child_id\":\"C1\",\"child_details\":{\"disabilities\":[\"MOB\",FIELD]}}", "\"AUT\"", "\"AUX\"",
      "[0].child_details.disabilities[1]", "CIN census Disability list" },
    { EPISODE("\"referral_source\":FIELD"), "\"5D\"", "\"1E\"",
      "[0].social_care_episodes[1].referral_source", "CIN census ReferralSource list" },
    { EPISODE("\"closure_reason\":FIELD"), "\"RC9\"", "\"RC0\"",
      "[0].social_care_episodes[1].closure_reason", "CIN census ReasonForClosure list" },
    { EPISODE("\"child_and_family_assessments\":[{\"child_and_family_assessment_id\":\"A1\","
              "\"factors\":[\"1A\",\"24A\",FIELD]}]"), "\"21\"", "\"8A\"",
      "[0].social_care_episodes[1].child_and_family_assessments[0].factors[2]", "CIN census AssessmentFactors list" },
    { PLACEMENT("\"start_reason\":FIELD"), "\"B\"", "\"Q\"",
      "[0].social_care_episodes[1].child_looked_after_placements[1].start_reason", "SSDA903 RNE list" },
    { PLACEMENT("\"placement_type\":FIELD"), "\"K2\"", "\"ZZZ\"",
      "[0].social_care_episodes[1].child_looked_after_placements[1].placement_type", "SSDA903 PLACE list" },
    { PLACEMENT("\"end_reason\":FIELD"), "\"E4A\"", "\"E4C\"",
      "[0].social_care_episodes[1].child_looked_after_placements[1].end_reason", "SSDA903 REC list" },
    { PLACEMENT("\"change_reason\":FIELD"), "\"CUSTOD\"", "\"CUSTOM\"",
      "[0].social_care_episodes[1].child_looked_after_placements[1].change_reason",
      "SSDA903 REASON_PLACE_CHANGE list" },
};

static void test_each_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct field_case *k = &cases[i];
        struct strbuf rec = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;

        record_with(&rec, k->tmpl, k->good);
        findings_of(2025, rec.buf, &got);
        if (got.len)
            fail_msg("%s: a good code gives findings:\n%s", k->path, got.buf);

        strbuf_reset(&rec);
        record_with(&rec, k->tmpl, k->bad);
        findings_of(2025, rec.buf, &got);
        strbuf_addf(&want, "%s\tnot a code of the %s (2024-25)\n", k->path, k->list);
        if (strcmp(got.buf, want.buf))
            fail_msg("%s: a bad code gives\n%sinstead of\n%s", k->path, got.buf, want.buf);
        /* never the value: the bad code, without its quotes */
        char value[16];
        snprintf(value, sizeof value, "%.*s", (int)strlen(k->bad) - 2, k->bad + 1);
        assert_null(strstr(got.buf, value));

        /* null, blank: nothing (a null is the schema's to refuse) */
        strbuf_reset(&got);
        strbuf_reset(&rec);
        record_with(&rec, k->tmpl, "null");
        findings_of(2025, rec.buf, &got);
        strbuf_reset(&rec);
        record_with(&rec, k->tmpl, "\"\"");
        findings_of(2025, rec.buf, &got);
        if (got.len)
            fail_msg("%s: a null or blank value gives findings:\n%s", k->path, got.buf);
        strbuf_release(&rec);
        strbuf_release(&got);
        strbuf_release(&want);
    }
}

/* Every bad code of one record is reported, each at its own path. */
static void test_several(void **state)
{
    (void)state;
    struct strbuf got = STRBUF_INIT;
    findings_of(2025,
                "{\"la_child_id\":\"C1\",\"child_details\":{\"sex\":\"M\",\"ethnicity\":\"WBRI\","
                "\"disabilities\":[\"NONE\"]},\"social_care_episodes\":[{\"social_care_episode_id\":\"E1\","
                "\"referral_source\":\"10\",\"child_looked_after_placements\":["
                "{\"child_looked_after_placement_id\":\"P1\",\"placement_type\":\"ZZZ\",\"start_reason\":\"S\","
                "\"end_reason\":\"X1\",\"change_reason\":\"CARPL\"},"
                "{\"child_looked_after_placement_id\":\"P2\",\"placement_type\":\"QQ\",\"start_reason\":\"L\"}]}]}",
                &got);
    assert_string_equal(got.buf,
                        "[0].social_care_episodes[0].child_looked_after_placements[0].placement_type\t"
                        "not a code of the SSDA903 PLACE list (2024-25)\n"
                        "[0].social_care_episodes[0].child_looked_after_placements[1].placement_type\t"
                        "not a code of the SSDA903 PLACE list (2024-25)\n");
    strbuf_release(&got);
}

/* Fields no shipped list covers, and values of a type the schema refuses,
 * are not ours to report. */
static void test_left_alone(void **state)
{
    (void)state;
    struct strbuf got = STRBUF_INIT;
    findings_of(2025,
                "{\"la_child_id\":\"C1\",\"child_details\":{\"unique_pupil_number_unknown_reason\":\"UN10\","
                "\"sex\":7,\"disabilities\":\"AUX\"},\"social_care_episodes\":[{\"social_care_episode_id\":\"E1\","
                "\"referral_source\":[\"1E\"],\"care_leavers\":{\"activity\":\"QQ\",\"accommodation\":\"Q\"},"
                "\"child_looked_after_placements\":[7,{\"placement_type\":{}}]}]}",
                &got);
    assert_string_equal(got.buf, "");
    findings_of(2025, "[{\"placement_type\":\"ZZZ\"}]", &got);
    assert_string_equal(got.buf, "");
    strbuf_release(&got);
}

/* The year's list: Z1 is a placement type until 2024-25, Z11 after. */
static void test_year(void **state)
{
    (void)state;
    const char *z1 = PLACEMENT("\"placement_type\":\"Z1\"");
    const char *z11 = PLACEMENT("\"placement_type\":\"Z11\"");
    struct strbuf got = STRBUF_INIT;

    findings_of(2025, z1, &got);
    assert_string_equal(got.buf, "");
    findings_of(2025, z11, &got);
    assert_non_null(strstr(got.buf, "SSDA903 PLACE list (2024-25)"));
    strbuf_reset(&got);
    findings_of(2026, z11, &got);
    assert_string_equal(got.buf, "");
    findings_of(2026, z1, &got);
    assert_non_null(strstr(got.buf, "SSDA903 PLACE list (2025-26)"));
    strbuf_reset(&got);

    /* before the first year of the shipped lists: the first; after the
     * last: the latest */
    struct strbuf err = STRBUF_INIT;
    struct csc_codes *c = csc_codes_load(2019, &err);
    assert_non_null(c);
    assert_int_equal(csc_codes_year(c), 2025);
    csc_codes_free(c);
    c = csc_codes_load(2099, &err);
    assert_non_null(c);
    assert_true(csc_codes_year(c) >= 2027);
    csc_codes_free(c);
    strbuf_release(&err);

    /* the run date's collection year: 1 April starts the next */
    assert_int_equal(csc_codes_year_of(date_parse_iso("2025-03-31")), 2025);
    assert_int_equal(csc_codes_year_of(date_parse_iso("2025-04-01")), 2026);
    strbuf_release(&got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_field),
        cmocka_unit_test(test_several),
        cmocka_unit_test(test_left_alone),
        cmocka_unit_test(test_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
