/*
 * Output files that appear whole or not at all, and never replace anything
 * but a regular file.
 *
 * outfile_open makes an unnamed file (O_TMPFILE, mode 0600) in the
 * target's folder; the caller writes through `fp`; outfile_commit flushes,
 * fsyncs and links it into place (linkat, which fails rather than replace
 * an existing name), then fsyncs the folder.  A run that dies before the
 * commit, even of SIGKILL, leaves nothing: an unnamed file has no name to
 * leave.  On a filesystem that refuses O_TMPFILE the file is a named
 * temporary in the private work folder (io/workdir.h), which a signal or
 * the next run removes.
 *
 * With force, an existing regular file is replaced by a rename; anything
 * else at the target is refused.  A target that is a character device
 * (/dev/null, a terminal) or a FIFO is written straight through: it is
 * opened and written, never renamed over (a FIFO nobody reads from makes
 * the open wait, as it would for any program).
 */
#ifndef STATRETURN_OUTFILE_H
#define STATRETURN_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The suffix mkstemp/mkdtemp replace with a unique name: six X, as POSIX
 * requires. */
#define SR_TEMP_SUFFIX "XXXXXX"

enum outfile_mode {
    OUTFILE_UNNAMED,   /* O_TMPFILE, linked at commit */
    OUTFILE_NAMED,     /* a named temporary in the work folder */
    OUTFILE_THROUGH,   /* a character device or FIFO, written as it is */
    OUTFILE_PRIVATE,   /* created at its path inside a private folder */
};

struct outfile {
    char *path;        /* final name; owned */
    char *tmp_path;    /* where it can be read before commit; owned; NULL once done */
    FILE *fp;          /* write here */
    bool force;
    enum outfile_mode mode;
    const char *workdir;   /* the work folder acquired, or NULL */
};

/* Fails (returns -1, message in err) when `path` exists and !force, is
 * neither a regular file, a character device nor a FIFO, or its folder
 * is not writable. */
int outfile_open(struct outfile *o, const char *path, bool force, char *err, size_t errlen);
/* Creates `path` itself (O_EXCL, 0600): for files inside a folder of the
 * caller's own that is renamed into place whole. */
int outfile_open_private(struct outfile *o, const char *path, char *err, size_t errlen);
/* outfile_sync then outfile_place. */
int outfile_commit(struct outfile *o, char *err, size_t errlen);
/* Flushes and fsyncs: after it the bytes are on disk.  -1 with a message
 * (naming the final path) and the temporary removed on failure. */
int outfile_sync(struct outfile *o, char *err, size_t errlen);
/* The device and inode the file will have in place (after outfile_sync). */
int outfile_ident(const struct outfile *o, dev_t *dev, ino_t *ino);
/* Puts a synced file into place and closes it. */
int outfile_place(struct outfile *o, char *err, size_t errlen);
/* Removes the temporary file; safe to call after commit (does nothing). */
void outfile_abort(struct outfile *o);
/* Writes len bytes of buf to path through the above: whole or not at all;
 * a NULL path is standard output (written and flushed, nothing more).  -1
 * with a message in err (naming the path, and why). */
int outfile_write(const char *path, bool force, const void *buf, size_t len, char *err, size_t errlen);
/* A path the file can be read by right now (its temporary), for
 * validators that must read it before commit; NULL for a file written
 * straight through. */
const char *outfile_tmp_path(const struct outfile *o);

/* Whether a target at `path` would be written straight through (a
 * character device or a FIFO). */
bool outfile_is_through(const char *path);

/* Renames from -> to without replacing anything (RENAME_NOREPLACE, with a
 * hard link or a checked rename where the filesystem has not got it).  -1
 * with errno EEXIST when `to` exists. */
int outfile_rename_noreplace(const char *from, const char *to);

#endif
