/*
 * The synthetic-data generators' output: SQL for psql, mostly the rows of
 * COPY ... FROM stdin blocks in PostgreSQL's text format.
 *
 * A sink buffers what the generators write and hands it to a FILE in large
 * blocks.  A row is written column by column (col_*: the separating tab is
 * written for them) and ended with row_end().  A failed write is remembered
 * and everything after it dropped, so that the generators need not check
 * each call; sink_close() reports it.
 *
 * COPY text escaping: backslash, newline, carriage return and tab are
 * written as \\, \n, \r and \t; NULL is \N.
 *
 *   struct synth_sink s;
 *   sink_init(&s, stdout);
 *   sink_str(&s, "COPY t (a, b) FROM stdin;\n");
 *   col_text(&s, "x");  col_date(&s, d);  row_end(&s);
 *   sink_str(&s, "\\.\n");
 *   if (sink_close(&s, err, sizeof err) != 0) ...
 */
#ifndef STATRETURN_SYNTH_SINK_H
#define STATRETURN_SYNTH_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

#define SYNTH_SINK_CAP (1u << 16)

struct synth_sink {
    FILE *f;            /* the caller's: never closed here */
    char *buf;          /* owned: SYNTH_SINK_CAP bytes, freed by sink_close */
    size_t len;
    bool failed;        /* a write failed; what follows is dropped */
    bool row_start;     /* the next column is the first of its row */
};

/* Starts a sink writing to f.  Always pair with sink_close. */
void sink_init(struct synth_sink *s, FILE *f);

/* Writes what is buffered, flushes f and frees the buffer.  Returns 0, or
 * -1 with "synth: write failed" in err (which may be NULL, errlen 0) when
 * any write failed. */
int sink_close(struct synth_sink *s, char *err, size_t errlen);

/* Writes what is buffered to f. */
void sink_flush(struct synth_sink *s);

/* sink_put's way when p does not fit in what is left of the buffer. */
void sink_put_slow(struct synth_sink *s, const char *p, size_t n);

/* Raw bytes, written as they are. */
static inline void sink_put(struct synth_sink *s, const char *p, size_t n)
{
    if (n <= SYNTH_SINK_CAP - s->len) {
        memcpy(s->buf + s->len, p, n);
        s->len += n;
        return;
    }
    sink_put_slow(s, p, n);
}

static inline void sink_str(struct synth_sink *s, const char *p)
{
    sink_put(s, p, strlen(p));
}

/* Starts a column whose content the caller writes raw (sink_put): the tab
 * before every column but a row's first. */
static inline void col_sep(struct synth_sink *s)
{
    if (!s->row_start)
        sink_put(s, "\t", 1);
    s->row_start = false;
}

/* Text, escaped; NULL for p == NULL. */
void col_text(struct synth_sink *s, const char *p);
void col_null(struct synth_sink *s);
/* One character; NULL for '\0'. */
void col_char(struct synth_sink *s, char ch);
/* Y or N. */
void col_flag(struct synth_sink *s, bool yes);
/* YYYY-MM-DD; NULL for SR_DATE_NONE. */
void col_date(struct synth_sink *s, sr_date d);
/* Decimal digits. */
void col_ulong(struct synth_sink *s, unsigned long v);

static inline void row_end(struct synth_sink *s)
{
    sink_put(s, "\n", 1);
    s->row_start = true;
}

#endif
