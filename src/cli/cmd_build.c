/*
 * `statreturn build RETURN [options]`: the command line of a build.  The
 * options shared by every command that reads the replica come from
 * cli/options.c; the return-specific ones from the table below, each
 * accepted only by the returns whose builder lists it.  The build itself
 * is pipeline_build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "pipeline/build.h"
#include "returns/registry.h"

enum {
    OPT_YEAR = 0x200, OPT_PERIOD, OPT_KIND, OPT_FORMAT, OPT_PROFILE, OPT_POLICY, OPT_OUTPUT, OPT_LAYOUT_DIR,
    OPT_SERIAL_NO, OPT_REPORT_FORMAT, OPT_PSEUDONYMISE_IDS
};

static const struct {
    unsigned bit;
    struct cli_option opt;
} build_table[] = {
    { BUILD_OPT_YEAR, { "year", required_argument, OPT_YEAR } },
    { BUILD_OPT_PERIOD, { "period", required_argument, OPT_PERIOD } },
    { BUILD_OPT_KIND, { "kind", required_argument, OPT_KIND } },
    { BUILD_OPT_FORMAT, { "format", required_argument, OPT_FORMAT } },
    { BUILD_OPT_PROFILE, { "profile", required_argument, OPT_PROFILE } },
    { BUILD_OPT_POLICY, { "policy", required_argument, OPT_POLICY } },
    { BUILD_OPT_OUTPUT, { "output", required_argument, OPT_OUTPUT } },
    { BUILD_OPT_LAYOUT_DIR, { "layout-dir", required_argument, OPT_LAYOUT_DIR } },
    { BUILD_OPT_SERIAL_NO, { "serial-no", required_argument, OPT_SERIAL_NO } },
    { BUILD_OPT_REPORT_FORMAT, { "report-format", required_argument, OPT_REPORT_FORMAT } },
    { BUILD_OPT_PSEUDONYMISE_IDS, { "pseudonymise-ids", no_argument, OPT_PSEUDONYMISE_IDS } },
};
#define N_BUILD_OPTS (sizeof build_table / sizeof build_table[0])

static const char usage_any[] =
    "usage: statreturn build RETURN [options]\n"
    "\n"
    "Builds a return from the replica.  RETURN is one of:\n"
    "  cin --year YEAR           the Children in Need census\n"
    "  903 --year YEAR           the SSDA903 (children looked after) return\n"
    "  families --period YYYY-MM the Supporting Families NIS and FPD files\n"
    "\n"
    "statreturn build RETURN --help lists the options of each.\n";

static void usage(const struct return_kind *k, FILE *f)
{
    fputs(k ? k->builder->usage : usage_any, f);
}

/* The build options of every return, when the return is not known yet
 * (`build --year 2025 cin`). */
static unsigned all_options(void)
{
    unsigned bits = 0;
    for (size_t i = 0; return_kinds[i]; i++)
        bits |= return_kinds[i]->builder->options;
    return bits;
}

struct parsed {
    struct shared_options so;
    struct build_request req;
    unsigned given;                 /* build_table bits given */
};

/* One return-specific option.  0, or -1 after a message. */
static int build_option(struct parsed *p, int c, const char *arg)
{
    for (size_t i = 0; i < N_BUILD_OPTS; i++)
        if (build_table[i].opt.val == c)
            p->given |= build_table[i].bit;
    switch (c) {
    case OPT_YEAR:
        if (cli_parse_year(arg, &p->req.year) != 0) {
            sr_error("--year takes a collection end year such as 2025, not '%s'", arg);
            return -1;
        }
        return 0;
    case OPT_PERIOD: p->req.period = arg; return 0;
    case OPT_KIND: p->req.kind = arg; return 0;
    case OPT_FORMAT: p->req.format = arg; return 0;
    case OPT_PROFILE: p->req.profile = arg; return 0;
    case OPT_POLICY: p->req.policy_path = arg; return 0;
    case OPT_OUTPUT: p->req.output = arg; return 0;
    case OPT_LAYOUT_DIR: p->req.layout_dir = arg; return 0;
    case OPT_SERIAL_NO: p->req.serial_no = arg; return 0;
    case OPT_REPORT_FORMAT: p->req.report_format = arg; return 0;
    case OPT_PSEUDONYMISE_IDS: p->req.pseudonymise_ids = true; return 0;
    default: return -1;
    }
}

static const char *option_name(unsigned bit)
{
    for (size_t i = 0; i < N_BUILD_OPTS; i++)
        if (build_table[i].bit == bit)
            return build_table[i].opt.name;
    return "?";
}

/* Parses argv (argv[0] is the return, or "build" when the return comes
 * later); sets *k.  SR_OK to go on; otherwise the status to stop with
 * (SR_OK too after --help: *done). */
static enum sr_status parse(int argc, char **argv, const struct return_kind **k, struct parsed *p, bool *done)
{
    struct cli_option own[N_BUILD_OPTS];
    unsigned accept = *k ? (*k)->builder->options : all_options();
    size_t n = 0;
    enum sr_status st = SR_OK;
    int c;

    for (size_t i = 0; i < N_BUILD_OPTS; i++)
        if (accept & build_table[i].bit)
            own[n++] = build_table[i].opt;
    struct option *t = cli_options(SHARED_ALL, own, n);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qvh", t, NULL)) != -1) {
        int r = cli_shared_option(&p->so, c, optarg, &st);
        if (r < 0)
            goto out;
        if (r > 0)
            continue;
        if (c == OPT_HELP) {
            usage(*k, stdout);
            *done = true;
            goto out;
        }
        if (c == '?' || c == ':') {
            sr_error("unknown option or missing value: '%s'", argv[optind - 1]);
            usage(*k, stderr);
            st = SR_USAGE;
            goto out;
        }
        if (build_option(p, c, optarg) != 0) {
            st = SR_USAGE;
            goto out;
        }
    }
    if (!*k) {
        if (optind >= argc) {
            sr_error("build needs a return: statreturn build cin|903|families [options]");
            st = SR_USAGE;
            goto out;
        }
        if (!(*k = return_kind_find(argv[optind]))) {
            sr_error("cannot build '%s': the returns are cin, 903 and families", argv[optind]);
            st = SR_USAGE;
            goto out;
        }
        optind++;
    }
    if (optind < argc) {
        sr_error("unexpected argument '%s'", argv[optind]);
        st = SR_USAGE;
    } else if (p->given & ~(*k)->builder->options) {
        unsigned bad = p->given & ~(*k)->builder->options;
        sr_error("build %s does not take --%s", (*k)->name, option_name(bad & -bad));
        st = SR_USAGE;
    }
out:
    free(t);
    return st;
}

static enum sr_status check_report_format(const char *f)
{
    if (strcmp(f, "csv") && strcmp(f, "json") && strcmp(f, "html") && strcmp(f, "text")) {
        sr_error("--report-format must be csv, json, html or text");
        return SR_USAGE;
    }
    return SR_OK;
}

enum sr_status cmd_build(int argc, char **argv)
{
    const struct return_kind *k = argc > 1 ? return_kind_find(argv[1]) : NULL;
    struct parsed p;
    bool done = false;
    enum sr_status st;

    memset(&p, 0, sizeof p);
    shared_options_init(&p.so);
    st = k ? parse(argc - 1, argv + 1, &k, &p, &done) : parse(argc, argv, &k, &p, &done);
    if (st != SR_OK || done)
        goto out;
    if (!p.req.report_format)
        p.req.report_format = "csv";
    if ((st = check_report_format(p.req.report_format)) != SR_OK || (st = cli_shared_finish(&p.so, true)) != SR_OK)
        goto out;
    p.req.cfg = &p.so.cfg;
    p.req.la = p.so.la;
    p.req.dsn = p.so.dsn;
    p.req.schema = p.so.schema;
    p.req.output_dir = p.so.output_dir;
    p.req.key_file = p.so.key_file;
    p.req.key_env = p.so.key_env;
    p.req.statement_timeout_s = p.so.statement_timeout_s;
    p.req.fetch_batch = p.so.fetch_batch;
    p.req.force = p.so.force;
    st = pipeline_build(k, &p.req);
out:
    shared_options_release(&p.so);
    return st;
}
