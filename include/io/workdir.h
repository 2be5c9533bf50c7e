/*
 * Private work folders: where output that must have a name before it is
 * committed (a folder of CSV files, a temporary on a filesystem without
 * O_TMPFILE, a link made just before a --force rename) is written.
 *
 * A work folder is `.statreturn-tmp.PID.XXXXXX` inside the output's own
 * folder (so that a rename out of it stays on one filesystem), mode 0700,
 * holding a file `lock` with the owner's pid under an exclusive flock for as
 * long as the owner lives.  The pid in the name tells a sweep that a folder
 * without its lock yet (its owner killed between creating the folder and
 * the lock) belongs to a process that is gone.  SIGTERM, SIGINT and SIGHUP remove every work folder
 * of the process before it dies; after SIGKILL or a power cut the folder
 * stays, and the next run that writes into that folder removes it first
 * (workdir_sweep: a folder whose lock nobody holds belongs to a dead run).
 *
 * While a set is being renamed into place, `commit` in the work folder
 * lists what was already renamed (device, inode and path); a sweep of a
 * dead run's folder that finds it removes those files again, so a run
 * killed in the middle of its commit leaves nothing of its set either.
 *
 * Process-wide state: the table of the process's work folders, which the
 * signal handler must reach.  Not for use from several threads at once.
 */
#ifndef STATRETURN_IO_WORKDIR_H
#define STATRETURN_IO_WORKDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define WORKDIR_PREFIX ".statreturn-tmp."

/* The work folder of this process in folder `parent` (created, after a
 * sweep of dead runs' ones, on first use; counted: one workdir_release per
 * successful call).  *path stays valid until the last release.  0, or -1
 * with a message in err. */
int workdir_acquire(const char *parent, const char **path, char *err, size_t errlen);
void workdir_release(const char *path);

/* Removes the work folders of dead runs in `parent`; returns how many. */
size_t workdir_sweep(const char *parent);

/* Commit journal of the work folder `wd`: record that `path` (with this
 * device and inode) is now in place; clear it when the set is complete. */
int workdir_journal_add(const char *wd, dev_t dev, ino_t ino, const char *path);
void workdir_journal_clear(const char *wd);

/* Removes a folder and everything under it (our own files: no symlinks
 * are followed).  Async-signal-safe. */
void workdir_remove_tree(const char *path);

/* Blocks / unblocks SIGTERM, SIGINT and SIGHUP around a commit, so that a
 * signal arriving during it takes effect after the set is whole. */
void workdir_block_signals(bool block);

#endif
