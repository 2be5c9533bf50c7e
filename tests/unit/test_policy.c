/*
 * Tests of data-sharing policies and purposes (src/privacy/policy.c,
 * include/privacy/policy.h) with the CIN field catalogue (src/returns/cin/cin_fields.c).
 *
 * The real policy (specs/cin/policy_dfe.conf) and purposes
 * (specs/purposes.conf) must load and agree with the catalogue line by
 * line.  Bad policies are derived from the real file by small text edits
 * (remove, duplicate or rewrite one line), written to a private temporary
 * directory and loaded; each must be refused with a message that names the
 * file and, where the problem sits on a line, that line ("path:N:").  Line
 * numbers are found in the real file's text, not typed, so the tests
 * survive edits to the policy's comments.  Bad purposes files are small
 * texts written whole.
 *
 * The 2026-27 year layer (specs/cin/policy_dfe_2027.conf: base =
 * policy_dfe.conf plus the pre-proceedings fields) must load against the
 * 2026-27 catalogue, keep the base's settings and lines, and refuse a
 * layer that breaks its rules (base not first, not beside it, twice, a base
 * with a base, a base field again, a base setting again).
 *
 * Runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "returns/cin/cin_fields.h"
#include "io/utf8.h"
#include "privacy/manifest.h"
#include "privacy/policy.h"
#include "core/strbuf.h"
#include "json_check.h"

#define POLICY "specs/cin/policy_dfe.conf"
#define POLICY27 "specs/cin/policy_dfe_2027.conf"
#define PURPOSES "specs/purposes.conf"

/* ---- file helpers -------------------------------------------------------- */

struct lines {
    char **v;
    size_t n;
};

static void lines_read(struct lines *l, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    assert_non_null(f);
    l->v = NULL;
    l->n = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
        assert_non_null(l->v);
        l->v[l->n] = strdup(line);
        assert_non_null(l->v[l->n]);
        l->n++;
    }
    free(line);
    fclose(f);
}

static void lines_free(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* 0-based index of the first line starting with prefix; fails the test if none. */
static size_t lines_find(const struct lines *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strncmp(l->v[i], prefix, strlen(prefix)))
            return i;
    fail_msg("no line starts with '%s'", prefix);
    return 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

struct tmp {
    char dir[64];
    int seq;
};

static int setup_tmp(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/statreturn-policy.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmp *t = *state;
    DIR *d = opendir(t->dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", t->dir, de->d_name);
        unlink(p.buf);
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
    free(t);
    return 0;
}

/* A fresh file name in the temporary directory (caller releases). */
static void tmp_name(struct tmp *t, struct strbuf *out, const char *stem)
{
    strbuf_reset(out);
    strbuf_addf(out, "%s/%s-%d.conf", t->dir, stem, ++t->seq);
}

/* ---- the real policy ---------------------------------------------------- */

static void test_real_policy_loads(void **state)
{
    struct policy p;
    struct lines l;
    char err[1024] = "";

    (void)state;
    if (policy_load(&p, &cin_catalogue, POLICY, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_string_equal(p.name, "cin-dfe");
    assert_string_equal(p.version, "2025.1");
    assert_string_equal(p.ret, "cin");
    assert_non_null(strstr(p.recipient, "Department for Education"));
    assert_string_equal(p.key_name, "dfe");
    assert_ptr_equal(p.catalogue, &cin_catalogue);
    assert_null(p.base_path);
    /* 2024-25 and 2025-26: every field up to the 2026-27 module */
    assert_int_equal(cin_catalogue.n, CF__FIRST_2027);
    assert_ptr_equal(cin_catalogue_for_year(2025), &cin_catalogue);
    assert_ptr_equal(cin_catalogue_for_year(2026), &cin_catalogue);
    assert_ptr_equal(cin_catalogue_for_year(2027), &cin_catalogue_2027);
    assert_int_equal(cin_catalogue_2027.n, CF__COUNT);
    assert_int_equal(p.purposes.n, 4);

    /* every catalogue field has the entry of its own line in the file */
    lines_read(&l, POLICY);
    const struct purpose *dfe = purposes_find(&p.purposes, "dfe-returns");
    assert_non_null(dfe);
    assert_non_null(dfe->special_basis);
    for (size_t i = 0; i < cin_catalogue.n; i++) {
        const struct field_def *fd = &cin_catalogue.fields[i];
        struct strbuf prefix = STRBUF_INIT;
        strbuf_addf(&prefix, "field %s ", fd->name);
        size_t at = lines_find(&l, prefix.buf);
        if (p.entries[i].line != at + 1)
            fail_msg("%s: entry line %u, the file has it on line %zu", fd->name, p.entries[i].line, at + 1);
        assert_ptr_equal(p.entries[i].purpose, dfe);
        /* the catalogue's source is the one the file names */
        assert_non_null(strstr(l.v[at], fd->source));
        assert_int_equal(catalogue_find(&cin_catalogue, fd->name), i);
        strbuf_release(&prefix);
    }
    lines_free(&l);

    /* treatments and special flags as written */
    for (size_t i = 0; i < cin_catalogue.n; i++) {
        enum treatment want = i == CF_ASSESSMENT_REVIEW ? TR_DROP : TR_CLEAR;
        bool special = i == CF_ETHNICITY || i == CF_DISABILITY || i == CF_PRIMARY_NEED || i == CF_ASSESSMENT_FACTOR;
        if (policy_treatment(&p, i) != want || p.entries[i].special != special)
            fail_msg("%s: treatment %s special %d", cin_catalogue.fields[i].name,
                     treatment_name(policy_treatment(&p, i)), p.entries[i].special);
        assert_int_equal(policy_emits(&p, i), want != TR_DROP);
        assert_int_equal(p.pseudonymisable[i], i == CF_LA_CHILD_ID);
    }
    assert_false(policy_needs_key(&p));
    assert_int_equal(catalogue_find(&cin_catalogue, "ChildIdentifiers/Gender"), (size_t)-1);

    /* --pseudonymise-ids switches exactly LAchildID */
    assert_int_equal(policy_pseudonymise_ids(&p), 1);
    assert_int_equal(policy_treatment(&p, CF_LA_CHILD_ID), TR_PSEUDONYMISE);
    assert_int_equal(policy_treatment(&p, CF_UPN), TR_CLEAR);
    assert_true(policy_needs_key(&p));
    assert_int_equal(policy_pseudonymise_ids(&p), 0);   /* already switched */

    policy_release(&p);
    assert_null(p.entries);
    assert_null(p.path);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(treatment_name(TR_CLEAR), "clear");
    assert_string_equal(treatment_name(TR_PSEUDONYMISE), "pseudonymise");
    assert_string_equal(treatment_name(TR_MONTH), "month");
    assert_string_equal(treatment_name(TR_SECTOR), "sector");
    assert_string_equal(treatment_name(TR_DROP), "drop");
    assert_string_equal(treatment_name(TR__COUNT), "?");
    assert_string_equal(field_kind_name(FK_DATE), "date");
    assert_string_equal(field_kind_name(FK_ID), "identifier");
    assert_string_equal(field_kind_name(FK_POSTCODE), "postcode");
}

/* ---- bad policies, derived from the real one ---------------------------- */

enum edit_kind {
    ED_REMOVE,      /* remove the target line */
    ED_DUPLICATE,   /* insert a copy of the target line after it */
    ED_SUBST,       /* replace `from` by `to` in the target line */
    ED_REPLACE,     /* replace the whole target line by `to` */
    ED_APPEND,      /* append `to` to the end of the file (target unused) */
};

enum want_line {
    WL_NONE,        /* the problem is the whole file: "path: " */
    WL_TARGET,      /* "path:N:" where N is the target line */
    WL_NEXT,        /* the line after the target (a duplicate) */
    WL_LAST,        /* the appended line */
};

struct bad_policy {
    const char *name;
    enum edit_kind kind;
    const char *target;        /* prefix of the line to edit */
    const char *from, *to;
    const char *purposes_extra;   /* appended to a copy of the purposes file, or NULL */
    enum want_line line;
    const char *want[3];       /* substrings of the message */
};

static const struct bad_policy bad_policies[] = {
    { "field line removed", ED_REMOVE, "field ChildIdentifiers/Sex ", NULL, NULL, NULL, WL_NONE,
      { "'ChildIdentifiers/Sex' is not listed", "drop" } },
    { "optional field line removed", ED_REMOVE, "field Assessments/AssessmentInternalReviewDate ", NULL, NULL, NULL,
      WL_NONE, { "'Assessments/AssessmentInternalReviewDate' is not listed" } },
    { "field listed twice", ED_DUPLICATE, "field ChildIdentifiers/UPN ", NULL, NULL, NULL, WL_NEXT,
      { "'ChildIdentifiers/UPN' is listed twice", "first on line" } },
    { "unknown treatment", ED_SUBST, "field ChildCharacteristics/Ethnicity ", " clear", " blur", NULL, WL_TARGET,
      { "unknown treatment 'blur'" } },
    { "unknown source column", ED_SUBST, "field ChildIdentifiers/Sex ", "ssd_person.pers_sex", "ssd_person.pers_gender",
      NULL, WL_TARGET, { "unknown source 'ssd_person.pers_gender'", "ChildIdentifiers/Sex", "ssd_person.pers_sex" } },
    { "unknown source table", ED_SUBST, "field CINdetails/CINreferralDate ", "ssd_cin_episodes.", "ssd_episodes.",
      NULL, WL_TARGET, { "unknown source 'ssd_episodes.cine_referral_date'" } },
    { "drop a required LAchildID", ED_SUBST, "field ChildIdentifiers/LAchildID ", " clear", " drop", NULL, WL_TARGET,
      { "ChildIdentifiers/LAchildID", "cannot be dropped" } },
    { "drop a required Sex", ED_SUBST, "field ChildIdentifiers/Sex ", " clear", " drop", NULL, WL_TARGET,
      { "ChildIdentifiers/Sex", "cannot be dropped" } },
    { "month on a non-date", ED_SUBST, "field ChildIdentifiers/Sex ", " clear", " month", NULL, WL_TARGET,
      { "'month'", "ChildIdentifiers/Sex", "only dates" } },
    { "pseudonymise a non-identifier", ED_SUBST, "field ChildIdentifiers/UPN ", " clear", " pseudonymise", NULL,
      WL_TARGET, { "'pseudonymise'", "only identifiers" } },
    { "sector on a non-postcode", ED_SUBST, "field ChildIdentifiers/PersonBirthDate ", " clear", " sector", NULL,
      WL_TARGET, { "'sector'", "only postcodes" } },
    { "default purpose undefined", ED_REPLACE, "purpose ", NULL, "purpose = nope", NULL, WL_TARGET,
      { "purpose 'nope' is not defined", PURPOSES } },
    { "field purpose undefined", ED_SUBST, "field ChildIdentifiers/UPN ", " clear", " clear purpose=nope", NULL,
      WL_TARGET, { "purpose 'nope' is not defined", PURPOSES } },
    { "missing return", ED_REMOVE, "return ", NULL, NULL, NULL, WL_NONE, { "missing setting 'return'" } },
    { "missing policy name", ED_REMOVE, "policy ", NULL, NULL, NULL, WL_NONE, { "missing setting 'policy'" } },
    { "special field, purpose without special_basis", ED_SUBST, "field ChildCharacteristics/Ethnicity ", " special",
      " purpose=plain special", "\n[plain]\nnotice = n\nbasis = b\n", WL_TARGET,
      { "ChildCharacteristics/Ethnicity", "special_basis", "'plain'" } },
    { "unknown field", ED_APPEND, NULL, NULL, "field ChildIdentifiers/Gender ssd_person.pers_gender clear\n", NULL,
      WL_LAST, { "'ChildIdentifiers/Gender' is not a field of the cin return" } },
    { "unknown setting", ED_APPEND, NULL, NULL, "colour = blue\n", NULL, WL_LAST, { "unknown setting 'colour'" } },
    { "setting twice", ED_DUPLICATE, "version ", NULL, NULL, NULL, WL_NEXT, { "'version' is set twice" } },
    { "field line too short", ED_REPLACE, "field ChildIdentifiers/Sex ", NULL, "field ChildIdentifiers/Sex ssd_person.pers_sex",
      NULL, WL_TARGET, { "a field line is" } },
    { "unexpected option", ED_SUBST, "field ChildIdentifiers/Sex ", " clear", " clear loud", NULL, WL_TARGET,
      { "unexpected 'loud'" } },
    { "not key = value", ED_APPEND, NULL, NULL, "just words\n", NULL, WL_LAST, { "expected 'key = value'" } },
    { "pseudonymise-ids names a code", ED_REPLACE, "pseudonymise-ids ", NULL, "pseudonymise-ids = ChildIdentifiers/UPN",
      NULL, WL_NONE, { "'ChildIdentifiers/UPN'", "not an identifier field" } },
    { "pseudonymise-ids without a key", ED_REMOVE, "key ", NULL, NULL, NULL, WL_NONE, { "needs 'key = NAME'" } },
};

/* Builds the edited policy text; *target_line (1-based, in the edited
 * file) is where the problem is expected. */
static void build_edit(const struct bad_policy *bp, struct strbuf *out, unsigned *want_line)
{
    struct lines l;
    size_t at = 0;

    lines_read(&l, POLICY);
    if (bp->kind != ED_APPEND)
        at = lines_find(&l, bp->target);
    strbuf_reset(out);
    for (size_t i = 0; i < l.n; i++) {
        if (i == at && bp->kind != ED_APPEND) {
            switch (bp->kind) {
            case ED_REMOVE:
                continue;
            case ED_DUPLICATE:
                strbuf_addf(out, "%s\n%s\n", l.v[i], l.v[i]);
                continue;
            case ED_SUBST: {
                const char *hit = strstr(l.v[i], bp->from);
                if (!hit)
                    fail_msg("%s: '%s' not in line '%s'", bp->name, bp->from, l.v[i]);
                strbuf_add(out, l.v[i], (size_t)(hit - l.v[i]));
                strbuf_addf(out, "%s%s\n", bp->to, hit + strlen(bp->from));
                continue;
            }
            case ED_REPLACE:
                strbuf_addf(out, "%s\n", bp->to);
                continue;
            case ED_APPEND:
                break;
            }
        }
        strbuf_addf(out, "%s\n", l.v[i]);
    }
    if (bp->kind == ED_APPEND)
        strbuf_addstr(out, bp->to);
    switch (bp->line) {
    case WL_NONE: *want_line = 0; break;
    case WL_TARGET: *want_line = (unsigned)at + 1; break;
    case WL_NEXT: *want_line = (unsigned)at + 2; break;
    case WL_LAST: *want_line = (unsigned)l.n + 1; break;
    }
    lines_free(&l);
}

/* Loads the edited policy; returns 0 when it is refused with the expected
 * message, else prints why and returns 1. */
static int check_bad_policy(struct tmp *t, const struct bad_policy *bp)
{
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT, ppath = STRBUF_INIT, want = STRBUF_INIT;
    struct policy p;
    unsigned line;
    char err[1024] = "";
    int failed = 0;

    build_edit(bp, &text, &line);
    tmp_name(t, &path, "policy");
    write_text(path.buf, text.buf);
    if (bp->purposes_extra) {
        struct lines pl;
        struct strbuf ptext = STRBUF_INIT;
        lines_read(&pl, PURPOSES);
        for (size_t k = 0; k < pl.n; k++)
            strbuf_addf(&ptext, "%s\n", pl.v[k]);
        strbuf_addstr(&ptext, bp->purposes_extra);
        lines_free(&pl);
        tmp_name(t, &ppath, "purposes");
        write_text(ppath.buf, ptext.buf);
        strbuf_release(&ptext);
    } else {
        strbuf_addstr(&ppath, PURPOSES);
    }

    if (policy_load(&p, &cin_catalogue, path.buf, ppath.buf, err, sizeof err) == 0) {
        print_error("%s: policy accepted\n", bp->name);
        policy_release(&p);
        failed = 1;
    } else {
        if (line)
            strbuf_addf(&want, "%s:%u: ", path.buf, line);
        else
            strbuf_addf(&want, "%s: ", path.buf);
        bool ok = !strncmp(err, want.buf, want.len);
        for (size_t k = 0; k < 3 && bp->want[k]; k++)
            ok = ok && strstr(err, bp->want[k]) != NULL;
        if (!ok) {
            print_error("%s: message '%s'\n    should start '%s' and contain", bp->name, err, want.buf);
            for (size_t k = 0; k < 3 && bp->want[k]; k++)
                print_error(" '%s'", bp->want[k]);
            print_error("\n");
            failed = 1;
        }
        /* a refused policy is released whole */
        assert_null(p.entries);
        assert_null(p.path);
    }
    strbuf_release(&text);
    strbuf_release(&path);
    strbuf_release(&ppath);
    strbuf_release(&want);
    return failed;
}

static void test_bad_policies(void **state)
{
    int failures = 0;

    for (size_t i = 0; i < sizeof bad_policies / sizeof bad_policies[0]; i++)
        failures += check_bad_policy(*state, &bad_policies[i]);
    assert_int_equal(failures, 0);
}

/* policy.h: "Every problem is reported as file:line: reason".  A policy for
 * another return is wrong on its 'return =' line, so the message must name
 * that line, as the other setting errors do. */
static void test_return_mismatch_names_line(void **state)
{
    static const struct bad_policy bp = {
        "return of another collection", ED_REPLACE, "return ", NULL, "return = 903", NULL, WL_TARGET,
        { "'903'", "cin" }
    };
    assert_int_equal(check_bad_policy(*state, &bp), 0);
}

/* The duplicate's message names the first line, found in the file's text. */
static void test_duplicate_names_first_line(void **state)
{
    struct tmp *t = *state;
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT, want = STRBUF_INIT;
    struct policy p;
    unsigned line;
    char err[1024] = "";

    build_edit(&bad_policies[2], &text, &line);
    assert_string_equal(bad_policies[2].name, "field listed twice");
    tmp_name(t, &path, "dup");
    write_text(path.buf, text.buf);
    assert_int_equal(policy_load(&p, &cin_catalogue, path.buf, PURPOSES, err, sizeof err), -1);
    strbuf_addf(&want, "(first on line %u)", line - 1);
    if (!strstr(err, want.buf))
        fail_msg("'%s' lacks '%s'", err, want.buf);
    strbuf_release(&text);
    strbuf_release(&path);
    strbuf_release(&want);
}

/* A field of another collection year: the catalogue names it, and the
 * policy's line for it is passed over unread (even a source the year
 * cannot check); a name the catalogue does not know at all is refused. */
static void test_other_year_fields(void **state)
{
    static const char *const other[] = { "NewTable/NEW_COLUMN" };
    struct tmp *t = *state;
    struct field_catalogue cat = cin_catalogue;
    struct lines l;
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
    struct policy p;
    char err[1024] = "";

    lines_read(&l, POLICY);
    for (size_t i = 0; i < l.n; i++)
        strbuf_addf(&text, "%s\n", l.v[i]);
    strbuf_addstr(&text, "field NewTable/NEW_COLUMN  ssd_new.column  clear\n");
    tmp_name(t, &path, "other");
    write_text(path.buf, text.buf);
    assert_int_equal(policy_load(&p, &cin_catalogue, path.buf, PURPOSES, err, sizeof err), -1);
    assert_non_null(strstr(err, "'NewTable/NEW_COLUMN' is not a field of the cin return"));
    cat.other = other;
    cat.n_other = 1;
    assert_int_equal(policy_load(&p, &cat, path.buf, PURPOSES, err, sizeof err), 0);
    assert_int_equal(catalogue_find(p.catalogue, "NewTable/NEW_COLUMN"), (size_t)-1);
    policy_release(&p);
    lines_free(&l);
    strbuf_release(&text);
    strbuf_release(&path);
}

/* Edits that are allowed: month on a date, drop on an optional field. */
static void test_good_edits(void **state)
{
    struct tmp *t = *state;
    static const struct bad_policy good[] = {
        { "month on the birth date", ED_SUBST, "field ChildIdentifiers/PersonBirthDate ", " clear", " month", NULL,
          WL_NONE, { NULL } },
        { "drop the UPN", ED_SUBST, "field ChildIdentifiers/UPN ", " clear", " drop", NULL, WL_NONE, { NULL } },
        { "field purpose given", ED_SUBST, "field ChildIdentifiers/UPN ", " clear",
          " clear purpose=regional-benchmarking", NULL, WL_NONE, { NULL } },
    };
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct policy p;
        unsigned line;
        char err[1024] = "";
        build_edit(&good[i], &text, &line);
        tmp_name(t, &path, "good");
        write_text(path.buf, text.buf);
        if (policy_load(&p, &cin_catalogue, path.buf, PURPOSES, err, sizeof err) != 0)
            fail_msg("%s: %s", good[i].name, err);
        switch (i) {
        case 0:
            assert_int_equal(policy_treatment(&p, CF_BIRTH_DATE), TR_MONTH);
            break;
        case 1:
            assert_int_equal(policy_treatment(&p, CF_UPN), TR_DROP);
            assert_false(policy_emits(&p, CF_UPN));
            break;
        case 2:
            assert_string_equal(p.entries[CF_UPN].purpose->id, "regional-benchmarking");
            assert_string_equal(p.entries[CF_SEX].purpose->id, "dfe-returns");
            break;
        }
        policy_release(&p);
    }
    strbuf_release(&text);
    strbuf_release(&path);
}

/* ---- year layers ---------------------------------------------------------- */

static void test_year_layer_loads(void **state)
{
    struct policy p;
    struct lines base, layer;
    char err[1024] = "";

    (void)state;
    if (policy_load(&p, &cin_catalogue_2027, POLICY27, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_string_equal(p.path, POLICY27);
    assert_string_equal(p.base_path, POLICY);
    assert_string_equal(p.name, "cin-dfe");            /* the base's */
    assert_string_equal(p.version, "2027.1");          /* the layer's own */
    assert_string_equal(p.key_name, "dfe");
    assert_true(p.pseudonymisable[CF_LA_CHILD_ID]);
    lines_read(&base, POLICY);
    lines_read(&layer, POLICY27);
    for (size_t i = 0; i < cin_catalogue_2027.n; i++) {
        const struct field_def *fd = &cin_catalogue_2027.fields[i];
        struct strbuf prefix = STRBUF_INIT;
        strbuf_addf(&prefix, "field %s ", fd->name);
        /* each line where it is written: the base's, or the layer's */
        size_t at = lines_find(cin_field_is_pp(i) ? &layer : &base, prefix.buf);
        assert_int_equal(p.entries[i].line, at + 1);
        assert_string_equal(p.entries[i].purpose->id, "dfe-returns");
        if (cin_field_is_pp(i)) {
            assert_int_equal(p.entries[i].treatment, TR_CLEAR);
            assert_false(p.entries[i].special);
            assert_false(fd->required);
        }
        strbuf_release(&prefix);
    }
    lines_free(&base);
    lines_free(&layer);
    assert_true(cin_keeps(&p, CF_PP_COURT_APP));
    policy_release(&p);
    assert_null(p.base_path);

    /* The base has no module lines for 2026-27; the layer is not a 2025-26 policy. */
    assert_int_equal(policy_load(&p, &cin_catalogue_2027, POLICY, PURPOSES, err, sizeof err), -1);
    assert_non_null(strstr(err, "'PreProceedingsandFGDM/PPStartDate' is not listed"));
    assert_int_equal(policy_load(&p, &cin_catalogue, POLICY27, PURPOSES, err, sizeof err), -1);
    assert_non_null(strstr(err, "'PreProceedingsandFGDM/PPStartDate' is not a field of the cin return"));
    /* A policy of 2025-26 loaded for itself keeps none of the module. */
    assert_int_equal(policy_load(&p, &cin_catalogue, POLICY, PURPOSES, err, sizeof err), 0);
    assert_false(cin_keeps(&p, CF_PP_START));
    policy_release(&p);
}

/* The shipped file of a profile for a year: the latest layer not after it. */
static void test_profile_path_year(void **state)
{
    static const struct { const char *profile; int year; const char *ends; } cases[] = {
        { "dfe", 2025, "/specs/cin/policy_dfe.conf" },
        { "dfe", 2026, "/specs/cin/policy_dfe.conf" },
        { "dfe", 2027, "/specs/cin/policy_dfe_2027.conf" },
        { "dfe", 2031, "/specs/cin/policy_dfe_2027.conf" },
        { "regional", 2027, "/specs/cin/policy_regional_2027.conf" },
        { "regional", 2026, "/specs/cin/policy_regional.conf" },
        { "nosuch", 2027, "/specs/cin/policy_nosuch.conf" },
    };
    char err[256];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf out = STRBUF_INIT;
        assert_int_equal(policy_profile_path_year(&out, "cin", cases[i].profile, cases[i].year, err, sizeof err), 0);
        size_t n = strlen(cases[i].ends);
        if (out.len < n || strcmp(out.buf + out.len - n, cases[i].ends) != 0)
            fail_msg("%s %d: %s", cases[i].profile, cases[i].year, out.buf);
        strbuf_release(&out);
    }
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(policy_profile_path_year(&out, "cin", "../dfe", 2027, err, sizeof err), -1);
    strbuf_release(&out);
}

/* A layer, and the base it names, written beside each other. */
struct layer_case {
    const char *name;
    const char *base_head;      /* prepended to the real base, or NULL */
    const char *layer;          /* the layer's text; each %s is the base's file name */
    const char *want;           /* in the message */
    bool at_base;               /* the message names the base file, not the layer */
};

static const struct layer_case layer_cases[] = {
    { "base not first", NULL, "version = 2027.9\nbase = %s\n", "'base' must come before every other line", false },
    { "base in another folder", NULL, "base = ../%s\n", "must name a policy file in the same folder", false },
    { "base twice", NULL, "base = %s\nbase = %s\n", "'base' is set twice", false },
    { "a base with a base", "base = other.conf\n", "base = %s\n", "a base policy cannot have a base", true },
    { "a base field again", NULL, "base = %s\nfield ChildIdentifiers/UPN ssd_linked_identifiers.link_identifier_value drop\n",
      "field 'ChildIdentifiers/UPN' is listed twice", false },
    { "a base setting again", NULL, "base = %s\nrecipient = someone else\n", "'recipient' is set twice", false },
    { "the version twice", NULL, "base = %s\nversion = 1\nversion = 2\n", "'version' is set twice", false },
    { "no such base", NULL, "base = nosuch-%s\n", "cannot be read: No such file", false },
};

static void test_layer_errors(void **state)
{
    struct tmp *t = *state;
    struct lines l;

    lines_read(&l, POLICY);
    for (size_t i = 0; i < sizeof layer_cases / sizeof layer_cases[0]; i++) {
        const struct layer_case *k = &layer_cases[i];
        struct strbuf base = STRBUF_INIT, text = STRBUF_INIT, layer = STRBUF_INIT;
        struct policy p;
        char err[1024] = "";
        tmp_name(t, &base, "base");
        strbuf_addstr(&text, k->base_head ? k->base_head : "");
        for (size_t j = 0; j < l.n; j++)
            strbuf_addf(&text, "%s\n", l.v[j]);
        write_text(base.buf, text.buf);
        strbuf_reset(&text);
        const char *base_name = strrchr(base.buf, '/') + 1;
        for (const char *c = k->layer; *c; c++) {   /* every %s is the base's name */
            if (c[0] == '%' && c[1] == 's') {
                strbuf_addstr(&text, base_name);
                c++;
            } else {
                strbuf_addch(&text, *c);
            }
        }
        tmp_name(t, &layer, "layer");
        write_text(layer.buf, text.buf);
        if (policy_load(&p, &cin_catalogue, layer.buf, PURPOSES, err, sizeof err) == 0)
            fail_msg("%s: accepted", k->name);
        const char *file = k->at_base ? base.buf : layer.buf;   /* "file:line: reason" */
        if (!strstr(err, k->want) || strncmp(err, file, strlen(file)) != 0 || err[strlen(file)] != ':')
            fail_msg("%s: '%s'", k->name, err);
        assert_null(p.base_path);
        strbuf_release(&base);
        strbuf_release(&text);
        strbuf_release(&layer);
    }
    lines_free(&l);
}

static void test_missing_files(void **state)
{
    struct policy p;
    char err[1024] = "";

    (void)state;
    assert_int_equal(policy_load(&p, &cin_catalogue, "/nonexistent/policy.conf", PURPOSES, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/policy.conf"));
    err[0] = '\0';
    assert_int_equal(policy_load(&p, &cin_catalogue, POLICY, "/nonexistent/purposes.conf", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/purposes.conf"));
}

/* ---- purposes files ------------------------------------------------------ */

static void test_real_purposes(void **state)
{
    struct purposes ps;
    char err[1024] = "";

    (void)state;
    if (purposes_load(&ps, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(ps.n, 4);
    assert_string_equal(ps.items[0].id, "dfe-returns");
    assert_string_equal(ps.items[1].id, "supporting-families");
    assert_string_equal(ps.items[2].id, "regional-benchmarking");
    for (size_t i = 0; i < ps.n; i++) {
        assert_non_null(ps.items[i].notice);
        assert_non_null(ps.items[i].basis);
        assert_non_null(ps.items[i].special_basis);
    }
    assert_non_null(strstr(ps.items[0].basis, "Article 6(1)(c)"));
    assert_ptr_equal(purposes_find(&ps, "supporting-families"), &ps.items[1]);
    assert_null(purposes_find(&ps, "nope"));
    assert_string_equal(ps.path, PURPOSES);
    purposes_release(&ps);
    assert_int_equal(ps.n, 0);
}

struct bad_purposes {
    const char *name;
    const char *text;
    unsigned line;        /* 0: whole-file problem */
    const char *want[2];
};

static int check_bad_purposes(struct tmp *t, const struct bad_purposes *cases, size_t n)
{
    struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        struct purposes ps;
        char err[1024] = "";
        tmp_name(t, &path, "purposes");
        write_text(path.buf, cases[i].text);
        if (purposes_load(&ps, path.buf, err, sizeof err) == 0) {
            print_error("%s: accepted\n", cases[i].name);
            purposes_release(&ps);
            failures++;
            continue;
        }
        strbuf_reset(&want);
        if (cases[i].line)
            strbuf_addf(&want, "%s:%u: ", path.buf, cases[i].line);
        else
            strbuf_addf(&want, "%s: ", path.buf);
        bool ok = !strncmp(err, want.buf, want.len);
        for (size_t k = 0; k < 2 && cases[i].want[k]; k++)
            ok = ok && strstr(err, cases[i].want[k]) != NULL;
        if (!ok) {
            print_error("%s: message '%s' should start '%s'\n", cases[i].name, err, want.buf);
            failures++;
        }
        assert_int_equal(ps.n, 0);
        assert_null(ps.items);
    }
    strbuf_release(&path);
    strbuf_release(&want);
    return failures;
}

static void test_bad_purposes(void **state)
{
    static const struct bad_purposes cases[] = {
        { "unknown key", "[a]\nnotice = n\nbasis = b\ncolour = red\n", 4, { "unknown key 'colour'" } },
        { "duplicate section", "[a]\nnotice = n\nbasis = b\n\n[a]\nnotice = n\nbasis = b\n", 5,
          { "'a' is defined twice" } },
        { "key twice", "[a]\nnotice = n\nnotice = m\nbasis = b\n", 3, { "'notice' given twice" } },
        { "key before a section", "notice = n\n[a]\nbasis = b\n", 1, { "section" } },
        { "bad section header", "[a\nnotice = n\n", 1, { "[purpose-id]" } },
        { "empty section name", "[]\n", 1, { "[purpose-id]" } },
        { "no value", "[a]\nnotice =\n", 2, { "key = value" } },
    };

    assert_int_equal(check_bad_purposes(*state, cases, sizeof cases / sizeof cases[0]), 0);
}

/* policy.h: every problem as "file:line: reason".  A purpose without a
 * notice or basis is reported at its [section] header line, so the DPO
 * knows which section to complete. */
static void test_incomplete_purpose_names_section_line(void **state)
{
    static const struct bad_purposes cases[] = {
        { "missing notice", "# p\n[a]\nbasis = b\n", 2, { "'a'", "notice" } },
        { "missing basis", "[b]\nnotice = n\nbasis = b\n\n[a]\nnotice = n\n", 5, { "'a'", "basis" } },
    };
    assert_int_equal(check_bad_purposes(*state, cases, sizeof cases / sizeof cases[0]), 0);
}

/* A comment after white space is stripped; a value keeps a '#' inside a word. */
static void test_purposes_comments(void **state)
{
    struct tmp *t = *state;
    struct strbuf path = STRBUF_INIT;
    struct purposes ps;
    char err[1024] = "";

    tmp_name(t, &path, "purposes");
    write_text(path.buf, "# head\n  [a]   # section\nnotice = See C# notes  # trailing\nbasis = b\n");
    if (purposes_load(&ps, path.buf, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(ps.n, 1);
    assert_string_equal(ps.items[0].id, "a");
    assert_string_equal(ps.items[0].notice, "See C# notes");
    assert_string_equal(ps.items[0].basis, "b");
    assert_null(ps.items[0].special_basis);
    purposes_release(&ps);
    strbuf_release(&path);
}

/* The manifest is JSON whatever the paths are (the strict checker says so): an output directory named in
 * Latin-1 (byte 0xE9) gives U+FFFD, never a raw byte that makes the file
 * invalid UTF-8, and the names are kept otherwise. */
static void test_manifest_paths_not_utf8(void **state)
{
    static const struct manifest_output out = {
        "/srv/r\xE9turns/cin_2025_201.xml",
        "0000000000000000000000000000000000000000000000000000000000000000",
    };
    struct manifest m = { .ret = "cin", .period = "2025", .la = "201", .snapshot = "2025-04-01T00:00:00Z",
                          .outputs = &out, .n_outputs = 1 };
    struct policy p;
    struct strbuf j = STRBUF_INIT;
    char err[1024] = "";

    (void)state;
    if (policy_load(&p, &cin_catalogue, POLICY, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
    m.policy = &p;
    assert_int_equal(manifest_render(&j, &m), 0);
    assert_true(utf8_valid(j.buf));
    if (!json_valid(j.buf))
        fail_msg("manifest not JSON at byte %ld: %s", json_invalid_at(j.buf), j.buf);
    assert_non_null(strstr(j.buf, "\"file\": \"/srv/r\\ufffdturns/cin_2025_201.xml\""));
    assert_null(strchr(j.buf, '\xE9'));
    /* the layout people read: one member a line, inline objects */
    assert_non_null(strstr(j.buf, "{\n  \"tool\": \"statreturn\",\n"));
    assert_non_null(strstr(j.buf, ",\n  \"counts\": {},\n  \"excluded\": {},\n  \"outputs\": [\n    {\"file\": "));
    assert_non_null(strstr(j.buf, "\"}\n  ],\n  \"policy\": {\"name\": "));
    assert_non_null(strstr(j.buf, "\"key_fingerprint\": null,\n  \"fields\": [\n    {\"field\": "));
    assert_string_equal(j.buf + j.len - 8, "}\n  ]\n}\n");
    assert_null(strstr(j.buf, "\"notes\""));   /* only when there are some */
    strbuf_release(&j);
    policy_release(&p);
}

/* Notes (what the files hold that counts cannot say) come after the
 * outputs, one string a line. */
/* Renders m under the test policy into j (reset first); fails the test
 * unless the manifest is JSON. */
static void render_manifest(struct manifest *m, struct strbuf *j)
{
    struct policy p;
    char err[1024] = "";

    if (policy_load(&p, &cin_catalogue, POLICY, PURPOSES, err, sizeof err) != 0)
        fail_msg("%s", err);
    m->policy = &p;
    strbuf_reset(j);
    assert_int_equal(manifest_render(j, m), 0);
    m->policy = NULL;
    policy_release(&p);
    if (!json_valid(j->buf))
        fail_msg("manifest not JSON at byte %ld: %s", json_invalid_at(j->buf), j->buf);
}

static void test_manifest_notes(void **state)
{
    static const char *const notes[] = { "The XML document has no \"DoLo\" rows.", "Second." };
    struct manifest m = { .ret = "903", .period = "2027", .la = "201", .snapshot = "2027-04-01T00:00:00Z",
                          .notes = notes, .n_notes = 2 };
    struct strbuf j = STRBUF_INIT;

    (void)state;
    render_manifest(&m, &j);
    assert_non_null(strstr(j.buf, "\"outputs\": [\n  ],\n  \"notes\": [\n    \"The XML document has no "
                                  "\\\"DoLo\\\" rows.\",\n    \"Second.\"\n  ],\n  \"policy\": "));
    strbuf_release(&j);
}

/* Counts under a name of their own (the CSC API's rows tied to no episode)
 * come after "excluded", as one inline object; without a name, nothing. */
static void test_manifest_group(void **state)
{
    static const struct manifest_count group[] = { { "child_looked_after_placements", 3 }, { "adoption", 0 } };
    struct manifest m = { .ret = "csc-api", .period = "2025-03-31", .la = "201", .snapshot = "2025-04-01T00:00:00Z",
                          .group_name = "not_tied_to_an_episode", .group = group, .n_group = 2 };
    struct strbuf j = STRBUF_INIT;

    (void)state;
    render_manifest(&m, &j);
    assert_non_null(strstr(j.buf, "\"excluded\": {},\n  \"not_tied_to_an_episode\": "
                                  "{\"child_looked_after_placements\": 3, \"adoption\": 0},\n  \"outputs\": ["));
    m.group_name = NULL;
    render_manifest(&m, &j);
    assert_null(strstr(j.buf, "not_tied"));
    strbuf_release(&j);
}

/* policy_profiles: every profile of a return, a council's own and edited
 * copies from the configuration directory first, never a year layer, dfe
 * first. */
static void write_file(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# test\n", f);
    fclose(f);
}

static void test_policy_profiles(void **state)
{
    char dir[] = "/tmp/statreturn-profiles.XXXXXX";
    char path[512];
    char **p;
    size_t n;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/cin", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/cin/policy_council.conf", dir);
    write_file(path);
    snprintf(path, sizeof path, "%s/cin/policy_dfe.conf", dir);
    write_file(path);
    snprintf(path, sizeof path, "%s/cin/policy_council_2027.conf", dir);
    write_file(path);
    setenv("STATRETURN_CONFDIR", dir, 1);

    n = policy_profiles("cin", &p);
    assert_int_equal(n, 3);
    snprintf(path, sizeof path, "%s/cin/policy_dfe.conf", dir);
    assert_string_equal(p[0], path);
    snprintf(path, sizeof path, "%s/cin/policy_council.conf", dir);
    assert_string_equal(p[1], path);
    assert_non_null(strstr(p[2], "specs/cin/policy_regional.conf"));
    assert_null(strstr(p[2], dir));
    for (size_t i = 0; i < n; i++)
        free(p[i]);
    free(p);

    unsetenv("STATRETURN_CONFDIR");
    n = policy_profiles("903", &p);
    assert_int_equal(n, 2);
    assert_non_null(strstr(p[0], "specs/903/policy_dfe.conf"));
    assert_non_null(strstr(p[1], "specs/903/policy_regional.conf"));
    for (size_t i = 0; i < n; i++)
        free(p[i]);
    free(p);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_policy_loads),
        cmocka_unit_test(test_policy_profiles),
        cmocka_unit_test(test_manifest_paths_not_utf8),
        cmocka_unit_test(test_manifest_notes),
        cmocka_unit_test(test_manifest_group),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_bad_policies, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_return_mismatch_names_line, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_duplicate_names_first_line, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_good_edits, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_other_year_fields, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_missing_files),
        cmocka_unit_test(test_year_layer_loads),
        cmocka_unit_test(test_profile_path_year),
        cmocka_unit_test_setup_teardown(test_layer_errors, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_real_purposes),
        cmocka_unit_test_setup_teardown(test_bad_purposes, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_incomplete_purpose_names_section_line, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_purposes_comments, setup_tmp, teardown_tmp),
    };
    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
