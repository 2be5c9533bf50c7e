/*
 * statreturn synth, CIN part: invented Children in Need case histories as
 * SQL, the first COPY blocks of the output (pipeline/synth.c runs the
 * generators; the random numbers, the COPY writer, ids and names are the
 * shared ones of synth/).
 *
 * Every child's history is a pure function of (seed, child index): a
 * xoshiro256** stream seeded through splitmix64 from those two numbers draws
 * a natural history (referrals, assessments, S47 enquiries, conferences, CIN
 * and CP plans, reviews, closures) without regard to when the data is read;
 * the history is then cut where a replica would show it: at the extract date
 * (six months after the census reference date), at the 18th birthday, or at
 * death.  The output needs one COPY block per table, in foreign-key order,
 * so we make one pass over the children per table and regenerate each child
 * on every pass: memory does not grow with the number of children and
 * nothing is written to disk but the output.
 *
 * With --defects 0 each history is meant to pass the DfE CIN census rules
 * (notes/cin_census.md section 4.2) for the census year of --year, once the
 * build has selected that year; the comments at each step name the rules it
 * respects.  With --defects RATE that share of children carries exactly one
 * defect from defect_kinds[].
 *
 * From 2026-27 (--year 2027) a child's episodes with a CP plan may go into
 * pre-proceedings (cin_preproceedings_synth.c), drawn from a random stream
 * of their own after the history, so the rest of the history is the same as
 * it would be without them; the module's tables and defects exist only for
 * those years, so the output for earlier years is as it always was.
 *
 * Nothing here is real personal data: names are syllable soup, the
 * NHS-number-shaped ids start 999 (outside the issued range), UPNs are made
 * from serial numbers for the options' LA.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/upn.h"
#include "core/xalloc.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_synth.h"
#include "returns/cin/cin_preproceedings_synth.h"
#include "synth/dates.h"
#include "synth/ids.h"
#include "synth/options.h"
#include "synth/rng.h"
#include "synth/sink.h"

#define NONE SR_DATE_NONE

/* ------------------------------------------------------------------------
 * Shape of the population.  Chosen so that, per child, about 40% have a
 * single NFA referral, about a quarter an S47 enquiry, about one in ten a CP
 * plan and about a third a CIN plan: near the national CIN census mix.
 * Weights are per mille unless named otherwise.
 * ------------------------------------------------------------------------ */
#define HISTORY_YEARS       4    /* first referrals reach back this far before the census year */
#define UNBORN_PM           12   /* unborn at the extract date */
#define DEATH_PM            3    /* die during the census year (RC2) */
#define NFA_OPEN_PM         100  /* NFA referrals never given a closure date */
#define STEPUP_PM           120  /* a CIN plan steps up to an S47 enquiry */
#define STEPDOWN_PM         650  /* a CP plan ends into a CIN plan */
#define LATE_ICPC_PM        100  /* the conference misses its 15-working-day target */
#define LATE_REVIEW_PM      80   /* a CP review is held after its due date */
#define FACTOR21_PM         180  /* "no factors" on an assessment that closes the case */
#define RC9_PM              300  /* of RC8/RC9 closures: referred to early help */
#define OBJECT_FACTORS_PM   100  /* factors in SSD's forward-planned {"1A": "Yes"} form */
#define DESCRIBED_CAT_PM    200  /* CP categories as SSD descriptions, not DfE codes */
#define UPN_SCHOOL_AGE_PM   955  /* school-age children with a UPN (others UN2..UN6) */
#define FORMER_UPN_PM       60   /* of children with a UPN: also a former UPN */
#define UN7_PM              300  /* under-6s with only NFA referrals: UN7 rather than UN1 */
#define DISABLED_PM         140  /* born children with disability codes (others NONE) */
#define NO_DISABILITY_ROWS_PM 300 /* NFA-only children with no disability rows at all */
#define NEED_ON_NFA_PM      100  /* NFA referrals that still carry a primary need code */

#define MAX_EPISODES   5
#define MAX_ASSESS     4
#define MAX_S47        3
#define MAX_ICPC       3
#define MAX_CPP        3
#define MAX_CINP       4
#define MAX_REVIEWS    8
#define MAX_FACTORS    6
#define UPN_SERIALS    SYNTH_UPN_CIN_SERIALS   /* current UPNs use [0, 5e7), former [5e7, 1e8) */

/* Episode shapes. */
enum path { P_NFA, P_ASSESS, P_CIN, P_S47, P_S47_ICPC, P_CP, P_ICPC_ONLY, P__COUNT };

static const uint16_t path_weights[P__COUNT] = {
    [P_NFA] = 515,        /* referral, no further action */
    [P_ASSESS] = 125,     /* assessment, then closed RC8/RC9 */
    [P_CIN] = 175,        /* assessment, CIN plan (may step up to CP) */
    [P_S47] = 95,         /* assessment and S47, no conference needed */
    [P_S47_ICPC] = 25,    /* S47 and conference, no plan */
    [P_CP] = 60,          /* S47, conference, CP plan */
    [P_ICPC_ONLY] = 5,    /* conference with no S47 (mostly transfer-in), CP plan */
};

/* Unborn children: pre-birth assessments and conferences are common. */
static const uint16_t unborn_path_weights[P__COUNT] = {
    [P_NFA] = 250, [P_ASSESS] = 280, [P_CIN] = 200, [P_S47] = 100,
    [P_S47_ICPC] = 20, [P_CP] = 150, [P_ICPC_ONLY] = 0,
};

static const uint16_t episodes_weights[] = { 0, 620, 230, 100, 50 };   /* by count 1..4 */

/* ------------------------------------------------------------------------
 * Code lists (notes/cin_census.md section 2.3), with weights.
 * ------------------------------------------------------------------------ */
struct wcode {
    const char *code;
    const char *desc;
    uint16_t weight;
};

static const struct wcode ethnicities[] = {
    { "WBRI", NULL, 600 }, { "WIRI", NULL, 8 }, { "WIRT", NULL, 3 }, { "WOTH", NULL, 55 },
    { "WROM", NULL, 6 }, { "MWBC", NULL, 25 }, { "MWBA", NULL, 10 }, { "MWAS", NULL, 12 },
    { "MOTH", NULL, 25 }, { "AIND", NULL, 20 }, { "APKN", NULL, 40 }, { "ABAN", NULL, 15 },
    { "AOTH", NULL, 15 }, { "BCRB", NULL, 15 }, { "BAFR", NULL, 45 }, { "BOTH", NULL, 12 },
    { "CHNE", NULL, 3 }, { "OOTH", NULL, 25 }, { "REFU", NULL, 6 }, { "NOBT", NULL, 20 },
};
#define N_ETHNICITIES (sizeof ethnicities / sizeof ethnicities[0])
#define ETH_NOBT 19
#define ETH_NULL 254      /* defect: no ethnicity */
#define ETH_INVALID 255   /* defect: 'ZZZZ' */

/* 5D (early help) only exists from 2022-23; see referral_source(). */
static const struct wcode referral_sources[] = {
    { "1A", "Individual - family member, relative or carer", 50 },
    { "1B", "Individual - acquaintance", 10 },
    { "1C", "Individual - self", 10 },
    { "1D", "Individual - other", 8 },
    { "2A", "Schools", 200 },
    { "2B", "Education services", 15 },
    { "3A", "Health services - GP", 30 },
    { "3B", "Health services - health visitor", 25 },
    { "3C", "Health services - school nurse", 8 },
    { "3D", "Health services - other primary health services", 25 },
    { "3E", "Health services - A&E", 30 },
    { "3F", "Health services - other", 50 },
    { "4", "Housing", 20 },
    { "5A", "LA services - social care", 30 },
    { "5B", "LA services - other internal", 45 },
    { "5C", "LA services - external", 20 },
    { "5D", "LA services - early help", 40 },
    { "6", "Police", 290 },
    { "7", "Other legal agency", 30 },
    { "8", "Other", 40 },
    { "9", "Anonymous", 15 },
    { "10", "Unknown", 10 },
};
#define N_SOURCES (sizeof referral_sources / sizeof referral_sources[0])
#define SRC_5C 15
#define SRC_5D 16
#define SRC_INVALID 255   /* defect: code "11" */

static const struct wcode primary_needs[] = {
    { "N0", NULL, 7 }, { "N1", NULL, 570 }, { "N2", NULL, 90 }, { "N3", NULL, 40 },
    { "N4", NULL, 80 }, { "N5", NULL, 140 }, { "N6", NULL, 20 }, { "N7", NULL, 3 },
    { "N8", NULL, 20 }, { "N9", NULL, 30 },
};
#define N_NEEDS (sizeof primary_needs / sizeof primary_needs[0])

/* Index 0 is NONE; codes 1.. may be combined (rule 8790: NONE stands alone). */
static const struct wcode disabilities[] = {
    { "NONE", NULL, 0 }, { "MOB", NULL, 60 }, { "HAND", NULL, 25 }, { "PC", NULL, 35 },
    { "INC", NULL, 25 }, { "COMM", NULL, 140 }, { "LD", NULL, 200 }, { "HEAR", NULL, 40 },
    { "VIS", NULL, 30 }, { "BEH", NULL, 180 }, { "CON", NULL, 15 }, { "AUT", NULL, 200 },
    { "DDA", NULL, 100 },
};
#define N_DISABILITIES (sizeof disabilities / sizeof disabilities[0])

/* Parental and child factors; 18A/19A left out (queried by 8945Q/8950Q),
 * 21 drawn separately (8869: it must stand alone), 24A only from 2021-22. */
static const struct wcode factors[] = {
    { "1A", NULL, 10 }, { "1B", NULL, 60 }, { "1C", NULL, 10 }, { "2A", NULL, 12 },
    { "2B", NULL, 80 }, { "2C", NULL, 10 }, { "3A", NULL, 140 }, { "3B", NULL, 160 },
    { "3C", NULL, 20 }, { "4A", NULL, 60 }, { "4B", NULL, 170 }, { "4C", NULL, 12 },
    { "5A", NULL, 20 }, { "5B", NULL, 20 }, { "5C", NULL, 5 }, { "6A", NULL, 20 },
    { "6B", NULL, 20 }, { "6C", NULL, 5 }, { "7A", NULL, 10 }, { "8B", NULL, 2 },
    { "8C", NULL, 2 }, { "8D", NULL, 2 }, { "8E", NULL, 2 }, { "8F", NULL, 2 },
    { "9A", NULL, 5 }, { "10A", NULL, 20 }, { "11A", NULL, 20 }, { "12A", NULL, 3 },
    { "13A", NULL, 10 }, { "14A", NULL, 30 }, { "15A", NULL, 30 }, { "16A", NULL, 90 },
    { "17A", NULL, 100 }, { "18B", NULL, 10 }, { "18C", NULL, 40 }, { "19B", NULL, 5 },
    { "19C", NULL, 10 }, { "20", NULL, 50 }, { "22A", NULL, 2 }, { "23A", NULL, 2 },
    { "24A", NULL, 20 },
};
#define N_FACTORS (sizeof factors / sizeof factors[0])
#define FACTOR_24A (N_FACTORS - 1)
#define FACTOR_21 255

/* DfE categories of abuse and the SSD descriptions some systems hold
 * instead (the build maps them). */
static const struct wcode categories[] = {
    { "NEG", "Neglect", 480 },
    { "EMO", "Emotional abuse", 370 },
    { "PHY", "Physical abuse", 70 },
    { "SAB", "Sexual abuse", 40 },
    { "MUL", "Multiple: Neglect, Emotional abuse", 40 },
};
#define N_CATEGORIES (sizeof categories / sizeof categories[0])

static const char *const closure_reasons[] = {
    NULL, "RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9",
};
enum { RC1 = 1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC9 };

/* UPNunknown reasons for school-age children without a UPN; all pass 8770Q. */
static const uint16_t school_age_unknown_weights[] = { 0, 0, 400, 150, 0, 150, 300, 0 }; /* UN0..UN7 */

/* Valid LA codes a former UPN may come from (the child moved in). */
static const int former_las[] = { 202, 204, 206, 301, 303, 305, 850, 855, 873, 909 };

/* ------------------------------------------------------------------------
 * Defects: each targets one DfE rule (or, for bad JSON, the build's reading
 * of SSD's JSON columns).  A child given a defect has one episode in the
 * census year shaped so that the defect shows in that year's return.
 * ------------------------------------------------------------------------ */
enum defect {
    D_NONE,
    D_UPN_CHECK_LETTER,
    D_UPN_LA,
    D_UPN_DUPLICATE,
    D_ASSESS_BEFORE_REFERRAL,
    D_CPP_END_BEFORE_START,
    D_CLOSED_BEFORE_ASSESSMENT,
    D_ICPC_WEEKEND,
    D_ETHNICITY_MISSING,
    D_ETHNICITY_INVALID,
    D_SOURCE_INVALID,
    D_REFERRAL_AFTER_DEATH,
    D_BOTH_DOBS,
    D_NO_DOB,
    D_DISABILITY_NONE_PLUS,
    D_TWO_OPEN_CPP,
    D_CIN_PLAN_IN_CPP,
    D_FACTORS_BAD_JSON,
    D_REFERRAL_DATE_NULL,
    /* 2026-27 on: the pre-proceedings module */
    D_PP_LETTER_BEFORE_START,
    D_PP_NO_OFFER,
    D_PP_STEP_BEFORE_START,
    D_PP_NO_FACILITATION,
    D_PP_OUTCOME_INVALID,
    D_PP_COURT_BEFORE_STEP,
    D_PP_LETTER_BEFORE_COURT,
    D_PP_NO_REVIEW_COUNT,
    D__COUNT
};

/* The defects of the years before 2026-27: those years draw from these
 * alone, so that their output stays as it was. */
#define D__COUNT_BEFORE_PP D_PP_LETTER_BEFORE_START

/* What the defect's episode must contain. */
enum defect_need { NEED_ANY, NEED_SCHOOL_AGE, NEED_ASSESS_CLOSED, NEED_CP_OPEN, NEED_DEATH };

static const struct defect_kind {
    enum defect kind;
    const char *rule;      /* the DfE rule that catches it */
    enum defect_need need;
    enum synth_pp_defect pp;   /* the module's defects: put in a forced period */
} defect_kinds[] = {
    { D_NONE, NULL, NEED_ANY },
    { D_UPN_CHECK_LETTER, "1510", NEED_SCHOOL_AGE },        /* wrong check letter */
    { D_UPN_LA, "1530", NEED_SCHOOL_AGE },                  /* LA code 999 */
    { D_UPN_DUPLICATE, "1520", NEED_SCHOOL_AGE },           /* another child's UPN */
    { D_ASSESS_BEFORE_REFERRAL, "1103", NEED_ASSESS_CLOSED },
    { D_CPP_END_BEFORE_START, "8925", NEED_CP_OPEN },
    { D_CLOSED_BEFORE_ASSESSMENT, "8565", NEED_ASSESS_CLOSED }, /* closure before authorisation */
    { D_ICPC_WEEKEND, "8875", NEED_CP_OPEN },               /* conference (and plan) on a Saturday */
    { D_ETHNICITY_MISSING, "4220", NEED_ANY },              /* NULL */
    { D_ETHNICITY_INVALID, "4220", NEED_ANY },              /* 'ZZZZ' */
    { D_SOURCE_INVALID, "8866", NEED_ANY },                 /* source "11" */
    { D_REFERRAL_AFTER_DEATH, "8555Q", NEED_DEATH },
    { D_BOTH_DOBS, "8525Q", NEED_ANY },
    { D_NO_DOB, "8525Q", NEED_ANY },
    { D_DISABILITY_NONE_PLUS, "8790", NEED_ANY },
    { D_TWO_OPEN_CPP, "8935", NEED_CP_OPEN },               /* duplicated open plan row */
    { D_CIN_PLAN_IN_CPP, "4001", NEED_CP_OPEN },            /* open CIN plan inside an open CP plan (4016 too) */
    { D_FACTORS_BAD_JSON, "8897Q", NEED_ASSESS_CLOSED },    /* `["2B",`: unreadable factors */
    { D_REFERRAL_DATE_NULL, "8600", NEED_CP_OPEN },         /* open episode, so the build still selects it */
    { D_PP_LETTER_BEFORE_START, "9006", NEED_CP_OPEN, PPD_LETTER_BEFORE_START },
    { D_PP_NO_OFFER, "9007", NEED_CP_OPEN, PPD_NO_OFFER },
    { D_PP_STEP_BEFORE_START, "9009", NEED_CP_OPEN, PPD_STEP_BEFORE_START },
    { D_PP_NO_FACILITATION, "9010Q", NEED_CP_OPEN, PPD_NO_FACILITATION },
    { D_PP_OUTCOME_INVALID, "9011", NEED_CP_OPEN, PPD_OUTCOME_INVALID },   /* 'D': the build refuses it */
    { D_PP_COURT_BEFORE_STEP, "9012", NEED_CP_OPEN, PPD_COURT_BEFORE_STEP },
    { D_PP_LETTER_BEFORE_COURT, "9013", NEED_CP_OPEN, PPD_LETTER_BEFORE_COURT },
    { D_PP_NO_REVIEW_COUNT, "9015Q", NEED_CP_OPEN, PPD_NO_REVIEW_COUNT },
};

/* ------------------------------------------------------------------------
 * The child record.  Arrays are fixed: a child is at most a few kilobytes.
 * Every array is in chronological order of its start date, which is what
 * truncate_episode() relies on.
 * ------------------------------------------------------------------------ */
struct assessment {
    sr_date start, auth;              /* auth NONE: not yet authorised */
    uint8_t n_factors, factors[MAX_FACTORS];
    uint8_t n_absent, absent[2];      /* object form: codes recorded "No" */
    bool object_form, seen, nfa, bad_json;
};

struct s47 {
    sr_date start, end;               /* end NONE: enquiry not completed */
    int8_t icpc;                      /* its conference, -1 none (yet) */
    bool conference, nfa;             /* CP_CONFERENCE_FLAG; S47 NFA */
};

struct icpc {
    sr_date target, date;
    int8_t s47, cpp;                  /* -1: none */
    bool transfer_in, plan;
};

struct cp_plan {
    sr_date start, end;
    int8_t icpc;
    uint8_t initial, latest, n_reviews;
    bool described;
    sr_date due[MAX_REVIEWS], held[MAX_REVIEWS];
};

struct cin_plan {
    sr_date start, end;
};

struct episode {
    sr_date ref, close;
    enum path path;
    uint8_t source, need, reason;     /* need: 0 none, else index + 1 */
    bool nfa, ref_null, transfer_in, strategy;
    uint8_t n_assess, n_s47, n_icpc, n_cpp, n_cinp;
    struct assessment assess[MAX_ASSESS];
    struct s47 s47[MAX_S47];
    struct icpc icpc[MAX_ICPC];
    struct cp_plan cpp[MAX_CPP];
    struct cin_plan cinp[MAX_CINP];
};

struct child {
    unsigned long index;
    enum defect defect;
    sr_date dob, edob, death;
    char sex;
    uint8_t ethnicity, upn_unknown, n_disabilities, disabilities[3];
    bool has_upn, has_former_upn;
    uint64_t name_seed;
    uint8_t n_episodes;
    struct episode ep[MAX_EPISODES];
    uint8_t n_pp;                     /* periods of pre-proceedings (2026-27 on) */
    struct synth_pp pp[SYNTH_PP_MAX];
};

/* Everything fixed for the run. */
struct synth_ctx {
    const struct synth_options *opt;
    int year;
    sr_date period_start, ref_date, extract;
    sr_date school_age_dob;           /* born on or before: of school age at the reference date */
    uint64_t defect_threshold;        /* defects as a fraction of 2^53 */
    uint64_t upn_offset, former_offset;
};

/* ------------------------------------------------------------------------
 * Random numbers: a xoshiro256** stream per (seed, stream, child), see
 * synth/rng.h.
 * ------------------------------------------------------------------------ */
enum stream { STREAM_CHILD = 1, STREAM_DEFECT, STREAM_NAME, STREAM_OFFSETS, STREAM_PRE_PROCEEDINGS = 41 };

/* Weighted pick from the first n entries of a code table. */
static unsigned rng_code(struct rng *r, const struct wcode *t, size_t n)
{
    return rng_weighted_by(r, &t[0].weight, n, sizeof *t);
}

/* ------------------------------------------------------------------------
 * Dates.  Conferences and reviews fall on weekdays other than 25-26
 * December and 1 January (8875, 8870Q); the 15-working-day conference
 * target counts weekdays only, which keeps it on or before the target the
 * rules compute with bank holidays.
 * ------------------------------------------------------------------------ */
static sr_date add_weekdays(sr_date d, int n)
{
    while (n > 0) {
        d++;
        if (date_weekday(d) < 5)
            n--;
    }
    return d;
}

static bool is_meeting_day(sr_date d)
{
    if (date_weekday(d) >= 5)
        return false;
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return !((m == 12 && (day == 25 || day == 26)) || (m == 1 && day == 1));
}

static sr_date meeting_on_or_after(sr_date d)
{
    while (!is_meeting_day(d))
        d++;
    return d;
}

static sr_date meeting_on_or_before(sr_date d)
{
    while (!is_meeting_day(d))
        d--;
    return d;
}

/* ------------------------------------------------------------------------
 * Natural history of one episode.
 * ------------------------------------------------------------------------ */
struct gen {
    const struct synth_ctx *x;
    struct rng *r;
    struct child *c;
    struct episode *ep;
    bool cp_open;      /* defect set-up: the CP plan stays open */
};

static sr_date latest_activity(const struct episode *e)
{
    sr_date d = e->ref;
    for (unsigned i = 0; i < e->n_assess; i++)
        d = synth_dmax(synth_dmax(d, e->assess[i].start), e->assess[i].auth);
    for (unsigned i = 0; i < e->n_s47; i++)
        d = synth_dmax(synth_dmax(d, e->s47[i].start), e->s47[i].end);
    for (unsigned i = 0; i < e->n_icpc; i++)
        d = synth_dmax(d, e->icpc[i].date);
    for (unsigned i = 0; i < e->n_cpp; i++) {
        d = synth_dmax(synth_dmax(d, e->cpp[i].start), e->cpp[i].end);
        if (e->cpp[i].n_reviews)
            d = synth_dmax(d, e->cpp[i].held[e->cpp[i].n_reviews - 1]);
    }
    for (unsigned i = 0; i < e->n_cinp; i++)
        d = synth_dmax(synth_dmax(d, e->cinp[i].start), e->cinp[i].end);
    return d;
}

/* Closure on or after every activity (8565) with its reason (8805/8810). */
static void phase_close(struct gen *g, sr_date d, uint8_t reason)
{
    g->ep->close = synth_dmax(d, latest_activity(g->ep));
    g->ep->reason = reason;
}

static void draw_factors(struct gen *g, struct assessment *a)
{
    unsigned n = rng_weighted(g->r, (const uint16_t[]){ 0, 200, 350, 250, 120, 80 }, 6);
    size_t avail = g->x->year >= 2022 ? N_FACTORS : FACTOR_24A;   /* 24A last: from 2021-22 */
    a->n_factors = 0;
    /* Distinct codes (8898): redraw on a repeat, a bounded number of times. */
    for (unsigned tries = 0; a->n_factors < n && tries < 20; tries++) {
        uint8_t f = (uint8_t)rng_code(g->r, factors, avail);
        bool dup = false;
        for (unsigned i = 0; i < a->n_factors; i++)
            dup |= a->factors[i] == f;
        if (!dup)
            a->factors[a->n_factors++] = f;
    }
    a->object_form = rng_pm(g->r, OBJECT_FACTORS_PM);
    a->n_absent = 0;
    if (a->object_form) {
        unsigned k = (unsigned)rng_range(g->r, 0, 2);
        for (unsigned j = 0; j < k; j++) {
            uint8_t f = (uint8_t)rng_code(g->r, factors, avail);
            bool dup = false;
            for (unsigned i = 0; i < a->n_factors; i++)
                dup |= a->factors[i] == f;
            for (unsigned i = 0; i < a->n_absent; i++)
                dup |= a->absent[i] == f;
            if (!dup)
                a->absent[a->n_absent++] = f;
        }
    }
}

/* An assessment lasting 5 to 60 days: one still open at the reference date
 * then started within 45 working days of it (8670Q) and in the census year
 * (8736).  Every assessment gets factors; they are written only once it is
 * authorised (8614, 8897Q). */
static struct assessment *new_assessment(struct gen *g, sr_date start)
{
    struct episode *e = g->ep;
    if (e->n_assess >= MAX_ASSESS)
        return NULL;
    struct assessment *a = &e->assess[e->n_assess++];
    memset(a, 0, sizeof *a);
    a->start = start;
    a->auth = start + rng_range(g->r, 5, 45) + rng_range(g->r, 0, 15);
    a->seen = !rng_pm(g->r, 40);
    draw_factors(g, a);
    return a;
}

/* The assessment is authorised after the S47 decision or conference it ran
 * alongside, so that a S47 kept by the build's year selection keeps its
 * assessment too (2991Q); never more than 60 days after its start. */
static void extend_auth(struct gen *g, struct assessment *a, sr_date d)
{
    if (!a)
        return;
    sr_date want = d + rng_range(g->r, 0, 7);
    if (want > a->auth)
        a->auth = want;
    if (a->auth > a->start + 60)
        a->auth = synth_dmax(d, a->start + 60);
}

static uint8_t reason_after_plan(struct gen *g, sr_date on, bool after_cp)
{
    const struct child *c = g->c;
    bool adult = c->dob != NONE && on >= date_add_years(c->dob, 17);
    unsigned pick = rng_below(g->r, 1000);
    if (adult && pick < 300)
        return RC6;
    if (pick < 80)
        return RC5;
    if (pick < 120)
        return RC3;
    if (pick < 160)
        return RC4;
    if (after_cp && pick < 175 && c->dob != NONE && on < date_add_years(c->dob, 8))
        return RC1;
    return RC7;
}

static void phase_cin(struct gen *g, sr_date start, bool allow_stepup);

/* A CP plan from its conference date (2885), first review within three
 * months and then every six (8841: reviews after the start), ending at a
 * review or between two.  A CIN plan that follows starts the day the CP
 * plan ends (4016's exception), so no review falls inside it (4003). */
static void phase_cp(struct gen *g, int icpc, sr_date start)
{
    struct episode *e = g->ep;
    if (e->n_cpp >= MAX_CPP) {
        phase_close(g, start, RC7);
        return;
    }
    int k = e->n_cpp++;
    struct cp_plan *p = &e->cpp[k];
    memset(p, 0, sizeof *p);
    p->start = start;
    p->end = NONE;
    p->icpc = (int8_t)icpc;
    e->icpc[icpc].cpp = (int8_t)k;
    p->initial = (uint8_t)rng_code(g->r, categories, N_CATEGORIES);
    p->latest = rng_pm(g->r, 150) ? (uint8_t)rng_code(g->r, categories, N_CATEGORIES) : p->initial;
    p->described = rng_pm(g->r, DESCRIBED_CAT_PM);

    unsigned n = g->cp_open ? MAX_REVIEWS
                            : 1 + rng_weighted(g->r, (const uint16_t[]){ 250, 350, 200, 120, 50, 30 }, 6);
    sr_date prev = start;
    for (unsigned i = 0; i < n && i < MAX_REVIEWS; i++) {
        sr_date due = date_add_months(prev, i == 0 ? 3 : 6);
        sr_date held = rng_pm(g->r, LATE_REVIEW_PM)
                           ? meeting_on_or_after(due + rng_range(g->r, 1, 14))
                           : meeting_on_or_before(due - rng_range(g->r, 0, 10));
        if (held <= prev)
            held = meeting_on_or_after(prev + 1);
        p->due[i] = due;
        p->held[i] = held;
        p->n_reviews = (uint8_t)(i + 1);
        prev = held;
    }
    if (g->cp_open)
        return;   /* never ends: the extract cut leaves it open */

    if (rng_pm(g->r, 880)) {
        p->end = p->held[p->n_reviews - 1];     /* the plan ends at a review */
    } else {
        p->n_reviews--;                          /* ends before the next review */
        sr_date from = p->n_reviews ? p->held[p->n_reviews - 1] : start;
        p->end = from + rng_range(g->r, 20, 120);
    }
    if (rng_pm(g->r, STEPDOWN_PM))
        phase_cin(g, p->end, false);
    else
        phase_close(g, p->end + rng_range(g->r, 0, 30), reason_after_plan(g, p->end, true));
}

enum s47_kind { S47_NO_CONFERENCE, S47_NO_PLAN, S47_PLAN };

static struct icpc *new_icpc(struct episode *e, int s47, sr_date target, sr_date date, bool plan)
{
    if (e->n_icpc >= MAX_ICPC)
        return NULL;
    struct icpc *ic = &e->icpc[e->n_icpc++];
    ic->target = target;
    ic->date = date;
    ic->s47 = (int8_t)s47;
    ic->cpp = -1;
    ic->transfer_in = false;
    ic->plan = plan;
    return ic;
}

/* An S47 enquiry decided within 15 working days (a conference on or before
 * its target, or ICPC not required): one still open at the reference date
 * then started within 15 working days of it (8675Q, 8740).  Returns the CP
 * plan start when a plan followed, else NONE.  in_cin: the enquiry stepped
 * up from a CIN plan, which the caller ends or continues. */
static sr_date phase_s47(struct gen *g, struct assessment *a, sr_date start, enum s47_kind kind,
                         bool in_cin)
{
    struct episode *e = g->ep;
    const struct synth_ctx *x = g->x;
    if (e->n_s47 >= MAX_S47 || e->n_icpc >= MAX_ICPC) {
        if (!in_cin)
            phase_close(g, start, RC7);
        return NONE;
    }
    int si = e->n_s47++;
    struct s47 *s = &e->s47[si];
    s->start = start;
    s->icpc = -1;
    sr_date target = add_weekdays(start, 15);

    if (kind == S47_NO_CONFERENCE) {
        s->end = add_weekdays(start, rng_range(g->r, 2, 12));
        s->conference = false;
        s->nfa = false;
        extend_auth(g, a, s->end);
        if (in_cin)
            return NONE;
        if (rng_pm(g->r, 600)) {
            phase_cin(g, (a ? a->auth : s->end) + rng_range(g->r, 0, 7), true);
        } else {
            s->nfa = true;
            /* RC7, not RC8: RC8/RC9 episodes may not hold an S47 (2990). */
            phase_close(g, (a ? a->auth : s->end) + rng_range(g->r, 0, 14), RC7);
        }
        return NONE;
    }

    sr_date date = meeting_on_or_after(add_weekdays(start, rng_range(g->r, 5, 15)));
    if (rng_pm(g->r, LATE_ICPC_PM)) {
        sr_date late = meeting_on_or_after(add_weekdays(target, rng_range(g->r, 1, 10)));
        /* Late only when that cannot leave an overdue open S47 at the
         * reference date (8675Q). */
        if (!(start <= x->ref_date && late > x->ref_date))
            date = late;
    }
    s->end = date - rng_range(g->r, 0, 3);
    if (s->end < start)
        s->end = start;
    s->conference = true;
    s->nfa = false;
    struct icpc *ic = new_icpc(e, si, target, date, kind == S47_PLAN);
    s->icpc = (int8_t)(ic - e->icpc);
    extend_auth(g, a, date);
    if (kind == S47_PLAN) {
        phase_cp(g, s->icpc, date);
        return date;
    }
    if (in_cin)
        return NONE;
    if (rng_pm(g->r, 700))
        phase_cin(g, date, false);
    else
        phase_close(g, date + rng_range(g->r, 0, 20), RC7);
    return NONE;
}

/* A CIN plan of 2 to 18 months.  It may step up: an S47 enquiry (with a new
 * assessment) during the plan, and if a CP plan follows, the CIN plan ends
 * the day the CP plan starts (4001, 4017's exception). */
static void phase_cin(struct gen *g, sr_date start, bool allow_stepup)
{
    struct episode *e = g->ep;
    if (e->n_cinp >= MAX_CINP) {
        phase_close(g, start, RC7);
        return;
    }
    struct cin_plan *p = &e->cinp[e->n_cinp++];
    int dur = rng_range(g->r, 60, 180) + rng_range(g->r, 0, 360);
    sr_date end = start + dur;
    p->start = start;
    p->end = NONE;
    if (allow_stepup && rng_pm(g->r, STEPUP_PM)) {
        sr_date s = start + rng_range(g->r, 20, dur - 10);
        struct assessment *a = new_assessment(g, s);
        unsigned k = rng_below(g->r, 1000);
        enum s47_kind kind = k < 700 ? S47_PLAN : k < 850 ? S47_NO_CONFERENCE : S47_NO_PLAN;
        e->strategy = true;
        sr_date cp = phase_s47(g, a, s, kind, true);
        if (cp != NONE) {
            p->end = cp;
            return;
        }
    }
    p->end = end;
    phase_close(g, end, reason_after_plan(g, end, false));
}

static uint8_t referral_source(struct gen *g)
{
    /* 5D (early help) is valid from 2022-23 only. */
    size_t n = N_SOURCES;
    for (;;) {
        uint8_t s = (uint8_t)rng_code(g->r, referral_sources, n);
        if (s != SRC_5D || g->x->year >= 2023)
            return s;
    }
}

/* The natural history of one episode from its referral date. */
static void gen_episode(struct gen *g, sr_date ref, enum path path)
{
    const struct synth_ctx *x = g->x;
    struct episode *e = g->ep;
    memset(e, 0, sizeof *e);
    e->ref = ref;
    e->close = NONE;
    e->path = path;
    e->source = referral_source(g);

    if (path == P_NFA) {
        e->nfa = true;
        if (rng_pm(g->r, NEED_ON_NFA_PM))
            e->need = (uint8_t)(rng_code(g->r, primary_needs, N_NEEDS) + 1);
        /* An NFA referral before the census year must not reach into it
         * (8569Q); one left open is always in the census year or later. */
        if (ref >= x->period_start && rng_pm(g->r, NFA_OPEN_PM))
            return;
        sr_date close = rng_pm(g->r, 600) ? ref : ref + rng_range(g->r, 1, 3);
        if (ref < x->period_start && close >= x->period_start)
            close = ref;
        e->close = close;
        e->reason = RC7;
        return;
    }

    e->nfa = false;
    e->need = (uint8_t)(rng_code(g->r, primary_needs, N_NEEDS) + 1);   /* 8610 */
    struct assessment *a = new_assessment(g, ref + rng_range(g->r, 0, 5));   /* 1103 */

    switch (path) {
    case P_ASSESS: {
        sr_date close = a->auth + rng_range(g->r, 0, 14);
        /* Never straddle the start or the end of the census year: the
         * year's return would hold the RC8/RC9 closure without its
         * assessment (8825Q), or an open episode whose only assessment
         * says "no factors" (8873Q). */
        if ((a->auth < x->period_start && close >= x->period_start)
            || (a->auth <= x->ref_date && close > x->ref_date))
            close = a->auth;
        a->nfa = true;
        if (rng_pm(g->r, FACTOR21_PM)) {
            a->n_factors = 1;          /* 21 stands alone (8869) */
            a->factors[0] = FACTOR_21;
            a->n_absent = 0;
        }
        uint8_t reason = (x->year >= 2023 && rng_pm(g->r, RC9_PM)) ? RC9 : RC8;
        phase_close(g, close, reason);
        break;
    }
    case P_CIN:
        phase_cin(g, a->auth + rng_range(g->r, 0, 7), true);
        break;
    case P_S47:
    case P_S47_ICPC:
    case P_CP: {
        e->strategy = true;
        enum s47_kind kind = path == P_S47 ? S47_NO_CONFERENCE : path == P_S47_ICPC ? S47_NO_PLAN : S47_PLAN;
        phase_s47(g, a, a->start + rng_range(g->r, 0, 10), kind, false);   /* 2889 */
        break;
    }
    case P_ICPC_ONLY: {
        /* A conference recorded on the referral, with no S47: mostly a
         * child moving in on another LA's plan. */
        bool transfer = rng_pm(g->r, 700);
        sr_date date = meeting_on_or_after(add_weekdays(ref, rng_range(g->r, 3, 12)));   /* 1104 */
        struct icpc *ic = new_icpc(e, -1, transfer ? NONE : add_weekdays(ref, 15), date, true);
        ic->transfer_in = transfer;
        e->transfer_in = transfer;
        if (transfer)
            e->source = SRC_5C;
        extend_auth(g, a, date);
        phase_cp(g, (int)(ic - e->icpc), date);
        break;
    }
    case P_NFA:
    case P__COUNT:
        break;
    }
}

/* Cuts an episode as a replica read on `limit` shows it: nothing that
 * starts later exists, nothing that ends later has ended. */
static void truncate_episode(struct episode *e, sr_date limit)
{
    if (e->close != NONE && e->close > limit) {
        e->close = NONE;
        e->reason = 0;
    }
    while (e->n_assess && e->assess[e->n_assess - 1].start > limit)
        e->n_assess--;
    for (unsigned i = 0; i < e->n_assess; i++)
        if (e->assess[i].auth > limit)
            e->assess[i].auth = NONE;
    while (e->n_s47 && e->s47[e->n_s47 - 1].start > limit)
        e->n_s47--;
    for (unsigned i = 0; i < e->n_s47; i++)
        if (e->s47[i].end > limit)
            e->s47[i].end = NONE;
    while (e->n_icpc && e->icpc[e->n_icpc - 1].date > limit)
        e->n_icpc--;
    for (unsigned i = 0; i < e->n_s47; i++)
        if (e->s47[i].icpc >= (int)e->n_icpc)
            e->s47[i].icpc = -1;       /* conference agreed, not yet held */
    while (e->n_cpp && e->cpp[e->n_cpp - 1].start > limit)
        e->n_cpp--;
    for (unsigned i = 0; i < e->n_cpp; i++) {
        struct cp_plan *p = &e->cpp[i];
        if (p->end > limit)
            p->end = NONE;
        while (p->n_reviews && p->held[p->n_reviews - 1] > limit)
            p->n_reviews--;
    }
    while (e->n_cinp && e->cinp[e->n_cinp - 1].start > limit)
        e->n_cinp--;
    for (unsigned i = 0; i < e->n_cinp; i++)
        if (e->cinp[i].end > limit)
            e->cinp[i].end = NONE;
}

/* Closes everything still open on day d (death, 18th birthday): assessments
 * authorised (8867), enquiries completed without conference (8868), plans
 * ended, the episode closed.  Everything open started before d. */
static void close_all(struct episode *e, sr_date d, uint8_t reason)
{
    for (unsigned i = 0; i < e->n_assess; i++)
        if (e->assess[i].auth == NONE)
            e->assess[i].auth = d;
    for (unsigned i = 0; i < e->n_s47; i++) {
        struct s47 *s = &e->s47[i];
        if (s->end == NONE) {
            s->end = d;
            s->conference = false;
            s->nfa = true;
        } else if (s->conference && s->icpc < 0) {
            s->conference = false;
        }
    }
    for (unsigned i = 0; i < e->n_cpp; i++)
        if (e->cpp[i].end == NONE)
            e->cpp[i].end = d;
    for (unsigned i = 0; i < e->n_cinp; i++)
        if (e->cinp[i].end == NONE)
            e->cinp[i].end = d;
    e->close = d;
    /* An assessment-only episode closes as one (8873Q when it said "21"). */
    e->reason = (e->path == P_ASSESS && reason != RC2) ? RC8 : reason;
}

/* ------------------------------------------------------------------------
 * The whole child.
 * ------------------------------------------------------------------------ */
static enum defect defect_of(const struct synth_ctx *x, unsigned long index)
{
    if (!x->defect_threshold)
        return D_NONE;
    uint64_t h = rng_key(x->opt->seed, STREAM_DEFECT, index);
    if ((h >> 11) >= x->defect_threshold)
        return D_NONE;
    uint64_t k = rng_key(x->opt->seed, STREAM_DEFECT + 100, index);
    unsigned kinds = x->year >= CIN_PP_FIRST_YEAR ? D__COUNT : D__COUNT_BEFORE_PP;
    return (enum defect)(1 + k % (kinds - 1));
}

/* Age at the first referral, in days: negative for a pre-birth referral
 * (8606: at most 280 days before birth). */
static int draw_age_days(struct rng *r)
{
    static const uint16_t w[] = { 30, 120, 200, 250, 320, 80 };
    static const int lo[] = { -200, 0, 365, 5 * 365, 10 * 365, 16 * 365 };
    static const int hi[] = { -1, 364, 5 * 365 - 1, 10 * 365 - 1, 16 * 365 - 1, 17 * 365 + 300 };
    unsigned b = rng_weighted(r, w, sizeof w / sizeof w[0]);
    return rng_range(r, lo[b], hi[b]);
}

static bool child_in_year(const struct synth_ctx *x, const struct child *c)
{
    for (unsigned i = 0; i < c->n_episodes; i++) {
        const struct episode *e = &c->ep[i];
        if (e->ref <= x->ref_date && (e->close == NONE || e->close >= x->period_start))
            return true;
    }
    return false;
}

static bool all_nfa(const struct child *c)
{
    for (unsigned i = 0; i < c->n_episodes; i++)
        if (!c->ep[i].nfa)
            return false;
    return true;
}

static void draw_demographics(struct gen *g, bool unborn)
{
    struct child *c = g->c;
    if (unborn) {
        c->sex = 'U';                                            /* 8750 */
        c->ethnicity = rng_pm(g->r, 400) ? ETH_NOBT
                                        : (uint8_t)rng_code(g->r, ethnicities, N_ETHNICITIES);
    } else {
        unsigned s = rng_below(g->r, 1000);
        c->sex = s < 505 ? 'M' : s < 995 ? 'F' : 'U';
        c->ethnicity = (uint8_t)rng_code(g->r, ethnicities, N_ETHNICITIES);
    }
    c->name_seed = rng_next(g->r);
}

/* Episodes one after another from r0, each closed before the next referral
 * (8815, 8816, 8820), cut at the extract date or the 18th birthday. */
static void gen_chain(struct gen *g, sr_date r0, unsigned n_eps, const uint16_t *weights)
{
    const struct synth_ctx *x = g->x;
    struct child *c = g->c;
    sr_date limit = x->extract;
    sr_date adult = NONE;
    uint8_t adult_reason = RC6;
    if (c->dob != NONE) {
        adult = date_add_years(c->dob, 18);
        if (adult - 1 < limit)
            limit = adult - 1;
        adult_reason = rng_pm(g->r, 600) ? RC6 : RC7;
    }
    sr_date t = r0;
    for (unsigned k = 0; k < n_eps && k < MAX_EPISODES && t <= limit; k++) {
        if (k > 0 && adult != NONE && t > adult - 60)
            break;
        g->ep = &c->ep[c->n_episodes++];
        gen_episode(g, t, (enum path)rng_weighted(g->r, weights, P__COUNT));
        truncate_episode(g->ep, limit);
        if (g->ep->close == NONE) {
            if (adult != NONE && limit == adult - 1)
                close_all(g->ep, adult, adult_reason);
            break;
        }
        t = g->ep->close + rng_range(g->r, 14, 120) + rng_range(g->r, 0, 700);
    }
}

/* Disabilities: NONE for most, 1-3 codes for some (8790, 8794); none for
 * unborn children, and sometimes none where only NFA referrals were made
 * (8540 asks for them only when a referral went further). */
static void draw_disabilities(struct gen *g)
{
    struct child *c = g->c;
    c->n_disabilities = 0;
    if (c->dob == NONE)
        return;
    if (all_nfa(c) && rng_pm(g->r, NO_DISABILITY_ROWS_PM))
        return;
    if (!rng_pm(g->r, DISABLED_PM)) {
        c->disabilities[c->n_disabilities++] = 0;
        return;
    }
    unsigned n = 1 + rng_weighted(g->r, (const uint16_t[]){ 650, 250, 100 }, 3);
    for (unsigned tries = 0; c->n_disabilities < n && tries < 20; tries++) {
        uint8_t d = (uint8_t)(1 + rng_code(g->r, disabilities + 1, N_DISABILITIES - 1));
        bool dup = false;
        for (unsigned i = 0; i < c->n_disabilities; i++)
            dup |= c->disabilities[i] == d;
        if (!dup)
            c->disabilities[c->n_disabilities++] = d;
    }
}

/* UPN for every child of school age at the reference date, bar a few with
 * a UN2..UN6 reason (8770Q); UN1 for younger ones, or UN7 when every
 * referral was NFA (8772). */
static void draw_upn(struct gen *g, bool force)
{
    const struct synth_ctx *x = g->x;
    struct child *c = g->c;
    c->has_upn = false;
    c->has_former_upn = false;
    c->upn_unknown = 0;
    if (c->dob != NONE && c->dob <= x->school_age_dob) {
        if (force || rng_pm(g->r, UPN_SCHOOL_AGE_PM)) {
            c->has_upn = true;
            c->has_former_upn = rng_pm(g->r, FORMER_UPN_PM);
        } else {
            c->upn_unknown = (uint8_t)rng_weighted(g->r, school_age_unknown_weights, 8);
        }
        return;
    }
    c->upn_unknown = (all_nfa(c) && rng_pm(g->r, UN7_PM)) ? 7 : 1;
}

/* A child given a defect: born, one episode in the census year. */
static void gen_defect_child(struct gen *g, const struct defect_kind *dk)
{
    const struct synth_ctx *x = g->x;
    struct child *c = g->c;
    struct rng *r = g->r;
    draw_demographics(g, false);

    if (dk->need == NEED_DEATH) {
        /* NFA referral, death, then a referral after the death. */
        sr_date r1 = rng_date(r, x->period_start + 14, x->ref_date - 60);
        c->dob = r1 - rng_range(r, 365, 15 * 365);
        c->death = r1 + rng_range(r, 5, 20);
        struct episode *e = &c->ep[c->n_episodes++];
        g->ep = e;
        gen_episode(g, r1, P_NFA);
        e->close = r1;
        e->reason = RC7;
        e = &c->ep[c->n_episodes++];
        g->ep = e;
        gen_episode(g, c->death + rng_range(r, 1, 10), P_NFA);
        e->close = e->ref;
        e->reason = RC7;
        return;
    }

    sr_date t = rng_date(r, x->period_start + 14, x->ref_date - 120);
    int age_years = dk->need == NEED_SCHOOL_AGE ? rng_range(r, 7, 15) : rng_range(r, 1, 15);
    c->dob = t - age_years * 365 - rng_range(r, 0, 364);
    enum path path;
    switch (dk->need) {
    case NEED_ASSESS_CLOSED:
        path = P_ASSESS;
        break;
    case NEED_CP_OPEN:
        path = P_CP;
        g->cp_open = true;
        break;
    case NEED_ANY:
    case NEED_SCHOOL_AGE:
    case NEED_DEATH:
    default:
        path = (enum path)rng_weighted(r, path_weights, P__COUNT);
        break;
    }
    g->ep = &c->ep[c->n_episodes++];
    gen_episode(g, t, path);
    truncate_episode(g->ep, x->extract);
    g->cp_open = false;
}

/* The defect itself, applied to the finished history. */
static void apply_defect(struct gen *g)
{
    struct child *c = g->c;
    struct rng *r = g->r;
    struct episode *e = &c->ep[0];
    switch (c->defect) {
    case D_ASSESS_BEFORE_REFERRAL:
        e->assess[0].start = e->ref - rng_range(r, 1, 10);
        break;
    case D_CPP_END_BEFORE_START:
        e->cpp[0].end = e->cpp[0].start - rng_range(r, 1, 14);
        break;
    case D_CLOSED_BEFORE_ASSESSMENT:
        e->close = synth_dmax(e->ref, e->assess[0].auth - rng_range(r, 1, 4));
        break;
    case D_ICPC_WEEKEND: {
        struct icpc *ic = &e->icpc[0];
        ic->date += 5 - date_weekday(ic->date);     /* the Saturday after */
        if (ic->cpp >= 0)
            e->cpp[ic->cpp].start = ic->date;      /* keep 2885 quiet: one defect */
        break;
    }
    case D_ETHNICITY_MISSING:
        c->ethnicity = ETH_NULL;
        break;
    case D_ETHNICITY_INVALID:
        c->ethnicity = ETH_INVALID;
        break;
    case D_SOURCE_INVALID:
        e->source = SRC_INVALID;
        break;
    case D_BOTH_DOBS:
        c->edob = c->dob + rng_range(r, -14, 14);
        break;
    case D_NO_DOB:
        c->dob = NONE;
        break;
    case D_DISABILITY_NONE_PLUS:
        c->n_disabilities = 2;
        c->disabilities[0] = 0;
        c->disabilities[1] = (uint8_t)(1 + rng_code(r, disabilities + 1, N_DISABILITIES - 1));
        break;
    case D_TWO_OPEN_CPP:
        if (e->n_cpp && e->n_cpp < MAX_CPP) {
            e->cpp[e->n_cpp] = e->cpp[0];
            e->cpp[e->n_cpp].n_reviews = 0;
            e->cpp[0].end = NONE;
            e->n_cpp++;
        }
        break;
    case D_CIN_PLAN_IN_CPP:
        if (e->n_cpp && e->n_cinp < MAX_CINP) {
            struct cin_plan *p = &e->cinp[e->n_cinp++];
            p->start = e->cpp[0].start + rng_range(r, 10, 40);
            p->end = NONE;
        }
        break;
    case D_FACTORS_BAD_JSON:
        e->assess[0].bad_json = true;
        break;
    case D_REFERRAL_DATE_NULL:
        e->ref_null = true;
        break;
    case D_UPN_CHECK_LETTER:
    case D_UPN_LA:
    case D_UPN_DUPLICATE:     /* applied when the UPN is written */
    case D_REFERRAL_AFTER_DEATH:   /* built by gen_defect_child */
    case D_PP_LETTER_BEFORE_START: /* put in by draw_pre_proceedings */
    case D_PP_NO_OFFER:
    case D_PP_STEP_BEFORE_START:
    case D_PP_NO_FACILITATION:
    case D_PP_OUTCOME_INVALID:
    case D_PP_COURT_BEFORE_STEP:
    case D_PP_LETTER_BEFORE_COURT:
    case D_PP_NO_REVIEW_COUNT:
    case D_NONE:
    case D__COUNT:
        break;
    }
}

static void gen_history(const struct synth_ctx *x, unsigned long index, struct child *c)
{
    struct rng r;
    rng_seed(&r, x->opt->seed, STREAM_CHILD, index);
    struct gen g = { .x = x, .r = &r, .c = c, .ep = NULL, .cp_open = false };

    c->index = index;
    c->defect = defect_of(x, index);
    c->dob = c->edob = c->death = NONE;
    c->n_episodes = 0;
    c->n_disabilities = 0;

    if (c->defect != D_NONE) {
        const struct defect_kind *dk = &defect_kinds[c->defect];
        gen_defect_child(&g, dk);
        draw_disabilities(&g);
        draw_upn(&g, dk->need == NEED_SCHOOL_AGE);
        apply_defect(&g);
        return;
    }

    unsigned kind = rng_below(&r, 1000);
    if (kind < UNBORN_PM) {
        /* Unborn at the extract: expected within 9 months of the
         * reference date and after the extract (8530Q), referred in the
         * last months of the census year, at most 280 days before the
         * expected date (8606).  No disabilities (8540 needs a DOB). */
        draw_demographics(&g, true);
        c->edob = rng_date(&r, x->extract + 1, x->ref_date + 262);
        sr_date ref = rng_date(&r, synth_dmax(c->edob - 270, x->period_start), x->ref_date);
        gen_chain(&g, ref, 1, unborn_path_weights);
    } else if (kind < UNBORN_PM + DEATH_PM) {
        /* Dies in the census year (8545Q) with an episode open, closed RC2
         * on the day (8585Q); nothing after the death (8555Q, 4008, 8915). */
        draw_demographics(&g, false);
        sr_date r0 = rng_date(&r, x->period_start - 200, x->ref_date - 45);
        c->dob = r0 - rng_range(&r, 0, 15 * 365);
        sr_date d = rng_date(&r, synth_dmax(x->period_start, r0 + 14), x->ref_date);
        static const uint16_t w[P__COUNT] = { [P_CIN] = 500, [P_CP] = 300, [P_S47] = 200 };
        g.ep = &c->ep[c->n_episodes++];
        gen_episode(&g, r0, (enum path)rng_weighted(&r, w, P__COUNT));
        struct episode *e = g.ep;
        if (e->close != NONE && e->close < d) {
            if (e->close >= x->period_start && e->close > r0) {
                c->death = e->close;
                e->reason = RC2;
            }
        } else {
            truncate_episode(e, d - 1);
            close_all(e, d, RC2);
            c->death = d;
        }
    } else {
        draw_demographics(&g, false);
        /* First referrals spread over the years before, during and after
         * the census year, so the build's year selection has work to do. */
        unsigned when = rng_below(&r, 1000);
        sr_date r0;
        if (when < 500)
            r0 = rng_date(&r, date_add_years(x->period_start, -HISTORY_YEARS), x->period_start - 1);
        else if (when < 900)
            r0 = rng_date(&r, x->period_start, x->ref_date);
        else
            r0 = rng_date(&r, x->ref_date + 1, x->extract - 1);
        c->dob = r0 - draw_age_days(&r);
        /* Born by the reference date if referred by it (8520), by the
         * extract otherwise. */
        sr_date born_by = r0 <= x->ref_date ? x->ref_date : x->extract;
        if (c->dob > born_by)
            c->dob = born_by - rng_range(&r, 0, 20);
        unsigned n = rng_weighted(&r, episodes_weights, sizeof episodes_weights / sizeof episodes_weights[0]);
        gen_chain(&g, r0, n, path_weights);
    }
    draw_disabilities(&g);
    draw_upn(&g, false);
}

/* 2026-27 on: the periods of pre-proceedings of the finished history, from
 * their own random stream.  A child given one of the module's defects has
 * a complete period in its (CP) episode that carries it. */
static void draw_pre_proceedings(const struct synth_ctx *x, struct child *c)
{
    struct synth_pp_episode eps[MAX_EPISODES];
    const struct synth_pp_year y = { x->period_start, x->ref_date, x->extract };
    enum synth_pp_defect d = defect_kinds[c->defect].pp;
    struct rng r;

    c->n_pp = 0;
    if (x->year < CIN_PP_FIRST_YEAR)
        return;
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        eps[k].ref = e->ref;
        eps[k].close = e->close;
        eps[k].cp_start = e->n_cpp ? e->cpp[0].start : NONE;
        eps[k].cp_end = e->n_cpp ? e->cpp[0].end : NONE;
    }
    rng_seed(&r, x->opt->seed, STREAM_PRE_PROCEEDINGS, c->index);
    c->n_pp = (uint8_t)synth_pp_draw(&r, &y, eps, c->n_episodes, d != PPD_NONE, c->pp);
    if (d != PPD_NONE && c->n_pp)
        synth_pp_defect(&r, &c->pp[0], d);
}

static void gen_child(const struct synth_ctx *x, unsigned long index, struct child *c)
{
    gen_history(x, index, c);
    draw_pre_proceedings(x, c);
}

/* ------------------------------------------------------------------------
 * Ids and invented values.
 * ------------------------------------------------------------------------ */

/* Ids: a table letter, the child number (1-based, at least 7 digits), then
 * fixed-width position digits, so every id is unique and alphanumeric. */
static const char *make_id(char out[32], char prefix, unsigned long index, int a, int b, int c)
{
    const char table[2] = { prefix, '\0' };
    size_t k = synth_id(out, table, index + 1, 7);
    if (a >= 0)
        out[k++] = (char)('0' + a % 10);
    if (b >= 0)
        out[k++] = (char)('0' + b % 10);
    if (c >= 0) {
        out[k++] = (char)('0' + (c / 10) % 10);
        out[k++] = (char)('0' + c % 10);
    }
    out[k] = '\0';
    return out;
}

/* Teams and workers: invented, derived from the row so they cost no state. */
static void col_team(struct synth_sink *s, const struct synth_ctx *x, unsigned long index, unsigned salt)
{
    char b[8];
    synth_team_code(b, 1 + (unsigned)(rng_key(x->opt->seed, 1000 + salt, index) % 14));
    col_text(s, b);
}

static void col_worker(struct synth_sink *s, const struct synth_ctx *x, unsigned long index, unsigned salt)
{
    char b[8] = "W";
    uint64_t h = rng_key(x->opt->seed, 2000 + salt, index);
    synth_put_digits(b + 1, 1 + (unsigned long)(h % 99999), 5);
    b[6] = '\0';
    col_text(s, b);
}

/* Names: syllables that read as invented, never a list of real names. */
static const char *const syllables[] = {
    "zan", "qui", "xor", "bel", "tri", "vex", "mor", "lun", "pax", "zel", "kir", "dro",
    "fen", "oph", "rux", "tiv", "quo", "zym", "yth", "gax", "ble", "nox", "wix", "jur",
};
static const struct synth_syllables cin_syllables = { syllables, sizeof syllables / sizeof syllables[0] };

/* ------------------------------------------------------------------------
 * UPNs.
 * ------------------------------------------------------------------------ */
static bool upn_defect(enum defect d)
{
    return d == D_UPN_CHECK_LETTER || d == D_UPN_LA || d == D_UPN_DUPLICATE;
}

/* Distinct serials per child: index times a multiplier coprime to the
 * serial space is a bijection on it. */
static void base_upn(const struct synth_ctx *x, unsigned long index, char out[14])
{
    unsigned long serial = (unsigned long)((index * 7919ULL + x->upn_offset) % UPN_SERIALS);
    upn_make(out, x->opt->la, serial, '\0');
}

static void former_upn(const struct synth_ctx *x, unsigned long index, char out[14])
{
    unsigned long serial = UPN_SERIALS + (unsigned long)((index * 104729ULL + x->former_offset) % UPN_SERIALS);
    int la = former_las[rng_key(x->opt->seed, STREAM_OFFSETS + 7, index) % (sizeof former_las / sizeof former_las[0])];
    if (la == x->opt->la)
        la = former_las[0] == la ? former_las[1] : former_las[0];
    upn_make(out, la, serial, '\0');
}

/* The UPN written for c, defects applied.  Returns false when c has none.
 * The duplicate defect borrows the UPN of a nearby child that has one and
 * is in the census year (found by regenerating neighbours into scratch); if
 * there is none, the child gets a wrong check letter instead. */
static bool child_upn(const struct synth_ctx *x, const struct child *c, struct child *scratch, char out[14])
{
    if (!c->has_upn)
        return false;
    enum defect d = c->defect;
    if (d == D_UPN_DUPLICATE) {
        unsigned long n = x->opt->children;
        for (unsigned long delta = 1; delta <= 64; delta++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                if (sign < 0 ? delta > c->index : c->index + delta >= n)
                    continue;
                unsigned long j = sign < 0 ? c->index - delta : c->index + delta;
                gen_child(x, j, scratch);
                if (scratch->has_upn && !upn_defect(scratch->defect) && child_in_year(x, scratch)) {
                    base_upn(x, j, out);
                    return true;
                }
            }
        }
        d = D_UPN_CHECK_LETTER;
    }
    if (d == D_UPN_LA) {
        upn_make(out, 999, (unsigned long)((c->index * 7919ULL + x->upn_offset) % UPN_SERIALS), '\0');
        return true;
    }
    base_upn(x, c->index, out);
    if (d == D_UPN_CHECK_LETTER)
        synth_upn_wrong_check_letter(out);
    return true;
}

/* ------------------------------------------------------------------------
 * JSON columns, in SSD's shapes.
 * ------------------------------------------------------------------------ */
static void put_flag_json(struct synth_sink *s, const char *key, bool yes, bool first)
{
    if (!first)
        sink_put(s, ", ", 2);
    sink_put(s, "\"", 1);
    sink_str(s, key);
    sink_str(s, yes ? "\": \"Y\"" : "\": \"N\"");
}

static void col_referral_outcome(struct synth_sink *s, const struct episode *e)
{
    col_sep(s);
    sink_put(s, "{", 1);
    put_flag_json(s, "SINGLE_ASSESSMENT_FLAG", e->n_assess > 0, true);
    put_flag_json(s, "NFA_FLAG", e->nfa, false);
    put_flag_json(s, "STRATEGY_DISCUSSION_FLAG", e->strategy, false);
    put_flag_json(s, "CLA_REQUEST_FLAG", false, false);
    put_flag_json(s, "NON_AGENCY_ADOPTION_FLAG", false, false);
    put_flag_json(s, "PRIVATE_FOSTERING_FLAG", false, false);
    put_flag_json(s, "CP_TRANSFER_IN_FLAG", e->transfer_in, false);
    put_flag_json(s, "CP_CONFERENCE_FLAG", e->n_icpc > 0, false);
    put_flag_json(s, "CARE_LEAVER_FLAG", false, false);
    put_flag_json(s, "OTHER_OUTCOMES_EXIST_FLAG", false, false);
    sink_put(s, "}", 1);
}

static void col_assessment_outcome(struct synth_sink *s, const struct assessment *a)
{
    if (a->auth == NONE) {
        col_text(s, NULL);
        return;
    }
    col_sep(s);
    sink_put(s, "{", 1);
    put_flag_json(s, "NFA_FLAG", a->nfa, true);
    put_flag_json(s, "NFA_S47_END_FLAG", false, false);
    put_flag_json(s, "STRATEGY_DISCUSSION_FLAG", false, false);
    put_flag_json(s, "CLA_REQUEST_FLAG", false, false);
    put_flag_json(s, "PRIVATE_FOSTERING_FLAG", false, false);
    put_flag_json(s, "LEGAL_ACTION_FLAG", false, false);
    put_flag_json(s, "PROV_OF_SERVICES_FLAG", !a->nfa, false);
    put_flag_json(s, "PROV_OF_SB_CARE_FLAG", false, false);
    put_flag_json(s, "SPECIALIST_ASSESSMENT_FLAG", false, false);
    put_flag_json(s, "REFERRAL_TO_OTHER_AGENCY_FLAG", false, false);
    put_flag_json(s, "OTHER_ACTIONS_FLAG", false, false);
    put_flag_json(s, "OTHER_OUTCOMES_EXIST_FLAG", false, false);
    sink_str(s, ", \"TOTAL_NO_OF_OUTCOMES\": 1, \"COMMENTS\": \"\"}");
}

static const char *factor_code(uint8_t f)
{
    return f == FACTOR_21 ? "21" : factors[f].code;
}

static void col_factors(struct synth_sink *s, const struct assessment *a)
{
    col_sep(s);
    if (a->bad_json) {
        sink_str(s, "[\"2B\",");
        return;
    }
    if (a->object_form) {
        sink_put(s, "{", 1);
        for (unsigned i = 0; i < a->n_factors; i++) {
            if (i)
                sink_put(s, ", ", 2);
            sink_put(s, "\"", 1);
            sink_str(s, factor_code(a->factors[i]));
            sink_str(s, "\": \"Yes\"");
        }
        for (unsigned i = 0; i < a->n_absent; i++) {
            sink_put(s, ", \"", 3);
            sink_str(s, factor_code(a->absent[i]));
            sink_str(s, "\": \"No\"");
        }
        sink_put(s, "}", 1);
        return;
    }
    sink_put(s, "[", 1);
    for (unsigned i = 0; i < a->n_factors; i++) {
        if (i)
            sink_put(s, ",", 1);
        sink_put(s, "\"", 1);
        sink_str(s, factor_code(a->factors[i]));
        sink_put(s, "\"", 1);
    }
    sink_put(s, "]", 1);
}

static void col_s47_outcome(struct synth_sink *s, const struct s47 *q)
{
    if (q->end == NONE) {
        col_text(s, NULL);
        return;
    }
    col_sep(s);
    sink_put(s, "{", 1);
    put_flag_json(s, "NFA_FLAG", q->nfa, true);
    put_flag_json(s, "LEGAL_ACTION_FLAG", false, false);
    put_flag_json(s, "PROV_OF_SERVICES_FLAG", !q->nfa && !q->conference, false);
    put_flag_json(s, "PROV_OF_SB_CARE_FLAG", false, false);
    put_flag_json(s, "CP_CONFERENCE_FLAG", q->conference, false);
    put_flag_json(s, "NFA_CONTINUE_SINGLE_FLAG", false, false);
    put_flag_json(s, "MONITOR_FLAG", false, false);
    put_flag_json(s, "OTHER_OUTCOMES_EXIST_FLAG", false, false);
    sink_str(s, ", \"TOTAL_NO_OF_OUTCOMES\": 1, \"OUTCOME_COMMENTS\": \"\"}");
}

static void col_icpc_outcome(struct synth_sink *s, const struct icpc *ic)
{
    col_sep(s);
    sink_put(s, "{", 1);
    put_flag_json(s, "NFA_FLAG", false, true);
    put_flag_json(s, "REFERRAL_TO_OTHER_AGENCY_FLAG", false, false);
    put_flag_json(s, "SINGLE_ASSESSMENT_FLAG", false, false);
    put_flag_json(s, "PROV_OF_SERVICES_FLAG", !ic->plan, false);
    put_flag_json(s, "CP_FLAG", ic->plan, false);
    put_flag_json(s, "OTHER_OUTCOMES_EXIST_FLAG", false, false);
    sink_str(s, ", \"TOTAL_NO_OF_OUTCOMES\": 1, \"COMMENTS\": \"\"}");
}

/* ------------------------------------------------------------------------
 * Tables.
 * ------------------------------------------------------------------------ */
enum table {
    T_PERSON, T_LINKED, T_DISABILITY, T_EPISODES, T_ASSESSMENTS, T_FACTORS,
    T_CIN_PLANS, T_S47, T_ICPC, T_CP_PLANS, T_CP_REVIEWS,
    T_PRE_PROCEEDINGS, T_PRE_PROCEEDINGS_EXT,     /* 2026-27 on */
    T__COUNT
};

static const char *const copy_headers[T__COUNT] = {
    [T_PERSON] = "COPY ssd_person (pers_person_id, pers_legacy_id, pers_common_child_id, "
                 "pers_forename, pers_surname, pers_sex, pers_gender, pers_ethnicity, pers_dob, "
                 "pers_expected_dob, pers_death_date, pers_upn_unknown, pers_send_flag, "
                 "pers_is_mother, pers_nationality) FROM stdin;\n",
    [T_LINKED] = "COPY ssd_linked_identifiers (link_table_id, link_person_id, link_identifier_type, "
                 "link_identifier_value, link_valid_from_date, link_valid_to_date) FROM stdin;\n",
    [T_DISABILITY] = "COPY ssd_disability (disa_table_id, disa_person_id, disa_disability_code) FROM stdin;\n",
    [T_EPISODES] = "COPY ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, "
                   "cine_cin_primary_need_code, cine_referral_source_code, cine_referral_source_desc, "
                   "cine_referral_outcome_json, cine_referral_nfa, cine_close_reason, cine_close_date, "
                   "cine_referral_team, cine_referral_worker_id) FROM stdin;\n",
    [T_ASSESSMENTS] = "COPY ssd_cin_assessments (cina_assessment_id, cina_person_id, cina_referral_id, "
                      "cina_assessment_start_date, cina_assessment_child_seen, cina_assessment_auth_date, "
                      "cina_assessment_outcome_json, cina_assessment_outcome_nfa, cina_assessment_team, "
                      "cina_assessment_worker_id) FROM stdin;\n",
    [T_FACTORS] = "COPY ssd_assessment_factors (cinf_table_id, cinf_assessment_id, "
                  "cinf_assessment_factors_json) FROM stdin;\n",
    [T_CIN_PLANS] = "COPY ssd_cin_plans (cinp_cin_plan_id, cinp_referral_id, cinp_person_id, "
                    "cinp_cin_plan_start_date, cinp_cin_plan_end_date, cinp_cin_plan_team, "
                    "cinp_cin_plan_worker_id) FROM stdin;\n",
    [T_S47] = "COPY ssd_s47_enquiry (s47e_s47_enquiry_id, s47e_referral_id, s47e_person_id, "
              "s47e_s47_start_date, s47e_s47_end_date, s47e_s47_nfa, s47e_s47_outcome_json, "
              "s47e_s47_completed_by_worker_id, s47e_s47_completed_by_team) FROM stdin;\n",
    [T_ICPC] = "COPY ssd_initial_cp_conference (icpc_icpc_id, icpc_icpc_meeting_id, icpc_s47_enquiry_id, "
               "icpc_person_id, icpc_cp_plan_id, icpc_referral_id, icpc_icpc_transfer_in, "
               "icpc_icpc_target_date, icpc_icpc_date, icpc_icpc_outcome_cp_flag, "
               "icpc_icpc_outcome_json, icpc_icpc_team, icpc_icpc_worker_id) FROM stdin;\n",
    [T_CP_PLANS] = "COPY ssd_cp_plans (cppl_cp_plan_id, cppl_referral_id, cppl_icpc_id, cppl_person_id, "
                   "cppl_cp_plan_start_date, cppl_cp_plan_end_date, cppl_cp_plan_ola, "
                   "cppl_cp_plan_initial_category, cppl_cp_plan_latest_category) FROM stdin;\n",
    [T_CP_REVIEWS] = "COPY ssd_cp_reviews (cppr_cp_review_id, cppr_person_id, cppr_cp_plan_id, "
                     "cppr_cp_review_due, cppr_cp_review_date, cppr_cp_review_meeting_id, "
                     "cppr_cp_review_outcome_continue_cp, cppr_cp_review_quorate, "
                     "cppr_cp_review_participation) FROM stdin;\n",
    [T_PRE_PROCEEDINGS] = synth_pp_copy_ssd,
    [T_PRE_PROCEEDINGS_EXT] = synth_pp_copy_extension,
};

static const char *const nationalities[] = {
    "British", "British", "British", "British", "British", "British", "British", "British",
    "British", "British", "British", "British", "Irish", "Polish", "Romanian", "Other",
};

static void write_person(struct synth_sink *s, const struct synth_ctx *x, const struct child *c)
{
    char id[32], buf[48];
    struct rng r;
    rng_seed(&r, x->opt->seed, STREAM_NAME, c->index);
    col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
    col_text(s, make_id(id, 'X', c->index, -1, -1, -1));           /* legacy id */
    synth_nhs_like(buf, rng_key(x->opt->seed, STREAM_NAME + 1, c->index));
    col_text(s, buf);
    synth_name(buf, sizeof buf, &cin_syllables, &r, 2 + (int)rng_below(&r, 2));
    col_text(s, buf);
    synth_name(buf, sizeof buf, &cin_syllables, &r, 2 + (int)rng_below(&r, 2));
    col_text(s, buf);
    col_char(s, c->sex);
    col_text(s, NULL);                                               /* pers_gender */
    col_text(s, c->ethnicity == ETH_NULL ? NULL
                : c->ethnicity == ETH_INVALID ? "ZZZZ" : ethnicities[c->ethnicity].code);
    col_date(s, c->dob);
    col_date(s, c->edob);
    col_date(s, c->death);
    if (c->upn_unknown) {
        char un[4] = "UN0";
        un[2] = (char)('0' + c->upn_unknown);
        col_text(s, un);
    } else {
        col_text(s, NULL);
    }
    bool send = false;
    for (unsigned i = 0; i < c->n_disabilities; i++)
        send |= c->disabilities[i] != 0;
    col_flag(s, send);
    col_flag(s, false);
    col_text(s, nationalities[rng_below(&r, sizeof nationalities / sizeof nationalities[0])]);
    row_end(s);
}

static void write_linked(struct synth_sink *s, const struct synth_ctx *x, const struct child *c, struct child *scratch)
{
    char id[32], upn[14];
    if (!child_upn(x, c, scratch, upn))
        return;
    sr_date from = c->dob != NONE ? synth_reception_start(c->dob) : NONE;
    if (c->has_former_upn) {
        char old[14];
        former_upn(x, c->index, old);
        sr_date moved = from != NONE ? from + 400 : NONE;
        col_text(s, make_id(id, 'L', c->index, 2, -1, -1));
        col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
        col_text(s, "Former Unique Pupil Number");
        col_text(s, old);
        col_date(s, from);
        col_date(s, moved != NONE ? moved - 1 : NONE);
        row_end(s);
        from = moved;
    }
    col_text(s, make_id(id, 'L', c->index, 1, -1, -1));
    col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
    col_text(s, "Unique Pupil Number");
    col_text(s, upn);
    col_date(s, (rng_key(x->opt->seed, STREAM_OFFSETS + 3, c->index) % 5) ? from : NONE);
    col_date(s, NONE);
    row_end(s);
}

static void write_disability(struct synth_sink *s, const struct child *c)
{
    char id[32];
    for (unsigned i = 0; i < c->n_disabilities; i++) {
        col_text(s, make_id(id, 'D', c->index, (int)i, -1, -1));
        col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
        col_text(s, disabilities[c->disabilities[i]].code);
        row_end(s);
    }
}

static void write_episodes(struct synth_sink *s, const struct synth_ctx *x, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
        col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
        col_date(s, e->ref_null ? NONE : e->ref);
        col_text(s, e->need ? primary_needs[e->need - 1].code : NULL);
        if (e->source == SRC_INVALID) {
            col_text(s, "11");
            col_text(s, "Not a DfE source");
        } else {
            col_text(s, referral_sources[e->source].code);
            col_text(s, referral_sources[e->source].desc);
        }
        col_referral_outcome(s, e);
        col_flag(s, e->nfa);
        col_text(s, e->reason ? closure_reasons[e->reason] : NULL);
        col_date(s, e->close);
        col_team(s, x, c->index * 8 + k, 1);
        col_worker(s, x, c->index * 8 + k, 1);
        row_end(s);
    }
}

static void write_assessments(struct synth_sink *s, const struct synth_ctx *x, const struct child *c, bool factors_table)
{
    char id[32], id2[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_assess; i++) {
            const struct assessment *a = &e->assess[i];
            if (factors_table) {
                if (a->auth == NONE)
                    continue;
                col_text(s, make_id(id, 'F', c->index, (int)k, (int)i, -1));
                col_text(s, make_id(id2, 'A', c->index, (int)k, (int)i, -1));
                col_factors(s, a);
                row_end(s);
                continue;
            }
            col_text(s, make_id(id, 'A', c->index, (int)k, (int)i, -1));
            col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
            col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
            col_date(s, a->start);
            col_flag(s, a->seen);
            col_date(s, a->auth);
            col_assessment_outcome(s, a);
            if (a->auth == NONE)
                col_text(s, NULL);
            else
                col_flag(s, a->nfa);
            col_team(s, x, c->index * 64 + k * 8 + i, 2);
            col_worker(s, x, c->index * 64 + k * 8 + i, 2);
            row_end(s);
        }
    }
}

static void write_cin_plans(struct synth_sink *s, const struct synth_ctx *x, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_cinp; i++) {
            col_text(s, make_id(id, 'N', c->index, (int)k, (int)i, -1));
            col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
            col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
            col_date(s, e->cinp[i].start);
            col_date(s, e->cinp[i].end);
            col_team(s, x, c->index * 64 + k * 8 + i, 3);
            col_worker(s, x, c->index * 64 + k * 8 + i, 3);
            row_end(s);
        }
    }
}

static void write_s47(struct synth_sink *s, const struct synth_ctx *x, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_s47; i++) {
            const struct s47 *q = &e->s47[i];
            col_text(s, make_id(id, 'S', c->index, (int)k, (int)i, -1));
            col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
            col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
            col_date(s, q->start);
            col_date(s, q->end);
            if (q->end == NONE)
                col_text(s, NULL);
            else
                col_flag(s, q->nfa);
            col_s47_outcome(s, q);
            col_worker(s, x, c->index * 64 + k * 8 + i, 4);
            col_team(s, x, c->index * 64 + k * 8 + i, 4);
            row_end(s);
        }
    }
}

static void write_icpc(struct synth_sink *s, const struct synth_ctx *x, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_icpc; i++) {
            const struct icpc *ic = &e->icpc[i];
            col_text(s, make_id(id, 'I', c->index, (int)k, (int)i, -1));
            col_text(s, make_id(id, 'M', c->index, (int)k, (int)i, -1));
            col_text(s, ic->s47 >= 0 ? make_id(id, 'S', c->index, (int)k, ic->s47, -1) : NULL);
            col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
            col_text(s, ic->cpp >= 0 && ic->cpp < (int)e->n_cpp ? make_id(id, 'P', c->index, (int)k, ic->cpp, -1) : NULL);
            col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
            col_flag(s, ic->transfer_in);
            col_date(s, ic->target);
            col_date(s, ic->date);
            col_flag(s, ic->plan);
            col_icpc_outcome(s, ic);
            col_team(s, x, c->index * 64 + k * 8 + i, 5);
            col_worker(s, x, c->index * 64 + k * 8 + i, 5);
            row_end(s);
        }
    }
}

static void write_cp_plans(struct synth_sink *s, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_cpp; i++) {
            const struct cp_plan *p = &e->cpp[i];
            col_text(s, make_id(id, 'P', c->index, (int)k, (int)i, -1));
            col_text(s, make_id(id, 'R', c->index, (int)k, -1, -1));
            col_text(s, make_id(id, 'I', c->index, (int)k, p->icpc, -1));
            col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
            col_date(s, p->start);
            col_date(s, p->end);
            col_flag(s, false);
            col_text(s, p->described ? categories[p->initial].desc : categories[p->initial].code);
            col_text(s, p->described ? categories[p->latest].desc : categories[p->latest].code);
            row_end(s);
        }
    }
}

static void write_cp_reviews(struct synth_sink *s, const struct child *c)
{
    char id[32];
    for (unsigned k = 0; k < c->n_episodes; k++) {
        const struct episode *e = &c->ep[k];
        for (unsigned i = 0; i < e->n_cpp; i++) {
            const struct cp_plan *p = &e->cpp[i];
            for (unsigned j = 0; j < p->n_reviews; j++) {
                col_text(s, make_id(id, 'V', c->index, (int)k, (int)i, (int)j));
                col_text(s, make_id(id, 'C', c->index, -1, -1, -1));
                col_text(s, make_id(id, 'P', c->index, (int)k, (int)i, -1));
                col_date(s, p->due[j]);
                col_date(s, p->held[j]);
                col_text(s, make_id(id, 'K', c->index, (int)k, (int)i, (int)j));   /* meeting id */
                col_flag(s, !(p->end != NONE && p->held[j] == p->end));
                col_flag(s, true);
                bool young = c->dob == NONE || p->held[j] < date_add_years(c->dob, 4);
                char pn[4] = "PN0";
                if (!young)
                    pn[2] = (char)('1' + (c->index + j) % 4);
                col_text(s, pn);
                row_end(s);
            }
        }
    }
}

/* The child's periods of pre-proceedings: SSD's rows, or the extension's. */
static void write_pre_proceedings(struct synth_sink *s, const struct synth_ctx *x, const struct child *c, bool ext)
{
    char row[32], person[32], family[32], referral[32], court[32];

    for (unsigned i = 0; i < c->n_pp; i++) {
        const struct synth_pp *pp = &c->pp[i];
        snprintf(court, sizeof court, "ZZ%02dC%05lu", x->year % 100, (c->index * 2 + i) % 100000);
        const struct synth_pp_ids ids = {
            make_id(row, 'Q', c->index, pp->episode, (int)i, -1), make_id(person, 'C', c->index, -1, -1, -1),
            make_id(family, 'G', c->index, (int)i, -1, -1), make_id(referral, 'R', c->index, pp->episode, -1, -1),
            court,
        };
        if (ext)
            synth_pp_row_extension(s, pp, &ids);
        else
            synth_pp_row_ssd(s, pp, &ids, c->ep[pp->episode].n_cpp, i);
    }
}

static void write_rows(struct synth_sink *s, const struct synth_ctx *x, enum table t, const struct child *c,
                       struct child *scratch)
{
    switch (t) {
    case T_PERSON: write_person(s, x, c); break;
    case T_LINKED: write_linked(s, x, c, scratch); break;
    case T_DISABILITY: write_disability(s, c); break;
    case T_EPISODES: write_episodes(s, x, c); break;
    case T_ASSESSMENTS: write_assessments(s, x, c, false); break;
    case T_FACTORS: write_assessments(s, x, c, true); break;
    case T_CIN_PLANS: write_cin_plans(s, x, c); break;
    case T_S47: write_s47(s, x, c); break;
    case T_ICPC: write_icpc(s, x, c); break;
    case T_CP_PLANS: write_cp_plans(s, c); break;
    case T_CP_REVIEWS: write_cp_reviews(s, c); break;
    case T_PRE_PROCEEDINGS: write_pre_proceedings(s, x, c, false); break;
    case T_PRE_PROCEEDINGS_EXT: write_pre_proceedings(s, x, c, true); break;
    case T__COUNT: break;
    }
}

static void ctx_init(struct synth_ctx *px, const struct synth_options *opt)
{
    struct synth_ctx x = { .opt = opt, .year = opt->year };
    x.period_start = census_period_start(opt->year);
    x.ref_date = census_reference_date(opt->year);
    x.extract = synth_extract_date(opt->year);
    x.school_age_dob = date_from_ymd(opt->year - 5, 8, 31);
    x.defect_threshold = synth_defect_threshold(opt->defects);
    x.upn_offset = rng_key(opt->seed, STREAM_OFFSETS, 0) % UPN_SERIALS;
    x.former_offset = rng_key(opt->seed, STREAM_OFFSETS, 1) % UPN_SERIALS;
    *px = x;
}

void cin_synth_person_facts(const struct synth_options *opt, unsigned long index, struct synth_person *out)
{
    struct synth_ctx x;
    struct child *c = xmalloc(sizeof *c);

    ctx_init(&x, opt);
    gen_child(&x, index, c);
    memset(out, 0, sizeof *out);
    make_id(out->id, 'C', index, -1, -1, -1);
    out->dob = c->dob;
    out->death = c->death;
    out->sex = c->sex;
    out->has_upn = c->has_upn;
    out->defect = c->defect != 0;
    free(c);
}

int cin_synth_write(const struct synth_options *opt, struct synth_sink *s, char *err, size_t errlen)
{
    if (opt->children > SYNTH_MAX_CHILDREN) {
        snprintf(err, errlen, "synth: at most %lu children", SYNTH_MAX_CHILDREN);
        return -1;
    }
    struct synth_ctx x;
    ctx_init(&x, opt);
    struct child *c = xmalloc(sizeof *c);
    struct child *scratch = xmalloc(sizeof *scratch);

    for (int t = 0; t < T__COUNT && !s->failed; t++) {
        if (t >= T_PRE_PROCEEDINGS && x.year < CIN_PP_FIRST_YEAR)
            continue;   /* no such tables before 2026-27: the output stays as it was */
        sink_str(s, copy_headers[t]);
        for (unsigned long i = 0; i < opt->children && !s->failed; i++) {
            gen_child(&x, i, c);
            write_rows(s, &x, (enum table)t, c, scratch);
        }
        sink_str(s, "\\.\n");
    }
    free(scratch);
    free(c);
    return 0;
}
