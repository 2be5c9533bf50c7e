/*
 * DfE SSDA903 rules: the 600 series (motherhood, adoption details and
 * previous permanence: 601 602 607 611 612 620 621 625 628 630 631 632 633
 * 634 635), the social worker episode rules (SWEpisodes, from 2023-24:
 * SW01aSTG1 and SW01bSTG1 (until 2024-25), SW02STG1 SW04STG1 SW05STG1
 * SW06STG2 SW07STG2 SW08STG2 SW09STG2 SW10STG2 SW11bSTG2 SW12STG2 SW13STG1
 * SW17STG2) and statreturn's own integrity check SR-EPI.
 *
 * The public validator's integrity checks INT01-INT09 (a child missing from
 * Header), INT11-INT18 and INT21 (DOB/SEX differing from Header) and
 * INT31-INT36 (a child twice in a one-per-child table) are not here: the
 * structural checks of cla_validate.c (ORPHAN, DIFFER, DUP) already report
 * exactly those defects.
 * See cla_rules.h for the interface.
 */
#include <string.h>

#include "returns/ssda903/cla_rules.h"

/* ---- shared helpers ------------------------------------------------------------ */

/* An episode ended in an adoption (REC E11/E12) with its DEC in the year. */
static bool adopted_in_year(const struct cla_view *v, const struct cla_episode *e)
{
    return sr_date_ok(e->dec) && e->dec >= v->env->period_start && e->dec <= v->env->period_end &&
           cla_in(e->rec, "E11 E12");
}

static bool any_adopted_in_year(const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++)
        if (adopted_in_year(v, &v->ep[i]))
            return true;
    return false;
}

/* The AD1 columns that record the adoption (all but CHILD and DOB). */
static const char *const ad1_fields[] = {
    "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR",
};
#define N_AD1_FIELDS (sizeof ad1_fields / sizeof ad1_fields[0])

static size_t ad1_filled(const struct cla_row *ad1)
{
    size_t n = 0;
    for (size_t i = 0; ad1 && i < N_AD1_FIELDS; i++)
        n += cla_row_value(ad1, ad1_fields[i]) != NULL;
    return n;
}

/* Whether the Header says the child is a mother (MOTHER = 1). */
static bool is_mother(const struct cla_row *h)
{
    const char *m = cla_row_value(h, "MOTHER");
    return m && !strcmp(m, "1");
}

/* ---- 600 series ---------------------------------------------------------------- */

/* 601: adopted in the year (an episode ending E11/E12 with DEC in the year)
 * but the AD1 details are not all there.  One finding per adoption episode,
 * at its REC.  The public validator only looks when an AD1 row exists; DfE
 * asks for the details of every child adopted in the year, so a child with
 * no AD1 row at all fails too (in the XML a child with none of the AD1
 * elements has no AD1 row).  An incomplete AD1 row is named in the
 * message, as the public validator reports the AD1 side. */
static void check_601(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad1 = cla_view_row(v, CLA_AD1);

    if (ad1_filled(ad1) == N_AD1_FIELDS)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        if (!adopted_in_year(v, &v->ep[i]))
            continue;
        if (ad1)   /* the incomplete row of the other table */
            cla_rule_fail_other(ctx, v, v->ep[i].row, "REC", ad1);
        else
            cla_rule_fail_col(ctx, v, v->ep[i].row, "REC");
    }
}

/* 602: AD1 details given but no episode shows an adoption in the year. */
static void check_602(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad1 = cla_view_row(v, CLA_AD1);

    if (ad1_filled(ad1) > 0 && !any_adopted_in_year(v))
        cla_rule_fail_col(ctx, v, ad1, NULL);
}

/* 607: a girl (SEX F, DfE's old code 2) ceased to be looked after in the
 * year (DEC in the year, REC given and not X1, LS not V3/V4) and MOTHER is
 * blank.  One finding per such episode, at its DEC. */
static void check_607(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (!h || !v->sex || strcmp(v->sex, "F") || cla_row_value(h, "MOTHER"))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->dec) && e->dec >= v->env->period_start && e->dec <= v->env->period_end &&
            e->rec && strcmp(e->rec, "X1") && !cla_in(e->ls, "V3 V4"))
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* 611: MOTHER = 1 but the child's child's date of birth (MC_DOB) is blank. */
static void check_611(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && is_mother(h) && !cla_row_value(h, "MC_DOB"))
        cla_rule_fail_col(ctx, v, h, "MOTHER");
}

/* 612: a girl with MC_DOB given while MOTHER is 0 or blank. */
static void check_612(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;
    const char *m;

    if (!h || !v->sex || strcmp(v->sex, "F") || !cla_row_value(h, "MC_DOB"))
        return;
    m = cla_row_value(h, "MOTHER");
    if (!m || !strcmp(m, "0"))
        cla_rule_fail_col(ctx, v, h, "SEX");
}

/* 620: a mother who is under 11 on 1 April (the 11th birthday is after the
 * start of the year). */
static void check_620(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && is_mother(h) && sr_date_ok(v->dob) && date_add_years(v->dob, 11) > v->env->period_start)
        cla_rule_fail_col(ctx, v, h, "DOB");
}

/* 621: MC_DOB on or before the child's own DOB.  Only valid dates are
 * compared (an invalid DOB is 102's business). */
static void check_621(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;
    sr_date mc;

    if (!h || !sr_date_ok(v->dob))
        return;
    mc = cla_row_date(h, "MC_DOB");
    if (sr_date_ok(mc) && mc <= v->dob)
        cla_rule_fail_col(ctx, v, h, "DOB");
}

/* 625: MC_DOB after 31 March or after the DEC of the latest episode.  DfE
 * names the latest episode (by start), so a child whose last episode is
 * still open is held to 31 March only; the public validator takes the
 * latest DEC of any episode, which fails a birth after an earlier episode
 * ended while the child is still looked after. */
static void check_625(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;
    const struct cla_episode *last = NULL;
    sr_date mc;

    if (!h)
        return;
    mc = cla_row_date(h, "MC_DOB");
    if (!sr_date_ok(mc))
        return;
    for (size_t i = 0; i < v->n_ep && sr_date_ok(v->ep[i].decom); i++)
        last = &v->ep[i];
    if (mc > v->env->period_end || (last && sr_date_ok(last->dec) && mc > last->dec))
        cla_rule_fail_col(ctx, v, h, "MC_DOB");
}

/* 628: a care leaver (OC3 details given) with no episodes has MOTHER filled. */
static void check_628(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header, *oc3 = cla_view_row(v, CLA_OC3);

    if (!h || v->n_ep || !oc3 || !cla_row_value(h, "MOTHER"))
        return;
    if (cla_row_value(oc3, "IN_TOUCH") || cla_row_value(oc3, "ACTIV") || cla_row_value(oc3, "ACCOM"))
        cla_rule_fail_col(ctx, v, h, "MOTHER");
}

/* 630: an episode starting a period of care (RNE S) in the year needs the
 * previous permanence details: a PrevPerm row with PREV_PERM, and LA_PERM
 * and DATE_PERM unless PREV_PERM is Z1 (none).  One finding per such
 * episode, at its RNE. */
static void check_630(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *pp = cla_view_row(v, CLA_PREV_PERM);
    const char *prev = pp ? cla_row_value(pp, "PREV_PERM") : NULL;
    bool complete = prev && (!strcmp(prev, "Z1") ||
                             (cla_row_value(pp, "LA_PERM") && cla_row_value(pp, "DATE_PERM")));

    if (complete)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (cla_in(e->rne, "S") && sr_date_ok(e->decom) && e->decom >= v->env->period_start)
            cla_rule_fail_col(ctx, v, e->row, "RNE");
    }
}

/* Fails every row of table t whose `column` is given and not in the year's
 * code list `list` (blank is allowed: the column is optional). */
static void optional_code(struct cla_rule_ctx *ctx, const struct cla_view *v, enum cla_tid t,
                          const char *column, const char *list)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, list);
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, t, &n);
    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, column);
        if (k >= 0 && rows[i]->cells[k] && !cla_code_in(l, rows[i]->cells[k]))
            cla_rule_fail(ctx, v->child, rows[i], k);
    }
}

/* 631: PREV_PERM given but not a valid code. */
static void check_631(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    optional_code(ctx, v, CLA_PREV_PERM, "PREV_PERM", "PREV_PERM");
}

/* The earliest day a DD/MM/YYYY date with ZZ parts can be (ZZ day: the
 * 1st, ZZ month: January); SR_DATE_NONE when the year is unknown. */
static sr_date date_zz_earliest(const char *s)
{
    int d, m, y;

    if (s[6] == 'Z' || s[6] == 'z')
        return SR_DATE_NONE;
    d = (s[0] == 'Z' || s[0] == 'z') ? 1 : (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] == 'Z' || s[3] == 'z') ? 1 : (s[3] - '0') * 10 + (s[4] - '0');
    y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    if (!date_valid_ymd(y, m, d))
        return SR_DATE_NONE;   /* 31/ZZ/2020: some month has the day */
    return date_from_ymd(y, m, d);
}

/* 632: DATE_PERM, when given, must be a DD/MM/YYYY date (ZZ for an unknown
 * day or month, ZZZZ for an unknown year) before the start of the child's
 * first episode.  A partly unknown date is compared at the earliest day it
 * can be, so that only a certain clash fails; the public validator takes
 * the latest day, which fails orders that may well be earlier. */
static void check_632(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *pp = cla_view_row(v, CLA_PREV_PERM);
    const char *s = pp ? cla_row_value(pp, "DATE_PERM") : NULL;
    sr_date d;

    if (!s)
        return;
    if (!cla_is_date_zz(s)) {
        cla_rule_fail_col(ctx, v, pp, "DATE_PERM");
        return;
    }
    d = date_zz_earliest(s);
    if (v->n_ep && sr_date_ok(v->ep[0].decom) && d != SR_DATE_NONE && d >= v->ep[0].decom)
        cla_rule_fail_col(ctx, v, pp, "DATE_PERM");
}

/* 633: LA_PERM given but not a valid LA code. */
static void check_633(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    optional_code(ctx, v, CLA_PREV_PERM, "LA_PERM", "LA_PERM");
}

/* The first given previous permanence column, in DfE's field order. */
static const char *prev_perm_given(const struct cla_row *pp)
{
    static const char *const cols[] = { "LA_PERM", "PREV_PERM", "DATE_PERM" };

    for (size_t i = 0; pp && i < sizeof cols / sizeof cols[0]; i++)
        if (cla_row_value(pp, cols[i]))
            return cols[i];
    return NULL;
}

/* 634: previous permanence details given, but no episode starts on or after
 * 1 April 2016 (when DfE began to collect them).  The public validator
 * compares with the start of the collection year instead of the fixed date
 * DfE names.  Children whose episodes have no valid start are left to 141. */
static void check_634(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *pp = cla_view_row(v, CLA_PREV_PERM);
    const char *col = prev_perm_given(pp);
    const sr_date since = date_from_ymd(2016, 4, 1);
    bool dated = false;

    if (!col)
        return;
    for (size_t i = 0; i < v->n_ep && sr_date_ok(v->ep[i].decom); i++) {
        dated = true;
        if (v->ep[i].decom >= since)
            return;
    }
    if (dated)
        cla_rule_fail_col(ctx, v, pp, col);
}

/* 635: PREV_PERM is Z1 (no previous permanence) yet LA_PERM or DATE_PERM
 * is given.  This follows DfE's message; the public validator instead fails
 * LA_PERM/DATE_PERM with PREV_PERM blank (630 covers a blank PREV_PERM). */
static void check_635(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *pp = cla_view_row(v, CLA_PREV_PERM);
    const char *prev = pp ? cla_row_value(pp, "PREV_PERM") : NULL;

    if (!prev || strcmp(prev, "Z1"))
        return;
    if (cla_row_value(pp, "LA_PERM"))
        cla_rule_fail_col(ctx, v, pp, "LA_PERM");
    else if (cla_row_value(pp, "DATE_PERM"))
        cla_rule_fail_col(ctx, v, pp, "DATE_PERM");
}

/* ---- social worker episodes (SWEpisodes, from 2023-24) ------------------------ */

/* One social worker episode with its dates parsed. */
struct sw_ep {
    const struct cla_row *row;
    sr_date decom, dec;
};

/* A child has a handful of social worker episodes; the rules that order
 * them look at the first SW_MAX (stack only, no allocation per child). */
#define SW_MAX 64

/* The child's social worker episodes with a valid SW_DECOM, sorted by
 * SW_DECOM then SW_DEC (a blank or invalid SW_DEC last), equal ones in file
 * order.  Returns the count. */
static size_t sw_sorted(const struct cla_view *v, struct sw_ep out[SW_MAX])
{
    const struct cla_row *const *rows;
    size_t n, k = 0;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n && k < SW_MAX; i++) {
        struct sw_ep e = { rows[i], cla_row_date(rows[i], "SW_DECOM"), cla_row_date(rows[i], "SW_DEC") };
        sr_date key = sr_date_ok(e.dec) ? e.dec : INT32_MAX;
        size_t j = k;
        if (!sr_date_ok(e.decom))
            continue;
        while (j > 0 && (out[j - 1].decom > e.decom ||
                         (out[j - 1].decom == e.decom &&
                          (sr_date_ok(out[j - 1].dec) ? out[j - 1].dec : INT32_MAX) > key))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = e;
        k++;
    }
    return k;
}

/* 1 April 2023: the social worker details were first collected. */
static sr_date sw_collected_from(void)
{
    return date_from_ymd(2023, 4, 1);
}

/* SW01aSTG1: an episode that started before 1 April 2023 needs SW_ID
 * (SW_REASON may be blank).  Rows without a valid SW_DECOM are SW04STG1's. */
static void check_sw01a(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "SW_DECOM");
        if (sr_date_ok(d) && d < sw_collected_from() && !cla_row_value(rows[i], "SW_ID"))
            cla_rule_fail_col(ctx, v, rows[i], "SW_ID");
    }
}

/* SW01bSTG1: an episode that started on or after 1 April 2023 needs SW_ID
 * and SW_REASON.  One finding per row, at the first missing column. */
static void check_sw01b(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "SW_DECOM");
        if (!sr_date_ok(d) || d < sw_collected_from())
            continue;
        if (!cla_row_value(rows[i], "SW_ID"))
            cla_rule_fail_col(ctx, v, rows[i], "SW_ID");
        else if (!cla_row_value(rows[i], "SW_REASON"))
            cla_rule_fail_col(ctx, v, rows[i], "SW_REASON");
    }
}

/* SW02STG1: SW_ID must begin SW or XX (case matters).  From 2025-26 the
 * public validator also wants at least 4 characters, so that a bare "SW"
 * or "XX" is no identifier.  A blank SW_ID is the required check's. */
static void sw02(struct cla_rule_ctx *ctx, const struct cla_view *v, size_t min_len)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        const char *id = cla_row_value(rows[i], "SW_ID");
        if (id && ((strncmp(id, "SW", 2) && strncmp(id, "XX", 2)) || strlen(id) < min_len))
            cla_rule_fail_col(ctx, v, rows[i], "SW_ID");
    }
}

static void check_sw02_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sw02(ctx, v, 2);
}

static void check_sw02(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sw02(ctx, v, 4);
}

/* SW04STG1: SW_DECOM blank or not a valid date.  The public 2023-24
 * version also let ZZ parts through (a copy of the previous permanence
 * check); SW_DECOM is a plain date in DfE's specification, so both years
 * want a real DD/MM/YYYY date, as its 2025-26 version does. */
static void check_sw04(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++)
        if (!sr_date_ok(cla_row_date(rows[i], "SW_DECOM")))
            cla_rule_fail_col(ctx, v, rows[i], "SW_DECOM");
}

/* SW05STG1: SW_DEC given but not a valid date.  (DfE's message says "began";
 * the field is SW_DEC.)  The public 2025-26 version also fails a blank
 * SW_DEC, which would fail every open episode that SW17STG2 asks for; we
 * keep SW_DEC optional. */
static void check_sw05(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++)
        if (cla_row_date(rows[i], "SW_DEC") == SR_DATE_INVALID)
            cla_rule_fail_col(ctx, v, rows[i], "SW_DEC");
}

/* SW06STG2: SW_DECOM after 31 March. */
static void check_sw06(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "SW_DECOM");
        if (sr_date_ok(d) && d > v->env->period_end)
            cla_rule_fail_col(ctx, v, rows[i], "SW_DECOM");
    }
}

/* SW07STG2: SW_DEC before the social worker reporting period (which starts
 * a year before the collection year: the full previous year of SW12STG2)
 * or after 31 March. */
static void check_sw07(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    sr_date from = date_add_years(v->env->period_start, -1);
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "SW_DEC");
        if (sr_date_ok(d) && (d < from || d > v->env->period_end))
            cla_rule_fail_col(ctx, v, rows[i], "SW_DEC");
    }
}

/* SW08STG2: every episode but the latest must have ended (SW_DEC given). */
static void check_sw08(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep);

    for (size_t i = 0; i + 1 < n; i++)
        if (!cla_row_value(ep[i].row, "SW_DEC"))
            cla_rule_fail_col(ctx, v, ep[i].row, "SW_DEC");
}

/* SW09STG2: an episode that lasted less than 24 hours, which with dates
 * alone is one ending (SW_DEC) on the day it began (SW_DECOM).  We follow
 * DfE's message in every year.  The public validator's 2025-26 version
 * fails any episode ending less than 3 days after it began, taken from a
 * draft whose condition contradicts that message; an end before the start
 * is not "less than 24 hours" either, and is left to the other date rules. */
static void check_sw09(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_SW_EPISODES, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date b = cla_row_date(rows[i], "SW_DECOM"), e = cla_row_date(rows[i], "SW_DEC");
        if (sr_date_ok(b) && e == b)
            cla_rule_fail_col(ctx, v, rows[i], "SW_DECOM");
    }
}

/* SW10STG2: unless the change is FCONTA, an episode must start within 7
 * days either side of the end of the one before it (in start order).  An
 * open or undated previous end is SW08STG2's / SW05STG1's business (the
 * public validator fails those here too). */
static void check_sw10(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep);

    for (size_t i = 1; i < n; i++) {
        sr_date prev = ep[i - 1].dec;
        const char *reason = cla_row_value(ep[i].row, "SW_REASON");
        if (!sr_date_ok(prev) || (reason && !strcmp(reason, "FCONTA")))
            continue;
        if (ep[i].decom < prev - 7 || ep[i].decom > prev + 7)
            cla_rule_fail_other(ctx, v, ep[i].row, "SW_DECOM", ep[i - 1].row);
    }
}

/* SW11bSTG2: the latest episode (by start) ended before 31 March, so the
 * child has no social worker at the end of the year and no later episode
 * was given.  The public validator's version flags every child with a single
 * episode and looks only at ends in the last 5 days; we follow DfE's
 * wording.  Whose: social worker data is collected for children looked
 * after on 31 March (SW12STG2's wording), so only they are checked; a child
 * who left care in the year, whose social worker episode ended when they
 * left, is not "without a subsequent social worker episode". */
static void check_sw11b(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep);

    if (n && sr_date_ok(ep[n - 1].dec) && ep[n - 1].dec < v->env->period_end && cla_looked_after_at_31_march(v))
        cla_rule_fail_col(ctx, v, ep[n - 1].row, "SW_DEC");
}

/* SW12STG2: the social worker episodes must cover the child's time in care
 * over the reporting period (the collection year and the year before).
 * For each episode (LS not V3/V4) ending in that period or still open:
 * one that starts a period of care (RNE S) needs a social worker episode
 * starting on or after its DECOM, and one that ends care (REC given, not
 * X1) one starting on or before its DEC.  Episodes that neither start nor
 * end care are not in scope (the public validator fails open ones through
 * a blank comparison).
 *
 * Whose: DfE's wording starts "If a child is looked after on 31 March",
 * the children whose social worker data is collected (SW01); we follow it
 * (the public validator checks every child).  A child who left care in
 * the year is not asked for social worker episodes, and the build sends
 * none.  A child looked after on 31 March with no social worker episode at
 * all fails as one whose episodes leave a gap does (the public validator
 * reads it so too, by its left join): the rule runs only when the return
 * has an SWEpisodes table (NEEDS_SW), so "no rows" means none were
 * recorded, not that the table was not sent. */
static void check_sw12(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep);
    sr_date from = date_add_years(v->env->period_start, -1);

    if (!cla_looked_after_at_31_march(v))
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        bool start = cla_in(e->rne, "S") && sr_date_ok(e->decom);
        bool end = e->rec && strcmp(e->rec, "X1") && sr_date_ok(e->dec);
        bool covered = false;
        if (cla_in(e->ls, "V3 V4") || (!start && !end))
            continue;
        if (e->dec != SR_DATE_NONE && !(sr_date_ok(e->dec) && e->dec >= from && e->dec <= v->env->period_end))
            continue;
        for (size_t j = 0; j < n && !covered; j++)
            covered = (start && ep[j].decom >= e->decom) || (end && ep[j].decom <= e->dec);
        if (!covered)
            cla_rule_fail_col(ctx, v, e->row, start ? "DECOM" : "DEC");
    }
}

/* SW13STG1: SW_REASON must be a valid code, and may be blank only on the
 * child's first episode of the reporting picture: the one open at 1 April
 * (last started before it and not ended before it) or, when none, the
 * first starting in the year. */
static void check_sw13(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, "SW_REASON");
    const struct cla_row *const *rows;
    const struct cla_row *allowed = NULL;
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep), nr;
    sr_date start = v->env->period_start;

    for (size_t i = 0; i < n && !allowed; i++)
        if (ep[i].decom >= start)
            allowed = ep[i].row;
    for (size_t i = n; i-- > 0;)
        if (ep[i].decom < start) {
            if (!sr_date_ok(ep[i].dec) || ep[i].dec >= start)
                allowed = ep[i].row;
            break;
        }
    rows = cla_view_rows(v, CLA_SW_EPISODES, &nr);
    for (size_t i = 0; i < nr; i++) {
        const char *r = cla_row_value(rows[i], "SW_REASON");
        if (r ? !cla_code_in(l, r) : rows[i] != allowed)
            cla_rule_fail_col(ctx, v, rows[i], "SW_REASON");
    }
}

/* SW17STG2 (from 2025-26): the latest episode (by start) must be open. */
static void check_sw17(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct sw_ep ep[SW_MAX];
    size_t n = sw_sorted(v, ep);

    if (n && cla_row_value(ep[n - 1].row, "SW_DEC"))
        cla_rule_fail_col(ctx, v, ep[n - 1].row, "SW_DEC");
}

/* ---- statreturn's own integrity checks ---------------------------------------- */

/* SR-EPI: statreturn's check, after the public validator's EPI (not a DfE
 * rule): a child in Header with neither episodes nor care leaver (OC3)
 * details, so the return says nothing about why the child is in it and
 * most rules have nothing to check.  Reported on the Header row. */
static void check_sr_epi(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    if (v->header && !v->n_ep && !cla_view_row(v, CLA_OC3))
        cla_rule_fail_col(ctx, v, v->header, NULL);
}

/* ---- table --------------------------------------------------------------------- */

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }
/* The social worker rules need the return's SWEpisodes table: without it
 * (an XML document, a CSV set without the file) they are listed once as not
 * run, rather than judging children by rows nobody sent. */
#define NEEDS_SW CLA_NEEDS_SW_EPISODES

const struct cla_rule cla_rules_600[] = {
    { .info = RULE("601", "Episodes",
                   "The additional fields relating to adoption have not been completed although the episode data "
                   "shows that the child was adopted during the year."),
      .check = check_601 },
    { .info = RULE("602", "AD1",
                   "The episode data submitted for this child does not show that he/she was adopted during the year."),
      .check = check_602 },
    { .info = RULE("607", "Episodes",
                   "Child ceased to be looked after in the year, but mother field has not been completed."),
      .check = check_607 },
    { .info = RULE("611", "Header", "Date of birth field is blank, but child is a mother."),
      .check = check_611 },
    { .info = RULE("612", "Header",
                   "Date of birth field has been completed but mother field indicates child is not a mother."),
      .check = check_612 },
    { .info = RULE("620", "Header",
                   "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years "
                   "of age."),
      .check = check_620 },
    { .info = RULE("621", "Header",
                   "Mother\u2019s field has been completed but date of birth shows that the mother is younger than "
                   "her child."),
      .check = check_621 },
    { .info = RULE("625", "Header",
                   "Date of birth of the first child is beyond the end of this reporting year or the date the child "
                   "ceased to be looked after."),
      .check = check_625 },
    { .info = RULE("628", "Header",
                   "Motherhood details are not required for care leavers who have not been looked after during the "
                   "year."),
      .check = check_628 },
    { .info = RULE("630", "Episodes", "Information on previous permanence option should be returned."),
      .check = check_630 },
    { .info = RULE("631", "PrevPerm", "Previous permanence option not a valid value."),
      .covers = "PrevPerm.PREV_PERM", .check = check_631 },
    { .info = RULE("632", "PrevPerm",
                   "Date of previous permanence order not a valid value. NOTE: This rule may result in false "
                   "negatives where the period of care started before the current collection year"),
      .covers = "PrevPerm.DATE_PERM", .check = check_632 },
    { .info = RULE("633", "PrevPerm",
                   "Local authority code where previous permanence option was arranged is not a valid value."),
      .covers = "PrevPerm.LA_PERM", .check = check_633 },
    { .info = RULE("634", "PrevPerm",
                   "There are entries for previous permanence options, but child has not started to be looked after "
                   "from 1 April 2016 onwards."),
      .check = check_634 },
    { .info = RULE("635", "PrevPerm",
                   "There are entries for date of order and local authority code where previous permanence option "
                   "was arranged but previous permanence code is Z1"),
      .check = check_635 },
    /* DfE deleted SW01aSTG1 and SW01bSTG1 from the 2025-26 rules (spring
     * 2026 amendments, notes/collection_2027.md 2.4): 2024-25 only. */
    { .info = RULE("SW01aSTG1", "SWEpisodes", "For each social worker episode, information should be complete"),
      .last_year = 2025, .needs = NEEDS_SW, .check = check_sw01a },
    { .info = RULE("SW01bSTG1", "SWEpisodes", "For each social worker episode, information should be complete"),
      .last_year = 2025, .needs = NEEDS_SW, .check = check_sw01b },
    { .info = RULE("SW02STG1", "SWEpisodes",
                   "Social worker ID does not begin with the characters \u2018SW\u2019 or \u2018XX\u2019."),
      .last_year = 2025, .needs = NEEDS_SW, .check = check_sw02_2025 },
    { .info = RULE("SW02STG1", "SWEpisodes",
                   "Social worker ID does not begin with the characters \u2018SW\u2019 or \u2018XX\u2019."),
      .first_year = 2026, .needs = NEEDS_SW, .check = check_sw02 },
    { .info = RULE("SW04STG1", "SWEpisodes", "Date social worker episode began is not a valid date.."),
      .covers = "SWEpisodes.SW_DECOM", .needs = NEEDS_SW, .check = check_sw04 },
    { .info = RULE("SW05STG1", "SWEpisodes", "Date social worker episode began is not a valid date."),
      .covers = "SWEpisodes.SW_DEC", .needs = NEEDS_SW, .check = check_sw05 },
    { .info = RULE("SW06STG2", "SWEpisodes",
                   "Social worker episode data should be within the social worker data reporting year."),
      .needs = NEEDS_SW, .check = check_sw06 },
    { .info = RULE("SW07STG2", "SWEpisodes",
                   "Social worker episode end date should be on or after the start of the social worker reporting "
                   "period, and should be on or before the collection end date."),
      .needs = NEEDS_SW, .check = check_sw07 },
    { .info = RULE("SW08STG2", "SWEpisodes",
                   "A new social worker episode has started, but the previous episode has not ended."),
      .needs = NEEDS_SW, .check = check_sw08 },
    { .info = RULE("SW09STG2", "SWEpisodes", "Social worker episode appears to have lasted for less than 24 hours."),
      .needs = NEEDS_SW, .check = check_sw09 },
    { .info = RULE("SW10STG2", "SWEpisodes",
                   "A new social worker episode has started before the end date of the previous social worker "
                   "episode."),
      .needs = NEEDS_SW, .check = check_sw10 },
    { .info = RULE("SW11bSTG2", "SWEpisodes",
                   "Social worker episode has ended before 31 March and no subsequent social worker episode has been "
                   "provided."),
      .needs = NEEDS_SW, .check = check_sw11b },
    { .info = RULE("SW12STG2", "Episodes",
                   "If a child is looked after on 31 March then all social worker episodes for the full previous "
                   "year should be reported, even those whilst they were not looked after"),
      .needs = NEEDS_SW, .check = check_sw12 },
    { .info = RULE("SW13STG1", "SWEpisodes", "The reason for social worker change is not valid."),
      .covers = "SWEpisodes.SW_REASON", .needs = NEEDS_SW, .check = check_sw13 },
    { .info = RULE("SW17STG2", "SWEpisodes", "There is no social worker episode open at 31 March"),
      .first_year = 2026, .needs = NEEDS_SW, .check = check_sw17 },
    /* statreturn's own check, after the public validator's EPI (see above) */
    { .info = RULE("SR-EPI", "Header",
                   "The child has a Header row but no episodes and no care leaver (OC3) details, so the rest of the "
                   "child's record cannot be checked."),
      .check = check_sr_epi },
    { .info = { .code = NULL } },
};
