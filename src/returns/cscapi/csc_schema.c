/*
 * The OpenAPI schema interpreter; see include/returns/cscapi/csc_schema.h.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "returns/cscapi/csc_schema.h"

struct pattern {
    const struct jv *node;      /* the schema object holding "pattern" */
    regex_t re;
};

struct csc_schema {
    struct arena arena;
    struct jv *doc;
    const struct jv *body;      /* the request body schema (resolved) */
    const struct jv *item;      /* its items schema (resolved) */
    const char *version;
    struct pattern *patterns;
    size_t n_patterns, cap_patterns;
};

static const char *const annotations[] = { "description", "title", "default", "example", "examples", NULL };
static const char *const keywords[] = {
    "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "uniqueItems",
    "minLength", "maxLength", "pattern", "enum", "minimum", "maximum", "format", "$ref", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

/* A local reference "#/a/b/c" in the document, or NULL. */
static const struct jv *resolve(const struct csc_schema *s, const struct jv *node)
{
    for (int hops = 0; node && hops < 16; hops++) {
        const struct jv *ref = jv_get(node, "$ref");
        if (!ref)
            return node;
        if (ref->type != JV_STRING || strncmp(ref->s, "#/", 2))
            return NULL;
        const struct jv *at = s->doc;
        char *path = xstrdup(ref->s + 2), *save = path, *part;
        while (at && (part = strsep(&save, "/")))
            at = jv_get(at, part);
        free(path);
        node = at;
    }
    return NULL;
}

/* Every schema object reachable from node: keywords known, patterns
 * compiled, references resolvable.  -1 with err. */
static int prepare(struct csc_schema *s, const struct jv *node, const char *where, unsigned depth,
                   struct strbuf *err)
{
    if (depth > 32 || !node || node->type != JV_OBJECT) {
        strbuf_addf(err, "a schema at %s is not an object", where);
        return -1;
    }
    if (jv_get(node, "$ref")) {
        if (!resolve(s, node)) {
            strbuf_addf(err, "the reference at %s does not resolve inside the file", where);
            return -1;
        }
        return 0;   /* the target is prepared where it is defined */
    }
    for (size_t i = 0; i < node->n; i++) {
        const char *k = node->members[i].key;
        const struct jv *v = node->members[i].value;
        if (in_list(annotations, k))
            continue;
        if (!in_list(keywords, k)) {
            strbuf_addf(err, "the schema at %s uses '%s', which statreturn does not interpret", where, k);
            return -1;
        }
        if (!strcmp(k, "pattern")) {
            if (v->type != JV_STRING) {
                strbuf_addf(err, "the pattern at %s is not a string", where);
                return -1;
            }
            if (s->n_patterns == s->cap_patterns)
                s->patterns = xreallocarray(s->patterns, s->cap_patterns = s->cap_patterns * 2 + 8,
                                            sizeof *s->patterns);
            struct pattern *p = &s->patterns[s->n_patterns];
            if (regcomp(&p->re, v->s, REG_EXTENDED | REG_NOSUB) != 0) {
                strbuf_addf(err, "the pattern at %s is not a regular expression statreturn can use", where);
                return -1;
            }
            p->node = node;
            s->n_patterns++;
        }
    }
    const struct jv *props = jv_get(node, "properties");
    for (size_t i = 0; props && i < props->n; i++) {
        struct strbuf w = STRBUF_INIT;
        strbuf_addf(&w, "%s.%s", where, props->members[i].key);
        int r = prepare(s, props->members[i].value, w.buf, depth + 1, err);
        strbuf_release(&w);
        if (r)
            return -1;
    }
    const struct jv *items = jv_get(node, "items");
    const struct jv *extra = jv_get(node, "additionalProperties");
    struct strbuf w = STRBUF_INIT;
    strbuf_addf(&w, "%s[]", where);
    int r = items ? prepare(s, items, w.buf, depth + 1, err) : 0;
    if (!r && extra && extra->type == JV_OBJECT)
        r = prepare(s, extra, where, depth + 1, err);
    strbuf_release(&w);
    return r;
}

static const struct jv *find_body(const struct csc_schema *s)
{
    const struct jv *paths = jv_get(s->doc, "paths");
    for (size_t i = 0; paths && i < paths->n; i++) {
        const struct jv *post = jv_get(paths->members[i].value, "post");
        const struct jv *sch = jv_get(jv_get(jv_get(jv_get(post, "requestBody"), "content"), "application/json"),
                                      "schema");
        if (sch)
            return resolve(s, sch);
    }
    return NULL;
}

struct csc_schema *csc_schema_load(const char *path, struct strbuf *err)
{
    struct csc_schema *s = xcalloc(1, sizeof *s);
    struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
    FILE *f = fopen(path, "rb");
    char buf[8192];
    size_t n;

    arena_init(&s->arena);
    if (!f) {
        strbuf_addf(err, "%s: cannot open the CSC API schema", path);
        goto fail;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&text, buf, n);
    fclose(f);
    if (!(s->doc = jv_parse(&s->arena, text.buf, text.len, &why))) {
        strbuf_addf(err, "%s: not JSON: %s", path, why.buf);
        goto fail;
    }
    const struct jv *ver = jv_get(jv_get(s->doc, "info"), "version");
    s->version = ver && ver->type == JV_STRING ? ver->s : "unknown";
    s->body = find_body(s);
    const struct jv *type = jv_get(s->body, "type");
    if (!s->body || !type || type->type != JV_STRING || strcmp(type->s, "array")
        || !(s->item = resolve(s, jv_get(s->body, "items")))) {
        strbuf_addf(err, "%s: no POST operation whose JSON body is an array of records", path);
        goto fail;
    }
    const struct jv *comps = jv_get(jv_get(s->doc, "components"), "schemas");
    for (size_t i = 0; comps && i < comps->n; i++) {
        struct strbuf w = STRBUF_INIT;
        strbuf_addf(&w, "components.schemas.%s", comps->members[i].key);
        int r = prepare(s, comps->members[i].value, w.buf, 0, &why);
        strbuf_release(&w);
        if (r) {
            strbuf_addf(err, "%s: %s", path, why.buf);
            goto fail;
        }
    }
    strbuf_release(&text);
    strbuf_release(&why);
    return s;
fail:
    strbuf_release(&text);
    strbuf_release(&why);
    csc_schema_free(s);
    return NULL;
}

void csc_schema_free(struct csc_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_patterns; i++)
        regfree(&s->patterns[i].re);
    free(s->patterns);
    arena_release(&s->arena);
    free(s);
}

const char *csc_schema_version(const struct csc_schema *s)
{
    return s->version;
}

size_t csc_schema_max_items(const struct csc_schema *s)
{
    const struct jv *m = jv_get(s->body, "maxItems");
    return m && m->type == JV_INT && m->i > 0 ? (size_t)m->i : 0;
}

/* ---- checking ------------------------------------------------------------ */

struct check {
    const struct csc_schema *s;
    csc_schema_fail_fn *fn;
    void *ctx;
    size_t failures;
    struct strbuf path;
    bool shallow;               /* an array's own keywords, not its items */
};

static void failed(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failed(struct check *c, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    c->fn(c->ctx, c->path.len ? c->path.buf : "(the body)", msg.buf);
    c->failures++;
    strbuf_release(&msg);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool type_is(const struct jv *v, const char *t)
{
    switch (v->type) {
    case JV_NULL: return !strcmp(t, "null");
    case JV_BOOL: return !strcmp(t, "boolean");
    case JV_INT: return !strcmp(t, "integer") || !strcmp(t, "number");
    case JV_NUMBER: return !strcmp(t, "number");
    case JV_STRING: return !strcmp(t, "string");
    case JV_ARRAY: return !strcmp(t, "array");
    case JV_OBJECT: return !strcmp(t, "object");
    }
    return false;
}

static bool is_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return date_valid_ymd(y, m, d);
}

static bool is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
            return false;
    }
    return true;
}

static const regex_t *pattern_of(const struct csc_schema *s, const struct jv *node)
{
    for (size_t i = 0; i < s->n_patterns; i++)
        if (s->patterns[i].node == node)
            return &s->patterns[i].re;
    return NULL;
}

static void check_value(struct check *c, const struct jv *sch, const struct jv *v);

static void check_string(struct check *c, const struct jv *sch, const struct jv *v)
{
    const struct jv *k;
    size_t len = utf8_chars(v->s);
    if ((k = jv_get(sch, "maxLength")) && k->type == JV_INT && (long long)len > k->i)
        failed(c, "is longer than %lld characters (maxLength)", k->i);
    if ((k = jv_get(sch, "minLength")) && k->type == JV_INT && (long long)len < k->i)
        failed(c, "is shorter than %lld characters (minLength)", k->i);
    if ((k = jv_get(sch, "pattern"))) {
        const regex_t *re = pattern_of(c->s, sch);
        if (re && regexec(re, v->s, 0, NULL, 0) != 0)
            failed(c, "does not match the pattern %s", k->s);
    }
    if ((k = jv_get(sch, "format")) && k->type == JV_STRING) {
        if (!strcmp(k->s, "date") && !is_date(v->s))
            failed(c, "is not a date (format date: YYYY-MM-DD)");
        else if (!strcmp(k->s, "uuid") && !is_uuid(v->s))
            failed(c, "is not a UUID (format uuid)");
    }
}

static void check_array(struct check *c, const struct jv *sch, const struct jv *v)
{
    const struct jv *k;
    if ((k = jv_get(sch, "maxItems")) && k->type == JV_INT && (long long)v->n > k->i)
        failed(c, "has more than %lld items (maxItems)", k->i);
    if ((k = jv_get(sch, "minItems")) && k->type == JV_INT && (long long)v->n < k->i)
        failed(c, "has fewer than %lld items (minItems)", k->i);
    if ((k = jv_get(sch, "uniqueItems")) && k->type == JV_BOOL && k->b)
        for (size_t i = 1; i < v->n; i++)
            for (size_t j = 0; j < i; j++)
                if (jv_equal(v->items[i], v->items[j])) {
                    failed(c, "item %zu repeats item %zu (uniqueItems)", i, j);
                    i = v->n;
                    break;
                }
    const struct jv *items = c->shallow ? NULL : jv_get(sch, "items");
    size_t len = c->path.len;
    for (size_t i = 0; items && i < v->n; i++) {
        strbuf_addf(&c->path, "[%zu]", i);
        check_value(c, items, v->items[i]);
        c->path.len = len;
        c->path.buf[len] = '\0';
    }
}

static void check_object(struct check *c, const struct jv *sch, const struct jv *v)
{
    const struct jv *props = jv_get(sch, "properties"), *req = jv_get(sch, "required");
    const struct jv *extra = jv_get(sch, "additionalProperties");
    size_t len = c->path.len;

    for (size_t i = 0; req && req->type == JV_ARRAY && i < req->n; i++)
        if (req->items[i]->type == JV_STRING && !jv_get(v, req->items[i]->s)) {
            strbuf_addf(&c->path, ".%s", req->items[i]->s);
            failed(c, "is required and missing");
            c->path.len = len;
            c->path.buf[len] = '\0';
        }
    for (size_t i = 0; i < v->n; i++) {
        const struct jv *ps = jv_get(props, v->members[i].key);
        strbuf_addf(&c->path, ".%s", v->members[i].key);
        if (i && jv_get(v, v->members[i].key) != v->members[i].value)
            failed(c, "appears twice in its object");
        else if (ps)
            check_value(c, ps, v->members[i].value);
        else if (extra && extra->type == JV_BOOL && !extra->b)
            failed(c, "is not a property the schema allows (additionalProperties: false)");
        else if (extra && extra->type == JV_OBJECT)
            check_value(c, extra, v->members[i].value);
        c->path.len = len;
        c->path.buf[len] = '\0';
    }
}

static void check_value(struct check *c, const struct jv *sch, const struct jv *v)
{
    const struct jv *k;

    sch = resolve(c->s, sch);
    if (!sch)
        return;
    if ((k = jv_get(sch, "type")) && k->type == JV_STRING && !type_is(v, k->s)) {
        failed(c, "must be of type %s", k->s);
        return;
    }
    if ((k = jv_get(sch, "enum")) && k->type == JV_ARRAY) {
        bool found = false;
        for (size_t i = 0; i < k->n && !found; i++)
            found = jv_equal(k->items[i], v);
        if (!found)
            failed(c, "is not one of the values the schema lists (enum)");
    }
    if (v->type == JV_INT || v->type == JV_NUMBER) {
        if ((k = jv_get(sch, "maximum")) && (k->type == JV_INT || k->type == JV_NUMBER) && v->num > k->num)
            failed(c, "is above the maximum %g", k->num);
        if ((k = jv_get(sch, "minimum")) && (k->type == JV_INT || k->type == JV_NUMBER) && v->num < k->num)
            failed(c, "is below the minimum %g", k->num);
    }
    if (v->type == JV_STRING)
        check_string(c, sch, v);
    else if (v->type == JV_ARRAY)
        check_array(c, sch, v);
    else if (v->type == JV_OBJECT)
        check_object(c, sch, v);
}

size_t csc_schema_check_record(const struct csc_schema *s, const struct jv *rec, const char *path,
                               csc_schema_fail_fn *fn, void *ctx)
{
    struct check c = { s, fn, ctx, 0, STRBUF_INIT, false };
    strbuf_addstr(&c.path, path);
    check_value(&c, s->item, rec);
    strbuf_release(&c.path);
    return c.failures;
}

static size_t check_body(const struct csc_schema *s, const struct jv *body, bool shallow, csc_schema_fail_fn *fn,
                         void *ctx)
{
    struct check c = { s, fn, ctx, 0, STRBUF_INIT, shallow };
    check_value(&c, s->body, body);
    strbuf_release(&c.path);
    return c.failures;
}

size_t csc_schema_check_body(const struct csc_schema *s, const struct jv *body, csc_schema_fail_fn *fn, void *ctx)
{
    return check_body(s, body, false, fn, ctx);
}

size_t csc_schema_check_batch(const struct csc_schema *s, const struct jv *body, csc_schema_fail_fn *fn, void *ctx)
{
    return check_body(s, body, true, fn, ctx);
}
