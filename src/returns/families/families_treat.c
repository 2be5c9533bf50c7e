/*
 * The treatment of a Supporting Families value on its way into a file
 * (pseudonymise, move to the month, cut to the sector, drop), shared by
 * the build and the fields-shared report so that the two agree.  Kept
 * apart from families_values.c, which the validator uses too: this part
 * needs the pseudonymisation key (OpenSSL), the validator must not.
 */
#include "returns/families/families.h"

/* A pseudonym's domain: a person's and a family's keys are unrelated even
 * when their ids coincide. */
static const char *pseudonym_domain(enum fam_source s)
{
    switch (s) {
    case FS_PERSON_ID: return "person";
    case FS_FAMILY_ID: return "family";
    case FS_NI_NUMBER: return "ni";
    case FS_UPN: return "upn";
    default: return "id";
    }
}

const char *families_treat_value(const struct fam_column *c, const struct pseudo_key *key, const char *raw,
                                 struct strbuf *out)
{
    size_t start = out->len;
    if (raw && c->treatment == TR_PSEUDONYMISE) {
        char ps[PSEUDONYM_LEN + 1];
        if (key && pseudonymise(key, pseudonym_domain(c->source), raw, ps) == 0)
            strbuf_addstr(out, ps);
    } else if (raw && c->treatment == TR_MONTH) {
        sr_date day = date_parse_iso(raw);
        char b[11];
        if (sr_date_ok(day))
            strbuf_addstr(out, date_format_iso(date_month_start(day), b));
        else
            fam_value_normalise(&c->format, raw, out);
    } else if (raw && c->treatment != TR_DROP) {
        fam_value_normalise(&c->format, raw, out);
    }
    if (out->len == start)
        return c->required ? "is empty but the layout requires a value" : NULL;
    return fam_value_problem(&c->format, out->buf + start);
}
