/*
 * Output files that appear whole or not at all.
 *
 * outfile_open creates a temporary file (mode 0600) in the target's
 * directory; the caller writes through `fp`; outfile_commit flushes, fsyncs,
 * renames it over the target and fsyncs the directory; outfile_abort removes
 * the temporary file.  A crash or failure therefore never leaves a partial
 * return where an upload script would find it.
 */
#ifndef STATRETURN_OUTFILE_H
#define STATRETURN_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The suffix mkstemp/mkdtemp replace with a unique name: six X, as POSIX
 * requires. */
#define SR_TEMP_SUFFIX "XXXXXX"

struct outfile {
    char *path;        /* final name; owned */
    char *tmp_path;    /* owned; NULL once committed or aborted */
    FILE *fp;          /* write here */
    bool force;
};

/* Fails (returns -1, message in err) when `path` exists and !force, or the
 * directory is not writable. */
int outfile_open(struct outfile *o, const char *path, bool force, char *err, size_t errlen);
/* Returns -1 with a message on any write, sync or rename failure; the
 * temporary file is then removed. */
int outfile_commit(struct outfile *o, char *err, size_t errlen);
/* Removes the temporary file; safe to call after commit (does nothing). */
void outfile_abort(struct outfile *o);
/* Writes len bytes of buf to path through the above: whole or not at all;
 * a NULL path is standard output (written and flushed, nothing more).  -1
 * with a message in err (naming the path, and why). */
int outfile_write(const char *path, bool force, const void *buf, size_t len, char *err, size_t errlen);
/* The path being written right now (the temporary file), for validators
 * that must read it before commit. */
const char *outfile_tmp_path(const struct outfile *o);

#endif
