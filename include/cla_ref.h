/*
 * Reference data for the SSDA903 rules that DfE runs against lists the
 * council does not submit: the Ofsted provider list (`--providers FILE`)
 * and postcode geography (`--postcodes FILE`, a CSV in the ONS Postcode
 * Directory layout, read by the column names pcds, oseast1m, osnrth1m and
 * oslaua; other columns ignored).
 *
 * From the postcodes come the fields DfE derives and no council submits
 * (notes/ssda903.md section 6): the placement distance (PL_DISTANCE, miles
 * between HOME_POST and PL_POST), the placement's local authority (PL_LA)
 * and whether it is in the council's own area (PL_LOCATION).  The rules
 * that use them (164, 169, 179, 406, 411, 420, 452, 453, 454, 503G/H/J,
 * 1015) call cla_ref_derive; without a postcode file they are reported as
 * not run, never as failing.
 *
 * A loaded cla_ref is immutable and may be shared.  Tests build one by hand
 * with cla_ref_new and the _add functions.  No message holds a value read
 * from the files (a postcode is personal data when it is a child's home).
 */
#ifndef STATRETURN_CLA_REF_H
#define STATRETURN_CLA_REF_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

/* One Ofsted-registered provider (a row of the --providers file). */
struct cla_provider {
    const char *urn;
    const char *postcode;        /* registered postcode, or NULL */
    const char *provider_type;   /* Ofsted's provider type, as given, or NULL */
    /* The 903 placement codes (PL) this provider may take, space-separated
     * (e.g. "K2" for a children's home), derived from the provider type;
     * NULL when not known. */
    const char *places;
    const char *place_provider;  /* PR0..PR5 from the ownership, or NULL */
    const char *la;              /* the local authority the provider is in, or NULL */
    sr_date reg_end;             /* registration ended; SR_DATE_NONE when still registered */
};

/* One postcode of the directory. */
struct cla_postcode {
    long easting, northing;      /* oseast1m, osnrth1m (metres) */
    bool has_grid;               /* both given */
    const char *la;              /* oslaua: the local authority code, or NULL */
};

/* The derived placement fields of one episode. */
struct cla_derived {
    bool has_distance;           /* PL_DISTANCE would be given */
    double distance;             /* miles, rounded to 0.1; 999.9 as DfE's guidance says
                                    when the home is outside England or not known */
    const char *pl_la;           /* PL_LA; NULL when PL_POST is blank or unknown */
    const char *pl_location;     /* "IN", "OUT" or NULL (needs the council's own LA) */
};

struct cla_ref;

/* An empty set (no providers, no postcodes). */
struct cla_ref *cla_ref_new(void);
void cla_ref_free(struct cla_ref *r);

/* Loads a --providers CSV file (layout documented in README.md) / a
 * --postcodes CSV file (ONS Postcode Directory layout).  0, or -1 with a
 * one-line message naming the file (and line) in err. */
int cla_ref_load_providers(struct cla_ref *r, const char *path, char *err, size_t errlen);
int cla_ref_load_postcodes(struct cla_ref *r, const char *path, char *err, size_t errlen);

/* Adds one entry (copied); for tests and the loaders. */
void cla_ref_add_provider(struct cla_ref *r, const struct cla_provider *p);
void cla_ref_add_postcode(struct cla_ref *r, const char *postcode, const struct cla_postcode *pc);

bool cla_ref_has_providers(const struct cla_ref *r);
bool cla_ref_has_postcodes(const struct cla_ref *r);

/* Lookups; NULL when unknown.  Postcodes match whatever their spacing and
 * case. */
const struct cla_provider *cla_ref_provider(const struct cla_ref *r, const char *urn);
const struct cla_postcode *cla_ref_postcode(const struct cla_ref *r, const char *postcode);

/* The derived fields of an episode with these postcodes, for a council
 * whose own LA code is own_la (NULL: PL_LOCATION unknown). */
void cla_ref_derive(const struct cla_ref *r, const char *own_la, const char *home_post, const char *pl_post,
                    struct cla_derived *out);

#endif
