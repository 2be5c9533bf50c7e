/*
 * Reading the CIN census from the replica; see cin_source.h for which
 * records are selected and why.
 *
 * Each table is read through its own cursor, ordered by the child's person
 * id, and the cursors are merged here.  Every module row is placed in its
 * episode through the episode's referral id, and every row is attributed to
 * the child of its episode (not to the module's own person id column), so a
 * mis-linked row can never attach one child's record to another child.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_source.h"
#include "io/contract.h"
#include "io/json.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

enum cursor_id { CUR_PERSON, CUR_LINK, CUR_DISABILITY, CUR_EPISODE, CUR_EPISODE_ICPC, CUR_ASSESSMENT,
                 CUR_PLAN, CUR_S47, CUR_CPP, CUR_REVIEW, CUR_PREPROCEEDINGS, CUR__COUNT };

struct cin_source {
    struct db *db;
    const struct policy *policy;
    int year;
    source_defect_fn defect;
    void *defect_opaque;
    struct db_cursor *cur[CUR__COUNT];   /* NULL when the policy needs nothing from it */
    int state[CUR__COUNT];               /* 1 = a row is current, 0 = exhausted */
    enum db_status status;
    /* CP plan ids of the current child, parallel to its plans, for reviews. */
    const char **plan_ids;
    struct plan_ref { size_t episode, index; } *plan_refs;   /* not pointers: arrays move as they grow */
    size_t n_plans, cap_plans;
};

/* The episodes (and children) in the census period.  $1 = period start,
 * $2 = reference date.  A referral with no date is kept when it is still
 * open or closed in the period, so that the build reports it as a defect
 * instead of silently leaving the child out. */
#define ELIGIBLE_CTE \
    "WITH ep AS (SELECT e.cine_referral_id::text AS rid, e.cine_person_id::text AS pid " \
    "FROM ssd_cin_episodes e " \
    "WHERE (e.cine_referral_date IS NULL OR e.cine_referral_date::date <= $2::date) " \
    "AND (e.cine_close_date IS NULL OR e.cine_close_date::date >= $1::date)), " \
    "pp AS (SELECT DISTINCT pid FROM ep) "

#define ISO(expr) "pg_catalog.to_char((" expr ")::date, 'YYYY-MM-DD')"
/* A date known on the reference date, or NULL when it lies after it. */
#define ISO_BY_REF(expr) "CASE WHEN (" expr ")::date <= $2::date THEN " ISO(expr) " END"

/* 2026-27 pre-proceedings (sql/cin.sql says why each step is so), after
 * ELIGIBLE_CTE: prp, the periods that started in the census period, with
 * their start and their explicit episode; tie, each period's one episode of
 * the return: the explicit one when given and the same child's, else the
 * child's episode open on the start, the one referred last.  Text
 * comparisons, as everywhere here, so that views with other key types
 * work; the planner hashes them. */
#define PP_START "COALESCE(r.prep_pre_pro_decision_date, r.prep_pre_pro_letter_date, " \
                 "r.prep_initial_pre_pro_meeting_date)::date"
#define PP_TIED_CTE \
    ", prp AS (SELECT r.prep_table_id::text AS prid, r.prep_person_id::text AS ppid, " PP_START " AS pstart, " \
    "x.cinx_referral_id::text AS xrid FROM ssd_pre_proceedings r " \
    "LEFT JOIN ssd_cin_extension_pre_proceedings x ON x.cinx_pre_proceedings_id::text = r.prep_table_id::text " \
    "WHERE " PP_START " BETWEEN $1::date AND $2::date), " \
    "tie AS (SELECT DISTINCT ON (prp.prid) prp.prid, ep.pid, ep.rid FROM prp " \
    "JOIN ep ON ep.pid = prp.ppid JOIN ssd_cin_episodes e ON e.cine_referral_id::text = ep.rid " \
    "WHERE CASE WHEN prp.xrid IS NOT NULL THEN ep.rid = prp.xrid " \
    "ELSE e.cine_referral_date::date <= prp.pstart " \
    "AND (e.cine_close_date IS NULL OR e.cine_close_date::date >= prp.pstart) END " \
    "ORDER BY prp.prid, e.cine_referral_date DESC NULLS LAST, ep.rid COLLATE \"C\" DESC) "

static bool keeps(const struct policy *p, enum cin_field f)
{
    return cin_keeps(p, f);
}

/* Whether the policy sends any field of the pre-proceedings module (never
 * before 2026-27, whose catalogue has none). */
static bool keeps_preproceedings(const struct policy *p)
{
    for (size_t f = CF__FIRST_2027; f < CF__COUNT; f++)
        if (cin_field_is_pp(f) && keeps(p, (enum cin_field)f))
            return true;
    return false;
}

/* The select expression of a field, or a typed NULL when the policy drops
 * it: the column is then never read. */
static void add_col(struct strbuf *sql, const struct policy *p, enum cin_field f, const char *expr)
{
    strbuf_addstr(sql, ", ");
    strbuf_addstr(sql, keeps(p, f) ? expr : "NULL::text");
}

void cin_source_columns(const struct policy *p,
                        void (*fn)(void *opaque, const char *table, const char *column, const char *type_class),
                        void *opaque)
{
    /* Keys and selection columns are always read. */
    fn(opaque, "ssd_person", "pers_person_id", "id");
    fn(opaque, "ssd_cin_episodes", "cine_referral_id", "id");
    fn(opaque, "ssd_cin_episodes", "cine_person_id", "id");
    fn(opaque, "ssd_cin_episodes", "cine_referral_date", "date");
    fn(opaque, "ssd_cin_episodes", "cine_close_date", "date");

    static const struct { enum cin_field f; const char *table, *column, *cls; } cols[] = {
        { CF_UPN, "ssd_linked_identifiers", "link_person_id", "id" },
        { CF_UPN, "ssd_linked_identifiers", "link_identifier_type", "text" },
        { CF_UPN, "ssd_linked_identifiers", "link_identifier_value", "text" },
        { CF_UPN, "ssd_linked_identifiers", "link_valid_from_date", "date" },
        { CF_UPN, "ssd_linked_identifiers", "link_valid_to_date", "date" },
        { CF_FORMER_UPN, "ssd_linked_identifiers", "link_person_id", "id" },
        { CF_FORMER_UPN, "ssd_linked_identifiers", "link_identifier_type", "text" },
        { CF_FORMER_UPN, "ssd_linked_identifiers", "link_identifier_value", "text" },
        { CF_UPN_UNKNOWN, "ssd_person", "pers_upn_unknown", "text" },
        { CF_BIRTH_DATE, "ssd_person", "pers_dob", "date" },
        { CF_EXPECTED_BIRTH_DATE, "ssd_person", "pers_expected_dob", "date" },
        { CF_SEX, "ssd_person", "pers_sex", "text" },
        { CF_DEATH_DATE, "ssd_person", "pers_death_date", "date" },
        { CF_ETHNICITY, "ssd_person", "pers_ethnicity", "text" },
        { CF_DISABILITY, "ssd_disability", "disa_person_id", "id" },
        { CF_DISABILITY, "ssd_disability", "disa_table_id", "id" },
        { CF_DISABILITY, "ssd_disability", "disa_disability_code", "text" },
        { CF_REFERRAL_SOURCE, "ssd_cin_episodes", "cine_referral_source_code", "text" },
        { CF_PRIMARY_NEED, "ssd_cin_episodes", "cine_cin_primary_need_code", "text" },
        { CF_CLOSURE_REASON, "ssd_cin_episodes", "cine_close_reason", "text" },
        { CF_REFERRAL_NFA, "ssd_cin_episodes", "cine_referral_nfa", "text" },
        { CF_EPISODE_ICPC_DATE, "ssd_initial_cp_conference", "icpc_referral_id", "id" },
        { CF_EPISODE_ICPC_DATE, "ssd_initial_cp_conference", "icpc_s47_enquiry_id", "id" },
        { CF_EPISODE_ICPC_DATE, "ssd_initial_cp_conference", "icpc_icpc_date", "date" },
        { CF_ASSESSMENT_START, "ssd_cin_assessments", "cina_assessment_id", "id" },
        { CF_ASSESSMENT_START, "ssd_cin_assessments", "cina_referral_id", "id" },
        { CF_ASSESSMENT_START, "ssd_cin_assessments", "cina_assessment_start_date", "date" },
        { CF_ASSESSMENT_AUTH, "ssd_cin_assessments", "cina_assessment_auth_date", "date" },
        { CF_ASSESSMENT_FACTOR, "ssd_assessment_factors", "cinf_assessment_id", "id" },
        { CF_ASSESSMENT_FACTOR, "ssd_assessment_factors", "cinf_assessment_factors_json", "json" },
        { CF_PLAN_START, "ssd_cin_plans", "cinp_cin_plan_id", "id" },
        { CF_PLAN_START, "ssd_cin_plans", "cinp_referral_id", "id" },
        { CF_PLAN_START, "ssd_cin_plans", "cinp_cin_plan_start_date", "date" },
        { CF_PLAN_END, "ssd_cin_plans", "cinp_cin_plan_end_date", "date" },
        { CF_S47_START, "ssd_s47_enquiry", "s47e_s47_enquiry_id", "id" },
        { CF_S47_START, "ssd_s47_enquiry", "s47e_referral_id", "id" },
        { CF_S47_START, "ssd_s47_enquiry", "s47e_s47_start_date", "date" },
        { CF_S47_ICPC_NOT_REQUIRED, "ssd_s47_enquiry", "s47e_s47_end_date", "date" },
        { CF_S47_ICPC_NOT_REQUIRED, "ssd_s47_enquiry", "s47e_s47_outcome_json", "json" },
        { CF_S47_ICPC_DATE, "ssd_initial_cp_conference", "icpc_s47_enquiry_id", "id" },
        { CF_S47_ICPC_DATE, "ssd_initial_cp_conference", "icpc_icpc_date", "date" },
        { CF_S47_ICPC_TARGET, "ssd_initial_cp_conference", "icpc_icpc_target_date", "date" },
        { CF_CPP_START, "ssd_cp_plans", "cppl_cp_plan_id", "id" },
        { CF_CPP_START, "ssd_cp_plans", "cppl_referral_id", "id" },
        { CF_CPP_START, "ssd_cp_plans", "cppl_person_id", "id" },
        { CF_CPP_START, "ssd_cp_plans", "cppl_cp_plan_start_date", "date" },
        { CF_CPP_END, "ssd_cp_plans", "cppl_cp_plan_end_date", "date" },
        { CF_CPP_INITIAL_CATEGORY, "ssd_cp_plans", "cppl_cp_plan_initial_category", "text" },
        { CF_CPP_LATEST_CATEGORY, "ssd_cp_plans", "cppl_cp_plan_latest_category", "text" },
        { CF_CPP_REVIEW_DATE, "ssd_cp_reviews", "cppr_cp_plan_id", "id" },
        { CF_CPP_REVIEW_DATE, "ssd_cp_reviews", "cppr_cp_review_date", "date" },
        { CF_PP_LBP_SENT, "ssd_pre_proceedings", "prep_pre_pro_letter_date", "date" },
        { CF_PP_FGDM_OFFER, "ssd_cin_extension_pre_proceedings", "cinx_fgdm_offered", "text" },
        { CF_PP_FGDM_FAC, "ssd_cin_extension_pre_proceedings", "cinx_fgdm_facilitated", "text" },
        { CF_PP_REVIEW_COUNT, "ssd_pre_proceedings", "prep_pre_pro_meetings_num", "text" },
        { CF_PP_STEP_DECISION, "ssd_pre_proceedings", "prep_agree_stepdown_issue_date", "date" },
        { CF_PP_OUTCOME, "ssd_pre_proceedings", "prep_agree_stepdown_issue_date", "date" },
        { CF_PP_OUTCOME, "ssd_cin_extension_pre_proceedings", "cinx_outcome_code", "text" },
        { CF_PP_COURT_APP, "ssd_cin_extension_pre_proceedings", "cinx_court_application_date", "date" },
        { CF_PP_LETTER_INIT, "ssd_pre_proceedings", "prep_care_pro_letter_date", "date" },
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (keeps(p, cols[i].f))
            fn(opaque, cols[i].table, cols[i].column, cols[i].cls);
    /* The module's keys, and the dates that place a period in the year and
     * tie it to an episode, are read whenever one of its fields is sent. */
    static const struct { const char *table, *column, *cls; } pp_keys[] = {
        { "ssd_pre_proceedings", "prep_table_id", "id" },
        { "ssd_pre_proceedings", "prep_person_id", "id" },
        { "ssd_pre_proceedings", "prep_pre_pro_decision_date", "date" },
        { "ssd_pre_proceedings", "prep_pre_pro_letter_date", "date" },
        { "ssd_pre_proceedings", "prep_initial_pre_pro_meeting_date", "date" },
        { "ssd_cin_extension_pre_proceedings", "cinx_pre_proceedings_id", "id" },
        { "ssd_cin_extension_pre_proceedings", "cinx_referral_id", "id" },
    };
    for (size_t i = 0; keeps_preproceedings(p) && i < sizeof pp_keys / sizeof pp_keys[0]; i++)
        fn(opaque, pp_keys[i].table, pp_keys[i].column, pp_keys[i].cls);
}

struct colset {
    struct contract_col *cols;
    size_t n, cap;
};

static void add_contract_col(void *opaque, const char *table, const char *column, const char *cls)
{
    struct colset *cs = opaque;
    for (size_t i = 0; i < cs->n; i++)
        if (!strcmp(cs->cols[i].table, table) && !strcmp(cs->cols[i].column, column))
            return;
    ALLOC_GROW(cs->cols, cs->n, cs->cap);
    cs->cols[cs->n].table = table;
    cs->cols[cs->n].column = column;
    cs->cols[cs->n].type_class = cls;
    cs->n++;
}

/* The rows of a module open in the period: started by the reference
 * date ($2), not ended before the period's start ($1); in the child's
 * order, then by start. */
static void open_in_period(struct strbuf *sql, const char *start, const char *end, const char *id)
{
    strbuf_addf(sql, "WHERE (%s IS NULL OR %s::date <= $2::date) AND (%s IS NULL OR %s::date >= $1::date) "
                     "ORDER BY ep.pid COLLATE \"C\", %s NULLS FIRST, %s::text COLLATE \"C\"",
                start, start, end, end, start, id);
}

/* The child: one row per person with an episode in the period. */
static void sql_person(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT p.pers_person_id::text");
    add_col(sql, p, CF_UPN_UNKNOWN, "p.pers_upn_unknown::text");
    add_col(sql, p, CF_BIRTH_DATE, ISO("p.pers_dob"));
    add_col(sql, p, CF_EXPECTED_BIRTH_DATE, ISO("p.pers_expected_dob"));
    add_col(sql, p, CF_SEX, "p.pers_sex::text");
    add_col(sql, p, CF_DEATH_DATE, ISO_BY_REF("p.pers_death_date"));
    add_col(sql, p, CF_ETHNICITY, "p.pers_ethnicity::text");
    strbuf_addstr(sql, " FROM ssd_person p JOIN pp ON pp.pid = p.pers_person_id::text "
                       "ORDER BY p.pers_person_id::text COLLATE \"C\"");
}

/* UPN and former UPN, current identifiers first (no end date, then the
 * latest start). */
static void sql_link(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT l.link_person_id::text, l.link_identifier_type::text, "
                       "l.link_identifier_value::text FROM ssd_linked_identifiers l "
                       "JOIN pp ON pp.pid = l.link_person_id::text WHERE l.link_identifier_type IN (");
    strbuf_addstr(sql, keeps(p, CF_UPN) ? "'Unique Pupil Number'" : "''");
    strbuf_addstr(sql, keeps(p, CF_FORMER_UPN) ? ", 'Former Unique Pupil Number'" : "");
    strbuf_addstr(sql, ") ORDER BY l.link_person_id::text COLLATE \"C\", l.link_identifier_type, (l.link_valid_to_date IS NULL) DESC, "
                       "l.link_valid_to_date DESC, l.link_valid_from_date DESC NULLS LAST, "
                       "l.link_table_id::text COLLATE \"C\"");
}

/* Disabilities, in the order they were recorded. */
static void sql_disability(struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT d.disa_person_id::text, d.disa_disability_code::text FROM ssd_disability d "
                       "JOIN pp ON pp.pid = d.disa_person_id::text "
                       "ORDER BY d.disa_person_id::text COLLATE \"C\", d.disa_table_id::text COLLATE \"C\"");
}

/* The episodes in the period. */
static void sql_episode(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, " ISO("e.cine_referral_date"));
    add_col(sql, p, CF_REFERRAL_SOURCE, "e.cine_referral_source_code::text");
    add_col(sql, p, CF_PRIMARY_NEED, "e.cine_cin_primary_need_code::text");
    add_col(sql, p, CF_CLOSURE_DATE, ISO_BY_REF("e.cine_close_date"));
    add_col(sql, p, CF_CLOSURE_REASON,
            "CASE WHEN e.cine_close_date::date <= $2::date THEN e.cine_close_reason::text END");
    add_col(sql, p, CF_REFERRAL_NFA, "e.cine_referral_nfa::text");
    strbuf_addstr(sql, " FROM ssd_cin_episodes e JOIN ep ON ep.rid = e.cine_referral_id::text "
                       "ORDER BY ep.pid COLLATE \"C\", e.cine_referral_date NULLS FIRST, ep.rid COLLATE \"C\"");
}

/* The first conference of an episode in the period that has no section
 * 47 enquiry: it belongs to the episode. */
static void sql_episode_icpc(struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, pg_catalog.min(" ISO("i.icpc_icpc_date") ") "
                       "FROM ssd_initial_cp_conference i JOIN ep ON ep.rid = i.icpc_referral_id::text "
                       "WHERE i.icpc_s47_enquiry_id IS NULL AND i.icpc_icpc_date::date BETWEEN $1::date AND $2::date "
                       "GROUP BY ep.pid, ep.rid ORDER BY ep.pid COLLATE \"C\", ep.rid COLLATE \"C\"");
}

/* Assessments in the period. */
static void sql_assessment(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, " ISO("a.cina_assessment_start_date"));
    add_col(sql, p, CF_ASSESSMENT_AUTH, ISO_BY_REF("a.cina_assessment_auth_date"));
    add_col(sql, p, CF_ASSESSMENT_FACTOR,
            "CASE WHEN a.cina_assessment_auth_date::date <= $2::date "
            "THEN f.cinf_assessment_factors_json::text END");
    strbuf_addstr(sql, " FROM ssd_cin_assessments a JOIN ep ON ep.rid = a.cina_referral_id::text ");
    if (keeps(p, CF_ASSESSMENT_FACTOR))
        strbuf_addstr(sql, "LEFT JOIN ssd_assessment_factors f ON f.cinf_assessment_id = a.cina_assessment_id ");
    /* DfE 8696: an assessment authorised before the period is not in
     * the return. */
    open_in_period(sql, "a.cina_assessment_start_date", "a.cina_assessment_auth_date", "a.cina_assessment_id");
}

/* CIN plans open in the period. */
static void sql_plan(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, " ISO("c.cinp_cin_plan_start_date"));
    add_col(sql, p, CF_PLAN_END, ISO_BY_REF("c.cinp_cin_plan_end_date"));
    strbuf_addstr(sql, " FROM ssd_cin_plans c JOIN ep ON ep.rid = c.cinp_referral_id::text ");
    open_in_period(sql, "c.cinp_cin_plan_start_date", "c.cinp_cin_plan_end_date", "c.cinp_cin_plan_id");
}

/* Section 47 enquiries.  Columns: pid, rid, start, completed-by-reference-
 * date flag, outcome json, ICPC target, ICPC date (first conference of the
 * enquiry). */
static void sql_s47(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, " ISO("s.s47e_s47_start_date"));
    add_col(sql, p, CF_S47_ICPC_NOT_REQUIRED,
            "CASE WHEN s.s47e_s47_end_date::date <= $2::date THEN 't' END");
    add_col(sql, p, CF_S47_ICPC_NOT_REQUIRED, "s.s47e_s47_outcome_json::text");
    add_col(sql, p, CF_S47_ICPC_TARGET, ISO("i.icpc_icpc_target_date"));
    strbuf_addstr(sql, ", " ISO_BY_REF("i.icpc_icpc_date"));
    strbuf_addstr(sql, " FROM ssd_s47_enquiry s JOIN ep ON ep.rid = s.s47e_referral_id::text "
                       "LEFT JOIN LATERAL (SELECT i.icpc_icpc_target_date, i.icpc_icpc_date "
                       "FROM ssd_initial_cp_conference i WHERE i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id "
                       "ORDER BY i.icpc_icpc_date NULLS LAST, i.icpc_icpc_id LIMIT 1) i ON true "
                       /* DfE 8715: a conference before the period takes its
                        * enquiry out of the return; so does an enquiry
                        * completed before the period with no conference. */
                       "WHERE (s.s47e_s47_start_date IS NULL OR s.s47e_s47_start_date::date <= $2::date) "
                       "AND CASE WHEN i.icpc_icpc_date IS NOT NULL THEN i.icpc_icpc_date::date >= $1::date "
                       "ELSE (s.s47e_s47_end_date IS NULL OR s.s47e_s47_end_date::date >= $1::date) END "
                       "ORDER BY ep.pid COLLATE \"C\", s.s47e_s47_start_date NULLS FIRST, "
                       "s.s47e_s47_enquiry_id::text COLLATE \"C\"");
}

/* Child protection plans open in the period.  NumberOfPreviousCPP counts
 * the child's plans that started before this one, over the whole history,
 * before the period filter. */
static void sql_cpp(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, ep.rid, c.cppl_cp_plan_id::text, " ISO("c.cppl_cp_plan_start_date"));
    add_col(sql, p, CF_CPP_END, ISO_BY_REF("c.cppl_cp_plan_end_date"));
    add_col(sql, p, CF_CPP_INITIAL_CATEGORY, "c.cppl_cp_plan_initial_category::text");
    add_col(sql, p, CF_CPP_LATEST_CATEGORY, "c.cppl_cp_plan_latest_category::text");
    add_col(sql, p, CF_CPP_PREVIOUS, "c.previous::text");
    strbuf_addstr(sql, " FROM (SELECT c.*, pg_catalog.count(*) OVER (PARTITION BY c.cppl_person_id "
                       "ORDER BY c.cppl_cp_plan_start_date, c.cppl_cp_plan_id "
                       "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous "
                       "FROM ssd_cp_plans c JOIN pp ON pp.pid = c.cppl_person_id::text) c "
                       "JOIN ep ON ep.rid = c.cppl_referral_id::text ");
    open_in_period(sql, "c.cppl_cp_plan_start_date", "c.cppl_cp_plan_end_date", "c.cppl_cp_plan_id");
}

/* Reviews of the plans in the period. */
static void sql_review(struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ep.pid, r.cppr_cp_plan_id::text, " ISO("r.cppr_cp_review_date")
                       " FROM ssd_cp_reviews r JOIN ssd_cp_plans c ON c.cppl_cp_plan_id = r.cppr_cp_plan_id "
                       "JOIN ep ON ep.rid = c.cppl_referral_id::text "
                       "WHERE r.cppr_cp_review_date::date BETWEEN $1::date AND $2::date "
                       "ORDER BY ep.pid COLLATE \"C\", r.cppr_cp_plan_id::text COLLATE \"C\", r.cppr_cp_review_date");
}

/* Periods of pre-proceedings that started in the census period, each in
 * its episode, in the order they started.  Columns: pid, rid, then the
 * module's ten elements in schema order.  Dates after the reference date
 * are not yet known; nor is an outcome decided after it. */
static void sql_preproceedings(const struct policy *p, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT tie.pid, tie.rid");
    add_col(sql, p, CF_PP_START, ISO("r.prep_pre_pro_decision_date"));
    add_col(sql, p, CF_PP_LBP_SENT, ISO_BY_REF("r.prep_pre_pro_letter_date"));
    add_col(sql, p, CF_PP_FGDM_OFFER, "x.cinx_fgdm_offered::text");
    add_col(sql, p, CF_PP_FGDM_FAC, "x.cinx_fgdm_facilitated::text");
    add_col(sql, p, CF_PP_INITIAL_MEETING, ISO_BY_REF("r.prep_initial_pre_pro_meeting_date"));
    add_col(sql, p, CF_PP_REVIEW_COUNT, "r.prep_pre_pro_meetings_num::text");
    add_col(sql, p, CF_PP_STEP_DECISION, ISO_BY_REF("r.prep_agree_stepdown_issue_date"));
    add_col(sql, p, CF_PP_OUTCOME,
            "CASE WHEN r.prep_agree_stepdown_issue_date IS NULL "
            "OR r.prep_agree_stepdown_issue_date::date <= $2::date THEN x.cinx_outcome_code::text END");
    add_col(sql, p, CF_PP_COURT_APP, ISO_BY_REF("x.cinx_court_application_date"));
    add_col(sql, p, CF_PP_LETTER_INIT, ISO_BY_REF("r.prep_care_pro_letter_date"));
    strbuf_addstr(sql, " FROM tie JOIN prp ON prp.prid = tie.prid "
                       "JOIN ssd_pre_proceedings r ON r.prep_table_id::text = tie.prid "
                       "LEFT JOIN ssd_cin_extension_pre_proceedings x "
                       "ON x.cinx_pre_proceedings_id::text = r.prep_table_id::text "
                       "ORDER BY tie.pid COLLATE \"C\", prp.pstart, tie.prid COLLATE \"C\"");
}

/* Builds each cursor's query for the policy.  Column 0 is always the
 * child's person id; the layouts are fixed by position. */
static void build_sql(const struct policy *p, enum cursor_id id, struct strbuf *sql)
{
    strbuf_addstr(sql, ELIGIBLE_CTE);
    switch (id) {
    case CUR_PERSON: sql_person(p, sql); break;
    case CUR_LINK: sql_link(p, sql); break;
    case CUR_DISABILITY: sql_disability(sql); break;
    case CUR_EPISODE: sql_episode(p, sql); break;
    case CUR_EPISODE_ICPC: sql_episode_icpc(sql); break;
    case CUR_ASSESSMENT: sql_assessment(p, sql); break;
    case CUR_PLAN: sql_plan(p, sql); break;
    case CUR_S47: sql_s47(p, sql); break;
    case CUR_CPP: sql_cpp(p, sql); break;
    case CUR_REVIEW: sql_review(sql); break;
    case CUR_PREPROCEEDINGS:
        strbuf_addstr(sql, PP_TIED_CTE);
        sql_preproceedings(p, sql);
        break;
    case CUR__COUNT: break;
    }
}

static bool cursor_wanted(const struct policy *p, enum cursor_id id)
{
    switch (id) {
    case CUR_LINK: return keeps(p, CF_UPN) || keeps(p, CF_FORMER_UPN);
    case CUR_DISABILITY: return keeps(p, CF_DISABILITY);
    case CUR_EPISODE_ICPC: return keeps(p, CF_EPISODE_ICPC_DATE);
    case CUR_REVIEW: return keeps(p, CF_CPP_REVIEW_DATE);
    case CUR_PREPROCEEDINGS: return keeps_preproceedings(p);
    default: return true;
    }
}

static const char *const cursor_names[CUR__COUNT] = {
    "sr_person", "sr_link", "sr_disability", "sr_episode", "sr_episode_icpc", "sr_assessment",
    "sr_plan", "sr_s47", "sr_cpp", "sr_review", "sr_preproceedings",
};

enum db_status cin_source_open(struct cin_source **out, struct db *db, const struct cin_source_options *opt,
                               struct strbuf *err)
{
    struct colset cs = { NULL, 0, 0 };
    enum db_status st;
    char start[11], ref[11];
    const char *params[2] = { date_format_iso(census_period_start(opt->year), start),
                              date_format_iso(census_reference_date(opt->year), ref) };

    *out = NULL;
    cin_source_columns(opt->policy, add_contract_col, &cs);
    st = contract_check(db, cs.cols, cs.n, err);
    free(cs.cols);
    if (st != DB_OK)
        return st;

    struct cin_source *s = xcalloc(1, sizeof *s);
    s->db = db;
    s->policy = opt->policy;
    s->year = opt->year;
    s->defect = opt->defect;
    s->defect_opaque = opt->defect_opaque;
    for (int i = 0; i < CUR__COUNT; i++) {
        if (!cursor_wanted(opt->policy, (enum cursor_id)i))
            continue;
        struct strbuf sql = STRBUF_INIT;
        build_sql(opt->policy, (enum cursor_id)i, &sql);
        st = db_cursor_open(db, &s->cur[i], cursor_names[i], sql.buf, 2, params,
                            opt->fetch_batch > 0 ? opt->fetch_batch : 2000, err);
        strbuf_release(&sql);
        if (st != DB_OK) {
            cin_source_close(s);
            return st;
        }
    }
    /* Prime every cursor with its first row. */
    for (int i = 0; i < CUR__COUNT; i++) {
        if (!s->cur[i])
            continue;
        s->state[i] = db_cursor_next(s->cur[i], err);
        if (s->state[i] < 0) {
            st = db_cursor_status(s->cur[i]);
            cin_source_close(s);
            return st;
        }
    }
    *out = s;
    return DB_OK;
}

void cin_source_close(struct cin_source *s)
{
    if (!s)
        return;
    for (int i = 0; i < CUR__COUNT; i++)
        db_cursor_close(s->cur[i]);
    free(s->plan_ids);
    free(s->plan_refs);
    free(s);
}

enum db_status cin_source_status(const struct cin_source *s)
{
    return s->status;
}

/* Advances cursor i; returns -1 on a database error. */
static int advance(struct cin_source *s, int i, struct strbuf *err)
{
    s->state[i] = db_cursor_next(s->cur[i], err);
    if (s->state[i] < 0) {
        s->status = db_cursor_status(s->cur[i]);
        return -1;
    }
    return 0;
}

/* Positions cursor i on the rows of person pid, skipping rows of persons
 * before it (only possible for rows without a matching ssd_person row).
 * Returns 1 when the current row belongs to pid, 0 when not, -1 on error. */
static int at_person(struct cin_source *s, int i, const char *pid, struct strbuf *err)
{
    if (!s->cur[i])
        return 0;
    while (s->state[i] == 1) {
        const char *rp = db_cursor_get(s->cur[i], 0);
        int c = rp ? strcmp(rp, pid) : -1;
        if (c == 0)
            return 1;
        if (c > 0)
            return 0;
        if (advance(s, i, err) < 0)
            return -1;
    }
    return s->state[i] < 0 ? -1 : 0;
}

/* An empty or blank string in the replica means "no value", as NULL does:
 * written out it would be an empty element that the schema rejects. */
static void set(struct arena *a, struct cin_value *v, const char *text, bool is_date)
{
    if (text) {
        const char *p = text;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (!*p)
            text = NULL;
    }
    cin_value_set(a, v, text, 0, is_date);
}

static struct cin_episode *episode_of(struct cin_child *c, const char *rid)
{
    for (size_t i = 0; i < c->n_episodes; i++)
        if (rid && c->episodes[i].source_key && !strcmp(c->episodes[i].source_key, rid))
            return &c->episodes[i];
    return NULL;
}

static void defect(struct cin_source *s, const struct cin_child *c, const char *table, const char *column,
                   const char *problem)
{
    if (s->defect)
        s->defect(s->defect_opaque, c->source_key, table, column, problem);
}

/* Y/N flags (SSD) to the DfE boolean 1/0; anything else is kept so the
 * writability check reports it. */
static const char *flag01(const char *v)
{
    if (!v)
        return NULL;
    if (!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "t"))
        return "1";
    if (!strcmp(v, "N") || !strcmp(v, "n") || !strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "f"))
        return "0";
    return v;
}

const char *cin_map_abuse_category(const char *s)
{
    static const struct { const char *prefix, *code; } map[] = {
        { "neglect", "NEG" }, { "physical", "PHY" }, { "sexual", "SAB" }, { "emotional", "EMO" },
        { "multiple", "MUL" },
    };
    if (!s)
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i].prefix);
        if (!strncasecmp(s, map[i].prefix, n))
            return map[i].code;
    }
    return s;
}

struct factor_ctx {
    struct arena *a;
    struct cin_assessment *as;
};

/* SSD allows ["1A","2B"] and {"1A": "Yes", "2B": "No"}. */
static int add_factor(void *opaque, const char *key, const char *value)
{
    struct factor_ctx *fc = opaque;
    const char *code = NULL;

    if (!key)
        code = value;
    else if (value && (!strcasecmp(value, "Yes") || !strcasecmp(value, "Y") || !strcmp(value, "true")
                       || !strcmp(value, "1")))
        code = key;
    if (code && *code) {
        fc->as->has_factors_group = true;
        set(fc->a, cin_add_factor(fc->a, fc->as), code, false);
    }
    return 0;
}

/* The child being read, for the row functions below: each takes the
 * current row of its cursor into the child. */
struct row_ctx {
    struct cin_source *s;
    struct arena *a;
    struct cin_child *c;
};

typedef void row_fn(const struct row_ctx *x, struct db_cursor *cu);

/* Hands every row of cursor i that belongs to pid to fn. */
static int each_row(const struct row_ctx *x, enum cursor_id i, const char *pid, row_fn *fn, struct strbuf *err)
{
    struct cin_source *s = x->s;
    int r;

    while ((r = at_person(s, i, pid, err)) == 1) {
        fn(x, s->cur[i]);
        if (advance(s, i, err) < 0)
            return -1;
    }
    return r < 0 ? -1 : 0;
}

/* Identifiers: the first row of each type is the current one. */
static void link_row(const struct row_ctx *x, struct db_cursor *cu)
{
    const char *type = db_cursor_get(cu, 1);
    const char *value = db_cursor_get(cu, 2);
    struct cin_value *v = NULL;

    if (type && !strcmp(type, "Unique Pupil Number"))
        v = &x->c->upn;
    else if (type && !strcmp(type, "Former Unique Pupil Number"))
        v = &x->c->former_upn;
    if (v && !v->text && value)
        set(x->a, v, value, false);
}

static void disability_row(const struct row_ctx *x, struct db_cursor *cu)
{
    x->c->has_disabilities_group = true;
    set(x->a, cin_add_disability(x->a, x->c), db_cursor_get(cu, 1), false);
}

static int read_person_rows(struct cin_source *s, struct arena *a, struct cin_child *c, const char *pid,
                            struct strbuf *err)
{
    const struct row_ctx x = { s, a, c };

    if (each_row(&x, CUR_LINK, pid, link_row, err) < 0)
        return -1;
    return each_row(&x, CUR_DISABILITY, pid, disability_row, err);
}

static void episode_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct arena *a = x->a;
    struct cin_episode *e = cin_add_episode(a, x->c);

    e->source_key = arena_strdup(a, db_cursor_get(cu, 1));
    set(a, &e->referral_date, db_cursor_get(cu, 2), true);
    set(a, &e->referral_source, db_cursor_get(cu, 3), false);
    set(a, &e->primary_need, db_cursor_get(cu, 4), false);
    set(a, &e->closure_date, db_cursor_get(cu, 5), true);
    set(a, &e->closure_reason, db_cursor_get(cu, 6), false);
    if (policy_emits(x->s->policy, CF_REFERRAL_NFA)) {
        const char *raw = db_cursor_get(cu, 7);
        const char *b = flag01(raw);
        set(a, &e->referral_nfa, b, false);
        if (raw && b == raw)
            defect(x->s, x->c, "ssd_cin_episodes", "cine_referral_nfa", "is not a Y/N flag");
    }
}

static void episode_icpc_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (e)
        set(x->a, &e->initial_cpc, db_cursor_get(cu, 2), true);
}

static void assessment_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (!e)
        return;
    struct cin_assessment *as = cin_add_assessment(x->a, e);
    set(x->a, &as->start, db_cursor_get(cu, 2), true);
    set(x->a, &as->authorisation, db_cursor_get(cu, 3), true);
    const char *json = db_cursor_get(cu, 4);
    struct factor_ctx fc = { x->a, as };
    if (json && json_flat_each(json, add_factor, &fc) != 0)
        defect(x->s, x->c, "ssd_assessment_factors", "cinf_assessment_factors_json",
               "is not a JSON array of codes or an object of code flags");
}

static void plan_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (!e)
        return;
    struct cin_plan *pl = cin_add_plan(x->a, e);
    set(x->a, &pl->start, db_cursor_get(cu, 2), true);
    set(x->a, &pl->end, db_cursor_get(cu, 3), true);
}

static void s47_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct arena *a = x->a;
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (!e)
        return;
    struct cin_s47 *s47 = cin_add_s47(a, e);
    set(a, &s47->start, db_cursor_get(cu, 2), true);
    set(a, &s47->icpc_target, db_cursor_get(cu, 5), true);
    if (policy_emits(x->s->policy, CF_S47_ICPC_DATE))
        set(a, &s47->icpc_date, db_cursor_get(cu, 6), true);
    /* ICPCnotRequired: the enquiry was completed by the reference date
     * with no conference, and its outcome does not call one. */
    const char *nr = "0";
    const char *completed = db_cursor_get(cu, 3);
    const char *outcome = db_cursor_get(cu, 4);
    if (completed && !db_cursor_get(cu, 6)) {
        char flag[16] = "";
        int got = outcome ? json_flat_get(outcome, "CP_CONFERENCE_FLAG", flag, sizeof flag) : 0;
        if (got < 0)
            defect(x->s, x->c, "ssd_s47_enquiry", "s47e_s47_outcome_json", "is not a JSON object");
        if (got <= 0 || strcmp(flag01(flag) ? flag01(flag) : "", "1") != 0)
            nr = "1";
    }
    set(a, &s47->icpc_not_required, nr, false);
}

/* A plan, and its id for the reviews that follow. */
static void cpp_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct cin_source *s = x->s;
    struct arena *a = x->a;
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (!e)
        return;
    struct cin_cpp *p = cin_add_cpp(a, e);
    set(a, &p->start, db_cursor_get(cu, 3), true);
    set(a, &p->end, db_cursor_get(cu, 4), true);
    set(a, &p->initial_category, cin_map_abuse_category(db_cursor_get(cu, 5)), false);
    set(a, &p->latest_category, cin_map_abuse_category(db_cursor_get(cu, 6)), false);
    set(a, &p->previous_cpp, db_cursor_get(cu, 7), false);
    ALLOC_GROW(s->plan_ids, s->n_plans, s->cap_plans);
    s->plan_refs = xreallocarray(s->plan_refs, s->cap_plans, sizeof *s->plan_refs);
    s->plan_ids[s->n_plans] = arena_strdup(a, db_cursor_get(cu, 2));
    s->plan_refs[s->n_plans].episode = (size_t)(e - x->c->episodes);
    s->plan_refs[s->n_plans].index = e->n_cpps - 1;
    s->n_plans++;
}

static void review_row(const struct row_ctx *x, struct db_cursor *cu)
{
    const struct cin_source *s = x->s;
    const char *plan = db_cursor_get(cu, 1);

    for (size_t i = 0; i < s->n_plans; i++)
        if (plan && !strcmp(s->plan_ids[i], plan)) {
            struct cin_cpp *p = &x->c->episodes[s->plan_refs[i].episode].cpps[s->plan_refs[i].index];
            p->has_reviews_group = true;
            set(x->a, cin_add_review(x->a, p), db_cursor_get(cu, 2), true);
            break;
        }
}

/* A Y/N flag of the extension as a DfE boolean; anything else is kept
 * for the writability check and named here. */
static void pp_flag(const struct row_ctx *x, struct cin_value *v, const char *raw, enum cin_field f,
                    const char *column)
{
    const char *b = flag01(raw);

    if (!keeps(x->s->policy, f))
        return;
    set(x->a, v, b, false);
    if (raw && b == raw)
        defect(x->s, x->c, "ssd_cin_extension_pre_proceedings", column, "is not a Y/N flag");
}

static void preproceedings_row(const struct row_ctx *x, struct db_cursor *cu)
{
    struct arena *a = x->a;
    struct cin_episode *e = episode_of(x->c, db_cursor_get(cu, 1));

    if (!e)
        return;
    struct cin_preproceedings *pp = cin_add_preproceedings(a, e);
    set(a, &pp->pp_start, db_cursor_get(cu, 2), true);
    set(a, &pp->lbp_sent, db_cursor_get(cu, 3), true);
    pp_flag(x, &pp->fgdm_offer, db_cursor_get(cu, 4), CF_PP_FGDM_OFFER, "cinx_fgdm_offered");
    pp_flag(x, &pp->fgdm_fac, db_cursor_get(cu, 5), CF_PP_FGDM_FAC, "cinx_fgdm_facilitated");
    set(a, &pp->initial_meeting, db_cursor_get(cu, 6), true);
    set(a, &pp->review_count, db_cursor_get(cu, 7), false);
    set(a, &pp->step_decision, db_cursor_get(cu, 8), true);
    set(a, &pp->outcome, db_cursor_get(cu, 9), false);
    set(a, &pp->court_app, db_cursor_get(cu, 10), true);
    set(a, &pp->letter_init, db_cursor_get(cu, 11), true);
}

/* The episodes and their modules, in this order: a module row finds its
 * episode, a review its plan, among those already read. */
static int read_episode_rows(struct cin_source *s, struct arena *a, struct cin_child *c, const char *pid,
                             struct strbuf *err)
{
    static const struct { enum cursor_id id; row_fn *fn; } modules[] = {
        { CUR_EPISODE, episode_row }, { CUR_EPISODE_ICPC, episode_icpc_row }, { CUR_ASSESSMENT, assessment_row },
        { CUR_PLAN, plan_row }, { CUR_S47, s47_row }, { CUR_CPP, cpp_row }, { CUR_REVIEW, review_row },
        { CUR_PREPROCEEDINGS, preproceedings_row },
    };
    const struct row_ctx x = { s, a, c };

    s->n_plans = 0;   /* the plan ids are this child's */
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        if (each_row(&x, modules[i].id, pid, modules[i].fn, err) < 0)
            return -1;
    return 0;
}

int cin_source_next(struct cin_source *s, struct arena *a, struct cin_child *c, struct strbuf *err)
{
    struct db_cursor *cu = s->cur[CUR_PERSON];

    if (s->state[CUR_PERSON] != 1)
        return s->state[CUR_PERSON] < 0 ? -1 : 0;

    cin_child_init(c);
    const char *pid = arena_strdup(a, db_cursor_get(cu, 0));
    c->source_key = pid;
    set(a, &c->la_child_id, pid, false);
    set(a, &c->upn_unknown, db_cursor_get(cu, 1), false);
    set(a, &c->birth_date, db_cursor_get(cu, 2), true);
    set(a, &c->expected_birth_date, db_cursor_get(cu, 3), true);
    set(a, &c->sex, db_cursor_get(cu, 4), false);
    set(a, &c->death_date, db_cursor_get(cu, 5), true);
    set(a, &c->ethnicity, db_cursor_get(cu, 6), false);
    if (advance(s, CUR_PERSON, err) < 0)
        return -1;

    if (read_person_rows(s, a, c, pid, err) < 0 || read_episode_rows(s, a, c, pid, err) < 0)
        return -1;
    return 1;
}

static void take_count(void *opaque, int ncols, const char *const *v)
{
    size_t *n = opaque;
    if (ncols > 0 && v[0])
        *n = (size_t)strtoull(v[0], NULL, 10);
}

enum db_status cin_source_count_out_of_period(struct db *db, int year, size_t *n, struct strbuf *err)
{
    char start[11], ref[11];
    const char *params[2] = { date_format_iso(census_period_start(year), start),
                              date_format_iso(census_reference_date(year), ref) };
    *n = 0;
    return db_query(db, ELIGIBLE_CTE
                    "SELECT pg_catalog.count(DISTINCT e.cine_person_id) FROM ssd_cin_episodes e "
                    "WHERE e.cine_person_id::text NOT IN (SELECT pid FROM pp)",
                    2, params, take_count, n, err);
}

enum db_status cin_source_count_untied_preproceedings(struct db *db, int year, size_t *n, struct strbuf *err)
{
    char start[11], ref[11];
    const char *params[2] = { date_format_iso(census_period_start(year), start),
                              date_format_iso(census_reference_date(year), ref) };
    *n = 0;
    return db_query(db, ELIGIBLE_CTE PP_TIED_CTE
                    "SELECT pg_catalog.count(*) FROM prp WHERE NOT EXISTS (SELECT 1 FROM tie WHERE tie.prid = prp.prid)",
                    2, params, take_count, n, err);
}
