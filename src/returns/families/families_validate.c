/*
 * Validation of Supporting Families files against their layouts, for
 * `statreturn validate` and for the build's check of its own file before
 * it is committed (the role the XSD plays for the CIN census).
 *
 * A file is recognised by its header row: it must equal, cell for cell,
 * the header of a shipped layout (specs/families/layout_nis.conf or
 * layout_fpd.conf).  Then every row is checked: one value per column,
 * required columns filled, each value in its column's format (types, code
 * lists, ranges), and the row key (the layout's unique columns) unique in
 * the file.  Findings go to the shared report as rules SF01..SF04; they
 * name the row by its key, which is the council's person id or its
 * pseudonym (the analyst must find the row), and never show other values
 * unless --show-values.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "returns/families/families.h"
#include "core/paths.h"
#include "core/xalloc.h"

static const struct rule rule_width = {
    .code = "SF01", .type = RULE_ERROR, .module = "Row",
    .message = "The row does not have one value for each column of the layout",
};
static const struct rule rule_required = {
    .code = "SF02", .type = RULE_ERROR, .module = "Column",
    .message = "A column that the layout marks required is empty",
};
static const struct rule rule_format = {
    .code = "SF03", .type = RULE_ERROR, .module = "Column",
    .message = "A value does not fit its column's format in the layout (type, code list or range)",
};
static const struct rule rule_unique = {
    .code = "SF04", .type = RULE_ERROR, .module = "Row",
    .message = "The row key (the layout's unique columns) is not unique in the file",
};

/* Where a finding is: the file's table ("NIS", "FPD"), the data row, and
 * the layout's column (NULL for a finding about the row). */
struct place {
    const char *table;
    size_t row;
    const char *column;
};

static void emit(finding_fn fn, void *opaque, const struct rule *rule, const char *key, const struct place *at,
                 unsigned long line, const char *path, const char *value)
{
    struct finding f = {
        .rule = rule, .la_child_id = key, .source_key = NULL, .child_position = at->row, .episode_position = 0,
        .referral_date = SR_DATE_NONE, .path = path,
        .line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line, .value = value,
        .table = at->table, .row = at->row, .column = at->column,
    };
    fn(opaque, &f);
}

/* The first header cell may carry a UTF-8 byte-order mark (spreadsheets). */
static const char *cell0(const char *s)
{
    return (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF ? s + 3 : s;
}

/* Leaves why empty when the reader's current record is the layout's header
 * row, else describes the first difference. */
static void header_difference(struct csv_reader *r, const struct families_layout *l, struct strbuf *why)
{
    size_t n = csv_reader_nfields(r);
    for (size_t i = 0; i < l->n_cols; i++) {
        const char *cell = i < n ? csv_reader_field(r, i) : NULL;
        if (cell && i == 0)
            cell = cell0(cell);
        if (!cell) {
            strbuf_addf(why, "the header has %zu columns, the layout %zu", n, l->n_cols);
            return;
        }
        if (strcmp(cell, l->cols[i].name) != 0) {
            strbuf_addf(why, "header column %zu is not '%s'", i + 1, l->cols[i].name);
            return;
        }
    }
    if (n != l->n_cols)
        strbuf_addf(why, "the header has %zu columns, the layout %zu", n, l->n_cols);
}

static enum fam_validate_result check_rows(struct csv_reader *r, const char *path,
                                           const struct families_layout *l, finding_fn fn, void *opaque,
                                           size_t *rows, struct strbuf *diag)
{
    struct id_set *keys = id_set_new();
    struct strbuf key = STRBUF_INIT, where = STRBUF_INIT, broken = STRBUF_INIT;
    enum fam_validate_result res = FAM_VALID_OK;
    int k;

    *rows = 0;
    while ((k = families_csv_next(r, &broken)) == 1) {
        size_t n = csv_reader_nfields(r), row = ++*rows;
        unsigned long line = csv_reader_line(r);
        struct place at = { l->kind == FAM_NIS ? "NIS" : "FPD", row, NULL };

        strbuf_reset(&key);
        bool key_complete = true;
        for (size_t i = 0; i < l->n_cols; i++) {
            if (!l->cols[i].unique)
                continue;
            const char *v = i < n ? csv_reader_field(r, i) : "";
            if (!*v)
                key_complete = false;
            if (key.len)
                strbuf_addch(&key, '/');
            strbuf_addstr(&key, v);
        }
        if (n != l->n_cols) {
            strbuf_reset(&where);
            strbuf_addf(&where, "row %zu: %zu values for %zu columns", row, n, l->n_cols);
            emit(fn, opaque, &rule_width, key.buf, &at, line, where.buf, NULL);
            continue;
        }
        for (size_t i = 0; i < l->n_cols; i++) {
            const struct fam_column *c = &l->cols[i];
            const char *v = csv_reader_field(r, i);
            at.column = c->name;
            if (!*v) {
                if (c->required) {
                    strbuf_reset(&where);
                    strbuf_addf(&where, "%s: is empty but required", c->name);
                    emit(fn, opaque, &rule_required, key.buf, &at, line, where.buf, NULL);
                }
                continue;
            }
            const char *why = c->treatment == TR_DROP ? "is not empty, but the layout drops this column"
                                                      : fam_value_problem(&c->format, v);
            if (why) {
                strbuf_reset(&where);
                strbuf_addf(&where, "%s: %s (%s)", c->name, why, c->format.spec);
                emit(fn, opaque, &rule_format, key.buf, &at, line, where.buf, v);
            }
        }
        if (key_complete) {
            uint32_t first_line = 0;
            size_t first_row = 0;
            if (id_set_add(keys, key.buf, line > UINT32_MAX ? UINT32_MAX : (uint32_t)line, row, &first_line,
                           &first_row)) {
                strbuf_reset(&where);
                strbuf_addf(&where, "row %zu: the same key as row %zu (line %u)", row, first_row, first_line);
                at.column = NULL;
                emit(fn, opaque, &rule_unique, key.buf, &at, line, where.buf, NULL);
            }
        }
    }
    if (k < 0) {
        strbuf_addf(diag, "%s: %s", path, broken.buf);
        res = FAM_VALID_INPUT;
    }
    id_set_free(keys);
    strbuf_release(&key);
    strbuf_release(&where);
    strbuf_release(&broken);
    return res;
}

enum fam_validate_result families_validate_with(const char *path, const struct families_layout *l,
                                                finding_fn fn, void *opaque, size_t *rows, struct strbuf *diag)
{
    FILE *f = fopen(path, "rb");
    struct csv_reader *r;
    struct strbuf why = STRBUF_INIT;
    enum fam_validate_result res;

    *rows = 0;
    if (!f) {
        strbuf_addf(diag, "cannot open '%s': %s", path, strerror(errno));
        return FAM_VALID_INPUT;
    }
    r = csv_reader_new(&families_csv_dialect, f);
    int k = families_csv_next(r, &why);
    if (k <= 0) {
        strbuf_addf(diag, "%s: %s", path, k == 0 ? "the file is empty (no header row)" : why.buf);
        res = FAM_VALID_INPUT;
        goto cleanup;
    }
    header_difference(r, l, &why);
    if (why.len) {
        strbuf_addf(diag, "%s: not a file of layout %s: %s", path, l->path, why.buf);
        res = FAM_VALID_INPUT;
        goto cleanup;
    }
    res = check_rows(r, path, l, fn, opaque, rows, diag);

cleanup:
    csv_reader_free(r);
    fclose(f);
    strbuf_release(&why);
    return res;
}

/* Loads the shipped layout of a kind; -1 with diag on failure. */
static int load_shipped(struct families_layout *l, const char *layout_dir, enum families_kind kind,
                        struct strbuf *diag)
{
    struct strbuf path = STRBUF_INIT, purposes = STRBUF_INIT;
    char err[1024];
    int rc = 0;

    if (layout_dir)
        strbuf_addf(&path, "%s/layout_%s.conf", layout_dir, families_kind_name(kind));
    else {
        struct strbuf rel = STRBUF_INIT;
        strbuf_addf(&rel, "specs/families/layout_%s.conf", families_kind_name(kind));
        sr_data_path(&path, rel.buf);
        strbuf_release(&rel);
    }
    sr_data_path(&purposes, "specs/purposes.conf");
    if (families_layout_load(l, path.buf, purposes.buf, kind, err, sizeof err) != 0) {
        if (diag)
            strbuf_addf(diag, "layout rejected: %s", err);
        rc = -1;
    }
    strbuf_release(&path);
    strbuf_release(&purposes);
    return rc;
}

bool families_recognise_first_cell(const char *first_cell_upper)
{
    bool found = false;
    for (int k = 0; k < FAM__KINDS && !found; k++) {
        struct families_layout l;
        if (load_shipped(&l, NULL, (enum families_kind)k, NULL) != 0)
            continue;
        const char *name = l.cols[0].name;
        size_t n = strlen(first_cell_upper);
        /* validate.c's sniff keeps at most 31 characters. */
        found = n > 0 && !strncasecmp(name, first_cell_upper, n) && (strlen(name) == n || n >= 31);
        families_layout_release(&l);
    }
    return found;
}

enum fam_validate_result families_validate_file(const char *path, const char *layout_dir, finding_fn fn,
                                                void *opaque, size_t *rows, struct strbuf *diag)
{
    FILE *f;
    struct csv_reader *r;
    struct families_layout layouts[FAM__KINDS];
    bool loaded[FAM__KINDS] = { false };
    struct strbuf why = STRBUF_INIT;
    enum fam_validate_result res = FAM_VALID_INPUT;
    int match = -1;

    *rows = 0;
    f = fopen(path, "rb");
    if (!f) {
        strbuf_addf(diag, "cannot open '%s': %s", path, strerror(errno));
        return FAM_VALID_INPUT;
    }
    r = csv_reader_new(&families_csv_dialect, f);
    int k = families_csv_next(r, &why);
    if (k <= 0) {
        strbuf_addf(diag, "%s: %s", path, k == 0 ? "the file is empty (no header row)" : why.buf);
        goto cleanup;
    }
    for (int i = 0; i < FAM__KINDS && match < 0; i++) {
        if (load_shipped(&layouts[i], layout_dir, (enum families_kind)i, diag) != 0) {
            res = FAM_VALID_SPEC;
            goto cleanup;
        }
        loaded[i] = true;
        strbuf_reset(&why);
        header_difference(r, &layouts[i], &why);
        if (!why.len)
            match = i;
    }
    if (match < 0) {
        strbuf_addf(diag, "%s: the header row is not that of a Supporting Families layout", path);
        for (int i = 0; i < FAM__KINDS; i++) {
            strbuf_reset(&why);
            header_difference(r, &layouts[i], &why);
            strbuf_addf(diag, "%s %s layout: %s", i ? ";" : " (", families_kind_name((enum families_kind)i),
                        why.buf);
        }
        strbuf_addch(diag, ')');
        goto cleanup;
    }
    res = check_rows(r, path, &layouts[match], fn, opaque, rows, diag);

cleanup:
    for (int i = 0; i < FAM__KINDS; i++)
        if (loaded[i])
            families_layout_release(&layouts[i]);
    csv_reader_free(r);
    fclose(f);
    strbuf_release(&why);
    return res;
}
