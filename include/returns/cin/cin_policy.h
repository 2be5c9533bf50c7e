/*
 * Between the replica and the writer: apply the policy's treatments to a
 * child's record (pseudonymise, generalise, drop), then check that what
 * remains can be written as schema-valid XML.  A value that cannot (a code
 * outside the DfE list, a required value missing) is a source defect:
 * reported by child, table and column, never with the value, and the build
 * writes nothing.
 */
#ifndef STATRETURN_CIN_POLICY_H
#define STATRETURN_CIN_POLICY_H

#include <stddef.h>

#include "core/arena.h"
#include "returns/cin/cin_record.h"
#include "returns/cin/cin_source.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "returns/expected.h"

/* key may be NULL when the policy pseudonymises nothing.  Returns -1 if
 * a pseudonym cannot be made (empty person id). */
int cin_apply_policy(struct arena *a, struct cin_child *c, const struct policy *p, const struct pseudo_key *key);

/* cin_pre_proceedings = no: the policy sends none of the pre-proceedings
 * module's fields (they become 'drop', so they are neither read nor
 * written, and the manifest says so).  Returns how many it switched. */
size_t cin_policy_skip_preproceedings(struct policy *p);

/* Reports every value that would make the XML invalid; returns how many.
 * person_id names the child in messages (the replica key, not the
 * pseudonym). */
size_t cin_check_writable(const struct cin_child *c, const struct policy *p, int year,
                          source_defect_fn fn, void *opaque);

/* The findings a profile's treatment causes (cin_expected.c). */
extern const struct expected_cause cin_expected_causes[];
extern const size_t cin_n_expected_causes;

#endif
