/*
 * The shared options; see include/cli/options.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "privacy/pseudo.h"
#include "returns/registry.h"

static const struct {
    unsigned bit;
    struct cli_option opt;
} shared_table[] = {
    { SHARED_LA, { "la", required_argument, OPT_LA } },
    { SHARED_DSN, { "dsn", required_argument, OPT_DSN } },
    { SHARED_SCHEMA, { "schema", required_argument, OPT_SCHEMA } },
    { SHARED_OUTPUT_DIR, { "output-dir", required_argument, OPT_OUTPUT_DIR } },
    { SHARED_FORCE, { "force", no_argument, OPT_FORCE } },
    { SHARED_KEY_FILE, { "key-file", required_argument, OPT_KEY_FILE } },
    { SHARED_KEY_ENV, { "key-env", required_argument, OPT_KEY_ENV } },
    { SHARED_STATEMENT_TIMEOUT, { "statement-timeout", required_argument, OPT_STATEMENT_TIMEOUT } },
    { SHARED_FETCH_BATCH, { "fetch-batch", required_argument, OPT_FETCH_BATCH } },
    { SHARED_CONFIG, { "config", required_argument, OPT_CONFIG } },
    { SHARED_PASSWORD, { "password", required_argument, OPT_PASSWORD } },
    { SHARED_QUIET, { "quiet", no_argument, OPT_QUIET } },
    { SHARED_VERBOSE, { "verbose", no_argument, OPT_VERBOSE } },
};

void shared_options_init(struct shared_options *o)
{
    memset(o, 0, sizeof *o);
    o->statement_timeout_s = -1;
    config_init(&o->cfg);
}

void shared_options_release(struct shared_options *o)
{
    config_release(&o->cfg);
}

struct option *cli_options(unsigned shared, const struct cli_option *own, size_t n)
{
    size_t n_shared = sizeof shared_table / sizeof shared_table[0];
    struct option *t = xcalloc(n_shared + n + 2, sizeof *t);
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        t[k++] = (struct option){ own[i].name, own[i].has_arg, NULL, own[i].val };
    for (size_t i = 0; i < n_shared; i++)
        if (shared & shared_table[i].bit)
            t[k++] = (struct option){ shared_table[i].opt.name, shared_table[i].opt.has_arg, NULL,
                                      shared_table[i].opt.val };
    t[k++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
    return t;
}

int cli_shared_option(struct shared_options *o, int c, const char *arg, enum sr_status *st)
{
    switch (c) {
    case OPT_LA: o->la = arg; return 1;
    case OPT_DSN: o->dsn = arg; return 1;
    case OPT_SCHEMA: o->schema = arg; return 1;
    case OPT_OUTPUT_DIR: o->output_dir = arg; return 1;
    case OPT_FORCE: o->force = true; return 1;
    case OPT_KEY_FILE: o->key_file = arg; return 1;
    case OPT_KEY_ENV:
        /* Out of the environment at once, whether or not a key is needed
         * (the value stays in memory for whatever loads it). */
        o->key_env = arg;
        (void)pseudo_key_env_take(arg);
        return 1;
    case OPT_STATEMENT_TIMEOUT: o->statement_timeout_s = atoi(arg); return 1;
    case OPT_FETCH_BATCH: o->fetch_batch = atoi(arg); return 1;
    case OPT_CONFIG: o->config_path = arg; return 1;
    case OPT_QUIET: log_set_level(LOG_QUIET); return 1;
    case OPT_VERBOSE: log_set_level(LOG_VERBOSE); return 1;
    case OPT_PASSWORD:
        sr_error("passwords are not accepted on the command line");
        sr_detail("use ~/.pgpass, PGPASSFILE or a pg_service.conf entry (see README, Connecting)");
        *st = SR_USAGE;
        return -1;
    default:
        return 0;
    }
}

static bool valid_la(const char *s)
{
    return s && strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
        && s[2] <= '9';
}

enum sr_status cli_shared_finish(struct shared_options *o, bool need_la)
{
    const char *path = o->config_path ? o->config_path : config_default_path();
    char err[1024];

    if (path && config_load(&o->cfg, path, o->config_path != NULL, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    if (!o->la)
        o->la = o->cfg.la;
    if (!o->dsn)
        o->dsn = o->cfg.dsn;
    if (!o->schema)
        o->schema = o->cfg.schema;
    if (!o->output_dir)
        o->output_dir = o->cfg.output_dir ? o->cfg.output_dir : ".";
    if (o->statement_timeout_s < 0)
        o->statement_timeout_s = o->cfg.statement_timeout_s ? o->cfg.statement_timeout_s : 600;
    if (need_la && !valid_la(o->la)) {
        sr_error("the LA code must be three digits (--la or 'la =' in the configuration)%s",
                 o->la ? "" : "; none was given");
        return SR_USAGE;
    }
    return SR_OK;
}

int cli_parse_year(const char *s, int *year)
{
    char *end;
    long v;

    if (!strcmp(s, "previous")) {
        *year = census_year_previous(date_today());
        sr_info("--year previous: collection year %d (1 April %d to 31 March %d), the latest that has ended",
                   *year, *year - 1, *year);
        return 0;
    }
    v = strtol(s, &end, 10);
    if (!*s || *end || v < 2000 || v > 2100)
        return -1;
    *year = (int)v;
    return 0;
}

static const char *own_name(const struct return_command *rc, unsigned bit)
{
    for (size_t i = 0; i < rc->n_own; i++)
        if (rc->own[i].bit == bit)
            return rc->own[i].opt.name;
    return "?";
}

static unsigned own_bit(const struct return_command *rc, int val)
{
    for (size_t i = 0; i < rc->n_own; i++)
        if (rc->own[i].opt.val == val)
            return rc->own[i].bit;
    return 0;
}

/* The options loop; *given collects the return-specific bits seen. */
static enum sr_status options_loop(int argc, char **argv, const struct return_command *rc,
                                   const struct return_kind *k, struct shared_options *so, unsigned *given,
                                   bool *done)
{
    struct cli_option own[32];
    unsigned accept = rc->accepts(k);
    size_t n = 0;
    enum sr_status st = SR_OK;
    int c;

    for (size_t i = 0; i < rc->n_own && n < 32; i++)
        if (accept & rc->own[i].bit)
            own[n++] = rc->own[i].opt;
    struct option *t = cli_options(rc->shared, own, n);
    optind = 1;
    opterr = 0;
    while (st == SR_OK && (c = getopt_long(argc, argv, "qvh", t, NULL)) != -1) {
        int r = cli_shared_option(so, c, optarg, &st);
        if (r != 0)
            continue;
        if (c == OPT_HELP) {
            fputs(rc->usage(k), stdout);
            *done = true;
            break;
        }
        if (c == '?' || c == ':') {
            sr_error("unknown option or missing value: '%s'", argv[optind - 1]);
            fputs(rc->usage(k), stderr);
            st = SR_USAGE;
        } else {
            *given |= own_bit(rc, c);
            if (rc->option(rc->ctx, c, optarg) != 0)
                st = SR_USAGE;
        }
    }
    free(t);
    return st;
}

/* The return named after the options, when it was not named first. */
static enum sr_status find_return(int argc, char **argv, const struct return_command *rc,
                                  const struct return_kind **k)
{
    if (optind >= argc) {
        sr_error("%s needs a return: statreturn %s cin|903|families|csc-api [options]", rc->command, rc->command);
        return SR_USAGE;
    }
    if (!(*k = return_kind_find(argv[optind])) || !rc->usage(*k)) {
        sr_error("cannot %s '%s': the returns are cin, 903, families and csc-api", rc->command, argv[optind]);
        *k = NULL;
        return SR_USAGE;
    }
    optind++;
    return SR_OK;
}

enum sr_status cli_return_command(int argc, char **argv, const struct return_command *rc,
                                  struct shared_options *so, const struct return_kind **k, bool *done)
{
    unsigned given = 0;
    enum sr_status st;

    *k = argc > 1 ? return_kind_find(argv[1]) : NULL;
    if (*k && !rc->usage(*k)) {
        sr_error("statreturn %s %s: not available for this return yet", rc->command, (*k)->name);
        return SR_USAGE;
    }
    if (*k) {
        argc--;
        argv++;
    }
    st = options_loop(argc, argv, rc, *k, so, &given, done);
    if (st != SR_OK || *done)
        return st;
    if (!*k && (st = find_return(argc, argv, rc, k)) != SR_OK)
        return st;
    if (optind < argc) {
        sr_error("unexpected argument '%s'", argv[optind]);
        return SR_USAGE;
    }
    unsigned bad = given & ~rc->accepts(*k);
    if (bad) {
        sr_error("%s %s does not take --%s", rc->command, (*k)->name, own_name(rc, bad & -bad));
        return SR_USAGE;
    }
    return SR_OK;
}
