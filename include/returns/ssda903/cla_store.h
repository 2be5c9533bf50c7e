/*
 * A whole SSDA903 return held in memory, children looked up by CHILD: last
 * year's return, which the rules of the 1000 series, the permanence rules
 * and the episode continuity rules (502, 503A-J, 1010 ...) compare this
 * year's against.
 *
 * The store copies what it is given (cla_store_add), so its children stay
 * valid after the reader that produced them has moved on.  Lookups are by
 * exact CHILD.  About 2.5 times the size of the CSV files in memory.
 */
#ifndef STATRETURN_CLA_STORE_H
#define STATRETURN_CLA_STORE_H

#include <stddef.h>

#include "returns/ssda903/cla_rules.h"

struct cla_store;

/* An empty store for returns read with spec s (which must outlive it). */
struct cla_store *cla_store_new(const struct cla_spec *s);
void cla_store_free(struct cla_store *st);
/* Copies child c (all its rows).  A child without an id is skipped; a
 * second child with the same id is kept apart and never found. */
void cla_store_add(struct cla_store *st, const struct cla_child *c);
/* The child with this id, or NULL. */
const struct cla_child *cla_store_find(const struct cla_store *st, const char *id);
const struct cla_spec *cla_store_spec(const struct cla_store *st);
size_t cla_store_count(const struct cla_store *st);
/* The year of the return it holds (set by whoever filled it), 0 unknown. */
int cla_store_year(const struct cla_store *st);
void cla_store_set_year(struct cla_store *st, int year);
/* The store frees s when it is freed. */
void cla_store_own_spec(struct cla_store *st, struct cla_spec *s);
/* Calls fn for every child, in the order added. */
void cla_store_each(const struct cla_store *st, void (*fn)(void *opaque, const struct cla_child *c),
                    void *opaque);

#endif
