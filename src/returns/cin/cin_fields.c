/*
 * The CIN census field catalogue: every element statreturn can write, the
 * replica column it comes from, and whether the schema requires it.  The
 * policy file must agree with this table line by line (policy.c), and the
 * DPO report is generated from the two together.
 *
 * Sources name SSD tables and columns; "derived:" fields are computed from
 * them in the query (src/returns/cin/cin_source.c), "config:" ones come from the run.
 */
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_record.h"

#define F(id, name, source, kind, required, personal, about) \
    [id] = { name, source, kind, required, personal, about }

static const struct field_def fields[CF__COUNT] = {
    F(CF_COLLECTION, "Header/Collection", "config:return", FK_CODE, true, false, "Always CIN"),
    F(CF_YEAR, "Header/Year", "config:year", FK_INT, true, false, "Collection end year"),
    F(CF_REFERENCE_DATE, "Header/ReferenceDate", "config:year", FK_DATE, true, false, "31 March of the collection year"),
    F(CF_SOURCE_LEVEL, "Header/SourceLevel", "config:return", FK_CODE, true, false, "Always L (local authority)"),
    F(CF_LEA, "Header/LEA", "config:la", FK_CODE, true, false, "Three-digit LA code"),
    F(CF_SOFTWARE_CODE, "Header/SoftwareCode", "config:software", FK_TEXT, true, false, "statreturn"),
    F(CF_RELEASE, "Header/Release", "config:software", FK_TEXT, false, false, "statreturn version"),
    F(CF_SERIAL_NO, "Header/SerialNo", "config:serial", FK_CODE, true, false, "Submission serial number"),
    F(CF_DATE_TIME, "Header/DateTime", "config:clock", FK_DATETIME, true, false, "When the file was made"),

    F(CF_LA_CHILD_ID, "ChildIdentifiers/LAchildID", "ssd_person.pers_person_id", FK_ID, true, true,
      "The council's id for the child"),
    F(CF_UPN, "ChildIdentifiers/UPN", "ssd_linked_identifiers.link_identifier_value", FK_CODE, false, true,
      "Unique Pupil Number (type 'Unique Pupil Number')"),
    F(CF_FORMER_UPN, "ChildIdentifiers/FormerUPN", "ssd_linked_identifiers.link_identifier_value", FK_CODE, false, true,
      "Former UPN (type 'Former Unique Pupil Number')"),
    F(CF_UPN_UNKNOWN, "ChildIdentifiers/UPNunknown", "ssd_person.pers_upn_unknown", FK_CODE, false, true,
      "Why there is no UPN"),
    F(CF_BIRTH_DATE, "ChildIdentifiers/PersonBirthDate", "ssd_person.pers_dob", FK_DATE, false, true, "Date of birth"),
    F(CF_EXPECTED_BIRTH_DATE, "ChildIdentifiers/ExpectedPersonBirthDate", "ssd_person.pers_expected_dob", FK_DATE,
      false, true, "Expected date of birth of an unborn child"),
    F(CF_SEX, "ChildIdentifiers/Sex", "ssd_person.pers_sex", FK_CODE, true, true, "Sex M/F/U"),
    F(CF_DEATH_DATE, "ChildIdentifiers/PersonDeathDate", "ssd_person.pers_death_date", FK_DATE, false, true,
      "Date of death"),

    F(CF_ETHNICITY, "ChildCharacteristics/Ethnicity", "ssd_person.pers_ethnicity", FK_CODE, true, true, "Ethnicity"),
    F(CF_DISABILITY, "ChildCharacteristics/Disability", "ssd_disability.disa_disability_code", FK_CODE, false, true,
      "Disabilities"),

    F(CF_REFERRAL_DATE, "CINdetails/CINreferralDate", "ssd_cin_episodes.cine_referral_date", FK_DATE, true, true,
      "Referral date"),
    F(CF_REFERRAL_SOURCE, "CINdetails/ReferralSource", "ssd_cin_episodes.cine_referral_source_code", FK_CODE, true,
      true, "Who referred"),
    F(CF_PRIMARY_NEED, "CINdetails/PrimaryNeedCode", "ssd_cin_episodes.cine_cin_primary_need_code", FK_CODE, false,
      true, "Main reason for services"),
    F(CF_CLOSURE_DATE, "CINdetails/CINclosureDate", "ssd_cin_episodes.cine_close_date", FK_DATE, false, true,
      "Case closure date"),
    F(CF_CLOSURE_REASON, "CINdetails/ReasonForClosure", "ssd_cin_episodes.cine_close_reason", FK_CODE, false, true,
      "Reason for closure"),
    F(CF_EPISODE_ICPC_DATE, "CINdetails/DateOfInitialCPC", "ssd_initial_cp_conference.icpc_icpc_date", FK_DATE,
      false, true, "Initial conference with no section 47 enquiry"),
    F(CF_REFERRAL_NFA, "CINdetails/ReferralNFA", "ssd_cin_episodes.cine_referral_nfa", FK_BOOL, true, true,
      "Referral closed with no further action"),

    F(CF_ASSESSMENT_START, "Assessments/AssessmentActualStartDate", "ssd_cin_assessments.cina_assessment_start_date",
      FK_DATE, true, true, "Assessment start"),
    F(CF_ASSESSMENT_REVIEW, "Assessments/AssessmentInternalReviewDate", "none:not-in-ssd", FK_DATE, false, true,
      "Internal review date (SSD holds no such column)"),
    F(CF_ASSESSMENT_AUTH, "Assessments/AssessmentAuthorisationDate", "ssd_cin_assessments.cina_assessment_auth_date",
      FK_DATE, false, true, "Assessment completed and authorised"),
    F(CF_ASSESSMENT_FACTOR, "Assessments/AssessmentFactors", "ssd_assessment_factors.cinf_assessment_factors_json",
      FK_CODE, false, true, "Factors identified at assessment"),

    F(CF_PLAN_START, "CINPlanDates/CINPlanStartDate", "ssd_cin_plans.cinp_cin_plan_start_date", FK_DATE, true, true,
      "CIN plan start"),
    F(CF_PLAN_END, "CINPlanDates/CINPlanEndDate", "ssd_cin_plans.cinp_cin_plan_end_date", FK_DATE, false, true,
      "CIN plan end"),

    F(CF_S47_START, "Section47/S47ActualStartDate", "ssd_s47_enquiry.s47e_s47_start_date", FK_DATE, true, true,
      "Section 47 enquiry start"),
    F(CF_S47_ICPC_TARGET, "Section47/InitialCPCtarget", "ssd_initial_cp_conference.icpc_icpc_target_date", FK_DATE,
      false, true, "Target date for the initial conference"),
    F(CF_S47_ICPC_DATE, "Section47/DateOfInitialCPC", "ssd_initial_cp_conference.icpc_icpc_date", FK_DATE, false,
      true, "Initial conference date"),
    F(CF_S47_ICPC_NOT_REQUIRED, "Section47/ICPCnotRequired", "derived:ssd_s47_enquiry.s47e_s47_outcome_json",
      FK_BOOL, true, true, "Enquiry completed with no conference needed"),

    F(CF_CPP_START, "ChildProtectionPlans/CPPstartDate", "ssd_cp_plans.cppl_cp_plan_start_date", FK_DATE, true, true,
      "Child protection plan start"),
    F(CF_CPP_END, "ChildProtectionPlans/CPPendDate", "ssd_cp_plans.cppl_cp_plan_end_date", FK_DATE, false, true,
      "Child protection plan end"),
    F(CF_CPP_INITIAL_CATEGORY, "ChildProtectionPlans/InitialCategoryOfAbuse",
      "ssd_cp_plans.cppl_cp_plan_initial_category", FK_CODE, true, true, "Initial category of abuse"),
    F(CF_CPP_LATEST_CATEGORY, "ChildProtectionPlans/LatestCategoryOfAbuse",
      "ssd_cp_plans.cppl_cp_plan_latest_category", FK_CODE, true, true, "Latest category of abuse"),
    F(CF_CPP_PREVIOUS, "ChildProtectionPlans/NumberOfPreviousCPP", "derived:ssd_cp_plans", FK_INT, true, true,
      "Earlier child protection plans of the child"),
    F(CF_CPP_REVIEW_DATE, "ChildProtectionPlans/CPPreviewDate", "ssd_cp_reviews.cppr_cp_review_date", FK_DATE, true,
      true, "Review conference dates"),

    /* 2026-27.  SSD's ssd_pre_proceedings has no FGDM flags, no court
     * application date and no CS131 outcome code: those come from the
     * extension table (sql/cin.sql). */
    F(CF_PP_START, "PreProceedingsandFGDM/PPStartDate", "ssd_pre_proceedings.prep_pre_pro_decision_date", FK_DATE,
      false, true, "Decision to begin pre-proceedings"),
    F(CF_PP_LBP_SENT, "PreProceedingsandFGDM/LBPSentDate", "ssd_pre_proceedings.prep_pre_pro_letter_date", FK_DATE,
      false, true, "Letter before proceedings sent"),
    F(CF_PP_FGDM_OFFER, "PreProceedingsandFGDM/FGDMMeetingOffer",
      "ssd_cin_extension_pre_proceedings.cinx_fgdm_offered", FK_BOOL, false, true,
      "Family group decision making meeting offered in the letter"),
    F(CF_PP_FGDM_FAC, "PreProceedingsandFGDM/FGDMMeetingFac",
      "ssd_cin_extension_pre_proceedings.cinx_fgdm_facilitated", FK_BOOL, false, true,
      "Family group decision making meeting held"),
    F(CF_PP_INITIAL_MEETING, "PreProceedingsandFGDM/InitialPPMeetingDate",
      "ssd_pre_proceedings.prep_initial_pre_pro_meeting_date", FK_DATE, false, true,
      "First pre-proceedings meeting with the parents"),
    F(CF_PP_REVIEW_COUNT, "PreProceedingsandFGDM/ReviewMeetingsCount", "ssd_pre_proceedings.prep_pre_pro_meetings_num",
      FK_INT, false, true, "Review meetings after the first"),
    F(CF_PP_STEP_DECISION, "PreProceedingsandFGDM/StepDecisionDate",
      "ssd_pre_proceedings.prep_agree_stepdown_issue_date", FK_DATE, false, true,
      "Decision to step down or to issue care proceedings"),
    F(CF_PP_OUTCOME, "PreProceedingsandFGDM/PPOutcome", "ssd_cin_extension_pre_proceedings.cinx_outcome_code",
      FK_CODE, false, true, "Outcome of pre-proceedings (CS131 code)"),
    F(CF_PP_COURT_APP, "PreProceedingsandFGDM/CourtAppDate",
      "ssd_cin_extension_pre_proceedings.cinx_court_application_date", FK_DATE, false, true,
      "Application to court for care proceedings"),
    F(CF_PP_LETTER_INIT, "PreProceedingsandFGDM/LetterInitCPDate", "ssd_pre_proceedings.prep_care_pro_letter_date",
      FK_DATE, false, true, "Letter to the parents that care proceedings begin"),
};

const struct field_catalogue cin_catalogue = { "cin", fields, CF__FIRST_2027 };
const struct field_catalogue cin_catalogue_2027 = { "cin", fields, CF__COUNT };

const struct field_catalogue *cin_catalogue_for_year(int year)
{
    return year >= CIN_PP_FIRST_YEAR ? &cin_catalogue_2027 : &cin_catalogue;
}

#define V(f, val) fn(opaque, (f), &(val))

void cin_visit_fields(const struct cin_child *c,
                      void (*fn)(void *opaque, enum cin_field f, const struct cin_value *v), void *opaque)
{
    V(CF_LA_CHILD_ID, c->la_child_id);
    V(CF_UPN, c->upn);
    V(CF_FORMER_UPN, c->former_upn);
    V(CF_UPN_UNKNOWN, c->upn_unknown);
    V(CF_BIRTH_DATE, c->birth_date);
    V(CF_EXPECTED_BIRTH_DATE, c->expected_birth_date);
    V(CF_SEX, c->sex);
    V(CF_DEATH_DATE, c->death_date);
    V(CF_ETHNICITY, c->ethnicity);
    if (!c->n_disabilities)
        fn(opaque, CF_DISABILITY, NULL);
    for (size_t i = 0; i < c->n_disabilities; i++)
        V(CF_DISABILITY, c->disabilities[i]);
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *e = &c->episodes[i];
        V(CF_REFERRAL_DATE, e->referral_date);
        V(CF_REFERRAL_SOURCE, e->referral_source);
        V(CF_PRIMARY_NEED, e->primary_need);
        V(CF_CLOSURE_DATE, e->closure_date);
        V(CF_CLOSURE_REASON, e->closure_reason);
        V(CF_EPISODE_ICPC_DATE, e->initial_cpc);
        V(CF_REFERRAL_NFA, e->referral_nfa);
        for (size_t k = 0; k < e->n_assessments; k++) {
            const struct cin_assessment *a = &e->assessments[k];
            V(CF_ASSESSMENT_START, a->start);
            V(CF_ASSESSMENT_REVIEW, a->review);
            V(CF_ASSESSMENT_AUTH, a->authorisation);
            if (!a->n_factors)
                fn(opaque, CF_ASSESSMENT_FACTOR, NULL);
            for (size_t j = 0; j < a->n_factors; j++)
                V(CF_ASSESSMENT_FACTOR, a->factors[j]);
        }
        for (size_t k = 0; k < e->n_plans; k++) {
            V(CF_PLAN_START, e->plans[k].start);
            V(CF_PLAN_END, e->plans[k].end);
        }
        for (size_t k = 0; k < e->n_s47s; k++) {
            V(CF_S47_START, e->s47s[k].start);
            V(CF_S47_ICPC_TARGET, e->s47s[k].icpc_target);
            V(CF_S47_ICPC_DATE, e->s47s[k].icpc_date);
            V(CF_S47_ICPC_NOT_REQUIRED, e->s47s[k].icpc_not_required);
        }
        for (size_t k = 0; k < e->n_cpps; k++) {
            const struct cin_cpp *p = &e->cpps[k];
            V(CF_CPP_START, p->start);
            V(CF_CPP_END, p->end);
            V(CF_CPP_INITIAL_CATEGORY, p->initial_category);
            V(CF_CPP_LATEST_CATEGORY, p->latest_category);
            V(CF_CPP_PREVIOUS, p->previous_cpp);
            if (!p->n_reviews)
                fn(opaque, CF_CPP_REVIEW_DATE, NULL);
            for (size_t j = 0; j < p->n_reviews; j++)
                V(CF_CPP_REVIEW_DATE, p->reviews[j]);
        }
        for (size_t k = 0; k < e->n_preproceedings; k++) {
            const struct cin_preproceedings *pp = &e->preproceedings[k];
            V(CF_PP_START, pp->pp_start);
            V(CF_PP_LBP_SENT, pp->lbp_sent);
            V(CF_PP_FGDM_OFFER, pp->fgdm_offer);
            V(CF_PP_FGDM_FAC, pp->fgdm_fac);
            V(CF_PP_INITIAL_MEETING, pp->initial_meeting);
            V(CF_PP_REVIEW_COUNT, pp->review_count);
            V(CF_PP_STEP_DECISION, pp->step_decision);
            V(CF_PP_OUTCOME, pp->outcome);
            V(CF_PP_COURT_APP, pp->court_app);
            V(CF_PP_LETTER_INIT, pp->letter_init);
        }
    }
}
