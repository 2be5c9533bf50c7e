/*
 * The validation driver behind `statreturn validate FILE...` (and the
 * browser's validator): each file is recognised by its content (root
 * element, CSV header row) and handed to the validator of its return
 * (returns/validators.h); SSDA903 CSV files given together, and each
 * directory, are one submission.  Every file's findings go into one report.
 *
 * Part of the validation library: no database, no OpenSSL.
 */
#ifndef STATRETURN_PIPELINE_VALIDATE_H
#define STATRETURN_PIPELINE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "findings/report.h"
#include "returns/validator.h"

/* Validates files[0..n) into rep (with announce, one line per file on
 * stderr).  Returns the worst status over the files. */
enum sr_status pipeline_validate(const struct validate_request *req, const char *const *files, size_t n,
                                 struct report *rep, bool announce);

/* The worse of two files' statuses (the run's status is the worst). */
enum sr_status pipeline_validate_worse(enum sr_status a, enum sr_status b);

/* 0 when `year` is a year of some return (for CIN: a schema and, unless
 * no_rules, rules); else -1 after a message naming what each lacks. */
int pipeline_validate_check_year(int year, bool no_rules);
/* The same without a message (the browser page's list of years). */
bool pipeline_validate_year_known(int year, bool no_rules);

#endif
