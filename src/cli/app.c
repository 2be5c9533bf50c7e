/*
 * The command line: global options, subcommand dispatch, and the only
 * place that turns module results into exit statuses (enum sr_exit).
 * Each subcommand parses its own options (build.c, validate.c, ...).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/app.h"
#include "returns/cin/cin_build.h"
#include "returns/ssda903/cla_build.h"
#include "returns/families/families.h"
#include "returns/cin/cin_shared_report.h"
#include "core/log.h"
#include "io/outfile.h"
#include "privacy/pseudo.h"
#include "pipeline/synth.h"
#include "pipeline/validate.h"

static const char usage_text[] =
    "usage: statreturn COMMAND [options]\n"
    "\n"
    "Builds, checks and explains English councils' statutory children's services returns\n"
    "(DfE Children in Need census and SSDA903, Supporting Families files) from a PostgreSQL\n"
    "replica in the Standard Safeguarding Dataset shape.\n"
    "\n"
    "commands:\n"
    "  build cin --year Y     build the CIN census from the replica (see build --help)\n"
    "  build 903 --year Y     build the SSDA903 return (XML and/or CSV; see build 903 --help)\n"
    "  build families --period YYYY-MM\n"
    "                         build the Supporting Families NIS and FPD files\n"
    "  validate FILE|DIR...   check return files (CIN XML, 903 XML or CSV set, families CSV)\n"
    "                         against their schema and rules\n"
    "  report cin --year Y    what the return shares, field by field, with whom and why\n"
    "                         (no return written; see report --help)\n"
    "  report families --period YYYY-MM\n"
    "                         the same for the Supporting Families files\n"
    "  synth --children N     write synthetic replica data as SQL for psql\n"
    "  keygen --output FILE   make a pseudonymisation key file (mode 0600)\n"
    "  help                   this text\n"
    "\n"
    "options:\n"
    "  --version              print the version\n"
    "  --help                 this text\n"
    "\n"
    "exit status:\n"
    "  0  success; a validated or built return has no DfE errors (queries allowed)\n"
    "  1  the return has DfE validation errors (build: written, with its report)\n"
    "  2  usage error\n"
    "  3  configuration, policy, key or specification file problem\n"
    "  4  database: cannot connect, authentication, permission, timeout, connection lost\n"
    "  5  the replica lacks tables or columns the return needs\n"
    "  6  replica data cannot make a valid return; nothing was written\n"
    "  7  a file to validate is unreadable or not a return statreturn knows\n"
    "  8  output exists (use --force) or cannot be written\n"
    "  10 internal error\n";

static int cmd_synth(int argc, char **argv)
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
                return EXIT_USAGE;
            }
            break;
        case 's':
            o.seed = strtoull(optarg, &end, 10);
            if (*end) {
                sr_error("--seed takes a whole number");
                return EXIT_USAGE;
            }
            break;
        case 'y':
            o.year = (int)strtol(optarg, &end, 10);
            if (*end || o.year < 2000 || o.year > 2100) {
                sr_error("--year takes a collection end year such as 2025");
                return EXIT_USAGE;
            }
            break;
        case 'l':
            o.la = (int)strtol(optarg, &end, 10);
            if (*end || o.la < 1 || o.la > 999) {
                sr_error("--la takes a three-digit LA code");
                return EXIT_USAGE;
            }
            break;
        case 'd':
            o.defects = strtod(optarg, &end);
            if (*end || o.defects < 0 || o.defects > 1) {
                sr_error("--defects takes a share between 0 and 1, e.g. 0.05");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs("usage: statreturn synth --children N [--seed S] [--year Y] [--la CODE] [--defects RATE]\n"
                  "Writes SQL (COPY blocks) for psql that loads invented case histories into a\n"
                  "database made with sql/replica.sql.  Same options, same output.\n", stdout);
            return EXIT_OK;
        default:
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        sr_error("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (synth_write(&o, stdout, err, sizeof err) != 0) {
        sr_error("%s", err);
        return EXIT_OUTPUT;
    }
    if (fflush(stdout) != 0) {
        sr_error("cannot write to standard output");
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

static int cmd_keygen(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *output = NULL;
    int force = 0, c;
    char key[65], err[512];
    struct outfile of;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f': force = 1; break;
        case 'h':
            fputs("usage: statreturn keygen --output FILE [--force]\n"
                  "Writes 256 bits of fresh key material (hex) to FILE with mode 0600.\n"
                  "Keep one key per recipient; the key never appears in output or logs.\n", stdout);
            return EXIT_OK;
        default:
            return EXIT_USAGE;
        }
    }
    if (!output) {
        sr_error("keygen needs --output FILE (the key is never printed)");
        return EXIT_USAGE;
    }
    if (pseudo_keygen(key, err, sizeof err) != 0) {
        sr_error("%s", err);
        return EXIT_INTERNAL;
    }
    if (outfile_open(&of, output, force, err, sizeof err) != 0) {
        sr_error("%s", err);
        return EXIT_OUTPUT;
    }
    fprintf(of.fp, "%s\n", key);
    memset(key, 0, sizeof key);
    if (outfile_commit(&of, err, sizeof err) != 0) {
        sr_error("%s", err);
        return EXIT_OUTPUT;
    }
    struct pseudo_key k;
    if (pseudo_key_load_file(&k, output, err, sizeof err) == 0) {
        sr_info("wrote key %s to %s", k.fingerprint, output);
        pseudo_key_release(&k);
    }
    return EXIT_OK;
}

int app_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("statreturn %s\n", STATRETURN_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (argc > 2 && !strcmp(argv[1], "build") && !strcmp(argv[2], "families"))
        return cmd_build_families(argc - 2, argv + 2);
    if (argc > 2 && !strcmp(argv[1], "build") && !strcmp(argv[2], "903"))
        return cmd_build_cla(argc - 2, argv + 2);
    if (!strcmp(cmd, "build"))
        return cmd_build(argc - 1, argv + 1);
    if (argc > 2 && !strcmp(argv[1], "report") && !strcmp(argv[2], "families"))
        return cmd_report_families(argc - 2, argv + 2);
    if (!strcmp(cmd, "report"))
        return cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate"))
        return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "synth"))
        return cmd_synth(argc - 1, argv + 1);
    if (!strcmp(cmd, "keygen"))
        return cmd_keygen(argc - 1, argv + 1);
    sr_error("unknown command '%s'", cmd);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}
