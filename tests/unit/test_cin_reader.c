/*
 * Tests of the CIN census XML reader (src/returns/cin/cin_reader.c).
 *
 * The good files (tests/data/cin_2025_valid.xml, and cin_2027_valid.xml for
 * the 2026-27 pre-proceedings module) must come back as the records they
 * hold, with the right lines; the schema-invalid file must
 * yield every schema error with its line and path, values hidden from the
 * messages.  Hostile and broken inputs are written into a temporary
 * directory from a table: each must give its one-line diagnosis (naming the
 * file and, where it has one, the line) and status, and never crash, expand
 * an entity or load anything.  Runs from the repository root.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "returns/cin/cin_reader.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define VALID   "tests/data/cin_2025_valid.xml"
#define VALID27 "tests/data/cin_2027_valid.xml"
#define INVALID "tests/data/cin_2025_schema_invalid.xml"
#define MAX_ERRORS 64

struct seen_error {
    uint32_t line;
    char path[256];
    char message[1024];
    char value[128];
    bool has_value;
    size_t child;
    size_t episode;
    char la_child_id[64];
    sr_date referral;
    size_t delivered_before_child;   /* children handed out when it arrived */
};

struct sink {
    size_t n;
    size_t children_out;
    struct seen_error e[MAX_ERRORS];
};

static void collect(void *opaque, const struct cin_schema_error *e)
{
    struct sink *s = opaque;
    struct seen_error *x;

    if (s->n == MAX_ERRORS)
        return;
    x = &s->e[s->n++];
    memset(x, 0, sizeof *x);
    x->line = e->line;
    snprintf(x->path, sizeof x->path, "%s", e->path);
    snprintf(x->message, sizeof x->message, "%s", e->message);
    x->has_value = e->value != NULL;
    snprintf(x->value, sizeof x->value, "%s", e->value ? e->value : "");
    x->child = e->child_position;
    x->episode = e->episode_position;
    snprintf(x->la_child_id, sizeof x->la_child_id, "%s", e->la_child_id ? e->la_child_id : "");
    x->referral = e->referral_date;
    x->delivered_before_child = s->children_out;
}

struct tmpdir {
    char path[64];
};

static int setup_tmp(void **state)
{
    struct tmpdir *t = xcalloc(1, sizeof *t);
    snprintf(t->path, sizeof t->path, "/tmp/statreturn-reader.XXXXXX");
    if (!mkdtemp(t->path)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmpdir *t = *state;
    DIR *d = opendir(t->path);
    struct dirent *de;

    /* the directory holds only files this test wrote */
    while (d && (de = readdir(d)) != NULL) {
        struct strbuf p = STRBUF_INIT;
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            strbuf_addf(&p, "%s/%s", t->path, de->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
    rmdir(t->path);
    free(t);
    return 0;
}

static char *write_file(const struct tmpdir *t, const char *name, const void *data, size_t n)
{
    struct strbuf p = STRBUF_INIT;
    FILE *fp;

    strbuf_addf(&p, "%s/%s", t->path, name);
    fp = fopen(p.buf, "wb");
    assert_non_null(fp);
    if (n)
        assert_int_equal(fwrite(data, n, 1, fp), 1);
    assert_int_equal(fclose(fp), 0);
    return strbuf_detach(&p, NULL);
}

static void read_whole(const char *path, struct strbuf *out)
{
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t n;

    assert_non_null(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(out, buf, n);
    fclose(fp);
}

/* A file with a substitution (first occurrence of from -> to). */
static char *variant_of(const struct tmpdir *t, const char *src, const char *name, const char *from,
                        const char *to)
{
    struct strbuf s = STRBUF_INIT, o = STRBUF_INIT;
    char *res;

    read_whole(src, &s);
    char *at = strstr(s.buf, from);
    assert_non_null(at);
    strbuf_add(&o, s.buf, (size_t)(at - s.buf));
    strbuf_addstr(&o, to);
    strbuf_addstr(&o, at + strlen(from));
    res = write_file(t, name, o.buf, o.len);
    strbuf_release(&s);
    strbuf_release(&o);
    return res;
}

/* The valid 2024-25 file with a substitution. */
static char *variant(const struct tmpdir *t, const char *name, const char *from, const char *to)
{
    return variant_of(t, VALID, name, from, to);
}

/* Reads a whole file; returns the number of children, -1 on a fatal error. */
static long read_all(struct cin_reader *r, struct sink *s, char *diag, size_t dlen)
{
    const struct cin_header *h;
    const struct cin_child *c;
    long n = 0;
    int k;

    if (cin_reader_header(r, &h) != 0) {
        snprintf(diag, dlen, "%s", cin_reader_error(r));
        return -1;
    }
    while ((k = cin_reader_next_child(r, &c)) == 1) {
        n++;
        if (s)
            s->children_out++;
    }
    if (k < 0) {
        snprintf(diag, dlen, "%s", cin_reader_error(r));
        return -1;
    }
    return n;
}

/* ---- the good file ----------------------------------------------------- */

static void want_value(const struct cin_value *v, const char *text, uint32_t line)
{
    assert_non_null(v->text);
    assert_string_equal(v->text, text);
    assert_int_equal(v->line, line);
}

static void want_date(const struct cin_value *v, const char *text, uint32_t line)
{
    int y, m, d;

    want_value(v, text, line);
    assert_true(sr_date_ok(v->date));
    assert_int_equal(sscanf(text, "%d-%d-%d", &y, &m, &d), 3);
    assert_int_equal(v->date, date_from_ymd(y, m, d));
}

static void want_absent(const struct cin_value *v)
{
    assert_null(v->text);
    assert_int_equal(v->date, SR_DATE_NONE);
    assert_int_equal(v->line, 0);
}

/* Child 1 of the valid file: who the child is. */
static void want_child1_identity(const struct cin_child *c)
{
    assert_int_equal(c->position, 1);
    assert_int_equal(c->line, 35);
    assert_null(c->source_key);
    want_value(&c->la_child_id, "SYN000001", 37);
    want_value(&c->upn, "L201000000011", 38);
    want_value(&c->former_upn, "P207000016049", 39);
    want_absent(&c->upn_unknown);
    want_date(&c->birth_date, "2015-03-24", 40);
    want_absent(&c->expected_birth_date);
    want_value(&c->sex, "F", 41);
    assert_int_equal(c->sex.date, SR_DATE_NONE);
    want_absent(&c->death_date);
    want_value(&c->ethnicity, "WBRI", 44);
    assert_true(c->has_disabilities_group);
    assert_int_equal(c->n_disabilities, 4);
    want_value(&c->disabilities[0], "HAND", 46);
    want_value(&c->disabilities[3], "PC", 49);
}

/* Child 1 of the valid file: its two episodes, everything nested. */
static void want_child1_episodes(const struct cin_child *c)
{
    assert_int_equal(c->n_episodes, 2);
    const struct cin_episode *e = &c->episodes[0];
    assert_int_equal(e->position, 1);
    assert_int_equal(e->line, 52);
    want_date(&e->referral_date, "2024-04-15", 53);
    want_value(&e->referral_source, "2A", 54);
    want_value(&e->primary_need, "N1", 55);
    want_date(&e->closure_date, "2025-01-20", 56);
    want_value(&e->closure_reason, "RC7", 57);
    want_absent(&e->initial_cpc);
    want_value(&e->referral_nfa, "0", 81);
    assert_int_equal(cin_bool(&e->referral_nfa), 0);

    assert_int_equal(e->n_assessments, 1);
    assert_int_equal(e->assessments[0].line, 58);
    want_date(&e->assessments[0].start, "2024-04-16", 59);
    want_date(&e->assessments[0].review, "2024-05-01", 60);
    want_date(&e->assessments[0].authorisation, "2024-05-20", 61);
    assert_true(e->assessments[0].has_factors_group);
    assert_int_equal(e->assessments[0].n_factors, 2);
    want_value(&e->assessments[0].factors[1], "4B", 64);

    assert_int_equal(e->n_plans, 1);
    want_date(&e->plans[0].start, "2024-10-15", 68);
    want_date(&e->plans[0].end, "2025-01-20", 69);

    assert_int_equal(e->n_s47s, 2);
    want_date(&e->s47s[0].icpc_target, "2024-05-08", 73);
    want_date(&e->s47s[0].icpc_date, "2024-05-07", 74);
    assert_int_equal(e->s47s[1].line, 77);
    want_date(&e->s47s[1].start, "2024-11-04", 78);
    want_absent(&e->s47s[1].icpc_date);
    want_value(&e->s47s[1].icpc_not_required, "1", 79);

    assert_int_equal(e->n_cpps, 1);
    const struct cin_cpp *p = &e->cpps[0];
    assert_int_equal(p->line, 82);
    want_date(&p->start, "2024-05-07", 83);
    want_value(&p->initial_category, "NEG", 85);
    want_value(&p->latest_category, "EMO", 86);
    want_value(&p->previous_cpp, "0", 87);
    assert_true(p->has_reviews_group);
    assert_int_equal(p->n_reviews, 2);
    want_date(&p->reviews[0], "2024-07-29", 89);
    want_date(&p->reviews[1], "2024-10-07", 90);
    assert_int_equal(e->n_preproceedings, 0);

    e = &c->episodes[1];
    assert_int_equal(e->position, 2);
    assert_int_equal(e->line, 94);
    want_date(&e->referral_date, "2025-02-03", 95);
    want_absent(&e->closure_date);
    assert_int_equal(e->n_s47s, 0);
    assert_int_equal(e->n_cpps, 0);
    want_date(&e->plans[0].start, "2025-03-10", 106);
    want_absent(&e->plans[0].end);

}

static void test_valid_file(void **state)
{
    struct sink sink = { 0 };
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    const struct cin_header *h;
    const struct cin_child *c;
    char err[512];

    (void)state;
    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(VALID, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_year(r), 2025);
    assert_int_equal(cin_reader_header_year(r), 2025);

    assert_int_equal(cin_reader_header(r, &h), 0);
    assert_int_equal(h->line, 19);
    want_value(&h->collection, "CIN", 21);
    want_value(&h->year, "2025", 22);
    want_date(&h->reference_date, "2025-03-31", 23);
    want_value(&h->lea, "201", 27);
    want_value(&h->serial_no, "001", 30);
    want_value(&h->date_time, "2025-04-07T09:30:00", 31);
    assert_int_equal(h->date_time.date, SR_DATE_NONE);   /* a dateTime, not a date */

    /* Child 1: everything nested. */
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    want_child1_identity(c);
    want_child1_episodes(c);

    /* Child 2 */
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_int_equal(c->position, 2);
    assert_int_equal(c->line, 111);
    want_value(&c->la_child_id, "SYN000002", 113);
    want_date(&c->death_date, "2025-03-14", 117);
    want_date(&c->episodes[0].initial_cpc, "2024-09-16", 134);
    want_value(&c->episodes[0].cpps[0].previous_cpp, "2", 149);

    /* Child 3: unborn */
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_int_equal(c->position, 3);
    want_value(&c->upn_unknown, "UN1", 159);
    want_absent(&c->birth_date);
    want_date(&c->expected_birth_date, "2025-06-15", 160);
    assert_false(c->has_disabilities_group);
    assert_int_equal(c->n_disabilities, 0);
    assert_int_equal(c->n_episodes, 1);
    want_value(&c->episodes[0].referral_nfa, "1", 169);

    assert_int_equal(cin_reader_next_child(r, &c), 0);
    assert_int_equal(cin_reader_next_child(r, &c), 0);
    assert_int_equal(cin_reader_children(r), 3);
    assert_int_equal(sink.n, 0);
    cin_reader_close(r);
}

/* ---- every schema error, with its line -------------------------------- */

/* ---- the 2026-27 pre-proceedings module ---------------------------------- */

/* Every value of every group, with its line; groups are numbered per
 * episode, and an episode without the module has none. */
static void test_module_2027(void **state)
{
    struct sink sink = { 0 };
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    const struct cin_header *h;
    const struct cin_child *c;
    char err[512];

    (void)state;
    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(VALID27, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_year(r), 2027);
    assert_int_equal(cin_reader_header(r, &h), 0);
    want_value(&h->year, "2027", 17);

    assert_int_equal(cin_reader_next_child(r, &c), 1);
    const struct cin_episode *e = &c->episodes[0];
    assert_int_equal(e->n_cpps, 1);
    assert_int_equal(e->n_preproceedings, 2);
    const struct cin_preproceedings *pp = &e->preproceedings[0];
    assert_int_equal(pp->line, 88);
    want_date(&pp->pp_start, "2026-06-15", 89);
    want_date(&pp->lbp_sent, "2026-06-22", 90);
    want_value(&pp->fgdm_offer, "1", 91);
    assert_int_equal(cin_bool(&pp->fgdm_offer), 1);
    want_value(&pp->fgdm_fac, "0", 92);
    assert_int_equal(cin_bool(&pp->fgdm_fac), 0);
    assert_int_equal(pp->fgdm_fac.date, SR_DATE_NONE);
    want_date(&pp->initial_meeting, "2026-07-06", 93);
    want_value(&pp->review_count, "2", 94);
    want_date(&pp->step_decision, "2026-09-28", 95);
    want_value(&pp->outcome, "B", 96);
    want_absent(&pp->court_app);
    want_absent(&pp->letter_init);
    pp = &e->preproceedings[1];
    assert_int_equal(pp->line, 98);
    want_date(&pp->pp_start, "2026-11-02", 99);
    want_value(&pp->fgdm_offer, "0", 101);
    want_absent(&pp->fgdm_fac);
    want_value(&pp->review_count, "0", 103);
    want_value(&pp->outcome, "C", 105);
    assert_int_equal(c->episodes[1].n_preproceedings, 0);

    assert_int_equal(cin_reader_next_child(r, &c), 1);
    pp = &c->episodes[0].preproceedings[0];
    assert_int_equal(c->episodes[0].n_preproceedings, 1);
    assert_int_equal(pp->line, 168);
    want_value(&pp->fgdm_fac, "1", 172);
    want_value(&pp->outcome, "A", 176);
    want_date(&pp->court_app, "2026-12-14", 177);
    want_date(&pp->letter_init, "2026-12-15", 178);

    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_int_equal(c->episodes[0].n_preproceedings, 0);
    assert_int_equal(cin_reader_next_child(r, &c), 0);
    assert_int_equal(sink.n, 0);
    cin_reader_close(r);
}

/* A schema error inside the module is named by its group, element and
 * line, with the value hidden; the 2026 schema does not know the module. */
static void test_module_2027_errors(void **state)
{
    struct tmpdir *t = *state;
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    char err[512], diag[512];
    struct sink sink = { 0 };

    o.on_schema_error = collect;
    o.opaque = &sink;
    char *path = variant_of(t, VALID27, "pp.xml", "<PPOutcome>C</PPOutcome>", "<PPOutcome>D</PPOutcome>");
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(read_all(r, &sink, diag, sizeof diag), 3);
    cin_reader_close(r);
    assert_int_equal(sink.n, 1);
    assert_int_equal(sink.e[0].line, 105);
    assert_string_equal(sink.e[0].path, "Message/Children/Child[1]/CINdetails[1]/PreProceedingsandFGDM[2]/PPOutcome");
    assert_string_equal(sink.e[0].value, "D");
    assert_null(strstr(sink.e[0].message, "'D'"));
    assert_int_equal(sink.e[0].child, 1);
    assert_int_equal(sink.e[0].episode, 1);
    assert_string_equal(sink.e[0].la_child_id, "SYN000001");

    memset(&sink, 0, sizeof sink);
    o.year = 2026;
    assert_int_equal(cin_reader_open(VALID27, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(read_all(r, &sink, diag, sizeof diag), 3);
    cin_reader_close(r);
    assert_int_equal(sink.n, 2);
    assert_int_equal(sink.e[0].line, 88);
    assert_string_equal(sink.e[0].path, "Message/Children/Child[1]/CINdetails[1]/PreProceedingsandFGDM[1]");
    assert_int_equal(sink.e[1].line, 168);
    free(path);
}

static void test_schema_errors(void **state)
{
    static const struct {
        uint32_t line;
        const char *path;
        size_t child, episode;
        const char *la_child_id;
        const char *value;      /* quoted by libxml2: must be hidden from the message */
    } want[] = {
        { 37, "Message/Children/Child[1]/ChildIdentifiers/PersonBirthDate", 1, 0, "SYN000101", NULL },
        { 44, "Message/Children/Child[1]/ChildCharacteristics/FavouriteColour", 1, 0, "SYN000101", NULL },
        { 61, "Message/Children/Child[2]/ChildCharacteristics/Ethnicity", 2, 0, "SYN000102", "WBRX" },
        { 64, "Message/Children/Child[2]/CINdetails[1]/CINreferralDate", 2, 1, "SYN000102", "2024-02-30" },
        { 72, "Message/Children/Child[2]/CINdetails[2]/ReferralNFA", 2, 2, "SYN000102", "yes" },
        { 85, "Message/Children/Child[3]/CINdetails[1]", 3, 1, "SYN000103", NULL },
    };
    struct sink sink = { 0 };
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    char err[512];

    (void)state;
    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(INVALID, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(read_all(r, &sink, err, sizeof err), 3);
    cin_reader_close(r);

    assert_int_equal(sink.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sink.n; i++) {
        const struct seen_error *x = &sink.e[i];
        assert_int_equal(x->line, want[i].line);
        assert_string_equal(x->path, want[i].path);
        assert_int_equal(x->child, want[i].child);
        assert_int_equal(x->episode, want[i].episode);
        assert_string_equal(x->la_child_id, want[i].la_child_id);
        /* errors reach the caller before the child they are about */
        assert_int_equal(x->delivered_before_child, want[i].child - 1);
        if (want[i].value) {
            assert_true(x->has_value);
            assert_string_equal(x->value, want[i].value);
            assert_null(strstr(x->message, want[i].value));
            assert_non_null(strstr(x->message, "[value hidden]"));
        }
    }
    /* the second episode's referral date comes with its error */
    assert_int_equal(sink.e[4].referral, date_from_ymd(2024, 11, 11));
    assert_int_equal(sink.e[3].referral, SR_DATE_INVALID);
}

/* ---- hostile and broken inputs ------------------------------------------ */

struct bad_case {
    const char *name;
    const char *content;      /* NULL: built by the test */
    size_t len;               /* 0: strlen(content) */
    int status;               /* of cin_reader_open; CIN_READ_OK: fails later */
    const char *diag;         /* substring of the diagnosis */
    uint32_t line;            /* expected "line N: " (0: none) */
};

static const char laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Message [\n"
    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "]>\n"
    "<Message><Header><CollectionDetails><Year>&g;</Year></CollectionDetails></Header></Message>\n";

static const struct bad_case bad_cases[] = {
    { "empty.xml", "", 0, CIN_READ_INPUT, "the file is empty", 0 },
    { "blank.xml", "  \n\n\t \n", 0, CIN_READ_INPUT, "no XML element", 0 },
    { "bom_only.xml", "\xEF\xBB\xBF\n", 0, CIN_READ_INPUT, "no XML element", 0 },
    { "notxml.csv", "LAchildID,UPN\nX1,A1\n", 0, CIN_READ_INPUT, "not an XML file", 0 },
    { "garbage.xml", "<Message><Header><</Message>", 0, CIN_READ_INPUT, "not well-formed XML", 1 },
    { "laughs.xml", laughs, 0, CIN_READ_INPUT, "DOCTYPE", 2 },
    { "xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE Message SYSTEM \"file:///etc/passwd\">\n<Message/>\n",
      0, CIN_READ_INPUT, "DOCTYPE", 2 },
    { "utf16le.xml", "\xFF\xFE<\0M\0e\0s\0s\0a\0g\0e\0/\0>\0", 22, CIN_READ_INPUT, "UTF-16", 0 },
    { "utf16be.xml", "\0<\0M\0e\0s\0s\0a\0g\0e\0/\0>", 20, CIN_READ_INPUT, "UTF-16", 0 },
    { "utf32.xml", "\xFF\xFE\0\0<\0\0\0", 8, CIN_READ_INPUT, "UTF-32", 0 },
    { "gz.xml", "\x1F\x8B\x08\0\0\0\0\0", 8, CIN_READ_INPUT, "gzip", 0 },
    { "ssda903.xml", "<?xml version='1.0' encoding='us-ascii'?>\n<EXPSSDA903><CHILD/></EXPSSDA903>\n",
      0, CIN_READ_INPUT, "this is an SSDA903 return, not a CIN census", 2 },
    { "other.xml", "<Root><a/></Root>", 0, CIN_READ_INPUT, "the root element is <Root>, not <Message>", 1 },
    { "nohdr.xml", "<Message><Children><Child/></Children></Message>", 0, CIN_READ_INPUT,
      "no CIN Header where the census has it (first under Message), so no Year; give --year", 0 },
    { "year2019.xml", "<Message><Header><CollectionDetails><Year>2019</Year></CollectionDetails>"
      "</Header><Children/></Message>", 0, CIN_READ_NO_SCHEMA, "collection year 2019", 1 },
    { "yearbad.xml", "<Message><Header><CollectionDetails><Year>20x5</Year></CollectionDetails>"
      "</Header><Children/></Message>", 0, CIN_READ_INPUT, "the header Year '20x5' is not a year", 1 },
    { "hdrtrunc.xml", "<Message>\n<Header>\n<CollectionDetails>\n<Year>2025</Ye", 0, CIN_READ_INPUT,
      "the file ends before the XML is complete", 4 },
    { "badutf8.xml", "<Message><Header><CollectionDetails><Year>2025</Year></CollectionDetails>"
      "</Header><Children><Child><ChildIdentifiers><LAchildID>\xC3\x28</LAchildID></ChildIdentifiers>"
      "</Child></Children></Message>", 0, CIN_READ_OK, "not well-formed XML", 1 },
    { "deep.xml", NULL, 0, CIN_READ_OK, "nested more than 32 deep", 4 },
    { "hugetext.xml", NULL, 0, CIN_READ_OK, "a text node is longer than 65536 bytes", 4 },
    { "longname.xml", NULL, 0, CIN_READ_OK, "an element name is longer than 128 characters", 4 },
    { "manyelements.xml", NULL, 0, CIN_READ_OK, "Child[2] has more than 20000 elements", 4 },
    { "midtrunc.xml", NULL, 0, CIN_READ_OK, "the file ends before the XML is complete (truncated?)", 0 },
};

#define HDR "<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>" \
            "</CollectionDetails></Header>\n<Children>"

static char *build_bad(const struct tmpdir *t, const struct bad_case *bc)
{
    struct strbuf s = STRBUF_INIT;
    char *path;

    if (bc->content) {
        path = write_file(t, bc->name, bc->content, bc->len ? bc->len : strlen(bc->content));
        return path;
    }
    strbuf_addstr(&s, HDR "<Child><ChildIdentifiers><LAchildID>X1</LAchildID></ChildIdentifiers></Child>\n");
    if (!strcmp(bc->name, "deep.xml")) {
        for (int i = 0; i < 40; i++)
            strbuf_addstr(&s, "<Child>");
        for (int i = 0; i < 40; i++)
            strbuf_addstr(&s, "</Child>");
    } else if (!strcmp(bc->name, "hugetext.xml")) {
        strbuf_addstr(&s, "<Child><ChildIdentifiers><LAchildID>");
        for (int i = 0; i < 70000; i++)
            strbuf_addch(&s, 'A');
        strbuf_addstr(&s, "</LAchildID></ChildIdentifiers></Child>");
    } else if (!strcmp(bc->name, "longname.xml")) {
        strbuf_addstr(&s, "<Child><");
        for (int i = 0; i < 200; i++)
            strbuf_addch(&s, 'N');
        strbuf_addstr(&s, "/></Child>");
    } else if (!strcmp(bc->name, "manyelements.xml")) {
        strbuf_addstr(&s, "<Child><ChildCharacteristics><Disabilities>");
        for (int i = 0; i < 20001; i++)
            strbuf_addstr(&s, "<Disability>MOB</Disability>");
        strbuf_addstr(&s, "</Disabilities></ChildCharacteristics></Child>");
    } else if (!strcmp(bc->name, "midtrunc.xml")) {
        strbuf_addstr(&s, "<Child><ChildIdentifiers><LAchildID>X2</LAch");
    }
    if (strcmp(bc->name, "midtrunc.xml") != 0)
        strbuf_addstr(&s, "\n</Children>\n</Message>\n");
    path = write_file(t, bc->name, s.buf, s.len);
    strbuf_release(&s);
    return path;
}

static void test_bad_inputs(void **state)
{
    const struct tmpdir *t = *state;

    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *bc = &bad_cases[i];
        struct cin_reader_options o = { 0 };
        struct cin_reader *r = NULL;
        struct sink sink = { 0 };
        char diag[1024] = "";
        char *path = build_bad(t, bc);
        clock_t t0 = clock();
        int rc;

        o.on_schema_error = collect;
        o.opaque = &sink;
        rc = cin_reader_open(path, &o, &r, diag, sizeof diag);
        if (rc == CIN_READ_OK) {
            long n = read_all(r, &sink, diag, sizeof diag);
            cin_reader_close(r);
            if (n >= 0)
                fail_msg("%s: read without a fatal error", bc->name);
        } else {
            assert_null(r);
        }
        if (rc != bc->status || !strstr(diag, bc->diag))
            fail_msg("%s: status %d (want %d), diagnosis '%s' (want '%s')", bc->name, rc,
                     bc->status, diag, bc->diag);
        /* one line, naming the file, and the line where there is one */
        assert_null(strchr(diag, '\n'));
        assert_int_equal(strncmp(diag, path, strlen(path)), 0);
        if (bc->line) {
            char want[32];
            snprintf(want, sizeof want, ": line %u: ", (unsigned)bc->line);
            if (!strstr(diag, want))
                fail_msg("%s: diagnosis '%s' lacks '%s'", bc->name, diag, want);
        }
        /* nothing was expanded: the entity bomb is refused at once */
        assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
        free(path);
    }
}

static void test_midfile_truncation_keeps_earlier_children(void **state)
{
    const struct tmpdir *t = *state;
    struct strbuf s = STRBUF_INIT;
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    const struct cin_child *c;
    char err[512];
    char *path;

    read_whole(VALID, &s);
    /* cut inside the second child */
    char *cut = strstr(s.buf, "<LAchildID>SYN000002");
    assert_non_null(cut);
    path = write_file(t, "cut.xml", s.buf, (size_t)(cut - s.buf) + 15);
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_string_equal(c->la_child_id.text, "SYN000001");
    assert_int_equal(cin_reader_next_child(r, &c), -1);
    assert_non_null(strstr(cin_reader_error(r), "line 113: the file ends before the XML is complete"));
    assert_int_equal(cin_reader_next_child(r, &c), -1);
    cin_reader_close(r);
    free(path);
    strbuf_release(&s);
}

static void test_bom_is_accepted(void **state)
{
    const struct tmpdir *t = *state;
    struct strbuf s = STRBUF_INIT;
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    struct sink sink = { 0 };
    char err[512];
    char *path;

    strbuf_addstr(&s, "\xEF\xBB\xBF");
    read_whole(VALID, &s);
    path = write_file(t, "bom.xml", s.buf, s.len);
    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(read_all(r, &sink, err, sizeof err), 3);
    assert_int_equal(sink.n, 0);
    cin_reader_close(r);
    free(path);
    strbuf_release(&s);
}

static void test_default_namespace(void **state)
{
    const struct tmpdir *t = *state;
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    const struct cin_child *c;
    struct sink sink = { 0 };
    char err[512];
    char *path = variant(t, "ns.xml", "<Message>", "<Message xmlns=\"http://example.org/cin\">");

    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_year(r), 2025);
    /* still read by local names, so the rules can run */
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_string_equal(c->la_child_id.text, "SYN000001");
    assert_int_equal(c->n_episodes, 2);
    while (cin_reader_next_child(r, &c) == 1)
        ;
    assert_int_equal(cin_reader_children(r), 3);
    cin_reader_close(r);
    /* reported as schema errors at Message's line */
    assert_true(sink.n >= 1);
    assert_string_equal(sink.e[0].path, "Message");
    assert_int_equal(sink.e[0].line, 18);
    assert_non_null(strstr(sink.e[0].message, "namespace 'http://example.org/cin'"));
    free(path);
}

static void test_year_override(void **state)
{
    const struct tmpdir *t = *state;
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    char err[512];
    char *path = variant(t, "y2019.xml", "<Year>2025</Year>", "<Year>2019</Year>");

    /* without --year the ReferenceDate (2025-03-31) outweighs the Year */
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_year(r), 2025);
    assert_true(cin_reader_year_from_reference_date(r));
    cin_reader_close(r);
    o.year = 2025;
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_year(r), 2025);
    assert_int_equal(cin_reader_header_year(r), 2019);
    assert_false(cin_reader_year_from_reference_date(r));
    assert_int_equal(read_all(r, NULL, err, sizeof err), 3);
    cin_reader_close(r);
    free(path);
}

/* Without --year: the header Year, unless the header's ReferenceDate is in
 * another collection year we have a schema for (both sides of 1 April),
 * then the date's year. */
static void test_year_from_header(void **state)
{
    const struct tmpdir *t = *state;
    static const struct {
        const char *year, *date;
        int read, want;            /* the reader's status; the year in force */
        bool from_date;
        const char *diag;          /* part of the diagnosis when not read */
    } cases[] = {
        { "2025", "2025-03-31", CIN_READ_OK, 2025, false, NULL },
        { "2024", "2025-03-31", CIN_READ_OK, 2025, true, NULL },
        { "2025", "2025-04-01", CIN_READ_OK, 2026, true, NULL },
        { "2026", "2025-04-01", CIN_READ_OK, 2026, false, NULL },
        { "2026", "2025-03-31", CIN_READ_OK, 2025, true, NULL },
        { "2025", "2025-02-30", CIN_READ_OK, 2025, false, NULL },      /* no date: the Year (rule 100) */
        { "2019", "2019-03-31", CIN_READ_NO_SCHEMA, 0, false, "line 22: collection year 2019 (header Year)" },
        /* a ReferenceDate in a year without a schema: the Year stands (rule 100) */
        { "2025", "2030-03-31", CIN_READ_OK, 2025, false, NULL },
        { "2019", "2030-03-31", CIN_READ_NO_SCHEMA, 0, false, "line 22: collection year 2019 (header Year)" },
    };
    struct cin_reader_options o = { 0 };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf to = STRBUF_INIT;
        struct cin_reader *r;
        char err[512], *path;
        strbuf_addf(&to, "<Year>%s</Year>\n      <ReferenceDate>%s</ReferenceDate>", cases[i].year, cases[i].date);
        path = variant(t, "year.xml", "<Year>2025</Year>\n      <ReferenceDate>2025-03-31</ReferenceDate>", to.buf);
        int rc = cin_reader_open(path, &o, &r, err, sizeof err);
        if (rc != cases[i].read)
            fail_msg("Year %s, ReferenceDate %s: status %d, expected %d (%s)", cases[i].year, cases[i].date, rc,
                     cases[i].read, rc ? err : "");
        if (rc == CIN_READ_OK) {
            assert_int_equal(cin_reader_year(r), cases[i].want);
            assert_int_equal(cin_reader_year_from_reference_date(r), cases[i].from_date);
            cin_reader_close(r);
        } else if (!strstr(err, cases[i].diag)) {
            fail_msg("Year %s, ReferenceDate %s: '%s' not in '%s'", cases[i].year, cases[i].date, cases[i].diag, err);
        }
        free(path);
        strbuf_release(&to);
    }
}

/* Schema-invalid shapes must be read without crashing, as well as can be. */
static void test_odd_shapes(void **state)
{
    const struct tmpdir *t = *state;
    static const char odd[] =
        HDR
        "<Child>text in a group<ChildIdentifiers>\n"
        "<LAchildID>FIRST</LAchildID><LAchildID>SECOND</LAchildID>\n"
        "<Unknown><LAchildID>NESTED</LAchildID><Deeper>x</Deeper></Unknown>\n"
        "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>\n"
        "<PersonBirthDate> 2015-03-24 </PersonBirthDate>\n"
        "<UPN><b>A</b>tail</UPN>\n"
        "</ChildIdentifiers>\n"
        "<CINdetails><Assessments><FactorsIdentifiedAtAssessment/></Assessments>"
        "<Reviews><CPPreviewDate>2024-01-01</CPPreviewDate></Reviews>"
        "<![CDATA[2]]></CINdetails>\n"
        "<Disability>MOB</Disability>\n"
        "</Child>\n"
        "<Child/>\n"
        "<Stray>outside a child</Stray>\n"
        "</Children>\n</Message>\n";
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    const struct cin_child *c;
    struct sink sink = { 0 };
    char err[512];
    char *path = write_file(t, "odd.xml", odd, sizeof odd - 1);

    o.on_schema_error = collect;
    o.opaque = &sink;
    assert_int_equal(cin_reader_open(path, &o, &r, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    want_value(&c->la_child_id, "FIRST", 4);            /* the first singleton stands */
    want_date(&c->birth_date, "2015-03-24", 7);          /* xs:date collapses white space */
    assert_string_equal(c->birth_date.text, "2015-03-24");
    want_value(&c->upn, "tail", 8);                      /* its own text only */
    assert_int_equal(c->n_episodes, 1);
    assert_int_equal(c->episodes[0].n_assessments, 1);
    assert_true(c->episodes[0].assessments[0].has_factors_group);
    assert_int_equal(c->episodes[0].assessments[0].n_factors, 0);
    assert_int_equal(c->episodes[0].n_cpps, 0);            /* Reviews outside a plan: skipped */
    assert_int_equal(c->n_disabilities, 0);                /* Disability outside Disabilities */
    assert_int_equal(cin_reader_next_child(r, &c), 1);
    assert_int_equal(c->position, 2);
    assert_null(c->la_child_id.text);
    assert_int_equal(cin_reader_next_child(r, &c), 0);
    cin_reader_close(r);
    assert_true(sink.n >= 5);
    /* errors are tied to the right element, a repeated one numbered; the
     * XInclude is an unknown element, never processed */
    bool saw_second = false, saw_stray = false;
    for (size_t i = 0; i < sink.n; i++) {
        saw_second |= !strcmp(sink.e[i].path, "Message/Children/Child[1]/ChildIdentifiers/LAchildID[2]")
                      && sink.e[i].line == 4;
        if (!strcmp(sink.e[i].path, "Message/Children/Stray")) {
            saw_stray = true;
            assert_int_equal(sink.e[i].child, 0);
            assert_int_equal(sink.e[i].line, 14);
        }
        assert_null(strstr(sink.e[i].message, "SECOND"));
        assert_null(strstr(sink.e[i].message, "root:"));
        assert_null(strstr(sink.e[i].value, "root:"));
    }
    assert_true(saw_second);
    assert_true(saw_stray);
    free(path);
}

static void test_schema_cache(void **state)
{
    struct cin_schemas *s = cin_schemas_new();
    int years[8];
    char err[512];

    (void)state;
    assert_true(cin_schemas_years(years, 8) >= 2);
    assert_int_equal(years[0], 2025);
    assert_int_equal(cin_schemas_load(s, 2025, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_schemas_load(s, 2025, err, sizeof err), CIN_READ_OK);
    assert_int_equal(cin_schemas_load(s, 1999, err, sizeof err), CIN_READ_NO_SCHEMA);
    /* readers share the compiled schema */
    for (int i = 0; i < 3; i++) {
        struct cin_reader_options o = { 0 };
        struct cin_reader *r;
        o.schemas = s;
        assert_int_equal(cin_reader_open(VALID, &o, &r, err, sizeof err), CIN_READ_OK);
        assert_int_equal(read_all(r, NULL, err, sizeof err), 3);
        cin_reader_close(r);
    }
    cin_schemas_free(s);
}

static void test_missing_file(void **state)
{
    struct cin_reader_options o = { 0 };
    struct cin_reader *r;
    char err[512];

    (void)state;
    assert_int_equal(cin_reader_open("tests/data/no-such-file.xml", &o, &r, err, sizeof err), CIN_READ_INPUT);
    assert_non_null(strstr(err, "cannot open the file"));
    assert_int_equal(cin_reader_open("tests/data", &o, &r, err, sizeof err), CIN_READ_INPUT);
    assert_non_null(strstr(err, "is a directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_file),
        cmocka_unit_test(test_module_2027),
        cmocka_unit_test_setup_teardown(test_module_2027_errors, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_schema_errors),
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_midfile_truncation_keeps_earlier_children, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_bom_is_accepted, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_default_namespace, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_year_from_header, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_year_override, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_odd_shapes, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_schema_cache),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests_name("cin_reader", tests, NULL, NULL);
}
