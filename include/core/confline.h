/*
 * The reader of our line-based configuration files: the configuration
 * (config.c), the policies and purposes (policy.c), the Supporting
 * Families layouts, the SSDA903 tables spec and the bank holidays.
 *
 * It hands out one line at a time with its number, the line ending taken
 * off, the comment stripped and white space trimmed at both ends.  Lines
 * may be of any length and the last one need not end in a newline; a
 * trailing CR (a file saved on Windows) is white space and so trimmed.
 * What a line means is the caller's: the helpers below split "key = value"
 * and words, and format "file:line: reason" messages, but every file
 * format keeps its own grammar and its own messages.  confline_each is the
 * loop most readers want; a reader that must see blank lines too (the
 * 903 tables spec refuses a NUL byte anywhere) calls confline_next.
 *
 * The formats differ in one thing that their files depend on, so it is a
 * choice made when opening: whether '#' starts a comment anywhere (the
 * configuration, the tables spec, the holidays), or only at the start of a
 * line or after white space, so that '#' inside text stays (policies,
 * purposes, layouts: "notice = ... case #2").
 *
 * Library code: nothing here prints or exits.  Errors come back as -1
 * (or CONFLINE_EOPEN, CONFLINE_EREAD) with errno kept, so that a caller
 * can word its own message; confline_read words the usual ones.
 */
#ifndef STATRETURN_CONFLINE_H
#define STATRETURN_CONFLINE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum confline_comment {
    CONFLINE_HASH_ANYWHERE,   /* '#' anywhere starts a comment */
    CONFLINE_HASH_WORD,       /* '#' at the start or after white space does */
};

struct confline {
    const char *path;         /* borrowed from confline_open's caller */
    unsigned lineno;          /* of the current line, from 1 */
    char *text;               /* the current line, comment stripped, trimmed;
                                 points into the reader's buffer, so it may be
                                 cut up in place and is valid until the next
                                 confline_next or confline_close */
    bool indented;            /* the line (before trimming) starts with a space or tab */
    bool has_nul;             /* the line holds a NUL byte (text ends at the first) */
    int read_errno;           /* errno of a failed read (confline_next -1) */
    /* private */
    FILE *f;
    char *buf;
    size_t cap;
    enum confline_comment comment;
};

/* Opens path; -1 with errno set (and nothing to close) when it cannot. */
int confline_open(struct confline *cl, const char *path, enum confline_comment comment);
/* Moves to the next line, blank or not: 1 when there is one, 0 at the end
 * of the file, -1 when reading failed (read_errno says why). */
int confline_next(struct confline *cl);
/* Closes the file and frees the buffer; safe on a reader that failed to
 * open or is already closed. */
void confline_close(struct confline *cl);

/* What confline_each returns when the file cannot be opened or read
 * (errno then says why). */
#define CONFLINE_EOPEN (-2)
#define CONFLINE_EREAD (-3)

/* Called for one line; returns 0 to go on, or -1 (with the message
 * written by the callee) to stop.  cl->text may be cut up in place. */
typedef int confline_fn(void *ctx, const struct confline *cl);

/* The usual loop: opens path, calls fn for every line that is not blank
 * once its comment is stripped, and closes it.  Returns 0 at the end of
 * the file, -1 when fn stopped it, CONFLINE_EOPEN or CONFLINE_EREAD. */
int confline_each(const char *path, enum confline_comment comment, confline_fn *fn, void *ctx);

/* confline_each with the usual messages in err: "cannot open WHAT file
 * 'PATH': REASON" and "cannot read WHAT file 'PATH'".  Returns 0, or -1
 * with err written (by fn when fn stopped it). */
int confline_read(const char *what, const char *path, enum confline_comment comment, confline_fn *fn, void *ctx,
                  char *err, size_t errlen);

/* "key = value" in s (cut in place) into key and value, both trimmed:
 * the first '=' splits.  Returns false when s has no '='. */
bool confline_split_kv(char *s, char **key, char **value);
/* The next word of *pos, delimited by any of the characters in blanks and
 * NUL-terminated in place; *pos moves past it.  NULL when none is left. */
char *confline_word(char **pos, const char *blanks);
/* Splits s in place at runs of spaces and tabs into w[0..max-1]; returns
 * the number of words, or max + 1 when there are more than max (the first
 * max are then in w). */
size_t confline_words(char *s, char **w, size_t max);

/* Writes "PATH:LINE: message" (or "PATH: message" when line is 0) into
 * err, truncated to errlen; returns -1 for the caller to pass on. */
__attribute__((format(printf, 5, 6)))
int confline_error(char *err, size_t errlen, const char *path, unsigned line, const char *fmt, ...);
__attribute__((format(printf, 5, 0)))
int confline_verror(char *err, size_t errlen, const char *path, unsigned line, const char *fmt, va_list ap);

#endif
