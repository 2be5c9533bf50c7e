/*
 * The fields-shared report's HTML page; see privacy/dpo_html.h.
 */
#include <stdbool.h>
#include <string.h>

#include "io/html.h"
#include "privacy/dpo_html.h"

#ifndef STATRETURN_VERSION
#define STATRETURN_VERSION "unknown"
#endif

static const char page_style[] =
    "body{font-family:system-ui,Arial,sans-serif;margin:1.5em 2em;color:#1b1b1b;max-width:1300px}\n"
    "h2{margin:1.2em 0 .3em;border-bottom:3px solid #444}\n"
    "h3{margin:1em 0 .2em;font-size:1.05em}\n"
    ".basis{margin:.1em 0 .4em;color:#333}\n"
    ".facts{margin:.2em 0 .6em}\n"
    "blockquote{margin:.2em 0 .2em 0;padding:.1em .8em;border-left:4px solid #888;color:#222}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}\n"
    "th,td{border:1px solid #bbb;padding:2px 6px;font-size:13px;text-align:left;vertical-align:top}\n"
    "th{background:#eef}\ntd.n{text-align:right;width:6em}\n"
    "td.t{width:24em}\n"
    "tr.clear td:first-child{border-left:6px solid #d9534f}\n"
    "tr.pseudonymised td:first-child{border-left:6px solid #3b7dd8}\n"
    "tr.generalised td:first-child{border-left:6px solid #e0a800}\n"
    ".dropped{color:#555}\n"
    ".key span{display:inline-block;padding:0 6px;margin-right:6px}\n";

/* Only on a page that has a warning, so the others stay as they were. */
static const char warning_style[] =
    ".warning{border-left:6px solid #d9534f;background:#fdf0ef;padding:.5em .9em;margin:.6em 0;font-size:1.05em}\n";

void dpo_html_begin(struct strbuf *o, const char *title, const char *warning, const char *intro)
{
    strbuf_addstr(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'\">\n<title>");
    html_escape(o, title);
    strbuf_addf(o, "</title>\n<style>\n%s%s</style></head><body>\n<h1>", page_style, warning ? warning_style : "");
    html_escape(o, title);
    strbuf_addstr(o, "</h1>\n");
    if (warning) {
        strbuf_addstr(o, "<p class=\"warning\"><strong>");
        html_escape(o, warning);
        strbuf_addstr(o, "</strong></p>\n");
    }
    strbuf_addstr(o, "<p>");
    html_escape(o, intro);
    strbuf_addstr(o, "</p>\n<p class=\"key\">Each field's left edge: <span style=\"border-left:6px solid "
                     "#d9534f\">in clear</span><span style=\"border-left:6px solid #3b7dd8\">pseudonymised</span>"
                     "<span style=\"border-left:6px solid #e0a800\">generalised</span></p>\n");
}

static const char *kind_of(enum treatment t)
{
    return t == TR_CLEAR ? "clear" : t == TR_PSEUDONYMISE ? "pseudonymised" : t == TR_DROP ? "dropped"
                                                                                           : "generalised";
}

/* "12 fields shared: 8 in clear, 2 pseudonymised, 2 generalised; 3 not shared." */
static void tally(struct strbuf *o, const struct policy *p, size_t n)
{
    size_t k[4] = { 0, 0, 0, 0 };

    for (size_t i = 0; i < n; i++) {
        enum treatment t = p->entries[i].treatment;
        k[t == TR_CLEAR ? 0 : t == TR_PSEUDONYMISE ? 1 : t == TR_DROP ? 3 : 2]++;
    }
    strbuf_addf(o, "<p class=\"facts\"><strong>%zu field%s shared</strong>: %zu in clear, %zu pseudonymised, "
                   "%zu generalised; %zu not shared.</p>\n",
                n - k[3], n - k[3] == 1 ? "" : "s", k[0], k[1], k[2], k[3]);
}

static void cell(struct strbuf *o, const char *cls, const char *s)
{
    strbuf_addf(o, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    html_escape(o, s ? s : "-");
    strbuf_addstr(o, "</td>");
}

/* The fields shared for purpose pu (NULL: for none), as one table; the
 * count columns only when the return counts values per field. */
static void purpose_table(struct strbuf *o, const struct policy *p, size_t n, const struct purpose *pu,
                          bool counted, dpo_field_fn fn, void *ctx)
{
    strbuf_addstr(o, "<table><tr><th>Field</th><th>Source</th><th>Treatment</th><th>Special category</th>");
    strbuf_addstr(o, counted ? "<th>With value</th><th>Blank</th><th>Distinct</th></tr>\n" : "</tr>\n");
    for (size_t i = 0; i < n; i++) {
        const struct policy_entry *pe = &p->entries[i];
        struct dpo_field f;
        if (pe->purpose != pu || pe->treatment == TR_DROP)
            continue;
        memset(&f, 0, sizeof f);
        fn(ctx, i, &f);
        strbuf_addf(o, "<tr class=\"%s\">", kind_of(pe->treatment));
        cell(o, NULL, f.name);
        cell(o, NULL, f.source);
        cell(o, "t", f.treatment);
        cell(o, NULL, pe->special ? "yes" : "no");
        if (counted) {
            cell(o, "n", f.with_value);
            cell(o, "n", f.blank);
            cell(o, "n", f.distinct);
        }
        strbuf_addstr(o, "</tr>\n");
    }
    strbuf_addstr(o, "</table>\n");
}

static bool purpose_shared(const struct policy *p, size_t n, const struct purpose *pu)
{
    for (size_t i = 0; i < n; i++)
        if (p->entries[i].purpose == pu && p->entries[i].treatment != TR_DROP)
            return true;
    return false;
}

static void purpose_head(struct strbuf *o, const struct purpose *pu)
{
    strbuf_addstr(o, "<h3>Purpose: ");
    html_escape(o, pu->id);
    strbuf_addstr(o, "</h3>\n<blockquote>");
    html_escape(o, pu->notice);
    strbuf_addstr(o, "</blockquote>\n<p class=\"basis\"><strong>Lawful basis:</strong> ");
    html_escape(o, pu->basis);
    if (pu->special_basis) {
        strbuf_addstr(o, "<br><strong>Special category condition:</strong> ");
        html_escape(o, pu->special_basis);
    }
    strbuf_addstr(o, "</p>\n");
}

/* The fields not shared, in one line. */
static void dropped_line(struct strbuf *o, const struct policy *p, size_t n, dpo_field_fn fn, void *ctx)
{
    bool any = false;

    for (size_t i = 0; i < n; i++) {
        struct dpo_field f;
        if (p->entries[i].treatment != TR_DROP)
            continue;
        memset(&f, 0, sizeof f);
        fn(ctx, i, &f);
        strbuf_addstr(o, any ? ", " : "<p class=\"dropped\"><strong>Not shared</strong> (dropped: never read, never "
                                      "sent): ");
        html_escape(o, f.name);
        any = true;
    }
    if (any)
        strbuf_addstr(o, ".</p>\n");
}

void dpo_html_recipient(struct strbuf *o, const char *heading, const char *facts, const struct policy *p, size_t n,
                        bool counted, dpo_field_fn fn, void *ctx)
{
    strbuf_addstr(o, "<h2>Recipient: ");
    html_escape(o, heading);
    strbuf_addstr(o, "</h2>\n");
    tally(o, p, n);
    if (facts && *facts) {
        strbuf_addstr(o, "<p class=\"facts\">");
        html_escape(o, facts);
        strbuf_addstr(o, "</p>\n");
    }
    for (size_t u = 0; u < p->purposes.n; u++) {
        const struct purpose *pu = &p->purposes.items[u];
        if (!purpose_shared(p, n, pu))
            continue;
        purpose_head(o, pu);
        purpose_table(o, p, n, pu, counted, fn, ctx);
    }
    if (purpose_shared(p, n, NULL)) {
        strbuf_addstr(o, "<h3>Purpose: none given</h3>\n");
        purpose_table(o, p, n, NULL, counted, fn, ctx);
    }
    dropped_line(o, p, n, fn, ctx);
}

void dpo_html_end(struct strbuf *o)
{
    strbuf_addstr(o, "<p>Made by statreturn " STATRETURN_VERSION ". This page holds no personal data.</p>\n"
                     "</body></html>\n");
}
