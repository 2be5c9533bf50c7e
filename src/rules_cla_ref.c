/*
 * DfE SSDA903 rules: the rules that need reference data: the Ofsted provider list and the postcode directory (codes: 164 169 179 219 221 224 227 228 229 398 406 411 420 452 453 454 503G 503H 503J 1008 1015).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_ref[] = {
    { .info = { .code = NULL } },
};
