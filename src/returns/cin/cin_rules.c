/*
 * The rule engine: runs the rules of a rule set over a header and a stream
 * of children, and hands each finding to a callback with its location
 * (child, episode, element path, line).  Also the compact ID set that the
 * whole-return uniqueness rules use.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

struct rule_ctx {
    struct rule_engine *engine;
    const struct cin_rule *rule;
};

struct rule_engine {
    const struct rule_set *rs;
    const struct rule_env *env;
    finding_fn fn;
    void *opaque;
    const struct cin_rule *only;     /* NULL: all rules */
    void **states;                   /* per rule index, whole-return state */
    struct rule_ctx ctx;
    struct strbuf path;
    bool finished;
};

const struct rule_env *rule_ctx_env(const struct rule_ctx *ctx)
{
    return ctx->engine->env;
}

static void deliver(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
                    const struct cin_value *v, uint32_t line)
{
    struct rule_engine *e = ctx->engine;
    struct finding f;

    memset(&f, 0, sizeof f);
    f.rule = ctx->rule;
    f.la_child_id = c ? c->la_child_id.text : NULL;
    f.source_key = c ? c->source_key : NULL;
    f.child_position = c ? c->position : 0;
    f.episode_position = ep ? ep->position : 0;
    f.referral_date = ep ? ep->referral_date.date : SR_DATE_NONE;
    f.path = e->path.buf;
    if (v && v->line)
        f.line = v->line;
    else if (line)
        f.line = line;
    else if (ep)
        f.line = ep->line;
    else if (c)
        f.line = c->line;
    f.value = v ? v->text : NULL;
    e->fn(e->opaque, &f);
}

void rule_fail(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
               const struct cin_value *v, uint32_t line, const char *path_fmt, ...)
{
    struct strbuf *p = &ctx->engine->path;
    va_list ap;

    strbuf_reset(p);
    if (c) {
        strbuf_addf(p, "Message/Children/Child[%zu]/", c->position);
        if (ep)
            strbuf_addf(p, "CINdetails[%zu]/", ep->position);
    } else {
        strbuf_addstr(p, "Message/Header/");
    }
    va_start(ap, path_fmt);
    strbuf_vaddf(p, path_fmt, ap);
    va_end(ap);
    if (p->len && p->buf[p->len - 1] == '/')
        p->buf[--p->len] = '\0';
    deliver(ctx, c, ep, v, line);
}

void rule_fail_return(struct rule_ctx *ctx, const char *path_fmt, ...)
{
    struct strbuf *p = &ctx->engine->path;
    va_list ap;

    strbuf_reset(p);
    strbuf_addstr(p, "Message/");
    va_start(ap, path_fmt);
    strbuf_vaddf(p, path_fmt, ap);
    va_end(ap);
    deliver(ctx, NULL, NULL, NULL, 0);
}

struct rule_engine *rule_engine_new(const struct rule_set *rs, const struct rule_env *env,
                                    finding_fn fn, void *opaque)
{
    struct rule_engine *e = xcalloc(1, sizeof *e);

    e->rs = rs;
    e->env = env;
    e->fn = fn;
    e->opaque = opaque;
    e->ctx.engine = e;
    strbuf_init(&e->path, 128);
    e->states = xcalloc(rs->n ? rs->n : 1, sizeof *e->states);
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rules[i]->state_size)
            e->states[i] = xcalloc(1, rs->rules[i]->state_size);
    return e;
}

int rule_engine_only(struct rule_engine *e, const char *code)
{
    const struct cin_rule *r = rule_set_find(e->rs, code);
    if (!r)
        return -1;
    e->only = r;
    return 0;
}

static bool active(const struct rule_engine *e, const struct cin_rule *r)
{
    return !e->only || e->only == r;
}

void rule_engine_header(struct rule_engine *e, const struct cin_header *h)
{
    for (size_t i = 0; i < e->rs->n; i++) {
        const struct cin_rule *r = e->rs->rules[i];
        if (r->check_header && active(e, r)) {
            e->ctx.rule = r;
            r->check_header(&e->ctx, h);
        }
    }
}

void rule_engine_child(struct rule_engine *e, const struct cin_child *c)
{
    for (size_t i = 0; i < e->rs->n; i++) {
        const struct cin_rule *r = e->rs->rules[i];
        if (!active(e, r))
            continue;
        e->ctx.rule = r;
        if (r->check_child)
            r->check_child(&e->ctx, c);
        if (r->accumulate)
            r->accumulate(&e->ctx, e->states[i], c);
    }
}

void rule_engine_finish(struct rule_engine *e)
{
    if (e->finished)
        return;
    e->finished = true;
    for (size_t i = 0; i < e->rs->n; i++) {
        const struct cin_rule *r = e->rs->rules[i];
        if (r->conclude && active(e, r)) {
            e->ctx.rule = r;
            r->conclude(&e->ctx, e->states[i]);
        }
    }
}

void rule_engine_free(struct rule_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->rs->n; i++) {
        if (e->states[i] && e->rs->rules[i]->release)
            e->rs->rules[i]->release(e->states[i]);
        free(e->states[i]);
    }
    free(e->states);
    strbuf_release(&e->path);
    free(e);
}

const struct cin_rule *rule_set_find(const struct rule_set *rs, const char *code)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->rules[i]->code, code))
            return rs->rules[i];
    return NULL;
}

void rule_set_release(struct rule_set *rs)
{
    free(rs->rules);
    rs->rules = NULL;
    rs->n = 0;
}

/* ---- ID sets ---------------------------------------------------------- */

struct id_slot {
    uint32_t off;      /* offset+1 into pool; 0 = empty */
    uint32_t hash;
    uint32_t line;
    uint32_t position;
    uint32_t dup;      /* 1 when seen again */
};

struct id_set {
    struct id_slot *slots;
    size_t cap;        /* power of two */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
};

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

struct id_set *id_set_new(void)
{
    struct id_set *s = xcalloc(1, sizeof *s);
    s->cap = 1024;
    s->slots = xcalloc(s->cap, sizeof *s->slots);
    return s;
}

void id_set_free(struct id_set *s)
{
    if (!s)
        return;
    free(s->slots);
    free(s->pool);
    free(s);
}

size_t id_set_count(const struct id_set *s)
{
    return s->count;
}

static void id_set_rehash(struct id_set *s)
{
    size_t ncap = s->cap * 2;
    struct id_slot *ns = xcalloc(ncap, sizeof *ns);

    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i].off)
            continue;
        size_t j = s->slots[i].hash & (ncap - 1);
        while (ns[j].off)
            j = (j + 1) & (ncap - 1);
        ns[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = ns;
    s->cap = ncap;
}

bool id_set_add(struct id_set *s, const char *key, uint32_t line, size_t position,
                uint32_t *first_line, size_t *first_position)
{
    uint32_t h = fnv1a(key);
    size_t j = h & (s->cap - 1);

    while (s->slots[j].off) {
        struct id_slot *sl = &s->slots[j];
        if (sl->hash == h && !strcmp(s->pool + sl->off - 1, key)) {
            sl->dup = 1;
            if (first_line)
                *first_line = sl->line;
            if (first_position)
                *first_position = sl->position;
            return true;
        }
        j = (j + 1) & (s->cap - 1);
    }
    size_t len = strlen(key) + 1;
    if (s->pool_len + len > s->pool_cap) {
        size_t ncap = s->pool_cap ? s->pool_cap * 2 : 65536;
        while (ncap < s->pool_len + len)
            ncap *= 2;
        if (ncap > UINT32_MAX) {
            fprintf(stderr, "statreturn: error: identifier set over 4 GB\n");
            abort();
        }
        s->pool = xrealloc(s->pool, ncap);
        s->pool_cap = ncap;
    }
    memcpy(s->pool + s->pool_len, key, len);
    s->slots[j].off = (uint32_t)(s->pool_len + 1);
    s->slots[j].hash = h;
    s->slots[j].line = line;
    s->slots[j].position = (uint32_t)position;
    s->slots[j].dup = 0;
    s->pool_len += len;
    s->count++;
    if (s->count * 10 > s->cap * 7)
        id_set_rehash(s);
    return false;
}

void id_set_each_duplicated(const struct id_set *s,
                            void (*fn)(void *opaque, const char *key, uint32_t line, size_t position),
                            void *opaque)
{
    /* Report in file order, which the slot order is not. */
    size_t n = 0;
    for (size_t i = 0; i < s->cap; i++)
        n += s->slots[i].off && s->slots[i].dup;
    if (!n)
        return;
    struct id_slot *d = xmalloc(n * sizeof *d);
    size_t k = 0;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].off && s->slots[i].dup)
            d[k++] = s->slots[i];
    for (size_t i = 1; i < n; i++) {   /* insertion sort: duplicates are few */
        struct id_slot t = d[i];
        size_t j = i;
        while (j > 0 && d[j - 1].position > t.position) {
            d[j] = d[j - 1];
            j--;
        }
        d[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        fn(opaque, s->pool + d[i].off - 1, d[i].line, d[i].position);
    free(d);
}
