/*
 * `statreturn report RETURN`: the data protection officer's dry-run report
 * of what a return shares, field by field (no return written).
 */
#include <string.h>

#include "cli/commands.h"
#include "returns/cin/cin_shared_report.h"
#include "returns/families/families.h"

enum sr_status cmd_report(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "families"))
        return (enum sr_status)families_report_command(argc - 1, argv + 1);
    return (enum sr_status)cin_report_command(argc, argv);
}
