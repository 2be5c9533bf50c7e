/* placeholder replaced below */
#include "cli/commands.h"
enum sr_status cmd_send(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return SR_USAGE;
}
