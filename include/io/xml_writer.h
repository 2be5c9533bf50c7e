/*
 * Writing XML returns with libxml2's xmlTextWriter, and checking a written
 * file against its XSD.  The return writers (CIN census, EXPSSDA903) decide
 * what to write and in which order; this is the one place that drives
 * libxml2 for it, so that they include no libxml2 header.
 *
 * Output: an XML declaration (version 1.0, UTF-8), elements indented by two
 * spaces, one per line; text is escaped by libxml2.  A failed write is
 * remembered, not reported at once: the writers write a whole child and ask
 * once (xml_writer_failed), and xml_writer_finish says whether everything
 * reached the FILE.
 */
#ifndef STATRETURN_XML_WRITER_H
#define STATRETURN_XML_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/strbuf.h"

struct xml_writer;

/*
 * Starts a document on fp (the caller's: not closed by the writer) with the
 * XML declaration and the root element `root` opened.  Returns NULL with a
 * message in err on failure; else the caller's, to free with
 * xml_writer_free.
 */
struct xml_writer *xml_writer_open(FILE *fp, const char *root, char *err, size_t errlen);
void xml_writer_start(struct xml_writer *w, const char *name);
/* Ends the innermost open element. */
void xml_writer_end(struct xml_writer *w);
/* <name>text</name>; "" gives an empty element written as a pair of tags. */
void xml_writer_element(struct xml_writer *w, const char *name, const char *text);
/* Whether any write so far has failed. */
bool xml_writer_failed(const struct xml_writer *w);
/* Ends every open element and the document, flushes to fp; -1 if any
 * write failed. */
int xml_writer_finish(struct xml_writer *w);
void xml_writer_free(struct xml_writer *w);

/* Validates a whole file against an XSD in constant memory (SAX
 * streaming).  Returns 0 valid, 1 invalid (the first `max` errors, each
 * "line N: message", appended to errors), -1 when the schema or file cannot
 * be read (message in errors). */
int xsd_validate_file(const char *xsd_path, const char *xml_path, struct strbuf *errors, int max);

#endif
