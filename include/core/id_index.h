/*
 * An index of strings: each distinct string gets the number it was first
 * added with.  Open addressing over one growing character pool, 8 bytes a
 * slot: the SSDA903 CSV validator numbers 2,400,000 CHILD values (a 1 GB
 * set) in about 60 MB, where an id_set (20 bytes a slot, first lines and
 * duplicate marks) would take twice that.
 */
#ifndef STATRETURN_CORE_ID_INDEX_H
#define STATRETURN_CORE_ID_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct id_index;

struct id_index *id_index_new(void);
void id_index_free(struct id_index *x);
/* The number of key: when key is new it is added with `value` (returns
 * false); when it is there, *value becomes its number (returns true). */
bool id_index_add(struct id_index *x, const char *key, uint32_t *value);
size_t id_index_count(const struct id_index *x);

#endif
