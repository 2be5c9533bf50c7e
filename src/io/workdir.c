/*
 * Private work folders and their clean-up; see include/io/workdir.h.
 *
 * The removal of a tree is written with getdents64 and unlinkat so that
 * the signal handler may call it (opendir and malloc are not safe there).
 * A folder whose lock file is missing belongs to a run that is gone when
 * the pid in its name is no process here; otherwise (a pid reused, or a
 * name without one) it is left alone until it is a minute old: its owner
 * may be between mkdtemp and creating the lock.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "io/workdir.h"

#define MAX_WORKDIRS 8
#define LOCK_NAME "lock"
#define JOURNAL_NAME "commit"
#define ORPHAN_AGE_S 60

struct workdir {
    volatile sig_atomic_t live;   /* read by the signal handler */
    char path[PATH_MAX];
    char parent[PATH_MAX];
    int lock_fd;
    int refs;
};

static struct workdir wds[MAX_WORKDIRS];
static bool handlers_installed;

/* What getdents64 returns. */
struct dent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Empties the open folder fd; returns whether anything was removed. */
static int clear_fd(int fd, int depth)
{
    char buf[4096] __attribute__((aligned(8)));
    int removed = 0;

    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct dent64 *d = (struct dent64 *)(void *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] == '.' && (!d->d_name[1] || (d->d_name[1] == '.' && !d->d_name[2])))
                continue;
            if (unlinkat(fd, d->d_name, 0) == 0) {
                removed = 1;
                continue;
            }
            if ((errno != EISDIR && errno != EPERM) || depth >= 4)
                continue;
            int sub = openat(fd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) {
                while (clear_fd(sub, depth + 1))
                    (void)lseek(sub, 0, SEEK_SET);
                close(sub);
            }
            if (unlinkat(fd, d->d_name, AT_REMOVEDIR) == 0)
                removed = 1;
        }
    }
    return removed;
}

void workdir_remove_tree(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        while (clear_fd(fd, 0))
            (void)lseek(fd, 0, SEEK_SET);
        close(fd);
    }
    (void)rmdir(path);
}

static void on_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < MAX_WORKDIRS; i++)
        if (wds[i].live)
            workdir_remove_tree(wds[i].path);
    errno = saved;
    /* SA_RESETHAND restored the default action: die of the signal. */
    raise(sig);
}

static void install_handlers(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa, old;

    if (handlers_installed)
        return;
    handlers_installed = true;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        /* A signal the caller ignores (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Blocks the three signals, keeping the mask it replaces in old, so that a
 * caller's own block (outset's commit) is not lifted by ours. */
static void block_saving(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

void workdir_block_signals(bool block)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* Undoes a dead run's half-done commit: the files its journal lists that
 * are still the very files it put there. */
static void journal_rollback(const char *wd)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/" JOURNAL_NAME, wd);
    FILE *fp = fopen(p.buf, "r");
    uintmax_t dev, ino;
    size_t len;

    while (fp && fscanf(fp, "%ju %ju %zu:", &dev, &ino, &len) == 3 && len < PATH_MAX) {
        char path[PATH_MAX];
        struct stat st;
        if (fread(path, 1, len, fp) != len || fgetc(fp) != '\n')
            break;
        path[len] = '\0';
        if (lstat(path, &st) != 0 || st.st_dev != (dev_t)dev || st.st_ino != (ino_t)ino)
            continue;
        if (S_ISDIR(st.st_mode))
            workdir_remove_tree(path);
        else
            unlink(path);
    }
    if (fp)
        fclose(fp);
    strbuf_release(&p);
}

static bool is_ours(const char *path)
{
    for (size_t i = 0; i < MAX_WORKDIRS; i++)
        if (wds[i].live && !strcmp(wds[i].path, path))
            return true;
    return false;
}

/* Whether the process named in a work folder's name (PREFIX PID.XXXXXX)
 * is gone; false when the name has no pid or the process may live (another
 * user's process answers EPERM: alive). */
static bool owner_gone(const char *name)
{
    const char *s = name + strlen(WORKDIR_PREFIX);
    char *end;

    errno = 0;
    long pid = strtol(s, &end, 10);
    if (errno || end == s || *end != '.' || pid <= 1 || (pid_t)pid != pid || (pid_t)pid == getpid())
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Whether the work folder at path (name in its parent) belongs to a run
 * that is gone. */
static bool is_dead(const char *path, const char *name, const struct stat *st)
{
    struct strbuf p = STRBUF_INIT;
    bool dead = false;

    strbuf_addf(&p, "%s/" LOCK_NAME, path);
    int fd = open(p.buf, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        dead = errno == ENOENT && (owner_gone(name) || time(NULL) - st->st_mtime > ORPHAN_AGE_S);
    else {
        dead = flock(fd, LOCK_EX | LOCK_NB) == 0;
        close(fd);
    }
    strbuf_release(&p);
    return dead;
}

size_t workdir_sweep(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *de;
    struct strbuf p = STRBUF_INIT;
    size_t n = 0;

    while (d && (de = readdir(d))) {
        struct stat st;
        if (strncmp(de->d_name, WORKDIR_PREFIX, strlen(WORKDIR_PREFIX)) != 0)
            continue;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", parent, de->d_name);
        /* Only folders of our own user: never another account's. */
        if (is_ours(p.buf) || lstat(p.buf, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        if (is_dead(p.buf, de->d_name, &st)) {
            journal_rollback(p.buf);
            workdir_remove_tree(p.buf);
            n++;
        }
    }
    if (d)
        closedir(d);
    strbuf_release(&p);
    return n;
}

static int create(struct workdir *w, const char *parent, char *err, size_t errlen)
{
    char pid[32];
    int n = snprintf(w->path, sizeof w->path, "%s/" WORKDIR_PREFIX "%ld.XXXXXX", parent, (long)getpid());

    if (n < 0 || (size_t)n >= sizeof w->path || (size_t)snprintf(w->parent, sizeof w->parent, "%s", parent) >= sizeof w->parent) {
        snprintf(err, errlen, "the folder name '%s' is too long", parent);
        return -1;
    }
    if (!mkdtemp(w->path)) {   /* mode 0700 */
        snprintf(err, errlen, "cannot create a work folder in '%s': %s", parent, strerror(errno));
        return -1;
    }
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/" LOCK_NAME, w->path);
    w->lock_fd = open(p.buf, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    strbuf_release(&p);
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (w->lock_fd < 0 || flock(w->lock_fd, LOCK_EX) != 0 || write(w->lock_fd, pid, (size_t)len) != len) {
        snprintf(err, errlen, "cannot create a work folder in '%s': %s", parent, strerror(errno));
        if (w->lock_fd >= 0)
            close(w->lock_fd);
        workdir_remove_tree(w->path);
        return -1;
    }
    install_handlers();
    w->refs = 1;
    w->live = 1;
    return 0;
}

int workdir_acquire(const char *parent, const char **path, char *err, size_t errlen)
{
    struct workdir *free_slot = NULL;

    for (size_t i = 0; i < MAX_WORKDIRS; i++) {
        if (wds[i].live && !strcmp(wds[i].parent, parent)) {
            wds[i].refs++;
            *path = wds[i].path;
            return 0;
        }
        if (!wds[i].live && !free_slot)
            free_slot = &wds[i];
    }
    if (!free_slot) {
        snprintf(err, errlen, "too many output folders at once");
        return -1;
    }
    workdir_sweep(parent);
    /* A SIGTERM between mkdtemp and the slot turning live (or before the
     * first handler is installed) would kill the run with its folder left
     * behind; blocked, it waits until the handler can remove the folder. */
    sigset_t old;
    block_saving(&old);
    int rc = create(free_slot, parent, err, errlen);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0)
        return -1;
    *path = free_slot->path;
    return 0;
}

void workdir_release(const char *path)
{
    for (size_t i = 0; i < MAX_WORKDIRS; i++) {
        struct workdir *w = &wds[i];
        if (!w->live || strcmp(w->path, path) != 0 || --w->refs > 0)
            continue;
        /* Removed while still locked, so no sweeper races us. */
        sigset_t old;
        block_saving(&old);
        workdir_remove_tree(w->path);
        close(w->lock_fd);
        w->live = 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return;
    }
}

int workdir_journal_add(const char *wd, dev_t dev, ino_t ino, const char *path)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/" JOURNAL_NAME, wd);
    int fd = open(p.buf, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
    strbuf_reset(&p);
    strbuf_addf(&p, "%ju %ju %zu:%s\n", (uintmax_t)dev, (uintmax_t)ino, strlen(path), path);
    int rc = fd >= 0 && write(fd, p.buf, p.len) == (ssize_t)p.len && fdatasync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    strbuf_release(&p);
    return rc;
}

void workdir_journal_clear(const char *wd)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/" JOURNAL_NAME, wd);
    unlink(p.buf);
    strbuf_release(&p);
}
