/*
 * Synthetic data for the Supporting Families tables.
 * The contract for these tables is not in sql/ yet, so this generator
 * writes no rows; it is called by synth_write inside its transaction.
 */
#include "synth.h"

int synth_families_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen)
{
    (void)opt;
    (void)out;
    (void)err;
    (void)errlen;
    return 0;
}
