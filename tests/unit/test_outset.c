/*
 * Tests of output sets (src/io/outset.c, include/io/outset.h): a return's
 * files, a folder of CSV files, its report and its manifest appear
 * together or not at all.
 *
 * Each test works in a private temporary directory and lists it after
 * each step: after a commit exactly the declared names are there (files
 * 0600, the folder 0700) with the bytes written; after a failure or a
 * free without commit, nothing of the set is there, neither a target nor a
 * hidden temporary; without --force nothing existing is replaced, and a
 * file that appears while the set is written stops the commit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "io/outset.h"

struct tmp {
    char dir[64];
};

static void remove_all(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct strbuf p = STRBUF_INIT;
        struct stat st;
        strbuf_addf(&p, "%s/%s", dir, de->d_name);
        if (lstat(p.buf, &st) == 0 && S_ISDIR(st.st_mode))
            remove_all(p.buf);
        else
            unlink(p.buf);
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static int setup_tmp(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-outset.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmp *t = *state;
    remove_all(t->dir);
    free(t);
    return 0;
}

/* The names in dir, sorted, joined by ' ' (hidden ones included). */
static void listing(const char *dir, struct strbuf *out)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);

    strbuf_reset(out);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
            strbuf_addf(out, "%s%s", out->len ? " " : "", names[i]->d_name);
        free(names[i]);
    }
    free(names);
}

static void path_of(struct strbuf *p, const struct tmp *t, const char *name)
{
    strbuf_reset(p);
    strbuf_addf(p, "%s/%s", t->dir, name);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* mode 0: not checked (a file the test wrote itself). */
static void assert_content(const char *path, const char *want, mode_t mode)
{
    char buf[256] = "";
    struct stat st;
    FILE *f = fopen(path, "r");

    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, want);
    assert_int_equal(stat(path, &st), 0);
    if (mode)
        assert_int_equal(st.st_mode & 07777, mode);
}

/* A 903-shaped set: XML, a folder of two CSV files, report, manifest. */
struct shape {
    struct outset *s;
    size_t xml, dir, a, b, report, manifest;
};

static void declare(struct shape *sh, const struct tmp *t, bool force)
{
    struct strbuf p = STRBUF_INIT;

    sh->s = outset_new(force);
    path_of(&p, t, "r.xml");
    sh->xml = outset_file(sh->s, p.buf);
    path_of(&p, t, "r_csv");
    sh->dir = outset_folder(sh->s, p.buf);
    sh->a = outset_file_in(sh->s, sh->dir, "r_A.csv");
    sh->b = outset_file_in(sh->s, sh->dir, "r_B.csv");
    path_of(&p, t, "r_validation.csv");
    sh->report = outset_file(sh->s, p.buf);
    path_of(&p, t, "r_manifest.json");
    sh->manifest = outset_file(sh->s, p.buf);
    strbuf_release(&p);
}

static void write_all(struct shape *sh, const char *tag)
{
    char err[512];
    size_t all[] = { sh->xml, sh->dir, sh->a, sh->b, sh->report, sh->manifest };

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (outset_open(sh->s, all[i], err, sizeof err) != 0)
            fail_msg("open %zu: %s", all[i], err);
        if (outset_fp(sh->s, all[i]))
            fprintf(outset_fp(sh->s, all[i]), "%s %zu", tag, all[i]);
    }
}

static void test_commit_all(void **state)
{
    struct tmp *t = *state;
    struct shape sh;
    struct strbuf l = STRBUF_INIT, p = STRBUF_INIT;
    char err[512];
    struct stat st;

    declare(&sh, t, false);
    path_of(&p, t, "r_csv/r_A.csv");
    assert_string_equal(outset_path(sh.s, sh.a), p.buf);
    assert_int_equal(outset_check_free(sh.s, err, sizeof err), 0);
    write_all(&sh, "one");
    /* Nothing under its final name before the commit. */
    listing(t->dir, &l);
    assert_null(strstr(l.buf, "r.xml "));
    assert_int_equal(outset_commit(sh.s, err, sizeof err), 0);
    assert_false(outset_replaced_lost(sh.s));
    outset_free(sh.s);
    listing(t->dir, &l);
    assert_string_equal(l.buf, "r.xml r_csv r_manifest.json r_validation.csv");
    path_of(&p, t, "r_csv");
    listing(p.buf, &l);
    assert_string_equal(l.buf, "r_A.csv r_B.csv");
    assert_int_equal(stat(p.buf, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700);
    path_of(&p, t, "r_csv/r_B.csv");
    assert_content(p.buf, "one 3", 0600);
    path_of(&p, t, "r_manifest.json");
    assert_content(p.buf, "one 5", 0600);
    strbuf_release(&l);
    strbuf_release(&p);
}

/* Without --force an existing name stops the set before anything is
 * written; with it, the set replaces files and the folder whole. */
static void test_existing(void **state)
{
    struct tmp *t = *state;
    struct shape sh;
    struct strbuf l = STRBUF_INIT, p = STRBUF_INIT;
    char err[512];

    path_of(&p, t, "r_csv");
    assert_int_equal(mkdir(p.buf, 0700), 0);
    path_of(&p, t, "r_csv/old.csv");
    write_file(p.buf, "old");
    declare(&sh, t, false);
    assert_int_equal(outset_check_free(sh.s, err, sizeof err), -1);
    assert_non_null(strstr(err, "r_csv' already exists (use --force to replace it)"));
    outset_free(sh.s);

    declare(&sh, t, true);
    assert_int_equal(outset_check_free(sh.s, err, sizeof err), 0);
    write_all(&sh, "new");
    assert_int_equal(outset_commit(sh.s, err, sizeof err), 0);
    assert_true(outset_replaced_lost(sh.s));   /* the old folder is gone */
    outset_free(sh.s);
    path_of(&p, t, "r_csv");
    listing(p.buf, &l);
    assert_string_equal(l.buf, "r_A.csv r_B.csv");
    listing(t->dir, &l);
    assert_string_equal(l.buf, "r.xml r_csv r_manifest.json r_validation.csv");
    strbuf_release(&l);
    strbuf_release(&p);
}

/* A name that appears while the set is written stops the commit, and what
 * was already renamed is taken back. */
static void test_appeared_rolls_back(void **state)
{
    struct tmp *t = *state;
    struct shape sh;
    struct strbuf l = STRBUF_INIT, p = STRBUF_INIT;
    char err[512];

    declare(&sh, t, false);
    write_all(&sh, "x");
    path_of(&p, t, "r_validation.csv");
    write_file(p.buf, "someone else's");
    assert_int_equal(outset_commit(sh.s, err, sizeof err), -1);
    assert_non_null(strstr(err, "r_validation.csv' appeared while writing"));
    assert_false(outset_replaced_lost(sh.s));
    outset_free(sh.s);
    listing(t->dir, &l);
    assert_string_equal(l.buf, "r_validation.csv");
    assert_content(p.buf, "someone else's", 0);
    strbuf_release(&l);
    strbuf_release(&p);
}

/* A rename that fails part-way (the manifest's name is a directory):
 * nothing of the set stays; files it replaced under --force are lost and
 * it says so. */
static void test_rename_fails(void **state)
{
    struct tmp *t = *state;
    struct shape sh;
    struct strbuf l = STRBUF_INIT, p = STRBUF_INIT;
    char err[512];

    path_of(&p, t, "r.xml");
    write_file(p.buf, "last year's");
    declare(&sh, t, true);
    write_all(&sh, "y");
    path_of(&p, t, "r_manifest.json");
    assert_int_equal(mkdir(p.buf, 0700), 0);
    path_of(&p, t, "r_manifest.json/keep");
    write_file(p.buf, "k");
    assert_int_equal(outset_commit(sh.s, err, sizeof err), -1);
    assert_non_null(strstr(err, "r_manifest.json"));
    assert_true(outset_replaced_lost(sh.s));
    outset_free(sh.s);
    listing(t->dir, &l);
    assert_string_equal(l.buf, "r_manifest.json");
    strbuf_release(&l);
    strbuf_release(&p);
}

/* Freed without a commit: no temporary is left, open or not. */
static void test_free_uncommitted(void **state)
{
    struct tmp *t = *state;
    struct shape sh;
    struct strbuf l = STRBUF_INIT;
    char err[512];

    declare(&sh, t, false);
    write_all(&sh, "z");
    listing(t->dir, &l);
    assert_true(l.len > 0);          /* the hidden temporaries exist meanwhile */
    outset_free(sh.s);
    listing(t->dir, &l);
    assert_string_equal(l.buf, "");
    declare(&sh, t, false);          /* declared, never opened */
    assert_int_equal(outset_check_free(sh.s, err, sizeof err), 0);
    outset_free(sh.s);
    listing(t->dir, &l);
    assert_string_equal(l.buf, "");
    strbuf_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_all, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_existing, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_appeared_rolls_back, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_rename_fails, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_free_uncommitted, setup_tmp, teardown_tmp),
    };
    return cmocka_run_group_tests_name("outset", tests, NULL, NULL);
}
