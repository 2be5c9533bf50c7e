/*
 * Tests of the CIN census XML writer (src/returns/cin/cin_writer.c) and of the policy
 * treatments and writability check that run before it (src/returns/cin/cin_policy.c).
 *
 * The child is the rule fixture's baseline (tests/unit/support/
 * rule_fixture.h), a complete valid record; the header is built here with
 * cin_value_set.  Each written file is validated against
 * specs/cin/cin_2025.xsd with xsd_validate_file, and its text is searched
 * for the elements in the DfE order and for exact element values.
 * Policies other than the real one are temporary copies of
 * specs/cin/policy_dfe.conf with one field's treatment changed.  The
 * 2026-27 pre-proceedings module is written under the 2026-27 policy
 * layer and checked against specs/cin/cin_2027.xsd.
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
#include <unistd.h>

#include "core/arena.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_policy.h"
#include "returns/cin/cin_record.h"
#include "returns/cin/cin_writer.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "rule_fixture.h"
#include "core/strbuf.h"

#define POLICY "specs/cin/policy_dfe.conf"
#define PURPOSES "specs/purposes.conf"
#define XSD "specs/cin/cin_2025.xsd"
#define KEY_TEXT "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct fx {
    struct rfx rfx;
    struct cin_header header;
    struct policy policy;
    struct strbuf xml;        /* text of the last file written */
    char path[64];            /* the last file written (removed at teardown) */
};

static void load_policy(struct policy *p, const char *path)
{
    char err[1024] = "";
    if (policy_load(p, &cin_catalogue, path, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    rfx_init(&f->rfx, 2025);
    struct arena *a = &f->rfx.arena;
    struct cin_header *h = &f->header;
    cin_header_init(h);
    cin_value_set(a, &h->collection, "CIN", 0, false);
    cin_value_set(a, &h->year, "2025", 0, false);
    cin_value_set(a, &h->reference_date, "2025-03-31", 0, true);
    cin_value_set(a, &h->source_level, "L", 0, false);
    cin_value_set(a, &h->lea, "201", 0, false);
    cin_value_set(a, &h->software_code, "statreturn", 0, false);
    cin_value_set(a, &h->release, "0.1.0", 0, false);
    cin_value_set(a, &h->serial_no, "001", 0, false);
    cin_value_set(a, &h->date_time, "2025-05-01T09:00:00", 0, false);
    load_policy(&f->policy, POLICY);
    strbuf_init(&f->xml, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->path[0])
        unlink(f->path);
    strbuf_release(&f->xml);
    policy_release(&f->policy);
    rfx_release(&f->rfx);
    free(f);
    return 0;
}

/* Writes the header and the children with policy p into a fresh temporary
 * file (f->path) and reads its text into f->xml. */
static void write_children(struct fx *f, const struct policy *p, struct cin_child *const *children, size_t n)
{
    char err[512] = "";

    if (f->path[0])
        unlink(f->path);
    snprintf(f->path, sizeof f->path, "/tmp/statreturn-writer.XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w+");
    assert_non_null(fp);

    struct cin_writer *w = cin_writer_open(fp, p, err, sizeof err);
    if (!w)
        fail_msg("%s", err);
    assert_int_equal(cin_writer_header(w, &f->header), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cin_writer_child(w, children[i]), 0);
    assert_int_equal(cin_writer_finish(w), 0);
    cin_writer_free(w);

    /* the writer leaves the FILE open: it is still ours to use and close */
    assert_int_equal(fflush(fp), 0);
    rewind(fp);
    strbuf_reset(&f->xml);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&f->xml, buf, got);
    assert_int_equal(fclose(fp), 0);
}

static void write_child(struct fx *f, const struct policy *p, struct cin_child *c)
{
    write_children(f, p, &c, 1);
}

static void assert_schema_valid(const struct fx *f)
{
    struct strbuf errors = STRBUF_INIT;
    int r = xsd_validate_file(XSD, f->path, &errors, 10);
    if (r != 0)
        fail_msg("xsd_validate_file = %d:\n%s\n--- file:\n%s", r, errors.buf, f->xml.buf);
    assert_int_equal(errors.len, 0);
    strbuf_release(&errors);
}

/* Offset of the first occurrence of needle at or after `from`; fails if absent. */
static size_t pos(const struct fx *f, const char *needle, size_t from)
{
    const char *hit = strstr(f->xml.buf + from, needle);
    if (!hit)
        fail_msg("'%s' not in the output:\n%s", needle, f->xml.buf);
    return (size_t)(hit - f->xml.buf);
}

static size_t count(const struct fx *f, const char *needle)
{
    size_t n = 0;
    for (const char *p = f->xml.buf; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Each element starts after the one before it. */
static void assert_in_order(const struct fx *f, const char *const *elements, size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = pos(f, elements[i], 0);
        if (i && p <= at)
            fail_msg("'%s' (at %zu) is not after '%s' (at %zu)", elements[i], p, elements[i - 1], at);
        at = p;
    }
}

/* ---- the baseline child -------------------------------------------------- */

static void test_baseline_is_schema_valid(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);

    write_child(f, &f->policy, c);
    assert_schema_valid(f);
    assert_int_equal(strncmp(f->xml.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38), 0);

    /* values as given, exactly once each */
    static const char *const once[] = {
        "<Collection>CIN</Collection>", "<Year>2025</Year>", "<ReferenceDate>2025-03-31</ReferenceDate>",
        "<SourceLevel>L</SourceLevel>", "<LEA>201</LEA>", "<SoftwareCode>statreturn</SoftwareCode>",
        "<Release>0.1.0</Release>", "<SerialNo>001</SerialNo>", "<DateTime>2025-05-01T09:00:00</DateTime>",
        "<LAchildID>C0000001</LAchildID>", "<UPN>L201000000011</UPN>",
        "<PersonBirthDate>2014-05-14</PersonBirthDate>", "<Sex>F</Sex>", "<Ethnicity>WBRI</Ethnicity>",
        "<Disability>NONE</Disability>", "<CINreferralDate>2024-05-01</CINreferralDate>",
        "<ReferralSource>1A</ReferralSource>", "<PrimaryNeedCode>N1</PrimaryNeedCode>",
        "<ReferralNFA>0</ReferralNFA>", "<AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>",
        "<AssessmentAuthorisationDate>2024-05-20</AssessmentAuthorisationDate>",
        "<CINPlanStartDate>2024-05-20</CINPlanStartDate>", "<CINPlanEndDate>2024-05-22</CINPlanEndDate>",
        "<S47ActualStartDate>2024-05-03</S47ActualStartDate>", "<InitialCPCtarget>2024-05-28</InitialCPCtarget>",
        "<DateOfInitialCPC>2024-05-22</DateOfInitialCPC>", "<ICPCnotRequired>0</ICPCnotRequired>",
        "<CPPstartDate>2024-05-22</CPPstartDate>", "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>",
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>", "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>",
        "<CPPreviewDate>2024-08-14</CPPreviewDate>", "<Child>", "<Children>", "<Header>",
    };
    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++)
        if (count(f, once[i]) != 1)
            fail_msg("'%s' occurs %zu times:\n%s", once[i], count(f, once[i]), f->xml.buf);
    assert_int_equal(count(f, "<AssessmentFactors>"), 2);
    /* absent values write no element; the dropped field never appears */
    static const char *const none[] = {
        "<FormerUPN", "<UPNunknown", "<ExpectedPersonBirthDate", "<PersonDeathDate", "<CINclosureDate",
        "<ReasonForClosure", "<CPPendDate", "<AssessmentInternalReviewDate",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        assert_int_equal(count(f, none[i]), 0);
}

static void test_element_order(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);

    rfx_set(&f->rfx, &c->former_upn, "A123456789123");
    rfx_set(&f->rfx, &c->death_date, "2024-06-01");
    rfx_set(&f->rfx, &c->episodes[0].closure_date, "2024-06-01");
    rfx_set(&f->rfx, &c->episodes[0].closure_reason, "RC1");
    write_child(f, &f->policy, c);
    assert_schema_valid(f);

    static const char *const top[] = {
        "<Message>", "<Header>", "<CollectionDetails>", "<Collection>", "<Year>", "<ReferenceDate>", "<Source>",
        "<SourceLevel>", "<LEA>", "<SoftwareCode>", "<Release>", "<SerialNo>", "<DateTime>", "<Children>",
        "<Child>", "<ChildIdentifiers>", "<LAchildID>", "<UPN>", "<FormerUPN>", "<PersonBirthDate>", "<Sex>",
        "<PersonDeathDate>", "<ChildCharacteristics>", "<Ethnicity>", "<Disabilities>", "<Disability>",
        "<CINdetails>", "<CINreferralDate>", "<ReferralSource>", "<PrimaryNeedCode>", "<CINclosureDate>",
        "<ReasonForClosure>", "<Assessments>", "<AssessmentActualStartDate>", "<AssessmentAuthorisationDate>",
        "<FactorsIdentifiedAtAssessment>", "<AssessmentFactors>", "<CINPlanDates>", "<CINPlanStartDate>",
        "<CINPlanEndDate>", "<Section47>", "<S47ActualStartDate>", "<InitialCPCtarget>",
        "<DateOfInitialCPC>", "<ICPCnotRequired>", "<ReferralNFA>", "<ChildProtectionPlans>", "<CPPstartDate>",
        "<InitialCategoryOfAbuse>", "<LatestCategoryOfAbuse>", "<NumberOfPreviousCPP>", "<Reviews>",
        "<CPPreviewDate>", "</Message>",
    };
    assert_in_order(f, top, sizeof top / sizeof top[0]);
    /* factors in the order given */
    size_t b2 = pos(f, "<AssessmentFactors>2B</AssessmentFactors>", 0);
    size_t b3 = pos(f, "<AssessmentFactors>3B</AssessmentFactors>", 0);
    assert_true(b2 < b3);
}

static void test_two_children(void **state)
{
    struct fx *f = *state;
    struct cin_child *c[2] = { rfx_child(&f->rfx), rfx_child(&f->rfx) };

    rfx_set(&f->rfx, &c[1]->la_child_id, "C0000002");
    c[1]->n_disabilities = 0;   /* no wrapper when there is nothing in it */
    write_children(f, &f->policy, c, 2);
    assert_schema_valid(f);
    assert_int_equal(count(f, "<Child>"), 2);
    assert_int_equal(count(f, "<Header>"), 1);
    assert_int_equal(count(f, "<Disabilities>"), 1);
    assert_true(pos(f, "<LAchildID>C0000001</LAchildID>", 0) < pos(f, "<LAchildID>C0000002</LAchildID>", 0));
}

static void test_escaping(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);

    rfx_set(&f->rfx, &c->la_child_id, "C<&>1");
    write_child(f, &f->policy, c);
    /* well formed (and of the schema, which leaves LAchildID's characters
     * to rule 1580) */
    assert_schema_valid(f);
    pos(f, "<LAchildID>C&lt;&amp;&gt;1</LAchildID>", 0);
    assert_null(strstr(f->xml.buf, "C<&"));
}

/* ---- policies ------------------------------------------------------------ */

/* A copy of the real policy with one field's treatment replaced; the path
 * is written to out (caller unlinks). */
static void policy_with(const char *field, const char *treatment, char out[64])
{
    FILE *in = fopen(POLICY, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int edits = 0;
    struct strbuf prefix = STRBUF_INIT;

    assert_non_null(in);
    snprintf(out, 64, "/tmp/statreturn-writer-policy.XXXXXX");
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    FILE *o = fdopen(fd, "w");
    assert_non_null(o);
    strbuf_addf(&prefix, "field %s ", field);
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (!strncmp(line, prefix.buf, prefix.len)) {
            char *clear = strstr(line, " clear");
            assert_non_null(clear);
            fwrite(line, 1, (size_t)(clear - line), o);
            fprintf(o, " %s%s", treatment, clear + 6);
            edits++;
        } else {
            fputs(line, o);
        }
    }
    assert_int_equal(edits, 1);
    free(line);
    fclose(in);
    assert_int_equal(fclose(o), 0);
    strbuf_release(&prefix);
}

static void test_dropped_upn_not_written(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct policy p;
    char path[64];

    policy_with("ChildIdentifiers/UPN", "drop", path);
    load_policy(&p, path);
    unlink(path);
    assert_false(policy_emits(&p, CF_UPN));

    /* the writer alone leaves it out ... */
    write_child(f, &p, c);
    assert_schema_valid(f);
    assert_int_equal(count(f, "<UPN>"), 0);
    assert_int_equal(count(f, "L201000000011"), 0);
    pos(f, "<LAchildID>C0000001</LAchildID>", 0);
    /* ... and cin_apply_policy clears the value */
    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &p, NULL), 0);
    assert_null(c->upn.text);
    policy_release(&p);
}

static void test_month_treatment(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct policy p;
    char path[64];

    policy_with("ChildIdentifiers/PersonBirthDate", "month", path);
    load_policy(&p, path);
    unlink(path);
    assert_int_equal(policy_treatment(&p, CF_BIRTH_DATE), TR_MONTH);

    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &p, NULL), 0);
    assert_string_equal(c->birth_date.text, "2014-05-01");
    assert_int_equal(c->birth_date.date, date_from_ymd(2014, 5, 1));
    /* other dates keep their day */
    assert_string_equal(c->episodes[0].referral_date.text, "2024-05-01");
    assert_string_equal(c->episodes[0].assessments[0].start.text, "2024-05-02");
    assert_string_equal(c->la_child_id.text, "C0000001");
    write_child(f, &p, c);
    assert_schema_valid(f);
    pos(f, "<PersonBirthDate>2014-05-01</PersonBirthDate>", 0);
    assert_int_equal(count(f, "2014-05-14"), 0);
    policy_release(&p);
}

static void test_clear_policy_changes_nothing(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);

    c->source_key = "C0000001";
    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &f->policy, NULL), 0);
    assert_string_equal(c->la_child_id.text, "C0000001");
    assert_string_equal(c->upn.text, "L201000000011");
    assert_string_equal(c->birth_date.text, "2014-05-14");
    assert_int_equal(c->n_disabilities, 1);
    assert_int_equal(c->episodes[0].assessments[0].n_factors, 2);
    assert_int_equal(c->episodes[0].cpps[0].n_reviews, 1);
}

static void test_pseudonymise_ids(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct pseudo_key key;
    char err[512] = "", want[PSEUDONYM_LEN + 1];

    assert_int_equal(setenv("STATRETURN_TEST_WRITER_KEY", KEY_TEXT, 1), 0);
    if (pseudo_key_load_env(&key, "STATRETURN_TEST_WRITER_KEY", err, sizeof err) != 0)
        fail_msg("%s", err);
    unsetenv("STATRETURN_TEST_WRITER_KEY");

    assert_int_equal(policy_pseudonymise_ids(&f->policy), 1);
    assert_true(policy_needs_key(&f->policy));
    c->source_key = "C0000001";
    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &f->policy, &key), 0);
    assert_int_equal(pseudonymise(&key, "person", "C0000001", want), 0);
    assert_string_equal(c->la_child_id.text, want);
    assert_int_equal(strlen(c->la_child_id.text), PSEUDONYM_LEN);
    assert_string_not_equal(c->la_child_id.text, "C0000001");
    /* only the id changes */
    assert_string_equal(c->upn.text, "L201000000011");
    assert_string_equal(c->birth_date.text, "2014-05-14");

    write_child(f, &f->policy, c);
    assert_schema_valid(f);
    struct strbuf el = STRBUF_INIT;
    strbuf_addf(&el, "<LAchildID>%s</LAchildID>", want);
    pos(f, el.buf, 0);
    strbuf_release(&el);
    assert_int_equal(count(f, "C0000001"), 0);

    /* without a key, or without a person id, there is no pseudonym */
    struct cin_child *d = rfx_child(&f->rfx);
    d->source_key = "C0000002";
    assert_int_equal(cin_apply_policy(&f->rfx.arena, d, &f->policy, NULL), -1);
    d->source_key = NULL;
    assert_int_equal(cin_apply_policy(&f->rfx.arena, d, &f->policy, &key), -1);
    d->source_key = "  ";
    assert_int_equal(cin_apply_policy(&f->rfx.arena, d, &f->policy, &key), -1);
    pseudo_key_release(&key);
}

/* ---- writability check --------------------------------------------------- */

#define MAX_DEFECTS 16

struct defects {
    size_t n;
    struct {
        char person[32], table[64], column[96], problem[256];
    } d[MAX_DEFECTS];
};

static void on_defect(void *opaque, const char *person_id, const char *table, const char *column,
                      const char *problem)
{
    struct defects *ds = opaque;
    if (ds->n < MAX_DEFECTS) {
        snprintf(ds->d[ds->n].person, sizeof ds->d[ds->n].person, "%s", person_id ? person_id : "(null)");
        snprintf(ds->d[ds->n].table, sizeof ds->d[ds->n].table, "%s", table);
        snprintf(ds->d[ds->n].column, sizeof ds->d[ds->n].column, "%s", column);
        snprintf(ds->d[ds->n].problem, sizeof ds->d[ds->n].problem, "%s", problem);
    }
    ds->n++;
}

static void print_defects(const struct defects *ds)
{
    for (size_t i = 0; i < ds->n && i < MAX_DEFECTS; i++)
        print_error("  %s %s.%s: %s\n", ds->d[i].person, ds->d[i].table, ds->d[i].column, ds->d[i].problem);
}

static void test_check_writable_baseline(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct defects ds = { 0 };

    c->source_key = "C0000001";
    size_t n = cin_check_writable(c, &f->policy, 2025, on_defect, &ds);
    if (n != 0 || ds.n != 0) {
        print_defects(&ds);
        fail_msg("the baseline child has %zu defects", n);
    }
}

static void test_check_writable_defects(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct defects ds = { 0 };

    c->source_key = "C0000001";
    rfx_set(&f->rfx, &c->ethnicity, "XXXX");
    rfx_set(&f->rfx, &c->sex, NULL);
    size_t n = cin_check_writable(c, &f->policy, 2025, on_defect, &ds);
    if (n != 2 || ds.n != 2) {
        print_defects(&ds);
        fail_msg("%zu defects, expected 2", n);
    }
    /* in the order of the record: Sex, then Ethnicity */
    assert_string_equal(ds.d[0].person, "C0000001");
    assert_string_equal(ds.d[0].table, "ssd_person");
    assert_string_equal(ds.d[0].column, "pers_sex");
    assert_non_null(strstr(ds.d[0].problem, "NULL"));
    assert_non_null(strstr(ds.d[0].problem, "ChildIdentifiers/Sex"));
    assert_string_equal(ds.d[1].person, "C0000001");
    assert_string_equal(ds.d[1].table, "ssd_person");
    assert_string_equal(ds.d[1].column, "pers_ethnicity");
    assert_non_null(strstr(ds.d[1].problem, "ChildCharacteristics/Ethnicity"));
    /* never the value */
    assert_null(strstr(ds.d[1].problem, "XXXX"));
}

static void test_check_writable_table(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *name;
        int what;
        const char *value;
        const char *table, *column;
    } cases[] = {
        { "LAchildID NULL", 0, NULL, "ssd_person", "pers_person_id" },
        { "UPNunknown not a code", 1, "UN9", "ssd_person", "pers_upn_unknown" },
        { "birth date invalid", 2, "2014-02-30", "ssd_person", "pers_dob" },
        { "sex spelt out", 3, "Female", "ssd_person", "pers_sex" },
        { "disability unknown", 4, "XYZ", "ssd_disability", "disa_disability_code" },
        { "referral source unknown", 5, "9Z", "ssd_cin_episodes", "cine_referral_source_code" },
        { "ReferralNFA not a flag", 6, "maybe", "ssd_cin_episodes", "cine_referral_nfa" },
        { "factor unknown", 7, "99Z", "ssd_assessment_factors", "cinf_assessment_factors_json" },
        { "category unknown", 8, "XXX", "ssd_cp_plans", "cppl_cp_plan_initial_category" },
        { "previous plans negative", 9, "-1", "ssd_cp_plans", "derived:ssd_cp_plans" },
        { "review date invalid", 10, "2024-13-01", "ssd_cp_reviews", "cppr_cp_review_date" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cin_child *c = rfx_child(&f->rfx);
        struct cin_episode *e = &c->episodes[0];
        struct cin_value *v = NULL;
        struct defects ds = { 0 };
        switch (cases[i].what) {
        case 0: v = &c->la_child_id; break;
        case 1: v = &c->upn_unknown; break;
        case 2: v = &c->birth_date; break;
        case 3: v = &c->sex; break;
        case 4: v = &c->disabilities[0]; break;
        case 5: v = &e->referral_source; break;
        case 6: v = &e->referral_nfa; break;
        case 7: v = &e->assessments[0].factors[0]; break;
        case 8: v = &e->cpps[0].initial_category; break;
        case 9: v = &e->cpps[0].previous_cpp; break;
        case 10: v = &e->cpps[0].reviews[0]; break;
        }
        c->source_key = "C0000001";
        rfx_set(&f->rfx, v, cases[i].value);
        size_t n = cin_check_writable(c, &f->policy, 2025, on_defect, &ds);
        bool ok = n == 1 && ds.n == 1 && !strcmp(ds.d[0].table, cases[i].table);
        /* "derived:ssd_cp_plans" has no column part: the element names it */
        if (ok && strchr(cases[i].column, ':'))
            ok = strstr(ds.d[0].column, "NumberOfPreviousCPP") != NULL;
        else if (ok)
            ok = !strcmp(ds.d[0].column, cases[i].column);
        if (!ok) {
            print_defects(&ds);
            fail_msg("%s: %zu defects, expected one on %s.%s", cases[i].name, n, cases[i].table, cases[i].column);
        }
        if (cases[i].value)
            assert_null(strstr(ds.d[0].problem, cases[i].value));
    }
}

/* cin_policy.h: the check "reports every value that would make the XML
 * invalid".  ICPCnotRequired is YesNoType in the schema, like ReferralNFA,
 * so a value that is not 0/1/true/false must be reported too. */
static void test_check_writable_icpc_not_required_flag(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct defects ds = { 0 };

    c->source_key = "C0000001";
    rfx_set(&f->rfx, &c->episodes[0].s47s[0].icpc_not_required, "maybe");
    size_t n = cin_check_writable(c, &f->policy, 2025, on_defect, &ds);
    if (n != 1 || ds.n != 1) {
        print_defects(&ds);
        fail_msg("%zu defects, expected 1", n);
    }
    assert_string_equal(ds.d[0].table, "ssd_s47_enquiry");
    assert_string_equal(ds.d[0].column, "s47e_s47_outcome_json");
    assert_non_null(strstr(ds.d[0].problem, "Section47/ICPCnotRequired"));

    /* and the schema agrees that such a file is invalid */
    write_child(f, &f->policy, c);
    struct strbuf errors = STRBUF_INIT;
    assert_int_equal(xsd_validate_file(XSD, f->path, &errors, 10), 1);
    assert_non_null(strstr(errors.buf, "ICPCnotRequired"));
    strbuf_release(&errors);
}

/* src/returns/cin/cin_policy.c: "a record that passes [the check] yields a
 * schema-valid file".  The replica can hold empty strings (no NULLIF in
 * the query): an empty optional value must either be reported by the check
 * or be left out by the writer, never written as an empty element that
 * fails the schema at the end of the build. */
static void test_empty_optional_values_checked_or_omitted(void **state)
{
    struct fx *f = *state;
    static const char *const names[] = {
        "UPN", "FormerUPN", "UPNunknown", "PrimaryNeedCode", "ReasonForClosure", "Disability",
    };
    int failures = 0;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct cin_child *c = rfx_child(&f->rfx);
        struct cin_episode *e = &c->episodes[0];
        struct cin_value *v[] = {
            &c->upn, &c->former_upn, &c->upn_unknown, &e->primary_need, &e->closure_reason, &c->disabilities[0],
        };
        struct defects ds = { 0 };
        struct strbuf errors = STRBUF_INIT;

        c->source_key = "C0000001";
        if (i == 4)
            rfx_set(&f->rfx, &e->closure_date, "2024-06-01");
        rfx_set(&f->rfx, v[i], "");
        size_t n = cin_check_writable(c, &f->policy, 2025, on_defect, &ds);
        write_child(f, &f->policy, c);
        int r = xsd_validate_file(XSD, f->path, &errors, 3);
        if (n == 0 && r != 0) {
            print_error("%s = \"\": passes the check, but the file fails the schema:\n%s\n", names[i], errors.buf);
            failures++;
        }
        strbuf_release(&errors);
    }
    assert_int_equal(failures, 0);
}

static void test_check_writable_respects_drop(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct defects ds = { 0 };
    struct policy p;
    char path[64];

    policy_with("ChildIdentifiers/UPNunknown", "drop", path);
    load_policy(&p, path);
    unlink(path);
    c->source_key = "C0000001";
    rfx_set(&f->rfx, &c->upn_unknown, "UN9");   /* not a code, but not sent either */
    assert_int_equal(cin_check_writable(c, &p, 2025, on_defect, &ds), 0);
    assert_int_equal(cin_check_writable(c, &f->policy, 2025, on_defect, &ds), 1);
    policy_release(&p);
}

static void test_xsd_validate_reports_errors(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = rfx_child(&f->rfx);
    struct strbuf errors = STRBUF_INIT;

    rfx_set(&f->rfx, &c->ethnicity, "XXXX");
    write_child(f, &f->policy, c);
    assert_int_equal(xsd_validate_file(XSD, f->path, &errors, 10), 1);
    assert_non_null(strstr(errors.buf, "line "));
    assert_non_null(strstr(errors.buf, "Ethnicity"));
    strbuf_reset(&errors);
    assert_int_equal(xsd_validate_file(f->path, f->path, &errors, 10), -1);   /* XML, not a schema */
    assert_true(errors.len > 0);
    strbuf_release(&errors);
}

/* cin_writer.h: -1 "when the schema or file cannot be read (message in
 * errors)", and 1 with the errors for an invalid file.  A file that is not
 * even well formed, or is missing, must still come with a message: the
 * build prints `errors` as the only detail of its refusal. */
static void test_xsd_validate_bad_file_has_message(void **state)
{
    struct fx *f = *state;
    struct strbuf errors = STRBUF_INIT;

    snprintf(f->path, sizeof f->path, "/tmp/statreturn-writer.XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    static const char broken[] = "<?xml version=\"1.0\"?>\n<Message>\n  <Header>\n</Message>\n";
    assert_int_equal(write(fd, broken, sizeof broken - 1), (ssize_t)(sizeof broken - 1));
    close(fd);

    int r = xsd_validate_file(XSD, f->path, &errors, 10);
    assert_int_not_equal(r, 0);
    if (errors.len == 0)
        fail_msg("xsd_validate_file returned %d for a file that is not well formed, with no message", r);
    strbuf_reset(&errors);

    assert_int_equal(xsd_validate_file(XSD, "/nonexistent/cin.xml", &errors, 10), -1);
    if (!strstr(errors.buf, "/nonexistent/cin.xml"))
        fail_msg("no message naming the missing file: '%s'", errors.buf);
    strbuf_release(&errors);
}

/* ---- the 2026-27 pre-proceedings module ---------------------------------- */

#define POLICY27 "specs/cin/policy_dfe_2027.conf"
#define XSD27 "specs/cin/cin_2027.xsd"

static void load_policy_2027(struct policy *p)
{
    char err[1024] = "";
    if (policy_load(p, &cin_catalogue_2027, POLICY27, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* The baseline moved into 2026-27 with two periods of pre-proceedings, the
 * first with every element. */
static struct cin_child *child_2027(struct fx *f)
{
    struct rfx *r = &f->rfx;
    struct cin_child *c = rfx_child_shifted(r, 728);
    struct cin_preproceedings *pp = rfx_add_preproceedings(r, &c->episodes[0], "2026-06-15");
    rfx_set(r, &pp->lbp_sent, "2026-06-22");
    rfx_set(r, &pp->fgdm_offer, "1");
    rfx_set(r, &pp->fgdm_fac, "0");
    rfx_set(r, &pp->initial_meeting, "2026-07-06");
    rfx_set(r, &pp->review_count, "2");
    rfx_set(r, &pp->step_decision, "2026-09-28");
    rfx_set(r, &pp->outcome, "A");
    rfx_set(r, &pp->court_app, "2026-10-12");
    rfx_set(r, &pp->letter_init, "2026-10-13");
    rfx_add_preproceedings(r, &c->episodes[0], "2026-11-02");
    c->source_key = "C0000001";
    return c;
}

static void test_module_2027(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = child_2027(f);
    struct policy p;
    struct strbuf errors = STRBUF_INIT;

    load_policy_2027(&p);
    write_child(f, &p, c);
    if (xsd_validate_file(XSD27, f->path, &errors, 10) != 0)
        fail_msg("%s\n%s", errors.buf, f->xml.buf);
    static const char *const order[] = {
        "<ChildProtectionPlans>", "</ChildProtectionPlans>", "<PreProceedingsandFGDM>",
        "<PPStartDate>2026-06-15</PPStartDate>", "<LBPSentDate>2026-06-22</LBPSentDate>",
        "<FGDMMeetingOffer>1</FGDMMeetingOffer>", "<FGDMMeetingFac>0</FGDMMeetingFac>",
        "<InitialPPMeetingDate>2026-07-06</InitialPPMeetingDate>", "<ReviewMeetingsCount>2</ReviewMeetingsCount>",
        "<StepDecisionDate>2026-09-28</StepDecisionDate>", "<PPOutcome>A</PPOutcome>",
        "<CourtAppDate>2026-10-12</CourtAppDate>", "<LetterInitCPDate>2026-10-13</LetterInitCPDate>",
        "</PreProceedingsandFGDM>", "<PPStartDate>2026-11-02</PPStartDate>", "</CINdetails>",
    };
    assert_in_order(f, order, sizeof order / sizeof order[0]);
    assert_int_equal(count(f, "<PreProceedingsandFGDM>"), 2);

    /* Without the module: under the 2025-26 policy, and when the council
     * does not collect it; both files are valid for their year. */
    write_child(f, &f->policy, c);
    assert_int_equal(count(f, "PreProceedings"), 0);
    assert_int_equal(cin_policy_skip_preproceedings(&p), 10);
    assert_int_equal(cin_policy_skip_preproceedings(&p), 0);
    write_child(f, &p, c);
    assert_int_equal(count(f, "PreProceedings"), 0);
    assert_int_equal(xsd_validate_file(XSD27, f->path, &errors, 10), 0);
    strbuf_release(&errors);
    policy_release(&p);
}

/* The treatments: a year without the module keeps no group; a dropped
 * field of the module is cleared. */
static void test_module_2027_treatments(void **state)
{
    struct fx *f = *state;
    struct cin_child *c = child_2027(f);
    struct policy p;

    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &f->policy, NULL), 0);
    assert_int_equal(c->episodes[0].n_preproceedings, 0);
    c = child_2027(f);
    load_policy_2027(&p);
    p.entries[CF_PP_COURT_APP].treatment = TR_DROP;
    assert_int_equal(cin_apply_policy(&f->rfx.arena, c, &p, NULL), 0);
    assert_int_equal(c->episodes[0].n_preproceedings, 2);
    assert_null(c->episodes[0].preproceedings[0].court_app.text);
    assert_string_equal(c->episodes[0].preproceedings[0].letter_init.text, "2026-10-13");
    policy_release(&p);
}

/* Values of the module the 2026-27 schema cannot take are named by their
 * replica column, never with the value. */
static void test_check_writable_module_2027(void **state)
{
    struct fx *f = *state;
    static const struct { size_t field; const char *value; const char *table, *column; } cases[] = {
        { offsetof(struct cin_preproceedings, pp_start), "2026-02-30", "ssd_pre_proceedings",
          "prep_pre_pro_decision_date" },
        { offsetof(struct cin_preproceedings, fgdm_offer), "maybe", "ssd_cin_extension_pre_proceedings",
          "cinx_fgdm_offered" },
        { offsetof(struct cin_preproceedings, fgdm_fac), "yes please", "ssd_cin_extension_pre_proceedings",
          "cinx_fgdm_facilitated" },
        { offsetof(struct cin_preproceedings, review_count), "-1", "ssd_pre_proceedings",
          "prep_pre_pro_meetings_num" },
        { offsetof(struct cin_preproceedings, outcome), "QQ", "ssd_cin_extension_pre_proceedings",
          "cinx_outcome_code" },
        { offsetof(struct cin_preproceedings, court_app), "2026-13-01", "ssd_cin_extension_pre_proceedings",
          "cinx_court_application_date" },
    };
    struct policy p;

    load_policy_2027(&p);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cin_child *c = child_2027(f);
        struct defects ds = { 0 };
        assert_int_equal(cin_check_writable(c, &p, 2027, on_defect, &ds), 0);
        struct cin_value *v = (struct cin_value *)(void *)((char *)&c->episodes[0].preproceedings[0] + cases[i].field);
        rfx_set(&f->rfx, v, cases[i].value);
        size_t n = cin_check_writable(c, &p, 2027, on_defect, &ds);
        if (n != 1 || strcmp(ds.d[0].table, cases[i].table) || strcmp(ds.d[0].column, cases[i].column)) {
            print_defects(&ds);
            fail_msg("%s.%s: %zu defects", cases[i].table, cases[i].column, n);
        }
        assert_non_null(strstr(ds.d[0].problem, "PreProceedingsandFGDM/"));
        assert_null(strstr(ds.d[0].problem, cases[i].value));
        /* under the 2025-26 policy nothing of the module is checked */
        assert_int_equal(cin_check_writable(c, &f->policy, 2026, on_defect, &ds), 0);
    }
    policy_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_baseline_is_schema_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_element_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_children, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropped_upn_not_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_treatment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_policy_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pseudonymise_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_baseline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_defects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_icpc_not_required_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_optional_values_checked_or_omitted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_respects_drop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validate_reports_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validate_bad_file_has_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_module_2027, setup, teardown),
        cmocka_unit_test_setup_teardown(test_module_2027_treatments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable_module_2027, setup, teardown),
    };
    return cmocka_run_group_tests_name("cin_writer", tests, NULL, NULL);
}
