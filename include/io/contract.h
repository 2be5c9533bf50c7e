/*
 * The replica contract check: before reading any data, make sure every
 * table and column a run will read exists (as a table or a view) with a
 * usable type, and name everything that is not, in one message.
 */
#ifndef STATRETURN_CONTRACT_H
#define STATRETURN_CONTRACT_H

#include <stddef.h>

#include "io/db.h"
#include "core/strbuf.h"

struct contract_col {
    const char *table;
    const char *column;
    const char *type_class;   /* "id", "text", "date", "json" */
};

/* Returns DB_OK, DB_MISSING (err lists every problem) or a database error. */
enum db_status contract_check(struct db *db, const struct contract_col *cols, size_t n, struct strbuf *err);

/* True when a PostgreSQL data_type (information_schema spelling) fits. */
int contract_type_fits(const char *type_class, const char *data_type);

#endif
