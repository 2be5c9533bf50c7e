/*
 * The one JSON writer: every JSON document the tool writes (run manifests,
 * validation reports, the fields-shared reports) is laid out by it, so that
 * commas, brackets and the alternation of keys and values are never placed
 * by hand.  Strings go through the one escaper (json.h).
 *
 * Each container is opened with a layout; the documents we publish keep
 * theirs byte for byte, so the layouts are the ones they use:
 *
 *   JSON_INLINE  {"a": 1, "b": 2} on the current line; json_wrap() puts the
 *                next member on a new line (a long object read by people);
 *   JSON_BLOCK   each member on its own line, the closing bracket on a line
 *                of its own, also when empty ("[\n  ]");
 *   JSON_ROWS    each member on its own line, the closing bracket right
 *                after the last member ("]" alone when empty: "[]").
 *
 * A layout's indent is where its member lines (and the lines json_wrap
 * starts) begin, counted from the indent of the line on which the container
 * opens; a block's closing bracket goes back to that line's indent.  Spacing
 * is a writer setting: JSON_SPACED writes ": " and ", " (documents read by
 * people), JSON_COMPACT ":" and "," (the validation report, which can hold
 * millions of findings).  Separators that end a line carry no trailing space.
 * A document ends with a newline after its root value.
 *
 * Misuse (a value where a key is due, a key in an array or twice, an end that
 * does not match its begin, a second root value, nesting deeper than
 * JSON_WRITER_MAX_DEPTH, an incomplete document at json_writer_finish) sets
 * a sticky error instead of aborting: library code does not stop the program
 * (house style), and a caller that checks json_writer_finish turns it into
 * an internal error; once set, the writer writes nothing more, so a broken
 * document is never patched up into a wrong but valid one.  A failed write
 * to the stream (json_writer_stream_to) sets the same flag.
 *
 * Ownership: the writer owns nothing.  The strbuf (and the FILE) belong to
 * the caller and must outlive the writer; there is nothing to release.
 */
#ifndef STATRETURN_IO_JSON_WRITER_H
#define STATRETURN_IO_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strbuf.h"
#include "io/json.h"

enum json_shape { JSON_SHAPE_INLINE, JSON_SHAPE_BLOCK, JSON_SHAPE_ROWS };

struct json_layout {
    enum json_shape shape;
    unsigned indent;          /* member lines' indent, relative to the opening line's */
};

#define JSON_LAYOUT(shape, indent) ((struct json_layout){ (shape), (indent) })
#define JSON_INLINE JSON_LAYOUT(JSON_SHAPE_INLINE, 0)
#define JSON_BLOCK  JSON_LAYOUT(JSON_SHAPE_BLOCK, 2)
#define JSON_ROWS   JSON_LAYOUT(JSON_SHAPE_ROWS, 2)

enum json_spacing { JSON_SPACED, JSON_COMPACT };

enum json_writer_error {
    JSON_WRITER_OK,
    JSON_WRITER_MISUSE,       /* a bug in the caller: see above */
    JSON_WRITER_IO,           /* writing to the stream failed (errno kept in io_errno) */
};

#define JSON_WRITER_MAX_DEPTH 16
/* With a stream, what the strbuf holds is written out once it passes this. */
#define JSON_WRITER_FLUSH_AT 65536

struct json_frame {
    struct json_layout layout;
    unsigned base;            /* indent of the line the container opened on */
    size_t members;
    bool object;
    bool value_due;           /* object: a key was written, its value was not */
    bool wrap;                /* json_wrap: the next separator ends the line */
};

struct json_writer {
    struct strbuf *out;
    FILE *stream;             /* NULL: everything stays in out */
    enum json_escape escape;
    enum json_spacing spacing;
    enum json_writer_error error;
    int io_errno;
    bool done;                /* the root value is complete */
    unsigned line_indent;     /* indent of the line being written */
    unsigned depth;
    struct json_frame frame[JSON_WRITER_MAX_DEPTH];
};

/* Starts a document appended to out (which may already hold text: the
 * writer counts its lines' indents from its own first byte). */
void json_writer_init(struct json_writer *w, struct strbuf *out, enum json_escape escape,
                      enum json_spacing spacing);
/* Streams the document to fp: whenever out holds JSON_WRITER_FLUSH_AT bytes
 * after a value, they are written to fp and out is emptied, so that memory
 * stays bounded however long the document. */
void json_writer_stream_to(struct json_writer *w, FILE *fp);
/* Checks that the document is complete and, when streaming, writes out the
 * rest of it.  0, or -1 with json_writer_error() saying why. */
int json_writer_finish(struct json_writer *w);
enum json_writer_error json_writer_error(const struct json_writer *w);

void json_begin_object(struct json_writer *w, struct json_layout layout);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, struct json_layout layout);
void json_end_array(struct json_writer *w);
/* The separator before the next member of an inline container ends the
 * line (",\n" and the layout's indent).  Nothing before a container's first
 * member, which has no separator, nor in a block or rows, which already
 * start every member on a line of its own. */
void json_wrap(struct json_writer *w);

void json_key(struct json_writer *w, const char *key);
/* NULL is written as "" (as by the escaper); json_string_or_null writes null. */
void json_string(struct json_writer *w, const char *s);
void json_string_or_null(struct json_writer *w, const char *s);
void json_int(struct json_writer *w, intmax_t n);
void json_uint(struct json_writer *w, uintmax_t n);
void json_bool(struct json_writer *w, bool b);
void json_null(struct json_writer *w);

/* A key and its value in one call: json_key() then the value. */
void json_member_string(struct json_writer *w, const char *key, const char *s);
void json_member_string_or_null(struct json_writer *w, const char *key, const char *s);
void json_member_int(struct json_writer *w, const char *key, intmax_t n);
void json_member_uint(struct json_writer *w, const char *key, uintmax_t n);
void json_member_bool(struct json_writer *w, const char *key, bool b);
void json_member_null(struct json_writer *w, const char *key);

#endif
