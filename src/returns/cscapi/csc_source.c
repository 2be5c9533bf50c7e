/*
 * The CSC API payload from the replica: one server-side cursor per block
 * of the schema (the child, SDQs, episodes, and each list or object inside
 * an episode), all ordered by person id, merged here child by child into
 * the schema's object.
 *
 * The cohort (cohort.conf, csc_api.h: the window, the age gate and the
 * inclusion sets) is found once, at the start of the snapshot: its ids and
 * sets are read into memory (a few bytes a child), and every block's query
 * takes the ids as one array parameter, with the episodes that overlap the
 * window.  The person block joins each of its per-person tables once
 * (the latest UPN, address, ... of every child in one pass) rather than
 * looking them up child by child, and the transaction plans every cursor
 * for reading all its rows, without JIT (db_plan_whole_results): 20,000
 * children take about a second, where recomputing the cohort in each of
 * the eleven queries and correlated subqueries took 15 to 30.
 *
 * A field the policy drops is selected as NULL, never as its column (nor
 * its join); a block whose fields are all dropped is not queried.  Person
 * ids are compared byte by byte here, so every ORDER BY is in the "C"
 * collation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/confline.h"
#include "core/xalloc.h"
#include "io/contract.h"
#include "io/json.h"
#include "returns/cscapi/csc_api.h"

enum jtype { J_STR, J_DATE, J_BOOL, J_INT, J_LIST, J_FACTORS, J_POSTCODE };
enum at { AT_CHILD, AT_CHILD_ARRAY, AT_EPISODES, AT_EPISODE_ARRAY, AT_EPISODE_OBJECT };

struct col {
    const char *key;              /* path inside the block's object */
    enum jtype type;
    const char *expr;
    const char *join;             /* what expr needs joined (person block only), or NULL */
    const char *reads;            /* the replica columns expr and join read: "table.column:class ..." */
};

struct block {
    enum at at;
    const char *prefix;           /* catalogue path of the block ("" for the child) */
    const char *pid, *rid;        /* person and referral id expressions */
    const char *from;             /* FROM ... WHERE ... */
    const char *order;            /* after the person id */
    const struct col *cols;
    size_t n_cols;
    const char *reads;            /* what the block reads whatever its fields (contract) */
};

#define N(a) (sizeof a / sizeof a[0])
#define DATE(x) "pg_catalog.to_char((" x ")::date, 'YYYY-MM-DD')"

/* The latest row of a person's table among the cohort's, as a join: one
 * pass over the table instead of a lookup per child. */
#define LATEST(alias, cols, table, person, where, order)                                                  \
    "LEFT JOIN (SELECT DISTINCT ON (t." person ") t." person "::text AS pid, " cols " FROM " table " t "      \
    "JOIN members tm ON tm.pid = t." person "::text WHERE " where " ORDER BY t." person ", " order ") " alias \
    " ON " alias ".pid = p.pers_person_id::text"
#define UASC_STATUS "t.immi_immigration_status IN ('Unaccompanied Asylum Seeking Child', 'UASC', 'U')"

#define LINKED_IDS                                                                                            \
    "ssd_linked_identifiers.link_person_id:id ssd_linked_identifiers.link_identifier_type:text "             \
    "ssd_linked_identifiers.link_identifier_value:text ssd_linked_identifiers.link_valid_from_date:date "    \
    "ssd_linked_identifiers.link_table_id:id"
#define IMMIGRATION                                                                                           \
    "ssd_immigration_status.immi_person_id:id ssd_immigration_status.immi_immigration_status:text "          \
    "ssd_immigration_status.immi_immigration_status_end_date:date"

static const struct col person_cols[] = {
    { "la_child_id", J_STR, "p.pers_person_id::text", NULL, "ssd_person.pers_person_id:id" },
    { "mis_child_id", J_STR, "p.pers_legacy_id", NULL, "ssd_person.pers_legacy_id:text" },
    { "child_details/unique_pupil_number", J_STR, "upn.v",
      LATEST("upn", "t.link_identifier_value AS v", "ssd_linked_identifiers", "link_person_id",
             "t.link_identifier_type = 'Unique Pupil Number'",
             "t.link_valid_from_date DESC NULLS LAST, t.link_table_id DESC"), LINKED_IDS },
    { "child_details/former_unique_pupil_number", J_STR, "fupn.v",
      LATEST("fupn", "t.link_identifier_value AS v", "ssd_linked_identifiers", "link_person_id",
             "t.link_identifier_type = 'Former Unique Pupil Number' AND pg_catalog.length(t.link_identifier_value) = 13",
             "t.link_valid_from_date DESC NULLS LAST, t.link_table_id DESC"), LINKED_IDS },
    { "child_details/unique_pupil_number_unknown_reason", J_STR, "p.pers_upn_unknown", NULL, "ssd_person.pers_upn_unknown:text" },
    { "child_details/first_name", J_STR, "p.pers_forename", NULL, "ssd_person.pers_forename:text" },
    { "child_details/surname", J_STR, "p.pers_surname", NULL, "ssd_person.pers_surname:text" },
    { "child_details/date_of_birth", J_DATE, DATE("p.pers_dob"), NULL, "ssd_person.pers_dob:date" },
    { "child_details/expected_date_of_birth", J_DATE, DATE("p.pers_expected_dob"), NULL, "ssd_person.pers_expected_dob:date" },
    { "child_details/sex", J_STR, "CASE WHEN pg_catalog.upper(p.pers_sex) IN ('M', 'F') THEN pg_catalog.upper(p.pers_sex) ELSE 'U' END",
      NULL, "ssd_person.pers_sex:text" },
    { "child_details/ethnicity", J_STR, "pg_catalog.left(p.pers_ethnicity, 4)", NULL, "ssd_person.pers_ethnicity:text" },
    { "child_details/disabilities", J_LIST, "coalesce(dis.v, 'NONE')",
      "LEFT JOIN (SELECT t.disa_person_id::text AS pid, pg_catalog.string_agg(DISTINCT pg_catalog.upper(pg_catalog.left(t.disa_disability_code, 4)), ',') "
      "AS v FROM ssd_disability t JOIN members tm ON tm.pid = t.disa_person_id::text "
      "WHERE t.disa_disability_code <> '' GROUP BY 1) dis ON dis.pid = p.pers_person_id::text", "ssd_disability.disa_person_id:id ssd_disability.disa_disability_code:text" },
    { "child_details/postcode", J_POSTCODE, "addr.v",
      LATEST("addr", "t.addr_address_postcode AS v", "ssd_address", "addr_person_id",
             "coalesce(t.addr_address_type, 'Home') = 'Home' AND t.addr_address_postcode IS NOT NULL",
             "t.addr_address_start_date DESC NULLS LAST, t.addr_table_id DESC"), "ssd_address.addr_person_id:id ssd_address.addr_address_type:text ssd_address.addr_address_postcode:text "
      "ssd_address.addr_address_start_date:date ssd_address.addr_table_id:id" },
    { "child_details/uasc_flag", J_BOOL, "uf.pid IS NOT NULL",
      "LEFT JOIN (SELECT DISTINCT t.immi_person_id::text AS pid FROM ssd_immigration_status t "
      "JOIN members tm ON tm.pid = t.immi_person_id::text WHERE " UASC_STATUS " "
      "AND (t.immi_immigration_status_end_date IS NULL OR t.immi_immigration_status_end_date >= $1::date)) uf "
      "ON uf.pid = p.pers_person_id::text", IMMIGRATION },
    { "child_details/uasc_end_date", J_DATE, DATE("ue.v"),
      LATEST("ue", "t.immi_immigration_status_end_date AS v", "ssd_immigration_status", "immi_person_id", UASC_STATUS,
             "t.immi_immigration_status_start_date DESC NULLS LAST, t.immi_immigration_status_id DESC"), IMMIGRATION " ssd_immigration_status.immi_immigration_status_start_date:date "
      "ssd_immigration_status.immi_immigration_status_id:id" },
};

static const struct col sdq_cols[] = {
    { "date", J_DATE, DATE("s.csdq_sdq_completed_date"), NULL, "" },
    { "score", J_INT, "s.csdq_sdq_score", NULL, "" },
};

static const struct col episode_cols[] = {
    { "social_care_episode_id", J_STR, "e.cine_referral_id::text", NULL, "" },
    { "referral_date", J_DATE, DATE("e.cine_referral_date"), NULL, "" },
    { "referral_source", J_STR,
      "CASE WHEN pg_catalog.upper(trim(e.cine_referral_source_code)) ~ '^(10|[1-3][A-F]|5[A-D]|[46789])$' "
      "THEN pg_catalog.upper(trim(e.cine_referral_source_code)) END", NULL, "ssd_cin_episodes.cine_referral_source_code:text" },
    { "referral_no_further_action_flag", J_BOOL,
      "CASE WHEN e.cine_referral_nfa IS NOT NULL THEN pg_catalog.upper(e.cine_referral_nfa) IN ('Y', 'T', '1', 'TRUE') END", NULL, "ssd_cin_episodes.cine_referral_nfa:text" },
    { "closure_date", J_DATE, DATE("e.cine_close_date"), NULL, "" },
    { "closure_reason", J_STR, "e.cine_close_reason", NULL, "ssd_cin_episodes.cine_close_reason:text" },
};

static const struct col worker_cols[] = {
    { "worker_id", J_STR, "pr.prof_social_worker_registration_no", NULL, "" },
    { "start_date", J_DATE, DATE("i.invo_involvement_start_date"), NULL, "" },
    { "end_date", J_DATE, DATE("i.invo_involvement_end_date"), NULL, "" },
};

static const struct col assessment_cols[] = {
    { "child_and_family_assessment_id", J_STR, "a.cina_assessment_id::text", NULL, "" },
    { "start_date", J_DATE, DATE("a.cina_assessment_start_date"), NULL, "" },
    { "authorisation_date", J_DATE, DATE("a.cina_assessment_auth_date"), NULL, "ssd_cin_assessments.cina_assessment_auth_date:date" },
    { "factors", J_FACTORS,
      "(SELECT f.cinf_assessment_factors_json FROM ssd_assessment_factors f "
      "WHERE f.cinf_assessment_id = a.cina_assessment_id LIMIT 1)", NULL, "ssd_assessment_factors.cinf_assessment_id:id ssd_assessment_factors.cinf_assessment_factors_json:json" },
};

static const struct col cin_plan_cols[] = {
    { "child_in_need_plan_id", J_STR, "cp.cinp_cin_plan_id::text", NULL, "" },
    { "start_date", J_DATE, DATE("cp.cinp_cin_plan_start_date"), NULL, "" },
    { "end_date", J_DATE, DATE("cp.cinp_cin_plan_end_date"), NULL, "ssd_cin_plans.cinp_cin_plan_end_date:date" },
};

static const struct col s47_cols[] = {
    { "section_47_assessment_id", J_STR, "s.s47e_s47_enquiry_id::text", NULL, "" },
    { "start_date", J_DATE, DATE("s.s47e_s47_start_date"), NULL, "" },
    { "icpc_required_flag", J_BOOL,
      "CASE WHEN s.s47e_s47_outcome_json IS NOT NULL THEN s.s47e_s47_outcome_json::text "
      "~* '\"CP_CONFERENCE_FLAG\"[[:space:]]*:[[:space:]]*\"(Y|T|1|TRUE|YES)\"' END", NULL, "ssd_s47_enquiry.s47e_s47_outcome_json:json" },
    { "icpc_date", J_DATE,
      DATE("(SELECT pg_catalog.max(ic.icpc_icpc_date) FROM ssd_initial_cp_conference ic "
           "WHERE ic.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id)"), NULL, "ssd_initial_cp_conference.icpc_s47_enquiry_id:id ssd_initial_cp_conference.icpc_icpc_date:date" },
    { "end_date", J_DATE, DATE("s.s47e_s47_end_date"), NULL, "ssd_s47_enquiry.s47e_s47_end_date:date" },
};

static const struct col cp_plan_cols[] = {
    { "child_protection_plan_id", J_STR, "cp.cppl_cp_plan_id::text", NULL, "" },
    { "start_date", J_DATE, DATE("cp.cppl_cp_plan_start_date"), NULL, "" },
    { "end_date", J_DATE, DATE("cp.cppl_cp_plan_end_date"), NULL, "ssd_cp_plans.cppl_cp_plan_end_date:date" },
};

/* A placement spans one or more CLA episodes (a change of legal status
 * starts a new one): its start reason is its first episode's (ce), its end
 * reason its last episode's, the one that ceased when the placement did.
 * The first episode's would be X1 ("episode ceased, still looked after")
 * for every placement whose legal status changed, however the placement
 * ended, and even while it is open.  DfE's schema wins over that: its
 * end_reason is the "reason the placement was completed"; the 903 return
 * reads a placement's last episode too (sql/cla.sql). */
static const struct col placement_cols[] = {
    { "child_looked_after_placement_id", J_STR, "pl.clap_cla_placement_id::text", NULL, "" },
    { "start_date", J_DATE, DATE("pl.clap_cla_placement_start_date"), NULL, "" },
    { "start_reason", J_STR, "ce.clae_cla_episode_start_reason", NULL, "ssd_cla_episodes.clae_cla_episode_start_reason:text" },
    { "placement_type", J_STR, "pl.clap_cla_placement_type", NULL, "ssd_cla_placement.clap_cla_placement_type:text" },
    { "postcode", J_POSTCODE, "pl.clap_cla_placement_postcode", NULL, "ssd_cla_placement.clap_cla_placement_postcode:text" },
    { "end_date", J_DATE, DATE("pl.clap_cla_placement_end_date"), NULL, "" },
    { "end_reason", J_STR,
      "(SELECT c.clae_cla_episode_ceased_reason FROM ssd_cla_episodes c WHERE c.clae_cla_placement_id = pl.clap_cla_placement_id "
      "ORDER BY c.clae_cla_episode_start_date DESC NULLS LAST, c.clae_cla_episode_id DESC LIMIT 1)", NULL,
      "ssd_cla_episodes.clae_cla_episode_ceased_reason:text" },
    { "change_reason", J_STR, "pl.clap_cla_placement_change_reason", NULL, "ssd_cla_placement.clap_cla_placement_change_reason:text" },
};

static const struct col adoption_cols[] = {
    { "initial_decision_date", J_DATE, DATE("pm.perm_adm_decision_date"), NULL, "" },
    { "matched_date", J_DATE, DATE("pm.perm_matched_date"), NULL, "" },
    { "placed_date", J_DATE, DATE("pm.perm_placed_for_adoption_date"), NULL, "" },
};

static const struct col leaver_cols[] = {
    { "contact_date", J_DATE, DATE("cl.clea_care_leaver_latest_contact"), NULL, "" },
    { "activity", J_STR, "pg_catalog.left(cl.clea_care_leaver_activity, 2)", NULL, "ssd_care_leavers.clea_care_leaver_activity:text" },
    { "accommodation", J_STR, "pg_catalog.left(cl.clea_care_leaver_accommodation, 1)", NULL, "ssd_care_leavers.clea_care_leaver_accommodation:text" },
};

/* The episode of a dated event: the latest in the window that started by
 * then (NULL: the child's last episode takes it). */
#define EPISODE_AT(pid, when)                                                                  \
    "(SELECT x.cine_referral_id::text FROM ssd_cin_episodes x WHERE x.cine_person_id::text = " pid \
    " AND x.cine_referral_date <= coalesce(" when ", $2::date) AND x.cine_referral_date <= $2::date "   \
    "AND (x.cine_close_date IS NULL OR x.cine_close_date >= $1::date) ORDER BY x.cine_referral_date DESC, " \
    "x.cine_referral_id DESC LIMIT 1)"

/* The episode a row names (rid), when it is one of the child's (pid) in the
 * window: one look-up by the episodes' key, NULL when rid is. */
#define EPISODE_NAMED(rid, pid)                                                                              \
    "(SELECT x.cine_referral_id::text FROM ssd_cin_episodes x WHERE x.cine_referral_id = " rid                \
    " AND x.cine_person_id = " pid " AND x.cine_referral_date <= $2::date "                                    \
    "AND (x.cine_close_date IS NULL OR x.cine_close_date >= $1::date))"

/* The rows of a block that hangs on an episode by its referral id: those
 * of the window's episodes (x), tied to them, and those of the cohort's
 * children that are themselves in the window but whose referral id is
 * empty or names no episode in it (x is NULL): no episode takes those, so
 * they are left out and counted (csc_source_not_tied). */
#define BY_REFERRAL(table, referral, person, in_window)                                                     \
    "FROM " table " LEFT JOIN eps x ON x.cine_referral_id = " referral " WHERE x.cine_referral_id IS NOT NULL " \
    "OR (" in_window " AND " person "::text IN (SELECT m.pid FROM members m))"
#define OVERLAPS(start, end) start " <= $2::date AND (" end " IS NULL OR " end " >= $1::date)"

/* What every query reads of the episodes (the eps CTE, EPISODE_AT). */
#define EPS_READS                                                                                             \
    "ssd_cin_episodes.cine_referral_id:id ssd_cin_episodes.cine_person_id:id "                               \
    "ssd_cin_episodes.cine_referral_date:date ssd_cin_episodes.cine_close_date:date"

static const struct block blocks[] = {
    { AT_CHILD, "", "p.pers_person_id::text", NULL, "FROM ssd_person p JOIN members m ON m.pid = p.pers_person_id::text",
      "", person_cols, N(person_cols),
      "ssd_person.pers_person_id:id" },
    { AT_CHILD_ARRAY, "health_and_wellbeing/sdq_assessments", "s.csdq_person_id::text", NULL,
      "FROM ssd_sdq_scores s JOIN members m ON m.pid = s.csdq_person_id::text "
      "WHERE s.csdq_sdq_completed_date >= $1::date AND s.csdq_sdq_completed_date < $2::date "
      "AND s.csdq_sdq_score ~ '^[0-9]{1,2}$'",
      ", s.csdq_sdq_completed_date DESC, s.csdq_table_id", sdq_cols, N(sdq_cols),
      "ssd_sdq_scores.csdq_person_id:id ssd_sdq_scores.csdq_sdq_completed_date:date ssd_sdq_scores.csdq_sdq_score:text "
      "ssd_sdq_scores.csdq_table_id:id" },
    { AT_EPISODES, "social_care_episodes", "e.cine_person_id::text", "e.cine_referral_id::text",
      "FROM ssd_cin_episodes e JOIN eps x ON x.cine_referral_id = e.cine_referral_id",
      ", e.cine_referral_date, e.cine_referral_id", episode_cols, N(episode_cols),
      EPS_READS },
    /* A worker's involvement belongs to the episode it names, or when it
     * names none to every episode it overlaps; an involvement in the window
     * that none takes (a looked-after child with no referral in it) is
     * left out and counted. */
    { AT_EPISODE_ARRAY, "social_care_episodes/care_worker_details", "i.invo_person_id::text",
      "x.cine_referral_id::text",
      "FROM ssd_involvements i JOIN members m ON m.pid = i.invo_person_id::text "
      "JOIN ssd_professionals pr ON pr.prof_professional_id = i.invo_professional_id "
      "LEFT JOIN eps x ON x.cine_person_id = i.invo_person_id AND (i.invo_referral_id = x.cine_referral_id "
      "OR (i.invo_referral_id IS NULL AND i.invo_involvement_start_date <= coalesce(x.cine_close_date, $2::date) "
      "AND coalesce(i.invo_involvement_end_date, $2::date) >= x.cine_referral_date)) "
      "WHERE pr.prof_social_worker_registration_no IS NOT NULL AND (x.cine_referral_id IS NOT NULL OR "
      OVERLAPS("i.invo_involvement_start_date", "i.invo_involvement_end_date") ")",
      ", x.cine_referral_date, x.cine_referral_id, i.invo_involvement_start_date, i.invo_involvements_id",
      worker_cols, N(worker_cols),
      EPS_READS " ssd_involvements.invo_professional_id:id ssd_involvements.invo_person_id:id "
      "ssd_involvements.invo_referral_id:id ssd_involvements.invo_involvement_start_date:date "
      "ssd_involvements.invo_involvement_end_date:date ssd_involvements.invo_involvements_id:id "
      "ssd_professionals.prof_professional_id:id ssd_professionals.prof_social_worker_registration_no:text" },
    { AT_EPISODE_ARRAY, "social_care_episodes/child_and_family_assessments",
      "coalesce(x.cine_person_id, a.cina_person_id)::text", "x.cine_referral_id::text",
      BY_REFERRAL("ssd_cin_assessments a", "a.cina_referral_id", "a.cina_person_id",
                  OVERLAPS("a.cina_assessment_start_date", "a.cina_assessment_auth_date")),
      ", x.cine_referral_date, x.cine_referral_id, a.cina_assessment_start_date, a.cina_assessment_id",
      assessment_cols, N(assessment_cols),
      EPS_READS " ssd_cin_assessments.cina_referral_id:id ssd_cin_assessments.cina_person_id:id "
      "ssd_cin_assessments.cina_assessment_start_date:date ssd_cin_assessments.cina_assessment_auth_date:date "
      "ssd_cin_assessments.cina_assessment_id:id" },
    { AT_EPISODE_ARRAY, "social_care_episodes/child_in_need_plans",
      "coalesce(x.cine_person_id, cp.cinp_person_id)::text", "x.cine_referral_id::text",
      BY_REFERRAL("ssd_cin_plans cp", "cp.cinp_referral_id", "cp.cinp_person_id",
                  OVERLAPS("cp.cinp_cin_plan_start_date", "cp.cinp_cin_plan_end_date")),
      ", x.cine_referral_date, x.cine_referral_id, cp.cinp_cin_plan_start_date, cp.cinp_cin_plan_id",
      cin_plan_cols, N(cin_plan_cols),
      EPS_READS " ssd_cin_plans.cinp_referral_id:id ssd_cin_plans.cinp_person_id:id "
      "ssd_cin_plans.cinp_cin_plan_start_date:date ssd_cin_plans.cinp_cin_plan_end_date:date "
      "ssd_cin_plans.cinp_cin_plan_id:id" },
    { AT_EPISODE_ARRAY, "social_care_episodes/section_47_assessments",
      "coalesce(x.cine_person_id, s.s47e_person_id)::text", "x.cine_referral_id::text",
      BY_REFERRAL("ssd_s47_enquiry s", "s.s47e_referral_id", "s.s47e_person_id",
                  OVERLAPS("s.s47e_s47_start_date", "s.s47e_s47_end_date")),
      ", x.cine_referral_date, x.cine_referral_id, s.s47e_s47_start_date, s.s47e_s47_enquiry_id",
      s47_cols, N(s47_cols),
      EPS_READS " ssd_s47_enquiry.s47e_referral_id:id ssd_s47_enquiry.s47e_person_id:id "
      "ssd_s47_enquiry.s47e_s47_start_date:date ssd_s47_enquiry.s47e_s47_end_date:date "
      "ssd_s47_enquiry.s47e_s47_enquiry_id:id" },
    { AT_EPISODE_ARRAY, "social_care_episodes/child_protection_plans",
      "coalesce(x.cine_person_id, cp.cppl_person_id)::text", "x.cine_referral_id::text",
      BY_REFERRAL("ssd_cp_plans cp", "cp.cppl_referral_id", "cp.cppl_person_id",
                  OVERLAPS("cp.cppl_cp_plan_start_date", "cp.cppl_cp_plan_end_date")),
      ", x.cine_referral_date, x.cine_referral_id, cp.cppl_cp_plan_start_date, cp.cppl_cp_plan_id",
      cp_plan_cols, N(cp_plan_cols),
      EPS_READS " ssd_cp_plans.cppl_referral_id:id ssd_cp_plans.cppl_person_id:id "
      "ssd_cp_plans.cppl_cp_plan_start_date:date ssd_cp_plans.cppl_cp_plan_end_date:date "
      "ssd_cp_plans.cppl_cp_plan_id:id" },
    /* A placement belongs to the episode its first CLA episode names
     * (clae_referral_id) when that is one of the child's episodes in the
     * window (EPISODE_NAMED), or else to the child's latest episode in the
     * window referred by the day the placement began (EPISODE_AT).
     *
     * The dates decide both when clae_referral_id is empty (many SSD
     * extracts leave it so) and when it names a referral that is not one of
     * the child's episodes in the window: most often the referral under
     * which the child came into care, closed before the window began while
     * the child stayed looked after, or else another child's (a data
     * error).  That referral is not sent, so the placement cannot go in
     * it; but the placement is in the window, and the link only says where
     * the child's care began, which is no reason to keep the placement out
     * of the episode the child was in when it began.  Both fallbacks are
     * one rule, EPISODE_AT's, so a placement goes to the same episode
     * whether its link is empty or names a referral the payload does not
     * carry.  Only when no episode of the window fits is it left out, and
     * counted. */
    { AT_EPISODE_ARRAY, "social_care_episodes/child_looked_after_placements", "pl.clap_person_id::text",
      "coalesce(" EPISODE_NAMED("ce.clae_referral_id", "pl.clap_person_id") ", "
      EPISODE_AT("pl.clap_person_id::text", "pl.clap_cla_placement_start_date") ")",
      "FROM ssd_cla_placement pl JOIN members m ON m.pid = pl.clap_person_id::text "
      "LEFT JOIN LATERAL (SELECT c.* FROM ssd_cla_episodes c WHERE c.clae_cla_placement_id = pl.clap_cla_placement_id "
      "ORDER BY c.clae_cla_episode_start_date, c.clae_cla_episode_id LIMIT 1) ce ON true "
      "WHERE pl.clap_cla_placement_start_date <= $2::date "
      "AND (pl.clap_cla_placement_end_date IS NULL OR pl.clap_cla_placement_end_date >= $1::date)",
      ", pl.clap_cla_placement_start_date, pl.clap_cla_placement_id", placement_cols, N(placement_cols),
      EPS_READS " ssd_cla_placement.clap_person_id:id ssd_cla_placement.clap_cla_placement_id:id "
      "ssd_cla_placement.clap_cla_placement_start_date:date ssd_cla_placement.clap_cla_placement_end_date:date "
      "ssd_cla_episodes.clae_referral_id:id ssd_cla_episodes.clae_cla_placement_id:id "
      "ssd_cla_episodes.clae_cla_episode_start_date:date ssd_cla_episodes.clae_cla_episode_id:id" },
    { AT_EPISODE_OBJECT, "social_care_episodes/adoption", "pm.perm_person_id::text",
      EPISODE_AT("pm.perm_person_id::text", "pm.perm_adm_decision_date"),
      "FROM ssd_permanence pm JOIN members m ON m.pid = pm.perm_person_id::text "
      "WHERE pm.perm_table_id = (SELECT q.perm_table_id FROM ssd_permanence q WHERE q.perm_person_id = pm.perm_person_id "
      "AND greatest(q.perm_adm_decision_date, q.perm_matched_date, q.perm_placed_for_adoption_date) >= $1::date "
      "ORDER BY greatest(q.perm_adm_decision_date, q.perm_matched_date, q.perm_placed_for_adoption_date) DESC, "
      "q.perm_table_id DESC LIMIT 1)",
      "", adoption_cols, N(adoption_cols),
      EPS_READS " ssd_permanence.perm_person_id:id ssd_permanence.perm_table_id:id "
      "ssd_permanence.perm_adm_decision_date:date ssd_permanence.perm_matched_date:date "
      "ssd_permanence.perm_placed_for_adoption_date:date" },
    { AT_EPISODE_OBJECT, "social_care_episodes/care_leavers", "cl.clea_person_id::text",
      EPISODE_AT("cl.clea_person_id::text", "cl.clea_care_leaver_latest_contact"),
      "FROM ssd_care_leavers cl JOIN members m ON m.pid = cl.clea_person_id::text "
      "WHERE cl.clea_table_id = (SELECT q.clea_table_id FROM ssd_care_leavers q WHERE q.clea_person_id = cl.clea_person_id "
      "ORDER BY q.clea_care_leaver_latest_contact DESC NULLS LAST, q.clea_table_id DESC LIMIT 1)",
      "", leaver_cols, N(leaver_cols),
      EPS_READS " ssd_care_leavers.clea_person_id:id ssd_care_leavers.clea_table_id:id "
      "ssd_care_leavers.clea_care_leaver_latest_contact:date" },
};

#define N_BLOCKS N(blocks)

/* Each inclusion set as a boolean expression over p (ssd_person). */
static const char *const set_sql[CSC_SET__N] = {
    "EXISTS (SELECT 1 FROM ssd_cin_episodes e WHERE e.cine_person_id = p.pers_person_id "
    "AND e.cine_referral_date <= $2::date AND (e.cine_close_date IS NULL OR e.cine_close_date >= $1::date))",
    "EXISTS (SELECT 1 FROM ssd_cin_episodes e WHERE e.cine_person_id = p.pers_person_id AND e.cine_close_date IS NULL "
    "AND e.cine_referral_date <= $2::date AND NOT EXISTS (SELECT 1 FROM ssd_cin_assessments a "
    "WHERE a.cina_referral_id = e.cine_referral_id))",
    "EXISTS (SELECT 1 FROM ssd_cin_plans c WHERE c.cinp_person_id = p.pers_person_id "
    "AND c.cinp_cin_plan_start_date <= $2::date AND (c.cinp_cin_plan_end_date IS NULL OR c.cinp_cin_plan_end_date >= $1::date))",
    "EXISTS (SELECT 1 FROM ssd_cla_placement c WHERE c.clap_person_id = p.pers_person_id "
    "AND c.clap_cla_placement_start_date <= $2::date "
    "AND (c.clap_cla_placement_end_date IS NULL OR c.clap_cla_placement_end_date >= $1::date))",
    "(p.pers_dob <= $2::date - interval '16 years' AND EXISTS (SELECT 1 FROM ssd_care_leavers c "
    "WHERE c.clea_person_id = p.pers_person_id AND c.clea_care_leaver_latest_contact >= $1::date "
    "AND c.clea_care_leaver_latest_contact <= $2::date) AND EXISTS (SELECT 1 FROM ssd_cin_episodes e "
    "WHERE e.cine_person_id = p.pers_person_id AND e.cine_close_date IS NULL))",
    "EXISTS (SELECT 1 FROM ssd_cp_plans c WHERE c.cppl_person_id = p.pers_person_id "
    "AND c.cppl_cp_plan_start_date <= $2::date AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date >= $1::date))",
};

/* What the cohort reads: the age gate, and each inclusion set. */
static const char cohort_reads[] =
    "ssd_person.pers_person_id:id ssd_person.pers_dob:date ssd_person.pers_expected_dob:date";
static const char *const set_reads[CSC_SET__N] = {
    EPS_READS,
    EPS_READS " ssd_cin_assessments.cina_referral_id:id",
    "ssd_cin_plans.cinp_person_id:id ssd_cin_plans.cinp_cin_plan_start_date:date ssd_cin_plans.cinp_cin_plan_end_date:date",
    "ssd_cla_placement.clap_person_id:id ssd_cla_placement.clap_cla_placement_start_date:date "
    "ssd_cla_placement.clap_cla_placement_end_date:date",
    EPS_READS " ssd_care_leavers.clea_person_id:id ssd_care_leavers.clea_care_leaver_latest_contact:date",
    "ssd_cp_plans.cppl_person_id:id ssd_cp_plans.cppl_cp_plan_start_date:date ssd_cp_plans.cppl_cp_plan_end_date:date",
};

/* WITH cohort (everyone through the age gate, with their sets), members
 * (those in an included set), eps (their episodes in the window). */
static void cohort_sql(struct strbuf *sb, const struct csc_cohort *c)
{
    strbuf_addstr(sb, "WITH cohort AS (SELECT p.pers_person_id::text AS pid");
    for (int i = 0; i < CSC_SET__N; i++)
        strbuf_addf(sb, ", %s AS s%d", c->include[i] ? set_sql[i] : "false", i);
    strbuf_addstr(sb, " FROM ssd_person p WHERE ((p.pers_dob IS NOT NULL AND p.pers_dob <= $2::date "
                      "AND p.pers_dob + pg_catalog.make_interval(years => $3::int + 1) > $1::date) OR (p.pers_dob IS NULL "
                      "AND p.pers_expected_dob >= $1::date AND p.pers_expected_dob <= $2::date))");
    if (c->restrict_table)
        strbuf_addf(sb, " AND EXISTS (SELECT 1 FROM \"%s\" r WHERE r.\"%s\"::text = p.pers_person_id::text)",
                    c->restrict_table, c->restrict_column);
    strbuf_addstr(sb, "), members AS (SELECT * FROM cohort WHERE false");
    for (int i = 0; i < CSC_SET__N; i++)
        if (c->include[i])
            strbuf_addf(sb, " OR s%d", i);
    strbuf_addstr(sb, ") ");
}

/* The cohort's ids, read once, as the array $3 of every block's query:
 * WITH members (their ids), eps (their episodes in the window). */
static void block_with(struct strbuf *sb)
{
    strbuf_addstr(sb, "WITH members AS (SELECT u.pid FROM pg_catalog.unnest($3::text[]) AS u(pid)), "
                      "eps AS (SELECT e.cine_referral_id, e.cine_person_id, e.cine_referral_date, e.cine_close_date "
                      "FROM ssd_cin_episodes e JOIN members m ON m.pid = e.cine_person_id::text "
                      "WHERE e.cine_referral_date <= $2::date "
                      "AND (e.cine_close_date IS NULL OR e.cine_close_date >= $1::date)) ");
}

struct cursor {
    const struct block *b;
    struct db_cursor *c;
    size_t *field;                /* catalogue index of each column */
    bool has;                     /* a current row */
};

struct episode_ref {
    const char *rid;
    struct jv *obj;
};

struct csc_source {
    const struct policy *pol;
    const struct pseudo_key *key;
    struct cursor cur[N_BLOCKS];
    size_t n_cur;
    enum db_status status;
    struct episode_ref *eps;
    size_t n_eps, cap_eps;
    size_t not_tied[N_BLOCKS];    /* rows of an episode block that no episode took */
    /* the cohort, in person id order: ids and their inclusion sets */
    char **ids;
    unsigned char *sets;          /* bit i: in set i */
    size_t n_ids, cap_ids, next_id;
};

static void field_name(struct strbuf *sb, const struct block *b, const struct col *c)
{
    strbuf_reset(sb);
    if (*b->prefix)
        strbuf_addf(sb, "%s/", b->prefix);
    strbuf_addstr(sb, c->key);
}

/* Whether the policy has the column read (its catalogue index in *field). */
static bool col_read(const struct policy *pol, const struct block *b, const struct col *c, size_t *field)
{
    struct strbuf name = STRBUF_INIT;
    field_name(&name, b, c);
    *field = catalogue_find(pol->catalogue, name.buf);
    strbuf_release(&name);
    return *field != (size_t)-1 && policy_emits(pol, *field);
}

/* Every replica column a run reads under this policy and cohort, as
 * "table.column:class" words. */
static void contract_words(struct strbuf *sb, const struct policy *pol, const struct csc_cohort *c)
{
    struct strbuf cols = STRBUF_INIT;
    size_t field;

    strbuf_addstr(sb, cohort_reads);
    for (int i = 0; i < CSC_SET__N; i++)
        if (c->include[i])
            strbuf_addf(sb, " %s", set_reads[i]);
    if (c->restrict_table)
        strbuf_addf(sb, " %s.%s:id", c->restrict_table, c->restrict_column);
    for (size_t i = 0; i < N_BLOCKS; i++) {
        bool any = false;
        strbuf_reset(&cols);
        for (size_t k = 0; k < blocks[i].n_cols; k++)
            if (col_read(pol, &blocks[i], &blocks[i].cols[k], &field)) {
                any = true;
                strbuf_addf(&cols, " %s", blocks[i].cols[k].reads);
            }
        if (any || i == 0)
            strbuf_addf(sb, " %s%s", blocks[i].reads, cols.buf);
    }
    strbuf_release(&cols);
}

enum db_status csc_contract(struct db *db, const struct policy *pol, const struct csc_cohort *c, struct strbuf *err)
{
    struct strbuf words = STRBUF_INIT;
    struct contract_col *cols = NULL;
    size_t n = 0, cap = 0;
    char *pos, *w;

    contract_words(&words, pol, c);
    pos = words.buf;
    while ((w = confline_word(&pos, " ")) != NULL) {
        char *dot = strchr(w, '.'), *colon = strchr(w, ':');
        bool seen = false;
        if (!dot || !colon || colon < dot)
            continue;
        *dot = *colon = '\0';
        for (size_t i = 0; i < n && !seen; i++)
            seen = !strcmp(cols[i].table, w) && !strcmp(cols[i].column, dot + 1);
        if (seen)
            continue;
        ALLOC_GROW(cols, n, cap);
        cols[n++] = (struct contract_col){ w, dot + 1, colon + 1 };
    }
    enum db_status st = contract_check(db, cols, n, err);
    free(cols);
    strbuf_release(&words);
    return st;
}

/* The block's query, or false when the policy drops all its fields. */
static bool block_sql(struct strbuf *sb, const struct block *b, const struct policy *pol, size_t *field)
{
    struct strbuf joins = STRBUF_INIT;
    bool any = false;

    block_with(sb);
    strbuf_addf(sb, "SELECT %s, %s", b->pid, b->rid ? b->rid : "NULL::text");
    for (size_t i = 0; i < b->n_cols; i++) {
        bool read = col_read(pol, b, &b->cols[i], &field[i]);
        any |= read;
        strbuf_addf(sb, ", %s", read ? b->cols[i].expr : "NULL::text");
        if (read && b->cols[i].join)
            strbuf_addf(&joins, " %s", b->cols[i].join);
    }
    strbuf_addf(sb, " %s%s ORDER BY (%s) COLLATE \"C\"%s", b->from, joins.buf, b->pid, b->order);
    strbuf_release(&joins);
    return any;
}

static void take_member(void *opaque, int ncols, const char *const *v)
{
    struct csc_source *s = opaque;
    unsigned char sets = 0;

    for (int i = 0; i < CSC_SET__N && i + 1 < ncols; i++)
        if (v[i + 1] && v[i + 1][0] == 't')
            sets |= (unsigned char)(1u << i);
    if (s->n_ids == s->cap_ids) {
        s->cap_ids = s->cap_ids * 2 + 1024;
        s->ids = xreallocarray(s->ids, s->cap_ids, sizeof *s->ids);
        s->sets = xreallocarray(s->sets, s->cap_ids, sizeof *s->sets);
    }
    s->ids[s->n_ids] = xstrdup(v[0] ? v[0] : "");
    s->sets[s->n_ids++] = sets;
}

/* The cohort, once (its ids and sets, in id order), and its ids as a
 * PostgreSQL array literal for the blocks' queries. */
static enum db_status read_cohort(struct csc_source *s, struct db *db, const struct csc_cohort *c,
                                  const struct csc_window *w, struct strbuf *array, struct strbuf *err)
{
    const char *params[3] = { w->start_iso, w->end_iso, w->max_age };
    struct strbuf sql = STRBUF_INIT;

    cohort_sql(&sql, c);
    strbuf_addstr(&sql, "SELECT pid");
    for (int i = 0; i < CSC_SET__N; i++)
        strbuf_addf(&sql, ", s%d", i);
    strbuf_addstr(&sql, " FROM members ORDER BY pid COLLATE \"C\"");
    enum db_status st = db_query(db, sql.buf, 3, params, take_member, s, err);
    strbuf_release(&sql);
    strbuf_addch(array, '{');
    for (size_t i = 0; i < s->n_ids; i++) {
        strbuf_addstr(array, i ? ",\"" : "\"");
        for (const char *p = s->ids[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                strbuf_addch(array, '\\');
            strbuf_addch(array, *p);
        }
        strbuf_addch(array, '"');
    }
    strbuf_addch(array, '}');
    return st;
}

enum db_status csc_source_open(struct csc_source **out, struct db *db, const struct policy *pol,
                               const struct pseudo_key *key, const struct csc_cohort *c,
                               const struct csc_window *w, int fetch_batch, struct strbuf *err)
{
    struct csc_source *s = xcalloc(1, sizeof *s);
    struct strbuf sql = STRBUF_INIT, ids = STRBUF_INIT;
    const char *params[3] = { w->start_iso, w->end_iso, NULL };
    enum db_status st;

    s->pol = pol;
    s->key = key;
    *out = s;
    /* Every table and column first, all named at once; every row of
     * every cursor is read: plan for that, then find the cohort once
     * rather than in each block's query. */
    if ((st = csc_contract(db, pol, c, err)) == DB_OK && (st = db_plan_whole_results(db, err)) == DB_OK)
        st = read_cohort(s, db, c, w, &ids, err);
    params[2] = ids.buf;
    for (size_t i = 0; i < N_BLOCKS && st == DB_OK; i++) {
        struct cursor *cu = &s->cur[s->n_cur];
        char name[32];
        cu->b = &blocks[i];
        cu->field = xcalloc(blocks[i].n_cols, sizeof *cu->field);
        strbuf_reset(&sql);
        if (!block_sql(&sql, &blocks[i], pol, cu->field) && i) {
            free(cu->field);
            continue;
        }
        snprintf(name, sizeof name, "csc_block_%zu", i);
        st = db_cursor_open(db, &cu->c, name, sql.buf, 3, params, fetch_batch > 0 ? fetch_batch : 1000, err);
        if (st == DB_OK) {
            s->n_cur++;
            int r = db_cursor_next(cu->c, err);
            cu->has = r == 1;
            if (r < 0)
                st = db_cursor_status(cu->c);
        } else {
            free(cu->field);
        }
    }
    strbuf_release(&sql);
    strbuf_release(&ids);
    s->status = st;
    return st;
}

bool csc_source_not_tied(const struct csc_source *s, size_t i, const char **block, size_t *n)
{
    for (size_t k = 0; k < N_BLOCKS; k++)
        if ((blocks[k].at == AT_EPISODE_ARRAY || blocks[k].at == AT_EPISODE_OBJECT) && !i--) {
            *block = strrchr(blocks[k].prefix, '/') + 1;
            *n = s ? s->not_tied[k] : 0;
            return true;
        }
    return false;
}

enum db_status csc_source_status(const struct csc_source *s)
{
    return s->status;
}

void csc_source_close(struct csc_source *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_cur; i++) {
        db_cursor_close(s->cur[i].c);
        free(s->cur[i].field);
    }
    free(s->eps);
    for (size_t i = 0; i < s->n_ids; i++)
        free(s->ids[i]);
    free(s->ids);
    free(s->sets);
    free(s);
}

static void postcode_norm(const char *raw, struct strbuf *out)
{
    char b[16];
    size_t n = 0;
    for (const char *p = raw; *p && n < sizeof b - 1; p++)
        if (*p != ' ')
            b[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    b[n] = '\0';
    if (n >= 5 && n <= 7)
        strbuf_addf(out, "%.*s %s", (int)(n - 3), b, b + n - 3);
    else
        strbuf_addstr(out, b);
}

/* The value as the policy treats it (in out), or false when none. */
static bool treat(const struct csc_source *s, size_t field, enum jtype t, const char *raw, struct strbuf *out)
{
    strbuf_reset(out);
    if (!raw)
        return false;
    if (t == J_POSTCODE)
        postcode_norm(raw, out);
    else
        strbuf_addstr(out, raw);
    switch (policy_treatment(s->pol, field)) {
    case TR_DROP:
        return false;
    case TR_MONTH:
        if (out->len == 10)
            memcpy(out->buf + 8, "01", 2);
        break;
    case TR_SECTOR: {
        char *sp = strchr(out->buf, ' ');
        if (sp && sp[1]) {
            out->len = (size_t)(sp - out->buf) + 2;
            out->buf[out->len] = '\0';
        }
        break;
    }
    case TR_PSEUDONYMISE: {
        char ps[PSEUDONYM_LEN + 1];
        if (!s->key || pseudonymise(s->key, field == 0 ? "person" : "id", out->buf, ps) != 0)
            return false;
        strbuf_reset(out);
        strbuf_addstr(out, ps);
        break;
    }
    default:
        break;
    }
    return out->len > 0;
}

struct factors_ctx {
    struct arena *a;
    struct jv *arr;
};

static int add_factor(void *opaque, const char *key, const char *value)
{
    struct factors_ctx *f = opaque;
    const char *code = key ? key : value;
    char c[4];
    size_t n = 0;
    if (key && value && (!strcmp(value, "false") || !strcmp(value, "N") || !strcmp(value, "No")))
        return 0;
    for (; code && *code && n < 3; code++)
        c[n++] = (char)(*code >= 'a' && *code <= 'z' ? *code - 32 : *code);
    c[n] = '\0';
    for (size_t i = 0; i < f->arr->n; i++)
        if (!strcmp(f->arr->items[i]->s, c))
            return 0;
    if (n)
        jv_push(f->a, f->arr, jv_string(f->a, c));
    return 0;
}

static void problem(struct arena *a, struct csc_child *ch, const char *path, const char *what)
{
    if (!ch->problems) {
        ch->problems = arena_alloc(a, sizeof *ch->problems);
        strbuf_init(ch->problems, 0);
    }
    strbuf_addf(ch->problems, "%s\t%s\n", path, what);
    ch->n_problems++;
}

/* A value into obj at the column's key path (creating nested objects). */
static void put(struct csc_source *s, struct arena *a, struct csc_child *ch, struct jv *obj, const struct col *c,
                size_t field, const char *raw, const char *where)
{
    struct strbuf v = STRBUF_INIT;
    struct jv *val = NULL;

    if (field != (size_t)-1 && treat(s, field, c->type, raw, &v)) {
        switch (c->type) {
        case J_BOOL: val = jv_bool(a, v.buf[0] == 't'); break;
        case J_INT: val = jv_int(a, strtoll(v.buf, NULL, 10)); break;
        case J_LIST: {
            char *pos = v.buf, *w;
            val = jv_new(a, JV_ARRAY);
            while ((w = confline_word(&pos, ",")) != NULL)
                jv_push(a, val, jv_string(a, w));
            break;
        }
        case J_FACTORS: {
            struct factors_ctx f = { a, jv_new(a, JV_ARRAY) };
            if (json_flat_each(v.buf, add_factor, &f) != 0) {
                struct strbuf p = STRBUF_INIT;
                strbuf_addf(&p, "%s.%s", where, c->key);
                problem(a, ch, p.buf, "the SSD factors JSON (ssd_assessment_factors) is malformed");
                strbuf_release(&p);
            } else if (f.arr->n) {
                val = f.arr;
            }
            break;
        }
        default: val = jv_string(a, v.buf);
        }
    }
    strbuf_release(&v);
    if (!val)
        return;
    const char *k = c->key, *slash;
    while ((slash = strchr(k, '/'))) {
        char part[64];
        snprintf(part, sizeof part, "%.*s", (int)(slash - k), k);
        obj = jv_child(a, obj, part, JV_OBJECT);
        k = slash + 1;
    }
    jv_set(a, obj, k, val);
}

static int advance(struct csc_source *s, struct cursor *cu, struct strbuf *err)
{
    int r = db_cursor_next(cu->c, err);
    cu->has = r == 1;
    if (r < 0) {
        s->status = db_cursor_status(cu->c);
        return -1;
    }
    return 0;
}

static struct jv *episode_of(const struct csc_source *s, const char *rid, bool or_last)
{
    for (size_t i = 0; rid && i < s->n_eps; i++)
        if (!strcmp(s->eps[i].rid, rid))
            return s->eps[i].obj;
    return or_last && s->n_eps ? s->eps[s->n_eps - 1].obj : NULL;
}

/* The row under cursor cu into the child's record. */
static void attach(struct csc_source *s, struct arena *a, struct csc_child *ch, struct cursor *cu)
{
    const struct block *b = cu->b;
    const char *rid = db_cursor_get(cu->c, 1);
    const char *last = strrchr(b->prefix, '/');
    int first = 2;
    struct jv *target = ch->rec, *item = jv_new(a, JV_OBJECT);
    struct strbuf where = STRBUF_INIT;

    if (b->at == AT_CHILD_ARRAY) {
        struct jv *parent = jv_child(a, ch->rec, "health_and_wellbeing", JV_OBJECT);
        target = jv_child(a, parent, last + 1, JV_ARRAY);
        strbuf_addf(&where, "health_and_wellbeing.%s[%zu]", last + 1, target->n);
    } else if (b->at == AT_EPISODES) {
        target = jv_child(a, ch->rec, "social_care_episodes", JV_ARRAY);
        strbuf_addf(&where, "social_care_episodes[%zu]", target->n);
    } else if (b->at != AT_CHILD) {
        struct jv *ep = episode_of(s, rid, b->at == AT_EPISODE_OBJECT);
        if (!ep) {
            s->not_tied[b - blocks]++;
            strbuf_release(&where);
            return;
        }
        strbuf_addf(&where, "social_care_episodes.%s", last + 1);
        target = b->at == AT_EPISODE_OBJECT ? ep : jv_child(a, ep, last + 1, JV_ARRAY);
    }
    if (b->at == AT_CHILD)
        item = ch->rec;
    for (size_t i = 0; i < b->n_cols; i++)
        put(s, a, ch, item, &b->cols[i], cu->field[i], db_cursor_get(cu->c, first + (int)i), where.buf);
    if (b->at == AT_EPISODES) {
        if (s->n_eps == s->cap_eps)
            s->eps = xreallocarray(s->eps, s->cap_eps = s->cap_eps * 2 + 8, sizeof *s->eps);
        s->eps[s->n_eps].rid = arena_strdup(a, rid ? rid : "");
        s->eps[s->n_eps++].obj = item;
    }
    if (b->at == AT_EPISODE_OBJECT) {
        if (item->n && !jv_get(target, last + 1))
            jv_set(a, target, last + 1, item);
    } else if (b->at != AT_CHILD && (item->n || b->at == AT_EPISODES)) {
        jv_push(a, target, item);
    }
    strbuf_release(&where);
}

int csc_source_next(struct csc_source *s, struct arena *a, struct csc_child *ch, struct strbuf *err)
{
    struct cursor *pc = &s->cur[0];

    memset(ch, 0, sizeof *ch);
    if (!pc->has)
        return 0;
    const char *pid = arena_strdup(a, db_cursor_get(pc->c, 0));
    ch->person_id = pid;
    ch->rec = jv_new(a, JV_OBJECT);
    while (s->next_id < s->n_ids && strcmp(s->ids[s->next_id], pid) < 0)
        s->next_id++;
    if (s->next_id < s->n_ids && !strcmp(s->ids[s->next_id], pid))
        for (int i = 0; i < CSC_SET__N; i++)
            ch->in_set[i] = s->sets[s->next_id] >> i & 1;
    s->n_eps = 0;
    attach(s, a, ch, pc);
    struct jv *id = jv_get(ch->rec, "la_child_id");
    ch->id = id ? id->s : pid;
    if (advance(s, pc, err) < 0)
        return -1;
    for (size_t i = 1; i < s->n_cur; i++) {
        struct cursor *cu = &s->cur[i];
        int cmp;
        while (cu->has && (cmp = strcmp(db_cursor_get(cu->c, 0), pid)) <= 0) {
            if (cmp == 0)
                attach(s, a, ch, cu);
            if (advance(s, cu, err) < 0)
                return -1;
        }
    }
    return 1;
}

static void count_row(void *opaque, int ncols, const char *const *values)
{
    size_t *counts = opaque;
    for (int i = 0; i < ncols && i <= CSC_SET__N; i++)
        counts[i] = values[i] ? (size_t)strtoull(values[i], NULL, 10) : 0;
}

enum db_status csc_cohort_count(struct db *db, const struct csc_cohort *c, const struct csc_window *w,
                                size_t counts[CSC_SET__N + 1], struct strbuf *err)
{
    const char *params[3] = { w->start_iso, w->end_iso, w->max_age };
    struct strbuf sql = STRBUF_INIT;

    cohort_sql(&sql, c);
    strbuf_addstr(&sql, "SELECT");
    for (int i = 0; i < CSC_SET__N; i++)
        strbuf_addf(&sql, " pg_catalog.count(*) FILTER (WHERE s%d),", i);
    strbuf_addstr(&sql, " pg_catalog.count(*) FROM members");
    memset(counts, 0, (CSC_SET__N + 1) * sizeof *counts);
    enum db_status st = db_query(db, sql.buf, 3, params, count_row, counts, err);
    strbuf_release(&sql);
    return st;
}
