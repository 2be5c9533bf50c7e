/*
 * The SSDA903 return's validator, as `validate` uses it (returns/validator.h).
 */
#ifndef STATRETURN_RETURNS_CLA_VALIDATOR_H
#define STATRETURN_RETURNS_CLA_VALIDATOR_H

#include "returns/validator.h"

extern const struct return_validator cla_validator;

#endif
