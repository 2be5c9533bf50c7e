/*
 * Tests of atomic output files (src/io/outfile.c, include/io/outfile.h) and of
 * the configuration file (src/core/config.c, include/core/config.h).
 *
 * Output files are written in a private temporary directory, which is
 * listed after each step: a committed file has mode 0600 and exactly the
 * bytes written; an existing file is neither replaced nor touched without
 * force; after abort or a failed commit no file is left behind, neither
 * the target nor the hidden temporary file beside it; outfile_write does
 * all of it for a buffer.
 *
 * Configuration files are small texts written whole; every key loads, and
 * every refusal names the file and line ("path:N:").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "io/outfile.h"
#include "core/strbuf.h"

struct tmp {
    char dir[64];
};

static int setup_tmp(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-outfile.XXXXXX");
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
    DIR *d = opendir(t->dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", t->dir, de->d_name);
        unlink(p.buf);
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
    free(t);
    return 0;
}

/* Names in dir, sorted and joined with '/' ("" when empty). */
static void list_dir(const char *dir, struct strbuf *out)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char *names[64];
    size_t n = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        assert_true(n < 64);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *x = names[j];
            names[j] = names[j - 1];
            names[j - 1] = x;
        }
    strbuf_reset(out);
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(out, "%s%s", i ? "/" : "", names[i]);
        free(names[i]);
    }
}

static void assert_dir_is(const char *dir, const char *want)
{
    struct strbuf got = STRBUF_INIT;
    list_dir(dir, &got);
    if (strcmp(got.buf, want) != 0)
        fail_msg("directory %s holds '%s', expected '%s'", dir, got.buf, want);
    strbuf_release(&got);
}

static void read_all(const char *path, struct strbuf *out)
{
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t n;

    assert_non_null(f);
    strbuf_reset(out);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(out, buf, n);
    fclose(f);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

/* ---- outfile ------------------------------------------------------------ */

static void test_commit_creates_0600(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT, got = STRBUF_INIT;
    struct outfile o;
    struct stat st;
    char err[512] = "";
    mode_t old = umask(0);   /* the file must be 0600 whatever the umask */

    strbuf_addf(&path, "%s/cin.xml", t->dir);
    assert_int_equal(outfile_open(&o, path.buf, false, err, sizeof err), 0);
    assert_non_null(o.fp);
    assert_non_null(outfile_tmp_path(&o));
    /* the file has no name until commit (O_TMPFILE), and is already 0600 */
    assert_int_equal(o.mode, OUTFILE_UNNAMED);
    assert_int_equal(strncmp(outfile_tmp_path(&o), "/proc/self/fd/", 14), 0);
    assert_int_equal(stat(outfile_tmp_path(&o), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_not_equal(stat(path.buf, &st), 0);   /* target not there yet */
    assert_dir_is(t->dir, "");
    fputs("<Message>\n", o.fp);
    fprintf(o.fp, "%s\n", "</Message>");
    int rc = outfile_commit(&o, err, sizeof err);
    umask(old);
    if (rc != 0)
        fail_msg("%s", err);

    assert_null(outfile_tmp_path(&o));
    assert_int_equal(stat(path.buf, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0600);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "<Message>\n</Message>\n");
    assert_dir_is(t->dir, "cin.xml");
    /* abort after commit does nothing */
    outfile_abort(&o);
    assert_dir_is(t->dir, "cin.xml");

    strbuf_release(&path);
    strbuf_release(&got);
}

static void test_existing_file_refused_without_force(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT, got = STRBUF_INIT;
    struct outfile o;
    struct stat st;
    char err[512] = "";

    strbuf_addf(&path, "%s/cin.xml", t->dir);
    write_text(path.buf, "old return\n", 0644);

    assert_int_equal(outfile_open(&o, path.buf, false, err, sizeof err), -1);
    assert_non_null(strstr(err, path.buf));
    assert_non_null(strstr(err, "already exists"));
    assert_null(o.fp);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "old return\n");
    assert_int_equal(stat(path.buf, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    assert_dir_is(t->dir, "cin.xml");
    outfile_abort(&o);   /* safe on a refused open */

    /* a symlink or dangling symlink counts as existing too */
    struct strbuf link = STRBUF_INIT;
    strbuf_addf(&link, "%s/link.xml", t->dir);
    assert_int_equal(symlink("/nonexistent/target.xml", link.buf), 0);
    assert_int_equal(outfile_open(&o, link.buf, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "already exists"));
    unlink(link.buf);
    strbuf_release(&link);

    /* with force it is replaced, whole, and becomes 0600 */
    assert_int_equal(outfile_open(&o, path.buf, true, err, sizeof err), 0);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "old return\n");   /* untouched while writing */
    fputs("new return\n", o.fp);
    if (outfile_commit(&o, err, sizeof err) != 0)
        fail_msg("%s", err);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "new return\n");
    assert_int_equal(stat(path.buf, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_dir_is(t->dir, "cin.xml");

    strbuf_release(&path);
    strbuf_release(&got);
}

static void test_abort_leaves_nothing(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    struct outfile o;
    char err[512] = "";

    strbuf_addf(&path, "%s/cin.xml", t->dir);
    assert_int_equal(outfile_open(&o, path.buf, false, err, sizeof err), 0);
    fputs("half a return", o.fp);
    fflush(o.fp);
    assert_dir_is(t->dir, "");   /* unnamed: nothing for a crash to leave */
    outfile_abort(&o);
    assert_dir_is(t->dir, "");
    assert_null(o.fp);
    assert_null(outfile_tmp_path(&o));
    outfile_abort(&o);   /* twice is harmless */
    assert_dir_is(t->dir, "");

    /* commit after abort is an error, and creates nothing */
    err[0] = '\0';
    assert_int_equal(outfile_commit(&o, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_dir_is(t->dir, "");
    strbuf_release(&path);
}

/* Someone else creates the target while we write: without force the commit
 * must refuse, leave their file alone and remove our temporary file. */
static void test_commit_refuses_file_that_appeared(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT, got = STRBUF_INIT;
    struct outfile o;
    char err[512] = "";

    strbuf_addf(&path, "%s/cin.xml", t->dir);
    assert_int_equal(outfile_open(&o, path.buf, false, err, sizeof err), 0);
    fputs("ours\n", o.fp);
    write_text(path.buf, "theirs\n", 0600);
    assert_int_equal(outfile_commit(&o, err, sizeof err), -1);
    assert_non_null(strstr(err, path.buf));
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "theirs\n");
    assert_dir_is(t->dir, "cin.xml");
    outfile_abort(&o);
    strbuf_release(&path);
    strbuf_release(&got);
}

/* outfile_write: a buffer written whole (0600), refused over an existing
 * file without force, and nothing left behind when the directory is not
 * there. */
static void test_write_whole(void **state)
{
    const char *dir = ((struct tmp *)*state)->dir;
    struct strbuf path = STRBUF_INIT, got = STRBUF_INIT;
    struct stat st;
    char err[512] = "";

    strbuf_addf(&path, "%s/report.json", dir);
    if (outfile_write(path.buf, false, "{}\n", 3, err, sizeof err) != 0)
        fail_msg("%s", err);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "{}\n");
    assert_int_equal(stat(path.buf, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);

    assert_int_equal(outfile_write(path.buf, false, "[]\n", 3, err, sizeof err), -1);
    assert_non_null(strstr(err, "already exists"));
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "{}\n");
    assert_int_equal(outfile_write(path.buf, true, "", 0, err, sizeof err), 0);
    read_all(path.buf, &got);
    assert_string_equal(got.buf, "");
    assert_dir_is(dir, "report.json");

    strbuf_reset(&path);
    strbuf_addf(&path, "%s/no/such/dir/report.json", dir);
    assert_int_equal(outfile_write(path.buf, true, "x", 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "no/such/dir"));
    assert_dir_is(dir, "report.json");
    strbuf_release(&path);
    strbuf_release(&got);
}

static void test_missing_directory(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    struct outfile o;
    char err[512] = "";

    strbuf_addf(&path, "%s/no-such-dir/cin.xml", t->dir);
    assert_int_equal(outfile_open(&o, path.buf, false, err, sizeof err), -1);
    assert_non_null(strstr(err, path.buf));
    assert_non_null(strstr(err, "No such file or directory"));
    assert_null(o.fp);
    assert_null(outfile_tmp_path(&o));
    outfile_abort(&o);
    assert_dir_is(t->dir, "");
    /* with force as well */
    err[0] = '\0';
    assert_int_equal(outfile_open(&o, path.buf, true, err, sizeof err), -1);
    assert_non_null(strstr(err, path.buf));
    assert_dir_is(t->dir, "");
    strbuf_release(&path);
}

/* ---- config ------------------------------------------------------------- */

static void test_config_every_key(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    struct config c;
    char err[512] = "";

    strbuf_addf(&path, "%s/statreturn.conf", t->dir);
    write_text(path.buf,
               "# statreturn.conf\n"
               "\n"
               "la                = 201\n"
               "dsn               = service=ssd_replica\n"
               "schema            = ssd   # trailing comment\n"
               "output_dir        = /srv/returns\n"
               "key_file.dfe      = /etc/statreturn/keys/dfe.key\n"
               "key_file.regional = /etc/statreturn/keys/old.key\n"
               "key_file.regional = /etc/statreturn/keys/regional.key   # the last wins\n"
               "statement_timeout = 600\n"
               "cin_pre_proceedings = no\n"
               "  serial_no=001  \n",
               0600);
    config_init(&c);
    assert_false(c.cin_no_pre_proceedings);   /* collected unless the council says not */
    if (config_load(&c, path.buf, 1, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(c.cin_no_pre_proceedings);
    assert_string_equal(c.path, path.buf);
    assert_string_equal(c.la, "201");
    assert_string_equal(c.dsn, "service=ssd_replica");
    assert_string_equal(c.schema, "ssd");
    assert_string_equal(c.output_dir, "/srv/returns");
    assert_string_equal(c.serial_no, "001");
    assert_int_equal(c.statement_timeout_s, 600);
    assert_int_equal(c.n_key_files, 3);
    assert_string_equal(config_key_file(&c, "dfe"), "/etc/statreturn/keys/dfe.key");
    assert_string_equal(config_key_file(&c, "regional"), "/etc/statreturn/keys/regional.key");
    assert_null(config_key_file(&c, "sf"));
    assert_null(config_key_file(&c, "DFE"));
    config_release(&c);
    assert_null(c.la);
    assert_int_equal(c.n_key_files, 0);
    strbuf_release(&path);
}

struct bad_config {
    const char *name;
    const char *text;
    unsigned line;
    const char *want;
};

static void test_config_errors(void **state)
{
    struct tmp *t = *state;
    static const struct bad_config cases[] = {
        { "unknown key", "la = 201\nsearch_path = ssd\n", 2, "unknown key 'search_path'" },
        { "misspelt key", "# c\n\nouput_dir = /srv\n", 3, "unknown key 'ouput_dir'" },
        { "key_file without a name", "key_file. = /k\n", 1, "unknown key 'key_file.'" },
        { "no equals sign", "la 201\n", 1, "key = value" },
        { "timeout not a number", "statement_timeout = ten\n", 1, "statement_timeout" },
        { "timeout with a unit", "la = 201\nstatement_timeout = 600s\n", 2, "statement_timeout" },
        { "timeout negative", "statement_timeout = -1\n", 1, "statement_timeout" },
        { "timeout too large", "statement_timeout = 86401\n", 1, "statement_timeout" },
        { "pre-proceedings neither yes nor no", "la = 201\ncin_pre_proceedings = N\n", 2,
          "cin_pre_proceedings must be yes or no" },
    };
    struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config c;
        char err[512] = "";
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/bad-%zu.conf", t->dir, i);
        write_text(path.buf, cases[i].text, 0600);
        config_init(&c);
        int rc = config_load(&c, path.buf, 1, err, sizeof err);
        strbuf_reset(&want);
        strbuf_addf(&want, "%s:%u: ", path.buf, cases[i].line);
        if (rc != -1 || strncmp(err, want.buf, want.len) != 0 || !strstr(err, cases[i].want))
            fail_msg("%s: rc %d, message '%s'; expected '%s...%s'", cases[i].name, rc, err, want.buf, cases[i].want);
        config_release(&c);
    }
    strbuf_release(&path);
    strbuf_release(&want);
}

/* config.h: statement_timeout is seconds; an empty value is not a number
 * and must be refused like "ten", not read as 0 (unset). */
static void test_config_empty_timeout(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
    struct config c;
    char err[512] = "";

    strbuf_addf(&path, "%s/empty-timeout.conf", t->dir);
    write_text(path.buf, "la = 201\nstatement_timeout =\n", 0600);
    config_init(&c);
    assert_int_equal(config_load(&c, path.buf, 1, err, sizeof err), -1);
    strbuf_addf(&want, "%s:2: ", path.buf);
    assert_int_equal(strncmp(err, want.buf, want.len), 0);
    config_release(&c);
    strbuf_release(&path);
    strbuf_release(&want);
}

static void test_config_timeout_bounds(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    static const struct { const char *value; int want; } cases[] = {
        { "0", 0 }, { "1", 1 }, { "86400", 86400 }, { "  30  ", 30 },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config c;
        char err[512] = "", text[64];
        snprintf(text, sizeof text, "statement_timeout = %s\n", cases[i].value);
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/t-%zu.conf", t->dir, i);
        write_text(path.buf, text, 0600);
        config_init(&c);
        if (config_load(&c, path.buf, 1, err, sizeof err) != 0)
            fail_msg("'%s': %s", cases[i].value, err);
        assert_int_equal(c.statement_timeout_s, cases[i].want);
        config_release(&c);
    }
    strbuf_release(&path);
}

static void test_config_missing_file(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    struct config c;
    char err[512] = "";

    strbuf_addf(&path, "%s/absent.conf", t->dir);
    /* named with --config: an error naming the file */
    config_init(&c);
    assert_int_equal(config_load(&c, path.buf, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, path.buf));
    assert_null(c.path);
    config_release(&c);
    /* the default location: absent is fine, and nothing is set */
    config_init(&c);
    err[0] = '\0';
    assert_int_equal(config_load(&c, path.buf, 0, err, sizeof err), 0);
    assert_null(c.path);
    assert_null(c.la);
    assert_int_equal(c.statement_timeout_s, 0);
    config_release(&c);
    strbuf_release(&path);
}

static void test_config_default_path(void **state)
{
    (void)state;
    assert_int_equal(setenv("STATRETURN_CONFIG", "/tmp/from-env.conf", 1), 0);
    assert_string_equal(config_default_path(), "/tmp/from-env.conf");
    unsetenv("STATRETURN_CONFIG");
    const char *p = config_default_path();
    if (access("/etc/statreturn/statreturn.conf", R_OK) == 0)
        assert_string_equal(p, "/etc/statreturn/statreturn.conf");
    else
        assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_creates_0600, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_existing_file_refused_without_force, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_abort_leaves_nothing, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_commit_refuses_file_that_appeared, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_write_whole, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_missing_directory, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_config_every_key, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_config_errors, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_config_empty_timeout, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_config_timeout_bounds, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_config_missing_file, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_config_default_path),
    };
    return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
