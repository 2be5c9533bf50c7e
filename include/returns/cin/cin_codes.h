/*
 * DfE code lists for the CIN census (CBDS code sets), by collection year.
 *
 * The lists are data in src/returns/cin/cin_codes.c, checked against the project's XSDs by a
 * test, so the writer, the source reader and the rules agree with the schema.
 */
#ifndef STATRETURN_CODES_H
#define STATRETURN_CODES_H

#include <stdbool.h>

enum cin_codelist {
    CL_SEX,               /* M F U (2024-25 on) */
    CL_ETHNICITY,         /* WBRI ... NOBT, 20 codes */
    CL_DISABILITY,        /* NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA */
    CL_UPN_UNKNOWN,       /* UN1 .. UN7 */
    CL_REFERRAL_SOURCE,   /* 1A .. 10, 22 codes */
    CL_PRIMARY_NEED,      /* N0 .. N9 */
    CL_CLOSURE_REASON,    /* RC1 .. RC9 */
    CL_ABUSE_CATEGORY,    /* NEG PHY SAB EMO MUL */
    CL_ASSESSMENT_FACTOR, /* 1A .. 24A, including 18A/19A which DfE queries (8945Q, 8950Q) */
    CL_PP_OUTCOME,        /* A B C (2026-27) */
    CL__COUNT
};

/* Exact, case-sensitive membership, as the schema enumerations are. */
bool cin_code_valid(enum cin_codelist list, const char *value, int year);
/* The codes of a list, NULL-terminated (for generators and reports). */
const char *const *cin_code_list(enum cin_codelist list, int year);
const char *cin_codelist_name(enum cin_codelist list);

#endif
