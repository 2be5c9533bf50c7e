/*
 * The validation driver: every file given to `validate`, each to the
 * validator of its return (returns/validators.h), into one report.
 *
 * Detection reads the first few KiB of a file (io/sniff.h) and asks each
 * validator in turn; a file that matches nothing goes to the first (the
 * CIN census), whose reader gives the precise diagnosis (not XML, another
 * root element, empty ...).  A return that takes sets (the SSDA903 CSV
 * tables) gets every CSV file of its kind on the command line as one
 * submission, and each directory as another.  The status is the worst over
 * all files.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

#include "io/outfile.h"

#include "core/log.h"
#include "core/xalloc.h"
#include "pipeline/validate.h"
#include "returns/validators.h"

#define MAX_VALIDATORS 16

struct run {
    struct validation v;
    void *state[MAX_VALIDATORS];
    size_t n;
    struct strbuf stdin_path;   /* the copy of standard input ("-"), or empty */
};

#define STDIN_NAME "(standard input)"

/* How the report names path: standard input's copy by what it is. */
static const char *shown(const struct run *r, const char *path)
{
    return r->stdin_path.len && !strcmp(path, r->stdin_path.buf) ? STDIN_NAME : path;
}

/* "-": standard input, copied once to a temporary file (0600, removed at
 * the end of the run), since a validator reads its file more than once.
 * The path to validate, or NULL after a message. */
static const char *stdin_file(struct run *r)
{
    const char *dir = getenv("TMPDIR");
    char buf[65536];
    size_t n;
    int fd;
    FILE *fp;

    if (r->stdin_path.len)
        return r->stdin_path.buf;
    strbuf_addf(&r->stdin_path, "%s/statreturn-stdin." SR_TEMP_SUFFIX, dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(r->stdin_path.buf)) < 0 || !(fp = fdopen(fd, "wb"))) {
        sr_error("validate: cannot copy standard input to a temporary file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        strbuf_reset(&r->stdin_path);
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0 && fwrite(buf, 1, n, fp) == n)
        ;
    if (ferror(stdin) || ferror(fp) | (fclose(fp) != 0)) {
        sr_error("validate: cannot read standard input: %s", strerror(errno));
        unlink(r->stdin_path.buf);
        strbuf_reset(&r->stdin_path);
        return NULL;
    }
    return r->stdin_path.buf;
}

/* How bad a status is, for the worst over several files. */
static int rank(enum sr_status st)
{
    switch (st) {
    case SR_OK:          return 0;
    case SR_RULE_ERRORS: return 1;
    case SR_INPUT:       return 2;
    case SR_USAGE:       return 3;
    case SR_CONFIG:      return 4;
    case SR_OUTPUT:      return 5;
    default:             return 6;
    }
}

enum sr_status pipeline_validate_worse(enum sr_status a, enum sr_status b)
{
    return rank(b) > rank(a) ? b : a;
}

#define worse pipeline_validate_worse

int pipeline_validate_check_year(int year, bool no_rules)
{
    struct strbuf clauses = STRBUF_INIT;
    int rc = -1;

    for (size_t i = 0; return_validators[i]; i++) {
        const struct return_validator *rv = return_validators[i];
        if (!rv->supports_year)
            continue;
        if (clauses.len)
            strbuf_addstr(&clauses, ", nor ");
        if (rv->supports_year(year, no_rules, &clauses)) {
            rc = 0;
            break;
        }
    }
    if (rc != 0)
        sr_error("validate: no %s", clauses.buf);
    strbuf_release(&clauses);
    return rc;
}

static size_t index_of(const struct return_validator *rv)
{
    size_t i = 0;
    while (return_validators[i] != rv)
        i++;
    return i;
}

static void *state_of(struct run *r, const struct return_validator *rv)
{
    size_t i = index_of(rv);
    if (!r->state[i] && rv->state_new)
        r->state[i] = rv->state_new();
    return r->state[i];
}

static const struct return_validator *validator_for(const char *path, struct file_sniff *s)
{
    file_sniff(path, s);
    if (s->readable)
        for (size_t i = 0; return_validators[i]; i++)
            if (return_validators[i]->recognise(s))
                return return_validators[i];
    return return_validators[0];
}

/* The validator that takes sets (SSDA903), or NULL. */
static const struct return_validator *set_validator(void)
{
    for (size_t i = 0; return_validators[i]; i++)
        if (return_validators[i]->validate_set)
            return return_validators[i];
    return NULL;
}

static void announce(const struct run *r, const char *label, enum sr_status st)
{
    if (r->v.announce && (st == SR_OK || st == SR_RULE_ERRORS))
        sr_info("%s: %zu errors, %zu queries", label, report_errors(r->v.report), report_queries(r->v.report));
}

/* A readable file that no validator recognises: one line saying what it
 * is and what each kind of return starts with (exit 7). */
static enum sr_status unrecognised(struct run *r, const char *path, const struct file_sniff *s)
{
    struct strbuf d = STRBUF_INIT;

    report_begin_file(r->v.report, shown(r, path), "Unrecognised");
    strbuf_addf(&d, "%s: not a return statreturn knows: ", shown(r, path));
    if (s->xml && s->root[0])
        strbuf_addf(&d, "an XML document whose root element is <%s> (a CIN census has <Message>, an "
                        "SSDA903 return <EXPSSDA903>)", s->root);
    else
        strbuf_addf(&d, "a text file whose first header cell is '%s' (an SSDA903 CSV table and a Supporting "
                        "Families file start with a header row of their own; an XML return with '<')",
                    s->first_field);
    sr_error("%s", d.buf);
    report_set_diagnosis(r->v.report, d.buf);
    strbuf_release(&d);
    return SR_INPUT;
}

static enum sr_status validate_file(struct run *r, const char *path)
{
    struct file_sniff s;
    const struct return_validator *rv = validator_for(path, &s);

    bool known = s.readable && rv->recognise(&s);
    /* Another XML document, or a text file with a header row: say so.
     * Anything else (empty, UTF-16, binary) gets its reader's diagnosis. */
    if (s.readable && !known && ((s.xml && s.root[0]) || (!s.xml && isalnum((unsigned char)s.first_field[0]))))
        return unrecognised(r, path, &s);
    report_begin_file(r->v.report, shown(r, path), known ? rv->title : "Unreadable");
    enum sr_status st = rv->validate(&r->v, state_of(r, rv), path);
    announce(r, shown(r, path), st);
    return st;
}

/* The name of a set of files given one by one, for the report: the one
 * file, or their folder and how many ("903_2025/ (12 CSV files)"), never a
 * joined list; each finding names its own file (report_set_table_file). */
static void set_label(struct strbuf *label, const char *const *paths, size_t n)
{
    const char *slash = strrchr(paths[0], '/');
    size_t dir = slash ? (size_t)(slash - paths[0]) + 1 : 0;

    if (n == 1) {
        strbuf_addstr(label, paths[0]);  /* standard input is never part of a set */
        return;
    }
    for (size_t i = 1; i < n && dir; i++)
        if (strncmp(paths[i], paths[0], dir) != 0 || strchr(paths[i] + dir, '/'))
            dir = 0;
    if (dir)
        strbuf_add(label, paths[0], dir);
    else if (!slash)
        strbuf_addstr(label, "./");
    strbuf_addf(label, "%s(%zu CSV files)", dir || !slash ? " " : "", n);
}

static enum sr_status validate_set(struct run *r, const struct return_validator *rv, const char *const *paths,
                                   size_t n, bool dir)
{
    struct strbuf label = STRBUF_INIT;

    set_label(&label, paths, n);
    report_begin_file(r->v.report, label.buf, rv->title);
    enum sr_status st = rv->validate_set(&r->v, state_of(r, rv), paths, n, dir);
    announce(r, label.buf, st);
    strbuf_release(&label);
    return st;
}

enum sr_status pipeline_validate(const struct validate_request *req, const char *const *files, size_t n,
                                 struct report *rep, bool announce_files)
{
    const struct return_validator *sets = set_validator();
    const char **gathered = xcalloc(n ? n : 1, sizeof *gathered);
    size_t n_gathered = 0;
    struct run r;
    enum sr_status st = SR_OK;
    struct stat sb;

    memset(&r, 0, sizeof r);
    r.v.req = req;
    r.v.report = rep;
    r.v.announce = announce_files;
    strbuf_init(&r.stdin_path, 0);
    for (size_t i = 0; i < n; i++) {
        struct file_sniff s;
        const char *f = strcmp(files[i], "-") ? files[i] : stdin_file(&r);
        if (!f)
            st = worse(st, SR_INPUT);
        else if (sets && f == files[i] && stat(f, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = worse(st, validate_set(&r, sets, &files[i], 1, true));
        else if (sets && f == files[i] && (file_sniff(f, &s), s.readable && !s.xml && sets->recognise(&s)))
            gathered[n_gathered++] = f;
        else
            st = worse(st, validate_file(&r, f));
    }
    if (n_gathered)
        st = worse(st, validate_set(&r, sets, gathered, n_gathered, false));
    free(gathered);
    for (size_t i = 0; return_validators[i]; i++) {
        if (r.state[i] && return_validators[i]->end)
            return_validators[i]->end(&r.v, r.state[i]);
        if (r.state[i] && return_validators[i]->state_free)
            return_validators[i]->state_free(r.state[i]);
    }
    if (r.stdin_path.len)
        unlink(r.stdin_path.buf);
    strbuf_release(&r.stdin_path);
    return st;
}
