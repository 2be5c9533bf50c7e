/*
 * The JSON report: one object per file with its summary and its findings,
 * streamed through the JSON writer (io/json_writer.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/json_writer.h"

/* A number, or null when the record has none. */
static void json_uint_or_null(struct json_writer *w, const char *key, bool present, uintmax_t n)
{
    json_key(w, key);
    if (present)
        json_uint(w, n);
    else
        json_null(w);
}

static const char *section_status(const struct section *s)
{
    return s->diagnosis ? "unreadable" : s->errors ? "errors" : "ok";
}

/* CIN: "cindetails_position" and "referral_date" (null for other returns,
 * whose findings have the same keys). */
static void json_place_cin(struct json_writer *w, const struct cursor *c)
{
    char d[11];

    json_uint_or_null(w, "cindetails_position", c->h.episode != 0, c->h.episode);
    rep_date_text(c->h.referral, d);
    json_member_string_or_null(w, "referral_date", *d ? d : NULL);
}

/* "table", "row", "column" (null when the finding has none; row 0 is a CSV
 * file's header row). */
static void json_place(struct json_writer *w, const struct cursor *c)
{
    json_member_string_or_null(w, "table", rep_str(c, S_TABLE));
    json_uint_or_null(w, "row", rep_str(c, S_TABLE) != NULL, c->h.row);
    json_member_string_or_null(w, "column", rep_str(c, S_COLUMN));
}

static void json_finding(struct json_writer *w, const struct section *s, const struct cursor *c,
                         bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    json_begin_object(w, JSON_INLINE);
    json_member_string(w, "file", rep_file_of(s, c));
    json_member_string(w, "rule", rule->code);
    json_member_string(w, "type", rep_type_name(&s->rules[c->h.rule]));
    json_member_string(w, "message", rep_message(s, c));
    json_member_string_or_null(w, "la_child_id", rep_str(c, S_ID));
    json_uint_or_null(w, "child_position", c->h.child != 0, c->h.child);
    json_place(w, c);
    json_place_cin(w, c);
    json_member_string_or_null(w, "path", rep_str(c, S_PATH));
    json_uint_or_null(w, "line", c->h.line != 0, c->h.line);
    if (show_values)
        json_member_string_or_null(w, "value", rep_str(c, S_VALUE));
    json_end_object(w);
}

/* The rules in summary order, one a line, and the most affected children. */
static void json_rule_counts(struct json_writer *w, const struct section *s)
{
    size_t *idx = rep_sorted_rules(s);

    json_key(w, "rules");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < s->n_rules; i++) {
        const struct rule_count *rc_ = &s->rules[idx[i]];
        json_begin_object(w, JSON_INLINE);
        json_member_string(w, "rule", rc_->rule->code);
        json_member_string(w, "type", rep_type_name(rc_));
        json_member_string(w, "message", rc_->rule->message);
        json_member_uint(w, "count", rc_->count);
        json_end_object(w);
    }
    json_end_array(w);
    free(idx);
    json_wrap(w);
    json_key(w, "most_affected_children");
    json_begin_array(w, JSON_ROWS);
    for (size_t i = 0; i < s->n_top; i++) {
        json_begin_object(w, JSON_INLINE);
        json_member_string_or_null(w, "la_child_id", *s->top[i].id ? s->top[i].id : NULL);
        json_member_uint(w, "child_position", s->top[i].child);
        json_member_uint(w, "errors", s->top[i].errors);
        json_member_uint(w, "queries", s->top[i].queries);
        json_end_object(w);
    }
    json_end_array(w);
}

/* The section's members before its findings. */
static void json_section_head(struct json_writer *w, const struct section *s)
{
    json_member_string(w, "file", s->file);
    json_member_string(w, "return", s->return_name);
    json_key(w, "year");
    if (s->year)
        json_int(w, s->year);
    else
        json_null(w);
    json_member_string(w, "status", section_status(s));
    json_member_string_or_null(w, "diagnosis", s->diagnosis);
    json_uint_or_null(w, "children", s->children_known, s->children);
    json_member_uint(w, "errors", s->errors);
    json_member_uint(w, "queries", s->queries);
    json_member_uint(w, "expected_for_profile", s->expected);
    json_member_string_or_null(w, "year_note", s->year_note);
    if (s->n_not_run) {
        json_key(w, "not_run");
        json_begin_array(w, JSON_INLINE);
        for (size_t i = 0; i < s->n_not_run; i++) {
            json_begin_object(w, JSON_INLINE);
            json_member_string(w, "rule", s->not_run[i].rule->code);
            json_member_string(w, "why", s->not_run[i].why);
            json_end_object(w);
        }
        json_end_array(w);
    }
    json_rule_counts(w, s);
}

/* -1 when the findings cannot be read back; the document is then left
 * unfinished, and json_writer_finish says so. */
static int write_json_section(struct report *r, struct section *s, struct json_writer *w)
{
    struct cursor c;
    int rc = 0;

    if (rep_resolve_top(r, s) != 0)
        return -1;
    json_begin_object(w, JSON_INLINE);
    json_section_head(w, s);
    json_wrap(w);
    json_key(w, "findings");
    json_begin_array(w, JSON_ROWS);
    if (rep_cursor_open(&c, r, s) != 0) {
        rep_cursor_close(&c, r);
        return -1;
    }
    while (json_writer_error(w) == JSON_WRITER_OK && (rc = rep_cursor_next(&c)) == 1)
        json_finding(w, s, &c, r->show_values);
    rep_cursor_close(&c, r);
    if (rc < 0)
        return -1;
    json_end_array(w);
    json_end_object(w);
    return 0;
}

/* Streamed: memory stays that of one finding however many there are.
 * HTML-safe escaping, so that a value reads the same here as in the HTML
 * report. */
int rep_write_json(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    int rc = 0;

    json_writer_init(&w, &sb, JSON_HTML_SAFE, JSON_COMPACT);
    json_writer_stream_to(&w, out);
    json_begin_object(&w, JSON_INLINE);
    json_member_string(&w, "tool", "statreturn");
    json_member_string(&w, "version", STATRETURN_VERSION);
    json_key(&w, "files");
    json_begin_array(&w, JSON_INLINE);
    for (size_t k = 0; rc == 0 && k < r->n_sec; k++) {
        json_wrap(&w);
        rc = write_json_section(r, &r->sec[k], &w);
    }
    if (rc == 0) {
        json_end_array(&w);
        json_end_object(&w);
    }
    if (json_writer_finish(&w) != 0) {
        if (json_writer_error(&w) == JSON_WRITER_IO)
            errno = w.io_errno;
        rc = -1;
    }
    strbuf_release(&sb);
    return rc;
}
