/*
 * The coded fields of the CSC API payload against DfE's code lists
 * (returns/cscapi/csc_codes.h).
 *
 * DfE's contract describes these fields as "selected from a list of
 * possible codes" and bounds them by length alone.  Each is checked against
 * the list of the DfE return its description points to, and only where
 * statreturn already ships that list:
 *
 *   child_details.sex                   CIN census Sex ("as recognised in law",
 *                                       the CIN <Sex> of 2024-25 on)
 *   child_details.ethnicity             CIN census Ethnicity
 *   child_details.disabilities[]        CIN census Disability (NONE included)
 *   social_care_episodes[]              the "child in need episodes" (referrals):
 *     .referral_source                  CIN census ReferralSource
 *     .closure_reason                   CIN census ReasonForClosure
 *     .child_and_family_assessments[].factors[]
 *                                       CIN census AssessmentFactors (the
 *                                       description cites DfE's CIN guide to
 *                                       the factors)
 *   social_care_episodes[].child_looked_after_placements[], "in line with
 *   the current SSDA903 collection":
 *     .start_reason                     SSDA903 RNE
 *     .placement_type                   SSDA903 PLACE
 *     .end_reason                       SSDA903 REC
 *     .change_reason                    SSDA903 REASON_PLACE_CHANGE
 *
 * Left alone, as no shipped list is theirs:
 *   - unique_pupil_number_unknown_reason: DfE widened it to 4 characters,
 *     room for UN10 of the wider CBDS set (UN1-UN10); the CIN list stops
 *     at UN7;
 *   - care_leavers.activity and .accommodation: the contract describes
 *     neither, and accommodation holds one character where every SSDA903
 *     ACCOM code but 0 has two (type and suitability).
 *
 * The lists are those of one collection year, the year the run date falls
 * in (csc_codes_year_of), brought within the years specs/903/tables.conf
 * covers: its first for an earlier run, its latest for a later one.  The
 * CIN lists of the same year are used (cin_codes.c has every year from
 * 2024-25 on).  A payload spans up to three collection years, and the code
 * of an old placement is still checked against the run's year, as the
 * SSDA903 return itself checks every episode against its year's list.
 *
 * The lists come through returns/code_lists.h, where the CIN census and
 * SSDA903 keep them.  A code not on its list is a query.  The record is
 * sent all the same: DfE's schema stays the only authority for what is
 * refused (and a record it refuses is not checked here at all: the build
 * and the validator ask only about records that pass).
 */
#include "returns/cscapi/csc_codes.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "returns/code_lists.h"

const struct rule csc_code_rule = {
    "CSC-CODE", RULE_QUERY, "CSC API",
    "A code is not on the DfE code list of its field (CIN census or SSDA903); DfE's schema checks only its "
    "length, so the record is sent",
};

/* One coded field of an object: its key, whether the schema has it as an
 * array of codes, and its list (the return, and the list's name there:
 * cin_codes.c's table name or tables.conf's list name). */
struct coded {
    const char *key;
    bool array;
    enum dfe_return ret;
    const char *list;
};

/* The objects that hold coded fields, and the fields. */
enum csc_object { OBJ_CHILD_DETAILS, OBJ_EPISODE, OBJ_ASSESSMENT, OBJ_PLACEMENT, OBJ__N };

static const struct coded child_details_codes[] = {
    { "sex", false, DFE_CIN, "Sex" },
    { "ethnicity", false, DFE_CIN, "Ethnicity" },
    { "disabilities", true, DFE_CIN, "Disability" },
};

static const struct coded episode_codes[] = {
    { "referral_source", false, DFE_CIN, "ReferralSource" },
    { "closure_reason", false, DFE_CIN, "ReasonForClosure" },
};

static const struct coded assessment_codes[] = {
    { "factors", true, DFE_CIN, "AssessmentFactors" },
};

static const struct coded placement_codes[] = {
    { "start_reason", false, DFE_SSDA903, "RNE" },
    { "placement_type", false, DFE_SSDA903, "PLACE" },
    { "end_reason", false, DFE_SSDA903, "REC" },
    { "change_reason", false, DFE_SSDA903, "REASON_PLACE_CHANGE" },
};

#define N(a) (sizeof a / sizeof a[0])
#define MAX_FIELDS 4                    /* the most of any object */
_Static_assert(N(child_details_codes) <= MAX_FIELDS && N(episode_codes) <= MAX_FIELDS
                   && N(assessment_codes) <= MAX_FIELDS && N(placement_codes) <= MAX_FIELDS,
               "an object has more coded fields than MAX_FIELDS");

static const struct {
    const struct coded *fields;
    size_t n;
} objects[OBJ__N] = {
    [OBJ_CHILD_DETAILS] = { child_details_codes, N(child_details_codes) },
    [OBJ_EPISODE] = { episode_codes, N(episode_codes) },
    [OBJ_ASSESSMENT] = { assessment_codes, N(assessment_codes) },
    [OBJ_PLACEMENT] = { placement_codes, N(placement_codes) },
};

struct csc_codes {
    struct code_lists *lists;
    char year_text[24];                 /* "2024-25" */
    const struct code_list *list[OBJ__N][MAX_FIELDS];   /* each field's list, found once */
};

int csc_codes_year_of(sr_date run)
{
    return census_year_of(run);
}

struct csc_codes *csc_codes_load(int year, struct strbuf *err)
{
    struct code_lists *lists = code_lists_load(year, err);
    if (!lists)
        return NULL;
    struct csc_codes *c = xcalloc(1, sizeof *c);
    c->lists = lists;
    int y = code_lists_year(lists);
    snprintf(c->year_text, sizeof c->year_text, "%d-%02d", y - 1, y % 100);
    for (int o = 0; o < OBJ__N; o++)
        for (size_t i = 0; i < objects[o].n; i++) {
            const struct coded *f = &objects[o].fields[i];
            if (!(c->list[o][i] = code_lists_find(lists, f->ret, f->list))) {
                strbuf_addf(err, "the %s code lists of %s have no list %s", f->ret == DFE_CIN ? "CIN census" : "SSDA903",
                            c->year_text, f->list);
                csc_codes_free(c);
                return NULL;
            }
        }
    return c;
}

void csc_codes_free(struct csc_codes *c)
{
    if (!c)
        return;
    code_lists_free(c->lists);
    free(c);
}

int csc_codes_year(const struct csc_codes *c)
{
    return code_lists_year(c->lists);
}

/*
 * The walk keeps where it is as a stack of steps, and writes the path out
 * only for a finding: nearly every code is on its list, and formatting
 * every path would cost more than the checks.
 */
struct step {
    const char *key;            /* ".key", or NULL */
    size_t index;               /* then "[index]", unless SIZE_MAX */
};

#define MAX_DEPTH 8             /* episode, block, field, item: 4 in all */

struct walk {
    const struct csc_codes *c;
    csc_schema_fail_fn *fn;
    void *ctx;
    const char *place;          /* the record's own path ("[3]" or "") */
    struct step at[MAX_DEPTH];
    size_t depth;
    size_t found;
};

static void push(struct walk *w, const char *key, size_t index)
{
    w->at[w->depth++] = (struct step){ key, index };
}

/* One value (a string) of field i of object o, where the walk is. */
static void check_value(struct walk *w, enum csc_object o, size_t i, const char *value)
{
    const struct coded *f = &objects[o].fields[i];
    struct strbuf path = STRBUF_INIT;
    char msg[160];

    if (!*value || code_list_has(w->c->list[o][i], value))
        return;
    strbuf_addstr(&path, w->place);
    for (size_t d = 0; d < w->depth; d++) {
        if (w->at[d].key)
            strbuf_addf(&path, ".%s", w->at[d].key);
        if (w->at[d].index != SIZE_MAX)
            strbuf_addf(&path, "[%zu]", w->at[d].index);
    }
    snprintf(msg, sizeof msg, "not a code of the %s %s list (%s)", f->ret == DFE_CIN ? "CIN census" : "SSDA903",
             f->list, w->c->year_text);
    w->fn(w->ctx, path.buf, msg);
    w->found++;
    strbuf_release(&path);
}

/* The coded fields of one object of kind o.  A value of the wrong type is
 * the schema's to report, not ours. */
static void check_object(struct walk *w, const struct jv *obj, enum csc_object o)
{
    if (!obj || obj->type != JV_OBJECT)
        return;
    for (size_t i = 0; i < objects[o].n; i++) {
        const struct coded *f = &objects[o].fields[i];
        const struct jv *v = jv_get(obj, f->key);
        if (!v)
            continue;
        if (!f->array && v->type == JV_STRING) {
            push(w, f->key, SIZE_MAX);
            check_value(w, o, i, v->s);
            w->depth--;
        } else if (f->array && v->type == JV_ARRAY) {
            for (size_t k = 0; k < v->n; k++) {
                if (v->items[k]->type != JV_STRING)
                    continue;
                push(w, f->key, k);
                check_value(w, o, i, v->items[k]->s);
                w->depth--;
            }
        }
    }
}

/* Each object of the array obj[key], of kind o, and fn for what it holds
 * further down. */
static void check_items(struct walk *w, const struct jv *obj, const char *key, enum csc_object o,
                        void (*fn)(struct walk *, const struct jv *))
{
    const struct jv *arr = obj ? jv_get(obj, key) : NULL;
    if (!arr || arr->type != JV_ARRAY)
        return;
    for (size_t i = 0; i < arr->n; i++) {
        push(w, key, i);
        check_object(w, arr->items[i], o);
        if (fn && arr->items[i]->type == JV_OBJECT)
            fn(w, arr->items[i]);
        w->depth--;
    }
}

static void episode_blocks(struct walk *w, const struct jv *episode)
{
    check_items(w, episode, "child_and_family_assessments", OBJ_ASSESSMENT, NULL);
    check_items(w, episode, "child_looked_after_placements", OBJ_PLACEMENT, NULL);
}

size_t csc_codes_check_record(const struct csc_codes *c, const struct jv *rec, const char *path,
                              csc_schema_fail_fn *fn, void *ctx)
{
    struct walk w = { .c = c, .fn = fn, .ctx = ctx, .place = path };

    if (!rec || rec->type != JV_OBJECT)
        return 0;
    const struct jv *details = jv_get(rec, "child_details");
    if (details) {
        push(&w, "child_details", SIZE_MAX);
        check_object(&w, details, OBJ_CHILD_DETAILS);
        w.depth--;
    }
    check_items(&w, rec, "social_care_episodes", OBJ_EPISODE, episode_blocks);
    return w.found;
}
