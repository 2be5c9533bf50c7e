/*
 * Synthetic pre-proceedings, the CIN census's module 5 from 2026-27, for
 * the CIN generator (cin_synth.c): periods of pre-proceedings drawn for a
 * child's episodes that have a child protection plan, some of them carrying
 * a defect aimed at one of DfE's rules 9006-9015Q, and their rows in SSD's
 * ssd_pre_proceedings and in the extension ssd_cin_extension_pre_proceedings
 * (sql/cin.sql).
 *
 * The generator knows an episode only by its dates, so that it does not
 * depend on how cin_synth.c keeps a child; what it draws is a pure
 * function of the random stream it is given.
 */
#ifndef STATRETURN_CIN_PREPROCEEDINGS_SYNTH_H
#define STATRETURN_CIN_PREPROCEEDINGS_SYNTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "synth/rng.h"
#include "synth/sink.h"

/* At most this many periods per child. */
#define SYNTH_PP_MAX 2

/* What the generator needs of one episode. */
struct synth_pp_episode {
    sr_date ref, close;          /* close SR_DATE_NONE: open at the extract */
    sr_date cp_start, cp_end;    /* its first child protection plan; cp_start NONE: none */
};

/* The run's dates: the census period and the day the replica is read. */
struct synth_pp_year {
    sr_date period_start, ref_date, extract;
};

/* How a period is tied to its episode in the replica. */
enum synth_pp_link {
    PP_LINK_REFERRAL,            /* an extension row naming the episode's referral */
    PP_LINK_DATES,               /* an extension row without a referral id: tied by dates */
    PP_LINK_NO_ROW,              /* no extension row at all (only outside the census year) */
};

/* One period.  Dates SR_DATE_NONE have not happened by the extract. */
struct synth_pp {
    uint8_t episode;             /* index among the child's episodes */
    enum synth_pp_link link;
    sr_date start, lbp, initial, step, court, letter;
    int8_t offer, fac;           /* FGDM offered, facilitated: 1, 0, or -1 not recorded */
    int8_t reviews;              /* review meetings after the initial one; -1 not recorded */
    char outcome;                /* 'A', 'B', 'C' (the .c file says how read), 'D' (a defect), or 0 */
    bool parents_represented;
};

/* Draws the child's periods into out (SYNTH_PP_MAX at most) and returns
 * how many.  forced: a child chosen for a defect of the module, whose first
 * episode must have one complete period inside the census year, ending in
 * a court application (so that any of the defects can be put in it). */
unsigned synth_pp_draw(struct rng *r, const struct synth_pp_year *y, const struct synth_pp_episode *eps,
                       unsigned n_eps, bool forced, struct synth_pp *out);

/* Defects of the module, each aimed at one DfE rule. */
enum synth_pp_defect {
    PPD_NONE,
    PPD_LETTER_BEFORE_START,     /* 9006 */
    PPD_NO_OFFER,                /* 9007 */
    PPD_STEP_BEFORE_START,       /* 9009 */
    PPD_NO_FACILITATION,         /* 9010Q */
    PPD_OUTCOME_INVALID,         /* 9011 (the build refuses it: not a CS131 code) */
    PPD_COURT_BEFORE_STEP,       /* 9012 */
    PPD_LETTER_BEFORE_COURT,     /* 9013 */
    PPD_NO_REVIEW_COUNT,         /* 9015Q */
};

/* Puts defect d into a period drawn with forced = true. */
void synth_pp_defect(struct rng *r, struct synth_pp *pp, enum synth_pp_defect d);

/* The COPY headers of the two tables, and one period's rows. */
extern const char synth_pp_copy_ssd[];
extern const char synth_pp_copy_extension[];

struct synth_pp_ids {
    const char *row;             /* prep_table_id */
    const char *person;          /* prep_person_id */
    const char *family;          /* prep_plo_family_id */
    const char *referral;        /* the episode's cine_referral_id */
    const char *court_ref;       /* prep_court_reference when there was an application */
};

void synth_pp_row_ssd(struct synth_sink *s, const struct synth_pp *pp, const struct synth_pp_ids *ids,
                      unsigned n_cp_plans, unsigned earlier_periods);
/* Nothing for a period without an extension row. */
void synth_pp_row_extension(struct synth_sink *s, const struct synth_pp *pp, const struct synth_pp_ids *ids);

#endif
