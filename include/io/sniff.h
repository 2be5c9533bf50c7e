/*
 * What a file is, from its first bytes, before any reader opens it: XML
 * and its root element, JSON (an array or object, or one in UTF-16, which
 * the CSC API validator names as such), or text and its first header cell.  Used to hand
 * each file given to `validate` to the validator of its return.
 *
 * Only regular files are sniffed: opening a pipe or FIFO would consume (or,
 * closed, discard) what the validator needs.  So a pipe, FIFO or character
 * device given to `validate` is first copied whole into an unnamed
 * temporary file (sniff_spool), which is then sniffed and validated like
 * any file and vanishes when the run ends, however it ends.
 */
#ifndef STATRETURN_IO_SNIFF_H
#define STATRETURN_IO_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

struct file_sniff {
    bool readable;             /* a regular file with at least one byte */
    bool xml;                  /* first significant character is '<' */
    char root[64];             /* XML root element's local name, "" when not found */
    char first_field[32];      /* text: first header cell, upper-cased, unquoted */
    bool json;                 /* first significant character is '[' or '{' (UTF-8) */
    bool json_utf16;           /* the same in UTF-16 (with or without a byte-order mark) */
};

void file_sniff(const char *path, struct file_sniff *s);

/* The most a pipe may give sniff_spool. */
#define SNIFF_SPOOL_MAX ((unsigned long long)4 << 30)

/* Copies what `path` (a pipe, FIFO or character device) gives until its
 * end into an unnamed file (O_TMPFILE, mode 0600) in $TMPDIR or /tmp.
 * Returns its descriptor (the caller closes it) and writes in `proc` a
 * path that reads it; -1 with a message naming `path` in err when it
 * cannot be read, holds NUL bytes in its first 8 KiB (not text: /dev/zero)
 * or gives more than SNIFF_SPOOL_MAX. */
int sniff_spool(const char *path, char *proc, size_t proclen, char *err, size_t errlen);

#endif
