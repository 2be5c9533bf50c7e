/*
 * A small, strict reader for the flat JSON that SSD keeps in text columns:
 * an array of strings (["1A","2B"]) or an object of scalars
 * ({"1A": "Yes", "CP_CONFERENCE_FLAG": "N", "TOTAL_NO_OF_OUTCOMES": 2}).
 * We parse it ourselves rather than with ::jsonb in SQL so that one
 * malformed row becomes a reported defect naming the child, instead of
 * aborting the whole query.  Also JSON string escaping for our own output.
 */
#ifndef STATRETURN_JSONLITE_H
#define STATRETURN_JSONLITE_H

#include <stddef.h>

#include "core/strbuf.h"

/* Calls fn for each element: for an array, key is NULL and value the
 * string; for an object, key and value (numbers, true/false as text, null
 * as NULL).  Nested arrays/objects are rejected.  Returns 0, or -1 when the
 * text is not such JSON (fn may already have been called).  fn returning
 * non-zero stops early (returns 0). */
int json_flat_each(const char *json, int (*fn)(void *opaque, const char *key, const char *value), void *opaque);

/* Looks up key in a flat object; copies its value to out (empty for null).
 * Returns 1 found, 0 absent, -1 invalid JSON. */
int json_flat_get(const char *json, const char *key, char *out, size_t outlen);

/* Appends s as a JSON string literal, quotes included. */
void json_add_string(struct strbuf *sb, const char *s);

#endif
