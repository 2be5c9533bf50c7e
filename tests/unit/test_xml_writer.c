/*
 * Tests of the XML writer wrapper (src/io/xml_writer.c): the exact bytes
 * both return writers rely on (declaration, two-space indentation, one
 * element a line, escaping, an empty value as a pair of tags), a write
 * error reported at finish, and the whole-file XSD check's three outcomes.
 * (test_cin_writer.c checks the check against the real CIN schema.)
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

#include "io/xml_writer.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "testdir.h"

static int setup(void **state)
{
    struct testdir *t = xcalloc(1, sizeof *t);

    if (testdir_make(t, "xmlwriter") != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    testdir_remove(*state);
    free(*state);
    return 0;
}

static void read_back(FILE *fp, struct strbuf *out)
{
    char buf[4096];
    size_t n;

    rewind(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(out, buf, n);
}

static void test_bytes(void **state)
{
    FILE *fp = tmpfile();
    struct strbuf got = STRBUF_INIT;
    char err[128] = "";
    struct xml_writer *w;

    (void)state;
    assert_non_null(fp);
    w = xml_writer_open(fp, "Root", err, sizeof err);
    assert_non_null(w);
    xml_writer_start(w, "Group");
    xml_writer_element(w, "A", "1 < 2 & 'x' > \"y\"");
    xml_writer_element(w, "Empty", "");
    xml_writer_end(w);
    xml_writer_start(w, "Open");
    xml_writer_element(w, "B", "caf\xC3\xA9");
    assert_false(xml_writer_failed(w));
    assert_int_equal(xml_writer_finish(w), 0);   /* closes Open and Root */
    xml_writer_free(w);
    read_back(fp, &got);
    assert_string_equal(got.buf,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<Root>\n"
        "  <Group>\n"
        "    <A>1 &lt; 2 &amp; 'x' &gt; &quot;y&quot;</A>\n"
        "    <Empty></Empty>\n"
        "  </Group>\n"
        "  <Open>\n"
        "    <B>caf\xC3\xA9</B>\n"
        "  </Open>\n"
        "</Root>\n");
    fclose(fp);
    strbuf_release(&got);
}

/* A FILE that cannot be written: the failure comes out at the latest at
 * finish, and freeing leaves the FILE to its owner. */
static void test_write_error(void **state)
{
    const struct testdir *t = *state;
    char *path = testdir_put(t, "ro.xml", "", 0);
    FILE *fp = fopen(path, "r");
    char err[128] = "";
    struct xml_writer *w;

    assert_non_null(fp);
    w = xml_writer_open(fp, "Root", err, sizeof err);
    assert_non_null(w);
    for (int i = 0; i < 1000; i++)
        xml_writer_element(w, "A", "some text to fill the output buffer");
    assert_int_equal(xml_writer_finish(w), -1);
    assert_true(xml_writer_failed(w));
    xml_writer_free(w);
    assert_int_equal(fclose(fp), 0);
    free(path);
}

static void test_xsd_validate_file(void **state)
{
    static const char xsd[] =
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
        " <xs:element name=\"Root\"><xs:complexType><xs:sequence>\n"
        "  <xs:element name=\"A\" type=\"xs:integer\" maxOccurs=\"unbounded\"/>\n"
        " </xs:sequence></xs:complexType></xs:element>\n"
        "</xs:schema>\n";
    static const char good[] = "<Root>\n<A>1</A>\n</Root>\n";
    static const char bad[] = "<Root>\n<A>1</A>\n<A>x</A>\n<A>y</A>\n<A>z</A>\n</Root>\n";
    const struct testdir *t = *state;
    char *x = testdir_put(t, "s.xsd", xsd, sizeof xsd - 1);
    char *g = testdir_put(t, "good.xml", good, sizeof good - 1);
    char *b = testdir_put(t, "bad.xml", bad, sizeof bad - 1);
    char *cut = testdir_put(t, "cut.xml", good, 10);
    struct strbuf errors = STRBUF_INIT;

    assert_int_equal(xsd_validate_file(x, g, &errors, 10), 0);
    assert_string_equal(errors.buf, "");
    /* invalid: the first `max` errors with their lines, and how many more */
    assert_int_equal(xsd_validate_file(x, b, &errors, 2), 1);
    assert_string_equal(errors.buf,
        "line 3: Element 'A': 'x' is not a valid value of the atomic type 'xs:integer'.\n"
        "line 4: Element 'A': 'y' is not a valid value of the atomic type 'xs:integer'.\n"
        "(and 1 more)");
    /* not well formed, or not a schema: -1 with a message */
    strbuf_reset(&errors);
    assert_int_equal(xsd_validate_file(x, cut, &errors, 10), -1);
    assert_non_null(strstr(errors.buf, "as XML for validation against"));
    strbuf_reset(&errors);
    assert_int_equal(xsd_validate_file(g, g, &errors, 10), -1);
    assert_true(errors.len > 0);
    strbuf_release(&errors);
    free(x);
    free(g);
    free(b);
    free(cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes),
        cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validate_file, setup, teardown),
    };
    return cmocka_run_group_tests_name("xml_writer", tests, NULL, NULL);
}
