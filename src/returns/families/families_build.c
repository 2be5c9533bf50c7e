/*
 * `statreturn build families`: the Supporting Families NIS and FPD files
 * for one period, from the replica.
 *
 *   layouts (= policies) --> contract check --> family structure check
 *     --> per file: one cursor over the population, ordered by person id
 *         --> treatments (pseudonymise, generalise, drop) and format checks
 *         --> CSV rows into an outfile temporary (FPD: sorted by person key)
 *     --> every file checked against its layout --> fsync + rename
 *     --> a run manifest beside each file
 *
 * Both files come from one read-only snapshot, so a scheduled job that
 * builds them together (the default, --kind both) gets two files that
 * agree.  Nothing is committed unless every person of every file can be
 * written: a family with no members, a person in two families, or a value
 * outside its column's format (a measure out of range, a missing required
 * value) is reported by family or person id and field, never by value,
 * and no file is written (exit 6).
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/app.h"
#include "core/config.h"
#include "returns/families/families.h"
#include "core/log.h"
#include "privacy/manifest.h"
#include "io/csv.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "core/xalloc.h"

#define MAX_DEFECTS_SHOWN 200

struct fam_opts {
    const char *period;
    const char *kind;
    const char *la;
    const char *dsn;
    const char *schema;
    const char *output_dir;
    const char *layout_dir;
    const char *key_file;
    const char *key_env;
    const char *config_path;
    int statement_timeout_s;
    int fetch_batch;
    int force;
};

/* Rows of a file whose key is a pseudonym are held and sorted by it, so
 * that their order reveals nothing of the council's id order. */
struct held_row {
    size_t key, line;        /* offsets in the pool */
};

struct fam_output {
    enum families_kind kind;
    struct families_layout layout;
    bool loaded;
    struct families_period period;
    struct pseudo_key key;
    struct strbuf path, manifest_path;
    struct outfile out;
    bool open;
    bool sort;
    struct strbuf pool;
    struct held_row *held;
    size_t n_held, cap_held;
    struct id_set *families;
    size_t people, opted_out, measure_values;
};

struct defects {
    size_t n;
};

static void on_defect(void *opaque, const char *who, const char *id, const char *field, const char *problem)
{
    struct defects *d = opaque;
    if (d->n == 0)
        sr_error("replica data that cannot be written as Supporting Families files (family or person: field problem):");
    if (d->n < MAX_DEFECTS_SHOWN)
        sr_detail("%s %s: %s %s", who, id, field, problem);
    d->n++;
}

static void usage(FILE *f)
{
    fputs("usage: statreturn build families --period YYYY-MM [options]\n"
          "\n"
          "Builds the Supporting Families National Impact Study (NIS) and Family Progress\n"
          "Data (FPD) files for one period from the replica, in one snapshot.\n"
          "\n"
          "  --period YYYY-MM       last month of the period (quarters end 03, 06, 09, 12);\n"
          "                         'previous' = the latest period that has ended\n"
          "  --kind nis|fpd|both    which files (default both)\n"
          "  --la CODE              three-digit LA code, in the file names (config: la)\n"
          "  --dsn CONNINFO         libpq connection string or URI, without a password (config: dsn)\n"
          "  --schema NAME          schema holding the tables (config: schema)\n"
          "  --output-dir DIR       where the files and manifests go (config: output_dir)\n"
          "  --force                replace existing files\n"
          "  --layout-dir DIR       layouts layout_nis.conf / layout_fpd.conf (default: specs/families)\n"
          "  --key-file FILE        the programme's pseudonymisation key, for the FPD (mode 0600;\n"
          "                         config: key_file.families)\n"
          "  --key-env VAR          read the key from environment variable VAR\n"
          "  --statement-timeout S  seconds before a query is cancelled (default 600)\n"
          "  --config FILE          configuration file\n"
          "  -q, --quiet            only errors\n"
          "  -v, --verbose          more detail\n"
          "\n"
          "Writes families_nis_PERIOD_LA.csv and families_fpd_PERIOD_LA.csv (mode 0600), each\n"
          "with a _manifest.json.  Exit status as for build cin (6: data defects, nothing written).\n", f);
}

static bool valid_la(const char *s)
{
    return s && strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
        && s[2] <= '9';
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

static sr_date today(void)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        t = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static const char *config_value(const struct fam_output *o, const struct fam_column *c, const char *la)
{
    if (c->source == FS_PERIOD)
        return o->period.label;
    if (c->source == FS_LA)
        return la;
    return NULL;
}

/* One person's row as CSV in line (CRLF-terminated), its key in key.
 * Problems go to the defect callback; returns their number. */
static size_t render_row(struct fam_output *o, const struct families_row *row, const char *la, struct strbuf *line,
                         struct strbuf *key, struct defects *d)
{
    const struct families_layout *l = &o->layout;
    struct strbuf v = STRBUF_INIT, msg = STRBUF_INIT;
    size_t problems = 0;

    strbuf_reset(line);
    strbuf_reset(key);
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        const char *raw = families_column_reads(c) ? row->values[i] : config_value(o, c, la);
        strbuf_reset(&v);
        const char *why = families_treat_value(c, o->key.bytes ? &o->key : NULL, raw, &v);
        if (why) {
            strbuf_reset(&msg);
            strbuf_addf(&msg, "%s (column %s, format %s)", why, c->name, c->format.spec);
            on_defect(d, "person", row->person_id ? row->person_id : "(no id)", l->fields[i].source, msg.buf);
            problems++;
        }
        if (c->source == FS_MEASURE && v.len)
            o->measure_values++;
        if (i)
            strbuf_addch(line, ',');
        /* Never the report's formula guard: the NIS is linked on names and
         * dates by ONS, so a value goes out exactly as it is. */
        csv_cell(line, v.buf, 0);
        if (c->unique) {
            if (key->len)
                strbuf_addch(key, ',');
            strbuf_addstr(key, v.buf);
        }
    }
    strbuf_addstr(line, "\r\n");
    strbuf_release(&v);
    strbuf_release(&msg);
    return problems;
}

struct sorted_row {
    const char *key, *line;
};

static int cmp_sorted(const void *a, const void *b)
{
    const struct sorted_row *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* Writes the held rows in key order (the pool no longer grows, so its
 * offsets can become pointers). */
static int write_held(struct fam_output *o)
{
    struct sorted_row *v = xcalloc(o->n_held ? o->n_held : 1, sizeof *v);
    int rc = 0;

    for (size_t i = 0; i < o->n_held; i++) {
        v[i].key = o->pool.buf + o->held[i].key;
        v[i].line = o->pool.buf + o->held[i].line;
    }
    qsort(v, o->n_held, sizeof *v, cmp_sorted);
    for (size_t i = 0; i < o->n_held && rc == 0; i++) {
        size_t n = strlen(v[i].line);
        if (fwrite(v[i].line, 1, n, o->out.fp) != n)
            rc = -1;
    }
    free(v);
    free(o->held);
    o->held = NULL;
    o->n_held = o->cap_held = 0;
    strbuf_release(&o->pool);
    return rc;
}

/* Reads one file's population and writes (or holds) its rows.  Returns an
 * exit status; defects are counted in d and do not stop the reading. */
static int run_pass(struct fam_output *o, struct db *db, bool have_cla, const struct fam_opts *opt,
                    struct defects *d)
{
    struct families_source *src = NULL;
    struct families_row row;
    struct strbuf err = STRBUF_INIT, line = STRBUF_INIT, key = STRBUF_INIT, prev = STRBUF_INIT;
    int ret = EXIT_INTERNAL, r;
    enum db_status st;

    st = families_source_open(&src, db, &o->layout, &o->period, have_cla, opt->fetch_batch, &err);
    if (st != DB_OK) {
        sr_error("%s", err.buf);
        ret = exit_for_db(st);
        goto cleanup;
    }
    strbuf_reset(&line);
    families_layout_header(&o->layout, &line);
    strbuf_addstr(&line, "\r\n");
    if (fwrite(line.buf, 1, line.len, o->out.fp) != line.len) {
        sr_error("cannot write '%s': %s", o->out.tmp_path, strerror(errno));
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    while ((r = families_source_next(src, &row, &err)) == 1) {
        const char *pid = row.person_id ? row.person_id : "";
        if (prev.len && !strcmp(prev.buf, pid)) {
            /* The structure check names these; a second row is never written. */
            continue;
        }
        strbuf_reset(&prev);
        strbuf_addstr(&prev, pid);
        if (row.opted_out) {
            o->opted_out++;
            continue;
        }
        render_row(o, &row, opt->la, &line, &key, d);
        o->people++;
        id_set_add(o->families, row.family_id ? row.family_id : "", 0, 0, NULL, NULL);
        if (d->n)
            continue;   /* nothing more is written once a defect is found, but every row is checked */
        if (o->sort) {
            ALLOC_GROW(o->held, o->n_held, o->cap_held);
            o->held[o->n_held].key = o->pool.len;
            strbuf_add(&o->pool, key.buf, key.len + 1);
            o->held[o->n_held].line = o->pool.len;
            strbuf_add(&o->pool, line.buf, line.len + 1);
            o->n_held++;
        } else if (fwrite(line.buf, 1, line.len, o->out.fp) != line.len) {
            sr_error("cannot write '%s': %s", o->out.tmp_path, strerror(errno));
            ret = EXIT_OUTPUT;
            goto cleanup;
        }
    }
    if (r < 0) {
        sr_error("reading the replica failed: %s", err.buf);
        ret = exit_for_db(families_source_status(src));
        goto cleanup;
    }
    if (o->sort && !d->n && write_held(o) != 0) {
        sr_error("cannot write '%s': %s", o->out.tmp_path, strerror(errno));
        ret = EXIT_OUTPUT;
        goto cleanup;
    }
    ret = EXIT_OK;

cleanup:
    families_source_close(src);
    strbuf_release(&err);
    strbuf_release(&line);
    strbuf_release(&key);
    strbuf_release(&prev);
    return ret;
}

struct backstop {
    size_t n;
};

static void on_finding(void *opaque, const struct finding *f)
{
    struct backstop *b = opaque;
    if (b->n < 20)
        sr_detail("row %zu (line %u): %s [%s]", f->child_position, f->line, f->path, f->rule->code);
    b->n++;
}

static int load_key(struct fam_output *o, const struct fam_opts *opt, const struct config *cfg)
{
    const struct policy *p = &o->layout.policy;
    const char *kf = opt->key_file ? opt->key_file : config_key_file(cfg, p->key_name);
    char err[512];
    int r;

    if (opt->key_env) {
        r = pseudo_key_load_env(&o->key, opt->key_env, err, sizeof err);
    } else if (kf) {
        r = pseudo_key_load_file(&o->key, kf, err, sizeof err);
    } else {
        snprintf(err, sizeof err, "layout '%s' pseudonymises columns but no key was given: use --key-file, "
                 "--key-env, or 'key_file.%s =' in the configuration", p->name, p->key_name);
        r = -1;
    }
    if (r != 0) {
        sr_error("%s", err);
        return -1;
    }
    sr_info("%s: pseudonymising with key %s (%s)", families_kind_name(o->kind), o->key.fingerprint, p->key_name);
    return 0;
}

static void output_release(struct fam_output *o)
{
    if (o->open)
        outfile_abort(&o->out);
    if (o->loaded)
        families_layout_release(&o->layout);
    pseudo_key_release(&o->key);
    strbuf_release(&o->path);
    strbuf_release(&o->manifest_path);
    strbuf_release(&o->pool);
    free(o->held);
    if (o->families)
        id_set_free(o->families);
}

/* One run of the command: its options, configuration, files and replica. */
struct fam_build {
    struct fam_opts o;
    struct fam_output outs[FAM__KINDS];
    size_t n_outs;
    struct config cfg;
    struct db *db;
    struct id_set *seen;
    struct strbuf sb;
    struct defects defects;
    char err[1024];
    bool have_cla;
};

/* What a step of the command returns to let the next one run (any other
 * value is the exit status). */
#define GO_ON (-1)

static int parse_options(struct fam_build *b, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "period", required_argument, NULL, 'p' },
        { "kind", required_argument, NULL, 'k' },
        { "la", required_argument, NULL, 'l' },
        { "dsn", required_argument, NULL, 'd' },
        { "schema", required_argument, NULL, 'S' },
        { "output-dir", required_argument, NULL, 'O' },
        { "layout-dir", required_argument, NULL, 'L' },
        { "force", no_argument, NULL, 'f' },
        { "key-file", required_argument, NULL, 'K' },
        { "key-env", required_argument, NULL, 'E' },
        { "statement-timeout", required_argument, NULL, 't' },
        { "fetch-batch", required_argument, NULL, 'B' },
        { "config", required_argument, NULL, 'c' },
        { "password", required_argument, NULL, 'W' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct fam_opts *o = &b->o;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o->period = optarg; break;
        case 'k': o->kind = optarg; break;
        case 'l': o->la = optarg; break;
        case 'd': o->dsn = optarg; break;
        case 'S': o->schema = optarg; break;
        case 'O': o->output_dir = optarg; break;
        case 'L': o->layout_dir = optarg; break;
        case 'f': o->force = 1; break;
        case 'K': o->key_file = optarg; break;
        case 'E': o->key_env = optarg; break;
        case 't': o->statement_timeout_s = atoi(optarg); break;
        case 'B': o->fetch_batch = atoi(optarg); break;
        case 'c': o->config_path = optarg; break;
        case 'W':
            sr_error("passwords are not accepted on the command line");
            sr_detail("use ~/.pgpass, PGPASSFILE or a pg_service.conf entry (see README, Connecting)");
            return EXIT_USAGE;
        case 'q': log_set_level(LOG_QUIET); break;
        case 'v': log_set_level(LOG_VERBOSE); break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        sr_error("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!o->period) {
        sr_error("--period is required (the period's last month, e.g. 2025-03, or 'previous')");
        return EXIT_USAGE;
    }
    if (!strcmp(o->kind, "both")) {
        b->outs[b->n_outs++].kind = FAM_NIS;
        b->outs[b->n_outs++].kind = FAM_FPD;
    } else if (!strcmp(o->kind, "nis")) {
        b->outs[b->n_outs++].kind = FAM_NIS;
    } else if (!strcmp(o->kind, "fpd")) {
        b->outs[b->n_outs++].kind = FAM_FPD;
    } else {
        sr_error("--kind is nis, fpd or both, not '%s'", o->kind);
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* The configuration file, for what the command line leaves unsaid. */
static int apply_config(struct fam_build *b)
{
    struct fam_opts *o = &b->o;
    const char *cfg_path = o->config_path ? o->config_path : config_default_path();

    if (cfg_path && config_load(&b->cfg, cfg_path, o->config_path != NULL, b->err, sizeof b->err) != 0) {
        sr_error("%s", b->err);
        return EXIT_CONFIG;
    }
    if (!o->la)
        o->la = b->cfg.la;
    if (!o->dsn)
        o->dsn = b->cfg.dsn;
    if (!o->schema)
        o->schema = b->cfg.schema;
    if (!o->output_dir)
        o->output_dir = b->cfg.output_dir ? b->cfg.output_dir : ".";
    if (o->statement_timeout_s < 0)
        o->statement_timeout_s = b->cfg.statement_timeout_s ? b->cfg.statement_timeout_s : 600;
    if (!valid_la(o->la)) {
        sr_error("the LA code must be three digits (--la or 'la =' in the configuration)%s",
                 o->la ? "" : "; none was given");
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* Each file's layout (its policy), period and key. */
static int load_layouts(struct fam_build *b)
{
    struct strbuf purposes = STRBUF_INIT;
    int ret = GO_ON;

    sr_data_path(&purposes, "specs/purposes.conf");
    for (size_t i = 0; i < b->n_outs && ret == GO_ON; i++) {
        struct fam_output *out = &b->outs[i];
        const char *kn = families_kind_name(out->kind);
        strbuf_reset(&b->sb);
        if (b->o.layout_dir) {
            strbuf_addf(&b->sb, "%s/layout_%s.conf", b->o.layout_dir, kn);
        } else {
            struct strbuf rel = STRBUF_INIT;
            strbuf_addf(&rel, "specs/families/layout_%s.conf", kn);
            sr_data_path(&b->sb, rel.buf);
            strbuf_release(&rel);
        }
        if (families_layout_load(&out->layout, b->sb.buf, purposes.buf, out->kind, b->err, sizeof b->err) != 0) {
            sr_error("layout rejected: %s", b->err);
            ret = EXIT_CONFIG;
            break;
        }
        out->loaded = true;
        if (!strcmp(b->o.period, "previous")) {
            families_period_previous(today(), out->layout.period_months, &out->period);
        } else if (families_period_parse(b->o.period, out->layout.period_months, &out->period, b->err,
                                         sizeof b->err) != 0) {
            sr_error("--period: %s", b->err);
            ret = EXIT_USAGE;
            break;
        }
        if (policy_needs_key(&out->layout.policy) && load_key(out, &b->o, &b->cfg) != 0) {
            ret = EXIT_CONFIG;
            break;
        }
        for (size_t k = 0; k < out->layout.n_cols; k++)
            out->sort |= out->layout.cols[k].unique && out->layout.cols[k].treatment == TR_PSEUDONYMISE;
        out->families = id_set_new();
    }
    strbuf_release(&purposes);
    return ret;
}

/* The output names, which must not exist unless --force. */
static int name_outputs(struct fam_build *b)
{
    const struct fam_opts *o = &b->o;
    struct stat st;

    if (stat(o->output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        sr_error("output directory '%s' does not exist", o->output_dir);
        return EXIT_OUTPUT;
    }
    for (size_t i = 0; i < b->n_outs; i++) {
        struct fam_output *out = &b->outs[i];
        strbuf_addf(&out->path, "%s/families_%s_%s_%s.csv", o->output_dir, families_kind_name(out->kind),
                    out->period.label, o->la);
        strbuf_addf(&out->manifest_path, "%s/families_%s_%s_%s_manifest.json", o->output_dir,
                    families_kind_name(out->kind), out->period.label, o->la);
        if (!o->force) {
            const char *paths[2] = { out->path.buf, out->manifest_path.buf };
            for (int k = 0; k < 2; k++)
                if (access(paths[k], F_OK) == 0) {
                    sr_error("'%s' already exists (use --force to replace it)", paths[k]);
                    return EXIT_OUTPUT;
                }
        }
    }
    return GO_ON;
}

/* The replica: one read-only snapshot for every file, its contract and the
 * layouts' measure codes. */
static int open_replica(struct fam_build *b)
{
    const struct families_layout *ls[FAM__KINDS];
    struct db_options dbo = { b->o.dsn, "statreturn", b->o.statement_timeout_s * 1000, b->o.schema };
    enum db_status st;

    strbuf_reset(&b->sb);
    st = db_connect(&b->db, &dbo, &b->sb);
    if (st != DB_OK) {
        sr_error("cannot connect to the replica: %s", b->sb.buf);
        return exit_for_db(st);
    }
    strbuf_reset(&b->sb);
    if ((st = db_begin_snapshot(b->db, &b->sb)) != DB_OK) {
        sr_error("cannot start a read-only snapshot: %s", b->sb.buf);
        return exit_for_db(st);
    }
    for (size_t i = 0; i < b->n_outs; i++)
        ls[i] = &b->outs[i].layout;
    strbuf_reset(&b->sb);
    if ((st = families_contract(b->db, ls, b->n_outs, &b->have_cla, &b->sb)) != DB_OK) {
        sr_error("%s", b->sb.buf);
        return exit_for_db(st);
    }
    for (size_t i = 0; i < b->n_outs; i++) {
        const struct families_layout *l = &b->outs[i].layout;
        strbuf_reset(&b->sb);
        size_t bad = families_check_measures(b->db, l, &b->sb);
        if (bad == (size_t)-1) {
            sr_error("%s", b->sb.buf);
            return EXIT_DATABASE;
        }
        if (bad) {
            sr_error("layout rejected: %s", b->sb.buf);
            return EXIT_CONFIG;
        }
        for (size_t k = 0; !b->have_cla && k < l->n_cols; k++)
            if (l->cols[k].source == FS_FLAG_LAC && families_column_reads(&l->cols[k]))
                sr_warn("the replica has no ssd_cla_episodes table (SSDA903 tables): column '%s' of the %s file "
                        "is left empty", l->cols[k].name, families_kind_name(b->outs[i].kind));
    }
    return GO_ON;
}

/* The family structure of every file's population, each problem named
 * once; then the files' rows into their temporaries.  Any defect in the
 * data: nothing is written. */
static int write_files(struct fam_build *b)
{
    b->seen = id_set_new();
    for (size_t i = 0; i < b->n_outs; i++) {
        strbuf_reset(&b->sb);
        if (families_check_structure(b->db, &b->outs[i].layout, &b->outs[i].period, b->seen, on_defect,
                                     &b->defects, &b->sb) < 0) {
            sr_error("reading the replica failed: %s", b->sb.buf);
            return EXIT_DATABASE;
        }
    }
    for (size_t i = 0; i < b->n_outs; i++) {
        struct fam_output *out = &b->outs[i];
        if (outfile_open(&out->out, out->path.buf, b->o.force, b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return EXIT_OUTPUT;
        }
        out->open = true;
        int r = run_pass(out, b->db, b->have_cla, &b->o, &b->defects);
        if (r != EXIT_OK)
            return r;
    }
    if (b->defects.n) {
        sr_error("%zu problem%s in the replica's Supporting Families data; nothing was written; fix %s in the "
                 "case-management system", b->defects.n, b->defects.n == 1 ? "" : "s",
                 b->defects.n == 1 ? "it" : "them");
        if (b->defects.n > MAX_DEFECTS_SHOWN)
            sr_detail("(the first %d are listed above)", MAX_DEFECTS_SHOWN);
        return EXIT_SOURCE_DATA;
    }
    return GO_ON;
}

/* Every file against its layout before anything is committed, then all
 * committed. */
static int check_and_commit(struct fam_build *b)
{
    for (size_t i = 0; i < b->n_outs; i++) {
        struct fam_output *out = &b->outs[i];
        struct backstop bs = { 0 };
        size_t rows = 0;
        if (fflush(out->out.fp) != 0) {
            sr_error("cannot write '%s': %s", out->out.tmp_path, strerror(errno));
            return EXIT_OUTPUT;
        }
        strbuf_reset(&b->sb);
        enum fam_validate_result vr = families_validate_with(outfile_tmp_path(&out->out), &out->layout, on_finding,
                                                             &bs, &rows, &b->sb);
        if (vr != FAM_VALID_OK || bs.n || rows != out->people) {
            sr_error("the built %s file does not pass its layout %s; nothing was written", families_kind_name(out->kind),
                     out->layout.path);
            if (b->sb.len)
                sr_detail("%s", b->sb.buf);
            return EXIT_SOURCE_DATA;
        }
    }
    for (size_t i = 0; i < b->n_outs; i++) {
        struct fam_output *out = &b->outs[i];
        int r = outfile_commit(&out->out, b->err, sizeof b->err);
        out->open = false;
        if (r != 0) {
            sr_error("%s", b->err);
            return EXIT_OUTPUT;
        }
    }
    strbuf_reset(&b->sb);
    db_rollback(b->db, &b->sb);
    return GO_ON;
}

/* A run manifest beside each file. */
static int write_manifests(struct fam_build *b)
{
    for (size_t i = 0; i < b->n_outs; i++) {
        struct fam_output *out = &b->outs[i];
        char sha[65];
        if (sha256_file_hex(out->path.buf, sha, b->err, sizeof b->err) != 0) {
            sr_error("%s", b->err);
            return EXIT_OUTPUT;
        }
        struct strbuf ret_name = STRBUF_INIT;
        strbuf_addf(&ret_name, "families-%s", families_kind_name(out->kind));
        const struct manifest_count mc[] = {
            { "people", out->people }, { "families", id_set_count(out->families) },
            { "measure_values", out->measure_values },
        };
        const struct manifest_count ex[] = { { "opted_out", out->opted_out } };
        const struct manifest_output mo[] = { { out->path.buf, sha } };
        const struct manifest man = {
            .ret = ret_name.buf, .period = out->period.label, .la = b->o.la, .snapshot = db_snapshot_time(b->db),
            .counts = mc, .n_counts = sizeof mc / sizeof mc[0], .excluded = ex, .n_excluded = 1,
            .outputs = mo, .n_outputs = 1, .validated = true, .errors = 0, .queries = 0, .report_path = NULL,
            .policy = &out->layout.policy, .key = out->key.bytes ? &out->key : NULL,
        };
        int mr = manifest_write(out->manifest_path.buf, b->o.force, &man, b->err, sizeof b->err);
        strbuf_release(&ret_name);
        if (mr != 0) {
            sr_error("the %s file was written, but its manifest was not: %s", families_kind_name(out->kind), b->err);
            return EXIT_OUTPUT;
        }
        sr_info("wrote %s", out->path.buf);
        sr_info("  period %s (%d months to the end of it): %zu people in %zu families; %zu opted out (left out)",
                out->period.label, out->period.months, out->people, id_set_count(out->families), out->opted_out);
        sr_info("  manifest %s (sha256 %.16s...)", out->manifest_path.buf, sha);
    }
    return EXIT_OK;
}

int cmd_build_families(int argc, char **argv)
{
    struct fam_build b;
    int ret;

    memset(&b, 0, sizeof b);
    b.o.kind = "both";
    b.o.statement_timeout_s = -1;
    strbuf_init(&b.sb, 0);
    config_init(&b.cfg);
    if ((ret = parse_options(&b, argc, argv)) == GO_ON && (ret = apply_config(&b)) == GO_ON
        && (ret = load_layouts(&b)) == GO_ON && (ret = name_outputs(&b)) == GO_ON
        && (ret = open_replica(&b)) == GO_ON && (ret = write_files(&b)) == GO_ON
        && (ret = check_and_commit(&b)) == GO_ON)
        ret = write_manifests(&b);
    for (size_t i = 0; i < b.n_outs; i++)
        output_release(&b.outs[i]);
    if (b.seen)
        id_set_free(b.seen);
    db_close(b.db);
    config_release(&b.cfg);
    strbuf_release(&b.sb);
    return ret;
}
