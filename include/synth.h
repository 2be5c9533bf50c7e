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

#include <stdint.h>
#include <stdio.h>

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

#endif
