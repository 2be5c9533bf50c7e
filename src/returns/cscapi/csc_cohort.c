/*
 * The cohort of the CSC API feed (specs/csc-api/cohort.conf) and its
 * window; see include/returns/cscapi/csc_api.h.  The SQL that selects it
 * is in csc_source.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/confline.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "returns/cscapi/csc_api.h"

static const char *const set_names[CSC_SET__N] = {
    "referral", "open_referral_no_assessment", "cin_plan", "looked_after", "care_leaver", "cp_plan",
};

const char *csc_set_name(enum csc_set s)
{
    return set_names[s];
}

struct reader {
    struct csc_cohort *c;
    char *err;
    size_t errlen;
};

static bool sql_name(const char *s)
{
    if (!*s || strlen(s) > 63 || !(islower((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static int number(const struct confline *cl, struct reader *r, const char *key, const char *v, int lo, int hi,
                  int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return confline_error(r->err, r->errlen, cl->path, cl->lineno, "'%s' takes a whole number from %d to %d",
                              key, lo, hi);
    *out = (int)n;
    return 0;
}

static int one_line(void *ctx, const struct confline *cl)
{
    struct reader *r = ctx;
    char *key, *value;

    if (!confline_split_kv(cl->text, &key, &value))
        return confline_error(r->err, r->errlen, cl->path, cl->lineno, "expected 'key = value'");
    if (!strcmp(key, "window_months_back"))
        return number(cl, r, key, value, 0, 120, &r->c->months_back);
    if (!strcmp(key, "max_age"))
        return number(cl, r, key, value, 0, 30, &r->c->max_age);
    if (!strcmp(key, "restrict_table") || !strcmp(key, "restrict_column")) {
        if (*value && !sql_name(value))
            return confline_error(r->err, r->errlen, cl->path, cl->lineno,
                                  "'%s' must be a lower-case SQL name (letters, digits, '_')", key);
        char **slot = !strcmp(key, "restrict_table") ? &r->c->restrict_table : &r->c->restrict_column;
        free(*slot);
        *slot = *value ? xstrdup(value) : NULL;
        return 0;
    }
    if (!strcmp(key, "include")) {
        char *pos = value, *w;
        memset(r->c->include, 0, sizeof r->c->include);
        while ((w = confline_word(&pos, " \t,")) != NULL) {
            int found = -1;
            for (int i = 0; i < CSC_SET__N; i++)
                if (!strcmp(w, set_names[i]))
                    found = i;
            if (found < 0)
                return confline_error(r->err, r->errlen, cl->path, cl->lineno, "unknown inclusion set '%s' "
                                      "(known: referral, open_referral_no_assessment, cin_plan, looked_after, "
                                      "care_leaver, cp_plan)", w);
            r->c->include[found] = true;
        }
        return 0;
    }
    return confline_error(r->err, r->errlen, cl->path, cl->lineno, "unknown setting '%s'", key);
}

int csc_cohort_load(struct csc_cohort *c, const char *path, char *err, size_t errlen)
{
    struct strbuf p = STRBUF_INIT;
    struct reader r = { c, err, errlen };
    bool any = false;

    memset(c, 0, sizeof *c);
    c->months_back = 24;
    c->max_age = 25;
    for (int i = 0; i < CSC_SET__N; i++)
        c->include[i] = i != CSC_SET_CP_PLAN;
    if (path)
        strbuf_addstr(&p, path);
    else
        sr_data_path(&p, "specs/csc-api/cohort.conf");
    c->path = strbuf_detach(&p, NULL);
    if (confline_read("cohort", c->path, CONFLINE_HASH_WORD, one_line, &r, err, errlen) != 0)
        return -1;
    for (int i = 0; i < CSC_SET__N; i++)
        any |= c->include[i];
    if (!any)
        return confline_error(err, errlen, c->path, 0, "'include' names no inclusion set: the cohort would be empty");
    if (!c->restrict_table != !c->restrict_column)
        return confline_error(err, errlen, c->path, 0, "restrict_table and restrict_column go together");
    return 0;
}

void csc_cohort_release(struct csc_cohort *c)
{
    free(c->restrict_table);
    free(c->restrict_column);
    free(c->path);
    memset(c, 0, sizeof *c);
}

void csc_window_of(const struct csc_cohort *c, sr_date run, struct csc_window *w)
{
    int y, m, d;
    sr_date back = date_add_months(run, -c->months_back);

    date_to_ymd(back, &y, &m, &d);
    w->run = run;
    w->start = date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
    w->end = run + 1;
    date_format_iso(w->start, w->start_iso);
    date_format_iso(w->end, w->end_iso);
    date_format_iso(w->run, w->run_iso);
    snprintf(w->max_age, sizeof w->max_age, "%d", c->max_age);
}

void csc_run_name(struct strbuf *out, const char *run_iso, const char *la)
{
    strbuf_addf(out, "csc_api_%s_%s", run_iso, la);
}
