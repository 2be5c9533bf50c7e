/*
 * Test support: scratch directories; see testdir.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/strbuf.h"
#include "testdir.h"

int testdir_make(struct testdir *t, const char *tag)
{
    const char *base = getenv("TMPDIR");
    int n;

    if (!base || !*base)
        base = P_tmpdir;
    n = snprintf(t->path, sizeof t->path, "%s/statreturn-%s.XXXXXX", base, tag);
    if (n < 0 || (size_t)n >= sizeof t->path)
        return -1;
    return mkdtemp(t->path) ? 0 : -1;
}

char *testdir_put(const struct testdir *t, const char *name, const void *data, size_t n)
{
    struct strbuf p = STRBUF_INIT;
    int fd;

    strbuf_addf(&p, "%s/%s", t->path, name);
    fd = open(p.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(n ? write(fd, data, n) : 0, (ssize_t)n);
    assert_int_equal(close(fd), 0);
    return strbuf_detach(&p, NULL);
}

void testdir_remove(struct testdir *t)
{
    struct strbuf p = STRBUF_INIT;
    DIR *d = opendir(t->path);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", t->path, de->d_name);
        unlink(p.buf);
    }
    if (d)
        closedir(d);
    rmdir(t->path);
    strbuf_release(&p);
}
