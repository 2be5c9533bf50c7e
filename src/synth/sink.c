/*
 * The generators' buffered COPY writer; see sink.h.
 *
 * Columns are formatted by hand rather than with printf: a large `synth`
 * run writes hundreds of millions of them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "synth/ids.h"
#include "synth/sink.h"

void sink_init(struct synth_sink *s, FILE *f)
{
    s->f = f;
    s->buf = xmalloc(SYNTH_SINK_CAP);
    s->len = 0;
    s->failed = false;
    s->row_start = true;
}

void sink_flush(struct synth_sink *s)
{
    if (s->len && !s->failed && fwrite(s->buf, 1, s->len, s->f) != s->len)
        s->failed = true;
    s->len = 0;
}

int sink_close(struct synth_sink *s, char *err, size_t errlen)
{
    sink_flush(s);
    if (!s->failed && (fflush(s->f) != 0 || ferror(s->f)))
        s->failed = true;
    free(s->buf);
    s->buf = NULL;
    if (s->failed) {
        snprintf(err, errlen, "synth: write failed");
        return -1;
    }
    return 0;
}

void sink_put_slow(struct synth_sink *s, const char *p, size_t n)
{
    sink_flush(s);
    if (n > SYNTH_SINK_CAP) {
        /* Larger than the buffer: straight through. */
        if (!s->failed && fwrite(p, 1, n, s->f) != n)
            s->failed = true;
        return;
    }
    memcpy(s->buf, p, n);
    s->len = n;
}

void col_null(struct synth_sink *s)
{
    col_sep(s);
    sink_put(s, "\\N", 2);
}

void col_text(struct synth_sink *s, const char *p)
{
    if (!p) {
        col_null(s);
        return;
    }
    col_sep(s);
    /* Runs without special characters go out in one piece. */
    const char *run = p;
    for (; *p; p++) {
        const char *esc;
        switch (*p) {
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: continue;
        }
        sink_put(s, run, (size_t)(p - run));
        sink_put(s, esc, 2);
        run = p + 1;
    }
    sink_put(s, run, (size_t)(p - run));
}

void col_char(struct synth_sink *s, char ch)
{
    char b[2] = { ch, '\0' };
    col_text(s, ch ? b : NULL);
}

void col_flag(struct synth_sink *s, bool yes)
{
    col_sep(s);
    sink_put(s, yes ? "Y" : "N", 1);
}

void col_date(struct synth_sink *s, sr_date d)
{
    if (d == SR_DATE_NONE) {
        col_null(s);
        return;
    }
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    char b[10];
    synth_put_digits(b, (unsigned long)y, 4);
    b[4] = '-';
    synth_put_digits(b + 5, (unsigned long)m, 2);
    b[7] = '-';
    synth_put_digits(b + 8, (unsigned long)day, 2);
    col_sep(s);
    sink_put(s, b, 10);
}

void col_ulong(struct synth_sink *s, unsigned long v)
{
    char b[24];
    int n = 0;
    do {
        b[sizeof b - 1 - (size_t)n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    col_sep(s);
    sink_put(s, b + sizeof b - (size_t)n, (size_t)n);
}
