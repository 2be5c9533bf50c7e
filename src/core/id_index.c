/*
 * The string index of include/core/id_index.h: linear probing over slots
 * holding a pool offset and the key's number; the hash is computed again
 * when the table grows (keys are short), so that a slot is 8 bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/id_index.h"
#include "core/xalloc.h"

struct id_index_slot {
    uint32_t off;      /* offset+1 into pool; 0 = empty */
    uint32_t value;
};

struct id_index {
    struct id_index_slot *slots;
    size_t cap;        /* power of two */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
};

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

struct id_index *id_index_new(void)
{
    struct id_index *x = xcalloc(1, sizeof *x);

    x->cap = 1024;
    x->slots = xcalloc(x->cap, sizeof *x->slots);
    return x;
}

void id_index_free(struct id_index *x)
{
    if (!x)
        return;
    free(x->slots);
    free(x->pool);
    free(x);
}

size_t id_index_count(const struct id_index *x)
{
    return x->count;
}

static void grow(struct id_index *x)
{
    size_t ncap = x->cap * 2;
    struct id_index_slot *ns = xcalloc(ncap, sizeof *ns);

    for (size_t i = 0; i < x->cap; i++) {
        if (!x->slots[i].off)
            continue;
        size_t j = hash(x->pool + x->slots[i].off - 1) & (ncap - 1);
        while (ns[j].off)
            j = (j + 1) & (ncap - 1);
        ns[j] = x->slots[i];
    }
    free(x->slots);
    x->slots = ns;
    x->cap = ncap;
}

bool id_index_add(struct id_index *x, const char *key, uint32_t *value)
{
    size_t j = hash(key) & (x->cap - 1), len;

    for (; x->slots[j].off; j = (j + 1) & (x->cap - 1)) {
        if (!strcmp(x->pool + x->slots[j].off - 1, key)) {
            *value = x->slots[j].value;
            return true;
        }
    }
    len = strlen(key) + 1;
    if (x->pool_len + len > x->pool_cap) {
        size_t ncap = x->pool_cap ? x->pool_cap * 2 : 65536;
        while (ncap < x->pool_len + len)
            ncap *= 2;
        if (ncap > UINT32_MAX) {
            fprintf(stderr, "statreturn: error: identifier index over 4 GB\n");
            abort();
        }
        x->pool = xrealloc(x->pool, ncap);
        x->pool_cap = ncap;
    }
    memcpy(x->pool + x->pool_len, key, len);
    x->slots[j].off = (uint32_t)(x->pool_len + 1);
    x->slots[j].value = *value;
    x->pool_len += len;
    if (++x->count * 4 > x->cap * 3)
        grow(x);
    return false;
}
