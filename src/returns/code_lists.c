/*
 * The CIN census and SSDA903 code lists of one collection year, for other
 * returns (returns/code_lists.h).
 */
#include "returns/code_lists.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "returns/cin/cin_codes.h"
#include "returns/ssda903/cla_spec.h"

struct code_list {
    enum dfe_return r;
    enum cin_codelist cin;               /* DFE_CIN */
    const struct cla_codelist *cla;      /* DFE_SSDA903 */
    int year;
};

struct code_lists {
    int year;
    struct cla_spec *spec;
    struct code_list cin[CL__COUNT];
    struct code_list *cla;               /* one per list of spec */
};

struct code_lists *code_lists_load(int year, struct strbuf *err)
{
    char why[512];
    int first, last;

    if (cla_spec_years(NULL, &first, &last, why, sizeof why) != 0) {
        strbuf_addf(err, "the SSDA903 code lists cannot be read: %s", why);
        return NULL;
    }
    struct code_lists *cl = xcalloc(1, sizeof *cl);
    cl->year = year < first ? first : year > last ? last : year;
    if (cla_spec_load_default(cl->year, &cl->spec, why, sizeof why) != CLA_SPEC_OK) {
        strbuf_addf(err, "the SSDA903 code lists cannot be read: %s", why);
        free(cl);
        return NULL;
    }
    for (int i = 0; i < CL__COUNT; i++)
        cl->cin[i] = (struct code_list){ DFE_CIN, (enum cin_codelist)i, NULL, cl->year };
    cl->cla = xcalloc(cl->spec->n_lists ? cl->spec->n_lists : 1, sizeof *cl->cla);
    for (size_t i = 0; i < cl->spec->n_lists; i++)
        cl->cla[i] = (struct code_list){ DFE_SSDA903, CL__COUNT, &cl->spec->lists[i], cl->year };
    return cl;
}

void code_lists_free(struct code_lists *cl)
{
    if (!cl)
        return;
    cla_spec_free(cl->spec);
    free(cl->cla);
    free(cl);
}

int code_lists_year(const struct code_lists *cl)
{
    return cl->year;
}

const struct code_list *code_lists_find(const struct code_lists *cl, enum dfe_return r, const char *name)
{
    if (r == DFE_CIN) {
        for (int i = 0; i < CL__COUNT; i++)
            if (!strcmp(cin_codelist_name((enum cin_codelist)i), name))
                return &cl->cin[i];
    } else {
        for (size_t i = 0; i < cl->spec->n_lists; i++)
            if (!strcmp(cl->spec->lists[i].name, name))
                return &cl->cla[i];
    }
    return NULL;
}

bool code_list_has(const struct code_list *l, const char *value)
{
    if (l->r == DFE_CIN)
        return cin_code_valid(l->cin, value, l->year);
    return cla_code_in(l->cla, value);
}
