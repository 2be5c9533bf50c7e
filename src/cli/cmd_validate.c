/*
 * `statreturn validate [options] FILE|DIR...`: the command line of the
 * validation driver (pipeline/validate.h).  It checks the options, opens
 * the report file first (so that a report that cannot be written fails
 * before a long validation), runs the driver, and writes the report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "io/outfile.h"
#include "pipeline/validate.h"

struct vopts {
    struct validate_request req;
    enum report_format format;
    const char *output;        /* NULL or "-": standard output */
    const char *summary_dir;   /* --summary */
    bool force, show_values, quiet;
};

enum {
    V_YEAR = 0x200, V_FORMAT, V_OUTPUT, V_FORCE, V_SHOW_VALUES, V_RULE, V_NO_RULES, V_PREVIOUS, V_PROVIDERS,
    V_POSTCODES, V_LA, V_SUMMARY, V_QUIET = 'q'
};

/* The options of validate: the parser's table and --help's. */
static const struct cli_option validate_options[] = {
    { "year", required_argument, V_YEAR, "YEAR",
      "collection year to validate as (default: the header's Year;\nSSDA903: the year of the latest event date)" },
    { "format", required_argument, V_FORMAT, "FORMAT",
      "text (default), csv, json, html, or gnu (file:line: rule\ntype: message, one a line)" },
    { "output", required_argument, V_OUTPUT, "FILE",
      "write the report to FILE (default or '-': standard output);\nan existing FILE is replaced only with --force" },
    { "summary", required_argument, V_SUMMARY, "DIR",
      "also write DIR/error_summary.csv (per rule) and\nDIR/child_summary.csv (per child)" },
    { "force", no_argument, V_FORCE, NULL, "replace an existing report or summary file" },
    { "show-values", no_argument, V_SHOW_VALUES, NULL, "include the offending values (personal data) in the report" },
    { "rule", required_argument, V_RULE, "CODE", "report only that rule (XSD: only schema errors)" },
    { "no-rules", no_argument, V_NO_RULES, NULL, "schema and structure checks only" },
    { "previous", required_argument, V_PREVIOUS, "DIR_OR_FILE",
      "SSDA903: last year's return, for the rules that compare years" },
    { "providers", required_argument, V_PROVIDERS, "FILE", "SSDA903: the Ofsted provider list (CSV), for the URN rules" },
    { "postcodes", required_argument, V_POSTCODES, "FILE",
      "SSDA903: the ONS Postcode Directory (CSV), for the placement\ndistance and LA rules and to look postcodes up" },
    { "la", required_argument, V_LA, "CODE",
      "SSDA903: your LA's code as the postcode directory writes it\n(e.g. E09000027), for the in-area rules" },
    { "quiet", no_argument, V_QUIET, NULL, "no text report on standard output, no progress messages" },
};
#define N_VALIDATE_OPTIONS (sizeof validate_options / sizeof validate_options[0])

const struct cli_command cli_validate_command = { "validate", validate_options, N_VALIDATE_OPTIONS };

static void usage(FILE *fp)
{
    fputs("usage: statreturn validate [options] FILE|DIR|-...\n"
          "\n"
          "Checks returns against the schema and the DfE validation rules.  SSDA903 CSV\n"
          "files given together (or a directory of them) are validated as one return;\n"
          "'-' reads a file from standard input.  A CSC API payload (JSON Lines of batches,\n"
          "or one JSON array) is checked against DfE's OpenAPI schema, batch by batch and\n"
          "record by record.\n", fp);
    cli_help_options(fp, validate_options, N_VALIDATE_OPTIONS, 0, NULL);
    fputs("\n"
          "Exit status: 0 no errors (queries allowed), 1 errors, 2 usage, 3 spec file\n"
          "unusable, 7 a file unreadable or not a return we know, 8 report not written,\n"
          "10 internal error.  With several files, the worst.\n", fp);
}

static int parse_year_arg(const char *s, int *year)
{
    char *end;
    long y;

    errno = 0;
    y = strtol(s, &end, 10);
    if (errno || *end || end - s != 4 || y < 1900 || y > 2199)
        return -1;
    *year = (int)y;
    return 0;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* One option; -1 to stop with *st. */
static int option(struct vopts *o, int ch, char **argv, enum sr_status *st)
{
    switch (ch) {
    case V_YEAR:
        if (parse_year_arg(optarg, &o->req.year) != 0) {
            sr_error("validate: --year wants a collection year such as 2025, not '%s'", optarg);
            *st = SR_USAGE;
            return -1;
        }
        return 0;
    case V_FORMAT:
        if (report_format_parse(optarg, &o->format) != 0) {
            sr_error("validate: unknown --format '%s' (text, csv, json, html or gnu)", optarg);
            *st = SR_USAGE;
            return -1;
        }
        return 0;
    case V_OUTPUT: o->output = optarg; return 0;
    case V_SUMMARY: o->summary_dir = optarg; return 0;
    case V_FORCE: o->force = true; return 0;
    case V_SHOW_VALUES: o->show_values = true; return 0;
    case V_RULE: o->req.rule = optarg; return 0;
    case V_NO_RULES: o->req.no_rules = true; return 0;
    case V_QUIET: o->quiet = true; return 0;
    case V_PREVIOUS: o->req.previous = optarg; return 0;
    case V_PROVIDERS: o->req.providers = optarg; return 0;
    case V_POSTCODES: o->req.postcodes = optarg; return 0;
    case V_LA: o->req.la = optarg; return 0;
    case OPT_HELP:
        usage(stdout);
        *st = SR_OK;
        return -1;
    default:
        (void)argv;
        cli_bad_option("validate", argv, optopt, optind);
        *st = SR_USAGE;
        return -1;
    }
}

/* The options and what they must agree on.  -1 to stop with *st. */
static int parse(int argc, char **argv, struct vopts *o, enum sr_status *st)
{
    struct option *longopts = cli_options(0, validate_options, N_VALIDATE_OPTIONS);
    char shortopts[16];
    int ch, rc = -1;

    cli_shortopts(longopts, shortopts, sizeof shortopts);
    *st = SR_USAGE;
    optind = 0;          /* GNU: restart scanning, whatever parsed argv before */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
        if (option(o, ch, argv, st) != 0)
            goto out;
    if (optind >= argc) {
        sr_error("validate: no file to validate");
        fputs("Try 'statreturn validate --help'\n", stderr);
        goto out;
    }
    if (o->req.no_rules && o->req.rule && strcmp(o->req.rule, "XSD") != 0) {
        sr_error("validate: --rule %s and --no-rules contradict each other", o->req.rule);
        goto out;
    }
    if (o->req.year && pipeline_validate_check_year(o->req.year, o->req.no_rules) != 0)
        goto out;
    for (int i = optind; o->output && strcmp(o->output, "-") != 0 && i < argc; i++)
        if (same_file(o->output, argv[i])) {
            sr_error("validate: the report '%s' would replace a file being validated", o->output);
            goto out;
        }
    for (int i = optind, n = 0; i < argc; i++)
        if (!strcmp(argv[i], "-") && ++n > 1) {
            sr_error("validate: '-' (standard input) can be given once");
            goto out;
        }
    *st = SR_OK;
    rc = 0;
out:
    free(longopts);
    return rc;
}

enum sr_status cmd_validate(int argc, char **argv)
{
    struct vopts o;
    struct outfile out;
    bool out_open = false, to_file;
    char err[1024];
    enum sr_status st;

    memset(&o, 0, sizeof o);
    memset(&out, 0, sizeof out);
    o.format = REPORT_TEXT;
    if (parse(argc, argv, &o, &st) != 0)
        return st;
    to_file = o.output && strcmp(o.output, "-") != 0;
    if (o.quiet)
        log_set_level(LOG_QUIET);
    /* Fail before a long validation if the report cannot be written. */
    if (to_file) {
        if (outfile_open(&out, o.output, o.force, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            return SR_OUTPUT;
        }
        out_open = true;
    }
    struct report *rep = report_new(NULL, 0);
    if (o.show_values)
        report_keep_values(rep);
    st = pipeline_validate(&o.req, (const char *const *)argv + optind, (size_t)(argc - optind), rep,
                           to_file || o.format != REPORT_TEXT);
    if (to_file) {
        if (report_write(rep, out.fp, o.format, o.show_values, err, sizeof err) != 0
            || outfile_commit(&out, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            st = pipeline_validate_worse(st, SR_OUTPUT);
        } else {
            out_open = false;
            sr_info("report written to %s", o.output);
        }
    } else if (!(o.quiet && o.format == REPORT_TEXT)
               && report_write(rep, stdout, o.format, o.show_values, err, sizeof err) != 0) {
        sr_error("validate: %s", err);
        st = pipeline_validate_worse(st, SR_OUTPUT);
    }
    if (o.summary_dir && report_write_summaries(rep, o.summary_dir, o.force, err, sizeof err) != 0) {
        sr_error("validate: --summary: %s", err);
        st = pipeline_validate_worse(st, SR_OUTPUT);
    } else if (o.summary_dir) {
        sr_info("summaries written to %s/error_summary.csv and %s/child_summary.csv", o.summary_dir,
                o.summary_dir);
    }
    if (out_open)
        outfile_abort(&out);
    report_free(rep);
    return st;
}
