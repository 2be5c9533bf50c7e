/*
 * DfE SSDA903 rules of src/rules_cla_500.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_501),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
