/*
 * Tests of the parser/rules pipeline (src/returns/cin/cin_parallel.c): validating with
 * the DfE rules on a second thread must give exactly what the
 * single-threaded loop gives, finding for finding and in the same order,
 * on a generated multi-child file whose schema errors and rule findings
 * interleave (errors before, between and after children, whole-return
 * rules), on files that stop with a fatal error part-way, and through
 * `statreturn validate` in every report format.
 *
 * The file is generated here (every value invented); it has several times
 * CIN_PARALLEL_RING children, so the ring fills, wraps and drains.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "returns/cin/cin_parallel.h"
#include "returns/cin/cin_reader.h"
#include "core/date.h"
#include "core/paths.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "pipeline/validate.h"
#include "cli/commands.h"
#include "core/xalloc.h"

#define YEAR 2025
#define CHILDREN 2500

struct tmp {
    char dir[64];
};

static int setup(void **state)
{
    struct tmp *t = xcalloc(1, sizeof *t);

    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-threads.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct tmp *t = *state;
    DIR *d = opendir(t->dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        struct strbuf p = STRBUF_INIT;
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            strbuf_addf(&p, "%s/%s", t->dir, de->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
    unsetenv("STATRETURN_THREADS");
    free(t);
    return 0;
}

/* ---- the generated file ---------------------------------------------------- */

enum shape {
    SHAPE_WHOLE,        /* well-formed to the end */
    SHAPE_TRUNCATED,    /* cut off inside a child two thirds of the way */
    SHAPE_OVER_LIMIT    /* one child with more elements than the reader allows */
};

/* One child; i (1-based) picks its defects, so schema errors and rule
 * findings of many kinds land on many children. */
static void add_child(struct strbuf *x, unsigned i, enum shape shape)
{
    unsigned id = (i % 13 == 0) ? i - 1 : i;    /* duplicate LAchildID (whole-return rule) */

    strbuf_addstr(x, "    <Child>\n      <ChildIdentifiers>\n");
    strbuf_addf(x, "        <LAchildID>T%06u</LAchildID>\n", id);
    if (i % 3 == 0)
        strbuf_addf(x, "        <UPN>A201%09u</UPN>\n", i);          /* wrong check letter */
    else
        strbuf_addstr(x, "        <UPNunknown>UN1</UPNunknown>\n");
    strbuf_addf(x, "        <PersonBirthDate>%s</PersonBirthDate>\n",
                i % 37 == 0 ? "2025-01-01" : "2014-05-06");
    strbuf_addf(x, "        <Sex>%s</Sex>\n", i % 19 == 0 ? "X" : (i % 2 ? "F" : "M"));
    strbuf_addstr(x, "      </ChildIdentifiers>\n      <ChildCharacteristics>\n");
    strbuf_addf(x, "        <Ethnicity>%s</Ethnicity>\n", i % 11 == 0 ? "WBRX" : "WBRI");
    strbuf_addstr(x, "        <Disabilities>\n          <Disability>NONE</Disability>\n");
    if (shape == SHAPE_OVER_LIMIT && i == CHILDREN / 2)
        for (unsigned k = 0; k <= CIN_READER_MAX_CHILD_ELEMENTS; k++)
            strbuf_addstr(x, "          <Disability>NONE</Disability>\n");
    strbuf_addstr(x, "        </Disabilities>\n");
    if (i % 17 == 0)
        strbuf_addstr(x, "        <FavouriteColour>blue</FavouriteColour>\n");
    strbuf_addstr(x, "      </ChildCharacteristics>\n");
    for (unsigned ep = 1; ep <= 1 + i % 3; ep++) {
        strbuf_addstr(x, "      <CINdetails>\n");
        strbuf_addf(x, "        <CINreferralDate>%s</CINreferralDate>\n",
                    i % 7 == 0 ? "2024-02-30" : "2024-06-03");
        strbuf_addstr(x, "        <ReferralSource>2A</ReferralSource>\n"
                         "        <PrimaryNeedCode>N4</PrimaryNeedCode>\n");
        if (i % 5 != 0)
            strbuf_addstr(x, "        <CINclosureDate>2024-07-01</CINclosureDate>\n"
                             "        <ReasonForClosure>RC7</ReasonForClosure>\n");
        if (i % 4 == 0)
            strbuf_addstr(x, "        <Assessments>\n"
                             "          <AssessmentActualStartDate>2024-06-04</AssessmentActualStartDate>\n"
                             "          <AssessmentAuthorisationDate>2024-05-01</AssessmentAuthorisationDate>\n"
                             "        </Assessments>\n");
        if (i % 23 != 0)
            strbuf_addstr(x, "        <ReferralNFA>0</ReferralNFA>\n");
        strbuf_addstr(x, "      </CINdetails>\n");
    }
    strbuf_addstr(x, "    </Child>\n");
}

static char *make_file(const struct tmp *t, const char *name, enum shape shape)
{
    struct strbuf x = STRBUF_INIT, path = STRBUF_INIT;
    FILE *fp;

    strbuf_addstr(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n"
                      "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
                      "      <Year>2025</Year>\n"
                      "      <ReferenceDate>2025-03-30</ReferenceDate>\n"   /* rule 100 */
                      "    </CollectionDetails>\n    <Source>\n"
                      "      <SourceLevel>L</SourceLevel>\n      <LEA>201</LEA>\n"
                      "      <SoftwareCode>test</SoftwareCode>\n      <Release>1</Release>\n"
                      "      <SerialNo>001</SerialNo>\n      <DateTime>2025-04-01T09:00:00</DateTime>\n"
                      "    </Source>\n"
                      "    <Oops/>\n"                                        /* before any child */
                      "  </Header>\n  <Children>\n");
    for (unsigned i = 1; i <= CHILDREN; i++) {
        if (shape == SHAPE_TRUNCATED && i == CHILDREN * 2 / 3) {
            size_t cut = x.len;
            add_child(&x, i, shape);
            x.len = cut + (x.len - cut) / 2;       /* stop inside this child */
            x.buf[x.len] = '\0';
            break;
        }
        /* Between children, near the end (libxml2 checks no later child
         * of Children after an unexpected element). */
        if (i == CHILDREN - 3)
            strbuf_addstr(&x, "    <Stray>x</Stray>\n");
        add_child(&x, i, shape);
    }
    if (shape != SHAPE_TRUNCATED)
        strbuf_addstr(&x, "    <Trailer/>\n  </Children>\n</Message>\n");    /* after the last child */

    strbuf_addf(&path, "%s/%s", t->dir, name);
    fp = fopen(path.buf, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(x.buf, 1, x.len, fp), x.len);
    assert_int_equal(fclose(fp), 0);
    strbuf_release(&x);
    return strbuf_detach(&path, NULL);
}

/* ---- the pipeline, directly -------------------------------------------------- */

struct run {
    struct strbuf log;          /* every finding and schema error, in arrival order */
    size_t xsd, rules;
    int status;
    size_t children;
    char diag[512];
};

static void on_xsd(void *opaque, const struct cin_schema_error *e)
{
    struct run *run = opaque;

    run->xsd++;
    strbuf_addf(&run->log, "XSD|%zu|%zu|%s|%u|%s|%s\n", e->child_position, e->episode_position,
                e->path, (unsigned)e->line, e->message, e->la_child_id ? e->la_child_id : "-");
}

static void on_finding(void *opaque, const struct finding *f)
{
    struct run *run = opaque;

    run->rules++;
    strbuf_addf(&run->log, "%s|%zu|%zu|%s|%u|%s|%s\n", f->rule->code, f->child_position,
                f->episode_position, f->path, (unsigned)f->line, f->la_child_id ? f->la_child_id : "-",
                f->value ? f->value : "-");
}

static void check_child(void *opaque, const struct cin_child *c)
{
    rule_engine_child(opaque, c);
}

/* Validates path as `statreturn validate` does, rules on `threads` threads;
 * only: NULL or one rule code. */
static void run_pipeline(const char *path, int threads, const char *only, struct run *run)
{
    struct cin_reader_options o;
    struct cin_reader *rd = NULL;
    struct rule_set rs;
    struct rule_engine *eng;
    struct rule_env env;
    struct holidays hol;
    struct strbuf hp = STRBUF_INIT;
    const struct cin_header *h;
    char err[512];
    int rc;

    memset(run, 0, sizeof *run);
    strbuf_init(&run->log, 0);
    sr_data_path(&hp, "specs/bank_holidays.txt");
    assert_int_equal(holidays_load(&hol, hp.buf, err, sizeof err), 0);
    assert_int_equal(rule_set_for_year(&rs, YEAR, err, sizeof err), 0);
    env.year = YEAR;
    env.reference_date = census_reference_date(YEAR);
    env.period_start = census_period_start(YEAR);
    env.holidays = &hol;

    memset(&o, 0, sizeof o);
    o.on_schema_error = on_xsd;
    o.opaque = run;
    rc = cin_reader_open(path, &o, &rd, err, sizeof err);
    assert_int_equal(rc, CIN_READ_OK);
    eng = rule_engine_new(&rs, &env, on_finding, run);
    if (only)
        assert_int_equal(rule_engine_only(eng, only), 0);
    if (cin_reader_header(rd, &h) == 0)
        rule_engine_header(eng, h);
    run->status = cin_parallel_run(rd, check_child, eng, threads);
    run->children = cin_reader_children(rd);
    if (run->status == 0)
        rule_engine_finish(eng);
    else
        snprintf(run->diag, sizeof run->diag, "%s", cin_reader_error(rd));

    rule_engine_free(eng);
    cin_reader_close(rd);
    rule_set_release(&rs);
    holidays_release(&hol);
    strbuf_release(&hp);
}

static void assert_same(const struct run *a, const struct run *b)
{
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->children, b->children);
    assert_string_equal(a->diag, b->diag);
    assert_int_equal(a->xsd, b->xsd);
    assert_int_equal(a->rules, b->rules);
    assert_int_equal(a->log.len, b->log.len);
    assert_true(!memcmp(a->log.buf, b->log.len ? b->log.buf : "", a->log.len));
}

static void test_whole_file_same_findings(void **state)
{
    struct tmp *t = *state;
    char *path = make_file(t, "whole.xml", SHAPE_WHOLE);
    struct run one, two;

    run_pipeline(path, 1, NULL, &one);
    assert_int_equal(one.status, 0);
    assert_int_equal(one.children, CHILDREN);
    /* A file worth comparing: many of both kinds, and errors outside
     * children before, between and after them. */
    assert_true(one.xsd > 500);
    assert_true(one.rules > 1000);
    assert_non_null(strstr(one.log.buf, "XSD|0|0|Message/Header/Oops|"));
    assert_non_null(strstr(one.log.buf, "XSD|0|0|Message/Children/Stray|"));
    assert_non_null(strstr(one.log.buf, "\n100|0|0|"));

    for (int round = 0; round < 3; round++) {   /* thread timing varies; the output must not */
        run_pipeline(path, 2, NULL, &two);
        assert_same(&one, &two);
        strbuf_release(&two.log);
    }
    strbuf_release(&one.log);
    free(path);
}

static void test_one_rule_same_findings(void **state)
{
    struct tmp *t = *state;
    char *path = make_file(t, "whole.xml", SHAPE_WHOLE);
    struct run one, two;

    run_pipeline(path, 1, "1510", &one);
    run_pipeline(path, 2, "1510", &two);
    assert_true(one.rules > 100);
    assert_same(&one, &two);
    strbuf_release(&one.log);
    strbuf_release(&two.log);
    free(path);
}

/* A fatal error part-way: the children before it are all checked, then the
 * run stops, on both paths alike (and, under ASan, without a leak). */
static void test_fatal_errors_same_findings(void **state)
{
    struct tmp *t = *state;
    static const enum shape shapes[] = { SHAPE_TRUNCATED, SHAPE_OVER_LIMIT };

    for (size_t s = 0; s < 2; s++) {
        char *path = make_file(t, s ? "limit.xml" : "truncated.xml", shapes[s]);
        struct run one, two;

        run_pipeline(path, 1, NULL, &one);
        assert_int_equal(one.status, -1);
        assert_true(one.rules > 100);
        assert_non_null(strstr(one.diag, s ? "more than" : "ends before"));
        run_pipeline(path, 2, NULL, &two);
        assert_same(&one, &two);
        strbuf_release(&one.log);
        strbuf_release(&two.log);
        free(path);
    }
}

static void test_thread_count(void **state)
{
    (void)state;
    setenv("STATRETURN_THREADS", "1", 1);
    assert_int_equal(cin_parallel_threads(), 1);
    setenv("STATRETURN_THREADS", "8", 1);
    assert_int_equal(cin_parallel_threads(), 2);
    setenv("STATRETURN_THREADS", "many", 1);
    assert_int_equal(cin_parallel_threads(), sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1);
    unsetenv("STATRETURN_THREADS");
    assert_int_equal(cin_parallel_threads(), sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1);
}

/* ---- through `statreturn validate` ----------------------------------------- */

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t k;

    assert_non_null(fp);
    while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&sb, buf, k);
    fclose(fp);
    return strbuf_detach(&sb, NULL);
}

/* Runs validate on `input` with STATRETURN_THREADS=threads; returns the
 * report and sets *status. */
static char *validate_report(const struct tmp *t, const char *input, const char *format, const char *rule,
                             const char *threads, int *status)
{
    struct strbuf out = STRBUF_INIT;
    const char *args[16];
    int n = 0;
    char *report;

    strbuf_addf(&out, "%s/report.%s", t->dir, format);
    setenv("STATRETURN_THREADS", threads, 1);
    args[n++] = "validate";
    args[n++] = input;
    args[n++] = "--format";
    args[n++] = format;
    args[n++] = "--output";
    args[n++] = out.buf;
    args[n++] = "--force";
    args[n++] = "-q";
    if (rule) {
        args[n++] = "--rule";
        args[n++] = rule;
    }
    args[n] = NULL;
    *status = cmd_validate(n, (char **)args);
    report = slurp(out.buf);
    unlink(out.buf);
    strbuf_release(&out);
    return report;
}

static void test_reports_identical(void **state)
{
    struct tmp *t = *state;
    char *whole = make_file(t, "whole.xml", SHAPE_WHOLE);
    char *cut = make_file(t, "truncated.xml", SHAPE_TRUNCATED);
    static const char *const formats[] = { "csv", "json", "text", "html" };
    struct { const char *input, *rule; int status; } cases[] = {
        { whole, NULL, 1 }, { whole, "1510", 1 }, { whole, "XSD", 1 }, { cut, NULL, 7 },
    };

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t f = 0; f < 4; f++) {
            int s1, s2;
            char *one = validate_report(t, cases[c].input, formats[f], cases[c].rule, "1", &s1);
            char *two = validate_report(t, cases[c].input, formats[f], cases[c].rule, "2", &s2);
            assert_int_equal(s1, cases[c].status);
            assert_int_equal(s1, s2);
            assert_string_equal(one, two);
            free(one);
            free(two);
        }
    }
    unsetenv("STATRETURN_THREADS");
    free(whole);
    free(cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_whole_file_same_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_rule_same_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fatal_errors_same_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thread_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports_identical, setup, teardown),
    };
    return cmocka_run_group_tests_name("validate_threads", tests, NULL, NULL);
}
