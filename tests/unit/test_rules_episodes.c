/*
 * Tests for the CINdetails and CINPlanDates rules (src/returns/cin/cin_rules_episodes.c).
 *
 * Each case starts from the fixture's baseline child (rule_fixture.h), makes
 * the one change that matters, runs one rule and checks the number of
 * findings and, when there are any, the code and full path of the first.
 * Cases are rows of one table; each rule is a cmocka test that runs its rows
 * after checking that the untouched baseline passes.
 *
 * Dates to keep in mind: collection year 2025, so the census period is
 * 2024-04-01 .. 2025-03-31; the baseline episode is referred on 2024-05-01,
 * its CIN plan runs 2024-05-20 .. 2024-05-22, its S47 starts 2024-05-03 with
 * the ICPC on 2024-05-22, and its open child protection plan starts
 * 2024-05-22.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rule_fixture.h"

#define CHILD "Message/Children/Child[1]/"
#define EP1 CHILD "CINdetails[1]/"
#define EP2 CHILD "CINdetails[2]/"

static struct rfx fx;

/* ---- building blocks ---------------------------------------------------- */

static struct cin_episode *ep1(struct cin_child *c)
{
    return &c->episodes[0];
}

/* Removes the episode's plans, enquiries and protection plans. */
static void strip_modules(struct cin_episode *e)
{
    e->n_plans = 0;
    e->n_s47s = 0;
    e->n_cpps = 0;
}

static void close_ep1(struct rfx *f, struct cin_child *c, const char *date, const char *reason)
{
    rfx_set(f, &ep1(c)->closure_date, date);
    rfx_set(f, &ep1(c)->closure_reason, reason);
}

/* A second, complete episode (source 1A, need N1). */
static struct cin_episode *add_ep(struct rfx *f, struct cin_child *c, const char *referral,
                                  const char *closure, const char *nfa)
{
    struct cin_episode *e = rfx_add_episode(f, c, referral);
    rfx_set(f, &e->referral_source, "1A");
    rfx_set(f, &e->primary_need, "N1");
    rfx_set(f, &e->referral_nfa, nfa);
    if (closure) {
        rfx_set(f, &e->closure_date, closure);
        rfx_set(f, &e->closure_reason, "RC1");
    }
    return e;
}

/* ---- 2990 ------------------------------------------------------------- */

static void s2990_rc8_all_modules(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC8");
}
static void s2990_rc8_no_modules(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC8");
    strip_modules(ep1(c));
}
static void s2990_rc9_icpc_only(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC9");
    strip_modules(ep1(c));
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s2990_rc1_all_modules(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
}

/* ---- 2991Q ------------------------------------------------------------ */

static void s2991_no_assessment(struct rfx *f, struct cin_child *c)
{
    (void)f;
    ep1(c)->n_assessments = 0;
}
static void s2991_no_assessment_two_s47(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_assessments = 0;
    rfx_add_s47(f, ep1(c), "2024-06-03", "2024-06-20");
}
static void s2991_no_assessment_no_s47(struct rfx *f, struct cin_child *c)
{
    (void)f;
    ep1(c)->n_assessments = 0;
    ep1(c)->n_s47s = 0;
}

/* ---- 8555Q ------------------------------------------------------------ */

static void s8555_death_on_referral(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->death_date, "2024-05-01");
}
static void s8555_death_day_before(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->death_date, "2024-04-30");
}

/* ---- 8568 ------------------------------------------------------------- */

static void s8568_one(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "1"); }
static void s8568_true(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "true"); }
static void s8568_false(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "false"); }
static void s8568_missing(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, NULL); }
static void s8568_empty(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, ""); }
static void s8568_yes(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "yes"); }
static void s8568_two(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "2"); }

/* ---- 8569Q: 1 April 2024 is Easter Monday and 29 March Good Friday, so the
 * working day before the census year is Thursday 28 March 2024. --------- */

static void s8569_nfa_before_limit(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_date, "2024-03-27");
    rfx_set(f, &ep1(c)->referral_nfa, "1");
}
static void s8569_nfa_on_limit(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_date, "2024-03-28");
    rfx_set(f, &ep1(c)->referral_nfa, "true");
}
static void s8569_further_action_before_limit(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_date, "2024-03-27");
}
static void s8569_nfa_in_year(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
}

/* ---- 8585Q ------------------------------------------------------------ */

static void s8585_rc2_no_death(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC2");
}
static void s8585_rc2_with_death(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC2");
    rfx_set(f, &c->death_date, "2024-06-01");
}
static void s8585_rc2_bad_death(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC2");
    rfx_set(f, &c->death_date, "2024-02-30");
}
static void s8585_rc1_no_death(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
}

/* ---- 8600 ------------------------------------------------------------- */

static void s8600_on_ref_date(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_date, "2025-03-31"); }
static void s8600_after_ref_date(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_date, "2025-04-01"); }
static void s8600_missing(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_date, NULL); }
static void s8600_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_date, "2024-13-01"); }

/* ---- 8606: 2025-01-01 minus 280 days is 2024-03-27 --------------------- */

static void s8606_dob_280_days(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->birth_date, "2025-01-01");
    rfx_set(f, &ep1(c)->referral_date, "2024-03-27");
}
static void s8606_dob_281_days(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->birth_date, "2025-01-01");
    rfx_set(f, &ep1(c)->referral_date, "2024-03-26");
}
static void s8606_expected_280_days(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->birth_date, NULL);
    rfx_set(f, &c->expected_birth_date, "2025-01-01");
    rfx_set(f, &ep1(c)->referral_date, "2024-03-27");
}
static void s8606_expected_281_days(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &c->birth_date, NULL);
    rfx_set(f, &c->expected_birth_date, "2025-01-01");
    rfx_set(f, &ep1(c)->referral_date, "2024-03-26");
}

/* ---- 8610 ------------------------------------------------------------- */

static void s8610_no_need(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->primary_need, NULL); }
static void s8610_no_need_nfa(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->primary_need, NULL);
    rfx_set(f, &ep1(c)->referral_nfa, "1");
}

/* ---- 8620 ------------------------------------------------------------- */

static void s8620_period_start(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2024-04-01"); }
static void s8620_period_end(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2025-03-31"); }
static void s8620_before_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2024-03-31"); }
static void s8620_after_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2025-04-01"); }

/* ---- 8630 ------------------------------------------------------------- */

static void s8630_same_day(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2024-05-01"); }
static void s8630_day_before(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->closure_date, "2024-04-30"); }

/* ---- 8640 / 8650 ------------------------------------------------------ */

static void s8640_rc9(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-06-01", "RC9"); }
static void s8640_rc10(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-06-01", "RC10"); }
static void s8640_lower(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-06-01", "rc1"); }
static void s8650_n9(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->primary_need, "N9"); }
static void s8650_n10(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->primary_need, "N10"); }
static void s8650_lower(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->primary_need, "n1"); }

/* ---- 8805 / 8810 ------------------------------------------------------ */

static void s88xx_date_only(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-06-01", NULL); }
static void s88xx_reason_only(struct rfx *f, struct cin_child *c) { close_ep1(f, c, NULL, "RC1"); }
static void s88xx_both(struct rfx *f, struct cin_child *c) { close_ep1(f, c, "2024-06-01", "RC1"); }

/* ---- 8815 / 8816 / 8820 ------------------------------------------------ */

static void sep_first_closed_second_open(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-08-31", "RC1");
    add_ep(f, c, "2024-09-01", NULL, "0");
}
static void sep_both_open(struct rfx *f, struct cin_child *c)
{
    add_ep(f, c, "2024-09-01", NULL, "0");
}
static void sep_second_open_nfa(struct rfx *f, struct cin_child *c)
{
    add_ep(f, c, "2024-09-01", NULL, "1");
}
static void sep_first_open_second_closed_later(struct rfx *f, struct cin_child *c)
{
    add_ep(f, c, "2024-09-01", "2024-10-01", "0");
}
static void sep_first_open_nfa_second_later(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
    add_ep(f, c, "2024-09-01", NULL, "0");
}
static void sep_starts_on_closure_day(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-08-31", "RC1");
    add_ep(f, c, "2024-08-31", NULL, "0");
}
static void sep_starts_day_before_closure(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-08-31", "RC1");
    add_ep(f, c, "2024-08-30", NULL, "0");
}
static void sep_starts_on_ref_date_after_open(struct rfx *f, struct cin_child *c)
{
    add_ep(f, c, "2025-03-31", NULL, "1");
}
static void sep_same_referral_day(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
    add_ep(f, c, "2024-05-01", "2024-06-01", "0");
}

/* ---- 8825Q ------------------------------------------------------------ */

static void s8825_rc8_with_assessment(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC8");
}
static void s8825_rc8_no_assessment(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC8");
    ep1(c)->n_assessments = 0;
}
static void s8825_rc9_no_assessment(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC9");
    ep1(c)->n_assessments = 0;
}
static void s8825_rc1_no_assessment(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
    ep1(c)->n_assessments = 0;
}

/* ---- 8831 ------------------------------------------------------------- */

static void s8831_nfa_with_activity(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
}
static void s8831_nfa_no_activity(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "true");
    ep1(c)->n_assessments = 0;
    strip_modules(ep1(c));
}
static void s8831_nfa_icpc_only(struct rfx *f, struct cin_child *c)
{
    s8831_nfa_no_activity(f, c);
    rfx_set(f, &ep1(c)->initial_cpc, "2024-05-22");
}
static void s8831_nfa_authorisation_only(struct rfx *f, struct cin_child *c)
{
    s8831_nfa_no_activity(f, c);
    rfx_add_assessment(f, ep1(c), NULL, "2024-05-20");
}

/* ---- 8866 ------------------------------------------------------------- */

static void s8866_missing(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_source, NULL); }
static void s8866_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_source, "11"); }
static void s8866_code_10(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_source, "10"); }
static void s8866_before_2013(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_date, "2013-03-31");
    rfx_set(f, &ep1(c)->referral_source, NULL);
}
static void s8866_on_2013(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_date, "2013-04-01");
    rfx_set(f, &ep1(c)->referral_source, NULL);
}

/* ---- 8867 / 8868 ------------------------------------------------------ */

static void s8867_closed_unauthorised(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
    rfx_set(f, &ep1(c)->assessments[0].authorisation, NULL);
}
static void s8867_open_unauthorised(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->assessments[0].authorisation, NULL);
}
static void s886x_closed(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
}
static void s8868_closed_no_icpc(struct rfx *f, struct cin_child *c)
{
    close_ep1(f, c, "2024-06-01", "RC1");
    rfx_set(f, &ep1(c)->s47s[0].icpc_date, NULL);
}
static void s8868_closed_icpc_not_required(struct rfx *f, struct cin_child *c)
{
    s8868_closed_no_icpc(f, c);
    rfx_set(f, &ep1(c)->s47s[0].icpc_not_required, "true");
}
static void s8868_open_no_icpc(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->s47s[0].icpc_date, NULL);
}

/* ---- 8890 ------------------------------------------------------------- */

static void s8890_starts_on_icpc_day(struct rfx *f, struct cin_child *c)
{
    rfx_add_s47(f, ep1(c), "2024-05-22", "2024-06-10");
}
static void s8890_starts_after_icpc(struct rfx *f, struct cin_child *c)
{
    rfx_add_s47(f, ep1(c), "2024-05-23", "2024-06-10");
}
static void s8890_starts_on_other_start(struct rfx *f, struct cin_child *c)
{
    rfx_add_s47(f, ep1(c), "2024-05-03", "2024-05-21");
}
static void s8890_other_open(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->s47s[0].icpc_date, NULL);
    rfx_add_s47(f, ep1(c), "2025-03-31", NULL);
}
static void s8890_other_not_required(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->s47s[0].icpc_date, NULL);
    rfx_set(f, &ep1(c)->s47s[0].icpc_not_required, "1");
    rfx_add_s47(f, ep1(c), "2025-03-31", NULL);
}
static void s8890_other_episode(struct rfx *f, struct cin_child *c)
{
    struct cin_episode *e = add_ep(f, c, "2024-05-02", "2024-06-01", "0");
    rfx_add_s47(f, e, "2024-05-10", "2024-05-20");
}

/* ---- 4000 / 4001 / 4004 ----------------------------------------------- */

static void s4000_nfa(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->referral_nfa, "1"); }
static void s4000_nfa_two_plans(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "true");
    rfx_add_plan(f, ep1(c), "2024-06-01", NULL);
}
static void s4001_open_plan(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
}
static void s4001_open_plan_closed_cpp(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
    rfx_set(f, &ep1(c)->cpps[0].end, "2024-08-01");
}
static void s4001_open_plan_cpp_other_episode(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_cpps = 0;
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
    struct cin_episode *e = add_ep(f, c, "2024-04-02", "2024-04-30", "0");
    rfx_add_cpp(f, e, "2024-04-10", NULL);
}
static void s4004_two_open(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
    rfx_add_plan(f, ep1(c), "2024-06-01", NULL);
}
static void s4004_one_open(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-06-01", NULL);
}
static void s4004_open_in_two_episodes(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
    struct cin_episode *e = add_ep(f, c, "2024-09-01", NULL, "0");
    rfx_add_plan(f, e, "2024-09-02", NULL);
}

/* ---- 4010 .. 4015 ----------------------------------------------------- */

static void s4010_on_ref_date(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2025-03-31");
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
}
static void s4010_after_ref_date(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2025-04-01");
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
}
static void s4010_missing(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].start, NULL); }
static void s4010_invalid(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].start, "20-05-2024"); }

static void s401x_end_on_start(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].end, "2024-05-20"); }
static void s401x_end_before_start(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].end, "2024-05-19"); }
static void s401x_end_day_after_start(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].end, "2024-05-21"); }

static void s4013_period_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2024-03-01");
    rfx_set(f, &ep1(c)->plans[0].end, "2024-04-01");
}
static void s4013_before_period(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2024-03-01");
    rfx_set(f, &ep1(c)->plans[0].end, "2024-03-31");
}
static void s4013_period_end(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].end, "2025-03-31"); }
static void s4013_after_period(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].end, "2025-04-01"); }

static void s4014_starts_on_other_end(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-05-22", "2024-06-01");
}
static void s4014_starts_day_after_other_end(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-05-23", "2024-06-01");
}
static void s4014_inside_open_plan(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
    rfx_add_plan(f, ep1(c), "2025-03-31", NULL);
}
static void s4014_other_episode(struct rfx *f, struct cin_child *c)
{
    struct cin_episode *e = add_ep(f, c, "2024-05-21", NULL, "0");
    rfx_add_plan(f, e, "2024-05-21", NULL);
}
static void s4014_same_start(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-05-20", "2024-05-21");
}

static void s4015_on_referral(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].start, "2024-05-01"); }
static void s4015_before_referral(struct rfx *f, struct cin_child *c) { rfx_set(f, &ep1(c)->plans[0].start, "2024-04-30"); }

/* ---- 4016 / 4017 ------------------------------------------------------ */

static void s4016_plan_inside_open_cpp(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-06-01", "2024-06-10");
}
static void s4016_plan_on_cpp_end(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->cpps[0].end, "2024-07-01");
    rfx_add_plan(f, ep1(c), "2024-07-01", NULL);
}
static void s4016_plan_day_before_cpp_end(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->cpps[0].end, "2024-07-01");
    rfx_add_plan(f, ep1(c), "2024-06-30", NULL);
}
static void s4016_plan_on_cpp_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2024-05-22");
    rfx_set(f, &ep1(c)->plans[0].end, "2024-05-30");
}
static void s4016_plan_on_ref_date(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2025-03-31", NULL);
}
static void s4016_cpp_other_episode(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_cpps = 0;
    struct cin_episode *e = add_ep(f, c, "2024-04-02", "2024-05-25", "0");
    rfx_add_cpp(f, e, "2024-04-10", "2024-05-25");
}

static void s4017_cpp_inside_plan(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, "2024-05-23");
}
static void s4017_cpp_inside_open_plan(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
}
static void s4017_cpp_on_plan_start(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2024-05-22");
    rfx_set(f, &ep1(c)->plans[0].end, "2024-05-30");
}
static void s4017_cpp_before_plan(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].start, "2024-05-23");
    rfx_set(f, &ep1(c)->plans[0].end, "2024-05-30");
}
static void s4017_plan_other_episode(struct rfx *f, struct cin_child *c)
{
    ep1(c)->n_plans = 0;
    struct cin_episode *e = add_ep(f, c, "2024-04-02", "2024-05-25", "0");
    rfx_add_plan(f, e, "2024-04-10", NULL);
}

/* ---- the table -------------------------------------------------------- */

struct rule_case {
    const char *code;
    const char *what;
    void (*setup)(struct rfx *f, struct cin_child *c);
    size_t expected;
    const char *first_path;    /* path of the first finding, when expected > 0 */
};

static const struct rule_case cases[] = {
    { "2990", "RC8 episode with plan, S47 and CPP", s2990_rc8_all_modules, 3, EP1 "CINPlanDates[1]" },
    { "2990", "RC8 episode without modules", s2990_rc8_no_modules, 0, NULL },
    { "2990", "RC9 episode with CINdetails ICPC date", s2990_rc9_icpc_only, 1, EP1 "DateOfInitialCPC" },
    { "2990", "RC1 episode with all modules", s2990_rc1_all_modules, 0, NULL },

    { "2991Q", "S47 without assessment", s2991_no_assessment, 1, EP1 "Section47[1]" },
    { "2991Q", "two S47s without assessment", s2991_no_assessment_two_s47, 2, EP1 "Section47[1]" },
    { "2991Q", "neither S47 nor assessment", s2991_no_assessment_no_s47, 0, NULL },

    { "4000", "NFA episode with a CIN plan", s4000_nfa, 1, EP1 "CINPlanDates[1]" },
    { "4000", "NFA episode with two CIN plans", s4000_nfa_two_plans, 2, EP1 "CINPlanDates[1]" },

    { "4001", "open CIN plan with open CPP", s4001_open_plan, 1, EP1 "CINPlanDates[1]/CINPlanEndDate" },
    { "4001", "open CIN plan with ended CPP", s4001_open_plan_closed_cpp, 0, NULL },
    { "4001", "open CPP in another episode", s4001_open_plan_cpp_other_episode, 0, NULL },

    { "4004", "two open CIN plans", s4004_two_open, 2, EP1 "CINPlanDates[1]/CINPlanEndDate" },
    { "4004", "one open and one ended plan", s4004_one_open, 0, NULL },
    { "4004", "open plans in different episodes", s4004_open_in_two_episodes, 0, NULL },

    { "4010", "start on the reference date", s4010_on_ref_date, 0, NULL },
    { "4010", "start the day after the reference date", s4010_after_ref_date, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },
    { "4010", "start missing", s4010_missing, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },
    { "4010", "start unparseable", s4010_invalid, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },

    { "4011", "end on the start day", s401x_end_on_start, 0, NULL },
    { "4011", "end the day before the start", s401x_end_before_start, 1, EP1 "CINPlanDates[1]/CINPlanEndDate" },

    { "4012Q", "end on the start day", s401x_end_on_start, 1, EP1 "CINPlanDates[1]/CINPlanEndDate" },
    { "4012Q", "end the day after the start", s401x_end_day_after_start, 0, NULL },
    { "4012Q", "end before the start", s401x_end_before_start, 0, NULL },

    { "4013", "end on the period start", s4013_period_start, 0, NULL },
    { "4013", "end the day before the period", s4013_before_period, 1, EP1 "CINPlanDates[1]/CINPlanEndDate" },
    { "4013", "end on the reference date", s4013_period_end, 0, NULL },
    { "4013", "end the day after the reference date", s4013_after_period, 1, EP1 "CINPlanDates[1]/CINPlanEndDate" },

    { "4014", "plan starts on the other's end day", s4014_starts_on_other_end, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
    { "4014", "plan starts the day after the other ends", s4014_starts_day_after_other_end, 0, NULL },
    { "4014", "plan starts inside an open plan", s4014_inside_open_plan, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
    { "4014", "overlap across episodes", s4014_other_episode, 1, EP2 "CINPlanDates[1]/CINPlanStartDate" },
    { "4014", "two plans starting the same day", s4014_same_start, 2, EP1 "CINPlanDates[1]/CINPlanStartDate" },

    { "4015", "plan starts on the referral day", s4015_on_referral, 0, NULL },
    { "4015", "plan starts the day before the referral", s4015_before_referral, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },

    { "4016", "plan starts inside an open CPP", s4016_plan_inside_open_cpp, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
    { "4016", "plan starts on the CPP end day", s4016_plan_on_cpp_end, 0, NULL },
    { "4016", "plan starts the day before the CPP ends", s4016_plan_day_before_cpp_end, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
    { "4016", "plan starts on the CPP start day", s4016_plan_on_cpp_start, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },
    { "4016", "plan starts on the reference date, CPP open", s4016_plan_on_ref_date, 1, EP1 "CINPlanDates[2]/CINPlanStartDate" },
    { "4016", "CPP in an earlier episode", s4016_cpp_other_episode, 1, EP1 "CINPlanDates[1]/CINPlanStartDate" },

    { "4017", "CPP starts the day before the plan ends", s4017_cpp_inside_plan, 1, EP1 "ChildProtectionPlans[1]/CPPstartDate" },
    { "4017", "CPP starts inside an open plan", s4017_cpp_inside_open_plan, 1, EP1 "ChildProtectionPlans[1]/CPPstartDate" },
    { "4017", "CPP starts on the plan start day", s4017_cpp_on_plan_start, 1, EP1 "ChildProtectionPlans[1]/CPPstartDate" },
    { "4017", "CPP starts the day before the plan", s4017_cpp_before_plan, 0, NULL },
    { "4017", "plan in another episode", s4017_plan_other_episode, 1, EP1 "ChildProtectionPlans[1]/CPPstartDate" },

    { "8555Q", "death on the referral day", s8555_death_on_referral, 0, NULL },
    { "8555Q", "death the day before the referral", s8555_death_day_before, 1, EP1 "CINreferralDate" },

    { "8568", "ReferralNFA 1", s8568_one, 0, NULL },
    { "8568", "ReferralNFA true", s8568_true, 0, NULL },
    { "8568", "ReferralNFA false", s8568_false, 0, NULL },
    { "8568", "ReferralNFA missing", s8568_missing, 1, EP1 "ReferralNFA" },
    { "8568", "ReferralNFA empty", s8568_empty, 1, EP1 "ReferralNFA" },
    { "8568", "ReferralNFA yes", s8568_yes, 1, EP1 "ReferralNFA" },
    { "8568", "ReferralNFA 2", s8568_two, 1, EP1 "ReferralNFA" },

    { "8569Q", "NFA referred before the last working day before April", s8569_nfa_before_limit, 1, EP1 "ReferralNFA" },
    { "8569Q", "NFA referred on the last working day before April", s8569_nfa_on_limit, 0, NULL },
    { "8569Q", "further action referred before the limit", s8569_further_action_before_limit, 0, NULL },
    { "8569Q", "NFA referred in the year", s8569_nfa_in_year, 0, NULL },

    { "8585Q", "RC2 without death date", s8585_rc2_no_death, 1, EP1 "ReasonForClosure" },
    { "8585Q", "RC2 with death date", s8585_rc2_with_death, 0, NULL },
    { "8585Q", "RC2 with unparseable death date", s8585_rc2_bad_death, 1, EP1 "ReasonForClosure" },
    { "8585Q", "RC1 without death date", s8585_rc1_no_death, 0, NULL },

    { "8600", "referral on the reference date", s8600_on_ref_date, 0, NULL },
    { "8600", "referral the day after the reference date", s8600_after_ref_date, 1, EP1 "CINreferralDate" },
    { "8600", "referral missing", s8600_missing, 1, EP1 "CINreferralDate" },
    { "8600", "referral unparseable", s8600_invalid, 1, EP1 "CINreferralDate" },

    { "8606", "referral 280 days before DOB", s8606_dob_280_days, 0, NULL },
    { "8606", "referral 281 days before DOB", s8606_dob_281_days, 1, EP1 "CINreferralDate" },
    { "8606", "referral 280 days before expected DOB", s8606_expected_280_days, 0, NULL },
    { "8606", "referral 281 days before expected DOB", s8606_expected_281_days, 1, EP1 "CINreferralDate" },

    { "8610", "further action without primary need", s8610_no_need, 1, EP1 "PrimaryNeedCode" },
    { "8610", "NFA without primary need", s8610_no_need_nfa, 0, NULL },

    { "8620", "closure on the period start", s8620_period_start, 0, NULL },
    { "8620", "closure on the reference date", s8620_period_end, 0, NULL },
    { "8620", "closure the day before the period", s8620_before_period, 1, EP1 "CINclosureDate" },
    { "8620", "closure the day after the reference date", s8620_after_period, 1, EP1 "CINclosureDate" },

    { "8630", "closure on the referral day", s8630_same_day, 0, NULL },
    { "8630", "closure the day before the referral", s8630_day_before, 1, EP1 "CINclosureDate" },

    { "8640", "reason RC9", s8640_rc9, 0, NULL },
    { "8640", "reason RC10", s8640_rc10, 1, EP1 "ReasonForClosure" },
    { "8640", "reason rc1 (wrong case)", s8640_lower, 1, EP1 "ReasonForClosure" },

    { "8650", "need N9", s8650_n9, 0, NULL },
    { "8650", "need N10", s8650_n10, 1, EP1 "PrimaryNeedCode" },
    { "8650", "need n1 (wrong case)", s8650_lower, 1, EP1 "PrimaryNeedCode" },
    { "8650", "need absent", s8610_no_need, 0, NULL },

    { "8805", "closure date without reason", s88xx_date_only, 1, EP1 "CINclosureDate" },
    { "8805", "closure date and reason", s88xx_both, 0, NULL },
    { "8805", "reason without closure date", s88xx_reason_only, 0, NULL },

    { "8810", "reason without closure date", s88xx_reason_only, 1, EP1 "ReasonForClosure" },
    { "8810", "closure date and reason", s88xx_both, 0, NULL },
    { "8810", "closure date without reason", s88xx_date_only, 0, NULL },

    { "8815", "first closed, second open", sep_first_closed_second_open, 0, NULL },
    { "8815", "two open further-action episodes", sep_both_open, 2, EP1 "CINclosureDate" },
    { "8815", "second open episode is NFA", sep_second_open_nfa, 0, NULL },

    { "8816", "open episode before a later closed one", sep_first_open_second_closed_later, 1, EP1 "CINreferralDate" },
    { "8816", "open episode is the latest", sep_first_closed_second_open, 0, NULL },
    { "8816", "open earlier episode is NFA", sep_first_open_nfa_second_later, 0, NULL },
    { "8816", "two open episodes: the earlier fails", sep_both_open, 1, EP1 "CINreferralDate" },

    { "8820", "referral on the previous closure day", sep_starts_on_closure_day, 0, NULL },
    { "8820", "referral the day before the previous closure", sep_starts_day_before_closure, 1, EP2 "CINreferralDate" },
    { "8820", "referral while a further-action episode is open", sep_both_open, 1, EP2 "CINreferralDate" },
    { "8820", "referral on the reference date, earlier episode open", sep_starts_on_ref_date_after_open, 1, EP2 "CINreferralDate" },
    { "8820", "earlier open episode is NFA", sep_first_open_nfa_second_later, 0, NULL },
    { "8820", "two episodes referred the same day", sep_same_referral_day, 2, EP1 "CINreferralDate" },

    { "8825Q", "RC8 with assessment", s8825_rc8_with_assessment, 0, NULL },
    { "8825Q", "RC8 without assessment", s8825_rc8_no_assessment, 1, EP1 "ReasonForClosure" },
    { "8825Q", "RC9 without assessment", s8825_rc9_no_assessment, 1, EP1 "ReasonForClosure" },
    { "8825Q", "RC1 without assessment", s8825_rc1_no_assessment, 0, NULL },

    { "8831", "NFA with assessment and S47", s8831_nfa_with_activity, 2, EP1 "Assessments[1]/AssessmentActualStartDate" },
    { "8831", "NFA without activity", s8831_nfa_no_activity, 0, NULL },
    { "8831", "NFA with CINdetails ICPC date", s8831_nfa_icpc_only, 1, EP1 "DateOfInitialCPC" },
    { "8831", "NFA with authorisation date only", s8831_nfa_authorisation_only, 1, EP1 "Assessments[1]/AssessmentAuthorisationDate" },

    { "8866", "source missing", s8866_missing, 1, EP1 "ReferralSource" },
    { "8866", "source 11", s8866_invalid, 1, EP1 "ReferralSource" },
    { "8866", "source 10", s8866_code_10, 0, NULL },
    { "8866", "no source, referral 31 March 2013", s8866_before_2013, 0, NULL },
    { "8866", "no source, referral 1 April 2013", s8866_on_2013, 1, EP1 "ReferralSource" },

    { "8867", "closed with unauthorised assessment", s8867_closed_unauthorised, 1, EP1 "Assessments[1]/AssessmentAuthorisationDate" },
    { "8867", "closed with authorised assessment", s886x_closed, 0, NULL },
    { "8867", "open with unauthorised assessment", s8867_open_unauthorised, 0, NULL },

    { "8868", "closed with S47 lacking ICPC", s8868_closed_no_icpc, 1, EP1 "Section47[1]/DateOfInitialCPC" },
    { "8868", "closed with S47, ICPC not required", s8868_closed_icpc_not_required, 0, NULL },
    { "8868", "closed with S47 and ICPC", s886x_closed, 0, NULL },
    { "8868", "open with S47 lacking ICPC", s8868_open_no_icpc, 0, NULL },

    { "8890", "S47 starts on the other's ICPC day", s8890_starts_on_icpc_day, 1, EP1 "Section47[2]/S47ActualStartDate" },
    { "8890", "S47 starts the day after the other's ICPC", s8890_starts_after_icpc, 0, NULL },
    { "8890", "two S47s starting the same day", s8890_starts_on_other_start, 2, EP1 "Section47[1]/S47ActualStartDate" },
    { "8890", "S47 starts on the reference date, other open", s8890_other_open, 1, EP1 "Section47[2]/S47ActualStartDate" },
    { "8890", "other S47 open but ICPC not required", s8890_other_not_required, 0, NULL },
    { "8890", "overlapping S47 in another episode", s8890_other_episode, 0, NULL },
};

#define N_CASES (sizeof cases / sizeof cases[0])

/* ---- running ---------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    rfx_init(&fx, 2025);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    rfx_release(&fx);
    return 0;
}

static void expect(const char *code, const char *what, size_t got, size_t want, const char *path)
{
    if (got != want)
        fail_msg("%s, %s: %zu findings, expected %zu (first: %s)", code, what, got, want,
                 got ? fx.findings[0].path : "-");
    if (want) {
        assert_string_equal(fx.findings[0].code, code);
        if (path && strcmp(fx.findings[0].path, path))
            fail_msg("%s, %s: first finding at %s, expected %s", code, what, fx.findings[0].path, path);
    }
}

/* Runs the baseline and then every row of the table for `code`. */
static void run_rule_cases(const char *code)
{
    size_t n_rows = 0, n_pass = 0, n_fail = 0;

    rfx_reset(&fx);
    expect(code, "baseline", rfx_run1(&fx, code, rfx_child(&fx)), 0, NULL);
    for (size_t i = 0; i < N_CASES; i++) {
        const struct rule_case *k = &cases[i];
        if (strcmp(k->code, code))
            continue;
        rfx_reset(&fx);
        struct cin_child *c = rfx_child(&fx);
        k->setup(&fx, c);
        expect(code, k->what, rfx_run1(&fx, code, c), k->expected, k->first_path);
        n_rows++;
        if (k->expected)
            n_fail++;
        else
            n_pass++;
    }
    /* Every rule needs a failing row; the baseline is its passing one. */
    if (!n_rows || !n_fail)
        fail_msg("%s: no failing case in the table", code);
    (void)n_pass;
}

#define RULE_TEST(name, code) \
    static void name(void **state) { (void)state; run_rule_cases(code); }

RULE_TEST(test_2990, "2990")
RULE_TEST(test_2991q, "2991Q")
RULE_TEST(test_4000, "4000")
RULE_TEST(test_4001, "4001")
RULE_TEST(test_4004, "4004")
RULE_TEST(test_4010, "4010")
RULE_TEST(test_4011, "4011")
RULE_TEST(test_4012q, "4012Q")
RULE_TEST(test_4013, "4013")
RULE_TEST(test_4014, "4014")
RULE_TEST(test_4015, "4015")
RULE_TEST(test_4016, "4016")
RULE_TEST(test_4017, "4017")
RULE_TEST(test_8555q, "8555Q")
RULE_TEST(test_8568, "8568")
RULE_TEST(test_8569q, "8569Q")
RULE_TEST(test_8585q, "8585Q")
RULE_TEST(test_8600, "8600")
RULE_TEST(test_8606, "8606")
RULE_TEST(test_8610, "8610")
RULE_TEST(test_8620, "8620")
RULE_TEST(test_8630, "8630")
RULE_TEST(test_8640, "8640")
RULE_TEST(test_8650, "8650")
RULE_TEST(test_8805, "8805")
RULE_TEST(test_8810, "8810")
RULE_TEST(test_8815, "8815")
RULE_TEST(test_8816, "8816")
RULE_TEST(test_8820, "8820")
RULE_TEST(test_8825q, "8825Q")
RULE_TEST(test_8831, "8831")
RULE_TEST(test_8866, "8866")
RULE_TEST(test_8867, "8867")
RULE_TEST(test_8868, "8868")
RULE_TEST(test_8890, "8890")

/* ---- whole-table checks ------------------------------------------------ */

static const char *const expected_codes[] = {
    "2990", "2991Q", "4000", "4001", "4004", "4010", "4011", "4012Q", "4013", "4014", "4015",
    "4016", "4017", "8555Q", "8568", "8569Q", "8585Q", "8600", "8606", "8610", "8620", "8630",
    "8640", "8650", "8805", "8810", "8815", "8816", "8820", "8825Q", "8831", "8866", "8867",
    "8868", "8890",
};

/* The table holds exactly the batch's codes, in order, each with the type
 * its Q suffix implies, the module DfE files it under, a message and a
 * per-child check. */
static void test_table(void **state)
{
    size_t n = 0;
    size_t want = sizeof expected_codes / sizeof expected_codes[0];

    (void)state;
    for (const struct cin_rule *r = cin_rules_episodes; r->rule.code; r++, n++) {
        assert_true(n < want);
        assert_string_equal(r->rule.code, expected_codes[n]);
        size_t len = strlen(r->rule.code);
        bool query = r->rule.code[len - 1] == 'Q';
        assert_int_equal(r->rule.type, query ? RULE_QUERY : RULE_ERROR);
        assert_string_equal(r->rule.module, r->rule.code[0] == '4' ? "CINplanDates" : "CINdetails");
        assert_non_null(r->rule.message);
        assert_true(strlen(r->rule.message) > 10);
        assert_non_null(r->check_child);
        assert_null(r->accumulate);
        /* DfE's query messages begin with "Please check" except where the
         * published text does not (8555Q, 8569Q); errors never do. */
        if (!query)
            assert_null(strstr(r->rule.message, "Please check"));
    }
    assert_int_equal(n, want);
}

/* Every case names a rule of this batch, so none is silently skipped. */
static void test_cases_name_batch_rules(void **state)
{
    size_t want = sizeof expected_codes / sizeof expected_codes[0];

    (void)state;
    for (size_t i = 0; i < N_CASES; i++) {
        bool found = false;
        for (size_t j = 0; j < want && !found; j++)
            found = !strcmp(cases[i].code, expected_codes[j]);
        if (!found)
            fail_msg("case '%s' names unknown rule %s", cases[i].what, cases[i].code);
    }
}

/* Overlap findings are per offending group, not per pair: a plan inside two
 * others is reported once, and the child-level finding carries the right
 * episode position and line. */
static void test_overlap_reported_once(void **state)
{
    (void)state;
    rfx_reset(&fx);
    struct cin_child *c = rfx_child(&fx);
    struct cin_episode *e = ep1(c);
    rfx_set(&fx, &e->plans[0].end, NULL);
    rfx_add_plan(&fx, e, "2024-06-01", NULL);
    struct cin_plan *p = rfx_add_plan(&fx, e, "2024-07-01", "2024-07-05");
    p->start.line = 42;
    assert_int_equal(rfx_run1(&fx, "4014", c), 2);
    assert_string_equal(fx.findings[0].path, EP1 "CINPlanDates[2]/CINPlanStartDate");
    assert_string_equal(fx.findings[1].path, EP1 "CINPlanDates[3]/CINPlanStartDate");
    assert_int_equal(fx.findings[1].episode, 1);
    assert_int_equal(fx.findings[1].line, 42);
}

/* 8569Q in a year whose 1 April is an ordinary Tuesday (2025): the limit is
 * Monday 31 March 2025. */
static void test_8569q_plain_year(void **state)
{
    struct rfx f26;

    (void)state;
    rfx_init(&f26, 2026);
    struct cin_child *c = rfx_child(&f26);
    rfx_set(&f26, &ep1(c)->referral_nfa, "1");
    rfx_set(&f26, &ep1(c)->referral_date, "2025-03-31");
    size_t on_limit = rfx_run1(&f26, "8569Q", c);
    rfx_set(&f26, &ep1(c)->referral_date, "2025-03-28");
    size_t before = rfx_run1(&f26, "8569Q", c);
    rfx_release(&f26);
    assert_int_equal(on_limit, 0);
    assert_int_equal(before, 1);
}

/* Overlap rules report the group that starts inside another and name the
 * other in the finding's message, by place only. */
static void test_overlap_names_other(void **state)
{
    static const struct {
        const char *code, *what;
        void (*setup)(struct rfx *f, struct cin_child *c);
        const char *other;
    } names[] = {
        { "8820", "the open earlier episode", sep_starts_day_before_closure, "CINdetails[1]" },
        { "8890", "the S47 whose conference day it starts on", s8890_starts_on_icpc_day, "CINdetails[1]/Section47[1]" },
        { "4014", "the open plan", s4014_inside_open_plan, "CINdetails[1]/CINPlanDates[1]" },
        { "4014", "a plan of another episode", s4014_other_episode, "CINdetails[1]/CINPlanDates[1]" },
        { "4016", "the CP plan (another table)", s4016_plan_inside_open_cpp, "CINdetails[1]/ChildProtectionPlans[1]" },
        { "4017", "the CIN plan (another table)", s4017_cpp_inside_open_plan, "CINdetails[1]/CINPlanDates[1]" },
    };
    (void)state;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char want[128];
        rfx_reset(&fx);
        struct cin_child *c = rfx_child(&fx);
        names[i].setup(&fx, c);
        if (rfx_run1(&fx, names[i].code, c) < 1)
            fail_msg("%s (%s): no finding", names[i].code, names[i].what);
        snprintf(want, sizeof want, " (the other record: %s)", names[i].other);
        const char *m = fx.findings[0].message;
        size_t lm = strlen(m), lw = strlen(want);
        if (lm < lw || strcmp(m + lm - lw, want) != 0)
            fail_msg("%s (%s): message '%s' does not end '%s'", names[i].code, names[i].what, m, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_cases_name_batch_rules),
        cmocka_unit_test(test_2990),
        cmocka_unit_test(test_2991q),
        cmocka_unit_test(test_4000),
        cmocka_unit_test(test_4001),
        cmocka_unit_test(test_4004),
        cmocka_unit_test(test_4010),
        cmocka_unit_test(test_4011),
        cmocka_unit_test(test_4012q),
        cmocka_unit_test(test_4013),
        cmocka_unit_test(test_4014),
        cmocka_unit_test(test_4015),
        cmocka_unit_test(test_4016),
        cmocka_unit_test(test_4017),
        cmocka_unit_test(test_8555q),
        cmocka_unit_test(test_8568),
        cmocka_unit_test(test_8569q),
        cmocka_unit_test(test_8585q),
        cmocka_unit_test(test_8600),
        cmocka_unit_test(test_8606),
        cmocka_unit_test(test_8610),
        cmocka_unit_test(test_8620),
        cmocka_unit_test(test_8630),
        cmocka_unit_test(test_8640),
        cmocka_unit_test(test_8650),
        cmocka_unit_test(test_8805),
        cmocka_unit_test(test_8810),
        cmocka_unit_test(test_8815),
        cmocka_unit_test(test_8816),
        cmocka_unit_test(test_8820),
        cmocka_unit_test(test_8825q),
        cmocka_unit_test(test_8831),
        cmocka_unit_test(test_8866),
        cmocka_unit_test(test_8867),
        cmocka_unit_test(test_8868),
        cmocka_unit_test(test_8890),
        cmocka_unit_test(test_overlap_reported_once),
        cmocka_unit_test(test_overlap_names_other),
        cmocka_unit_test(test_8569q_plain_year),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
