/*
 * DfE CIN rules for module 5, pre-proceedings and family group decision
 * making (the PreProceedingsandFGDM groups of a CINdetails episode), new in
 * 2026-27: the LA-level queries 8995Q and 9000Q, the date rules 9005,
 * 9006, 9008, 9009, 9012 and 9013, the follow-up rules 9007, 9010Q and
 * 9015Q, and the code rule 9011.  There is no 9014 in what we have seen.
 *
 * DfE's wording reaches us through a public implementation that its authors
 * marked "needs proofing" (research note cin_census.md 4.2, collection_2027.md
 * 1.4).  Where its quoted conditions and DfE's messages disagree, the
 * messages decide, as the note advises: 9009's condition is a copy of
 * 9006's and 9013's a copy of 9012's, so both are read from their messages;
 * 9007's code tests the reverse of DfE's condition, which we follow.  The
 * severities are DfE's: the Q rules are queries (the implementation
 * registers 9010Q and 9015Q as errors by omission), the others errors.
 *
 * As in the other rule files, a date that is absent or not a date breaks
 * no period or ordering rule (the schema, or the build's writability check,
 * reports it); an ordering rule compares only with a valid earlier date.
 * [Period_of_Census] is env->period_start .. env->reference_date inclusive.
 */
#include <stdbool.h>
#include <stddef.h>

#include "returns/cin/cin_codes.h"
#include "returns/cin/cin_rules.h"

#define PP "PreProceedingsandFGDM"

static bool in_period(const struct rule_env *env, sr_date d)
{
    return sr_date_ok(d) && d >= env->period_start && d <= env->reference_date;
}

/* A value of a group, by its offset in struct cin_preproceedings. */
static const struct cin_value *at(const struct cin_preproceedings *pp, size_t offset)
{
    return (const struct cin_value *)(const void *)((const char *)pp + offset);
}

#define NO_FIELD ((size_t)-1)
#define FIELD(f) offsetof(struct cin_preproceedings, f)

/* ---- dates in the period, in order (9005, 9006, 9008, 9009, 9012, 9013) -- */

/* A date of the group, when present, must fall in the census period and,
 * when `after` names another date of the group that is valid, on or after
 * it.  One finding per group, at the date. */
struct date_rule {
    size_t field;
    const char *element;
    size_t after;             /* NO_FIELD: the period only */
};

static void check_date_rule(struct rule_ctx *ctx, const struct cin_child *c, const struct date_rule *r)
{
    const struct rule_env *env = rule_ctx_env(ctx);

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_preproceedings; j++) {
            const struct cin_preproceedings *pp = &ep->preproceedings[j];
            const struct cin_value *v = at(pp, r->field);
            if (!sr_date_ok(v->date))
                continue;
            bool bad = !in_period(env, v->date);
            if (r->after != NO_FIELD) {
                sr_date before = at(pp, r->after)->date;
                bad |= sr_date_ok(before) && v->date < before;
            }
            if (bad)
                rule_fail(ctx, c, ep, v, 0, PP "[%zu]/%s", j + 1, r->element);
        }
    }
}

/* 9005: the decision to begin pre-proceedings (PPStartDate, N00826) falls
 * in the period. */
static void check_9005(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(pp_start), "PPStartDate", NO_FIELD };
    check_date_rule(ctx, c, &r);
}

/* 9006: the letter before proceedings (N00827) in the period, on or after
 * PPStartDate.  DfE's message says "after", its condition "on or after":
 * the condition decides, so a letter sent on the day of the decision
 * passes. */
static void check_9006(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(lbp_sent), "LBPSentDate", FIELD(pp_start) };
    check_date_rule(ctx, c, &r);
}

/* 9008: the first effective pre-proceedings meeting (N00830) in the
 * period.  DfE asks no order against the start here. */
static void check_9008(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(initial_meeting), "InitialPPMeetingDate", NO_FIELD };
    check_date_rule(ctx, c, &r);
}

/* 9009: the decision to step up or down in the period, on or after
 * PPStartDate, as DfE's message says (its quoted condition is 9006's). */
static void check_9009(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(step_decision), "StepDecisionDate", FIELD(pp_start) };
    check_date_rule(ctx, c, &r);
}

/* 9012: the court application (N00834) in the period, on or after "the
 * date of the decision to initiate care proceedings", StepDecisionDate
 * (DfE's condition quotes it as "N008342", a typo). */
static void check_9012(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(court_app), "CourtAppDate", FIELD(step_decision) };
    check_date_rule(ctx, c, &r);
}

/* 9013: the letter initiating care proceedings in the period, on or after
 * the court application, as DfE's message says. */
static void check_9013(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct date_rule r = { FIELD(letter_init), "LetterInitCPDate", FIELD(court_app) };
    check_date_rule(ctx, c, &r);
}

/* ---- a value asked for by another (9007, 9010Q, 9015Q) ------------------- */

/* When `given` is present (and, with only_true, a true flag), `wanted`
 * must be present too.  The finding points at the missing element, on the
 * group's line. */
struct follow_rule {
    size_t given;
    bool only_true;
    size_t wanted;
    const char *element;      /* of `wanted` */
};

static void check_follow_rule(struct rule_ctx *ctx, const struct cin_child *c, const struct follow_rule *r)
{
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_preproceedings; j++) {
            const struct cin_preproceedings *pp = &ep->preproceedings[j];
            const struct cin_value *given = at(pp, r->given);
            if (!cin_present(given) || (r->only_true && cin_bool(given) != 1))
                continue;
            if (!cin_present(at(pp, r->wanted)))
                rule_fail(ctx, c, ep, NULL, pp->line, PP "[%zu]/%s", j + 1, r->element);
        }
    }
}

/* 9007: a letter before proceedings was sent, so say whether it offered an
 * FGDM meeting. */
static void check_9007(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct follow_rule r = { FIELD(lbp_sent), false, FIELD(fgdm_offer), "FGDMMeetingOffer" };
    check_follow_rule(ctx, c, &r);
}

/* 9010Q: an FGDM meeting was offered ("equals true": 1 or true), so say
 * whether one was facilitated.  An offer of 0 asks nothing. */
static void check_9010Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct follow_rule r = { FIELD(fgdm_offer), true, FIELD(fgdm_fac), "FGDMMeetingFac" };
    check_follow_rule(ctx, c, &r);
}

/* 9015Q: an initial meeting was held, so report the review meetings after
 * it (0 when there were none). */
static void check_9015Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    static const struct follow_rule r = { FIELD(initial_meeting), false, FIELD(review_count),
                                          "ReviewMeetingsCount" };
    check_follow_rule(ctx, c, &r);
}

/* ---- 9011 ------------------------------------------------------------------ */

/* PPOutcome, when present, is a code of CS131 for the year (A, B, C).  In
 * a file the schema's enumeration speaks first; this fires on records from
 * the replica and from files read without the schema. */
static void check_9011(struct rule_ctx *ctx, const struct cin_child *c)
{
    int year = rule_ctx_env(ctx)->year;

    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_preproceedings; j++) {
            const struct cin_value *v = &ep->preproceedings[j].outcome;
            if (cin_present(v) && !cin_code_valid(CL_PP_OUTCOME, v->text, year))
                rule_fail(ctx, c, ep, v, 0, PP "[%zu]/PPOutcome", j + 1);
        }
    }
}

/* ---- LA level (8995Q, 9000Q) ------------------------------------------------ */

/* 8995Q: no child in the return has a pre-proceedings group.  One
 * return-level finding; a council that does not collect the module yet
 * gets it by design and explains it in COLLECT. */
struct state_8995Q {
    bool any;
};

static void accumulate_8995Q(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_8995Q *st = state;

    (void)ctx;
    for (size_t e = 0; e < c->n_episodes && !st->any; e++)
        st->any = c->episodes[e].n_preproceedings > 0;
}

static void conclude_8995Q(struct rule_ctx *ctx, void *state)
{
    const struct state_8995Q *st = state;

    if (!st->any)
        rule_fail_return(ctx, "Children");
}

/* 9000Q: "(N00826) has not been provided", with the advice to leave the
 * field blank and give a reason when the council does not collect it yet.
 * Read, as the public implementation does, at LA level: one return-level
 * finding when no group in the return carries a PPStartDate (so also when
 * there is no group at all).  A per-group reading would repeat 8995Q's
 * point for every child of a council that sends some groups; DfE may say
 * otherwise when its specification is at hand. */
struct state_9000Q {
    bool any_start;
};

static void accumulate_9000Q(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_9000Q *st = state;

    (void)ctx;
    for (size_t e = 0; e < c->n_episodes && !st->any_start; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t j = 0; j < ep->n_preproceedings && !st->any_start; j++)
            st->any_start = cin_present(&ep->preproceedings[j].pp_start);
    }
}

static void conclude_9000Q(struct rule_ctx *ctx, void *state)
{
    const struct state_9000Q *st = state;

    if (!st->any_start)
        rule_fail_return(ctx, "Children");
}

/* ---- the table -------------------------------------------------------------- */

#define MOD "PreProceedings"
#define CHILD(fn) .check_child = (fn)
#define RETURN(st, acc, conc) .state_size = sizeof(struct st), .accumulate = (acc), .conclude = (conc)

const struct cin_rule cin_rules_preproceedings[] = {
    { .rule.code = "8995Q", .rule.type = RULE_QUERY, .rule.module = MOD,
      .rule.message = "Please check and provide a reason why no module 5 (pre-proceedings and FGM) data has been "
                      "provided for any child.",
      RETURN(state_8995Q, accumulate_8995Q, conclude_8995Q) },
    { .rule.code = "9000Q", .rule.type = RULE_QUERY, .rule.module = MOD,
      .rule.message = "Please check: If you do not yet collect this data, please leave this field blank and provide "
                      "a reason.",
      RETURN(state_9000Q, accumulate_9000Q, conclude_9000Q) },
    { .rule.code = "9005", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date of the legal planning meeting or other decision making forum where the LA made the "
                      "decision to commence pre-proceedings cannot fall outside the reporting year.",
      CHILD(check_9005) },
    { .rule.code = "9006", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date the letter before proceedings was sent must be within the reporting year and after "
                      "the date pre-proceedings began.",
      CHILD(check_9006) },
    { .rule.code = "9007", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "You have confirmed that a letter before proceedings was sent. Please confirm whether or not a "
                      "FGDM meeting was offered in the letter.",
      CHILD(check_9007) },
    { .rule.code = "9008", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date of the first effective pre-proceedings meeting must be within the reporting year.",
      CHILD(check_9008) },
    { .rule.code = "9009", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date when the decision was made to step up or down must be on or after the date of the "
                      "decision to begin pre-proceedings and must fall within the reporting year",
      CHILD(check_9009) },
    { .rule.code = "9010Q", .rule.type = RULE_QUERY, .rule.module = MOD,
      .rule.message = "Please check: You have reported that a FGDM meeting was offered in the letter before "
                      "proceedings. Please confirm whether or not a FGDM meeting was facilitated in the "
                      "pre-proceedings period following this offer.",
      CHILD(check_9010Q) },
    { .rule.code = "9011", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The outcome of the pre-proceedings must be reported using a valid value",
      CHILD(check_9011) },
    { .rule.code = "9012", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date that the local authority submitted the court application to commence care "
                      "proceedings must fall within the reporting year and be on or after the date of the decision "
                      "to initiate care proceedings.",
      CHILD(check_9012) },
    { .rule.code = "9013", .rule.type = RULE_ERROR, .rule.module = MOD,
      .rule.message = "The date on which the letter to initiate care proceedings was sent to parents/guardians must "
                      "fall within the reporting year and be on or after the date when the local authority "
                      "submitted the court application to commence care proceedings.",
      CHILD(check_9013) },
    { .rule.code = "9015Q", .rule.type = RULE_QUERY, .rule.module = MOD,
      .rule.message = "Please check: if review meetings were held  following the initial pre-proceedings meeting, "
                      "the total number held should be reported.",
      CHILD(check_9015Q) },
    { .rule.code = NULL },
};
