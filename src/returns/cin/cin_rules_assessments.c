/*
 * DfE CIN rules for the Assessments and Section47 modules (2024-25 base
 * layer, also in force for 2025-26).
 *
 * Each rule reads one child's CINdetails episodes and reports one finding
 * per offending group or value, located below the episode, e.g.
 * "Assessments[2]/AssessmentActualStartDate" or "Section47[1]/DateOfInitialCPC"
 * (1-based positions within the episode).  Dates are compared as day
 * numbers; a date that is absent or unparseable cannot break an ordering or
 * range rule, because the schema and the presence rules already report it.
 *
 * Two queries count working days (Monday to Friday, not an England and
 * Wales bank holiday): 8670Q and 8675Q.  DfE words both as "start date
 * should not be before the ReferenceDate minus N working days".  We read
 * that literally: step back N working days from the ReferenceDate (the
 * ReferenceDate itself is day 0, each earlier working day counts one) and
 * query a start strictly before the day reached.  With the ReferenceDate a
 * working day, as 31 March is in every supported year, this queries exactly
 * the starts with more than N working days after the start day up to and
 * including the ReferenceDate: the start day is not counted, the same
 * convention as InitialCPCtarget = S47 start + 15 working days.  So 8675Q
 * queries an enquiry whose ICPC target date fell before the ReferenceDate,
 * not one whose target is the ReferenceDate itself.  The public Python
 * validator (csc-validator-be-cin) steps back N-1 working days instead, so
 * it also queries a start exactly N working days before the ReferenceDate;
 * we do not, because that contradicts the DfE wording.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "returns/cin/cin_codes.h"
#include "returns/cin/cin_rules.h"

#define FACTOR_PATH "Assessments[%zu]/FactorsIdentifiedAtAssessment/AssessmentFactors[%zu]"

static bool in_census_period(const struct rule_env *env, sr_date d)
{
    return d >= env->period_start && d <= env->reference_date;
}

static bool is_weekend(sr_date d)
{
    return date_weekday(d) >= 5;
}

/* The day reached by stepping back n working days from `from` (from itself
 * not counted).  Walking back from the ReferenceDate is bounded (about 65
 * calendar days for 45 working days), unlike counting forward from a start
 * date that may be years old.  Outside the years the bank-holiday file
 * covers only weekends are skipped; the file covers 2015-2030. */
static sr_date working_days_before(const struct holidays *h, sr_date from, int n)
{
    sr_date d = from;

    while (n > 0) {
        d--;
        if (date_is_working_day(h, d))
            n--;
    }
    return d;
}

static size_t present_factors(const struct cin_assessment *a)
{
    size_t n = 0;

    for (size_t j = 0; j < a->n_factors; j++)
        n += cin_present(&a->factors[j]);
    return n;
}

/* Exact, case-sensitive, as the schema's code lists are. */
static bool text_is(const struct cin_value *v, const char *code)
{
    return v->text && !strcmp(v->text, code);
}

/* ---- Assessments ------------------------------------------------------ */

/* 1103: an assessment may not start before its episode's referral date. */
static void check_1103(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!sr_date_ok(ep->referral_date.date))
            continue;
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (sr_date_ok(a->start.date) && a->start.date < ep->referral_date.date)
                rule_fail(ctx, c, ep, &a->start, 0, "Assessments[%zu]/AssessmentActualStartDate", i + 1);
        }
    }
}

/* 8608: an assessment's authorisation (end) date may not be before its
 * start date.  DfE states the condition on the authorisation date, so that
 * is the value reported. */
static void check_8608(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (sr_date_ok(a->start.date) && sr_date_ok(a->authorisation.date)
                && a->authorisation.date < a->start.date)
                rule_fail(ctx, c, ep, &a->authorisation, 0, "Assessments[%zu]/AssessmentAuthorisationDate", i + 1);
        }
    }
}

/* 8614: an assessment with no authorisation date may carry no factors.
 * "Missing" is absent: an unparseable authorisation date is still a
 * recorded one (the schema reports it).  One finding per assessment, at
 * the factors group, on the line of its first factor. */
static void check_8614(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (cin_present(&a->authorisation))
                continue;
            for (size_t j = 0; j < a->n_factors; j++) {
                if (cin_present(&a->factors[j])) {
                    rule_fail(ctx, c, ep, NULL, a->factors[j].line,
                              "Assessments[%zu]/FactorsIdentifiedAtAssessment", i + 1);
                    break;
                }
            }
        }
    }
}

/* 8670Q: an assessment with no authorisation date should not have started
 * before the ReferenceDate minus 45 working days (see the top of the file
 * for how the days are counted). */
static void check_8670Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    sr_date limit = SR_DATE_NONE;   /* computed on first need: most assessments are complete */

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (cin_present(&a->authorisation) || !sr_date_ok(a->start.date))
                continue;
            if (limit == SR_DATE_NONE)
                limit = working_days_before(env->holidays, env->reference_date, 45);
            if (a->start.date < limit)
                rule_fail(ctx, c, ep, &a->start, 0, "Assessments[%zu]/AssessmentActualStartDate", i + 1);
        }
    }
}

/* 8696: an authorisation date must fall within the census period
 * (1 April .. ReferenceDate, both included). */
static void check_8696(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (sr_date_ok(a->authorisation.date) && !in_census_period(env, a->authorisation.date))
                rule_fail(ctx, c, ep, &a->authorisation, 0, "Assessments[%zu]/AssessmentAuthorisationDate", i + 1);
        }
    }
}

/* 8736: an assessment with no authorisation date must have started within
 * the census period.  "Does not contain" the authorisation date means the
 * element is absent. */
static void check_8736(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (!cin_present(&a->authorisation) && sr_date_ok(a->start.date)
                && !in_census_period(env, a->start.date))
                rule_fail(ctx, c, ep, &a->start, 0, "Assessments[%zu]/AssessmentActualStartDate", i + 1);
        }
    }
}

/* 8863Q: within one episode, an assessment's start must not fall on or
 * between the start and authorisation date of any other assessment, or on
 * or between the start and the ReferenceDate of another assessment with no
 * authorisation date.  Another assessment whose authorisation date is
 * present but unparseable has no known span and is skipped.  "Other" means
 * another group, so two identical assessments query each other; the Python
 * validator leaves exact duplicates out, as its self-join cannot tell a
 * duplicate from the assessment itself.  One finding per assessment that
 * starts inside another. */
static void check_8863Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            sr_date s = ep->assessments[i].start.date;
            if (!sr_date_ok(s))
                continue;
            for (size_t k = 0; k < ep->n_assessments; k++) {
                const struct cin_assessment *o = &ep->assessments[k];
                sr_date end;
                if (k == i || !sr_date_ok(o->start.date))
                    continue;
                if (!cin_present(&o->authorisation))
                    end = env->reference_date;
                else if (sr_date_ok(o->authorisation.date))
                    end = o->authorisation.date;
                else
                    continue;
                if (s >= o->start.date && s <= end) {
                    rule_fail(ctx, c, ep, &ep->assessments[i].start, 0,
                              "Assessments[%zu]/AssessmentActualStartDate", i + 1);
                    break;
                }
            }
        }
    }
}

/* 8869: factor 21 (no factors identified) must be the only factor of its
 * assessment.  Reported at the 21, once per occurrence. */
static void check_8869(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (present_factors(a) < 2)
                continue;
            for (size_t j = 0; j < a->n_factors; j++)
                if (text_is(&a->factors[j], "21"))
                    rule_fail(ctx, c, ep, &a->factors[j], 0, FACTOR_PATH, i + 1, j + 1);
        }
    }
}

/* 8873Q: when an episode has exactly one assessment and it records factor
 * 21, the episode's ReasonForClosure should be RC8 or RC9.  DfE's test is
 * on the closure reason alone, so an episode still open (no reason) is
 * queried too, as the Python validator does: an assessment that found no
 * factors is expected to close the case.  Reported at the factor 21. */
static void check_8873Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (ep->n_assessments != 1)
            continue;
        if (text_is(&ep->closure_reason, "RC8") || text_is(&ep->closure_reason, "RC9"))
            continue;
        const struct cin_assessment *a = &ep->assessments[0];
        for (size_t j = 0; j < a->n_factors; j++) {
            if (text_is(&a->factors[j], "21")) {
                rule_fail(ctx, c, ep, &a->factors[j], 0, FACTOR_PATH, (size_t)1, j + 1);
                break;
            }
        }
    }
}

/* 8896: at most one assessment per episode may lack an authorisation date
 * (be open).  When two or more are open, each open one is reported, since
 * none of them is more at fault than the others. */
static void check_8896(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        size_t open = 0;
        for (size_t i = 0; i < ep->n_assessments; i++)
            open += !cin_present(&ep->assessments[i].authorisation);
        if (open < 2)
            continue;
        for (size_t i = 0; i < ep->n_assessments; i++)
            if (!cin_present(&ep->assessments[i].authorisation))
                rule_fail(ctx, c, ep, NULL, ep->assessments[i].line,
                          "Assessments[%zu]/AssessmentAuthorisationDate", i + 1);
    }
}

/* 8897Q: an assessment authorised on or after the start of the census year
 * should have at least one factor, and each factor should be a valid code.
 * One finding for an assessment with no factor (at the factors group), and
 * one for each factor that is not in the code list. */
static void check_8897Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            if (!sr_date_ok(a->authorisation.date) || a->authorisation.date < env->period_start)
                continue;
            if (!present_factors(a)) {
                rule_fail(ctx, c, ep, NULL, a->line, "Assessments[%zu]/FactorsIdentifiedAtAssessment", i + 1);
                continue;
            }
            for (size_t j = 0; j < a->n_factors; j++) {
                const struct cin_value *f = &a->factors[j];
                if (cin_present(f) && !cin_code_valid(CL_ASSESSMENT_FACTOR, f->text, env->year))
                    rule_fail(ctx, c, ep, f, 0, FACTOR_PATH, i + 1, j + 1);
            }
        }
    }
}

/* 8898: no factor code may appear twice in one assessment.  Each repeat
 * after the first occurrence is reported, naming the first. */
static void check_8898(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            for (size_t j = 1; j < a->n_factors; j++) {
                if (!cin_present(&a->factors[j]))
                    continue;
                for (size_t k = 0; k < j; k++) {
                    if (text_is(&a->factors[k], a->factors[j].text)) {
                        char other[64];
                        snprintf(other, sizeof other, "AssessmentFactors[%zu]", k + 1);
                        rule_fail_other(ctx, c, ep, &a->factors[j], other, a->factors[k].line, FACTOR_PATH, i + 1,
                                        j + 1);
                        break;
                    }
                }
            }
        }
    }
}

/* 8945Q / 8950Q (new in 2024-25): factors 18A and 19A were split into
 * 18B/18C and 19B/19C and should no longer be used.  Matched without
 * regard to case, as the Python validator does, because a lower-case "18a"
 * means the same retired code (the schema reports the case separately). */
static void check_retired_factor(struct rule_ctx *ctx, const struct cin_child *c, const char *code)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_assessments; i++) {
            const struct cin_assessment *a = &ep->assessments[i];
            for (size_t j = 0; j < a->n_factors; j++)
                if (a->factors[j].text && !strcasecmp(a->factors[j].text, code))
                    rule_fail(ctx, c, ep, &a->factors[j], 0, FACTOR_PATH, i + 1, j + 1);
        }
    }
}

static void check_8945Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    check_retired_factor(ctx, c, "18A");
}

static void check_8950Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    check_retired_factor(ctx, c, "19A");
}

/* ---- Section47 -------------------------------------------------------- */

/*
 * The Section47 rules below that name DateOfInitialCPC (1104, 8615, 8715,
 * 8875) read the Section47 group's date only.  The same data item also sits
 * at CINdetails level, but DfE files these rules under the Section47
 * module, and where DfE means the CINdetails one it says so ("on CIN
 * Details module", rules 2883, 2885, 2884); the Python validator reads the
 * Section47 table only as well.
 */

/* 1104: an S47 initial conference may not be before the referral date. */
static void check_1104(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!sr_date_ok(ep->referral_date.date))
            continue;
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (sr_date_ok(s->icpc_date.date) && s->icpc_date.date < ep->referral_date.date)
                rule_fail(ctx, c, ep, &s->icpc_date, 0, "Section47[%zu]/DateOfInitialCPC", i + 1);
        }
    }
}

/* 2884: one conference must not be recorded both in a Section47 group and
 * at CINdetails level.  DfE publishes no wording beyond the message; we
 * take "the same conference" to be the same date for the same child, as
 * the Python validator does, comparing each Section47 date with the
 * CINdetails-level date of every episode of the child (a conference copied
 * into a later episode is still the same conference).  One finding per
 * Section47 group, naming the CINdetails-level date it repeats. */
static void check_2884(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (!sr_date_ok(s->icpc_date.date))
                continue;
            for (size_t k = 0; k < c->n_episodes; k++) {
                if (c->episodes[k].initial_cpc.date == s->icpc_date.date) {
                    char other[64];
                    snprintf(other, sizeof other, "CINdetails[%zu]/DateOfInitialCPC", c->episodes[k].position);
                    rule_fail_other(ctx, c, ep, &s->icpc_date, other, c->episodes[k].initial_cpc.line,
                                    "Section47[%zu]/DateOfInitialCPC", i + 1);
                    break;
                }
            }
        }
    }
}

/* 2889: an S47 enquiry may not start before the referral date. */
static void check_2889(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (!sr_date_ok(ep->referral_date.date))
            continue;
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (sr_date_ok(s->start.date) && s->start.date < ep->referral_date.date)
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", i + 1);
        }
    }
}

/* 8615: a Section47 group with an initial conference date must have a
 * start date, on or before the conference.  This rule is about presence,
 * so an absent start fails even when the conference date is unparseable
 * (it is still present); the ordering needs both dates valid. */
static void check_8615(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (!cin_present(&s->icpc_date))
                continue;
            if (!cin_present(&s->start))
                rule_fail(ctx, c, ep, NULL, s->line, "Section47[%zu]/S47ActualStartDate", i + 1);
            else if (sr_date_ok(s->start.date) && sr_date_ok(s->icpc_date.date)
                     && s->start.date > s->icpc_date.date)
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", i + 1);
        }
    }
}

/* 8675Q: an S47 enquiry with no conference date and ICPCnotRequired false
 * should not have started before the ReferenceDate minus 15 working days
 * (see the top of the file for how the days are counted).  An absent or
 * non-boolean ICPCnotRequired is not "false"; rule 8568 reports it. */
static void check_8675Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    sr_date limit = SR_DATE_NONE;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (cin_present(&s->icpc_date) || cin_bool(&s->icpc_not_required) != 0 || !sr_date_ok(s->start.date))
                continue;
            if (limit == SR_DATE_NONE)
                limit = working_days_before(env->holidays, env->reference_date, 15);
            if (s->start.date < limit)
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", i + 1);
        }
    }
}

/* 8715: an S47 initial conference date must fall within the census period. */
static void check_8715(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (sr_date_ok(s->icpc_date.date) && !in_census_period(env, s->icpc_date.date))
                rule_fail(ctx, c, ep, &s->icpc_date, 0, "Section47[%zu]/DateOfInitialCPC", i + 1);
        }
    }
}

/* 8740: an S47 enquiry with no conference date and ICPCnotRequired false
 * must have started within the census period.  As in 8675Q, only a false
 * flag (0/false) qualifies. */
static void check_8740(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (!cin_present(&s->icpc_date) && cin_bool(&s->icpc_not_required) == 0
                && sr_date_ok(s->start.date) && !in_census_period(env, s->start.date))
                rule_fail(ctx, c, ep, &s->start, 0, "Section47[%zu]/S47ActualStartDate", i + 1);
        }
    }
}

/* 8839: at most one Section47 group per episode may be open.  DfE's two
 * phrasings combine to: open = no conference date and ICPCnotRequired not
 * true (absent counts as not true).  When two or more are open, each is
 * reported. */
static bool s47_open(const struct cin_s47 *s)
{
    return !cin_present(&s->icpc_date) && cin_bool(&s->icpc_not_required) != 1;
}

static void check_8839(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        size_t open = 0;
        for (size_t i = 0; i < ep->n_s47s; i++)
            open += s47_open(&ep->s47s[i]);
        if (open < 2)
            continue;
        for (size_t i = 0; i < ep->n_s47s; i++)
            if (s47_open(&ep->s47s[i]))
                rule_fail(ctx, c, ep, NULL, ep->s47s[i].line, "Section47[%zu]/DateOfInitialCPC", i + 1);
    }
}

/* 8870Q: the ICPC target date should not be a Saturday or Sunday.  DfE
 * names weekends only, so a target on a bank holiday is not queried. */
static void check_8870Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (sr_date_ok(s->icpc_target.date) && is_weekend(s->icpc_target.date))
                rule_fail(ctx, c, ep, &s->icpc_target, 0, "Section47[%zu]/InitialCPCtarget", i + 1);
        }
    }
}

/* 8875: an S47 initial conference may not be on a Saturday or Sunday
 * (weekends only, as DfE words it). */
static void check_8875(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t i = 0; i < ep->n_s47s; i++) {
            const struct cin_s47 *s = &ep->s47s[i];
            if (sr_date_ok(s->icpc_date.date) && is_weekend(s->icpc_date.date))
                rule_fail(ctx, c, ep, &s->icpc_date, 0, "Section47[%zu]/DateOfInitialCPC", i + 1);
        }
    }
}

/* Messages are DfE's, byte for byte (curly quotes and the leading space of
 * 8898 included). */
const struct cin_rule cin_rules_assessments[] = {
    { .rule.code = "1103", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "The assessment start date cannot be before the referral date",
      .check_child = check_1103 },
    { .rule.code = "1104", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "The date of the initial child protection conference cannot be before the referral date",
      .check_child = check_1104 },
    { .rule.code = "2884", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one",
      .check_child = check_2884 },
    { .rule.code = "2889", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "The S47 start date cannot be before the referral date.",
      .check_child = check_2889 },
    { .rule.code = "8608", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "Assessment Start Date cannot be later than its End Date",
      .check_child = check_8608 },
    { .rule.code = "8614", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "Parental or child factors at assessment should only be present for a completed assessment.",
      .check_child = check_8614 },
    { .rule.code = "8615", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference",
      .check_child = check_8615 },
    { .rule.code = "8670Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.",
      .check_child = check_8670Q },
    { .rule.code = "8675Q", .rule.type = RULE_QUERY, .rule.module = "Section47",
      .rule.message = "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.",
      .check_child = check_8675Q },
    { .rule.code = "8696", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "Assessment end date must fall within the census year",
      .check_child = check_8696 },
    { .rule.code = "8715", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "Date of Initial Child Protection Conference must fall within the census year",
      .check_child = check_8715 },
    { .rule.code = "8736", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "For an Assessment that has not been completed, the start date must fall within the census year",
      .check_child = check_8736 },
    { .rule.code = "8740", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year",
      .check_child = check_8740 },
    { .rule.code = "8839", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "Within one CINDetails group there are 2 or more open S47 Assessments",
      .check_child = check_8839 },
    { .rule.code = "8863Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "An Assessment is shown as starting when there is another Assessment ongoing.",
      .check_child = check_8863Q },
    { .rule.code = "8869", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
      .check_child = check_8869 },
    { .rule.code = "8870Q", .rule.type = RULE_QUERY, .rule.module = "Section47",
      .rule.message = "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend",
      .check_child = check_8870Q },
    { .rule.code = "8873Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
      .check_child = check_8873Q },
    { .rule.code = "8875", .rule.type = RULE_ERROR, .rule.module = "Section47",
      .rule.message = "The Date of Initial Child Protection Conference cannot be a weekend",
      .check_child = check_8875 },
    { .rule.code = "8896", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = "Within one CINDetails group there are 2 or more open Assessments groups",
      .check_child = check_8896 },
    { .rule.code = "8897Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "Parental or child factors at assessment information is missing from a completed assessment",
      .check_child = check_8897Q },
    { .rule.code = "8898", .rule.type = RULE_ERROR, .rule.module = "Assessments",
      .rule.message = " The assessment has more than one parental or child factors with the same code",
      .check_child = check_8898 },
    { .rule.code = "8945Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
      .check_child = check_8945Q },
    { .rule.code = "8950Q", .rule.type = RULE_QUERY, .rule.module = "Assessments",
      .rule.message = "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
      .check_child = check_8950Q },
    { .rule.code = NULL },
};
