/*
 * CIN census XML writer; see cin_writer.h.  The XML itself is written by
 * io/xml_writer.
 */
#include <stdio.h>
#include <stdlib.h>

#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_writer.h"
#include "core/xalloc.h"
#include "io/xml_writer.h"

struct cin_writer {
    struct xml_writer *x;
    const struct policy *policy;
};

static void start(struct cin_writer *w, const char *name)
{
    xml_writer_start(w->x, name);
}

static void end(struct cin_writer *w)
{
    xml_writer_end(w->x);
}

/* One leaf element, if the policy keeps the field and there is a value. */
static void leaf(struct cin_writer *w, enum cin_field f, const char *name, const struct cin_value *v)
{
    if (!cin_keeps(w->policy, f) || !cin_present(v))
        return;
    xml_writer_element(w->x, name, v->text);
}

/* 2026-27 module 5, last in CINdetails, elements in the order of
 * specs/cin/cin_2027.xsd.  Nothing when the policy keeps none of its
 * fields (every year before 2026-27, and cin_pre_proceedings = no). */
static void write_preproceedings(struct cin_writer *w, const struct cin_episode *e)
{
    bool any = false;

    for (size_t f = CF__FIRST_2027; f < CF__COUNT; f++)
        any |= cin_field_is_pp(f) && cin_keeps(w->policy, (enum cin_field)f);
    for (size_t i = 0; any && i < e->n_preproceedings; i++) {
        const struct cin_preproceedings *pp = &e->preproceedings[i];
        start(w, "PreProceedingsandFGDM");
        leaf(w, CF_PP_START, "PPStartDate", &pp->pp_start);
        leaf(w, CF_PP_LBP_SENT, "LBPSentDate", &pp->lbp_sent);
        leaf(w, CF_PP_FGDM_OFFER, "FGDMMeetingOffer", &pp->fgdm_offer);
        leaf(w, CF_PP_FGDM_FAC, "FGDMMeetingFac", &pp->fgdm_fac);
        leaf(w, CF_PP_INITIAL_MEETING, "InitialPPMeetingDate", &pp->initial_meeting);
        leaf(w, CF_PP_REVIEW_COUNT, "ReviewMeetingsCount", &pp->review_count);
        leaf(w, CF_PP_STEP_DECISION, "StepDecisionDate", &pp->step_decision);
        leaf(w, CF_PP_OUTCOME, "PPOutcome", &pp->outcome);
        leaf(w, CF_PP_COURT_APP, "CourtAppDate", &pp->court_app);
        leaf(w, CF_PP_LETTER_INIT, "LetterInitCPDate", &pp->letter_init);
        end(w);
    }
}

struct cin_writer *cin_writer_open(FILE *fp, const struct policy *p, char *err, size_t errlen)
{
    struct xml_writer *x = xml_writer_open(fp, "Message", err, errlen);
    struct cin_writer *w;

    if (!x)
        return NULL;
    w = xcalloc(1, sizeof *w);
    w->x = x;
    w->policy = p;
    return w;
}

int cin_writer_header(struct cin_writer *w, const struct cin_header *h)
{
    start(w, "Header");
    start(w, "CollectionDetails");
    leaf(w, CF_COLLECTION, "Collection", &h->collection);
    leaf(w, CF_YEAR, "Year", &h->year);
    leaf(w, CF_REFERENCE_DATE, "ReferenceDate", &h->reference_date);
    end(w);
    start(w, "Source");
    leaf(w, CF_SOURCE_LEVEL, "SourceLevel", &h->source_level);
    leaf(w, CF_LEA, "LEA", &h->lea);
    leaf(w, CF_SOFTWARE_CODE, "SoftwareCode", &h->software_code);
    leaf(w, CF_RELEASE, "Release", &h->release);
    leaf(w, CF_SERIAL_NO, "SerialNo", &h->serial_no);
    leaf(w, CF_DATE_TIME, "DateTime", &h->date_time);
    end(w);
    end(w);
    start(w, "Children");
    return xml_writer_failed(w->x) ? -1 : 0;
}

static void write_episode(struct cin_writer *w, const struct cin_episode *e)
{
    start(w, "CINdetails");
    leaf(w, CF_REFERRAL_DATE, "CINreferralDate", &e->referral_date);
    leaf(w, CF_REFERRAL_SOURCE, "ReferralSource", &e->referral_source);
    leaf(w, CF_PRIMARY_NEED, "PrimaryNeedCode", &e->primary_need);
    leaf(w, CF_CLOSURE_DATE, "CINclosureDate", &e->closure_date);
    leaf(w, CF_CLOSURE_REASON, "ReasonForClosure", &e->closure_reason);
    leaf(w, CF_EPISODE_ICPC_DATE, "DateOfInitialCPC", &e->initial_cpc);

    for (size_t i = 0; i < e->n_assessments; i++) {
        const struct cin_assessment *a = &e->assessments[i];
        start(w, "Assessments");
        leaf(w, CF_ASSESSMENT_START, "AssessmentActualStartDate", &a->start);
        leaf(w, CF_ASSESSMENT_REVIEW, "AssessmentInternalReviewDate", &a->review);
        leaf(w, CF_ASSESSMENT_AUTH, "AssessmentAuthorisationDate", &a->authorisation);
        if (a->n_factors && policy_emits(w->policy, CF_ASSESSMENT_FACTOR)) {
            start(w, "FactorsIdentifiedAtAssessment");
            for (size_t k = 0; k < a->n_factors; k++)
                leaf(w, CF_ASSESSMENT_FACTOR, "AssessmentFactors", &a->factors[k]);
            end(w);
        }
        end(w);
    }
    for (size_t i = 0; i < e->n_plans; i++) {
        start(w, "CINPlanDates");
        leaf(w, CF_PLAN_START, "CINPlanStartDate", &e->plans[i].start);
        leaf(w, CF_PLAN_END, "CINPlanEndDate", &e->plans[i].end);
        end(w);
    }
    for (size_t i = 0; i < e->n_s47s; i++) {
        const struct cin_s47 *s = &e->s47s[i];
        start(w, "Section47");
        leaf(w, CF_S47_START, "S47ActualStartDate", &s->start);
        leaf(w, CF_S47_ICPC_TARGET, "InitialCPCtarget", &s->icpc_target);
        leaf(w, CF_S47_ICPC_DATE, "DateOfInitialCPC", &s->icpc_date);
        leaf(w, CF_S47_ICPC_NOT_REQUIRED, "ICPCnotRequired", &s->icpc_not_required);
        end(w);
    }
    leaf(w, CF_REFERRAL_NFA, "ReferralNFA", &e->referral_nfa);
    for (size_t i = 0; i < e->n_cpps; i++) {
        const struct cin_cpp *p = &e->cpps[i];
        start(w, "ChildProtectionPlans");
        leaf(w, CF_CPP_START, "CPPstartDate", &p->start);
        leaf(w, CF_CPP_END, "CPPendDate", &p->end);
        leaf(w, CF_CPP_INITIAL_CATEGORY, "InitialCategoryOfAbuse", &p->initial_category);
        leaf(w, CF_CPP_LATEST_CATEGORY, "LatestCategoryOfAbuse", &p->latest_category);
        leaf(w, CF_CPP_PREVIOUS, "NumberOfPreviousCPP", &p->previous_cpp);
        if (p->n_reviews && policy_emits(w->policy, CF_CPP_REVIEW_DATE)) {
            start(w, "Reviews");
            for (size_t k = 0; k < p->n_reviews; k++)
                leaf(w, CF_CPP_REVIEW_DATE, "CPPreviewDate", &p->reviews[k]);
            end(w);
        }
        end(w);
    }
    write_preproceedings(w, e);
    end(w);
}

int cin_writer_child(struct cin_writer *w, const struct cin_child *c)
{
    start(w, "Child");
    start(w, "ChildIdentifiers");
    leaf(w, CF_LA_CHILD_ID, "LAchildID", &c->la_child_id);
    leaf(w, CF_UPN, "UPN", &c->upn);
    leaf(w, CF_FORMER_UPN, "FormerUPN", &c->former_upn);
    leaf(w, CF_UPN_UNKNOWN, "UPNunknown", &c->upn_unknown);
    leaf(w, CF_BIRTH_DATE, "PersonBirthDate", &c->birth_date);
    leaf(w, CF_EXPECTED_BIRTH_DATE, "ExpectedPersonBirthDate", &c->expected_birth_date);
    leaf(w, CF_SEX, "Sex", &c->sex);
    leaf(w, CF_DEATH_DATE, "PersonDeathDate", &c->death_date);
    end(w);
    start(w, "ChildCharacteristics");
    leaf(w, CF_ETHNICITY, "Ethnicity", &c->ethnicity);
    if (c->n_disabilities && policy_emits(w->policy, CF_DISABILITY)) {
        start(w, "Disabilities");
        for (size_t i = 0; i < c->n_disabilities; i++)
            leaf(w, CF_DISABILITY, "Disability", &c->disabilities[i]);
        end(w);
    }
    end(w);
    for (size_t i = 0; i < c->n_episodes; i++)
        write_episode(w, &c->episodes[i]);
    end(w);
    return xml_writer_failed(w->x) ? -1 : 0;
}

int cin_writer_finish(struct cin_writer *w)
{
    return xml_writer_finish(w->x);
}

void cin_writer_free(struct cin_writer *w)
{
    if (!w)
        return;
    xml_writer_free(w->x);
    free(w);
}
