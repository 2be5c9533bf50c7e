/*
 * `statreturn report cin --year Y`: the dry-run report for a data
 * protection officer.  For every field the return can carry, under each
 * policy (recipient): the source column, the treatment (and the key's
 * fingerprint when pseudonymised), the purpose in the words of the privacy
 * notice, the lawful basis, whether it is special category data, and, from
 * the replica, how many records carry a value, how many are blank and how
 * many distinct values are shared.  Totals: people in the return by age
 * band, and people excluded and why.
 *
 * It reads the replica through the same source and applies the same policy
 * treatments as `build`, so its counts are the build's, and it writes no
 * return.  From 2026-27 it says whether the pre-proceedings module is
 * collected (configuration cin_pre_proceedings), and when it is not, that
 * its fields are not sent and why.  It shows no personal value in any format; counts from 1 to 9
 * are shown as "<10".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/status.h"
#include "returns/cin/cin_fields.h"
#include "returns/cin/cin_policy.h"
#include "returns/cin/cin_source.h"
#include "core/config.h"
#include "io/db.h"
#include "returns/cin/cin_shared_report.h"
#include "io/json_writer.h"
#include "core/log.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "core/paths.h"
#include "privacy/policy.h"
#include "privacy/pseudo.h"
#include "returns/cin/cin_rules.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "privacy/dpo_html.h"


/* Age bands on the reference date; unborn children have no date of birth. */
enum band { B_UNBORN, B_0_4, B_5_9, B_10_15, B_16_17, B_18_PLUS, B__COUNT };
static const char *const band_names[B__COUNT] = { "unborn", "0-4", "5-9", "10-15", "16-17", "18 and over" };

struct field_stats {
    size_t present, blank;
    struct id_set *distinct;
};

/* One recipient: a policy and, unless offline, what it shares. */
struct section {
    struct policy policy;
    struct pseudo_key key;
    bool key_loaded;
    char key_note[160];
    struct field_stats stats[CF__COUNT];
    size_t people;
    size_t bands[B__COUNT];
    bool pp_skipped;          /* cin_pre_proceedings = no: the module's fields are not sent */
};

struct dpo {
    int year;
    const char *la;
    bool offline;
    struct section *sec;
    size_t n_sec;
    size_t out_of_period;
    char snapshot[64];
    bool pp_year;             /* the year has the pre-proceedings module */
    size_t pp_untied;         /* its periods tied to no episode, left out */
};

/* Statistical disclosure control: 1 to 9 become "<10". */
static void put_count(struct strbuf *sb, size_t n)
{
    if (n > 0 && n < 10)
        strbuf_addstr(sb, "<10");
    else
        strbuf_addf(sb, "%zu", n);
}

static const char *count_str(size_t n, char buf[32])
{
    if (n > 0 && n < 10)
        return "<10";
    snprintf(buf, 32, "%zu", n);
    return buf;
}

static void visit(void *opaque, enum cin_field f, const struct cin_value *v)
{
    struct section *s = opaque;
    struct field_stats *st = &s->stats[f];
    if (!cin_keeps(&s->policy, f))
        return;
    if (v && cin_present(v)) {
        st->present++;
        if (!st->distinct)
            st->distinct = id_set_new();
        id_set_add(st->distinct, v->text, 0, 0, NULL, NULL);
    } else {
        st->blank++;
    }
}

static enum band band_of(const struct cin_child *c, sr_date ref)
{
    if (!sr_date_ok(c->birth_date.date))
        return B_UNBORN;
    int age = date_age_years(c->birth_date.date, ref);
    return age < 5 ? B_0_4 : age < 10 ? B_5_9 : age < 16 ? B_10_15 : age < 18 ? B_16_17 : B_18_PLUS;
}

static const char *treatment_words(const struct section *s, enum treatment t, char buf[200])
{
    switch (t) {
    case TR_CLEAR: return "in clear";
    case TR_PSEUDONYMISE:
        if (s->key_loaded)
            snprintf(buf, 200, "pseudonymised (HMAC-SHA256, key %s)", s->key.fingerprint);
        else
            snprintf(buf, 200, "pseudonymised (HMAC-SHA256, key '%s': %s)", s->policy.key_name, s->key_note);
        return buf;
    case TR_MONTH: return "generalised: date moved to the 1st of its month";
    case TR_SECTOR: return "generalised: postcode cut to its sector";
    case TR_DROP: return "dropped (not read, not shared)";
    case TR__COUNT: break;
    }
    return "?";
}

/* A field's treatment in words; a field of the pre-proceedings module that
 * the configuration leaves out says so, whatever its policy line says. */
static const char *field_treatment_words(const struct section *s, size_t f, char buf[200])
{
    if (s->pp_skipped && cin_field_is_pp(f))
        return "not collected (configuration cin_pre_proceedings = no): not read, not shared";
    return treatment_words(s, s->policy.entries[f].treatment, buf);
}

/* The pre-proceedings module of a 2026-27 or later return, in one
 * sentence: collected or not, and why it matters. */
static void pp_note(struct strbuf *o, const struct dpo *d, const struct section *s)
{
    char b[32];

    if (s->pp_skipped) {
        strbuf_addstr(o, "Pre-proceedings module (2026-27 on): not collected (configuration cin_pre_proceedings "
                         "= no), so no PreProceedingsandFGDM group is read or sent; DfE's queries 8995Q and 9000Q "
                         "are then expected, and COLLECT asks the council for the reason.");
        return;
    }
    strbuf_addstr(o, "Pre-proceedings module (2026-27 on): collected; each period of pre-proceedings that began "
                     "in the census year is sent in the CIN episode it is tied to.");
    if (!d->offline)
        strbuf_addf(o, " Periods tied to no episode, left out: %s.", count_str(d->pp_untied, b));
}

static const char *short_treatment(enum treatment t)
{
    switch (t) {
    case TR_CLEAR: return "clear";
    case TR_PSEUDONYMISE: return "pseudonymised";
    case TR_MONTH: case TR_SECTOR: return "generalised";
    case TR_DROP: return "dropped";
    case TR__COUNT: break;
    }
    return "?";
}

/* ---- writers ------------------------------------------------------------ */

static void md_escape(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`')
            strbuf_addch(sb, '\\');
        strbuf_addch(sb, *s);
    }
}

static size_t distinct_of(const struct field_stats *st)
{
    return st->distinct ? id_set_count(st->distinct) : 0;
}

static void write_totals_text(struct strbuf *o, const struct dpo *d, const struct section *s)
{
    char b[32];
    if (d->offline)
        return;
    strbuf_addf(o, "  People in the return: %s\n  By age on %d-03-31:", count_str(s->people, b), d->year);
    for (int i = 0; i < B__COUNT; i++)
        strbuf_addf(o, "%s %s %s", i ? "," : "", band_names[i], count_str(s->bands[i], b));
    strbuf_addf(o, "\n  Excluded: out of period %s (CIN episodes, none open in the census year); "
                "opted out 0 (a statutory return: opt-outs do not apply)\n", count_str(d->out_of_period, b));
}

static void render_text(struct strbuf *o, const struct dpo *d)
{
    char tb[200], b1[32], b2[32], b3[32];
    strbuf_addf(o, "statreturn report: CIN census %d-%02d, LA %s%s\n", d->year - 1, d->year % 100,
                d->la ? d->la : "(not given)", d->offline ? " (policy only: --offline)" : "");
    if (!d->offline)
        strbuf_addf(o, "Replica snapshot %s. No return file was written. Counts 1-9 are shown as <10.\n", d->snapshot);
    for (size_t i = 0; i < d->n_sec; i++) {
        const struct section *s = &d->sec[i];
        const struct policy *p = &s->policy;
        strbuf_addf(o, "\n== Recipient: %s (policy %s %s, %s)\n", p->recipient, p->name, p->version, p->path);
        write_totals_text(o, d, s);
        if (d->pp_year) {
            strbuf_addstr(o, "  ");
            pp_note(o, d, s);
            strbuf_addch(o, '\n');
        }
        /* Purposes used, quoted once. */
        for (size_t k = 0; k < p->purposes.n; k++) {
            bool used = false;
            for (size_t f = 0; f < p->catalogue->n; f++)
                used |= p->entries[f].purpose == &p->purposes.items[k] && p->entries[f].treatment != TR_DROP;
            if (!used)
                continue;
            const struct purpose *pu = &p->purposes.items[k];
            strbuf_addf(o, "  Purpose [%s]: \"%s\"\n    Lawful basis: %s\n", pu->id, pu->notice, pu->basis);
            if (pu->special_basis)
                strbuf_addf(o, "    Special category condition: %s\n", pu->special_basis);
        }
        strbuf_addf(o, "  %-44s %-48s %-14s %-22s %-8s %9s %9s %9s\n", "Field", "Source", "Treatment", "Purpose",
                    "Special", "Value", "Blank", "Distinct");
        for (size_t f = 0; f < p->catalogue->n; f++) {
            const struct field_def *fd = &p->catalogue->fields[f];
            const struct policy_entry *pe = &p->entries[f];
            const struct field_stats *st = &s->stats[f];
            bool counted = !d->offline && pe->treatment != TR_DROP && strncmp(fd->name, "Header/", 7);
            strbuf_addf(o, "  %-44s %-48s %-14s %-22s %-8s %9s %9s %9s\n", fd->name, fd->source,
                        short_treatment(pe->treatment), pe->purpose ? pe->purpose->id : "-",
                        pe->special ? "yes" : "no",
                        counted ? count_str(st->present, b1) : "-", counted ? count_str(st->blank, b2) : "-",
                        counted ? count_str(distinct_of(st), b3) : "-");
            if (pe->treatment != TR_CLEAR)
                strbuf_addf(o, "  %-44s   %s\n", "", field_treatment_words(s, f, tb));
        }
    }
}

static void render_md(struct strbuf *o, const struct dpo *d)
{
    char tb[200];
    strbuf_addf(o, "# Data shared in the CIN census %d-%02d\n\n", d->year - 1, d->year % 100);
    strbuf_addf(o, "LA %s. %s Counts from 1 to 9 are shown as <10.\n", d->la ? d->la : "(not given)",
                d->offline ? "Policy only (no replica counts)." : "No return file was written.");
    for (size_t i = 0; i < d->n_sec; i++) {
        const struct section *s = &d->sec[i];
        const struct policy *p = &s->policy;
        strbuf_addstr(o, "\n## ");
        md_escape(o, p->recipient);
        strbuf_addf(o, "\n\nPolicy `%s` version %s.", p->name, p->version);
        if (!d->offline) {
            strbuf_addstr(o, " People in the return: ");
            put_count(o, s->people);
            strbuf_addstr(o, ". Excluded as out of period: ");
            put_count(o, d->out_of_period);
            strbuf_addstr(o, "; opted out: 0 (statutory return).");
        }
        if (d->pp_year) {
            strbuf_addstr(o, "\n\n");
            pp_note(o, d, s);
        }
        strbuf_addstr(o, "\n\n| Field | Source | Treatment | Purpose | Lawful basis | Special category | With value | Blank | Distinct |\n"
                         "|---|---|---|---|---|---|---|---|---|\n");
        for (size_t f = 0; f < p->catalogue->n; f++) {
            const struct field_def *fd = &p->catalogue->fields[f];
            const struct policy_entry *pe = &p->entries[f];
            const struct field_stats *st = &s->stats[f];
            bool counted = !d->offline && pe->treatment != TR_DROP && strncmp(fd->name, "Header/", 7);
            strbuf_addstr(o, "| ");
            md_escape(o, fd->name);
            strbuf_addstr(o, " | ");
            md_escape(o, fd->source);
            strbuf_addstr(o, " | ");
            md_escape(o, field_treatment_words(s, f, tb));
            strbuf_addstr(o, " | ");
            md_escape(o, pe->purpose ? pe->purpose->notice : "-");
            strbuf_addstr(o, " | ");
            md_escape(o, pe->purpose ? pe->purpose->basis : "-");
            strbuf_addstr(o, pe->special ? " | yes | " : " | no | ");
            if (counted) {
                put_count(o, st->present);
                strbuf_addstr(o, " | ");
                put_count(o, st->blank);
                strbuf_addstr(o, " | ");
                put_count(o, distinct_of(st));
            } else {
                strbuf_addstr(o, "- | - | -");
            }
            strbuf_addstr(o, " |\n");
        }
    }
}

/* One recipient's object: the policy and key, people and age bands on a
 * second line, then its fields, one a line. */
static void json_recipient(struct json_writer *w, const struct dpo *d, const struct section *s)
{
    const struct policy *p = &s->policy;
    char tb[200], b[32];

    json_begin_object(w, JSON_LAYOUT(JSON_SHAPE_INLINE, 1));
    json_member_string(w, "recipient", p->recipient);
    json_member_string(w, "policy", p->name);
    json_member_string(w, "version", p->version);
    json_member_string_or_null(w, "key_fingerprint", s->key_loaded ? s->key.fingerprint : NULL);
    if (d->pp_year) {
        struct strbuf note = STRBUF_INIT;
        pp_note(&note, d, s);
        json_member_bool(w, "pre_proceedings_collected", !s->pp_skipped);
        json_member_string(w, "pre_proceedings", note.buf);
        strbuf_release(&note);
    }
    json_wrap(w);
    json_member_string(w, "people", d->offline ? "" : count_str(s->people, b));
    json_key(w, "age_bands");
    json_begin_object(w, JSON_INLINE);
    for (int k = 0; k < B__COUNT; k++)
        json_member_string(w, band_names[k], d->offline ? "" : count_str(s->bands[k], b));
    json_end_object(w);
    json_wrap(w);
    json_key(w, "fields");
    json_begin_array(w, JSON_LAYOUT(JSON_SHAPE_BLOCK, 1));
    for (size_t f = 0; f < p->catalogue->n; f++) {
        const struct field_def *fd = &p->catalogue->fields[f];
        const struct policy_entry *pe = &p->entries[f];
        const struct field_stats *st = &s->stats[f];
        bool counted = !d->offline && pe->treatment != TR_DROP && strncmp(fd->name, "Header/", 7);
        json_begin_object(w, JSON_INLINE);
        /* The manifest's own field members, so the two field lists can be
         * compared line by line. */
        manifest_field_json(w, p, f);
        json_member_string(w, "treatment_detail", field_treatment_words(s, f, tb));
        json_member_string(w, "notice", pe->purpose ? pe->purpose->notice : "");
        json_member_string(w, "lawful_basis", pe->purpose ? pe->purpose->basis : "");
        json_member_string(w, "with_value", counted ? count_str(st->present, b) : "");
        json_member_string(w, "blank", counted ? count_str(st->blank, b) : "");
        json_member_string(w, "distinct", counted ? count_str(distinct_of(st), b) : "");
        json_end_object(w);
    }
    json_end_array(w);
    json_end_object(w);
}

/* 0, or -1 when the writer was misused (a bug). */
static int render_json(struct strbuf *o, const struct dpo *d)
{
    struct json_writer w;
    char b[32];

    json_writer_init(&w, o, JSON_PLAIN, JSON_SPACED);
    json_begin_object(&w, JSON_BLOCK);
    json_member_string(&w, "return", "cin");
    json_member_int(&w, "year", d->year);
    json_member_string(&w, "la", d->la ? d->la : "");
    json_member_bool(&w, "offline", d->offline);
    json_member_string(&w, "snapshot", d->snapshot);
    json_key(&w, "excluded");
    json_begin_object(&w, JSON_INLINE);
    json_member_string(&w, "out_of_period", d->offline ? "" : count_str(d->out_of_period, b));
    json_member_string(&w, "opted_out", "0");
    json_end_object(&w);
    /* The recipients' lines start where the key's line does (indent 0). */
    json_key(&w, "recipients");
    json_begin_array(&w, JSON_LAYOUT(JSON_SHAPE_BLOCK, 0));
    for (size_t i = 0; i < d->n_sec; i++)
        json_recipient(&w, d, &d->sec[i]);
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

/* The HTML page: by recipient, purpose, field (privacy/dpo_html.h). */
struct html_ctx {
    const struct dpo *d;
    const struct section *s;
    char tb[200], b[3][32];
};

static void html_field(void *ctx, size_t f, struct dpo_field *out)
{
    struct html_ctx *h = ctx;
    const struct policy *p = &h->s->policy;
    const struct field_def *fd = &p->catalogue->fields[f];
    const struct field_stats *st = &h->s->stats[f];
    bool counted = !h->d->offline && p->entries[f].treatment != TR_DROP && strncmp(fd->name, "Header/", 7);

    out->name = fd->name;
    out->source = fd->source;
    out->treatment = field_treatment_words(h->s, f, h->tb);
    out->with_value = counted ? count_str(st->present, h->b[0]) : "-";
    out->blank = counted ? count_str(st->blank, h->b[1]) : "-";
    out->distinct = counted ? count_str(distinct_of(st), h->b[2]) : "-";
}

static void render_html(struct strbuf *o, const struct dpo *d)
{
    struct strbuf t = STRBUF_INIT, facts = STRBUF_INIT;

    strbuf_addf(&t, "Data shared in the Children in Need census %d-%02d", d->year - 1, d->year % 100);
    strbuf_addf(&facts, "LA %s. ", d->la ? d->la : "(not given)");
    if (d->offline) {
        strbuf_addstr(&facts, "Policy only: no counts from the replica.");
    } else {
        strbuf_addf(&facts, "No return file was written. Counts from 1 to 9 are shown as <10. Replica snapshot %s. "
                            "Excluded as out of period: ", d->snapshot);
        put_count(&facts, d->out_of_period);
        strbuf_addstr(&facts, "; opted out: 0 (a statutory return: opt-outs do not apply).");
    }
    dpo_html_begin(o, t.buf, NULL, facts.buf);
    for (size_t i = 0; i < d->n_sec; i++) {
        struct html_ctx h = { d, &d->sec[i], "", { "", "", "" } };
        const struct policy *p = &d->sec[i].policy;
        strbuf_reset(&t);
        strbuf_reset(&facts);
        strbuf_addf(&t, "%s (policy %s, version %s)", p->recipient, p->name, p->version);
        if (!d->offline) {
            strbuf_addstr(&facts, "People in the return: ");
            put_count(&facts, d->sec[i].people);
            strbuf_addf(&facts, ". By age on %d-03-31:", d->year);
            for (int k = 0; k < B__COUNT; k++) {
                strbuf_addf(&facts, "%s %s ", k ? "," : "", band_names[k]);
                put_count(&facts, d->sec[i].bands[k]);
            }
            strbuf_addch(&facts, '.');
        }
        if (d->pp_year) {
            strbuf_addstr(&facts, facts.len ? " " : "");
            pp_note(&facts, d, &d->sec[i]);
        }
        dpo_html_recipient(o, t.buf, facts.buf, p, p->catalogue->n, true, html_field, &h);
    }
    dpo_html_end(o);
    strbuf_release(&t);
    strbuf_release(&facts);
}

/* ---- the command ----------------------------------------------------------- */

static const char usage_text[] =
    "usage: statreturn report cin --year YEAR [options]\n"
          "\n"
          "What the CIN census shares, field by field, with whom, how and why; from the same\n"
          "policies and selection as 'build', without writing any return.\n";
static const struct option_help option_help[] = {
    { "profile", NULL, "only this policy (default: every specs/cin/policy_*.conf)" },
    { "format", NULL, "text (default), json, md or html" },
    { NULL, NULL, NULL },
};

static int load_section(struct section *s, const char *path, const struct shared_request *req)
{
    struct strbuf purposes = STRBUF_INIT;
    char err[1024];
    int ret = -1;

    memset(s, 0, sizeof *s);
    sr_data_path(&purposes, "specs/purposes.conf");
    if (policy_load(&s->policy, cin_catalogue_for_year(req->year), path, purposes.buf, err, sizeof err) != 0) {
        sr_error("policy rejected: %s", err);
        goto cleanup;
    }
    /* As build does: the configuration's "not collected" wins over the policy. */
    if (req->year >= CIN_PP_FIRST_YEAR && req->cfg && req->cfg->cin_no_pre_proceedings) {
        cin_policy_skip_preproceedings(&s->policy);
        s->pp_skipped = true;
    }
    if (req->pseudonymise_ids)
        policy_pseudonymise_ids(&s->policy);
    if (policy_needs_key(&s->policy) && req->key_env) {
        if (pseudo_key_load_env(&s->key, req->key_env, err, sizeof err) != 0) {
            snprintf(s->key_note, sizeof s->key_note, "key unusable");
            sr_warn("%s", err);
        } else {
            s->key_loaded = true;
        }
    } else if (policy_needs_key(&s->policy)) {
        const char *kf = req->key_file ? req->key_file : config_key_file(req->cfg, s->policy.key_name);
        if (!kf) {
            snprintf(s->key_note, sizeof s->key_note, "no key file configured (key_file.%s)", s->policy.key_name);
        } else if (pseudo_key_load_file(&s->key, kf, err, sizeof err) != 0) {
            snprintf(s->key_note, sizeof s->key_note, "key file unusable");
            sr_warn("%s", err);
        } else {
            s->key_loaded = true;
        }
    }
    ret = 0;
cleanup:
    strbuf_release(&purposes);
    return ret;
}

static void release_section(struct section *s)
{
    for (int f = 0; f < CF__COUNT; f++)
        id_set_free(s->stats[f].distinct);
    if (s->key_loaded)
        pseudo_key_release(&s->key);
    policy_release(&s->policy);
}

/* Reads the replica once for this policy, as build would. */
static enum db_status count_section(struct db *db, struct section *s, int year, struct strbuf *err)
{
    struct cin_source *src = NULL;
    struct arena a = ARENA_INIT;
    struct cin_source_options so = { year, &s->policy, NULL, NULL, 0 };
    enum db_status st = cin_source_open(&src, db, &so, err);
    sr_date ref = census_reference_date(year);
    struct pseudo_key *key = s->key_loaded ? &s->key : NULL;
    struct pseudo_key scratch;

    /* Without the key the pseudonyms cannot be made; an ad hoc key gives the
     * same counts (HMAC is one-to-one in practice) and is never shown. */
    if (!key && policy_needs_key(&s->policy)) {
        char e2[128];
        if (pseudo_key_random(&scratch, e2, sizeof e2) == 0)
            key = &scratch;
    }
    if (st != DB_OK)
        goto cleanup;
    for (;;) {
        struct cin_child c;
        arena_reset(&a);
        int r = cin_source_next(src, &a, &c, err);
        if (r < 0) {
            st = cin_source_status(src);
            goto cleanup;
        }
        if (r == 0)
            break;
        if (cin_apply_policy(&a, &c, &s->policy, key) != 0)
            continue;
        s->people++;
        s->bands[band_of(&c, ref)]++;
        cin_visit_fields(&c, visit, s);
    }
cleanup:
    if (key == &scratch)
        pseudo_key_release(&scratch);
    cin_source_close(src);
    arena_release(&a);
    return st;
}

/* The profile's file for the year: path (".../policy_NAME.conf") itself,
 * or its latest year layer ".../policy_NAME_YYYY.conf" not after year. */
static void use_year_layer(char **path, int year)
{
    size_t len = strlen(*path);

    for (int y = year; len > 5 && y > year - POLICY_LAYER_YEARS; y--) {
        struct strbuf layer = STRBUF_INIT;
        strbuf_addf(&layer, "%.*s_%d.conf", (int)(len - 5), *path, y);
        if (access(layer.buf, F_OK) == 0) {
            free(*path);
            *path = strbuf_detach(&layer, NULL);
            return;
        }
        strbuf_release(&layer);
    }
}

/* The policies to report on: the one named, the profile named, or every
 * profile in specs/cin; each loaded into a section of d.  An exit status. */
static int load_sections(struct dpo *d, const struct shared_request *req)
{
    struct strbuf sb = STRBUF_INIT;
    char **profiles = NULL;
    size_t n_profiles = 0;
    int ret = SR_OK;

    if (req->policy_path) {
        profiles = xcalloc(1, sizeof *profiles);
        profiles[0] = xstrdup(req->policy_path);
        n_profiles = 1;
    } else if (req->profile) {
        char err[128];
        if (policy_profile_path(&sb, "cin", req->profile, err, sizeof err) != 0) {
            sr_error("--profile %s: %s", req->profile, err);
            strbuf_release(&sb);
            return SR_USAGE;
        }
        profiles = xcalloc(1, sizeof *profiles);
        profiles[0] = strbuf_detach(&sb, NULL);
        n_profiles = 1;
    } else {
        n_profiles = policy_profiles("cin", &profiles);
    }
    if (!n_profiles) {
        sr_error("no CIN policies found in %s/specs/cin", sr_datadir());
        ret = SR_CONFIG;
    }
    d->sec = xcalloc(n_profiles ? n_profiles : 1, sizeof *d->sec);
    for (size_t i = 0; !req->policy_path && i < n_profiles; i++)
        use_year_layer(&profiles[i], req->year);
    for (size_t i = 0; ret == SR_OK && i < n_profiles; i++) {
        if (load_section(&d->sec[i], profiles[i], req) != 0)
            ret = SR_CONFIG;
        else
            d->n_sec++;
    }
    for (size_t i = 0; i < n_profiles; i++)
        free(profiles[i]);
    free(profiles);
    strbuf_release(&sb);
    return ret;
}

static void release(void *state)
{
    struct dpo *d = state;

    for (size_t i = 0; i < d->n_sec; i++)
        release_section(&d->sec[i]);
    free(d->sec);
    free(d);
}

/* The year, and the policies: the one named, the profile named, or every
 * profile in specs/cin. */
static void *load(const struct shared_request *req, enum sr_status *st)
{
    struct dpo *d = xcalloc(1, sizeof *d);
    int first, last;

    rule_years_supported(&first, &last);
    if (req->year < first || req->year > last) {
        sr_error("--year must be a supported collection year (%d to %d)", first, last);
        *st = SR_USAGE;
        free(d);
        return NULL;
    }
    d->year = req->year;
    d->la = req->la;
    d->offline = req->offline;
    d->pp_year = req->year >= CIN_PP_FIRST_YEAR;
    if ((*st = load_sections(d, req)) != SR_OK) {
        release(d);
        return NULL;
    }
    return d;
}

/* Counts, from one snapshot of the replica, what each section would share. */
static enum sr_status count(void *state, struct db *db, const char *snapshot)
{
    struct dpo *d = state;
    struct strbuf sb = STRBUF_INIT;
    enum db_status st;

    snprintf(d->snapshot, sizeof d->snapshot, "%s", snapshot);
    st = cin_source_count_out_of_period(db, d->year, &d->out_of_period, &sb);
    for (size_t i = 0; st == DB_OK && i < d->n_sec; i++)
        st = count_section(db, &d->sec[i], d->year, &sb);
    /* The tables are read only for a policy that sends the module. */
    for (size_t i = 0; st == DB_OK && d->pp_year && i < d->n_sec; i++)
        if (!d->sec[i].pp_skipped) {
            st = cin_source_count_untied_preproceedings(db, d->year, &d->pp_untied, &sb);
            break;
        }
    if (st != DB_OK)
        sr_error("%s", sb.buf);
    strbuf_release(&sb);
    return db_sr_status(st);
}

/* 0, or -1 when the JSON writer was misused (a bug). */
static int render(void *state, const char *format, struct strbuf *out)
{
    const struct dpo *d = state;

    if (!strcmp(format, "json"))
        return render_json(out, d);
    if (!strcmp(format, "md"))
        render_md(out, d);
    else if (!strcmp(format, "html"))
        render_html(out, d);
    else
        render_text(out, d);
    return 0;
}

static const char *const formats[] = { "text", "json", "md", "html", NULL };

const struct return_shared cin_shared = {
    .usage = usage_text,
    .option_help = option_help,
    .options = SHARED_OPT_YEAR | SHARED_OPT_PROFILE | SHARED_OPT_POLICY | SHARED_OPT_PSEUDONYMISE_IDS,
    .formats = formats,
    .load = load,
    .count = count,
    .render = render,
    .release = release,
};
