/*
 * `statreturn report RETURN [options]`: the command line of the data
 * protection officer's dry-run report of what a return shares, field by
 * field (pipeline/shared_report.h).  No return is written.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "pipeline/shared_report.h"
#include "returns/registry.h"

enum {
    OPT_YEAR = 0x200, OPT_PERIOD, OPT_KIND, OPT_PROFILE, OPT_POLICY, OPT_PSEUDONYMISE_IDS, OPT_LAYOUT_DIR,
    OPT_FORMAT, OPT_OUTPUT, OPT_OFFLINE, OPT_RUN_DATE, OPT_COHORT
};


static const struct return_option report_options[] = {
    { SHARED_OPT_YEAR, { "year", required_argument, OPT_YEAR, "YEAR",
                         "collection end year (2025 = 1 April 2024 to 31 March 2025);\n"
                         "'previous': the latest collection year that has ended" } },
    { SHARED_OPT_PERIOD, { "period", required_argument, OPT_PERIOD, "YYYY-MM",
                           "the period, as for build families ('previous' allowed)" } },
    { SHARED_OPT_KIND, { "kind", required_argument, OPT_KIND, "nis|fpd|both", "which files (default both)" } },
    { SHARED_OPT_PROFILE, { "profile", required_argument, OPT_PROFILE, "NAME",
                            "only this policy (default: every policy of the return)" } },
    { SHARED_OPT_POLICY, { "policy", required_argument, OPT_POLICY, "FILE", "only this policy file" } },
    { SHARED_OPT_PSEUDONYMISE_IDS, { "pseudonymise-ids", no_argument, OPT_PSEUDONYMISE_IDS, NULL,
                                     "report as 'build --pseudonymise-ids' would share" } },
    { SHARED_OPT_LAYOUT_DIR, { "layout-dir", required_argument, OPT_LAYOUT_DIR, "DIR",
                               "edited layouts (default: specs/families)" } },
    { SHARED_OPT_RUN_DATE, { "run-date", required_argument, OPT_RUN_DATE, "YYYY-MM-DD",
                             "CSC API: the day whose cohort is counted (default: today)" } },
    { SHARED_OPT_COHORT, { "cohort", required_argument, OPT_COHORT, "FILE",
                           "CSC API: cohort settings (default specs/csc-api/cohort.conf)" } },
    { 1u << 16, { "format", required_argument, OPT_FORMAT, "FMT", "text (default), md, json or html" } },
    { 1u << 17, { "output", required_argument, OPT_OUTPUT, "FILE",
                  "write the report to FILE (mode 0600; default or '-':\nstandard output)" } },
    { 1u << 18, { "offline", no_argument, OPT_OFFLINE, NULL, "the policies or layouts only, without a database" } },
};
#define COMMON_BITS ((1u << 16) | (1u << 17) | (1u << 18))

static const char usage_any[] =
    "usage: statreturn report RETURN [options]\n"
    "\n"
    "What a return shares, field by field, with whom, how and why; no return is written.\n"
    "RETURN is one of:\n"
    "  cin --year YEAR           the Children in Need census\n"
    "  903 --year YEAR           the SSDA903 (children looked after) return\n"
    "  families --period YYYY-MM the Supporting Families NIS and FPD files\n"
    "  csc-api [--run-date D]    the DfE CSC API daily feed\n"
    "\n"
    "statreturn report RETURN --help lists the options of each; below, every option of any.\n";

struct request {
    struct shared_request req;
    struct shared_output out;
};

static unsigned accepts(const struct return_kind *k)
{
    unsigned bits = COMMON_BITS;
    if (k)
        return k->shared ? bits | k->shared->options : 0;
    for (size_t i = 0; return_kinds[i]; i++)
        if (return_kinds[i]->shared)
            bits |= return_kinds[i]->shared->options;
    return bits;
}

static const char *usage(const struct return_kind *k)
{
    return !k ? usage_any : k->shared ? k->shared->usage : NULL;
}

static const struct option_help *option_help(const struct return_kind *k)
{
    return k && k->shared ? k->shared->option_help : NULL;
}

static int option(void *ctx, int val, const char *arg)
{
    struct request *r = ctx;

    switch (val) {
    case OPT_YEAR:
        if (cli_parse_year(arg, &r->req.year) != 0) {
            sr_error("--year takes a collection end year such as 2025, or 'previous', not '%s'", arg);
            return -1;
        }
        return 0;
    case OPT_PERIOD: r->req.period = arg; return 0;
    case OPT_KIND: r->req.kind = arg; return 0;
    case OPT_PROFILE: r->req.profile = arg; return 0;
    case OPT_POLICY: r->req.policy_path = arg; return 0;
    case OPT_PSEUDONYMISE_IDS: r->req.pseudonymise_ids = true; return 0;
    case OPT_LAYOUT_DIR: r->req.layout_dir = arg; return 0;
    case OPT_RUN_DATE: r->req.run_date = arg; return 0;
    case OPT_COHORT: r->req.cohort_path = arg; return 0;
    case OPT_FORMAT: r->out.format = arg; return 0;
    case OPT_OUTPUT: r->out.path = arg; return 0;
    case OPT_OFFLINE: r->req.offline = true; return 0;
    default: return -1;
    }
}

/* The command's parser description, its requests going to ctx. */
static struct return_command command(void *ctx)
{
    return (struct return_command){
        "report", report_options, sizeof report_options / sizeof report_options[0],
        SHARED_ALL & ~(SHARED_OUTPUT_DIR | SHARED_FETCH_BATCH), accepts, usage, option_help, option, ctx,
    };
}

void cmd_report_each_option(const struct return_kind *k, void (*fn)(void *arg, const struct cli_option *o), void *arg)
{
    struct return_command rc = command(NULL);

    cli_return_command_rows(&rc, k, fn, arg);
}

enum sr_status cmd_report(int argc, char **argv)
{
    struct request r;
    struct shared_options so;
    const struct return_command rc = command(&r);
    const struct return_kind *k = NULL;
    bool done = false;
    enum sr_status st;

    memset(&r, 0, sizeof r);
    r.out.format = "text";
    shared_options_init(&so);
    st = cli_return_command(argc, argv, &rc, &so, &k, &done);
    if (st != SR_OK || done || (st = cli_shared_finish(&so, false)) != SR_OK)
        goto out;
    r.req.cfg = &so.cfg;
    r.req.la = so.la;
    r.req.key_file = so.key_file;
    r.req.key_env = so.key_env;
    r.out.force = so.force;
    r.out.db = (struct db_options){ so.dsn, "statreturn report", so.statement_timeout_s * 1000, so.schema };
    st = pipeline_shared_report(k, &r.req, &r.out);
out:
    shared_options_release(&so);
    return st;
}
