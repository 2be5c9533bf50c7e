/*
 * The DfE validation rule engine.
 *
 * One engine serves `statreturn validate` (records read from a file) and
 * `statreturn build` (records read from the replica).  A rule is a row of a
 * table: its DfE code, type, module and message, and the function that
 * checks it.  Rules are grouped into year layers (rules_cin_layers.c): the
 * base layer holds the 2024-25 rules, and each later year lists only the
 * rules it adds, replaces or removes.
 *
 * Rules see one child at a time.  Rules about the whole return (unique
 * LAchildID, LA-level percentages) keep compact state between children and
 * report when the return ends, so validation streams.
 *
 * Findings go to a callback as they are found; the engine keeps nothing per
 * finding.
 */
#ifndef STATRETURN_RULES_H
#define STATRETURN_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/id_set.h"
#include "findings/finding.h"
#include "returns/cin/cin_record.h"
#include "core/date.h"

struct rule_ctx;

struct cin_rule {
    struct rule rule;       /* code, type, module and message, as DfE publishes them */
    /* Per-child check; NULL when the rule only looks at the header or the return. */
    void (*check_child)(struct rule_ctx *ctx, const struct cin_child *c);
    /* Header check; NULL when none. */
    void (*check_header)(struct rule_ctx *ctx, const struct cin_header *h);
    /* Whole-return rules: the engine allocates state_size zeroed bytes,
     * calls accumulate for each child and conclude once at the end, then
     * release (may be NULL) to free anything the state points to. */
    size_t state_size;
    void (*accumulate)(struct rule_ctx *ctx, void *state, const struct cin_child *c);
    void (*conclude)(struct rule_ctx *ctx, void *state);
    void (*release)(void *state);
};

/* What a rule may know besides the record. */
struct rule_env {
    int year;                        /* collection end year (header Year or --year) */
    sr_date reference_date;          /* 31 March of year: [Period_of_Census] end */
    sr_date period_start;            /* 1 April of year-1 */
    const struct holidays *holidays; /* England and Wales bank holidays */
};

const struct rule_env *rule_ctx_env(const struct rule_ctx *ctx);

/*
 * Reports that the current rule failed.
 *   c     the child (NULL for header- and return-level findings)
 *   ep    the CINdetails episode the failure is in (NULL when child-level)
 *   v     the offending value (NULL when the failure is an absence or a group);
 *         gives the line and, with --show-values, the value shown
 *   line  the source line when v is NULL (0: use the episode's, else the child's)
 *   path_fmt  the element path below the episode (when ep) or below the
 *         child, e.g. "Assessments[2]/AssessmentActualStartDate" or
 *         "ChildIdentifiers/UPN"; positions are 1-based.  The engine prefixes
 *         "Message/Children/Child[n]/" and "CINdetails[m]/".
 *         For header findings: below "Message/Header", e.g.
 *         "CollectionDetails/ReferenceDate".
 */
__attribute__((format(printf, 6, 7)))
void rule_fail(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
               const struct cin_value *v, uint32_t line, const char *path_fmt, ...);

/* rule_fail (line 0) for a rule about a pair of records (a duplicate, a
 * conference recorded twice) that reports one of them: `other` names the
 * other by place, never by value (an element path below the child, e.g.
 * "Child[3]", "CINdetails[1]/DateOfInitialCPC"), with its line when known
 * (0: not), and the finding's message is the rule's followed by "(the
 * other record: Child[3], line 40)", so an analyst finds both. */
__attribute__((format(printf, 7, 8)))
void rule_fail_other(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
                     const struct cin_value *v, const char *other, uint32_t other_line, const char *path_fmt, ...);

/* The place of group `name`[i] (1-based) of episode ep, as rule_fail_other
 * names another record: "CINdetails[2]/CINPlanDates[1]"; "CINdetails[2]"
 * when name is NULL. */
void rule_other_group(char *buf, size_t n, const struct cin_episode *ep, const char *name, size_t i);

/* Return-level findings (LA-level queries) that name no child. */
__attribute__((format(printf, 2, 3)))
void rule_fail_return(struct rule_ctx *ctx, const char *path_fmt, ...);


/* The rules in force for one collection year, after applying the layers. */
struct rule_set {
    const struct cin_rule **rules;   /* owned array of pointers to static rules */
    size_t n;
    int year;
};

/* Fills rs for `year`.  Returns -1 with a message in err when no layer covers
 * the year. */
int rule_set_for_year(struct rule_set *rs, int year, char *err, size_t errlen);
void rule_set_release(struct rule_set *rs);
const struct cin_rule *rule_set_find(const struct rule_set *rs, const char *code);
/* The first and last years the layers support. */
void rule_years_supported(int *first, int *last);

struct rule_engine;

/* rs and env must outlive the engine. */
struct rule_engine *rule_engine_new(const struct rule_set *rs, const struct rule_env *env,
                                    finding_fn fn, void *opaque);
/* Runs only the named rule (tests, `validate --rule`).  -1 if unknown. */
int rule_engine_only(struct rule_engine *e, const char *code);
void rule_engine_header(struct rule_engine *e, const struct cin_header *h);
void rule_engine_child(struct rule_engine *e, const struct cin_child *c);
/* Runs the whole-return conclusions.  Call once, after the last child. */
void rule_engine_finish(struct rule_engine *e);
void rule_engine_free(struct rule_engine *e);

/* Rule tables, one per batch file (rules_cin_*.c); each ends with an
 * element whose code is NULL. */
extern const struct cin_rule cin_rules_identifiers[];  /* Header, ChildIdentifiers, ChildCharacteristics, Disabilities */
extern const struct cin_rule cin_rules_episodes[];     /* CINdetails, CINplanDates */
extern const struct cin_rule cin_rules_assessments[];  /* Assessments, Section47 */
extern const struct cin_rule cin_rules_protection[];   /* ChildProtectionPlans, Reviews */
extern const struct cin_rule cin_rules_preproceedings[]; /* PreProceedingsandFGDM (from 2026-27) */
extern const struct cin_rule cin_rules_own[];          /* statreturn's checks (SR-...), not DfE's */


#endif
