/*
 * Unique Pupil Numbers: format and check letter (DfE UPN guide), LA codes.
 *
 * A UPN is 13 characters: a check letter, the 3-digit LA code, 8 digits, and
 * a final digit or (temporary UPN) letter.  The check letter is
 * sum(char_i * i for i = 2..13) mod 23 mapped onto A..Z without I, O, S,
 * where a letter in position 13 counts as its value in the same table.
 */
#ifndef STATRETURN_UPN_H
#define STATRETURN_UPN_H

#include <stdbool.h>

/* The check letter for characters 2..13 of upn (at least 13 characters);
 * '\0' if any of them is not a digit (or, for position 13, a valid letter). */
char upn_check_letter(const char *upn);
/* True when the LA code (3 digits) is a valid post-April-1998 or pseudo LA
 * code for the collection year (rule 1530; 942/943 from 2023-24). */
bool upn_la_code_valid(const char *code3, int year);
/* Each part of rule 1510-1550; upn must be exactly 13 characters for true. */
bool upn_check_letter_ok(const char *upn);          /* 1510 */
bool upn_la_ok(const char *upn, int year);          /* 1530 */
bool upn_digits_ok(const char *upn);                /* 1540: characters 5-12 numeric */
bool upn_last_char_ok(const char *upn);             /* 1550: digit or A-Z without I, O, S */
/* All of the above plus length 13. */
bool upn_valid(const char *upn, int year);
/* Fills out[14] with a valid UPN for LA `la` from a serial number (8 digits
 * used) and an optional temporary letter ('\0' for a permanent UPN). */
void upn_make(char out[14], int la, unsigned long serial, char temporary_letter);

#endif
