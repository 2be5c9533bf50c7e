/*
 * DfE CIN rules about the episode of need (CINdetails) and CIN plans
 * (CINPlanDates): referral and closure dates and codes, the ReferralNFA
 * flag, activity on closed or no-further-action episodes, and overlaps
 * between episodes, Section 47 enquiries, CIN plans and child protection
 * plans.  Part of the 2024-25 base layer (rules_cin_layers.c).
 *
 * Conventions shared by every rule here (see include/returns/cin/cin_rules.h):
 *  - A date that is absent or unparseable (not sr_date_ok) never violates an
 *    ordering or period rule; the schema and the presence rules report it.
 *    A date element whose text is present but unparseable still counts as
 *    "present" for rules about presence, so it is not also reported as
 *    missing.
 *  - "Present" means non-empty text (cin_present): the DfE tool reads an
 *    empty element as null.
 *  - Booleans are read with cin_bool, which accepts DfE's 1/0/true/false
 *    (and the TRUE/FALSE spellings one published schema allows).
 *  - One finding per offending group or value, with the path below the
 *    episode.  Overlap rules name the group that starts inside another, once
 *    however many others it falls into, and in its message the first group
 *    it falls into (rule_fail_other), so an analyst finds both.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "returns/cin/cin_codes.h"
#include "returns/cin/cin_rules.h"

/* ---- helpers ---------------------------------------------------------- */

static bool date_ok(const struct cin_value *v)
{
    return sr_date_ok(v->date);
}

static bool is_text(const struct cin_value *v, const char *s)
{
    return v->text && !strcmp(v->text, s);
}

/* RC8 "case closed after assessment, no further action" and RC9 "case
 * closed after assessment, referred to early help". */
static bool closed_after_assessment(const struct cin_episode *ep)
{
    return is_text(&ep->closure_reason, "RC8") || is_text(&ep->closure_reason, "RC9");
}

/* An episode that is open and went on to further action: no closure date
 * and ReferralNFA false/0 (rules 8815, 8816, 8820). */
static bool open_further_action(const struct cin_episode *ep)
{
    return !cin_present(&ep->closure_date) && cin_bool(&ep->referral_nfa) == 0;
}

/*
 * The window [*from, *to] in which another group's start date counts as
 * overlapping, for a group that starts on `start` and ends on `end` (or, when
 * `end` is absent and `open_counts`, runs to the reference date).  Returns
 * false when the group opens no window we can judge: no usable start, an end
 * that is present but unparseable, or an open end that does not count.
 * `end_exclusive` makes the end day itself not overlap (a new plan may start
 * the day the other ends).
 */
static bool window(const struct rule_env *env, const struct cin_value *start, const struct cin_value *end,
                   bool open_counts, bool end_exclusive, sr_date *from, sr_date *to)
{
    if (!date_ok(start))
        return false;
    *from = start->date;
    if (cin_present(end)) {
        if (!date_ok(end))
            return false;
        *to = end_exclusive ? end->date - 1 : end->date;
    } else {
        if (!open_counts)
            return false;
        *to = env->reference_date;
    }
    return true;
}

static bool within(sr_date d, sr_date from, sr_date to)
{
    return d >= from && d <= to;
}

/* The start date (element `start_name`) of group `group`[i] of episode ep
 * falls inside another group (`other`[oi] of episode oep, at line oline):
 * the finding names that group too, so an analyst finds both, whichever of
 * the two a tool reports. */
static void fail_inside(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
                        const struct cin_value *start, const char *group, size_t i, const char *start_name,
                        const struct cin_episode *oep, const char *other, size_t oi, uint32_t oline)
{
    char at[96];

    rule_other_group(at, sizeof at, oep, other, oi);
    rule_fail_other(ctx, c, ep, start, at, oline, "%s[%zu]/%s", group, i, start_name);
}

/* ---- CINdetails -------------------------------------------------------- */

/* 2990: an episode closed with RC8 or RC9 (closed after assessment) must not
 * hold a Section47 module, a ChildProtectionPlans module, a CINdetails-level
 * DateOfInitialCPC or a CINPlanDates module.  One finding per offending
 * module (and one for the CINdetails-level ICPC date). */
static void check_2990(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!closed_after_assessment(ep))
            continue;
        if (cin_present(&ep->initial_cpc))
            rule_fail(ctx, c, ep, &ep->initial_cpc, 0, "DateOfInitialCPC");
        for (size_t i = 0; i < ep->n_plans; i++)
            rule_fail(ctx, c, ep, NULL, ep->plans[i].line, "CINPlanDates[%zu]", i + 1);
        for (size_t i = 0; i < ep->n_s47s; i++)
            rule_fail(ctx, c, ep, NULL, ep->s47s[i].line, "Section47[%zu]", i + 1);
        for (size_t i = 0; i < ep->n_cpps; i++)
            rule_fail(ctx, c, ep, NULL, ep->cpps[i].line, "ChildProtectionPlans[%zu]", i + 1);
    }
}

/* 2991Q: a Section47 module on an episode with no Assessments module is
 * queried.  One finding per Section47 group, since each is an enquiry with
 * no assessment behind it. */
static void check_2991q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (ep->n_assessments)
            continue;
        for (size_t i = 0; i < ep->n_s47s; i++)
            rule_fail(ctx, c, ep, NULL, ep->s47s[i].line, "Section47[%zu]", i + 1);
    }
}

/* 8555Q: when the child has a date of death, each referral date must be on
 * or before it. */
static void check_8555q(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!date_ok(&c->death_date))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (date_ok(&ep->referral_date) && ep->referral_date.date > c->death_date.date)
            rule_fail(ctx, c, ep, &ep->referral_date, 0, "CINreferralDate");
    }
}

/* 8568: ReferralNFA must be present and a boolean (1, 0, true, false).  The
 * DfE tool compares case-insensitively; cin_bool accepts the spellings the
 * published schemas allow, which is what we hold the flag to everywhere. */
static void check_8568(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) < 0)
            rule_fail(ctx, c, ep, &ep->referral_nfa, 0, "ReferralNFA");
    }
}

/* The working day before the first day of the census period. */
static sr_date working_day_before(const struct rule_env *env, sr_date d)
{
    do
        d--;
    while (!date_is_working_day(env->holidays, d));
    return d;
}

/* 8569Q: an episode referred before [start of the census year minus one
 * working day] must not be flagged as no further action.  "Minus one working
 * day" is the last working day before 1 April (bank holidays from
 * env->holidays), so a referral on that day itself passes.  We query only a
 * flag that is true: a missing or unreadable flag is 8568's finding, and
 * repeating it here would report one fault twice. */
static void check_8569q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    sr_date limit = SR_DATE_NONE;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!date_ok(&ep->referral_date) || cin_bool(&ep->referral_nfa) != 1)
            continue;
        if (limit == SR_DATE_NONE)   /* computed only when an NFA episode needs it */
            limit = working_day_before(env, env->period_start);
        if (ep->referral_date.date < limit)
            rule_fail(ctx, c, ep, &ep->referral_nfa, 0, "ReferralNFA");
    }
}

/* 8585Q: an episode closed with RC2 (died) needs a valid PersonDeathDate. */
static void check_8585q(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (date_ok(&c->death_date))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (is_text(&ep->closure_reason, "RC2"))
            rule_fail(ctx, c, ep, &ep->closure_reason, 0, "ReasonForClosure");
    }
}

/* 8600: CINreferralDate must be present and on or before the reference
 * date.  This is a presence rule, so an unparseable date fails too. */
static void check_8600(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!date_ok(&ep->referral_date) || ep->referral_date.date > env->reference_date)
            rule_fail(ctx, c, ep, &ep->referral_date, 0, "CINreferralDate");
    }
}

/* 8606: the referral must not be more than 280 days (40 weeks) before the
 * date of birth or the expected date of birth: exactly 280 days before
 * passes.  Whichever of the two dates is usable is checked; one finding per
 * episode. */
static void check_8606(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!date_ok(&ep->referral_date))
            continue;
        sr_date r = ep->referral_date.date;
        if ((date_ok(&c->birth_date) && r < c->birth_date.date - 280)
            || (date_ok(&c->expected_birth_date) && r < c->expected_birth_date.date - 280))
            rule_fail(ctx, c, ep, &ep->referral_date, 0, "CINreferralDate");
    }
}

/* 8610: an episode that went on to further action (ReferralNFA false/0)
 * must have a PrimaryNeedCode. */
static void check_8610(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) == 0 && !cin_present(&ep->primary_need))
            rule_fail(ctx, c, ep, NULL, 0, "PrimaryNeedCode");
    }
}

/* 8620: a CINclosureDate must fall within the census period (1 April to the
 * reference date, both included). */
static void check_8620(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (date_ok(&ep->closure_date)
            && !within(ep->closure_date.date, env->period_start, env->reference_date))
            rule_fail(ctx, c, ep, &ep->closure_date, 0, "CINclosureDate");
    }
}

/* 8630: CINclosureDate must be on or after the episode's CINreferralDate. */
static void check_8630(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (date_ok(&ep->closure_date) && date_ok(&ep->referral_date)
            && ep->closure_date.date < ep->referral_date.date)
            rule_fail(ctx, c, ep, &ep->closure_date, 0, "CINclosureDate");
    }
}

/* 8640: a ReasonForClosure, when present, must be a code of the year's
 * list (RC1..RC9). */
static void check_8640(struct rule_ctx *ctx, const struct cin_child *c)
{
    int year = rule_ctx_env(ctx)->year;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_present(&ep->closure_reason)
            && !cin_code_valid(CL_CLOSURE_REASON, ep->closure_reason.text, year))
            rule_fail(ctx, c, ep, &ep->closure_reason, 0, "ReasonForClosure");
    }
}

/* 8650: a PrimaryNeedCode, when present, must be a code of the year's list
 * (N0..N9). */
static void check_8650(struct rule_ctx *ctx, const struct cin_child *c)
{
    int year = rule_ctx_env(ctx)->year;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_present(&ep->primary_need)
            && !cin_code_valid(CL_PRIMARY_NEED, ep->primary_need.text, year))
            rule_fail(ctx, c, ep, &ep->primary_need, 0, "PrimaryNeedCode");
    }
}

/* 8805: an episode with a CINclosureDate must have a ReasonForClosure.  The
 * finding points at the closure date, the element that is there. */
static void check_8805(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_present(&ep->closure_date) && !cin_present(&ep->closure_reason))
            rule_fail(ctx, c, ep, &ep->closure_date, 0, "CINclosureDate");
    }
}

/* 8810: an episode with a ReasonForClosure must have a CINclosureDate; the
 * finding points at the reason. */
static void check_8810(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_present(&ep->closure_reason) && !cin_present(&ep->closure_date))
            rule_fail(ctx, c, ep, &ep->closure_reason, 0, "ReasonForClosure");
    }
}

/* 8815: among a child's episodes at most one may be open (no closure date)
 * with ReferralNFA false/0; open NFA episodes do not count.  When there are
 * two or more, each of them is reported, as none is more at fault than the
 * others. */
static void check_8815(struct rule_ctx *ctx, const struct cin_child *c)
{
    size_t n_open = 0;

    for (size_t e = 0; e < c->n_episodes; e++)
        n_open += open_further_action(&c->episodes[e]);
    if (n_open < 2)
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (open_further_action(ep))
            rule_fail(ctx, c, ep, NULL, 0, "CINclosureDate");
    }
}

/* 8816: an episode that is open with ReferralNFA false/0 must have the
 * latest referral date of all the child's episodes.  Ties with the latest
 * pass (two episodes on one day are 8820's business). */
static void check_8816(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date latest = SR_DATE_NONE;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (date_ok(&ep->referral_date) && (latest == SR_DATE_NONE || ep->referral_date.date > latest))
            latest = ep->referral_date.date;
    }
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (open_further_action(ep) && date_ok(&ep->referral_date) && ep->referral_date.date < latest)
            rule_fail(ctx, c, ep, &ep->referral_date, 0, "CINreferralDate");
    }
}

/* 8820: no episode's referral date may fall within another episode of the
 * same child: from that episode's referral date up to its closure date, or,
 * when it has no closure date and ReferralNFA is false/0, up to the
 * reference date.  The closure day itself is not inside: DfE's note on this
 * rule lets a new referral start on the day the previous episode closed (the
 * public implementation compares the same way).  Two episodes referred on
 * the same day overlap each other, and both are reported. */
static void check_8820(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    if (c->n_episodes < 2)
        return;
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *ep = &c->episodes[i];
        if (!date_ok(&ep->referral_date))
            continue;
        for (size_t j = 0; j < c->n_episodes; j++) {
            const struct cin_episode *other = &c->episodes[j];
            sr_date from, to;
            if (j == i)
                continue;
            bool open_counts = cin_bool(&other->referral_nfa) == 0;
            if (window(env, &other->referral_date, &other->closure_date, open_counts, true, &from, &to)
                && within(ep->referral_date.date, from, to)) {
                char at[96];
                rule_other_group(at, sizeof at, other, NULL, 0);
                rule_fail_other(ctx, c, ep, &ep->referral_date, at, other->line, "CINreferralDate");
                break;
            }
        }
    }
}

/* 8825Q: an episode closed with RC8 or RC9 (closed after assessment) should
 * have at least one Assessments module. */
static void check_8825q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (closed_after_assessment(ep) && !ep->n_assessments)
            rule_fail(ctx, c, ep, &ep->closure_reason, 0, "ReasonForClosure");
    }
}

/* 8831: an episode with ReferralNFA true/1 must not record an assessment
 * start or authorisation date, a S47 start date, or a DateOfInitialCPC
 * (CBDS N00110 exists at CINdetails level and in Section47; both are
 * activity, so both count).  One finding per offending group, pointing at
 * its first offending date, plus one for a CINdetails-level ICPC date. */
static void check_8831(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) != 1)
            continue;
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (cin_present(&a->start))
                rule_fail(ctx, c, ep, &a->start, 0, "Assessments[%zu]/AssessmentActualStartDate", i + 1);
            else if (cin_present(&a->authorisation))
                rule_fail(ctx, c, ep, &a->authorisation, 0, "Assessments[%zu]/AssessmentAuthorisationDate", i + 1);
        }
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (cin_present(&s->start))
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", i + 1);
            else if (cin_present(&s->icpc_date))
                rule_fail(ctx, c, ep, &s->icpc_date, 0, "Section47[%zu]/DateOfInitialCPC", i + 1);
        }
        if (cin_present(&ep->initial_cpc))
            rule_fail(ctx, c, ep, &ep->initial_cpc, 0, "DateOfInitialCPC");
    }
}

/* 8866: an episode referred on or after 1 April 2013 must have a valid
 * ReferralSource.  Without a usable referral date we cannot tell whether the
 * rule applies, so we leave it to 8600. */
static void check_8866(struct rule_ctx *ctx, const struct cin_child *c)
{
    int year = rule_ctx_env(ctx)->year;
    sr_date from = date_from_ymd(2013, 4, 1);   /* ReferralSource became mandatory */

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!date_ok(&ep->referral_date) || ep->referral_date.date < from)
            continue;
        if (!cin_present(&ep->referral_source)
            || !cin_code_valid(CL_REFERRAL_SOURCE, ep->referral_source.text, year))
            rule_fail(ctx, c, ep, &ep->referral_source, 0, "ReferralSource");
    }
}

/* 8867: on a closed episode (CINclosureDate present) every Assessments group
 * must have an AssessmentAuthorisationDate.  One finding per unfinished
 * assessment, at the missing element, with the group's line. */
static void check_8867(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!cin_present(&ep->closure_date))
            continue;
        for (size_t i = 0; i < ep->n_assessments; i++)
            if (!cin_present(&ep->assessments[i].authorisation))
                rule_fail(ctx, c, ep, NULL, ep->assessments[i].line,
                          "Assessments[%zu]/AssessmentAuthorisationDate", i + 1);
    }
}

/* 8868: on a closed episode every Section47 group must have either a
 * DateOfInitialCPC or ICPCnotRequired true/1.  One finding per unfinished
 * enquiry. */
static void check_8868(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!cin_present(&ep->closure_date))
            continue;
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (!cin_present(&s->icpc_date) && cin_bool(&s->icpc_not_required) != 1)
                rule_fail(ctx, c, ep, NULL, s->line, "Section47[%zu]/DateOfInitialCPC", i + 1);
        }
    }
}

/* 8890: within one episode, no S47ActualStartDate may fall on or between
 * another Section47 group's start date and its DateOfInitialCPC or, when
 * that group has no ICPC date and ICPCnotRequired is not true, the reference
 * date.  "On or between": both ends count.  Each enquiry that starts inside
 * another is reported once; two starting the same day report each other. */
static void check_8890(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (!date_ok(&s->start))
                continue;
            for (size_t j = 0; j < ep->n_s47s; j++) {
                const struct cin_s47 *o = &ep->s47s[j];
                sr_date from, to;
                if (j == i)
                    continue;
                bool open_counts = cin_bool(&o->icpc_not_required) != 1;
                if (window(env, &o->start, &o->icpc_date, open_counts, false, &from, &to)
                    && within(s->start.date, from, to)) {
                    char at[96];
                    rule_other_group(at, sizeof at, ep, "Section47", j + 1);
                    rule_fail_other(ctx, c, ep, &s->start, at, o->line, "Section47[%zu]/S47ActualStartDate", i + 1);
                    break;
                }
            }
        }
    }
}

/* ---- CINPlanDates ------------------------------------------------------ */

/* 4000: an episode with ReferralNFA true/1 must have no CINPlanDates group;
 * one finding per group. */
static void check_4000(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) != 1)
            continue;
        for (size_t i = 0; i < ep->n_plans; i++)
            rule_fail(ctx, c, ep, NULL, ep->plans[i].line, "CINPlanDates[%zu]", i + 1);
    }
}

/* 4001: within one episode, when a child protection plan has no CPPendDate,
 * no CIN plan may be without a CINPlanEndDate.  Each open CIN plan is
 * reported. */
static void check_4001(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        bool open_cpp = false;
        for (size_t k = 0; k < ep->n_cpps && !open_cpp; k++)
            open_cpp = !cin_present(&ep->cpps[k].end);
        if (!open_cpp)
            continue;
        for (size_t i = 0; i < ep->n_plans; i++)
            if (!cin_present(&ep->plans[i].end))
                rule_fail(ctx, c, ep, NULL, ep->plans[i].line, "CINPlanDates[%zu]/CINPlanEndDate", i + 1);
    }
}

/* 4004: within one episode at most one CIN plan may have no end date.  When
 * two or more are open, each is reported. */
static void check_4004(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        size_t n_open = 0;
        for (size_t i = 0; i < ep->n_plans; i++)
            n_open += !cin_present(&ep->plans[i].end);
        if (n_open < 2)
            continue;
        for (size_t i = 0; i < ep->n_plans; i++)
            if (!cin_present(&ep->plans[i].end))
                rule_fail(ctx, c, ep, NULL, ep->plans[i].line, "CINPlanDates[%zu]/CINPlanEndDate", i + 1);
    }
}

/* 4010: every CIN plan must have a CINPlanStartDate on or before the
 * reference date.  A presence rule: an unparseable date fails too. */
static void check_4010(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            if (!date_ok(&p->start) || p->start.date > env->reference_date)
                rule_fail(ctx, c, ep, &p->start, p->line, "CINPlanDates[%zu]/CINPlanStartDate", i + 1);
        }
    }
}

/* 4011: a CINPlanEndDate must be on or after its CINPlanStartDate. */
static void check_4011(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            if (date_ok(&p->start) && date_ok(&p->end) && p->end.date < p->start.date)
                rule_fail(ctx, c, ep, &p->end, 0, "CINPlanDates[%zu]/CINPlanEndDate", i + 1);
        }
    }
}

/* 4012Q: a CIN plan should not start and end on the same day. */
static void check_4012q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            if (date_ok(&p->start) && date_ok(&p->end) && p->end.date == p->start.date)
                rule_fail(ctx, c, ep, &p->end, 0, "CINPlanDates[%zu]/CINPlanEndDate", i + 1);
        }
    }
}

/* 4013: a CINPlanEndDate must fall within the census period, both ends
 * included. */
static void check_4013(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            if (date_ok(&p->end) && !within(p->end.date, env->period_start, env->reference_date))
                rule_fail(ctx, c, ep, &p->end, 0, "CINPlanDates[%zu]/CINPlanEndDate", i + 1);
        }
    }
}

/* 4014: no CIN plan may start within another CIN plan of the same child:
 * from the other's start date to its end date, or to the reference date when
 * it has no end date.  DfE's wording gives the CIN plan dates the CPP item
 * numbers (N00105, N00115), apparently copied from the CPP overlap rule 8940;
 * we implement the intent, CIN plans against CIN plans.  The wording sets no
 * episode limit, so plans in all the child's episodes are compared.  The
 * other plan's end day counts as inside (the wording's span is inclusive, and
 * the public implementation reads it so), unlike 4016/4017, whose wording
 * excludes the end day explicitly.  Each plan that starts inside another is
 * reported once. */
static void check_4014(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            bool hit = false;
            if (!date_ok(&p->start))
                continue;
            for (size_t f = 0; f < c->n_episodes && !hit; f++) {
                const struct cin_episode *oep = &c->episodes[f];
                for (size_t j = 0; j < oep->n_plans && !hit; j++) {
                    const struct cin_plan *o = &oep->plans[j];
                    sr_date from, to;
                    if (o == p)
                        continue;
                    hit = window(env, &o->start, &o->end, true, false, &from, &to)
                          && within(p->start.date, from, to);
                    if (hit)
                        fail_inside(ctx, c, ep, &p->start, "CINPlanDates", i + 1, "CINPlanStartDate", oep,
                                    "CINPlanDates", j + 1, o->line);
                }
            }
        }
    }
}

/* 4015: a CINPlanStartDate must be on or after its episode's referral
 * date. */
static void check_4015(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!date_ok(&ep->referral_date))
            continue;
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            if (date_ok(&p->start) && p->start.date < ep->referral_date.date)
                rule_fail(ctx, c, ep, &p->start, 0, "CINPlanDates[%zu]/CINPlanStartDate", i + 1);
        }
    }
}

/* 4016: no CIN plan may start while a child protection plan of the child is
 * open: on or after the CPP's start date and before its end date (DfE makes
 * an exception for a CIN plan starting on the CPP's end day), or up to the
 * reference date when the CPP has no end date.  DfE's wording of 4016/4017 is
 * a copied-and-swapped pair that names the other plan's start "or" end date
 * where it means the span between them, and 4017 misspells the CPP start
 * element; we implement the intent, CIN plans against CP plans.  They are
 * compared over all the child's episodes, as the wording covers any CPP
 * group of the child.  One finding per CIN plan. */
static void check_4016(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_plans; i++) {
            const struct cin_plan *p = &ep->plans[i];
            bool hit = false;
            if (!date_ok(&p->start))
                continue;
            for (size_t f = 0; f < c->n_episodes && !hit; f++) {
                const struct cin_episode *oep = &c->episodes[f];
                for (size_t k = 0; k < oep->n_cpps && !hit; k++) {
                    const struct cin_cpp *o = &oep->cpps[k];
                    sr_date from, to;
                    hit = window(env, &o->start, &o->end, true, true, &from, &to)
                          && within(p->start.date, from, to);
                    if (hit)
                        fail_inside(ctx, c, ep, &p->start, "CINPlanDates", i + 1, "CINPlanStartDate", oep,
                                    "ChildProtectionPlans", k + 1, o->line);
                }
            }
        }
    }
}

/* 4017: the mirror of 4016: no child protection plan may start while a CIN
 * plan of the child is open: on or after the CIN plan's start date and
 * before its end date (starting on the CIN plan's end day is allowed), or up
 * to the reference date when the CIN plan has no end date.  Same reading of
 * DfE's copied wording as 4016.  One finding per CPP, at its start date. */
static void check_4017(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t k = 0; k < ep->n_cpps; k++) {
            const struct cin_cpp *cp = &ep->cpps[k];
            bool hit = false;
            if (!date_ok(&cp->start))
                continue;
            for (size_t f = 0; f < c->n_episodes && !hit; f++) {
                const struct cin_episode *oep = &c->episodes[f];
                for (size_t i = 0; i < oep->n_plans && !hit; i++) {
                    const struct cin_plan *o = &oep->plans[i];
                    sr_date from, to;
                    hit = window(env, &o->start, &o->end, true, true, &from, &to)
                          && within(cp->start.date, from, to);
                    if (hit)
                        fail_inside(ctx, c, ep, &cp->start, "ChildProtectionPlans", k + 1, "CPPstartDate", oep,
                                    "CINPlanDates", i + 1, o->line);
                }
            }
        }
    }
}

/* ---- the table --------------------------------------------------------- */

#define CIN_RULE(code_, type_, module_, message_, fn_) \
    { .rule.code = code_, .rule.type = type_, .rule.module = module_, .rule.message = message_, .check_child = fn_ }

const struct cin_rule cin_rules_episodes[] = {
    CIN_RULE("2990", RULE_ERROR, "CINdetails",
             "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
             check_2990),
    CIN_RULE("2991Q", RULE_QUERY, "CINdetails",
             "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode",
             check_2991q),
    CIN_RULE("4000", RULE_ERROR, "CINplanDates",
             "CIN Plan details provided for a referral with no further action",
             check_4000),
    CIN_RULE("4001", RULE_ERROR, "CINplanDates",
             "A CIN Plan cannot run concurrently with a Child Protection Plan",
             check_4001),
    CIN_RULE("4004", RULE_ERROR, "CINplanDates",
             "This child is showing more than one open CIN Plan, i.e. with no End Date",
             check_4004),
    CIN_RULE("4010", RULE_ERROR, "CINplanDates",
             "CIN Plan start date is missing or out of data collection period",
             check_4010),
    CIN_RULE("4011", RULE_ERROR, "CINplanDates",
             "CIN Plan End Date earlier than Start Date",
             check_4011),
    CIN_RULE("4012Q", RULE_QUERY, "CINplanDates",
             "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day",
             check_4012q),
    CIN_RULE("4013", RULE_ERROR, "CINplanDates",
             "CIN Plan end date must fall within the census year",
             check_4013),
    CIN_RULE("4014", RULE_ERROR, "CINplanDates",
             "CIN Plan data contains overlapping dates",
             check_4014),
    CIN_RULE("4015", RULE_ERROR, "CINplanDates",
             "The CIN Plan start date cannot be before the referral date",
             check_4015),
    CIN_RULE("4016", RULE_ERROR, "CINplanDates",
             "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
             check_4016),
    CIN_RULE("4017", RULE_ERROR, "CINplanDates",
             "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
             check_4017),
    CIN_RULE("8555Q", RULE_QUERY, "CINdetails",
             "Child cannot be referred after its recorded date of death",
             check_8555q),
    CIN_RULE("8568", RULE_ERROR, "CINdetails",
             "RNFA flag is missing or invalid",
             check_8568),
    CIN_RULE("8569Q", RULE_QUERY, "CINdetails",
             "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case",
             check_8569q),
    CIN_RULE("8585Q", RULE_QUERY, "CINdetails",
             "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
             check_8585q),
    CIN_RULE("8600", RULE_ERROR, "CINdetails",
             "Child referral date missing or after data collection period",
             check_8600),
    CIN_RULE("8606", RULE_ERROR, "CINdetails",
             "Child referral date is more than 40 weeks before DOB or expected DOB",
             check_8606),
    CIN_RULE("8610", RULE_ERROR, "CINdetails",
             "Primary Need code is missing for a referral which led to further action.",
             check_8610),
    CIN_RULE("8620", RULE_ERROR, "CINdetails",
             "CIN Closure Date present and does not fall within the Census year",
             check_8620),
    CIN_RULE("8630", RULE_ERROR, "CINdetails",
             "CIN Closure Date is before CIN Referral Date for the same CIN episode",
             check_8630),
    CIN_RULE("8640", RULE_ERROR, "CINdetails",
             "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
             check_8640),
    CIN_RULE("8650", RULE_ERROR, "CINdetails",
             "Primary Need Code invalid (see Primary Need table in CIN census code set)",
             check_8650),
    CIN_RULE("8805", RULE_ERROR, "CINdetails",
             "A CIN case cannot have a CIN closure date without a Reason for Closure",
             check_8805),
    CIN_RULE("8810", RULE_ERROR, "CINdetails",
             "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
             check_8810),
    CIN_RULE("8815", RULE_ERROR, "CINdetails",
             "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
             check_8815),
    CIN_RULE("8816", RULE_ERROR, "CINdetails",
             "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
             check_8816),
    CIN_RULE("8820", RULE_ERROR, "CINdetails",
             "The dates on the CIN episodes for this child overlap",
             check_8820),
    CIN_RULE("8825Q", RULE_QUERY, "CINdetails",
             "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.",
             check_8825q),
    CIN_RULE("8831", RULE_ERROR, "CINdetails",
             "Activity is recorded against a case marked as a referral with no further action",
             check_8831),
    CIN_RULE("8866", RULE_ERROR, "CINdetails",
             "Source of Referral is missing or an invalid code",
             check_8866),
    CIN_RULE("8867", RULE_ERROR, "CINdetails",
             "CIN episode is shown as closed, however Assessment is not shown as completed",
             check_8867),
    CIN_RULE("8868", RULE_ERROR, "CINdetails",
             "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
             check_8868),
    CIN_RULE("8890", RULE_ERROR, "CINdetails",
             "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
             check_8890),
    { .rule.code = NULL },
};
