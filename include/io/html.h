/*
 * HTML escaping, once, for every HTML page the tool writes (validation
 * reports, the fields-shared report).
 */
#ifndef STATRETURN_IO_HTML_H
#define STATRETURN_IO_HTML_H

#include "core/strbuf.h"

/* Appends s (NULL: nothing) as text safe in HTML content and in a quoted
 * attribute value: & < > " ' as character references; invalid UTF-8 and
 * control characters other than tab, CR and LF as U+FFFD. */
void html_escape(struct strbuf *out, const char *s);

#endif
