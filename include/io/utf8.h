/*
 * UTF-8, once: decoding one character, validating and counting a string.
 *
 * Every reader and writer that looks at characters (the CSV reader, the
 * report escapers, the SSDA903 text checks, the families value checks)
 * uses these, so that "valid UTF-8" means one thing everywhere: RFC 3629,
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
#ifndef STATRETURN_IO_UTF8_H
#define STATRETURN_IO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* U+FFFD, which the writers put in place of invalid bytes. */
struct strbuf;

#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Decodes the character at s (which must not be at its terminating NUL).
 * Returns its length in bytes and sets *cp; for an invalid sequence *cp is
 * -1 and the length 1, so that a caller steps over one bad byte at a time. */
size_t utf8_decode(const unsigned char *s, int32_t *cp);

/* True when the NUL-terminated s is valid UTF-8. */
bool utf8_valid(const char *s);

/* Characters in s, or (size_t)-1 when s is not valid UTF-8. */
size_t utf8_count(const char *s);

/* Appends code point cp (at most U+10FFFF, not a surrogate: the caller
 * checks) to sb as UTF-8. */
void utf8_append(struct strbuf *sb, uint32_t cp);

#endif
