/*
 * Tests of the JSON writer (src/io/json_writer.c) and of the strict JSON
 * checker the tests share (support/json_check.c).
 *
 * The writer is driven from a table of scripts: each is a list of writer
 * calls, the exact text it must give and the error it must end with.  The
 * table covers each layout (inline, block, rows, wrapped lines, indents
 * counted from the opening line), empty containers, nesting to the limit,
 * numbers at their limits, both spacings and both escaping modes, and each
 * kind of misuse, after which nothing more may be written.  Every document
 * that ends without error must pass the checker; so must a few thousand
 * random documents.  Streaming keeps the buffer bounded and writes the same
 * bytes; a failed write is reported.  The checker itself is tested from a
 * table, so that "it parses" cannot pass for a checker that accepts all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "io/json_writer.h"
#include "json_check.h"

/* ---- scripts ------------------------------------------------------------- */

enum opcode {
    OP_STOP, OP_OBJECT, OP_ARRAY, OP_END_OBJECT, OP_END_ARRAY, OP_KEY, OP_STRING, OP_STRING_OR_NULL,
    OP_INT, OP_UINT, OP_BOOL, OP_NULL, OP_WRAP,
};

struct op {
    enum opcode code;
    struct json_layout layout;
    const char *s;
    intmax_t i;
    uintmax_t u;
};

#define OBJ(l)   { OP_OBJECT, .layout = l }
#define ARR(l)   { OP_ARRAY, .layout = l }
#define END_O    { OP_END_OBJECT }
#define END_A    { OP_END_ARRAY }
#define KEY(k)   { OP_KEY, .s = k }
#define STR(v)   { OP_STRING, .s = v }
#define STRN(v)  { OP_STRING_OR_NULL, .s = v }
#define INT(n)   { OP_INT, .i = n }
#define UINT(n)  { OP_UINT, .u = n }
#define BOOL(b)  { OP_BOOL, .i = b }
#define NUL      { OP_NULL }
#define WRAP     { OP_WRAP }

#define SPACED   JSON_SPACED, JSON_PLAIN
#define COMPACT  JSON_COMPACT, JSON_PLAIN

struct script {
    const char *name;
    enum json_spacing spacing;
    enum json_escape escape;
    struct op ops[40];
    const char *want;
    enum json_writer_error error;
};

static void run_op(struct json_writer *w, const struct op *op)
{
    switch (op->code) {
    case OP_STOP: break;
    case OP_OBJECT: json_begin_object(w, op->layout); break;
    case OP_ARRAY: json_begin_array(w, op->layout); break;
    case OP_END_OBJECT: json_end_object(w); break;
    case OP_END_ARRAY: json_end_array(w); break;
    case OP_KEY: json_key(w, op->s); break;
    case OP_STRING: json_string(w, op->s); break;
    case OP_STRING_OR_NULL: json_string_or_null(w, op->s); break;
    case OP_INT: json_int(w, op->i); break;
    case OP_UINT: json_uint(w, op->u); break;
    case OP_BOOL: json_bool(w, op->i != 0); break;
    case OP_NULL: json_null(w); break;
    case OP_WRAP: json_wrap(w); break;
    }
}

/* Runs a script into out; returns json_writer_finish's result. */
static int run_script(const struct script *sc, struct strbuf *out)
{
    struct json_writer w;

    json_writer_init(&w, out, sc->escape, sc->spacing);
    for (const struct op *op = sc->ops; op->code != OP_STOP; op++)
        run_op(&w, op);
    int rc = json_writer_finish(&w);
    assert_int_equal(rc == 0, json_writer_error(&w) == JSON_WRITER_OK);
    return json_writer_error(&w);
}

#define BLOCK_BY(n)  JSON_LAYOUT(JSON_SHAPE_BLOCK, n)
#define INLINE_BY(n) JSON_LAYOUT(JSON_SHAPE_INLINE, n)

static const struct script layouts[] = {
    { "inline object, spaced", SPACED,
      { OBJ(JSON_INLINE), KEY("a"), INT(1), KEY("b"), STR("x"), END_O },
      "{\"a\": 1, \"b\": \"x\"}\n" },
    { "inline object, compact", COMPACT,
      { OBJ(JSON_INLINE), KEY("a"), INT(1), KEY("b"), STR("x"), END_O },
      "{\"a\":1,\"b\":\"x\"}\n" },
    { "inline array, spaced", SPACED,
      { ARR(JSON_INLINE), INT(1), BOOL(1), BOOL(0), NUL, END_A },
      "[1, true, false, null]\n" },
    { "empty inline object and array", SPACED,
      { ARR(JSON_INLINE), OBJ(JSON_INLINE), END_O, ARR(JSON_INLINE), END_A, END_A },
      "[{}, []]\n" },
    { "block object", SPACED,
      { OBJ(JSON_BLOCK), KEY("a"), INT(1), KEY("b"), OBJ(JSON_INLINE), KEY("c"), NUL, END_O, END_O },
      "{\n  \"a\": 1,\n  \"b\": {\"c\": null}\n}\n" },
    { "empty block: the closing bracket on its own line", SPACED,
      { OBJ(JSON_BLOCK), KEY("outputs"), ARR(JSON_BLOCK), END_A, KEY("n"), INT(0), END_O },
      "{\n  \"outputs\": [\n  ],\n  \"n\": 0\n}\n" },
    { "empty block at the root", SPACED, { ARR(JSON_BLOCK), END_A }, "[\n]\n" },
    { "block in block: two spaces a level", SPACED,
      { OBJ(JSON_BLOCK), KEY("fields"), ARR(JSON_BLOCK), OBJ(JSON_INLINE), KEY("f"), STR("x"), END_O,
        OBJ(JSON_INLINE), KEY("f"), STR("y"), END_O, END_A, END_O },
      "{\n  \"fields\": [\n    {\"f\": \"x\"},\n    {\"f\": \"y\"}\n  ]\n}\n" },
    { "rows: the closing bracket after the last", COMPACT,
      { OBJ(JSON_INLINE), KEY("rules"), ARR(JSON_ROWS), INT(1), INT(2), END_A, END_O },
      "{\"rules\":[\n  1,\n  2]}\n" },
    { "empty rows", COMPACT, { OBJ(JSON_INLINE), KEY("rules"), ARR(JSON_ROWS), END_A, END_O },
      "{\"rules\":[]}\n" },
    { "wrap: the next member on a new line", COMPACT,
      { OBJ(JSON_INLINE), KEY("a"), ARR(JSON_ROWS), INT(1), END_A, WRAP, KEY("b"), ARR(JSON_ROWS), END_A,
        WRAP, KEY("c"), INT(3), KEY("d"), INT(4), END_O },
      "{\"a\":[\n  1],\n\"b\":[],\n\"c\":3,\"d\":4}\n" },
    { "wrap before the first member does nothing", COMPACT,
      { ARR(JSON_INLINE), WRAP, OBJ(JSON_INLINE), END_O, WRAP, OBJ(JSON_INLINE), END_O, END_A },
      "[{},\n{}]\n" },
    { "wrap in a block does nothing more", SPACED,
      { ARR(JSON_BLOCK), INT(1), WRAP, INT(2), END_A }, "[\n  1,\n  2\n]\n" },
    { "wrapped lines at the inline layout's indent, spaced: no trailing space", SPACED,
      { ARR(JSON_BLOCK), OBJ(INLINE_BY(1)), KEY("a"), INT(1), KEY("b"), INT(2), WRAP, KEY("c"),
        ARR(BLOCK_BY(1)), INT(3), END_A, END_O, END_A },
      "[\n  {\"a\": 1, \"b\": 2,\n   \"c\": [\n    3\n   ]}\n]\n" },
    { "indent 0: members at the opening line's indent", SPACED,
      { OBJ(JSON_BLOCK), KEY("r"), ARR(BLOCK_BY(0)), INT(1), INT(2), END_A, END_O },
      "{\n  \"r\": [\n  1,\n  2\n  ]\n}\n" },
    { "rows in a wrapped line count from that line", SPACED,
      { ARR(JSON_BLOCK), OBJ(INLINE_BY(1)), KEY("a"), INT(1), WRAP, KEY("c"), ARR(JSON_ROWS), INT(1), INT(2),
        END_A, END_O, END_A },
      "[\n  {\"a\": 1,\n   \"c\": [\n     1,\n     2]}\n]\n" },
    { "strings: NULL is empty, or null on request", SPACED,
      { ARR(JSON_INLINE), STR(NULL), STRN(NULL), STRN("x"), END_A }, "[\"\", null, \"x\"]\n" },
    { "plain escaping", SPACED,
      { OBJ(JSON_INLINE), KEY("<k>"), STR("</script> & \"q\"\n"), END_O },
      "{\"<k>\": \"</script> & \\\"q\\\"\\n\"}\n" },
    { "HTML-safe escaping, keys too", JSON_COMPACT, JSON_HTML_SAFE,
      { OBJ(JSON_INLINE), KEY("<k>"), STR("</script> & \xE2\x80\xA8"), END_O },
      "{\"\\u003ck\\u003e\":\"\\u003c/script\\u003e \\u0026 \\u2028\"}\n" },
    { "invalid UTF-8 in a key and a value", SPACED,
      { OBJ(JSON_INLINE), KEY("k\xE9"), STR("\xC3"), END_O }, "{\"k\\ufffd\": \"\\ufffd\"}\n" },
    { "integers at their limits", COMPACT,
      { ARR(JSON_INLINE), INT(0), INT(-1), INT(INTMAX_MAX), INT(INTMAX_MIN), UINT(0), UINT(UINTMAX_MAX), END_A },
      "[0,-1,9223372036854775807,-9223372036854775808,0,18446744073709551615]\n" },
    { "a scalar as the whole document", SPACED, { STR("x") }, "\"x\"\n" },
    { "null as the whole document", SPACED, { NUL }, "null\n" },
};

/* The limit: JSON_WRITER_MAX_DEPTH containers nest, one more is misuse. */
static const struct script nesting[] = {
    { "nesting to the limit", COMPACT,
      { ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        OBJ(JSON_INLINE), END_O, END_A, END_A, END_A, END_A, END_A, END_A, END_A, END_A, END_A, END_A,
        END_A, END_A, END_A, END_A, END_A },
      "[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]\n" },
    { "one level too deep", COMPACT,
      { ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE), ARR(JSON_INLINE),
        OBJ(JSON_INLINE), ARR(JSON_INLINE), END_A, END_O },
      "[[[[[[[[[[[[[[[{", JSON_WRITER_MISUSE },
};

/* Misuse: the error, and nothing written from the misuse on. */
static const struct script misuses[] = {
    { "a value where a key is due", SPACED, { OBJ(JSON_INLINE), INT(1), KEY("a"), INT(2), END_O },
      "{", JSON_WRITER_MISUSE },
    { "a container where a key is due", SPACED, { OBJ(JSON_INLINE), ARR(JSON_INLINE), END_A, END_O },
      "{", JSON_WRITER_MISUSE },
    { "a key where a value is due", SPACED, { OBJ(JSON_INLINE), KEY("a"), KEY("b"), INT(1), END_O },
      "{\"a\": ", JSON_WRITER_MISUSE },
    { "a key in an array", SPACED, { ARR(JSON_INLINE), KEY("a"), INT(1), END_A }, "[",
      JSON_WRITER_MISUSE },
    { "a key at the root", SPACED, { KEY("a") }, "", JSON_WRITER_MISUSE },
    { "an end with nothing open", SPACED, { END_O }, "", JSON_WRITER_MISUSE },
    { "an object ended as an array", SPACED, { OBJ(JSON_INLINE), END_A }, "{", JSON_WRITER_MISUSE },
    { "an array ended as an object", SPACED, { ARR(JSON_BLOCK), INT(1), END_O }, "[\n  1",
      JSON_WRITER_MISUSE },
    { "an end after a key", SPACED, { OBJ(JSON_INLINE), KEY("a"), END_O }, "{\"a\": ",
      JSON_WRITER_MISUSE },
    { "a second root value", SPACED, { OBJ(JSON_INLINE), END_O, INT(1) }, "{}\n", JSON_WRITER_MISUSE },
    { "an end too many", SPACED, { ARR(JSON_INLINE), END_A, END_A }, "[]\n", JSON_WRITER_MISUSE },
    { "an unfinished document", SPACED, { OBJ(JSON_BLOCK), KEY("a"), INT(1) }, "{\n  \"a\": 1",
      JSON_WRITER_MISUSE },
    { "an empty document", SPACED, { { OP_STOP } }, "", JSON_WRITER_MISUSE },
    { "a wrap at the root", SPACED, { WRAP, INT(1) }, "", JSON_WRITER_MISUSE },
    { "a layout that does not exist", SPACED, { OBJ(JSON_LAYOUT((enum json_shape)7, 0)) }, "",
      JSON_WRITER_MISUSE },
};

static void check_scripts(const struct script *scripts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct script *sc = &scripts[i];
        struct strbuf out = STRBUF_INIT;
        enum json_writer_error err = (enum json_writer_error)run_script(sc, &out);
        if (err != sc->error)
            fail_msg("%s: error %d, expected %d (wrote [%s])", sc->name, (int)err, (int)sc->error, out.buf);
        if (strcmp(out.buf, sc->want) != 0)
            fail_msg("%s: wrote\n[%s]\nexpected\n[%s]", sc->name, out.buf, sc->want);
        if (err == JSON_WRITER_OK && !json_valid(out.buf))
            fail_msg("%s: not JSON at byte %ld: [%s]", sc->name, json_invalid_at(out.buf), out.buf);
        strbuf_release(&out);
    }
}

static void test_layouts(void **state)
{
    (void)state;
    check_scripts(layouts, sizeof layouts / sizeof layouts[0]);
}

static void test_nesting(void **state)
{
    (void)state;
    assert_int_equal(JSON_WRITER_MAX_DEPTH, 16);   /* the table above is written for it */
    check_scripts(nesting, sizeof nesting / sizeof nesting[0]);
}

static void test_misuse(void **state)
{
    (void)state;
    check_scripts(misuses, sizeof misuses / sizeof misuses[0]);
}

/* The shortcuts are a key and a value. */
static void test_members(void **state)
{
    struct strbuf out = STRBUF_INIT;
    struct json_writer w;

    (void)state;
    json_writer_init(&w, &out, JSON_PLAIN, JSON_COMPACT);
    json_begin_object(&w, JSON_INLINE);
    json_member_string(&w, "s", "x");
    json_member_string_or_null(&w, "n", NULL);
    json_member_int(&w, "i", -5);
    json_member_uint(&w, "u", 5);
    json_member_bool(&w, "b", true);
    json_member_null(&w, "z");
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(out.buf, "{\"s\":\"x\",\"n\":null,\"i\":-5,\"u\":5,\"b\":true,\"z\":null}\n");
    strbuf_release(&out);
}

/* A writer appends: what the buffer held is kept. */
static void test_appends(void **state)
{
    struct strbuf out = STRBUF_INIT;
    struct json_writer w;

    (void)state;
    strbuf_addstr(&out, "head:");
    json_writer_init(&w, &out, JSON_PLAIN, JSON_SPACED);
    json_begin_array(&w, JSON_BLOCK);
    json_int(&w, 1);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(out.buf, "head:[\n  1\n]\n");
    strbuf_release(&out);
}

/* ---- streaming ------------------------------------------------------------- */

/* Many findings-like rows: enough to be flushed several times. */
static void write_rows(struct json_writer *w, size_t n, size_t *peak)
{
    json_begin_object(w, JSON_INLINE);
    json_member_string(w, "tool", "statreturn");
    json_key(w, "findings");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < n; i++) {
        json_begin_object(w, JSON_INLINE);
        json_member_uint(w, "row", i);
        json_member_string(w, "message", "a message long enough to fill the buffer in a few thousand rows");
        json_end_object(w);
        if (w->out->len > *peak)
            *peak = w->out->len;
    }
    json_end_array(w);
    json_end_object(w);
}

/* What fp holds, from its start, as a string (free it). */
static char *read_all(FILE *fp)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;

    rewind(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&sb, buf, n);
    return strbuf_detach(&sb, NULL);
}

static void test_streaming(void **state)
{
    struct strbuf whole = STRBUF_INIT, sb = STRBUF_INIT;
    struct json_writer w;
    size_t peak = 0, n = 20000;
    FILE *fp = tmpfile();

    (void)state;
    assert_non_null(fp);
    json_writer_init(&w, &whole, JSON_PLAIN, JSON_COMPACT);
    write_rows(&w, n, &peak);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_true(whole.len > 4 * JSON_WRITER_FLUSH_AT);

    peak = 0;
    json_writer_init(&w, &sb, JSON_PLAIN, JSON_COMPACT);
    json_writer_stream_to(&w, fp);
    write_rows(&w, n, &peak);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_int_equal(sb.len, 0);
    assert_true(peak < JSON_WRITER_FLUSH_AT + 200);   /* one row past the mark at most */

    /* the same bytes, and JSON */
    char *got = read_all(fp);
    assert_string_equal(got, whole.buf);
    assert_true(json_valid(got));
    free(got);
    fclose(fp);
    strbuf_release(&whole);
    strbuf_release(&sb);
}

/* A stream that cannot be written: the error is sticky and reported. */
static void test_stream_error(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    size_t peak = 0;
    FILE *fp = fopen("/dev/null", "r");

    (void)state;
    assert_non_null(fp);
    json_writer_init(&w, &sb, JSON_PLAIN, JSON_COMPACT);
    json_writer_stream_to(&w, fp);
    write_rows(&w, 5000, &peak);
    assert_int_equal(json_writer_error(&w), JSON_WRITER_IO);
    assert_int_not_equal(w.io_errno, 0);
    assert_int_equal(json_writer_finish(&w), -1);
    assert_int_equal(json_writer_error(&w), JSON_WRITER_IO);
    fclose(fp);
    strbuf_release(&sb);
}

/* ---- random documents ---------------------------------------------------------- */

/* A small deterministic generator (xorshift), so that a failure repeats. */
static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (unsigned)(rnd_state % n);
}

static const char *const nasty[] = {
    "", "plain", "quote\"", "back\\slash", "\n\r\t\b\f\x01\x1f\x7f", "</script><!--", "caf\xC3\xA9",
    "\xE2\x80\xA8\xE2\x80\xA9", "\xF0\x9F\x98\x80", "bad\xFF\xC3", "\xED\xA0\x80", "& < >", NULL,
};

static struct json_layout random_layout(void)
{
    return JSON_LAYOUT((enum json_shape)rnd(3), rnd(4));
}

static void random_value(struct json_writer *w, int depth);

static void random_members(struct json_writer *w, int depth, bool object)
{
    unsigned n = rnd(5);

    for (unsigned i = 0; i < n; i++) {
        if (!rnd(4))
            json_wrap(w);
        if (object)
            json_key(w, nasty[rnd(sizeof nasty / sizeof nasty[0] - 1)]);
        random_value(w, depth + 1);
    }
}

static void random_value(struct json_writer *w, int depth)
{
    switch (depth + 1 < JSON_WRITER_MAX_DEPTH ? rnd(9) : 2 + rnd(7)) {
    case 0:
        json_begin_object(w, random_layout());
        random_members(w, depth, true);
        json_end_object(w);
        break;
    case 1:
        json_begin_array(w, random_layout());
        random_members(w, depth, false);
        json_end_array(w);
        break;
    case 2: json_string_or_null(w, nasty[rnd(sizeof nasty / sizeof nasty[0])]); break;
    case 3: json_int(w, rnd(2) ? INTMAX_MIN + (intmax_t)rnd(3) : INTMAX_MAX - (intmax_t)rnd(3)); break;
    case 4: json_int(w, (intmax_t)rnd(2001) - 1000); break;
    case 5: json_uint(w, rnd(2) ? UINTMAX_MAX : rnd(100)); break;
    case 6: json_bool(w, rnd(2)); break;
    case 7: json_null(w); break;
    default: json_string(w, nasty[rnd(sizeof nasty / sizeof nasty[0])]); break;
    }
}

/* Whatever the writer is asked to write, correctly, is JSON. */
static void test_random_documents_parse(void **state)
{
    (void)state;
    rnd_state = 0x5EED5EED5EEDULL;
    for (int i = 0; i < 3000; i++) {
        struct strbuf out = STRBUF_INIT;
        struct json_writer w;
        json_writer_init(&w, &out, rnd(2) ? JSON_HTML_SAFE : JSON_PLAIN, rnd(2) ? JSON_COMPACT : JSON_SPACED);
        if (rnd(2)) {
            json_begin_object(&w, random_layout());
            random_members(&w, 0, true);
            json_end_object(&w);
        } else {
            random_value(&w, 0);
        }
        if (json_writer_finish(&w) != 0)
            fail_msg("document %d: writer error %d: [%s]", i, (int)json_writer_error(&w), out.buf);
        if (!json_valid(out.buf))
            fail_msg("document %d: not JSON at byte %ld: [%s]", i, json_invalid_at(out.buf), out.buf);
        strbuf_release(&out);
    }
}

/* ---- the checker ------------------------------------------------------------- */

static void test_checker(void **state)
{
    static const struct { const char *text; long bad_at; } cases[] = {
        { "{\"a\":[1,2,{\"b\":null}],\"c\":\"x\\u0041\"}", -1 },
        { " [ ] \n", -1 },
        { "0", -1 },
        { "-0.5e+10", -1 },
        { "1E3", -1 },
        { "\"caf\xC3\xA9\"", -1 },
        { "[true,false,null]", -1 },
        { "", 0 },
        { "{\"a\":}", 5 },
        { "{\"a\":\"\n\"}", 6 },             /* raw control character */
        { "[1,2", 4 },
        { "[1,]", 3 },                      /* trailing comma */
        { "{\"a\":1,}", 7 },
        { "[01]", 2 },                      /* leading zero */
        { "[-]", 2 },
        { "[1.]", 3 },
        { "[1e]", 3 },
        { "[+1]", 1 },
        { "{a:1}", 1 },                     /* unquoted key */
        { "[\"\\x\"]", 3 },                 /* unknown escape */
        { "[\"\\u12\"]", 6 },
        { "[\"\xFF\"]", 2 },                 /* invalid UTF-8 */
        { "[1] [2]", 4 },                   /* a second value */
        { "[tru]", 1 },
        { "{\"a\" 1}", 5 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long got = json_invalid_at(cases[i].text);
        if (got != cases[i].bad_at)
            fail_msg("checker on [%s]: %ld, expected %ld", cases[i].text, got, cases[i].bad_at);
        assert_int_equal(json_valid(cases[i].text), cases[i].bad_at < 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_stream_error),
        cmocka_unit_test(test_random_documents_parse),
    };
    return cmocka_run_group_tests_name("json_writer", tests, NULL, NULL);
}
