/*
 * What a run came to, as every module below the command line says it.
 *
 * Modules return an enum sr_status; only the command line (cli/app.c)
 * turns it into the documented exit status (README, Exit status), so that
 * the numbers users and schedulers see are decided in one place.
 */
#ifndef STATRETURN_CORE_STATUS_H
#define STATRETURN_CORE_STATUS_H

enum sr_status {
    SR_OK = 0,         /* done; a validated or built return has no errors (queries allowed) */
    SR_RULE_ERRORS,    /* the return has DfE errors (build: written, with its report) */
    SR_USAGE,          /* the request is wrong: an option, a year, a password on the command line */
    SR_CONFIG,         /* configuration, policy, key or specification file unusable */
    SR_DATABASE,       /* cannot connect, authentication, permission, timeout, server gone */
    SR_CONTRACT,       /* the replica lacks tables or columns the return needs */
    SR_SOURCE_DATA,    /* replica data cannot make a valid return; nothing written */
    SR_INPUT,          /* a file to validate is unreadable, unsafe or not a return we know */
    SR_OUTPUT,         /* output exists (no --force) or cannot be written */
    SR_INTERNAL,       /* a bug */
    SR_RECORDS_HELD,   /* CSC API: records failed DfE's schema and were kept out; the rest written */
    SR_DELIVERY,       /* send: the service could not be reached or kept refusing; run send again */
    SR_REJECTED        /* send: DfE refused records (400); the rest were acknowledged */
};

#endif
