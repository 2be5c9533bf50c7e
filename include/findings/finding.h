/*
 * One finding model for every return: a rule (its code, type, module and
 * message, as DfE publishes them, or one of our own checks), and where the
 * finding is: the child, the table, row and column, the element path or
 * CSV location, and the line.  Rule engines and readers of every return
 * deliver struct finding to a finding_fn; the report (findings/report.h)
 * records and writes them.
 */
#ifndef STATRETURN_FINDINGS_FINDING_H
#define STATRETURN_FINDINGS_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

enum rule_type { RULE_ERROR, RULE_QUERY };

struct rule {
    const char *code;       /* DfE code as published, e.g. "8525Q"; ours: "XSD", "SR-EPI" */
    enum rule_type type;
    const char *module;     /* DfE module/table, e.g. "ChildIdentifiers" */
    const char *message;    /* DfE message, as published */
};

/* A finding as delivered to the sink.  Pointers are valid only during the
 * callback. */
struct finding {
    const struct rule *rule;
    const char *la_child_id;    /* the child as the return names it (LAchildID, CHILD, a
                                   row key); NULL for header- and return-level findings */
    const char *source_key;     /* replica person id, when built from the replica */
    size_t child_position;      /* 1-based; 0 when not about one child */
    /* CIN census only (0, SR_DATE_NONE otherwise): the CINdetails episode
     * and its referral date, which with the child locate the record. */
    size_t episode_position;
    sr_date referral_date;
    const char *path;           /* full element path, or a CSV location in words */
    uint32_t line;              /* 0 when unknown (replica) */
    const char *value;          /* offending value or NULL; show only with --show-values */
    /* Where the finding is in the return's tables; NULL, 0, NULL for a
     * finding about a whole file or the whole return.
     *   table   e.g. "Episodes", "Assessments"
     *   row     CSV: the data row in its file (1 = the first row under the
     *           header; 0 = the header row); XML: the occurrence of the row
     *           element in its parent (an SSDA903 CHILD, a CIN episode)
     *   column  e.g. "PL_POST", "AssessmentActualStartDate"; NULL when the
     *           finding is about the row or the child as a whole */
    const char *table;
    size_t row;
    const char *column;
    /* This finding's own message, when the rule's needs a word more (a
     * rule about a pair of records names the other one: "... (the other
     * record: Child[3], line 40)"); NULL: the rule's message.  Never a
     * personal value. */
    const char *message;
    /* Caused by the profile's own treatment of the data (a regional
     * policy's dropped UPN, moved date of birth, postcode sector), as
     * predicted from the policy (returns/expected.h): reported in a part
     * of its own, "expected for this profile", and counted neither as an
     * error nor as a query. */
    bool expected;
};

typedef void (*finding_fn)(void *opaque, const struct finding *f);

#endif
