/*
 * Data-sharing policies: what each output field is, where it comes from,
 * who receives it, why, on what lawful basis, and how it is treated.
 *
 * A return's writer knows its fields only through a field catalogue (a
 * static table per return, e.g. cin_fields.c).  A policy file
 * (specs/<return>/policy_<recipient>.conf) must list every field of that
 * catalogue exactly once with a treatment; loading fails otherwise.  So a
 * field added to a writer without a policy line stops the build, and a
 * dropped field is never selected from the replica.  A return whose fields
 * change with the collection year (the SSDA903: a table new in 2026-27)
 * keeps one policy for all its years: its catalogue names the fields of its
 * other years, and the loader passes over their lines.
 *
 * Policy file format (line-based; '#' starts a comment):
 *
 *   policy    = cin-dfe                 name used in manifests
 *   version   = 2025.1
 *   return    = cin                     must match the catalogue
 *   recipient = Department for Education
 *   purpose   = dfe-returns             default purpose (id in purposes.conf)
 *   key       = dfe                     key name for pseudonymised fields
 *   pseudonymise-ids = ChildIdentifiers/LAchildID
 *                                       fields --pseudonymise-ids switches
 *   field ChildIdentifiers/UPN  ssd_linked_identifiers.link_identifier_value  clear  [purpose=ID] [special]
 *
 * A year layer (policy_<profile>_<year>.conf, for a year whose return has
 * fields the earlier years' have not) starts with "base = FILE", a policy
 * in the same folder, read as if its lines came first; the layer lists the
 * new fields and may give its own "policy" and "version", and everything
 * else is the base's.  So the earlier years' policy file, and the
 * manifests that quote its hash, stay as they were.
 *
 * Treatments: clear, pseudonymise (keyed HMAC), month (date moved to the
 * 1st of its month), sector (postcode cut to its sector), drop.
 *
 * Purposes live in specs/purposes.conf, sections of key = value lines:
 *
 *   [dfe-returns]
 *   notice  = the purpose in the words of the privacy notice
 *   basis   = lawful basis (UK GDPR Article 6 and the statute)
 *   special_basis = condition for special category data (Article 9)
 */
#ifndef STATRETURN_POLICY_H
#define STATRETURN_POLICY_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

enum field_kind { FK_TEXT, FK_CODE, FK_DATE, FK_ID, FK_BOOL, FK_INT, FK_POSTCODE, FK_DATETIME };

enum treatment { TR_CLEAR, TR_PSEUDONYMISE, TR_MONTH, TR_SECTOR, TR_DROP, TR__COUNT };

struct field_def {
    const char *name;         /* qualified element/column name, e.g. "ChildIdentifiers/UPN" */
    const char *source;       /* "table.column", "derived: ..." or "config: ..." */
    enum field_kind kind;
    bool required;            /* schema requires it: cannot be dropped */
    bool personal;            /* personal data about the child */
    const char *about;        /* one line for reports */
};

struct field_catalogue {
    const char *ret;          /* "cin" */
    const struct field_def *fields;
    size_t n;
    /* The names of the fields the return has only in other collection
     * years, or NULL (n_other 0): a policy line naming one is passed over
     * unread, so that one policy serves every year. */
    const char *const *other;
    size_t n_other;
};

struct purpose {
    char *id;
    char *notice;
    char *basis;
    char *special_basis;      /* may be NULL */
    unsigned line;            /* line of its [id] header, for messages */
};

struct purposes {
    struct purpose *items;
    size_t n;
    char *path;
};

struct policy_entry {
    enum treatment treatment;
    const struct purpose *purpose;   /* points into the policy's purposes */
    bool special;                    /* special category data (Article 9) */
    unsigned line;                   /* line in the policy file */
};

struct policy {
    char *path;
    char *base_path;                 /* the base of a year layer, or NULL */
    char *name;
    char *version;
    char *ret;
    char *recipient;
    char *key_name;                  /* may be NULL when nothing is pseudonymised */
    const struct field_catalogue *catalogue;
    struct policy_entry *entries;    /* catalogue->n entries, by catalogue index */
    bool *pseudonymisable;           /* catalogue->n flags from pseudonymise-ids */
    struct purposes purposes;
};

const char *treatment_name(enum treatment t);
const char *field_kind_name(enum field_kind k);

int purposes_load(struct purposes *ps, const char *path, char *err, size_t errlen);
void purposes_release(struct purposes *ps);
const struct purpose *purposes_find(const struct purposes *ps, const char *id);

/* The shipped policy of a profile: DATADIR/specs/<dir>/policy_<profile>.conf
 * (dir: "cin", "903").  -1 with a message when the profile name is not
 * lower-case letters, digits, '-' and '_' (it becomes part of a path). */
int policy_profile_path(struct strbuf *out, const char *dir, const char *profile, char *err, size_t errlen);

/* Every profile of a return (dir: "cin", "903"): its policy_NAME.conf,
 * not the year layers, in the configuration directory (a council's own
 * profile, or an edited copy) or shipped; each path as policy_profile_path
 * gives it, dfe first, then by name.  The count; *out (never NULL) and its
 * strings are the caller's to free. */
size_t policy_profiles(const char *dir, char ***out);

/* How many years back policy_profile_path_year looks for a year layer. */
#define POLICY_LAYER_YEARS 50

/* The shipped policy of a profile for collection year `year`: the latest
 * year layer DATADIR/specs/<dir>/policy_<profile>_<Y>.conf with Y <= year,
 * else the profile's own file (as policy_profile_path). */
int policy_profile_path_year(struct strbuf *out, const char *dir, const char *profile, int year, char *err,
                             size_t errlen);

/* Loads and checks a policy against a catalogue; purposes_path names the
 * purposes file.  Every problem is reported as "file:line: reason" in err
 * (the first one; the policy is rejected as a whole). */
int policy_load(struct policy *p, const struct field_catalogue *cat, const char *path,
                const char *purposes_path, char *err, size_t errlen);
void policy_release(struct policy *p);

/* Applies --pseudonymise-ids: fields listed under pseudonymise-ids become
 * pseudonymised.  Returns the number of fields switched. */
size_t policy_pseudonymise_ids(struct policy *p);
/* True when any field is pseudonymised (a key is then required). */
bool policy_needs_key(const struct policy *p);

static inline enum treatment policy_treatment(const struct policy *p, size_t field)
{
    return p->entries[field].treatment;
}
static inline bool policy_emits(const struct policy *p, size_t field)
{
    return p->entries[field].treatment != TR_DROP;
}

/* Index of a catalogue field by name, or (size_t)-1. */
size_t catalogue_find(const struct field_catalogue *cat, const char *name);

#endif
