/*
 * `statreturn build RETURN --year Y`: build a return from the replica.
 */
#ifndef STATRETURN_BUILD_H
#define STATRETURN_BUILD_H

/* argv[0] is "build".  Returns an enum sr_exit status. */
int cmd_build(int argc, char **argv);

#endif
