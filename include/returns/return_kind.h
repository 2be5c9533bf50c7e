/*
 * What a return is to the pipeline.
 *
 * Each return's folder (returns/cin, returns/ssda903, returns/families)
 * implements the parts below, and returns/registry.c lists the returns:
 * adding a return is a new folder and one line there.  The pipeline
 * (pipeline/build.c) drives a build through the return's builder:
 *
 *   setup      check the request, load the year's specs and policies,
 *              name the parts (one manifest each) and the output files
 *   (pipeline) keys, output names free, one read-only snapshot
 *   open       contract check, cursors
 *   (pipeline) temporary outputs; for each pass, each record:
 *   next       the next record from the replica
 *   treat      policy treatments and the writability check (source defects)
 *   write      the record into the temporary outputs, while no defect is
 *              known
 *   finish     close writers, schema check, the DfE rules into the report
 *   (pipeline) hashes, report, manifests, commit of the whole set or nothing
 *   summary    what was written, for the operator
 *
 * The header is the seam between the two: returns include it, never the
 * pipeline's headers.
 */
#ifndef STATRETURN_RETURNS_RETURN_KIND_H
#define STATRETURN_RETURNS_RETURN_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "findings/defects.h"
#include "findings/report.h"
#include "io/db.h"
#include "io/outset.h"
#include "privacy/manifest.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"

/* A return's own wording of an option in `build RETURN --help` or `report
 * RETURN --help` (e.g. what --format takes for this return); the option
 * itself, and whether it is listed, come from the command's option table.
 * Arrays end with a row whose name is NULL. */
struct option_help {
    const char *name;              /* "format" */
    const char *arg;               /* "xml|csv|both" */
    const char *help;
};

/* The options of `build RETURN` beyond the shared ones, as bits: a
 * return's builder lists those it accepts. */
enum build_option {
    BUILD_OPT_YEAR = 1u << 0,
    BUILD_OPT_PERIOD = 1u << 1,
    BUILD_OPT_KIND = 1u << 2,
    BUILD_OPT_FORMAT = 1u << 3,
    BUILD_OPT_PROFILE = 1u << 4,
    BUILD_OPT_POLICY = 1u << 5,
    BUILD_OPT_OUTPUT = 1u << 6,
    BUILD_OPT_LAYOUT_DIR = 1u << 7,
    BUILD_OPT_SERIAL_NO = 1u << 8,
    BUILD_OPT_REPORT_FORMAT = 1u << 9,
    BUILD_OPT_PSEUDONYMISE_IDS = 1u << 10,
    BUILD_OPT_RUN_DATE = 1u << 11,
    BUILD_OPT_STATE_DIR = 1u << 12,
    BUILD_OPT_FULL = 1u << 13,
    BUILD_OPT_COHORT = 1u << 14,
    BUILD_OPT_API_SCHEMA = 1u << 15
};

/* What the command line and the configuration ask of a build.  The shared
 * part is filled for every return (configuration defaults applied); the
 * rest only where the return accepts the option (NULL / 0 when not given). */
struct build_request {
    const struct config *cfg;      /* key_file.NAME and other lookups */
    const char *la;                /* three digits, checked */
    const char *dsn;
    const char *schema;
    const char *output_dir;        /* exists: checked by the pipeline */
    const char *key_file;
    const char *key_env;
    int statement_timeout_s;
    int fetch_batch;               /* 0: the default */
    bool force;

    int year;
    const char *period;
    const char *kind;
    const char *format;
    const char *profile;
    const char *policy_path;
    const char *output;
    const char *layout_dir;
    const char *serial_no;
    const char *report_format;
    bool pseudonymise_ids;
    /* CSC API */
    const char *run_date;          /* YYYY-MM-DD; NULL: today */
    const char *state_dir;         /* NULL: output_dir */
    bool full;                     /* every child, changed or not */
    const char *cohort_path;
    const char *api_schema;
};

#define BUILD_MAX_PARTS  2
#define BUILD_MAX_COUNTS 24

/* One manifest: a policy and the files it covers. */
struct build_part {
    const char *ret;                  /* manifest "return": "cin", "903", "families-nis" */
    const char *period;               /* manifest "period": "2025", "2025-03" */
    const struct policy *policy;      /* the return's; outlives the build */
    const char *label;                /* prefix of its messages ("fpd"), or NULL */
    const char *noun;                 /* what its policy is called: "policy", "layout" */
    const char *treats;               /* what it pseudonymises: "fields", "columns" */
    struct pseudo_key key;            /* loaded by the pipeline when the policy needs one */
    struct strbuf manifest_path;      /* set by setup */
    size_t first_output, n_outputs;   /* outset entries it lists (folders are skipped) */
    size_t manifest;                  /* its outset entry, declared by the pipeline */
    struct manifest_count counts[BUILD_MAX_COUNTS];
    size_t n_counts;                  /* filled by finish */
    struct manifest_count excluded[4];
    size_t n_excluded;
    const char *group_name;           /* manifest counts under a name of their own, or NULL */
    struct manifest_count group[8];
    size_t n_group;
    const char *notes[2];             /* manifest "notes"; owned by the return */
    size_t n_notes;
};

/* A build in progress.  The pipeline owns it; the return keeps its own
 * state behind `state` and frees it in release. */
struct build {
    const struct build_request *req;
    struct outset *out;               /* the return's files, then report and manifests */
    struct db *db;                    /* the snapshot, from before open to after finish */
    struct report *report;            /* the return's validation report, or NULL */
    struct strbuf report_path;        /* set with report */
    const char *report_format;        /* "csv", "json", "html", "text" */
    struct defect_log defects;        /* heading set by setup */
    struct build_part parts[BUILD_MAX_PARTS];
    size_t n_parts;
    size_t n_passes;                  /* record passes (0 is taken as 1) */
    char (*sha)[65];                  /* SHA-256 of each outset entry, before summary */
    void *state;
};

/* Sets a part's manifest return name, period, policy (called a "policy",
 * pseudonymising "fields"; a return may rename them after) and the outset
 * entries it lists. */
static inline void build_part_set(struct build_part *part, const char *ret, const char *period,
                                  const struct policy *policy, size_t first_output, size_t n_outputs)
{
    part->ret = ret;
    part->period = period;
    part->policy = policy;
    part->noun = "policy";
    part->treats = "fields";
    part->first_output = first_output;
    part->n_outputs = n_outputs;
}

/* The pseudonymisation key of part p, or NULL when it has none. */
static inline const struct pseudo_key *build_key(const struct build *b, size_t p)
{
    return b->parts[p].key.bytes ? &b->parts[p].key : NULL;
}

struct return_builder {
    const char *usage;                /* `build RETURN --help`, before the options */
    const struct option_help *option_help;   /* or NULL */
    unsigned options;                 /* enum build_option bits */
    enum sr_status (*setup)(struct build *b);
    /* With the snapshot open. */
    enum sr_status (*open)(struct build *b);
    /* Optional: before and after the records of pass p. */
    enum sr_status (*begin_pass)(struct build *b, size_t pass);
    enum sr_status (*end_pass)(struct build *b, size_t pass);
    /* 1 and *rec (memory from a, reset for each record), 0 at the end of
     * the pass, -1 with the message in err and the cause in *why. */
    int (*next)(struct build *b, size_t pass, struct arena *a, void **rec, struct strbuf *err,
                enum db_status *why);
    void (*treat)(struct build *b, struct arena *a, void *rec);
    enum sr_status (*write)(struct build *b, void *rec);
    /* The closing error when there were source defects (nothing written). */
    void (*defects_summary)(const struct build *b);
    enum sr_status (*finish)(struct build *b);
    void (*summary)(const struct build *b);
    /* Optional: the status of a committed build when it is not simply
     * "rule errors or not" (the CSC API: records kept out). */
    enum sr_status (*outcome)(const struct build *b);
    void (*release)(struct build *b);
};

/* ---- the fields-shared report (`report RETURN`) ------------------------- */

/* The options of `report RETURN` beyond the shared ones. */
enum shared_option {
    SHARED_OPT_YEAR = 1u << 0,
    SHARED_OPT_PERIOD = 1u << 1,
    SHARED_OPT_KIND = 1u << 2,
    SHARED_OPT_PROFILE = 1u << 3,
    SHARED_OPT_POLICY = 1u << 4,
    SHARED_OPT_PSEUDONYMISE_IDS = 1u << 5,
    SHARED_OPT_LAYOUT_DIR = 1u << 6,
    SHARED_OPT_RUN_DATE = 1u << 7,
    SHARED_OPT_COHORT = 1u << 8
};

struct shared_request {
    const struct config *cfg;
    const char *la;                   /* may be NULL: not given */
    const char *key_file;
    const char *key_env;
    bool offline;                     /* the policies only, no replica */
    int year;
    const char *period;
    const char *kind;
    const char *profile;
    const char *policy_path;
    const char *layout_dir;
    bool pseudonymise_ids;
    const char *run_date;             /* YYYY-MM-DD; NULL: today (CSC API) */
    const char *cohort_path;          /* NULL: the shipped cohort settings (CSC API) */
};

/* What a return shares, field by field, with whom, how and why, for a data
 * protection officer, without writing any return.  The pipeline
 * (pipeline/shared_report.c) loads, counts from one snapshot unless
 * offline, renders, and writes the report. */
struct return_shared {
    const char *usage;                /* `report RETURN --help`, before the options */
    const struct option_help *option_help;   /* or NULL */
    unsigned options;                 /* enum shared_option bits */
    const char *const *formats;       /* NULL-terminated: "text", "json", ... */
    /* Checks the request and loads the policies; NULL with *st after a
     * message. */
    void *(*load)(const struct shared_request *req, enum sr_status *st);
    /* What each policy would share, counted from the snapshot. */
    enum sr_status (*count)(void *state, struct db *db, const char *snapshot);
    /* 0, or -1 when a writer was misused (a bug). */
    int (*render)(void *state, const char *format, struct strbuf *out);
    void (*release)(void *state);
};

struct return_kind {
    const char *name;                 /* the command-line word: "cin", "903", "families" */
    const char *title;                /* "CIN census" */
    const struct return_builder *builder;
    const struct return_shared *shared;   /* NULL: no fields-shared report yet */
};

#endif
