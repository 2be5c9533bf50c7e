/*
 * An in-memory SSDA903 return keyed by CHILD; see cla_store.h.
 *
 * Children and their rows are deep-copied into one arena; the index is an
 * open-addressing hash table of child pointers (FNV-1a of the id), grown at
 * half full.  Cell values repeat a great deal (codes, dates, the child's
 * id and DOB in every row), so each distinct value is kept once, through a
 * second table of the same kind: a year's return of 100,000 children holds
 * millions of cells but far fewer distinct values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "returns/ssda903/cla_store.h"
#include "core/xalloc.h"

struct cla_store {
    const struct cla_spec *spec;
    struct arena arena;
    struct cla_child **children;   /* in the order added */
    size_t n, cap;
    struct cla_child **slots;      /* hash table; NULL = free */
    size_t n_slots;                /* power of two */
    size_t n_used;
    const char **values;           /* interned cell values; NULL = free */
    size_t n_values_slots, n_values;
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
    free(st->values);
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

static void put_value(const char **slots, size_t n, const char *v)
{
    size_t i = hash_id(v) & (n - 1);

    while (slots[i])
        i = (i + 1) & (n - 1);
    slots[i] = v;
}

/* The store's copy of cell value v, made once per distinct value. */
static const char *intern(struct cla_store *st, const char *v)
{
    if (st->n_values * 2 >= st->n_values_slots) {
        size_t n = st->n_values_slots ? st->n_values_slots * 2 : 4096;
        const char **slots = xcalloc(n, sizeof *slots);
        for (size_t i = 0; i < st->n_values_slots; i++)
            if (st->values[i])
                put_value(slots, n, st->values[i]);
        free(st->values);
        st->values = slots;
        st->n_values_slots = n;
    }
    size_t i = hash_id(v) & (st->n_values_slots - 1);
    while (st->values[i]) {
        if (!strcmp(st->values[i], v))
            return st->values[i];
        i = (i + 1) & (st->n_values_slots - 1);
    }
    st->values[i] = arena_strdup(&st->arena, v);
    st->n_values++;
    return st->values[i];
}

/* Copies row r as a row of table t (the store's own table of the same
 * name: the reader's spec may be freed before the store). */
static const struct cla_row *copy_row(struct cla_store *st, const struct cla_table *t, const struct cla_row *r)
{
    struct cla_row *out = arena_alloc(&st->arena, sizeof *out);
    size_t n = t->n_columns;
    const char **cells = arena_alloc(&st->arena, n * sizeof *cells);

    out->table = t;
    out->number = r->number;
    out->line = r->line;
    for (size_t k = 0; k < n; k++) {
        int j = t == r->table ? (int)k : cla_table_column(r->table, t->columns[k].name);
        cells[k] = j >= 0 && r->cells[j] ? intern(st, r->cells[j]) : NULL;
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
    copy->id = intern(st, c->id);
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
            rows[i] = copy_row(st, own, c->rows[t][i]);
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
