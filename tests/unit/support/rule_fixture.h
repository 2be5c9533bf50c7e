/*
 * Test support for the DfE rule tests.
 *
 * rfx_child() returns a baseline child for collection year 2025 that passes
 * every rule; a test changes one thing and runs one rule.  The baseline:
 *
 *   LAchildID C0000001, UPN L201000000011, DOB 2014-05-14, Sex F, WBRI,
 *   Disabilities: NONE
 *   CINdetails[1]: referral 2024-05-01, source 1A, need N1, ReferralNFA 0,
 *     open (no closure)
 *     Assessments[1]: start 2024-05-02, authorised 2024-05-20, factors 2B 3B
 *     CINPlanDates[1]: 2024-05-20 .. 2024-05-22
 *     Section47[1]: start 2024-05-03, target 15 working days later,
 *       DateOfInitialCPC 2024-05-22, ICPCnotRequired 0
 *     ChildProtectionPlans[1]: start 2024-05-22, open, NEG/NEG, previous 0,
 *       Reviews: 2024-08-14
 *
 * All memory is in the fixture's arena; rfx_child() does not reset it, so
 * several children can coexist; rfx_reset() frees them all.
 */
#ifndef STATRETURN_RULE_FIXTURE_H
#define STATRETURN_RULE_FIXTURE_H

#include <stddef.h>

#include "core/arena.h"
#include "returns/cin/cin_record.h"
#include "core/date.h"
#include "returns/cin/cin_rules.h"

#define RFX_MAX_FINDINGS 64

struct rfx_finding {
    char code[16];
    char path[256];
    char la_child_id[32];
    size_t episode;
    unsigned line;
    char message[384];      /* the finding's own message, "" when the rule's */
};

struct rfx {
    struct arena arena;
    struct cin_header header;
    struct rule_set rules;
    struct rule_env env;
    struct holidays holidays;
    size_t n_findings;                       /* of the last rfx_run */
    struct rfx_finding findings[RFX_MAX_FINDINGS];
};

/* Loads the rules and bank holidays for `year`; header as DfE expects. */
void rfx_init(struct rfx *f, int year);
void rfx_release(struct rfx *f);
void rfx_reset(struct rfx *f);

struct cin_child *rfx_child(struct rfx *f);
/* The baseline with every date moved by `days` (a multiple of 7 keeps the
 * weekdays; the conference target is worked out again from the moved
 * start, so bank holidays are respected): 728 puts it in 2026-27. */
struct cin_child *rfx_child_shifted(struct rfx *f, int days);
/* Sets text (NULL = absent) and parses it as a date when it looks like one. */
void rfx_set(struct rfx *f, struct cin_value *v, const char *text);

/* Appenders for building variations (values initially absent). */
struct cin_episode *rfx_add_episode(struct rfx *f, struct cin_child *c, const char *referral_date);
struct cin_assessment *rfx_add_assessment(struct rfx *f, struct cin_episode *e, const char *start, const char *auth);
struct cin_plan *rfx_add_plan(struct rfx *f, struct cin_episode *e, const char *start, const char *end);
struct cin_s47 *rfx_add_s47(struct rfx *f, struct cin_episode *e, const char *start, const char *icpc);
struct cin_cpp *rfx_add_cpp(struct rfx *f, struct cin_episode *e, const char *start, const char *end);
void rfx_add_disability(struct rfx *f, struct cin_child *c, const char *code);
void rfx_add_factor(struct rfx *f, struct cin_assessment *a, const char *code);
void rfx_add_review(struct rfx *f, struct cin_cpp *p, const char *date);
/* A PreProceedingsandFGDM group with only its PPStartDate (may be NULL). */
struct cin_preproceedings *rfx_add_preproceedings(struct rfx *f, struct cin_episode *e, const char *start);

/* Runs only rule `code` (header, the children in order, then the
 * whole-return conclusion) and returns how many findings it made; they are
 * in f->findings.  Fails the test if the rule is not in the year's set. */
size_t rfx_run(struct rfx *f, const char *code, struct cin_child *const *children, size_t n);
/* Same with one child. */
size_t rfx_run1(struct rfx *f, const char *code, struct cin_child *c);
/* Runs every rule on the children; returns the number of findings. */
size_t rfx_run_all(struct rfx *f, struct cin_child *const *children, size_t n);

#endif
