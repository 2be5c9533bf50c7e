/*
 * Civil dates as day numbers, parsing, and England and Wales working days.
 *
 * The day-number conversion is Howard Hinnant's days_from_civil algorithm
 * (public domain), valid for the proleptic Gregorian calendar.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/confline.h"
#include "core/date.h"
#include "core/xalloc.h"

sr_date date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (sr_date)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(sr_date z0, int *y, int *m, int *d)
{
    long z = (long)z0 + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)((long)yoe + era * 400) + (mm <= 2);
    *m = (int)mm;
    *d = (int)dd;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* xs:date may carry a timezone: Z or (+|-)hh:mm. */
static bool valid_tz_suffix(const char *s)
{
    if (*s == '\0')
        return true;
    if (s[0] == 'Z' && s[1] == '\0')
        return true;
    if ((s[0] == '+' || s[0] == '-') && strlen(s) == 6 && s[3] == ':'
        && digits(s + 1, 2) >= 0 && digits(s + 4, 2) >= 0)
        return true;
    return false;
}

sr_date date_parse_iso(const char *s)
{
    if (!s)
        return SR_DATE_NONE;
    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return SR_DATE_INVALID;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !valid_tz_suffix(s + 10) || !date_valid_ymd(y, m, d))
        return SR_DATE_INVALID;
    return date_from_ymd(y, m, d);
}

sr_date date_parse_dmy(const char *s)
{
    if (!s)
        return SR_DATE_NONE;
    if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
        return SR_DATE_INVALID;
    int d = digits(s, 2), m = digits(s + 3, 2), y = digits(s + 6, 4);
    if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
        return SR_DATE_INVALID;
    return date_from_ymd(y, m, d);
}

/* Writes n decimal digits of v (v >= 0) at p. */
static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

char *date_format_iso(sr_date day, char buf[static 11])
{
    int y, m, d;
    if (!sr_date_ok(day)) {
        buf[0] = '\0';
        return buf;
    }
    date_to_ymd(day, &y, &m, &d);
    put_digits(buf, y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d, 2);
    buf[10] = '\0';
    return buf;
}

char *date_format_dmy(sr_date day, char buf[static 11])
{
    int y, m, d;
    if (!sr_date_ok(day)) {
        buf[0] = '\0';
        return buf;
    }
    date_to_ymd(day, &y, &m, &d);
    put_digits(buf, d, 2);
    buf[2] = '/';
    put_digits(buf + 3, m, 2);
    buf[5] = '/';
    put_digits(buf + 6, y, 4);
    buf[10] = '\0';
    return buf;
}

int date_weekday(sr_date d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    long w = ((long)d + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

sr_date date_add_months(sr_date day, int months)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    long total = (long)y * 12 + (m - 1) + months;
    y = (int)(total / 12);
    m = (int)(total % 12) + 1;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return date_from_ymd(y, m, d);
}

sr_date date_add_years(sr_date day, int years)
{
    return date_add_months(day, years * 12);
}

sr_date date_month_start(sr_date day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return date_from_ymd(y, m, 1);
}

int date_age_years(sr_date birth, sr_date on)
{
    int by, bm, bd, oy, om, od;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(on, &oy, &om, &od);
    int age = oy - by;
    if (om < bm || (om == bm && od < bd))
        age--;
    return age;
}

sr_date census_period_start(int year)
{
    return date_from_ymd(year - 1, 4, 1);
}

sr_date census_reference_date(int year)
{
    return date_from_ymd(year, 3, 31);
}

int census_year_of(sr_date d)
{
    int y, m, day;

    if (!sr_date_ok(d))
        return 0;
    date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y + 1 : y;
}

int census_year_previous(sr_date today)
{
    int y = census_year_of(today);
    return y ? y - 1 : 0;
}

sr_date date_today(void)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    struct tm tm;

    if (sde && *sde)
        t = (time_t)strtoll(sde, NULL, 10);
    gmtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int cmp_date(const void *a, const void *b)
{
    sr_date x = *(const sr_date *)a, y = *(const sr_date *)b;
    return (x > y) - (x < y);
}

struct holiday_reader {
    struct holidays *h;
    size_t cap;
    char *err;
    size_t errlen;
};

static int holiday_line(void *ctx, const struct confline *cl)
{
    struct holiday_reader *hr = ctx;
    sr_date d = date_parse_iso(cl->text);

    if (!sr_date_ok(d) || strlen(cl->text) != 10)
        return confline_error(hr->err, hr->errlen, cl->path, cl->lineno, "not a date in YYYY-MM-DD form");
    ALLOC_GROW(hr->h->days, hr->h->n, hr->cap);
    hr->h->days[hr->h->n++] = d;
    return 0;
}

int holidays_load(struct holidays *h, const char *path, char *err, size_t errlen)
{
    struct holiday_reader hr = { h, 0, err, errlen };

    h->days = NULL;
    h->n = 0;
    h->first = h->last = SR_DATE_NONE;
    if (confline_read("bank holidays", path, CONFLINE_HASH_ANYWHERE, holiday_line, &hr, err, errlen) != 0) {
        holidays_release(h);
        return -1;
    }
    if (!h->n) {
        snprintf(err, errlen, "%s: no bank holidays listed", path);
        return -1;
    }
    qsort(h->days, h->n, sizeof *h->days, cmp_date);
    int y, m, d;
    date_to_ymd(h->days[0], &y, &m, &d);
    h->first = date_from_ymd(y, 1, 1);
    date_to_ymd(h->days[h->n - 1], &y, &m, &d);
    h->last = date_from_ymd(y, 12, 31);
    return 0;
}

void holidays_release(struct holidays *h)
{
    free(h->days);
    h->days = NULL;
    h->n = 0;
}

bool holidays_contains(const struct holidays *h, sr_date d)
{
    if (!h || !h->n)
        return false;
    return bsearch(&d, h->days, h->n, sizeof *h->days, cmp_date) != NULL;
}

bool date_is_working_day(const struct holidays *h, sr_date d)
{
    return date_weekday(d) < 5 && !holidays_contains(h, d);
}

/* Outside the years the holidays file lists we cannot know which days are
 * bank holidays, so a count there would be silently wrong. */
static bool covered(const struct holidays *h, sr_date d)
{
    return !h || !h->n || (d >= h->first && d <= h->last);
}

int working_days_between(const struct holidays *h, sr_date from, sr_date to)
{
    int n = 0;
    if (to > from && (!covered(h, from + 1) || !covered(h, to)))
        return -1;
    for (sr_date d = from + 1; d <= to; d++)
        n += date_is_working_day(h, d);
    return n;
}

sr_date add_working_days(const struct holidays *h, sr_date from, int n)
{
    sr_date d = from;
    while (n > 0) {
        d++;
        if (!covered(h, d))
            return SR_DATE_INVALID;
        if (date_is_working_day(h, d))
            n--;
    }
    return d;
}
