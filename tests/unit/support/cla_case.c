/*
 * Table-driven SSDA903 rule tests; see cla_case.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "cla_case.h"
#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_rules.h"
#include "returns/ssda903/cla_spec.h"
#include "returns/ssda903/cla_store.h"
#include "core/strbuf.h"

#define MAX_CHILDREN 16
#define MAX_ROWS     64
#define MAX_PAIRS    CLA_MAX_COLUMNS

struct side {                 /* this year's or last year's children */
    const char *ids[MAX_CHILDREN];
    struct cla_row *rows[MAX_CHILDREN][CLA_MAX_TABLES][MAX_ROWS];
    size_t n_rows[MAX_CHILDREN][CLA_MAX_TABLES];
    size_t n_children;
    size_t table_rows[CLA_MAX_TABLES];   /* rows so far per table, for row numbers */
};

struct built {
    struct arena arena;
    struct cla_spec *spec;
    struct side now, last;
    bool previous;
    bool xml;                     /* this year's rows come from an XML document */
    char absent[CLA_MAX_TABLES][32];   /* "no table:" lines: tables the return lacks */
    size_t n_absent;
    struct cla_ref *ref;
    const char *la;
    struct strbuf got;            /* the findings, for the failure message */
    int count;
    char first_detail[512];       /* the first finding's own message, "" when none */
};

struct pair {
    char key[64];
    char value[256];
};

/* Splits "K=V K2=\"v v\"" into pairs; -1 on a syntax error. */
static int split_pairs(const char *s, struct pair *out, size_t max, size_t *n)
{
    *n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (*n == max)
            return -1;
        const char *eq = strchr(s, '=');
        if (!eq || eq == s || (size_t)(eq - s) >= sizeof out->key)
            return -1;
        snprintf(out[*n].key, sizeof out[*n].key, "%.*s", (int)(eq - s), s);
        s = eq + 1;
        size_t len;
        if (*s == '"') {
            const char *end = strchr(s + 1, '"');
            if (!end)
                return -1;
            len = (size_t)(end - s - 1);
            if (len >= sizeof out->value)
                return -1;
            snprintf(out[*n].value, sizeof out[*n].value, "%.*s", (int)len, s + 1);
            s = end + 1;
        } else {
            len = strcspn(s, " \t");
            if (len >= sizeof out->value)
                return -1;
            snprintf(out[*n].value, sizeof out[*n].value, "%.*s", (int)len, s);
            s += len;
        }
        (*n)++;
    }
    return 0;
}

static const char *pair_get(const struct pair *p, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].key, key))
            return p[i].value;
    return NULL;
}

static size_t child_index(struct built *b, struct side *sd, const char *id, const char *name)
{
    for (size_t i = 0; i < sd->n_children; i++)
        if (!strcmp(sd->ids[i], id))
            return i;
    if (sd->n_children == MAX_CHILDREN)
        fail_msg("case '%s': more than %d children", name, MAX_CHILDREN);
    sd->ids[sd->n_children] = arena_strdup(&b->arena, id);
    return sd->n_children++;
}

static void add_row(struct built *b, struct side *sd, const struct cla_table *t, const struct pair *p, size_t n,
                    uint32_t line, const char *name)
{
    int ti = cla_spec_table_index(b->spec, t);
    struct cla_row *r = arena_alloc(&b->arena, sizeof *r);
    const char **cells = arena_alloc(&b->arena, t->n_columns * sizeof *cells);
    const char *id = "1";

    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(t, p[i].key);
        if (k < 0)
            fail_msg("case '%s' line %u: table %s has no column %s in this year", name, line, t->name, p[i].key);
        if (t->columns[k].xml_only && sd == &b->now && !b->xml)
            fail_msg("case '%s' line %u: %s.%s is xml-only: put 'xml: given' first", name, line, t->name,
                     p[i].key);
        if (!strcmp(p[i].value, cla_cell_not_utf8))
            cells[k] = cla_cell_not_utf8;   /* what the CSV reader gives a cell that is not UTF-8 */
        else
            cells[k] = p[i].value[0] ? arena_strdup(&b->arena, p[i].value) : NULL;
    }
    if (cells[t->id_column])
        id = cells[t->id_column];
    else
        cells[t->id_column] = id;
    r->table = t;
    r->number = ++sd->table_rows[ti];
    r->line = line;
    r->cells = cells;
    if (sd == &b->now && b->xml)
        r->xml_path = t->xml_row;   /* what the rules see of a row read from XML */
    size_t c = child_index(b, sd, id, name);
    if (sd->n_rows[c][ti] == MAX_ROWS)
        fail_msg("case '%s': more than %d rows of %s for a child", name, MAX_ROWS, t->name);
    sd->rows[c][ti][sd->n_rows[c][ti]++] = r;
}

static void parse_case(struct built *b, const struct cla_case *cs)
{
    const char *s = cs->data;
    uint32_t line = 0;

    while (s && *s) {
        size_t len = strcspn(s, "\n");
        char buf[1024];
        struct pair pairs[MAX_PAIRS];
        size_t n;

        line++;
        if (len >= sizeof buf)
            fail_msg("case '%s' line %u: too long", cs->name, line);
        snprintf(buf, sizeof buf, "%.*s", (int)len, s);
        s += len;
        if (*s)
            s++;
        char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        bool last = false;
        if (!strncmp(p, "last ", 5)) {
            last = true;
            p += 5;
        }
        char *colon = strchr(p, ':');
        if (!colon)
            fail_msg("case '%s' line %u: no ':'", cs->name, line);
        *colon = '\0';
        char *rest = colon + 1;
        if (!strcmp(p, "la")) {
            while (*rest == ' ')
                rest++;
            b->la = arena_strdup(&b->arena, rest);
            continue;
        }
        if (!strcmp(p, "previous")) {
            b->previous = true;
            continue;
        }
        if (!strcmp(p, "xml")) {
            b->xml = true;
            continue;
        }
        if (!strcmp(p, "no table")) {
            while (*rest == ' ')
                rest++;
            if (b->n_absent == CLA_MAX_TABLES || strlen(rest) >= sizeof b->absent[0])
                fail_msg("case '%s' line %u: too many 'no table' lines", cs->name, line);
            snprintf(b->absent[b->n_absent++], sizeof b->absent[0], "%s", rest);
            continue;
        }
        if (split_pairs(rest, pairs, MAX_PAIRS, &n) != 0)
            fail_msg("case '%s' line %u: cannot read the COLUMN=value pairs", cs->name, line);
        if (!strcmp(p, "provider")) {
            struct cla_provider pv = { 0 };
            const char *end = pair_get(pairs, n, "REG_END");
            pv.urn = pair_get(pairs, n, "URN");
            pv.postcode = pair_get(pairs, n, "POSTCODE");
            pv.places = pair_get(pairs, n, "PLACES");
            pv.place_provider = pair_get(pairs, n, "PLACE_PROVIDER");
            pv.la = pair_get(pairs, n, "LA");
            pv.provider_type = pair_get(pairs, n, "TYPE");
            pv.reg_end = end ? date_parse_dmy(end) : SR_DATE_NONE;
            if (!pv.urn)
                fail_msg("case '%s' line %u: provider without URN", cs->name, line);
            cla_ref_add_provider(b->ref, &pv);
            continue;
        }
        if (!strcmp(p, "postcode")) {
            struct cla_postcode pc = { 0 };
            const char *e = pair_get(pairs, n, "E"), *no = pair_get(pairs, n, "N");
            pc.has_grid = e && no;
            pc.easting = e ? atol(e) : 0;
            pc.northing = no ? atol(no) : 0;
            pc.la = pair_get(pairs, n, "LA");
            if (!pair_get(pairs, n, "PC"))
                fail_msg("case '%s' line %u: postcode without PC", cs->name, line);
            cla_ref_add_postcode(b->ref, pair_get(pairs, n, "PC"), &pc);
            continue;
        }
        const struct cla_table *t = cla_spec_table(b->spec, p);
        if (!t)
            fail_msg("case '%s' line %u: no table '%s' in year %d", cs->name, line, p, b->spec->year);
        if (last)
            b->previous = true;
        add_row(b, last ? &b->last : &b->now, t, pairs, n, line, cs->name);
    }
}

static void make_child(struct built *b, struct side *sd, size_t i, struct cla_child *c)
{
    memset(c, 0, sizeof *c);
    c->id = sd->ids[i];
    c->position = i + 1;
    for (size_t t = 0; t < b->spec->n_tables; t++) {
        c->rows[t] = (const struct cla_row *const *)sd->rows[i][t];
        c->n_rows[t] = sd->n_rows[i][t];
        if (c->n_rows[t] && (!c->line || t == b->spec->primary))
            c->line = sd->rows[i][t][0]->line;
    }
}

static void on_finding(void *opaque, const struct finding *f, const char *detail)
{
    struct built *b = opaque;

    if (!b->count)
        snprintf(b->first_detail, sizeof b->first_detail, "%s", detail ? detail : "");
    b->count++;
    strbuf_addf(&b->got, "    %s child %s at %s (line %u)\n", f->rule->code, f->la_child_id ? f->la_child_id : "-",
                f->path ? f->path : "-", f->line);
}

struct not_run_probe {
    const char *code;
    bool listed;
};

static void on_not_run(void *opaque, const struct rule *rule, const char *why)
{
    struct not_run_probe *p = opaque;

    (void)why;
    if (!strcmp(rule->code, p->code))
        p->listed = true;
}

static int run_case(const char *code, const struct cla_case *cs, struct strbuf *got, char *detail, size_t n)
{
    struct built *b = calloc(1, sizeof *b);
    struct cla_rule_env env;
    struct cla_store *store = NULL;
    struct cla_engine *e = NULL;
    char err[512];
    int year = cs->year ? cs->year : 2026, result;

    assert_non_null(b);
    arena_init(&b->arena);
    strbuf_init(&b->got, 0);
    b->ref = cla_ref_new();
    if (cla_spec_load_default(year, &b->spec, err, sizeof err) != CLA_SPEC_OK)
        fail_msg("case '%s': %s", cs->name, err);
    parse_case(b, cs);

    memset(&env, 0, sizeof env);
    env.year = year;
    env.period_start = census_period_start(year);
    env.period_end = census_reference_date(year);
    env.spec = b->spec;
    cla_rule_env_resolve(&env);
    /* What the validator supplies: an XML document has the tables with an
     * xml= row; a CSV set every table but those the case says it lacks. */
    for (size_t t = 0; b->xml && t < b->spec->n_tables; t++)
        if (!b->spec->tables[t].xml_row)
            cla_rule_env_supply(&env, b->spec->tables[t].name, false);
    for (size_t i = 0; i < b->n_absent; i++)
        cla_rule_env_supply(&env, b->absent[i], false);
    if (b->previous) {
        store = cla_store_new(b->spec);
        cla_store_set_year(store, year - 1);
        for (size_t i = 0; i < b->last.n_children; i++) {
            struct cla_child c;
            make_child(b, &b->last, i, &c);
            cla_store_add(store, &c);
        }
        env.previous = store;
    }
    env.ref = b->ref;
    env.la = b->la;

    if (!cla_rule_find(code, year)) {
        result = CLA_NOT_IN_FORCE;
        goto done;
    }
    e = cla_engine_new(&env, on_finding, b);
    if (cla_engine_only(e, code) != 0) {
        struct not_run_probe probe = { code, false };
        cla_engine_each_not_run(e, on_not_run, &probe);
        result = probe.listed ? CLA_NOT_RUN : CLA_NOT_IN_FORCE;
        goto done;
    }
    for (size_t i = 0; i < b->now.n_children; i++) {
        struct cla_child c;
        make_child(b, &b->now, i, &c);
        cla_engine_child(e, &c);
    }
    cla_engine_finish(e);
    result = b->count;
done:
    if (got)
        strbuf_addstr(got, b->got.buf);
    if (detail)
        snprintf(detail, n, "%s", b->first_detail);
    cla_engine_free(e);
    cla_store_free(store);
    cla_ref_free(b->ref);
    cla_spec_free(b->spec);
    strbuf_release(&b->got);
    arena_release(&b->arena);
    free(b);
    return result;
}

int cla_case_count(const char *code, const struct cla_case *c)
{
    return run_case(code, c, NULL, NULL, 0);
}

int cla_case_detail(const char *code, const struct cla_case *c, char *buf, size_t n)
{
    return run_case(code, c, NULL, buf, n);
}

void cla_case_expect_other(const char *code, const struct cla_case *c, const char *other)
{
    char detail[512], want[256];
    int n = cla_case_detail(code, c, detail, sizeof detail);
    size_t ld, lw;

    snprintf(want, sizeof want, " (the other record: %s)", other);
    ld = strlen(detail);
    lw = strlen(want);
    if (n < 1 || ld < lw || strcmp(detail + ld - lw, want) != 0)
        fail_msg("rule %s, case '%s': %d findings, the first's message '%s' does not end '%s'", code, c->name, n,
                 detail, want);
}

static const char *expect_text(int n, char buf[32])
{
    if (n == CLA_NOT_IN_FORCE)
        return "not in force";
    if (n == CLA_NOT_RUN)
        return "not run";
    snprintf(buf, 32, "%d finding%s", n, n == 1 ? "" : "s");
    return buf;
}

void cla_case_run(const char *code, const struct cla_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct strbuf got = STRBUF_INIT;
        char a[32], b[32];
        int count = run_case(code, &cases[i], &got, NULL, 0);
        if (count != cases[i].expect) {
            print_error("rule %s, case '%s' (year %d): expected %s, got %s\n%s", code, cases[i].name,
                        cases[i].year ? cases[i].year : 2026, expect_text(cases[i].expect, a),
                        expect_text(count, b), got.buf);
            strbuf_release(&got);
            fail();
        }
        strbuf_release(&got);
    }
}
