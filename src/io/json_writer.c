/*
 * The JSON writer; see json_writer.h for the layouts and the rules.
 *
 * Every member goes through one place, separate(), which writes the comma
 * and the line break or space its container's layout asks for; every value
 * goes through before_value() and after_value(), which check that it is
 * due and end the document (or stream what is due) after it.  The
 * validation report calls these some ten times per finding, for millions of
 * findings, so they stay small and do not format through printf.
 */
#include <errno.h>
#include <string.h>

#include "io/json_writer.h"

void json_writer_init(struct json_writer *w, struct strbuf *out, enum json_escape escape,
                      enum json_spacing spacing)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->escape = escape;
    w->spacing = spacing;
}

void json_writer_stream_to(struct json_writer *w, FILE *fp)
{
    w->stream = fp;
}

enum json_writer_error json_writer_error(const struct json_writer *w)
{
    return w->error;
}

static void misuse(struct json_writer *w)
{
    if (w->error == JSON_WRITER_OK)
        w->error = JSON_WRITER_MISUSE;
}

static void flush(struct json_writer *w)
{
    if (w->out->len && fwrite(w->out->buf, 1, w->out->len, w->stream) != w->out->len) {
        w->io_errno = errno ? errno : EIO;
        w->error = JSON_WRITER_IO;
    }
    strbuf_reset(w->out);
}

int json_writer_finish(struct json_writer *w)
{
    if (w->depth || !w->done)
        misuse(w);
    if (w->stream && w->error == JSON_WRITER_OK)
        flush(w);
    return w->error == JSON_WRITER_OK ? 0 : -1;
}

/* A line break and the next line's indent. */
static void newline(struct json_writer *w, unsigned indent)
{
    struct strbuf *sb = w->out;

    strbuf_grow(sb, (size_t)indent + 1);
    sb->buf[sb->len++] = '\n';
    memset(sb->buf + sb->len, ' ', indent);
    sb->len += indent;
    sb->buf[sb->len] = '\0';
    w->line_indent = indent;
}

/* What goes before a member of f (a key, or an array's value). */
static void separate(struct json_writer *w, struct json_frame *f)
{
    if (f->members)
        strbuf_addch(w->out, ',');
    if (f->layout.shape != JSON_SHAPE_INLINE || (f->members && f->wrap))
        newline(w, f->base + f->layout.indent);
    else if (f->members && w->spacing == JSON_SPACED)
        strbuf_addch(w->out, ' ');
    f->wrap = false;
    f->members++;
}

/* Whether a value may be written now; writes an array's separator. */
static bool before_value(struct json_writer *w)
{
    if (w->error != JSON_WRITER_OK)
        return false;
    if (!w->depth) {
        if (w->done)
            misuse(w);                  /* a second root value */
        return !w->done;
    }
    struct json_frame *f = &w->frame[w->depth - 1];
    if (f->object) {
        if (!f->value_due) {
            misuse(w);                  /* a value where a key is due */
            return false;
        }
        f->value_due = false;
    } else {
        separate(w, f);
    }
    return true;
}

/* After a scalar or a closed container. */
static void after_value(struct json_writer *w)
{
    if (!w->depth) {
        w->done = true;
        strbuf_addch(w->out, '\n');
    }
    if (w->stream && w->out->len >= JSON_WRITER_FLUSH_AT)
        flush(w);
}

static void begin(struct json_writer *w, struct json_layout layout, bool object)
{
    if (w->error != JSON_WRITER_OK)
        return;
    if (w->depth == JSON_WRITER_MAX_DEPTH || (unsigned)layout.shape > JSON_SHAPE_ROWS) {
        misuse(w);
        return;
    }
    if (!before_value(w))
        return;
    w->frame[w->depth++] = (struct json_frame){
        .layout = layout, .base = w->line_indent, .object = object,
    };
    strbuf_addch(w->out, object ? '{' : '[');
}

static void end(struct json_writer *w, bool object)
{
    if (w->error != JSON_WRITER_OK)
        return;
    struct json_frame *f = w->depth ? &w->frame[w->depth - 1] : NULL;
    if (!f || f->object != object || f->value_due) {
        misuse(w);                      /* nothing open, the other kind, or a key without value */
        return;
    }
    if (f->layout.shape == JSON_SHAPE_BLOCK)
        newline(w, f->base);
    strbuf_addch(w->out, object ? '}' : ']');
    w->depth--;
    after_value(w);
}

void json_begin_object(struct json_writer *w, struct json_layout layout)
{
    begin(w, layout, true);
}

void json_end_object(struct json_writer *w)
{
    end(w, true);
}

void json_begin_array(struct json_writer *w, struct json_layout layout)
{
    begin(w, layout, false);
}

void json_end_array(struct json_writer *w)
{
    end(w, false);
}

void json_wrap(struct json_writer *w)
{
    if (w->error != JSON_WRITER_OK)
        return;
    if (!w->depth) {
        misuse(w);
        return;
    }
    w->frame[w->depth - 1].wrap = true;
}

void json_key(struct json_writer *w, const char *key)
{
    if (w->error != JSON_WRITER_OK)
        return;
    struct json_frame *f = w->depth ? &w->frame[w->depth - 1] : NULL;
    if (!f || !f->object || f->value_due) {
        misuse(w);                      /* outside an object, or a key where a value is due */
        return;
    }
    separate(w, f);
    json_add_string_for(w->out, key, w->escape);
    if (w->spacing == JSON_SPACED)
        strbuf_add(w->out, ": ", 2);
    else
        strbuf_addch(w->out, ':');
    f->value_due = true;
}

void json_string(struct json_writer *w, const char *s)
{
    if (!before_value(w))
        return;
    json_add_string_for(w->out, s, w->escape);
    after_value(w);
}

static void literal(struct json_writer *w, const char *text, size_t len)
{
    if (!before_value(w))
        return;
    strbuf_add(w->out, text, len);
    after_value(w);
}

void json_null(struct json_writer *w)
{
    literal(w, "null", 4);
}

void json_string_or_null(struct json_writer *w, const char *s)
{
    if (s)
        json_string(w, s);
    else
        json_null(w);
}

void json_bool(struct json_writer *w, bool b)
{
    if (b)
        literal(w, "true", 4);
    else
        literal(w, "false", 5);
}

/* Digits by hand: printf would cost more than the rest of a finding. */
static void number(struct json_writer *w, uintmax_t magnitude, bool negative)
{
    char buf[24];
    char *p = buf + sizeof buf;

    do {
        *--p = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (negative)
        *--p = '-';
    literal(w, p, (size_t)(buf + sizeof buf - p));
}

void json_int(struct json_writer *w, intmax_t n)
{
    /* 0 - (uintmax_t)n: the magnitude of INTMAX_MIN too, without overflow */
    if (n < 0)
        number(w, (uintmax_t)0 - (uintmax_t)n, true);
    else
        number(w, (uintmax_t)n, false);
}

void json_uint(struct json_writer *w, uintmax_t n)
{
    number(w, n, false);
}

void json_member_string(struct json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string(w, s);
}

void json_member_string_or_null(struct json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string_or_null(w, s);
}

void json_member_int(struct json_writer *w, const char *key, intmax_t n)
{
    json_key(w, key);
    json_int(w, n);
}

void json_member_uint(struct json_writer *w, const char *key, uintmax_t n)
{
    json_key(w, key);
    json_uint(w, n);
}

void json_member_bool(struct json_writer *w, const char *key, bool b)
{
    json_key(w, key);
    json_bool(w, b);
}

void json_member_null(struct json_writer *w, const char *key)
{
    json_key(w, key);
    json_null(w);
}
