/*
 * The replica connection: our own narrow interface over libpq, so nothing
 * else includes libpq-fe.h.
 *
 * A run opens one connection, starts one READ ONLY, REPEATABLE READ
 * transaction (one consistent snapshot), and streams rows through
 * server-side cursors fetched in batches.  Failures are classified so the
 * command can give the right message and exit status.
 */
#ifndef STATRETURN_DB_H
#define STATRETURN_DB_H

#include <stddef.h>

#include "core/status.h"
#include "core/strbuf.h"

enum db_status {
    DB_OK = 0,
    DB_CONNECT,       /* server unreachable, bad conninfo */
    DB_AUTH,          /* authentication failed */
    DB_PERMISSION,    /* insufficient privilege on a table */
    DB_TIMEOUT,       /* statement timeout */
    DB_GONE,          /* connection lost mid-run */
    DB_MISSING,       /* undefined table or column */
    DB_QUERY,         /* any other query error */
    DB_REFUSED        /* we refused to connect (password in the conninfo) */
};

struct db;
struct db_cursor;

/* Seconds libpq waits for the server when the user sets no connect_timeout
 * (in the conninfo, the pg_service.conf entry or PGCONNECT_TIMEOUT: each
 * of those wins over it). */
#define DB_DEFAULT_CONNECT_TIMEOUT "30"

struct db_options {
    const char *conninfo;          /* NULL: libpq's PG* environment, service file, .pgpass */
    const char *application_name;  /* fallback_application_name */
    int statement_timeout_ms;      /* 0: none */
    const char *schema;            /* search_path; NULL: the server's default */
};

/* Connects; on failure *out is NULL and err says why (no password ever). */
enum db_status db_connect(struct db **out, const struct db_options *opt, struct strbuf *err);
void db_close(struct db *db);

/* BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY, and records the
 * snapshot time (transaction_timestamp(), ISO 8601 with zone). */
enum db_status db_begin_snapshot(struct db *db, struct strbuf *err);
const char *db_snapshot_time(const struct db *db);
const char *db_server_version(const struct db *db);
enum db_status db_rollback(struct db *db, struct strbuf *err);

/* Runs a query that returns rows, with text parameters; calls row() for
 * each row with the column values (NULL for SQL NULL). */
enum db_status db_query(struct db *db, const char *sql, int nparams, const char *const *params,
                        void (*row)(void *opaque, int ncols, const char *const *values), void *opaque,
                        struct strbuf *err);

/* For the rest of the transaction, plans cursors whose every row is read:
 * for total time (cursor_tuple_fraction 1), not for a fast first FETCH,
 * which picks nested loops; without JIT compilation, which takes longer
 * than such queries; with 64MB of work_mem so that their sorts fit in
 * memory.  Only where the server has the setting. */
enum db_status db_plan_whole_results(struct db *db, struct strbuf *err);

/* DECLARE name NO SCROLL CURSOR FOR sql, with text parameters; rows are
 * fetched `batch` at a time. */
enum db_status db_cursor_open(struct db *db, struct db_cursor **out, const char *name, const char *sql,
                              int nparams, const char *const *params, int batch, struct strbuf *err);
/* Advances to the next row: 1 = a row, 0 = end, -1 = error (in err, status
 * via db_cursor_status). */
int db_cursor_next(struct db_cursor *c, struct strbuf *err);
/* Column value of the current row; NULL for SQL NULL. */
const char *db_cursor_get(const struct db_cursor *c, int col);
enum db_status db_cursor_status(const struct db_cursor *c);
void db_cursor_close(struct db_cursor *c);

const char *db_status_name(enum db_status s);
/* What a failure means for the run: DB_MISSING is the replica contract,
 * DB_REFUSED the request, anything else the database. */
enum sr_status db_sr_status(enum db_status s);

#endif
