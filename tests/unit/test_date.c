/*
 * Tests of civil dates and working days (src/core/date.c, include/core/date.h).
 *
 * Day numbers are checked against fixed values computed independently
 * (1970-01-01 = 0, Python's datetime for the others) and by a loop over
 * every day from 1900 to 2199 that requires consecutive days to have
 * consecutive numbers and to round-trip through date_to_ymd.  Parsing is
 * table-driven (ISO and DD/MM/YYYY), month arithmetic is checked at month
 * ends, and working days are counted with the real bank holidays file
 * across the early May, Easter and Christmas holidays.
 *
 * Runs from the repository root (specs/bank_holidays.txt).
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

#include "core/date.h"

#define HOLIDAYS "specs/bank_holidays.txt"

static sr_date ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

/* ---- day numbers -------------------------------------------------------- */

static void test_day_numbers_spot(void **state)
{
    static const struct { int y, m, d; sr_date day; } cases[] = {
        { 1970, 1, 1, 0 },
        { 1969, 12, 31, -1 },
        { 1900, 1, 1, -25567 },
        { 2000, 3, 1, 11017 },
        { 2024, 2, 29, 19782 },
        { 2199, 12, 31, 84005 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y, m, d;
        assert_int_equal(date_from_ymd(cases[i].y, cases[i].m, cases[i].d), cases[i].day);
        date_to_ymd(cases[i].day, &y, &m, &d);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
    }
}

/* Every valid day from 1900-01-01 to 2199-12-31, in order. */
static void test_day_numbers_every_day_1900_2199(void **state)
{
    sr_date prev = date_from_ymd(1899, 12, 31);
    long days = 0;

    (void)state;
    for (int y = 1900; y <= 2199; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                if (!date_valid_ymd(y, m, d))
                    continue;
                sr_date n = date_from_ymd(y, m, d);
                int yy, mm, dd;
                if (n != prev + 1)
                    fail_msg("%04d-%02d-%02d is day %d, expected %d", y, m, d, (int)n, (int)prev + 1);
                date_to_ymd(n, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("day %d -> %04d-%02d-%02d, expected %04d-%02d-%02d", (int)n, yy, mm, dd, y, m, d);
                prev = n;
                days++;
            }
        }
    }
    /* 300 years: 300 * 365 + 73 leap days (75 years divisible by 4, less 1900 and 2100). */
    assert_int_equal(days, 300L * 365 + 73);
    assert_int_equal(prev, 84005);
}

static void test_leap_years(void **state)
{
    static const struct { int y; bool leap; } cases[] = {
        { 1900, false }, { 2000, true }, { 2023, false }, { 2024, true },
        { 2100, false }, { 2196, true },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(date_valid_ymd(cases[i].y, 2, 29), cases[i].leap);
        assert_true(date_valid_ymd(cases[i].y, 2, 28));
        assert_false(date_valid_ymd(cases[i].y, 2, 30));
        /* 1 March follows 28 or 29 February */
        assert_int_equal(ymd(cases[i].y, 3, 1) - ymd(cases[i].y, 2, 28), cases[i].leap ? 2 : 1);
    }
}

static void test_valid_ymd_bounds(void **state)
{
    (void)state;
    assert_true(date_valid_ymd(1900, 1, 1));
    assert_true(date_valid_ymd(2199, 12, 31));
    assert_false(date_valid_ymd(1899, 12, 31));
    assert_false(date_valid_ymd(2200, 1, 1));
    assert_false(date_valid_ymd(2024, 0, 1));
    assert_false(date_valid_ymd(2024, 13, 1));
    assert_false(date_valid_ymd(2024, 4, 31));
    assert_false(date_valid_ymd(2024, 1, 0));
    assert_false(date_valid_ymd(2024, 1, 32));
}

/* ---- parsing ------------------------------------------------------------ */

struct parse_case {
    const char *in;
    sr_date want;   /* SR_DATE_NONE / SR_DATE_INVALID or a day */
};

static void check_parse(const struct parse_case *cases, size_t n, sr_date (*parse)(const char *))
{
    for (size_t i = 0; i < n; i++) {
        sr_date got = parse(cases[i].in);
        if (got != cases[i].want)
            fail_msg("parse(\"%s\") = %d, expected %d", cases[i].in ? cases[i].in : "(null)", (int)got,
                     (int)cases[i].want);
    }
}

static void test_parse_iso(void **state)
{
    const struct parse_case cases[] = {
        { "2024-02-29", ymd(2024, 2, 29) },
        { "2023-02-28", ymd(2023, 2, 28) },
        { "1900-01-01", ymd(1900, 1, 1) },
        { "2199-12-31", ymd(2199, 12, 31) },
        { "2024-05-06Z", ymd(2024, 5, 6) },
        { "2024-05-06+01:00", ymd(2024, 5, 6) },
        { "2024-05-06-05:00", ymd(2024, 5, 6) },
        { NULL, SR_DATE_NONE },
        { "", SR_DATE_INVALID },
        { "2023-02-29", SR_DATE_INVALID },
        { "1900-02-29", SR_DATE_INVALID },
        { "2024-1-01", SR_DATE_INVALID },
        { "2024-01-1", SR_DATE_INVALID },
        { "2024-13-01", SR_DATE_INVALID },
        { "2024-00-10", SR_DATE_INVALID },
        { "2024-04-31", SR_DATE_INVALID },
        { "1899-12-31", SR_DATE_INVALID },
        { "2200-01-01", SR_DATE_INVALID },
        { "2024/05/06", SR_DATE_INVALID },
        { "06/05/2024", SR_DATE_INVALID },
        { " 2024-05-06", SR_DATE_INVALID },
        { "2024-05-06 ", SR_DATE_INVALID },
        { "2024-05-06x", SR_DATE_INVALID },
        { "2024-05-06ZZ", SR_DATE_INVALID },
        { "2024-05-06T10:00:00", SR_DATE_INVALID },
        { "2024-05-06+0100", SR_DATE_INVALID },
        { "2024-05-06+01:0x", SR_DATE_INVALID },
        { "2024-05-06+01:000", SR_DATE_INVALID },
        { "2O24-05-06", SR_DATE_INVALID },
        { "2024-0a-06", SR_DATE_INVALID },
    };

    (void)state;
    check_parse(cases, sizeof cases / sizeof cases[0], date_parse_iso);
}

static void test_parse_dmy(void **state)
{
    const struct parse_case cases[] = {
        { "29/02/2024", ymd(2024, 2, 29) },
        { "06/05/2024", ymd(2024, 5, 6) },
        { "01/01/1900", ymd(1900, 1, 1) },
        { "31/12/2199", ymd(2199, 12, 31) },
        { NULL, SR_DATE_NONE },
        { "", SR_DATE_INVALID },
        { "29/02/2023", SR_DATE_INVALID },
        { "31/04/2024", SR_DATE_INVALID },
        { "6/5/2024", SR_DATE_INVALID },
        { "06/05/24", SR_DATE_INVALID },
        { "2024-05-06", SR_DATE_INVALID },
        { "06-05-2024", SR_DATE_INVALID },
        { "06/05/2024 ", SR_DATE_INVALID },
        { "06/05/2024Z", SR_DATE_INVALID },
        { "00/05/2024", SR_DATE_INVALID },
        { "06/13/2024", SR_DATE_INVALID },
        { "31/12/1899", SR_DATE_INVALID },
    };

    (void)state;
    check_parse(cases, sizeof cases / sizeof cases[0], date_parse_dmy);
}

/* ---- formatting --------------------------------------------------------- */

static void test_format(void **state)
{
    static const struct { int y, m, d; const char *iso, *dmy; } cases[] = {
        { 2024, 5, 6, "2024-05-06", "06/05/2024" },
        { 1900, 1, 1, "1900-01-01", "01/01/1900" },
        { 2199, 12, 31, "2199-12-31", "31/12/2199" },
        { 2024, 2, 29, "2024-02-29", "29/02/2024" },
    };
    char buf[11];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sr_date d = ymd(cases[i].y, cases[i].m, cases[i].d);
        assert_string_equal(date_format_iso(d, buf), cases[i].iso);
        assert_string_equal(date_format_dmy(d, buf), cases[i].dmy);
        assert_int_equal(date_parse_iso(cases[i].iso), d);
        assert_int_equal(date_parse_dmy(cases[i].dmy), d);
    }
    memset(buf, 'x', sizeof buf);
    assert_string_equal(date_format_iso(SR_DATE_NONE, buf), "");
    memset(buf, 'x', sizeof buf);
    assert_string_equal(date_format_iso(SR_DATE_INVALID, buf), "");
    memset(buf, 'x', sizeof buf);
    assert_string_equal(date_format_dmy(SR_DATE_INVALID, buf), "");
    assert_false(sr_date_ok(SR_DATE_NONE));
    assert_false(sr_date_ok(SR_DATE_INVALID));
    assert_true(sr_date_ok(ymd(1900, 1, 1)));
}

/* ---- calendar arithmetic ------------------------------------------------ */

static void test_weekday(void **state)
{
    static const struct { int y, m, d, wd; } cases[] = {
        { 2024, 5, 6, 0 },     /* Monday, early May bank holiday */
        { 2024, 5, 3, 4 },     /* Friday */
        { 2024, 5, 4, 5 },     /* Saturday */
        { 2024, 5, 5, 6 },     /* Sunday */
        { 2024, 12, 25, 2 },   /* Wednesday */
        { 1970, 1, 1, 3 },     /* Thursday, day 0 */
        { 1969, 12, 31, 2 },   /* Wednesday, day -1 */
        { 1900, 1, 1, 0 },     /* Monday */
        { 2199, 12, 31, 1 },   /* Tuesday */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(date_weekday(ymd(cases[i].y, cases[i].m, cases[i].d)), cases[i].wd);
}

static void test_add_months(void **state)
{
    static const struct { int y, m, d, months, wy, wm, wd; } cases[] = {
        { 2024, 1, 31, 1, 2024, 2, 29 },
        { 2023, 1, 31, 1, 2023, 2, 28 },
        { 2024, 3, 31, -1, 2024, 2, 29 },
        { 2024, 5, 31, 1, 2024, 6, 30 },
        { 2024, 12, 15, 1, 2025, 1, 15 },
        { 2024, 1, 15, -1, 2023, 12, 15 },
        { 2024, 5, 14, 9, 2025, 2, 14 },
        { 2024, 5, 31, 9, 2025, 2, 28 },
        { 2024, 2, 29, 12, 2025, 2, 28 },
        { 2024, 5, 6, 0, 2024, 5, 6 },
        { 2024, 5, 6, -24, 2022, 5, 6 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sr_date got = date_add_months(ymd(cases[i].y, cases[i].m, cases[i].d), cases[i].months);
        char a[11], b[11];
        sr_date want = ymd(cases[i].wy, cases[i].wm, cases[i].wd);
        if (got != want)
            fail_msg("%04d-%02d-%02d %+d months = %s, expected %s", cases[i].y, cases[i].m, cases[i].d,
                     cases[i].months, date_format_iso(got, a), date_format_iso(want, b));
    }
    assert_int_equal(date_add_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
    assert_int_equal(date_add_years(ymd(2024, 2, 29), 4), ymd(2028, 2, 29));
    assert_int_equal(date_add_years(ymd(2024, 5, 6), -18), ymd(2006, 5, 6));
    assert_int_equal(date_month_start(ymd(2014, 5, 14)), ymd(2014, 5, 1));
    assert_int_equal(date_month_start(ymd(2014, 5, 1)), ymd(2014, 5, 1));
    assert_int_equal(date_month_start(ymd(2024, 2, 29)), ymd(2024, 2, 1));
}

static void test_age_years(void **state)
{
    static const struct { int by, bm, bd, oy, om, od, age; } cases[] = {
        { 2014, 5, 14, 2024, 5, 13, 9 },
        { 2014, 5, 14, 2024, 5, 14, 10 },
        { 2014, 5, 14, 2024, 5, 15, 10 },
        { 2014, 5, 14, 2024, 4, 30, 9 },
        { 2014, 5, 14, 2024, 6, 1, 10 },
        { 2014, 5, 14, 2014, 5, 14, 0 },
        { 2014, 5, 14, 2015, 5, 13, 0 },
        { 2008, 2, 29, 2025, 2, 28, 16 },   /* leap-day birthday: age changes on 1 March */
        { 2008, 2, 29, 2025, 3, 1, 17 },
        { 2008, 2, 29, 2024, 2, 29, 16 },
        { 2007, 3, 31, 2025, 3, 31, 18 },   /* 18 on the reference date */
        { 2007, 4, 1, 2025, 3, 31, 17 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int age = date_age_years(ymd(cases[i].by, cases[i].bm, cases[i].bd), ymd(cases[i].oy, cases[i].om, cases[i].od));
        if (age != cases[i].age)
            fail_msg("born %04d-%02d-%02d, on %04d-%02d-%02d: age %d, expected %d", cases[i].by, cases[i].bm,
                     cases[i].bd, cases[i].oy, cases[i].om, cases[i].od, age, cases[i].age);
    }
}

static void test_census_period(void **state)
{
    (void)state;
    assert_int_equal(census_period_start(2025), ymd(2024, 4, 1));
    assert_int_equal(census_reference_date(2025), ymd(2025, 3, 31));
    assert_int_equal(census_period_start(2026), ymd(2025, 4, 1));
    assert_int_equal(census_reference_date(2026), ymd(2026, 3, 31));
    /* the period is a whole year: 365 days, 366 when it holds 29 February */
    assert_int_equal(census_reference_date(2025) - census_period_start(2025) + 1, 365);
    assert_int_equal(census_reference_date(2024) - census_period_start(2024) + 1, 366);
    /* the year a date's census period ends in: both sides of 1 April */
    assert_int_equal(census_year_of(ymd(2025, 3, 31)), 2025);
    assert_int_equal(census_year_of(ymd(2025, 4, 1)), 2026);
    assert_int_equal(census_year_of(ymd(2024, 4, 1)), 2025);
    assert_int_equal(census_year_of(ymd(2024, 3, 31)), 2024);
    assert_int_equal(census_year_of(SR_DATE_NONE), 0);
    assert_int_equal(census_year_of(SR_DATE_INVALID), 0);
    /* --year previous: the latest year that has ended; 2025-26 ends at the
     * end of 31 March 2026, so on that day it is still 2024-25 */
    assert_int_equal(census_year_previous(ymd(2026, 3, 31)), 2025);
    assert_int_equal(census_year_previous(ymd(2026, 4, 1)), 2026);
    assert_int_equal(census_year_previous(ymd(2026, 12, 7)), 2026);
    assert_int_equal(census_year_previous(ymd(2027, 1, 1)), 2026);
    assert_int_equal(census_year_previous(SR_DATE_NONE), 0);
    /* today follows SOURCE_DATE_EPOCH when set (2025-04-01T12:00:00Z) */
    setenv("SOURCE_DATE_EPOCH", "1743508800", 1);
    assert_int_equal(date_today(), ymd(2025, 4, 1));
    unsetenv("SOURCE_DATE_EPOCH");
}

/* ---- bank holidays and working days ------------------------------------- */

struct hol_state {
    struct holidays h;
};

static int setup_holidays(void **state)
{
    struct hol_state *s = calloc(1, sizeof *s);
    char err[256];

    if (!s)
        return -1;
    if (holidays_load(&s->h, HOLIDAYS, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown_holidays(void **state)
{
    struct hol_state *s = *state;
    holidays_release(&s->h);
    free(s);
    return 0;
}

static void test_holidays_load(void **state)
{
    const struct holidays *h = &((struct hol_state *)*state)->h;

    assert_int_equal(h->first, ymd(2015, 1, 1));
    assert_int_equal(h->last, ymd(2030, 12, 31));
    assert_true(h->n >= 16 * 8);
    for (size_t i = 1; i < h->n; i++)
        assert_true(h->days[i - 1] < h->days[i]);

    static const struct { int y, m, d; bool holiday; } cases[] = {
        { 2024, 5, 6, true },
        { 2024, 12, 25, true },
        { 2024, 12, 26, true },
        { 2024, 3, 29, true },    /* Good Friday */
        { 2024, 4, 1, true },     /* Easter Monday */
        { 2020, 5, 8, true },     /* VE Day, moved early May */
        { 2022, 9, 19, true },    /* state funeral */
        { 2023, 5, 8, true },     /* coronation */
        { 2015, 12, 28, true },   /* Boxing Day substitute */
        { 2024, 5, 7, false },
        { 2024, 5, 4, false },    /* a weekend day is not listed */
        { 2020, 5, 4, false },    /* the usual early May date, moved that year */
        { 2024, 12, 24, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sr_date d = ymd(cases[i].y, cases[i].m, cases[i].d);
        if (holidays_contains(h, d) != cases[i].holiday)
            fail_msg("%04d-%02d-%02d: holiday %d, expected %d", cases[i].y, cases[i].m, cases[i].d,
                     !cases[i].holiday, cases[i].holiday);
    }
    assert_false(holidays_contains(NULL, ymd(2024, 12, 25)));
}

static void test_working_day(void **state)
{
    const struct holidays *h = &((struct hol_state *)*state)->h;

    assert_false(date_is_working_day(h, ymd(2024, 5, 4)));   /* Saturday */
    assert_false(date_is_working_day(h, ymd(2024, 5, 5)));   /* Sunday */
    assert_false(date_is_working_day(h, ymd(2024, 5, 6)));   /* bank holiday */
    assert_true(date_is_working_day(h, ymd(2024, 5, 3)));
    assert_true(date_is_working_day(h, ymd(2024, 5, 7)));
}

static void test_working_days_between(void **state)
{
    const struct holidays *h = &((struct hol_state *)*state)->h;
    static const struct { int fy, fm, fd, ty, tm, td, n; } cases[] = {
        { 2024, 5, 3, 2024, 5, 7, 1 },      /* Fri -> Tue over the early May weekend */
        { 2024, 5, 3, 2024, 5, 6, 0 },
        { 2024, 5, 3, 2024, 5, 3, 0 },
        { 2024, 5, 7, 2024, 5, 3, 0 },      /* to before from */
        { 2024, 5, 6, 2024, 5, 10, 4 },
        { 2024, 3, 28, 2024, 4, 2, 1 },     /* Easter: Good Friday and Easter Monday */
        { 2024, 12, 24, 2025, 1, 2, 4 },    /* 27, 30, 31 Dec and 2 Jan */
        { 2024, 5, 3, 2024, 5, 28, 15 },    /* a 15-working-day target over two holidays */
        { 2024, 4, 1, 2025, 3, 31, 254 },   /* the 2024-25 census year */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = working_days_between(h, ymd(cases[i].fy, cases[i].fm, cases[i].fd), ymd(cases[i].ty, cases[i].tm, cases[i].td));
        if (n != cases[i].n)
            fail_msg("working days %04d-%02d-%02d .. %04d-%02d-%02d = %d, expected %d", cases[i].fy, cases[i].fm,
                     cases[i].fd, cases[i].ty, cases[i].tm, cases[i].td, n, cases[i].n);
    }
}

static void test_add_working_days(void **state)
{
    const struct holidays *h = &((struct hol_state *)*state)->h;
    static const struct { int fy, fm, fd, n, wy, wm, wd; } cases[] = {
        { 2024, 5, 3, 1, 2024, 5, 7 },
        { 2024, 5, 3, 0, 2024, 5, 3 },
        { 2024, 5, 4, 1, 2024, 5, 7 },      /* from a Saturday */
        { 2024, 5, 3, 15, 2024, 5, 28 },    /* spring bank holiday 27 May skipped */
        { 2024, 12, 24, 1, 2024, 12, 27 },
        { 2024, 12, 24, 4, 2025, 1, 2 },
        { 2024, 3, 28, 1, 2024, 4, 2 },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sr_date from = ymd(cases[i].fy, cases[i].fm, cases[i].fd);
        sr_date got = add_working_days(h, from, cases[i].n);
        sr_date want = ymd(cases[i].wy, cases[i].wm, cases[i].wd);
        char a[11], b[11];
        if (got != want)
            fail_msg("%04d-%02d-%02d + %d working days = %s, expected %s", cases[i].fy, cases[i].fm, cases[i].fd,
                     cases[i].n, date_format_iso(got, a), date_format_iso(want, b));
        /* the two functions agree */
        assert_int_equal(working_days_between(h, from, got), cases[i].n);
    }
}

/*
 * date.h: "coverage of the file: working-day sums outside it fail"; and
 * specs/bank_holidays.txt: "working-day counts beyond those fail rather than
 * guess".  A count that reaches past 31 December of the file's last year
 * must therefore not come back as an ordinary answer (here 2031's New
 * Year's Day would silently count as a working day).  Failure is expected
 * as SR_DATE_INVALID from add_working_days and a negative count from
 * working_days_between.
 */
static void test_working_days_outside_coverage_fail(void **state)
{
    const struct holidays *h = &((struct hol_state *)*state)->h;

    /* inside: fine */
    assert_int_equal(add_working_days(h, ymd(2030, 12, 24), 1), ymd(2030, 12, 27));
    /* reaching past 2030-12-31 */
    assert_false(sr_date_ok(add_working_days(h, ymd(2030, 12, 30), 3)));
    assert_true(working_days_between(h, ymd(2030, 12, 30), ymd(2031, 1, 6)) < 0);
    /* starting before 2015-01-01 */
    assert_true(working_days_between(h, ymd(2014, 12, 20), ymd(2015, 1, 6)) < 0);
}

/* Writes text to a fresh temporary file; returns its path (malloc'd). */
static char *temp_file(const char *text)
{
    char tmpl[] = "/tmp/statreturn-date.XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    char *p = strdup(tmpl);
    assert_non_null(p);
    return p;
}

static void test_holidays_load_errors(void **state)
{
    static const struct { const char *text; unsigned line; const char *what; } cases[] = {
        { "# comment\n2024-05-06\n\n2024-13-01\n", 4, "not a date" },
        { "2024-05-06\n06/05/2024\n", 2, "not a date" },
        { "2024-05-06\n2024-05-06Z\n", 2, "not a date" },
        { "2024-05-06 extra\n", 1, "not a date" },
        { "2024-02-30\n", 1, "not a date" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = temp_file(cases[i].text);
        struct holidays h;
        char err[512], want[300];
        err[0] = '\0';
        assert_int_equal(holidays_load(&h, path, err, sizeof err), -1);
        snprintf(want, sizeof want, "%s:%u:", path, cases[i].line);
        if (!strstr(err, want) || !strstr(err, cases[i].what))
            fail_msg("case %zu: error '%s' does not name '%s'", i, err, want);
        assert_null(h.days);
        assert_int_equal(h.n, 0);
        unlink(path);
        free(path);
    }

    /* comments, blank lines and surrounding blanks are fine */
    {
        char *path = temp_file("# list\n\n  2024-12-25  # Christmas\n2024-05-06\n");
        struct holidays h;
        char err[512];
        assert_int_equal(holidays_load(&h, path, err, sizeof err), 0);
        assert_int_equal(h.n, 2);
        assert_int_equal(h.days[0], ymd(2024, 5, 6));   /* sorted */
        assert_int_equal(h.days[1], ymd(2024, 12, 25));
        assert_int_equal(h.first, ymd(2024, 1, 1));
        assert_int_equal(h.last, ymd(2024, 12, 31));
        holidays_release(&h);
        unlink(path);
        free(path);
    }
    /* an empty list is an error naming the file */
    {
        char *path = temp_file("# nothing\n\n");
        struct holidays h;
        char err[512];
        assert_int_equal(holidays_load(&h, path, err, sizeof err), -1);
        assert_non_null(strstr(err, path));
        assert_non_null(strstr(err, "no bank holidays"));
        unlink(path);
        free(path);
    }
    /* a missing file */
    {
        struct holidays h;
        char err[512];
        assert_int_equal(holidays_load(&h, "/nonexistent/statreturn/holidays.txt", err, sizeof err), -1);
        assert_non_null(strstr(err, "/nonexistent/statreturn/holidays.txt"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers_spot),
        cmocka_unit_test(test_day_numbers_every_day_1900_2199),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_valid_ymd_bounds),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_dmy),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_age_years),
        cmocka_unit_test(test_census_period),
        cmocka_unit_test_setup_teardown(test_holidays_load, setup_holidays, teardown_holidays),
        cmocka_unit_test_setup_teardown(test_working_day, setup_holidays, teardown_holidays),
        cmocka_unit_test_setup_teardown(test_working_days_between, setup_holidays, teardown_holidays),
        cmocka_unit_test_setup_teardown(test_add_working_days, setup_holidays, teardown_holidays),
        cmocka_unit_test_setup_teardown(test_working_days_outside_coverage_fail, setup_holidays, teardown_holidays),
        cmocka_unit_test(test_holidays_load_errors),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
