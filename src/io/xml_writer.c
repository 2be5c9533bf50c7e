/*
 * The xmlTextWriter wrapper and the whole-file XSD check; see xml_writer.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "io/xml_writer.h"
#include "core/xalloc.h"

/* The error callback's argument became const in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error;
#else
typedef xmlErrorPtr xml_error;
#endif

struct xml_writer {
    xmlTextWriterPtr w;
    bool failed;
};

#define X(s) ((const xmlChar *)(s))

/* While a writer is open, libxml2's own messages ("I/O error : No space
 * left on device") are not printed: a failed write shows as a failed call,
 * and the caller reports it once, naming the file. */
static void quiet(void *opaque, xml_error e)
{
    (void)opaque;
    (void)e;
}

struct xml_writer *xml_writer_open(FILE *fp, const char *root, char *err, size_t errlen)
{
    xmlOutputBufferPtr out;
    struct xml_writer *w;
    xmlTextWriterPtr tw;

    xmlSetStructuredErrorFunc(NULL, quiet);
    out = xmlOutputBufferCreateFile(fp, NULL);

    if (!out) {
        xmlSetStructuredErrorFunc(NULL, NULL);
        snprintf(err, errlen, "cannot create the XML output buffer");
        return NULL;
    }
    tw = xmlNewTextWriter(out);
    if (!tw) {
        xmlOutputBufferClose(out);
        xmlSetStructuredErrorFunc(NULL, NULL);
        snprintf(err, errlen, "cannot create the XML writer");
        return NULL;
    }
    w = xcalloc(1, sizeof *w);
    w->w = tw;
    xmlTextWriterSetIndent(tw, 1);
    xmlTextWriterSetIndentString(tw, X("  "));
    if (xmlTextWriterStartDocument(tw, "1.0", "UTF-8", NULL) < 0
        || xmlTextWriterStartElement(tw, X(root)) < 0) {
        snprintf(err, errlen, "cannot write the XML declaration");
        xml_writer_free(w);
        return NULL;
    }
    return w;
}

void xml_writer_start(struct xml_writer *w, const char *name)
{
    if (xmlTextWriterStartElement(w->w, X(name)) < 0)
        w->failed = true;
}

void xml_writer_end(struct xml_writer *w)
{
    if (xmlTextWriterEndElement(w->w) < 0)
        w->failed = true;
}

void xml_writer_element(struct xml_writer *w, const char *name, const char *text)
{
    if (xmlTextWriterWriteElement(w->w, X(name), X(text)) < 0)
        w->failed = true;
}

bool xml_writer_failed(const struct xml_writer *w)
{
    return w->failed;
}

int xml_writer_finish(struct xml_writer *w)
{
    if (xmlTextWriterEndDocument(w->w) < 0 || xmlTextWriterFlush(w->w) < 0)
        w->failed = true;
    return w->failed ? -1 : 0;
}

void xml_writer_free(struct xml_writer *w)
{
    if (!w)
        return;
    xmlFreeTextWriter(w->w);   /* closes the output buffer, not the FILE */
    xmlSetStructuredErrorFunc(NULL, NULL);   /* libxml2's default again */
    free(w);
}

/* ---- schema check of a written file ----------------------------------- */

struct xsd_errors {
    struct strbuf *out;
    int n, max;
};

static void collect_error(void *opaque, xml_error e)
{
    struct xsd_errors *xe = opaque;
    if (xe->n++ >= xe->max)
        return;
    size_t len = e->message ? strlen(e->message) : 0;
    while (len && e->message[len - 1] == '\n')
        len--;
    strbuf_addf(xe->out, "%sline %d: %.*s", xe->out->len ? "\n" : "", e->line, (int)len,
                e->message ? e->message : "");
}

int xsd_validate_file(const char *xsd_path, const char *xml_path, struct strbuf *errors, int max)
{
    struct xsd_errors xe = { errors, 0, max };
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd_path);
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctx = NULL;
    int ret = -1;

    if (!pctx)
        goto cleanup;
    xmlSchemaSetParserStructuredErrors(pctx, collect_error, &xe);
    schema = xmlSchemaParse(pctx);
    if (!schema) {
        strbuf_addf(errors, "%scannot load the schema '%s'", errors->len ? "\n" : "", xsd_path);
        goto cleanup;
    }
    vctx = xmlSchemaNewValidCtxt(schema);
    if (!vctx)
        goto cleanup;
    xmlSchemaSetValidStructuredErrors(vctx, collect_error, &xe);
    int r = xmlSchemaValidateFile(vctx, xml_path, XML_PARSE_NONET);
    ret = r == 0 ? 0 : r > 0 ? 1 : -1;
    if (ret == 1 && xe.n == 0)
        ret = -1;   /* not well-formed: libxml2 reports it as a positive code without a schema error */
    if (xe.n > max)
        strbuf_addf(errors, "\n(and %d more)", xe.n - max);
cleanup:
    if (ret < 0 && (errors->len == 0 || xe.n == 0))
        strbuf_addf(errors, "%scannot read '%s' as XML for validation against '%s'",
                    errors->len ? "\n" : "", xml_path, xsd_path);
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctx);
    return ret;
}
