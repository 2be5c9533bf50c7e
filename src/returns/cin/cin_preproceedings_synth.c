/*
 * Synthetic pre-proceedings for the CIN generator; see cin_preproceedings_synth.h.
 *
 * A period of pre-proceedings (the Public Law Outline's pre-proceedings)
 * begins while a child is on a child protection plan: the legal planning
 * meeting decides to begin, the letter before proceedings follows within
 * two weeks and offers (mostly) a family group decision making meeting,
 * which is held for about half of those offered; the first meeting with
 * the parents follows the letter, review meetings every five weeks or so,
 * and after two to five months the authority steps down, starts care
 * proceedings (a court application, then the letter initiating them), or
 * ends it otherwise.  Each step respects DfE's rules 9006-9015Q (the
 * letter on or after the start, the decision on or after the start, the
 * application on or after the decision, the letter initiating proceedings
 * on or after the application; every follow-up value recorded), so a
 * history without a defect passes them once the build has cut it at
 * 31 March.
 *
 * The outcome codes: DfE's code set CS131 has A, B and C, whose meanings
 * have not been published where we could see them.  The synthetic data
 * pairs A with a court application, B with a step-down and C with any
 * other end, as the one public sample does (its A period has a court
 * application); nothing in the build or the rules depends on that reading.
 * SSD's own outcome column gets its words for A and B.
 */
#include <stdio.h>

#include "returns/cin/cin_preproceedings_synth.h"
#include "synth/dates.h"

#define NONE SR_DATE_NONE
#define PERIOD_PM    450   /* an episode with a CP plan that goes into pre-proceedings */
#define OFFER_PM     850   /* the letter offers an FGDM meeting */
#define HELD_PM      550   /* of those offered: the meeting was held */
#define EXPLICIT_PM  700   /* the extension names the episode (else tied by dates) */
#define REPRESENTED_PM 800 /* the parents had legal representation */

static sr_date weekday_on_or_after(sr_date d)
{
    while (date_weekday(d) >= 5)
        d++;
    return d;
}

/* What has not happened by the extract is not in the replica. */
static void cut_at(struct synth_pp *pp, sr_date extract)
{
    sr_date *dates[] = { &pp->lbp, &pp->initial, &pp->step, &pp->court, &pp->letter };

    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (*dates[i] != NONE && *dates[i] > extract)
            *dates[i] = NONE;
    if (pp->lbp == NONE)
        pp->offer = pp->fac = -1;
    if (pp->step == NONE) {
        pp->outcome = 0;
        pp->court = pp->letter = NONE;
    }
}

/* The steps after the start.  close: the episode's closure (NONE: open),
 * which nothing passes.  forced: short and ending in a court application,
 * for a defect. */
static void draw_steps(struct rng *r, struct synth_pp *pp, sr_date close, sr_date extract, bool forced)
{
    pp->lbp = weekday_on_or_after(pp->start + rng_range(r, 3, 14));
    pp->offer = (rng_pm(r, OFFER_PM) || forced) ? 1 : 0;
    pp->fac = pp->offer ? (rng_pm(r, HELD_PM) ? 1 : 0) : -1;
    pp->initial = weekday_on_or_after(pp->lbp + rng_range(r, 7, 21));
    pp->step = weekday_on_or_after(pp->start + (forced ? rng_range(r, 21, 35) : rng_range(r, 56, 154)));
    unsigned k = forced ? 0 : rng_below(r, 1000);
    pp->outcome = k < 350 ? 'A' : k < 900 ? 'B' : 'C';
    pp->court = pp->letter = NONE;
    if (pp->outcome == 'A') {
        pp->court = pp->step + (forced ? rng_range(r, 0, 5) : rng_range(r, 0, 10));
        pp->letter = pp->court + rng_range(r, 0, 2);
    }
    pp->parents_represented = rng_pm(r, REPRESENTED_PM);
    if (close != NONE) {
        pp->step = synth_dmin(pp->step, close);
        pp->court = pp->court == NONE ? NONE : synth_dmin(pp->court, close);
        pp->letter = pp->letter == NONE ? NONE : synth_dmin(pp->letter, close);
    }
    cut_at(pp, extract);
    sr_date until = pp->step == NONE ? extract : pp->step;
    pp->reviews = pp->initial == NONE ? -1 : (int8_t)((until - pp->initial) / 35);
}

/* Maybe a period in episode e: it starts at least two weeks into the CP
 * plan, while the plan is open, and leaves ten weeks before the episode
 * closes. */
static bool draw_period(struct rng *r, const struct synth_pp_year *y, const struct synth_pp_episode *e,
                        struct synth_pp *pp)
{
    if (e->cp_start == NONE || !rng_pm(r, PERIOD_PM))
        return false;
    sr_date from = e->cp_start + 14;
    sr_date to = synth_dmin(synth_dmin(e->cp_end, e->close == NONE ? NONE : e->close - 70), y->extract - 7);
    if (to < from)
        return false;
    pp->start = weekday_on_or_after(rng_date(r, from, to));
    bool in_year = pp->start >= y->period_start && pp->start <= y->ref_date;
    unsigned k = rng_below(r, 1000);
    if (in_year)
        pp->link = k < EXPLICIT_PM ? PP_LINK_REFERRAL : PP_LINK_DATES;
    else   /* outside the year the build leaves it out, tied or not */
        pp->link = k < 500 ? PP_LINK_NO_ROW : k < 850 ? PP_LINK_REFERRAL : PP_LINK_DATES;
    draw_steps(r, pp, e->close, y->extract, false);
    return true;
}

unsigned synth_pp_draw(struct rng *r, const struct synth_pp_year *y, const struct synth_pp_episode *eps,
                       unsigned n_eps, bool forced, struct synth_pp *out)
{
    unsigned n = 0;

    if (forced) {
        if (!n_eps || eps[0].cp_start == NONE)
            return 0;
        struct synth_pp *pp = &out[n++];
        pp->episode = 0;
        pp->link = PP_LINK_REFERRAL;
        pp->start = weekday_on_or_after(eps[0].cp_start + rng_range(r, 7, 21));
        draw_steps(r, pp, eps[0].close, y->extract, true);
        return n;
    }
    for (unsigned k = 0; k < n_eps && n < SYNTH_PP_MAX; k++) {
        out[n].episode = (uint8_t)k;
        if (draw_period(r, y, &eps[k], &out[n]))
            n++;
    }
    return n;
}

void synth_pp_defect(struct rng *r, struct synth_pp *pp, enum synth_pp_defect d)
{
    switch (d) {
    case PPD_LETTER_BEFORE_START: pp->lbp = pp->start - rng_range(r, 1, 10); break;
    case PPD_NO_OFFER: pp->offer = pp->fac = -1; break;
    case PPD_STEP_BEFORE_START: pp->step = pp->start - rng_range(r, 1, 10); break;
    case PPD_NO_FACILITATION: pp->offer = 1; pp->fac = -1; break;
    case PPD_OUTCOME_INVALID: pp->outcome = 'D'; break;
    case PPD_COURT_BEFORE_STEP: pp->court = pp->step - rng_range(r, 1, 10); break;
    case PPD_LETTER_BEFORE_COURT: pp->letter = pp->court - rng_range(r, 1, 5); break;
    case PPD_NO_REVIEW_COUNT: pp->reviews = -1; break;
    case PPD_NONE: break;
    }
}

/* ---- rows ------------------------------------------------------------------- */

const char synth_pp_copy_ssd[] =
    "COPY ssd_pre_proceedings (prep_table_id, prep_person_id, prep_plo_family_id, prep_pre_pro_decision_date, "
    "prep_initial_pre_pro_meeting_date, prep_pre_pro_outcome, prep_agree_stepdown_issue_date, "
    "prep_cp_plans_referral_period, prep_legal_gateway_outcome, prep_prev_pre_proc_child, "
    "prep_pre_pro_letter_date, prep_care_pro_letter_date, prep_pre_pro_meetings_num, "
    "prep_pre_pro_parents_legal_rep, prep_court_reference) FROM stdin;\n";

const char synth_pp_copy_extension[] =
    "COPY ssd_cin_extension_pre_proceedings (cinx_pre_proceedings_id, cinx_referral_id, cinx_fgdm_offered, "
    "cinx_fgdm_facilitated, cinx_court_application_date, cinx_outcome_code) FROM stdin;\n";

static void col_count(struct synth_sink *s, int v)
{
    if (v < 0)
        col_null(s);
    else
        col_ulong(s, (unsigned long)v);
}

static void col_flag_or_null(struct synth_sink *s, int v)
{
    if (v < 0)
        col_null(s);
    else
        col_flag(s, v == 1);
}

void synth_pp_row_ssd(struct synth_sink *s, const struct synth_pp *pp, const struct synth_pp_ids *ids,
                      unsigned n_cp_plans, unsigned earlier_periods)
{
    col_text(s, ids->row);
    col_text(s, ids->person);
    col_text(s, ids->family);
    col_date(s, pp->start);
    col_date(s, pp->initial);
    /* SSD's words: it offers these two, and blank while undecided. */
    col_text(s, pp->outcome == 'A' ? "Decision to Issue Care Proceedings"
                : pp->outcome == 'B' ? "Decision to step down" : NULL);
    col_date(s, pp->step);
    col_ulong(s, n_cp_plans);
    col_text(s, "B");                   /* legal gateway: start pre-proceedings */
    col_ulong(s, earlier_periods);
    col_date(s, pp->lbp);
    col_date(s, pp->letter);
    col_count(s, pp->reviews);
    col_flag(s, pp->parents_represented);
    col_text(s, pp->court != NONE ? ids->court_ref : NULL);
    row_end(s);
}

void synth_pp_row_extension(struct synth_sink *s, const struct synth_pp *pp, const struct synth_pp_ids *ids)
{
    if (pp->link == PP_LINK_NO_ROW)
        return;
    col_text(s, ids->row);
    col_text(s, pp->link == PP_LINK_REFERRAL ? ids->referral : NULL);
    col_flag_or_null(s, pp->offer);
    col_flag_or_null(s, pp->fac);
    col_date(s, pp->court);
    col_char(s, pp->outcome);
    row_end(s);
}
