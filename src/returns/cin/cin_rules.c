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
    char column[CIN_COLUMN_MAX];     /* of the finding being delivered */
    struct strbuf message;           /* of the finding being delivered, when its own */
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
    f.rule = &ctx->rule->rule;
    f.la_child_id = c ? c->la_child_id.text : NULL;
    f.source_key = c ? c->source_key : NULL;
    f.child_position = c ? c->position : 0;
    f.episode_position = ep ? ep->position : 0;
    f.referral_date = ep ? ep->referral_date.date : SR_DATE_NONE;
    f.path = e->path.buf;
    cin_path_locate(f.path, &f.table, &f.row, e->column);
    f.column = e->column[0] ? e->column : NULL;
    if (v && v->line)
        f.line = v->line;
    else if (line)
        f.line = line;
    else if (ep)
        f.line = ep->line;
    else if (c)
        f.line = c->line;
    f.value = v ? v->text : NULL;
    f.message = e->message.len ? e->message.buf : NULL;
    e->fn(e->opaque, &f);
}

/* The finding's path (below the child and episode, or the header), then
 * the finding. */
__attribute__((format(printf, 6, 0)))
static void fail_at(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
                    const struct cin_value *v, uint32_t line, const char *path_fmt, va_list ap)
{
    struct strbuf *p = &ctx->engine->path;

    strbuf_reset(p);
    if (c) {
        strbuf_addf(p, "Message/Children/Child[%zu]/", c->position);
        if (ep)
            strbuf_addf(p, "CINdetails[%zu]/", ep->position);
    } else {
        strbuf_addstr(p, "Message/Header/");
    }
    strbuf_vaddf(p, path_fmt, ap);
    if (p->len && p->buf[p->len - 1] == '/')
        p->buf[--p->len] = '\0';
    deliver(ctx, c, ep, v, line);
}

void rule_fail(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
               const struct cin_value *v, uint32_t line, const char *path_fmt, ...)
{
    va_list ap;

    va_start(ap, path_fmt);
    fail_at(ctx, c, ep, v, line, path_fmt, ap);
    va_end(ap);
}

void rule_fail_other(struct rule_ctx *ctx, const struct cin_child *c, const struct cin_episode *ep,
                     const struct cin_value *v, const char *other, uint32_t other_line, const char *path_fmt, ...)
{
    struct strbuf *m = &ctx->engine->message;
    va_list ap;

    strbuf_addf(m, "%s (the other record: %s", ctx->rule->rule.message, other);
    if (other_line)
        strbuf_addf(m, ", line %u", (unsigned)other_line);
    strbuf_addch(m, ')');
    va_start(ap, path_fmt);
    fail_at(ctx, c, ep, v, 0, path_fmt, ap);
    va_end(ap);
    strbuf_reset(m);
}

void rule_other_group(char *buf, size_t n, const struct cin_episode *ep, const char *name, size_t i)
{
    if (name)
        snprintf(buf, n, "CINdetails[%zu]/%s[%zu]", ep->position, name, i);
    else
        snprintf(buf, n, "CINdetails[%zu]", ep->position);
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
    strbuf_init(&e->message, 0);
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
    strbuf_release(&e->message);
    free(e);
}

const struct cin_rule *rule_set_find(const struct rule_set *rs, const char *code)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->rules[i]->rule.code, code))
            return rs->rules[i];
    return NULL;
}

void rule_set_release(struct rule_set *rs)
{
    free(rs->rules);
    rs->rules = NULL;
    rs->n = 0;
}

