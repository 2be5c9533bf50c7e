/*
 * Internal to the report (src/findings/report*.c): the record format of the
 * findings spill file, the sections, and what the four writers share to
 * read the records back.  Nothing outside src/findings/ includes this.
 */
#ifndef STATRETURN_FINDINGS_REPORT_IMPL_H
#define STATRETURN_FINDINGS_REPORT_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/strbuf.h"
#include "findings/report.h"

#define NO_STR   0xFFFFu
#define MAX_STR  4096u     /* longest string kept per field */

/* S_TABLE and S_COLUMN: SSDA903 only (struct finding's table, column). */
enum { S_ID, S_PATH, S_MSG, S_VALUE, S_TABLE, S_COLUMN, N_STR };

struct rec {
    uint32_t rule;            /* index into the section's rule table */
    uint32_t line;
    uint32_t child;
    uint32_t episode;
    int32_t referral;
    uint32_t row;             /* SSDA903: row in its table (with S_TABLE) */
    uint16_t len[N_STR];      /* NO_STR: NULL */
};

struct rule_count {
    const struct rule *rule;
    size_t count;
    bool messages;            /* some finding has a message of its own */
    bool expected;            /* findings expected for the profile (finding.expected) */
};

struct top_child {
    uint32_t child;
    uint32_t count;
    uint32_t errors, queries;
    char *id;                 /* filled by the writers' first pass */
};

struct not_run {
    const struct rule *rule;
    char *why;                /* e.g. "not run: needs --previous (last year's return)" */
};

/* A table of a section read from a file of its own (a CSV set). */
struct table_file {
    char *table;              /* NULL: a file of no known table */
    char *file;
};

struct section {
    char *file;
    struct table_file *files; /* report_set_table_file */
    size_t n_files, cap_files;
    char *return_name;
    char *diagnosis;
    enum report_kind kind;
    int year;
    char *year_note;          /* report_set_year_note, or NULL */
    size_t children;
    bool children_known;
    off_t start, end;
    bool closed;
    struct rule_count *rules;
    size_t n_rules, cap_rules;
    size_t errors, queries;
    size_t expected;          /* findings expected for the profile: neither of the above */
    struct top_child top[REPORT_TOP_CHILDREN];
    size_t n_top;
    /* rules in force that did not run for want of an input */
    struct not_run *not_run;
    size_t n_not_run, cap_not_run;
    /* SSDA903: findings per child position, kept from the sink for the
     * HTML by-child view (NULL for other kinds) */
    uint32_t *child_counts;
    size_t n_child_counts;
};

struct report {
    FILE *spill;              /* NULL when it could not be made: see spill_error */
    char spill_error[256];
    bool keep_values;
    bool show_values;         /* of the write in progress: kept and asked for */
    int write_errno;          /* first failure writing the spill */
    struct section *sec;
    size_t n_sec, cap_sec;
    uint32_t *child_counts;   /* current section, by child position */
    size_t n_child_counts;
    size_t last_rule;
};

struct cursor {
    FILE *fp;
    off_t pos, end;
    struct rec h;
    struct strbuf s[N_STR];
    bool has[N_STR];
    int err;
};

void rep_csv_cell(struct strbuf *out, const char *s);
void rep_text_clean(struct strbuf *out, const char *s);
int rep_cursor_open(struct cursor *c, struct report *r, const struct section *s);
int rep_cursor_next(struct cursor *c);
const char *rep_str(const struct cursor *c, int i);
void rep_cursor_close(struct cursor *c, struct report *r);
int rep_resolve_top(struct report *r, struct section *s);
size_t *rep_sorted_rules(const struct section *s);
/* "error", "query", "expected error", "expected query"; the class of an
 * HTML cell: "error", "query" or "expected". */
const char *rep_type_name(const struct rule_count *rc);
const char *rep_type_class(const struct rule_count *rc);
const char *rep_message(const struct section *s, const struct cursor *c);
void rep_date_text(sr_date d, char buf[11]);
/* The section's year with its note, "2025" or "2025 (inferred from ...)",
 * the note through the writer's escape (rep_text_clean, html_escape). */
void rep_year_text(const struct section *s, struct strbuf *out, void (*escape)(struct strbuf *, const char *));
bool rep_flush(struct strbuf *sb, FILE *out);
bool rep_is_903(const struct section *s);
/* The file of the finding in c (see report_set_table_file). */
const char *rep_file_of(const struct section *s, const struct cursor *c);
/* Schema and structure errors of the section (rules of module Schema, CSV
 * or Spec: the file cannot be loaded as it is). */
size_t rep_schema_errors(const struct section *s);
/* "children", or "people" for a Supporting Families file. */
const char *rep_noun(const struct section *s);
/* The opening paragraph: what blocks upload and what can be explained, in
 * plain words, through the writer's escape. */
void rep_upload_words(const struct section *s, struct strbuf *out, void (*escape)(struct strbuf *, const char *));
const char *rep_id_name(const struct section *s);
void rep_each_not_run(const struct section *s, void (*fn)(void *arg, const char *why, const char *codes), void *arg);
int rep_write_text_section(struct report *r, struct section *s, FILE *out);
int rep_write_csv(struct report *r, FILE *out);
int rep_write_json(struct report *r, FILE *out);
int rep_write_html(struct report *r, FILE *out);
int rep_write_gnu(struct report *r, FILE *out);
/* Closes the last section; -1 with a message when the findings cannot be
 * read back. */
int rep_ready(struct report *r, char *err, size_t errlen);

#endif
