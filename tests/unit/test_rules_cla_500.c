/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_500.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Year 0 is 2025-26 (1 April 2025 to
 * 31 March 2026); 2025 is 2024-25.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

static void test_501(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: the next starts when the last ends", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1\n"
          "Episodes: DECOM=10/05/2025\n" },
        { "passes: rows out of date order", 0, 0,
          "Episodes: DECOM=10/05/2025\n"
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1\n" },
        { "fails: starts before the previous ended", 0, 1,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1\n"
          "Episodes: DECOM=09/05/2025\n" },
        { "passes: an invalid start is 141's business", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1\n"
          "Episodes: DECOM=99/05/2025\n" },
    };
    (void)state;
    RUN("501", cases);
    cla_case_expect_other("501", &cases[2], "Episodes row 1, line 1");
}

static void test_504(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: same CIN through the period", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1 CIN=N1\n"
          "Episodes: DECOM=10/05/2025 CIN=N1\n" },
        { "fails: CIN changes within the period", 0, 1,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1 CIN=N1\n"
          "Episodes: DECOM=10/05/2025 CIN=N2\n" },
        { "fails twice: a changed code kept is still not the start's", 0, 2,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1 CIN=N1\n"
          "Episodes: DECOM=10/05/2025 DEC=01/06/2025 REC=X1 CIN=N2\n"
          "Episodes: DECOM=01/06/2025 CIN=N2\n" },
        { "passes: a new period after a gap may change", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=X1 CIN=N1\n"
          "Episodes: DECOM=11/05/2025 CIN=N2\n" },
        { "passes: a new period after leaving care may change", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=10/05/2025 REC=E2 CIN=N1\n"
          "Episodes: DECOM=10/05/2025 CIN=N2\n" },
        { "passes in 2024-25", 2025, 0,
          "Episodes: DECOM=01/04/2024 DEC=10/05/2024 REC=X1 CIN=N1\n"
          "Episodes: DECOM=10/05/2024 CIN=N1\n" },
    };
    (void)state;
    RUN("504", cases);
}

static void test_511(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: two adopters MF", 0, 0, "AD1: NB_ADOPTR=2 SEX_ADOPTR=MF\n" },
        { "passes: one adopter M1", 0, 0, "AD1: NB_ADOPTR=1 SEX_ADOPTR=M1\n" },
        { "fails: two adopters M1", 0, 1, "AD1: NB_ADOPTR=2 SEX_ADOPTR=M1\n" },
        { "fails: two adopters F1", 2025, 1, "AD1: NB_ADOPTR=2 SEX_ADOPTR=F1\n" },
        { "passes: no AD1", 0, 0, "Header: SEX=M\n" },
    };
    (void)state;
    RUN("511", cases);
}

static void test_514(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L0 with F1", 0, 0, "AD1: LS_ADOPTR=L0 SEX_ADOPTR=F1\n" },
        { "fails: L0 with MF", 0, 1, "AD1: LS_ADOPTR=L0 SEX_ADOPTR=MF\n" },
        { "passes: L3 with MF", 0, 0, "AD1: LS_ADOPTR=L3 SEX_ADOPTR=MF\n" },
        { "passes: blank sex is the required check's", 0, 0, "AD1: LS_ADOPTR=L0\n" },
    };
    (void)state;
    RUN("514", cases);
}

static void test_517(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L3 with MF", 0, 0, "AD1: LS_ADOPTR=L3 SEX_ADOPTR=MF\n" },
        { "fails: L3 with MM", 0, 1, "AD1: LS_ADOPTR=L3 SEX_ADOPTR=MM\n" },
        { "fails: L3 with F1", 2025, 1, "AD1: LS_ADOPTR=L3 SEX_ADOPTR=F1\n" },
        { "passes: L4 with MM", 0, 0, "AD1: LS_ADOPTR=L4 SEX_ADOPTR=MM\n" },
    };
    (void)state;
    RUN("517", cases);
}

static void test_518(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L4 with FF", 0, 0, "AD1: LS_ADOPTR=L4 SEX_ADOPTR=FF\n" },
        { "fails: L4 with MF", 0, 1, "AD1: LS_ADOPTR=L4 SEX_ADOPTR=MF\n" },
        { "fails: L4 with M1", 0, 1, "AD1: LS_ADOPTR=L4 SEX_ADOPTR=M1\n" },
        { "passes: L3 with MF", 0, 0, "AD1: LS_ADOPTR=L3 SEX_ADOPTR=MF\n" },
    };
    (void)state;
    RUN("518", cases);
}

static void test_519(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L2 with MF", 0, 0, "AD1: LS_ADOPTR=L2 SEX_ADOPTR=MF\n" },
        { "passes: L2 with MM", 0, 0, "AD1: LS_ADOPTR=L2 SEX_ADOPTR=MM\n" },
        { "fails: L2 with M1", 0, 1, "AD1: LS_ADOPTR=L2 SEX_ADOPTR=M1\n" },
        { "passes: L0 with M1", 0, 0, "AD1: LS_ADOPTR=L0 SEX_ADOPTR=M1\n" },
    };
    (void)state;
    RUN("519", cases);
}

static void test_520(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L11 with MF", 0, 0, "AD1: LS_ADOPTR=L11 SEX_ADOPTR=MF\n" },
        { "fails: L11 with FF", 0, 1, "AD1: LS_ADOPTR=L11 SEX_ADOPTR=FF\n" },
        { "passes: L12 with FF", 0, 0, "AD1: LS_ADOPTR=L12 SEX_ADOPTR=FF\n" },
    };
    (void)state;
    RUN("520", cases);
}

static void test_524(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: L12 with MM", 0, 0, "AD1: LS_ADOPTR=L12 SEX_ADOPTR=MM\n" },
        { "fails: L12 with MF", 0, 1, "AD1: LS_ADOPTR=L12 SEX_ADOPTR=MF\n" },
        { "fails: L12 with F1", 0, 1, "AD1: LS_ADOPTR=L12 SEX_ADOPTR=F1\n" },
        { "passes: L11 with MF", 0, 0, "AD1: LS_ADOPTR=L11 SEX_ADOPTR=MF\n" },
    };
    (void)state;
    RUN("524", cases);
}

static void test_516(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: E45 from U1", 0, 0, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E45 PLACE=U1\n" },
        { "passes: E46 from U6", 0, 0, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E46 PLACE=U6\n" },
        { "fails: E45 from K2", 0, 1, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E45 PLACE=K2\n" },
        { "fails: E46 from R1", 0, 1, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E46 PLACE=R1\n" },
        { "passes: E2 from K2", 0, 0, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E2 PLACE=K2\n" },
    };
    (void)state;
    RUN("516", cases);
}

static void test_526(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: provider given", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=U1 PLACE_PROVIDER=PR1\n" },
        { "fails: no provider for U1", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=U1\n" },
        { "passes: temporary T2 needs none", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=T2\n" },
        { "passes: Z12 needs none in 2025-26", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=Z12\n" },
        { "passes: Z1 needs none in 2024-25", 2025, 0, "Episodes: DECOM=01/04/2024 PLACE=Z1\n" },
        { "fails: K2 without provider in 2024-25", 2025, 1, "Episodes: DECOM=01/04/2024 PLACE=K2\n" },
        { "passes: blank PLACE is 146's", 0, 0, "Episodes: DECOM=01/04/2025\n" },
        { "passes: Z1 is no code in 2025-26 (146's)", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=Z1\n" },
        { "fails: K3 without provider in 2025-26", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=K3\n" },
        { "fails once per episode", 0, 2,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=X1 PLACE=U1\n"
          "Episodes: DECOM=01/05/2025 PLACE=U2\n" },
    };
    (void)state;
    RUN("526", cases);
}

static void test_527_531_550(void **state)
{
    static const struct cla_case c527[] = {
        { "passes: PR1 with U1", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=U1 PLACE_PROVIDER=PR1\n" },
        { "fails: PR1 with R2", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=R2 PLACE_PROVIDER=PR1\n" },
        { "fails: PR1 with P1", 2025, 1, "Episodes: DECOM=01/04/2024 PLACE=P1 PLACE_PROVIDER=PR1\n" },
    };
    static const struct cla_case c528[] = {
        { "passes: PR2 with K2", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=K2 PLACE_PROVIDER=PR2\n" },
        { "fails: PR2 with R5", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=R5 PLACE_PROVIDER=PR2\n" },
    };
    static const struct cla_case c529[] = {
        { "passes: PR3 with R1", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=R1 PLACE_PROVIDER=PR3\n" },
        { "fails: PR3 with A4", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=A4 PLACE_PROVIDER=PR3\n" },
        { "fails: PR3 with U6", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=U6 PLACE_PROVIDER=PR3\n" },
        { "passes: PR4 with U6", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=U6 PLACE_PROVIDER=PR4\n" },
    };
    static const struct cla_case c530[] = {
        { "passes: PR4 with K2", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=K2 PLACE_PROVIDER=PR4\n" },
        { "fails: PR4 with P1", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=P1 PLACE_PROVIDER=PR4\n" },
    };
    static const struct cla_case c531[] = {
        { "passes: PR5 with K2", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=K2 PLACE_PROVIDER=PR5\n" },
        { "fails: PR5 with P1", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=P1 PLACE_PROVIDER=PR5\n" },
    };
    static const struct cla_case c550[] = {
        { "passes: PR0 with P1", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=P1 PLACE_PROVIDER=PR0\n" },
        { "fails: PR0 with U1", 0, 1, "Episodes: DECOM=01/04/2025 PLACE=U1 PLACE_PROVIDER=PR0\n" },
        { "fails: PR0 with T1", 2025, 1, "Episodes: DECOM=01/04/2024 PLACE=T1 PLACE_PROVIDER=PR0\n" },
        { "passes: P1 with PR1 is 527's", 0, 0, "Episodes: DECOM=01/04/2025 PLACE=P1 PLACE_PROVIDER=PR1\n" },
    };
    (void)state;
    RUN("527", c527);
    RUN("528", c528);
    RUN("529", c529);
    RUN("530", c530);
    RUN("531", c531);
    RUN("550", c550);
}

/* Looked after since before the year and still at 31 March 2026. */
#define CLA_EP "Episodes: DECOM=01/01/2024 RNE=S LS=C2 PLACE=U1\n"

static void test_542(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 10 on 31 March", 0, 0, "Header: DOB=31/03/2016\nOC2: CONVICTED=1\n" },
        { "fails: 10 on 1 April, the day after", 0, 1, "Header: DOB=01/04/2016\nOC2: CONVICTED=0\n" },
        { "passes: under 10 with CONVICTED blank", 0, 0, "Header: DOB=01/04/2016\nOC2: HEALTH_CHECK=1\n" },
        { "fails: under 10 in 2024-25", 2025, 1, "Header: DOB=01/04/2015\nOC2: CONVICTED=1\n" },
        { "passes: invalid DOB", 0, 0, "Header: DOB=99/99/2016\nOC2: CONVICTED=1\n" },
    };
    (void)state;
    RUN("542", cases);
}

static void test_543(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: CONVICTED given", 0, 0, "Header: DOB=01/01/2010\n" CLA_EP "OC2: CONVICTED=0\n" },
        { "fails: CONVICTED blank", 0, 1, "Header: DOB=01/01/2010\n" CLA_EP "OC2: HEALTH_CHECK=1\n" },
        { "fails: 10 on 31 March (DfE: 10 or over)", 0, 1, "Header: DOB=31/03/2016\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "passes: 10 on 1 April", 0, 0, "Header: DOB=01/04/2016\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "passes: not continuously looked after (started in the year)", 0, 0,
          "Header: DOB=01/01/2010\nEpisodes: DECOM=01/05/2025 RNE=S LS=C2\nOC2: SDQ_SCORE=1\n" },
        { "passes: not continuously looked after (V3)", 0, 0,
          "Header: DOB=01/01/2010\nEpisodes: DECOM=01/01/2024 RNE=S LS=V3\nOC2: SDQ_SCORE=1\n" },
        { "passes: left care in the year", 0, 0,
          "Header: DOB=01/01/2010\nEpisodes: DECOM=01/01/2024 DEC=01/02/2026 REC=E2 RNE=S LS=C2\nOC2: SDQ_SCORE=1\n" },
        { "passes: no OC2 row", 0, 0, "Header: DOB=01/01/2010\n" CLA_EP },
        { "fails in 2024-25", 2025, 1,
          "Header: DOB=01/01/2010\nEpisodes: DECOM=01/01/2023 RNE=S LS=C2\nOC2: SDQ_SCORE=1\n" },
    };
    (void)state;
    RUN("543", cases);
}

static void test_544_547(void **state)
{
    static const struct cla_case c544[] = {
        { "passes: all four given", 0, 0,
          "OC2: CONVICTED=1 IMMUNISATIONS=1 TEETH_CHECK=0 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0\n" },
        { "fails: teeth check blank", 0, 1,
          "OC2: CONVICTED=1 IMMUNISATIONS=1 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0\n" },
        { "fails once when all blank", 0, 1, "OC2: CONVICTED=1\n" },
        { "passes: not convicted", 0, 0, "OC2: CONVICTED=0\n" },
    };
    static const struct cla_case c547[] = {
        { "passes: all four given", 0, 0,
          "OC2: HEALTH_CHECK=1 IMMUNISATIONS=1 TEETH_CHECK=0 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0\n" },
        { "fails: substance misuse blank", 0, 1,
          "OC2: HEALTH_CHECK=1 IMMUNISATIONS=1 TEETH_CHECK=0 HEALTH_ASSESSMENT=1\n" },
        { "passes: health check 0", 2025, 0, "OC2: HEALTH_CHECK=0\n" },
    };
    (void)state;
    RUN("544", c544);
    RUN("547", c547);
}

static void test_545(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: HEALTH_CHECK given", 0, 0, "Header: DOB=01/06/2022\n" CLA_EP "OC2: HEALTH_CHECK=1\n" },
        { "fails: under 5, blank", 0, 1, "Header: DOB=01/06/2022\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "fails: 5 on 1 April, the day after", 0, 1, "Header: DOB=01/04/2021\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "passes: 5 on 31 March", 0, 0, "Header: DOB=31/03/2021\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "passes: not continuously looked after", 0, 0,
          "Header: DOB=01/06/2022\nEpisodes: DECOM=02/04/2025 RNE=S LS=C2\nOC2: SDQ_SCORE=1\n" },
    };
    (void)state;
    RUN("545", cases);
}

static void test_546(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 5 or over, blank", 0, 0, "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_SCORE=1\n" },
        { "fails: 5 on 31 March, given", 0, 1, "Header: DOB=31/03/2021\n" CLA_EP "OC2: HEALTH_CHECK=1\n" },
        { "passes: 5 on 1 April, given", 0, 0, "Header: DOB=01/04/2021\n" CLA_EP "OC2: HEALTH_CHECK=1\n" },
        { "passes: not continuously looked after", 0, 0,
          "Header: DOB=01/01/2015\nEpisodes: DECOM=01/01/2024 RNE=S LS=V4\nOC2: HEALTH_CHECK=1\n" },
    };
    (void)state;
    RUN("546", cases);
}

static void test_521(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: decision the day placed", 0, 0,
          "Episodes: DECOM=01/06/2025 PLACE=A3\nAD1: DATE_INT=01/06/2025\n" },
        { "fails: decision the day after placed", 0, 1,
          "Episodes: DECOM=01/06/2025 PLACE=A4\nAD1: DATE_INT=02/06/2025\n" },
        { "passes: not an adoption placement", 0, 0,
          "Episodes: DECOM=01/06/2025 PLACE=U1\nAD1: DATE_INT=02/06/2025\n" },
        { "passes: no AD1", 0, 0, "Episodes: DECOM=01/06/2025 PLACE=A4\n" },
        { "fails on each adoption placement before", 2025, 2,
          "Episodes: DECOM=01/05/2024 DEC=01/06/2024 REC=X1 PLACE=A5\n"
          "Episodes: DECOM=01/06/2024 PLACE=A6\n"
          "AD1: DATE_INT=02/06/2024\n" },
    };
    (void)state;
    RUN("521", cases);
}

static void test_522(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: ceased the same day", 0, 0, "PlacedAdoption: DATE_PLACED=01/06/2025 DATE_PLACED_CEASED=01/06/2025\n" },
        { "fails: ceased the day before", 0, 1, "PlacedAdoption: DATE_PLACED=01/06/2025 DATE_PLACED_CEASED=31/05/2025\n" },
        { "passes: not ceased", 0, 0, "PlacedAdoption: DATE_PLACED=01/06/2025\n" },
    };
    (void)state;
    RUN("522", cases);
}

static void test_523(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: same date", 0, 0, "PlacedAdoption: DATE_PLACED=01/06/2025\nAD1: DATE_INT=01/06/2025\n" },
        { "fails: a day apart", 0, 1, "PlacedAdoption: DATE_PLACED=01/06/2025\nAD1: DATE_INT=02/06/2025\n" },
        { "passes: no AD1", 0, 0, "PlacedAdoption: DATE_PLACED=01/06/2025\n" },
        { "passes: invalid date left to the format check", 0, 0,
          "PlacedAdoption: DATE_PLACED=\"1st June\"\nAD1: DATE_INT=02/06/2025\n" },
    };
    (void)state;
    RUN("523", cases);
}

static void test_525(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: ceased, not adopted", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/06/2025 DATE_PLACED_CEASED=01/09/2025 REASON_PLACED_CEASED=RD1\n" },
        { "fails: ceased and adopted", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/06/2025 DATE_PLACED_CEASED=01/09/2025\nAD1: LS_ADOPTR=L0\n" },
        { "passes: adopted, not ceased", 0, 0, "PlacedAdoption: DATE_PLACED=01/06/2025\nAD1: DATE_MATCH=01/07/2025\n" },
    };
    (void)state;
    RUN("525", cases);
}

static void test_551(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: decision recorded", 0, 0,
          "Episodes: DECOM=01/06/2025 PLACE=A3\nPlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails: no PlacedAdoption", 0, 1, "Episodes: DECOM=01/06/2025 PLACE=A5\n" },
        { "fails: decision date blank", 0, 1,
          "Episodes: DECOM=01/06/2025 PLACE=A6\nPlacedAdoption: DATE_PLACED_CEASED=01/05/2025\n" },
        { "passes: not an adoption placement", 0, 0, "Episodes: DECOM=01/06/2025 PLACE=U1\n" },
    };
    (void)state;
    RUN("551", cases);
}

static void test_552(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: decided the day placed", 0, 0,
          "Episodes: DECOM=01/06/2025 PLACE=A3\nPlacedAdoption: DATE_PLACED=01/06/2025\n" },
        { "fails: decided the day after placed", 0, 1,
          "Episodes: DECOM=01/06/2025 PLACE=A3\nPlacedAdoption: DATE_PLACED=02/06/2025\n" },
        { "fails: the latest decision counts", 0, 1,
          "Episodes: DECOM=01/06/2025 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=10/05/2025\n"
          "PlacedAdoption: DATE_PLACED=05/06/2025\n" },
        { "passes: the first adoption placement counts", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/06/2025 REC=X1 PLACE=U1\n"
          "Episodes: DECOM=01/06/2025 PLACE=A4\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "passes: no adoption placement", 0, 0,
          "Episodes: DECOM=01/06/2025 PLACE=U1\nPlacedAdoption: DATE_PLACED=02/06/2025\n" },
    };
    (void)state;
    RUN("552", cases);
}

static void test_553(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: E1 with a decision", 0, 0,
          "Episodes: DECOM=01/06/2025 LS=E1\nPlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails: E1 without PlacedAdoption", 0, 1, "Episodes: DECOM=01/06/2025 LS=E1\n" },
        { "fails: open E1 with a ceased decision", 0, 1,
          "Episodes: DECOM=01/06/2025 LS=E1\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/07/2025 REASON_PLACED_CEASED=RD1\n" },
        { "passes: ended E1 with a ceased decision", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/08/2025 REC=E13 LS=E1\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/07/2025 REASON_PLACED_CEASED=RD1\n" },
        { "passes: no E1", 0, 0, "Episodes: DECOM=01/06/2025 LS=C2\n" },
    };
    (void)state;
    RUN("553", cases);
}

static void test_554(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: decided the day of the order", 0, 0,
          "Episodes: DECOM=01/06/2025 LS=E1\nPlacedAdoption: DATE_PLACED=01/06/2025\n" },
        { "fails: decided the day after", 0, 1,
          "Episodes: DECOM=01/06/2025 LS=E1\nPlacedAdoption: DATE_PLACED=02/06/2025\n" },
        { "passes: the first E1 episode counts, not a later one", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/06/2025 REC=X1 LS=C2\n"
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=X1 LS=E1\n"
          "Episodes: DECOM=01/07/2025 LS=E1\n"
          "PlacedAdoption: DATE_PLACED=01/06/2025\n" },
        { "passes: no E1", 0, 0, "Episodes: DECOM=01/06/2025 LS=C2\nPlacedAdoption: DATE_PLACED=02/06/2025\n" },
    };
    (void)state;
    RUN("554", cases);
}

static void test_557(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: left care, decision ceased in full", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E13 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/09/2025 REASON_PLACED_CEASED=RD1\n" },
        { "fails: left care, no PlacedAdoption (the episode)", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E13 PLACE=A3\n" },
        { "fails: reason blank (the episode and the decision)", 0, 2,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E13 LS=E1 PLACE=U1\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/09/2025\n" },
        { "passes: adopted", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E11 PLACE=A3\nPlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "passes: still in care (X1 to a new episode)", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=X1 PLACE=A3\n"
          "Episodes: DECOM=01/09/2025 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails in 2024-25", 2025, 1, "Episodes: DECOM=01/06/2024 DEC=01/09/2024 REC=E13 PLACE=A3\n" },
    };
    (void)state;
    RUN("557", cases);
}

static void test_558(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: adopted, latest decision open", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E11 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/01/2025 DATE_PLACED_CEASED=01/02/2025 REASON_PLACED_CEASED=RD1\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails: adopted, latest decision ceased", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E12 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/01/2025 DATE_PLACED_CEASED=01/02/2025 REASON_PLACED_CEASED=RD1\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/08/2025\n" },
        { "passes: only one decision (DfE: more than one)", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E12 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/08/2025\n" },
        { "passes: not adopted", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E13 PLACE=A3\n"
          "PlacedAdoption: DATE_PLACED=01/01/2025 DATE_PLACED_CEASED=01/02/2025\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/08/2025\n" },
    };
    (void)state;
    RUN("558", cases);
}

static void test_563(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: all given", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/08/2025 REASON_PLACED_CEASED=RD1\n" },
        { "fails: DATE_PLACED blank", 0, 1,
          "PlacedAdoption: DATE_PLACED_CEASED=01/08/2025 REASON_PLACED_CEASED=RD1\n" },
        { "passes: reason blank too", 0, 0, "PlacedAdoption: DATE_PLACED_CEASED=01/08/2025\n" },
    };
    (void)state;
    RUN("563", cases);
}

static void test_579(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: next decision the day the last ceased", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/06/2025\n"
          "PlacedAdoption: DATE_PLACED=01/06/2025\n" },
        { "fails: next decision the day before the last ceased", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/06/2025\n"
          "PlacedAdoption: DATE_PLACED=31/05/2025\n" },
        { "fails: the earlier one still open (rows out of order)", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/07/2025 DATE_PLACED_CEASED=01/08/2025\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "passes: one decision", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
    };
    (void)state;
    RUN("579", cases);
    /* the finding names the decision it overlaps */
    cla_case_expect_other("579", &cases[1], "PlacedAdoption row 1, line 1");
    cla_case_expect_other("579", &cases[2], "PlacedAdoption row 2, line 2");
}

static void test_582(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: matched before adoption", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E11 PLACE=A3\nAD1: DATE_MATCH=31/08/2025\n" },
        { "fails: adopted the day matched", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E12 PLACE=A3\nAD1: DATE_MATCH=01/09/2025\n" },
        { "passes: not adopted", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E13 PLACE=A3\nAD1: DATE_MATCH=01/09/2025\n" },
    };
    (void)state;
    RUN("582", cases);
}

static void test_583(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: earlier decision ceased", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/06/2025\n"
          "PlacedAdoption: DATE_PLACED=01/07/2025\n" },
        { "fails: earlier decision not ceased", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/07/2025\n"
          "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails only the earlier of two open ones", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/05/2025\n"
          "PlacedAdoption: DATE_PLACED=01/07/2025\n" },
        { "passes: one decision", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
    };
    (void)state;
    RUN("583", cases);
}

static void test_564_567(void **state)
{
    static const struct cla_case c564[] = {
        { "passes: start given", 0, 0, "Missing: MISSING=M MIS_START=01/06/2025\n" },
        { "fails: start blank", 0, 1, "Missing: MISSING=A\n" },
        { "passes: nothing given", 0, 0, "Missing: MIS_END=01/06/2025\n" },
    };
    static const struct cla_case c565[] = {
        { "passes: type given", 0, 0, "Missing: MISSING=M MIS_START=01/06/2025\n" },
        { "fails: type blank", 0, 1, "Missing: MIS_START=01/06/2025\n" },
        { "passes: neither", 2025, 0, "Missing: MIS_END=01/06/2024\n" },
    };
    static const struct cla_case c566[] = {
        { "passes: type given", 0, 0, "Missing: MISSING=A MIS_START=01/06/2025 MIS_END=02/06/2025\n" },
        { "fails: type blank", 0, 1, "Missing: MIS_START=01/06/2025 MIS_END=02/06/2025\n" },
        { "passes: no end", 0, 0, "Missing: MIS_START=01/06/2025\n" },
    };
    static const struct cla_case c567[] = {
        { "passes: ends the day it starts", 0, 0, "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=01/06/2025\n" },
        { "fails: ends the day before", 0, 1, "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=31/05/2025\n" },
        { "passes: open", 0, 0, "Missing: MISSING=M MIS_START=01/06/2025\n" },
    };
    (void)state;
    RUN("564", c564);
    RUN("565", c565);
    RUN("566", c566);
    RUN("567", c567);
}

static void test_570_571(void **state)
{
    static const struct cla_case c570[] = {
        { "passes: starts 31 March", 0, 0, "Missing: MISSING=M MIS_START=31/03/2026\n" },
        { "fails: starts 1 April after", 0, 1, "Missing: MISSING=M MIS_START=01/04/2026\n" },
        { "passes: started before the year", 0, 0, "Missing: MISSING=M MIS_START=01/01/2025\n" },
        { "fails in 2024-25", 2025, 1, "Missing: MISSING=M MIS_START=01/04/2025\n" },
    };
    static const struct cla_case c571[] = {
        { "passes: ends 1 April", 0, 0, "Missing: MISSING=M MIS_START=01/03/2025 MIS_END=01/04/2025\n" },
        { "fails: ends 31 March before", 0, 1, "Missing: MISSING=M MIS_START=01/03/2025 MIS_END=31/03/2025\n" },
        { "passes: ends 31 March", 0, 0, "Missing: MISSING=M MIS_START=01/03/2026 MIS_END=31/03/2026\n" },
        { "fails: ends 1 April after", 0, 1, "Missing: MISSING=M MIS_START=01/03/2026 MIS_END=01/04/2026\n" },
    };
    (void)state;
    RUN("570", c570);
    RUN("571", c571);
}

static void test_574(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: one after the other", 0, 0,
          "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=05/06/2025\n"
          "Missing: MISSING=M MIS_START=05/06/2025 MIS_END=06/06/2025\n" },
        { "fails: overlaps the previous", 0, 1,
          "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=05/06/2025\n"
          "Missing: MISSING=M MIS_START=04/06/2025 MIS_END=06/06/2025\n" },
        { "fails: starts while the previous is open (rows out of order)", 0, 1,
          "Missing: MISSING=M MIS_START=07/06/2025 MIS_END=08/06/2025\n"
          "Missing: MISSING=M MIS_START=01/06/2025\n" },
        { "fails twice: the second and third inside the first", 0, 2,
          "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=20/06/2025\n"
          "Missing: MISSING=M MIS_START=02/06/2025 MIS_END=03/06/2025\n"
          "Missing: MISSING=M MIS_START=10/06/2025 MIS_END=11/06/2025\n" },
        { "passes: the last one open", 0, 0,
          "Missing: MISSING=M MIS_START=01/06/2025 MIS_END=05/06/2025\n"
          "Missing: MISSING=M MIS_START=07/06/2025\n" },
    };
    (void)state;
    RUN("574", cases);
    /* the finding names the period it overlaps: the open one, else the one ending last */
    cla_case_expect_other("574", &cases[1], "Missing row 1, line 1");
    cla_case_expect_other("574", &cases[2], "Missing row 2, line 2");
    cla_case_expect_other("574", &cases[3], "Missing row 1, line 1");
}

static void test_575(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: missing period ended", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=08/06/2025 MIS_END=09/06/2025\n" },
        { "fails: placement ended, missing open", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "passes: placement open", 0, 0,
          "Episodes: DECOM=01/06/2025\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "passes: started after the placement ended", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=11/06/2025\n" },
    };
    (void)state;
    RUN("575", cases);
}

static void test_577(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: open missing period, still in care", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=X1\n"
          "Episodes: DECOM=01/07/2025\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "fails: open missing period, care ended", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "fails: open missing period before the open period of care", 0, 1,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E2\n"
          "Episodes: DECOM=01/07/2025\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "passes: missing period ended", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=10/06/2025 MIS_END=11/06/2025\n" },
        { "passes: no episodes", 0, 0, "Missing: MISSING=M MIS_START=10/06/2025\n" },
    };
    (void)state;
    RUN("577", cases);
}

static void test_578(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: starts the day before care ended", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=30/06/2025 MIS_END=30/06/2025\n" },
        { "fails: starts the day care ended (DfE: >= DEC)", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=01/07/2025 MIS_END=02/07/2025\n" },
        { "passes: continues into a linked episode", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=X1\n"
          "Episodes: DECOM=01/07/2025\n"
          "Missing: MISSING=M MIS_START=05/07/2025\n" },
        { "passes: in a later period of care", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E2\n"
          "Episodes: DECOM=01/07/2025\n"
          "Missing: MISSING=M MIS_START=05/07/2025\n" },
        { "passes: before care started is 581's", 0, 0,
          "Episodes: DECOM=01/06/2025\n"
          "Missing: MISSING=M MIS_START=05/05/2025\n" },
    };
    (void)state;
    RUN("578", cases);
}

static void test_580(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: left care at 18 while missing, E8", 0, 0,
          "Header: DOB=01/06/2007\n"
          "Episodes: DECOM=01/01/2024 DEC=01/06/2025 REC=E8\n"
          "Missing: MISSING=M MIS_START=20/05/2025 MIS_END=01/06/2025\n" },
        { "fails: left care at 18 while missing, E2", 0, 1,
          "Header: DOB=01/06/2007\n"
          "Episodes: DECOM=01/01/2024 DEC=01/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=20/05/2025 MIS_END=01/06/2025\n" },
        { "passes: missing ended the day before", 0, 0,
          "Header: DOB=01/06/2007\n"
          "Episodes: DECOM=01/01/2024 DEC=01/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=20/05/2025 MIS_END=31/05/2025\n" },
        { "passes: not the 18th birthday", 0, 0,
          "Header: DOB=02/06/2007\n"
          "Episodes: DECOM=01/01/2024 DEC=01/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=20/05/2025 MIS_END=01/06/2025\n" },
    };
    (void)state;
    RUN("580", cases);
}

static void test_581(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: starts the day care started", 0, 0,
          "Episodes: DECOM=06/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=06/06/2025\n" },
        { "fails: starts the day before", 0, 1,
          "Episodes: DECOM=06/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=05/06/2025\n" },
        { "fails: between episodes", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=10/06/2025 REC=E2\n"
          "Episodes: DECOM=12/06/2025\n"
          "Missing: MISSING=M MIS_START=11/06/2025\n" },
        { "passes: on the last day of an episode", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=10/06/2025 REC=E2\n"
          "Missing: MISSING=M MIS_START=10/06/2025\n" },
        { "passes: no episodes", 0, 0, "Missing: MISSING=M MIS_START=10/06/2025\n" },
    };
    (void)state;
    RUN("581", cases);
}

static void test_586(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: after birth", 0, 0, "Header: DOB=01/02/2020\nMissing: MISSING=M MIS_START=07/02/2020\n" },
        { "fails: the day before birth", 0, 1, "Header: DOB=01/02/2020\nMissing: MISSING=M MIS_START=31/01/2020\n" },
        { "passes: on the day of birth (DfE: before)", 0, 0,
          "Header: DOB=01/02/2020\nMissing: MISSING=M MIS_START=01/02/2020\n" },
        { "passes: invalid DOB", 2025, 0, "Header: DOB=31/02/2020\nMissing: MISSING=M MIS_START=01/01/2020\n" },
    };
    (void)state;
    RUN("586", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_501),     cmocka_unit_test(test_504),     cmocka_unit_test(test_511),
        cmocka_unit_test(test_514),     cmocka_unit_test(test_516),     cmocka_unit_test(test_517),
        cmocka_unit_test(test_518),     cmocka_unit_test(test_519),     cmocka_unit_test(test_520),
        cmocka_unit_test(test_521),     cmocka_unit_test(test_522),     cmocka_unit_test(test_523),
        cmocka_unit_test(test_524),     cmocka_unit_test(test_525),     cmocka_unit_test(test_526),
        cmocka_unit_test(test_527_531_550), cmocka_unit_test(test_542), cmocka_unit_test(test_543),
        cmocka_unit_test(test_544_547), cmocka_unit_test(test_545),     cmocka_unit_test(test_546),
        cmocka_unit_test(test_551),     cmocka_unit_test(test_552),     cmocka_unit_test(test_553),
        cmocka_unit_test(test_554),     cmocka_unit_test(test_557),     cmocka_unit_test(test_558),
        cmocka_unit_test(test_563),     cmocka_unit_test(test_564_567), cmocka_unit_test(test_570_571),
        cmocka_unit_test(test_574),     cmocka_unit_test(test_575),     cmocka_unit_test(test_577),
        cmocka_unit_test(test_578),     cmocka_unit_test(test_579),     cmocka_unit_test(test_580),
        cmocka_unit_test(test_581),     cmocka_unit_test(test_582),     cmocka_unit_test(test_583),
        cmocka_unit_test(test_586),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
