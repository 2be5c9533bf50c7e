/*
 * DfE SSDA903 rules that need reference data: the Ofsted provider list
 * (--providers: 219 221 224 227 228 229 241 242 1008) and the postcode
 * directory (--postcodes: 164 169 179 241 243 406 411 420 452 453 454 503G
 * 503H 503J 1015), plus 398, which needs only the postcodes submitted.
 *
 * DfE amended the 2025-26 rules in spring 2026 (notes/collection_2027.md
 * section 2.4), and the amendments carry into 2026-27: 241, 242 and 243
 * are new, 229 and 1015 leave out more placement types.  They are in force
 * from 2026 (the 2025-26 layer) with no end, so 2026-27 inherits them;
 * 2024-25 keeps the earlier 229 and 1015.
 *
 * PL_DISTANCE, PL_LA and PL_LOCATION are not submitted: DfE derives them
 * from HOME_POST and PL_POST (cla_ref_derive, notes/ssda903.md section 6).
 * So where DfE says such a field is "provided" or "completed" we read
 * "derivable from the postcodes submitted": for 398 (V3/V4) the distance is
 * provided once HOME_POST or PL_POST is given (no directory needed, as its
 * affected fields say); for 406 (UASC) once both are given and known, so a
 * number is calculated; the placement LA once PL_POST is a known postcode.  A finding on a derived
 * field is reported at the submitted postcode it comes from (PL_POST, or
 * HOME_POST when that is the one not found), since the return has no such
 * column.
 *
 * URN rules: a URN that is blank or DfE's "no URN" value is not checked;
 * a URN not in the list is rule 1008's finding only, so the other URN rules
 * look at known providers only, and skip a check whose reference value the
 * list does not give (placement codes, postcode, LA), rather than report
 * the list's gap as the council's error.  The public validator reports
 * those; DfE's wording ("must = URN lookup ...") presumes a value exists.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_rules.h"

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

/* ---- shared helpers ------------------------------------------------------------ */

static bool short_breaks(const struct cla_episode *e)
{
    return cla_in(e->ls, "V3 V4");
}

/* The episode's derived fields: worked out once by the engine (these
 * rules all need --postcodes, so they are always there). */
static void derive(const struct cla_view *v, const struct cla_episode *e, struct cla_derived *d)
{
    (void)v;
    *d = e->derived;
}

/* The distance in tenths of a mile (so differences compare exactly);
 * -1 when not provided or not valid. */
static long tenths(const struct cla_derived *d)
{
    return d->has_distance && d->distance >= 0.0 ? lround(d->distance * 10.0) : -1;
}

/* The URN to look up: NULL when blank or DfE's "no URN" value. */
static const char *urn_of(const struct cla_episode *e)
{
    return cla_urn_given(e->urn) ? e->urn : NULL;
}

static const struct cla_provider *provider_of(const struct cla_view *v, const struct cla_episode *e)
{
    const char *urn = urn_of(e);
    return urn ? cla_ref_provider(v->env->ref, urn) : NULL;
}

/* Both RNE given and equal (a blank matches nothing, as in DfE's join). */
static bool same_rne(const struct cla_episode *a, const struct cla_episode *b)
{
    return a->rne && b->rne && !strcmp(a->rne, b->rne);
}

/* The first episode of this year (earliest valid DECOM) and the last of
 * last year (latest valid DECOM) when last year's is open (DEC blank);
 * false when the child has not both. */
static bool carried_over(const struct cla_view *v, const struct cla_episode **now,
                         const struct cla_episode **last)
{
    const struct cla_view *p = v->previous;

    if (!p || !v->n_ep || !sr_date_ok(v->ep[0].decom))
        return false;
    for (size_t i = p->n_ep; i-- > 0;)
        if (sr_date_ok(p->ep[i].decom)) {
            *now = &v->ep[0];
            *last = &p->ep[i];
            return p->ep[i].dec == SR_DATE_NONE;
        }
    return false;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* ---- derived distance ---------------------------------------------------------- */

/* 164: the distance must be 0.0-999.9 (not UASC / formerly UASC, not V3/V4).
 * A derived distance is out of range only when a postcode given is not in
 * the directory ("check a valid postcode has been entered"); reported at
 * that postcode. */
static void check_164(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (cla_uasc_ever(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (short_breaks(e))
            continue;
        derive(v, e, &d);
        if (d.has_distance && (d.distance < 0.0 || d.distance > 999.9)) {
            bool home_bad = e->home_post && !cla_ref_lookup_postcode(v->env->ref, e->home_post,
                                                                     &(struct cla_postcode){ 0 });
            cla_rule_fail_col(ctx, v, e->row, home_bad ? "HOME_POST" : "PL_POST");
        }
    }
}

/* 398: no distance for V3/V4 short breaks: neither HOME_POST nor PL_POST
 * given.  Needs no directory: the distance is there to derive once either
 * is given. */
static void check_398(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (short_breaks(e) && (e->home_post || e->pl_post))
            cla_rule_fail_col(ctx, v, e->row, "LS");
    }
}

/* 406: no distance for a child who is or was UASC.  Postcodes are allowed
 * for them (392b only stops requiring them), and DfE derives the distance
 * "in most instances": so we report a distance DfE would actually
 * calculate, both postcodes given and in the directory (reported at
 * HOME_POST), not the 999.9 stand-in for a missing postcode. */
static void check_406(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (!cla_uasc_ever(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (!e->home_post || !e->pl_post)
            continue;
        derive(v, e, &d);
        if (tenths(&d) >= 0)
            cla_rule_fail_col(ctx, v, e->row, "HOME_POST");
    }
}

/* 454 (from 2025-26): a distance given and not 999.9 must be at most 350
 * miles. */
static void check_454(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        long t;
        derive(v, e, &d);
        t = tenths(&d);
        if (t > 3500 && t != 9999)
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* ---- derived LA and location --------------------------------------------------- */

/* 169: PL_LA must be derivable (PL_POST a known postcode) except for
 * V3/V4 short breaks. */
static void check_169(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (short_breaks(e))
            continue;
        derive(v, e, &d);
        if (!d.pl_la)
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 179: PL_LOCATION must be IN or OUT except for V3/V4; derived, it is
 * missing exactly when PL_LA is (needs the council's LA as well). */
static void check_179(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (short_breaks(e))
            continue;
        derive(v, e, &d);
        if (!d.pl_location)
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 411: PL_LOCATION IN needs PL_LA to be the council's own LA.  Both are
 * derived here from the same lookup, so they cannot disagree: kept for
 * completeness (a check on the derivation). */
static void check_411(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        derive(v, e, &d);
        if (d.pl_location && !strcmp(d.pl_location, "IN") && (!d.pl_la || strcasecmp(d.pl_la, v->env->la)))
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 420: no PL_LA for V3/V4 short breaks: PL_POST must not be a known
 * postcode. */
static void check_420(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (!short_breaks(e))
            continue;
        derive(v, e, &d);
        if (d.pl_la)
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 1015: own provision (PR1) must be in the council's own LA, except the
 * placements of `exempt` and V3/V4; LS and PLACE given.  An underivable
 * PL_LA is not the own LA. */
static void own_provision_in_own_la(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *exempt)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (!e->ls || !e->place || short_breaks(e) || !cla_in(e->place_provider, "PR1") || cla_in(e->place, exempt))
            continue;
        derive(v, e, &d);
        if (!d.pl_location || strcmp(d.pl_location, "IN"))
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 1015 until 2024-25: fostering and adoption placements (A3-A6, U1-U6)
 * are exempt. */
static void check_1015_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    own_provision_in_own_la(ctx, v, "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6");
}

/* 1015 from 2025-26 (DfE's amendment): supported accommodation (K3) too,
 * whose own provision may well lie outside the council's area. */
static void check_1015(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    own_provision_in_own_la(ctx, v, "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6 K3");
}

/* ---- against last year's open episode ------------------------------------------ */

/* 452: first episode this year continuing last year's open last episode
 * with the same RNE: PL_LA must not change. */
static void check_452(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *now, *last;
    struct cla_derived a, b;

    if (!carried_over(v, &now, &last) || !same_rne(now, last))
        return;
    derive(v, now, &a);
    derive(v, last, &b);
    if (!same_str(a.pl_la, b.pl_la))
        cla_rule_fail_col(ctx, v, now->row, "PL_POST");
}

/* 453: the same, the distance must not change by 0.2 miles or more (both
 * known). */
static void check_453(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *now, *last;
    struct cla_derived a, b;

    if (!carried_over(v, &now, &last) || !same_rne(now, last))
        return;
    derive(v, now, &a);
    derive(v, last, &b);
    if (tenths(&a) >= 0 && tenths(&b) >= 0 && labs(tenths(&a) - tenths(&b)) >= 2)
        cla_rule_fail_col(ctx, v, now->row, "PL_POST");
}

/* 503G: first episode this year against last year's open last episode
 * (whatever the RNE): the distance must not change by 0.2 or more. */
static void check_503G(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *now, *last;
    struct cla_derived a, b;

    if (!carried_over(v, &now, &last))
        return;
    derive(v, now, &a);
    derive(v, last, &b);
    if (tenths(&a) >= 0 && tenths(&b) >= 0 && labs(tenths(&a) - tenths(&b)) >= 2)
        cla_rule_fail_col(ctx, v, now->row, "PL_POST");
}

/* 503H: the same for PL_LA (must be equal; both blank is equal). */
static void check_503H(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *now, *last;
    struct cla_derived a, b;

    if (!carried_over(v, &now, &last))
        return;
    derive(v, now, &a);
    derive(v, last, &b);
    if (!same_str(a.pl_la, b.pl_la))
        cla_rule_fail_col(ctx, v, now->row, "PL_POST");
}

/* 503J: the same for PL_LOCATION. */
static void check_503J(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *now, *last;
    struct cla_derived a, b;

    if (!carried_over(v, &now, &last))
        return;
    derive(v, now, &a);
    derive(v, last, &b);
    if (!same_str(a.pl_location, b.pl_location))
        cla_rule_fail_col(ctx, v, now->row, "PL_POST");
}

/* ---- Ofsted URN ---------------------------------------------------------------- */

/* 1008: a URN given (not DfE's "no URN" value) must be in Ofsted's list. */
static void check_1008(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (urn_of(e) && !provider_of(v, e))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 219: PLACE must be one of the provider's placement codes. */
static void check_219(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p = provider_of(v, e);
        if (p && p->places && !cla_in(e->place, p->places))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 221 (from 2024-25): for K1, K2, K3, R3, S1 placements (not V3/V4) with
 * PL_POST given, PL_POST must be the provider's postcode.  DfE lists K3;
 * the public validator leaves it out: we follow DfE. */
static void check_221(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p;
        if (!e->pl_post || short_breaks(e) || !cla_in(e->place, "K1 K2 K3 R3 S1"))
            continue;
        p = provider_of(v, e);
        if (p && p->postcode && !cla_same_postcode(e->pl_post, p->postcode))
            cla_rule_fail_col(ctx, v, e->row, "PL_POST");
    }
}

/* 224: PLACE_PROVIDER must be one of the provider's codes (a blank
 * PLACE_PROVIDER is left to the column's own checks). */
static void check_224(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p = provider_of(v, e);
        if (p && p->place_provider && e->place_provider && !cla_in(e->place_provider, p->place_provider))
            cla_rule_fail_col(ctx, v, e->row, "PLACE_PROVIDER");
    }
}

/* 227: the episode must start before the provider's registration ended. */
static void check_227(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p = provider_of(v, e);
        if (p && sr_date_ok(p->reg_end) && sr_date_ok(e->decom) && e->decom >= p->reg_end)
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 228: the episode must end on or before the registration end; an open
 * episode needs the provider registered to 31 March. */
static void check_228(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p = provider_of(v, e);
        sr_date end;
        if (!p || !sr_date_ok(p->reg_end) || e->dec == SR_DATE_INVALID)
            continue;
        end = e->dec == SR_DATE_NONE ? v->env->period_end : e->dec;
        if (end > p->reg_end)
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* The provider's LA: the list's LA column, else inferred from its
 * postcode through the directory when one is loaded (as the public
 * validator infers it); NULL when unknown. */
static const char *provider_la(const struct cla_view *v, const struct cla_provider *p)
{
    struct cla_derived d;

    if (p->la || !p->postcode)
        return p->la;
    cla_ref_derive(v->env->ref, NULL, NULL, p->postcode, &d);
    return d.pl_la;
}

/* 229: own provision (PR1) must be a provider in the council's LA; PR2
 * (another LA's provision) one outside it; placements of `exempt` are not
 * checked.  A provider whose LA is unknown is not checked. */
static void provider_la_matches(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *exempt)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p;
        const char *la;
        if (!cla_in(e->place_provider, "PR1 PR2") || (exempt && cla_in(e->place, exempt))
            || !(p = provider_of(v, e)) || !(la = provider_la(v, p)))
            continue;
        if (!strcasecmp(la, v->env->la) != cla_in(e->place_provider, "PR1"))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 229 until 2024-25: every placement with a URN. */
static void check_229_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_la_matches(ctx, v, NULL);
}

/* 229 from 2025-26 (DfE's amendment): not for supported accommodation
 * (K3), placements with parents or family (P1, P3), NHS, family centre and
 * young offender placements (R1, R2, R5), temporary placements (T0-T4) and
 * other placements (Z11-Z14): their URN, where one is given at all, need
 * not be a provider in the placing LA. */
static void check_229(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_la_matches(ctx, v, "K3 P1 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14");
}

/* 241 (from 2025-26): a supported accommodation placement (K3) with a URN
 * (not DfE's "no URN" value) must be in an LA where the provider has
 * premises: PL_LA, derived from PL_POST, is the LA of one of the provider's
 * rows in the list (a provider with premises in several LAs is listed once
 * per premises; each row's LA column, else its postcode's LA).  Not
 * checked when PL_LA cannot be derived (169's finding) or no row's LA is
 * known, nor for a URN not in the list (1008's). */
static void check_241(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        const struct cla_provider *p;
        struct cla_derived d;
        bool known = false, premises = false;
        if (!cla_in(e->place, "K3") || !(p = provider_of(v, e)))
            continue;
        derive(v, e, &d);
        if (!d.pl_la)
            continue;
        for (; p && !premises; p = p->next) {
            const char *la = provider_la(v, p);
            known |= la != NULL;
            premises = la && !strcasecmp(la, d.pl_la);
        }
        if (known && !premises)
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 242 (from 2025-26): DfE's "no URN" value (seven X) only for placements
 * through a regional adoption agency: PLACE A3-A6 or U1-U6. */
static void check_242(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (e->urn && !strcmp(e->urn, CLA_URN_NONE) && e->place && !cla_in(e->place, "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6"))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

/* 243 (from 2025-26): a placement outside England (PL_LA SCO, WAL, NIR;
 * NUK outside the UK) is with a provider Ofsted does not register, so it
 * should have no URN, not even DfE's "no URN" value (DfE: "URN should be
 * null").  DfE's list also names CON, which no postcode derives: it is not
 * seen here. */
static void check_243(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        struct cla_derived d;
        if (!e->urn)
            continue;
        derive(v, e, &d);
        if (d.pl_la && cla_in(d.pl_la, "CON NIR SCO WAL NUK"))
            cla_rule_fail_col(ctx, v, e->row, "URN");
    }
}

#define PC CLA_NEEDS_POSTCODES
#define RULE_229                                                                                          \
    RULE("229", "Episodes", "Placement provider does not match between the placing authority and the local " \
         "authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, "   \
         "and may be inaccurate in some cases.]")
#define PV CLA_NEEDS_PROVIDERS

const struct cla_rule cla_rules_ref[] = {
    { .info = RULE("164", "Episodes", "Distance is not valid. Please check a valid postcode has been entered. "
                   "[NOTE: This check will result in false positives for children formerly UASC not identified "
                   "as such in loaded data]"),
      .needs = PC, .check = check_164 },
    { .info = RULE("169", "Episodes", "Local Authority (LA) of placement is not valid or is missing. Please check "
                   "a valid postcode has been entered."),
      .needs = PC, .check = check_169 },
    { .info = RULE("179", "Episodes", "Placement location code is not a valid code."),
      .needs = PC | CLA_NEEDS_LA, .check = check_179 },
    { .info = RULE("219", "Episodes", "The Ofsted Unique reference number (URN) provided for the child's "
                   "placement does not match the placement type recorded."),
      .needs = PV, .check = check_219 },
    { .info = RULE("221", "Episodes", "The Ofsted Unique reference number (URN) provided for the child's "
                   "placement does not match the placement postcode provided."),
      .needs = PV, .check = check_221 },
    { .info = RULE("224", "Episodes", "The Ofsted Unique reference number (URN) provided for the child's "
                   "placement does not match the placement provider recorded."),
      .needs = PV, .check = check_224 },
    { .info = RULE("227", "Episodes", "Ofsted Unique reference number (URN) is not valid for the episode start date."),
      .needs = PV, .check = check_227 },
    { .info = RULE("228", "Episodes", "Ofsted Unique reference number (URN) is not valid for the episode end date "
                   "[NOTE: may give false positives on open episodes at providers who close during the year]"),
      .needs = PV, .check = check_228 },
    { .info = RULE_229, .last_year = 2025, .needs = PV | CLA_NEEDS_LA, .check = check_229_2025 },
    { .info = RULE_229, .first_year = 2026, .needs = PV | CLA_NEEDS_LA, .check = check_229 },
    { .info = RULE("241", "Episodes", "LA of placement is not an LA the provider has premises."),
      .first_year = 2026, .needs = PV | PC, .check = check_241 },
    /* 242 needs no list to be checked; it is run with the URN rules, with
     * the provider list, as DfE groups it with the URN lookup checks. */
    { .info = RULE("242", "Episodes", "URN = 'XXXXXXX' can only be used for regional adoption agencies"),
      .first_year = 2026, .needs = PV, .check = check_242 },
    { .info = RULE("243", "Episodes", "Only placements with providers registered with Ofsted should have a "
                   "URN reported."),
      .first_year = 2026, .needs = PC, .check = check_243 },
    { .info = RULE("398", "Episodes", "Distance field completed but child looked after under legal status V3 or V4."),
      .check = check_398 },
    { .info = RULE("406", "Episodes", "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. "
                   "Distance should be blank. [NOTE: This check will result in false negatives for children "
                   "formerly UASC not identified as such in loaded data]"),
      .needs = PC, .check = check_406 },
    { .info = RULE("411", "Episodes", "Placement location code disagrees with LA of placement."),
      .needs = PC | CLA_NEEDS_LA, .check = check_411 },
    { .info = RULE("420", "Episodes", "LA of placement completed but child is looked after under legal status V3 "
                   "or V4."),
      .needs = PC, .check = check_420 },
    { .info = RULE("452", "Episodes", "Contradiction between local authority of placement code in the last episode "
                   "of the previous year and in the first episode of the current year."),
      .needs = PC | CLA_NEEDS_PREVIOUS, .check = check_452 },
    { .info = RULE("453", "Episodes", "Contradiction between placement distance in the last episode of the "
                   "previous year and in the first episode of the current year."),
      .needs = PC | CLA_NEEDS_PREVIOUS, .check = check_453 },
    { .info = RULE("454", "Episodes", "Placement distance from home is over 350 miles. [NOTE: This check will "
                   "result in false positives for children formerly UASC not identified as such in loaded data]"),
      .first_year = 2026, .needs = PC, .check = check_454 },
    { .info = RULE("503G", "Episodes", "The distance in first episode does not match open episode at end of last "
                   "year."),
      .needs = PC | CLA_NEEDS_PREVIOUS, .check = check_503G },
    { .info = RULE("503H", "Episodes", "The placement LA in first episode does not match open episode at end of "
                   "last year."),
      .needs = PC | CLA_NEEDS_PREVIOUS, .check = check_503H },
    { .info = RULE("503J", "Episodes", "The placement location in first episode does not match open episode at end "
                   "of last year."),
      .needs = PC | CLA_NEEDS_PREVIOUS | CLA_NEEDS_LA, .check = check_503J },
    { .info = RULE("1008", "Episodes", "Ofsted Unique Reference Number (URN) is not valid."),
      .needs = PV, .check = check_1008 },
    { .info = RULE("1015", "Episodes", "Placement provider is own provision but child not placed in own LA."),
      .last_year = 2025, .needs = PC | CLA_NEEDS_LA, .check = check_1015_2025 },
    { .info = RULE("1015", "Episodes", "Placement provider is own provision but child not placed in own LA."),
      .first_year = 2026, .needs = PC | CLA_NEEDS_LA, .check = check_1015 },
    { .info = { .code = NULL } },
};
