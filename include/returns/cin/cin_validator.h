/*
 * The CIN census's validator, as `validate` uses it (returns/validator.h).
 */
#ifndef STATRETURN_RETURNS_CIN_VALIDATOR_H
#define STATRETURN_RETURNS_CIN_VALIDATOR_H

#include "returns/validator.h"

extern const struct return_validator cin_validator;

#endif
