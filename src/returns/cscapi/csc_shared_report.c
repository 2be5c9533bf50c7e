/*
 * `statreturn report csc-api`: what the CSC API feed shares, for the data
 * protection officer, without building or sending anything: the cohort
 * (settings and, from one snapshot, its size by inclusion set), every
 * field with its source, treatment, purpose and lawful basis, and in plain
 * words that the feed is identifiable and daily.  Counts from 1 to 9 show
 * as "<10"; no personal value is read.  The HTML page is the one the other
 * returns write (privacy/dpo_html.h), the plain words first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "io/json_writer.h"
#include "privacy/dpo_html.h"
#include "returns/cscapi/csc_api.h"
#include "returns/cscapi/csc_kind.h"

static const char usage_text[] =
    "usage: statreturn report csc-api [options]\n"
    "\n"
    "What the DfE CSC API feed shares, field by field, with whom, how and why, and who is\n"
    "in it (no payload is built or sent).\n";
static const struct option_help option_help[] = {
    { "format", NULL, "text (default), md, json or html" },
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

static const char *const formats[] = { "text", "md", "json", "html", NULL };

struct csc_report {
    const char *la;               /* may be NULL */
    struct policy policy;
    bool loaded;
    struct csc_cohort cohort;
    struct csc_window win;
    size_t counts[CSC_SET__N + 1];
    bool counted;
    char snapshot[64];
};

static void release(void *state);

static void *load(const struct shared_request *req, enum sr_status *st)
{
    struct csc_report *r = xcalloc(1, sizeof *r);
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT;
    char err[1024];

    r->la = req->la;
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

    snprintf(r->snapshot, sizeof r->snapshot, "%s", snapshot ? snapshot : "");
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

/* ---- HTML: the shared page (privacy/dpo_html.h) ---------------------------- */

static const char *treatment_words(const struct policy *p, enum treatment t, char buf[200])
{
    switch (t) {
    case TR_CLEAR: return "IN CLEAR";
    case TR_PSEUDONYMISE:
        snprintf(buf, 200, "pseudonymised (HMAC-SHA256, key '%s'; DfE's live service expects the clear value)",
                 p->key_name ? p->key_name : "?");
        return buf;
    case TR_MONTH: return "generalised: date moved to the 1st of its month";
    case TR_SECTOR: return "generalised: postcode cut to its sector";
    case TR_DROP: return "dropped (never read, never sent)";
    case TR__COUNT: break;
    }
    return "?";
}

struct html_ctx {
    const struct csc_report *r;
    char tb[200];
};

static void html_field(void *ctx, size_t i, struct dpo_field *out)
{
    struct html_ctx *h = ctx;
    const struct field_def *f = &csc_catalogue.fields[i];

    out->name = f->name;
    out->source = f->source;
    out->treatment = treatment_words(&h->r->policy, h->r->policy.entries[i].treatment, h->tb);
}

/* The cohort in words: how many children (unless offline), its window and
 * age gate, the count by inclusion set, then the files it comes from. */
static void cohort_facts(struct strbuf *o, const struct csc_report *r)
{
    char b[32];

    shown(b, sizeof b, r->counts[CSC_SET__N]);
    strbuf_addf(o, "Children in the feed: %s. Cohort: window %s to %s (the run date); children aged up to %d in it",
                r->counted ? b : "not counted (offline: no replica was read)", r->win.start_iso, r->win.run_iso,
                r->cohort.max_age);
    if (r->cohort.restrict_table && *r->cohort.restrict_table)
        strbuf_addf(o, ", only those listed in %s.%s", r->cohort.restrict_table,
                    r->cohort.restrict_column ? r->cohort.restrict_column : "?");
    strbuf_addch(o, '.');
    for (int i = 0, k = 0; r->counted && i < CSC_SET__N; i++) {
        if (!r->cohort.include[i])
            continue;
        shown(b, sizeof b, r->counts[i]);
        strbuf_addf(o, "%s %s %s", k++ ? "," : " By inclusion set (a child may be in more than one):",
                    csc_set_name(i), b);
    }
    strbuf_addf(o, "%s Policy file %s; cohort settings %s.", r->counted ? "." : "", r->policy.path, r->cohort.path);
}

static void render_html(const struct csc_report *r, struct strbuf *o)
{
    struct strbuf intro = STRBUF_INIT, head = STRBUF_INIT, facts = STRBUF_INIT;
    struct html_ctx h = { r, "" };

    strbuf_addf(&intro, "LA %s. Run date %s: the day whose feed is described. ", r->la ? r->la : "(not given)",
                r->win.run_iso);
    if (r->counted)
        strbuf_addf(&intro, "No payload was built or sent. Counts from 1 to 9 are shown as <10. Replica snapshot %s.",
                    r->snapshot);
    else
        strbuf_addstr(&intro, "Policy and cohort settings only: no counts from the replica.");
    strbuf_addf(&head, "%s (policy %s, version %s)", r->policy.recipient, r->policy.name, r->policy.version);
    cohort_facts(&facts, r);
    dpo_html_begin(o, "Data shared in the DfE CSC API daily feed", plain_words, intro.buf);
    dpo_html_recipient(o, head.buf, facts.buf, &r->policy, csc_catalogue.n, false, html_field, &h);
    dpo_html_end(o);
    strbuf_release(&intro);
    strbuf_release(&head);
    strbuf_release(&facts);
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
    if (!strcmp(format, "html")) {
        render_html(r, out);
        return 0;
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
