/*
 * What every libFuzzer harness shares: the input is put in a memory file
 * (memfd) that the reader under test opens by its /proc path, as it would
 * open a file given on the command line.  Harnesses run from the
 * repository root (specs/ are found there; scripts/fuzz.sh does it).
 */
#ifndef STATRETURN_FUZZ_COMMON_H
#define STATRETURN_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* The path of a memory file holding data[0..size) (one per name). */
static const char *fuzz_file(int slot, const uint8_t *data, size_t size)
{
    static int fds[4] = { -1, -1, -1, -1 };
    static char paths[4][32];

    if (fds[slot] < 0) {
        fds[slot] = memfd_create("statreturn-fuzz", MFD_CLOEXEC);
        if (fds[slot] < 0)
            abort();
        snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
    }
    if (ftruncate(fds[slot], 0) != 0 || (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size))
        abort();
    return paths[slot];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
