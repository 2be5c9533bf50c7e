/*
 * Reading the SSDA903 return from the replica; see cla_build.h.
 *
 * Which records belong to collection year Y (1 April Y-1 to 31 March Y), as
 * DfE's guidance defines them (notes/ssda903.md sections 1-2):
 *   children   looked after at any point in the year (an episode starting
 *              on or before 31 March and not ceased before 1 April), and
 *              care leavers with an OC3 status for a 17th..21st birthday in
 *              the year; every such child has one Header row;
 *   Episodes   the episodes open at some point in the year; an end date
 *              after 31 March is not yet known at the year end, so DEC, REC
 *              and REASON_PLACE_CHANGE are blank (open episode) then;
 *   UASC       children looked after in the year with an 'Unaccompanied
 *              Asylum Seeking Child' status that started by 31 March (DUC
 *              when it ended by then); not care leavers who were not looked
 *              after in the year, whose UASC details DfE does not want (1014);
 *   Reviews    reviews held in the year (not cancelled), linked to the child
 *              through the period of care (clar_cla_id = clae_cla_id);
 *   OC2        children looked after on 31 March (a DEC on 31 March
 *              counts, as in DfE's CONTINUOUSLY_LOOKED_AFTER) in a period
 *              of care that started on or before 1 April of the year before
 *              (looked after continuously for 12 months), leaving out care
 *              under an agreed series of short-term placements: no episode of that
 *              period open in the year may have LS V3 or V4 (LS as on
 *              Episodes: the ssd_legal_status row in force on DECOM), so a
 *              child whose care in the 12 months is (partly) V3/V4 is not
 *              in OC2; health, offending and substance items are events in
 *              the year;
 *   OC3        care leavers who have left care: the status row dated from 3
 *              months before to 1 month after a 17th..21st birthday in the
 *              year (latest such row), unless an episode was open on that
 *              birthday (started on or before it, not ceased by it; DEC on
 *              the birthday counts as left: rules 1007, 1016).  Whether
 *              the young person is a relevant/former relevant child (looked
 *              after 13 weeks from 14, some of it after 16) is not derived
 *              here: the replica may not hold the episodes before the
 *              years it was loaded for, so the LA's ssd_care_leavers row
 *              is taken as that determination (DfE checks it: 1001, 1002);
 *   AD1        children whose episode ceased adopted (E11, E12) in the year:
 *              their adoption decision row;
 *   PlacedAdoption  decisions that the child should be placed for adoption
 *              taken by 31 March and not reversed before 1 April;
 *   PrevPerm   the child's previous-permanence row, for children who
 *              started a new period of care in the year (an episode with
 *              RNE 'S' and DECOM in the year);
 *   Missing    missing/away episodes open at some point in the year;
 *   SWEpisodes allocated social worker involvements open in the year, for
 *              children looked after on 31 March (an episode open then, LS
 *              not V3/V4: DfE's CLA_AT_31_MARCH).  DfE asks them of those
 *              children (SW01) and wants each child's latest episode open
 *              on 31 March (SW11bSTG2, SW17STG2), which a child who has
 *              left care cannot have: their social worker rows are not sent;
 *   DoLo       (from 2026-27) the deprivation of liberty orders of children
 *              looked after in the year that are in force at some point in
 *              it (started by 31 March, not ended before 1 April), from the
 *              replica extension ssd_cla_extension_dolo (SSD has no DoLO
 *              object; sql/cla.sql); an end after 31 March is blank.
 *
 * One cursor per DfE table, each ordered by the person id (COLLATE "C"),
 * merged here per child.  Header.MOTHER (and MC_DOB) is blank for a child
 * all of whose episodes in the year are V3/V4 and for a care leaver not
 * looked after in the year, and counts only a baby born on or before the
 * child's last DEC in the year (31 March when an episode is open then).
 * Episodes leave HOME_POST, PL_POST and URN blank for short breaks (V3/V4;
 * see NOT_ON_SHORT_BREAK), and OC2 CONVICTED blank for a child under 10.
 * %LS% in the SQL below stands for the year's LS code list.  The select
 * list follows the spec's column order:
 * the child id and the columns repeated from Header (same=) are selected
 * as NULL and filled from the child's Header row, and a column the policy
 * drops is selected as NULL, so it is never read.  Dates come as ISO text
 * and are written DD/MM/YYYY.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/ssda903/cla_build.h"
#include "io/contract.h"
#include "core/date.h"
#include "core/xalloc.h"

/* ---- postcodes and CSV cells (pure) ------------------------------------------------ */

void cla_postcode_normalise(const char *raw, struct strbuf *out)
{
    char buf[16];
    size_t n = 0;
    bool alnum = true;

    for (const char *p = raw; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ' || ch == '\t')
            continue;
        if (!isalnum(ch))
            alnum = false;
        if (n < sizeof buf - 1)
            buf[n] = (char)toupper(ch);
        n++;
    }
    if (!alnum || n < 5 || n > 7) {
        /* Not a postcode's shape: keep it (trimmed, upper case) for the check to name. */
        size_t before = out->len;
        for (const char *p = raw; *p; p++)
            strbuf_addch(out, toupper((unsigned char)*p));
        char *t = str_trim(out->buf + before);
        size_t len = strlen(t);
        memmove(out->buf + before, t, len + 1);
        out->len = before + len;
        return;
    }
    buf[n] = '\0';
    strbuf_add(out, buf, n - 3);
    strbuf_addch(out, ' ');
    strbuf_add(out, buf + n - 3, 3);
}

/* Outward code: A9, A99, AA9, AA99, A9A, AA9A.  Inward: 9AA. */
static bool outward_ok(const char *s, size_t n)
{
    if (n < 2 || n > 4 || !isupper((unsigned char)s[0]))
        return false;
    size_t i = 1;
    if (isupper((unsigned char)s[i]))
        i++;
    if (i >= n || !isdigit((unsigned char)s[i]))
        return false;
    i++;
    if (i < n && (isdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])))
        i++;
    return i == n;
}

int cla_postcode_sector(const char *raw, struct strbuf *out)
{
    struct strbuf n = STRBUF_INIT;
    int ret = -1;

    cla_postcode_normalise(raw, &n);
    const char *sp = strchr(n.buf, ' ');
    if (!sp || !outward_ok(n.buf, (size_t)(sp - n.buf)) || strlen(sp + 1) != 3 || !isdigit((unsigned char)sp[1])
        || !isupper((unsigned char)sp[2]) || !isupper((unsigned char)sp[3]))
        goto cleanup;
    strbuf_add(out, n.buf, (size_t)(sp - n.buf) + 2);
    ret = 0;
cleanup:
    strbuf_release(&n);
    return ret;
}

bool cla_is_postcode_sector(const char *s)
{
    const char *sp = s ? strchr(s, ' ') : NULL;
    return sp && outward_ok(s, (size_t)(sp - s)) && isdigit((unsigned char)sp[1]) && sp[2] == '\0';
}

/* ---- where each column comes from ----------------------------------------------------- */

#define ISO(expr) "pg_catalog.to_char((" expr ")::date, 'YYYY-MM-DD')"
/* Known on 31 March ($2), else NULL. */
#define BY_END(d, expr) "CASE WHEN (" d ")::date <= $2::date THEN " expr " END"
#define ISO_BY_END(expr) BY_END(expr, ISO(expr))

/* The LS of episode E (an alias of ssd_cla_episodes): the legal status row
 * in force on DECOM, only the year's 903 codes.  Episodes.LS and the V3/V4
 * tests of the selection use this one definition. */
#define EP_LS(E) \
    "(SELECT l.lega_legal_status::text FROM ssd_legal_status l WHERE l.lega_person_id = " E ".clae_person_id " \
    "AND l.lega_legal_status_start_date <= " E ".clae_cla_episode_start_date AND (l.lega_legal_status_end_date IS NULL " \
    "OR l.lega_legal_status_end_date > " E ".clae_cla_episode_start_date) AND l.lega_legal_status IN (%LS%) " \
    "ORDER BY l.lega_legal_status_start_date DESC, l.lega_legal_status_id::text DESC LIMIT 1)"
#define LS_CONTRACT \
    "ssd_legal_status.lega_person_id:id ssd_legal_status.lega_legal_status:text " \
    "ssd_legal_status.lega_legal_status_start_date:date ssd_legal_status.lega_legal_status_end_date:date " \
    "ssd_legal_status.lega_legal_status_id:id"

/* Placement location of an Episodes row (els.ls: its LS, worked out once in
 * the Episodes query): blank for a short break (LS V3/V4).  DfE does not
 * want it: 214 fails a V3/V4 episode with PL_POST or URN, 398 one with
 * HOME_POST or PL_POST (no distance for short breaks), and 164, 179, 221,
 * 420 and 1015 leave short breaks out; so, data minimisation, the build
 * does not send the child's home postcode or where the child stays on a
 * short break, although a well-kept replica holds both.  The URN goes too
 * (214 names it): DfE 218 asks every Ofsted-registered placement for a URN
 * whatever the LS, so a short break in such a placement (a children's home,
 * a foster carer) gets a 218 finding however it is sent; we keep the rule
 * written for short breaks (214) over the general one, and the LA explains
 * the 218 finding.  An unknown LS is not a short break. */
#define NOT_ON_SHORT_BREAK(expr) "CASE WHEN els.ls IN ('V3', 'V4') THEN NULL ELSE " expr " END"

/* The children of the return: looked after in the year, and care leavers
 * with an OC3 status for a birthday in the year.  $1 = 1 April Y-1, $2 = 31
 * March Y.  An episode with no start date is kept (and named as a defect)
 * rather than silently leaving the child out.  yep: the episodes open at
 * some point in the year, with short_break when their LS is V3 or V4 (an
 * unknown LS is not a short break, so it cannot hide a child from OC2 or
 * MOTHER; Episodes names it). */
#define YEAR_EPISODES \
    "FROM ssd_cla_episodes e " \
    "WHERE (e.clae_cla_episode_start_date IS NULL OR e.clae_cla_episode_start_date::date <= $2::date) " \
    "AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date::date >= $1::date)"
/* yep_sb is yep with the short-break flag.  It is a CTE of its own because
 * the legal-status lookup is the costly part of the selection and only the
 * Header (MOTHER), OC2 and SWEpisodes queries need it: PostgreSQL does not
 * evaluate a CTE that a query does not reference, so the other cursors skip
 * it.  cla31: the children looked after on 31 March other than on short
 * breaks. */
#define KIDS_CTE \
    "WITH yep AS (SELECT e.clae_person_id::text AS pid, e.clae_cla_id::text AS cid, " \
    "e.clae_cla_episode_start_date::date AS decom, e.clae_cla_episode_ceased_date::date AS dec, " \
    "e.clae_cla_episode_start_reason::text AS rne " YEAR_EPISODES "), " \
    "yep_sb AS (SELECT e.clae_person_id::text AS pid, e.clae_cla_id::text AS cid, " \
    "e.clae_cla_episode_ceased_date::date AS dec, " \
    "COALESCE(" EP_LS("e") " IN ('V3', 'V4'), false) AS short_break " YEAR_EPISODES "), " \
    "lac AS (SELECT DISTINCT pid FROM yep), " \
    "cla31 AS (SELECT DISTINCT pid FROM yep_sb WHERE NOT short_break AND (dec IS NULL OR dec > $2::date)), " \
    "oc3 AS (SELECT DISTINCT ON (c.clea_person_id::text) c.clea_person_id::text AS pid, " \
    "c.clea_care_leaver_in_touch::text AS in_touch, c.clea_care_leaver_activity::text AS activ, " \
    "c.clea_care_leaver_accommodation::text AS accom, c.clea_care_leaver_accom_suitable::text AS suitable " \
    "FROM ssd_care_leavers c JOIN ssd_cla_extension_care_leavers x ON x.clex_care_leaver_id = c.clea_table_id " \
    "JOIN ssd_person p ON p.pers_person_id = c.clea_person_id " \
    "JOIN pg_catalog.generate_series(17, 21) AS k(n) " \
    "ON (p.pers_dob::date + pg_catalog.make_interval(years => k.n))::date BETWEEN $1::date AND $2::date " \
    "WHERE x.clex_status_date::date BETWEEN (p.pers_dob::date + pg_catalog.make_interval(years => k.n) - interval '3 months')::date " \
    "AND (p.pers_dob::date + pg_catalog.make_interval(years => k.n) + interval '1 month')::date " \
    "AND NOT EXISTS (SELECT 1 FROM yep y WHERE y.pid = c.clea_person_id::text " \
    "AND y.decom <= (p.pers_dob::date + pg_catalog.make_interval(years => k.n))::date " \
    "AND (y.dec IS NULL OR y.dec > (p.pers_dob::date + pg_catalog.make_interval(years => k.n))::date)) " \
    "ORDER BY c.clea_person_id::text, x.clex_status_date DESC, c.clea_table_id::text), " \
    "kids AS (SELECT pid FROM lac UNION SELECT pid FROM oc3) "

struct table_map {
    const char *name;
    const char *pid;          /* the select expression of the person id */
    const char *from;         /* FROM ... WHERE ... ORDER BY (after the select list) */
    const char *contract;     /* "table.column:class ..." always read for this table */
};

struct column_map {
    const char *table, *column;
    const char *source;       /* catalogue source: table.column or derived:table.column */
    enum field_kind kind;
    bool personal;
    const char *expr;         /* select expression; NULL: filled by the build (id, same=) */
    const char *contract;     /* what expr reads */
    const char *about;
};

static const struct table_map tables[] = {
    { "Header", "k.pid",
      " FROM kids k LEFT JOIN ssd_person p ON p.pers_person_id::text = k.pid ORDER BY k.pid COLLATE \"C\"",
      "ssd_person.pers_person_id:id ssd_cla_episodes.clae_person_id:id ssd_cla_episodes.clae_cla_episode_start_date:date "
      "ssd_cla_episodes.clae_cla_episode_ceased_date:date ssd_care_leavers.clea_person_id:id "
      "ssd_care_leavers.clea_table_id:id ssd_cla_extension_care_leavers.clex_care_leaver_id:id "
      "ssd_cla_extension_care_leavers.clex_status_date:date ssd_person.pers_dob:date "
      "ssd_cla_episodes.clae_cla_id:id ssd_cla_episodes.clae_cla_episode_start_reason:text "
      "ssd_legal_status.lega_person_id:id ssd_legal_status.lega_legal_status:text "
      "ssd_legal_status.lega_legal_status_start_date:date ssd_legal_status.lega_legal_status_end_date:date "
      "ssd_legal_status.lega_legal_status_id:id" },
    { "Episodes", "e.clae_person_id::text",
      " FROM ssd_cla_episodes e JOIN kids k ON k.pid = e.clae_person_id::text "
      "LEFT JOIN ssd_cla_placement pl ON pl.clap_cla_placement_id = e.clae_cla_placement_id "
      "LEFT JOIN LATERAL (SELECT " EP_LS("e") " AS ls) els ON true "
      "WHERE (e.clae_cla_episode_start_date IS NULL OR e.clae_cla_episode_start_date::date <= $2::date) "
      "AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date::date >= $1::date) "
      "ORDER BY e.clae_person_id::text COLLATE \"C\", e.clae_cla_episode_start_date NULLS FIRST, e.clae_cla_episode_id::text COLLATE \"C\"",
      "ssd_cla_episodes.clae_cla_episode_id:id ssd_cla_episodes.clae_cla_placement_id:id "
      "ssd_cla_placement.clap_cla_placement_id:id " LS_CONTRACT },
    { "UASC", "k.pid",
      " FROM lac k JOIN LATERAL (SELECT i.immi_immigration_status_end_date AS duc FROM ssd_immigration_status i "
      "WHERE i.immi_person_id::text = k.pid AND i.immi_immigration_status = 'Unaccompanied Asylum Seeking Child' "
      "AND (i.immi_immigration_status_start_date IS NULL OR i.immi_immigration_status_start_date::date <= $2::date) "
      "ORDER BY i.immi_immigration_status_start_date DESC NULLS LAST, i.immi_immigration_status_id::text "
      "LIMIT 1) u ON true ORDER BY k.pid COLLATE \"C\"",
      "ssd_immigration_status.immi_person_id:id ssd_immigration_status.immi_immigration_status:text "
      "ssd_immigration_status.immi_immigration_status_start_date:date ssd_immigration_status.immi_immigration_status_id:id" },
    { "Reviews", "poc.pid",
      " FROM ssd_cla_reviews r JOIN (SELECT DISTINCT e.clae_person_id::text AS pid, e.clae_cla_id::text AS cid "
      "FROM ssd_cla_episodes e JOIN kids k ON k.pid = e.clae_person_id::text WHERE e.clae_cla_id IS NOT NULL) poc "
      "ON poc.cid = r.clar_cla_id::text "
      "WHERE r.clar_cla_review_date::date BETWEEN $1::date AND $2::date "
      "AND r.clar_cla_review_cancelled IS DISTINCT FROM 'Y' "
      "ORDER BY poc.pid COLLATE \"C\", r.clar_cla_review_date, r.clar_cla_review_id::text COLLATE \"C\"",
      "ssd_cla_reviews.clar_cla_review_id:id ssd_cla_reviews.clar_cla_id:id ssd_cla_reviews.clar_cla_review_date:date "
      "ssd_cla_reviews.clar_cla_review_cancelled:text ssd_cla_episodes.clae_cla_id:id" },
    { "OC2", "o.pid",
      " FROM (SELECT DISTINCT y.pid FROM yep y "
      "WHERE y.decom <= $2::date AND (y.dec IS NULL OR y.dec >= $2::date) "
      "AND (SELECT pg_catalog.min(f.clae_cla_episode_start_date) FROM ssd_cla_episodes f "
      "WHERE f.clae_person_id::text = y.pid AND f.clae_cla_id::text = y.cid)::date <= $1::date "
      "AND NOT EXISTS (SELECT 1 FROM yep_sb g WHERE g.pid = y.pid AND g.cid = y.cid AND g.short_break)) o "
      "LEFT JOIN ssd_person p ON p.pers_person_id::text = o.pid "
      "LEFT JOIN LATERAL (SELECT s.csdq_sdq_score, s.csdq_sdq_reason FROM ssd_sdq_scores s "
      "WHERE s.csdq_person_id::text = o.pid AND s.csdq_sdq_completed_date::date BETWEEN $1::date AND $2::date "
      "ORDER BY s.csdq_sdq_completed_date DESC, s.csdq_table_id::text DESC LIMIT 1) sdq ON true "
      "LEFT JOIN ssd_cla_immunisations im ON im.clai_person_id::text = o.pid "
      "LEFT JOIN LATERAL (SELECT m.clas_intervention_received, x.clex_intervention_offered "
      "FROM ssd_cla_substance_misuse m LEFT JOIN ssd_cla_extension_substance_misuse x "
      "ON x.clex_substance_misuse_id = m.clas_substance_misuse_id "
      "WHERE m.clas_person_id::text = o.pid AND m.clas_substance_misuse_date::date BETWEEN $1::date AND $2::date "
      "ORDER BY m.clas_substance_misuse_date DESC, m.clas_substance_misuse_id::text DESC LIMIT 1) sm ON true "
      "ORDER BY o.pid COLLATE \"C\"",
      "ssd_cla_episodes.clae_cla_id:id" },
    { "OC3", "o.pid", " FROM oc3 o ORDER BY o.pid COLLATE \"C\"", "" },
    { "AD1", "a.pid",
      " FROM (SELECT DISTINCT ON (e.clae_person_id::text) e.clae_person_id::text AS pid, e.clae_cla_id::text AS cid "
      "FROM ssd_cla_episodes e JOIN kids k ON k.pid = e.clae_person_id::text "
      "WHERE e.clae_cla_episode_ceased_reason IN ('E11', 'E12') "
      "AND e.clae_cla_episode_ceased_date::date BETWEEN $1::date AND $2::date "
      "ORDER BY e.clae_person_id::text, e.clae_cla_episode_ceased_date DESC) a "
      "LEFT JOIN LATERAL (SELECT * FROM ssd_permanence pm WHERE pm.perm_person_id::text = a.pid "
      "ORDER BY (pm.perm_adm_decision_date IS NOT NULL) DESC, (pm.perm_cla_id::text = a.cid) DESC NULLS LAST, "
      "pm.perm_adm_decision_date DESC NULLS LAST, pm.perm_table_id::text DESC LIMIT 1) pm ON true "
      "ORDER BY a.pid COLLATE \"C\"",
      "ssd_cla_episodes.clae_cla_episode_ceased_reason:text ssd_cla_episodes.clae_cla_id:id "
      "ssd_permanence.perm_person_id:id ssd_permanence.perm_cla_id:id ssd_permanence.perm_adm_decision_date:date "
      "ssd_permanence.perm_table_id:id" },
    { "PlacedAdoption", "pm.perm_person_id::text",
      " FROM ssd_permanence pm JOIN kids k ON k.pid = pm.perm_person_id::text "
      "WHERE pm.perm_adm_decision_date IS NOT NULL AND pm.perm_adm_decision_date::date <= $2::date "
      "AND (pm.perm_decision_reversed_date IS NULL OR pm.perm_decision_reversed_date::date >= $1::date) "
      "ORDER BY pm.perm_person_id::text COLLATE \"C\", pm.perm_adm_decision_date, pm.perm_table_id::text COLLATE \"C\"",
      "ssd_permanence.perm_person_id:id ssd_permanence.perm_adm_decision_date:date "
      "ssd_permanence.perm_decision_reversed_date:date ssd_permanence.perm_table_id:id" },
    { "PrevPerm", "pp.pid",
      " FROM (SELECT DISTINCT ON (l.lapp_person_id::text) l.lapp_person_id::text AS pid, l.* "
      "FROM ssd_cla_previous_permanence l JOIN (SELECT DISTINCT pid FROM yep WHERE rne = 'S' "
      "AND decom BETWEEN $1::date AND $2::date) st ON st.pid = l.lapp_person_id::text "
      "ORDER BY l.lapp_person_id::text, l.lapp_table_id::text DESC) pp ORDER BY pp.pid COLLATE \"C\"",
      "ssd_cla_previous_permanence.lapp_person_id:id ssd_cla_previous_permanence.lapp_table_id:id" },
    { "Missing", "m.miss_person_id::text",
      " FROM ssd_missing m JOIN lac ON lac.pid = m.miss_person_id::text "
      "WHERE (m.miss_missing_episode_start_date IS NULL OR m.miss_missing_episode_start_date::date <= $2::date) "
      "AND (m.miss_missing_episode_end_date IS NULL OR m.miss_missing_episode_end_date::date >= $1::date) "
      "ORDER BY m.miss_person_id::text COLLATE \"C\", m.miss_missing_episode_start_date NULLS FIRST, m.miss_table_id::text COLLATE \"C\"",
      "ssd_missing.miss_person_id:id ssd_missing.miss_table_id:id ssd_missing.miss_missing_episode_start_date:date "
      "ssd_missing.miss_missing_episode_end_date:date" },
    { "SWEpisodes", "i.invo_person_id::text",
      " FROM ssd_involvements i JOIN cla31 ON cla31.pid = i.invo_person_id::text "
      "LEFT JOIN ssd_professionals pr ON pr.prof_professional_id = i.invo_professional_id "
      "WHERE i.invo_professional_role_id = 'Allocated Social Worker' "
      "AND (i.invo_involvement_start_date IS NULL OR i.invo_involvement_start_date::date <= $2::date) "
      "AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date::date >= $1::date) "
      "ORDER BY i.invo_person_id::text COLLATE \"C\", i.invo_involvement_start_date NULLS FIRST, i.invo_involvements_id::text COLLATE \"C\"",
      "ssd_involvements.invo_person_id:id ssd_involvements.invo_involvements_id:id "
      "ssd_involvements.invo_professional_role_id:text ssd_involvements.invo_professional_id:id "
      "ssd_involvements.invo_involvement_start_date:date ssd_involvements.invo_involvement_end_date:date "
      "ssd_professionals.prof_professional_id:id" },
    { "DoLo", "d.clex_person_id::text",
      " FROM ssd_cla_extension_dolo d JOIN lac ON lac.pid = d.clex_person_id::text "
      "WHERE (d.clex_dolo_start_date IS NULL OR d.clex_dolo_start_date::date <= $2::date) "
      "AND (d.clex_dolo_end_date IS NULL OR d.clex_dolo_end_date::date >= $1::date) "
      "ORDER BY d.clex_person_id::text COLLATE \"C\", d.clex_dolo_start_date NULLS FIRST, d.clex_dolo_id::text COLLATE \"C\"",
      "ssd_cla_extension_dolo.clex_person_id:id ssd_cla_extension_dolo.clex_dolo_id:id "
      "ssd_cla_extension_dolo.clex_dolo_start_date:date ssd_cla_extension_dolo.clex_dolo_end_date:date" },
};

/* Header.MOTHER and MC_DOB (k = the child) are asked only of a child looked
 * after in the year other than on short breaks: blank for a child whose
 * every episode in the year is V3/V4 (rule 399) and for a care leaver not
 * looked after in the year (628); and the date by which the baby must be
 * born to count, the child's last DEC in the year, or 31 March when an
 * episode is open then. */
#define MOTHER_ASKED "EXISTS (SELECT 1 FROM yep_sb y WHERE y.pid = k.pid AND NOT y.short_break)"
#define MOTHER_BY \
    "COALESCE((SELECT CASE WHEN pg_catalog.bool_or(y.dec IS NULL OR y.dec > $2::date) THEN $2::date ELSE pg_catalog.max(y.dec) END " \
    "FROM yep y WHERE y.pid = k.pid), $2::date)"

#define YN01(x) "CASE " x " WHEN 'Y' THEN '1' WHEN 'N' THEN '0' ELSE " x " END"
#define HEALTH(type) \
    "CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_health h WHERE h.clah_person_id::text = o.pid " \
    "AND h.clah_health_check_type = '" type "' AND h.clah_health_check_status = 'Completed' " \
    "AND h.clah_health_check_date::date BETWEEN $1::date AND $2::date) THEN '1' ELSE '0' END"
#define HEALTH_CONTRACT \
    "ssd_cla_health.clah_person_id:id ssd_cla_health.clah_health_check_type:text " \
    "ssd_cla_health.clah_health_check_status:text ssd_cla_health.clah_health_check_date:date"

static const struct column_map columns[] = {
    /* Header */
    { "Header", "CHILD", "ssd_person.pers_person_id", FK_ID, true, NULL, "", "Child identifier (LA's person id)" },
    { "Header", "SEX", "ssd_person.pers_sex", FK_CODE, true, "p.pers_sex::text", "ssd_person.pers_sex:text", "Sex" },
    { "Header", "DOB", "ssd_person.pers_dob", FK_DATE, true, ISO("p.pers_dob"), "ssd_person.pers_dob:date",
      "Date of birth" },
    { "Header", "ETHNIC", "ssd_person.pers_ethnicity", FK_CODE, true, "p.pers_ethnicity::text",
      "ssd_person.pers_ethnicity:text", "Ethnicity" },
    { "Header", "UPN", "ssd_linked_identifiers.link_identifier_value", FK_CODE, true,
      "COALESCE((SELECT l.link_identifier_value::text FROM ssd_linked_identifiers l WHERE l.link_person_id::text = k.pid "
      "AND l.link_identifier_type = 'Unique Pupil Number' ORDER BY (l.link_valid_to_date IS NULL) DESC, "
      "l.link_valid_to_date DESC, l.link_valid_from_date DESC NULLS LAST, l.link_table_id::text LIMIT 1), "
      "p.pers_upn_unknown::text)",
      "ssd_linked_identifiers.link_person_id:id ssd_linked_identifiers.link_identifier_type:text "
      "ssd_linked_identifiers.link_identifier_value:text ssd_linked_identifiers.link_valid_from_date:date "
      "ssd_linked_identifiers.link_valid_to_date:date ssd_linked_identifiers.link_table_id:id "
      "ssd_person.pers_upn_unknown:text", "Unique Pupil Number, or UN1..UN5 when not known" },
    { "Header", "MOTHER", "derived:ssd_mother.moth_childs_dob", FK_CODE, true,
      "CASE WHEN NOT " MOTHER_ASKED " THEN NULL WHEN EXISTS (SELECT 1 FROM ssd_mother m WHERE m.moth_person_id::text = k.pid "
      "AND m.moth_childs_dob::date <= " MOTHER_BY ") THEN '1' WHEN p.pers_sex IN ('F', '2') THEN '0' END",
      "ssd_mother.moth_person_id:id ssd_mother.moth_childs_dob:date ssd_person.pers_sex:text",
      "Whether the child is a mother (1/0; blank for boys)" },
    { "Header", "MC_DOB", "derived:ssd_mother.moth_childs_dob", FK_DATE, true,
      "CASE WHEN " MOTHER_ASKED " THEN (SELECT " ISO("pg_catalog.min(m.moth_childs_dob)") " FROM ssd_mother m "
      "WHERE m.moth_person_id::text = k.pid AND m.moth_childs_dob::date <= " MOTHER_BY ") END",
      "ssd_mother.moth_person_id:id ssd_mother.moth_childs_dob:date", "Date of birth of the mother's first child" },
    /* Episodes */
    { "Episodes", "CHILD", "ssd_cla_episodes.clae_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "Episodes", "DECOM", "ssd_cla_episodes.clae_cla_episode_start_date", FK_DATE, false,
      ISO("e.clae_cla_episode_start_date"), "ssd_cla_episodes.clae_cla_episode_start_date:date", "Episode start" },
    { "Episodes", "RNE", "ssd_cla_episodes.clae_cla_episode_start_reason", FK_CODE, false,
      "e.clae_cla_episode_start_reason::text", "ssd_cla_episodes.clae_cla_episode_start_reason:text",
      "Reason for new episode" },
    { "Episodes", "LS", "derived:ssd_legal_status.lega_legal_status", FK_CODE, true,
      "els.ls", LS_CONTRACT, "Legal status in force on DECOM" },
    { "Episodes", "CIN", "ssd_cla_episodes.clae_cla_primary_need_code", FK_CODE, true,
      "e.clae_cla_primary_need_code::text", "ssd_cla_episodes.clae_cla_primary_need_code:text",
      "Category of need" },
    { "Episodes", "PLACE", "ssd_cla_placement.clap_cla_placement_type", FK_CODE, false,
      "pl.clap_cla_placement_type::text", "ssd_cla_placement.clap_cla_placement_type:text", "Placement type" },
    { "Episodes", "PLACE_PROVIDER", "ssd_cla_placement.clap_cla_placement_provider", FK_CODE, false,
      "pl.clap_cla_placement_provider::text", "ssd_cla_placement.clap_cla_placement_provider:text",
      "Placement provider" },
    { "Episodes", "DEC", "ssd_cla_episodes.clae_cla_episode_ceased_date", FK_DATE, false,
      ISO_BY_END("e.clae_cla_episode_ceased_date"), "ssd_cla_episodes.clae_cla_episode_ceased_date:date",
      "Episode end (blank when open on 31 March)" },
    { "Episodes", "REC", "ssd_cla_episodes.clae_cla_episode_ceased_reason", FK_CODE, false,
      BY_END("e.clae_cla_episode_ceased_date", "e.clae_cla_episode_ceased_reason::text"),
      "ssd_cla_episodes.clae_cla_episode_ceased_reason:text", "Reason episode ceased" },
    { "Episodes", "REASON_PLACE_CHANGE", "ssd_cla_placement.clap_cla_placement_change_reason", FK_CODE, false,
      "CASE WHEN e.clae_cla_episode_ceased_date::date <= $2::date AND e.clae_cla_episode_ceased_reason = 'X1' "
      "AND e.clae_cla_episode_ceased_date = pl.clap_cla_placement_end_date "
      "THEN pl.clap_cla_placement_change_reason::text END",
      "ssd_cla_placement.clap_cla_placement_change_reason:text ssd_cla_placement.clap_cla_placement_end_date:date "
      "ssd_cla_episodes.clae_cla_episode_ceased_reason:text", "Reason for placement change (on its last episode)" },
    { "Episodes", "HOME_POST", "derived:ssd_address.addr_address_postcode", FK_POSTCODE, true,
      NOT_ON_SHORT_BREAK(
      "(SELECT a.addr_address_postcode::text FROM ssd_address a WHERE a.addr_person_id = e.clae_person_id "
      "AND a.addr_address_type = 'Home' AND a.addr_address_start_date <= e.clae_cla_episode_start_date "
      "AND (a.addr_address_end_date IS NULL OR a.addr_address_end_date >= e.clae_cla_episode_start_date) "
      "ORDER BY a.addr_address_start_date DESC, a.addr_table_id::text DESC LIMIT 1)"),
      "ssd_address.addr_person_id:id ssd_address.addr_address_type:text ssd_address.addr_address_start_date:date "
      "ssd_address.addr_address_end_date:date ssd_address.addr_address_postcode:text ssd_address.addr_table_id:id",
      "Home postcode on DECOM (not for short breaks, V3/V4)" },
    { "Episodes", "PL_POST", "ssd_cla_placement.clap_cla_placement_postcode", FK_POSTCODE, true,
      NOT_ON_SHORT_BREAK("pl.clap_cla_placement_postcode::text"), "ssd_cla_placement.clap_cla_placement_postcode:text",
      "Placement postcode (not for short breaks, V3/V4)" },
    { "Episodes", "URN", "ssd_cla_placement.clap_cla_placement_urn", FK_TEXT, false,
      NOT_ON_SHORT_BREAK("pl.clap_cla_placement_urn::text"), "ssd_cla_placement.clap_cla_placement_urn:text",
      "Ofsted URN of the placement (not for short breaks, V3/V4)" },
    /* UASC */
    { "UASC", "CHILD", "ssd_immigration_status.immi_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "UASC", "SEX", "ssd_person.pers_sex", FK_CODE, true, NULL, "", "Sex (as Header)" },
    { "UASC", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "UASC", "DUC", "ssd_immigration_status.immi_immigration_status_end_date", FK_DATE, true,
      ISO_BY_END("u.duc"), "ssd_immigration_status.immi_immigration_status_end_date:date", "Date UASC status ceased" },
    /* Reviews */
    { "Reviews", "CHILD", "derived:ssd_cla_episodes.clae_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "Reviews", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "Reviews", "REVIEW", "ssd_cla_reviews.clar_cla_review_date", FK_DATE, false, ISO("r.clar_cla_review_date"),
      "", "Review date" },
    { "Reviews", "REVIEW_CODE", "ssd_cla_reviews.clar_cla_review_participation", FK_CODE, false,
      "r.clar_cla_review_participation::text", "ssd_cla_reviews.clar_cla_review_participation:text",
      "Participation in the review" },
    /* OC2 */
    { "OC2", "CHILD", "derived:ssd_cla_episodes.clae_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "OC2", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "OC2", "SDQ_SCORE", "ssd_sdq_scores.csdq_sdq_score", FK_INT, true, "sdq.csdq_sdq_score::text",
      "ssd_sdq_scores.csdq_person_id:id ssd_sdq_scores.csdq_sdq_completed_date:date ssd_sdq_scores.csdq_sdq_score:text "
      "ssd_sdq_scores.csdq_table_id:id ssd_sdq_scores.csdq_sdq_reason:text", "SDQ score (latest in the year)" },
    { "OC2", "SDQ_REASON", "ssd_sdq_scores.csdq_sdq_reason", FK_CODE, true, "sdq.csdq_sdq_reason::text",
      "ssd_sdq_scores.csdq_person_id:id ssd_sdq_scores.csdq_sdq_completed_date:date ssd_sdq_scores.csdq_sdq_score:text "
      "ssd_sdq_scores.csdq_table_id:id ssd_sdq_scores.csdq_sdq_reason:text", "Reason no SDQ score" },
    /* Not asked under 10 on 31 March, the age of criminal responsibility
     * (542: blank then; 543 wants it from 10). */
    { "OC2", "CONVICTED", "derived:ssd_cla_convictions.clac_cla_conviction_date", FK_CODE, true,
      "CASE WHEN (p.pers_dob::date + interval '10 years')::date > $2::date THEN NULL "
      "WHEN EXISTS (SELECT 1 FROM ssd_cla_convictions c WHERE c.clac_person_id::text = o.pid "
      "AND c.clac_cla_conviction_date::date BETWEEN $1::date AND $2::date) THEN '1' ELSE '0' END",
      "ssd_cla_convictions.clac_person_id:id ssd_cla_convictions.clac_cla_conviction_date:date ssd_person.pers_dob:date",
      "Convicted in the year (1/0; blank under 10)" },
    { "OC2", "HEALTH_CHECK", "derived:ssd_cla_health.clah_health_check_status", FK_CODE, true,
      "CASE WHEN (p.pers_dob::date + interval '5 years')::date > $2::date THEN " HEALTH("Health Surveillance Check")
      " END", HEALTH_CONTRACT " ssd_person.pers_dob:date", "Health surveillance check in the year (under-5s)" },
    { "OC2", "IMMUNISATIONS", "ssd_cla_immunisations.clai_immunisations_status", FK_CODE, true,
      YN01("im.clai_immunisations_status::text"),
      "ssd_cla_immunisations.clai_person_id:id ssd_cla_immunisations.clai_immunisations_status:text",
      "Immunisations up to date (1/0)" },
    { "OC2", "TEETH_CHECK", "derived:ssd_cla_health.clah_health_check_status", FK_CODE, true,
      HEALTH("Dental Check"), HEALTH_CONTRACT, "Dental check in the year (1/0)" },
    { "OC2", "HEALTH_ASSESSMENT", "derived:ssd_cla_health.clah_health_check_status", FK_CODE, true,
      HEALTH("Health Assessment"), HEALTH_CONTRACT, "Health assessment in the year (1/0)" },
    { "OC2", "SUBSTANCE_MISUSE", "derived:ssd_cla_substance_misuse.clas_substance_misuse_date", FK_CODE, true,
      "CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_substance_misuse m WHERE m.clas_person_id::text = o.pid "
      "AND m.clas_substance_misuse_date::date BETWEEN $1::date AND $2::date) THEN '1' ELSE '0' END",
      "ssd_cla_substance_misuse.clas_person_id:id ssd_cla_substance_misuse.clas_substance_misuse_date:date",
      "Substance misuse identified in the year (1/0)" },
    { "OC2", "INTERVENTION_RECEIVED", "ssd_cla_substance_misuse.clas_intervention_received", FK_CODE, true,
      YN01("sm.clas_intervention_received::text"),
      "ssd_cla_substance_misuse.clas_person_id:id ssd_cla_substance_misuse.clas_substance_misuse_date:date "
      "ssd_cla_substance_misuse.clas_substance_misuse_id:id ssd_cla_substance_misuse.clas_intervention_received:text "
      "ssd_cla_extension_substance_misuse.clex_substance_misuse_id:id",
      "Intervention received for substance misuse (1/0)" },
    /* Asked only when no intervention was received (158): a replica may
     * well hold "offered" for one that was received. */
    { "OC2", "INTERVENTION_OFFERED", "ssd_cla_extension_substance_misuse.clex_intervention_offered", FK_CODE, true,
      "CASE WHEN sm.clas_intervention_received IN ('Y', '1') THEN NULL ELSE " YN01("sm.clex_intervention_offered::text") " END",
      "ssd_cla_substance_misuse.clas_person_id:id ssd_cla_substance_misuse.clas_substance_misuse_date:date "
      "ssd_cla_substance_misuse.clas_substance_misuse_id:id ssd_cla_substance_misuse.clas_intervention_received:text "
      "ssd_cla_extension_substance_misuse.clex_substance_misuse_id:id "
      "ssd_cla_extension_substance_misuse.clex_intervention_offered:text",
      "Intervention offered for substance misuse (1/0; extension table; blank when one was received)" },
    /* OC3 */
    { "OC3", "CHILD", "ssd_care_leavers.clea_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "OC3", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "OC3", "IN_TOUCH", "ssd_care_leavers.clea_care_leaver_in_touch", FK_CODE, true, "o.in_touch",
      "ssd_care_leavers.clea_care_leaver_in_touch:text", "In touch around the birthday" },
    { "OC3", "ACTIV", "ssd_care_leavers.clea_care_leaver_activity", FK_CODE, true, "COALESCE(o.activ, '0')",
      "ssd_care_leavers.clea_care_leaver_activity:text", "Main activity" },
    { "OC3", "ACCOM", "derived:ssd_care_leavers.clea_care_leaver_accommodation", FK_CODE, true,
      "CASE WHEN o.accom IS NULL THEN '0' ELSE o.accom || COALESCE(o.suitable, '') END",
      "ssd_care_leavers.clea_care_leaver_accommodation:text ssd_care_leavers.clea_care_leaver_accom_suitable:text",
      "Accommodation and its suitability" },
    /* AD1 */
    { "AD1", "CHILD", "ssd_permanence.perm_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "AD1", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "AD1", "DATE_INT", "ssd_permanence.perm_adm_decision_date", FK_DATE, true, ISO("pm.perm_adm_decision_date"),
      "", "Date of the decision that the child should be placed for adoption" },
    { "AD1", "DATE_MATCH", "ssd_permanence.perm_matched_date", FK_DATE, true, ISO("pm.perm_matched_date"),
      "ssd_permanence.perm_matched_date:date", "Date matched with adopters" },
    { "AD1", "FOSTER_CARE", "ssd_permanence.perm_adopted_by_carer_flag", FK_CODE, true,
      YN01("pm.perm_adopted_by_carer_flag::text"), "ssd_permanence.perm_adopted_by_carer_flag:text",
      "Adopted by former foster carer (1/0)" },
    { "AD1", "NB_ADOPTR", "ssd_permanence.perm_number_of_adopters", FK_CODE, true,
      "pm.perm_number_of_adopters::text", "ssd_permanence.perm_number_of_adopters:text", "Number of adopters" },
    { "AD1", "SEX_ADOPTR", "ssd_permanence.perm_adopter_sex", FK_CODE, true, "pm.perm_adopter_sex::text",
      "ssd_permanence.perm_adopter_sex:text", "Sex of adopter(s)" },
    { "AD1", "LS_ADOPTR", "ssd_permanence.perm_adopter_legal_status", FK_CODE, true,
      "pm.perm_adopter_legal_status::text", "ssd_permanence.perm_adopter_legal_status:text",
      "Legal status of adopter(s)" },
    /* PlacedAdoption */
    { "PlacedAdoption", "CHILD", "ssd_permanence.perm_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "PlacedAdoption", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "PlacedAdoption", "DATE_PLACED", "ssd_permanence.perm_adm_decision_date", FK_DATE, true,
      ISO("pm.perm_adm_decision_date"), "", "Date of the decision to place for adoption" },
    { "PlacedAdoption", "DATE_PLACED_CEASED", "ssd_permanence.perm_decision_reversed_date", FK_DATE, true,
      ISO_BY_END("pm.perm_decision_reversed_date"), "", "Date the decision was reversed" },
    { "PlacedAdoption", "REASON_PLACED_CEASED", "ssd_permanence.perm_decision_reversed_reason", FK_CODE, true,
      BY_END("pm.perm_decision_reversed_date", "pm.perm_decision_reversed_reason::text"),
      "ssd_permanence.perm_decision_reversed_reason:text", "Reason the decision was reversed" },
    /* PrevPerm */
    { "PrevPerm", "CHILD", "ssd_cla_previous_permanence.lapp_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "PrevPerm", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "PrevPerm", "PREV_PERM", "ssd_cla_previous_permanence.lapp_previous_permanence_option", FK_CODE, true,
      "pp.lapp_previous_permanence_option::text", "ssd_cla_previous_permanence.lapp_previous_permanence_option:text",
      "Previous permanence option" },
    { "PrevPerm", "LA_PERM", "ssd_cla_previous_permanence.lapp_previous_permanence_la", FK_CODE, true,
      "pp.lapp_previous_permanence_la::text", "ssd_cla_previous_permanence.lapp_previous_permanence_la:text",
      "LA of the previous permanence order" },
    { "PrevPerm", "DATE_PERM", "ssd_cla_previous_permanence.lapp_previous_permanence_order_date", FK_TEXT, true,
      "pp.lapp_previous_permanence_order_date::text",
      "ssd_cla_previous_permanence.lapp_previous_permanence_order_date:text",
      "Date of the previous permanence order (DD/MM/YYYY, zz when unknown)" },
    /* Missing */
    { "Missing", "CHILD", "ssd_missing.miss_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "Missing", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "Missing", "MISSING", "ssd_missing.miss_missing_episode_type", FK_CODE, true,
      "CASE m.miss_missing_episode_type WHEN 'Missing' THEN 'M' WHEN 'Away' THEN 'A' "
      "ELSE m.miss_missing_episode_type::text END", "ssd_missing.miss_missing_episode_type:text",
      "Missing (M) or away without authorisation (A)" },
    { "Missing", "MIS_START", "ssd_missing.miss_missing_episode_start_date", FK_DATE, true,
      ISO("m.miss_missing_episode_start_date"), "", "Start of the missing episode" },
    { "Missing", "MIS_END", "ssd_missing.miss_missing_episode_end_date", FK_DATE, true,
      ISO_BY_END("m.miss_missing_episode_end_date"), "", "End of the missing episode" },
    /* SWEpisodes */
    { "SWEpisodes", "CHILD", "ssd_involvements.invo_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "SWEpisodes", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "SWEpisodes", "SW_ID", "derived:ssd_professionals.prof_social_worker_registration_no", FK_ID, false,
      "pr.prof_social_worker_registration_no::text", "ssd_professionals.prof_social_worker_registration_no:text",
      "Social worker's Social Work England registration number" },
    { "SWEpisodes", "SW_DECOM", "ssd_involvements.invo_involvement_start_date", FK_DATE, false,
      ISO("i.invo_involvement_start_date"), "", "Start of the social worker episode" },
    { "SWEpisodes", "SW_DEC", "ssd_involvements.invo_involvement_end_date", FK_DATE, false,
      ISO_BY_END("i.invo_involvement_end_date"), "", "End of the social worker episode" },
    /* Why this social worker was allocated (FCONTA first contact, LEFTRL the
     * previous one left, ...: SSD's code set), known from SW_DECOM on, so
     * given for the open episode too (SW01bSTG1), not only once it ends. */
    { "SWEpisodes", "SW_REASON", "ssd_involvements.invo_worker_change_reason", FK_CODE, false,
      "i.invo_worker_change_reason::text",
      "ssd_involvements.invo_worker_change_reason:text", "Reason for the change of social worker (to this one)" },
    /* DoLo (2026-27 on): a replica extension, as SSD has no DoLO object */
    { "DoLo", "CHILD", "ssd_cla_extension_dolo.clex_person_id", FK_ID, true, NULL, "", "Child identifier" },
    { "DoLo", "DOB", "ssd_person.pers_dob", FK_DATE, true, NULL, "", "Date of birth (as Header)" },
    { "DoLo", "DOLO_START", "ssd_cla_extension_dolo.clex_dolo_start_date", FK_DATE, true,
      ISO("d.clex_dolo_start_date"), "", "Date the deprivation of liberty order started" },
    { "DoLo", "DOLO_END", "ssd_cla_extension_dolo.clex_dolo_end_date", FK_DATE, true,
      ISO_BY_END("d.clex_dolo_end_date"), "", "Date the order ended (blank while in force on 31 March)" },
};

static const struct table_map *find_table_map(const char *name)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (!strcmp(tables[i].name, name))
            return &tables[i];
    return NULL;
}

static const struct column_map *find_column_map(const char *table, const char *column)
{
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (!strcmp(columns[i].table, table) && !strcmp(columns[i].column, column))
            return &columns[i];
    return NULL;
}

/* ---- the catalogue ---------------------------------------------------------------------- */

/* The columns statreturn sources for other years only (the DoLo table
 * before 2026-27): one policy lists them for every year, and the loader
 * passes over their lines in the years without them (policy.h). */
static void other_years(struct cla_catalogue *cc)
{
    size_t cap = 0;

    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        struct strbuf name = STRBUF_INIT;
        strbuf_addf(&name, "%s/%s", columns[i].table, columns[i].column);
        if (catalogue_find(&cc->cat, name.buf) == (size_t)-1) {
            ALLOC_GROW(cc->other, cc->n_other, cap);
            cc->other[cc->n_other++] = strbuf_detach(&name, NULL);
        }
        strbuf_release(&name);
    }
    cc->cat.other = (const char *const *)cc->other;
    cc->cat.n_other = cc->n_other;
}

int cla_catalogue_build(struct cla_catalogue *cc, const struct cla_spec *spec, char *err, size_t errlen)
{
    size_t n = 0;

    memset(cc, 0, sizeof *cc);
    for (size_t t = 0; t < spec->n_tables; t++) {
        if (!find_table_map(spec->tables[t].name)) {
            snprintf(err, errlen, "the %d 903 specification has table '%s', which statreturn cannot build yet "
                     "(no SSD source; see sql/cla.sql)", spec->year, spec->tables[t].name);
            return -1;
        }
        cc->offset[t] = n;
        n += spec->tables[t].n_csv_columns;   /* xml-only columns are derived by the writer */
    }
    cc->fields = xcalloc(n ? n : 1, sizeof *cc->fields);
    for (size_t t = 0; t < spec->n_tables; t++) {
        const struct cla_table *tb = &spec->tables[t];
        for (size_t c = 0; c < tb->n_csv_columns; c++) {
            const struct column_map *m = find_column_map(tb->name, tb->columns[c].name);
            if (!m) {
                snprintf(err, errlen, "the %d 903 specification has column %s.%s, which statreturn cannot "
                         "source yet (see sql/cla.sql)", spec->year, tb->name, tb->columns[c].name);
                cla_catalogue_release(cc);
                return -1;
            }
            struct field_def *f = &cc->fields[cc->offset[t] + c];
            struct strbuf name = STRBUF_INIT;
            strbuf_addf(&name, "%s/%s", tb->name, tb->columns[c].name);
            f->name = strbuf_detach(&name, NULL);
            f->source = m->source;
            f->kind = m->kind;
            f->required = tb->columns[c].required;
            f->personal = m->personal;
            f->about = m->about;
        }
    }
    cc->cat.ret = "903";
    cc->cat.fields = cc->fields;
    cc->cat.n = n;
    other_years(cc);
    return 0;
}

void cla_catalogue_release(struct cla_catalogue *cc)
{
    if (cc->fields)
        for (size_t i = 0; i < cc->cat.n; i++)
            free((char *)cc->fields[i].name);
    free(cc->fields);
    for (size_t i = 0; i < cc->n_other; i++)
        free(cc->other[i]);
    free(cc->other);
    memset(cc, 0, sizeof *cc);
}

int cla_policy_check(const struct cla_catalogue *cc, const struct cla_spec *spec, const struct policy *p,
                     char *err, size_t errlen)
{
    const struct cla_table *h = &spec->tables[spec->primary];
    size_t hoff = cc->offset[spec->primary];

    for (size_t t = 0; t < spec->n_tables; t++) {
        const struct cla_table *tb = &spec->tables[t];
        for (size_t c = 0; c < tb->n_csv_columns; c++) {
            size_t fi = cc->offset[t] + c;
            enum treatment tr = policy_treatment(p, fi);
            size_t ref = (size_t)-1;
            if (c == tb->id_column)
                ref = hoff + h->id_column;
            else if (tb->columns[c].same_column >= 0)
                ref = hoff + (size_t)tb->columns[c].same_column;
            if (ref != (size_t)-1 && ref != fi && policy_treatment(p, ref) != tr) {
                snprintf(err, errlen, "%s:%u: '%s' repeats '%s', so it must have the same treatment ('%s', not '%s')",
                         p->path, p->entries[fi].line, cc->fields[fi].name, cc->fields[ref].name,
                         treatment_name(policy_treatment(p, ref)), treatment_name(tr));
                return -1;
            }
            if (tr == TR_PSEUDONYMISE && c != tb->id_column && strcmp(tb->columns[c].name, "SW_ID") != 0) {
                snprintf(err, errlen, "%s:%u: '%s' cannot be pseudonymised (only CHILD and SW_ID)", p->path,
                         p->entries[fi].line, cc->fields[fi].name);
                return -1;
            }
        }
    }
    return 0;
}

/* ---- the contract ----------------------------------------------------------------------------- */

/* Calls fn for each "table.column:class" word of list.  The words point
 * into static strings, so table and column are copied into interned
 * storage: a small static pool is enough (the lists are fixed). */
static void each_contract(const char *list,
                          void (*fn)(void *opaque, const char *table, const char *column, const char *cls),
                          void *opaque)
{
    static char pool[16384];
    static size_t used;
    const char *p = list;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        const char *dot = memchr(p, '.', (size_t)(end - p));
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (dot && colon && dot < colon) {
            size_t lt = (size_t)(dot - p), lc = (size_t)(colon - dot - 1), lk = (size_t)(end - colon - 1);
            /* Find it already interned, else add it. */
            const char *tab = NULL, *col = NULL, *cls = NULL;
            for (size_t i = 0; i < used;) {
                size_t l = strlen(pool + i);
                if (!tab && l == lt && !memcmp(pool + i, p, lt))
                    tab = pool + i;
                if (!col && l == lc && !memcmp(pool + i, dot + 1, lc))
                    col = pool + i;
                if (!cls && l == lk && !memcmp(pool + i, colon + 1, lk))
                    cls = pool + i;
                i += l + 1;
            }
            const char **slots[3] = { &tab, &col, &cls };
            const char *srcs[3] = { p, dot + 1, colon + 1 };
            size_t lens[3] = { lt, lc, lk };
            for (int k = 0; k < 3; k++)
                if (!*slots[k] && used + lens[k] + 1 <= sizeof pool) {
                    memcpy(pool + used, srcs[k], lens[k]);
                    pool[used + lens[k]] = '\0';
                    *slots[k] = pool + used;
                    used += lens[k] + 1;
                }
            if (tab && col && cls)
                fn(opaque, tab, col, cls);
        }
        p = end;
    }
}

static bool table_emitted(const struct cla_source_options *o, size_t t)
{
    const struct cla_table *tb = &o->spec->tables[t];
    for (size_t c = 0; c < tb->n_csv_columns; c++)
        if (policy_emits(o->policy, o->cc->offset[t] + c))
            return true;
    return false;
}

void cla_source_columns(const struct cla_source_options *o,
                        void (*fn)(void *opaque, const char *table, const char *column, const char *cls),
                        void *opaque)
{
    for (size_t t = 0; t < o->spec->n_tables; t++) {
        const struct cla_table *tb = &o->spec->tables[t];
        if (!table_emitted(o, t))
            continue;
        const struct table_map *tm = find_table_map(tb->name);
        each_contract(tables[0].contract, fn, opaque);   /* the children of the return */
        each_contract(tm->contract, fn, opaque);
        for (size_t c = 0; c < tb->n_csv_columns; c++) {
            const struct column_map *m = find_column_map(tb->name, tb->columns[c].name);
            if (!policy_emits(o->policy, o->cc->offset[t] + c))
                continue;
            each_contract(m->contract, fn, opaque);
            /* A plain source column is read too. */
            if (m->expr && strncmp(m->source, "derived:", 8) != 0) {
                struct strbuf w = STRBUF_INIT;
                const char *cls = m->kind == FK_DATE ? "date" : m->kind == FK_ID ? "id" : "text";
                strbuf_addf(&w, "%s:%s", m->source, cls);
                each_contract(w.buf, fn, opaque);
                strbuf_release(&w);
            }
        }
    }
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

/* ---- cursors ------------------------------------------------------------------------------------ */

struct cla_source {
    const struct cla_source_options *o;
    struct cla_source_options opt;
    struct db_cursor *cur[CLA_MAX_TABLES];   /* NULL: the table is not emitted */
    int state[CLA_MAX_TABLES];
    enum db_status status;
};

/* The LS codes of the year as an SQL list ('C1', 'C2', ...). */
static void ls_list(const struct cla_spec *spec, struct strbuf *out)
{
    const struct cla_codelist *l = cla_spec_codes(spec, "LS");
    size_t n = 0;
    for (size_t i = 0; l && i < l->n; i++) {
        bool safe = true;
        for (const char *p = l->codes[i]; *p; p++)
            safe &= isalnum((unsigned char)*p) != 0;
        if (!safe)
            continue;
        strbuf_addf(out, "%s'%s'", n++ ? ", " : "", l->codes[i]);
    }
    if (!n)
        strbuf_addstr(out, "NULL");
}

/* Appends SQL text with every %LS% replaced by the year's LS code list. */
static void add_sql(const struct cla_source_options *o, struct strbuf *sql, const char *text)
{
    const char *mark;

    while ((mark = strstr(text, "%LS%")) != NULL) {
        strbuf_add(sql, text, (size_t)(mark - text));
        ls_list(o->spec, sql);
        text = mark + 4;
    }
    strbuf_addstr(sql, text);
}

static void build_sql(const struct cla_source_options *o, size_t t, struct strbuf *sql)
{
    const struct cla_table *tb = &o->spec->tables[t];
    const struct table_map *tm = find_table_map(tb->name);

    add_sql(o, sql, KIDS_CTE);
    strbuf_addf(sql, "SELECT %s", tm->pid);
    for (size_t c = 0; c < tb->n_csv_columns; c++) {
        const struct column_map *m = find_column_map(tb->name, tb->columns[c].name);
        strbuf_addstr(sql, ", ");
        if (!m->expr || !policy_emits(o->policy, o->cc->offset[t] + c)) {
            strbuf_addstr(sql, "NULL::text");
            continue;
        }
        add_sql(o, sql, m->expr);
    }
    add_sql(o, sql, tm->from);
}

enum db_status cla_source_open(struct cla_source **out, struct db *db, const struct cla_source_options *o,
                               struct strbuf *err)
{
    struct colset cs = { NULL, 0, 0 };
    enum db_status st;
    char start[11], end[11];
    const char *params[2] = { date_format_iso(census_period_start(o->year), start),
                              date_format_iso(census_reference_date(o->year), end) };

    *out = NULL;
    cla_source_columns(o, add_contract_col, &cs);
    st = contract_check(db, cs.cols, cs.n, err);
    free(cs.cols);
    if (st != DB_OK)
        return st;

    struct cla_source *s = xcalloc(1, sizeof *s);
    s->opt = *o;
    s->o = &s->opt;
    for (size_t t = 0; t < o->spec->n_tables; t++) {
        if (t != o->spec->primary && !table_emitted(o, t))
            continue;
        struct strbuf sql = STRBUF_INIT, name = STRBUF_INIT;
        build_sql(o, t, &sql);
        strbuf_addf(&name, "sr_cla_%zu", t);
        st = db_cursor_open(db, &s->cur[t], name.buf, sql.buf, 2, params,
                            o->fetch_batch > 0 ? o->fetch_batch : 2000, err);
        strbuf_release(&sql);
        strbuf_release(&name);
        if (st != DB_OK) {
            cla_source_close(s);
            return st;
        }
    }
    for (size_t t = 0; t < o->spec->n_tables; t++) {
        if (!s->cur[t])
            continue;
        s->state[t] = db_cursor_next(s->cur[t], err);
        if (s->state[t] < 0) {
            st = db_cursor_status(s->cur[t]);
            cla_source_close(s);
            return st;
        }
    }
    *out = s;
    return DB_OK;
}

void cla_source_close(struct cla_source *s)
{
    if (!s)
        return;
    for (size_t t = 0; t < CLA_MAX_TABLES; t++)
        db_cursor_close(s->cur[t]);
    free(s);
}

enum db_status cla_source_status(const struct cla_source *s)
{
    return s->status;
}

static int advance(struct cla_source *s, size_t t, struct strbuf *err)
{
    s->state[t] = db_cursor_next(s->cur[t], err);
    if (s->state[t] < 0) {
        s->status = db_cursor_status(s->cur[t]);
        return -1;
    }
    return 0;
}

/* 1: the current row of cursor t is pid's; 0: not; -1: error.  Rows of
 * persons before pid cannot occur (every cursor joins the same children,
 * which Header lists) but are skipped defensively. */
static int at_person(struct cla_source *s, size_t t, const char *pid, struct strbuf *err)
{
    while (s->cur[t] && s->state[t] == 1) {
        const char *rp = db_cursor_get(s->cur[t], 0);
        int c = rp ? strcmp(rp, pid) : -1;
        if (c == 0)
            return 1;
        if (c > 0)
            return 0;
        if (advance(s, t, err) < 0)
            return -1;
    }
    return s->state[t] < 0 ? -1 : 0;
}

/* The cell as written: dates DD/MM/YYYY (an unreadable date is kept as
 * it is, for the check to name), postcodes normalised. */
static const char *cell_value(struct arena *a, const struct cla_column *col, const char *v)
{
    if (!v)
        return NULL;
    if (col->type == CLA_T_DATE) {
        sr_date d = date_parse_iso(v);
        char buf[11];
        return sr_date_ok(d) ? arena_strdup(a, date_format_dmy(d, buf)) : arena_strdup(a, v);
    }
    if (col->type == CLA_T_POSTCODE) {
        struct strbuf sb = STRBUF_INIT;
        cla_postcode_normalise(v, &sb);
        const char *r = arena_strdup(a, sb.buf);
        strbuf_release(&sb);
        return r;
    }
    return arena_strdup(a, v);
}

int cla_source_next(struct cla_source *s, struct arena *a, struct cla_record *rec, struct strbuf *err)
{
    const struct cla_spec *spec = s->o->spec;
    size_t hp = spec->primary;

    memset(rec, 0, sizeof *rec);
    if (s->state[hp] != 1)
        return s->state[hp] < 0 ? -1 : 0;
    const char *pid = arena_strdup(a, db_cursor_get(s->cur[hp], 0));
    rec->source_key = pid;
    rec->child.id = pid;
    for (size_t t = 0; t < spec->n_tables; t++) {
        const struct cla_table *tb = &spec->tables[t];
        struct cla_row **rows = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
            int r = at_person(s, t, pid, err);
            if (r < 0)
                return -1;
            if (r == 0)
                break;
            const char **cells = arena_alloc(a, tb->n_columns * sizeof *cells);
            for (size_t c = 0; c < tb->n_csv_columns; c++)
                cells[c] = cell_value(a, &tb->columns[c], db_cursor_get(s->cur[t], (int)c + 1));
            for (size_t c = tb->n_csv_columns; c < tb->n_columns; c++)
                cells[c] = NULL;   /* xml-only: the XML writer derives it */
            struct cla_row *row = arena_alloc(a, sizeof *row);
            memset(row, 0, sizeof *row);
            row->table = tb;
            row->number = n + 1;
            row->cells = cells;
            rows = arena_grow(a, rows, n, &cap, sizeof *rows);
            rows[n++] = row;
            if (advance(s, t, err) < 0)
                return -1;
            if (tb->per == CLA_PER_CHILD && t != hp)
                break;   /* at most one row: the query gives one */
        }
        rec->child.rows[t] = (const struct cla_row *const *)rows;
        rec->child.n_rows[t] = n;
    }
    return 1;
}

/* ---- policy treatments --------------------------------------------------------------------------- */

static const char *treat(struct arena *a, const char *v, enum treatment tr, const struct cla_column *col,
                         const struct pseudo_key *key, bool *fail)
{
    if (!v)
        return NULL;
    switch (tr) {
    case TR_CLEAR:
        return v;
    case TR_DROP:
        return NULL;
    case TR_MONTH: {
        sr_date d = date_parse_dmy(v);
        char buf[11];
        return sr_date_ok(d) ? arena_strdup(a, date_format_dmy(date_month_start(d), buf)) : v;
    }
    case TR_SECTOR: {
        struct strbuf sb = STRBUF_INIT;
        const char *r = v;
        if (cla_postcode_sector(v, &sb) == 0)
            r = arena_strdup(a, sb.buf);
        strbuf_release(&sb);
        return r;   /* not a postcode: kept for the check to name */
    }
    case TR_PSEUDONYMISE: {
        char ps[PSEUDONYM_LEN + 1];
        if (!key || pseudonymise(key, "person", v, ps) != 0) {
            *fail = true;
            return NULL;
        }
        if (col->type == CLA_T_ID)
            ps[CLA_CHILD_PSEUDONYM_LEN] = '\0';
        return arena_strdup(a, ps);
    }
    case TR__COUNT:
        break;
    }
    return v;
}

int cla_apply_policy(struct arena *a, struct cla_record *rec, const struct cla_catalogue *cc,
                     const struct policy *p, const struct pseudo_key *key)
{
    bool fail = false;

    /* The Header row is always there (the child came from it). */
    const char *id = rec->source_key;
    size_t hp = (size_t)-1;
    for (size_t t = 0; t < CLA_MAX_TABLES; t++)
        if (rec->child.n_rows[t] && rec->child.rows[t][0]->table->primary)
            hp = t;
    if (hp == (size_t)-1)
        return -1;
    const struct cla_table *h = rec->child.rows[hp][0]->table;
    const char **hcells = (const char **)rec->child.rows[hp][0]->cells;

    /* Header first: the other tables repeat its (treated) values. */
    for (size_t c = 0; c < h->n_csv_columns; c++) {
        enum treatment tr = policy_treatment(p, cc->offset[hp] + c);
        if (c == h->id_column)
            hcells[c] = treat(a, id, tr, &h->columns[c], key, &fail);
        else
            hcells[c] = treat(a, hcells[c], tr, &h->columns[c], key, &fail);
    }
    if (fail)
        return -1;
    rec->child.id = hcells[h->id_column];
    for (size_t t = 0; t < CLA_MAX_TABLES; t++) {
        if (t == hp)
            continue;
        for (size_t r = 0; r < rec->child.n_rows[t]; r++) {
            const struct cla_row *row = rec->child.rows[t][r];
            const struct cla_table *tb = row->table;
            const char **cells = (const char **)row->cells;
            for (size_t c = 0; c < tb->n_csv_columns; c++) {
                if (c == tb->id_column)
                    cells[c] = hcells[h->id_column];
                else if (tb->columns[c].same_column >= 0)
                    cells[c] = hcells[tb->columns[c].same_column];
                else
                    cells[c] = treat(a, cells[c], policy_treatment(p, cc->offset[t] + c), &tb->columns[c], key,
                                     &fail);
            }
        }
    }
    return fail ? -1 : 0;
}

/* ---- the writability check -------------------------------------------------------------------------- */

size_t cla_check_writable(const struct cla_record *rec, const struct cla_spec *spec,
                          const struct cla_catalogue *cc, const struct policy *p, cla_defect_fn fn, void *opaque)
{
    size_t n = 0;

    for (size_t t = 0; t < spec->n_tables; t++) {
        for (size_t r = 0; r < rec->child.n_rows[t]; r++) {
            const struct cla_row *row = rec->child.rows[t][r];
            const struct cla_table *tb = row->table;
            for (size_t c = 0; c < tb->n_csv_columns; c++) {
                size_t fi = cc->offset[t] + c;
                const struct cla_column *col = &tb->columns[c];
                enum treatment tr = policy_treatment(p, fi);
                const char *v = row->cells[c];
                const char *problem = NULL;
                char buf[160];
                /* Repeated cells were checked (and named) on Header. */
                if (t != spec->primary && (c == tb->id_column || col->same_column >= 0))
                    continue;
                if (tr == TR_DROP)
                    continue;
                if (tr == TR_PSEUDONYMISE)
                    continue;   /* made here, always well-formed */
                if (tr == TR_SECTOR && v && *v) {
                    if (!cla_is_postcode_sector(v))
                        problem = "is not a postcode, so it cannot be cut to its sector";
                } else if (v && *v && (col->type == CLA_T_POSTCODE || col->type == CLA_T_URN
                                       || col->type == CLA_T_UPN || col->type == CLA_T_TEXT)) {
                    /* Their format is DfE validation (392c, 1005, 168, ...):
                     * reported with the return, not a reason to write
                     * nothing.  Only what the schema refuses stops it. */
                    size_t max = col->type == CLA_T_UPN ? 13 : col->type == CLA_T_TEXT ? 0 : 8;
                    if (max && strlen(v) > max) {
                        snprintf(buf, sizeof buf, "is longer than the %zu characters the 903 schema allows", max);
                        problem = buf;
                    }
                } else {
                    switch (cla_check_value(col, v)) {
                    case CLA_VALID: break;
                    case CLA_BLANK: problem = "is NULL but the 903 requires a value"; break;
                    case CLA_BAD_FORMAT: {
                        struct strbuf ty = STRBUF_INIT;
                        cla_column_type_text(col, &ty);
                        snprintf(buf, sizeof buf, "is not of the 903 type %s", ty.buf);
                        strbuf_release(&ty);
                        problem = buf;
                        break;
                    }
                    case CLA_BAD_CODE:
                        snprintf(buf, sizeof buf, "is not a code of the %d list %s", spec->year,
                                 col->codes ? col->codes->name : "?");
                        problem = buf;
                        break;
                    }
                }
                if (!problem)
                    continue;
                /* "derived:ssd_x.col" -> ssd_x, col */
                const char *src = cc->fields[fi].source;
                if (!strncmp(src, "derived:", 8))
                    src += 8;
                const char *dot = strchr(src, '.');
                char table[64], column[96], msg[320];
                snprintf(table, sizeof table, "%.*s", dot ? (int)(dot - src) : (int)strlen(src), src);
                snprintf(column, sizeof column, "%s", dot ? dot + 1 : col->name);
                snprintf(msg, sizeof msg, "%s (903 %s.%s, row %zu)", problem, tb->name, col->name, r + 1);
                fn(opaque, rec->source_key, table, column, msg);
                n++;
            }
        }
    }
    return n;
}
