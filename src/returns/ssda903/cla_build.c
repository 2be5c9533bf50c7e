/*
 * `statreturn build 903`: the SSDA903 return from replica to committed
 * files, with the guarantees of `build cin`:
 *
 *   one read-only REPEATABLE READ snapshot --> per-child records (cursors
 *   per DfE table, merged) --> policy treatments --> writability check
 *   (source defects named by child, SSD table and column; nothing written)
 *   --> XML writer and CSV writers into temporary files (streamed)
 *   --> XSD check of the XML (a failure writes nothing)
 *   --> the 903 validator on exactly what was written (its findings are the
 *       validation report; DfE rule errors do not stop the files: exit 1)
 *   --> commit of every return file together --> report and manifest.
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
 * Atomicity: every file is written under a temporary name; nothing is
 * renamed until every file is written and checked.  If a later step fails
 * (a rename, the report, the manifest), the files already renamed are
 * removed again, so a failed run leaves none of its files (with --force the
 * replaced previous version is then gone too; the message says so).
 *
 * Profiles whose policy cuts postcodes to their sector (regional) produce
 * HOME_POST/PL_POST values such as "ZZ1 2" that fail the strict postcode
 * format (DfE 392c and the FORMAT check).  That is the policy working, not
 * a defect: the build counts those findings as expected (manifest count
 * "expected_sector_findings"), leaves them out of the report and the exit
 * status, and says so.  Every other finding is reported as usual.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/app.h"
#include "returns/cin/cin_writer.h"
#include "returns/ssda903/cla_build.h"
#include "returns/ssda903/cla_validate.h"
#include "core/config.h"
#include "core/log.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "findings/report.h"
#include "core/xalloc.h"

#define MAX_DEFECTS_SHOWN 200

static const char return_name[] = "SSDA903 (children looked after) return";

struct defects {
    size_t n, children;
};

static void on_defect(void *opaque, const char *person, const char *table, const char *column, const char *problem)
{
    struct defects *d = opaque;
    if (d->n == 0)
        sr_error("replica values that cannot be written as a valid SSDA903 return (child: table.column problem):");
    if (d->n < MAX_DEFECTS_SHOWN)
        sr_detail("child %s: %s.%s %s", person ? person : "(no id)", table, column, problem);
    d->n++;
}

/* Findings of the validator on the written files; sector postcodes are
 * expected under a profile that cuts them (see the top of this file). */
struct finding_filter {
    struct report *report;
    const char *sector_cols[CLA_MAX_COLUMNS];
    size_t n_sector;
    size_t expected;
};

static bool about_sector_column(const struct finding_filter *ff, const struct finding *f)
{
    if (!ff->n_sector || !f->rule || !f->path)
        return false;
    if (strcmp(f->rule->code, "392c") != 0 && strcmp(f->rule->code, cla_check_format.code) != 0)
        return false;
    const char *last = strrchr(f->path, '/');
    last = last ? last + 1 : f->path;
    while (*last == ' ')
        last++;
    for (size_t i = 0; i < ff->n_sector; i++)
        if (!strcmp(last, ff->sector_cols[i]))
            return true;
    return false;
}

static void on_finding(void *opaque, const struct finding *f, const char *detail)
{
    struct finding_filter *ff = opaque;
    if (about_sector_column(ff, f)) {
        ff->expected++;
        return;
    }
    cla_report_finding(ff->report, f, detail);
}

static void usage(FILE *f)
{
    fputs("usage: statreturn build 903 --year YEAR [options]\n"
          "\n"
          "Builds the SSDA903 (children looked after) return from the replica: the EXPSSDA903\n"
          "XML document and/or the DfE CSV files (one per table, in their own folder).\n"
          "\n"
          "  --year YEAR            collection end year (2025 = 1 April 2024 to 31 March 2025)\n"
          "  --la CODE              three-digit LA code, used in the file names (config: la)\n"
          "  --format FMT           xml, csv or both (default both)\n"
          "  --profile NAME         policy specs/903/policy_NAME.conf (default dfe; regional)\n"
          "  --policy FILE          policy file to use instead of a profile\n"
          "  --output-dir DIR       directory for the return, report and manifest (config: output_dir)\n"
          "  --force                replace existing output files\n"
          "  --key-file FILE        pseudonymisation key (mode 0600; config: key_file.NAME)\n"
          "  --key-env VAR          read the key from environment variable VAR\n"
          "  --report-format FMT    validation report: csv (default), json, html, text\n"
          "  --dsn CONNINFO         libpq connection string or URI, without a password\n"
          "  --schema NAME          schema holding the SSD tables (config: schema)\n"
          "  --statement-timeout S  seconds before a query is cancelled (default 600)\n"
          "  --config FILE          configuration file\n"
          "  -q, --quiet            only errors\n"
          "  -v, --verbose          more detail\n", f);
}

static int exit_for_db(enum db_status st)
{
    switch (st) {
    case DB_OK: return EXIT_OK;
    case DB_MISSING: return EXIT_CONTRACT;
    case DB_REFUSED: return EXIT_USAGE;
    default: return EXIT_DATABASE;
    }
}

static bool valid_la(const char *s)
{
    return s && strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
        && s[2] <= '9';
}

/* Removes a directory of plain files (ours: the CSV set). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        struct strbuf p = STRBUF_INIT;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/%s", dir, e->d_name);
            unlink(p.buf);
        }
        strbuf_release(&p);
        closedir(d);
    }
    rmdir(dir);
}

struct csv_out {
    struct outfile of;
    bool open, committed;
    struct strbuf final;     /* name inside the temporary folder */
};

int cmd_build_cla(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "year", required_argument, NULL, 'y' },
        { "la", required_argument, NULL, 'l' },
        { "format", required_argument, NULL, 'F' },
        { "profile", required_argument, NULL, 'P' },
        { "policy", required_argument, NULL, 'p' },
        { "output-dir", required_argument, NULL, 'O' },
        { "force", no_argument, NULL, 'f' },
        { "key-file", required_argument, NULL, 'k' },
        { "key-env", required_argument, NULL, 'K' },
        { "report-format", required_argument, NULL, 'r' },
        { "dsn", required_argument, NULL, 'd' },
        { "schema", required_argument, NULL, 'S' },
        { "statement-timeout", required_argument, NULL, 't' },
        { "fetch-batch", required_argument, NULL, 'B' },
        { "config", required_argument, NULL, 'c' },
        { "password", required_argument, NULL, 'W' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int year = 0, force = 0, fetch_batch = 0, timeout_s = -1, c;
    const char *la = NULL, *format = "both", *profile = "dfe", *policy_path = NULL, *output_dir = NULL;
    const char *key_file = NULL, *key_env = NULL, *report_format = "csv", *dsn = NULL, *schema = NULL;
    const char *config_path = NULL;
    struct config cfg;
    struct cla_spec *spec = NULL;
    struct cla_catalogue cc = { 0 };
    struct policy policy;
    bool policy_loaded = false;
    struct pseudo_key key;
    struct db *db = NULL;
    struct cla_source *src = NULL;
    struct cla_xml_writer *xw = NULL;
    struct outfile xml_out = { 0 };
    bool xml_open = false, xml_committed = false, dir_committed = false;
    struct csv_out csv[CLA_MAX_TABLES];
    size_t n_csv = 0;
    struct report *report = NULL;
    struct arena arena = ARENA_INIT;
    struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT, stem = STRBUF_INIT, xml_path = STRBUF_INIT;
    struct strbuf csv_dir = STRBUF_INIT, tmp_dir = STRBUF_INIT, report_path = STRBUF_INIT;
    struct strbuf manifest_path = STRBUF_INIT, xsd = STRBUF_INIT, base = STRBUF_INIT, row = STRBUF_INIT;
    struct defects defects = { 0 };
    struct finding_filter ff = { 0 };
    size_t counts[CLA_MAX_TABLES] = { 0 };
    size_t children = 0;
    struct manifest_output mo[CLA_MAX_TABLES + 1];
    char sha[CLA_MAX_TABLES + 1][65];
    struct strbuf final_names[CLA_MAX_TABLES + 1];
    size_t n_out = 0;
    bool rollback = false;
    char err[1024] = "";
    int ret = EXIT_INTERNAL;
    bool want_xml, want_csv;

    memset(csv, 0, sizeof csv);
    memset(&key, 0, sizeof key);
    for (size_t i = 0; i < CLA_MAX_TABLES + 1; i++)
        strbuf_init(&final_names[i], 0);
    config_init(&cfg);
    optind = 1;
    while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 2000 || v > 2100) {
                sr_error("--year takes a collection end year such as 2025, not '%s'", optarg);
                ret = EXIT_USAGE;
                goto cleanup;
            }
            year = (int)v;
            break;
        }
        case 'l': la = optarg; break;
        case 'F': format = optarg; break;
        case 'P': profile = optarg; break;
        case 'p': policy_path = optarg; break;
        case 'O': output_dir = optarg; break;
        case 'f': force = 1; break;
        case 'k': key_file = optarg; break;
        case 'K': key_env = optarg; break;
        case 'r': report_format = optarg; break;
        case 'd': dsn = optarg; break;
        case 'S': schema = optarg; break;
        case 't': timeout_s = atoi(optarg); break;
        case 'B': fetch_batch = atoi(optarg); break;
        case 'c': config_path = optarg; break;
        case 'W':
            sr_error("passwords are not accepted on the command line");
            sr_detail("use ~/.pgpass, PGPASSFILE or a pg_service.conf entry (see README, Connecting)");
            ret = EXIT_USAGE;
            goto cleanup;
        case 'q': log_set_level(LOG_QUIET); break;
        case 'v': log_set_level(LOG_VERBOSE); break;
        case 'h': usage(stdout); ret = EXIT_OK; goto cleanup;
        default: usage(stderr); ret = EXIT_USAGE; goto cleanup;
        }
    }
    if (optind + 1 < argc) {
        sr_error("unexpected argument '%s'", argv[optind + 1]);
        ret = EXIT_USAGE;
        goto cleanup;
    }
    if (!year) {
        sr_error("--year is required (the collection end year, e.g. 2025 for 2024-25)");
        ret = EXIT_USAGE;
        goto cleanup;
    }
    want_xml = !strcmp(format, "xml") || !strcmp(format, "both");
    want_csv = !strcmp(format, "csv") || !strcmp(format, "both");
    if (!want_xml && !want_csv) {
        sr_error("--format must be xml, csv or both");
        ret = EXIT_USAGE;
        goto cleanup;
    }
    if (strcmp(report_format, "csv") && strcmp(report_format, "json") && strcmp(report_format, "html")
        && strcmp(report_format, "text")) {
        sr_error("--report-format must be csv, json, html or text");
        ret = EXIT_USAGE;
        goto cleanup;
    }
    const char *cfg_path = config_path ? config_path : config_default_path();
    if (cfg_path && config_load(&cfg, cfg_path, config_path != NULL, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    la = la ? la : cfg.la;
    dsn = dsn ? dsn : cfg.dsn;
    schema = schema ? schema : cfg.schema;
    output_dir = output_dir ? output_dir : cfg.output_dir ? cfg.output_dir : ".";
    if (timeout_s < 0)
        timeout_s = cfg.statement_timeout_s ? cfg.statement_timeout_s : 600;
    if (!valid_la(la)) {
        sr_error("the LA code must be three digits (--la or 'la =' in the configuration)%s", la ? "" : "; none was given");
        ret = EXIT_USAGE;
        goto cleanup;
    }

    /* The year's tables, the catalogue over them, the policy. */
    int r = cla_spec_load_default(year, &spec, err, sizeof err);
    if (r != CLA_SPEC_OK) {
        sr_error("%s", err);
        ret = r == CLA_SPEC_NO_YEAR ? EXIT_USAGE : EXIT_CONFIG;
        goto cleanup;
    }
    if (cla_catalogue_build(&cc, spec, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    if (policy_path) {
        strbuf_addstr(&path, policy_path);
    } else {
        for (const char *q = profile; *q; q++)
            if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_')) {
                sr_error("profile names are lower-case letters, digits, '-' and '_'");
                ret = EXIT_USAGE;
                goto cleanup;
            }
        strbuf_addf(&sb, "specs/903/policy_%s.conf", profile);
        sr_data_path(&path, sb.buf);
        strbuf_reset(&sb);
    }
    sr_data_path(&sb, "specs/purposes.conf");
    if (policy_load(&policy, &cc.cat, path.buf, sb.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    policy_loaded = true;
    strbuf_reset(&sb);
    if (cla_policy_check(&cc, spec, &policy, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    if (policy_needs_key(&policy)) {
        const char *kf = key_file ? key_file : config_key_file(&cfg, policy.key_name);
        int kr;
        if (key_env) {
            kr = pseudo_key_load_env(&key, key_env, err, sizeof err);
        } else if (kf) {
            kr = pseudo_key_load_file(&key, kf, err, sizeof err);
        } else {
            snprintf(err, sizeof err, "policy '%s' pseudonymises fields but no key was given: use --key-file, "
                     "--key-env, or 'key_file.%s =' in the configuration", policy.name, policy.key_name);
            kr = -1;
        }
        if (kr != 0) {
            sr_error("%s", err);
            ret = EXIT_CONFIG;
            goto cleanup;
        }
        sr_info("pseudonymising with key %s (%s)", key.fingerprint, policy.key_name);
    }
    ff.n_sector = 0;
    for (size_t t = 0; t < spec->n_tables; t++)
        for (size_t k = 0; k < spec->tables[t].n_csv_columns; k++)
            if (policy_treatment(&policy, cc.offset[t] + k) == TR_SECTOR && ff.n_sector < CLA_MAX_COLUMNS) {
                bool seen = false;
                for (size_t i = 0; i < ff.n_sector; i++)
                    seen |= !strcmp(ff.sector_cols[i], spec->tables[t].columns[k].name);
                if (!seen)
                    ff.sector_cols[ff.n_sector++] = spec->tables[t].columns[k].name;
            }
    strbuf_addf(&sb, "specs/903/cla_%d.xsd", year);
    sr_data_path(&xsd, sb.buf);
    strbuf_reset(&sb);
    if (want_xml && access(xsd.buf, R_OK) != 0) {
        sr_error("no schema for collection year %d: '%s' is missing", year, xsd.buf);
        ret = EXIT_CONFIG;
        goto cleanup;
    }

    /* Output names. */
    {
        struct stat st;
        if (stat(output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            sr_error("output directory '%s' does not exist", output_dir);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
    }
    if (!policy_path && strcmp(profile, "dfe") != 0)
        strbuf_addf(&base, "cla_%d_%s_%s", year, la, profile);
    else
        strbuf_addf(&base, "cla_%d_%s", year, la);
    strbuf_addf(&stem, "%s/%s", output_dir, base.buf);
    strbuf_addf(&xml_path, "%s.xml", stem.buf);
    strbuf_addf(&csv_dir, "%s_csv", stem.buf);
    strbuf_addf(&report_path, "%s_validation.%s", stem.buf, !strcmp(report_format, "text") ? "txt" : report_format);
    strbuf_addf(&manifest_path, "%s_manifest.json", stem.buf);
    if (!force) {
        const char *paths[4] = { want_xml ? xml_path.buf : NULL, want_csv ? csv_dir.buf : NULL, report_path.buf,
                                 manifest_path.buf };
        for (int i = 0; i < 4; i++)
            if (paths[i] && access(paths[i], F_OK) == 0) {
                sr_error("'%s' already exists (use --force to replace it)", paths[i]);
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
    }

    /* The replica: one read-only snapshot. */
    struct db_options dbo = { dsn, "statreturn", timeout_s * 1000, schema };
    enum db_status st = db_connect(&db, &dbo, &sb);
    if (st != DB_OK) {
        sr_error("cannot connect to the replica: %s", sb.buf);
        ret = exit_for_db(st);
        goto cleanup;
    }
    strbuf_reset(&sb);
    if ((st = db_begin_snapshot(db, &sb)) != DB_OK) {
        sr_error("cannot start a read-only snapshot: %s", sb.buf);
        ret = exit_for_db(st);
        goto cleanup;
    }
    struct cla_source_options so = { year, spec, &cc, &policy, fetch_batch };
    if ((st = cla_source_open(&src, db, &so, &sb)) != DB_OK) {
        sr_error("%s", sb.buf);
        ret = exit_for_db(st);
        goto cleanup;
    }
    strbuf_reset(&sb);

    /* Temporary outputs. */
    if (want_xml) {
        if (outfile_open(&xml_out, xml_path.buf, force, err, sizeof err) != 0) {
            sr_error("%s", err);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        xml_open = true;
        if (!(xw = cla_xml_open(xml_out.fp, spec, err, sizeof err))) {
            sr_error("%s", err);
            ret = EXIT_CONFIG;
            goto cleanup;
        }
    }
    if (want_csv) {
        strbuf_addf(&tmp_dir, "%s/.%s_csv." SR_TEMP_SUFFIX, output_dir, base.buf);
        if (!mkdtemp(tmp_dir.buf)) {
            sr_error("cannot create a folder in '%s': %s", output_dir, strerror(errno));
            strbuf_reset(&tmp_dir);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        for (size_t t = 0; t < spec->n_tables; t++) {
            struct csv_out *co = &csv[n_csv++];
            strbuf_init(&co->final, 0);
            strbuf_addf(&co->final, "%s/%s_%s.csv", tmp_dir.buf, base.buf, spec->tables[t].name);
            if (outfile_open(&co->of, co->final.buf, false, err, sizeof err) != 0) {
                sr_error("%s", err);
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
            co->open = true;
            if (cla_csv_header(co->of.fp, &spec->tables[t]) != 0) {
                sr_error("cannot write '%s': %s", co->of.tmp_path, strerror(errno));
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
        }
    }

    /* The children, one at a time. */
    for (;;) {
        struct cla_record rec;
        arena_reset(&arena);
        int nr = cla_source_next(src, &arena, &rec, &sb);
        if (nr < 0) {
            sr_error("reading the replica failed: %s", sb.buf);
            ret = exit_for_db(cla_source_status(src));
            if (ret == EXIT_OK)
                ret = EXIT_DATABASE;
            goto cleanup;
        }
        if (nr == 0)
            break;
        children++;
        rec.child.position = children;
        size_t before = defects.n;
        if (cla_apply_policy(&arena, &rec, &cc, &policy, key.bytes ? &key : NULL) != 0) {
            on_defect(&defects, rec.source_key, "ssd_person", "pers_person_id", "cannot be pseudonymised (empty)");
        } else {
            cla_check_writable(&rec, spec, &cc, &policy, on_defect, &defects);
        }
        if (defects.n > before) {
            defects.children++;
            continue;
        }
        if (defects.n)
            continue;   /* nothing will be committed: stop writing, keep checking */
        for (size_t t = 0; t < spec->n_tables; t++)
            counts[t] += rec.child.n_rows[t];
        if (xw && cla_xml_child(xw, &rec.child) != 0) {
            sr_error("cannot write '%s': %s", xml_out.tmp_path, strerror(errno));
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        for (size_t t = 0; t < n_csv; t++)
            if (cla_csv_rows(csv[t].of.fp, &rec.child, t, &row) != 0) {
                sr_error("cannot write '%s': %s", csv[t].of.tmp_path, strerror(errno));
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
    }
    if (defects.n) {
        sr_error("%zu value%s for %zu child%s cannot be written as a valid SSDA903 return; nothing was written; "
                 "fix them in the case-management system", defects.n, defects.n == 1 ? "" : "s", defects.children,
                 defects.children == 1 ? "" : "ren");
        if (defects.n > MAX_DEFECTS_SHOWN)
            sr_detail("(the first %d are listed above)", MAX_DEFECTS_SHOWN);
        ret = EXIT_SOURCE_DATA;
        goto cleanup;
    }
    if (!children) {
        sr_error("the replica has no looked-after child or care leaver in collection year %d; nothing was written",
                 year);
        ret = EXIT_SOURCE_DATA;
        goto cleanup;
    }
    cla_source_close(src);
    src = NULL;
    db_rollback(db, &sb);
    strbuf_reset(&sb);

    /* Finish and check what was written, before anything is committed. */
    if (xw) {
        if (cla_xml_finish(xw) != 0 || fflush(xml_out.fp) != 0) {
            sr_error("cannot write '%s': %s", xml_out.tmp_path, strerror(errno));
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        cla_xml_free(xw);
        xw = NULL;
        int v = xsd_validate_file(xsd.buf, xml_out.tmp_path, &sb, 20);
        if (v != 0) {
            sr_error("the built file does not pass the 903 schema %s; nothing was written", xsd.buf);
            sr_detail("%s", sb.buf);
            ret = v > 0 ? EXIT_SOURCE_DATA : EXIT_INTERNAL;
            goto cleanup;
        }
        strbuf_reset(&sb);
    }
    for (size_t t = 0; t < n_csv; t++)
        if (fflush(csv[t].of.fp) != 0) {
            sr_error("cannot write '%s': %s", csv[t].of.tmp_path, strerror(errno));
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
    report = report_new(NULL, year);
    ff.report = report;
    struct cla_validate_options vo;
    struct cla_result res;
    memset(&vo, 0, sizeof vo);
    vo.year = year;
    vo.on_finding = on_finding;
    vo.opaque = &ff;
    if (xml_open) {
        report_begin_file(report, xml_path.buf, return_name);
        report_set_kind(report, REPORT_KIND_SSDA903);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_xml(xml_out.tmp_path, &vo, &res);
        report_set_year(report, year);
        report_set_children(report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built XML file could not be validated: %s; nothing was written", res.diagnosis);
            ret = EXIT_INTERNAL;
            goto cleanup;
        }
    }
    if (n_csv) {
        const char **paths = xcalloc(n_csv, sizeof *paths);
        for (size_t t = 0; t < n_csv; t++)
            paths[t] = csv[t].of.tmp_path;
        report_begin_file(report, csv_dir.buf, return_name);
        report_set_kind(report, REPORT_KIND_SSDA903);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_csv(paths, n_csv, &vo, &res);
        free(paths);
        report_set_year(report, year);
        report_set_children(report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built CSV files could not be validated: %s; nothing was written", res.diagnosis);
            ret = EXIT_INTERNAL;
            goto cleanup;
        }
    }

    /* Hashes of what will be committed (the temporary files are the
     * committed files: they are renamed, never copied). */
    if (xml_open) {
        if (sha256_file_hex(xml_out.tmp_path, sha[n_out], err, sizeof err) != 0) {
            sr_error("%s", err);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        strbuf_addstr(&final_names[n_out], xml_path.buf);
        n_out++;
    }
    for (size_t t = 0; t < n_csv; t++) {
        if (sha256_file_hex(csv[t].of.tmp_path, sha[n_out], err, sizeof err) != 0) {
            sr_error("%s", err);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        strbuf_addf(&final_names[n_out], "%s/%s_%s.csv", csv_dir.buf, base.buf, spec->tables[t].name);
        n_out++;
    }
    for (size_t i = 0; i < n_out; i++) {
        mo[i].path = final_names[i].buf;
        mo[i].sha256 = sha[i];
    }

    /* Commit: the CSV files inside their hidden folder, then the XML file
     * and the folder. */
    for (size_t t = 0; t < n_csv; t++) {
        if (outfile_commit(&csv[t].of, err, sizeof err) != 0) {
            csv[t].open = false;
            sr_error("%s", err);
            rollback = true;
            goto cleanup;
        }
        csv[t].open = false;
        csv[t].committed = true;
    }
    if (xml_open) {
        if (outfile_commit(&xml_out, err, sizeof err) != 0) {
            xml_open = false;
            sr_error("%s", err);
            rollback = true;
            goto cleanup;
        }
        xml_open = false;
        xml_committed = true;
    }
    if (n_csv) {
        struct stat stt;
        struct strbuf trash = STRBUF_INIT;
        if (lstat(csv_dir.buf, &stt) == 0) {
            if (!force || !S_ISDIR(stt.st_mode)) {
                snprintf(err, sizeof err, "'%s' appeared while writing (use --force to replace it)", csv_dir.buf);
                strbuf_release(&trash);
                sr_error("%s", err);
            rollback = true;
            goto cleanup;
            }
            strbuf_addf(&trash, "%s/.%s_csv_old." SR_TEMP_SUFFIX, output_dir, base.buf);
            if (!mkdtemp(trash.buf)) {
                snprintf(err, sizeof err, "cannot replace '%s': %s", csv_dir.buf, strerror(errno));
                strbuf_release(&trash);
                sr_error("%s", err);
            rollback = true;
            goto cleanup;
            }
            strbuf_addstr(&trash, "/old");
            if (rename(csv_dir.buf, trash.buf) != 0) {
                snprintf(err, sizeof err, "cannot replace '%s': %s", csv_dir.buf, strerror(errno));
                strbuf_release(&trash);
                sr_error("%s", err);
            rollback = true;
            goto cleanup;
            }
        }
        if (rename(tmp_dir.buf, csv_dir.buf) != 0) {
            snprintf(err, sizeof err, "cannot rename into '%s': %s", csv_dir.buf, strerror(errno));
            strbuf_release(&trash);
            sr_error("%s", err);
            rollback = true;
            goto cleanup;
        }
        dir_committed = true;
        chmod(csv_dir.buf, S_IRWXU);
        if (trash.len) {
            remove_tree(trash.buf);
            trash.len -= 4;
            trash.buf[trash.len] = '\0';
            rmdir(trash.buf);
        }
        strbuf_release(&trash);
    }

    struct report_summary summary;
    report_get_summary(report, &summary);
    if (report_write_file(report, report_format, report_path.buf, force, false, err, sizeof err) != 0) {
        sr_error("the validation report could not be written: %s", err);
        rollback = true;
        goto cleanup;
    }
    char year_s[8];
    snprintf(year_s, sizeof year_s, "%d", year);
    struct manifest_count mc[CLA_MAX_TABLES + 2];
    size_t n_mc = 0;
    mc[n_mc++] = (struct manifest_count){ "children", children };
    for (size_t t = 0; t < spec->n_tables; t++)
        mc[n_mc++] = (struct manifest_count){ spec->tables[t].name, counts[t] };
    if (ff.n_sector)
        mc[n_mc++] = (struct manifest_count){ "expected_sector_findings", ff.expected };
    const struct manifest man = {
        .ret = "903", .period = year_s, .la = la, .snapshot = db_snapshot_time(db),
        .counts = mc, .n_counts = n_mc, .outputs = mo, .n_outputs = n_out,
        .validated = true, .errors = summary.errors, .queries = summary.queries,
        .report_path = report_path.buf, .policy = &policy, .key = key.bytes ? &key : NULL,
    };
    if (manifest_write(manifest_path.buf, force, &man, err, sizeof err) != 0) {
        sr_error("the manifest could not be written: %s", err);
        unlink(report_path.buf);
        rollback = true;
        goto cleanup;
    }
    if (xml_committed)
        sr_info("wrote %s", xml_path.buf);
    if (dir_committed)
        sr_info("wrote %s/ (%zu CSV files)", csv_dir.buf, n_csv);
    sr_info("  %zu children; %zu episodes", children, counts[cla_spec_table_index(spec, cla_spec_table(spec, "Episodes"))]);
    if (ff.n_sector)
        sr_info("  %zu postcode finding%s expected and not reported: policy '%s' cuts postcodes to their sector",
                ff.expected, ff.expected == 1 ? "" : "s", policy.name);
    sr_info("  903 validation: %zu error%s, %zu quer%s; report %s", summary.errors, summary.errors == 1 ? "" : "s",
            summary.queries, summary.queries == 1 ? "y" : "ies", report_path.buf);
    sr_info("  manifest %s", manifest_path.buf);
    ret = summary.errors ? EXIT_RULE_ERRORS : EXIT_OK;
    goto cleanup;

cleanup:
    if (rollback) {
        /* Take back what was renamed, so that no part of the return is left. */
        if (xml_committed)
            unlink(xml_path.buf);
        if (dir_committed)
            remove_tree(csv_dir.buf);
        if (force)
            sr_detail("nothing of this run was kept; files it replaced (--force) are gone");
        ret = EXIT_OUTPUT;
    }
    for (size_t i = 0; i < CLA_MAX_TABLES + 1; i++)
        strbuf_release(&final_names[i]);
    cla_xml_free(xw);
    if (xml_open)
        outfile_abort(&xml_out);
    for (size_t t = 0; t < n_csv; t++) {
        if (csv[t].open)
            outfile_abort(&csv[t].of);
        strbuf_release(&csv[t].final);
    }
    if (tmp_dir.len && !dir_committed)
        remove_tree(tmp_dir.buf);
    cla_source_close(src);
    db_close(db);
    report_free(report);
    pseudo_key_release(&key);
    if (policy_loaded)
        policy_release(&policy);
    cla_catalogue_release(&cc);
    cla_spec_free(spec);
    config_release(&cfg);
    arena_release(&arena);
    strbuf_release(&sb);
    strbuf_release(&path);
    strbuf_release(&stem);
    strbuf_release(&xml_path);
    strbuf_release(&csv_dir);
    strbuf_release(&tmp_dir);
    strbuf_release(&report_path);
    strbuf_release(&manifest_path);
    strbuf_release(&xsd);
    strbuf_release(&base);
    strbuf_release(&row);
    return ret;
}
