/*
 * Validation of an SSDA903 (children looked after) submission: an
 * EXPSSDA903 XML document, or a set of CSV files (one per DfE table).
 *
 * XML: streamed (constant memory per child) with the year's schema
 * (specs/903/cla_YYYY.xsd) attached; read as safely as the CIN reader reads
 * its files: no DTD, no entities, no network, limits on depth, names, text
 * and elements per child; UTF-16/32 refused.  Schema errors come with their
 * line and element path.  Each CHILD is then mapped onto the DfE tables
 * (tables.conf xml= entries) and checked like CSV rows.
 *
 * CSV: each file is recognised by its header row, not by its name (same
 * column names in another order: recognised, and reported).  Two files of
 * the same table, or a file that cannot be read as UTF-8 text, stop the
 * validation of the set (status CLA_INPUT, naming the files).  Parsing is
 * RFC 4180: quoted fields with commas, doubled quotes and line breaks; CRLF,
 * LF (or CR) line ends; a UTF-8 byte-order mark is accepted; invalid UTF-8
 * in a cell is reported for that cell.  Rows are grouped by CHILD through
 * scratch files in $TMPDIR (bounded memory whatever the size of the set;
 * CLA_TEMP when they cannot be written), and two files of one table are
 * refused as soon as their header rows are read.
 *
 * Checks on both forms, with the year's spec:
 *   CSV      the file's structure: a row with the wrong number of cells, an
 *            unclosed quote, a stray quote, invalid UTF-8, columns out of
 *            DfE's order
 *   TABLE    a CSV file whose header row is no table of the year
 *   REQ      a required value is blank
 *   FORMAT   a value is not of its column's type (date, number, postcode,
 *            URN, UPN, child id, text)
 *   CODE     a value is not in the year's code list
 *   ORPHAN   a row's CHILD has no row in Header
 *   DUP      a child has more than one row in a one-per-child table (or two
 *            CHILD elements share a CHILDID)
 *   DIFFER   a repeated value (DOB, SEX) differs from the child's Header row
 *   XSD      (XML) the document does not conform to the schema
 * then the DfE rules in force (cla_rules.h), which replace the generic
 * check of the columns they cover.  Findings say where: the DfE table, row
 * and column (struct finding's table, row, column; none for a finding about
 * a whole file, or a schema error), and a path: "Episodes row 12 / PL_POST"
 * with the line of the row (CSV), or the element path and line (XML).  No
 * finding, detail or diagnosis holds a value from the return;
 * values go only into finding.value, which the report shows only with
 * --show-values.
 *
 * The collection year: options.year when given; otherwise the latest event
 * date in the data (columns flagged `period` in tables.conf: episode
 * start/end, reviews, missing, placed for adoption, adoption, social worker
 * episodes) that is not after today gives the year whose 1 April-31 March
 * period contains it.  When there is no such date, or that year has no
 * spec, the status is CLA_NO_YEAR and the diagnosis asks for --year.  (An
 * XML file read from a pipe cannot be read twice: it needs --year.)
 */
#ifndef STATRETURN_CLA_VALIDATE_H
#define STATRETURN_CLA_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/ssda903/cla_rules.h"
#include "returns/ssda903/cla_store.h"
#include "findings/finding.h"

#define CLA_XML_MAX_DEPTH          32
#define CLA_XML_MAX_NAME           128
#define CLA_XML_MAX_TEXT           (64 * 1024)
#define CLA_XML_MAX_CHILD_ELEMENTS 20000
/* A CSV file larger than this is refused (a large LA's biggest table is a
 * few MB). */
#define CLA_CSV_MAX_BYTES          ((size_t)1 << 30)
/* A CSV set's rows are gathered in buckets of about this many bytes, each
 * sorted by child and written as a run (see cla_validate_csv.c). */
#define CLA_CSV_BUCKET_BYTES       ((uint64_t)32 << 20)

enum cla_status {
    CLA_OK = 0,            /* validated; the findings say how well */
    CLA_INPUT = -1,        /* unreadable, unsafe, not a 903 return, ambiguous CSV set */
    CLA_NO_YEAR = -2,      /* the year is unknown or has no spec/schema: give --year */
    CLA_SPEC = -3,         /* a shipped spec file (tables.conf, XSD) is unusable */
    CLA_TEMP = -4          /* a temporary file ($TMPDIR) cannot be written or read back */
};

/* The pseudo-rules of the structural checks (see above), for reports and
 * tests; their type is error. */
extern const struct rule cla_check_csv, cla_check_table, cla_check_req, cla_check_format,
    cla_check_code, cla_check_orphan, cla_check_dup, cla_check_differ, cla_check_xsd;
/* All of them (n of them), e.g. to tell whether a --rule code is known. */
const struct rule *const *cla_structural_checks(size_t *n);

struct cla_validate_options {
    int year;                  /* collection end year; 0: from the data */
    const char *only;          /* report only findings with this code (NULL: all) */
    bool no_rules;             /* structure, schema and value checks only; no DfE rules */
    const char *spec_file;     /* NULL: the shipped specs/903/tables.conf */
    const char *schema_dir;    /* NULL: the shipped specs/903 (cla_YYYY.xsd) */
    cla_finding_fn on_finding; /* required (unless on_child) */
    void *opaque;
    /* Inputs some DfE rules need (NULL: those rules are not run, and
     * on_not_run says so). */
    const struct cla_store *previous;  /* last year's return (cla_load_previous) */
    const struct cla_ref *ref;         /* providers, postcodes */
    const char *la;                    /* the council's LA code */
    /* Called once per rule in force that cannot run, before the findings;
     * may be NULL. */
    void (*on_not_run)(void *opaque, const struct rule *rule, const char *why);
    void *not_run_opaque;
    /* CSV input: called once per file read, with the table it holds (NULL
     * when it holds none of the year's tables), before the findings;
     * opaque is not_run_opaque.  May be NULL. */
    void (*on_table_file)(void *opaque, const char *table, const char *path);
    /* Read only: no checks, no schema, no findings; each child is handed
     * to on_child instead (cla_load_previous uses it).  Needs year. */
    void (*on_child)(void *opaque, const struct cla_child *c);
    /* CSV: the size of the buckets rows are gathered in (0:
     * CLA_CSV_BUCKET_BYTES); tests make it small. */
    uint64_t bucket_bytes;
};

struct cla_result {
    int year;                  /* the year validated as (0 when not known) */
    bool year_from_data;       /* inferred, not given */
    size_t children;           /* CSV: children in Header; XML: CHILD elements read */
    size_t files;              /* CSV files read */
    char diagnosis[1024];      /* when not CLA_OK: one line naming the file (and line) */
};

/* Validates one EXPSSDA903 XML file.  Findings up to a fatal error stay
 * delivered; the status then says what stopped it. */
int cla_validate_xml(const char *path, const struct cla_validate_options *o, struct cla_result *res);
/* Validates n CSV files as one submission. */
int cla_validate_csv(const char *const *paths, size_t n, const struct cla_validate_options *o,
                     struct cla_result *res);
/* Validates every *.csv file (any case; hidden files skipped) of a directory
 * as one submission; other files are ignored with a warning. */
int cla_validate_dir(const char *dir, const struct cla_validate_options *o, struct cla_result *res);

/*
 * Reads last year's return (an XML file, a directory of CSV files or one
 * CSV file; several CSV files: paths) into a store, with this year's
 * tables (year = this collection year: the files are recognised by header
 * row; their values are not checked, and nothing is reported about them).
 * Returns a cla_status; *out is NULL on failure and res->diagnosis says
 * why.
 */
int cla_load_previous(const char *const *paths, size_t n, int year, struct cla_store **out,
                      struct cla_result *res);

/* A cla_finding_fn that records into a struct report (opaque), whose
 * section is REPORT_KIND_SSDA903 (report_set_kind): the detail becomes the
 * finding's message line, and a path that only repeats the finding's
 * table, row and column in words (every CSV finding's but a few structural
 * ones) is left out, as the report shows those. */
void cla_report_finding(void *report, const struct finding *f, const char *detail);

#endif
