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
#include "returns/ssda903/cla_build.h"
#include "returns/ssda903/cla_validate.h"
#include "core/config.h"
#include "core/log.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "io/xml_writer.h"
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

/*
 * One build, from the arguments to the committed files.  The stages below
 * run in order; each returns 0, or -1 with `ret` (the exit status) set and
 * `rollback` when files already renamed into place must be taken back.
 * build_release frees everything, whatever stage was reached.
 */
struct build {
    int year, force, fetch_batch, timeout_s;
    const char *la, *format, *profile, *policy_path, *output_dir;
    const char *key_file, *key_env, *report_format, *dsn, *schema, *config_path;
    bool want_xml, want_csv;
    struct config cfg;

    struct cla_spec *spec;
    struct cla_catalogue cc;
    struct policy policy;
    bool policy_loaded;
    struct pseudo_key key;

    struct db *db;
    struct cla_source *src;

    struct cla_xml_writer *xw;
    struct outfile xml_out;
    bool xml_open, xml_committed, dir_committed;
    struct csv_out csv[CLA_MAX_TABLES];
    size_t n_csv;
    struct report *report;
    struct arena arena;
    struct strbuf sb, path, stem, xml_path, csv_dir, tmp_dir, report_path, manifest_path, xsd, base, row;
    struct defects defects;
    struct finding_filter ff;
    size_t counts[CLA_MAX_TABLES];
    size_t children;
    struct manifest_output mo[CLA_MAX_TABLES + 1];
    char sha[CLA_MAX_TABLES + 1][65];
    struct strbuf final_names[CLA_MAX_TABLES + 1];
    size_t n_out;
    bool rollback;
    char err[1024];
    int ret;
};

static void build_init(struct build *b)
{
    memset(b, 0, sizeof *b);
    b->timeout_s = -1;
    b->format = "both";
    b->profile = "dfe";
    b->report_format = "csv";
    b->ret = EXIT_INTERNAL;
    config_init(&b->cfg);
    arena_init(&b->arena);
    struct strbuf *sbs[] = { &b->sb, &b->path, &b->stem, &b->xml_path, &b->csv_dir, &b->tmp_dir, &b->report_path,
                             &b->manifest_path, &b->xsd, &b->base, &b->row };
    for (size_t i = 0; i < sizeof sbs / sizeof sbs[0]; i++)
        strbuf_init(sbs[i], 0);
    for (size_t i = 0; i < CLA_MAX_TABLES + 1; i++)
        strbuf_init(&b->final_names[i], 0);
}

/* Sets b->ret and stops the build. */
static int stop(struct build *b, int ret)
{
    b->ret = ret;
    return -1;
}

static int parse_args(struct build *b, int argc, char **argv)
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
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 2000 || v > 2100) {
                sr_error("--year takes a collection end year such as 2025, not '%s'", optarg);
                return stop(b, EXIT_USAGE);
            }
            b->year = (int)v;
            break;
        }
        case 'l': b->la = optarg; break;
        case 'F': b->format = optarg; break;
        case 'P': b->profile = optarg; break;
        case 'p': b->policy_path = optarg; break;
        case 'O': b->output_dir = optarg; break;
        case 'f': b->force = 1; break;
        case 'k': b->key_file = optarg; break;
        case 'K': b->key_env = optarg; break;
        case 'r': b->report_format = optarg; break;
        case 'd': b->dsn = optarg; break;
        case 'S': b->schema = optarg; break;
        case 't': b->timeout_s = atoi(optarg); break;
        case 'B': b->fetch_batch = atoi(optarg); break;
        case 'c': b->config_path = optarg; break;
        case 'W':
            sr_error("passwords are not accepted on the command line");
            sr_detail("use ~/.pgpass, PGPASSFILE or a pg_service.conf entry (see README, Connecting)");
            return stop(b, EXIT_USAGE);
        case 'q': log_set_level(LOG_QUIET); break;
        case 'v': log_set_level(LOG_VERBOSE); break;
        case 'h': usage(stdout); return stop(b, EXIT_OK);
        default: usage(stderr); return stop(b, EXIT_USAGE);
        }
    }
    if (optind + 1 < argc) {
        sr_error("unexpected argument '%s'", argv[optind + 1]);
        return stop(b, EXIT_USAGE);
    }
    return 0;
}

/* The options together, with the configuration file's defaults. */
static int check_options(struct build *b)
{
    if (!b->year) {
        sr_error("--year is required (the collection end year, e.g. 2025 for 2024-25)");
        return stop(b, EXIT_USAGE);
    }
    b->want_xml = !strcmp(b->format, "xml") || !strcmp(b->format, "both");
    b->want_csv = !strcmp(b->format, "csv") || !strcmp(b->format, "both");
    if (!b->want_xml && !b->want_csv) {
        sr_error("--format must be xml, csv or both");
        return stop(b, EXIT_USAGE);
    }
    if (strcmp(b->report_format, "csv") && strcmp(b->report_format, "json") && strcmp(b->report_format, "html")
        && strcmp(b->report_format, "text")) {
        sr_error("--report-format must be csv, json, html or text");
        return stop(b, EXIT_USAGE);
    }
    const char *cfg_path = b->config_path ? b->config_path : config_default_path();
    if (cfg_path && config_load(&b->cfg, cfg_path, b->config_path != NULL, b->err, sizeof b->err) != 0) {
        sr_error("%s", b->err);
        return stop(b, EXIT_CONFIG);
    }
    b->la = b->la ? b->la : b->cfg.la;
    b->dsn = b->dsn ? b->dsn : b->cfg.dsn;
    b->schema = b->schema ? b->schema : b->cfg.schema;
    b->output_dir = b->output_dir ? b->output_dir : b->cfg.output_dir ? b->cfg.output_dir : ".";
    if (b->timeout_s < 0)
        b->timeout_s = b->cfg.statement_timeout_s ? b->cfg.statement_timeout_s : 600;
    if (!valid_la(b->la)) {
        sr_error("the LA code must be three digits (--la or 'la =' in the configuration)%s",
                 b->la ? "" : "; none was given");
        return stop(b, EXIT_USAGE);
    }
    return 0;
}

static int load_key(struct build *b)
{
    const char *kf = b->key_file ? b->key_file : config_key_file(&b->cfg, b->policy.key_name);
    int kr;

    if (b->key_env) {
        kr = pseudo_key_load_env(&b->key, b->key_env, b->err, sizeof b->err);
    } else if (kf) {
        kr = pseudo_key_load_file(&b->key, kf, b->err, sizeof b->err);
    } else {
        snprintf(b->err, sizeof b->err, "policy '%s' pseudonymises fields but no key was given: use --key-file, "
                 "--key-env, or 'key_file.%s =' in the configuration", b->policy.name, b->policy.key_name);
        kr = -1;
    }
    if (kr != 0) {
        sr_error("%s", b->err);
        return stop(b, EXIT_CONFIG);
    }
    sr_info("pseudonymising with key %s (%s)", b->key.fingerprint, b->policy.key_name);
    return 0;
}

/* The year's tables, the catalogue over them, the policy and its key. */
static int load_policy(struct build *b)
{
    int r = cla_spec_load_default(b->year, &b->spec, b->err, sizeof b->err);

    if (r != CLA_SPEC_OK) {
        sr_error("%s", b->err);
        return stop(b, r == CLA_SPEC_NO_YEAR ? EXIT_USAGE : EXIT_CONFIG);
    }
    if (cla_catalogue_build(&b->cc, b->spec, b->err, sizeof b->err) != 0) {
        sr_error("%s", b->err);
        return stop(b, EXIT_CONFIG);
    }
    if (b->policy_path) {
        strbuf_addstr(&b->path, b->policy_path);
    } else {
        for (const char *q = b->profile; *q; q++)
            if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_')) {
                sr_error("profile names are lower-case letters, digits, '-' and '_'");
                return stop(b, EXIT_USAGE);
            }
        strbuf_addf(&b->sb, "specs/903/policy_%s.conf", b->profile);
        sr_data_path(&b->path, b->sb.buf);
        strbuf_reset(&b->sb);
    }
    sr_data_path(&b->sb, "specs/purposes.conf");
    if (policy_load(&b->policy, &b->cc.cat, b->path.buf, b->sb.buf, b->err, sizeof b->err) != 0) {
        sr_error("policy rejected: %s", b->err);
        return stop(b, EXIT_CONFIG);
    }
    b->policy_loaded = true;
    strbuf_reset(&b->sb);
    if (cla_policy_check(&b->cc, b->spec, &b->policy, b->err, sizeof b->err) != 0) {
        sr_error("policy rejected: %s", b->err);
        return stop(b, EXIT_CONFIG);
    }
    if (policy_needs_key(&b->policy) && load_key(b) != 0)
        return -1;
    return 0;
}

/* The columns the policy cuts to a sector; the year's XSD. */
static int check_schema(struct build *b)
{
    const struct cla_spec *spec = b->spec;
    struct finding_filter *ff = &b->ff;

    ff->n_sector = 0;
    for (size_t t = 0; t < spec->n_tables; t++)
        for (size_t k = 0; k < spec->tables[t].n_csv_columns; k++)
            if (policy_treatment(&b->policy, b->cc.offset[t] + k) == TR_SECTOR && ff->n_sector < CLA_MAX_COLUMNS) {
                bool seen = false;
                for (size_t i = 0; i < ff->n_sector; i++)
                    seen |= !strcmp(ff->sector_cols[i], spec->tables[t].columns[k].name);
                if (!seen)
                    ff->sector_cols[ff->n_sector++] = spec->tables[t].columns[k].name;
            }
    strbuf_addf(&b->sb, "specs/903/cla_%d.xsd", b->year);
    sr_data_path(&b->xsd, b->sb.buf);
    strbuf_reset(&b->sb);
    if (b->want_xml && access(b->xsd.buf, R_OK) != 0) {
        sr_error("no schema for collection year %d: '%s' is missing", b->year, b->xsd.buf);
        return stop(b, EXIT_CONFIG);
    }
    return 0;
}

/* Output names; without --force none may exist. */
static int name_outputs(struct build *b)
{
    struct stat st;

    if (stat(b->output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        sr_error("output directory '%s' does not exist", b->output_dir);
        return stop(b, EXIT_OUTPUT);
    }
    if (!b->policy_path && strcmp(b->profile, "dfe") != 0)
        strbuf_addf(&b->base, "cla_%d_%s_%s", b->year, b->la, b->profile);
    else
        strbuf_addf(&b->base, "cla_%d_%s", b->year, b->la);
    strbuf_addf(&b->stem, "%s/%s", b->output_dir, b->base.buf);
    strbuf_addf(&b->xml_path, "%s.xml", b->stem.buf);
    strbuf_addf(&b->csv_dir, "%s_csv", b->stem.buf);
    strbuf_addf(&b->report_path, "%s_validation.%s", b->stem.buf,
                !strcmp(b->report_format, "text") ? "txt" : b->report_format);
    strbuf_addf(&b->manifest_path, "%s_manifest.json", b->stem.buf);
    if (!b->force) {
        const char *paths[4] = { b->want_xml ? b->xml_path.buf : NULL, b->want_csv ? b->csv_dir.buf : NULL,
                                 b->report_path.buf, b->manifest_path.buf };
        for (int i = 0; i < 4; i++)
            if (paths[i] && access(paths[i], F_OK) == 0) {
                sr_error("'%s' already exists (use --force to replace it)", paths[i]);
                return stop(b, EXIT_OUTPUT);
            }
    }
    return 0;
}

/* The replica: one read-only snapshot. */
static int open_replica(struct build *b)
{
    struct db_options dbo = { b->dsn, "statreturn", b->timeout_s * 1000, b->schema };
    enum db_status st = db_connect(&b->db, &dbo, &b->sb);

    if (st != DB_OK) {
        sr_error("cannot connect to the replica: %s", b->sb.buf);
        return stop(b, exit_for_db(st));
    }
    strbuf_reset(&b->sb);
    if ((st = db_begin_snapshot(b->db, &b->sb)) != DB_OK) {
        sr_error("cannot start a read-only snapshot: %s", b->sb.buf);
        return stop(b, exit_for_db(st));
    }
    struct cla_source_options so = { b->year, b->spec, &b->cc, &b->policy, b->fetch_batch };
    if ((st = cla_source_open(&b->src, b->db, &so, &b->sb)) != DB_OK) {
        sr_error("%s", b->sb.buf);
        return stop(b, exit_for_db(st));
    }
    strbuf_reset(&b->sb);
    return 0;
}

/* Temporary outputs. */
static int open_outputs(struct build *b)
{
    if (b->want_xml) {
        if (outfile_open(&b->xml_out, b->xml_path.buf, b->force, b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return stop(b, EXIT_OUTPUT);
        }
        b->xml_open = true;
        if (!(b->xw = cla_xml_open(b->xml_out.fp, b->spec, b->err, sizeof b->err))) {
            sr_error("%s", b->err);
            return stop(b, EXIT_CONFIG);
        }
    }
    if (!b->want_csv)
        return 0;
    strbuf_addf(&b->tmp_dir, "%s/.%s_csv." SR_TEMP_SUFFIX, b->output_dir, b->base.buf);
    if (!mkdtemp(b->tmp_dir.buf)) {
        sr_error("cannot create a folder in '%s': %s", b->output_dir, strerror(errno));
        strbuf_reset(&b->tmp_dir);
        return stop(b, EXIT_OUTPUT);
    }
    for (size_t t = 0; t < b->spec->n_tables; t++) {
        struct csv_out *co = &b->csv[b->n_csv++];
        strbuf_init(&co->final, 0);
        strbuf_addf(&co->final, "%s/%s_%s.csv", b->tmp_dir.buf, b->base.buf, b->spec->tables[t].name);
        if (outfile_open(&co->of, co->final.buf, false, b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return stop(b, EXIT_OUTPUT);
        }
        co->open = true;
        if (cla_csv_header(co->of.fp, &b->spec->tables[t]) != 0) {
            sr_error("cannot write '%s': %s", co->of.tmp_path, strerror(errno));
            return stop(b, EXIT_OUTPUT);
        }
    }
    return 0;
}

/* One child: treated, checked, written.  0, or -1 when writing failed. */
static int write_child(struct build *b, struct cla_record *rec)
{
    size_t before = b->defects.n;

    if (cla_apply_policy(&b->arena, rec, &b->cc, &b->policy, b->key.bytes ? &b->key : NULL) != 0) {
        on_defect(&b->defects, rec->source_key, "ssd_person", "pers_person_id", "cannot be pseudonymised (empty)");
    } else {
        cla_check_writable(rec, b->spec, &b->cc, &b->policy, on_defect, &b->defects);
    }
    if (b->defects.n > before) {
        b->defects.children++;
        return 0;
    }
    if (b->defects.n)
        return 0;   /* nothing will be committed: stop writing, keep checking */
    for (size_t t = 0; t < b->spec->n_tables; t++)
        b->counts[t] += rec->child.n_rows[t];
    if (b->xw && cla_xml_child(b->xw, &rec->child) != 0) {
        sr_error("cannot write '%s': %s", b->xml_out.tmp_path, strerror(errno));
        return stop(b, EXIT_OUTPUT);
    }
    for (size_t t = 0; t < b->n_csv; t++)
        if (cla_csv_rows(b->csv[t].of.fp, &rec->child, t, &b->row) != 0) {
            sr_error("cannot write '%s': %s", b->csv[t].of.tmp_path, strerror(errno));
            return stop(b, EXIT_OUTPUT);
        }
    return 0;
}

/* The children, one at a time; then the snapshot ends. */
static int write_children(struct build *b)
{
    for (;;) {
        struct cla_record rec;
        arena_reset(&b->arena);
        int nr = cla_source_next(b->src, &b->arena, &rec, &b->sb);
        if (nr < 0) {
            sr_error("reading the replica failed: %s", b->sb.buf);
            int ret = exit_for_db(cla_source_status(b->src));
            return stop(b, ret == EXIT_OK ? EXIT_DATABASE : ret);
        }
        if (nr == 0)
            break;
        b->children++;
        rec.child.position = b->children;
        if (write_child(b, &rec) != 0)
            return -1;
    }
    if (b->defects.n) {
        sr_error("%zu value%s for %zu child%s cannot be written as a valid SSDA903 return; nothing was written; "
                 "fix them in the case-management system", b->defects.n, b->defects.n == 1 ? "" : "s",
                 b->defects.children, b->defects.children == 1 ? "" : "ren");
        if (b->defects.n > MAX_DEFECTS_SHOWN)
            sr_detail("(the first %d are listed above)", MAX_DEFECTS_SHOWN);
        return stop(b, EXIT_SOURCE_DATA);
    }
    if (!b->children) {
        sr_error("the replica has no looked-after child or care leaver in collection year %d; nothing was written",
                 b->year);
        return stop(b, EXIT_SOURCE_DATA);
    }
    cla_source_close(b->src);
    b->src = NULL;
    db_rollback(b->db, &b->sb);
    strbuf_reset(&b->sb);
    return 0;
}

/* Finishes the files and checks the XML against the XSD. */
static int finish_files(struct build *b)
{
    if (b->xw) {
        if (cla_xml_finish(b->xw) != 0 || fflush(b->xml_out.fp) != 0) {
            sr_error("cannot write '%s': %s", b->xml_out.tmp_path, strerror(errno));
            return stop(b, EXIT_OUTPUT);
        }
        cla_xml_free(b->xw);
        b->xw = NULL;
        int v = xsd_validate_file(b->xsd.buf, b->xml_out.tmp_path, &b->sb, 20);
        if (v != 0) {
            sr_error("the built file does not pass the 903 schema %s; nothing was written", b->xsd.buf);
            sr_detail("%s", b->sb.buf);
            return stop(b, v > 0 ? EXIT_SOURCE_DATA : EXIT_INTERNAL);
        }
        strbuf_reset(&b->sb);
    }
    for (size_t t = 0; t < b->n_csv; t++)
        if (fflush(b->csv[t].of.fp) != 0) {
            sr_error("cannot write '%s': %s", b->csv[t].of.tmp_path, strerror(errno));
            return stop(b, EXIT_OUTPUT);
        }
    return 0;
}

/* The 903 validator on exactly what was written: the report. */
static int validate_files(struct build *b)
{
    struct cla_validate_options vo;
    struct cla_result res;

    b->report = report_new(NULL, b->year);
    b->ff.report = b->report;
    memset(&vo, 0, sizeof vo);
    vo.year = b->year;
    vo.on_finding = on_finding;
    vo.opaque = &b->ff;
    if (b->xml_open) {
        report_begin_file(b->report, b->xml_path.buf, return_name);
        report_set_kind(b->report, REPORT_KIND_SSDA903);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_xml(b->xml_out.tmp_path, &vo, &res);
        report_set_year(b->report, b->year);
        report_set_children(b->report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built XML file could not be validated: %s; nothing was written", res.diagnosis);
            return stop(b, EXIT_INTERNAL);
        }
    }
    if (b->n_csv) {
        const char **paths = xcalloc(b->n_csv, sizeof *paths);
        for (size_t t = 0; t < b->n_csv; t++)
            paths[t] = b->csv[t].of.tmp_path;
        report_begin_file(b->report, b->csv_dir.buf, return_name);
        report_set_kind(b->report, REPORT_KIND_SSDA903);
        memset(&res, 0, sizeof res);
        int vr = cla_validate_csv(paths, b->n_csv, &vo, &res);
        free(paths);
        report_set_year(b->report, b->year);
        report_set_children(b->report, res.children);
        if (vr != CLA_OK) {
            sr_error("the built CSV files could not be validated: %s; nothing was written", res.diagnosis);
            return stop(b, EXIT_INTERNAL);
        }
    }
    return 0;
}

/* Hashes of what will be committed (the temporary files are the
 * committed files: they are renamed, never copied). */
static int hash_files(struct build *b)
{
    if (b->xml_open) {
        if (sha256_file_hex(b->xml_out.tmp_path, b->sha[b->n_out], b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return stop(b, EXIT_OUTPUT);
        }
        strbuf_addstr(&b->final_names[b->n_out], b->xml_path.buf);
        b->n_out++;
    }
    for (size_t t = 0; t < b->n_csv; t++) {
        if (sha256_file_hex(b->csv[t].of.tmp_path, b->sha[b->n_out], b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return stop(b, EXIT_OUTPUT);
        }
        strbuf_addf(&b->final_names[b->n_out], "%s/%s_%s.csv", b->csv_dir.buf, b->base.buf,
                    b->spec->tables[t].name);
        b->n_out++;
    }
    for (size_t i = 0; i < b->n_out; i++) {
        b->mo[i].path = b->final_names[i].buf;
        b->mo[i].sha256 = b->sha[i];
    }
    return 0;
}

/* A failed commit step: what was renamed is taken back (build_release). */
static int roll_back(struct build *b)
{
    sr_error("%s", b->err);
    b->rollback = true;
    return -1;
}

/* The hidden CSV folder becomes csv_dir; an old one (--force) goes. */
static int commit_csv_dir(struct build *b)
{
    struct stat stt;
    struct strbuf trash = STRBUF_INIT;
    int rc = -1;

    if (lstat(b->csv_dir.buf, &stt) == 0) {
        if (!b->force || !S_ISDIR(stt.st_mode)) {
            snprintf(b->err, sizeof b->err, "'%s' appeared while writing (use --force to replace it)", b->csv_dir.buf);
            goto cleanup;
        }
        strbuf_addf(&trash, "%s/.%s_csv_old." SR_TEMP_SUFFIX, b->output_dir, b->base.buf);
        if (!mkdtemp(trash.buf)) {
            snprintf(b->err, sizeof b->err, "cannot replace '%s': %s", b->csv_dir.buf, strerror(errno));
            goto cleanup;
        }
        strbuf_addstr(&trash, "/old");
        if (rename(b->csv_dir.buf, trash.buf) != 0) {
            snprintf(b->err, sizeof b->err, "cannot replace '%s': %s", b->csv_dir.buf, strerror(errno));
            goto cleanup;
        }
    }
    if (rename(b->tmp_dir.buf, b->csv_dir.buf) != 0) {
        snprintf(b->err, sizeof b->err, "cannot rename into '%s': %s", b->csv_dir.buf, strerror(errno));
        goto cleanup;
    }
    b->dir_committed = true;
    chmod(b->csv_dir.buf, S_IRWXU);
    if (trash.len) {
        remove_tree(trash.buf);
        trash.len -= 4;
        trash.buf[trash.len] = '\0';
        rmdir(trash.buf);
    }
    rc = 0;
cleanup:
    strbuf_release(&trash);
    return rc ? roll_back(b) : 0;
}

/* Commit: the CSV files inside their hidden folder, then the XML file and
 * the folder. */
static int commit_files(struct build *b)
{
    for (size_t t = 0; t < b->n_csv; t++) {
        if (outfile_commit(&b->csv[t].of, b->err, sizeof b->err) != 0) {
            b->csv[t].open = false;
            return roll_back(b);
        }
        b->csv[t].open = false;
        b->csv[t].committed = true;
    }
    if (b->xml_open) {
        if (outfile_commit(&b->xml_out, b->err, sizeof b->err) != 0) {
            b->xml_open = false;
            return roll_back(b);
        }
        b->xml_open = false;
        b->xml_committed = true;
    }
    return b->n_csv ? commit_csv_dir(b) : 0;
}

/* The report and the manifest, then what was done. */
static int write_report_and_manifest(struct build *b)
{
    struct report_summary summary;
    char year_s[8];
    struct manifest_count mc[CLA_MAX_TABLES + 2];
    size_t n_mc = 0;

    report_get_summary(b->report, &summary);
    if (report_write_file(b->report, b->report_format, b->report_path.buf, b->force, false, b->err,
                          sizeof b->err) != 0) {
        sr_error("the validation report could not be written: %s", b->err);
        b->rollback = true;
        return -1;
    }
    snprintf(year_s, sizeof year_s, "%d", b->year);
    mc[n_mc++] = (struct manifest_count){ "children", b->children };
    for (size_t t = 0; t < b->spec->n_tables; t++)
        mc[n_mc++] = (struct manifest_count){ b->spec->tables[t].name, b->counts[t] };
    if (b->ff.n_sector)
        mc[n_mc++] = (struct manifest_count){ "expected_sector_findings", b->ff.expected };
    const struct manifest man = {
        .ret = "903", .period = year_s, .la = b->la, .snapshot = db_snapshot_time(b->db),
        .counts = mc, .n_counts = n_mc, .outputs = b->mo, .n_outputs = b->n_out,
        .validated = true, .errors = summary.errors, .queries = summary.queries,
        .report_path = b->report_path.buf, .policy = &b->policy, .key = b->key.bytes ? &b->key : NULL,
    };
    if (manifest_write(b->manifest_path.buf, b->force, &man, b->err, sizeof b->err) != 0) {
        sr_error("the manifest could not be written: %s", b->err);
        unlink(b->report_path.buf);
        b->rollback = true;
        return -1;
    }
    if (b->xml_committed)
        sr_info("wrote %s", b->xml_path.buf);
    if (b->dir_committed)
        sr_info("wrote %s/ (%zu CSV files)", b->csv_dir.buf, b->n_csv);
    sr_info("  %zu children; %zu episodes", b->children,
            b->counts[cla_spec_table_index(b->spec, cla_spec_table(b->spec, "Episodes"))]);
    if (b->ff.n_sector)
        sr_info("  %zu postcode finding%s expected and not reported: policy '%s' cuts postcodes to their sector",
                b->ff.expected, b->ff.expected == 1 ? "" : "s", b->policy.name);
    sr_info("  903 validation: %zu error%s, %zu quer%s; report %s", summary.errors, summary.errors == 1 ? "" : "s",
            summary.queries, summary.queries == 1 ? "y" : "ies", b->report_path.buf);
    sr_info("  manifest %s", b->manifest_path.buf);
    b->ret = summary.errors ? EXIT_RULE_ERRORS : EXIT_OK;
    return 0;
}

static void build_release(struct build *b)
{
    if (b->rollback) {
        /* Take back what was renamed, so that no part of the return is left. */
        if (b->xml_committed)
            unlink(b->xml_path.buf);
        if (b->dir_committed)
            remove_tree(b->csv_dir.buf);
        if (b->force)
            sr_detail("nothing of this run was kept; files it replaced (--force) are gone");
        b->ret = EXIT_OUTPUT;
    }
    for (size_t i = 0; i < CLA_MAX_TABLES + 1; i++)
        strbuf_release(&b->final_names[i]);
    cla_xml_free(b->xw);
    if (b->xml_open)
        outfile_abort(&b->xml_out);
    for (size_t t = 0; t < b->n_csv; t++) {
        if (b->csv[t].open)
            outfile_abort(&b->csv[t].of);
        strbuf_release(&b->csv[t].final);
    }
    if (b->tmp_dir.len && !b->dir_committed)
        remove_tree(b->tmp_dir.buf);
    cla_source_close(b->src);
    db_close(b->db);
    report_free(b->report);
    pseudo_key_release(&b->key);
    if (b->policy_loaded)
        policy_release(&b->policy);
    cla_catalogue_release(&b->cc);
    cla_spec_free(b->spec);
    config_release(&b->cfg);
    arena_release(&b->arena);
    struct strbuf *sbs[] = { &b->sb, &b->path, &b->stem, &b->xml_path, &b->csv_dir, &b->tmp_dir, &b->report_path,
                             &b->manifest_path, &b->xsd, &b->base, &b->row };
    for (size_t i = 0; i < sizeof sbs / sizeof sbs[0]; i++)
        strbuf_release(sbs[i]);
}

int cmd_build_cla(int argc, char **argv)
{
    static int (*const stages[])(struct build *) = {
        check_options, load_policy, check_schema, name_outputs, open_replica, open_outputs, write_children,
        finish_files, validate_files, hash_files, commit_files, write_report_and_manifest,
    };
    struct build b;

    build_init(&b);
    if (parse_args(&b, argc, argv) == 0)
        for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
            if (stages[i](&b) != 0)
                break;
    build_release(&b);
    return b.ret;
}
