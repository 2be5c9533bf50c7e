/*
 * Synthetic replica data.
 *
 * `statreturn synth` writes SQL (COPY blocks, in foreign-key order) that
 * loads a replica created by sql/replica.sql with realistic, entirely
 * invented case histories.  The tool never writes to a database itself:
 *
 *   statreturn synth --children 10000 --seed 7 --year 2025 | psql -q
 *
 * Output is a pure function of the options (same options, same bytes).
 */
#ifndef STATRETURN_SYNTH_H
#define STATRETURN_SYNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"

struct synth_options {
    unsigned long children;  /* children with CIN history */
    uint64_t seed;
    int year;                /* collection end year the histories are centred on */
    int la;                  /* 3-digit LA code used in UPNs */
    double defects;          /* 0..1: share of children given one data-quality defect */
};

/* Writes the SQL to out.  Returns 0, or -1 with a message in err (bad
 * options, write failure). */
int synth_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen);

/* What the other generators may know of CIN child `index` (0-based, below
 * opt->children), exactly as synth_write generates it, so that looked-after
 * children and family members can be some of the same people. */
struct synth_person {
    char id[32];            /* ssd_person.pers_person_id */
    sr_date dob;            /* SR_DATE_NONE for an unborn child */
    sr_date death;          /* SR_DATE_NONE when alive */
    char sex;               /* M, F or U */
    bool has_upn;
    bool defect;            /* carries a seeded data-quality defect: best not reused */
};
void synth_person_facts(const struct synth_options *opt, unsigned long index, struct synth_person *out);

/* Extension generators: each writes its own COPY blocks (possibly more rows
 * for tables already written, e.g. new ssd_person rows with their own id
 * prefix) inside synth_write's transaction.  Deterministic for opt. */
int synth_cla_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen);       /* src/returns/ssda903/cla_synth.c: SSDA903 */
int synth_families_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen);  /* src/returns/families/families_synth.c */

#endif
