/*
 * The in-memory CIN census record: one child with everything nested in it.
 *
 * This is the meeting point of the pipeline.  The replica reader
 * (cin_source.c) and the XML file reader (cin_reader.c) both produce it;
 * the XML writer (cin_writer.c) and the DfE rule engine (rules.c) consume
 * it.  So the rules see exactly the same thing whether a child came from the
 * replica or from an uploaded file.
 *
 * Every value keeps its text as it was (NULL when absent), the line it came
 * from, and, for date elements, the parsed day number.  All memory belongs to
 * the arena passed to the reader; it is reset before the next child.
 *
 * Element names in comments are the DfE XML names (case as in the schema).
 */
#ifndef STATRETURN_CIN_RECORD_H
#define STATRETURN_CIN_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"

struct cin_value {
    const char *text;   /* NULL when the element is absent; never trimmed by readers beyond XML whitespace rules */
    sr_date date;       /* date elements: parsed text, SR_DATE_NONE / SR_DATE_INVALID; other elements: SR_DATE_NONE */
    uint32_t line;      /* 1-based source line; 0 for values built from the replica */
};

static inline bool cin_present(const struct cin_value *v) { return v->text != NULL && v->text[0] != '\0'; }

/* ReferralNFA, ICPCnotRequired, FGDM flags: DfE accepts 1/0/true/false
 * (rule 8568).  Returns 1, 0, or -1 when absent or not a boolean. */
int cin_bool(const struct cin_value *v);

struct cin_header {
    struct cin_value collection;     /* Collection: "CIN" */
    struct cin_value year;           /* Year: collection end year */
    struct cin_value reference_date; /* ReferenceDate (date) */
    struct cin_value source_level;   /* SourceLevel: "L" */
    struct cin_value lea;            /* LEA: 3-digit LA code */
    struct cin_value software_code;
    struct cin_value release;
    struct cin_value serial_no;
    struct cin_value date_time;
    uint32_t line;
};

struct cin_assessment {
    struct cin_value start;           /* AssessmentActualStartDate */
    struct cin_value review;          /* AssessmentInternalReviewDate */
    struct cin_value authorisation;   /* AssessmentAuthorisationDate */
    bool has_factors_group;           /* FactorsIdentifiedAtAssessment present (maybe empty) */
    struct cin_value *factors;        /* AssessmentFactors, in order */
    size_t n_factors, cap_factors;
    uint32_t line;
};

struct cin_plan {                     /* CINPlanDates */
    struct cin_value start;           /* CINPlanStartDate */
    struct cin_value end;             /* CINPlanEndDate */
    uint32_t line;
};

struct cin_s47 {                      /* Section47 */
    struct cin_value start;           /* S47ActualStartDate */
    struct cin_value icpc_target;     /* InitialCPCtarget */
    struct cin_value icpc_date;       /* DateOfInitialCPC */
    struct cin_value icpc_not_required; /* ICPCnotRequired (boolean) */
    uint32_t line;
};

struct cin_cpp {                      /* ChildProtectionPlans */
    struct cin_value start;           /* CPPstartDate */
    struct cin_value end;             /* CPPendDate */
    struct cin_value initial_category;/* InitialCategoryOfAbuse */
    struct cin_value latest_category; /* LatestCategoryOfAbuse */
    struct cin_value previous_cpp;    /* NumberOfPreviousCPP */
    bool has_reviews_group;           /* Reviews present (maybe empty) */
    struct cin_value *reviews;        /* CPPreviewDate, in order */
    size_t n_reviews, cap_reviews;
    uint32_t line;
};

/* 2026-27 module 5, PreProceedingsandFGDM (names per the DfE 2026-27 draft). */
struct cin_preproceedings {
    struct cin_value pp_start;          /* PPStartDate */
    struct cin_value lbp_sent;          /* LBPSentDate */
    struct cin_value fgdm_offer;        /* FGDMMeetingOffer (boolean) */
    struct cin_value fgdm_fac;          /* FGDMMeetingFac (boolean) */
    struct cin_value initial_meeting;   /* InitialPPMeetingDate */
    struct cin_value review_count;      /* ReviewMeetingsCount */
    struct cin_value step_decision;     /* StepDecisionDate */
    struct cin_value outcome;           /* PPOutcome */
    struct cin_value court_app;         /* CourtAppDate */
    struct cin_value letter_init;       /* LetterInitCPDate */
    uint32_t line;
};

struct cin_episode {                  /* CINdetails */
    struct cin_value referral_date;   /* CINreferralDate */
    struct cin_value referral_source; /* ReferralSource */
    struct cin_value primary_need;    /* PrimaryNeedCode */
    struct cin_value closure_date;    /* CINclosureDate */
    struct cin_value closure_reason;  /* ReasonForClosure */
    struct cin_value initial_cpc;     /* DateOfInitialCPC at CINdetails level */
    struct cin_value referral_nfa;    /* ReferralNFA (boolean) */
    struct cin_assessment *assessments; size_t n_assessments, cap_assessments;
    struct cin_plan *plans;             size_t n_plans, cap_plans;
    struct cin_s47 *s47s;               size_t n_s47s, cap_s47s;
    struct cin_cpp *cpps;               size_t n_cpps, cap_cpps;
    struct cin_preproceedings *preproceedings; size_t n_preproceedings, cap_preproceedings;
    size_t position;                  /* 1-based position among the child's CINdetails */
    const char *source_key;           /* replica: cine_referral_id; file: NULL */
    uint32_t line;
};

struct cin_child {
    struct cin_value la_child_id;     /* LAchildID */
    struct cin_value upn;             /* UPN */
    struct cin_value former_upn;      /* FormerUPN */
    struct cin_value upn_unknown;     /* UPNunknown */
    struct cin_value birth_date;      /* PersonBirthDate */
    struct cin_value expected_birth_date; /* ExpectedPersonBirthDate */
    struct cin_value sex;             /* Sex (2024-25 on) */
    struct cin_value death_date;      /* PersonDeathDate */
    struct cin_value ethnicity;       /* Ethnicity */
    bool has_disabilities_group;      /* Disabilities present (maybe empty) */
    struct cin_value *disabilities; size_t n_disabilities, cap_disabilities;
    struct cin_episode *episodes;   size_t n_episodes, cap_episodes;
    size_t position;                  /* 1-based position in the return */
    const char *source_key;           /* replica: pers_person_id; file: NULL */
    uint32_t line;
};

/* Helpers for readers: append an element to an arena-held array and return
 * it, initialised with every value absent (text NULL, date SR_DATE_NONE).
 * The new element's position/line fields are left for the caller. */
struct cin_episode *cin_add_episode(struct arena *a, struct cin_child *c);
struct cin_assessment *cin_add_assessment(struct arena *a, struct cin_episode *e);
struct cin_plan *cin_add_plan(struct arena *a, struct cin_episode *e);
struct cin_s47 *cin_add_s47(struct arena *a, struct cin_episode *e);
struct cin_cpp *cin_add_cpp(struct arena *a, struct cin_episode *e);
struct cin_preproceedings *cin_add_preproceedings(struct arena *a, struct cin_episode *e);
struct cin_value *cin_add_disability(struct arena *a, struct cin_child *c);
struct cin_value *cin_add_factor(struct arena *a, struct cin_assessment *as);
struct cin_value *cin_add_review(struct arena *a, struct cin_cpp *p);

void cin_value_clear(struct cin_value *v);
void cin_header_init(struct cin_header *h);
/* The header's Year as a number (four digits, white space around them
 * allowed), 0 when absent or not a year. */
int cin_header_year(const struct cin_header *h);
void cin_child_init(struct cin_child *c);

/* Sets a value's text (copied into the arena; NULL = absent) and line, and
 * for date elements (is_date) parses it as YYYY-MM-DD. */
void cin_value_set(struct arena *a, struct cin_value *v, const char *text, uint32_t line, bool is_date);

/*
 * Where an element path of the census is, in the terms every return's
 * findings use (findings/finding.h): the table is the DfE module the
 * element belongs to (Header, ChildIdentifiers, ChildCharacteristics,
 * CINdetails, Assessments, CINPlanDates, Section47, ChildProtectionPlans,
 * PreProceedingsandFGDM), with the wrappers inside a module counted as the
 * module (CollectionDetails and Source in Header, Disabilities in
 * ChildCharacteristics, FactorsIdentifiedAtAssessment in Assessments,
 * Reviews in ChildProtectionPlans); the row is the module element's
 * position in its parent (1 when unnumbered); the column is the data
 * element named last, without its position ("UPN"), or empty when the path
 * ends at a module or wrapper.  A path above every module (the child, the
 * return) has no table: *table NULL, *row 0.
 *   "Message/Children/Child[3]/CINdetails[2]/Assessments[1]/AssessmentAuthorisationDate"
 *     -> Assessments, 1, AssessmentAuthorisationDate
 * column (at least 64 bytes) receives the column; *table points at a
 * static string.
 */
#define CIN_COLUMN_MAX 64
void cin_path_locate(const char *path, const char **table, size_t *row, char column[CIN_COLUMN_MAX]);

#endif
