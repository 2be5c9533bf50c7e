/*
 * Tests of the findings sink and report writers (src/findings/report.c).
 *
 * The escapers are pure functions tested from tables (CSV quoting and
 * formula neutralising, JSON, HTML, invalid UTF-8).  Reports written for a
 * few synthetic findings must hold the expected rows in each format, never
 * a value unless values were both kept and asked for, and be well formed
 * (JSON by the strict checker in support/json_check.c; HTML tags balanced
 * enough to matter).
 * SSDA903 sections: the table, row and column columns in every format, the
 * HTML by-child part (return order, links both ways, its cap), and a
 * report mixing CIN and SSDA903 files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "findings/report.h"
#include "returns/cin/cin_record.h"
#include "io/csv.h"
#include "io/html.h"
#include "io/json.h"
#include "json_check.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* ---- escapers ------------------------------------------------------------ */

struct esc_case {
    const char *in;
    const char *out;
};

static void test_csv_cells(void **state)
{
    static const struct esc_case cases[] = {
        { "", "" },
        { "SYN000001", "SYN000001" },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "two\nlines", "\"two\nlines\"" },
        { "cr\rhere", "\"cr\rhere\"" },
        { "=1+1", "'=1+1" },
        { "+44 20", "'+44 20" },
        { "-2", "'-2" },
        { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
        { "\tcmd", "'\tcmd" },
        { "\r=x", "\"'\r=x\"" },
        { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
        { "a=b", "a=b" },
        { "Child\xE2\x80\x99s", "Child\xE2\x80\x99s" },
        { "bad\xFFutf8", "bad\xEF\xBF\xBDutf8" },
        { NULL, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        csv_cell(&sb, cases[i].in, CSV_CELL_REPORT);
        if (strcmp(sb.buf, cases[i].out) != 0)
            fail_msg("csv case %zu: got [%s] want [%s]", i, sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

static void test_json_strings(void **state)
{
    static const struct esc_case cases[] = {
        { "", "\"\"" },
        { "plain", "\"plain\"" },
        { "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
        { "\n\r\t", "\"\\n\\r\\t\"" },
        { "\b\f\x01\x1f\x7f", "\"\\u0008\\u000c\\u0001\\u001f\\u007f\"" },
        { "</script><!--&", "\"\\u003c/script\\u003e\\u003c!--\\u0026\"" },
        { "\xE2\x80\xA8\xE2\x80\xA9", "\"\\u2028\\u2029\"" },
        { "caf\xC3\xA9 \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"" },
        { "\xC3\x28", "\"\\ufffd(\"" },                 /* bad continuation */
        { "\xC0\xAF", "\"\\ufffd\\ufffd\"" },             /* overlong */
        { "\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },  /* surrogate */
        { "\xF4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" }, /* > U+10FFFF */
        { "end\xE2\x82", "\"end\\ufffd\\ufffd\"" },        /* truncated */
        { NULL, "\"\"" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        json_add_string_for(&sb, cases[i].in, JSON_HTML_SAFE);
        if (strcmp(sb.buf, cases[i].out) != 0)
            fail_msg("json case %zu: got [%s] want [%s]", i, sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

static void test_html_escape(void **state)
{
    static const struct esc_case cases[] = {
        { "", "" },
        { "SYN000001", "SYN000001" },
        { "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
        { "a & b \"c\"", "a &amp; b &quot;c&quot;" },
        { "&amp;", "&amp;amp;" },
        { "tab\tnl\n", "tab\tnl\n" },
        { "nul\x01" "del\x7f", "nul\xEF\xBF\xBD" "del\xEF\xBF\xBD" },
        { "\xFF", "\xEF\xBF\xBD" },
        { "caf\xC3\xA9", "caf\xC3\xA9" },
        { NULL, "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        html_escape(&sb, cases[i].in);
        if (strcmp(sb.buf, cases[i].out) != 0)
            fail_msg("html case %zu: got [%s] want [%s]", i, sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

/* ---- synthetic reports ---------------------------------------------------------- */

static const struct rule rule_e = {
    .code = "1234", .type = RULE_ERROR, .module = "Test",
    .message = "A test error, with a comma and \"quotes\"",
};
static const struct rule rule_q = {
    .code = "5678Q", .type = RULE_QUERY, .module = "Test",
    .message = "=A query whose message starts like a formula",
};

/* message: the finding's own (a pair rule's), or NULL. */
static void add_finding_message(struct report *r, const struct rule *rule, const char *id, size_t child,
                                size_t episode, const char *path, uint32_t line, const char *value,
                                const char *message)
{
    struct finding f;
    char column[CIN_COLUMN_MAX];

    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.la_child_id = id;
    f.child_position = child;
    f.episode_position = episode;
    f.referral_date = episode ? date_from_ymd(2024, 6, 3) : SR_DATE_NONE;
    f.path = path;
    f.line = line;
    f.value = value;
    f.message = message;
    cin_path_locate(path, &f.table, &f.row, column);   /* as the CIN engine does */
    f.column = column[0] ? column : NULL;
    report_finding(r, &f);
}

static void add_finding(struct report *r, const struct rule *rule, const char *id, size_t child,
                        size_t episode, const char *path, uint32_t line, const char *value)
{
    add_finding_message(r, rule, id, child, episode, path, line, value, NULL);
}

/* A schema error as the CIN validator reports one. */
static void schema_error(struct report *r, uint32_t line, const char *path, const char *message, const char *id,
                         size_t child, const char *value)
{
    struct finding f = { .rule = &report_xsd_rule, .la_child_id = id, .child_position = child, .path = path,
                         .line = line, .value = value, .referral_date = SR_DATE_NONE };
    char column[CIN_COLUMN_MAX];
    cin_path_locate(path, &f.table, &f.row, column);
    f.column = column[0] ? column : NULL;
    report_finding_message(r, &f, message);
}

/* Three findings for two children, one schema error, one return-level query. */
static struct report *sample_report(bool keep)
{
    struct report *r = report_new("in/cin.xml", 2025);

    if (keep)
        report_keep_values(r);
    add_finding(r, &rule_e, "C1", 1, 2, "Message/Children/Child[1]/CINdetails[2]/CINreferralDate", 40,
                "SECRET-DATE-1");
    add_finding(r, &rule_e, "=C2", 2, 0, "Message/Children/Child[2]/ChildIdentifiers/UPN", 70,
                "SECRET-UPN-2");
    schema_error(r, 71, "Message/Children/Child[2]/ChildIdentifiers/Sex",
                 "Element 'Sex': [facet 'enumeration'] The value '[value hidden]' is not an "
                 "element of the set {'M', 'F', 'U'}.", "=C2", 2, "SECRET-SEX");
    add_finding(r, &rule_e, "=C2", 2, 1, "Message/Children/Child[2]/CINdetails[1]", 80, NULL);
    add_finding(r, &rule_q, NULL, 0, 0, "Message/Children", 0, NULL);
    report_child(r);
    report_child(r);
    return r;
}

static char *render(struct report *r, enum report_format fmt, bool show)
{
    char *buf = NULL;
    size_t len = 0;
    char err[256];
    FILE *fp = open_memstream(&buf, &len);

    assert_non_null(fp);
    if (report_write(r, fp, fmt, show, err, sizeof err) != 0)
        fail_msg("report_write: %s", err);
    assert_int_equal(fclose(fp), 0);
    return buf;
}

/* Occurrences of needle.  A plain scan: strstr in a loop is quadratic
 * under ASan, whose interceptor measures the whole haystack each call. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, hl = strlen(hay), nl = strlen(needle);

    for (size_t i = 0; nl && i + nl <= hl; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, nl)) {
            n++;
            i += nl - 1;
        }
    }
    return n;
}

/* A finding's own message (a pair rule naming the other record) is its
 * message in CSV and JSON, and a Detail column in its CIN rule's HTML
 * table; a rule without such findings has no Detail column. */
static void test_own_message(void **state)
{
    struct report *r = report_new("in/cin.xml", 2025);
    char *out;

    (void)state;
    add_finding_message(r, &rule_e, "C4", 4, 0, "Message/Children/Child[4]/ChildIdentifiers/LAchildID", 90, NULL,
                        "A test error (the other record: Child[2], line 30)");
    add_finding(r, &rule_q, NULL, 0, 0, "Message/Children", 0, NULL);
    out = render(r, REPORT_CSV, false);
    assert_non_null(strstr(out, ",1234,error,ChildIdentifiers,1,C4,LAchildID,"
                                "\"A test error (the other record: Child[2], line 30)\",90,"));
    free(out);
    out = render(r, REPORT_JSON, false);
    assert_non_null(strstr(out, "\"message\":\"A test error (the other record: Child[2], line 30)\""));
    free(out);
    out = render(r, REPORT_HTML, false);
    assert_int_equal(count(out, "<th>Detail</th>"), 1);
    assert_non_null(strstr(out, "<td>A test error (the other record: Child[2], line 30)</td>"));
    free(out);
    report_free(r);
}

static void test_counts_and_summary(void **state)
{
    struct report *r = sample_report(false);
    struct report_summary s;

    (void)state;
    assert_int_equal(report_errors(r), 4);
    assert_int_equal(report_queries(r), 1);
    report_get_summary(r, &s);
    assert_int_equal(s.files, 1);
    assert_int_equal(s.children, 2);
    assert_int_equal(s.errors, 4);
    assert_int_equal(s.queries, 1);
    report_free(r);
}

static void test_csv_report(void **state)
{
    struct report *r = sample_report(false);
    char *csv = render(r, REPORT_CSV, true);   /* asked, but values were not kept */

    (void)state;
    assert_int_equal(memcmp(csv, "\xEF\xBB\xBF", 3), 0);
    /* The SSDA903 columns (table, row, child, column ...), then the CIN
     * episode's: every finding is located the same way. */
    assert_non_null(strstr(csv, "file,rule,type,table,row,child,column,message,line,path,cindetails_position,"
                                "referral_date\r\n"));
    assert_null(strstr(csv, ",value"));
    assert_int_equal(count(csv, "\r\n"), 6);       /* header + 5 rows */
    assert_int_equal(count(csv, "\n"), 6);         /* no bare LF */
    assert_non_null(strstr(csv, "in/cin.xml,1234,error,CINdetails,2,C1,CINreferralDate,\"A test error, with a comma "
                                "and \"\"quotes\"\"\",40,Message/Children/Child[1]/CINdetails[2]/CINreferralDate,2,"
                                "2024-06-03\r\n"));
    assert_non_null(strstr(csv, ",ChildIdentifiers,1,'=C2,UPN,\"A test error, with a comma and \"\"quotes\"\"\",70,"
                                "Message/Children/Child[2]/ChildIdentifiers/UPN,,\r\n"));
    assert_non_null(strstr(csv, "in/cin.xml,XSD,error,ChildIdentifiers,1,'=C2,Sex,\"Element 'Sex': [facet "
                                "'enumeration'] The value '[value hidden]'"));
    assert_non_null(strstr(csv, "in/cin.xml,5678Q,query,,,,,'=A query whose message starts like a formula,,"
                                "Message/Children,,\r\n"));
    assert_null(strstr(csv, "SECRET"));
    free(csv);
    report_free(r);
}

static void test_values_only_when_kept_and_asked(void **state)
{
    struct report *kept = sample_report(true);
    struct report *not_kept = sample_report(false);
    static const enum report_format fmts[] = { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_HTML };

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        char *a = render(kept, fmts[i], true);
        char *b = render(kept, fmts[i], false);
        char *c = render(not_kept, fmts[i], true);
        assert_non_null(strstr(a, "SECRET-UPN-2"));
        assert_non_null(strstr(a, "SECRET-SEX"));
        assert_null(strstr(b, "SECRET"));
        assert_null(strstr(c, "SECRET"));
        /* LAchildID is always there */
        assert_non_null(strstr(b, "C1"));
        free(a);
        free(b);
        free(c);
    }
    char *csv = render(kept, REPORT_CSV, true);
    assert_non_null(strstr(csv, ",referral_date,value\r\n"));
    assert_non_null(strstr(csv, ",2,2024-06-03,SECRET-DATE-1\r\n"));
    free(csv);
    report_free(kept);
    report_free(not_kept);
}

static void test_json_report(void **state)
{
    struct report *r = sample_report(true);
    char *json = render(r, REPORT_JSON, true);

    (void)state;
    if (!json_valid(json))
        fail_msg("invalid JSON: %s", json);
    assert_non_null(strstr(json, "\"files\":[{\"file\":\"in/cin.xml\",\"return\":\"CIN census\",\"year\":2025,"
                                 "\"status\":\"errors\",\"diagnosis\":null,\"children\":2,\"errors\":4,\"queries\":1"));
    assert_int_equal(count(json, "{\"rule\":"), 3);       /* 3 rule counts */
    assert_int_equal(count(json, "{\"file\":\"in/cin.xml\",\"rule\":"), 5);   /* 5 findings */
    assert_non_null(strstr(json, "{\"file\":\"in/cin.xml\",\"rule\":\"1234\",\"type\":\"error\",\"message\":\"A test error, with a comma and "
                                 "\\\"quotes\\\"\",\"la_child_id\":\"C1\",\"child_position\":1,"
                                 "\"table\":\"CINdetails\",\"row\":2,\"column\":\"CINreferralDate\","
                                 "\"cindetails_position\":2,\"referral_date\":\"2024-06-03\","
                                 "\"path\":\"Message/Children/Child[1]/CINdetails[2]/CINreferralDate\","
                                 "\"line\":40,\"value\":\"SECRET-DATE-1\"}"));
    assert_non_null(strstr(json, "\"la_child_id\":null,\"child_position\":null,\"table\":null,\"row\":null,"
                                 "\"column\":null,\"cindetails_position\":null,"
                                 "\"referral_date\":null,\"path\":\"Message/Children\",\"line\":null"));
    /* child 2 has three findings, child 1 one: child 2 first */
    assert_non_null(strstr(json, "\"most_affected_children\":[\n  {\"la_child_id\":\"=C2\",\"child_position\":2,"
                                 "\"errors\":3,\"queries\":0},\n  {\"la_child_id\":\"C1\""));
    free(json);
    report_free(r);
}

static void test_text_report(void **state)
{
    struct report *r = sample_report(false);
    char *txt = render(r, REPORT_TEXT, false);

    (void)state;
    assert_non_null(strstr(txt, "CIN census file: in/cin.xml\n"));
    assert_non_null(strstr(txt, "  collection year: 2025\n  children:        2\n  errors:          4\n"
                                "  queries:         1\n"));
    /* errors first, then by count */
    char *e = strstr(txt, "  1234    error        3  A test error");
    char *x = strstr(txt, "  XSD     error        1  The file does not conform");
    char *q = strstr(txt, "  5678Q   query        1  =A query");
    assert_non_null(e);
    assert_non_null(x);
    assert_non_null(q);
    assert_true(e < x && x < q);
    assert_non_null(strstr(txt, "Most affected children"));
    assert_non_null(strstr(txt, "    1234  error  C1  CINdetails[2] 2024-06-03  "
                                "Message/Children/Child[1]/CINdetails[2]/CINreferralDate  line 40\n"));
    assert_non_null(strstr(txt, "        Element 'Sex': [facet 'enumeration']"));
    free(txt);
    report_free(r);
}

static void test_text_has_no_control_characters(void **state)
{
    struct report *r = report_new("f.xml", 2025);
    char *txt;

    (void)state;
    add_finding(r, &rule_e, "ID\x1b[31mRED", 1, 0, "Message/Children/Child[1]", 3, NULL);
    txt = render(r, REPORT_TEXT, false);
    assert_null(strchr(txt, '\x1b'));
    assert_non_null(strstr(txt, "ID?[31mRED"));
    free(txt);
    report_free(r);
}

static void test_html_report(void **state)
{
    struct report *r = report_new("a<b>.xml", 2025);
    char *html;

    (void)state;
    report_keep_values(r);
    add_finding(r, &rule_e, "<img src=x onerror=alert(1)>", 1, 0, "Message/Children/Child[1]", 3,
                "\"><script>alert(2)</script>");
    schema_error(r, 4, "Message/Children/Child[1]/X", "Element 'X': <b>not expected</b>",
                 "<img src=x onerror=alert(1)>", 1, NULL);
    html = render(r, REPORT_HTML, true);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
    assert_non_null(strstr(html, "Content-Security-Policy"));
    assert_int_equal(count(html, "<script"), 1);        /* ours, inline */
    assert_null(strstr(html, "<script src"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_non_null(strstr(html, "data-c=\"&lt;img src=x onerror=alert(1)&gt;\""));
    assert_non_null(strstr(html, "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert_non_null(strstr(html, "a&lt;b&gt;.xml"));
    assert_int_equal(count(html, "<table"), count(html, "</table>"));
    assert_int_equal(count(html, "<tr"), count(html, "</tr>"));
    assert_int_equal(count(html, "<section"), count(html, "</section>"));
    free(html);
    report_free(r);
}

static void assert_links_resolve(const char *html);

/* A CIN section has its findings' table, row and column, and a by-child
 * part that its LAchildIDs link to, as an SSDA903 section has. */
static void test_html_cin_places_and_children(void **state)
{
    struct report *r = sample_report(false);
    char *html = render(r, REPORT_HTML, false);

    (void)state;
    assert_non_null(strstr(html, "<th>LAchildID</th><th>Table</th><th>Row</th><th>Column</th><th>CINdetails</th>"));
    assert_non_null(strstr(html, "<td><a href=\"#f0-c2\">=C2</a></td><td>ChildIdentifiers</td><td class=\"n\">1</td>"
                                 "<td>UPN</td>"));
    assert_non_null(strstr(html, "<td><a href=\"#f0-c1\">C1</a></td><td>CINdetails</td><td class=\"n\">2</td>"
                                 "<td>CINreferralDate</td>"));
    assert_int_equal(count(html, "By child</h3>"), 1);
    assert_non_null(strstr(html, "<h4 id=\"f0-c2\">LAchildID <code>=C2</code> (child 2): 3 findings</h4>"));
    assert_non_null(strstr(html, "<h4 id=\"f0-c1\">LAchildID <code>C1</code> (child 1): 1 finding</h4>"));
    assert_non_null(strstr(html, "1 finding is about a file or the whole return"));
    assert_links_resolve(html);
    free(html);
    report_free(r);
}

static void test_html_caps_rows(void **state)
{
    struct report *r = report_new("big.xml", 2025);
    char *html;

    (void)state;
    for (size_t i = 1; i <= REPORT_HTML_ROWS + 25; i++)
        add_finding(r, &rule_e, "C", i, 0, "Message/Children/Child", (uint32_t)i, NULL);
    html = render(r, REPORT_HTML, false);
    assert_int_equal(count(html, "<tr data-c="), REPORT_HTML_ROWS);
    assert_non_null(strstr(html, "and 25 more"));
    free(html);
    report_free(r);
}

static void test_several_files(void **state)
{
    struct report *r = report_new(NULL, 0);
    struct report_summary s;
    char *csv, *json, *txt;

    (void)state;
    report_begin_file(r, "one.xml", "CIN census");
    report_set_year(r, 2025);
    add_finding(r, &rule_e, "A", 1, 0, "Message/Children/Child[1]", 5, NULL);
    report_set_children(r, 1);
    report_begin_file(r, "two.xml", "CIN census");
    report_set_diagnosis(r, "two.xml: line 9: the file ends before the XML is complete (truncated?)");
    report_begin_file(r, "three.xml", "CIN census");
    report_set_year(r, 2026);
    report_set_children(r, 4);
    add_finding(r, &rule_q, "B", 3, 0, "Message/Children/Child[3]", 7, NULL);
    add_finding(r, &rule_q, "B", 3, 0, "Message/Children/Child[3]", 8, NULL);
    assert_int_equal(report_errors(r), 0);
    assert_int_equal(report_queries(r), 2);
    report_get_summary(r, &s);
    assert_int_equal(s.files, 3);
    assert_int_equal(s.children, 5);
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.queries, 2);

    csv = render(r, REPORT_CSV, false);
    assert_int_equal(count(csv, "\r\n"), 4);
    assert_int_equal(count(csv, "one.xml,"), 1);
    assert_int_equal(count(csv, "three.xml,5678Q"), 2);
    json = render(r, REPORT_JSON, false);
    assert_true(json_valid(json));
    assert_int_equal(count(json, "\"return\":"), 3);
    assert_non_null(strstr(json, "\"file\":\"two.xml\",\"return\":\"CIN census\",\"year\":null,"
                                 "\"status\":\"unreadable\",\"diagnosis\":\"two.xml: line 9: the file ends"));
    txt = render(r, REPORT_TEXT, false);
    assert_non_null(strstr(txt, "  not validated: two.xml: line 9"));
    assert_non_null(strstr(txt, "CIN census file: three.xml\n  collection year: 2026\n  children:        4\n"));
    free(csv);
    free(json);
    free(txt);
    report_free(r);
}

static void test_write_file_refuses_to_overwrite(void **state)
{
    char dir[] = "/tmp/statreturn-report-test.XXXXXX";
    struct strbuf path = STRBUF_INIT;
    struct report *r = sample_report(false);
    struct stat st;
    char err[256];
    FILE *fp;

    (void)state;
    assert_non_null(mkdtemp(dir));
    strbuf_addf(&path, "%s/report.csv", dir);
    assert_int_equal(report_write_file(r, "csv", path.buf, false, false, err, sizeof err), 0);
    assert_int_equal(stat(path.buf, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(report_write_file(r, "csv", path.buf, false, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "already exists"));
    assert_int_equal(report_write_file(r, "json", path.buf, true, false, err, sizeof err), 0);
    fp = fopen(path.buf, "r");
    assert_non_null(fp);
    assert_int_equal(fgetc(fp), '{');
    fclose(fp);
    assert_int_equal(report_write_file(r, "yaml", path.buf, true, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown report format"));
    unlink(path.buf);
    rmdir(dir);
    strbuf_release(&path);
    report_free(r);
}

static void test_format_names(void **state)
{
    enum report_format f;

    (void)state;
    assert_int_equal(report_format_parse("text", &f), 0);
    assert_int_equal(f, REPORT_TEXT);
    assert_int_equal(report_format_parse("html", &f), 0);
    assert_int_equal(f, REPORT_HTML);
    assert_int_equal(report_format_parse("HTML", &f), -1);
    assert_int_equal(report_format_parse("", &f), -1);
}

/* Many findings: memory stays flat (records are on disk), counts exact. */
static void test_many_findings(void **state)
{
    struct report *r = report_new("many.xml", 2025);
    char *buf = NULL;
    size_t len = 0;
    char err[256];
    FILE *fp;

    (void)state;
    for (size_t i = 1; i <= 200000; i++)
        add_finding(r, (i % 10) ? &rule_e : &rule_q, "CHILDID", (i % 5000) + 1, 1,
                    "Message/Children/Child/CINdetails[1]/CINreferralDate", (uint32_t)i, NULL);
    assert_int_equal(report_errors(r), 180000);
    assert_int_equal(report_queries(r), 20000);
    /* A temporary file, not a memstream: a 20 MB memstream grows by small
     * reallocations, which is quadratic under AddressSanitizer. */
    fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(report_write(r, fp, REPORT_CSV, false, err, sizeof err), 0);
    len = (size_t)ftell(fp);
    rewind(fp);
    buf = xmalloc(len + 1);
    assert_int_equal(fread(buf, 1, len, fp), len);
    buf[len] = '\0';
    fclose(fp);
    assert_int_equal(count(buf, "\r\n"), 200001);
    free(buf);
    report_free(r);
}

/* ---- SSDA903 reports ------------------------------------------------------------ */

static const struct rule rule_146 = {
    .code = "146", .type = RULE_ERROR, .module = "Episodes", .message = "Placement type code is not a valid code.",
};
static const struct rule rule_epi = {
    .code = "SR-EPI", .type = RULE_ERROR, .module = "Header", .message = "A Header row, no episodes",
};
static const struct rule rule_format = {
    .code = "FORMAT", .type = RULE_ERROR, .module = "Spec", .message = "A value is not in the format its column needs",
};
static const struct rule rule_csv = {
    .code = "CSV", .type = RULE_ERROR, .module = "CSV", .message = "The CSV file is not well formed",
};
static const struct rule rule_table = {
    .code = "TABLE", .type = RULE_ERROR, .module = "CSV", .message = "The file is no table",
};
static const struct rule rule_xsd903 = {
    .code = "XSD", .type = RULE_ERROR, .module = "Schema", .message = "The file does not conform to the schema",
};

/* An SSDA903 finding as cla_report_finding hands it on. */
struct f903 {
    const struct rule *rule;
    const char *id;
    size_t child;
    const char *table;
    size_t row;
    const char *column;
    const char *path;
    uint32_t line;
    const char *value;
    const char *detail;
};

static void add_903(struct report *r, const struct f903 *x)
{
    struct finding f;

    memset(&f, 0, sizeof f);
    f.rule = x->rule;
    f.la_child_id = x->id;
    f.child_position = x->child;
    f.referral_date = SR_DATE_NONE;
    f.path = x->path;
    f.line = x->line;
    f.value = x->value;
    f.table = x->table;
    f.row = x->row;
    f.column = x->column;
    report_finding_message(r, &f, x->detail);
}

static void begin_903(struct report *r, const char *file)
{
    report_begin_file(r, file, "SSDA903 (children looked after) return");
    report_set_kind(r, REPORT_KIND_SSDA903);
    report_set_year(r, 2025);
}

/* Seven findings, not in child order: a whole file, a header row (no
 * child), a DfE rule's cell and a schema error of child 5, a row and a
 * generic check's cell of child 2, and an XML cell of child 5 with its
 * element path.  CSV findings come without a path (cla_report_finding
 * leaves out a path that only repeats table, row and column). */
static struct report *sample_903(bool keep)
{
    static const struct f903 fs[] = {
        { &rule_table, NULL, 0, NULL, 0, NULL, "in/903/x.csv", 0, NULL, "the file is empty" },
        { &rule_146, "=C5", 5, "Episodes", 12, "PLACE", NULL, 13, "SECRET-PL", NULL },
        { &rule_epi, "C2", 2, "Header", 2, NULL, NULL, 3, NULL, NULL },
        { &rule_format, "C2", 2, "Episodes", 3, "DECOM", NULL, 4, "SECRET-DATE", "not a valid date (DD/MM/YYYY)" },
        { &rule_csv, NULL, 0, "Reviews", 0, NULL, NULL, 1, NULL, "the columns are in another order" },
        { &rule_xsd903, "=C5", 5, NULL, 0, NULL, "EXPSSDA903/CHILD[5]/HEADER/SEX", 41, "SECRET-SEX",
          "Element 'SEX': not expected" },
        { &rule_146, "=C5", 5, "Episodes", 2, "PLACE", "EXPSSDA903/CHILD[5]/EPISODE[2]/PL", 40, "SECRET-XML", NULL },
    };
    struct report *r = report_new(NULL, 0);

    if (keep)
        report_keep_values(r);
    begin_903(r, "in/903");
    /* a CSV set: the files of two tables, and one of no known table */
    report_set_table_file(r, "Header", "in/903/header.csv");
    report_set_table_file(r, "Reviews", "in/903/reviews.csv");
    report_set_table_file(r, NULL, "in/903/x.csv");
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        add_903(r, &fs[i]);
    report_set_children(r, 5);
    return r;
}

/* The year note (how the year was arrived at) in every format: beside the
 * year in text and HTML, a JSON member, a CSV "note" row with as many
 * cells as the others, before the section's findings. */
static void test_year_note(void **state)
{
    struct report *r = sample_903(true);
    char *out;

    (void)state;
    report_set_year_note(r, "inferred from the latest event date; \"--year\" overrides");
    out = render(r, REPORT_TEXT, false);
    assert_non_null(strstr(out, "  collection year: 2025 (inferred from the latest event date; \"--year\" overrides)\n"));
    free(out);
    out = render(r, REPORT_JSON, false);
    assert_non_null(strstr(out, "\"year_note\":\"inferred from the latest event date; \\\"--year\\\" overrides\""));
    free(out);
    out = render(r, REPORT_HTML, false);
    assert_non_null(strstr(out, "<tr><th>Collection year</th><td>2025 (inferred from the latest event date; "
                                "&quot;--year&quot; overrides)</td></tr>"));
    free(out);
    out = render(r, REPORT_CSV, false);
    assert_non_null(strstr(out, "file,rule,type,table,row,child,column,message,line,path,cindetails_position,"
                                "referral_date\r\n"
                                "in/903,,note,,,,,\"collection year 2025: inferred from the latest event date; "
                                "\"\"--year\"\" overrides\",,,,\r\n"
                                "in/903/x.csv,TABLE,error,"));
    free(out);
    out = render(r, REPORT_CSV, true);        /* one more cell with values */
    assert_non_null(strstr(out, " overrides\",,,,,\r\nin/903/x.csv,TABLE,error,"));
    free(out);
    report_free(r);

    /* no note: none of it */
    r = sample_903(false);
    out = render(r, REPORT_JSON, false);
    assert_non_null(strstr(out, "\"year_note\":null"));
    free(out);
    out = render(r, REPORT_CSV, false);
    assert_null(strstr(out, ",note,"));
    free(out);
    report_free(r);
}

static void test_903_csv(void **state)
{
    struct report *r = sample_903(true);
    char *csv = render(r, REPORT_CSV, false);
    static const char want[] =
        "\xEF\xBB\xBF" "file,rule,type,table,row,child,column,message,line,path,cindetails_position,referral_date\r\n"
        "in/903/x.csv,TABLE,error,,,,,the file is empty,,in/903/x.csv,,\r\n"
        "in/903,146,error,Episodes,12,'=C5,PLACE,Placement type code is not a valid code.,13,,,\r\n"
        "in/903/header.csv,SR-EPI,error,Header,2,C2,,\"A Header row, no episodes\",3,,,\r\n"
        "in/903,FORMAT,error,Episodes,3,C2,DECOM,not a valid date (DD/MM/YYYY),4,,,\r\n"
        "in/903/reviews.csv,CSV,error,Reviews,0,,,the columns are in another order,1,,,\r\n"
        "in/903,XSD,error,,,'=C5,,Element 'SEX': not expected,41,EXPSSDA903/CHILD[5]/HEADER/SEX,,\r\n"
        "in/903,146,error,Episodes,2,'=C5,PLACE,Placement type code is not a valid code.,40,"
        "EXPSSDA903/CHILD[5]/EPISODE[2]/PL,,\r\n";

    (void)state;
    assert_string_equal(csv, want);
    free(csv);
    csv = render(r, REPORT_CSV, true);
    assert_non_null(strstr(csv, ",line,path,cindetails_position,referral_date,value\r\n"));
    assert_non_null(strstr(csv, ",PLACE,Placement type code is not a valid code.,13,,,,SECRET-PL\r\n"));
    assert_non_null(strstr(csv, ",40,EXPSSDA903/CHILD[5]/EPISODE[2]/PL,,,SECRET-XML\r\n"));
    assert_non_null(strstr(csv, ",in/903/x.csv,,,\r\n"));     /* no value: an empty last cell */
    free(csv);
    report_free(r);
}

static void test_903_json(void **state)
{
    struct report *r = sample_903(true);
    char *json = render(r, REPORT_JSON, false);

    (void)state;
    if (!json_valid(json))
        fail_msg("invalid JSON: %s", json);
    assert_non_null(strstr(json, "{\"file\":\"in/903\",\"rule\":\"146\",\"type\":\"error\",\"message\":\"Placement "
                                 "type code is not a valid code.\",\"la_child_id\":\"=C5\",\"child_position\":5,"
                                 "\"table\":\"Episodes\",\"row\":12,\"column\":\"PLACE\",\"cindetails_position\":null,"
                                 "\"referral_date\":null,\"path\":null,\"line\":13}"));
    assert_non_null(strstr(json, "{\"file\":\"in/903/header.csv\",\"rule\":\"SR-EPI\""));
    assert_non_null(strstr(json, "\"la_child_id\":\"C2\",\"child_position\":2,\"table\":\"Header\",\"row\":2,"
                                 "\"column\":null,\"cindetails_position\":null,\"referral_date\":null,\"path\":null,"
                                 "\"line\":3}"));
    assert_non_null(strstr(json, "\"table\":\"Reviews\",\"row\":0,\"column\":null,"));
    assert_non_null(strstr(json, "{\"file\":\"in/903/x.csv\",\"rule\":\"TABLE\",\"type\":\"error\",\"message\":"
                                 "\"the file is empty\",\"la_child_id\":null,\"child_position\":null,\"table\":null,"
                                 "\"row\":null,\"column\":null,\"cindetails_position\":null,\"referral_date\":null,"
                                 "\"path\":\"in/903/x.csv\",\"line\":null}"));
    assert_non_null(strstr(json, "\"table\":null,\"row\":null,\"column\":null,\"cindetails_position\":null,"
                                 "\"referral_date\":null,\"path\":\"EXPSSDA903/CHILD[5]/HEADER/SEX\",\"line\":41}"));
    assert_int_equal(count(json, "\"table\":"), 7);
    assert_int_equal(count(json, "\"cindetails_position\":null"), 7);   /* the same keys as CIN's */
    assert_null(strstr(json, "SECRET"));
    free(json);
    json = render(r, REPORT_JSON, true);
    assert_true(json_valid(json));
    assert_non_null(strstr(json, "\"referral_date\":null,\"path\":null,\"line\":13,\"value\":\"SECRET-PL\"}"));
    free(json);
    report_free(r);
}

static void test_903_text(void **state)
{
    struct report *r = sample_903(false);
    char *txt = render(r, REPORT_TEXT, false);

    (void)state;
    assert_non_null(strstr(txt, "SSDA903 (children looked after) return file: in/903\n"));
    /* a set of files: the findings under each file's heading, the line
     * first; then those in no one file (here Episodes has no file) */
    assert_non_null(strstr(txt, "\n  in/903/header.csv (Header): line, rule, type, CHILD, column\n"
                                "    3  SR-EPI  error  C2\n"
                                "\n  in/903/reviews.csv (Reviews): line, rule, type, CHILD, column\n"
                                "    1  CSV  error  -  header row\n"
                                "        the columns are in another order\n"
                                "\n  in/903/x.csv: line, rule, type, CHILD, column\n"
                                "    -  TABLE  error  -\n"
                                "        the file is empty\n"
                                "\n  Findings not in one file (rule, type, CHILD, table row, column, path, line):\n"));
    assert_non_null(strstr(txt, "\n    146  error  =C5  Episodes row 12, PLACE  line 13\n"));
    assert_non_null(strstr(txt, "\n    FORMAT  error  C2  Episodes row 3, DECOM  line 4\n"
                                "        not a valid date (DD/MM/YYYY)\n"));
    assert_non_null(strstr(txt, "\n    XSD  error  =C5  -  EXPSSDA903/CHILD[5]/HEADER/SEX  line 41\n"));
    assert_non_null(strstr(txt, "\n    146  error  =C5  Episodes row 2, PLACE  EXPSSDA903/CHILD[5]/EPISODE[2]/PL  line 40\n"));
    assert_null(strstr(txt, "Findings (rule"));
    assert_non_null(strstr(txt, "Most affected children:\n    CHILD "));
    assert_null(strstr(txt, "CINdetails"));
    free(txt);
    report_free(r);

    /* one file (an XML return): one list, the table and row on each line */
    r = report_new(NULL, 0);
    begin_903(r, "in/903.xml");
    add_903(r, &(struct f903){ &rule_146, "C7", 7, "Episodes", 4, "PLACE", "EXPSSDA903/CHILD[7]/EPISODE[4]/PL",
                               90, NULL, NULL });
    report_set_children(r, 7);
    txt = render(r, REPORT_TEXT, false);
    assert_non_null(strstr(txt, "  Findings (rule, type, CHILD, table row, column, path, line):\n"
                                "    146  error  C7  Episodes row 4, PLACE  EXPSSDA903/CHILD[7]/EPISODE[4]/PL  line 90\n"));
    assert_null(strstr(txt, ": line, rule, type"));
    free(txt);
    report_free(r);
}

/* Every in-page link (href="#x") has its target (id="x"), and no id is
 * used twice. */
static void assert_links_resolve(const char *html)
{
    const char *p = html;

    while ((p = strstr(p, "href=\"#")) != NULL) {
        struct strbuf id = STRBUF_INIT;
        const char *end;
        p += 7;
        end = strchr(p, '"');
        assert_non_null(end);
        strbuf_addstr(&id, "id=\"");
        strbuf_add(&id, p, (size_t)(end - p));
        strbuf_addch(&id, '"');
        if (count(html, id.buf) != 1)
            fail_msg("link target %s found %zu times", id.buf, count(html, id.buf));
        strbuf_release(&id);
    }
}

static void test_903_html(void **state)
{
    struct report *r = sample_903(true);
    char *html = render(r, REPORT_HTML, false);
    const char *bychild, *c2, *c5;

    (void)state;
    assert_non_null(strstr(html, "<label>Find a child by CHILD: "));
    /* by rule: table, row, column; the CHILD links to its findings */
    assert_non_null(strstr(html, "<th>CHILD</th><th>Table</th><th>Row</th><th>Column</th><th>Path</th><th>Line</th>"
                                 "<th>Detail</th></tr>\n"));
    assert_non_null(strstr(html, "<tr data-c=\"=C5\"><td><a href=\"#f0-c5\">=C5</a></td><td>Episodes</td>"
                                 "<td class=\"n\">12</td><td>PLACE</td><td><code></code></td><td class=\"n\">13</td>"
                                 "<td></td></tr>\n"));
    assert_non_null(strstr(html, "<tr data-c=\"C2\"><td><a href=\"#f0-c2\">C2</a></td><td>Episodes</td>"
                                 "<td class=\"n\">3</td><td>DECOM</td><td><code></code></td><td class=\"n\">4</td>"
                                 "<td>not a valid date (DD/MM/YYYY)</td></tr>\n"));
    /* by child: children in return order, whatever order their findings came in */
    bychild = strstr(html, "<h3 id=\"f0-children\">By child</h3>");
    c2 = strstr(html, "<h4 id=\"f0-c2\">CHILD <code>C2</code> (child 2): 2 findings</h4>");
    c5 = strstr(html, "<h4 id=\"f0-c5\">CHILD <code>=C5</code> (child 5): 3 findings</h4>");
    assert_non_null(bychild);
    assert_non_null(c2);
    assert_non_null(c5);
    assert_true(bychild < c2 && c2 < c5);
    assert_non_null(strstr(html, "<a href=\"#f0-children\">Findings by child</a>"));
    assert_non_null(strstr(bychild, "2 findings are about a file or the whole return, not one child"));
    /* each rule links back to its table; within a child, arrival order */
    const char *e1 = strstr(c5, "<tr><td><a href=\"#f0-r1\">146</a></td><td class=\"error\">error</td><td>Episodes</td>"
                                "<td class=\"n\">12</td><td>PLACE</td><td>Placement type code is not a valid code.</td>"
                                "<td class=\"n\">13</td></tr>\n");
    const char *e2 = strstr(c5, "<tr><td><a href=\"#f0-r5\">XSD</a></td><td class=\"error\">error</td><td></td><td></td>"
                                "<td></td><td>Element &#39;SEX&#39;: not expected</td><td class=\"n\">41</td></tr>\n");
    const char *e3 = strstr(c5, "<td class=\"n\">2</td><td>PLACE</td>");
    assert_non_null(e1);
    assert_non_null(e2);
    assert_non_null(e3);
    assert_true(e1 < e2 && e2 < e3);
    assert_non_null(strstr(c2, "<tr><td><a href=\"#f0-r2\">SR-EPI</a></td><td class=\"error\">error</td>"
                               "<td>Header</td><td class=\"n\">2</td><td></td><td>A Header row, no episodes</td>"));
    assert_non_null(strstr(html, "<h3 id=\"f0-r1\">146 "));
    assert_links_resolve(html);
    assert_null(strstr(html, "SECRET"));
    assert_int_equal(count(html, "<table"), count(html, "</table>"));
    assert_int_equal(count(html, "<tr"), count(html, "</tr>"));
    free(html);
    /* values only when asked for, in both views */
    html = render(r, REPORT_HTML, true);
    assert_int_equal(count(html, "SECRET-PL"), 2);
    assert_non_null(strstr(html, "<th>Line</th><th>Value</th></tr>\n<tr><td><a href=\"#f0-r"));
    free(html);
    report_free(r);
}

static void test_903_html_escapes(void **state)
{
    struct report *r = report_new(NULL, 0);
    static const struct f903 bad = {
        &rule_146, "<img src=x onerror=alert(1)>", 1, "<b>T</b>", 1, "<i>C</i>", "<u>p</u>", 2,
        "\"><script>alert(2)</script>", "<s>detail</s>",
    };
    char *html;

    (void)state;
    report_keep_values(r);
    begin_903(r, "a<b>.csv");
    add_903(r, &bad);
    html = render(r, REPORT_HTML, true);
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "<i>"));
    assert_null(strstr(html, "<u>"));
    assert_null(strstr(html, "<s>"));
    assert_int_equal(count(html, "<script"), 1);        /* ours */
    assert_non_null(strstr(html, "<h4 id=\"f0-c1\">CHILD <code>&lt;img src=x onerror=alert(1)&gt;</code>"));
    assert_non_null(strstr(html, "<td>&lt;b&gt;T&lt;/b&gt;</td><td class=\"n\">1</td><td>&lt;i&gt;C&lt;/i&gt;</td>"
                                 "<td>&lt;s&gt;detail&lt;/s&gt;</td>"));
    assert_int_equal(count(html, "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), 2);
    assert_links_resolve(html);
    free(html);
    report_free(r);
}

/* Issue 19, finding 7: a 903 report whose findings are none about one
 * child (a file-level TABLE finding) has an empty by-child list; it used
 * to be sorted as a null array, which UBSan stops (make sanitize). */
static void test_903_html_no_child(void **state)
{
    struct report *r = report_new(NULL, 0);
    static const struct f903 table = { &rule_146, NULL, 0, NULL, 0, NULL, "odd.csv", 0, NULL, "not a table" };
    char *html;

    (void)state;
    begin_903(r, "odd.csv");
    add_903(r, &table);
    html = render(r, REPORT_HTML, false);
    assert_non_null(strstr(html, "<h3 id=\"f0-children\">By child</h3>"));
    assert_non_null(strstr(html, "1 finding is about a file or the whole return, not one child"));
    assert_null(strstr(html, "<h4 id=\"f0-c"));
    free(html);
    report_free(r);
}

/* The by-child part lists whole children, from the first, while their
 * findings fit in REPORT_HTML_CHILD_ROWS; the rest are counted. */
static void test_903_html_child_cap(void **state)
{
    struct report *r = report_new(NULL, 0);
    struct f903 f = { &rule_146, "C1", 1, "Episodes", 1, "PLACE", NULL, 2, NULL, NULL };
    char *html, *bychild;

    (void)state;
    begin_903(r, "big");
    for (size_t i = 0; i < 3; i++)
        add_903(r, &f);
    f.id = "C2";
    f.child = 2;
    f.rule = &rule_format;       /* its own rule: the by-rule cap does not hide it */
    for (size_t i = 0; i < REPORT_HTML_CHILD_ROWS - 3; i++)
        add_903(r, &f);
    f.id = "C3";
    f.child = 3;
    f.rule = &rule_146;          /* shown by rule (under that rule's cap) */
    add_903(r, &f);
    f.id = "C4";
    f.child = 4;
    add_903(r, &f);
    html = render(r, REPORT_HTML, false);
    bychild = strstr(html, "By child</h3>");
    assert_non_null(bychild);
    assert_non_null(strstr(bychild, "<h4 id=\"f0-c1\">CHILD <code>C1</code> (child 1): 3 findings</h4>"));
    char want[128];
    snprintf(want, sizeof want, "<h4 id=\"f0-c2\">CHILD <code>C2</code> (child 2): %d findings</h4>",
             REPORT_HTML_CHILD_ROWS - 3);
    assert_non_null(strstr(bychild, want));
    assert_null(strstr(html, "id=\"f0-c3\""));
    assert_non_null(strstr(bychild, "&hellip; and 2 more children with 2 findings"));
    assert_int_equal(count(bychild, "<tr><td><a href=\"#f0-r"), REPORT_HTML_CHILD_ROWS);
    /* child 3 is not listed by child: its row by rule has no link */
    assert_non_null(strstr(html, "<tr data-c=\"C3\"><td>C3</td>"));
    assert_links_resolve(html);
    free(html);
    report_free(r);
}

/* CIN and SSDA903 files in one report: one CSV header with both kinds'
 * columns; each JSON and HTML section in its own kind. */
static void test_mixed_report(void **state)
{
    struct report *r = report_new(NULL, 0);
    static const struct f903 f = { &rule_146, "C9", 1, "Episodes", 4, "PLACE", NULL, 5, NULL, NULL };
    char *csv, *json, *html;

    (void)state;
    report_begin_file(r, "one.xml", "CIN census");
    add_finding(r, &rule_e, "A", 1, 2, "Message/Children/Child[1]/CINdetails[2]", 5, NULL);
    begin_903(r, "two");
    add_903(r, &f);
    csv = render(r, REPORT_CSV, false);
    assert_non_null(strstr(csv, "\xEF\xBB\xBF" "file,rule,type,table,row,child,column,message,line,path,"
                                "cindetails_position,referral_date\r\n"));
    assert_non_null(strstr(csv, "\r\none.xml,1234,error,CINdetails,2,A,,\"A test error, with a comma and \"\"quotes\"\"\","
                                "5,Message/Children/Child[1]/CINdetails[2],2,2024-06-03\r\n"));
    assert_non_null(strstr(csv, "\r\ntwo,146,error,Episodes,4,C9,PLACE,Placement type code is not a valid code.,5,,,\r\n"));
    json = render(r, REPORT_JSON, false);
    assert_true(json_valid(json));
    assert_non_null(strstr(json, "\"child_position\":1,\"table\":\"CINdetails\",\"row\":2,\"column\":null,"
                                 "\"cindetails_position\":2,\"referral_date\":\"2024-06-03\","));
    assert_non_null(strstr(json, "\"child_position\":1,\"table\":\"Episodes\",\"row\":4,\"column\":\"PLACE\","));
    html = render(r, REPORT_HTML, false);
    assert_non_null(strstr(html, "<label>Find a child by LAchildID: "));
    /* Both sections have their by-child part now, CIN as SSDA903. */
    assert_int_equal(count(html, "By child</h3>"), 2);
    assert_non_null(strstr(html, "<h4 id=\"f0-c1\">LAchildID <code>A</code>"));
    assert_non_null(strstr(html, "<h4 id=\"f1-c1\">CHILD <code>C9</code>"));
    assert_links_resolve(html);
    free(csv);
    free(json);
    free(html);
    report_free(r);
}

/* --format gnu: file:line: rule type: message, each finding in its own
 * file (a CSV set's table file), the child and place after the message. */
static void test_gnu_format(void **state)
{
    struct report *r = sample_903(false);
    char *out = render(r, REPORT_GNU, false);

    (void)state;
    assert_non_null(strstr(out, "in/903/x.csv: TABLE error: the file is empty [in/903/x.csv]\n"));
    assert_non_null(strstr(out, "in/903:13: 146 error: Placement type code is not a valid code. "
                                "[CHILD =C5; Episodes row 12, PLACE]\n"));
    assert_non_null(strstr(out, "in/903/header.csv:3: SR-EPI error: A Header row, no episodes [CHILD C2; Header row 2]\n"));
    assert_non_null(strstr(out, "in/903/reviews.csv:1: CSV error: the columns are in another order [Reviews row 0]\n"));
    assert_int_equal(count(out, "\n"), 7);
    assert_null(strstr(out, "SECRET"));
    free(out);
    report_free(r);
}

/* The text and HTML reports open with what blocks upload and what can be
 * explained, in plain words. */
static void test_upload_words(void **state)
{
    struct report *r = sample_report(false);
    char *out = render(r, REPORT_TEXT, false);

    (void)state;
    assert_non_null(strstr(out, "Blocks upload: 1 schema error (DfE COLLECT will not load the file until it is "
                                "fixed) and 3 DfE errors (COLLECT loads the file, but the return cannot be "
                                "submitted until they are fixed). Can be explained: 1 query"));
    assert_true(strstr(out, "Blocks upload") < strstr(out, "Rule "));
    free(out);
    out = render(r, REPORT_HTML, false);
    assert_non_null(strstr(out, "<p class=\"bad\">Blocks upload: 1 schema error"));
    assert_non_null(strstr(out, "<tr><th>Schema errors</th><td class=\"n\">1</td></tr>"));
    assert_non_null(strstr(out, "<tr><th>DfE errors</th><td class=\"n\">3</td></tr>"));
    free(out);
    report_free(r);

    r = report_new(NULL, 0);
    report_begin_file(r, "nis.csv", "Supporting Families");
    report_set_kind(r, REPORT_KIND_FAMILIES);
    report_set_children(r, 7);
    out = render(r, REPORT_TEXT, false);
    assert_non_null(strstr(out, "  people:          7\n"));
    assert_null(strstr(out, "children"));
    assert_non_null(strstr(out, "Nothing stops the file being sent"));
    free(out);
    out = render(r, REPORT_HTML, false);
    assert_non_null(strstr(out, "<tr><th>People</th>"));
    free(out);
    report_free(r);
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, len = 0, n;

    if (!fp)
        return NULL;
    do {
        cap += 4096;
        buf = realloc(buf, cap + 1);
        n = fread(buf + len, 1, cap - len, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    buf[len] = '\0';
    return buf;
}

/* The error summary (by rule, with tables and fields) and the child
 * summary (by child, with its rules once each). */
static void test_summaries(void **state)
{
    struct report *r = sample_903(true);
    char dir[] = "/tmp/statreturn-summary.XXXXXX", path[256], err[256];
    char *s;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(report_write_summaries(r, dir, false, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/error_summary.csv", dir);
    s = read_all(path);
    assert_non_null(s);
    assert_non_null(strstr(s, "file,rule,type,count,tables,fields,message\r\n"));
    assert_non_null(strstr(s, "\r\nin/903,146,error,2,Episodes,Episodes/PLACE,Placement type code is not a valid "
                              "code.\r\n"));
    assert_non_null(strstr(s, "\r\nin/903,TABLE,error,1,,,"));
    assert_null(strstr(s, "SECRET"));
    free(s);
    unlink(path);
    snprintf(path, sizeof path, "%s/child_summary.csv", dir);
    s = read_all(path);
    assert_non_null(s);
    assert_non_null(strstr(s, "file,child,errors,queries,rules\r\nin/903,C2,2,0,SR-EPI;FORMAT\r\n"
                              "in/903,'=C5,3,0,146;XSD\r\n"));
    free(s);
    /* child_summary.csv is there: neither is written again without force */
    assert_int_equal(report_write_summaries(r, dir, false, err, sizeof err), -1);
    snprintf(path, sizeof path, "%s/error_summary.csv", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(report_write_summaries(r, dir, true, err, sizeof err), 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/child_summary.csv", dir);
    unlink(path);
    rmdir(dir);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_counts_and_summary),
        cmocka_unit_test(test_csv_report),
        cmocka_unit_test(test_values_only_when_kept_and_asked),
        cmocka_unit_test(test_json_report),
        cmocka_unit_test(test_text_report),
        cmocka_unit_test(test_text_has_no_control_characters),
        cmocka_unit_test(test_html_report),
        cmocka_unit_test(test_html_cin_places_and_children),
        cmocka_unit_test(test_html_caps_rows),
        cmocka_unit_test(test_several_files),
        cmocka_unit_test(test_write_file_refuses_to_overwrite),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_many_findings),
        cmocka_unit_test(test_903_csv),
        cmocka_unit_test(test_gnu_format),
        cmocka_unit_test(test_upload_words),
        cmocka_unit_test(test_summaries),
        cmocka_unit_test(test_year_note),
        cmocka_unit_test(test_own_message),
        cmocka_unit_test(test_903_json),
        cmocka_unit_test(test_903_text),
        cmocka_unit_test(test_903_html),
        cmocka_unit_test(test_903_html_escapes),
        cmocka_unit_test(test_903_html_child_cap),
        cmocka_unit_test(test_903_html_no_child),
        cmocka_unit_test(test_mixed_report),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
