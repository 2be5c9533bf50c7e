/*
 * Tests of the hardened XML reader (src/io/xml_reader.c).
 *
 * The masking of values in schema messages is a pure function, tested from
 * a table of libxml2's message shapes.  The reader itself is driven by a
 * recording caller: every event (start, end with its text, settle, schema
 * error) goes into a log that the tests compare, so that the order of
 * events, lines and texts are checked, not only the absence of a crash.
 * Hostile and broken inputs (encodings, DOCTYPE, limits, truncation) come
 * from tables and must each give their one-line diagnosis naming the file
 * and, where there is one, the line.  A named pipe checks that a first pass
 * kept for replay gives a second pass the whole document.  Runs from the
 * repository root; files go to a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/xml_reader.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "testdir.h"

/* ---- masking, from a table ------------------------------------------------ */

static void test_masking(void **state)
{
    static const struct {
        const char *message;
        const char *value;      /* the element's text, or NULL */
        const char *want;
    } cases[] = {
        /* the value as is, and only where quoted */
        { "Element 'Sex': [facet 'enumeration'] The value 'Q' is not an element of the set {'M', 'F'}.", "Q",
          "Element 'Sex': [facet 'enumeration'] The value '[value hidden]' is not an element of the set {'M', 'F'}." },
        { "Element 'UPN': [facet 'length'] The value has a length of '3'; this differs from the allowed length "
          "of '13'.", "A12",
          "Element 'UPN': [facet 'length'] The value has a length of '3'; this differs from the allowed length "
          "of '13'." },
        /* white space replaced, then collapsed, as xs:token and xs:date see it */
        { "Element 'E': [facet 'enumeration'] The value 'WB RI' is not an element of the set {'WBRI'}.", "WB\tRI",
          "Element 'E': [facet 'enumeration'] The value '[value hidden]' is not an element of the set {'WBRI'}." },
        { "Element 'D': 'Q X' is not a valid value of the atomic type 'xs:date'.", "  Q \n X ",
          "Element 'D': '[value hidden]' is not a valid value of the atomic type 'xs:date'." },
        /* values nobody knew: the patterns */
        { "Element 'D': [facet 'pattern'] The value '31/02' is not accepted by the pattern '[0-9]{2}'.", NULL,
          "Element 'D': [facet 'pattern'] The value '[value hidden]' is not accepted by the pattern '[0-9]{2}'." },
        { "Element 'D': the value 'x y' is wrong; again.", NULL, "Element 'D': the value '[value hidden]' is wrong; again." },
        { "Element 'U', attribute 'type': The QName value 'p:t' of the xsi:type attribute does not resolve.", NULL,
          "Element 'U', attribute 'type': The QName value '[value hidden]' of the xsi:type attribute does not resolve." },
        { "Element 'D': 'it is 2015' is not a valid value of the atomic type 'xs:date'.", NULL,
          "Element 'D': '[value hidden]' is not a valid value of the atomic type 'xs:date'." },
        /* a quote inside the value: it ends at a quote before a word break */
        { "Element 'D': The value 'it's 2015' is not valid.", NULL, "Element 'D': The value '[value hidden]' is not valid." },
        /* nothing to hide, or already hidden */
        { "Element 'LS': This element is not expected. Expected is ( RNE ).", "C2",
          "Element 'LS': This element is not expected. Expected is ( RNE )." },
        { "Element 'X': The value '[value hidden]' is not valid.", NULL, "Element 'X': The value '[value hidden]' is not valid." },
        { "Element 'X': Missing child element(s).", "", "Element 'X': Missing child element(s)." },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf m = STRBUF_INIT;
        strbuf_addstr(&m, cases[i].message);
        if (cases[i].value)
            xml_hide_value(&m, cases[i].value);
        xml_hide_patterns(&m);
        if (strcmp(m.buf, cases[i].want) != 0)
            fail_msg("case %zu:\n got  %s\n want %s", i, m.buf, cases[i].want);
        strbuf_release(&m);
    }
}

static void test_add_printable(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    xml_add_printable(&sb, "Ro\x01t\xC3\xA9", 64);
    assert_string_equal(sb.buf, "Ro?t??");
    strbuf_reset(&sb);
    xml_add_printable(&sb, "abcdef", 3);
    assert_string_equal(sb.buf, "abc...");
    strbuf_release(&sb);
}

/* ---- a recording caller ------------------------------------------------------ */

struct rec {
    struct xml_reader *xr;
    struct strbuf log;
    const char *skip;          /* its text is not kept */
    const char *stop_at;       /* its start stops the pass */
    const char *fail_at;       /* its start fails the reader */
    const char *own_error_at;  /* its start raises a schema error of the caller's own */
    const char *interned;      /* xml_reader_intern("v") in this pass */
    int interned_seen;         /* starts of "v" given exactly that pointer */
};

static bool rec_start(void *opaque, const char *name, const char *uri, uint32_t line)
{
    struct rec *r = opaque;

    strbuf_addf(&r->log, "<%s@%u%s%s ", name, (unsigned)line, uri ? " ns=" : "", uri ? uri : "");
    if (r->interned && name == r->interned)
        r->interned_seen++;
    if (r->stop_at && !strcmp(name, r->stop_at))
        xml_reader_stop(r->xr);
    if (r->fail_at && !strcmp(name, r->fail_at)) {
        xml_reader_fail(r->xr, line, "the caller refuses <%s>", name);
        xml_reader_fail(r->xr, 1, "a second diagnosis");   /* the first stands */
    }
    if (r->own_error_at && !strcmp(name, r->own_error_at))
        xml_reader_schema_error(r->xr, line, "Element 'x': has 'SECRET' and 'other'  \n");
    return !(r->skip && !strcmp(name, r->skip));
}

static void rec_end(void *opaque, const char *text, size_t len)
{
    struct rec *r = opaque;

    assert_int_equal(strlen(text), len);
    strbuf_addf(&r->log, "/%s ", text);
}

static void rec_settle(void *opaque)
{
    struct rec *r = opaque;

    strbuf_addstr(&r->log, "| ");
}

static void rec_error(void *opaque, const struct xml_schema_error *e)
{
    struct rec *r = opaque;

    strbuf_addf(&r->log, "!%u%s[%s]{%s} ", (unsigned)e->line, e->about_content ? "c" : "", e->message,
                e->text ? e->text : "-");
}

static struct xml_reader_config config(struct rec *r)
{
    struct xml_reader_config c = {
        .what = "test files",
        .max_depth = 8,
        .max_name = 16,
        .max_text = 32,
        .chunk = 4096,
        .start = rec_start,
        .end = rec_end,
        .settle = rec_settle,
        .schema_error = rec_error,
        .opaque = r,
    };
    return c;
}

struct tmp {
    struct testdir dir;
    struct xml_schemas *schemas;
};

static int setup(void **state)
{
    struct tmp *t = xcalloc(1, sizeof *t);

    if (testdir_make(&t->dir, "xmlreader") != 0) {
        free(t);
        return -1;
    }
    t->schemas = xml_schemas_new();
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct tmp *t = *state;

    testdir_remove(&t->dir);
    xml_schemas_free(t->schemas);
    free(t);
    return 0;
}

static char *put(const struct tmp *t, const char *name, const void *data, size_t n)
{
    return testdir_put(&t->dir, name, data, n);
}

/* Reads path in one pass; the log in r->log, the diagnosis (or "") in diag.
 * Returns the last xml_reader_feed status (-1: fatal). */
static int read_doc(const char *path, struct rec *r, const struct xml_reader_config *c,
                    const struct xml_schema *schema, struct strbuf *diag)
{
    int k = -1;

    strbuf_reset(&r->log);
    strbuf_reset(diag);
    if (xml_reader_open(&r->xr, path, c) == 0 && xml_reader_begin(r->xr, schema, false) == 0) {
        r->interned = xml_reader_intern(r->xr, "v");
        while ((k = xml_reader_feed(r->xr)) > 0)
            ;
    }
    if (xml_reader_error(r->xr))
        strbuf_addstr(diag, xml_reader_error(r->xr));
    else
        assert_false(xml_reader_failed(r->xr));
    xml_reader_free(r->xr);
    r->xr = NULL;
    return k;
}

/* ---- events ------------------------------------------------------------------- */

static const char doc[] =
    "<?xml version=\"1.0\"?>\n"
    "<root a=\"1\">\n"
    "  <v>one</v><v>\n"
    "two</v>\n"
    "  <g>mixed<v>3</v>tail</g>\n"
    "  <s>skipped text</s><![CDATA[cd]]>\n"
    "</root>\n";

static const char doc_log[] =
    "<root@2 "
    "<v@3 /one | <v@3 /\ntwo | "
    "<g@5 <v@5 /3 | /3tail | "
    "<s@6 / | /cd\n | ";

static void test_events(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .skip = "s" };
    struct xml_reader_config c = config(&r);
    struct strbuf diag = STRBUF_INIT;
    char *path = put(t, "doc.xml", doc, sizeof doc - 1);

    strbuf_init(&r.log, 0);
    assert_int_equal(read_doc(path, &r, &c, NULL, &diag), 0);
    assert_string_equal(diag.buf, "");
    /* the text since the last start tag, from kept elements only: after
     * </v>, "tail" joins "3" (only a leaf's text is its value) */
    assert_string_equal(r.log.buf, doc_log);
    /* the parser hands known names over as the pointers it interned */
    assert_non_null(r.interned);
    assert_int_equal(r.interned_seen, 3);

    /* any chunk size gives the same events */
    for (size_t chunk = 1; chunk <= 64; chunk = chunk * 3 + 1) {
        c.chunk = chunk;
        r.interned_seen = 0;
        assert_int_equal(read_doc(path, &r, &c, NULL, &diag), 0);
        if (strcmp(r.log.buf, doc_log) != 0)
            fail_msg("chunk %zu:\n got  %s\n want %s", chunk, r.log.buf, doc_log);
    }
    strbuf_release(&r.log);
    strbuf_release(&diag);
    free(path);
}

static void test_stop_and_fail(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .stop_at = "g" };
    struct xml_reader_config c = config(&r);
    struct strbuf diag = STRBUF_INIT;
    char *path = put(t, "doc.xml", doc, sizeof doc - 1);
    struct xml_reader *xr;

    strbuf_init(&r.log, 0);
    /* stopped: nothing after <g>, no diagnosis, not failed */
    assert_int_equal(xml_reader_open(&xr, path, &c), 0);
    r.xr = xr;
    assert_int_equal(xml_reader_begin(xr, NULL, false), 0);
    while (xml_reader_feed(xr) > 0 && xml_reader_bytes(xr) < 1000)
        ;
    assert_false(xml_reader_failed(xr));
    assert_null(xml_reader_error(xr));
    assert_string_equal(r.log.buf, "<root@2 <v@3 /one | <v@3 /\ntwo | <g@5 ");
    xml_reader_free(xr);

    /* failed by the caller: its first diagnosis, naming file and line */
    r.stop_at = NULL;
    r.fail_at = "g";
    assert_int_equal(read_doc(path, &r, &c, NULL, &diag), -1);
    struct strbuf want = STRBUF_INIT;
    strbuf_addf(&want, "%s: line 5: the caller refuses <g>", path);
    assert_string_equal(diag.buf, want.buf);
    assert_string_equal(r.log.buf, "<root@2 <v@3 /one | <v@3 /\ntwo | <g@5 ");
    strbuf_release(&want);
    strbuf_release(&r.log);
    strbuf_release(&diag);
    free(path);
}

/* Reads content (n bytes) in chunks of `chunk` and checks the outcome: the
 * diagnosis "FILE: want" and status -1, or (want NULL) the end reached. */
static void expect(const struct tmp *t, const char *name, const char *content, size_t n, size_t chunk,
                   const char *want)
{
    struct rec r = { .skip = "s" };
    struct xml_reader_config c = config(&r);
    struct strbuf diag = STRBUF_INIT, w = STRBUF_INIT;
    char *path = put(t, "case.xml", content, n);
    clock_t t0 = clock();
    int k;

    c.chunk = chunk;
    strbuf_init(&r.log, 0);
    k = read_doc(path, &r, &c, NULL, &diag);
    if (want)
        strbuf_addf(&w, "%s: %s", path, want);
    if (k != (want ? -1 : 0) || strcmp(diag.buf, w.buf) != 0)
        fail_msg("%s (chunk %zu): status %d\n got  '%s'\n want '%s'", name, chunk, k, diag.buf, w.buf);
    /* nothing was expanded: an entity bomb is refused at once, and
     * nothing of an entity reached the caller */
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    assert_null(strstr(r.log.buf, "aaaa"));
    strbuf_release(&r.log);
    strbuf_release(&diag);
    strbuf_release(&w);
    free(path);
}

/* ---- refused inputs ------------------------------------------------------------- */

struct bad {
    const char *name;
    const char *content;
    size_t len;               /* 0: strlen */
    const char *diag;         /* the diagnosis after "FILE: " */
};

static const char laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE root [\n"
    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    "]>\n"
    "<root><v>&f;</v></root>\n";

static const struct bad sniffed[] = {
    { "empty", "", 0, "the file is empty" },
    { "blank", " \n\t\r\n", 0, "the file has no XML element (only white space)" },
    { "bom only", "\xEF\xBB\xBF \n", 0, "the file has no XML element (only white space)" },
    { "bom, then text", "\xEF\xBB\xBF  x,y\n", 0, "not an XML file (it does not start with '<')" },
    { "csv", "CHILD,SEX\n1,2\n", 0, "not an XML file (it does not start with '<')" },
    { "utf-16le bom", "\xFF\xFE<\0r\0/\0>\0", 10, "the file is UTF-16 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "utf-16be bom", "\xFE\xFF\0<\0r\0/\0>", 10, "the file is UTF-16 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "utf-16le", "<\0r\0/\0>\0", 8, "the file is UTF-16 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "utf-16be", "\0<\0r\0/\0>", 8, "the file is UTF-16 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "utf-32le", "\xFF\xFE\0\0<\0\0\0", 8, "the file is UTF-32 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "utf-32be", "\0\0\xFE\xFF\0\0\0<", 8, "the file is UTF-32 encoded; test files must be UTF-8 (re-save it as UTF-8)" },
    { "gzip", "\x1F\x8B\x08\0\0\0\0\0", 8, "the file is gzip-compressed; decompress it first" },
    { "zip", "PK\x03\x04\x14\0\0\0", 8, "the file is a zip archive (or a spreadsheet), not XML" },
    { "doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE root SYSTEM \"file:///etc/passwd\">\n<root/>\n", 0,
      "line 2: the file has a DOCTYPE declaration; test files have none (DTDs and entities are refused for safety)" },
    { "laughs", laughs, 0,
      "line 2: the file has a DOCTYPE declaration; test files have none (DTDs and entities are refused for safety)" },
    { "truncated", "<root>\n<v>1</v>\n<v>2</", 0, "line 3: the file ends before the XML is complete (truncated?)" },
    { "not well formed", "<root>\n<v>1</w>\n</root>\n", 0,
      "line 2: not well-formed XML: Opening and ending tag mismatch: v line 2 and w" },
    { "not utf-8", "<root>\n<v>\xC3\x28</v></root>", 0, "line 2: not well-formed XML: Input is not proper UTF-8, indicate encoding !" },
    { "junk before the root", "<?xml version=\"1.0\"?>\n<<root/>", 0, "line 2: not an XML file (StartTag: invalid element name)" },
};

static void test_refused(void **state)
{
    for (size_t i = 0; i < sizeof sniffed / sizeof sniffed[0]; i++) {
        const struct bad *b = &sniffed[i];
        expect(*state, b->name, b->content, b->len ? b->len : strlen(b->content), 4096, b->diag);
    }
}

static void test_bom_accepted(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .skip = "s" };
    struct xml_reader_config c = config(&r);
    struct strbuf diag = STRBUF_INIT, s = STRBUF_INIT;
    char *path;

    strbuf_addstr(&s, "\xEF\xBB\xBF");
    strbuf_addstr(&s, doc);
    path = put(t, "bom.xml", s.buf, s.len);
    strbuf_init(&r.log, 0);
    assert_int_equal(read_doc(path, &r, &c, NULL, &diag), 0);
    assert_string_equal(r.log.buf, doc_log);
    strbuf_release(&r.log);
    strbuf_release(&diag);
    strbuf_release(&s);
    free(path);
}

/* ---- the caller's limits -------------------------------------------------------- */

static void test_limits(void **state)
{
    static const struct {
        const char *name;
        const char *content;
        const char *diag;
    } cases[] = {
        { "depth 8 is allowed", "<a><b><c><d><e><f><g><h/></g></f></e></d></c></b></a>", NULL },
        { "depth 9 is not", "<a><b><c><d><e><f><g><h>\n<i/></h></g></f></e></d></c></b></a>",
          "line 2: elements are nested more than 8 deep" },
        { "a 16-character name", "<root><abcdefghijklmnop/></root>", NULL },
        { "a 17-character name", "<root>\n<abcdefghijklmnopq/></root>", "line 2: an element name is longer than 16 characters" },
        { "a prefix counts", "<root xmlns:pfx=\"urn:x\">\n<pfx:abcdefghijklm/></root>",
          "line 2: an element name is longer than 16 characters" },
        { "32 bytes of text", "<root><v>abcdefghijklmnopqrstuvwxyz012345</v></root>", NULL },
        { "33 bytes of text", "<root><v>abcdefghijklmnopqrstuvwxyz\n0123456</v></root>",
          "line 2: a text node is longer than 32 bytes" },
        { "33 bytes in a skipped element", "<root><s>abcdefghijklmnopqrstuvwxyz\n0123456</s></root>",
          "line 2: a text node is longer than 32 bytes" },
        { "33 bytes of CDATA", "<root><v><![CDATA[abcdefghijklmnop]]><![CDATA[qrstuvwxyz0123456]]></v></root>",
          "line 1: a text node is longer than 32 bytes" },
        { "a 33-byte attribute", "<root>\n<v a=\"abcdefghijklmnopqrstuvwxyz0123456\"/></root>",
          "line 2: an attribute value is longer than 32 bytes" },
    };

    struct strbuf many = STRBUF_INIT;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* small chunks too: a text node arrives in pieces */
        expect(*state, cases[i].name, cases[i].content, strlen(cases[i].content), 3, cases[i].diag);
        expect(*state, cases[i].name, cases[i].content, strlen(cases[i].content), 4096, cases[i].diag);
    }
    /* names measured once are remembered: many names, each twice, then
     * a long one is still caught */
    strbuf_addstr(&many, "<root>");
    for (int i = 0; i < 300; i++)
        strbuf_addf(&many, "<n%d/><n%d/>", i, i);
    strbuf_addstr(&many, "\n<abcdefghijklmnopq/></root>");
    expect(*state, "many names", many.buf, many.len, 4096, "line 2: an element name is longer than 16 characters");
    strbuf_release(&many);
}

/* ---- schema errors --------------------------------------------------------------- */

static const char xsd[] =
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    " <xs:element name=\"root\"><xs:complexType>\n"
    "  <xs:sequence><xs:element name=\"v\" type=\"xs:integer\" maxOccurs=\"unbounded\"/></xs:sequence>\n"
    "  <xs:attribute name=\"a\" type=\"xs:string\"/>\n"
    " </xs:complexType>\n"
    " <xs:unique name=\"u\"><xs:selector xpath=\"v\"/><xs:field xpath=\".\"/></xs:unique>\n"
    " </xs:element>\n"
    "</xs:schema>\n";

static const char invalid[] =
    "<root a=\"1\">\n"
    "<v>7</v>\n"
    "<v>\n 12x \n</v>\n"
    "<v>7</v>\n"
    "<w b=\"SECRET\">x</w>\n"
    "</root>\n";

static void test_schema_errors(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .own_error_at = "w" };
    struct xml_reader_config c = config(&r);
    struct strbuf diag = STRBUF_INIT;
    const struct xml_schema *schema, *again;
    char *xsd_path = put(t, "s.xsd", xsd, sizeof xsd - 1);
    char *path = put(t, "invalid.xml", invalid, sizeof invalid - 1);

    assert_int_equal(xml_schemas_load(t->schemas, xsd_path, &schema, &diag), XML_SCHEMA_OK);
    assert_int_equal(xml_schemas_load(t->schemas, xsd_path, &again, &diag), XML_SCHEMA_OK);
    assert_ptr_equal(schema, again);   /* compiled once */
    strbuf_init(&r.log, 0);
    assert_int_equal(read_doc(path, &r, &c, schema, &diag), 0);
    assert_string_equal(diag.buf, "");
    /*
     * An error about a value comes after the element's end, before it
     * settles, at its start tag's line, with its text and the value hidden
     * (also where only the text says what to hide: the key-sequence);
     * one about a start tag comes right after it, without text; the
     * caller's own error is masked too (the attribute value SECRET).
     */
    assert_string_equal(r.log.buf,
        "<root@1 "
        "<v@2 /7 | "
        "<v@3 /\n 12x \n "
        "!3c[Element 'v': '[value hidden]' is not a valid value of the atomic type 'xs:integer'.]{\n 12x \n} "
        "!3c[Element 'v': Warning: No precomputed value available, the value was either invalid or something "
        "strange happened.]{\n 12x \n} | "
        "<v@6 /7 !6c[Element 'v': Duplicate key-sequence ['[value hidden]'] in unique identity-constraint 'u'.]{7} | "
        "<w@7 !7[Element 'x': has '[value hidden]' and 'other']{-} "
        "!7[Element 'w': This element is not expected. Expected is ( v ).]{-} "
        "/x | "
        "/x\n | ");
    strbuf_release(&r.log);
    strbuf_release(&diag);
    free(xsd_path);
    free(path);
}

static void test_schema_cache(void **state)
{
    const struct tmp *t = *state;
    const struct xml_schema *s;
    struct strbuf why = STRBUF_INIT;
    char *nothing = put(t, "missing.xsd", "", 0);
    static const char bad_xsd[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element/>\n"
                                  "</xs:schema>\n";
    char *bad = put(t, "bad.xsd", bad_xsd, sizeof bad_xsd - 1);

    unlink(nothing);
    assert_int_equal(xml_schemas_load(t->schemas, nothing, &s, &why), XML_SCHEMA_MISSING);
    assert_null(s);
    assert_int_equal(xml_schemas_load(t->schemas, bad, &s, &why), XML_SCHEMA_INVALID);
    assert_null(s);
    assert_int_equal(strncmp(why.buf, "line 2: ", 8), 0);   /* libxml2's first error, with its line */
    strbuf_release(&why);
    free(nothing);
    free(bad);
}

/* ---- passes: replay from a pipe, rewind of a file ----------------------------------- */

/* A writer on the other end of a named pipe, in small pieces. */
static pid_t pipe_writer(const char *fifo, const char *data, size_t n)
{
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(fifo, O_WRONLY);
        for (size_t off = 0; fd >= 0 && off < n; off += 5) {
            if (write(fd, data + off, n - off < 5 ? n - off : 5) < 0)
                _exit(1);
            usleep(200);
        }
        _exit(fd >= 0 ? 0 : 1);
    }
    return pid;
}

static void test_pipe_replay(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .skip = "s", .stop_at = "g" };
    struct xml_reader_config c = config(&r);
    struct strbuf fifo = STRBUF_INIT;
    struct xml_reader *xr;
    int status, k;
    pid_t pid;

    strbuf_addf(&fifo, "%s/pipe", t->dir.path);
    assert_int_equal(mkfifo(fifo.buf, 0600), 0);
    pid = pipe_writer(fifo.buf, doc, sizeof doc - 1);
    c.chunk = 16;
    strbuf_init(&r.log, 0);
    assert_int_equal(xml_reader_open(&xr, fifo.buf, &c), 0);
    r.xr = xr;
    assert_false(xml_reader_seekable(xr));

    /* first pass: kept, stopped part-way (like the CIN header pass) */
    assert_int_equal(xml_reader_begin(xr, NULL, true), 0);
    while ((k = xml_reader_feed(xr)) > 0 && !strstr(r.log.buf, "<g@"))
        ;
    assert_int_equal(k, 1);
    assert_true(xml_reader_bytes(xr) < sizeof doc - 1);

    /* second pass: what was kept, then the rest of the pipe: the whole document */
    strbuf_reset(&r.log);
    r.stop_at = NULL;
    assert_int_equal(xml_reader_begin(xr, NULL, false), 0);
    while ((k = xml_reader_feed(xr)) > 0)
        ;
    assert_int_equal(k, 0);
    assert_string_equal(r.log.buf, doc_log);
    assert_int_equal(xml_reader_bytes(xr), sizeof doc - 1);   /* each byte read once */
    /* a pipe cannot go back */
    assert_int_equal(xml_reader_rewind(xr), -1);
    assert_non_null(strstr(xml_reader_error(xr), "pipe: cannot read the file again: "));
    xml_reader_free(xr);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    strbuf_release(&r.log);
    strbuf_release(&fifo);
}

static void test_rewind(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { .skip = "s" };
    struct xml_reader_config c = config(&r);
    char *path = put(t, "doc.xml", doc, sizeof doc - 1);
    struct xml_reader *xr;

    strbuf_init(&r.log, 0);
    assert_int_equal(xml_reader_open(&xr, path, &c), 0);
    r.xr = xr;
    assert_true(xml_reader_seekable(xr));
    for (int pass = 0; pass < 2; pass++) {
        strbuf_reset(&r.log);
        if (pass)
            assert_int_equal(xml_reader_rewind(xr), 0);
        assert_int_equal(xml_reader_begin(xr, NULL, false), 0);
        while (xml_reader_feed(xr) > 0)
            ;
        assert_string_equal(r.log.buf, doc_log);
        assert_int_equal(xml_reader_feed(xr), 0);   /* stays at the end */
    }
    xml_reader_free(xr);
    strbuf_release(&r.log);
    free(path);
}

static void test_open_errors(void **state)
{
    const struct tmp *t = *state;
    struct rec r = { 0 };
    struct xml_reader_config c = config(&r);
    struct xml_reader *xr;
    struct strbuf want = STRBUF_INIT;

    assert_int_equal(xml_reader_open(&xr, t->dir.path, &c), -1);
    strbuf_addf(&want, "%s: is a directory, not a file", t->dir.path);
    assert_string_equal(xml_reader_error(xr), want.buf);
    assert_int_equal(xml_reader_begin(xr, NULL, false), -1);
    assert_int_equal(xml_reader_feed(xr), -1);
    xml_reader_free(xr);
    assert_int_equal(xml_reader_open(&xr, "tests/data/no-such-file.xml", &c), -1);
    assert_string_equal(xml_reader_error(xr), "tests/data/no-such-file.xml: cannot open the file: No such file or directory");
    xml_reader_free(xr);
    strbuf_release(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masking),
        cmocka_unit_test(test_add_printable),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_and_fail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipe_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
    };
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests_name("xml_reader", tests, NULL, NULL);
}
