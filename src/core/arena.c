/*
 * Bump allocation for per-child records.  Blocks double up to 1 MiB and are
 * kept on reset, so after the first few children reading a child allocates
 * nothing from malloc at all.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

#define ALIGN ((size_t)alignof(max_align_t))
#define MIN_BLOCK ((size_t)4096)
#define MAX_BLOCK ((size_t)1 << 20)

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->first = NULL;
    a->total = 0;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->first;

    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void arena_reset(struct arena *a)
{
    for (struct arena_block *b = a->first; b; b = b->next)
        b->used = 0;
    a->head = a->first;
}

static struct arena_block *new_block(struct arena *a, size_t need)
{
    size_t size = a->total ? a->total : MIN_BLOCK;

    if (size > MAX_BLOCK)
        size = MAX_BLOCK;
    if (size < need)
        size = need;
    struct arena_block *b = xmalloc(sizeof *b + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    a->total += size;
    return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(ALIGN - 1);
    if (size == 0)
        size = ALIGN;

    /* Walk forward through kept blocks (after a reset) before adding one. */
    while (a->head && a->head->size - a->head->used < size)
        a->head = a->head->next;
    if (!a->head) {
        struct arena_block *b = new_block(a, size);
        if (!a->first) {
            a->first = b;
        } else {
            struct arena_block *last = a->first;
            while (last->next)
                last = last->next;
            last->next = b;
        }
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void *arena_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = arena_alloc(a, ncap * size);
    if (n)
        memcpy(p, arr, n * size);
    *cap = ncap;
    return p;
}
