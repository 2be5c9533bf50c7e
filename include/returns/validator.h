/*
 * What a return is to `validate`: the part of each return's folder that
 * checks files (returns/<name>/<prefix>_validator.c), listed in
 * returns/validators.c.  It builds and links without the database and
 * without OpenSSL: it is the validation library, which the browser build
 * compiles too.
 *
 * The driver (pipeline/validate.c) sniffs each file (io/sniff.h), hands it
 * to the first validator that recognises it (or the first validator, whose
 * reader then says precisely what the file is not), and collects every
 * file's findings in one report.  A return whose files come as a set (the
 * SSDA903 CSV tables) also takes the CSV files given together, and
 * directories, as one submission.
 */
#ifndef STATRETURN_RETURNS_VALIDATOR_H
#define STATRETURN_RETURNS_VALIDATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "core/strbuf.h"
#include "findings/report.h"
#include "io/sniff.h"

struct validate_request {
    int year;                  /* 0: each file's own (header, or the data) */
    const char *rule;          /* only this rule ("XSD": schema errors only); NULL: all */
    bool no_rules;             /* schema and structure only */
    /* SSDA903 inputs that some DfE rules need (NULL: those rules do not run) */
    const char *previous;      /* last year's return */
    const char *providers;     /* the Ofsted provider list */
    const char *postcodes;     /* the ONS Postcode Directory */
    const char *la;            /* the council's LA code as the directory writes it */
    /* 0: any size.  Else a file larger than this is refused by its size,
     * before it is read (the browser validator's limit). */
    unsigned long long max_bytes;
};

/* One run of validate over its files. */
struct validation {
    const struct validate_request *req;
    struct report *report;     /* every file's section */
    bool announce;             /* a line per file on stderr (the report is not on the terminal) */
};

struct return_validator {
    const char *title;         /* in reports and messages: "CIN census" */
    bool (*recognise)(const struct file_sniff *s);
    /* Validates one file into v->report (its section is begun); returns
     * the file's status. */
    enum sr_status (*validate)(struct validation *v, void *state, const char *path);
    /* Optional: the return's CSV files given together (dir: one directory)
     * as one submission. */
    enum sr_status (*validate_set)(struct validation *v, void *state, const char *const *paths, size_t n,
                                   bool dir);
    /* Optional: false, with the clause for the message appended ("CIN schema
     * for collection year 2028 (supported: 2025 to 2026)"), when --year is
     * not one of the return's years. */
    bool (*supports_year)(int year, bool no_rules, struct strbuf *clause);
    /* Optional: the validator's own state for the run (caches, inputs),
     * created before the first file, told when the last is done, freed. */
    void *(*state_new)(void);
    void (*end)(struct validation *v, void *state);
    void (*state_free)(void *state);
};

#endif
