/*
 * Findings a profile's own treatment causes (src/returns/expected.c and the
 * tables cin_expected.c and cla_expected.c): each table names fields of
 * its return's catalogue with treatments they can have; under the regional
 * policies the findings of their rules (on the named columns) are marked
 * expected with a message naming policy, field and treatment, other
 * findings are not; under the DfE policies none is; and the report counts
 * an expected finding apart from errors and queries and writes its type as
 * "expected error".
 *
 * Runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/report.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_policy.h"
#include "returns/expected.h"
#include "returns/ssda903/cla_build.h"

#define PURPOSES "specs/purposes.conf"

static const struct rule r8770q = { "8770Q", RULE_QUERY, "ChildIdentifiers", "UPN missing" };
static const struct rule r8500 = { "8500", RULE_ERROR, "ChildIdentifiers", "LA Child ID missing" };
static const struct rule r392c = { "392c", RULE_ERROR, "Episodes", "Postcode(s) provided are invalid." };
static const struct rule rformat = { "FORMAT", RULE_ERROR, "Spec", "format" };
static const struct rule r442 = { "442", RULE_ERROR, "Header", "UPN not completed" };

static void load(struct policy *p, const struct field_catalogue *cat, const char *path)
{
    char err[512];
    if (policy_load(p, cat, path, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static void test_tables_name_their_fields(void **state)
{
    const char *bad = NULL;
    (void)state;
    if (!expected_table_ok(cin_expected_causes, cin_n_expected_causes, &cin_catalogue, &bad))
        fail_msg("cin_expected.c: bad row for %s", bad);
    for (int year = 2025; year <= 2027; year++) {
        struct cla_spec *spec = NULL;
        struct cla_catalogue cc;
        char err[512];
        assert_int_equal(cla_spec_load_default(year, &spec, err, sizeof err), CLA_SPEC_OK);
        assert_int_equal(cla_catalogue_build(&cc, spec, err, sizeof err), 0);
        if (!expected_table_ok(cla_expected_causes, cla_n_expected_causes, &cc.cat, &bad))
            fail_msg("cla_expected.c, %d: bad row for %s", year, bad);
        cla_catalogue_release(&cc);
        cla_spec_free(spec);
    }
    /* And the check can fail: a month on a code, a field that is not there. */
    const struct expected_cause wrong[] = { { "ChildIdentifiers/Sex", TR_MONTH, "8500", NULL } };
    assert_false(expected_table_ok(wrong, 1, &cin_catalogue, &bad));
    assert_string_equal(bad, "ChildIdentifiers/Sex");
    const struct expected_cause missing[] = { { "ChildIdentifiers/Nope", TR_DROP, "8500", NULL } };
    assert_false(expected_table_ok(missing, 1, &cin_catalogue, &bad));
}

static void test_cin_regional_marks_its_rules(void **state)
{
    struct policy reg, dfe;
    struct expected_set es;
    struct strbuf msg = STRBUF_INIT;
    struct finding f = { .rule = &r8770q, .la_child_id = "X", .column = "UPN" }, g;
    (void)state;

    load(&reg, &cin_catalogue, "specs/cin/policy_regional.conf");
    expected_init(&es, &reg, cin_expected_causes, cin_n_expected_causes);
    assert_true(expected_any(&es));
    assert_true(expected_mark(&es, &f, NULL, &g, &msg));
    assert_true(g.expected);
    assert_false(f.expected);
    assert_string_equal(g.message, "expected for this profile: policy 'cin-regional' drops ChildIdentifiers/UPN");
    assert_ptr_equal(g.rule, &r8770q);
    assert_string_equal(g.la_child_id, "X");
    f.rule = &r8500;
    assert_false(expected_mark(&es, &f, NULL, &g, &msg));
    assert_int_equal(es.count, 1);
    expected_release(&es);

    load(&dfe, &cin_catalogue, "specs/cin/policy_dfe.conf");
    expected_init(&es, &dfe, cin_expected_causes, cin_n_expected_causes);
    assert_false(expected_any(&es));
    f.rule = &r8770q;
    assert_false(expected_mark(&es, &f, NULL, &g, &msg));
    expected_release(&es);
    policy_release(&reg);
    policy_release(&dfe);
    strbuf_release(&msg);
}

static void test_903_sector_only_on_postcode_columns(void **state)
{
    struct cla_spec *spec = NULL;
    struct cla_catalogue cc;
    struct policy reg;
    struct expected_set es;
    struct strbuf msg = STRBUF_INIT;
    struct finding g;
    char err[512];
    (void)state;

    assert_int_equal(cla_spec_load_default(2025, &spec, err, sizeof err), CLA_SPEC_OK);
    assert_int_equal(cla_catalogue_build(&cc, spec, err, sizeof err), 0);
    load(&reg, &cc.cat, "specs/903/policy_regional.conf");
    expected_init(&es, &reg, cla_expected_causes, cla_n_expected_causes);

    /* The format check on PL_POST: expected, after the check's own detail. */
    struct finding f = { .rule = &rformat, .table = "Episodes", .row = 1, .column = "PL_POST" };
    assert_true(expected_mark(&es, &f, "not a postcode", &g, &msg));
    assert_string_equal(g.message, "not a postcode; expected for this profile: policy '903-regional' cuts "
                                   "Episodes/PL_POST to its postcode sector");
    /* The same check on a date is a real finding. */
    f.column = "DECOM";
    assert_false(expected_mark(&es, &f, NULL, &g, &msg));
    /* An XML finding names its column in the path only. */
    struct finding x = { .rule = &r392c, .path = "EXPSSDA903/CHILD[3]/EPISODE[2]/HOME_POST" };
    assert_true(expected_mark(&es, &x, NULL, &g, &msg));
    x.path = "EXPSSDA903/CHILD[3]/EPISODE[2]/HOME_POSTX";
    assert_false(expected_mark(&es, &x, NULL, &g, &msg));
    struct finding u = { .rule = &r442, .column = "UPN" };
    assert_true(expected_mark(&es, &u, NULL, &g, &msg));
    assert_string_equal(g.message, "expected for this profile: policy '903-regional' drops Header/UPN");

    expected_release(&es);
    policy_release(&reg);
    cla_catalogue_release(&cc);
    cla_spec_free(spec);
    strbuf_release(&msg);
}

static void test_report_counts_expected_apart(void **state)
{
    struct report *r = report_new("x.xml", 2025);
    struct report_summary sum;
    char err[256];
    char *buf = NULL;
    size_t len = 0;
    (void)state;

    struct finding real = { .rule = &r442, .la_child_id = "A", .child_position = 1, .column = "UPN" };
    struct finding exp = real;
    exp.expected = true;
    exp.la_child_id = "B";
    exp.child_position = 2;
    report_finding(r, &exp);
    report_finding(r, &exp);
    report_get_summary(r, &sum);
    assert_int_equal(sum.errors, 0);
    assert_int_equal(sum.expected, 2);
    report_finding(r, &real);
    report_get_summary(r, &sum);
    assert_int_equal(sum.errors, 1);
    assert_int_equal(sum.queries, 0);
    assert_int_equal(sum.expected, 2);

    FILE *fp = open_memstream(&buf, &len);
    assert_int_equal(report_write(r, fp, REPORT_CSV, false, err, sizeof err), 0);
    fclose(fp);
    assert_non_null(strstr(buf, ",442,expected error,"));
    assert_non_null(strstr(buf, ",442,error,"));
    free(buf);

    fp = open_memstream(&buf, &len);
    assert_int_equal(report_write(r, fp, REPORT_TEXT, false, err, sizeof err), 0);
    fclose(fp);
    /* The expected part comes after the rules that count; the child with
     * only expected findings is not among the most affected. */
    const char *part = strstr(buf, "Expected for this profile");
    assert_non_null(part);
    assert_true(strstr(buf, "442     error          1") < part);
    assert_non_null(strstr(buf, "expected for this profile: 2"));
    const char *top = strstr(buf, "Most affected children");
    assert_non_null(top);
    assert_null(strstr(top, "    B "));
    free(buf);

    fp = open_memstream(&buf, &len);
    assert_int_equal(report_write(r, fp, REPORT_JSON, false, err, sizeof err), 0);
    fclose(fp);
    const char *m = strstr(buf, "\"expected_for_profile\":");
    assert_non_null(m);
    m += strlen("\"expected_for_profile\":");
    while (*m == ' ')
        m++;
    assert_int_equal(atoi(m), 2);
    free(buf);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_name_their_fields),
        cmocka_unit_test(test_cin_regional_marks_its_rules),
        cmocka_unit_test(test_903_sector_only_on_postcode_columns),
        cmocka_unit_test(test_report_counts_expected_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
