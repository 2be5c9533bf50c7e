/*
 * Where the shipped data (specs/, sql/) is.
 *
 * In order: $STATRETURN_DATADIR; the source tree the binary was built in
 * (bin/statreturn -> ../specs); the install share directory
 * (PREFIX/share/statreturn, compiled in).
 */
#ifndef STATRETURN_PATHS_H
#define STATRETURN_PATHS_H

#include "core/strbuf.h"

/* Directory holding specs/ and sql/; never NULL (falls back to the compiled-in path). */
const char *sr_datadir(void);
/* Appends datadir + "/" + rel to out. */
void sr_data_path(struct strbuf *out, const char *rel);

#endif
