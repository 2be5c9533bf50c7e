/*
 * Output sets committed together or not at all; see include/io/outset.h.
 *
 * Files use io/outfile (unnamed until linked into place).  A folder is
 * made in the private work folder of its parent (io/workdir.h), its files
 * created there under their final names, and the folder renamed into place
 * whole (RENAME_NOREPLACE; under --force an existing folder is swapped out
 * with RENAME_EXCHANGE and then removed).  While the entries are put in
 * place, one by one, the work folder's commit journal says which are, so
 * that a run killed half-way leaves nothing the next run does not remove;
 * SIGTERM, SIGINT and SIGHUP wait until the set is whole.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "io/outset.h"
#include "io/workdir.h"

#define TOP SIZE_MAX

struct entry {
    char *path;          /* final path (a file in a folder: folder/name) */
    char *name;          /* file in a folder: its name */
    size_t folder;       /* TOP, or the index of its folder */
    bool is_folder;
    bool open, committed, replaced;
    struct outfile of;   /* files */
    char *tmp_dir;       /* folders: the temporary folder, in workdir */
    const char *workdir; /* folders: the private work folder acquired */
};

struct outset {
    struct entry *e;
    size_t n, cap;
    bool force;
};

struct outset *outset_new(bool force)
{
    struct outset *s = xcalloc(1, sizeof *s);
    s->force = force;
    return s;
}

static size_t add(struct outset *s, const char *path, const char *name, size_t folder, bool is_folder)
{
    ALLOC_GROW(s->e, s->n, s->cap);
    struct entry *e = &s->e[s->n];
    memset(e, 0, sizeof *e);
    e->path = xstrdup(path);
    e->name = name ? xstrdup(name) : NULL;
    e->folder = folder;
    e->is_folder = is_folder;
    return s->n++;
}

size_t outset_file(struct outset *s, const char *path)
{
    return add(s, path, NULL, TOP, false);
}

size_t outset_folder(struct outset *s, const char *path)
{
    return add(s, path, NULL, TOP, true);
}

size_t outset_file_in(struct outset *s, size_t folder, const char *name)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", s->e[folder].path, name);
    size_t i = add(s, p.buf, name, folder, false);
    strbuf_release(&p);
    return i;
}

size_t outset_count(const struct outset *s)
{
    return s->n;
}

const char *outset_path(const struct outset *s, size_t i)
{
    return s->e[i].path;
}

bool outset_is_open(const struct outset *s, size_t i)
{
    return s->e[i].open;
}

FILE *outset_fp(const struct outset *s, size_t i)
{
    return s->e[i].open && !s->e[i].is_folder ? s->e[i].of.fp : NULL;
}

const char *outset_tmp_path(const struct outset *s, size_t i)
{
    const struct entry *e = &s->e[i];
    if (!e->open)
        return NULL;
    return e->is_folder ? e->tmp_dir : e->of.tmp_path;
}

static void split_path(const char *path, char **dir, char **base);

int outset_check_free(const struct outset *s, char *err, size_t errlen)
{
    struct stat st;

    for (size_t i = 0; i < s->n; i++) {
        const struct entry *e = &s->e[i];
        char *dir, *base;
        if (e->folder != TOP)
            continue;
        /* What dead runs left in this folder goes before this run starts. */
        split_path(e->path, &dir, &base);
        workdir_sweep(dir);
        free(dir);
        free(base);
        if (lstat(e->path, &st) != 0)
            continue;
        if (!s->force) {
            snprintf(err, errlen, "'%s' already exists (use --force to replace it)", e->path);
            return -1;
        }
        if (e->is_folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "'%s' is not a %s: not replaced", e->path, e->is_folder ? "folder" : "regular file");
            return -1;
        }
    }
    return 0;
}

/* The parent folder of path and its last component, as two new strings. */
static void split_path(const char *path, char **dir, char **base)
{
    char *a = xstrdup(path), *b = xstrdup(path);
    *dir = xstrdup(dirname(a));
    *base = xstrdup(basename(b));
    free(a);
    free(b);
}

/* A folder is made in the private work folder of its parent. */
static int open_folder(struct entry *e, char *err, size_t errlen)
{
    char *dir, *base;
    struct stat st;

    if (lstat(e->path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' exists and is not a folder", e->path);
        return -1;
    }
    split_path(e->path, &dir, &base);
    if (workdir_acquire(dir, &e->workdir, err, errlen) == 0) {
        struct strbuf t = STRBUF_INIT;
        strbuf_addf(&t, "%s/%s." SR_TEMP_SUFFIX, e->workdir, base);
        if (!mkdtemp(t.buf)) {   /* mode 0700 */
            snprintf(err, errlen, "cannot create a folder for '%s': %s", e->path, strerror(errno));
            strbuf_release(&t);
            workdir_release(e->workdir);
            e->workdir = NULL;
        } else {
            e->tmp_dir = strbuf_detach(&t, NULL);
            e->open = true;
        }
    }
    free(dir);
    free(base);
    return e->open ? 0 : -1;
}

int outset_open(struct outset *s, size_t i, char *err, size_t errlen)
{
    struct entry *e = &s->e[i];

    if (e->open)
        return 0;
    if (e->is_folder)
        return open_folder(e, err, errlen);
    if (e->folder == TOP) {
        if (outfile_is_through(e->path)) {
            snprintf(err, errlen, "'%s' is not a regular file: a build writes only regular files", e->path);
            return -1;
        }
        if (outfile_open(&e->of, e->path, s->force, err, errlen) != 0)
            return -1;
    } else {
        struct entry *f = &s->e[e->folder];
        struct strbuf p = STRBUF_INIT;
        if (!f->open && open_folder(f, err, errlen) != 0)
            return -1;
        strbuf_addf(&p, "%s/%s", f->tmp_dir, e->name);
        int r = outfile_open_private(&e->of, p.buf, err, errlen);
        strbuf_release(&p);
        if (r != 0)
            return -1;
    }
    e->open = true;
    return 0;
}

/* --force over an existing folder: swapped with the new one in one step
 * (RENAME_EXCHANGE), or where the filesystem cannot, moved aside first.
 * The old folder ends up at e->tmp_dir, to be removed. */
static int replace_folder(struct entry *e, char *err, size_t errlen)
{
    if (renameat2(AT_FDCWD, e->tmp_dir, AT_FDCWD, e->path, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno == EINVAL || errno == ENOSYS) {
        struct strbuf old = STRBUF_INIT;
        strbuf_addf(&old, "%s.old", e->tmp_dir);
        if (rename(e->path, old.buf) == 0) {
            if (outfile_rename_noreplace(e->tmp_dir, e->path) == 0 && rename(old.buf, e->tmp_dir) == 0) {
                strbuf_release(&old);
                return 0;
            }
            (void)rename(old.buf, e->path);   /* put the old one back */
        }
        strbuf_release(&old);
    }
    snprintf(err, errlen, "cannot replace '%s': %s", e->path, strerror(errno));
    return -1;
}

static int commit_folder(struct outset *s, struct entry *e, char *err, size_t errlen)
{
    struct stat st;

    if (lstat(e->path, &st) == 0) {
        if (!s->force || !S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, S_ISDIR(st.st_mode) ? "'%s' appeared while writing (use --force to replace it)"
                                                      : "'%s' exists and is not a folder", e->path);
            return -1;
        }
        if (replace_folder(e, err, errlen) != 0)
            return -1;
        e->replaced = true;
        workdir_remove_tree(e->tmp_dir);
        return 0;
    }
    if (outfile_rename_noreplace(e->tmp_dir, e->path) != 0) {
        if (errno == EEXIST)
            snprintf(err, errlen, "'%s' appeared while writing (use --force to replace it)", e->path);
        else
            snprintf(err, errlen, "cannot rename into '%s': %s", e->path, strerror(errno));
        return -1;
    }
    return 0;
}

static int commit_entry(struct outset *s, struct entry *e, char *err, size_t errlen)
{
    struct stat st;

    if (e->is_folder)
        return commit_folder(s, e, err, errlen);
    bool existed = lstat(e->path, &st) == 0;
    if (outfile_place(&e->of, err, errlen) != 0)
        return -1;
    e->replaced = existed;
    return 0;
}

/* Journals entry e (see io/workdir.h) before it is put in place: the
 * absolute path it will have, and the inode it has already. */
static int journal(const char *wd, struct entry *e)
{
    char *dir, *base, *abs;
    dev_t dev;
    ino_t ino;
    struct stat st;
    int rc = -1;

    if (e->is_folder) {
        if (lstat(e->tmp_dir, &st) != 0)
            return -1;
        dev = st.st_dev;
        ino = st.st_ino;
    } else if (outfile_ident(&e->of, &dev, &ino) != 0) {
        return -1;
    }
    split_path(e->path, &dir, &base);
    if ((abs = realpath(dir, NULL))) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", abs, base);
        rc = workdir_journal_add(wd, dev, ino, p.buf);
        strbuf_release(&p);
        free(abs);
    }
    free(dir);
    free(base);
    return rc;
}

static void rollback(struct outset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (!e->committed || e->folder != TOP)
            continue;
        if (e->is_folder)
            workdir_remove_tree(e->path);
        else
            unlink(e->path);
        e->committed = false;
    }
}

/* Every open entry flushed and synced (files in folders: closed too). */
static int sync_all(struct outset *s, size_t *n_top, char *err, size_t errlen)
{
    *n_top = 0;
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (!e->open)
            continue;
        if (e->folder == TOP)
            ++*n_top;
        if (e->is_folder)
            continue;
        if (e->folder != TOP ? outfile_commit(&e->of, err, errlen) : outfile_sync(&e->of, err, errlen)) {
            e->open = false;
            return -1;
        }
        if (e->folder != TOP)
            e->open = false;
    }
    return 0;
}

/* Puts the synced top-level entries in place, in declaration order, each
 * journalled first when there is more than one. */
static int place_all(struct outset *s, const char *wd, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (!e->open || e->folder != TOP)
            continue;
        if (wd && journal(wd, e) != 0) {
            snprintf(err, errlen, "cannot write the commit journal for '%s': %s", e->path, strerror(errno));
            return -1;
        }
        e->open = false;
        if (commit_entry(s, e, err, errlen) != 0)
            return -1;
        e->committed = true;
    }
    return 0;
}

int outset_commit(struct outset *s, char *err, size_t errlen)
{
    const char *wd = NULL;
    size_t n_top;
    int rc = -1;

    if (sync_all(s, &n_top, err, errlen) != 0)
        return -1;
    if (n_top > 1) {
        char *dir, *base;
        size_t first = 0;
        while (first < s->n && (!s->e[first].open || s->e[first].folder != TOP))
            first++;
        split_path(s->e[first].path, &dir, &base);
        int r = workdir_acquire(dir, &wd, err, errlen);
        free(dir);
        free(base);
        if (r != 0)
            return -1;
    }
    /* A signal now takes effect after the set is whole, or rolled back. */
    workdir_block_signals(true);
    if (place_all(s, wd, err, errlen) != 0)
        rollback(s);
    else
        rc = 0;
    if (wd) {
        workdir_journal_clear(wd);
        workdir_release(wd);
    }
    workdir_block_signals(false);
    return rc;
}

bool outset_replaced_lost(const struct outset *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].replaced)
            return true;
    return false;
}

void outset_free(struct outset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (e->open && !e->is_folder)
            outfile_abort(&e->of);
    }
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (e->is_folder && e->tmp_dir && !e->committed)
            workdir_remove_tree(e->tmp_dir);
        if (e->workdir)
            workdir_release(e->workdir);
        free(e->tmp_dir);
        free(e->path);
        free(e->name);
    }
    free(s->e);
    free(s);
}
