/*
 * DfE SSDA903 rules: the 500 series: episodes across time, adoption and missing periods (codes: 501 504 511 514 516 517 518 519 520 521 522 523 524 525 526 527 528 529 530 531 542 543 544 545 546 547 550 551 552 553 554 557 558 563 564 565 566 567 570 571 574 575 577 578 579 580 581 582 583 586).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

/* 501: A new episode has started before the end date of the previous
 * episode.  Episodes in start order; an episode whose DECOM is before the
 * DEC of the one before it fails (at its DECOM).  Episodes without a valid
 * DECOM are left to 141; an open previous episode is rule 142's business. */
static void check_501(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *prev = &v->ep[i - 1], *e = &v->ep[i];
        if (!sr_date_ok(e->decom))
            break;   /* the rest have no valid start */
        if (sr_date_ok(prev->dec) && e->decom < prev->dec)
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_500[] = {
    { .info = RULE("501", "Episodes", "A new episode has started before the end date of the previous episode."),
      .check = check_501 },
    { .info = { .code = NULL } },
};
