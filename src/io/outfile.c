/*
 * Atomic output files; see outfile.h.
 *
 * The unnamed file is reached through /proc/self/fd/N, both to read it
 * before commit (validators, hashes) and to link it into place (linkat
 * with AT_SYMLINK_FOLLOW, which needs no privilege, unlike AT_EMPTY_PATH).
 * Where /proc is missing, the named fallback is used.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "io/workdir.h"

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

static char *base_of(const char *path)
{
    char *copy = xstrdup(path);
    char *b = xstrdup(basename(copy));
    free(copy);
    return b;
}

bool outfile_is_through(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

int outfile_rename_noreplace(const char *from, const char *to)
{
    struct stat st;

    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* The filesystem has no RENAME_NOREPLACE: a hard link cannot replace
     * (files); for a folder, the last resort is a check just before. */
    if (link(from, to) == 0)
        return unlink(from) == 0 ? 0 : -1;
    if (errno == EEXIST)
        return -1;
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

/* What is at the target decides how it is written. */
static int check_target(const char *path, bool force, bool *through, char *err, size_t errlen)
{
    struct stat st, lst;

    *through = false;
    if (lstat(path, &lst) != 0)
        return 0;
    if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        *through = true;
        return 0;
    }
    if (S_ISLNK(lst.st_mode) && force) {
        snprintf(err, errlen, "'%s' is a symbolic link: statreturn replaces only regular files", path);
        return -1;
    }
    if (!S_ISREG(lst.st_mode) && !S_ISLNK(lst.st_mode)) {
        snprintf(err, errlen, "'%s' is not a regular file: statreturn writes regular files, and a character device or FIFO straight through", path);
        return -1;
    }
    if (!force) {
        snprintf(err, errlen, "'%s' already exists (use --force to replace it)", path);
        return -1;
    }
    return 0;
}

static int open_through(struct outfile *o, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    o->mode = OUTFILE_THROUGH;
    return 0;
}

/* An unnamed file in dir, reachable through /proc; -1 when either is not
 * to be had (then the named fallback). */
static int open_unnamed(struct outfile *o, const char *dir)
{
    struct stat a, b;
    struct strbuf p = STRBUF_INIT;
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, S_IRUSR | S_IWUSR);

    if (fd < 0)
        return -1;
    strbuf_addf(&p, "/proc/self/fd/%d", fd);
    if (fstat(fd, &a) != 0 || stat(p.buf, &b) != 0 || a.st_ino != b.st_ino || !(o->fp = fdopen(fd, "w"))) {
        close(fd);
        strbuf_release(&p);
        return -1;
    }
    o->tmp_path = strbuf_detach(&p, NULL);
    o->mode = OUTFILE_UNNAMED;
    return 0;
}

static int open_named(struct outfile *o, const char *dir, const char *path, char *err, size_t errlen)
{
    struct strbuf tmp = STRBUF_INIT;
    char *base = base_of(path);
    int fd = -1;

    if (workdir_acquire(dir, &o->workdir, err, errlen) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        free(base);
        return -1;
    }
    strbuf_addf(&tmp, "%s/%s." SR_TEMP_SUFFIX, o->workdir, base);
    free(base);
    fd = mkstemp(tmp.buf);   /* mode 0600 */
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot create a file for '%s': %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp.buf);
        }
        strbuf_release(&tmp);
        workdir_release(o->workdir);
        o->workdir = NULL;
        return -1;
    }
    o->tmp_path = strbuf_detach(&tmp, NULL);
    o->mode = OUTFILE_NAMED;
    return 0;
}

int outfile_open(struct outfile *o, const char *path, bool force, char *err, size_t errlen)
{
    bool through;
    int rc;

    memset(o, 0, sizeof *o);
    if (check_target(path, force, &through, err, errlen) != 0)
        return -1;
    if (through) {
        rc = open_through(o, path, err, errlen);
    } else {
        char *dir = dir_of(path);
        workdir_sweep(dir);
        rc = open_unnamed(o, dir) == 0 ? 0 : open_named(o, dir, path, err, errlen);
        free(dir);
    }
    if (rc != 0)
        return -1;
    o->path = xstrdup(path);
    o->force = force;
    return 0;
}

int outfile_open_private(struct outfile *o, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);

    memset(o, 0, sizeof *o);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return -1;
    }
    o->path = xstrdup(path);
    o->tmp_path = xstrdup(path);
    o->mode = OUTFILE_PRIVATE;
    return 0;
}

static void cleanup(struct outfile *o)
{
    if (o->fp) {
        fclose(o->fp);   /* an unnamed file vanishes here */
        o->fp = NULL;
    }
    if (o->tmp_path) {
        if (o->mode == OUTFILE_NAMED || o->mode == OUTFILE_PRIVATE)
            unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    if (o->workdir) {
        workdir_release(o->workdir);
        o->workdir = NULL;
    }
    free(o->path);
    o->path = NULL;
}

int outfile_sync(struct outfile *o, char *err, size_t errlen)
{
    if (!o->fp) {
        snprintf(err, errlen, "output file was not open");
        return -1;
    }
    errno = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp)
        || (o->mode != OUTFILE_THROUGH && fsync(fileno(o->fp)) != 0)) {
        snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno ? errno : EIO));
        cleanup(o);
        return -1;
    }
    return 0;
}

int outfile_ident(const struct outfile *o, dev_t *dev, ino_t *ino)
{
    struct stat st;
    if (!o->fp || fstat(fileno(o->fp), &st) != 0)
        return -1;
    *dev = st.st_dev;
    *ino = st.st_ino;
    return 0;
}

/* Replaces the regular file at o->path (or nothing) by `from` (--force). */
static int replace(const struct outfile *o, const char *from, char *err, size_t errlen)
{
    struct stat st;

    if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "'%s' is no longer a regular file: not replaced", o->path);
        return -1;
    }
    if (rename(from, o->path) != 0) {
        snprintf(err, errlen, "cannot rename into '%s': %s", o->path, strerror(errno));
        return -1;
    }
    return 0;
}

/* An unnamed file under --force: linked into the work folder, then
 * renamed over the target. */
static int place_unnamed_forced(struct outfile *o, char *err, size_t errlen)
{
    static unsigned serial;
    struct strbuf name = STRBUF_INIT;
    char *dir = dir_of(o->path);
    int rc = -1;

    if (workdir_acquire(dir, &o->workdir, err, errlen) == 0) {
        strbuf_addf(&name, "%s/link.%u", o->workdir, serial++);
        if (linkat(AT_FDCWD, o->tmp_path, AT_FDCWD, name.buf, AT_SYMLINK_FOLLOW) != 0)
            snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno));
        else if ((rc = replace(o, name.buf, err, errlen)) != 0)
            unlink(name.buf);
    }
    strbuf_release(&name);
    free(dir);
    return rc;
}

static int place(struct outfile *o, char *err, size_t errlen)
{
    int r;

    if (o->mode == OUTFILE_THROUGH || o->mode == OUTFILE_PRIVATE)
        return 0;
    if (o->force)
        return o->mode == OUTFILE_UNNAMED ? place_unnamed_forced(o, err, errlen) : replace(o, o->tmp_path, err, errlen);
    if (o->mode == OUTFILE_UNNAMED)
        r = linkat(AT_FDCWD, o->tmp_path, AT_FDCWD, o->path, AT_SYMLINK_FOLLOW);
    else
        r = outfile_rename_noreplace(o->tmp_path, o->path);
    if (r == 0)
        return 0;
    if (errno == EEXIST)
        snprintf(err, errlen, "'%s' appeared while writing (use --force to replace it)", o->path);
    else
        snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno));
    return -1;
}

int outfile_place(struct outfile *o, char *err, size_t errlen)
{
    if (place(o, err, errlen) != 0) {
        cleanup(o);
        return -1;
    }
    if (o->mode == OUTFILE_NAMED) {   /* renamed away: nothing to unlink */
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    if (fclose(o->fp) != 0 && o->mode == OUTFILE_THROUGH) {
        o->fp = NULL;
        snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno));
        cleanup(o);
        return -1;
    }
    o->fp = NULL;
    if (o->mode == OUTFILE_UNNAMED || o->mode == OUTFILE_NAMED) {
        char *dir = dir_of(o->path);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);   /* best effort: some filesystems refuse directory fsync */
            close(dfd);
        }
        free(dir);
    }
    free(o->tmp_path);
    o->tmp_path = NULL;
    cleanup(o);
    return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
    if (outfile_sync(o, err, errlen) != 0)
        return -1;
    return outfile_place(o, err, errlen);
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
