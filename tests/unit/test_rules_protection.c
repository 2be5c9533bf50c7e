/*
 * Tests of the child protection rules (src/returns/cin/cin_rules_protection.c).
 *
 * Each case starts from the fixture's baseline child (it passes every rule),
 * makes the one change that matters and runs only the rule under test, then
 * checks the number of findings and, where given, the code and full path of
 * the first.  Cases are tables per rule; boundary cases sit next to the
 * change they bound.  Collection year 2025: the census period is
 * 2024-04-01 .. 2025-03-31.
 *
 * Baseline (see rule_fixture.h): one episode referred 2024-05-01, open;
 * assessment 2024-05-02 .. 2024-05-20; CIN plan 2024-05-20 .. 2024-05-22;
 * Section47 from 2024-05-03 with ICPC 2024-05-22; CPP from 2024-05-22,
 * open, NEG/NEG, 0 previous, reviewed 2024-08-14.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rule_fixture.h"

#define CHILD "Message/Children/Child[1]/"
#define EP1 CHILD "CINdetails[1]/"
#define EP2 CHILD "CINdetails[2]/"
#define CPP1 EP1 "ChildProtectionPlans[1]/"
#define CPP2 EP1 "ChildProtectionPlans[2]/"

typedef void (*setup_fn)(struct rfx *f, struct cin_child *c);

struct rcase {
    const char *name;
    setup_fn setup;        /* NULL: the baseline unchanged */
    size_t expected;       /* findings */
    const char *path;      /* full path of the first finding, or NULL */
};

static void check_result(const struct rfx *f, const char *code, const struct rcase *k, size_t got)
{
    if (got != k->expected)
        fail_msg("%s, %s: expected %zu findings, got %zu%s%s", code, k->name, k->expected, got,
                 got ? "; first at " : "", got ? f->findings[0].path : "");
    if (got) {
        assert_string_equal(f->findings[0].code, code);
        if (k->path && strcmp(f->findings[0].path, k->path) != 0)
            fail_msg("%s, %s: first finding at %s, expected %s", code, k->name, f->findings[0].path, k->path);
    }
}

static void run_cases(const char *code, const struct rcase *cases, size_t n)
{
    struct rfx f;

    rfx_init(&f, 2025);
    for (size_t i = 0; i < n; i++) {
        struct cin_child *c = rfx_child(&f);
        if (cases[i].setup)
            cases[i].setup(&f, c);
        check_result(&f, code, &cases[i], rfx_run1(&f, code, c));
        rfx_reset(&f);
    }
    rfx_release(&f);
}

#define RUN(code, table) run_cases(code, table, sizeof table / sizeof table[0])

/* Shorthands for the baseline's groups. */
static struct cin_episode *ep1(struct cin_child *c) { return &c->episodes[0]; }
static struct cin_cpp *cpp1(struct cin_child *c) { return &c->episodes[0].cpps[0]; }
static struct cin_s47 *s471(struct cin_child *c) { return &c->episodes[0].s47s[0]; }
static struct cin_plan *plan1(struct cin_child *c) { return &c->episodes[0].plans[0]; }

/* A second, later episode (2024-09-01), with nothing in it yet. */
static struct cin_episode *add_ep2(struct rfx *f, struct cin_child *c)
{
    struct cin_episode *e = rfx_add_episode(f, c, "2024-09-01");
    e->position = 2;
    rfx_set(f, &e->referral_source, "1A");
    rfx_set(f, &e->primary_need, "N1");
    rfx_set(f, &e->referral_nfa, "0");
    return e;
}

/* ---- table ---------------------------------------------------------------- */

static void test_table(void **state)
{
    (void)state;
    static const struct { const char *code; enum rule_type type; const char *module; const char *message; } want[] = {
        { "1105", RULE_ERROR, "ChildProtectionPlans", "The child protection plan start date cannot be before the referral date" },
        { "2883", RULE_ERROR, "ChildProtectionPlans", "There are more child protection plans starting than initial conferences taking place" },
        { "2885", RULE_ERROR, "ChildProtectionPlans", "Child protection plan shown as starting a different day to the initial child protection conference." },
        { "4003", RULE_ERROR, "Reviews", "A CPP review date is shown as being held at the same time as an open CIN Plan." },
        { "8565", RULE_ERROR, "ChildProtectionPlans", "Activity shown after a case has been closed" },
        { "8720", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan Start Date missing or out of data collection period" },
        { "8730", RULE_ERROR, "ChildProtectionPlans", "Total Number of previous Child Protection Plans missing" },
        { "8832", RULE_ERROR, "ChildProtectionPlans", "Child Protection details provided for a referral with no further action." },
        { "8840", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan cannot start and end on the same day" },
        { "8841", RULE_ERROR, "ChildProtectionPlans", "The review date cannot be on the same day or before the Child protection Plan start date." },
        { "8842Q", RULE_QUERY, "Reviews", "Please check and either amend or provide a reason: Review Record has a missing date" },
        { "8905", RULE_ERROR, "ChildProtectionPlans", "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)" },
        { "8910", RULE_ERROR, "ChildProtectionPlans", "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)" },
        { "8915", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan shown as starting after the child\xe2\x80\x99s Date of Death" },
        { "8920", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan cannot end after the child\xe2\x80\x99s Date of Death" },
        { "8925", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan End Date earlier than Start Date" },
        { "8930", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan End Date must fall within the census year" },
        { "8935", RULE_ERROR, "ChildProtectionPlans", "This child is showing more than one open Child Protection plan, i.e. with no End Date" },
        { "8940", RULE_ERROR, "ChildProtectionPlans", "Child Protection Plan data contains overlapping dates" },
    };
    size_t n = 0;

    for (const struct cin_rule *r = cin_rules_protection; r->rule.code; r++, n++) {
        if (n >= sizeof want / sizeof want[0])
            fail_msg("unexpected extra rule %s", r->rule.code);
        assert_string_equal(r->rule.code, want[n].code);
        assert_int_equal(r->rule.type, want[n].type);
        assert_string_equal(r->rule.module, want[n].module);
        assert_string_equal(r->rule.message, want[n].message);
        /* Every rule checks something: a child check or a whole-return pair. */
        assert_true(r->check_child || (r->accumulate && r->conclude && r->state_size));
    }
    assert_int_equal(n, sizeof want / sizeof want[0]);
}

/* Every rule of the batch passes the baseline child. */
static void test_baseline_passes(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *c = rfx_child(&f);
    for (const struct cin_rule *r = cin_rules_protection; r->rule.code; r++) {
        size_t got = rfx_run1(&f, r->rule.code, c);
        if (got)
            fail_msg("baseline fails %s at %s", r->rule.code, f.findings[0].path);
    }
    rfx_release(&f);
}

/* ---- 1105 ----------------------------------------------------------------- */

static void s1105_day_before(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-04-30"); }
static void s1105_same_day(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-05-01"); }
static void s1105_absent(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, NULL); }
static void s1105_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-02-30"); }
static void s1105_two(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, "2024-04-30");
    rfx_add_cpp(f, ep1(c), "2024-04-20", "2024-04-25");
}
static void s1105_ep2(struct rfx *f, struct cin_child *c)
{
    /* After episode 1's referral but before its own. */
    rfx_add_cpp(f, add_ep2(f, c), "2024-08-31", NULL);
}

static void test_1105(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline", NULL, 0, NULL },
        { "start one day before referral", s1105_day_before, 1, CPP1 "CPPstartDate" },
        { "start on referral day", s1105_same_day, 0, NULL },
        { "start absent", s1105_absent, 0, NULL },
        { "start not a date", s1105_invalid, 0, NULL },
        { "two plans before referral", s1105_two, 2, CPP1 "CPPstartDate" },
        { "compared with its own episode", s1105_ep2, 1, EP2 "ChildProtectionPlans[1]/CPPstartDate" },
    };
    RUN("1105", cases);
}

/* ---- 2883 ----------------------------------------------------------------- */

static void s2883_no_icpc(struct rfx *f, struct cin_child *c) { rfx_set(f, &s471(c)->icpc_date, NULL); }
static void s2883_icpc_at_cin(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2883_icpc_before_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &s471(c)->icpc_date, "2024-03-31"); }
static void s2883_cpp_before_period(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &cpp1(c)->start, "2024-03-31");
}
static void s2883_cpp_period_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &cpp1(c)->start, "2024-04-01");
}
static void s2883_cpp_after_period(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &cpp1(c)->start, "2025-04-01");
}
static void s2883_icpc_period_end(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, "2025-03-31");
}
static void s2883_two_plans(struct rfx *f, struct cin_child *c)
{
    rfx_add_cpp(f, ep1(c), "2024-09-01", NULL);
}
static void s2883_more_icpcs(struct rfx *f, struct cin_child *c)
{
    rfx_add_s47(f, ep1(c), "2024-07-01", "2024-07-10");
}

static void test_2883(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline: one plan, one conference", NULL, 0, NULL },
        { "plan with no conference", s2883_no_icpc, 1, "Message/Children" },
        { "conference at CINdetails level counts", s2883_icpc_at_cin, 0, NULL },
        { "conference before the period does not count", s2883_icpc_before_period, 1, "Message/Children" },
        { "conference on the period end counts", s2883_icpc_period_end, 0, NULL },
        { "plan before the period not counted", s2883_cpp_before_period, 0, NULL },
        { "plan on the period start counted", s2883_cpp_period_start, 1, "Message/Children" },
        { "plan after the period not counted", s2883_cpp_after_period, 0, NULL },
        { "two plans, one conference", s2883_two_plans, 1, "Message/Children" },
        { "more conferences than plans", s2883_more_icpcs, 0, NULL },
    };
    RUN("2883", cases);
}

/* 2883 counts over the whole return: one child's extra conference makes up
 * for another child's missing one, and a shortfall is reported once. */
static void test_2883_whole_return(void **state)
{
    (void)state;
    struct rfx f;
    struct cin_child *kids[3];

    rfx_init(&f, 2025);
    for (size_t i = 0; i < 3; i++) {
        kids[i] = rfx_child(&f);
        kids[i]->position = i + 1;
    }
    rfx_set(&f, &kids[1]->la_child_id, "C0000002");
    rfx_set(&f, &kids[2]->la_child_id, "C0000003");

    assert_int_equal(rfx_run(&f, "2883", kids, 3), 0);

    rfx_set(&f, &s471(kids[1])->icpc_date, NULL);
    assert_int_equal(rfx_run(&f, "2883", kids, 3), 1);
    assert_string_equal(f.findings[0].code, "2883");
    assert_string_equal(f.findings[0].path, "Message/Children");
    assert_string_equal(f.findings[0].la_child_id, "");

    rfx_set(&f, &s471(kids[2])->icpc_date, NULL);
    assert_int_equal(rfx_run(&f, "2883", kids, 3), 1);    /* 3 plans, 1 conference: still one finding */

    rfx_add_s47(&f, ep1(kids[0]), "2024-07-01", "2024-07-10");
    rfx_add_s47(&f, ep1(kids[0]), "2024-08-01", "2024-08-12");
    assert_int_equal(rfx_run(&f, "2883", kids, 3), 0);    /* 3 plans, 3 conferences */
    rfx_release(&f);
}

/* ---- 2885 ----------------------------------------------------------------- */

static void s2885_differs(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-05-23"); }
static void s2885_cin_level(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2885_cin_level_s47_differs(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, "2024-05-15");
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2885_second_s47(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, "2024-05-15");
    rfx_add_s47(f, ep1(c), "2024-05-16", "2024-05-22");
}
static void s2885_no_s47(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_s47s = 0;
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2885_no_s47_differs(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_s47s = 0;
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-21");
}
static void s2885_not_required(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &s471(c)->icpc_not_required, "1");
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2885_both_levels(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22"); }
static void s2885_s47_matches_cin_differs(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-21");
}
static void s2885_cin_level_second_s47_differs(struct rfx *f, struct cin_child *c)
{
    /* a first enquiry with no conference, a second with its own on another day */
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_add_s47(f, ep1(c), "2024-05-16", "2024-05-20");
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2885_period_start_cin_level(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_s47s = 0;
    rfx_set(f, &cpp1(c)->start, "2024-04-01");
    rfx_set(f, &ep1(c)->initial_cpc, "2024-04-01");
}
static void s2885_period_end_cin_level_s47_differs(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, "2025-03-31");
    rfx_set(f, &s471(c)->icpc_date, "2025-03-30");
    rfx_set(f, &ep1(c)->initial_cpc, "2025-03-31");
}
static void s2885_no_conference(struct rfx *f, struct cin_child *c) { rfx_set(f, &s471(c)->icpc_date, NULL); }
static void s2885_before_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-03-31"); }
static void s2885_period_start(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-04-01"); }
static void s2885_period_end(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2025-03-31"); }
static void s2885_period_end_matched(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, "2025-03-31");
    rfx_set(f, &s471(c)->icpc_date, "2025-03-31");
}
static void s2885_after_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2025-04-01"); }
static void s2885_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-05-32"); }
static void s2885_other_episode(struct rfx *f, struct cin_child *c)
{
    /* The conference matching episode 2's plan is recorded in episode 1. */
    rfx_add_cpp(f, add_ep2(f, c), "2024-10-01", NULL);
    rfx_set(f, &ep1(c)->initial_cpc, "2024-10-01");
}

static void test_2885(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline: matches the S47 conference", NULL, 0, NULL },
        { "day after the conference", s2885_differs, 1, CPP1 "CPPstartDate" },
        { "matches CINdetails beside an S47 with no conference date", s2885_cin_level, 0, NULL },
        { "matches CINdetails while S47 has its own, other date", s2885_cin_level_s47_differs, 1,
          CPP1 "CPPstartDate" },
        { "matches CINdetails, no S47 record", s2885_no_s47, 0, NULL },
        { "differs from CINdetails, no S47 record", s2885_no_s47_differs, 1, CPP1 "CPPstartDate" },
        { "matches CINdetails, S47 needed no conference", s2885_not_required, 0, NULL },
        { "matches both levels (2884's business)", s2885_both_levels, 0, NULL },
        { "matches S47, CINdetails differs", s2885_s47_matches_cin_differs, 0, NULL },
        { "matches CINdetails, a second S47 has its own, other date", s2885_cin_level_second_s47_differs, 1,
          CPP1 "CPPstartDate" },
        { "period start, CINdetails only", s2885_period_start_cin_level, 0, NULL },
        { "period end, CINdetails matches, S47 differs", s2885_period_end_cin_level_s47_differs, 1,
          CPP1 "CPPstartDate" },
        { "matches a second S47", s2885_second_s47, 0, NULL },
        { "no conference at all", s2885_no_conference, 1, CPP1 "CPPstartDate" },
        { "start before the period: not checked", s2885_before_period, 0, NULL },
        { "start on the period start", s2885_period_start, 1, CPP1 "CPPstartDate" },
        { "start on the period end", s2885_period_end, 1, CPP1 "CPPstartDate" },
        { "start on the period end, matched", s2885_period_end_matched, 0, NULL },
        { "start after the period: not checked", s2885_after_period, 0, NULL },
        { "start not a date", s2885_invalid, 0, NULL },
        { "conference in another episode", s2885_other_episode, 1, EP2 "ChildProtectionPlans[1]/CPPstartDate" },
    };
    RUN("2885", cases);
}

/* ---- 4003 ----------------------------------------------------------------- */

/* The baseline review is on 2024-08-14. */
static void set_plan(struct rfx *f, struct cin_child *c, const char *start, const char *end)
{
    rfx_set(f, &plan1(c)->start, start);
    rfx_set(f, &plan1(c)->end, end);
}
static void s4003_inside(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-01", "2024-09-01"); }
static void s4003_on_start(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-14", "2024-09-01"); }
static void s4003_day_after_start(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-13", "2024-09-01"); }
static void s4003_day_before_end(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-01", "2024-08-15"); }
static void s4003_on_end(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-01", "2024-08-14"); }
static void s4003_review_is_cpp_end(struct rfx *f, struct cin_child *c)
{
    set_plan(f, c, "2024-08-01", "2024-09-01");
    rfx_set(f, &cpp1(c)->end, "2024-08-14");
}
static void s4003_open_plan(struct rfx *f, struct cin_child *c) { set_plan(f, c, "2024-08-01", NULL); }
static void s4003_other_episode(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, add_ep2(f, c), "2024-08-01", "2024-09-01");
}
static void s4003_two_reviews(struct rfx *f, struct cin_child *c)
{
    set_plan(f, c, "2024-08-01", "2024-09-01");
    rfx_add_review(f, cpp1(c), "2024-08-20");
}
static void s4003_two_plans(struct rfx *f, struct cin_child *c)
{
    set_plan(f, c, "2024-08-01", "2024-09-01");
    rfx_add_plan(f, ep1(c), "2024-08-10", "2024-08-20");
}
static void s4003_second_review_only(struct rfx *f, struct cin_child *c)
{
    set_plan(f, c, "2024-09-01", "2024-10-01");
    rfx_add_review(f, cpp1(c), "2024-09-15");
}

static void test_4003(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline", NULL, 0, NULL },
        { "review inside a CIN plan", s4003_inside, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review on the plan start (COLLECT passes)", s4003_on_start, 0, NULL },
        { "review the day after the plan start", s4003_day_after_start, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review the day before the plan end", s4003_day_before_end, 1, NULL },
        { "review on the plan end", s4003_on_end, 0, NULL },
        { "review on the CPP end date", s4003_review_is_cpp_end, 0, NULL },
        { "open CIN plan not checked", s4003_open_plan, 0, NULL },
        { "CIN plan in another episode", s4003_other_episode, 0, NULL },
        { "two reviews inside", s4003_two_reviews, 2, CPP1 "Reviews/CPPreviewDate[1]" },
        { "one review inside two plans", s4003_two_plans, 1, NULL },
        { "only the second review inside", s4003_second_review_only, 1, CPP1 "Reviews/CPPreviewDate[2]" },
    };
    RUN("4003", cases);
}

/* ---- 8565 ----------------------------------------------------------------- */

static void close_ep1(struct rfx *f, struct cin_child *c, const char *date)
{
    rfx_set(f, &ep1(c)->closure_date, date);
    rfx_set(f, &ep1(c)->closure_reason, "RC1");
}
static void s8565_same_day(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-05-22"); }
static void s8565_day_before(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-05-21"); }
static void s8565_cpp_end(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_set(f, &cpp1(c)->end, "2024-06-02");
}
static void s8565_cpp_end_same_day(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_set(f, &cpp1(c)->end, "2024-06-01");
}
static void s8565_auth(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_set(f, &ep1(c)->assessments[0].authorisation, "2024-06-02");
}
static void s8565_assessment_start(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_add_assessment(f, ep1(c), "2024-06-02", NULL);
}
static void s8565_cin_icpc(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_set(f, &ep1(c)->initial_cpc, "2024-06-03");
}
static void s8565_s47_start(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_add_s47(f, ep1(c), "2024-06-02", NULL);
}
static void s8565_plan_start(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_add_plan(f, ep1(c), "2024-06-02", NULL);
}
static void s8565_cpp_start_not_listed(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01");
    rfx_add_cpp(f, ep1(c), "2024-06-05", NULL);
}
static void s8565_closure_invalid(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-31");
    rfx_set(f, &cpp1(c)->end, "2024-07-02");
}
static void s8565_other_episode(struct rfx *f, struct cin_child *c)
{
    /* Episode 2's activity is not compared with episode 1's closure. */
    close_ep1(f, c, "2024-06-01");
    rfx_set(f, &cpp1(c)->end, "2024-06-01");
    rfx_add_plan(f, add_ep2(f, c), "2024-09-02", "2024-09-10");
}

static void test_8565(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (open episode)", NULL, 0, NULL },
        { "closed on the day of the last activity", s8565_same_day, 0, NULL },
        { "closed a day before plan end and ICPC", s8565_day_before, 2, EP1 "CINPlanDates[1]/CINPlanEndDate" },
        { "CPP ends after closure", s8565_cpp_end, 1, CPP1 "CPPendDate" },
        { "CPP ends on closure day", s8565_cpp_end_same_day, 0, NULL },
        { "assessment authorised after closure", s8565_auth, 1, EP1 "Assessments[1]/AssessmentAuthorisationDate" },
        { "assessment started after closure", s8565_assessment_start, 1, EP1 "Assessments[2]/AssessmentActualStartDate" },
        { "CINdetails ICPC after closure", s8565_cin_icpc, 1, EP1 "DateOfInitialCPC" },
        { "S47 started after closure", s8565_s47_start, 1, EP1 "Section47[2]/S47ActualStartDate" },
        { "CIN plan started after closure", s8565_plan_start, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
        { "CPP start is not in DfE's list", s8565_cpp_start_not_listed, 0, NULL },
        { "closure date not a date", s8565_closure_invalid, 0, NULL },
        { "other episode's dates", s8565_other_episode, 0, NULL },
    };
    RUN("8565", cases);
}

/* 8565 names every late date: check the second finding of the two. */
static void test_8565_each_date(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *c = rfx_child(&f);
    s8565_day_before(&f, c);
    assert_int_equal(rfx_run1(&f, "8565", c), 2);
    assert_string_equal(f.findings[1].path, EP1 "Section47[1]/DateOfInitialCPC");
    assert_int_equal(f.findings[1].episode, 1);
    rfx_release(&f);
}

/* ---- 8720 ----------------------------------------------------------------- */

static void s8720_absent(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, NULL); }
static void s8720_empty(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, ""); }
static void s8720_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2024-13-01"); }
static void s8720_ref_date(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2025-03-31"); }
static void s8720_after(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2025-04-01"); }
static void s8720_before_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->start, "2023-01-01"); }

static void test_8720(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline", NULL, 0, NULL },
        { "start absent", s8720_absent, 1, CPP1 "CPPstartDate" },
        { "start empty", s8720_empty, 1, CPP1 "CPPstartDate" },
        { "start not a date", s8720_invalid, 1, CPP1 "CPPstartDate" },
        { "start on the ReferenceDate", s8720_ref_date, 0, NULL },
        { "start the day after the ReferenceDate", s8720_after, 1, CPP1 "CPPstartDate" },
        { "start before the period", s8720_before_period, 0, NULL },
    };
    RUN("8720", cases);
}

/* ---- value tables: 8730, 8905, 8910 --------------------------------------- */

struct vcase {
    const char *value;     /* NULL: element absent */
    size_t expected;
};

typedef struct cin_value *(*field_fn)(struct cin_child *c);

static void run_values(const char *code, field_fn field, const char *path, const struct vcase *cases, size_t n)
{
    struct rfx f;

    rfx_init(&f, 2025);
    for (size_t i = 0; i < n; i++) {
        struct cin_child *c = rfx_child(&f);
        char name[64];
        snprintf(name, sizeof name, "value \"%s\"", cases[i].value ? cases[i].value : "(absent)");
        rfx_set(&f, field(c), cases[i].value);
        struct rcase k = { name, NULL, cases[i].expected, path };
        check_result(&f, code, &k, rfx_run1(&f, code, c));
        rfx_reset(&f);
    }
    rfx_release(&f);
}

static struct cin_value *f_previous(struct cin_child *c) { return &cpp1(c)->previous_cpp; }
static struct cin_value *f_initial(struct cin_child *c) { return &cpp1(c)->initial_category; }
static struct cin_value *f_latest(struct cin_child *c) { return &cpp1(c)->latest_category; }

static void test_8730(void **state)
{
    (void)state;
    static const struct vcase cases[] = {
        { "0", 0 }, { "3", 0 }, { "12", 0 }, { "+1", 0 }, { " 2 ", 0 }, { "-0", 0 },
        { NULL, 1 }, { "", 1 }, { "-1", 1 }, { "x", 1 }, { "1.5", 1 }, { "1e2", 1 }, { "-", 1 }, { "2 3", 1 },
    };
    run_values("8730", f_previous, CPP1 "NumberOfPreviousCPP", cases, sizeof cases / sizeof cases[0]);
}

static const struct vcase category_cases[] = {
    { "NEG", 0 }, { "PHY", 0 }, { "SAB", 0 }, { "EMO", 0 }, { "MUL", 0 },
    { NULL, 1 }, { "", 1 }, { "neg", 1 }, { "XYZ", 1 }, { "NE", 1 },
};

static void test_8905(void **state)
{
    (void)state;
    run_values("8905", f_initial, CPP1 "InitialCategoryOfAbuse", category_cases,
               sizeof category_cases / sizeof category_cases[0]);
}

static void test_8910(void **state)
{
    (void)state;
    run_values("8910", f_latest, CPP1 "LatestCategoryOfAbuse", category_cases,
               sizeof category_cases / sizeof category_cases[0]);
}

/* Two plans each missing a category: one finding per plan. */
static void test_category_per_plan(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *c = rfx_child(&f);
    struct cin_cpp *p2 = rfx_add_cpp(&f, ep1(c), "2023-01-01", "2024-04-10");
    rfx_set(&f, &cpp1(c)->initial_category, NULL);
    rfx_set(&f, &p2->initial_category, "XXX");
    assert_int_equal(rfx_run1(&f, "8905", c), 2);
    assert_string_equal(f.findings[1].path, CPP2 "InitialCategoryOfAbuse");
    assert_int_equal(rfx_run1(&f, "8910", c), 0);
    rfx_release(&f);
}

/* ---- 8832 ----------------------------------------------------------------- */

static void s8832_nfa1(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "1"); }
static void s8832_nfa_true(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "true"); }
static void s8832_nfa_false(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "false"); }
static void s8832_nfa_absent(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, NULL); }
static void s8832_nfa_no_cpp(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
    ep1(c)->n_cpps = 0;
}
static void s8832_two(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
    rfx_add_cpp(f, ep1(c), "2023-01-01", "2024-04-10");
}
static void s8832_other_episode(struct rfx *f, struct cin_child *c)
{
    struct cin_episode *e = add_ep2(f, c);
    rfx_set(f, &e->referral_nfa, "1");
}

static void test_8832(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (NFA 0)", NULL, 0, NULL },
        { "NFA 1 with a plan", s8832_nfa1, 1, EP1 "ChildProtectionPlans[1]" },
        { "NFA true with a plan", s8832_nfa_true, 1, EP1 "ChildProtectionPlans[1]" },
        { "NFA false", s8832_nfa_false, 0, NULL },
        { "NFA absent", s8832_nfa_absent, 0, NULL },
        { "NFA 1 without a plan", s8832_nfa_no_cpp, 0, NULL },
        { "NFA 1 with two plans", s8832_two, 2, NULL },
        { "NFA on another episode without plans", s8832_other_episode, 0, NULL },
    };
    RUN("8832", cases);
}

/* ---- 8840, 8925, 8930 ----------------------------------------------------- */

static void s_end_same_day(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2024-05-22"); }
static void s_end_day_after(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2024-05-23"); }
static void s_end_day_before(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2024-05-21"); }
static void s_end_no_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, NULL);
    rfx_set(f, &cpp1(c)->end, "2024-05-21");
}
static void s_end_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2024-02-30"); }

static void test_8840(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (open)", NULL, 0, NULL },
        { "ends on its start day", s_end_same_day, 1, CPP1 "CPPendDate" },
        { "ends the day after", s_end_day_after, 0, NULL },
        { "ends the day before", s_end_day_before, 0, NULL },
        { "end not a date", s_end_invalid, 0, NULL },
    };
    RUN("8840", cases);
}

static void test_8925(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (open)", NULL, 0, NULL },
        { "ends the day before it starts", s_end_day_before, 1, CPP1 "CPPendDate" },
        { "ends on its start day", s_end_same_day, 0, NULL },
        { "ends the day after", s_end_day_after, 0, NULL },
        { "no start date", s_end_no_start, 0, NULL },
        { "end not a date", s_end_invalid, 0, NULL },
    };
    RUN("8925", cases);
}

static void s8930_before(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, "2024-03-01");
    rfx_set(f, &cpp1(c)->end, "2024-03-31");
}
static void s8930_period_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, "2024-03-01");
    rfx_set(f, &cpp1(c)->end, "2024-04-01");
}
static void s8930_period_end(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2025-03-31"); }
static void s8930_after(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2025-04-01"); }

static void test_8930(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (open)", NULL, 0, NULL },
        { "ends the day before the period", s8930_before, 1, CPP1 "CPPendDate" },
        { "ends on the period start", s8930_period_start, 0, NULL },
        { "ends on the period end", s8930_period_end, 0, NULL },
        { "ends the day after the period", s8930_after, 1, CPP1 "CPPendDate" },
        { "end not a date", s_end_invalid, 0, NULL },
    };
    RUN("8930", cases);
}

/* ---- 8841 ----------------------------------------------------------------- */

static void set_review(struct rfx *f, struct cin_child *c, const char *date) { rfx_set(f, &cpp1(c)->reviews[0], date); }
static void s8841_same_day(struct rfx *f, struct cin_child *c) { set_review(f, c, "2024-05-22"); }
static void s8841_day_before(struct rfx *f, struct cin_child *c) { set_review(f, c, "2024-05-21"); }
static void s8841_day_after(struct rfx *f, struct cin_child *c) { set_review(f, c, "2024-05-23"); }
static void s8841_two_bad(struct rfx *f, struct cin_child *c)
{
    set_review(f, c, "2024-06-01");
    rfx_add_review(f, cpp1(c), "2024-05-20");
    rfx_add_review(f, cpp1(c), "2024-05-22");
}
static void s8841_no_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->start, NULL);
    set_review(f, c, "2024-05-01");
}

static void test_8841(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline", NULL, 0, NULL },
        { "review on the start day", s8841_same_day, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review the day before the start", s8841_day_before, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review the day after the start", s8841_day_after, 0, NULL },
        { "two of three reviews too early", s8841_two_bad, 2, CPP1 "Reviews/CPPreviewDate[2]" },
        { "no start date", s8841_no_start, 0, NULL },
    };
    RUN("8841", cases);
}

/* ---- 8842Q ---------------------------------------------------------------- */

static void s8842_no_group(struct rfx *f, struct cin_child *c)
{
    (void)f;
    cpp1(c)->has_reviews_group = false;
    cpp1(c)->n_reviews = 0;
}
static void s8842_empty_group(struct rfx *f, struct cin_child *c)
{
    (void)f;
    cpp1(c)->n_reviews = 0;
}
static void s8842_empty_date(struct rfx *f, struct cin_child *c) { set_review(f, c, ""); }
static void s8842_absent_date(struct rfx *f, struct cin_child *c) { set_review(f, c, NULL); }
static void s8842_invalid_date(struct rfx *f, struct cin_child *c) { set_review(f, c, "2024-02-30"); }
static void s8842_second_empty(struct rfx *f, struct cin_child *c) { rfx_add_review(f, cpp1(c), ""); }
static void s8842_two_good(struct rfx *f, struct cin_child *c) { rfx_add_review(f, cpp1(c), "2024-11-06"); }

static void test_8842Q(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline", NULL, 0, NULL },
        { "no Reviews group", s8842_no_group, 0, NULL },
        { "Reviews group with no date", s8842_empty_group, 1, CPP1 "Reviews" },
        { "empty review date", s8842_empty_date, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review date without text", s8842_absent_date, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "review date not a date", s8842_invalid_date, 1, CPP1 "Reviews/CPPreviewDate[1]" },
        { "second review date empty", s8842_second_empty, 1, CPP1 "Reviews/CPPreviewDate[2]" },
        { "two good review dates", s8842_two_good, 0, NULL },
    };
    RUN("8842Q", cases);
}

/* ---- 8915, 8920 ----------------------------------------------------------- */

static void s_died(struct rfx *f, struct cin_child *c, const char *date) { rfx_set(f, &c->death_date, date); }
static void s8915_died_day_before(struct rfx *f, struct cin_child *c) { s_died(f, c, "2024-05-21"); }
static void s8915_died_same_day(struct rfx *f, struct cin_child *c) { s_died(f, c, "2024-05-22"); }
static void s8915_died_invalid(struct rfx *f, struct cin_child *c) { s_died(f, c, "2024-05-40"); }
static void s8915_two_plans(struct rfx *f, struct cin_child *c)
{
    s_died(f, c, "2024-05-21");
    rfx_add_cpp(f, ep1(c), "2024-04-01", "2024-05-01");
    rfx_add_cpp(f, ep1(c), "2024-06-01", NULL);
}

static void test_8915(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (alive)", NULL, 0, NULL },
        { "started the day after death", s8915_died_day_before, 1, CPP1 "CPPstartDate" },
        { "started on the day of death", s8915_died_same_day, 0, NULL },
        { "death date not a date", s8915_died_invalid, 0, NULL },
        { "one of three plans before death", s8915_two_plans, 2, CPP1 "CPPstartDate" },
    };
    RUN("8915", cases);
}

static void s8920_after(struct rfx *f, struct cin_child *c)
{
    s_died(f, c, "2024-06-01");
    rfx_set(f, &cpp1(c)->end, "2024-06-02");
}
static void s8920_same_day(struct rfx *f, struct cin_child *c)
{
    s_died(f, c, "2024-06-01");
    rfx_set(f, &cpp1(c)->end, "2024-06-01");
}
static void s8920_open(struct rfx *f, struct cin_child *c) { s_died(f, c, "2024-06-01"); }
static void s8920_alive(struct rfx *f, struct cin_child *c) { rfx_set(f, &cpp1(c)->end, "2024-06-02"); }

static void test_8920(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (alive, open)", NULL, 0, NULL },
        { "ended the day after death", s8920_after, 1, CPP1 "CPPendDate" },
        { "ended on the day of death", s8920_same_day, 0, NULL },
        { "open plan of a child who died", s8920_open, 0, NULL },
        { "ended, no death date", s8920_alive, 0, NULL },
    };
    RUN("8920", cases);
}

/* ---- 8935 ----------------------------------------------------------------- */

static void s8935_two_open(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-06-01", NULL); }
static void s8935_second_closed(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-04-01", "2024-05-01"); }
static void s8935_other_episode(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, add_ep2(f, c), "2024-09-10", NULL); }
static void s8935_three_open(struct rfx *f, struct cin_child *c)
{
    rfx_add_cpp(f, ep1(c), "2024-06-01", NULL);
    rfx_add_cpp(f, add_ep2(f, c), "2024-09-10", NULL);
}
static void s8935_end_invalid(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-04-01", "2024-04-31"); }
static void s8935_end_empty(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-04-01", ""); }

static void test_8935(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (one open plan)", NULL, 0, NULL },
        { "two open plans in one episode", s8935_two_open, 2, EP1 "ChildProtectionPlans[1]" },
        { "second plan closed", s8935_second_closed, 0, NULL },
        { "open plans in two episodes", s8935_other_episode, 2, EP1 "ChildProtectionPlans[1]" },
        { "three open plans", s8935_three_open, 3, NULL },
        { "end present but not a date", s8935_end_invalid, 0, NULL },
        { "end empty counts as missing", s8935_end_empty, 2, NULL },
    };
    RUN("8935", cases);
}

/* Every open plan is named, in both episodes. */
static void test_8935_paths(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *c = rfx_child(&f);
    s8935_other_episode(&f, c);
    assert_int_equal(rfx_run1(&f, "8935", c), 2);
    assert_string_equal(f.findings[1].path, EP2 "ChildProtectionPlans[1]");
    assert_int_equal(f.findings[0].episode, 1);
    assert_int_equal(f.findings[1].episode, 2);
    rfx_release(&f);
}

/* ---- 8940 ----------------------------------------------------------------- */

static void s8940_inside_open(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-06-01", NULL); }
static void s8940_after_end(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->end, "2024-05-31");
    rfx_add_cpp(f, ep1(c), "2024-06-01", NULL);
}
static void s8940_on_end(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->end, "2024-06-01");
    rfx_add_cpp(f, ep1(c), "2024-06-01", NULL);
}
static void s8940_earlier_ends_day_before(struct rfx *f, struct cin_child *c)
{
    rfx_add_cpp(f, ep1(c), "2024-05-10", "2024-05-21");
}
static void s8940_earlier_ends_on_start(struct rfx *f, struct cin_child *c)
{
    rfx_add_cpp(f, ep1(c), "2024-05-10", "2024-05-22");
}
static void s8940_same_start(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2024-05-22", "2024-07-01"); }
static void s8940_other_episode(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, add_ep2(f, c), "2024-09-10", NULL); }
static void s8940_on_ref_date(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2025-03-31", NULL); }
static void s8940_after_ref_date(struct rfx *f, struct cin_child *c) { rfx_add_cpp(f, ep1(c), "2025-04-01", NULL); }
static void s8940_other_end_invalid(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &cpp1(c)->end, "2024-13-01");
    rfx_add_cpp(f, ep1(c), "2024-06-01", NULL);
}

static void test_8940(void **state)
{
    (void)state;
    static const struct rcase cases[] = {
        { "baseline (one plan)", NULL, 0, NULL },
        { "starts while another is open", s8940_inside_open, 1, CPP2 "CPPstartDate" },
        { "starts the day after another ended", s8940_after_end, 0, NULL },
        { "starts the day another ended", s8940_on_end, 1, CPP2 "CPPstartDate" },
        { "earlier plan ended the day before", s8940_earlier_ends_day_before, 0, NULL },
        { "earlier plan ended on this start", s8940_earlier_ends_on_start, 1, CPP1 "CPPstartDate" },
        { "two plans start the same day", s8940_same_start, 2, CPP1 "CPPstartDate" },
        { "overlap across episodes", s8940_other_episode, 1, EP2 "ChildProtectionPlans[1]/CPPstartDate" },
        { "starts on the ReferenceDate, other open", s8940_on_ref_date, 1, CPP2 "CPPstartDate" },
        { "starts after the ReferenceDate, other open", s8940_after_ref_date, 0, NULL },
        { "other plan's end not a date", s8940_other_end_invalid, 0, NULL },
    };
    RUN("8940", cases);

    /* the finding names the plan it starts inside, by place */
    static const struct {
        setup_fn setup;
        const char *other;
    } names[] = {
        { s8940_inside_open, "(the other record: CINdetails[1]/ChildProtectionPlans[1])" },
        { s8940_other_episode, "(the other record: CINdetails[1]/ChildProtectionPlans[1])" },
        { s8940_earlier_ends_on_start, "(the other record: CINdetails[1]/ChildProtectionPlans[2])" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct rfx f;
        rfx_init(&f, 2025);
        struct cin_child *c = rfx_child(&f);
        names[i].setup(&f, c);
        assert_int_equal(rfx_run1(&f, "8940", c), 1);
        if (!strstr(f.findings[0].message, names[i].other))
            fail_msg("8940: message '%s' lacks '%s'", f.findings[0].message, names[i].other);
        rfx_release(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_baseline_passes),
        cmocka_unit_test(test_1105),
        cmocka_unit_test(test_2883),
        cmocka_unit_test(test_2883_whole_return),
        cmocka_unit_test(test_2885),
        cmocka_unit_test(test_4003),
        cmocka_unit_test(test_8565),
        cmocka_unit_test(test_8565_each_date),
        cmocka_unit_test(test_8720),
        cmocka_unit_test(test_8730),
        cmocka_unit_test(test_8905),
        cmocka_unit_test(test_8910),
        cmocka_unit_test(test_category_per_plan),
        cmocka_unit_test(test_8832),
        cmocka_unit_test(test_8840),
        cmocka_unit_test(test_8925),
        cmocka_unit_test(test_8930),
        cmocka_unit_test(test_8841),
        cmocka_unit_test(test_8842Q),
        cmocka_unit_test(test_8915),
        cmocka_unit_test(test_8920),
        cmocka_unit_test(test_8935),
        cmocka_unit_test(test_8935_paths),
        cmocka_unit_test(test_8940),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
