/*
 * The Supporting Families validator (returns/validator.h): a NIS or FPD
 * file, recognised by the first cell of a shipped layout's header row, is
 * checked against the layout whose whole header row it has
 * (families_validate.c).
 */
#include <stdbool.h>

#include "core/log.h"
#include "returns/families/families.h"
#include "returns/families/families_validator.h"

static bool recognise(const struct file_sniff *s)
{
    return !s->xml && families_recognise_first_cell(s->first_field);
}

static enum sr_status validate(struct validation *v, void *state, const char *path)
{
    struct strbuf diag = STRBUF_INIT;
    size_t rows = 0;
    enum fam_validate_result r = families_validate_file(path, NULL, report_finding, v->report, &rows, &diag);
    enum sr_status st = report_errors(v->report) ? SR_RULE_ERRORS : SR_OK;

    (void)state;
    report_set_kind(v->report, REPORT_KIND_FAMILIES);
    report_set_children(v->report, rows);
    if (r != FAM_VALID_OK) {
        sr_error("%s", diag.buf);
        report_set_diagnosis(v->report, diag.buf);
        st = r == FAM_VALID_SPEC ? SR_CONFIG : SR_INPUT;
    }
    strbuf_release(&diag);
    return st;
}

const struct return_validator families_validator = {
    .title = "Supporting Families",
    .recognise = recognise,
    .validate = validate,
};
