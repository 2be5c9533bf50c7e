/*
 * The run manifest: a JSON record, written beside a return, of what was
 * shared: the return and period, the snapshot it came from, counts, each
 * output file with its SHA-256, the validation summary, the policy (name,
 * version, file hash) and every field with its source, treatment, purpose
 * and category, and the pseudonymisation key's fingerprint (never the key).
 * It carries no personal value.  Shared by every return's build.
 */
#ifndef STATRETURN_MANIFEST_H
#define STATRETURN_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "io/json_writer.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"

struct manifest_count {
    const char *name;
    size_t value;
};

struct manifest_output {
    const char *path;
    const char *sha256;      /* 64 hex characters */
};

struct manifest {
    const char *ret;                        /* "cin", "903", "families-nis", ... */
    const char *period;                     /* "2025" (collection end year) or "2025-03" */
    const char *la;
    const char *snapshot;                   /* database snapshot time (UTC, ISO 8601) */
    const struct manifest_count *counts;    size_t n_counts;
    const struct manifest_count *excluded;  size_t n_excluded;   /* people left out, by reason */
    /* Counts of one kind under a name of their own, after "excluded" (the
     * CSC API's rows that no episode could take, block by block); written
     * only when group_name is set. */
    const char *group_name;
    const struct manifest_count *group;     size_t n_group;
    const struct manifest_output *outputs;  size_t n_outputs;
    bool validated;                         /* errors/queries/report below are meaningful */
    size_t errors, queries;
    size_t expected;                        /* findings expected for the profile: in neither count */
    const char *report_path;
    const struct policy *policy;
    const struct pseudo_key *key;           /* NULL when nothing was pseudonymised */
    /* What the files hold that the counts and fields cannot say (a table
     * left out of one format), as sentences without personal values;
     * written as "notes" only when there is one. */
    const char *const *notes;               size_t n_notes;
};

/* Writes the members "field", "source", "treatment", "purpose" and
 * "special_category" of catalogue field i into the object w has open (the
 * caller opens and closes it, and may add members): the manifest and the
 * DPO report both use it, so their field lists can be compared line for
 * line. */
void manifest_field_json(struct json_writer *w, const struct policy *p, size_t i);

/* Renders the manifest as JSON, appended to out (for tests and the
 * report).  0, or -1 when the writer was misused (a bug). */
int manifest_render(struct strbuf *out, const struct manifest *m);
/* Writes it atomically (0600) to path.  -1 with a message in err. */
int manifest_write(const char *path, bool force, const struct manifest *m, char *err, size_t errlen);

#endif
