/*
 * Writing the CIN census XML (through io/xml_writer), one child at a
 * time, in DfE element order.  The writer emits an element only when the
 * policy keeps its field (policy_emits), and omits empty wrappers
 * (Disabilities, FactorsIdentifiedAtAssessment, Reviews), which the DfE
 * schema does not expect empty.  The 2026-27 PreProceedingsandFGDM groups
 * are written only under a policy that keeps their fields.
 */
#ifndef STATRETURN_CIN_WRITER_H
#define STATRETURN_CIN_WRITER_H

#include <stdio.h>

#include "returns/cin/cin_record.h"
#include "privacy/policy.h"
/* xsd_validate_file: the whole-file check every user of this writer runs
 * on what it wrote. */
#include "io/xml_writer.h"

struct cin_writer;

/* Writes to fp (not closed by the writer).  Returns NULL with a message on
 * failure. */
struct cin_writer *cin_writer_open(FILE *fp, const struct policy *p, char *err, size_t errlen);
int cin_writer_header(struct cin_writer *w, const struct cin_header *h);
int cin_writer_child(struct cin_writer *w, const struct cin_child *c);
/* Closes the document and flushes; returns -1 on a write error. */
int cin_writer_finish(struct cin_writer *w);
void cin_writer_free(struct cin_writer *w);

#endif
