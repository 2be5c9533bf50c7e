/*
 * Reference data for the SSDA903 rules that DfE runs against lists the
 * council does not submit: the Ofsted provider list (`--providers FILE`)
 * and postcode geography (`--postcodes FILE`).
 *
 * --postcodes: a CSV in the ONS Postcode Directory (ONSPD) layout, read by
 * column name (header row, names case-insensitive, cells quoted or not):
 * pcds (the postcode), oseast1m and osnrth1m (grid reference in metres; both
 * blank allowed: no grid), oslaua (the local authority district) and, when
 * present, oscty (the county).  Other columns are ignored.  The LA kept for a
 * postcode is its upper-tier code, the form DfE's PL_LA takes (the public
 * validator maps the district to its upper-tier LA): the county code where
 * oscty is a county (E10...), else the oslaua code (unitary, metropolitan
 * and London authorities are their own upper tier).  Without an oscty
 * column a district of a two-tier county stays its E07 district code.
 *
 * --providers: a CSV we define, header row, columns by name (case, spaces
 * and underscores ignored; any order; others ignored):
 *   URN             required; the Ofsted unique reference number
 *   POSTCODE        the provider's registered postcode
 *   PROVIDER_TYPE   Ofsted's provider type text
 *   PLACES          the 903 placement codes (PL) it takes, separated by spaces,
 *                   commas or '/' as Ofsted writes them ("K1/K2"); when blank,
 *                   from PROVIDER_TYPE: supported accommodation -> K3
 *   PLACE_PROVIDER  its placement provider codes (PR0..PR5), same separators
 *   LA              the provider's upper-tier LA code (the PL_LA form); when
 *                   blank, rule 229 infers it from POSTCODE via --postcodes,
 *                   as the public validator does for every provider
 *   REG_END         registration end (DD/MM/YYYY, or YYYY-MM-DD); blank: open
 * Ofsted's own column names are accepted too (Setting postcode, Placement
 * code / Provider placement code, Placement provider code / Provider code,
 * Deregistration date / Closed date), so a sheet of Ofsted's children's homes
 * or social care providers list saved as CSV loads as it is.  A URN listed
 * twice is one provider: its first row, with the later rows chained to it
 * (cla_provider.next).  A supported accommodation provider registers once
 * with Ofsted but has premises in several LAs, one row each; rule 241
 * reads them all, the other URN rules the first row only.
 *
 * From the postcodes come the fields DfE derives and no council submits
 * (notes/ssda903.md section 6): the placement distance (PL_DISTANCE, miles
 * between HOME_POST and PL_POST), the placement's local authority (PL_LA)
 * and whether it is in the council's own area (PL_LOCATION).  The rules
 * that use them (164, 169, 179, 411, 420, 452, 453, 454, 503G/H/J, 1015)
 * call cla_ref_derive; without a postcode file they are reported as not run,
 * never as failing.
 *
 * A loaded cla_ref is immutable and may be shared.  Tests build one by hand
 * with cla_ref_new and the _add functions.  No message holds a value read
 * from the files (a postcode is personal data when it is a child's home).
 */
#ifndef STATRETURN_CLA_REF_H
#define STATRETURN_CLA_REF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

/* One Ofsted-registered provider (a row of the --providers file). */
struct cla_provider {
    const char *urn;
    const char *postcode;        /* registered postcode, or NULL */
    const char *provider_type;   /* Ofsted's provider type, as given, or NULL */
    /* The 903 placement codes (PL) this provider may take, space-separated
     * (e.g. "K2" for a children's home), derived from the provider type;
     * NULL when not known. */
    const char *places;          /* upper case, single spaces */
    /* PR0..PR5 codes the provider may be recorded as, space-separated, or NULL */
    const char *place_provider;
    const char *la;              /* its upper-tier LA code (PL_LA form), or NULL */
    sr_date reg_end;             /* registration ended; SR_DATE_NONE when still registered */
    /* The next row listed with the same URN (another of its premises), or
     * NULL.  Set by cla_ref_add_provider; ignored in what it is given. */
    const struct cla_provider *next;
};

/* One postcode of the directory. */
struct cla_postcode {
    long easting, northing;      /* oseast1m, osnrth1m (metres) */
    bool has_grid;               /* both given */
    /* The upper-tier LA code (see above; oslaua, or oscty for two-tier
     * areas), or NULL */
    const char *la;
};

/* PL_DISTANCE when a postcode was submitted but is not in the directory:
 * outside DfE's 0.0-999.9, which is what rule 164 reports. */
#define CLA_DISTANCE_INVALID (-1.0)

/*
 * The derived placement fields of one episode.  "Provided" for these fields
 * means derivable from what the council submitted: PL_DISTANCE is provided
 * once HOME_POST or PL_POST is given (so a child with neither has a blank
 * distance, as DfE expects for UASC and V3/V4), PL_LA once PL_POST is a known
 * postcode.
 */
struct cla_derived {
    bool has_distance;           /* PL_DISTANCE provided (HOME_POST or PL_POST given) */
    /* Miles, rounded to 0.1 (half away from zero): straight line between the
     * grid references / 1000 / 1.6093.  999.9 as DfE's guidance says when
     * either postcode is blank, the home is outside England, or a postcode
     * has no grid reference; CLA_DISTANCE_INVALID when either given postcode
     * is not in the directory. */
    double distance;
    /* PL_LA: the placement postcode's upper-tier LA code (E06/E08/E09/E10),
     * "SCO", "WAL", "NIR" for Scotland, Wales, Northern Ireland (ONSPD codes
     * S, W, N), "NUK" for the Channel Islands and Isle of Man (L, M); NULL
     * when PL_POST is blank or unknown. */
    const char *pl_la;
    /* "IN" when pl_la is the council's own LA, "OUT" otherwise; NULL when
     * pl_la is or the council's LA is not known. */
    const char *pl_location;
};

struct cla_ref;

/* An empty set (no providers, no postcodes). */
struct cla_ref *cla_ref_new(void);
void cla_ref_free(struct cla_ref *r);

/* Loads a --providers CSV file / a --postcodes CSV file (layouts above),
 * adding to what r holds.  0, or -1 with a one-line message naming the file
 * (and line) in err; r may then hold part of the file.  The full ONSPD
 * (2.7 million postcodes) takes about 64 MB. */
int cla_ref_load_providers(struct cla_ref *r, const char *path, char *err, size_t errlen);
int cla_ref_load_postcodes(struct cla_ref *r, const char *path, char *err, size_t errlen);

/* Adds one entry (copied; a provider's codes normalised as above, a
 * provider already listed ignored, a postcode replaced); for tests and the
 * loaders.  A postcode that is not 2-7 letters and digits (spaces aside) is
 * ignored. */
void cla_ref_add_provider(struct cla_ref *r, const struct cla_provider *p);
void cla_ref_add_postcode(struct cla_ref *r, const char *postcode, const struct cla_postcode *pc);

bool cla_ref_has_providers(const struct cla_ref *r);
bool cla_ref_has_postcodes(const struct cla_ref *r);

/* Lookups; NULL when unknown.  URNs match whatever their case; postcodes
 * whatever their spacing and case.  Postcodes are stored packed, so
 * cla_ref_postcode returns a copy that stays valid only until the next
 * call in the same thread: prefer cla_ref_lookup_postcode, which fills *out
 * and returns whether the postcode is known. */
const struct cla_provider *cla_ref_provider(const struct cla_ref *r, const char *urn);
const struct cla_postcode *cla_ref_postcode(const struct cla_ref *r, const char *postcode);
bool cla_ref_lookup_postcode(const struct cla_ref *r, const char *postcode, struct cla_postcode *out);

/* The derived fields of an episode with these postcodes (NULL: blank), for
 * a council whose own LA code is own_la (NULL: PL_LOCATION unknown).  r may
 * be NULL or hold no postcodes: then only has_distance means anything. */
void cla_ref_derive(const struct cla_ref *r, const char *own_la, const char *home_post, const char *pl_post,
                    struct cla_derived *out);

#endif
