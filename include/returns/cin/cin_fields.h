/*
 * The fields of the CIN census, as the writer and the replica reader know
 * them.  The enum indexes the catalogue in cin_fields.c; a policy file must
 * list each one (see policy.h).
 */
#ifndef STATRETURN_CIN_FIELDS_H
#define STATRETURN_CIN_FIELDS_H

#include "privacy/policy.h"

enum cin_field {
    CF_COLLECTION, CF_YEAR, CF_REFERENCE_DATE, CF_SOURCE_LEVEL, CF_LEA, CF_SOFTWARE_CODE,
    CF_RELEASE, CF_SERIAL_NO, CF_DATE_TIME,
    CF_LA_CHILD_ID, CF_UPN, CF_FORMER_UPN, CF_UPN_UNKNOWN, CF_BIRTH_DATE, CF_EXPECTED_BIRTH_DATE,
    CF_SEX, CF_DEATH_DATE,
    CF_ETHNICITY, CF_DISABILITY,
    CF_REFERRAL_DATE, CF_REFERRAL_SOURCE, CF_PRIMARY_NEED, CF_CLOSURE_DATE, CF_CLOSURE_REASON,
    CF_EPISODE_ICPC_DATE, CF_REFERRAL_NFA,
    CF_ASSESSMENT_START, CF_ASSESSMENT_REVIEW, CF_ASSESSMENT_AUTH, CF_ASSESSMENT_FACTOR,
    CF_PLAN_START, CF_PLAN_END,
    CF_S47_START, CF_S47_ICPC_TARGET, CF_S47_ICPC_DATE, CF_S47_ICPC_NOT_REQUIRED,
    CF_CPP_START, CF_CPP_END, CF_CPP_INITIAL_CATEGORY, CF_CPP_LATEST_CATEGORY, CF_CPP_PREVIOUS,
    CF_CPP_REVIEW_DATE,
    CF__COUNT
};

extern const struct field_catalogue cin_catalogue;

struct cin_child;
struct cin_value;

/* Calls fn once for every place a field can occur in a child's record, in
 * document order: v is the value (its text NULL when blank).  A repeated
 * element (Disability, AssessmentFactors, CPPreviewDate) with no value in
 * its parent is visited once with v = NULL, so that it counts as a blank.
 * Header fields are not visited.  Used by the DPO report's counts. */
void cin_visit_fields(const struct cin_child *c,
                      void (*fn)(void *opaque, enum cin_field f, const struct cin_value *v), void *opaque);

#endif
