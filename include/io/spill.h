/*
 * Scratch files: unnamed temporary files in $TMPDIR (else /tmp) for data
 * that does not fit in memory, such as a report's findings or the rows of
 * an SSDA903 CSV set being grouped by child.  O_TMPFILE where the
 * filesystem has it, else a mkstemp name removed at once; either way the
 * file has no name while it is used, mode 0600, and is gone when it is
 * closed or the process dies, however it dies.
 */
#ifndef STATRETURN_IO_SPILL_H
#define STATRETURN_IO_SPILL_H

#include <stddef.h>
#include <stdio.h>

/* An unnamed scratch file open for reading and writing, or NULL with a
 * message naming the folder in err. */
FILE *spill_open(char *err, size_t errlen);

#endif
