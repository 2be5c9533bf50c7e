/*
 * The summaries beside the full report (report_write_summaries): an error
 * summary, one row per rule with its count and the tables and fields it was
 * found in, and a child summary, one row per child with findings.  These
 * are what an analyst pivots in a spreadsheet to plan the fixing; the full
 * report says where each finding is.
 *
 * Both are read back from the findings file in one pass per section; the
 * child summary keeps, per child with findings, its counts and its rules
 * (each once), which is small beside the return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/outset.h"

struct child_sum {
    uint32_t errors, queries;
    struct strbuf id, rules;
};

struct rule_sum {
    struct strbuf tables, fields;
};

/* Appends item to a ';'-separated list unless it is there. */
static void add_unique(struct strbuf *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list->buf;

    while (list->len && p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, item, n))
            return;
        p = end ? end + 1 : NULL;
    }
    if (list->len)
        strbuf_addch(list, ';');
    strbuf_addstr(list, item);
}

struct sums {
    struct rule_sum *rules;           /* by the section's rule index */
    struct child_sum **children;      /* by child position */
    size_t n_children;
};

static void sums_add(struct sums *m, const struct section *s, const struct cursor *c)
{
    const struct rule *rule = s->rules[c->h.rule].rule;
    const char *table = rep_str(c, S_TABLE), *column = rep_str(c, S_COLUMN);

    if (table) {
        struct rule_sum *rs = &m->rules[c->h.rule];
        struct strbuf field = STRBUF_INIT;
        add_unique(&rs->tables, table);
        if (column) {
            strbuf_addf(&field, "%s/%s", table, column);
            add_unique(&rs->fields, field.buf);
        }
        strbuf_release(&field);
    }
    /* A finding the profile's own treatment causes is in the error
     * summary (typed "expected ...") but counts against no child. */
    if (!c->h.child || c->h.child >= m->n_children || s->rules[c->h.rule].expected)
        return;
    struct child_sum *ch = m->children[c->h.child];
    if (!ch) {
        ch = m->children[c->h.child] = xcalloc(1, sizeof *ch);
        strbuf_init(&ch->id, 0);
        strbuf_init(&ch->rules, 0);
    }
    if (!ch->id.len && rep_str(c, S_ID))
        strbuf_addstr(&ch->id, rep_str(c, S_ID));
    if (rule->type == RULE_ERROR)
        ch->errors++;
    else
        ch->queries++;
    add_unique(&ch->rules, rule->code);
}

static void sums_release(struct sums *m, const struct section *s)
{
    for (size_t i = 0; m->rules && i < s->n_rules; i++) {
        strbuf_release(&m->rules[i].tables);
        strbuf_release(&m->rules[i].fields);
    }
    for (size_t i = 0; i < m->n_children; i++) {
        if (!m->children[i])
            continue;
        strbuf_release(&m->children[i]->id);
        strbuf_release(&m->children[i]->rules);
        free(m->children[i]);
    }
    free(m->rules);
    free(m->children);
}

static void error_rows(struct strbuf *sb, const struct section *s, const struct sums *m)
{
    size_t *idx = rep_sorted_rules(s);

    for (size_t i = 0; i < s->n_rules; i++) {
        const struct rule_count *rc = &s->rules[idx[i]];
        rep_csv_cell(sb, s->file);
        strbuf_addch(sb, ',');
        rep_csv_cell(sb, rc->rule->code);
        strbuf_addf(sb, ",%s,%zu,", rep_type_name(rc), rc->count);
        rep_csv_cell(sb, m->rules[idx[i]].tables.buf);
        strbuf_addch(sb, ',');
        rep_csv_cell(sb, m->rules[idx[i]].fields.buf);
        strbuf_addch(sb, ',');
        rep_csv_cell(sb, rc->rule->message);
        strbuf_addstr(sb, "\r\n");
    }
    free(idx);
}

static void child_rows(struct strbuf *sb, const struct section *s, const struct sums *m)
{
    for (size_t pos = 1; pos < m->n_children; pos++) {
        const struct child_sum *ch = m->children[pos];
        if (!ch)
            continue;
        rep_csv_cell(sb, s->file);
        strbuf_addch(sb, ',');
        rep_csv_cell(sb, ch->id.buf);
        strbuf_addf(sb, ",%u,%u,", (unsigned)ch->errors, (unsigned)ch->queries);
        rep_csv_cell(sb, ch->rules.buf);
        strbuf_addstr(sb, "\r\n");
    }
}

/* One section's rows of both summaries. */
static int section_rows(struct report *r, const struct section *s, struct strbuf *errors, struct strbuf *children)
{
    struct sums m;
    struct cursor c;
    int rc;

    memset(&m, 0, sizeof m);
    m.rules = xcalloc(s->n_rules ? s->n_rules : 1, sizeof *m.rules);
    for (size_t i = 0; i < s->n_rules; i++) {
        strbuf_init(&m.rules[i].tables, 0);
        strbuf_init(&m.rules[i].fields, 0);
    }
    m.n_children = s->n_child_counts;
    m.children = xcalloc(m.n_children ? m.n_children : 1, sizeof *m.children);
    if (rep_cursor_open(&c, r, s) != 0) {
        rep_cursor_close(&c, r);
        sums_release(&m, s);
        return -1;
    }
    while ((rc = rep_cursor_next(&c)) == 1)
        sums_add(&m, s, &c);
    rep_cursor_close(&c, r);
    if (rc == 0) {
        error_rows(errors, s, &m);
        child_rows(children, s, &m);
    }
    sums_release(&m, s);
    return rc < 0 ? -1 : 0;
}

static int write_entry(struct outset *set, size_t i, const struct strbuf *sb, char *err, size_t errlen)
{
    if (outset_open(set, i, err, errlen) != 0)
        return -1;
    if (fwrite(sb->buf, 1, sb->len, outset_fp(set, i)) != sb->len) {
        snprintf(err, errlen, "cannot write %s", outset_path(set, i));
        return -1;
    }
    return 0;
}

int report_write_summaries(struct report *r, const char *dir, bool force, char *err, size_t errlen)
{
    struct strbuf errors = STRBUF_INIT, children = STRBUF_INIT, path = STRBUF_INIT;
    struct outset *set = outset_new(force);
    size_t e, ch;
    int rc = -1;

    if (rep_ready(r, err, errlen) != 0)
        goto cleanup;
    strbuf_addf(&path, "%s/error_summary.csv", dir);
    e = outset_file(set, path.buf);
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/child_summary.csv", dir);
    ch = outset_file(set, path.buf);
    if (outset_check_free(set, err, errlen) != 0)
        goto cleanup;
    strbuf_addstr(&errors, "\xEF\xBB\xBF" "file,rule,type,count,tables,fields,message\r\n");
    strbuf_addstr(&children, "\xEF\xBB\xBF" "file,child,errors,queries,rules\r\n");
    for (size_t k = 0; k < r->n_sec; k++)
        if (section_rows(r, &r->sec[k], &errors, &children) != 0) {
            snprintf(err, errlen, "cannot read the findings back from the temporary file");
            goto cleanup;
        }
    if (write_entry(set, e, &errors, err, errlen) != 0 || write_entry(set, ch, &children, err, errlen) != 0
        || outset_commit(set, err, errlen) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    outset_free(set);
    strbuf_release(&errors);
    strbuf_release(&children);
    strbuf_release(&path);
    return rc;
}
