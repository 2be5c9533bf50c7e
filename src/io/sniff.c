/*
 * Sniffing a file's kind from its first 8 KiB; see include/io/sniff.h.  No
 * XML or JSON parser: only the root element's name, the first character of
 * a JSON text, or the first header cell.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
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
            if (buf[i + 1] == '?')
                end = strstr((const char *)buf + i, "?>");
            else if (!strncmp((const char *)buf + i, "<!--", 4))
                end = strstr((const char *)buf + i, "-->");
            else
                break;
            if (!end)
                return;
            i = (size_t)(end - (const char *)buf) + (buf[i + 1] == '?' ? 2 : 3);
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

