/*
 * `statreturn report RETURN --year Y`: the data protection officer's
 * dry-run report of what a return shares, field by field.
 */
#ifndef STATRETURN_DPO_REPORT_H
#define STATRETURN_DPO_REPORT_H

/* argv[0] is "report"; the return word follows.  Returns an enum sr_status. */
int cin_report_command(int argc, char **argv);

#endif
