/*
 * The configuration file; see config.h for the format and search order.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
}

void config_release(struct config *c)
{
    free(c->path);
    free(c->la);
    free(c->dsn);
    free(c->schema);
    free(c->output_dir);
    free(c->serial_no);
    for (size_t i = 0; i < c->n_key_files; i++) {
        free(c->key_files[i].name);
        free(c->key_files[i].path);
    }
    free(c->key_files);
    config_init(c);
}

const char *config_default_path(void)
{
    const char *env = getenv("STATRETURN_CONFIG");
    if (env && *env)
        return env;
    if (access("/etc/statreturn/statreturn.conf", R_OK) == 0)
        return "/etc/statreturn/statreturn.conf";
    return NULL;
}

const char *config_key_file(const struct config *c, const char *name)
{
    for (size_t i = 0; i < c->n_key_files; i++)
        if (!strcmp(c->key_files[i].name, name))
            return c->key_files[i].path;
    return NULL;
}

int config_load(struct config *c, const char *path, int explicit_path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    unsigned lineno = 0;
    size_t cap = 0;

    if (!f) {
        if (!explicit_path && errno == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot open configuration file '%s': %s", path, strerror(errno));
        return -1;
    }
    free(c->path);
    c->path = xstrdup(path);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = str_trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u: expected 'key = value'", path, lineno);
            fclose(f);
            return -1;
        }
        *eq = '\0';
        char *key = str_trim(s), *value = str_trim(eq + 1);
        char **slot = NULL;
        if (!strcmp(key, "la"))
            slot = &c->la;
        else if (!strcmp(key, "dsn"))
            slot = &c->dsn;
        else if (!strcmp(key, "schema"))
            slot = &c->schema;
        else if (!strcmp(key, "output_dir"))
            slot = &c->output_dir;
        else if (!strcmp(key, "serial_no"))
            slot = &c->serial_no;
        if (slot) {
            free(*slot);
            *slot = xstrdup(value);
        } else if (!strcmp(key, "statement_timeout")) {
            char *end;
            long v = strtol(value, &end, 10);
            if (!*value || *end || v < 0 || v > 86400) {
                snprintf(err, errlen, "%s:%u: statement_timeout must be seconds (0 to 86400)", path, lineno);
                fclose(f);
                return -1;
            }
            c->statement_timeout_s = (int)v;
        } else if (!strncmp(key, "key_file.", 9) && key[9]) {
            ALLOC_GROW(c->key_files, c->n_key_files, cap);
            c->key_files[c->n_key_files].name = xstrdup(key + 9);
            c->key_files[c->n_key_files].path = xstrdup(value);
            c->n_key_files++;
        } else {
            snprintf(err, errlen, "%s:%u: unknown key '%s' (known: la, dsn, schema, output_dir, serial_no, "
                     "statement_timeout, key_file.NAME)", path, lineno, key);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}
