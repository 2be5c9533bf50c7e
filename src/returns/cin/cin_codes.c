/*
 * DfE code lists of the CIN census, by collection year.
 *
 * Each list is a table of codes in DfE's order, and each code carries the
 * first and last collection year it is valid in.  A later year that adds or
 * withdraws a code changes one row (a new row with first_year, or a
 * last_year on an old one) instead of copying the whole list, and every
 * year before or after keeps its own answer.  Years are collection end
 * years, as in the header <Year>: 2025 is 2024-25.
 *
 * The enumerations in specs/cin/cin_<year>.xsd must say the same thing;
 * tests/unit/test_codes.c reads the XSDs and compares them with these
 * tables, so a code changed in one place and not the other fails the build.
 */
#include "returns/cin/cin_codes.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first collection year statreturn supports (2024-25, when <Sex>
 * replaced <GenderCurrent>).  The tables do not describe earlier years, so
 * for those nothing is valid rather than a guess. */
#define FIRST_YEAR 2025
/* last_year of a code still in use. */
#define OPEN 9999

struct code {
    const char *code;
    int first_year;   /* FIRST_YEAR when valid from the start of our tables */
    int last_year;    /* OPEN while still valid */
};

#define SINCE_START(c) { c, FIRST_YEAR, OPEN }

static const struct code sex_codes[] = {
    SINCE_START("M"), SINCE_START("F"), SINCE_START("U"),
};

static const struct code ethnicity_codes[] = {
    SINCE_START("WBRI"), SINCE_START("WIRI"), SINCE_START("WIRT"), SINCE_START("WOTH"),
    SINCE_START("WROM"), SINCE_START("MWBC"), SINCE_START("MWBA"), SINCE_START("MWAS"),
    SINCE_START("MOTH"), SINCE_START("AIND"), SINCE_START("APKN"), SINCE_START("ABAN"),
    SINCE_START("AOTH"), SINCE_START("BCRB"), SINCE_START("BAFR"), SINCE_START("BOTH"),
    SINCE_START("CHNE"), SINCE_START("OOTH"), SINCE_START("REFU"), SINCE_START("NOBT"),
};

static const struct code disability_codes[] = {
    SINCE_START("NONE"), SINCE_START("MOB"), SINCE_START("HAND"), SINCE_START("PC"),
    SINCE_START("INC"), SINCE_START("COMM"), SINCE_START("LD"), SINCE_START("HEAR"),
    SINCE_START("VIS"), SINCE_START("BEH"), SINCE_START("CON"), SINCE_START("AUT"),
    SINCE_START("DDA"),
};

/* CBDS set CS051 also has UN8-UN10, used by other collections only. */
static const struct code upn_unknown_codes[] = {
    SINCE_START("UN1"), SINCE_START("UN2"), SINCE_START("UN3"), SINCE_START("UN4"),
    SINCE_START("UN5"), SINCE_START("UN6"), SINCE_START("UN7"),
};

static const struct code referral_source_codes[] = {
    SINCE_START("1A"), SINCE_START("1B"), SINCE_START("1C"), SINCE_START("1D"),
    SINCE_START("2A"), SINCE_START("2B"),
    SINCE_START("3A"), SINCE_START("3B"), SINCE_START("3C"), SINCE_START("3D"),
    SINCE_START("3E"), SINCE_START("3F"),
    SINCE_START("4"),
    SINCE_START("5A"), SINCE_START("5B"), SINCE_START("5C"),
    SINCE_START("5D"),      /* early help; in DfE's list since 2022-23 */
    SINCE_START("6"), SINCE_START("7"), SINCE_START("8"), SINCE_START("9"),
    SINCE_START("10"),
};

/* N0 (not stated) is last in DfE's order.  N1's description changed in
 * 2025-26 ("abuse, neglect and exploitation"); the code did not. */
static const struct code primary_need_codes[] = {
    SINCE_START("N1"), SINCE_START("N2"), SINCE_START("N3"), SINCE_START("N4"),
    SINCE_START("N5"), SINCE_START("N6"), SINCE_START("N7"), SINCE_START("N8"),
    SINCE_START("N9"), SINCE_START("N0"),
};

static const struct code closure_reason_codes[] = {
    SINCE_START("RC1"), SINCE_START("RC2"), SINCE_START("RC3"), SINCE_START("RC4"),
    SINCE_START("RC5"), SINCE_START("RC6"), SINCE_START("RC7"), SINCE_START("RC8"),
    SINCE_START("RC9"),     /* referred to early help; since 2022-23 */
};

static const struct code abuse_category_codes[] = {
    SINCE_START("NEG"), SINCE_START("PHY"), SINCE_START("SAB"), SINCE_START("EMO"),
    SINCE_START("MUL"),
};

/* 18A and 19A were replaced by 18B/18C and 19B/19C in 2020-21, but DfE
 * still lets them through to its rules and queries them (8945Q, 8950Q from
 * 2024-25).  They are valid codes here so that the queries, not a code
 * check, answer them.  8A is not a code. */
static const struct code assessment_factor_codes[] = {
    SINCE_START("1A"), SINCE_START("1B"), SINCE_START("1C"),
    SINCE_START("2A"), SINCE_START("2B"), SINCE_START("2C"),
    SINCE_START("3A"), SINCE_START("3B"), SINCE_START("3C"),
    SINCE_START("4A"), SINCE_START("4B"), SINCE_START("4C"),
    SINCE_START("5A"), SINCE_START("5B"), SINCE_START("5C"),
    SINCE_START("6A"), SINCE_START("6B"), SINCE_START("6C"),
    SINCE_START("7A"),
    SINCE_START("8B"), SINCE_START("8C"), SINCE_START("8D"), SINCE_START("8E"),
    SINCE_START("8F"),
    SINCE_START("9A"), SINCE_START("10A"), SINCE_START("11A"), SINCE_START("12A"),
    SINCE_START("13A"), SINCE_START("14A"), SINCE_START("15A"), SINCE_START("16A"),
    SINCE_START("17A"),
    SINCE_START("18A"), SINCE_START("18B"), SINCE_START("18C"),
    SINCE_START("19A"), SINCE_START("19B"), SINCE_START("19C"),
    SINCE_START("20"), SINCE_START("21"),
    SINCE_START("22A"), SINCE_START("23A"),
    SINCE_START("24A"),     /* child criminal exploitation; since 2021-22 */
};

/* Pre-proceedings outcome (PPOutcome, CBDS set CS131), new with the 2026-27
 * pre-proceedings module.  The code meanings have not been published in
 * anything we have seen; the codes come from DfE's draft rule 9011. */
static const struct code pp_outcome_codes[] = {
    { "A", 2027, OPEN }, { "B", 2027, OPEN }, { "C", 2027, OPEN },
};

struct code_table {
    const char *name;           /* XSD simple type is name + "Type" */
    const struct code *codes;
    size_t n;
};

#define TABLE(nm, arr) { nm, arr, sizeof arr / sizeof arr[0] }

static const struct code_table tables[CL__COUNT] = {
    [CL_SEX]               = TABLE("Sex", sex_codes),
    [CL_ETHNICITY]         = TABLE("Ethnicity", ethnicity_codes),
    [CL_DISABILITY]        = TABLE("Disability", disability_codes),
    [CL_UPN_UNKNOWN]       = TABLE("UPNunknown", upn_unknown_codes),
    [CL_REFERRAL_SOURCE]   = TABLE("ReferralSource", referral_source_codes),
    [CL_PRIMARY_NEED]      = TABLE("PrimaryNeedCode", primary_need_codes),
    [CL_CLOSURE_REASON]    = TABLE("ReasonForClosure", closure_reason_codes),
    [CL_ABUSE_CATEGORY]    = TABLE("CategoryOfAbuse", abuse_category_codes),
    [CL_ASSESSMENT_FACTOR] = TABLE("AssessmentFactors", assessment_factor_codes),
    [CL_PP_OUTCOME]        = TABLE("PPOutcome", pp_outcome_codes),
};

static bool list_ok(enum cin_codelist list)
{
    /* Compared as unsigned so that a stray negative value is caught too. */
    return (unsigned)list < (unsigned)CL__COUNT;
}

static bool code_in_year(const struct code *c, int year)
{
    return year >= FIRST_YEAR && year >= c->first_year && year <= c->last_year;
}

bool cin_code_valid(enum cin_codelist list, const char *value, int year)
{
    if (!list_ok(list) || value == NULL)
        return false;
    const struct code_table *t = &tables[list];
    /* No early return on a match: a code withdrawn and later re-introduced
     * has one row per period of validity. */
    for (size_t i = 0; i < t->n; i++)
        if (code_in_year(&t->codes[i], year) && strcmp(t->codes[i].code, value) == 0)
            return true;
    return false;
}

/*
 * NULL-terminated lists per year, built once.  A list only changes in a
 * year where some code starts or stops, so years after the last such year
 * share one slot; YEAR_SLOTS bounds how far ahead the tables may plan
 * (checked when the cache is built, so a table edit that goes further fails
 * loudly in the unit tests rather than silently).  The largest list (44
 * assessment factors) decides MAX_CODES.
 */
#define YEAR_SLOTS 16
#define MAX_CODES 64

static const char *list_cache[CL__COUNT][YEAR_SLOTS][MAX_CODES + 1];
static int last_change_year = FIRST_YEAR;   /* slots beyond this repeat it */
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static const char *const empty_list[] = { NULL };

static void table_fault(const char *name, const char *why)
{
    fprintf(stderr, "statreturn: code table %s: %s\n", name, why);
    abort();
}

static void build_cache(void)
{
    for (size_t l = 0; l < CL__COUNT; l++) {
        const struct code_table *t = &tables[l];
        if (t->name == NULL)    /* an enum value added without a table */
            table_fault("(unnamed)", "enum cin_codelist has a value with no table");
        if (t->n > MAX_CODES)
            table_fault(t->name, "more codes than MAX_CODES");
        for (size_t i = 0; i < t->n; i++) {
            const struct code *c = &t->codes[i];
            if (c->first_year < FIRST_YEAR || c->last_year < c->first_year)
                table_fault(t->name, "a code has an impossible year range");
            if (c->first_year > last_change_year)
                last_change_year = c->first_year;
            if (c->last_year != OPEN && c->last_year + 1 > last_change_year)
                last_change_year = c->last_year + 1;
        }
    }
    if (last_change_year - FIRST_YEAR >= YEAR_SLOTS)
        table_fault("(all)", "a year range reaches beyond YEAR_SLOTS");

    for (size_t l = 0; l < CL__COUNT; l++) {
        const struct code_table *t = &tables[l];
        for (int s = 0; s < YEAR_SLOTS; s++) {
            size_t n = 0;
            for (size_t i = 0; i < t->n; i++)
                if (code_in_year(&t->codes[i], FIRST_YEAR + s))
                    list_cache[l][s][n++] = t->codes[i].code;
            list_cache[l][s][n] = NULL;
        }
    }
}

const char *const *cin_code_list(enum cin_codelist list, int year)
{
    if (!list_ok(list) || year < FIRST_YEAR)
        return empty_list;
    /* pthread_once makes the first call safe from any thread; the cache is
     * only read afterwards. */
    pthread_once(&cache_once, build_cache);
    int y = year > last_change_year ? last_change_year : year;
    return list_cache[list][y - FIRST_YEAR];
}

const char *cin_codelist_name(enum cin_codelist list)
{
    /* A printable answer even for a bad value: names end up in messages. */
    return list_ok(list) ? tables[list].name : "unknown";
}
