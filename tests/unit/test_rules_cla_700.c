/*
 * DfE SSDA903 rules of src/returns/ssda903/cla_rules_700.c (deprivation of liberty orders,
 * the DoLo table from 2026-27): one table of cases per rule, each with
 * records that pass and records that fail (see
 * tests/unit/support/cla_case.h).  Every case names its year: 2027
 * (2026-27, 1 April 2026 to 31 March 2027), or 2026, when neither the DoLo
 * table nor the rules exist.  Last year's rows (`last DoLo:`) are read with
 * this year's tables by the test support, as `validate --previous` reads
 * them, so a 2027 case can give last year's DoLOs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

#define Y 2027
#define H "Header: SEX=F DOB=01/01/2012 ETHNIC=WBRI\n"
/* In 2025-26 there is no DoLo table: a case can only show the rule is absent. */
#define NOT_IN_2026 { "not in force in 2025-26", 2026, CLA_NOT_IN_FORCE, H }

static void test_700(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: a valid start", Y, 0, H "DoLo: DOLO_START=01/05/2026\n" },
        { "fails: blank start (required)", Y, 1, H "DoLo: DOLO_END=01/05/2026\n" },
        { "fails: no such day", Y, 1, H "DoLo: DOLO_START=31/02/2026\n" },
        { "fails: not DD/MM/YYYY", Y, 1, H "DoLo: DOLO_START=2026-05-01\n" },
        { "fails: each bad row once", Y, 2,
          H "DoLo: DOLO_START=01/13/2026\nDoLo: DOLO_START=01/05/2026\nDoLo: DOLO_START=x\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("700", cases);
}

static void test_701(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: blank end (still open)", Y, 0, H "DoLo: DOLO_START=01/05/2026\n" },
        { "passes: a valid end", Y, 0, H "DoLo: DOLO_START=01/05/2026 DOLO_END=30/06/2026\n" },
        { "fails: no such day", Y, 1, H "DoLo: DOLO_START=01/05/2026 DOLO_END=31/06/2026\n" },
        { "fails: two-digit year", Y, 1, H "DoLo: DOLO_START=01/05/2026 DOLO_END=30/06/26\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("701", cases);
}

static void test_702(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: ends after it starts", Y, 0, H "DoLo: DOLO_START=01/05/2026 DOLO_END=02/05/2026\n" },
        { "passes: ends on the day it starts (DfE: before)", Y, 0,
          H "DoLo: DOLO_START=01/05/2026 DOLO_END=01/05/2026\n" },
        { "fails: ends the day before it starts", Y, 1, H "DoLo: DOLO_START=01/05/2026 DOLO_END=30/04/2026\n" },
        { "passes: still open", Y, 0, H "DoLo: DOLO_START=01/05/2026\n" },
        { "passes: an invalid end is 701's", Y, 0, H "DoLo: DOLO_START=01/05/2026 DOLO_END=00/04/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("702", cases);
}

static void test_703(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: starts on 31 March", Y, 0, H "DoLo: DOLO_START=31/03/2027\n" },
        { "fails: starts on 1 April after the year", Y, 1, H "DoLo: DOLO_START=01/04/2027\n" },
        { "passes: started in an earlier year", Y, 0, H "DoLo: DOLO_START=15/06/2024 DOLO_END=01/05/2026\n" },
        { "passes: an invalid start is 700's", Y, 0, H "DoLo: DOLO_START=32/03/2027\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("703", cases);
}

static void test_704(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: ends on 1 April, the year's first day", Y, 0,
          H "DoLo: DOLO_START=01/03/2026 DOLO_END=01/04/2026\n" },
        { "passes: ends on 31 March, its last", Y, 0, H "DoLo: DOLO_START=01/03/2026 DOLO_END=31/03/2027\n" },
        { "fails: ended on 31 March before the year", Y, 1,
          H "DoLo: DOLO_START=01/03/2026 DOLO_END=31/03/2026\n" },
        { "fails: ends on 1 April after the year", Y, 1, H "DoLo: DOLO_START=01/03/2027 DOLO_END=01/04/2027\n" },
        { "passes: no end", Y, 0, H "DoLo: DOLO_START=01/03/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("704", cases);
}

static void test_705(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: one after another", Y, 0,
          H "DoLo: DOLO_START=01/05/2026 DOLO_END=01/06/2026\nDoLo: DOLO_START=01/06/2026\n" },
        { "passes: rows out of date order", Y, 0,
          H "DoLo: DOLO_START=01/06/2026\nDoLo: DOLO_START=01/05/2026 DOLO_END=01/06/2026\n" },
        { "fails: starts while the previous is open", Y, 1,
          H "DoLo: DOLO_START=01/07/2026 DOLO_END=01/08/2026\nDoLo: DOLO_START=01/05/2026\n" },
        { "fails: two open", Y, 1, H "DoLo: DOLO_START=01/05/2026\nDoLo: DOLO_START=01/07/2026\n" },
        { "fails: two open from the same day", Y, 1, H "DoLo: DOLO_START=01/05/2026\nDoLo: DOLO_START=01/05/2026\n" },
        { "passes: same start, the open one given first", Y, 0,
          H "DoLo: DOLO_START=01/05/2026\nDoLo: DOLO_START=01/05/2026 DOLO_END=03/05/2026\n" },
        { "fails once: only the DoLO right after the open one", Y, 1,
          H "DoLo: DOLO_START=01/05/2026\n"
            "DoLo: DOLO_START=01/06/2026 DOLO_END=10/06/2026\n"
            "DoLo: DOLO_START=01/07/2026 DOLO_END=10/07/2026\n" },
        { "passes: overlapping ended DoLOs (DfE asks only about open ones)", Y, 0,
          H "DoLo: DOLO_START=01/05/2026 DOLO_END=01/08/2026\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: same start, the open one first, the other's end unreadable", Y, 0,
          H "DoLo: DOLO_START=01/05/2026\nDoLo: DOLO_START=01/05/2026 DOLO_END=3/5/2026\n" },
        { "passes: an unreadable end is not blank", Y, 0,
          H "DoLo: DOLO_START=01/05/2026 DOLO_END=31/05/20\nDoLo: DOLO_START=01/07/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("705", cases);
}

#define LAST_OPEN "last DoLo: DOLO_START=01/02/2026\n"

static void test_706(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: last year's open DoLO goes on", Y, 0, H LAST_OPEN "DoLo: DOLO_START=01/02/2026\n" },
        { "passes: ... and ends this year", Y, 0, H LAST_OPEN "DoLo: DOLO_START=01/02/2026 DOLO_END=01/06/2026\n" },
        { "fails: this year's first DoLO starts a day later", Y, 1, H LAST_OPEN "DoLo: DOLO_START=02/02/2026\n" },
        { "fails: the continuing DoLO is not the first", Y, 1,
          H LAST_OPEN "DoLo: DOLO_START=01/02/2026\nDoLo: DOLO_START=01/01/2026 DOLO_END=01/02/2026\n" },
        { "fails: no DoLO this year (the Header row)", Y, 1, H LAST_OPEN },
        { "fails: no DoLO this year, nor a Header row", Y, 1, "Episodes: DECOM=01/04/2026\n" LAST_OPEN },
        { "passes: last year's last DoLO ended", Y, 0,
          H "last DoLo: DOLO_START=01/02/2026 DOLO_END=01/03/2026\n" },
        { "passes: an open DoLO last year that was not the last", Y, 0,
          H "last DoLo: DOLO_START=01/01/2026\nlast DoLo: DOLO_START=01/02/2026 DOLO_END=01/03/2026\n" },
        { "passes: the child was not in last year's return", Y, 0, H "last DoLo: CHILD=2 DOLO_START=01/02/2026\n" },
        { "passes: last year had no DoLO", Y, 0, H "previous: given\n" },
        { "passes: this year's starts are unreadable (700's)", Y, 0, H LAST_OPEN "DoLo: DOLO_START=01/02/26\n" },
        { "not run without last year", Y, CLA_NOT_RUN, H "DoLo: DOLO_START=01/02/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("706", cases);
}

#define EP_OPEN "Episodes: DECOM=01/05/2026 RNE=S\n"

static void test_707(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: open DoLO, child still in care", Y, 0, H EP_OPEN "DoLo: DOLO_START=01/06/2026\n" },
        { "passes: open DoLO from the day care started", Y, 0, H EP_OPEN "DoLo: DOLO_START=01/05/2026\n" },
        { "fails: open DoLO from the day before care started", Y, 1, H EP_OPEN "DoLo: DOLO_START=30/04/2026\n" },
        { "fails: child ceased to be looked after", Y, 1,
          H "Episodes: DECOM=01/05/2026 DEC=01/09/2026 REC=E4A\nDoLo: DOLO_START=01/06/2026\n" },
        { "passes: child ceased, DoLO ended", Y, 0,
          H "Episodes: DECOM=01/05/2026 DEC=01/09/2026 REC=E4A\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/09/2026\n" },
        { "passes: the open period began before the DoLO through an X1 change", Y, 0,
          H "Episodes: DECOM=01/04/2026 DEC=10/05/2026 REC=X1\nEpisodes: DECOM=10/05/2026\n"
            "DoLo: DOLO_START=01/05/2026\n" },
        { "fails: DoLO from a period of care that ended (new period later)", Y, 1,
          H "Episodes: DECOM=01/04/2026 DEC=10/05/2026 REC=E4A\nEpisodes: DECOM=20/05/2026\n"
            "DoLo: DOLO_START=01/05/2026\n" },
        { "passes: no episodes", Y, 0, H "DoLo: DOLO_START=01/05/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("707", cases);
}

static void test_708(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: the day after birth", Y, 0, "Header: DOB=01/05/2026\nDoLo: DOLO_START=02/05/2026\n" },
        { "fails: on the day of birth (DfE: must be > DOB)", Y, 1,
          "Header: DOB=01/05/2026\nDoLo: DOLO_START=01/05/2026\n" },
        { "fails: before birth", Y, 1, "Header: DOB=01/05/2026\nDoLo: DOLO_START=30/04/2026\n" },
        { "passes: invalid DOB (102's)", Y, 0, "Header: DOB=31/04/2026\nDoLo: DOLO_START=30/04/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("708", cases);
}

/* Two episodes with a move on 10/05/2026 from placement A to placement B:
 * the day of the move is B's. */
#define MOVE(a, b) \
    "Episodes: DECOM=01/04/2026 PLACE=" a " DEC=10/05/2026 REC=X1\n" \
    "Episodes: DECOM=10/05/2026 PLACE=" b " DEC=20/06/2026 REC=X1\n" \
    "Episodes: DECOM=20/06/2026 PLACE=" a "\n"

static void test_709(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: in foster care during the DoLO", Y, 1,
          H "Episodes: DECOM=01/04/2026 PLACE=U1\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: in a children's home (K2)", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=K2\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: Z12", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=Z12\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: Z13", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=Z13\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: DoLO without an end (DfE: both dates present)", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=U1\nDoLo: DOLO_START=01/06/2026\n" },
        /* the boundaries: U1 until the move to K2 on 10/05, back to U1 on 20/06 */
        { "passes: DoLO from the day of the move into K2", Y, 0,
          H MOVE("U1", "K2") "DoLo: DOLO_START=10/05/2026 DOLO_END=20/06/2026\n" },
        { "fails: DoLO from the day before the move", Y, 1,
          H MOVE("U1", "K2") "DoLo: DOLO_START=09/05/2026 DOLO_END=20/06/2026\n" },
        { "fails: DoLO ends the day after the move out", Y, 1,
          H MOVE("U1", "K2") "DoLo: DOLO_START=10/05/2026 DOLO_END=21/06/2026\n" },
        { "fails once: both U1 episodes overlap one DoLO", Y, 1,
          H MOVE("U1", "K2") "DoLo: DOLO_START=01/05/2026 DOLO_END=01/07/2026\n" },
        { "fails: a one-day DoLO in the foster placement", Y, 1,
          H MOVE("U1", "K2") "DoLo: DOLO_START=09/05/2026 DOLO_END=09/05/2026\n" },
        { "passes: a one-day DoLO on the day of the move into K2", Y, 0,
          H MOVE("U1", "K2") "DoLo: DOLO_START=10/05/2026 DOLO_END=10/05/2026\n" },
        { "passes: DoLO before care", Y, 0,
          H "Episodes: DECOM=01/06/2026 PLACE=U1\nDoLo: DOLO_START=01/04/2026 DOLO_END=01/06/2026\n" },
        { "fails: an open episode is still going (the public validator misses it)", Y, 1,
          H "Episodes: DECOM=01/04/2024 PLACE=U1\nDoLo: DOLO_START=01/03/2027 DOLO_END=02/03/2027\n" },
        { "passes: after an ended episode", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=U1 DEC=01/05/2026 REC=E4A\n"
            "DoLo: DOLO_START=01/05/2026 DOLO_END=01/07/2026\n" },
        { "fails twice: two DoLOs", Y, 2,
          H "Episodes: DECOM=01/04/2026 PLACE=U4\n"
            "DoLo: DOLO_START=01/05/2026 DOLO_END=01/06/2026\nDoLo: DOLO_START=01/07/2026 DOLO_END=01/08/2026\n" },
        { "passes: a blank placement is 146's", Y, 0,
          H "Episodes: DECOM=01/04/2026\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: an episode with an unreadable DEC is not compared (147's)", Y, 0,
          H "Episodes: DECOM=01/06/2026 PLACE=U1 DEC=31/09/2026 REC=E4A\n"
            "DoLo: DOLO_START=01/05/2026 DOLO_END=01/07/2026\n" },
        { "passes: end before start is 702's", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=U1\nDoLo: DOLO_START=01/07/2026 DOLO_END=01/06/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("709", cases);
}

static void test_710(void **state)
{
    static const struct cla_case cases[] = {
        { "fails: secure children's home (K1)", Y, 1,
          H "Episodes: DECOM=01/04/2026 PLACE=K1\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "fails: with parents (P1)", Y, 1,
          H "Episodes: DECOM=01/04/2026 PLACE=P1\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "fails: young offender institution (R5)", Y, 1,
          H "Episodes: DECOM=01/04/2026 PLACE=R5\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "fails: supported accommodation (K3)", Y, 1,
          H "Episodes: DECOM=01/04/2026 PLACE=K3\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: children's home (K2)", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=K2\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: foster care is 709's business, not 710's", Y, 0,
          H "Episodes: DECOM=01/04/2026 PLACE=U1\nDoLo: DOLO_START=01/06/2026 DOLO_END=01/07/2026\n" },
        { "passes: DoLO without an end", Y, 0, H "Episodes: DECOM=01/04/2026 PLACE=K1\nDoLo: DOLO_START=01/06/2026\n" },
        { "passes: DoLO from the day of the move out of K1", Y, 0,
          H MOVE("K1", "K2") "DoLo: DOLO_START=10/05/2026 DOLO_END=20/06/2026\n" },
        { "fails: DoLO from the day before the move out of K1", Y, 1,
          H MOVE("K1", "K2") "DoLo: DOLO_START=09/05/2026 DOLO_END=20/06/2026\n" },
        { "fails: DoLO until the day after the move back to K1", Y, 1,
          H MOVE("K1", "K2") "DoLo: DOLO_START=10/05/2026 DOLO_END=21/06/2026\n" },
        NOT_IN_2026,
    };
    (void)state;
    RUN("710", cases);
    /* the DoLO's finding names the episode (the other table's row) */
    cla_case_expect_other("710", &cases[0], "Episodes row 1, line 2");
    cla_case_expect_other("710", &cases[8], "Episodes row 1, line 2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_700), cmocka_unit_test(test_701), cmocka_unit_test(test_702),
        cmocka_unit_test(test_703), cmocka_unit_test(test_704), cmocka_unit_test(test_705),
        cmocka_unit_test(test_706), cmocka_unit_test(test_707), cmocka_unit_test(test_708),
        cmocka_unit_test(test_709), cmocka_unit_test(test_710),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
