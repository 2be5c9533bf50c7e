/*
 * Atomic output files; see outfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/outfile.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

int outfile_open(struct outfile *o, const char *path, bool force, char *err, size_t errlen)
{
    struct stat st;
    struct strbuf tmp = STRBUF_INIT;
    int fd;

    memset(o, 0, sizeof *o);
    if (!force && lstat(path, &st) == 0) {
        snprintf(err, errlen, "'%s' already exists (use --force to replace it)", path);
        return -1;
    }
    char *dir = dir_of(path);
    char *base_copy = xstrdup(path);
    strbuf_addf(&tmp, "%s/.%s." SR_TEMP_SUFFIX, dir, basename(base_copy));
    free(base_copy);
    free(dir);

    fd = mkstemp(tmp.buf);   /* mkstemp creates the file 0600 */
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file beside '%s': %s", path, strerror(errno));
        strbuf_release(&tmp);
        return -1;
    }
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0 || !(o->fp = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot open '%s': %s", tmp.buf, strerror(errno));
        close(fd);
        unlink(tmp.buf);
        strbuf_release(&tmp);
        return -1;
    }
    o->path = xstrdup(path);
    o->tmp_path = strbuf_detach(&tmp, NULL);
    o->force = force;
    return 0;
}

static void cleanup(struct outfile *o)
{
    if (o->fp) {
        fclose(o->fp);
        o->fp = NULL;
    }
    if (o->tmp_path) {
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    free(o->path);
    o->path = NULL;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
    struct stat st;

    if (!o->fp) {
        snprintf(err, errlen, "output file was not open");
        return -1;
    }
    if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno));
        cleanup(o);
        return -1;
    }
    if (fclose(o->fp) != 0) {
        o->fp = NULL;
        snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno));
        cleanup(o);
        return -1;
    }
    o->fp = NULL;
    /* Refuse to replace a file created by someone else since we started. */
    if (!o->force && lstat(o->path, &st) == 0) {
        snprintf(err, errlen, "'%s' appeared while writing (use --force to replace it)", o->path);
        cleanup(o);
        return -1;
    }
    if (rename(o->tmp_path, o->path) != 0) {
        snprintf(err, errlen, "cannot rename into '%s': %s", o->path, strerror(errno));
        cleanup(o);
        return -1;
    }
    free(o->tmp_path);
    o->tmp_path = NULL;

    char *dir = dir_of(o->path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);   /* best effort: some filesystems refuse directory fsync */
        close(dfd);
    }
    free(dir);
    free(o->path);
    o->path = NULL;
    return 0;
}

void outfile_abort(struct outfile *o)
{
    cleanup(o);
}

const char *outfile_tmp_path(const struct outfile *o)
{
    return o->tmp_path;
}

int outfile_write(const char *path, bool force, const void *buf, size_t len, char *err, size_t errlen)
{
    struct outfile o;

    errno = 0;
    if (!path) {
        if ((len && fwrite(buf, 1, len, stdout) != len) || fflush(stdout) != 0) {
            snprintf(err, errlen, "cannot write to standard output: %s", strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    if (outfile_open(&o, path, force, err, errlen) != 0)
        return -1;
    errno = 0;
    if (len && fwrite(buf, 1, len, o.fp) != len) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, err, errlen);
}
