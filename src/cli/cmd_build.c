/*
 * `statreturn build RETURN [options]`: the command line of a build.  The
 * options shared by every command that reads the replica come from
 * cli/options.c; the return-specific ones from the table below, each
 * accepted only by the returns whose builder lists it.  The build itself
 * is pipeline_build.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "pipeline/build.h"
#include "returns/registry.h"

enum {
    OPT_YEAR = 0x200, OPT_PERIOD, OPT_KIND, OPT_FORMAT, OPT_PROFILE, OPT_POLICY, OPT_OUTPUT, OPT_LAYOUT_DIR,
    OPT_SERIAL_NO, OPT_REPORT_FORMAT, OPT_PSEUDONYMISE_IDS, OPT_RUN_DATE, OPT_STATE_DIR, OPT_FULL, OPT_COHORT,
    OPT_API_SCHEMA
};

static const struct return_option build_options[] = {
    { BUILD_OPT_YEAR, { "year", required_argument, OPT_YEAR, "YEAR",
                        "collection end year (2025 = 1 April 2024 to 31 March 2025);\n"
                        "'previous': the latest collection year that has ended" } },
    { BUILD_OPT_PERIOD, { "period", required_argument, OPT_PERIOD, "YYYY-MM",
                          "last month of the period; 'previous': the latest ended" } },
    { BUILD_OPT_KIND, { "kind", required_argument, OPT_KIND, "nis|fpd|both", "which files (default both)" } },
    { BUILD_OPT_FORMAT, { "format", required_argument, OPT_FORMAT, "xml|csv|both",
                          "the return as XML, the CSV set or both (default both)" } },
    { BUILD_OPT_PROFILE, { "profile", required_argument, OPT_PROFILE, "NAME",
                           "policy specs/RETURN/policy_NAME.conf (default dfe; regional)" } },
    { BUILD_OPT_POLICY, { "policy", required_argument, OPT_POLICY, "FILE", "policy file to use instead of a profile" } },
    { BUILD_OPT_OUTPUT, { "output", required_argument, OPT_OUTPUT, "FILE",
                          "return file (default: OUTPUT_DIR/cin_YEAR_LA.xml)" } },
    { BUILD_OPT_LAYOUT_DIR, { "layout-dir", required_argument, OPT_LAYOUT_DIR, "DIR",
                              "edited layouts layout_nis.conf, layout_fpd.conf\n(default: specs/families)" } },
    { BUILD_OPT_SERIAL_NO, { "serial-no", required_argument, OPT_SERIAL_NO, "N",
                             "header SerialNo (default 001; config: serial_no)" } },
    { BUILD_OPT_REPORT_FORMAT, { "report-format", required_argument, OPT_REPORT_FORMAT, "FMT",
                                 "validation report beside the return: csv (default),\njson, html or text" } },
    { BUILD_OPT_PSEUDONYMISE_IDS, { "pseudonymise-ids", no_argument, OPT_PSEUDONYMISE_IDS, NULL,
                                    "send the child's id as a keyed pseudonym (needs a key)" } },
    { BUILD_OPT_RUN_DATE, { "run-date", required_argument, OPT_RUN_DATE, "YYYY-MM-DD",
                            "the day the feed is for (default: today)" } },
    { BUILD_OPT_STATE_DIR, { "state-dir", required_argument, OPT_STATE_DIR, "DIR",
                             "the change-only state store (default: the output directory)" } },
    { BUILD_OPT_FULL, { "full", no_argument, OPT_FULL, NULL, "send every child in the cohort, changed or not" } },
    { BUILD_OPT_COHORT, { "cohort", required_argument, OPT_COHORT, "FILE",
                          "cohort settings (default specs/csc-api/cohort.conf)" } },
    { BUILD_OPT_API_SCHEMA, { "api-schema", required_argument, OPT_API_SCHEMA, "FILE",
                              "DfE's OpenAPI file (default specs/csc-api/dfe_csc_api_openapi_*.json)" } },
};

static const char usage_any[] =
    "usage: statreturn build RETURN [options]\n"
    "\n"
    "Builds a return from the replica.  RETURN is one of:\n"
    "  cin --year YEAR           the Children in Need census\n"
    "  903 --year YEAR           the SSDA903 (children looked after) return\n"
    "  families --period YYYY-MM the Supporting Families NIS and FPD files\n"
    "  csc-api [--run-date D]    the DfE CSC API daily feed (changed children, batches)\n"
    "\n"
    "statreturn build RETURN --help lists the options of each; below, every option of any.\n";

static unsigned accepts(const struct return_kind *k)
{
    unsigned bits = 0;
    if (k)
        return k->builder->options;
    for (size_t i = 0; return_kinds[i]; i++)
        bits |= return_kinds[i]->builder->options;
    return bits;
}

static const char *usage(const struct return_kind *k)
{
    return k ? k->builder->usage : usage_any;
}

static const struct option_help *option_help(const struct return_kind *k)
{
    return k ? k->builder->option_help : NULL;
}

/* One return-specific option into the request. */
static int option(void *ctx, int val, const char *arg)
{
    struct build_request *req = ctx;

    switch (val) {
    case OPT_YEAR:
        if (cli_parse_year(arg, &req->year) != 0) {
            sr_error("--year takes a collection end year such as 2025, or 'previous', not '%s'", arg);
            return -1;
        }
        return 0;
    case OPT_PERIOD: req->period = arg; return 0;
    case OPT_KIND: req->kind = arg; return 0;
    case OPT_FORMAT: req->format = arg; return 0;
    case OPT_PROFILE: req->profile = arg; return 0;
    case OPT_POLICY: req->policy_path = arg; return 0;
    case OPT_OUTPUT: req->output = arg; return 0;
    case OPT_LAYOUT_DIR: req->layout_dir = arg; return 0;
    case OPT_SERIAL_NO: req->serial_no = arg; return 0;
    case OPT_REPORT_FORMAT: req->report_format = arg; return 0;
    case OPT_PSEUDONYMISE_IDS: req->pseudonymise_ids = true; return 0;
    case OPT_RUN_DATE: req->run_date = arg; return 0;
    case OPT_STATE_DIR: req->state_dir = arg; return 0;
    case OPT_FULL: req->full = true; return 0;
    case OPT_COHORT: req->cohort_path = arg; return 0;
    case OPT_API_SCHEMA: req->api_schema = arg; return 0;
    default: return -1;
    }
}

static enum sr_status check_report_format(const char *f)
{
    if (strcmp(f, "csv") && strcmp(f, "json") && strcmp(f, "html") && strcmp(f, "text")) {
        sr_error("--report-format must be csv, json, html or text");
        return SR_USAGE;
    }
    return SR_OK;
}

/* The command's parser description, its requests going to ctx. */
static struct return_command command(void *ctx)
{
    return (struct return_command){
        "build", build_options, sizeof build_options / sizeof build_options[0], SHARED_ALL, accepts, usage,
        option_help, option, ctx,
    };
}

void cmd_build_each_option(const struct return_kind *k, void (*fn)(void *arg, const struct cli_option *o), void *arg)
{
    struct return_command rc = command(NULL);

    cli_return_command_rows(&rc, k, fn, arg);
}

enum sr_status cmd_build(int argc, char **argv)
{
    struct build_request req;
    struct shared_options so;
    const struct return_command rc = command(&req);
    const struct return_kind *k = NULL;
    bool done = false;
    enum sr_status st;

    memset(&req, 0, sizeof req);
    shared_options_init(&so);
    st = cli_return_command(argc, argv, &rc, &so, &k, &done);
    if (st != SR_OK || done)
        goto out;
    if (!req.report_format)
        req.report_format = "csv";
    if ((st = check_report_format(req.report_format)) != SR_OK || (st = cli_shared_finish(&so, true)) != SR_OK)
        goto out;
    req.cfg = &so.cfg;
    req.la = so.la;
    req.dsn = so.dsn;
    req.schema = so.schema;
    req.output_dir = so.output_dir;
    req.key_file = so.key_file;
    req.key_env = so.key_env;
    req.statement_timeout_s = so.statement_timeout_s;
    req.fetch_batch = so.fetch_batch;
    req.force = so.force;
    st = pipeline_build(k, &req);
out:
    shared_options_release(&so);
    return st;
}
