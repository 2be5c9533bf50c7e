/*
 * Tests of the operator log (src/core/log.c): every message is one line,
 * whatever the names in it hold (issue 19, finding 8).  log_escape is
 * checked from a table; sr_error is checked on stderr, redirected to a
 * file, with a file name that holds a newline, a carriage return and a
 * terminal escape sequence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/strbuf.h"

static void test_escape_table(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        { "plain/path.csv", 14, "plain/path.csv" },
        { "a\nstatreturn: error: forged", 27, "a\\nstatreturn: error: forged" },
        { "cr\rtab\t", 7, "cr\\rtab\\t" },
        { "\x1b[31mred", 8, "\\x1b[31mred" },
        { "del\x7f", 4, "del\\x7f" },
        { "nul\0x", 5, "nul\\x00x" },
        { "c1 \xc2\x9b" "2J", 7, "c1 \\u009b2J" },
        { "caf\xc3\xa9 \xc2\xa0", 8, "caf\xc3\xa9 \xc2\xa0" },   /* UTF-8 text, NBSP: kept */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        log_escape(&sb, cases[i].in, cases[i].len);
        if (strcmp(sb.buf, cases[i].out) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

static void test_error_is_one_line(void **state)
{
    char path[] = "/tmp/statreturn-log.XXXXXX", buf[512];
    int fd = mkstemp(path), saved = dup(2);
    (void)state;

    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    assert_int_equal(dup2(fd, 2), 2);
    sr_error("cannot open '%s'", "evil\nstatreturn: ok: all clear\x1b]0;title\x07.xml");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    unlink(path);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "statreturn: error: cannot open 'evil\\nstatreturn: ok: all clear\\x1b]0;title\\x07.xml'\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_table),
        cmocka_unit_test(test_error_is_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
