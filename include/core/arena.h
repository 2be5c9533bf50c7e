/*
 * A bump allocator for per-record data.
 *
 * A child's record (strings, arrays of episodes, ...) lives in one arena that
 * is reset before the next child is read, so peak memory follows the largest
 * child, not the number of children.  Blocks are kept across resets.
 * Allocation failure aborts with a message (as git's xmalloc does): there is
 * no sensible recovery from running out of memory in a batch job.
 */
#ifndef STATRETURN_ARENA_H
#define STATRETURN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;   /* block being filled */
    struct arena_block *first;  /* all blocks, for reset and release */
    size_t total;               /* bytes reserved in blocks */
};

#define ARENA_INIT { NULL, NULL, 0 }

void arena_init(struct arena *a);
/* Frees every block. */
void arena_release(struct arena *a);
/* Forgets all allocations but keeps the blocks for reuse. */
void arena_reset(struct arena *a);
/* Zeroed memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Grows an array held in the arena: returns a pointer to room for
 * `*cap` elements of `size`, copying the `n` existing ones when it moves.
 * Use as: if (n == cap) arr = arena_grow(a, arr, n, &cap, sizeof *arr); */
void *arena_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size);

#endif
