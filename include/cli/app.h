/*
 * The command line: option parsing, subcommand dispatch, and the mapping
 * from module status to the documented exit codes (see README, Exit status).
 */
#ifndef STATRETURN_APP_H
#define STATRETURN_APP_H

#include "core/status.h"

/* Documented exit statuses (README, Exit status).  Only app_main returns
 * these; modules return an enum sr_status (core/status.h). */
enum sr_exit {
    EXIT_OK = 0,            /* done; a validated return has no errors (queries allowed) */
    EXIT_RULE_ERRORS = 1,   /* the return has DfE errors (build: written, with its report) */
    EXIT_USAGE = 2,         /* bad command line */
    EXIT_CONFIG = 3,        /* configuration, policy, key file or spec file unusable */
    EXIT_DATABASE = 4,      /* cannot connect, authentication, permission, timeout, server gone */
    EXIT_CONTRACT = 5,      /* the replica lacks tables or columns the return needs */
    EXIT_SOURCE_DATA = 6,   /* replica data cannot make a valid return; nothing written */
    EXIT_INPUT = 7,         /* a file to validate is unreadable, not XML, or not a return we know */
    EXIT_OUTPUT = 8,        /* output exists (no --force) or cannot be written */
    EXIT_RECORDS_HELD = 9,  /* CSC API build: records failed the schema and were kept out */
    EXIT_INTERNAL = 10,     /* a bug: please report it */
    EXIT_DELIVERY = 11,     /* send: not all batches acknowledged (network, 401/403/429/5xx after retries) */
    EXIT_REJECTED = 12      /* send: DfE refused records (400); all others acknowledged */
};

/* The documented exit status of a module status: the one mapping. */
int app_exit_status(enum sr_status st);

int app_main(int argc, char **argv);

#endif
