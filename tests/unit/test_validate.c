/*
 * Tests of `statreturn validate` (src/pipeline/validate.c), driven in-process through
 * cmd_validate: options, detection of the return, exit statuses, reports.
 *
 * The public sample files (DfE-style fakes from data-to-insight, each with
 * deliberate defects) are read from $STATRETURN_SHARED/reference/samples,
 * default ../shared relative to the repository root; without them that test
 * is skipped with a message, never failed.  Their headers say Year 2022 or
 * 2023, for which there is no schema, so they are validated as 2025; only
 * robust facts are asserted (status 1, some findings, rule 100 for the
 * header-issues file when that rule exists).
 *
 * The 2026-27 files are our own (tests/data/cin_2027_*.xml): the public
 * sample with the pre-proceedings module has a wrong header year and an
 * invalid Sex, so it cannot show that a good file passes or that each
 * rule is reported where it applies.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "pipeline/validate.h"
#include "core/xalloc.h"

#define VALID   "tests/data/cin_2025_valid.xml"
#define INVALID "tests/data/cin_2025_schema_invalid.xml"
#define VALID27 "tests/data/cin_2027_valid.xml"
#define RULES27 "tests/data/cin_2027_rules.xml"

struct tmp {
    char dir[64];
    char out[128];      /* a report path inside dir */
};

static int setup(void **state)
{
    struct tmp *t = xcalloc(1, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-validate.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    snprintf(t->out, sizeof t->out, "%s/report.out", t->dir);
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
    free(t);
    return 0;
}

/* Runs `validate ARGS...` (NULL-terminated) and returns its status. */
static int run(const char *first, ...)
{
    const char *args[64];
    int n = 0;
    va_list ap;

    args[n++] = "validate";
    args[n++] = first;
    va_start(ap, first);
    for (const char *a; n < 63 && (a = va_arg(ap, const char *)) != NULL;)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return cmd_validate(n, (char **)args);
}

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t k;

    if (!fp)
        return NULL;
    while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&sb, buf, k);
    fclose(fp);
    return strbuf_detach(&sb, NULL);
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* Occurrences of needle.  A plain scan: strstr in a loop is quadratic
 * under ASan, whose interceptor measures the whole haystack each call. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, hl = strlen(hay), nl = strlen(needle);

    for (size_t i = 0; nl && i + nl <= hl; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, nl)) {
            n++;
            i += nl - 1;
        }
    }
    return n;
}

static bool rule_exists(int year, const char *code)
{
    struct rule_set rs;
    char err[256];
    bool found;

    if (rule_set_for_year(&rs, year, err, sizeof err) != 0)
        return false;
    found = rule_set_find(&rs, code) != NULL;
    rule_set_release(&rs);
    return found;
}

/* ---- statuses ----------------------------------------------------------------- */

static void test_statuses(void **state)
{
    struct tmp *t = *state;
    struct strbuf empty = STRBUF_INIT;

    strbuf_addf(&empty, "%s/empty.xml", t->dir);
    put(empty.buf, "");
    assert_int_equal(run("-q", VALID, NULL), SR_OK);
    assert_int_equal(run("-q", INVALID, NULL), SR_RULE_ERRORS);
    assert_int_equal(run("-q", VALID, INVALID, NULL), SR_RULE_ERRORS);       /* the worst */
    assert_int_equal(run("-q", INVALID, empty.buf, VALID, NULL), SR_INPUT);
    assert_int_equal(run("-q", "tests/data/no-such.xml", NULL), SR_INPUT);
    strbuf_release(&empty);
}

static void test_usage_errors(void **state)
{
    struct tmp *t = *state;

    assert_int_equal(run("-q", NULL), SR_USAGE);                                  /* no file */
    assert_int_equal(run("--format", "yaml", VALID, NULL), SR_USAGE);
    assert_int_equal(run("-q", "-", "-", NULL), SR_USAGE);                        /* standard input once */
    assert_int_equal(run("--bogus", VALID, NULL), SR_USAGE);
    assert_int_equal(run("--year", "1999", VALID, NULL), SR_USAGE);
    assert_int_equal(run("--year", "25", VALID, NULL), SR_USAGE);
    assert_int_equal(run("--no-rules", "--rule", "8500", VALID, NULL), SR_USAGE);
    assert_int_equal(run("--bogus", VALID, NULL), SR_USAGE);
    assert_int_equal(run(VALID, "--output", NULL), SR_USAGE);                     /* missing value */
    assert_int_equal(run("-q", "--rule", "NO-SUCH-RULE", VALID, NULL), SR_USAGE);
    /* the report must not replace a file being validated */
    struct strbuf copy = STRBUF_INIT;
    strbuf_addf(&copy, "%s/copy.xml", t->dir);
    char *v = slurp(VALID);
    put(copy.buf, v);
    free(v);
    assert_int_equal(run("--force", "--output", copy.buf, copy.buf, NULL), SR_USAGE);
    strbuf_release(&copy);
}

static void test_output_file(void **state)
{
    struct tmp *t = *state;
    struct stat st;
    char *s;

    put(t->out, "keep me");
    assert_int_equal(run("-q", "--format", "csv", "--output", t->out, INVALID, NULL), SR_OUTPUT);
    s = slurp(t->out);
    assert_string_equal(s, "keep me");                 /* untouched */
    free(s);
    assert_int_equal(run("-q", "--format", "csv", "--output", t->out, "--force", INVALID, NULL),
                     SR_RULE_ERRORS);
    assert_int_equal(stat(t->out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    s = slurp(t->out);
    assert_int_equal(strncmp(s, "\xEF\xBB\xBF" "file,rule,", 13), 0);
    assert_int_equal(count(s, "\r\n" INVALID ",XSD,error,"), 6);
    assert_null(strstr(s, "WBRX"));                     /* no values without --show-values */
    assert_null(strstr(s, ",value"));
    free(s);

    assert_int_equal(run("-q", "--format", "csv", "--show-values", "--output", t->out, "--force", INVALID, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_non_null(strstr(s, ",line,path,cindetails_position,referral_date,value\r\n"));
    assert_non_null(strstr(s, ",ChildCharacteristics,1,SYN000102,Ethnicity,"));
    assert_non_null(strstr(s, ",61,Message/Children/Child[2]/ChildCharacteristics/Ethnicity,,,WBRX\r\n"));
    free(s);

    assert_int_equal(run("-q", "--format", "html", "--output", t->out, "--force", INVALID, VALID, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(strncmp(s, "<!DOCTYPE html>", 15), 0);
    assert_int_equal(count(s, "<section class=\"file\">"), 2);
    free(s);
}

static void test_rule_selection(void **state)
{
    struct tmp *t = *state;
    char *s;

    /* schema only */
    assert_int_equal(run("-q", "--no-rules", "--format", "csv", "--output", t->out, "--force", INVALID, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(count(s, "\r\n"), 1 + 6);
    free(s);
    assert_int_equal(run("-q", "--rule", "XSD", "--format", "csv", "--output", t->out, "--force", INVALID, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(count(s, ",XSD,"), 6);
    assert_int_equal(count(s, "\r\n"), 1 + 6);
    free(s);
    /* one DfE rule: its findings only, no schema errors */
    if (rule_exists(2025, "8568")) {
        assert_int_equal(run("-q", "--rule", "8568", "--format", "csv", "--output", t->out, "--force",
                             INVALID, NULL), SR_RULE_ERRORS);
        s = slurp(t->out);
        assert_int_equal(count(s, ",XSD,"), 0);
        assert_true(count(s, ",8568,error,") >= 1);
        assert_int_equal(count(s, "\r\n"), 1 + count(s, ",8568,error,"));
        free(s);
    }
}

static void test_json_output(void **state)
{
    struct tmp *t = *state;
    char *s;

    assert_int_equal(run("-q", "--format", "json", "--output", t->out, "--force", VALID, INVALID, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_non_null(strstr(s, "{\"tool\":\"statreturn\""));
    assert_non_null(strstr(s, "\"file\":\"" VALID "\",\"return\":\"CIN census\",\"year\":2025,\"status\":\"ok\""));
    assert_non_null(strstr(s, "\"file\":\"" INVALID "\",\"return\":\"CIN census\",\"year\":2025,\"status\":\"errors\""));
    free(s);
}

/* ---- 2026-27: the pre-proceedings module --------------------------------------- */

static void test_year_2027(void **state)
{
    struct tmp *t = *state;
    char *s;

    assert_int_equal(run("-q", "--format", "json", "--output", t->out, "--force", VALID27, NULL), SR_OK);
    s = slurp(t->out);
    assert_non_null(strstr(s, "\"year\":2027,\"status\":\"ok\""));
    free(s);

    /* Each rule where the file's comment says, and nothing else. */
    static const struct { const char *rule, *type; int line; const char *column; } want[] = {
        { "9005", "error", 105, "PPStartDate" }, { "9006", "error", 97, "LBPSentDate" },
        { "9007", "error", 104, "FGDMMeetingOffer" }, { "9008", "error", 177, "InitialPPMeetingDate" },
        { "9009", "error", 179, "StepDecisionDate" }, { "9010Q", "query", 95, "FGDMMeetingFac" },
        { "9012", "error", 181, "CourtAppDate" }, { "9013", "error", 182, "LetterInitCPDate" },
        { "9015Q", "query", 104, "ReviewMeetingsCount" },
    };
    assert_int_equal(run("-q", "--format", "csv", "--output", t->out, "--force", RULES27, NULL), SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(count(s, "\r\n"), 1 + sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct strbuf row = STRBUF_INIT;
        /* file,rule,type,table,row,child,column,message,line,... */
        strbuf_addf(&row, "\r\n" RULES27 ",%s,%s,PreProceedingsandFGDM,", want[i].rule, want[i].type);
        const char *at = strstr(s, row.buf);
        if (!at)
            fail_msg("no %s finding in:\n%s", want[i].rule, s);
        strbuf_reset(&row);
        strbuf_addf(&row, ",%s,", want[i].column);
        const char *eol = strstr(at + 2, "\r\n");
        const char *col = strstr(at, row.buf);
        assert_true(col && (!eol || col < eol));
        strbuf_reset(&row);
        strbuf_addf(&row, ",%d,Message/Children/", want[i].line);
        const char *line = strstr(at, row.buf);
        assert_true(line && (!eol || line < eol));
        strbuf_release(&row);
    }
    free(s);

    /* The 2025-26 schema does not know the module. */
    assert_int_equal(run("-q", "--year", "2026", "--rule", "XSD", "--format", "csv", "--output", t->out, "--force",
                         VALID27, NULL), SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(count(s, ",XSD,error,"), 2);
    free(s);
}

/* A 2026-27 return without the module: DfE's two LA-level queries, about
 * the return, and no error. */
static void test_year_2027_without_module(void **state)
{
    struct tmp *t = *state;
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
    char *v = slurp(VALID27), *p = v, *s;

    assert_non_null(v);
    for (char *open; (open = strstr(p, "<PreProceedingsandFGDM>")) != NULL;) {
        char *close = strstr(open, "</PreProceedingsandFGDM>");
        assert_non_null(close);
        strbuf_add(&text, p, (size_t)(open - p));
        p = close + strlen("</PreProceedingsandFGDM>");
    }
    strbuf_addstr(&text, p);
    strbuf_addf(&path, "%s/no_module.xml", t->dir);
    put(path.buf, text.buf);
    assert_int_equal(run("-q", "--format", "csv", "--output", t->out, "--force", path.buf, NULL), SR_OK);
    s = slurp(t->out);
    assert_int_equal(count(s, "\r\n"), 1 + 2);
    assert_int_equal(count(s, ",8995Q,query,,,,,Please check and provide a reason why no module 5"), 1);
    assert_int_equal(count(s, ",9000Q,query,,,,,\"Please check: If you do not yet collect this data"), 1);
    free(s);
    free(v);
    strbuf_release(&text);
    strbuf_release(&path);
}

/* A CIN header whose Year is not the year validated as: an error finding
 * (SR-YEAR) and status 1, with or without --year; without --year, a
 * header whose Year and ReferenceDate disagree is read as the
 * ReferenceDate's year, and the report says so beside the year. */
static void test_cin_header_year(void **state)
{
    struct tmp *t = *state;
    struct strbuf y = STRBUF_INIT, file = STRBUF_INIT;
    char *v = slurp(VALID), *s;
    const char *at = strstr(v, "<Year>2025</Year>");

    assert_non_null(at);
    strbuf_add(&y, v, (size_t)(at - v));
    strbuf_addstr(&y, "<Year>2024</Year>");
    strbuf_addstr(&y, at + strlen("<Year>2025</Year>"));
    strbuf_addf(&file, "%s/year2024.xml", t->dir);
    put(file.buf, y.buf);

    assert_int_equal(run("-q", "--year", "2025", "--format", "csv", "--output", t->out, "--force", file.buf, NULL),
                     SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_int_equal(count(s, ",SR-YEAR,error,Header,1,,Year,"), 1);
    assert_int_equal(count(s, ",note,,,,,collection year 2025: given with --year; the header Year says 2024,"), 1);
    free(s);

    assert_int_equal(run("-q", "--format", "json", "--output", t->out, "--force", file.buf, NULL), SR_RULE_ERRORS);
    s = slurp(t->out);
    assert_non_null(strstr(s, "\"return\":\"CIN census\",\"year\":2025,\"status\":\"errors\""));
    assert_non_null(strstr(s, "\"year_note\":\"the year of the header ReferenceDate; the header Year says 2024\""));
    assert_int_equal(count(s, "\"rule\":\"SR-YEAR\""), 2);     /* in the counts and the findings */
    assert_int_equal(count(s, "\"rule\":\"100\""), 0);
    free(s);

    /* the year given and the header's agree: nothing to say */
    assert_int_equal(run("-q", "--year", "2025", "--format", "json", "--output", t->out, "--force", VALID, NULL),
                     SR_OK);
    s = slurp(t->out);
    assert_non_null(strstr(s, "\"year_note\":null"));
    free(s);
    free(v);
    strbuf_release(&y);
    strbuf_release(&file);
}

/* ---- detection ------------------------------------------------------------------ */

static void test_ssda903_is_recognised(void **state)
{
    struct tmp *t = *state;
    struct strbuf x = STRBUF_INIT, c = STRBUF_INIT, u = STRBUF_INIT;
    char *s;

    strbuf_addf(&x, "%s/903.xml", t->dir);
    put(x.buf, "<?xml version='1.0' encoding='us-ascii'?>\n<!-- 903 -->\n<EXPSSDA903><CHILD/></EXPSSDA903>\n");
    strbuf_addf(&c, "%s/header.csv", t->dir);
    put(c.buf, "\xEF\xBB\xBF" "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n1,1,01/01/2010,WBRI,,,\r\n");
    strbuf_addf(&u, "%s/unknown.xml", t->dir);
    put(u.buf, "<Other/>");
    assert_int_equal(run("-q", "--format", "json", "--output", t->out, "--force", x.buf, c.buf, u.buf, NULL),
                     SR_INPUT);
    s = slurp(t->out);
    assert_int_equal(count(s, "\"return\":\"SSDA903 (children looked after) return\""), 2);
    /* 903 files are validated now; these have no dates to take a year from */
    assert_int_equal(count(s, "give --year (2025 to 2027)"), 2);
    /* anything else is named for what it is, not taken for a CIN census */
    assert_non_null(strstr(s, "not a return statreturn knows: an XML document whose root element is "
                              "\\u003cOther\\u003e"));
    assert_null(strstr(s, "\"return\":\"CIN census\""));
    free(s);
    strbuf_release(&x);
    strbuf_release(&c);
    strbuf_release(&u);
}

/* An SSDA903 CSV set has no header year: without --year the year comes
 * from the data, and the report says so beside it (not only on stderr). */
static void test_ssda903_inferred_year(void **state)
{
    struct tmp *t = *state;
    struct strbuf h = STRBUF_INIT, e = STRBUF_INIT;
    char *s;

    strbuf_addf(&h, "%s/header.csv", t->dir);
    put(h.buf, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nC1,M,01/01/2010,WBRI,UN2,,\r\n");
    strbuf_addf(&e, "%s/episodes.csv", t->dir);
    put(e.buf, "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
               "C1,01/06/2024,S,C2,N1,U1,PR1,,,,ZY1 1AB,ZY2 2AB,SC000001\r\n");
    run("-q", "--format", "json", "--output", t->out, "--force", h.buf, e.buf, NULL);
    s = slurp(t->out);
    assert_non_null(strstr(s, "\"year\":2025,"));
    assert_non_null(strstr(s, "\"year_note\":\"inferred from the latest event date in the data, as no --year was "
                              "given; --year overrides\""));
    free(s);
    run("-q", "--format", "text", "--output", t->out, "--force", h.buf, e.buf, NULL);
    s = slurp(t->out);
    assert_non_null(strstr(s, "  collection year: 2025 (inferred from the latest event date in the data"));
    free(s);
    run("-q", "--year", "2025", "--format", "json", "--output", t->out, "--force", h.buf, e.buf, NULL);
    s = slurp(t->out);
    assert_non_null(strstr(s, "\"year_note\":null"));
    free(s);
    strbuf_release(&h);
    strbuf_release(&e);
}

/* A pipe is read once: detection must not consume it (regression). */
static void test_pipe_input(void **state)
{
    struct tmp *t = *state;
    struct strbuf fifo = STRBUF_INIT;
    char *data = slurp(VALID);
    int status = 0;
    pid_t pid;

    strbuf_addf(&fifo, "%s/pipe.xml", t->dir);
    assert_int_equal(mkfifo(fifo.buf, 0600), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *fp = fopen(fifo.buf, "wb");
        size_t n = strlen(data);
        _exit(fp && fwrite(data, 1, n, fp) == n && fclose(fp) == 0 ? 0 : 1);
    }
    assert_int_equal(run("-q", fifo.buf, NULL), SR_OK);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(status, 0);
    free(data);
    strbuf_release(&fifo);
}

/* "-" reads the file from standard input, and the report names it so. */
static void test_stdin_input(void **state)
{
    struct tmp *t = *state;
    int saved = dup(0);
    FILE *in = fopen(INVALID, "rb");
    char *s;

    assert_non_null(in);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(in), 0) >= 0);
    clearerr(stdin);
    assert_int_equal(run("-q", "--format", "gnu", "--output", t->out, "--force", "-", NULL), SR_RULE_ERRORS);
    assert_true(dup2(saved, 0) >= 0);
    close(saved);
    fclose(in);
    clearerr(stdin);
    s = slurp(t->out);
    /* file:line: rule type: message, the file named as standard input */
    assert_non_null(strstr(s, "(standard input):"));
    assert_non_null(strstr(s, " error: "));
    assert_null(strstr(s, "statreturn-stdin"));
    free(s);
}

/* --summary DIR: an error summary by rule and a child summary. */
static void test_summaries(void **state)
{
    struct tmp *t = *state;
    struct strbuf p = STRBUF_INIT;
    char *s;

    assert_int_equal(run("-q", "--summary", t->dir, INVALID, NULL), SR_RULE_ERRORS);
    strbuf_addf(&p, "%s/error_summary.csv", t->dir);
    s = slurp(p.buf);
    assert_non_null(s);
    assert_int_equal(strncmp(s, "\xEF\xBB\xBF" "file,rule,type,count,tables,fields,message\r\n", 45), 0);
    assert_true(count(s, "\r\n") >= 2);
    free(s);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/child_summary.csv", t->dir);
    s = slurp(p.buf);
    assert_non_null(s);
    assert_int_equal(strncmp(s, "\xEF\xBB\xBF" "file,child,errors,queries,rules\r\n", 34), 0);
    free(s);
    /* they exist now: not replaced without --force */
    assert_int_equal(run("-q", "--summary", t->dir, INVALID, NULL), SR_OUTPUT);
    assert_int_equal(run("-q", "--force", "--summary", t->dir, INVALID, NULL), SR_RULE_ERRORS);
    strbuf_release(&p);
}

/* ---- public samples ---------------------------------------------------------------- */

static void test_public_samples(void **state)
{
    struct tmp *t = *state;
    const char *shared = getenv("STATRETURN_SHARED");
    struct strbuf dir = STRBUF_INIT;
    DIR *d;
    struct dirent *de;
    size_t files = 0;

    strbuf_addf(&dir, "%s/reference/samples/cin_xml", shared && *shared ? shared : "../shared");
    d = opendir(dir.buf);
    if (!d) {
        printf("SKIP test_public_samples: no public samples at %s (set STATRETURN_SHARED)\n", dir.buf);
        strbuf_release(&dir);
        skip();
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0)
            continue;
        struct strbuf f = STRBUF_INIT;
        strbuf_addf(&f, "%s/%s", dir.buf, de->d_name);
        /* their headers name years with no schema: refused as input ... */
        assert_int_equal(run("-q", f.buf, NULL), SR_INPUT);
        /* ... and validated as 2025 they show their defects */
        int st = run("-q", "--year", "2025", "--format", "json", "--output", t->out, "--force", f.buf, NULL);
        char *s = slurp(t->out);
        const char *e = s ? strstr(s, "\"errors\":") : NULL;
        if (st != SR_RULE_ERRORS || !e || atoi(e + 9) <= 0)
            fail_msg("%s: status %d, report %s", de->d_name, st, s ? s : "(none)");
        if (!strcmp(de->d_name, "CIN_header_issues_100.xml") && rule_exists(2025, "100"))
            assert_non_null(strstr(s, "{\"rule\":\"100\""));
        free(s);
        strbuf_release(&f);
        files++;
    }
    closedir(d);
    assert_true(files >= 1);
    printf("validated %zu public sample files from %s\n", files, dir.buf);

    /* the SSDA903 samples are recognised as such (the year given: the one
     * their dates suggest depends on today, as later dates do not count) */
    strbuf_reset(&dir);
    strbuf_addf(&dir, "%s/reference/samples/903_xml/fake_903.xml", shared && *shared ? shared : "../shared");
    if (access(dir.buf, R_OK) == 0) {
        assert_int_equal(run("-q", "--year", "2027", "--format", "json", "--output", t->out, "--force", dir.buf, NULL),
                         SR_RULE_ERRORS);
        char *s = slurp(t->out);
        assert_non_null(s);
        assert_non_null(strstr(s, "\"return\":\"SSDA903 (children looked after) return\",\"year\":2027"));
        free(s);
    }
    strbuf_release(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rule_selection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_2027, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_2027_without_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cin_header_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ssda903_inferred_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ssda903_is_recognised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stdin_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipe_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_public_samples, setup, teardown),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
