/*
 * The configuration file; see config.h for the format and search order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/confline.h"
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
    for (size_t i = 0; i < c->n_csc_api; i++) {
        free(c->csc_api[i].name);
        free(c->csc_api[i].path);
    }
    free(c->csc_api);
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

/* A key given twice: the last wins, as for every other key. */
const char *config_key_file(const struct config *c, const char *name)
{
    for (size_t i = c->n_key_files; i-- > 0;)
        if (!strcmp(c->key_files[i].name, name))
            return c->key_files[i].path;
    return NULL;
}

struct config_reader {
    struct config *c;
    size_t cap;               /* of c->key_files */
    char *err;
    size_t errlen;
};

/* One "key = value" line; -1 with "file:line: reason" in err. */
static int config_line(void *ctx, const struct confline *cl)
{
    struct config_reader *cr = ctx;
    struct config *c = cr->c;
    char **slot = NULL, *key, *value;

    if (!confline_split_kv(cl->text, &key, &value))
        return confline_error(cr->err, cr->errlen, cl->path, cl->lineno, "expected 'key = value'");
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
        if (!*value || *end || v < 0 || v > 86400)
            return confline_error(cr->err, cr->errlen, cl->path, cl->lineno,
                                  "statement_timeout must be seconds (0 to 86400)");
        c->statement_timeout_s = (int)v;
    } else if (!strcmp(key, "cin_pre_proceedings")) {
        if (strcmp(value, "yes") && strcmp(value, "no"))
            return confline_error(cr->err, cr->errlen, cl->path, cl->lineno, "cin_pre_proceedings must be yes or no");
        c->cin_no_pre_proceedings = !strcmp(value, "no");
    } else if (!strncmp(key, "key_file.", 9) && key[9]) {
        ALLOC_GROW(c->key_files, c->n_key_files, cr->cap);
        c->key_files[c->n_key_files].name = xstrdup(key + 9);
        c->key_files[c->n_key_files].path = xstrdup(value);
        c->n_key_files++;
    } else if (!strncmp(key, "csc_api.", 8) && key[8]) {
        c->csc_api = xreallocarray(c->csc_api, c->n_csc_api + 1, sizeof *c->csc_api);
        c->csc_api[c->n_csc_api].name = xstrdup(key + 8);
        c->csc_api[c->n_csc_api].path = xstrdup(value);
        c->n_csc_api++;
    } else {
        return confline_error(cr->err, cr->errlen, cl->path, cl->lineno, "unknown key '%s' (known: la, dsn, "
                              "schema, output_dir, serial_no, statement_timeout, key_file.NAME, "
                              "cin_pre_proceedings, csc_api.NAME)", key);
    }
    return 0;
}

int config_load(struct config *c, const char *path, int explicit_path, char *err, size_t errlen)
{
    struct config_reader cr = { c, 0, err, errlen };
    /* '#' anywhere is a comment: no value here holds one. */
    int r = confline_each(path, CONFLINE_HASH_ANYWHERE, config_line, &cr);

    if (r == CONFLINE_EOPEN) {
        if (!explicit_path && errno == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot open configuration file '%s': %s", path, strerror(errno));
        return -1;
    }
    free(c->path);
    c->path = xstrdup(path);
    if (r == CONFLINE_EREAD) {
        snprintf(err, errlen, "cannot read configuration file '%s'", path);
        return -1;
    }
    return r;
}

const char *config_csc_api(const struct config *c, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < c->n_csc_api; i++)
        if (!strcmp(c->csc_api[i].name, name))
            v = c->csc_api[i].path;
    return v;
}
