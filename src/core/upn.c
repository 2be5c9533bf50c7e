/*
 * Unique Pupil Number checks (DfE "UPN guide" algorithm, rules 1510-1550)
 * and the LA code list of rule 1530.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/upn.h"

/* The 23 check characters: A..Z without I, O and S. */
static const char check_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static int letter_value(char c)
{
    const char *p = strchr(check_alphabet, c);
    return (p && c) ? (int)(p - check_alphabet) : -1;
}

char upn_check_letter(const char *upn)
{
    long sum = 0;

    for (int i = 2; i <= 13; i++) {
        char c = upn[i - 1];
        int v;
        if (isdigit((unsigned char)c))
            v = c - '0';
        else if (i == 13 && (v = letter_value((char)toupper((unsigned char)c))) >= 0)
            ;
        else
            return '\0';
        sum += (long)v * i;
    }
    return check_alphabet[sum % 23];
}

/* Rule 1530: post-April-1998 LA codes and pseudo-LA codes, as ranges. */
static const struct { int lo, hi, from_year; } la_ranges[] = {
    { 1, 5, 0 }, { 201, 213, 0 }, { 301, 320, 0 }, { 330, 336, 0 }, { 340, 344, 0 },
    { 350, 359, 0 }, { 370, 373, 0 }, { 380, 384, 0 }, { 390, 394, 0 }, { 420, 420, 0 },
    { 660, 681, 0 }, { 701, 708, 0 }, { 800, 803, 0 }, { 805, 808, 0 }, { 810, 813, 0 },
    { 815, 816, 0 }, { 820, 823, 0 }, { 825, 826, 0 }, { 830, 831, 0 }, { 835, 841, 0 },
    { 845, 846, 0 }, { 850, 852, 0 }, { 855, 857, 0 }, { 860, 861, 0 }, { 865, 896, 0 },
    { 908, 909, 0 }, { 916, 916, 0 }, { 919, 919, 0 }, { 921, 921, 0 }, { 925, 926, 0 },
    { 928, 929, 0 }, { 931, 931, 0 }, { 933, 933, 0 }, { 935, 938, 0 }, { 940, 941, 0 },
    /* Cumberland and Westmorland and Furness, added for 2023-24. */
    { 942, 943, 2024 },
};

bool upn_la_code_valid(const char *code3, int year)
{
    if (!code3 || !isdigit((unsigned char)code3[0]) || !isdigit((unsigned char)code3[1])
        || !isdigit((unsigned char)code3[2]))
        return false;
    int code = (code3[0] - '0') * 100 + (code3[1] - '0') * 10 + (code3[2] - '0');
    for (size_t i = 0; i < sizeof la_ranges / sizeof la_ranges[0]; i++)
        if (code >= la_ranges[i].lo && code <= la_ranges[i].hi && year >= la_ranges[i].from_year)
            return true;
    return false;
}

static bool is13(const char *upn)
{
    return upn && strlen(upn) == 13;
}

bool upn_check_letter_ok(const char *upn)
{
    if (!is13(upn))
        return false;
    char c = upn_check_letter(upn);
    return c != '\0' && c == upn[0];
}

bool upn_la_ok(const char *upn, int year)
{
    return is13(upn) && upn_la_code_valid(upn + 1, year);
}

bool upn_digits_ok(const char *upn)
{
    if (!is13(upn))
        return false;
    for (int i = 4; i < 12; i++)
        if (!isdigit((unsigned char)upn[i]))
            return false;
    return true;
}

bool upn_last_char_ok(const char *upn)
{
    if (!is13(upn))
        return false;
    char c = upn[12];
    return isdigit((unsigned char)c) || letter_value(c) >= 0;
}

bool upn_valid(const char *upn, int year)
{
    return upn_check_letter_ok(upn) && upn_la_ok(upn, year) && upn_digits_ok(upn)
        && upn_last_char_ok(upn);
}

void upn_make(char out[14], int la, unsigned long serial, char temporary_letter)
{
    char body[16];

    /* 3-digit LA, 8-digit serial, then a digit or the temporary letter. */
    if (temporary_letter)
        snprintf(body, sizeof body, "%03d%08lu%c", la % 1000, serial % 100000000UL, temporary_letter);
    else
        snprintf(body, sizeof body, "%03d%09lu", la % 1000, serial % 1000000000UL);
    out[0] = '?';
    memcpy(out + 1, body, 12);
    out[13] = '\0';
    out[0] = upn_check_letter(out);
}
