/*
 * Tests of the fields-shared report's HTML page (src/privacy/dpo_html.c),
 * from a policy built in memory.  A page without a warning has no trace of
 * one (the CIN, SSDA903 and Supporting Families pages stay as they were);
 * a warning comes right after the title, escaped, before the intro.  A
 * recipient written counted has the With value, Blank and Distinct columns
 * and the return's counts; one written uncounted (the CSC API feed) has
 * neither, and its counts are not read.  Every value is escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/strbuf.h"
#include "privacy/dpo_html.h"

static const struct field_def fields[] = {
    { .name = "child/upn", .source = "ssd_person.upn" },
    { .name = "child/<b>name</b>", .source = "ssd_person.name" },
    { .name = "child/postcode", .source = "ssd_address.postcode" },
    { .name = "child/school", .source = "ssd_person.school" },
};
static const struct field_catalogue catalogue = { .ret = "test", .fields = fields, .n = 4 };

static char purpose_id[] = "test-purpose", notice[] = "We share & report.", basis[] = "Article 6(1)(e) <public task>";
static char recipient[] = "DfE";
static struct purpose purpose_items[] = { { .id = purpose_id, .notice = notice, .basis = basis } };

struct fixture {
    struct policy_entry entries[4];
    struct policy policy;
};

static void fixture_init(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->entries[0] = (struct policy_entry){ .treatment = TR_CLEAR, .purpose = &purpose_items[0] };
    fx->entries[1] = (struct policy_entry){ .treatment = TR_PSEUDONYMISE, .purpose = &purpose_items[0] };
    fx->entries[2] = (struct policy_entry){ .treatment = TR_SECTOR, .purpose = &purpose_items[0], .special = true };
    fx->entries[3] = (struct policy_entry){ .treatment = TR_DROP, .purpose = &purpose_items[0] };
    fx->policy.recipient = recipient;
    fx->policy.catalogue = &catalogue;
    fx->policy.entries = fx->entries;
    fx->policy.purposes.items = purpose_items;
    fx->policy.purposes.n = 1;
}

/* The counts come back as "COUNT-<i>" so that a test can see whether they
 * were written. */
static void field_of(void *ctx, size_t i, struct dpo_field *out)
{
    static const char *const counts[] = { "COUNT-0", "COUNT-1", "COUNT-2", "COUNT-3" };
    (void)ctx;
    out->name = fields[i].name;
    out->source = fields[i].source;
    out->treatment = "as the policy says";
    out->with_value = out->blank = out->distinct = counts[i];
}

static char *page(const char *warning, bool counted)
{
    struct fixture fx;
    struct strbuf o = STRBUF_INIT;

    fixture_init(&fx);
    dpo_html_begin(&o, "Data <shared>", warning, "LA 201. Counts of 1-9 as <10.");
    dpo_html_recipient(&o, "DfE (policy t, version 1)", "Children: <10.", &fx.policy, catalogue.n, counted, field_of,
                       NULL);
    dpo_html_end(&o);
    return strbuf_detach(&o, NULL);
}

static void test_no_warning(void **state)
{
    (void)state;
    char *p = page(NULL, true);

    assert_null(strstr(p, "warning"));
    assert_non_null(strstr(p, "<h1>Data &lt;shared&gt;</h1>\n<p>LA 201. Counts of 1-9 as &lt;10.</p>\n"));
    free(p);
}

static void test_warning_first(void **state)
{
    (void)state;
    char *p = page("Names leave IN CLEAR, daily, to <DfE> & 'others'.", true);
    const char *h1 = strstr(p, "</h1>"), *w = strstr(p, "<p class=\"warning\">"), *intro = strstr(p, "<p>LA 201.");

    assert_non_null(strstr(p, ".warning{"));
    assert_non_null(h1);
    assert_non_null(w);
    assert_non_null(intro);
    assert_true(h1 < w && w < intro);
    assert_non_null(strstr(p, "<strong>Names leave IN CLEAR, daily, to &lt;DfE&gt; &amp; &#39;others&#39;.</strong>"));
    assert_null(strstr(p, "<DfE>"));
    free(p);
}

static void test_counted(void **state)
{
    (void)state;
    char *p = page(NULL, true);

    assert_non_null(strstr(p, "<th>Special category</th><th>With value</th><th>Blank</th><th>Distinct</th></tr>"));
    assert_non_null(strstr(p, "<tr class=\"clear\"><td>child/upn</td><td>ssd_person.upn</td><td class=\"t\">as the "
                              "policy says</td><td>no</td><td class=\"n\">COUNT-0</td><td class=\"n\">COUNT-0</td>"
                              "<td class=\"n\">COUNT-0</td></tr>"));
    free(p);
}

static void test_uncounted(void **state)
{
    (void)state;
    char *p = page(NULL, false);

    assert_null(strstr(p, "With value"));
    assert_null(strstr(p, "COUNT-"));
    assert_non_null(strstr(p, "<th>Special category</th></tr>"));
    assert_non_null(strstr(p, "<tr class=\"clear\"><td>child/upn</td><td>ssd_person.upn</td><td class=\"t\">as the "
                              "policy says</td><td>no</td></tr>"));
    assert_non_null(strstr(p, "<tr class=\"pseudonymised\"><td>child/&lt;b&gt;name&lt;/b&gt;</td>"));
    assert_non_null(strstr(p, "<tr class=\"generalised\"><td>child/postcode</td><td>ssd_address.postcode</td>"
                              "<td class=\"t\">as the policy says</td><td>yes</td></tr>"));
    /* The rest of the recipient is as for a counted one. */
    assert_non_null(strstr(p, "<h3>Purpose: test-purpose</h3>\n<blockquote>We share &amp; report.</blockquote>"));
    assert_non_null(strstr(p, "<strong>Lawful basis:</strong> Article 6(1)(e) &lt;public task&gt;"));
    assert_non_null(strstr(p, "<strong>3 fields shared</strong>: 1 in clear, 1 pseudonymised, 1 generalised; "
                              "1 not shared."));
    assert_non_null(strstr(p, "<p class=\"facts\">Children: &lt;10.</p>"));
    assert_non_null(strstr(p, "never sent): child/school.</p>"));
    free(p);
}

/* Counted or not, the page differs only in the count columns. */
static void test_same_otherwise(void **state)
{
    (void)state;
    char *a = page(NULL, true), *b = page(NULL, false);
    struct strbuf stripped = STRBUF_INIT;

    static const char heads[] = "<th>With value</th><th>Blank</th><th>Distinct</th>";
    static const char cell[] = "<td class=\"n\">COUNT-0</td>";

    strbuf_addstr(&stripped, a);
    for (char *s; (s = strstr(stripped.buf, heads));)
        memmove(s, s + strlen(heads), strlen(s + strlen(heads)) + 1);
    for (char *s; (s = strstr(stripped.buf, "<td class=\"n\">COUNT-"));)
        memmove(s, s + strlen(cell), strlen(s + strlen(cell)) + 1);
    assert_string_equal(stripped.buf, b);
    strbuf_release(&stripped);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_warning),
        cmocka_unit_test(test_warning_first),
        cmocka_unit_test(test_counted),
        cmocka_unit_test(test_uncounted),
        cmocka_unit_test(test_same_otherwise),
    };
    return cmocka_run_group_tests_name("dpo_html", tests, NULL, NULL);
}
