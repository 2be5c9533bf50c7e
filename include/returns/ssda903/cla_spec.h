/*
 * The SSDA903 (children looked after) table specification, by collection
 * year, and the checks of single values against it.
 *
 * The tables, their columns in CSV header order, each column's type and
 * whether it may be blank, the code lists and where each value sits in the
 * XML document are data in specs/903/tables.conf (its format is documented
 * at the top of that file), so that a council edits a text file, not C, when
 * DfE changes a column.  The file holds a complete base year and then one
 * layer per later year that lists only the changes; cla_spec_load applies
 * the layers up to the year asked for.
 *
 * Users: the 903 validator (cla_validate.h) and the 903 build, which writes
 * the CSV headers with cla_table_header_row and checks its own output with
 * cla_check_value.  A loaded spec is immutable and may be shared.
 *
 * The value checkers are pure functions of their arguments (no locale, no
 * I/O, no global state).  No message in this module contains a value read
 * from a return.
 */
#ifndef STATRETURN_CLA_SPEC_H
#define STATRETURN_CLA_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* DfE's URN value for a placement with no Ofsted URN (a provider inspected
 * by another body, a regional adoption agency): seven capital X. */
#define CLA_URN_NONE "XXXXXXX"

/* At most this many tables and columns per table (DfE has 12 and 13). */
#define CLA_MAX_TABLES  32
#define CLA_MAX_COLUMNS 64

enum cla_type {
    CLA_T_ID,         /* id:N        the child identifier, 1..N letters and digits */
    CLA_T_DATE,       /* date        DD/MM/YYYY, a real date */
    CLA_T_DATE_ZZ,    /* date-zz     DD/MM/YYYY with ZZ/ZZ/ZZZZ parts allowed */
    CLA_T_CODE,       /* code:LIST */
    CLA_T_INT,        /* int:MIN-MAX */
    CLA_T_POSTCODE,   /* postcode    UK format, upper case, space optional */
    CLA_T_URN,        /* urn         Ofsted URN or CLA_URN_NONE */
    CLA_T_UPN,        /* upn         check letter correct, or UN1..UN5 */
    CLA_T_TEXT        /* text[:N]    no control characters, valid UTF-8 */
};

struct cla_codelist {
    const char *name;
    const char *const *codes;   /* n codes, in file order */
    size_t n;
};

struct cla_column {
    const char *name;               /* exact CSV header cell */
    enum cla_type type;
    bool required;
    bool period;                    /* an event date that dates the return */
    bool xml_only;                  /* in the XML only (xml-only): not a CSV column,
                                       blank in rows read from CSV or the replica */
    long min, max;                  /* int range; id/text maximum length in max (0: none) */
    const struct cla_codelist *codes;   /* CLA_T_CODE */
    const char *xml;                /* element path below the row element, or below
                                       CHILD when it starts with '/' */
    int same_column;                /* -1, or the primary table's column it must equal */
    uint32_t spec_line;             /* where it is defined in tables.conf */
};

enum cla_per { CLA_PER_CHILD, CLA_PER_MANY };

struct cla_table {
    const char *name;               /* DfE's name: Header, Episodes, ... */
    enum cla_per per;
    bool primary;                   /* lists the children (Header) */
    const struct cla_column *columns;
    size_t n_columns;
    /* The CSV file's columns are columns[0 .. n_csv_columns); the xml-only
     * columns (if any) follow them.  Every CSV path and the build use only
     * these; cells arrays always have n_columns entries. */
    size_t n_csv_columns;
    size_t id_column;               /* index of the one id column (CHILD) */
    const char *xml_row;            /* element path below CHILD; NULL: not in the XML */
    /* xml-if: the row exists when one of these elements (below the row
     * element) has text, equal to xml_if_value[i] when that is not NULL. */
    const char *const *xml_if;
    const char *const *xml_if_value;
    size_t n_xml_if;
    uint32_t spec_line;
};

struct cla_spec {
    int year;                       /* collection end year: 2025 = 2024-25 */
    const char *file;               /* the file it was read from */
    const struct cla_table *tables; /* in file order */
    size_t n_tables;
    size_t primary;                 /* index of the primary table */
    const struct cla_codelist *lists;
    size_t n_lists;
};

/* ---- loading ---------------------------------------------------------------- */

/* Status of the loaders. */
enum cla_spec_status {
    CLA_SPEC_OK = 0,
    CLA_SPEC_BAD = -1,         /* unreadable or invalid file: err names file:line */
    CLA_SPEC_NO_YEAR = -2      /* the file has no layer for the year: err lists the years */
};

/*
 * Reads `path` and builds the spec of collection year `year` (every layer
 * up to it applied).  Every line of the file is checked for syntax, also in
 * layers after `year`; references (code lists, tables, columns) are checked
 * for the year built.  On failure *out is NULL and err holds one line, e.g.
 * "specs/903/tables.conf:42: unknown type 'dat' (...)".
 */
int cla_spec_load(const char *path, int year, struct cla_spec **out, char *err, size_t errlen);
/* The same with the shipped specs/903/tables.conf (see paths.h). */
int cla_spec_load_default(int year, struct cla_spec **out, char *err, size_t errlen);
void cla_spec_free(struct cla_spec *s);
/* The first and last layer years of a spec file (NULL path: the shipped
 * one).  0, or -1 with a message when the file cannot be read or has no
 * layer. */
int cla_spec_years(const char *path, int *first, int *last, char *err, size_t errlen);

/* ---- lookup ------------------------------------------------------------------ */

/* The table called `name` (exact), or NULL. */
const struct cla_table *cla_spec_table(const struct cla_spec *s, const char *name);
/* Index of a table in s->tables, or -1. */
int cla_spec_table_index(const struct cla_spec *s, const struct cla_table *t);
/*
 * The table whose header row is `cells` (n cells, already unquoted).  A
 * table matches when the cells are its column names, each once, in any
 * order; *exact_order (may be NULL) says whether the order is DfE's too.
 * Returns NULL when no table has exactly these columns.
 */
const struct cla_table *cla_spec_table_by_header(const struct cla_spec *s, const char *const *cells,
                                                 size_t n, bool *exact_order);
/* The table sharing the most column names with the cells (at least two),
 * for "did you mean" messages; NULL when none. */
const struct cla_table *cla_spec_nearest_table(const struct cla_spec *s, const char *const *cells,
                                               size_t n);
/* Column index in t, or -1. */
int cla_table_column(const struct cla_table *t, const char *name);
/* The same among the CSV columns only (an xml-only column is -1). */
int cla_table_csv_column(const struct cla_table *t, const char *name);
/* The code list `name`, or NULL. */
const struct cla_codelist *cla_spec_codes(const struct cla_spec *s, const char *name);
/* Appends t's CSV header row, e.g. "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
 * (no line end; DfE's names need no quoting). */
void cla_table_header_row(const struct cla_table *t, struct strbuf *out);
/* "id:10", "date", "code:SEX", "int:0-40", ... as written in tables.conf. */
void cla_column_type_text(const struct cla_column *c, struct strbuf *out);

/* ---- value checks (pure) --------------------------------------------------- */

/* What is wrong with a value, if anything. */
enum cla_verdict {
    CLA_VALID = 0,
    CLA_BLANK,          /* required, but empty or absent */
    CLA_BAD_FORMAT,     /* not of the column's type (date, number, postcode ...) */
    CLA_BAD_CODE        /* not in the year's code list */
};

/* Checks one value (NULL or "" is blank) against column c. */
enum cla_verdict cla_check_value(const struct cla_column *c, const char *value);

/* The checkers behind cla_check_value; NULL is never valid. */
bool cla_is_date(const char *s);                 /* DD/MM/YYYY, real date, years 1900-2199 */
bool cla_is_date_zz(const char *s);              /* also ZZ day/month, ZZZZ year (any case) */
bool cla_is_int(const char *s, long min, long max);  /* digits only (leading '-' if min < 0) */
bool cla_is_postcode(const char *s);
bool cla_is_urn(const char *s);
/* A URN is given and is not CLA_URN_NONE (the URN rules look it up). */
bool cla_urn_given(const char *s);
bool cla_is_upn(const char *s);
bool cla_is_child_id(const char *s, size_t max); /* 1..max ASCII letters and digits */
bool cla_is_text(const char *s, size_t max);     /* valid UTF-8, no control characters, at most
                                                    max characters (0: any length) */
bool cla_code_in(const struct cla_codelist *l, const char *s);

#endif
