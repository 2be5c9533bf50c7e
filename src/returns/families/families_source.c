/*
 * Reading a Supporting Families file's population from the replica.
 *
 * Population of a period (start S, end E): the families with a programme
 * record (sf_programme_family) in one of the layout's cohorts that is open
 * at some point in the period (identified on or before E, not ended before
 * S; when a family has two such records, the programme one, then the
 * latest), and every member of those families (ssd_family).  One row per
 * person, ordered by person id (COLLATE "C", the order of strcmp), from one
 * cursor whose select list is built from the layout: a column the layout
 * does not read is never selected, and for a person who has opted out of
 * one of the layout's purposes nothing but the ids leaves the database
 * (each value is wrapped in CASE WHEN opted_out THEN NULL).
 *
 * Values are as on the period's end: status flags are episodes or plans
 * open at the end of day E (started on or before E, not ended on or before
 * E); dates after E are not known yet and are left out.
 *
 * Speed: per-person values come from sets computed once per period and
 * hash-joined (joined_sql), not from a lookup per person, and the
 * transaction plans cursors for total time with JIT off (families_contract,
 * db_plan_whole_results):
 * 100,000 people take about two seconds of server time per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/contract.h"
#include "returns/families/families.h"
#include "core/log.h"
#include "core/xalloc.h"

struct families_source {
    struct db_cursor *cur;
    const struct families_layout *l;
    const char **values;
    enum db_status status;
};

/* ---- parameters ----------------------------------------------------------- */

struct params {
    char *v[64];
    int n;
};

/* Adds a parameter (copied); returns its number for "$N". */
static int param(struct params *p, const char *value)
{
    if (p->n == 64)
        return 64;   /* a layout cannot have this many: columns need at most one each below */
    p->v[p->n] = xstrdup(value);
    return ++p->n;
}

static void params_release(struct params *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->v[i]);
    p->n = 0;
}

/* A text[] literal: {"a","b"} with " and \ escaped. */
static void array_literal(struct strbuf *out, char *const *v, size_t n)
{
    strbuf_addch(out, '{');
    for (size_t i = 0; i < n; i++) {
        strbuf_addstr(out, i ? ",\"" : "\"");
        for (const char *s = v[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                strbuf_addch(out, '\\');
            strbuf_addch(out, *s);
        }
        strbuf_addch(out, '"');
    }
    strbuf_addch(out, '}');
}

/* $1 = period start, $2 = period end, $3 = cohorts. */
static void base_params(struct params *p, const struct families_layout *l, const struct families_period *per)
{
    char d[11];
    struct strbuf arr = STRBUF_INIT;
    param(p, date_format_iso(per->start, d));
    param(p, date_format_iso(per->end, d));
    array_literal(&arr, l->cohorts, l->n_cohorts);
    param(p, arr.buf);
    strbuf_release(&arr);
}

#define ISO(expr) "pg_catalog.to_char((" expr ")::date, 'YYYY-MM-DD')"

/* The families open in the period and their members. */
#define POPULATION_CTE \
    "WITH pf AS (SELECT DISTINCT ON (p.sfpf_family_id::text) p.sfpf_id::text AS prid, " \
    "p.sfpf_family_id::text AS fid, p.sfpf_cohort::text AS cohort, " \
    "p.sfpf_identified_date::date AS identified, p.sfpf_attached_date::date AS attached, " \
    "p.sfpf_end_date::date AS ended, p.sfpf_end_reason::text AS end_reason " \
    "FROM sf_programme_family p WHERE p.sfpf_cohort::text = ANY ($3::text[]) " \
    "AND p.sfpf_identified_date::date <= $2::date " \
    "AND (p.sfpf_end_date IS NULL OR p.sfpf_end_date::date >= $1::date) " \
    "ORDER BY p.sfpf_family_id::text, (p.sfpf_cohort::text = 'programme') DESC, " \
    "p.sfpf_identified_date DESC, p.sfpf_id::text), " \
    "m AS (SELECT DISTINCT f.fami_person_id::text AS pid, pf.* FROM ssd_family f " \
    "JOIN pf ON pf.fid = f.fami_family_id::text) "

/* ---- the contract ------------------------------------------------------------ */

struct colset {
    struct contract_col *cols;
    size_t n, cap;
};

static void need(struct colset *cs, const char *table, const char *column, const char *cls)
{
    for (size_t i = 0; i < cs->n; i++)
        if (!strcmp(cs->cols[i].table, table) && !strcmp(cs->cols[i].column, column))
            return;
    ALLOC_GROW(cs->cols, cs->n, cs->cap);
    cs->cols[cs->n].table = table;
    cs->cols[cs->n].column = column;
    cs->cols[cs->n].type_class = cls;
    cs->n++;
}

static void layout_columns(struct colset *cs, const struct families_layout *l, bool have_cla)
{
    need(cs, "sf_programme_family", "sfpf_id", "id");
    need(cs, "sf_programme_family", "sfpf_family_id", "id");
    need(cs, "sf_programme_family", "sfpf_cohort", "text");
    need(cs, "sf_programme_family", "sfpf_identified_date", "date");
    need(cs, "sf_programme_family", "sfpf_attached_date", "date");
    need(cs, "sf_programme_family", "sfpf_end_date", "date");
    need(cs, "sf_programme_family", "sfpf_end_reason", "text");
    need(cs, "ssd_family", "fami_family_id", "id");
    need(cs, "ssd_family", "fami_person_id", "id");
    if (l->n_opt_out) {
        need(cs, "sf_opt_out", "sfoo_person_id", "id");
        need(cs, "sf_opt_out", "sfoo_purpose", "text");
        need(cs, "sf_opt_out", "sfoo_from_date", "date");
    }
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        if (!families_column_reads(c))
            continue;
        switch (c->source) {
        case FS_FORENAME: need(cs, "ssd_person", "pers_forename", "text"); break;
        case FS_SURNAME: need(cs, "ssd_person", "pers_surname", "text"); break;
        case FS_DOB:
        case FS_AGE: need(cs, "ssd_person", "pers_dob", "date"); break;
        case FS_SEX: need(cs, "ssd_person", "pers_sex", "text"); break;
        case FS_POSTCODE:
            need(cs, "ssd_address", "addr_table_id", "id");
            need(cs, "ssd_address", "addr_person_id", "id");
            need(cs, "ssd_address", "addr_address_postcode", "text");
            need(cs, "ssd_address", "addr_address_start_date", "date");
            need(cs, "ssd_address", "addr_address_end_date", "date");
            break;
        case FS_NI_NUMBER:
        case FS_UPN:
            need(cs, "ssd_linked_identifiers", "link_table_id", "id");
            need(cs, "ssd_linked_identifiers", "link_person_id", "id");
            need(cs, "ssd_linked_identifiers", "link_identifier_type", "text");
            need(cs, "ssd_linked_identifiers", "link_identifier_value", "text");
            need(cs, "ssd_linked_identifiers", "link_valid_to_date", "date");
            need(cs, "ssd_linked_identifiers", "link_valid_from_date", "date");
            break;
        case FS_STATUS:
        case FS_CLAIM_DATE:
            need(cs, "sf_claim", "sfcl_programme_id", "id");
            need(cs, "sf_claim", "sfcl_claim_date", "date");
            break;
        case FS_NEEDS_AT_ATTACHMENT:
        case FS_NEEDS_BY_PERIOD_END:
        case FS_NEED:
            need(cs, "sf_need", "sfne_programme_id", "id");
            need(cs, "sf_need", "sfne_headline", "text");
            need(cs, "sf_need", "sfne_identified_date", "date");
            break;
        case FS_MEASURE:
            need(cs, "sf_measure", "sfme_measure_id", "id");
            need(cs, "sf_measure", "sfme_person_id", "id");
            need(cs, "sf_measure", "sfme_measure_code", "text");
            need(cs, "sf_measure", "sfme_period_end", "date");
            need(cs, "sf_measure", "sfme_value", "text");
            need(cs, "sf_measure", "sfme_received_date", "date");
            need(cs, "sf_measure_type", "sfmt_code", "text");
            break;
        case FS_FLAG_CIN:
            need(cs, "ssd_cin_episodes", "cine_person_id", "id");
            need(cs, "ssd_cin_episodes", "cine_referral_date", "date");
            need(cs, "ssd_cin_episodes", "cine_close_date", "date");
            need(cs, "ssd_cin_episodes", "cine_referral_nfa", "text");
            break;
        case FS_FLAG_CP:
            need(cs, "ssd_cp_plans", "cppl_person_id", "id");
            need(cs, "ssd_cp_plans", "cppl_cp_plan_start_date", "date");
            need(cs, "ssd_cp_plans", "cppl_cp_plan_end_date", "date");
            break;
        case FS_FLAG_LAC:
            if (have_cla) {
                need(cs, "ssd_cla_episodes", "clae_person_id", "id");
                need(cs, "ssd_cla_episodes", "clae_cla_episode_start_date", "date");
                need(cs, "ssd_cla_episodes", "clae_cla_episode_ceased_date", "date");
            }
            break;
        case FS_FLAG_EH:
            need(cs, "ssd_early_help_episodes", "earl_person_id", "id");
            need(cs, "ssd_early_help_episodes", "earl_episode_start_date", "date");
            need(cs, "ssd_early_help_episodes", "earl_episode_end_date", "date");
            break;
        default:
            break;
        }
        if (c->source == FS_FORENAME || c->source == FS_SURNAME || c->source == FS_DOB || c->source == FS_AGE
            || c->source == FS_SEX)
            need(cs, "ssd_person", "pers_person_id", "id");
    }
}

static void take_flag(void *opaque, int ncols, const char *const *v)
{
    bool *b = opaque;
    *b = ncols > 0 && v[0] && !strcmp(v[0], "t");
}

enum db_status families_contract(struct db *db, const struct families_layout *const *layouts, size_t n,
                                 bool *have_cla, struct strbuf *err)
{
    struct colset cs = { NULL, 0, 0 };
    enum db_status st;

    *have_cla = false;
    /* Every row of the population cursors is read. */
    st = db_plan_whole_results(db, err);
    if (st != DB_OK)
        return st;
    st = db_query(db, "SELECT pg_catalog.to_regclass('ssd_cla_episodes') IS NOT NULL", 0, NULL, take_flag, have_cla, err);
    if (st != DB_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        layout_columns(&cs, layouts[i], *have_cla);
    st = contract_check(db, cs.cols, cs.n, err);
    free(cs.cols);
    return st;
}

/* ---- measure codes ------------------------------------------------------------- */

struct codes {
    char **v;
    size_t n, cap;
};

static void take_code(void *opaque, int ncols, const char *const *v)
{
    struct codes *c = opaque;
    if (ncols < 1 || !v[0])
        return;
    ALLOC_GROW(c->v, c->n, c->cap);
    c->v[c->n++] = xstrdup(v[0]);
}

size_t families_check_measures(struct db *db, const struct families_layout *l, struct strbuf *err)
{
    struct codes codes = { NULL, 0, 0 };
    size_t bad = 0;
    bool any = false;

    for (size_t i = 0; i < l->n_cols; i++)
        any |= l->cols[i].source == FS_MEASURE && families_column_reads(&l->cols[i]);
    if (!any)
        return 0;
    if (db_query(db, "SELECT sfmt_code::text FROM sf_measure_type", 0, NULL, take_code, &codes, err) != DB_OK)
        return (size_t)-1;
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        if (c->source != FS_MEASURE || !families_column_reads(c))
            continue;
        bool found = false;
        for (size_t k = 0; k < codes.n && !found; k++)
            found = !strcmp(codes.v[k], c->measure);
        if (!found) {
            strbuf_addf(err, "%s%s:%u: column '%s': unknown source 'measure:%s': the replica's sf_measure_type "
                        "has no such code", bad ? "\n" : "", l->path, c->line, c->name, c->measure);
            bad++;
        }
    }
    for (size_t k = 0; k < codes.n; k++)
        free(codes.v[k]);
    free(codes.v);
    return bad;
}

/* ---- family structure --------------------------------------------------------- */

static long run_check(struct db *db, const char *name, const char *sql, struct params *p, const char *who,
                      const char *field, struct id_set *seen, fam_defect_fn fn, void *opaque, struct strbuf *err)
{
    struct db_cursor *cur = NULL;
    struct strbuf key = STRBUF_INIT, msg = STRBUF_INIT;
    long n = 0;
    int r;

    if (db_cursor_open(db, &cur, name, sql, p->n, (const char *const *)p->v, 1000, err) != DB_OK)
        return -1;
    while ((r = db_cursor_next(cur, err)) == 1) {
        const char *id = db_cursor_get(cur, 0);
        const char *extra = db_cursor_get(cur, 1);
        strbuf_reset(&key);
        strbuf_addf(&key, "%s:%s", who, id ? id : "");
        if (seen && id_set_add(seen, key.buf, 0, 0, NULL, NULL))
            continue;
        strbuf_reset(&msg);
        if (!strcmp(who, "family"))
            strbuf_addf(&msg, "has no members (no ssd_family row) but its programme record is open in the period");
        else
            strbuf_addf(&msg, "is a member of more than one family in the period (%s)", extra ? extra : "");
        fn(opaque, who, id ? id : "(no id)", field, msg.buf);
        n++;
    }
    db_cursor_close(cur);
    strbuf_release(&key);
    strbuf_release(&msg);
    return r < 0 ? -1 : n;
}

long families_check_structure(struct db *db, const struct families_layout *l, const struct families_period *per,
                              struct id_set *seen, fam_defect_fn fn, void *opaque, struct strbuf *err)
{
    struct params p = { .n = 0 };
    long a, b;

    base_params(&p, l, per);
    a = run_check(db, "sr_fam_empty",
                  POPULATION_CTE "SELECT pf.fid, NULL::text FROM pf WHERE NOT EXISTS "
                  "(SELECT 1 FROM ssd_family f WHERE f.fami_family_id::text = pf.fid) ORDER BY pf.fid COLLATE \"C\"",
                  &p, "family", "ssd_family.fami_person_id", seen, fn, opaque, err);
    b = a < 0 ? -1
        : run_check(db, "sr_fam_twice",
                    POPULATION_CTE "SELECT m.pid, pg_catalog.string_agg(m.fid, ' ' ORDER BY m.fid COLLATE \"C\") FROM m "
                    "GROUP BY m.pid HAVING pg_catalog.count(*) > 1 ORDER BY m.pid COLLATE \"C\"",
                    &p, "person", "ssd_family.fami_family_id", seen, fn, opaque, err);
    params_release(&p);
    return a < 0 || b < 0 ? -1 : a + b;
}

/* ---- the population cursor ------------------------------------------------------ */

/* How a column's set is keyed and read in the select list. */
enum set_kind { SET_NONE, SET_BY_PERSON, SET_BY_PROGRAMME, SET_FLAG };

/* Sets of one value per person: identifiers, postcodes, measures. */
static enum set_kind person_set_sql(struct strbuf *ctes, size_t i, const struct fam_column *c, struct params *p)
{
    switch (c->source) {
    case FS_POSTCODE:
        /* The last address known at the period's end: current on E if
         * there is one, else the latest that started by then. */
        strbuf_addf(ctes, ", c%zu AS (SELECT DISTINCT ON (a.addr_person_id::text COLLATE \"C\") "
                          "a.addr_person_id::text COLLATE \"C\" AS pid, a.addr_address_postcode::text AS v FROM ssd_address a "
                          "WHERE a.addr_address_start_date IS NULL OR a.addr_address_start_date::date <= $2::date "
                          "ORDER BY a.addr_person_id::text COLLATE \"C\", "
                          "(a.addr_address_end_date IS NULL OR a.addr_address_end_date::date >= $2::date) DESC, "
                          "a.addr_address_start_date DESC NULLS LAST, a.addr_table_id::text COLLATE \"C\" DESC)", i);
        return SET_BY_PERSON;
    case FS_NI_NUMBER:
    case FS_UPN:
        /* The current identifier first (no end date), as the CIN build does. */
        strbuf_addf(ctes, ", c%zu AS (SELECT DISTINCT ON (l.link_person_id::text COLLATE \"C\") "
                          "l.link_person_id::text COLLATE \"C\" AS pid, l.link_identifier_value::text AS v FROM ssd_linked_identifiers l "
                          "WHERE l.link_identifier_type::text = $%d "
                          "ORDER BY l.link_person_id::text COLLATE \"C\", (l.link_valid_to_date IS NULL) DESC, "
                          "l.link_valid_to_date DESC, l.link_valid_from_date DESC NULLS LAST, "
                          "l.link_table_id::text COLLATE \"C\")",
                    i, param(p, c->source == FS_UPN ? "Unique Pupil Number" : "National Insurance Number"));
        return SET_BY_PERSON;
    case FS_MEASURE:
        /* One value per person, code and period; should a replica hold
         * two, the latest received wins. */
        strbuf_addf(ctes, ", c%zu AS (SELECT x.sfme_person_id::text AS pid, (pg_catalog.array_agg(x.sfme_value::text "
                          "ORDER BY x.sfme_received_date DESC NULLS LAST, x.sfme_measure_id::text COLLATE \"C\" DESC))[1] AS v "
                          "FROM sf_measure x WHERE x.sfme_measure_code::text = $%d AND x.sfme_period_end::date = $2::date "
                          "GROUP BY 1)", i, param(p, c->measure));
        return SET_BY_PERSON;
    default:
        return SET_NONE;
    }
}

/* Sets keyed by programme record: needs and claims.  A need column reads
 * its set through its own expression (*expr). */
static enum set_kind programme_set_sql(struct strbuf *ctes, size_t i, const struct fam_column *c, struct params *p,
                                       struct strbuf *expr)
{
    char b[16];

    switch (c->source) {
    case FS_NEEDS_AT_ATTACHMENT:
    case FS_NEEDS_BY_PERIOD_END:
        /* Codes in numeric order (by length, then text), each once. */
        strbuf_addf(ctes, ", c%zu AS (SELECT d.prid, pg_catalog.string_agg(d.h, ';' ORDER BY pg_catalog.length(d.h), d.h) AS v FROM "
                          "(SELECT DISTINCT pf.prid, pg_catalog.btrim(n.sfne_headline::text) AS h FROM sf_need n "
                          "JOIN pf ON pf.prid = n.sfne_programme_id::text WHERE %s) d GROUP BY d.prid)", i,
                    c->source == FS_NEEDS_AT_ATTACHMENT
                        ? "pf.attached <= $2::date AND n.sfne_identified_date::date <= pf.attached"
                        : "n.sfne_identified_date::date <= $2::date");
        return SET_BY_PROGRAMME;
    case FS_NEED:
        snprintf(b, sizeof b, "%d", c->need);
        strbuf_addf(ctes, ", c%zu AS (SELECT DISTINCT pf.prid FROM sf_need n JOIN pf ON pf.prid = n.sfne_programme_id::text "
                          "WHERE pf.attached <= $2::date AND n.sfne_identified_date::date <= pf.attached "
                          "AND pg_catalog.btrim(n.sfne_headline::text) = $%d)", i, param(p, b));
        strbuf_addf(expr, "CASE WHEN mo.attached <= $2::date THEN (c%zu.prid IS NOT NULL)::int::text END", i);
        return SET_BY_PROGRAMME;
    case FS_CLAIM_DATE:
        strbuf_addf(ctes, ", c%zu AS (SELECT c.sfcl_programme_id::text AS prid, "
                          ISO("pg_catalog.max(c.sfcl_claim_date::date)") " AS v FROM sf_claim c "
                          "WHERE c.sfcl_claim_date::date <= $2::date GROUP BY 1)", i);
        return SET_BY_PROGRAMME;
    default:
        return SET_NONE;
    }
}

/* The status flags: the people with an episode or plan open at the end
 * of day E (started on or before E, not ended on or before E). */
static const struct open_set {
    enum fam_source source;
    const char *from, *person, *start, *end;
    const char *also;          /* a further condition, or "" */
} open_sets[] = {
    /* An episode of need; a referral closed with no further action is not
     * one. */
    { FS_FLAG_CIN, "ssd_cin_episodes e", "e.cine_person_id", "e.cine_referral_date", "e.cine_close_date",
      " AND pg_catalog.upper(coalesce(e.cine_referral_nfa::text, 'N')) NOT IN ('Y', '1', 'T', 'TRUE')" },
    { FS_FLAG_CP, "ssd_cp_plans c", "c.cppl_person_id", "c.cppl_cp_plan_start_date", "c.cppl_cp_plan_end_date", "" },
    { FS_FLAG_LAC, "ssd_cla_episodes c", "c.clae_person_id", "c.clae_cla_episode_start_date",
      "c.clae_cla_episode_ceased_date", "" },
    { FS_FLAG_EH, "ssd_early_help_episodes h", "h.earl_person_id", "h.earl_episode_start_date",
      "h.earl_episode_end_date", "" },
};

static enum set_kind flag_set_sql(struct strbuf *ctes, size_t i, const struct fam_column *c, bool have_cla)
{
    if (c->source == FS_FLAG_LAC && !have_cla)
        return SET_NONE;
    for (size_t k = 0; k < sizeof open_sets / sizeof open_sets[0]; k++) {
        const struct open_set *o = &open_sets[k];
        if (o->source != c->source)
            continue;
        strbuf_addf(ctes, ", c%zu AS (SELECT DISTINCT %s::text AS pid FROM %s WHERE %s::date <= $2::date "
                          "AND (%s IS NULL OR %s::date > $2::date)%s)", i, o->person, o->from, o->start, o->end,
                    o->end, o->also);
        return SET_FLAG;
    }
    return SET_NONE;
}

/* Values computed once for the period (over the whole table: one sort,
 * whatever the planner guesses of the population's size) and joined to
 * the population by hash, instead of one lookup per person: identifiers,
 * postcodes, needs, claims, measures and status flags.  Column i's set is CTE "cI" (keyed by
 * person id "pid" or programme record "prid"); *expr is what the select
 * list reads from it.  False when the column is not one of these. */
static bool joined_sql(struct strbuf *ctes, struct strbuf *joins, size_t i, const struct fam_column *c,
                       struct params *p, bool have_cla, struct strbuf *expr)
{
    enum set_kind kind = person_set_sql(ctes, i, c, p);

    if (kind == SET_NONE)
        kind = programme_set_sql(ctes, i, c, p, expr);
    if (kind == SET_NONE)
        kind = flag_set_sql(ctes, i, c, have_cla);
    if (kind == SET_NONE)
        return false;
    if (kind == SET_FLAG)
        strbuf_addf(expr, "(c%zu.pid IS NOT NULL)::int::text", i);
    else if (!expr->len)
        strbuf_addf(expr, "c%zu.v", i);
    if (kind == SET_BY_PROGRAMME)
        strbuf_addf(joins, " LEFT JOIN c%zu ON c%zu.prid = mo.prid", i, i);
    else
        strbuf_addf(joins, " LEFT JOIN c%zu ON c%zu.pid = mo.pid", i, i);
    return true;
}

/* The select expression for column c, or NULL::text when nothing is read. */
static void column_sql(struct strbuf *sql, const struct fam_column *c)
{
    switch (families_column_reads(c) ? c->source : FS__COUNT) {
    case FS_PERSON_ID: strbuf_addstr(sql, "mo.pid"); return;
    case FS_FAMILY_ID: strbuf_addstr(sql, "mo.fid"); return;
    case FS_FORENAME: strbuf_addstr(sql, "p.pers_forename::text"); return;
    case FS_SURNAME: strbuf_addstr(sql, "p.pers_surname::text"); return;
    case FS_DOB: strbuf_addstr(sql, ISO("p.pers_dob")); return;
    case FS_AGE: strbuf_addstr(sql, "pg_catalog.date_part('year', pg_catalog.age($2::date, p.pers_dob::date))::int::text"); return;
    case FS_SEX: strbuf_addstr(sql, "p.pers_sex::text"); return;
    case FS_COHORT: strbuf_addstr(sql, "mo.cohort"); return;
    case FS_STATUS:
        strbuf_addstr(sql, "CASE WHEN mo.cohort = 'comparison' THEN 'comparison' "
                           "WHEN EXISTS (SELECT 1 FROM sf_claim c WHERE c.sfcl_programme_id::text = mo.prid "
                           "AND c.sfcl_claim_date::date <= $2::date) THEN 'claimed' "
                           "WHEN mo.ended <= $2::date THEN 'closed' "
                           "WHEN mo.attached <= $2::date THEN 'attached' ELSE 'identified' END");
        return;
    case FS_IDENTIFIED_DATE: strbuf_addstr(sql, ISO("mo.identified")); return;
    case FS_ATTACHED_DATE: strbuf_addstr(sql, "CASE WHEN mo.attached <= $2::date THEN " ISO("mo.attached") " END"); return;
    case FS_END_DATE: strbuf_addstr(sql, "CASE WHEN mo.ended <= $2::date THEN " ISO("mo.ended") " END"); return;
    case FS_END_REASON: strbuf_addstr(sql, "CASE WHEN mo.ended <= $2::date THEN mo.end_reason END"); return;
    default:
        strbuf_addstr(sql, "NULL::text");
        return;
    }
}

static bool reads_person_table(const struct families_layout *l)
{
    for (size_t i = 0; i < l->n_cols; i++) {
        enum fam_source s = l->cols[i].source;
        if (families_column_reads(&l->cols[i])
            && (s == FS_FORENAME || s == FS_SURNAME || s == FS_DOB || s == FS_AGE || s == FS_SEX))
            return true;
    }
    return false;
}

enum db_status families_source_open(struct families_source **out, struct db *db, const struct families_layout *l,
                                    const struct families_period *per, bool have_cla, int fetch_batch,
                                    struct strbuf *err)
{
    struct params p = { .n = 0 };
    struct strbuf sql = STRBUF_INIT, arr = STRBUF_INIT;
    enum db_status st;

    *out = NULL;
    base_params(&p, l, per);
    strbuf_addstr(&sql, POPULATION_CTE);
    if (l->n_opt_out) {
        /* A join, not a correlated EXISTS: the flag is then a plain column
         * that every CASE below reads without running a subplan again. */
        array_literal(&arr, l->opt_out, l->n_opt_out);
        strbuf_addf(&sql, ", oo AS (SELECT DISTINCT o.sfoo_person_id::text AS pid FROM sf_opt_out o "
                          "WHERE o.sfoo_purpose::text = ANY ($%d::text[]) AND o.sfoo_from_date::date <= CURRENT_DATE), "
                          "mo AS (SELECT m.*, (oo.pid IS NOT NULL) AS opted_out FROM m LEFT JOIN oo ON oo.pid = m.pid) ",
                    param(&p, arr.buf));
    } else {
        strbuf_addstr(&sql, ", mo AS (SELECT m.*, false AS opted_out FROM m) ");
    }
    struct strbuf select = STRBUF_INIT, joins = STRBUF_INIT, expr = STRBUF_INIT;
    strbuf_addstr(&select, " SELECT mo.pid, mo.fid, mo.opted_out::int::text");
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        if (!families_column_reads(c)) {
            strbuf_addstr(&select, ", NULL::text");
            continue;
        }
        strbuf_addstr(&select, ", CASE WHEN mo.opted_out THEN NULL ELSE ");
        strbuf_reset(&expr);
        if (joined_sql(&sql, &joins, i, c, &p, have_cla, &expr))
            strbuf_addstr(&select, expr.buf);
        else
            column_sql(&select, c);
        strbuf_addstr(&select, " END");
    }
    strbuf_addstr(&sql, select.buf);
    strbuf_addstr(&sql, " FROM mo");
    if (reads_person_table(l))
        strbuf_addstr(&sql, " LEFT JOIN ssd_person p ON p.pers_person_id::text = mo.pid");
    strbuf_addstr(&sql, joins.buf);
    strbuf_addstr(&sql, " ORDER BY mo.pid COLLATE \"C\", mo.fid COLLATE \"C\"");
    strbuf_release(&select);
    strbuf_release(&joins);
    strbuf_release(&expr);

    sr_debug("%s query: %s", families_kind_name(l->kind), sql.buf);
    struct families_source *s = xcalloc(1, sizeof *s);
    s->l = l;
    s->values = xcalloc(l->n_cols ? l->n_cols : 1, sizeof *s->values);
    st = db_cursor_open(db, &s->cur, l->kind == FAM_NIS ? "sr_fam_nis" : "sr_fam_fpd", sql.buf, p.n,
                        (const char *const *)p.v, fetch_batch > 0 ? fetch_batch : 2000, err);
    params_release(&p);
    strbuf_release(&sql);
    strbuf_release(&arr);
    if (st != DB_OK) {
        families_source_close(s);
        return st;
    }
    *out = s;
    return DB_OK;
}

int families_source_next(struct families_source *s, struct families_row *row, struct strbuf *err)
{
    int r = db_cursor_next(s->cur, err);
    if (r <= 0) {
        if (r < 0)
            s->status = db_cursor_status(s->cur);
        return r;
    }
    row->person_id = db_cursor_get(s->cur, 0);
    row->family_id = db_cursor_get(s->cur, 1);
    const char *oo = db_cursor_get(s->cur, 2);
    row->opted_out = oo && !strcmp(oo, "1");
    for (size_t i = 0; i < s->l->n_cols; i++)
        s->values[i] = db_cursor_get(s->cur, (int)(3 + i));
    row->values = s->values;
    return 1;
}

enum db_status families_source_status(const struct families_source *s)
{
    return s->status;
}

void families_source_close(struct families_source *s)
{
    if (!s)
        return;
    db_cursor_close(s->cur);
    free(s->values);
    free(s);
}
