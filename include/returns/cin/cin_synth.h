/*
 * Synthetic replica data, CIN part: invented Children in Need case
 * histories (ssd_person, ssd_linked_identifiers, ssd_disability and the
 * CIN tables), written as COPY blocks in foreign-key order.
 *
 * pipeline/synth.c writes them first, inside its transaction; the other
 * returns' generators reuse some of these children through
 * cin_synth_person_facts, which the pipeline hands them as a
 * synth_person_fn (they do not include this header).
 */
#ifndef STATRETURN_CIN_SYNTH_H
#define STATRETURN_CIN_SYNTH_H

#include <stddef.h>

#include "synth/options.h"
#include "synth/sink.h"

/* Writes the CIN COPY blocks to s.  opt has passed synth_options_check.
 * Returns 0 (write failures stay in s, for sink_close), or -1 with a
 * message in err. */
int cin_synth_write(const struct synth_options *opt, struct synth_sink *s, char *err, size_t errlen);

/* A synth_person_fn: what the other generators may know of CIN child
 * `index`, exactly as cin_synth_write writes the child. */
void cin_synth_person_facts(const struct synth_options *opt, unsigned long index, struct synth_person *out);

#endif
