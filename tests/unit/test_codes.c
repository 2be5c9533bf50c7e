/*
 * Tests of the CIN code lists (src/returns/cin/cin_codes.c) and of the schemas that repeat
 * them (specs/cin/cin_<year>.xsd).
 *
 * The code lists live twice: as C tables, used by the writer, the readers
 * and the rules, and as xs:enumeration facets in each year's XSD, used to
 * validate files.  The XSD tests below read each schema with libxml2 and
 * require every enumeration to equal the C list for that year, value for
 * value and in order, so the two cannot drift apart.
 *
 * Mapping (code list -> XSD simple type): the type is named
 * cin_codelist_name(list) + "Type":
 *   CL_SEX               Sex               -> SexType
 *   CL_ETHNICITY         Ethnicity         -> EthnicityType
 *   CL_DISABILITY        Disability        -> DisabilityType
 *   CL_UPN_UNKNOWN       UPNunknown        -> UPNunknownType
 *   CL_REFERRAL_SOURCE   ReferralSource    -> ReferralSourceType
 *   CL_PRIMARY_NEED      PrimaryNeedCode   -> PrimaryNeedCodeType
 *   CL_CLOSURE_REASON    ReasonForClosure  -> ReasonForClosureType
 *   CL_ABUSE_CATEGORY    CategoryOfAbuse   -> CategoryOfAbuseType
 *   CL_ASSESSMENT_FACTOR AssessmentFactors -> AssessmentFactorsType
 *   CL_PP_OUTCOME        PPOutcome         -> PPOutcomeType (2026-27 on; absent
 *                                             from the 2025 and 2026 XSDs,
 *                                             A, B, C in the 2027 one)
 * Enumerated types that are not code lists: YesNoType, CollectionType,
 * SourceLevelType.  Any other enumerated type in an XSD fails the test, so a
 * code list added to a schema must be added to codes.c too.
 *
 * The schema tests also pin the leniency decisions documented in the XSD
 * (defects that DfE rules report must pass the schema) and the error lines
 * of tests/data/cin_2025_schema_invalid.xml, which other tests rely on.
 *
 * Runs from the repository root (paths are relative to it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "returns/cin/cin_codes.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"

/* ------------------------------------------------------------------ */
/* Code lists on their own                                             */
/* ------------------------------------------------------------------ */

struct code_case {
    enum cin_codelist list;
    const char *code;
    int year;
    bool valid;
};

static const struct code_case code_cases[] = {
    /* Sex: M/F/U from 2024-25; the old GenderCurrent values are not codes. */
    { CL_SEX, "M", 2025, true },
    { CL_SEX, "F", 2026, true },
    { CL_SEX, "U", 2025, true },
    { CL_SEX, "m", 2025, false },   /* membership is case-sensitive */
    { CL_SEX, "1", 2025, false },
    { CL_SEX, "0", 2025, false },
    { CL_SEX, "", 2025, false },
    { CL_SEX, "M ", 2025, false },  /* no trimming */
    { CL_SEX, "M", 2024, false },   /* before the years the tables cover */
    { CL_SEX, "M", 2030, true },    /* open-ended codes carry on */

    { CL_ETHNICITY, "WBRI", 2025, true },
    { CL_ETHNICITY, "NOBT", 2025, true },
    { CL_ETHNICITY, "REFU", 2026, true },
    { CL_ETHNICITY, "WBRX", 2025, false },
    { CL_ETHNICITY, "wbri", 2025, false },
    { CL_ETHNICITY, "WBR", 2025, false },

    { CL_DISABILITY, "NONE", 2025, true },
    { CL_DISABILITY, "DDA", 2025, true },
    { CL_DISABILITY, "AUT", 2026, true },
    { CL_DISABILITY, "None", 2025, false },
    { CL_DISABILITY, "MOBI", 2025, false },

    { CL_UPN_UNKNOWN, "UN1", 2025, true },
    { CL_UPN_UNKNOWN, "UN7", 2026, true },
    { CL_UPN_UNKNOWN, "UN8", 2025, false },  /* CS051 has it; CIN does not */
    { CL_UPN_UNKNOWN, "UN0", 2025, false },

    { CL_REFERRAL_SOURCE, "1A", 2025, true },
    { CL_REFERRAL_SOURCE, "4", 2025, true },
    { CL_REFERRAL_SOURCE, "5D", 2025, true },
    { CL_REFERRAL_SOURCE, "10", 2026, true },
    { CL_REFERRAL_SOURCE, "1", 2025, false },
    { CL_REFERRAL_SOURCE, "5", 2025, false },
    { CL_REFERRAL_SOURCE, "5E", 2025, false },
    { CL_REFERRAL_SOURCE, "11", 2025, false },

    { CL_PRIMARY_NEED, "N0", 2025, true },
    { CL_PRIMARY_NEED, "N1", 2026, true },
    { CL_PRIMARY_NEED, "N9", 2025, true },
    { CL_PRIMARY_NEED, "N10", 2025, false },
    { CL_PRIMARY_NEED, "n1", 2025, false },

    { CL_CLOSURE_REASON, "RC1", 2025, true },
    { CL_CLOSURE_REASON, "RC9", 2025, true },
    { CL_CLOSURE_REASON, "RC0", 2025, false },
    { CL_CLOSURE_REASON, "RC10", 2025, false },

    { CL_ABUSE_CATEGORY, "NEG", 2025, true },
    { CL_ABUSE_CATEGORY, "MUL", 2026, true },
    { CL_ABUSE_CATEGORY, "NEGLECT", 2025, false },
    { CL_ABUSE_CATEGORY, "neg", 2025, false },

    { CL_ASSESSMENT_FACTOR, "1A", 2025, true },
    { CL_ASSESSMENT_FACTOR, "18A", 2025, true },  /* queried by 8945Q, so valid */
    { CL_ASSESSMENT_FACTOR, "19A", 2026, true },  /* queried by 8950Q, so valid */
    { CL_ASSESSMENT_FACTOR, "18B", 2025, true },
    { CL_ASSESSMENT_FACTOR, "20", 2025, true },
    { CL_ASSESSMENT_FACTOR, "21", 2025, true },
    { CL_ASSESSMENT_FACTOR, "24A", 2026, true },
    { CL_ASSESSMENT_FACTOR, "8A", 2025, false },
    { CL_ASSESSMENT_FACTOR, "7B", 2025, false },
    { CL_ASSESSMENT_FACTOR, "25A", 2025, false },
    { CL_ASSESSMENT_FACTOR, "20A", 2025, false },

    /* Pre-proceedings outcome: only from 2026-27. */
    { CL_PP_OUTCOME, "A", 2025, false },
    { CL_PP_OUTCOME, "A", 2026, false },
    { CL_PP_OUTCOME, "A", 2027, true },
    { CL_PP_OUTCOME, "C", 2028, true },
    { CL_PP_OUTCOME, "D", 2027, false },
};

static void test_code_valid_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof code_cases / sizeof code_cases[0]; i++) {
        const struct code_case *k = &code_cases[i];
        bool got = cin_code_valid(k->list, k->code, k->year);
        if (got != k->valid)
            fail_msg("%s \"%s\" in %d: expected %s", cin_codelist_name(k->list), k->code,
                     k->year, k->valid ? "valid" : "invalid");
    }
}

static size_t list_length(const char *const *l)
{
    size_t n = 0;
    while (l[n] != NULL)
        n++;
    return n;
}

/* Sizes as published (CIN note, code lists); a change here is a DfE change. */
static size_t expected_size(enum cin_codelist list, int year)
{
    switch (list) {
    case CL_SEX: return 3;
    case CL_ETHNICITY: return 20;
    case CL_DISABILITY: return 13;
    case CL_UPN_UNKNOWN: return 7;
    case CL_REFERRAL_SOURCE: return 22;
    case CL_PRIMARY_NEED: return 10;
    case CL_CLOSURE_REASON: return 9;
    case CL_ABUSE_CATEGORY: return 5;
    case CL_ASSESSMENT_FACTOR: return 44;
    case CL_PP_OUTCOME: return year >= 2027 ? 3 : 0;
    case CL__COUNT: break;
    }
    return 0;
}

static void test_lists_agree_with_valid(void **state)
{
    (void)state;
    for (int year = 2025; year <= 2030; year++) {
        for (int l = 0; l < CL__COUNT; l++) {
            enum cin_codelist list = (enum cin_codelist)l;
            const char *const *codes = cin_code_list(list, year);
            assert_non_null(codes);
            size_t n = list_length(codes);
            if (n != expected_size(list, year))
                fail_msg("%s in %d: %zu codes, expected %zu", cin_codelist_name(list), year, n,
                         expected_size(list, year));
            for (size_t i = 0; i < n; i++) {
                if (!cin_code_valid(list, codes[i], year))
                    fail_msg("%s in %d lists \"%s\" but does not accept it",
                             cin_codelist_name(list), year, codes[i]);
                for (size_t j = 0; j < i; j++)
                    if (strcmp(codes[i], codes[j]) == 0)
                        fail_msg("%s lists \"%s\" twice", cin_codelist_name(list), codes[i]);
            }
            /* The pointer is stable: callers may keep it. */
            assert_ptr_equal(codes, cin_code_list(list, year));
        }
    }
}

static void test_years_before_tables(void **state)
{
    (void)state;
    for (int l = 0; l < CL__COUNT; l++) {
        const char *const *codes = cin_code_list((enum cin_codelist)l, 2024);
        assert_non_null(codes);
        assert_null(codes[0]);
    }
}

static void test_names(void **state)
{
    (void)state;
    for (int l = 0; l < CL__COUNT; l++) {
        const char *name = cin_codelist_name((enum cin_codelist)l);
        assert_non_null(name);
        assert_string_not_equal(name, "unknown");
        for (int m = 0; m < l; m++)
            assert_string_not_equal(name, cin_codelist_name((enum cin_codelist)m));
    }
    assert_string_equal(cin_codelist_name(CL_ETHNICITY), "Ethnicity");
    assert_string_equal(cin_codelist_name(CL_ASSESSMENT_FACTOR), "AssessmentFactors");
}

static void test_bad_arguments(void **state)
{
    (void)state;
    enum cin_codelist bad = (enum cin_codelist)(CL__COUNT + 5);
    assert_false(cin_code_valid(bad, "M", 2025));
    assert_false(cin_code_valid(CL__COUNT, "M", 2025));
    assert_false(cin_code_valid(CL_SEX, NULL, 2025));
    assert_null(cin_code_list(bad, 2025)[0]);
    assert_string_equal(cin_codelist_name(bad), "unknown");
}

/* ------------------------------------------------------------------ */
/* XSD enumerations equal the code lists                               */
/* ------------------------------------------------------------------ */

static xmlXPathObjectPtr xpath(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    if (r == NULL)
        fail_msg("XPath failed: %s", expr);
    return r;
}

static size_t nodeset_size(const xmlXPathObject *r)
{
    return (r->nodesetval != NULL) ? (size_t)r->nodesetval->nodeNr : 0;
}

static const char *const non_code_types[] = { "YesNoType", "CollectionType", "SourceLevelType" };

static bool is_code_type(const char *type_name)
{
    for (int l = 0; l < CL__COUNT; l++) {
        const char *n = cin_codelist_name((enum cin_codelist)l);
        size_t len = strlen(n);
        if (strncmp(type_name, n, len) == 0 && strcmp(type_name + len, "Type") == 0)
            return true;
    }
    return false;
}

static void check_xsd_against_codes(const char *path, int year)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (doc == NULL)
        fail_msg("cannot read %s (run the tests from the repository root)", path);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_non_null(ctx);
    assert_int_equal(xmlXPathRegisterNs(ctx, (const xmlChar *)"xs", (const xmlChar *)XS_NS), 0);

    for (int l = 0; l < CL__COUNT; l++) {
        enum cin_codelist list = (enum cin_codelist)l;
        const char *name = cin_codelist_name(list);
        char expr[256];
        int w = snprintf(expr, sizeof expr,
                         "/xs:schema/xs:simpleType[@name='%sType']"
                         "/xs:restriction/xs:enumeration/@value",
                         name);
        assert_true(w > 0 && (size_t)w < sizeof expr);
        xmlXPathObjectPtr r = xpath(ctx, expr);

        const char *const *codes = cin_code_list(list, year);
        size_t n_codes = list_length(codes), n_xsd = nodeset_size(r);
        if (n_codes == 0) {
            /* A list not in force that year must not be in the schema. */
            w = snprintf(expr, sizeof expr, "/xs:schema/xs:simpleType[@name='%sType']", name);
            assert_true(w > 0 && (size_t)w < sizeof expr);
            xmlXPathObjectPtr t = xpath(ctx, expr);
            if (nodeset_size(t) != 0)
                fail_msg("%s defines %sType, but codes.c has no %s codes for %d", path, name, name,
                         year);
            xmlXPathFreeObject(t);
        }
        if (n_xsd != n_codes)
            fail_msg("%s: %sType has %zu enumerations, codes.c has %zu for %d", path, name, n_xsd,
                     n_codes, year);
        for (size_t i = 0; i < n_xsd; i++) {
            xmlChar *v = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
            assert_non_null(v);
            if (strcmp((const char *)v, codes[i]) != 0)
                fail_msg("%s: %sType enumeration %zu is \"%s\", codes.c says \"%s\"", path, name,
                         i + 1, (const char *)v, codes[i]);
            xmlFree(v);
        }
        xmlXPathFreeObject(r);
    }

    /* Every enumerated type is either a code list above or a known non-list. */
    xmlXPathObjectPtr all =
        xpath(ctx, "/xs:schema/xs:simpleType[xs:restriction/xs:enumeration]/@name");
    for (size_t i = 0; i < nodeset_size(all); i++) {
        xmlChar *v = xmlNodeGetContent(all->nodesetval->nodeTab[i]);
        assert_non_null(v);
        bool known = is_code_type((const char *)v);
        for (size_t k = 0; k < sizeof non_code_types / sizeof non_code_types[0]; k++)
            if (strcmp((const char *)v, non_code_types[k]) == 0)
                known = true;
        if (!known)
            fail_msg("%s: enumerated type %s is not a code list in codes.c", path, (const char *)v);
        xmlFree(v);
    }
    xmlXPathFreeObject(all);

    /* Enumerations hidden in anonymous types would escape the check above. */
    xmlXPathObjectPtr anon = xpath(ctx, "//xs:simpleType[not(@name)]//xs:enumeration");
    if (nodeset_size(anon) != 0)
        fail_msg("%s: anonymous simple types with enumerations; name them", path);
    xmlXPathFreeObject(anon);

    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
}

static void test_xsd_2025_matches_codes(void **state)
{
    (void)state;
    check_xsd_against_codes("specs/cin/cin_2025.xsd", 2025);
}

static void test_xsd_2026_matches_codes(void **state)
{
    (void)state;
    check_xsd_against_codes("specs/cin/cin_2026.xsd", 2026);
}

static void test_xsd_2027_matches_codes(void **state)
{
    (void)state;
    check_xsd_against_codes("specs/cin/cin_2027.xsd", 2027);
}

/* ------------------------------------------------------------------ */
/* Schema behaviour on samples                                         */
/* ------------------------------------------------------------------ */

struct errors {
    size_t n;
    int lines[32];
};

/* The error callback's argument became const in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *sr_xml_error;
#else
typedef xmlErrorPtr sr_xml_error;
#endif

static void collect_error(void *opaque, sr_xml_error err)
{
    struct errors *e = opaque;
    if (e->n < sizeof e->lines / sizeof e->lines[0])
        e->lines[e->n] = err->line;
    e->n++;
}

static xmlSchemaPtr load_schema(const char *path)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    assert_non_null(pc);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (s == NULL)
        fail_msg("cannot parse schema %s", path);
    return s;
}

/* Validates a parsed document; returns the errors. */
static struct errors validate_doc(xmlSchemaPtr schema, xmlDocPtr doc)
{
    struct errors e = { 0, { 0 } };
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    assert_non_null(vc);
    xmlSchemaSetValidStructuredErrors(vc, collect_error, &e);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && e.n == 0)
        e.n = 1;   /* failed without a reported error: still a failure */
    return e;
}

static struct errors validate_file(xmlSchemaPtr schema, const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (doc == NULL)
        fail_msg("cannot read %s", path);
    struct errors e = validate_doc(schema, doc);
    xmlFreeDoc(doc);
    return e;
}

static void test_valid_samples_pass(void **state)
{
    (void)state;
    static const struct { const char *xsd, *xml; } pairs[] = {
        { "specs/cin/cin_2025.xsd", "tests/data/cin_2025_valid.xml" },
        { "specs/cin/cin_2026.xsd", "tests/data/cin_2026_valid.xml" },
        /* Same shape both years: each sample passes the other year's schema. */
        { "specs/cin/cin_2026.xsd", "tests/data/cin_2025_valid.xml" },
        { "specs/cin/cin_2025.xsd", "tests/data/cin_2026_valid.xml" },
        { "specs/cin/cin_2027.xsd", "tests/data/cin_2027_valid.xml" },
        /* The module is optional: the earlier samples pass 2027's schema. */
        { "specs/cin/cin_2027.xsd", "tests/data/cin_2025_valid.xml" },
        { "specs/cin/cin_2027.xsd", "tests/data/cin_2026_valid.xml" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        xmlSchemaPtr s = load_schema(pairs[i].xsd);
        struct errors e = validate_file(s, pairs[i].xml);
        if (e.n != 0)
            fail_msg("%s against %s: %zu errors, first at line %d", pairs[i].xml, pairs[i].xsd,
                     e.n, e.lines[0]);
        xmlSchemaFree(s);
    }
}

/* The samples also pass Social Finance's re-creations of the schema (the
 * reason they spell booleans 0/1).  Those live in the shared reference
 * folder, which run-unit.sh names in STATRETURN_SHARED when it exists. */
static void test_valid_samples_pass_sf_schemas(void **state)
{
    (void)state;
    const char *shared = getenv("STATRETURN_SHARED");
    if (shared == NULL || shared[0] == '\0')
        skip();
    for (int year = 2025; year <= 2026; year++) {
        char xsd[4096], xml[64];
        int w = snprintf(xsd, sizeof xsd, "%s/reference/cin/sf-pipeline_CIN_schema_%d.xsd", shared,
                         year);
        assert_true(w > 0 && (size_t)w < sizeof xsd);
        w = snprintf(xml, sizeof xml, "tests/data/cin_%d_valid.xml", year);
        assert_true(w > 0 && (size_t)w < sizeof xml);
        FILE *f = fopen(xsd, "rb");
        if (f == NULL)
            skip();
        fclose(f);
        xmlSchemaPtr s = load_schema(xsd);
        struct errors e = validate_file(s, xml);
        if (e.n != 0)
            fail_msg("%s against %s: %zu errors, first at line %d", xml, xsd, e.n, e.lines[0]);
        xmlSchemaFree(s);
    }
}

static void test_invalid_sample_lines(void **state)
{
    (void)state;
    /* As listed in the file's own comment. */
    static const int expected[] = { 37, 44, 61, 64, 72, 85 };
    size_t n_expected = sizeof expected / sizeof expected[0];
    xmlSchemaPtr s = load_schema("specs/cin/cin_2025.xsd");
    struct errors e = validate_file(s, "tests/data/cin_2025_schema_invalid.xml");
    xmlSchemaFree(s);
    if (e.n != n_expected)
        fail_msg("cin_2025_schema_invalid.xml: %zu schema errors, expected %zu", e.n, n_expected);
    for (size_t i = 0; i < n_expected; i++)
        assert_int_equal(e.lines[i], expected[i]);
}

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            assert_non_null(nb);
            buf = nb;
        }
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Copy of text with the first occurrence of from replaced by to. */
static char *replace_first(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (at == NULL)
        fail_msg("sample does not contain \"%s\"", from);
    size_t head = (size_t)(at - text), lf = strlen(from), lt = strlen(to);
    size_t tail = strlen(at + lf);
    char *out = malloc(head + lt + tail + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    memcpy(out + head, to, lt);
    memcpy(out + head + lt, at + lf, tail + 1);
    return out;
}

struct mutation {
    const char *why;
    const char *from;
    const char *to;
    bool valid;
};

/* Edits of the valid 2025 sample, and whether the schema must accept them.
 * "rule" cases must pass: the defect belongs to the named DfE rule. */
static const struct mutation mutations[] = {
    { "8568: boolean as false",
      "<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>false</ReferralNFA>", true },
    { "8568: boolean as true",
      "<ICPCnotRequired>1</ICPCnotRequired>", "<ICPCnotRequired>true</ICPCnotRequired>", true },
    { "boolean in capitals",
      "<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>FALSE</ReferralNFA>", false },
    { "boolean as yes",
      "<ICPCnotRequired>0</ICPCnotRequired>", "<ICPCnotRequired>yes</ICPCnotRequired>", false },
    { "1570: LAchildID of 21 characters",
      "<LAchildID>SYN000001</LAchildID>", "<LAchildID>SYN000001000000000000001</LAchildID>", true },
    { "1580: LAchildID with punctuation",
      "<LAchildID>SYN000001</LAchildID>", "<LAchildID>SYN-0001/a</LAchildID>", true },
    { "empty LAchildID", "<LAchildID>SYN000001</LAchildID>", "<LAchildID></LAchildID>", false },
    { "LAchildID of 100 characters", "<LAchildID>SYN000001</LAchildID>",
      "<LAchildID>SYN000001" "0123456789012345678901234567890123456789"
      "012345678901234567890123456789012345678901234567891</LAchildID>", true },
    { "LAchildID of 101 characters", "<LAchildID>SYN000001</LAchildID>",
      "<LAchildID>SYN000001" "0123456789012345678901234567890123456789"
      "0123456789012345678901234567890123456789012345678912</LAchildID>", false },
    { "1510: wrong check letter", "<UPN>L201000000011</UPN>", "<UPN>A201000000011</UPN>", true },
    { "1530: LA code not digits", "<UPN>L201000000011</UPN>", "<UPN>LABC000000011</UPN>", true },
    { "1540: letters in 5-12", "<UPN>L201000000011</UPN>", "<UPN>L2010000X0011</UPN>", true },
    { "1550: short UPN", "<UPN>L201000000011</UPN>", "<UPN>L20100000001</UPN>", true },
    { "1560Q: former UPN ending in a letter",
      "<FormerUPN>P207000016049</FormerUPN>", "<FormerUPN>X98765432123B</FormerUPN>", true },
    { "empty UPN", "<UPN>L201000000011</UPN>", "<UPN/>", false },
    { "8945Q: factor 18A",
      "<AssessmentFactors>3A</AssessmentFactors>",
      "<AssessmentFactors>18A</AssessmentFactors>", true },
    { "8950Q: factor 19A",
      "<AssessmentFactors>3A</AssessmentFactors>",
      "<AssessmentFactors>19A</AssessmentFactors>", true },
    { "factor 8A is no code",
      "<AssessmentFactors>3A</AssessmentFactors>",
      "<AssessmentFactors>8A</AssessmentFactors>", false },
    { "8897Q: empty factors wrapper",
      "<FactorsIdentifiedAtAssessment>\n"
      "            <AssessmentFactors>2B</AssessmentFactors>\n"
      "          </FactorsIdentifiedAtAssessment>",
      "<FactorsIdentifiedAtAssessment/>", true },
    { "8842Q: empty Reviews",
      "<Reviews>\n            <CPPreviewDate>2024-12-02</CPPreviewDate>\n          </Reviews>",
      "<Reviews/>", true },
    { "8540: empty Disabilities",
      "<Disabilities>\n"
      "          <Disability>INC</Disability>\n"
      "          <Disability>COMM</Disability>\n"
      "          <Disability>LD</Disability>\n"
      "          <Disability>VIS</Disability>\n"
      "        </Disabilities>",
      "<Disabilities></Disabilities>", true },
    { "no previous plans",
      "<NumberOfPreviousCPP>2</NumberOfPreviousCPP>",
      "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>", true },
    { "negative previous plans",
      "<NumberOfPreviousCPP>2</NumberOfPreviousCPP>",
      "<NumberOfPreviousCPP>-1</NumberOfPreviousCPP>", false },
    { "empty Collection (a fixed= facet would accept it)",
      "<Collection>CIN</Collection>", "<Collection/>", false },
    { "other collection", "<Collection>CIN</Collection>", "<Collection>CLA</Collection>", false },
    { "two-digit LEA", "<LEA>201</LEA>", "<LEA>21</LEA>", false },
    { "no Release", "<Release>0.1.0</Release>", "", true },
    { "no SoftwareCode", "<SoftwareCode>statreturn</SoftwareCode>", "", false },
    { "GenderCurrent value in Sex", "<Sex>F</Sex>", "<Sex>2</Sex>", false },
    { "GenderCurrent element", "<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>", false },
    { "impossible date",
      "<CINreferralDate>2024-04-15</CINreferralDate>",
      "<CINreferralDate>2024-04-31</CINreferralDate>", false },
    { "DD/MM/YYYY date",
      "<CINreferralDate>2024-04-15</CINreferralDate>",
      "<CINreferralDate>15/04/2024</CINreferralDate>", false },
    { "code with a space", "<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI </Ethnicity>", false },
};

/* Edits of the valid 2027 sample's pre-proceedings module (its first group
 * unless said).  The module's elements are all optional (rules query the
 * missing ones), its dates take any date (rules check the period and the
 * order), and its flags and outcome are as strict as the other booleans
 * and code lists. */
static const struct mutation mutations_2027[] = {
    { "9000Q: no PPStartDate", "<PPStartDate>2026-06-15</PPStartDate>", "", true },
    { "9005: PPStartDate before the period",
      "<PPStartDate>2026-06-15</PPStartDate>", "<PPStartDate>2026-03-31</PPStartDate>", true },
    { "9006: letter before the start",
      "<LBPSentDate>2026-06-22</LBPSentDate>", "<LBPSentDate>2026-06-01</LBPSentDate>", true },
    { "9007: no FGDMMeetingOffer", "<FGDMMeetingOffer>1</FGDMMeetingOffer>", "", true },
    { "9010Q: no FGDMMeetingFac", "<FGDMMeetingFac>0</FGDMMeetingFac>", "", true },
    { "9015Q: no ReviewMeetingsCount", "<ReviewMeetingsCount>2</ReviewMeetingsCount>", "", true },
    { "9012: court application after the year",
      "<CourtAppDate>2026-12-14</CourtAppDate>", "<CourtAppDate>2027-04-01</CourtAppDate>", true },
    { "8568: FGDM flag as true",
      "<FGDMMeetingOffer>1</FGDMMeetingOffer>", "<FGDMMeetingOffer>true</FGDMMeetingOffer>", true },
    { "FGDM flag as yes",
      "<FGDMMeetingFac>0</FGDMMeetingFac>", "<FGDMMeetingFac>yes</FGDMMeetingFac>", false },
    { "outcome C", "<PPOutcome>B</PPOutcome>", "<PPOutcome>C</PPOutcome>", true },
    { "outcome D is no CS131 code", "<PPOutcome>B</PPOutcome>", "<PPOutcome>D</PPOutcome>", false },
    { "outcome in lower case", "<PPOutcome>B</PPOutcome>", "<PPOutcome>b</PPOutcome>", false },
    { "no review meetings", "<ReviewMeetingsCount>2</ReviewMeetingsCount>",
      "<ReviewMeetingsCount>0</ReviewMeetingsCount>", true },
    { "negative review meetings", "<ReviewMeetingsCount>2</ReviewMeetingsCount>",
      "<ReviewMeetingsCount>-1</ReviewMeetingsCount>", false },
    { "review meetings as a word", "<ReviewMeetingsCount>2</ReviewMeetingsCount>",
      "<ReviewMeetingsCount>two</ReviewMeetingsCount>", false },
    { "DD/MM/YYYY start", "<PPStartDate>2026-06-15</PPStartDate>", "<PPStartDate>15/06/2026</PPStartDate>",
      false },
    { "elements out of order",
      "<PPStartDate>2026-06-15</PPStartDate>\n          <LBPSentDate>2026-06-22</LBPSentDate>",
      "<LBPSentDate>2026-06-22</LBPSentDate>\n          <PPStartDate>2026-06-15</PPStartDate>", false },
    { "an empty group",
      "<PreProceedingsandFGDM>\n          <PPStartDate>2026-10-05</PPStartDate>\n"
      "          <LBPSentDate>2026-10-09</LBPSentDate>\n"
      "          <FGDMMeetingOffer>1</FGDMMeetingOffer>\n          <FGDMMeetingFac>1</FGDMMeetingFac>\n"
      "          <InitialPPMeetingDate>2026-10-19</InitialPPMeetingDate>\n"
      "          <ReviewMeetingsCount>1</ReviewMeetingsCount>\n"
      "          <StepDecisionDate>2026-12-07</StepDecisionDate>\n          <PPOutcome>A</PPOutcome>\n"
      "          <CourtAppDate>2026-12-14</CourtAppDate>\n"
      "          <LetterInitCPDate>2026-12-15</LetterInitCPDate>\n        </PreProceedingsandFGDM>",
      "<PreProceedingsandFGDM/>", true },
    { "the module before ChildProtectionPlans",
      "<ReferralNFA>0</ReferralNFA>\n        <ChildProtectionPlans>",
      "<ReferralNFA>0</ReferralNFA>\n        <PreProceedingsandFGDM/>\n        <ChildProtectionPlans>", false },
    { "an unknown element in the module",
      "<PPOutcome>B</PPOutcome>", "<PPOutcome>B</PPOutcome><PPCourt>1</PPCourt>", false },
};

static void check_mutations(const char *sample_path, const char *xsd_path, const struct mutation *ms, size_t n)
{
    char *sample = read_whole_file(sample_path);
    xmlSchemaPtr s = load_schema(xsd_path);
    for (size_t i = 0; i < n; i++) {
        const struct mutation *m = &ms[i];
        char *text = replace_first(sample, m->from, m->to);
        xmlDocPtr doc =
            xmlReadMemory(text, (int)strlen(text), "mutated.xml", NULL, XML_PARSE_NONET);
        if (doc == NULL)
            fail_msg("%s: not well-formed", m->why);
        struct errors e = validate_doc(s, doc);
        if ((e.n == 0) != m->valid)
            fail_msg("%s: schema %s it, expected %s", m->why, e.n == 0 ? "accepts" : "rejects",
                     m->valid ? "accept" : "reject");
        xmlFreeDoc(doc);
        free(text);
    }
    xmlSchemaFree(s);
    free(sample);
}

static void test_schema_leniency(void **state)
{
    (void)state;
    check_mutations("tests/data/cin_2025_valid.xml", "specs/cin/cin_2025.xsd", mutations,
                    sizeof mutations / sizeof mutations[0]);
}

static void test_schema_2027_module(void **state)
{
    (void)state;
    check_mutations("tests/data/cin_2027_valid.xml", "specs/cin/cin_2027.xsd", mutations_2027,
                    sizeof mutations_2027 / sizeof mutations_2027[0]);
}

/* The module is new in 2026-27: the 2026 schema refuses it. */
static void test_schema_2026_refuses_module(void **state)
{
    (void)state;
    xmlSchemaPtr s = load_schema("specs/cin/cin_2026.xsd");
    struct errors e = validate_file(s, "tests/data/cin_2027_valid.xml");
    xmlSchemaFree(s);
    if (e.n == 0)
        fail_msg("the 2026 schema accepts the pre-proceedings module");
}

static int setup_libxml(void **state)
{
    (void)state;
    xmlInitParser();
    return 0;
}

static int teardown_libxml(void **state)
{
    (void)state;
    xmlCleanupParser();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_valid_table),
        cmocka_unit_test(test_lists_agree_with_valid),
        cmocka_unit_test(test_years_before_tables),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_xsd_2025_matches_codes),
        cmocka_unit_test(test_xsd_2026_matches_codes),
        cmocka_unit_test(test_xsd_2027_matches_codes),
        cmocka_unit_test(test_valid_samples_pass),
        cmocka_unit_test(test_valid_samples_pass_sf_schemas),
        cmocka_unit_test(test_invalid_sample_lines),
        cmocka_unit_test(test_schema_leniency),
        cmocka_unit_test(test_schema_2027_module),
        cmocka_unit_test(test_schema_2026_refuses_module),
    };
    return cmocka_run_group_tests(tests, setup_libxml, teardown_libxml);
}
