/*
 * A set of strings: open addressing over one growing character pool, so a
 * million 20-character IDs cost about 40 MB.  It records the line and
 * child position of each first occurrence, for rules that name both
 * places of a duplicate.
 */
#ifndef STATRETURN_CORE_ID_SET_H
#define STATRETURN_CORE_ID_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct id_set;
struct id_set *id_set_new(void);
void id_set_free(struct id_set *s);
/* Adds key; returns true when it was already present, and then sets
 * *first_line / *first_position to the first occurrence's.  Also marks the
 * first occurrence as duplicated (see id_set_each_duplicated). */
bool id_set_add(struct id_set *s, const char *key, uint32_t line, size_t position,
                uint32_t *first_line, size_t *first_position);
size_t id_set_count(const struct id_set *s);
/* Calls fn for each key that was added more than once, with its first
 * occurrence's line and position. */
void id_set_each_duplicated(const struct id_set *s,
                            void (*fn)(void *opaque, const char *key, uint32_t line, size_t position),
                            void *opaque);

#endif
