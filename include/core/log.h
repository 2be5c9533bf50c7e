/*
 * Messages to the operator, on stderr.
 *
 *   statreturn: error: what went wrong, naming the 'thing'
 *     detail line: the file, the table, the child
 *
 * Never pass a personal value (name, date of birth, UPN) to these.
 */
#ifndef STATRETURN_LOG_H
#define STATRETURN_LOG_H

#include <stddef.h>

struct strbuf;

enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);

__attribute__((format(printf, 1, 2))) void sr_error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void sr_warn(const char *fmt, ...);
/* An indented line under the previous error or warning. */
__attribute__((format(printf, 1, 2))) void sr_detail(const char *fmt, ...);
/* Progress and results; silent with --quiet. */
__attribute__((format(printf, 1, 2))) void sr_info(const char *fmt, ...);
/* Only with --verbose. */
__attribute__((format(printf, 1, 2))) void sr_debug(const char *fmt, ...);

/* Appends s[0..len) to out with control characters escaped (\n, \r, \t,
 * \xHH, C1 controls as \u00HH): what every message goes through, so a
 * path or name printed can neither break the line nor send a terminal
 * escape. */
void log_escape(struct strbuf *out, const char *s, size_t len);

#endif
