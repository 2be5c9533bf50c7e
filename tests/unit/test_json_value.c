/*
 * Tests of the JSON tree parser and writer (src/io/json_value.c,
 * include/io/json_value.h).
 *
 * A table of texts: each accepted text must give exactly the listed compact
 * serialisation (so the tree holds what the text said: numbers, escapes,
 * surrogate pairs, UTF-8), each refused one must be refused with the listed
 * reason and line.  Around the table: the nesting limit at exactly 64
 * levels, numbers' types (integer, number, an integer beyond long long),
 * line numbers of values and of errors (also from a first line given),
 * member order, equality regardless of member order, and the builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "io/json_value.h"

struct parse_case {
    const char *text;
    size_t len;          /* 0: strlen(text) */
    const char *out;     /* compact serialisation when accepted; NULL: refused */
    const char *error;   /* when refused: the whole message, "line N: why" */
};

#define T(s) s, sizeof s - 1

static void test_parse_table(void **state)
{
    static const struct parse_case cases[] = {
        /* scalars and containers */
        { T("null"), "null", NULL },
        { T("true"), "true", NULL },
        { T(" false "), "false", NULL },
        { T("[]"), "[]", NULL },
        { T("{}"), "{}", NULL },
        { T(" [ 1 , \"a\" , { \"k\" : [ ] } ]\n"), "[1,\"a\",{\"k\":[]}]", NULL },
        { T("{\"b\":1,\"a\":2}"), "{\"b\":1,\"a\":2}", NULL },
        /* numbers */
        { T("0"), "0", NULL },
        { T("-0"), "0", NULL },
        { T("12"), "12", NULL },
        { T("-12"), "-12", NULL },
        { T("1.5"), "1.5", NULL },
        { T("-2.25e2"), "-225", NULL },
        { T("1E2"), "100", NULL },
        { T("1e-2"), "0.01", NULL },
        { T("9223372036854775807"), "9223372036854775807", NULL },
        { T("01"), NULL, "line 1: a number with a leading zero" },
        { T("-01"), NULL, "line 1: a number with a leading zero" },
        { T("1."), NULL, "line 1: malformed number" },
        { T("1.e5"), NULL, "line 1: malformed number" },
        { T("1e"), NULL, "line 1: malformed number" },
        { T("1e+"), NULL, "line 1: malformed number" },
        { T(".5"), NULL, "line 1: not a JSON value" },
        { T("+1"), NULL, "line 1: not a JSON value" },
        { T("-"), NULL, "line 1: not a JSON value" },
        { T("1e400"), NULL, "line 1: number out of range" },
        { T("[1.5.2]"), NULL, "line 1: ',' or ']' expected in an array" },
        { T("NaN"), NULL, "line 1: not a JSON value" },
        /* escapes */
        { T("\"a\\\"b\\\\c\\/d\""), "\"a\\\"b\\\\c/d\"", NULL },
        { T("\"\\b\\f\\n\\r\\t\""), "\"\\u0008\\u000c\\n\\r\\t\"", NULL },
        { T("\"caf\\u00e9 \\u20AC\""), "\"caf\xC3\xA9 \xE2\x82\xAC\"", NULL },
        { T("\"\\ud83d\\ude00\""), "\"\xF0\x9F\x98\x80\"", NULL },
        { T("\"\\ud83d\""), NULL, "line 1: unpaired surrogate in \\u escape" },
        { T("\"\\ude00\""), NULL, "line 1: unpaired surrogate in \\u escape" },
        { T("\"\\ud83d\\u0041\""), NULL, "line 1: unpaired surrogate in \\u escape" },
        { T("\"\\ud83dx\""), NULL, "line 1: unpaired surrogate in \\u escape" },
        { T("\"\\u0000\""), NULL, "line 1: a string holds \\u0000" },
        { T("\"\\u12zz\""), NULL, "line 1: bad \\u escape" },
        { T("\"\\u12"), NULL, "line 1: truncated \\u escape" },
        { T("\"\\x\""), NULL, "line 1: bad escape in a string" },
        { T("\"a\tb\""), NULL, "line 1: control character in a string" },
        { T("\"abc"), NULL, "line 1: unterminated string" },
        { T("\"abc\\"), NULL, "line 1: unterminated string" },
        /* UTF-8: RFC 3629 only */
        { T("\"\xE2\x82\xAC \xF0\x9F\x98\x80\""), "\"\xE2\x82\xAC \xF0\x9F\x98\x80\"", NULL },
        { T("\"\xC0\xAF\""), NULL, "line 1: a string is not valid UTF-8" },          /* overlong */
        { T("\"\xE0\x80\xAF\""), NULL, "line 1: a string is not valid UTF-8" },      /* overlong */
        { T("\"\xED\xA0\x80\""), NULL, "line 1: a string is not valid UTF-8" },      /* surrogate */
        { T("\"\xF4\x90\x80\x80\""), NULL, "line 1: a string is not valid UTF-8" },  /* > U+10FFFF */
        { T("\"\xE2\x82\""), NULL, "line 1: a string is not valid UTF-8" },          /* cut short */
        { T("\"\xFF\""), NULL, "line 1: a string is not valid UTF-8" },
        { "\"\xE2\x82", 3, NULL, "line 1: a string is not valid UTF-8" },            /* at the end */
        { T("[\xC3\xA9]"), NULL, "line 1: not a JSON value" },
        /* trailing garbage, structure */
        { T("[1] x"), NULL, "line 1: text after the JSON value" },
        { T("{}{}"), NULL, "line 1: text after the JSON value" },
        { T("[1]\n\n]"), NULL, "line 3: text after the JSON value" },
        { T("[1,]"), NULL, "line 1: not a JSON value" },
        { T("[1 2]"), NULL, "line 1: ',' or ']' expected in an array" },
        { T("{\"a\" 1}"), NULL, "line 1: ':' expected after an object key" },
        { T("{a:1}"), NULL, "line 1: an object member must start with a string key" },
        { T("{\"a\":1,}"), NULL, "line 1: an object member must start with a string key" },
        { T("{\"a\":1"), NULL, "line 1: ',' or '}' expected in an object" },
        { T(""), NULL, "line 1: unexpected end of the text" },
        { T("  \n "), NULL, "line 2: unexpected end of the text" },
        { T("tru"), NULL, "line 1: not a JSON value" },
        /* what the CSC API refuses */
        { T("\xEF\xBB\xBF[]"), NULL, "line 1: starts with a UTF-8 byte-order mark" },
        { "[\n\"a\0b\"]", 7, NULL, "line 2: holds a NUL byte" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct parse_case *c = &cases[i];
        struct arena a = ARENA_INIT;
        struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
        struct jv *v = jv_parse(&a, c->text, c->len, &err);
        if (c->out) {
            if (!v)
                fail_msg("case %zu (%s): refused: %s", i, c->text, err.buf);
            jv_write(&out, v, NULL);
            if (strcmp(out.buf, c->out))
                fail_msg("case %zu (%s): gave %s, not %s", i, c->text, out.buf, c->out);
        } else {
            if (v)
                fail_msg("case %zu (%s): accepted", i, c->text);
            if (strcmp(err.buf, c->error))
                fail_msg("case %zu (%s): error '%s', not '%s'", i, c->text, err.buf, c->error);
        }
        strbuf_release(&err);
        strbuf_release(&out);
        arena_release(&a);
    }
}

static struct jv *parse_ok(struct arena *a, const char *text)
{
    struct strbuf err = STRBUF_INIT;
    struct jv *v = jv_parse(a, text, strlen(text), &err);
    if (!v)
        fail_msg("'%s' refused: %s", text, err.buf);
    strbuf_release(&err);
    return v;
}

/* n arrays, one inside the other, around an optional scalar. */
static char *nested(size_t n, const char *inner)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&sb, '[');
    strbuf_addstr(&sb, inner);
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&sb, ']');
    return strbuf_detach(&sb, NULL);
}

static void test_depth_limit(void **state)
{
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    char *t64 = nested(64, "1"), *t65 = nested(65, ""), *huge = nested(1000000, "");

    (void)state;
    assert_non_null(jv_parse(&a, t64, strlen(t64), &err));
    assert_null(jv_parse(&a, t65, strlen(t65), &err));
    assert_string_equal(err.buf, "line 1: nested deeper than 64 levels");
    strbuf_reset(&err);
    /* a million levels: refused at the limit, without running out of stack */
    assert_null(jv_parse(&a, huge, strlen(huge), &err));
    assert_string_equal(err.buf, "line 1: nested deeper than 64 levels");
    strbuf_reset(&err);
    /* objects count as levels too */
    struct strbuf obj = STRBUF_INIT;
    for (int i = 0; i < 65; i++)
        strbuf_addstr(&obj, "{\"k\":");
    strbuf_addstr(&obj, "1");
    for (int i = 0; i < 65; i++)
        strbuf_addch(&obj, '}');
    assert_null(jv_parse(&a, obj.buf, obj.len, &err));
    assert_string_equal(err.buf, "line 1: nested deeper than 64 levels");
    strbuf_release(&obj);
    free(t64);
    free(t65);
    free(huge);
    strbuf_release(&err);
    arena_release(&a);
}

static void test_number_types(void **state)
{
    struct arena a = ARENA_INIT;
    struct jv *v;

    (void)state;
    v = parse_ok(&a, "42");
    assert_int_equal(v->type, JV_INT);
    assert_true(v->i == 42 && v->num == 42.0);
    v = parse_ok(&a, "-7");
    assert_int_equal(v->type, JV_INT);
    assert_true(v->i == -7);
    v = parse_ok(&a, "2.5");
    assert_int_equal(v->type, JV_NUMBER);
    assert_true(v->num == 2.5);
    v = parse_ok(&a, "3e0");
    assert_int_equal(v->type, JV_NUMBER);
    /* beyond long long: kept as a number, not wrapped */
    v = parse_ok(&a, "99999999999999999999");
    assert_int_equal(v->type, JV_NUMBER);
    assert_true(v->num > 9.9e19);
    v = parse_ok(&a, "-9223372036854775808");
    assert_int_equal(v->type, JV_INT);
    assert_true(v->i == INT64_MIN);
    arena_release(&a);
}

static void test_lines(void **state)
{
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    struct jv *v = parse_ok(&a, "[\n  {\"a\": 1},\n\n  {\"b\":\n 2}\n]");

    (void)state;
    assert_int_equal(v->line, 1);
    assert_int_equal(v->items[0]->line, 2);
    assert_int_equal(v->items[1]->line, 4);
    assert_int_equal(jv_get(v->items[1], "b")->line, 5);
    /* a line of JSON Lines: values and errors name the file's line */
    v = jv_parse_at(&a, "[{\"a\":1}]", 9, 7, &err);
    assert_non_null(v);
    assert_int_equal(v->items[0]->line, 7);
    assert_null(jv_parse_at(&a, "[{\"a\":1}", 8, 7, &err));
    assert_string_equal(err.buf, "line 7: ',' or ']' expected in an array");
    strbuf_release(&err);
    arena_release(&a);
}

static void test_objects(void **state)
{
    struct arena a = ARENA_INIT;
    struct jv *x = parse_ok(&a, "{\"z\":1,\"a\":[true,null],\"m\":{\"k\":\"v\"}}");
    struct jv *y = parse_ok(&a, "{\"m\":{\"k\":\"v\"},\"z\":1.0,\"a\":[true,null]}");
    struct jv *z = parse_ok(&a, "{\"m\":{\"k\":\"v\"},\"z\":1,\"a\":[null,true]}");
    struct strbuf out = STRBUF_INIT;

    (void)state;
    assert_int_equal(x->n, 3);
    assert_string_equal(x->members[0].key, "z");
    assert_string_equal(x->members[2].key, "m");
    assert_string_equal(jv_get(jv_get(x, "m"), "k")->s, "v");
    assert_null(jv_get(x, "nope"));
    assert_null(jv_get(jv_get(x, "a"), "z"));      /* not an object */
    assert_true(jv_equal(x, y));                  /* order of members, 1 and 1.0 */
    assert_false(jv_equal(x, z));                 /* order of items matters */
    assert_false(jv_equal(parse_ok(&a, "\"1\""), parse_ok(&a, "1")));
    assert_false(jv_equal(parse_ok(&a, "{\"a\":1}"), parse_ok(&a, "{\"b\":1}")));
    /* a repeated key is kept (the schema check names it) */
    struct jv *dup = parse_ok(&a, "{\"a\":1,\"a\":2}");
    assert_int_equal(dup->n, 2);
    /* serialisation keeps the order read, and can leave keys out */
    jv_write(&out, x, NULL);
    assert_string_equal(out.buf, "{\"z\":1,\"a\":[true,null],\"m\":{\"k\":\"v\"}}");
    strbuf_release(&out);
    arena_release(&a);
}

static bool skip_m(const char *key)
{
    return !strcmp(key, "m");
}

static void test_builder(void **state)
{
    struct arena a = ARENA_INIT;
    struct strbuf out = STRBUF_INIT;
    struct jv *o = jv_new(&a, JV_OBJECT), *arr = jv_new(&a, JV_ARRAY);

    (void)state;
    jv_set(&a, o, "id", jv_string(&a, "C1\"\n<"));
    jv_set(&a, o, "n", jv_int(&a, -3));
    jv_set(&a, o, "ok", jv_bool(&a, false));
    jv_push(&a, arr, jv_new(&a, JV_NULL));
    jv_set(&a, o, "list", arr);
    jv_set(&a, jv_child(&a, o, "m", JV_OBJECT), "k", jv_string(&a, NULL));
    assert_ptr_equal(jv_child(&a, o, "m", JV_OBJECT), jv_get(o, "m"));
    jv_write(&out, o, NULL);
    assert_string_equal(out.buf, "{\"id\":\"C1\\\"\\n<\",\"n\":-3,\"ok\":false,\"list\":[null],\"m\":{\"k\":\"\"}}");
    strbuf_reset(&out);
    jv_write(&out, o, skip_m);
    assert_string_equal(out.buf, "{\"id\":\"C1\\\"\\n<\",\"n\":-3,\"ok\":false,\"list\":[null]}");
    /* what the writer writes, the parser reads back equal */
    struct strbuf err = STRBUF_INIT;
    jv_write(&out, jv_new(&a, JV_NULL), NULL);   /* now two values: refused */
    assert_null(jv_parse(&a, out.buf, out.len, &err));
    strbuf_reset(&out);
    jv_write(&out, o, NULL);
    assert_true(jv_equal(jv_parse(&a, out.buf, out.len, &err), o));
    strbuf_release(&err);
    strbuf_release(&out);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_number_types),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_builder),
    };
    return cmocka_run_group_tests_name("json_value", tests, NULL, NULL);
}
