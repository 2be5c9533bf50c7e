/*
 * Tests of the DfE Assessments and Section47 rules (src/returns/cin/cin_rules_assessments.c).
 *
 * Each case starts from the fixture's baseline child (which passes every
 * rule), makes the one change that matters, runs one rule and checks the
 * number of findings and, where given, the rule code and element path of the
 * first finding.  The cases are one table, grouped by rule; every rule has
 * cases that pass and cases that fail, with the boundaries of its date
 * comparisons (same day, one day either side, census period start and end,
 * the working-day limits of 8670Q and 8675Q).
 *
 * Dates used (collection year 2025 unless a case says otherwise):
 *   census period 2024-04-01 .. 2025-03-31 (Monday);
 *   ReferenceDate minus 45 working days = 2025-01-27 (Monday);
 *   ReferenceDate minus 15 working days = 2025-03-10 (Monday);
 *   for a ReferenceDate of 2027-03-31, with Good Friday 26 March and Easter
 *   Monday 29 March 2027: minus 15 working days = 2027-03-08 (2027-03-10 if
 *   bank holidays were ignored), minus 45 = 2027-01-25 (2027-01-27).
 * The baseline's ICPC 2024-05-22 is a Wednesday; 2024-05-25/26 are a
 * weekend; 2024-05-27 is the spring bank holiday (a Monday).
 *
 * Runs from the repository root (specs/bank_holidays.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rule_fixture.h"
#include "returns/cin/cin_rules.h"

/* ---- building variations of the baseline --------------------------------- */

static struct cin_episode *ep1(struct cin_child *c) { return &c->episodes[0]; }
static struct cin_assessment *as1(struct cin_child *c) { return &c->episodes[0].assessments[0]; }
static struct cin_s47 *s471(struct cin_child *c) { return &c->episodes[0].s47s[0]; }

/* Replaces an assessment's factors with the space-separated codes in
 * `codes` (NULL: no FactorsIdentifiedAtAssessment group at all). */
static void put_factors(struct rfx *f, struct cin_assessment *a, const char *codes)
{
    a->n_factors = 0;
    a->has_factors_group = false;
    if (!codes)
        return;
    const char *p = codes;
    while (*p) {
        char one[16];
        size_t n = strcspn(p, " ");
        if (n >= sizeof one)
            fail_msg("factor code too long in '%s'", codes);
        memcpy(one, p, n);
        one[n] = '\0';
        rfx_add_factor(f, a, one);
        p += n;
        while (*p == ' ')
            p++;
    }
}

typedef void setup_fn(struct rfx *f, struct cin_child *c, const char *a, const char *b);

static void nothing(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)f; (void)c; (void)a; (void)b;
}

static void referral(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &ep1(c)->referral_date, a);
}

static void ep_icpc(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &ep1(c)->initial_cpc, a);
}

/* Assessment 1: start a, authorisation b (NULL: absent). */
static void as_dates(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &as1(c)->start, a);
    rfx_set(f, &as1(c)->authorisation, b);
}

static void as_start(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &as1(c)->start, a);
}

static void as_auth(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &as1(c)->authorisation, a);
}

/* Assessment 1 open (no authorisation, no factors) and starting on a. */
static void as_open(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &as1(c)->start, a);
    rfx_set(f, &as1(c)->authorisation, NULL);
    put_factors(f, as1(c), NULL);
}

/* Assessment 1 authorised on a, factors b. */
static void as_auth_factors(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &as1(c)->authorisation, a);
    put_factors(f, as1(c), b);
}

static void factors(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    put_factors(f, as1(c), a);
}

/* An empty FactorsIdentifiedAtAssessment wrapper. */
static void factors_empty_group(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)a; (void)b;
    put_factors(f, as1(c), NULL);
    as1(c)->has_factors_group = true;
}

/* Assessment 1 open with an empty FactorsIdentifiedAtAssessment wrapper. */
static void as_open_empty_group(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    as_open(f, c, "2024-05-02", NULL);
    factors_empty_group(f, c, a, b);
}

/* A second assessment in episode 1: start a, authorisation b. */
static void add_as(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_add_assessment(f, ep1(c), a, b);
}

/* Assessment 1 open, plus a second assessment starting a, authorised b. */
static void as_open_add_as(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    as_open(f, c, "2024-05-02", NULL);
    rfx_add_assessment(f, ep1(c), a, b);
}

/* Assessment 1 authorised on a (kept even if unparseable), and a second
 * assessment starting b, authorised 2024-05-15. */
static void as_auth_add_as(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &as1(c)->authorisation, a);
    rfx_add_assessment(f, ep1(c), b, "2024-05-15");
}

/* A second episode (referral a) holding one open assessment that starts b. */
static void second_episode_as(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    struct cin_episode *e = rfx_add_episode(f, c, a);
    rfx_add_assessment(f, e, b, NULL);
}

/* Factors a on the only assessment; ReasonForClosure b (with a closure date). */
static void factors_closure(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    put_factors(f, as1(c), a);
    if (b) {
        rfx_set(f, &ep1(c)->closure_date, "2024-06-30");
        rfx_set(f, &ep1(c)->closure_reason, b);
    }
}

/* Factor a on assessment 1, and a second, completed assessment. */
static void factors_two_assessments(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    put_factors(f, as1(c), a);
    struct cin_assessment *x = rfx_add_assessment(f, ep1(c), "2024-06-01", "2024-06-20");
    rfx_add_factor(f, x, "2B");
}

/* Assessment 1 open, and a second open assessment starting 2024-06-01: in
 * a second episode when a is "other", else in episode 1. */
static void two_open_as(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    as_open(f, c, "2024-05-02", NULL);
    struct cin_episode *e = ep1(c);
    if (a && !strcmp(a, "other"))
        e = rfx_add_episode(f, c, "2024-06-01");
    rfx_add_assessment(f, e, "2024-06-01", NULL);
}

static void s47_start(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &s471(c)->start, a);
}

/* Section47 1: start a, ICPC b. */
static void s47_dates(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &s471(c)->start, a);
    rfx_set(f, &s471(c)->icpc_date, b);
}

static void s47_icpc(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &s471(c)->icpc_date, a);
}

static void s47_target(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    rfx_set(f, &s471(c)->icpc_target, a);
}

/* Section47 1 without an ICPC: start a, ICPCnotRequired b (NULL: absent). */
static void s47_open(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &s471(c)->start, a);
    rfx_set(f, &s471(c)->icpc_date, NULL);
    rfx_set(f, &s471(c)->icpc_not_required, b);
}

/* ICPC at Section47 level a, at CINdetails level b (both on episode 1). */
static void icpc_both(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    rfx_set(f, &s471(c)->icpc_date, a);
    rfx_set(f, &ep1(c)->initial_cpc, b);
}

/* A second episode (referral a) whose CINdetails-level ICPC is b. */
static void episode2_icpc(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    struct cin_episode *e = rfx_add_episode(f, c, a);
    rfx_set(f, &e->referral_source, "1A");
    rfx_set(f, &e->referral_nfa, "0");
    rfx_set(f, &e->initial_cpc, b);
}

/* Section47 1 open (ICPCnotRequired 0) and a second Section47 in episode 1
 * starting 2024-06-01 with no ICPC and ICPCnotRequired a (NULL: absent). */
static void two_s47_open(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)b;
    s47_open(f, c, "2024-05-03", "0");
    struct cin_s47 *s = rfx_add_s47(f, ep1(c), "2024-06-01", NULL);
    rfx_set(f, &s->icpc_not_required, a);
}

/* Section47 1 as in the baseline (ICPC held) plus an open one. */
static void add_open_s47(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)a; (void)b;
    rfx_add_s47(f, ep1(c), "2024-06-01", NULL);
}

/* Section47 1 open, and an open Section47 in a second episode. */
static void open_s47_two_episodes(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    (void)a; (void)b;
    s47_open(f, c, "2024-05-03", "0");
    struct cin_episode *e = rfx_add_episode(f, c, "2024-06-01");
    rfx_add_s47(f, e, "2024-06-02", NULL);
}

/* A ReferenceDate of 31 March 2027, when Good Friday (26 March) and Easter
 * Monday (29 March) fall inside the last 15 working days.  No supported
 * collection year has that, so the test sets the environment directly. */
static void ref_2027(struct rfx *f)
{
    f->env.reference_date = date_from_ymd(2027, 3, 31);
    f->env.period_start = date_from_ymd(2026, 4, 1);
}

static void as_open_2027(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    ref_2027(f);
    as_open(f, c, a, b);
}

static void s47_open_2027(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    ref_2027(f);
    s47_open(f, c, a, b);
}

/* ---- the cases ---------------------------------------------------------- */

#define AS1 "CINdetails[1]/Assessments[1]/"
#define AS2 "CINdetails[1]/Assessments[2]/"
#define S1 "CINdetails[1]/Section47[1]/"
#define FACTOR(i, j) "CINdetails[1]/Assessments[" #i "]/FactorsIdentifiedAtAssessment/AssessmentFactors[" #j "]"

struct rcase {
    const char *code;
    const char *what;
    setup_fn *setup;
    const char *a, *b;
    size_t expected;
    const char *path;   /* first finding, below Message/Children/Child[1]/; NULL: not checked */
    int year;           /* 0: 2025 */
};

static const struct rcase cases[] = {
    /* 1103 assessment start >= referral 2024-05-01 */
    { "1103", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "1103", "start on the referral day", as_start, "2024-05-01", NULL, 0, NULL, 0 },
    { "1103", "start the day before the referral", as_start, "2024-04-30", NULL, 1, AS1 "AssessmentActualStartDate", 0 },
    { "1103", "start absent", as_start, NULL, NULL, 0, NULL, 0 },
    { "1103", "start unparseable", as_start, "2024-02-30", NULL, 0, NULL, 0 },
    { "1103", "referral unparseable", referral, "2024-13-01", NULL, 0, NULL, 0 },
    { "1103", "second assessment early", add_as, "2024-04-20", "2024-04-25", 1, AS2 "AssessmentActualStartDate", 0 },
    { "1103", "referral moved after both assessments", referral, "2024-06-01", NULL, 1, AS1 "AssessmentActualStartDate", 0 },

    /* 1104 Section47 ICPC >= referral */
    { "1104", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "1104", "ICPC on the referral day", s47_icpc, "2024-05-01", NULL, 0, NULL, 0 },
    { "1104", "ICPC the day before the referral", s47_icpc, "2024-04-30", NULL, 1, S1 "DateOfInitialCPC", 0 },
    { "1104", "ICPC absent", s47_icpc, NULL, NULL, 0, NULL, 0 },
    { "1104", "CINdetails-level ICPC is not this rule's", ep_icpc, "2024-04-30", NULL, 0, NULL, 0 },

    /* 2884 same conference at both levels */
    { "2884", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "2884", "same date at both levels", icpc_both, "2024-05-22", "2024-05-22", 1, S1 "DateOfInitialCPC", 0 },
    { "2884", "different dates at the two levels", icpc_both, "2024-05-22", "2024-05-23", 0, NULL, 0 },
    { "2884", "only at CINdetails level", icpc_both, NULL, "2024-05-22", 0, NULL, 0 },
    { "2884", "same date on another episode's CINdetails", episode2_icpc, "2024-06-01", "2024-05-22", 1, S1 "DateOfInitialCPC", 0 },
    { "2884", "another episode, another date", episode2_icpc, "2024-06-01", "2024-06-05", 0, NULL, 0 },

    /* 2889 S47 start >= referral */
    { "2889", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "2889", "start on the referral day", s47_start, "2024-05-01", NULL, 0, NULL, 0 },
    { "2889", "start the day before the referral", s47_start, "2024-04-30", NULL, 1, S1 "S47ActualStartDate", 0 },
    { "2889", "start absent", s47_start, NULL, NULL, 0, NULL, 0 },

    /* 8608 authorisation >= start */
    { "8608", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8608", "authorised the day it started", as_dates, "2024-05-10", "2024-05-10", 0, NULL, 0 },
    { "8608", "authorised the day before it started", as_dates, "2024-05-10", "2024-05-09", 1, AS1 "AssessmentAuthorisationDate", 0 },
    { "8608", "authorisation absent", as_dates, "2024-05-10", NULL, 0, NULL, 0 },
    { "8608", "start absent", as_dates, NULL, "2024-05-09", 0, NULL, 0 },

    /* 8614 factors only on completed assessments */
    { "8614", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8614", "open with factors", as_auth, NULL, NULL, 1, AS1 "FactorsIdentifiedAtAssessment", 0 },
    { "8614", "open without factors", as_open, "2024-05-02", NULL, 0, NULL, 0 },
    { "8614", "unparseable authorisation is still recorded", as_auth, "2024-05-99", NULL, 0, NULL, 0 },
    { "8614", "open with an empty factors group", as_open_empty_group, NULL, NULL, 0, NULL, 0 },

    /* 8670Q open assessment started before ReferenceDate - 45 working days */
    { "8670Q", "baseline (completed)", nothing, NULL, NULL, 0, NULL, 0 },
    { "8670Q", "open, started exactly 45 working days before", as_open, "2025-01-27", NULL, 0, NULL, 0 },
    { "8670Q", "open, started the Sunday before that", as_open, "2025-01-26", NULL, 1, AS1 "AssessmentActualStartDate", 0 },
    { "8670Q", "open, started 46 working days before", as_open, "2025-01-24", NULL, 1, AS1 "AssessmentActualStartDate", 0 },
    { "8670Q", "open, started on the ReferenceDate", as_open, "2025-03-31", NULL, 0, NULL, 0 },
    { "8670Q", "completed long ago", as_dates, "2024-04-02", "2024-04-20", 0, NULL, 0 },
    { "8670Q", "unparseable authorisation, old start", as_dates, "2024-04-02", "2024-04-31", 0, NULL, 0 },
    { "8670Q", "2026: exactly 45 working days", as_open, "2026-01-27", NULL, 0, NULL, 2026 },
    { "8670Q", "2026: 46 working days", as_open, "2026-01-26", NULL, 1, AS1 "AssessmentActualStartDate", 2026 },
    { "8670Q", "2027 Easter: 45 working days counting bank holidays", as_open_2027, "2027-01-25", NULL, 0, NULL, 0 },
    { "8670Q", "2027 Easter: 44 if they were ignored", as_open_2027, "2027-01-26", NULL, 0, NULL, 0 },
    { "8670Q", "2027 Easter: 46 working days", as_open_2027, "2027-01-22", NULL, 1, AS1 "AssessmentActualStartDate", 0 },

    /* 8675Q open S47 started before ReferenceDate - 15 working days */
    { "8675Q", "baseline (ICPC held)", nothing, NULL, NULL, 0, NULL, 0 },
    { "8675Q", "open, started exactly 15 working days before", s47_open, "2025-03-10", "0", 0, NULL, 0 },
    { "8675Q", "open, started the Sunday before that", s47_open, "2025-03-09", "0", 1, S1 "S47ActualStartDate", 0 },
    { "8675Q", "open, started 16 working days before", s47_open, "2025-03-07", "0", 1, S1 "S47ActualStartDate", 0 },
    { "8675Q", "ICPCnotRequired false", s47_open, "2025-03-07", "false", 1, S1 "S47ActualStartDate", 0 },
    { "8675Q", "ICPCnotRequired true", s47_open, "2025-03-07", "1", 0, NULL, 0 },
    { "8675Q", "ICPCnotRequired absent is not false", s47_open, "2025-03-07", NULL, 0, NULL, 0 },
    { "8675Q", "ICPC held, old start", s47_start, "2024-05-03", NULL, 0, NULL, 0 },
    { "8675Q", "2026: exactly 15 working days", s47_open, "2026-03-10", "0", 0, NULL, 2026 },
    { "8675Q", "2026: 16 working days", s47_open, "2026-03-09", "0", 1, S1 "S47ActualStartDate", 2026 },
    { "8675Q", "2027 Easter: 15 working days counting bank holidays", s47_open_2027, "2027-03-08", "0", 0, NULL, 0 },
    { "8675Q", "2027 Easter: 14 if they were ignored", s47_open_2027, "2027-03-09", "0", 0, NULL, 0 },
    { "8675Q", "2027 Easter: 16 working days", s47_open_2027, "2027-03-05", "0", 1, S1 "S47ActualStartDate", 0 },

    /* 8696 authorisation within the census period */
    { "8696", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8696", "authorised on the period start", as_auth, "2024-04-01", NULL, 0, NULL, 0 },
    { "8696", "authorised the day before the period", as_auth, "2024-03-31", NULL, 1, AS1 "AssessmentAuthorisationDate", 0 },
    { "8696", "authorised on the ReferenceDate", as_auth, "2025-03-31", NULL, 0, NULL, 0 },
    { "8696", "authorised the day after the ReferenceDate", as_auth, "2025-04-01", NULL, 1, AS1 "AssessmentAuthorisationDate", 0 },
    { "8696", "authorisation absent", as_auth, NULL, NULL, 0, NULL, 0 },

    /* 8736 open assessment starts within the census period */
    { "8736", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8736", "open, started on the period start", as_open, "2024-04-01", NULL, 0, NULL, 0 },
    { "8736", "open, started the day before the period", as_open, "2024-03-31", NULL, 1, AS1 "AssessmentActualStartDate", 0 },
    { "8736", "open, started on the ReferenceDate", as_open, "2025-03-31", NULL, 0, NULL, 0 },
    { "8736", "open, started after the ReferenceDate", as_open, "2025-04-01", NULL, 1, AS1 "AssessmentActualStartDate", 0 },
    { "8736", "completed, started before the period", as_dates, "2024-03-31", "2024-04-10", 0, NULL, 0 },

    /* 8740 open S47 (ICPCnotRequired false) starts within the census period */
    { "8740", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8740", "open, started on the period start", s47_open, "2024-04-01", "0", 0, NULL, 0 },
    { "8740", "open, started the day before the period", s47_open, "2024-03-31", "0", 1, S1 "S47ActualStartDate", 0 },
    { "8740", "open, started on the ReferenceDate", s47_open, "2025-03-31", "0", 0, NULL, 0 },
    { "8740", "open, started after the ReferenceDate", s47_open, "2025-04-01", "false", 1, S1 "S47ActualStartDate", 0 },
    { "8740", "ICPC not required", s47_open, "2024-03-31", "true", 0, NULL, 0 },
    { "8740", "ICPC held", s47_start, "2024-03-31", NULL, 0, NULL, 0 },

    /* 8839 at most one open S47 per episode */
    { "8839", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8839", "one held, one open", add_open_s47, NULL, NULL, 0, NULL, 0 },
    { "8839", "two open", two_s47_open, "0", NULL, 2, S1 "DateOfInitialCPC", 0 },
    { "8839", "second has ICPCnotRequired absent (not true)", two_s47_open, NULL, NULL, 2, S1 "DateOfInitialCPC", 0 },
    { "8839", "second not required", two_s47_open, "1", NULL, 0, NULL, 0 },
    { "8839", "open ones in different episodes", open_s47_two_episodes, NULL, NULL, 0, NULL, 0 },

    /* 8863Q assessment starting during another */
    { "8863Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8863Q", "second starts the day after the first ends", add_as, "2024-05-21", "2024-06-10", 0, NULL, 0 },
    { "8863Q", "second starts the day the first ends", add_as, "2024-05-20", "2024-06-10", 1, AS2 "AssessmentActualStartDate", 0 },
    { "8863Q", "both start the same day", add_as, "2024-05-02", "2024-05-10", 2, AS1 "AssessmentActualStartDate", 0 },
    { "8863Q", "second ends the day before the first starts", add_as, "2024-04-20", "2024-05-01", 0, NULL, 0 },
    { "8863Q", "first open, second starts later", as_open_add_as, "2024-09-01", "2024-09-20", 1, AS2 "AssessmentActualStartDate", 0 },
    { "8863Q", "first open, second starts after the ReferenceDate", as_open_add_as, "2025-04-01", NULL, 0, NULL, 0 },
    { "8863Q", "first's end unparseable", as_auth_add_as, "2024-05-32", "2024-05-10", 0, NULL, 0 },
    { "8863Q", "overlap across episodes is not counted", second_episode_as, "2024-05-05", "2024-05-10", 0, NULL, 0 },

    /* 8869 factor 21 alone */
    { "8869", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8869", "21 alone", factors, "21", NULL, 0, NULL, 0 },
    { "8869", "21 then another", factors, "21 2B", NULL, 1, FACTOR(1, 1), 0 },
    { "8869", "another then 21", factors, "2B 21", NULL, 1, FACTOR(1, 2), 0 },

    /* 8870Q ICPC target not at a weekend */
    { "8870Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8870Q", "Friday", s47_target, "2024-05-24", NULL, 0, NULL, 0 },
    { "8870Q", "Saturday", s47_target, "2024-05-25", NULL, 1, S1 "InitialCPCtarget", 0 },
    { "8870Q", "Sunday", s47_target, "2024-05-26", NULL, 1, S1 "InitialCPCtarget", 0 },
    { "8870Q", "bank holiday Monday is not a weekend", s47_target, "2024-05-27", NULL, 0, NULL, 0 },
    { "8870Q", "absent", s47_target, NULL, NULL, 0, NULL, 0 },

    /* 8873Q single assessment with 21 -> RC8/RC9 */
    { "8873Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8873Q", "21, closed RC8", factors_closure, "21", "RC8", 0, NULL, 0 },
    { "8873Q", "21, closed RC9", factors_closure, "21", "RC9", 0, NULL, 0 },
    { "8873Q", "21, closed RC1", factors_closure, "21", "RC1", 1, FACTOR(1, 1), 0 },
    { "8873Q", "21, episode still open", factors_closure, "21", NULL, 1, FACTOR(1, 1), 0 },
    { "8873Q", "other factors, closed RC1", factors_closure, "2B", "RC1", 0, NULL, 0 },
    { "8873Q", "21 on one of two assessments", factors_two_assessments, "21", NULL, 0, NULL, 0 },

    /* 8875 Section47 ICPC not at a weekend */
    { "8875", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8875", "Friday", s47_icpc, "2024-05-24", NULL, 0, NULL, 0 },
    { "8875", "Saturday", s47_icpc, "2024-05-25", NULL, 1, S1 "DateOfInitialCPC", 0 },
    { "8875", "Sunday", s47_icpc, "2024-05-26", NULL, 1, S1 "DateOfInitialCPC", 0 },
    { "8875", "bank holiday Monday is not a weekend", s47_icpc, "2024-05-27", NULL, 0, NULL, 0 },
    { "8875", "CINdetails-level ICPC is not this rule's", ep_icpc, "2024-05-25", NULL, 0, NULL, 0 },

    /* 8896 at most one open assessment per episode */
    { "8896", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8896", "one open", as_open, "2024-05-02", NULL, 0, NULL, 0 },
    { "8896", "two open", two_open_as, NULL, NULL, 2, AS1 "AssessmentAuthorisationDate", 0 },
    { "8896", "open ones in different episodes", two_open_as, "other", NULL, 0, NULL, 0 },
    { "8896", "two completed", add_as, "2024-06-01", "2024-06-20", 0, NULL, 0 },

    /* 8897Q completed in-year assessment has valid factors */
    { "8897Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8897Q", "authorised on the period start, no factors", as_auth_factors, "2024-04-01", NULL, 1, AS1 "FactorsIdentifiedAtAssessment", 0 },
    { "8897Q", "authorised the day before the period, no factors", as_auth_factors, "2024-03-31", NULL, 0, NULL, 0 },
    { "8897Q", "empty factors group", factors_empty_group, NULL, NULL, 1, AS1 "FactorsIdentifiedAtAssessment", 0 },
    { "8897Q", "one invalid factor", factors, "2B 99", NULL, 1, FACTOR(1, 2), 0 },
    { "8897Q", "lower-case code is not valid", factors, "2b", NULL, 1, FACTOR(1, 1), 0 },
    { "8897Q", "open, no factors", as_open, "2024-05-02", NULL, 0, NULL, 0 },
    { "8897Q", "21 alone is a valid factor", factors, "21", NULL, 0, NULL, 0 },

    /* 8898 no repeated factor in one assessment */
    { "8898", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8898", "repeated", factors, "2B 2B", NULL, 1, FACTOR(1, 2), 0 },
    { "8898", "repeated twice more", factors, "2B 3B 2B 2B", NULL, 2, FACTOR(1, 3), 0 },
    { "8898", "codes differing in case are different", factors, "2B 2b", NULL, 0, NULL, 0 },

    /* 8945Q / 8950Q retired factors */
    { "8945Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8945Q", "18A", factors, "18A", NULL, 1, FACTOR(1, 1), 0 },
    { "8945Q", "18A second", factors, "2B 18A", NULL, 1, FACTOR(1, 2), 0 },
    { "8945Q", "18a", factors, "18a", NULL, 1, FACTOR(1, 1), 0 },
    { "8945Q", "18B and 18C", factors, "18B 18C", NULL, 0, NULL, 0 },
    { "8945Q", "19A is the other rule's", factors, "19A", NULL, 0, NULL, 0 },
    { "8950Q", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8950Q", "19A", factors, "19A", NULL, 1, FACTOR(1, 1), 0 },
    { "8950Q", "19B and 19C", factors, "19B 19C", NULL, 0, NULL, 0 },
    { "8950Q", "18A is the other rule's", factors, "18A", NULL, 0, NULL, 0 },

    /* 8615 S47 start present and <= ICPC */
    { "8615", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8615", "start on the ICPC day", s47_dates, "2024-05-22", "2024-05-22", 0, NULL, 0 },
    { "8615", "start the day after the ICPC", s47_dates, "2024-05-23", "2024-05-22", 1, S1 "S47ActualStartDate", 0 },
    { "8615", "start absent, ICPC held", s47_dates, NULL, "2024-05-22", 1, S1 "S47ActualStartDate", 0 },
    { "8615", "start absent, ICPC unparseable", s47_dates, NULL, "2024-05-40", 1, S1 "S47ActualStartDate", 0 },
    { "8615", "start absent, no ICPC", s47_dates, NULL, NULL, 0, NULL, 0 },
    { "8615", "start unparseable", s47_dates, "2024-05-40", "2024-05-22", 0, NULL, 0 },

    /* 8715 Section47 ICPC within the census period */
    { "8715", "baseline", nothing, NULL, NULL, 0, NULL, 0 },
    { "8715", "on the period start", s47_icpc, "2024-04-01", NULL, 0, NULL, 0 },
    { "8715", "the day before the period", s47_icpc, "2024-03-31", NULL, 1, S1 "DateOfInitialCPC", 0 },
    { "8715", "on the ReferenceDate", s47_icpc, "2025-03-31", NULL, 0, NULL, 0 },
    { "8715", "the day after the ReferenceDate", s47_icpc, "2025-04-01", NULL, 1, S1 "DateOfInitialCPC", 0 },
    { "8715", "2026 period start", s47_icpc, "2025-04-01", NULL, 0, NULL, 2026 },
    { "8715", "2026: day before the period", s47_icpc, "2025-03-31", NULL, 1, S1 "DateOfInitialCPC", 2026 },
};

#define N_CASES (sizeof cases / sizeof cases[0])

static void run_case(const struct rcase *k)
{
    struct rfx f;
    char want[256];

    rfx_init(&f, k->year ? k->year : 2025);
    struct cin_child *c = rfx_child(&f);
    k->setup(&f, c, k->a, k->b);
    size_t n = rfx_run1(&f, k->code, c);
    if (n != k->expected)
        fail_msg("%s (%s): expected %zu findings, got %zu%s%s", k->code, k->what, k->expected, n,
                 n ? "; first at " : "", n ? f.findings[0].path : "");
    for (size_t i = 0; i < n && i < RFX_MAX_FINDINGS; i++)
        if (strcmp(f.findings[i].code, k->code))
            fail_msg("%s (%s): finding %zu has code %s", k->code, k->what, i, f.findings[i].code);
    if (n && k->path) {
        snprintf(want, sizeof want, "Message/Children/Child[1]/%s", k->path);
        if (strcmp(f.findings[0].path, want))
            fail_msg("%s (%s): first finding at %s, expected %s", k->code, k->what, f.findings[0].path, want);
        if (strcmp(f.findings[0].la_child_id, "C0000001") || f.findings[0].episode != 1)
            fail_msg("%s (%s): finding not tied to child C0000001, episode 1", k->code, k->what);
    }
    rfx_release(&f);
}

/* One test per rule, so a failure names the rule. */
static void run_rule_cases(const char *code)
{
    size_t seen = 0, passing = 0, failing = 0;

    for (size_t i = 0; i < N_CASES; i++) {
        if (strcmp(cases[i].code, code))
            continue;
        run_case(&cases[i]);
        seen++;
        if (cases[i].expected)
            failing++;
        else
            passing++;
    }
    /* Every rule needs both kinds of case. */
    if (!passing || !failing)
        fail_msg("rule %s: %zu passing and %zu failing cases; need both", code, passing, failing);
    assert_true(seen >= 2);
}

#define RULE_TEST(name, code) \
    static void name(void **state) { (void)state; run_rule_cases(code); }

RULE_TEST(test_1103, "1103")
RULE_TEST(test_1104, "1104")
RULE_TEST(test_2884, "2884")
RULE_TEST(test_2889, "2889")
RULE_TEST(test_8608, "8608")
RULE_TEST(test_8614, "8614")
RULE_TEST(test_8615, "8615")
RULE_TEST(test_8670Q, "8670Q")
RULE_TEST(test_8675Q, "8675Q")
RULE_TEST(test_8696, "8696")
RULE_TEST(test_8715, "8715")
RULE_TEST(test_8736, "8736")
RULE_TEST(test_8740, "8740")
RULE_TEST(test_8839, "8839")
RULE_TEST(test_8863Q, "8863Q")
RULE_TEST(test_8869, "8869")
RULE_TEST(test_8870Q, "8870Q")
RULE_TEST(test_8873Q, "8873Q")
RULE_TEST(test_8875, "8875")
RULE_TEST(test_8896, "8896")
RULE_TEST(test_8897Q, "8897Q")
RULE_TEST(test_8898, "8898")
RULE_TEST(test_8945Q, "8945Q")
RULE_TEST(test_8950Q, "8950Q")

/* ---- the table ------------------------------------------------------------ */

static const struct {
    const char *code;
    enum rule_type type;
    const char *module;
} expected_rules[] = {
    { "1103", RULE_ERROR, "Assessments" },  { "1104", RULE_ERROR, "Section47" },
    { "2884", RULE_ERROR, "Section47" },    { "2889", RULE_ERROR, "Section47" },
    { "8608", RULE_ERROR, "Assessments" },  { "8614", RULE_ERROR, "Assessments" },
    { "8615", RULE_ERROR, "Section47" },    { "8670Q", RULE_QUERY, "Assessments" },
    { "8675Q", RULE_QUERY, "Section47" },   { "8696", RULE_ERROR, "Assessments" },
    { "8715", RULE_ERROR, "Section47" },    { "8736", RULE_ERROR, "Assessments" },
    { "8740", RULE_ERROR, "Section47" },    { "8839", RULE_ERROR, "Section47" },
    { "8863Q", RULE_QUERY, "Assessments" }, { "8869", RULE_ERROR, "Assessments" },
    { "8870Q", RULE_QUERY, "Section47" },   { "8873Q", RULE_QUERY, "Assessments" },
    { "8875", RULE_ERROR, "Section47" },    { "8896", RULE_ERROR, "Assessments" },
    { "8897Q", RULE_QUERY, "Assessments" }, { "8898", RULE_ERROR, "Assessments" },
    { "8945Q", RULE_QUERY, "Assessments" }, { "8950Q", RULE_QUERY, "Assessments" },
};

#define N_EXPECTED (sizeof expected_rules / sizeof expected_rules[0])

/* The table lists exactly the batch's 24 rules, in code order, each with
 * its DfE type (query iff the code ends in Q), module and a message, and a
 * per-child check (none of them is about the header or the whole return). */
static void test_table(void **state)
{
    (void)state;
    size_t n = 0;

    while (cin_rules_assessments[n].rule.code)
        n++;
    assert_int_equal(n, N_EXPECTED);
    for (size_t i = 0; i < n; i++) {
        const struct cin_rule *r = &cin_rules_assessments[i];
        assert_string_equal(r->rule.code, expected_rules[i].code);
        assert_int_equal(r->rule.type, expected_rules[i].type);
        assert_int_equal(r->rule.type == RULE_QUERY, r->rule.code[strlen(r->rule.code) - 1] == 'Q');
        assert_string_equal(r->rule.module, expected_rules[i].module);
        assert_non_null(r->rule.message);
        assert_true(strlen(r->rule.message) > 20);
        assert_non_null(r->check_child);
        assert_null(r->accumulate);
        assert_null(r->conclude);
    }
}

/* A few messages pinned byte for byte where DfE's punctuation is unusual. */
static void test_messages(void **state)
{
    (void)state;
    const struct cin_rule *r8898 = NULL, *r8869 = NULL, *r8873 = NULL;

    for (const struct cin_rule *r = cin_rules_assessments; r->rule.code; r++) {
        if (!strcmp(r->rule.code, "8898"))
            r8898 = r;
        else if (!strcmp(r->rule.code, "8869"))
            r8869 = r;
        else if (!strcmp(r->rule.code, "8873Q"))
            r8873 = r;
    }
    assert_non_null(r8898);
    assert_non_null(r8869);
    assert_non_null(r8873);
    assert_string_equal(r8898->rule.message, " The assessment has more than one parental or child factors with the same code");
    assert_string_equal(r8869->rule.message,
                        "The assessment factors code \xe2\x80\x9c" "21\xe2\x80\x9d cannot be used in conjunction with any other assessment factors.");
    assert_non_null(strstr(r8873->rule.message, "reason for closure \xe2\x80\x98RC8\xe2\x80\x99 or 'RC9' should be used."));
}

/* The baseline child passes every rule of the batch.  Its dates are fixed
 * in 2024-25, so this holds for collection year 2025 only. */
static void test_baseline_passes_all(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *c = rfx_child(&f);
    for (const struct cin_rule *r = cin_rules_assessments; r->rule.code; r++) {
        size_t n = rfx_run1(&f, r->rule.code, c);
        if (n)
            fail_msg("baseline fails %s (%zu findings, first at %s)", r->rule.code, n, f.findings[0].path);
    }
    rfx_release(&f);
}

/* Several children: findings name the right child and stay per child. */
static void test_findings_per_child(void **state)
{
    (void)state;
    struct rfx f;

    rfx_init(&f, 2025);
    struct cin_child *ok = rfx_child(&f);
    struct cin_child *bad = rfx_child(&f);
    bad->position = 2;
    rfx_set(&f, &bad->la_child_id, "C0000002");
    rfx_set(&f, &bad->episodes[0].assessments[0].start, "2024-04-30");
    struct cin_child *kids[] = { ok, bad };
    assert_int_equal(rfx_run(&f, "1103", kids, 2), 1);
    assert_string_equal(f.findings[0].la_child_id, "C0000002");
    assert_string_equal(f.findings[0].path,
                        "Message/Children/Child[2]/CINdetails[1]/Assessments[1]/AssessmentActualStartDate");
    rfx_release(&f);
}

/* 2884 on the second episode's CINdetails-level date, with positions as the
 * reader gives them. */
static void episode2_icpc_placed(struct rfx *f, struct cin_child *c, const char *a, const char *b)
{
    episode2_icpc(f, c, a, b);
    c->episodes[1].position = 2;
}

/* A rule that reports one record of a pair names the other in the
 * finding's message, by place only. */
static void test_pair_names_other(void **state)
{
    static const struct {
        const char *code, *what;
        setup_fn *setup;
        const char *a, *b, *other;
    } names[] = {
        { "8898", "the first of the repeated factor", factors, "2B 3B 2B", NULL, "AssessmentFactors[1]" },
        { "2884", "the CINdetails-level date", icpc_both, "2024-05-22", "2024-05-22",
          "CINdetails[1]/DateOfInitialCPC" },
        { "2884", "another episode's CINdetails-level date", episode2_icpc_placed, "2024-06-01", "2024-05-22",
          "CINdetails[2]/DateOfInitialCPC" },
    };
    (void)state;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct rfx f;
        char want[128];
        rfx_init(&f, 2025);
        struct cin_child *c = rfx_child(&f);
        names[i].setup(&f, c, names[i].a, names[i].b);
        if (rfx_run1(&f, names[i].code, c) != 1)
            fail_msg("%s (%s): not one finding", names[i].code, names[i].what);
        snprintf(want, sizeof want, " (the other record: %s)", names[i].other);
        if (!strstr(f.findings[0].message, want))
            fail_msg("%s (%s): message '%s' lacks '%s'", names[i].code, names[i].what, f.findings[0].message, want);
        rfx_release(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_pair_names_other),
        cmocka_unit_test(test_baseline_passes_all),
        cmocka_unit_test(test_findings_per_child),
        cmocka_unit_test(test_1103),
        cmocka_unit_test(test_1104),
        cmocka_unit_test(test_2884),
        cmocka_unit_test(test_2889),
        cmocka_unit_test(test_8608),
        cmocka_unit_test(test_8614),
        cmocka_unit_test(test_8615),
        cmocka_unit_test(test_8670Q),
        cmocka_unit_test(test_8675Q),
        cmocka_unit_test(test_8696),
        cmocka_unit_test(test_8715),
        cmocka_unit_test(test_8736),
        cmocka_unit_test(test_8740),
        cmocka_unit_test(test_8839),
        cmocka_unit_test(test_8863Q),
        cmocka_unit_test(test_8869),
        cmocka_unit_test(test_8870Q),
        cmocka_unit_test(test_8873Q),
        cmocka_unit_test(test_8875),
        cmocka_unit_test(test_8896),
        cmocka_unit_test(test_8897Q),
        cmocka_unit_test(test_8898),
        cmocka_unit_test(test_8945Q),
        cmocka_unit_test(test_8950Q),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
