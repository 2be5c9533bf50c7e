/*
 * Values of the Supporting Families files: the canonical spelling of each
 * format, the check of a value against its layout format, and periods.
 *
 * The build and `statreturn validate` share fam_value_problem, so a file
 * the build writes is exactly what the validator accepts.  Problems are
 * described without the value (they end up in logs), and without numbers:
 * callers name the column and its format, which carries the range.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/families/families.h"
#include "core/upn.h"
#include "io/utf8.h"

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

/* Appends s without surrounding white space. */
static void add_trimmed(struct strbuf *out, const char *s)
{
    s = skip_space(s);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    strbuf_add(out, s, n);
}

/* Upper case with every blank removed. */
static void add_compact_upper(struct strbuf *out, const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            strbuf_addch(out, toupper((unsigned char)*s));
}

/* 1 = yes, 0 = no, -1 = neither. */
static int truth(const char *s)
{
    static const char *const yes[] = { "1", "t", "true", "y", "yes" };
    static const char *const no[] = { "0", "f", "false", "n", "no" };
    char b[8];
    size_t n = strlen(s);
    if (n >= sizeof b)
        return -1;
    for (size_t i = 0; i <= n; i++)
        b[i] = (char)tolower((unsigned char)s[i]);
    for (size_t i = 0; i < 5; i++) {
        if (!strcmp(b, yes[i]))
            return 1;
        if (!strcmp(b, no[i]))
            return 0;
    }
    return -1;
}

static void normal_postcode(const char *raw, struct strbuf *out)
{
    struct strbuf c = STRBUF_INIT;
    add_compact_upper(&c, raw);
    if (c.len >= 5 && c.len <= 7) {
        strbuf_add(out, c.buf, c.len - 3);
        strbuf_addch(out, ' ');
        strbuf_add(out, c.buf + c.len - 3, 3);
    } else {
        strbuf_add(out, c.buf, c.len);
    }
    strbuf_release(&c);
}

static bool is_postcode(const char *s, bool sector_only)
{
    /* A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA; a sector stops
     * after the inward digit. */
    size_t i = 0;
    if (!isupper((unsigned char)s[i]))
        return false;
    i++;
    if (isupper((unsigned char)s[i]))
        i++;
    if (!isdigit((unsigned char)s[i]))
        return false;
    i++;
    if (isdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
        i++;
    if (s[i] != ' ' || !isdigit((unsigned char)s[i + 1]))
        return false;
    i += 2;
    if (sector_only)
        return s[i] == '\0';
    return isupper((unsigned char)s[i]) && isupper((unsigned char)s[i + 1]) && s[i + 2] == '\0';
}

void fam_postcode_sector(const char *postcode, struct strbuf *out)
{
    struct strbuf n = STRBUF_INIT;
    normal_postcode(postcode, &n);
    if (is_postcode(n.buf, false))
        strbuf_add(out, n.buf, n.len - 2);
    else if (is_postcode(n.buf, true))
        strbuf_add(out, n.buf, n.len);
    strbuf_release(&n);
}

void fam_value_normalise(const struct fam_format *f, const char *raw, struct strbuf *out)
{
    if (!raw)
        return;
    switch (f->type) {
    case FF_POSTCODE:
        normal_postcode(raw, out);
        return;
    case FF_SECTOR: {
        size_t before = out->len;
        fam_postcode_sector(raw, out);
        if (out->len == before)   /* not a postcode: keep it for the check to name */
            add_compact_upper(out, raw);
        return;
    }
    case FF_NI:
        add_compact_upper(out, raw);
        return;
    case FF_UPN: {
        struct strbuf t = STRBUF_INIT;
        add_trimmed(&t, raw);
        for (size_t i = 0; i < t.len; i++)
            strbuf_addch(out, toupper((unsigned char)t.buf[i]));
        strbuf_release(&t);
        return;
    }
    case FF_FLAG:
    case FF_YN: {
        struct strbuf t = STRBUF_INIT;
        add_trimmed(&t, raw);
        int v = truth(t.buf);
        if (v < 0)
            strbuf_add(out, t.buf, t.len);
        else if (f->type == FF_FLAG)
            strbuf_addstr(out, v ? "1" : "0");
        else
            strbuf_addstr(out, v ? "Y" : "N");
        strbuf_release(&t);
        return;
    }
    default:
        add_trimmed(out, raw);
        return;
    }
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* -?digits, or with fraction -?digits.digits.  Parsed into *v. */
static bool number(const char *s, bool fraction, double *v)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (fraction && *p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return false;
    *v = strtod(s, NULL);
    return true;
}

static const char *check_list(const struct fam_format *f, const char *s)
{
    double prev = 0;
    bool first = true;
    const char *p = s;
    char item[32];
    for (;;) {
        size_t k = strcspn(p, ";");
        double v;
        if (k == 0 || k >= sizeof item)
            return "is not a list of whole numbers separated by ';'";
        memcpy(item, p, k);
        item[k] = '\0';
        if (!number(item, false, &v))
            return "is not a list of whole numbers separated by ';'";
        if (v < f->lo || v > f->hi)
            return "has a code outside the format's range";
        if (!first && v <= prev)
            return "lists a code twice or out of order";
        prev = v;
        first = false;
        if (!p[k])
            return NULL;
        p += k + 1;
    }
}

const char *fam_value_problem(const struct fam_format *f, const char *s)
{
    double v;

    if (!s || !*s)
        return NULL;
    size_t chars = utf8_count(s);
    if (chars == (size_t)-1)
        return "is not valid UTF-8";
    if (has_control(s))
        return "holds control characters";
    switch (f->type) {
    case FF_TEXT:
    case FF_ID:
        return chars > f->max_len ? "is longer than the format allows" : NULL;
    case FF_CODE:
        for (size_t i = 0; i < f->n_codes; i++)
            if (!strcmp(f->codes[i], s))
                return NULL;
        return "is not one of the format's codes";
    case FF_DATE:
        return strlen(s) == 10 && sr_date_ok(date_parse_iso(s)) ? NULL : "is not a date (YYYY-MM-DD)";
    case FF_INT:
        if (!number(s, false, &v))
            return "is not a whole number";
        return v < f->lo || v > f->hi ? "is outside the format's range" : NULL;
    case FF_DECIMAL:
        if (!number(s, true, &v))
            return "is not a number";
        return v < f->lo || v > f->hi ? "is outside the format's range" : NULL;
    case FF_FLAG:
        return !strcmp(s, "1") || !strcmp(s, "0") ? NULL : "is not 1 or 0";
    case FF_YN:
        return !strcmp(s, "Y") || !strcmp(s, "N") ? NULL : "is not Y or N";
    case FF_POSTCODE:
        return is_postcode(s, false) ? NULL : "is not a postcode";
    case FF_SECTOR:
        return is_postcode(s, true) ? NULL : "is not a postcode sector";
    case FF_NI: {
        size_t n = strlen(s);
        bool ok = (n == 8 || n == 9) && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
        for (size_t i = 2; ok && i < 8; i++)
            ok = isdigit((unsigned char)s[i]);
        if (ok && n == 9)
            ok = s[8] >= 'A' && s[8] <= 'D';
        return ok ? NULL : "is not a National Insurance number";
    }
    case FF_UPN:
        return strlen(s) == 13 && upn_check_letter_ok(s) && upn_digits_ok(s) && upn_last_char_ok(s)
            ? NULL : "is not a valid UPN";
    case FF_LIST:
        return check_list(f, s);
    case FF_PSEUDONYM: {
        static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        if (strlen(s) != PSEUDONYM_LEN)
            return "is not a pseudonym (20 characters of base32)";
        for (const char *p = s; *p; p++)
            if (!strchr(alphabet, *p))
                return "is not a pseudonym (20 characters of base32)";
        return NULL;
    }
    case FF_PERIOD:
        return strlen(s) == 7 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
            && isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-'
            && ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') || (s[5] == '1' && s[6] >= '0' && s[6] <= '2'))
            ? NULL : "is not a period (YYYY-MM)";
    case FF__COUNT:
        break;
    }
    return "has an unknown format";
}

/* ---- periods ------------------------------------------------------------------ */

static sr_date month_end(int y, int m)
{
    return m == 12 ? date_from_ymd(y + 1, 1, 1) - 1 : date_from_ymd(y, m + 1, 1) - 1;
}

static bool closes_period(int month, int months)
{
    /* Periods are aligned to April-March years: they end in March and
     * every `months` months after it. */
    return ((month - 3) % months + months) % months == 0;
}

static void fill(struct families_period *p, int y, int m, int months)
{
    int sy = y, sm = m - months + 1;
    while (sm < 1) {
        sm += 12;
        sy--;
    }
    p->year = y;
    p->month = m;
    p->months = months;
    p->start = date_from_ymd(sy, sm, 1);
    p->end = month_end(y, m);
    /* y is 2000..2100 and m 1..12 here: the label is always 7 characters. */
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 13u;
    p->label[0] = (char)('0' + uy / 1000);
    p->label[1] = (char)('0' + uy / 100 % 10);
    p->label[2] = (char)('0' + uy / 10 % 10);
    p->label[3] = (char)('0' + uy % 10);
    p->label[4] = '-';
    p->label[5] = (char)('0' + um / 10);
    p->label[6] = (char)('0' + um % 10);
    p->label[7] = '\0';
}

int families_period_parse(const char *s, int months, struct families_period *p, char *err, size_t errlen)
{
    int y, m;
    char tail;
    if (!s || strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 2000
        || y > 2100 || m < 1 || m > 12 || !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6])) {
        snprintf(err, errlen, "a period is written YYYY-MM (its last month), e.g. 2025-03");
        return -1;
    }
    if (months != 1 && months != 3 && months != 6 && months != 12) {
        snprintf(err, errlen, "a period is 1, 3, 6 or 12 months long");
        return -1;
    }
    if (!closes_period(m, months)) {
        snprintf(err, errlen, "%s does not end a %d-month period of an April-March year (periods end in %s)", s,
                 months, months == 3 ? "March, June, September and December" : months == 6 ? "March and September"
                 : "March");
        return -1;
    }
    fill(p, y, m, months);
    return 0;
}

void families_period_previous(sr_date today, int months, struct families_period *p)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    for (int i = 0; i < 24; i++) {
        if (closes_period(m, months) && month_end(y, m) < today) {
            fill(p, y, m, months);
            return;
        }
        if (--m == 0) {
            m = 12;
            y--;
        }
    }
    fill(p, y, m, months);   /* not reached: every 12 months hold a period end */
}
