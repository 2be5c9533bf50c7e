/*
 * Synthetic replica data, SSDA903 part: invented looked-after children,
 * as COPY blocks written after the CIN ones (pipeline/synth.c).
 */
#ifndef STATRETURN_CLA_SYNTH_H
#define STATRETURN_CLA_SYNTH_H

#include <stddef.h>
#include <stdio.h>

#include "synth/options.h"

/* Writes the SSDA903 COPY blocks to out.  Returns 0, or -1 with a message
 * in err. */
int synth_cla_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen);

#endif
