/*
 * Source defects: replica values a build cannot write as a valid return
 * (a code outside DfE's list, a required value that is NULL, a malformed
 * JSON column).  They are not DfE findings about a return: they stop the
 * build before anything is written (exit 6), and the operator fixes them in
 * the case-management system.  Each is named by child (or family, or
 * person), table and column, never by value.
 */
#ifndef STATRETURN_FINDINGS_DEFECTS_H
#define STATRETURN_FINDINGS_DEFECTS_H

#include <stddef.h>

/* How many defect lines are printed; the rest are counted. */
#define DEFECTS_SHOWN 200

struct defect_log {
    const char *heading;    /* printed as an error before the first defect */
    size_t n;               /* defects logged */
    size_t records;         /* records (children, people) with at least one, counted by the caller */
};

/* Logs one defect as a detail line (the first DEFECTS_SHOWN of them).  The
 * text must hold no personal value. */
__attribute__((format(printf, 2, 3)))
void defect_log_add(struct defect_log *d, const char *fmt, ...);

/* After the closing error line: says how many were listed when not all. */
void defect_log_note_shown(const struct defect_log *d);

#endif
