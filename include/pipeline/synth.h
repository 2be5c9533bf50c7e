/*
 * `statreturn synth`: synthetic replica data.
 *
 * Writes SQL (COPY blocks, in foreign-key order) that loads a replica
 * created by sql/replica.sql with realistic, entirely invented case
 * histories.  The tool never writes to a database itself:
 *
 *   statreturn synth --children 10000 --seed 7 --year 2025 | psql -q
 *
 * Output is a pure function of the options (same options, same bytes).
 */
#ifndef STATRETURN_PIPELINE_SYNTH_H
#define STATRETURN_PIPELINE_SYNTH_H

#include <stddef.h>
#include <stdio.h>

#include "synth/options.h"

/* Writes the SQL to out (which stays the caller's).  Returns 0, or -1 with
 * a message in err (bad options, write failure). */
int synth_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen);

#endif
