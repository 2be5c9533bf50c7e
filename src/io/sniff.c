/*
 * Sniffing a file's kind from its first 8 KiB; see include/io/sniff.h.  No
 * XML or JSON parser: only the root element's name, the first character of
 * a JSON text, or the first header cell.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/sniff.h"

/* Whether the text is UTF-16 (either byte order, with or without a
 * byte-order mark) whose first significant character opens a JSON array
 * or object. */
static bool utf16_json(const unsigned char *b, size_t len)
{
    size_t i = 0;
    bool le;

    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        le = b[0] == 0xFF;
        i = 2;
    } else if (len >= 2 && (b[0] == 0) != (b[1] == 0)) {
        le = b[1] == 0;
    } else {
        return false;
    }
    for (; i + 1 < len; i += 2) {
        unsigned hi = le ? b[i + 1] : b[i], lo = le ? b[i] : b[i + 1];
        if (hi == 0 && (lo == ' ' || lo == '\t' || lo == '\r' || lo == '\n'))
            continue;
        return hi == 0 && (lo == '[' || lo == '{');
    }
    return false;
}

void file_sniff(const char *path, struct file_sniff *s)
{
    unsigned char buf[8192];
    struct stat st;
    ssize_t n;
    size_t i = 0, len;
    int fd;

    memset(s, 0, sizeof *s);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return;
    len = (size_t)n;
    buf[len] = '\0';
    s->readable = true;
    s->json_utf16 = utf16_json(buf, len);
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    while (i < len && isspace(buf[i]))
        i++;
    if (i < len && buf[i] == '<') {
        s->xml = true;
        /* Skip the XML declaration, processing instructions and comments. */
        while (i < len && buf[i] == '<') {
            const char *end = NULL;
            size_t skip = 3;
            if (buf[i + 1] == '?') {
                end = strstr((const char *)buf + i, "?>");
                skip = 2;
            } else if (!strncmp((const char *)buf + i, "<!--", 4)) {
                end = strstr((const char *)buf + i, "-->");
            } else if (!strncmp((const char *)buf + i, "<!DOCTYPE", 9)) {
                /* passed over only to find the root, so that the root's
                 * own validator refuses the DOCTYPE in its own words */
                const char *open_sub = strchr((const char *)buf + i, '[');
                const char *gt = strchr((const char *)buf + i, '>');
                end = open_sub && gt && open_sub < gt ? strstr(open_sub, "]>") : gt;
                skip = end && *end == ']' ? 2 : 1;
            } else {
                break;
            }
            if (!end)
                return;
            i = (size_t)(end - (const char *)buf) + skip;
            while (i < len && isspace(buf[i]))
                i++;
        }
        if (i + 1 < len && buf[i] == '<' && (isalpha(buf[i + 1]) || buf[i + 1] == '_')) {
            size_t start = ++i, k = 0;
            while (i < len && (isalnum(buf[i]) || buf[i] == '_' || buf[i] == '-' || buf[i] == '.'
                               || buf[i] == ':'))
                i++;
            const char *name = (const char *)buf + start;
            size_t nlen = i - start;
            const char *colon = memchr(name, ':', nlen);
            if (colon) {
                nlen -= (size_t)(colon + 1 - name);
                name = colon + 1;
            }
            for (k = 0; k < nlen && k < sizeof s->root - 1; k++)
                s->root[k] = name[k];
            s->root[k] = '\0';
        }
        return;
    }
    if (i < len && (buf[i] == '[' || buf[i] == '{'))
        s->json = true;
    /* Text: the first cell of the first line. */
    size_t k = 0;
    if (i < len && buf[i] == '"')
        i++;
    while (i < len && k < sizeof s->first_field - 1 && buf[i] != ',' && buf[i] != '"'
           && buf[i] != '\r' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != ';')
        s->first_field[k++] = (char)toupper(buf[i++]);
    s->first_field[k] = '\0';
}


/* An unnamed file in dir; a named one unlinked at once where the
 * filesystem has no O_TMPFILE. */
static int unnamed_file(const char *dir)
{
    char name[4096];
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, S_IRUSR | S_IWUSR);

    if (fd >= 0 || (size_t)snprintf(name, sizeof name, "%s/.statreturn-spool.XXXXXX", dir) >= sizeof name)
        return fd;
    fd = mkstemp(name);
    if (fd >= 0)
        unlink(name);
    return fd;
}

static int copy_all(int in, int out, const char *path, char *err, size_t errlen)
{
    char buf[65536];
    unsigned long long total = 0;
    ssize_t n;

    while ((n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
            return -1;
        }
        if (total < 8192 && memchr(buf, '\0', (size_t)n < 8192 - total ? (size_t)n : 8192 - total)
            && !(total == 0 && n >= 2 && ((buf[0] == '\xff' && buf[1] == '\xfe') || (buf[0] == '\xfe' && buf[1] == '\xff')))) {
            snprintf(err, errlen, "'%s' holds NUL bytes: it is not a text file", path);
            return -1;
        }
        total += (unsigned long long)n;
        if (total > SNIFF_SPOOL_MAX) {
            snprintf(err, errlen, "'%s' gives more than %llu GiB: that is no return", path, SNIFF_SPOOL_MAX >> 30);
            return -1;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                snprintf(err, errlen, "cannot copy '%s' into a temporary file: %s", path, strerror(errno));
                return -1;
            }
            off += w;
        }
    }
    return 0;
}

int sniff_spool(const char *path, char *proc, size_t proclen, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    int in = open(path, O_RDONLY | O_CLOEXEC), out;

    if (in < 0) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    out = unnamed_file(dir && *dir ? dir : "/tmp");
    if (out < 0) {
        snprintf(err, errlen, "cannot make a temporary file to read '%s' into: %s", path, strerror(errno));
        close(in);
        return -1;
    }
    if (copy_all(in, out, path, err, errlen) != 0) {
        close(in);
        close(out);
        return -1;
    }
    close(in);
    snprintf(proc, proclen, "/proc/self/fd/%d", out);
    return out;
}
