/*
 * The line reader of our configuration files; see confline.h for what a
 * line is and the two comment dialects.
 *
 * Lines are read with getline, so no line is cut at a buffer size: a cut
 * line would be read as two, with the second numbered as a line of its
 * own.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/confline.h"
#include "core/strbuf.h"

int confline_open(struct confline *cl, const char *path, enum confline_comment comment)
{
    memset(cl, 0, sizeof *cl);
    cl->path = path;
    cl->comment = comment;
    cl->f = fopen(path, "r");
    return cl->f ? 0 : -1;
}

void confline_close(struct confline *cl)
{
    int saved = errno;   /* a caller may still be wording a message from it */

    if (cl->f)
        fclose(cl->f);
    free(cl->buf);
    cl->f = NULL;
    cl->buf = NULL;
    cl->cap = 0;
    cl->text = NULL;
    errno = saved;
}

static void strip_comment(char *s, enum confline_comment comment)
{
    if (comment == CONFLINE_HASH_ANYWHERE) {
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        return;
    }
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            return;
        }
}

int confline_next(struct confline *cl)
{
    ssize_t len;

    cl->text = NULL;
    errno = 0;
    len = getline(&cl->buf, &cl->cap, cl->f);
    if (len < 0) {
        if (feof(cl->f) && !ferror(cl->f))
            return 0;
        cl->read_errno = errno ? errno : EIO;
        return -1;
    }
    cl->lineno++;
    if (len > 0 && cl->buf[len - 1] == '\n')
        cl->buf[--len] = '\0';
    cl->has_nul = memchr(cl->buf, '\0', (size_t)len) != NULL;
    cl->indented = cl->buf[0] == ' ' || cl->buf[0] == '\t';
    strip_comment(cl->buf, cl->comment);
    cl->text = str_trim(cl->buf);
    return 1;
}

int confline_each(const char *path, enum confline_comment comment, confline_fn *fn, void *ctx)
{
    struct confline cl;
    int r, ret = 0;

    if (confline_open(&cl, path, comment) != 0)
        return CONFLINE_EOPEN;
    while (ret == 0 && (r = confline_next(&cl)) != 0) {
        if (r < 0) {
            ret = CONFLINE_EREAD;
            break;
        }
        if (*cl.text && fn(ctx, &cl) != 0)
            ret = -1;
    }
    if (ret == CONFLINE_EREAD)
        errno = cl.read_errno;
    confline_close(&cl);
    return ret;
}

int confline_read(const char *what, const char *path, enum confline_comment comment, confline_fn *fn, void *ctx,
                  char *err, size_t errlen)
{
    int r = confline_each(path, comment, fn, ctx);

    if (r == CONFLINE_EOPEN)
        snprintf(err, errlen, "cannot open %s file '%s': %s", what, path, strerror(errno));
    else if (r == CONFLINE_EREAD)
        snprintf(err, errlen, "cannot read %s file '%s'", what, path);
    return r ? -1 : 0;
}

bool confline_split_kv(char *s, char **key, char **value)
{
    char *eq = strchr(s, '=');

    if (!eq)
        return false;
    *eq = '\0';
    *key = str_trim(s);
    *value = str_trim(eq + 1);
    return true;
}

char *confline_word(char **pos, const char *blanks)
{
    char *s = *pos + strspn(*pos, blanks);
    char *end;

    if (!*s) {
        *pos = s;
        return NULL;
    }
    end = s + strcspn(s, blanks);
    *pos = *end ? end + 1 : end;
    *end = '\0';
    return s;
}

size_t confline_words(char *s, char **w, size_t max)
{
    size_t n = 0;
    char *word;

    while ((word = confline_word(&s, " \t")) != NULL) {
        if (n == max)
            return max + 1;
        w[n++] = word;
    }
    return n;
}

int confline_verror(char *err, size_t errlen, const char *path, unsigned line, const char *fmt, va_list ap)
{
    int n;

    if (line)
        n = snprintf(err, errlen, "%s:%u: ", path, line);
    else
        n = snprintf(err, errlen, "%s: ", path);
    if (n >= 0 && (size_t)n < errlen)
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    return -1;
}

int confline_error(char *err, size_t errlen, const char *path, unsigned line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    confline_verror(err, errlen, path, line, fmt, ap);
    va_end(ap);
    return -1;
}
