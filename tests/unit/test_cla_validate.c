/*
 * Tests of the SSDA903 validator (src/returns/ssda903/cla_validate.c, with the rules of
 * src/returns/ssda903/cla_rules.c): small CSV sets and XML files written by each test.
 *
 * A clean set passes; each structural defect is found with the right table,
 * row, column and line; CSV quoting edge cases, byte-order mark, CRLF,
 * recognition by header row whatever the file name, duplicate tables; XML
 * schema errors with paths, value checks on the XML mapping, unsafe XML
 * refused; the year from the data; the example DfE rules; the DoLo table of
 * 2026-27 (CSV only) with its rules; and the public
 * fake samples ($STATRETURN_SHARED/reference/samples, default ../shared),
 * skipped with a message when they are absent.
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
#include <unistd.h>

#include <cmocka.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_validate.h"
#include "core/strbuf.h"
#include "pipeline/validate.h"
#include "core/xalloc.h"

/* ---- a finding collector ---------------------------------------------------------- */

struct got {
    char code[16];
    char path[160];
    char id[24];
    char detail[320];
    char value[64];
    unsigned line;
    size_t child;
    /* where in the tables; "-" for NULL */
    char table[24];
    size_t row;
    char column[32];
};

struct sink {
    struct got *v;
    size_t n, cap;
};

static void collect(void *opaque, const struct finding *f, const char *detail)
{
    struct sink *s = opaque;
    struct got *g;

    ALLOC_GROW(s->v, s->n, s->cap);
    g = &s->v[s->n++];
    memset(g, 0, sizeof *g);
    snprintf(g->code, sizeof g->code, "%s", f->rule->code);
    snprintf(g->path, sizeof g->path, "%s", f->path ? f->path : "");
    snprintf(g->id, sizeof g->id, "%s", f->la_child_id ? f->la_child_id : "");
    snprintf(g->detail, sizeof g->detail, "%s", detail ? detail : "");
    snprintf(g->value, sizeof g->value, "%s", f->value ? f->value : "");
    g->line = f->line;
    g->child = f->child_position;
    snprintf(g->table, sizeof g->table, "%s", f->table ? f->table : "-");
    g->row = f->row;
    snprintf(g->column, sizeof g->column, "%s", f->column ? f->column : "-");
}

/* The finding with this code and path, or NULL. */
static const struct got *find(const struct sink *s, const char *code, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].code, code) && (!path || !strcmp(s->v[i].path, path)))
            return &s->v[i];
    return NULL;
}

static size_t count_code(const struct sink *s, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += !strcmp(s->v[i].code, code);
    return n;
}

static void dump(const struct sink *s)
{
    for (size_t i = 0; i < s->n; i++)
        printf("  %s %s line %u [%s] %s\n", s->v[i].code, s->v[i].path, s->v[i].line, s->v[i].id, s->v[i].detail);
}

#define EXPECT(s, code, path) do {                                              \
        if (!find((s), (code), (path))) {                                       \
            dump(s);                                                            \
            fail_msg("no %s finding at %s", (code), (path) ? (path) : "(any)"); \
        }                                                                       \
    } while (0)

/* The finding names this table, row and column (NULL: none). */
static void assert_place(const struct got *g, const char *table, size_t row, const char *column)
{
    assert_non_null(g);
    if (strcmp(g->table, table ? table : "-") != 0 || g->row != row || strcmp(g->column, column ? column : "-") != 0)
        fail_msg("%s at %s: table %s row %zu column %s, expected %s row %zu column %s", g->code, g->path, g->table,
                 g->row, g->column, table ? table : "-", row, column ? column : "-");
}

static void sink_reset(struct sink *s)
{
    s->n = 0;
}

/* ---- files -------------------------------------------------------------------------- */

struct tmp {
    char dir[64];
    struct sink sink;
    struct cla_validate_options o;
    struct cla_result res;
};

static int setup(void **state)
{
    struct tmp *t = xcalloc(1, sizeof *t);

    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-cla.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    t->o.on_finding = collect;
    t->o.opaque = &t->sink;
    *state = t;
    return 0;
}

static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        struct strbuf p = STRBUF_INIT;
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            strbuf_addf(&p, "%s/%s", dir, de->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
}

static int teardown(void **state)
{
    struct tmp *t = *state;

    clear_dir(t->dir);
    rmdir(t->dir);
    free(t->sink.v);
    free(t);
    return 0;
}

/* Writes `text` as dir/name and returns the path (static buffers in turn). */
static const char *put(const struct tmp *t, const char *name, const char *text)
{
    static char paths[16][160];
    static int turn;
    char *p = paths[turn++ % 16];
    FILE *fp;

    snprintf(p, 160, "%s/%s", t->dir, name);
    fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
    return p;
}

/* A clean 2024-25 set: two children, every table.  Postcodes use outward
 * codes that look real but are invented for tests (ZY is no UK postcode area). */
#define H_HEADER   "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define H_EPISODES "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define H_REVIEWS  "CHILD,DOB,REVIEW,REVIEW_CODE\n"
#define H_UASC     "CHILD,SEX,DOB,DUC\n"
#define H_MISSING  "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
#define H_PREVPERM "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"

static const char header_csv[] = H_HEADER
    "C001,F,14/05/2014,WBRI,UN2,0,\n"
    "C002,M,02/02/2008,AOTH,UN4,,\n";
static const char episodes_csv[] = H_EPISODES
    "C001,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,ZY1 1AB,ZY2 2AB,SC123456\n"
    "C001,10/06/2024,P,C2,N1,U3,PR4,,,,ZY1 1AB,ZY3 3AB,1234567\n"
    "C002,20/09/2024,S,V2,N4,K3,PR4,,,,ZY9 9ZZ,ZY4 4AB,XXXXXXX\n";
static const char reviews_csv[] = H_REVIEWS
    "C001,14/05/2014,01/07/2024,PN1\n"
    "C002,02/02/2008,10/12/2024,PN3\n";
static const char uasc_csv[] = H_UASC "C002,M,02/02/2008,\n";
static const char missing_csv[] = H_MISSING "C002,02/02/2008,M,01/11/2024,03/11/2024\n";
/* Both children started to be looked after in the year: DfE 630 wants
 * their previous permanence (Z1: none). */
static const char prevperm_csv[] = H_PREVPERM "C001,14/05/2014,Z1,,\nC002,02/02/2008,Z1,,\n";

static int run_csv(struct tmp *t, const char *const *paths, size_t n)
{
    sink_reset(&t->sink);
    return cla_validate_csv(paths, n, &t->o, &t->res);
}

static void test_clean_csv_set(void **state)
{
    struct tmp *t = *state;
    const char *p[6];

    p[0] = put(t, "header.csv", header_csv);
    p[1] = put(t, "episodes.csv", episodes_csv);
    p[2] = put(t, "reviews.csv", reviews_csv);
    p[3] = put(t, "uasc.csv", uasc_csv);
    p[4] = put(t, "missing.csv", missing_csv);
    p[5] = put(t, "prevperm.csv", prevperm_csv);
    t->o.year = 2025;
    assert_int_equal(run_csv(t, p, 6), CLA_OK);
    if (t->sink.n)
        dump(&t->sink);
    assert_int_equal(t->sink.n, 0);
    assert_int_equal(t->res.children, 2);
    assert_int_equal(t->res.year, 2025);
    assert_false(t->res.year_from_data);

    /* the year from the data: the latest event date is 10/12/2024 */
    t->o.year = 0;
    assert_int_equal(run_csv(t, p, 6), CLA_OK);
    assert_int_equal(t->res.year, 2025);
    assert_true(t->res.year_from_data);
    assert_int_equal(t->sink.n, 0);

    /* the directory form gives the same */
    assert_int_equal(cla_validate_dir(t->dir, &t->o, &t->res), CLA_OK);
    assert_int_equal(t->res.files, 6);
    assert_int_equal(t->sink.n, 0);
}

static void test_year_from_data(void **state)
{
    struct tmp *t = *state;
    const char *p[2];

    t->o.year = 0;
    /* Header alone has no event date */
    p[0] = put(t, "header.csv", header_csv);
    assert_int_equal(run_csv(t, p, 1), CLA_NO_YEAR);
    assert_non_null(strstr(t->res.diagnosis, "cannot tell the collection year"));
    assert_non_null(strstr(t->res.diagnosis, "give --year (2025 to 2027)"));
    assert_int_equal(t->res.year, 0);
    /* an old return: no spec for its year */
    p[1] = put(t, "episodes.csv", H_EPISODES "C001,01/05/2018,S,C2,N1,U1,PR1,,,,,,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_NO_YEAR);
    assert_non_null(strstr(t->res.diagnosis, "in 2018-19 (collection year 2019), which this installation has no"));
    /* 31 March belongs to the year ending then, 1 April to the next */
    put(t, "episodes.csv", H_EPISODES "C001,31/03/2025,S,C2,N1,U1,PR1,,,,,,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->res.year, 2025);
    put(t, "episodes.csv", H_EPISODES "C001,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->res.year, 2026);
    /* dates after today do not count (a typo far in the future) */
    put(t, "episodes.csv", H_EPISODES "C001,01/04/2024,S,C2,N1,U1,PR1,01/04/2199,E8,,,,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->res.year, 2025);
}

static void test_structural_defects(void **state)
{
    struct tmp *t = *state;
    const char *p[4];
    const struct got *g;

    t->o.year = 2025;
    t->o.no_rules = true;   /* the generic checks; DfE rules would name some of these by their codes */
    p[0] = put(t, "h.csv", H_HEADER
               "C001,F,14/05/2014,WBRI,UN2,0,\n"
               "C002,M,02/02/2008,AOTH,UN4,,\n"
               "C001,F,14/05/2014,WBRI,UN2,0,\n");              /* row 3: duplicate child */
    p[1] = put(t, "e.csv", H_EPISODES
               "C001,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,ZY1 1AB,ZY2 2AB,SC123456\n"
               "C001,,P,C2,N1,XX,PR4,,,,ZY1 1AB,ZY3 3AB,1234567\n"    /* row 2: DECOM blank, PLACE bad */
               "C002,20/09/2024,S,V2,N4,K3,PR4,,,,ZY9 9ZZ,ZY4 4AB\n"   /* row 3: 12 cells */
               "C003,2024-09-20,S,V2,N4,K3,PR4,,,,,,12\n"              /* row 4: orphan, bad date, bad URN */
               ",20/09/2024,S,V2,N4,K3,PR4,,,,,,\n");                  /* row 5: no CHILD */
    p[2] = put(t, "r.csv", H_REVIEWS
               "C001,15/05/2014,01/07/2024,PN1\n"                     /* DOB differs from Header */
               "C002,02/02/2008,10/12/2024,PN9\n");                   /* bad code */
    p[3] = put(t, "o.csv", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
               "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
               "C001,14/05/2014,41,,1,0,0,0,0,1,0,0\n");
    assert_int_equal(run_csv(t, p, 4), CLA_OK);

    g = find(&t->sink, "DUP", "Header row 3");
    assert_non_null(g);
    assert_int_equal(g->line, 4);
    assert_string_equal(g->id, "C001");
    assert_place(g, "Header", 3, NULL);                 /* a row */
    assert_string_equal(g->detail, "The child has more than one row in a table that allows one per child "
                                   "(the other record: Header row 1, line 2)");
    g = find(&t->sink, "REQ", "Episodes row 2 / DECOM");
    assert_non_null(g);
    assert_int_equal(g->line, 3);
    assert_int_equal(g->child, 1);
    assert_place(g, "Episodes", 2, "DECOM");            /* a cell */
    g = find(&t->sink, "CODE", "Episodes row 2 / PLACE");
    assert_non_null(g);
    assert_string_equal(g->detail, "not a code of list PLACE for 2024-25");
    assert_string_equal(g->value, "XX");     /* the sink gets it; the report keeps it only with --show-values */
    g = find(&t->sink, "CSV", "Episodes row 3");
    assert_non_null(g);
    assert_int_equal(g->line, 4);
    assert_string_equal(g->detail, "the row has 12 cells; the header row has 13 (row not checked further)");
    assert_place(g, "Episodes", 3, NULL);
    g = find(&t->sink, "ORPHAN", "Episodes row 4 / CHILD");
    assert_non_null(g);
    assert_string_equal(g->id, "C003");
    assert_int_equal(g->child, 3);           /* after the two Header children */
    assert_place(g, "Episodes", 4, "CHILD");
    g = find(&t->sink, "FORMAT", "Episodes row 4 / DECOM");
    assert_non_null(g);
    assert_string_equal(g->detail, "not a valid date (DD/MM/YYYY)");
    EXPECT(&t->sink, "FORMAT", "Episodes row 4 / URN");
    g = find(&t->sink, "REQ", "Episodes row 5 / CHILD");
    assert_non_null(g);
    assert_int_equal(g->child, 0);
    assert_place(g, "Episodes", 5, "CHILD");            /* no child, still a cell */
    g = find(&t->sink, "DIFFER", "Reviews row 1 / DOB");
    assert_non_null(g);
    assert_string_equal(g->detail, "differs from Header DOB");
    assert_place(g, "Reviews", 1, "DOB");
    EXPECT(&t->sink, "CODE", "Reviews row 2 / REVIEW_CODE");
    g = find(&t->sink, "FORMAT", "OC2 row 1 / SDQ_SCORE");
    assert_non_null(g);
    assert_string_equal(g->detail, "not a whole number from 0 to 40");
    assert_place(g, "OC2", 1, "SDQ_SCORE");
    /* nothing else */
    if (t->sink.n != 11) {
        dump(&t->sink);
        fail_msg("%zu findings, expected 11", t->sink.n);
    }
    /* no detail ever holds a value from the file */
    for (size_t i = 0; i < t->sink.n; i++)
        assert_null(strstr(t->sink.v[i].detail, "C00"));
    assert_int_equal(t->res.children, 2);
}

static void test_dfe_rules(void **state)
{
    struct tmp *t = *state;
    const char *p[2];
    const struct got *g;

    t->o.year = 2025;
    p[0] = put(t, "h.csv", H_HEADER
               "C001,1,14/05/2014,WBRI,UN2,,\n"          /* 101: 1 is no longer a sex code */
               "C002,M,31/02/2009,XXXX,UN4,,\n"          /* 102, 103 */
               "C003,,,,UN4,,\n");                       /* 101, 102, 103 on blanks */
    p[1] = put(t, "e.csv", H_EPISODES
               "C001,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,Q6 7TT,ZY2 2AB,SC123456\n"
               "C001,01/06/2024,P,C2,N1,U3,PR4,,,,ZY1 1AB,zy3 3ab,1234567\n");   /* 501; 392c */
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    EXPECT(&t->sink, "101", "Header row 1 / SEX");
    EXPECT(&t->sink, "102", "Header row 2 / DOB");
    EXPECT(&t->sink, "103", "Header row 2 / ETHNIC");
    EXPECT(&t->sink, "101", "Header row 3 / SEX");
    EXPECT(&t->sink, "102", "Header row 3 / DOB");
    EXPECT(&t->sink, "103", "Header row 3 / ETHNIC");
    EXPECT(&t->sink, "392c", "Episodes row 1 / HOME_POST");
    EXPECT(&t->sink, "392c", "Episodes row 2 / PL_POST");
    g = find(&t->sink, "501", "Episodes row 2 / DECOM");
    assert_non_null(g);
    assert_int_equal(g->line, 3);
    assert_place(g, "Episodes", 2, "DECOM");            /* a DfE rule's cell */
    assert_place(find(&t->sink, "103", "Header row 2 / ETHNIC"), "Header", 2, "ETHNIC");
    /* covered columns are not checked twice */
    assert_int_equal(count_code(&t->sink, "REQ"), 0);
    assert_int_equal(count_code(&t->sink, "CODE"), 0);
    assert_int_equal(count_code(&t->sink, "FORMAT"), 0);
    assert_int_equal(count_code(&t->sink, "101") + count_code(&t->sink, "102") + count_code(&t->sink, "103"), 6);
    assert_int_equal(count_code(&t->sink, "392c"), 2);
    assert_int_equal(count_code(&t->sink, "501"), 1);

    /* --no-rules: the generic checks report the same defects */
    t->o.no_rules = true;
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(count_code(&t->sink, "101") + count_code(&t->sink, "392c"), 0);
    EXPECT(&t->sink, "CODE", "Header row 1 / SEX");
    EXPECT(&t->sink, "REQ", "Header row 3 / SEX");
    EXPECT(&t->sink, "FORMAT", "Header row 2 / DOB");
    EXPECT(&t->sink, "FORMAT", "Episodes row 1 / HOME_POST");
    t->o.no_rules = false;

    /* one code only: a rule, or a structural check (the rules still cover) */
    t->o.only = "102";
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 2);
    assert_int_equal(count_code(&t->sink, "102"), 2);
    t->o.only = "CODE";
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 0);
    t->o.only = NULL;

    /* 2025-26: Z11 is a placement type, Z1 no longer */
    t->o.year = 2026;
    put(t, "h.csv", H_HEADER "C001,F,14/05/2014,WBRI,UN2,0,\n");
    put(t, "e.csv", H_EPISODES
        "C001,01/05/2025,S,C2,N1,Z11,,10/06/2025,X1,OTHER,ZY1 1AB,ZY2 2AB,\n"
        "C001,10/06/2025,P,C2,N1,Z1,,,,,ZY1 1AB,ZY2 2AB,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    EXPECT(&t->sink, "146", "Episodes row 2 / PLACE");
    assert_int_equal(count_code(&t->sink, "146"), 1);
    assert_int_equal(count_code(&t->sink, "CODE"), 0);
    t->o.no_rules = true;
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 1);
    EXPECT(&t->sink, "CODE", "Episodes row 2 / PLACE");
    assert_string_equal(t->sink.v[0].detail, "not a code of list PLACE for 2025-26");
}

static void test_csv_quoting(void **state)
{
    struct tmp *t = *state;
    const char *p[2];
    const struct got *g;

    t->o.year = 2025;
    t->o.no_rules = true;   /* about reading CSV: the generic checks show what arrived */
    /* BOM, CRLF, quoted cells (comma, doubled quote, line break inside) */
    p[0] = put(t, "h.csv", "\xEF\xBB\xBF\"CHILD\",SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"
               "\"C001\",\"F\",14/05/2014,WBRI,UN2,\"\",\r\n"
               "C002,M,02/02/2008,AOTH,UN4,,\r\n");
    p[1] = put(t, "e.csv", H_EPISODES
               "C001,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,ZY1 1AB,ZY2 2AB,SC123456\n"
               "C002,20/09/2024,S,V2,N4,K3,PR4,,,\"a,b\",ZY9 9ZZ,ZY4 4AB,XXXXXXX\n"      /* row 2 */
               "C002,20/10/2024,S,V2,N4,K3,PR4,,,\"say \"\"hi\"\"\",ZY9 9ZZ,ZY4 4AB,\n"  /* row 3 */
               "C002,20/11/2024,S,V2,N4,K3,PR4,,,\"two\nlines\",ZY9 9ZZ,ZY4 4AB,\n"      /* row 4: lines 5-6 */
               "\n"
               "C002,20/12/2024,S,V2,N4,K3,PR4,,,,ZY9 9ZZ,ZY4 4AB,\n");                   /* row 5: line 8 */
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    /* the quoted cells arrive unquoted: each is simply not a code */
    g = find(&t->sink, "CODE", "Episodes row 2 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_string_equal(g->value, "a,b");
    g = find(&t->sink, "CODE", "Episodes row 3 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_string_equal(g->value, "say \"hi\"");
    g = find(&t->sink, "CODE", "Episodes row 4 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_string_equal(g->value, "two\nlines");
    assert_int_equal(g->line, 5);
    g = find(&t->sink, "501", NULL);   /* rows 2-5 are open: no 501; line of row 5 is right */
    assert_null(g);
    assert_int_equal(t->sink.n, 3);
    assert_int_equal(t->res.children, 2);

    /* broken quoting: a stray quote, text after a closing quote, an unclosed quote */
    put(t, "e.csv", H_EPISODES
        "C001,01/05/2024,S,C2,N1,U1,PR1,,,ab\"c,ZY1 1AB,ZY2 2AB,\n"
        "C001,01/05/2024,S,C2,N1,U1,PR1,,,\"ab\"c,ZY1 1AB,ZY2 2AB,\n"
        "C002,20/09/2024,S,V2,N4,K3,PR4,,,\"open,ZY9 9ZZ,ZY4 4AB,\n"
        "C002,20/10/2024,S,V2,N4,K3,PR4,,,,ZY9 9ZZ,ZY4 4AB,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    g = find(&t->sink, "CSV", "Episodes row 1 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_non_null(strstr(g->detail, "a quote inside a cell that is not quoted"));
    g = find(&t->sink, "CSV", "Episodes row 2 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_string_equal(g->detail, "characters after the closing quote of a cell");
    assert_place(g, "Episodes", 2, "REASON_PLACE_CHANGE");
    g = find(&t->sink, "CSV", "Episodes row 3");
    assert_non_null(g);
    assert_int_equal(g->line, 4);
    assert_non_null(strstr(g->detail, "not closed before the end of the file"));

    /* invalid UTF-8 in a cell: reported once, not also as a bad code */
    put(t, "e.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,U1,PR1,,,\xC3(,ZY1 1AB,ZY2 2AB,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    g = find(&t->sink, "CSV", "Episodes row 1 / REASON_PLACE_CHANGE");
    assert_non_null(g);
    assert_string_equal(g->detail, "the cell is not valid UTF-8 (save the file as UTF-8)");
    assert_int_equal(t->sink.n, 1);
    /* ... also where a DfE rule checks the cell (146 the PLACE code, 392c the
     * postcode): the rules leave a cell the reader reported alone */
    put(t, "e.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,\xC3(,PR1,,,,ZY1 1AB,\xFF,\n");
    t->o.no_rules = false;
    t->o.only = "146";
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 0);   /* the CSV checks are not rule 146 */
    t->o.only = NULL;
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    t->o.no_rules = true;
    assert_non_null(find(&t->sink, "CSV", "Episodes row 1 / PLACE"));
    assert_non_null(find(&t->sink, "CSV", "Episodes row 1 / PL_POST"));
    for (size_t i = 0; i < t->sink.n; i++)   /* the other rules' findings are elsewhere */
        if (strcmp(t->sink.v[i].code, "CSV") != 0 && (!strcmp(t->sink.v[i].path, "Episodes row 1 / PLACE") ||
                                                      !strcmp(t->sink.v[i].path, "Episodes row 1 / PL_POST")))
            fail_msg("rule %s reported a cell that is not UTF-8", t->sink.v[i].code);

    /* lone CR line ends (old Mac) and no final line end */
    put(t, "e.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r"
        "C001,01/05/2024,S,C2,N1,U1,PR1,,,,ZY1 1AB,ZY2 2AB,");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 0);
}

static void test_recognition(void **state)
{
    struct tmp *t = *state;
    const char *p[3];
    const struct got *g;

    t->o.year = 2025;
    t->o.no_rules = true;   /* about recognising tables */
    /* names say nothing: the header row decides */
    p[0] = put(t, "episodes.csv", header_csv);
    p[1] = put(t, "zz-data.txt", episodes_csv);
    /* same columns, another order: recognised and reported */
    p[2] = put(t, "third", "REVIEW_CODE,REVIEW,DOB,CHILD\nPN1,01/07/2024,14/05/2014,C001\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    g = find(&t->sink, "CSV", "Reviews header row");
    assert_non_null(g);
    assert_string_equal(g->detail, "the columns are DfE's but in another order; DfE's order is "
                                   "CHILD,DOB,REVIEW,REVIEW_CODE");
    assert_place(g, "Reviews", 0, NULL);                /* the header row */
    assert_int_equal(t->sink.n, 1);
    assert_int_equal(t->res.children, 2);

    /* a table of no year, and an empty file */
    p[2] = put(t, "dolo.csv", "CHILD,DOB,DOLO_START,DOLO_END\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    g = find(&t->sink, "TABLE", p[2]);
    assert_non_null(g);
    assert_int_equal(g->line, 1);
    assert_place(g, NULL, 0, NULL);                     /* a whole file */
    assert_non_null(strstr(g->detail, "the header row (4 cells) matches no SSDA903 table of 2024-25"));
    p[2] = put(t, "empty.csv", "\xEF\xBB\xBF\r\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    g = find(&t->sink, "TABLE", p[2]);
    assert_non_null(g);
    assert_string_equal(g->detail, "the file is empty");
    /* an Episodes header with a column missing: named, unknown cells only counted */
    p[2] = put(t, "e2.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,Secret\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    g = find(&t->sink, "TABLE", p[2]);
    assert_non_null(g);
    assert_non_null(strstr(g->detail, "nearest: Episodes (missing: PLACE_PROVIDER; 1 cell not among its columns)"));
    assert_null(strstr(g->detail, "Secret"));

    /* two files of one table: refused, naming both */
    p[2] = put(t, "header2.csv", header_csv);
    assert_int_equal(run_csv(t, p, 3), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "episodes.csv' and '"));
    assert_non_null(strstr(t->res.diagnosis, "header2.csv' are both the SSDA903 Header table"));
    assert_int_equal(t->sink.n, 0);

    /* not UTF-8 text at all */
    p[2] = put(t, "u16.csv", "\xFF\xFE" "C\0H\0");
    assert_int_equal(run_csv(t, p, 3), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "u16.csv: the file is UTF-16 encoded"));
    p[2] = t->dir;
    assert_int_equal(run_csv(t, p, 3), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "is a directory"));

    /* a NUL byte in a cell: refused, with its line (issue 19, finding 3) */
    static const char nul_csv[] = H_UASC "C002,M,02/02/2008,\n" "C003,F\0ZZZZ,02/02/2008,\n";
    p[2] = put(t, "nul.csv", "");
    FILE *fp = fopen(p[2], "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(nul_csv, 1, sizeof nul_csv - 1, fp), sizeof nul_csv - 1);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(run_csv(t, p, 3), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "nul.csv: line 3: a NUL byte"));
}

/* ---- bounded memory: rows grouped by child in buckets (issue 19, finding 5) ---------- */

/* A set of 300 children whose rows come in every order: Header rows for
 * 1-280 (two of them twice), Episodes backwards with 20 children found only
 * there, Reviews interleaved, rows without a CHILD and rows of the wrong
 * length. */
static void scattered_set(struct tmp *t, const char *p[3])
{
    struct strbuf h = STRBUF_INIT, e = STRBUF_INIT, r = STRBUF_INIT;

    strbuf_addstr(&h, H_HEADER);
    strbuf_addstr(&e, H_EPISODES);
    strbuf_addstr(&r, H_REVIEWS);
    for (int i = 1; i <= 280; i++) {
        strbuf_addf(&h, "C%04d,%s,14/05/2014,WBRI,UN2,0,\n", i, i % 7 ? "F" : "Q");
        if (i % 50 == 0)
            strbuf_addf(&h, "C%04d,M,14/05/2014,WBRI,UN2,0,\n", i - 3);
    }
    for (int i = 300; i >= 1; i--) {
        strbuf_addf(&e, "C%04d,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,ZY1 1AB,ZY2 2AB,SC123456\n", i);
        if (i % 3 == 0)
            strbuf_addf(&e, "C%04d,10/06/2024,P,C2,N1,U3,PR4,,,,ZY1 1AB,ZY3 3AB,%s\n", i, i % 9 ? "1234567" : "12");
        if (i % 40 == 0)
            strbuf_addstr(&e, ",20/09/2024,S,V2,N4,K3,PR4,,,,,,\n");
        if (i % 45 == 0)
            strbuf_addstr(&e, "C0001,20/09/2024,S\n");
    }
    for (int k = 0; k < 600; k++) {
        int i = (k * 37) % 300 + 1;
        strbuf_addf(&r, "C%04d,14/05/2014,%02d/07/2024,PN1\n", i, k % 28 + 1);
    }
    p[0] = put(t, "e.csv", e.buf);
    p[1] = put(t, "h.csv", h.buf);
    p[2] = put(t, "r.csv", r.buf);
    strbuf_release(&h);
    strbuf_release(&e);
    strbuf_release(&r);
}

static bool same_got(const struct got *a, const struct got *b)
{
    return !strcmp(a->code, b->code) && !strcmp(a->path, b->path) && !strcmp(a->id, b->id)
        && !strcmp(a->detail, b->detail) && !strcmp(a->value, b->value) && a->line == b->line
        && a->child == b->child && !strcmp(a->table, b->table) && a->row == b->row && !strcmp(a->column, b->column);
}

/* The set read with each budget gives the findings of one bucket (whole,
 * n of them), in the same order. */
static void assert_same_in_buckets(struct tmp *t, const char *const *p, size_t n_files, const struct got *whole,
                                   size_t n, size_t children, const uint64_t *budgets, size_t n_budgets)
{
    for (size_t b = 0; b < n_budgets; b++) {
        t->o.bucket_bytes = budgets[b];   /* 1: a run a row */
        assert_int_equal(run_csv(t, p, n_files), CLA_OK);
        assert_int_equal(t->res.children, children);
        assert_int_equal(t->sink.n, n);
        for (size_t i = 0; i < n; i++)
            if (!same_got(&whole[i], &t->sink.v[i]))
                fail_msg("budget %lu: finding %zu differs: %s %s, expected %s %s", (unsigned long)budgets[b], i,
                         t->sink.v[i].code, t->sink.v[i].path, whole[i].code, whole[i].path);
    }
    t->o.bucket_bytes = 0;
}

/* The findings are in child order: Header order, then the orphans. */
static void assert_child_order(const struct got *g, size_t n)
{
    size_t last = 0;

    for (size_t i = 0; i < n; i++) {
        if (!g[i].child || !strcmp(g[i].code, "444"))
            continue;
        assert_true(g[i].child >= last);
        last = g[i].child;
    }
}

static void test_buckets_change_nothing(void **state)
{
    struct tmp *t = *state;
    const char *p[3];
    struct got *whole;
    size_t n_whole, children;
    static const uint64_t budgets[] = { 1, 200, 5000 };
    const struct got *g;

    t->o.year = 2025;
    scattered_set(t, p);
    assert_int_equal(run_csv(t, p, 3), CLA_OK);   /* one bucket */
    n_whole = t->sink.n;
    children = t->res.children;
    assert_true(n_whole > 300);
    assert_int_equal(children, 280);
    assert_non_null(find(&t->sink, "ORPHAN", NULL));
    assert_non_null(find(&t->sink, "DUP", NULL));
    g = find(&t->sink, "REQ", "Episodes row 29 / CHILD");   /* the first row without a CHILD */
    assert_non_null(g);
    assert_int_equal(g->child, 0);
    whole = xmalloc(n_whole * sizeof *whole);
    memcpy(whole, t->sink.v, n_whole * sizeof *whole);
    assert_child_order(whole, n_whole);
    assert_same_in_buckets(t, p, 3, whole, n_whole, children, budgets, sizeof budgets / sizeof budgets[0]);
    free(whole);
}

/* More children than one pass of the bucket sort takes (2048), Episodes
 * backwards: the findings are those of the set in Header order. */
static void test_buckets_many_children(void **state)
{
    struct tmp *t = *state;
    const char *p[2];
    struct strbuf h = STRBUF_INIT, e = STRBUF_INIT;
    struct got *whole;
    size_t n_whole;
    static const uint64_t budgets[] = { 20000, 300000 };

    strbuf_addstr(&h, H_HEADER);
    strbuf_addstr(&e, H_EPISODES);
    for (int i = 1; i <= 2500; i++)
        strbuf_addf(&h, "C%05d,%s,14/05/2014,WBRI,UN2,0,\n", i, i % 7 ? "F" : "Q");
    for (int i = 2600; i >= 1; i--)
        strbuf_addf(&e, "C%05d,01/05/2024,S,C2,N1,U1,PR1,10/06/2024,X1,CARPL,ZY1 1AB,ZY2 2AB,%s\n", i,
                    i % 9 ? "SC123456" : "12");
    p[0] = put(t, "e.csv", e.buf);
    p[1] = put(t, "h.csv", h.buf);
    strbuf_release(&h);
    strbuf_release(&e);
    t->o.year = 2025;
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    n_whole = t->sink.n;
    assert_int_equal(t->res.children, 2500);
    assert_true(n_whole > 2500 / 7 + 2600 / 9);
    assert_int_equal(find(&t->sink, "ORPHAN", NULL)->child, 2501);   /* C02600, the first one read */
    whole = xmalloc(n_whole * sizeof *whole);
    memcpy(whole, t->sink.v, n_whole * sizeof *whole);
    assert_child_order(whole, n_whole);
    assert_same_in_buckets(t, p, 2, whole, n_whole, 2500, budgets, sizeof budgets / sizeof budgets[0]);
    free(whole);
}

/* Two files of one table are refused when their header rows are read,
 * before a row is: a defect further down (here a NUL byte) is not what
 * stops the set; with --year or without. */
static void test_duplicate_table_first(void **state)
{
    struct tmp *t = *state;
    const char *p[3];
    static const char nul_csv[] = H_HEADER "C001,F,14/05/2014,WBRI,UN2,0,\n" "C003,F\0ZZ,02/02/2008,AOTH,UN4,,\n";
    FILE *fp;

    p[0] = put(t, "a.csv", "");
    fp = fopen(p[0], "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(nul_csv, 1, sizeof nul_csv - 1, fp), sizeof nul_csv - 1);
    assert_int_equal(fclose(fp), 0);
    p[1] = put(t, "b.csv", episodes_csv);
    p[2] = put(t, "c.csv", header_csv);
    for (int year = 0; year <= 2025; year += 2025) {
        t->o.year = year;
        assert_int_equal(run_csv(t, p, 3), CLA_INPUT);
        assert_non_null(strstr(t->res.diagnosis, "a.csv' and '"));
        assert_non_null(strstr(t->res.diagnosis, "c.csv' are both the SSDA903 Header table"));
        assert_int_equal(t->sink.n, 0);
    }
    /* one of them only: the NUL byte */
    t->o.year = 2025;
    assert_int_equal(run_csv(t, p, 2), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "a.csv: line 3: a NUL byte"));
    assert_int_equal(t->sink.n, 0);
}

/* Scratch files that cannot be made: CLA_TEMP, naming the folder, and no
 * finding. */
static void test_no_scratch_space(void **state)
{
    struct tmp *t = *state;
    const char *p[2];
    char *old = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;
    struct strbuf none = STRBUF_INIT;

    strbuf_addf(&none, "%s/no-such-folder", t->dir);
    p[0] = put(t, "h.csv", header_csv);
    p[1] = put(t, "e.csv", episodes_csv);
    t->o.year = 2025;
    setenv("TMPDIR", none.buf, 1);
    int rc = run_csv(t, p, 2);
    if (old)
        setenv("TMPDIR", old, 1);
    else
        unsetenv("TMPDIR");
    assert_int_equal(rc, CLA_TEMP);
    assert_non_null(strstr(t->res.diagnosis, "cannot create a temporary file in "));
    assert_non_null(strstr(t->res.diagnosis, "no-such-folder"));
    assert_int_equal(t->sink.n, 0);
    free(old);
    strbuf_release(&none);
}

/* ---- XML ------------------------------------------------------------------------------ */

static const char xml_clean[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<EXPSSDA903>\n"
    "<CHILD>\n"
    "  <HEADER>\n"
    "    <CHILDID>C001</CHILDID>\n"
    "    <UPN>UN2</UPN>\n"
    "    <SEX>F</SEX>\n"
    "    <DOB>14/05/2014</DOB>\n"
    "    <ETHNIC>WBRI</ETHNIC>\n"
    "    <UASC>0</UASC>\n"
    "    <AREVIEW><REVIEW>01/07/2024</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>\n"
    "    <AREVIEW><REVIEW>01/12/2024</REVIEW><REVIEW_CODE>PN2</REVIEW_CODE></AREVIEW>\n"
    "    <MOTHER>0</MOTHER><PERMANENCE><PREV_PERM>Z1</PREV_PERM></PERMANENCE>\n"
    "  </HEADER>\n"
    "  <EPISODE>\n"
    "    <DECOM>01/05/2024</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL>\n"
    "    <PL_POST>ZY2 2AB</PL_POST><HOME_POST>ZY1 1AB</HOME_POST><URN>SC123456</URN>\n"
    "    <PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>10/06/2024</DEC><REC>X1</REC>\n"
    "    <REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE>\n"
    "  </EPISODE>\n"
    "  <EPISODE>\n"
    "    <DECOM>10/06/2024</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U3</PL>\n"
    "    <PL_POST>ZY3 3AB</PL_POST><HOME_POST>ZY1 1AB</HOME_POST><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC/><REC/>\n"
    "  </EPISODE>\n"
    "</CHILD>\n"
    "<CHILD>\n"
    "  <HEADER>\n"
    "    <CHILDID>C002</CHILDID><UPN>UN4</UPN><SEX>M</SEX><DOB>02/02/2008</DOB><ETHNIC>AOTH</ETHNIC>\n"
    "    <UASC>1</UASC><DUC>01/01/2026</DUC>\n"
    "    <AMISSING><MISSING>M</MISSING><MIS_START>01/11/2024</MIS_START><MIS_END>03/11/2024</MIS_END></AMISSING><PERMANENCE><PREV_PERM>Z1</PREV_PERM></PERMANENCE>\n"
    "  </HEADER>\n"
    "  <EPISODE>\n"
    "    <DECOM>20/09/2024</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N4</CIN><PL>K3</PL>\n"
    "    <PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC></DEC><REC></REC>\n"
    "  </EPISODE>\n"
    "</CHILD>\n"
    "</EXPSSDA903>\n";

static int run_xml(struct tmp *t, const char *path)
{
    sink_reset(&t->sink);
    return cla_validate_xml(path, &t->o, &t->res);
}

/* The rules not run, as the validator lists them: "code: why" lines. */
static void collect_not_run(void *opaque, const struct rule *rule, const char *why)
{
    strbuf_addf(opaque, "%s: %s\n", rule->code, why);
}

/* The clean 2024-25 Header and Episodes in p[0], p[1], the rules not run
 * collected into not_run. */
static void two_tables_noting(struct tmp *t, const char **p, struct strbuf *not_run)
{
    t->o.year = 2025;
    t->o.on_not_run = collect_not_run;
    t->o.not_run_opaque = not_run;
    p[0] = put(t, "h.csv", header_csv);
    p[1] = put(t, "e.csv", episodes_csv);
}

/* The SWEpisodes table: a CSV set without its file does not run the social
 * worker rules and says why; with the file, even one without rows, a child
 * looked after on 31 March with no social worker episode fails SW12STG2;
 * an XML document has no such table. */
static void test_sw_table_supplied(void **state)
{
    struct tmp *t = *state;
    struct strbuf not_run = STRBUF_INIT;
    const char *p[3];

    two_tables_noting(t, p, &not_run);
    p[2] = put(t, "sw.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(count_code(&t->sink, "SW12STG2"), 0);
    assert_non_null(strstr(not_run.buf, "SW12STG2: not run: the return has no SWEpisodes table"));
    assert_non_null(strstr(not_run.buf, "SW01aSTG1: not run: the return has no SWEpisodes table"));

    strbuf_reset(&not_run);
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    assert_null(strstr(not_run.buf, "SWEpisodes"));
    /* C001 started care on 01/05/2024, C002 on 20/09/2024: both open on 31 March */
    assert_int_equal(count_code(&t->sink, "SW12STG2"), 2);
    assert_place(find(&t->sink, "SW12STG2", "Episodes row 1 / DECOM"), "Episodes", 1, "DECOM");

    strbuf_reset(&not_run);
    assert_int_equal(run_xml(t, put(t, "clean.xml", xml_clean)), CLA_OK);
    assert_non_null(strstr(not_run.buf, "SW12STG2: not run: the return has no SWEpisodes table"));
    t->o.on_not_run = NULL;
    strbuf_release(&not_run);
}

/* 392c: without the postcode directory a format check, listed as run in
 * part; with it, a well-formed postcode absent from it fails. */
static void test_392c_lookup(void **state)
{
    struct tmp *t = *state;
    struct strbuf not_run = STRBUF_INIT;
    struct cla_ref *ref = cla_ref_new();
    struct cla_postcode pc = { .easting = 530000, .northing = 180000, .has_grid = true, .la = "E09000001" };
    static const char *const known[] = { "ZY1 1AB", "ZY2 2AB", "ZY3 3AB", "ZY9 9ZZ" };   /* not ZY4 4AB */
    const char *p[2];

    two_tables_noting(t, p, &not_run);
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(count_code(&t->sink, "392c"), 0);
    assert_non_null(strstr(not_run.buf, "392c: run in part: postcodes checked for their format only, not looked up "
                                        "in the ONS postcode directory; the full check needs --postcodes"));

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        cla_ref_add_postcode(ref, known[i], &pc);
    t->o.ref = ref;
    strbuf_reset(&not_run);
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_null(strstr(not_run.buf, "392c"));
    assert_int_equal(count_code(&t->sink, "392c"), 1);
    assert_place(find(&t->sink, "392c", "Episodes row 3 / PL_POST"), "Episodes", 3, "PL_POST");
    t->o.ref = NULL;
    t->o.on_not_run = NULL;
    cla_ref_free(ref);
    strbuf_release(&not_run);
}

static void test_xml_clean_and_year(void **state)
{
    struct tmp *t = *state;
    const char *x = put(t, "clean.xml", xml_clean);

    t->o.year = 2025;
    assert_int_equal(run_xml(t, x), CLA_OK);
    if (t->sink.n)
        dump(&t->sink);
    assert_int_equal(t->sink.n, 0);
    assert_int_equal(t->res.children, 2);
    t->o.year = 0;
    assert_int_equal(run_xml(t, x), CLA_OK);
    assert_int_equal(t->res.year, 2025);
    assert_true(t->res.year_from_data);
    assert_int_equal(t->sink.n, 0);
    t->o.year = 2026;                          /* K3, U1.. still valid in 2025-26 */
    assert_int_equal(run_xml(t, x), CLA_OK);
    assert_null(find(&t->sink, "CODE", NULL));
    /* but the 2024-25 missing period does not end in 2025-26 */
    EXPECT(&t->sink, "571", "EXPSSDA903/CHILD[2]/HEADER/AMISSING[1]/MIS_END");
}

/* Replaces the first `from` in text by `to` (one edit of the clean file). */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    struct strbuf sb = STRBUF_INIT;

    assert_non_null(at);
    strbuf_add(&sb, text, (size_t)(at - text));
    strbuf_addstr(&sb, to);
    strbuf_addstr(&sb, at + strlen(from));
    return strbuf_detach(&sb, NULL);
}

static void test_xml_defects(void **state)
{
    struct tmp *t = *state;
    const struct got *g;
    char *a, *b, *c;

    t->o.year = 2025;
    /* values: the XML is mapped onto the tables, findings carry element paths */
    a = edit(xml_clean, "<PL>U3</PL>", "<PL>H5</PL>");
    b = edit(a, "<HOME_POST>ZY1 1AB</HOME_POST><URN>", "<HOME_POST>Q6 7TT</HOME_POST><URN>");
    c = edit(b, "<REVIEW_CODE>PN2</REVIEW_CODE>", "<REVIEW_CODE>PN9</REVIEW_CODE>");
    assert_int_equal(run_xml(t, put(t, "v.xml", c)), CLA_OK);
    g = find(&t->sink, "146", "EXPSSDA903/CHILD[1]/EPISODE[2]/PL");
    assert_non_null(g);
    assert_int_equal(g->line, 22);
    assert_string_equal(g->id, "C001");
    assert_place(g, "Episodes", 2, "PLACE");            /* the column, not the element, names it */
    g = find(&t->sink, "392c", "EXPSSDA903/CHILD[1]/EPISODE[1]/HOME_POST");
    assert_non_null(g);
    assert_int_equal(g->line, 17);
    g = find(&t->sink, "167", "EXPSSDA903/CHILD[1]/HEADER/AREVIEW[2]/REVIEW_CODE");
    assert_non_null(g);
    assert_int_equal(g->line, 12);
    assert_place(g, "Reviews", 2, "REVIEW_CODE");
    assert_int_equal(count_code(&t->sink, "CODE"), 0);   /* covered by the DfE rules */
    free(a);
    free(b);
    free(c);

    /* schema: a wrong order, a bad date pattern, a length; paths and lines */
    a = edit(xml_clean, "<RNE>P</RNE><LS>C2</LS>", "<LS>C2</LS><RNE>P</RNE>");
    b = edit(a, "<DOB>02/02/2008</DOB>", "<DOB>2008-02-02</DOB>");
    c = edit(b, "<SEX>F</SEX>", "<SEX>FF</SEX>");
    assert_int_equal(run_xml(t, put(t, "s.xml", c)), CLA_OK);
    g = find(&t->sink, "XSD", "EXPSSDA903/CHILD[1]/EPISODE[2]/LS");
    assert_non_null(g);
    assert_int_equal(g->line, 22);
    assert_non_null(strstr(g->detail, "This element is not expected. Expected is ( RNE )"));
    g = find(&t->sink, "XSD", "EXPSSDA903/CHILD[2]/HEADER/DOB");
    assert_non_null(g);
    assert_int_equal(g->line, 28);
    assert_string_equal(g->id, "C002");
    assert_int_equal(g->child, 2);
    assert_null(strstr(g->detail, "2008-02-02"));          /* the value is hidden in the message */
    assert_non_null(strstr(g->detail, "[value hidden]"));
    assert_string_equal(g->value, "2008-02-02");            /* ... and kept for --show-values */
    assert_place(g, NULL, 0, NULL);                         /* the child's element, no table row */
    g = find(&t->sink, "XSD", "EXPSSDA903/CHILD[1]/HEADER/SEX");
    assert_non_null(g);
    assert_null(strstr(g->detail, "'FF'"));
    /* the record checks still run after schema errors */
    EXPECT(&t->sink, "102", "EXPSSDA903/CHILD[2]/HEADER/DOB");
    /* one element, one finding: the UASC and Missing rows repeat that DOB */
    assert_null(find(&t->sink, "FORMAT", "EXPSSDA903/CHILD[2]/HEADER/DOB"));
    EXPECT(&t->sink, "101", "EXPSSDA903/CHILD[1]/HEADER/SEX");
    free(a);
    free(b);
    free(c);

    /* two CHILD elements with one CHILDID; UASC flag 0 means no UASC row */
    a = edit(xml_clean, "<CHILDID>C002</CHILDID>", "<CHILDID>C001</CHILDID>");
    b = edit(a, "<UASC>1</UASC><DUC>01/01/2026</DUC>", "<UASC>0</UASC>");
    assert_int_equal(run_xml(t, put(t, "d.xml", b)), CLA_OK);
    g = find(&t->sink, "DUP", "EXPSSDA903/CHILD[2]/HEADER/CHILDID");
    assert_non_null(g);
    assert_string_equal(g->detail, "CHILD[1] (line 3) has the same CHILDID");
    assert_place(g, "Header", 1, "CHILD");                  /* DfE's column for CHILDID */
    assert_int_equal(count_code(&t->sink, "DUP"), 1);
    free(a);
    free(b);
}

/* The UASC flag and DUC as an XML document carries them; PL codes by year. */
static void test_xml_uasc_and_codes(void **state)
{
    struct tmp *t = *state;
    char *a, *b;

    t->o.year = 2025;
    /* HEADER/UASC is read as submitted (Header.UASC, xml-only): a flag of 0
     * beside a DUC is DfE's 303, an invalid flag its 105 (not CODE) */
    a = edit(xml_clean, "<UASC>1</UASC><DUC>01/01/2026</DUC>", "<UASC>0</UASC><DUC>01/01/2026</DUC>");
    b = edit(a, "<UASC>0</UASC>\n", "<UASC>2</UASC>\n");
    assert_int_equal(run_xml(t, put(t, "f.xml", b)), CLA_OK);
    EXPECT(&t->sink, "303", "EXPSSDA903/CHILD[2]/HEADER/DUC");
    EXPECT(&t->sink, "105", "EXPSSDA903/CHILD[1]/HEADER/UASC");
    assert_int_equal(count_code(&t->sink, "105"), 1);
    assert_int_equal(count_code(&t->sink, "CODE"), 0);
    free(a);
    free(b);
    /* a UASC child's SEX and DOB come from the HEADER: a bad DUC is checked */
    a = edit(xml_clean, "<DUC>01/01/2026</DUC>", "<DUC>31/02/2027</DUC>");
    assert_int_equal(run_xml(t, put(t, "u.xml", a)), CLA_OK);
    EXPECT(&t->sink, "104", "EXPSSDA903/CHILD[2]/HEADER/DUC");   /* DfE's date check covers DUC */
    assert_int_equal(count_code(&t->sink, "104"), 1);
    free(a);

    /* 2025-26: PL may be three characters (Z11); in 2024-25 the schema refuses it */
    a = edit(xml_clean, "<PL>U3</PL>", "<PL>Z11</PL>");
    b = edit(a, "<DECOM>01/05/2024</DECOM>", "<DECOM>01/05/2025</DECOM>");
    t->o.year = 2026;
    assert_int_equal(run_xml(t, put(t, "z.xml", b)), CLA_OK);
    assert_null(find(&t->sink, "XSD", NULL));
    assert_null(find(&t->sink, "CODE", NULL));
    t->o.year = 2025;
    assert_int_equal(run_xml(t, put(t, "z.xml", b)), CLA_OK);
    EXPECT(&t->sink, "XSD", "EXPSSDA903/CHILD[1]/EPISODE[2]/PL");
    EXPECT(&t->sink, "146", "EXPSSDA903/CHILD[1]/EPISODE[2]/PL");
    free(a);
    free(b);
}

static void test_xml_refused(void **state)
{
    struct tmp *t = *state;
    static const struct {
        const char *text;
        const char *diagnosis;
    } cases[] = {
        { "<?xml version=\"1.0\"?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY x \"y\">]>\n<EXPSSDA903/>",
          "line 2: the file has a DOCTYPE declaration" },
        { "<Message><Header/></Message>", "this is a CIN census (root <Message>), not an SSDA903 return" },
        { "<Other/>", "the root element is <Other>, not <EXPSSDA903>" },
        { "<EXPSSDA903><CHILD><HEADER>", "the file ends before the XML is complete" },
        { "<EXPSSDA903><CHILD></HEADER></EXPSSDA903>", "not well-formed XML" },
        { "", "the file is empty" },
        { "\xFF\xFE<\0E\0", "the file is UTF-16 encoded" },
        { "<EXPSSDA903><CHILD><HEADER><CHILDID>&ext;</CHILDID></HEADER></CHILD></EXPSSDA903>",
          "not well-formed XML" },
    };

    t->o.year = 2025;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *x = put(t, "bad.xml", cases[i].text);
        if (i == 6) {   /* embedded NULs: write the bytes */
            FILE *fp = fopen(x, "wb");
            fwrite(cases[i].text, 1, 6, fp);
            fclose(fp);
        }
        int rc = run_xml(t, x);
        if (rc != CLA_INPUT || !strstr(t->res.diagnosis, cases[i].diagnosis))
            fail_msg("case %zu: rc %d, \"%s\"", i, rc, t->res.diagnosis);
    }
    /* deep nesting stops at the limit */
    struct strbuf deep = STRBUF_INIT;
    strbuf_addstr(&deep, "<EXPSSDA903><CHILD>");
    for (int i = 0; i < 40; i++)
        strbuf_addstr(&deep, "<a>");
    const char *x = put(t, "deep.xml", deep.buf);
    assert_int_equal(run_xml(t, x), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "nested more than 32 deep"));
    strbuf_release(&deep);
    /* no year and no dates */
    t->o.year = 0;
    assert_int_equal(run_xml(t, put(t, "n.xml", "<EXPSSDA903><CHILD/></EXPSSDA903>")), CLA_NO_YEAR);
    assert_non_null(strstr(t->res.diagnosis, "give --year"));
}

/* ---- where a DfE rule's finding is --------------------------------------------------- */

/* Row-level DfE findings (SR-EPI, on the Header row) and the places a
 * whole-return rule reports at the end (444, first holders of a repeated
 * UPN), from CSV and XML. */
static void test_rule_places(void **state)
{
    struct tmp *t = *state;
    const char *p[2];
    const struct got *g;
    char *a, *b;

    t->o.year = 2025;
    t->o.only = "SR-EPI";
    p[0] = put(t, "h.csv", header_csv);
    p[1] = put(t, "e.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,U1,PR1,,,,ZY1 1AB,ZY2 2AB,SC123456\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    g = find(&t->sink, "SR-EPI", "Header row 2");
    assert_non_null(g);
    assert_int_equal(g->child, 2);
    assert_place(g, "Header", 2, NULL);
    assert_int_equal(t->sink.n, 1);
    a = edit(xml_clean, "  <EPISODE>\n    <DECOM>20/09/2024</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N4</CIN><PL>K3</PL>\n"
                        "    <PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC></DEC><REC></REC>\n  </EPISODE>\n", "");
    assert_int_equal(run_xml(t, put(t, "n.xml", a)), CLA_OK);
    g = find(&t->sink, "SR-EPI", "EXPSSDA903/CHILD[2]/HEADER");
    assert_non_null(g);
    assert_int_equal(g->child, 2);
    assert_place(g, "Header", 1, NULL);
    free(a);

    /* 444 (2025-26): the later holder fails with its child, the first at
     * the end with only its place (the child is not kept over the return) */
    t->o.year = 2026;
    t->o.only = "444";
    p[0] = put(t, "h.csv", H_HEADER "C001,F,14/05/2014,WBRI,A123456789012,0,\n"
                                    "C002,M,02/02/2008,AOTH,UN4,,\n"
                                    "C003,M,02/02/2009,AOTH,A123456789012,,\n");
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    g = find(&t->sink, "444", "Header row 3 / UPN");
    assert_non_null(g);
    assert_int_equal(g->child, 3);
    assert_place(g, "Header", 3, "UPN");
    g = find(&t->sink, "444", "Header row 1 / UPN");
    assert_non_null(g);
    assert_int_equal(g->child, 0);
    assert_place(g, "Header", 1, "UPN");
    assert_int_equal(t->sink.n, 2);
    /* XML: the UPN of CHILD[2] again in a third CHILD; each is Header row 1 of its CHILD */
    a = edit(xml_clean, "<UPN>UN4</UPN>", "<UPN>A123456789012</UPN>");
    b = edit(a, "</EXPSSDA903>", "<CHILD><HEADER><CHILDID>C003</CHILDID><UPN>A123456789012</UPN><SEX>M</SEX>"
                                 "<DOB>02/02/2009</DOB><ETHNIC>AOTH</ETHNIC></HEADER></CHILD>\n</EXPSSDA903>");
    assert_int_equal(run_xml(t, put(t, "u.xml", b)), CLA_OK);
    g = find(&t->sink, "444", "EXPSSDA903/CHILD[2]/HEADER/UPN");
    assert_non_null(g);
    assert_int_equal(g->child, 0);
    assert_place(g, "Header", 1, "UPN");
    assert_place(find(&t->sink, "444", "EXPSSDA903/CHILD[3]/HEADER/UPN"), "Header", 1, "UPN");
    assert_int_equal(t->sink.n, 2);
    free(a);
    free(b);
    t->o.only = NULL;
}

/* ---- through `statreturn validate` ------------------------------------------------------- */

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t k;

    if (!fp)
        return NULL;
    while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&sb, buf, k);
    fclose(fp);
    return strbuf_detach(&sb, NULL);
}

static void test_validate_command(void **state)
{
    struct tmp *t = *state;
    char out[128];
    char *s;

    put(t, "header.csv", header_csv);
    put(t, "episodes.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,XX,PR1,,,,ZY1 1AB,ZY2 2AB,\n");
    snprintf(out, sizeof out, "/tmp/statreturn-cla-report.%d.json", (int)getpid());
    const char *args[] = { "validate", "-q", "--format", "json", "--output", out, "--force", t->dir, NULL };
    assert_int_equal(cmd_validate(8, (char **)args), SR_RULE_ERRORS);
    s = slurp(out);
    assert_non_null(s);
    assert_non_null(strstr(s, "\"return\":\"SSDA903 (children looked after) return\",\"year\":2025"));
    assert_non_null(strstr(s, "\"rule\":\"146\""));
    /* the place is in table, row and column; the CSV path would only repeat it */
    assert_non_null(strstr(s, "\"la_child_id\":\"C001\",\"child_position\":1,\"table\":\"Episodes\",\"row\":1,"
                              "\"column\":\"PLACE\",\"cindetails_position\":null,\"referral_date\":null,"
                              "\"path\":null,\"line\":2}"));
    /* each finding names the file its table was read from */
    assert_non_null(strstr(s, "/episodes.csv\",\"rule\":\"146\""));
    assert_null(strstr(s, "\"XX\""));                  /* no value without --show-values */
    free(s);
    /* the same two files named on the command line are one set */
    char h[160], e[160];
    snprintf(h, sizeof h, "%s/header.csv", t->dir);
    snprintf(e, sizeof e, "%s/episodes.csv", t->dir);
    const char *args2[] = { "validate", "-q", "--year", "2025", h, e, NULL };
    assert_int_equal(cmd_validate(6, (char **)args2), SR_RULE_ERRORS);
    /* an unknown --rule code is a usage error */
    const char *args3[] = { "validate", "-q", "--rule", "NOPE", t->dir, NULL };
    assert_int_equal(cmd_validate(5, (char **)args3), SR_USAGE);
    /* --year 2027: a 903 year before it is a CIN one */
    clear_dir(t->dir);
    put(t, "header.csv", header_csv);
    put(t, "episodes.csv", H_EPISODES "C001,01/05/2026,S,C2,N1,K2,PR4,,,,ZY1 1AB,ZY2 2AB,SC123456\n");
    put(t, "dolo.csv", "CHILD,DOB,DOLO_START,DOLO_END\nC001,14/05/2014,01/06/2026,01/06/2025\n");
    const char *args5[] = { "validate", "-q", "--year", "2027", "--format", "json", "--output", out, "--force",
                            t->dir, NULL };
    assert_int_equal(cmd_validate(10, (char **)args5), SR_RULE_ERRORS);
    s = slurp(out);
    assert_non_null(s);
    assert_non_null(strstr(s, "\"return\":\"SSDA903 (children looked after) return\",\"year\":2027"));
    assert_non_null(strstr(s, "\"rule\":\"702\""));
    assert_non_null(strstr(s, "\"table\":\"DoLo\",\"row\":1,\"column\":\"DOLO_START\""));
    free(s);
    /* a year neither return has is a usage error */
    const char *args6[] = { "validate", "-q", "--year", "2028", t->dir, NULL };
    assert_int_equal(cmd_validate(5, (char **)args6), SR_USAGE);
    /* no year in the data of a Header-only set: input, asking for --year */
    clear_dir(t->dir);
    put(t, "header.csv", header_csv);
    const char *args4[] = { "validate", "-q", t->dir, NULL };
    assert_int_equal(cmd_validate(3, (char **)args4), SR_INPUT);
    unlink(out);
}

/* ---- 2026-27: the DoLo table ------------------------------------------------------------- */

#define H_DOLO "CHILD,DOB,DOLO_START,DOLO_END\n"

/* The first finding whose path names `table`, or NULL. */
static const struct got *find_in(const struct sink *s, const char *code, const char *table)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].code, code) && strstr(s->v[i].path, table))
            return &s->v[i];
    return NULL;
}

static void test_dolo_2027(void **state)
{
    struct tmp *t = *state;
    const char *p[3], *last[2];
    const struct got *g;
    struct cla_store *prev = NULL;
    struct cla_result lres;

    p[0] = put(t, "header.csv", header_csv);
    p[1] = put(t, "episodes.csv", H_EPISODES
               "C001,01/05/2026,S,C2,N1,K2,PR4,,,,ZY1 1AB,ZY2 2AB,SC123456\n"
               "C002,20/09/2026,S,C2,N4,K2,PR4,,,,ZY9 9ZZ,ZY4 4AB,SC123457\n");
    p[2] = put(t, "deprivation_of_liberty.csv", H_DOLO
               "C001,14/05/2014,01/06/2026,\n"               /* row 1: open, child in care: clean */
               "C002,02/02/2008,31/02/2026,\n"               /* row 2: no such day (700) */
               "C002,02/02/2008,01/10/2026,01/09/2026\n"     /* row 3: ends before it starts (702) */
               "C001,14/05/2014,01/05/2026,2026-06-01\n"     /* row 4: end not DD/MM/YYYY (701) */
               "C002,02/02/2008,,\n");                       /* row 5: no start (700) */
    t->o.year = 2027;
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    assert_int_equal(t->res.year, 2027);
    assert_int_equal(t->res.children, 2);
    assert_null(find(&t->sink, "TABLE", NULL));        /* DoLo.csv is a table of 2026-27 */
    g = find(&t->sink, "700", "DoLo row 2 / DOLO_START");
    assert_non_null(g);
    assert_int_equal(g->line, 3);
    assert_string_equal(g->id, "C002");
    EXPECT(&t->sink, "700", "DoLo row 5 / DOLO_START");
    EXPECT(&t->sink, "701", "DoLo row 4 / DOLO_END");
    EXPECT(&t->sink, "702", "DoLo row 3 / DOLO_START");
    /* 700 and 701 replace the generic checks of their columns */
    assert_null(find_in(&t->sink, "FORMAT", "DoLo"));
    assert_null(find_in(&t->sink, "REQ", "DoLo"));
    assert_null(find(&t->sink, "707", NULL));          /* row 1: C001 is still in care */
    assert_null(find(&t->sink, "709", NULL));          /* K2 during the DoLOs */
    /* the year from the data: DOLO_START and DOLO_END date the return too */
    t->o.year = 0;
    put(t, "episodes.csv", H_EPISODES "C001,01/05/2025,S,C2,N1,K2,PR4,,,,ZY1 1AB,ZY2 2AB,SC123456\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    assert_int_equal(t->res.year, 2027);
    assert_true(t->res.year_from_data);

    /* without the rules: the generic checks of the DoLo columns */
    t->o.year = 2027;
    t->o.no_rules = true;
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    EXPECT(&t->sink, "FORMAT", "DoLo row 2 / DOLO_START");
    EXPECT(&t->sink, "FORMAT", "DoLo row 4 / DOLO_END");
    EXPECT(&t->sink, "REQ", "DoLo row 5 / DOLO_START");
    t->o.no_rules = false;

    /* 2025-26 has no DoLo table */
    t->o.year = 2026;
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    g = find(&t->sink, "TABLE", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->path, "deprivation_of_liberty.csv"));
    assert_null(find_in(&t->sink, "700", "DoLo"));

    /* 706: last year's open DoLO must go on this year */
    last[0] = put(t, "last_header.csv", header_csv);
    last[1] = put(t, "last_dolo.csv", H_DOLO "C001,14/05/2014,01/02/2026,\n");
    assert_int_equal(cla_load_previous(last, 2, 2027, &prev, &lres), CLA_OK);
    t->o.previous = prev;
    t->o.year = 2027;
    t->o.only = "706";
    put(t, "deprivation_of_liberty.csv", H_DOLO "C001,14/05/2014,01/02/2026,\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    assert_int_equal(t->sink.n, 0);
    put(t, "deprivation_of_liberty.csv", H_DOLO "C001,14/05/2014,02/02/2026,\n");
    assert_int_equal(run_csv(t, p, 3), CLA_OK);
    assert_int_equal(t->sink.n, 1);
    EXPECT(&t->sink, "706", "DoLo row 1 / DOLO_START");
    /* a CSV return without DoLOs for the child: its Header row */
    assert_int_equal(run_csv(t, p, 2), CLA_OK);
    assert_int_equal(t->sink.n, 1);
    EXPECT(&t->sink, "706", "Header row 1");
    /* an XML return cannot carry DoLOs (xml=none): nothing to compare */
    const char *x = put(t, "clean.xml", xml_clean);
    assert_int_equal(run_xml(t, x), CLA_OK);
    assert_int_equal(t->res.year, 2027);
    assert_null(find(&t->sink, "XSD", NULL));          /* cla_2027.xsd */
    assert_int_equal(t->sink.n, 0);
    t->o.only = NULL;
    t->o.previous = NULL;
    cla_store_free(prev);
}

/* Runs `statreturn validate -q --year 2025 --format FORMAT [EXTRA] INPUT`
 * to a file and returns the report (free() it). */
static char *validate_report(const char *format, const char *input, const char *extra)
{
    char out[128];
    const char *args[12] = { "validate", "-q", "--year", "2025", "--format", format, "--output", out, "--force" };
    int n = 9;
    char *s;

    snprintf(out, sizeof out, "/tmp/statreturn-cla-report.%d.%s", (int)getpid(), format);
    if (extra)
        args[n++] = extra;
    args[n++] = input;
    args[n] = NULL;
    assert_int_equal(cmd_validate(n, (char **)args), SR_RULE_ERRORS);
    s = slurp(out);
    assert_non_null(s);
    unlink(out);
    return s;
}

#define CSV_903_HEADER "\xEF\xBB\xBF" "file,rule,type,table,row,child,column,message,line,path," \
                       "cindetails_position,referral_date\r\n"

/* The report's SSDA903 columns: a DfE rule's cell and row, a generic
 * check's cell; from CSV input the path is left out (it would repeat
 * table, row and column), from XML it is the element path; a schema error
 * names the child but no table. */
static void test_report_columns(void **state)
{
    struct tmp *t = *state;
    struct strbuf want = STRBUF_INIT;
    char *s, *a, *b;
    const char *x;

    put(t, "header.csv", header_csv);
    put(t, "episodes.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,XX,PR1,,,,ZY1 1AB,ZY2 2AB,\n");
    s = validate_report("csv", t->dir, NULL);
    assert_int_equal(strncmp(s, CSV_903_HEADER, strlen(CSV_903_HEADER)), 0);
    strbuf_addf(&want, "\r\n%s/episodes.csv,146,error,Episodes,1,C001,PLACE,Placement type code is not a valid "
                       "code.,2,,,\r\n", t->dir);
    assert_non_null(strstr(s, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "\r\n%s/header.csv,SR-EPI,error,Header,2,C002,,\"The child has a Header row but no episodes",
                t->dir);
    assert_non_null(strstr(s, want.buf));
    assert_null(strstr(s, "XX"));
    free(s);
    s = validate_report("csv", t->dir, "--no-rules");
    strbuf_reset(&want);
    strbuf_addf(&want, "\r\n%s/episodes.csv,CODE,error,Episodes,1,C001,PLACE,not a code of list PLACE for 2024-25,2,,,\r\n",
                t->dir);
    assert_non_null(strstr(s, want.buf));
    free(s);

    a = edit(xml_clean, "<PL>U3</PL>", "<PL>H5</PL>");
    b = edit(a, "<DOB>02/02/2008</DOB>", "<DOB>2008-02-02</DOB>");
    x = put(t, "bad.xml", b);
    s = validate_report("csv", x, NULL);
    assert_int_equal(strncmp(s, CSV_903_HEADER, strlen(CSV_903_HEADER)), 0);
    strbuf_reset(&want);
    strbuf_addf(&want, "\r\n%s,146,error,Episodes,2,C001,PLACE,Placement type code is not a valid code.,22,"
                       "EXPSSDA903/CHILD[1]/EPISODE[2]/PL,,\r\n", x);
    assert_non_null(strstr(s, want.buf));
    strbuf_reset(&want);
    strbuf_addf(&want, "\r\n%s,XSD,error,,,C002,,Element 'DOB': ", x);
    assert_non_null(strstr(s, want.buf));
    assert_non_null(strstr(s, ",28,EXPSSDA903/CHILD[2]/HEADER/DOB,,\r\n"));
    assert_null(strstr(s, "2008-02-02"));
    free(s);
    /* the values only when asked for, in the last column */
    s = validate_report("csv", x, "--show-values");
    assert_non_null(strstr(s, ",line,path,cindetails_position,referral_date,value\r\n"));
    assert_non_null(strstr(s, ",22,EXPSSDA903/CHILD[1]/EPISODE[2]/PL,,,H5\r\n"));
    free(s);
    free(a);
    free(b);
    strbuf_release(&want);
}

/* The HTML report of an SSDA903 return: findings by rule, and by child in
 * return order, linked both ways. */
static void test_report_html_by_child(void **state)
{
    struct tmp *t = *state;
    char *s;
    const char *c1, *c2, *bychild;

    put(t, "header.csv", header_csv);
    put(t, "episodes.csv", H_EPISODES "C001,01/05/2024,S,C2,N1,XX,PR1,,,,ZY1 1AB,ZY2 2AB,\n");
    s = validate_report("html", t->dir, NULL);
    bychild = strstr(s, "<h3 id=\"f0-children\">By child</h3>");
    assert_non_null(bychild);
    assert_non_null(strstr(s, "<a href=\"#f0-children\">Findings by child</a>"));
    c1 = strstr(s, "<h4 id=\"f0-c1\">CHILD <code>C001</code> (child 1): 2 findings</h4>");
    c2 = strstr(s, "<h4 id=\"f0-c2\">CHILD <code>C002</code> (child 2): 1 finding</h4>");
    assert_non_null(c1);
    assert_non_null(c2);
    assert_true(bychild < c1 && c1 < c2);
    /* by rule: the CHILD links to the child; by child: the rule links to its table */
    assert_non_null(strstr(s, "<tr data-c=\"C001\"><td><a href=\"#f0-c1\">C001</a></td><td>Episodes</td>"
                              "<td class=\"n\">1</td><td>PLACE</td><td><code></code></td><td class=\"n\">2</td>"));
    assert_non_null(strstr(c1, "<tr><td><a href=\"#f0-r0\">146</a></td><td class=\"error\">error</td>"
                               "<td>Episodes</td><td class=\"n\">1</td><td>PLACE</td>"
                               "<td>Placement type code is not a valid code.</td><td class=\"n\">2</td></tr>"));
    assert_non_null(strstr(s, "<h3 id=\"f0-r0\">146 "));
    assert_non_null(strstr(c2, ">SR-EPI</a></td><td class=\"error\">error</td><td>Header</td><td class=\"n\">2</td>"
                               "<td></td>"));
    assert_non_null(strstr(s, "<label>Find a child by CHILD: "));
    assert_null(strstr(s, "XX"));
    free(s);
}

/* ---- public samples ---------------------------------------------------------------------- */

static void test_public_samples(void **state)
{
    struct tmp *t = *state;
    const char *shared = getenv("STATRETURN_SHARED");
    struct strbuf dir = STRBUF_INIT, xml = STRBUF_INIT;
    const char *paths[32];
    char *owned[32];
    size_t n = 0;
    DIR *d;
    struct dirent *de;
    const struct got *g;

    strbuf_addf(&dir, "%s/reference/samples/903_csv", shared && *shared ? shared : "../shared");
    d = opendir(dir.buf);
    if (!d) {
        printf("SKIP test_public_samples: no public samples at %s (set STATRETURN_SHARED)\n", dir.buf);
        strbuf_release(&dir);
        skip();
    }
    while ((de = readdir(d)) != NULL && n < 32) {
        size_t len = strlen(de->d_name);
        /* placed_for_adoption_errors.csv is the same table as placed_for_adoption.csv
         * (see samples/SOURCES.txt): pass only one */
        if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0
            || !strcmp(de->d_name, "placed_for_adoption_errors.csv"))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", dir.buf, de->d_name);
        owned[n] = strbuf_detach(&p, NULL);
        paths[n] = owned[n];
        n++;
    }
    closedir(d);
    assert_true(n >= 10);

    /* fake data from about 2018 (SEX 1/2, H5, P2): validated as 2024-25 */
    t->o.year = 2025;
    assert_int_equal(run_csv(t, paths, n), CLA_OK);
    printf("public 903 CSV samples: %zu files, %zu children, %zu findings\n", n, t->res.children, t->sink.n);
    assert_true(t->sink.n > 0);
    assert_int_equal(t->res.children, 2675);
    g = find(&t->sink, "120", "PlacedAdoption row 1 / REASON_PLACED_CEASED");    /* "XXX" */
    assert_non_null(g);
    assert_string_equal(g->value, "XXX");
    assert_true(count_code(&t->sink, "392c") > 0);                              /* invalid postcodes */
    EXPECT(&t->sink, "101", "Header row 1 / SEX");                               /* 2 is no longer a sex */
    EXPECT(&t->sink, "SW13STG1", "SWEpisodes row 1 / SW_REASON");               /* SWLAZY */
    EXPECT(&t->sink, "ORPHAN", "SWEpisodes row 1 / CHILD");                     /* CHILD10 has no Header */
    g = NULL;
    for (size_t i = 0; i < t->sink.n && !g; i++)
        if (!strcmp(t->sink.v[i].code, "TABLE") && strstr(t->sink.v[i].path, "DoLo.csv"))
            g = &t->sink.v[i];
    assert_non_null(g);                                                          /* a 2026-27 table */
    /* the whole directory holds the same table twice */
    sink_reset(&t->sink);
    assert_int_equal(cla_validate_dir(dir.buf, &t->o, &t->res), CLA_INPUT);
    assert_non_null(strstr(t->res.diagnosis, "placed_for_adoption.csv' and '"));
    assert_non_null(strstr(t->res.diagnosis, "placed_for_adoption_errors.csv' are both the SSDA903 PlacedAdoption"));

    strbuf_addf(&xml, "%s/reference/samples/903_xml/fake_903.xml", shared && *shared ? shared : "../shared");
    if (access(xml.buf, R_OK) == 0) {
        assert_int_equal(run_xml(t, xml.buf), CLA_OK);
        printf("public 903 XML sample: %zu children, %zu findings\n", t->res.children, t->sink.n);
        assert_int_equal(t->res.children, 253);
        assert_true(t->sink.n > 0);
        assert_null(find(&t->sink, "XSD", NULL));           /* it is schema-valid (2021 shape) */
        g = find(&t->sink, "392c", "EXPSSDA903/CHILD[1]/EPISODE[2]/PL_POST");   /* "Q6 7TT" */
        assert_non_null(g);
        assert_string_equal(g->value, "Q6 7TT");
        EXPECT(&t->sink, "146", "EXPSSDA903/CHILD[1]/EPISODE[2]/PL");          /* P2, retired */
        EXPECT(&t->sink, "101", "EXPSSDA903/CHILD[1]/HEADER/SEX");
    } else {
        printf("SKIP part of test_public_samples: %s not found\n", xml.buf);
    }
    for (size_t i = 0; i < n; i++)
        free(owned[i]);
    strbuf_release(&dir);
    strbuf_release(&xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clean_csv_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_from_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sw_table_supplied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_392c_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_structural_defects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dfe_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recognition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buckets_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buckets_many_children, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_table_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_scratch_space, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_clean_and_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_defects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_uasc_and_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rule_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dolo_2027, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_html_by_child, setup, teardown),
        cmocka_unit_test_setup_teardown(test_public_samples, setup, teardown),
    };
    return cmocka_run_group_tests_name("cla_validate", tests, NULL, NULL);
}
