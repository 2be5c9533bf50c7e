/*
 * DfE SSDA903 rules: the 200 series and the 300 series to 367: placements,
 * URNs, reasons for placement change, dates and ages, UASC, adoption (AD1),
 * care leavers (OC3) and the short legal statuses (police protection, EPO,
 * CAO, PACE, respite).  Codes: 209 210 213 214 215 217 218 222 225 226 231
 * 232 233 234 301 302 303 304 331 333 334 335 336 344 345 347 348 351 352
 * 353 354 355 356 357 358 359 361 362 363 364 365 366 367.
 *
 * Every rule reads the child through its cla_view: episodes sorted by DECOM
 * (so "the previous episode" is v->ep[i - 1]), dates parsed once.  Ages are
 * birthdays computed with date_add_years, so "aged 10 on DECOM" is exact on
 * 29 February too.  Where the public validator departs from DfE's wording,
 * the rule says so and follows DfE.
 * See cla_rules.h for the interface.
 */
#include <string.h>

#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_rules.h"

/* Temporary placements (T0..T4): several rules exempt or single them out. */
#define TEMP_PLACES "T0 T1 T2 T3 T4"

/* The first episode with a valid DECOM (sorted: valid dates come first). */
static const struct cla_episode *first_dated(const struct cla_view *v)
{
    return v->n_ep && sr_date_ok(v->ep[0].decom) ? &v->ep[0] : NULL;
}

/* Whether the child's DOB is valid and `on` is before their `years`th
 * birthday (under that age on that date). */
static bool under_age_on(const struct cla_view *v, int years, sr_date on)
{
    return sr_date_ok(v->dob) && sr_date_ok(on) && on < date_add_years(v->dob, years);
}

/* A cell is given and is not "0" (OC3 ACTIV/ACCOM use 0 for "not applicable"). */
static bool given_not_zero(const char *s)
{
    return s && strcmp(s, "0") != 0;
}

static bool is_zero(const char *s)
{
    return s && strcmp(s, "0") == 0;
}

/* ---- Header: UPN, sex, DOB --------------------------------------------------- */

/* 209: a child of school age must not have UPN UN1.  DfE: fail when the
 * 4th birthday is on or before 31 August of the year before the collection
 * starts (2025-26: 31/08/2024). */
static void check_209(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date ref = date_from_ymd(v->env->year - 2, 8, 31);

    if (v->header && cla_in(cla_row_value(v->header, "UPN"), "UN1") && sr_date_ok(v->dob)
        && date_add_years(v->dob, 4) <= ref)
        cla_rule_fail_col(ctx, v, v->header, "UPN");
}

/* 210: UPN UN4 ("not yet obtained") is wrong for a child looked after over a
 * week at 31 March.  DfE: fail when UPN is UN4 and some episode starts on or
 * after 24 March of the collection year.  One finding per child, at UPN. */
static void check_210(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date ref = date_from_ymd(v->env->year, 3, 24);

    if (!v->header || !cla_in(cla_row_value(v->header, "UPN"), "UN4"))
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        if (sr_date_ok(v->ep[i].decom) && v->ep[i].decom >= ref) {
            cla_rule_fail_col(ctx, v, v->header, "UPN");
            return;
        }
}

/* 231 (a DfE query in spirit, reported as an error like every 903 rule):
 * a UASC child is expected to be 11 or older at the end of the year.  DfE:
 * if UASC = 1 then DOB must be on or before the collection end date less 11
 * years.  The public validator reads a column that does not exist
 * (UASC_STATUS) and crashes; here UASC = 1 is the child's UASC row (CSV: a
 * row in the UASC file; XML: the UASC flag). */
static void check_231(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->header && cla_view_row(v, CLA_UASC) && sr_date_ok(v->dob)
        && v->dob > date_add_years(v->env->period_end, -11))
        cla_rule_fail_col(ctx, v, v->header, "DOB");
}

/* 232: sex reported as U (unknown), valid from 2024-25 but to be queried. */
static void check_232(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->header && cla_in(v->sex, "U"))
        cla_rule_fail_col(ctx, v, v->header, "SEX");
}

/* 301: DOB after the end of the collection year (31 March). */
static void check_301(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->header && sr_date_ok(v->dob) && v->dob > v->env->period_end)
        cla_rule_fail_col(ctx, v, v->header, "DOB");
}

/* 351: child over 25 at the start of the year: 1 April after the 25th
 * birthday.  The public validator still tests 21, the age before DfE moved
 * it; DfE's message says 25. */
static void check_351(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->header && sr_date_ok(v->dob) && v->env->period_start > date_add_years(v->dob, 25))
        cla_rule_fail_col(ctx, v, v->header, "DOB");
}

/* ---- UASC ---------------------------------------------------------------------- */

/* 304: DUC must be on or before the 18th birthday. */
static void check_304(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *u = cla_view_row(v, CLA_UASC);
    sr_date duc;

    if (!u || !sr_date_ok(v->dob))
        return;
    duc = cla_row_date(u, "DUC");
    if (sr_date_ok(duc) && duc > date_add_years(v->dob, 18))
        cla_rule_fail_col(ctx, v, u, "DUC");
}

/* 303: a DUC says the child was UASC, so the UASC flag must be 1.  In a CSV
 * return the UASC row is the flag (cla_uasc_flag), so only an XML document
 * (HEADER/UASC 0 or blank beside a DUC) can fail. */
static void check_303(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *u = cla_view_row(v, CLA_UASC);

    if (u && cla_row_value(u, "DUC") && !cla_in(cla_uasc_flag(v), "1"))
        cla_rule_fail_col(ctx, v, u, "DUC");
}

/* ---- Episodes: placement provider, URN, postcodes ------------------------------- */

/* 213: no placement provider for a temporary placement (2024-25: T0..T4;
 * from 2025-26 also the new Z11..Z14). */
static void fail_provider_for(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *places)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (v->ep[i].place_provider && cla_in(v->ep[i].place, places))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "PLACE_PROVIDER");
}

static void check_213_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_provider_for(ctx, v, TEMP_PLACES);
}

static void check_213(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_provider_for(ctx, v, TEMP_PLACES " Z11 Z12 Z13 Z14");
}

/* 214: no placement postcode or URN for respite (LS V3/V4). */
static void check_214(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->ls, "V3 V4") && (e->pl_post || e->urn))
            cla_rule_fail_col(ctx, v, e->row, e->pl_post ? "PL_POST" : "URN");
    }
}

/* 218: a URN is required for a placement open on or after 1 April, unless
 * the placement type needs none or the placement is outside England.  DfE
 * tests PL_LA (CON, NIR, SCO, WAL, NUK), which councils do not submit: it
 * is derived from PL_POST through the postcode directory (a local
 * authority code not starting with E is outside England), so the rule needs
 * --postcodes.  A PL_POST the directory does not know counts as England, as
 * in the public validator. */
static void fail_missing_urn(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *exempt)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_postcode *pc;

        if (e->urn || cla_in(e->place, exempt))
            continue;
        if (e->dec != SR_DATE_NONE && !(sr_date_ok(e->dec) && e->dec >= v->env->period_start))
            continue;
        pc = e->pl_post ? cla_ref_postcode(v->env->ref, e->pl_post) : NULL;
        if (pc && pc->la && pc->la[0] != 'E')
            continue;
        cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

static void check_218_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_missing_urn(ctx, v, "P1 P3 R1 R2 R5 " TEMP_PLACES " Z1");
}

static void check_218(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_missing_urn(ctx, v, "P1 P3 R1 R2 R5 " TEMP_PLACES " Z11 Z12 Z13 Z14");
}

/* 222: no URN (other than DfE's "no URN" value) for placement types that
 * are not Ofsted-registered (2024-25 list with Z1; 2025-26 with Z11..Z14). */
static void fail_urn_for(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *places)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_urn_given(e->urn) && cla_in(e->place, places))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

static void check_222_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_urn_for(ctx, v, "P1 P3 R1 R2 R5 " TEMP_PLACES " Z1");
}

static void check_222(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_urn_for(ctx, v, "P1 P3 R1 R2 R5 " TEMP_PLACES " Z11 Z12 Z13 Z14");
}

/* ---- Episodes: RNE, reasons for placement change ------------------------------- */

/* 217: placed for adoption with current foster carers (A3/A5) from 1 April
 * 2015 needs RNE S, T or U. */
static void check_217(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date from = date_from_ymd(2015, 4, 1);

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->place, "A3 A5") && sr_date_ok(e->decom) && e->decom >= from
            && !cla_in(e->rne, "S T U"))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 225: an episode that ends with X1 and is followed by a change of placement
 * (next RNE P, B, T or U), neither being temporary, needs a reason for the
 * change. */
static void check_225(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i + 1 < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i], *next = &v->ep[i + 1];
        if (cla_in(e->rec, "X1") && !e->reason_place_change && !cla_in(e->place, TEMP_PLACES)
            && cla_in(next->rne, "P B T U") && !cla_in(next->place, TEMP_PLACES))
            cla_rule_fail_col(ctx, v, e->row, "REASON_PLACE_CHANGE");
    }
}

/* 226: a temporary placement (T0..T4) has no reason for placement change,
 * neither on itself nor on the episode before it.  Same logic both years;
 * the message changed in 2025-26. */
static void check_226(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->place, TEMP_PLACES)
            && (e->reason_place_change || (i > 0 && v->ep[i - 1].reason_place_change)))
            cla_rule_fail_col(ctx, v, e->row, "REASON_PLACE_CHANGE");
    }
}

/* 233 (new in 2025-26): no reason for placement change on an episode that
 * has not ceased.  DfE names DATE_EPISODE_CEASED, which is DEC; the public
 * validator reads that non-existent column.  A DEC that is present but
 * invalid counts as ceased (147 reports it). */
static void check_233(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->dec == SR_DATE_NONE && e->reason_place_change)
            cla_rule_fail_col(ctx, v, e->row, "REASON_PLACE_CHANGE");
    }
}

/* 234 (new in 2025-26): a child under 10 cannot move placement because of
 * custody.  DfE: if DECOM < DOB + 10 years then the PREVIOUS episode's
 * REASON_PLACE_CHANGE cannot be CUSTOD (the reason sits on the episode that
 * ended).  The public validator tests the episode's own reason; we follow
 * DfE and report the previous episode's reason. */
static void check_234(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++) {
        const struct cla_episode *prev = &v->ep[i - 1];
        if (cla_in(prev->reason_place_change, "CUSTOD") && under_age_on(v, 10, v->ep[i].decom))
            cla_rule_fail_col(ctx, v, prev->row, "REASON_PLACE_CHANGE");
    }
}

/* ---- Episodes: dates and ages --------------------------------------------------- */

/* 302: the first episode starts before the child was born. */
static void check_302(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *e = first_dated(v);

    if (e && sr_date_ok(v->dob) && e->decom < v->dob)
        cla_rule_fail_col(ctx, v, e->row, "DECOM");
}

/* 352: a period of care (RNE S) started on or after the 18th birthday. */
static void check_352(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->rne, "S") && sr_date_ok(e->decom) && sr_date_ok(v->dob)
            && e->decom >= date_add_years(v->dob, 18))
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* 353: no episode starts before 14 October 1991 (the Children Act 1989). */
static void check_353(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date act = date_from_ymd(1991, 10, 14);

    for (size_t i = 0; i < v->n_ep; i++)
        if (sr_date_ok(v->ep[i].decom) && v->ep[i].decom < act)
            cla_rule_fail_col(ctx, v, v->ep[i].row, "DECOM");
}

/* 354: episode dates must be on or before 31 March.  DfE's message speaks of
 * the date ceased; its affected field (and the public validator) is DECOM.
 * Both are checked, one finding per episode at the first late date. */
static void check_354(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date end = v->env->period_end;

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && e->decom > end)
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
        else if (sr_date_ok(e->dec) && e->dec > end)
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* 355: an episode that starts and ends on the same day. */
static void check_355(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && e->dec == e->decom)
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* 356: an episode that ends before it starts. */
static void check_356(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && sr_date_ok(e->dec) && e->dec < e->decom)
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* Whether last year's return has an episode of this child ending on d (the
 * episode immediately before one starting on d). */
static bool previous_ends_on(const struct cla_view *v, sr_date d)
{
    const struct cla_view *p = v->previous;

    for (size_t i = 0; p && i < p->n_ep; i++)
        if (p->ep[i].dec == d)
            return true;
    return false;
}

/* 357: the child's first episode, when it starts in the year, must have RNE
 * S.  An episode immediately preceded by one in last year's return (given
 * with --previous) is not the first ever. */
static void check_357(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *e = first_dated(v);

    if (e && e->decom >= v->env->period_start && !cla_in(e->rne, "S") && !previous_ends_on(v, e->decom))
        cla_rule_fail_col(ctx, v, e->row, "RNE");
}

/* 358: legal status J1/J2/J3 (remand, PACE, criminal supervision) needs the
 * child to be 10 at DECOM.  DfE: DOB <= DECOM - 10 years, so the 10th
 * birthday passes; the public validator also fails on the birthday. */
static void check_358(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->ls, "J1 J2 J3") && under_age_on(v, 10, e->decom))
            cla_rule_fail_col(ctx, v, e->row, "DECOM");
    }
}

/* 359: looked after (open episode) after an 18th birthday that falls before
 * 31 March needs LS V2 in placement K2 (section 20(5), community home). */
static void check_359(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (!sr_date_ok(v->dob) || date_add_years(v->dob, 18) >= v->env->period_end)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->dec == SR_DATE_NONE && !(cla_in(e->ls, "V2") && cla_in(e->place, "K2")))
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* ---- Episodes: short legal statuses --------------------------------------------- */

/* The end of an episode for a duration: DEC, or 31 March when open;
 * SR_DATE_INVALID when DEC is not a valid date. */
static sr_date end_or_year_end(const struct cla_view *v, const struct cla_episode *e)
{
    if (e->dec == SR_DATE_NONE)
        return v->env->period_end;
    return sr_date_ok(e->dec) ? e->dec : SR_DATE_INVALID;
}

/* 361-364: an order with a legal maximum.  Consecutive episodes with legal
 * status `ls` (each starting on the DEC of the one before) are one spell;
 * a spell longer than max_days (last DEC, or 31 March when open, minus the
 * first DECOM) fails every episode in it, at `column`. */
static void fail_long_spells(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *ls,
                             int max_days, const char *column)
{
    size_t i = 0;

    while (i < v->n_ep) {
        size_t j = i;
        sr_date end;

        if (!cla_in(v->ep[i].ls, ls) || !sr_date_ok(v->ep[i].decom)) {
            i++;
            continue;
        }
        while (j + 1 < v->n_ep && cla_in(v->ep[j + 1].ls, ls) && sr_date_ok(v->ep[j].dec)
               && v->ep[j + 1].decom == v->ep[j].dec)
            j++;
        end = end_or_year_end(v, &v->ep[j]);
        if (sr_date_ok(end) && end - v->ep[i].decom > max_days)
            for (size_t k = i; k <= j; k++)
                cla_rule_fail_col(ctx, v, v->ep[k].row, column);
        i = j + 1;
    }
}

/* 361: police protection (L1) over 72 hours: more than 3 days. */
static void check_361(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_long_spells(ctx, v, "L1", 3, "DECOM");
}

/* 362: emergency protection order (L2) over 21 days. */
static void check_362(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_long_spells(ctx, v, "L2", 21, "DECOM");
}

/* 363: child assessment order (L3) over 7 days. */
static void check_363(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_long_spells(ctx, v, "L3", 7, "LS");
}

/* 364: PACE detention (J2) over 21 days. */
static void check_364(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    fail_long_spells(ctx, v, "J2", 21, "LS");
}

/* 365: a single respite episode (V3) over 17 days (open: to 31 March).  The
 * public validator writes the year end into shared DEC cells as it goes;
 * here nothing is changed. */
static void check_365(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        sr_date end;

        if (!cla_in(e->ls, "V3") || !sr_date_ok(e->decom))
            continue;
        end = end_or_year_end(v, e);
        if (sr_date_ok(end) && end - e->decom > 17)
            cla_rule_fail_col(ctx, v, e->row, "LS");
    }
}

/* 366: a respite episode (V3) must start a period of care (RNE S). */
static void check_366(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].ls, "V3") && !cla_in(v->ep[i].rne, "S"))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "RNE");
}

/* Days of episode e inside the collection year (0 when none or unknown). */
static int days_in_year(const struct cla_view *v, const struct cla_episode *e)
{
    sr_date from = e->decom, to = end_or_year_end(v, e);

    if (!sr_date_ok(from) || !sr_date_ok(to))
        return 0;
    if (from < v->env->period_start)
        from = v->env->period_start;
    if (to > v->env->period_end)
        to = v->env->period_end;
    return to > from ? (int)(to - from) : 0;
}

/* 367: respite (V3) over 75 days in the year, counted within 1 April .. 31
 * March; every respite episode that counts fails. */
static void check_367(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    long total = 0;

    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].ls, "V3"))
            total += days_in_year(v, &v->ep[i]);
    if (total <= 75)
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].ls, "V3") && days_in_year(v, &v->ep[i]) > 0)
            cla_rule_fail_col(ctx, v, v->ep[i].row, "LS");
}

/* ---- Adoption (AD1) ------------------------------------------------------------- */

/* 331: DATE_MATCH after the DECOM of an episode ending in adoption (REC E11
 * or E12).  One finding at DATE_MATCH. */
static void check_331(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date match;

    if (!ad || !sr_date_ok(match = cla_row_date(ad, "DATE_MATCH")))
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        if (cla_in(v->ep[i].rec, "E11 E12") && sr_date_ok(v->ep[i].decom) && match > v->ep[i].decom) {
            cla_rule_fail_col(ctx, v, ad, "DATE_MATCH");
            return;
        }
}

/* 333: with DATE_MATCH given, DATE_INT must be given and on or before it. */
static void check_333(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date match, intd;

    if (!ad || !sr_date_ok(match = cla_row_date(ad, "DATE_MATCH")))
        return;
    intd = cla_row_date(ad, "DATE_INT");
    if (intd == SR_DATE_NONE || (sr_date_ok(intd) && intd > match))
        cla_rule_fail_col(ctx, v, ad, "DATE_INT");
}

/* 334: DATE_INT before the start of the latest period of care (the last
 * episode with RNE S). */
static void check_334(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    sr_date intd;

    if (!ad || !sr_date_ok(intd = cla_row_date(ad, "DATE_INT")))
        return;
    for (size_t i = v->n_ep; i-- > 0;)
        if (cla_in(v->ep[i].rne, "S") && sr_date_ok(v->ep[i].decom)) {
            if (intd < v->ep[i].decom)
                cla_rule_fail_col(ctx, v, ad, "DATE_INT");
            return;
        }
}

/* 335: FOSTER_CARE must agree with the placement of an episode ending in
 * adoption (REC E1, E11, E12): 0 with A2/A3/A5 or 1 with A1/A4/A6 fails. */
static void check_335(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad = cla_view_row(v, CLA_AD1);
    const char *fc = ad ? cla_row_value(ad, "FOSTER_CARE") : NULL;

    if (!fc)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!cla_in(e->rec, "E1 E11 E12"))
            continue;
        if ((cla_in(fc, "0") && cla_in(e->place, "A2 A3 A5")) || (cla_in(fc, "1") && cla_in(e->place, "A1 A4 A6")))
            cla_rule_fail_col(ctx, v, e->row, "PLACE");
    }
}

/* 336: placed for adoption with current foster carers (A3/A5, as DfE says;
 * the public validator tests A3/A4) must follow a foster or adoption
 * placement (A3..A6, U1..U6).  The first episode has nothing before it. */
static void check_336(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 1; i < v->n_ep; i++)
        if (cla_in(v->ep[i].place, "A3 A5")
            && !cla_in(v->ep[i - 1].place, "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6"))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "PLACE");
}

/* ---- Care leavers (OC2/OC3) ----------------------------------------------------- */

static const char *const oc2_items[] = {
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
};

/* 215: care leaver data (OC3) and the 12-month data (OC2) are exclusive. */
static void check_215(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3), *oc2 = cla_view_row(v, CLA_OC2);
    bool any = false;

    if (!oc3 || !oc2)
        return;
    if (!cla_row_value(oc3, "IN_TOUCH") && !cla_row_value(oc3, "ACTIV") && !cla_row_value(oc3, "ACCOM"))
        return;
    for (size_t k = 0; k < sizeof oc2_items / sizeof oc2_items[0] && !any; k++)
        any = cla_row_value(oc2, oc2_items[k]) != NULL;
    if (any)
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 344: died or returned home (IN_TOUCH DIED/RHOM): activity and
 * accommodation must be 0.  A blank is not "completed" (left to 132/133). */
static void check_344(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3);

    if (oc3 && cla_in(cla_row_value(oc3, "IN_TOUCH"), "DIED RHOM")
        && (given_not_zero(cla_row_value(oc3, "ACTIV")) || given_not_zero(cla_row_value(oc3, "ACCOM"))))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 345: in touch (YES): activity and accommodation must not be 0. */
static void check_345(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3);

    if (oc3 && cla_in(cla_row_value(oc3, "IN_TOUCH"), "YES")
        && (is_zero(cla_row_value(oc3, "ACTIV")) || is_zero(cla_row_value(oc3, "ACCOM"))))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 347: a care leaver under 18 on 1 April cannot be in a Foyer.  DfE writes
 * ACCOM = 'T'; the codes are T1/T2 (Foyer, suitable/unsuitable), so any
 * ACCOM starting with T is a Foyer (the public validator compares with "T"
 * and never fires). */
static void check_347(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3);
    const char *accom = oc3 ? cla_row_value(oc3, "ACCOM") : NULL;

    if (accom && accom[0] == 'T' && under_age_on(v, 18, v->env->period_start))
        cla_rule_fail_col(ctx, v, oc3, "ACCOM");
}

/* 348 (new in 2025-26): reported as died last year (OC3 IN_TOUCH DIED) but
 * not this year. */
static void check_348(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3), *last;

    if (!oc3 || !v->previous || !(last = cla_view_row(v->previous, CLA_OC3)))
        return;
    if (cla_in(cla_row_value(last, "IN_TOUCH"), "DIED") && !cla_in(cla_row_value(oc3, "IN_TOUCH"), "DIED"))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_200[] = {
    { .info = RULE("209", "Header", "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1."),
      .check = check_209 },
    { .info = RULE("210", "Header", "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4."),
      .check = check_210 },
    { .info = RULE("213", "Episodes", "Placement provider information not required."),
      .last_year = 2025, .check = check_213_2025 },
    { .info = RULE("213", "Episodes", "Placement provider information not required."),
      .first_year = 2026, .check = check_213 },
    { .info = RULE("214", "Episodes", "Placement location information not required."),
      .check = check_214 },
    { .info = RULE("215", "OC3", "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed."),
      .check = check_215 },
    { .info = RULE("217", "Episodes", "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U."),
      .check = check_217 },
    { .info = RULE("218", "Episodes", "Ofsted Unique reference number (URN) is required."),
      .last_year = 2025, .needs = CLA_NEEDS_POSTCODES, .check = check_218_2025 },
    { .info = RULE("218", "Episodes", "Ofsted Unique reference number (URN) is required."),
      .first_year = 2026, .needs = CLA_NEEDS_POSTCODES, .check = check_218 },
    { .info = RULE("222", "Episodes", "Ofsted Unique reference number (URN) should not be recorded for this placement type."),
      .last_year = 2025, .check = check_222_2025 },
    { .info = RULE("222", "Episodes", "Ofsted Unique reference number (URN) should not be recorded for this placement type."),
      .first_year = 2026, .check = check_222 },
    { .info = RULE("225", "Episodes", "Reason for placement change must be recorded."),
      .check = check_225 },
    { .info = RULE("226", "Episodes", "Reason for placement change is not required."),
      .last_year = 2025, .check = check_226 },
    { .info = RULE("226", "Episodes", "Reason for placement change is not required for temporary placements."),
      .first_year = 2026, .check = check_226 },
    { .info = RULE("231", "Header", "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request."),
      .first_year = 2025, .check = check_231 },
    { .info = RULE("232", "Header", "Sex of the child/young person has been reported as unknown."),
      .first_year = 2025, .check = check_232 },
    { .info = RULE("233", "Episodes", "Reason for placement change is not required when the episode has not ceased."),
      .first_year = 2026, .check = check_233 },
    { .info = RULE("234", "Episodes", "A child aged under 10 can not change placement due to being admitted to custody"),
      .first_year = 2026, .check = check_234 },
    { .info = RULE("301", "Header", "Date of birth falls after the year ended."),
      .check = check_301 },
    { .info = RULE("302", "Episodes", "First episode starts before child was born."),
      .check = check_302 },
    { .info = RULE("303", "UASC",
                   "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must "
                   "be coded 1."),
      .check = check_303 },
    { .info = RULE("304", "UASC", "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child."),
      .check = check_304 },
    { .info = RULE("331", "AD1", "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption."),
      .check = check_331 },
    { .info = RULE("333", "AD1", "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s)."),
      .check = check_333 },
    { .info = RULE("334", "AD1", "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption."),
      .check = check_334 },
    { .info = RULE("335", "Episodes", "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6."),
      .check = check_335 },
    { .info = RULE("336", "Episodes", "Child does not have a foster placement immediately prior to being placed for adoption."),
      .check = check_336 },
    { .info = RULE("344", "OC3", "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed."),
      .check = check_344 },
    { .info = RULE("345", "OC3", "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero."),
      .check = check_345 },
    { .info = RULE("347", "OC3", "Care leavers aged under 18 years, can not be accommodated in a Foyer."),
      .check = check_347 },
    { .info = RULE("348", "OC3", "Care leaver has previously been reported as having died."),
      .first_year = 2026, .needs = CLA_NEEDS_PREVIOUS, .check = check_348 },
    { .info = RULE("351", "Header", "Child was over 25 at the start of the current collection year."),
      .check = check_351 },
    { .info = RULE("352", "Episodes", "Child who started to be looked after was aged 18 or over."),
      .check = check_352 },
    { .info = RULE("353", "Episodes", "No episode submitted can start before 14 October 1991."),
      .check = check_353 },
    { .info = RULE("354", "Episodes", "Date episode ceased must be on or before the end of the current collection year."),
      .check = check_354 },
    { .info = RULE("355", "Episodes", "Episode appears to have lasted for less than 24 hours"),
      .check = check_355 },
    { .info = RULE("356", "Episodes", "The date the episode ceased is before the date the same episode started."),
      .check = check_356 },
    { .info = RULE("357", "Episodes", "If this is the first episode ever for this child, reason for new episode must be S. Check whether there is an episode immediately preceding this one, which has been left out. If not the reason for new episode code must be amended to S."),
      .check = check_357 },
    { .info = RULE("358", "Episodes", "Child with this legal status should not be under 10."),
      .check = check_358 },
    { .info = RULE("359", "Episodes", "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home."),
      .check = check_359 },
    { .info = RULE("361", "Episodes", "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989."),
      .check = check_361 },
    { .info = RULE("362", "Episodes", "Emergency protection order (EPO) lasted longer than 21 days"),
      .check = check_362 },
    { .info = RULE("363", "Episodes", "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989."),
      .check = check_363 },
    { .info = RULE("364", "Episodes", "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation."),
      .check = check_364 },
    { .info = RULE("365", "Episodes", "Any individual short- term respite placement must not exceed 17 days."),
      .check = check_365 },
    { .info = RULE("366", "Episodes", "A child cannot change placement during the course of an individual short-term respite break."),
      .check = check_366 },
    { .info = RULE("367", "Episodes", "The maximum amount of respite care allowable is 75 days in any 12-month period."),
      .check = check_367 },
    { .info = { .code = NULL } },
};
