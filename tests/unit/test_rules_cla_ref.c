/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_ref.c (reference data: postcodes,
 * Ofsted providers): one table of cases per rule, each with records that
 * pass and records that fail, and a case without the input the rule needs
 * (CLA_NOT_RUN).  See tests/unit/support/cla_case.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

/* The council is E09000001.  From home HH1 1HH placements lie due north:
 * PA 3.1 miles (own LA), PB 3.2 (own LA), PC 3.3 (a county), PD 350.0,
 * PE 350.04 (350.0), PF 350.1 miles; SS1 in Scotland; HS1 a home in
 * Scotland; ZZ9 9ZZ is in no directory. */
#define GEO                                                                  \
    "la: E09000001\n"                                                        \
    "postcode: PC=\"HH1 1HH\" E=500000 N=200000 LA=E09000001\n"              \
    "postcode: PC=\"PA1 1AA\" E=500000 N=204989 LA=E09000001\n"              \
    "postcode: PC=\"PB1 1AA\" E=500000 N=205150 LA=E09000001\n"              \
    "postcode: PC=\"PC1 1AA\" E=500000 N=205311 LA=E10000025\n"              \
    "postcode: PC=\"PD1 1AA\" E=500000 N=763255 LA=E10000025\n"              \
    "postcode: PC=\"PE1 1AA\" E=500000 N=763319 LA=E10000025\n"              \
    "postcode: PC=\"PF1 1AA\" E=500000 N=763416 LA=E10000025\n"              \
    "postcode: PC=\"SS1 1SS\" E=300000 N=700000 LA=S12000033\n"              \
    "postcode: PC=\"HS1 1SS\" E=300000 N=700000 LA=S12000033\n"

#define EP "Episodes: DECOM=01/05/2025 RNE=S LS=C2 CIN=N1 PLACE=K2 PLACE_PROVIDER=PR1 "
#define EP_LAST "last Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 PLACE_PROVIDER=PR1 "
#define UASC "UASC: SEX=M DOB=01/01/2010\n"

static void test_164(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both postcodes known", 0, 0, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"pa11aa\"\n" },
        { "passes: home blank gives 999.9", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "passes: home in Scotland gives 999.9", 0, 0, GEO EP "HOME_POST=\"HS1 1SS\" PL_POST=\"PA1 1AA\"\n" },
        { "passes: neither postcode", 0, 0, GEO EP "\n" },
        { "fails: placement postcode unknown", 0, 1, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "fails: home postcode unknown", 0, 1, GEO EP "HOME_POST=\"ZZ9 9ZZ\" PL_POST=\"PA1 1AA\"\n" },
        { "fails in 2024-25 too", 2025, 1, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: V3 short breaks", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: UASC child", 0, 0, GEO UASC EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: formerly UASC (last year)", 0, 0,
          GEO "last UASC: SEX=M DOB=01/01/2010\n" EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
    };
    (void)state;
    RUN("164", cases);
}

static void test_169(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: placement postcode known", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "passes: placed in Scotland (SCO)", 0, 0, GEO EP "PL_POST=\"SS1 1SS\"\n" },
        { "fails: placement postcode unknown", 0, 1, GEO EP "PL_POST=\"ZZ9 9ZZ\"\n" },
        { "fails: placement postcode blank", 0, 1, GEO EP "HOME_POST=\"HH1 1HH\"\n" },
        { "passes: V4 short breaks", 0, 0, GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V4 CIN=N1 PLACE=K2\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, EP "PL_POST=\"ZZ9 9ZZ\"\n" },
    };
    (void)state;
    RUN("169", cases);
}

static void test_179(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: IN", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "passes: OUT", 0, 0, GEO EP "PL_POST=\"PC1 1AA\"\n" },
        { "fails: no location (postcode unknown)", 0, 1, GEO EP "PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: V3", 0, 0, GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2\n" },
        { "not run: no council LA", 0, CLA_NOT_RUN,
          "postcode: PC=\"PA1 1AA\" E=1 N=1 LA=E09000001\n" EP "PL_POST=\"ZZ9 9ZZ\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, "la: E09000001\n" EP "PL_POST=\"ZZ9 9ZZ\"\n" },
    };
    (void)state;
    RUN("179", cases);
}

static void test_398(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: V3 without postcodes", 0, 0, "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2\n" },
        { "passes: C2 with postcodes", 0, 0, EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" },
        { "fails: V3 with a home postcode", 0, 1,
          "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\"\n" },
        { "fails: V4 with a placement postcode (2024-25)", 2025, 1,
          "Episodes: DECOM=01/05/2024 RNE=S LS=V4 CIN=N1 PLACE=K2 PL_POST=\"PA1 1AA\"\n" },
    };
    (void)state;
    RUN("398", cases);
}

static void test_406(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: UASC without postcodes", 0, 0, GEO UASC EP "\n" },
        { "passes: not UASC, with postcodes", 0, 0, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" },
        { "fails: UASC, distance calculated", 0, 1, GEO UASC EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" },
        { "fails: formerly UASC (2024-25)", 2025, 1,
          GEO "last UASC: SEX=M DOB=01/01/2010\n"
          "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" PL_POST=\"PC1 1AA\"\n" },
        { "passes: UASC, placement postcode only (no distance calculated)", 0, 0,
          GEO UASC EP "PL_POST=\"PA1 1AA\"\n" },
        { "passes: UASC, a postcode not in the directory", 0, 0,
          GEO UASC EP "HOME_POST=\"HH1 1HH\" PL_POST=\"ZZ9 9ZZ\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, UASC EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" },
    };
    (void)state;
    RUN("406", cases);
}

static void test_411(void **state)
{
    /* Derived PL_LOCATION and PL_LA come from one lookup and cannot
     * disagree; the rule runs and passes on every derivation. */
    static const struct cla_case cases[] = {
        { "passes: IN in own LA", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "passes: OUT elsewhere", 0, 0, GEO EP "PL_POST=\"SS1 1SS\"\n" EP "PL_POST=\"PC1 1AA\"\n" },
        { "passes: own LA in another case", 0, 0,
          "la: e09000001\npostcode: PC=\"PA1 1AA\" E=1 N=1 LA=E09000001\n" EP "PL_POST=\"PA1 1AA\"\n" },
        { "not run: no council LA", 0, CLA_NOT_RUN, "postcode: PC=\"PA1 1AA\" E=1 N=1 LA=E09000001\n" EP "\n" },
    };
    (void)state;
    RUN("411", cases);
}

static void test_420(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: V3 without placement postcode", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2\n" },
        { "passes: C2 with placement LA", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "fails: V3 placed in a known postcode", 0, 1,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 PL_POST=\"PA1 1AA\"\n" },
        { "fails: V4 placed in Scotland", 0, 1,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V4 CIN=N1 PLACE=K2 PL_POST=\"SS1 1SS\"\n" },
        { "passes: V4 postcode unknown (no LA derivable)", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V4 CIN=N1 PLACE=K2 PL_POST=\"ZZ9 9ZZ\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN,
          "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 PL_POST=\"PA1 1AA\"\n" },
    };
    (void)state;
    RUN("420", cases);
}

static void test_454(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 350.0 miles", 0, 0, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PD1 1AA\"\n" },
        { "passes: 350.04 rounds to 350.0", 0, 0, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PE1 1AA\"\n" },
        { "fails: 350.1 miles", 0, 1, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PF1 1AA\"\n" },
        { "passes: 999.9 (home outside England)", 0, 0, GEO EP "HOME_POST=\"HS1 1SS\" PL_POST=\"PF1 1AA\"\n" },
        { "passes: short distance", 0, 0, GEO EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE, GEO EP "\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PF1 1AA\"\n" },
    };
    (void)state;
    RUN("454", cases);
}

static void test_1015(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: own provision in own LA", 0, 0, GEO EP "PL_POST=\"PA1 1AA\"\n" },
        { "fails: own provision in a county", 0, 1, GEO EP "PL_POST=\"PC1 1AA\"\n" },
        { "fails: own provision, postcode unknown", 0, 1, GEO EP "PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: PR2 elsewhere", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=C2 CIN=N1 PLACE=K2 PLACE_PROVIDER=PR2 PL_POST=\"PC1 1AA\"\n" },
        { "passes: foster placement U1 elsewhere", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 PL_POST=\"PC1 1AA\"\n" },
        { "passes: V3 elsewhere", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 PLACE_PROVIDER=PR1 PL_POST=\"PC1 1AA\"\n" },
        { "passes: supported accommodation K3 elsewhere (from 2025-26)", 0, 0,
          GEO "Episodes: DECOM=01/05/2025 RNE=S LS=C2 CIN=N1 PLACE=K3 PLACE_PROVIDER=PR1 PL_POST=\"PC1 1AA\"\n" },
        { "passes: K3 elsewhere in 2026-27 (inherited)", 2027, 0,
          GEO "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=K3 PLACE_PROVIDER=PR1 PL_POST=\"PC1 1AA\"\n" },
        { "fails: K3 elsewhere in 2024-25", 2025, 1,
          GEO "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=K3 PLACE_PROVIDER=PR1 PL_POST=\"PC1 1AA\"\n" },
        { "not run: no council LA", 0, CLA_NOT_RUN,
          "postcode: PC=\"PA1 1AA\" E=1 N=1 LA=E09000001\n" EP "PL_POST=\"PC1 1AA\"\n" },
    };
    (void)state;
    RUN("1015", cases);
}

/* Last year's open episode at PA (3.1 miles, own LA), this year's first
 * episode (same RNE) at the given postcode. */
#define CARRY(pc) GEO EP_LAST "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n" EP "HOME_POST=\"HH1 1HH\" PL_POST=\"" pc "\"\n"

static void test_452(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: same LA", 0, 0, CARRY("PB1 1AA") },
        { "fails: LA changed", 0, 1, CARRY("PC1 1AA") },
        { "passes: different RNE", 0, 0,
          GEO EP_LAST "PL_POST=\"PA1 1AA\"\n"
          "Episodes: DECOM=01/05/2025 RNE=P LS=C2 CIN=N1 PLACE=K2 PL_POST=\"PC1 1AA\"\n" },
        { "passes: last year's episode closed", 0, 0,
          GEO "last Episodes: DECOM=01/05/2024 DEC=01/06/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 PL_POST=\"PA1 1AA\"\n"
          EP "PL_POST=\"PC1 1AA\"\n" },
        { "passes: only the first episode counts", 0, 0,
          CARRY("PA1 1AA") "Episodes: DECOM=01/06/2025 RNE=P LS=C2 CIN=N1 PLACE=K2 PL_POST=\"PC1 1AA\"\n" },
        { "passes: not in last year's return", 0, 0, GEO "previous: given\n" EP "PL_POST=\"PC1 1AA\"\n" },
        { "not run: no previous return", 0, CLA_NOT_RUN, GEO EP "PL_POST=\"PC1 1AA\"\n" },
        { "not run: no postcodes", 0, CLA_NOT_RUN, EP_LAST "PL_POST=\"PA1 1AA\"\n" EP "PL_POST=\"PC1 1AA\"\n" },
    };
    (void)state;
    RUN("452", cases);
}

static void test_453(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 0.1 miles apart", 0, 0, CARRY("PB1 1AA") },
        { "fails: 0.2 miles apart", 0, 1, CARRY("PC1 1AA") },
        { "passes: different RNE", 0, 0,
          GEO EP_LAST "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n"
          "Episodes: DECOM=01/05/2025 RNE=P LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" PL_POST=\"PC1 1AA\"\n" },
        { "passes: this year's distance invalid", 0, 0, CARRY("ZZ9 9ZZ") },
        { "not run: no previous return", 0, CLA_NOT_RUN, GEO EP "PL_POST=\"PC1 1AA\"\n" },
    };
    (void)state;
    RUN("453", cases);
}

static void test_503G(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 0.1 miles apart", 0, 0, CARRY("PB1 1AA") },
        { "fails: 0.2 miles apart", 0, 1, CARRY("PC1 1AA") },
        { "fails: even with another RNE", 0, 1,
          GEO EP_LAST "HOME_POST=\"HH1 1HH\" PL_POST=\"PA1 1AA\"\n"
          "Episodes: DECOM=01/05/2025 RNE=P LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" PL_POST=\"PC1 1AA\"\n" },
        { "passes: last year's episode closed", 0, 0,
          GEO "last Episodes: DECOM=01/05/2024 DEC=01/06/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" "
          "PL_POST=\"PA1 1AA\"\n" EP "HOME_POST=\"HH1 1HH\" PL_POST=\"PC1 1AA\"\n" },
        { "fails in 2024-25", 2025, 1,
          GEO "last Episodes: DECOM=01/05/2023 RNE=S LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" "
          "PL_POST=\"PA1 1AA\"\n"
          "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 HOME_POST=\"HH1 1HH\" PL_POST=\"PC1 1AA\"\n" },
        { "not run: no previous return", 0, CLA_NOT_RUN, GEO EP "PL_POST=\"PC1 1AA\"\n" },
    };
    (void)state;
    RUN("503G", cases);
}

static void test_503H(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: same LA", 0, 0, CARRY("PB1 1AA") },
        { "fails: LA changed", 0, 1, CARRY("PC1 1AA") },
        { "fails: LA changed, another RNE", 0, 1,
          GEO EP_LAST "PL_POST=\"PA1 1AA\"\n"
          "Episodes: DECOM=01/05/2025 RNE=P LS=C2 CIN=N1 PLACE=K2 PL_POST=\"SS1 1SS\"\n" },
        { "not run: no previous return", 0, CLA_NOT_RUN, GEO EP "PL_POST=\"PC1 1AA\"\n" },
    };
    (void)state;
    RUN("503H", cases);
}

static void test_503J(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: IN both years", 0, 0, CARRY("PB1 1AA") },
        { "fails: IN then OUT", 0, 1, CARRY("PC1 1AA") },
        { "passes: OUT both years (county, then Scotland)", 0, 0,
          GEO EP_LAST "PL_POST=\"PC1 1AA\"\n" EP "PL_POST=\"SS1 1SS\"\n" },
        { "not run: no council LA", 0, CLA_NOT_RUN,
          "postcode: PC=\"PA1 1AA\" E=1 N=1 LA=E09000001\n" EP_LAST "PL_POST=\"PA1 1AA\"\n" EP "\n" },
    };
    (void)state;
    RUN("503J", cases);
}

/* Providers: SC1 a children's home (K1 K2, PR1 or PR3) in the council's
 * LA at PA1 1AA, registered to 30/06/2025; SC2 supported accommodation
 * (type only: K3), LA from its postcode PC1 1AA; SC3 with no codes. */
#define PROV                                                                                      \
    "la: E09000001\n"                                                                             \
    "provider: URN=SC000001 POSTCODE=\"PA1 1AA\" PLACES=\"K1/K2\" PLACE_PROVIDER=\"PR1,PR3\" "    \
    "LA=E09000001 REG_END=30/06/2025\n"                                                           \
    "provider: URN=SC000002 POSTCODE=\"pc11aa\" TYPE=\"Supported accommodation\" PLACE_PROVIDER=PR4\n" \
    "provider: URN=SC000003\n"

#define EPU "Episodes: DECOM=01/05/2025 RNE=S LS=C2 CIN=N1 "

static void test_1008(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: URN listed (any case)", 0, 0, PROV EPU "PLACE=K2 URN=sc000001\n" },
        { "passes: placeholder and blank", 0, 0, PROV EPU "PLACE=K2 URN=XXXXXXX\n" EPU "PLACE=K2\n" },
        { "fails: URN not listed", 0, 1, PROV EPU "PLACE=K2 URN=SC999999\n" },
        { "fails: six Xs", 2025, 1, PROV "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=K2 URN=XXXXXX\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=K2 URN=SC999999\n" },
    };
    (void)state;
    RUN("1008", cases);
}

static void test_219(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: K2 at a K1/K2 home", 0, 0, PROV EPU "PLACE=K2 URN=SC000001\n" },
        { "fails: U1 at a children's home", 0, 1, PROV EPU "PLACE=U1 URN=SC000001\n" },
        { "passes: K3 at supported accommodation", 0, 0, PROV EPU "PLACE=K3 URN=SC000002\n" },
        { "fails: K2 at supported accommodation", 0, 1, PROV EPU "PLACE=K2 URN=SC000002\n" },
        { "passes: codes not known, unknown URN, placeholder", 0, 0,
          PROV EPU "PLACE=U1 URN=SC000003\n" EPU "PLACE=U1 URN=SC999999\n" EPU "PLACE=U1 URN=XXXXXXX\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=U1 URN=SC000001\n" },
    };
    (void)state;
    RUN("219", cases);
}

static void test_221(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: same postcode, other spacing", 0, 0, PROV EPU "PLACE=K2 URN=SC000001 PL_POST=\"pa11aa\"\n" },
        { "fails: another postcode", 0, 1, PROV EPU "PLACE=K2 URN=SC000001 PL_POST=\"PB1 1AA\"\n" },
        { "fails: K3 (DfE lists it)", 0, 1, PROV EPU "PLACE=K3 URN=SC000002 PL_POST=\"PB1 1AA\"\n" },
        { "passes: U1 not checked", 0, 0, PROV EPU "PLACE=U1 URN=SC000001 PL_POST=\"PB1 1AA\"\n" },
        { "passes: V3 not checked", 0, 0,
          PROV "Episodes: DECOM=01/05/2025 RNE=S LS=V3 CIN=N1 PLACE=K2 URN=SC000001 PL_POST=\"PB1 1AA\"\n" },
        { "passes: no PL_POST, no provider postcode", 0, 0,
          PROV EPU "PLACE=K2 URN=SC000001\n" EPU "PLACE=K2 URN=SC000003 PL_POST=\"PB1 1AA\"\n" },
        { "fails in 2024-25", 2025, 1,
          PROV "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 PLACE=R3 URN=SC000001 PL_POST=\"PB1 1AA\"\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=K2 URN=SC000001 PL_POST=\"PB1 1AA\"\n" },
    };
    (void)state;
    RUN("221", cases);
}

static void test_224(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: PR3 is one of its codes", 0, 0, PROV EPU "PLACE=K2 PLACE_PROVIDER=PR3 URN=SC000001\n" },
        { "fails: PR4 is not", 0, 1, PROV EPU "PLACE=K2 PLACE_PROVIDER=PR4 URN=SC000001\n" },
        { "passes: blank provider, codes unknown", 0, 0,
          PROV EPU "PLACE=K2 URN=SC000001\n" EPU "PLACE=K2 PLACE_PROVIDER=PR4 URN=SC000003\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=K2 PLACE_PROVIDER=PR4 URN=SC000001\n" },
    };
    (void)state;
    RUN("224", cases);
}

static void test_227(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: starts the day before registration ended", 0, 0,
          PROV "Episodes: DECOM=29/06/2025 RNE=S LS=C2 CIN=N1 PLACE=K2 URN=SC000001\n" },
        { "fails: starts the day it ended", 0, 1,
          PROV "Episodes: DECOM=30/06/2025 RNE=S LS=C2 CIN=N1 PLACE=K2 URN=SC000001\n" },
        { "passes: provider still registered", 0, 0,
          PROV "Episodes: DECOM=30/06/2025 RNE=S LS=C2 CIN=N1 PLACE=K3 URN=SC000002\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN,
          "Episodes: DECOM=30/06/2025 RNE=S LS=C2 CIN=N1 PLACE=K2 URN=SC000001\n" },
    };
    (void)state;
    RUN("227", cases);
}

static void test_228(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: ends the day registration ended", 0, 0, PROV EPU "PLACE=K2 URN=SC000001 DEC=30/06/2025\n" },
        { "fails: ends the day after", 0, 1, PROV EPU "PLACE=K2 URN=SC000001 DEC=01/07/2025\n" },
        { "fails: open at a provider closed before 31 March", 0, 1, PROV EPU "PLACE=K2 URN=SC000001\n" },
        { "passes: open at a registered provider", 0, 0, PROV EPU "PLACE=K3 URN=SC000002\n" },
        { "passes: open, registered to 31 March", 0, 0,
          "provider: URN=SC000009 REG_END=31/03/2026\n" EPU "PLACE=K2 URN=SC000009\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=K2 URN=SC000001\n" },
    };
    (void)state;
    RUN("228", cases);
}

#define EPU_2025 "Episodes: DECOM=01/05/2024 RNE=S LS=C2 CIN=N1 "
/* A provider of children's homes in the county (PC1 is in E10000025). */
#define PROV_COUNTY "provider: URN=SC000004 POSTCODE=\"PC1 1AA\" PLACES=K2\n"

static void test_229(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: PR1 at a provider in own LA", 0, 0, PROV EPU "PLACE=K2 PLACE_PROVIDER=PR1 URN=SC000001\n" },
        { "fails: PR2 at a provider in own LA", 0, 1, PROV EPU "PLACE=K2 PLACE_PROVIDER=PR2 URN=SC000001\n" },
        { "fails: PR1 at a provider elsewhere (LA from its postcode)", 0, 1,
          PROV PROV_COUNTY GEO EPU "PLACE=K2 PLACE_PROVIDER=PR1 URN=SC000004\n" },
        { "passes: PR2 at a provider elsewhere", 0, 0,
          PROV PROV_COUNTY GEO EPU "PLACE=K2 PLACE_PROVIDER=PR2 URN=SC000004\n" },
        { "passes: provider LA unknown without postcodes", 0, 0,
          PROV PROV_COUNTY EPU "PLACE=K2 PLACE_PROVIDER=PR1 URN=SC000004\n" },
        { "passes: PR3 not checked", 0, 0, PROV EPU "PLACE=K2 PLACE_PROVIDER=PR3 URN=SC000001\n" },
        /* DfE's amendment of 2025-26: these placement types are not checked */
        { "passes: K3 (supported accommodation) elsewhere from 2025-26", 0, 0,
          PROV GEO EPU "PLACE=K3 PLACE_PROVIDER=PR1 URN=SC000002\n" },
        { "passes: R1 at a provider in own LA as PR2 from 2025-26", 0, 0,
          PROV EPU "PLACE=R1 PLACE_PROVIDER=PR2 URN=SC000001\n" },
        { "passes: Z12 at a provider in own LA as PR2 from 2025-26", 0, 0,
          PROV EPU "PLACE=Z12 PLACE_PROVIDER=PR2 URN=SC000001\n" },
        { "passes: K3 elsewhere in 2026-27 (inherited)", 2027, 0,
          PROV GEO "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=K3 PLACE_PROVIDER=PR1 URN=SC000002\n" },
        { "fails: K2 elsewhere in 2026-27", 2027, 1,
          PROV PROV_COUNTY GEO "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=K2 PLACE_PROVIDER=PR1 "
          "URN=SC000004\n" },
        { "fails: K3 elsewhere in 2024-25", 2025, 1, PROV GEO EPU_2025 "PLACE=K3 PLACE_PROVIDER=PR1 URN=SC000002\n" },
        { "fails: R1 in own LA as PR2 in 2024-25", 2025, 1,
          PROV EPU_2025 "PLACE=R1 PLACE_PROVIDER=PR2 URN=SC000001\n" },
        { "not run: no council LA", 0, CLA_NOT_RUN,
          "provider: URN=SC000001 LA=E09000001\n" EPU "PLACE=K2 PLACE_PROVIDER=PR2 URN=SC000001\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, "la: E09000001\n" EPU "PLACE=K2 PLACE_PROVIDER=PR2 URN=SC000001\n" },
    };
    (void)state;
    RUN("229", cases);
}

/* 241: SC000002 is a supported accommodation provider with premises in the
 * county (its postcode PC1); the second row gives it premises in the
 * council's own LA too. */
#define PREMISES_OWN "provider: URN=SC000002 LA=E09000001\n"

static void test_241(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: placed in the LA of its premises", 0, 0, PROV GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"PC1 1AA\"\n" },
        { "fails: placed in an LA where it has no premises", 0, 1,
          PROV GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
        { "passes: its second premises are in that LA", 0, 0,
          PROV PREMISES_OWN GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
        { "fails: neither premises in Scotland", 0, 1,
          PROV PREMISES_OWN GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"SS1 1SS\"\n" },
        { "passes: not supported accommodation", 0, 0, PROV GEO EPU "PLACE=K2 URN=SC000001 PL_POST=\"PC1 1AA\"\n" },
        { "passes: no URN value", 0, 0, PROV GEO EPU "PLACE=K3 URN=XXXXXXX PL_POST=\"PA1 1AA\"\n" },
        { "passes: URN not listed is 1008's", 0, 0, PROV GEO EPU "PLACE=K3 URN=SC999999 PL_POST=\"PA1 1AA\"\n" },
        { "passes: placement LA unknown is 169's", 0, 0, PROV GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"ZZ9 9ZZ\"\n" },
        { "passes: provider LA unknown", 0, 0, PROV GEO EPU "PLACE=K3 URN=SC000003 PL_POST=\"PA1 1AA\"\n" },
        { "fails in 2026-27 (inherited)", 2027, 1,
          PROV GEO "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE,
          PROV GEO EPU_2025 "PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, GEO EPU "PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, PROV EPU "PLACE=K3 URN=SC000002 PL_POST=\"PA1 1AA\"\n" },
    };
    (void)state;
    RUN("241", cases);
}

static void test_242(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: no URN value in a children's home", 0, 1, PROV EPU "PLACE=K2 URN=XXXXXXX\n" },
        { "fails: no URN value in supported accommodation", 0, 1, PROV EPU "PLACE=K3 URN=XXXXXXX\n" },
        { "passes: adoption placement A3", 0, 0, PROV EPU "PLACE=A3 URN=XXXXXXX\n" },
        { "passes: foster placement U6", 0, 0, PROV EPU "PLACE=U6 URN=XXXXXXX\n" },
        { "passes: a URN in a children's home", 0, 0, PROV EPU "PLACE=K2 URN=SC000001\n" },
        { "passes: no URN", 0, 0, PROV EPU "PLACE=K2\n" },
        { "fails in 2026-27 (inherited)", 2027, 1,
          PROV "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=S1 URN=XXXXXXX\n" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE, PROV EPU_2025 "PLACE=K2 URN=XXXXXXX\n" },
        { "not run: no provider list", 0, CLA_NOT_RUN, EPU "PLACE=K2 URN=XXXXXXX\n" },
    };
    (void)state;
    RUN("242", cases);
}

static void test_243(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: a URN for a placement in Scotland", 0, 1, GEO EP "URN=SC000001 PL_POST=\"SS1 1SS\"\n" },
        { "fails: the no-URN value in Scotland", 0, 1, GEO EP "URN=XXXXXXX PL_POST=\"SS1 1SS\"\n" },
        { "passes: no URN in Scotland", 0, 0, GEO EP "PL_POST=\"SS1 1SS\"\n" },
        { "passes: a URN in England", 0, 0, GEO EP "URN=SC000001 PL_POST=\"PA1 1AA\"\n" },
        { "passes: placement LA unknown", 0, 0, GEO EP "URN=SC000001 PL_POST=\"ZZ9 9ZZ\"\n" },
        { "fails in 2026-27 (inherited)", 2027, 1,
          GEO "Episodes: DECOM=01/05/2026 RNE=S LS=C2 CIN=N1 PLACE=K2 URN=SC000001 PL_POST=\"SS1 1SS\"\n" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE, GEO EPU_2025 "PLACE=K2 URN=SC1 PL_POST=\"SS1 1SS\"\n" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, EP "URN=SC000001 PL_POST=\"SS1 1SS\"\n" },
    };
    (void)state;
    RUN("243", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_164),  cmocka_unit_test(test_169),  cmocka_unit_test(test_179),
        cmocka_unit_test(test_398),  cmocka_unit_test(test_406),  cmocka_unit_test(test_411),
        cmocka_unit_test(test_420),  cmocka_unit_test(test_454),  cmocka_unit_test(test_1015),
        cmocka_unit_test(test_452),  cmocka_unit_test(test_453),  cmocka_unit_test(test_503G),
        cmocka_unit_test(test_503H), cmocka_unit_test(test_503J), cmocka_unit_test(test_1008),
        cmocka_unit_test(test_219),  cmocka_unit_test(test_221),  cmocka_unit_test(test_224),
        cmocka_unit_test(test_227),  cmocka_unit_test(test_228),  cmocka_unit_test(test_229),
        cmocka_unit_test(test_241),  cmocka_unit_test(test_242),  cmocka_unit_test(test_243),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
