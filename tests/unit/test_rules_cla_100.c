/*
 * DfE SSDA903 rules of src/rules_cla_100.c: one table of cases per rule,
 * each with records that pass and records that fail (see
 * tests/unit/support/cla_case.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cla_case.h"

#define RUN(code, cases) cla_case_run(code, cases, sizeof cases / sizeof cases[0])

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_101),
        cmocka_unit_test(test_102),
        cmocka_unit_test(test_103),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
