/*
 * statreturn synth, SSDA903 part: invented looked-after children as SQL.
 *
 * pipeline/synth.c calls cla_synth_write() inside its transaction, after
 * the CIN COPY blocks; this file writes one COPY block per SSD table behind
 * the 903 (sql/cla.sql), in foreign-key order.  There are opt->children / 8
 * looked-after children (national figures run at roughly one child looked
 * after during a year per seven or eight children in need); about 30% of
 * them are children of the CIN population (the synth_person_fn the pipeline
 * hands over), the others new people with ids "L" + 7 digits, plus "LK" + 7
 * digits for the babies of looked-after mothers.
 *
 * As in the CIN generator, a child's history is a pure function of (seed,
 * child index): a xoshiro256** stream (synth/rng.h) draws the natural
 * history (periods of care, episodes, legal statuses, placements, adoption
 * decisions), which stops where a replica read at the extract date (six
 * months after the census reference date) would show it.  Parts only some
 * tables need (reviews, missing episodes, health, care leavers, social
 * workers) draw from streams of their own, so a table pass generates only
 * what it writes.  One pass over the children per table, regenerating each
 * child: memory does not depend on the number of children.
 *
 * Placement codes follow the census year of --year, as a replica kept up to
 * date shows them: K3 (not H5) from 2024-25, no P2 from 2023-24, Z11..Z14
 * (not Z1) from 2025-26 (notes/ssda903.md section 2.2).
 *
 * With --defects 0 every history is meant to pass the DfE 903 rules that
 * can be checked without the ONS postcode and Ofsted provider lists; the
 * comments name the rules each step respects.  With --defects RATE that
 * share of looked-after children carries one defect from defect_kinds[].
 *
 * Nothing here is real.  Postcodes all use the outward codes YY1..YY9
 * ("YY" has the shape of a UK postcode area, so format checks such as DfE
 * 392c pass, but no such area exists), home postcodes YY1..YY5,
 * placements out of the area YY6..YY9;
 * they have the right shape, so only the DfE checks that look them up in
 * the ONS directory (392c, and 164/169/1015 through the derived distance
 * and placement LA) can object to them.
 * URNs are "SC99" + 4 digits or DfE's "no URN" value (seven X); social worker registration
 * numbers "SW9" + 6 digits; names are syllable soup; UPNs are made from
 * serial numbers 100000000 and up, above every CIN serial.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/upn.h"
#include "core/xalloc.h"
#include "returns/ssda903/cla_synth.h"
#include "synth/dates.h"
#include "synth/ids.h"
#include "synth/options.h"
#include "synth/rng.h"
#include "synth/sink.h"

#define NONE SR_DATE_NONE

/* ------------------------------------------------------------------------
 * Shape of the population (weights per mille unless named otherwise).
 * ------------------------------------------------------------------------ */
#define CIN_PER_LAC        8     /* looked-after children = children / 8 */
#define HISTORY_YEARS      5     /* first periods of care reach back this far */
#define REUSE_PM           300   /* looked-after children who are CIN children */
#define REUSE_TRIES        4
#define REENTRY_PM         180   /* a second period of care after going home */
#define TEMP_PM            40    /* a placement interrupted by a temporary one */
#define SAME_CARER_PM      180   /* placement changes that keep the carer (RNE T/U) */
#define LS_WITH_MOVE_PM    200   /* legal status changes made with a move (RNE B/U) */
#define MOTHER_PM          50    /* girls in care at 14-17 who have a baby */
#define MISSING_CHILD_PM   160   /* children of 11 and over who go missing */
#define DOLO_PM            40    /* children of 10+ in a children's home with a DoLO */
#define DOLO_YEAR_PM       150   /* from 2026-27: those in a children's home in the year */
#define DOLO_RENEWED_PM    300   /* from 2026-27: a DoLO followed by a new order */
#define CONVICTION_PM      40    /* per year in care, aged 10+ */
#define SUBSTANCE_PM       50    /* per year in care, aged 11+ */
#define SDQ_REASON_PM      180   /* SDQ not done: a reason instead of a score */
#define CANCELLED_REVIEW_PM 30
#define LATE_REVIEW_PM     70
#define MISSING_WORDS_PM   200   /* missing type as SSD's words, not M/A */

#define MAX_PERIODS    32
#define MAX_EPISODES   64
#define MAX_PLACEMENTS 64
#define MAX_LAC        10000000UL  /* ids have 7 digits */

#define YEARS(n) ((n) * 365)

/* Modes: what kind of history a child has. */
enum mode { M_GENERAL, M_LEAVER, M_ADOPT, M_UASC, M_RESPITE, M_REMAND, M__N };
static const uint16_t mode_weights[M__N] = {
    [M_GENERAL] = 620, [M_LEAVER] = 140, [M_ADOPT] = 70,
    [M_UASC] = 70, [M_RESPITE] = 50, [M_REMAND] = 50,
};

/* ------------------------------------------------------------------------
 * Code lists (notes/ssda903.md section 2.1).
 * ------------------------------------------------------------------------ */
enum ls { LS_C1, LS_C2, LS_E1, LS_V2, LS_V3, LS_V4, LS_L1, LS_L2, LS_J1, LS_J2, LS_J3, LS__N };
static const char *const ls_codes[LS__N] = {
    "C1", "C2", "E1", "V2", "V3", "V4", "L1", "L2", "J1", "J2", "J3",
};

enum pl {
    PL_A3, PL_A4, PL_A5, PL_A6, PL_H5, PL_K1, PL_K2, PL_K3, PL_P1, PL_P2, PL_P3,
    PL_R1, PL_R2, PL_R3, PL_R5, PL_S1, PL_T0, PL_T1, PL_T2, PL_T3, PL_T4,
    PL_U1, PL_U2, PL_U3, PL_U4, PL_U5, PL_U6, PL_Z1, PL_Z11, PL_Z12, PL_Z13, PL_Z14,
    PL__N,
    /* Stand-ins resolved by collection year (section 2.2). */
    PX_SUPPORTED = PL__N, PX_INDEPENDENT, PX_OTHER,
};
static const char *const pl_codes[PL__N] = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3",
    "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4",
    "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12", "Z13", "Z14",
};

static bool pl_temporary(unsigned t) { return t >= PL_T0 && t <= PL_T4; }
static bool pl_foster(unsigned t) { return t >= PL_U1 && t <= PL_U6; }
static bool pl_other(unsigned t) { return t >= PL_Z1 && t <= PL_Z14; }

/* 218/222: the types that need an Ofsted URN. */
static bool pl_needs_urn(unsigned t)
{
    switch (t) {
    case PL_P1: case PL_P3: case PL_R1: case PL_R2: case PL_R5:
        return false;
    default:
        return !pl_temporary(t) && !pl_other(t);
    }
}

enum provider { PR_NONE, PR_0, PR_1, PR_2, PR_3, PR_4, PR_5 };
static const char *const provider_codes[] = { NULL, "PR0", "PR1", "PR2", "PR3", "PR4", "PR5" };

enum rne { RNE_S, RNE_L, RNE_P, RNE_T, RNE_B, RNE_U };
static const char rne_codes[] = "SLPTBU";

enum rec {
    REC_NONE, REC_X1, REC_E11, REC_E12, REC_E3, REC_E4A, REC_E4B, REC_E13, REC_E41,
    REC_E45, REC_E46, REC_E47, REC_E48, REC_E5, REC_E6, REC_E7, REC_E8, REC_E9,
    REC_E14, REC_E15, REC_E16, REC_E17, REC__N
};
static const char *const rec_codes[REC__N] = {
    NULL, "X1", "E11", "E12", "E3", "E4A", "E4B", "E13", "E41",
    "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9",
    "E14", "E15", "E16", "E17",
};

/* Reasons for placement change (1009); PLACE for same-carer changes. */
enum rpc {
    RPC_NONE, RPC_CARPL, RPC_CLOSE, RPC_ALLEG, RPC_STAND, RPC_APPRR, RPC_CREQB,
    RPC_CREQO, RPC_CHILD, RPC_LAREQ, RPC_PLACE, RPC_OTHER, RPC__N
};
static const char *const rpc_codes[RPC__N] = {
    NULL, "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "OTHER",
};
static const uint16_t move_reason_weights[RPC__N] = {
    [RPC_CARPL] = 350, [RPC_CLOSE] = 60, [RPC_ALLEG] = 30, [RPC_STAND] = 30, [RPC_APPRR] = 20,
    [RPC_CREQB] = 150, [RPC_CREQO] = 80, [RPC_CHILD] = 80, [RPC_LAREQ] = 120, [RPC_OTHER] = 50,
};

static const char *const need_codes[] = { "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8" };
static const uint16_t need_weights[] = { 620, 30, 40, 70, 140, 20, 3, 77 };

static const char *const ethnicity_codes[] = {
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
};
static const uint16_t ethnicity_weights[] = {
    700, 6, 50, 3, 6, 40, 12, 15, 35, 8, 15, 8, 12, 20, 25, 12, 2, 20, 4, 7,
};
static const uint16_t uasc_ethnicity_weights[] = {
    0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 450, 0, 300, 60, 10, 140, 0, 0,
};
#define N_ETHNICITIES (sizeof ethnicity_weights / sizeof ethnicity_weights[0])

static const char *const uasc_nationalities[] = {
    "Afghan", "Eritrean", "Sudanese", "Iranian", "Vietnamese", "Albanian", "Syrian", "Iraqi",
};

/* ------------------------------------------------------------------------
 * Defects: each seeded so that it shows in the census year's return and
 * aimed at one DfE 903 rule (reference/903/rules_lac2025_26_...csv).
 * There is no DfE rule on the order of reviews, so review defects target
 * 166 and 440 instead.
 * ------------------------------------------------------------------------ */
enum defect {
    D_NONE,
    D_EPISODE_OVERLAP,       /* 501: an episode ends after the next one starts */
    D_DEC_BEFORE_DECOM,      /* 356: episode ceased before it began */
    D_PLACEMENT_CODE,        /* 146: retired or not-yet-valid code for the year */
    D_NO_LEGAL_STATUS,       /* 144: no ssd_legal_status row in force, LS blank */
    D_POSTCODE_FORMAT,       /* 392c: malformed placement postcode */
    D_UPN_CHECK_LETTER,      /* 168 (DfE checks the letter; CIN rule 1510) */
    D_RNE_INVALID,           /* 143: reason for new episode 'X' */
    D_REC_WITHOUT_DEC,       /* 148: reason ceased on an episode with no end date */
    D_URN_MISSING,           /* 218: foster placement without a URN */
    D_REVIEW_PN0,            /* 440: PN0 for a child aged 4 or over */
    D_REVIEW_NO_DATE,        /* 166: a held review without a date */
    D_MISSING_END_BEFORE_START, /* 567 */
    D_SDQ_OUT_OF_RANGE,      /* 180: SDQ score 41 */
    D_SEX_INVALID,           /* 101: sex 'X' */
    D__COUNT
};

static const struct defect_kind {
    enum defect kind;
    const char *rule;
} defect_kinds[D__COUNT] = {
    { D_NONE, NULL },
    { D_EPISODE_OVERLAP, "501" },
    { D_DEC_BEFORE_DECOM, "356" },
    { D_PLACEMENT_CODE, "146" },
    { D_NO_LEGAL_STATUS, "144" },
    { D_POSTCODE_FORMAT, "392c" },
    { D_UPN_CHECK_LETTER, "168" },
    { D_RNE_INVALID, "143" },
    { D_REC_WITHOUT_DEC, "148" },
    { D_URN_MISSING, "218" },
    { D_REVIEW_PN0, "440" },
    { D_REVIEW_NO_DATE, "166" },
    { D_MISSING_END_BEFORE_START, "567" },
    { D_SDQ_OUT_OF_RANGE, "180" },
    { D_SEX_INVALID, "101" },
};

/* ------------------------------------------------------------------------
 * The child record.  Fixed arrays: a child is a few kilobytes.
 * ------------------------------------------------------------------------ */
#define NO_URN "X" "X" "X" "X" "X" "X" "X"   /* spelt out so it is not read as a marker */
#define URN_NONE_CODE 0xFFFFu    /* DfE's "no URN" value, written as seven X */
#define NO_DISTANCE 0xFFFFu
#define PF_BAD_TYPE     1u       /* defect flags on a placement */
#define PF_BAD_POSTCODE 2u
#define PF_NO_URN       4u
#define EF_BAD_RNE      1u       /* ... on an episode */
#define EF_REC_NO_DEC   2u
#define EF_NO_LS        4u

struct placement {
    sr_date start, end;          /* end NONE: open at the extract */
    uint32_t postcode;           /* packed, see postcode_pack() */
    uint16_t urn;                /* 0 none, URN_NONE_CODE, else SC99nnnn */
    uint16_t distance;           /* tenths of a mile, NO_DISTANCE */
    uint8_t type, provider, reason, period, flags;
};

struct episode {
    sr_date start, end, written_end;   /* written_end: the DEC written (defects) */
    uint8_t rne, ls, rec, placement, period, flags;
};

struct period {
    sr_date start, end;          /* end NONE: open at the extract */
    uint8_t first, n, need, rec;
    bool respite;
};

enum perm_type { PERM_ADOPTION, PERM_SGO, PERM_CAO };

struct perm {
    uint8_t type, period, reversed_reason, nb, sex, lsa, siblings;
    bool by_carer, ffa;
    uint16_t urn;
    sr_date adm, po, match, placed, reversed, order, foster_from;
};

struct lac {
    unsigned long index;
    enum defect defect;
    bool reused;
    char id[16];
    uint8_t mode;
    sr_date dob;
    int dob_ymd[3];
    char sex;
    uint8_t ethnicity, upn, nationality;   /* upn: 0 a UPN, 1..5 UN1..UN5 */
    bool uasc, refugee, send;
    sr_date uasc_from, uasc_to, refugee_from;
    uint8_t n_home;
    uint32_t home[2];
    sr_date home_from[2];
    uint8_t n_per, n_ep, n_pl, n_perm;
    struct period per[MAX_PERIODS];
    struct episode ep[MAX_EPISODES];
    struct placement pl[MAX_PLACEMENTS];
    struct perm perm[2];
    bool mother;
    sr_date baby_dob;
    char baby_sex;
    bool leaver;
    sr_date left;                /* last DEC, for care leavers */
    sr_date anchor1, anchor2;    /* defect children: changes in the census year */
};

struct cctx {
    const struct synth_options *opt;
    synth_person_fn *cin_person; /* facts of the CIN generator's children */
    int year;
    unsigned long n;             /* looked-after children */
    sr_date period_start, ref_date, extract, window_start, school_age_dob;
    uint64_t defect_threshold;
    unsigned long n_sw, n_pa;    /* social workers, personal advisers */
    uint64_t upn_offset;
};

/* ------------------------------------------------------------------------
 * Random numbers: a xoshiro256** state per (stream, child), see
 * synth/rng.h, keyed our own way so that our streams never meet the CIN
 * generator's.
 * ------------------------------------------------------------------------ */
enum stream {
    ST_CORE = 0x903001, ST_DEFECT, ST_DEFECT_KIND, ST_REUSE, ST_NAMES, ST_REVIEWS,
    ST_MISSING, ST_HEALTH, ST_LEAVERS, ST_WORKERS, ST_PREVPERM, ST_DOLO, ST_ADDRESS,
    ST_PROFESSIONAL, ST_OFFSETS,
};

static uint64_t key3(uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed ^ 0x5353444139303300ULL;   /* "SSDA903" */
    x = rng_splitmix64(&x) + stream * 0x9fb21c651e98df25ULL;
    x = rng_splitmix64(&x) ^ (index * 0xc2b2ae3d27d4eb4fULL);
    return rng_splitmix64(&x);
}

static void cla_rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    rng_seed_key(r, key3(seed, stream, index));
}

#define PICK(r, w) rng_weighted((r), (w), sizeof(w) / sizeof((w)[0]))

/* A spell of about `mean` days: two thirds shorter, a long tail. */
static int spell(struct rng *r, int mean)
{
    unsigned b = rng_below(r, 10);
    if (b < 6)
        return rng_range(r, mean / 3, mean);
    if (b < 9)
        return rng_range(r, mean, 2 * mean);
    return rng_range(r, 2 * mean, 4 * mean);
}

/* ------------------------------------------------------------------------
 * Dates.
 * ------------------------------------------------------------------------ */
/* Ages and birthdays are asked for all the time: the date of birth is
 * kept split too (dob_ymd), which halves the calendar arithmetic.  age_on
 * is date_age_years; birthday(c, n) is the first day age_on says n, so a
 * child born on 29 February turns 18 on 1 March in other years (E17 and
 * leaving at 18 never fall on a day the child is still 17: 460, 359). */
static void split_dob(struct lac *c)
{
    date_to_ymd(c->dob, &c->dob_ymd[0], &c->dob_ymd[1], &c->dob_ymd[2]);
}

static bool on_day(sr_date t, int month, int day)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    return m == month && d == day;
}

/* A child born on 1 April is 17 on the first day of a census year: DfE 189
 * then forbids an SDQ score or reason while 197B (a 17th birthday in the
 * year) requires one, so no record of such a child can pass both.  The
 * synthetic looked-after children are not born on 1 April (README). */
static bool born_1_april(sr_date dob)
{
    return on_day(dob, 4, 1);
}

static sr_date birthday(const struct lac *c, int years)
{
    int y = c->dob_ymd[0] + years, m = c->dob_ymd[1], d = c->dob_ymd[2];
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        m = 3;
        d = 1;
    }
    return date_from_ymd(y, m, d);
}

static int age_on(const struct lac *c, sr_date on)
{
    int y, m, d;
    date_to_ymd(on, &y, &m, &d);
    int age = y - c->dob_ymd[0];
    if (m < c->dob_ymd[1] || (m == c->dob_ymd[1] && d < c->dob_ymd[2]))
        age--;
    return age;
}

static sr_date weekday_on_or_after(sr_date d)
{
    while (date_weekday(d) >= 5)
        d++;
    return d;
}

/* The financial year (1 April .. 31 March) holding d, as its end year. */
static int fy_of(sr_date d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y + 1 : y;
}

/* ------------------------------------------------------------------------
 * Postcodes: "YY<district> <sector><letter><letter>", packed in 32 bits.
 * ------------------------------------------------------------------------ */
static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";   /* no C I K M O V */
#define N_INWARD (sizeof inward_letters - 1)

static uint32_t postcode_pack(unsigned district, unsigned sector, unsigned l1, unsigned l2)
{
    return (uint32_t)district << 24 | (uint32_t)sector << 16 | (uint32_t)l1 << 8 | l2;
}

static uint32_t draw_postcode(struct rng *r, unsigned lo_district, unsigned hi_district)
{
    return postcode_pack((unsigned)rng_range(r, (int)lo_district, (int)hi_district), rng_below(r, 10),
                         rng_below(r, N_INWARD), rng_below(r, N_INWARD));
}

/* Writes the postcode with or without its space; returns the length. */
static size_t postcode_format(uint32_t p, bool space, char out[9])
{
    size_t k = 0;
    out[k++] = 'Y';
    out[k++] = 'Y';
    out[k++] = (char)('0' + ((p >> 24) & 0xFF));
    if (space)
        out[k++] = ' ';
    out[k++] = (char)('0' + ((p >> 16) & 0xFF));
    out[k++] = inward_letters[(p >> 8) & 0xFF];
    out[k++] = inward_letters[p & 0xFF];
    out[k] = '\0';
    return k;
}

static bool postcode_in_area(uint32_t p)
{
    return ((p >> 24) & 0xFF) <= 5;
}

/* ------------------------------------------------------------------------
 * Building a history: periods, episodes, placements.
 * ------------------------------------------------------------------------ */
struct gen {
    const struct cctx *x;
    struct rng *r;
    struct lac *c;
};

static uint32_t home_on(const struct lac *c, sr_date d)
{
    if (!c->n_home)
        return 0;
    if (c->n_home > 1 && d >= c->home_from[1])
        return c->home[1];
    return c->home[0];
}

static bool room(const struct lac *c)
{
    return c->n_ep + 3 < MAX_EPISODES && c->n_pl + 3 < MAX_PLACEMENTS;
}

/* Year-dependent codes (146 for the census year of --year). */
static unsigned resolve_type(const struct gen *g, unsigned t)
{
    int y = g->x->year;
    switch (t) {
    case PX_SUPPORTED:
        return y >= 2025 ? PL_K3 : PL_H5;
    case PX_INDEPENDENT:
        return y <= 2023 ? PL_P2 : y >= 2025 ? PL_K3 : PL_H5;
    case PX_OTHER:
        return y >= 2026 ? PL_Z11 + rng_below(g->r, 4) : PL_Z1;
    default:
        return t;
    }
}

struct wtype {
    uint8_t type;
    uint16_t weight;
};

static const struct wtype types_under5[] = {
    { PL_U6, 600 }, { PL_U3, 170 }, { PL_U4, 60 }, { PL_U1, 30 }, { PL_U5, 40 }, { PL_U2, 15 },
    { PL_P1, 60 }, { PL_K2, 10 }, { PX_OTHER, 15 },
};
static const struct wtype types_5to9[] = {
    { PL_U6, 480 }, { PL_U4, 180 }, { PL_U3, 100 }, { PL_U1, 60 }, { PL_K2, 60 }, { PL_P1, 50 },
    { PL_S1, 20 }, { PX_OTHER, 10 },
};
static const struct wtype types_10to15[] = {
    { PL_U6, 380 }, { PL_U4, 140 }, { PL_U3, 60 }, { PL_U1, 40 }, { PL_K2, 260 }, { PL_K1, 15 },
    { PL_P1, 30 }, { PL_S1, 30 }, { PL_R1, 10 }, { PL_R2, 10 }, { PX_OTHER, 25 },
};
static const struct wtype types_16plus[] = {
    { PL_U6, 250 }, { PL_U4, 100 }, { PL_U3, 40 }, { PL_U1, 30 }, { PL_K2, 200 },
    { PX_SUPPORTED, 280 }, { PX_INDEPENDENT, 30 }, { PL_P3, 10 }, { PL_S1, 10 }, { PL_P1, 20 },
    { PX_OTHER, 10 },
};
static const struct wtype types_uasc_young[] = { { PL_U6, 700 }, { PL_K2, 250 }, { PL_U3, 50 } };
static const struct wtype types_uasc_16[] = { { PL_U6, 350 }, { PX_SUPPORTED, 550 }, { PL_K2, 100 } };
static const struct wtype types_respite[] = { { PL_K2, 600 }, { PL_U6, 400 } };   /* 384: no U1/U4 */
static const struct wtype types_remand[] = { { PL_K1, 300 }, { PL_U6, 400 }, { PL_K2, 200 }, { PL_R5, 100 } };
static const struct wtype types_defect[] = { { PL_U6, 500 }, { PL_U4, 250 }, { PL_U3, 150 }, { PL_U1, 100 } };
static const struct wtype types_temporary[] = {
    { PL_T0, 200 }, { PL_T1, 300 }, { PL_T2, 100 }, { PL_T3, 250 }, { PL_T4, 150 },
};

static unsigned pick_wtype(struct rng *r, const struct wtype *t, size_t n)
{
    return t[rng_weighted_by(r, &t[0].weight, n, sizeof *t)].type;
}
#define PICK_TYPE(r, t) pick_wtype((r), (t), sizeof(t) / sizeof((t)[0]))

/* A placement type for a child of `age` under legal status ls: P1 only under
 * a care order (378), S1 from 4 (373), P3 from 14 (374), supported and
 * independent living from 16 (371). */
static unsigned choose_type(struct gen *g, int age, unsigned ls)
{
    const struct lac *c = g->c;
    unsigned t;
    for (int tries = 0; tries < 8; tries++) {
        if (c->defect)
            t = PICK_TYPE(g->r, types_defect);
        else if (c->mode == M_RESPITE)
            t = PICK_TYPE(g->r, types_respite);
        else if (ls == LS_J1 || ls == LS_J2 || ls == LS_J3)
            t = PICK_TYPE(g->r, types_remand);
        else if (c->mode == M_UASC)
            t = age >= 16 ? PICK_TYPE(g->r, types_uasc_16) : PICK_TYPE(g->r, types_uasc_young);
        else if (age < 5)
            t = PICK_TYPE(g->r, types_under5);
        else if (age < 10)
            t = PICK_TYPE(g->r, types_5to9);
        else if (age < 16)
            t = PICK_TYPE(g->r, types_10to15);
        else
            t = PICK_TYPE(g->r, types_16plus);
        if (t == PL_P1 && ls != LS_C1 && ls != LS_C2)
            continue;
        if (t == PL_R5 && age < 10)
            continue;
        return resolve_type(g, t);
    }
    return PL_U6;
}

/* Who provides it (178, 213, 526-531, 550). */
static uint8_t choose_provider(struct rng *r, unsigned t)
{
    if (t == PL_P1)
        return PR_0;
    if (pl_temporary(t) || pl_other(t))
        return PR_NONE;
    switch (t) {
    case PL_R2: return rng_pm(r, 700) ? PR_3 : PR_4;
    case PL_R5: return PR_3;
    case PL_K1: return (uint8_t)(rng_pm(r, 400) ? PR_1 : rng_pm(r, 750) ? PR_2 : PR_4);
    case PL_S1: return (uint8_t)(rng_pm(r, 600) ? PR_4 : rng_pm(r, 600) ? PR_1 : PR_3);
    case PL_P3: return PR_4;
    case PL_R1: return rng_pm(r, 700) ? PR_4 : PR_5;
    case PL_R3: return rng_pm(r, 600) ? PR_4 : PR_1;
    default: {
        static const uint16_t w[] = { 0, 0, 500, 50, 0, 380, 70 };
        return (uint8_t)PICK(r, w);
    }
    }
}

/* DfE's "no URN" value goes to placements through a regional adoption
 * agency and, until 2025-26 data, to some residential schools (inspected by
 * ISI, not Ofsted).  From 2026-27 data such a school has a URN of its own:
 * DfE 242 (2025-26 amendment) keeps the value to adoption agencies.  The
 * draws are those of earlier years, so nothing else changes. */
static uint16_t choose_urn(struct rng *r, unsigned t, uint8_t provider, int year)
{
    if (!pl_needs_urn(t))
        return 0;
    bool raa = t <= PL_A6 && (provider == PR_1 || provider == PR_2);
    if (raa && rng_pm(r, 600))
        return URN_NONE_CODE;
    if (t == PL_S1 && rng_pm(r, 300) && year < 2027)
        return URN_NONE_CODE;
    return (uint16_t)rng_range(r, 1, 9999);
}

/* Distance from home: 0 for P1; none for UASC (406) and short breaks (398). */
static uint16_t distance_for(struct gen *g, uint32_t home, const struct placement *p, bool respite)
{
    if (g->c->uasc || respite || !home)
        return NO_DISTANCE;
    if (p->type == PL_P1)
        return 0;
    if (postcode_in_area(p->postcode))
        return (uint16_t)rng_range(g->r, 3, 120);
    return (uint16_t)rng_range(g->r, 121, 1500);
}

/* A new placement with a new carer at t; its postcode differs from home
 * unless placed with parents (392d). */
static uint8_t add_placement(struct gen *g, sr_date t, unsigned type, uint8_t period)
{
    struct lac *c = g->c;
    struct placement *p = &c->pl[c->n_pl];
    memset(p, 0, sizeof *p);
    p->start = t;
    p->end = NONE;
    p->type = (uint8_t)type;
    p->period = period;
    p->provider = choose_provider(g->r, type);
    p->urn = choose_urn(g->r, type, p->provider, g->x->year);
    uint32_t home = home_on(c, t);
    if (type == PL_P1 && home) {
        p->postcode = home;
    } else {
        do
            p->postcode = rng_pm(g->r, 600) ? draw_postcode(g->r, 1, 5) : draw_postcode(g->r, 6, 9);
        while (p->postcode == home);
    }
    p->distance = distance_for(g, home, p, c->per[period].respite);
    return c->n_pl++;
}

/* The same carer, something recorded differently (RNE T/U, reason PLACE):
 * a foster placement becoming long-term, the carer moving house, or the
 * provider changing.  Returns the new placement. */
static uint8_t add_same_carer(struct gen *g, sr_date t, const struct placement *old)
{
    struct lac *c = g->c;
    struct placement *p = &c->pl[c->n_pl];
    *p = *old;
    p->start = t;
    p->end = NONE;
    p->reason = RPC_NONE;
    p->flags = 0;
    if (old->type == PL_U6 && age_on(c, t) < 16) {
        p->type = PL_U4;                 /* long-term with the same foster carer */
    } else if (old->type == PL_U3) {
        p->type = PL_U1;
    } else if (rng_pm(g->r, 500) && old->type != PL_P1) {
        uint32_t home = home_on(c, t);
        do
            p->postcode = draw_postcode(g->r, 1, 9);
        while (p->postcode == home || p->postcode == old->postcode);
        p->distance = distance_for(g, home, p, c->per[old->period].respite);
    } else if (old->provider != PR_0 && old->provider != PR_NONE) {
        p->provider = old->provider == PR_4 ? PR_1 : PR_4;    /* e.g. IFA to LA */
        p->urn = choose_urn(g->r, p->type, p->provider, g->x->year);
        if (p->urn == old->urn && p->urn)
            p->urn = (uint16_t)(old->urn == 9999 ? 1 : old->urn + 1);
        if (!pl_needs_urn(p->type) && p->provider == old->provider)
            p->postcode = draw_postcode(g->r, 6, 9);
    } else {
        uint32_t home = home_on(c, t);
        do
            p->postcode = draw_postcode(g->r, 1, 9);
        while (p->postcode == home || p->postcode == old->postcode);
    }
    return c->n_pl++;
}

static void add_episode(struct lac *c, sr_date t, unsigned rne, unsigned ls, uint8_t placement, uint8_t period)
{
    struct episode *e = &c->ep[c->n_ep++];
    e->start = t;
    e->end = e->written_end = NONE;
    e->rne = (uint8_t)rne;
    e->ls = (uint8_t)ls;
    e->rec = REC_NONE;
    e->placement = placement;
    e->period = period;
    e->flags = 0;
    c->per[period].n++;
}

static struct episode *last_ep(struct lac *c)
{
    return &c->ep[c->n_ep - 1];
}

/* Starts a period of care at t (RNE S). */
static uint8_t start_period(struct gen *g, sr_date t, unsigned ls, unsigned type, uint8_t need, bool respite)
{
    struct lac *c = g->c;
    uint8_t k = c->n_per++;
    struct period *p = &c->per[k];
    p->start = t;
    p->end = NONE;
    p->first = c->n_ep;
    p->n = 0;
    p->need = need;
    p->rec = REC_NONE;
    p->respite = respite;
    uint8_t pi = add_placement(g, t, type, k);
    add_episode(c, t, RNE_S, ls, pi, k);
    return k;
}

enum move { MOVE_NONE, MOVE_NEW_CARER, MOVE_SAME_CARER, MOVE_TEMPORARY, MOVE_RETURN };

/* Ends the current episode on t (X1) and starts the next: a legal status
 * change, a placement change, or both (434-436 read RNE from what
 * changed).  `reason` is recorded on the placement that ends (225, 226). */
static void change(struct gen *g, sr_date t, unsigned ls, enum move move, unsigned type, uint8_t reason,
                   uint8_t return_to)
{
    struct lac *c = g->c;
    struct episode *e = last_ep(c);
    uint8_t pi = e->placement;
    uint8_t period = e->period;
    bool ls_changed = ls != e->ls;
    e->end = e->written_end = t;
    e->rec = REC_X1;
    if (move != MOVE_NONE) {
        struct placement *old = &c->pl[pi];
        old->end = t;
        old->reason = reason;
        switch (move) {
        case MOVE_SAME_CARER:
            pi = add_same_carer(g, t, old);
            break;
        case MOVE_RETURN: {       /* 383: back to the placement before the temporary one */
            struct placement *p = &c->pl[c->n_pl];
            *p = c->pl[return_to];
            p->start = t;
            p->end = NONE;
            p->reason = RPC_NONE;
            pi = c->n_pl++;
            break;
        }
        case MOVE_NEW_CARER:
        case MOVE_TEMPORARY:
        case MOVE_NONE:
            /* A new carer is never recorded like the old one (435):
             * parents to parents is no move, and postcodes differ. */
            if (type == PL_P1 && old->type == PL_P1)
                type = PL_U6;
            pi = add_placement(g, t, type, period);
            while (c->pl[pi].type != PL_P1 && c->pl[pi].postcode == old->postcode)
                c->pl[pi].postcode = draw_postcode(g->r, 6, 9);
            break;
        }
    }
    unsigned rne;
    if (move == MOVE_NONE)
        rne = RNE_L;
    else if (!ls_changed)
        rne = move == MOVE_SAME_CARER ? RNE_T : RNE_P;
    else
        rne = move == MOVE_SAME_CARER ? RNE_U : RNE_B;
    add_episode(c, t, rne, ls, pi, period);
}

static void end_period(struct lac *c, sr_date t, uint8_t rec)
{
    struct episode *e = last_ep(c);
    e->end = e->written_end = t;
    e->rec = rec;
    c->pl[e->placement].end = t;
    c->per[e->period].end = t;
    c->per[e->period].rec = rec;
}

/* How a period ends (149 and the age rules 386, 387, 389, 407, 460;
 * 516: E45/E46 from foster care; 390: adoption only from A3-A6). */
static uint8_t choose_exit(struct gen *g, sr_date t, bool at_adult)
{
    struct lac *c = g->c;
    const struct episode *e = last_ep(c);
    unsigned type = c->pl[e->placement].type;
    int age = age_on(c, t);
    struct rng *r = g->r;

    if (c->per[e->period].respite)
        return REC_E4A;
    switch (e->ls) {
    case LS_J1: return rng_pm(r, 600) ? REC_E14 : REC_E9;
    case LS_J2: return rng_pm(r, 500) ? REC_E8 : REC_E4A;
    case LS_J3: return rng_pm(r, 500) ? REC_E8 : rng_pm(r, 500) ? REC_E4A : REC_E13;
    default: break;
    }
    if (at_adult) {
        static const uint16_t w_uasc[REC__N] = { [REC_E5] = 400, [REC_E17] = 300, [REC_E6] = 100, [REC_E8] = 200 };
        static const uint16_t w[REC__N] = {
            [REC_E17] = 300, [REC_E5] = 250, [REC_E6] = 80, [REC_E8] = 100, [REC_E13] = 50,
            [REC_E4A] = 70, [REC_E7] = 30,
        };
        return (uint8_t)rng_weighted(r, c->uasc ? w_uasc : w, REC__N);
    }
    if (type == PL_P1) {
        static const uint16_t w[REC__N] = { [REC_E4A] = 700, [REC_E41] = 100, [REC_E4B] = 100, [REC_E8] = 100 };
        return (uint8_t)rng_weighted(r, w, REC__N);
    }
    uint16_t w[REC__N] = { 0 };
    if (c->uasc) {
        w[REC_E15] = 150;
        w[REC_E3] = 100;
        w[REC_E8] = 200;
        w[REC_E16] = 100;
        w[REC_E13] = 100;
    } else {
        w[REC_E4A] = 340;
        w[REC_E4B] = 80;
        w[REC_E13] = 80;
        w[REC_E41] = 50;
        w[REC_E47] = 60;
        w[REC_E48] = 20;
        w[REC_E3] = 40;
        w[REC_E8] = 60;
        w[REC_E16] = 10;
        if (pl_foster(type)) {
            w[REC_E45] = 50;
            w[REC_E46] = 30;
        }
        if (age >= 12)
            w[REC_E9] = 10;
    }
    if (age >= 16) {
        w[REC_E5] = 200;
        w[REC_E6] = 80;
        w[REC_E7] = 5;
    } else if (age >= 14) {
        w[REC_E5] = 50;
        w[REC_E6] = 20;
    }
    return (uint8_t)rng_weighted(r, w, REC__N);
}

/* The next legal status change planned from status ls entered on t:
 * police protection ends within 72 hours (361), an EPO within 8 days
 * (362 allows 21), interim care orders become full ones. */
static sr_date plan_ls(struct gen *g, unsigned ls, sr_date t, unsigned *to)
{
    struct rng *r = g->r;
    struct lac *c = g->c;
    switch (ls) {
    case LS_L1:
        *to = rng_pm(r, 550) ? LS_V2 : LS_C1;
        return t + rng_range(r, 1, 3);
    case LS_L2:
        *to = rng_pm(r, 850) ? LS_C1 : LS_V2;
        return t + rng_range(r, 1, 8);
    case LS_C1:
        if (rng_pm(r, 700)) {
            *to = LS_C2;
            return t + rng_range(r, 90, 400);
        }
        return NONE;
    case LS_V2:
        if (c->mode != M_UASC && !c->defect && rng_pm(r, 100)) {
            *to = LS_C1;
            return t + rng_range(r, 30, 300);
        }
        return NONE;
    default:
        return NONE;
    }
}

static int stay_mean(unsigned type)
{
    switch (type) {
    case PL_U1: case PL_U4: return 900;
    case PL_U2: case PL_U5: return 200;
    case PL_K1: return 100;
    case PL_K2: return 220;
    case PL_K3: case PL_H5: case PL_P2: return 300;
    case PL_S1: return 400;
    case PL_R2: return 60;
    case PL_R5: return 90;
    case PL_P1: return 200;
    default: return 280;
    }
}

static int temporary_days(struct rng *r, unsigned t)
{
    switch (t) {
    case PL_T1: return rng_range(r, 1, 40);    /* 375: six weeks */
    case PL_T3: return rng_range(r, 2, 20);    /* 376: three weeks */
    case PL_T4: return rng_range(r, 1, 7);     /* 379: seven days */
    default: return rng_range(r, 2, 14);
    }
}

/* Runs the current period from its last episode until `end` (then an exit
 * chosen by choose_exit), stopping at the extract, where it stays open.
 * forced1/forced2: placement changes that must happen (defect children). */
static void run_period(struct gen *g, sr_date end, bool at_adult, sr_date forced1, sr_date forced2)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    struct episode *e = last_ep(c);
    sr_date pl_start = e->start;
    sr_date pl_next = pl_start + 14 + spell(r, stay_mean(c->pl[e->placement].type));
    unsigned ls_to = e->ls;
    sr_date ls_next = plan_ls(g, e->ls, e->start, &ls_to);
    sr_date temp_at = NONE;
    bool temps_allowed = !c->defect && c->mode != M_RESPITE && c->mode != M_ADOPT;
    unsigned n_temp = 0, temp_type = PL_T0;
    int temp_len = 0;
    bool had_t3 = false;

    /* Short first statuses may end the period instead (a return home). */
    if ((e->ls == LS_L1 && rng_pm(r, 100)) || (e->ls == LS_L2 && rng_pm(r, 50))) {
        end = ls_next;
        at_adult = false;
        ls_next = NONE;
    }
    for (;;) {
        e = last_ep(c);
        sr_date t = synth_dmin(synth_dmin(pl_next, ls_next), synth_dmin(synth_dmin(forced1, forced2), synth_dmin(temp_at, end)));
        if (t <= e->start)
            t = e->start + 1;                       /* 355: at least a day */
        if (t > x->extract)
            return;                                 /* open at the extract */
        if (t >= end || !room(c)) {
            end_period(c, t, choose_exit(g, t, at_adult && t >= end));
            return;
        }
        const struct placement *cur = &c->pl[e->placement];
        if (temp_at != NONE && t >= temp_at) {
            /* A temporary placement (380, 381: never first or last) and the
             * return to the same placement (383); no reasons (226). */
            uint8_t back = e->placement;
            change(g, t, e->ls, MOVE_TEMPORARY, temp_type, RPC_NONE, 0);
            sr_date ret = t + temp_len;
            if (ret > x->extract)
                return;
            change(g, ret, e->ls, MOVE_RETURN, 0, RPC_NONE, back);
            temp_at = NONE;
            continue;
        }
        if (ls_next != NONE && t >= ls_next) {
            bool move = rng_pm(r, LS_WITH_MOVE_PM) || (cur->type == PL_P1 && ls_to == LS_V2);
            if (move) {
                unsigned type = choose_type(g, age_on(c, t), ls_to);
                change(g, t, ls_to, MOVE_NEW_CARER, type, (uint8_t)PICK(r, move_reason_weights), 0);
                pl_start = t;
                pl_next = t + 14 + spell(r, stay_mean(type));
            } else {
                change(g, t, ls_to, MOVE_NONE, 0, RPC_NONE, 0);
            }
            unsigned from = ls_to;
            ls_next = plan_ls(g, from, t, &ls_to);
            continue;
        }
        /* A placement change (planned or forced). */
        if (forced1 != NONE && t >= forced1)
            forced1 = NONE;
        else if (forced2 != NONE && t >= forced2)
            forced2 = NONE;
        bool same = (pl_foster(cur->type) || cur->type == PL_K2) && rng_pm(r, SAME_CARER_PM) && !c->defect;
        if (same) {
            change(g, t, e->ls, MOVE_SAME_CARER, 0, RPC_PLACE, 0);
        } else {
            unsigned type = choose_type(g, age_on(c, t), e->ls);
            change(g, t, e->ls, MOVE_NEW_CARER, type, (uint8_t)PICK(r, move_reason_weights), 0);
        }
        pl_start = t;
        unsigned type = c->pl[last_ep(c)->placement].type;
        pl_next = t + 14 + spell(r, stay_mean(type));
        /* Maybe a temporary move in the middle of this placement, clear of
         * every other change (at most two a period, one T3: 377). */
        if (temps_allowed && n_temp < 2 && type != PL_P1 && !pl_other(type) && rng_pm(r, TEMP_PM)) {
            temp_type = PICK_TYPE(r, types_temporary);
            if (temp_type == PL_T3 && had_t3)
                temp_type = PL_T4;
            temp_len = temporary_days(r, temp_type);
            sr_date at = t + rng_range(r, 20, 60);
            sr_date clear = synth_dmin(synth_dmin(pl_next, ls_next), synth_dmin(synth_dmin(forced1, forced2), end));
            if (at + temp_len + 2 < clear) {
                temp_at = at;
                n_temp++;
                had_t3 |= temp_type == PL_T3;
            }
        }
    }
}

/* ------------------------------------------------------------------------
 * Kinds of history.
 * ------------------------------------------------------------------------ */
static uint8_t draw_need(struct gen *g)
{
    if (g->c->mode == M_RESPITE)
        return 1;                                    /* N2: disability */
    if (g->c->uasc)
        return rng_pm(g->r, 900) ? 7 : 0;            /* N8: absent parenting */
    return (uint8_t)PICK(g->r, need_weights);
}

static unsigned first_ls(struct gen *g, int age)
{
    struct rng *r = g->r;
    if (g->c->defect)
        return LS_C1;
    if (g->c->mode == M_UASC)
        return LS_V2;
    static const uint16_t w_baby[LS__N] = { [LS_V2] = 300, [LS_C1] = 500, [LS_L2] = 150, [LS_L1] = 50 };
    static const uint16_t w[LS__N] = { [LS_V2] = 500, [LS_C1] = 300, [LS_L2] = 80, [LS_L1] = 70, [LS_C2] = 50 };
    return rng_weighted(r, age < 1 ? w_baby : w, LS__N);
}

/* A period of the general kind from t; `end` already capped at the 18th
 * birthday when at_adult. */
static void general_period(struct gen *g, sr_date t, sr_date end, bool at_adult, sr_date f1, sr_date f2)
{
    struct lac *c = g->c;
    int age = age_on(c, t);
    unsigned ls = first_ls(g, age);
    unsigned type = choose_type(g, age, ls);
    start_period(g, t, ls, type, draw_need(g), false);
    run_period(g, end, at_adult, f1, f2);
}

/* How long a general period lasts. */
static sr_date general_end(struct gen *g, sr_date t, bool *at_adult)
{
    struct rng *r = g->r;
    const struct lac *c = g->c;
    sr_date adult = birthday(c, 18);
    unsigned b = rng_below(r, 100);
    int days = b < 30 ? rng_range(r, 5, 180) : b < 65 ? rng_range(r, 181, 730) : rng_range(r, 731, 3650);
    sr_date end = t + days;
    *at_adult = end >= adult;
    return *at_adult ? adult : end;
}

/* Adoption: decision, placement order, match, placement for adoption,
 * adoption order (notes section 2.1 AD1/PlacedAdoption; 331, 334, 336,
 * 390, 408, 521, 552, 554, 582, 1003), with some decisions reversed
 * (557, 525) or placements disrupted.  A reversed decision ends the
 * placement order the same day (the court revokes it and the care order
 * revives: LS E1 to C2), so no E1 episode outlives its decision (553). */
static void adoption_history(struct gen *g, sr_date t0)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    bool ffa = rng_pm(r, 150);
    unsigned ls0 = rng_pm(r, 600) ? LS_C1 : rng_pm(r, 600) ? LS_V2 : LS_L2;
    unsigned type0 = ffa ? (rng_pm(r, 700) ? PL_U5 : PL_U2) : (rng_pm(r, 800) ? PL_U6 : PL_U3);
    uint8_t k = start_period(g, t0, ls0, type0, draw_need(g), false);
    struct perm *pm = &c->perm[c->n_perm++];
    memset(pm, 0, sizeof *pm);
    pm->type = PERM_ADOPTION;
    pm->period = k;
    pm->ffa = ffa;
    pm->adm = pm->po = pm->match = pm->placed = pm->reversed = pm->order = pm->foster_from = NONE;

    sr_date t = t0;
    if (ls0 == LS_L2) {                      /* EPO, then an interim care order */
        t = t0 + rng_range(r, 1, 8);
        if (t > x->extract)
            return;
        change(g, t, LS_C1, MOVE_NONE, 0, RPC_NONE, 0);
    }
    bool order_route = rng_pm(r, 850);
    sr_date adm = t0 + rng_range(r, 120, 420);
    sr_date po = order_route ? adm + rng_range(r, 20, 160) : NONE;
    sr_date match = (order_route ? po : adm) + rng_range(r, 30, 240);
    sr_date placed = match + rng_range(r, 7, 70);
    sr_date order = placed + rng_range(r, 70, 400);
    sr_date rev = NONE;
    if (rng_pm(r, 150))
        rev = adm + rng_range(r, 40, 300);
    else if (rng_pm(r, 50))
        rev = placed + rng_range(r, 30, 200);
    if (rev != NONE && rev >= order)
        rev = NONE;

    /* A move between foster carers before the match, sometimes. */
    sr_date move = rng_pm(r, 300) ? t + rng_range(r, 30, (int)(adm - t)) : NONE;
    if (move != NONE && move > t && move < adm && move <= x->extract) {
        change(g, move, last_ep(c)->ls, MOVE_NEW_CARER, PL_U6, RPC_CARPL, 0);
        t = move;
    }
    if (!order_route && last_ep(c)->ls == LS_C1) {      /* consent route under a full order */
        sr_date full = t + rng_range(r, 20, 90);
        if (full < adm && full <= x->extract) {
            change(g, full, LS_C2, MOVE_NONE, 0, RPC_NONE, 0);
            t = full;
        }
    }
    if (adm > x->extract) {
        c->n_perm--;                          /* no decision yet */
        return;
    }
    pm->adm = adm;
    if (ffa)
        pm->foster_from = t0;
    bool reversed_early = rev != NONE && rev <= placed;     /* no placement on the day */
    if (po != NONE && (!reversed_early || po < rev)) {
        if (po > x->extract)
            return;
        pm->po = po;
        change(g, po, LS_E1, MOVE_NONE, 0, RPC_NONE, 0);   /* 554: decision before the order */
    }
    if (reversed_early) {
        if (rev > x->extract)
            return;
        pm->reversed = rev;
        static const uint16_t w[] = { 0, 350, 150, 300, 200 };
        pm->reversed_reason = (uint8_t)PICK(r, w);
        if (pm->po != NONE && pm->reversed_reason == 2)
            pm->reversed_reason = 4;          /* RD2: no placement order was made */
        if (match > rev)
            match = NONE;
        pm->match = match != NONE && match <= x->extract ? match : NONE;
        if (pm->po != NONE)
            change(g, rev, LS_C2, MOVE_NONE, 0, RPC_NONE, 0);   /* the placement order revoked */
        /* Stays in long-term foster care; may leave by a guardianship order. */
        bool at_adult;
        sr_date end = general_end(g, rev, &at_adult);
        run_period(g, end, at_adult, NONE, NONE);
        return;
    }
    if (match > x->extract)
        return;
    pm->match = match;
    pm->nb = rng_pm(r, 800) ? 2 : 1;
    if (pm->nb == 1) {
        pm->sex = rng_pm(r, 800) ? 1 : 0;        /* F1 / M1 */
        pm->lsa = 0;                             /* L0 (514) */
    } else {
        unsigned s = rng_below(r, 100);
        pm->sex = (uint8_t)(s < 70 ? 4 : s < 85 ? 3 : 2);   /* MF, FF, MM */
        if (pm->sex == 4)
            pm->lsa = (uint8_t)(rng_pm(r, 650) ? 1 : rng_pm(r, 700) ? 4 : 3);   /* L11, L3, L2 (517, 520) */
        else
            pm->lsa = (uint8_t)(rng_pm(r, 400) ? 2 : rng_pm(r, 650) ? 5 : 3);   /* L12, L4, L2 (518, 524) */
    }
    pm->siblings = rng_pm(r, 250) ? (uint8_t)rng_range(r, 2, 4) : 1;
    if (placed > x->extract)
        return;
    /* 217/336: with the current foster carer (A3/A5, RNE T) from foster
     * care; otherwise A4/A6 with new carers (RNE P); 408: A5/A6 under E1. */
    bool with_carer = ffa || rng_pm(r, 200);
    unsigned atype = order_route ? (with_carer ? PL_A5 : PL_A6) : (with_carer ? PL_A3 : PL_A4);
    if (with_carer) {
        const struct placement *cur = &c->pl[last_ep(c)->placement];
        if (!ffa)
            pm->foster_from = cur->start;
        struct placement *p;
        change(g, placed, last_ep(c)->ls, MOVE_SAME_CARER, 0, RPC_CARPL, 0);
        p = &c->pl[last_ep(c)->placement];
        p->type = (uint8_t)atype;
        p->provider = (uint8_t)(rng_pm(r, 500) ? PR_1 : rng_pm(r, 500) ? PR_4 : PR_2);
        p->urn = choose_urn(r, atype, p->provider, x->year);
    } else {
        change(g, placed, last_ep(c)->ls, MOVE_NEW_CARER, atype, RPC_CARPL, 0);
    }
    pm->by_carer = with_carer;
    pm->placed = placed;
    pm->urn = c->pl[last_ep(c)->placement].urn;
    if (rev != NONE) {                           /* the placement disrupts */
        if (rev > x->extract)
            return;
        pm->reversed = rev;
        pm->reversed_reason = rng_pm(r, 500) ? 1 : 4;
        change(g, rev, pm->po != NONE ? LS_C2 : last_ep(c)->ls, MOVE_NEW_CARER, PL_U6, RPC_CREQO, 0);
        bool at_adult;
        sr_date end = general_end(g, rev, &at_adult);
        run_period(g, end, at_adult, NONE, NONE);
        return;
    }
    /* Not on 31 March: DfE counts a child who leaves care that day as looked
     * after all year (CONTINUOUSLY_LOOKED_AFTER), and then 187 forbids the
     * adoption details (AD1) that 601 asks for. */
    if (on_day(order, 3, 31))
        order++;
    if (order > x->extract)
        return;
    end_period(c, order, rng_pm(r, 650) ? REC_E11 : REC_E12);
    pm->order = order;
}

/* Short breaks: V3 stays of 1-4 days at least three weeks apart (365,
 * 367), each its own period, always the same placement (366); or V4
 * agreements of six months to a year.  Never both (426). */
static void respite_history(struct gen *g, sr_date t0)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    bool agreements = rng_pm(r, 300);
    unsigned type = PICK_TYPE(r, types_respite);
    sr_date stop = birthday(c, 18) - 30;
    sr_date t = t0;
    int first_pl = -1;
    while (c->n_per < MAX_PERIODS && t <= x->extract && t < stop && room(c)) {
        int len = agreements ? rng_range(r, 180, 365) : rng_range(r, 1, 4);
        uint8_t k;
        if (first_pl < 0) {
            k = start_period(g, t, agreements ? LS_V4 : LS_V3, type, 1, true);
            first_pl = c->ep[c->per[k].first].placement;
        } else {
            /* The same carer every time: a copy of the first placement. */
            k = c->n_per++;
            struct period *p = &c->per[k];
            memset(p, 0, sizeof *p);
            p->start = t;
            p->end = NONE;
            p->first = c->n_ep;
            p->need = 1;
            p->respite = true;
            struct placement *pl = &c->pl[c->n_pl];
            *pl = c->pl[first_pl];
            pl->start = t;
            pl->end = NONE;
            pl->period = k;
            add_episode(c, t, RNE_S, agreements ? LS_V4 : LS_V3, c->n_pl++, k);
        }
        sr_date end = t + len;
        if (end > x->extract)
            return;
        end_period(c, end, REC_E4A);
        t = end + (agreements ? rng_range(r, 1, 30) : rng_range(r, 21, 60));   /* 431: a gap */
    }
}

/* Remand (J1), PACE (J2, a day or two: 364) or a youth rehabilitation order
 * with residence (J3); 358: aged 10 or more. */
static void remand_period(struct gen *g, sr_date t)
{
    struct rng *r = g->r;
    struct lac *c = g->c;
    unsigned b = rng_below(r, 10);
    unsigned ls = b < 8 ? LS_J1 : b < 9 ? LS_J2 : LS_J3;
    int days = ls == LS_J1 ? rng_range(r, 5, 120) : ls == LS_J2 ? rng_range(r, 1, 2) : rng_range(r, 30, 180);
    unsigned type = choose_type(g, age_on(c, t), ls);
    start_period(g, t, ls, type, rng_pm(r, 700) ? 5 : 4, false);
    sr_date end = synth_dmin(t + days, birthday(c, 18));
    run_period(g, end, false, NONE, NONE);
}

/* Home addresses: one, or a move between two periods of care.  UASC have
 * none (392b does not ask for them). */
static void draw_home(struct gen *g, sr_date first)
{
    struct lac *c = g->c;
    c->n_home = 0;
    if (c->uasc)
        return;
    c->home[0] = draw_postcode(g->r, 1, 5);
    c->home_from[0] = synth_dmax(c->dob, first - rng_range(g->r, 30, 2500));
    c->n_home = 1;
}

/* Periods one after another from t0. */
static void build_history(struct gen *g, sr_date t0)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    draw_home(g, t0);
    switch (c->mode) {
    case M_ADOPT:
        adoption_history(g, t0);
        return;
    case M_RESPITE:
        respite_history(g, t0);
        return;
    default:
        break;
    }
    sr_date t = t0;
    sr_date adult = birthday(c, 18);
    for (int n = 0; n < 3 && t <= x->extract && t < adult - 30 && room(c); n++) {
        if (c->mode == M_REMAND && n == 0) {
            remand_period(g, t);
        } else if (c->mode == M_LEAVER && n == 0) {
            /* Leaves at 18, or at 16-17 with enough time in care to be a
             * relevant child (1001: 13 weeks after 14, leaving after 16). */
            if (rng_pm(r, 700)) {
                general_period(g, t, adult, true, NONE, NONE);
            } else {
                sr_date end = synth_dmax(t + 120, date_add_years(c->dob, 16) + rng_range(r, 30, 690));
                bool at_adult = end >= adult;
                general_period(g, t, at_adult ? adult : end, at_adult, NONE, NONE);
            }
        } else if (c->mode == M_UASC) {
            bool at_adult = rng_pm(r, 650);
            sr_date end = at_adult ? adult : synth_dmin(adult, t + rng_range(r, 100, 900));
            general_period(g, t, end, at_adult || end == adult, NONE, NONE);
        } else {
            bool at_adult;
            sr_date end = general_end(g, t, &at_adult);
            general_period(g, t, end, at_adult, NONE, NONE);
        }
        const struct period *p = &c->per[c->n_per - 1];
        if (p->end == NONE)
            return;
        switch (p->rec) {
        case REC_E4A: case REC_E4B: case REC_E13: case REC_E8: case REC_E14: case REC_E9:
            break;
        default:
            return;                 /* adopted, orders, adulthood, moved away: no return */
        }
        if (age_on(c, p->end) >= 16 || !rng_pm(r, REENTRY_PM))
            return;
        sr_date next = p->end + rng_range(r, 60, 900);
        if (rng_pm(r, 300) && c->n_home == 1) {
            c->home[1] = draw_postcode(r, 1, 5);
            c->home_from[1] = p->end + rng_range(r, 1, (int)(next - p->end) - 1);
            if (c->home[1] == c->home[0])
                c->n_home = 1;
            else
                c->n_home = 2;
        }
        t = next;
    }
}

/* ------------------------------------------------------------------------
 * The whole child.
 * ------------------------------------------------------------------------ */
static enum defect defect_of(const struct cctx *x, unsigned long j)
{
    if (!x->defect_threshold)
        return D_NONE;
    if ((key3(x->opt->seed, ST_DEFECT, j) >> 11) >= x->defect_threshold)
        return D_NONE;
    return (enum defect)(1 + key3(x->opt->seed, ST_DEFECT_KIND, j) % (D__COUNT - 1));
}

/* Person ids: prefix, then the child number (1-based, 7 digits: j is below
 * MAX_LAC).  Returns the length. */
static size_t make_id(char out[16], const char *prefix, unsigned long j)
{
    return synth_id(out, prefix, j + 1, 7);
}

/* A CIN child who can be this looked-after child: born, alive, a UPN
 * (442 and 444 then hold through the CIN generator), no seeded defect,
 * sex M or F (101 before 2024-25, 232 after), and young enough somewhere
 * in the window to come into care. */
static bool try_reuse(const struct cctx *x, struct lac *c, struct rng *r)
{
    for (int tries = 0; tries < REUSE_TRIES; tries++) {
        unsigned long cin = c->index * CIN_PER_LAC + rng_below(r, CIN_PER_LAC);
        if (cin >= x->opt->children)
            continue;
        struct synth_person p;
        x->cin_person(x->opt, cin, &p);
        if (p.defect || p.dob == NONE || p.death != NONE || !p.has_upn || (p.sex != 'M' && p.sex != 'F'))
            continue;
        if (p.dob > x->extract - 30 || born_1_april(p.dob))
            continue;
        sr_date adult = date_add_years(p.dob, 18);
        sr_date lo = synth_dmax(x->window_start, p.dob), hi = synth_dmin(x->extract - 1, adult - 120);
        if (lo > hi)
            continue;
        c->reused = true;
        memcpy(c->id, p.id, sizeof c->id - 1);
        c->id[sizeof c->id - 1] = '\0';
        c->dob = p.dob;
        split_dob(c);
        c->sex = p.sex;
        c->upn = 0;
        return true;
    }
    return false;
}

/* Entry ages of children coming into care in general (in days). */
static int draw_entry_age(struct rng *r)
{
    static const uint16_t w[] = { 150, 170, 200, 380, 100 };
    static const int lo[] = { 0, 365, YEARS(5), YEARS(10), YEARS(16) };
    static const int hi[] = { 364, YEARS(5) - 1, YEARS(10) - 1, YEARS(16) - 1, YEARS(17) + 270 };
    unsigned b = PICK(r, w);
    return rng_range(r, lo[b], hi[b]);
}

/* A child not in the CIN data: the kind of history, when care starts and
 * the date of birth and sex that go with it.  Returns the start. */
static sr_date draw_new_child(struct gen *g)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    sr_date t0;
    c->mode = (uint8_t)PICK(r, mode_weights);
    switch (c->mode) {
    case M_LEAVER:
        c->dob = rng_date(r, x->ref_date - YEARS(22) + 10, x->ref_date - YEARS(17) - 5);
        t0 = c->dob + rng_range(r, YEARS(11), YEARS(16) + 180);
        break;
    case M_ADOPT:
        t0 = rng_date(r, x->period_start - YEARS(4), x->extract - 1);
        c->dob = t0 - (rng_pm(r, 400) ? rng_range(r, 0, 10) : rng_range(r, 11, YEARS(3)));
        break;
    case M_UASC:
        t0 = rng_date(r, x->window_start, x->extract - 1);
        c->dob = t0 - rng_range(r, YEARS(14), YEARS(17) + 200);
        break;
    case M_RESPITE:
        t0 = rng_date(r, x->period_start - YEARS(2), x->period_start + 180);
        c->dob = t0 - rng_range(r, YEARS(4), YEARS(15));
        break;
    case M_REMAND:
        t0 = rng_date(r, x->period_start - YEARS(3), x->extract - 1);
        c->dob = t0 - rng_range(r, YEARS(12), YEARS(17) + 200);
        break;
    default:
        t0 = rng_date(r, x->window_start, x->extract - 1);
        c->dob = t0 - draw_entry_age(r);
        break;
    }
    unsigned male_pm = c->mode == M_UASC ? 920 : c->mode == M_REMAND ? 880 : 540;
    c->sex = rng_pm(r, male_pm) ? 'M' : 'F';
    return t0;
}

/* When care starts, and who the child is where that is not known yet.
 * Returns the start. */
static sr_date draw_start(struct gen *g)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    sr_date t0;
    if (c->defect) {
        /* In care from before the census year through the extract, of
         * school age, with two placement changes in the year: the defect
         * has something to land on. */
        c->mode = M_GENERAL;
        t0 = rng_date(r, x->period_start - 700, x->period_start - 60);
        c->dob = t0 - rng_range(r, YEARS(6), YEARS(11));
        c->sex = rng_pm(r, 500) ? 'M' : 'F';
        c->anchor1 = rng_date(r, x->period_start + 30, x->period_start + 150);
        c->anchor2 = rng_date(r, c->anchor1 + 40, x->ref_date - 60);
    } else if (c->reused) {
        sr_date adult = date_add_years(c->dob, 18);
        sr_date lo = synth_dmax(x->window_start, c->dob), hi = synth_dmin(x->extract - 1, adult - 120);
        sr_date leaver_lo = date_add_years(c->dob, 11), leaver_hi = date_add_years(c->dob, 16) + 180;
        int age_ref = age_on(c, x->ref_date);
        if (age_ref >= 17 && age_ref < 22 && rng_pm(r, 350)) {
            c->mode = M_LEAVER;
            t0 = rng_date(r, leaver_lo, leaver_hi);
        } else if (lo < date_add_years(c->dob, 3) && rng_pm(r, 100)) {
            c->mode = M_ADOPT;
            t0 = rng_date(r, lo, synth_dmin(hi, date_add_years(c->dob, 3)));
        } else {
            c->mode = M_GENERAL;
            t0 = rng_date(r, lo, hi);
        }
    } else {
        t0 = draw_new_child(g);
    }
    return t0;
}

/* Id, ethnicity, nationality and UPN of a child not in the CIN data. */
static void draw_identity(struct gen *g)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    make_id(c->id, "L", c->index);
    c->uasc = c->mode == M_UASC;
    c->ethnicity = (uint8_t)rng_weighted(r, c->uasc ? uasc_ethnicity_weights : ethnicity_weights, N_ETHNICITIES);
    c->send = c->mode == M_RESPITE;
    if (c->uasc)
        c->nationality = (uint8_t)rng_below(r, sizeof uasc_nationalities / sizeof uasc_nationalities[0]);
    /* UPN: school age at the reference date (209), else UN1; UASC
     * mostly UN2; no UN4 (210).  Defect children always have one. */
    if (c->defect) {
        c->upn = 0;
    } else if (c->dob > x->school_age_dob) {
        c->upn = 1;
    } else if (c->uasc) {
        c->upn = rng_pm(r, 700) ? 2 : 0;
    } else {
        unsigned u = rng_below(r, 1000);
        c->upn = u < 960 ? 0 : u < 985 ? 3 : 5;
    }
}

/* UASC status from arrival to 18 (304), or to an age assessment (E15). */
static void draw_uasc_status(struct gen *g, sr_date t0)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    c->uasc_from = synth_dmax(c->dob, t0 - rng_range(r, 0, 10));
    sr_date adult = birthday(c, 18);
    const struct period *p = &c->per[c->n_per - 1];
    if (p->rec == REC_E15)
        c->uasc_to = p->end;
    else if (adult <= x->extract)
        c->uasc_to = adult;
    c->refugee = rng_pm(r, 300);
    c->refugee_from = t0 + rng_range(r, 200, 700);
    if (c->refugee_from > x->extract)
        c->refugee = false;
}

/* A baby: girls in care at 14-17, born in care by the reference date
 * (611-625: a mother of 11+, child born by the year end and by the
 * last DEC). */
static void draw_baby(struct gen *g)
{
    struct lac *c = g->c;
    const struct cctx *x = g->x;
    struct rng *r = g->r;
    for (unsigned k = 0; k < c->n_per; k++) {
        const struct period *p = &c->per[k];
        sr_date lo = synth_dmax(p->start + 90, birthday(c, 14));
        sr_date hi = synth_dmin(synth_dmin(p->end == NONE ? x->extract : p->end - 1, x->ref_date), birthday(c, 18) - 1);
        if (lo <= hi) {
            c->mother = true;
            c->baby_dob = rng_date(r, lo, hi);
            c->baby_sex = rng_pm(r, 510) ? 'M' : 'F';
            break;
        }
    }
}

/* Care leavers (1001): left care at 16 or over, 13 weeks in care after
 * 14, not by adoption, an order, a transfer or an age assessment. */
static void mark_leaver(struct lac *c)
{
    const struct period *p = &c->per[c->n_per - 1];
    bool eligible = p->end != NONE && p->end >= birthday(c, 16);
    switch (p->rec) {
    case REC_E11: case REC_E12: case REC_E41: case REC_E45: case REC_E46: case REC_E47:
    case REC_E48: case REC_E3: case REC_E15: case REC_E16:
        eligible = false;
        break;
    default:
        break;
    }
    if (eligible) {
        sr_date from14 = birthday(c, 14);
        int days = 0;
        for (unsigned k = 0; k < c->n_per; k++) {
            const struct period *q = &c->per[k];
            if (q->end != NONE && q->end > from14)
                days += (int)(q->end - synth_dmax(q->start, from14));
        }
        c->leaver = days >= 91;
        c->left = p->end;
    }
}

/* Special guardianship and child arrangements orders are permanence
 * orders too (ssd_permanence rows without an adoption decision). */
static void add_permanence_order(struct lac *c)
{
    const struct period *p = &c->per[c->n_per - 1];
    uint8_t type = 0;
    bool order = true;
    switch (p->rec) {
    case REC_E45: case REC_E46: case REC_E47: case REC_E48: type = PERM_SGO; break;
    case REC_E41: type = PERM_CAO; break;
    default: order = false; break;
    }
    if (order) {
        struct perm *pm = &c->perm[c->n_perm++];
        memset(pm, 0, sizeof *pm);
        pm->type = type;
        pm->period = (uint8_t)(c->n_per - 1);
        pm->adm = pm->po = pm->match = pm->placed = pm->reversed = pm->foster_from = NONE;
        pm->order = p->end;
    }
}

/* Defects on the core history. */
static void apply_defect(struct gen *g)
{
    struct lac *c = g->c;
    struct rng *r = g->r;
    int k1 = -1;
    for (unsigned i = 0; i < c->n_ep; i++)
        if (c->ep[i].start == c->anchor1)
            k1 = (int)i;
    if (k1 > 0) {
        struct episode *e = &c->ep[k1];
        struct placement *p = &c->pl[e->placement];
        switch (c->defect) {
        case D_EPISODE_OVERLAP:
            if (e->end != NONE)
                e->written_end = e->end + rng_range(r, 1, 5);
            break;
        case D_DEC_BEFORE_DECOM:
            if (e->end != NONE)
                e->written_end = e->start - rng_range(r, 1, 5);
            break;
        case D_PLACEMENT_CODE: p->flags |= PF_BAD_TYPE; break;
        case D_POSTCODE_FORMAT: p->flags |= PF_BAD_POSTCODE; break;
        case D_URN_MISSING: p->flags |= PF_NO_URN; break;
        case D_RNE_INVALID: e->flags |= EF_BAD_RNE; break;
        case D_NO_LEGAL_STATUS: e->flags |= EF_NO_LS; break;
        default: break;
        }
    }
    if (c->defect == D_REC_WITHOUT_DEC && c->n_ep && last_ep(c)->end == NONE)
        last_ep(c)->flags |= EF_REC_NO_DEC;
}

/* Looked-after child j, from scratch: every draw comes from streams keyed
 * by (seed, j), in the same order on every pass. */
static void gen_lac(const struct cctx *x, unsigned long j, struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_CORE, j);
    struct gen g = { .x = x, .r = &r, .c = c };

    c->index = j;
    c->defect = defect_of(x, j);
    c->reused = false;
    c->n_per = c->n_ep = c->n_pl = c->n_perm = c->n_home = 0;
    c->uasc = c->refugee = c->send = c->mother = c->leaver = false;
    c->uasc_from = c->uasc_to = c->refugee_from = c->baby_dob = c->left = NONE;
    c->anchor1 = c->anchor2 = NONE;
    c->nationality = 0;
    c->ethnicity = 0;
    c->upn = 0;

    if (!c->defect && (key3(x->opt->seed, ST_REUSE, j) % 1000) < REUSE_PM) {
        struct rng rr;
        cla_rng_seed(&rr, x->opt->seed, ST_REUSE + 100, j);
        try_reuse(x, c, &rr);
    }

    sr_date t0 = draw_start(&g);
    if (!c->reused && born_1_april(c->dob))
        c->dob--;                                  /* 31 March */
    split_dob(c);
    if (!c->reused)
        draw_identity(&g);

    if (c->defect) {
        draw_home(&g, t0);
        general_period(&g, t0, birthday(c, 18), true, c->anchor1, c->anchor2);
    } else {
        build_history(&g, t0);
    }
    if (c->uasc && c->n_per)
        draw_uasc_status(&g, t0);
    if (!c->reused && !c->defect && c->sex == 'F' && c->mode != M_RESPITE && rng_pm(&r, MOTHER_PM))
        draw_baby(&g);
    if (c->n_per && !c->per[c->n_per - 1].respite)
        mark_leaver(c);
    if (c->n_per && c->n_perm < 2)
        add_permanence_order(c);
    if (c->defect)
        apply_defect(&g);
}

/* ------------------------------------------------------------------------
 * Output: columns of our own (synth/sink.h has the common ones).
 * ------------------------------------------------------------------------ */
/* Row ids: prefix, child number (7 digits), then `width` digits of seq. */
static void f_id(struct synth_sink *o, const char *prefix, unsigned long j, unsigned seq, int width)
{
    char b[32];
    size_t k = make_id(b, prefix, j);
    synth_put_digits(b + k, seq, width);
    b[k + (size_t)width] = '\0';
    col_text(o, b);
}

static void f_urn(struct synth_sink *o, uint16_t urn)
{
    if (!urn) {
        col_null(o);
        return;
    }
    if (urn == URN_NONE_CODE) {
        col_text(o, NO_URN);
        return;
    }
    char b[9] = "SC99";
    for (int i = 7; i >= 4; i--) {
        b[i] = (char)('0' + urn % 10);
        urn /= 10;
    }
    b[8] = '\0';
    col_text(o, b);
}

static void f_distance(struct synth_sink *o, uint16_t d)
{
    if (d == NO_DISTANCE) {
        col_null(o);
        return;
    }
    char b[16];
    int n = snprintf(b, sizeof b, "%u.%u", d / 10u, d % 10u);
    col_sep(o);
    sink_put(o, b, (size_t)n);
}

/* Names: syllable soup, different syllables from the CIN generator's. */
static const char *const sounds[] = {
    "vor", "quen", "ath", "zib", "lom", "yra", "pel", "tox", "dri", "mun",
    "kes", "wab", "ulo", "fip", "gor", "nyx", "hal", "sev", "jiv", "orb",
};
static const struct synth_syllables cla_syllables = { sounds, sizeof sounds / sizeof sounds[0] };

/* ------------------------------------------------------------------------
 * Tables.
 * ------------------------------------------------------------------------ */
enum table {
    T_PERSON, T_LINKED, T_PROFESSIONALS, T_ADDRESS, T_IMMIGRATION, T_MOTHER, T_PLACEMENT,
    T_EPISODES, T_LEGAL, T_REVIEWS, T_MISSING, T_PREVPERM, T_PERMANENCE, T_HEALTH,
    T_IMMUNISATIONS, T_SDQ, T_CONVICTIONS, T_SUBSTANCE, T_SUBSTANCE_EXT, T_LEAVERS,
    T_LEAVERS_EXT, T_INVOLVEMENTS, T_DOLO, T__COUNT
};

static const char *const copy_heads[T__COUNT] = {
    [T_PERSON] = "COPY ssd_person (pers_person_id, pers_legacy_id, pers_common_child_id, pers_forename, "
                 "pers_surname, pers_sex, pers_gender, pers_ethnicity, pers_dob, pers_expected_dob, "
                 "pers_death_date, pers_upn_unknown, pers_send_flag, pers_is_mother, pers_nationality) FROM stdin;\n",
    [T_LINKED] = "COPY ssd_linked_identifiers (link_table_id, link_person_id, link_identifier_type, "
                 "link_identifier_value, link_valid_from_date, link_valid_to_date) FROM stdin;\n",
    [T_PROFESSIONALS] = "COPY ssd_professionals (prof_professional_id, prof_staff_id, prof_professional_name, "
                        "prof_social_worker_registration_no, prof_professional_job_title, "
                        "prof_professional_caseload, prof_professional_department, "
                        "prof_full_time_equivalency, prof_agency_worker_flag) FROM stdin;\n",
    [T_ADDRESS] = "COPY ssd_address (addr_table_id, addr_address_json, addr_person_id, addr_address_type, "
                  "addr_address_start_date, addr_address_end_date, addr_address_postcode) FROM stdin;\n",
    [T_IMMIGRATION] = "COPY ssd_immigration_status (immi_immigration_status_id, immi_person_id, "
                      "immi_immigration_status, immi_immigration_status_start_date, "
                      "immi_immigration_status_end_date) FROM stdin;\n",
    [T_MOTHER] = "COPY ssd_mother (moth_table_id, moth_person_id, moth_childs_person_id, moth_childs_dob) FROM stdin;\n",
    [T_PLACEMENT] = "COPY ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, "
                    "clap_cla_placement_type, clap_cla_placement_urn, clap_cla_placement_distance, clap_cla_id, "
                    "clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date, "
                    "clap_cla_placement_change_reason, clap_person_id) FROM stdin;\n",
    [T_EPISODES] = "COPY ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date, "
                   "clae_cla_episode_start_reason, clae_cla_primary_need_code, clae_cla_episode_ceased_date, "
                   "clae_cla_episode_ceased_reason, clae_cla_id, clae_referral_id, clae_cla_placement_id, "
                   "clae_entered_care_date, clae_cla_last_iro_contact_date) FROM stdin;\n",
    [T_LEGAL] = "COPY ssd_legal_status (lega_legal_status_id, lega_person_id, lega_legal_status, "
                "lega_legal_status_start_date, lega_legal_status_end_date) FROM stdin;\n",
    [T_REVIEWS] = "COPY ssd_cla_reviews (clar_cla_review_id, clar_cla_id, clar_cla_review_due_date, "
                  "clar_cla_review_date, clar_cla_review_cancelled, clar_cla_review_participation) FROM stdin;\n",
    [T_MISSING] = "COPY ssd_missing (miss_table_id, miss_person_id, miss_missing_episode_start_date, "
                  "miss_missing_episode_type, miss_missing_episode_end_date, miss_missing_rhi_offered, "
                  "miss_missing_rhi_accepted) FROM stdin;\n",
    [T_PREVPERM] = "COPY ssd_cla_previous_permanence (lapp_table_id, lapp_person_id, "
                   "lapp_previous_permanence_order_date, lapp_previous_permanence_option, "
                   "lapp_previous_permanence_la) FROM stdin;\n",
    [T_PERMANENCE] = "COPY ssd_permanence (perm_table_id, perm_person_id, perm_cla_id, perm_adm_decision_date, "
                     "perm_ffa_cp_decision_date, perm_placement_order_date, perm_placed_for_adoption_date, "
                     "perm_matched_date, perm_adopted_by_carer_flag, perm_placed_ffa_cp_date, "
                     "perm_decision_reversed_date, perm_placed_foster_carer_date, perm_part_of_sibling_group, "
                     "perm_siblings_placed_together, perm_siblings_placed_apart, perm_placement_provider_urn, "
                     "perm_decision_reversed_reason, perm_permanence_order_date, perm_permanence_order_type, "
                     "perm_adoption_worker_id, perm_adopter_sex, perm_adopter_legal_status, "
                     "perm_number_of_adopters) FROM stdin;\n",
    [T_HEALTH] = "COPY ssd_cla_health (clah_health_check_id, clah_person_id, clah_health_check_type, "
                 "clah_health_check_date, clah_health_check_status) FROM stdin;\n",
    [T_IMMUNISATIONS] = "COPY ssd_cla_immunisations (clai_person_id, clai_immunisations_status, "
                        "clai_immunisations_status_date) FROM stdin;\n",
    [T_SDQ] = "COPY ssd_sdq_scores (csdq_table_id, csdq_person_id, csdq_sdq_completed_date, csdq_sdq_reason, "
              "csdq_sdq_score) FROM stdin;\n",
    [T_CONVICTIONS] = "COPY ssd_cla_convictions (clac_cla_conviction_id, clac_person_id, clac_cla_conviction_date, "
                      "clac_cla_conviction_offence) FROM stdin;\n",
    [T_SUBSTANCE] = "COPY ssd_cla_substance_misuse (clas_substance_misuse_id, clas_person_id, "
                    "clas_substance_misuse_date, clas_substance_misused, clas_intervention_received) FROM stdin;\n",
    [T_SUBSTANCE_EXT] = "COPY ssd_cla_extension_substance_misuse (clex_substance_misuse_id, "
                        "clex_intervention_offered) FROM stdin;\n",
    [T_LEAVERS] = "COPY ssd_care_leavers (clea_table_id, clea_person_id, clea_care_leaver_eligibility, "
                  "clea_care_leaver_in_touch, clea_care_leaver_latest_contact, clea_care_leaver_accommodation, "
                  "clea_care_leaver_accom_suitable, clea_care_leaver_activity, clea_pathway_plan_review_date, "
                  "clea_care_leaver_personal_advisor, clea_care_leaver_allocated_team, "
                  "clea_care_leaver_worker_id) FROM stdin;\n",
    [T_LEAVERS_EXT] = "COPY ssd_cla_extension_care_leavers (clex_care_leaver_id, clex_status_date) FROM stdin;\n",
    [T_INVOLVEMENTS] = "COPY ssd_involvements (invo_involvements_id, invo_professional_id, "
                       "invo_professional_role_id, invo_professional_team, invo_involvement_start_date, "
                       "invo_involvement_end_date, invo_worker_change_reason, invo_person_id, "
                       "invo_referral_id) FROM stdin;\n",
    [T_DOLO] = "COPY ssd_cla_extension_dolo (clex_dolo_id, clex_person_id, clex_dolo_start_date, "
               "clex_dolo_end_date) FROM stdin;\n",
};

/* ---- people ------------------------------------------------------------ */

static void write_one_person(struct synth_sink *o, const struct cctx *x, const char *id, unsigned long j, bool baby,
                             const struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_NAMES + (baby ? 7 : 0), j);
    char buf[48];
    col_text(o, id);
    col_null(o);                                            /* legacy id */
    synth_nhs_like(buf, rng_next(&r));
    col_text(o, buf);
    synth_name(buf, sizeof buf, &cla_syllables, &r, 2);
    col_text(o, buf);
    synth_name(buf, sizeof buf, &cla_syllables, &r, 2 + (int)rng_below(&r, 2));
    col_text(o, buf);
    char sex = baby ? c->baby_sex : c->sex;
    if (!baby && c->defect == D_SEX_INVALID)
        sex = 'X';
    col_char(o, sex);
    col_null(o);                                            /* gender */
    col_text(o, ethnicity_codes[c->ethnicity]);
    col_date(o, baby ? c->baby_dob : c->dob);
    col_null(o);
    col_null(o);
    if (baby || c->upn) {
        char un[4] = "UN1";
        un[2] = (char)('0' + (baby ? 1 : c->upn));
        col_text(o, un);
    } else {
        col_null(o);
    }
    col_flag(o, !baby && c->send);
    if (sex == 'M')
        col_null(o);                                        /* SSD: only for females and unknown */
    else
        col_flag(o, !baby && c->mother);
    col_text(o, c->uasc ? uasc_nationalities[c->nationality] : "British");
    row_end(o);
}

static void write_person(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    if (c->reused)
        return;
    write_one_person(o, x, c->id, c->index, false, c);
    if (c->mother) {
        char id[16];
        make_id(id, "LK", c->index);
        write_one_person(o, x, id, c->index, true, c);
    }
}

static void write_linked(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    if (c->reused || c->upn)
        return;
    char upn[14];
    unsigned long serial = SYNTH_UPN_CLA + (unsigned long)((c->index * 7919ULL + x->upn_offset) % SYNTH_UPN_CLA);
    upn_make(upn, x->opt->la, serial, '\0');
    if (c->defect == D_UPN_CHECK_LETTER)
        synth_upn_wrong_check_letter(upn);
    f_id(o, "LU", c->index, 0, 0);
    col_text(o, c->id);
    col_text(o, "Unique Pupil Number");
    col_text(o, upn);
    col_date(o, c->uasc ? c->per[0].start + 30 : synth_reception_start(c->dob));
    col_null(o);
    row_end(o);
}

/* ---- professionals ----------------------------------------------------- */

static void write_professionals(struct synth_sink *o, const struct cctx *x)
{
    char buf[48];
    for (unsigned long k = 0; k < x->n_sw + x->n_pa; k++) {
        struct rng r;
        cla_rng_seed(&r, x->opt->seed, ST_PROFESSIONAL, k);
        bool sw = k < x->n_sw;
        f_id(o, "LW", k, 0, 0);
        f_id(o, "ST", k, 0, 0);
        synth_name(buf, sizeof buf, &cla_syllables, &r, 2);
        size_t n = strlen(buf);
        buf[n++] = ' ';
        synth_name(buf + n, sizeof buf - n, &cla_syllables, &r, 2 + (int)rng_below(&r, 2));
        col_text(o, buf);
        if (sw) {
            char reg[12] = "SW9";
            synth_put_digits(reg + 3, k + 1, 6);
            reg[9] = '\0';
            col_text(o, reg);
            static const char *const titles[] = { "Social Worker", "Social Worker", "Social Worker",
                                                  "Senior Social Worker", "Advanced Practitioner" };
            col_text(o, titles[rng_below(&r, 5)]);
        } else {
            col_null(o);
            col_text(o, "Personal Advisor");
        }
        col_ulong(o, (unsigned long)rng_range(&r, 8, 24));
        char team[8];
        synth_team_code(team, 1 + rng_below(&r, 14));
        col_text(o, team);
        static const char *const fte[] = { "1.00", "1.00", "1.00", "0.80", "0.60" };
        col_text(o, fte[rng_below(&r, 5)]);
        col_flag(o, rng_pm(&r, 150));
        row_end(o);
    }
}

static void f_professional(struct synth_sink *o, unsigned long k)
{
    f_id(o, "LW", k, 0, 0);
}

/* ---- addresses, immigration, mothers ------------------------------------ */

static void write_address(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_ADDRESS, c->index);
    for (unsigned k = 0; k < c->n_home; k++) {
        char street[32], town[32], pc[9];
        synth_name(street, sizeof street, &cla_syllables, &r, 2);
        synth_name(town, sizeof town, &cla_syllables, &r, 2);
        char json[320];
        snprintf(json, sizeof json,
                 "{\"ROOM\": \"\", \"FLOOR\": \"\", \"FLAT\": \"\", \"BUILDING\": \"\", \"HOUSE\": \"%d\", "
                 "\"STREET\": \"%s Road\", \"TOWN\": \"%s\", \"UPRN\": \"\", \"EASTING\": \"\", \"NORTHING\": \"\"}",
                 rng_range(&r, 1, 180), street, town);
        f_id(o, "LA", c->index, k, 1);
        col_text(o, json);
        col_text(o, c->id);
        col_text(o, "Home");
        col_date(o, c->home_from[k]);
        col_date(o, k + 1 < c->n_home ? c->home_from[k + 1] - 1 : NONE);
        postcode_format(c->home[k], false, pc);              /* SSD: no space */
        col_text(o, pc);
        row_end(o);
    }
}

static void write_immigration(struct synth_sink *o, const struct lac *c)
{
    if (!c->uasc || !c->n_per)
        return;
    f_id(o, "LG", c->index, 1, 1);
    col_text(o, c->id);
    col_text(o, "Unaccompanied Asylum Seeking Child");
    col_date(o, c->uasc_from);
    col_date(o, c->uasc_to);
    row_end(o);
    if (c->refugee) {
        f_id(o, "LG", c->index, 2, 1);
        col_text(o, c->id);
        col_text(o, "Refugee Status");
        col_date(o, c->refugee_from);
        col_null(o);
        row_end(o);
    }
}

static void write_mother(struct synth_sink *o, const struct lac *c)
{
    if (!c->mother)
        return;
    char baby[16];
    make_id(baby, "LK", c->index);
    f_id(o, "LO", c->index, 0, 0);
    col_text(o, c->id);
    col_text(o, baby);
    col_date(o, c->baby_dob);
    row_end(o);
}

/* ---- episodes, placements, legal statuses --------------------------------- */

static void f_period_id(struct synth_sink *o, const struct lac *c, unsigned k)
{
    f_id(o, "LC", c->index, k, 2);
}

/* The code a defect writes instead: not valid in the census year. */
static const char *bad_type_for_year(int year)
{
    return year >= 2026 ? "Z1" : year == 2025 ? "H5" : "K3";
}

static void write_placements(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    char pc[9];
    for (unsigned i = 0; i < c->n_pl; i++) {
        const struct placement *p = &c->pl[i];
        f_id(o, "LQ", c->index, i, 2);
        col_date(o, p->start);
        col_text(o, (p->flags & PF_BAD_TYPE) ? bad_type_for_year(x->year) : pl_codes[p->type]);
        if (p->flags & PF_NO_URN)
            col_null(o);
        else
            f_urn(o, p->urn);
        f_distance(o, p->distance);
        f_period_id(o, c, p->period);
        col_text(o, provider_codes[p->provider]);
        if (p->flags & PF_BAD_POSTCODE) {
            postcode_format(p->postcode, true, pc);
            pc[6] = '\0';                                    /* "YY9 9A": inward code cut short */
            col_text(o, pc);
        } else {
            postcode_format(p->postcode, true, pc);
            col_text(o, pc);
        }
        col_date(o, p->end);
        col_text(o, p->end != NONE ? rpc_codes[p->reason] : NULL);   /* 233 */
        col_text(o, c->id);
        row_end(o);
    }
}

static void write_episodes(struct synth_sink *o, const struct lac *c)
{
    for (unsigned i = 0; i < c->n_ep; i++) {
        const struct episode *e = &c->ep[i];
        const struct period *p = &c->per[e->period];
        f_id(o, "LE", c->index, i, 2);
        col_text(o, c->id);
        col_date(o, e->start);
        col_char(o, (e->flags & EF_BAD_RNE) ? 'X' : rne_codes[e->rne]);
        col_text(o, need_codes[p->need]);
        col_date(o, e->written_end);
        col_text(o, (e->flags & EF_REC_NO_DEC) ? "E8" : rec_codes[e->rec]);
        f_period_id(o, c, e->period);
        col_null(o);                                             /* referral */
        f_id(o, "LQ", c->index, e->placement, 2);
        col_date(o, p->start);
        col_null(o);
        row_end(o);
    }
}

/* One row per run of episodes with the same legal status in a period:
 * the status in force on each DECOM is the row with start <= DECOM < end. */
static void write_legal(struct synth_sink *o, const struct lac *c)
{
    unsigned seq = 0;
    for (unsigned i = 0; i < c->n_ep;) {
        unsigned k = i;
        bool skip = false;
        while (k + 1 < c->n_ep && c->ep[k + 1].period == c->ep[i].period && c->ep[k + 1].ls == c->ep[i].ls)
            k++;
        for (unsigned m = i; m <= k; m++)
            skip |= (c->ep[m].flags & EF_NO_LS) != 0;
        if (!skip) {
            f_id(o, "LS", c->index, seq, 2);
            col_text(o, c->id);
            col_text(o, ls_codes[c->ep[i].ls]);
            col_date(o, c->ep[i].start);
            col_date(o, c->ep[k].end);
            row_end(o);
        }
        seq++;
        i = k + 1;
    }
}

/* ---- reviews ------------------------------------------------------------- */

/* Reviews: the first within 20 working days, the second three months
 * later, then every six months, on weekdays (notes: statutory timescales;
 * 440/441: PN0 exactly when under 4).  None for short breaks (399). */
static void write_reviews(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_REVIEWS, c->index);
    static const uint16_t pn_w[] = { 0, 400, 100, 30, 50, 150, 170, 100 };
    unsigned seq = 0;
    bool defect_done = false;
    for (unsigned k = 0; k < c->n_per; k++) {
        const struct period *p = &c->per[k];
        if (p->respite)
            continue;
        sr_date limit = p->end != NONE ? p->end - 1 : x->extract;
        sr_date due = p->start + 28;                           /* about 20 working days */
        for (int n = 0; seq < 999; n++) {
            sr_date held = rng_pm(&r, LATE_REVIEW_PM) ? due + rng_range(&r, 1, 20) : due - rng_range(&r, 0, 10);
            held = weekday_on_or_after(synth_dmax(held, p->start + 1));
            if (held > limit)
                break;
            if (rng_pm(&r, CANCELLED_REVIEW_PM)) {
                f_id(o, "LR", c->index, seq++, 3);
                f_period_id(o, c, k);
                col_date(o, due);
                col_null(o);
                col_text(o, "Y");
                col_null(o);
                row_end(o);
            }
            int age = age_on(c, held);
            char pn[4] = "PN0";
            if (age >= 4)
                pn[2] = (char)('0' + PICK(&r, pn_w));
            bool in_year = held >= x->period_start && held <= x->ref_date;
            f_id(o, "LR", c->index, seq++, 3);
            f_period_id(o, c, k);
            col_date(o, due);
            if (c->defect == D_REVIEW_NO_DATE && in_year && !defect_done) {
                col_null(o);
                defect_done = true;
            } else {
                col_date(o, held);
            }
            col_text(o, "N");
            if (c->defect == D_REVIEW_PN0 && in_year && !defect_done && age >= 4) {
                col_text(o, "PN0");
                defect_done = true;
            } else {
                col_text(o, pn);
            }
            row_end(o);
            due = date_add_months(held, n == 0 ? 3 : 6);
        }
    }
}

/* ---- missing episodes ----------------------------------------------------- */

/* Missing or away from placement, for children of 11 and over, inside one
 * placement and ended before it ends (564-581, 586); never overlapping
 * (574).  One still open at the extract only in a placement still open. */
static void write_missing(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_MISSING, c->index);
    unsigned seq = 0;
    if (c->defect == D_MISSING_END_BEFORE_START && c->anchor1 != NONE) {
        sr_date s = c->anchor1 + 10;
        f_id(o, "LM", c->index, seq++, 3);
        col_text(o, c->id);
        col_date(o, s);
        col_text(o, "M");
        col_date(o, s - rng_range(&r, 1, 3));
        col_text(o, "Y");
        col_text(o, "Y");
        row_end(o);
        return;
    }
    unsigned pm = c->mode == M_REMAND ? 450 : c->mode == M_LEAVER ? 250 : MISSING_CHILD_PM;
    if (c->defect || !rng_pm(&r, pm))
        return;
    for (unsigned i = 0; i < c->n_pl && seq < 999; i++) {
        const struct placement *p = &c->pl[i];
        if (pl_temporary(p->type) || p->type == PL_K1 || p->type == PL_R5 || c->per[p->period].respite
            || age_on(c, p->start) < 11)
            continue;                          /* not from secure units or custody */
        sr_date end = p->end != NONE ? p->end : x->extract;
        int span = (int)(end - p->start);
        if (span < 30)
            continue;
        unsigned n = rng_below(&r, 4);
        sr_date cursor = p->start + 2;
        for (unsigned m = 0; m < n; m++) {
            sr_date s = cursor + rng_range(&r, 3, span / 3 > 4 ? span / 3 : 4);
            sr_date e = s + rng_range(&r, 0, 4);
            if (e >= end - 1) {
                if (p->end == NONE && s <= x->extract && s < end) {
                    e = NONE;                          /* still missing at the extract */
                } else {
                    break;
                }
            }
            f_id(o, "LM", c->index, seq++, 3);
            col_text(o, c->id);
            col_date(o, s);
            bool away = rng_pm(&r, 450);
            if (rng_pm(&r, MISSING_WORDS_PM))
                col_text(o, away ? "Away" : "Missing");
            else
                col_text(o, away ? "A" : "M");
            col_date(o, e);
            if (e == NONE) {
                col_null(o);
                col_null(o);
            } else {
                bool offered = rng_pm(&r, 850);
                col_text(o, offered ? "Y" : "N");
                col_text(o, offered ? (rng_pm(&r, 600) ? "Y" : "N") : "NA");
            }
            row_end(o);
            if (e == NONE)
                break;
            cursor = e + 2;
        }
    }
}

/* ---- permanence ------------------------------------------------------------- */

static const char *const prev_la_codes[] = { "202", "204", "206", "301", "303", "305", "850", "855", "873", "909" };

/* Previous permanence (630-635): for every child who started to be looked
 * after; mostly Z1, else an order before the first period with its LA and
 * a date that may hide the day or month (zz). */
static void write_prevperm(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    if (!c->n_per)
        return;
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_PREVPERM, c->index);
    static const uint16_t w[] = { 840, 30, 80, 50 };            /* Z1, P1, P2, P3 */
    unsigned kind = PICK(&r, w);
    sr_date lo = c->dob + 180, hi = c->per[0].start - 120;
    f_id(o, "LV", c->index, 0, 0);
    col_text(o, c->id);
    if (kind == 0 || lo > hi) {
        col_null(o);
        col_text(o, "Z1");
        col_null(o);
        row_end(o);
        return;
    }
    sr_date d = rng_date(&r, lo, hi);
    char b[11];
    date_format_dmy(d, b);
    unsigned hide = rng_below(&r, 100);
    if (hide < 12) {
        b[0] = b[1] = 'z';
    } else if (hide < 18) {
        b[0] = b[1] = b[3] = b[4] = 'z';
    }
    col_text(o, b);
    static const char *const opts[] = { "Z1", "P1", "P2", "P3" };
    col_text(o, opts[kind]);
    unsigned la = rng_below(&r, 100);
    if (la < 50) {
        char own[4];
        snprintf(own, sizeof own, "%03d", x->opt->la);
        col_text(o, own);
    } else if (la < 95) {
        col_text(o, prev_la_codes[rng_below(&r, sizeof prev_la_codes / sizeof prev_la_codes[0])]);
    } else {
        col_text(o, "WAL");
    }
    row_end(o);
}

static void write_permanence(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    static const char *const sexes[] = { "M1", "F1", "MM", "FF", "MF" };
    static const char *const lsas[] = { "L0", "L11", "L12", "L2", "L3", "L4" };
    static const char *const types[] = { "Adoption", "Special Guardianship", "Child Arrangements Order" };
    static const char *const rds[] = { NULL, "RD1", "RD2", "RD3", "RD4" };
    for (unsigned k = 0; k < c->n_perm; k++) {
        const struct perm *pm = &c->perm[k];
        bool adoption = pm->type == PERM_ADOPTION;
        bool matched = adoption && pm->match != NONE && pm->nb;
        f_id(o, "LN", c->index, k, 1);
        col_text(o, c->id);
        f_period_id(o, c, pm->period);
        col_date(o, pm->adm);
        col_date(o, pm->ffa ? c->per[pm->period].start : NONE);
        col_date(o, pm->po);
        col_date(o, pm->placed);
        col_date(o, pm->match);
        if (pm->placed != NONE)
            col_flag(o, pm->by_carer);
        else
            col_null(o);
        col_date(o, pm->ffa ? c->per[pm->period].start : NONE);
        col_date(o, pm->reversed);
        col_date(o, pm->by_carer && pm->placed != NONE ? pm->foster_from : NONE);
        if (adoption) {
            col_text(o, pm->siblings > 1 ? "1" : "0");
            col_ulong(o, pm->siblings > 1 ? pm->siblings : 1);
            col_ulong(o, 0);
        } else {
            col_null(o);
            col_null(o);
            col_null(o);
        }
        f_urn(o, pm->placed != NONE ? pm->urn : 0);
        col_text(o, pm->reversed != NONE ? rds[pm->reversed_reason] : NULL);
        col_date(o, pm->order);
        col_text(o, adoption && pm->order == NONE ? NULL : types[pm->type]);
        if (adoption)
            f_professional(o, key3(x->opt->seed, ST_WORKERS + 50, c->index) % x->n_sw);
        else
            col_null(o);
        col_text(o, matched ? sexes[pm->sex] : NULL);
        col_text(o, matched ? lsas[pm->lsa] : NULL);
        col_text(o, matched ? (pm->nb == 2 ? "2" : "1") : NULL);
        row_end(o);
    }
}

/* ---- health (OC2) ------------------------------------------------------- */

static sr_date fy_start(int fy)
{
    return date_from_ymd(fy - 1, 4, 1);
}

static sr_date fy_end(int fy)
{
    return date_from_ymd(fy, 3, 31);
}

/* 186: a child 4 or over on 1 April and under 17 on 31 March of year fy
 * needs an SDQ score, not a reason for none, in that year's return; a
 * well-kept record has the questionnaire done. */
static bool sdq_score_due(const struct lac *c, int fy)
{
    return birthday(c, 4) <= fy_start(fy) && birthday(c, 17) > fy_end(fy);
}

struct health_rows {
    unsigned health, sdq, conviction, substance;
};

static void health_row(struct synth_sink *o, const struct lac *c, struct health_rows *n, const char *type, sr_date d,
                       const char *status)
{
    f_id(o, "LH", c->index, n->health++, 3);
    col_text(o, c->id);
    col_text(o, type);
    col_date(o, d);
    col_text(o, status);
    row_end(o);
}

/* Health events per financial year in care (not short breaks): a health
 * assessment (two for under-5s), a dental check from age 1, surveillance
 * checks for under-5s, an SDQ for ages 4-16 (186-189, 197B: a score,
 * or a reason for none where DfE takes one), now and then a conviction
 * (10+: 542) or substance misuse (11+).  One immunisation status per
 * child.  Draws the same whichever table is written, so the tables agree. */
static void write_health(struct synth_sink *o, const struct cctx *x, const struct lac *c, enum table t)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_HEALTH, c->index);
    struct health_rows n = { 0, 0, 0, 0 };
    sr_date last_assessment = NONE, any_start = NONE;
    static const char *const offences[] = { "Theft", "Criminal damage", "Assault", "Public order", "Drugs" };
    static const char *const substances[] = { "Cannabis", "Alcohol", "Solvents", "Other" };
    for (unsigned k = 0; k < c->n_per && n.health < 990; k++) {
        const struct period *p = &c->per[k];
        if (p->respite)
            continue;
        if (any_start == NONE)
            any_start = p->start;
        sr_date pend = p->end != NONE ? p->end : x->extract;
        for (int fy = fy_of(p->start); fy <= fy_of(pend) && n.health < 990; fy++) {
            sr_date lo = synth_dmax(fy_start(fy), p->start + 14), hi = synth_dmin(fy_end(fy), pend - 1);
            if (hi - lo < 30)
                continue;
            bool under5 = age_on(c, lo) < 5;
            for (int a = 0; a < (under5 ? 2 : 1); a++) {
                sr_date d = rng_date(&r, lo, hi);
                bool done = rng_pm(&r, 920);
                const char *st = done ? "Completed" : age_on(c, d) >= 10 && rng_pm(&r, 500) ? "Refused" : "Cancelled";
                if (done)
                    last_assessment = synth_dmax(last_assessment, d);
                if (t == T_HEALTH)
                    health_row(o, c, &n, "Health Assessment", d, st);
                else
                    n.health++;
            }
            if (age_on(c, hi) >= 1) {
                sr_date d = rng_date(&r, lo, hi);
                unsigned s = rng_below(&r, 1000);
                const char *st = s < 860 ? "Completed" : s < 930 ? "Refused" : "Cancelled";
                if (t == T_HEALTH)
                    health_row(o, c, &n, "Dental Check", d, st);
                else
                    n.health++;
            }
            if (under5) {
                sr_date d = rng_date(&r, lo, hi);
                const char *st = rng_pm(&r, 900) ? "Completed" : "Cancelled";
                if (t == T_HEALTH)
                    health_row(o, c, &n, "Health Surveillance Check", d, st);
                else
                    n.health++;
            }
            /* SDQ: ages 4 to 16 on the day, so in the year of the 4th or
             * 17th birthday dated on or after the 4th, before the 17th
             * (197B wants one then). */
            sr_date sd = rng_date(&r, synth_dmax(lo, birthday(c, 4)), synth_dmin(hi, birthday(c, 17) - 1));
            int age = age_on(c, sd);
            bool sdq_reason = rng_pm(&r, SDQ_REASON_PM) && !sdq_score_due(c, fy);
            unsigned score = (unsigned)(rng_range(&r, 0, 20) + rng_range(&r, 0, 20));
            unsigned reason = 2 + rng_below(&r, 4);
            if (age >= 4 && age <= 16 && sd >= lo && sd <= hi) {
                bool defect_year = c->defect == D_SDQ_OUT_OF_RANGE && fy == x->year;
                if (t == T_SDQ) {
                    f_id(o, "LD", c->index, n.sdq, 3);
                    col_text(o, c->id);
                    col_date(o, sd);
                    if (sdq_reason && !defect_year) {
                        char rs[5] = "SDQ0";
                        rs[3] = (char)('0' + reason);
                        col_text(o, rs);
                        col_null(o);
                    } else {
                        col_null(o);
                        col_ulong(o, defect_year ? 41 : score);
                    }
                    row_end(o);
                }
                n.sdq++;
            }
            sr_date cd = rng_date(&r, lo, hi);
            unsigned offence = rng_below(&r, 5);
            if (!c->defect && age_on(c, cd) >= 10 && rng_pm(&r, CONVICTION_PM)) {
                if (t == T_CONVICTIONS) {
                    f_id(o, "LX", c->index, n.conviction, 3);
                    col_text(o, c->id);
                    col_date(o, cd);
                    col_text(o, offences[offence]);
                    row_end(o);
                }
                n.conviction++;
            }
            sr_date md = rng_date(&r, lo, hi);
            if (!c->defect && age_on(c, md) >= 11 && rng_pm(&r, SUBSTANCE_PM)) {
                bool received = rng_pm(&r, 600);
                bool offered = received || rng_pm(&r, 500);   /* 159, 192, 193; 158: not sent when received */
                unsigned what = rng_below(&r, 4);
                if (t == T_SUBSTANCE) {
                    f_id(o, "LZ", c->index, n.substance, 3);
                    col_text(o, c->id);
                    col_date(o, md);
                    col_text(o, substances[what]);
                    col_flag(o, received);
                    row_end(o);
                } else if (t == T_SUBSTANCE_EXT) {
                    f_id(o, "LZ", c->index, n.substance, 3);
                    col_flag(o, offered);
                    row_end(o);
                }
                n.substance++;
            }
        }
        /* The next assessment, booked, for a child still in care. */
        sr_date booked = x->extract + rng_range(&r, 10, 90);
        if (p->end == NONE) {
            if (t == T_HEALTH)
                health_row(o, c, &n, "Health Assessment", booked, "Planned");
            else
                n.health++;
        }
    }
    if (t == T_IMMUNISATIONS && any_start != NONE) {
        col_text(o, c->id);
        col_flag(o, rng_pm(&r, 880));
        col_date(o, last_assessment != NONE ? last_assessment : synth_dmin(any_start + 30, x->extract));
        row_end(o);
    }
}

/* ---- care leavers (OC3) ------------------------------------------------- */

/* One status per 17th..21st birthday after leaving care, recorded within
 * three months before to a month after it (the extension date says which
 * birthday).  17th and 18th only for those who left before 17 (1016);
 * 133 (S and X only "2"), 344/345, 347 (T from 19), 3001 (no Z at 17). */
static void write_leavers(struct synth_sink *o, const struct cctx *x, const struct lac *c, enum table t)
{
    if (!c->leaver)
        return;
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_LEAVERS, c->index);
    unsigned long pa = x->n_sw + key3(x->opt->seed, ST_WORKERS + 60, c->index) % x->n_pa;
    static const char accom_letters[] = "BCDEGHKRSTUVWXYZ";
    static const uint16_t accom_w[] = { 150, 40, 250, 80, 5, 2, 30, 10, 10, 20, 250, 5, 5, 10, 20, 113 };
    static const char *const activities[] = { "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6" };
    static const uint16_t activity_w[] = { 60, 10, 250, 40, 60, 10, 150, 60, 60, 250, 50 };
    for (int age = 17; age <= 21; age++) {
        sr_date bd = birthday(c, age);
        if (age <= 18 && c->left >= birthday(c, 17))
            continue;
        if (bd <= c->left)
            continue;
        sr_date status = synth_dmax(bd - rng_range(&r, 0, 90) + rng_range(&r, 0, 30), c->left + 1);
        unsigned touch = rng_below(&r, 1000);
        unsigned letter = PICK(&r, accom_w);
        unsigned suitable = rng_pm(&r, 880) ? 1 : 2;
        unsigned activity = PICK(&r, activity_w);
        bool known = rng_pm(&r, 500);
        sr_date contact = status;
        sr_date pathway = status - rng_range(&r, 0, 150);
        if (status > x->extract)
            break;
        const char *in_touch = touch < 880 ? "YES" : touch < 940 ? "NO" : touch < 970 ? "REFU" : touch < 990 ? "NREQ" : "RHOM";
        bool yes = touch < 880;
        bool codes = yes || ((touch < 990) && known);       /* 344: none for RHOM */
        char ac = accom_letters[letter];
        if (ac == 'Z' && age < 19)
            ac = 'D';                                        /* 3001 */
        if (ac == 'T' && age < 19)
            ac = 'U';                                        /* 347 */
        if (ac == 'S' || ac == 'X')
            suitable = 2;                                    /* 133 */
        if (t == T_LEAVERS) {
            f_id(o, "LL", c->index, (unsigned)age, 2);
            col_text(o, c->id);
            col_text(o, age < 18 ? "Relevant" : "Former Relevant");
            col_text(o, in_touch);
            col_date(o, yes ? contact : NONE);
            char a[2] = { ac, '\0' };
            char s[2] = { (char)('0' + suitable), '\0' };
            col_text(o, codes ? a : NULL);
            col_text(o, codes ? s : NULL);
            col_text(o, codes ? activities[activity] : NULL);
            col_date(o, yes ? synth_dmax(pathway, c->left) : NONE);
            f_professional(o, pa);
            col_text(o, "TEAM15");
            f_professional(o, pa);
            row_end(o);
        } else {
            f_id(o, "LL", c->index, (unsigned)age, 2);
            col_date(o, status);
            row_end(o);
        }
    }
}

/* ---- social workers ------------------------------------------------------- */

/* Allocated social workers from before care starts to after it ends
 * (SW12STG2), one after another with no gap (SW08, SW10), none shorter
 * than 3 days (SW09STG2 queries one under a day), a reason each for the
 * worker's allocation (SW13: FCONTA first), the last still open while in
 * care (SW11b, SW17).  A child
 * who had a social worker before coming into care moves to the
 * looked-after children's team on the day care starts (TSPROC), so a
 * social worker episode starts with each period of care (SW12STG2 asks
 * for one starting on or after each DECOM with RNE S); short breaks keep
 * their worker. */
static void write_involvements(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    if (!c->n_per)
        return;
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_WORKERS, c->index);
    static const char *const reasons[] = { "MANAGE", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "OTHERS" };
    static const uint16_t reason_w[] = { 250, 300, 100, 150, 50, 30, 30, 90 };
    unsigned seq = 0;
    unsigned long prev = x->n_sw;
    for (unsigned k = 0; k < c->n_per && seq < 990;) {
        /* A block: periods less than 90 days apart share their workers;
         * short breaks form one block. */
        unsigned last = k;
        bool respite = c->per[k].respite;
        while (last + 1 < c->n_per && c->per[last].end != NONE
               && (c->per[last + 1].start - c->per[last].end < 90 || respite))
            last++;
        sr_date from = synth_dmax(synth_dmax(c->dob, c->uasc_from), c->per[k].start - rng_range(&r, 0, 60));
        sr_date to = c->per[last].end != NONE ? c->per[last].end + rng_range(&r, 0, 30) : NONE;
        if (to != NONE && to > x->extract)
            to = NONE;
        if (c->per[k].start - from < 3)
            from = c->per[k].start;              /* no worker for a day or two before care */
        sr_date s = from;
        unsigned next = k;                       /* the next period start not yet covered */
        const char *reason = "FCONTA";
        while (seq < 990) {
            while (next <= last && (respite || c->per[next].start <= s))
                next++;
            sr_date force = next <= last ? c->per[next].start : NONE;
            sr_date e = s + rng_range(&r, 60, 700);
            if (to != NONE && e >= to - 30)
                e = to;
            bool transfer = force != NONE && e >= force;
            if (transfer) {
                e = synth_dmax(force, s + 3);
                if (to != NONE && to - e < 3)
                    to = e + 3;                  /* the new worker stays a few days at least */
            }
            if (e > x->extract)
                e = NONE;
            unsigned long w = key3(x->opt->seed, ST_WORKERS + 10, c->index * 1024 + seq) % x->n_sw;
            if (w == prev)
                w = (w + 1) % x->n_sw;
            prev = w;
            f_id(o, "LI", c->index, seq++, 3);
            f_professional(o, w);
            col_text(o, "Allocated Social Worker");
            col_text(o, "TEAM04");
            col_date(o, s);
            col_date(o, e);
            col_text(o, reason);
            col_text(o, c->id);
            col_null(o);
            row_end(o);
            if (e == NONE || e == to)
                break;
            s = e;
            reason = transfer ? "TSPROC" : reasons[PICK(&r, reason_w)];
        }
        k = last + 1;
    }
    if (c->leaver) {
        sr_date s = c->left + rng_range(&r, 0, 30);
        sr_date e = birthday(c, 21);
        if (s <= x->extract) {
            f_id(o, "LI", c->index, seq, 3);
            f_professional(o, x->n_sw + key3(x->opt->seed, ST_WORKERS + 60, c->index) % x->n_pa);
            col_text(o, "Personal Advisor");
            col_text(o, "TEAM15");
            col_date(o, s);
            col_date(o, e <= x->extract ? e : NONE);
            col_null(o);
            col_text(o, c->id);
            col_null(o);
            row_end(o);
        }
    }
}

/* ---- deprivation of liberty orders ----------------------------------------- */

static void dolo_row(struct synth_sink *o, const struct lac *c, unsigned seq, sr_date start, sr_date end)
{
    f_id(o, "LJ", c->index, seq, 1);
    col_text(o, c->id);
    col_date(o, start);
    col_date(o, end);
    row_end(o);
}

/*
 * From 2026-27, when the return carries them: the DoLOs of a child of 10
 * or more in a children's home (K2) placement in force in the census year,
 * for about 2% of the children looked after in the year, as the national
 * figures of DoLO applications suggest.  The order starts in the first
 * weeks of the placement (708: after the birth) and lies inside it, so every
 * episode it overlaps is K2 (709, 710); it ends a few days before the
 * placement does, or is still in force with it (707).  Some orders are
 * followed by a new one from the day the first ends (705).  The same
 * stream as before 2026-27, so the other tables do not change.
 */
static void write_dolo_in_year(struct synth_sink *o, const struct cctx *x, const struct lac *c, struct rng *r)
{
    if (c->mode == M_RESPITE)
        return;   /* short breaks: looked after only during the breaks */
    for (unsigned i = 0; i < c->n_pl; i++) {
        const struct placement *p = &c->pl[i];
        sr_date end = p->end != NONE ? p->end : x->extract;
        if (p->type != PL_K2 || age_on(c, p->start) < 10 || end - p->start < 60 || p->start > x->ref_date
            || end < x->period_start)
            continue;
        if (!rng_pm(r, DOLO_YEAR_PM))
            return;
        sr_date s = p->start + rng_range(r, 0, 20);
        sr_date e = p->end != NONE ? p->end - rng_range(r, 1, 10) : NONE;
        unsigned seq = 0;
        if (rng_pm(r, DOLO_RENEWED_PM)) {
            sr_date m = s + (sr_date)((e != NONE ? e : end) - s) / 2;
            dolo_row(o, c, seq++, s, m);
            s = m;
        }
        dolo_row(o, c, seq, s, e);
        return;
    }
}

/* DoLOs (extension; 2026-27 rules 700-710): inside one children's home
 * placement (709: K2), ended before it ends or still open with it. */
static void write_dolo(struct synth_sink *o, const struct cctx *x, const struct lac *c)
{
    struct rng r;
    cla_rng_seed(&r, x->opt->seed, ST_DOLO, c->index);
    if (c->defect)
        return;
    if (x->year >= 2027) {
        write_dolo_in_year(o, x, c, &r);
        return;
    }
    if (!rng_pm(&r, DOLO_PM))
        return;
    for (unsigned i = 0; i < c->n_pl; i++) {
        const struct placement *p = &c->pl[i];
        if (p->type != PL_K2 || age_on(c, p->start) < 10)
            continue;
        sr_date end = p->end != NONE ? p->end : x->extract;
        if (end - p->start < 40)
            continue;
        sr_date s = p->start + rng_range(&r, 0, 20);
        sr_date e = p->end != NONE ? p->end - rng_range(&r, 1, 10) : NONE;
        dolo_row(o, c, 0, s, e);
        return;
    }
}

static void write_rows(struct synth_sink *o, const struct cctx *x, enum table t, const struct lac *c)
{
    switch (t) {
    case T_PERSON: write_person(o, x, c); break;
    case T_LINKED: write_linked(o, x, c); break;
    case T_ADDRESS: write_address(o, x, c); break;
    case T_IMMIGRATION: write_immigration(o, c); break;
    case T_MOTHER: write_mother(o, c); break;
    case T_PLACEMENT: write_placements(o, x, c); break;
    case T_EPISODES: write_episodes(o, c); break;
    case T_LEGAL: write_legal(o, c); break;
    case T_REVIEWS: write_reviews(o, x, c); break;
    case T_MISSING: write_missing(o, x, c); break;
    case T_PREVPERM: write_prevperm(o, x, c); break;
    case T_PERMANENCE: write_permanence(o, x, c); break;
    case T_HEALTH: case T_IMMUNISATIONS: case T_SDQ: case T_CONVICTIONS: case T_SUBSTANCE:
    case T_SUBSTANCE_EXT:
        write_health(o, x, c, t);
        break;
    case T_LEAVERS: case T_LEAVERS_EXT: write_leavers(o, x, c, t); break;
    case T_INVOLVEMENTS: write_involvements(o, x, c); break;
    case T_DOLO: write_dolo(o, x, c); break;
    case T_PROFESSIONALS: case T__COUNT: break;
    }
}

static void cctx_init(struct cctx *x, const struct synth_options *opt, synth_person_fn *cin_person)
{
    memset(x, 0, sizeof *x);
    x->opt = opt;
    x->cin_person = cin_person;
    x->year = opt->year;
    x->n = opt->children / CIN_PER_LAC;
    x->period_start = census_period_start(opt->year);
    x->ref_date = census_reference_date(opt->year);
    x->extract = synth_extract_date(opt->year);
    x->window_start = date_add_years(x->period_start, -HISTORY_YEARS);
    x->school_age_dob = date_from_ymd(opt->year - 5, 8, 31);
    x->defect_threshold = synth_defect_threshold(opt->defects);
    x->n_sw = x->n / 12 > 12 ? x->n / 12 : 12;
    x->n_pa = x->n / 40 > 4 ? x->n / 40 : 4;
    x->upn_offset = key3(opt->seed, ST_OFFSETS, 0) % SYNTH_UPN_CLA;
}

int cla_synth_write(const struct synth_options *opt, synth_person_fn *cin_person, struct synth_sink *o, char *err,
                    size_t errlen)
{
    struct cctx x;
    cctx_init(&x, opt, cin_person);
    if (x.n == 0)
        return 0;
    if (x.n > MAX_LAC) {
        snprintf(err, errlen, "synth: at most %lu looked-after children", MAX_LAC);
        return -1;
    }

    struct lac *c = xmalloc(sizeof *c);
    char head[160];
    snprintf(head, sizeof head, "-- SSDA903 tables: %lu looked-after children.\n", x.n);
    sink_str(o, head);
    if (x.defect_threshold) {
        sink_str(o, "-- SSDA903 defects aimed at DfE rules:");
        for (int k = 1; k < D__COUNT; k++) {
            sink_str(o, " ");
            sink_str(o, defect_kinds[k].rule);
        }
        sink_str(o, "\n");
    }
    for (int t = 0; t < T__COUNT && !o->failed; t++) {
        sink_str(o, copy_heads[t]);
        if (t == T_PROFESSIONALS) {
            write_professionals(o, &x);
        } else {
            for (unsigned long j = 0; j < x.n && !o->failed; j++) {
                gen_lac(&x, j, c);
                write_rows(o, &x, (enum table)t, c);
            }
        }
        sink_str(o, "\\.\n");
    }
    free(c);
    return 0;
}
