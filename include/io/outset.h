/*
 * A set of output files that appear together or not at all: a return's
 * files (one XML document, a folder of CSV files), its validation report
 * and its manifest.
 *
 * Each entry is declared by its final name, written under a temporary
 * name beside it (mode 0600: io/outfile.h), and renamed into place only by
 * outset_commit, after every entry has been written, flushed and synced.
 * A folder entry (the SSDA903 CSV set, which must be exactly the upload) is
 * written as a hidden temporary folder in its parent and renamed whole.
 * If any rename fails, the entries already renamed are removed again, so a
 * failed run leaves none of its files; without --force nothing existing is
 * ever replaced (checked at declaration and again just before each rename).
 *
 * Entries are committed in the order they were declared: declare the
 * return's files first and the manifest last, so that a manifest on disk
 * always describes files that are there.
 *
 * Ownership: the set owns every temporary; outset_free removes those not
 * committed.  Paths given are copied.
 */
#ifndef STATRETURN_IO_OUTSET_H
#define STATRETURN_IO_OUTSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outset;

struct outset *outset_new(bool force);
void outset_free(struct outset *s);

/* Declares a file or a folder at its final path; returns its index. */
size_t outset_file(struct outset *s, const char *path);
size_t outset_folder(struct outset *s, const char *path);
/* Declares a file called `name` inside folder entry `folder`. */
size_t outset_file_in(struct outset *s, size_t folder, const char *name);

/* -1 naming the first entry that already exists, unless the set may
 * replace (force). */
int outset_check_free(const struct outset *s, char *err, size_t errlen);

/* Creates entry i's temporary (for a file in a folder, the folder's first).
 * 0, or -1 with a message.  Opening an open entry does nothing. */
int outset_open(struct outset *s, size_t i, char *err, size_t errlen);
/* The stream of an open file entry (NULL when not open). */
FILE *outset_fp(const struct outset *s, size_t i);
/* Where entry i is being written (its temporary) while the set is not
 * committed, for validators and hashes that must read it first. */
const char *outset_tmp_path(const struct outset *s, size_t i);
/* Entry i's final path; a file in a folder: folder path, '/', name. */
const char *outset_path(const struct outset *s, size_t i);
size_t outset_count(const struct outset *s);
bool outset_is_open(const struct outset *s, size_t i);

/* Flushes, syncs and renames every open entry into place, in declaration
 * order.  On failure (-1, message in err) nothing of the set is left in
 * place; outset_replaced_lost then says whether files it replaced under
 * --force are gone with it. */
int outset_commit(struct outset *s, char *err, size_t errlen);
bool outset_replaced_lost(const struct outset *s);

#endif
