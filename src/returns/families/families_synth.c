/*
 * Synthetic data for the Supporting Families tables: households of adults
 * and children (ssd_person, ssd_family, ssd_address, NI numbers and UPNs in
 * ssd_linked_identifiers), early help episodes, and the sf_ extension
 * (programme records, claims, needs, partner measures, opt-outs).
 * pipeline/synth.c calls families_synth_write() last, inside its
 * transaction; random numbers, the COPY writer, ids and names are synth/'s.
 *
 * Size: three families for every ten CIN children of the options, with ten
 * members between them (sizes 2 to 6), so `--children 100000` gives 30,000
 * families of 100,000 people.  About one family in five has a child who is
 * one of the CIN children (same person id, from the synth_person_fn the
 * pipeline hands over), so some family members are also in the CIN (and,
 * where the SSDA903 generator picks the same children, the looked-after)
 * data.  New people have ids "F" and seven or more digits; families "FAM"
 * and seven digits.  Reused CIN children get no address of ours (see
 * write_address).
 *
 * Every family is a pure function of (seed, family index), regenerated for
 * each table's COPY block, so memory does not grow with the size.
 *
 * Timeline, for collection year Y (reference date R = 31 March Y; nothing is
 * dated after R + 6 months, when the replica is read): families are
 * identified in the two years to R; three in four are attached to the
 * programme within six weeks and stay 9 to 24 months, the others wait in
 * the comparison group for one to two years.  Needs (three to six headline
 * outcomes at attachment, a few later), claims six months after a
 * successful closure, quarterly partner measures from identification to six
 * months after the end, opt-outs for about 3% of people.
 *
 * Invented identifiers, so that nothing can be a real person's:
 *   names      syllables from a list of our own (different from the CIN
 *              generator's);
 *   NI numbers a first letter Q, which HMRC never issues in a National
 *              Insurance number prefix (most are "QQ" plus six digits and a
 *              suffix A-D, the shape of HMRC's own example number);
 *   postcodes  outward codes YY20 to YY98: there is no YY postcode area
 *              (YO is York), yet the shape passes strict format checks such
 *              as DfE 392c (ZZ would not: no area has Z as second letter);
 *              the SSDA903 generator uses YY1 to YY9, so the two never meet;
 *   UPNs       check-lettered UPNs of the options' LA from a serial range
 *              the CIN generator does not use for that LA.
 *
 * With --defects RATE that share of families carries one defect the
 * families build must catch: no members, a member who is also in another
 * family, or a measure outside its range (employment 7 for the first
 * adult); such families are open on the reference date, so the defect is
 * in the collection year's last quarter.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/upn.h"
#include "core/xalloc.h"
#include "returns/families/families_synth.h"
#include "synth/dates.h"
#include "synth/ids.h"
#include "synth/options.h"
#include "synth/rng.h"
#include "synth/sink.h"

#define NONE SR_DATE_NONE
#define MAX_MEMBERS 9
#define REUSE_PM 200          /* families with a CIN child in them */
#define COMPARISON_PM 250
#define TWO_ADULTS_PM 600
#define MOVED_PM 200
#define NI_PM 920             /* people aged 16 or more with an NI number */
#define UPN_PM 900            /* new school-age children with a UPN */
#define OPT_OUT_PM 30
#define UPN_BASE SYNTH_UPN_FAMILIES   /* our UPN serials: [UPN_BASE, 2 * UPN_BASE), see synth/ids.h */

enum { ST_PERSON = 1, ST_FAMILY, ST_MEMBER, ST_NEEDS, ST_MEASURE, ST_OPT, ST_EH, ST_DEFECT, ST_OFFSET };
enum defect { DF_NONE, DF_EMPTY, DF_TWO_FAMILIES, DF_RANGE };

static const char *const syllables[] = {
    "bra", "cel", "dun", "eth", "fal", "gor", "hin", "jav", "kel", "lom", "mup", "nir",
    "pev", "rak", "sol", "tup", "vor", "wen", "yal", "zor", "quen", "bix", "drel", "fom",
};
static const struct synth_syllables family_syllables = { syllables, sizeof syllables / sizeof syllables[0] };

static const uint8_t triples[][3] = {
    { 2, 4, 4 }, { 4, 2, 4 }, { 4, 4, 2 }, { 3, 3, 4 }, { 3, 4, 3 }, { 4, 3, 3 }, { 2, 3, 5 },
    { 2, 5, 3 }, { 3, 2, 5 }, { 3, 5, 2 }, { 5, 2, 3 }, { 5, 3, 2 }, { 2, 2, 6 }, { 6, 2, 2 },
};
#define N_TRIPLES (sizeof triples / sizeof triples[0])

static const char *const end_reasons[] = { "outcomes-met", "step-up", "disengaged", "moved-away" };
static const uint16_t end_reason_weights[] = { 600, 100, 150, 150 };

/* ---- randomness: a splitmix64 sequence per (seed, stream, index), see synth/rng.h --- */

/* Keys of our own, so that our streams never meet the other generators'. */
static uint64_t hash3(uint64_t seed, uint64_t stream, uint64_t index)
{
    return rng_mix64(rng_mix64(seed ^ 0x5f4d4c59u) + rng_mix64(stream * 0x9e3779b97f4a7c15ULL)
                     + index * 0xd1b54a32d192ed03ULL);
}

static void family_rng_seed(struct rng_sm *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    rng_sm_seed_key(r, hash3(seed, stream, index));
}

/* ---- the population --------------------------------------------------------------- */

struct member {
    char id[32];
    unsigned long slot;        /* 0-based person number among family members */
    bool reused;               /* an existing CIN child: ssd_person and UPN already written */
    bool adult;
    sr_date dob;
    char sex;
    char forename[32], surname[40];
    bool has_ni, has_upn;
    bool opted_out;
    const char *opt_purpose;
    sr_date opt_from;
};

struct family {
    unsigned long index;
    char id[24];
    unsigned n;
    struct member m[MAX_MEMBERS];
    bool comparison;
    sr_date identified, attached, end, claim;
    const char *end_reason;
    uint16_t needs_at, needs_later;          /* bit h for headline h */
    sr_date need_date[11];
    char postcode[2][9];                     /* [0] current, [1] before the move */
    sr_date moved;                           /* NONE: no move */
    enum defect defect;
};

struct ctx {
    const struct synth_options *opt;
    synth_person_fn *cin_person;             /* facts of the CIN generator's children */
    sr_date ref, extract, window_start;
    unsigned long n_families, full_triples;
    uint64_t ni_offset, upn_offset;
    uint64_t defect_threshold;               /* of 2^53 */
};

static void ctx_init(struct ctx *x, const struct synth_options *opt, synth_person_fn *cin_person)
{
    memset(x, 0, sizeof *x);
    x->opt = opt;
    x->cin_person = cin_person;
    x->ref = census_reference_date(opt->year);
    x->extract = synth_extract_date(opt->year);
    x->window_start = x->ref - 730;
    x->full_triples = opt->children / 10;
    x->n_families = 3 * x->full_triples + (opt->children % 10 ? 1 : 0);
    x->ni_offset = hash3(opt->seed, ST_OFFSET, 1) % 1000000;
    x->upn_offset = hash3(opt->seed, ST_OFFSET, 2) % UPN_BASE;
    x->defect_threshold = synth_defect_threshold(opt->defects);
}

static void family_shape(const struct ctx *x, unsigned long f, unsigned *size, unsigned long *first_slot)
{
    if (f < 3 * x->full_triples) {
        const uint8_t *t = triples[hash3(x->opt->seed, ST_FAMILY, f / 3) % N_TRIPLES];
        unsigned long s = 10 * (f / 3);
        for (unsigned long k = 0; k < f % 3; k++)
            s += t[k];
        *size = t[f % 3];
        *first_slot = s;
    } else {
        *size = (unsigned)(x->opt->children % 10);
        *first_slot = 10 * x->full_triples;
    }
}

static void make_postcode(char out[9], struct rng_sm *r)
{
    static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";
    unsigned district = 20 + rng_sm_below(r, 79);    /* 20..98 */
    out[0] = 'Y';
    out[1] = 'Y';
    out[2] = (char)('0' + district / 10);
    out[3] = (char)('0' + district % 10);
    out[4] = ' ';
    out[5] = (char)('0' + rng_sm_below(r, 10));
    out[6] = inward[rng_sm_below(r, sizeof inward - 1)];
    out[7] = inward[rng_sm_below(r, sizeof inward - 1)];
    out[8] = '\0';
}

static int age_on(sr_date dob, sr_date on)
{
    return date_age_years(dob, on);
}

/* A CIN child that can be a member: born, alive, under 18 on the reference
 * date, and without a seeded defect. */
static bool reuse_child(const struct ctx *x, unsigned long f, struct member *m)
{
    unsigned long idx = 3 * f + 1;
    struct synth_person sp;
    if (idx >= x->opt->children)
        return false;
    x->cin_person(x->opt, idx, &sp);
    if (sp.defect || sp.dob == NONE || sp.death != NONE || sp.dob > x->ref || age_on(sp.dob, x->ref) >= 18)
        return false;
    snprintf(m->id, sizeof m->id, "%s", sp.id);
    m->reused = true;
    m->adult = false;
    m->dob = sp.dob;
    m->sex = sp.sex;
    return true;
}

static void gen_family(const struct ctx *x, unsigned long f, struct family *fam)
{
    struct rng_sm r;
    unsigned long first;
    char surname[40];

    memset(fam, 0, sizeof *fam);
    fam->index = f;
    synth_id(fam->id, "FAM", f + 1, 7);
    family_shape(x, f, &fam->n, &first);
    family_rng_seed(&r, x->opt->seed, ST_FAMILY + 100, f);

    unsigned adults = fam->n <= 2 ? 1 : (rng_sm_pm(&r, TWO_ADULTS_PM) ? 2 : 1);
    synth_name_sm(surname, sizeof surname, &family_syllables, &r, 2 + (int)rng_sm_below(&r, 2));
    bool reuse = fam->n >= 2 && rng_sm_pm(&r, REUSE_PM);
    for (unsigned j = 0; j < fam->n; j++) {
        struct member *m = &fam->m[j];
        struct rng_sm pr;
        family_rng_seed(&pr, x->opt->seed, ST_PERSON, first + j);
        m->slot = first + j;
        if (j == adults && reuse && reuse_child(x, f, m)) {
            /* keeps the CIN child's own names in ssd_person */
        } else {
            synth_id(m->id, "F", first + j + 1, 7);
            m->adult = j < adults;
            m->dob = m->adult ? x->ref - (sr_date)rng_sm_range(&pr, 20 * 365, 55 * 365)
                              : x->ref - (sr_date)rng_sm_range(&pr, 10, 17 * 365 + 300);
            m->sex = j == 0 ? (rng_sm_pm(&pr, 700) ? 'F' : 'M') : j == 1 && m->adult ? (fam->m[0].sex == 'F' ? 'M' : 'F')
                   : (rng_sm_pm(&pr, 500) ? 'F' : 'M');
            synth_name_sm(m->forename, sizeof m->forename, &family_syllables, &pr, 2);
            if (j == 1 && m->adult && rng_sm_pm(&pr, 300))
                synth_name_sm(m->surname, sizeof m->surname, &family_syllables, &pr, 2 + (int)rng_sm_below(&pr, 2));
            else
                memcpy(m->surname, surname, sizeof m->surname);
            int age = age_on(m->dob, x->ref);
            m->has_ni = age >= 16 && rng_sm_pm(&pr, NI_PM);
            m->has_upn = !m->adult && age >= 4 && rng_sm_pm(&pr, UPN_PM);
        }
        struct rng_sm orr;
        family_rng_seed(&orr, x->opt->seed, ST_OPT, first + j);
        m->opted_out = rng_sm_pm(&orr, OPT_OUT_PM);
        if (m->opted_out) {
            unsigned k = rng_sm_below(&orr, 100);
            m->opt_purpose = k < 60 ? "supporting-families" : k < 85 ? "research" : "marketing";
        }
    }

    /* Programme record. */
    fam->identified = rng_sm_date(&r, x->window_start, x->ref);
    fam->comparison = rng_sm_pm(&r, COMPARISON_PM);
    fam->attached = fam->end = fam->claim = fam->moved = NONE;
    if (fam->comparison) {
        sr_date end = fam->identified + rng_sm_range(&r, 365, 730);
        if (end <= x->extract) {
            fam->end = end;
            fam->end_reason = "comparison-ended";
        }
    } else {
        fam->attached = fam->identified + rng_sm_range(&r, 0, 42);
        sr_date end = fam->attached + rng_sm_range(&r, 270, 730);
        if (end <= x->extract) {
            fam->end = end;
            fam->end_reason = end_reasons[rng_sm_weighted(&r, end_reason_weights, 4)];
            sr_date claim = end + 183 + rng_sm_range(&r, 0, 30);
            if (!strcmp(fam->end_reason, "outcomes-met") && claim <= x->extract)
                fam->claim = claim;
        }
        unsigned n_at = (unsigned)rng_sm_range(&r, 3, 6), n_later = (unsigned)rng_sm_range(&r, 0, 2);
        while (n_at) {
            unsigned h = 1 + rng_sm_below(&r, 10);
            if (fam->needs_at & (1u << h))
                continue;
            fam->needs_at |= (uint16_t)(1u << h);
            fam->need_date[h] = rng_sm_date(&r, fam->identified, fam->attached);
            n_at--;
        }
        sr_date later_end = fam->end != NONE ? fam->end : x->extract;
        for (unsigned k = 0; k < n_later && later_end > fam->attached; k++) {
            unsigned h = 1 + rng_sm_below(&r, 10);
            if ((fam->needs_at | fam->needs_later) & (1u << h))
                continue;
            fam->needs_later |= (uint16_t)(1u << h);
            fam->need_date[h] = rng_sm_date(&r, fam->attached + 1, later_end);
        }
    }
    for (unsigned j = 0; j < fam->n; j++)
        if (fam->m[j].opted_out)
            fam->m[j].opt_from = rng_sm_date(&r, fam->identified, fam->identified + 365 < x->ref
                                              ? fam->identified + 365 : x->ref);
    make_postcode(fam->postcode[0], &r);
    if (rng_sm_pm(&r, MOVED_PM)) {
        make_postcode(fam->postcode[1], &r);
        fam->moved = rng_sm_date(&r, fam->identified, x->ref);
    }

    uint64_t dh = hash3(x->opt->seed, ST_DEFECT, f);
    if ((dh >> 11) < x->defect_threshold) {
        /* A family with a defect is on the programme and open on the
         * reference date, so that the defect is in the last quarter of the
         * collection year (the period a test or demo builds). */
        fam->defect = (enum defect)(1 + (dh % 3));
        fam->comparison = false;
        fam->identified = x->ref - 400 + (sr_date)(dh % 280);
        fam->attached = fam->identified + 14;
        fam->end = fam->claim = NONE;
        fam->end_reason = NULL;
        if (!fam->needs_at) {
            fam->needs_at = (uint16_t)((1u << 1) | (1u << 5) | (1u << 9));
            fam->need_date[1] = fam->need_date[5] = fam->need_date[9] = fam->identified;
        }
        for (unsigned h = 1; h <= 10; h++)
            if ((fam->needs_at | fam->needs_later) & (1u << h))
                fam->need_date[h] = (fam->needs_at & (1u << h)) ? fam->identified : fam->attached + 1;
    }
}

/* The second family of a DF_TWO_FAMILIES defect: its own id and programme
 * record, with the first member of the defect family as its only member. */
static void second_family_id(const struct family *fam, char *out, size_t cap)
{
    snprintf(out, cap, "%s-B", fam->id);
}

/* ---- output ------------------------------------------------------------------------ */

enum table { T_PERSON, T_LINKED, T_FAMILY, T_ADDRESS, T_EARLY_HELP, T_PROGRAMME, T_CLAIM, T_NEED, T_MEASURE,
             T_OPT_OUT, T__COUNT };

static const char *const copy_headers[T__COUNT] = {
    "COPY ssd_person (pers_person_id, pers_forename, pers_surname, pers_sex, pers_dob) FROM stdin;\n",
    "COPY ssd_linked_identifiers (link_table_id, link_person_id, link_identifier_type, link_identifier_value, "
    "link_valid_from_date, link_valid_to_date) FROM stdin;\n",
    "COPY ssd_family (fami_table_id, fami_family_id, fami_person_id) FROM stdin;\n",
    "COPY ssd_address (addr_table_id, addr_person_id, addr_address_type, addr_address_start_date, "
    "addr_address_end_date, addr_address_postcode, addr_address_json) FROM stdin;\n",
    "COPY ssd_early_help_episodes (earl_episode_id, earl_person_id, earl_episode_start_date, earl_episode_end_date, "
    "earl_episode_reason, earl_episode_end_reason, earl_episode_organisation, earl_episode_worker_id) FROM stdin;\n",
    "COPY sf_programme_family (sfpf_id, sfpf_family_id, sfpf_cohort, sfpf_identified_date, sfpf_attached_date, "
    "sfpf_end_date, sfpf_end_reason) FROM stdin;\n",
    "COPY sf_claim (sfcl_claim_id, sfcl_programme_id, sfcl_claim_date, sfcl_claim_type) FROM stdin;\n",
    "COPY sf_need (sfne_need_id, sfne_programme_id, sfne_person_id, sfne_headline, sfne_identified_date, "
    "sfne_outcome_date) FROM stdin;\n",
    "COPY sf_measure (sfme_measure_id, sfme_person_id, sfme_measure_code, sfme_period_end, sfme_value, "
    "sfme_received_date) FROM stdin;\n",
    "COPY sf_opt_out (sfoo_opt_out_id, sfoo_person_id, sfoo_purpose, sfoo_from_date) FROM stdin;\n",
};

static void ni_number(const struct ctx *x, unsigned long slot, char out[10])
{
    static const char second[] = "QABCEGHJKLMNPRSTWXYZ";
    unsigned long digits = (unsigned long)(((slot % 1000000) * 7919ULL + x->ni_offset) % 1000000);
    out[0] = 'Q';
    out[1] = second[(slot / 4000000) % (sizeof second - 1)];
    snprintf(out + 2, 7, "%06lu", digits);
    out[8] = "ABCD"[(slot / 1000000) % 4];
    out[9] = '\0';
}

static void write_person(struct synth_sink *s, const struct family *fam)
{
    for (unsigned j = 0; j < fam->n; j++) {
        const struct member *m = &fam->m[j];
        char sex[2] = { m->sex, '\0' };
        if (m->reused)
            continue;
        col_text(s, m->id);
        col_text(s, m->forename);
        col_text(s, m->surname);
        col_text(s, sex);
        col_date(s, m->dob);
        row_end(s);
    }
}

static void write_linked(struct synth_sink *s, const struct ctx *x, const struct family *fam)
{
    char id[32], v[16];
    for (unsigned j = 0; j < fam->n; j++) {
        const struct member *m = &fam->m[j];
        if (m->reused)
            continue;
        if (m->has_ni) {
            synth_id(id, "LF", m->slot + 1, 7);
            size_t k = strlen(id);
            id[k] = 'N';
            id[k + 1] = '\0';
            ni_number(x, m->slot, v);
            col_text(s, id);
            col_text(s, m->id);
            col_text(s, "National Insurance Number");
            col_text(s, v);
            col_date(s, date_add_years(m->dob, 16));
            col_text(s, NULL);
            row_end(s);
        }
        if (m->has_upn) {
            synth_id(id, "LF", m->slot + 1, 7);
            size_t k = strlen(id);
            id[k] = 'U';
            id[k + 1] = '\0';
            upn_make(v, x->opt->la, UPN_BASE + (unsigned long)((m->slot * 7919ULL + x->upn_offset) % UPN_BASE), '\0');
            col_text(s, id);
            col_text(s, m->id);
            col_text(s, "Unique Pupil Number");
            col_text(s, v);
            col_date(s, date_add_years(m->dob, 4));
            col_text(s, NULL);
            row_end(s);
        }
    }
}

static void write_family(struct synth_sink *s, const struct family *fam)
{
    char id[32];
    if (fam->defect == DF_EMPTY)
        return;
    for (unsigned j = 0; j < fam->n; j++) {
        snprintf(id, sizeof id, "FM%07lu%02u", fam->index + 1, j);
        col_text(s, id);
        col_text(s, fam->id);
        col_text(s, fam->m[j].id);
        row_end(s);
    }
    if (fam->defect == DF_TWO_FAMILIES) {
        char second[40];
        second_family_id(fam, second, sizeof second);
        snprintf(id, sizeof id, "FM%07lu%02u", fam->index + 1, 99);
        col_text(s, id);
        col_text(s, second);
        col_text(s, fam->m[0].id);
        row_end(s);
    }
}

static void write_address(struct synth_sink *s, const struct family *fam)
{
    char id[32], json[256], compact[9];
    struct rng_sm r;
    family_rng_seed(&r, 0, ST_MEMBER, fam->index);
    char street[32], town[32];
    synth_name_sm(street, sizeof street, &family_syllables, &r, 2);
    synth_name_sm(town, sizeof town, &family_syllables, &r, 2);
    snprintf(json, sizeof json, "{\"ROOM\":\"\",\"FLOOR\":\"\",\"FLAT\":\"\",\"BUILDING\":\"\",\"HOUSE\":\"%d\","
             "\"STREET\":\"%s Street\",\"TOWN\":\"%s\",\"UPRN\":\"\",\"EASTING\":\"\",\"NORTHING\":\"\"}",
             rng_sm_range(&r, 1, 180), street, town);
    /* SSD stores postcodes without the space; some systems keep it. */
    bool spaced = fam->index % 2 == 0;
    for (unsigned j = 0; j < fam->n; j++) {
        const struct member *m = &fam->m[j];
        sr_date from = fam->identified - 3 * 365 > m->dob ? fam->identified - 3 * 365 : m->dob;
        /* A CIN child's addresses belong to the generators that made the
         * child (the SSDA903 one writes the home address of a child in
         * care): a family address here would change their returns. */
        if (m->reused)
            continue;
        for (int k = fam->moved != NONE ? 1 : 0; k >= 0; k--) {
            const char *pc = fam->postcode[k];
            if (k == 1 && fam->moved <= from)
                continue;   /* born after the move */
            if (!spaced) {
                memcpy(compact, pc, 4);
                memcpy(compact + 4, pc + 5, 4);
                pc = compact;
            }
            snprintf(id, sizeof id, "AF%07lu%d", m->slot + 1, k);
            col_text(s, id);
            col_text(s, m->id);
            col_text(s, "Home");
            if (k == 1) {
                col_date(s, from);
                col_date(s, fam->moved - 1);
            } else {
                col_date(s, fam->moved != NONE && fam->moved > from ? fam->moved : from);
                col_text(s, NULL);
            }
            col_text(s, pc);
            col_text(s, json);
            row_end(s);
        }
    }
}

static void write_early_help(struct synth_sink *s, const struct ctx *x, const struct family *fam)
{
    char id[32];
    struct rng_sm r;
    family_rng_seed(&r, x->opt->seed, ST_EH, fam->index);
    bool before = rng_sm_pm(&r, 200);
    bool comparison_eh = fam->comparison && rng_sm_pm(&r, 250);
    for (unsigned j = 0; j < fam->n; j++) {
        const struct member *m = &fam->m[j];
        if (m->adult)
            continue;
        sr_date start = NONE, end = NONE;
        const char *end_reason = NULL;
        if (!fam->comparison) {
            start = before ? fam->identified - rng_sm_range(&r, 30, 200) : fam->attached;
            end = fam->end;
            end_reason = fam->end_reason;
        } else if (comparison_eh) {
            start = fam->identified + rng_sm_range(&r, 0, 200);
            end = start + rng_sm_range(&r, 100, 300);
            end_reason = "Outcomes met";
            comparison_eh = false;   /* one child of the family */
        }
        if (start == NONE || start > x->extract || start < m->dob)
            continue;
        if (end != NONE && end > x->extract) {
            end = NONE;
            end_reason = NULL;
        }
        snprintf(id, sizeof id, "EF%07lu%02u", fam->index + 1, j);
        col_text(s, id);
        col_text(s, m->id);
        col_date(s, start);
        col_date(s, end);
        col_text(s, fam->comparison ? "Family support" : "Supporting Families");
        col_text(s, end_reason);
        col_text(s, "Family Help Service");
        col_text(s, NULL);
        row_end(s);
    }
}

static void write_programme(struct synth_sink *s, const struct family *fam)
{
    char id[32];
    synth_id(id, "SF", fam->index + 1, 7);
    col_text(s, id);
    col_text(s, fam->id);
    col_text(s, fam->comparison ? "comparison" : "programme");
    col_date(s, fam->identified);
    col_date(s, fam->attached);
    col_date(s, fam->end);
    col_text(s, fam->end_reason);
    row_end(s);
    if (fam->defect == DF_TWO_FAMILIES) {
        char second[40];
        second_family_id(fam, second, sizeof second);
        size_t k = strlen(id);
        snprintf(id + k, sizeof id - k, "-B");
        col_text(s, id);
        col_text(s, second);
        col_text(s, "programme");
        col_date(s, fam->identified);
        col_date(s, fam->attached);
        col_text(s, NULL);
        col_text(s, NULL);
        row_end(s);
    }
}

static void write_claim(struct synth_sink *s, const struct family *fam)
{
    char id[32], pid[32];
    if (fam->claim == NONE)
        return;
    synth_id(id, "CF", fam->index + 1, 7);
    synth_id(pid, "SF", fam->index + 1, 7);
    col_text(s, id);
    col_text(s, pid);
    col_date(s, fam->claim);
    col_text(s, "outcomes");
    row_end(s);
}

static void write_needs(struct synth_sink *s, const struct ctx *x, const struct family *fam)
{
    char id[32], pid[32];
    struct rng_sm r;
    family_rng_seed(&r, x->opt->seed, ST_NEEDS, fam->index);
    synth_id(pid, "SF", fam->index + 1, 7);
    for (unsigned h = 1; h <= 10; h++) {
        if (!((fam->needs_at | fam->needs_later) & (1u << h)))
            continue;
        snprintf(id, sizeof id, "NF%07lu%02u", fam->index + 1, h);
        col_text(s, id);
        col_text(s, pid);
        col_text(s, rng_sm_pm(&r, 500) ? fam->m[rng_sm_below(&r, fam->n)].id : NULL);
        col_ulong(s, h);
        col_date(s, fam->need_date[h]);
        sr_date outcome = fam->end != NONE && !strcmp(fam->end_reason, "outcomes-met") ? fam->end : NONE;
        col_date(s, outcome);
        row_end(s);
    }
}

static void measure_row(struct synth_sink *s, const struct member *m, unsigned q, char code_letter, const char *code,
                        sr_date period_end, const char *value, sr_date received)
{
    char id[40];
    snprintf(id, sizeof id, "MF%07lu%02u%c", m->slot + 1, q, code_letter);
    col_text(s, id);
    col_text(s, m->id);
    col_text(s, code);
    col_date(s, period_end);
    col_text(s, value);
    col_date(s, received);
    row_end(s);
}

static void write_measures(struct synth_sink *s, const struct ctx *x, const struct family *fam)
{
    /* Quarter ends from the one after identification to six months after
     * the end (or the extract). */
    sr_date last = fam->end != NONE && fam->end + 183 < x->extract ? fam->end + 183 : x->extract;
    sr_date anchor = date_from_ymd(x->opt->year - 4, 3, 31);
    for (unsigned q = 0; q < 40; q++) {
        sr_date qe = date_add_months(anchor + 1, 3 * (int)q) - 1;
        if (qe < fam->identified)
            continue;
        if (qe > last)
            break;
        bool after = fam->attached != NONE && qe > fam->attached;
        for (unsigned j = 0; j < fam->n; j++) {
            const struct member *m = &fam->m[j];
            struct rng_sm r;
            family_rng_seed(&r, x->opt->seed, ST_MEASURE, (uint64_t)m->slot * 64 + q);
            int age = age_on(m->dob, qe);
            sr_date received = qe + rng_sm_range(&r, 20, 60);
            char v[16];
            if (qe < m->dob)
                continue;
            if (age >= 5 && age <= 15) {
                if (rng_sm_pm(&r, 950)) {
                    int tenths = rng_sm_range(&r, 700, 990) + (after ? rng_sm_range(&r, 0, 80) : 0);
                    if (tenths > 1000)
                        tenths = 1000;
                    snprintf(v, sizeof v, "%d.%d", tenths / 10, tenths % 10);
                    measure_row(s, m, q, 'A', "attendance", qe, v, received);
                }
                if (rng_sm_pm(&r, 250)) {
                    snprintf(v, sizeof v, "%d", rng_sm_pm(&r, 600) ? 0 : rng_sm_range(&r, 1, 3));
                    measure_row(s, m, q, 'X', "exclusions", qe, v, received);
                }
            }
            if (age >= 10 && rng_sm_pm(&r, 150)) {
                snprintf(v, sizeof v, "%d", rng_sm_pm(&r, 700) ? 0 : rng_sm_range(&r, 1, 2));
                measure_row(s, m, q, 'O', "offending", qe, v, received);
            }
            if (age >= 18) {
                bool defect = fam->defect == DF_RANGE && j == 0 && qe == x->ref;
                if (rng_sm_pm(&r, 800) || defect) {
                    /* The range defect: a flag measure of 7 in the quarter
                     * ending on the reference date. */
                    snprintf(v, sizeof v, "%d", defect ? 7 : rng_sm_pm(&r, after ? 550 : 400) ? 1 : 0);
                    measure_row(s, m, q, 'E', "employment", qe, v, received);
                }
                if (j == 0 && rng_sm_pm(&r, 700)) {
                    snprintf(v, sizeof v, "%d", rng_sm_pm(&r, 850) ? 1 : 0);
                    measure_row(s, m, q, 'H', "housing", qe, v, received);
                }
                if (j == 0 && rng_sm_pm(&r, 400)) {
                    snprintf(v, sizeof v, "%d", rng_sm_pm(&r, 650) ? 0 : rng_sm_range(&r, 1, 3));
                    measure_row(s, m, q, 'D', "domestic_abuse", qe, v, received);
                }
            }
        }
    }
}

static void write_opt_outs(struct synth_sink *s, const struct family *fam)
{
    char id[32];
    for (unsigned j = 0; j < fam->n; j++) {
        const struct member *m = &fam->m[j];
        if (!m->opted_out)
            continue;
        synth_id(id, "OF", m->slot + 1, 7);
        col_text(s, id);
        col_text(s, m->id);
        col_text(s, m->opt_purpose);
        col_date(s, m->opt_from);
        row_end(s);
    }
}

static void write_rows(struct synth_sink *s, const struct ctx *x, enum table t, const struct family *fam)
{
    switch (t) {
    case T_PERSON: write_person(s, fam); break;
    case T_LINKED: write_linked(s, x, fam); break;
    case T_FAMILY: write_family(s, fam); break;
    case T_ADDRESS: write_address(s, fam); break;
    case T_EARLY_HELP: write_early_help(s, x, fam); break;
    case T_PROGRAMME: write_programme(s, fam); break;
    case T_CLAIM: write_claim(s, fam); break;
    case T_NEED: write_needs(s, x, fam); break;
    case T_MEASURE: write_measures(s, x, fam); break;
    case T_OPT_OUT: write_opt_outs(s, fam); break;
    case T__COUNT: break;
    }
}

void families_synth_write(const struct synth_options *opt, synth_person_fn *cin_person, struct synth_sink *s)
{
    struct ctx x;
    ctx_init(&x, opt, cin_person);
    if (x.n_families == 0)
        return;
    struct family *fam = xmalloc(sizeof *fam);
    sink_str(s, "-- Supporting Families: invented households, programme records, needs, measures, opt-outs.\n");
    for (int t = 0; t < T__COUNT && !s->failed; t++) {
        sink_str(s, copy_headers[t]);
        for (unsigned long f = 0; f < x.n_families && !s->failed; f++) {
            gen_family(&x, f, fam);
            write_rows(s, &x, (enum table)t, fam);
        }
        sink_str(s, "\\.\n");
    }
    free(fam);
}
