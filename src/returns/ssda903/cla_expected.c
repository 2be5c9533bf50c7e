/*
 * The SSDA903 findings that a profile's own treatment causes
 * (returns/expected.h), by policy field and treatment.
 *
 *   UPN dropped:      442 asks every child of school age for a UPN.
 *   DOB moved:        a date of birth up to 30 days early makes a child
 *                     older by as much, which moves the rules that ask a
 *                     child's age or birthday at a date across their line:
 *                     the SDQ ages (157, 186, 188, 189, 197B), the UASC
 *                     18th birthday (304) and age (231), over 25 or 18
 *                     (351, 352, 359), transfer to adult care (389), the
 *                     care leaver birthdays (391, 1007, 1016, 3001), the
 *                     review participation under 4 (440), convictions and
 *                     health promotion by age (542, 543, 545, 546), the
 *                     mother's age (620), and last year's DOB (203).
 *   MC_DOB moved:     the mother's child's birth against the mother's
 *                     (620, 621) and against last year's (624).
 *   Postcode sector:  a sector is not a postcode (392c, and the column
 *                     format check), and a home and a placement in one
 *                     sector look like one address (392d).
 *
 * Rules that compare a date with the birth ("before the child was born")
 * are not here: a birth moved earlier never makes them fail.
 */
#include "returns/ssda903/cla_build.h"

const struct expected_cause cla_expected_causes[] = {
    { "Header/UPN", TR_DROP, "442", NULL },
    { "Header/DOB", TR_MONTH,
      "157 186 188 189 197B 203 231 304 351 352 359 389 391 440 542 543 545 546 620 1007 1016 3001", NULL },
    { "Header/MC_DOB", TR_MONTH, "620 621 624", NULL },
    { "Episodes/HOME_POST", TR_SECTOR, "392c FORMAT", "HOME_POST" },
    { "Episodes/PL_POST", TR_SECTOR, "392c FORMAT", "PL_POST" },
    { "Episodes/HOME_POST", TR_SECTOR, "392d", NULL },
    { "Episodes/PL_POST", TR_SECTOR, "392d", NULL },
};

const size_t cla_n_expected_causes = sizeof cla_expected_causes / sizeof cla_expected_causes[0];
