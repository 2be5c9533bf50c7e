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

static void test_shipped_policies_load(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        struct policy p;
        char err[512] = "";
        if (policy_load(&p, &cin_catalogue, policies[i], "specs/purposes.conf", err, sizeof err) != 0)
            fail_msg("%s: %s", policies[i], err);
        for (size_t f = 0; f < cin_catalogue.n; f++) {
            assert_true(p.entries[f].line > 0);
            if (cin_catalogue.fields[f].required)
                assert_int_not_equal(p.entries[f].treatment, TR_DROP);
        }
        policy_release(&p);
    }
}

static void test_new_element_without_policy_entry_is_refused(void **state)
{
    struct field_def extended[CF__COUNT + 1];
    struct field_catalogue cat = { "cin", extended, CF__COUNT + 1 };

    (void)state;
    memcpy(extended, cin_catalogue.fields, CF__COUNT * sizeof *extended);
    extended[CF__COUNT] = (struct field_def){ "ChildIdentifiers/PersonForename", "ssd_person.pers_forename",
                                               FK_TEXT, false, true, "a field no policy allows" };
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        struct policy p;
        char err[512] = "";
        assert_int_equal(policy_load(&p, &cat, policies[i], "specs/purposes.conf", err, sizeof err), -1);
        assert_non_null(strstr(err, "'ChildIdentifiers/PersonForename' is not listed"));
        assert_non_null(strstr(err, policies[i]));
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
