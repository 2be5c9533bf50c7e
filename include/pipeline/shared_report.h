/*
 * The driver of `statreturn report RETURN`: the data protection officer's
 * dry-run report of what a return shares, field by field, with whom, how
 * and why (returns/return_kind.h, struct return_shared).  No return is
 * written and no personal value appears: counts from 1 to 9 show as "<10".
 */
#ifndef STATRETURN_PIPELINE_SHARED_REPORT_H
#define STATRETURN_PIPELINE_SHARED_REPORT_H

#include <stdbool.h>

#include "core/status.h"
#include "io/db.h"
#include "returns/return_kind.h"

struct shared_output {
    const char *format;            /* one of the return's formats */
    const char *path;              /* NULL: standard output */
    bool force;
    struct db_options db;          /* the replica (unless the request is offline) */
};

enum sr_status pipeline_shared_report(const struct return_kind *k, const struct shared_request *req,
                                      const struct shared_output *out);

#endif
