/*
 * Regression tests of where output may go (issue 19, findings 0, 1, 2, 4):
 * src/io/outfile.c, src/io/workdir.c and src/io/outset.c.
 *
 *  - A character device (a node of the test's own made with mknod, only
 *    as root; otherwise the test says it skips) or a FIFO at the target is
 *    written straight through and is still that device or FIFO afterwards;
 *    a symbolic link or a folder is refused, even with force.
 *  - Without force a name that appears while the file is written is never
 *    replaced, and outfile_rename_noreplace never replaces anything.
 *  - A work folder whose lock nobody holds is removed by the next sweep,
 *    with the files its commit journal lists (a run killed half-way through
 *    a commit); one whose lock is held is left alone.
 *  - An output set whose manifest cannot be written leaves nothing (the
 *    return is not committed without it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "io/outfile.h"
#include "io/outset.h"
#include "io/workdir.h"

struct tmp {
    char dir[64];
    struct strbuf p;
};

static int setup_tmp(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-targets.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    strbuf_init(&t->p, 0);
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmp *t = *state;
    workdir_remove_tree(t->dir);
    strbuf_release(&t->p);
    free(t);
    return 0;
}

static const char *at(struct tmp *t, const char *name)
{
    strbuf_reset(&t->p);
    strbuf_addf(&t->p, "%s/%s", t->dir, name);
    return t->p.buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static void assert_content(const char *path, const char *want)
{
    char buf[256];
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    assert_string_equal(buf, want);
}

/* Entries of dir other than . and .., counted. */
static size_t n_entries(const char *dir)
{
    struct strbuf cmd = STRBUF_INIT;
    strbuf_addf(&cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd.buf, "r");
    size_t n = 0;
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%zu", &n), 1);
    pclose(p);
    strbuf_release(&cmd);
    return n;
}

/* Finding 0: `--output /dev/null --force` must leave the device. */
static void test_char_device_written_through(void **state)
{
    struct tmp *t = *state;
    struct outfile o;
    struct stat st;
    char err[512] = "";

    if (geteuid() != 0) {
        fprintf(stderr, "SKIP: test_char_device_written_through needs root (mknod); not run\n");
        skip();
    }
    const char *dev = at(t, "null");
    assert_int_equal(mknod(dev, S_IFCHR | 0666, makedev(1, 3)), 0);   /* a /dev/null of our own */
    assert_int_equal(outfile_open(&o, dev, true, err, sizeof err), 0);
    assert_int_equal(o.mode, OUTFILE_THROUGH);
    fputs("a report\n", o.fp);
    if (outfile_commit(&o, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(lstat(dev, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(major(st.st_rdev), 1);
    assert_int_equal(minor(st.st_rdev), 3);
    assert_int_equal(n_entries(t->dir), 1);   /* no temporary beside it */
    /* and without --force too: nothing is replaced */
    assert_int_equal(outfile_write(dev, false, "x", 1, err, sizeof err), 0);
    assert_int_equal(lstat(dev, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_fifo_written_through(void **state)
{
    struct tmp *t = *state;
    struct stat st;
    char err[512] = "", buf[64] = "";

    const char *fifo = at(t, "pipe");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK);   /* a reader, so the open does not wait */
    assert_true(rfd >= 0);
    assert_int_equal(outfile_write(fifo, true, "through\n", 8, err, sizeof err), 0);
    assert_int_equal(read(rfd, buf, sizeof buf - 1), 8);
    assert_string_equal(buf, "through\n");
    close(rfd);
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(n_entries(t->dir), 1);
}

static void test_links_and_folders_refused(void **state)
{
    struct tmp *t = *state;
    struct stat st;
    char err[512] = "";
    char target[128];

    snprintf(target, sizeof target, "%s", at(t, "real.txt"));
    write_text(target, "kept");
    const char *link = at(t, "link.txt");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(outfile_write(link, true, "x", 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link"));
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_content(target, "kept");

    const char *dir = at(t, "folder");
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(outfile_write(dir, true, "x", 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a regular file"));
    assert_int_equal(lstat(dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

/* Finding 4: a file that appears between open and commit is kept, and the
 * link into place is what refuses (no check before a rename). */
static void test_appeared_never_replaced(void **state)
{
    struct tmp *t = *state;
    struct outfile o;
    char err[512] = "";
    char path[128], other[128];

    snprintf(path, sizeof path, "%s", at(t, "cin.xml"));
    assert_int_equal(outfile_open(&o, path, false, err, sizeof err), 0);
    fputs("ours", o.fp);
    write_text(path, "another run's");
    assert_int_equal(outfile_commit(&o, err, sizeof err), -1);
    assert_non_null(strstr(err, "appeared while writing"));
    assert_content(path, "another run's");
    assert_int_equal(n_entries(t->dir), 1);

    snprintf(other, sizeof other, "%s", at(t, "from"));
    write_text(other, "from");
    assert_int_equal(outfile_rename_noreplace(other, path), -1);
    assert_int_equal(errno, EEXIST);
    assert_content(path, "another run's");
    assert_content(other, "from");
    unlink(path);
    assert_int_equal(outfile_rename_noreplace(other, path), 0);
    assert_content(path, "from");
}

/* Finding 1: a dead run's work folder goes, with the files its commit
 * journal says it had put in place; a live one stays. */
static void test_sweep_dead_and_live(void **state)
{
    struct tmp *t = *state;
    struct stat st;
    char dead[128], live[128], placed[128], foreign[128];

    snprintf(dead, sizeof dead, "%s", at(t, WORKDIR_PREFIX "dead01"));
    snprintf(live, sizeof live, "%s", at(t, WORKDIR_PREFIX "live01"));
    snprintf(placed, sizeof placed, "%s", at(t, "cin_2025_201.xml"));
    snprintf(foreign, sizeof foreign, "%s", at(t, "cin_2025_201_manifest.json"));
    assert_int_equal(mkdir(dead, 0700), 0);
    assert_int_equal(mkdir(live, 0700), 0);
    write_text(at(t, WORKDIR_PREFIX "dead01/lock"), "99999\n");
    write_text(at(t, WORKDIR_PREFIX "dead01/names.csv"), "children's data");
    write_text(at(t, WORKDIR_PREFIX "live01/lock"), "1\n");
    int lfd = open(at(t, WORKDIR_PREFIX "live01/lock"), O_RDWR);
    assert_true(lfd >= 0);
    assert_int_equal(flock(lfd, LOCK_EX), 0);
    /* the dead run had put its return in place; the manifest at the next
     * name is someone else's (another inode), and stays */
    write_text(placed, "half a set");
    write_text(foreign, "another run's");
    assert_int_equal(stat(placed, &st), 0);
    assert_int_equal(workdir_journal_add(dead, st.st_dev, st.st_ino, placed), 0);
    assert_int_equal(stat(foreign, &st), 0);
    assert_int_equal(workdir_journal_add(dead, st.st_dev, st.st_ino + 1, foreign), 0);

    assert_int_equal(workdir_sweep(t->dir), 1);
    assert_int_not_equal(lstat(dead, &st), 0);
    assert_int_not_equal(lstat(placed, &st), 0);
    assert_int_equal(lstat(foreign, &st), 0);
    assert_int_equal(lstat(live, &st), 0);
    close(lfd);
    /* once its owner is gone, the live one goes too */
    assert_int_equal(workdir_sweep(t->dir), 1);
    assert_int_not_equal(lstat(live, &st), 0);
}

/* A folder without its lock yet (its owner killed by SIGKILL between
 * creating it and the lock) is swept at once when the pid in its name is
 * gone; while that pid lives, or with no pid in the name, only once it is
 * a minute old. */
static void test_sweep_lockless(void **state)
{
    struct tmp *t = *state;
    struct stat st;
    char gone[160], alive[160], nopid[160];
    int status;

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    assert_int_equal(waitpid(pid, &status, 0), pid);     /* reaped: no such process now */
    snprintf(gone, sizeof gone, "%s/" WORKDIR_PREFIX "%ld.Ab12Cd", t->dir, (long)pid);
    snprintf(alive, sizeof alive, "%s/" WORKDIR_PREFIX "%ld.Ef34Gh", t->dir, (long)getppid());
    snprintf(nopid, sizeof nopid, "%s/" WORKDIR_PREFIX "Ij56Kl", t->dir);
    assert_int_equal(mkdir(gone, 0700), 0);
    assert_int_equal(mkdir(alive, 0700), 0);
    assert_int_equal(mkdir(nopid, 0700), 0);

    assert_int_equal(workdir_sweep(t->dir), 1);
    assert_int_not_equal(lstat(gone, &st), 0);
    assert_int_equal(lstat(alive, &st), 0);
    assert_int_equal(lstat(nopid, &st), 0);
}

static bool term_blocked(void)
{
    sigset_t cur;
    assert_int_equal(pthread_sigmask(SIG_BLOCK, NULL, &cur), 0);
    return sigismember(&cur, SIGTERM) == 1;
}

static size_t work_folders(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;

    assert_non_null(d);
    while ((de = readdir(d)))
        n += strncmp(de->d_name, WORKDIR_PREFIX, strlen(WORKDIR_PREFIX)) == 0;
    closedir(d);
    return n;
}

/* Taking and giving back a work folder blocks SIGTERM only while it needs
 * to and leaves the caller's mask as it was: an outset commit blocks the
 * signals around its release, and must stay blocked after it.  A SIGTERM
 * that comes while the folder is held removes it, and the run dies of it. */
static void test_work_folder_signals(void **state)
{
    struct tmp *t = *state;
    const char *wd;
    char err[256];
    int status;

    assert_false(term_blocked());
    assert_int_equal(workdir_acquire(t->dir, &wd, err, sizeof err), 0);
    assert_false(term_blocked());
    assert_int_equal(work_folders(t->dir), 1);
    workdir_release(wd);
    assert_false(term_blocked());
    assert_int_equal(work_folders(t->dir), 0);

    workdir_block_signals(true);
    assert_int_equal(workdir_acquire(t->dir, &wd, err, sizeof err), 0);
    assert_true(term_blocked());
    workdir_release(wd);
    assert_true(term_blocked());
    workdir_block_signals(false);
    assert_false(term_blocked());

    struct sigaction now;
    assert_int_equal(sigaction(SIGTERM, NULL, &now), 0);
    if (now.sa_handler == SIG_IGN) {   /* run under nohup: the handler is not ours to test */
        print_message("SKIP: SIGTERM is ignored here, so its clean-up is not tested\n");
        return;
    }
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the signal is pending when the folder is taken: it takes
         * effect when unblocked, with the folder live */
        workdir_block_signals(true);
        kill(getpid(), SIGTERM);
        if (workdir_acquire(t->dir, &wd, err, sizeof err) != 0)
            _exit(3);
        workdir_block_signals(false);
        _exit(4);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(work_folders(t->dir), 0);
}

/* Finding 2: a set whose manifest cannot be written commits nothing. */
static void test_set_without_manifest_commits_nothing(void **state)
{
    struct tmp *t = *state;
    char err[512] = "", ret[128], man[128];

    snprintf(ret, sizeof ret, "%s", at(t, "cin.xml"));
    snprintf(man, sizeof man, "%s", at(t, "cin_manifest.json"));
    struct outset *s = outset_new(false);
    size_t r = outset_file(s, ret);
    outset_file(s, man);
    assert_int_equal(outset_check_free(s, err, sizeof err), 0);
    assert_int_equal(outset_open(s, r, err, sizeof err), 0);
    fputs("<Message/>", outset_fp(s, r));
    /* the manifest's name is taken before it is written: the commit
     * refuses it, and the return goes with it */
    write_text(man, "another run's");
    assert_int_equal(outset_open(s, 1, err, sizeof err), -1);
    outset_free(s);
    assert_int_equal(n_entries(t->dir), 1);
    assert_content(man, "another run's");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_char_device_written_through, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_fifo_written_through, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_links_and_folders_refused, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_appeared_never_replaced, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_sweep_dead_and_live, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_sweep_lockless, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_work_folder_signals, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_set_without_manifest_commits_nothing, setup_tmp, teardown_tmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
