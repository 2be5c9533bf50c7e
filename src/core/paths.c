/*
 * Finding the shipped data directory; see paths.h.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/xalloc.h"

#ifndef STATRETURN_DATADIR
#define STATRETURN_DATADIR "/usr/local/share/statreturn"
#endif
#ifndef STATRETURN_CONFDIR
#define STATRETURN_CONFDIR "/etc/statreturn"
#endif

static char *cached;
static bool installed;       /* the data directory is an installed share directory */

static int has_specs(const char *dir)
{
    struct strbuf p = STRBUF_INIT;
    struct stat st;
    int ok;

    strbuf_addf(&p, "%s/specs", dir);
    ok = stat(p.buf, &st) == 0 && S_ISDIR(st.st_mode);
    strbuf_release(&p);
    return ok;
}

const char *sr_datadir(void)
{
    if (cached)
        return cached;

    const char *env = getenv("STATRETURN_DATADIR");
    if (env && *env) {
        cached = xstrdup(env);
        return cached;
    }

    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        /* .../bin/statreturn -> ... ; tests live in .../build/tests/x -> ... */
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (up >= 1 && has_specs(exe)) {
                cached = xstrdup(exe);
                return cached;
            }
            /* Installed: PREFIX/bin/statreturn -> PREFIX/share/statreturn,
             * whatever PREFIX the binary was compiled with. */
            if (up == 1) {
                struct strbuf share = STRBUF_INIT;
                strbuf_addf(&share, "%s/share/statreturn", exe);
                if (has_specs(share.buf)) {
                    cached = strbuf_detach(&share, NULL);
                    installed = true;
                    return cached;
                }
                strbuf_release(&share);
            }
        }
    }
    if (has_specs(".")) {
        cached = xstrdup(".");
    } else {
        cached = xstrdup(STATRETURN_DATADIR);
        installed = true;
    }
    return cached;
}

const char *sr_confdir(void)
{
    const char *env = getenv("STATRETURN_CONFDIR");

    if (env && *env)
        return env;
    sr_datadir();
    return installed ? STATRETURN_CONFDIR : NULL;
}

void sr_data_path(struct strbuf *out, const char *rel)
{
    const char *conf = sr_confdir();
    struct stat st;

    if (conf && !strncmp(rel, "specs/", 6)) {
        size_t at = out->len;
        strbuf_addf(out, "%s/%s", conf, rel + 6);
        if (stat(out->buf + at, &st) == 0 && S_ISREG(st.st_mode))
            return;
        out->len = at;
        out->buf[at] = '\0';
    }
    strbuf_addf(out, "%s/%s", sr_datadir(), rel);
}
