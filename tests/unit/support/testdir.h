/*
 * Test support: a scratch directory for the files one test writes, under
 * $TMPDIR (or the system's temporary directory), removed with them so that
 * a test leaves nothing behind.
 */
#ifndef STATRETURN_TESTDIR_H
#define STATRETURN_TESTDIR_H

#include <stddef.h>

struct testdir {
    char path[256];
};

/* Makes a directory "statreturn-TAG.XXXXXX" there; 0, or -1 (a cmocka
 * setup then fails). */
int testdir_make(struct testdir *t, const char *tag);
/* Writes n bytes to DIR/name; returns the path (the caller frees it).
 * A write that fails fails the test. */
char *testdir_put(const struct testdir *t, const char *name, const void *data, size_t n);
/* Removes the files in the directory (only tests' files are there), then it. */
void testdir_remove(struct testdir *t);

#endif
