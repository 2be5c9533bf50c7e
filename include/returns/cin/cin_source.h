/*
 * The CIN census from the replica: which children and records belong in
 * collection year Y, read as a stream of struct cin_child.
 *
 * Selection (DfE guidance): every episode of need (ssd_cin_episodes row)
 * open at any point in the census period, i.e. referred on or before
 * 31 March Y and not closed before 1 April Y-1, and every child with such
 * an episode.  Inside an episode, activity in the period: assessments
 * started by 31 March Y and not authorised before 1 April Y-1 (rule 8696);
 * section 47 enquiries started by 31 March Y whose conference, or if none
 * their completion, is not before the period (8715); conferences without
 * an enquiry held in the period; CIN plans and child protection plans open
 * at some point in the period (4013, 8930); review conferences held in it;
 * from 2026-27, periods of pre-proceedings that started in the period, each
 * tied to one episode (sql/cin.sql says how).  Anything
 * dated after 31 March Y is not yet known at the census date: such end
 * dates are left out, so the record shows the state on the reference date.
 *
 * One cursor per table, each ordered by person id (COLLATE "C", the same
 * order as strcmp), merged here: one child in memory at a time.  Columns of
 * fields that the policy drops are not selected at all.
 */
#ifndef STATRETURN_CIN_SOURCE_H
#define STATRETURN_CIN_SOURCE_H

#include "core/arena.h"
#include "returns/cin/cin_record.h"
#include "io/db.h"
#include "privacy/policy.h"
#include "core/strbuf.h"

/* A problem with one value in the replica, named without the value. */
typedef void (*source_defect_fn)(void *opaque, const char *person_id, const char *table,
                                 const char *column, const char *problem);

struct cin_source_options {
    int year;
    const struct policy *policy;
    source_defect_fn defect;
    void *defect_opaque;
    int fetch_batch;          /* rows per FETCH; 0 = default */
};

struct cin_source;

/* Checks the replica contract for the fields the policy keeps, then opens
 * the cursors.  DB_MISSING: err lists every missing table and column (and
 * wrongly typed ones) in one message. */
enum db_status cin_source_open(struct cin_source **out, struct db *db, const struct cin_source_options *opt,
                               struct strbuf *err);
/* Reads the next child into c (memory from a).  1 = child, 0 = end,
 * -1 = database error (err, cin_source_status). */
int cin_source_next(struct cin_source *s, struct arena *a, struct cin_child *c, struct strbuf *err);
enum db_status cin_source_status(const struct cin_source *s);
void cin_source_close(struct cin_source *s);

/* The tables and columns the CIN build reads for a policy, for the
 * contract check and the DPO report: calls fn(table, column, type_class)
 * for each, type_class one of "id", "text", "date", "json". */
void cin_source_columns(const struct policy *p,
                        void (*fn)(void *opaque, const char *table, const char *column, const char *type_class),
                        void *opaque);

/* Children with CIN episodes in the replica but none in the census period
 * of `year` (the report's "excluded: out of period" count). */
enum db_status cin_source_count_out_of_period(struct db *db, int year, size_t *n, struct strbuf *err);

/* Periods of pre-proceedings that started in the census period of `year`
 * but are tied to no CIN episode of its return (sql/cin.sql), so are left
 * out of it.  Only for a replica with the pre-proceedings tables. */
enum db_status cin_source_count_untied_preproceedings(struct db *db, int year, size_t *n, struct strbuf *err);

/* SSD category descriptions ("Neglect", "Multiple: ...") to DfE codes;
 * returns the input when it is not a known description. */
const char *cin_map_abuse_category(const char *s);

#endif
