/*
 * Validation reports: a findings sink and the writers of its report.
 *
 * Used by `statreturn validate` (findings from a file) and `statreturn build`
 * (the same report written beside the return).  The sink takes DfE rule
 * findings (report_finding is a finding_fn) and schema errors (rule code
 * "XSD", type error), for one or several files ("sections").
 *
 * Memory stays small however many findings there are: each finding is
 * appended as a compact record to an unlinked temporary file (0600, in
 * $TMPDIR or /tmp), and only per-rule counts and a per-child count (4 bytes a
 * child, kept to the end for the HTML by-child part) are kept in memory.
 * The writers read the records back.
 *
 * Personal values: the offending value of a finding is recorded (and so
 * reaches the temporary file) only after report_keep_values, and printed
 * only when the writer is also asked to show values.  LAchildID is always printed, as is
 * the episode's CINreferralDate, which with it locates the record.
 *
 * Formats:
 *   text  summary (file, year, children, errors, queries, per-rule counts
 *         with DfE message, the 10 most affected children), then one line
 *         per finding; control characters are replaced for the terminal.
 *   csv   one row per finding, RFC 4180, CRLF, UTF-8 with a byte-order mark
 *         (Excel), cells starting with = + - @ tab or CR get a leading
 *         apostrophe so that a spreadsheet never runs them as formulas.
 *   json  one object per file with its summary and a "findings" array.
 *   html  one self-contained page (inline CSS and a few lines of inline JS
 *         for the LAchildID lookup, a Content-Security-Policy that forbids
 *         anything external); at most REPORT_HTML_ROWS findings per rule.
 *   gnu   one line per finding, "file:line: rule type: message", as
 *         compilers and xmllint write them, for editors and CI problem
 *         matchers; the child and place follow the message in brackets.
 *
 * The text and HTML reports open each file with what blocks upload (schema
 * and structure errors: COLLECT will not load the file; DfE rule errors:
 * the return cannot be submitted) and what can be explained (queries), in
 * plain words.
 *
 * The file of a finding: the section's file, or, for a return given as a
 * set of files (the SSDA903 CSV tables), the file its table was read from
 * (report_set_table_file), so that every row names one file.
 *
 * Every finding is located the same way (findings/finding.h): by child,
 * by table, row and column, and by element path or CSV location and line.
 * The section's kind (report_set_kind) says only how the child and the
 * place are named in words: a CIN-style return (the CIN census, Supporting
 * Families: the child is the LAchildID or the row key, and a CIN finding
 * also names its CINdetails episode and referral date) or an SSDA903 return
 * (the child is CHILD).
 *   csv   file,rule,type,table,row,child,column,message,line,path[,value]
 *         when every section is SSDA903; otherwise the CIN episode columns
 *         cindetails_position,referral_date follow path (before value).
 *         A section with a year note starts with a row of type "note"
 *         (rule and place empty, the note as its message).
 *   json  each finding has "table", "row", "column"; CIN-style sections
 *         add "cindetails_position" and "referral_date".
 *   text  "Episodes row 12, PL_POST" for SSDA903; the CINdetails episode
 *         and path for the CIN census.
 *   html  the by-rule tables name table, row and column, and a "By child"
 *         part lists each child's findings (rule, table, row, column,
 *         message), children in return order, for as many children as
 *         REPORT_HTML_CHILD_ROWS findings allow; a child's id links to its
 *         list there, and each rule code back to the rule's table.
 */
#ifndef STATRETURN_REPORT_H
#define STATRETURN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"
#include "findings/finding.h"
#include "core/strbuf.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_HTML, REPORT_GNU };

/* What a section reports (see Kinds above); a new section is REPORT_KIND_CIN.
 * REPORT_KIND_FAMILIES is CIN-style, but its rows are people, not
 * children, and it goes to the programme, not to DfE COLLECT. */
enum report_kind { REPORT_KIND_CIN, REPORT_KIND_SSDA903, REPORT_KIND_FAMILIES };

#define REPORT_TOP_CHILDREN 10
#define REPORT_HTML_ROWS    500
/* SSDA903 HTML by-child part: the first children in return order whose
 * findings together fit in this many rows are listed (each whole). */
#define REPORT_HTML_CHILD_ROWS 10000

/* The pseudo-rule of schema errors: code "XSD", type error.  A schema error
 * is reported with report_finding_message: libxml2's message, its values
 * masked, as the message line. */
extern const struct rule report_xsd_rule;

struct report;

/* A report, never NULL.  With a file, its first section is begun (return
 * "CIN census", collection year `year`); with NULL, call report_begin_file
 * for each file.  If no temporary file can be made, counts still work and
 * the writers fail with the reason. */
struct report *report_new(const char *file, int year);
void report_free(struct report *r);
/* Records offending values from now on (--show-values).  Call before the
 * first finding; without it no value is ever stored or printed. */
void report_keep_values(struct report *r);

/* Starts the section of one file; later findings belong to it.
 * return_name: e.g. "CIN census". */
void report_begin_file(struct report *r, const char *file, const char *return_name);
void report_set_year(struct report *r, int year);
/* How the current section's year was arrived at, when the analyst should
 * know (not simply --year or the header's Year), e.g. "inferred from the
 * latest event date in the data; --year overrides".  No personal value.
 * Shown beside the year: text and HTML summary, JSON "year_note" (null
 * when none), and a CSV row of type "note" before the section's findings. */
void report_set_year_note(struct report *r, const char *note);
/* The kind of the current section's return; call before its findings. */
void report_set_kind(struct report *r, enum report_kind kind);
/* For a return read from several files: the current section's table
 * `table` (e.g. "Episodes") was read from `file`.  A finding in that table
 * is reported with that file; a finding with no table whose path is one of
 * the files given here (table NULL: a file of no known table) with that
 * file; any other with the section's file. */
void report_set_table_file(struct report *r, const char *table, const char *file);
/* Counts one child of the current section (or set the count at once). */
void report_child(struct report *r);
void report_set_children(struct report *r, size_t n);
/* A rule in force that did not run for want of an input (SSDA903: last
 * year's return, the provider list, the postcodes); `why` says which, e.g.
 * "not run: needs --previous (last year's return)".  Shown in the summary
 * of the text, JSON and HTML reports. */
void report_rule_not_run(struct report *r, const struct rule *rule, const char *why);
/* The file could not be (completely) validated: the one-line diagnosis. */
void report_set_diagnosis(struct report *r, const char *diagnosis);

/* A finding_fn; opaque is the struct report.  The finding's own message
 * (finding.message), when it has one, is recorded as its message line. */
void report_finding(void *opaque, const struct finding *f);
/* A finding with its own message line (shown under it, as a schema
 * error's is), e.g. the detail of an SSDA903 structural check.  The message
 * must hold no personal value.  NULL message: as report_finding. */
void report_finding_message(struct report *r, const struct finding *f, const char *message);

/* Expected findings (struct finding's expected) are counted apart: they
 * are listed after the others under "expected for this profile", their
 * type written "expected error" or "expected query", and never counted in
 * errors, queries or the most affected children. */

/* Of the current section. */
size_t report_errors(const struct report *r);
size_t report_queries(const struct report *r);

/* Totals over every section. */
struct report_summary {
    size_t files;
    size_t children;
    size_t errors;
    size_t queries;
    size_t expected;   /* expected for the profile (finding.expected): not in errors or queries */
};
void report_get_summary(const struct report *r, struct report_summary *out);

/* "text", "csv", "json", "html", "gnu"; -1 when unknown. */
int report_format_parse(const char *name, enum report_format *fmt);

/* Writes every section.  show_values prints the values recorded after
 * report_keep_values (none otherwise).  Returns 0, or -1 with a message. */
int report_write(struct report *r, FILE *out, enum report_format fmt, bool show_values,
                 char *err, size_t errlen);
/* Same, to `path` through outfile (atomic, 0600); refuses to replace an
 * existing file unless force.  format: as report_format_parse. */
int report_write_file(struct report *r, const char *format, const char *path, bool force,
                      bool show_values, char *err, size_t errlen);

/* The summaries an analyst pivots, as two CSV files in dir (which must
 * exist), written atomically with mode 0600 (an existing one is replaced
 * only with force; both are written or neither):
 *   error_summary.csv  file,rule,type,count,tables,fields,message: one row
 *                      per rule and file, the tables and Table/column
 *                      fields it was found in (";"-separated)
 *   child_summary.csv  file,child,errors,queries,rules: one row per child
 *                      with findings, in return order, its rules
 *                      (";"-separated, each once)
 * Same CSV conventions as the csv report.  0, or -1 with a message. */
int report_write_summaries(struct report *r, const char *dir, bool force, char *err, size_t errlen);

/* The report's escaping: CSV cells io/csv.h (csv_cell with CSV_CELL_REPORT:
 * formula characters neutralised, invalid UTF-8 as U+FFFD), JSON io/json.h,
 * HTML io/html.h. */

#endif
