/*
 * Tests of Supporting Families file validation (src/returns/families/families_validate.c):
 * recognition by header row, and each finding (SF01 row width, SF02
 * required, SF03 format, SF04 unique key) on small files written here;
 * malformed CSV and a foreign header row are diagnoses, not findings.
 *
 * Runs from the repository root (the shipped layouts are the reference).
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

#define NIS_HEADER "la_person_id,la_family_id,forename,surname,date_of_birth,sex,postcode,ni_number,upn," \
                   "programme_status,attachment_date,needs_at_attachment\r\n"
#define FPD_HEADER "person_key,family_key,period,programme_status,child_in_need,child_protection_plan," \
                   "looked_after,early_help,school_attendance_pct,school_exclusions,offences," \
                   "domestic_abuse_incidents,in_employment,in_secure_housing\r\n"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sr-famval.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

struct found {
    char codes[64][8];
    char paths[64][160];
    size_t rows[64];
    size_t n;
};

static void collect(void *opaque, const struct finding *f)
{
    struct found *fd = opaque;
    if (fd->n < 64) {
        snprintf(fd->codes[fd->n], sizeof fd->codes[0], "%s", f->rule->code);
        snprintf(fd->paths[fd->n], sizeof fd->paths[0], "%s", f->path);
        fd->rows[fd->n] = f->child_position;
    }
    fd->n++;
}

static const char *write_bytes(const char *name, const char *text, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_file(const char *name, const char *text)
{
    return write_bytes(name, text, strlen(text));
}

/* A file with NUL bytes in it: len bytes of text. */
static enum fam_validate_result run_n(const char *name, const char *text, size_t len, struct found *fd,
                                      size_t *rows, struct strbuf *diag)
{
    memset(fd, 0, sizeof *fd);
    return families_validate_file(write_bytes(name, text, len), NULL, collect, fd, rows, diag);
}

static enum fam_validate_result run(const char *name, const char *text, struct found *fd, size_t *rows,
                                    struct strbuf *diag)
{
    memset(fd, 0, sizeof *fd);
    return families_validate_file(write_file(name, text), NULL, collect, fd, rows, diag);
}

static void test_recognise(void **state)
{
    (void)state;
    assert_true(families_recognise_first_cell("LA_PERSON_ID"));
    assert_true(families_recognise_first_cell("PERSON_KEY"));
    assert_false(families_recognise_first_cell("CHILD"));
    assert_false(families_recognise_first_cell("LA_PERSON"));
    assert_false(families_recognise_first_cell(""));
}

static void test_valid_files(void **state)
{
    (void)state;
    struct found fd;
    struct strbuf diag = STRBUF_INIT;
    size_t rows;

    assert_int_equal(run("nis.csv", NIS_HEADER
                         "F0000001,FAM0000001,Zanqui,\"Xor, bel\",1990-01-02,F,YY43 4AB,QQ123456C,,attached,2024-05-01,1;4;8\r\n"
                         "F0000002,FAM0000001,Trivex,Morlun,2015-06-07,M,YY43 4AB,,,comparison,,\r\n",
                         &fd, &rows, &diag), FAM_VALID_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(fd.n, 0);
    assert_int_equal(run("fpd.csv", FPD_HEADER
                         "0319YJ6E9TX2P7YY1VWZ,RHWNECJ19JH7563PHH3T,2025-03,attached,0,0,,1,100.0,,,,,\r\n",
                         &fd, &rows, &diag), FAM_VALID_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(fd.n, 0);
    /* A header-only file is a valid empty return. */
    assert_int_equal(run("empty.csv", FPD_HEADER, &fd, &rows, &diag), FAM_VALID_OK);
    assert_int_equal(rows, 0);
    strbuf_release(&diag);
}

static void test_findings(void **state)
{
    (void)state;
    struct found fd;
    struct strbuf diag = STRBUF_INIT;
    size_t rows;

    assert_int_equal(run("bad.csv", NIS_HEADER
                         "F1,FAM1,A,B,1990-01-02,F,,,,attached,,\r\n"                  /* ok */
                         "F2,FAM1,A,B,1990-01-02,F,,,,attached,\r\n"                   /* 11 values: SF01 */
                         "F3,FAM1,,B,1990-01-02,F,,,,attached,,\r\n"                   /* forename empty: SF02 */
                         "F4,FAM1,A,B,1990-02-30,X,zz1,,,attached,,1;11\r\n"           /* dob, sex, postcode, needs: SF03 x4 */
                         "F1,FAM2,A,B,1990-01-02,F,,,,attached,,\r\n",                 /* key of row 1: SF04 */
                         &fd, &rows, &diag), FAM_VALID_OK);
    assert_int_equal(rows, 5);
    assert_int_equal(fd.n, 7);
    assert_string_equal(fd.codes[0], "SF01");
    assert_int_equal(fd.rows[0], 2);
    assert_string_equal(fd.codes[1], "SF02");
    assert_non_null(strstr(fd.paths[1], "forename"));
    for (int i = 2; i < 6; i++) {
        assert_string_equal(fd.codes[i], "SF03");
        assert_int_equal(fd.rows[i], 4);
    }
    assert_non_null(strstr(fd.paths[2], "date_of_birth: is not a date"));
    assert_non_null(strstr(fd.paths[3], "sex: is not one of the format's codes (code(M|F|U))"));
    assert_non_null(strstr(fd.paths[5], "needs_at_attachment"));
    assert_string_equal(fd.codes[6], "SF04");
    assert_non_null(strstr(fd.paths[6], "row 5: the same key as row 1"));
    /* No finding message carries a value (values go only to the value slot). */
    for (size_t i = 0; i < fd.n; i++)
        assert_null(strstr(fd.paths[i], "1990-02-30"));

    /* FPD: range and pseudonym problems. */
    assert_int_equal(run("badfpd.csv", FPD_HEADER
                         "C0000001,RHWNECJ19JH7563PHH3T,2025-03,attached,0,0,,1,140.5,,,,,\r\n",
                         &fd, &rows, &diag), FAM_VALID_OK);
    assert_int_equal(fd.n, 2);
    assert_non_null(strstr(fd.paths[0], "person_key: is not a pseudonym"));
    assert_non_null(strstr(fd.paths[1], "school_attendance_pct: is outside the format's range (decimal(0..100))"));
    strbuf_release(&diag);
}

static void test_diagnoses(void **state)
{
    (void)state;
    struct found fd;
    struct strbuf diag = STRBUF_INIT;
    size_t rows;

    assert_int_equal(run("foreign.csv", "la_person_id,la_family_id,given_name\r\nF1,FAM1,A\r\n", &fd, &rows, &diag),
                     FAM_VALID_INPUT);
    assert_non_null(strstr(diag.buf, "not that of a Supporting Families layout"));
    assert_non_null(strstr(diag.buf, "nis layout: header column 3 is not 'forename'"));
    strbuf_reset(&diag);
    assert_int_equal(run("broken.csv", NIS_HEADER "F1,FAM1,\"A,B,1990-01-02,F,,,,attached,,\r\n", &fd, &rows, &diag),
                     FAM_VALID_INPUT);
    assert_non_null(strstr(diag.buf, "broken.csv: line 2: a quoted field is not closed"));
    strbuf_reset(&diag);
    /* Issue 19, finding 3: a NUL byte in a cell is refused with its line,
     * not read as the cell's end ("F\0ZZZZ" passing as "F"). */
    static const char nul_row[] = NIS_HEADER "F1,FAM1,A,B,1990-01-02,F\0ZZZZ,,,,attached,,\r\n";
    assert_int_equal(run_n("nul.csv", nul_row, sizeof nul_row - 1, &fd, &rows, &diag), FAM_VALID_INPUT);
    assert_non_null(strstr(diag.buf, "nul.csv: line 2: a NUL byte"));
    strbuf_reset(&diag);
    /* ... and a bare carriage return is named by its line too. */
    assert_int_equal(run("cr.csv", NIS_HEADER "F1,FAM1,A,B,1990-01-02,F,,,,attached,,\r\nF2,FAM1,A,B,1990-01-02,F,,,,attached,,\rF3\r\n",
                         &fd, &rows, &diag), FAM_VALID_INPUT);
    assert_non_null(strstr(diag.buf, "cr.csv: line 3: a carriage return"));
    strbuf_reset(&diag);
    assert_int_equal(run("nothing.csv", "", &fd, &rows, &diag), FAM_VALID_INPUT);
    assert_non_null(strstr(diag.buf, "empty"));
    strbuf_reset(&diag);
    /* A byte-order mark before the header is accepted. */
    assert_int_equal(run("bom.csv", "\xEF\xBB\xBF" FPD_HEADER, &fd, &rows, &diag), FAM_VALID_OK);
    strbuf_release(&diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recognise),
        cmocka_unit_test(test_valid_files),
        cmocka_unit_test(test_findings),
        cmocka_unit_test(test_diagnoses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
