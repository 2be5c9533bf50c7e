/*
 * Synthetic replica data, SSDA903 part: invented looked-after children
 * (ssd_person rows of their own, addresses, placements, episodes, legal
 * statuses, reviews, missing episodes, permanence, health, care leavers,
 * social workers), as COPY blocks in foreign-key order.
 *
 * pipeline/synth.c writes them after the CIN blocks, inside its
 * transaction.  About 30% of the looked-after children are CIN children,
 * learned of through the synth_person_fn it hands over.
 */
#ifndef STATRETURN_CLA_SYNTH_H
#define STATRETURN_CLA_SYNTH_H

#include <stddef.h>

#include "synth/options.h"
#include "synth/sink.h"

/* Writes the SSDA903 COPY blocks to s (nothing for fewer than 8 children).
 * opt has passed synth_options_check; cin_person gives the facts of CIN
 * children (never NULL).  Returns 0 (write failures stay in s, for
 * sink_close), or -1 with a message in err. */
int cla_synth_write(const struct synth_options *opt, synth_person_fn *cin_person, struct synth_sink *s, char *err,
                    size_t errlen);

#endif
