/*
 * DfE SSDA903 rules of the 2026-27 layer: deprivation of liberty orders
 * (DoLOs), the DoLo table that DfE adds from collection year 2027 (codes
 * 700 701 702 703 704 705 706 707 708 709 710, all from 2027).
 *
 * A DoLO is a row of DoLo: DOLO_START (required) and DOLO_END (blank while
 * the order is still in force).  The rules check the two dates (700-704,
 * 708), the order of a child's DoLOs (705), their continuity from last
 * year's return (706), and the child's care around them (707, 709, 710).
 * The facts are DfE's rule list and wording for 2026-27; where the public
 * validator (csc-validator-be-903) reads a rule differently, the comment of
 * the rule says which reading we follow and why.  Invalid or blank dates
 * that 700 and 701 report are left alone by the other rules.
 *
 * DoLo is a CSV table only (tables.conf: xml=none; DfE has not published
 * its XML shape), so an XML return has no DoLo rows.
 * See cla_rules.h for the interface.
 */
#include <stdint.h>

#include "returns/ssda903/cla_rules.h"

/* ---- helpers ------------------------------------------------------------------- */

/* One DoLO with its dates parsed (SR_DATE_NONE blank, SR_DATE_INVALID bad). */
struct dolo {
    const struct cla_row *row;
    sr_date start, end;
};

/* A child has a handful of DoLOs; the rules that order them look at the
 * first DOLO_MAX (stack only, no allocation per child). */
#define DOLO_MAX 64

/* Sort key of an end: a valid date, then an invalid one, then a blank one
 * (still open, so it ends after every other). */
static sr_date end_key(sr_date end)
{
    if (sr_date_ok(end))
        return end;
    return end == SR_DATE_NONE ? INT32_MAX : INT32_MAX - 1;
}

/* The DoLOs of view v (this year's or last year's) with a valid DOLO_START,
 * sorted by DOLO_START, then by end with an open one last, equal ones in
 * file order (insertion sort: stable).  Returns the count. */
static size_t dolo_sorted(const struct cla_view *v, struct dolo out[DOLO_MAX])
{
    size_t n, k = 0;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n && k < DOLO_MAX; i++) {
        struct dolo d = { rows[i], cla_row_date(rows[i], "DOLO_START"), cla_row_date(rows[i], "DOLO_END") };
        size_t j = k;
        if (!sr_date_ok(d.start))
            continue;
        while (j > 0 && (out[j - 1].start > d.start ||
                         (out[j - 1].start == d.start && end_key(out[j - 1].end) > end_key(d.end)))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = d;
        k++;
    }
    return k;
}

/* Fails every DoLo row whose `column` is not a valid date: what the table
 * specification (tables.conf) checks, so a blank fails only where the
 * column is required. */
static void check_date_cells(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *column)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, column);
        if (k >= 0 && cla_check_value(&rows[i]->table->columns[k], rows[i]->cells[k]) != CLA_VALID)
            cla_rule_fail(ctx, v->child, rows[i], k);
    }
}

/*
 * The start of the child's period of care still open at the end of the
 * return, or SR_DATE_NONE when the last one has ended or the child has no
 * episode with a valid DECOM.  A period of care is a run of episodes where
 * each continues the one before it: that one ended with REC X1 on the day
 * this one starts, or has no valid DEC (open or unreadable: a gap cannot be
 * told).  The same periods as the Missing rules use (rules_cla_500.c).
 */
static sr_date open_period_start(const struct cla_view *v)
{
    size_t k = v->n_ep;

    while (k > 0 && !sr_date_ok(v->ep[k - 1].decom))   /* invalid DECOMs sort last */
        k--;
    if (k == 0 || sr_date_ok(v->ep[k - 1].dec))
        return SR_DATE_NONE;
    for (size_t i = k - 1; i > 0; i--) {
        const struct cla_episode *prev = &v->ep[i - 1], *e = &v->ep[i];
        if (sr_date_ok(prev->dec) && !(cla_in(prev->rec, "X1") && e->decom == prev->dec))
            return e->decom;
    }
    return v->ep[0].decom;
}

/*
 * Whether episode e and the DoLO from `start` to `end` (both valid, end not
 * before start) overlap: some day is in both.  An episode holds the days
 * from DECOM to the day before DEC, because on DEC the child is already in
 * the next episode (DfE's episodes chain: next DECOM = DEC), so the day of
 * a move belongs to the new placement; one still open (DEC blank) holds
 * every day from DECOM on.  A DoLO likewise holds DOLO_START to the day
 * before DOLO_END: a DoLO that starts on the day the child moves in, or
 * ends on the day it moves out, does not touch the placement on the other
 * side of the move.  An episode or DoLO that ends on the day it starts (or
 * before: 356 and 702 report that) holds that one day.  Episodes without a
 * valid DECOM, or with an unreadable DEC, are not compared (141, 147).
 */
static bool overlaps(const struct cla_episode *e, sr_date start, sr_date end)
{
    sr_date dolo_last = end > start ? end - 1 : start, ep_last;

    if (!sr_date_ok(e->decom) || e->dec == SR_DATE_INVALID)
        return false;
    if (e->dec == SR_DATE_NONE)
        ep_last = INT32_MAX;
    else
        ep_last = e->dec > e->decom ? e->dec - 1 : e->decom;
    return e->decom <= dolo_last && start <= ep_last;
}

/*
 * 709 and 710: for each DoLO with both dates (DfE: "if DOLO_START and
 * DOLO_END are present"), the episodes that overlap it must (want true) or
 * must not (want false) have a placement of the list `places`.  One
 * finding per DoLO, at its DOLO_START, however many episodes offend,
 * naming the first of them (the other table's row).  A blank placement is
 * 146's business.
 */
static void placements_during(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *places, bool want)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(rows[i], "DOLO_START"), e = cla_row_date(rows[i], "DOLO_END");
        if (!sr_date_ok(s) || !sr_date_ok(e) || e < s)
            continue;
        for (size_t k = 0; k < v->n_ep; k++) {
            const struct cla_episode *ep = &v->ep[k];
            if (ep->place && cla_in(ep->place, places) != want && overlaps(ep, s, e)) {
                cla_rule_fail_other(ctx, v, rows[i], "DOLO_START", ep->row);
                break;
            }
        }
    }
}

/* Whether this child's return can hold DoLo rows at all: not when it is an
 * XML document and the year's DoLo table is not in the XML (xml=none). */
static bool dolo_carried(const struct cla_view *v)
{
    int k = v->env->tid[CLA_DOLO];

    if (k < 0)
        return false;
    return v->env->spec->tables[k].xml_row || !v->header || !v->header->xml_path;
}

/* ---- the dates of one DoLO ------------------------------------------------------ */

/* 700: DOLO_START is a valid date (blank included: the column is required). */
static void check_700(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_date_cells(ctx, v, "DOLO_START");
}

/* 701: DOLO_END, when given, is a valid date. */
static void check_701(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_date_cells(ctx, v, "DOLO_END");
}

/* 702: DOLO_END cannot be before DOLO_START.  DfE says "before"; the public
 * validator also fails an end on the day of the start, which we allow (a
 * one-day order), as 567 does for missing periods. */
static void check_702(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(rows[i], "DOLO_START"), e = cla_row_date(rows[i], "DOLO_END");
        if (sr_date_ok(s) && sr_date_ok(e) && e < s)
            cla_rule_fail_col(ctx, v, rows[i], "DOLO_START");
    }
}

/* 703: DOLO_START cannot be after 31 March of the collection year. */
static void check_703(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(rows[i], "DOLO_START");
        if (sr_date_ok(s) && s > v->env->period_end)
            cla_rule_fail_col(ctx, v, rows[i], "DOLO_START");
    }
}

/* 704: DOLO_END, when given, is within the collection year (1 April to
 * 31 March): an order that ended before it has no place in this return. */
static void check_704(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    for (size_t i = 0; i < n; i++) {
        sr_date e = cla_row_date(rows[i], "DOLO_END");
        if (sr_date_ok(e) && !cla_in_period(v, e))
            cla_rule_fail_col(ctx, v, rows[i], "DOLO_END");
    }
}

/* 708: DfE: DOLO_START must be after the date of birth, so a start on the
 * birthday fails too (DfE's logic says "> DOB"; the message says "before").
 * The Header's DOB is the child's; a DoLo DOB that differs is DIFFER's. */
static void check_708(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);

    if (!sr_date_ok(v->dob))
        return;
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(rows[i], "DOLO_START");
        if (sr_date_ok(s) && s <= v->dob)
            cla_rule_fail_col(ctx, v, rows[i], "DOLO_START");
    }
}

/* ---- the child's DoLOs together ---------------------------------------------------- */

/* 705: DfE: a DoLO's start must be on or after the previous DoLO's start,
 * and the previous DoLO must have an end.  "Previous" is the one before in
 * DOLO_START order (ties: the one with an end first, so of two starting the
 * same day only an open one makes the other fail), so the first condition
 * holds by construction and the rule fails a DoLO that follows an open one.
 * An unreadable end is not blank (701 reports it).  The public validator
 * orders by the end date as text and also fails some DoLOs nested inside
 * ended ones, which DfE's logic does not ask for. */
static void check_705(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct dolo d[DOLO_MAX];
    size_t n = dolo_sorted(v, d);

    for (size_t i = 1; i < n; i++)
        if (d[i - 1].end == SR_DATE_NONE)
            cla_rule_fail_col(ctx, v, d[i].row, "DOLO_START");
}

/* 706: DfE: when last year's last DoLO (latest DOLO_START) was still open,
 * this year must have a DoLO, and its first (earliest DOLO_START) must
 * start on the same day.  A different start fails this year's first DoLO; no
 * DoLO at all fails the child (its Header row).  Rows whose starts are all
 * unreadable are 700's.  An XML return cannot carry DoLOs (xml=none), so
 * there only a different start can be told.  (The public validator matches
 * any DoLO this year, not the first, and reports last year's row numbers
 * against this year's table.)  Last year's DoLOs exist only in returns from
 * 2026-27 on, so the rule can first fail in 2027-28. */
static void check_706(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    struct dolo last[DOLO_MAX], now[DOLO_MAX];
    size_t nl, n, rows;

    if (!v->previous)
        return;
    nl = dolo_sorted(v->previous, last);
    if (!nl || last[nl - 1].end != SR_DATE_NONE)
        return;
    n = dolo_sorted(v, now);
    if (n) {
        if (now[0].start != last[nl - 1].start)
            cla_rule_fail_col(ctx, v, now[0].row, "DOLO_START");
        return;
    }
    cla_view_rows(v, CLA_DOLO, &rows);
    if (rows || !dolo_carried(v))
        return;
    if (v->header)
        cla_rule_fail_col(ctx, v, v->header, NULL);
    else
        cla_rule_fail_at(ctx, v->child, v->child->line, "DoLo");
}

/* 707: a DoLO without an end needs the child still in care: it fails unless
 * the child's period of care still open at the end of the return started on
 * or before DOLO_START.  Children without episodes are left alone.  As for
 * 577 (missing periods), the public validator also fails ended DoLOs outside
 * every period of care, which DfE's message is not about. */
static void check_707(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_DOLO, &n);
    sr_date open;

    if (!n || v->n_ep == 0 || !sr_date_ok(v->ep[0].decom))
        return;
    open = open_period_start(v);
    for (size_t i = 0; i < n; i++) {
        sr_date s = cla_row_date(rows[i], "DOLO_START");
        if (sr_date_ok(s) && !cla_row_value(rows[i], "DOLO_END") && (open == SR_DATE_NONE || open > s))
            cla_rule_fail_col(ctx, v, rows[i], "DOLO_END");
    }
}

/* 709: DfE: the placement (DfE's PLACEMENT: Episodes.PLACE) of every
 * episode that overlaps a DoLO with both dates should be K2, Z12 or Z13.
 * The public validator reads a column PLACEMENT that the Episodes table does
 * not have, and leaves open episodes out (a blank DEC compares false); we
 * use PLACE and count an open episode as still going. */
static void check_709(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    placements_during(ctx, v, "K2 Z12 Z13", true);
}

/* 710: DfE: no episode that overlaps a DoLO with both dates may be placed
 * in K1, P1, R5 or K3 (secure children's home, with parents, young
 * offender institution, supported accommodation).  PLACEMENT is
 * Episodes.PLACE, as for 709. */
static void check_710(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    placements_during(ctx, v, "K1 P1 R5 K3", false);
}

/* ---- table --------------------------------------------------------------------- */

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }
#define FROM_2027 .first_year = 2027

const struct cla_rule cla_rules_700[] = {
    { .info = RULE("700", "DoLo", "The start date of the DoLO is not a valid date."), FROM_2027,
      .covers = "DoLo.DOLO_START", .check = check_700 },
    { .info = RULE("701", "DoLo", "The end date of the DoLO is not a valid date."), FROM_2027,
      .covers = "DoLo.DOLO_END", .check = check_701 },
    { .info = RULE("702", "DoLo", "The date that the DoLO ended is before the date that it started."), FROM_2027,
      .check = check_702 },
    { .info = RULE("703", "DoLo", "The date that the DoLO started is after the end of the collection year."),
      FROM_2027, .check = check_703 },
    { .info = RULE("704", "DoLo",
                   "The date that the DoLO ended is before the start or after the end of the collection year."),
      FROM_2027, .check = check_704 },
    { .info = RULE("705", "DoLo", "A DoLO cannot start when the previous DoLO is still open."), FROM_2027,
      .check = check_705 },
    /* DfE's text as published, with its doubled full stop. */
    { .info = RULE("706", "DoLo",
                   "There is an open DoLO in last year\u2019s return and there is no corresponding DoLO recorded at "
                   "the start of this year.."),
      FROM_2027, .needs = CLA_NEEDS_PREVIOUS, .check = check_706 },
    { .info = RULE("707", "DoLo, Episodes", "Child ceased to be looked after but there is a DoLO without an end date."),
      FROM_2027, .check = check_707 },
    { .info = RULE("708", "DoLo", "Dates of DoLOs are before child\u2019s date of birth."), FROM_2027,
      .check = check_708 },
    { .info = RULE("709", "DoLo, Episodes", "Child with a DoLO is in an unexpected placement type."), FROM_2027,
      .check = check_709 },
    { .info = RULE("710", "DoLo, Episodes",
                   "Child with a DoLO can not be placed in secure children's homes, with parents, young offender "
                   "institutions, or supported accommodation."),
      FROM_2027, .check = check_710 },
    { .info = { .code = NULL } },
};
