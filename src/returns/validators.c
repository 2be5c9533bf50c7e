/*
 * The list of validators; see include/returns/validators.h.  The order is
 * the order of recognition; the CIN census comes first because its reader
 * gives the most precise diagnosis of a file that is no return at all.
 */
#include <stddef.h>

#include "returns/cin/cin_validator.h"
#include "returns/cscapi/csc_validator.h"
#include "returns/families/families_validator.h"
#include "returns/ssda903/cla_validator.h"
#include "returns/validators.h"

const struct return_validator *const return_validators[] = {
    &cin_validator,
    &cla_validator,
    &families_validator,
    &csc_validator,
    NULL,
};
