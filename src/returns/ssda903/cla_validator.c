/*
 * The SSDA903 return's validator (returns/validator.h): an EXPSSDA903 XML
 * file alone, or the CSV tables given together (or a directory of them)
 * as one submission, through cla_validate.h.  Last year's return, the
 * provider list and the postcode directory are read once per run, for
 * every 903 file; the rules that cannot run without one of them (or
 * without a table the return lacks), or run only in part, are listed in
 * the report, and once per reason on the terminal at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_store.h"
#include "returns/ssda903/cla_validate.h"
#include "returns/ssda903/cla_validator.h"

/* The rules not run (or run in part) for one reason, for one notice at
 * the end however many files were validated. */
struct not_run_note {
    char *why;
    struct strbuf codes;       /* space-separated, each once */
};

struct cla_vstate {
    bool inputs_loaded;
    struct cla_store *previous;
    struct cla_ref *ref;
    struct not_run_note *notes;
    size_t n_notes, cap_notes;
    struct report *report;     /* for note_not_run */
};

static void *state_new(void)
{
    return xcalloc(1, sizeof(struct cla_vstate));
}

static void state_free(void *opaque)
{
    struct cla_vstate *s = opaque;
    cla_store_free(s->previous);
    cla_ref_free(s->ref);
    for (size_t i = 0; i < s->n_notes; i++) {
        free(s->notes[i].why);
        strbuf_release(&s->notes[i].codes);
    }
    free(s->notes);
    free(s);
}

static bool recognise(const struct file_sniff *s)
{
    if (s->xml)
        return !strcmp(s->root, "EXPSSDA903");
    /* SSDA903 CSV tables all start with the CHILD column. */
    return !strcmp(s->first_field, "CHILD");
}

static bool code_known(const char *code)
{
    size_t n;
    const struct rule *const *checks = cla_structural_checks(&n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(checks[i]->code, code))
            return true;
    return cla_rule_find(code, 0) != NULL;
}

/* Loads --previous, --providers and --postcodes once. */
static enum sr_status load_inputs(const struct validate_request *req, struct cla_vstate *s)
{
    char err[1024];

    if (s->inputs_loaded)
        return SR_OK;
    s->inputs_loaded = true;
    if (req->providers || req->postcodes) {
        s->ref = cla_ref_new();
        if (req->providers && cla_ref_load_providers(s->ref, req->providers, err, sizeof err) != 0) {
            sr_error("validate: --providers: %s", err);
            return SR_INPUT;
        }
        if (req->postcodes && cla_ref_load_postcodes(s->ref, req->postcodes, err, sizeof err) != 0) {
            sr_error("validate: --postcodes: %s", err);
            return SR_INPUT;
        }
    }
    if (req->previous) {
        struct cla_result res;
        int first = 0, last = 0, year = req->year;
        /* Last year's files are recognised by their header rows with this
         * year's tables (the same tables in every year we have). */
        if (!year && cla_spec_years(NULL, &first, &last, err, sizeof err) == 0)
            year = last;
        int rc = cla_load_previous(&req->previous, 1, year, &s->previous, &res);
        if (rc != CLA_OK) {
            sr_error("validate: --previous: %s", res.diagnosis);
            return rc == CLA_SPEC ? SR_CONFIG : rc == CLA_TEMP ? SR_OUTPUT : SR_INPUT;
        }
        sr_debug("--previous: %zu children read from %s", cla_store_count(s->previous), req->previous);
    }
    return SR_OK;
}

/* Whether the space-separated list holds the word w. */
static bool has_word(const char *list, const char *w)
{
    size_t n = strlen(w);

    for (const char *p = strstr(list, w); p; p = strstr(p + 1, w))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

/* The report has each rule's reason; the terminal gets one line for all
 * the rules that want an input, and one per other reason (a table the
 * return lacks, a rule run in part). */
static void note_not_run(void *opaque, const struct rule *rule, const char *why)
{
    struct cla_vstate *s = opaque;
    struct not_run_note *note = NULL;

    report_rule_not_run(s->report, rule, why);
    if (!strncmp(why, "not run: needs ", 15))
        why = "not run for want of --previous, --providers, --postcodes or --la";
    for (size_t i = 0; i < s->n_notes && !note; i++)
        if (!strcmp(s->notes[i].why, why))
            note = &s->notes[i];
    if (!note) {
        ALLOC_GROW(s->notes, s->n_notes, s->cap_notes);
        note = &s->notes[s->n_notes++];
        note->why = xstrdup(why);
        strbuf_init(&note->codes, 0);
    }
    if (has_word(note->codes.buf, rule->code))
        return;
    if (note->codes.len)
        strbuf_addch(&note->codes, ' ');
    strbuf_addstr(&note->codes, rule->code);
}

/* A CSV set: the report names each finding's own file. */
static void note_table_file(void *opaque, const char *table, const char *path)
{
    struct cla_vstate *s = opaque;

    report_set_table_file(s->report, table, path);
}

/* kind: 'x' one XML file, 'c' CSV files, 'd' a directory. */
static enum sr_status run(struct validation *v, struct cla_vstate *s, int kind, const char *const *paths, size_t n)
{
    const struct validate_request *req = v->req;
    struct cla_validate_options o;
    struct cla_result res;
    enum sr_status st;
    int rc;

    report_set_kind(v->report, REPORT_KIND_SSDA903);
    if ((st = load_inputs(req, s)) != SR_OK) {
        report_set_diagnosis(v->report, "a reference input (--previous, --providers, --postcodes) cannot be read");
        return st;
    }
    memset(&o, 0, sizeof o);
    o.year = req->year;
    o.only = req->rule;
    o.no_rules = req->no_rules;
    o.on_finding = cla_report_finding;
    o.opaque = v->report;
    o.previous = s->previous;
    o.ref = s->ref;
    o.la = req->la;
    o.on_not_run = note_not_run;
    o.not_run_opaque = s;
    o.on_table_file = note_table_file;
    s->report = v->report;
    if (o.only && !code_known(o.only)) {
        sr_error("there is no SSDA903 rule or check '%s'", o.only);
        report_set_diagnosis(v->report, "unknown rule code");
        return SR_USAGE;
    }
    if (kind == 'x')
        rc = cla_validate_xml(paths[0], &o, &res);
    else if (kind == 'c')
        rc = cla_validate_csv(paths, n, &o, &res);
    else
        rc = cla_validate_dir(paths[0], &o, &res);
    if (res.year)
        report_set_year(v->report, res.year);
    if (res.year && res.year_from_data)
        report_set_year_note(v->report, "inferred from the latest event date in the data, as no --year was "
                                        "given; --year overrides");
    if (rc == CLA_OK || res.children)
        report_set_children(v->report, res.children);
    if (rc != CLA_OK) {
        sr_error("%s", res.diagnosis);
        report_set_diagnosis(v->report, res.diagnosis);
        if (rc == CLA_TEMP)
            return SR_OUTPUT;   /* $TMPDIR full: nothing wrong with the files */
        return rc == CLA_SPEC || (rc == CLA_NO_YEAR && req->year) ? SR_CONFIG : SR_INPUT;
    }
    return report_errors(v->report) ? SR_RULE_ERRORS : SR_OK;
}

static enum sr_status validate(struct validation *v, void *state, const char *path)
{
    struct file_sniff s;

    file_sniff(path, &s);
    return run(v, state, s.xml ? 'x' : 'c', &path, 1);
}

static enum sr_status validate_set(struct validation *v, void *state, const char *const *paths, size_t n, bool dir)
{
    return run(v, state, dir ? 'd' : 'c', paths, n);
}

static void end(struct validation *v, void *state)
{
    struct cla_vstate *s = state;

    (void)v;
    for (size_t i = 0; i < s->n_notes; i++)
        sr_info("rules %s (listed in the report): %s", s->notes[i].why, s->notes[i].codes.buf);
}

static bool supports_year(int year, bool no_rules, struct strbuf *clause)
{
    int first = 0, last = 0;
    char err[512];

    (void)no_rules;
    if (cla_spec_years(NULL, &first, &last, err, sizeof err) == 0 && year >= first && year <= last)
        return true;
    strbuf_addf(clause, "SSDA903 tables (supported: %d to %d)", first, last);
    return false;
}

const struct return_validator cla_validator = {
    .title = "SSDA903 (children looked after) return",
    .recognise = recognise,
    .validate = validate,
    .validate_set = validate_set,
    .supports_year = supports_year,
    .state_new = state_new,
    .end = end,
    .state_free = state_free,
};
