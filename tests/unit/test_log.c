/*
 * Operator messages (src/core/log.c): under the journal every line carries
 * its priority ("<3>" error, "<4>" warning, "<6>" information, details
 * their error's), and only when $JOURNAL_STREAM names stderr's own device
 * and inode; elsewhere the plain lines.  -v phase lines say the phase and
 * its time; without -v, and when stderr is not a terminal, phases and
 * progress write nothing.
 *
 * stderr is pointed at a temporary file for each test and read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

struct capture {
    char path[4096];
    int saved;
    int fd;
};

static int setup(void **state)
{
    static struct capture c;
    const char *dir = getenv("TMPDIR");
    snprintf(c.path, sizeof c.path, "%s/statreturn-test-log.XXXXXX", dir && *dir ? dir : "/tmp");
    c.fd = mkstemp(c.path);
    if (c.fd < 0)
        return -1;
    fflush(stderr);
    c.saved = dup(STDERR_FILENO);
    dup2(c.fd, STDERR_FILENO);
    log_set_level(LOG_NORMAL);
    log_set_journal(-1);
    unsetenv("JOURNAL_STREAM");
    *state = &c;
    return 0;
}

static int teardown(void **state)
{
    struct capture *c = *state;
    fflush(stderr);
    dup2(c->saved, STDERR_FILENO);
    close(c->saved);
    close(c->fd);
    unlink(c->path);
    unsetenv("JOURNAL_STREAM");
    log_set_journal(-1);
    log_set_level(LOG_NORMAL);
    return 0;
}

/* What was written to stderr so far; free() it. */
static char *captured(struct capture *c)
{
    struct stat st;
    fflush(stderr);
    assert_int_equal(fstat(c->fd, &st), 0);
    char *buf = calloc(1, (size_t)st.st_size + 1);
    assert_int_equal(pread(c->fd, buf, (size_t)st.st_size, 0), st.st_size);
    return buf;
}

static void set_journal_stream(int fd, long ino_delta)
{
    struct stat st;
    char v[64];
    assert_int_equal(fstat(fd, &st), 0);
    snprintf(v, sizeof v, "%llu:%llu", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino + (unsigned long long)ino_delta);
    setenv("JOURNAL_STREAM", v, 1);
    log_set_journal(-1);
}

static void test_journal_prefixes(void **state)
{
    struct capture *c = *state;

    set_journal_stream(STDERR_FILENO, 0);
    assert_true(log_to_journal());
    sr_error("cannot connect to the replica: %s", "timeout expired");
    sr_detail("the table 'ssd_person'");
    sr_warn("no key");
    sr_detail("under the warning");
    sr_info("wrote %s", "x.xml");
    sr_error("two lines:\n  missing table ssd_person");
    char *out = captured(c);
    assert_string_equal(out, "<3>statreturn: error: cannot connect to the replica: timeout expired\n"
                             "<3>  the table 'ssd_person'\n"
                             "<4>statreturn: warning: no key\n"
                             "<4>  under the warning\n"
                             "<6>statreturn: wrote x.xml\n"
                             /* a newline inside a message is escaped, never a
                              * second line (log_escape): no name can forge one */
                             "<3>statreturn: error: two lines:\\n  missing table ssd_person\n");
    free(out);
}

static void test_no_journal_no_prefix(void **state)
{
    struct capture *c = *state;

    /* Inherited from a parent whose stderr was another stream: not ours. */
    set_journal_stream(STDERR_FILENO, 1);
    assert_false(log_to_journal());
    sr_error("plain");
    setenv("JOURNAL_STREAM", "garbage", 1);
    log_set_journal(-1);
    assert_false(log_to_journal());
    unsetenv("JOURNAL_STREAM");
    log_set_journal(-1);
    assert_false(log_to_journal());
    sr_info("also plain");
    char *out = captured(c);
    assert_string_equal(out, "statreturn: error: plain\nstatreturn: also plain\n");
    free(out);
}

static void test_phases_only_with_verbose(void **state)
{
    struct capture *c = *state;

    log_phase_begin("connect");
    log_phase_end("connected");
    for (size_t i = 1; i <= 1000; i++)
        log_progress(i, "records");     /* not a terminal: nothing */
    char *out = captured(c);
    assert_string_equal(out, "");
    free(out);

    log_set_level(LOG_VERBOSE);
    log_phase_begin("stream");
    log_phase_end("%d records", 12);
    out = captured(c);
    assert_non_null(strstr(out, "statreturn: ["));
    assert_non_null(strstr(out, " s] stream: "));
    assert_non_null(strstr(out, " s: 12 records\n"));
    assert_null(strchr(out, '\r'));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_journal_prefixes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_journal_no_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phases_only_with_verbose, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
