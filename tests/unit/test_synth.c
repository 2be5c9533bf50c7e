/*
 * Tests for `statreturn synth` (src/pipeline/synth.c; the CIN part is
 * src/returns/cin/cin_synth.c): output is a pure function of the options,
 * the SQL has the shape psql's COPY needs (blocks in foreign-key order, one
 * field per column, escaping), UPNs carry valid check letters, the defect
 * rate produces defects and a rate of zero none, and clean histories keep
 * the invariants the DfE rules depend on.  From 2026-27 the pre-proceedings
 * tables follow the CIN ones, their periods in the order DfE's rules ask
 * for, tied to an episode of the same child with a CP plan; the module's
 * defects appear; earlier years have no such tables.
 *
 * Each test writes to a tmpfile(), reads it back and parses the COPY blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "pipeline/synth.h"
#include "core/upn.h"

#define YEAR 2025

static const char *const fk_order[] = {
    "ssd_person", "ssd_linked_identifiers", "ssd_disability", "ssd_cin_episodes",
    "ssd_cin_assessments", "ssd_assessment_factors", "ssd_cin_plans", "ssd_s47_enquiry",
    "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_reviews",
};
#define N_TABLES (sizeof fk_order / sizeof fk_order[0])
#define MAX_BLOCKS 64   /* the SSDA903 and families generators add blocks after these */

struct table {
    char name[64];
    size_t n_cols;
    char ***rows;      /* rows[i][j]: field j of row i; NULL for \N */
    size_t n_rows, cap;
};

struct output {
    char *text;        /* whole output */
    size_t len;
    struct table tables[MAX_BLOCKS];
    size_t n_tables;
    bool begin, commit;
};

static struct synth_options opts(unsigned long children, uint64_t seed, double defects)
{
    struct synth_options o = { .children = children, .seed = seed, .year = YEAR, .la = 201, .defects = defects };
    return o;
}

static char *run_synth(const struct synth_options *o, size_t *len)
{
    char err[256] = "";
    FILE *f = tmpfile();
    assert_non_null(f);
    int rc = synth_write(o, f, err, sizeof err);
    if (rc != 0)
        fail_msg("synth_write: %s", err);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static size_t count_columns(const char *header)
{
    const char *open = strchr(header, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    assert_non_null(close);
    size_t n = 1;
    for (const char *p = open; p < close; p++)
        n += *p == ',';
    return n;
}

/* Splits the output in place into tables and fields. */
static void parse(struct output *out, const struct synth_options *o)
{
    memset(out, 0, sizeof *out);
    out->text = run_synth(o, &out->len);
    struct table *cur = NULL;
    char *line = out->text;
    while (*line) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);            /* every line ends with a newline */
        *nl = '\0';
        if (!cur) {
            if (strcmp(line, "BEGIN;") == 0)
                out->begin = true;
            else if (strcmp(line, "COMMIT;") == 0)
                out->commit = true;
            else if (strncmp(line, "COPY ", 5) == 0) {
                assert_true(out->n_tables < MAX_BLOCKS);
                cur = &out->tables[out->n_tables++];
                assert_int_equal(sscanf(line + 5, "%63s", cur->name), 1);
                cur->n_cols = count_columns(line);
                assert_non_null(strstr(line, ") FROM stdin;"));
            }
        } else if (strcmp(line, "\\.") == 0) {
            cur = NULL;
        } else {
            if (cur->n_rows == cur->cap) {
                cur->cap = cur->cap ? 2 * cur->cap : 256;
                cur->rows = realloc(cur->rows, cur->cap * sizeof *cur->rows);
                assert_non_null(cur->rows);
            }
            char **fields = calloc(cur->n_cols, sizeof *fields);
            assert_non_null(fields);
            size_t k = 0;
            char *p = line;
            for (;;) {
                char *tab = strchr(p, '\t');
                if (tab)
                    *tab = '\0';
                if (k >= cur->n_cols)
                    fail_msg("%s: more fields than columns", cur->name);
                fields[k++] = strcmp(p, "\\N") == 0 ? NULL : p;
                for (char *q = p; *q; q++)
                    if ((unsigned char)*q < 0x20)
                        fail_msg("%s: raw control character in a field", cur->name);
                if (!tab)
                    break;
                p = tab + 1;
            }
            if (k != cur->n_cols)
                fail_msg("%s: %zu fields for %zu columns", cur->name, k, cur->n_cols);
            cur->rows[cur->n_rows++] = fields;
        }
        line = nl + 1;
    }
    assert_null(cur);   /* last block terminated */
}

static void release(struct output *out)
{
    for (size_t t = 0; t < out->n_tables; t++) {
        for (size_t i = 0; i < out->tables[t].n_rows; i++)
            free(out->tables[t].rows[i]);
        free(out->tables[t].rows);
    }
    free(out->text);
}

static struct table *table(struct output *out, const char *name)
{
    for (size_t t = 0; t < out->n_tables; t++)
        if (strcmp(out->tables[t].name, name) == 0)
            return &out->tables[t];
    fail_msg("no COPY block for %s", name);
    return NULL;
}

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fails if column col of t has a repeated value. */
static void assert_unique(struct table *t, size_t col)
{
    char **v = malloc((t->n_rows + 1) * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < t->n_rows; i++) {
        assert_non_null(t->rows[i][col]);
        v[i] = t->rows[i][col];
    }
    qsort(v, t->n_rows, sizeof *v, cmp_str);
    for (size_t i = 1; i < t->n_rows; i++)
        if (strcmp(v[i - 1], v[i]) == 0)
            fail_msg("%s: duplicate key %s", t->name, v[i]);
    free(v);
}

static sr_date D(const char *s)
{
    return s ? date_parse_iso(s) : SR_DATE_NONE;
}

/* ---------------------------------------------------------------------- */

static void test_same_options_same_bytes(void **state)
{
    (void)state;
    struct synth_options o = opts(1500, 42, 0.1);
    size_t n1, n2;
    char *a = run_synth(&o, &n1);
    char *b = run_synth(&o, &n2);
    assert_int_equal(n1, n2);
    assert_true(fnv1a(a, n1) == fnv1a(b, n2));
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
}

static void test_different_seeds_differ(void **state)
{
    (void)state;
    struct synth_options o1 = opts(500, 1, 0), o2 = opts(500, 2, 0);
    size_t n1, n2;
    char *a = run_synth(&o1, &n1);
    char *b = run_synth(&o2, &n2);
    assert_true(n1 != n2 || fnv1a(a, n1) != fnv1a(b, n2));
    free(a);
    free(b);
}

static void test_copy_blocks_in_fk_order(void **state)
{
    (void)state;
    struct synth_options o = opts(800, 3, 0.2);
    struct output out;
    parse(&out, &o);
    assert_true(out.begin);
    assert_true(out.commit);
    assert_true(out.n_tables >= N_TABLES);      /* the CIN blocks first */
    for (size_t t = 0; t < N_TABLES; t++)
        assert_string_equal(out.tables[t].name, fk_order[t]);
    release(&out);
    /* BEGIN before the first COPY, COMMIT last (parse() has cut up its copy). */
    size_t len;
    char *text = run_synth(&o, &len);
    char *begin = strstr(text, "BEGIN;"), *copy = strstr(text, "COPY ");
    assert_non_null(begin);
    assert_non_null(copy);
    assert_true(begin < copy);
    assert_true(len > 8);
    assert_string_equal(text + len - 8, "COMMIT;\n");
    free(text);
}

static void test_person_rows_and_keys(void **state)
{
    (void)state;
    struct synth_options o = opts(2000, 3, 0.1);
    struct output out;
    parse(&out, &o);
    struct table *per = table(&out, "ssd_person");
    assert_int_equal(per->n_rows, 2000);
    for (size_t i = 0; i < per->n_rows; i++) {
        const char *id = per->rows[i][0];
        assert_true(strlen(id) <= 20);              /* LAchildID: rules 1570, 1580 */
        for (const char *p = id; *p; p++)
            assert_true((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'));
        const char *nhs = per->rows[i][2];          /* invented, outside the issued range */
        assert_int_equal(strlen(nhs), 10);
        assert_memory_equal(nhs, "999", 3);
    }
    /* Every primary key is unique. */
    for (size_t t = 0; t < N_TABLES; t++)
        assert_unique(table(&out, fk_order[t]), 0);
    assert_unique(table(&out, "ssd_assessment_factors"), 1);
    release(&out);
}

static void test_upns_valid_and_unique_when_clean(void **state)
{
    (void)state;
    struct synth_options o = opts(3000, 11, 0);
    struct output out;
    parse(&out, &o);
    struct table *lnk = table(&out, "ssd_linked_identifiers");
    size_t upns = 0, former = 0;
    for (size_t i = 0; i < lnk->n_rows; i++) {
        const char *type = lnk->rows[i][2], *value = lnk->rows[i][3];
        assert_non_null(value);
        if (!upn_valid(value, YEAR))
            fail_msg("invalid UPN %s", value);
        upns += strcmp(type, "Unique Pupil Number") == 0;
        former += strcmp(type, "Former Unique Pupil Number") == 0;
    }
    assert_true(upns > 1000);
    assert_true(former > 0);
    assert_unique(lnk, 3);   /* current and former UPNs never repeat (1520) */
    release(&out);
}

static size_t count_value(struct table *t, size_t col, const char *value)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *v = t->rows[i][col];
        n += value ? (v && strcmp(v, value) == 0) : v == NULL;
    }
    return n;
}

static size_t count_invalid_upns(struct table *lnk)
{
    size_t n = 0;
    for (size_t i = 0; i < lnk->n_rows; i++)
        n += !upn_valid(lnk->rows[i][3], YEAR);
    return n;
}

static size_t count_duplicate_upns(struct table *lnk)
{
    char **v = malloc((lnk->n_rows + 1) * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < lnk->n_rows; i++)
        v[i] = lnk->rows[i][3];
    qsort(v, lnk->n_rows, sizeof *v, cmp_str);
    size_t n = 0;
    for (size_t i = 1; i < lnk->n_rows; i++)
        n += strcmp(v[i - 1], v[i]) == 0;
    free(v);
    return n;
}

static void test_defects_appear_at_rate(void **state)
{
    (void)state;
    struct synth_options o = opts(3000, 5, 0.2);
    struct output out;
    parse(&out, &o);
    struct table *per = table(&out, "ssd_person");
    struct table *lnk = table(&out, "ssd_linked_identifiers");
    struct table *epi = table(&out, "ssd_cin_episodes");
    struct table *fac = table(&out, "ssd_assessment_factors");
    /* 600 defective children over 18 kinds: about 33 of each. */
    assert_true(count_value(per, 7, "ZZZZ") > 5);
    assert_true(count_value(per, 7, NULL) > 5);
    assert_true(count_invalid_upns(lnk) > 10);
    assert_true(count_duplicate_upns(lnk) > 5);
    assert_true(count_value(epi, 4, "11") > 5);
    assert_true(count_value(epi, 2, NULL) > 5);
    assert_true(count_value(fac, 2, "[\"2B\",") > 5);
    size_t both = 0, neither = 0;
    for (size_t i = 0; i < per->n_rows; i++) {
        bool dob = per->rows[i][8] != NULL, edob = per->rows[i][9] != NULL;
        both += dob && edob;
        neither += !dob && !edob;
    }
    assert_true(both > 5);
    assert_true(neither > 5);
    release(&out);
}

static void test_no_defects_at_zero(void **state)
{
    (void)state;
    struct synth_options o = opts(3000, 5, 0);
    struct output out;
    parse(&out, &o);
    struct table *per = table(&out, "ssd_person");
    struct table *epi = table(&out, "ssd_cin_episodes");
    struct table *fac = table(&out, "ssd_assessment_factors");
    assert_int_equal(count_value(per, 7, "ZZZZ"), 0);
    assert_int_equal(count_value(per, 7, NULL), 0);
    assert_int_equal(count_invalid_upns(table(&out, "ssd_linked_identifiers")), 0);
    assert_int_equal(count_value(epi, 4, "11"), 0);
    assert_int_equal(count_value(epi, 2, NULL), 0);
    for (size_t i = 0; i < fac->n_rows; i++) {
        const char *j = fac->rows[i][2];
        size_t n = strlen(j);
        assert_true(n >= 2);
        assert_true((j[0] == '[' && j[n - 1] == ']') || (j[0] == '{' && j[n - 1] == '}'));
    }
    for (size_t i = 0; i < per->n_rows; i++)   /* exactly one of DOB / expected DOB (8525Q) */
        assert_true((per->rows[i][8] != NULL) != (per->rows[i][9] != NULL));
    release(&out);
}

/* Row index of the first row whose column col equals key (linear: small data). */
static char **find(struct table *t, size_t col, const char *key)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->rows[i][col] && strcmp(t->rows[i][col], key) == 0)
            return t->rows[i];
    return NULL;
}

/* Invariants of clean histories that the DfE rules (and the build) rely on. */
static void test_clean_histories(void **state)
{
    (void)state;
    struct synth_options o = opts(2000, 9, 0);
    struct output out;
    parse(&out, &o);
    sr_date ref = census_reference_date(YEAR);
    struct table *per = table(&out, "ssd_person");
    struct table *dis = table(&out, "ssd_disability");
    struct table *epi = table(&out, "ssd_cin_episodes");
    struct table *ass = table(&out, "ssd_cin_assessments");
    struct table *icpc = table(&out, "ssd_initial_cp_conference");
    struct table *cpp = table(&out, "ssd_cp_plans");
    struct table *rev = table(&out, "ssd_cp_reviews");
    struct table *s47 = table(&out, "ssd_s47_enquiry");

    size_t unborn = 0, dead = 0;
    for (size_t i = 0; i < per->n_rows; i++) {
        char **p = per->rows[i];
        if (!p[8]) {        /* unborn: sex U (8750), expected DOB in range (8530Q), no disabilities */
            unborn++;
            assert_string_equal(p[5], "U");
            sr_date e = D(p[9]);
            assert_true(e >= ref - 30 && e <= date_add_months(ref, 9));
            assert_null(find(dis, 1, p[0]));
        } else {
            assert_true(D(p[8]) <= date_add_months(ref, 6));
        }
        if (p[10]) {        /* deaths in the census year (8545Q) */
            dead += 1;
            assert_true(D(p[10]) >= census_period_start(YEAR) && D(p[10]) <= ref);
        }
        /* school-age children have a UPN or a UN2..UN7 reason (8770Q) */
        if (p[8] && D(p[8]) <= date_from_ymd(YEAR - 6, 8, 31) && p[11])
            assert_true(strcmp(p[11], "UN1") != 0);
    }
    assert_true(unborn > 0);
    (void)dead;

    for (size_t i = 0; i < epi->n_rows; i++) {
        char **e = epi->rows[i];
        assert_true((e[8] == NULL) == (e[9] == NULL));   /* 8805, 8810 */
        if (strcmp(e[7], "N") == 0)
            assert_non_null(e[3]);                        /* 8610 */
        else
            assert_null(find(ass, 2, e[0]));              /* 8831 */
        if (e[9])
            assert_true(D(e[9]) >= D(e[2]));              /* 8630 */
    }
    for (size_t i = 0; i < ass->n_rows; i++) {
        char **a = ass->rows[i];
        char **e = find(epi, 0, a[2]);
        assert_non_null(e);
        assert_true(D(a[3]) >= D(e[2]));                  /* 1103 */
        if (a[5])
            assert_true(D(a[5]) >= D(a[3]) && D(a[5]) <= D(a[3]) + 60);   /* 8608, 8670Q */
        if (e[9] && a[5])
            assert_true(D(e[9]) >= D(a[5]));              /* 8565 */
        if (e[9])
            assert_non_null(a[5]);                        /* 8867 */
    }
    for (size_t i = 0; i < icpc->n_rows; i++) {
        char **c = icpc->rows[i];
        sr_date d = D(c[8]);
        assert_true(date_weekday(d) < 5);                 /* 8875 */
        if (c[7])
            assert_true(date_weekday(D(c[7])) < 5);       /* 8870Q */
        if (c[2]) {
            char **s = find(s47, 0, c[2]);
            assert_non_null(s);
            assert_true(D(s[3]) <= d);                    /* 8615 */
        }
    }
    for (size_t i = 0; i < cpp->n_rows; i++) {
        char **p = cpp->rows[i];
        char **c = find(icpc, 0, p[2]);
        assert_non_null(c);
        assert_string_equal(p[4], c[8]);                  /* 2885: plan starts at its conference */
        if (p[5])
            assert_true(D(p[5]) > D(p[4]));               /* 8840, 8925 */
    }
    for (size_t i = 0; i < rev->n_rows; i++) {
        char **r = rev->rows[i];
        char **p = find(cpp, 0, r[2]);
        assert_non_null(p);
        assert_true(D(r[4]) > D(p[4]));                   /* 8841 */
        if (p[5])
            assert_true(D(r[4]) <= D(p[5]));
    }
    release(&out);
}

/* ---- 2026-27: pre-proceedings ---------------------------------------------- */

/* ssd_pre_proceedings columns (as synth writes them) and the extension's. */
enum { PR_ID, PR_PERSON, PR_FAMILY, PR_START, PR_INITIAL, PR_OUTCOME_TEXT, PR_STEP, PR_CP_PLANS, PR_GATEWAY,
       PR_PREVIOUS, PR_LBP, PR_LETTER, PR_MEETINGS, PR_LEGAL_REP, PR_COURT_REF };
enum { PX_ID, PX_REFERRAL, PX_OFFERED, PX_FACILITATED, PX_COURT, PX_OUTCOME };

static struct synth_options opts_2027(unsigned long children, uint64_t seed, double defects)
{
    struct synth_options o = opts(children, seed, defects);
    o.year = 2027;
    return o;
}

static bool has_table(const struct output *out, const char *name)
{
    for (size_t t = 0; t < out->n_tables; t++)
        if (!strcmp(out->tables[t].name, name))
            return true;
    return false;
}

/* before <= after, when both are dates (a missing one orders nothing). */
static bool ordered(const char *before, const char *after)
{
    return !before || !after || D(before) <= D(after);
}

/* What a clean period must be (the DfE rules 9006-9015Q and the tie). */
static void check_clean_period(struct output *out, char **r, char **x)
{
    struct table *epi = table(out, "ssd_cin_episodes");
    assert_non_null(find(table(out, "ssd_cp_plans"), 3, r[PR_PERSON]));   /* pre-proceedings follow a CP plan */
    assert_true(ordered(r[PR_START], r[PR_LBP]));                         /* 9006 */
    assert_true(ordered(r[PR_LBP], r[PR_INITIAL]));
    assert_true(ordered(r[PR_START], r[PR_STEP]));                        /* 9009 */
    if (r[PR_INITIAL])
        assert_non_null(r[PR_MEETINGS]);                                  /* 9015Q */
    if (!x)
        return;
    assert_true(ordered(r[PR_STEP], x[PX_COURT]));                        /* 9012 */
    assert_true(ordered(x[PX_COURT], r[PR_LETTER]));                      /* 9013 */
    if (r[PR_LBP])
        assert_non_null(x[PX_OFFERED]);                                   /* 9007 */
    if (x[PX_OFFERED] && !strcmp(x[PX_OFFERED], "Y"))
        assert_non_null(x[PX_FACILITATED]);                               /* 9010Q */
    if (x[PX_OUTCOME])
        assert_non_null(strchr("ABC", x[PX_OUTCOME][0]));                 /* 9011 */
    if (x[PX_COURT])
        assert_string_equal(x[PX_OUTCOME], "A");
    if (x[PX_REFERRAL]) {                                                 /* the same child's episode */
        char **e = find(epi, 0, x[PX_REFERRAL]);
        assert_non_null(e);
        assert_string_equal(e[1], r[PR_PERSON]);
    }
}

static void test_pre_proceedings_2027(void **state)
{
    (void)state;
    struct synth_options o = opts_2027(3000, 5, 0);
    struct output out;
    parse(&out, &o);
    assert_string_equal(out.tables[N_TABLES].name, "ssd_pre_proceedings");
    assert_string_equal(out.tables[N_TABLES + 1].name, "ssd_cin_extension_pre_proceedings");
    struct table *pr = table(&out, "ssd_pre_proceedings"), *px = table(&out, "ssd_cin_extension_pre_proceedings");
    assert_unique(pr, 0);
    assert_unique(px, 0);
    size_t by_dates = 0, offered_not_held = 0, courts = 0, step_downs = 0, ongoing = 0, no_row = 0;
    for (size_t i = 0; i < pr->n_rows; i++) {
        char **r = pr->rows[i], **x = find(px, PX_ID, r[PR_ID]);
        check_clean_period(&out, r, x);
        no_row += !x;
        ongoing += !r[PR_STEP];
        step_downs += r[PR_OUTCOME_TEXT] && !strcmp(r[PR_OUTCOME_TEXT], "Decision to step down");
        if (!x)
            continue;
        by_dates += !x[PX_REFERRAL];
        courts += x[PX_COURT] != NULL;
        offered_not_held += x[PX_OFFERED] && x[PX_FACILITATED] && !strcmp(x[PX_OFFERED], "Y")
                            && !strcmp(x[PX_FACILITATED], "N");
    }
    for (size_t i = 0; i < px->n_rows; i++)   /* every extension row extends a period */
        assert_non_null(find(pr, PR_ID, px->rows[i][PX_ID]));
    assert_true(pr->n_rows > 60);
    assert_true(by_dates > 0 && offered_not_held > 0 && courts > 0 && step_downs > 0 && ongoing > 0 && no_row > 0);
    release(&out);

    /* Before 2026-27 there are no such tables. */
    o = opts(500, 5, 0.2);
    parse(&out, &o);
    assert_false(has_table(&out, "ssd_pre_proceedings"));
    assert_false(has_table(&out, "ssd_cin_extension_pre_proceedings"));
    release(&out);
}

/* Each of the module's defects shows in 2026-27 data with defects. */
static void test_pre_proceedings_defects_2027(void **state)
{
    (void)state;
    struct synth_options o = opts_2027(3000, 5, 0.3);
    struct output out;
    parse(&out, &o);
    struct table *pr = table(&out, "ssd_pre_proceedings"), *px = table(&out, "ssd_cin_extension_pre_proceedings");
    size_t seen[8] = { 0 };
    for (size_t i = 0; i < pr->n_rows; i++) {
        char **r = pr->rows[i], **x = find(px, PX_ID, r[PR_ID]);
        if (!x)
            continue;
        seen[0] += !ordered(r[PR_START], r[PR_LBP]);                        /* 9006 */
        seen[1] += r[PR_LBP] && !x[PX_OFFERED];                             /* 9007 */
        seen[2] += !ordered(r[PR_START], r[PR_STEP]);                       /* 9009 */
        seen[3] += x[PX_OFFERED] && !strcmp(x[PX_OFFERED], "Y") && !x[PX_FACILITATED];   /* 9010Q */
        seen[4] += x[PX_OUTCOME] && !strcmp(x[PX_OUTCOME], "D");            /* 9011 */
        seen[5] += !ordered(r[PR_STEP], x[PX_COURT]);                       /* 9012 */
        seen[6] += !ordered(x[PX_COURT], r[PR_LETTER]);                     /* 9013 */
        seen[7] += r[PR_INITIAL] && !r[PR_MEETINGS];                        /* 9015Q */
    }
    for (size_t k = 0; k < 8; k++)
        if (seen[k] == 0)
            fail_msg("defect %zu of the module never drawn", k);
    release(&out);
}

static void test_zero_children(void **state)
{
    (void)state;
    struct synth_options o = opts(0, 1, 0);
    struct output out;
    parse(&out, &o);
    assert_true(out.n_tables >= N_TABLES);
    for (size_t t = 0; t < N_TABLES; t++)
        assert_int_equal(out.tables[t].n_rows, 0);
    release(&out);
}

static void test_rejects_bad_options(void **state)
{
    (void)state;
    char err[256];
    FILE *f = tmpfile();
    assert_non_null(f);
    struct synth_options o = opts(10, 1, 1.5);
    err[0] = '\0';
    assert_int_equal(synth_write(&o, f, err, sizeof err), -1);
    assert_non_null(strstr(err, "defect"));
    o = opts(10, 1, 0);
    o.la = 999;                  /* not an LA code (rule 1530) */
    assert_int_equal(synth_write(&o, f, err, sizeof err), -1);
    assert_non_null(strstr(err, "LA"));
    o = opts(10, 1, 0);
    o.year = 1990;
    assert_int_equal(synth_write(&o, f, err, sizeof err), -1);
    assert_non_null(strstr(err, "year"));
    fclose(f);
}

static void test_reports_write_failure(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    char err[256] = "";
    struct synth_options o = opts(200, 1, 0);
    assert_int_equal(synth_write(&o, f, err, sizeof err), -1);
    assert_non_null(strstr(err, "write"));
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_options_same_bytes),
        cmocka_unit_test(test_different_seeds_differ),
        cmocka_unit_test(test_copy_blocks_in_fk_order),
        cmocka_unit_test(test_person_rows_and_keys),
        cmocka_unit_test(test_upns_valid_and_unique_when_clean),
        cmocka_unit_test(test_defects_appear_at_rate),
        cmocka_unit_test(test_no_defects_at_zero),
        cmocka_unit_test(test_clean_histories),
        cmocka_unit_test(test_pre_proceedings_2027),
        cmocka_unit_test(test_pre_proceedings_defects_2027),
        cmocka_unit_test(test_zero_children),
        cmocka_unit_test(test_rejects_bad_options),
        cmocka_unit_test(test_reports_write_failure),
    };
    return cmocka_run_group_tests_name("synth", tests, NULL, NULL);
}
