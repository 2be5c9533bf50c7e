/*
 * SSDA903 submission validator: CSV sets and EXPSSDA903 XML; see
 * cla_validate.h.
 *
 * Both forms end in the same place: a struct cla_child (the child's rows of
 * every DfE table) handed to cla_v_check_child, which runs the value checks of the
 * year's tables.conf and then the DfE rules.  What differs is how a child is
 * assembled:
 *
 *   CSV   cla_validate_csv.c: every file is streamed (io/csv.h), its rows
 *         gathered in buckets, each sorted by child and spilled to a
 *         scratch file as a run, and the runs merged, children in Header
 *         order; memory is bounded by a bucket, not by the set.
 *   XML   io/xml_reader (libxml2's push parser with the streaming schema
 *         validator plugged in, as for the CIN census: each schema error
 *         arrives right after the event for the tag it is about, so its
 *         path and line are exact).  Each CHILD is kept as a small element
 *         tree in an arena that is reset for the next child, so memory does
 *         not grow with the file.  The tree is mapped onto table rows with the xml=
 *         entries of tables.conf.
 *
 * When no year is given, the year comes from the data (see the header): a
 * first pass over the files that reports nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/id_set.h"
#include "returns/ssda903/cla_validate.h"
#include "returns/ssda903/cla_validate_impl.h"
#include "core/log.h"
#include "core/paths.h"
#include "findings/report.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/csv.h"
#include "io/utf8.h"
#include "io/xml_reader.h"

#define CHECK(code_, module_, msg_) { .code = code_, .type = RULE_ERROR, .module = module_, .message = msg_ }

const struct rule cla_check_csv = CHECK("CSV", "CSV", "The CSV file is not well formed");
const struct rule cla_check_table =
    CHECK("TABLE", "CSV", "The file's header row is not a table of the SSDA903 return for this year");
const struct rule cla_check_req = CHECK("REQ", "Spec", "A required value is blank");
const struct rule cla_check_format = CHECK("FORMAT", "Spec", "A value is not in the format its column needs");
const struct rule cla_check_code = CHECK("CODE", "Spec", "A value is not a valid code for this year");
const struct rule cla_check_orphan = CHECK("ORPHAN", "Spec", "The child has no row in the Header table");
const struct rule cla_check_dup =
    CHECK("DUP", "Spec", "The child has more than one row in a table that allows one per child");
const struct rule cla_check_differ = CHECK("DIFFER", "Spec", "The value differs from the child's Header row");
const struct rule cla_check_xsd = CHECK("XSD", "Schema", "The file does not conform to the SSDA903 schema (XSD)");

static const struct rule *const structural[] = {
    &cla_check_csv, &cla_check_table, &cla_check_req, &cla_check_format, &cla_check_code,
    &cla_check_orphan, &cla_check_dup, &cla_check_differ, &cla_check_xsd,
};

/* ---- the validation context (cla_validate_impl.h) ------------------------------ */

void cla_v_diag(struct val *v, const char *fmt, ...)
{
    va_list ap;

    if (v->res->diagnosis[0])
        return;
    va_start(ap, fmt);
    vsnprintf(v->res->diagnosis, sizeof v->res->diagnosis, fmt, ap);
    va_end(ap);
}

/* loc: the table, row and column the finding is about; NULL for a whole
 * file (or a child as a whole). */
void cla_v_emit(struct val *v, const struct rule *rule, const struct cla_child *c, const struct cla_loc *loc,
                 const char *path, uint32_t line, const char *value, const char *detail)
{
    struct finding f;

    if (v->scanning || (v->o->only && strcmp(v->o->only, rule->code) != 0))
        return;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.la_child_id = c ? c->id : NULL;
    f.child_position = c ? c->position : 0;
    f.referral_date = SR_DATE_NONE;
    f.path = path;
    f.line = line;
    f.value = value;
    if (loc) {
        f.table = loc->table;
        f.row = loc->row;
        f.column = loc->column;
    }
    v->o->on_finding(v->o->opaque, &f, detail);
}

void cla_v_emit_cell(struct val *v, const struct rule *rule, const struct cla_child *c,
                      const struct cla_row *r, int column, const char *detail)
{
    struct strbuf path = STRBUF_INIT;
    struct cla_loc loc;

    if (v->scanning)
        return;
    loc = cla_row_loc(r, column);
    cla_row_path(r, column, &path);
    cla_v_emit(v, rule, c, &loc, path.buf, cla_row_line(r, column), column >= 0 ? r->cells[column] : NULL, detail);
    strbuf_release(&path);
}

/* The detail of a FORMAT finding: what the column wants. */
static void format_detail(const struct cla_column *c, struct strbuf *out)
{
    switch (c->type) {
    case CLA_T_ID:
        strbuf_addf(out, "not a child identifier (1 to %ld letters and digits)", c->max);
        break;
    case CLA_T_DATE:
        strbuf_addstr(out, "not a valid date (DD/MM/YYYY)");
        break;
    case CLA_T_DATE_ZZ:
        strbuf_addstr(out, "not a valid date (DD/MM/YYYY, ZZ for an unknown day or month, ZZZZ for the year)");
        break;
    case CLA_T_INT:
        strbuf_addf(out, "not a whole number from %ld to %ld", c->min, c->max);
        break;
    case CLA_T_POSTCODE:
        strbuf_addstr(out, "not a UK postcode (format only, upper case)");
        break;
    case CLA_T_URN:
        strbuf_addstr(out, "not an Ofsted URN (6 or 7 digits, SC and 6 digits, or " CLA_URN_NONE ")");
        break;
    case CLA_T_UPN:
        strbuf_addstr(out, "not a UPN with a correct check letter, nor UN1 to UN5");
        break;
    case CLA_T_TEXT:
        if (c->max)
            strbuf_addf(out, "not text of at most %ld characters without control characters", c->max);
        else
            strbuf_addstr(out, "holds control characters");
        break;
    case CLA_T_CODE:
        break;
    }
}

void cla_v_year_text(int year, char buf[16])
{
    snprintf(buf, 16, "%d-%02d", year - 1, year % 100);
}

/* ---- checks of one child (both forms) --------------------------------------------- */

/* XML: whether a cell of row r is an element of the primary row too (the
 * CHILDID, DOB and SEX that every table of a child repeats are one element
 * in the XML): it is checked once, with the primary row. */
static bool primary_element(const struct cla_row *r, size_t k, const struct cla_row *primary)
{
    if (!r->cell_paths || !primary || r == primary || !primary->cell_paths)
        return false;
    for (size_t j = 0; j < primary->table->n_columns; j++)
        if (!strcmp(primary->cell_paths[j], r->cell_paths[k]))
            return true;
    return false;
}

static void check_cells(struct val *v, const struct cla_child *c, const struct cla_row *r,
                        const struct cla_row *primary)
{
    const struct cla_table *t = r->table;
    struct strbuf d = STRBUF_INIT;

    for (size_t k = 0; k < t->n_columns; k++) {
        const struct cla_column *col = &t->columns[k];
        const char *val = r->cells[k];
        if (val == bad_utf8 || primary_element(r, k, primary))
            continue;
        if (v->eng && cla_engine_covers(v->eng, t, k))
            continue;
        strbuf_reset(&d);
        switch (cla_check_value(col, val)) {
        case CLA_VALID:
            break;
        case CLA_BLANK:
            cla_v_emit_cell(v, &cla_check_req, c, r, (int)k, NULL);
            continue;
        case CLA_BAD_FORMAT:
            format_detail(col, &d);
            cla_v_emit_cell(v, &cla_check_format, c, r, (int)k, d.buf);
            continue;
        case CLA_BAD_CODE: {
            char y[16];
            cla_v_year_text(v->env.year, y);
            strbuf_addf(&d, "not a code of list %s for %s", col->codes ? col->codes->name : "?", y);
            cla_v_emit_cell(v, &cla_check_code, c, r, (int)k, d.buf);
            continue;
        }
        }
        if (col->same_column >= 0 && val && *val && primary) {
            const char *pv = primary->cells[col->same_column];
            if (pv && *pv && pv != bad_utf8 && strcmp(pv, val) != 0) {
                strbuf_addf(&d, "differs from %s %s", primary->table->name,
                            primary->table->columns[col->same_column].name);
                cla_v_emit_cell(v, &cla_check_differ, c, r, (int)k, d.buf);
            }
        }
    }
    strbuf_release(&d);
}

static void note_period_dates(struct val *v, const struct cla_row *r)
{
    for (size_t k = 0; k < r->table->n_columns; k++) {
        if (!r->table->columns[k].period)
            continue;
        sr_date d = date_parse_dmy(r->cells[k]);
        if (sr_date_ok(d) && d <= v->today && (v->latest == SR_DATE_NONE || d > v->latest))
            v->latest = d;
    }
}

/* DUP: the child's second (third ...) row of a one-per-child table; the
 * message names the first, so both are found. */
static void report_dup(struct val *v, const struct cla_child *c, const struct cla_row *r, const struct cla_row *first)
{
    struct strbuf place = STRBUF_INIT, m = STRBUF_INIT;

    cla_row_place(first, &place);
    cla_other_record(&m, cla_check_dup.message, place.buf, first->line);
    cla_v_emit_cell(v, &cla_check_dup, c, r, -1, m.buf);
    strbuf_release(&place);
    strbuf_release(&m);
}

void cla_v_check_child(struct val *v, const struct cla_child *c)
{
    const struct cla_spec *s = v->spec;
    const struct cla_row *primary = c->n_rows[s->primary] ? c->rows[s->primary][0] : NULL;

    for (size_t t = 0; t < s->n_tables; t++)
        for (size_t i = 0; i < c->n_rows[t]; i++)
            note_period_dates(v, c->rows[t][i]);
    if (v->scanning)
        return;
    if (v->o->on_child) {
        v->o->on_child(v->o->opaque, c);
        return;
    }
    for (size_t t = 0; t < s->n_tables; t++) {
        for (size_t i = 0; i < c->n_rows[t]; i++) {
            const struct cla_row *r = c->rows[t][i];
            if (!primary && t != s->primary && c->id)
                cla_v_emit_cell(v, &cla_check_orphan, c, r, (int)r->table->id_column, NULL);
            if (i > 0 && r->table->per == CLA_PER_CHILD)
                report_dup(v, c, r, c->rows[t][0]);
            check_cells(v, c, r, primary);
        }
    }
    if (v->run_rules)
        cla_engine_child(v->eng, c);
}

/* Loads the year's spec and the engine.  Returns a cla_status. */
int cla_v_prepare(struct val *v, int year)
{
    char err[1024];
    int rc;

    if (v->o->spec_file)
        rc = cla_spec_load(v->o->spec_file, year, &v->spec, err, sizeof err);
    else
        rc = cla_spec_load_default(year, &v->spec, err, sizeof err);
    if (rc == CLA_SPEC_NO_YEAR) {
        cla_v_diag(v, "%s", err);
        return CLA_NO_YEAR;
    }
    if (rc != CLA_SPEC_OK) {
        cla_v_diag(v, "%s", err);
        return CLA_SPEC;
    }
    v->env.year = year;
    v->env.period_start = census_period_start(year);
    v->env.period_end = census_reference_date(year);
    v->env.spec = v->spec;
    cla_rule_env_resolve(&v->env);
    v->env.previous = v->o->previous;
    v->env.ref = v->o->ref;
    v->env.la = v->o->la;
    v->res->year = year;
    v->n_numbered = 0;
    v->numbered[v->n_numbered++] = "CHILD";
    for (size_t t = 0; t < v->spec->n_tables; t++) {
        const char *row = v->spec->tables[t].xml_row;
        if (row && v->spec->tables[t].per == CLA_PER_MANY) {
            const char *last = strrchr(row, '/');
            v->numbered[v->n_numbered++] = last ? last + 1 : row;
        }
    }
    return CLA_OK;
}

/*
 * Starts the rule engine, once the tables the return supplied are known
 * (cla_rule_env.supplied): an XML document carries the tables with an xml=
 * row, a CSV set those it has a file of (supplied[t], by spec table index;
 * NULL for XML).  Not when
 * scanning for the year or only reading (on_child).
 */
void cla_v_start_rules(struct val *v, const bool *supplied)
{
    for (size_t t = 0; t < v->spec->n_tables; t++) {
        const struct cla_table *tb = &v->spec->tables[t];
        cla_rule_env_supply(&v->env, tb->name, supplied ? supplied[t] : tb->xml_row != NULL);
    }
    if (v->o->no_rules || v->o->on_child || v->scanning)
        return;
    v->eng = cla_engine_new(&v->env, v->o->on_finding, v->o->opaque);
    v->run_rules = true;
    if (v->o->only && cla_engine_only(v->eng, v->o->only) != 0)
        v->run_rules = false;   /* a structural code: rules only cover columns */
    if (v->o->on_not_run)
        cla_engine_each_not_run(v->eng, v->o->on_not_run, v->o->not_run_opaque);
}

void cla_v_release(struct val *v)
{
    cla_engine_free(v->eng);
    v->eng = NULL;
    cla_spec_free(v->spec);
    v->spec = NULL;
}

static sr_date today(void)
{
    time_t now = time(NULL);
    struct tm tm;

    if (!localtime_r(&now, &tm))
        return date_from_ymd(2199, 12, 31);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void cla_v_init(struct val *v, const struct cla_validate_options *o, struct cla_result *res)
{
    memset(v, 0, sizeof *v);
    memset(res, 0, sizeof *res);
    v->o = o;
    v->res = res;
    v->today = today();
    v->latest = SR_DATE_NONE;
}

/* The year whose collection period holds the latest event date. */
static int year_of_latest(const struct val *v)
{
    return census_year_of(v->latest);
}

/* After a scan: the inferred year, or CLA_NO_YEAR with the diagnosis. */
int cla_v_infer_year(struct val *v, const char *what, int *year)
{
    int first = 0, last = 0, y = year_of_latest(v);
    char err[512], ys[16];

    if (cla_spec_years(v->o->spec_file, &first, &last, err, sizeof err) != 0) {
        cla_v_diag(v, "%s", err);
        return CLA_SPEC;
    }
    if (!y) {
        cla_v_diag(v, "%s: cannot tell the collection year (no episode, review or other event date in the data); "
                "give --year (%d to %d)", what, first, last);
        return CLA_NO_YEAR;
    }
    cla_v_year_text(y, ys);
    if (y < first || y > last) {
        cla_v_diag(v, "%s: the latest event date in the data is in %s (collection year %d), which this installation "
                "has no SSDA903 specification for (%d to %d); give --year to validate it as one of those",
             what, ys, y, first, last);
        return CLA_NO_YEAR;
    }
    sr_info("%s: validating as collection year %d (%s), from the latest event date in the data; "
            "--year overrides", what, y, ys);
    v->res->year_from_data = true;
    *year = y;
    return CLA_OK;
}

/* ======================================================================================
 * XML
 * ====================================================================================== */

/* Reading is io/xml_reader's (limits, encodings, DOCTYPE, schema, fatal
 * diagnoses); here its element events become a CHILD's tree. */
#define XCHUNK 65536
#define FRAME_NAMES 32

struct xnode {
    const char *name;
    const char *path;          /* full element path, e.g. EXPSSDA903/CHILD[3]/EPISODE[2] */
    const char *text;          /* leaf text once closed; NULL otherwise */
    uint32_t line;
    unsigned index;            /* among same-named siblings, 1-based (0: beyond FRAME_NAMES) */
    struct xnode *parent, *first, *last, *next;
};

struct name_count {
    char name[CLA_XML_MAX_NAME + 1];
    unsigned count;
};

struct xframe {
    size_t path_len;
    struct xnode *node;        /* inside a CHILD */
    bool is_child;
    unsigned n_names;
    struct name_count *names;  /* allocated on first use, kept across reuse */
    unsigned names_cap;
};

struct xreader {
    struct val *v;
    struct xml_reader *xr;

    int depth;
    struct xframe frames[CLA_XML_MAX_DEPTH + 1];
    struct strbuf path;

    struct arena arena;        /* the current child's tree */
    struct xnode *child;       /* CHILD being read, or NULL */
    size_t n_children, child_elements;
    const char *child_id;
    struct id_set *ids;
};

/* The element just closed (its frame is still there) or just started. */
static void on_schema_error(void *opaque, const struct xml_schema_error *e)
{
    struct xreader *r = opaque;
    const struct xframe *f = &r->frames[r->depth];
    const char *value = e->text && f->node ? e->text : NULL;
    struct cla_child c;

    memset(&c, 0, sizeof c);
    c.id = r->child ? r->child_id : NULL;
    c.position = r->child ? r->n_children : 0;
    /* A schema error is about an element, which may map to no table row
     * (or to several): the path says where, not the table. */
    cla_v_emit(r->v, &cla_check_xsd, r->child ? &c : NULL, NULL, r->path.len ? r->path.buf : "EXPSSDA903", e->line,
         value, e->message);
}

/* ---- the element tree of a child ---- */

static bool is_numbered(const struct val *v, const char *name)
{
    for (size_t i = 0; i < v->n_numbered; i++)
        if (!strcmp(v->numbered[i], name))
            return true;
    return false;
}

/* Nodes at `path` (names separated by '/') below `from`, appended to *out. */
static void find_nodes(struct xnode *from, const char *path, struct arena *a, struct xnode ***out, size_t *n,
                       size_t *cap)
{
    size_t len = strcspn(path, "/");

    for (struct xnode *c = from->first; c; c = c->next) {
        if (strlen(c->name) != len || strncmp(c->name, path, len) != 0)
            continue;
        if (path[len] == '/') {
            find_nodes(c, path + len + 1, a, out, n, cap);
        } else {
            if (*n == *cap)
                *out = arena_grow(a, *out, *n, cap, sizeof **out);
            (*out)[(*n)++] = c;
        }
    }
}

static struct xnode *find_node(struct xnode *from, const char *path)
{
    size_t len = strcspn(path, "/");

    for (struct xnode *c = from->first; c; c = c->next) {
        if (strlen(c->name) != len || strncmp(c->name, path, len) != 0)
            continue;
        if (path[len] != '/')
            return c;
        struct xnode *deeper = find_node(c, path + len + 1);
        if (deeper)
            return deeper;
    }
    return NULL;
}

static bool row_present(const struct cla_table *t, struct xnode *row)
{
    if (!t->n_xml_if)
        return true;
    for (size_t i = 0; i < t->n_xml_if; i++) {
        struct xnode *e = find_node(row, t->xml_if[i]);
        if (e && e->text && *e->text && (!t->xml_if_value[i] || !strcmp(e->text, t->xml_if_value[i])))
            return true;
    }
    return false;
}

static const struct cla_row *make_row(struct xreader *r, const struct cla_table *t, struct xnode *row)
{
    struct arena *a = &r->arena;
    struct cla_row *out = arena_alloc(a, sizeof *out);
    const char **cells = arena_alloc(a, t->n_columns * sizeof *cells);
    const char **paths = arena_alloc(a, t->n_columns * sizeof *paths);
    uint32_t *lines = arena_alloc(a, t->n_columns * sizeof *lines);
    struct strbuf p = STRBUF_INIT;

    out->xml_path = row->path;
    out->table = t;
    out->number = row->index ? row->index : 1;
    out->line = row->line;
    for (size_t k = 0; k < t->n_columns; k++) {
        const char *x = t->columns[k].xml;
        struct xnode *base = x[0] == '/' ? r->child : row;
        const char *rel = x[0] == '/' ? x + 1 : x;
        struct xnode *e = find_node(base, rel);
        if (e) {
            cells[k] = (e->text && *e->text) ? e->text : NULL;
            lines[k] = e->line;
            paths[k] = e->path;
        } else {
            /* where it would be */
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/%s", base->path, rel);
            cells[k] = NULL;
            lines[k] = 0;
            paths[k] = arena_strdup(a, p.buf);
        }
    }
    out->cells = cells;
    out->cell_paths = paths;
    out->cell_lines = lines;
    strbuf_release(&p);
    return out;
}

/* A CHILD is complete (its schema errors are in): map it and check it. */
static void child_done(struct xreader *r)
{
    struct val *v = r->v;
    const struct cla_spec *s = v->spec;
    struct cla_child c;

    memset(&c, 0, sizeof c);
    c.id = r->child_id;
    c.position = r->n_children;
    c.line = r->child->line;
    for (size_t t = 0; t < s->n_tables; t++) {
        const struct cla_table *tb = &s->tables[t];
        struct xnode **nodes = NULL;
        size_t n = 0, cap = 0, kept = 0;
        if (!tb->xml_row)
            continue;
        find_nodes(r->child, tb->xml_row, &r->arena, &nodes, &n, &cap);
        const struct cla_row **rows = arena_alloc(&r->arena, (n ? n : 1) * sizeof *rows);
        for (size_t i = 0; i < n; i++)
            if (row_present(tb, nodes[i]))
                rows[kept++] = make_row(r, tb, nodes[i]);
        c.rows[t] = rows;
        c.n_rows[t] = kept;
    }
    cla_v_check_child(v, &c);
    if (!v->scanning && c.id) {
        uint32_t first_line;
        size_t first_pos;
        if (id_set_add(r->ids, c.id, c.line, c.position, &first_line, &first_pos)) {
            struct strbuf d = STRBUF_INIT, path = STRBUF_INIT;
            const struct cla_row *h = c.n_rows[s->primary] ? c.rows[s->primary][0] : NULL;
            struct cla_loc loc = { NULL, 0, NULL };
            strbuf_addf(&d, "CHILD[%zu] (line %u) has the same CHILDID", first_pos, (unsigned)first_line);
            if (h) {
                loc = cla_row_loc(h, (int)h->table->id_column);
                cla_row_path(h, (int)h->table->id_column, &path);
            } else {
                strbuf_addf(&path, "EXPSSDA903/CHILD[%zu]", c.position);
            }
            cla_v_emit(v, &cla_check_dup, &c, h ? &loc : NULL, path.buf,
                 h ? cla_row_line(h, (int)h->table->id_column) : c.line, c.id, d.buf);
            strbuf_release(&d);
            strbuf_release(&path);
        }
    }
    r->child = NULL;
    r->child_id = NULL;
    arena_reset(&r->arena);
}

/* ---- element events ---- */

static unsigned count_name(struct xframe *parent, const char *name)
{
    for (unsigned i = 0; i < parent->n_names; i++)
        if (!strcmp(parent->names[i].name, name))
            return ++parent->names[i].count;
    if (parent->n_names >= FRAME_NAMES)
        return 0;
    if (parent->n_names == parent->names_cap) {
        parent->names_cap = parent->names_cap ? parent->names_cap * 2 : 8;
        parent->names = xreallocarray(parent->names, parent->names_cap, sizeof *parent->names);
    }
    struct name_count *nc = &parent->names[parent->n_names++];
    snprintf(nc->name, sizeof nc->name, "%s", name);
    nc->count = 1;
    return 1;
}

/* Pops the element whose end tag came last: its schema errors are in. */
static void on_settle(void *opaque)
{
    struct xreader *r = opaque;
    struct xframe *f = &r->frames[r->depth];

    if (f->is_child && r->child)
        child_done(r);
    if (f->path_len < r->path.len) {
        r->path.len = f->path_len;
        r->path.buf[r->path.len] = '\0';
    }
    f->node = NULL;
    f->is_child = false;
    r->depth--;
}

static void check_root(struct xreader *r, const char *name, uint32_t line)
{
    struct strbuf n = STRBUF_INIT;

    if (!strcmp(name, "EXPSSDA903"))
        return;
    xml_add_printable(&n, name, 64);
    if (!strcmp(name, "Message"))
        xml_reader_fail(r->xr, line, "this is a CIN census (root <Message>), not an SSDA903 return");
    else
        xml_reader_fail(r->xr, line, "the root element is <%s>, not <EXPSSDA903>: this is not an SSDA903 return",
                        n.buf);
    strbuf_release(&n);
}

/* Adds a node for an element inside a CHILD; NULL after failing. */
static struct xnode *add_node(struct xreader *r, struct xnode *parent, const char *name, uint32_t line,
                              unsigned idx)
{
    struct xnode *n = arena_alloc(&r->arena, sizeof *n);

    if (++r->child_elements > CLA_XML_MAX_CHILD_ELEMENTS) {
        xml_reader_fail(r->xr, line, "CHILD[%zu] has more than %d elements", r->n_children,
                        CLA_XML_MAX_CHILD_ELEMENTS);
        return NULL;
    }
    n->name = arena_strdup(&r->arena, name);
    n->line = line;
    n->index = idx;
    n->parent = parent;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
    return n;
}

/* Returns whether the element's text is kept: inside a CHILD only. */
static bool on_start(void *opaque, const char *name, const char *uri, uint32_t line)
{
    struct xreader *r = opaque;
    struct xframe *parent, *f;
    unsigned idx;

    (void)uri;
    if (r->depth == 0) {
        check_root(r, name, line);
        if (xml_reader_failed(r->xr))
            return false;
    }
    parent = &r->frames[r->depth];
    idx = count_name(parent, name);
    f = &r->frames[r->depth + 1];
    f->path_len = r->path.len;
    f->n_names = 0;
    f->node = NULL;
    f->is_child = false;

    if (r->depth == 1 && !strcmp(name, "CHILD")) {
        r->child = arena_alloc(&r->arena, sizeof *r->child);
        r->child->name = "CHILD";
        r->child->line = line;
        r->child->index = idx;
        r->n_children++;
        r->child_elements = 0;
        r->child_id = NULL;
        f->node = r->child;
        f->is_child = true;
    } else if (parent->node) {
        f->node = add_node(r, parent->node, name, line, idx);
        if (!f->node)
            return false;
    }
    if (r->path.len)
        strbuf_addch(&r->path, '/');
    strbuf_addstr(&r->path, name);
    if (idx > 1 || (idx && is_numbered(r->v, name)))
        strbuf_addf(&r->path, "[%u]", idx);
    if (f->node)
        f->node->path = arena_strndup(&r->arena, r->path.buf, r->path.len);
    r->depth++;
    return f->node != NULL;
}

static void on_end(void *opaque, const char *text, size_t len)
{
    struct xreader *r = opaque;
    struct xframe *f = &r->frames[r->depth];

    (void)len;
    if (f->node && !f->node->first) {
        f->node->text = arena_strdup(&r->arena, text);
        /* HEADER/CHILDID names the child */
        if (f->node->parent && f->node->parent->parent == r->child && !strcmp(f->node->name, "CHILDID")
            && !strcmp(f->node->parent->name, "HEADER") && !r->child_id)
            r->child_id = f->node->text;
    }
}

/* ---- driving the reader ---- */

static void x_release(struct xreader *r)
{
    xml_reader_free(r->xr);
    r->xr = NULL;
    for (int i = 0; i <= CLA_XML_MAX_DEPTH; i++)
        free(r->frames[i].names);
    arena_release(&r->arena);
    strbuf_release(&r->path);
    id_set_free(r->ids);
}

/* The year's compiled schema in *out; a cla_status. */
static int load_schema(struct val *v, struct xml_schemas *cache, int year, const struct xml_schema **out)
{
    struct strbuf path = STRBUF_INIT, why = STRBUF_INIT;
    int rc = CLA_OK;

    if (v->o->schema_dir)
        strbuf_addf(&path, "%s/cla_%d.xsd", v->o->schema_dir, year);
    else {
        char rel[64];
        snprintf(rel, sizeof rel, "specs/903/cla_%d.xsd", year);
        sr_data_path(&path, rel);
    }
    switch (xml_schemas_load(cache, path.buf, out, &why)) {
    case XML_SCHEMA_OK:
        break;
    case XML_SCHEMA_MISSING:
        cla_v_diag(v, "no SSDA903 XML schema for collection year %d ('%s' not found)", year, path.buf);
        rc = CLA_NO_YEAR;
        break;
    case XML_SCHEMA_UNREADABLE:
        cla_v_diag(v, "cannot read the schema '%s'", path.buf);
        rc = CLA_SPEC;
        break;
    default:
        cla_v_diag(v, "the schema '%s' does not compile: %s", path.buf, why.buf);
        rc = CLA_SPEC;
        break;
    }
    strbuf_release(&path);
    strbuf_release(&why);
    return rc;
}

/* One pass over the file: with `schema` (NULL when scanning). */
static int x_pass(struct xreader *r, const struct xml_schema *schema)
{
    int k;

    r->depth = 0;
    r->frames[0].n_names = 0;
    r->frames[0].node = NULL;
    r->frames[0].is_child = false;
    strbuf_reset(&r->path);
    r->n_children = 0;
    r->child = NULL;
    arena_reset(&r->arena);
    if (xml_reader_begin(r->xr, schema, false) != 0)
        return -1;
    while ((k = xml_reader_feed(r->xr)) > 0)
        ;
    return k;
}

static void reader_diag(struct val *v, const struct xreader *r)
{
    const char *d = xml_reader_error(r->xr);

    cla_v_diag(v, "%s", d ? d : "cannot read the file");
}

/* Without a year: a first pass without the schema collects the event
 * dates, then the file is read again from its first byte. */
static int scan_year(struct val *v, struct xreader *r, const char *path, int *year)
{
    int first, last, rc;
    char err[512];

    if (!xml_reader_seekable(r->xr)) {
        cla_v_diag(v, "%s: not a regular file (a pipe?): it cannot be read twice to find the collection year; "
                "give --year", path);
        return CLA_NO_YEAR;
    }
    if (cla_spec_years(v->o->spec_file, &first, &last, err, sizeof err) != 0) {
        cla_v_diag(v, "%s", err);
        return CLA_SPEC;
    }
    v->scanning = true;   /* nothing is reported while scanning */
    if ((rc = cla_v_prepare(v, last)) != CLA_OK)
        return rc;
    if (x_pass(r, NULL) != 0) {
        reader_diag(v, r);
        return CLA_INPUT;
    }
    v->scanning = false;
    cla_v_release(v);
    v->res->year = 0;
    if ((rc = cla_v_infer_year(v, path, year)) != CLA_OK)
        return rc;
    if (xml_reader_rewind(r->xr) != 0) {
        reader_diag(v, r);
        return CLA_INPUT;
    }
    return CLA_OK;
}

int cla_validate_xml(const char *path, const struct cla_validate_options *o, struct cla_result *res)
{
    struct val v;
    struct xreader r;
    struct xml_schemas *schemas = xml_schemas_new();
    const struct xml_schema *schema = NULL;
    struct xml_reader_config cfg = {
        .what = "SSDA903 files",
        .max_depth = CLA_XML_MAX_DEPTH,
        .max_name = CLA_XML_MAX_NAME,
        .max_text = CLA_XML_MAX_TEXT,
        .chunk = XCHUNK,
        .start = on_start,
        .end = on_end,
        .settle = on_settle,
        .schema_error = on_schema_error,
        .opaque = &r,
    };
    int rc = CLA_INPUT, year = o->year;

    cla_v_init(&v, o, res);
    memset(&r, 0, sizeof r);
    r.v = &v;
    strbuf_init(&r.path, 256);
    arena_init(&r.arena);
    r.ids = id_set_new();

    if (xml_reader_open(&r.xr, path, &cfg) != 0) {
        reader_diag(&v, &r);
        goto cleanup;
    }
    if (!year && (rc = scan_year(&v, &r, path, &year)) != CLA_OK)
        goto cleanup;
    if ((rc = cla_v_prepare(&v, year)) != CLA_OK)
        goto cleanup;
    cla_v_start_rules(&v, NULL);
    if (!o->on_child && (rc = load_schema(&v, schemas, year, &schema)) != CLA_OK)
        goto cleanup;
    if (x_pass(&r, schema) != 0) {
        /* findings so far stay; the return-level rules would judge a
         * partial return, so they do not run */
        reader_diag(&v, &r);
        res->children = r.n_children;
        rc = CLA_INPUT;
        goto cleanup;
    }
    res->children = r.n_children;
    if (v.run_rules)
        cla_engine_finish(v.eng);
    rc = CLA_OK;
cleanup:
    x_release(&r);          /* the reader before the schema it uses */
    xml_schemas_free(schemas);
    cla_v_release(&v);
    return rc;
}

/* ---- last year's return ---- */

/* Whether the file's first significant character (after a UTF-8 BOM and
 * white space) is '<'. */
static bool cla_path_is_xml(const char *path)
{
    unsigned char buf[4096];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t i = 0;

    if (fd < 0)
        return false;
    n = read(fd, buf, sizeof buf);
    close(fd);
    if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    while ((ssize_t)i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return (ssize_t)i < n && buf[i] == '<';
}

static void store_child(void *opaque, const struct cla_child *c)
{
    cla_store_add(opaque, c);
}

static void ignore_finding(void *opaque, const struct finding *f, const char *detail)
{
    (void)opaque;
    (void)f;
    (void)detail;
}

int cla_load_previous(const char *const *paths, size_t n, int year, struct cla_store **out,
                      struct cla_result *res)
{
    struct cla_validate_options o;
    struct cla_spec *spec = NULL;
    struct cla_store *st;
    struct stat sb;
    char err[1024];
    int rc;

    *out = NULL;
    memset(res, 0, sizeof *res);
    if (cla_spec_load_default(year, &spec, err, sizeof err) != CLA_SPEC_OK) {
        snprintf(res->diagnosis, sizeof res->diagnosis, "%s", err);
        return CLA_SPEC;
    }
    st = cla_store_new(spec);
    memset(&o, 0, sizeof o);
    o.year = year;
    o.on_finding = ignore_finding;
    o.on_child = store_child;
    o.opaque = st;
    if (n == 1 && stat(paths[0], &sb) == 0 && S_ISDIR(sb.st_mode))
        rc = cla_validate_dir(paths[0], &o, res);
    else if (n == 1 && cla_path_is_xml(paths[0]))
        rc = cla_validate_xml(paths[0], &o, res);
    else
        rc = cla_validate_csv(paths, n, &o, res);
    if (rc != CLA_OK) {
        cla_store_free(st);
        cla_spec_free(spec);
        return rc;
    }
    cla_store_set_year(st, year - 1);
    cla_store_own_spec(st, spec);
    *out = st;
    return CLA_OK;
}

/* ---- report adapter ---- */

/* Whether a finding's path only says in words what its table, row and
 * column say (a CSV finding: "Episodes row 12 / PL_POST"). */
static bool path_repeats_loc(const struct finding *f)
{
    struct cla_loc loc = { f->table, f->row, f->column };
    struct strbuf words = STRBUF_INIT;
    bool same;

    if (!f->table || !f->path)
        return false;
    cla_loc_path(&loc, &words);
    same = !strcmp(words.buf, f->path);
    strbuf_release(&words);
    return same;
}

/* The report has table, row and column columns: a path that repeats them
 * is left out (an XML element path, or a CSV place they cannot name such as
 * "Episodes row 3 / cell 14", stays). */
void cla_report_finding(void *report, const struct finding *f, const char *detail)
{
    struct finding g;

    if (!path_repeats_loc(f)) {
        report_finding_message(report, f, detail);
        return;
    }
    g = *f;
    g.path = NULL;
    report_finding_message(report, &g, detail);
}

const struct rule *const *cla_structural_checks(size_t *n)
{
    *n = sizeof structural / sizeof structural[0];
    return structural;
}
