/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_100.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

/* 105: only an XML return carries the flag (xml: given). */
static void test_105(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 0", 0, 0, "xml: given\nHeader: SEX=M DOB=01/01/2015 ETHNIC=WBRI UASC=0" },
        { "passes: 1", 0, 0, "xml: given\nHeader: SEX=M DOB=01/01/2015 ETHNIC=WBRI UASC=1" },
        { "fails: 2", 0, 1, "xml: given\nHeader: SEX=M DOB=01/01/2015 ETHNIC=WBRI UASC=2" },
        { "fails: Y (2024-25)", 2025, 1, "xml: given\nHeader: SEX=M DOB=01/01/2015 ETHNIC=WBRI UASC=Y" },
        { "fails: not completed", 0, 1, "xml: given\nHeader: SEX=M DOB=01/01/2015 ETHNIC=WBRI" },
        { "passes: a CSV return has no flag to check", 0, 0, "Header: SEX=M DOB=01/01/2015 ETHNIC=WBRI" },
        { "fails once per child", 0, 2,
          "xml: given\n"
          "Header: CHILD=A UASC=1\n"
          "Header: CHILD=B UASC=01\n"
          "Header: CHILD=C UASC=\" \"\n" },
    };
    (void)state;
    RUN("105", cases);
}

static void test_101(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: M in 2025-26", 0, 0, "Header: SEX=M DOB=01/01/2015 ETHNIC=WBRI" },
        { "passes: U in 2024-25", 2025, 0, "Header: SEX=U DOB=01/01/2015 ETHNIC=WBRI" },
        { "fails: the old code 1", 0, 1, "Header: SEX=1 DOB=01/01/2015 ETHNIC=WBRI" },
        { "fails: blank", 0, 1, "Header: DOB=01/01/2015 ETHNIC=WBRI" },
        { "fails once per child", 0, 2,
          "Header: CHILD=A SEX=X\n"
          "Header: CHILD=B SEX=Y\n"
          "Header: CHILD=C SEX=F\n" },
    };
    (void)state;
    RUN("101", cases);
}

static void test_102(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: a real date", 0, 0, "Header: SEX=M DOB=29/02/2016" },
        { "fails: 30 February", 0, 1, "Header: SEX=M DOB=30/02/2016" },
        { "fails: ISO order", 0, 1, "Header: SEX=M DOB=2016-02-01" },
        { "fails: blank", 0, 1, "Header: SEX=M" },
    };
    (void)state;
    RUN("102", cases);
}

static void test_103(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: WBRI", 0, 0, "Header: ETHNIC=WBRI" },
        { "fails: lower case", 0, 1, "Header: ETHNIC=wbri" },
        { "fails: blank", 0, 1, "Header: SEX=M" },
    };
    (void)state;
    RUN("103", cases);
}

/* A child looked after all year (2025-26) and one who started in it. */
#define CLA_EP "Episodes: DECOM=01/01/2024 RNE=S LS=C2 CIN=N1 PLACE=U1\n"
#define NEW_EP "Episodes: DECOM=01/06/2025 RNE=S LS=C2 CIN=N1 PLACE=U1\n"

static void test_104(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: blank", 0, 0, "UASC: SEX=M DOB=01/01/2010" },
        { "passes: on 1 April", 0, 0, "UASC: DUC=01/04/2025" },
        { "fails: the day before the year", 0, 1, "UASC: DUC=31/03/2025" },
        { "fails: not a date", 0, 1, "UASC: DUC=31/02/2026" },
    };
    (void)state;
    RUN("104", cases);
}

static void test_112_113_114(void **state)
{
    static const struct cla_case c112[] = {
        { "passes: a date", 0, 0, "AD1: DATE_INT=01/05/2025" },
        { "passes: blank (151's business)", 0, 0, "AD1: DATE_MATCH=01/05/2025" },
        { "fails: day 38", 0, 1, "AD1: DATE_INT=38/04/2025" },
    };
    static const struct cla_case c113[] = {
        { "passes: a date", 0, 0, "AD1: DATE_MATCH=01/05/2025" },
        { "fails: two-digit year", 0, 1, "AD1: DATE_MATCH=01/05/25" },
    };
    static const struct cla_case c114[] = {
        { "passes: 1", 0, 0, "AD1: FOSTER_CARE=1" },
        { "passes: blank", 0, 0, "AD1: DATE_INT=01/05/2025" },
        { "fails: 2", 0, 1, "AD1: FOSTER_CARE=2" },
    };
    (void)state;
    RUN("112", c112);
    RUN("113", c113);
    RUN("114", c114);
}

static void test_115_116_120(void **state)
{
    static const struct cla_case c115[] = {
        { "passes: a date", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025" },
        { "fails: blank (required)", 0, 1, "PlacedAdoption: DATE_PLACED_CEASED=01/05/2025 REASON_PLACED_CEASED=RD1" },
        { "fails: not a date", 0, 1, "PlacedAdoption: DATE_PLACED=2025-05-01" },
    };
    static const struct cla_case c116[] = {
        { "passes: blank", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025" },
        { "fails: not a date", 0, 1, "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=32/05/2025" },
    };
    static const struct cla_case c120[] = {
        { "passes: RD4", 0, 0, "PlacedAdoption: REASON_PLACED_CEASED=RD4" },
        { "passes: blank", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025" },
        { "fails: lower case", 0, 1, "PlacedAdoption: REASON_PLACED_CEASED=rd1" },
    };
    (void)state;
    RUN("115", c115);
    RUN("116", c116);
    RUN("120", c120);
}

static void test_117(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on 31 March", 0, 0, "PlacedAdoption: DATE_PLACED=31/03/2026" },
        { "fails: after 31 March", 0, 1, "PlacedAdoption: DATE_PLACED=01/04/2026" },
        { "fails: ceased after the year", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/05/2025 DATE_PLACED_CEASED=01/04/2026" },
        { "passes: on the day care ended", 0, 0,
          "Episodes: DECOM=01/01/2025 DEC=01/09/2025 REC=E11\n"
          "PlacedAdoption: DATE_PLACED=01/09/2025" },
        { "fails: the day after care ended", 0, 1,
          "Episodes: DECOM=01/01/2025 DEC=01/09/2025 REC=E11\n"
          "PlacedAdoption: DATE_PLACED=02/09/2025" },
        { "passes: X1 episodes do not end care, the open one sets no limit", 0, 0,
          "Episodes: DECOM=01/01/2025 DEC=01/09/2025 REC=X1\n"
          "Episodes: DECOM=01/09/2025\n"
          "PlacedAdoption: DATE_PLACED=02/09/2025" },
    };
    (void)state;
    RUN("117", cases);
}

static void test_118(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on 1 April", 0, 0, "PlacedAdoption: DATE_PLACED=01/01/2024 DATE_PLACED_CEASED=01/04/2025" },
        { "fails: before the year", 0, 1, "PlacedAdoption: DATE_PLACED=01/01/2024 DATE_PLACED_CEASED=31/03/2025" },
        { "fails: before care started", 0, 1,
          "Episodes: DECOM=01/06/2025 LS=C2\n"
          "PlacedAdoption: DATE_PLACED=01/07/2025 DATE_PLACED_CEASED=31/05/2025" },
        { "passes: the V3 episode before does not count", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=10/05/2025 LS=V3 REC=E8\n"
          "Episodes: DECOM=01/06/2025 LS=C2\n"
          "PlacedAdoption: DATE_PLACED=01/07/2025 DATE_PLACED_CEASED=01/06/2025" },
        { "passes: blank", 0, 0, "PlacedAdoption: DATE_PLACED=01/01/2024" },
    };
    (void)state;
    RUN("118", cases);
}

static void test_119(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both", 0, 0, "PlacedAdoption: DATE_PLACED_CEASED=01/05/2025 REASON_PLACED_CEASED=RD1" },
        { "passes: neither", 0, 0, "PlacedAdoption: DATE_PLACED=01/05/2025" },
        { "fails: date only", 0, 1, "PlacedAdoption: DATE_PLACED_CEASED=01/05/2025" },
        { "fails: reason only", 0, 1, "PlacedAdoption: REASON_PLACED_CEASED=RD1" },
    };
    (void)state;
    RUN("119", cases);
}

static void test_131_132_133(void **state)
{
    static const struct cla_case c131[] = {
        { "passes: RHOM", 0, 0, "OC3: IN_TOUCH=RHOM" },
        { "fails: lower case", 0, 1, "OC3: IN_TOUCH=yes" },
        { "fails: blank", 0, 1, "OC3: ACTIV=F1" },
    };
    static const struct cla_case c132[] = {
        { "passes: 0", 0, 0, "OC3: ACTIV=0" },
        { "fails: F3 (superseded)", 0, 1, "OC3: ACTIV=F3" },
    };
    static const struct cla_case c133[] = {
        { "passes: S2", 0, 0, "OC3: ACCOM=S2" },
        { "fails: S1", 0, 1, "OC3: ACCOM=S1" },
        { "fails: blank", 0, 1, "OC3: ACTIV=F1" },
    };
    (void)state;
    RUN("131", c131);
    RUN("132", c132);
    RUN("133", c133);
}

static void test_134(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: OC3 only", 0, 0, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
        { "passes: AD1 only", 0, 0, "AD1: DATE_INT=01/05/2025" },
        { "fails: both", 0, 1, "OC3: IN_TOUCH=YES\nAD1: LS_ADOPTR=L0" },
    };
    (void)state;
    RUN("134", cases);
}

static void test_141_147(void **state)
{
    static const struct cla_case c141[] = {
        { "passes: a date", 0, 0, "Episodes: DECOM=01/05/2025" },
        { "fails: blank (required)", 0, 1, "Episodes: RNE=S" },
        { "fails: 31 April", 0, 1, "Episodes: DECOM=31/04/2025" },
    };
    static const struct cla_case c147[] = {
        { "passes: blank", 0, 0, "Episodes: DECOM=01/05/2025" },
        { "fails: 31 April", 0, 1, "Episodes: DECOM=01/04/2025 DEC=31/04/2025 REC=E8" },
    };
    (void)state;
    RUN("141", c141);
    RUN("147", c147);
}

static void test_142(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: the last is open", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=X1\nEpisodes: DECOM=01/05/2025\n" },
        { "fails: an earlier one has no DEC", 0, 1,
          "Episodes: DECOM=01/05/2025\nEpisodes: DECOM=01/04/2025 REC=X1\n" },
        { "fails: an earlier one has no REC", 0, 1,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025\nEpisodes: DECOM=01/05/2025\n" },
        { "passes: one open episode", 0, 0, "Episodes: DECOM=01/04/2025" },
    };
    (void)state;
    RUN("142", cases);
}

static void test_143_144_145_149(void **state)
{
    static const struct cla_case c143[] = {
        { "passes: U", 0, 0, "Episodes: RNE=U" },
        { "fails: lower case", 0, 1, "Episodes: RNE=p" },
        { "fails: blank (required)", 0, 1, "Episodes: LS=C2" },
    };
    static const struct cla_case c144[] = {
        { "passes: J3", 0, 0, "Episodes: LS=J3" },
        { "fails: V1", 0, 1, "Episodes: LS=V1" },
    };
    static const struct cla_case c145[] = {
        { "passes: N8", 0, 0, "Episodes: CIN=N8" },
        { "fails: N9", 0, 1, "Episodes: CIN=N9" },
    };
    static const struct cla_case c149[] = {
        { "passes: E4A", 0, 0, "Episodes: REC=E4A" },
        { "passes: blank", 0, 0, "Episodes: LS=C2" },
        { "fails: E4", 0, 1, "Episodes: REC=E4" },
    };
    (void)state;
    RUN("143", c143);
    RUN("144", c144);
    RUN("145", c145);
    RUN("149", c149);
}

static void test_146(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: K3 in 2024-25", 2025, 0, "Episodes: PLACE=K3" },
        { "fails: H5 retired in 2024-25", 2025, 1, "Episodes: PLACE=H5" },
        { "fails: P2 retired in 2024-25", 2025, 1, "Episodes: PLACE=P2" },
        { "passes: Z1 in 2024-25", 2025, 0, "Episodes: PLACE=Z1" },
        { "fails: Z1 in 2025-26", 0, 1, "Episodes: PLACE=Z1" },
        { "passes: Z14 in 2025-26", 0, 0, "Episodes: PLACE=Z14" },
        { "fails: Z11 in 2024-25", 2025, 1, "Episodes: PLACE=Z11" },
        { "fails: blank (required)", 0, 1, "Episodes: LS=C2" },
    };
    (void)state;
    RUN("146", cases);
}

static void test_148(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both", 0, 0, "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=E8" },
        { "passes: neither", 0, 0, "Episodes: DECOM=01/04/2025" },
        { "fails: DEC only", 0, 1, "Episodes: DECOM=01/04/2025 DEC=01/05/2025" },
        { "fails: REC only", 0, 1, "Episodes: DECOM=01/04/2025 REC=X1" },
    };
    (void)state;
    RUN("148", cases);
}

static void test_151_153(void **state)
{
    static const struct cla_case c151[] = {
        { "passes: all", 0, 0,
          "AD1: DATE_INT=01/05/2025 DATE_MATCH=01/06/2025 FOSTER_CARE=0 NB_ADOPTR=1 SEX_ADOPTR=F1 LS_ADOPTR=L0" },
        { "passes: none", 0, 0, "AD1: DOB=01/01/2020" },
        { "fails: one missing", 0, 1,
          "AD1: DATE_INT=01/05/2025 DATE_MATCH=01/06/2025 FOSTER_CARE=0 NB_ADOPTR=1 SEX_ADOPTR=F1" },
    };
    static const struct cla_case c153[] = {
        { "passes: all", 0, 0, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
        { "passes: none", 0, 0, "OC3: DOB=01/01/2005" },
        { "fails: ACCOM missing", 0, 1, "OC3: IN_TOUCH=YES ACTIV=F1" },
    };
    (void)state;
    RUN("151", c151);
    RUN("153", c153);
}

static void test_157(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: aged 10, SDQ1", 0, 1, "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: SDQ2", 0, 0, "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_REASON=SDQ2" },
        { "fails: 4th birthday on 1 April", 0, 1, "Header: DOB=01/04/2021\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: 4th birthday on 2 April", 0, 0, "Header: DOB=02/04/2021\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: 16th birthday before 31 March", 0, 0,
          "Header: DOB=30/03/2010\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "fails: 16th birthday on 31 March", 0, 1,
          "Header: DOB=31/03/2010\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: not continuously looked after", 0, 0,
          "Header: DOB=01/01/2015\n" NEW_EP "OC2: SDQ_REASON=SDQ1" },
    };
    (void)state;
    RUN("157", cases);
}

static void test_158_159(void **state)
{
    static const struct cla_case c158[] = {
        { "passes: received, offered blank", 0, 0, "OC2: INTERVENTION_RECEIVED=1" },
        { "fails: received and offered", 0, 1, "OC2: INTERVENTION_RECEIVED=1 INTERVENTION_OFFERED=0" },
        { "passes: not received, offered", 0, 0, "OC2: INTERVENTION_RECEIVED=0 INTERVENTION_OFFERED=1" },
    };
    static const struct cla_case c159[] = {
        { "fails: misuse, not received, offered blank", 0, 1,
          "OC2: SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=0" },
        { "passes: offered given", 0, 0,
          "OC2: SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=0 INTERVENTION_OFFERED=0" },
        { "passes: received", 0, 0, "OC2: SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=1" },
    };
    (void)state;
    RUN("158", c158);
    RUN("159", c159);
}

static void test_165(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: girl, 0", 0, 0, "Header: SEX=F MOTHER=0\n" CLA_EP },
        { "fails: girl in care, blank", 0, 1, "Header: SEX=F\n" CLA_EP },
        { "passes: girl only in short breaks, blank", 0, 0,
          "Header: SEX=F\nEpisodes: DECOM=01/05/2025 LS=V3 DEC=03/05/2025 REC=E8\n" },
        { "passes: girl whose care ended before the year, blank", 0, 0,
          "Header: SEX=F\nEpisodes: DECOM=01/01/2024 DEC=30/03/2025 REC=E8 LS=C2\n" },
        { "fails: boy with 1", 0, 1, "Header: SEX=M MOTHER=1\n" CLA_EP },
        { "fails: 2", 0, 1, "Header: SEX=F MOTHER=2\n" CLA_EP },
        { "passes: boy, blank", 0, 0, "Header: SEX=M\n" CLA_EP },
    };
    (void)state;
    RUN("165", cases);
}

static void test_166_167(void **state)
{
    static const struct cla_case c166[] = {
        { "passes: a date", 0, 0, "Reviews: REVIEW=01/05/2025 REVIEW_CODE=PN1" },
        { "fails: blank", 0, 1, "Reviews: REVIEW_CODE=PN1" },
        { "fails: not a date", 0, 1, "Reviews: REVIEW=01/13/2025 REVIEW_CODE=PN1" },
    };
    static const struct cla_case c167[] = {
        { "passes: PN0", 0, 0, "Reviews: REVIEW=01/05/2025 REVIEW_CODE=PN0" },
        { "fails: blank", 0, 1, "Reviews: REVIEW=01/05/2025" },
        { "fails: PN8", 0, 1, "Reviews: REVIEW=01/05/2025 REVIEW_CODE=PN8" },
    };
    (void)state;
    RUN("166", c166);
    RUN("167", c167);
}

static void test_168_171_174(void **state)
{
    static const struct cla_case c168[] = {
        { "passes: UN3", 0, 0, "Header: UPN=UN3" },
        { "passes: blank", 0, 0, "Header: SEX=M" },
        { "fails: UN7", 0, 1, "Header: UPN=UN7" },
        { "fails: too short", 0, 1, "Header: UPN=K06014812931" },
    };
    static const struct cla_case c171[] = {
        { "passes: a date", 0, 0, "Header: MC_DOB=01/05/2025" },
        { "passes: blank", 0, 0, "Header: SEX=F" },
        { "fails: not a date", 0, 1, "Header: MC_DOB=29/02/2025" },
    };
    static const struct cla_case c174[] = {
        { "passes: girl", 0, 0, "Header: SEX=F MC_DOB=01/05/2025" },
        { "passes: boy without", 0, 0, "Header: SEX=M" },
        { "fails: boy with", 0, 1, "Header: SEX=M MC_DOB=01/05/2025" },
        { "fails: boy with, 2024-25", 2025, 1, "Header: SEX=M MC_DOB=01/05/2024" },
    };
    (void)state;
    RUN("168", c168);
    RUN("171", c171);
    RUN("174", c174);
}

static void test_175_176_177(void **state)
{
    static const struct cla_case c175[] = {
        { "passes: 2", 0, 0, "AD1: NB_ADOPTR=2" },
        { "passes: blank", 0, 0, "AD1: DATE_INT=01/05/2025" },
        { "fails: 0", 0, 1, "AD1: NB_ADOPTR=0" },
    };
    static const struct cla_case c176[] = {
        { "passes: MF", 0, 0, "AD1: SEX_ADOPTR=MF" },
        { "fails: M", 0, 1, "AD1: SEX_ADOPTR=M" },
    };
    static const struct cla_case c177[] = {
        { "passes: L12", 0, 0, "AD1: LS_ADOPTR=L12" },
        { "fails: L1", 0, 1, "AD1: LS_ADOPTR=L1" },
    };
    (void)state;
    RUN("175", c175);
    RUN("176", c176);
    RUN("177", c177);
}

static void test_178(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: PR1 for U1", 0, 0, "Episodes: PLACE=U1 PLACE_PROVIDER=PR1" },
        { "passes: blank", 0, 0, "Episodes: PLACE=U1" },
        { "fails: lower case", 0, 1, "Episodes: PLACE=U1 PLACE_PROVIDER=pr4" },
        { "fails: a provider for T0", 0, 1, "Episodes: PLACE=T0 PLACE_PROVIDER=PR1" },
        { "fails: a provider for Z12 in 2025-26", 0, 1, "Episodes: PLACE=Z12 PLACE_PROVIDER=PR1" },
        { "passes: a provider for T4 in 2025-26", 0, 0, "Episodes: PLACE=T4 PLACE_PROVIDER=PR1" },
        { "fails: a provider for T4 in 2024-25", 2025, 1, "Episodes: PLACE=T4 PLACE_PROVIDER=PR1" },
        { "fails: a provider for Z1 in 2024-25", 2025, 1, "Episodes: PLACE=Z1 PLACE_PROVIDER=PR4" },
    };
    (void)state;
    RUN("178", cases);
}

static void test_180_181_196(void **state)
{
    static const struct cla_case c180[] = {
        { "passes: 40", 0, 0, "OC2: SDQ_SCORE=40" },
        { "passes: blank", 0, 0, "OC2: SDQ_REASON=SDQ1" },
        { "fails: 41", 0, 1, "OC2: SDQ_SCORE=41" },
        { "fails: 39.5", 0, 1, "OC2: SDQ_SCORE=39.5" },
    };
    static const struct cla_case c181[] = {
        { "passes: 0 and 1", 0, 0, "OC2: CONVICTED=0 HEALTH_CHECK=1" },
        { "fails once per row", 0, 1, "OC2: CONVICTED=2 INTERVENTION_OFFERED=2" },
        { "fails: the last item", 0, 1, "OC2: INTERVENTION_OFFERED=Y" },
    };
    static const struct cla_case c196[] = {
        { "passes: SDQ5", 0, 0, "OC2: SDQ_REASON=SDQ5" },
        { "fails: lower case", 0, 1, "OC2: SDQ_REASON=sdq2" },
    };
    (void)state;
    RUN("180", c180);
    RUN("181", c181);
    RUN("196", c196);
}

static void test_182(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: all blank", 0, 0, "OC2: SDQ_SCORE=10" },
        { "passes: the four given", 0, 0,
          "OC2: CONVICTED=0 IMMUNISATIONS=1 TEETH_CHECK=1 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0" },
        { "fails: convicted only", 0, 1, "OC2: CONVICTED=1" },
        { "fails: one of the four missing", 0, 1,
          "OC2: HEALTH_CHECK=1 IMMUNISATIONS=1 TEETH_CHECK=1 HEALTH_ASSESSMENT=1" },
    };
    (void)state;
    RUN("182", cases);
}

static void test_184(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on the birthday", 0, 0, "Header: DOB=01/10/2017\nPlacedAdoption: DATE_PLACED=01/10/2017" },
        { "fails: the day before", 0, 1, "Header: DOB=01/10/2017\nPlacedAdoption: DATE_PLACED=30/09/2017" },
        { "passes: blank", 0, 0, "Header: DOB=01/10/2017\nPlacedAdoption: DATE_PLACED_CEASED=30/09/2018" },
    };
    (void)state;
    RUN("184", cases);
}

static void test_185_198(void **state)
{
    static const struct cla_case c185[] = {
        { "passes: continuously looked after", 0, 0, CLA_EP "OC2: SDQ_SCORE=10" },
        { "fails: started in the year", 0, 1, NEW_EP "OC2: SDQ_SCORE=10" },
        { "fails: a V3 episode in the year", 0, 1,
          "Episodes: DECOM=01/01/2024 LS=V3 RNE=S\nOC2: SDQ_SCORE=10" },
        { "fails: care ended in the year", 0, 1,
          "Episodes: DECOM=01/01/2024 DEC=30/03/2026 REC=E8 RNE=S LS=C2\nOC2: SDQ_SCORE=10" },
        { "passes: care ended on 31 March", 0, 0,
          "Episodes: DECOM=01/01/2024 DEC=31/03/2026 REC=E8 RNE=S LS=C2\nOC2: SDQ_SCORE=10" },
        { "fails: no episodes", 0, 1, "OC2: SDQ_SCORE=10" },
        { "fails: started in 2024-25", 2025, 1, "Episodes: DECOM=01/06/2024 RNE=S LS=C2\nOC2: SDQ_SCORE=10" },
        { "passes: looked after all 2024-25", 2025, 0,
          "Episodes: DECOM=01/04/2024 RNE=S LS=C2\nOC2: SDQ_SCORE=10" },
    };
    static const struct cla_case c198[] = {
        { "passes: continuously looked after", 0, 0, CLA_EP "OC2: SDQ_REASON=SDQ2" },
        { "fails: started in the year", 0, 1, NEW_EP "OC2: SDQ_REASON=SDQ2" },
        { "passes: started on 1 April with RNE S", 0, 0,
          "Episodes: DECOM=01/04/2025 RNE=S LS=C2\nOC2: SDQ_REASON=SDQ2" },
    };
    (void)state;
    RUN("185", c185);
    RUN("198", c198);
}

static void test_186(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: aged 10, no score and no reason", 0, 1, "Header: DOB=01/01/2015\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: aged 10, no score, a valid reason", 0, 0, "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_REASON=SDQ2" },
        { "fails: aged 10, no score, a reason that is no code", 0, 1,
          "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_REASON=SDQ9" },
        { "passes: aged 10, a score", 0, 0, "Header: DOB=01/01/2015\n" CLA_EP "OC2: SDQ_SCORE=12" },
        { "passes: 4th birthday on 1 April, a valid reason", 0, 0,
          "Header: DOB=01/04/2021\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: 17th birthday on 1 April 2026, a valid reason", 0, 0,
          "Header: DOB=01/04/2009\n" CLA_EP "OC2: SDQ_REASON=SDQ5" },
        { "passes: 2024-25, a valid reason", 2025, 0,
          "Header: DOB=01/01/2015\nEpisodes: DECOM=01/01/2023 RNE=S LS=C2\nOC2: SDQ_REASON=SDQ3" },
        { "fails: 2024-25, no reason", 2025, 1,
          "Header: DOB=01/01/2015\nEpisodes: DECOM=01/01/2023 RNE=S LS=C2\nOC2: CONVICTED=0" },
        { "fails: 4th birthday on 1 April", 0, 1, "Header: DOB=01/04/2021\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: 4th birthday on 2 April", 0, 0, "Header: DOB=02/04/2021\n" CLA_EP "OC2: CONVICTED=0" },
        { "fails: 17th birthday on 1 April 2026", 0, 1, "Header: DOB=01/04/2009\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: 17th birthday on 31 March", 0, 0, "Header: DOB=31/03/2009\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: not continuously looked after", 0, 0, "Header: DOB=01/01/2015\n" NEW_EP "OC2: CONVICTED=0" },
    };
    (void)state;
    RUN("186", cases);
}

static void test_187(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: AD1 and OC3 data", 0, 2, CLA_EP "AD1: DATE_INT=01/05/2025\nOC3: IN_TOUCH=YES" },
        { "fails: OC3 data", 0, 1, CLA_EP "OC3: ACCOM=B1" },
        { "passes: not continuously looked after", 0, 0, NEW_EP "OC3: IN_TOUCH=YES" },
        { "passes: empty rows", 0, 0, CLA_EP "AD1: DOB=01/01/2015\nOC3: DOB=01/01/2015" },
    };
    (void)state;
    RUN("187", cases);
}

static void test_188_189(void **state)
{
    static const struct cla_case c188[] = {
        { "fails: 4th birthday on 1 April 2026", 0, 1, "Header: DOB=01/04/2022\nOC2: SDQ_REASON=SDQ1" },
        { "passes: 4th birthday on 31 March", 0, 0, "Header: DOB=31/03/2022\nOC2: SDQ_SCORE=5" },
        { "passes: under 4 with nothing", 0, 0, "Header: DOB=01/04/2022\nOC2: CONVICTED=0" },
    };
    static const struct cla_case c189[] = {
        { "fails: 17th birthday on 1 April", 0, 1, "Header: DOB=01/04/2008\nOC2: SDQ_SCORE=5" },
        { "passes: 17th birthday on 2 April", 0, 0, "Header: DOB=02/04/2008\nOC2: SDQ_SCORE=5" },
        { "passes: 17 with nothing", 0, 0, "Header: DOB=01/04/2008\nOC2: CONVICTED=0" },
    };
    (void)state;
    RUN("188", c188);
    RUN("189", c189);
}

static void test_190_191(void **state)
{
    static const struct cla_case c190[] = {
        { "passes: continuously looked after", 0, 0, CLA_EP "OC2: CONVICTED=0" },
        { "fails: started in the year", 0, 1, NEW_EP "OC2: CONVICTED=0" },
        { "passes: nothing given", 0, 0, NEW_EP "OC2: SDQ_SCORE=3" },
    };
    static const struct cla_case c191[] = {
        { "passes: the four given", 0, 0,
          CLA_EP "OC2: IMMUNISATIONS=1 TEETH_CHECK=1 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0" },
        { "fails: one missing", 0, 1, CLA_EP "OC2: IMMUNISATIONS=1 TEETH_CHECK=1 HEALTH_ASSESSMENT=1" },
        { "fails: no OC2 row", 0, 1, CLA_EP },
        { "passes: not continuously looked after", 0, 0, NEW_EP },
    };
    (void)state;
    RUN("190", c190);
    RUN("191", c191);
}

static void test_192_193(void **state)
{
    static const struct cla_case c192[] = {
        { "fails: misuse, received blank", 0, 1, "OC2: SUBSTANCE_MISUSE=1" },
        { "passes: received given", 0, 0, "OC2: SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=0" },
    };
    static const struct cla_case c193[] = {
        { "fails: no misuse, received given", 0, 1, "OC2: SUBSTANCE_MISUSE=0 INTERVENTION_RECEIVED=0" },
        { "fails: blank misuse, offered given", 0, 1, "OC2: INTERVENTION_OFFERED=0" },
        { "passes: no misuse, both blank", 0, 0, "OC2: SUBSTANCE_MISUSE=0" },
        { "passes: misuse", 0, 0, "OC2: SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=1" },
    };
    (void)state;
    RUN("192", c192);
    RUN("193", c193);
}

static void test_197(void **state)
{
    static const struct cla_case c197B[] = {
        { "fails: 4th birthday on 1 April", 0, 1, "Header: DOB=01/04/2021\n" CLA_EP "OC2: CONVICTED=0" },
        { "fails: 17th birthday on 31 March", 0, 1, "Header: DOB=31/03/2009\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: 17th birthday the day after", 0, 0, "Header: DOB=01/04/2009\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: a reason", 0, 0, "Header: DOB=01/04/2021\n" CLA_EP "OC2: SDQ_REASON=SDQ1" },
        { "passes: aged 10", 0, 0, "Header: DOB=01/01/2015\n" CLA_EP "OC2: CONVICTED=0" },
        { "passes: not continuously looked after", 0, 0, "Header: DOB=01/04/2021\n" NEW_EP "OC2: CONVICTED=0" },
    };
    static const struct cla_case c197a[] = {
        { "fails: both", 0, 1, "OC2: SDQ_SCORE=0 SDQ_REASON=SDQ1" },
        { "passes: score only", 0, 0, "OC2: SDQ_SCORE=0" },
        { "passes: reason only", 0, 0, "OC2: SDQ_REASON=SDQ1" },
    };
    (void)state;
    RUN("197B", c197B);
    RUN("197a", c197a);
}

static void test_199(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: the adoption ends the record", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/06/2025 REC=X1\n"
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E11\n" },
        { "fails: back in care after adoption", 0, 1,
          "Episodes: DECOM=01/06/2025 DEC=01/09/2025 REC=E12\n"
          "Episodes: DECOM=01/12/2025 RNE=S\n" },
        { "fails: adopted last year", 0, 1,
          "last Episodes: DECOM=01/06/2024 DEC=01/09/2024 REC=E11\n"
          "Episodes: DECOM=01/12/2025 RNE=S\n" },
        { "passes: last year's adoption episode repeated", 0, 0,
          "last Episodes: DECOM=01/06/2024 REC=E11\n"
          "Episodes: DECOM=01/06/2024 DEC=01/05/2025 REC=E11\n" },
        { "passes: no adoption", 0, 0,
          "last Episodes: DECOM=01/06/2024 DEC=01/09/2024 REC=E4A\n"
          "Episodes: DECOM=01/12/2025 RNE=S\n" },
    };
    (void)state;
    RUN("199", cases);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_101),
        cmocka_unit_test(test_105),
        cmocka_unit_test(test_102),
        cmocka_unit_test(test_103),
        cmocka_unit_test(test_104),
        cmocka_unit_test(test_112_113_114),
        cmocka_unit_test(test_115_116_120),
        cmocka_unit_test(test_117),
        cmocka_unit_test(test_118),
        cmocka_unit_test(test_119),
        cmocka_unit_test(test_131_132_133),
        cmocka_unit_test(test_134),
        cmocka_unit_test(test_141_147),
        cmocka_unit_test(test_142),
        cmocka_unit_test(test_143_144_145_149),
        cmocka_unit_test(test_146),
        cmocka_unit_test(test_148),
        cmocka_unit_test(test_151_153),
        cmocka_unit_test(test_157),
        cmocka_unit_test(test_158_159),
        cmocka_unit_test(test_165),
        cmocka_unit_test(test_166_167),
        cmocka_unit_test(test_168_171_174),
        cmocka_unit_test(test_175_176_177),
        cmocka_unit_test(test_178),
        cmocka_unit_test(test_180_181_196),
        cmocka_unit_test(test_182),
        cmocka_unit_test(test_184),
        cmocka_unit_test(test_185_198),
        cmocka_unit_test(test_186),
        cmocka_unit_test(test_187),
        cmocka_unit_test(test_188_189),
        cmocka_unit_test(test_190_191),
        cmocka_unit_test(test_192_193),
        cmocka_unit_test(test_197),
        cmocka_unit_test(test_199),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
