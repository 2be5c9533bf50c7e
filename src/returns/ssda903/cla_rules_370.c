/*
 * DfE SSDA903 rules: the 300 series from 371 and the 400 series: placements
 * by age and length, temporary placements, periods of care, reasons an
 * episode ceased or began, postcodes, the mother and UPN fields, reviews by
 * age (codes: 371 372 373 374 375 376 377 378 379 380 381 382 383 384 385
 * 386 387 388 389 390 391 392a 392b 392c 392d 393 399 407 408 426 431 432
 * 433 434 435 436 437 440 441 442 444 446 460).
 *
 * Most rules look at one episode, or at an episode and the one before it in
 * DECOM order (v->ep is sorted).  A "period of care" is a run of episodes
 * linked by REC = X1 where the next DECOM equals the previous DEC (notes 5.2).
 * Where the public validator and DfE's wording differ, the rule follows DfE
 * and says so.  Blank cells compare equal to each other when a rule asks
 * whether a value "changed" (the public validator's pandas comparisons treat
 * two blanks as different in some rules and equal in others).
 * See cla_rules.h for the interface.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "returns/ssda903/cla_ref.h"
#include "core/id_set.h"
#include "returns/ssda903/cla_rules.h"

#define TEMP_PLACES "T0 T1 T2 T3 T4"
#define RESPITE "V3 V4"

/* ---- helpers ----------------------------------------------------------------- */

/* Two cells hold the same value (both blank counts as the same). */
static bool same_value(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The child's date of birth reaches `years` on or before d (DOB and d valid). */
static bool aged_at_least(const struct cla_view *v, sr_date d, int years)
{
    return d >= date_add_years(v->dob, years);
}

/* Episodes in placement `place` that started before the child was `years`
 * old fail at DECOM.  The public validator skips open episodes (it drops rows
 * with a blank DEC); DfE's age limit does not depend on the episode having
 * ended, so open episodes are checked too. */
static void min_age_at_start(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *place, int years)
{
    if (!sr_date_ok(v->dob))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (same_value(e->place, place) && sr_date_ok(e->decom) && !aged_at_least(v, e->decom, years))
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* Episodes in placement `place` that lasted more than `days` days (DEC more
 * than `days` after DECOM) fail at DECOM.  An open episode has no length yet
 * and is not checked, as in the public validator. */
static void max_length(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *place, int days)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (same_value(e->place, place) && sr_date_ok(e->decom) && sr_date_ok(e->dec) && e->dec - e->decom > days)
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* Episodes ceasing with a REC in `recs` fail at `column` when the child's age
 * at DEC is `years` or more (over = true) or under `years` (over = false).
 * Without a valid DEC or DOB there is no age, so no finding. */
static void age_at_end(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *recs, int years, bool over,
                       const char *column)
{
    if (!sr_date_ok(v->dob))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->rec && cla_in(e->rec, recs) && sr_date_ok(e->dec) && aged_at_least(v, e->dec, years) == over)
            cla_rule_fail_col(ctx, v, e->row, column);
    }
}

/* Any episode with a legal status other than V3/V4 (respite): the child is
 * looked after in the ordinary sense. */
static bool has_non_respite(const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (!cla_in(v->ep[i].ls, RESPITE))
            return true;
    return false;
}

/* The placement fields DfE compares when asking whether a placement changed. */
static bool same_placement(const struct cla_episode *a, const struct cla_episode *b)
{
    return same_value(a->place, b->place) && cla_same_postcode(a->pl_post, b->pl_post) && same_value(a->urn, b->urn) &&
           same_value(a->place_provider, b->place_provider);
}

/* ---- age limits on placements -------------------------------------------------- */

/* 371: supported accommodation (K3) only from 16. */
static void check_371(struct cla_rule_ctx *ctx, const struct cla_view *v) { min_age_at_start(ctx, v, "K3", 16); }
/* 372: youth custody or prison (R5) only from 10. */
static void check_372(struct cla_rule_ctx *ctx, const struct cla_view *v) { min_age_at_start(ctx, v, "R5", 10); }
/* 373: placed in a school (S1) only from 4. */
static void check_373(struct cla_rule_ctx *ctx, const struct cla_view *v) { min_age_at_start(ctx, v, "S1", 4); }
/* 374: residential employment (P3) only from 14. */
static void check_374(struct cla_rule_ctx *ctx, const struct cla_view *v) { min_age_at_start(ctx, v, "P3", 14); }

/* ---- temporary placements ------------------------------------------------------ */

/* 375: hospital as a temporary placement (T1) for at most six weeks. */
static void check_375(struct cla_rule_ctx *ctx, const struct cla_view *v) { max_length(ctx, v, "T1", 42); }
/* 376: foster carers' holiday (T3) for at most three weeks. */
static void check_376(struct cla_rule_ctx *ctx, const struct cla_view *v) { max_length(ctx, v, "T3", 21); }
/* 379: unspecified temporary placement (T4) for at most seven days. */
static void check_379(struct cla_rule_ctx *ctx, const struct cla_view *v) { max_length(ctx, v, "T4", 7); }

/* 377: at most two T3 placements in any 12 months.  The public validator
 * counts the child's T3 episodes in the whole return; DfE speaks of any
 * 12-month period, so every T3 episode that is one of three starting within
 * 12 months fails.  Episodes are in DECOM order, so three in a window are
 * three consecutive T3s: one pass keeping the last two. */
static void check_377(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *a = NULL, *b = NULL;   /* the two T3s before */
    bool a_done = false, b_done = false;             /* already reported */

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *c = &v->ep[i];
        if (!same_value(c->place, "T3") || !sr_date_ok(c->decom))
            continue;
        bool c_done = false;
        if (a && c->decom < date_add_years(a->decom, 1)) {
            if (!a_done)
                cla_rule_fail_col(ctx, v, a->row, "PLACE");
            if (!b_done)
                cla_rule_fail_col(ctx, v, b->row, "PLACE");
            cla_rule_fail_col(ctx, v, c->row, "PLACE");
            b_done = c_done = true;
        }
        a = b, a_done = b_done;
        b = c, b_done = c_done;
    }
}

/* 378: placed with parents (P1) is not possible under a single period of
 * section 20 accommodation (V2). */
static void check_378(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (same_value(v->ep[i].place, "P1") && same_value(v->ep[i].ls, "V2"))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "PLACE");
}

/* 380: a temporary placement cannot open a period of care: its RNE must be
 * a change of placement (P or B). */
static void check_380(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->place && cla_in(e->place, TEMP_PLACES) && !cla_in(e->rne, "P B"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 381: a temporary placement cannot close a period of care: a REC given must
 * be X1. */
static void check_381(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->place && cla_in(e->place, TEMP_PLACES) && e->rec && strcmp(e->rec, "X1") != 0)
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 382: respite care (V3/V4) cannot be a temporary placement. */
static void check_382(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->ls && cla_in(e->ls, RESPITE) && e->place && cla_in(e->place, TEMP_PLACES))
            cla_rule_fail_col(ctx, v, e->row, "LS");
    }
}

/* 383 up to 2024-25: a temporary placement between two episodes must be
 * followed by a return (RNE P) to the placement before it; the temporary
 * episode fails. */
static void check_383_old(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i + 1 < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *before = &v->ep[i - 1], *after = &v->ep[i + 1];
        if (e->place && cla_in(e->place, TEMP_PLACES) &&
            (!same_value(after->rne, "P") || !same_value(after->place, before->place)))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 383 from 2025-26: the episode after a temporary placement must have RNE P
 * and the PLACE and PL_POST of the episode before the temporary one; the
 * episode after fails. */
static void check_383(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 2; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *temp = &v->ep[i - 1], *before = &v->ep[i - 2];
        if (temp->place && cla_in(temp->place, TEMP_PLACES) &&
            (!same_value(e->rne, "P") || !same_value(e->place, before->place) ||
             !cla_same_postcode(e->pl_post, before->pl_post)))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 384: respite care (V3/V4) cannot be a long-term foster placement (U1/U4). */
static void check_384(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->ls && cla_in(e->ls, RESPITE) && e->place && cla_in(e->place, "U1 U4"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 385: DEC is on or before 31 March of the collection year. */
static void check_385(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (sr_date_ok(v->ep[i].dec) && v->ep[i].dec > v->env->period_end)
            cla_rule_fail_col(ctx, v, v->ep[i].row, "DEC");
}

/* ---- reasons an episode ceased, by age ------------------------------------------- */

/* 386: adopted (E11/E12) only before 18.  On the 18th birthday the child has
 * reached 18 (the public validator lets that day pass). */
static void check_386(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    age_at_end(ctx, v, "E11 E12", 18, true, "REC");
}

/* 387: independent living (E5/E6) only from 14. */
static void check_387(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    age_at_end(ctx, v, "E5 E6", 14, false, "REC");
}

/* 389: transferred to adult social care (E7) only from 16.  Without a DEC
 * there is no age to judge (the public validator fails the row). */
static void check_389(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    age_at_end(ctx, v, "E7", 16, false, "REC");
}

/* 407: special guardianship (E45-E48) only before 18: DfE's logic wants DOB
 * less than 18 years before DEC, so DEC on the 18th birthday fails (the
 * public validator lets it pass). */
static void check_407(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    age_at_end(ctx, v, "E45 E46 E47 E48", 18, true, "DEC");
}

/* 460: stayed with current carers at 18 (E17) only from 18. */
static void check_460(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    age_at_end(ctx, v, "E17", 18, false, "DEC");
}

/* ---- periods of care: episodes and the one before ----------------------------- */

/* 388: X1 (new episode begins) must be followed by an episode starting on
 * the DEC; an episode followed by one starting on its DEC must have X1; the
 * last episode cannot end with X1. */
static void check_388(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        bool x1 = same_value(e->rec, "X1");
        if (!sr_date_ok(e->dec))
            continue;
        if (i + 1 == v->n_ep) {
            if (x1)
                cla_rule_fail_col(ctx, v, e->row, "REC");
            continue;
        }
        sr_date next = v->ep[i + 1].decom;
        if (!sr_date_ok(next))
            continue;
        if ((x1 && e->dec != next) || (!x1 && e->rec && e->dec == next))
            cla_rule_fail_col(ctx, v, e->row, "REC");
    }
}

/* 390: adopted (E11/E12) only from a placement for adoption (A3-A6). */
static void check_390(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->rec && cla_in(e->rec, "E11 E12") && !cla_in(e->place, "A3 A4 A5 A6"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 391: the care leaver fields (IN_TOUCH, ACTIV, ACCOM) only for a young
 * person 17 or over by 31 March.  DfE's logic checks only the lower age. */
static void check_391(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC3);
    sr_date dob;

    if (!r)
        return;
    dob = cla_row_date(r, "DOB");
    if (!sr_date_ok(dob))
        dob = v->dob;
    if (!sr_date_ok(dob) || date_add_years(dob, 17) <= v->env->period_end)
        return;
    if (cla_row_value(r, "IN_TOUCH") || cla_row_value(r, "ACTIV") || cla_row_value(r, "ACCOM"))
        cla_rule_fail_col(ctx, v, r, "DOB");
}

/* ---- postcodes ------------------------------------------------------------------ */

/* 392a: a looked-after child (LS not V3/V4, never UASC) has a placement
 * distance.  DfE derives PL_DISTANCE from HOME_POST and PL_POST; it can be
 * derived when both postcodes are in the postcode directory with a grid
 * reference, so that is what is checked (the row is reported, as
 * PL_DISTANCE is no column of the return).  UASC: this year's return and,
 * when given, last year's; DfE also looks two years back, which we cannot. */
static void check_392a(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_ref *ref = v->env->ref;

    if (cla_uasc_ever(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_postcode *home, *pl;
        if (cla_in(e->ls, RESPITE))
            continue;
        home = e->home_post ? cla_ref_postcode(ref, e->home_post) : NULL;
        pl = e->pl_post ? cla_ref_postcode(ref, e->pl_post) : NULL;
        if (!home || !pl || !home->has_grid || !pl->has_grid)
            cla_rule_fail_col(ctx, v, e->row, NULL);
    }
}

/* 392b: a looked-after child (LS not V3/V4, never UASC) has both postcodes;
 * one finding per episode, at the first blank one.  UASC as in 392a: without
 * last year's return only this year's UASC is known, and the rule still runs
 * (it is a warning-like check that DfE itself notes may be a false
 * positive for former UASC). */
static void check_392b(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (cla_uasc_ever(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->ls, RESPITE))
            continue;
        if (!e->home_post)
            cla_rule_fail_col(ctx, v, e->row, "HOME_POST");
        else if (!e->pl_post)
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 392c: a postcode is valid when it is in the ONS postcode directory.
 * We follow DfE, which looks postcodes up there: with --postcodes, a
 * well-formed postcode absent from the directory (say, in an area that does
 * not exist) is invalid, as its distance is for 164.  Without the directory
 * the rule can check the format only, and the report says the lookup was
 * not done (better_with, below).  One finding per invalid postcode. */
static bool postcode_valid(const struct cla_view *v, const char *pc)
{
    const struct cla_ref *ref = v->env->ref;
    struct cla_postcode found;

    if (!cla_is_postcode(pc))
        return false;
    return !cla_ref_has_postcodes(ref) || cla_ref_lookup_postcode(ref, pc, &found);
}

static void check_392c(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->home_post && !postcode_valid(v, e->home_post))
            cla_rule_fail_col(ctx, v, e->row, "HOME_POST");
        if (e->pl_post && !postcode_valid(v, e->pl_post))
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 392d: home and placement postcodes differ unless placed with parents (P1);
 * compared whatever the spacing and case. */
static void check_392d(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->home_post && e->pl_post && !same_value(e->place, "P1") && cla_same_postcode(e->home_post, e->pl_post))
            cla_rule_fail_col(ctx, v, e->row, "HOME_POST");
    }
}

/* ---- Header fields of looked-after children --------------------------------------- */

/* 393: a looked-after girl (some episode not V3/V4) has MOTHER completed. */
static void check_393(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && same_value(v->sex, "F") && !cla_row_value(h, "MOTHER") && has_non_respite(v))
        cla_rule_fail_col(ctx, v, h, "MOTHER");
}

/* 399: a child whose every episode is respite (V3/V4) has no MOTHER, no
 * reviews.  Reported at MOTHER when given and at each review row (the
 * episodes themselves are not what needs correcting). */
static void check_399(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *reviews;
    size_t n;

    if (!v->n_ep || has_non_respite(v))
        return;
    if (v->header && cla_row_value(v->header, "MOTHER"))
        cla_rule_fail_col(ctx, v, v->header, "MOTHER");
    reviews = cla_view_rows(v, CLA_REVIEWS, &n);
    for (size_t i = 0; i < n; i++)
        cla_rule_fail_col(ctx, v, reviews[i], "REVIEW");
}

/* 442: a looked-after child (some episode not V3/V4) has a UPN (UN1-UN5 when
 * unknown). */
static void check_442(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && !cla_row_value(h, "UPN") && has_non_respite(v))
        cla_rule_fail_col(ctx, v, h, "UPN");
}

/* 444 (from 2025-26): a UPN other than UN1-UN5 is unique in the return.
 * Every Header row holding a duplicated UPN fails: the later ones as they
 * come, naming the first holder's row and line, the first ones at the end
 * (only the row and line are kept, not the child). */
struct upn_state {
    struct id_set *seen;
    bool xml;
    const char *table;       /* the Header table's name, for the report */
};

static void accumulate_444(struct cla_rule_ctx *ctx, void *state, const struct cla_view *v)
{
    struct upn_state *s = state;
    const struct cla_row *h = v->header;
    const char *upn;
    uint32_t first_line;
    size_t first_pos;
    int k;

    if (!h || !(upn = cla_row_value(h, "UPN")) || cla_in(upn, "UN1 UN2 UN3 UN4 UN5"))
        return;
    if (!s->seen)
        s->seen = id_set_new();
    s->xml = h->xml_path != NULL;
    s->table = h->table->name;
    k = cla_table_column(h->table, "UPN");
    if (id_set_add(s->seen, upn, cla_row_line(h, k), s->xml ? v->child->position : h->number, &first_line,
                   &first_pos)) {
        char other[64];
        if (s->xml)
            snprintf(other, sizeof other, "EXPSSDA903/CHILD[%zu]/HEADER/UPN", first_pos);
        else
            snprintf(other, sizeof other, "%s row %zu", s->table, first_pos);
        cla_rule_fail_other_at(ctx, v, h, "UPN", other, first_line);
    }
}

struct upn_report {
    struct cla_rule_ctx *ctx;
    bool xml;
    const char *table;
};

static void report_first_444(void *opaque, const char *key, uint32_t line, size_t position)
{
    struct upn_report *r = opaque;
    /* XML: position is the CHILD's, and its Header row is the first. */
    struct cla_loc loc = { r->table, r->xml ? 1 : position, "UPN" };

    (void)key;
    if (r->xml)
        cla_rule_fail_loc(r->ctx, NULL, &loc, line, "EXPSSDA903/CHILD[%zu]/HEADER/UPN", position);
    else
        cla_rule_fail_loc(r->ctx, NULL, &loc, line, "Header row %zu / UPN", position);
}

static void conclude_444(struct cla_rule_ctx *ctx, void *state)
{
    struct upn_state *s = state;
    struct upn_report r = { ctx, s->xml, s->table };

    if (s->seen)
        id_set_each_duplicated(s->seen, report_first_444, &r);
}

static void release_444(void *state)
{
    struct upn_state *s = state;

    id_set_free(s->seen);
    s->seen = NULL;
}

/* ---- legal status ------------------------------------------------------------- */

/* 408: placed for adoption with a placement order (A5/A6) needs LS E1. */
static void check_408(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->place && cla_in(e->place, "A5 A6") && !same_value(e->ls, "E1"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 426: respite care under both V3 and V4 in one return: every V3/V4 episode
 * of such a child fails. */
static void check_426(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    bool v3 = false, v4 = false;

    for (size_t i = 0; i < v->n_ep; i++) {
        v3 |= same_value(v->ep[i].ls, "V3");
        v4 |= same_value(v->ep[i].ls, "V4");
    }
    if (!v3 || !v4)
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].ls, RESPITE))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "LS");
}

/* 446: LS E1 (placement order) did not exist before 1 December 2005. */
static void check_446(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date limit = date_from_ymd(2005, 12, 1);

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (same_value(e->ls, "E1") && sr_date_ok(e->decom) && e->decom < limit)
            cla_rule_fail_col(ctx, v, e->row, "LS");
    }
}

/* ---- reason for new episode against the episode before -------------------------- */

/* 431: RNE S (started to be looked after) cannot follow an episode that ended
 * the same day.  DfE's wording is "ended on the same day"; the public
 * validator also fails an earlier DEC (overlap), which other rules report. */
static void check_431(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (same_value(e->rne, "S") && sr_date_ok(e->decom) && e->decom == v->ep[i - 1].dec)
            cla_rule_fail_other(ctx, v, e->row, "RNE", v->ep[i - 1].row);
    }
}

/* 432: after an episode ending care (REC an E code) the next RNE is S. */
static void check_432(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    static const char ended[] = "E2 E3 E4A E4B E5 E6 E7 E8 E9 E11 E12 E13 E14 E15 E16 E17 E41 E45 E46 E47 E48";

    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *prev = &v->ep[i - 1];
        if (prev->rec && cla_in(prev->rec, ended) && !same_value(e->rne, "S"))
            cla_rule_fail_other(ctx, v, e->row, "RNE", prev->row);
    }
}

/* 433: a continuation (RNE P L T U B) starts on the DEC of the episode
 * before; a blank or invalid date on either side fails too. */
static void check_433(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        sr_date prev_dec = v->ep[i - 1].dec;
        if (e->rne && cla_in(e->rne, "P L T U B") &&
            (!sr_date_ok(e->decom) || !sr_date_ok(prev_dec) || prev_dec != e->decom))
            cla_rule_fail_other(ctx, v, e->row, "RNE", v->ep[i - 1].row);
    }
}

/* 434: RNE L (legal status changed only): LS differs from the episode
 * before and the placement (PLACE, PL_POST, URN, PLACE_PROVIDER) does not. */
static void check_434(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *prev = &v->ep[i - 1];
        if (same_value(e->rne, "L") && (same_value(e->ls, prev->ls) || !same_placement(e, prev)))
            cla_rule_fail_other(ctx, v, e->row, "RNE", prev->row);
    }
}

/* 435: RNE P or T (placement changed only): LS as before and some placement
 * field different. */
static void check_435(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *prev = &v->ep[i - 1];
        if (e->rne && cla_in(e->rne, "P T") && (!same_value(e->ls, prev->ls) || same_placement(e, prev)))
            cla_rule_fail_other(ctx, v, e->row, "LS", prev->row);
    }
}

/* 436: RNE U or B (both changed): LS and some placement field different. */
static void check_436(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *prev = &v->ep[i - 1];
        if (e->rne && cla_in(e->rne, "U B") && (same_value(e->ls, prev->ls) || same_placement(e, prev)))
            cla_rule_fail_other(ctx, v, e->row, "RNE", prev->row);
    }
}

/* 437: after an episode ending in death (E2) or at 18 (E15) there are no
 * further episodes (later DECOM). */
static void check_437(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i + 1 < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->rec && cla_in(e->rec, "E2 E15") && sr_date_ok(e->decom) && sr_date_ok(v->ep[i + 1].decom))
            cla_rule_fail_other(ctx, v, e->row, "REC", v->ep[i + 1].row);
    }
}

/* ---- reviews ---------------------------------------------------------------------- */

/* Reviews whose REVIEW_CODE is in `codes` fail at DOB when the child was 4
 * or over at REVIEW (over = true) or under 4 (over = false).  DfE's "4 years
 * old or over" includes the 4th birthday (the public validator's 440 lets
 * that day pass).  The row's DOB, else the Header's. */
static void review_age(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *codes, bool over)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_REVIEWS, &n);
    for (size_t i = 0; i < n; i++) {
        const char *code = cla_row_value(rows[i], "REVIEW_CODE");
        sr_date dob = cla_row_date(rows[i], "DOB"), review = cla_row_date(rows[i], "REVIEW");
        if (!sr_date_ok(dob))
            dob = v->dob;
        if (code && cla_in(code, codes) && sr_date_ok(dob) && sr_date_ok(review) &&
            (review >= date_add_years(dob, 4)) == over)
            cla_rule_fail_col(ctx, v, rows[i], "DOB");
    }
}

/* 440: PN0 (child under 4) but the child was 4 or over. */
static void check_440(struct cla_rule_ctx *ctx, const struct cla_view *v) { review_age(ctx, v, "PN0", true); }
/* 441: PN1-PN7 (child 4 or over) but the child was under 4. */
static void check_441(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    review_age(ctx, v, "PN1 PN2 PN3 PN4 PN5 PN6 PN7", false);
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_370[] = {
    { .info = RULE("371", "Episodes",
                   "Child in supported accomodation not subject to children\u2019s homes regulations should be at least 16."),
      .check = check_371 },
    { .info = RULE("372", "Episodes", "Child in youth custody or prison should be at least 10."), .check = check_372 },
    { .info = RULE("373", "Episodes", "Child placed in a school should be at least 4 years old."), .check = check_373 },
    { .info = RULE("374", "Episodes", "Child in residential employment should be at least 14 years old."),
      .check = check_374 },
    { .info = RULE("375", "Episodes", "Hospitalisation coded as a temporary placement exceeds six weeks."),
      .check = check_375 },
    { .info = RULE("376", "Episodes",
                   "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks."),
      .check = check_376 },
    { .info = RULE("377", "Episodes",
                   "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period."),
      .check = check_377 },
    { .info = RULE("378", "Episodes",
                   "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989."),
      .check = check_378 },
    { .info = RULE("379", "Episodes",
                   "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days."),
      .check = check_379 },
    { .info = RULE("380", "Episodes", "A period of care cannot start with a temporary placement."),
      .check = check_380 },
    { .info = RULE("381", "Episodes", "A period of care cannot end with a temporary placement."), .check = check_381 },
    { .info = RULE("382", "Episodes", "A child receiving respite care cannot be in a temporary placement."),
      .check = check_382 },
    { .info = RULE("383", "Episodes",
                   "A child in a temporary placement must subsequently return to his/her normal placement."),
      .last_year = 2025, .check = check_383_old },
    { .info = RULE("383", "Episodes",
                   "A child in a temporary placement must subsequently return to his/her normal placement."),
      .first_year = 2026, .check = check_383 },
    { .info = RULE("384", "Episodes", "A child receiving respite care cannot be in a long-term foster placement"),
      .check = check_384 },
    { .info = RULE("385", "Episodes",
                   "Date episode ceased must be on or before the end of the current collection year."),
      .check = check_385 },
    { .info = RULE("386", "Episodes", "Reason episode ceased is adopted but child has reached age 18."),
      .check = check_386 },
    { .info = RULE("387", "Episodes",
                   "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14."),
      .check = check_387 },
    { .info = RULE("388", "Episodes",
                   "Reason episode ceased is coded new episode begins, but there is no continuation episode."),
      .check = check_388 },
    { .info = RULE("389", "Episodes",
                   "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16."),
      .check = check_389 },
    { .info = RULE("390", "Episodes",
                   "Reason episode ceased is adopted but child has not been previously placed for adoption."),
      .check = check_390 },
    { .info = RULE("391", "OC3", "Young person was not 17, 18, 19, 20 or 21 during the current collection year."),
      .check = check_391 },
    { .info = RULE("392a", "Episodes",
                   "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]"),
      .needs = CLA_NEEDS_POSTCODES, .check = check_392a },
    { .info = RULE("392b", "Episodes",
                   "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]"),
      .check = check_392b },
    { .info = RULE("392c", "Episodes", "Postcode(s) provided are invalid."),
      .covers = "Episodes.HOME_POST Episodes.PL_POST", .better_with = CLA_NEEDS_POSTCODES,
      .without = "postcodes checked for their format only, not looked up in the ONS postcode directory",
      .check = check_392c },
    { .info = RULE("392d", "Episodes", "Home and placement postcodes should not be same unless the placement type is P1."),
      .check = check_392d },
    { .info = RULE("393", "Header", "Child is looked after but mother field is not completed."), .check = check_393 },
    { .info = RULE("399", "Header",
                   "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4."),
      .check = check_399 },
    { .info = RULE("407", "Episodes",
                   "Reason episode ceased is Special Guardianship Order, but child has reached age 18."),
      .check = check_407 },
    { .info = RULE("408", "Episodes",
                   "Child is placed for adoption with a placement order, but no placement order has been recorded."),
      .check = check_408 },
    { .info = RULE("426", "Episodes",
                   "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year."),
      .check = check_426 },
    { .info = RULE("431", "Episodes",
                   "The reason for new episode is started to be looked after, but the previous episode ended on the same day."),
      .check = check_431 },
    { .info = RULE("432", "Episodes",
                   "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after."),
      .check = check_432 },
    { .info = RULE("433", "Episodes",
                   "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished."),
      .check = check_433 },
    { .info = RULE("434", "Episodes",
                   "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data."),
      .check = check_434 },
    { .info = RULE("435", "Episodes",
                   "Reason for new episode is that child\u2019s placement has changed but not the legal status, but this is not reflected in the episode data recorded."),
      .check = check_435 },
    { .info = RULE("436", "Episodes",
                   "Reason for new episode is that both child\u2019s placement and legal status have changed, but this is not reflected in the episode data."),
      .check = check_436 },
    { .info = RULE("437", "Episodes",
                   "Reason episode ceased is child has died or is aged 18 or over but there are further episodes."),
      .check = check_437 },
    { .info = RULE("440", "Reviews",
                   "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over."),
      .check = check_440 },
    { .info = RULE("441", "Reviews",
                   "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old."),
      .check = check_441 },
    { .info = RULE("442", "Header", "Unique Pupil Number (UPN) field is not completed."), .check = check_442 },
    { .info = RULE("444", "Header", "Duplicate UPN has been reported"), .first_year = 2026,
      .state_size = sizeof(struct upn_state), .accumulate = accumulate_444, .conclude = conclude_444,
      .release = release_444 },
    { .info = RULE("446", "Episodes", "E1 is not a valid code for episodes starting before December 2005."),
      .check = check_446 },
    { .info = RULE("460", "Episodes",
                   "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18."),
      .check = check_460 },
    { .info = { .code = NULL } },
};
