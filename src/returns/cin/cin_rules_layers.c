/*
 * Year layers of the CIN validation rules.
 *
 * The base layer is the DfE rule set for 2024-25 (collection year 2025):
 * 109 rules, 83 errors and 26 queries, and statreturn's own checks
 * (cin_rules_own: SR-YEAR, the header Year).  Each later year lists only what it
 * adds, replaces (same code, new definition) or removes, so a new year is a
 * short table here plus its new rule functions.  2026-27 adds the twelve
 * rules of the pre-proceedings module (8 errors, 4 queries): 121 DfE rules.
 */
#include <stdio.h>
#include <string.h>

#include "returns/cin/cin_rules.h"
#include "core/xalloc.h"

enum layer_action { LAYER_ADD, LAYER_REPLACE, LAYER_REMOVE };

struct layer_entry {
    enum layer_action action;
    const char *code;                 /* for REMOVE */
    const struct cin_rule *rule;      /* for ADD and REPLACE */
};

struct layer {
    int year;
    const struct cin_rule *const *tables;   /* whole tables added (base layer) */
    const struct layer_entry *entries;
    size_t n_entries;
};

static const struct cin_rule *const base_tables[] = {
    cin_rules_identifiers, cin_rules_episodes, cin_rules_assessments, cin_rules_protection, cin_rules_own, NULL,
};

static const struct cin_rule *const tables_2027[] = { cin_rules_preproceedings, NULL };

/* 2025-26: DfE made no change to the rules that we can see in the public
 * record (the 26 Nov 2025 update to the rules spreadsheet is not public);
 * the layer exists so the year is supported and the next change lands here.
 * 2026-27: the pre-proceedings module's rules (8995Q, 9000Q, 9005-9013,
 * 9015Q); no change to the earlier rules has been seen. */
static const struct layer layers[] = {
    { 2025, base_tables, NULL, 0 },
    { 2026, NULL, NULL, 0 },
    { 2027, tables_2027, NULL, 0 },
};

#define N_LAYERS (sizeof layers / sizeof layers[0])

void rule_years_supported(int *first, int *last)
{
    *first = layers[0].year;
    *last = layers[N_LAYERS - 1].year;
}

static size_t find(const struct rule_set *rs, const char *code)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->rules[i]->rule.code, code))
            return i;
    return (size_t)-1;
}

int rule_set_for_year(struct rule_set *rs, int year, char *err, size_t errlen)
{
    size_t cap = 0;
    int first, last;

    rs->rules = NULL;
    rs->n = 0;
    rs->year = year;
    rule_years_supported(&first, &last);
    if (year < first || year > last) {
        snprintf(err, errlen, "no CIN validation rules for collection year %d (supported: %d to %d)",
                 year, first, last);
        return -1;
    }
    for (size_t l = 0; l < N_LAYERS && layers[l].year <= year; l++) {
        const struct layer *ly = &layers[l];
        for (size_t t = 0; ly->tables && ly->tables[t]; t++) {
            for (const struct cin_rule *r = ly->tables[t]; r->rule.code; r++) {
                ALLOC_GROW(rs->rules, rs->n, cap);
                rs->rules[rs->n++] = r;
            }
        }
        for (size_t i = 0; i < ly->n_entries; i++) {
            const struct layer_entry *en = &ly->entries[i];
            size_t at = find(rs, en->rule ? en->rule->rule.code : en->code);
            switch (en->action) {
            case LAYER_ADD:
                ALLOC_GROW(rs->rules, rs->n, cap);
                rs->rules[rs->n++] = en->rule;
                break;
            case LAYER_REPLACE:
                if (at != (size_t)-1)
                    rs->rules[at] = en->rule;
                break;
            case LAYER_REMOVE:
                if (at != (size_t)-1) {
                    memmove(&rs->rules[at], &rs->rules[at + 1], (rs->n - at - 1) * sizeof *rs->rules);
                    rs->n--;
                }
                break;
            }
        }
    }
    return 0;
}
