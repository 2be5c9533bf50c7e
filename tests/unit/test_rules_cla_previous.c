/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_previous.c (this year against last
 * year's return, and the 1000 series): one table of cases per rule, each
 * with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Year 2026 (2025-26) unless a case says
 * otherwise: the year runs 01/04/2025 to 31/03/2026.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])
#define T(name) static void test_##name(void **state)

#define H "Header: SEX=M DOB=01/01/2010 ETHNIC=WBRI "
#define LH "last Header: SEX=M DOB=01/01/2010 ETHNIC=WBRI "

T(202)
{
    static const struct cla_case cases[] = {
        { "passes: same sex", 0, 0, H "\n" LH "\n" },
        { "passes: 2023-24 code 1 is M", 2025, 0, H "\n" "last Header: SEX=1 DOB=01/01/2010\n" },
        { "fails: sex changed", 0, 1, H "\n" "last Header: SEX=F\n" },
        { "passes: not in last year's return", 0, 0, H "\n" "last Header: CHILD=2 SEX=F\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" },
    };
    (void)state;
    RUN("202", cases);
}

T(203)
{
    static const struct cla_case cases[] = {
        { "passes: same DOB", 0, 0, H "\n" LH "\n" },
        { "fails: DOB a day later", 0, 1, H "\n" "last Header: DOB=02/01/2010\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" },
    };
    (void)state;
    RUN("203", cases);
}

T(204)
{
    static const struct cla_case cases[] = {
        { "passes: same ethnicity", 0, 0, H "\n" LH "\n" },
        { "fails: ethnicity changed", 0, 1, H "\n" "last Header: ETHNIC=WIRI\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" },
    };
    (void)state;
    RUN("204", cases);
}

T(205A)
{
    static const struct cla_case cases[] = {
        { "passes: ceased on the first day of last year", 0, 0,
          H "\n" LH "\n" "last UASC: DOB=01/01/2010 DUC=01/04/2024\n" },
        { "passes: ceased on the last day of last year", 0, 0,
          H "\n" LH "\n" "last UASC: DOB=01/01/2010 DUC=31/03/2025\n" },
        { "fails: ceased the day before last year", 0, 1,
          H "\n" LH "\n" "last UASC: DOB=01/01/2010 DUC=31/03/2024\n" },
        { "fails: no DUC last year", 0, 1, H "\n" LH "\n" "last UASC: DOB=01/01/2010\n" },
        { "passes: still UASC this year (205B's business)", 0, 0,
          H "\n" "UASC: DOB=01/01/2010\n" LH "\n" "last UASC: DOB=01/01/2010\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" },
    };
    (void)state;
    RUN("205A", cases);
}

T(205B)
{
    static const struct cla_case cases[] = {
        { "passes: DUC the 18th birthday both years", 0, 0,
          H "\n" "UASC: DOB=01/01/2007 DUC=01/01/2025\n" LH "\n" "last UASC: DOB=01/01/2007 DUC=01/01/2025\n" },
        { "passes: DUC this year, none last year", 0, 0,
          H "\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" LH "\n" "last UASC: DOB=01/01/2008\n" },
        { "fails: last year's DUC not the 18th birthday", 0, 1,
          H "\n" "UASC: DOB=01/01/2007 DUC=02/01/2025\n" LH "\n" "last UASC: DOB=01/01/2007 DUC=02/01/2025\n" },
        { "fails: DUC before this year and not last year's", 0, 1,
          H "\n" "UASC: DOB=01/01/2007 DUC=31/03/2025\n" LH "\n" "last UASC: DOB=01/01/2007\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" "UASC: DOB=01/01/2007\n" },
    };
    (void)state;
    RUN("205B", cases);
}

/* 205C needs the flags as submitted: only an XML return (xml: given) has
 * them this year; last year's return gives its flag when it was XML, else
 * its UASC row is the flag. */
T(205C)
{
    static const struct cla_case cases[] = {
        { "fails: XML flag 0 with a DUC, not in last year's return", 0, 1,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" "previous: given\n" },
        { "fails: XML flag 0 with a DUC, flagged 0 last year", 0, 1,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" LH " UASC=0\n" },
        { "fails: XML flag blank with a DUC", 0, 1,
          "xml: given\n" H "\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" "previous: given\n" },
        { "passes: XML flag 1", 0, 0,
          "xml: given\n" H " UASC=1\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" "previous: given\n" },
        { "passes: flagged 1 last year (XML)", 0, 0,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" LH " UASC=1\n" },
        { "passes: UASC last year by its UASC row (CSV)", 0, 0,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" LH "\n"
          "last UASC: DOB=01/01/2008\n" },
        { "passes: CSV this year (the UASC row is the flag)", 0, 0,
          H "\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" "previous: given\n" },
        { "passes: no DUC either year", 0, 0,
          "xml: given\n" H " UASC=1\n" "UASC: DOB=01/01/2008\n" LH " UASC=0\n" },
        { "in force in 2024-25", 2025, 1,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2025\n" "previous: given\n" },
        { "not run without last year", 0, CLA_NOT_RUN,
          "xml: given\n" H " UASC=0\n" "UASC: DOB=01/01/2008 DUC=01/01/2026\n" },
    };
    (void)state;
    RUN("205C", cases);
}

T(205D)
{
    static const struct cla_case cases[] = {
        { "passes: UASC both years", 0, 0, H "\n" "UASC: DOB=01/01/2010\n" LH "\n" "last UASC: DOB=01/01/2010\n" },
        { "passes: new this year", 0, 0, H "\n" "UASC: DOB=01/01/2010\n" "previous: given\n" },
        { "fails: in last year's return, not UASC there", 0, 1, H "\n" "UASC: DOB=01/01/2010\n" LH "\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" "UASC: DOB=01/01/2010\n" },
    };
    (void)state;
    RUN("205D", cases);
}

T(207)
{
    static const struct cla_case cases[] = {
        { "passes: still a mother", 0, 0,
          H "MOTHER=1\n" "Episodes: DECOM=01/05/2025\n" LH "MOTHER=1\n" },
        { "fails: no longer a mother", 0, 1,
          H "MOTHER=0\n" "Episodes: DECOM=01/05/2025\n" LH "MOTHER=1\n" },
        { "passes: no episodes this year", 0, 0, H "MOTHER=0\n" LH "MOTHER=1\n" },
        { "passes: was not a mother", 0, 0, H "MOTHER=1\n" "Episodes: DECOM=01/05/2025\n" LH "MOTHER=0\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "MOTHER=0\n" },
    };
    (void)state;
    RUN("207", cases);
}

T(208)
{
    static const struct cla_case cases[] = {
        { "passes: same UPN, other case", 0, 0, H "UPN=a123\n" LH "UPN=A123\n" },
        { "passes: unknown to known", 0, 0, H "UPN=A123\n" LH "UPN=UN3\n" },
        { "passes: UN1 to UN4", 0, 0, H "UPN=UN4\n" LH "UPN=UN1\n" },
        { "passes: blank both years", 0, 0, H "\n" LH "\n" },
        { "fails: known UPN changed", 0, 1, H "UPN=A124\n" LH "UPN=A123\n" },
        { "fails: known to unknown", 0, 1, H "UPN=UN1\n" LH "UPN=A123\n" },
        { "fails: blank to UN1", 0, 1, H "UPN=UN1\n" LH "\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "UPN=A123\n" },
    };
    (void)state;
    RUN("208", cases);
}

#define OPEN_LAST "last Episodes: DECOM=01/06/2024 RNE=S LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 URN=SC123456\n"
#define SAME_NOW "Episodes: DECOM=01/06/2024 RNE=S LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 URN=SC123456\n"

T(502)
{
    static const struct cla_case cases[] = {
        { "passes: continues the open episode", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: starts a day later", 0, 1, "Episodes: DECOM=02/06/2024\n" OPEN_LAST },
        { "passes: last year's episode ended", 0, 0,
          "Episodes: DECOM=01/05/2025\n" "last Episodes: DECOM=01/06/2024 DEC=01/03/2025 REC=E4A\n" },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("502", cases);
}

T(503A)
{
    static const struct cla_case cases[] = {
        { "passes: same RNE", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: RNE changed", 0, 1, "Episodes: DECOM=01/06/2024 RNE=L\n" OPEN_LAST },
        { "passes: last year's episode ended", 0, 0,
          "Episodes: DECOM=01/05/2025 RNE=L\n" "last Episodes: DECOM=01/06/2024 RNE=S DEC=01/03/2025 REC=E4A\n" },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503A", cases);
}

T(503B)
{
    static const struct cla_case cases[] = {
        { "passes: same LS", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: LS changed", 0, 1, "Episodes: DECOM=01/06/2024 RNE=S LS=C1\n" OPEN_LAST },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503B", cases);
}

T(503C)
{
    static const struct cla_case cases[] = {
        { "passes: same CIN", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: CIN changed", 0, 1, "Episodes: DECOM=01/06/2024 CIN=N2\n" OPEN_LAST },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503C", cases);
}

T(503D)
{
    static const struct cla_case cases[] = {
        { "passes: same placement", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: placement changed", 0, 1, "Episodes: DECOM=01/06/2024 PLACE=U2\n" OPEN_LAST },
        { "passes 2024-25: H5 became K3", 2025, 0,
          "Episodes: DECOM=01/06/2023 PLACE=K3\n" "last Episodes: DECOM=01/06/2023 PLACE=H5\n" },
        { "fails 2024-25: H5 became U1", 2025, 1,
          "Episodes: DECOM=01/06/2023 PLACE=U1\n" "last Episodes: DECOM=01/06/2023 PLACE=H5\n" },
        { "fails 2024-25: U1 became K3", 2025, 1,
          "Episodes: DECOM=01/06/2023 PLACE=K3\n" "last Episodes: DECOM=01/06/2023 PLACE=U1\n" },
        { "fails 2025-26: H5 became K3", 0, 1,
          "Episodes: DECOM=01/06/2023 PLACE=K3\n" "last Episodes: DECOM=01/06/2023 PLACE=H5\n" },
        { "passes 2025-26: Z1 became Z12", 0, 0,
          "Episodes: DECOM=01/06/2024 PLACE=Z12\n" "last Episodes: DECOM=01/06/2024 PLACE=Z1\n" },
        { "fails 2024-25: Z1 became Z12", 2025, 1,
          "Episodes: DECOM=01/06/2023 PLACE=Z12\n" "last Episodes: DECOM=01/06/2023 PLACE=Z1\n" },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503D", cases);
}

T(503E)
{
    static const struct cla_case cases[] = {
        { "passes: same provider", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: provider changed", 0, 1, "Episodes: DECOM=01/06/2024 PLACE_PROVIDER=PR2\n" OPEN_LAST },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503E", cases);
}

T(503F)
{
    static const struct cla_case cases[] = {
        { "passes: same URN", 0, 0, SAME_NOW OPEN_LAST },
        { "fails: URN blank now", 0, 1, "Episodes: DECOM=01/06/2024\n" OPEN_LAST },
        { "not run without last year", 0, CLA_NOT_RUN, SAME_NOW },
    };
    (void)state;
    RUN("503F", cases);
}

T(559)
{
    static const struct cla_case cases[] = {
        { "passes: decision this year", 0, 0, "PlacedAdoption: DATE_PLACED=01/04/2025\n" "previous: given\n" },
        { "fails: decision the day before the year, none last year", 0, 1,
          "PlacedAdoption: DATE_PLACED=31/03/2025\n" "previous: given\n" },
        { "passes: decision recorded last year", 0, 0,
          "PlacedAdoption: DATE_PLACED=31/03/2025\n" "last PlacedAdoption: DATE_PLACED=31/03/2025\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "PlacedAdoption: DATE_PLACED=31/03/2025\n" },
    };
    (void)state;
    RUN("559", cases);
}

T(560)
{
    static const struct cla_case cases[] = {
        { "passes: same open decision", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/02/2025\n" "last PlacedAdoption: DATE_PLACED=01/02/2025\n" },
        { "fails: date changed", 0, 1,
          "PlacedAdoption: DATE_PLACED=02/02/2025\n" "last PlacedAdoption: DATE_PLACED=01/02/2025\n" },
        { "passes: old decision kept, new one added", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/02/2025 DATE_PLACED_CEASED=01/05/2025 REASON_PLACED_CEASED=RD1\n"
          "PlacedAdoption: DATE_PLACED=01/09/2025\n" "last PlacedAdoption: DATE_PLACED=01/02/2025\n" },
        { "passes: last year's decision had ceased", 0, 0,
          "PlacedAdoption: DATE_PLACED=02/02/2025\n"
          "last PlacedAdoption: DATE_PLACED=01/02/2024 DATE_PLACED_CEASED=01/03/2024\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "PlacedAdoption: DATE_PLACED=02/02/2025\n" },
    };
    (void)state;
    RUN("560", cases);
}

T(561)
{
    static const struct cla_case cases[] = {
        { "passes: a new date after the ceased decision", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/06/2025\n"
          "last PlacedAdoption: DATE_PLACED=01/02/2024 REASON_PLACED_CEASED=RD1\n" },
        { "fails: repeats a ceased decision", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/02/2024\n"
          "last PlacedAdoption: DATE_PLACED=01/02/2024 REASON_PLACED_CEASED=RD1\n" },
        { "passes: repeats an open decision", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/02/2024\n" "last PlacedAdoption: DATE_PLACED=01/02/2024\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "PlacedAdoption: DATE_PLACED=01/02/2024\n" },
    };
    (void)state;
    RUN("561", cases);
}

T(584)
{
    static const struct cla_case cases[] = {
        { "passes: a day after the ceased decision", 0, 0,
          "PlacedAdoption: DATE_PLACED=02/02/2024\n"
          "last PlacedAdoption: DATE_PLACED=01/02/2024 DATE_PLACED_CEASED=01/03/2024\n" },
        { "fails: the same day as the ceased decision", 0, 1,
          "PlacedAdoption: DATE_PLACED=01/02/2024\n"
          "last PlacedAdoption: DATE_PLACED=01/02/2024 DATE_PLACED_CEASED=01/03/2024\n" },
        { "passes: last year's decision still open", 0, 0,
          "PlacedAdoption: DATE_PLACED=01/01/2024\n" "last PlacedAdoption: DATE_PLACED=01/02/2024\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "PlacedAdoption: DATE_PLACED=01/01/2024\n" },
    };
    (void)state;
    RUN("584", cases);
}

T(562)
{
    static const struct cla_case cases[] = {
        { "passes: continues last year's final episode", 0, 0,
          "Episodes: DECOM=15/03/2025\n" "last Episodes: DECOM=01/06/2024 DEC=15/03/2025 REC=X1\n"
          "last Episodes: DECOM=15/03/2025\n" },
        { "fails: last year's final episode is another", 0, 1,
          "Episodes: DECOM=15/03/2025\n" "last Episodes: DECOM=11/03/2025\n" },
        { "fails: not in last year's return", 0, 1, "Episodes: DECOM=31/03/2025\n" "previous: given\n" },
        { "passes: starts on the first day of the year", 0, 0, "Episodes: DECOM=01/04/2025\n" "previous: given\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "Episodes: DECOM=15/03/2025\n" },
    };
    (void)state;
    RUN("562", cases);
}

T(576)
{
    static const struct cla_case cases[] = {
        { "passes: the open period continues", 0, 0,
          "Missing: MISSING=M MIS_START=07/02/2025\n" "last Missing: MISSING=M MIS_START=07/02/2025\n" },
        { "fails: first period starts a day later", 0, 1,
          "Missing: MISSING=M MIS_START=08/02/2025\n" "last Missing: MISSING=M MIS_START=07/02/2025\n" },
        { "passes: last year's period ended", 0, 0,
          "Missing: MISSING=M MIS_START=08/02/2025\n"
          "last Missing: MISSING=M MIS_START=07/02/2025 MIS_END=07/02/2025\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "Missing: MISSING=M MIS_START=08/02/2025\n" },
    };
    (void)state;
    RUN("576", cases);
}

T(624)
{
    static const struct cla_case cases[] = {
        { "passes: same first child DOB", 0, 0, H "MC_DOB=01/06/2024\n" LH "MC_DOB=01/06/2024\n" },
        { "fails: DOB changed", 0, 1, H "MC_DOB=02/06/2024\n" LH "MC_DOB=01/06/2024\n" },
        { "fails: DOB removed", 0, 1, H "\n" LH "MC_DOB=01/06/2024\n" },
        { "passes: none last year", 0, 0, H "MC_DOB=02/06/2024\n" LH "\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "\n" },
    };
    (void)state;
    RUN("624", cases);
}

T(626)
{
    static const struct cla_case cases[] = {
        { "fails: first child born before the year, not a mother last year", 0, 1,
          H "MOTHER=1 MC_DOB=31/03/2025\n" LH "MOTHER=0\n" },
        { "passes: first child born on the first day", 0, 0, H "MOTHER=1 MC_DOB=01/04/2025\n" LH "MOTHER=0\n" },
        { "passes: a mother last year", 0, 0, H "MOTHER=1 MC_DOB=31/03/2025\n" LH "MOTHER=1\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H "MOTHER=1 MC_DOB=31/03/2025\n" },
    };
    (void)state;
    RUN("626", cases);
}

#define OC3 "OC3: DOB=01/01/2008 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n"

T(1000)
{
    static const struct cla_case cases[] = {
        { "fails: died in care this year", 0, 1, OC3 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E2\n" },
        { "fails: died in care last year", 0, 1, OC3 "last Episodes: DECOM=01/05/2024 DEC=01/06/2024 REC=E2\n" },
        { "passes: left care", 0, 0, OC3 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E4A\n" },
    };
    (void)state;
    RUN("1000", cases);
}

#define H08 "Header: SEX=M DOB=01/01/2008 ETHNIC=WBRI\n"

T(1001)
{
    static const struct cla_case cases[] = {
        { "passes: 91 days after 14, some after 16", 0, 0,
          H08 OC3 "last Episodes: DECOM=01/01/2022 DEC=02/04/2022 REC=E4A\n"
          "Episodes: DECOM=01/01/2024 DEC=02/01/2024 REC=E4A\n" },
        { "fails: 90 days after 14", 0, 1,
          H08 OC3 "last Episodes: DECOM=01/01/2022 DEC=31/03/2022 REC=E4A\n"
          "Episodes: DECOM=01/01/2024 DEC=02/01/2024 REC=E4A\n" },
        { "fails: nothing after 16", 0, 1, H08 OC3 "last Episodes: DECOM=01/01/2022 DEC=01/01/2023 REC=E4A\n" },
        { "passes: an open final episode runs to 31 March", 0, 0,
          H08 OC3 "Episodes: DECOM=30/12/2025 LS=C2\n" "previous: given\n" },
        { "fails: adopted at the end", 0, 1, H08 OC3 "Episodes: DECOM=01/01/2023 DEC=01/06/2025 REC=E11\n"
          "previous: given\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H08 OC3 },
    };
    (void)state;
    RUN("1001", cases);
}

T(1002)
{
    static const struct cla_case cases[] = {
        { "fails: no episodes either year", 0, 1, H08 OC3 "previous: given\n" },
        { "passes: episodes last year", 0, 0, H08 OC3 "last Episodes: DECOM=01/01/2024\n" },
        { "not run without last year", 0, CLA_NOT_RUN, H08 OC3 },
    };
    (void)state;
    RUN("1002", cases);
}

T(1003)
{
    static const struct cla_case cases[] = {
        { "passes: decision on the day care started", 0, 0,
          "Episodes: DECOM=01/05/2025 RNE=S\n" "PlacedAdoption: DATE_PLACED=01/05/2025\n" },
        { "fails: decision the day before", 0, 1,
          "Episodes: DECOM=01/05/2025 RNE=S\n" "PlacedAdoption: DATE_PLACED=30/04/2025\n" },
        { "passes: no episode with RNE S", 0, 0,
          "Episodes: DECOM=01/05/2025 RNE=P\n" "PlacedAdoption: DATE_PLACED=30/04/2025\n" },
    };
    (void)state;
    RUN("1003", cases);
}

T(1004)
{
    static const struct cla_case cases[] = {
        { "passes: valid start", 0, 0, "Missing: MISSING=M MIS_START=01/05/2025\n" },
        { "fails: invalid start", 0, 1, "Missing: MISSING=M MIS_START=24/13/2025\n" },
        { "fails: blank start", 0, 1, "Missing: MISSING=M\n" },
    };
    (void)state;
    RUN("1004", cases);
}

T(1005)
{
    static const struct cla_case cases[] = {
        { "passes: blank end", 0, 0, "Missing: MISSING=M MIS_START=01/05/2025\n" },
        { "fails: invalid end", 0, 1, "Missing: MISSING=M MIS_START=01/05/2025 MIS_END=13/10/25\n" },
    };
    (void)state;
    RUN("1005", cases);
}

T(1006)
{
    static const struct cla_case cases[] = {
        { "passes: A", 0, 0, "Missing: MISSING=A MIS_START=01/05/2025\n" },
        { "fails: lower case", 0, 1, "Missing: MISSING=m MIS_START=01/05/2025\n" },
        { "fails: blank", 0, 1, "Missing: MIS_START=01/05/2025\n" },
    };
    (void)state;
    RUN("1006", cases);
}

T(1007)
{
    static const struct cla_case cases[] = {
        { "fails: 17, looked after on the birthday", 0, 1, H08 OC3 "Episodes: DECOM=01/06/2024\n" },
        { "passes: left care the day before the birthday", 0, 0,
          H08 OC3 "Episodes: DECOM=01/06/2024 DEC=31/12/2024 REC=E4A\n" },
        { "passes: 17 on 1 April, after the year", 0, 0,
          "Header: SEX=M DOB=01/04/2009 ETHNIC=WBRI\n" OC3 "Episodes: DECOM=01/06/2024\n" },
        { "fails: 17 on 31 March", 0, 1,
          "Header: SEX=M DOB=31/03/2009 ETHNIC=WBRI\n" OC3 "Episodes: DECOM=01/06/2024\n" },
    };
    (void)state;
    RUN("1007", cases);
}

T(1009)
{
    static const struct cla_case cases[] = {
        { "passes: valid code", 0, 0, "Episodes: DECOM=01/05/2025 REASON_PLACE_CHANGE=CARPL\n" },
        { "passes: blank", 0, 0, "Episodes: DECOM=01/05/2025\n" },
        { "fails: not a code", 0, 1, "Episodes: DECOM=01/05/2025 REASON_PLACE_CHANGE=XYZ\n" },
        { "passes: a cell the reader reported as not UTF-8", 0, 0,
          "Episodes: DECOM=01/05/2025 REASON_PLACE_CHANGE=\xEF\xBF\xBD\n" },
    };
    (void)state;
    RUN("1009", cases);
}

T(1010)
{
    static const struct cla_case cases[] = {
        { "fails: open last year, no episodes now", 0, 1, OC3 "last Episodes: DECOM=01/06/2024\n" },
        { "passes: closed last year", 0, 0,
          OC3 "last Episodes: DECOM=01/06/2024 DEC=01/01/2025 REC=E4A\n" },
        { "passes: has episodes this year", 0, 0,
          OC3 "Episodes: DECOM=01/06/2024\n" "last Episodes: DECOM=01/06/2024\n" },
        { "not run without last year", 0, CLA_NOT_RUN, OC3 },
    };
    (void)state;
    RUN("1010", cases);
}

T(1011)
{
    static const struct cla_case cases[] = {
        { "fails: final episode E3", 0, 1,
          OC3 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\n" "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E3\n" },
        { "passes: an earlier episode E3", 0, 0,
          OC3 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\n" "Episodes: DECOM=01/06/2025 DEC=01/07/2025 REC=E4A\n" },
    };
    (void)state;
    RUN("1011", cases);
}

T(1012)
{
    static const struct cla_case cases[] = {
        { "fails: reviews and missing without episodes", 0, 2,
          OC3 "Reviews: DOB=01/01/2008 REVIEW=01/05/2025 REVIEW_CODE=PN1\n" "Missing: MISSING=M MIS_START=01/05/2025\n" },
        { "passes: with episodes", 0, 0,
          "Episodes: DECOM=01/05/2025\n" "Reviews: DOB=01/01/2008 REVIEW=01/05/2025 REVIEW_CODE=PN1\n" },
    };
    (void)state;
    RUN("1012", cases);
}

T(1014)
{
    static const struct cla_case cases[] = {
        { "fails: care leaver with a UASC row (both rows)", 0, 2,
          OC3 "UASC: DOB=01/01/2008\n" "Episodes: DECOM=01/01/2024 DEC=31/03/2025 REC=E4A\n" },
        { "passes: an episode ended on the first day", 0, 0,
          OC3 "UASC: DOB=01/01/2008\n" "Episodes: DECOM=01/01/2024 DEC=01/04/2025 REC=E4A\n" },
        { "passes: not UASC", 0, 0, OC3 },
    };
    (void)state;
    RUN("1014", cases);
}

T(1016)
{
    static const struct cla_case cases[] = {
        { "fails: left care on the 17th birthday", 0, 1,
          H08 OC3 "Episodes: DECOM=01/06/2024 DEC=01/01/2025 REC=E4A\n" },
        { "passes: left the day before", 0, 0, H08 OC3 "Episodes: DECOM=01/06/2024 DEC=31/12/2024 REC=E4A\n" },
        { "passes: 19 on 31 March", 0, 0,
          "Header: SEX=M DOB=31/03/2007 ETHNIC=WBRI\n" OC3 "Episodes: DECOM=01/06/2024 DEC=01/06/2024 REC=E4A\n" },
    };
    (void)state;
    RUN("1016", cases);
}

T(3001)
{
    static const struct cla_case cases[] = {
        { "fails: 17 on the first day, with former foster carers", 0, 1,
          "Header: SEX=M DOB=01/04/2008 ETHNIC=WBRI\n" "OC3: DOB=01/04/2008 IN_TOUCH=YES ACTIV=F1 ACCOM=Z1\n" },
        { "passes: 17 the day before the year", 0, 0,
          "Header: SEX=M DOB=31/03/2008 ETHNIC=WBRI\n" "OC3: DOB=31/03/2008 IN_TOUCH=YES ACTIV=F1 ACCOM=Z2\n" },
        { "passes: other accommodation", 0, 0,
          "Header: SEX=M DOB=01/04/2008 ETHNIC=WBRI\n" "OC3: DOB=01/04/2008 IN_TOUCH=YES ACTIV=F1 ACCOM=B1\n" },
    };
    (void)state;
    RUN("3001", cases);
}

T(noe)
{
    static const struct cla_case cases[] = {
        { "fails: started before the year, no episodes last year", 0, 1,
          "Episodes: DECOM=31/03/2025\n" "last Header: SEX=M\n" },
        { "passes: started on the first day", 0, 0, "Episodes: DECOM=01/04/2025\n" "previous: given\n" },
        { "passes: episodes last year", 0, 0, "Episodes: DECOM=31/03/2025\n" "last Episodes: DECOM=31/03/2025\n" },
        { "not run without last year", 0, CLA_NOT_RUN, "Episodes: DECOM=31/03/2025\n" },
    };
    (void)state;
    RUN("SR-NoE", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_202),  cmocka_unit_test(test_203),  cmocka_unit_test(test_204),
        cmocka_unit_test(test_205A), cmocka_unit_test(test_205B), cmocka_unit_test(test_205C),
        cmocka_unit_test(test_205D),
        cmocka_unit_test(test_207),  cmocka_unit_test(test_208),  cmocka_unit_test(test_502),
        cmocka_unit_test(test_503A), cmocka_unit_test(test_503B), cmocka_unit_test(test_503C),
        cmocka_unit_test(test_503D), cmocka_unit_test(test_503E), cmocka_unit_test(test_503F),
        cmocka_unit_test(test_559),  cmocka_unit_test(test_560),  cmocka_unit_test(test_561),
        cmocka_unit_test(test_584),  cmocka_unit_test(test_562),  cmocka_unit_test(test_576),
        cmocka_unit_test(test_624),  cmocka_unit_test(test_626),  cmocka_unit_test(test_1000),
        cmocka_unit_test(test_1001), cmocka_unit_test(test_1002), cmocka_unit_test(test_1003),
        cmocka_unit_test(test_1004), cmocka_unit_test(test_1005), cmocka_unit_test(test_1006),
        cmocka_unit_test(test_1007), cmocka_unit_test(test_1009), cmocka_unit_test(test_1010),
        cmocka_unit_test(test_1011), cmocka_unit_test(test_1012), cmocka_unit_test(test_1014),
        cmocka_unit_test(test_1016), cmocka_unit_test(test_3001), cmocka_unit_test(test_noe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
