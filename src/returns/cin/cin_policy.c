/*
 * Policy treatments and the writability check; see cin_policy.h.
 *
 * The check mirrors the constraints of specs/cin/cin_<year>.xsd (required
 * elements, code lists, booleans, non-negative integers, dates), so that a
 * record that passes it yields a schema-valid file; the build still
 * validates the file against the XSD before committing it, as a backstop.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_policy.h"
#include "returns/cin/cin_codes.h"

static void treat_date(struct arena *a, struct cin_value *v, enum treatment t)
{
    if (t == TR_DROP) {
        cin_value_clear(v);
    } else if (t == TR_MONTH && sr_date_ok(v->date)) {
        char buf[11];
        v->date = date_month_start(v->date);
        v->text = arena_strdup(a, date_format_iso(v->date, buf));
    }
}

static void treat(struct arena *a, struct cin_value *v, const struct policy *p, enum cin_field f)
{
    enum treatment t = policy_treatment(p, f);
    if (t == TR_DROP)
        cin_value_clear(v);
    else if (t == TR_MONTH)
        treat_date(a, v, t);
}

/* The module's values as the policy has them; a year without the module
 * (its catalogue has none of the fields) keeps no group. */
static void treat_preproceedings(struct arena *a, struct cin_episode *e, const struct policy *p)
{
    if (p->catalogue->n <= CF__FIRST_2027) {
        e->n_preproceedings = 0;
        return;
    }
    for (size_t k = 0; k < e->n_preproceedings; k++) {
        struct cin_preproceedings *pp = &e->preproceedings[k];
        treat(a, &pp->pp_start, p, CF_PP_START);
        treat(a, &pp->lbp_sent, p, CF_PP_LBP_SENT);
        treat(a, &pp->fgdm_offer, p, CF_PP_FGDM_OFFER);
        treat(a, &pp->fgdm_fac, p, CF_PP_FGDM_FAC);
        treat(a, &pp->initial_meeting, p, CF_PP_INITIAL_MEETING);
        treat(a, &pp->review_count, p, CF_PP_REVIEW_COUNT);
        treat(a, &pp->step_decision, p, CF_PP_STEP_DECISION);
        treat(a, &pp->outcome, p, CF_PP_OUTCOME);
        treat(a, &pp->court_app, p, CF_PP_COURT_APP);
        treat(a, &pp->letter_init, p, CF_PP_LETTER_INIT);
    }
}

size_t cin_policy_skip_preproceedings(struct policy *p)
{
    size_t n = 0;

    for (size_t f = CF__FIRST_2027; f < p->catalogue->n; f++)
        if (cin_field_is_pp(f) && p->entries[f].treatment != TR_DROP) {
            p->entries[f].treatment = TR_DROP;
            n++;
        }
    return n;
}

int cin_apply_policy(struct arena *a, struct cin_child *c, const struct policy *p, const struct pseudo_key *key)
{
    if (policy_treatment(p, CF_LA_CHILD_ID) == TR_PSEUDONYMISE) {
        char ps[PSEUDONYM_LEN + 1];
        if (!key || pseudonymise(key, "person", c->source_key ? c->source_key : "", ps) != 0)
            return -1;
        c->la_child_id.text = arena_strdup(a, ps);
    }
    treat(a, &c->upn, p, CF_UPN);
    treat(a, &c->former_upn, p, CF_FORMER_UPN);
    treat(a, &c->upn_unknown, p, CF_UPN_UNKNOWN);
    treat(a, &c->birth_date, p, CF_BIRTH_DATE);
    treat(a, &c->expected_birth_date, p, CF_EXPECTED_BIRTH_DATE);
    treat(a, &c->death_date, p, CF_DEATH_DATE);
    if (!policy_emits(p, CF_DISABILITY))
        c->n_disabilities = 0;
    for (size_t i = 0; i < c->n_episodes; i++) {
        struct cin_episode *e = &c->episodes[i];
        treat(a, &e->referral_date, p, CF_REFERRAL_DATE);
        treat(a, &e->closure_date, p, CF_CLOSURE_DATE);
        treat(a, &e->initial_cpc, p, CF_EPISODE_ICPC_DATE);
        for (size_t k = 0; k < e->n_assessments; k++) {
            treat(a, &e->assessments[k].start, p, CF_ASSESSMENT_START);
            treat(a, &e->assessments[k].authorisation, p, CF_ASSESSMENT_AUTH);
            if (!policy_emits(p, CF_ASSESSMENT_FACTOR))
                e->assessments[k].n_factors = 0;
        }
        for (size_t k = 0; k < e->n_plans; k++) {
            treat(a, &e->plans[k].start, p, CF_PLAN_START);
            treat(a, &e->plans[k].end, p, CF_PLAN_END);
        }
        for (size_t k = 0; k < e->n_s47s; k++) {
            treat(a, &e->s47s[k].start, p, CF_S47_START);
            treat(a, &e->s47s[k].icpc_target, p, CF_S47_ICPC_TARGET);
            treat(a, &e->s47s[k].icpc_date, p, CF_S47_ICPC_DATE);
        }
        for (size_t k = 0; k < e->n_cpps; k++) {
            treat(a, &e->cpps[k].start, p, CF_CPP_START);
            treat(a, &e->cpps[k].end, p, CF_CPP_END);
            if (!policy_emits(p, CF_CPP_REVIEW_DATE))
                e->cpps[k].n_reviews = 0;
            for (size_t r = 0; r < e->cpps[k].n_reviews; r++)
                treat(a, &e->cpps[k].reviews[r], p, CF_CPP_REVIEW_DATE);
        }
        treat_preproceedings(a, e, p);
    }
    return 0;
}

struct checker {
    const struct cin_child *c;
    const struct policy *p;
    int year;
    source_defect_fn fn;
    void *opaque;
    size_t n;
};

/* "ssd_person.pers_dob" -> table, column; "derived:x.y" -> x, y. */
static void report(struct checker *ck, enum cin_field f, const char *problem)
{
    const char *src = ck->p->catalogue->fields[f].source;
    const char *colon = strchr(src, ':');
    char table[64], column[96];
    if (colon)
        src = colon + 1;
    const char *dot = strchr(src, '.');
    if (dot) {
        snprintf(table, sizeof table, "%.*s", (int)(dot - src), src);
        snprintf(column, sizeof column, "%s", dot + 1);
    } else {
        snprintf(table, sizeof table, "%s", src);
        snprintf(column, sizeof column, "%s", ck->p->catalogue->fields[f].name);
    }
    char msg[256];
    snprintf(msg, sizeof msg, "%s (element %s)", problem, ck->p->catalogue->fields[f].name);
    ck->fn(ck->opaque, ck->c->source_key, table, column, msg);
    ck->n++;
}

static void need(struct checker *ck, enum cin_field f, const struct cin_value *v)
{
    if (cin_keeps(ck->p, f) && !cin_present(v))
        report(ck, f, "is NULL but the DfE schema requires a value");
}

static void code(struct checker *ck, enum cin_field f, enum cin_codelist list, const struct cin_value *v)
{
    if (cin_keeps(ck->p, f) && cin_present(v) && !cin_code_valid(list, v->text, ck->year)) {
        char msg[96];
        snprintf(msg, sizeof msg, "is not a code of the DfE %s list", cin_codelist_name(list));
        report(ck, f, msg);
    }
}

static void date(struct checker *ck, enum cin_field f, const struct cin_value *v)
{
    if (cin_keeps(ck->p, f) && v->text && v->date == SR_DATE_INVALID)
        report(ck, f, "is not a date between 1900 and 2199");
}

static void boolean(struct checker *ck, enum cin_field f, const struct cin_value *v)
{
    if (cin_keeps(ck->p, f) && v->text && cin_bool(v) < 0)
        report(ck, f, "is not a yes/no flag");
}

static void counter(struct checker *ck, enum cin_field f, const struct cin_value *v)
{
    if (!cin_keeps(ck->p, f) || !v->text)
        return;
    for (const char *s = v->text; *s; s++)
        if (!isdigit((unsigned char)*s)) {
            report(ck, f, "is not a whole number of 0 or more");
            return;
        }
}

static void text_len(struct checker *ck, enum cin_field f, const struct cin_value *v, size_t max)
{
    if (cin_keeps(ck->p, f) && v->text && strlen(v->text) > max) {
        char msg[64];
        snprintf(msg, sizeof msg, "is longer than %zu characters", max);
        report(ck, f, msg);
    }
}

/* The module's values: dates, the two flags, the count and the outcome
 * code, as the 2026-27 schema has them (every element optional). */
static void check_preproceedings(struct checker *ck, const struct cin_episode *e)
{
    for (size_t k = 0; k < e->n_preproceedings; k++) {
        const struct cin_preproceedings *pp = &e->preproceedings[k];
        date(ck, CF_PP_START, &pp->pp_start);
        date(ck, CF_PP_LBP_SENT, &pp->lbp_sent);
        boolean(ck, CF_PP_FGDM_OFFER, &pp->fgdm_offer);
        boolean(ck, CF_PP_FGDM_FAC, &pp->fgdm_fac);
        date(ck, CF_PP_INITIAL_MEETING, &pp->initial_meeting);
        counter(ck, CF_PP_REVIEW_COUNT, &pp->review_count);
        date(ck, CF_PP_STEP_DECISION, &pp->step_decision);
        code(ck, CF_PP_OUTCOME, CL_PP_OUTCOME, &pp->outcome);
        date(ck, CF_PP_COURT_APP, &pp->court_app);
        date(ck, CF_PP_LETTER_INIT, &pp->letter_init);
    }
}

size_t cin_check_writable(const struct cin_child *c, const struct policy *p, int year,
                          source_defect_fn fn, void *opaque)
{
    struct checker ck = { c, p, year, fn, opaque, 0 };

    need(&ck, CF_LA_CHILD_ID, &c->la_child_id);
    text_len(&ck, CF_LA_CHILD_ID, &c->la_child_id, 100);
    text_len(&ck, CF_UPN, &c->upn, 100);
    text_len(&ck, CF_FORMER_UPN, &c->former_upn, 100);
    code(&ck, CF_UPN_UNKNOWN, CL_UPN_UNKNOWN, &c->upn_unknown);
    date(&ck, CF_BIRTH_DATE, &c->birth_date);
    date(&ck, CF_EXPECTED_BIRTH_DATE, &c->expected_birth_date);
    need(&ck, CF_SEX, &c->sex);
    code(&ck, CF_SEX, CL_SEX, &c->sex);
    date(&ck, CF_DEATH_DATE, &c->death_date);
    need(&ck, CF_ETHNICITY, &c->ethnicity);
    code(&ck, CF_ETHNICITY, CL_ETHNICITY, &c->ethnicity);
    for (size_t i = 0; i < c->n_disabilities; i++)
        code(&ck, CF_DISABILITY, CL_DISABILITY, &c->disabilities[i]);
    if (c->n_episodes == 0)
        report(&ck, CF_REFERRAL_DATE, "the child has no episode in the census period");

    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *e = &c->episodes[i];
        need(&ck, CF_REFERRAL_DATE, &e->referral_date);
        date(&ck, CF_REFERRAL_DATE, &e->referral_date);
        need(&ck, CF_REFERRAL_SOURCE, &e->referral_source);
        code(&ck, CF_REFERRAL_SOURCE, CL_REFERRAL_SOURCE, &e->referral_source);
        code(&ck, CF_PRIMARY_NEED, CL_PRIMARY_NEED, &e->primary_need);
        date(&ck, CF_CLOSURE_DATE, &e->closure_date);
        code(&ck, CF_CLOSURE_REASON, CL_CLOSURE_REASON, &e->closure_reason);
        date(&ck, CF_EPISODE_ICPC_DATE, &e->initial_cpc);
        need(&ck, CF_REFERRAL_NFA, &e->referral_nfa);
        boolean(&ck, CF_REFERRAL_NFA, &e->referral_nfa);
        for (size_t k = 0; k < e->n_assessments; k++) {
            const struct cin_assessment *as = &e->assessments[k];
            need(&ck, CF_ASSESSMENT_START, &as->start);
            date(&ck, CF_ASSESSMENT_START, &as->start);
            date(&ck, CF_ASSESSMENT_AUTH, &as->authorisation);
            for (size_t j = 0; j < as->n_factors; j++)
                code(&ck, CF_ASSESSMENT_FACTOR, CL_ASSESSMENT_FACTOR, &as->factors[j]);
        }
        for (size_t k = 0; k < e->n_plans; k++) {
            need(&ck, CF_PLAN_START, &e->plans[k].start);
            date(&ck, CF_PLAN_START, &e->plans[k].start);
            date(&ck, CF_PLAN_END, &e->plans[k].end);
        }
        for (size_t k = 0; k < e->n_s47s; k++) {
            const struct cin_s47 *s = &e->s47s[k];
            need(&ck, CF_S47_START, &s->start);
            date(&ck, CF_S47_START, &s->start);
            date(&ck, CF_S47_ICPC_TARGET, &s->icpc_target);
            date(&ck, CF_S47_ICPC_DATE, &s->icpc_date);
            need(&ck, CF_S47_ICPC_NOT_REQUIRED, &s->icpc_not_required);
            boolean(&ck, CF_S47_ICPC_NOT_REQUIRED, &s->icpc_not_required);
        }
        for (size_t k = 0; k < e->n_cpps; k++) {
            const struct cin_cpp *cp = &e->cpps[k];
            need(&ck, CF_CPP_START, &cp->start);
            date(&ck, CF_CPP_START, &cp->start);
            date(&ck, CF_CPP_END, &cp->end);
            need(&ck, CF_CPP_INITIAL_CATEGORY, &cp->initial_category);
            code(&ck, CF_CPP_INITIAL_CATEGORY, CL_ABUSE_CATEGORY, &cp->initial_category);
            need(&ck, CF_CPP_LATEST_CATEGORY, &cp->latest_category);
            code(&ck, CF_CPP_LATEST_CATEGORY, CL_ABUSE_CATEGORY, &cp->latest_category);
            need(&ck, CF_CPP_PREVIOUS, &cp->previous_cpp);
            counter(&ck, CF_CPP_PREVIOUS, &cp->previous_cpp);
            for (size_t r = 0; r < cp->n_reviews; r++)
                date(&ck, CF_CPP_REVIEW_DATE, &cp->reviews[r]);
        }
        check_preproceedings(&ck, e);
    }
    return ck.n;
}
