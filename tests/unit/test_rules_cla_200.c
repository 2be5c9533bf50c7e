/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_200.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Year 0 is 2025-26 (1 April 2025 .. 31
 * March 2026); 2025 is 2024-25.  Age limits are tested the day before, on
 * and after the birthday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

static void test_209(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: 4 on 31/08/2024, the day itself", 0, 1, "Header: DOB=31/08/2020 UPN=UN1" },
        { "fails: 4 the day before", 0, 1, "Header: DOB=30/08/2020 UPN=UN1" },
        { "passes: 4 the day after", 0, 0, "Header: DOB=01/09/2020 UPN=UN1" },
        { "passes: UN2", 0, 0, "Header: DOB=01/01/2010 UPN=UN2" },
        { "passes: 2024-25 looks at 31/08/2023", 2025, 0, "Header: DOB=31/08/2020 UPN=UN1" },
        { "fails: 2024-25 on its date", 2025, 1, "Header: DOB=31/08/2019 UPN=UN1" },
    };
    (void)state;
    RUN("209", cases);
}

static void test_210(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: starts 24 March", 0, 1, "Header: UPN=UN4\nEpisodes: DECOM=24/03/2026" },
        { "fails: starts 25 March", 0, 1, "Header: UPN=UN4\nEpisodes: DECOM=25/03/2026" },
        { "passes: starts 23 March", 0, 0, "Header: UPN=UN4\nEpisodes: DECOM=23/03/2026" },
        { "passes: UN3", 0, 0, "Header: UPN=UN3\nEpisodes: DECOM=25/03/2026" },
        { "fails once per child", 0, 1,
          "Header: UPN=UN4\nEpisodes: DECOM=24/03/2026 DEC=25/03/2026\nEpisodes: DECOM=25/03/2026" },
    };
    (void)state;
    RUN("210", cases);
}

static void test_213(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: T0 with a provider", 0, 1, "Episodes: PLACE=T0 PLACE_PROVIDER=PR1" },
        { "fails: Z11 with a provider in 2025-26", 0, 1, "Episodes: PLACE=Z11 PLACE_PROVIDER=PR1" },
        { "passes: Z11 is not in the 2024-25 list", 2025, 0, "Episodes: PLACE=Z11 PLACE_PROVIDER=PR1" },
        { "fails: T4 in 2024-25", 2025, 1, "Episodes: PLACE=T4 PLACE_PROVIDER=PR2" },
        { "passes: U1 with a provider", 0, 0, "Episodes: PLACE=U1 PLACE_PROVIDER=PR1" },
        { "passes: T1 without", 0, 0, "Episodes: PLACE=T1" },
    };
    (void)state;
    RUN("213", cases);
}

static void test_214(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: V3 with PL_POST", 0, 1, "Episodes: LS=V3 PL_POST=\"YY1 2AB\"" },
        { "fails: V4 with URN", 0, 1, "Episodes: LS=V4 URN=SC123456" },
        { "fails once with both", 0, 1, "Episodes: LS=V4 URN=SC123456 PL_POST=\"YY1 2AB\"" },
        { "passes: C2 with both", 0, 0, "Episodes: LS=C2 URN=SC123456 PL_POST=\"YY1 2AB\"" },
        { "passes: V3 with neither", 0, 0, "Episodes: LS=V3" },
    };
    (void)state;
    RUN("214", cases);
}

static void test_215(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: OC3 and OC2 items", 0, 1, "OC3: IN_TOUCH=YES\nOC2: CONVICTED=0" },
        { "fails: ACCOM and INTERVENTION_OFFERED", 0, 1, "OC3: ACCOM=B1\nOC2: INTERVENTION_OFFERED=1" },
        { "passes: OC3 only", 0, 0, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
        { "passes: OC2 row without those items", 0, 0, "OC3: IN_TOUCH=YES\nOC2: SDQ_SCORE=10" },
    };
    (void)state;
    RUN("215", cases);
}

static void test_217(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: A3 from 1 April 2015 with RNE P", 0, 1, "Episodes: PLACE=A3 DECOM=01/04/2015 RNE=P" },
        { "passes: A3 the day before", 0, 0, "Episodes: PLACE=A3 DECOM=31/03/2015 RNE=P" },
        { "passes: A5 with RNE T", 0, 0, "Episodes: PLACE=A5 DECOM=01/05/2025 RNE=T" },
        { "passes: U1 with RNE P", 0, 0, "Episodes: PLACE=U1 DECOM=01/05/2025 RNE=P" },
    };
    (void)state;
    RUN("217", cases);
}

static void test_218(void **state)
{
#define PCS "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\n" \
            "postcode: PC=\"YY2 2BB\" E=330000 N=280000 LA=W06000001\n"
    static const struct cla_case cases[] = {
        { "not run without postcodes", 0, CLA_NOT_RUN, "Episodes: PLACE=U1 PL_POST=\"YY1 1AA\"" },
        { "fails: open U1 without URN", 0, 1, PCS "Episodes: PLACE=U1 PL_POST=\"YY1 1AA\"" },
        { "fails: ends on 1 April", 0, 1, PCS "Episodes: PLACE=U1 DECOM=01/01/2025 DEC=01/04/2025" },
        { "passes: ended 31 March, before the year", 0, 0, PCS "Episodes: PLACE=U1 DECOM=01/01/2025 DEC=31/03/2025" },
        { "passes: with a URN", 0, 0, PCS "Episodes: PLACE=U1 URN=SC123456" },
        { "passes: P1 needs none", 0, 0, PCS "Episodes: PLACE=P1" },
        { "passes: placed in Wales", 0, 0, PCS "Episodes: PLACE=K2 PL_POST=\"YY2 2BB\"" },
        { "passes: Z1 exempt in 2024-25", 2025, 0, PCS "Episodes: PLACE=Z1" },
        { "fails: Z1 not exempt in 2025-26", 0, 1, PCS "Episodes: PLACE=Z1" },
        { "passes: Z12 exempt in 2025-26", 0, 0, PCS "Episodes: PLACE=Z12" },
    };
#undef PCS
    (void)state;
    RUN("218", cases);
}

static void test_222(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: R1 with a URN", 0, 1, "Episodes: PLACE=R1 URN=SC123456" },
        { "passes: R1 with the placeholder", 0, 0, "Episodes: PLACE=R1 URN=XXXXXXX" },
        { "passes: U1 with a URN", 0, 0, "Episodes: PLACE=U1 URN=SC123456" },
        { "fails: Z1 in 2024-25", 2025, 1, "Episodes: PLACE=Z1 URN=SC123456" },
        { "passes: Z1 not listed in 2025-26", 0, 0, "Episodes: PLACE=Z1 URN=SC123456" },
        { "fails: Z13 in 2025-26", 0, 1, "Episodes: PLACE=Z13 URN=SC123456" },
    };
    (void)state;
    RUN("222", cases);
}

static void test_225(void **state)
{
#define E1 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1 PLACE=U1"
    static const struct cla_case cases[] = {
        { "fails: X1 then a new placement", 0, 1, E1 "\nEpisodes: DECOM=01/06/2025 RNE=P PLACE=U2" },
        { "passes: reason given", 0, 0, E1 " REASON_PLACE_CHANGE=CARPL\nEpisodes: DECOM=01/06/2025 RNE=P PLACE=U2" },
        { "passes: next is temporary", 0, 0, E1 "\nEpisodes: DECOM=01/06/2025 RNE=P PLACE=T1" },
        { "passes: next is a legal change", 0, 0, E1 "\nEpisodes: DECOM=01/06/2025 RNE=L PLACE=U1" },
        { "passes: the last episode", 0, 0, E1 },
    };
#undef E1
    (void)state;
    RUN("225", cases);
}

static void test_226(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: T1 with a reason", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T1 REASON_PLACE_CHANGE=CARPL" },
        { "fails: previous episode has a reason", 0, 1,
          "Episodes: DECOM=01/05/2025 PLACE=U1 REASON_PLACE_CHANGE=CARPL\n"
          "Episodes: DECOM=01/06/2025 PLACE=T2" },
        { "passes: T1 with none", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1\nEpisodes: DECOM=01/06/2025 PLACE=T1" },
        { "passes: U1 with a reason", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 REASON_PLACE_CHANGE=CARPL" },
        { "fails in 2024-25 too", 2025, 1, "Episodes: DECOM=01/05/2024 PLACE=T3 REASON_PLACE_CHANGE=CARPL" },
    };
    (void)state;
    RUN("226", cases);
}

static void test_231(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 11 on 31 March", 0, 0, "Header: DOB=31/03/2015\nUASC: DOB=31/03/2015" },
        { "fails: 11 the day after", 0, 1, "Header: DOB=01/04/2015\nUASC: DOB=01/04/2015" },
        { "passes: 11 the day before", 0, 0, "Header: DOB=30/03/2015\nUASC: DOB=30/03/2015" },
        { "passes: not UASC", 0, 0, "Header: DOB=01/04/2020" },
        { "fails: 2024-25", 2025, 1, "Header: DOB=01/04/2014\nUASC: DOB=01/04/2014" },
    };
    (void)state;
    RUN("231", cases);
}

static void test_232(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: U", 0, 1, "Header: SEX=U" },
        { "fails: U in 2024-25", 2025, 1, "Header: SEX=U" },
        { "passes: F", 0, 0, "Header: SEX=F" },
    };
    (void)state;
    RUN("232", cases);
}

static void test_233(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: open with a reason", 0, 1, "Episodes: DECOM=01/05/2025 REASON_PLACE_CHANGE=CARPL" },
        { "passes: ceased with a reason", 0, 0, "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REASON_PLACE_CHANGE=CARPL" },
        { "passes: open without", 0, 0, "Episodes: DECOM=01/05/2025" },
        { "new in 2025-26", 2025, CLA_NOT_IN_FORCE, "Episodes: DECOM=01/05/2024" },
    };
    (void)state;
    RUN("233", cases);
}

static void test_234(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: next starts the day before the 10th birthday", 0, 1,
          "Header: DOB=10/06/2015\nEpisodes: DECOM=01/04/2025 DEC=09/06/2025 REC=X1 REASON_PLACE_CHANGE=CUSTOD\n"
          "Episodes: DECOM=09/06/2025 RNE=P" },
        { "passes: on the birthday", 0, 0,
          "Header: DOB=10/06/2015\nEpisodes: DECOM=01/04/2025 DEC=10/06/2025 REC=X1 REASON_PLACE_CHANGE=CUSTOD\n"
          "Episodes: DECOM=10/06/2025 RNE=P" },
        { "passes: the day after", 0, 0,
          "Header: DOB=10/06/2015\nEpisodes: DECOM=01/04/2025 DEC=11/06/2025 REC=X1 REASON_PLACE_CHANGE=CUSTOD\n"
          "Episodes: DECOM=11/06/2025 RNE=P" },
        { "passes: other reason", 0, 0,
          "Header: DOB=10/06/2015\nEpisodes: DECOM=01/04/2025 DEC=09/06/2025 REC=X1 REASON_PLACE_CHANGE=CARPL\n"
          "Episodes: DECOM=09/06/2025 RNE=P" },
        { "new in 2025-26", 2025, CLA_NOT_IN_FORCE, "Header: DOB=10/06/2015" },
    };
    (void)state;
    RUN("234", cases);
}

static void test_301(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: born 31 March", 0, 0, "Header: DOB=31/03/2026" },
        { "fails: born 1 April", 0, 1, "Header: DOB=01/04/2026" },
        { "fails: 2024-25", 2025, 1, "Header: DOB=01/04/2025" },
    };
    (void)state;
    RUN("301", cases);
}

static void test_302(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: the day before birth", 0, 1, "Header: DOB=10/05/2025\nEpisodes: DECOM=09/05/2025" },
        { "passes: the day of birth", 0, 0, "Header: DOB=10/05/2025\nEpisodes: DECOM=10/05/2025" },
        { "fails: the first in date order, listed last", 0, 1,
          "Header: DOB=10/05/2025\nEpisodes: DECOM=01/06/2025\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025" },
    };
    (void)state;
    RUN("302", cases);
}

/* 303 sees the flag only in an XML return (xml: given); in CSV the UASC
 * row is the flag, so a DUC can never fail there. */
static void test_303(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: XML flag 0 with a DUC", 0, 1,
          "xml: given\nHeader: DOB=10/05/2008 UASC=0\nUASC: DOB=10/05/2008 DUC=10/05/2026" },
        { "fails: XML flag blank with a DUC", 0, 1,
          "xml: given\nHeader: DOB=10/05/2008\nUASC: DOB=10/05/2008 DUC=10/05/2026" },
        { "fails: XML flag 2 with a DUC (2024-25)", 2025, 1,
          "xml: given\nHeader: DOB=10/05/2008 UASC=2\nUASC: DOB=10/05/2008 DUC=10/05/2026" },
        { "passes: XML flag 1 with a DUC", 0, 0,
          "xml: given\nHeader: DOB=10/05/2008 UASC=1\nUASC: DOB=10/05/2008 DUC=10/05/2026" },
        { "passes: XML flag 1, no DUC", 0, 0,
          "xml: given\nHeader: DOB=10/05/2008 UASC=1\nUASC: DOB=10/05/2008" },
        { "passes: CSV row with a DUC", 0, 0, "Header: DOB=10/05/2008\nUASC: DOB=10/05/2008 DUC=10/05/2026" },
        { "passes: not UASC", 0, 0, "xml: given\nHeader: DOB=10/05/2008 UASC=0" },
    };
    (void)state;
    RUN("303", cases);
}

static void test_304(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: on the 18th birthday", 0, 0, "Header: DOB=10/05/2007\nUASC: DOB=10/05/2007 DUC=10/05/2025" },
        { "fails: the day after", 0, 1, "Header: DOB=10/05/2007\nUASC: DOB=10/05/2007 DUC=11/05/2025" },
        { "passes: the day before", 0, 0, "Header: DOB=10/05/2007\nUASC: DOB=10/05/2007 DUC=09/05/2025" },
        { "passes: no DUC", 0, 0, "Header: DOB=10/05/2000\nUASC: DOB=10/05/2000" },
    };
    (void)state;
    RUN("304", cases);
}

static void test_331(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: matched after placement", 0, 1,
          "AD1: DATE_MATCH=02/06/2025 DATE_INT=01/05/2025\nEpisodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E11" },
        { "passes: matched the same day", 0, 0,
          "AD1: DATE_MATCH=01/06/2025 DATE_INT=01/05/2025\nEpisodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E12" },
        { "passes: not adopted", 0, 0,
          "AD1: DATE_MATCH=02/06/2025 DATE_INT=01/05/2025\nEpisodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E3" },
    };
    (void)state;
    RUN("331", cases);
}

static void test_333(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: DATE_INT after DATE_MATCH", 0, 1, "AD1: DATE_INT=03/06/2025 DATE_MATCH=01/06/2025" },
        { "passes: the same day", 0, 0, "AD1: DATE_INT=01/06/2025 DATE_MATCH=01/06/2025" },
        { "fails: DATE_INT blank", 0, 1, "AD1: DATE_MATCH=01/06/2025" },
        { "passes: no DATE_MATCH", 0, 0, "AD1: DATE_INT=01/06/2025" },
    };
    (void)state;
    RUN("333", cases);
}

static void test_334(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: DATE_INT before the period of care", 0, 1,
          "AD1: DATE_INT=30/04/2025\nEpisodes: DECOM=01/05/2025 RNE=S" },
        { "passes: the same day", 0, 0, "AD1: DATE_INT=01/05/2025\nEpisodes: DECOM=01/05/2025 RNE=S" },
        { "fails: against the latest S", 0, 1,
          "AD1: DATE_INT=01/06/2025\nEpisodes: DECOM=01/01/2020 DEC=01/02/2020 RNE=S\n"
          "Episodes: DECOM=02/06/2025 RNE=S" },
        { "passes: no S episode", 0, 0, "AD1: DATE_INT=01/01/2020\nEpisodes: DECOM=01/05/2025 RNE=P" },
    };
    (void)state;
    RUN("334", cases);
}

static void test_335(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: A3 with FOSTER_CARE 0", 0, 1, "AD1: FOSTER_CARE=0\nEpisodes: PLACE=A3 REC=E11 DEC=01/06/2025" },
        { "fails: A4 with FOSTER_CARE 1", 0, 1, "AD1: FOSTER_CARE=1\nEpisodes: PLACE=A4 REC=E12 DEC=01/06/2025" },
        { "passes: A3 with 1", 0, 0, "AD1: FOSTER_CARE=1\nEpisodes: PLACE=A3 REC=E11 DEC=01/06/2025" },
        { "passes: not adopted", 0, 0, "AD1: FOSTER_CARE=0\nEpisodes: PLACE=A3 REC=E3 DEC=01/06/2025" },
        { "passes: no AD1", 0, 0, "Episodes: PLACE=A3 REC=E11 DEC=01/06/2025" },
    };
    (void)state;
    RUN("335", cases);
}

static void test_336(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: T1 then A3", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T1\nEpisodes: DECOM=01/06/2025 PLACE=A3" },
        { "fails: K2 then A5", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=K2\nEpisodes: DECOM=01/06/2025 PLACE=A5" },
        { "passes: U1 then A5", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1\nEpisodes: DECOM=01/06/2025 PLACE=A5" },
        { "passes: T1 then A4 (DfE: A3/A5 only)", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=T1\nEpisodes: DECOM=01/06/2025 PLACE=A4" },
        { "passes: A3 first", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=A3" },
    };
    (void)state;
    RUN("336", cases);
}

static void test_344(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: DIED with zeros", 0, 0, "OC3: IN_TOUCH=DIED ACTIV=0 ACCOM=0" },
        { "fails: RHOM with an activity", 0, 1, "OC3: IN_TOUCH=RHOM ACTIV=F1 ACCOM=0" },
        { "fails: DIED with accommodation", 0, 1, "OC3: IN_TOUCH=DIED ACTIV=0 ACCOM=B1" },
        { "passes: YES with both", 0, 0, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
    };
    (void)state;
    RUN("344", cases);
}

static void test_345(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: YES with ACTIV 0", 0, 1, "OC3: IN_TOUCH=YES ACTIV=0 ACCOM=B1" },
        { "fails: YES with ACCOM 0", 0, 1, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=0" },
        { "passes: YES with both", 0, 0, "OC3: IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
        { "passes: NO with zeros", 0, 0, "OC3: IN_TOUCH=NO ACTIV=0 ACCOM=0" },
    };
    (void)state;
    RUN("345", cases);
}

static void test_347(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 18 on 1 April", 0, 0, "Header: DOB=01/04/2007\nOC3: DOB=01/04/2007 ACCOM=T1" },
        { "fails: 18 the day after", 0, 1, "Header: DOB=02/04/2007\nOC3: DOB=02/04/2007 ACCOM=T2" },
        { "passes: 18 the day before", 0, 0, "Header: DOB=31/03/2007\nOC3: DOB=31/03/2007 ACCOM=T1" },
        { "passes: not a Foyer", 0, 0, "Header: DOB=02/04/2010\nOC3: DOB=02/04/2010 ACCOM=B1" },
    };
    (void)state;
    RUN("347", cases);
}

static void test_348(void **state)
{
    static const struct cla_case cases[] = {
        { "not run without last year", 0, CLA_NOT_RUN, "OC3: IN_TOUCH=YES" },
        { "fails: died last year, in touch now", 0, 1, "OC3: IN_TOUCH=YES\nlast OC3: IN_TOUCH=DIED" },
        { "passes: died both years", 0, 0, "OC3: IN_TOUCH=DIED\nlast OC3: IN_TOUCH=DIED" },
        { "passes: in touch last year", 0, 0, "OC3: IN_TOUCH=YES\nlast OC3: IN_TOUCH=NO" },
        { "passes: not in last year's return", 0, 0, "OC3: IN_TOUCH=YES\nprevious: given" },
        { "new in 2025-26", 2025, CLA_NOT_IN_FORCE, "OC3: IN_TOUCH=YES" },
    };
    (void)state;
    RUN("348", cases);
}

static void test_351(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 25 on 1 April", 0, 0, "Header: DOB=01/04/2000" },
        { "fails: 25 the day before", 0, 1, "Header: DOB=31/03/2000" },
        { "passes: 25 the day after", 0, 0, "Header: DOB=02/04/2000" },
        { "passes: 22 (the public validator's 21)", 0, 0, "Header: DOB=01/01/2003" },
    };
    (void)state;
    RUN("351", cases);
}

static void test_352(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: starts on the 18th birthday", 0, 1, "Header: DOB=10/05/2007\nEpisodes: DECOM=10/05/2025 RNE=S" },
        { "passes: the day before", 0, 0, "Header: DOB=10/05/2007\nEpisodes: DECOM=09/05/2025 RNE=S" },
        { "fails: the day after", 0, 1, "Header: DOB=10/05/2007\nEpisodes: DECOM=11/05/2025 RNE=S" },
        { "passes: not a new period of care", 0, 0, "Header: DOB=10/05/2007\nEpisodes: DECOM=11/05/2025 RNE=P" },
    };
    (void)state;
    RUN("352", cases);
}

static void test_353(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: 13 October 1991", 0, 1, "Episodes: DECOM=13/10/1991" },
        { "passes: 14 October 1991", 0, 0, "Episodes: DECOM=14/10/1991" },
    };
    (void)state;
    RUN("353", cases);
}

static void test_354(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: starts 1 April", 0, 1, "Episodes: DECOM=01/04/2026" },
        { "fails: ceases 1 April", 0, 1, "Episodes: DECOM=01/03/2026 DEC=01/04/2026" },
        { "passes: ceases 31 March", 0, 0, "Episodes: DECOM=01/03/2026 DEC=31/03/2026" },
        { "fails once with both late", 0, 1, "Episodes: DECOM=01/04/2026 DEC=02/04/2026" },
    };
    (void)state;
    RUN("354", cases);
}

static void test_355(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: same day", 0, 1, "Episodes: DECOM=01/05/2025 DEC=01/05/2025" },
        { "passes: next day", 0, 0, "Episodes: DECOM=01/05/2025 DEC=02/05/2025" },
        { "passes: open", 0, 0, "Episodes: DECOM=01/05/2025" },
    };
    (void)state;
    RUN("355", cases);
}

static void test_356(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: ceased the day before", 0, 1, "Episodes: DECOM=02/05/2025 DEC=01/05/2025" },
        { "passes: the same day", 0, 0, "Episodes: DECOM=01/05/2025 DEC=01/05/2025" },
        { "passes: open", 0, 0, "Episodes: DECOM=01/05/2025" },
    };
    (void)state;
    RUN("356", cases);
}

static void test_357(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: first episode in the year with P", 0, 1, "Episodes: DECOM=01/04/2025 RNE=P" },
        { "passes: with S", 0, 0, "Episodes: DECOM=01/04/2025 RNE=S" },
        { "passes: started before the year", 0, 0, "Episodes: DECOM=31/03/2025 RNE=P" },
        { "passes: only the first counts", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 RNE=S REC=X1\nEpisodes: DECOM=01/06/2025 RNE=P" },
        { "passes: preceded by last year's episode", 0, 0,
          "Episodes: DECOM=01/04/2025 RNE=P\nlast Episodes: DECOM=01/01/2025 DEC=01/04/2025 RNE=S REC=X1" },
    };
    (void)state;
    RUN("357", cases);
}

static void test_358(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: J1 the day before the 10th birthday", 0, 1, "Header: DOB=10/06/2015\nEpisodes: DECOM=09/06/2025 LS=J1" },
        { "passes: on the birthday (DfE)", 0, 0, "Header: DOB=10/06/2015\nEpisodes: DECOM=10/06/2025 LS=J2" },
        { "passes: the day after", 0, 0, "Header: DOB=10/06/2015\nEpisodes: DECOM=11/06/2025 LS=J3" },
        { "passes: other legal status", 0, 0, "Header: DOB=10/06/2020\nEpisodes: DECOM=11/06/2025 LS=C2" },
    };
    (void)state;
    RUN("358", cases);
}

static void test_359(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: 18 before 31 March, open C2", 0, 1, "Header: DOB=30/03/2008\nEpisodes: DECOM=01/05/2025 LS=C2 PLACE=U1" },
        { "passes: V2 in K2", 0, 0, "Header: DOB=30/03/2008\nEpisodes: DECOM=01/05/2025 LS=V2 PLACE=K2" },
        { "passes: 18 on 31 March", 0, 0, "Header: DOB=31/03/2008\nEpisodes: DECOM=01/05/2025 LS=C2 PLACE=U1" },
        { "passes: ceased", 0, 0,
          "Header: DOB=30/03/2008\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 LS=C2 PLACE=U1" },
    };
    (void)state;
    RUN("359", cases);
}

static void test_361(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 3 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=04/06/2025 LS=L1" },
        { "fails: 4 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=05/06/2025 LS=L1" },
        { "fails: a spell of two episodes, both", 0, 2,
          "Episodes: DECOM=01/06/2025 DEC=03/06/2025 LS=L1\nEpisodes: DECOM=03/06/2025 DEC=05/06/2025 LS=L1" },
        { "passes: two separate short spells", 0, 0,
          "Episodes: DECOM=01/06/2025 DEC=03/06/2025 LS=L1\nEpisodes: DECOM=03/06/2025 DEC=04/06/2025 LS=C2\n"
          "Episodes: DECOM=04/06/2025 DEC=06/06/2025 LS=L1" },
        { "passes: open, 3 days to 31 March", 0, 0, "Episodes: DECOM=28/03/2026 LS=L1" },
        { "fails: open, 4 days to 31 March", 0, 1, "Episodes: DECOM=27/03/2026 LS=L1" },
    };
    (void)state;
    RUN("361", cases);
}

static void test_362(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 21 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=22/06/2025 LS=L2" },
        { "fails: 22 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=23/06/2025 LS=L2" },
    };
    (void)state;
    RUN("362", cases);
}

static void test_363(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 7 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=08/06/2025 LS=L3" },
        { "fails: 8 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=09/06/2025 LS=L3" },
    };
    (void)state;
    RUN("363", cases);
}

static void test_364(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 21 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=22/06/2025 LS=J2" },
        { "fails: 22 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=23/06/2025 LS=J2" },
        { "passes: other status", 0, 0, "Episodes: DECOM=01/06/2025 DEC=23/06/2025 LS=J1" },
    };
    (void)state;
    RUN("364", cases);
}

static void test_365(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 17 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=18/06/2025 LS=V3" },
        { "fails: 18 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=19/06/2025 LS=V3" },
        { "fails: open 18 days to 31 March", 0, 1, "Episodes: DECOM=13/03/2026 LS=V3" },
        { "passes: V4", 0, 0, "Episodes: DECOM=01/06/2025 DEC=19/06/2025 LS=V4" },
    };
    (void)state;
    RUN("365", cases);
}

static void test_366(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: V3 with RNE P", 0, 1, "Episodes: LS=V3 RNE=P" },
        { "passes: V3 with RNE S", 0, 0, "Episodes: LS=V3 RNE=S" },
        { "passes: C2 with RNE P", 0, 0, "Episodes: LS=C2 RNE=P" },
    };
    (void)state;
    RUN("366", cases);
}

static void test_367(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 75 days", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=11/06/2025 LS=V3\nEpisodes: DECOM=01/07/2025 DEC=04/08/2025 LS=V3" },
        { "fails: 76 days, both episodes", 0, 2,
          "Episodes: DECOM=01/05/2025 DEC=11/06/2025 LS=V3\nEpisodes: DECOM=01/07/2025 DEC=05/08/2025 LS=V3" },
        { "passes: days before 1 April do not count", 0, 0,
          "Episodes: DECOM=01/01/2025 DEC=15/06/2025 LS=V3" },
        { "fails: from 1 April, 76 days", 0, 1, "Episodes: DECOM=01/01/2025 DEC=16/06/2025 LS=V3" },
    };
    (void)state;
    RUN("367", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_209), cmocka_unit_test(test_210), cmocka_unit_test(test_213),
        cmocka_unit_test(test_214), cmocka_unit_test(test_215), cmocka_unit_test(test_217),
        cmocka_unit_test(test_218), cmocka_unit_test(test_222), cmocka_unit_test(test_225),
        cmocka_unit_test(test_226), cmocka_unit_test(test_231), cmocka_unit_test(test_232),
        cmocka_unit_test(test_233), cmocka_unit_test(test_234), cmocka_unit_test(test_301),
        cmocka_unit_test(test_302), cmocka_unit_test(test_303),
        cmocka_unit_test(test_304), cmocka_unit_test(test_331),
        cmocka_unit_test(test_333), cmocka_unit_test(test_334), cmocka_unit_test(test_335),
        cmocka_unit_test(test_336), cmocka_unit_test(test_344), cmocka_unit_test(test_345),
        cmocka_unit_test(test_347), cmocka_unit_test(test_348), cmocka_unit_test(test_351),
        cmocka_unit_test(test_352), cmocka_unit_test(test_353), cmocka_unit_test(test_354),
        cmocka_unit_test(test_355), cmocka_unit_test(test_356), cmocka_unit_test(test_357),
        cmocka_unit_test(test_358), cmocka_unit_test(test_359), cmocka_unit_test(test_361),
        cmocka_unit_test(test_362), cmocka_unit_test(test_363), cmocka_unit_test(test_364),
        cmocka_unit_test(test_365), cmocka_unit_test(test_366), cmocka_unit_test(test_367),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
