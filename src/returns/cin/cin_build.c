/*
 * `statreturn build cin`: the pipeline from replica to committed return.
 *
 *   replica --(one read-only snapshot, policy columns only)--> child records
 *     --(policy: pseudonymise / generalise / drop)--> writability check
 *     --> XML writer (temporary file) + DfE rules
 *     --> XSD validation of the whole file --> fsync + rename
 *     --> validation report and run manifest beside it
 *
 * Nothing is committed unless every child could be written and the file
 * passes the schema.  DfE rule errors do not stop the file (councils fix or
 * explain them in COLLECT): it is written with its report, and the exit
 * status says so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/app.h"
#include "returns/cin/cin_build.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_policy.h"
#include "returns/cin/cin_source.h"
#include "returns/cin/cin_writer.h"
#include "core/config.h"
#include "io/db.h"
#include "core/log.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "findings/report.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define MAX_DEFECTS_SHOWN 200

struct build_opts {
    const char *ret;
    int year;
    const char *la;
    const char *dsn;
    const char *schema;
    const char *output;
    const char *output_dir;
    const char *policy_path;
    const char *profile;
    const char *key_file;
    const char *key_env;
    const char *config_path;
    const char *serial_no;
    const char *report_format;
    int statement_timeout_s;
    int force;
    int pseudonymise_ids;
    int fetch_batch;
};

struct counts {
    size_t children, episodes, assessments, s47s, plans, cpps, reviews, disabilities;
};

struct defects {
    size_t n;
    size_t children;   /* counted by the build loop, child by child */
};

static void on_defect(void *opaque, const char *person, const char *table, const char *column,
                      const char *problem)
{
    struct defects *d = opaque;
    if (d->n == 0)
        sr_error("replica values that cannot be written as a valid CIN census (child: table.column problem):");
    if (d->n < MAX_DEFECTS_SHOWN)
        sr_detail("child %s: %s.%s %s", person ? person : "(no id)", table, column, problem);
    d->n++;
}

static void usage_build(FILE *f)
{
    fputs("usage: statreturn build cin --year YEAR [options]\n"
          "\n"
          "  --year YEAR            collection end year (2025 = 1 April 2024 to 31 March 2025)\n"
          "  --la CODE              three-digit LA code for the header (config: la)\n"
          "  --dsn CONNINFO         libpq connection string or URI, without a password\n"
          "                         (default: PG* environment, service file, .pgpass; config: dsn)\n"
          "  --schema NAME          schema holding the SSD tables (config: schema)\n"
          "  --output FILE          return file (default: OUTPUT_DIR/cin_YEAR_LA.xml)\n"
          "  --output-dir DIR       directory for the return, report and manifest (config: output_dir)\n"
          "  --force                replace existing output files\n"
          "  --profile NAME         policy specs/cin/policy_NAME.conf (default: dfe; regional)\n"
          "  --policy FILE          policy file to use instead of a profile\n"
          "  --pseudonymise-ids     send LAchildID as a keyed pseudonym (needs a key)\n"
          "  --key-file FILE        pseudonymisation key (mode 0600; config: key_file.NAME)\n"
          "  --key-env VAR          read the key from environment variable VAR\n"
          "  --report-format FMT    validation report beside the return: csv (default), json, html, text\n"
          "  --serial-no N          header SerialNo (default 001; config: serial_no)\n"
          "  --statement-timeout S  seconds before a query is cancelled (default 600)\n"
          "  --config FILE          configuration file (default $STATRETURN_CONFIG or\n"
          "                         /etc/statreturn/statreturn.conf)\n"
          "  -q, --quiet            only errors\n"
          "  -v, --verbose          more detail\n", f);
}

static int parse_year(const char *s, int *year)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 2000 || v > 2100)
        return -1;
    *year = (int)v;
    return 0;
}

static bool valid_la(const char *s)
{
    return s && strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
        && s[2] >= '0' && s[2] <= '9';
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

int cmd_build(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "year", required_argument, NULL, 'y' },
        { "la", required_argument, NULL, 'l' },
        { "dsn", required_argument, NULL, 'd' },
        { "schema", required_argument, NULL, 'S' },
        { "output", required_argument, NULL, 'o' },
        { "output-dir", required_argument, NULL, 'O' },
        { "force", no_argument, NULL, 'f' },
        { "profile", required_argument, NULL, 'P' },
        { "policy", required_argument, NULL, 'p' },
        { "pseudonymise-ids", no_argument, NULL, 'i' },
        { "key-file", required_argument, NULL, 'k' },
        { "key-env", required_argument, NULL, 'K' },
        { "report-format", required_argument, NULL, 'r' },
        { "serial-no", required_argument, NULL, 'n' },
        { "statement-timeout", required_argument, NULL, 't' },
        { "fetch-batch", required_argument, NULL, 'B' },
        { "config", required_argument, NULL, 'c' },
        { "password", required_argument, NULL, 'W' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct build_opts o = { .profile = "dfe", .report_format = "csv", .statement_timeout_s = -1 };
    struct config cfg;
    struct policy policy;
    struct pseudo_key key;
    struct holidays hol = { 0 };
    struct rule_set rs = { 0 };
    struct rule_env env;
    struct rule_engine *engine = NULL;
    struct report *report = NULL;
    struct db *db = NULL;
    struct cin_source *src = NULL;
    struct cin_writer *writer = NULL;
    struct outfile out = { 0 };
    struct arena arena = ARENA_INIT, hdr_arena = ARENA_INIT;
    struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT, out_path = STRBUF_INIT, xsd = STRBUF_INIT;
    struct strbuf report_path = STRBUF_INIT, manifest_path = STRBUF_INIT;
    struct counts counts = { 0 };
    struct defects defects = { 0 };
    char err[1024] = "";
    int ret = EXIT_INTERNAL, c;
    bool policy_loaded = false, out_open = false;

    config_init(&cfg);
    memset(&key, 0, sizeof key);
    optind = 1;
    while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (parse_year(optarg, &o.year) != 0) {
                sr_error("--year takes a collection end year such as 2025, not '%s'", optarg);
                ret = EXIT_USAGE;
                goto cleanup;
            }
            break;
        case 'l': o.la = optarg; break;
        case 'd': o.dsn = optarg; break;
        case 'S': o.schema = optarg; break;
        case 'o': o.output = optarg; break;
        case 'O': o.output_dir = optarg; break;
        case 'f': o.force = 1; break;
        case 'P': o.profile = optarg; break;
        case 'p': o.policy_path = optarg; break;
        case 'i': o.pseudonymise_ids = 1; break;
        case 'k': o.key_file = optarg; break;
        case 'K': o.key_env = optarg; break;
        case 'r': o.report_format = optarg; break;
        case 'n': o.serial_no = optarg; break;
        case 't': o.statement_timeout_s = atoi(optarg); break;
        case 'B': o.fetch_batch = atoi(optarg); break;
        case 'c': o.config_path = optarg; break;
        case 'W':
            sr_error("passwords are not accepted on the command line");
            sr_detail("use ~/.pgpass, PGPASSFILE or a pg_service.conf entry (see README, Connecting)");
            ret = EXIT_USAGE;
            goto cleanup;
        case 'q': log_set_level(LOG_QUIET); break;
        case 'v': log_set_level(LOG_VERBOSE); break;
        case 'h': usage_build(stdout); ret = EXIT_OK; goto cleanup;
        default: usage_build(stderr); ret = EXIT_USAGE; goto cleanup;
        }
    }
    if (optind >= argc) {
        sr_error("build needs a return: statreturn build cin --year YEAR");
        ret = EXIT_USAGE;
        goto cleanup;
    }
    o.ret = argv[optind];
    if (strcmp(o.ret, "cin") != 0) {
        sr_error("cannot build '%s' yet: the CIN census ('cin') is supported", o.ret);
        ret = EXIT_USAGE;
        goto cleanup;
    }
    if (optind + 1 < argc) {
        sr_error("unexpected argument '%s'", argv[optind + 1]);
        ret = EXIT_USAGE;
        goto cleanup;
    }
    if (!o.year) {
        sr_error("--year is required (the collection end year, e.g. 2025 for 2024-25)");
        ret = EXIT_USAGE;
        goto cleanup;
    }

    /* Configuration, then command-line overrides. */
    const char *cfg_path = o.config_path ? o.config_path : config_default_path();
    if (cfg_path && config_load(&cfg, cfg_path, o.config_path != NULL, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    if (!o.la)
        o.la = cfg.la;
    if (!o.dsn)
        o.dsn = cfg.dsn;
    if (!o.schema)
        o.schema = cfg.schema;
    if (!o.output_dir)
        o.output_dir = cfg.output_dir ? cfg.output_dir : ".";
    if (!o.serial_no)
        o.serial_no = cfg.serial_no ? cfg.serial_no : "001";
    if (o.statement_timeout_s < 0)
        o.statement_timeout_s = cfg.statement_timeout_s ? cfg.statement_timeout_s : 600;
    if (!valid_la(o.la)) {
        sr_error("the LA code must be three digits (--la or 'la =' in the configuration)%s",
                 o.la ? "" : "; none was given");
        ret = EXIT_USAGE;
        goto cleanup;
    }
    int first, last;
    rule_years_supported(&first, &last);
    if (o.year < first || o.year > last) {
        sr_error("collection year %d is not supported (supported: %d to %d)", o.year, first, last);
        ret = EXIT_USAGE;
        goto cleanup;
    }
    if (strcmp(o.report_format, "csv") && strcmp(o.report_format, "json") && strcmp(o.report_format, "html")
        && strcmp(o.report_format, "text")) {
        sr_error("--report-format must be csv, json, html or text");
        ret = EXIT_USAGE;
        goto cleanup;
    }

    /* Policy and purposes. */
    if (o.policy_path) {
        strbuf_addstr(&path, o.policy_path);
    } else {
        for (const char *q = o.profile; *q; q++)
            if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_')) {
                sr_error("profile names are lower-case letters, digits, '-' and '_'");
                ret = EXIT_USAGE;
                goto cleanup;
            }
        strbuf_addf(&sb, "specs/cin/policy_%s.conf", o.profile);
        sr_data_path(&path, sb.buf);
        strbuf_reset(&sb);
    }
    sr_data_path(&sb, "specs/purposes.conf");
    if (policy_load(&policy, &cin_catalogue, path.buf, sb.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    policy_loaded = true;
    strbuf_reset(&sb);
    if (o.pseudonymise_ids && policy_pseudonymise_ids(&policy) == 0) {
        sr_error("--pseudonymise-ids: policy '%s' names no identifier that may be pseudonymised", policy.name);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    if (policy_needs_key(&policy)) {
        const char *kf = o.key_file ? o.key_file : config_key_file(&cfg, policy.key_name);
        int r;
        if (o.key_env) {
            r = pseudo_key_load_env(&key, o.key_env, err, sizeof err);
        } else if (kf) {
            r = pseudo_key_load_file(&key, kf, err, sizeof err);
        } else {
            snprintf(err, sizeof err, "policy '%s' pseudonymises fields but no key was given: use --key-file, "
                     "--key-env, or 'key_file.%s =' in the configuration", policy.name, policy.key_name);
            r = -1;
        }
        if (r != 0) {
            sr_error("%s", err);
            ret = EXIT_CONFIG;
            goto cleanup;
        }
        sr_info("pseudonymising with key %s (%s)", key.fingerprint, policy.key_name);
    }

    sr_data_path(&sb, "specs/bank_holidays.txt");
    if (holidays_load(&hol, sb.buf, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    strbuf_reset(&sb);
    strbuf_addf(&sb, "specs/cin/cin_%d.xsd", o.year);
    sr_data_path(&xsd, sb.buf);
    strbuf_reset(&sb);
    if (access(xsd.buf, R_OK) != 0) {
        sr_error("no schema for collection year %d: '%s' is missing", o.year, xsd.buf);
        ret = EXIT_CONFIG;
        goto cleanup;
    }
    if (rule_set_for_year(&rs, o.year, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_CONFIG;
        goto cleanup;
    }

    /* Output names. */
    if (o.output) {
        strbuf_addstr(&out_path, o.output);
    } else {
        struct stat st;
        if (stat(o.output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            sr_error("output directory '%s' does not exist", o.output_dir);
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
        /* The statutory file keeps DfE's plain name; other profiles say theirs. */
        if (!o.policy_path && strcmp(o.profile, "dfe") != 0)
            strbuf_addf(&out_path, "%s/cin_%d_%s_%s.xml", o.output_dir, o.year, o.la, o.profile);
        else
            strbuf_addf(&out_path, "%s/cin_%d_%s.xml", o.output_dir, o.year, o.la);
    }
    {
        size_t stem = out_path.len;
        if (stem > 4 && !strcmp(out_path.buf + stem - 4, ".xml"))
            stem -= 4;
        strbuf_addf(&report_path, "%.*s_validation.%s", (int)stem, out_path.buf,
                    !strcmp(o.report_format, "text") ? "txt" : o.report_format);
        strbuf_addf(&manifest_path, "%.*s_manifest.json", (int)stem, out_path.buf);
    }
    if (!o.force) {
        const char *paths[3] = { out_path.buf, report_path.buf, manifest_path.buf };
        for (int i = 0; i < 3; i++)
            if (access(paths[i], F_OK) == 0) {
                sr_error("'%s' already exists (use --force to replace it)", paths[i]);
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
    }

    /* The replica: one read-only snapshot. */
    struct db_options dbo = { o.dsn, "statreturn", o.statement_timeout_s * 1000, o.schema };
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
    struct cin_source_options so = { o.year, &policy, on_defect, &defects, o.fetch_batch };
    if ((st = cin_source_open(&src, db, &so, &sb)) != DB_OK) {
        sr_error("%s", sb.buf);
        ret = exit_for_db(st);
        goto cleanup;
    }
    strbuf_reset(&sb);

    if (outfile_open(&out, out_path.buf, o.force, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    out_open = true;
    if (!(writer = cin_writer_open(out.fp, &policy, err, sizeof err))) {
        sr_error("%s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }

    struct cin_header header;
    make_header(&hdr_arena, &header, o.year, o.la, o.serial_no);
    env.year = o.year;
    env.reference_date = census_reference_date(o.year);
    env.period_start = census_period_start(o.year);
    env.holidays = &hol;
    report = report_new(out_path.buf, o.year);
    engine = rule_engine_new(&rs, &env, report_finding, report);
    rule_engine_header(engine, &header);
    if (cin_writer_header(writer, &header) != 0) {
        sr_error("cannot write '%s'", out.tmp_path);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }

    for (;;) {
        struct cin_child child;
        arena_reset(&arena);
        int r = cin_source_next(src, &arena, &child, &sb);
        if (r < 0) {
            sr_error("reading the replica failed: %s", sb.buf);
            ret = exit_for_db(cin_source_status(src));
            goto cleanup;
        }
        if (r == 0)
            break;
        child.position = counts.children + 1;
        size_t defects_before = defects.n;
        if (cin_apply_policy(&arena, &child, &policy, key.bytes ? &key : NULL) != 0) {
            on_defect(&defects, child.source_key, "ssd_person", "pers_person_id",
                      "cannot be pseudonymised (empty)");
            defects.children++;
            counts.children++;
            continue;
        }
        if (cin_check_writable(&child, &policy, o.year, on_defect, &defects) == 0 && defects.n == 0) {
            if (cin_writer_child(writer, &child) != 0) {
                sr_error("cannot write '%s': %s", out.tmp_path, strerror(errno));
                ret = EXIT_OUTPUT;
                goto cleanup;
            }
        }
        if (defects.n > defects_before)
            defects.children++;
        rule_engine_child(engine, &child);
        report_child(report, &child);
        count_child(&counts, &child);
    }
    if (defects.n) {
        sr_error("%zu value%s for %zu child%s cannot be written as a valid CIN census; nothing was written; "
                 "fix them in the case-management system", defects.n, defects.n == 1 ? "" : "s", defects.children,
                 defects.children == 1 ? "" : "ren");
        if (defects.n > MAX_DEFECTS_SHOWN)
            sr_detail("(the first %d are listed above)", MAX_DEFECTS_SHOWN);
        ret = EXIT_SOURCE_DATA;
        goto cleanup;
    }
    rule_engine_finish(engine);
    if (cin_writer_finish(writer) != 0 || fflush(out.fp) != 0) {
        sr_error("cannot write '%s': %s", out.tmp_path, strerror(errno));
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    /* The writer's buffer must go before the file is closed by commit. */
    cin_writer_free(writer);
    writer = NULL;

    /* Schema check of the whole file before it is committed. */
    int v = xsd_validate_file(xsd.buf, out.tmp_path, &sb, 20);
    if (v != 0) {
        sr_error("the built file does not pass the DfE schema %s; nothing was written", xsd.buf);
        sr_detail("%s", sb.buf);
        ret = v > 0 ? EXIT_SOURCE_DATA : EXIT_INTERNAL;
        goto cleanup;
    }
    strbuf_reset(&sb);
    if (outfile_commit(&out, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    out_open = false;
    db_rollback(db, &sb);

    char sha[65];
    if (sha256_file_hex(out_path.buf, sha, err, sizeof err) != 0) {
        sr_error("%s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    struct report_summary summary;
    report_get_summary(report, &summary);
    if (report_write_file(report, o.report_format, report_path.buf, o.force, false, err, sizeof err) != 0) {
        sr_error("the return was written, but its validation report was not: %s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    char year_s[8];
    snprintf(year_s, sizeof year_s, "%d", o.year);
    const struct manifest_count mc[] = {
        { "children", counts.children }, { "episodes", counts.episodes },
        { "assessments", counts.assessments }, { "section47", counts.s47s },
        { "cin_plans", counts.plans }, { "cp_plans", counts.cpps }, { "cp_reviews", counts.reviews },
        { "disabilities", counts.disabilities },
    };
    const struct manifest_output mo[] = { { out_path.buf, sha } };
    const struct manifest man = {
        .ret = "cin", .period = year_s, .la = o.la, .snapshot = db_snapshot_time(db),
        .counts = mc, .n_counts = sizeof mc / sizeof mc[0], .outputs = mo, .n_outputs = 1,
        .validated = true, .errors = summary.errors, .queries = summary.queries,
        .report_path = report_path.buf, .policy = &policy, .key = key.bytes ? &key : NULL,
    };
    if (manifest_write(manifest_path.buf, o.force, &man, err, sizeof err) != 0) {
        sr_error("the return was written, but its manifest was not: %s", err);
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    sr_info("wrote %s", out_path.buf);
    sr_info("  %zu children, %zu episodes, %zu assessments, %zu section 47 enquiries, %zu CIN plans, "
            "%zu child protection plans", counts.children, counts.episodes, counts.assessments, counts.s47s,
            counts.plans, counts.cpps);
    sr_info("  DfE validation: %zu error%s, %zu quer%s; report %s", summary.errors,
            summary.errors == 1 ? "" : "s", summary.queries, summary.queries == 1 ? "y" : "ies",
            report_path.buf);
    sr_info("  manifest %s (sha256 %.16s...)", manifest_path.buf, sha);
    ret = summary.errors ? EXIT_RULE_ERRORS : EXIT_OK;

cleanup:
    cin_writer_free(writer);   /* before the file it writes to is closed */
    if (out_open)
        outfile_abort(&out);
    cin_source_close(src);
    db_close(db);
    rule_engine_free(engine);
    report_free(report);
    rule_set_release(&rs);
    holidays_release(&hol);
    pseudo_key_release(&key);
    if (policy_loaded)
        policy_release(&policy);
    config_release(&cfg);
    arena_release(&arena);
    arena_release(&hdr_arena);
    strbuf_release(&sb);
    strbuf_release(&path);
    strbuf_release(&out_path);
    strbuf_release(&xsd);
    strbuf_release(&report_path);
    strbuf_release(&manifest_path);
    return ret;
}
