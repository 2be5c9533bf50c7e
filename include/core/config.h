/*
 * The configuration file: what a scheduled job repeats every run.
 *
 *   # /etc/statreturn/statreturn.conf
 *   la                = 201
 *   dsn               = service=ssd_replica      (no password: use .pgpass)
 *   schema            = ssd
 *   output_dir        = /srv/returns
 *   key_file.dfe      = /etc/statreturn/keys/dfe.key
 *   key_file.regional = /etc/statreturn/keys/regional.key
 *   statement_timeout = 600                      (seconds)
 *   serial_no         = 001
 *   cin_pre_proceedings = no                     (CIN census from 2026-27: the
 *                                                 council does not collect the
 *                                                 pre-proceedings module yet;
 *                                                 default yes)
 *
 * Found by --config FILE, else $STATRETURN_CONFIG, else
 * /etc/statreturn/statreturn.conf if it exists.  Command-line options
 * override it.  Unknown keys are errors, so a misspelt key never silently
 * falls back to a default.
 */
#ifndef STATRETURN_CONFIG_H
#define STATRETURN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config_key_file {
    char *name;   /* recipient key name, e.g. "dfe" */
    char *path;
};

struct config {
    char *path;               /* file read, or NULL */
    char *la;
    char *dsn;
    char *schema;
    char *output_dir;
    char *serial_no;
    int statement_timeout_s;  /* 0 = unset */
    bool cin_no_pre_proceedings;   /* cin_pre_proceedings = no: write no PreProceedingsandFGDM module */
    struct config_key_file *key_files;
    size_t n_key_files;
    /* csc_api.NAME settings of `send csc-api` (name without the prefix) */
    struct config_key_file *csc_api;
    size_t n_csc_api;
};

void config_init(struct config *c);
void config_release(struct config *c);
/* Reads path (explicit = from --config: a missing file is then an error).
 * Returns -1 with "file:line: reason" in err. */
int config_load(struct config *c, const char *path, int explicit_path, char *err, size_t errlen);
/* The default path to read, or NULL when there is none. */
const char *config_default_path(void);
const char *config_key_file(const struct config *c, const char *name);
/* The value of 'csc_api.NAME =', or NULL. */
const char *config_csc_api(const struct config *c, const char *name);

#endif
