/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_370.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Year 0 is 2025-26 (1 April 2025 to
 * 31 March 2026).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

/* ---- age limits on placements ---- */

static void test_371(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: K3 on the 16th birthday", 0, 0,
          "Header: DOB=10/05/2009\nEpisodes: DECOM=10/05/2025 PLACE=K3" },
        { "fails: K3 the day before", 0, 1, "Header: DOB=10/05/2009\nEpisodes: DECOM=09/05/2025 PLACE=K3" },
        { "fails: open or closed alike", 2025, 1,
          "Header: DOB=10/05/2009\nEpisodes: DECOM=09/05/2024 PLACE=K3 DEC=01/06/2024" },
        { "passes: another placement", 0, 0, "Header: DOB=10/05/2015\nEpisodes: DECOM=09/05/2025 PLACE=U1" },
        { "passes: no valid DOB", 0, 0, "Header: DOB=xx\nEpisodes: DECOM=09/05/2025 PLACE=K3" },
    };
    (void)state;
    RUN("371", cases);
}

static void test_372_373_374(void **state)
{
    static const struct cla_case c372[] = {
        { "passes: R5 at 10", 0, 0, "Header: DOB=01/06/2015\nEpisodes: DECOM=01/06/2025 PLACE=R5" },
        { "fails: R5 a day short of 10", 0, 1, "Header: DOB=02/06/2015\nEpisodes: DECOM=01/06/2025 PLACE=R5" },
    };
    static const struct cla_case c373[] = {
        { "passes: S1 at 4", 0, 0, "Header: DOB=01/06/2021\nEpisodes: DECOM=01/06/2025 PLACE=S1" },
        { "fails: S1 a day short of 4", 0, 1, "Header: DOB=02/06/2021\nEpisodes: DECOM=01/06/2025 PLACE=S1" },
    };
    static const struct cla_case c374[] = {
        { "passes: P3 at 14", 0, 0, "Header: DOB=01/06/2011\nEpisodes: DECOM=01/06/2025 PLACE=P3" },
        { "fails: P3 a day short of 14", 0, 1, "Header: DOB=02/06/2011\nEpisodes: DECOM=01/06/2025 PLACE=P3" },
        { "passes: R5 is not P3", 0, 0, "Header: DOB=02/06/2011\nEpisodes: DECOM=01/06/2025 PLACE=R5" },
    };
    (void)state;
    RUN("372", c372);
    RUN("373", c373);
    RUN("374", c374);
}

/* ---- temporary placements ---- */

static void test_375_376_379(void **state)
{
    static const struct cla_case c375[] = {
        { "passes: T1 for exactly 42 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=13/07/2025 PLACE=T1" },
        { "fails: T1 for 43 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=14/07/2025 PLACE=T1" },
        { "passes: still open", 0, 0, "Episodes: DECOM=01/06/2025 PLACE=T1" },
    };
    static const struct cla_case c376[] = {
        { "passes: T3 for 21 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=22/06/2025 PLACE=T3" },
        { "fails: T3 for 22 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=23/06/2025 PLACE=T3" },
    };
    static const struct cla_case c379[] = {
        { "passes: T4 for 7 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=08/06/2025 PLACE=T4" },
        { "fails: T4 for 8 days", 0, 1, "Episodes: DECOM=01/06/2025 DEC=09/06/2025 PLACE=T4" },
        { "passes: T3 for 8 days", 0, 0, "Episodes: DECOM=01/06/2025 DEC=09/06/2025 PLACE=T3" },
    };
    (void)state;
    RUN("375", c375);
    RUN("376", c376);
    RUN("379", c379);
}

static void test_377(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: two T3s", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=T3\nEpisodes: DECOM=01/06/2025 PLACE=U1\n"
          "Episodes: DECOM=01/07/2025 PLACE=T3" },
        { "fails: three T3s within 12 months, each reported", 0, 3,
          "Episodes: DECOM=01/05/2025 PLACE=T3\nEpisodes: DECOM=01/06/2025 PLACE=U1\n"
          "Episodes: DECOM=01/07/2025 PLACE=T3\nEpisodes: DECOM=30/04/2026 PLACE=T3" },
        { "passes: the third exactly 12 months after the first", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=T3\nEpisodes: DECOM=01/07/2025 PLACE=T3\n"
          "Episodes: DECOM=01/05/2026 PLACE=T3" },
        { "fails: four T3s, one window slides", 0, 4,
          "Episodes: DECOM=01/05/2024 PLACE=T3\nEpisodes: DECOM=01/07/2024 PLACE=T3\n"
          "Episodes: DECOM=01/03/2025 PLACE=T3\nEpisodes: DECOM=01/06/2025 PLACE=T3" },
    };
    (void)state;
    RUN("377", cases);
}

static void test_378(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: P1 under V2", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=P1 LS=V2" },
        { "passes: P1 under C2", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=P1 LS=C2" },
        { "passes: U1 under V2", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 LS=V2" },
    };
    (void)state;
    RUN("378", cases);
}

static void test_380_381_382(void **state)
{
    static const struct cla_case c380[] = {
        { "fails: T0 starting care", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T0 RNE=S" },
        { "passes: T0 on a change of placement", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=T0 RNE=P" },
        { "passes: B", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=T4 RNE=B" },
        { "passes: not temporary", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 RNE=S" },
    };
    static const struct cla_case c381[] = {
        { "fails: T2 ending care", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T2 DEC=02/05/2025 REC=E3" },
        { "passes: T2 then X1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=T2 DEC=02/05/2025 REC=X1" },
        { "passes: open", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=T2" },
    };
    static const struct cla_case c382[] = {
        { "fails: V3 in T1", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T1 LS=V3" },
        { "fails: V4 in T4", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=T4 LS=V4" },
        { "passes: V3 in U1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 LS=V3" },
        { "passes: C2 in T1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=T1 LS=C2" },
    };
    (void)state;
    RUN("380", c380);
    RUN("381", c381);
    RUN("382", c382);
}

static void test_383(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: back to the same placement", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=U1 PL_POST=\"YY1 1AA\"\n"
          "Episodes: DECOM=01/06/2025 PLACE=T1 RNE=P\n"
          "Episodes: DECOM=05/06/2025 PLACE=U1 RNE=P PL_POST=YY11AA" },
        { "fails: 2025-26 the postcode differs", 0, 1,
          "Episodes: DECOM=01/05/2025 PLACE=U1 PL_POST=\"YY1 1AA\"\n"
          "Episodes: DECOM=01/06/2025 PLACE=T1 RNE=P\n"
          "Episodes: DECOM=05/06/2025 PLACE=U1 RNE=P PL_POST=\"YY1 1AB\"" },
        { "passes: 2024-25 did not look at the postcode", 2025, 0,
          "Episodes: DECOM=01/05/2024 PLACE=U1 PL_POST=\"YY1 1AA\"\n"
          "Episodes: DECOM=01/06/2024 PLACE=T1 RNE=P\n"
          "Episodes: DECOM=05/06/2024 PLACE=U1 RNE=P PL_POST=\"YY1 1AB\"" },
        { "fails: another placement after", 0, 1,
          "Episodes: DECOM=01/05/2025 PLACE=U1\nEpisodes: DECOM=01/06/2025 PLACE=T1 RNE=P\n"
          "Episodes: DECOM=05/06/2025 PLACE=U2 RNE=P" },
        { "fails: 2024-25 RNE not P", 2025, 1,
          "Episodes: DECOM=01/05/2024 PLACE=U1\nEpisodes: DECOM=01/06/2024 PLACE=T1 RNE=P\n"
          "Episodes: DECOM=05/06/2024 PLACE=U1 RNE=T" },
        { "passes: temporary placement is the last", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=U1\nEpisodes: DECOM=01/06/2025 PLACE=T1 RNE=P" },
    };
    (void)state;
    RUN("383", cases);
}

static void test_384(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: V4 in U4", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=U4 LS=V4" },
        { "fails: V3 in U1", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=U1 LS=V3" },
        { "passes: V3 in U3", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U3 LS=V3" },
        { "passes: C2 in U1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 LS=C2" },
    };
    (void)state;
    RUN("384", cases);
}

static void test_385(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: DEC on 31 March", 0, 0, "Episodes: DECOM=01/05/2025 DEC=31/03/2026" },
        { "fails: DEC on 1 April", 0, 1, "Episodes: DECOM=01/05/2025 DEC=01/04/2026" },
        { "fails: 2024-25 limit", 2025, 1, "Episodes: DECOM=01/05/2024 DEC=01/04/2025" },
        { "passes: open", 0, 0, "Episodes: DECOM=01/05/2025" },
    };
    (void)state;
    RUN("385", cases);
}

/* ---- reasons an episode ceased, by age ---- */

static void test_386_407(void **state)
{
    static const struct cla_case c386[] = {
        { "passes: adopted the day before 18", 0, 0,
          "Header: DOB=02/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E11" },
        { "fails: adopted on the 18th birthday", 0, 1,
          "Header: DOB=01/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E12" },
        { "passes: other REC", 0, 0, "Header: DOB=01/06/2000\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E15" },
    };
    static const struct cla_case c407[] = {
        { "passes: SGO the day before 18", 0, 0,
          "Header: DOB=02/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E45" },
        { "fails: SGO on the 18th birthday", 0, 1,
          "Header: DOB=01/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E48" },
        { "passes: no DEC", 0, 0, "Header: DOB=01/06/2000\nEpisodes: DECOM=01/05/2025 REC=E46" },
    };
    (void)state;
    RUN("386", c386);
    RUN("407", c407);
}

static void test_387_389_460(void **state)
{
    static const struct cla_case c387[] = {
        { "passes: independent living at 14", 0, 0,
          "Header: DOB=01/06/2011\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E5" },
        { "fails: the day before 14", 0, 1,
          "Header: DOB=02/06/2011\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E6" },
    };
    static const struct cla_case c389[] = {
        { "passes: adult services at 16", 0, 0,
          "Header: DOB=01/06/2009\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E7" },
        { "fails: the day before 16", 0, 1,
          "Header: DOB=02/06/2009\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E7" },
        { "passes: no DEC, no age", 0, 0, "Header: DOB=02/06/2015\nEpisodes: DECOM=01/05/2025 REC=E7" },
    };
    static const struct cla_case c460[] = {
        { "passes: stayed put at 18", 0, 0,
          "Header: DOB=01/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E17" },
        { "fails: the day before 18", 0, 1,
          "Header: DOB=02/06/2007\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E17" },
        { "passes: no DOB", 0, 0, "Header: SEX=M\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E17" },
    };
    (void)state;
    RUN("387", c387);
    RUN("389", c389);
    RUN("460", c460);
}

/* ---- periods of care ---- */

static void test_388(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: X1 then an episode the same day", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=01/06/2025" },
        { "fails: X1 then a gap", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=02/06/2025" },
        { "fails: care ended but a new episode the same day", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\nEpisodes: DECOM=01/06/2025" },
        { "fails: last episode ends X1", 0, 1, "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1" },
        { "passes: last episode ends E3", 0, 0, "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3" },
    };
    (void)state;
    RUN("388", cases);
}

static void test_390(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: adopted from A4", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=A4 DEC=01/06/2025 REC=E11" },
        { "fails: adopted from U1", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=U1 DEC=01/06/2025 REC=E12" },
        { "passes: U1 ending otherwise", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1 DEC=01/06/2025 REC=E3" },
    };
    (void)state;
    RUN("390", cases);
}

static void test_391(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: 17 on 31 March", 0, 0, "OC3: DOB=31/03/2009 IN_TOUCH=YES ACTIV=F1 ACCOM=B1" },
        { "fails: 17 on 1 April", 0, 1, "OC3: DOB=01/04/2009 IN_TOUCH=YES" },
        { "passes: too young but nothing given", 0, 0, "OC3: DOB=01/04/2015" },
        { "fails: 2024-25 year end", 2025, 1, "OC3: DOB=01/04/2008 ACCOM=B1" },
    };
    (void)state;
    RUN("391", cases);
}

/* ---- postcodes ---- */

static void test_392a(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both postcodes known", 0, 0,
          "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\n"
          "postcode: PC=\"YY2 2BB\" E=531000 N=181000 LA=E09000001\n"
          "Episodes: DECOM=01/05/2025 LS=C2 HOME_POST=\"YY1 1AA\" PL_POST=\"YY2 2BB\"" },
        { "fails: placement postcode unknown", 0, 1,
          "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\n"
          "Episodes: DECOM=01/05/2025 LS=C2 HOME_POST=\"YY1 1AA\" PL_POST=\"YY2 2BB\"" },
        { "fails: home postcode blank", 0, 1,
          "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\n"
          "Episodes: DECOM=01/05/2025 LS=C2 PL_POST=\"YY1 1AA\"" },
        { "passes: respite", 0, 0,
          "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\nEpisodes: DECOM=01/05/2025 LS=V3" },
        { "passes: UASC", 0, 0,
          "postcode: PC=\"YY1 1AA\" E=530000 N=180000 LA=E09000001\n"
          "UASC: SEX=M DOB=01/01/2010\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "not run: no postcode directory", 0, CLA_NOT_RUN, "Episodes: DECOM=01/05/2025 LS=C2" },
    };
    (void)state;
    RUN("392a", cases);
}

static void test_392b(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both postcodes", 0, 0, "Episodes: DECOM=01/05/2025 LS=C2 HOME_POST=\"YY1 1AA\" PL_POST=YY22BB" },
        { "fails: placement postcode blank", 0, 1, "Episodes: DECOM=01/05/2025 LS=C2 HOME_POST=\"YY1 1AA\"" },
        { "fails: both blank, one finding per episode", 0, 2,
          "Episodes: DECOM=01/05/2025 LS=C2\nEpisodes: DECOM=01/06/2025 LS=C2" },
        { "passes: respite", 0, 0, "Episodes: DECOM=01/05/2025 LS=V4" },
        { "passes: UASC this year", 0, 0, "UASC: SEX=M DOB=01/01/2010\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: UASC last year", 0, 0,
          "Header: SEX=M DOB=01/01/2010\nlast Header: SEX=M DOB=01/01/2010\n"
          "last UASC: SEX=M DOB=01/01/2010\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "fails: not UASC last year either", 0, 1,
          "Header: SEX=M DOB=01/01/2010\nlast Header: SEX=M DOB=01/01/2010\nEpisodes: DECOM=01/05/2025 LS=C2" },
    };
    (void)state;
    RUN("392b", cases);
}

#define PC_YY1 "postcode: PC=\"YY1 2AB\" E=530000 N=180000 LA=E09000001\n"

static void test_392c(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both well formed (no directory: format only)", 0, 0,
          "Episodes: HOME_POST=\"YY1 2AB\" PL_POST=YY12AB" },
        { "passes: blank is 392b's business", 0, 0, "Episodes: DECOM=01/04/2025" },
        { "fails: both malformed", 0, 2, "Episodes: HOME_POST=\"1YY 2AB\" PL_POST=\"YY1\"" },
        /* with the postcode directory, as DfE: a postcode must be in it */
        { "passes: both in the directory, spacing aside", 0, 0,
          PC_YY1 "postcode: PC=\"YY2 3DE\" E=531000 N=181000 LA=E09000001\n"
          "Episodes: HOME_POST=YY12AB PL_POST=\"YY2 3DE\"" },
        { "fails: well formed, not in the directory", 0, 1,
          PC_YY1 "Episodes: HOME_POST=\"YY1 2AB\" PL_POST=\"YY9 9YY\"" },
        { "fails: both not in it, one finding each", 0, 2,
          PC_YY1 "Episodes: HOME_POST=\"YY8 8YY\" PL_POST=\"YY9 9YY\"" },
        { "fails: malformed, one finding (not also unknown)", 0, 1,
          PC_YY1 "Episodes: HOME_POST=\"YY1 2AB\" PL_POST=\"YY1\"" },
        { "fails: 2024-25 too", 2025, 1, PC_YY1 "Episodes: HOME_POST=\"YY8 8YY\" PL_POST=\"YY1 2AB\"" },
    };
    (void)state;
    RUN("392c", cases);
}

static void test_392d(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: same postcode in foster care, spacing aside", 0, 1,
          "Episodes: DECOM=01/05/2025 PLACE=U1 HOME_POST=\"YY1 1AA\" PL_POST=yy11aa" },
        { "passes: same postcode with parents", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=P1 HOME_POST=\"YY1 1AA\" PL_POST=\"YY1 1AA\"" },
        { "passes: different postcodes", 0, 0,
          "Episodes: DECOM=01/05/2025 PLACE=U1 HOME_POST=\"YY1 1AA\" PL_POST=\"YY1 1AB\"" },
        { "passes: both blank", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=U1" },
    };
    (void)state;
    RUN("392d", cases);
}

/* ---- Header fields ---- */

static void test_393(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: girl looked after, MOTHER blank", 0, 1,
          "Header: SEX=F DOB=01/01/2008\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: MOTHER 0", 0, 0, "Header: SEX=F DOB=01/01/2008 MOTHER=0\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: boy", 0, 0, "Header: SEX=M DOB=01/01/2008\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: respite only", 0, 0, "Header: SEX=F DOB=01/01/2008\nEpisodes: DECOM=01/05/2025 LS=V3" },
    };
    (void)state;
    RUN("393", cases);
}

static void test_399(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: respite only with MOTHER and a review", 0, 2,
          "Header: SEX=F DOB=01/01/2008 MOTHER=0\nEpisodes: DECOM=01/05/2025 LS=V3\n"
          "Reviews: DOB=01/01/2008 REVIEW=01/06/2025 REVIEW_CODE=PN1" },
        { "passes: another episode not respite", 0, 0,
          "Header: SEX=F DOB=01/01/2008 MOTHER=0\nEpisodes: DECOM=01/05/2025 LS=V3\n"
          "Episodes: DECOM=01/06/2025 LS=C2\nReviews: DOB=01/01/2008 REVIEW=01/07/2025 REVIEW_CODE=PN1" },
        { "passes: respite only, nothing given", 0, 0,
          "Header: SEX=F DOB=01/01/2008\nEpisodes: DECOM=01/05/2025 LS=V4" },
    };
    (void)state;
    RUN("399", cases);
}

static void test_442(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: looked after, UPN blank", 0, 1, "Header: SEX=M DOB=01/01/2015\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: UN1", 0, 0, "Header: SEX=M DOB=01/01/2015 UPN=UN1\nEpisodes: DECOM=01/05/2025 LS=C2" },
        { "passes: respite only", 0, 0, "Header: SEX=M DOB=01/01/2015\nEpisodes: DECOM=01/05/2025 LS=V3" },
    };
    (void)state;
    RUN("442", cases);
}

static void test_444(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: two children with one UPN, both reported", 0, 2,
          "Header: CHILD=A UPN=A123456789012\nHeader: CHILD=B UPN=A123456789012\nHeader: CHILD=C UPN=B123456789012" },
        { "fails: three rows", 0, 3,
          "Header: CHILD=A UPN=A123456789012\nHeader: CHILD=B UPN=A123456789012\nHeader: CHILD=C UPN=A123456789012" },
        { "passes: UN codes repeat freely", 0, 0,
          "Header: CHILD=A UPN=UN1\nHeader: CHILD=B UPN=UN1\nHeader: CHILD=C UPN=B123456789012" },
        { "passes: blanks", 0, 0, "Header: CHILD=A\nHeader: CHILD=B" },
        { "not in force in 2024-25", 2025, CLA_NOT_IN_FORCE,
          "Header: CHILD=A UPN=A123456789012\nHeader: CHILD=B UPN=A123456789012" },
    };
    (void)state;
    RUN("444", cases);
    /* the repeat names the first holder's row (CSV) */
    cla_case_expect_other("444", &cases[0], "Header row 1, line 1");
}

/* ---- legal status ---- */

static void test_408_426_446(void **state)
{
    static const struct cla_case c408[] = {
        { "fails: A5 without E1", 0, 1, "Episodes: DECOM=01/05/2025 PLACE=A5 LS=C2" },
        { "passes: A6 under E1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=A6 LS=E1" },
        { "passes: A3 without E1", 0, 0, "Episodes: DECOM=01/05/2025 PLACE=A3 LS=C2" },
    };
    static const struct cla_case c426[] = {
        { "fails: V3 and V4, both reported", 0, 2,
          "Episodes: DECOM=01/05/2025 LS=V3\nEpisodes: DECOM=01/06/2025 LS=C2\nEpisodes: DECOM=01/07/2025 LS=V4" },
        { "passes: V3 twice", 0, 0, "Episodes: DECOM=01/05/2025 LS=V3\nEpisodes: DECOM=01/06/2025 LS=V3" },
        { "passes: V3 and V4 in different children", 0, 0,
          "Episodes: CHILD=A DECOM=01/05/2025 LS=V3\nEpisodes: CHILD=B DECOM=01/06/2025 LS=V4" },
    };
    static const struct cla_case c446[] = {
        { "fails: E1 on 30 November 2005", 0, 1, "Episodes: DECOM=30/11/2005 LS=E1" },
        { "passes: E1 on 1 December 2005", 0, 0, "Episodes: DECOM=01/12/2005 LS=E1" },
        { "passes: C2 in 2004", 0, 0, "Episodes: DECOM=01/12/2004 LS=C2" },
    };
    (void)state;
    RUN("408", c408);
    RUN("426", c426);
    RUN("446", c446);
}

/* ---- reason for new episode ---- */

static void test_431_432_433(void **state)
{
    static const struct cla_case c431[] = {
        { "fails: S the day the last ended", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\nEpisodes: DECOM=01/06/2025 RNE=S" },
        { "passes: S the day after", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\nEpisodes: DECOM=02/06/2025 RNE=S" },
        { "passes: P the same day", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=01/06/2025 RNE=P" },
    };
    static const struct cla_case c432[] = {
        { "fails: care ended, next is P", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E4A\nEpisodes: DECOM=05/06/2025 RNE=P" },
        { "passes: care ended, next is S", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E4A\nEpisodes: DECOM=05/06/2025 RNE=S" },
        { "passes: X1 then P", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=01/06/2025 RNE=P" },
    };
    static const struct cla_case c433[] = {
        { "passes: continuation the same day", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=01/06/2025 RNE=B" },
        { "fails: continuation a day later", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1\nEpisodes: DECOM=02/06/2025 RNE=L" },
        { "fails: previous still open", 0, 1, "Episodes: DECOM=01/05/2025\nEpisodes: DECOM=02/06/2025 RNE=T" },
        { "passes: first episode", 0, 0, "Episodes: DECOM=01/05/2025 RNE=P" },
        { "passes: S after a gap", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\nEpisodes: DECOM=05/06/2025 RNE=S" },
    };
    (void)state;
    RUN("431", c431);
    RUN("432", c432);
    RUN("433", c433);
    /* The episode before is named, by place. */
    cla_case_expect_other("431", &c431[0], "Episodes row 1, line 1");
    cla_case_expect_other("432", &c432[0], "Episodes row 1, line 1");
    cla_case_expect_other("433", &c433[2], "Episodes row 1, line 1");
}

#define EP1 "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=X1 LS=C2 PLACE=U1 PL_POST=\"YY1 1AA\" PLACE_PROVIDER=PR1\n"

static void test_434_435_436(void **state)
{
    static const struct cla_case c434[] = {
        { "passes: L, LS changed, placement the same", 0, 0,
          EP1 "Episodes: DECOM=01/06/2025 RNE=L LS=E1 PLACE=U1 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
        { "fails: L, LS the same", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=L LS=C2 PLACE=U1 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
        { "fails: L, provider changed", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=L LS=E1 PLACE=U1 PL_POST=YY11AA PLACE_PROVIDER=PR2" },
    };
    static const struct cla_case c435[] = {
        { "passes: P, placement changed, LS the same", 0, 0,
          EP1 "Episodes: DECOM=01/06/2025 RNE=P LS=C2 PLACE=U2 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
        { "fails: P, LS changed", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=P LS=E1 PLACE=U2 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
        { "fails: T, nothing changed", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=T LS=C2 PLACE=U1 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
    };
    static const struct cla_case c436[] = {
        { "passes: B, both changed", 0, 0,
          EP1 "Episodes: DECOM=01/06/2025 RNE=B LS=E1 PLACE=U1 PL_POST=\"YY2 2BB\" PLACE_PROVIDER=PR1" },
        { "fails: U, LS the same", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=U LS=C2 PLACE=U2 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
        { "fails: B, placement the same", 0, 1,
          EP1 "Episodes: DECOM=01/06/2025 RNE=B LS=E1 PLACE=U1 PL_POST=YY11AA PLACE_PROVIDER=PR1" },
    };
    (void)state;
    RUN("434", c434);
    RUN("435", c435);
    RUN("436", c436);
    cla_case_expect_other("434", &c434[1], "Episodes row 1, line 1");
    cla_case_expect_other("435", &c435[2], "Episodes row 1, line 1");
    cla_case_expect_other("436", &c436[2], "Episodes row 1, line 1");
}

static void test_437(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: E15 then another episode", 0, 1,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E15\nEpisodes: DECOM=05/06/2025 RNE=S" },
        { "passes: E2 last", 0, 0,
          "Episodes: DECOM=01/04/2025 DEC=01/05/2025 REC=X1\nEpisodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E2" },
        { "passes: E3 then another", 0, 0,
          "Episodes: DECOM=01/05/2025 DEC=01/06/2025 REC=E3\nEpisodes: DECOM=05/06/2025 RNE=S" },
    };
    (void)state;
    RUN("437", cases);
    /* Fails on the ending episode and names the one after it. */
    cla_case_expect_other("437", &cases[0], "Episodes row 2, line 2");
}

/* ---- reviews ---- */

static void test_440_441(void **state)
{
    static const struct cla_case c440[] = {
        { "passes: PN0 the day before the 4th birthday", 0, 0,
          "Reviews: DOB=02/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN0" },
        { "fails: PN0 on the 4th birthday", 0, 1, "Reviews: DOB=01/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN0" },
        { "passes: PN1 at 4", 0, 0, "Reviews: DOB=01/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN1" },
    };
    static const struct cla_case c441[] = {
        { "passes: PN3 on the 4th birthday", 0, 0, "Reviews: DOB=01/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN3" },
        { "fails: PN7 the day before", 0, 1, "Reviews: DOB=02/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN7" },
        { "passes: PN0 under 4", 0, 0, "Reviews: DOB=02/06/2021 REVIEW=01/06/2025 REVIEW_CODE=PN0" },
    };
    (void)state;
    RUN("440", c440);
    RUN("441", c441);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_371),         cmocka_unit_test(test_372_373_374), cmocka_unit_test(test_375_376_379),
        cmocka_unit_test(test_377),         cmocka_unit_test(test_378),         cmocka_unit_test(test_380_381_382),
        cmocka_unit_test(test_383),         cmocka_unit_test(test_384),         cmocka_unit_test(test_385),
        cmocka_unit_test(test_386_407),     cmocka_unit_test(test_387_389_460), cmocka_unit_test(test_388),
        cmocka_unit_test(test_390),         cmocka_unit_test(test_391),         cmocka_unit_test(test_392a),
        cmocka_unit_test(test_392b),        cmocka_unit_test(test_392c),        cmocka_unit_test(test_392d),
        cmocka_unit_test(test_393),         cmocka_unit_test(test_399),         cmocka_unit_test(test_442),
        cmocka_unit_test(test_444),         cmocka_unit_test(test_408_426_446), cmocka_unit_test(test_431_432_433),
        cmocka_unit_test(test_434_435_436), cmocka_unit_test(test_437),         cmocka_unit_test(test_440_441),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
