/*
 * The SSDA903 rule engine and the DfE 903 rules implemented so far; see
 * cla_rules.h.
 *
 * The rules here are representative examples of the kinds the full DfE set
 * needs: a code list that changes by year (101), a date (102), a code list
 * with blank refused (103), a format check over two columns (392c, where DfE
 * also looks the postcode up in the ONS directory; statreturn checks the
 * format only and never looks anything up) and a check across the rows of
 * one child (501).  Codes and messages are as published by DfE (taken from
 * the public csc-validator-be-903 implementation, 2025-26 rule set).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cla_rules.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- records --------------------------------------------------------------------- */

const char *cla_row_value(const struct cla_row *r, const char *column)
{
    int k = cla_table_column(r->table, column);
    return k < 0 ? NULL : r->cells[k];
}

const struct cla_row *const *cla_child_table(const struct cla_child *c, const struct cla_spec *s,
                                             const char *name, size_t *n)
{
    int k = cla_spec_table_index(s, cla_spec_table(s, name));

    *n = 0;
    if (k < 0 || !c->n_rows[k])
        return NULL;
    *n = c->n_rows[k];
    return c->rows[k];
}

void cla_row_path(const struct cla_row *r, int column, struct strbuf *out)
{
    if (r->xml_path) {
        if (column >= 0 && r->cell_paths && r->cell_paths[column])
            strbuf_addstr(out, r->cell_paths[column]);
        else
            strbuf_addstr(out, r->xml_path);
        return;
    }
    strbuf_addf(out, "%s row %zu", r->table->name, r->number);
    if (column >= 0 && (size_t)column < r->table->n_columns)
        strbuf_addf(out, " / %s", r->table->columns[column].name);
}

uint32_t cla_row_line(const struct cla_row *r, int column)
{
    if (column >= 0 && r->cell_lines && r->cell_lines[column])
        return r->cell_lines[column];
    return r->line;
}

/* ---- the engine -------------------------------------------------------------------- */

struct cla_rule_ctx {
    const struct cla_rule_env *env;
    const struct cla_rule *rule;
    cla_finding_fn fn;
    void *opaque;
};

struct active {
    const struct cla_rule *rule;
    void *state;
};

struct cla_engine {
    struct cla_rule_ctx ctx;
    struct active *rules;
    size_t n;
    const struct cla_rule *only;
    /* covered[t] has bit k set when column k of table t is covered */
    uint64_t covered[CLA_MAX_TABLES];
};

const struct cla_rule_env *cla_rule_env(const struct cla_rule_ctx *ctx)
{
    return ctx->env;
}

static void deliver(struct cla_rule_ctx *ctx, const struct cla_child *c, const char *path, uint32_t line,
                    const char *value)
{
    struct finding f;

    memset(&f, 0, sizeof f);
    f.rule = &ctx->rule->info;
    f.la_child_id = c ? c->id : NULL;
    f.child_position = c ? c->position : 0;
    f.referral_date = SR_DATE_NONE;
    f.path = path;
    f.line = line;
    f.value = value;
    ctx->fn(ctx->opaque, &f, NULL);
}

void cla_rule_fail(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_row *row, int column)
{
    struct strbuf path = STRBUF_INIT;

    cla_row_path(row, column, &path);
    deliver(ctx, c, path.buf, cla_row_line(row, column), column >= 0 ? row->cells[column] : NULL);
    strbuf_release(&path);
}

void cla_rule_fail_at(struct cla_rule_ctx *ctx, const struct cla_child *c, uint32_t line, const char *path_fmt, ...)
{
    struct strbuf path = STRBUF_INIT;
    va_list ap;

    va_start(ap, path_fmt);
    strbuf_vaddf(&path, path_fmt, ap);
    va_end(ap);
    deliver(ctx, c, path.buf, line, NULL);
    strbuf_release(&path);
}

static bool in_force(const struct cla_rule *r, int year)
{
    return (!r->first_year || year >= r->first_year) && (!r->last_year || year <= r->last_year);
}

const struct cla_rule *cla_rule_find(const char *code, int year)
{
    for (const struct cla_rule *r = cla_rules; r->info.code; r++)
        if (!strcmp(r->info.code, code) && in_force(r, year))
            return r;
    return NULL;
}

/* Marks the columns a rule covers ("Table.COLUMN Table.COLUMN"). */
static void mark_covers(struct cla_engine *e, const char *covers)
{
    const struct cla_spec *s = e->ctx.env->spec;
    const char *p = covers;

    while (p && *p) {
        size_t n = strcspn(p, " ");
        const char *dot = memchr(p, '.', n);
        if (dot) {
            char table[64], column[64];
            snprintf(table, sizeof table, "%.*s", (int)(dot - p), p);
            snprintf(column, sizeof column, "%.*s", (int)(n - (size_t)(dot - p) - 1), dot + 1);
            int t = cla_spec_table_index(s, cla_spec_table(s, table));
            int k = t >= 0 ? cla_table_column(&s->tables[t], column) : -1;
            if (k >= 0)
                e->covered[t] |= UINT64_C(1) << k;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
}

struct cla_engine *cla_engine_new(const struct cla_rule_env *env, cla_finding_fn fn, void *opaque)
{
    struct cla_engine *e = xcalloc(1, sizeof *e);
    size_t cap = 0;

    e->ctx.env = env;
    e->ctx.fn = fn;
    e->ctx.opaque = opaque;
    for (const struct cla_rule *r = cla_rules; r->info.code; r++) {
        if (!in_force(r, env->year))
            continue;
        ALLOC_GROW(e->rules, e->n, cap);
        e->rules[e->n].rule = r;
        e->rules[e->n].state = r->state_size ? xcalloc(1, r->state_size) : NULL;
        e->n++;
        mark_covers(e, r->covers);
    }
    return e;
}

int cla_engine_only(struct cla_engine *e, const char *code)
{
    for (size_t i = 0; i < e->n; i++) {
        if (!strcmp(e->rules[i].rule->info.code, code)) {
            e->only = e->rules[i].rule;
            return 0;
        }
    }
    return -1;
}

bool cla_engine_covers(const struct cla_engine *e, const struct cla_table *t, size_t column)
{
    int k = cla_spec_table_index(e->ctx.env->spec, t);
    return k >= 0 && column < 64 && (e->covered[k] >> column & 1);
}

void cla_engine_child(struct cla_engine *e, const struct cla_child *c)
{
    for (size_t i = 0; i < e->n; i++) {
        const struct cla_rule *r = e->rules[i].rule;
        if (e->only && r != e->only)
            continue;
        e->ctx.rule = r;
        if (r->check_child)
            r->check_child(&e->ctx, c);
        if (r->accumulate)
            r->accumulate(&e->ctx, e->rules[i].state, c);
    }
}

void cla_engine_finish(struct cla_engine *e)
{
    for (size_t i = 0; i < e->n; i++) {
        const struct cla_rule *r = e->rules[i].rule;
        if ((e->only && r != e->only) || !r->conclude)
            continue;
        e->ctx.rule = r;
        r->conclude(&e->ctx, e->rules[i].state);
    }
}

void cla_engine_free(struct cla_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        if (e->rules[i].state && e->rules[i].rule->release)
            e->rules[i].rule->release(e->rules[i].state);
        free(e->rules[i].state);
    }
    free(e->rules);
    free(e);
}

/* ---- the rules ----------------------------------------------------------------------- */

/* Fails every row of `table` whose `column` is blank or not in list `list`
 * of the year (the list comes from tables.conf, so the year's codes apply:
 * 101 accepts M/F/U in 2024-25 as the spec says). */
static void code_in_list(struct cla_rule_ctx *ctx, const struct cla_child *c, const char *table,
                         const char *column, const char *list)
{
    const struct cla_spec *s = ctx->env->spec;
    const struct cla_codelist *l = cla_spec_codes(s, list);
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_child_table(c, s, table, &n);
    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, column);
        if (k >= 0 && !cla_code_in(l, rows[i]->cells[k]))
            cla_rule_fail(ctx, c, rows[i], k);
    }
}

/* 101: The child or young person's reported sex is not valid. */
static void check_101(struct cla_rule_ctx *ctx, const struct cla_child *c)
{
    code_in_list(ctx, c, "Header", "SEX", "SEX");
}

/* 102: Date of birth is not a valid date (blank included). */
static void check_102(struct cla_rule_ctx *ctx, const struct cla_child *c)
{
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_child_table(c, ctx->env->spec, "Header", &n);
    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, "DOB");
        if (k >= 0 && !cla_is_date(rows[i]->cells[k]))
            cla_rule_fail(ctx, c, rows[i], k);
    }
}

/* 103: The ethnicity code is either not valid or has not been entered. */
static void check_103(struct cla_rule_ctx *ctx, const struct cla_child *c)
{
    code_in_list(ctx, c, "Header", "ETHNIC", "ETHNIC");
}

/* 392c: Postcode(s) provided are invalid.  DfE looks them up in the ONS
 * postcode directory; here only the format is checked (no lookup), one
 * finding per invalid postcode. */
static void check_392c(struct cla_rule_ctx *ctx, const struct cla_child *c)
{
    static const char *const cols[] = { "HOME_POST", "PL_POST" };
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_child_table(c, ctx->env->spec, "Episodes", &n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < 2; j++) {
            int k = cla_table_column(rows[i]->table, cols[j]);
            const char *v = k >= 0 ? rows[i]->cells[k] : NULL;
            if (v && *v && !cla_is_postcode(v))
                cla_rule_fail(ctx, c, rows[i], k);
        }
    }
}

struct ep_dates {
    const struct cla_row *row;
    sr_date decom, dec;
    size_t order;
};

static int by_decom(const void *a, const void *b)
{
    const struct ep_dates *x = a, *y = b;

    if (x->decom != y->decom)
        return x->decom < y->decom ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* 501: A new episode has started before the end date of the previous
 * episode.  Episodes in start order; an episode whose DECOM is before the
 * DEC of the one before it fails (at its DECOM).  Episodes without a valid
 * DECOM are left to 141; an open previous episode is rule 142's business. */
static void check_501(struct cla_rule_ctx *ctx, const struct cla_child *c)
{
    const struct cla_row *const *rows;
    struct ep_dates stack_buf[64], *ep = stack_buf;
    size_t n, m = 0;
    int k_decom, k_dec;

    rows = cla_child_table(c, ctx->env->spec, "Episodes", &n);
    if (n < 2)
        return;
    k_decom = cla_table_column(rows[0]->table, "DECOM");
    k_dec = cla_table_column(rows[0]->table, "DEC");
    if (k_decom < 0 || k_dec < 0)
        return;
    if (n > sizeof stack_buf / sizeof stack_buf[0])
        ep = xmalloc(n * sizeof *ep);
    for (size_t i = 0; i < n; i++) {
        sr_date d = date_parse_dmy(rows[i]->cells[k_decom]);
        if (!sr_date_ok(d))
            continue;
        ep[m].row = rows[i];
        ep[m].decom = d;
        ep[m].dec = date_parse_dmy(rows[i]->cells[k_dec]);
        ep[m].order = i;
        m++;
    }
    qsort(ep, m, sizeof *ep, by_decom);
    for (size_t i = 1; i < m; i++)
        if (sr_date_ok(ep[i - 1].dec) && ep[i].decom < ep[i - 1].dec)
            cla_rule_fail(ctx, c, ep[i].row, k_decom);
    if (ep != stack_buf)
        free(ep);
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules[] = {
    { .info = RULE("101", "Header", "The child or young person\u2019s reported sex is not valid."),
      .covers = "Header.SEX", .check_child = check_101 },
    { .info = RULE("102", "Header", "Date of birth is not a valid date."),
      .covers = "Header.DOB", .check_child = check_102 },
    { .info = RULE("103", "Header", "The ethnicity code is either not valid or has not been entered."),
      .covers = "Header.ETHNIC", .check_child = check_103 },
    { .info = RULE("392c", "Episodes", "Postcode(s) provided are invalid."),
      .covers = "Episodes.HOME_POST Episodes.PL_POST", .check_child = check_392c },
    { .info = RULE("501", "Episodes", "A new episode has started before the end date of the previous episode."),
      .check_child = check_501 },
    { .info = { .code = NULL } },
};
