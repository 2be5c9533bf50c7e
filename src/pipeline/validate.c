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
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "pipeline/validate.h"
#include "returns/validators.h"

#define MAX_VALIDATORS 16

struct run {
    struct validation v;
    void *state[MAX_VALIDATORS];
    size_t n;
};

/* How the report names standard input ("-"). */
#define STDIN_NAME "(standard input)"

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

/* Whether some return validates `year`; each that does not adds its clause. */
static bool year_known(int year, bool no_rules, struct strbuf *clauses)
{
    for (size_t i = 0; return_validators[i]; i++) {
        const struct return_validator *rv = return_validators[i];
        if (!rv->supports_year)
            continue;
        if (clauses->len)
            strbuf_addstr(clauses, ", nor ");
        if (rv->supports_year(year, no_rules, clauses))
            return true;
    }
    return false;
}

bool pipeline_validate_year_known(int year, bool no_rules)
{
    struct strbuf clauses = STRBUF_INIT;
    bool known = year_known(year, no_rules, &clauses);

    strbuf_release(&clauses);
    return known;
}

int pipeline_validate_check_year(int year, bool no_rules)
{
    struct strbuf clauses = STRBUF_INIT;
    int rc = year_known(year, no_rules, &clauses) ? 0 : -1;

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

/* A regular file over req->max_bytes: its section says so, and nothing
 * past its first few KiB (to name its return) is read.  SR_OK otherwise. */
static enum sr_status refuse_by_size(struct run *r, const char *display, const char *path)
{
    struct stat sb;
    struct file_sniff s;
    struct strbuf why = STRBUF_INIT;
    unsigned long long max = r->v.req->max_bytes;

    if (!max || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (unsigned long long)sb.st_size <= max)
        return SR_OK;
    strbuf_addf(&why, "%s: the file is %llu MiB, larger than the %llu MiB this validator reads "
                "(validate it with the statreturn command)", display,
                ((unsigned long long)sb.st_size + (1u << 20) - 1) >> 20, max >> 20);
    report_begin_file(r->v.report, display, validator_for(path, &s)->title);
    report_set_diagnosis(r->v.report, why.buf);
    sr_error("%s", why.buf);
    strbuf_release(&why);
    return SR_INPUT;
}

/* A readable file that no validator recognises: one line saying what it
 * is and what each kind of return starts with (exit 7). */
static enum sr_status unrecognised(struct run *r, const char *display, const struct file_sniff *s)
{
    struct strbuf d = STRBUF_INIT;

    report_begin_file(r->v.report, display, "Unrecognised");
    strbuf_addf(&d, "%s: not a return statreturn knows: ", display);
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

/* A file given by one name (display) and read by another (a spooled pipe). */
static enum sr_status validate_file(struct run *r, const char *display, const char *path)
{
    struct file_sniff s;
    const struct return_validator *rv = validator_for(path, &s);

    bool known = s.readable && rv->recognise(&s);
    /* Another XML document, or a text file with a header row: say so.
     * Anything else (empty, UTF-16, binary) gets its reader's diagnosis. */
    if (s.readable && !known && ((s.xml && s.root[0]) || (!s.xml && isalnum((unsigned char)s.first_field[0]))))
        return unrecognised(r, display, &s);
    report_begin_file(r->v.report, display, known ? rv->title : "Unreadable");
    enum sr_status st = rv->validate(&r->v, state_of(r, rv), path);
    announce(r, display, st);
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
        strbuf_addstr(label, paths[0]);
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

static enum sr_status validate_set(struct run *r, const struct return_validator *rv, const char *const *display,
                                   const char *const *paths, size_t n, bool dir)
{
    struct strbuf label = STRBUF_INIT;

    set_label(&label, display, n);
    report_begin_file(r->v.report, label.buf, rv->title);
    enum sr_status st = rv->validate_set(&r->v, state_of(r, rv), paths, n, dir);
    announce(r, label.buf, st);
    strbuf_release(&label);
    return st;
}

/* A pipe, FIFO or character device (`validate <(zcat f.gz)`, /dev/stdin)
 * is read once into an unnamed file, so that it can be sniffed and then
 * validated like any file (io/sniff.h).  *fd is its descriptor, or -1. */
static enum sr_status spool_if_stream(const char *path, char *proc, size_t proclen, int *fd)
{
    struct stat sb;
    char err[512];

    *fd = -1;
    if (stat(path, &sb) != 0 || !(S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode)))
        return SR_OK;
    if ((*fd = sniff_spool(path, proc, proclen, err, sizeof err)) < 0) {
        sr_error("%s", err);
        return SR_INPUT;
    }
    return SR_OK;
}

enum sr_status pipeline_validate(const struct validate_request *req, const char *const *files, size_t n,
                                 struct report *rep, bool announce_files)
{
    const struct return_validator *sets = set_validator();
    const char **gathered = xcalloc(n ? n : 1, sizeof *gathered);
    const char **shown = xcalloc(n ? n : 1, sizeof *shown);
    char (*proc)[32] = xcalloc(n ? n : 1, sizeof *proc);
    int *fds = xcalloc(n ? n : 1, sizeof *fds);
    size_t n_gathered = 0;
    struct run r;
    enum sr_status st = SR_OK;
    struct stat sb;

    memset(&r, 0, sizeof r);
    r.v.req = req;
    r.v.report = rep;
    r.v.announce = announce_files;
    for (size_t i = 0; i < n; i++) {
        struct file_sniff s;
        /* "-" is standard input, spooled like any pipe when it is one. */
        bool is_stdin = !strcmp(files[i], "-");
        const char *path = is_stdin ? "/dev/stdin" : files[i];
        enum sr_status sp = spool_if_stream(path, proc[i], sizeof proc[i], &fds[i]);
        if (sp != SR_OK) {
            st = worse(st, sp);
            continue;
        }
        if (fds[i] >= 0)
            path = proc[i];
        const char *display = is_stdin ? STDIN_NAME : files[i];
        enum sr_status big = refuse_by_size(&r, display, path);
        if (big != SR_OK)
            st = worse(st, big);
        else if (sets && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = worse(st, validate_set(&r, sets, &display, &path, 1, true));
        else if (sets && (file_sniff(path, &s), s.readable && !s.xml && sets->recognise(&s))) {
            shown[n_gathered] = display;
            gathered[n_gathered++] = path;
        } else
            st = worse(st, validate_file(&r, display, path));
    }
    if (n_gathered)
        st = worse(st, validate_set(&r, sets, shown, gathered, n_gathered, false));
    for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(gathered);
    free(shown);
    free(proc);
    free(fds);
    for (size_t i = 0; return_validators[i]; i++) {
        if (r.state[i] && return_validators[i]->end)
            return_validators[i]->end(&r.v, r.state[i]);
        if (r.state[i] && return_validators[i]->state_free)
            return_validators[i]->state_free(r.state[i]);
    }
    return st;
}
