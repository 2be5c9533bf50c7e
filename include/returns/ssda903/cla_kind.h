/*
 * The SSDA903 (children looked after) return as a return of the pipeline
 * (returns/return_kind.h).
 */
#ifndef STATRETURN_RETURNS_CLA_KIND_H
#define STATRETURN_RETURNS_CLA_KIND_H

#include "returns/return_kind.h"

extern const struct return_kind cla_kind;
extern const struct return_builder cla_builder;

#endif
