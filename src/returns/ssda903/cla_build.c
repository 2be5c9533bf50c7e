/*
 * The SSDA903 return's builder (returns/return_kind.h): what `statreturn
 * build 903` does that is the 903's own, with the guarantees of `build cin`:
 *
 *   one read-only REPEATABLE READ snapshot --> per-child records (cursors
 *   per DfE table, merged) --> policy treatments --> writability check
 *   (source defects named by child, SSD table and column; nothing written)
 *   --> XML writer and CSV writers into temporary files (streamed)
 *   --> XSD check of the XML (a failure writes nothing)
 *   --> the 903 validator on exactly what was written (its findings are the
 *       validation report; DfE rule errors do not stop the files: exit 1)
 *   --> committed by the pipeline: every return file, the report and the
 *       manifest together.
 *
 * Output names (OUTPUT_DIR, default "."; PROFILE part only when not dfe):
 *   cla_YEAR_LA[_PROFILE].xml                      the EXPSSDA903 document
 *   cla_YEAR_LA[_PROFILE]_csv/                     the CSV set, one file a table:
 *       cla_YEAR_LA[_PROFILE]_<Table>.csv          (Header, Episodes, UASC, ...)
 *   cla_YEAR_LA[_PROFILE]_validation.csv           the validation report
 *   cla_YEAR_LA[_PROFILE]_manifest.json            the run manifest
 * The CSV set lives in its own folder so that the folder is exactly the
 * upload (and `statreturn validate FOLDER` validates it as one return),
 * and so that it can appear atomically: it is written in a hidden
 * temporary folder beside it and renamed into place.
 *
 * Atomicity is the output set's (io/outset.h): nothing is renamed until
 * every file is written and checked, and a failed rename takes back what
 * was renamed.
 *
 * A profile's own treatment makes some rules fail (the regional profile:
 * a dropped UPN, 442; dates of birth moved, 189, 304, 440, ...; postcodes
 * cut to their sector, 392c, 392d and the format check).  That is the
 * policy working, not a defect: those findings are predicted from the
 * policy (cla_expected.c, returns/expected.h), reported in their own part
 * as expected for this profile, and left out of the error count and the
 * exit status; the manifest counts them ("expected_for_profile").  Every
 * other finding is reported as usual.
 *
 * From 2026-27 the return has a DoLo table (deprivation of liberty
 * orders).  DfE has published no XML element for a DoLO, so the XML
 * document is written without them (tables.conf: xml=none) and the CSV set
 * carries them.  An element name of our own would be refused by DfE or,
 * worse, guessed differently by every tool; so instead the build summary
 * and the manifest ("notes") say that the XML has no DoLOs and where they
 * are, and a reader of the XML alone is not led to think there were none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "io/xml_writer.h"
#include "returns/ssda903/cla_build.h"
#include "returns/ssda903/cla_kind.h"
#include "returns/ssda903/cla_shared_report.h"
#include "returns/ssda903/cla_validate.h"

static const char return_name[] = "SSDA903 (children looked after) return";

/* Findings of the validator on the written files: those the profile's
 * own treatment causes are marked expected (returns/expected.h). */
struct finding_filter {
    struct report *report;
    struct expected_set exp;
    struct strbuf msg;
};

static void on_finding(void *opaque, const struct finding *f, const char *detail)
{
    struct finding_filter *ff = opaque;
    struct finding g;

    if (expected_mark(&ff->exp, f, detail, &g, &ff->msg))
        cla_report_finding(ff->report, &g, g.message);
    else
        cla_report_finding(ff->report, f, detail);
}

static const char usage_text[] =
    "usage: statreturn build 903 --year YEAR [options]\n"
          "\n"
          "Builds the SSDA903 (children looked after) return from the replica: the EXPSSDA903\n"
          "XML document and/or the DfE CSV files (one per table, in their own folder).\n";
static const struct option_help option_help[] = {
    { "la", NULL, "three-digit LA code, in the file names (config: la)" },
    { "profile", NULL, "policy specs/903/policy_NAME.conf (default dfe; regional)" },
    { NULL, NULL, NULL },
};

struct cla_build {
    struct build *b;
    struct cla_spec *spec;
    struct cla_catalogue cc;
    struct policy policy;
    bool policy_loaded;
    struct cla_source *src;
    struct cla_xml_writer *xw;
    bool want_xml, want_csv;
    size_t xml, csv0, n_csv;       /* outset entries: the XML file, the first CSV file */
    struct strbuf base, xml_path, csv_dir, xsd, row;
    struct finding_filter ff;
    struct cla_record rec;
    size_t counts[CLA_MAX_TABLES];
    size_t children;
    char year_s[8];
    struct strbuf dolo_note;       /* the manifest's note on DoLOs and the XML */
};

static void on_defect(void *opaque, const char *person, const char *table, const char *column, const char *problem)
{
    struct cla_build *cb = opaque;
    defect_log_add(&cb->b->defects, "child %s: %s.%s %s", person ? person : "(no id)", table, column, problem);
}

/* The year's tables, the catalogue over them, the policy. */
static enum sr_status load_policy(struct cla_build *cb)
{
    const struct build_request *req = cb->b->req;
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT;
    char err[1024];
    enum sr_status st = SR_CONFIG;

    int r = cla_spec_load_default(req->year, &cb->spec, err, sizeof err);
    if (r != CLA_SPEC_OK) {
        sr_error("%s", err);
        return r == CLA_SPEC_NO_YEAR ? SR_USAGE : SR_CONFIG;
    }
    if (cla_catalogue_build(&cb->cc, cb->spec, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    if (req->policy_path) {
        strbuf_addstr(&path, req->policy_path);
    } else if (policy_profile_path(&path, "903", req->profile ? req->profile : "dfe", err, sizeof err) != 0) {
        sr_error("%s", err);
        st = SR_USAGE;
        goto out;
    }
    sr_data_path(&purposes, "specs/purposes.conf");
    if (policy_load(&cb->policy, &cb->cc.cat, path.buf, purposes.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto out;
    }
    cb->policy_loaded = true;
    if (cla_policy_check(&cb->cc, cb->spec, &cb->policy, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto out;
    }
    st = SR_OK;
out:
    strbuf_release(&path);
    strbuf_release(&purposes);
    return st;
}

/* cla_YEAR_LA[_PROFILE].xml, the _csv folder, _validation.FMT, _manifest.json. */
static void name_outputs(struct cla_build *cb)
{
    struct build *b = cb->b;
    const struct build_request *req = b->req;
    const char *profile = req->profile ? req->profile : "dfe";
    struct strbuf stem = STRBUF_INIT, name = STRBUF_INIT;

    if (!req->policy_path && strcmp(profile, "dfe") != 0)
        strbuf_addf(&cb->base, "cla_%d_%s_%s", req->year, req->la, profile);
    else
        strbuf_addf(&cb->base, "cla_%d_%s", req->year, req->la);
    strbuf_addf(&stem, "%s/%s", req->output_dir, cb->base.buf);
    strbuf_addf(&cb->xml_path, "%s.xml", stem.buf);
    strbuf_addf(&cb->csv_dir, "%s_csv", stem.buf);
    strbuf_addf(&b->report_path, "%s_validation.%s", stem.buf,
                !strcmp(req->report_format, "text") ? "txt" : req->report_format);
    strbuf_addf(&b->parts[0].manifest_path, "%s_manifest.json", stem.buf);
    if (cb->want_xml)
        cb->xml = outset_file(b->out, cb->xml_path.buf);
    if (cb->want_csv) {
        size_t dir = outset_folder(b->out, cb->csv_dir.buf);
        cb->n_csv = cb->spec->n_tables;
        for (size_t t = 0; t < cb->n_csv; t++) {
            strbuf_reset(&name);
            strbuf_addf(&name, "%s_%s.csv", cb->base.buf, cb->spec->tables[t].name);
            size_t e = outset_file_in(b->out, dir, name.buf);
            if (t == 0)
                cb->csv0 = e;
        }
    }
    strbuf_release(&stem);
    strbuf_release(&name);
}

static enum sr_status setup(struct build *b)
{
    const struct build_request *req = b->req;
    const char *format = req->format ? req->format : "both";
    struct cla_build *cb = xcalloc(1, sizeof *cb);
    struct strbuf rel = STRBUF_INIT;
    enum sr_status st;

    b->state = cb;
    cb->b = b;
    strbuf_init(&cb->base, 0);
    strbuf_init(&cb->xml_path, 0);
    strbuf_init(&cb->csv_dir, 0);
    strbuf_init(&cb->xsd, 0);
    strbuf_init(&cb->row, 0);
    strbuf_init(&cb->dolo_note, 0);
    strbuf_init(&cb->ff.msg, 0);
    if (!req->year) {
        sr_error("--year is required (the collection end year, e.g. 2025 for 2024-25)");
        return SR_USAGE;
    }
    cb->want_xml = !strcmp(format, "xml") || !strcmp(format, "both");
    cb->want_csv = !strcmp(format, "csv") || !strcmp(format, "both");
    if (!cb->want_xml && !cb->want_csv) {
        sr_error("--format must be xml, csv or both");
        return SR_USAGE;
    }
    if ((st = load_policy(cb)) != SR_OK)
        return st;
    expected_init(&cb->ff.exp, &cb->policy, cla_expected_causes, cla_n_expected_causes);
    strbuf_addf(&rel, "specs/903/cla_%d.xsd", req->year);
    sr_data_path(&cb->xsd, rel.buf);
    strbuf_release(&rel);
    if (cb->want_xml && access(cb->xsd.buf, R_OK) != 0) {
        sr_error("no schema for collection year %d: '%s' is missing", req->year, cb->xsd.buf);
        return SR_CONFIG;
    }
    name_outputs(cb);
    snprintf(cb->year_s, sizeof cb->year_s, "%d", req->year);
    build_part_set(&b->parts[0], "903", cb->year_s, &cb->policy, 0, outset_count(b->out));
    b->n_parts = 1;
    b->report = report_new(NULL, req->year);
    b->report_format = req->report_format;
    cb->ff.report = b->report;
    b->defects.heading = "replica values that cannot be written as a valid SSDA903 return (child: table.column problem):";
    return SR_OK;
}

static enum sr_status open_source(struct build *b)
{
    struct cla_build *cb = b->state;
    struct cla_source_options so = { b->req->year, cb->spec, &cb->cc, &cb->policy, b->req->fetch_batch };
    struct strbuf sb = STRBUF_INIT;
    enum db_status st = cla_source_open(&cb->src, b->db, &so, &sb);

    if (st != DB_OK)
        sr_error("%s", sb.buf);
    strbuf_release(&sb);
    return db_sr_status(st);
}

/* The XML writer and the CSV header rows, on the temporary files. */
static enum sr_status begin(struct build *b, size_t pass)
{
    struct cla_build *cb = b->state;
    char err[1024];

    (void)pass;
    if (cb->want_xml && !(cb->xw = cla_xml_open(outset_fp(b->out, cb->xml), cb->spec, err, sizeof err))) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    for (size_t t = 0; t < cb->n_csv; t++)
        if (cla_csv_header(outset_fp(b->out, cb->csv0 + t), &cb->spec->tables[t]) != 0) {
            sr_error("cannot write '%s': %s", outset_path(b->out, cb->csv0 + t), strerror(errno));
            return SR_OUTPUT;
        }
    return SR_OK;
}

static int next(struct build *b, size_t pass, struct arena *a, void **rec, struct strbuf *err, enum db_status *why)
{
    struct cla_build *cb = b->state;
    int r = cla_source_next(cb->src, a, &cb->rec, err);

    (void)pass;
    if (r < 0)
        *why = cla_source_status(cb->src);
    if (r == 1) {
        cb->rec.child.position = ++cb->children;
        *rec = &cb->rec;
    }
    return r;
}

static void treat(struct build *b, struct arena *a, void *rec)
{
    struct cla_build *cb = b->state;
    struct cla_record *r = rec;

    if (cla_apply_policy(a, r, &cb->cc, &cb->policy, build_key(b, 0)) != 0)
        on_defect(cb, r->source_key, "ssd_person", "pers_person_id", "cannot be pseudonymised (empty)");
    else
        cla_check_writable(r, cb->spec, &cb->cc, &cb->policy, on_defect, cb);
}

static enum sr_status write_child(struct build *b, void *rec)
{
    struct cla_build *cb = b->state;
    const struct cla_record *r = rec;

    for (size_t t = 0; t < cb->spec->n_tables; t++)
        cb->counts[t] += r->child.n_rows[t];
    if (cb->xw && cla_xml_child(cb->xw, &r->child) != 0) {
        sr_error("cannot write '%s': %s", outset_path(b->out, cb->xml), strerror(errno));
        return SR_OUTPUT;
    }
    for (size_t t = 0; t < cb->n_csv; t++)
        if (cla_csv_rows(outset_fp(b->out, cb->csv0 + t), &r->child, t, &cb->row) != 0) {
            sr_error("cannot write '%s': %s", outset_path(b->out, cb->csv0 + t), strerror(errno));
            return SR_OUTPUT;
        }
    return SR_OK;
}

static void defects_summary(const struct build *b)
{
    const struct defect_log *d = &b->defects;
    sr_error("%zu value%s for %zu child%s cannot be written as a valid SSDA903 return; nothing was written; "
             "fix them in the case-management system", d->n, d->n == 1 ? "" : "s", d->records,
             d->records == 1 ? "" : "ren");
}

/* The XML document closed and checked against the schema. */
static enum sr_status finish_xml(struct build *b, struct cla_build *cb)
{
    struct strbuf sb = STRBUF_INIT;

    if (cla_xml_finish(cb->xw) != 0 || fflush(outset_fp(b->out, cb->xml)) != 0) {
        sr_error("cannot write '%s': %s", outset_path(b->out, cb->xml), strerror(errno));
        return SR_OUTPUT;
    }
    cla_xml_free(cb->xw);
    cb->xw = NULL;
    int v = xsd_validate_file(cb->xsd.buf, outset_tmp_path(b->out, cb->xml), &sb, 20);
    if (v != 0) {
        sr_error("the built file does not pass the 903 schema %s; nothing was written", cb->xsd.buf);
        sr_detail("%s", sb.buf);
        strbuf_release(&sb);
        return v > 0 ? SR_SOURCE_DATA : SR_INTERNAL;
    }
    return SR_OK;
}

/* The 903 validator on exactly what was written: the XML file, then the
 * CSV set. */
static enum sr_status validate_written(struct build *b, struct cla_build *cb)
{
    struct cla_validate_options vo;
    struct cla_result res;

    memset(&vo, 0, sizeof vo);
    vo.year = b->req->year;
    vo.on_finding = on_finding;
    vo.opaque = &cb->ff;
    if (cb->want_xml) {
        report_begin_file(b->report, cb->xml_path.buf, return_name);
        report_set_kind(b->report, REPORT_KIND_SSDA903);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_xml(outset_tmp_path(b->out, cb->xml), &vo, &res);
        report_set_year(b->report, b->req->year);
        report_set_children(b->report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built XML file could not be validated: %s; nothing was written", res.diagnosis);
            return SR_INTERNAL;
        }
    }
    if (cb->n_csv) {
        const char **paths = xcalloc(cb->n_csv, sizeof *paths);
        for (size_t t = 0; t < cb->n_csv; t++)
            paths[t] = outset_tmp_path(b->out, cb->csv0 + t);
        report_begin_file(b->report, cb->csv_dir.buf, return_name);
        report_set_kind(b->report, REPORT_KIND_SSDA903);
        /* Each finding names the file of its table by the name it will
         * have, not the unnamed file it is read from before the commit. */
        struct strbuf file = STRBUF_INIT;
        for (size_t t = 0; t < cb->n_csv; t++) {
            strbuf_reset(&file);
            strbuf_addf(&file, "%s/%s_%s.csv", cb->csv_dir.buf, cb->base.buf, cb->spec->tables[t].name);
            report_set_table_file(b->report, cb->spec->tables[t].name, file.buf);
        }
        strbuf_release(&file);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_csv(paths, cb->n_csv, &vo, &res);
        free(paths);
        report_set_year(b->report, b->req->year);
        report_set_children(b->report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built CSV files could not be validated: %s; nothing was written", res.diagnosis);
            return vr == CLA_TEMP ? SR_OUTPUT : SR_INTERNAL;
        }
    }
    return SR_OK;
}

/* The spec index of the year's DoLo table when the XML does not carry it
 * (see the top of this file), else -1. */
static int dolo_not_in_xml(const struct cla_build *cb)
{
    const struct cla_table *t = cla_spec_table(cb->spec, "DoLo");

    return t && !t->xml_row ? cla_spec_table_index(cb->spec, t) : -1;
}

/* The manifest's note when the XML was written without the DoLOs. */
static void note_dolo(struct build *b, struct cla_build *cb)
{
    struct build_part *part = &b->parts[0];
    int t = dolo_not_in_xml(cb);

    if (!cb->want_xml || t < 0)
        return;
    strbuf_addf(&cb->dolo_note, "The XML document has no DoLo rows (deprivation of liberty orders): DfE has "
                "published no XML element for them. ");
    size_t n = cb->counts[t];
    if (cb->want_csv)
        strbuf_addf(&cb->dolo_note, "The %zu DoLo row%s in the CSV file %s_DoLo.csv.", n,
                    n == 1 ? " is" : "s are", cb->base.buf);
    else
        strbuf_addf(&cb->dolo_note, "No CSV files were written (format xml), so the %zu DoLo row%s in no file of "
                    "this build.", n, n == 1 ? " is" : "s are");
    part->notes[part->n_notes++] = cb->dolo_note.buf;
}

static enum sr_status finish(struct build *b)
{
    struct cla_build *cb = b->state;
    struct build_part *part = &b->parts[0];
    enum sr_status st;

    if (!cb->children) {
        sr_error("the replica has no looked-after child or care leaver in collection year %d; nothing was written",
                 b->req->year);
        return SR_SOURCE_DATA;
    }
    cla_source_close(cb->src);
    cb->src = NULL;
    if (cb->xw && (st = finish_xml(b, cb)) != SR_OK)
        return st;
    for (size_t t = 0; t < cb->n_csv; t++)
        if (fflush(outset_fp(b->out, cb->csv0 + t)) != 0) {
            sr_error("cannot write '%s': %s", outset_path(b->out, cb->csv0 + t), strerror(errno));
            return SR_OUTPUT;
        }
    if ((st = validate_written(b, cb)) != SR_OK)
        return st;
    part->counts[part->n_counts++] = (struct manifest_count){ "children", cb->children };
    for (size_t t = 0; t < cb->spec->n_tables; t++)
        part->counts[part->n_counts++] = (struct manifest_count){ cb->spec->tables[t].name, cb->counts[t] };
    note_dolo(b, cb);
    return SR_OK;
}

static void summary(const struct build *b)
{
    const struct cla_build *cb = b->state;
    const struct cla_spec *spec = cb->spec;
    struct report_summary sum;

    report_get_summary(b->report, &sum);
    if (cb->want_xml)
        sr_info("wrote %s", cb->xml_path.buf);
    if (cb->want_csv)
        sr_info("wrote %s/ (%zu CSV files)", cb->csv_dir.buf, cb->n_csv);
    sr_info("  %zu children; %zu episodes", cb->children,
            cb->counts[cla_spec_table_index(spec, cla_spec_table(spec, "Episodes"))]);
    if (dolo_not_in_xml(cb) >= 0) {
        size_t n = cb->counts[dolo_not_in_xml(cb)];
        sr_info("  %zu DoLo row%s (deprivation of liberty orders)%s", n, n == 1 ? "" : "s",
                cb->want_csv ? ", in the DoLo CSV file" : "");
        if (cb->want_xml && cb->want_csv)
            sr_info("  the XML document has no DoLOs: DfE has published no XML element for them");
        else if (cb->want_xml && n)
            sr_warn("the XML document has no DoLOs (DfE has published no XML element for them) and no CSV file "
                    "was written: build with --format csv or both to send them");
    }
    sr_info("  903 validation: %zu error%s, %zu quer%s; report %s", sum.errors, sum.errors == 1 ? "" : "s",
            sum.queries, sum.queries == 1 ? "y" : "ies", b->report_path.buf);
    if (expected_any(&cb->ff.exp))
        sr_info("  %zu finding%s expected for this profile (policy '%s'), in the report apart and not counted",
                sum.expected, sum.expected == 1 ? "" : "s", cb->policy.name);
    sr_info("  manifest %s", b->parts[0].manifest_path.buf);
}

static void release(struct build *b)
{
    struct cla_build *cb = b->state;

    if (!cb)
        return;
    cla_xml_free(cb->xw);
    cla_source_close(cb->src);
    if (cb->policy_loaded)
        policy_release(&cb->policy);
    cla_catalogue_release(&cb->cc);
    cla_spec_free(cb->spec);
    strbuf_release(&cb->base);
    strbuf_release(&cb->xml_path);
    strbuf_release(&cb->csv_dir);
    strbuf_release(&cb->xsd);
    strbuf_release(&cb->row);
    strbuf_release(&cb->dolo_note);
    strbuf_release(&cb->ff.msg);
    expected_release(&cb->ff.exp);
    free(cb);
    b->state = NULL;
}

const struct return_builder cla_builder = {
    .usage = usage_text,
    .option_help = option_help,
    .options = BUILD_OPT_YEAR | BUILD_OPT_FORMAT | BUILD_OPT_PROFILE | BUILD_OPT_POLICY | BUILD_OPT_REPORT_FORMAT,
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

const struct return_kind cla_kind = { "903", "SSDA903 (children looked after) return", &cla_builder, &cla_shared };
