/*
 * The DfE code lists statreturn ships for the CIN census and the SSDA903,
 * by collection year, for a return that reuses them (the CSC API feed
 * checks its coded fields against them: returns/cscapi/csc_codes.h).
 *
 * The lists themselves stay where their return keeps them: the CIN census
 * tables of returns/cin/cin_codes.h and the SSDA903 lists of
 * specs/903/tables.conf.  This is the shared interface, so that no return
 * includes another's headers.  A list is found by the name its return
 * gives it ("ReferralSource", "PLACE") and then asked about values.
 */
#ifndef STATRETURN_RETURNS_CODE_LISTS_H
#define STATRETURN_RETURNS_CODE_LISTS_H

#include <stdbool.h>

#include "core/strbuf.h"

enum dfe_return { DFE_CIN, DFE_SSDA903 };

struct code_lists;
struct code_list;

/* The lists of collection year `year` (2025 is 2024-25), or of the nearest
 * year the shipped SSDA903 specification covers (its first for an earlier
 * year, its latest for a later one); the CIN lists of the same year.  NULL
 * with the reason in err. */
struct code_lists *code_lists_load(int year, struct strbuf *err);
void code_lists_free(struct code_lists *cl);
/* The collection year whose lists these are. */
int code_lists_year(const struct code_lists *cl);

/* Return r's list called name, or NULL when that return has none. */
const struct code_list *code_lists_find(const struct code_lists *cl, enum dfe_return r, const char *name);
/* Exact, case-sensitive membership, as DfE's lists are. */
bool code_list_has(const struct code_list *l, const char *value);

#endif
