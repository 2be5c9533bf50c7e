/*
 * A streaming RFC 4180 reader for the validation of Supporting Families
 * files (the build writes their cells with io/csv.h's csv_cell, values
 * unaltered).  The reader accepts CRLF or LF, quoted fields spanning lines,
 * and reports an unterminated quote or a stray quote inside an unquoted
 * field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/families/families.h"
#include "core/xalloc.h"

#define MAX_FIELD_BYTES (1u << 20)

struct fam_csv_reader {
    FILE *f;
    struct strbuf buf;        /* the record's fields, each NUL-terminated */
    size_t *starts;           /* offsets of the fields in buf */
    size_t n, cap;
    unsigned long line;       /* current physical line */
    unsigned long record_line;
    const char *error;
    bool eof;
};

struct fam_csv_reader *fam_csv_open(FILE *f)
{
    struct fam_csv_reader *r = xcalloc(1, sizeof *r);
    strbuf_init(&r->buf, 4096);
    r->f = f;
    r->line = 1;
    return r;
}

void fam_csv_close(struct fam_csv_reader *r)
{
    if (!r)
        return;
    strbuf_release(&r->buf);
    free(r->starts);
    free(r);
}

static void start_field(struct fam_csv_reader *r)
{
    ALLOC_GROW(r->starts, r->n, r->cap);
    r->starts[r->n++] = r->buf.len;
}

static void end_field(struct fam_csv_reader *r)
{
    strbuf_addch(&r->buf, '\0');
}

int fam_csv_next(struct fam_csv_reader *r)
{
    int c;
    size_t field_start;

    if (r->eof || r->error)
        return r->error ? -1 : 0;
    strbuf_reset(&r->buf);
    r->n = 0;
    r->record_line = r->line;
    c = getc_unlocked(r->f);
    if (c == EOF) {
        r->eof = true;
        return 0;
    }
    for (;;) {
        start_field(r);
        field_start = r->buf.len;
        if (c == '"') {
            for (;;) {
                c = getc_unlocked(r->f);
                if (c == EOF) {
                    r->error = "a quoted field is not closed before the end of the file";
                    return -1;
                }
                if (c == '"') {
                    c = getc_unlocked(r->f);
                    if (c != '"')
                        break;
                } else if (c == '\n') {
                    r->line++;
                }
                strbuf_addch(&r->buf, c);
                if (r->buf.len - field_start > MAX_FIELD_BYTES) {
                    r->error = "a field is longer than 1 MiB";
                    return -1;
                }
            }
            if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                r->error = "a quoted field is followed by text before the next comma";
                return -1;
            }
        } else {
            while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                if (c == '"') {
                    r->error = "a quote inside an unquoted field (RFC 4180 needs the field quoted)";
                    return -1;
                }
                strbuf_addch(&r->buf, c);
                if (r->buf.len - field_start > MAX_FIELD_BYTES) {
                    r->error = "a field is longer than 1 MiB";
                    return -1;
                }
                c = getc_unlocked(r->f);
            }
        }
        end_field(r);
        if (c == ',') {
            c = getc_unlocked(r->f);
            continue;
        }
        if (c == '\r') {
            c = getc_unlocked(r->f);
            if (c != '\n' && c != EOF) {
                r->error = "a carriage return outside quotes is not followed by a line feed";
                return -1;
            }
        }
        if (c == '\n')
            r->line++;
        if (c == EOF)
            r->eof = true;
        return 1;
    }
}

size_t fam_csv_nfields(const struct fam_csv_reader *r)
{
    return r->n;
}

const char *fam_csv_field(const struct fam_csv_reader *r, size_t i)
{
    return i < r->n ? r->buf.buf + r->starts[i] : NULL;
}

unsigned long fam_csv_line(const struct fam_csv_reader *r)
{
    return r->record_line;
}

const char *fam_csv_error(const struct fam_csv_reader *r)
{
    return r->error ? r->error : "";
}
