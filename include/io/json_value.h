/*
 * JSON documents in memory: a small tree (objects keep their members in
 * the order they were added or read), a strict parser and a compact
 * serialiser.
 *
 * The CSC API return needs what the flat reader (json.h) cannot do: it
 * reads DfE's OpenAPI schema and payload files, which nest, and it builds
 * each child's record as a tree so that the schema check, the change hash
 * and the batch file all see the same value.  We keep it our own rather
 * than take a JSON library: it is a few hundred lines, it allocates from
 * the per-record arena (so a child's tree costs nothing to free), and its
 * errors name a line, never a value.
 *
 * Ownership: every node and string lives in the arena given; nothing is
 * freed on its own.
 */
#ifndef STATRETURN_IO_JSON_VALUE_H
#define STATRETURN_IO_JSON_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/strbuf.h"

enum jv_type { JV_NULL, JV_BOOL, JV_INT, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

struct jv;

struct jv_member {
    const char *key;
    struct jv *value;
};

struct jv {
    enum jv_type type;
    bool b;
    long long i;             /* JV_INT */
    double num;              /* JV_NUMBER and JV_INT */
    const char *s;           /* JV_STRING: UTF-8, NUL-terminated (no NUL inside: refused) */
    struct jv_member *members;   /* JV_OBJECT */
    struct jv **items;           /* JV_ARRAY */
    size_t n, cap;
    unsigned line;           /* where a parsed value starts (1-based), 0 when built */
};

/* Parses text (len bytes) as one JSON value, with nothing but white space
 * after it.  NULL with "line N: what is wrong" in err.  Strings holding
 * \u0000 or invalid UTF-8 (overlong forms, surrogates, beyond U+10FFFF)
 * and nesting deeper than 64 are refused; a UTF-8 byte-order mark is
 * refused too (the CSC API wants none). */
struct jv *jv_parse(struct arena *a, const char *text, size_t len, struct strbuf *err);
/* The same, for text that starts at line first_line of its file (a line of
 * JSON Lines), so that errors and jv.line name the file's line. */
struct jv *jv_parse_at(struct arena *a, const char *text, size_t len, unsigned first_line, struct strbuf *err);

struct jv *jv_new(struct arena *a, enum jv_type type);
struct jv *jv_string(struct arena *a, const char *s);
struct jv *jv_bool(struct arena *a, bool b);
struct jv *jv_int(struct arena *a, long long i);
/* Appends a member (keys are not checked for repeats: the builder's job). */
void jv_set(struct arena *a, struct jv *obj, const char *key, struct jv *value);
void jv_push(struct arena *a, struct jv *arr, struct jv *value);
/* The member called key of an object, or NULL. */
struct jv *jv_get(const struct jv *obj, const char *key);
/* The object member called key, created empty when absent. */
struct jv *jv_child(struct arena *a, struct jv *obj, const char *key, enum jv_type type);

/* Keys a serialisation leaves out (with their values): NULL keeps all. */
typedef bool jv_skip_fn(const char *key);

/* Appends v as compact JSON (no spaces), strings through the one escaper. */
void jv_write(struct strbuf *out, const struct jv *v, jv_skip_fn *skip);

/* Whether two values are equal as JSON (member order matters not). */
bool jv_equal(const struct jv *x, const struct jv *y);

#endif
