/*
 * The DfE CSC API feed (the daily children's social care data of DfE's
 * dashboard scheme) as a return: what its parts share.
 *
 *   csc_fields.c    the field catalogue (every field the payload can carry)
 *   csc_cohort.c    who is in the feed (specs/csc-api/cohort.conf)
 *   csc_source.c    the replica queries, one cursor per block, merged per
 *                   child into the schema's object (json_value.h trees)
 *   csc_schema.c    DfE's OpenAPI contract, read from the shipped file
 *   csc_codes.c     coded fields against the CIN census and SSDA903 lists
 *   csc_state.c     the change-only state store
 *   csc_build.c     `build csc-api`: batches, plan, manifest
 *   csc_send.c      `send csc-api`: token, POST, retries, receipts
 *   csc_validator.c `validate` on payload files
 *   csc_shared_report.c `report csc-api`
 */
#ifndef STATRETURN_RETURNS_CSCAPI_CSC_API_H
#define STATRETURN_RETURNS_CSCAPI_CSC_API_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/db.h"
#include "io/json_value.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"

extern const struct field_catalogue csc_catalogue;

/* ---- cohort (csc_cohort.c) ------------------------------------------------ */

enum csc_set {
    CSC_SET_REFERRAL,             /* a referral overlapping the window */
    CSC_SET_OPEN_NO_ASSESSMENT,   /* an open referral with no assessment */
    CSC_SET_CIN_PLAN,             /* a CIN plan overlapping the window */
    CSC_SET_LOOKED_AFTER,         /* a placement overlapping the window */
    CSC_SET_CARE_LEAVER,          /* 16-25, latest contact in the window, an open referral */
    CSC_SET_CP_PLAN,              /* a CP plan overlapping the window (off by default) */
    CSC_SET__N
};

struct csc_cohort {
    int months_back;              /* window start: 1 April of the year holding run date - this */
    int max_age;                  /* in the window at any age up to this */
    bool include[CSC_SET__N];
    char *restrict_table;         /* optional: only people listed in this table */
    char *restrict_column;
    char *path;
};

const char *csc_set_name(enum csc_set s);
/* Loads the cohort file (NULL: the shipped specs/csc-api/cohort.conf).
 * -1 with "file:line: reason" in err. */
int csc_cohort_load(struct csc_cohort *c, const char *path, char *err, size_t errlen);
void csc_cohort_release(struct csc_cohort *c);

struct csc_window {
    sr_date run, start, end;      /* end = run date + 1 day */
    char start_iso[11], end_iso[11], run_iso[11], max_age[8];
};
void csc_window_of(const struct csc_cohort *c, sr_date run, struct csc_window *w);

/* ---- the source (csc_source.c) ------------------------------------------ */

struct csc_source;

/* One child as read, its record built and treated under the policy. */
struct csc_child {
    const char *id;               /* la_child_id as sent */
    const char *person_id;        /* the replica's id */
    struct jv *rec;               /* the schema object */
    bool in_set[CSC_SET__N];
    struct strbuf *problems;      /* record problems found while building (JSON path: what) */
    size_t n_problems;
};

/* The replica contract: every table and column the policy and cohort
 * need, of a usable type.  DB_MISSING with every problem named in err. */
enum db_status csc_contract(struct db *db, const struct policy *pol, const struct csc_cohort *c, struct strbuf *err);

/* Checks the contract (csc_contract), then opens every cursor the policy
 * needs (a block whose fields are all dropped is not read). */
enum db_status csc_source_open(struct csc_source **out, struct db *db, const struct policy *pol,
                               const struct pseudo_key *key, const struct csc_cohort *c,
                               const struct csc_window *w, int fetch_batch, struct strbuf *err);
/* 1 and *child (memory from a), 0 at the end, -1 with err. */
int csc_source_next(struct csc_source *s, struct arena *a, struct csc_child *child, struct strbuf *err);
enum db_status csc_source_status(const struct csc_source *s);
/* The i-th block that DfE's schema has only inside an episode (its name
 * there, "child_looked_after_placements") and how many of its rows read so
 * far no episode of the child in the window could take, so were left out;
 * false past the last block.  A count, never whose rows they were. */
bool csc_source_not_tied(const struct csc_source *s, size_t i, const char **block, size_t *n);
void csc_source_close(struct csc_source *s);

/* The cohort's size by inclusion set, for the report: counts[CSC_SET__N]
 * is everyone. */
enum db_status csc_cohort_count(struct db *db, const struct csc_cohort *c, const struct csc_window *w,
                                size_t counts[CSC_SET__N + 1], struct strbuf *err);

/* ---- change detection and the state store (csc_state.c) ------------------ */

/* Keys left out of the change hash: system ids that a case-management
 * system may renumber overnight without any change to the child's data
 * (every "*_id" but la_child_id and worker_id). */
bool csc_volatile_key(const char *key);

enum csc_status { CSC_ACCEPTED, CSC_REJECTED, CSC_PURGED };

struct csc_state_entry {
    char *id;
    char hash[65];
    enum csc_status status;
    char *receipt;                /* may be NULL */
    char when[21];                /* UTC, ISO 8601 */
};

struct csc_state {
    char *dir, *path, *journal_path;
    struct pseudo_key key;
    struct csc_state_entry *e;
    size_t n, cap;
    bool sorted;                  /* e is in id order */
    size_t *slots, n_slots;       /* the index: entry number + 1, 0 for empty */
};

/* Opens the store of LA la in dir: the key (created, mode 0600, on first
 * use when create), the state file and any journal left by a run that
 * stopped (replayed).  -1 with err. */
int csc_state_open(struct csc_state *st, const char *dir, const char *la, bool create, char *err, size_t errlen);
void csc_state_release(struct csc_state *st);
/* The keyed hash of a record's meaningful content (volatile ids left
 * out), as 64 hex characters. */
void csc_state_hash(const struct csc_state *st, const struct jv *rec, char out[65]);
struct csc_state_entry *csc_state_find(struct csc_state *st, const char *id);
/* Puts the entries in id order (entry pointers found before are stale). */
void csc_state_sort(struct csc_state *st);
/* One outcome for the journal: status "accepted", "rejected" or "purged". */
struct csc_outcome {
    const char *id, *hash, *status, *receipt;
};
/* Journals n outcomes with one write and one fsync, then applies them.
 * -1 with err (nothing applied). */
int csc_state_journal(struct csc_state *st, const struct csc_outcome *o, size_t n, char *err, size_t errlen);
/* Applies an outcome in memory (as replaying the journal does). */
void csc_state_apply(struct csc_state *st, const char *id, const char *hash, const char *status,
                     const char *receipt, const char *when);
/* Writes the whole store (temporary, fsync, rename, fsync the directory)
 * and removes the journal.  -1 with err. */
int csc_state_save(struct csc_state *st, char *err, size_t errlen);

/* ---- sending (csc_send.c) ------------------------------------------------ */

struct csc_send_request {
    const char *la;
    const char *payload;          /* the .jsonl; its plan is beside it */
    const char *state_dir;
    const char *api_url;          /* base URL; the operation's path is added */
    const char *token_url, *client_id, *scope;
    const char *secret_file;      /* NULL: $CREDENTIALS_DIRECTORY/csc-api-client-secret */
    const char *supplier_key_file;/* NULL: $CREDENTIALS_DIRECTORY/csc-api-supplier-key */
    const char *ca_file;
    bool dry_run;
    int attempts;                 /* per batch, in all */
    int backoff_ms;               /* first wait; doubles, at most 30 s */
};

enum sr_status csc_send(const struct csc_send_request *rq);

/* ---- file names ------------------------------------------------------------ */

/* "csc_api_2025-03-31_201" into out. */
void csc_run_name(struct strbuf *out, const char *run_iso, const char *la);

#endif
