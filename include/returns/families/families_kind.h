/*
 * The Supporting Families files (NIS, FPD) as a return of the pipeline
 * (returns/return_kind.h).
 */
#ifndef STATRETURN_RETURNS_FAMILIES_KIND_H
#define STATRETURN_RETURNS_FAMILIES_KIND_H

#include "returns/return_kind.h"

extern const struct return_kind families_kind;
extern const struct return_builder families_builder;
extern const struct return_shared families_shared;

#endif
