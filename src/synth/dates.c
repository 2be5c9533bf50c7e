/*
 * Dates the synthetic-data generators share; see dates.h.
 */
#include "core/date.h"
#include "synth/dates.h"

sr_date synth_extract_date(int year)
{
    return date_add_months(census_reference_date(year), SYNTH_EXTRACT_MONTHS);
}

sr_date synth_reception_start(sr_date dob)
{
    int y, m, d;
    date_to_ymd(dob, &y, &m, &d);
    return date_from_ymd(y + (m >= 9 ? 5 : 4), 9, 1);
}
