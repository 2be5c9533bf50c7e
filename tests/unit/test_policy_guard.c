/*
 * The guarantee behind minimisation: a field that the policy does not list
 * cannot leave.  A writer that gains an element (here: the CIN catalogue
 * plus one new field) must find it in every shipped policy, or the policy
 * is rejected and the build refuses to run.  Also: every shipped CIN
 * policy loads, lists every catalogue field once, and drops only fields
 * the schema allows to be absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "returns/cin/cin_fields.h"
#include "privacy/policy.h"

static const char *const policies[] = { "specs/cin/policy_dfe.conf", "specs/cin/policy_regional.conf" };
/* The 2026-27 year layers on them. */
static const char *const policies_2027[] = { "specs/cin/policy_dfe_2027.conf", "specs/cin/policy_regional_2027.conf" };

static void check_shipped(const char *path, const struct field_catalogue *cat)
{
    struct policy p;
    char err[512] = "";
    if (policy_load(&p, cat, path, "specs/purposes.conf", err, sizeof err) != 0)
        fail_msg("%s: %s", path, err);
    for (size_t f = 0; f < cat->n; f++) {
        assert_true(p.entries[f].line > 0);
        if (cat->fields[f].required)
            assert_int_not_equal(p.entries[f].treatment, TR_DROP);
    }
    policy_release(&p);
}

static void test_shipped_policies_load(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        check_shipped(policies[i], &cin_catalogue);
        check_shipped(policies_2027[i], &cin_catalogue_2027);
    }
}

static void refused(const char *path, const struct field_catalogue *base)
{
    struct field_def extended[CF__COUNT + 1];
    struct field_catalogue cat = { "cin", extended, base->n + 1 };
    struct policy p;
    char err[512] = "";

    memcpy(extended, base->fields, base->n * sizeof *extended);
    extended[base->n] = (struct field_def){ "ChildIdentifiers/PersonForename", "ssd_person.pers_forename",
                                            FK_TEXT, false, true, "a field no policy allows" };
    assert_int_equal(policy_load(&p, &cat, path, "specs/purposes.conf", err, sizeof err), -1);
    assert_non_null(strstr(err, "'ChildIdentifiers/PersonForename' is not listed"));
    assert_non_null(strstr(err, path));
}

static void test_new_element_without_policy_entry_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        refused(policies[i], &cin_catalogue);
        refused(policies_2027[i], &cin_catalogue_2027);
    }
}

static void test_regional_profile_treatments(void **state)
{
    struct policy p;
    char err[512] = "";

    (void)state;
    assert_int_equal(policy_load(&p, &cin_catalogue, "specs/cin/policy_regional.conf", "specs/purposes.conf",
                                 err, sizeof err), 0);
    assert_int_equal(p.entries[CF_LA_CHILD_ID].treatment, TR_PSEUDONYMISE);
    assert_int_equal(p.entries[CF_UPN].treatment, TR_DROP);
    assert_int_equal(p.entries[CF_FORMER_UPN].treatment, TR_DROP);
    assert_int_equal(p.entries[CF_BIRTH_DATE].treatment, TR_MONTH);
    assert_string_equal(p.key_name, "regional");
    assert_string_equal(p.entries[CF_SEX].purpose->id, "regional-benchmarking");
    assert_true(policy_needs_key(&p));
    policy_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_policies_load),
        cmocka_unit_test(test_new_element_without_policy_entry_is_refused),
        cmocka_unit_test(test_regional_profile_treatments),
    };
    return cmocka_run_group_tests_name("policy guard", tests, NULL, NULL);
}
