/*
 * `statreturn report csc-api`: what the CSC API feed shares, for the data
 * protection officer, without building or sending anything: the cohort
 * (settings and, from one snapshot, its size by inclusion set), every
 * field with its source, treatment, purpose and lawful basis, and in plain
 * words that the feed is identifiable and daily.  Counts from 1 to 9 show
 * as "<10"; no personal value is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "io/json_writer.h"
#include "returns/cscapi/csc_api.h"
#include "returns/cscapi/csc_kind.h"

static const char usage_text[] =
    "usage: statreturn report csc-api [options]\n"
    "\n"
    "What the DfE CSC API feed shares, field by field, with whom, how and why, and who is\n"
    "in it (no payload is built or sent).\n";
static const struct option_help option_help[] = {
    { "format", NULL, "text (default), md or json" },
    { "offline", NULL, "the policy and cohort settings only, no replica" },
    { "policy", NULL, "another policy (default specs/csc-api/policy_dfe.conf)" },
    { "run-date", NULL, "the day whose cohort is counted, as build csc-api --run-date (default: today)" },
    { "cohort", NULL, "cohort settings (default specs/csc-api/cohort.conf), as for build csc-api" },
    { NULL, NULL, NULL },
};

static const char plain_words[] =
    "This feed is identifiable by design. Every day, for every child in the cohort, the "
    "names, dates of birth, home and placement postcodes, unique pupil numbers (UPNs) and "
    "social workers' registration numbers leave the council IN CLEAR to the Department for "
    "Education, through its children's social care data service. DfE's schema neither "
    "hashes nor degrades any of them. Only a field this policy drops is never read or sent.";

static const char *const formats[] = { "text", "md", "json", NULL };

struct csc_report {
    struct policy policy;
    bool loaded;
    struct csc_cohort cohort;
    struct csc_window win;
    size_t counts[CSC_SET__N + 1];
    bool counted;
};

static void release(void *state);

static void *load(const struct shared_request *req, enum sr_status *st)
{
    struct csc_report *r = xcalloc(1, sizeof *r);
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT;
    char err[1024];

    sr_data_path(&purposes, "specs/purposes.conf");
    if (req->policy_path)
        strbuf_addstr(&path, req->policy_path);
    else
        sr_data_path(&path, "specs/csc-api/policy_dfe.conf");
    sr_date run = date_today();
    *st = SR_CONFIG;
    if (req->run_date && !sr_date_ok(run = date_parse_iso(req->run_date))) {
        fprintf(stderr, "statreturn: error: --run-date takes a date as YYYY-MM-DD, not '%s'\n", req->run_date);
        *st = SR_USAGE;
    } else if (policy_load(&r->policy, &csc_catalogue, path.buf, purposes.buf, err, sizeof err) != 0) {
        fprintf(stderr, "statreturn: error: policy rejected: %s\n", err);
    } else if ((r->loaded = true, csc_cohort_load(&r->cohort, req->cohort_path, err, sizeof err) != 0)) {
        fprintf(stderr, "statreturn: error: cohort settings rejected: %s\n", err);
    } else {
        csc_window_of(&r->cohort, run, &r->win);
        *st = SR_OK;
    }
    strbuf_release(&path);
    strbuf_release(&purposes);
    if (*st != SR_OK) {
        release(r);
        return NULL;
    }
    return r;
}

static enum sr_status count(void *state, struct db *db, const char *snapshot)
{
    struct csc_report *r = state;
    struct strbuf err = STRBUF_INIT;
    (void)snapshot;
    enum db_status st = csc_contract(db, &r->policy, &r->cohort, &err);
    if (st == DB_OK)
        st = csc_cohort_count(db, &r->cohort, &r->win, r->counts, &err);
    if (st == DB_MISSING)
        fprintf(stderr, "statreturn: error: %s\n", err.buf);
    else if (st != DB_OK)
        fprintf(stderr, "statreturn: error: counting the cohort failed: %s\n", err.buf);
    r->counted = st == DB_OK;
    strbuf_release(&err);
    return st == DB_OK ? SR_OK : db_sr_status(st);
}

static void shown(char *buf, size_t len, size_t n)
{
    if (n >= 1 && n <= 9)
        snprintf(buf, len, "<10");
    else
        snprintf(buf, len, "%zu", n);
}

static void render_json(const struct csc_report *r, struct strbuf *out, struct json_writer *w)
{
    char b[32];
    json_writer_init(w, out, JSON_PLAIN, JSON_SPACED);
    json_begin_object(w, JSON_BLOCK);
    json_member_string(w, "return", "csc-api");
    json_member_string(w, "recipient", r->policy.recipient);
    json_member_string(w, "statement", plain_words);
    json_key(w, "cohort");
    json_begin_object(w, JSON_BLOCK);
    json_member_string(w, "window_start", r->win.start_iso);
    json_member_string(w, "window_end", r->win.end_iso);
    json_member_int(w, "max_age", r->cohort.max_age);
    for (int i = 0; i <= CSC_SET__N; i++) {
        if (i < CSC_SET__N && !r->cohort.include[i])
            continue;
        shown(b, sizeof b, r->counts[i]);
        json_key(w, i < CSC_SET__N ? csc_set_name(i) : "children");
        if (r->counted)
            json_string(w, b);
        else
            json_null(w);
    }
    json_end_object(w);
    json_key(w, "fields");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < csc_catalogue.n; i++) {
        json_begin_object(w, JSON_INLINE);
        manifest_field_json(w, &r->policy, i);
        json_end_object(w);
    }
    json_end_array(w);
    json_end_object(w);
}

static int render(void *state, const char *format, struct strbuf *out)
{
    struct csc_report *r = state;
    bool md = !strcmp(format, "md");
    char b[32];

    if (!strcmp(format, "json")) {
        struct json_writer w;
        render_json(r, out, &w);
        return json_writer_finish(&w);
    }
    strbuf_addf(out, "%sDfE CSC API feed: what is shared\n\n", md ? "# " : "");
    strbuf_addf(out, "%s\n\n", plain_words);
    strbuf_addf(out, "Recipient: %s. Policy %s %s (%s).\n\n", r->policy.recipient, r->policy.name,
                r->policy.version, r->policy.path);
    strbuf_addf(out, "%sCohort\n\n", md ? "## " : "");
    strbuf_addf(out, "Window %s to %s; children aged up to %d in it (settings: %s).\n", r->win.start_iso,
                r->win.end_iso, r->cohort.max_age, r->cohort.path);
    for (int i = 0; i <= CSC_SET__N; i++) {
        if (i < CSC_SET__N && !r->cohort.include[i])
            continue;
        shown(b, sizeof b, r->counts[i]);
        strbuf_addf(out, "%s%-30s %s\n", md ? "- " : "  ", i < CSC_SET__N ? csc_set_name(i) : "children in the feed",
                    r->counted ? b : "(offline)");
    }
    strbuf_addf(out, "\n%sFields\n\n", md ? "## " : "");
    if (md)
        strbuf_addstr(out, "| field | source | treatment | special category |\n|---|---|---|---|\n");
    for (size_t i = 0; i < csc_catalogue.n; i++) {
        const struct field_def *f = &csc_catalogue.fields[i];
        const struct policy_entry *e = &r->policy.entries[i];
        const char *t = e->treatment == TR_CLEAR ? "IN CLEAR" : treatment_name(e->treatment);
        if (md)
            strbuf_addf(out, "| %s | %s | %s | %s |\n", f->name, f->source, t, e->special ? "yes" : "no");
        else
            strbuf_addf(out, "  %-78s %-12s %s%s\n", f->name, t, f->source, e->special ? "  (special category)" : "");
    }
    strbuf_addch(out, '\n');
    return 0;
}

static void release(void *state)
{
    struct csc_report *r = state;
    if (!r)
        return;
    if (r->loaded)
        policy_release(&r->policy);
    csc_cohort_release(&r->cohort);
    free(r);
}

const struct return_shared csc_shared = {
    .usage = usage_text,
    .option_help = option_help,
    .options = SHARED_OPT_POLICY | SHARED_OPT_RUN_DATE | SHARED_OPT_COHORT,
    .formats = formats,
    .load = load,
    .count = count,
    .render = render,
    .release = release,
};
