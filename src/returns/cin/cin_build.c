/*
 * The CIN census's builder (returns/return_kind.h): what `statreturn build
 * cin` does that is the census's own.
 *
 *   replica --(one read-only snapshot, policy columns only)--> child records
 *     --(policy: pseudonymise / generalise / drop)--> writability check
 *     --> XML writer (temporary file) + DfE rules on the same records
 *     --> XSD validation of the whole file --> committed by the pipeline
 *         with the validation report and the run manifest
 *
 * Nothing is committed unless every child could be written and the file
 * passes the schema.  DfE rule errors do not stop the file (councils fix or
 * explain them in COLLECT): it is written with its report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_kind.h"
#include "returns/cin/cin_policy.h"
#include "returns/cin/cin_rules.h"
#include "returns/cin/cin_shared_report.h"
#include "returns/cin/cin_source.h"
#include "returns/cin/cin_writer.h"

struct counts {
    size_t children, episodes, assessments, s47s, plans, cpps, reviews, disabilities, preproceedings;
};

struct cin_build {
    struct build *b;
    struct policy policy;
    bool policy_loaded;
    struct holidays hol;
    struct rule_set rs;
    struct rule_env env;
    struct rule_engine *engine;
    struct cin_source *src;
    struct cin_writer *writer;
    struct arena hdr_arena;
    struct strbuf xsd, out_path;
    struct cin_child child;
    struct counts counts;
    size_t seen;              /* children read, for positions */
    char year_s[8];
    struct expected_set exp;  /* findings the profile's treatment causes */
    struct strbuf exp_msg;
    bool pp_year;             /* the year has the pre-proceedings module (2026-27 on) */
    bool pp_skipped;          /* ... and cin_pre_proceedings = no */
    size_t pp_untied;         /* periods of the year tied to no episode, left out */
};

static const char usage_text[] =
    "usage: statreturn build cin --year YEAR [options]\n"
    "\n"
    "Builds the Children in Need census from the replica in one read-only snapshot, checks\n"
    "it against the year's schema and the DfE rules, and writes it with its validation\n"
    "report and run manifest.\n";
static const struct option_help option_help[] = {
    { "la", NULL, "three-digit LA code for the header and file names (config: la)" },
    { "profile", NULL, "policy specs/cin/policy_NAME.conf (default dfe; regional), or its\n"
                       "year layer policy_NAME_YYYY.conf for YYYY and later years" },
    { "pseudonymise-ids", NULL, "send LAchildID as a keyed pseudonym (needs a key)" },
    { NULL, NULL, NULL },
};

static void on_defect(void *opaque, const char *person, const char *table, const char *column, const char *problem)
{
    struct cin_build *cb = opaque;
    defect_log_add(&cb->b->defects, "child %s: %s.%s %s", person ? person : "(no id)", table, column, problem);
}

static void count_child(struct counts *k, const struct cin_child *c)
{
    k->children++;
    k->disabilities += c->n_disabilities;
    k->episodes += c->n_episodes;
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *e = &c->episodes[i];
        k->assessments += e->n_assessments;
        k->s47s += e->n_s47s;
        k->plans += e->n_plans;
        k->cpps += e->n_cpps;
        k->preproceedings += e->n_preproceedings;
        for (size_t j = 0; j < e->n_cpps; j++)
            k->reviews += e->cpps[j].n_reviews;
    }
}

/* Header DateTime: now, or SOURCE_DATE_EPOCH for reproducible files. */
static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        t = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void make_header(struct arena *a, struct cin_header *h, int year, const char *la, const char *serial)
{
    char buf[32];
    cin_header_init(h);
    cin_value_set(a, &h->collection, "CIN", 0, false);
    snprintf(buf, sizeof buf, "%d", year);
    cin_value_set(a, &h->year, buf, 0, false);
    cin_value_set(a, &h->reference_date, date_format_iso(census_reference_date(year), buf), 0, true);
    cin_value_set(a, &h->source_level, "L", 0, false);
    cin_value_set(a, &h->lea, la, 0, false);
    cin_value_set(a, &h->software_code, "statreturn", 0, false);
    cin_value_set(a, &h->release, STATRETURN_VERSION, 0, false);
    cin_value_set(a, &h->serial_no, serial, 0, false);
    now_iso(buf);
    cin_value_set(a, &h->date_time, buf, 0, false);
}

/* The year, the policy (a profile's or a file) and its key name. */
static enum sr_status load_policy(struct cin_build *cb)
{
    const struct build_request *req = cb->b->req;
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT;
    char err[1024];
    enum sr_status st = SR_CONFIG;
    int first, last;

    rule_years_supported(&first, &last);
    if (!req->year) {
        sr_error("--year is required (the collection end year, e.g. 2025 for 2024-25)");
        return SR_USAGE;
    }
    if (req->year < first || req->year > last) {
        sr_error("collection year %d is not supported (supported: %d to %d)", req->year, first, last);
        return SR_USAGE;
    }
    if (req->policy_path) {
        strbuf_addstr(&path, req->policy_path);
    } else if (policy_profile_path_year(&path, "cin", req->profile ? req->profile : "dfe", req->year, err,
                                        sizeof err) != 0) {
        sr_error("%s", err);
        st = SR_USAGE;
        goto out;
    }
    sr_data_path(&purposes, "specs/purposes.conf");
    if (policy_load(&cb->policy, cin_catalogue_for_year(req->year), path.buf, purposes.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto out;
    }
    cb->policy_loaded = true;
    cb->pp_year = req->year >= CIN_PP_FIRST_YEAR;
    if (cb->pp_year && req->cfg->cin_no_pre_proceedings) {
        cin_policy_skip_preproceedings(&cb->policy);
        cb->pp_skipped = true;
    }
    if (req->pseudonymise_ids && policy_pseudonymise_ids(&cb->policy) == 0) {
        sr_error("--pseudonymise-ids: policy '%s' names no identifier that may be pseudonymised", cb->policy.name);
        goto out;
    }
    st = SR_OK;
out:
    strbuf_release(&path);
    strbuf_release(&purposes);
    return st;
}

/* Bank holidays, the schema and the rules of the year. */
static enum sr_status load_specs(struct cin_build *cb)
{
    int year = cb->b->req->year;
    struct strbuf sb = STRBUF_INIT;
    char err[1024];
    enum sr_status st = SR_CONFIG;

    sr_data_path(&sb, "specs/bank_holidays.txt");
    if (holidays_load(&cb->hol, sb.buf, err, sizeof err) != 0) {
        sr_error("%s", err);
        goto out;
    }
    strbuf_reset(&sb);
    strbuf_addf(&sb, "specs/cin/cin_%d.xsd", year);
    sr_data_path(&cb->xsd, sb.buf);
    if (access(cb->xsd.buf, R_OK) != 0) {
        sr_error("no schema for collection year %d: '%s' is missing", year, cb->xsd.buf);
        goto out;
    }
    if (rule_set_for_year(&cb->rs, year, err, sizeof err) != 0) {
        sr_error("%s", err);
        goto out;
    }
    st = SR_OK;
out:
    strbuf_release(&sb);
    return st;
}

/* The return's name, and beside it the report's and the manifest's. */
static void name_outputs(struct cin_build *cb)
{
    struct build *b = cb->b;
    const struct build_request *req = b->req;
    const char *profile = req->profile ? req->profile : "dfe";

    if (req->output)
        strbuf_addstr(&cb->out_path, req->output);
    else if (!req->policy_path && strcmp(profile, "dfe") != 0)   /* DfE's file keeps DfE's plain name */
        strbuf_addf(&cb->out_path, "%s/cin_%d_%s_%s.xml", req->output_dir, req->year, req->la, profile);
    else
        strbuf_addf(&cb->out_path, "%s/cin_%d_%s.xml", req->output_dir, req->year, req->la);
    size_t stem = cb->out_path.len;
    if (stem > 4 && !strcmp(cb->out_path.buf + stem - 4, ".xml"))
        stem -= 4;
    strbuf_addf(&b->report_path, "%.*s_validation.%s", (int)stem, cb->out_path.buf,
                !strcmp(req->report_format, "text") ? "txt" : req->report_format);
    strbuf_addf(&b->parts[0].manifest_path, "%.*s_manifest.json", (int)stem, cb->out_path.buf);
    outset_file(b->out, cb->out_path.buf);
}

static enum sr_status setup(struct build *b)
{
    struct cin_build *cb = xcalloc(1, sizeof *cb);
    enum sr_status st;

    b->state = cb;
    cb->b = b;
    cb->hdr_arena = (struct arena)ARENA_INIT;
    strbuf_init(&cb->xsd, 0);
    strbuf_init(&cb->out_path, 0);
    strbuf_init(&cb->exp_msg, 0);
    if ((st = load_policy(cb)) != SR_OK || (st = load_specs(cb)) != SR_OK)
        return st;
    expected_init(&cb->exp, &cb->policy, cin_expected_causes, cin_n_expected_causes);
    name_outputs(cb);
    snprintf(cb->year_s, sizeof cb->year_s, "%d", b->req->year);
    build_part_set(&b->parts[0], "cin", cb->year_s, &cb->policy, 0, 1);
    b->n_parts = 1;
    b->report = report_new(cb->out_path.buf, b->req->year);
    b->report_format = b->req->report_format;
    b->defects.heading = "replica values that cannot be written as a valid CIN census (child: table.column problem):";
    return SR_OK;
}

/* A rule finding, marked expected when the profile's own treatment causes
 * it (returns/expected.h), into the report. */
static void on_finding(void *opaque, const struct finding *f)
{
    struct cin_build *cb = opaque;
    struct finding g;

    if (expected_mark(&cb->exp, f, f->message, &g, &cb->exp_msg))
        report_finding(cb->b->report, &g);
    else
        report_finding(cb->b->report, f);
}

static enum sr_status open_source(struct build *b)
{
    struct cin_build *cb = b->state;
    struct cin_source_options so = { b->req->year, &cb->policy, on_defect, cb, b->req->fetch_batch };
    struct strbuf sb = STRBUF_INIT;
    enum db_status st = cin_source_open(&cb->src, b->db, &so, &sb);
    bool pp = cb->pp_year && !cb->pp_skipped;

    if (st == DB_OK && pp)
        st = cin_source_count_untied_preproceedings(b->db, b->req->year, &cb->pp_untied, &sb);
    if (st != DB_OK)
        sr_error("%s", sb.buf);
    if (st == DB_MISSING && pp)
        sr_detail("a council that does not collect the pre-proceedings module yet sets cin_pre_proceedings = no "
                  "in the configuration (then DfE's queries 8995Q and 9000Q are expected)");
    strbuf_release(&sb);
    return db_sr_status(st);
}

/* The writer on the temporary file, the header, and the rule engine. */
static enum sr_status begin(struct build *b, size_t pass)
{
    struct cin_build *cb = b->state;
    const char *serial = b->req->serial_no ? b->req->serial_no
                       : b->req->cfg->serial_no ? b->req->cfg->serial_no : "001";
    struct cin_header header;
    char err[1024];

    (void)pass;
    if (!(cb->writer = cin_writer_open(outset_fp(b->out, 0), &cb->policy, err, sizeof err))) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    make_header(&cb->hdr_arena, &header, b->req->year, b->req->la, serial);
    cb->env.year = b->req->year;
    cb->env.reference_date = census_reference_date(b->req->year);
    cb->env.period_start = census_period_start(b->req->year);
    cb->env.holidays = &cb->hol;
    cb->engine = rule_engine_new(&cb->rs, &cb->env, on_finding, cb);
    rule_engine_header(cb->engine, &header);
    if (cin_writer_header(cb->writer, &header) != 0) {
        sr_error("cannot write '%s'", outset_path(b->out, 0));
        return SR_OUTPUT;
    }
    return SR_OK;
}

static int next(struct build *b, size_t pass, struct arena *a, void **rec, struct strbuf *err, enum db_status *why)
{
    struct cin_build *cb = b->state;
    int r = cin_source_next(cb->src, a, &cb->child, err);

    (void)pass;
    if (r < 0)
        *why = cin_source_status(cb->src);
    if (r == 1) {
        cb->child.position = ++cb->seen;
        *rec = &cb->child;
    }
    return r;
}

static void treat(struct build *b, struct arena *a, void *rec)
{
    struct cin_build *cb = b->state;
    struct cin_child *c = rec;

    if (cin_apply_policy(a, c, &cb->policy, build_key(b, 0)) != 0)
        on_defect(cb, c->source_key, "ssd_person", "pers_person_id", "cannot be pseudonymised (empty)");
    else
        cin_check_writable(c, &cb->policy, b->req->year, on_defect, cb);
}

static enum sr_status write_child(struct build *b, void *rec)
{
    struct cin_build *cb = b->state;
    const struct cin_child *c = rec;

    if (cin_writer_child(cb->writer, c) != 0) {
        sr_error("cannot write '%s': %s", outset_path(b->out, 0), strerror(errno));
        return SR_OUTPUT;
    }
    rule_engine_child(cb->engine, c);
    report_child(b->report);
    count_child(&cb->counts, c);
    return SR_OK;
}

static void defects_summary(const struct build *b)
{
    const struct defect_log *d = &b->defects;
    sr_error("%zu value%s for %zu child%s cannot be written as a valid CIN census; nothing was written; "
             "fix them in the case-management system", d->n, d->n == 1 ? "" : "s", d->records,
             d->records == 1 ? "" : "ren");
}

/* The DfE rules about the whole return, the end of the document, and the
 * schema check of the whole file before anything is committed. */
static enum sr_status finish(struct build *b)
{
    struct cin_build *cb = b->state;
    FILE *fp = outset_fp(b->out, 0);
    struct strbuf sb = STRBUF_INIT;
    const struct counts *k = &cb->counts;

    rule_engine_finish(cb->engine);
    if (cin_writer_finish(cb->writer) != 0 || fflush(fp) != 0) {
        sr_error("cannot write '%s': %s", outset_path(b->out, 0), strerror(errno));
        return SR_OUTPUT;
    }
    /* The writer's buffer must go before the file is closed by commit. */
    cin_writer_free(cb->writer);
    cb->writer = NULL;
    int v = xsd_validate_file(cb->xsd.buf, outset_tmp_path(b->out, 0), &sb, 20);
    if (v != 0) {
        sr_error("the built file does not pass the DfE schema %s; nothing was written", cb->xsd.buf);
        sr_detail("%s", sb.buf);
        strbuf_release(&sb);
        return v > 0 ? SR_SOURCE_DATA : SR_INTERNAL;
    }
    const struct manifest_count mc[] = {
        { "children", k->children }, { "episodes", k->episodes }, { "assessments", k->assessments },
        { "section47", k->s47s }, { "cin_plans", k->plans }, { "cp_plans", k->cpps },
        { "cp_reviews", k->reviews }, { "disabilities", k->disabilities },
        /* 2026-27 on only, so the earlier years' manifests stay as they were. */
        { "pre_proceedings", k->preproceedings }, { "pre_proceedings_not_tied", cb->pp_untied },
    };
    size_t n = sizeof mc / sizeof mc[0] - (cb->pp_year ? 0 : 2);
    memcpy(b->parts[0].counts, mc, n * sizeof mc[0]);
    b->parts[0].n_counts = n;
    return SR_OK;
}

static void summary(const struct build *b)
{
    const struct cin_build *cb = b->state;
    const struct counts *k = &cb->counts;
    struct report_summary sum;

    report_get_summary(b->report, &sum);
    sr_info("wrote %s", cb->out_path.buf);
    sr_info("  %zu children, %zu episodes, %zu assessments, %zu section 47 enquiries, %zu CIN plans, "
            "%zu child protection plans", k->children, k->episodes, k->assessments, k->s47s, k->plans, k->cpps);
    if (cb->pp_skipped)
        sr_info("  pre-proceedings module not collected (cin_pre_proceedings = no): none written; DfE's "
                "queries 8995Q and 9000Q are expected, and COLLECT asks for a reason");
    else if (cb->pp_year)
        sr_info("  %zu period%s of pre-proceedings", k->preproceedings, k->preproceedings == 1 ? "" : "s");
    if (cb->pp_untied)
        sr_warn("%zu period%s of pre-proceedings that began in the census year %s tied to no CIN episode of "
                "the return and left out (sql/cin.sql says how a period is tied)", cb->pp_untied,
                cb->pp_untied == 1 ? "" : "s", cb->pp_untied == 1 ? "is" : "are");
    sr_info("  DfE validation: %zu error%s, %zu quer%s; report %s", sum.errors, sum.errors == 1 ? "" : "s",
            sum.queries, sum.queries == 1 ? "y" : "ies", b->report_path.buf);
    if (expected_any(&cb->exp))
        sr_info("  %zu finding%s expected for this profile (policy '%s'), in the report apart and not counted",
                sum.expected, sum.expected == 1 ? "" : "s", cb->policy.name);
    sr_info("  manifest %s (sha256 %.16s...)", b->parts[0].manifest_path.buf, b->sha[0]);
}

static void release(struct build *b)
{
    struct cin_build *cb = b->state;

    if (!cb)
        return;
    cin_writer_free(cb->writer);   /* before the file it writes to is closed */
    cin_source_close(cb->src);
    rule_engine_free(cb->engine);
    rule_set_release(&cb->rs);
    holidays_release(&cb->hol);
    if (cb->policy_loaded)
        policy_release(&cb->policy);
    arena_release(&cb->hdr_arena);
    strbuf_release(&cb->xsd);
    strbuf_release(&cb->out_path);
    strbuf_release(&cb->exp_msg);
    expected_release(&cb->exp);
    free(cb);
    b->state = NULL;
}

const struct return_builder cin_builder = {
    .usage = usage_text,
    .option_help = option_help,
    .options = BUILD_OPT_YEAR | BUILD_OPT_OUTPUT | BUILD_OPT_PROFILE | BUILD_OPT_POLICY | BUILD_OPT_PSEUDONYMISE_IDS
             | BUILD_OPT_REPORT_FORMAT | BUILD_OPT_SERIAL_NO,
    .setup = setup,
    .open = open_source,
    .begin_pass = begin,
    .next = next,
    .treat = treat,
    .write = write_child,
    .defects_summary = defects_summary,
    .finish = finish,
    .summary = summary,
    .release = release,
};

const struct return_kind cin_kind = { "cin", "CIN census", &cin_builder, &cin_shared };
