/*
 * DfE SSDA903 rules of the 100 series: the validity of single fields
 * (codes, dates, required values), the all-or-nothing groups of the AD1,
 * OC3 and OC2 tables, and the OC2 rules that depend on whether the child was
 * looked after continuously for 12 months at 31 March
 * (cla_continuously_looked_after).  Codes in this file: 101 102 103 104 105 112
 * 113 114 115 116 117 118 119 120 131 132 133 134 141 142 143 144 145 146
 * 147 148 149 151 153 157 158 159 165 166 167 168 171 174 175 176 177 178
 * 180 181 182 184 185 186 187 188 189 190 191 192 193 196 197B 197a 198 199.
 *
 * Most single-field rules "cover" their column (cla_rules.h): they replace
 * the validator's generic required/format/code check of it, so they fail
 * what that check would: a bad value, and a blank one where tables.conf
 * says the column is required.  The AD1 fields are the exception: DfE lets
 * them be blank one by one and rule 151 catches a partly completed row.
 * See cla_rules.h for the interface.
 */
#include <string.h>

#include "returns/ssda903/cla_rules.h"
/* ---- helpers ------------------------------------------------------------------- */

/* How a cell check treats a blank cell. */
enum blank { BLANK_SPEC, BLANK_OK };

/* Fails every row of table t whose `column` fails the table specification
 * (tables.conf, so each year's code list applies): a value of the wrong
 * type or not in the year's list, and a blank one when the column is
 * required (BLANK_SPEC) or never (BLANK_OK). */
static void check_cells(struct cla_rule_ctx *ctx, const struct cla_view *v, enum cla_tid t,
                        const char *column, enum blank blank)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, t, &n);
    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, column);
        if (k < 0)
            continue;
        const char *s = rows[i]->cells[k];
        if ((!s || !*s) && blank == BLANK_OK)
            continue;
        if (cla_check_value(&rows[i]->table->columns[k], s) != CLA_VALID)
            cla_rule_fail(ctx, v->child, rows[i], k);
    }
}

static bool blank(const char *s)
{
    return !s || !*s;
}

static bool is(const char *s, const char *code)
{
    return s && strcmp(s, code) == 0;
}

/* The first of the columns (a NULL-terminated list) of row r that is blank
 * (want_blank) or filled in (!want_blank), or NULL when none is. */
static const char *first_where(const struct cla_row *r, const char *const *columns, bool want_blank)
{
    for (; *columns; columns++)
        if (blank(cla_row_value(r, *columns)) == want_blank)
            return *columns;
    return NULL;
}

static const char *const ad1_fields[] = { "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                                          "LS_ADOPTR", NULL };
static const char *const oc3_fields[] = { "IN_TOUCH", "ACTIV", "ACCOM", NULL };
/* The OC2 items of children looked after for 12 months (181, 190). */
static const char *const oc2_fields[] = { "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                                          "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                                          "INTERVENTION_OFFERED", NULL };
/* The four of them that must be given when any is (182, 191). */
static const char *const oc2_core[] = { "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                        NULL };
static const char *const oc2_other[] = { "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED",
                                         "INTERVENTION_OFFERED", NULL };
static const char *const sdq_fields[] = { "SDQ_SCORE", "SDQ_REASON", NULL };
static const char *const interventions[] = { "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED", NULL };

/* ---- Header and UASC ------------------------------------------------------------- */

/* 101: The child or young person's reported sex is not valid. */
static void check_101(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_HEADER, "SEX", BLANK_SPEC);
}

/* 105: the UASC flag is 0 or 1, and given.  Only an XML document carries
 * it (HEADER/UASC); a CSV return says UASC by a row in the UASC table and
 * has nothing to check (the public validator skips CSV likewise). */
static void check_105(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && h->xml_path && !cla_in(cla_row_value(h, "UASC"), "0 1"))
        cla_rule_fail_col(ctx, v, h, "UASC");
}

/* 102: Date of birth is not a valid date (blank included). */
static void check_102(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && !sr_date_ok(v->dob))
        cla_rule_fail_col(ctx, v, h, "DOB");
}

/* 103: The ethnicity code is either not valid or has not been entered. */
static void check_103(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_HEADER, "ETHNIC", BLANK_SPEC);
}

/* 104: the date UASC status ceased, when given, is a valid date and not
 * before the collection year (the public validator checks both; DfE's
 * message names only the first). */
static void check_104(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_UASC, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "DUC");
        if (d == SR_DATE_INVALID || (sr_date_ok(d) && d < v->env->period_start))
            cla_rule_fail_col(ctx, v, rows[i], "DUC");
    }
}

/* ---- AD1 and PlacedAdoption -------------------------------------------------------- */

/* 112, 113, 114: the AD1 dates and former-carer flag, when given, are valid
 * (blanks are 151's business). */
static void check_112(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "DATE_INT", BLANK_OK);
}

static void check_113(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "DATE_MATCH", BLANK_OK);
}

static void check_114(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "FOSTER_CARE", BLANK_OK);
}

/* 115, 116: the dates of the decisions to place for adoption and to stop. */
static void check_115(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_PLACED_ADOPTION, "DATE_PLACED", BLANK_SPEC);
}

static void check_116(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_PLACED_ADOPTION, "DATE_PLACED_CEASED", BLANK_SPEC);
}

/* 117: neither decision date may be after 31 March, nor after the DEC of
 * the child's latest episode whose REC is not X1 (DfE: "latest episode
 * where REC not = X1"; an open one sets no limit). */
static void check_117(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;
    sr_date limit = v->env->period_end;

    rows = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    if (n == 0)
        return;
    for (size_t i = v->n_ep; i-- > 0;) {
        const struct cla_episode *e = &v->ep[i];
        if (!sr_date_ok(e->decom) || is(e->rec, "X1"))
            continue;
        if (sr_date_ok(e->dec) && e->dec < limit)
            limit = e->dec;
        break;
    }
    for (size_t i = 0; i < n; i++) {
        sr_date placed = cla_row_date(rows[i], "DATE_PLACED");
        sr_date ceased = cla_row_date(rows[i], "DATE_PLACED_CEASED");
        if ((sr_date_ok(placed) && placed > limit) || (sr_date_ok(ceased) && ceased > limit))
            cla_rule_fail_col(ctx, v, rows[i], "DATE_PLACED_CEASED");
    }
}

/* 118: the date of the decision to stop, when given, may not be before 1
 * April nor before the DECOM of the child's earliest episode whose legal
 * status is not V3/V4. */
static void check_118(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;
    sr_date limit = v->env->period_start;

    rows = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    if (n == 0)
        return;
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && !cla_in(e->ls, "V3 V4")) {
            if (e->decom > limit)
                limit = e->decom;
            break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        sr_date ceased = cla_row_date(rows[i], "DATE_PLACED_CEASED");
        if (sr_date_ok(ceased) && ceased < limit)
            cla_rule_fail_col(ctx, v, rows[i], "DATE_PLACED_CEASED");
    }
}

/* 119: the date of the decision to stop and its reason come together. */
static void check_119(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    for (size_t i = 0; i < n; i++)
        if (blank(cla_row_value(rows[i], "DATE_PLACED_CEASED")) !=
            blank(cla_row_value(rows[i], "REASON_PLACED_CEASED")))
            cla_rule_fail_col(ctx, v, rows[i], "REASON_PLACED_CEASED");
}

/* 120: the reason for the reversal, when given, is a valid code. */
static void check_120(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_PLACED_ADOPTION, "REASON_PLACED_CEASED", BLANK_SPEC);
}

/* ---- OC3 ------------------------------------------------------------------------- */

/* 131, 132, 133: the care leaver items are valid codes (blank fails: the
 * columns are required in a row of OC3). */
static void check_131(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_OC3, "IN_TOUCH", BLANK_SPEC);
}

static void check_132(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_OC3, "ACTIV", BLANK_SPEC);
}

static void check_133(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_OC3, "ACCOM", BLANK_SPEC);
}

/* 134: a child with care leaver (OC3) data has no adoption (AD1) data. */
static void check_134(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *oc3 = cla_view_row(v, CLA_OC3), *ad1 = cla_view_row(v, CLA_AD1);

    if (oc3 && ad1 && first_where(oc3, oc3_fields, false) && first_where(ad1, ad1_fields, false))
        cla_rule_fail_col(ctx, v, ad1, "DATE_INT");
}

/* ---- Episodes --------------------------------------------------------------------- */

/* 141: Date episode began is not a valid date (blank included: required). */
static void check_141(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "DECOM", BLANK_SPEC);
}

/* 142: every episode but the last (in DECOM order) has ended: DEC and REC
 * given.  Episodes without a valid DECOM are 141's business. */
static void check_142(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i + 1 < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && (e->dec == SR_DATE_NONE || blank(e->rec)))
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* 143, 144, 145, 146: RNE, LS, CIN and PLACE are valid codes of the year.
 * 146's list is the year's (tables.conf): K3 valid and H5/P2 retired from
 * 2024-25 as DfE says (the public validator's 2024-25 list differs), Z1
 * split into Z11-Z14 from 2025-26. */
static void check_143(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "RNE", BLANK_SPEC);
}

static void check_144(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "LS", BLANK_SPEC);
}

static void check_145(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "CIN", BLANK_SPEC);
}

static void check_146(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "PLACE", BLANK_SPEC);
}

/* 147: Date episode ceased, when given, is a valid date. */
static void check_147(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "DEC", BLANK_SPEC);
}

/* 148: DEC and REC are both given or both blank. */
static void check_148(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if ((e->dec == SR_DATE_NONE) != blank(e->rec))
            cla_rule_fail_col(ctx, v, e->row, "DEC");
    }
}

/* 149: Reason episode ceased, when given, is a valid code. */
static void check_149(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_EPISODES, "REC", BLANK_SPEC);
}

/* 151: the AD1 items are all given or all blank (fails at the first blank). */
static void check_151(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_AD1);
    const char *gap;

    if (r && first_where(r, ad1_fields, false) && (gap = first_where(r, ad1_fields, true)))
        cla_rule_fail_col(ctx, v, r, gap);
}

/* 153: the OC3 items are all given or all blank. */
static void check_153(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC3);
    const char *gap;

    if (r && first_where(r, oc3_fields, false) && (gap = first_where(r, oc3_fields, true)))
        cla_rule_fail_col(ctx, v, r, gap);
}

/* ---- OC2 ----------------------------------------------------------------------------- */

/* 157: SDQ1 (no score: child under 4 or 17 and over) is not a reason for a
 * child continuously looked after who was 4 or over on 1 April and whose
 * 16th birthday is on or after 31 March. */
static void check_157(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);
    sr_date four = cla_birthday(v, 4), sixteen = cla_birthday(v, 16);

    if (r && sr_date_ok(four) && four <= v->env->period_start && sixteen >= v->env->period_end &&
        blank(cla_row_value(r, "SDQ_SCORE")) && is(cla_row_value(r, "SDQ_REASON"), "SDQ1") &&
        cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "SDQ_REASON");
}

/* 158: an intervention received (1) leaves "offered" blank. */
static void check_158(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && is(cla_row_value(r, "INTERVENTION_RECEIVED"), "1") &&
        !blank(cla_row_value(r, "INTERVENTION_OFFERED")))
        cla_rule_fail_col(ctx, v, r, "INTERVENTION_RECEIVED");
}

/* 159: substance misuse (1) with no intervention received (0) says whether
 * one was offered. */
static void check_159(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && is(cla_row_value(r, "SUBSTANCE_MISUSE"), "1") &&
        is(cla_row_value(r, "INTERVENTION_RECEIVED"), "0") &&
        blank(cla_row_value(r, "INTERVENTION_OFFERED")))
        cla_rule_fail_col(ctx, v, r, "SUBSTANCE_MISUSE");
}

/* ---- Header again -------------------------------------------------------------------- */

/* Whether the child has an episode in the year with a legal status other
 * than V3/V4 (165). */
static bool in_care_in_year(const struct cla_view *v)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && e->decom <= v->env->period_end &&
            (!sr_date_ok(e->dec) || e->dec >= v->env->period_start) && !cla_in(e->ls, "V3 V4"))
            return true;
    }
    return false;
}

/* 165: MOTHER, when given, is 0 or 1 and the child is not male; a girl
 * looked after in the year (not only V3/V4 short breaks) has it given.
 * DfE compares SEX with the codes of the year (M/F from 2024-25; the public
 * validator still compares the old 1/2).  Its extra failure of a girl with
 * MOTHER given, OC3 data and no episode in the year is not in DfE's text
 * and is left out. */
static void check_165(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (!h)
        return;
    const char *mother = cla_row_value(h, "MOTHER");
    if (!blank(mother) ? (!cla_in(mother, "0 1") || is(v->sex, "M"))
                       : (is(v->sex, "F") && in_care_in_year(v)))
        cla_rule_fail_col(ctx, v, h, "MOTHER");
}

/* 166, 167: each review has a valid date and participation code. */
static void check_166(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_REVIEWS, "REVIEW", BLANK_SPEC);
}

static void check_167(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_REVIEWS, "REVIEW_CODE", BLANK_SPEC);
}

/* 168: the UPN, when given, is valid (check letter included) or UN1-UN5. */
static void check_168(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_HEADER, "UPN", BLANK_SPEC);
}

/* 171: the date of birth of the mother's child, when given, is valid. */
static void check_171(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_HEADER, "MC_DOB", BLANK_SPEC);
}

/* 174: a male child has no mother's child date of birth. */
static void check_174(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && is(v->sex, "M") && !blank(cla_row_value(h, "MC_DOB")))
        cla_rule_fail_col(ctx, v, h, "SEX");
}

/* 175, 176, 177: the adopter codes, when given, are valid. */
static void check_175(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "NB_ADOPTR", BLANK_OK);
}

static void check_176(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "SEX_ADOPTR", BLANK_OK);
}

static void check_177(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_AD1, "LS_ADOPTR", BLANK_OK);
}

/* 178: a placement provider, when given, is a valid code and the placement
 * is not one that has no provider (the list changed in 2025-26: T4 no
 * longer in it, Z1 became Z11-Z14). */
static void provider_check(struct cla_rule_ctx *ctx, const struct cla_view *v, const char *no_provider)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, "PLACE_PROVIDER");

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!blank(e->place_provider) && (!cla_code_in(l, e->place_provider) || cla_in(e->place, no_provider)))
            cla_rule_fail_col(ctx, v, e->row, "PLACE_PROVIDER");
    }
}

static void check_178_2025(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_check(ctx, v, "T0 T1 T2 T3 T4 Z1");
}

static void check_178(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    provider_check(ctx, v, "T0 T1 T2 T3 Z11 Z12 Z13 Z14");
}

/* 180: the SDQ score, when given, is a whole number from 0 to 40. */
static void check_180(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_OC2, "SDQ_SCORE", BLANK_SPEC);
}

/* 181: the 12-month items, when given, are 0 or 1 (one finding per row, at
 * the first bad item). */
static void check_181(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (!r)
        return;
    for (const char *const *c = oc2_fields; *c; c++) {
        const char *s = cla_row_value(r, *c);
        if (!blank(s) && !cla_in(s, "0 1")) {
            cla_rule_fail_col(ctx, v, r, *c);
            return;
        }
    }
}

/* 182: when any of the other OC2 items is given, immunisations, teeth
 * check, health assessment and substance misuse are all given. */
static void check_182(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && first_where(r, oc2_other, false) &&
        first_where(r, oc2_core, true))
        cla_rule_fail_col(ctx, v, r, "IMMUNISATIONS");
}

/* 184: the decision to place for adoption is not before the child's birth. */
static void check_184(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *const *rows;
    size_t n;

    if (!sr_date_ok(v->dob))
        return;
    rows = cla_view_rows(v, CLA_PLACED_ADOPTION, &n);
    for (size_t i = 0; i < n; i++) {
        sr_date d = cla_row_date(rows[i], "DATE_PLACED");
        if (sr_date_ok(d) && d < v->dob)
            cla_rule_fail_col(ctx, v, rows[i], "DATE_PLACED");
    }
}

/* 185: an SDQ score only for a child continuously looked after. */
static void check_185(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && !blank(cla_row_value(r, "SDQ_SCORE")) && !cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "SDQ_SCORE");
}

/* 186: a child continuously looked after, 4 or over on 1 April and under 17
 * on 31 March, has an SDQ score, or a valid reason for none.  SDQ_REASON
 * exists to explain a missing score, so a blank score with a valid reason
 * passes: the public validator reads it so too (it fails only a row with
 * both blank), and 188 and 189 treat score and reason alike.  A reason that
 * is not a code explains nothing: 196 reports the code, and 186 the score
 * still missing. */
static void check_186(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);
    sr_date four = cla_birthday(v, 4), seventeen = cla_birthday(v, 17);
    const char *reason = r ? cla_row_value(r, "SDQ_REASON") : NULL;

    if (r && sr_date_ok(four) && four <= v->env->period_start && seventeen > v->env->period_end &&
        blank(cla_row_value(r, "SDQ_SCORE")) &&
        (blank(reason) || !cla_code_in(cla_spec_codes(v->env->spec, "SDQ_REASON"), reason)) &&
        cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "SDQ_SCORE");
}

/* 187: a child continuously looked after has no adoption (AD1) or care
 * leaver (OC3) data. */
static void check_187(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *ad1 = cla_view_row(v, CLA_AD1), *oc3 = cla_view_row(v, CLA_OC3);
    bool ad1_data = ad1 && first_where(ad1, ad1_fields, false);
    bool oc3_data = oc3 && first_where(oc3, oc3_fields, false);

    if ((!ad1_data && !oc3_data) || !cla_continuously_looked_after(v))
        return;
    if (ad1_data)
        cla_rule_fail_col(ctx, v, ad1, "DATE_INT");
    if (oc3_data)
        cla_rule_fail_col(ctx, v, oc3, "IN_TOUCH");
}

/* 188: no SDQ score or reason for a child under 4 on 31 March. */
static void check_188(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);
    sr_date four = cla_birthday(v, 4);

    if (r && sr_date_ok(four) && four > v->env->period_end &&
        first_where(r, sdq_fields, false))
        cla_rule_fail_col(ctx, v, r, "SDQ_SCORE");
}

/* 189: no SDQ score or reason for a child 17 or over on 1 April. */
static void check_189(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);
    sr_date seventeen = cla_birthday(v, 17);

    if (r && sr_date_ok(seventeen) && seventeen <= v->env->period_start &&
        first_where(r, sdq_fields, false))
        cla_rule_fail_col(ctx, v, r, "DOB");
}

/* 190: the 12-month items only for a child continuously looked after. */
static void check_190(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && first_where(r, oc2_fields, false) && !cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "CONVICTED");
}

/* 191: a child continuously looked after has an OC2 row with
 * immunisations, teeth check, health assessment and substance misuse
 * given; with no OC2 row at all, the finding is on the first episode. */
static void check_191(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r ? !first_where(r, oc2_core, true)
          : v->n_ep == 0)
        return;
    if (!cla_continuously_looked_after(v))
        return;
    if (r)
        cla_rule_fail_col(ctx, v, r, "IMMUNISATIONS");
    else
        cla_rule_fail_col(ctx, v, v->ep[0].row, "CHILD");
}

/* 192: substance misuse (1) says whether an intervention was received. */
static void check_192(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && is(cla_row_value(r, "SUBSTANCE_MISUSE"), "1") && blank(cla_row_value(r, "INTERVENTION_RECEIVED")))
        cla_rule_fail_col(ctx, v, r, "SUBSTANCE_MISUSE");
}

/* 193: without substance misuse (0 or blank), both intervention items are
 * blank. */
static void check_193(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (!r)
        return;
    const char *sm = cla_row_value(r, "SUBSTANCE_MISUSE");
    if ((blank(sm) || is(sm, "0")) && first_where(r, interventions, false))
        cla_rule_fail_col(ctx, v, r, "SUBSTANCE_MISUSE");
}

/* 196: the reason for no SDQ score, when given, is a valid code. */
static void check_196(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    check_cells(ctx, v, CLA_OC2, "SDQ_REASON", BLANK_SPEC);
}

/* 197B: a child continuously looked after whose 4th or 17th birthday falls
 * in the year has an SDQ score or a reason for none. */
static void check_197B(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && (cla_in_period(v, cla_birthday(v, 4)) || cla_in_period(v, cla_birthday(v, 17))) &&
        !first_where(r, sdq_fields, false) && cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "SDQ_REASON");
}

/* 197a: a reason for no SDQ score is not given with a score. */
static void check_197a(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && !blank(cla_row_value(r, "SDQ_SCORE")) && !blank(cla_row_value(r, "SDQ_REASON")))
        cla_rule_fail_col(ctx, v, r, "SDQ_SCORE");
}

/* 198: a reason for no SDQ score only for a child continuously looked after. */
static void check_198(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *r = cla_view_row(v, CLA_OC2);

    if (r && !blank(cla_row_value(r, "SDQ_REASON")) && !cla_continuously_looked_after(v))
        cla_rule_fail_col(ctx, v, r, "SDQ_REASON");
}

/* 199: a child adopted from care (REC E11/E12) does not come back under the
 * same record: every episode that starts after an adoption episode fails.
 * DfE checks its national history; we see this year's return and, when
 * --previous is given, last year's (the rule runs without it, as DfE's
 * note says only the data loaded is tested).  A repeat of last year's
 * adoption episode (same DECOM) is the same episode, not a return. */
static void check_199(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    sr_date before = SR_DATE_NONE;   /* DECOM of last year's first adoption episode */
    bool adopted = false;             /* an adoption episode seen this year */

    if (v->previous)
        for (size_t i = 0; i < v->previous->n_ep && before == SR_DATE_NONE; i++) {
            const struct cla_episode *e = &v->previous->ep[i];
            if (sr_date_ok(e->decom) && cla_in(e->rec, "E11 E12"))
                before = e->decom;
        }
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!sr_date_ok(e->decom))
            break;   /* the rest have no valid start (141) */
        if (adopted || (before != SR_DATE_NONE && e->decom > before))
            cla_rule_fail_col(ctx, v, e->row, "CHILD");
        if (cla_in(e->rec, "E11 E12"))
            adopted = true;
    }
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_100[] = {
    { .info = RULE("101", "Header",
                   "The child or young person\u2019s reported sex is not valid."),
      .covers = "Header.SEX", .check = check_101 },
    { .info = RULE("102", "Header",
                   "Date of birth is not a valid date."),
      .covers = "Header.DOB", .check = check_102 },
    { .info = RULE("105", "Header",
                   "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has "
                   "not been completed."),
      .covers = "Header.UASC", .check = check_105 },
    { .info = RULE("103", "Header",
                   "The ethnicity code is either not valid or has not been entered."),
      .covers = "Header.ETHNIC", .check = check_103 },
    { .info = RULE("104", "UASC",
                   "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."),
      .covers = "UASC.DUC", .check = check_104 },
    { .info = RULE("112", "AD1",
                   "Date should be placed for adoption is not a valid date."),
      .covers = "AD1.DATE_INT", .check = check_112 },
    { .info = RULE("113", "AD1",
                   "Date matching child and adopter(s) is not a valid date."),
      .covers = "AD1.DATE_MATCH", .check = check_113 },
    { .info = RULE("114", "AD1",
                   "Data entry to record the status of former carer(s) of an adopted child is invalid."),
      .covers = "AD1.FOSTER_CARE", .check = check_114 },
    { .info = RULE("115", "PlacedAdoption",
                   "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date."),
      .covers = "PlacedAdoption.DATE_PLACED", .check = check_115 },
    { .info = RULE("116", "PlacedAdoption",
                   "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date."),
      .covers = "PlacedAdoption.DATE_PLACED_CEASED", .check = check_116 },
    { .info = RULE("117", "PlacedAdoption",
                   "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after."),
      .check = check_117 },
    { .info = RULE("118", "PlacedAdoption",
                   "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after."),
      .check = check_118 },
    { .info = RULE("119", "PlacedAdoption",
                   "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed."),
      .check = check_119 },
    { .info = RULE("120", "PlacedAdoption",
                   "The reason for the reversal of the decision that the child should be placed for adoption code is not valid."),
      .covers = "PlacedAdoption.REASON_PLACED_CEASED", .check = check_120 },
    { .info = RULE("131", "OC3",
                   "Data entry for being in touch after leaving care is invalid."),
      .covers = "OC3.IN_TOUCH", .check = check_131 },
    { .info = RULE("132", "OC3",
                   "Data entry for activity after leaving care is invalid."),
      .covers = "OC3.ACTIV", .check = check_132 },
    { .info = RULE("133", "OC3",
                   "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid"),
      .covers = "OC3.ACCOM", .check = check_133 },
    { .info = RULE("134", "AD1",
                   "Data on adoption should not be entered for the OC3 cohort."),
      .check = check_134 },
    { .info = RULE("141", "Episodes",
                   "Date episode began is not a valid date."),
      .covers = "Episodes.DECOM", .check = check_141 },
    { .info = RULE("142", "Episodes",
                   "A new episode has started, but the previous episode has not ended."),
      .check = check_142 },
    { .info = RULE("143", "Episodes",
                   "The reason for new episode code is not a valid code."),
      .covers = "Episodes.RNE", .check = check_143 },
    { .info = RULE("144", "Episodes",
                   "The legal status code is not a valid code."),
      .covers = "Episodes.LS", .check = check_144 },
    { .info = RULE("145", "Episodes",
                   "Category of need code is not a valid code."),
      .covers = "Episodes.CIN", .check = check_145 },
    { .info = RULE("146", "Episodes",
                   "Placement type code is not a valid code."),
      .covers = "Episodes.PLACE", .check = check_146 },
    { .info = RULE("147", "Episodes",
                   "Date episode ceased is not a valid date."),
      .covers = "Episodes.DEC", .check = check_147 },
    { .info = RULE("148", "Episodes",
                   "Date episode ceased and reason episode ceased must both be coded, or both left blank."),
      .check = check_148 },
    { .info = RULE("149", "Episodes",
                   "Reason episode ceased code is not valid."),
      .covers = "Episodes.REC", .check = check_149 },
    { .info = RULE("151", "AD1",
                   "All data items relating to a childs adoption must be coded or left blank."),
      .check = check_151 },
    { .info = RULE("153", "OC3",
                   "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank."),
      .check = check_153 },
    { .info = RULE("157", "OC2",
                   "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."),
      .check = check_157 },
    { .info = RULE("158", "OC2",
                   "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank."),
      .check = check_158 },
    { .info = RULE("159", "OC2",
                   "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well."),
      .check = check_159 },
    { .info = RULE("165", "Header",
                   "Data entry for mother status is invalid."),
      .covers = "Header.MOTHER", .check = check_165 },
    { .info = RULE("166", "Reviews",
                   "Date of review is invalid or blank."),
      .covers = "Reviews.REVIEW", .check = check_166 },
    { .info = RULE("167", "Reviews",
                   "Data entry for participation is invalid or blank."),
      .covers = "Reviews.REVIEW_CODE", .check = check_167 },
    { .info = RULE("168", "Header",
                   "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5."),
      .covers = "Header.UPN", .check = check_168 },
    { .info = RULE("171", "Header",
                   "Date of birth of mother's child is not a valid date."),
      .covers = "Header.MC_DOB", .check = check_171 },
    { .info = RULE("174", "Header",
                   "Mother's child date of birth is recorded but sex shows that the child is a male."),
      .check = check_174 },
    { .info = RULE("175", "AD1",
                   "The number of adopter(s) code is not a valid code."),
      .covers = "AD1.NB_ADOPTR", .check = check_175 },
    { .info = RULE("176", "AD1",
                   "The gender of adopter(s) at the date of adoption code is not a valid code."),
      .covers = "AD1.SEX_ADOPTR", .check = check_176 },
    { .info = RULE("177", "AD1",
                   "The legal status of adopter(s) code is not a valid code."),
      .covers = "AD1.LS_ADOPTR", .check = check_177 },
    { .info = RULE("178", "Episodes",
                   "Placement provider code is not a valid code."),
      .last_year = 2025, .covers = "Episodes.PLACE_PROVIDER", .check = check_178_2025 },
    { .info = RULE("178", "Episodes",
                   "Placement provider code is not a valid code."),
      .first_year = 2026, .covers = "Episodes.PLACE_PROVIDER", .check = check_178 },
    { .info = RULE("180", "OC2",
                   "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid."),
      .covers = "OC2.SDQ_SCORE", .check = check_180 },
    { .info = RULE("181", "OC2",
                   "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1."),
      .covers = "OC2.CONVICTED OC2.HEALTH_CHECK OC2.IMMUNISATIONS OC2.TEETH_CHECK OC2.HEALTH_ASSESSMENT "
                  "OC2.SUBSTANCE_MISUSE OC2.INTERVENTION_RECEIVED OC2.INTERVENTION_OFFERED",
      .check = check_181 },
    { .info = RULE("182", "OC2",
                   "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank."),
      .check = check_182 },
    { .info = RULE("184", "PlacedAdoption",
                   "Date of decision that a child should be placed for adoption is before the child was born."),
      .check = check_184 },
    { .info = RULE("185", "OC2",
                   "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed."),
      .check = check_185 },
    { .info = RULE("186", "OC2",
                   "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed."),
      .check = check_186 },
    { .info = RULE("187", "AD1, OC3",
                   "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed."),
      .check = check_187 },
    { .info = RULE("188", "OC2",
                   "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed."),
      .check = check_188 },
    { .info = RULE("189", "OC2",
                   "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed."),
      .check = check_189 },
    { .info = RULE("190", "OC2",
                   "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed."),
      .check = check_190 },
    { .info = RULE("191", "OC2",
                   "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank."),
      .check = check_191 },
    { .info = RULE("192", "OC2",
                   "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank."),
      .check = check_192 },
    { .info = RULE("193", "OC2",
                   "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed."),
      .check = check_193 },
    { .info = RULE("196", "OC2",
                   "Strengths and Difficulties (SDQ) reason is not a valid code."),
      .covers = "OC2.SDQ_REASON", .check = check_196 },
    { .info = RULE("197B", "OC2",
                   "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds."),
      .check = check_197B },
    { .info = RULE("197a", "OC2",
                   "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in."),
      .check = check_197a },
    { .info = RULE("198", "OC2",
                   "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed."),
      .check = check_198 },
    { .info = RULE("199", "Episodes",
                   "Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]"),
      .check = check_199 },
    { .info = { .code = NULL } },
};
