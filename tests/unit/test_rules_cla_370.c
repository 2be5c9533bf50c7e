/*
 * DfE SSDA903 rules of src/rules_cla_370.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

static void test_392c(void **state)
{
    static const struct cla_case cases[] = {
        { "passes: both well formed", 0, 0, "Episodes: HOME_POST=\"YY1 2AB\" PL_POST=YY12AB" },
        { "passes: blank is 392b's business", 0, 0, "Episodes: DECOM=01/04/2025" },
        { "fails: both malformed", 0, 2, "Episodes: HOME_POST=\"1YY 2AB\" PL_POST=\"YY1\"" },
    };
    (void)state;
    RUN("392c", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_392c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
