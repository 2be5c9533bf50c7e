/*
 * The CSC API payload validator (returns/validator.h).
 *
 * A file is recognised by its first significant character ('[' or '{', or
 * the same in UTF-16, which is named and refused: the API takes UTF-8).
 * It is either what `build csc-api` writes, JSON Lines with one batch (one
 * POST: a JSON array of child records) per line, or one JSON document.  It
 * is JSON Lines when its first line is a whole JSON value and more follows.
 *
 * Each batch is checked against the request body of DfE's OpenAPI file
 * (csc_schema.c): its own constraints (an array, maxItems), then each
 * record.  A failure is a finding of the one finding model: the child by
 * its la_child_id (unless the schema finds fault with the id itself: that
 * record is named by its place alone), the JSON path and the constraint,
 * and the file's line; never the value.  The coded fields of a record
 * that passes are then checked against DfE's code lists as the build
 * checks them (csc_codes.c): a code not on its list is a query, which
 * leaves the status as it was.  The lists are those of the collection
 * year given by --year, else of the run date in the file's name as the
 * build writes it (csc_api_YYYY-MM-DD_LA.jsonl), else of today.  A file
 * that is not JSON (broken, truncated, nested too deep, holding NUL or
 * invalid UTF-8) is diagnosed by line and has status SR_INPUT.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "returns/cscapi/csc_codes.h"
#include "returns/cscapi/csc_schema.h"
#include "returns/cscapi/csc_validator.h"

/* A payload of 1,000,000 children is about 1.5 GB; a file the size of any
 * council's feed is far below this. */
#define CSC_MAX_FILE ((size_t)1 << 30)

static const struct rule schema_rule = {
    "CSC-SCHEMA", RULE_ERROR, "CSC API",
    "The record or batch does not meet DfE's CSC API schema; DfE would refuse the batch",
};

struct vstate {
    struct csc_schema *schema;
    struct strbuf why;            /* why the schema could not be loaded */
    struct csc_codes *codes;      /* the code lists of codes_year (NULL: not loaded yet) */
    int codes_year;
};

static void *state_new(void)
{
    struct vstate *vs = xcalloc(1, sizeof *vs);
    struct strbuf path = STRBUF_INIT;

    strbuf_init(&vs->why, 0);
    sr_data_path(&path, "specs/csc-api/dfe_csc_api_openapi_1.0.1.json");
    vs->schema = csc_schema_load(path.buf, &vs->why);
    strbuf_release(&path);
    return vs;
}

static void state_free(void *state)
{
    struct vstate *vs = state;
    csc_schema_free(vs->schema);
    csc_codes_free(vs->codes);
    strbuf_release(&vs->why);
    free(vs);
}

static bool recognise(const struct file_sniff *s)
{
    return s->json || s->json_utf16;
}

/* The record's la_child_id, to name the child in the report, unless the
 * schema found fault with it (then the record is named by its place). */
static const char *child_name(const struct jv *rec, const struct strbuf *failures, const char *place)
{
    const struct jv *id = jv_get(rec, "la_child_id");
    struct strbuf own = STRBUF_INIT;
    bool faulty;

    if (!id || id->type != JV_STRING || !*id->s)
        return NULL;
    strbuf_addf(&own, "\n%s.la_child_id\t", place);
    faulty = !strncmp(failures->buf, own.buf + 1, own.len - 1) || strstr(failures->buf, own.buf);
    strbuf_release(&own);
    return faulty ? NULL : id->s;
}

/* Collects a record's failures ("path<TAB>problem<NL>") before they are
 * reported, so that the child is named only by a sound id. */
static void collect(void *opaque, const char *path, const char *problem)
{
    strbuf_addf(opaque, "%s\t%s\n", path, problem);
}

struct fail_ctx {
    struct validation *v;
    const char *child;
    size_t position;              /* 1-based over the file; 0 for a batch */
    unsigned line;
    size_t failures;
};

/* A finding of rule about the record (or batch) fc is at. */
static void report_at(const struct fail_ctx *fc, const struct rule *rule, const char *path, const char *problem)
{
    struct finding f = { 0 };

    f.rule = rule;
    f.referral_date = SR_DATE_NONE;
    f.la_child_id = fc->child;
    f.child_position = fc->position;
    f.path = path;
    f.line = fc->line;
    f.message = problem;
    report_finding(fc->v->report, &f);
}

static void on_failure(void *opaque, const char *path, const char *problem)
{
    struct fail_ctx *fc = opaque;

    report_at(fc, &schema_rule, path, problem);
    fc->failures++;
}

/* A code not on its list: a query, not counted among the failures. */
static void on_code_query(void *opaque, const char *path, const char *problem)
{
    report_at(opaque, &csc_code_rule, path, problem);
}

/* One batch (a parsed body) at line; *children counts its records. */
static void check_batch(struct validation *v, const struct csc_schema *schema, const struct csc_codes *codes,
                        const struct jv *body, unsigned line, size_t *children)
{
    struct fail_ctx fc = { v, NULL, 0, line, 0 };
    struct strbuf failures = STRBUF_INIT;

    csc_schema_check_batch(schema, body, on_failure, &fc);
    if (body->type != JV_ARRAY) {
        strbuf_release(&failures);
        return;
    }
    for (size_t i = 0; i < body->n; i++) {
        char place[32];
        const struct jv *rec = body->items[i];
        snprintf(place, sizeof place, "[%zu]", i);
        strbuf_reset(&failures);
        fc.position = ++*children;
        fc.line = rec->line ? rec->line : line;
        if (!csc_schema_check_record(schema, rec, place, collect, &failures)) {
            /* a record that passes: its codes, the child by its sound id */
            const struct jv *id = jv_get(rec, "la_child_id");
            fc.child = id && id->type == JV_STRING && *id->s ? id->s : NULL;
            csc_codes_check_record(codes, rec, place, on_code_query, &fc);
            continue;
        }
        fc.child = child_name(rec, &failures, place);
        for (char *p = failures.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
            char *tab = strchr(p, '\t');
            *tab = *nl = '\0';
            on_failure(&fc, p, tab + 1);
        }
    }
    strbuf_release(&failures);
}

struct reading {
    const char *path;
    struct strbuf diagnosis;      /* the first problem */
    size_t bad_lines;
};

static void unreadable(struct reading *rd, const struct strbuf *why)
{
    if (!rd->bad_lines++)
        strbuf_addf(&rd->diagnosis, "%s: not a CSC API payload: %s", rd->path, why->buf);
}

/* Parses text[0..len) as one body starting at line and checks it. */
static void one_body(struct validation *v, const struct csc_schema *schema, const struct csc_codes *codes,
                     struct reading *rd, const char *text, size_t len, unsigned line, size_t *children)
{
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    const struct jv *body = jv_parse_at(&a, text, len, line, &err);

    if (body)
        check_batch(v, schema, codes, body, line, children);
    else
        unreadable(rd, &err);
    strbuf_release(&err);
    arena_release(&a);
}

static bool blank(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
            return false;
    return true;
}

/* Whether the text is JSON Lines: its first line is a whole JSON value and
 * something follows it. */
static bool json_lines(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    if (!nl || blank(nl + 1, text + len))
        return false;
    struct arena a = ARENA_INIT;
    struct strbuf err = STRBUF_INIT;
    bool whole = jv_parse(&a, text, (size_t)(nl - text), &err) != NULL;
    strbuf_release(&err);
    arena_release(&a);
    return whole;
}

static int read_all(const char *path, struct strbuf *text, struct strbuf *why)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    char buf[65536];
    size_t n;

    if (!f) {
        strbuf_addf(why, "%s: cannot be read: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &sb) == 0 && (size_t)sb.st_size > CSC_MAX_FILE) {
        strbuf_addf(why, "%s: larger than 1 GiB, more than any CSC API payload", path);
        fclose(f);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && text->len <= CSC_MAX_FILE)
        strbuf_add(text, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad || text->len > CSC_MAX_FILE) {
        strbuf_addf(why, "%s: %s", path, bad ? "cannot be read" : "larger than 1 GiB, more than any CSC API payload");
        return -1;
    }
    return 0;
}

/* Every body of the text: each line of JSON Lines, or the one document. */
static void check_text(struct validation *v, const struct csc_schema *schema, const struct csc_codes *codes,
                       struct reading *rd, const struct strbuf *text, size_t *children)
{
    if (!json_lines(text->buf, text->len)) {
        one_body(v, schema, codes, rd, text->buf, text->len, 1, children);
        return;
    }
    const char *p = text->buf, *end = text->buf + text->len;
    for (unsigned line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (!nl && blank(p, end))
            break;
        one_body(v, schema, codes, rd, p, (size_t)(stop - p), line, children);
        p = nl ? nl + 1 : end;
    }
}

/* The collection year of the code lists: --year, else the run date in
 * the name the build gives a payload (csc_api_YYYY-MM-DD_LA.jsonl), else
 * today's. */
static int codes_year(const struct validation *v, const char *path)
{
    const char *base = strrchr(path, '/');
    char iso[11];
    sr_date d;

    if (v->req && v->req->year)
        return v->req->year;
    base = base ? base + 1 : path;
    if (!strncmp(base, "csc_api_", 8) && strlen(base) > 19 && base[18] == '_') {
        memcpy(iso, base + 8, 10);
        iso[10] = '\0';
        if (sr_date_ok(d = date_parse_iso(iso)))
            return csc_codes_year_of(d);
    }
    return csc_codes_year_of(date_today());
}

static enum sr_status validate(struct validation *v, void *state, const char *path)
{
    struct vstate *vs = state;
    struct reading rd = { path, STRBUF_INIT, 0 };
    struct strbuf text = STRBUF_INIT;
    struct file_sniff sn;
    size_t children = 0;
    enum sr_status st = SR_OK;

    if (!vs->schema) {
        sr_error("the CSC API schema cannot be used: %s", vs->why.buf);
        report_set_diagnosis(v->report, "the CSC API schema cannot be used");
        return SR_CONFIG;
    }
    int year = codes_year(v, path);
    if (!vs->codes || vs->codes_year != year) {
        struct strbuf why = STRBUF_INIT;
        csc_codes_free(vs->codes);
        vs->codes_year = year;
        if (!(vs->codes = csc_codes_load(year, &why))) {
            sr_error("%s", why.buf);
            report_set_diagnosis(v->report, "the DfE code lists cannot be used");
            strbuf_release(&why);
            return SR_CONFIG;
        }
        strbuf_release(&why);
    }
    file_sniff(path, &sn);
    if (sn.json_utf16)
        strbuf_addf(&rd.diagnosis, "%s: not a CSC API payload: it is UTF-16; the CSC API takes UTF-8 only", path);
    else if (read_all(path, &text, &rd.diagnosis) == 0)
        check_text(v, vs->schema, vs->codes, &rd, &text, &children);
    report_set_children(v->report, children);
    if (rd.bad_lines > 1)
        strbuf_addf(&rd.diagnosis, " (and %zu more lines cannot be read)", rd.bad_lines - 1);
    if (rd.diagnosis.len) {
        sr_error("%s", rd.diagnosis.buf);
        report_set_diagnosis(v->report, rd.diagnosis.buf);
        st = SR_INPUT;
    } else if (report_errors(v->report)) {
        st = SR_RULE_ERRORS;
    }
    strbuf_release(&text);
    strbuf_release(&rd.diagnosis);
    return st;
}

const struct return_validator csc_validator = {
    .title = "CSC API payload",
    .recognise = recognise,
    .validate = validate,
    .state_new = state_new,
    .state_free = state_free,
};
