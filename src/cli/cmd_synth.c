/*
 * `statreturn synth`: synthetic replica data as SQL for psql.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "pipeline/synth.h"

static enum sr_status synth_parse(int argc, char **argv, const struct option *longopts);

enum { S_CHILDREN = 0x200, S_SEED, S_YEAR, S_LA, S_DEFECTS };

static const struct cli_option synth_options[] = {
    { "children", required_argument, S_CHILDREN, "N", "children to invent (required)" },
    { "seed", required_argument, S_SEED, "S", "random seed (default 1): same seed, same output" },
    { "year", required_argument, S_YEAR, "Y", "collection end year of the histories (default 2025)" },
    { "la", required_argument, S_LA, "CODE", "three-digit LA code (default 201)" },
    { "defects", required_argument, S_DEFECTS, "RATE",
      "share of children given one data-quality defect\n(default 0, e.g. 0.05)" },
};
#define N_SYNTH_OPTIONS (sizeof synth_options / sizeof synth_options[0])

const struct cli_command cli_synth_command = { "synth", synth_options, N_SYNTH_OPTIONS };

static void usage(void)
{
    fputs("usage: statreturn synth --children N [options]\n"
          "\n"
          "Writes SQL (COPY blocks) for psql that loads invented case histories into a\n"
          "database made with sql/replica.sql.  Same options, same output.\n", stdout);
    cli_help_options(stdout, synth_options, N_SYNTH_OPTIONS, 0, NULL);
}

enum sr_status cmd_synth(int argc, char **argv)
{
    struct option *longopts = cli_options(0, synth_options, N_SYNTH_OPTIONS);
    enum sr_status st = synth_parse(argc, argv, longopts);

    free(longopts);
    return st;
}

static enum sr_status synth_parse(int argc, char **argv, const struct option *longopts)
{
    struct synth_options o = { 1000, 1, 2025, 201, 0.0 };
    char err[512];
    char *end;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case S_CHILDREN:
            o.children = strtoul(optarg, &end, 10);
            if (*end || o.children == 0 || o.children > SYNTH_MAX_CHILDREN) {
                sr_error("--children takes a number from 1 to %lu", SYNTH_MAX_CHILDREN);
                return SR_USAGE;
            }
            break;
        case S_SEED:
            o.seed = strtoull(optarg, &end, 10);
            if (*end) {
                sr_error("--seed takes a whole number");
                return SR_USAGE;
            }
            break;
        case S_YEAR:
            o.year = (int)strtol(optarg, &end, 10);
            if (*end || o.year < 2000 || o.year > 2100) {
                sr_error("--year takes a collection end year such as 2025");
                return SR_USAGE;
            }
            break;
        case S_LA:
            o.la = (int)strtol(optarg, &end, 10);
            if (*end || o.la < 1 || o.la > 999) {
                sr_error("--la takes a three-digit LA code");
                return SR_USAGE;
            }
            break;
        case S_DEFECTS:
            o.defects = strtod(optarg, &end);
            if (*end || o.defects < 0 || o.defects > 1) {
                sr_error("--defects takes a share between 0 and 1, e.g. 0.05");
                return SR_USAGE;
            }
            break;
        case OPT_HELP:
            usage();
            return SR_OK;
        default:
            cli_bad_option("synth", argv, optopt, optind);
            return SR_USAGE;
        }
    }
    if (optind < argc) {
        sr_error("unexpected argument '%s'", argv[optind]);
        return SR_USAGE;
    }
    if (synth_write(&o, stdout, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    if (fflush(stdout) != 0) {
        sr_error("cannot write to standard output");
        return SR_OUTPUT;
    }
    return SR_OK;
}

