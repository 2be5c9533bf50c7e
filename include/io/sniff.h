/*
 * What a file is, from its first bytes, before any reader opens it: XML
 * and its root element, JSON (an array or object, or one in UTF-16, which
 * the CSC API validator names as such), or text and its first header cell.  Used to hand
 * each file given to `validate` to the validator of its return.
 *
 * Only regular files are sniffed: opening a pipe or FIFO would consume (or,
 * closed, discard) what the validator needs, so anything else is reported
 * as not readable here and goes to the fallback validator, which reads it
 * once.
 */
#ifndef STATRETURN_IO_SNIFF_H
#define STATRETURN_IO_SNIFF_H

#include <stdbool.h>

struct file_sniff {
    bool readable;             /* a regular file with at least one byte */
    bool xml;                  /* first significant character is '<' */
    char root[64];             /* XML root element's local name, "" when not found */
    char first_field[32];      /* text: first header cell, upper-cased, unquoted */
    bool json;                 /* first significant character is '[' or '{' (UTF-8) */
    bool json_utf16;           /* the same in UTF-16 (with or without a byte-order mark) */
};

void file_sniff(const char *path, struct file_sniff *s);

#endif
