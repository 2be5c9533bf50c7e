/*
 * Supporting Families layouts: loading a layout file, checking it, and
 * building from it the field catalogue and data-sharing policy of the file
 * it describes; see families.h for the format.
 *
 * The vocabulary of sources is the one fixed thing: it says which replica
 * column each source reads, which formats and treatments fit it, and which
 * sources are direct identifiers that the FPD must never carry.  Everything
 * else (column names, order, formats, ranges, code lists, treatments,
 * purposes) comes from the file, and every rejection names the file and
 * line, so a council can fix its layout without reading code.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/confline.h"
#include "returns/families/families.h"
#include "core/xalloc.h"
#include "io/csv.h"

#define FMT(t) (1u << (t))

struct source_def {
    const char *name;
    enum fam_source id;
    const char *column;          /* the catalogue's source: replica table.column, derived: or config: */
    enum field_kind kind;
    unsigned formats;            /* FMT() bits of the formats that fit */
    bool direct;                 /* a direct identifier: never in the FPD */
    bool clear_key;              /* an id that the FPD may carry only pseudonymised */
    bool personal;
    const char *about;
};

static const struct source_def sources[FS__COUNT] = {
    { "person.id", FS_PERSON_ID, "ssd_person.pers_person_id", FK_ID,
      FMT(FF_ID) | FMT(FF_TEXT) | FMT(FF_PSEUDONYM), false, true, true, "The council's id for the person" },
    { "family.id", FS_FAMILY_ID, "ssd_family.fami_family_id", FK_ID,
      FMT(FF_ID) | FMT(FF_TEXT) | FMT(FF_PSEUDONYM), false, true, true, "The council's id for the family" },
    { "person.forename", FS_FORENAME, "ssd_person.pers_forename", FK_TEXT, FMT(FF_TEXT), true, false, true,
      "Forename" },
    { "person.surname", FS_SURNAME, "ssd_person.pers_surname", FK_TEXT, FMT(FF_TEXT), true, false, true,
      "Surname" },
    { "person.dob", FS_DOB, "ssd_person.pers_dob", FK_DATE, FMT(FF_DATE), true, false, true, "Date of birth" },
    { "person.age", FS_AGE, "derived:ssd_person.pers_dob", FK_INT, FMT(FF_INT), false, false, true,
      "Age in whole years at the period's end" },
    { "person.sex", FS_SEX, "ssd_person.pers_sex", FK_CODE, FMT(FF_CODE) | FMT(FF_TEXT), false, false, true,
      "Sex M/F/U" },
    { "person.postcode", FS_POSTCODE, "ssd_address.addr_address_postcode", FK_POSTCODE,
      FMT(FF_POSTCODE) | FMT(FF_SECTOR) | FMT(FF_TEXT), true, false, true,
      "Postcode of the last address known at the period's end" },
    { "person.ni_number", FS_NI_NUMBER, "ssd_linked_identifiers.link_identifier_value", FK_ID,
      FMT(FF_NI) | FMT(FF_TEXT) | FMT(FF_PSEUDONYM), true, false, true,
      "National Insurance number (type 'National Insurance Number'), where held" },
    { "person.upn", FS_UPN, "ssd_linked_identifiers.link_identifier_value", FK_ID,
      FMT(FF_UPN) | FMT(FF_TEXT) | FMT(FF_PSEUDONYM), true, false, true,
      "Unique Pupil Number (type 'Unique Pupil Number'), where held" },
    { "programme.cohort", FS_COHORT, "sf_programme_family.sfpf_cohort", FK_CODE, FMT(FF_CODE) | FMT(FF_TEXT),
      false, false, true, "On the programme or in the comparison group" },
    { "programme.status", FS_STATUS, "derived:sf_programme_family+sf_claim", FK_CODE,
      FMT(FF_CODE) | FMT(FF_TEXT), false, false, true,
      "Status at the period's end: identified, attached, closed, claimed or comparison" },
    { "programme.identified_date", FS_IDENTIFIED_DATE, "sf_programme_family.sfpf_identified_date", FK_DATE,
      FMT(FF_DATE), false, false, true, "Date identified for the programme or its comparison group" },
    { "programme.attached_date", FS_ATTACHED_DATE, "sf_programme_family.sfpf_attached_date", FK_DATE,
      FMT(FF_DATE), false, false, true, "Date attached to the programme (by the period's end)" },
    { "programme.end_date", FS_END_DATE, "sf_programme_family.sfpf_end_date", FK_DATE, FMT(FF_DATE), false,
      false, true, "Date the family left the programme or comparison group (by the period's end)" },
    { "programme.end_reason", FS_END_REASON, "sf_programme_family.sfpf_end_reason", FK_CODE,
      FMT(FF_CODE) | FMT(FF_TEXT), false, false, true, "Why the family left (by the period's end)" },
    { "programme.claim_date", FS_CLAIM_DATE, "sf_claim.sfcl_claim_date", FK_DATE, FMT(FF_DATE), false, false,
      true, "Latest payment-by-results claim by the period's end" },
    { "needs.at_attachment", FS_NEEDS_AT_ATTACHMENT, "sf_need.sfne_headline", FK_CODE, FMT(FF_LIST), false,
      false, true, "Headline outcomes (1-10) with a need identified by the attachment date" },
    { "needs.by_period_end", FS_NEEDS_BY_PERIOD_END, "sf_need.sfne_headline", FK_CODE, FMT(FF_LIST), false,
      false, true, "Headline outcomes (1-10) with a need identified by the period's end" },
    { "need", FS_NEED, "sf_need.sfne_headline", FK_BOOL, FMT(FF_FLAG) | FMT(FF_YN), false, false, true,
      "A need against this headline outcome identified by the attachment date" },
    { "measure", FS_MEASURE, "sf_measure.sfme_value", FK_INT, FMT(FF_INT) | FMT(FF_DECIMAL), false, false,
      true, "Measure received from a partner for the period" },
    { "flag.child_in_need", FS_FLAG_CIN, "derived:ssd_cin_episodes", FK_BOOL, FMT(FF_FLAG) | FMT(FF_YN), false,
      false, true, "An episode of need (not NFA) open at the period's end" },
    { "flag.child_protection", FS_FLAG_CP, "derived:ssd_cp_plans", FK_BOOL, FMT(FF_FLAG) | FMT(FF_YN), false,
      false, true, "On a child protection plan at the period's end" },
    { "flag.looked_after", FS_FLAG_LAC, "derived:ssd_cla_episodes", FK_BOOL, FMT(FF_FLAG) | FMT(FF_YN), false,
      false, true, "Looked after at the period's end (empty when the replica has no ssd_cla_episodes)" },
    { "flag.early_help", FS_FLAG_EH, "derived:ssd_early_help_episodes", FK_BOOL, FMT(FF_FLAG) | FMT(FF_YN), false,
      false, true, "An early help episode open at the period's end" },
    { "config:period", FS_PERIOD, "config:period", FK_CODE, FMT(FF_PERIOD) | FMT(FF_TEXT), false, false, false,
      "The period (YYYY-MM of its last month)" },
    { "config:la", FS_LA, "config:la", FK_CODE, FMT(FF_CODE) | FMT(FF_TEXT), false, false, false,
      "Three-digit LA code" },
};

static const char *const format_names[FF__COUNT] = {
    [FF_TEXT] = "text", [FF_ID] = "id", [FF_CODE] = "code", [FF_DATE] = "date", [FF_INT] = "int",
    [FF_DECIMAL] = "decimal", [FF_FLAG] = "flag", [FF_YN] = "yn", [FF_POSTCODE] = "postcode",
    [FF_SECTOR] = "sector", [FF_NI] = "ni", [FF_UPN] = "upn", [FF_LIST] = "list",
    [FF_PSEUDONYM] = "pseudonym", [FF_PERIOD] = "period",
};

const char *families_kind_name(enum families_kind k)
{
    return k == FAM_NIS ? "nis" : k == FAM_FPD ? "fpd" : "?";
}

const char *families_source_name(enum fam_source s)
{
    return (s >= 0 && s < FS__COUNT) ? sources[s].name : "?";
}

bool families_column_reads(const struct fam_column *c)
{
    return c->treatment != TR_DROP && c->source != FS_PERIOD && c->source != FS_LA;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- formats ---------------------------------------------------------------- */

static int parse_number(const char *s, size_t n, double *out)
{
    char buf[40], *end;
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)buf[i]) || buf[i] == '-' || buf[i] == '.'))
            return -1;
    errno = 0;
    *out = strtod(buf, &end);
    return (*end || errno) ? -1 : 0;
}

/* "LO..HI" -> lo, hi. */
static int parse_range(const char *s, double *lo, double *hi, bool integers)
{
    const char *dots = strstr(s, "..");
    if (!dots || parse_number(s, (size_t)(dots - s), lo) != 0
        || parse_number(dots + 2, strlen(dots + 2), hi) != 0 || *lo > *hi)
        return -1;
    if (integers && (*lo != (double)(long long)*lo || *hi != (double)(long long)*hi))
        return -1;
    return 0;
}

static void format_release(struct fam_format *f)
{
    free_list(f->codes, f->n_codes);
    free(f->spec);
    memset(f, 0, sizeof *f);
}

/* Parses a FORMAT word; NULL on success, else what is wrong. */
static const char *parse_format(const char *word, struct fam_format *f)
{
    size_t n = strcspn(word, "(");
    const char *arg = NULL;
    char inner[512];

    memset(f, 0, sizeof *f);
    if (word[n] == '(') {
        size_t len = strlen(word);
        if (word[len - 1] != ')' || len - n - 2 >= sizeof inner)
            return "a format's argument is written in parentheses, e.g. int(0..99)";
        memcpy(inner, word + n + 1, len - n - 2);
        inner[len - n - 2] = '\0';
        arg = inner;
    }
    int t = -1;
    for (int i = 0; i < FF__COUNT; i++)
        if (strlen(format_names[i]) == n && !strncmp(word, format_names[i], n))
            t = i;
    if (t < 0)
        return "unknown format (known: text(N) id(N) code(A|B) date int(LO..HI) decimal(LO..HI) flag yn "
               "postcode sector ni upn list(LO..HI) pseudonym period)";
    f->type = (enum fam_format_type)t;
    bool wants_arg = t == FF_TEXT || t == FF_ID || t == FF_CODE || t == FF_INT || t == FF_DECIMAL || t == FF_LIST;
    if (wants_arg && !arg)
        return "this format needs an argument: text(N), id(N), code(A|B|C), int(LO..HI), decimal(LO..HI), "
               "list(LO..HI)";
    if (!wants_arg && arg)
        return "this format takes no argument";
    switch (f->type) {
    case FF_TEXT:
    case FF_ID: {
        char *end;
        unsigned long v = strtoul(arg, &end, 10);
        if (*end || !*arg || v == 0 || v > 100000)
            return "the length is a whole number from 1 to 100000, e.g. text(100)";
        f->max_len = v;
        break;
    }
    case FF_CODE: {
        size_t cap = 0;
        const char *p = arg;
        for (;;) {
            size_t k = strcspn(p, "|");
            if (k == 0)
                return "a code list is codes separated by '|', none empty, e.g. code(M|F|U)";
            for (size_t i = 0; i < k; i++)
                if (p[i] == ',' || p[i] == '"' || (unsigned char)p[i] < 0x20)
                    return "codes cannot hold commas, quotes or control characters";
            for (size_t i = 0; i < f->n_codes; i++)
                if (strlen(f->codes[i]) == k && !strncmp(f->codes[i], p, k))
                    return "a code is listed twice";
            ALLOC_GROW(f->codes, f->n_codes, cap);
            f->codes[f->n_codes++] = xstrndup(p, k);
            if (!p[k])
                break;
            p += k + 1;
        }
        break;
    }
    case FF_INT:
    case FF_LIST:
        if (parse_range(arg, &f->lo, &f->hi, true) != 0)
            return "the range is two whole numbers LO..HI with LO <= HI, e.g. int(0..99)";
        break;
    case FF_DECIMAL:
        if (parse_range(arg, &f->lo, &f->hi, false) != 0)
            return "the range is two numbers LO..HI with LO <= HI, e.g. decimal(0..100)";
        break;
    default:
        break;
    }
    f->spec = xstrdup(word);
    return NULL;
}

/* ---- the layout ----------------------------------------------------------- */

void families_layout_release(struct families_layout *l)
{
    for (size_t i = 0; i < l->n_cols; i++) {
        free(l->cols[i].name);
        free(l->cols[i].measure);
        format_release(&l->cols[i].format);
    }
    free(l->cols);
    if (l->fields)
        for (size_t i = 0; i < l->n_cols; i++) {
            free((char *)l->fields[i].source);
            free((char *)l->fields[i].about);
        }
    free(l->fields);
    free_list(l->cohorts, l->n_cohorts);
    free_list(l->opt_out, l->n_opt_out);
    free(l->path);
    if (l->policy.path || l->policy.purposes.items || l->policy.entries)
        policy_release(&l->policy);
    memset(l, 0, sizeof *l);
}

void families_layout_header(const struct families_layout *l, struct strbuf *out)
{
    for (size_t i = 0; i < l->n_cols; i++) {
        if (i)
            strbuf_addch(out, ',');
        csv_cell(out, l->cols[i].name, 0);   /* as written in the layout */
    }
}

static bool valid_name(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.'))
            return false;
    return true;
}

/* A source word: a vocabulary name, measure:CODE or need:N. */
static const char *parse_source(const char *word, struct fam_column *c)
{
    if (!strncmp(word, "measure:", 8)) {
        const char *code = word + 8;
        size_t n = strlen(code);
        if (n == 0 || n > 32)
            return "measure:CODE names a code of sf_measure_type (1 to 32 characters)";
        for (const char *p = code; *p; p++)
            if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
                return "a measure code is lower-case letters, digits and '_'";
        c->source = FS_MEASURE;
        c->measure = xstrdup(code);
        return NULL;
    }
    if (!strncmp(word, "need:", 5)) {
        char *end;
        long v = strtol(word + 5, &end, 10);
        if (*end || !word[5] || v < 1 || v > 10)
            return "need:N names a headline outcome, N from 1 to 10";
        c->source = FS_NEED;
        c->need = (int)v;
        return NULL;
    }
    for (int i = 0; i < FS__COUNT; i++)
        if (i != FS_MEASURE && i != FS_NEED && !strcmp(word, sources[i].name)) {
            c->source = (enum fam_source)i;
            return NULL;
        }
    return "unknown source (see the list at the top of the layout file, or families.h)";
}

static int parse_treatment(const char *s, enum treatment *t)
{
    for (int i = 0; i < TR__COUNT; i++)
        if (!strcmp(s, treatment_name((enum treatment)i))) {
            *t = (enum treatment)i;
            return 0;
        }
    return -1;
}

/* Whether format, treatment and source go together; NULL when they do. */
static const char *column_unfit(const struct fam_column *c)
{
    const struct source_def *sd = &sources[c->source];
    enum fam_format_type ft = c->format.type;

    if (!(sd->formats & FMT(ft)))
        return "the format does not fit the source";
    switch (c->treatment) {
    case TR_PSEUDONYMISE:
        if (sd->kind != FK_ID)
            return "only identifiers can be pseudonymised";
        if (ft != FF_PSEUDONYM)
            return "a pseudonymised column has the format 'pseudonym'";
        break;
    case TR_MONTH:
        if (ft != FF_DATE)
            return "only dates can be moved to the 1st of the month";
        break;
    case TR_SECTOR:
        if (ft != FF_SECTOR)
            return "a postcode cut to its sector has the format 'sector'";
        break;
    case TR_DROP:
        if (c->required)
            return "a required column cannot be dropped";
        break;
    case TR_CLEAR:
    case TR__COUNT:
        break;
    }
    if (ft == FF_PSEUDONYM && c->treatment != TR_PSEUDONYMISE && c->treatment != TR_DROP)
        return "the format 'pseudonym' needs the treatment 'pseudonymise'";
    if (ft == FF_SECTOR && c->treatment != TR_SECTOR && c->treatment != TR_DROP)
        return "the format 'sector' needs the treatment 'sector'";
    if ((c->source == FS_PERIOD || c->source == FS_LA) && c->treatment != TR_CLEAR)
        return "config: columns are written in clear";
    return NULL;
}

static int set_list(char ***v, size_t *n, const char *value)
{
    char *copy = xstrdup(value), *w[64];
    size_t nw = confline_words(copy, w, 64);
    if (nw == 0 || nw > 64) {
        free(copy);
        return -1;
    }
    *v = xcalloc(nw, sizeof **v);
    for (size_t i = 0; i < nw; i++)
        (*v)[i] = xstrdup(w[i]);
    *n = nw;
    free(copy);
    return 0;
}

struct header_state {
    char *name, *version, *file, *recipient, *purpose, *key;
    unsigned purpose_line, file_line, line_cohorts, line_opt_out, line_months;
    bool have_cohorts, have_opt_out, have_months;
};

/* What families_layout_load carries from line to line and on to the
 * checks and the policy. */
struct layout_reader {
    struct families_layout *l;
    const char *path, *purposes_path;
    struct header_state h;
    char **col_purpose;            /* per column: its purpose=ID, checked once the purposes are loaded */
    size_t cap_cols;
    char *err;
    size_t errlen;
};

/* A new column named name at line, with no purpose yet. */
static struct fam_column *add_column(struct layout_reader *lr, const char *name, unsigned line)
{
    struct families_layout *l = lr->l;

    ALLOC_GROW(l->cols, l->n_cols, lr->cap_cols);
    lr->col_purpose = xreallocarray(lr->col_purpose, lr->cap_cols, sizeof *lr->col_purpose);
    struct fam_column *c = &l->cols[l->n_cols];
    memset(c, 0, sizeof *c);
    lr->col_purpose[l->n_cols] = NULL;
    l->n_cols++;
    c->name = xstrdup(name);
    c->line = line;
    return c;
}

/* The words after NAME SOURCE FORMAT TREATMENT: required, unique, special,
 * purpose=ID. */
static int column_flags(struct layout_reader *lr, unsigned line, struct fam_column *c, char **w, size_t nw)
{
    char **purpose = &lr->col_purpose[lr->l->n_cols - 1];

    for (size_t i = 4; i < nw; i++) {
        if (!strcmp(w[i], "required"))
            c->required = true;
        else if (!strcmp(w[i], "unique"))
            c->unique = true;
        else if (!strcmp(w[i], "special"))
            c->special = true;
        else if (!strncmp(w[i], "purpose=", 8) && w[i][8]) {
            free(*purpose);
            *purpose = xstrdup(w[i] + 8);
        } else
            return confline_error(lr->err, lr->errlen, lr->path, line, "column '%s': unexpected '%s' (expected "
                                  "required, unique, special or purpose=ID)", w[0], w[i]);
    }
    return 0;
}

/* column NAME SOURCE FORMAT TREATMENT [FLAG ...]; words after "column". */
static int column_line(struct layout_reader *lr, unsigned line, char *words)
{
    const struct families_layout *l = lr->l;
    char *w[12];
    size_t nw = confline_words(words, w, 11);

    if (nw < 4 || nw > 11)
        return confline_error(lr->err, lr->errlen, lr->path, line, "a column line is: column NAME SOURCE FORMAT "
                              "TREATMENT [required] [unique] [special] [purpose=ID]");
    if (!valid_name(w[0]))
        return confline_error(lr->err, lr->errlen, lr->path, line,
                              "column name '%s' must be 1 to 64 letters, digits, '_', '-' or '.'", w[0]);
    for (size_t i = 0; i < l->n_cols; i++)
        if (!strcmp(l->cols[i].name, w[0]))
            return confline_error(lr->err, lr->errlen, lr->path, line,
                                  "column '%s' is listed twice (first on line %u)", w[0], l->cols[i].line);
    struct fam_column *c = add_column(lr, w[0], line);
    const char *why = parse_source(w[1], c);
    if (why)
        return confline_error(lr->err, lr->errlen, lr->path, line, "column '%s': unknown source '%s': %s", w[0],
                              w[1], why);
    why = parse_format(w[2], &c->format);
    if (why)
        return confline_error(lr->err, lr->errlen, lr->path, line, "column '%s': format '%s': %s", w[0], w[2], why);
    if (parse_treatment(w[3], &c->treatment) != 0)
        return confline_error(lr->err, lr->errlen, lr->path, line, "column '%s': unknown treatment '%s' (known: "
                              "clear, pseudonymise, month, sector, drop)", w[0], w[3]);
    if (column_flags(lr, line, c, w, nw) != 0)
        return -1;
    if (c->unique && !c->required)
        return confline_error(lr->err, lr->errlen, lr->path, line,
                              "column '%s' is part of the unique key, so it must also be 'required'", w[0]);
    why = column_unfit(c);
    if (why)
        return confline_error(lr->err, lr->errlen, lr->path, line, "column '%s' (%s, %s, %s): %s", w[0], w[1], w[2],
                              w[3], why);
    return 0;
}

/* cohorts, opt-out and period-months: settings that are not plain text.
 * Returns 1 when key is none of them. */
static int list_setting(struct layout_reader *lr, unsigned line, const char *key, const char *value)
{
    struct families_layout *l = lr->l;
    struct header_state *h = &lr->h;
    bool *have = !strcmp(key, "cohorts") ? &h->have_cohorts
               : !strcmp(key, "opt-out") ? &h->have_opt_out
               : !strcmp(key, "period-months") ? &h->have_months : NULL;

    if (!have)
        return 1;
    if (*have)
        return confline_error(lr->err, lr->errlen, lr->path, line, "'%s' is set twice", key);
    if (have == &h->have_cohorts) {
        if (set_list(&l->cohorts, &l->n_cohorts, value) != 0)
            return confline_error(lr->err, lr->errlen, lr->path, line,
                                  "cohorts lists 1 to 64 sfpf_cohort values, e.g. 'programme comparison'");
        h->line_cohorts = line;
    } else if (have == &h->have_opt_out) {
        if (strcmp(value, "none") != 0 && set_list(&l->opt_out, &l->n_opt_out, value) != 0)
            return confline_error(lr->err, lr->errlen, lr->path, line,
                                  "opt-out lists 1 to 64 sf_opt_out purposes, or 'none'");
        h->line_opt_out = line;
    } else {
        if (strcmp(value, "1") != 0 && strcmp(value, "3") != 0 && strcmp(value, "6") != 0 && strcmp(value, "12") != 0)
            return confline_error(lr->err, lr->errlen, lr->path, line, "period-months is 1, 3, 6 or 12");
        l->period_months = atoi(value);
        h->line_months = line;
    }
    *have = true;
    return 0;
}

/* A "setting = value" line. */
static int setting_line(struct layout_reader *lr, unsigned line, char *s)
{
    struct header_state *h = &lr->h;
    char *key, *value;

    if (!confline_split_kv(s, &key, &value))
        return confline_error(lr->err, lr->errlen, lr->path, line,
                              "expected 'setting = value' or a 'column' line");
    if (!*value)
        return confline_error(lr->err, lr->errlen, lr->path, line, "'%s' has no value", key);
    char **slot = !strcmp(key, "layout") ? &h->name
                : !strcmp(key, "version") ? &h->version
                : !strcmp(key, "file") ? &h->file
                : !strcmp(key, "recipient") ? &h->recipient
                : !strcmp(key, "purpose") ? &h->purpose
                : !strcmp(key, "key") ? &h->key : NULL;
    if (!slot) {
        int r = list_setting(lr, line, key, value);
        if (r <= 0)
            return r;
        return confline_error(lr->err, lr->errlen, lr->path, line, "unknown setting '%s' (known: layout, version, "
                              "file, recipient, purpose, key, cohorts, opt-out, period-months)", key);
    }
    if (*slot)
        return confline_error(lr->err, lr->errlen, lr->path, line, "'%s' is set twice", key);
    *slot = xstrdup(value);
    if (slot == &h->purpose)
        h->purpose_line = line;   /* for messages about the purpose */
    else if (slot == &h->file)
        h->file_line = line;
    return 0;
}

static int layout_line(void *ctx, const struct confline *cl)
{
    char *s = cl->text;

    if (!strncmp(s, "column", 6) && (s[6] == ' ' || s[6] == '\t'))
        return column_line(ctx, cl->lineno, s + 6);
    return setting_line(ctx, cl->lineno, s);
}

static int read_layout_file(struct layout_reader *lr)
{
    /* '#' only after white space is a comment, as in the policies. */
    return confline_read("layout", lr->path, CONFLINE_HASH_WORD, layout_line, lr, lr->err, lr->errlen);
}

/* The settings every layout gives, its file kind, and some columns. */
static int check_settings(struct layout_reader *lr, enum families_kind kind)
{
    const struct header_state *h = &lr->h;
    static const char *const need[] = { "layout", "version", "file", "recipient", "cohorts", "opt-out",
                                        "period-months" };
    const bool have[] = { h->name != NULL, h->version != NULL, h->file != NULL, h->recipient != NULL,
                          h->have_cohorts, h->have_opt_out, h->have_months };

    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!have[i])
            return confline_error(lr->err, lr->errlen, lr->path, 0, "missing setting '%s'", need[i]);
    if (strcmp(h->file, "nis") != 0 && strcmp(h->file, "fpd") != 0)
        return confline_error(lr->err, lr->errlen, lr->path, h->file_line, "file is 'nis' or 'fpd'");
    if (strcmp(h->file, families_kind_name(kind)) != 0)
        return confline_error(lr->err, lr->errlen, lr->path, h->file_line,
                              "this layout is for the %s file, but it is loaded as the %s layout", h->file,
                              families_kind_name(kind));
    if (lr->l->n_cols == 0)
        return confline_error(lr->err, lr->errlen, lr->path, 0, "the layout has no 'column' lines");
    return 0;
}

/* The FPD carries no direct identifier, in any treatment, and person and
 * family ids only as pseudonyms; every file has a row key. */
static int check_columns(struct layout_reader *lr, enum families_kind kind)
{
    const struct families_layout *l = lr->l;
    bool any_unique = false;

    if (kind == FAM_FPD)
        for (size_t i = 0; i < l->n_cols; i++) {
            const struct fam_column *c = &l->cols[i];
            const struct source_def *sd = &sources[c->source];
            if (sd->direct)
                return confline_error(lr->err, lr->errlen, lr->path, c->line, "column '%s' takes %s, a direct "
                                      "identifier; the Family Progress Data carries none (remove the line)",
                                      c->name, sd->name);
            if (sd->clear_key && c->treatment != TR_PSEUDONYMISE)
                return confline_error(lr->err, lr->errlen, lr->path, c->line, "column '%s' takes %s in clear; the "
                                      "Family Progress Data carries it only as a pseudonym (treatment "
                                      "pseudonymise, format pseudonym)", c->name, sd->name);
        }
    for (size_t i = 0; i < l->n_cols; i++)
        any_unique |= l->cols[i].unique;
    if (!any_unique)
        return confline_error(lr->err, lr->errlen, lr->path, 0,
                              "no column is marked 'unique' (the row key, e.g. the person id)");
    return 0;
}

/* The field catalogue of the file: one field per column. */
static void build_catalogue(struct families_layout *l)
{
    l->fields = xcalloc(l->n_cols, sizeof *l->fields);
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        const struct source_def *sd = &sources[c->source];
        struct strbuf src = STRBUF_INIT, about = STRBUF_INIT;
        strbuf_addstr(&src, sd->column);
        if (c->source == FS_MEASURE)
            strbuf_addf(&src, "[%s]", c->measure);
        else if (c->source == FS_NEED)
            strbuf_addf(&src, "[%d]", c->need);
        if (c->source == FS_MEASURE)
            strbuf_addf(&about, "measure:%s: %s", c->measure, sd->about);
        else if (c->source == FS_NEED)
            strbuf_addf(&about, "need:%d: %s", c->need, sd->about);
        else
            strbuf_addf(&about, "%s: %s", sd->name, sd->about);
        l->fields[i].name = c->name;
        l->fields[i].source = strbuf_detach(&src, NULL);
        l->fields[i].kind = sd->kind;
        l->fields[i].required = c->required;
        l->fields[i].personal = sd->personal;
        l->fields[i].about = strbuf_detach(&about, NULL);
    }
}

/* The policy's header, taken over from the layout's settings. */
static void policy_header(struct layout_reader *lr, enum families_kind kind)
{
    struct families_layout *l = lr->l;
    struct policy *p = &l->policy;
    struct strbuf ret_name = STRBUF_INIT;

    p->path = xstrdup(lr->path);
    p->name = lr->h.name;
    p->version = lr->h.version;
    p->recipient = lr->h.recipient;
    p->key_name = lr->h.key;
    lr->h.name = lr->h.version = lr->h.recipient = lr->h.key = NULL;
    strbuf_addf(&ret_name, "families-%s", families_kind_name(kind));
    p->ret = strbuf_detach(&ret_name, NULL);
    l->catalogue.ret = p->ret;
    l->catalogue.fields = l->fields;
    l->catalogue.n = l->n_cols;
    p->catalogue = &l->catalogue;
    p->entries = xcalloc(l->n_cols, sizeof *p->entries);
    p->pseudonymisable = xcalloc(l->n_cols, sizeof *p->pseudonymisable);
}

/* The policy's entries: the layout is the policy. */
static int policy_entries(struct layout_reader *lr)
{
    struct families_layout *l = lr->l;
    struct policy *p = &l->policy;
    const struct purpose *dp = NULL;

    if (purposes_load(&p->purposes, lr->purposes_path, lr->err, lr->errlen) != 0)
        return -1;
    if (lr->h.purpose && !(dp = purposes_find(&p->purposes, lr->h.purpose)))
        return confline_error(lr->err, lr->errlen, lr->path, lr->h.purpose_line, "purpose '%s' is not defined in %s",
                              lr->h.purpose, lr->purposes_path);
    for (size_t i = 0; i < l->n_cols; i++) {
        const struct fam_column *c = &l->cols[i];
        struct policy_entry *pe = &p->entries[i];
        pe->treatment = c->treatment;
        pe->special = c->special;
        pe->line = c->line;
        pe->purpose = dp;
        if (lr->col_purpose[i] && !(pe->purpose = purposes_find(&p->purposes, lr->col_purpose[i])))
            return confline_error(lr->err, lr->errlen, lr->path, c->line, "purpose '%s' is not defined in %s",
                                  lr->col_purpose[i], lr->purposes_path);
        if (!pe->purpose && c->treatment != TR_DROP)
            return confline_error(lr->err, lr->errlen, lr->path, c->line,
                                  "column '%s' has no purpose (give purpose=ID or a default 'purpose =')", c->name);
        if (c->special && c->treatment != TR_DROP && !pe->purpose->special_basis)
            return confline_error(lr->err, lr->errlen, lr->path, c->line, "column '%s' is special category data but "
                                  "purpose '%s' gives no special_basis", c->name, pe->purpose->id);
    }
    if (policy_needs_key(p) && !p->key_name)
        return confline_error(lr->err, lr->errlen, lr->path, 0,
                              "columns are pseudonymised, so the layout needs 'key = NAME' (which key to use)");
    return 0;
}

int families_layout_load(struct families_layout *l, const char *path, const char *purposes_path,
                         enum families_kind kind, char *err, size_t errlen)
{
    struct layout_reader lr = { .l = l, .path = path, .purposes_path = purposes_path, .err = err,
                                .errlen = errlen };
    int ret = -1;

    memset(l, 0, sizeof *l);
    l->path = xstrdup(path);
    l->kind = kind;
    if (read_layout_file(&lr) == 0 && check_settings(&lr, kind) == 0 && check_columns(&lr, kind) == 0) {
        build_catalogue(l);
        policy_header(&lr, kind);
        ret = policy_entries(&lr);
    }
    if (lr.col_purpose)
        for (size_t i = 0; i < l->n_cols; i++)
            free(lr.col_purpose[i]);
    free(lr.col_purpose);
    free(lr.h.name);
    free(lr.h.version);
    free(lr.h.file);
    free(lr.h.recipient);
    free(lr.h.purpose);
    free(lr.h.key);
    if (ret)
        families_layout_release(l);
    return ret;
}
