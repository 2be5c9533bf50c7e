/*
 * Table-driven tests of the DfE SSDA903 rules.
 *
 * A case is a few lines of text that build a return (this year's rows,
 * last year's rows, reference data) and the number of findings one rule
 * must report on it.  cla_case_run builds every case in memory, runs only
 * that rule through the real engine (cla_engine_only), and fails the test
 * naming the case when the count differs, printing the findings it got.
 *
 * Lines of `data` (blank lines and lines starting with '#' are skipped):
 *
 *   Header: CHILD=1 SEX=M DOB=01/01/2015 ETHNIC=WBRI
 *   Episodes: DECOM=01/04/2025 RNE=S LS=C2 CIN=N1 PLACE=U1 HOME_POST="AB1 2CD"
 *   last Episodes: DECOM=01/04/2024 ...      a row of last year's return
 *   previous: given                          last year's return given, even if empty
 *   provider: URN=SC000001 POSTCODE="ZZ1 1ZZ" PLACES="K2" PLACE_PROVIDER=PR4 LA=E09000001 REG_END=01/01/2026 TYPE="Children's home"
 *   postcode: PC="AB1 2CD" E=530000 N=180000 LA=E09000001
 *   la: E09000001                            the council's own LA code
 *   xml: given                               this year's return is an XML document:
 *                                            the rows that follow have an xml_path,
 *                                            and may give xml-only columns (UASC);
 *                                            it has no SWEpisodes or DoLo table
 *   no table: SWEpisodes                     the return lacks this table (a CSV set
 *                                            without its file); otherwise a CSV
 *                                            return has every table of its year
 *
 * A row is "Table: COLUMN=value ..."; a value with spaces is in double
 * quotes; a column not given is blank; a value of U+FFFD alone stands for a
 * cell the CSV reader reported as not UTF-8 (cla_cell_not_utf8).  CHILD defaults to 1, so a one-child
 * case never names it.  Children are made in the order their ids first
 * appear (this year), rows in the order given; a row's number is its place
 * among the case's rows of its table (1 = first), like a CSV row number.
 * Columns the year's table does not have are an error in the case.
 *
 * expect: the number of findings of the rule over all children, or
 * CLA_NOT_IN_FORCE (the rule must not be in force that year) or
 * CLA_NOT_RUN (in force, but listed as not run for want of an input).
 */
#ifndef STATRETURN_CLA_CASE_H
#define STATRETURN_CLA_CASE_H

#include <stddef.h>

#define CLA_NOT_IN_FORCE (-1)
#define CLA_NOT_RUN      (-2)

struct cla_case {
    const char *name;   /* what the case shows, e.g. "fails: DEC before DECOM" */
    int year;           /* collection end year; 0 means 2026 (2025-26) */
    int expect;
    const char *data;
};

/* Runs rule `code` on each case; fails (cmocka) on the first mismatch. */
void cla_case_run(const char *code, const struct cla_case *cases, size_t n);
/* Runs one case and returns the count (or CLA_NOT_IN_FORCE / CLA_NOT_RUN);
 * for tests that want to look closer. */
int cla_case_count(const char *code, const struct cla_case *c);
/* The same, and the first finding's own message (a pair rule's, naming
 * the other record) in buf, "" when it has none. */
int cla_case_detail(const char *code, const struct cla_case *c, char *buf, size_t n);
/* Fails unless the case has a finding whose message ends "(the other
 * record: OTHER)" (OTHER as "Missing row 1, line 2"). */
void cla_case_expect_other(const char *code, const struct cla_case *c, const char *other);

#endif
