/*
 * The commands, one file each in src/cli/.  Each takes its argv from the
 * command word on (argv[0] is "build", "validate", ...) and returns an
 * enum sr_status, which app_main alone turns into the exit status.
 */
#ifndef STATRETURN_CLI_COMMANDS_H
#define STATRETURN_CLI_COMMANDS_H

#include <stddef.h>

#include "cli/options.h"
#include "core/status.h"
#include "returns/return_kind.h"

enum sr_status cmd_build(int argc, char **argv);
enum sr_status cmd_validate(int argc, char **argv);
enum sr_status cmd_report(int argc, char **argv);
enum sr_status cmd_synth(int argc, char **argv);
enum sr_status cmd_keygen(int argc, char **argv);
enum sr_status cmd_send(int argc, char **argv);

/* Every option each command's parser takes, for the test that finds each
 * in --help, the manual page and the README. */
struct cli_command {
    const char *name;
    const struct cli_option *own;
    size_t n;
};
extern const struct cli_command cli_validate_command, cli_synth_command, cli_keygen_command, cli_send_command;
/* build RETURN and report RETURN: fn for every option return k accepts
 * (k NULL: every option of `build` or `report` before the return). */
void cmd_build_each_option(const struct return_kind *k, void (*fn)(void *arg, const struct cli_option *o),
                           void *arg);
void cmd_report_each_option(const struct return_kind *k, void (*fn)(void *arg, const struct cli_option *o),
                            void *arg);

#endif
