/*
 * Tests of the 2026-27 pre-proceedings rules
 * (src/returns/cin/cin_rules_preproceedings.c).
 *
 * Each case starts from a 2026-27 baseline child that passes every rule of
 * the year, changes one or two values of its pre-proceedings group and runs
 * only the rule under test, then checks the number of findings and, where
 * given, the path of the first.  The census period is 2026-04-01 ..
 * 2027-03-31: every date rule has cases on both sides of both ends.
 *
 * Baseline: the fixture's child moved 104 weeks on (rfx_child_shifted,
 * referral 2026-04-29, CP plan from 2026-05-20) with one group in its
 * episode: PPStartDate 2026-06-15, LBPSentDate 2026-06-22, FGDMMeetingOffer
 * 1, FGDMMeetingFac 1, InitialPPMeetingDate 2026-07-06, ReviewMeetingsCount
 * 2, StepDecisionDate 2026-09-28, PPOutcome A, CourtAppDate 2026-10-12,
 * LetterInitCPDate 2026-10-13.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rule_fixture.h"

#define YEAR 2027
#define SHIFT 728           /* 104 weeks: the 2024-25 baseline in 2026-27 */
#define EP1 "Message/Children/Child[1]/CINdetails[1]/"
#define PP1 EP1 "PreProceedingsandFGDM[1]/"
#define PP2 EP1 "PreProceedingsandFGDM[2]/"
#define RETURN_PATH "Message/Children"

#define F(f) offsetof(struct cin_preproceedings, f)
#define NONE_F ((size_t)-1)

static struct cin_value *value_at(struct cin_preproceedings *pp, size_t offset)
{
    return (struct cin_value *)(void *)((char *)pp + offset);
}

static void fill(struct rfx *f, struct cin_preproceedings *pp)
{
    static const struct { size_t field; const char *text; } values[] = {
        { F(lbp_sent), "2026-06-22" }, { F(fgdm_offer), "1" }, { F(fgdm_fac), "1" },
        { F(initial_meeting), "2026-07-06" }, { F(review_count), "2" }, { F(step_decision), "2026-09-28" },
        { F(outcome), "A" }, { F(court_app), "2026-10-12" }, { F(letter_init), "2026-10-13" },
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        rfx_set(f, value_at(pp, values[i].field), values[i].text);
}

static struct cin_child *baseline(struct rfx *f)
{
    struct cin_child *c = rfx_child_shifted(f, SHIFT);
    struct cin_preproceedings *pp = rfx_add_preproceedings(f, &c->episodes[0], "2026-06-15");
    pp->line = 40;
    fill(f, pp);
    return c;
}

static struct cin_preproceedings *pp1(struct cin_child *c)
{
    return &c->episodes[0].preproceedings[0];
}

/* One case: up to two values of the first group changed (text NULL: made
 * absent), then the number of findings and the first one's path. */
struct vcase {
    const char *name;
    size_t field1;
    const char *text1;
    size_t field2;            /* NONE_F: no second change */
    const char *text2;
    size_t expected;
    const char *path;
};

static void run_vcases(const char *code, const struct vcase *cases, size_t n)
{
    struct rfx f;

    rfx_init(&f, YEAR);
    for (size_t i = 0; i < n; i++) {
        const struct vcase *k = &cases[i];
        struct cin_child *c = baseline(&f);
        if (k->field1 != NONE_F)
            rfx_set(&f, value_at(pp1(c), k->field1), k->text1);
        if (k->field2 != NONE_F)
            rfx_set(&f, value_at(pp1(c), k->field2), k->text2);
        size_t got = rfx_run1(&f, code, c);
        if (got != k->expected)
            fail_msg("%s, %s: expected %zu findings, got %zu%s%s", code, k->name, k->expected, got,
                     got ? "; first at " : "", got ? f.findings[0].path : "");
        if (got) {
            assert_string_equal(f.findings[0].code, code);
            assert_int_equal(f.findings[0].episode, 1);
            if (k->path && strcmp(f.findings[0].path, k->path) != 0)
                fail_msg("%s, %s: first finding at %s, expected %s", code, k->name, f.findings[0].path, k->path);
        }
        rfx_reset(&f);
    }
    rfx_release(&f);
}

#define RUN(code, table) run_vcases(code, table, sizeof table / sizeof table[0])
#define ONE(name, fld, text, n, path) { name, F(fld), text, NONE_F, NULL, n, path }
#define TWO(name, f1, t1, f2, t2, n, path) { name, F(f1), t1, F(f2), t2, n, path }
#define BASE { "baseline", NONE_F, NULL, NONE_F, NULL, 0, NULL }

/* ---- the table and the year's rule set ---------------------------------------- */

static void test_table(void **state)
{
    (void)state;
    static const struct { const char *code; enum rule_type type; } want[] = {
        { "8995Q", RULE_QUERY }, { "9000Q", RULE_QUERY }, { "9005", RULE_ERROR }, { "9006", RULE_ERROR },
        { "9007", RULE_ERROR }, { "9008", RULE_ERROR }, { "9009", RULE_ERROR }, { "9010Q", RULE_QUERY },
        { "9011", RULE_ERROR }, { "9012", RULE_ERROR }, { "9013", RULE_ERROR }, { "9015Q", RULE_QUERY },
    };
    size_t n = 0;

    for (const struct cin_rule *r = cin_rules_preproceedings; r->rule.code; r++, n++) {
        if (n >= sizeof want / sizeof want[0])
            fail_msg("unexpected extra rule %s", r->rule.code);
        assert_string_equal(r->rule.code, want[n].code);
        assert_int_equal(r->rule.type, want[n].type);
        assert_string_equal(r->rule.module, "PreProceedings");
        assert_non_null(r->rule.message);
        /* Queries say so in DfE's words. */
        if (r->rule.type == RULE_QUERY)
            assert_non_null(strstr(r->rule.message, "Please check"));
        assert_true(r->check_child || (r->accumulate && r->conclude && r->state_size));
    }
    assert_int_equal(n, sizeof want / sizeof want[0]);
    /* The two LA-level queries look at the whole return, not at a child. */
    assert_null(cin_rules_preproceedings[0].check_child);
    assert_null(cin_rules_preproceedings[1].check_child);
}

/* The rules are 2026-27's: not in 2025-26's set, all in 2026-27's (121 DfE rules). */
static void test_year_layer(void **state)
{
    (void)state;
    struct rule_set rs26, rs27;
    char err[256];
    int first, last;

    assert_int_equal(rule_set_for_year(&rs26, 2026, err, sizeof err), 0);
    assert_int_equal(rule_set_for_year(&rs27, 2027, err, sizeof err), 0);
    assert_int_equal(rs27.n, rs26.n + 12);    /* 109 DfE rules and ours, then the module's 12 */
    for (const struct cin_rule *r = cin_rules_preproceedings; r->rule.code; r++) {
        assert_null(rule_set_find(&rs26, r->rule.code));
        assert_ptr_equal(rule_set_find(&rs27, r->rule.code), r);
    }
    rule_years_supported(&first, &last);
    assert_int_equal(last, 2027);
    rule_set_release(&rs26);
    rule_set_release(&rs27);
}

/* Every rule of 2026-27 about a child passes the baseline child, and so do
 * the module's LA-level queries (the other LA-level rules judge a whole
 * council's return: one child cannot pass 2887Q). */
static void test_baseline_passes(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, YEAR);
    struct cin_child *c = baseline(&f);
    for (size_t i = 0; i < f.rules.n; i++) {
        const struct cin_rule *r = f.rules.rules[i];
        const char *code = r->rule.code;
        if (!r->check_child && !r->check_header && strncmp(code, "8995", 4) && strncmp(code, "9000", 4))
            continue;
        if (rfx_run1(&f, code, c))
            fail_msg("baseline fails %s at %s", code, f.findings[0].path);
    }
    rfx_release(&f);
}

/* ---- dates (9005, 9006, 9008, 9009, 9012, 9013) --------------------------------- */

static void test_9005(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("day before the period", pp_start, "2026-03-31", 1, PP1 "PPStartDate"),
        ONE("first day of the period", pp_start, "2026-04-01", 0, NULL),
        ONE("last day of the period", pp_start, "2027-03-31", 0, NULL),
        ONE("day after the period", pp_start, "2027-04-01", 1, PP1 "PPStartDate"),
        ONE("absent (9000Q's business)", pp_start, NULL, 0, NULL),
        ONE("not a date (the schema's business)", pp_start, "2026-02-30", 0, NULL),
    };
    RUN("9005", cases);
}

static void test_9006(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("sent on the day of the decision", lbp_sent, "2026-06-15", 0, NULL),
        ONE("sent the day before the decision", lbp_sent, "2026-06-14", 1, PP1 "LBPSentDate"),
        ONE("sent before the period (and the decision): one finding", lbp_sent, "2026-03-31", 1,
            PP1 "LBPSentDate"),
        ONE("sent on the last day of the period", lbp_sent, "2027-03-31", 0, NULL),
        ONE("sent the day after the period", lbp_sent, "2027-04-01", 1, PP1 "LBPSentDate"),
        ONE("no letter", lbp_sent, NULL, 0, NULL),
        TWO("no decision date, sent on the first day", pp_start, NULL, lbp_sent, "2026-04-01", 0, NULL),
        TWO("no decision date, sent the day before the period", pp_start, NULL, lbp_sent, "2026-03-31", 1,
            PP1 "LBPSentDate"),
        TWO("decision not a date: only the period counts", pp_start, "2026-13-01", lbp_sent, "2026-04-01", 0,
            NULL),
    };
    RUN("9006", cases);
}

static void test_9008(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("day before the period", initial_meeting, "2026-03-31", 1, PP1 "InitialPPMeetingDate"),
        ONE("first day of the period", initial_meeting, "2026-04-01", 0, NULL),
        ONE("before the decision: DfE asks no order", initial_meeting, "2026-06-01", 0, NULL),
        ONE("last day of the period", initial_meeting, "2027-03-31", 0, NULL),
        ONE("day after the period", initial_meeting, "2027-04-01", 1, PP1 "InitialPPMeetingDate"),
        ONE("absent", initial_meeting, NULL, 0, NULL),
    };
    RUN("9008", cases);
}

static void test_9009(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("on the day of the decision to begin", step_decision, "2026-06-15", 0, NULL),
        ONE("the day before the decision to begin", step_decision, "2026-06-14", 1, PP1 "StepDecisionDate"),
        ONE("last day of the period", step_decision, "2027-03-31", 0, NULL),
        ONE("day after the period", step_decision, "2027-04-01", 1, PP1 "StepDecisionDate"),
        TWO("no start, first day of the period", pp_start, NULL, step_decision, "2026-04-01", 0, NULL),
        TWO("no start, day before the period", pp_start, NULL, step_decision, "2026-03-31", 1,
            PP1 "StepDecisionDate"),
        ONE("absent", step_decision, NULL, 0, NULL),
    };
    RUN("9009", cases);
}

static void test_9012(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("on the day of the decision to step up", court_app, "2026-09-28", 0, NULL),
        ONE("the day before the decision", court_app, "2026-09-27", 1, PP1 "CourtAppDate"),
        ONE("last day of the period", court_app, "2027-03-31", 0, NULL),
        ONE("day after the period", court_app, "2027-04-01", 1, PP1 "CourtAppDate"),
        TWO("no decision, first day of the period", step_decision, NULL, court_app, "2026-04-01", 0, NULL),
        TWO("no decision, day before the period", step_decision, NULL, court_app, "2026-03-31", 1,
            PP1 "CourtAppDate"),
        ONE("no application", court_app, NULL, 0, NULL),
    };
    RUN("9012", cases);
}

static void test_9013(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("on the day of the application", letter_init, "2026-10-12", 0, NULL),
        ONE("the day before the application", letter_init, "2026-10-11", 1, PP1 "LetterInitCPDate"),
        ONE("last day of the period", letter_init, "2027-03-31", 0, NULL),
        ONE("day after the period", letter_init, "2027-04-01", 1, PP1 "LetterInitCPDate"),
        TWO("no application, first day of the period", court_app, NULL, letter_init, "2026-04-01", 0, NULL),
        TWO("no application, day before the period", court_app, NULL, letter_init, "2026-03-31", 1,
            PP1 "LetterInitCPDate"),
        ONE("no letter", letter_init, NULL, 0, NULL),
    };
    RUN("9013", cases);
}

/* ---- a value asked for by another (9007, 9010Q, 9015Q) ---------------------------- */

static void test_9007(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("letter sent, offer not said", fgdm_offer, NULL, 1, PP1 "FGDMMeetingOffer"),
        ONE("letter sent, offer empty", fgdm_offer, "", 1, PP1 "FGDMMeetingOffer"),
        ONE("letter sent, no offer made (0)", fgdm_offer, "0", 0, NULL),
        TWO("no letter, offer not said", lbp_sent, NULL, fgdm_offer, NULL, 0, NULL),
        /* DfE's condition, not the public code's reverse reading. */
        ONE("offer said, no letter", lbp_sent, NULL, 0, NULL),
    };
    RUN("9007", cases);
}

static void test_9010Q(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("offered, facilitation not said", fgdm_fac, NULL, 1, PP1 "FGDMMeetingFac"),
        TWO("offered (true), facilitation not said", fgdm_offer, "true", fgdm_fac, NULL, 1,
            PP1 "FGDMMeetingFac"),
        ONE("offered, not facilitated (0)", fgdm_fac, "0", 0, NULL),
        TWO("not offered (0), facilitation not said", fgdm_offer, "0", fgdm_fac, NULL, 0, NULL),
        TWO("not offered (false), facilitation not said", fgdm_offer, "false", fgdm_fac, NULL, 0, NULL),
        TWO("offer not said either (9007's business)", fgdm_offer, NULL, fgdm_fac, NULL, 0, NULL),
        TWO("offer not a boolean", fgdm_offer, "Y", fgdm_fac, NULL, 0, NULL),
    };
    RUN("9010Q", cases);
}

static void test_9015Q(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("initial meeting held, count not said", review_count, NULL, 1, PP1 "ReviewMeetingsCount"),
        ONE("initial meeting held, no reviews (0)", review_count, "0", 0, NULL),
        TWO("no initial meeting, count not said", initial_meeting, NULL, review_count, NULL, 0, NULL),
    };
    RUN("9015Q", cases);
}

/* ---- 9011 ------------------------------------------------------------------------ */

static void test_9011(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        BASE,
        ONE("B", outcome, "B", 0, NULL),
        ONE("C", outcome, "C", 0, NULL),
        ONE("D is no CS131 code", outcome, "D", 1, PP1 "PPOutcome"),
        ONE("lower case", outcome, "a", 1, PP1 "PPOutcome"),
        ONE("SSD's wording", outcome, "Decision to step down", 1, PP1 "PPOutcome"),
        ONE("absent (still in pre-proceedings)", outcome, NULL, 0, NULL),
    };
    RUN("9011", cases);
}

/* ---- several groups, and where a finding points ------------------------------------ */

/* Each group is checked on its own and named by its position; a follow-up
 * finding points at the missing element, on its group's line. */
static void test_groups_and_location(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, YEAR);
    struct cin_child *c = baseline(&f);
    struct cin_preproceedings *pp = rfx_add_preproceedings(&f, &c->episodes[0], "2026-11-02");
    pp->line = 52;
    rfx_set(&f, &pp->lbp_sent, "2026-11-06");
    rfx_set(&f, &pp->initial_meeting, "2027-04-02");
    assert_int_equal(rfx_run1(&f, "9007", c), 1);
    assert_string_equal(f.findings[0].path, PP2 "FGDMMeetingOffer");
    assert_int_equal(f.findings[0].line, 52);
    assert_int_equal(rfx_run1(&f, "9008", c), 1);
    assert_string_equal(f.findings[0].path, PP2 "InitialPPMeetingDate");
    assert_int_equal(rfx_run1(&f, "9015Q", c), 1);
    assert_string_equal(f.findings[0].path, PP2 "ReviewMeetingsCount");
    assert_int_equal(rfx_run1(&f, "9005", c), 0);
    assert_string_equal(f.findings[0].la_child_id, "C0000001");
    rfx_release(&f);
}

/* ---- LA level (8995Q, 9000Q) ------------------------------------------------------ */

/* Runs `code` over children made by the case's builder; n children. */
typedef size_t (*la_fn)(struct rfx *f, struct cin_child **children);

static size_t la_with_group(struct rfx *f, struct cin_child **ch)
{
    ch[0] = baseline(f);
    return 1;
}

static size_t la_without_group(struct rfx *f, struct cin_child **ch)
{
    ch[0] = rfx_child_shifted(f, SHIFT);
    return 1;
}

static size_t la_group_in_second_child(struct rfx *f, struct cin_child **ch)
{
    ch[0] = rfx_child_shifted(f, SHIFT);
    ch[1] = baseline(f);
    ch[1]->position = 2;
    return 2;
}

static size_t la_group_without_start(struct rfx *f, struct cin_child **ch)
{
    ch[0] = baseline(f);
    rfx_set(f, &pp1(ch[0])->pp_start, NULL);
    return 1;
}

static size_t la_one_group_with_start(struct rfx *f, struct cin_child **ch)
{
    la_group_without_start(f, ch);
    ch[1] = baseline(f);
    ch[1]->position = 2;
    return 2;
}

static size_t la_no_children(struct rfx *f, struct cin_child **ch)
{
    (void)f;
    (void)ch;
    return 0;
}

struct la_case {
    const char *name;
    la_fn build;
    size_t expected_8995Q, expected_9000Q;
};

static void test_la_level(void **state)
{
    (void)state;
    static const struct la_case cases[] = {
        { "a child with a group", la_with_group, 0, 0 },
        { "no group in the return", la_without_group, 1, 1 },
        { "a group in the second child only", la_group_in_second_child, 0, 0 },
        { "a group without PPStartDate", la_group_without_start, 0, 1 },
        { "one group of two with PPStartDate", la_one_group_with_start, 0, 0 },
        { "an empty return", la_no_children, 1, 1 },
    };
    struct rfx f;

    rfx_init(&f, YEAR);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct la_case *k = &cases[i];
        static const char *const codes[2] = { "8995Q", "9000Q" };
        size_t want[2] = { k->expected_8995Q, k->expected_9000Q };
        for (int r = 0; r < 2; r++) {
            struct cin_child *ch[2];
            size_t n = k->build(&f, ch);
            size_t got = rfx_run(&f, codes[r], ch, n);
            if (got != want[r])
                fail_msg("%s, %s: expected %zu findings, got %zu", codes[r], k->name, want[r], got);
            if (got) {
                /* About the return: no child, no episode, no table. */
                assert_string_equal(f.findings[0].path, RETURN_PATH);
                assert_string_equal(f.findings[0].la_child_id, "");
                assert_int_equal(f.findings[0].episode, 0);
            }
            rfx_reset(&f);
        }
    }
    rfx_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_year_layer),
        cmocka_unit_test(test_baseline_passes),
        cmocka_unit_test(test_9005),
        cmocka_unit_test(test_9006),
        cmocka_unit_test(test_9008),
        cmocka_unit_test(test_9009),
        cmocka_unit_test(test_9012),
        cmocka_unit_test(test_9013),
        cmocka_unit_test(test_9007),
        cmocka_unit_test(test_9010Q),
        cmocka_unit_test(test_9015Q),
        cmocka_unit_test(test_9011),
        cmocka_unit_test(test_groups_and_location),
        cmocka_unit_test(test_la_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
