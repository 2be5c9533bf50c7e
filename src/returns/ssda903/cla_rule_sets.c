/*
 * The SSDA903 rule tables, one per source file (see cla_rules.h).  A new
 * year's layer is a new table listed here.
 */
#include <stddef.h>

#include "returns/ssda903/cla_rules.h"

extern const struct cla_rule cla_rules_100[];
extern const struct cla_rule cla_rules_ref[];
extern const struct cla_rule cla_rules_previous[];
extern const struct cla_rule cla_rules_200[];
extern const struct cla_rule cla_rules_370[];
extern const struct cla_rule cla_rules_500[];
extern const struct cla_rule cla_rules_600[];
extern const struct cla_rule cla_rules_700[];

const struct cla_rule *const cla_rule_sets[] = {
    cla_rules_100,
    cla_rules_ref,
    cla_rules_previous,
    cla_rules_200,
    cla_rules_370,
    cla_rules_500,
    cla_rules_600,
    cla_rules_700,
    NULL,
};
