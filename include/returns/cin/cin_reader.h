/*
 * Streaming reader of a CIN census XML file (an uploaded or built return).
 *
 * The reader turns the file into one cin_header and then one cin_child at a
 * time, while libxml2 validates it against the collection year's XSD in the
 * same pass, so a 1 GB return is checked in constant memory.  Every schema
 * error is handed to a callback with its line and element path (all of them,
 * not just the first); the caller turns them into report findings (code XSD).
 *
 * The file is untrusted.  The reader refuses, with a one-line diagnosis that
 * names the file and line, anything it cannot read safely or that is not a
 * CIN census: an empty file, a file that is not XML or ends early, a DOCTYPE
 * (so no DTD, entity or external resource is ever loaded or expanded),
 * nesting deeper than CIN_READER_MAX_DEPTH, element names longer than
 * CIN_READER_MAX_NAME, text nodes over CIN_READER_MAX_TEXT bytes, a child
 * with more than CIN_READER_MAX_CHILD_ELEMENTS elements, UTF-16/UTF-32
 * files, another return (EXPSSDA903 root) or another root element, and a
 * collection year with no schema.  Network access is off, XInclude is never
 * processed and libxml2's own size limits stay on (no XML_PARSE_HUGE).
 *
 * Encoding decisions:
 *   - a UTF-8 byte-order mark is accepted silently (libxml2 skips it; DfE's
 *     COLLECT accepts such files and Windows tools often write one);
 *   - UTF-16 or UTF-32 (with or without a BOM) is refused: COLLECT expects
 *     UTF-8, and a validator that passes a file COLLECT will not take is
 *     worse than one that asks for it to be re-saved as UTF-8;
 *   - an XML declaration naming another 8-bit encoding (ISO-8859-1,
 *     windows-1252, US-ASCII ...) is read (libxml2 converts it) with a
 *     warning unless it is US-ASCII, which is a subset of UTF-8.
 * Namespace decision: DfE files have no namespace and the schema has no
 * target namespace.  A namespace on Message is reported as a schema error
 * (path "Message", its line), after which libxml2's validator can match
 * nothing; elements are still read by their local names, so the DfE rules
 * are applied and the report is useful.  The exit status is then 1, not 7.
 *
 * Lines: every value, group and header carries the 1-based source line of
 * its start tag (where the tag ends), exact for any file size.  A schema
 * error about an element's start (not expected, ...) is at that line; one
 * about its content (a bad value, a missing child) is at its start tag too,
 * as tree-based tools report it, although libxml2 raises it at the end tag.
 * Paths number repeatable elements always and others from the second on:
 * "Message/Children/Child[3]/CINdetails[1]/ReferralNFA", ".../UPN[2]".
 *
 * Memory: the header belongs to the reader until cin_reader_close; a child
 * returned by cin_reader_next_child (and everything it points to) belongs to
 * the reader until the next call; an item (below) is the caller's until it
 * is recycled.
 * Input may be a pipe: the bytes read to find the header are kept and
 * replayed, nothing is read twice.
 */
#ifndef STATRETURN_CIN_READER_H
#define STATRETURN_CIN_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/cin/cin_record.h"
#include "core/date.h"

#define CIN_READER_MAX_DEPTH          32
#define CIN_READER_MAX_NAME           128
#define CIN_READER_MAX_TEXT           (64 * 1024)
#define CIN_READER_MAX_CHILD_ELEMENTS 20000
/* The header must start within this many bytes of the file. */
#define CIN_READER_MAX_PEEK           (1024 * 1024)

/* Status of cin_reader_open and cin_schemas_get. */
enum cin_read_status {
    CIN_READ_OK = 0,
    CIN_READ_INPUT = -1,      /* unreadable, unsafe, not XML, not a CIN census */
    CIN_READ_NO_SCHEMA = -2,  /* no specs/cin/cin_<year>.xsd for the file's year */
    CIN_READ_SPEC = -3        /* a schema file exists but cannot be compiled */
};

/* One schema (XSD) error.  Pointers are valid only during the callback. */
struct cin_schema_error {
    uint32_t line;
    const char *path;          /* e.g. "Message/Children/Child[2]/ChildIdentifiers/Sex" */
    const char *message;       /* libxml2's message with element values replaced by [value hidden] */
    const char *value;         /* text of the element the message is about, or NULL; personal */
    size_t child_position;     /* 1-based Child, 0 outside Children/Child */
    const char *la_child_id;   /* that child's LAchildID when it has one, else NULL */
    size_t episode_position;   /* CINdetails position, 0 when none */
    sr_date referral_date;     /* that episode's CINreferralDate, else SR_DATE_NONE */
};

typedef void (*cin_schema_error_fn)(void *opaque, const struct cin_schema_error *e);

/* Compiled schemas, one per year, shared by every reader of a run so that a
 * schema is compiled once however many files are validated. */
struct cin_schemas;
struct cin_schemas *cin_schemas_new(void);
void cin_schemas_free(struct cin_schemas *s);
/* Years with a shipped schema (specs/cin/cin_YYYY.xsd), ascending, written to
 * `years`; returns how many there are (may exceed n). */
size_t cin_schemas_years(int *years, size_t n);
/* Compiles (once) the schema for `year`.  CIN_READ_NO_SCHEMA when the file
 * does not exist, CIN_READ_SPEC when it does not compile; message in err. */
int cin_schemas_load(struct cin_schemas *s, int year, char *err, size_t errlen);

struct cin_reader_options {
    int year;                        /* 0: from the header (cin_reader_year); else overrides it */
    bool skip_schema;                /* read without XSD validation */
    struct cin_schemas *schemas;     /* NULL: the reader compiles its own */
    cin_schema_error_fn on_schema_error;   /* may be NULL */
    void *opaque;
};

struct cin_reader;

/*
 * Opens `path`, checks that it is a CIN census it can read safely, reads the
 * header to learn the year, and attaches that year's schema.  On failure
 * returns an enum cin_read_status with a one-line diagnosis in err (naming
 * the file and, where there is one, the line) and sets *out to NULL.
 */
int cin_reader_open(const char *path, const struct cin_reader_options *opt,
                    struct cin_reader **out, char *err, size_t errlen);
/* The collection year in force: the override; else the header's Year, or,
 * when the header's ReferenceDate is in another collection year, that one
 * (cin_reader_year_from_reference_date says so). */
int cin_reader_year(const struct cin_reader *r);
/* The header's Year as a number, 0 when missing or not a year. */
int cin_reader_header_year(const struct cin_reader *r);
/* Whether the year in force is the ReferenceDate's, not the header Year's. */
bool cin_reader_year_from_reference_date(const struct cin_reader *r);
/* Reads the header (values absent when the file has no Header).  0, or -1
 * on a fatal error (see cin_reader_error). */
int cin_reader_header(struct cin_reader *r, const struct cin_header **h);
/* 1: *child is the next child; 0: no more children; -1: fatal error. */
int cin_reader_next_child(struct cin_reader *r, const struct cin_child **child);
/*
 * The same stream in units that can leave the reader, for checking children
 * on another thread while this one parses on (cin_parallel.h).  An item is
 * a child with the schema errors that belong with it, or schema errors
 * outside any child; items come in file order and, delivered in that order
 * (errors, then the child's rules), give exactly what cin_reader_next_child
 * gives.  Do not mix the two on one reader.
 *
 * cin_reader_next_item: 1 and *item (the caller's until recycled), 0 at the
 * end, -1 on a fatal error (items before it have all been handed out).
 * cin_item_child and cin_item_deliver_errors touch only the item and the
 * reader's options, so they may run on another thread while the reader
 * parses; cin_reader_next_item and cin_reader_recycle run on the reader's.
 * Every item must be recycled before cin_reader_close.
 */
struct cin_item;
int cin_reader_next_item(struct cin_reader *r, struct cin_item **item);
/* The item's child, or NULL when it holds only schema errors. */
const struct cin_child *cin_item_child(const struct cin_item *item);
/* Bytes of memory the item holds (its arena). */
size_t cin_item_bytes(const struct cin_item *item);
/* Calls the reader's on_schema_error for each of the item's errors, in order. */
void cin_item_deliver_errors(const struct cin_reader *r, const struct cin_item *item);
void cin_reader_recycle(struct cin_reader *r, struct cin_item *item);
/* Number of Child elements completed so far. */
size_t cin_reader_children(const struct cin_reader *r);
/* One-line diagnosis of the fatal error, naming the file and line. */
const char *cin_reader_error(const struct cin_reader *r);
void cin_reader_close(struct cin_reader *r);

#endif
