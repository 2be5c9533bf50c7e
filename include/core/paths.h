/*
 * Where the shipped data (specs/, sql/) is.
 *
 * In order: $STATRETURN_DATADIR; the source tree the binary was built in
 * (bin/statreturn -> ../specs); the install share directory
 * (PREFIX/share/statreturn, compiled in).  An installed binary reads the
 * council-editable files (policies, purposes, families layouts) from the
 * configuration directory first (/etc/statreturn, conffiles of the Debian
 * package), so that an upgrade never overwrites a council's edits.
 */
#ifndef STATRETURN_PATHS_H
#define STATRETURN_PATHS_H

#include "core/strbuf.h"

/* Directory holding specs/ and sql/; never NULL (falls back to the compiled-in path). */
const char *sr_datadir(void);
/* The configuration directory whose files come before the shipped ones:
 * $STATRETURN_CONFDIR, else for an installed binary the compiled-in
 * SYSCONFDIR/statreturn (/etc/statreturn), else (a source tree, or
 * $STATRETURN_DATADIR) NULL. */
const char *sr_confdir(void);
/* Appends the path of shipped file rel to out: for "specs/X", CONFDIR/X
 * when that is a regular file (a council's edited policy, purposes or
 * layout: /etc/statreturn/903/policy_regional.conf), else datadir/rel. */
void sr_data_path(struct strbuf *out, const char *rel);

#endif
