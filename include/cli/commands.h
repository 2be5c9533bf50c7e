/*
 * The commands, one file each in src/cli/.  Each takes its argv from the
 * command word on (argv[0] is "build", "validate", ...) and returns an
 * enum sr_status, which app_main alone turns into the exit status.
 */
#ifndef STATRETURN_CLI_COMMANDS_H
#define STATRETURN_CLI_COMMANDS_H

#include "core/status.h"

enum sr_status cmd_build(int argc, char **argv);
enum sr_status cmd_validate(int argc, char **argv);
enum sr_status cmd_report(int argc, char **argv);
enum sr_status cmd_synth(int argc, char **argv);
enum sr_status cmd_keygen(int argc, char **argv);
enum sr_status cmd_send(int argc, char **argv);

#endif
