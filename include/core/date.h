/*
 * Calendar dates as day numbers.
 *
 * Every date in the returns is a civil date with no time of day, so we keep
 * dates as a signed count of days since 1970-01-01.  Comparison is integer
 * comparison, and "N days after" is addition, which is how the DfE rules
 * read.  Two sentinel values mark an absent and an unparseable date so that
 * the validator can tell "missing" from "present but wrong".
 */
#ifndef STATRETURN_DATE_H
#define STATRETURN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t sr_date;

#define SR_DATE_NONE    INT32_MIN          /* element absent or NULL */
#define SR_DATE_INVALID (INT32_MIN + 1)    /* present, but not a valid date */

static inline bool sr_date_ok(sr_date d) { return d > SR_DATE_INVALID; }

/* Day number of a civil date; no range check (callers use date_valid_ymd). */
sr_date date_from_ymd(int y, int m, int d);
void date_to_ymd(sr_date day, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);

/* Parses YYYY-MM-DD (xs:date without timezone; a trailing 'Z' or +hh:mm
 * offset is accepted and ignored, as xs:date allows one).  Returns
 * SR_DATE_NONE for NULL, SR_DATE_INVALID for anything else that is not a
 * real date between 1900 and 2199. */
sr_date date_parse_iso(const char *s);
/* Parses DD/MM/YYYY, the SSDA903 form; same results as date_parse_iso. */
sr_date date_parse_dmy(const char *s);

/* Writes YYYY-MM-DD (11 bytes with the NUL) / DD/MM/YYYY.  Returns buf. */
char *date_format_iso(sr_date d, char buf[static 11]);
char *date_format_dmy(sr_date d, char buf[static 11]);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(sr_date d);
/* Adds calendar months, clamping the day to the month's end (31 Jan + 1 month
 * = 28/29 Feb), as "plus 9 months" is read in the DfE rules. */
sr_date date_add_months(sr_date d, int months);
sr_date date_add_years(sr_date d, int years);
/* First day of the month of d (generalisation of dates of birth). */
sr_date date_month_start(sr_date d);
/* Whole years from birth to on (age on a date). */
int date_age_years(sr_date birth, sr_date on);

/* The census period for a collection end year Y: 1 April Y-1 .. 31 March Y. */
sr_date census_period_start(int year);
sr_date census_reference_date(int year);
/* The collection end year whose census period holds d (31 March 2025 and
 * 1 April 2024: 2025); 0 when d is not a valid date. */
int census_year_of(sr_date d);
/* The latest collection end year whose census period has ended by the
 * day `today` (on 31 March 2026: 2025; from 1 April 2026: 2026). */
int census_year_previous(sr_date today);
/* Today in UTC, or the day of $SOURCE_DATE_EPOCH when it is set (so that a
 * run, and a test, can be pinned to a date). */
sr_date date_today(void);

/* England and Wales bank holidays, loaded from specs/bank_holidays.txt. */
struct holidays {
    sr_date *days;   /* sorted ascending; owned */
    size_t n;
    sr_date first;   /* coverage of the file: working-day sums outside it fail */
    sr_date last;
};

/* Loads one ISO date per line ('#' comments, blank lines allowed).  On error
 * writes a message naming the file and line into err and returns -1. */
int holidays_load(struct holidays *h, const char *path, char *err, size_t errlen);
void holidays_release(struct holidays *h);
bool holidays_contains(const struct holidays *h, sr_date d);
bool date_is_working_day(const struct holidays *h, sr_date d);
/* Working days after `from` up to and including `to` (0 when to <= from);
 * -1 when the range leaves the years the holidays file covers. */
int working_days_between(const struct holidays *h, sr_date from, sr_date to);
/* The date `n` working days after `from`; SR_DATE_INVALID when that runs
 * past the holidays file's coverage. */
sr_date add_working_days(const struct holidays *h, sr_date from, int n);

#endif
