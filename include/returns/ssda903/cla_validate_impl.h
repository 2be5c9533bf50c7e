/*
 * What the two halves of the SSDA903 validator share: the validation
 * context and the checks of one child (cla_validate.c, which also reads
 * EXPSSDA903 XML), used by the CSV half (cla_validate_csv.c).  Not an
 * interface for anything else: see cla_validate.h.
 */
#ifndef STATRETURN_CLA_VALIDATE_IMPL_H
#define STATRETURN_CLA_VALIDATE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "returns/ssda903/cla_rules.h"
#include "returns/ssda903/cla_validate.h"

struct val {
    const struct cla_validate_options *o;
    struct cla_result *res;
    struct cla_spec *spec;
    struct cla_engine *eng;
    bool run_rules;            /* the engine runs (not only for coverage) */
    struct cla_rule_env env;
    bool scanning;             /* year inference: collect dates, report nothing */
    sr_date today, latest;
    /* XML element names always numbered in paths: CHILD and the row
     * elements of per=many tables (EPISODE, AREVIEW ...) */
    const char *numbered[CLA_MAX_TABLES + 1];
    size_t n_numbered;
};

/* Stands for a CSV cell that is not valid UTF-8 (already reported): the
 * generic checks and the rules' findings skip it, rules see U+FFFD. */
#define bad_utf8 cla_cell_not_utf8

void cla_v_init(struct val *v, const struct cla_validate_options *o, struct cla_result *res);
/* Sets the result's diagnosis, unless one is set already. */
__attribute__((format(printf, 2, 3)))
void cla_v_diag(struct val *v, const char *fmt, ...);
/* Loads the year's spec (and the environment the rules see): a cla_status. */
int cla_v_prepare(struct val *v, int year);
/* Starts the rule engine; supplied[t] (by spec table index) says which
 * tables the return has a file of (NULL: an XML document's). */
void cla_v_start_rules(struct val *v, const bool *supplied);
/* Frees the spec and the engine (cla_v_prepare and cla_v_start_rules). */
void cla_v_release(struct val *v);
/* After a scan (v->scanning, cla_v_note_period_dates): the year from the
 * latest event date, or CLA_NO_YEAR / CLA_SPEC with the diagnosis. */
int cla_v_infer_year(struct val *v, const char *what, int *year);
/* "2024-25" for 2025. */
void cla_v_year_text(int year, char buf[16]);

/* A finding; loc: the table, row and column it is about, NULL for a whole
 * file (or a child as a whole). */
void cla_v_emit(struct val *v, const struct rule *rule, const struct cla_child *c, const struct cla_loc *loc,
                const char *path, uint32_t line, const char *value, const char *detail);
/* A finding about a cell (column >= 0) or a row (column < 0). */
void cla_v_emit_cell(struct val *v, const struct rule *rule, const struct cla_child *c,
                     const struct cla_row *r, int column, const char *detail);
/* A whole child: the value checks, then the rules (or on_child). */
void cla_v_check_child(struct val *v, const struct cla_child *c);

/* The CSV half: a set of files (label: how messages name the set, a
 * directory, or NULL for the files). */
int cla_v_validate_csv_set(const char *const *paths, size_t n, const char *label,
                           const struct cla_validate_options *o, struct cla_result *res);

#endif
