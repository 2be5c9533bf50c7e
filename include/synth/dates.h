/*
 * Dates the synthetic-data generators share.
 *
 * Each generator draws a natural history and then cuts it where a replica
 * read on the extract date would show it: six months after the census
 * reference date (31 March of the collection year), the same for every
 * generator so that the people they share agree.  SR_DATE_NONE stands for
 * "not (yet) happened" throughout.
 */
#ifndef STATRETURN_SYNTH_DATES_H
#define STATRETURN_SYNTH_DATES_H

#include "core/date.h"

#define SYNTH_EXTRACT_MONTHS 6

/* The day the replica is read, for collection end year `year`. */
sr_date synth_extract_date(int year);

/* The 1 September a child born on dob starts reception class. */
sr_date synth_reception_start(sr_date dob);

/* The later (earlier) of two dates, one of which may be SR_DATE_NONE. */
static inline sr_date synth_dmax(sr_date a, sr_date b)
{
    if (a == SR_DATE_NONE)
        return b;
    if (b == SR_DATE_NONE)
        return a;
    return a > b ? a : b;
}

static inline sr_date synth_dmin(sr_date a, sr_date b)
{
    if (a == SR_DATE_NONE)
        return b;
    if (b == SR_DATE_NONE)
        return a;
    return a < b ? a : b;
}

#endif
