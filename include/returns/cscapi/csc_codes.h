/*
 * The coded fields of the CSC API payload against DfE's code lists.
 *
 * DfE's OpenAPI contract (csc_schema.h) bounds a coded field by its type
 * and length only, so a code no DfE list holds (a placement type "ZZZ")
 * passes it.  Where the contract's field description ties a field to a
 * return whose code list statreturn already ships, the CIN census or the
 * SSDA903 (returns/code_lists.h), the value is checked against that list
 * too.  A code not on it is a query,
 * never an error: the record is still sent, because DfE's schema, not this
 * check, decides what is refused.  `build csc-api` and `validate` of a
 * payload file both call csc_codes_check_record.
 *
 * Which fields, which lists and why the others are left alone: csc_codes.c.
 */
#ifndef STATRETURN_RETURNS_CSCAPI_CSC_CODES_H
#define STATRETURN_RETURNS_CSCAPI_CSC_CODES_H

#include <stddef.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "findings/finding.h"
#include "io/json_value.h"
#include "returns/cscapi/csc_schema.h"

/* The rule of a code not on its list (a query). */
extern const struct rule csc_code_rule;

struct csc_codes;

/* The collection year whose lists a run dated `run` uses: the year the date
 * falls in (1 April to 31 March; 2025 is 2024-25).  csc_codes_load brings
 * it within the years the shipped lists cover. */
int csc_codes_year_of(sr_date run);

/* The code lists of collection year `year`, or of the nearest year the
 * shipped SSDA903 specification covers (the latest, for a year after it).
 * NULL with the reason in err. */
struct csc_codes *csc_codes_load(int year, struct strbuf *err);
void csc_codes_free(struct csc_codes *c);
/* The collection year whose lists are used. */
int csc_codes_year(const struct csc_codes *c);

/* One child object; path is its place ("" or "[3]").  Calls fn once per
 * code not on its list, with the JSON path and a message naming the list
 * (never the value); absent, null and empty values are not findings.
 * Returns the number of findings. */
size_t csc_codes_check_record(const struct csc_codes *c, const struct jv *rec, const char *path,
                              csc_schema_fail_fn *fn, void *ctx);

#endif
