/*
 * A small, strict reader for the flat JSON that SSD keeps in text columns:
 * an array of strings (["1A","2B"]) or an object of scalars
 * ({"1A": "Yes", "CP_CONFERENCE_FLAG": "N", "TOTAL_NO_OF_OUTCOMES": 2}).
 * We parse it ourselves rather than with ::jsonb in SQL so that one
 * malformed row becomes a reported defect naming the child, instead of
 * aborting the whole query.  Also the JSON string escaper of every JSON
 * the tool writes; the documents themselves are laid out by the writer
 * (json_writer.h), which escapes through it.
 */
#ifndef STATRETURN_IO_JSON_H
#define STATRETURN_IO_JSON_H

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

/* JSON_HTML_SAFE also escapes < > & U+2028 U+2029, so that the literal can
 * stand inside an HTML <script> element ("</script>", "<!--" never appear
 * literally); the validation reports use it for their JSON files too, so a
 * value reads the same in both. */
enum json_escape { JSON_PLAIN, JSON_HTML_SAFE };

/* Appends s (NULL: empty) as a JSON string literal, quotes included: the
 * only JSON string escaper.  Control characters and DEL become \uXXXX;
 * invalid UTF-8 becomes \ufffd, byte by byte, so that the output is always
 * valid JSON whatever the input (file names, values read from a return). */
void json_add_string_for(struct strbuf *sb, const char *s, enum json_escape how);
/* json_add_string_for(sb, s, JSON_PLAIN). */
void json_add_string(struct strbuf *sb, const char *s);

#endif
