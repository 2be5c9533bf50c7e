/*
 * Unnamed scratch files; see include/io/spill.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "io/outfile.h"
#include "io/spill.h"

FILE *spill_open(char *err, size_t errlen)
{
    const char *env = getenv("TMPDIR");
    const char *dir = env && *env ? env : "/tmp";
    struct strbuf path = STRBUF_INIT;
    FILE *fp = NULL;
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, S_IRUSR | S_IWUSR);

    if (fd < 0) {   /* no O_TMPFILE here: a name, removed at once */
        strbuf_addf(&path, "%s/statreturn-spill." SR_TEMP_SUFFIX, dir);
        fd = mkstemp(path.buf);   /* 0600 */
        if (fd < 0) {
            snprintf(err, errlen, "cannot create a temporary file in %s: %s", dir, strerror(errno));
            goto cleanup;
        }
        unlink(path.buf);
    }
    fp = fdopen(fd, "w+b");
    if (!fp) {
        snprintf(err, errlen, "cannot open a temporary file in %s: %s", dir, strerror(errno));
        close(fd);
    }
cleanup:
    strbuf_release(&path);
    return fp;
}
