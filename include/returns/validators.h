/*
 * The validators of the returns statreturn knows, for `validate` and the
 * validation library: one line each in returns/validators.c.
 */
#ifndef STATRETURN_RETURNS_VALIDATORS_H
#define STATRETURN_RETURNS_VALIDATORS_H

#include "returns/validator.h"

/* NULL-terminated.  The first takes files that no validator recognises. */
extern const struct return_validator *const return_validators[];

#endif
