/*
 * The CSC API payload's validator, as `validate` uses it
 * (returns/validator.h): a payload file as `build csc-api` writes it (JSON
 * Lines, one batch of child records per line) or a single JSON array of
 * records, checked against DfE's OpenAPI file by the schema interpreter
 * (csc_schema.h).
 */
#ifndef STATRETURN_RETURNS_CSCAPI_CSC_VALIDATOR_H
#define STATRETURN_RETURNS_CSCAPI_CSC_VALIDATOR_H

#include "returns/validator.h"

extern const struct return_validator csc_validator;

#endif
