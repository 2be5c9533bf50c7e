/*
 * The options of `statreturn synth`, checked once for every generator; see
 * options.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "core/upn.h"
#include "synth/options.h"

int synth_options_check(const struct synth_options *opt, char *err, size_t errlen)
{
    if (opt->children > SYNTH_MAX_CHILDREN) {
        snprintf(err, errlen, "synth: at most %lu children", SYNTH_MAX_CHILDREN);
        return -1;
    }
    if (opt->year < 2014 || opt->year > 2150) {
        snprintf(err, errlen, "synth: year %d is out of range (2014-2150)", opt->year);
        return -1;
    }
    char la[4];
    snprintf(la, sizeof la, "%03d", opt->la >= 0 && opt->la <= 999 ? opt->la : 0);
    if (opt->la < 0 || opt->la > 999 || !upn_la_code_valid(la, opt->year)) {
        snprintf(err, errlen, "synth: %d is not a valid LA code for UPNs (rule 1530)", opt->la);
        return -1;
    }
    if (!(opt->defects >= 0.0 && opt->defects <= 1.0)) {
        snprintf(err, errlen, "synth: the defect rate must be between 0 and 1");
        return -1;
    }
    return 0;
}

uint64_t synth_defect_threshold(double defects)
{
    if (defects >= 1.0)
        return UINT64_C(1) << 53;
    return (uint64_t)(defects * 9007199254740992.0);   /* 2^53 */
}
