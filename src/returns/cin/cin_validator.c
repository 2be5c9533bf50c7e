/*
 * The CIN census's validator (returns/validator.h): the streaming reader
 * with the year's schema plugged in (cin_reader.h), and the DfE rules on a
 * second thread while the reader parses on (cin_parallel.h), into the
 * run's report.  Schemas are compiled once per run, whatever the number of
 * files; bank holidays are read once.
 */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "returns/cin/cin_parallel.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_rules.h"
#include "returns/cin/cin_validator.h"

struct cin_vstate {
    struct cin_schemas *schemas;
    struct holidays holidays;
    bool holidays_loaded;
};

static void *state_new(void)
{
    struct cin_vstate *s = xcalloc(1, sizeof *s);
    s->schemas = cin_schemas_new();
    return s;
}

static void state_free(void *opaque)
{
    struct cin_vstate *s = opaque;
    cin_schemas_free(s->schemas);
    if (s->holidays_loaded)
        holidays_release(&s->holidays);
    free(s);
}

static bool recognise(const struct file_sniff *s)
{
    return s->xml && !strcmp(s->root, "Message");
}

static void on_schema_error(void *opaque, const struct cin_schema_error *e)
{
    struct validation *v = opaque;

    char column[CIN_COLUMN_MAX];
    struct finding f = {
        .rule = &report_xsd_rule, .la_child_id = e->la_child_id, .child_position = e->child_position,
        .episode_position = e->episode_position, .referral_date = e->referral_date, .path = e->path,
        .line = e->line, .value = e->value,
    };

    if (v->req->rule && strcmp(v->req->rule, "XSD") != 0)
        return;
    cin_path_locate(e->path, &f.table, &f.row, column);
    f.column = column[0] ? column : NULL;
    report_finding_message(v->report, &f, e->message);
}

/* A cin_child_fn: runs on the pipeline's rules thread. */
static void check_child(void *opaque, const struct cin_child *c)
{
    rule_engine_child(opaque, c);
}

static int load_holidays(struct cin_vstate *s)
{
    struct strbuf path = STRBUF_INIT;
    char err[512];
    int rc = 0;

    if (s->holidays_loaded)
        return 0;
    sr_data_path(&path, "specs/bank_holidays.txt");
    if (holidays_load(&s->holidays, path.buf, err, sizeof err) != 0) {
        sr_error("%s", err);
        rc = -1;
    } else {
        s->holidays_loaded = true;
    }
    strbuf_release(&path);
    return rc;
}

/* The rules of the year, ready to run (or, with --rule, the one rule). */
static enum sr_status make_engine(struct validation *v, struct cin_vstate *s, const char *path, int year,
                                  struct rule_set *rs, struct rule_env *env, struct rule_engine **eng)
{
    char err[1024];

    if (rule_set_for_year(rs, year, err, sizeof err) != 0) {
        struct strbuf d = STRBUF_INIT;
        strbuf_addf(&d, "%s: %s", path, err);
        sr_error("%s", d.buf);
        report_set_diagnosis(v->report, d.buf);
        strbuf_release(&d);
        return SR_INPUT;
    }
    if (load_holidays(s) != 0) {
        report_set_diagnosis(v->report, "the bank holidays file cannot be read");
        return SR_CONFIG;
    }
    env->year = year;
    env->reference_date = census_reference_date(year);
    env->period_start = census_period_start(year);
    env->holidays = &s->holidays;
    *eng = rule_engine_new(rs, env, report_finding, v->report);
    if (v->req->rule && rule_engine_only(*eng, v->req->rule) != 0) {
        sr_error("there is no rule '%s' for collection year %d", v->req->rule, year);
        report_set_diagnosis(v->report, "unknown rule code");
        return SR_USAGE;
    }
    return SR_OK;
}

static enum sr_status open_reader(struct validation *v, struct cin_vstate *s, const char *path,
                                  struct cin_reader **rd)
{
    struct cin_reader_options o;
    char err[1024];

    memset(&o, 0, sizeof o);
    o.year = v->req->year;
    o.schemas = s->schemas;
    o.on_schema_error = on_schema_error;
    o.opaque = v;
    int rc = cin_reader_open(path, &o, rd, err, sizeof err);
    if (rc == CIN_READ_OK)
        return SR_OK;
    sr_error("%s", err);
    report_set_diagnosis(v->report, err);
    if (rc == CIN_READ_SPEC)
        return SR_CONFIG;
    if (rc == CIN_READ_NO_SCHEMA && v->req->year)
        return SR_CONFIG;     /* --year was checked (CIN or 903): no CIN schema for it */
    return SR_INPUT;
}

/* Says beside the year in the report how it was arrived at when it is not
 * the header's Year (the rule SR-YEAR reports the Year itself). */
static void note_year(struct validation *v, const struct cin_reader *rd, const char *path)
{
    int header = cin_reader_header_year(rd), year = cin_reader_year(rd);
    struct strbuf note = STRBUF_INIT;

    if (cin_reader_year_from_reference_date(rd)) {
        strbuf_addf(&note, "the year of the header ReferenceDate; the header Year says %d", header);
        sr_info("%s: the header Year is %d, its ReferenceDate in collection year %d: validating as %d; "
                "--year overrides", path, header, year, year);
    } else if (v->req->year && header && header != year) {
        strbuf_addf(&note, "given with --year; the header Year says %d", header);
    }
    if (note.len)
        report_set_year_note(v->report, note.buf);
    strbuf_release(&note);
}

static enum sr_status validate(struct validation *v, void *state, const char *path)
{
    struct cin_vstate *s = state;
    struct cin_reader *rd = NULL;
    struct rule_set rs = { NULL, 0, 0 };
    struct rule_engine *eng = NULL;
    struct rule_env env;
    const struct cin_header *h;
    enum sr_status st;
    bool run_rules = !v->req->no_rules && !(v->req->rule && !strcmp(v->req->rule, "XSD"));

    if ((st = open_reader(v, s, path, &rd)) != SR_OK)
        goto cleanup;
    int year = cin_reader_year(rd);
    report_set_year(v->report, year);
    note_year(v, rd, path);
    if (run_rules && (st = make_engine(v, s, path, year, &rs, &env, &eng)) != SR_OK)
        goto cleanup;
    if (cin_reader_header(rd, &h) == 0 && eng)
        rule_engine_header(eng, h);
    /* The rules run on a second thread while this one parses on; findings
     * still reach the report in file order (cin_parallel.h). */
    int k = cin_parallel_run(rd, eng ? check_child : NULL, eng, cin_parallel_threads());
    report_set_children(v->report, cin_reader_children(rd));
    if (k < 0) {
        /* Findings up to here stay in the report; the return-level rules
         * would judge a partial return, so they do not run. */
        sr_error("%s", cin_reader_error(rd));
        report_set_diagnosis(v->report, cin_reader_error(rd));
        st = SR_INPUT;
        goto cleanup;
    }
    if (eng)
        rule_engine_finish(eng);
    st = report_errors(v->report) ? SR_RULE_ERRORS : SR_OK;
    sr_debug("%s: %zu children, %zu errors, %zu queries", path, cin_reader_children(rd),
             report_errors(v->report), report_queries(v->report));

cleanup:
    rule_engine_free(eng);
    rule_set_release(&rs);
    cin_reader_close(rd);
    return st;
}

/* A year with a shipped schema and, unless --no-rules, rules. */
static bool supports_year(int year, bool no_rules, struct strbuf *clause)
{
    int years[32], first, last;
    size_t n = cin_schemas_years(years, 32);
    bool have_schema = false;

    for (size_t i = 0; i < n && i < 32; i++)
        have_schema |= years[i] == year;
    rule_years_supported(&first, &last);
    if ((!no_rules && (year < first || year > last)) || !have_schema) {
        strbuf_addf(clause, "CIN %s for collection year %d (supported: %d to %d)", have_schema ? "rules" : "schema",
                    year, first, last);
        return false;
    }
    return true;
}

const struct return_validator cin_validator = {
    .title = "CIN census",
    .recognise = recognise,
    .validate = validate,
    .supports_year = supports_year,
    .state_new = state_new,
    .state_free = state_free,
};
