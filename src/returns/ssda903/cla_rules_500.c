/*
 * DfE SSDA903 rules: the 500 series: episodes across time, adoption and missing periods (codes: 501 504 511 514 516 517 518 519 520 521 522 523 524 525 526 527 528 529 530 531 542 543 544 545 546 547 550 551 552 553 554 557 558 563 564 565 566 567 570 571 574 575 577 578 579 580 581 582 583 586).
 * See cla_rules.h for the interface.
 *
 * Facts come from DfE's rule list and wording; where the public Python
 * validator (csc-validator-be-903) reads the rule differently, the comment
 * of the rule says which reading we follow and why.  Where a rule is about a
 * value that is blank, the finding points at that blank cell; otherwise at
 * the first of DfE's affected fields that the offending row has.  Blank or
 * invalid values that the generic checks (REQ, FORMAT, CODE) already report
 * are not reported again here unless the rule is about exactly that.
 */
#include <stdlib.h>
#include <string.h>

#include "returns/ssda903/cla_rules.h"

/* ---- helpers ------------------------------------------------------------------- */

static bool is_blank(const char *s)
{
    return s == NULL;
}

/* Two optional strings are equal (both blank counts as equal). */
static bool same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/*
 * Periods of care over the sorted episodes: an episode continues the period
 * of the one before it when that one ended with REC X1 on the day this one
 * starts, or has no valid end (open or unreadable: we cannot tell a gap).
 * Episodes without a valid DECOM (sorted last) are left out.
 * Call with *i = 0; each call fills the next period; false at the end.
 */
struct period {
    sr_date start, end;   /* end: SR_DATE_NONE when the last episode is open or unreadable */
};

static bool next_period(const struct cla_view *v, size_t *i, struct period *p)
{
    size_t k = *i;

    if (k >= v->n_ep || !sr_date_ok(v->ep[k].decom))
        return false;
    p->start = v->ep[k].decom;
    while (k + 1 < v->n_ep && sr_date_ok(v->ep[k + 1].decom)) {
        const struct cla_episode *prev = &v->ep[k], *e = &v->ep[k + 1];
        bool linked = !sr_date_ok(prev->dec) || (cla_in(prev->rec, "X1") && e->decom == prev->dec);
        if (!linked)
            break;
        k++;
    }
    p->end = sr_date_ok(v->ep[k].dec) ? v->ep[k].dec : SR_DATE_NONE;
    *i = k + 1;
    return true;
}

/* Dated rows of a table (Missing, PlacedAdoption) sorted by a start date,
 * for the overlap rules.  A child has a few such rows: they are sorted on
 * the stack; an unusually long list goes to the heap. */
struct dated {
    const struct cla_row *row;
    sr_date start, end;
};

#define DATED_STACK 32

struct dated_list {
    struct dated stack[DATED_STACK];
    struct dated *d;
    size_t n;
};

/* Rows of t with a valid `start` column, sorted by it (insertion sort:
 * stable, so equal starts keep file order).  false when out of memory. */
static bool dated_load(struct dated_list *l, const struct cla_view *v, enum cla_tid t, const char *start,
                       const char *end)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, t, &n);

    l->d = l->stack;
    l->n = 0;
    if (n > DATED_STACK) {
        l->d = malloc(n * sizeof *l->d);
        if (!l->d)
            return false;
    }
    for (size_t i = 0; i < n; i++) {
        struct dated x = { rows[i], cla_row_date(rows[i], start), cla_row_date(rows[i], end) };
        if (!sr_date_ok(x.start))
            continue;
        size_t j = l->n++;
        while (j > 0 && l->d[j - 1].start > x.start) {
            l->d[j] = l->d[j - 1];
            j--;
        }
        l->d[j] = x;
    }
    return true;
}

static void dated_release(struct dated_list *l)
{
    if (l->d != l->stack)
        free(l->d);
}

/*
 * 574 and 579: in start order, a period fails when it starts while an
 * earlier one is still open (blank end) or before an earlier one ended.
 * The latest end so far is kept, so a period inside a long one is caught
 * as well as one after an open one.  An unreadable end (FORMAT reports it)
 * neither opens nor closes anything.  Starting on the day the previous one
 * ended is allowed.  The finding names the earlier period it overlaps (the
 * first open one, else the one ending last), so both are found.
 */
static void overlapping(struct cla_rule_ctx *ctx, const struct cla_view *v, enum cla_tid t, const char *start,
                        const char *end)
{
    struct dated_list l;
    const struct cla_row *open = NULL, *last = NULL;
    sr_date last_end = SR_DATE_NONE;

    if (!dated_load(&l, v, t, start, end))
        return;
    for (size_t i = 0; i < l.n; i++) {
        const struct dated *x = &l.d[i];
        if (open || (sr_date_ok(last_end) && x->start < last_end))
            cla_rule_fail_other(ctx, v, x->row, start, open ? open : last);
        if (x->end == SR_DATE_NONE && !open)
            open = x->row;
        else if (sr_date_ok(x->end) && (!sr_date_ok(last_end) || x->end > last_end)) {
            last_end = x->end;
            last = x->row;
        }
    }
    dated_release(&l);
}

/* ---- 504 ---------------------------------------------------------------------- */

/* 504: within a period of care the category of need stays what it was at
 * the start.  DfE compares with the start of the period; the public
 * validator compares with the episode just before, which misses an episode
 * that keeps a changed code.  We follow DfE. */
static void check_504(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const char *start_cin = NULL;

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!sr_date_ok(e->decom))
            break;
        const struct cla_episode *prev = i > 0 ? &v->ep[i - 1] : NULL;
        bool continues = prev && sr_date_ok(prev->dec) && cla_in(prev->rec, "X1") && e->decom == prev->dec;
        if (!continues)
            start_cin = e->cin;
        else if (!same_str(e->cin, start_cin))
            cla_rule_fail_col(ctx, v, e->row, "CIN");
    }
}

/* ---- AD1: adopters ------------------------------------------------------------ */

/* AD1 LS_ADOPTR `ls` requires SEX_ADOPTR in `sexes`.  A blank SEX_ADOPTR is
 * the required-field check's business. */
static void adopters_ls_sex(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *ls, const char *sexes)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    const char *sex;

    if (!ad || !cla_in(cla_row_value(ad, "LS_ADOPTR"), ls))
        return;
    sex = cla_row_value(ad, "SEX_ADOPTR");
    if (sex && !cla_in(sex, sexes))
        cla_rule_fail_col(ctx, v, ad, "LS_ADOPTR");
}

/* 511: two adopters cannot be coded as a single male or female adopter. */
static void check_511(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);

    if (ad && cla_in(cla_row_value(ad, "NB_ADOPTR"), "2") && cla_in(cla_row_value(ad, "SEX_ADOPTR"), "M1 F1"))
        cla_rule_fail_col(ctx, v, ad, "NB_ADOPTR");
}

/* 514: a single adopter (L0) must be coded M1 or F1. */
static void check_514(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L0", "M1 F1");
}

/* 517: a different-sex couple (L3) must be coded MF. */
static void check_517(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L3", "MF");
}

/* 518: a same-sex couple (L4) must be coded MM or FF. */
static void check_518(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L4", "MM FF");
}

/* 519: a civil partnership couple (L2) must be coded as a couple. */
static void check_519(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L2", "MM FF MF");
}

/* 520: a different-sex married couple (L11) must be coded MF. */
static void check_520(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L11", "MF");
}

/* 524: a same-sex married couple (L12) must be coded MM or FF. */
static void check_524(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    adopters_ls_sex(ctx, v, "L12", "MM FF");
}

/* ---- Episodes: placement codes ----------------------------------------------- */

#define ADOPTION_PLACEMENTS "A3 A4 A5 A6"

/* 516: an episode ending E45/E46 (with former foster carers) must be a U1-U6 placement. */
static void check_516(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->rec, "E45 E46") && !cla_in(e->place, "U1 U2 U3 U4 U5 U6"))
            cla_rule_fail_col(ctx, v, e->row, "REC");
    }
}

/* 526: every placement except temporary ones (T0-T4) and "other" (Z1 in
 * 2024-25, Z11-Z14 from 2025-26) needs a provider code.  A blank PLACE or
 * one not in the year's list is left to 146 (CODE): whether it needs a
 * provider cannot be told. */
static void provider_missing(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *exempt)
{
    const struct cla_codelist *places = cla_spec_codes(v->env->spec, "PLACE");

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (is_blank(e->place_provider) && e->place && !cla_in(e->place, exempt) && cla_code_in(places, e->place))
            cla_rule_fail_col(ctx, v, e->row, "PLACE_PROVIDER");
    }
}

static void check_526_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_missing(ctx, v, "T0 T1 T2 T3 T4 Z1");
}

static void check_526(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_missing(ctx, v, "T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14");
}

/* Provider `provider` cannot go with the placements `places`. */
static void provider_not_with(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *provider,
                              const char *places)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->place_provider, provider) && cla_in(e->place, places))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 527: PR1 (own LA) cannot provide P1, R2 or R5. */
static void check_527(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_not_with(ctx, v, "PR1", "P1 R2 R5");
}

/* 528: PR2 (other LA) cannot provide P1, R2 or R5. */
static void check_528(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_not_with(ctx, v, "PR2", "P1 R2 R5");
}

/* 529: PR3 (other public body) cannot provide P1, A3-A6, K1, K2 or U1-U6. */
static void check_529(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_not_with(ctx, v, "PR3", "P1 A3 A4 A5 A6 K1 K2 U1 U2 U3 U4 U5 U6");
}

/* 530: PR4 (private) cannot provide P1. */
static void check_530(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_not_with(ctx, v, "PR4", "P1");
}

/* 531: PR5 (voluntary) cannot provide P1. */
static void check_531(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_not_with(ctx, v, "PR5", "P1");
}

/* 550: PR0 (parents) goes only with P1 (a blank PLACE fails too). */
static void check_550(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->place_provider, "PR0") && !cla_in(e->place, "P1"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* ---- OC2: convictions and health --------------------------------------------- */

/* 542: under 10 at 31 March (10th birthday after it): CONVICTED must be blank. */
static void check_542(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc2 = cla_view_row(v, CLA_OC2);
    sr_date ten = cla_birthday(v, 10);

    if (oc2 && sr_date_ok(ten) && ten > v->env->period_end && cla_row_value(oc2, "CONVICTED"))
        cla_rule_fail_col(ctx, v, oc2, "CONVICTED");
}

/* 543: aged 10 or over at 31 March (10th birthday on or before it, as DfE
 * writes it; the public validator wants it strictly before) and
 * continuously looked after: CONVICTED must be given.  Children without an
 * OC2 row are the OC2 presence rules' business. */
static void check_543(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc2 = cla_view_row(v, CLA_OC2);
    sr_date ten = cla_birthday(v, 10);

    if (oc2 && sr_date_ok(ten) && ten <= v->env->period_end && !cla_row_value(oc2, "CONVICTED") &&
        cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, oc2, "CONVICTED");
}

/* 544 and 547: when `flag` is 1 the four health fields must be given. */
static void health_fields(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *flag)
{
    static const char *const fields[] = { "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE" };
    const struct cla_row *oc2 = cla_view_row(v, CLA_OC2);

    if (!oc2 || !cla_in(cla_row_value(oc2, flag), "1"))
        return;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!cla_row_value(oc2, fields[i])) {
            cla_rule_fail_col(ctx, v, oc2, flag);
            return;
        }
    }
}

static void check_544(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    health_fields(ctx, v, "CONVICTED");
}

/* 545: under 5 at 31 March and continuously looked after: HEALTH_CHECK must be given. */
static void check_545(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc2 = cla_view_row(v, CLA_OC2);
    sr_date five = cla_birthday(v, 5);

    if (oc2 && sr_date_ok(five) && five > v->env->period_end && !cla_row_value(oc2, "HEALTH_CHECK") &&
        cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, oc2, "HEALTH_CHECK");
}

/* 546: 5 or over at 31 March and continuously looked after (DfE's logic
 * names both): HEALTH_CHECK must be blank. */
static void check_546(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc2 = cla_view_row(v, CLA_OC2);
    sr_date five = cla_birthday(v, 5);

    if (oc2 && sr_date_ok(five) && five <= v->env->period_end && cla_row_value(oc2, "HEALTH_CHECK") &&
        cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, oc2, "HEALTH_CHECK");
}

static void check_547(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    health_fields(ctx, v, "HEALTH_CHECK");
}

/* ---- adoption: Episodes, PlacedAdoption, AD1 ---------------------------------- */

/* 521: AD1 DATE_INT must be on or before the DECOM of every adoption
 * placement (A3-A6).  Reported on the episode. */
static void check_521(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date when = ad ? cla_row_date(ad, "DATE_INT") : SR_DATE_NONE;

    if (!sr_date_ok(when))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && cla_in(e->place, ADOPTION_PLACEMENTS) && when > e->decom)
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 522: DATE_PLACED_CEASED cannot be before DATE_PLACED. */
static void check_522(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date placed = cla_row_date(pa[i], "DATE_PLACED"), ceased = cla_row_date(pa[i], "DATE_PLACED_CEASED");
        if (sr_date_ok(placed) && sr_date_ok(ceased) && ceased < placed)
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED");
    }
}

/* 523: each DATE_PLACED must equal AD1 DATE_INT (both valid). */
static void check_523(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date when = ad ? cla_row_date(ad, "DATE_INT") : SR_DATE_NONE;
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);

    if (!sr_date_ok(when))
        return;
    for (size_t i = 0; i < n; i++) {
        sr_date placed = cla_row_date(pa[i], "DATE_PLACED");
        if (sr_date_ok(placed) && placed != when)
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED");
    }
}

/* 525: a reversed decision (DATE_PLACED_CEASED given) and adoption details
 * in AD1 cannot both be there.  Reported on each reversed decision. */
static void check_525(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    static const char *const fields[] = { "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                                          "LS_ADOPTR" };
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    bool adopted = false;
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);

    for (size_t k = 0; ad && k < sizeof fields / sizeof fields[0]; k++)
        adopted = adopted || cla_row_value(ad, fields[k]) != NULL;
    if (!adopted)
        return;
    for (size_t i = 0; i < n; i++)
        if (cla_row_value(pa[i], "DATE_PLACED_CEASED"))
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED_CEASED");
}

/* Whether some PlacedAdoption row of the child has DATE_PLACED given. */
static bool has_date_placed(const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);

    for (size_t i = 0; i < n; i++)
        if (cla_row_value(pa[i], "DATE_PLACED"))
            return true;
    return false;
}

/* 551: an adoption placement (A3-A6) needs a decision date (DATE_PLACED)
 * in PlacedAdoption.  Reported on each such episode. */
static void check_551(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (has_date_placed(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].place, ADOPTION_PLACEMENTS))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "PLACE");
}

/* The latest valid DATE_PLACED of the child, and its row (NULL when none). */
static const struct cla_row *latest_placed(const struct cla_view *v, sr_date *when)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    const struct cla_row *best = NULL;

    *when = SR_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(pa[i], "DATE_PLACED");
        if (sr_date_ok(d) && (!best || d >= *when)) {
            best = pa[i];
            *when = d;
        }
    }
    return best;
}

/* 552: the latest decision to place for adoption (DATE_PLACED) must be on
 * or before the first adoption placement's DECOM.  Reported on the
 * decision. */
static void check_552(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date placed;
    const struct cla_row *pa = latest_placed(v, &placed);

    if (!pa)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!sr_date_ok(e->decom))
            break;
        if (cla_in(e->place, ADOPTION_PLACEMENTS)) {   /* the first, episodes being in DECOM order */
            if (e->decom < placed)
                cla_rule_fail_col(ctx, v, pa, "DATE_PLACED");
            return;
        }
    }
}

/* 553: a placement order (LS E1) needs a decision in PlacedAdoption: an E1
 * episode of a child without PlacedAdoption rows fails (on the episode);
 * and while an E1 episode is open the decision cannot have ceased, so a
 * PlacedAdoption row with DATE_PLACED_CEASED or REASON_PLACED_CEASED fails
 * (as the public validator also reads it). */
static void check_553(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    bool open_e1 = false;

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!cla_in(e->ls, "E1"))
            continue;
        if (n == 0)
            cla_rule_fail_col(ctx, v, e->row, NULL);
        if (e->dec == SR_DATE_NONE)
            open_e1 = true;
    }
    for (size_t i = 0; open_e1 && i < n; i++)
        if (cla_row_value(pa[i], "DATE_PLACED_CEASED") || cla_row_value(pa[i], "REASON_PLACED_CEASED"))
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED_CEASED");
}

/* 554: DATE_PLACED must be on or before the DECOM of the first episode with
 * a placement order (LS E1).  Like the public validator we take the
 * child's first E1 episode this year, not per period of care, so a child
 * with two periods of care may be misjudged (DfE's message warns of it). */
static void check_554(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date order = SR_DATE_NONE;
    size_t n;
    const struct cla_row *const *pa;

    for (size_t i = 0; i < v->n_ep && sr_date_ok(v->ep[i].decom); i++) {
        if (cla_in(v->ep[i].ls, "E1")) {
            order = v->ep[i].decom;
            break;
        }
    }
    if (!sr_date_ok(order))
        return;
    pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date placed = cla_row_date(pa[i], "DATE_PLACED");
        if (sr_date_ok(placed) && placed > order)
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED");
    }
}

/* 557: a child placed for adoption (A3-A6) or under a placement order (E1)
 * who left care other than by adoption (REC given, not E11/E12/X1) needs
 * the decision's end recorded: no PlacedAdoption row, or one without
 * DATE_PLACED_CEASED or REASON_PLACED_CEASED, fails.  Reported on each
 * such episode and on each incomplete PlacedAdoption row. */
static void check_557(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    bool incomplete = n == 0, any = false;

    for (size_t i = 0; i < n; i++)
        if (!cla_row_value(pa[i], "DATE_PLACED_CEASED") || !cla_row_value(pa[i], "REASON_PLACED_CEASED"))
            incomplete = true;
    if (!incomplete)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if ((cla_in(e->place, ADOPTION_PLACEMENTS) || cla_in(e->ls, "E1")) && e->rec &&
            !cla_in(e->rec, "E11 E12 X1")) {
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
            any = true;
        }
    }
    for (size_t i = 0; any && i < n; i++)
        if (!cla_row_value(pa[i], "DATE_PLACED_CEASED") || !cla_row_value(pa[i], "REASON_PLACED_CEASED"))
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED_CEASED");
}

/* 558: DfE: when the latest episode ended in adoption (E11/E12) and the
 * child has more than one decision in the return, the latest decision
 * (by DATE_PLACED) must not have ceased.  The public validator instead
 * counts ceased dates per calendar year of the ceasing; we follow DfE. */
static void check_558(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n, last = v->n_ep;
    sr_date placed;
    const struct cla_row *pa;

    cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    for (size_t i = 0; i < v->n_ep && sr_date_ok(v->ep[i].decom); i++)
        last = i;
    if (n < 2 || last == v->n_ep || !cla_in(v->ep[last].rec, "E11 E12"))
        return;
    pa = latest_placed(v, &placed);
    if (pa && cla_row_value(pa, "DATE_PLACED_CEASED"))
        cla_rule_fail_col(ctx, v, pa, "DATE_PLACED_CEASED");
}

/* 563: a ceased decision (date and reason given) needs its DATE_PLACED. */
static void check_563(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);

    for (size_t i = 0; i < n; i++)
        if (cla_row_value(pa[i], "REASON_PLACED_CEASED") && cla_row_value(pa[i], "DATE_PLACED_CEASED") &&
            !cla_row_value(pa[i], "DATE_PLACED"))
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED");
}

/* 579: decisions to place for adoption cannot overlap, nor start while an
 * earlier one is open. */
static void check_579(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    overlapping(ctx, v, CLA_PLACED_ADOPTION, "DATE_PLACED", "DATE_PLACED_CEASED");
}

/* 582: adopted (E11/E12) on the very day of matching (AD1 DATE_MATCH) is
 * unexpected.  Reported on the episode's DEC. */
static void check_582(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date match = ad ? cla_row_date(ad, "DATE_MATCH") : SR_DATE_NONE;

    if (!sr_date_ok(match))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->rec, "E11 E12") && e->dec == match)
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* 583: with several decisions, all but the latest (by DATE_PLACED) must
 * have DATE_PLACED_CEASED.  DfE's logic; the public validator also fails
 * the latest when more than one is open.  Rows without a valid DATE_PLACED
 * cannot be ordered and are left to the date checks. */
static void check_583(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    sr_date when;
    const struct cla_row *latest;

    if (n < 2)
        return;
    latest = latest_placed(v, &when);
    for (size_t i = 0; i < n; i++)
        if (pa[i] != latest && sr_date_ok(cla_row_date(pa[i], "DATE_PLACED")) &&
            !cla_row_value(pa[i], "DATE_PLACED_CEASED"))
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED_CEASED");
}

/* ---- Missing ------------------------------------------------------------------- */

/* 564: a missing/away row (MISSING given) needs MIS_START. */
static void check_564(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++)
        if (cla_row_value(m[i], "MISSING") && !cla_row_value(m[i], "MIS_START"))
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
}

/* 565 and 566: a date given (`column`) needs MISSING. */
static void missing_type_blank(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *column)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++)
        if (cla_row_value(m[i], column) && !cla_row_value(m[i], "MISSING"))
            cla_rule_fail_col(ctx, v, m[i], "MISSING");
}

static void check_565(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    missing_type_blank(ctx, v, "MIS_START");
}

static void check_566(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    missing_type_blank(ctx, v, "MIS_END");
}

/* 567: MIS_END cannot be before MIS_START. */
static void check_567(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START"), e = cla_row_date(m[i], "MIS_END");
        if (sr_date_ok(s) && sr_date_ok(e) && e < s)
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
    }
}

/* 570: MIS_START cannot be after 31 March. */
static void check_570(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        if (sr_date_ok(s) && s > v->env->period_end)
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
    }
}

/* 571: MIS_END must be within the collection year. */
static void check_571(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date e = cla_row_date(m[i], "MIS_END");
        if (sr_date_ok(e) && (e < v->env->period_start || e > v->env->period_end))
            cla_rule_fail_col(ctx, v, m[i], "MIS_END");
    }
}

/* 574: missing periods cannot overlap, nor start while one is open. */
static void check_574(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    overlapping(ctx, v, CLA_MISSING, "MIS_START", "MIS_END");
}

/* 575: a missing period that started during an episode that has ended
 * (DECOM <= MIS_START <= DEC) must have MIS_END. */
static void check_575(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        if (!sr_date_ok(s) || cla_row_value(m[i], "MIS_END"))
            continue;
        for (size_t k = 0; k < v->n_ep; k++) {
            const struct cla_episode *e = &v->ep[k];
            if (sr_date_ok(e->decom) && sr_date_ok(e->dec) && e->decom <= s && s <= e->dec) {
                cla_rule_fail_col(ctx, v, m[i], "MIS_END");
                break;
            }
        }
    }
}

/* Whether the child has a period of care still open that started on or
 * before d. */
static bool open_period_from(const struct cla_view *v, sr_date d)
{
    struct period p;
    size_t i = 0;

    while (next_period(v, &i, &p))
        if (p.end == SR_DATE_NONE && p.start <= d)
            return true;
    return false;
}

/* 577: an open missing period (blank MIS_END) needs the child still in care:
 * it fails unless a period of care that started on or before MIS_START is
 * still open.  Children without episodes are left alone.  (The public
 * validator also fails ended missing periods outside any period of care;
 * those are 578's and 581's business.) */
static void check_577(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    if (v->n_ep == 0 || !sr_date_ok(v->ep[0].decom))
        return;
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        if (sr_date_ok(s) && !cla_row_value(m[i], "MIS_END") && !open_period_from(v, s))
            cla_rule_fail_col(ctx, v, m[i], "MIS_END");
    }
}

/* 578: DfE: if MIS_START >= DEC (the end of the period of care it follows)
 * no missing period should be recorded.  The period of care is the latest
 * one that started on or before MIS_START; a start before every period is
 * 581's business (the public validator fails it here too, and allows a
 * start on the day care ended; we follow DfE's >=). */
static void check_578(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        struct period p, last = { SR_DATE_NONE, SR_DATE_NONE };
        size_t k = 0;
        bool found = false;
        if (!sr_date_ok(s))
            continue;
        while (next_period(v, &k, &p)) {
            if (p.start > s)
                break;
            last = p;
            found = true;
        }
        if (found && last.end != SR_DATE_NONE && s >= last.end)
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
    }
}

/* 580: a child missing when leaving care at 18 (MIS_END is the 18th
 * birthday and the DEC of an episode) must have left for reason E8. */
static void check_580(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);
    sr_date eighteen = cla_birthday(v, 18);

    if (!sr_date_ok(eighteen) || n == 0)
        return;
    for (size_t k = 0; k < v->n_ep; k++) {
        const struct cla_episode *e = &v->ep[k];
        if (e->dec != eighteen || cla_in(e->rec, "E8"))
            continue;
        for (size_t i = 0; i < n; i++) {
            if (cla_row_date(m[i], "MIS_END") == eighteen) {
                cla_rule_fail_col(ctx, v, e->row, "REC");
                break;
            }
        }
    }
}

/* 581: a missing period must start during an episode (DECOM <= MIS_START
 * and, when the episode has ended, MIS_START <= DEC).  Children without
 * episodes are left alone. */
static void check_581(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    if (v->n_ep == 0 || !sr_date_ok(v->ep[0].decom))
        return;
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        bool inside = false;
        if (!sr_date_ok(s))
            continue;
        for (size_t k = 0; k < v->n_ep && !inside; k++) {
            const struct cla_episode *e = &v->ep[k];
            inside = sr_date_ok(e->decom) && e->decom <= s && (!sr_date_ok(e->dec) || s <= e->dec);
        }
        if (!inside)
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
    }
}

/* 586: a missing period cannot start before the child's birth.  DfE says
 * "before"; the public validator also fails a start on the birthday. */
static void check_586(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *m = cla_view_rows(v, CLA_MISSING, &n);

    if (!sr_date_ok(v->dob))
        return;
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(m[i], "MIS_START");
        if (sr_date_ok(s) && s < v->dob)
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
    }
}

/* ---- 501 ---------------------------------------------------------------------- */

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
            cla_rule_fail_other(ctx, v, e->row, "DECOM", prev->row);
    }
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

#define MSG_526 "Child is missing a placement provider code for at least one episode."

const struct cla_rule cla_rules_500[] = {
    { .info = RULE("501", "Episodes", "A new episode has started before the end date of the previous episode."),
      .check = check_501 },
    { .info = RULE("504", "Episodes",
                   "The category of need code differs from that reported at start of current period of being looked after"),
      .check = check_504 },
    { .info = RULE("511", "AD1",
                   "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female."),
      .check = check_511 },
    { .info = RULE("514", "AD1",
                   "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple."),
      .check = check_514 },
    { .info = RULE("516", "Episodes",
                   "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6."),
      .check = check_516 },
    { .info = RULE("517", "AD1",
                   "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female."),
      .check = check_517 },
    { .info = RULE("518", "AD1",
                   "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females."),
      .check = check_518 },
    { .info = RULE("519", "AD1",
                   "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple."),
      .check = check_519 },
    { .info = RULE("520", "AD1",
                   "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple."),
      .check = check_520 },
    { .info = RULE("521", "Episodes, AD1",
                   "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption."),
      .check = check_521 },
    { .info = RULE("522", "PlacedAdoption",
                   "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption."),
      .check = check_522 },
    { .info = RULE("523", "PlacedAdoption, AD1",
                   "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed)."),
      .check = check_523 },
    { .info = RULE("524", "AD1",
                   "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females"),
      .check = check_524 },
    { .info = RULE("525", "PlacedAdoption, AD1",
                   "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year."),
      .check = check_525 },
    /* 526 changed in 2025-26: Z1 was split into Z11-Z14, all exempt. */
    { .info = RULE("526", "Episodes", MSG_526), .last_year = 2025, .check = check_526_2025 },
    { .info = RULE("526", "Episodes", MSG_526), .first_year = 2026, .check = check_526 },
    { .info = RULE("527", "Episodes", "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5."),
      .check = check_527 },
    { .info = RULE("528", "Episodes", "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5."),
      .check = check_528 },
    { .info = RULE("529", "Episodes",
                   "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations."),
      .check = check_529 },
    { .info = RULE("530", "Episodes", "A placement provider code of PR4 cannot be associated with placement P1."),
      .check = check_530 },
    { .info = RULE("531", "Episodes", "A placement provider code of PR5 cannot be associated with placements P1."),
      .check = check_531 },
    { .info = RULE("542", "OC2", "A child aged under 10 at 31 March should not have conviction information completed."),
      .check = check_542 },
    { .info = RULE("543", "Episodes, OC2",
                   "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed."),
      .check = check_543 },
    { .info = RULE("544", "OC2",
                   "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."),
      .check = check_544 },
    { .info = RULE("545", "OC2",
                   "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed."),
      .check = check_545 },
    { .info = RULE("546", "Episodes, OC2",
                   "Children aged 5 or over at 31 March should not have health promotion information completed."),
      .check = check_546 },
    { .info = RULE("547", "OC2",
                   "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."),
      .check = check_547 },
    { .info = RULE("550", "Episodes", "A placement provider code of PR0 can only be associated with placement P1."),
      .check = check_550 },
    { .info = RULE("551", "Episodes, PlacedAdoption",
                   "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption."),
      .check = check_551 },
    { .info = RULE("552", "Episodes, PlacedAdoption",
                   "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption."),
      .check = check_552 },
    { .info = RULE("553", "Episodes, PlacedAdoption",
                   "Placement order has been granted but there is no date of decision that the child should be placed for adoption."),
      .check = check_553 },
    { .info = RULE("554", "Episodes, PlacedAdoption",
                   "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]"),
      .check = check_554 },
    { .info = RULE("557", "Episodes, PlacedAdoption",
                   "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed."),
      .check = check_557 },
    { .info = RULE("558", "Episodes, PlacedAdoption",
                   "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank."),
      .check = check_558 },
    { .info = RULE("563", "PlacedAdoption",
                   "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank"),
      .check = check_563 },
    { .info = RULE("564", "Missing",
                   "Child was missing or away from placement without authorisation and the date started is blank."),
      .check = check_564 },
    { .info = RULE("565", "Missing",
                   "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed."),
      .check = check_565 },
    /* The rule list cuts this message at the apostrophe; this is the full
     * text, with the straight apostrophe DfE's source has. */
    { .info = RULE("566", "Missing",
                   "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed."),
      .check = check_566 },
    { .info = RULE("567", "Missing",
                   "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started."),
      .check = check_567 },
    { .info = RULE("570", "Missing",
                   "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year."),
      .check = check_570 },
    { .info = RULE("571", "Missing",
                   "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year."),
      .check = check_571 },
    { .info = RULE("574", "Missing",
                   "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap."),
      .check = check_574 },
    { .info = RULE("575", "Episodes, Missing",
                   "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date."),
      .check = check_575 },
    { .info = RULE("577", "Episodes, Missing",
                   "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date."),
      .check = check_577 },
    { .info = RULE("578", "Episodes, Missing",
                   "The date that the child started to be missing is after the child ceased to be looked after."),
      .check = check_578 },
    { .info = RULE("579", "PlacedAdoption",
                   "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions."),
      .check = check_579 },
    { .info = RULE("580", "Episodes, Missing",
                   "Child is missing when cease being looked after but reason episode ceased not \u2018E8\u2019."),
      .check = check_580 },
    { .info = RULE("581", "Episodes, Missing", "Child is missing but has not yet started to be looked after."),
      .check = check_581 },
    { .info = RULE("582", "Episodes, AD1",
                   "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption."),
      .check = check_582 },
    { .info = RULE("583", "PlacedAdoption",
                   "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year."),
      .check = check_583 },
    { .info = RULE("586", "Missing", "Dates of missing periods are before child\u2019s date of birth."),
      .check = check_586 },
    { .info = { .code = NULL } },
};
