/*
 * `statreturn validate FILE...`: checks returns that someone else produced
 * (or that statreturn built) against the schema and the DfE rules, and
 * writes a report.
 *
 * Each FILE is recognised by its content (root element, CSV header row) and
 * handed to the validator for its return: the CIN census (cin_reader.c and
 * the DfE rules) and the SSDA903 return as one XML file or a set of CSV
 * files, a directory or a list, each table known by its header row
 * (cla_validate.c).
 * The exit status is the worst over all files (see app.h, enum sr_exit):
 * 0 no errors (queries allowed), 1 schema or rule errors, 2 usage,
 * 3 a shipped spec file (schema, bank holidays) unusable, 7 a file
 * unreadable or not a return we know, 8 the report cannot be written,
 * 10 internal error.
 */
#ifndef STATRETURN_VALIDATE_H
#define STATRETURN_VALIDATE_H

#include "core/status.h"

/* argv[0] is "validate".  Returns an enum sr_exit. */
enum sr_status cmd_validate(int argc, char **argv);

#endif
