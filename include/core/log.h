/*
 * Messages to the operator, on stderr.
 *
 *   statreturn: error: what went wrong, naming the 'thing'
 *     detail line: the file, the table, the child
 *
 * Never pass a personal value (name, date of birth, UPN) to these.
 *
 * Under systemd, when stderr is the journal ($JOURNAL_STREAM names the
 * device and inode of stderr), every line starts with its syslog priority
 * as the journal reads it: "<3>" error, "<4>" warning, "<6>" information
 * and -v narration, "<7>" debug; a detail line has its error's or
 * warning's.  So `journalctl -p err` shows a failed run's error lines.
 * Otherwise the lines are as above, unmarked.
 *
 * Phases: with -v, log_phase_end says what a phase of the run did and how
 * long it took ("statreturn: [1.52 s] connect: 0.01 s: connected ...").
 * On a terminal (not with -q), a phase that runs longer than two seconds
 * shows one progress line, redrawn in place (records done, rate), that
 * its end clears; nothing of it is written when stderr is not a terminal.
 */
#ifndef STATRETURN_LOG_H
#define STATRETURN_LOG_H

#include <stdbool.h>
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

/* Whether stderr is the journal (see above); worked out once.  Tests set
 * it with log_set_journal (1 yes, 0 no, -1 work it out again). */
bool log_to_journal(void);
void log_set_journal(int on);

/* A phase of the run begins (name: "connect", "stream", ...). */
void log_phase_begin(const char *name);
/* The records the current phase has done (for the progress line; cheap:
 * it looks at the clock every 256 calls). */
void log_progress(size_t done, const char *unit);
/* The phase ends: with -v, one line with the time since the run's first
 * phase, the phase's own time and what it did. */
__attribute__((format(printf, 1, 2))) void log_phase_end(const char *fmt, ...);

/* Appends s[0..len) to out with control characters escaped (\n, \r, \t,
 * \xHH, C1 controls as \u00HH): what every message goes through, so a
 * path or name printed can neither break the line nor send a terminal
 * escape. */
void log_escape(struct strbuf *out, const char *s, size_t len);

#endif
