/*
 * The CSC API feed as the pipeline sees it: its builder, fields-shared
 * report and sender (returns/return_kind.h), and its validator.
 */
#ifndef STATRETURN_RETURNS_CSCAPI_CSC_KIND_H
#define STATRETURN_RETURNS_CSCAPI_CSC_KIND_H

#include "returns/return_kind.h"

extern const struct return_kind csc_kind;
extern const struct return_builder csc_builder;
extern const struct return_shared csc_shared;

#endif
