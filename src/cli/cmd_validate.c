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
#include "core/log.h"
#include "io/outfile.h"
#include "pipeline/validate.h"

struct vopts {
    struct validate_request req;
    enum report_format format;
    const char *output;        /* NULL or "-": standard output */
    bool force, show_values, quiet;
};

static void usage(FILE *fp)
{
    fputs("usage: statreturn validate [options] FILE|DIR...\n"
          "\n"
          "Checks returns against the schema and the DfE validation rules.  SSDA903 CSV\n"
          "files given together (or a directory of them) are validated as one return.\n"
          "A CSC API payload (JSON Lines of batches, or one JSON array) is checked against\n"
          "DfE's OpenAPI schema, batch by batch and record by record.\n"
          "\n"
          "  --year YEAR          collection year to validate as (default: the header's Year;\n"
          "                       SSDA903: the year of the latest event date in the data)\n"
          "  --format FORMAT      text (default), csv, json or html\n"
          "  --output FILE        write the report to FILE (default: standard output;\n"
          "                       html needs a file); FILE is replaced only with --force\n"
          "  --force              replace an existing report file\n"
          "  --show-values        include the offending values (personal data) in the report\n"
          "  --rule CODE          report only that DfE rule (XSD: only schema errors)\n"
          "  --no-rules           schema check only\n"
          "  -q, --quiet          no text report on standard output, no progress messages\n"
          "  -h, --help           this help\n"
          "\n"
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
    case 'y':
        if (parse_year_arg(optarg, &o->req.year) != 0) {
            sr_error("validate: --year wants a collection year such as 2025, not '%s'", optarg);
            *st = SR_USAGE;
            return -1;
        }
        return 0;
    case 'f':
        if (report_format_parse(optarg, &o->format) != 0) {
            sr_error("validate: unknown --format '%s' (text, csv, json or html)", optarg);
            *st = SR_USAGE;
            return -1;
        }
        return 0;
    case 'o': o->output = optarg; return 0;
    case 'F': o->force = true; return 0;
    case 'S': o->show_values = true; return 0;
    case 'r': o->req.rule = optarg; return 0;
    case 'N': o->req.no_rules = true; return 0;
    case 'q': o->quiet = true; return 0;
    case 'P': o->req.previous = optarg; return 0;
    case 'V': o->req.providers = optarg; return 0;
    case 'C': o->req.postcodes = optarg; return 0;
    case 'L': o->req.la = optarg; return 0;
    case 'h':
        usage(stdout);
        *st = SR_OK;
        return -1;
    default:
        if (optopt && strchr("yforPVCL", optopt))
            sr_error("validate: option '%s' needs a value", argv[optind - 1]);
        else
            sr_error("validate: unknown option '%s'", argv[optind - 1]);
        usage(stderr);
        *st = SR_USAGE;
        return -1;
    }
}

/* The options and what they must agree on.  -1 to stop with *st. */
static int parse(int argc, char **argv, struct vopts *o, enum sr_status *st)
{
    static const struct option longopts[] = {
        { "year", required_argument, NULL, 'y' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'F' },
        { "show-values", no_argument, NULL, 'S' },
        { "rule", required_argument, NULL, 'r' },
        { "no-rules", no_argument, NULL, 'N' },
        { "quiet", no_argument, NULL, 'q' },
        { "previous", required_argument, NULL, 'P' },
        { "providers", required_argument, NULL, 'V' },
        { "postcodes", required_argument, NULL, 'C' },
        { "la", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    *st = SR_USAGE;
    optind = 0;          /* GNU: restart scanning, whatever parsed argv before */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "qh", longopts, NULL)) != -1)
        if (option(o, ch, argv, st) != 0)
            return -1;
    if (optind >= argc) {
        sr_error("validate: no file to validate");
        usage(stderr);
        return -1;
    }
    if (o->format == REPORT_HTML && !o->output) {
        sr_error("validate: --format html needs --output FILE");
        return -1;
    }
    if (o->req.no_rules && o->req.rule && strcmp(o->req.rule, "XSD") != 0) {
        sr_error("validate: --rule %s and --no-rules contradict each other", o->req.rule);
        return -1;
    }
    if (o->req.year && pipeline_validate_check_year(o->req.year, o->req.no_rules) != 0)
        return -1;
    for (int i = optind; o->output && strcmp(o->output, "-") != 0 && i < argc; i++)
        if (same_file(o->output, argv[i])) {
            sr_error("validate: the report '%s' would replace a file being validated", o->output);
            return -1;
        }
    *st = SR_OK;
    return 0;
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
    if (out_open)
        outfile_abort(&out);
    report_free(rep);
    return st;
}
