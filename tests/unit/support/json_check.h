/*
 * Test support: a strict JSON checker (RFC 8259), so that tests can say
 * "every document we write parses" without a JSON library.  Strict where a
 * lenient reader would hide our mistakes: no trailing commas, no leading
 * zeros or bare signs in numbers, no raw control characters or invalid
 * UTF-8 in strings, nothing after the root value but white space.
 */
#ifndef STATRETURN_TEST_JSON_CHECK_H
#define STATRETURN_TEST_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when s (NUL-terminated) is one JSON value, white space around it. */
bool json_valid(const char *s);

/* Offset of the first byte at which s stops being JSON, or -1 when valid:
 * for a test's failure message. */
long json_invalid_at(const char *s);

#endif
