/*
 * Findings a profile's own treatment causes, predicted from its policy.
 *
 * A regional profile drops the UPN, moves dates of birth to the 1st of
 * their month and cuts postcodes to their sector.  The files it writes are
 * right for their recipient, yet some DfE rules fail on them: a missing
 * UPN (903 442, CIN 8770Q), ages that change by a few days (903 189, 304,
 * 440, ...), sectors that are not postcodes (903 392c, 392d).  Such a
 * finding is no fault of the data, and a scheduler must not be told the run
 * failed; but it is still shown, so that nothing is hidden.
 *
 * Each return keeps a table of causes: which treatment of which policy
 * field makes which rules fire (and, where the rule checks many columns,
 * on which).  expected_init keeps the rows whose treatment the policy
 * gives that field; expected_mark then marks a finding of one of their
 * rules as expected (struct finding's expected), with a message naming
 * the policy, the field and the treatment.  The report lists those apart
 * ("expected for this profile") and counts them neither as errors nor as
 * queries; the manifest records their count beside the others.
 *
 * The prediction is by rule: under such a profile a rule of the table is
 * expected wherever it fires, since its check sees only the treated
 * values.  The DfE profile treats none of those fields so, and reports
 * every finding as usual.
 */
#ifndef STATRETURN_RETURNS_EXPECTED_H
#define STATRETURN_RETURNS_EXPECTED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "findings/finding.h"
#include "privacy/policy.h"

struct expected_cause {
    const char *field;          /* the policy field, e.g. "Header/UPN" */
    enum treatment treatment;   /* TR_DROP, TR_MONTH, TR_SECTOR */
    const char *rules;          /* rule codes it causes, separated by spaces */
    const char *columns;        /* the finding's columns, separated by spaces; NULL: any */
};

struct expected_set {
    const struct policy *policy;
    const struct expected_cause **active;   /* the rows this policy makes true */
    size_t n_active;
    size_t count;                           /* findings marked so far */
};

/* The rows of table (n of them) that policy p makes true.  A row naming a
 * field the policy's catalogue does not have is a bug in the table: it is
 * passed over (a unit test checks every table against its catalogue). */
void expected_init(struct expected_set *es, const struct policy *p, const struct expected_cause *table, size_t n);
void expected_release(struct expected_set *es);
/* True when the policy makes some finding expected. */
static inline bool expected_any(const struct expected_set *es)
{
    return es->n_active != 0;
}

/* The row that makes f expected, or NULL. */
const struct expected_cause *expected_cause_of(const struct expected_set *es, const struct finding *f);

/* When f is expected: *g becomes a copy of f marked expected, whose
 * message (in msg, which must outlive the use of g) says why, after
 * `detail` when there is one; es->count goes up; true.  Otherwise false. */
bool expected_mark(struct expected_set *es, const struct finding *f, const char *detail, struct finding *g,
                   struct strbuf *msg);

/* True when every row of table names a field of cat, some rules, and a
 * treatment the field can have (month: a date; sector: a postcode);
 * otherwise false with the first bad row's field in *bad. */
bool expected_table_ok(const struct expected_cause *table, size_t n, const struct field_catalogue *cat,
                       const char **bad);

#endif
