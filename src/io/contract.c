/*
 * Replica contract check; see contract.h.  Reads information_schema, so
 * views that map a council's own replica onto SSD names count as tables.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/contract.h"
#include "core/xalloc.h"

struct seen_col {
    char *table, *column, *type;
    bool can_select;
};

struct seen {
    struct seen_col *cols;
    size_t n, cap;
};

static void collect(void *opaque, int ncols, const char *const *v)
{
    struct seen *s = opaque;
    if (ncols < 4 || !v[0] || !v[1] || !v[2])
        return;
    ALLOC_GROW(s->cols, s->n, s->cap);
    s->cols[s->n].table = xstrdup(v[0]);
    s->cols[s->n].column = xstrdup(v[1]);
    s->cols[s->n].type = xstrdup(v[2]);
    s->cols[s->n].can_select = v[3] && !strcmp(v[3], "t");
    s->n++;
}

int contract_type_fits(const char *cls, const char *t)
{
    static const char *const text_types[] = { "text", "character varying", "character", "name", NULL };
    static const char *const int_types[] = { "integer", "bigint", "smallint", "numeric", NULL };
    static const char *const date_types[] = { "date", "timestamp without time zone", "timestamp with time zone", NULL };
    static const char *const json_types[] = { "json", "jsonb", NULL };
    const char *const *lists[4] = { NULL, NULL, NULL, NULL };

    if (!strcmp(cls, "id")) {
        lists[0] = text_types;
        lists[1] = int_types;
        if (!strcmp(t, "uuid"))
            return 1;
    } else if (!strcmp(cls, "text")) {
        lists[0] = text_types;
        lists[1] = int_types;
    } else if (!strcmp(cls, "date")) {
        lists[0] = date_types;
    } else if (!strcmp(cls, "json")) {
        lists[0] = text_types;
        lists[1] = json_types;
    }
    for (int l = 0; l < 4 && lists[l]; l++)
        for (const char *const *p = lists[l]; *p; p++)
            if (!strcmp(*p, t))
                return 1;
    return 0;
}

static const char *describe_class(const char *cls)
{
    if (!strcmp(cls, "date")) return "a date or timestamp";
    if (!strcmp(cls, "json")) return "text or json";
    if (!strcmp(cls, "id")) return "text or an integer";
    return "text";
}

/* Distinct table names as a text[] literal; SSD names need no quoting. */
static void table_array(const struct contract_col *cols, size_t n, struct strbuf *tables)
{
    strbuf_addch(tables, '{');
    for (size_t i = 0; i < n; i++) {
        size_t first = 0;
        while (strcmp(cols[first].table, cols[i].table) != 0)
            first++;
        if (first < i)
            continue;   /* named already */
        if (tables->len > 1)
            strbuf_addch(tables, ',');
        strbuf_addstr(tables, cols[i].table);
    }
    strbuf_addch(tables, '}');
}

/* The columns, types and SELECT rights of the tables the contract names. */
static enum db_status read_catalog(struct db *db, const struct contract_col *cols, size_t n, struct seen *s,
                                   struct strbuf *err)
{
    struct strbuf tables = STRBUF_INIT;
    enum db_status st;

    table_array(cols, n, &tables);
    const char *params[1] = { tables.buf };
    /* pg_catalog rather than information_schema: the latter hides tables
     * the role cannot read, which would turn "permission denied" into a
     * misleading "missing table".  The first schema of the search path
     * that has the table wins, as it does for the queries. */
    st = db_query(db,
                  "SELECT DISTINCT ON (c.relname, a.attname) c.relname::text, a.attname::text, "
                  "pg_catalog.format_type(a.atttypid, NULL), "
                  "pg_catalog.has_table_privilege(c.oid, 'SELECT') "
                  "FROM pg_catalog.pg_class c "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                  "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') "
                  "AND n.nspname = ANY (pg_catalog.current_schemas(false)) "
                  "AND c.relname = ANY ($1::text[]) "
                  "ORDER BY c.relname, a.attname, "
                  "pg_catalog.array_position(pg_catalog.current_schemas(false), n.nspname)",
                  1, params, collect, s, err);
    strbuf_release(&tables);
    return st;
}

/* Column i of the contract against what the catalog has: one line in
 * problems when it is missing or of the wrong type.  Returns the number of
 * problems added (0 or 1). */
static size_t check_column(const struct contract_col *cols, size_t i, const struct seen *s, struct strbuf *problems)
{
    bool table_seen = false, col_seen = false;
    const char *type = NULL;

    for (size_t j = 0; j < s->n; j++) {
        if (strcmp(s->cols[j].table, cols[i].table))
            continue;
        table_seen = true;
        if (!strcmp(s->cols[j].column, cols[i].column)) {
            col_seen = true;
            type = s->cols[j].type;
        }
    }
    if (!table_seen) {
        /* Report a missing table once, not once per column. */
        for (size_t k = 0; k < i; k++)
            if (!strcmp(cols[k].table, cols[i].table))
                return 0;
        strbuf_addf(problems, "\n  missing table %s", cols[i].table);
        return 1;
    }
    if (!col_seen) {
        strbuf_addf(problems, "\n  missing column %s.%s", cols[i].table, cols[i].column);
        return 1;
    }
    if (!contract_type_fits(cols[i].type_class, type)) {
        strbuf_addf(problems, "\n  column %s.%s is %s; it must be %s", cols[i].table, cols[i].column, type,
                    describe_class(cols[i].type_class));
        return 1;
    }
    return 0;
}

/* Tables the role may not read, each once, comma-separated. */
static void denied_tables(const struct seen *s, struct strbuf *denied)
{
    for (size_t j = 0; j < s->n; j++) {
        if (s->cols[j].can_select)
            continue;
        bool listed = false;
        for (size_t k = 0; k < j; k++)
            if (!strcmp(s->cols[k].table, s->cols[j].table))
                listed = true;
        if (!listed)
            strbuf_addf(denied, "%s%s", denied->len ? ", " : "", s->cols[j].table);
    }
}

static void where_row(void *opaque, int ncols, const char *const *v)
{
    struct strbuf *out = opaque;

    if (ncols < 4 || !v[0] || !v[1])
        return;
    strbuf_addf(out, "\n  looked in database '%s' as role '%s', ", v[0], v[1]);
    if (v[2] && *v[2])
        strbuf_addf(out, "in schema%s %s", strchr(v[2], ',') ? "s" : "", v[2]);
    else
        strbuf_addstr(out, "in no schema: none of the search path exists");
    strbuf_addf(out, " (search_path: %s); set 'schema =' or --schema to the schema that holds the tables",
                v[3] ? v[3] : "");
}

/* Where the check looked, as a detail line: the database, the role, the
 * schemas searched and the search path they come from. */
static void where_looked(struct db *db, struct strbuf *out)
{
    struct strbuf ignored = STRBUF_INIT;

    db_query(db, "SELECT pg_catalog.current_database()::text, current_user::text, "
                 "pg_catalog.array_to_string(pg_catalog.array_remove(pg_catalog.current_schemas(false), 'pg_catalog'), ', '), "
                 "pg_catalog.current_setting('search_path')",
             0, NULL, where_row, out, &ignored);
    strbuf_release(&ignored);
}

enum db_status contract_check(struct db *db, const struct contract_col *cols, size_t n, struct strbuf *err)
{
    struct strbuf problems = STRBUF_INIT, denied = STRBUF_INIT;
    struct seen s = { NULL, 0, 0 };
    enum db_status st;
    size_t nproblems = 0;

    st = read_catalog(db, cols, n, &s, err);
    if (st != DB_OK)
        goto cleanup;
    for (size_t i = 0; i < n; i++)
        nproblems += check_column(cols, i, &s, &problems);
    /* Tables the role may not read: a permission problem, not a contract one. */
    denied_tables(&s, &denied);
    if (!nproblems && denied.len) {
        strbuf_addf(err, "permission denied: the role may not SELECT from %s", denied.buf);
        where_looked(db, err);
        st = DB_PERMISSION;
    }
    if (nproblems) {
        strbuf_addf(err, "the replica does not meet the contract (%zu problem%s; see sql/replica.sql):%s",
                    nproblems, nproblems == 1 ? "" : "s", problems.buf);
        where_looked(db, err);
        st = DB_MISSING;
    }
cleanup:
    for (size_t j = 0; j < s.n; j++) {
        free(s.cols[j].table);
        free(s.cols[j].column);
        free(s.cols[j].type);
    }
    free(s.cols);
    strbuf_release(&problems);
    strbuf_release(&denied);
    return st;
}
