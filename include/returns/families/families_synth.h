/*
 * Synthetic replica data, Supporting Families part: invented households
 * (ssd_person, ssd_family, ssd_address, NI numbers and UPNs), early help
 * episodes and the sf_ extension tables, as COPY blocks in foreign-key
 * order.  pipeline/synth.c writes them last, inside its transaction.
 */
#ifndef STATRETURN_FAMILIES_SYNTH_H
#define STATRETURN_FAMILIES_SYNTH_H

#include "synth/options.h"
#include "synth/sink.h"

/* Writes the families COPY blocks to s (write failures stay in s, for
 * sink_close).  opt has passed synth_options_check; cin_person gives the
 * facts of the CIN children some families include (never NULL). */
void families_synth_write(const struct synth_options *opt, synth_person_fn *cin_person, struct synth_sink *s);

#endif
