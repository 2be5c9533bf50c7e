/*
 * libpq behind db.h.  Like pg_dump's pg_backup_db.c, this is the one place
 * that talks to the server: connection with libpq's own conventions,
 * server notices routed to our log, queries with parameters (never spliced
 * into SQL), cursors fetched in batches, and errors sorted by SQLSTATE.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "io/db.h"
#include "core/log.h"
#include "core/xalloc.h"

struct db {
    PGconn *conn;
    char snapshot[64];
    char version[32];
};

struct db_cursor {
    struct db *db;
    char *name;
    char *fetch_sql;
    PGresult *res;
    int row;
    int nrows;
    bool done;
    enum db_status status;
};

const char *db_status_name(enum db_status s)
{
    switch (s) {
    case DB_OK: return "ok";
    case DB_CONNECT: return "cannot connect";
    case DB_AUTH: return "authentication failed";
    case DB_PERMISSION: return "permission denied";
    case DB_TIMEOUT: return "statement timeout";
    case DB_GONE: return "connection lost";
    case DB_MISSING: return "missing table or column";
    case DB_QUERY: return "query failed";
    case DB_REFUSED: return "refused";
    }
    return "?";
}

/* A server notice can quote what the session read (a function in the
 * replica's schema may raise one with any value), so its text is never
 * shown: only its severity and SQLSTATE, under -v. */
static void notice_to_log(void *arg, const PGresult *res)
{
    (void)arg;
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    sr_debug("server %s (SQLSTATE %s); its text is not shown, as it may carry values", sev ? sev : "NOTICE",
             code ? code : "?");
}

/* Refuse conninfo strings or URIs that carry a password: they end up in
 * argv, shell history and process listings.  libpq's .pgpass, PGPASSFILE
 * and service files are the places for passwords. */
static bool conninfo_has_password(const char *conninfo, struct strbuf *err)
{
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
    bool has = false;

    if (!opts) {
        strbuf_addf(err, "cannot parse the connection string: %s", errmsg ? errmsg : "syntax error");
        PQfreemem(errmsg);
        return true;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (!strcmp(o->keyword, "password") && o->val && *o->val)
            has = true;
    PQconninfoFree(opts);
    if (has)
        strbuf_addstr(err, "the connection string contains a password; put it in ~/.pgpass, a "
                           "PGPASSFILE or a pg_service.conf entry instead, never on the command line");
    return has;
}

static enum db_status classify_connect(const char *msg)
{
    if (strstr(msg, "authentication failed") || strstr(msg, "no password supplied")
        || strstr(msg, "password authentication") || strstr(msg, "pg_hba.conf"))
        return DB_AUTH;
    return DB_CONNECT;
}

static void add_message(struct strbuf *err, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    /* libpq messages can span lines; keep them on one for our log format. */
    for (size_t i = 0; i < n; i++)
        strbuf_addch(err, msg[i] == '\n' ? ' ' : msg[i]);
}

static enum db_status run_simple(struct db *db, const char *sql, struct strbuf *err);

enum db_status db_connect(struct db **out, const struct db_options *opt, struct strbuf *err)
{
    const char *keys[4], *vals[4];
    int n = 0;

    *out = NULL;
    if (opt->conninfo && conninfo_has_password(opt->conninfo, err))
        return DB_REFUSED;
    if (opt->conninfo) {
        keys[n] = "dbname";      /* expand_dbname: a conninfo string or URI */
        vals[n++] = opt->conninfo;
    }
    keys[n] = "fallback_application_name";
    vals[n++] = opt->application_name ? opt->application_name : "statreturn";
    /* Our default connect timeout goes in as the environment's, so that it
     * comes last in libpq's order: a connect_timeout in the conninfo, then
     * in the pg_service.conf entry, then the user's PGCONNECT_TIMEOUT all
     * win over it (a parameter given here would win over all of them). */
    const char *env_timeout = getenv("PGCONNECT_TIMEOUT");
    if (!env_timeout || !*env_timeout)
        setenv("PGCONNECT_TIMEOUT", DB_DEFAULT_CONNECT_TIMEOUT, 1);
    keys[n] = NULL;
    vals[n] = NULL;

    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn) {
        strbuf_addstr(err, "out of memory creating the connection");
        return DB_CONNECT;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(conn);
        enum db_status st = classify_connect(msg);
        add_message(err, msg);
        PQfinish(conn);
        return st;
    }
    PQsetNoticeReceiver(conn, notice_to_log, NULL);

    struct db *db = xcalloc(1, sizeof *db);
    db->conn = conn;
    snprintf(db->version, sizeof db->version, "%d", PQserverVersion(conn));

    /* Pin the session: a read-only, predictable environment. */
    const char *params[1];
    struct strbuf sql = STRBUF_INIT;
    enum db_status st = run_simple(db, "SET client_encoding = 'UTF8'", err);
    if (st == DB_OK)
        st = run_simple(db, "SET DateStyle = 'ISO, YMD'", err);
    if (st == DB_OK && opt->statement_timeout_ms > 0) {
        strbuf_addf(&sql, "SET statement_timeout = %d", opt->statement_timeout_ms);
        st = run_simple(db, sql.buf, err);
    }
    if (st == DB_OK && opt->schema) {
        params[0] = opt->schema;
        PGresult *r = PQexecParams(conn, "SELECT pg_catalog.set_config('search_path', 'pg_catalog, ' || $1, false)",
                                   1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            add_message(err, PQerrorMessage(conn));
            st = DB_QUERY;
        }
        PQclear(r);
    }
    strbuf_release(&sql);
    if (st != DB_OK) {
        db_close(db);
        return st;
    }
    *out = db;
    return DB_OK;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    PQfinish(db->conn);
    free(db);
}

static enum db_status classify_result(struct db *db, const PGresult *res)
{
    if (PQstatus(db->conn) == CONNECTION_BAD)
        return DB_GONE;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!state)
        return PQstatus(db->conn) == CONNECTION_BAD ? DB_GONE : DB_QUERY;
    if (!strcmp(state, "42501"))
        return DB_PERMISSION;
    if (!strcmp(state, "57014"))
        return DB_TIMEOUT;
    if (!strcmp(state, "42P01") || !strcmp(state, "42703"))
        return DB_MISSING;
    if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02")
        || !strcmp(state, "57P03"))
        return DB_GONE;
    return DB_QUERY;
}

static enum db_status fail_result(struct db *db, PGresult *res, struct strbuf *err)
{
    enum db_status st = classify_result(db, res);
    const char *msg = res ? PQresultErrorMessage(res) : "";
    if (!msg || !*msg)
        msg = PQerrorMessage(db->conn);
    add_message(err, msg);
    PQclear(res);
    return st;
}

static enum db_status run_simple(struct db *db, const char *sql, struct strbuf *err)
{
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        return fail_result(db, res, err);
    PQclear(res);
    return DB_OK;
}

enum db_status db_begin_snapshot(struct db *db, struct strbuf *err)
{
    enum db_status st = run_simple(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    if (st != DB_OK)
        return st;
    PGresult *res = PQexec(db->conn,
        "SELECT pg_catalog.to_char(pg_catalog.transaction_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return fail_result(db, res, err);
    snprintf(db->snapshot, sizeof db->snapshot, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return DB_OK;
}

const char *db_snapshot_time(const struct db *db)
{
    return db->snapshot;
}

const char *db_server_version(const struct db *db)
{
    return db->version;
}

enum db_status db_rollback(struct db *db, struct strbuf *err)
{
    return run_simple(db, "ROLLBACK", err);
}

enum db_status db_query(struct db *db, const char *sql, int nparams, const char *const *params,
                        void (*row)(void *opaque, int ncols, const char *const *values), void *opaque,
                        struct strbuf *err)
{
    PGresult *res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return fail_result(db, res, err);
    int nc = PQnfields(res);
    const char **vals = xcalloc((size_t)(nc ? nc : 1), sizeof *vals);
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < nc; c++)
            vals[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
        row(opaque, nc, vals);
    }
    free(vals);
    PQclear(res);
    return DB_OK;
}

enum db_status db_cursor_open(struct db *db, struct db_cursor **out, const char *name, const char *sql,
                              int nparams, const char *const *params, int batch, struct strbuf *err)
{
    struct strbuf decl = STRBUF_INIT;
    *out = NULL;

    strbuf_addf(&decl, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
    PGresult *res = PQexecParams(db->conn, decl.buf, nparams, NULL, params, NULL, NULL, 0);
    strbuf_release(&decl);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        strbuf_addf(err, "cursor %s: ", name);
        return fail_result(db, res, err);
    }
    PQclear(res);

    struct db_cursor *c = xcalloc(1, sizeof *c);
    struct strbuf fetch = STRBUF_INIT;
    strbuf_addf(&fetch, "FETCH %d FROM %s", batch > 0 ? batch : 1000, name);
    c->db = db;
    c->name = xstrdup(name);
    c->fetch_sql = strbuf_detach(&fetch, NULL);
    c->row = -1;
    *out = c;
    return DB_OK;
}

int db_cursor_next(struct db_cursor *c, struct strbuf *err)
{
    if (c->done)
        return 0;
    if (c->res && c->row + 1 < c->nrows) {
        c->row++;
        return 1;
    }
    PQclear(c->res);
    c->res = PQexec(c->db->conn, c->fetch_sql);
    if (PQresultStatus(c->res) != PGRES_TUPLES_OK) {
        strbuf_addf(err, "fetching from %s: ", c->name);
        c->status = fail_result(c->db, c->res, err);
        c->res = NULL;
        c->done = true;
        return -1;
    }
    c->nrows = PQntuples(c->res);
    c->row = 0;
    if (c->nrows == 0) {
        c->done = true;
        return 0;
    }
    return 1;
}

const char *db_cursor_get(const struct db_cursor *c, int col)
{
    if (!c->res || PQgetisnull(c->res, c->row, col))
        return NULL;
    return PQgetvalue(c->res, c->row, col);
}

enum db_status db_cursor_status(const struct db_cursor *c)
{
    return c->status;
}

void db_cursor_close(struct db_cursor *c)
{
    if (!c)
        return;
    /* Free the name on the server too, so a later pass in the same
     * snapshot can declare it again.  Failure (an aborted transaction, a
     * lost connection) changes nothing for the caller. */
    if (PQstatus(c->db->conn) == CONNECTION_OK && PQtransactionStatus(c->db->conn) == PQTRANS_INTRANS) {
        struct strbuf sql = STRBUF_INIT;
        strbuf_addf(&sql, "CLOSE %s", c->name);
        PQclear(PQexec(c->db->conn, sql.buf));
        strbuf_release(&sql);
    }
    PQclear(c->res);
    free(c->name);
    free(c->fetch_sql);
    free(c);
}

enum sr_status db_sr_status(enum db_status s)
{
    switch (s) {
    case DB_OK: return SR_OK;
    case DB_MISSING: return SR_CONTRACT;
    case DB_REFUSED: return SR_USAGE;
    default: return SR_DATABASE;
    }
}

static void ignore_row(void *opaque, int ncols, const char *const *values)
{
    (void)opaque;
    (void)ncols;
    (void)values;
}

enum db_status db_plan_whole_results(struct db *db, struct strbuf *err)
{
    return db_query(db, "SELECT pg_catalog.set_config(name, CASE name WHEN 'jit' THEN 'off' "
                        "WHEN 'cursor_tuple_fraction' THEN '1' ELSE '64MB' END, true) FROM pg_catalog.pg_settings "
                        "WHERE name IN ('jit', 'work_mem', 'cursor_tuple_fraction')", 0, NULL, ignore_row, NULL, err);
}
