/*
 * The one hardened XML reader: libxml2's SAX2 push parser, with the year's
 * XSD plugged into the same event stream (xmlSchemaSAXPlug), for the return
 * readers (the CIN census reader, the EXPSSDA903 validator).  Each of them
 * turns elements into its own records; this module owns everything about
 * reading an untrusted XML file safely, so that it is done once:
 *
 *   - parser options: no DTD loading, no entity expansion, no network, no
 *     XInclude, libxml2's own size limits kept (no XML_PARSE_HUGE); a
 *     DOCTYPE is refused as soon as it is seen, before any entity exists;
 *   - encoding: a UTF-8 byte-order mark is accepted; UTF-16/UTF-32 (with
 *     or without a BOM), gzip and zip files are refused before parsing;
 *   - limits given by the caller: nesting depth, element-name length,
 *     bytes of one text node or attribute value;
 *   - the feed loop from the file, with the bytes of a first pass kept and
 *     replayed into the next so that a pipe is read once (the CIN reader
 *     reads the header first to learn the year, then plugs in its schema);
 *   - a cache of compiled schemas, so that a schema is compiled once;
 *   - schema errors with their line and with values hidden from libxml2's
 *     messages (values are personal: the masking is here, once, and its
 *     pure functions are public so that they can be tested from tables);
 *   - the one-line fatal diagnosis "FILE: line N: what", naming the file
 *     and, where there is one, the line.
 * No libxml2 type appears here: only src/io/xml_*.c include libxml2.
 *
 * Events.  The caller's callbacks see the document as it is parsed:
 *   start         an element starts (local name, namespace URI, line of its
 *                 start tag); returns whether to keep the element's text;
 *   end           its end tag, with the text kept since the last start tag;
 *   settle        the element whose end tag came last is complete: every
 *                 schema error about it has been delivered (libxml2 raises
 *                 them right after our handler for the tag they concern);
 *                 it comes before the next start, end or text event and
 *                 after each parsed chunk, even after a fatal error;
 *   schema_error  one schema error, about the element whose start tag came
 *                 last or, when about_content, the one whose end tag did.
 * The reader checks its limits before start; no callback runs once the
 * reader has failed, except settle.
 *
 * Threading: a reader, its callbacks and the schemas it uses run on the one
 * thread that calls xml_reader_feed; nothing here is shared with another
 * thread.  (The CIN reader hands finished records to a second thread: they
 * are its own, never the parser's.)  A schema cache may serve any number of
 * readers, one after the other or interleaved on that thread.
 */
#ifndef STATRETURN_XML_READER_H
#define STATRETURN_XML_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* ---- compiled schemas --------------------------------------------------- */

struct xml_schema;    /* one compiled XSD; owned by its cache */
struct xml_schemas;   /* compiled XSDs by path */

enum xml_schema_status {
    XML_SCHEMA_OK = 0,
    XML_SCHEMA_MISSING = -1,     /* no file at that path */
    XML_SCHEMA_UNREADABLE = -2,  /* the file cannot be read */
    XML_SCHEMA_INVALID = -3      /* it does not compile */
};

struct xml_schemas *xml_schemas_new(void);
/* Frees every schema compiled into the cache; no reader may still use one. */
void xml_schemas_free(struct xml_schemas *c);
/*
 * The schema at `path`, compiled on first use.  Returns an enum
 * xml_schema_status; on XML_SCHEMA_OK *out is valid until xml_schemas_free.
 * On XML_SCHEMA_INVALID, libxml2's first error ("line N: message") or
 * "unknown error" is appended to why; the caller words the diagnosis.
 */
int xml_schemas_load(struct xml_schemas *c, const char *path, const struct xml_schema **out,
                     struct strbuf *why);

/* ---- value masking -------------------------------------------------------- */

/* What a hidden value becomes in a message. */
#define XML_HIDDEN "[value hidden]"

/* Replaces every quoted 'value' in msg by '[value hidden]', in each form
 * libxml2 may quote it: as is, with white space replaced, and collapsed. */
void xml_hide_value(struct strbuf *msg, const char *value);
/* Belt and braces for values nobody knew: what libxml2 quotes after
 * "value '" and before "' is not a valid value". */
void xml_hide_patterns(struct strbuf *msg);

/* Appends s for a diagnosis: bytes that are not printable ASCII become
 * '?', at most max bytes, then "..." when s is longer (names, encodings and
 * the like quoted from a file). */
void xml_add_printable(struct strbuf *sb, const char *s, size_t max);

/* ---- the reader ----------------------------------------------------------- */

struct xml_schema_error {
    uint32_t line;            /* the element's start tag */
    const char *message;      /* libxml2's (at most 1024 bytes, trailing white space
                                 trimmed), values hidden */
    bool about_content;       /* raised at the end tag: the element's value or children */
    const char *text;         /* about_content and the element has no child element: its
                                 text as kept ("" when not kept); else NULL.  Personal. */
};

struct xml_reader_config {
    const char *what;         /* the files in diagnoses, plural: "CIN census files" */
    unsigned max_depth;       /* elements nested deeper are refused */
    size_t max_name;          /* longest element name, prefix included */
    size_t max_text;          /* longest text node or attribute value, bytes */
    size_t chunk;             /* bytes read and parsed at a time */
    /* Strings passed to callbacks are the parser's: valid during the call
     * (element names: until the pass ends, see xml_reader_intern). */
    bool (*start)(void *opaque, const char *name, const char *uri, uint32_t line);
    /* text: NUL-terminated, len bytes */
    void (*end)(void *opaque, const char *text, size_t len);
    void (*settle)(void *opaque);
    void (*schema_error)(void *opaque, const struct xml_schema_error *e);
    void *opaque;
};

struct xml_reader;

/*
 * Opens `path` (a file or a pipe; not a directory).  *out is always set and
 * is the caller's, to free with xml_reader_free; returns 0, or -1 with the
 * diagnosis in xml_reader_error.  cfg is copied.
 */
int xml_reader_open(struct xml_reader **out, const char *path, const struct xml_reader_config *cfg);
/*
 * Starts a pass over the document with a fresh parser, `schema` plugged in
 * (NULL: none); any parser of an earlier pass is freed.  The bytes earlier
 * passes kept are parsed again first; with `keep`, the bytes this pass
 * reads are kept too.  0, or -1 (diagnosis in xml_reader_error).
 */
int xml_reader_begin(struct xml_reader *r, const struct xml_schema *schema, bool keep);
/* Parses one more chunk: 1, more to come; 0, the document has ended (then
 * always 0); -1, a fatal error (then always -1). */
int xml_reader_feed(struct xml_reader *r);
/* For a second whole pass over a regular file (xml_reader_seekable): back to
 * its first byte, kept bytes dropped.  0, or -1 (diagnosis set). */
int xml_reader_rewind(struct xml_reader *r);
bool xml_reader_seekable(const struct xml_reader *r);

/* From a callback: nothing more is delivered in this pass (no diagnosis). */
void xml_reader_stop(struct xml_reader *r);
/* Stops the reader for good with the diagnosis "FILE: line N: ..." (no
 * "line N: " when line is 0).  The first diagnosis stands. */
__attribute__((format(printf, 3, 4)))
void xml_reader_fail(struct xml_reader *r, uint32_t line, const char *fmt, ...);
bool xml_reader_failed(const struct xml_reader *r);
/* The one-line diagnosis, or NULL when the reader has not failed. */
const char *xml_reader_error(const struct xml_reader *r);

/* A schema error of the caller's own, at `line`, masked and delivered like
 * libxml2's (about_content false).  Only from inside a callback. */
void xml_reader_schema_error(struct xml_reader *r, uint32_t line, const char *message);
/* The pointer `start` will be given for the element name `name` in this
 * pass (the parser interns names), or NULL: lets a caller find known
 * elements by comparing pointers.  Only after xml_reader_begin. */
const char *xml_reader_intern(struct xml_reader *r, const char *name);
/* The encoding the XML declaration names, or NULL. */
const char *xml_reader_encoding(const struct xml_reader *r);
/* Bytes read from the file so far (replayed bytes not counted again). */
uint64_t xml_reader_bytes(const struct xml_reader *r);

void xml_reader_free(struct xml_reader *r);

#endif
