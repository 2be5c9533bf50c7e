/*
 * The command line: the command words, dispatch to the commands (one file
 * each in src/cli/), and the only place that turns module statuses into
 * exit statuses (enum sr_exit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "core/log.h"

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
    "  build csc-api [--run-date D]\n"
    "                         the DfE CSC API daily feed: changed children, batches of 100\n"
    "  send csc-api --payload FILE\n"
    "                         post a built CSC API payload to DfE (OAuth2, retries, receipts)\n"
    "  validate FILE|DIR|-... check return files (CIN XML, 903 XML or CSV set, families CSV)\n"
    "                         against their schema and rules\n"
    "  report cin --year Y    what the return shares, field by field, with whom and why\n"
    "                         (no return written; see report --help)\n"
    "  report 903 --year Y    the same for the SSDA903 return, table by table\n"
    "  report families --period YYYY-MM\n"
    "                         the same for the Supporting Families files\n"
    "  synth --children N     write synthetic replica data as SQL for psql\n"
    "  keygen --output FILE   make a pseudonymisation key file (mode 0600)\n"
    "  help                   this text\n"
    "\n"
    "options:\n"
    "  -V, --version          print the version\n"
    "  -h, --help             this text\n"
    "\n"
    "statreturn COMMAND --help lists the options of each command.\n"
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
    "  9  CSC API build: records failed DfE's schema and were kept out (the rest written)\n"
    "  10 internal error\n"
    "  11 send: not every batch was acknowledged; nothing unacknowledged is marked sent\n"
    "  12 send: DfE refused records (400); the others were acknowledged\n";

int app_exit_status(enum sr_status st)
{
    switch (st) {
    case SR_OK:          return EXIT_OK;
    case SR_RULE_ERRORS: return EXIT_RULE_ERRORS;
    case SR_USAGE:       return EXIT_USAGE;
    case SR_CONFIG:      return EXIT_CONFIG;
    case SR_DATABASE:    return EXIT_DATABASE;
    case SR_CONTRACT:    return EXIT_CONTRACT;
    case SR_SOURCE_DATA: return EXIT_SOURCE_DATA;
    case SR_INPUT:       return EXIT_INPUT;
    case SR_OUTPUT:      return EXIT_OUTPUT;
    case SR_INTERNAL:    return EXIT_INTERNAL;
    case SR_RECORDS_HELD: return EXIT_RECORDS_HELD;
    case SR_DELIVERY:    return EXIT_DELIVERY;
    case SR_REJECTED:    return EXIT_REJECTED;
    }
    return EXIT_INTERNAL;
}

static const struct {
    const char *name;
    enum sr_status (*run)(int argc, char **argv);
} commands[] = {
    { "build", cmd_build },
    { "validate", cmd_validate },
    { "report", cmd_report },
    { "synth", cmd_synth },
    { "keygen", cmd_keygen },
    { "send", cmd_send },
};

static enum sr_status dispatch(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return SR_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("statreturn %s\n", STATRETURN_VERSION);
        return SR_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return SR_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    sr_error("unknown %s '%s'", cmd[0] == '-' ? "option" : "command", cmd);
    fputs("Try 'statreturn --help'\n", stderr);
    return SR_USAGE;
}

int app_main(int argc, char **argv)
{
    return app_exit_status(dispatch(argc, argv));
}
