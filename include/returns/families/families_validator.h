/*
 * The Supporting Families files' validator, as `validate` uses it (returns/validator.h).
 */
#ifndef STATRETURN_RETURNS_FAMILIES_VALIDATOR_H
#define STATRETURN_RETURNS_FAMILIES_VALIDATOR_H

#include "returns/validator.h"

extern const struct return_validator families_validator;

#endif
