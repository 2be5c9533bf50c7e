/*
 * The options every command that reads the replica shares, defined once:
 * --la, --dsn, --schema, --output-dir, --force, --key-file, --key-env,
 * --statement-timeout, --fetch-batch, --config, -q/--quiet, -v/--verbose,
 * and --password, which is refused (a password on the command line is
 * visible to every user of the machine).
 *
 * A command lists its own options as struct cli_option rows; cli_options
 * joins them with the shared ones into one getopt_long table, and
 * cli_shared_option handles a shared option's value.  Configuration
 * defaults are applied by cli_shared_finish.
 */
#ifndef STATRETURN_CLI_OPTIONS_H
#define STATRETURN_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/config.h"
#include "core/status.h"
#include "returns/return_kind.h"

/* Values of the shared options (getopt_long's val). */
enum {
    OPT_LA = 0x100, OPT_DSN, OPT_SCHEMA, OPT_OUTPUT_DIR, OPT_FORCE, OPT_KEY_FILE, OPT_KEY_ENV,
    OPT_STATEMENT_TIMEOUT, OPT_FETCH_BATCH, OPT_CONFIG, OPT_PASSWORD, OPT_QUIET = 'q', OPT_VERBOSE = 'v',
    OPT_HELP = 'h'
};

/* Which of the shared options a command accepts. */
enum {
    SHARED_LA = 1u << 0, SHARED_DSN = 1u << 1, SHARED_SCHEMA = 1u << 2, SHARED_OUTPUT_DIR = 1u << 3,
    SHARED_FORCE = 1u << 4, SHARED_KEY_FILE = 1u << 5, SHARED_KEY_ENV = 1u << 6,
    SHARED_STATEMENT_TIMEOUT = 1u << 7, SHARED_FETCH_BATCH = 1u << 8, SHARED_CONFIG = 1u << 9,
    SHARED_PASSWORD = 1u << 10, SHARED_QUIET = 1u << 11, SHARED_VERBOSE = 1u << 12,
    SHARED_ALL = (1u << 13) - 1
};

/* One option row: what getopt_long needs, and what --help says of it.
 * --help is written from these rows (cli_help_options), so that the help
 * and the parser cannot drift apart; a test checks that every row is in
 * --help, in the manual page and in the README. */
struct cli_option {
    const char *name;
    int has_arg;           /* no_argument, required_argument */
    int val;               /* a printable character is also the short option (-q) */
    const char *arg;       /* the value's name in --help ("FILE"), for required_argument */
    const char *help;      /* --help's words; "\n" starts an indented continuation line */
};

struct shared_options {
    const char *la, *dsn, *schema, *output_dir, *key_file, *key_env, *config_path;
    int statement_timeout_s;   /* -1 until given */
    int fetch_batch;
    bool force;
    struct config cfg;         /* loaded by cli_shared_finish */
};

void shared_options_init(struct shared_options *o);
void shared_options_release(struct shared_options *o);

/* A getopt_long table of the shared options in `shared` (always --help)
 * followed by the command's own (n of them); free() it. */
struct option *cli_options(unsigned shared, const struct cli_option *own, size_t n);

/* Writes the options part of --help: the command's own rows, then the
 * shared ones in `shared`, then -h, --help.  A row whose name is in `over`
 * (a return's own wording of it, NULL-terminated by name; may be NULL) is
 * described with the override's arg and help. */
void cli_help_options(FILE *fp, const struct cli_option *own, size_t n, unsigned shared,
                      const struct option_help *over);

/* Calls fn for every row (own, then shared in `shared`, then help). */
void cli_each_row(const struct cli_option *own, size_t n, unsigned shared,
                  void (*fn)(void *arg, const struct cli_option *o), void *arg);

/* After a bad option: one line naming it, and where the help is
 * ("Try 'statreturn build 903 --help'"); words: "build 903". */
void cli_bad_option(const char *words, char **argv, int optopt_, int optind_);

/* The getopt short options of table t (its rows whose val is a printable
 * character, ':' after those that take a value), into buf. */
void cli_shortopts(const struct option *t, char *buf, size_t len);

/* Handles shared option c (a val above) with its argument.  1 when c was
 * one; 0 when not; -1 when the run must stop with *st (--password). */
int cli_shared_option(struct shared_options *o, int c, const char *arg, enum sr_status *st);

/* Reads the configuration (--config, $STATRETURN_CONFIG or the default
 * file) and fills what the command line left unset: la, dsn, schema,
 * output_dir (default "."), statement timeout (default 600 s).  With
 * need_la, the LA code must be three digits.  SR_OK or a status after an
 * error message. */
enum sr_status cli_shared_finish(struct shared_options *o, bool need_la);

/* "2025": a collection end year from 2000 to 2100, or "previous": the
 * latest collection year that has ended (core/date.h census_year_previous,
 * today or $SOURCE_DATE_EPOCH's day).  -1 when neither. */
int cli_parse_year(const char *s, int *year);

/* A command about one return: `COMMAND RETURN [options]`, or the return
 * after the options (`build --year 2025 cin`).  The return-specific options
 * are rows with a bit each; a return accepts the bits its part lists. */
struct return_option {
    unsigned bit;
    struct cli_option opt;
};

struct return_command {
    const char *command;                          /* "build", "report" */
    const struct return_option *own;
    size_t n_own;
    unsigned shared;                              /* SHARED_* bits */
    /* The bits a return accepts (k NULL: any return's), and its usage
     * text (k NULL: the command's); NULL when the return has no such part. */
    unsigned (*accepts)(const struct return_kind *k);
    const char *(*usage)(const struct return_kind *k);
    /* The return's wording of some options (k NULL: none); may be NULL. */
    const struct option_help *(*option_help)(const struct return_kind *k);
    /* One return-specific option: 0, or -1 after a message. */
    int (*option)(void *ctx, int val, const char *arg);
    void *ctx;
};

/* fn for each option of rc that return k accepts (k NULL: any return's). */
void cli_return_command_rows(const struct return_command *rc, const struct return_kind *k,
                             void (*fn)(void *arg, const struct cli_option *o), void *arg);

/* Parses argv (argv[0] is the command word) into so and, through
 * rc->option, the command's own request; sets *k.  SR_OK to go on;
 * otherwise the status to stop with (SR_OK with *done after --help). */
enum sr_status cli_return_command(int argc, char **argv, const struct return_command *rc,
                                  struct shared_options *so, const struct return_kind **k, bool *done);

#endif
