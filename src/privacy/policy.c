/*
 * Loading and checking data-sharing policies and purposes; see policy.h.
 *
 * Errors name the file and line so a DPO editing a policy can fix it
 * without reading code.  A policy is accepted only whole: every catalogue
 * field listed once, every treatment known and possible for the field,
 * every purpose defined.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/confline.h"
#include "core/paths.h"
#include "privacy/policy.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const char *const treatment_names[TR__COUNT] = {
    [TR_CLEAR] = "clear", [TR_PSEUDONYMISE] = "pseudonymise", [TR_MONTH] = "month",
    [TR_SECTOR] = "sector", [TR_DROP] = "drop",
};

const char *treatment_name(enum treatment t)
{
    return (t >= 0 && t < TR__COUNT) ? treatment_names[t] : "?";
}

const char *field_kind_name(enum field_kind k)
{
    switch (k) {
    case FK_TEXT: return "text";
    case FK_CODE: return "code";
    case FK_DATE: return "date";
    case FK_ID: return "identifier";
    case FK_BOOL: return "boolean";
    case FK_INT: return "integer";
    case FK_POSTCODE: return "postcode";
    case FK_DATETIME: return "date-time";
    }
    return "?";
}

/* ---- purposes --------------------------------------------------------- */

const struct purpose *purposes_find(const struct purposes *ps, const char *id)
{
    for (size_t i = 0; i < ps->n; i++)
        if (!strcmp(ps->items[i].id, id))
            return &ps->items[i];
    return NULL;
}

void purposes_release(struct purposes *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->items[i].id);
        free(ps->items[i].notice);
        free(ps->items[i].basis);
        free(ps->items[i].special_basis);
    }
    free(ps->items);
    free(ps->path);
    memset(ps, 0, sizeof *ps);
}

struct purposes_reader {
    struct purposes *ps;
    size_t cap;
    char *err;
    size_t errlen;
};

/* "[purpose-id]": starts a new purpose. */
static int purpose_section(struct purposes_reader *rd, const struct confline *cl)
{
    struct purposes *ps = rd->ps;
    char *s = cl->text, *end = strchr(s, ']');
    struct purpose *cur;

    if (!end || end[1] != '\0' || end == s + 1)
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno, "a section header is written [purpose-id]");
    *end = '\0';
    if (purposes_find(ps, s + 1))
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno, "purpose '%s' is defined twice", s + 1);
    ALLOC_GROW(ps->items, ps->n, rd->cap);
    cur = &ps->items[ps->n++];
    memset(cur, 0, sizeof *cur);
    cur->id = xstrdup(s + 1);
    cur->line = cl->lineno;
    return 0;
}

/* A section header, or "key = value" inside the section of the purpose
 * begun last. */
static int purpose_line(void *ctx, const struct confline *cl)
{
    struct purposes_reader *rd = ctx;
    struct purpose *cur = rd->ps->n ? &rd->ps->items[rd->ps->n - 1] : NULL;
    char *key, *value;

    if (*cl->text == '[')
        return purpose_section(rd, cl);
    if (!cur)
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno, "expected a [purpose-id] section first");
    if (!confline_split_kv(cl->text, &key, &value) || !*value)
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno, "expected key = value");
    char **slot = !strcmp(key, "notice") ? &cur->notice
                : !strcmp(key, "basis") ? &cur->basis
                : !strcmp(key, "special_basis") ? &cur->special_basis : NULL;
    if (!slot)
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno,
                              "unknown key '%s' (known: notice, basis, special_basis)", key);
    if (*slot)
        return confline_error(rd->err, rd->errlen, cl->path, cl->lineno, "'%s' given twice for purpose '%s'", key,
                              cur->id);
    *slot = xstrdup(value);
    return 0;
}

int purposes_load(struct purposes *ps, const char *path, char *err, size_t errlen)
{
    struct purposes_reader rd = { ps, 0, err, errlen };
    int ret;

    memset(ps, 0, sizeof *ps);
    ps->path = xstrdup(path);
    /* '#' only after white space is a comment: notices quote text. */
    ret = confline_read("purposes", path, CONFLINE_HASH_WORD, purpose_line, &rd, err, errlen);
    for (size_t i = 0; ret == 0 && i < ps->n; i++)
        if (!ps->items[i].notice || !ps->items[i].basis)
            ret = confline_error(err, errlen, path, ps->items[i].line,
                                 "purpose '%s' needs both a notice and a basis", ps->items[i].id);
    if (ret)
        purposes_release(ps);
    return ret;
}

/* ---- policies --------------------------------------------------------- */

size_t catalogue_find(const struct field_catalogue *cat, const char *name)
{
    for (size_t i = 0; i < cat->n; i++)
        if (!strcmp(cat->fields[i].name, name))
            return i;
    return (size_t)-1;
}

/* A field of the return in another collection year (see policy.h). */
static bool other_year_field(const struct field_catalogue *cat, const char *name)
{
    for (size_t i = 0; i < cat->n_other; i++)
        if (!strcmp(cat->other[i], name))
            return true;
    return false;
}

static int parse_treatment(const char *s, enum treatment *t)
{
    for (int i = 0; i < TR__COUNT; i++)
        if (!strcmp(s, treatment_names[i])) {
            *t = (enum treatment)i;
            return 0;
        }
    return -1;
}

/* Whether a treatment can be applied to a field of this kind. */
static const char *treatment_unfit(const struct field_def *fd, enum treatment t)
{
    switch (t) {
    case TR_CLEAR:
        return NULL;
    case TR_DROP:
        return fd->required ? "the schema requires this element, so it cannot be dropped" : NULL;
    case TR_PSEUDONYMISE:
        return fd->kind == FK_ID ? NULL : "only identifiers can be pseudonymised";
    case TR_MONTH:
        return fd->kind == FK_DATE ? NULL : "only dates can be moved to the 1st of the month";
    case TR_SECTOR:
        return fd->kind == FK_POSTCODE ? NULL : "only postcodes can be cut to their sector";
    case TR__COUNT:
        break;
    }
    return "unknown treatment";
}

void policy_release(struct policy *p)
{
    free(p->path);
    free(p->base_path);
    free(p->name);
    free(p->version);
    free(p->ret);
    free(p->recipient);
    free(p->key_name);
    free(p->entries);
    free(p->pseudonymisable);
    purposes_release(&p->purposes);
    memset(p, 0, sizeof *p);
}

/* A setting of the header.  inherited: the layer may give its own value
 * once for a setting its base gave (name and version only). */
static int set_header(struct policy *p, const char *key, const char *value, char **default_purpose,
                      struct strbuf *pseudo_ids, bool *inherited)
{
    char **slot = !strcmp(key, "policy") ? &p->name
                : !strcmp(key, "version") ? &p->version
                : !strcmp(key, "return") ? &p->ret
                : !strcmp(key, "recipient") ? &p->recipient
                : !strcmp(key, "key") ? &p->key_name
                : !strcmp(key, "purpose") ? default_purpose : NULL;
    if (!strcmp(key, "pseudonymise-ids")) {
        if (pseudo_ids->len)
            strbuf_addch(pseudo_ids, ' ');
        strbuf_addstr(pseudo_ids, value);
        return 0;
    }
    if (!slot)
        return -1;
    if (*slot && (slot == &p->name || slot == &p->version) && inherited[slot == &p->version]) {
        inherited[slot == &p->version] = false;
        free(*slot);
        *slot = NULL;
    }
    if (*slot)
        return -2;
    *slot = xstrdup(value);
    return 0;
}

/* What policy_load carries from line to line and on to the checks. */
struct policy_reader {
    struct policy *p;
    const struct field_catalogue *cat;
    const char *path, *purposes_path;
    struct strbuf pseudo_ids;          /* every pseudonymise-ids value, joined */
    char *default_purpose;
    unsigned default_purpose_line, return_line;
    bool *seen;                        /* catalogue fields listed so far */
    bool in_base;                      /* reading the base of a layer */
    bool lines_before;                 /* the layer had a line before 'base' */
    bool inherited[2];                 /* name, version came from the base */
    char *err;
    size_t errlen;
};

/* The words after NAME SOURCE TREATMENT: purpose=ID and special. */
static int field_options(struct policy_reader *pr, unsigned line, struct policy_entry *e, char **tok, size_t nt)
{
    for (size_t i = 3; i < nt; i++) {
        if (!strncmp(tok[i], "purpose=", 8) && tok[i][8]) {
            const struct purpose *pu = purposes_find(&pr->p->purposes, tok[i] + 8);
            if (!pu)
                return confline_error(pr->err, pr->errlen, pr->path, line, "purpose '%s' is not defined in %s",
                                      tok[i] + 8, pr->purposes_path);
            e->purpose = pu;
        } else if (!strcmp(tok[i], "special")) {
            e->special = true;
        } else {
            return confline_error(pr->err, pr->errlen, pr->path, line,
                                  "unexpected '%s' (expected purpose=ID or special)", tok[i]);
        }
    }
    return 0;
}

/* field NAME SOURCE TREATMENT [purpose=ID] [special]; words after "field". */
static int field_line(struct policy_reader *pr, unsigned line, char *words)
{
    const struct field_catalogue *cat = pr->cat;
    char *tok[8];
    size_t nt = confline_words(words, tok, 8);

    if (nt > 8)
        nt = 8;   /* words past the eighth have always been ignored */
    if (nt < 3)
        return confline_error(pr->err, pr->errlen, pr->path, line,
                              "a field line is: field NAME SOURCE TREATMENT [purpose=ID] [special]");
    size_t fi = catalogue_find(cat, tok[0]);
    if (fi == (size_t)-1 && other_year_field(cat, tok[0]))
        return 0;
    if (fi == (size_t)-1)
        return confline_error(pr->err, pr->errlen, pr->path, line, "'%s' is not a field of the %s return", tok[0],
                              cat->ret);
    struct policy_entry *e = &pr->p->entries[fi];
    if (pr->seen[fi])
        return confline_error(pr->err, pr->errlen, pr->path, line, "field '%s' is listed twice (first on line %u)",
                              tok[0], e->line);
    pr->seen[fi] = true;
    e->line = line;
    if (strcmp(tok[1], cat->fields[fi].source) != 0)
        return confline_error(pr->err, pr->errlen, pr->path, line,
                              "unknown source '%s' for field '%s' (statreturn reads it from %s)", tok[1], tok[0],
                              cat->fields[fi].source);
    if (parse_treatment(tok[2], &e->treatment) != 0)
        return confline_error(pr->err, pr->errlen, pr->path, line,
                              "unknown treatment '%s' (known: clear, pseudonymise, month, sector, drop)", tok[2]);
    const char *why = treatment_unfit(&cat->fields[fi], e->treatment);
    if (why)
        return confline_error(pr->err, pr->errlen, pr->path, line, "treatment '%s' for '%s': %s", tok[2], tok[0],
                              why);
    return field_options(pr, line, e, tok, nt);
}

static int base_line(struct policy_reader *pr, unsigned line, const char *value);

/* A "key = value" setting of the header. */
static int setting_line(struct policy_reader *pr, unsigned line, char *s)
{
    char *key, *value;

    if (!confline_split_kv(s, &key, &value) || !*value)
        return confline_error(pr->err, pr->errlen, pr->path, line, "expected 'key = value' or a 'field' line");
    if (!strcmp(key, "base"))
        return base_line(pr, line, value);
    int r = set_header(pr->p, key, value, &pr->default_purpose, &pr->pseudo_ids, pr->inherited);
    if (r == -1)
        return confline_error(pr->err, pr->errlen, pr->path, line, "unknown setting '%s' (known: base, policy, "
                              "version, return, recipient, purpose, key, pseudonymise-ids)", key);
    if (r == -2)
        return confline_error(pr->err, pr->errlen, pr->path, line, "'%s' is set twice", key);
    if (!strcmp(key, "purpose"))
        pr->default_purpose_line = line;
    if (!strcmp(key, "return"))
        pr->return_line = line;
    return 0;
}

static int policy_line(void *ctx, const struct confline *cl)
{
    struct policy_reader *pr = ctx;
    char *s = cl->text;
    int r;

    if (!strncmp(s, "field", 5) && isspace((unsigned char)s[5]))
        r = field_line(pr, cl->lineno, s + 5);
    else
        r = setting_line(pr, cl->lineno, s);
    pr->lines_before = true;
    return r;
}

static int read_policy_file(struct policy_reader *pr)
{
    /* '#' only after white space is a comment, as in the purposes. */
    return confline_read("policy", pr->path, CONFLINE_HASH_WORD, policy_line, pr, pr->err, pr->errlen);
}

/* "base = FILE": this file is a layer on FILE, a policy in the same
 * folder, read here as if its lines came first.  The layer adds fields
 * (a field of the base listed again is an error, as within one file) and
 * may give its own name and version; every other setting is the base's.
 * One level only: a base has no base. */
static int base_line(struct policy_reader *pr, unsigned line, const char *value)
{
    const char *path = pr->path;
    const char *slash = strrchr(path, '/');
    struct strbuf base = STRBUF_INIT;
    int r;

    if (pr->in_base)
        return confline_error(pr->err, pr->errlen, path, line, "a base policy cannot have a base of its own");
    if (pr->p->base_path)
        return confline_error(pr->err, pr->errlen, path, line, "'base' is set twice");
    if (pr->lines_before)
        return confline_error(pr->err, pr->errlen, path, line, "'base' must come before every other line");
    if (strchr(value, '/') || !strcmp(value, ".") || !strcmp(value, ".."))
        return confline_error(pr->err, pr->errlen, path, line,
                              "base '%s' must name a policy file in the same folder", value);
    if (slash)
        strbuf_addf(&base, "%.*s/", (int)(slash - path), path);
    strbuf_addstr(&base, value);
    if (access(base.buf, R_OK) != 0) {
        r = confline_error(pr->err, pr->errlen, path, line, "base '%s' cannot be read: %s", base.buf,
                           strerror(errno));
        strbuf_release(&base);
        return r;
    }
    pr->p->base_path = xstrdup(base.buf);
    strbuf_release(&base);
    pr->in_base = true;
    pr->path = pr->p->base_path;
    r = read_policy_file(pr);
    pr->path = path;
    pr->in_base = false;
    pr->inherited[0] = pr->p->name != NULL;
    pr->inherited[1] = pr->p->version != NULL;
    return r;
}

/* The settings every policy gives, and the default purpose (*dp, or NULL). */
static int check_settings(struct policy_reader *pr, const struct purpose **dp)
{
    const struct policy *p = pr->p;
    static const char *const required[] = { "policy", "version", "return", "recipient" };
    const char *have[] = { p->name, p->version, p->ret, p->recipient };

    for (size_t i = 0; i < 4; i++)
        if (!have[i])
            return confline_error(pr->err, pr->errlen, pr->path, 0, "missing setting '%s'", required[i]);
    if (strcmp(p->ret, pr->cat->ret) != 0)
        return confline_error(pr->err, pr->errlen, pr->path, pr->return_line,
                              "policy is for the '%s' return, not '%s'", p->ret, pr->cat->ret);
    *dp = NULL;
    if (pr->default_purpose) {
        *dp = purposes_find(&p->purposes, pr->default_purpose);
        if (!*dp)
            return confline_error(pr->err, pr->errlen, pr->path, pr->default_purpose_line,
                                  "purpose '%s' is not defined in %s", pr->default_purpose, pr->purposes_path);
    }
    return 0;
}

/* Every catalogue field listed, with a purpose that covers it. */
static int check_fields(struct policy_reader *pr, const struct purpose *dp)
{
    const struct field_catalogue *cat = pr->cat;

    for (size_t i = 0; i < cat->n; i++) {
        struct policy_entry *e = &pr->p->entries[i];
        if (!pr->seen[i])
            return confline_error(pr->err, pr->errlen, pr->path, 0, "field '%s' is not listed; every field the "
                                  "return can carry must have a line (use treatment 'drop' to leave it out)",
                                  cat->fields[i].name);
        if (!e->purpose)
            e->purpose = dp;
        if (!e->purpose && e->treatment != TR_DROP)
            return confline_error(pr->err, pr->errlen, pr->path, e->line,
                                  "field '%s' has no purpose (give purpose=ID or a default 'purpose =')",
                                  cat->fields[i].name);
        if (e->special && e->treatment != TR_DROP && !e->purpose->special_basis)
            return confline_error(pr->err, pr->errlen, pr->path, e->line, "field '%s' is special category data "
                                  "but purpose '%s' gives no special_basis", cat->fields[i].name, e->purpose->id);
    }
    return 0;
}

/* pseudonymise-ids names identifier fields, and a key to use for them. */
static int check_pseudonymise_ids(struct policy_reader *pr)
{
    const struct field_catalogue *cat = pr->cat;
    char *pos = pr->pseudo_ids.buf, *t;

    if (!pr->pseudo_ids.len)
        return 0;
    while ((t = confline_word(&pos, " \t,")) != NULL) {
        size_t fi = catalogue_find(cat, t);
        if (fi == (size_t)-1 || cat->fields[fi].kind != FK_ID)
            return confline_error(pr->err, pr->errlen, pr->path, 0, "pseudonymise-ids names '%s', which is not an "
                                  "identifier field of the %s return", t, cat->ret);
        pr->p->pseudonymisable[fi] = true;
    }
    if (!pr->p->key_name)
        return confline_error(pr->err, pr->errlen, pr->path, 0,
                              "pseudonymise-ids needs 'key = NAME' (which recipient key to use)");
    return 0;
}

int policy_load(struct policy *p, const struct field_catalogue *cat, const char *path,
                const char *purposes_path, char *err, size_t errlen)
{
    struct policy_reader pr = { .p = p, .cat = cat, .path = path, .purposes_path = purposes_path,
                                .pseudo_ids = STRBUF_INIT, .err = err, .errlen = errlen };
    const struct purpose *dp = NULL;
    int ret = -1;

    memset(p, 0, sizeof *p);
    p->catalogue = cat;
    p->entries = xcalloc(cat->n, sizeof *p->entries);
    p->pseudonymisable = xcalloc(cat->n, sizeof *p->pseudonymisable);
    pr.seen = xcalloc(cat->n, sizeof *pr.seen);
    p->path = xstrdup(path);

    if (purposes_load(&p->purposes, purposes_path, err, errlen) != 0 || read_policy_file(&pr) != 0
        || check_settings(&pr, &dp) != 0 || check_fields(&pr, dp) != 0 || check_pseudonymise_ids(&pr) != 0)
        goto cleanup;
    if (policy_needs_key(p) && !p->key_name) {
        confline_error(err, errlen, path, 0, "fields are pseudonymised, so the policy needs 'key = NAME'");
        goto cleanup;
    }
    ret = 0;
cleanup:
    strbuf_release(&pr.pseudo_ids);
    free(pr.default_purpose);
    free(pr.seen);
    if (ret)
        policy_release(p);
    return ret;
}

size_t policy_pseudonymise_ids(struct policy *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->catalogue->n; i++)
        if (p->pseudonymisable[i] && p->entries[i].treatment == TR_CLEAR) {
            p->entries[i].treatment = TR_PSEUDONYMISE;
            n++;
        }
    return n;
}

bool policy_needs_key(const struct policy *p)
{
    for (size_t i = 0; i < p->catalogue->n; i++)
        if (p->entries[i].treatment == TR_PSEUDONYMISE)
            return true;
    return false;
}

int policy_profile_path_year(struct strbuf *out, const char *dir, const char *profile, int year, char *err,
                             size_t errlen)
{
    if (policy_profile_path(out, dir, profile, err, errlen) != 0)
        return -1;
    for (int y = year; y > year - POLICY_LAYER_YEARS; y--) {
        struct strbuf rel = STRBUF_INIT, path = STRBUF_INIT;
        strbuf_addf(&rel, "specs/%s/policy_%s_%d.conf", dir, profile, y);
        sr_data_path(&path, rel.buf);
        bool found = access(path.buf, F_OK) == 0;
        if (found) {
            strbuf_reset(out);
            strbuf_addstr(out, path.buf);
        }
        strbuf_release(&rel);
        strbuf_release(&path);
        if (found)
            break;
    }
    return 0;
}

int policy_profile_path(struct strbuf *out, const char *dir, const char *profile, char *err, size_t errlen)
{
    struct strbuf rel = STRBUF_INIT;

    for (const char *q = profile; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_')) {
            snprintf(err, errlen, "profile names are lower-case letters, digits, '-' and '_'");
            return -1;
        }
    strbuf_addf(&rel, "specs/%s/policy_%s.conf", dir, profile);
    sr_data_path(out, rel.buf);
    strbuf_release(&rel);
    return 0;
}

/* "policy_NAME.conf" and not a year layer ("policy_NAME_YYYY.conf"): the
 * profile's name in name[7 .. len-5). */
static bool is_profile_file(const char *name)
{
    size_t len = strlen(name);

    if (len <= 12 || strncmp(name, "policy_", 7) != 0 || strcmp(name + len - 5, ".conf") != 0)
        return false;
    if (len >= 17 && name[len - 10] == '_') {
        bool digits = true;
        for (size_t i = len - 9; i < len - 5; i++)
            digits = digits && name[i] >= '0' && name[i] <= '9';
        if (digits)
            return false;
    }
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The profile names in one directory, added to names (no duplicates). */
static void add_profiles(const char *dir, char ***names, size_t *n, size_t *cap)
{
    DIR *dp = opendir(dir);
    struct dirent *de;

    if (!dp)
        return;
    while ((de = readdir(dp))) {
        if (!is_profile_file(de->d_name))
            continue;
        char *name = xstrndup(de->d_name + 7, strlen(de->d_name) - 12);
        bool seen = false;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = !strcmp((*names)[i], name);
        if (seen) {
            free(name);
            continue;
        }
        ALLOC_GROW(*names, *n, *cap);
        (*names)[(*n)++] = name;
    }
    closedir(dp);
}

size_t policy_profiles(const char *dir, char ***out)
{
    struct strbuf path = STRBUF_INIT;
    char **names = NULL, **paths;
    size_t n = 0, cap = 0;
    const char *conf = sr_confdir();

    if (conf) {
        strbuf_addf(&path, "%s/%s", conf, dir);
        add_profiles(path.buf, &names, &n, &cap);
    }
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/specs/%s", sr_datadir(), dir);
    add_profiles(path.buf, &names, &n, &cap);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 1; i < n; i++)   /* the statutory recipient first */
        if (!strcmp(names[i], "dfe")) {
            char *t = names[i];
            memmove(names + 1, names, i * sizeof *names);
            names[0] = t;
        }
    paths = xcalloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; i < n; i++) {
        char err[128];
        strbuf_reset(&path);
        if (policy_profile_path(&path, dir, names[i], err, sizeof err) != 0)
            strbuf_addf(&path, "%s/specs/%s/policy_%s.conf", sr_datadir(), dir, names[i]);
        paths[i] = strbuf_detach(&path, NULL);
        free(names[i]);
    }
    free(names);
    strbuf_release(&path);
    *out = paths;
    return n;
}
