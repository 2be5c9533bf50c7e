/*
 * The CIN census's fields-shared report (`statreturn report cin`): every
 * field of every CIN policy, with recipient, purpose, lawful basis and
 * treatment, and what the replica would share in it (returns/return_kind.h,
 * struct return_shared).
 */
#ifndef STATRETURN_RETURNS_CIN_SHARED_REPORT_H
#define STATRETURN_RETURNS_CIN_SHARED_REPORT_H

#include "returns/return_kind.h"

extern const struct return_shared cin_shared;

#endif
