/*
 * The SSDA903 rule engine; see cla_rules.h.  The rules are in
 * src/returns/ssda903/cla_rules_*.c.
 *
 * For each child the engine builds one cla_view (Header fields, episodes
 * parsed and sorted by start date, the same child in last year's return) in
 * an arena that is reset for the next child, then runs every rule in force
 * that has what it needs.  Rules only read the view.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_rules.h"
#include "returns/ssda903/cla_store.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

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

struct cla_loc cla_row_loc(const struct cla_row *r, int column)
{
    struct cla_loc loc = { r->table->name, r->number, NULL };

    if (column >= 0 && (size_t)column < r->table->n_columns)
        loc.column = r->table->columns[column].name;
    return loc;
}

void cla_loc_path(const struct cla_loc *loc, struct strbuf *out)
{
    if (!loc->row)
        strbuf_addf(out, "%s header row", loc->table);
    else
        strbuf_addf(out, "%s row %zu", loc->table, loc->row);
    if (loc->column)
        strbuf_addf(out, " / %s", loc->column);
}

void cla_row_path(const struct cla_row *r, int column, struct strbuf *out)
{
    struct cla_loc loc;

    if (r->xml_path) {
        if (column >= 0 && r->cell_paths && r->cell_paths[column])
            strbuf_addstr(out, r->cell_paths[column]);
        else
            strbuf_addstr(out, r->xml_path);
        return;
    }
    loc = cla_row_loc(r, column);
    cla_loc_path(&loc, out);
}

uint32_t cla_row_line(const struct cla_row *r, int column)
{
    if (column >= 0 && r->cell_lines && r->cell_lines[column])
        return r->cell_lines[column];
    return r->line;
}


const char cla_cell_not_utf8[] = "\xEF\xBF\xBD";

/* ---- views ----------------------------------------------------------------------- */

static const char *const tid_names[CLA_N_TID] = {
    [CLA_HEADER] = "Header", [CLA_EPISODES] = "Episodes", [CLA_UASC] = "UASC", [CLA_REVIEWS] = "Reviews",
    [CLA_OC2] = "OC2", [CLA_OC3] = "OC3", [CLA_AD1] = "AD1", [CLA_PLACED_ADOPTION] = "PlacedAdoption",
    [CLA_PREV_PERM] = "PrevPerm", [CLA_MISSING] = "Missing", [CLA_SW_EPISODES] = "SWEpisodes",
    [CLA_DOLO] = "DoLo",
};

void cla_rule_env_resolve(struct cla_rule_env *env)
{
    for (int t = 0; t < CLA_N_TID; t++) {
        env->tid[t] = cla_spec_table_index(env->spec, cla_spec_table(env->spec, tid_names[t]));
        env->supplied[t] = env->tid[t] >= 0;
    }
}

void cla_rule_env_supply(struct cla_rule_env *env, const char *name, bool supplied)
{
    for (int t = 0; t < CLA_N_TID; t++)
        if (!strcmp(tid_names[t], name))
            env->supplied[t] = supplied && env->tid[t] >= 0;
}

const struct cla_row *const *cla_view_rows(const struct cla_view *v, enum cla_tid t, size_t *n)
{
    int k = v->env->tid[t];

    *n = 0;
    if (k < 0 || !v->child->n_rows[k])
        return NULL;
    *n = v->child->n_rows[k];
    return v->child->rows[k];
}

const struct cla_row *cla_view_row(const struct cla_view *v, enum cla_tid t)
{
    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, t, &n);

    return n ? rows[0] : NULL;
}

sr_date cla_row_date(const struct cla_row *r, const char *column)
{
    const char *s = r ? cla_row_value(r, column) : NULL;

    if (!s || !*s)
        return SR_DATE_NONE;
    return date_parse_dmy(s);
}

bool cla_in(const char *s, const char *codes)
{
    size_t n;

    if (!s || !*s)
        return false;
    n = strlen(s);
    for (const char *p = codes; *p;) {
        size_t m = strcspn(p, " ");
        if (m == n && !memcmp(p, s, n))
            return true;
        p += m;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Column indexes of Episodes, looked up once per table. */
struct ep_columns {
    const struct cla_table *table;
    int decom, dec, rne, ls, cin, place, place_provider, rec, rpc, home_post, pl_post, urn;
};

static void ep_columns_for(struct ep_columns *k, const struct cla_table *t)
{
    if (k->table == t)
        return;
    k->table = t;
    k->decom = cla_table_column(t, "DECOM");
    k->dec = cla_table_column(t, "DEC");
    k->rne = cla_table_column(t, "RNE");
    k->ls = cla_table_column(t, "LS");
    k->cin = cla_table_column(t, "CIN");
    k->place = cla_table_column(t, "PLACE");
    k->place_provider = cla_table_column(t, "PLACE_PROVIDER");
    k->rec = cla_table_column(t, "REC");
    k->rpc = cla_table_column(t, "REASON_PLACE_CHANGE");
    k->home_post = cla_table_column(t, "HOME_POST");
    k->pl_post = cla_table_column(t, "PL_POST");
    k->urn = cla_table_column(t, "URN");
}

static const char *cell(const struct cla_row *r, int k)
{
    const char *s = k >= 0 ? r->cells[k] : NULL;
    return s && *s ? s : NULL;
}

static sr_date cell_date(const struct cla_row *r, int k)
{
    const char *s = cell(r, k);
    return s ? date_parse_dmy(s) : SR_DATE_NONE;
}

static int by_start(const void *a, const void *b)
{
    const struct cla_episode *x = a, *y = b;
    bool xo = sr_date_ok(x->decom), yo = sr_date_ok(y->decom);

    if (xo != yo)
        return xo ? -1 : 1;
    if (xo && x->decom != y->decom)
        return x->decom < y->decom ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void build_view(struct arena *a, struct ep_columns *k, const struct cla_rule_env *env,
                       const struct cla_child *c, struct cla_view *v)
{
    memset(v, 0, sizeof *v);
    v->child = c;
    v->env = env;
    v->header = cla_view_row(v, CLA_HEADER);
    v->dob = cla_row_date(v->header, "DOB");
    v->sex = v->header ? cla_row_value(v->header, "SEX") : NULL;
    if (v->sex && !*v->sex)
        v->sex = NULL;

    size_t n;
    const struct cla_row *const *rows = cla_view_rows(v, CLA_EPISODES, &n);
    if (!n)
        return;
    struct cla_episode *ep = arena_alloc(a, n * sizeof *ep);
    for (size_t i = 0; i < n; i++) {
        const struct cla_row *r = rows[i];
        ep_columns_for(k, r->table);
        ep[i].row = r;
        ep[i].index = i;
        ep[i].decom = cell_date(r, k->decom);
        ep[i].dec = cell_date(r, k->dec);
        ep[i].rne = cell(r, k->rne);
        ep[i].ls = cell(r, k->ls);
        ep[i].cin = cell(r, k->cin);
        ep[i].place = cell(r, k->place);
        ep[i].place_provider = cell(r, k->place_provider);
        ep[i].rec = cell(r, k->rec);
        ep[i].reason_place_change = cell(r, k->rpc);
        ep[i].home_post = cell(r, k->home_post);
        ep[i].pl_post = cell(r, k->pl_post);
        ep[i].urn = cell(r, k->urn);
    }
    if (env->ref && cla_ref_has_postcodes(env->ref))
        for (size_t i = 0; i < n; i++)
            cla_ref_derive(env->ref, env->la, ep[i].home_post, ep[i].pl_post, &ep[i].derived);
    qsort(ep, n, sizeof *ep, by_start);
    v->ep = ep;
    v->n_ep = n;
}

/* ---- shared DfE concepts ------------------------------------------------------------ */

bool cla_looked_after_on(const struct cla_view *v, sr_date d)
{
    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (sr_date_ok(e->decom) && e->decom <= d && (!sr_date_ok(e->dec) || e->dec > d))
            return true;
    }
    return false;
}

bool cla_looked_after_at_31_march(const struct cla_view *v)
{
    sr_date end = v->env->period_end;

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!cla_in(e->ls, "V3 V4") && sr_date_ok(e->decom) && e->decom <= end &&
            (!sr_date_ok(e->dec) || e->dec > end))
            return true;
    }
    return false;
}

bool cla_continuously_looked_after(const struct cla_view *v)
{
    const struct cla_rule_env *env = v->env;
    bool in_year = false;

    for (size_t i = 0; i < v->n_ep; i++) {
        const struct cla_episode *e = &v->ep[i];
        if (!sr_date_ok(e->decom))
            continue;
        bool overlaps = e->decom <= env->period_end && (!sr_date_ok(e->dec) || e->dec >= env->period_start);
        if (!overlaps)
            continue;
        in_year = true;
        /* (a) a short-break legal status in the year */
        if (cla_in(e->ls, "V3 V4"))
            return false;
        /* (b) an episode that ended in the year other than for a new one */
        if (sr_date_ok(e->dec) && e->dec >= env->period_start && e->dec < env->period_end &&
            !cla_in(e->rec, "X1"))
            return false;
        /* (c) a new period of care started after 1 April */
        if (e->decom > env->period_start && cla_in(e->rne, "S"))
            return false;
    }
    return in_year;
}

sr_date cla_birthday(const struct cla_view *v, int years)
{
    return sr_date_ok(v->dob) ? date_add_years(v->dob, years) : SR_DATE_NONE;
}

bool cla_in_period(const struct cla_view *v, sr_date d)
{
    return sr_date_ok(d) && d >= v->env->period_start && d <= v->env->period_end;
}

bool cla_uasc_ever(const struct cla_view *v)
{
    return cla_view_row(v, CLA_UASC) || (v->previous && cla_view_row(v->previous, CLA_UASC));
}

const char *cla_uasc_flag(const struct cla_view *v)
{
    const char *flag = v->header ? cla_row_value(v->header, "UASC") : NULL;

    if (flag || (v->header && v->header->xml_path))
        return flag;
    return cla_view_row(v, CLA_UASC) ? "1" : "0";
}

bool cla_same_postcode(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
            return false;
        a++, b++;
    }
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
    struct active *rules;            /* in force and runnable */
    size_t n;
    const struct cla_rule **not_run; /* in force, an input missing */
    size_t n_not_run;
    const struct cla_rule *only;
    unsigned have;                   /* enum cla_need bits available */
    /* covered[t] has bit k set when column k of table t is covered */
    uint64_t covered[CLA_MAX_TABLES];
    struct arena arena;              /* this child's views */
    struct ep_columns cols, prev_cols;
};

const struct cla_rule_env *cla_rule_env(const struct cla_rule_ctx *ctx)
{
    return ctx->env;
}

static void deliver(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_loc *loc,
                    const char *path, uint32_t line, const char *value, const char *detail)
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
    if (loc) {
        f.table = loc->table;
        f.row = loc->row;
        f.column = loc->column;
    }
    ctx->fn(ctx->opaque, &f, detail);
}

static void fail_row(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_row *row, int column,
                     const char *detail)
{
    struct strbuf path = STRBUF_INIT;
    struct cla_loc loc;

    if (column >= 0 && row->cells[column] == cla_cell_not_utf8)
        return;   /* the reader has reported this cell */
    loc = cla_row_loc(row, column);

    cla_row_path(row, column, &path);
    deliver(ctx, c, &loc, path.buf, cla_row_line(row, column), column >= 0 ? row->cells[column] : NULL, detail);
    strbuf_release(&path);
}

void cla_rule_fail(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_row *row, int column)
{
    fail_row(ctx, c, row, column, NULL);
}

void cla_row_place(const struct cla_row *r, struct strbuf *out)
{
    struct cla_loc loc = cla_row_loc(r, -1);

    cla_loc_path(&loc, out);
}

void cla_other_record(struct strbuf *out, const char *message, const char *other, uint32_t other_line)
{
    strbuf_addf(out, "%s (the other record: %s", message, other);
    if (other_line)
        strbuf_addf(out, ", line %u", (unsigned)other_line);
    strbuf_addch(out, ')');
}

void cla_rule_fail_other_at(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                            const char *column, const char *other, uint32_t other_line)
{
    struct strbuf m = STRBUF_INIT;

    cla_other_record(&m, ctx->rule->info.message, other, other_line);
    fail_row(ctx, v->child, row, column ? cla_table_column(row->table, column) : -1, m.buf);
    strbuf_release(&m);
}

void cla_rule_fail_other(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                         const char *column, const struct cla_row *other)
{
    struct strbuf place = STRBUF_INIT;

    cla_row_place(other, &place);
    cla_rule_fail_other_at(ctx, v, row, column, place.buf, other->line);
    strbuf_release(&place);
}

void cla_rule_fail_col(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                       const char *column)
{
    cla_rule_fail(ctx, v->child, row, column ? cla_table_column(row->table, column) : -1);
}

__attribute__((format(printf, 5, 0)))
static void deliver_at(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_loc *loc,
                       uint32_t line, const char *path_fmt, va_list ap)
{
    struct strbuf path = STRBUF_INIT;

    strbuf_vaddf(&path, path_fmt, ap);
    deliver(ctx, c, loc, path.buf, line, NULL, NULL);
    strbuf_release(&path);
}

void cla_rule_fail_at(struct cla_rule_ctx *ctx, const struct cla_child *c, uint32_t line, const char *path_fmt, ...)
{
    va_list ap;

    va_start(ap, path_fmt);
    deliver_at(ctx, c, NULL, line, path_fmt, ap);
    va_end(ap);
}

void cla_rule_fail_loc(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_loc *loc, uint32_t line,
                       const char *path_fmt, ...)
{
    va_list ap;

    va_start(ap, path_fmt);
    deliver_at(ctx, c, loc, line, path_fmt, ap);
    va_end(ap);
}

static bool in_force(const struct cla_rule *r, int year)
{
    return (!r->first_year || year >= r->first_year) && (!r->last_year || year <= r->last_year);
}

const struct cla_rule *cla_rule_find(const char *code, int year)
{
    for (const struct cla_rule *const *set = cla_rule_sets; *set; set++)
        for (const struct cla_rule *r = *set; r->info.code; r++)
            if (!strcmp(r->info.code, code) && (!year || in_force(r, year)))
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
    size_t cap = 0, cap_nr = 0;

    e->ctx.env = env;
    e->ctx.fn = fn;
    e->ctx.opaque = opaque;
    arena_init(&e->arena);
    if (env->previous)
        e->have |= CLA_NEEDS_PREVIOUS;
    if (env->ref && cla_ref_has_providers(env->ref))
        e->have |= CLA_NEEDS_PROVIDERS;
    if (env->ref && cla_ref_has_postcodes(env->ref))
        e->have |= CLA_NEEDS_POSTCODES;
    if (env->la && *env->la)
        e->have |= CLA_NEEDS_LA;
    if (env->supplied[CLA_SW_EPISODES])
        e->have |= CLA_NEEDS_SW_EPISODES;
    for (const struct cla_rule *const *set = cla_rule_sets; *set; set++) {
        for (const struct cla_rule *r = *set; r->info.code; r++) {
            if (!in_force(r, env->year))
                continue;
            /* A rule covers its columns even when it cannot run: its DfE
             * check replaces the generic one either way. */
            mark_covers(e, r->covers);
            if (r->needs & ~e->have) {
                ALLOC_GROW(e->not_run, e->n_not_run, cap_nr);
                e->not_run[e->n_not_run++] = r;
                continue;
            }
            ALLOC_GROW(e->rules, e->n, cap);
            e->rules[e->n].rule = r;
            e->rules[e->n].state = r->state_size ? xcalloc(1, r->state_size) : NULL;
            e->n++;
        }
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

/* What the engine lacks of `bits` (enum cla_need), in words: the inputs
 * as "--previous (last year's return) and --la (...)", then a missing table. */
static void describe_missing(const struct cla_engine *e, unsigned bits, struct strbuf *out)
{
    static const struct {
        unsigned bit;
        const char *what;
    } inputs[] = {
        { CLA_NEEDS_PREVIOUS, "--previous (last year's return)" },
        { CLA_NEEDS_PROVIDERS, "--providers (the Ofsted provider list)" },
        { CLA_NEEDS_POSTCODES, "--postcodes (the ONS postcode directory)" },
        { CLA_NEEDS_LA, "--la (the council's LA code)" },
    };
    bool first = true;

    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        if (!(bits & inputs[k].bit & ~e->have))
            continue;
        strbuf_addstr(out, first ? "needs " : " and ");
        strbuf_addstr(out, inputs[k].what);
        first = false;
    }
    if (bits & CLA_NEEDS_SW_EPISODES & ~e->have)
        strbuf_addf(out, "%sthe return has no SWEpisodes table (social worker episodes come as a CSV file of "
                         "their own; the XML document has none)", first ? "" : "; ");
}

void cla_engine_each_not_run(const struct cla_engine *e,
                             void (*fn)(void *opaque, const struct rule *rule, const char *why), void *opaque)
{
    struct strbuf why = STRBUF_INIT;

    for (size_t i = 0; i < e->n_not_run; i++) {
        const struct cla_rule *r = e->not_run[i];
        if (e->only && strcmp(e->only->info.code, r->info.code) != 0)
            continue;
        strbuf_reset(&why);
        strbuf_addstr(&why, "not run: ");
        describe_missing(e, r->needs, &why);
        fn(opaque, &r->info, why.buf);
    }
    /* Rules that run, but check less than DfE does without an input. */
    for (size_t i = 0; i < e->n; i++) {
        const struct cla_rule *r = e->rules[i].rule;
        if (!(r->better_with & ~e->have) || (e->only && e->only != r))
            continue;
        strbuf_reset(&why);
        strbuf_addf(&why, "run in part: %s; the full check ", r->without);
        describe_missing(e, r->better_with, &why);
        fn(opaque, &r->info, why.buf);
    }
    strbuf_release(&why);
}

void cla_engine_child(struct cla_engine *e, const struct cla_child *c)
{
    const struct cla_rule_env *env = e->ctx.env;
    struct cla_view view, prev;

    arena_reset(&e->arena);
    build_view(&e->arena, &e->cols, env, c, &view);
    if (env->previous) {
        const struct cla_child *pc = cla_store_find(env->previous, c->id);
        if (pc) {
            build_view(&e->arena, &e->prev_cols, env, pc, &prev);
            view.previous = &prev;
        }
    }
    for (size_t i = 0; i < e->n; i++) {
        const struct cla_rule *r = e->rules[i].rule;
        if (e->only && r != e->only)
            continue;
        e->ctx.rule = r;
        if (r->check)
            r->check(&e->ctx, &view);
        if (r->accumulate)
            r->accumulate(&e->ctx, e->rules[i].state, &view);
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
    free(e->not_run);
    arena_release(&e->arena);
    free(e);
}
