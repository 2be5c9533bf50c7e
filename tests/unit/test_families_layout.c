/*
 * Tests of Supporting Families layouts (src/returns/families/families_layout.c): the shipped
 * layouts load and become a field catalogue and policy that agree with
 * them column by column; every bad layout is refused with "file:line:" and
 * the reason.
 *
 * Bad layouts are the shipped files with one line replaced or added, written
 * to a private temporary directory; the line number the message must name
 * is the edited line's, found from the text (never typed), so the tests
 * survive edits to the layouts' comments.
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

#include "returns/families/families.h"

#define NIS "specs/families/layout_nis.conf"
#define FPD "specs/families/layout_fpd.conf"
#define PURPOSES "specs/purposes.conf"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sr-famlayout.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Writes `base` with the first line starting with `prefix` replaced by
 * `line` (prefix NULL: `line` appended) to a temporary file; *lineno is the
 * edited line's number. */
static void edited(const char *base, const char *prefix, const char *line, char *out, size_t cap, unsigned *lineno)
{
    static int counter;
    char *text = slurp(base);
    snprintf(out, cap, "%s/layout%d.conf", tmpdir, counter++);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    unsigned n = 0;
    bool done = false;
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        n++;
        if (!done && prefix && !strncmp(p, prefix, strlen(prefix))) {
            fprintf(f, "%s\n", line);
            *lineno = n;
            done = true;
        } else {
            fprintf(f, "%.*s\n", (int)len, p);
        }
        p += len + (nl ? 1 : 0);
    }
    if (!prefix) {
        fprintf(f, "%s\n", line);
        *lineno = n + 1;
        done = true;
    }
    fclose(f);
    free(text);
    if (!done)
        fail_msg("no line starts with '%s' in %s", prefix, base);
}

static void expect_rejected(const char *base, enum families_kind kind, const char *prefix, const char *line,
                            const char *reason)
{
    char path[128], err[1024], want[160];
    unsigned lineno = 0;
    struct families_layout l;

    edited(base, prefix, line, path, sizeof path, &lineno);
    int rc = families_layout_load(&l, path, PURPOSES, kind, err, sizeof err);
    if (rc == 0) {
        families_layout_release(&l);
        fail_msg("accepted: '%s'", line);
    }
    snprintf(want, sizeof want, "%s:%u: ", path, lineno);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("'%s': message does not start with '%s': %s", line, want, err);
    if (!strstr(err, reason))
        fail_msg("'%s': message lacks '%s': %s", line, reason, err);
}

/* ---- the shipped layouts ---------------------------------------------------- */

static void test_shipped_layouts_load(void **state)
{
    (void)state;
    struct families_layout l;
    char err[1024] = "";

    for (int k = 0; k < FAM__KINDS; k++) {
        const char *path = k == FAM_NIS ? NIS : FPD;
        if (families_layout_load(&l, path, PURPOSES, (enum families_kind)k, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_true(l.n_cols > 0);
        assert_int_equal(l.kind, k);
        assert_int_equal(l.period_months, 3);
        /* The catalogue and the policy are the layout, column by column. */
        assert_ptr_equal(l.policy.catalogue, &l.catalogue);
        assert_int_equal(l.catalogue.n, l.n_cols);
        assert_string_equal(l.policy.ret, k == FAM_NIS ? "families-nis" : "families-fpd");
        assert_string_equal(l.catalogue.ret, l.policy.ret);
        for (size_t i = 0; i < l.n_cols; i++) {
            assert_string_equal(l.catalogue.fields[i].name, l.cols[i].name);
            assert_int_equal(l.policy.entries[i].treatment, l.cols[i].treatment);
            assert_int_equal(l.policy.entries[i].line, l.cols[i].line);
            assert_non_null(l.policy.entries[i].purpose);
            assert_string_equal(l.policy.entries[i].purpose->id, "supporting-families");
            assert_int_equal(l.policy.entries[i].special, l.cols[i].special);
            assert_non_null(l.catalogue.fields[i].source);
            assert_int_equal(catalogue_find(&l.catalogue, l.cols[i].name), i);
        }
        if (k == FAM_FPD) {
            assert_true(policy_needs_key(&l.policy));
            assert_string_equal(l.policy.key_name, "families");
            assert_int_equal(l.n_cohorts, 1);
            assert_string_equal(l.cohorts[0], "programme");
        } else {
            assert_false(policy_needs_key(&l.policy));
            assert_int_equal(l.n_cohorts, 2);
        }
        families_layout_release(&l);
    }
}

static void test_nis_columns_are_the_brief(void **state)
{
    (void)state;
    static const char *const want[] = {
        "la_person_id", "la_family_id", "forename", "surname", "date_of_birth", "sex", "postcode",
        "ni_number", "upn", "programme_status", "attachment_date", "needs_at_attachment",
    };
    struct families_layout l;
    char err[1024];
    struct strbuf h = STRBUF_INIT;

    assert_int_equal(families_layout_load(&l, NIS, PURPOSES, FAM_NIS, err, sizeof err), 0);
    assert_int_equal(l.n_cols, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < l.n_cols; i++)
        assert_string_equal(l.cols[i].name, want[i]);
    families_layout_header(&l, &h);
    assert_string_equal(h.buf, "la_person_id,la_family_id,forename,surname,date_of_birth,sex,postcode,ni_number,"
                               "upn,programme_status,attachment_date,needs_at_attachment");
    /* Manifest sources name replica columns. */
    assert_string_equal(l.catalogue.fields[2].source, "ssd_person.pers_forename");
    assert_string_equal(l.catalogue.fields[6].source, "ssd_address.addr_address_postcode");
    strbuf_release(&h);
    families_layout_release(&l);
}

static void test_fpd_has_no_direct_identifier(void **state)
{
    (void)state;
    struct families_layout l;
    char err[1024];

    assert_int_equal(families_layout_load(&l, FPD, PURPOSES, FAM_FPD, err, sizeof err), 0);
    for (size_t i = 0; i < l.n_cols; i++) {
        enum fam_source s = l.cols[i].source;
        assert_true(s != FS_FORENAME && s != FS_SURNAME && s != FS_DOB && s != FS_POSTCODE && s != FS_NI_NUMBER
                    && s != FS_UPN);
        if (s == FS_PERSON_ID || s == FS_FAMILY_ID)
            assert_int_equal(l.cols[i].treatment, TR_PSEUDONYMISE);
        assert_true(l.cols[i].format.type != FF_DATE);   /* no full dates at all */
    }
    families_layout_release(&l);
}

/* ---- bad layouts: every case names file and line -------------------------------- */

static void test_unknown_source(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, "column sex ", "column sex person.gender code(M|F|U) clear required",
                    "unknown source 'person.gender'");
    expect_rejected(NIS, FAM_NIS, NULL, "column x bogus text(5) clear", "unknown source 'bogus'");
    expect_rejected(FPD, FAM_FPD, NULL, "column x measure:School-Attendance int(0..1) clear", "unknown source");
    expect_rejected(FPD, FAM_FPD, NULL, "column x measure: int(0..1) clear", "unknown source");
    expect_rejected(FPD, FAM_FPD, NULL, "column x need:11 flag clear", "unknown source 'need:11'");
    expect_rejected(FPD, FAM_FPD, NULL, "column x need:0 flag clear", "unknown source");
}

static void test_unknown_treatment(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, "column surname ", "column surname person.surname text(255) scramble required",
                    "unknown treatment 'scramble'");
    expect_rejected(FPD, FAM_FPD, "column period ", "column period config:period period hash required",
                    "unknown treatment 'hash'");
}

static void test_fpd_direct_identifiers(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "column forename person.forename text(100) clear",
        "column surname person.surname text(100) clear",
        "column dob person.dob date clear",
        "column dob_month person.dob date month",
        "column postcode person.postcode postcode clear",
        "column sector person.postcode sector sector",
        "column ni person.ni_number ni clear",
        "column ni_key person.ni_number pseudonym pseudonymise",
        "column upn person.upn upn clear",
        "column upn_key person.upn pseudonym pseudonymise",
        "column old_name person.surname text(100) drop",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        expect_rejected(FPD, FAM_FPD, NULL, lines[i], "a direct identifier; the Family Progress Data carries none");
    /* Person and family ids only as pseudonyms. */
    expect_rejected(FPD, FAM_FPD, "column person_key ", "column person_key person.id id(48) clear required unique",
                    "takes person.id in clear");
    expect_rejected(FPD, FAM_FPD, "column family_key ", "column family_key family.id text(48) clear required",
                    "takes family.id in clear");
    expect_rejected(FPD, FAM_FPD, NULL, "column la_person_id person.id id(48) drop", "takes person.id in clear");
}

static void test_bad_formats(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, "column forename ", "column forename person.forename text clear required",
                    "needs an argument");
    expect_rejected(NIS, FAM_NIS, "column forename ", "column forename person.forename text(0) clear required",
                    "whole number from 1");
    expect_rejected(NIS, FAM_NIS, "column forename ", "column forename person.forename words(9) clear required",
                    "unknown format");
    expect_rejected(NIS, FAM_NIS, "column sex ", "column sex person.sex code(M||F) clear required", "none empty");
    expect_rejected(NIS, FAM_NIS, "column sex ", "column sex person.sex code(M|F|M) clear required", "listed twice");
    expect_rejected(NIS, FAM_NIS, "column date_of_birth ", "column date_of_birth person.dob date(iso) clear required",
                    "takes no argument");
    expect_rejected(FPD, FAM_FPD, "column school_exclusions ", "column school_exclusions measure:exclusions int(9..1) clear",
                    "LO <= HI");
    expect_rejected(FPD, FAM_FPD, "column school_exclusions ", "column school_exclusions measure:exclusions int(0..1.5) clear",
                    "whole numbers");
    expect_rejected(NIS, FAM_NIS, "column needs_at_attachment ",
                    "column needs_at_attachment needs.at_attachment list(1-10) clear special", "LO..HI");
}

static void test_format_must_fit_source_and_treatment(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, "column date_of_birth ", "column date_of_birth person.dob int(0..9) clear required",
                    "does not fit the source");
    expect_rejected(NIS, FAM_NIS, "column sex ", "column sex person.sex date clear required", "does not fit the source");
    expect_rejected(NIS, FAM_NIS, "column la_person_id ",
                    "column la_person_id person.id id(48) pseudonymise required unique", "format 'pseudonym'");
    expect_rejected(NIS, FAM_NIS, "column la_person_id ",
                    "column la_person_id person.id pseudonym clear required unique", "needs the treatment 'pseudonymise'");
    expect_rejected(NIS, FAM_NIS, "column surname ", "column surname person.surname text(9) pseudonymise required",
                    "only identifiers can be pseudonymised");
    expect_rejected(NIS, FAM_NIS, "column surname ", "column surname person.surname text(9) month required",
                    "only dates");
    expect_rejected(NIS, FAM_NIS, "column postcode ", "column postcode person.postcode postcode sector",
                    "format 'sector'");
    expect_rejected(NIS, FAM_NIS, "column postcode ", "column postcode person.postcode sector clear",
                    "needs the treatment 'sector'");
    expect_rejected(NIS, FAM_NIS, "column surname ", "column surname person.surname text(255) drop required",
                    "required column cannot be dropped");
    expect_rejected(FPD, FAM_FPD, "column period ", "column period config:period period drop required",
                    "cannot be dropped");
    expect_rejected(FPD, FAM_FPD, "column period ", "column period config:period period drop", "written in clear");
}

static void test_bad_column_lines(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, NULL, "column surname person.forename text(100) clear", "listed twice");
    expect_rejected(NIS, FAM_NIS, NULL, "column a,b person.sex code(M|F) clear", "column name");
    expect_rejected(NIS, FAM_NIS, NULL, "column x person.sex", "a column line is");
    expect_rejected(NIS, FAM_NIS, NULL, "column x person.sex code(M|F) clear mandatory", "unexpected 'mandatory'");
    expect_rejected(NIS, FAM_NIS, "column la_family_id ", "column la_family_id family.id id(48) clear unique",
                    "must also be 'required'");
    expect_rejected(NIS, FAM_NIS, NULL, "column x person.sex code(M|F) clear purpose=gossip",
                    "purpose 'gossip' is not defined");
}

static void test_bad_settings(void **state)
{
    (void)state;
    expect_rejected(NIS, FAM_NIS, "version ", "colour = blue", "unknown setting 'colour'");
    expect_rejected(NIS, FAM_NIS, NULL, "version = 2", "'version' is set twice");
    expect_rejected(NIS, FAM_NIS, "period-months ", "period-months = 4", "1, 3, 6 or 12");
    expect_rejected(NIS, FAM_NIS, "file ", "file = fpd", "loaded as the nis layout");
    expect_rejected(FPD, FAM_FPD, "file ", "file = progress", "'nis' or 'fpd'");
    expect_rejected(NIS, FAM_NIS, "purpose ", "purpose = marketing", "purpose 'marketing' is not defined");
    expect_rejected(NIS, FAM_NIS, "cohorts ", "cohorts =", "has no value");
    expect_rejected(NIS, FAM_NIS, "layout ", "layout families-nis", "expected 'setting = value'");
}

/* Problems of the whole file carry no line: "file: reason". */
static void expect_rejected_whole(const char *base, enum families_kind kind, const char *prefix, const char *line,
                                  const char *reason)
{
    char path[128], err[1024], want[160];
    unsigned lineno = 0;
    struct families_layout l;

    edited(base, prefix, line, path, sizeof path, &lineno);
    if (families_layout_load(&l, path, PURPOSES, kind, err, sizeof err) == 0) {
        families_layout_release(&l);
        fail_msg("accepted: '%s'", line);
    }
    snprintf(want, sizeof want, "%s: ", path);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, reason))
        fail_msg("'%s': expected '%s...%s', got: %s", line, want, reason, err);
}

static void test_whole_file_problems(void **state)
{
    (void)state;
    expect_rejected_whole(NIS, FAM_NIS, "cohorts ", "# no cohorts", "missing setting 'cohorts'");
    expect_rejected_whole(NIS, FAM_NIS, "opt-out ", "# no opt-out", "missing setting 'opt-out'");
    expect_rejected_whole(NIS, FAM_NIS, "column la_person_id ", "column la_person_id person.id id(48) clear required",
                          "no column is marked 'unique'");
    expect_rejected_whole(FPD, FAM_FPD, "key ", "# no key", "needs 'key = NAME'");

    char err[1024];
    struct families_layout l;
    assert_int_not_equal(families_layout_load(&l, "specs/families/no-such.conf", PURPOSES, FAM_NIS, err, sizeof err), 0);
    assert_non_null(strstr(err, "cannot open layout file 'specs/families/no-such.conf'"));
}

static void test_special_needs_special_basis(void **state)
{
    (void)state;
    char purposes[128], layout[128], err[1024], want[160];
    unsigned lineno = 0;
    struct families_layout l;

    snprintf(purposes, sizeof purposes, "%s/purposes-nobasis.conf", tmpdir);
    FILE *f = fopen(purposes, "w");
    assert_non_null(f);
    fputs("[supporting-families]\nnotice = n\nbasis = b\n", f);
    fclose(f);
    edited(NIS, "column needs_at_attachment ", "column needs_at_attachment needs.at_attachment list(1..10) clear special",
           layout, sizeof layout, &lineno);
    assert_int_not_equal(families_layout_load(&l, layout, purposes, FAM_NIS, err, sizeof err), 0);
    snprintf(want, sizeof want, "%s:%u: ", layout, lineno);
    assert_int_equal(strncmp(err, want, strlen(want)), 0);
    assert_non_null(strstr(err, "special category data but purpose 'supporting-families' gives no special_basis"));
}

static void test_good_variants_accepted(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "column age person.age int(0..120) clear",
        "column dob_month person.dob date month",
        "column sector person.postcode sector sector",
        "column cohort programme.cohort code(programme|comparison) clear required",
        "column mental_health need:3 yn clear special",
        "column la config:la text(3) clear",
        "column nothing person.upn upn drop",
        "column claimed programme.claim_date date clear",
    };
    char path[128], err[1024];
    unsigned lineno;
    struct families_layout l;

    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        edited(NIS, NULL, lines[i], path, sizeof path, &lineno);
        if (families_layout_load(&l, path, PURPOSES, FAM_NIS, err, sizeof err) != 0)
            fail_msg("'%s' rejected: %s", lines[i], err);
        families_layout_release(&l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_layouts_load),
        cmocka_unit_test(test_nis_columns_are_the_brief),
        cmocka_unit_test(test_fpd_has_no_direct_identifier),
        cmocka_unit_test(test_unknown_source),
        cmocka_unit_test(test_unknown_treatment),
        cmocka_unit_test(test_fpd_direct_identifiers),
        cmocka_unit_test(test_bad_formats),
        cmocka_unit_test(test_format_must_fit_source_and_treatment),
        cmocka_unit_test(test_bad_column_lines),
        cmocka_unit_test(test_bad_settings),
        cmocka_unit_test(test_whole_file_problems),
        cmocka_unit_test(test_special_needs_special_basis),
        cmocka_unit_test(test_good_variants_accepted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
