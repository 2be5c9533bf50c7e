/*
 * Test support for the DfE rule tests; see rule_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rule_fixture.h"

void rfx_init(struct rfx *f, int year)
{
    char err[256];

    memset(f, 0, sizeof *f);
    arena_init(&f->arena);
    if (rule_set_for_year(&f->rules, year, err, sizeof err) != 0)
        fail_msg("%s", err);
    if (holidays_load(&f->holidays, "specs/bank_holidays.txt", err, sizeof err) != 0)
        fail_msg("%s", err);
    f->env.year = year;
    f->env.reference_date = census_reference_date(year);
    f->env.period_start = census_period_start(year);
    f->env.holidays = &f->holidays;

    char buf[32];
    cin_header_init(&f->header);
    rfx_set(f, &f->header.collection, "CIN");
    snprintf(buf, sizeof buf, "%d", year);
    rfx_set(f, &f->header.year, buf);
    snprintf(buf, sizeof buf, "%d-03-31", year);
    rfx_set(f, &f->header.reference_date, buf);
    rfx_set(f, &f->header.source_level, "L");
    rfx_set(f, &f->header.lea, "201");
    rfx_set(f, &f->header.software_code, "statreturn");
    rfx_set(f, &f->header.serial_no, "001");
    snprintf(buf, sizeof buf, "%d-05-01T09:00:00", year);
    rfx_set(f, &f->header.date_time, buf);
}

void rfx_release(struct rfx *f)
{
    rule_set_release(&f->rules);
    holidays_release(&f->holidays);
    arena_release(&f->arena);
}

void rfx_reset(struct rfx *f)
{
    arena_reset(&f->arena);
}

void rfx_set(struct rfx *f, struct cin_value *v, const char *text)
{
    cin_value_set(&f->arena, v, text, 0, true);
}

struct cin_episode *rfx_add_episode(struct rfx *f, struct cin_child *c, const char *referral_date)
{
    struct cin_episode *e = cin_add_episode(&f->arena, c);
    rfx_set(f, &e->referral_date, referral_date);
    return e;
}

struct cin_assessment *rfx_add_assessment(struct rfx *f, struct cin_episode *e, const char *start, const char *auth)
{
    struct cin_assessment *a = cin_add_assessment(&f->arena, e);
    rfx_set(f, &a->start, start);
    rfx_set(f, &a->authorisation, auth);
    return a;
}

struct cin_plan *rfx_add_plan(struct rfx *f, struct cin_episode *e, const char *start, const char *end)
{
    struct cin_plan *p = cin_add_plan(&f->arena, e);
    rfx_set(f, &p->start, start);
    rfx_set(f, &p->end, end);
    return p;
}

struct cin_s47 *rfx_add_s47(struct rfx *f, struct cin_episode *e, const char *start, const char *icpc)
{
    struct cin_s47 *s = cin_add_s47(&f->arena, e);
    rfx_set(f, &s->start, start);
    rfx_set(f, &s->icpc_date, icpc);
    rfx_set(f, &s->icpc_not_required, "0");
    if (sr_date_ok(s->start.date)) {
        char buf[11];
        rfx_set(f, &s->icpc_target, date_format_iso(add_working_days(&f->holidays, s->start.date, 15), buf));
    }
    return s;
}

struct cin_cpp *rfx_add_cpp(struct rfx *f, struct cin_episode *e, const char *start, const char *end)
{
    struct cin_cpp *p = cin_add_cpp(&f->arena, e);
    rfx_set(f, &p->start, start);
    rfx_set(f, &p->end, end);
    rfx_set(f, &p->initial_category, "NEG");
    rfx_set(f, &p->latest_category, "NEG");
    rfx_set(f, &p->previous_cpp, "0");
    return p;
}

void rfx_add_disability(struct rfx *f, struct cin_child *c, const char *code)
{
    c->has_disabilities_group = true;
    rfx_set(f, cin_add_disability(&f->arena, c), code);
}

void rfx_add_factor(struct rfx *f, struct cin_assessment *a, const char *code)
{
    a->has_factors_group = true;
    rfx_set(f, cin_add_factor(&f->arena, a), code);
}

void rfx_add_review(struct rfx *f, struct cin_cpp *p, const char *date)
{
    p->has_reviews_group = true;
    rfx_set(f, cin_add_review(&f->arena, p), date);
}

/* A baseline date, moved by the fixture's shift (an arena copy when moved). */
static const char *on(struct rfx *f, int shift, const char *iso)
{
    char buf[11];

    if (!shift)
        return iso;
    return arena_strdup(&f->arena, date_format_iso(date_parse_iso(iso) + shift, buf));
}

struct cin_child *rfx_child_shifted(struct rfx *f, int days)
{
    struct cin_child *c = arena_alloc(&f->arena, sizeof *c);

    cin_child_init(c);
    c->position = 1;
    rfx_set(f, &c->la_child_id, "C0000001");
    rfx_set(f, &c->upn, "L201000000011");
    rfx_set(f, &c->birth_date, on(f, days, "2014-05-14"));
    rfx_set(f, &c->sex, "F");
    rfx_set(f, &c->ethnicity, "WBRI");
    rfx_add_disability(f, c, "NONE");

    struct cin_episode *e = rfx_add_episode(f, c, on(f, days, "2024-05-01"));
    rfx_set(f, &e->referral_source, "1A");
    rfx_set(f, &e->primary_need, "N1");
    rfx_set(f, &e->referral_nfa, "0");

    struct cin_assessment *a = rfx_add_assessment(f, e, on(f, days, "2024-05-02"), on(f, days, "2024-05-20"));
    rfx_add_factor(f, a, "2B");
    rfx_add_factor(f, a, "3B");
    rfx_add_plan(f, e, on(f, days, "2024-05-20"), on(f, days, "2024-05-22"));
    rfx_add_s47(f, e, on(f, days, "2024-05-03"), on(f, days, "2024-05-22"));
    struct cin_cpp *p = rfx_add_cpp(f, e, on(f, days, "2024-05-22"), NULL);
    rfx_add_review(f, p, on(f, days, "2024-08-14"));
    return c;
}

struct cin_child *rfx_child(struct rfx *f)
{
    return rfx_child_shifted(f, 0);
}

struct cin_preproceedings *rfx_add_preproceedings(struct rfx *f, struct cin_episode *e, const char *start)
{
    struct cin_preproceedings *pp = cin_add_preproceedings(&f->arena, e);
    rfx_set(f, &pp->pp_start, start);
    return pp;
}

static void collect(void *opaque, const struct finding *fd)
{
    struct rfx *f = opaque;

    if (f->n_findings < RFX_MAX_FINDINGS) {
        struct rfx_finding *r = &f->findings[f->n_findings];
        snprintf(r->code, sizeof r->code, "%s", fd->rule->code);
        snprintf(r->path, sizeof r->path, "%s", fd->path);
        snprintf(r->la_child_id, sizeof r->la_child_id, "%s", fd->la_child_id ? fd->la_child_id : "");
        r->episode = fd->episode_position;
        r->line = fd->line;
        snprintf(r->message, sizeof r->message, "%s", fd->message ? fd->message : "");
    }
    f->n_findings++;
}

static size_t run(struct rfx *f, const char *code, struct cin_child *const *children, size_t n)
{
    struct rule_engine *e = rule_engine_new(&f->rules, &f->env, collect, f);

    f->n_findings = 0;
    if (code && rule_engine_only(e, code) != 0) {
        rule_engine_free(e);
        fail_msg("rule %s is not in the %d rule set", code, f->rules.year);
    }
    rule_engine_header(e, &f->header);
    for (size_t i = 0; i < n; i++)
        rule_engine_child(e, children[i]);
    rule_engine_finish(e);
    rule_engine_free(e);
    return f->n_findings;
}

size_t rfx_run(struct rfx *f, const char *code, struct cin_child *const *children, size_t n)
{
    return run(f, code, children, n);
}

size_t rfx_run1(struct rfx *f, const char *code, struct cin_child *c)
{
    return run(f, code, &c, 1);
}

size_t rfx_run_all(struct rfx *f, struct cin_child *const *children, size_t n)
{
    return run(f, NULL, children, n);
}
