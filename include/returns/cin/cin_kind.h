/*
 * The CIN census as a return of the pipeline (returns/return_kind.h).
 */
#ifndef STATRETURN_RETURNS_CIN_KIND_H
#define STATRETURN_RETURNS_CIN_KIND_H

#include "returns/return_kind.h"

extern const struct return_kind cin_kind;
extern const struct return_builder cin_builder;

#endif
