/*
 * The hardened XML reader; see xml_reader.h.
 *
 * Why a SAX2 push parser and not xmlTextReader: the text reader builds a
 * tree that lags the parser by a chunk, while schema errors are raised
 * inside the parser, so an error could not be tied to the element it is
 * about, and xmlTextReaderGetParserLineNumber gives the parser's position,
 * not the node's.  Here our handlers and libxml2's streaming validator (the
 * same xmlSchemaSAXPlug that xmlTextReader uses internally) see the same
 * events in the same order: the plug calls our handler first, then the
 * validator's, so each schema error is raised right after our handler for
 * the start or end tag it concerns.  An end tag therefore only marks its
 * element as ending (pending_end); the element is "settled" at the next
 * event, when its errors are all in.  No tree is ever built, so memory does
 * not grow with the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "io/xml_reader.h"
#include "core/log.h"
#include "core/xalloc.h"

/* The error callbacks' argument became const in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error;
#else
typedef xmlErrorPtr xml_error;
#endif

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void sb_truncate(struct strbuf *sb, size_t len)
{
    if (len < sb->len) {
        sb->len = len;
        sb->buf[len] = '\0';
    }
}

static void sb_replace(struct strbuf *sb, const struct strbuf *with)
{
    strbuf_reset(sb);
    strbuf_add(sb, with->buf, with->len);
}

/* ---- compiled schemas ------------------------------------------------------ */

struct xml_schema {
    char *path;
    xmlSchemaPtr schema;
};

struct xml_schemas {
    struct xml_schema **e;   /* pointers: a handle stays put when the array grows */
    size_t n, cap;
};

struct xml_schemas *xml_schemas_new(void)
{
    return xcalloc(1, sizeof(struct xml_schemas));
}

void xml_schemas_free(struct xml_schemas *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        xmlSchemaFree(c->e[i]->schema);
        free(c->e[i]->path);
        free(c->e[i]);
    }
    free(c->e);
    free(c);
}

static void capture_first_error(void *arg, xml_error e)
{
    struct strbuf *sb = arg;

    if (sb->len || !e || !e->message)
        return;
    if (e->line)
        strbuf_addf(sb, "line %d: ", e->line);
    strbuf_add(sb, e->message, strcspn(e->message, "\n"));
}

int xml_schemas_load(struct xml_schemas *c, const char *path, const struct xml_schema **out,
                     struct strbuf *why)
{
    struct strbuf first = STRBUF_INIT;
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr schema;
    struct stat st;

    for (size_t i = 0; i < c->n; i++) {
        if (!strcmp(c->e[i]->path, path)) {
            *out = c->e[i];
            return XML_SCHEMA_OK;
        }
    }
    *out = NULL;
    if (stat(path, &st) != 0)
        return XML_SCHEMA_MISSING;
    xmlInitParser();
    pc = xmlSchemaNewParserCtxt(path);
    if (!pc)
        return XML_SCHEMA_UNREADABLE;
    xmlSchemaSetParserStructuredErrors(pc, capture_first_error, &first);
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        strbuf_addstr(why, first.len ? first.buf : "unknown error");
        strbuf_release(&first);
        return XML_SCHEMA_INVALID;
    }
    strbuf_release(&first);
    ALLOC_GROW(c->e, c->n, c->cap);
    c->e[c->n] = xcalloc(1, sizeof **c->e);
    c->e[c->n]->path = xstrdup(path);
    c->e[c->n]->schema = schema;
    *out = c->e[c->n++];
    return XML_SCHEMA_OK;
}

/* ---- value masking ---------------------------------------------------------- */

/* Replaces every "'needle'" in sb with "'[value hidden]'". */
static void hide_quoted(struct strbuf *sb, const char *needle, size_t n)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = sb->buf;

    if (!n)
        return;
    for (;;) {
        const char *q = strchr(p, '\'');
        if (!q)
            break;
        if (!strncmp(q + 1, needle, n) && q[1 + n] == '\'') {
            strbuf_add(&out, p, (size_t)(q - p));
            strbuf_addstr(&out, "'" XML_HIDDEN "'");
            p = q + n + 2;
        } else {
            strbuf_add(&out, p, (size_t)(q - p) + 1);
            p = q + 1;
        }
    }
    strbuf_addstr(&out, p);
    sb_replace(sb, &out);
    strbuf_release(&out);
}

/* The whitespace forms libxml2 may quote: as is, 'replace'd and 'collapse'd. */
void xml_hide_value(struct strbuf *msg, const char *v)
{
    struct strbuf alt = STRBUF_INIT;
    size_t n = strlen(v);

    hide_quoted(msg, v, n);
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&alt, is_space(v[i]) ? ' ' : v[i]);
    hide_quoted(msg, alt.buf, alt.len);
    strbuf_reset(&alt);
    for (size_t i = 0; i < n; i++) {
        if (is_space(v[i])) {
            if (alt.len && alt.buf[alt.len - 1] != ' ')
                strbuf_addch(&alt, ' ');
        } else {
            strbuf_addch(&alt, v[i]);
        }
    }
    if (alt.len && alt.buf[alt.len - 1] == ' ')
        sb_truncate(&alt, alt.len - 1);
    hide_quoted(msg, alt.buf, alt.len);
    strbuf_release(&alt);
}

/* msg[start, end) becomes XML_HIDDEN; returns where the rest begins. */
static size_t hide_span(struct strbuf *msg, size_t start, size_t end)
{
    struct strbuf out = STRBUF_INIT;
    size_t rest;

    strbuf_add(&out, msg->buf, start);
    strbuf_addstr(&out, XML_HIDDEN);
    rest = out.len;
    strbuf_addstr(&out, msg->buf + end);
    sb_replace(msg, &out);
    strbuf_release(&out);
    return rest;
}

/* "The value '...' is not ...", "the value '...'", "actual value '...'":
 * the value ends at the first quote followed by a word break. */
static void hide_after_opener(struct strbuf *msg)
{
    static const char opener[] = "value '";
    size_t from = 0;
    char *p;

    while ((p = strstr(msg->buf + from, opener)) != NULL) {
        char *start = p + strlen(opener), *end = NULL;
        if (!strncmp(start, XML_HIDDEN "'", strlen(XML_HIDDEN) + 1)) {
            from = (size_t)(start - msg->buf);
            continue;
        }
        for (char *q = start; (q = strchr(q, '\'')) != NULL; q++) {
            if (q[1] == ' ' || q[1] == '.' || q[1] == ';' || q[1] == ',' || q[1] == '\0') {
                end = q;
                break;
            }
        }
        if (!end)
            break;
        from = hide_span(msg, (size_t)(start - msg->buf), (size_t)(end - msg->buf));
    }
}

void xml_hide_patterns(struct strbuf *msg)
{
    char *t;

    hide_after_opener(msg);
    /* "Element 'X': '...' is not a valid value of the atomic type ..." */
    t = strstr(msg->buf, "' is not a valid value");
    if (t) {
        size_t end = (size_t)(t - msg->buf), q = end;
        while (q >= 2 && !(msg->buf[q - 1] == '\'' && msg->buf[q - 2] == ' '))
            q--;
        if (q >= 2 && strncmp(msg->buf + q, XML_HIDDEN, strlen(XML_HIDDEN)) != 0)
            hide_span(msg, q, end);
    }
}

void xml_add_printable(struct strbuf *sb, const char *s, size_t max)
{
    size_t i;

    for (i = 0; s[i] && i < max; i++)
        strbuf_addch(sb, (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?');
    if (s[i])
        strbuf_addstr(sb, "...");
}

/* ---- the reader --------------------------------------------------------------- */

/* Element names already measured in this pass (see name_too_long). */
#define NAME_CACHE 64

struct frame {
    uint32_t line;            /* of the start tag */
    bool keep;                /* its text is kept (the caller's start said so) */
    bool has_children;        /* a child element has started */
};

struct xml_reader {
    char *file;
    int fd;
    bool eof, seekable;
    struct xml_reader_config cfg;

    xmlSAXHandler sax;
    xmlParserCtxtPtr ctxt;
    xmlSchemaValidCtxtPtr vctxt;
    xmlSchemaSAXPlugPtr plug;
    unsigned char *buf;

    struct strbuf kept;           /* bytes kept for the next pass */
    size_t replay_off;            /* next kept byte to parse in this pass */
    bool keep, sniffed;
    uint64_t bytes;               /* read from the file */
    unsigned char head[3];        /* its first bytes, for the BOM */
    int first_all, first_after_bom;   /* first non-blank byte from 0 / from 3; -1: none yet */

    unsigned depth;
    struct frame *frames;         /* max_depth + 1; [0] is the document */
    const xmlChar *name_ok[NAME_CACHE];
    bool pending_end;             /* an end tag whose element settles at the next event */
    bool root_seen, terminating, finished, halted;
    struct strbuf text;           /* character data since the last start tag */
    size_t text_run;
    struct strbuf attrs;          /* attribute values of the last start tag, NUL-separated */
    struct strbuf msg;            /* scratch for schema messages */

    bool failed;
    struct strbuf diag;
};

static uint32_t cur_line(const struct xml_reader *r)
{
    int l = r->ctxt ? xmlSAX2GetLineNumber(r->ctxt) : 0;
    return l > 0 ? (uint32_t)l : 0;
}

/* Stops the parser from inside a SAX callback.  Not xmlStopParser: in
 * libxml2 2.9 it frees the input buffer at once, while the schema plug's
 * handler that runs after ours still holds pointers into it (text and
 * attribute values), a use-after-free that ASan shows.  These two fields
 * are what makes the parser deliver nothing more and return. */
void xml_reader_stop(struct xml_reader *r)
{
    r->halted = true;
    if (r->ctxt) {
        r->ctxt->disableSAX = 1;
        r->ctxt->instate = XML_PARSER_EOF;
    }
}

void xml_reader_fail(struct xml_reader *r, uint32_t line, const char *fmt, ...)
{
    va_list ap;

    if (r->failed)
        return;
    r->failed = true;
    strbuf_reset(&r->diag);
    strbuf_addf(&r->diag, "%s: ", r->file);
    if (line)
        strbuf_addf(&r->diag, "line %u: ", (unsigned)line);
    va_start(ap, fmt);
    strbuf_vaddf(&r->diag, fmt, ap);
    va_end(ap);
    xml_reader_stop(r);
}

bool xml_reader_failed(const struct xml_reader *r)
{
    return r->failed;
}

const char *xml_reader_error(const struct xml_reader *r)
{
    return r->failed ? r->diag.buf : NULL;
}

/* ---- schema and parser errors ---- */

/* Hands one schema error to the caller, masked first: libxml2 quotes the
 * values it rejects, and they are personal.  The element's text and the
 * last start tag's attribute values are hidden wherever quoted, then
 * whatever the patterns say is a value. */
static void deliver(struct xml_reader *r, uint32_t line, const char *raw, bool about_content, const char *text)
{
    struct strbuf *msg = &r->msg;
    struct xml_schema_error e;

    strbuf_reset(msg);
    strbuf_add(msg, raw, strnlen(raw, 1024));
    while (msg->len && is_space(msg->buf[msg->len - 1]))
        sb_truncate(msg, msg->len - 1);
    if (text && *text)
        xml_hide_value(msg, text);
    for (size_t off = 0; off < r->attrs.len; off += strlen(r->attrs.buf + off) + 1)
        if (r->attrs.buf[off])
            xml_hide_value(msg, r->attrs.buf + off);
    xml_hide_patterns(msg);
    e.line = line;
    e.message = msg->buf;
    e.about_content = about_content;
    e.text = text;
    r->cfg.schema_error(r->cfg.opaque, &e);
}

void xml_reader_schema_error(struct xml_reader *r, uint32_t line, const char *message)
{
    if (!r->failed)
        deliver(r, line, message, false, NULL);
}

/* After an end tag the element's frame is still on top (pending_end): the
 * error is about it, reported at its start tag as tree-based tools do, with
 * its text when it is a leaf (the message may quote it). */
static void on_schema_error(void *arg, xml_error e)
{
    struct xml_reader *r = arg;
    const char *raw;

    if (!e || e->level == XML_ERR_WARNING || r->failed)
        return;
    raw = e->message ? e->message : "schema error";
    if (r->pending_end) {
        const struct frame *f = &r->frames[r->depth];
        deliver(r, f->line, raw, true, f->has_children ? NULL : r->text.buf);
    } else {
        deliver(r, cur_line(r), raw, false, NULL);
    }
}

/* The first byte read that is not a BOM or white space, or 0. */
static int first_nonblank(const struct xml_reader *r)
{
    bool bom = r->bytes >= 3 && !memcmp(r->head, "\xEF\xBB\xBF", 3);
    int c = bom ? r->first_after_bom : r->first_all;

    return c < 0 ? 0 : c;
}

static void note_bytes(struct xml_reader *r, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n && (r->first_all < 0 || r->first_after_bom < 0); i++) {
        uint64_t off = r->bytes + i;
        if (off < 3)
            r->head[off] = b[i];
        if (!is_space((char)b[i])) {
            if (r->first_all < 0)
                r->first_all = b[i];
            if (off >= 3 && r->first_after_bom < 0)
                r->first_after_bom = b[i];
        }
    }
    r->bytes += n;
}

static void on_parser_error(void *arg, xml_error e)
{
    struct xml_reader *r;
    uint32_t line;
    char msg[256];

    (void)arg;   /* the plug's data once the schema is plugged in: use the context */
    if (!e || !e->ctxt)
        return;
    r = ((xmlParserCtxtPtr)e->ctxt)->_private;
    if (!r || r->failed)
        return;
    if (e->level == XML_ERR_WARNING) {
        sr_debug("%s: line %d: %s", r->file, e->line, e->message ? e->message : "warning");
        return;
    }
    line = e->line > 0 ? (uint32_t)e->line : cur_line(r);
    /* Only the first line: later lines can quote bytes of the file. */
    snprintf(msg, sizeof msg, "%.*s", (int)strcspn(e->message ? e->message : "", "\n"),
             e->message ? e->message : "");
    if (!r->root_seen && !first_nonblank(r))
        xml_reader_fail(r, 0, "the file has no XML element (only white space)");
    else if (!r->root_seen && first_nonblank(r) != '<')
        xml_reader_fail(r, 0, "not an XML file (it does not start with '<')");
    else if (!r->root_seen)
        xml_reader_fail(r, line, "not an XML file (%s)", msg);
    else if (r->terminating)
        xml_reader_fail(r, line, "the file ends before the XML is complete (truncated?)");
    else
        xml_reader_fail(r, line, "not well-formed XML: %s", msg);
}

/* ---- SAX handlers ---- */

/* Pops the element whose end tag came last: its schema errors are in. */
static void settle(struct xml_reader *r)
{
    if (!r->pending_end)
        return;
    r->pending_end = false;
    r->cfg.settle(r->cfg.opaque);
    r->depth--;
}

/*
 * Whether an element name is over the limit.  Every element is measured,
 * and a file has millions of them with a few dozen names: the parser
 * interns names in its dictionary, so a name measured once in this pass is
 * remembered by its pointer (only when the dictionary owns it, so that the
 * pointer cannot come to mean another name).
 */
static bool name_too_long(struct xml_reader *r, const xmlChar *name, const xmlChar *prefix)
{
    size_t slot = ((uintptr_t)name >> 3 ^ (uintptr_t)name >> 9) & (NAME_CACHE - 1);

    if (prefix)
        return strlen((const char *)name) + strlen((const char *)prefix) + 1 > r->cfg.max_name;
    if (r->name_ok[slot] == name)
        return false;
    if (strlen((const char *)name) > r->cfg.max_name)
        return true;
    if (xmlDictOwns(r->ctxt->dict, name) == 1)
        r->name_ok[slot] = name;
    return false;
}

/* The limits, checked before the caller sees the element; keeps the
 * attribute values for masking.  0, or -1 after failing. */
static int check_start(struct xml_reader *r, const xmlChar *name, const xmlChar *prefix, int nb_attributes,
                       const xmlChar **attributes, uint32_t line)
{
    if (name_too_long(r, name, prefix)) {
        xml_reader_fail(r, line, "an element name is longer than %zu characters", r->cfg.max_name);
        return -1;
    }
    if (r->depth >= r->cfg.max_depth) {
        xml_reader_fail(r, line, "elements are nested more than %u deep", r->cfg.max_depth);
        return -1;
    }
    if (r->attrs.len)         /* most elements have none: no call for them */
        strbuf_reset(&r->attrs);
    for (int i = 0; i < nb_attributes; i++) {
        const char *v = (const char *)attributes[5 * i + 3];
        const char *end = (const char *)attributes[5 * i + 4];
        if ((size_t)(end - v) > r->cfg.max_text) {
            xml_reader_fail(r, line, "an attribute value is longer than %zu bytes", r->cfg.max_text);
            return -1;
        }
        strbuf_add(&r->attrs, v, (size_t)(end - v));
        strbuf_addch(&r->attrs, '\0');
    }
    return 0;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar **attributes)
{
    struct xml_reader *r = ctx;
    uint32_t line = cur_line(r);
    struct frame *f;
    bool keep;

    (void)nb_namespaces; (void)namespaces; (void)nb_defaulted;
    if (r->failed)
        return;
    settle(r);
    if (r->text.len)
        strbuf_reset(&r->text);
    r->text_run = 0;
    if (check_start(r, localname, prefix, nb_attributes, attributes, line) != 0)
        return;
    if (r->depth == 0)
        r->root_seen = true;
    keep = r->cfg.start(r->cfg.opaque, (const char *)localname, (const char *)uri, line);
    if (r->halted)
        return;   /* the caller kept no frame either */
    r->frames[r->depth].has_children = true;
    f = &r->frames[++r->depth];
    f->line = line;
    f->keep = keep;
    f->has_children = false;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    struct xml_reader *r = ctx;

    (void)localname; (void)prefix; (void)uri;
    if (r->failed)
        return;
    settle(r);
    r->text_run = 0;
    if (r->attrs.len)
        strbuf_reset(&r->attrs);
    r->cfg.end(r->cfg.opaque, r->text.buf, r->text.len);
    r->pending_end = true;
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    struct xml_reader *r = ctx;

    if (r->failed || len <= 0)
        return;
    settle(r);
    r->text_run += (size_t)len;
    if (r->text_run > r->cfg.max_text) {
        xml_reader_fail(r, cur_line(r), "a text node is longer than %zu bytes", r->cfg.max_text);
        return;
    }
    if (r->frames[r->depth].keep)
        strbuf_add(&r->text, ch, (size_t)len);
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    struct xml_reader *r = ctx;

    (void)name; (void)external_id; (void)system_id;
    /* Called before the internal subset is parsed: no entity is ever declared. */
    xml_reader_fail(r, cur_line(r), "the file has a DOCTYPE declaration; %s have none"
                                    " (DTDs and entities are refused for safety)", r->cfg.what);
}

/* ---- opening, passes, feeding ---- */

int xml_reader_open(struct xml_reader **out, const char *path, const struct xml_reader_config *cfg)
{
    struct xml_reader *r = xcalloc(1, sizeof *r);
    struct stat st;

    *out = r;
    xmlInitParser();
    r->file = xstrdup(path);
    r->cfg = *cfg;
    r->first_all = r->first_after_bom = -1;
    r->frames = xcalloc(cfg->max_depth + 1, sizeof *r->frames);
    r->buf = xmalloc(cfg->chunk);
    strbuf_init(&r->kept, 0);
    strbuf_init(&r->text, 256);
    strbuf_init(&r->attrs, 0);
    strbuf_init(&r->msg, 0);
    strbuf_init(&r->diag, 0);
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        xml_reader_fail(r, 0, "cannot open the file: %s", strerror(errno));
        return -1;
    }
    if (fstat(r->fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            xml_reader_fail(r, 0, "is a directory, not a file");
            return -1;
        }
        r->seekable = S_ISREG(st.st_mode);
    }
    return 0;
}

bool xml_reader_seekable(const struct xml_reader *r)
{
    return r->seekable;
}

static void free_parser(struct xml_reader *r)
{
    if (r->plug) {
        xmlSchemaSAXUnplug(r->plug);   /* before freeing: the context points into the plug */
        r->plug = NULL;
    }
    if (r->ctxt) {
        xmlFreeParserCtxt(r->ctxt);
        r->ctxt = NULL;
    }
    if (r->vctxt) {
        xmlSchemaFreeValidCtxt(r->vctxt);
        r->vctxt = NULL;
    }
}

static int plug_schema(struct xml_reader *r, const struct xml_schema *schema)
{
    r->vctxt = xmlSchemaNewValidCtxt(schema->schema);
    if (!r->vctxt) {
        xml_reader_fail(r, 0, "cannot create a schema validation context");
        return -1;
    }
    xmlSchemaSetValidStructuredErrors(r->vctxt, on_schema_error, r);
    r->plug = xmlSchemaSAXPlug(r->vctxt, &r->ctxt->sax, &r->ctxt->userData);
    if (!r->plug) {
        xml_reader_fail(r, 0, "cannot attach the schema to the parser");
        return -1;
    }
    /* The plug's handler table has no structured error channel of its own:
     * give it ours so that parser errors stay with this reader. */
    r->ctxt->sax->serror = on_parser_error;
    return 0;
}

int xml_reader_begin(struct xml_reader *r, const struct xml_schema *schema, bool keep)
{
    free_parser(r);
    if (r->failed)
        return -1;
    r->keep = keep;
    r->replay_off = 0;
    r->depth = 0;
    memset(&r->frames[0], 0, sizeof r->frames[0]);
    memset(r->name_ok, 0, sizeof r->name_ok);   /* a new parser, a new dictionary */
    r->pending_end = r->root_seen = r->terminating = r->finished = r->halted = false;
    strbuf_reset(&r->text);
    strbuf_reset(&r->attrs);
    r->text_run = 0;

    memset(&r->sax, 0, sizeof r->sax);
    r->sax.initialized = XML_SAX2_MAGIC;
    r->sax.startElementNs = sax_start;
    r->sax.endElementNs = sax_end;
    r->sax.characters = sax_text;
    r->sax.cdataBlock = sax_text;
    r->sax.internalSubset = sax_doctype;
    r->sax.serror = on_parser_error;
    r->ctxt = xmlCreatePushParserCtxt(&r->sax, r, NULL, 0, r->file);
    if (!r->ctxt) {
        xml_reader_fail(r, 0, "cannot create an XML parser");
        return -1;
    }
    r->ctxt->_private = r;
    /* No XML_PARSE_NOENT / DTDLOAD / DTDATTR / XINCLUDE / HUGE: entities stay
     * unexpanded, nothing external is loaded, and libxml2's limits hold. */
    xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
    return schema ? plug_schema(r, schema) : 0;
}

int xml_reader_rewind(struct xml_reader *r)
{
    if (r->failed)
        return -1;
    if (lseek(r->fd, 0, SEEK_SET) != 0) {
        xml_reader_fail(r, 0, "cannot read the file again: %s", strerror(errno));
        return -1;
    }
    strbuf_reset(&r->kept);
    r->eof = r->sniffed = false;
    r->bytes = 0;
    r->first_all = r->first_after_bom = -1;
    return 0;
}

/* UTF-16/32, compressed files: refused before any parsing. */
static int sniff(struct xml_reader *r, const unsigned char *b, size_t n)
{
    if (n == 0) {
        xml_reader_fail(r, 0, "the file is empty");
        return -1;
    }
    if ((n >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
                    || (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)))) {
        xml_reader_fail(r, 0, "the file is UTF-32 encoded; %s must be UTF-8 (re-save it as UTF-8)", r->cfg.what);
        return -1;
    }
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)
                   || (b[0] == 0 && b[1] != 0) || (b[0] != 0 && b[1] == 0))) {
        xml_reader_fail(r, 0, "the file is UTF-16 encoded; %s must be UTF-8 (re-save it as UTF-8)", r->cfg.what);
        return -1;
    }
    if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
        xml_reader_fail(r, 0, "the file is gzip-compressed; decompress it first");
        return -1;
    }
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
        xml_reader_fail(r, 0, "the file is a zip archive (or a spreadsheet), not XML");
        return -1;
    }
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        sr_debug("%s: starts with a UTF-8 byte-order mark (accepted)", r->file);
    return 0;
}

/* The next bytes to parse: kept ones first, then the file's.  Returns how
 * many (0 at the end of the file), or -1 after failing. */
static ssize_t next_bytes(struct xml_reader *r, const unsigned char **data)
{
    ssize_t n;

    if (r->replay_off < r->kept.len) {
        size_t left = r->kept.len - r->replay_off;
        n = (ssize_t)(left < r->cfg.chunk ? left : r->cfg.chunk);
        *data = (const unsigned char *)r->kept.buf + r->replay_off;
        r->replay_off += (size_t)n;
        return n;
    }
    *data = r->buf;
    if (r->eof)
        return 0;
    do
        n = read(r->fd, r->buf, r->cfg.chunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        xml_reader_fail(r, 0, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    if (!r->sniffed) {
        r->sniffed = true;
        if (sniff(r, r->buf, (size_t)n) != 0)
            return -1;
    }
    if (n == 0)
        r->eof = true;
    note_bytes(r, r->buf, (size_t)n);
    if (r->keep) {
        strbuf_add(&r->kept, r->buf, (size_t)n);
        r->replay_off = r->kept.len;
    }
    return n;
}

int xml_reader_feed(struct xml_reader *r)
{
    const unsigned char *data;
    ssize_t n;

    if (r->failed)
        return -1;
    if (r->finished || !r->ctxt)
        return 0;
    n = next_bytes(r, &data);
    if (n < 0)
        return -1;
    if (n > 0) {
        xmlParseChunk(r->ctxt, (const char *)data, (int)n, 0);
    } else {
        r->terminating = true;
        xmlParseChunk(r->ctxt, NULL, 0, 1);
        r->finished = true;
    }
    settle(r);
    if (r->finished && !r->failed && !r->root_seen && !r->halted)
        xml_reader_fail(r, 0, "the file has no XML element");
    return r->failed ? -1 : r->finished ? 0 : 1;
}

const char *xml_reader_intern(struct xml_reader *r, const char *name)
{
    if (!r->ctxt || !r->ctxt->dict)
        return NULL;
    return (const char *)xmlDictLookup(r->ctxt->dict, (const xmlChar *)name, -1);
}

const char *xml_reader_encoding(const struct xml_reader *r)
{
    return r->ctxt ? (const char *)r->ctxt->encoding : NULL;
}

uint64_t xml_reader_bytes(const struct xml_reader *r)
{
    return r->bytes;
}

void xml_reader_free(struct xml_reader *r)
{
    if (!r)
        return;
    free_parser(r);
    if (r->fd >= 0)
        close(r->fd);
    strbuf_release(&r->kept);
    strbuf_release(&r->text);
    strbuf_release(&r->attrs);
    strbuf_release(&r->msg);
    strbuf_release(&r->diag);
    free(r->frames);
    free(r->buf);
    free(r->file);
    free(r);
}
