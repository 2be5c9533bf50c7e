/*
 * Tests for the SSDA903 part of `statreturn synth` (src/returns/ssda903/cla_synth.c): the
 * output is a pure function of the options; its COPY blocks come in
 * foreign-key order and every key they reference exists (in an earlier
 * block, or as a CIN child the generator may reuse); primary keys are
 * unique; placement codes follow the collection year; postcodes are all
 * invented; clean histories keep the invariants the DfE 903 rules rely on,
 * within a table and across tables; and the 903 defects appear only with a
 * defect rate.
 *
 * Each test writes cla_synth_write()'s output to a tmpfile(), reads it back
 * and splits the COPY blocks into fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/upn.h"
#include "returns/cin/cin_synth.h"
#include "returns/ssda903/cla_synth.h"
#include "synth/sink.h"

#define MAX_BLOCKS 40
#define MAX_COLS 32

struct block {
    char name[64];
    char *cols[MAX_COLS];
    size_t n_cols;
    char ***rows;          /* rows[i][j]; NULL for \N */
    size_t n_rows, cap;
};

struct parsed {
    char *text, *head;     /* text is cut up; head keeps the header line */
    size_t len;
    struct block b[MAX_BLOCKS];
    size_t n;
};

static struct synth_options opts(unsigned long children, uint64_t seed, int year, double defects)
{
    struct synth_options o = { .children = children, .seed = seed, .year = year, .la = 201, .defects = defects };
    return o;
}

/* cla_synth_write() through a sink on f, with the CIN children to reuse, as
 * pipeline/synth.c runs it. */
static int write_cla(const struct synth_options *o, FILE *f, char *err, size_t errlen)
{
    struct synth_sink s;
    sink_init(&s, f);
    int rc = cla_synth_write(o, cin_synth_person_facts, &s, err, errlen);
    if (sink_close(&s, rc == 0 ? err : NULL, rc == 0 ? errlen : 0) != 0)
        rc = -1;
    return rc;
}

static char *run_cla(const struct synth_options *o, size_t *len)
{
    char err[256] = "";
    FILE *f = tmpfile();
    assert_non_null(f);
    if (write_cla(o, f, err, sizeof err) != 0)
        fail_msg("cla_synth_write: %s", err);
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

/* Splits "COPY name (a, b, c) FROM stdin;" into the block's name and columns. */
static void parse_header(struct block *b, char *line)
{
    assert_int_equal(sscanf(line + 5, "%63s", b->name), 1);
    char *open = strchr(line, '(');
    char *close = open ? strchr(open, ')') : NULL;
    assert_non_null(close);
    assert_non_null(strstr(close, ") FROM stdin;"));
    *close = '\0';
    char *p = open + 1;
    b->n_cols = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        assert_true(b->n_cols < MAX_COLS);
        b->cols[b->n_cols++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
}

static void parse(struct parsed *out, const struct synth_options *o)
{
    memset(out, 0, sizeof *out);
    out->text = run_cla(o, &out->len);
    out->head = strdup(out->text);
    assert_non_null(out->head);
    struct block *cur = NULL;
    char *line = out->text;
    while (*line) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = '\0';
        if (!cur) {
            if (strncmp(line, "COPY ", 5) == 0) {
                assert_true(out->n < MAX_BLOCKS);
                cur = &out->b[out->n++];
                parse_header(cur, line);
            } else {
                assert_true(line[0] == '-' && line[1] == '-');     /* only comments between blocks */
            }
        } else if (strcmp(line, "\\.") == 0) {
            cur = NULL;
        } else {
            if (cur->n_rows == cur->cap) {
                cur->cap = cur->cap ? 2 * cur->cap : 256;
                cur->rows = realloc(cur->rows, cur->cap * sizeof *cur->rows);
                assert_non_null(cur->rows);
            }
            char **f = calloc(cur->n_cols, sizeof *f);
            assert_non_null(f);
            size_t k = 0;
            char *p = line;
            for (;;) {
                char *tab = strchr(p, '\t');
                if (tab)
                    *tab = '\0';
                if (k >= cur->n_cols)
                    fail_msg("%s: more fields than columns", cur->name);
                f[k++] = strcmp(p, "\\N") == 0 ? NULL : p;
                for (char *q = p; *q; q++)
                    if ((unsigned char)*q < 0x20)
                        fail_msg("%s: raw control character", cur->name);
                if (!tab)
                    break;
                p = tab + 1;
            }
            if (k != cur->n_cols)
                fail_msg("%s: %zu fields for %zu columns", cur->name, k, cur->n_cols);
            cur->rows[cur->n_rows++] = f;
        }
        line = nl + 1;
    }
    assert_null(cur);
}

static void release(struct parsed *p)
{
    for (size_t t = 0; t < p->n; t++) {
        for (size_t i = 0; i < p->b[t].n_rows; i++)
            free(p->b[t].rows[i]);
        free(p->b[t].rows);
    }
    free(p->text);
    free(p->head);
}

static struct block *blk(struct parsed *p, const char *name)
{
    for (size_t t = 0; t < p->n; t++)
        if (strcmp(p->b[t].name, name) == 0)
            return &p->b[t];
    fail_msg("no COPY block for %s", name);
    return NULL;
}

static size_t col(const struct block *b, const char *name)
{
    for (size_t i = 0; i < b->n_cols; i++)
        if (strcmp(b->cols[i], name) == 0)
            return i;
    fail_msg("%s has no column %s", b->name, name);
    return 0;
}

static sr_date D(const char *s)
{
    return s ? date_parse_iso(s) : SR_DATE_NONE;
}

/* ---- a sorted set of strings ---------------------------------------------- */

struct set {
    const char **v;
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void set_add(struct set *s, const char *v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        assert_non_null(s->v);
    }
    s->v[s->n++] = v;
}

static void set_sort(struct set *s)
{
    qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

static bool set_has(const struct set *s, const char *v)
{
    return v && bsearch(&v, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

/* Fails on a repeated value; leaves s sorted. */
static void set_assert_unique(struct set *s, const char *what)
{
    set_sort(s);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->v[i - 1], s->v[i]) == 0)
            fail_msg("%s: duplicate %s", what, s->v[i]);
}

static void set_of(struct set *s, const struct block *b, size_t c)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < b->n_rows; i++)
        if (b->rows[i][c])
            set_add(s, b->rows[i][c]);
    set_sort(s);
}

/* ---- people: dates of birth of everyone the blocks mention ----------------- */

struct who {
    const char *id;
    sr_date dob;
    char sex;
};

struct people {
    struct who *v;
    size_t n;
};

static int cmp_who(const void *a, const void *b)
{
    return strcmp(((const struct who *)a)->id, ((const struct who *)b)->id);
}

/* New people from the ssd_person block; CIN children ("C" + number) from
 * cin_synth_person_facts, after checking they are ones the generator may
 * reuse. */
static void people_of(struct people *pp, struct parsed *p, const struct synth_options *o)
{
    struct block *per = blk(p, "ssd_person");
    struct block *epi = blk(p, "ssd_cla_episodes");
    size_t cap = per->n_rows + epi->n_rows + 1;
    pp->v = calloc(cap, sizeof *pp->v);
    assert_non_null(pp->v);
    pp->n = 0;
    for (size_t i = 0; i < per->n_rows; i++) {
        char **r = per->rows[i];
        pp->v[pp->n++] = (struct who){ r[col(per, "pers_person_id")], D(r[col(per, "pers_dob")]),
                                       r[col(per, "pers_sex")] ? r[col(per, "pers_sex")][0] : '\0' };
    }
    size_t pc = col(epi, "clae_person_id");
    for (size_t i = 0; i < epi->n_rows; i++) {
        const char *id = epi->rows[i][pc];
        if (id[0] != 'C')
            continue;
        bool seen = false;
        for (size_t k = pp->n; k-- > per->n_rows && !seen;)
            seen = strcmp(pp->v[k].id, id) == 0;
        if (seen)
            continue;
        unsigned long n = strtoul(id + 1, NULL, 10);
        assert_true(n >= 1 && n <= o->children);
        struct synth_person f;
        cin_synth_person_facts(o, n - 1, &f);
        assert_string_equal(f.id, id);
        assert_false(f.defect);
        assert_true(f.dob != SR_DATE_NONE);
        assert_true(f.death == SR_DATE_NONE);
        assert_true(f.has_upn);
        assert_true(f.sex == 'M' || f.sex == 'F');
        pp->v[pp->n++] = (struct who){ id, f.dob, f.sex };
    }
    qsort(pp->v, pp->n, sizeof *pp->v, cmp_who);
}

static const struct who *person(const struct people *pp, const char *id)
{
    struct who key = { id, 0, 0 };
    const struct who *w = bsearch(&key, pp->v, pp->n, sizeof *pp->v, cmp_who);
    if (!w)
        fail_msg("unknown person %s", id);
    return w;
}

static int age_on(sr_date dob, sr_date d)
{
    return date_age_years(dob, d);
}

/* ---------------------------------------------------------------------- */

static const char *const fk_order[] = {
    "ssd_person", "ssd_linked_identifiers", "ssd_professionals", "ssd_address", "ssd_immigration_status",
    "ssd_mother", "ssd_cla_placement", "ssd_cla_episodes", "ssd_legal_status", "ssd_cla_reviews",
    "ssd_missing", "ssd_cla_previous_permanence", "ssd_permanence", "ssd_cla_health",
    "ssd_cla_immunisations", "ssd_sdq_scores", "ssd_cla_convictions", "ssd_cla_substance_misuse",
    "ssd_cla_extension_substance_misuse", "ssd_care_leavers", "ssd_cla_extension_care_leavers",
    "ssd_involvements", "ssd_cla_extension_dolo",
};
#define N_BLOCKS (sizeof fk_order / sizeof fk_order[0])

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void test_same_options_same_bytes(void **state)
{
    (void)state;
    struct synth_options o = opts(8000, 42, 2025, 0.1);
    size_t n1, n2;
    char *a = run_cla(&o, &n1);
    char *b = run_cla(&o, &n2);
    assert_true(n1 > 10000);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    struct synth_options o2 = opts(8000, 43, 2025, 0.1);
    size_t n3;
    char *c = run_cla(&o2, &n3);
    assert_true(n3 != n1 || fnv1a(a, n1) != fnv1a(c, n3));
    free(a);
    free(b);
    free(c);
}

/* The first children's histories do not depend on how many there are. */
static void test_prefix_stable(void **state)
{
    (void)state;
    struct synth_options small = opts(800, 5, 2025, 0), big = opts(1600, 5, 2025, 0);
    struct parsed a, b;
    parse(&a, &small);
    parse(&b, &big);
    struct block *ea = blk(&a, "ssd_cla_episodes"), *eb = blk(&b, "ssd_cla_episodes");
    assert_true(eb->n_rows > ea->n_rows);
    for (size_t i = 0; i < ea->n_rows; i++)
        for (size_t k = 0; k < ea->n_cols; k++)
            if (ea->rows[i][k] || eb->rows[i][k])
                assert_string_equal(ea->rows[i][k] ? ea->rows[i][k] : "NULL", eb->rows[i][k] ? eb->rows[i][k] : "NULL");
    release(&a);
    release(&b);
}

struct fk {
    const char *table, *column, *target, *target_column;
};

static const struct fk fks[] = {
    { "ssd_linked_identifiers", "link_person_id", "ssd_person", "pers_person_id" },
    { "ssd_address", "addr_person_id", "ssd_person", "pers_person_id" },
    { "ssd_immigration_status", "immi_person_id", "ssd_person", "pers_person_id" },
    { "ssd_mother", "moth_person_id", "ssd_person", "pers_person_id" },
    { "ssd_mother", "moth_childs_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_placement", "clap_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_episodes", "clae_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_episodes", "clae_cla_placement_id", "ssd_cla_placement", "clap_cla_placement_id" },
    { "ssd_cla_placement", "clap_cla_id", "ssd_cla_episodes", "clae_cla_id" },
    { "ssd_legal_status", "lega_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_reviews", "clar_cla_id", "ssd_cla_episodes", "clae_cla_id" },
    { "ssd_missing", "miss_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_previous_permanence", "lapp_person_id", "ssd_person", "pers_person_id" },
    { "ssd_permanence", "perm_person_id", "ssd_person", "pers_person_id" },
    { "ssd_permanence", "perm_cla_id", "ssd_cla_episodes", "clae_cla_id" },
    { "ssd_permanence", "perm_adoption_worker_id", "ssd_professionals", "prof_professional_id" },
    { "ssd_cla_health", "clah_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_immunisations", "clai_person_id", "ssd_person", "pers_person_id" },
    { "ssd_sdq_scores", "csdq_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_convictions", "clac_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_substance_misuse", "clas_person_id", "ssd_person", "pers_person_id" },
    { "ssd_cla_extension_substance_misuse", "clex_substance_misuse_id", "ssd_cla_substance_misuse", "clas_substance_misuse_id" },
    { "ssd_care_leavers", "clea_person_id", "ssd_person", "pers_person_id" },
    { "ssd_care_leavers", "clea_care_leaver_worker_id", "ssd_professionals", "prof_professional_id" },
    { "ssd_cla_extension_care_leavers", "clex_care_leaver_id", "ssd_care_leavers", "clea_table_id" },
    { "ssd_involvements", "invo_person_id", "ssd_person", "pers_person_id" },
    { "ssd_involvements", "invo_professional_id", "ssd_professionals", "prof_professional_id" },
    { "ssd_cla_extension_dolo", "clex_person_id", "ssd_person", "pers_person_id" },
};

static size_t block_index(const struct parsed *p, const char *name)
{
    for (size_t t = 0; t < p->n; t++)
        if (strcmp(p->b[t].name, name) == 0)
            return t;
    return SIZE_MAX;
}

static void test_blocks_in_fk_order_and_keys_resolve(void **state)
{
    (void)state;
    struct synth_options o = opts(4000, 3, 2025, 0.2);
    struct parsed p;
    parse(&p, &o);
    assert_int_equal(p.n, N_BLOCKS);
    for (size_t t = 0; t < N_BLOCKS; t++)
        assert_string_equal(p.b[t].name, fk_order[t]);

    struct people pp;
    people_of(&pp, &p, &o);          /* checks every reused CIN child */
    for (size_t k = 0; k < sizeof fks / sizeof fks[0]; k++) {
        const struct fk *f = &fks[k];
        struct block *b = blk(&p, f->table), *t = blk(&p, f->target);
        /* The referenced block comes first, except placement -> period of
         * care, which SSD declares but no replica can enforce (clae_cla_id
         * is not unique): checked for existence only. */
        if (strcmp(f->column, "clap_cla_id") != 0)
            assert_true(block_index(&p, f->target) < block_index(&p, f->table));
        struct set s;
        set_of(&s, t, col(t, f->target_column));
        size_t c = col(b, f->column);
        for (size_t i = 0; i < b->n_rows; i++) {
            const char *v = b->rows[i][c];
            if (!v)
                continue;
            if (set_has(&s, v))
                continue;
            if (strcmp(f->target, "ssd_person") == 0 && v[0] == 'C') {
                (void)person(&pp, v);   /* a reused CIN child */
                continue;
            }
            fail_msg("%s.%s = %s not in %s", f->table, f->column, v, f->target);
        }
        free(s.v);
    }
    free(pp.v);
    release(&p);
}

static void test_primary_keys_unique(void **state)
{
    (void)state;
    struct synth_options o = opts(8000, 9, 2025, 0.2);
    struct parsed p;
    parse(&p, &o);
    for (size_t t = 0; t < p.n; t++) {
        struct set s;
        memset(&s, 0, sizeof s);
        for (size_t i = 0; i < p.b[t].n_rows; i++) {
            assert_non_null(p.b[t].rows[i][0]);
            set_add(&s, p.b[t].rows[i][0]);
        }
        set_assert_unique(&s, p.b[t].name);
        free(s.v);
    }
    /* New people: "L" + 7 digits, babies "LK" + 7; never a CIN id. */
    struct block *per = blk(&p, "ssd_person");
    for (size_t i = 0; i < per->n_rows; i++) {
        const char *id = per->rows[i][0];
        size_t n = strlen(id);
        assert_true((n == 8 && id[0] == 'L') || (n == 9 && id[0] == 'L' && id[1] == 'K'));
        for (size_t k = n - 7; k < n; k++)
            assert_true(id[k] >= '0' && id[k] <= '9');
    }
    /* Linked identifier ids cannot meet the CIN generator's ("L" + digits). */
    struct block *lnk = blk(&p, "ssd_linked_identifiers");
    for (size_t i = 0; i < lnk->n_rows; i++)
        assert_memory_equal(lnk->rows[i][0], "LU", 2);
    release(&p);
}

/* About 30% of looked-after children are CIN children, and the share of
 * new people is most of the rest. */
static void test_reuse_share(void **state)
{
    (void)state;
    struct synth_options o = opts(16000, 4, 2025, 0);
    struct parsed p;
    parse(&p, &o);
    struct block *epi = blk(&p, "ssd_cla_episodes");
    struct set s;
    set_of(&s, epi, col(epi, "clae_person_id"));
    size_t children = 0, reused = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (i && strcmp(s.v[i], s.v[i - 1]) == 0)
            continue;
        children++;
        reused += s.v[i][0] == 'C';
    }
    assert_int_equal(children, 16000 / 8);
    assert_true(reused > children / 6 && reused < children * 2 / 5);
    free(s.v);
    release(&p);
}

static bool in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0)
            return true;
    return false;
}

static size_t count_code(struct parsed *p, const char *code)
{
    struct block *pl = blk(p, "ssd_cla_placement");
    size_t c = col(pl, "clap_cla_placement_type"), n = 0;
    for (size_t i = 0; i < pl->n_rows; i++)
        n += strcmp(pl->rows[i][c], code) == 0;
    return n;
}

/* notes/ssda903.md 2.2: K3 replaces H5 and P2 from 2024-25 (P2 invalid from
 * October 2023), Z11..Z14 replace Z1 from 2025-26. */
static void test_placement_codes_by_year(void **state)
{
    (void)state;
    static const char *const common[] = {
        "A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
        "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", NULL,
    };
    static const char *const by_year[][5] = {
        { "H5", "P2", "Z1", NULL },        /* 2023 */
        { "H5", "Z1", NULL },              /* 2024 */
        { "K3", "Z1", NULL },              /* 2025 */
        { "K3", "Z11", "Z12", "Z13", "Z14" },   /* 2026 */
    };
    for (int y = 2023; y <= 2026; y++) {
        struct synth_options o = opts(12000, 6, y, 0);
        struct parsed p;
        parse(&p, &o);
        struct block *pl = blk(&p, "ssd_cla_placement");
        size_t c = col(pl, "clap_cla_placement_type");
        for (size_t i = 0; i < pl->n_rows; i++) {
            const char *v = pl->rows[i][c];
            bool ok = in_list(v, common);
            for (int k = 0; k < 5 && by_year[y - 2023][k]; k++)
                ok |= strcmp(v, by_year[y - 2023][k]) == 0;
            if (!ok)
                fail_msg("placement code %s in the %d output", v, y);
        }
        if (y <= 2024)
            assert_true(count_code(&p, "H5") > 0);
        else
            assert_true(count_code(&p, "K3") > 0);
        if (y == 2026)
            assert_true(count_code(&p, "Z11") + count_code(&p, "Z12") + count_code(&p, "Z13") + count_code(&p, "Z14") > 0);
        else
            assert_true(count_code(&p, "Z1") > 0);
        release(&p);
    }
}

/* "YY" has the shape of a postcode area but is no UK area. */
static void test_postcodes_invented(void **state)
{
    (void)state;
    static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";
    struct synth_options o = opts(8000, 7, 2025, 0);
    struct parsed p;
    parse(&p, &o);
    struct block *pl = blk(&p, "ssd_cla_placement"), *ad = blk(&p, "ssd_address");
    size_t n = 0;
    for (int which = 0; which < 2; which++) {
        struct block *b = which ? ad : pl;
        size_t c = col(b, which ? "addr_address_postcode" : "clap_cla_placement_postcode");
        for (size_t i = 0; i < b->n_rows; i++) {
            const char *v = b->rows[i][c];
            assert_non_null(v);
            size_t len = strlen(v);
            const char *in = v + len - 3;
            assert_int_equal(len, which ? 6u : 7u);          /* SSD addresses: no space */
            assert_memory_equal(v, "YY", 2);
            assert_true(v[2] >= '1' && v[2] <= '9');
            if (!which)
                assert_int_equal(v[3], ' ');
            assert_true(in[0] >= '0' && in[0] <= '9');
            assert_non_null(strchr(inward, in[1]));
            assert_non_null(strchr(inward, in[2]));
            n++;
        }
    }
    assert_true(n > 1000);
    /* URNs and social worker numbers are invented ranges too. */
    size_t uc = col(pl, "clap_cla_placement_urn");
    for (size_t i = 0; i < pl->n_rows; i++) {
        const char *u = pl->rows[i][uc];
        if (u)
            assert_true(strcmp(u, "XXXXXXX") == 0 || (strlen(u) == 8 && memcmp(u, "SC99", 4) == 0));
    }
    struct block *pr = blk(&p, "ssd_professionals");
    size_t rc = col(pr, "prof_social_worker_registration_no");
    for (size_t i = 0; i < pr->n_rows; i++)
        if (pr->rows[i][rc])
            assert_memory_equal(pr->rows[i][rc], "SW9", 3);
    release(&p);
}

static const char *const temporary[] = { "T0", "T1", "T2", "T3", "T4", NULL };
static const char *const no_urn[] = { "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4",
                                      "Z1", "Z11", "Z12", "Z13", "Z14", NULL };

struct ep {
    char **row;
    sr_date start, end;
};

static int cmp_ep(const void *a, const void *b)
{
    const struct ep *x = a, *y = b;
    int c = strcmp(x->row[1], y->row[1]);
    if (c)
        return c;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Invariants of clean data behind the main DfE 903 rules. */
static void test_clean_invariants(void **state)
{
    (void)state;
    struct synth_options o = opts(16000, 8, 2025, 0);
    struct parsed p;
    parse(&p, &o);
    struct people pp;
    people_of(&pp, &p, &o);
    struct block *epi = blk(&p, "ssd_cla_episodes"), *pl = blk(&p, "ssd_cla_placement");
    struct block *lega = blk(&p, "ssd_legal_status"), *rev = blk(&p, "ssd_cla_reviews");

    /* Placements by id: provider and URN by type (178, 213, 218, 222, 526, 550). */
    struct set pls;
    set_of(&pls, pl, 0);
    size_t tc = col(pl, "clap_cla_placement_type"), pc = col(pl, "clap_cla_placement_provider");
    size_t uc = col(pl, "clap_cla_placement_urn");
    for (size_t i = 0; i < pl->n_rows; i++) {
        char **r = pl->rows[i];
        const char *t = r[tc];
        bool temp_or_other = in_list(t, temporary) || t[0] == 'Z';
        assert_true(temp_or_other == (r[pc] == NULL));
        if (r[pc])
            assert_true((strcmp(r[pc], "PR0") == 0) == (strcmp(t, "P1") == 0));
        assert_true(in_list(t, no_urn) == (r[uc] == NULL));
        if (!r[col(pl, "clap_cla_placement_end_date")])
            assert_null(r[col(pl, "clap_cla_placement_change_reason")]);     /* 233 */
    }

    /* Episodes per child in order. */
    struct ep *e = calloc(epi->n_rows, sizeof *e);
    assert_non_null(e);
    size_t sc = col(epi, "clae_cla_episode_start_date"), ec = col(epi, "clae_cla_episode_ceased_date");
    size_t rnec = col(epi, "clae_cla_episode_start_reason"), recc = col(epi, "clae_cla_episode_ceased_reason");
    for (size_t i = 0; i < epi->n_rows; i++)
        e[i] = (struct ep){ epi->rows[i], D(epi->rows[i][sc]), D(epi->rows[i][ec]) };
    qsort(e, epi->n_rows, sizeof *e, cmp_ep);
    size_t lc = col(lega, "lega_person_id");
    for (size_t i = 0; i < epi->n_rows; i++) {
        char **r = e[i].row;
        const struct who *w = person(&pp, r[1]);
        bool first = i == 0 || strcmp(e[i - 1].row[1], r[1]) != 0;
        assert_true((r[ec] == NULL) == (r[recc] == NULL));                       /* 148 */
        if (r[ec])
            assert_true(e[i].end > e[i].start);                                  /* 355, 356 */
        assert_true(e[i].start >= w->dob);                                       /* 302 */
        if (first)
            assert_string_equal(r[rnec], "S");                                   /* 357 */
        else if (strcmp(e[i - 1].row[recc], "X1") == 0)
            assert_true(e[i].start == e[i - 1].end && strcmp(r[rnec], "S") != 0);   /* 433, 431 */
        else
            assert_true(strcmp(r[rnec], "S") == 0 && e[i].start > e[i - 1].end);    /* 432, 501 */
        if (strcmp(r[rnec], "S") == 0)
            assert_true(age_on(w->dob, e[i].start) < 18);                        /* 352 */
        bool last = i + 1 == epi->n_rows || strcmp(e[i + 1].row[1], r[1]) != 0;
        if (last && r[recc])
            assert_string_not_equal(r[recc], "X1");                              /* 388 */
        /* Exactly one legal status in force on DECOM. */
        int n = 0;
        for (size_t k = 0; k < lega->n_rows; k++) {
            char **l = lega->rows[k];
            if (strcmp(l[lc], r[1]) != 0)
                continue;
            sr_date ls = D(l[3]), le = D(l[4]);
            n += ls <= e[i].start && (le == SR_DATE_NONE || le > e[i].start);
        }
        assert_int_equal(n, 1);
        const char *pid = r[col(epi, "clae_cla_placement_id")];
        assert_true(set_has(&pls, pid));
    }

    /* Reviews: held ones have a date and PN0 exactly when under 4 (440,
     * 441); cancelled ones are marked. */
    struct set clas;
    memset(&clas, 0, sizeof clas);
    for (size_t i = 0; i < epi->n_rows; i++)
        set_add(&clas, epi->rows[i][col(epi, "clae_cla_id")]);
    set_sort(&clas);
    size_t held = 0;
    for (size_t i = 0; i < rev->n_rows; i++) {
        char **r = rev->rows[i];
        if (strcmp(r[col(rev, "clar_cla_review_cancelled")], "Y") == 0)
            continue;
        held++;
        assert_non_null(r[col(rev, "clar_cla_review_date")]);
        /* The child: any episode of that period. */
        const char *cla = r[col(rev, "clar_cla_id")];
        const char *who = NULL;
        for (size_t k = 0; k < epi->n_rows && !who; k++)
            if (strcmp(epi->rows[k][col(epi, "clae_cla_id")], cla) == 0)
                who = epi->rows[k][1];
        assert_non_null(who);
        sr_date d = D(r[col(rev, "clar_cla_review_date")]);
        assert_true(date_weekday(d) < 5);
        bool under4 = age_on(person(&pp, who)->dob, d) < 4;
        assert_true(under4 == (strcmp(r[col(rev, "clar_cla_review_participation")], "PN0") == 0));
        if (held > 400)
            break;                 /* the inner scan is linear: a sample is enough */
    }
    assert_true(held > 100);

    /* Mothers are girls, older than 11 when the child was born (620, 621, 174). */
    struct block *mo = blk(&p, "ssd_mother");
    for (size_t i = 0; i < mo->n_rows; i++) {
        const struct who *m = person(&pp, mo->rows[i][1]);
        assert_int_equal(m->sex, 'F');
        assert_true(age_on(m->dob, D(mo->rows[i][3])) >= 11);
        assert_true(D(mo->rows[i][3]) <= census_reference_date(o.year));
    }
    /* UASC status ends by the 18th birthday (304). */
    struct block *im = blk(&p, "ssd_immigration_status");
    for (size_t i = 0; i < im->n_rows; i++) {
        char **r = im->rows[i];
        if (r[4] && strcmp(r[2], "Unaccompanied Asylum Seeking Child") == 0)
            assert_true(D(r[4]) <= date_add_years(person(&pp, r[1])->dob, 18));
    }
    /* Every extension row has its SSD row and the other way round. */
    assert_int_equal(blk(&p, "ssd_cla_extension_substance_misuse")->n_rows, blk(&p, "ssd_cla_substance_misuse")->n_rows);
    assert_int_equal(blk(&p, "ssd_cla_extension_care_leavers")->n_rows, blk(&p, "ssd_care_leavers")->n_rows);
    /* SDQ scores 0-40; previous permanence codes (180, 631). */
    struct block *sdq = blk(&p, "ssd_sdq_scores");
    for (size_t i = 0; i < sdq->n_rows; i++) {
        const char *s = sdq->rows[i][col(sdq, "csdq_sdq_score")], *why = sdq->rows[i][col(sdq, "csdq_sdq_reason")];
        assert_true((s == NULL) != (why == NULL));
        if (s)
            assert_true(atoi(s) >= 0 && atoi(s) <= 40);
    }
    free(clas.v);
    free(pls.v);
    free(e);
    free(pp.v);
    release(&p);
}

/* The LS in force on day d for a child, from the ssd_legal_status block
 * (NULL when none). */
static const char *ls_on(struct block *lega, const char *pid, sr_date d)
{
    for (size_t k = 0; k < lega->n_rows; k++) {
        char **l = lega->rows[k];
        if (strcmp(l[1], pid) == 0 && D(l[3]) <= d && (!l[4] || D(l[4]) > d))
            return l[2];
    }
    return NULL;
}

/* Invariants behind DfE rules that need more than one table: social
 * workers (SW01b, SW09, SW10, SW12, SW13), reversed adoption decisions
 * (553), SDQ reasons (186) and dates of birth (189 / 197B). */
static void test_clean_cross_table(void **state)
{
    (void)state;
    struct synth_options o = opts(8000, 9, 2025, 0);
    struct parsed p;
    parse(&p, &o);
    struct people pp;
    people_of(&pp, &p, &o);
    struct block *epi = blk(&p, "ssd_cla_episodes"), *lega = blk(&p, "ssd_legal_status");
    struct block *inv = blk(&p, "ssd_involvements"), *perm = blk(&p, "ssd_permanence");
    struct block *sdq = blk(&p, "ssd_sdq_scores");
    static const char *const short_breaks[] = { "V3", "V4", NULL };
    static const char *const sw_reasons[] = { "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC",
                                              "CHCHAN", "PCCHAN", "SWDIED", "OTHERS", NULL };
    size_t role = col(inv, "invo_professional_role_id"), who = col(inv, "invo_person_id");
    size_t is = col(inv, "invo_involvement_start_date"), ie = col(inv, "invo_involvement_end_date");
    size_t ir = col(inv, "invo_worker_change_reason");

    /* Social worker episodes: a reason each, at least 3 days, one after
     * another (rows come per child in start order). */
    size_t workers = 0, transfers = 0;
    for (size_t i = 0; i < inv->n_rows; i++) {
        char **r = inv->rows[i];
        if (strcmp(r[role], "Allocated Social Worker") != 0)
            continue;
        workers++;
        assert_non_null(r[ir]);
        assert_true(in_list(r[ir], sw_reasons));
        transfers += strcmp(r[ir], "TSPROC") == 0;
        if (r[ie])
            assert_true(D(r[ie]) - D(r[is]) >= 3);
        if (i > 0 && strcmp(inv->rows[i - 1][who], r[who]) == 0 &&
            strcmp(inv->rows[i - 1][role], "Allocated Social Worker") == 0 && strcmp(r[ir], "FCONTA") != 0)
            assert_true(inv->rows[i - 1][ie] && D(inv->rows[i - 1][ie]) == D(r[is]));
    }
    assert_true(workers > 500 && transfers > 50);

    /* Each episode starting a period of care (not a short break) has a
     * social worker episode starting on or after its DECOM, while the
     * child is in that period or later. */
    size_t sc = col(epi, "clae_cla_episode_start_date"), rnec = col(epi, "clae_cla_episode_start_reason");
    size_t starts = 0;
    for (size_t i = 0; i < epi->n_rows; i++) {
        char **r = epi->rows[i];
        sr_date decom = D(r[sc]);
        const char *ls = ls_on(lega, r[1], decom);
        if (strcmp(r[rnec], "S") != 0 || !ls || in_list(ls, short_breaks))
            continue;
        bool covered = false;
        for (size_t k = 0; k < inv->n_rows && !covered; k++) {
            char **w = inv->rows[k];
            covered = strcmp(w[who], r[1]) == 0 && strcmp(w[role], "Allocated Social Worker") == 0 &&
                      D(w[is]) >= decom;
        }
        assert_true(covered);
        if (++starts > 300)
            break;                 /* the inner scan is linear: a sample is enough */
    }

    /* A reversed decision after a placement order ends the order: no E1
     * in force from the reversal on. */
    size_t rc = col(perm, "perm_decision_reversed_date"), poc = col(perm, "perm_placement_order_date");
    size_t reversed = 0;
    for (size_t i = 0; i < perm->n_rows; i++) {
        char **r = perm->rows[i];
        if (!r[rc] || !r[poc])
            continue;
        reversed++;
        for (size_t k = 0; k < lega->n_rows; k++) {
            char **l = lega->rows[k];
            if (strcmp(l[1], r[1]) == 0 && strcmp(l[2], "E1") == 0)
                assert_true(l[4] && D(l[4]) <= D(r[rc]));
        }
    }
    assert_true(reversed > 0);

    /* A reason for no SDQ only outside 4 on 1 April to 16 on 31 March. */
    size_t reasons = 0;
    for (size_t i = 0; i < sdq->n_rows; i++) {
        char **r = sdq->rows[i];
        if (!r[col(sdq, "csdq_sdq_reason")])
            continue;
        reasons++;
        sr_date d = D(r[col(sdq, "csdq_sdq_completed_date")]), dob = person(&pp, r[1])->dob;
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        int fy = m >= 4 ? y + 1 : y;
        bool due = date_add_years(dob, 4) <= date_from_ymd(fy - 1, 4, 1) &&
                   date_add_years(dob, 17) > date_from_ymd(fy, 3, 31);
        assert_false(due);
    }
    assert_true(reasons > 0);

    /* No looked-after child born on 1 April. */
    for (size_t i = 0; i < epi->n_rows; i++) {
        int y, m, d;
        date_to_ymd(person(&pp, epi->rows[i][1])->dob, &y, &m, &d);
        assert_false(m == 4 && d == 1);
    }
    free(pp.v);
    release(&p);
}

/* The 903 defects: absent at rate 0, each kind present at rate 0.3. */
struct defect_counts {
    size_t rne, sex, sdq, postcode, type, rec_no_dec, dec_before, no_ls, pn0, review_no_date, missing,
        upn, urn, overlap;
};

static void count_defects(struct parsed *p, struct defect_counts *d, int year)
{
    memset(d, 0, sizeof *d);
    struct block *epi = blk(p, "ssd_cla_episodes"), *pl = blk(p, "ssd_cla_placement");
    struct block *per = blk(p, "ssd_person"), *sdq = blk(p, "ssd_sdq_scores");
    struct block *rev = blk(p, "ssd_cla_reviews"), *mis = blk(p, "ssd_missing");
    struct block *lnk = blk(p, "ssd_linked_identifiers"), *lega = blk(p, "ssd_legal_status");
    const char *bad = year >= 2026 ? "Z1" : year == 2025 ? "H5" : "K3";
    for (size_t i = 0; i < epi->n_rows; i++) {
        char **r = epi->rows[i];
        sr_date s = D(r[2]), e = D(r[5]);
        d->rne += strcmp(r[3], "X") == 0;
        d->rec_no_dec += r[6] && !r[5];
        d->dec_before += r[5] && e < s;
    }
    for (size_t i = 0; i < pl->n_rows; i++) {
        char **r = pl->rows[i];
        d->type += strcmp(r[2], bad) == 0;
        d->postcode += strlen(r[col(pl, "clap_cla_placement_postcode")]) != 7;
        d->urn += !r[3] && r[2][0] == 'U';
    }
    for (size_t i = 0; i < per->n_rows; i++)
        d->sex += strcmp(per->rows[i][5], "X") == 0;
    for (size_t i = 0; i < sdq->n_rows; i++)
        d->sdq += sdq->rows[i][4] && atoi(sdq->rows[i][4]) > 40;
    for (size_t i = 0; i < rev->n_rows; i++)
        d->review_no_date += !rev->rows[i][3] && strcmp(rev->rows[i][4], "N") == 0;
    for (size_t i = 0; i < mis->n_rows; i++)
        d->missing += mis->rows[i][4] && D(mis->rows[i][4]) < D(mis->rows[i][2]);
    for (size_t i = 0; i < lnk->n_rows; i++)
        d->upn += !upn_valid(lnk->rows[i][3], year);
    /* Episodes with no legal status in force, and overlaps (501). */
    for (size_t i = 0; i < epi->n_rows; i++) {
        char **r = epi->rows[i];
        sr_date s = D(r[2]);
        bool found = false;
        for (size_t k = 0; k < lega->n_rows && !found; k++) {
            char **l = lega->rows[k];
            found = strcmp(l[1], r[1]) == 0 && D(l[3]) <= s && (!l[4] || D(l[4]) > s);
        }
        d->no_ls += !found;
        if (i + 1 < epi->n_rows && strcmp(epi->rows[i + 1][1], r[1]) == 0 && r[5])
            d->overlap += D(epi->rows[i + 1][2]) < D(r[5]);
    }
}

static void test_defects_only_with_rate(void **state)
{
    (void)state;
    struct defect_counts d;
    struct synth_options clean = opts(8000, 12, 2025, 0);
    struct parsed p;
    parse(&p, &clean);
    assert_null(strstr(p.head, "defects aimed"));
    count_defects(&p, &d, 2025);
    assert_int_equal(d.rne + d.sex + d.sdq + d.postcode + d.type + d.rec_no_dec + d.dec_before + d.no_ls
                         + d.review_no_date + d.missing + d.upn + d.urn + d.overlap, 0);
    release(&p);

    /* 30% of 1000 looked-after children over 14 kinds: about 20 each. */
    struct synth_options dirty = opts(8000, 12, 2025, 0.3);
    parse(&p, &dirty);
    assert_non_null(strstr(p.head, "defects aimed at DfE rules: 501 356 146 144 392c 168"));
    count_defects(&p, &d, 2025);
    assert_true(d.rne > 3);
    assert_true(d.sex > 3);
    assert_true(d.sdq > 3);
    assert_true(d.postcode > 3);
    assert_true(d.type > 3);
    assert_true(d.rec_no_dec > 3);
    assert_true(d.dec_before > 3);
    assert_true(d.no_ls > 3);
    assert_true(d.review_no_date > 3);
    assert_true(d.missing > 3);
    assert_true(d.upn > 3);
    assert_true(d.urn > 3);
    assert_true(d.overlap > 3);
    release(&p);

    /* The placement code defect is the code of the wrong year. */
    struct synth_options y26 = opts(8000, 12, 2026, 0.3);
    parse(&p, &y26);
    count_defects(&p, &d, 2026);
    assert_true(d.type > 3);
    release(&p);
}

/* From 2026-27 the DoLOs are the return's DoLo table: each lies inside a
 * children's home (K2) placement of a child of 10 or more that is in force
 * in the census year (709, 710, 708), ends before the placement or is open
 * with it (707), and a renewal starts the day the order before it ends
 * (705).  About 2% of the looked-after children have one. */
static void test_dolos_2027(void **state)
{
    (void)state;
    struct synth_options o = opts(20000, 7, 2027, 0);
    struct parsed p;
    parse(&p, &o);
    struct people pp;
    people_of(&pp, &p, &o);
    struct block *dolo = blk(&p, "ssd_cla_extension_dolo"), *pl = blk(&p, "ssd_cla_placement");
    size_t who = col(dolo, "clex_person_id"), ds = col(dolo, "clex_dolo_start_date"),
           de = col(dolo, "clex_dolo_end_date"), pw = col(pl, "clap_person_id"),
           ps = col(pl, "clap_cla_placement_start_date"), pe = col(pl, "clap_cla_placement_end_date"),
           pt = col(pl, "clap_cla_placement_type");
    size_t children = 0, renewals = 0;
    sr_date from = date_from_ymd(2026, 4, 1), to = date_from_ymd(2027, 3, 31);

    for (size_t i = 0; i < dolo->n_rows; i++) {
        char **r = dolo->rows[i];
        bool inside = false;
        assert_true(!r[de] || D(r[de]) > D(r[ds]));
        for (size_t k = 0; k < pl->n_rows && !inside; k++) {
            char **q = pl->rows[k];
            inside = !strcmp(q[pw], r[who]) && !strcmp(q[pt], "K2") && D(q[ps]) <= D(r[ds]) && D(q[ps]) <= to
                     && (!q[pe] ? true : r[de] && D(r[de]) < D(q[pe]) && D(q[pe]) >= from)
                     && age_on(person(&pp, r[who])->dob, D(q[ps])) >= 10;
        }
        if (!inside)
            fail_msg("DoLO %zu is not inside a K2 placement of a child of 10+ in force in the year", i);
        if (i > 0 && !strcmp(dolo->rows[i - 1][who], r[who])) {
            assert_non_null(dolo->rows[i - 1][de]);
            assert_int_equal(D(dolo->rows[i - 1][de]), D(r[ds]));
            renewals++;
        } else {
            children++;
        }
    }
    /* 2,500 looked-after children */
    assert_true(children >= 15 && children <= 100);
    assert_true(renewals > 0);
    free(pp.v);
    release(&p);
}

static void test_no_output_below_eight_children(void **state)
{
    (void)state;
    struct synth_options o = opts(7, 1, 2025, 0.5);
    size_t n;
    char *t = run_cla(&o, &n);
    assert_int_equal(n, 0);
    free(t);
}

static void test_reports_write_failure(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    char err[256] = "";
    struct synth_options o = opts(800, 1, 2025, 0);
    assert_int_equal(write_cla(&o, f, err, sizeof err), -1);
    assert_non_null(strstr(err, "write"));
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_options_same_bytes),
        cmocka_unit_test(test_prefix_stable),
        cmocka_unit_test(test_blocks_in_fk_order_and_keys_resolve),
        cmocka_unit_test(test_primary_keys_unique),
        cmocka_unit_test(test_reuse_share),
        cmocka_unit_test(test_placement_codes_by_year),
        cmocka_unit_test(test_postcodes_invented),
        cmocka_unit_test(test_clean_invariants),
        cmocka_unit_test(test_clean_cross_table),
        cmocka_unit_test(test_defects_only_with_rate),
        cmocka_unit_test(test_dolos_2027),
        cmocka_unit_test(test_no_output_below_eight_children),
        cmocka_unit_test(test_reports_write_failure),
    };
    return cmocka_run_group_tests_name("synth_cla", tests, NULL, NULL);
}
