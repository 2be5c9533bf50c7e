/*
 * Findings a profile's own treatment causes; see returns/expected.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "returns/expected.h"

void expected_init(struct expected_set *es, const struct policy *p, const struct expected_cause *table, size_t n)
{
    memset(es, 0, sizeof *es);
    es->policy = p;
    es->active = xcalloc(n ? n : 1, sizeof *es->active);
    for (size_t i = 0; i < n; i++) {
        size_t f = catalogue_find(p->catalogue, table[i].field);
        if (f != (size_t)-1 && policy_treatment(p, f) == table[i].treatment)
            es->active[es->n_active++] = &table[i];
    }
}

void expected_release(struct expected_set *es)
{
    free(es->active);
    memset(es, 0, sizeof *es);
}

/* True when word is one of the space-separated words of list. */
static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* The finding's column: its own, or else the last step of its path
 * ("EXPSSDA903/CHILD[3]/EPISODE[2]/HOME_POST"). */
static const char *finding_column(const struct finding *f)
{
    if (f->column)
        return f->column;
    if (!f->path)
        return NULL;
    const char *last = strrchr(f->path, '/');
    last = last ? last + 1 : f->path;
    while (*last == ' ')
        last++;
    return last;
}

const struct expected_cause *expected_cause_of(const struct expected_set *es, const struct finding *f)
{
    if (!f->rule || !f->rule->code)
        return NULL;
    for (size_t i = 0; i < es->n_active; i++) {
        const struct expected_cause *c = es->active[i];
        if (!word_in(c->rules, f->rule->code))
            continue;
        if (!c->columns)
            return c;
        const char *col = finding_column(f);
        if (col && word_in(c->columns, col))
            return c;
    }
    return NULL;
}

/* "drops FIELD", "moves FIELD to the 1st of its month", ... */
static void what_it_does(struct strbuf *out, enum treatment t, const char *field)
{
    switch (t) {
    case TR_DROP: strbuf_addf(out, "drops %s", field); break;
    case TR_MONTH: strbuf_addf(out, "moves %s to the 1st of its month", field); break;
    case TR_SECTOR: strbuf_addf(out, "cuts %s to its postcode sector", field); break;
    default: strbuf_addf(out, "treats %s as '%s'", field, treatment_name(t)); break;
    }
}

bool expected_mark(struct expected_set *es, const struct finding *f, const char *detail, struct finding *g,
                   struct strbuf *msg)
{
    const struct expected_cause *c = expected_cause_of(es, f);

    if (!c)
        return false;
    strbuf_reset(msg);
    if (detail && *detail)
        strbuf_addf(msg, "%s; ", detail);
    strbuf_addf(msg, "expected for this profile: policy '%s' ", es->policy->name);
    what_it_does(msg, c->treatment, c->field);
    *g = *f;
    g->expected = true;
    g->message = msg->buf;
    es->count++;
    return true;
}

bool expected_table_ok(const struct expected_cause *table, size_t n, const struct field_catalogue *cat,
                       const char **bad)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = catalogue_find(cat, table[i].field);
        bool ok = f != (size_t)-1 && table[i].rules && *table[i].rules;
        if (ok && table[i].treatment == TR_SECTOR)
            ok = cat->fields[f].kind == FK_POSTCODE;
        if (ok && table[i].treatment == TR_MONTH)
            ok = cat->fields[f].kind == FK_DATE;
        if (!ok) {
            *bad = table[i].field;
            return false;
        }
    }
    return true;
}
