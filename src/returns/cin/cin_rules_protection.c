/*
 * DfE CIN rules for child protection: the ChildProtectionPlans module
 * (plan dates, categories of abuse, previous plans, overlaps), its Reviews
 * (review dates), the closure-date rule 8565 that DfE files under this
 * module, and the LA-level count 2883 of plans against initial conferences.
 *
 * Every rule reads the 2024-25 DfE definition (rules CSV, column
 * dfe_logic_from_source_comments).  Dates are day numbers; a date that is
 * absent or unparseable cannot break an ordering rule (the schema and the
 * presence rules report it) unless the rule itself is about presence.
 * [Period_of_Census] is env->period_start .. env->reference_date inclusive.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/cin/cin_codes.h"
#include "returns/cin/cin_rules.h"

/* ---- helpers ------------------------------------------------------------ */

static bool in_period(const struct rule_env *env, sr_date d)
{
    return sr_date_ok(d) && d >= env->period_start && d <= env->reference_date;
}

static bool xml_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* xs:integer with its "collapse" whitespace facet, and a value >= 0.  "-0"
 * and "+3" are lexically valid integers, so they are accepted; anything
 * with a fraction, exponent or other character is not a number of plans. */
static bool nonnegative_integer(const char *s)
{
    bool negative = false, digits = false, nonzero = false;

    if (!s)
        return false;
    while (xml_space(*s))
        s++;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++) {
        digits = true;
        if (*s != '0')
            nonzero = true;
    }
    while (xml_space(*s))
        s++;
    return digits && *s == '\0' && !(negative && nonzero);
}

/* ---- 1105 --------------------------------------------------------------- */

/* A plan cannot start before the referral of the CINdetails episode it sits
 * in.  The same day is allowed. */
static void check_1105(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!sr_date_ok(ep->referral_date.date))
            continue;
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->start.date) && p->start.date < ep->referral_date.date)
                rule_fail(ctx, c, ep, &p->start, 0, "ChildProtectionPlans[%zu]/CPPstartDate", j + 1);
        }
    }
}

/* ---- 2883 (LA level) ---------------------------------------------------- */

/* Across the whole return, the number of plans starting in the census period
 * must not exceed the number of initial conferences held in the period,
 * counting DateOfInitialCPC both at CINdetails level and in Section47.
 * Counts are kept as we stream; one return-level finding at the end. */
struct state_2883 {
    uint64_t plans_started;
    uint64_t conferences;
};

static void accumulate_2883(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    struct state_2883 *s = state;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (in_period(env, ep->initial_cpc.date))
            s->conferences++;
        for (size_t k = 0; k < ep->n_s47s; k++)
            if (in_period(env, ep->s47s[k].icpc_date.date))
                s->conferences++;
        for (size_t j = 0; j < ep->n_cpps; j++)
            if (in_period(env, ep->cpps[j].start.date))
                s->plans_started++;
    }
}

static void conclude_2883(struct rule_ctx *ctx, void *state)
{
    const struct state_2883 *s = state;

    if (s->plans_started > s->conferences)
        rule_fail_return(ctx, "Children");
}

/* ---- 2885 --------------------------------------------------------------- */

/* A plan starting in the census period must start on the day of an initial
 * conference of the same episode.  DfE: a Section47 DateOfInitialCPC, or
 * the CINdetails DateOfInitialCPC "if there is no associated Section 47
 * record".  We follow DfE's condition: where the episode has a Section47
 * group with its own conference date, the plan must start on one of those
 * dates, and a CINdetails-level date alone does not make it pass (we
 * used to accept either level).  A Section47 group with no
 * conference date (ICPCnotRequired, or none held) is no record of the
 * plan's conference, so beside it, or with no Section47 group at all, the
 * CINdetails-level date counts, as it is where DfE records a conference
 * without an enquiry (a child moving in on another LA's plan).  Plans that
 * started before the period are not checked. */
static bool conference_on(const struct cin_episode *ep, sr_date start)
{
    bool s47_conference = false;

    for (size_t k = 0; k < ep->n_s47s; k++) {
        sr_date icpc = ep->s47s[k].icpc_date.date;
        if (!sr_date_ok(icpc))
            continue;
        if (icpc == start)
            return true;
        s47_conference = true;
    }
    return !s47_conference && sr_date_ok(ep->initial_cpc.date) && ep->initial_cpc.date == start;
}

static void check_2885(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (in_period(env, p->start.date) && !conference_on(ep, p->start.date))
                rule_fail(ctx, c, ep, &p->start, 0, "ChildProtectionPlans[%zu]/CPPstartDate", j + 1);
        }
    }
}

/* ---- 4003 --------------------------------------------------------------- */

/* Within one episode, no CPP review may be held while a CIN plan of that
 * episode is running, unless the review is on the day that review's plan
 * ended.  DfE's between is read strictly at both ends: a review on a CIN
 * plan's start date is not flagged, as COLLECT does not flag it (a Bristol CC
 * validation script that reproduces COLLECT notes that a review on
 * CINPlanStartDate is common and passes COLLECT although the guidance reads
 * as if it should fail), and a review on the CIN plan's end day is the
 * hand-over day, which both public implementations let pass.  A CIN plan
 * with no (valid) end date is not checked: DfE's wording only bounds a plan
 * by its two dates, neither public implementation flags open plans, and 4001
 * and 4016/4017 already catch a CIN plan running alongside a CPP.
 * One finding per offending review date, however many plans it falls in. */
static void check_4003(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!ep->n_plans)
            continue;
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            for (size_t r = 0; r < p->n_reviews; r++) {
                sr_date review = p->reviews[r].date;
                if (!sr_date_ok(review))
                    continue;
                if (sr_date_ok(p->end.date) && review == p->end.date)
                    continue;
                for (size_t k = 0; k < ep->n_plans; k++) {
                    const struct cin_plan *pl = &ep->plans[k];
                    if (!sr_date_ok(pl->start.date) || !sr_date_ok(pl->end.date))
                        continue;
                    if (review > pl->start.date && review < pl->end.date) {
                        rule_fail(ctx, c, ep, &p->reviews[r], 0,
                                  "ChildProtectionPlans[%zu]/Reviews/CPPreviewDate[%zu]", j + 1, r + 1);
                        break;
                    }
                }
            }
        }
    }
}

/* ---- 8565 --------------------------------------------------------------- */

/* When an episode is closed, none of its activity dates may fall after the
 * closure: assessment start and authorisation, S47 start, initial conference
 * (Section47 and CINdetails level), CPP end, CIN plan start and end.  DfE's
 * list does not include CPPstartDate or review dates, so neither do we.  One
 * finding per date that is later than the closure, at that date. */
static void check_8565(struct rule_ctx *ctx, const struct cin_child *c)
{
#define AFTER_CLOSE(v) (sr_date_ok((v).date) && (v).date > closed)
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        sr_date closed = ep->closure_date.date;
        if (!sr_date_ok(closed))
            continue;
        for (size_t k = 0; k < ep->n_assessments; k++) {
            const struct cin_assessment *a = &ep->assessments[k];
            if (AFTER_CLOSE(a->start))
                rule_fail(ctx, c, ep, &a->start, 0, "Assessments[%zu]/AssessmentActualStartDate", k + 1);
            if (AFTER_CLOSE(a->authorisation))
                rule_fail(ctx, c, ep, &a->authorisation, 0, "Assessments[%zu]/AssessmentAuthorisationDate", k + 1);
        }
        for (size_t k = 0; k < ep->n_plans; k++) {
            const struct cin_plan *pl = &ep->plans[k];
            if (AFTER_CLOSE(pl->start))
                rule_fail(ctx, c, ep, &pl->start, 0, "CINPlanDates[%zu]/CINPlanStartDate", k + 1);
            if (AFTER_CLOSE(pl->end))
                rule_fail(ctx, c, ep, &pl->end, 0, "CINPlanDates[%zu]/CINPlanEndDate", k + 1);
        }
        if (AFTER_CLOSE(ep->initial_cpc))
            rule_fail(ctx, c, ep, &ep->initial_cpc, 0, "DateOfInitialCPC");
        for (size_t k = 0; k < ep->n_s47s; k++) {
            const struct cin_s47 *s = &ep->s47s[k];
            if (AFTER_CLOSE(s->start))
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", k + 1);
            if (AFTER_CLOSE(s->icpc_date))
                rule_fail(ctx, c, ep, &s->icpc_date, 0, "Section47[%zu]/DateOfInitialCPC", k + 1);
        }
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (AFTER_CLOSE(p->end))
                rule_fail(ctx, c, ep, &p->end, 0, "ChildProtectionPlans[%zu]/CPPendDate", j + 1);
        }
    }
#undef AFTER_CLOSE
}

/* ---- 8720 --------------------------------------------------------------- */

/* Every plan needs a start date on or before the ReferenceDate.  A start date
 * that is present but not a date counts as missing (this rule is about
 * presence).  A start before the period is fine: plans run across years. */
static void check_8720(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (!sr_date_ok(p->start.date) || p->start.date > env->reference_date)
                rule_fail(ctx, c, ep, cin_present(&p->start) ? &p->start : NULL, p->line,
                          "ChildProtectionPlans[%zu]/CPPstartDate", j + 1);
        }
    }
}

/* ---- 8730 --------------------------------------------------------------- */

/* Every plan needs NumberOfPreviousCPP, a whole number >= 0.  Missing, empty,
 * negative or non-integer values all fail; 0 is valid, as DfE allows zero. */
static void check_8730(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (!nonnegative_integer(p->previous_cpp.text))
                rule_fail(ctx, c, ep, cin_present(&p->previous_cpp) ? &p->previous_cpp : NULL, p->line,
                          "ChildProtectionPlans[%zu]/NumberOfPreviousCPP", j + 1);
        }
    }
}

/* ---- 8832 --------------------------------------------------------------- */

/* An episode flagged ReferralNFA (1 or true) must hold no child protection
 * plan.  One finding per plan group in such an episode. */
static void check_8832(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) != 1)
            continue;
        for (size_t j = 0; j < ep->n_cpps; j++)
            rule_fail(ctx, c, ep, NULL, ep->cpps[j].line, "ChildProtectionPlans[%zu]", j + 1);
    }
}

/* ---- 8840 --------------------------------------------------------------- */

/* A plan cannot start and end on the same day. */
static void check_8840(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->start.date) && sr_date_ok(p->end.date) && p->start.date == p->end.date)
                rule_fail(ctx, c, ep, &p->end, 0, "ChildProtectionPlans[%zu]/CPPendDate", j + 1);
        }
    }
}

/* ---- 8841 --------------------------------------------------------------- */

/* Each review of a plan must be strictly after the plan's start.  One
 * finding per review on or before the start. */
static void check_8841(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (!sr_date_ok(p->start.date))
                continue;
            for (size_t r = 0; r < p->n_reviews; r++) {
                sr_date review = p->reviews[r].date;
                if (sr_date_ok(review) && review <= p->start.date)
                    rule_fail(ctx, c, ep, &p->reviews[r], 0,
                              "ChildProtectionPlans[%zu]/Reviews/CPPreviewDate[%zu]", j + 1, r + 1);
            }
        }
    }
}

/* ---- 8842Q -------------------------------------------------------------- */

/* A Reviews group must carry valid review dates.  DfE's wording asks for a
 * valid CPPreviewDate in each Reviews group; DfE's message speaks of a
 * review record that lacks its date, and a review record is one
 * CPPreviewDate (the schema allows several in one Reviews group).  So we
 * report each CPPreviewDate that is empty or not a date, at that date, and a
 * Reviews group with no CPPreviewDate at all, at the group.  A group whose
 * dates are all missing therefore fails, as DfE's wording requires; a group
 * mixing good and empty dates is also queried, at the empty one, which is
 * what the message describes. */
static void check_8842Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (!p->has_reviews_group)
                continue;
            if (!p->n_reviews) {
                rule_fail(ctx, c, ep, NULL, p->line, "ChildProtectionPlans[%zu]/Reviews", j + 1);
                continue;
            }
            for (size_t r = 0; r < p->n_reviews; r++) {
                const struct cin_value *v = &p->reviews[r];
                if (!sr_date_ok(v->date))
                    rule_fail(ctx, c, ep, cin_present(v) ? v : NULL, v->line ? v->line : p->line,
                              "ChildProtectionPlans[%zu]/Reviews/CPPreviewDate[%zu]", j + 1, r + 1);
            }
        }
    }
}

/* ---- 8905, 8910 --------------------------------------------------------- */

/* Every plan needs an initial and a latest category of abuse from the DfE
 * list (NEG PHY SAB EMO MUL, exact case as the schema enumerates them). */
static void check_category(struct rule_ctx *ctx, const struct cin_child *c, bool latest)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    const char *name = latest ? "LatestCategoryOfAbuse" : "InitialCategoryOfAbuse";

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            const struct cin_value *v = latest ? &p->latest_category : &p->initial_category;
            if (!cin_present(v))
                rule_fail(ctx, c, ep, NULL, p->line, "ChildProtectionPlans[%zu]/%s", j + 1, name);
            else if (!cin_code_valid(CL_ABUSE_CATEGORY, v->text, env->year))
                rule_fail(ctx, c, ep, v, p->line, "ChildProtectionPlans[%zu]/%s", j + 1, name);
        }
    }
}

static void check_8905(struct rule_ctx *ctx, const struct cin_child *c)
{
    check_category(ctx, c, false);
}

static void check_8910(struct rule_ctx *ctx, const struct cin_child *c)
{
    check_category(ctx, c, true);
}

/* ---- 8915, 8920 --------------------------------------------------------- */

/* With a date of death, no plan may start after it (8915) or end after it
 * (8920); the same day is allowed.  An open plan of a child who has died is
 * not an 8920 failure: DfE compares CPPendDate with the death date and an
 * absent end date compares with nothing (the Data to Insight validator reads
 * it the same way; a Bristol script that flags open plans is stricter than
 * DfE's wording). */
static void check_8915(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date died = c->death_date.date;

    if (!sr_date_ok(died))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->start.date) && p->start.date > died)
                rule_fail(ctx, c, ep, &p->start, 0, "ChildProtectionPlans[%zu]/CPPstartDate", j + 1);
        }
    }
}

static void check_8920(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date died = c->death_date.date;

    if (!sr_date_ok(died))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->end.date) && p->end.date > died)
                rule_fail(ctx, c, ep, &p->end, 0, "ChildProtectionPlans[%zu]/CPPendDate", j + 1);
        }
    }
}

/* ---- 8925 --------------------------------------------------------------- */

/* A plan's end date cannot be before its start (same day is 8840's case). */
static void check_8925(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->start.date) && sr_date_ok(p->end.date) && p->end.date < p->start.date)
                rule_fail(ctx, c, ep, &p->end, 0, "ChildProtectionPlans[%zu]/CPPendDate", j + 1);
        }
    }
}

/* ---- 8930 --------------------------------------------------------------- */

/* A plan's end date, when given, must fall in the census period, both ends
 * inclusive.  An end date that is present but not a date is the schema's
 * to report, not a date outside the period. */
static void check_8930(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (sr_date_ok(p->end.date) && !in_period(env, p->end.date))
                rule_fail(ctx, c, ep, &p->end, 0, "ChildProtectionPlans[%zu]/CPPendDate", j + 1);
        }
    }
}

/* ---- 8935 --------------------------------------------------------------- */

/* A child may have only one open plan (no CPPendDate).  Counted per child,
 * across all its CINdetails: DfE's message is about the child, a child
 * cannot be on two protection plans at once whichever episode records them,
 * and the Data to Insight validator also groups plans by child (a Bristol
 * script counts per CINdetails only, which misses two open plans recorded in
 * two episodes).  An end date that is present but not a date is not
 * missing, so it does not make a plan open.  When a child has more than
 * one open plan, every open plan is reported, so each one is listed. */
static void check_8935(struct rule_ctx *ctx, const struct cin_child *c)
{
    size_t open = 0;

    for (size_t e = 0; e < c->n_episodes; e++)
        for (size_t j = 0; j < c->episodes[e].n_cpps; j++)
            if (!cin_present(&c->episodes[e].cpps[j].end))
                open++;
    if (open < 2)
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++)
            if (!cin_present(&ep->cpps[j].end))
                rule_fail(ctx, c, ep, NULL, ep->cpps[j].line, "ChildProtectionPlans[%zu]", j + 1);
    }
}

/* ---- 8940 --------------------------------------------------------------- */

/* No plan of a child may start within another plan of the same child: on or
 * after the other's start and on or before its end, or, when the other has
 * no end date, on or before the ReferenceDate (DfE's bounds, both
 * inclusive).  Per child across all CINdetails, for the reason given at
 * 8935 (and as the Data to Insight validator does).  A plan whose end date
 * is present but not a date gives no interval and is skipped as the other
 * plan.  One finding per plan whose start falls inside another plan, naming
 * the first such plan, so two plans starting the same day are both reported. */
static void check_8940(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_cpps; j++) {
            const struct cin_cpp *p = &ep->cpps[j];
            if (!sr_date_ok(p->start.date))
                continue;
            bool inside = false;
            for (size_t e2 = 0; e2 < c->n_episodes && !inside; e2++) {
                const struct cin_episode *ep2 = &c->episodes[e2];
                for (size_t j2 = 0; j2 < ep2->n_cpps && !inside; j2++) {
                    const struct cin_cpp *q = &ep2->cpps[j2];
                    if (q == p || !sr_date_ok(q->start.date))
                        continue;
                    sr_date until;
                    if (sr_date_ok(q->end.date))
                        until = q->end.date;
                    else if (q->end.date == SR_DATE_NONE)
                        until = env->reference_date;
                    else
                        continue;
                    inside = p->start.date >= q->start.date && p->start.date <= until;
                    if (inside) {
                        char at[96];
                        rule_other_group(at, sizeof at, ep2, "ChildProtectionPlans", j2 + 1);
                        rule_fail_other(ctx, c, ep, &p->start, at, q->line, "ChildProtectionPlans[%zu]/CPPstartDate",
                                        j + 1);
                    }
                }
            }
        }
    }
}

/* ---- table -------------------------------------------------------------- */

#define CPP "ChildProtectionPlans"

const struct cin_rule cin_rules_protection[] = {
    { .rule.code = "1105", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "The child protection plan start date cannot be before the referral date",
      .check_child = check_1105 },
    { .rule.code = "2883", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "There are more child protection plans starting than initial conferences taking place",
      .state_size = sizeof(struct state_2883), .accumulate = accumulate_2883, .conclude = conclude_2883 },
    { .rule.code = "2885", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child protection plan shown as starting a different day to the initial child protection conference.",
      .check_child = check_2885 },
    { .rule.code = "4003", .rule.type = RULE_ERROR, .rule.module = "Reviews",
      .rule.message = "A CPP review date is shown as being held at the same time as an open CIN Plan.",
      .check_child = check_4003 },
    { .rule.code = "8565", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Activity shown after a case has been closed",
      .check_child = check_8565 },
    { .rule.code = "8720", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan Start Date missing or out of data collection period",
      .check_child = check_8720 },
    { .rule.code = "8730", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Total Number of previous Child Protection Plans missing",
      .check_child = check_8730 },
    { .rule.code = "8832", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection details provided for a referral with no further action.",
      .check_child = check_8832 },
    { .rule.code = "8840", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan cannot start and end on the same day",
      .check_child = check_8840 },
    { .rule.code = "8841", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "The review date cannot be on the same day or before the Child protection Plan start date.",
      .check_child = check_8841 },
    { .rule.code = "8842Q", .rule.type = RULE_QUERY, .rule.module = "Reviews",
      .rule.message = "Please check and either amend or provide a reason: Review Record has a missing date",
      .check_child = check_8842Q },
    { .rule.code = "8905", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
      .check_child = check_8905 },
    { .rule.code = "8910", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
      .check_child = check_8910 },
    { .rule.code = "8915", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan shown as starting after the child’s Date of Death",
      .check_child = check_8915 },
    { .rule.code = "8920", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan cannot end after the child’s Date of Death",
      .check_child = check_8920 },
    { .rule.code = "8925", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan End Date earlier than Start Date",
      .check_child = check_8925 },
    { .rule.code = "8930", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan End Date must fall within the census year",
      .check_child = check_8930 },
    { .rule.code = "8935", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "This child is showing more than one open Child Protection plan, i.e. with no End Date",
      .check_child = check_8935 },
    { .rule.code = "8940", .rule.type = RULE_ERROR, .rule.module = CPP,
      .rule.message = "Child Protection Plan data contains overlapping dates",
      .check_child = check_8940 },
    { .rule.code = NULL },
};
