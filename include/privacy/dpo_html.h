/*
 * The HTML page of the fields-shared report (`statreturn report RETURN
 * --format html`), shared by every return so that a data protection
 * officer reads the four the same way: by recipient; under it, each
 * purpose with its lawful basis (and special category condition) once;
 * under that, the fields shared for it with their source, treatment and
 * counts; last, in one line, the fields not shared at all.  A whole return
 * fits a screen or a printed page.
 *
 * The return gives its words through dpo_field_fn; the page holds no
 * personal value (counts arrive already as "<10" where 1 to 9).
 */
#ifndef STATRETURN_PRIVACY_DPO_HTML_H
#define STATRETURN_PRIVACY_DPO_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "privacy/policy.h"

/* One field as the page shows it (strings owned by the caller, valid
 * until the next call). */
struct dpo_field {
    const char *name;          /* "ChildIdentifiers/UPN", "Episodes/PL_POST", "SURNAME" */
    const char *source;        /* the replica column */
    const char *treatment;     /* in words, e.g. "generalised: postcode cut to its sector" */
    const char *with_value, *blank, *distinct;   /* "123", "<10", or "-" when not counted */
};

/* Field i of the policy, i < n. */
typedef void (*dpo_field_fn)(void *ctx, size_t i, struct dpo_field *out);

/* The page up to the first recipient: title (plain text) as <title> and
 * <h1>; then warning (plain text, or NULL), in bold in a box edged in the
 * in-clear colour, for what the officer must read before anything else
 * (that a feed is identifiable by design); then the paragraph intro
 * (plain text). */
void dpo_html_begin(struct strbuf *o, const char *title, const char *warning, const char *intro);

/* One recipient: heading (plain text, e.g. "DfE (policy dfe 2025.1)"),
 * facts (plain text: people, age bands, key; may be NULL), then its fields
 * grouped by purpose.  counted: the tables have the With value, Blank and
 * Distinct columns; false for a return that counts no value per field
 * (the CSC API feed counts its cohort only): then they are left out and
 * fn's counts are not read. */
void dpo_html_recipient(struct strbuf *o, const char *heading, const char *facts, const struct policy *p, size_t n,
                        bool counted, dpo_field_fn fn, void *ctx);

void dpo_html_end(struct strbuf *o);

#endif
