/*
 * Allocation that cannot return NULL.  Out of memory in a batch tool has no
 * useful recovery, so these print one line and abort.
 */
#ifndef STATRETURN_XALLOC_H
#define STATRETURN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* n * size with an overflow check. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows `arr` (holding `n` used of `cap`) so that one more fits. */
#define ALLOC_GROW(arr, n, cap) do {                                   \
        if ((n) >= (cap)) {                                            \
            (cap) = (cap) ? 2 * (cap) : 16;                            \
            (arr) = xreallocarray((arr), (cap), sizeof *(arr));        \
        }                                                              \
    } while (0)

#endif
