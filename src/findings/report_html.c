/*
 * The HTML report: one self-contained page (inline CSS and a few lines of
 * script, a Content-Security-Policy that forbids anything external), per
 * file a summary, the findings by rule and, for SSDA903, by child.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/html.h"

static void html_not_run(void *arg, const char *why, const char *codes)
{
    struct strbuf *sb = arg;

    strbuf_addstr(sb, "<p class=\"note\">Rules ");
    html_escape(sb, why);
    strbuf_addstr(sb, ": <code>");
    html_escape(sb, codes);
    strbuf_addstr(sb, "</code></p>\n");
}

/* The page up to the lookup's label, which names the child's identifier
 * (LAchildID; CHILD when every section is SSDA903), and the rest of it. */
static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n"
    "<title>statreturn validation report</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b}\n"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\n"
    "th{background:#f0f0f0}td.n{text-align:right}\n"
    ".error{color:#a00;font-weight:bold}.query{color:#a60;font-weight:bold}.expected{color:#555}\n"
    ".bad{background:#fde8e8;padding:.5em}.ok{background:#e8f5e8;padding:.5em}\n"
    "code{font-size:90%}section.file{border-top:3px solid #444;margin-top:2em}\n"
    "#lookup{position:sticky;top:0;background:#fff;padding:.5em 0}\n"
    "</style>\n</head>\n<body>\n<h1>statreturn validation report</h1>\n"
    "<p id=\"lookup\"><label>Find a child by ";
static const char html_head_end[] =
    ": <input id=\"q\" type=\"search\" autocomplete=\"off\"></label> "
    "<span id=\"qn\"></span></p>\n";

static const char html_tail[] =
    "<script>\n"
    "(function(){var q=document.getElementById('q'),n=document.getElementById('qn');\n"
    "q.addEventListener('input',function(){var v=q.value.trim(),c=0;\n"
    "document.querySelectorAll('tr[data-c]').forEach(function(t){\n"
    "var m=v===''||t.getAttribute('data-c')===v;t.hidden=!m;if(m&&v!=='')c++;});\n"
    "n.textContent=v===''?'':c+' finding(s) shown for this child';});})();\n"
    "</script>\n</body>\n</html>\n";

static void html_cell(struct strbuf *sb, const char *s)
{
    strbuf_addstr(sb, "<td>");
    html_escape(sb, s ? s : "");
    strbuf_addstr(sb, "</td>");
}

static void html_num_cell(struct strbuf *sb, bool present, uint32_t n)
{
    if (present)
        strbuf_addf(sb, "<td class=\"n\">%u</td>", (unsigned)n);
    else
        strbuf_addstr(sb, "<td></td>");
}

/* A return read from several files: which table came from which file. */
static void html_files(struct strbuf *sb, const struct section *s)
{
    if (!s->n_files)
        return;
    strbuf_addstr(sb, "<table>\n<tr><th>Table</th><th>File</th></tr>\n");
    for (size_t i = 0; i < s->n_files; i++) {
        strbuf_addstr(sb, "<tr>");
        html_cell(sb, s->files[i].table ? s->files[i].table : "(no known table)");
        strbuf_addstr(sb, "<td><code>");
        html_escape(sb, s->files[i].file);
        strbuf_addstr(sb, "</code></td></tr>\n");
    }
    strbuf_addstr(sb, "</table>\n");
}

/* The summary: status, not-run rules, counts, rules, most affected children. */
static void html_summary(struct strbuf *sb, const struct section *s, size_t k, const size_t *idx)
{
    strbuf_addstr(sb, "<section class=\"file\">\n<h2>");
    html_escape(sb, s->return_name);
    strbuf_addstr(sb, ": <code>");
    html_escape(sb, s->file);
    strbuf_addstr(sb, "</code></h2>\n");
    if (s->diagnosis) {
        strbuf_addstr(sb, "<p class=\"bad\">");
        strbuf_addstr(sb, s->children_known ? "Validation incomplete: " : "Not validated: ");
        html_escape(sb, s->diagnosis);
        strbuf_addstr(sb, "</p>\n");
    } else {
        strbuf_addf(sb, "<p class=\"%s\">", s->errors ? "bad" : "ok");
        rep_upload_words(s, sb, html_escape);
        strbuf_addstr(sb, "</p>\n");
    }
    rep_each_not_run(s, html_not_run, sb);
    strbuf_addstr(sb, "<table>\n");
    if (s->year) {
        strbuf_addstr(sb, "<tr><th>Collection year</th><td>");
        rep_year_text(s, sb, html_escape);
        strbuf_addstr(sb, "</td></tr>\n");
    }
    if (s->children_known)
        strbuf_addf(sb, "<tr><th>%s</th><td class=\"n\">%zu</td></tr>\n",
                    s->kind == REPORT_KIND_FAMILIES ? "People" : "Children", s->children);
    if (s->kind == REPORT_KIND_FAMILIES)
        strbuf_addf(sb, "<tr><th>Errors</th><td class=\"n\">%zu</td></tr>\n", s->errors);
    else
        strbuf_addf(sb, "<tr><th>Schema errors</th><td class=\"n\">%zu</td></tr>\n"
                        "<tr><th>DfE errors</th><td class=\"n\">%zu</td></tr>\n",
                    rep_schema_errors(s), s->errors - rep_schema_errors(s));
    strbuf_addf(sb, "<tr><th>Queries</th><td class=\"n\">%zu</td></tr>\n", s->queries);
    if (s->expected)
        strbuf_addf(sb, "<tr><th>Expected for this profile</th><td class=\"n\">%zu</td></tr>\n", s->expected);
    strbuf_addstr(sb, "</table>\n");
    html_files(sb, s);

    if (s->n_rules) {
        strbuf_addstr(sb, "<h3>Rules</h3>\n<table>\n<tr><th>Rule</th><th>Type</th>"
                          "<th>Count</th><th>Message</th></tr>\n");
        for (size_t i = 0; i < s->n_rules; i++) {
            const struct rule_count *rc_ = &s->rules[idx[i]];
            strbuf_addf(sb, "<tr><td><a href=\"#f%zu-r%zu\">", k, idx[i]);
            html_escape(sb, rc_->rule->code);
            strbuf_addf(sb, "</a></td><td class=\"%s\">%s</td><td class=\"n\">%zu</td>",
                        rep_type_class(rc_), rep_type_name(rc_), rc_->count);
            html_cell(sb, rc_->rule->message);
            strbuf_addstr(sb, "</tr>\n");
        }
        strbuf_addstr(sb, "</table>\n");
        strbuf_addf(sb, "<p><a href=\"#f%zu-children\">Findings by child</a></p>\n", k);
    }
    if (s->n_top) {
        strbuf_addf(sb, "<h3>Most affected children</h3>\n<table>\n<tr><th>%s</th>"
                        "<th>Child</th><th>Errors</th><th>Queries</th></tr>\n", rep_id_name(s));
        for (size_t i = 0; i < s->n_top; i++) {
            strbuf_addstr(sb, "<tr>");
            html_cell(sb, s->top[i].id);
            strbuf_addf(sb, "<td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n",
                        (unsigned)s->top[i].child, (unsigned)s->top[i].errors,
                        (unsigned)s->top[i].queries);
        }
        strbuf_addstr(sb, "</table>\n");
    }
}

/* Whether a CIN rule's table has a Detail column: some of its findings
 * have a message of their own (a pair rule naming the other record). */
static bool cin_detail(const struct section *s, const struct rule *rule)
{
    for (size_t i = 0; i < s->n_rules; i++)
        if (s->rules[i].rule == rule)
            return s->rules[i].messages;
    return false;
}

/* The head row of a rule's table of findings. */
static void html_rule_head(struct strbuf *sb, const struct section *s, const struct rule *rule, bool show_values)
{
    if (rep_is_903(s))
        strbuf_addstr(sb, "</h3>\n<table>\n<tr><th>CHILD</th><th>Table</th><th>Row</th><th>Column</th>"
                          "<th>Path</th><th>Line</th><th>Detail</th>");
    else
        strbuf_addstr(sb, "</h3>\n<table>\n<tr><th>LAchildID</th><th>Table</th><th>Row</th><th>Column</th>"
                          "<th>CINdetails</th><th>Referral date</th><th>Path</th><th>Line</th>");
    if (!rep_is_903(s) && rule == &report_xsd_rule)
        strbuf_addstr(sb, "<th>Schema message</th>");
    else if (!rep_is_903(s) && cin_detail(s, rule))
        strbuf_addstr(sb, "<th>Detail</th>");
    if (show_values)
        strbuf_addstr(sb, "<th>Value</th>");
    strbuf_addstr(sb, "</tr>\n");
}

/* The child's id, linked to the child's findings in the by-child part when
 * it is listed there (children 1..listed). */
static void html_child_cell(struct strbuf *row, const struct section *s, const struct cursor *c, size_t k,
                            uint32_t listed)
{
    if (c->h.child && c->h.child <= listed) {
        strbuf_addf(row, "<td><a href=\"#f%zu-c%u\">", k, (unsigned)c->h.child);
        html_escape(row, rep_str(c, S_ID) ? rep_str(c, S_ID) : rep_is_903(s) ? "(no CHILD)" : "(no LAchildID)");
        strbuf_addstr(row, "</a></td>");
    } else {
        html_cell(row, rep_str(c, S_ID));
    }
}

/* Table, row and column of a finding (none for a whole file or return). */
static void html_place_cells(struct strbuf *row, const struct cursor *c)
{
    html_cell(row, rep_str(c, S_TABLE));
    html_num_cell(row, rep_str(c, S_TABLE) != NULL, c->h.row);
    html_cell(row, rep_str(c, S_COLUMN));
}

/* A finding in its rule's table, CIN columns. */
static void html_rule_row_cin(struct strbuf *row, const struct section *s, const struct cursor *c, size_t k,
                              uint32_t listed, bool show_values)
{
    char d[11];

    html_child_cell(row, s, c, k, listed);
    html_place_cells(row, c);
    html_num_cell(row, c->h.episode != 0, c->h.episode);
    rep_date_text(c->h.referral, d);
    html_cell(row, d);
    strbuf_addstr(row, "<td><code>");
    html_escape(row, rep_str(c, S_PATH) ? rep_str(c, S_PATH) : "");
    strbuf_addstr(row, "</code></td>");
    html_num_cell(row, c->h.line != 0, c->h.line);
    if (s->rules[c->h.rule].rule == &report_xsd_rule || s->rules[c->h.rule].messages)
        html_cell(row, rep_str(c, S_MSG));
    if (show_values)
        html_cell(row, rep_str(c, S_VALUE));
}

/* A finding in its rule's table, SSDA903 columns. */
static void html_rule_row_903(struct strbuf *row, const struct section *s, const struct cursor *c, size_t k,
                              uint32_t listed, bool show_values)
{
    html_child_cell(row, s, c, k, listed);
    html_place_cells(row, c);
    strbuf_addstr(row, "<td><code>");
    html_escape(row, rep_str(c, S_PATH) ? rep_str(c, S_PATH) : "");
    strbuf_addstr(row, "</code></td>");
    html_num_cell(row, c->h.line != 0, c->h.line);
    html_cell(row, rep_str(c, S_MSG));
    if (show_values)
        html_cell(row, rep_str(c, S_VALUE));
}

/*
 * The by-child part of a section: every finding of the first
 * children in return order, as many children as REPORT_HTML_CHILD_ROWS
 * findings allow (the per-child counts say how many that is before the
 * pass), rendered in the pass that renders the by-rule rows and then put
 * in child order.  So memory is bounded as the by-rule part's is, and each
 * child listed is listed whole.
 */
struct child_row {
    uint32_t child;          /* position in the return */
    uint32_t seq;            /* arrival order, kept within a child */
    size_t at, len;          /* the rendered row, in by_child.text */
    size_t id_at, id_len;    /* the escaped CHILD, in by_child.ids */
};

struct by_child {
    struct strbuf text, ids;
    struct child_row *v;
    size_t n, cap;
    uint32_t last;           /* children 1..last are listed */
    size_t rest_children;    /* children after last with findings */
    size_t rest_findings;    /* and their findings */
    size_t no_child;         /* findings that name no child */
};

/* Picks the children to list: the longest run from the first whose
 * findings fit in REPORT_HTML_CHILD_ROWS. */
static void by_child_plan(struct by_child *bc, const struct section *s)
{
    size_t sum = 0;
    bool full = false;

    for (size_t pos = 1; pos < s->n_child_counts; pos++) {
        uint32_t n = s->child_counts[pos];
        if (!n)
            continue;
        if (!full && sum + n <= REPORT_HTML_CHILD_ROWS && pos < UINT32_MAX) {
            sum += n;
            bc->last = (uint32_t)pos;
        } else {
            full = true;
            bc->rest_children++;
            bc->rest_findings += n;
        }
    }
}

static void by_child_add(struct by_child *bc, const struct section *s, const struct cursor *c, size_t k,
                         bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;
    struct child_row *e;

    if (!c->h.child) {
        bc->no_child++;
        return;
    }
    if (c->h.child > bc->last)
        return;
    ALLOC_GROW(bc->v, bc->n, bc->cap);
    e = &bc->v[bc->n];
    e->child = c->h.child;
    e->seq = (uint32_t)bc->n;
    bc->n++;
    e->id_at = bc->ids.len;
    html_escape(&bc->ids, rep_str(c, S_ID) ? rep_str(c, S_ID) : rep_is_903(s) ? "(no CHILD)" : "(no LAchildID)");
    e->id_len = bc->ids.len - e->id_at;
    e->at = bc->text.len;
    strbuf_addf(&bc->text, "<tr><td><a href=\"#f%zu-r%u\">", k, (unsigned)c->h.rule);
    html_escape(&bc->text, rule->code);
    strbuf_addf(&bc->text, "</a></td><td class=\"%s\">%s</td>", rep_type_class(&s->rules[c->h.rule]),
                rep_type_name(&s->rules[c->h.rule]));
    html_cell(&bc->text, rep_str(c, S_TABLE));
    html_num_cell(&bc->text, rep_str(c, S_TABLE) != NULL, c->h.row);
    html_cell(&bc->text, rep_str(c, S_COLUMN));
    html_cell(&bc->text, rep_message(s, c));
    html_num_cell(&bc->text, c->h.line != 0, c->h.line);
    if (show_values)
        html_cell(&bc->text, rep_str(c, S_VALUE));
    strbuf_addstr(&bc->text, "</tr>\n");
    e->len = bc->text.len - e->at;
}

static void by_child_release(struct by_child *bc)
{
    strbuf_release(&bc->text);
    strbuf_release(&bc->ids);
    free(bc->v);
}

static int by_child_order(const void *a, const void *b)
{
    const struct child_row *x = a, *y = b;

    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The findings of one child: rows [from, to) of bc->v. */
static void html_child_group(struct strbuf *sb, const struct section *s, const struct by_child *bc, size_t from,
                             size_t to, size_t k, bool show_values)
{
    const struct child_row *e = &bc->v[from];
    size_t n = to - from;

    strbuf_addf(sb, "<h4 id=\"f%zu-c%u\">%s <code>", k, (unsigned)e->child, rep_id_name(s));
    strbuf_add(sb, bc->ids.buf + e->id_at, e->id_len);
    strbuf_addf(sb, "</code> (child %u): %zu finding%s</h4>\n<table>\n<tr><th>Rule</th><th>Type</th>"
                    "<th>Table</th><th>Row</th><th>Column</th><th>Message</th><th>Line</th>%s</tr>\n",
                (unsigned)e->child, n, n == 1 ? "" : "s", show_values ? "<th>Value</th>" : "");
    for (size_t i = from; i < to; i++)
        strbuf_add(sb, bc->text.buf + bc->v[i].at, bc->v[i].len);
    strbuf_addstr(sb, "</table>\n");
}

static bool html_by_child(struct strbuf *sb, const struct section *s, struct by_child *bc, size_t k,
                          bool show_values, FILE *out)
{
    bool ok = true;

    if (bc->n)   /* qsort on a null array is undefined, even of 0 items */
        qsort(bc->v, bc->n, sizeof *bc->v, by_child_order);
    strbuf_addf(sb, "<h3 id=\"f%zu-children\">By child</h3>\n<p class=\"note\">Every finding of each child, "
                    "children in the order of the return; each rule links to its table above.</p>\n", k);
    if (bc->no_child)
        strbuf_addf(sb, "<p class=\"note\">%zu finding%s about a file or the whole return, not one child: "
                        "see the tables by rule.</p>\n",
                    bc->no_child, bc->no_child == 1 ? " is" : "s are");
    for (size_t i = 0; ok && i < bc->n;) {
        size_t j = i + 1;
        while (j < bc->n && bc->v[j].child == bc->v[i].child)
            j++;
        html_child_group(sb, s, bc, i, j, k, show_values);
        if (sb->len > 65536)
            ok = rep_flush(sb, out);
        i = j;
    }
    if (bc->rest_children)
        strbuf_addf(sb, "<p>&hellip; and %zu more child%s with %zu finding%s (the CSV or JSON report lists "
                        "every finding).</p>\n", bc->rest_children, bc->rest_children == 1 ? "" : "ren",
                    bc->rest_findings, bc->rest_findings == 1 ? "" : "s");
    return ok;
}

/* One pass over the section's findings: each rule's first REPORT_HTML_ROWS
 * rows, rendered (and, SSDA903, the same rows for the by-child part). */
static int html_collect(struct report *r, const struct section *s, size_t k, struct strbuf *rows, size_t *shown,
                        struct by_child *bc)
{
    struct cursor c;
    int rc;

    if (rep_cursor_open(&c, r, s) != 0) {
        rep_cursor_close(&c, r);
        return -1;
    }
    while ((rc = rep_cursor_next(&c)) == 1) {
        size_t ri = c.h.rule;
        by_child_add(bc, s, &c, k, r->show_values);
        if (shown[ri]++ >= REPORT_HTML_ROWS)
            continue;
        struct strbuf *row = &rows[ri];
        strbuf_addstr(row, "<tr data-c=\"");
        html_escape(row, rep_str(&c, S_ID) ? rep_str(&c, S_ID) : "");
        strbuf_addstr(row, "\">");
        if (rep_is_903(s))
            html_rule_row_903(row, s, &c, k, bc->last, r->show_values);
        else
            html_rule_row_cin(row, s, &c, k, bc->last, r->show_values);
        strbuf_addstr(row, "</tr>\n");
    }
    rep_cursor_close(&c, r);
    return rc < 0 ? -1 : 0;
}

static int write_html_section(struct report *r, struct section *s, size_t k, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct by_child bc;
    size_t n = s->n_rules ? s->n_rules : 1;
    struct strbuf *rows = NULL;
    size_t *shown = NULL, *idx = NULL;
    int rc = 0;
    bool ok;

    if (rep_resolve_top(r, s) != 0)
        return -1;
    memset(&bc, 0, sizeof bc);
    strbuf_init(&bc.text, 0);
    strbuf_init(&bc.ids, 0);
    idx = rep_sorted_rules(s);
    html_summary(&sb, s, k, idx);
    ok = rep_flush(&sb, out);

    rows = xcalloc(n, sizeof *rows);
    for (size_t i = 0; i < n; i++)
        strbuf_init(&rows[i], 0);
    shown = xcalloc(n, sizeof *shown);
    by_child_plan(&bc, s);
    if (ok && s->n_rules)
        rc = html_collect(r, s, k, rows, shown, &bc);
    for (size_t i = 0; ok && rc == 0 && i < s->n_rules; i++) {
        size_t ri = idx[i];
        const struct rule *rule = s->rules[ri].rule;
        strbuf_addf(&sb, "<h3 id=\"f%zu-r%zu\">", k, ri);
        html_escape(&sb, rule->code);
        strbuf_addf(&sb, " <span class=\"%s\">%s</span> (%zu): ", rep_type_class(&s->rules[ri]),
                    rep_type_name(&s->rules[ri]), s->rules[ri].count);
        html_escape(&sb, rule->message);
        html_rule_head(&sb, s, rule, r->show_values);
        ok = rep_flush(&sb, out) && rep_flush(&rows[ri], out);
        strbuf_addstr(&sb, "</table>\n");
        if (shown[ri] > REPORT_HTML_ROWS)
            strbuf_addf(&sb, "<p>&hellip; and %zu more (the CSV or JSON report lists every finding).</p>\n",
                        shown[ri] - REPORT_HTML_ROWS);
    }
    if (ok && rc == 0 && s->n_rules)
        ok = html_by_child(&sb, s, &bc, k, r->show_values, out);
    strbuf_addstr(&sb, "</section>\n");
    ok = ok && rep_flush(&sb, out);
    for (size_t i = 0; i < n; i++)
        strbuf_release(&rows[i]);
    free(rows);
    free(shown);
    free(idx);
    by_child_release(&bc);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

/* Every section is SSDA903: the lookup names CHILD. */
static bool all_903(const struct report *r)
{
    for (size_t k = 0; k < r->n_sec; k++)
        if (!rep_is_903(&r->sec[k]))
            return false;
    return r->n_sec > 0;
}

int rep_write_html(struct report *r, FILE *out)
{
    int rc = fputs(html_head, out) == EOF || fputs(all_903(r) ? "CHILD" : "LAchildID", out) == EOF
             || fputs(html_head_end, out) == EOF ? -1 : 0;

    for (size_t k = 0; rc == 0 && k < r->n_sec; k++)
        rc = write_html_section(r, &r->sec[k], k, out);
    if (rc == 0 && fputs(html_tail, out) == EOF)
        rc = -1;
    return rc;
}
