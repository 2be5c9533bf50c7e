/*
 * An in-memory SSDA903 return keyed by CHILD; see cla_store.h.
 *
 * Children and their rows are deep-copied into one arena; the index is an
 * open-addressing hash table of child pointers (FNV-1a of the id), grown at
 * half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cla_store.h"
#include "xalloc.h"

struct cla_store {
    const struct cla_spec *spec;
    struct arena arena;
    struct cla_child **children;   /* in the order added */
    size_t n, cap;
    struct cla_child **slots;      /* hash table; NULL = free */
    size_t n_slots;                /* power of two */
    size_t n_used;
    int year;
    struct cla_spec *owned;
};

static uint32_t hash_id(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

struct cla_store *cla_store_new(const struct cla_spec *s)
{
    struct cla_store *st = xcalloc(1, sizeof *st);

    st->spec = s;
    arena_init(&st->arena);
    st->n_slots = 1024;
    st->slots = xcalloc(st->n_slots, sizeof *st->slots);
    return st;
}

void cla_store_free(struct cla_store *st)
{
    if (!st)
        return;
    arena_release(&st->arena);
    cla_spec_free(st->owned);
    free(st->children);
    free(st->slots);
    free(st);
}

static void insert(struct cla_child **slots, size_t n_slots, struct cla_child *c)
{
    size_t i = hash_id(c->id) & (n_slots - 1);

    while (slots[i])
        i = (i + 1) & (n_slots - 1);
    slots[i] = c;
}

static void grow(struct cla_store *st)
{
    size_t n = st->n_slots * 2;
    struct cla_child **slots = xcalloc(n, sizeof *slots);

    for (size_t i = 0; i < st->n_slots; i++)
        if (st->slots[i])
            insert(slots, n, st->slots[i]);
    free(st->slots);
    st->slots = slots;
    st->n_slots = n;
}

/* Copies row r as a row of table t (the store's own table of the same
 * name: the reader's spec may be freed before the store). */
static const struct cla_row *copy_row(struct arena *a, const struct cla_table *t, const struct cla_row *r)
{
    struct cla_row *out = arena_alloc(a, sizeof *out);
    size_t n = t->n_columns;
    const char **cells = arena_alloc(a, n * sizeof *cells);

    out->table = t;
    out->number = r->number;
    out->line = r->line;
    for (size_t k = 0; k < n; k++) {
        int j = t == r->table ? (int)k : cla_table_column(r->table, t->columns[k].name);
        cells[k] = j >= 0 && r->cells[j] ? arena_strdup(a, r->cells[j]) : NULL;
    }
    out->cells = cells;
    /* XML cell lines and paths are not kept: last year's findings are
     * never reported, only compared with. */
    return out;
}

void cla_store_add(struct cla_store *st, const struct cla_child *c)
{
    struct cla_child *copy;

    if (!c->id || !*c->id)
        return;
    copy = arena_alloc(&st->arena, sizeof *copy);
    copy->id = arena_strdup(&st->arena, c->id);
    copy->position = c->position;
    copy->line = c->line;
    for (size_t t = 0; t < CLA_MAX_TABLES; t++) {
        if (!c->n_rows[t])
            continue;
        const struct cla_table *own = cla_spec_table(st->spec, c->rows[t][0]->table->name);
        int k = cla_spec_table_index(st->spec, own);
        if (k < 0)
            continue;   /* a table this year does not have */
        const struct cla_row **rows = arena_alloc(&st->arena, c->n_rows[t] * sizeof *rows);
        for (size_t i = 0; i < c->n_rows[t]; i++)
            rows[i] = copy_row(&st->arena, own, c->rows[t][i]);
        copy->rows[k] = rows;
        copy->n_rows[k] = c->n_rows[t];
    }
    ALLOC_GROW(st->children, st->n, st->cap);
    st->children[st->n++] = copy;
    if (cla_store_find(st, copy->id))
        return;   /* a duplicate id: the first one is the one found */
    if (2 * (st->n_used + 1) > st->n_slots)
        grow(st);
    insert(st->slots, st->n_slots, copy);
    st->n_used++;
}

const struct cla_child *cla_store_find(const struct cla_store *st, const char *id)
{
    size_t i;

    if (!st || !id)
        return NULL;
    i = hash_id(id) & (st->n_slots - 1);
    while (st->slots[i]) {
        if (!strcmp(st->slots[i]->id, id))
            return st->slots[i];
        i = (i + 1) & (st->n_slots - 1);
    }
    return NULL;
}

const struct cla_spec *cla_store_spec(const struct cla_store *st)
{
    return st->spec;
}

size_t cla_store_count(const struct cla_store *st)
{
    return st->n;
}

int cla_store_year(const struct cla_store *st)
{
    return st->year;
}

void cla_store_set_year(struct cla_store *st, int year)
{
    st->year = year;
}

void cla_store_each(const struct cla_store *st, void (*fn)(void *opaque, const struct cla_child *c), void *opaque)
{
    for (size_t i = 0; i < st->n; i++)
        fn(opaque, st->children[i]);
}

void cla_store_own_spec(struct cla_store *st, struct cla_spec *s)
{
    st->owned = s;
}
