/*
 * Where a CIN census element path is, in the table / row / column terms
 * every return's findings use (cin_path_locate, src/returns/cin/cin_record.c):
 * one row per path shape the reader and the rule engine produce.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "returns/cin/cin_record.h"

static void test_paths(void **state)
{
    static const struct {
        const char *path, *table;
        size_t row;
        const char *column;
    } cases[] = {
        { "Message/Header/CollectionDetails/ReferenceDate", "Header", 1, "ReferenceDate" },
        { "Message/Header/Source/LEA", "Header", 1, "LEA" },
        { "Message/Children/Child[3]/ChildIdentifiers/UPN", "ChildIdentifiers", 1, "UPN" },
        { "Message/Children/Child[3]/ChildIdentifiers/UPN[2]", "ChildIdentifiers", 1, "UPN" },
        { "Message/Children/Child[1]/ChildCharacteristics/Disabilities/Disability[2]", "ChildCharacteristics", 1,
          "Disability" },
        { "Message/Children/Child[1]/ChildCharacteristics/Disabilities", "ChildCharacteristics", 1, "" },
        { "Message/Children/Child[2]/CINdetails[4]", "CINdetails", 4, "" },
        { "Message/Children/Child[2]/CINdetails[4]/ReferralNFA", "CINdetails", 4, "ReferralNFA" },
        { "Message/Children/Child[2]/CINdetails[1]/Assessments[3]/AssessmentAuthorisationDate", "Assessments", 3,
          "AssessmentAuthorisationDate" },
        { "Message/Children/Child[2]/CINdetails[1]/Assessments[2]/FactorsIdentifiedAtAssessment/AssessmentFactors[5]",
          "Assessments", 2, "AssessmentFactors" },
        { "Message/Children/Child[2]/CINdetails[1]/CINPlanDates[2]/CINPlanEndDate", "CINPlanDates", 2,
          "CINPlanEndDate" },
        { "Message/Children/Child[2]/CINdetails[1]/Section47[1]/DateOfInitialCPC", "Section47", 1,
          "DateOfInitialCPC" },
        { "Message/Children/Child[2]/CINdetails[1]/ChildProtectionPlans[2]/Reviews/CPPreviewDate[3]",
          "ChildProtectionPlans", 2, "CPPreviewDate" },
        { "Message/Children/Child[2]/CINdetails[1]/PreProceedingsandFGDM[2]/PPOutcome", "PreProceedingsandFGDM", 2,
          "PPOutcome" },
        /* above every module: no table */
        { "Message/Children/Child[2]", NULL, 0, "" },
        { "Message/Children", NULL, 0, "" },
        { "Message/Children/Child[2]/Unknown", NULL, 0, "" },
        { "", NULL, 0, "" },
        { NULL, NULL, 0, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *table = "unset";
        size_t row = 99;
        char column[CIN_COLUMN_MAX];
        cin_path_locate(cases[i].path, &table, &row, column);
        if ((table == NULL) != (cases[i].table == NULL) || (table && strcmp(table, cases[i].table))
            || row != cases[i].row || strcmp(column, cases[i].column))
            fail_msg("case %zu (%s): got %s, %zu, '%s'", i, cases[i].path ? cases[i].path : "NULL",
                     table ? table : "NULL", row, column);
    }
}

/* A column name longer than the buffer is cut, never overrun. */
static void test_long_column(void **state)
{
    char path[256], column[CIN_COLUMN_MAX];
    const char *table;
    size_t row;

    (void)state;
    snprintf(path, sizeof path, "Message/Children/Child[1]/ChildIdentifiers/%0100d", 7);
    cin_path_locate(path, &table, &row, column);
    assert_string_equal(table, "ChildIdentifiers");
    assert_int_equal(strlen(column), CIN_COLUMN_MAX - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_long_column),
    };
    return cmocka_run_group_tests_name("cin_locate", tests, NULL, NULL);
}
