/*
 * Tests of the flat JSON reader and JSON string escaping (src/io/json.c,
 * include/io/json.h).
 *
 * json_flat_each is run over a table of texts; each accepted text must
 * yield exactly the listed key/value pairs in order (rendered as
 * "key=value;" with "-" for an array element's absent key and "(null)" for
 * a JSON null), each rejected one must return -1.  json_flat_get is checked
 * for found, absent and invalid input, and json_add_string for every kind
 * of character that needs escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "io/json.h"
#include "core/strbuf.h"

static int collect(void *opaque, const char *key, const char *value)
{
    struct strbuf *sb = opaque;
    strbuf_addf(sb, "%s=%s;", key ? key : "-", value ? value : "(null)");
    return 0;
}

struct each_case {
    const char *json;
    int ret;
    const char *pairs;   /* when ret == 0 */
};

static void test_flat_each_table(void **state)
{
    static const struct each_case cases[] = {
        /* arrays of strings */
        { "[\"1A\",\"2B\"]", 0, "-=1A;-=2B;" },
        { "[\"2B\"]", 0, "-=2B;" },
        { "[]", 0, "" },
        { "  [ ]  ", 0, "" },
        { " \t\r\n[ \"1A\" ,\n \"2B\" ]\n", 0, "-=1A;-=2B;" },
        { "[\"\"]", 0, "-=;" },
        /* objects of scalars */
        { "{}", 0, "" },
        { "{ }", 0, "" },
        { "{\"1A\": \"Yes\", \"CP_CONFERENCE_FLAG\": \"N\", \"TOTAL_NO_OF_OUTCOMES\": 2}", 0,
          "1A=Yes;CP_CONFERENCE_FLAG=N;TOTAL_NO_OF_OUTCOMES=2;" },
        { "{\"a\":true,\"b\":false,\"c\":null}", 0, "a=true;b=false;c=(null);" },
        { "{\"n\":-1.5e3,\"z\":0}", 0, "n=-1.5e3;z=0;" },
        { "{\"a\" : \"x\" , \"b\":\"y\"}", 0, "a=x;b=y;" },
        /* escapes */
        { "[\"caf\\u00e9\"]", 0, "-=caf\xC3\xA9;" },
        { "[\"\\u0041\\u20ac\"]", 0, "-=A\xE2\x82\xAC;" },
        { "[\"q\\\"b\\\\s\\/\"]", 0, "-=q\"b\\s/;" },
        { "[\"t\\tn\\nr\\rb\\bf\\f\"]", 0, "-=t\tn\nr\rb\bf\f;" },
        { "{\"k\\u00e9y\":\"v\"}", 0, "k\xC3\xA9y=v;" },
        { "[\"caf\xC3\xA9\"]", 0, "-=caf\xC3\xA9;" },   /* raw UTF-8 passes through */

        /* rejected */
        { "", -1, NULL },
        { "   ", -1, NULL },
        { "\"1A\"", -1, NULL },
        { "1", -1, NULL },
        { "null", -1, NULL },
        { "[[\"1A\"]]", -1, NULL },             /* nested array */
        { "[{\"a\":\"b\"}]", -1, NULL },
        { "{\"a\":{\"b\":1}}", -1, NULL },      /* nested object */
        { "{\"a\":[1]}", -1, NULL },
        { "[\"1A\"] x", -1, NULL },             /* trailing garbage */
        { "[\"1A\"]]", -1, NULL },
        { "{}{}", -1, NULL },
        { "[\"1A\"", -1, NULL },                /* unterminated */
        { "[\"1A", -1, NULL },
        { "[\"2B\",", -1, NULL },
        { "[\"2B\",]", -1, NULL },              /* trailing comma */
        { "[,\"2B\"]", -1, NULL },
        { "[\"1A\" \"2B\"]", -1, NULL },        /* missing comma */
        { "[1,2]", -1, NULL },                  /* arrays hold strings */
        { "[\"a\nb\"]", -1, NULL },             /* raw control character */
        { "[\"\\x41\"]", -1, NULL },            /* unknown escape */
        { "[\"\\u00g9\"]", -1, NULL },
        { "[\"\\u00\"]", -1, NULL },
        { "[\"\\", -1, NULL },
        { "{\"a\"}", -1, NULL },
        { "{\"a\" \"b\"}", -1, NULL },
        { "{\"a\":}", -1, NULL },
        { "{a:1}", -1, NULL },
        { "{\"a\":\"b\",}", -1, NULL },
        { "{\"a\":tru}", -1, NULL },
        { "{\"a\":\"b\"", -1, NULL },
        { "[\"a\"}", -1, NULL },
        { "{\"a\":\"b\"]", -1, NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        int ret = json_flat_each(cases[i].json, collect, &sb);
        if (ret != cases[i].ret)
            fail_msg("json_flat_each('%s') = %d, expected %d", cases[i].json, ret, cases[i].ret);
        if (ret == 0 && strcmp(sb.buf, cases[i].pairs) != 0)
            fail_msg("json_flat_each('%s') gave '%s', expected '%s'", cases[i].json, sb.buf, cases[i].pairs);
        strbuf_release(&sb);
    }
}

/* Characters outside the Basic Multilingual Plane arrive as a surrogate
 * pair; they must become one 4-byte UTF-8 sequence, not two 3-byte
 * encodings of the halves (CESU-8, which is not valid UTF-8 and which
 * libxml2 then refuses to write). */
static void test_flat_each_surrogate_pair(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    assert_int_equal(json_flat_each("[\"\\ud83d\\ude00\"]", collect, &sb), 0);
    assert_string_equal(sb.buf, "-=\xF0\x9F\x98\x80;");   /* U+1F600 */
    strbuf_release(&sb);
    /* a lone surrogate is not a character */
    assert_int_equal(json_flat_each("[\"\\ud83d\"]", collect, &sb), -1);
    strbuf_release(&sb);
}

static int stop_after_first(void *opaque, const char *key, const char *value)
{
    int *calls = opaque;
    (void)key;
    (void)value;
    (*calls)++;
    return 1;
}

static void test_flat_each_stops_early(void **state)
{
    int calls = 0;

    (void)state;
    assert_int_equal(json_flat_each("[\"1A\",\"2B\",\"3C\"]", stop_after_first, &calls), 0);
    assert_int_equal(calls, 1);
}

static void test_flat_get(void **state)
{
    static const struct {
        const char *json, *key;
        int ret;
        const char *out;
    } cases[] = {
        { "{\"1A\": \"Yes\", \"CP_CONFERENCE_FLAG\": \"N\"}", "CP_CONFERENCE_FLAG", 1, "N" },
        { "{\"1A\": \"Yes\", \"CP_CONFERENCE_FLAG\": \"N\"}", "1A", 1, "Yes" },
        { "{\"TOTAL\": 2}", "TOTAL", 1, "2" },
        { "{\"flag\": true}", "flag", 1, "true" },
        { "{\"flag\": null}", "flag", 1, "" },
        { "{\"a\":\"x\",\"a\":\"y\"}", "a", 1, "x" },      /* first wins */
        { "{\"1A\": \"Yes\"}", "1a", 0, "" },              /* keys are case-sensitive */
        { "{\"1A\": \"Yes\"}", "2B", 0, "" },
        { "{}", "1A", 0, "" },
        { "[\"1A\"]", "1A", 0, "" },                       /* arrays have no keys */
        { "{\"2B\": \"Yes\"", "1A", -1, "" },          /* unterminated, key absent */
        { "{\"1A\": {\"x\": 1}}", "1A", -1, "" },
        { "not json", "1A", -1, "" },
        { "", "1A", -1, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        memset(out, 'x', sizeof out);
        int ret = json_flat_get(cases[i].json, cases[i].key, out, sizeof out);
        if (ret != cases[i].ret)
            fail_msg("json_flat_get('%s', '%s') = %d, expected %d", cases[i].json, cases[i].key, ret, cases[i].ret);
        if (ret >= 0 && strcmp(out, cases[i].out) != 0)
            fail_msg("json_flat_get('%s', '%s') gave '%s', expected '%s'", cases[i].json, cases[i].key, out,
                     cases[i].out);
        if (ret < 0)
            assert_string_equal(out, "");
    }

    /* the value is cut to the buffer, NUL-terminated */
    char small[4];
    assert_int_equal(json_flat_get("{\"k\":\"abcdef\"}", "k", small, sizeof small), 1);
    assert_string_equal(small, "abc");
}

/* json.h: json_flat_get returns -1 for invalid JSON.  A malformed
 * column must be reported as a defect even when the key happens to come
 * before the damage; stopping at the key must not make it look valid. */
static void test_flat_get_invalid_after_key(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(json_flat_get("{\"1A\": \"Yes\"", "1A", out, sizeof out), -1);
    assert_int_equal(json_flat_get("{\"1A\": \"Yes\", \"2B\"", "1A", out, sizeof out), -1);
    assert_int_equal(json_flat_get("{\"1A\": \"Yes\"} trailing", "1A", out, sizeof out), -1);
    assert_int_equal(json_flat_get("{\"1A\": \"Yes\", \"x\": [1]}", "1A", out, sizeof out), -1);
}

static void test_add_string(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "", "\"\"" },
        { "SYN000001", "\"SYN000001\"" },
        { "say \"hi\"", "\"say \\\"hi\\\"\"" },
        { "back\\slash", "\"back\\\\slash\"" },
        { "a\nb", "\"a\\nb\"" },
        { "a\rb", "\"a\\rb\"" },
        { "a\tb", "\"a\\tb\"" },
        { "\x01\x1f", "\"\\u0001\\u001f\"" },
        { "\b\f", "\"\\u0008\\u000c\"" },
        { "caf\xC3\xA9", "\"caf\xC3\xA9\"" },     /* UTF-8 as is */
        { "a/b", "\"a/b\"" },
        { "\x7f", "\"\\u007f\"" },
        { "<a href='x'> & </a>", "\"<a href='x'> & </a>\"" },   /* JSON_PLAIN: as is */
        /* Invalid UTF-8 (a file name in Latin-1, a truncated sequence, an
         * overlong form, a surrogate) becomes U+FFFD byte by byte, so that
         * the document stays JSON whatever went in. */
        { "/srv/r\xE9turns", "\"/srv/r\\ufffdturns\"" },
        { "\xC3", "\"\\ufffd\"" },
        { "\xC0\xAF", "\"\\ufffd\\ufffd\"" },
        { "\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, "x:");
        json_add_string(&sb, cases[i].in);
        if (strncmp(sb.buf, "x:", 2) != 0 || strcmp(sb.buf + 2, cases[i].out) != 0)
            fail_msg("json_add_string('%s') = '%s', expected '%s'", cases[i].in, sb.buf + 2, cases[i].out);
        strbuf_release(&sb);
    }
}

/* What json_add_string writes, json_flat_each reads back unchanged. */
static void test_round_trip(void **state)
{
    static const char *const values[] = {
        "", "plain", "quote\"s", "back\\slash", "tab\there", "line\nbreak", "\x01\x02\x1f", "caf\xC3\xA9",
    };

    (void)state;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        struct strbuf json = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;
        strbuf_addch(&json, '[');
        json_add_string(&json, values[i]);
        strbuf_addch(&json, ']');
        assert_int_equal(json_flat_each(json.buf, collect, &got), 0);
        strbuf_addf(&want, "-=%s;", values[i]);
        assert_string_equal(got.buf, want.buf);
        strbuf_release(&json);
        strbuf_release(&got);
        strbuf_release(&want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_each_table),
        cmocka_unit_test(test_flat_each_surrogate_pair),
        cmocka_unit_test(test_flat_each_stops_early),
        cmocka_unit_test(test_flat_get),
        cmocka_unit_test(test_flat_get_invalid_after_key),
        cmocka_unit_test(test_add_string),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
