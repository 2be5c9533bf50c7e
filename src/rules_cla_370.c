/*
 * DfE SSDA903 rules: the 300 series from 371 and the 400 series: placements, periods of care, postcodes (codes: 371 372 373 374 375 376 377 378 379 380 381 382 383 384 385 386 387 388 389 390 391 392a 392b 392c 392d 393 399 407 408 426 431 432 433 434 435 436 437 440 441 442 444 446 460).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

/* 392c: Postcode(s) provided are invalid.  DfE looks them up in the ONS
 * postcode directory; here the format is checked (no lookup), one finding
 * per invalid postcode. */
static void check_392c(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->home_post && !cla_is_postcode(e->home_post))
            cla_rule_fail_col(ctx, v, e->row, "HOME_POST");
        if (e->pl_post && !cla_is_postcode(e->pl_post))
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_370[] = {
    { .info = RULE("392c", "Episodes", "Postcode(s) provided are invalid."),
      .covers = "Episodes.HOME_POST Episodes.PL_POST", .check = check_392c },
    { .info = { .code = NULL } },
};
