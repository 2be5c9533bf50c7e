/*
 * `statreturn synth`: synthetic replica data as SQL for psql.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/log.h"
#include "pipeline/synth.h"

enum sr_status cmd_synth(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "children", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "year", required_argument, NULL, 'y' },
        { "la", required_argument, NULL, 'l' },
        { "defects", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct synth_options o = { 1000, 1, 2025, 201, 0.0 };
    char err[512];
    char *end;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o.children = strtoul(optarg, &end, 10);
            if (*end || o.children == 0 || o.children > SYNTH_MAX_CHILDREN) {
                sr_error("--children takes a number from 1 to %lu", SYNTH_MAX_CHILDREN);
                return SR_USAGE;
            }
            break;
        case 's':
            o.seed = strtoull(optarg, &end, 10);
            if (*end) {
                sr_error("--seed takes a whole number");
                return SR_USAGE;
            }
            break;
        case 'y':
            o.year = (int)strtol(optarg, &end, 10);
            if (*end || o.year < 2000 || o.year > 2100) {
                sr_error("--year takes a collection end year such as 2025");
                return SR_USAGE;
            }
            break;
        case 'l':
            o.la = (int)strtol(optarg, &end, 10);
            if (*end || o.la < 1 || o.la > 999) {
                sr_error("--la takes a three-digit LA code");
                return SR_USAGE;
            }
            break;
        case 'd':
            o.defects = strtod(optarg, &end);
            if (*end || o.defects < 0 || o.defects > 1) {
                sr_error("--defects takes a share between 0 and 1, e.g. 0.05");
                return SR_USAGE;
            }
            break;
        case 'h':
            fputs("usage: statreturn synth --children N [--seed S] [--year Y] [--la CODE] [--defects RATE]\n"
                  "Writes SQL (COPY blocks) for psql that loads invented case histories into a\n"
                  "database made with sql/replica.sql.  Same options, same output.\n", stdout);
            return SR_OK;
        default:
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

