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
    { SHARED_LA, { "la", required_argument, OPT_LA, "CODE", "three-digit LA code (config: la)" } },
    { SHARED_DSN, { "dsn", required_argument, OPT_DSN, "CONNINFO",
                    "libpq connection string or URI, without a password\n(default: PG* environment, "
                    "pg_service.conf, ~/.pgpass; config: dsn)" } },
    { SHARED_SCHEMA, { "schema", required_argument, OPT_SCHEMA, "NAME",
                       "schema holding the SSD tables (config: schema)" } },
    { SHARED_OUTPUT_DIR, { "output-dir", required_argument, OPT_OUTPUT_DIR, "DIR",
                           "directory for the files written (config: output_dir; default .)" } },
    { SHARED_FORCE, { "force", no_argument, OPT_FORCE, NULL, "replace files that exist" } },
    { SHARED_KEY_FILE, { "key-file", required_argument, OPT_KEY_FILE, "FILE",
                         "pseudonymisation key, mode 0600 (config: key_file.NAME)" } },
    { SHARED_KEY_ENV, { "key-env", required_argument, OPT_KEY_ENV, "VAR",
                        "read the key from environment variable VAR" } },
    { SHARED_STATEMENT_TIMEOUT, { "statement-timeout", required_argument, OPT_STATEMENT_TIMEOUT, "S",
                                  "seconds before a query is cancelled (default 600;\nconfig: statement_timeout)" } },
    { SHARED_FETCH_BATCH, { "fetch-batch", required_argument, OPT_FETCH_BATCH, "N",
                            "rows fetched from each cursor at a time" } },
    { SHARED_CONFIG, { "config", required_argument, OPT_CONFIG, "FILE",
                       "configuration file (default $STATRETURN_CONFIG or\n/etc/statreturn/statreturn.conf)" } },
    { SHARED_PASSWORD, { "password", required_argument, OPT_PASSWORD, "X",
                         "refused: a password on the command line is visible to\nevery user; use ~/.pgpass" } },
    { SHARED_QUIET, { "quiet", no_argument, OPT_QUIET, NULL, "only errors" } },
    { SHARED_VERBOSE, { "verbose", no_argument, OPT_VERBOSE, NULL, "more detail" } },
};

static const struct cli_option help_row = { "help", no_argument, OPT_HELP, NULL, "this help" };

void cli_each_row(const struct cli_option *own, size_t n, unsigned shared,
                  void (*fn)(void *arg, const struct cli_option *o), void *arg)
{
    for (size_t i = 0; i < n; i++)
        fn(arg, &own[i]);
    for (size_t i = 0; i < sizeof shared_table / sizeof shared_table[0]; i++)
        if (shared & shared_table[i].bit)
            fn(arg, &shared_table[i].opt);
    fn(arg, &help_row);
}

struct help_ctx {
    FILE *fp;
    const struct option_help *over;
};

#define HELP_COLUMN 26

static void help_row_out(void *arg, const struct cli_option *o)
{
    const struct help_ctx *h = arg;
    const char *a = o->has_arg == required_argument ? (o->arg ? o->arg : "VALUE") : NULL;
    const char *text = o->help ? o->help : "";
    char head[128];
    int len;

    for (const struct option_help *v = h->over; v && v->name; v++)
        if (!strcmp(v->name, o->name)) {
            a = v->arg ? v->arg : a;
            text = v->help;
        }
    if (o->val > ' ' && o->val < 0x7F)
        len = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->val, o->name, a ? " " : "", a ? a : "");
    else
        len = snprintf(head, sizeof head, "  --%s%s%s", o->name, a ? " " : "", a ? a : "");
    fputs(head, h->fp);
    if (len >= HELP_COLUMN - 1) {
        fputc('\n', h->fp);
        len = 0;
    }
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(h->fp, "%*s%.*s\n", HELP_COLUMN - len, "", (int)n, p);
        len = 0;
        p += n;
        if (*p)
            p++;
    }
    if (!*text)
        fputc('\n', h->fp);
}

void cli_help_options(FILE *fp, const struct cli_option *own, size_t n, unsigned shared,
                      const struct option_help *over)
{
    struct help_ctx h = { fp, over };

    fputs("\noptions:\n", fp);
    cli_each_row(own, n, shared, help_row_out, &h);
}

void cli_bad_option(const char *words, char **argv, int optopt_, int optind_)
{
    const char *arg = argv[optind_ - 1];

    if (optopt_ && optopt_ < 0x80 && (!arg || arg[0] != '-' || arg[1] == '-' || !arg[1]))
        sr_error("unknown option '-%c'", optopt_);
    else if (arg && !strncmp(arg, "--", 2) && optopt_)
        sr_error("option '%s' needs a value", arg);
    else
        sr_error("unknown option '%s'", arg ? arg : "?");
    fprintf(stderr, "Try 'statreturn %s --help'\n", words);
}

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

struct table_ctx {
    struct option *t;
    size_t k;
};

static void table_row(void *arg, const struct cli_option *o)
{
    struct table_ctx *c = arg;

    c->t[c->k++] = (struct option){ o->name, o->has_arg, NULL, o->val };
}

struct option *cli_options(unsigned shared, const struct cli_option *own, size_t n)
{
    struct table_ctx c = { xcalloc(sizeof shared_table / sizeof shared_table[0] + n + 2, sizeof *c.t), 0 };

    cli_each_row(own, n, shared, table_row, &c);
    return c.t;
}

void cli_shortopts(const struct option *t, char *buf, size_t len)
{
    size_t k = 0;

    for (; t->name && k + 3 < len; t++)
        if (t->val > ' ' && t->val < 0x7F) {
            buf[k++] = (char)t->val;
            if (t->has_arg == required_argument)
                buf[k++] = ':';
        }
    buf[k] = '\0';
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

/* The command's own rows return k accepts, into own (at most 32). */
static size_t accepted_rows(const struct return_command *rc, const struct return_kind *k, struct cli_option own[32])
{
    unsigned accept = rc->accepts(k);
    size_t n = 0;

    for (size_t i = 0; i < rc->n_own && n < 32; i++)
        if (accept & rc->own[i].bit)
            own[n++] = rc->own[i].opt;
    return n;
}

void cli_return_command_rows(const struct return_command *rc, const struct return_kind *k,
                             void (*fn)(void *arg, const struct cli_option *o), void *arg)
{
    struct cli_option own[32];

    cli_each_row(own, accepted_rows(rc, k, own), rc->shared, fn, arg);
}

/* The options loop; *given collects the return-specific bits seen. */
static enum sr_status options_loop(int argc, char **argv, const struct return_command *rc,
                                   const struct return_kind *k, struct shared_options *so, unsigned *given,
                                   bool *done)
{
    struct cli_option own[32];
    size_t n = accepted_rows(rc, k, own);
    enum sr_status st = SR_OK;
    int c;

    struct option *t = cli_options(rc->shared, own, n);
    char shortopts[32], words[64];
    cli_shortopts(t, shortopts, sizeof shortopts);
    snprintf(words, sizeof words, "%s%s%s", rc->command, k ? " " : "", k ? k->name : "");
    optind = 1;
    opterr = 0;
    while (st == SR_OK && (c = getopt_long(argc, argv, shortopts, t, NULL)) != -1) {
        int r = cli_shared_option(so, c, optarg, &st);
        if (r != 0)
            continue;
        if (c == OPT_HELP) {
            fputs(rc->usage(k), stdout);
            cli_help_options(stdout, own, n, rc->shared, rc->option_help ? rc->option_help(k) : NULL);
            *done = true;
            break;
        }
        if (c == '?' || c == ':') {
            cli_bad_option(words, argv, optopt, optind);
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
