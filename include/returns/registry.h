/*
 * The returns statreturn knows: one line each in returns/registry.c.
 */
#ifndef STATRETURN_RETURNS_REGISTRY_H
#define STATRETURN_RETURNS_REGISTRY_H

#include "returns/return_kind.h"

/* NULL-terminated, in the order commands list them. */
extern const struct return_kind *const return_kinds[];

/* The return called `name` on the command line ("cin", "903", "families"), or NULL. */
const struct return_kind *return_kind_find(const char *name);

#endif
