/*
 * `statreturn validate FILE...`; see validate.h.
 *
 * Detection reads the first few KiB of a file (no XML parser: it only needs
 * the root element name or the CSV header row) and picks the return's
 * validator from a small table.  A file that matches nothing goes to the CIN
 * validator, whose reader gives the precise diagnosis (not XML, another root
 * element, empty ...).  Validators record findings in one report shared by
 * all files and return an exit status; this file alone maps failures to
 * exit statuses.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/status.h"
#include "returns/cin/cin_pipeline.h"
#include "returns/cin/cin_reader.h"
#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_store.h"
#include "returns/ssda903/cla_validate.h"
#include "core/date.h"
#include "returns/families/families.h"
#include "core/log.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "findings/report.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "pipeline/validate.h"
#include "core/xalloc.h"

struct vopts {
    int year;                  /* 0: each file's header */
    enum report_format format;
    const char *output;        /* NULL or "-": standard output */
    const char *rule;          /* --rule CODE ("XSD": schema errors only) */
    bool force, show_values, no_rules, quiet;
    /* SSDA903 inputs some DfE rules need */
    const char *previous;      /* --previous DIR_OR_FILE: last year's return */
    const char *providers;     /* --providers FILE: Ofsted provider list (CSV) */
    const char *postcodes;     /* --postcodes FILE: ONS Postcode Directory (CSV) */
    const char *la;            /* --la CODE: the council's own LA code */
};

struct vctx {
    struct vopts opt;
    struct report *rep;
    struct cin_schemas *schemas;
    struct holidays holidays;
    bool holidays_loaded;
    bool announce;             /* one line per file on stderr (report not on the terminal) */
    /* SSDA903 reference inputs, loaded once for all 903 files */
    bool cla_inputs_loaded;
    struct cla_store *previous;
    struct cla_ref *ref;
    struct strbuf not_run;     /* codes of the rules not run, for one notice */
    const char *not_run_why;
};

/* ---- detection -------------------------------------------------------------- */

struct sniff {
    bool readable;
    bool xml;                  /* first significant character is '<' */
    char root[64];             /* XML root element local name, "" if not found */
    char first_field[32];      /* text: first header cell, upper-cased, unquoted */
};

static void sniff_file(const char *path, struct sniff *s)
{
    unsigned char buf[8192];
    struct stat st;
    ssize_t n;
    size_t i = 0, len;
    int fd;

    memset(s, 0, sizeof *s);
    /* Only regular files are sniffed: opening a pipe or FIFO would consume
     * (or, closed, discard) what the validator needs, so anything else goes
     * straight to the CIN reader, which reads it once. */
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return;
    len = (size_t)n;
    buf[len] = '\0';
    s->readable = true;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    while (i < len && isspace(buf[i]))
        i++;
    if (i < len && buf[i] == '<') {
        s->xml = true;
        /* Skip the XML declaration, processing instructions and comments. */
        while (i < len && buf[i] == '<') {
            const char *end = NULL;
            if (buf[i + 1] == '?')
                end = strstr((const char *)buf + i, "?>");
            else if (!strncmp((const char *)buf + i, "<!--", 4))
                end = strstr((const char *)buf + i, "-->");
            else
                break;
            if (!end)
                return;
            i = (size_t)(end - (const char *)buf) + (buf[i + 1] == '?' ? 2 : 3);
            while (i < len && isspace(buf[i]))
                i++;
        }
        if (i + 1 < len && buf[i] == '<' && (isalpha(buf[i + 1]) || buf[i + 1] == '_')) {
            size_t start = ++i, k = 0;
            while (i < len && (isalnum(buf[i]) || buf[i] == '_' || buf[i] == '-' || buf[i] == '.'
                               || buf[i] == ':'))
                i++;
            const char *name = (const char *)buf + start;
            size_t nlen = i - start;
            const char *colon = memchr(name, ':', nlen);
            if (colon) {
                nlen -= (size_t)(colon + 1 - name);
                name = colon + 1;
            }
            for (k = 0; k < nlen && k < sizeof s->root - 1; k++)
                s->root[k] = name[k];
            s->root[k] = '\0';
        }
        return;
    }
    /* Text: the first cell of the first line. */
    size_t k = 0;
    if (i < len && buf[i] == '"')
        i++;
    while (i < len && k < sizeof s->first_field - 1 && buf[i] != ',' && buf[i] != '"'
           && buf[i] != '\r' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != ';')
        s->first_field[k++] = (char)toupper(buf[i++]);
    s->first_field[k] = '\0';
}

static bool is_903(const struct sniff *s)
{
    if (s->xml)
        return !strcmp(s->root, "EXPSSDA903");
    /* SSDA903 CSV tables all start with the CHILD column. */
    return !strcmp(s->first_field, "CHILD");
}

static bool is_cin(const struct sniff *s)
{
    return s->xml && !strcmp(s->root, "Message");
}

static int validate_cin(struct vctx *v, const char *path);
static int validate_cla(struct vctx *v, const char *path);

/* Supporting Families CSV files (families.h): recognised by the first cell
 * of a shipped layout's header row, then validated against the layout whose
 * whole header row the file has. */
static bool is_families(const struct sniff *s)
{
    return !s->xml && families_recognise_first_cell(s->first_field);
}

static int validate_families(struct vctx *v, const char *path)
{
    struct strbuf diag = STRBUF_INIT;
    size_t rows = 0;
    enum fam_validate_result r = families_validate_file(path, NULL, report_finding, v->rep, &rows, &diag);
    int status = report_errors(v->rep) ? SR_RULE_ERRORS : SR_OK;

    report_set_children(v->rep, rows);
    if (r != FAM_VALID_OK) {
        sr_error("%s", diag.buf);
        report_set_diagnosis(v->rep, diag.buf);
        status = r == FAM_VALID_SPEC ? SR_CONFIG : SR_INPUT;
    }
    strbuf_release(&diag);
    return status;
}

struct return_kind {
    const char *name;                                  /* in messages and reports */
    bool (*matches)(const struct sniff *s);
    int (*validate)(struct vctx *v, const char *path); /* NULL: recognised, not supported yet */
};

static const struct return_kind kinds[] = {
    { "CIN census", is_cin, validate_cin },
    { "SSDA903 (children looked after) return", is_903, validate_cla },
    { "Supporting Families", is_families, validate_families },
};

/* Anything unrecognised: the CIN reader says precisely what is wrong. */
static const struct return_kind *fallback_kind = &kinds[0];

/* ---- CIN -------------------------------------------------------------------- */

static void on_schema_error(void *opaque, const struct cin_schema_error *e)
{
    struct vctx *v = opaque;

    if (v->opt.rule && strcmp(v->opt.rule, "XSD") != 0)
        return;
    report_schema_error(v->rep, e->line, e->path, e->message, e->la_child_id, e->child_position,
                        e->episode_position, e->referral_date, e->value);
}

/* A cin_child_fn: runs on the pipeline's rules thread. */
static void check_child(void *opaque, const struct cin_child *c)
{
    rule_engine_child(opaque, c);
}

static int load_holidays(struct vctx *v)
{
    struct strbuf path = STRBUF_INIT;
    char err[512];
    int rc = 0;

    if (v->holidays_loaded)
        return 0;
    sr_data_path(&path, "specs/bank_holidays.txt");
    if (holidays_load(&v->holidays, path.buf, err, sizeof err) != 0) {
        sr_error("%s", err);
        rc = -1;
    } else {
        v->holidays_loaded = true;
    }
    strbuf_release(&path);
    return rc;
}

static int validate_cin(struct vctx *v, const char *path)
{
    struct cin_reader_options o;
    struct cin_reader *rd = NULL;
    struct rule_set rs = { NULL, 0, 0 };
    struct rule_engine *eng = NULL;
    struct rule_env env;
    const struct cin_header *h;
    char err[1024];
    int status = SR_INTERNAL, rc, year, k;
    bool run_rules = !v->opt.no_rules && !(v->opt.rule && !strcmp(v->opt.rule, "XSD"));

    memset(&o, 0, sizeof o);
    o.year = v->opt.year;
    o.schemas = v->schemas;
    o.on_schema_error = on_schema_error;
    o.opaque = v;
    rc = cin_reader_open(path, &o, &rd, err, sizeof err);
    if (rc != CIN_READ_OK) {
        sr_error("%s", err);
        report_set_diagnosis(v->rep, err);
        if (rc == CIN_READ_SPEC)
            status = SR_CONFIG;
        else if (rc == CIN_READ_NO_SCHEMA && v->opt.year)
            status = SR_CONFIG;     /* --year was checked (CIN or 903): no CIN schema for it */
        else
            status = SR_INPUT;
        goto cleanup;
    }
    year = cin_reader_year(rd);
    report_set_year(v->rep, year);

    if (run_rules) {
        if (rule_set_for_year(&rs, year, err, sizeof err) != 0) {
            struct strbuf d = STRBUF_INIT;
            strbuf_addf(&d, "%s: %s", path, err);
            sr_error("%s", d.buf);
            report_set_diagnosis(v->rep, d.buf);
            strbuf_release(&d);
            status = SR_INPUT;
            goto cleanup;
        }
        if (load_holidays(v) != 0) {
            report_set_diagnosis(v->rep, "the bank holidays file cannot be read");
            status = SR_CONFIG;
            goto cleanup;
        }
        env.year = year;
        env.reference_date = census_reference_date(year);
        env.period_start = census_period_start(year);
        env.holidays = &v->holidays;
        eng = rule_engine_new(&rs, &env, report_finding, v->rep);
        if (v->opt.rule && rule_engine_only(eng, v->opt.rule) != 0) {
            sr_error("there is no rule '%s' for collection year %d", v->opt.rule, year);
            report_set_diagnosis(v->rep, "unknown rule code");
            status = SR_USAGE;
            goto cleanup;
        }
    }

    if (cin_reader_header(rd, &h) == 0 && eng)
        rule_engine_header(eng, h);
    /* The rules run on a second thread while this one parses on; findings
     * still reach the report in file order (cin_pipeline.h). */
    k = cin_pipeline_run(rd, eng ? check_child : NULL, eng, cin_pipeline_threads());
    report_set_children(v->rep, cin_reader_children(rd));
    if (k < 0) {
        /* Findings up to here stay in the report; the return-level rules
         * would judge a partial return, so they do not run. */
        sr_error("%s", cin_reader_error(rd));
        report_set_diagnosis(v->rep, cin_reader_error(rd));
        status = SR_INPUT;
        goto cleanup;
    }
    if (eng)
        rule_engine_finish(eng);
    status = report_errors(v->rep) ? SR_RULE_ERRORS : SR_OK;
    sr_debug("%s: %zu children, %zu errors, %zu queries", path, cin_reader_children(rd),
             report_errors(v->rep), report_queries(v->rep));

cleanup:
    rule_engine_free(eng);
    rule_set_release(&rs);
    cin_reader_close(rd);
    return status;
}

/* ---- SSDA903 (cla_validate.h) ------------------------------------------------- */

/* An XML file is validated alone; CSV files (one per DfE table) are one
 * submission: every CSV file on the command line forms one set, and a
 * directory is a set of its *.csv files. */

static const char cla_return_name[] = "SSDA903 (children looked after) return";

static bool cla_code_known(const char *code)
{
    size_t n;
    const struct cin_rule *const *checks = cla_structural_checks(&n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(checks[i]->code, code))
            return true;
    return cla_rule_find(code, 0) != NULL;
}

/* Loads --previous, --providers and --postcodes once.  Returns an exit
 * status (SR_OK when all given inputs loaded). */
static int load_cla_inputs(struct vctx *v)
{
    char err[1024];

    if (v->cla_inputs_loaded)
        return SR_OK;
    v->cla_inputs_loaded = true;
    if (v->opt.providers || v->opt.postcodes) {
        v->ref = cla_ref_new();
        if (v->opt.providers && cla_ref_load_providers(v->ref, v->opt.providers, err, sizeof err) != 0) {
            sr_error("validate: --providers: %s", err);
            return SR_INPUT;
        }
        if (v->opt.postcodes && cla_ref_load_postcodes(v->ref, v->opt.postcodes, err, sizeof err) != 0) {
            sr_error("validate: --postcodes: %s", err);
            return SR_INPUT;
        }
    }
    if (v->opt.previous) {
        struct cla_result res;
        int first = 0, last = 0, year = v->opt.year;
        /* Last year's files are recognised by their header rows with this
         * year's tables (the same tables in every year we have). */
        if (!year && cla_spec_years(NULL, &first, &last, err, sizeof err) == 0)
            year = last;
        int rc = cla_load_previous(&v->opt.previous, 1, year, &v->previous, &res);
        if (rc != CLA_OK) {
            sr_error("validate: --previous: %s", res.diagnosis);
            return rc == CLA_SPEC ? SR_CONFIG : SR_INPUT;
        }
        sr_debug("--previous: %zu children read from %s", cla_store_count(v->previous), v->opt.previous);
    }
    return SR_OK;
}

static void note_not_run(void *opaque, const struct cin_rule *rule, const char *why)
{
    struct vctx *v = opaque;

    if (v->not_run.len)
        strbuf_addstr(&v->not_run, " ");
    strbuf_addstr(&v->not_run, rule->code);
    report_rule_not_run(v->rep, rule, why);
}

/* kind: 'x' one XML file, 'c' CSV files, 'd' a directory. */
static int validate_cla_kind(struct vctx *v, int kind, const char *const *paths, size_t n)
{
    struct cla_validate_options o;
    struct cla_result res;
    int rc;

    report_set_kind(v->rep, REPORT_KIND_SSDA903);
    if ((rc = load_cla_inputs(v)) != SR_OK) {
        report_set_diagnosis(v->rep, "a reference input (--previous, --providers, --postcodes) cannot be read");
        return rc;
    }
    memset(&o, 0, sizeof o);
    o.year = v->opt.year;
    o.only = v->opt.rule;
    o.no_rules = v->opt.no_rules;
    o.on_finding = cla_report_finding;
    o.opaque = v->rep;
    o.previous = v->previous;
    o.ref = v->ref;
    o.la = v->opt.la;
    o.on_not_run = note_not_run;
    o.not_run_opaque = v;
    if (o.only && !cla_code_known(o.only)) {
        sr_error("there is no SSDA903 rule or check '%s'", o.only);
        report_set_diagnosis(v->rep, "unknown rule code");
        return SR_USAGE;
    }
    if (kind == 'x')
        rc = cla_validate_xml(paths[0], &o, &res);
    else if (kind == 'c')
        rc = cla_validate_csv(paths, n, &o, &res);
    else
        rc = cla_validate_dir(paths[0], &o, &res);
    if (res.year)
        report_set_year(v->rep, res.year);
    if (rc == CLA_OK || res.children)
        report_set_children(v->rep, res.children);
    if (rc != CLA_OK) {
        sr_error("%s", res.diagnosis);
        report_set_diagnosis(v->rep, res.diagnosis);
        if (rc == CLA_SPEC || (rc == CLA_NO_YEAR && v->opt.year))
            return SR_CONFIG;
        return SR_INPUT;
    }
    return report_errors(v->rep) ? SR_RULE_ERRORS : SR_OK;
}

static int validate_cla(struct vctx *v, const char *path)
{
    struct sniff s;

    sniff_file(path, &s);
    return validate_cla_kind(v, s.xml ? 'x' : 'c', &path, 1);
}

/* A CSV file of a 903 submission: gathered into the one CSV set. */
static bool is_cla_csv_file(const char *path)
{
    struct sniff s;

    sniff_file(path, &s);
    return s.readable && !s.xml && is_903(&s);
}

static int validate_cla_set(struct vctx *v, const char *const *paths, size_t n, bool dir)
{
    struct strbuf label = STRBUF_INIT;
    int status;

    for (size_t i = 0; i < n; i++)
        strbuf_addf(&label, "%s%s", i ? ", " : "", paths[i]);
    report_begin_file(v->rep, label.buf, cla_return_name);
    status = validate_cla_kind(v, dir ? 'd' : 'c', paths, n);
    if (v->announce && (status == SR_OK || status == SR_RULE_ERRORS))
        sr_info("%s: %zu errors, %zu queries", label.buf, report_errors(v->rep), report_queries(v->rep));
    strbuf_release(&label);
    return status;
}

/* ---- the command -------------------------------------------------------------- */

static void usage(FILE *fp)
{
    fputs("usage: statreturn validate [options] FILE|DIR...\n"
          "\n"
          "Checks returns against the schema and the DfE validation rules.  SSDA903 CSV\n"
          "files given together (or a directory of them) are validated as one return.\n"
          "\n"
          "  --year YEAR          collection year to validate as (default: the header's Year;\n"
          "                       SSDA903: the year of the latest event date in the data)\n"
          "  --format FORMAT      text (default), csv, json or html\n"
          "  --output FILE        write the report to FILE (default: standard output;\n"
          "                       html needs a file); FILE is replaced only with --force\n"
          "  --force              replace an existing report file\n"
          "  --show-values        include the offending values (personal data) in the report\n"
          "  --rule CODE          report only that DfE rule (XSD: only schema errors)\n"
          "  --no-rules           schema check only\n"
          "  -q, --quiet          no text report on standard output, no progress messages\n"
          "  -h, --help           this help\n"
          "\n"
          "Exit status: 0 no errors (queries allowed), 1 errors, 2 usage, 3 spec file\n"
          "unusable, 7 a file unreadable or not a return we know, 8 report not written,\n"
          "10 internal error.  With several files, the worst.\n", fp);
}

static int rank(int status)
{
    switch (status) {
    case SR_OK:          return 0;
    case SR_RULE_ERRORS: return 1;
    case SR_INPUT:       return 2;
    case SR_USAGE:       return 3;
    case SR_CONFIG:      return 4;
    case SR_OUTPUT:      return 5;
    default:               return 6;
    }
}

static int worse(int a, int b)
{
    return rank(b) > rank(a) ? b : a;
}

static int parse_year_arg(const char *s, int *year)
{
    char *end;
    long y;

    errno = 0;
    y = strtol(s, &end, 10);
    if (errno || *end || end - s != 4 || y < 1900 || y > 2199)
        return -1;
    *year = (int)y;
    return 0;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* --year must be one the CIN rules (unless --no-rules) and a CIN schema
 * cover, or one the SSDA903 table specification covers (a 903 year can
 * come before the CIN one: 2026-27).  Each file is then held to its own
 * return's years. */
static int check_year(int year, bool no_rules)
{
    int years[32], first, last, cla_first = 0, cla_last = 0;
    size_t n = cin_schemas_years(years, 32);
    bool have_schema = false;
    char err[512];

    for (size_t i = 0; i < n && i < 32; i++)
        have_schema |= years[i] == year;
    rule_years_supported(&first, &last);
    if (cla_spec_years(NULL, &cla_first, &cla_last, err, sizeof err) == 0 && year >= cla_first && year <= cla_last)
        return 0;
    if ((!no_rules && (year < first || year > last)) || !have_schema) {
        sr_error("validate: no CIN %s for collection year %d (supported: %d to %d), nor SSDA903 tables "
                 "(supported: %d to %d)", have_schema ? "rules" : "schema", year, first, last, cla_first, cla_last);
        return -1;
    }
    return 0;
}

static int validate_file(struct vctx *v, const char *path)
{
    const struct return_kind *kind = fallback_kind;
    struct sniff s;
    int status;

    sniff_file(path, &s);
    if (s.readable)
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (kinds[i].matches(&s)) {
                kind = &kinds[i];
                break;
            }
    report_begin_file(v->rep, path, kind->name);
    if (!kind->validate) {
        struct strbuf d = STRBUF_INIT;
        strbuf_addf(&d, "%s: this is an %s; statreturn cannot validate it yet", path, kind->name);
        sr_error("%s", d.buf);
        report_set_diagnosis(v->rep, d.buf);
        strbuf_release(&d);
        return SR_INPUT;
    }
    status = kind->validate(v, path);
    if (v->announce && (status == SR_OK || status == SR_RULE_ERRORS))
        sr_info("%s: %zu errors, %zu queries", path, report_errors(v->rep), report_queries(v->rep));
    return status;
}

enum sr_status cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "year", required_argument, NULL, 'y' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'F' },
        { "show-values", no_argument, NULL, 'S' },
        { "rule", required_argument, NULL, 'r' },
        { "no-rules", no_argument, NULL, 'N' },
        { "quiet", no_argument, NULL, 'q' },
        { "previous", required_argument, NULL, 'P' },
        { "providers", required_argument, NULL, 'V' },
        { "postcodes", required_argument, NULL, 'C' },
        { "la", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct vctx v;
    struct outfile out;
    bool out_open = false, to_file;
    char err[1024];
    int status = SR_OK, ch;

    memset(&v, 0, sizeof v);
    memset(&out, 0, sizeof out);
    v.opt.format = REPORT_TEXT;
    optind = 0;          /* GNU: restart scanning, whatever parsed argv before */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'y':
            if (parse_year_arg(optarg, &v.opt.year) != 0) {
                sr_error("validate: --year wants a collection year such as 2025, not '%s'", optarg);
                return SR_USAGE;
            }
            break;
        case 'f':
            if (report_format_parse(optarg, &v.opt.format) != 0) {
                sr_error("validate: unknown --format '%s' (text, csv, json or html)", optarg);
                return SR_USAGE;
            }
            break;
        case 'o': v.opt.output = optarg; break;
        case 'F': v.opt.force = true; break;
        case 'S': v.opt.show_values = true; break;
        case 'r': v.opt.rule = optarg; break;
        case 'N': v.opt.no_rules = true; break;
        case 'q': v.opt.quiet = true; break;
        case 'P': v.opt.previous = optarg; break;
        case 'V': v.opt.providers = optarg; break;
        case 'C': v.opt.postcodes = optarg; break;
        case 'L': v.opt.la = optarg; break;
        case 'h':
            usage(stdout);
            return SR_OK;
        default:
            if (optopt && strchr("yforPVCL", optopt))
                sr_error("validate: option '%s' needs a value", argv[optind - 1]);
            else
                sr_error("validate: unknown option '%s'", argv[optind - 1]);
            usage(stderr);
            return SR_USAGE;
        }
    }
    if (optind >= argc) {
        sr_error("validate: no file to validate");
        usage(stderr);
        return SR_USAGE;
    }
    to_file = v.opt.output && strcmp(v.opt.output, "-") != 0;
    if (v.opt.format == REPORT_HTML && !v.opt.output) {
        sr_error("validate: --format html needs --output FILE");
        return SR_USAGE;
    }
    if (v.opt.no_rules && v.opt.rule && strcmp(v.opt.rule, "XSD") != 0) {
        sr_error("validate: --rule %s and --no-rules contradict each other", v.opt.rule);
        return SR_USAGE;
    }
    if (v.opt.year && check_year(v.opt.year, v.opt.no_rules) != 0)
        return SR_USAGE;
    for (int i = optind; to_file && i < argc; i++) {
        if (same_file(v.opt.output, argv[i])) {
            sr_error("validate: the report '%s' would replace a file being validated", v.opt.output);
            return SR_USAGE;
        }
    }
    if (v.opt.quiet)
        log_set_level(LOG_QUIET);

    /* Fail before a long validation if the report cannot be written. */
    if (to_file) {
        if (outfile_open(&out, v.opt.output, v.opt.force, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            return SR_OUTPUT;
        }
        out_open = true;
    }
    v.rep = report_new(NULL, 0);
    if (v.opt.show_values)
        report_keep_values(v.rep);
    v.schemas = cin_schemas_new();
    v.announce = to_file || v.opt.format != REPORT_TEXT;

    {
        const char **csv = xcalloc((size_t)argc, sizeof *csv);
        size_t n_csv = 0;
        struct stat st;
        for (int i = optind; i < argc; i++) {
            if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
                status = worse(status, validate_cla_set(&v, (const char *const *)&argv[i], 1, true));
            else if (is_cla_csv_file(argv[i]))
                csv[n_csv++] = argv[i];
            else
                status = worse(status, validate_file(&v, argv[i]));
        }
        if (n_csv)
            status = worse(status, validate_cla_set(&v, csv, n_csv, false));
        free(csv);
    }

    if (v.not_run.len)
        sr_info("rules not run for want of --previous, --providers, --postcodes or --la (listed in the report): %s",
                v.not_run.buf);
    if (to_file) {
        if (report_write(v.rep, out.fp, v.opt.format, v.opt.show_values, err, sizeof err) != 0
            || outfile_commit(&out, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            status = worse(status, SR_OUTPUT);
            goto cleanup;
        }
        out_open = false;
        sr_info("report written to %s", v.opt.output);
    } else if (!(v.opt.quiet && v.opt.format == REPORT_TEXT)) {
        if (report_write(v.rep, stdout, v.opt.format, v.opt.show_values, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            status = worse(status, SR_OUTPUT);
        }
    }

cleanup:
    if (out_open)
        outfile_abort(&out);
    report_free(v.rep);
    cla_store_free(v.previous);
    cla_ref_free(v.ref);
    strbuf_release(&v.not_run);
    cin_schemas_free(v.schemas);
    if (v.holidays_loaded)
        holidays_release(&v.holidays);
    return status;
}
