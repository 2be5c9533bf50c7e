/*
 * Construction helpers for the CIN record (cin_record.h): arrays that grow
 * inside the per-child arena, and value setting with date parsing.
 */
#include <stdlib.h>
#include <string.h>

#include "returns/cin/cin_record.h"

int cin_bool(const struct cin_value *v)
{
    if (!v->text)
        return -1;
    /* Exactly the forms of DfE rule 8568 and our schema's YesNoType. */
    if (!strcmp(v->text, "1") || !strcmp(v->text, "true"))
        return 1;
    if (!strcmp(v->text, "0") || !strcmp(v->text, "false"))
        return 0;
    return -1;
}

void cin_value_clear(struct cin_value *v)
{
    v->text = NULL;
    v->date = SR_DATE_NONE;
    v->line = 0;
}

void cin_value_set(struct arena *a, struct cin_value *v, const char *text, uint32_t line, bool is_date)
{
    v->text = text ? arena_strdup(a, text) : NULL;
    v->line = line;
    v->date = (is_date && text) ? date_parse_iso(text) : SR_DATE_NONE;
}

/* Every struct below is made only of cin_values, arrays, counts and lines;
 * a zeroed struct has NULL texts, so only dates need setting to NONE. */
#define CLEAR(v) cin_value_clear(&(v))

void cin_header_init(struct cin_header *h)
{
    memset(h, 0, sizeof *h);
    CLEAR(h->collection); CLEAR(h->year); CLEAR(h->reference_date);
    CLEAR(h->source_level); CLEAR(h->lea); CLEAR(h->software_code);
    CLEAR(h->release); CLEAR(h->serial_no); CLEAR(h->date_time);
}

static bool blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cin_header_year(const struct cin_header *h)
{
    const char *t = h->year.text;
    int y = 0, digits = 0;

    if (!t)
        return 0;
    while (blank_char(*t))
        t++;
    for (; *t >= '0' && *t <= '9' && digits < 5; t++, digits++)
        y = y * 10 + (*t - '0');
    while (blank_char(*t))
        t++;
    return (digits == 4 && !*t) ? y : 0;
}

void cin_child_init(struct cin_child *c)
{
    memset(c, 0, sizeof *c);
    CLEAR(c->la_child_id); CLEAR(c->upn); CLEAR(c->former_upn); CLEAR(c->upn_unknown);
    CLEAR(c->birth_date); CLEAR(c->expected_birth_date); CLEAR(c->sex);
    CLEAR(c->death_date); CLEAR(c->ethnicity);
}

#define PUSH(a, arr, n, cap) \
    ((arr) = arena_grow((a), (arr), (n), &(cap), sizeof *(arr)), memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

struct cin_episode *cin_add_episode(struct arena *a, struct cin_child *c)
{
    struct cin_episode *e = PUSH(a, c->episodes, c->n_episodes, c->cap_episodes);
    CLEAR(e->referral_date); CLEAR(e->referral_source); CLEAR(e->primary_need);
    CLEAR(e->closure_date); CLEAR(e->closure_reason); CLEAR(e->initial_cpc);
    CLEAR(e->referral_nfa);
    e->position = c->n_episodes;
    return e;
}

struct cin_assessment *cin_add_assessment(struct arena *a, struct cin_episode *e)
{
    struct cin_assessment *as = PUSH(a, e->assessments, e->n_assessments, e->cap_assessments);
    CLEAR(as->start); CLEAR(as->review); CLEAR(as->authorisation);
    return as;
}

struct cin_plan *cin_add_plan(struct arena *a, struct cin_episode *e)
{
    struct cin_plan *p = PUSH(a, e->plans, e->n_plans, e->cap_plans);
    CLEAR(p->start); CLEAR(p->end);
    return p;
}

struct cin_s47 *cin_add_s47(struct arena *a, struct cin_episode *e)
{
    struct cin_s47 *s = PUSH(a, e->s47s, e->n_s47s, e->cap_s47s);
    CLEAR(s->start); CLEAR(s->icpc_target); CLEAR(s->icpc_date); CLEAR(s->icpc_not_required);
    return s;
}

struct cin_cpp *cin_add_cpp(struct arena *a, struct cin_episode *e)
{
    struct cin_cpp *p = PUSH(a, e->cpps, e->n_cpps, e->cap_cpps);
    CLEAR(p->start); CLEAR(p->end); CLEAR(p->initial_category); CLEAR(p->latest_category);
    CLEAR(p->previous_cpp);
    return p;
}

struct cin_preproceedings *cin_add_preproceedings(struct arena *a, struct cin_episode *e)
{
    struct cin_preproceedings *p = PUSH(a, e->preproceedings, e->n_preproceedings, e->cap_preproceedings);
    CLEAR(p->pp_start); CLEAR(p->lbp_sent); CLEAR(p->fgdm_offer); CLEAR(p->fgdm_fac);
    CLEAR(p->initial_meeting); CLEAR(p->review_count); CLEAR(p->step_decision);
    CLEAR(p->outcome); CLEAR(p->court_app); CLEAR(p->letter_init);
    return p;
}

struct cin_value *cin_add_disability(struct arena *a, struct cin_child *c)
{
    struct cin_value *v = PUSH(a, c->disabilities, c->n_disabilities, c->cap_disabilities);
    CLEAR(*v);
    return v;
}

struct cin_value *cin_add_factor(struct arena *a, struct cin_assessment *as)
{
    struct cin_value *v = PUSH(a, as->factors, as->n_factors, as->cap_factors);
    CLEAR(*v);
    return v;
}

struct cin_value *cin_add_review(struct arena *a, struct cin_cpp *p)
{
    struct cin_value *v = PUSH(a, p->reviews, p->n_reviews, p->cap_reviews);
    CLEAR(*v);
    return v;
}

/* ---- where a path is -------------------------------------------------------- */

/* The modules, and the wrappers that belong to one. */
static const struct {
    const char *element, *table;
} modules[] = {
    { "Header", "Header" }, { "CollectionDetails", "Header" }, { "Source", "Header" },
    { "ChildIdentifiers", "ChildIdentifiers" }, { "ChildCharacteristics", "ChildCharacteristics" },
    { "Disabilities", "ChildCharacteristics" }, { "CINdetails", "CINdetails" }, { "Assessments", "Assessments" },
    { "FactorsIdentifiedAtAssessment", "Assessments" }, { "CINPlanDates", "CINPlanDates" },
    { "Section47", "Section47" }, { "ChildProtectionPlans", "ChildProtectionPlans" },
    { "Reviews", "ChildProtectionPlans" }, { "PreProceedingsandFGDM", "PreProceedingsandFGDM" },
};

/* The module entry of the element name [p, p+n), or -1. */
static int module_of(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        if (strlen(modules[i].element) == n && !strncmp(modules[i].element, p, n))
            return (int)i;
    return -1;
}

static bool is_container(const char *p, size_t n)
{
    return (n == 7 && !strncmp(p, "Message", 7)) || (n == 8 && !strncmp(p, "Children", 8))
        || (n == 5 && !strncmp(p, "Child", 5));
}

void cin_path_locate(const char *path, const char **table, size_t *row, char column[CIN_COLUMN_MAX])
{
    const char *p = path ? path : "";

    *table = NULL;
    *row = 0;
    column[0] = '\0';
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *br = memchr(p, '[', len);
        size_t name_len = br ? (size_t)(br - p) : len;
        int m = module_of(p, name_len);
        if (m >= 0) {
            bool wrapper = strcmp(modules[m].element, modules[m].table) != 0;
            if (!wrapper)
                *row = br ? strtoul(br + 1, NULL, 10) : 1;
            else if (*table != modules[m].table)
                *row = 1;       /* a wrapper without its module before it */
            *table = modules[m].table;
            column[0] = '\0';
        } else if (!is_container(p, name_len) && *table) {
            size_t k = name_len < CIN_COLUMN_MAX - 1 ? name_len : CIN_COLUMN_MAX - 1;
            memcpy(column, p, k);
            column[k] = '\0';
        }
        p = end ? end + 1 : p + len;
    }
}
