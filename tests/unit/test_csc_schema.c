/*
 * Tests of the OpenAPI schema interpreter of the CSC API
 * (src/returns/cscapi/csc_schema.c).
 *
 * A small OpenAPI file of our own uses every keyword the interpreter knows;
 * a table of records gives, for each keyword, one that passes and one that
 * fails, with the failures expected ("path: problem", in order).  Then the
 * body's own constraints, files refused at load (a keyword it does not
 * interpret, a pattern it cannot compile, a reference that does not
 * resolve, no POST body that is an array), and DfE's shipped file.
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
#include "returns/cscapi/csc_schema.h"
#include "testdir.h"

#define OPENAPI_HEAD                                                                                       \
    "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"9.9.9\"},\"paths\":{\"/x/{la}/children\":" \
    "{\"post\":{\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"$ref\":"                  \
    "\"#/components/schemas/Body\"}}}}}}},\"components\":{\"schemas\":{"

static const char schema_text[] = OPENAPI_HEAD
    "\"Body\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":2,\"items\":{\"$ref\":\"#/components/schemas/Rec\"}},"
    "\"Rec\":{\"type\":\"object\",\"description\":\"a record\",\"required\":[\"id\"],\"additionalProperties\":false,"
    "\"properties\":{"
    "\"id\":{\"type\":\"string\",\"pattern\":\"^[A-Z][0-9]+$\",\"minLength\":2,\"maxLength\":5,\"example\":\"A1\"},"
    "\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10},"
    "\"x\":{\"type\":\"number\",\"maximum\":1.5},"
    "\"b\":{\"type\":\"boolean\",\"default\":false},"
    "\"d\":{\"type\":\"string\",\"format\":\"date\"},"
    "\"u\":{\"type\":\"string\",\"format\":\"uuid\"},"
    "\"e\":{\"type\":\"string\",\"enum\":[\"A\",\"B\"]},"
    "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"maxLength\":2},\"uniqueItems\":true,"
    "\"minItems\":1,\"maxItems\":3},"
    "\"sub\":{\"$ref\":\"#/components/schemas/Sub\"},"
    "\"free\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}},"
    "\"open\":{\"type\":\"object\"},"
    "\"nothing\":{\"type\":\"null\"}}},"
    "\"Sub\":{\"type\":\"object\",\"required\":[\"k\"],\"properties\":{\"k\":{\"type\":\"string\",\"maxLength\":1}}}"
    "}}}";

struct fixture {
    struct testdir dir;
    struct csc_schema *schema;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct strbuf err = STRBUF_INIT;
    if (!f || testdir_make(&f->dir, "csc-schema") != 0)
        return -1;
    char *path = testdir_put(&f->dir, "openapi.json", schema_text, strlen(schema_text));
    f->schema = csc_schema_load(path, &err);
    if (!f->schema)
        fprintf(stderr, "%s\n", err.buf);
    free(path);
    strbuf_release(&err);
    *state = f;
    return f->schema ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    csc_schema_free(f->schema);
    testdir_remove(&f->dir);
    free(f);
    return 0;
}

static void collect(void *ctx, const char *path, const char *problem)
{
    strbuf_addf(ctx, "%s: %s\n", path, problem);
}

struct record_case {
    const char *record;
    const char *failures;    /* "" when the record passes */
};

static void test_each_keyword(void **state)
{
    struct fixture *f = *state;
    static const struct record_case cases[] = {
        { "{\"id\":\"A1\"}", "" },
        /* type */
        { "{\"id\":\"A1\",\"n\":3,\"x\":1,\"b\":true,\"nothing\":null}", "" },
        { "{\"id\":1}", "[0].id: must be of type string\n" },
        { "{\"id\":\"A1\",\"n\":1.5}", "[0].n: must be of type integer\n" },
        { "{\"id\":\"A1\",\"x\":\"1\"}", "[0].x: must be of type number\n" },
        { "{\"id\":\"A1\",\"b\":\"true\"}", "[0].b: must be of type boolean\n" },
        { "{\"id\":\"A1\",\"nothing\":0}", "[0].nothing: must be of type null\n" },
        { "[]", "[0]: must be of type object\n" },
        /* required */
        { "{}", "[0].id: is required and missing\n" },
        { "{\"id\":\"A1\",\"sub\":{}}", "[0].sub.k: is required and missing\n" },
        /* additionalProperties: false, and as a schema */
        { "{\"id\":\"A1\",\"extra\":1}", "[0].extra: is not a property the schema allows (additionalProperties: false)\n" },
        { "{\"id\":\"A1\",\"free\":{\"p\":1,\"q\":2}}", "" },
        { "{\"id\":\"A1\",\"free\":{\"p\":\"1\"}}", "[0].free.p: must be of type integer\n" },
        { "{\"id\":\"A1\",\"open\":{\"anything\":[1]}}", "" },
        /* a member twice */
        { "{\"id\":\"A1\",\"id\":\"B2\"}", "[0].id: appears twice in its object\n" },
        /* pattern, minLength, maxLength (characters, not bytes) */
        { "{\"id\":\"a1\"}", "[0].id: does not match the pattern ^[A-Z][0-9]+$\n" },
        { "{\"id\":\"A\"}", "[0].id: is shorter than 2 characters (minLength)\n"
                            "[0].id: does not match the pattern ^[A-Z][0-9]+$\n" },
        { "{\"id\":\"A12345\"}", "[0].id: is longer than 5 characters (maxLength)\n" },
        { "{\"id\":\"A1\",\"list\":[\"\xC3\xA9\xC3\xA9\"]}", "" },
        { "{\"id\":\"A1\",\"list\":[\"abc\"]}", "[0].list[0]: is longer than 2 characters (maxLength)\n" },
        /* minimum, maximum */
        { "{\"id\":\"A1\",\"n\":10}", "" },
        { "{\"id\":\"A1\",\"n\":0}", "[0].n: is below the minimum 1\n" },
        { "{\"id\":\"A1\",\"n\":11}", "[0].n: is above the maximum 10\n" },
        { "{\"id\":\"A1\",\"x\":1.6}", "[0].x: is above the maximum 1.5\n" },
        /* format date, uuid */
        { "{\"id\":\"A1\",\"d\":\"2024-02-29\"}", "" },
        { "{\"id\":\"A1\",\"d\":\"2025-02-29\"}", "[0].d: is not a date (format date: YYYY-MM-DD)\n" },
        { "{\"id\":\"A1\",\"d\":\"29/02/2024\"}", "[0].d: is not a date (format date: YYYY-MM-DD)\n" },
        { "{\"id\":\"A1\",\"d\":\"2024-2-29\"}", "[0].d: is not a date (format date: YYYY-MM-DD)\n" },
        { "{\"id\":\"A1\",\"u\":\"123e4567-e89b-12d3-a456-426614174000\"}", "" },
        { "{\"id\":\"A1\",\"u\":\"123e4567e89b12d3a456426614174000\"}", "[0].u: is not a UUID (format uuid)\n" },
        /* enum */
        { "{\"id\":\"A1\",\"e\":\"B\"}", "" },
        { "{\"id\":\"A1\",\"e\":\"C\"}", "[0].e: is not one of the values the schema lists (enum)\n" },
        /* items, minItems, maxItems, uniqueItems */
        { "{\"id\":\"A1\",\"list\":[\"a\",\"b\",\"c\"]}", "" },
        { "{\"id\":\"A1\",\"list\":[]}", "[0].list: has fewer than 1 items (minItems)\n" },
        { "{\"id\":\"A1\",\"list\":[\"a\",\"b\",\"c\",\"d\"]}", "[0].list: has more than 3 items (maxItems)\n" },
        { "{\"id\":\"A1\",\"list\":[\"a\",\"b\",\"a\"]}", "[0].list: item 2 repeats item 0 (uniqueItems)\n" },
        { "{\"id\":\"A1\",\"list\":[1]}", "[0].list[0]: must be of type string\n" },
        /* $ref */
        { "{\"id\":\"A1\",\"sub\":{\"k\":\"z\"}}", "" },
        { "{\"id\":\"A1\",\"sub\":{\"k\":\"zz\"}}", "[0].sub.k: is longer than 1 characters (maxLength)\n" },
        { "{\"id\":\"A1\",\"sub\":[]}", "[0].sub: must be of type object\n" },
        /* several at once, in the record's order */
        { "{\"e\":\"X\",\"n\":99}", "[0].id: is required and missing\n[0].e: is not one of the values the schema lists "
                                     "(enum)\n[0].n: is above the maximum 10\n" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct arena a = ARENA_INIT;
        struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
        struct jv *rec = jv_parse(&a, cases[i].record, strlen(cases[i].record), &err);
        if (!rec)
            fail_msg("case %zu: %s", i, err.buf);
        size_t n = csc_schema_check_record(f->schema, rec, "[0]", collect, &got);
        if (strcmp(got.buf, cases[i].failures))
            fail_msg("case %zu (%s):\ngot:\n%swanted:\n%s", i, cases[i].record, got.buf, cases[i].failures);
        size_t lines = 0;
        for (const char *p = got.buf; *p; p++)
            lines += *p == '\n';
        assert_int_equal(n, lines);
        strbuf_release(&err);
        strbuf_release(&got);
        arena_release(&a);
    }
}

static size_t check(const struct csc_schema *s, const char *body, bool whole, struct strbuf *got)
{
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    struct jv *v = jv_parse(&a, body, strlen(body), &err);
    assert_non_null(v);
    strbuf_reset(got);
    size_t n = whole ? csc_schema_check_body(s, v, collect, got) : csc_schema_check_batch(s, v, collect, got);
    strbuf_release(&err);
    arena_release(&a);
    return n;
}

static void test_body(void **state)
{
    struct fixture *f = *state;
    struct strbuf got = STRBUF_INIT;

    assert_string_equal(csc_schema_version(f->schema), "9.9.9");
    assert_int_equal(csc_schema_max_items(f->schema), 2);
    assert_int_equal(check(f->schema, "[{\"id\":\"A1\"},{\"id\":\"B2\"}]", true, &got), 0);
    assert_int_equal(check(f->schema, "[{\"id\":\"A1\"},{\"id\":\"B2\"},{\"id\":\"C3\"}]", true, &got), 1);
    assert_string_equal(got.buf, "(the body): has more than 2 items (maxItems)\n");
    assert_int_equal(check(f->schema, "[]", true, &got), 1);
    assert_string_equal(got.buf, "(the body): has fewer than 1 items (minItems)\n");
    assert_int_equal(check(f->schema, "{\"id\":\"A1\"}", true, &got), 1);
    assert_string_equal(got.buf, "(the body): must be of type array\n");
    /* the whole body checks its items too; a batch only itself */
    assert_int_equal(check(f->schema, "[{\"id\":\"a\"},{\"id\":\"B2\"},{}]", true, &got), 4);
    assert_string_equal(got.buf, "(the body): has more than 2 items (maxItems)\n"
                                 "[0].id: is shorter than 2 characters (minLength)\n"
                                 "[0].id: does not match the pattern ^[A-Z][0-9]+$\n"
                                 "[2].id: is required and missing\n");
    assert_int_equal(check(f->schema, "[{\"id\":\"a\"},{\"id\":\"B2\"},{}]", false, &got), 1);
    assert_string_equal(got.buf, "(the body): has more than 2 items (maxItems)\n");
    strbuf_release(&got);
}

struct refusal {
    const char *schemas;     /* inside components.schemas, after Body */
    const char *error;       /* a part of the message */
};

static void test_refused_at_load(void **state)
{
    struct fixture *f = *state;
    static const struct refusal cases[] = {
        { "\"Rec\":{\"type\":\"object\",\"oneOf\":[]}", "uses 'oneOf', which statreturn does not interpret" },
        { "\"Rec\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date\","
          "\"exclusiveMaximum\":3}}}", "the schema at components.schemas.Rec.a uses 'exclusiveMaximum'" },
        { "\"Rec\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"([a-z\"}}}",
          "the pattern at components.schemas.Rec.a is not a regular expression statreturn can use" },
        { "\"Rec\":{\"type\":\"object\",\"properties\":{\"a\":{\"pattern\":5}}}",
          "the pattern at components.schemas.Rec.a is not a string" },
        { "\"Rec\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/components/schemas/Nowhere\"}}}",
          "the reference at components.schemas.Rec.a does not resolve inside the file" },
        { "\"Rec\":{\"type\":\"object\",\"properties\":{\"a\":[]}}", "a schema at components.schemas.Rec.a is not an object" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
        strbuf_addf(&text, "%s\"Body\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Rec\"}},%s}}}",
                    OPENAPI_HEAD, cases[i].schemas);
        char *path = testdir_put(&f->dir, "refused.json", text.buf, text.len);
        struct csc_schema *s = csc_schema_load(path, &err);
        if (s)
            fail_msg("case %zu: accepted", i);
        if (!strstr(err.buf, cases[i].error) || !strstr(err.buf, "refused.json: "))
            fail_msg("case %zu: '%s' does not say '%s'", i, err.buf, cases[i].error);
        free(path);
        strbuf_release(&text);
        strbuf_release(&err);
    }
    /* no POST whose body is an array; not JSON; no file */
    static const char *const others[][2] = {
        { "{\"openapi\":\"3.0.3\",\"paths\":{}}", "no POST operation whose JSON body is an array of records" },
        { OPENAPI_HEAD "\"Body\":{\"type\":\"object\"}}}}", "no POST operation whose JSON body is an array of records" },
        { "{\"openapi\":", "not JSON: line 1: unexpected end of the text" },
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        struct strbuf err = STRBUF_INIT;
        char *path = testdir_put(&f->dir, "other.json", others[i][0], strlen(others[i][0]));
        assert_null(csc_schema_load(path, &err));
        if (!strstr(err.buf, others[i][1]))
            fail_msg("other %zu: '%s' does not say '%s'", i, err.buf, others[i][1]);
        free(path);
        strbuf_release(&err);
    }
    struct strbuf err = STRBUF_INIT;
    assert_null(csc_schema_load("/nonexistent/openapi.json", &err));
    assert_string_equal(err.buf, "/nonexistent/openapi.json: cannot open the CSC API schema");
    strbuf_release(&err);
}

/* DfE's file as shipped: it loads, and its rules are the ones we rely on. */
static void test_dfe_file(void **state)
{
    struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
    struct csc_schema *s = csc_schema_load("specs/csc-api/dfe_csc_api_openapi_1.0.1.json", &err);

    (void)state;
    if (!s)
        fail_msg("%s", err.buf);
    assert_string_equal(csc_schema_version(s), "1.0.1");
    assert_int_equal(csc_schema_max_items(s), 100);
    assert_int_equal(check(s, "[{\"la_child_id\":\"A1\",\"child_details\":{\"date_of_birth\":\"2015-01-31\","
                              "\"disabilities\":[\"NONE\"]},\"social_care_episodes\":[{\"social_care_episode_id\":\"R1\"}]}]",
                           true, &got), 0);
    assert_int_equal(check(s, "[{\"la_child_id\":\"A-1\",\"child_details\":{\"unique_pupil_number\":\"X\"},"
                              "\"social_care_episodes\":[{}]}]", true, &got), 3);
    assert_string_equal(got.buf, "[0].la_child_id: does not match the pattern ^[A-Za-z0-9]+$\n"
                                 "[0].child_details.unique_pupil_number: is shorter than 13 characters (minLength)\n"
                                 "[0].social_care_episodes[0].social_care_episode_id: is required and missing\n");
    csc_schema_free(s);
    strbuf_release(&err);
    strbuf_release(&got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_keyword, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_at_load, setup, teardown),
        cmocka_unit_test(test_dfe_file),
    };
    return cmocka_run_group_tests_name("csc_schema", tests, NULL, NULL);
}
