/*
 * Tests of the configuration line reader (src/core/confline.c,
 * include/core/confline.h).
 *
 * Each file case is written byte for byte to a temporary file (so NUL
 * bytes, CRs and a missing final newline are what the reader really sees)
 * and read back whole; what the reader hands out is rendered one line per
 * line read as "N:text", with '>' after N for an indented line and '!' for
 * one holding a NUL byte, and compared with the expected rendering.  The
 * splitting helpers, the usual loop (confline_each) and the message
 * formatter are tested from tables of their own; a read error is provoked
 * by reading a directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/confline.h"
#include "core/strbuf.h"

/* Writes len bytes of data to a new temporary file; its path into path. */
static void write_temp(const char *data, size_t len, char *path, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/statreturn-confline.XXXXXX", dir && *dir ? dir : P_tmpdir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* Reads the file whole and renders every line as described at the top. */
static void render(const char *path, enum confline_comment comment, struct strbuf *out)
{
    struct confline cl;
    int r;

    assert_int_equal(confline_open(&cl, path, comment), 0);
    while ((r = confline_next(&cl)) == 1)
        strbuf_addf(out, "%u%s%s:%s\n", cl.lineno, cl.indented ? ">" : "", cl.has_nul ? "!" : "", cl.text);
    assert_int_equal(r, 0);
    confline_close(&cl);
}

#define DATA(s) s, sizeof s - 1

static void test_lines(void **state)
{
    static const struct {
        const char *name;
        const char *data;
        size_t len;
        enum confline_comment comment;
        const char *want;
    } cases[] = {
        { "empty file", DATA(""), CONFLINE_HASH_ANYWHERE, "" },
        { "one blank line", DATA("\n"), CONFLINE_HASH_ANYWHERE, "1:\n" },
        { "blank lines keep their numbers", DATA("\n \t \n\nx\n"), CONFLINE_HASH_WORD, "1:\n2>:\n3:\n4:x\n" },
        { "no final newline", DATA("a = 1\nb = 2"), CONFLINE_HASH_ANYWHERE, "1:a = 1\n2:b = 2\n" },
        { "trimmed both ends", DATA("  key\t=\tvalue  \t\n"), CONFLINE_HASH_WORD, "1>:key\t=\tvalue\n" },
        { "CRLF", DATA("a = 1\r\nb\r\n\r\n"), CONFLINE_HASH_ANYWHERE, "1:a = 1\n2:b\n3:\n" },
        { "CRLF before a comment", DATA("a = 1 # one\r\n# all\r\n"), CONFLINE_HASH_WORD, "1:a = 1\n2:\n" },
        { "CR alone inside a line stays", DATA("a\rb\n"), CONFLINE_HASH_WORD, "1:a\rb\n" },
        { "comment lines", DATA("# head\n  # indented\nx # tail\n"), CONFLINE_HASH_ANYWHERE,
          "1:\n2>:\n3:x\n" },
        { "'#' inside text: anywhere cuts", DATA("dsn = host=db#2\nn = a#b # c\n"), CONFLINE_HASH_ANYWHERE,
          "1:dsn = host=db\n2:n = a\n" },
        { "'#' inside text: word keeps", DATA("dsn = host=db#2\nn = a#b # c\n"), CONFLINE_HASH_WORD,
          "1:dsn = host=db#2\n2:n = a#b\n" },
        { "'#' after a tab is a comment", DATA("x\t#c\n#\n"), CONFLINE_HASH_WORD, "1:x\n2:\n" },
        { "indented lines", DATA("table T\n  C1 id\n\tC2 date\nnext\n"), CONFLINE_HASH_ANYWHERE,
          "1:table T\n2>:C1 id\n3>:C2 date\n4:next\n" },
        { "a NUL byte ends the text", DATA("ab\0cd\nef\n"), CONFLINE_HASH_ANYWHERE, "1!:ab\n2:ef\n" },
        { "a NUL byte in the last line", DATA("\0"), CONFLINE_HASH_WORD, "1!:\n" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        struct strbuf got = STRBUF_INIT;
        write_temp(cases[i].data, cases[i].len, path, sizeof path);
        render(path, cases[i].comment, &got);
        unlink(path);
        if (strcmp(got.buf, cases[i].want) != 0)
            fail_msg("%s: read\n%s\nexpected\n%s", cases[i].name, got.buf, cases[i].want);
        strbuf_release(&got);
    }
}

/* Lines far longer than any buffer a reader might use are read whole and
 * counted once each. */
static void test_long_lines(void **state)
{
    static const size_t lengths[] = { 255, 256, 4095, 4096, 4097, 100000 };

    (void)state;
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        struct strbuf data = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
        char path[256];
        strbuf_addstr(&data, "key = ");
        for (size_t k = 0; k < lengths[i]; k++)
            strbuf_addch(&data, 'a' + (char)(k % 26));
        strbuf_addf(&want, "1:%s\n2:next\n", data.buf);
        strbuf_addstr(&data, "   # a comment\nnext\n");
        write_temp(data.buf, data.len, path, sizeof path);
        render(path, CONFLINE_HASH_WORD, &got);
        unlink(path);
        if (strcmp(got.buf, want.buf) != 0)
            fail_msg("a value of %zu characters was not read as one line", lengths[i]);
        strbuf_release(&data);
        strbuf_release(&want);
        strbuf_release(&got);
    }
}

static void test_split_kv(void **state)
{
    static const struct {
        const char *line;
        bool ok;
        const char *key, *value;
    } cases[] = {
        { "la = 201", true, "la", "201" },
        { "la=201", true, "la", "201" },
        { "  dsn \t=  host=db port=5432 ", true, "dsn", "host=db port=5432" },
        { "key =", true, "key", "" },
        { "= value", true, "", "value" },
        { "key_file.dfe = /keys/dfe.key", true, "key_file.dfe", "/keys/dfe.key" },
        { "no equals sign", false, NULL, NULL },
        { "", false, NULL, NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[128];
        char *key = NULL, *value = NULL;
        snprintf(buf, sizeof buf, "%s", cases[i].line);
        bool ok = confline_split_kv(buf, &key, &value);
        if (ok != cases[i].ok)
            fail_msg("'%s': split %s, expected %s", cases[i].line, ok ? "true" : "false",
                     cases[i].ok ? "true" : "false");
        if (ok && (strcmp(key, cases[i].key) != 0 || strcmp(value, cases[i].value) != 0))
            fail_msg("'%s': key '%s' value '%s', expected '%s' and '%s'", cases[i].line, key, value,
                     cases[i].key, cases[i].value);
    }
}

static void test_words(void **state)
{
    static const struct {
        const char *line;
        const char *joined;   /* the words handed out, joined by '|' */
        size_t max;
        size_t n;
    } cases[] = {
        { "field A B clear", "field|A|B|clear", 8, 4 },
        { "  a \t b\t\tc  ", "a|b|c", 8, 3 },
        { "", "", 8, 0 },
        { " \t ", "", 8, 0 },
        { "a b c", "a|b|c", 3, 3 },
        { "a b c d", "a|b|c", 3, 4 },              /* more than max: max + 1 */
        { "a,b c", "a,b|c", 8, 2 },                 /* only spaces and tabs split */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[128], *w[8];
        struct strbuf got = STRBUF_INIT;
        snprintf(buf, sizeof buf, "%s", cases[i].line);
        size_t n = confline_words(buf, w, cases[i].max);
        for (size_t k = 0; k < n && k < cases[i].max; k++)
            strbuf_addf(&got, "%s%s", k ? "|" : "", w[k]);
        if (n != cases[i].n || strcmp(got.buf, cases[i].joined) != 0)
            fail_msg("'%s' (max %zu): %zu words '%s', expected %zu '%s'", cases[i].line, cases[i].max, n, got.buf,
                     cases[i].n, cases[i].joined);
        strbuf_release(&got);
    }
}

static void test_word_blanks(void **state)
{
    static const struct {
        const char *line, *blanks, *joined;
    } cases[] = {
        { "A/x, B/y ,C/z", " \t,", "A/x|B/y|C/z" },
        { ",,,", " \t,", "" },
        { "codes SEX\rM F", " \t\r", "codes|SEX|M|F" },
        { "one", " ", "one" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[128], *pos = buf, *w;
        struct strbuf got = STRBUF_INIT;
        snprintf(buf, sizeof buf, "%s", cases[i].line);
        while ((w = confline_word(&pos, cases[i].blanks)) != NULL)
            strbuf_addf(&got, "%s%s", got.len ? "|" : "", w);
        if (strcmp(got.buf, cases[i].joined) != 0)
            fail_msg("'%s': words '%s', expected '%s'", cases[i].line, got.buf, cases[i].joined);
        strbuf_release(&got);
    }
}

static void test_error(void **state)
{
    static const struct {
        unsigned line;
        size_t errlen;
        const char *want;
    } cases[] = {
        { 7, 256, "specs/x.conf:7: unknown key 'la2'" },
        { 0, 256, "specs/x.conf: unknown key 'la2'" },
        { 7, 10, "specs/x.c" },               /* cut inside the place */
        { 7, 20, "specs/x.conf:7: unk" },     /* cut inside the reason */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256];
        memset(err, 'Z', sizeof err);
        assert_int_equal(confline_error(err, cases[i].errlen, "specs/x.conf", cases[i].line, "unknown key '%s'",
                                        "la2"), -1);
        if (strcmp(err, cases[i].want) != 0)
            fail_msg("line %u, %zu bytes: '%s', expected '%s'", cases[i].line, cases[i].errlen, err, cases[i].want);
    }
}

/* confline_each's callback: records "N:text" and stops at a line "stop". */
static int record(void *ctx, const struct confline *cl)
{
    struct strbuf *out = ctx;
    strbuf_addf(out, "%u:%s\n", cl->lineno, cl->text);
    return strcmp(cl->text, "stop") ? 0 : -1;
}

static void test_each(void **state)
{
    static const struct {
        const char *data;
        int ret;
        const char *seen;     /* the lines handed to the callback */
    } cases[] = {
        { "a\n\n# c\n  b  # d\n", 0, "1:a\n4:b\n" },          /* blank and comment lines skipped */
        { "", 0, "" },
        { "a\nstop\nb\n", -1, "1:a\n2:stop\n" },               /* the callback stops it */
        { "x\r\n\r\ny", 0, "1:x\n3:y\n" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        struct strbuf seen = STRBUF_INIT;
        write_temp(cases[i].data, strlen(cases[i].data), path, sizeof path);
        int ret = confline_each(path, CONFLINE_HASH_WORD, record, &seen);
        unlink(path);
        if (ret != cases[i].ret || strcmp(seen.buf, cases[i].seen) != 0)
            fail_msg("case %zu: returned %d after\n%s\nexpected %d after\n%s", i, ret, seen.buf, cases[i].ret,
                     cases[i].seen);
        strbuf_release(&seen);
    }

    struct strbuf seen = STRBUF_INIT;
    errno = 0;
    assert_int_equal(confline_each("tests/unit/no-such-file.conf", CONFLINE_HASH_WORD, record, &seen),
                     CONFLINE_EOPEN);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(confline_each("tests", CONFLINE_HASH_WORD, record, &seen), CONFLINE_EREAD);
    assert_int_equal(errno, EISDIR);
    assert_int_equal(seen.len, 0);
}

static void test_open_and_read_errors(void **state)
{
    struct confline cl;

    (void)state;
    errno = 0;
    assert_int_equal(confline_open(&cl, "tests/unit/no-such-file.conf", CONFLINE_HASH_WORD), -1);
    assert_int_equal(errno, ENOENT);
    confline_close(&cl);   /* harmless */

    /* A directory opens but cannot be read: an error, not an empty file. */
    assert_int_equal(confline_open(&cl, "tests", CONFLINE_HASH_WORD), 0);
    assert_int_equal(confline_next(&cl), -1);
    assert_int_equal(cl.read_errno, EISDIR);
    confline_close(&cl);
    confline_close(&cl);   /* twice is harmless too */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_split_kv),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_word_blanks),
        cmocka_unit_test(test_error),
        cmocka_unit_test(test_each),
        cmocka_unit_test(test_open_and_read_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
