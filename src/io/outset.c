/*
 * Output sets committed together or not at all; see include/io/outset.h.
 *
 * Files use io/outfile (temporary beside the target, fsync, rename).  A
 * folder is a hidden temporary folder beside its final name; its files are
 * outfiles inside it, committed (renamed inside the hidden folder) before
 * the folder itself is renamed into place.  Replacing an existing folder
 * under --force moves the old one aside first and removes it only after
 * the new one is in place.
 */
#include <dirent.h>
#include <errno.h>
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

#define TOP SIZE_MAX

struct entry {
    char *path;          /* final path (a file in a folder: folder/name) */
    char *name;          /* file in a folder: its name */
    size_t folder;       /* TOP, or the index of its folder */
    bool is_folder;
    bool open, committed, replaced;
    struct outfile of;   /* files */
    char *tmp_dir;       /* folders: the hidden temporary folder */
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

int outset_check_free(const struct outset *s, char *err, size_t errlen)
{
    struct stat st;

    if (s->force)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].folder == TOP && lstat(s->e[i].path, &st) == 0) {
            snprintf(err, errlen, "'%s' already exists (use --force to replace it)", s->e[i].path);
            return -1;
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

static int open_folder(struct entry *e, char *err, size_t errlen)
{
    char *dir, *base;
    struct strbuf t = STRBUF_INIT;

    split_path(e->path, &dir, &base);
    strbuf_addf(&t, "%s/.%s." SR_TEMP_SUFFIX, dir, base);
    if (!mkdtemp(t.buf)) {
        snprintf(err, errlen, "cannot create a folder in '%s': %s", dir, strerror(errno));
        strbuf_release(&t);
    } else {
        e->tmp_dir = strbuf_detach(&t, NULL);
        e->open = true;
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
        if (outfile_open(&e->of, e->path, s->force, err, errlen) != 0)
            return -1;
    } else {
        struct entry *f = &s->e[e->folder];
        struct strbuf p = STRBUF_INIT;
        if (!f->open && open_folder(f, err, errlen) != 0)
            return -1;
        strbuf_addf(&p, "%s/%s", f->tmp_dir, e->name);
        int r = outfile_open(&e->of, p.buf, false, err, errlen);
        strbuf_release(&p);
        if (r != 0)
            return -1;
    }
    e->open = true;
    return 0;
}

/* Removes a folder of plain files (ours). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        struct strbuf p = STRBUF_INIT;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/%s", dir, de->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
        closedir(d);
    }
    rmdir(dir);
}

/* Moves an existing folder at e->path aside into a hidden folder of its
 * own (*trash, to remove after the new one is in place). */
static int move_aside(struct entry *e, struct strbuf *trash, char *err, size_t errlen)
{
    char *dir, *base;
    int rc = -1;

    split_path(e->path, &dir, &base);
    strbuf_addf(trash, "%s/.%s_old." SR_TEMP_SUFFIX, dir, base);
    if (!mkdtemp(trash->buf)) {
        snprintf(err, errlen, "cannot replace '%s': %s", e->path, strerror(errno));
        strbuf_reset(trash);
    } else {
        strbuf_addstr(trash, "/old");
        if (rename(e->path, trash->buf) != 0) {
            snprintf(err, errlen, "cannot replace '%s': %s", e->path, strerror(errno));
            trash->len -= 4;
            trash->buf[trash->len] = '\0';
            rmdir(trash->buf);
            strbuf_reset(trash);
        } else {
            rc = 0;
        }
    }
    free(dir);
    free(base);
    return rc;
}

static int commit_folder(struct outset *s, struct entry *e, char *err, size_t errlen)
{
    struct strbuf trash = STRBUF_INIT;
    struct stat st;

    if (lstat(e->path, &st) == 0) {
        if (!s->force || !S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "'%s' appeared while writing (use --force to replace it)", e->path);
            return -1;
        }
        if (move_aside(e, &trash, err, errlen) != 0)
            return -1;
        e->replaced = true;
    }
    if (rename(e->tmp_dir, e->path) != 0) {
        snprintf(err, errlen, "cannot rename into '%s': %s", e->path, strerror(errno));
        if (trash.len && rename(trash.buf, e->path) == 0) {   /* put the old one back */
            e->replaced = false;
            trash.len -= 4;
            trash.buf[trash.len] = '\0';
            rmdir(trash.buf);
        }
        strbuf_release(&trash);
        return -1;
    }
    chmod(e->path, S_IRWXU);
    if (trash.len) {
        remove_tree(trash.buf);
        trash.len -= 4;
        trash.buf[trash.len] = '\0';
        rmdir(trash.buf);
    }
    strbuf_release(&trash);
    return 0;
}

static int commit_entry(struct outset *s, struct entry *e, char *err, size_t errlen)
{
    struct stat st;

    if (e->is_folder)
        return commit_folder(s, e, err, errlen);
    bool existed = e->folder == TOP && lstat(e->path, &st) == 0;
    if (outfile_commit(&e->of, err, errlen) != 0)
        return -1;
    e->replaced = existed;
    return 0;
}

static void rollback(struct outset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct entry *e = &s->e[i];
        if (!e->committed || e->folder != TOP)
            continue;
        if (e->is_folder)
            remove_tree(e->path);
        else
            unlink(e->path);
        e->committed = false;
    }
}

int outset_commit(struct outset *s, char *err, size_t errlen)
{
    /* Files inside folders first: renamed inside their hidden folder. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->n; i++) {
            struct entry *e = &s->e[i];
            if (!e->open || (e->folder == TOP) != (pass == 1))
                continue;
            e->open = false;
            if (commit_entry(s, e, err, errlen) != 0) {
                rollback(s);
                return -1;
            }
            e->committed = true;
        }
    return 0;
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
            remove_tree(e->tmp_dir);
        free(e->tmp_dir);
        free(e->path);
        free(e->name);
    }
    free(s->e);
    free(s);
}
