/*
 * DfE SSDA903 rules: the rules that compare this year's return with last
 * year's (--previous), and the 1000 series (care leavers, missing periods,
 * placement change reasons) (codes: 202 203 204 205A 205B 205C 205D 207 208 502
 * 503A 503B 503C 503D 503E 503F 559 560 561 562 576 584 624 626 1000 1001
 * 1002 1003 1004 1005 1006 1007 1009 1010 1011 1012 1014 1016 3001, and our
 * own SR-NoE).
 *
 * A rule that compares years says CLA_NEEDS_PREVIOUS and reads v->previous:
 * the same child in last year's return, NULL when the child is not in it
 * (the engine does not run the rule at all when no previous return was
 * given).  DfE sometimes words a rule over two earlier years ("COLLECTION_YEAR
 * - 2"); only one previous return is loaded here, so such rules use what it
 * holds.  The rules of the 1000 series that DfE checks against its national
 * history of every child (1000-1002) can only see the two returns loaded;
 * their DfE messages already say so.
 *
 * See cla_rules.h for the interface.
 */
#include <string.h>
#include <strings.h>

#include "returns/ssda903/cla_rules.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* A CSV cell that was not valid UTF-8 has been reported by the reader:
 * the value checks that replace the generic ones (1004-1006, 1009) leave
 * it alone, as the generic ones do (cla_rule_fail would drop a finding on
 * the cell itself; these rules must not fail its row for it either). */
static bool already_reported(const char *s)
{
    return s == cla_cell_not_utf8;
}

/* Two optional cells hold the same value (both blank counts as the same). */
static bool same_text(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Two date cells hold the same date: as dates when both are valid, else as
 * the text itself (so two blanks agree and a blank differs from a date). */
static bool same_date(const char *a, const char *b)
{
    sr_date da = date_parse_dmy(a), db = date_parse_dmy(b);

    if (sr_date_ok(da) && sr_date_ok(db))
        return da == db;
    return same_text(a, b);
}

/* The child's first episode this year (earliest valid DECOM), or NULL. */
static const struct cla_episode *first_episode(const struct cla_view *v)
{
    return v && v->n_ep && sr_date_ok(v->ep[0].decom) ? &v->ep[0] : NULL;
}

/* The child's final episode (latest valid DECOM; the episodes are sorted
 * with the valid dates first), or NULL. */
static const struct cla_episode *final_episode(const struct cla_view *v)
{
    if (!v)
        return NULL;
    for (size_t i = v->n_ep; i > 0; i--)
        if (sr_date_ok(v->ep[i - 1].decom))
            return &v->ep[i - 1];
    return NULL;
}

/* Last year's final episode when it was still open at 31 March (DEC blank),
 * or NULL: the episode this year's first one should continue. */
static const struct cla_episode *open_at_last_year_end(const struct cla_view *v)
{
    const struct cla_episode *last = final_episode(v->previous);

    return last && last->dec == SR_DATE_NONE ? last : NULL;
}

/* Some care leaver (OC3) item is given; the row, or NULL. */
static const struct cla_row *care_leaver_row(const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3);

    if (oc3 && (cla_row_value(oc3, "IN_TOUCH") || cla_row_value(oc3, "ACTIV") || cla_row_value(oc3, "ACCOM")))
        return oc3;
    return NULL;
}

/* Header of the child last year, or NULL. */
static const struct cla_row *last_header(const struct cla_view *v)
{
    return v->previous ? v->previous->header : NULL;
}

/* Age 17 or 18 on 31 March (DOB valid). */
static bool aged_17_or_18(const struct cla_view *v)
{
    const sr_date end = v->env->period_end;

    return sr_date_ok(v->dob) && date_add_years(v->dob, 17) <= end && date_add_years(v->dob, 19) > end;
}

/* ---- Header compared with last year ----------------------------------------------- */

/* SEX as one code: 2023-24 returns still used 1 (male) and 2 (female),
 * which the M/F of 2024-25 on replace; without this every child would
 * differ in the first year of the new codes. */
static const char *sex_code(const char *s)
{
    if (s && !strcmp(s, "1"))
        return "M";
    if (s && !strcmp(s, "2"))
        return "F";
    return s;
}

/* 202: the child's sex differs from last year's return. */
static void check_202(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);

    if (v->header && last && !same_text(sex_code(v->sex), sex_code(cla_row_value(last, "SEX"))))
        cla_rule_fail_col(ctx, v, v->header, "SEX");
}

/* 203: the date of birth differs from last year's. */
static void check_203(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);

    if (v->header && last && !same_date(cla_row_value(v->header, "DOB"), cla_row_value(last, "DOB")))
        cla_rule_fail_col(ctx, v, v->header, "DOB");
}

/* 204: the ethnic origin differs from last year's. */
static void check_204(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);

    if (v->header && last && !same_text(cla_row_value(v->header, "ETHNIC"), cla_row_value(last, "ETHNIC")))
        cla_rule_fail_col(ctx, v, v->header, "ETHNIC");
}

/* 207: a child recorded as a mother last year (MOTHER 1) who has episodes
 * this year must still be recorded as one. */
static void check_207(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);
    const char *was = last ? cla_row_value(last, "MOTHER") : NULL;

    if (v->header && v->n_ep && was && !strcmp(was, "1") && !same_text(cla_row_value(v->header, "MOTHER"), was))
        cla_rule_fail_col(ctx, v, v->header, "MOTHER");
}

/* UPN for 208: NULL when blank; the unknown codes UN1-UN5 told apart. */
static bool upn_unknown(const char *u)
{
    return u && strlen(u) == 3 && (u[0] == 'U' || u[0] == 'u') && (u[1] == 'N' || u[1] == 'n') && u[2] >= '1' &&
           u[2] <= '5';
}

/* 208: the UPN differs from last year's.  Allowed changes: from unknown
 * (blank or UN1-UN5) to a real UPN, and from UN1 or blank to UN2-UN5 (the
 * reason it is unknown became clearer).  Compared without case. */
static void check_208(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);

    if (!v->header || !last)
        return;
    const char *now = cla_row_value(v->header, "UPN"), *was = cla_row_value(last, "UPN");
    if (!now && !was)
        return;   /* unknown both years: 442's business */
    if (now && was && !strcasecmp(now, was))
        return;
    bool was_unknown = !was || upn_unknown(was);
    if (was_unknown && now && !upn_unknown(now))
        return;   /* unknown to known */
    if ((!was || !strcasecmp(was, "UN1")) && upn_unknown(now) && strcasecmp(now, "UN1"))
        return;   /* UN1 or blank to UN2-UN5 */
    cla_rule_fail_col(ctx, v, v->header, "UPN");
}

/* ---- UASC across years ------------------------------------------------------------
 * A child is UASC in a return when it has a UASC row (CSV: the UASC table
 * lists only UASC children; XML: the row exists when HEADER/UASC is 1 or DUC
 * is given). */

/* 205A: UASC last year but not this year: last year's DUC must show the
 * status ceased during last year (1 April to 31 March a year before). */
static void check_205A(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = v->previous ? cla_view_row(v->previous, CLA_UASC) : NULL;

    if (!v->header || !last || cla_view_row(v, CLA_UASC))
        return;
    sr_date duc = cla_row_date(last, "DUC");
    if (!sr_date_ok(duc) || duc < date_add_years(v->env->period_start, -1) ||
        duc > date_add_years(v->env->period_end, -1))
        cla_rule_fail_col(ctx, v, v->header, "CHILD");
}

/* 205B: UASC both years: a DUC given last year must be the 18th birthday
 * (the day UASC status ends), and a DUC given this year must fall in this
 * year or repeat last year's.  The public validator also fails every blank
 * DUC (and pairs the birthday with another child's DOB); a blank DUC of a
 * child still UASC is no evidence against either year, so it passes here. */
static void check_205B(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *now = cla_view_row(v, CLA_UASC);
    const struct cla_row *last = v->previous ? cla_view_row(v->previous, CLA_UASC) : NULL;

    if (!now || !last)
        return;
    const char *duc_now = cla_row_value(now, "DUC"), *duc_last = cla_row_value(last, "DUC");
    sr_date d = cla_row_date(now, "DUC"), dl = cla_row_date(last, "DUC"), dob = cla_row_date(last, "DOB");
    bool bad = false;
    if (duc_last && (!sr_date_ok(dl) || !sr_date_ok(dob) || dl != date_add_years(dob, 18)))
        bad = true;
    if (duc_now && !(sr_date_ok(d) && d >= v->env->period_start && d <= v->env->period_end) &&
        !same_date(duc_now, duc_last))
        bad = true;
    if (bad)
        cla_rule_fail_col(ctx, v, now, "DUC");
}

/* 205C: a DUC, this year's or last year's, for a child whose UASC flag is
 * 1 in neither year (last year: not in that return, or flagged 0).  The
 * flags are those submitted (cla_uasc_flag), so in practice an XML
 * document fails: in CSV a DUC sits in a UASC row, which is the flag. */
static void check_205C(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *now = cla_view_row(v, CLA_UASC);
    const struct cla_row *last = v->previous ? cla_view_row(v->previous, CLA_UASC) : NULL;

    if (!now || (!cla_row_value(now, "DUC") && !(last && cla_row_value(last, "DUC"))))
        return;
    if (cla_in(cla_uasc_flag(v), "1") || (v->previous && cla_in(cla_uasc_flag(v->previous), "1")))
        return;
    cla_rule_fail_col(ctx, v, now, "DUC");
}

/* 205D: UASC this year, in last year's return but not UASC there. */
static void check_205D(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *now = cla_view_row(v, CLA_UASC);

    if (now && last_header(v) && !cla_view_row(v->previous, CLA_UASC))
        cla_rule_fail_col(ctx, v, now, NULL);
}

/* ---- episodes continuing from last year ------------------------------------------ */

/* 502: last year ended with an open episode, so this year's first episode
 * must be that episode: the same DECOM. */
static void check_502(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *open = open_at_last_year_end(v), *first = first_episode(v);

    if (open && first && first->decom != open->decom)
        cla_rule_fail_col(ctx, v, first->row, "DECOM");
}

/* 503A-F: this year's first episode must carry the same value as last
 * year's final episode when that was open at 31 March.  `allowed` lets a
 * code change that the year's code list forced (503D) pass. */
static void continuing_field(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *column,
                             bool (*allowed)(const char *was, const char *now))
{
    const struct cla_episode *open = open_at_last_year_end(v), *first = first_episode(v);

    if (!open || !first)
        return;
    const char *now = cla_row_value(first->row, column), *was = cla_row_value(open->row, column);
    if (!same_text(now, was) && !(allowed && now && was && allowed(was, now)))
        cla_rule_fail_col(ctx, v, first->row, column);
}

/* 503A: reason for new episode. */
static void check_503A(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "RNE", NULL);
}

/* 503B: legal status. */
static void check_503B(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "LS", NULL);
}

/* 503C: category of need. */
static void check_503C(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "CIN", NULL);
}

/* 2024-25: H5 was retired and K3 took its place, so an open H5 placement
 * may continue as K3.  DfE excepts exactly that pair; the public validator
 * excepts any episode that was H5 or is now K3, which hides real changes. */
static bool h5_to_k3(const char *was, const char *now)
{
    return !strcmp(was, "H5") && !strcmp(now, "K3");
}

/* 2025-26: Z1 was split into Z11-Z14, so an open Z1 placement continues
 * under one of them.  DfE's note speaks only of the 2025 exception; the
 * public validator lets Z1 -> Z11..Z14 pass in 2025-26, and without it every
 * child in a Z1 placement at 31 March 2025 would fail. */
static bool z1_split(const char *was, const char *now)
{
    return !strcmp(was, "Z1") && cla_in(now, "Z11 Z12 Z13 Z14");
}

/* 503D: placement type (2024-25 version: H5 -> K3 allowed). */
static void check_503D_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "PLACE", h5_to_k3);
}

/* 503D: placement type (from 2025-26: Z1 -> Z11..Z14 allowed). */
static void check_503D(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "PLACE", z1_split);
}

/* 503E: placement provider. */
static void check_503E(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "PLACE_PROVIDER", NULL);
}

/* 503F: Ofsted URN. */
static void check_503F(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    continuing_field(ctx, v, "URN", NULL);
}

/* 562: the first episode started before this year, so last year's final
 * episode must be that same episode (same DECOM); a child missing from last
 * year's return fails too. */
static void check_562(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_episode *first = first_episode(v), *last = final_episode(v->previous);

    if (first && first->decom < v->env->period_start && !(last && last->decom == first->decom))
        cla_rule_fail_col(ctx, v, first->row, "DECOM");
}

/* SR-NoE (not a DfE rule: a check of the public validator, which calls it
 * NoE; our code says it is ours): an episode started before this year but
 * last year's return has no episodes for the child.  Every such episode. */
static void check_noe(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->previous && v->previous->n_ep)
        return;
    for (size_t i = 0; i < v->n_ep && sr_date_ok(v->ep[i].decom); i++)
        if (v->ep[i].decom < v->env->period_start)
            cla_rule_fail_col(ctx, v, v->ep[i].row, "DECOM");
}

/* 576: an open missing period at the end of last year (MIS_END blank) must
 * be the first period this year (same MIS_START).  Only children with
 * missing periods this year are checked; a blank or invalid start sorts
 * last, so it never matches. */
static void check_576(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *now, *const *last;
    size_t n, nl;

    now = cla_view_rows(v, CLA_MISSING, &n);
    last = v->previous ? cla_view_rows(v->previous, CLA_MISSING, &nl) : NULL;
    if (!n || !last)
        return;
    const struct cla_row *first = NULL;
    sr_date first_start = SR_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(now[i], "MIS_START");
        if (!first || (sr_date_ok(s) && (!sr_date_ok(first_start) || s < first_start))) {
            first = now[i];
            first_start = s;
        }
    }
    for (size_t i = 0; i < nl; i++) {
        sr_date s = cla_row_date(last[i], "MIS_START");
        if (!cla_row_value(last[i], "MIS_END") && sr_date_ok(s) && s != first_start) {
            cla_rule_fail_col(ctx, v, first, "CHILD");
            return;
        }
    }
}

/* ---- placed for adoption across years ---------------------------------------------- */

/* 559: a decision to place for adoption dated before this year must
 * appear in last year's return (some row with DATE_PLACED). */
static void check_559(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *now, *const *last = NULL;
    size_t n, nl = 0;
    bool had = false;

    now = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    if (v->previous)
        last = cla_view_rows(v->previous, CLA_PLACED_ADOPTION, &nl);
    for (size_t i = 0; i < nl; i++)
        if (cla_row_value(last[i], "DATE_PLACED"))
            had = true;
    for (size_t i = 0; i < n && !had; i++) {
        sr_date d = cla_row_date(now[i], "DATE_PLACED");
        if (sr_date_ok(d) && d < v->env->period_start)
            cla_rule_fail_col(ctx, v, now[i], "DATE_PLACED");
    }
}

/* 560: a decision recorded last year and not ceased (DATE_PLACED_CEASED
 * blank) must be recorded again this year with the same DATE_PLACED.  The
 * public validator compares every row with every row, which fails a new
 * decision made this year beside the old one; here each open decision of
 * last year must be found among this year's rows, and the first row is
 * reported when it is not.  Children with no rows this year are left out. */
static void check_560(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *now, *const *last;
    size_t n, nl;

    now = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    last = v->previous ? cla_view_rows(v->previous, CLA_PLACED_ADOPTION, &nl) : NULL;
    if (!n || !last)
        return;
    for (size_t j = 0; j < nl; j++) {
        const char *was = cla_row_value(last[j], "DATE_PLACED");
        if (!was || cla_row_value(last[j], "DATE_PLACED_CEASED"))
            continue;
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = same_date(cla_row_value(now[i], "DATE_PLACED"), was);
        if (!found) {
            cla_rule_fail_col(ctx, v, now[0], "DATE_PLACED");
            return;
        }
    }
}

/* The child's rows of last year with a decision that ceased (a date or a
 * reason it ceased): for 561 and 584. */
static bool ceased_last_year(const struct cla_row *r)
{
    return cla_row_value(r, "DATE_PLACED_CEASED") || cla_row_value(r, "REASON_PLACED_CEASED");
}

/* 561: this year repeats the DATE_PLACED of a decision that last year's
 * return shows as ceased. */
static void check_561(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *now, *const *last;
    size_t n, nl;

    now = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    last = v->previous ? cla_view_rows(v->previous, CLA_PLACED_ADOPTION, &nl) : NULL;
    for (size_t i = 0; last && i < n; i++) {
        const char *dp = cla_row_value(now[i], "DATE_PLACED");
        for (size_t j = 0; dp && j < nl; j++)
            if (ceased_last_year(last[j]) && same_date(dp, cla_row_value(last[j], "DATE_PLACED"))) {
                cla_rule_fail_col(ctx, v, now[i], "DATE_PLACED");
                break;
            }
    }
}

/* 584: after a decision that ceased last year, a decision this year must
 * be later than it.  A blank or invalid DATE_PLACED is left to the date
 * checks (the public validator also fails a blank here). */
static void check_584(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *now, *const *last;
    size_t n, nl;

    now = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    last = v->previous ? cla_view_rows(v->previous, CLA_PLACED_ADOPTION, &nl) : NULL;
    for (size_t i = 0; last && i < n; i++) {
        sr_date d = cla_row_date(now[i], "DATE_PLACED");
        for (size_t j = 0; sr_date_ok(d) && j < nl; j++) {
            sr_date was = cla_row_date(last[j], "DATE_PLACED");
            if (ceased_last_year(last[j]) && sr_date_ok(was) && d <= was) {
                cla_rule_fail_col(ctx, v, now[i], "DATE_PLACED");
                break;
            }
        }
    }
}

/* ---- mother across years ------------------------------------------------------- */

/* 624: the first child's date of birth recorded last year must not change. */
static void check_624(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);
    const char *was = last ? cla_row_value(last, "MC_DOB") : NULL;

    if (v->header && was && !same_date(cla_row_value(v->header, "MC_DOB"), was))
        cla_rule_fail_col(ctx, v, v->header, "MC_DOB");
}

/* 626: a mother this year whose first child was born before this year was
 * recorded as not a mother (MOTHER 0) last year. */
static void check_626(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *last = last_header(v);

    if (!v->header || !last)
        return;
    const char *now = cla_row_value(v->header, "MOTHER"), *was = cla_row_value(last, "MOTHER");
    sr_date mc = cla_row_date(v->header, "MC_DOB");
    if (now && !strcmp(now, "1") && was && !strcmp(was, "0") && sr_date_ok(mc) && mc < v->env->period_start)
        cla_rule_fail_col(ctx, v, v->header, "MOTHER");
}

/* ---- the 1000 series ------------------------------------------------------------- */

/* 1000: a child who died in care (an episode ending E2, this year or, when
 * given, last year) has no care leaver information.  DfE checks every year
 * it holds; we see the returns loaded. */
static void check_1000(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);
    bool died = false;

    if (!oc3)
        return;
    for (size_t i = 0; i < v->n_ep; i++)
        died = died || cla_in(v->ep[i].rec, "E2");
    for (size_t i = 0; v->previous && i < v->previous->n_ep; i++)
        died = died || cla_in(v->previous->ep[i].rec, "E2");
    if (died)
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* Days looked after (not V3/V4) on or after `from`, for 1001: episode by
 * episode, from the later of DECOM and `from` to DEC.  The child's final
 * episode, if open, runs to 31 March; another without a valid DEC counts
 * nothing. */
static long days_in_care_from(const struct cla_episode *e, sr_date from, bool final, sr_date end)
{
    sr_date stop = e->dec;

    if (cla_in(e->ls, "V3 V4") || !sr_date_ok(e->decom))
        return 0;
    if (!sr_date_ok(stop)) {
        if (!final || stop != SR_DATE_NONE)
            return 0;
        stop = end;
    }
    sr_date start = e->decom > from ? e->decom : from;
    return stop > start ? (long)(stop - start) : 0;
}

/* 1001: care leaver information only for a relevant or former relevant
 * child: 13 weeks (91 days) looked after since the 14th birthday, some of
 * it after the 16th, and not adopted at the end.  DfE uses the child's whole
 * history; we have this year's and last year's episodes (last year's
 * repeated this year counted once), so a child whose care was earlier may
 * fail wrongly, which DfE's message notes.  Children 20 or over at 31 March
 * are left out, as we could not see enough of their history. */
static void check_1001(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);
    const sr_date end = v->env->period_end;

    if (!oc3 || !sr_date_ok(v->dob) || date_add_years(v->dob, 20) <= end)
        return;
    sr_date dob14 = date_add_years(v->dob, 14), dob16 = date_add_years(v->dob, 16);
    const struct cla_episode *final = final_episode(v);
    if (!final)
        final = final_episode(v->previous);
    long d14 = 0, d16 = 0;
    for (size_t i = 0; i < v->n_ep; i++) {
        d14 += days_in_care_from(&v->ep[i], dob14, &v->ep[i] == final, end);
        d16 += days_in_care_from(&v->ep[i], dob16, &v->ep[i] == final, end);
    }
    for (size_t j = 0; v->previous && j < v->previous->n_ep; j++) {
        const struct cla_episode *e = &v->previous->ep[j];
        bool repeated = false;
        for (size_t i = 0; i < v->n_ep && !repeated; i++)
            repeated = sr_date_ok(e->decom) && v->ep[i].decom == e->decom;
        if (repeated)
            continue;
        d14 += days_in_care_from(e, dob14, e == final, end);
        d16 += days_in_care_from(e, dob16, e == final, end);
    }
    bool adopted = final && cla_in(final->rec, "E11 E12");
    if (adopted || d14 < 91 || d16 < 1)
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 1002: care leaver information for a child with no episodes at all (this
 * year or last year: DfE looks at every year). */
static void check_1002(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);

    if (oc3 && !v->n_ep && !(v->previous && v->previous->n_ep))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 1003: the decision to place for adoption cannot be before the first
 * episode with RNE S (the start of care). */
static void check_1003(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *pa;
    size_t n;
    sr_date start = SR_DATE_NONE;

    for (size_t i = 0; i < v->n_ep && start == SR_DATE_NONE; i++)
        if (sr_date_ok(v->ep[i].decom) && cla_in(v->ep[i].rne, "S"))
            start = v->ep[i].decom;
    if (start == SR_DATE_NONE)
        return;
    pa = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(pa[i], "DATE_PLACED");
        if (sr_date_ok(d) && d < start)
            cla_rule_fail_col(ctx, v, pa[i], "DATE_PLACED");
    }
}

/* 1004: the start of a missing period is blank or not a valid date. */
static void check_1004(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *m;
    size_t n;

    m = cla_view_rows(v, CLA_MISSING, &n);
    for (size_t i = 0; i < n; i++)
        if (!sr_date_ok(cla_row_date(m[i], "MIS_START")) && !already_reported(cla_row_value(m[i], "MIS_START")))
            cla_rule_fail_col(ctx, v, m[i], "MIS_START");
}

/* 1005: the end of a missing period is given but not a valid date. */
static void check_1005(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *m;
    size_t n;

    m = cla_view_rows(v, CLA_MISSING, &n);
    for (size_t i = 0; i < n; i++)
        if (cla_row_date(m[i], "MIS_END") == SR_DATE_INVALID && !already_reported(cla_row_value(m[i], "MIS_END")))
            cla_rule_fail_col(ctx, v, m[i], "MIS_END");
}

/* 1006: the missing type is blank or not in the year's list (M, A). */
static void check_1006(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, "MISSING");
    const struct cla_row *const *m;
    size_t n;

    m = cla_view_rows(v, CLA_MISSING, &n);
    for (size_t i = 0; i < n; i++)
        if (!cla_code_in(l, cla_row_value(m[i], "MISSING")) && !already_reported(cla_row_value(m[i], "MISSING")))
            cla_rule_fail_col(ctx, v, m[i], "MISSING");
}

/* 1007: no care leaver information for a 17- or 18-year-old who was still
 * looked after on their latest birthday (the one on or before 31 March).
 * DfE: an episode without DEC/REC, i.e. still looked after; the public
 * validator counts only episodes with a DEC after the birthday, so misses
 * the open ones DfE means. */
static void check_1007(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);

    if (!oc3 || !aged_17_or_18(v))
        return;
    int age = date_age_years(v->dob, v->env->period_end);
    if (cla_looked_after_on(v, date_add_years(v->dob, age)))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 1009: the reason for placement change is given but not a valid code. */
static void check_1009(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, "REASON_PLACE_CHANGE");

    for (size_t i = 0; i < v->n_ep; i++)
        if (v->ep[i].reason_place_change && !cla_code_in(l, v->ep[i].reason_place_change) &&
            !already_reported(v->ep[i].reason_place_change))
            cla_rule_fail_col(ctx, v, v->ep[i].row, "REASON_PLACE_CHANGE");
}

/* 1010: care leaver information for a child without episodes this year
 * although last year's final episode was still open. */
static void check_1010(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);

    if (oc3 && !v->n_ep && open_at_last_year_end(v))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 1011: no care leaver information when the final episode ended with the
 * care transferred to another council (REC E3). */
static void check_1011(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);
    const struct cla_episode *last = final_episode(v);

    if (oc3 && last && cla_in(last->rec, "E3"))
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 1012: a child with no episodes this year (an OC3-only care leaver) has
 * no rows of the other per-child tables: each such row fails. */
static void check_1012(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    static const enum cla_tid tables[] = { CLA_PLACED_ADOPTION, CLA_MISSING, CLA_REVIEWS,
                                           CLA_AD1,             CLA_PREV_PERM, CLA_OC2 };

    if (v->n_ep)
        return;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const struct cla_row *const *rows;
        size_t n;
        rows = cla_view_rows(v, tables[t], &n);
        for (size_t i = 0; i < n; i++)
            cla_rule_fail_col(ctx, v, rows[i], "CHILD");
    }
}

/* 1014: a care leaver (care leaver information, no episode open at any
 * time in the year) has no UASC row.  Both rows are reported. */
static void check_1014(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v), *uasc = cla_view_row(v, CLA_UASC);

    if (!oc3 || !uasc)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && e->decom <= v->env->period_end &&
            (e->dec == SR_DATE_NONE || (sr_date_ok(e->dec) && e->dec >= v->env->period_start)))
            return;
    }
    cla_rule_fail_col(ctx, v, oc3, "ACTIV");
    cla_rule_fail_col(ctx, v, uasc, "DUC");
}

/* 1016: no care leaver information for a 17- or 18-year-old whose episode
 * ended on or after the 17th birthday (they left care after it). */
static void check_1016(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = care_leaver_row(v);

    if (!oc3 || !aged_17_or_18(v))
        return;
    sr_date dob17 = date_add_years(v->dob, 17);
    for (size_t i = 0; i < v->n_ep; i++)
        if (sr_date_ok(v->ep[i].dec) && v->ep[i].dec >= dob17) {
            cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
            return;
        }
}

/* 3001: a care leaver turning 17 this year cannot be living with former
 * foster carers (ACCOM Z1/Z2).  DfE names REC as the field; the value at
 * fault is ACCOM, which is where we report. */
static void check_3001(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3);

    if (!oc3 || !sr_date_ok(v->dob) || !cla_in(cla_row_value(oc3, "ACCOM"), "Z1 Z2"))
        return;
    sr_date dob17 = date_add_years(v->dob, 17);
    if (dob17 >= v->env->period_start && dob17 <= v->env->period_end)
        cla_rule_fail_col(ctx, v, oc3, "ACCOM");
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }
#define PREV .needs = CLA_NEEDS_PREVIOUS

const struct cla_rule cla_rules_previous[] = {
    { .info = RULE("202", "Header", "The gender code conflicts with the gender already recorded for this child."),
      PREV, .check = check_202 },
    { .info = RULE("203", "Header",
                   "Date of birth disagrees with the date of birth already recorded for this child."),
      PREV, .check = check_203 },
    { .info = RULE("204", "Header",
                   "Ethnic origin code disagrees with the ethnic origin already recorded for this child."),
      PREV, .check = check_204 },
    { .info = RULE("205A", "UASC",
                   "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both "
                   "years does not support this."),
      PREV, .check = check_205A },
    { .info = RULE("205B", "UASC",
                   "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years "
                   "does not support this."),
      PREV, .check = check_205B },
    { .info = RULE("205C", "UASC",
                   "Child not identified as UASC either this year or last year but date UASC ceased has been "
                   "provided."),
      PREV, .check = check_205C },
    { .info = RULE("205D", "UASC",
                   "Child identified as UASC this year but not identified as UASC status provided for the child "
                   "last year."),
      PREV, .check = check_205D },
    { .info = RULE("207", "Header",
                   "Mother status for the current year disagrees with the mother status already recorded for this "
                   "child."),
      PREV, .check = check_207 },
    { .info = RULE("208", "Header",
                   "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) "
                   "already recorded for this child."),
      PREV, .check = check_208 },
    { .info = RULE("502", "Episodes",
                   "Last year's record ended with an open episode. The date on which that episode started does not "
                   "match the start date of the first episode on this year\u2019s record."),
      PREV, .check = check_502 },
    { .info = RULE("503A", "Episodes",
                   "The reason for new episode in the first episode does not match open episode at end of last "
                   "year."),
      PREV, .check = check_503A },
    { .info = RULE("503B", "Episodes",
                   "The legal status in the first episode does not match open episode at end of last year."),
      PREV, .check = check_503B },
    { .info = RULE("503C", "Episodes",
                   "The category of need in the first episode does not match open episode at end of last year."),
      PREV, .check = check_503C },
    { .info = RULE("503D", "Episodes",
                   "The placement type in the first episode does not match open episode at end of last year"),
      PREV, .last_year = 2025, .check = check_503D_2025 },
    { .info = RULE("503D", "Episodes",
                   "The placement type in the first episode does not match open episode at end of last year"),
      PREV, .first_year = 2026, .check = check_503D },
    { .info = RULE("503E", "Episodes",
                   "The placement provider in the first episode does not match open episode at end of last year."),
      PREV, .check = check_503E },
    { .info = RULE("503F", "Episodes",
                   "The Ofsted URN in the first episode does not match open episode at end of last year."),
      PREV, .check = check_503F },
    { .info = RULE("559", "PlacedAdoption",
                   "Date of decision that a child should be placed for adoption was not in the current year but the "
                   "date of the decision that the child should be placed for adoption was not completed in a "
                   "previous return."),
      PREV, .check = check_559 },
    { .info = RULE("560", "PlacedAdoption",
                   "Date of decision that the child should be placed for adoption this year is different from that "
                   "recorded last year but the decision to place the child for adoption did not change."),
      PREV, .check = check_560 },
    { .info = RULE("561", "PlacedAdoption",
                   "Date of the decision that the child should be placed for adoption this year is the same as that "
                   "recorded last year but records show that the decision changed, and the child should no longer "
                   "be placed for adoption last year."),
      PREV, .check = check_561 },
    { .info = RULE("562", "Episodes",
                   "Episode commenced before the start of the current collection year but there is a missing "
                   "continuous episode in the previous year."),
      PREV, .check = check_562 },
    { .info = RULE("576", "Missing",
                   "There is an open missing/away from placement without authorisation period in last "
                   "year\u2019s return and there is no corresponding period recorded at the start of this year."),
      PREV, .check = check_576 },
    { .info = RULE("584", "PlacedAdoption",
                   "Date of decision that the child should be placed for adoption this year is different from that "
                   "recorded last year, but the decision to placed the child for adoption changed and the child "
                   "should no longer be placed for adoption."),
      PREV, .check = check_584 },
    { .info = RULE("624", "Header",
                   "Date of birth of the first child contradicts the date of birth of the first child previously "
                   "recorded."),
      PREV, .check = check_624 },
    { .info = RULE("626", "Header",
                   "Child was reported as a mother but the date of birth of the first child is before the current "
                   "year which contradicts with the mother status recorded last year."),
      PREV, .check = check_626 },
    { .info = RULE("1000", "OC3",
                   "This child is recorded as having died in care and therefore should not have the care leaver "
                   "information completed. [NOTE: This only tests the current and previous year data loaded into "
                   "the tool]"),
      .check = check_1000 },
    { .info = RULE("1001", "OC3",
                   "The episodes recorded for this young person suggest they are not a relevant or a former "
                   "relevant child and therefore should not have care leaver information completed. [NOTE: This "
                   "tool can only test the current and previous year data loaded into the tool - this check may "
                   "generate false positives if a child had episodes prior to last year's collection.]"),
      PREV, .check = check_1001 },
    { .info = RULE("1002", "OC3",
                   "This child has no previous episodes of care, therefore should not have care leaver information "
                   "recorded. [NOTE: This tool can only test the current and previous year data loaded into the "
                   "tool - this check may generate false positives if a child had episodes prior to last year's "
                   "collection.]"),
      PREV, .check = check_1002 },
    { .info = RULE("1003", "PlacedAdoption",
                   "Date of LA's decision that a child should be placed for adoption is before the child started "
                   "to be looked after."),
      .check = check_1003 },
    { .info = RULE("1004", "Missing",
                   "The start date of the missing episode or episode that the child was away from placement "
                   "without authorisation is not a valid date."),
      .covers = "Missing.MIS_START", .check = check_1004 },
    { .info = RULE("1005", "Missing",
                   "The end date of the missing episode or episode that the child was away from placement without "
                   "authorisation is not a valid date."),
      .covers = "Missing.MIS_END", .check = check_1005 },
    { .info = RULE("1006", "Missing", "Missing type invalid."), .covers = "Missing.MISSING", .check = check_1006 },
    { .info = RULE("1007", "OC3",
                   "Care leaver information is not required for 17- or 18-year olds who are still looked after [on "
                   "their 17th or 18th birthday.]"),
      .check = check_1007 },
    { .info = RULE("1009", "Episodes", "Reason for placement change is not a valid code."),
      .covers = "Episodes.REASON_PLACE_CHANGE", .check = check_1009 },
    { .info = RULE("1010", "OC3",
                   "This child has no episodes loaded for current year even though there was an open episode of "
                   "care at the end of the previous year, and care leaver data has been entered."),
      PREV, .check = check_1010 },
    { .info = RULE("1011", "OC3",
                   "This child is recorded as having his/her care transferred to another local authority for the "
                   "final episode and therefore should not have the care leaver information completed."),
      .check = check_1011 },
    { .info = RULE("1012", "Episodes",
                   "No other data should be returned for OC3 children who had no episodes in the current year"),
      .check = check_1012 },
    { .info = RULE("1014", "OC3", "UASC information is not required for care leavers"), .check = check_1014 },
    { .info = RULE("1016", "OC3",
                   "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, "
                   "after their birthday."),
      .check = check_1016 },
    { .info = RULE("3001", "OC3",
                   "Where care leavers information is being returned for a young person around their 17th "
                   "birthday, the accommodation cannot be with their former foster carer(s)."),
      .check = check_3001 },
    /* Ours, not DfE's: see check_noe. */
    { .info = RULE("SR-NoE", "Episodes",
                   "This child started to be looked after before this collection year, but last year's return has "
                   "no episodes for them."),
      PREV, .check = check_noe },
    { .info = { .code = NULL } },
};
