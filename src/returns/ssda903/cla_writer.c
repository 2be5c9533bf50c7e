/*
 * Writers of the SSDA903 return: the EXPSSDA903 XML document and the DfE
 * CSV files; see cla_build.h.  Both stream, one child at a time.
 *
 * XML (written by io/xml_writer): the element order and nesting are those
 * of specs/903/cla_<year>.xsd
 * (every group there is an xs:sequence, so order matters, and it is not
 * the CSV column order: the HEADER interleaves Header, UASC, AD1, OC3 and
 * the review/missing/permanence/OC2/placed-for-adoption groups).  That
 * order is the layout table below; element names come from the xml= entries
 * of tables.conf (CHILD -> CHILDID, PLACE -> PL).  Opening the writer
 * checks that the layout places every column of every table the spec puts
 * in the XML, so a column DfE adds to tables.conf without a place here stops
 * the build instead of vanishing.  Elements the schema requires even when
 * blank (UPN, UASC, DEC, REC) are always written; other blank values are
 * left out.  SWEpisodes are not in the XML (xml=none; separate DfE schema).
 *
 * CSV: the exact DfE header row (cla_table_header_row), RFC 4180 quoting,
 * CRLF line ends (the line end of DfE's own CSV templates and of files
 * saved by Excel, which councils commonly upload; the 903 validator reads
 * CRLF and LF alike), UTF-8 without a byte-order mark (COLLECT and the
 * public 903 validators read plain UTF-8; a BOM would become part of the
 * first header cell "CHILD" for readers that do not strip it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/ssda903/cla_build.h"
#include "core/xalloc.h"
#include "io/csv.h"
#include "io/xml_writer.h"

enum item_kind {
    IT_LEAF,          /* written when it has a value */
    IT_ALWAYS,        /* written even when blank (the schema requires it) */
    IT_UASC,          /* HEADER/UASC (Header.UASC, xml-only): its value when the row
                         has one, else 1 when the child has a UASC row, else 0 */
    IT_GROUP,         /* one element per row of `table`; its leaves follow */
    IT_END            /* end of a group's leaves */
};

struct item {
    enum item_kind kind;
    const char *table, *column;
};

static const struct item header_layout[] = {
    { IT_LEAF, "Header", "CHILD" },
    { IT_ALWAYS, "Header", "UPN" },
    { IT_LEAF, "Header", "SEX" },
    { IT_LEAF, "Header", "DOB" },
    { IT_LEAF, "Header", "ETHNIC" },
    { IT_UASC, "Header", "UASC" },
    { IT_LEAF, "UASC", "DUC" },
    { IT_LEAF, "AD1", "DATE_INT" },
    { IT_LEAF, "AD1", "DATE_MATCH" },
    { IT_LEAF, "AD1", "FOSTER_CARE" },
    { IT_LEAF, "AD1", "NB_ADOPTR" },
    { IT_LEAF, "AD1", "SEX_ADOPTR" },
    { IT_LEAF, "AD1", "LS_ADOPTR" },
    { IT_LEAF, "OC3", "IN_TOUCH" },
    { IT_LEAF, "OC3", "ACTIV" },
    { IT_LEAF, "OC3", "ACCOM" },
    { IT_GROUP, "Missing", NULL },
    { IT_LEAF, "Missing", "MISSING" },
    { IT_LEAF, "Missing", "MIS_START" },
    { IT_LEAF, "Missing", "MIS_END" },
    { IT_END, NULL, NULL },
    { IT_GROUP, "Reviews", NULL },
    { IT_LEAF, "Reviews", "REVIEW" },
    { IT_LEAF, "Reviews", "REVIEW_CODE" },
    { IT_END, NULL, NULL },
    { IT_LEAF, "Header", "MOTHER" },
    { IT_LEAF, "Header", "MC_DOB" },
    { IT_GROUP, "PrevPerm", NULL },
    { IT_LEAF, "PrevPerm", "PREV_PERM" },
    { IT_LEAF, "PrevPerm", "LA_PERM" },
    { IT_LEAF, "PrevPerm", "DATE_PERM" },
    { IT_END, NULL, NULL },
    { IT_GROUP, "OC2", NULL },
    { IT_LEAF, "OC2", "SDQ_SCORE" },
    { IT_LEAF, "OC2", "SDQ_REASON" },
    { IT_LEAF, "OC2", "CONVICTED" },
    { IT_LEAF, "OC2", "HEALTH_CHECK" },
    { IT_LEAF, "OC2", "IMMUNISATIONS" },
    { IT_LEAF, "OC2", "TEETH_CHECK" },
    { IT_LEAF, "OC2", "HEALTH_ASSESSMENT" },
    { IT_LEAF, "OC2", "SUBSTANCE_MISUSE" },
    { IT_LEAF, "OC2", "INTERVENTION_RECEIVED" },
    { IT_LEAF, "OC2", "INTERVENTION_OFFERED" },
    { IT_END, NULL, NULL },
    { IT_GROUP, "PlacedAdoption", NULL },
    { IT_LEAF, "PlacedAdoption", "DATE_PLACED" },
    { IT_LEAF, "PlacedAdoption", "DATE_PLACED_CEASED" },
    { IT_LEAF, "PlacedAdoption", "REASON_PLACED_CEASED" },
    { IT_END, NULL, NULL },
};

static const struct item episode_layout[] = {
    { IT_LEAF, "Episodes", "DECOM" },
    { IT_LEAF, "Episodes", "RNE" },
    { IT_LEAF, "Episodes", "LS" },
    { IT_LEAF, "Episodes", "CIN" },
    { IT_LEAF, "Episodes", "PLACE" },
    { IT_LEAF, "Episodes", "PL_POST" },
    { IT_LEAF, "Episodes", "HOME_POST" },
    { IT_LEAF, "Episodes", "URN" },
    { IT_LEAF, "Episodes", "PLACE_PROVIDER" },
    { IT_ALWAYS, "Episodes", "DEC" },
    { IT_ALWAYS, "Episodes", "REC" },
    { IT_LEAF, "Episodes", "REASON_PLACE_CHANGE" },
};

#define N_HEADER (sizeof header_layout / sizeof header_layout[0])
#define N_EPISODE (sizeof episode_layout / sizeof episode_layout[0])

/* An item resolved against the year's spec. */
struct slot {
    int table, column;       /* -1 when the spec lacks it */
    const char *element;     /* element name */
};

struct cla_xml_writer {
    struct xml_writer *x;
    const struct cla_spec *spec;
    struct slot header[N_HEADER], episode[N_EPISODE];
    int episodes_table, uasc_table;
};

/* "HEADER/AREVIEW" -> "AREVIEW" */
static const char *last_step(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int resolve(const struct cla_spec *spec, const struct item *it, struct slot *sl, bool *covered,
                   char *err, size_t errlen)
{
    sl->table = sl->column = -1;
    sl->element = NULL;
    if (it->kind == IT_END)
        return 0;
    const struct cla_table *t = cla_spec_table(spec, it->table);
    if (!t)
        return 0;   /* a table the year does not have: nothing to write */
    sl->table = cla_spec_table_index(spec, t);
    if (it->kind == IT_GROUP) {
        sl->element = t->xml_row ? last_step(t->xml_row) : NULL;
        if (!sl->element) {
            snprintf(err, errlen, "903 table %s has no XML element in tables.conf", t->name);
            return -1;
        }
        return 0;
    }
    sl->column = cla_table_column(t, it->column);
    if (it->kind == IT_UASC && sl->column < 0) {
        sl->element = "UASC";   /* a spec without Header.UASC: still derived */
        return 0;
    }
    if (sl->column < 0)
        return 0;
    const struct cla_column *c = &t->columns[sl->column];
    sl->element = c->xml && c->xml[0] != '/' ? last_step(c->xml) : c->name;
    covered[(size_t)sl->table * CLA_MAX_COLUMNS + (size_t)sl->column] = true;
    return 0;
}

struct cla_xml_writer *cla_xml_open(FILE *fp, const struct cla_spec *spec, char *err, size_t errlen)
{
    bool *covered = xcalloc(CLA_MAX_TABLES * CLA_MAX_COLUMNS, sizeof *covered);
    struct cla_xml_writer *w = xcalloc(1, sizeof *w);

    w->spec = spec;
    for (size_t i = 0; i < N_HEADER; i++)
        if (resolve(spec, &header_layout[i], &w->header[i], covered, err, errlen) != 0)
            goto fail;
    for (size_t i = 0; i < N_EPISODE; i++)
        if (resolve(spec, &episode_layout[i], &w->episode[i], covered, err, errlen) != 0)
            goto fail;
    const struct cla_table *ep = cla_spec_table(spec, "Episodes");
    w->episodes_table = ep ? cla_spec_table_index(spec, ep) : -1;
    const struct cla_table *uasc = cla_spec_table(spec, "UASC");
    w->uasc_table = uasc ? cla_spec_table_index(spec, uasc) : -1;
    /* Every column of every XML table is placed, except the child id and
     * the values repeated from HEADER (xml=/HEADER/...). */
    for (size_t t = 0; t < spec->n_tables; t++) {
        const struct cla_table *tb = &spec->tables[t];
        if (!tb->xml_row)
            continue;
        for (size_t c = 0; c < tb->n_columns; c++) {
            const struct cla_column *col = &tb->columns[c];
            if ((c == tb->id_column && !tb->primary) || (col->xml && col->xml[0] == '/') || col->same_column >= 0)
                continue;
            if (!covered[t * CLA_MAX_COLUMNS + c]) {
                snprintf(err, errlen, "903 column %s.%s (tables.conf line %u) has no place in the XML writer's "
                         "element order; statreturn needs updating for this year", tb->name, col->name,
                         (unsigned)col->spec_line);
                goto fail;
            }
        }
    }
    free(covered);
    covered = NULL;
    if (!(w->x = xml_writer_open(fp, "EXPSSDA903", err, errlen)))
        goto fail;
    return w;
fail:
    free(covered);
    cla_xml_free(w);
    return NULL;
}

static void start(struct cla_xml_writer *w, const char *name)
{
    xml_writer_start(w->x, name);
}

static void end(struct cla_xml_writer *w)
{
    xml_writer_end(w->x);
}

static void leaf(struct cla_xml_writer *w, const char *name, const char *value, bool always)
{
    if (!value || !*value) {
        if (always)
            xml_writer_element(w->x, name, "");
        return;
    }
    xml_writer_element(w->x, name, value);
}

/* The value of slot sl in row r of the child (NULL when absent). */
static const char *slot_value(const struct cla_child *c, const struct slot *sl, size_t r)
{
    if (sl->table < 0 || sl->column < 0 || c->n_rows[sl->table] <= r)
        return NULL;
    return c->rows[sl->table][r]->cells[sl->column];
}

int cla_xml_child(struct cla_xml_writer *w, const struct cla_child *c)
{
    start(w, "CHILD");
    start(w, "HEADER");
    for (size_t i = 0; i < N_HEADER; i++) {
        const struct item *it = &header_layout[i];
        const struct slot *sl = &w->header[i];
        switch (it->kind) {
        case IT_LEAF:
        case IT_ALWAYS:
            if (sl->element)
                leaf(w, sl->element, slot_value(c, sl, 0), it->kind == IT_ALWAYS);
            break;
        case IT_UASC: {
            /* Rows from the replica have no value: a UASC row says it. */
            const char *flag = sl->column >= 0 ? slot_value(c, sl, 0) : NULL;
            if (!flag)
                flag = w->uasc_table >= 0 && c->n_rows[w->uasc_table] ? "1" : "0";
            leaf(w, sl->element, flag, true);
            break;
        }
        case IT_GROUP: {
            size_t first = i + 1, last = first;
            while (header_layout[last].kind != IT_END)
                last++;
            size_t n = sl->table >= 0 ? c->n_rows[sl->table] : 0;
            for (size_t r = 0; r < n; r++) {
                start(w, sl->element);
                for (size_t k = first; k < last; k++)
                    if (w->header[k].element)
                        leaf(w, w->header[k].element, slot_value(c, &w->header[k], r),
                             header_layout[k].kind == IT_ALWAYS);
                end(w);
            }
            i = last;
            break;
        }
        case IT_END:
            break;
        }
    }
    end(w);
    size_t n = w->episodes_table >= 0 ? c->n_rows[w->episodes_table] : 0;
    for (size_t r = 0; r < n; r++) {
        start(w, "EPISODE");
        for (size_t i = 0; i < N_EPISODE; i++)
            if (w->episode[i].element)
                leaf(w, w->episode[i].element, slot_value(c, &w->episode[i], r),
                     episode_layout[i].kind == IT_ALWAYS);
        end(w);
    }
    end(w);
    return xml_writer_failed(w->x) ? -1 : 0;
}

int cla_xml_finish(struct cla_xml_writer *w)
{
    return xml_writer_finish(w->x);
}

void cla_xml_free(struct cla_xml_writer *w)
{
    if (!w)
        return;
    xml_writer_free(w->x);
    free(w);
}

/* ---- CSV ----------------------------------------------------------------------------- */

int cla_csv_header(FILE *fp, const struct cla_table *t)
{
    struct strbuf sb = STRBUF_INIT;
    cla_table_header_row(t, &sb);
    strbuf_addstr(&sb, "\r\n");
    size_t n = fwrite(sb.buf, 1, sb.len, fp);
    int ret = n == sb.len ? 0 : -1;
    strbuf_release(&sb);
    return ret;
}

int cla_csv_rows(FILE *fp, const struct cla_child *c, size_t table_index, struct strbuf *scratch)
{
    for (size_t r = 0; r < c->n_rows[table_index]; r++) {
        const struct cla_row *row = c->rows[table_index][r];
        strbuf_reset(scratch);
        for (size_t k = 0; k < row->table->n_csv_columns; k++) {
            if (k)
                strbuf_addch(scratch, ',');
            /* The value as it is (never the report's formula guard: DfE
             * checks the values); a cell with a space at either end is
             * quoted, so that readers that trim keep it. */
            csv_cell(scratch, row->cells[k], CSV_CELL_QUOTE_EDGE_SPACES);
        }
        strbuf_addstr(scratch, "\r\n");
        if (fwrite(scratch->buf, 1, scratch->len, fp) != scratch->len)
            return -1;
    }
    return 0;
}
