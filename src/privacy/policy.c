/*
 * Loading and checking data-sharing policies and purposes; see policy.h.
 *
 * Errors name the file and line so a DPO editing a policy can fix it
 * without reading code.  A policy is accepted only whole: every catalogue
 * field listed once, every treatment known and possible for the field,
 * every purpose defined.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Strips a '#' comment that starts a line or follows white space, so that
 * '#' inside notice text stays. */
static void strip_comment(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            return;
        }
}

static int read_line(FILE *f, struct strbuf *sb)
{
    int c;
    strbuf_reset(sb);
    while ((c = getc(f)) != EOF) {
        if (c == '\n')
            return 1;
        strbuf_addch(sb, c);
    }
    return sb->len > 0;
}

/* "key = value" -> key, value (both trimmed).  Returns 0 if no '='. */
static int split_kv(char *s, char **key, char **value)
{
    char *eq = strchr(s, '=');
    if (!eq)
        return 0;
    *eq = '\0';
    *key = str_trim(s);
    *value = str_trim(eq + 1);
    return 1;
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

int purposes_load(struct purposes *ps, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    struct strbuf line = STRBUF_INIT;
    struct purpose *cur = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int ret = -1;

    memset(ps, 0, sizeof *ps);
    if (!f) {
        snprintf(err, errlen, "cannot open purposes file '%s': %s", path, strerror(errno));
        return -1;
    }
    ps->path = xstrdup(path);
    while (read_line(f, &line)) {
        lineno++;
        strip_comment(line.buf);
        char *s = str_trim(line.buf), *key, *value;
        if (!*s)
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || end[1] != '\0' || end == s + 1) {
                snprintf(err, errlen, "%s:%u: a section header is written [purpose-id]", path, lineno);
                goto cleanup;
            }
            *end = '\0';
            if (purposes_find(ps, s + 1)) {
                snprintf(err, errlen, "%s:%u: purpose '%s' is defined twice", path, lineno, s + 1);
                goto cleanup;
            }
            ALLOC_GROW(ps->items, ps->n, cap);
            cur = &ps->items[ps->n++];
            memset(cur, 0, sizeof *cur);
            cur->id = xstrdup(s + 1);
            cur->line = lineno;
            continue;
        }
        if (!cur) {
            snprintf(err, errlen, "%s:%u: expected a [purpose-id] section first", path, lineno);
            goto cleanup;
        }
        if (!split_kv(s, &key, &value) || !*value) {
            snprintf(err, errlen, "%s:%u: expected key = value", path, lineno);
            goto cleanup;
        }
        char **slot = !strcmp(key, "notice") ? &cur->notice
                    : !strcmp(key, "basis") ? &cur->basis
                    : !strcmp(key, "special_basis") ? &cur->special_basis : NULL;
        if (!slot) {
            snprintf(err, errlen, "%s:%u: unknown key '%s' (known: notice, basis, special_basis)",
                     path, lineno, key);
            goto cleanup;
        }
        if (*slot) {
            snprintf(err, errlen, "%s:%u: '%s' given twice for purpose '%s'", path, lineno, key, cur->id);
            goto cleanup;
        }
        *slot = xstrdup(value);
    }
    for (size_t i = 0; i < ps->n; i++) {
        if (!ps->items[i].notice || !ps->items[i].basis) {
            snprintf(err, errlen, "%s:%u: purpose '%s' needs both a notice and a basis", path,
                     ps->items[i].line, ps->items[i].id);
            goto cleanup;
        }
    }
    ret = 0;
cleanup:
    strbuf_release(&line);
    fclose(f);
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

static int set_header(struct policy *p, const char *key, const char *value, char **default_purpose,
                      struct strbuf *pseudo_ids)
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
    if (*slot)
        return -2;
    *slot = xstrdup(value);
    return 0;
}

int policy_load(struct policy *p, const struct field_catalogue *cat, const char *path,
                const char *purposes_path, char *err, size_t errlen)
{
    FILE *f = NULL;
    struct strbuf line = STRBUF_INIT, pseudo_ids = STRBUF_INIT;
    char *default_purpose = NULL;
    unsigned default_purpose_line = 0, return_line = 0;
    unsigned lineno = 0;
    bool *seen = NULL;
    int ret = -1;

    memset(p, 0, sizeof *p);
    p->catalogue = cat;
    p->entries = xcalloc(cat->n, sizeof *p->entries);
    p->pseudonymisable = xcalloc(cat->n, sizeof *p->pseudonymisable);
    seen = xcalloc(cat->n, sizeof *seen);
    p->path = xstrdup(path);

    if (purposes_load(&p->purposes, purposes_path, err, errlen) != 0)
        goto cleanup;
    f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open policy file '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    while (read_line(f, &line)) {
        lineno++;
        strip_comment(line.buf);
        char *s = str_trim(line.buf), *key, *value;
        if (!*s)
            continue;
        if (!strncmp(s, "field", 5) && isspace((unsigned char)s[5])) {
            char *tok[8];
            int nt = 0;
            char *save = NULL;
            for (char *t = strtok_r(s + 5, " \t", &save); t && nt < 8; t = strtok_r(NULL, " \t", &save))
                tok[nt++] = t;
            if (nt < 3) {
                snprintf(err, errlen, "%s:%u: a field line is: field NAME SOURCE TREATMENT [purpose=ID] [special]",
                         path, lineno);
                goto cleanup;
            }
            size_t fi = catalogue_find(cat, tok[0]);
            if (fi == (size_t)-1) {
                snprintf(err, errlen, "%s:%u: '%s' is not a field of the %s return", path, lineno, tok[0], cat->ret);
                goto cleanup;
            }
            if (seen[fi]) {
                snprintf(err, errlen, "%s:%u: field '%s' is listed twice (first on line %u)",
                         path, lineno, tok[0], p->entries[fi].line);
                goto cleanup;
            }
            seen[fi] = true;
            p->entries[fi].line = lineno;
            if (strcmp(tok[1], cat->fields[fi].source) != 0) {
                snprintf(err, errlen, "%s:%u: unknown source '%s' for field '%s' (statreturn reads it from %s)",
                         path, lineno, tok[1], tok[0], cat->fields[fi].source);
                goto cleanup;
            }
            if (parse_treatment(tok[2], &p->entries[fi].treatment) != 0) {
                snprintf(err, errlen, "%s:%u: unknown treatment '%s' (known: clear, pseudonymise, month, sector, drop)",
                         path, lineno, tok[2]);
                goto cleanup;
            }
            const char *why = treatment_unfit(&cat->fields[fi], p->entries[fi].treatment);
            if (why) {
                snprintf(err, errlen, "%s:%u: treatment '%s' for '%s': %s", path, lineno, tok[2], tok[0], why);
                goto cleanup;
            }
            for (int i = 3; i < nt; i++) {
                if (!strncmp(tok[i], "purpose=", 8) && tok[i][8]) {
                    const struct purpose *pu = purposes_find(&p->purposes, tok[i] + 8);
                    if (!pu) {
                        snprintf(err, errlen, "%s:%u: purpose '%s' is not defined in %s",
                                 path, lineno, tok[i] + 8, purposes_path);
                        goto cleanup;
                    }
                    p->entries[fi].purpose = pu;
                } else if (!strcmp(tok[i], "special")) {
                    p->entries[fi].special = true;
                } else {
                    snprintf(err, errlen, "%s:%u: unexpected '%s' (expected purpose=ID or special)",
                             path, lineno, tok[i]);
                    goto cleanup;
                }
            }
            continue;
        }
        if (!split_kv(s, &key, &value) || !*value) {
            snprintf(err, errlen, "%s:%u: expected 'key = value' or a 'field' line", path, lineno);
            goto cleanup;
        }
        int r = set_header(p, key, value, &default_purpose, &pseudo_ids);
        if (r == -1) {
            snprintf(err, errlen, "%s:%u: unknown setting '%s' (known: policy, version, return, recipient, "
                     "purpose, key, pseudonymise-ids)", path, lineno, key);
            goto cleanup;
        }
        if (r == -2) {
            snprintf(err, errlen, "%s:%u: '%s' is set twice", path, lineno, key);
            goto cleanup;
        }
        if (!strcmp(key, "purpose"))
            default_purpose_line = lineno;
        if (!strcmp(key, "return"))
            return_line = lineno;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read policy file '%s'", path);
        goto cleanup;
    }

    static const char *const required[] = { "policy", "version", "return", "recipient" };
    const char *have[] = { p->name, p->version, p->ret, p->recipient };
    for (size_t i = 0; i < 4; i++)
        if (!have[i]) {
            snprintf(err, errlen, "%s: missing setting '%s'", path, required[i]);
            goto cleanup;
        }
    if (strcmp(p->ret, cat->ret) != 0) {
        snprintf(err, errlen, "%s:%u: policy is for the '%s' return, not '%s'", path, return_line, p->ret, cat->ret);
        goto cleanup;
    }
    const struct purpose *dp = NULL;
    if (default_purpose) {
        dp = purposes_find(&p->purposes, default_purpose);
        if (!dp) {
            snprintf(err, errlen, "%s:%u: purpose '%s' is not defined in %s", path, default_purpose_line,
                     default_purpose, purposes_path);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < cat->n; i++) {
        if (!seen[i]) {
            snprintf(err, errlen, "%s: field '%s' is not listed; every field the return can carry must "
                     "have a line (use treatment 'drop' to leave it out)", path, cat->fields[i].name);
            goto cleanup;
        }
        if (!p->entries[i].purpose)
            p->entries[i].purpose = dp;
        if (!p->entries[i].purpose && p->entries[i].treatment != TR_DROP) {
            snprintf(err, errlen, "%s:%u: field '%s' has no purpose (give purpose=ID or a default 'purpose =')",
                     path, p->entries[i].line, cat->fields[i].name);
            goto cleanup;
        }
        if (p->entries[i].special && p->entries[i].treatment != TR_DROP
            && !p->entries[i].purpose->special_basis) {
            snprintf(err, errlen, "%s:%u: field '%s' is special category data but purpose '%s' gives no "
                     "special_basis", path, p->entries[i].line, cat->fields[i].name, p->entries[i].purpose->id);
            goto cleanup;
        }
    }
    if (pseudo_ids.len) {
        char *save = NULL;
        for (char *t = strtok_r(pseudo_ids.buf, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
            size_t fi = catalogue_find(cat, t);
            if (fi == (size_t)-1 || cat->fields[fi].kind != FK_ID) {
                snprintf(err, errlen, "%s: pseudonymise-ids names '%s', which is not an identifier field of "
                         "the %s return", path, t, cat->ret);
                goto cleanup;
            }
            p->pseudonymisable[fi] = true;
        }
        if (!p->key_name) {
            snprintf(err, errlen, "%s: pseudonymise-ids needs 'key = NAME' (which recipient key to use)", path);
            goto cleanup;
        }
    }
    if (policy_needs_key(p) && !p->key_name) {
        snprintf(err, errlen, "%s: fields are pseudonymised, so the policy needs 'key = NAME'", path);
        goto cleanup;
    }
    ret = 0;
cleanup:
    if (f)
        fclose(f);
    strbuf_release(&line);
    strbuf_release(&pseudo_ids);
    free(default_purpose);
    free(seen);
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
