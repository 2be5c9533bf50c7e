/*
 * DfE's CSC API contract, read from its OpenAPI file: the request body of
 * its one operation (an array of child objects) checked record by record.
 *
 * The checks are driven by the file, so DfE's next version is a new file,
 * not new code.  We interpret the subset of JSON Schema the contract uses:
 * type, properties, required, additionalProperties (false, or a schema),
 * items, minItems, maxItems, uniqueItems, minLength, maxLength (in
 * characters), pattern (as a POSIX extended regular expression), enum,
 * minimum, maximum, format (date, uuid) and local $ref.  Annotations
 * (description, title, default, example) are passed over; any other
 * keyword refuses the file at load, so that a constraint DfE adds is never
 * silently ignored.
 *
 * A failure names the JSON path ("[3].social_care_episodes[0].referral_date")
 * and the constraint, never the value.
 */
#ifndef STATRETURN_RETURNS_CSCAPI_CSC_SCHEMA_H
#define STATRETURN_RETURNS_CSCAPI_CSC_SCHEMA_H

#include <stddef.h>

#include "core/strbuf.h"
#include "io/json_value.h"

struct csc_schema;

/* Loads the OpenAPI file and finds the request body schema of its POST
 * operation.  NULL with "PATH: reason" in err. */
struct csc_schema *csc_schema_load(const char *path, struct strbuf *err);
void csc_schema_free(struct csc_schema *s);

/* The contract's version (info.version) and the batch limit (maxItems of
 * the body; 0 when it sets none). */
const char *csc_schema_version(const struct csc_schema *s);
size_t csc_schema_max_items(const struct csc_schema *s);

/* Called once per failure: path and what is wrong (no value). */
typedef void csc_schema_fail_fn(void *ctx, const char *path, const char *problem);

/* One child object against the body's item schema; path is its place
 * ("[3]").  Returns the number of failures. */
size_t csc_schema_check_record(const struct csc_schema *s, const struct jv *rec, const char *path,
                               csc_schema_fail_fn *fn, void *ctx);
/* A whole body (the array, then every item). */
size_t csc_schema_check_body(const struct csc_schema *s, const struct jv *body, csc_schema_fail_fn *fn, void *ctx);
/* The body's own constraints only (an array, maxItems, ...), not its
 * items: a batch, whose records are then checked one by one. */
size_t csc_schema_check_batch(const struct csc_schema *s, const struct jv *body, csc_schema_fail_fn *fn, void *ctx);

#endif
