/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_600.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Year 0 is 2025-26 (1 April 2025 to
 * 31 March 2026); 2025 is 2024-25.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <string.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

#define AD1_FULL "AD1: DOB=01/01/2015 DATE_INT=01/05/2025 DATE_MATCH=01/06/2025 FOSTER_CARE=0 NB_ADOPTR=1 " \
                 "SEX_ADOPTR=M1 LS_ADOPTR=L0\n"

/* ---- 600 series ---------------------------------------------------------------- */

static void test_601(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: adopted with full AD1", 0, 0,
          "Episodes: DECOM=01/04/2024 DEC=10/10/2025 REC=E11\n" AD1_FULL },
        { "fails: adopted, AD1 field blank", 0, 1,
          "Episodes: DECOM=01/04/2024 DEC=10/10/2025 REC=E12\n"
          "AD1: DOB=01/01/2015 DATE_INT=01/05/2025 DATE_MATCH=01/06/2025 FOSTER_CARE=0 NB_ADOPTR=1 SEX_ADOPTR=M1\n" },
        { "fails: adopted on 31 March, no AD1 row", 0, 1,
          "Episodes: DECOM=01/04/2024 DEC=31/03/2026 REC=E11\n" },
        { "passes: adopted on 31 March last year", 0, 0,
          "Episodes: DECOM=01/04/2024 DEC=31/03/2025 REC=E11\n" },
        { "passes: not an adoption", 0, 0,
          "Episodes: DECOM=01/04/2024 DEC=10/10/2025 REC=E13\n" },
        { "fails: 2024-25 too", 2025, 1,
          "Episodes: DECOM=01/04/2024 DEC=01/04/2024 REC=E11\n" },
    };
    (void)state;
    RUN("601", cases);
    /* an incomplete AD1 row (the other table) is named; with none, nothing to name */
    cla_case_expect_other("601", &cases[1], "AD1 row 1, line 2");
    char detail[512];
    assert_int_equal(cla_case_detail("601", &cases[2], detail, sizeof detail), 1);
    assert_string_equal(detail, "");
}

static void test_602(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: AD1 with an adoption", 0, 0,
          "Episodes: DECOM=01/04/2024 DEC=10/10/2025 REC=E11\n" AD1_FULL },
        { "fails: AD1 with no adoption", 0, 1,
          "Episodes: DECOM=01/04/2024 DEC=10/10/2025 REC=E13\n" AD1_FULL },
        { "fails: adoption was last year", 0, 1,
          "Episodes: DECOM=01/04/2024 DEC=31/03/2025 REC=E11\n" AD1_FULL },
        { "passes: no AD1", 0, 0, "Episodes: DECOM=01/04/2024\n" },
    };
    (void)state;
    RUN("602", cases);
}

static void test_607(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: girl left care, MOTHER blank", 0, 1,
          "Header: SEX=F DOB=01/01/2008\n"
          "Episodes: DECOM=01/04/2024 DEC=01/04/2025 REC=E13 LS=C2\n" },
        { "passes: MOTHER given", 0, 0,
          "Header: SEX=F DOB=01/01/2008 MOTHER=0\n"
          "Episodes: DECOM=01/04/2024 DEC=01/04/2025 REC=E13 LS=C2\n" },
        { "passes: boy", 0, 0,
          "Header: SEX=M DOB=01/01/2008\n"
          "Episodes: DECOM=01/04/2024 DEC=01/04/2025 REC=E13 LS=C2\n" },
        { "passes: REC X1", 0, 0,
          "Header: SEX=F DOB=01/01/2008\n"
          "Episodes: DECOM=01/04/2024 DEC=01/04/2025 REC=X1 LS=C2\n" },
        { "passes: short breaks V3", 0, 0,
          "Header: SEX=F DOB=01/01/2008\n"
          "Episodes: DECOM=01/04/2024 DEC=01/04/2025 REC=E13 LS=V3\n" },
        { "passes: left the day before the year", 0, 0,
          "Header: SEX=F DOB=01/01/2008\n"
          "Episodes: DECOM=01/04/2024 DEC=31/03/2025 REC=E13 LS=C2\n" },
    };
    (void)state;
    RUN("607", cases);
}

static void test_611(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: mother, MC_DOB blank", 0, 1, "Header: SEX=F DOB=01/01/2008 MOTHER=1\n" },
        { "passes: mother with MC_DOB", 0, 0, "Header: SEX=F DOB=01/01/2008 MOTHER=1 MC_DOB=01/01/2025\n" },
        { "passes: not a mother", 0, 0, "Header: SEX=F DOB=01/01/2008 MOTHER=0\n" },
    };
    (void)state;
    RUN("611", cases);
}

static void test_612(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: MOTHER 0 with MC_DOB", 0, 1, "Header: SEX=F DOB=01/01/2008 MOTHER=0 MC_DOB=01/01/2025\n" },
        { "fails: MOTHER blank with MC_DOB", 0, 1, "Header: SEX=F DOB=01/01/2008 MC_DOB=01/01/2025\n" },
        { "passes: MOTHER 1", 0, 0, "Header: SEX=F DOB=01/01/2008 MOTHER=1 MC_DOB=01/01/2025\n" },
        { "passes: no MC_DOB", 0, 0, "Header: SEX=F DOB=01/01/2008 MOTHER=0\n" },
    };
    (void)state;
    RUN("612", cases);
}

static void test_620(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 11 on 1 April", 0, 0, "Header: SEX=F DOB=01/04/2014 MOTHER=1\n" },
        { "fails: 11 the day after 1 April", 0, 1, "Header: SEX=F DOB=02/04/2014 MOTHER=1\n" },
        { "passes: young but not a mother", 0, 0, "Header: SEX=F DOB=02/04/2014 MOTHER=0\n" },
        { "fails: 2024-25 boundary", 2025, 1, "Header: SEX=F DOB=02/04/2013 MOTHER=1\n" },
    };
    (void)state;
    RUN("620", cases);
}

static void test_621(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: child born after mother", 0, 0, "Header: SEX=F DOB=01/01/2008 MC_DOB=02/01/2008\n" },
        { "fails: same day", 0, 1, "Header: SEX=F DOB=01/01/2008 MC_DOB=01/01/2008\n" },
        { "fails: before mother", 0, 1, "Header: SEX=F DOB=01/01/2008 MC_DOB=01/01/2007\n" },
        { "passes: no MC_DOB", 0, 0, "Header: SEX=F DOB=01/01/2008\n" },
    };
    (void)state;
    RUN("621", cases);
}

static void test_625(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on 31 March, still looked after", 0, 0,
          "Header: SEX=F DOB=01/01/2008 MC_DOB=31/03/2026\n"
          "Episodes: DECOM=01/04/2024\n" },
        { "fails: after 31 March", 0, 1,
          "Header: SEX=F DOB=01/01/2008 MC_DOB=01/04/2026\n"
          "Episodes: DECOM=01/04/2024\n" },
        { "fails: after the last DEC", 0, 1,
          "Header: SEX=F DOB=01/01/2008 MC_DOB=02/06/2025\n"
          "Episodes: DECOM=01/04/2024 DEC=01/06/2025 REC=E13\n" },
        { "passes: on the last DEC", 0, 0,
          "Header: SEX=F DOB=01/01/2008 MC_DOB=01/06/2025\n"
          "Episodes: DECOM=01/04/2024 DEC=01/06/2025 REC=E13\n" },
        { "passes: after an earlier DEC, last episode open", 0, 0,
          "Header: SEX=F DOB=01/01/2008 MC_DOB=02/06/2025\n"
          "Episodes: DECOM=01/04/2024 DEC=01/06/2025 REC=X1\n"
          "Episodes: DECOM=01/06/2025\n" },
    };
    (void)state;
    RUN("625", cases);
}

static void test_628(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: care leaver with MOTHER", 0, 1,
          "Header: SEX=F DOB=01/01/2005 MOTHER=0\n"
          "OC3: DOB=01/01/2005 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n" },
        { "passes: MOTHER blank", 0, 0,
          "Header: SEX=F DOB=01/01/2005\n"
          "OC3: DOB=01/01/2005 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n" },
        { "passes: looked after this year", 0, 0,
          "Header: SEX=F DOB=01/01/2005 MOTHER=0\n"
          "Episodes: DECOM=01/04/2024\n"
          "OC3: DOB=01/01/2005 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n" },
        { "passes: not a care leaver", 0, 0, "Header: SEX=F DOB=01/01/2005 MOTHER=0\n" },
    };
    (void)state;
    RUN("628", cases);
}

static void test_630(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: new period of care, no PrevPerm", 0, 1,
          "Episodes: DECOM=01/04/2025 RNE=S\n" },
        { "passes: started the day before the year", 0, 0,
          "Episodes: DECOM=31/03/2025 RNE=S\n" },
        { "passes: PREV_PERM Z1", 0, 0,
          "Episodes: DECOM=01/04/2025 RNE=S\n"
          "PrevPerm: DOB=01/01/2015 PREV_PERM=Z1\n" },
        { "fails: P1 without LA_PERM", 0, 1,
          "Episodes: DECOM=01/04/2025 RNE=S\n"
          "PrevPerm: DOB=01/01/2015 PREV_PERM=P1 DATE_PERM=01/01/2020\n" },
        { "passes: P1 complete", 0, 0,
          "Episodes: DECOM=01/04/2025 RNE=S\n"
          "PrevPerm: DOB=01/01/2015 PREV_PERM=P1 LA_PERM=352 DATE_PERM=01/01/2020\n" },
        { "fails: PREV_PERM blank", 0, 1,
          "Episodes: DECOM=01/04/2025 RNE=S\n"
          "PrevPerm: DOB=01/01/2015 LA_PERM=352\n" },
        { "passes: not a new period", 0, 0, "Episodes: DECOM=01/04/2025 RNE=P\n" },
    };
    (void)state;
    RUN("630", cases);
}

static void test_631(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: P4", 0, 0, "PrevPerm: DOB=01/01/2015 PREV_PERM=P4\n" },
        { "passes: blank", 0, 0, "PrevPerm: DOB=01/01/2015 LA_PERM=352\n" },
        { "fails: P0", 0, 1, "PrevPerm: DOB=01/01/2015 PREV_PERM=P0\n" },
        { "fails: lower case", 0, 1, "PrevPerm: DOB=01/01/2015 PREV_PERM=p1\n" },
    };
    (void)state;
    RUN("631", cases);
}

static void test_632(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: before DECOM", 0, 0,
          "Episodes: DECOM=01/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=31/03/2025\n" },
        { "fails: on DECOM", 0, 1,
          "Episodes: DECOM=01/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=01/04/2025\n" },
        { "passes: unknown day, may be before", 0, 0,
          "Episodes: DECOM=10/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=ZZ/04/2025\n" },
        { "fails: unknown day, month after", 0, 1,
          "Episodes: DECOM=10/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=ZZ/05/2025\n" },
        { "passes: all unknown", 0, 0,
          "Episodes: DECOM=10/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=ZZ/ZZ/ZZZZ\n" },
        { "fails: malformed", 0, 1,
          "Episodes: DECOM=10/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=ZZ/ZZ/ZZ\n" },
        { "fails: month 13", 0, 1,
          "Episodes: DECOM=10/04/2025\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=01/13/2000\n" },
        { "passes: compared with the first episode", 0, 0,
          "Episodes: DECOM=01/06/2025\n"
          "Episodes: DECOM=01/04/2024 DEC=01/06/2025 REC=X1\n"
          "PrevPerm: DOB=01/01/2015 DATE_PERM=01/01/2024\n" },
    };
    (void)state;
    RUN("632", cases);
}

static void test_633(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 204", 0, 0, "PrevPerm: DOB=01/01/2015 LA_PERM=204\n" },
        { "passes: SCO", 0, 0, "PrevPerm: DOB=01/01/2015 LA_PERM=SCO\n" },
        { "fails: 458", 0, 1, "PrevPerm: DOB=01/01/2015 LA_PERM=458\n" },
        { "passes: blank", 0, 0, "PrevPerm: DOB=01/01/2015 PREV_PERM=Z1\n" },
    };
    (void)state;
    RUN("633", cases);
}

static void test_634(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: started 1 April 2016", 0, 0,
          "Episodes: DECOM=01/04/2016\n"
          "PrevPerm: DOB=01/01/2010 PREV_PERM=Z1\n" },
        { "fails: started 31 March 2016", 0, 1,
          "Episodes: DECOM=31/03/2016\n"
          "PrevPerm: DOB=01/01/2010 PREV_PERM=Z1\n" },
        { "passes: a later episode", 0, 0,
          "Episodes: DECOM=01/01/2012 DEC=01/01/2013 REC=E13\n"
          "Episodes: DECOM=01/01/2020\n"
          "PrevPerm: DOB=01/01/2010 LA_PERM=352\n" },
        { "passes: nothing given", 0, 0,
          "Episodes: DECOM=31/03/2016\n"
          "PrevPerm: DOB=01/01/2010\n" },
    };
    (void)state;
    RUN("634", cases);
}

static void test_635(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: Z1 with LA_PERM", 0, 1, "PrevPerm: DOB=01/01/2010 PREV_PERM=Z1 LA_PERM=352\n" },
        { "fails: Z1 with DATE_PERM", 0, 1, "PrevPerm: DOB=01/01/2010 PREV_PERM=Z1 DATE_PERM=01/01/2020\n" },
        { "passes: Z1 alone", 0, 0, "PrevPerm: DOB=01/01/2010 PREV_PERM=Z1\n" },
        { "passes: P1 with both", 0, 0,
          "PrevPerm: DOB=01/01/2010 PREV_PERM=P1 LA_PERM=352 DATE_PERM=01/01/2020\n" },
    };
    (void)state;
    RUN("635", cases);
}

/* ---- social worker episodes ---------------------------------------------------- */

#define SW "SWEpisodes: DOB=01/01/2015 "

/* SW01aSTG1 and SW01bSTG1 are 2024-25 rules: DfE deleted them from the
 * 2025-26 rules, and 2026-27 inherits the deletion. */
static void test_sw01a(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: before April 2023, no SW_ID", 2025, 1, SW "SW_DECOM=31/03/2023\n" },
        { "passes: before April 2023, SW_ID, no reason", 2025, 0, SW "SW_ID=SW1234 SW_DECOM=31/03/2023\n" },
        { "passes: from April 2023 is SW01b's", 2025, 0, SW "SW_DECOM=01/04/2023\n" },
        { "passes: no start date is SW04's", 2025, 0, SW "SW_ID=SW1234\n" },
        { "deleted in 2025-26", 2026, CLA_NOT_IN_FORCE, SW "SW_DECOM=31/03/2023\n" },
        { "deleted in 2026-27", 2027, CLA_NOT_IN_FORCE, SW "SW_DECOM=31/03/2023\n" },
    };
    (void)state;
    RUN("SW01aSTG1", cases);
}

static void test_sw01b(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: from April 2023, no SW_ID", 2025, 1, SW "SW_DECOM=01/04/2023 SW_REASON=MANAGE\n" },
        { "fails: from April 2023, no reason", 2025, 1, SW "SW_ID=SW1234 SW_DECOM=01/04/2023\n" },
        { "fails: both missing, one finding", 2025, 1, SW "SW_DECOM=01/04/2023\n" },
        { "passes: complete", 2025, 0, SW "SW_ID=SW1234 SW_DECOM=01/04/2023 SW_REASON=MANAGE\n" },
        { "passes: before April 2023", 2025, 0, SW "SW_ID=SW1234 SW_DECOM=31/03/2023\n" },
        { "deleted in 2025-26", 2026, CLA_NOT_IN_FORCE, SW "SW_ID=SW1234 SW_DECOM=01/04/2023\n" },
        { "deleted in 2026-27", 2027, CLA_NOT_IN_FORCE, SW "SW_ID=SW1234 SW_DECOM=01/04/2023\n" },
    };
    (void)state;
    RUN("SW01bSTG1", cases);
}

static void test_sw02(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: SW", 0, 0, SW "SW_ID=SW000 SW_DECOM=01/04/2025\n" },
        { "passes: XX", 0, 0, SW "SW_ID=XX000 SW_DECOM=01/04/2025\n" },
        { "fails: lower case", 0, 1, SW "SW_ID=xx000 SW_DECOM=01/04/2025\n" },
        { "fails: other start", 0, 1, SW "SW_ID=AA00 SW_DECOM=01/04/2025\n" },
        { "fails: too short from 2025-26", 0, 1, SW "SW_ID=SW1 SW_DECOM=01/04/2025\n" },
        { "passes: 4 characters", 0, 0, SW "SW_ID=SW12 SW_DECOM=01/04/2025\n" },
        { "passes: short in 2024-25", 2025, 0, SW "SW_ID=SW SW_DECOM=01/04/2024\n" },
        { "fails: other start in 2024-25", 2025, 1, SW "SW_ID=AB12 SW_DECOM=01/04/2024\n" },
        { "fails: too short in 2026-27 (inherited)", 2027, 1, SW "SW_ID=XX1 SW_DECOM=01/04/2026\n" },
        { "passes: 4 characters in 2026-27", 2027, 0, SW "SW_ID=XX12 SW_DECOM=01/04/2026\n" },
    };
    (void)state;
    RUN("SW02STG1", cases);
}

static void test_sw04(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: a date", 0, 0, SW "SW_ID=SW1234 SW_DECOM=01/01/2001\n" },
        { "fails: blank", 0, 1, SW "SW_ID=SW1234\n" },
        { "fails: ZZ parts", 0, 1, SW "SW_ID=SW1234 SW_DECOM=01/01/ZZZZ\n" },
        { "fails: ISO form", 2025, 1, SW "SW_ID=SW1234 SW_DECOM=1999-12-01\n" },
    };
    (void)state;
    RUN("SW04STG1", cases);
}

static void test_sw05(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: a date", 0, 0, SW "SW_DECOM=01/01/2001 SW_DEC=02/02/2001\n" },
        { "passes: blank (open)", 0, 0, SW "SW_DECOM=01/01/2001\n" },
        { "fails: nonsense", 0, 1, SW "SW_DECOM=01/01/2001 SW_DEC=zz\n" },
        { "fails: 31 June", 2025, 1, SW "SW_DECOM=01/01/2001 SW_DEC=31/06/2024\n" },
    };
    (void)state;
    RUN("SW05STG1", cases);
}

static void test_sw06(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on 31 March", 0, 0, SW "SW_DECOM=31/03/2026\n" },
        { "fails: 1 April after", 0, 1, SW "SW_DECOM=01/04/2026\n" },
        { "passes: long ago", 0, 0, SW "SW_DECOM=01/01/2000\n" },
    };
    (void)state;
    RUN("SW06STG2", cases);
}

static void test_sw07(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: first day of the reporting period", 0, 0, SW "SW_DECOM=01/01/2024 SW_DEC=01/04/2024\n" },
        { "fails: the day before it", 0, 1, SW "SW_DECOM=01/01/2024 SW_DEC=31/03/2024\n" },
        { "passes: 31 March", 0, 0, SW "SW_DECOM=01/01/2024 SW_DEC=31/03/2026\n" },
        { "fails: after 31 March", 0, 1, SW "SW_DECOM=01/01/2024 SW_DEC=01/04/2026\n" },
        { "passes: open", 0, 0, SW "SW_DECOM=01/01/2024\n" },
    };
    (void)state;
    RUN("SW07STG2", cases);
}

static void test_sw08(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: an earlier episode open", 0, 1,
          SW "SW_DECOM=06/06/2025\n" SW "SW_DECOM=07/06/2025 SW_DEC=08/06/2025\n" },
        { "passes: only the latest open", 0, 0,
          SW "SW_DECOM=15/06/2025\n" SW "SW_DECOM=08/06/2025 SW_DEC=15/06/2025\n" },
        { "passes: one open episode", 0, 0, SW "SW_DECOM=15/06/2025\n" },
    };
    (void)state;
    RUN("SW08STG2", cases);
}

static void test_sw09(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: same day in 2024-25", 2025, 1, SW "SW_DECOM=01/01/2025 SW_DEC=01/01/2025\n" },
        { "passes: next day in 2024-25", 2025, 0, SW "SW_DECOM=01/01/2025 SW_DEC=02/01/2025\n" },
        /* 2025-26: DfE's message ("less than 24 hours"), not the draft's 3 days */
        { "fails: same day in 2025-26", 0, 1, SW "SW_DECOM=01/01/2026 SW_DEC=01/01/2026\n" },
        { "passes: next day in 2025-26", 0, 0, SW "SW_DECOM=01/01/2026 SW_DEC=02/01/2026\n" },
        { "passes: 2 days in 2025-26", 0, 0, SW "SW_DECOM=01/01/2026 SW_DEC=03/01/2026\n" },
        { "fails: on 31 March", 0, 1, SW "SW_DECOM=31/03/2026 SW_DEC=31/03/2026\n" },
        { "passes: 31 March to 1 April", 0, 0, SW "SW_DECOM=31/03/2025 SW_DEC=01/04/2025\n" },
        { "fails: on 1 April", 0, 1, SW "SW_DECOM=01/04/2025 SW_DEC=01/04/2025\n" },
        { "passes: an end before the start is not this rule's", 0, 0,
          SW "SW_DECOM=05/01/2026 SW_DEC=04/01/2026\n" },
        { "passes: open", 0, 0, SW "SW_DECOM=01/01/2026\n" },
    };
    (void)state;
    RUN("SW09STG2", cases);
}

static void test_sw10(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: starts 7 days before the last end", 0, 0,
          SW "SW_DECOM=01/01/2025 SW_DEC=10/01/2025\n" SW "SW_DECOM=03/01/2025 SW_REASON=MANAGE\n" },
        { "fails: 8 days before", 0, 1,
          SW "SW_DECOM=01/01/2025 SW_DEC=10/01/2025\n" SW "SW_DECOM=02/01/2025 SW_REASON=MANAGE\n" },
        { "passes: 7 days after", 0, 0,
          SW "SW_DECOM=01/01/2025 SW_DEC=10/01/2025\n" SW "SW_DECOM=17/01/2025 SW_REASON=MANAGE\n" },
        { "fails: 8 days after", 0, 1,
          SW "SW_DECOM=01/01/2025 SW_DEC=10/01/2025\n" SW "SW_DECOM=18/01/2025 SW_REASON=MANAGE\n" },
        { "passes: FCONTA", 0, 0,
          SW "SW_DECOM=01/01/2025 SW_DEC=10/01/2025\n" SW "SW_DECOM=18/01/2025 SW_REASON=FCONTA\n" },
    };
    (void)state;
    RUN("SW10STG2", cases);
    cla_case_expect_other("SW10STG2", &cases[3], "SWEpisodes row 1, line 1");
}

/* SW11bSTG2 asks only about children looked after on 31 March (an open
 * episode other than a short break). */
#define IN_CARE "Episodes: DECOM=01/01/2025 RNE=S LS=C2\n"

static void test_sw11b(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: the latest ended 30 March", 0, 1,
          IN_CARE SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" SW "SW_DECOM=01/03/2026 SW_DEC=30/03/2026\n" },
        { "passes: ended 31 March", 0, 0, IN_CARE SW "SW_DECOM=01/01/2025 SW_DEC=31/03/2026\n" },
        { "passes: a later episode", 0, 0,
          IN_CARE SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" SW "SW_DECOM=01/03/2026\n" },
        { "passes: left care when the social worker episode ended", 0, 0,
          "Episodes: DECOM=01/01/2025 RNE=S LS=C2 DEC=01/03/2026 REC=E13\n"
          SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" },
        { "passes: care ended on 31 March", 0, 0,
          "Episodes: DECOM=01/01/2025 RNE=S LS=C2 DEC=31/03/2026 REC=E13\n"
          SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" },
        { "fails: care started on 31 March", 0, 1,
          "Episodes: DECOM=31/03/2026 RNE=S LS=C2\n" SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" },
        { "passes: on short breaks", 0, 0,
          "Episodes: DECOM=01/01/2025 RNE=S LS=V3\n" SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" },
        { "passes: no episodes, so not looked after", 0, 0, SW "SW_DECOM=01/01/2025 SW_DEC=01/03/2026\n" },
        { "fails: 2024-25, left care in 2023-24 and back", 2025, 1,
          "Episodes: DECOM=01/01/2023 RNE=S LS=C2 DEC=01/03/2024 REC=E13\n"
          "Episodes: DECOM=01/02/2025 RNE=S LS=C2\n" SW "SW_DECOM=01/02/2025 SW_DEC=01/03/2025\n" },
        { "passes: 2024-25, left care on 1 April 2024", 2025, 0,
          "Episodes: DECOM=01/01/2023 RNE=S LS=C2 DEC=01/04/2024 REC=E13\n"
          SW "SW_DECOM=01/01/2023 SW_DEC=01/04/2024\n" },
    };
    (void)state;
    RUN("SW11bSTG2", cases);
}

/* SW12STG2 asks it of children looked after on 31 March (an open episode
 * other than a short break): a child whose care ended in the year, on 31
 * March included, is not asked; one with no social worker episode at all
 * fails when the return has the SWEpisodes table, and the rule does not
 * run when it has none (a CSV set without the file, an XML document). */
#define SW12_BACK_IN_CARE "Episodes: DECOM=01/01/2020 RNE=P LS=C2 DEC=01/06/2025 REC=E13\n" \
                          "Episodes: DECOM=01/09/2025 RNE=S LS=C2\n"

static void test_sw12(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: social worker from the start of care", 0, 0,
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2\n" SW "SW_DECOM=01/06/2025\n" },
        { "fails: social worker episodes all before the start", 0, 1,
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2\n" SW "SW_DECOM=31/05/2025\n" },
        { "passes: short breaks", 0, 0,
          "Episodes: DECOM=01/06/2025 RNE=S LS=V3\n" SW "SW_DECOM=31/05/2025\n" },
        { "fails: end of care with no episode before, back in care on 31 March", 0, 1,
          SW12_BACK_IN_CARE SW "SW_DECOM=02/06/2025 SW_DEC=01/09/2025\n" SW "SW_DECOM=01/09/2025\n" },
        { "passes: end of care with no episode before, not looked after on 31 March", 0, 0,
          "Episodes: DECOM=01/01/2020 RNE=P LS=C2 DEC=01/06/2025 REC=E13\n" SW "SW_DECOM=02/06/2025\n" },
        { "passes: care ended 31 March, social worker from after the start", 0, 0,
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2 DEC=31/03/2026 REC=E13\n" SW "SW_DECOM=02/06/2025\n" },
        { "passes: an end before the reporting period (31 March 2024)", 0, 0,
          "Episodes: DECOM=01/01/2020 RNE=P LS=C2 DEC=31/03/2024 REC=E13\n"
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2\n" SW "SW_DECOM=02/06/2025\n" },
        { "fails: an end on its first day (1 April 2024)", 0, 1,
          "Episodes: DECOM=01/01/2020 RNE=P LS=C2 DEC=01/04/2024 REC=E13\n"
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2\n" SW "SW_DECOM=02/06/2025\n" },
        { "fails: looked after on 31 March, no social worker episode at all", 0, 1,
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2\n" },
        { "fails: care started on 31 March, none at all", 0, 1, "Episodes: DECOM=31/03/2026 RNE=S LS=C2\n" },
        { "passes: care ended on 31 March, none at all", 0, 0,
          "Episodes: DECOM=01/06/2025 RNE=S LS=C2 DEC=31/03/2026 REC=E13\n" },
        { "passes: short breaks, none at all", 0, 0, "Episodes: DECOM=01/06/2025 RNE=S LS=V4\n" },
        { "fails: none at all in 2024-25", 2025, 1, "Episodes: DECOM=01/06/2024 RNE=S LS=C2\n" },
        { "not run: no SWEpisodes table", 0, CLA_NOT_RUN,
          "no table: SWEpisodes\nEpisodes: DECOM=01/06/2025 RNE=S LS=C2\n" },
        { "not run: an XML return", 0, CLA_NOT_RUN, "xml: given\nEpisodes: DECOM=01/06/2025 RNE=S LS=C2\n" },
    };
    (void)state;
    RUN("SW12STG2", cases);
}

/* Every social worker rule is listed as not run without the table. */
static void test_sw_not_run(void **state)
{
    static const char *const codes[] = {
        "SW01aSTG1", "SW01bSTG1", "SW02STG1", "SW04STG1", "SW05STG1", "SW06STG2", "SW07STG2",
        "SW08STG2", "SW09STG2", "SW10STG2", "SW11bSTG2", "SW12STG2", "SW13STG1", "SW17STG2",
    };
    static const struct cla_case without = { "no SWEpisodes table", 0, CLA_NOT_RUN,
                                             "no table: SWEpisodes\nEpisodes: DECOM=01/06/2025 RNE=S LS=C2\n" };
    /* SW01aSTG1 and SW01bSTG1 are in force until 2024-25 only */
    static const struct cla_case without_2025 = { "no SWEpisodes table, 2024-25", 2025, CLA_NOT_RUN,
                                                  "no table: SWEpisodes\nEpisodes: DECOM=01/06/2024 RNE=S LS=C2\n" };
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (cla_case_count(codes[i], strncmp(codes[i], "SW01", 4) ? &without : &without_2025) != CLA_NOT_RUN)
            fail_msg("%s runs without the SWEpisodes table", codes[i]);
    /* the other rules run */
    assert_int_equal(cla_case_count("601", &without), 0);
}

static void test_sw13(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: first in the year may be blank", 0, 0,
          SW "SW_DECOM=01/04/2025 SW_DEC=02/04/2025\n" SW "SW_DECOM=02/04/2025 SW_REASON=OTHERS\n" },
        { "fails: later one blank", 0, 1,
          SW "SW_DECOM=01/04/2025 SW_DEC=02/04/2025 SW_REASON=OTHERS\n" SW "SW_DECOM=02/04/2025\n" },
        { "passes: open on 1 April, blank; next given", 0, 0,
          SW "SW_DECOM=01/01/2024 SW_DEC=05/04/2025\n" SW "SW_DECOM=05/04/2025 SW_REASON=MANAGE\n" },
        { "fails: closed before 1 April, blank", 0, 1,
          SW "SW_DECOM=01/01/2024 SW_DEC=31/03/2025\n" SW "SW_DECOM=05/04/2025 SW_REASON=MANAGE\n" },
        { "fails: not a code", 0, 1, SW "SW_DECOM=01/04/2025 SW_REASON=manage\n" },
    };
    (void)state;
    RUN("SW13STG1", cases);
}

static void test_sw17(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: latest open", 0, 0,
          SW "SW_DECOM=01/01/2025 SW_DEC=01/02/2025\n" SW "SW_DECOM=01/02/2025\n" },
        { "fails: latest ended on 31 March", 0, 1,
          SW "SW_DECOM=01/01/2025 SW_DEC=01/02/2025\n" SW "SW_DECOM=01/02/2025 SW_DEC=31/03/2026\n" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE, SW "SW_DECOM=01/02/2025 SW_DEC=31/03/2025\n" },
    };
    (void)state;
    RUN("SW17STG2", cases);
}

/* ---- statreturn's own checks ---------------------------------------------------- */

static void test_sr_epi(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: Header only", 0, 1, "Header: SEX=F DOB=01/01/2010\n" },
        { "passes: with an episode", 0, 0, "Header: SEX=F DOB=01/01/2010\nEpisodes: DECOM=01/04/2025\n" },
        { "passes: care leaver", 0, 0,
          "Header: SEX=F DOB=01/01/2005\nOC3: DOB=01/01/2005 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n" },
        { "fails: 2024-25 too", 2025, 1, "Header: SEX=F DOB=01/01/2010\n" },
    };
    (void)state;
    RUN("SR-EPI", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_601), cmocka_unit_test(test_602), cmocka_unit_test(test_607),
        cmocka_unit_test(test_611), cmocka_unit_test(test_612), cmocka_unit_test(test_620),
        cmocka_unit_test(test_621), cmocka_unit_test(test_625), cmocka_unit_test(test_628),
        cmocka_unit_test(test_630), cmocka_unit_test(test_631), cmocka_unit_test(test_632),
        cmocka_unit_test(test_633), cmocka_unit_test(test_634), cmocka_unit_test(test_635),
        cmocka_unit_test(test_sw01a), cmocka_unit_test(test_sw01b), cmocka_unit_test(test_sw02),
        cmocka_unit_test(test_sw04), cmocka_unit_test(test_sw05), cmocka_unit_test(test_sw06),
        cmocka_unit_test(test_sw07), cmocka_unit_test(test_sw08), cmocka_unit_test(test_sw09),
        cmocka_unit_test(test_sw10), cmocka_unit_test(test_sw11b), cmocka_unit_test(test_sw12),
        cmocka_unit_test(test_sw13), cmocka_unit_test(test_sw17), cmocka_unit_test(test_sw_not_run),
        cmocka_unit_test(test_sr_epi),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
