/*
 * The fields of the CIN census, as the writer and the replica reader know
 * them.  The enum indexes the catalogue in cin_fields.c; a policy file must
 * list each one the collection year has (see policy.h).
 *
 * A year's new fields come after the earlier years' in the enum, so the
 * catalogue of a year is a prefix of the whole: cin_catalogue (2024-25 and
 * 2025-26) stops before the 2026-27 pre-proceedings module, and a policy
 * loaded for one of those years has no entries for the module's fields
 * (cin_keeps says no).
 */
#ifndef STATRETURN_CIN_FIELDS_H
#define STATRETURN_CIN_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

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
    /* 2026-27: module 5, PreProceedingsandFGDM */
    CF_PP_START, CF_PP_LBP_SENT, CF_PP_FGDM_OFFER, CF_PP_FGDM_FAC, CF_PP_INITIAL_MEETING,
    CF_PP_REVIEW_COUNT, CF_PP_STEP_DECISION, CF_PP_OUTCOME, CF_PP_COURT_APP, CF_PP_LETTER_INIT,
    CF__COUNT
};

/* The first field of 2026-27 (the first after the 2025-26 catalogue). */
#define CF__FIRST_2027 CF_PP_START
/* The first collection year with the pre-proceedings module. */
#define CIN_PP_FIRST_YEAR 2027

/* The fields of 2024-25 and 2025-26, and of 2026-27 on. */
extern const struct field_catalogue cin_catalogue;
extern const struct field_catalogue cin_catalogue_2027;
/* The catalogue of collection year `year`. */
const struct field_catalogue *cin_catalogue_for_year(int year);

/* Whether policy p keeps field f: false for a field its catalogue (its
 * year) does not have. */
static inline bool cin_keeps(const struct policy *p, enum cin_field f)
{
    return (size_t)f < p->catalogue->n && policy_emits(p, f);
}

/* Whether f is one of the pre-proceedings module's fields. */
static inline bool cin_field_is_pp(size_t f)
{
    return f >= CF__FIRST_2027 && f < CF__COUNT;
}

struct cin_child;
struct cin_value;

/* Calls fn once for every place a field can occur in a child's record, in
 * document order: v is the value (its text NULL when blank).  A repeated
 * element (Disability, AssessmentFactors, CPPreviewDate) with no value in
 * its parent is visited once with v = NULL, so that it counts as a blank.
 * The pre-proceedings fields are visited once per group (a record has
 * groups only from 2026-27).  Header fields are not visited.  Used by the
 * DPO report's counts. */
void cin_visit_fields(const struct cin_child *c,
                      void (*fn)(void *opaque, enum cin_field f, const struct cin_value *v), void *opaque);

#endif
