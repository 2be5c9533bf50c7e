/*
 * The CSV report: one row per finding, RFC 4180, CRLF, UTF-8 with a
 * byte-order mark for Excel, through the report's cell writer (formula
 * guard: io/csv.h); a file whose year needs a word (report_set_year_note)
 * has it in a "note" row before its findings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "findings/report_impl.h"
#include "io/csv.h"

/* One header row for every report, whatever its returns: each finding
 * names its file, table, row and column (findings/finding.h); the CIN
 * census's episode columns stay empty for the other returns. */
static const char csv_header[] =
    "file,rule,type,table,row,child,column,message,line,path,cindetails_position,referral_date";

static void csv_episode(struct strbuf *sb, const struct cursor *c)
{
    char d[11];

    if (c->h.episode)
        strbuf_addf(sb, "%u", (unsigned)c->h.episode);
    rep_date_text(c->h.referral, d);
    strbuf_addf(sb, ",%s", d);
}

static void csv_line(struct strbuf *sb, const struct cursor *c)
{
    if (c->h.line)
        strbuf_addf(sb, "%u", (unsigned)c->h.line);
}

/* From table on: table,row,child,column,message,line,path,
 * cindetails_position,referral_date.  The row is written only with a table:
 * 0 is a CSV file's header row. */
static void csv_tail(struct strbuf *sb, const struct section *s, const struct cursor *c)
{
    rep_csv_cell(sb, rep_str(c, S_TABLE));
    strbuf_addch(sb, ',');
    if (rep_str(c, S_TABLE))
        strbuf_addf(sb, "%u", (unsigned)c->h.row);
    strbuf_addch(sb, ',');
    rep_csv_cell(sb, rep_str(c, S_ID));
    strbuf_addch(sb, ',');
    rep_csv_cell(sb, rep_str(c, S_COLUMN));
    strbuf_addch(sb, ',');
    rep_csv_cell(sb, rep_message(s, c));
    strbuf_addch(sb, ',');
    csv_line(sb, c);
    strbuf_addch(sb, ',');
    rep_csv_cell(sb, rep_str(c, S_PATH));
    strbuf_addch(sb, ',');
    csv_episode(sb, c);
}

static void csv_row(struct strbuf *sb, const struct section *s, const struct cursor *c, bool show_values)
{
    const struct rule *rule = s->rules[c->h.rule].rule;

    rep_csv_cell(sb, rep_file_of(s, c));
    strbuf_addch(sb, ',');
    rep_csv_cell(sb, rule->code);
    strbuf_addf(sb, ",%s,", rep_type_name(&s->rules[c->h.rule]));
    csv_tail(sb, s, c);
    if (show_values) {
        strbuf_addch(sb, ',');
        rep_csv_cell(sb, rep_str(c, S_VALUE));
    }
    strbuf_addstr(sb, "\r\n");
}

/* A section's year note as a row of its own, before its findings: the
 * file, type "note", the note as the message, every other cell empty.  A
 * spreadsheet shows it at the top of the file's rows; filtering on type
 * error or query leaves it out. */
static void csv_note_row(struct strbuf *sb, const struct section *s, bool show_values)
{
    struct strbuf note = STRBUF_INIT;

    strbuf_addf(&note, "collection year %d: %s", s->year, s->year_note);
    rep_csv_cell(sb, s->file);
    strbuf_addstr(sb, ",,note,,,,,");
    rep_csv_cell(sb, note.buf);
    strbuf_addstr(sb, ",,,,");
    if (show_values)
        strbuf_addch(sb, ',');
    strbuf_addstr(sb, "\r\n");
    strbuf_release(&note);
}

int rep_write_csv(struct report *r, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    bool ok;
    int rc = 0;

    strbuf_addstr(&sb, "\xEF\xBB\xBF");
    strbuf_addstr(&sb, csv_header);
    if (r->show_values)
        strbuf_addstr(&sb, ",value");
    strbuf_addstr(&sb, "\r\n");
    ok = rep_flush(&sb, out);
    for (size_t k = 0; ok && rc == 0 && k < r->n_sec; k++) {
        struct section *s = &r->sec[k];
        struct cursor c;
        if (s->year_note && s->year)
            csv_note_row(&sb, s, r->show_values);
        if (rep_cursor_open(&c, r, s) != 0) {
            rep_cursor_close(&c, r);
            rc = -1;
            break;
        }
        while (ok && (rc = rep_cursor_next(&c)) == 1) {
            csv_row(&sb, s, &c, r->show_values);
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
