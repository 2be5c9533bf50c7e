/*
 * The SSDA903 return's fields-shared report (`statreturn report 903`):
 * every DfE 903 table (file) and column of the year under each 903 policy,
 * with recipient, purpose, lawful basis and treatment, and what the replica
 * would share in it (returns/return_kind.h, struct return_shared).
 */
#ifndef STATRETURN_RETURNS_CLA_SHARED_REPORT_H
#define STATRETURN_RETURNS_CLA_SHARED_REPORT_H

#include "returns/return_kind.h"

extern const struct return_shared cla_shared;

#endif
