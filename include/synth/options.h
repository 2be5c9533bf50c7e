/*
 * What every synthetic-data generator is given: the options of
 * `statreturn synth`, and a way to learn about the CIN generator's people
 * so that looked-after children and family members can be some of the same
 * people without one return's generator knowing another's.
 *
 * Output is a pure function of the options (same options, same bytes).
 */
#ifndef STATRETURN_SYNTH_OPTIONS_H
#define STATRETURN_SYNTH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

#define SYNTH_MAX_CHILDREN 50000000UL   /* CIN UPN serials are unique below this (synth/ids.h) */

struct synth_options {
    unsigned long children;  /* children with CIN history */
    uint64_t seed;
    int year;                /* collection end year the histories are centred on */
    int la;                  /* 3-digit LA code used in UPNs */
    double defects;          /* 0..1: share of children given one data-quality defect */
};

/* Returns 0 when every generator can work with opt, else -1 with a message
 * in err naming the option. */
int synth_options_check(const struct synth_options *opt, char *err, size_t errlen);

/* The share opt->defects as a threshold on 53-bit numbers: a person or
 * family whose key k has (k >> 11) below it carries a defect. */
uint64_t synth_defect_threshold(double defects);

/* What the other generators may know of CIN child `index` (0-based, below
 * opt->children), exactly as the CIN generator makes it. */
struct synth_person {
    char id[32];            /* ssd_person.pers_person_id */
    sr_date dob;            /* SR_DATE_NONE for an unborn child */
    sr_date death;          /* SR_DATE_NONE when alive */
    char sex;               /* M, F or U */
    bool has_upn;
    bool defect;            /* carries a seeded data-quality defect: best not reused */
};

/* Fills *out for CIN child `index`.  The orchestrator (pipeline/synth.c)
 * passes the CIN generator's to the others. */
typedef void synth_person_fn(const struct synth_options *opt, unsigned long index, struct synth_person *out);

#endif
