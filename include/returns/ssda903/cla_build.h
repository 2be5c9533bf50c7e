/*
 * `statreturn build 903`: the SSDA903 (children looked after) return from
 * the replica, as one EXPSSDA903 XML document and/or the set of DfE CSV
 * files (one per table).
 *
 * Three parts, as for the CIN census:
 *   cla_source.c   the field catalogue (one field per DfE table column,
 *                  built from specs/903/tables.conf, with the SSD source of
 *                  each from sql/cla.sql), the replica contract, one cursor
 *                  per DfE table ordered by person id, merged per child
 *                  into a struct cla_child (cla_rules.h), the policy's
 *                  treatments and the writability check;
 *   cla_writer.c   the streaming XML writer (xmlTextWriter, element order of
 *                  specs/903/cla_<year>.xsd) and the CSV writer (RFC 4180,
 *                  CRLF, UTF-8 without a byte-order mark);
 *   cla_build.c    the builder the pipeline drives (cla_kind.h): options,
 *                  output names, schema check, the 903 validator on what
 *                  was written, manifest counts.
 *
 * Nothing here puts a personal value into a message.
 */
#ifndef STATRETURN_CLA_BUILD_H
#define STATRETURN_CLA_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/arena.h"
#include "returns/ssda903/cla_rules.h"
#include "returns/ssda903/cla_spec.h"
#include "io/db.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "returns/expected.h"
#include "core/strbuf.h"

/* The CHILD pseudonym: the first 10 characters (50 bits) of the 20-character
 * pseudonym of pseudo.h (domain "person"), because CHILD/CHILDID is at most
 * 10 characters.  The same key gives the same prefix as the CIN census
 * pseudonym of the same person. */
#define CLA_CHILD_PSEUDONYM_LEN 10

/* ---- pure helpers (unit-tested) -------------------------------------------------- */

/* A postcode as written in the return: upper case, inner white space
 * removed, one space before the inward code ("zz12ab" -> "ZZ1 2AB").
 * Text that is not 5 to 7 letters and digits is copied upper-cased and
 * trimmed, for the writability check to name. */
void cla_postcode_normalise(const char *raw, struct strbuf *out);
/* The postcode sector: outward code, a space, the first character of the
 * inward code ("ZZ1 2AB" -> "ZZ1 2").  Returns -1 (out unchanged) when raw
 * is not a postcode of the Royal Mail shape. */
int cla_postcode_sector(const char *raw, struct strbuf *out);
/* Whether s is a postcode sector ("ZZ1 2"). */
bool cla_is_postcode_sector(const char *s);

/* ---- catalogue and policy ---------------------------------------------------------- */

/* The 903 field catalogue of a spec: field i = table t column c at
 * cat->offset[t] + c, named "Table/COLUMN". */
struct cla_catalogue {
    struct field_catalogue cat;
    struct field_def *fields;
    size_t offset[CLA_MAX_TABLES];
    /* "Table/COLUMN" of the columns of other years (cat.other), owned */
    char **other;
    size_t n_other;
};

/* -1 with a message when the spec has a column statreturn cannot source. */
int cla_catalogue_build(struct cla_catalogue *cc, const struct cla_spec *spec, char *err, size_t errlen);
void cla_catalogue_release(struct cla_catalogue *cc);
/* Checks what the policy loader cannot: every CHILD column treated like
 * Header/CHILD, every repeated column (same=) like the Header column it
 * repeats, pseudonymise only on CHILD and SW_ID.  -1 with a message. */
int cla_policy_check(const struct cla_catalogue *cc, const struct cla_spec *spec, const struct policy *p,
                     char *err, size_t errlen);

/* The findings a profile's treatment causes (cla_expected.c). */
extern const struct expected_cause cla_expected_causes[];
extern const size_t cla_n_expected_causes;

/* ---- the replica --------------------------------------------------------------------- */

/* A source defect: child (replica id), SSD table and column, problem
 * (never the value). */
typedef void (*cla_defect_fn)(void *opaque, const char *person, const char *table, const char *column,
                              const char *problem);

struct cla_source_options {
    int year;
    const struct cla_spec *spec;
    const struct cla_catalogue *cc;
    const struct policy *policy;
    int fetch_batch;                /* 0: default */
};

/* One child as read and treated: the rows of every table (cells as written:
 * DD/MM/YYYY dates, treatments applied), and the replica id. */
struct cla_record {
    struct cla_child child;
    const char *source_key;
};

struct cla_source;

/* Contract check, then the cursors.  DB_MISSING: err names every missing
 * table and column. */
enum db_status cla_source_open(struct cla_source **out, struct db *db, const struct cla_source_options *o,
                               struct strbuf *err);
/* Next child (1), end (0), error (-1, message in err).  Memory from a. */
int cla_source_next(struct cla_source *s, struct arena *a, struct cla_record *rec, struct strbuf *err);
enum db_status cla_source_status(const struct cla_source *s);
void cla_source_close(struct cla_source *s);
/* Every (table, column, class) the policy makes the build read. */
void cla_source_columns(const struct cla_source_options *o,
                        void (*fn)(void *opaque, const char *table, const char *column, const char *cls),
                        void *opaque);

/* Applies the policy's treatments to rec.  -1 when a pseudonym cannot be
 * made (empty id). */
int cla_apply_policy(struct arena *a, struct cla_record *rec, const struct cla_catalogue *cc,
                     const struct policy *p, const struct pseudo_key *key);
/* Reports every cell that cannot be written (required and blank, not of
 * its type, not in the year's code list); returns how many. */
size_t cla_check_writable(const struct cla_record *rec, const struct cla_spec *spec,
                          const struct cla_catalogue *cc, const struct policy *p, cla_defect_fn fn, void *opaque);

/* ---- writers --------------------------------------------------------------------------- */

struct cla_xml_writer;
/* NULL with a message when the spec has a column the XML layout does not place. */
struct cla_xml_writer *cla_xml_open(FILE *fp, const struct cla_spec *spec, char *err, size_t errlen);
int cla_xml_child(struct cla_xml_writer *w, const struct cla_child *c);
int cla_xml_finish(struct cla_xml_writer *w);
void cla_xml_free(struct cla_xml_writer *w);

/* CSV: the header row of t, then rows; CRLF line ends. */
int cla_csv_header(FILE *fp, const struct cla_table *t);
int cla_csv_rows(FILE *fp, const struct cla_child *c, size_t table_index, struct strbuf *scratch);

#endif
