/*
 * Sets of identifiers for the whole-return rules and counts (unique
 * LAchildID and UPN, distinct values in the fields-shared reports, people
 * and families): open addressing over one growing character pool; see
 * include/core/id_set.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/id_set.h"
#include "core/xalloc.h"

struct id_slot {
    uint32_t off;      /* offset+1 into pool; 0 = empty */
    uint32_t hash;
    uint32_t line;
    uint32_t position;
    uint32_t dup;      /* 1 when seen again */
};

struct id_set {
    struct id_slot *slots;
    size_t cap;        /* power of two */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
};

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

struct id_set *id_set_new(void)
{
    struct id_set *s = xcalloc(1, sizeof *s);
    s->cap = 1024;
    s->slots = xcalloc(s->cap, sizeof *s->slots);
    return s;
}

void id_set_free(struct id_set *s)
{
    if (!s)
        return;
    free(s->slots);
    free(s->pool);
    free(s);
}

size_t id_set_count(const struct id_set *s)
{
    return s->count;
}

static void id_set_rehash(struct id_set *s)
{
    size_t ncap = s->cap * 2;
    struct id_slot *ns = xcalloc(ncap, sizeof *ns);

    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i].off)
            continue;
        size_t j = s->slots[i].hash & (ncap - 1);
        while (ns[j].off)
            j = (j + 1) & (ncap - 1);
        ns[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = ns;
    s->cap = ncap;
}

bool id_set_add(struct id_set *s, const char *key, uint32_t line, size_t position,
                uint32_t *first_line, size_t *first_position)
{
    uint32_t h = fnv1a(key);
    size_t j = h & (s->cap - 1);

    while (s->slots[j].off) {
        struct id_slot *sl = &s->slots[j];
        if (sl->hash == h && !strcmp(s->pool + sl->off - 1, key)) {
            sl->dup = 1;
            if (first_line)
                *first_line = sl->line;
            if (first_position)
                *first_position = sl->position;
            return true;
        }
        j = (j + 1) & (s->cap - 1);
    }
    size_t len = strlen(key) + 1;
    if (s->pool_len + len > s->pool_cap) {
        size_t ncap = s->pool_cap ? s->pool_cap * 2 : 65536;
        while (ncap < s->pool_len + len)
            ncap *= 2;
        if (ncap > UINT32_MAX) {
            fprintf(stderr, "statreturn: error: identifier set over 4 GB\n");
            abort();
        }
        s->pool = xrealloc(s->pool, ncap);
        s->pool_cap = ncap;
    }
    memcpy(s->pool + s->pool_len, key, len);
    s->slots[j].off = (uint32_t)(s->pool_len + 1);
    s->slots[j].hash = h;
    s->slots[j].line = line;
    s->slots[j].position = (uint32_t)position;
    s->slots[j].dup = 0;
    s->pool_len += len;
    s->count++;
    if (s->count * 10 > s->cap * 7)
        id_set_rehash(s);
    return false;
}

void id_set_each_duplicated(const struct id_set *s,
                            void (*fn)(void *opaque, const char *key, uint32_t line, size_t position),
                            void *opaque)
{
    /* Report in file order, which the slot order is not. */
    size_t n = 0;
    for (size_t i = 0; i < s->cap; i++)
        n += s->slots[i].off && s->slots[i].dup;
    if (!n)
        return;
    struct id_slot *d = xmalloc(n * sizeof *d);
    size_t k = 0;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].off && s->slots[i].dup)
            d[k++] = s->slots[i];
    for (size_t i = 1; i < n; i++) {   /* insertion sort: duplicates are few */
        struct id_slot t = d[i];
        size_t j = i;
        while (j > 0 && d[j - 1].position > t.position) {
            d[j] = d[j - 1];
            j--;
        }
        d[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        fn(opaque, s->pool + d[i].off - 1, d[i].line, d[i].position);
    free(d);
}
