/*
 * The text report: a summary per file (counts per rule with the DfE
 * message, the most affected children), then one line per finding.  For the
 * terminal: control characters never reach it (rep_text_clean).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/spill.h"

static void text_not_run(void *arg, const char *why, const char *codes)
{
    struct strbuf *sb = arg;

    strbuf_addstr(sb, "  rules ");
    rep_text_clean(sb, why);
    strbuf_addstr(sb, ":\n    ");
    rep_text_clean(sb, codes);
    strbuf_addch(sb, '\n');
}

/* ---- text ------------------------------------------------------------------ */

/* SSDA903: "Episodes row 12, PL_POST" ("Episodes header row" for row 0),
 * then the path when it says more; "-" when the finding has no table. */
static void text_place_903(struct strbuf *sb, const struct cursor *c)
{
    const char *table = rep_str(c, S_TABLE);

    strbuf_addstr(sb, "  ");
    if (table) {
        rep_text_clean(sb, table);
        if (c->h.row)
            strbuf_addf(sb, " row %u", (unsigned)c->h.row);
        else
            strbuf_addstr(sb, " header row");
        if (rep_str(c, S_COLUMN)) {
            strbuf_addstr(sb, ", ");
            rep_text_clean(sb, rep_str(c, S_COLUMN));
        }
    } else {
        strbuf_addch(sb, '-');
    }
    if (rep_str(c, S_PATH)) {
        strbuf_addstr(sb, "  ");
        rep_text_clean(sb, rep_str(c, S_PATH));
    }
}

/* CIN: the CINdetails episode and its referral date, then the path. */
static void text_place_cin(struct strbuf *sb, const struct cursor *c)
{
    char d[11];

    if (c->h.episode) {
        rep_date_text(c->h.referral, d);
        strbuf_addf(sb, "  CINdetails[%u] %s", (unsigned)c->h.episode, *d ? d : "-");
    } else {
        strbuf_addstr(sb, "  -");
    }
    strbuf_addstr(sb, "  ");
    rep_text_clean(sb, rep_str(c, S_PATH) ? rep_str(c, S_PATH) : "-");
}

/* A set given as several files (an SSDA903 CSV set): the findings are
 * listed under each file, one short line each, so that the file is plain on
 * every line without a path repeated 45,000 times. */
static bool text_grouped(const struct section *s)
{
    return rep_is_903(s) && s->n_files > 1;
}

/* The index in s->files of the file the finding is in; s->n_files when it
 * is in none (a finding about the set as a whole). */
static size_t text_file_index(const struct section *s, const struct cursor *c)
{
    const char *file = rep_file_of(s, c);

    for (size_t i = 0; i < s->n_files; i++)
        if (s->files[i].file == file)
            return i;
    return s->n_files;
}

static void text_group_head(struct strbuf *sb, const struct section *s, size_t g)
{
    if (g == s->n_files) {
        strbuf_addf(sb, "\n  Findings not in one file (rule, type, %s, table row, column, path, line):\n",
                    rep_id_name(s));
        return;
    }
    strbuf_addstr(sb, "\n  ");
    rep_text_clean(sb, s->files[g].file);
    if (s->files[g].table) {
        strbuf_addstr(sb, " (");
        rep_text_clean(sb, s->files[g].table);
        strbuf_addch(sb, ')');
    }
    strbuf_addf(sb, ": line, rule, type, %s, column\n", rep_id_name(s));
}

/* The message (when it says more than the rule's) and the value, indented
 * under the finding. */
static void text_finding_tail(struct strbuf *sb, const struct report *r, const struct cursor *c)
{
    if (rep_str(c, S_MSG)) {
        strbuf_addstr(sb, "        ");
        rep_text_clean(sb, rep_str(c, S_MSG));
        strbuf_addch(sb, '\n');
    }
    if (r->show_values && rep_str(c, S_VALUE)) {
        strbuf_addstr(sb, "        value: ");
        rep_text_clean(sb, rep_str(c, S_VALUE));
        strbuf_addch(sb, '\n');
    }
}

/* "    3  148  error  566910  DEC": the line first, as under a file heading
 * in a linter's report; the table is the heading's and the row is the line
 * less one, so neither is repeated.  "-" for a finding about the whole file. */
static void text_grouped_finding(struct strbuf *sb, const struct report *r, const struct section *s,
                                 const struct cursor *c, const char *file)
{
    const struct rule *rule = s->rules[c->h.rule].rule;
    const char *path = rep_str(c, S_PATH);

    if (c->h.line)
        strbuf_addf(sb, "    %u  ", (unsigned)c->h.line);
    else
        strbuf_addstr(sb, "    -  ");
    rep_text_clean(sb, rule->code);
    strbuf_addf(sb, "  %s  ", rep_type_name(&s->rules[c->h.rule]));
    rep_text_clean(sb, rep_str(c, S_ID) ? rep_str(c, S_ID) : "-");
    if (rep_str(c, S_COLUMN)) {
        strbuf_addstr(sb, "  ");
        rep_text_clean(sb, rep_str(c, S_COLUMN));
    } else if (rep_str(c, S_TABLE) && !c->h.row) {
        strbuf_addstr(sb, "  header row");
    }
    if (path && strcmp(path, file)) {
        strbuf_addstr(sb, "  ");
        rep_text_clean(sb, path);
    }
    strbuf_addch(sb, '\n');
    text_finding_tail(sb, r, c);
}

static void text_finding(struct strbuf *sb, const struct report *r, const struct section *s,
                         const struct cursor *c)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    strbuf_addstr(sb, "    ");
    rep_text_clean(sb, rule->code);
    strbuf_addf(sb, "  %s  ", rep_type_name(&s->rules[c->h.rule]));
    rep_text_clean(sb, rep_str(c, S_ID) ? rep_str(c, S_ID) : "-");
    if (rep_is_903(s))
        text_place_903(sb, c);
    else
        text_place_cin(sb, c);
    if (c->h.line)
        strbuf_addf(sb, "  line %u", (unsigned)c->h.line);
    strbuf_addch(sb, '\n');
    text_finding_tail(sb, r, c);
}

/* One file: one list, in the order of the findings (by child). */
static int text_findings(struct report *r, const struct section *s, struct strbuf *sb, FILE *out)
{
    struct cursor c;
    bool ok = true;
    int rc = 0;

    if (rep_cursor_open(&c, r, s) != 0) {
        rep_cursor_close(&c, r);
        return -1;
    }
    while (ok && (rc = rep_cursor_next(&c)) == 1) {
        text_finding(sb, r, s, &c);
        if (sb->len > 65536)
            ok = rep_flush(sb, out);
    }
    rep_cursor_close(&c, r);
    return rc < 0 || !ok || !rep_flush(sb, out) ? -1 : 0;
}

/* A file's lines while the findings are read: in memory up to 64 KiB, the
 * rest in a scratch file of its own, so that one pass over the findings
 * serves every file and memory stays bounded. */
struct text_group {
    struct strbuf sb;
    FILE *spill;
};

static bool group_spill(struct text_group *g)
{
    char err[256];

    if (!g->spill && !(g->spill = spill_open(err, sizeof err)))
        return false;
    return rep_flush(&g->sb, g->spill);
}

static bool group_copy(struct text_group *g, FILE *out)
{
    char buf[65536];
    size_t n;

    if (g->spill) {
        if (fflush(g->spill) != 0 || fseeko(g->spill, 0, SEEK_SET) != 0)
            return false;
        while ((n = fread(buf, 1, sizeof buf, g->spill)) > 0)
            if (fwrite(buf, 1, n, out) != n)
                return false;
        if (ferror(g->spill))
            return false;
    }
    return rep_flush(&g->sb, out);
}

/* A set: each file's findings under its heading, in the order of the set's
 * files, then those in no one file; within each, by child. */
static int text_findings_by_file(struct report *r, const struct section *s, FILE *out)
{
    size_t n = s->n_files + 1;
    struct text_group *groups = xcalloc(n, sizeof *groups);
    struct cursor c;
    bool ok = true;
    int rc = 0;

    for (size_t g = 0; g < n; g++)
        strbuf_init(&groups[g].sb, 0);
    if (rep_cursor_open(&c, r, s) != 0) {
        rc = -1;
        goto done;
    }
    while (ok && (rc = rep_cursor_next(&c)) == 1) {
        size_t g = text_file_index(s, &c);
        struct text_group *grp = &groups[g];
        if (!grp->spill && !grp->sb.len)
            text_group_head(&grp->sb, s, g);
        if (g < s->n_files)
            text_grouped_finding(&grp->sb, r, s, &c, s->files[g].file);
        else
            text_finding(&grp->sb, r, s, &c);
        if (grp->sb.len > 65536)
            ok = group_spill(grp);
    }
    for (size_t g = 0; ok && rc == 0 && g < n; g++)
        ok = group_copy(&groups[g], out);
done:
    rep_cursor_close(&c, r);
    for (size_t g = 0; g < n; g++) {
        strbuf_release(&groups[g].sb);
        if (groups[g].spill)
            fclose(groups[g].spill);
    }
    free(groups);
    return rc < 0 || !ok ? -1 : 0;
}

/* The file, its year (and how it was arrived at), counts, diagnosis and
 * the rules not run. */
static void text_head(struct strbuf *sb, const struct section *s)
{
    strbuf_addstr(sb, s->return_name);
    strbuf_addstr(sb, " file: ");
    rep_text_clean(sb, s->file);
    strbuf_addch(sb, '\n');
    if (s->year) {
        strbuf_addstr(sb, "  collection year: ");
        rep_year_text(s, sb, rep_text_clean);
        strbuf_addch(sb, '\n');
    }
    if (s->children_known)
        strbuf_addf(sb, "  %-17s%zu\n", strcmp(rep_noun(s), "people") ? "children:" : "people:", s->children);
    strbuf_addf(sb, "  errors:          %zu\n  queries:         %zu\n", s->errors, s->queries);
    if (s->expected)
        strbuf_addf(sb, "  expected for this profile: %zu (caused by the policy's own treatment; not counted)\n",
                    s->expected);
    if (s->diagnosis) {
        strbuf_addstr(sb, s->children_known ? "  incomplete: " : "  not validated: ");
        rep_text_clean(sb, s->diagnosis);
        strbuf_addch(sb, '\n');
    } else {
        strbuf_addstr(sb, "\n  ");
        rep_upload_words(s, sb, rep_text_clean);
        strbuf_addstr(sb, "\n\n");
    }
    for (size_t i = 0; i < s->n_files; i++) {
        strbuf_addf(sb, "  %-17s", i ? "" : "files:");
        rep_text_clean(sb, s->files[i].file);
        strbuf_addstr(sb, s->files[i].table ? " (" : " (no known table)");
        if (s->files[i].table) {
            rep_text_clean(sb, s->files[i].table);
            strbuf_addch(sb, ')');
        }
        strbuf_addch(sb, '\n');
    }
    rep_each_not_run(s, text_not_run, sb);
}

int rep_write_text_section(struct report *r, struct section *s, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    size_t *idx = NULL;
    int rc = 0;
    bool ok = true;

    if (rep_resolve_top(r, s) != 0)
        return -1;
    text_head(&sb, s);
    if (s->n_rules) {
        idx = rep_sorted_rules(s);
        strbuf_addf(&sb, "\n  %-7s %-6s %7s  %s\n", "Rule", "Type", "Count", "Message");
        for (size_t i = 0; i < s->n_rules; i++) {
            const struct rule_count *rc_ = &s->rules[idx[i]];
            if (rc_->expected && (i == 0 || !s->rules[idx[i - 1]].expected))
                strbuf_addstr(&sb, "\n  Expected for this profile (the policy's own treatment causes them):\n");
            strbuf_addstr(&sb, "  ");
            size_t at = sb.len;
            rep_text_clean(&sb, rc_->rule->code);
            while (sb.len - at < 7)
                strbuf_addch(&sb, ' ');
            strbuf_addf(&sb, " %-6s %7zu  ", rc_->rule->type == RULE_ERROR ? "error" : "query", rc_->count);
            rep_text_clean(&sb, rc_->rule->message);
            strbuf_addch(&sb, '\n');
        }
    }
    if (s->n_top) {
        strbuf_addf(&sb, "\n  Most affected children:\n    %-20s %8s %7s %8s\n",
                    rep_id_name(s), "Child", "Errors", "Queries");
        for (size_t i = 0; i < s->n_top; i++) {
            strbuf_addstr(&sb, "    ");
            size_t at = sb.len;
            rep_text_clean(&sb, *s->top[i].id ? s->top[i].id : "(none)");
            while (sb.len - at < 20)
                strbuf_addch(&sb, ' ');
            strbuf_addf(&sb, " %8u %7u %8u\n", (unsigned)s->top[i].child,
                        (unsigned)s->top[i].errors, (unsigned)s->top[i].queries);
        }
    }
    if (!s->n_rules && !s->diagnosis)
        strbuf_addstr(&sb, "\n  No findings.\n");
    if (s->n_rules && !text_grouped(s))
        strbuf_addstr(&sb, rep_is_903(s) ? "\n  Findings (rule, type, CHILD, table row, column, path, line):\n"
                                     : "\n  Findings (rule, type, LAchildID, CINdetails, referral date, path, line):\n");
    ok = rep_flush(&sb, out);

    if (s->n_rules && ok) {
        if (text_grouped(s))
            rc = text_findings_by_file(r, s, out);
        else
            rc = text_findings(r, s, &sb, out);
        ok = rc == 0;
    }
    strbuf_addch(&sb, '\n');
    ok = ok && rep_flush(&sb, out);
    free(idx);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}

/* ---- gnu: file:line: rule type: message ------------------------------------ */

/* The child and the place, in brackets after the message. */
static void gnu_place(struct strbuf *sb, const struct section *s, const struct cursor *c)
{
    const char *id = rep_str(c, S_ID), *table = rep_str(c, S_TABLE);

    if (!id && !table && !rep_str(c, S_PATH))
        return;
    strbuf_addstr(sb, " [");
    if (id) {
        strbuf_addf(sb, "%s ", rep_id_name(s));
        rep_text_clean(sb, id);
        if (table || rep_str(c, S_PATH))
            strbuf_addstr(sb, "; ");
    }
    if (table) {
        rep_text_clean(sb, table);
        strbuf_addf(sb, " row %u", (unsigned)c->h.row);
        if (rep_str(c, S_COLUMN)) {
            strbuf_addstr(sb, ", ");
            rep_text_clean(sb, rep_str(c, S_COLUMN));
        }
    } else if (rep_str(c, S_PATH)) {
        rep_text_clean(sb, rep_str(c, S_PATH));
    }
    strbuf_addch(sb, ']');
}

static void gnu_line(struct strbuf *sb, const struct report *r, const struct section *s, const struct cursor *c)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    rep_text_clean(sb, rep_file_of(s, c));
    if (c->h.line)
        strbuf_addf(sb, ":%u", (unsigned)c->h.line);
    strbuf_addstr(sb, ": ");
    rep_text_clean(sb, rule->code);
    strbuf_addf(sb, " %s: ", rep_type_name(&s->rules[c->h.rule]));
    rep_text_clean(sb, rep_message(s, c));
    gnu_place(sb, s, c);
    if (r->show_values && rep_str(c, S_VALUE)) {
        strbuf_addstr(sb, " value: ");
        rep_text_clean(sb, rep_str(c, S_VALUE));
    }
    strbuf_addch(sb, '\n');
}

int rep_write_gnu(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    bool ok = true;
    int rc = 0;

    for (size_t k = 0; ok && rc == 0 && k < r->n_sec; k++) {
        struct section *s = &r->sec[k];
        struct cursor c;
        if (s->diagnosis) {
            rep_text_clean(&sb, s->file);
            strbuf_addstr(&sb, ": error: ");
            rep_text_clean(&sb, s->diagnosis);
            strbuf_addch(&sb, '\n');
        }
        if (rep_cursor_open(&c, r, s) != 0) {
            rep_cursor_close(&c, r);
            rc = -1;
            break;
        }
        while (ok && (rc = rep_cursor_next(&c)) == 1) {
            gnu_line(&sb, r, s, &c);
            if (sb.len > 65536)
                ok = rep_flush(&sb, out);
        }
        rep_cursor_close(&c, r);
        if (rc > 0)
            rc = 0;
    }
    ok = ok && rep_flush(&sb, out);
    strbuf_release(&sb);
    return (rc < 0 || !ok) ? -1 : 0;
}
