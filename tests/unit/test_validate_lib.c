/*
 * The validation library on its own (build/libstatreturn-validate.a): this
 * binary is linked with it, libxml2 and cmocka only, without libpq and
 * without OpenSSL (see the Makefile), so that the browser build can compile
 * the same set.  That it links is half the test; the other half is that
 * the library validates every return's files through the driver as the
 * command does: the CIN fixtures (valid, and with schema errors), the
 * SSDA903 golden return as XML and as a CSV folder, and the Supporting
 * Families golden files, each with its status and report.  The browser
 * validator's entry point (web/web_validate.h) is part of the library too:
 * it writes the three reports, refuses a file by its size unread, and knows
 * the years.
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

#include "core/log.h"
#include "pipeline/validate.h"
#include "web/web_validate.h"

#define CLA_DIR "fixtures/golden/cla_2025_201_seed5_800"

struct outcome {
    enum sr_status st;
    struct report_summary sum;
    char *json;
};

static void run(const char *const *files, size_t n, struct outcome *out)
{
    struct validate_request req = { 0 };
    struct report *rep = report_new(NULL, 0);
    char err[256];
    size_t len = 0;
    FILE *mem = open_memstream(&out->json, &len);

    assert_non_null(mem);
    out->st = pipeline_validate(&req, files, n, rep, false);
    report_get_summary(rep, &out->sum);
    assert_int_equal(report_write(rep, mem, REPORT_JSON, false, err, sizeof err), 0);
    fclose(mem);
    report_free(rep);
}

static void test_cin(void **state)
{
    const char *valid[] = { "tests/data/cin_2025_valid.xml" };
    const char *both[] = { "tests/data/cin_2025_valid.xml", "tests/data/cin_2025_schema_invalid.xml" };
    struct outcome o;

    (void)state;
    run(valid, 1, &o);
    assert_int_equal(o.st, SR_OK);
    assert_int_equal(o.sum.files, 1);
    assert_int_equal(o.sum.errors, 0);
    assert_non_null(strstr(o.json, "\"return\":\"CIN census\""));
    free(o.json);
    run(both, 2, &o);
    assert_int_equal(o.st, SR_RULE_ERRORS);        /* the worst of the two */
    assert_int_equal(o.sum.files, 2);
    assert_true(o.sum.errors > 0);
    assert_non_null(strstr(o.json, "\"rule\":\"XSD\""));
    free(o.json);
}

static void test_ssda903(void **state)
{
    const char *xml[] = { CLA_DIR "/cla_2025_201.xml" };
    const char *csv[] = { CLA_DIR "/cla_2025_201_Header.csv", CLA_DIR "/cla_2025_201_Episodes.csv" };
    struct outcome o;

    (void)state;
    run(xml, 1, &o);
    assert_int_equal(o.st, SR_OK);
    assert_int_equal(o.sum.errors, 0);
    assert_true(o.sum.children > 50);
    assert_non_null(strstr(o.json, "SSDA903"));
    free(o.json);
    /* Two CSV tables given together are one submission: one section. */
    run(csv, 2, &o);
    assert_int_equal(o.sum.files, 1);
    assert_true(o.sum.children > 50);
    free(o.json);
}

static void test_families(void **state)
{
    const char *files[] = { "fixtures/golden/families_nis_2025-03_201_seed5_100.csv",
                            "fixtures/golden/families_fpd_2025-03_201_seed5_100.csv" };
    struct outcome o;

    (void)state;
    run(files, 2, &o);
    assert_int_equal(o.st, SR_OK);
    assert_int_equal(o.sum.files, 2);
    assert_int_equal(o.sum.errors, 0);
    assert_non_null(strstr(o.json, "Supporting Families"));
    free(o.json);
}

static void test_not_a_return(void **state)
{
    const char *files[] = { "Makefile" };
    struct outcome o;

    (void)state;
    run(files, 1, &o);
    assert_int_equal(o.st, SR_INPUT);
    free(o.json);
}

/* Reads a whole small file; NULL when it cannot. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = calloc(1, (size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

static void test_web_entry(void **state)
{
    const char *tmp = getenv("TMPDIR");
    char dir[256], path[300], big[300];
    const char *files[] = { "tests/data/cin_2025_schema_invalid.xml", big };
    struct web_request w = { .files = files, .n_files = 2, .out_dir = dir };
    const char *names[] = { "report.html", "report.csv", "report.json" };
    FILE *fp;

    (void)state;
    snprintf(dir, sizeof dir, "%s/statreturn-web-test.XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
    assert_non_null(mkdtemp(dir));
    snprintf(big, sizeof big, "%s/big.xml", dir);
    fp = fopen(big, "wb");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), (off_t)WEB_MAX_BYTES + 1), 0);    /* sparse */
    fclose(fp);
    assert_int_equal(web_validate(&w), SR_INPUT);          /* the file refused is the worst */
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = slurp(path);
        assert_non_null(text);
        assert_non_null(strstr(text, "XSD"));              /* the schema errors of the first file */
        if (i != 1)                                        /* the CSV has findings only */
            assert_non_null(strstr(text, "larger than the 512 MiB this validator reads"));
        free(text);
        unlink(path);
    }
    unlink(big);
    rmdir(dir);
    assert_int_equal(web_year_supported(2025), 1);
    assert_int_equal(web_year_supported(2031), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cin),
        cmocka_unit_test(test_ssda903),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_not_a_return),
        cmocka_unit_test(test_web_entry),
    };
    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests_name("validate_lib", tests, NULL, NULL);
}
