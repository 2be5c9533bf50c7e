/*
 * The Supporting Families returns: the National Impact Study file (NIS,
 * identifiable by design, for ONS to link) and the Family Progress Data
 * file (FPD, no direct identifiers: person and family keys are keyed
 * pseudonyms).
 *
 * The programme's file specifications are not public, so each file's
 * columns are data: a layout file (specs/families/layout_nis.conf,
 * layout_fpd.conf) lists every column with its source, format, treatment,
 * purpose and category.  The layout is also the file's data-sharing policy:
 * loading it builds a field catalogue and a struct policy over it (see
 * policy.h), so the run manifest and the DPO report treat these files like
 * any other return.  A council holding the current specification edits the
 * layout, never the C.
 *
 * Layout format (line-based; '#' starts a comment):
 *
 *   layout        = families-nis       policy name in manifests
 *   version       = 2025.1
 *   file          = nis                nis | fpd (fpd: no direct identifier may appear)
 *   recipient     = Office for National Statistics ...
 *   purpose       = supporting-families   default purpose (specs/purposes.conf)
 *   key           = families           key name, when a column is pseudonymised
 *   cohorts       = programme comparison   sf_programme_family.sfpf_cohort values included
 *   opt-out       = supporting-families research   sf_opt_out purposes that exclude a
 *                                      person ('none': no opt-out applies)
 *   period-months = 3                  length of a period (1, 3, 6 or 12), ending with
 *                                      the --period month, aligned to April-March years
 *
 *   column NAME SOURCE FORMAT TREATMENT [required] [unique] [special] [purpose=ID]
 *
 * NAME is the CSV header cell ([A-Za-z0-9_.-]); SOURCE one of the source
 * names below; FORMAT one of
 *   text(N) id(N) code(A|B|C) date int(LO..HI) decimal(LO..HI) flag yn
 *   postcode sector ni upn list(LO..HI) pseudonym period
 * TREATMENT clear, pseudonymise (format pseudonym), month (dates), sector
 * (format sector) or drop (the column stays, always empty).  'unique'
 * columns together are the row key; 'special' marks UK GDPR Article 9 data.
 *
 * Sources: person.id family.id person.forename person.surname person.dob
 * person.age person.sex person.postcode person.ni_number person.upn
 * programme.cohort programme.status programme.identified_date
 * programme.attached_date programme.end_date programme.end_reason
 * programme.claim_date needs.at_attachment needs.by_period_end need:N
 * (N = 1..10) measure:CODE (sf_measure_type.sfmt_code) flag.child_in_need
 * flag.child_protection flag.looked_after flag.early_help config:period
 * config:la.  Their meaning is in README (Supporting Families).
 */
#ifndef STATRETURN_FAMILIES_H
#define STATRETURN_FAMILIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/date.h"
#include "io/csv.h"
#include "io/db.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "core/id_set.h"
#include "findings/finding.h"
#include "core/strbuf.h"

enum families_kind { FAM_NIS, FAM_FPD, FAM__KINDS };

/* "nis" / "fpd". */
const char *families_kind_name(enum families_kind k);

enum fam_source {
    FS_PERSON_ID, FS_FAMILY_ID, FS_FORENAME, FS_SURNAME, FS_DOB, FS_AGE, FS_SEX, FS_POSTCODE,
    FS_NI_NUMBER, FS_UPN, FS_COHORT, FS_STATUS, FS_IDENTIFIED_DATE, FS_ATTACHED_DATE, FS_END_DATE,
    FS_END_REASON, FS_CLAIM_DATE, FS_NEEDS_AT_ATTACHMENT, FS_NEEDS_BY_PERIOD_END, FS_NEED, FS_MEASURE,
    FS_FLAG_CIN, FS_FLAG_CP, FS_FLAG_LAC, FS_FLAG_EH, FS_PERIOD, FS_LA, FS__COUNT
};

enum fam_format_type {
    FF_TEXT, FF_ID, FF_CODE, FF_DATE, FF_INT, FF_DECIMAL, FF_FLAG, FF_YN, FF_POSTCODE, FF_SECTOR,
    FF_NI, FF_UPN, FF_LIST, FF_PSEUDONYM, FF_PERIOD, FF__COUNT
};

struct fam_format {
    enum fam_format_type type;
    size_t max_len;          /* text, id */
    double lo, hi;           /* int, decimal, list */
    char **codes;            /* code: owned */
    size_t n_codes;
    char *spec;              /* as written in the layout, for messages; owned */
};

struct fam_column {
    char *name;              /* header cell; owned */
    enum fam_source source;
    char *measure;           /* FS_MEASURE: the sf_measure_type code; owned */
    int need;                /* FS_NEED: headline code 1..10 */
    struct fam_format format;
    enum treatment treatment;
    bool required, unique, special;
    unsigned line;           /* in the layout file */
};

struct families_layout {
    char *path;
    enum families_kind kind;
    struct fam_column *cols;
    size_t n_cols;
    char **cohorts;
    size_t n_cohorts;
    char **opt_out;          /* purposes; none when n_opt_out == 0 */
    size_t n_opt_out;
    int period_months;
    /* The catalogue and policy built from the columns: policy.catalogue
     * points at catalogue, which points at fields, so a loaded layout must
     * not be copied or moved. */
    struct field_def *fields;
    struct field_catalogue catalogue;
    struct policy policy;
};

/* Loads and checks a layout.  kind is the file it is loaded for; the
 * layout's 'file =' must agree.  Every problem is reported as
 * "file:line: reason" (the first one; the layout is rejected whole).
 * An FPD layout naming a direct identifier (name, date of birth, postcode,
 * NI number, UPN) or a person or family id in clear is rejected. */
int families_layout_load(struct families_layout *l, const char *path, const char *purposes_path,
                         enum families_kind kind, char *err, size_t errlen);
void families_layout_release(struct families_layout *l);
/* The header row (no line ending), cells joined by ','. */
void families_layout_header(const struct families_layout *l, struct strbuf *out);
/* Name of a source as written in layouts ("measure:" and "need:" without their argument). */
const char *families_source_name(enum fam_source s);
/* True when the column needs a value from the replica (not config, not dropped). */
bool families_column_reads(const struct fam_column *c);

/* ---- values (families_values.c) ------------------------------------------ */

/* Puts the value to write for raw (a replica value, NULL = none) into out:
 * trimmed, and for the formats that have a canonical spelling normalised
 * (postcode "AB1 2CD", NI number and UPN upper case without spaces, flags
 * 1/0 or Y/N).  Pure. */
void fam_value_normalise(const struct fam_format *f, const char *raw, struct strbuf *out);
/* NULL when value (a written value; "" = empty) fits the format, else why
 * not, in words without the value ("is outside the range 0..100"). */
const char *fam_value_problem(const struct fam_format *f, const char *value);
/* Postcode sector of a normalised postcode ("AB1 2CD" -> "AB1 2"); empty
 * when it is not a postcode. */
void fam_postcode_sector(const char *postcode, struct strbuf *out);
/* The value a file carries in column c for raw (NULL = none): the
 * column's treatment applied (pseudonymise under key, which may be NULL
 * only when the column is not pseudonymised; month; sector; drop), then
 * normalised.  Appends to out; returns the problem with the result (as
 * fam_value_problem, or "is empty but the layout requires a value"), or
 * NULL.  The build and the DPO report both use it, so they agree. */
const char *families_treat_value(const struct fam_column *c, const struct pseudo_key *key, const char *raw,
                                 struct strbuf *out);

/* ---- CSV (families_csv.c) ----------------------------------------------- */

/* The files are written with io/csv.h's csv_cell, without flags: values
 * unaltered.  They are read with an io/csv.h reader in this dialect
 * (RFC 4180, cells up to 1 MiB)... */
extern const struct csv_dialect families_csv_dialect;
/* ...through this: the next record (its cells: csv_reader_field), 1; 0 at
 * the end; -1 when the file cannot be read or is not well formed from this
 * record (csv_reader_line) on, with the reason in words appended to why.
 * The first issue of a record stops the file. */
int families_csv_next(struct csv_reader *r, struct strbuf *why);

/* ---- periods ------------------------------------------------------------ */

struct families_period {
    int year, month;         /* the last month of the period */
    int months;
    sr_date start, end;      /* first and last day */
    char label[8];           /* "YYYY-MM" */
};

/* Parses "YYYY-MM" for a period of `months` (1, 3, 6 or 12) ending with
 * that month; the month must close a period of an April-March year.  -1
 * with a message. */
int families_period_parse(const char *s, int months, struct families_period *p, char *err, size_t errlen);
/* The latest period of `months` that ended before `today`. */
void families_period_previous(sr_date today, int months, struct families_period *p);

/* ---- the replica (families_source.c) ------------------------------------ */

/* A problem in the replica, named by family or person id and the field,
 * never by value.  who is "family" or "person". */
typedef void (*fam_defect_fn)(void *opaque, const char *who, const char *id, const char *field,
                              const char *problem);

/* Checks the replica contract for the layouts' columns, naming every missing
 * table and column.  *have_cla says whether ssd_cla_episodes exists: the
 * looked-after flag is optional in the contract (README). */
enum db_status families_contract(struct db *db, const struct families_layout *const *layouts, size_t n,
                                 bool *have_cla, struct strbuf *err);
/* Reports every measure:CODE of the layout that is not a code of
 * sf_measure_type, as "file:line: ..." lines in err; returns their number
 * (0 = all known), or (size_t)-1 on a database error. */
size_t families_check_measures(struct db *db, const struct families_layout *l, struct strbuf *err);
/* The family structure in the period: families with no members, people in
 * two families.  Reports each through fn (skipping ids already in `seen`,
 * an id_set of "who:id" keys).  Returns the number reported, or -1 on a
 * database error (err). */
long families_check_structure(struct db *db, const struct families_layout *l, const struct families_period *p,
                              struct id_set *seen, fam_defect_fn fn, void *opaque, struct strbuf *err);

/* One person of the file's population, as read; pointers are valid until
 * the next call. */
struct families_row {
    const char *person_id;
    const char *family_id;
    bool opted_out;          /* then values are all NULL: nothing else was read */
    const char *const *values;   /* one per layout column (NULL: none, config or dropped) */
};

struct families_source;
enum db_status families_source_open(struct families_source **out, struct db *db, const struct families_layout *l,
                                    const struct families_period *p, bool have_cla, int fetch_batch,
                                    struct strbuf *err);
/* 1 = a row, 0 = end, -1 = database error (err, families_source_status). */
int families_source_next(struct families_source *s, struct families_row *row, struct strbuf *err);
enum db_status families_source_status(const struct families_source *s);
void families_source_close(struct families_source *s);

/* ---- validation (families_validate.c) ----------------------------------- */

enum fam_validate_result {
    FAM_VALID_OK = 0,        /* read to the end; findings (if any) went to fn */
    FAM_VALID_INPUT = -1,    /* unreadable, not CSV, or no layout has this header row */
    FAM_VALID_SPEC = -2      /* a layout file is unusable */
};

/* True when first_cell (the first header cell, upper-cased, as validate.c's
 * sniff reads it) starts the header of a shipped layout. */
bool families_recognise_first_cell(const char *first_cell_upper);
/* Validates a file against the shipped layout whose header row it has:
 * row width, required columns, formats and code lists, ranges, unique keys.
 * Findings go to fn (rule codes SF01..SF05); *rows counts data rows.  The
 * one-line diagnosis of a FAM_VALID_INPUT / FAM_VALID_SPEC result is in
 * diag.  layout_dir NULL: specs/families of the data directory. */
enum fam_validate_result families_validate_file(const char *path, const char *layout_dir, finding_fn fn,
                                                void *opaque, size_t *rows, struct strbuf *diag);
/* Same against one layout (the build checks its own file before commit). */
enum fam_validate_result families_validate_with(const char *path, const struct families_layout *l,
                                                finding_fn fn, void *opaque, size_t *rows, struct strbuf *diag);


#endif
