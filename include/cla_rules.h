/*
 * SSDA903 records and the DfE 903 rule interface.
 *
 * A 903 return is seen one child at a time, as rows of the DfE tables
 * (cla_spec.h), whether it came as CSV files (rows grouped by CHILD) or as
 * an EXPSSDA903 XML document (each CHILD element mapped onto the same tables
 * by the xml= entries of tables.conf).  So a rule is written once, against
 * table and column names, and serves both forms, and later the 903 build.
 *
 * A rule is a row of a table, like the CIN rules (rules.h): its DfE code,
 * type, table and message (a struct cin_rule, which is what the report
 * shows), the years it is in force, the columns whose generic value check it
 * replaces, and its check functions.  Per-child checks see every row of the
 * child; whole-return rules keep compact state between children and report
 * at the end.  The full DfE rule set is a later piece of work: it adds rows
 * to cla_rules[] (src/cla_rules.c) and nothing else.
 *
 * "covers": DfE rules such as 101 (sex code) check exactly what the table
 * specification also checks (code in the year's list, required).  Where an
 * active rule covers a column, the validator skips its generic check for
 * that column, so one defect is reported once, under the DfE code.
 */
#ifndef STATRETURN_CLA_RULES_H
#define STATRETURN_CLA_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cla_spec.h"
#include "date.h"
#include "rules.h"

/* One row of a table, as the rules and checks see it. */
struct cla_row {
    const struct cla_table *table;
    /* CSV: the data row in its file (1 = the first row under the header);
     * XML: the occurrence of the row element in its CHILD (EPISODE[2] -> 2). */
    size_t number;
    uint32_t line;                    /* where the row starts */
    const char *const *cells;         /* table->n_columns values, in spec order;
                                         NULL when blank or absent */
    /* XML only (NULL for CSV): per cell, the line of its element (0 when
     * absent) and its element path, e.g. "EXPSSDA903/CHILD[3]/EPISODE[2]/PL". */
    const uint32_t *cell_lines;
    const char *const *cell_paths;
    const char *xml_path;             /* XML: the row element's path; NULL for CSV */
};

/* One child: its rows of every table, in file order. */
struct cla_child {
    const char *id;                   /* CHILD; NULL when the child has none */
    size_t position;                  /* 1-based: Header row order (CSV), CHILD order (XML) */
    uint32_t line;                    /* its primary row (CSV) or CHILD element (XML) */
    const struct cla_row *const *rows[CLA_MAX_TABLES];   /* by spec table index */
    size_t n_rows[CLA_MAX_TABLES];
};

/* The value of `column` in row r (NULL when blank, absent or no such column). */
const char *cla_row_value(const struct cla_row *r, const char *column);
/* The child's rows of table `name` (count in *n; NULL and 0 when none or no
 * such table). */
const struct cla_row *const *cla_child_table(const struct cla_child *c, const struct cla_spec *s,
                                             const char *name, size_t *n);

/*
 * Where a finding is: "Episodes row 12 / PL_POST" for CSV (row-level:
 * "Episodes row 12"), the element path for XML.  column < 0: the row.
 */
void cla_row_path(const struct cla_row *r, int column, struct strbuf *out);
/* The line of a cell (XML: its element's, when present), else the row's. */
uint32_t cla_row_line(const struct cla_row *r, int column);

/* A finding with an optional detail line (never a personal value), for
 * checks whose fixed message needs a word more: "not a valid date". */
typedef void (*cla_finding_fn)(void *opaque, const struct finding *f, const char *detail);

/* ---- rules --------------------------------------------------------------------- */

struct cla_rule_ctx;

struct cla_rule_env {
    int year;                         /* collection end year */
    sr_date period_start;             /* 1 April year-1 */
    sr_date period_end;               /* 31 March year */
    const struct cla_spec *spec;      /* that year's tables and code lists */
};

struct cla_rule {
    /* What the report shows: code as DfE publishes it, type, table(s),
     * message.  The check pointers of cin_rule stay NULL. */
    struct cin_rule info;
    int first_year, last_year;        /* in force for these collection years; 0 = open */
    /* Space-separated Table.COLUMN whose generic value check this rule
     * replaces (required, type and code), or NULL. */
    const char *covers;
    /* Per child; NULL when the rule only concludes over the return. */
    void (*check_child)(struct cla_rule_ctx *ctx, const struct cla_child *c);
    /* Whole-return rules, as in rules.h: state_size zeroed bytes, accumulate
     * per child, conclude once, release (may be NULL). */
    size_t state_size;
    void (*accumulate)(struct cla_rule_ctx *ctx, void *state, const struct cla_child *c);
    void (*conclude)(struct cla_rule_ctx *ctx, void *state);
    void (*release)(void *state);
};

/* Every 903 rule; ends with an element whose info.code is NULL. */
extern const struct cla_rule cla_rules[];

const struct cla_rule_env *cla_rule_env(const struct cla_rule_ctx *ctx);

/* The current rule failed on a cell (column >= 0) or a row (column < 0) of
 * child c.  The cell's value is passed on as the offending value (shown only
 * with --show-values). */
void cla_rule_fail(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_row *row, int column);
/* The current rule failed on something that is not one row (c may be NULL
 * for a return-level finding). */
__attribute__((format(printf, 4, 5)))
void cla_rule_fail_at(struct cla_rule_ctx *ctx, const struct cla_child *c, uint32_t line, const char *path_fmt, ...);

/* ---- the engine ------------------------------------------------------------------ */

struct cla_engine;

/* The rules in force for env->year.  env (and its spec) must outlive the engine. */
struct cla_engine *cla_engine_new(const struct cla_rule_env *env, cla_finding_fn fn, void *opaque);
/* Runs only the rule `code`; -1 when no rule in force has that code. */
int cla_engine_only(struct cla_engine *e, const char *code);
/* Whether a rule in force (whether or not selected by cla_engine_only)
 * covers column `column` of table t. */
bool cla_engine_covers(const struct cla_engine *e, const struct cla_table *t, size_t column);
void cla_engine_child(struct cla_engine *e, const struct cla_child *c);
/* Whole-return conclusions; call once, after the last child. */
void cla_engine_finish(struct cla_engine *e);
void cla_engine_free(struct cla_engine *e);
/* The rule with this code in force in `year`, or NULL. */
const struct cla_rule *cla_rule_find(const char *code, int year);

#endif
