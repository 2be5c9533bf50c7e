/*
 * DfE CIN rules about who the child is: the header's reference date (100),
 * with statreturn's own check of the header Year (SR-YEAR, cin_rules_own),
 * the ChildIdentifiers module (LAchildID, UPN, FormerUPN, UPNunknown, dates
 * of birth and death, Sex, and the checks DfE files under it that look at CIN
 * plans and episodes), the ChildCharacteristics module (Ethnicity, whether
 * disabilities are recorded) and the Disabilities module.
 *
 * Most rules look at one child.  Four look at the whole return: LAchildID
 * and UPN uniqueness (8510, 1520), which report every child involved, and
 * the LA-level queries 2886Q, 2887Q and 2888Q, which report the return once.
 * Their state is a few counters, or one compact string set, so validation
 * still streams a million children.
 *
 * Dates are day numbers.  As everywhere in the rule engine, a date that is
 * absent or unparseable cannot break an ordering rule: the schema and the
 * presence rules report it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/cin/cin_record.h"
#include "returns/cin/cin_codes.h"
#include "core/date.h"
#include "returns/cin/cin_rules.h"
#include "core/upn.h"
#include "core/xalloc.h"

/* ---- helpers ---------------------------------------------------------- */

static bool date_within(sr_date d, sr_date first, sr_date last)
{
    return d >= first && d <= last;
}

/* The line to remember for a value of a child in whole-return state. */
static uint32_t value_line(const struct cin_child *c, const struct cin_value *v)
{
    return v->line ? v->line : c->line;
}

/* True when some CINdetails says the referral went on to further action
 * (ReferralNFA 0 or false).  An absent or malformed flag says neither; rule
 * 8568 reports it. */
static bool any_further_action(const struct cin_child *c)
{
    for (size_t i = 0; i < c->n_episodes; i++)
        if (cin_bool(&c->episodes[i].referral_nfa) == 0)
            return true;
    return false;
}

/* Bit of a valid disability code other than NONE in the year's code list,
 * or 0 for NONE, an invalid code or an absent value.  The list has 13 codes,
 * so 32 bits are plenty; the check keeps a longer future list safe. */
static uint32_t disability_bit(const char *code, int year)
{
    if (!code || !strcmp(code, "NONE"))
        return 0;
    const char *const *list = cin_code_list(CL_DISABILITY, year);
    for (unsigned i = 0; list && list[i] && i < 32; i++)
        if (!strcmp(list[i], code))
            return UINT32_C(1) << i;
    return 0;
}

static unsigned bit_count(uint32_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* ---- Header ----------------------------------------------------------- */

/* 100: the header ReferenceDate must be present and be 31 March of the
 * collection year.  DfE's wording hard-codes one year's date; what it means
 * is the end of the census period, which the engine already knows.  An
 * absent or unparseable date fails: this is the rule about its presence. */
static void check_100(struct rule_ctx *ctx, const struct cin_header *h)
{
    if (h->reference_date.date != rule_ctx_env(ctx)->reference_date)
        rule_fail(ctx, NULL, NULL, &h->reference_date, h->line, "CollectionDetails/ReferenceDate");
}

/* SR-YEAR: statreturn's check, not a DfE rule: the header's Year is the
 * collection year the file is validated as (--year when given, else the
 * year of the header's ReferenceDate when the two disagree: cin_reader.h).
 * DfE publishes no rule for the Year, COLLECT refuses a file of another
 * collection on loading, so the disagreement is an error.  It is not
 * reported under 100: that is DfE's rule for the ReferenceDate, and a
 * finding there would send the analyst to a date that may be right.  A
 * wrong ReferenceDate is 100's; an absent Year, or one that is no year, the
 * schema's. */
static void check_sr_year(struct rule_ctx *ctx, const struct cin_header *h)
{
    int year = cin_header_year(h);

    if (year && year != rule_ctx_env(ctx)->year)
        rule_fail(ctx, NULL, NULL, &h->year, h->line, "CollectionDetails/Year");
}

/* ---- UPN (1510-1560Q) ------------------------------------------------- */

/*
 * The four UPN rules each name one part of the number.  A UPN that is not
 * 13 characters long has no well-defined parts, so exactly one rule speaks
 * for it: 1550, because its "character 13" is the last character and a
 * short UPN has none while a long one has more after it.  The schema leaves
 * the length to this rule on purpose (specs/cin/cin_<year>.xsd).  1510, 1530
 * and 1540 then apply only to 13-character UPNs.
 */

/* 1510: when UPN is present, character 1 must be the check letter computed
 * from characters 2-13.  When those characters are not digits (or an
 * allowed final letter) no check letter exists; 1530, 1540 or 1550 names
 * the character at fault, so 1510 stays silent rather than repeat it. */
static void check_1510(struct rule_ctx *ctx, const struct cin_child *c)
{
    const char *upn = c->upn.text;

    if (!cin_present(&c->upn) || strlen(upn) != 13)
        return;
    char want = upn_check_letter(upn);
    if (want != '\0' && want != upn[0])
        rule_fail(ctx, c, NULL, &c->upn, 0, "ChildIdentifiers/UPN");
}

/* 1520 state: UPNs seen so far, and for each first holder its child
 * position and LAchildID, so that a first holder can be named when a later
 * child repeats its UPN (the set itself keeps only the UPN). */
struct upn_holder {
    uint32_t position;
    uint32_t id_off;        /* offset+1 of the LAchildID in ids; 0 = none */
};

struct state_1520 {
    struct id_set *seen;    /* UPN -> index into holders */
    struct upn_holder *holders;
    size_t n_holders, cap_holders;
    char *ids;
    size_t ids_len, ids_cap;
};

static uint32_t remember_id(struct state_1520 *st, const char *id)
{
    if (!id)
        return 0;
    size_t len = strlen(id) + 1;
    if (st->ids_len + len > st->ids_cap) {
        size_t cap = st->ids_cap ? st->ids_cap * 2 : 65536;
        while (cap < st->ids_len + len)
            cap *= 2;
        if (cap > UINT32_MAX) {
            /* A UPN check over 4 GB of child IDs is far past any LA's
             * return; name the children by position only. */
            return 0;
        }
        st->ids = xrealloc(st->ids, cap);
        st->ids_cap = cap;
    }
    memcpy(st->ids + st->ids_len, id, len);
    uint32_t off = (uint32_t)(st->ids_len + 1);
    st->ids_len += len;
    return off;
}

/* 1520: each UPN must be unique across the children of the return.  Every
 * repeat is reported at once, naming the first holder (Child[n] and line,
 * not the UPN); at the end, each first holder of a repeated
 * UPN is reported too, so every child sharing the UPN is listed.  Absent
 * UPNs are not compared; a malformed UPN still counts (the same wrong value
 * on two children is still a duplicate). */
static void accumulate_1520(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_1520 *st = state;

    if (!cin_present(&c->upn))
        return;
    if (!st->seen)
        st->seen = id_set_new();
    uint32_t first_line;
    size_t first;
    if (id_set_add(st->seen, c->upn.text, value_line(c, &c->upn), st->n_holders,
                   &first_line, &first)) {
        char other[32];
        snprintf(other, sizeof other, "Child[%u]", (unsigned)st->holders[first].position);
        rule_fail_other(ctx, c, NULL, &c->upn, other, first_line, "ChildIdentifiers/UPN");
        return;
    }
    ALLOC_GROW(st->holders, st->n_holders, st->cap_holders);
    st->holders[st->n_holders].position = (uint32_t)c->position;
    st->holders[st->n_holders].id_off = remember_id(st, c->la_child_id.text);
    st->n_holders++;
}

struct report_1520 {
    struct rule_ctx *ctx;
    const struct state_1520 *st;
};

static void report_first_1520(void *opaque, const char *upn, uint32_t line, size_t holder)
{
    const struct report_1520 *r = opaque;
    const struct upn_holder *h = &r->st->holders[holder];
    struct cin_child first;

    /* A stand-in for the first holder, who has long left memory: enough
     * for the finding's position, LAchildID, line and value. */
    cin_child_init(&first);
    first.position = h->position;
    first.line = line;
    first.la_child_id.text = h->id_off ? r->st->ids + h->id_off - 1 : NULL;
    first.upn.text = upn;
    first.upn.line = line;
    rule_fail(r->ctx, &first, NULL, &first.upn, 0, "ChildIdentifiers/UPN");
}

static void conclude_1520(struct rule_ctx *ctx, void *state)
{
    struct state_1520 *st = state;
    struct report_1520 r = { ctx, st };

    if (st->seen)
        id_set_each_duplicated(st->seen, report_first_1520, &r);
}

static void release_1520(void *state)
{
    struct state_1520 *st = state;

    id_set_free(st->seen);
    free(st->holders);
    free(st->ids);
}

/* 1530: when UPN is present (and 13 characters, see above), characters 2-4
 * must be a post-April-1998 or pseudo LA code valid for the year. */
static void check_1530(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->upn) || strlen(c->upn.text) != 13)
        return;
    if (!upn_la_ok(c->upn.text, rule_ctx_env(ctx)->year))
        rule_fail(ctx, c, NULL, &c->upn, 0, "ChildIdentifiers/UPN");
}

/* 1540: when UPN is present (and 13 characters), characters 5-12 must all
 * be digits. */
static void check_1540(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->upn) || strlen(c->upn.text) != 13)
        return;
    if (!upn_digits_ok(c->upn.text))
        rule_fail(ctx, c, NULL, &c->upn, 0, "ChildIdentifiers/UPN");
}

/* 1550: when UPN is present, character 13 must be a digit or a capital
 * letter other than I, O and S.  Also the one rule that reports a UPN of
 * the wrong length (see above). */
static void check_1550(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->upn))
        return;
    if (!upn_last_char_ok(c->upn.text))   /* false for any length but 13 */
        rule_fail(ctx, c, NULL, &c->upn, 0, "ChildIdentifiers/UPN");
}

/* 1560Q: when FormerUPN is present it should be in the format the data
 * table gives a UPN: 13 characters, the right check letter, a recognised LA
 * code, digits in 5-12, a digit or allowed letter at 13.  One query covers
 * every defect.  A final letter is allowed: former UPNs are often temporary
 * UPNs, which end in one (the public Python validator queries those; we do
 * not, as the data table allows them). */
static void check_1560Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->former_upn))
        return;
    if (!upn_valid(c->former_upn.text, rule_ctx_env(ctx)->year))
        rule_fail(ctx, c, NULL, &c->former_upn, 0, "ChildIdentifiers/FormerUPN");
}

/* ---- LAchildID (1570, 1580, 8500, 8510) --------------------------------- */

/* 1570: LAchildID must be at most 20 characters.  Characters, not bytes:
 * UTF-8 continuation bytes are not counted, so a non-ASCII ID is judged on
 * its length here and on its characters by 1580.  Absent: 8500's case. */
static void check_1570(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->la_child_id))
        return;
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)c->la_child_id.text; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    if (chars > 20)
        rule_fail(ctx, c, NULL, &c->la_child_id, 0, "ChildIdentifiers/LAchildID");
}

/* 1580: LAchildID must contain only letters and digits.  We take ASCII
 * A-Z, a-z, 0-9: the public validator's str.isalnum() would also pass
 * accented and other Unicode letters, but DfE's "alphanumeric" for an
 * identifier matched across systems means the ASCII set, and spaces,
 * hyphens and slashes (the usual offenders) fail either way. */
static void check_1580(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->la_child_id))
        return;
    for (const char *p = c->la_child_id.text; *p; p++) {
        char ch = *p;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            rule_fail(ctx, c, NULL, &c->la_child_id, 0, "ChildIdentifiers/LAchildID");
            return;
        }
    }
}

/* 8500: LAchildID must be present (an empty element counts as absent). */
static void check_8500(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->la_child_id))
        rule_fail(ctx, c, NULL, NULL, 0, "ChildIdentifiers/LAchildID");
}

/* 8510: each LAchildID must be unique within the return.  As 1520: every
 * repeat at once, naming the first holder, then each first holder of a
 * repeated ID at the end.
 * Absent IDs are 8500's and are not compared. */
struct state_8510 {
    struct id_set *seen;
};

static void accumulate_8510(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_8510 *st = state;

    if (!cin_present(&c->la_child_id))
        return;
    if (!st->seen)
        st->seen = id_set_new();
    uint32_t first_line;
    size_t first_position;
    if (id_set_add(st->seen, c->la_child_id.text, value_line(c, &c->la_child_id), c->position,
                   &first_line, &first_position)) {
        char other[32];
        snprintf(other, sizeof other, "Child[%zu]", first_position);
        rule_fail_other(ctx, c, NULL, &c->la_child_id, other, first_line, "ChildIdentifiers/LAchildID");
    }
}

static void report_first_8510(void *opaque, const char *id, uint32_t line, size_t position)
{
    struct rule_ctx *ctx = opaque;
    struct cin_child first;

    /* The key is the LAchildID itself, so the stand-in is complete. */
    cin_child_init(&first);
    first.position = position;
    first.line = line;
    first.la_child_id.text = id;
    first.la_child_id.line = line;
    rule_fail(ctx, &first, NULL, &first.la_child_id, 0, "ChildIdentifiers/LAchildID");
}

static void conclude_8510(struct rule_ctx *ctx, void *state)
{
    struct state_8510 *st = state;

    if (st->seen)
        id_set_each_duplicated(st->seen, report_first_8510, ctx);
}

static void release_8510(void *state)
{
    struct state_8510 *st = state;

    id_set_free(st->seen);
}

/* ---- Sex (2886Q, 4180, 8750) ------------------------------------------- */

/* 2886Q (LA level): children with no sex recorded, leaving out unborn
 * children (those with an ExpectedPersonBirthDate), should be at most 2%
 * of all children in the return.  DfE's wording predates Sex ("equal to
 * zero or missing", zero being the old GenderCurrent "not recorded"); from
 * 2024-25 that is anything other than M or F: absent, U, or a value that
 * is not a sex code at all.  The denominator is every child, unborn or not,
 * as DfE words it.  Integer arithmetic: unknown / total > 2/100. */
struct state_2886Q {
    size_t total;
    size_t unknown;
};

static void accumulate_2886Q(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_2886Q *st = state;
    const char *sex = c->sex.text;

    (void)ctx;
    st->total++;
    if (cin_present(&c->expected_birth_date))
        return;
    if (!sex || (strcmp(sex, "M") && strcmp(sex, "F")))
        st->unknown++;
}

static void conclude_2886Q(struct rule_ctx *ctx, void *state)
{
    const struct state_2886Q *st = state;

    if (st->total && st->unknown * 50 > st->total)
        rule_fail_return(ctx, "Children");
}

/* 4180: Sex must be present and a code of the year's list (M, F, U). */
static void check_4180(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->sex))
        rule_fail(ctx, c, NULL, NULL, 0, "ChildIdentifiers/Sex");
    else if (!cin_code_valid(CL_SEX, c->sex.text, rule_ctx_env(ctx)->year))
        rule_fail(ctx, c, NULL, &c->sex, 0, "ChildIdentifiers/Sex");
}

/* 8750: an unborn child (ExpectedPersonBirthDate present, PersonBirthDate
 * absent) must have Sex U.  DfE's condition text still says "0", the old
 * GenderCurrent code; its 2024-25 message says U, which is what applies.
 * "Present" means the element has a value, parseable or not: an unparseable
 * expected date still says the child is unborn. */
static void check_8750(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->expected_birth_date) || cin_present(&c->birth_date))
        return;
    if (!c->sex.text || strcmp(c->sex.text, "U"))
        rule_fail(ctx, c, NULL, cin_present(&c->sex) ? &c->sex : NULL, 0, "ChildIdentifiers/Sex");
}

/* ---- Dates of birth and death ------------------------------------------ */

/* 4008: when PersonDeathDate is present, each CINPlanStartDate must be on
 * or before it.  One finding per plan that starts after the death. */
static void check_4008(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date death = c->death_date.date;

    if (!sr_date_ok(death))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t p = 0; p < ep->n_plans; p++) {
            const struct cin_value *start = &ep->plans[p].start;
            if (sr_date_ok(start->date) && start->date > death)
                rule_fail(ctx, c, ep, start, 0, "CINPlanDates[%zu]/CINPlanStartDate", p + 1);
        }
    }
}

/* 4009Q: when PersonDeathDate is present, each CINPlanEndDate must be on or
 * before it.  An open plan (no end date) has not ended after the death, so
 * is not queried here. */
static void check_4009Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date death = c->death_date.date;

    if (!sr_date_ok(death))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        for (size_t p = 0; p < ep->n_plans; p++) {
            const struct cin_value *end = &ep->plans[p].end;
            if (sr_date_ok(end->date) && end->date > death)
                rule_fail(ctx, c, ep, end, 0, "CINPlanDates[%zu]/CINPlanEndDate", p + 1);
        }
    }
}

/* 8520: PersonBirthDate must be on or before the ReferenceDate (the end of
 * the census period), or absent. */
static void check_8520(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date birth = c->birth_date.date;

    if (sr_date_ok(birth) && birth > rule_ctx_env(ctx)->reference_date)
        rule_fail(ctx, c, NULL, &c->birth_date, 0, "ChildIdentifiers/PersonBirthDate");
}

/* 8525Q: exactly one of PersonBirthDate and ExpectedPersonBirthDate must be
 * present.  "Present" is a value in the element, parseable or not (a bad
 * date is the schema's to report, and it still shows which kind of date the
 * LA meant).  Both: reported on the expected date, the one a born child
 * should not have; neither: reported on the missing PersonBirthDate. */
static void check_8525Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    bool born = cin_present(&c->birth_date);
    bool expected = cin_present(&c->expected_birth_date);

    if (born && expected)
        rule_fail(ctx, c, NULL, &c->expected_birth_date, 0, "ChildIdentifiers/ExpectedPersonBirthDate");
    else if (!born && !expected)
        rule_fail(ctx, c, NULL, NULL, 0, "ChildIdentifiers/PersonBirthDate");
}

/* 8530Q: when present, ExpectedPersonBirthDate should be between the
 * ReferenceDate minus 30 days and the ReferenceDate plus 9 months.  Both
 * ends are inside the range: for 31 March they are 1 March and 31 December,
 * exactly the "March to December" of DfE's message (the public validator
 * excludes both ends, which contradicts that message). */
static void check_8530Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date expected = c->expected_birth_date.date;
    sr_date ref = rule_ctx_env(ctx)->reference_date;

    if (sr_date_ok(expected) && !date_within(expected, ref - 30, date_add_months(ref, 9)))
        rule_fail(ctx, c, NULL, &c->expected_birth_date, 0, "ChildIdentifiers/ExpectedPersonBirthDate");
}

/* 8535Q: PersonDeathDate should be on or after PersonBirthDate (the same
 * day is allowed). */
static void check_8535Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date death = c->death_date.date, birth = c->birth_date.date;

    if (sr_date_ok(death) && sr_date_ok(birth) && death < birth)
        rule_fail(ctx, c, NULL, &c->death_date, 0, "ChildIdentifiers/PersonDeathDate");
}

/* 8545Q: when present, PersonDeathDate should be within the census period
 * (1 April to 31 March, both included). */
static void check_8545Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    sr_date death = c->death_date.date;

    if (sr_date_ok(death) && !date_within(death, env->period_start, env->reference_date))
        rule_fail(ctx, c, NULL, &c->death_date, 0, "ChildIdentifiers/PersonDeathDate");
}

/* 8775Q: a child born before ReferenceDate minus 25 years is queried for
 * each CINdetails that is open (no CINclosureDate) or closed after the
 * child's 25th birthday.  A child with no CINdetails at all has no closure
 * either, so is queried once on the date of birth (8590 also reports the
 * missing episode).  25th birthday of a 29 February birth: 28 February. */
static void check_8775Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    sr_date birth = c->birth_date.date;

    if (!sr_date_ok(birth) || birth >= date_add_years(rule_ctx_env(ctx)->reference_date, -25))
        return;
    if (c->n_episodes == 0) {
        rule_fail(ctx, c, NULL, &c->birth_date, 0, "ChildIdentifiers/PersonBirthDate");
        return;
    }
    sr_date birthday25 = date_add_years(birth, 25);
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        const struct cin_value *closure = &ep->closure_date;
        if (closure->date == SR_DATE_NONE)
            rule_fail(ctx, c, ep, NULL, 0, "CINclosureDate");
        else if (sr_date_ok(closure->date) && closure->date > birthday25)
            rule_fail(ctx, c, ep, closure, 0, "CINclosureDate");
    }
}

/* ---- Episodes and UPNunknown (8590, 8770Q, 8772) ------------------------ */

/* 8590: each child must have at least one CINdetails group. */
static void check_8590(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (c->n_episodes == 0)
        rule_fail(ctx, c, NULL, NULL, 0, "CINdetails");
}

/*
 * 8770Q (2024-25 definition): a child of school age with a referral that
 * went on to further action (some ReferralNFA 0 or false) should have a UPN,
 * or else a valid UPNunknown reason other than UN1 ("under 6, no UPN yet"),
 * which cannot apply to such a child.  DfE's condition text is the older
 * "minus 4 years" wording; the 2024-25 message says "of school age", which
 * we read as the public validator does: born on or before 31 August six
 * years before the ReferenceDate's year (2019-08-31 for 2024-25), i.e. at
 * least 5 at the start of the school year before the census year ends.  No
 * usable date of birth (unborn, or unparseable): not known to be of school
 * age, not queried.  A UPN of the wrong format is still a UPN (1510-1550).
 */
static void check_8770Q(struct rule_ctx *ctx, const struct cin_child *c)
{
    const struct rule_env *env = rule_ctx_env(ctx);
    sr_date birth = c->birth_date.date;
    int y, m, d;

    if (cin_present(&c->upn) || !sr_date_ok(birth))
        return;
    date_to_ymd(env->reference_date, &y, &m, &d);
    if (birth > date_from_ymd(y - 6, 8, 31) || !any_further_action(c))
        return;
    const char *reason = c->upn_unknown.text;
    if (cin_present(&c->upn_unknown) && strcmp(reason, "UN1")
        && cin_code_valid(CL_UPN_UNKNOWN, reason, env->year))
        return;
    if (cin_present(&c->upn_unknown))
        rule_fail(ctx, c, NULL, &c->upn_unknown, 0, "ChildIdentifiers/UPNunknown");
    else
        rule_fail(ctx, c, NULL, NULL, 0, "ChildIdentifiers/UPN");
}

/* 8772: when UPNunknown is UN7 ("referral with no further action"), every
 * CINdetails must have ReferralNFA 1 or true.  One finding per CINdetails
 * that does not: 0/false, and also an absent or malformed flag, since DfE
 * requires the flag to be true, not merely not false. */
static void check_8772(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!c->upn_unknown.text || strcmp(c->upn_unknown.text, "UN7"))
        return;
    for (size_t e = 0; e < c->n_episodes; e++) {
        const struct cin_episode *ep = &c->episodes[e];
        if (cin_bool(&ep->referral_nfa) != 1)
            rule_fail(ctx, c, ep, cin_present(&ep->referral_nfa) ? &ep->referral_nfa : NULL, 0,
                      "ReferralNFA");
    }
}

/* ---- ChildCharacteristics (4220, 8540) ---------------------------------- */

/* 4220: Ethnicity must be present and a code of the year's list. */
static void check_4220(struct rule_ctx *ctx, const struct cin_child *c)
{
    if (!cin_present(&c->ethnicity))
        rule_fail(ctx, c, NULL, NULL, 0, "ChildCharacteristics/Ethnicity");
    else if (!cin_code_valid(CL_ETHNICITY, c->ethnicity.text, rule_ctx_env(ctx)->year))
        rule_fail(ctx, c, NULL, &c->ethnicity, 0, "ChildCharacteristics/Ethnicity");
}

/* 8540: when PersonBirthDate is present and some ReferralNFA is 0 or false,
 * at least one Disability must be present and every Disability must be a
 * valid code.  No Disability (group absent or empty): one finding on the
 * group; otherwise one finding per invalid code.  "Present" for the date of
 * birth means a value in the element: a born child with a malformed date is
 * still a born child. */
static void check_8540(struct rule_ctx *ctx, const struct cin_child *c)
{
    int year = rule_ctx_env(ctx)->year;

    if (!cin_present(&c->birth_date) || !any_further_action(c))
        return;
    if (c->n_disabilities == 0) {
        rule_fail(ctx, c, NULL, NULL, 0, "ChildCharacteristics/Disabilities");
        return;
    }
    for (size_t i = 0; i < c->n_disabilities; i++) {
        const struct cin_value *v = &c->disabilities[i];
        if (!cin_present(v) || !cin_code_valid(CL_DISABILITY, v->text, year))
            rule_fail(ctx, c, NULL, cin_present(v) ? v : NULL, v->line,
                      "ChildCharacteristics/Disabilities/Disability[%zu]", i + 1);
    }
}

/* ---- Disabilities (2887Q, 2888Q, 8790, 8794) ---------------------------- */

/* 2887Q (LA level): leaving out NONE, the return should use more than 7
 * different disability codes.  Only valid codes count (an invalid one is
 * 8540's and says nothing about the LA's recording).  A return with no
 * children uses none, so is queried, as DfE's condition reads. */
struct state_2887Q {
    uint32_t used;      /* one bit per valid code other than NONE */
};

static void accumulate_2887Q(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_2887Q *st = state;
    int year = rule_ctx_env(ctx)->year;

    for (size_t i = 0; i < c->n_disabilities; i++)
        st->used |= disability_bit(c->disabilities[i].text, year);
}

static void conclude_2887Q(struct rule_ctx *ctx, void *state)
{
    const struct state_2887Q *st = state;

    if (bit_count(st->used) <= 7)
        rule_fail_return(ctx, "Children");
}

/* 2888Q (LA level): leaving out NONE, at least one child should have more
 * than one disability recorded.  A child counts when it has two or more
 * different valid codes other than NONE (the same code twice is 8794's
 * defect, not a second disability).  No such child in the return, including
 * a return where no child has a disability: queried. */
struct state_2888Q {
    bool some_child_has_several;
};

static void accumulate_2888Q(struct rule_ctx *ctx, void *state, const struct cin_child *c)
{
    struct state_2888Q *st = state;
    int year = rule_ctx_env(ctx)->year;
    uint32_t codes = 0;

    if (st->some_child_has_several)
        return;
    for (size_t i = 0; i < c->n_disabilities; i++)
        codes |= disability_bit(c->disabilities[i].text, year);
    if (bit_count(codes) > 1)
        st->some_child_has_several = true;
}

static void conclude_2888Q(struct rule_ctx *ctx, void *state)
{
    const struct state_2888Q *st = state;

    if (!st->some_child_has_several)
        rule_fail_return(ctx, "Children");
}

/* 8790: a child with a Disability of NONE should have no other Disability
 * value.  One finding per child, on the (first) NONE. */
static void check_8790(struct rule_ctx *ctx, const struct cin_child *c)
{
    size_t none = 0;        /* 1-based position of the first NONE */
    bool other = false;

    for (size_t i = 0; i < c->n_disabilities; i++) {
        const struct cin_value *v = &c->disabilities[i];
        if (!cin_present(v))
            continue;
        if (!strcmp(v->text, "NONE")) {
            if (!none)
                none = i + 1;
        } else {
            other = true;
        }
    }
    if (none && other)
        rule_fail(ctx, c, NULL, &c->disabilities[none - 1], 0,
                  "ChildCharacteristics/Disabilities/Disability[%zu]", none);
}

/* 8794: no Disability code may appear twice for a child.  One finding per
 * repeat, on the repeating value, naming the first (NONE twice is a repeat
 * too). */
static void check_8794(struct rule_ctx *ctx, const struct cin_child *c)
{
    for (size_t i = 1; i < c->n_disabilities; i++) {
        const struct cin_value *v = &c->disabilities[i];
        if (!cin_present(v))
            continue;
        for (size_t j = 0; j < i; j++) {
            if (cin_present(&c->disabilities[j]) && !strcmp(c->disabilities[j].text, v->text)) {
                char other[96];
                snprintf(other, sizeof other, "ChildCharacteristics/Disabilities/Disability[%zu]", j + 1);
                rule_fail_other(ctx, c, NULL, v, other, c->disabilities[j].line,
                                "ChildCharacteristics/Disabilities/Disability[%zu]", i + 1);
                break;
            }
        }
    }
}

/* ---- the table -------------------------------------------------------- */

#define CHILD(fn) .check_child = (fn)
#define RETURN(st, acc, conc, rel) \
    .state_size = sizeof(struct st), .accumulate = (acc), .conclude = (conc), .release = (rel)

const struct cin_rule cin_rules_identifiers[] = {
    { .rule.code = "100", .rule.type = RULE_ERROR, .rule.module = "Header",
      .rule.message = "Reference Date is incorrect",
      .check_header = check_100 },
    { .rule.code = "1510", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "UPN invalid (wrong check letter at character 1)",
      CHILD(check_1510) },
    { .rule.code = "1520", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "More than one record with the same UPN.",
      RETURN(state_1520, accumulate_1520, conclude_1520, release_1520) },
    { .rule.code = "1530", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "UPN invalid (characters 2-4 not a recognised LA code)",
      CHILD(check_1530) },
    { .rule.code = "1540", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "UPN invalid (characters 5-12 not all numeric)",
      CHILD(check_1540) },
    { .rule.code = "1550", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "UPN invalid (character 13 not a recognised value)",
      CHILD(check_1550) },
    { .rule.code = "1560Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend or provide a reason: Former UPN wrongly formatted",
      CHILD(check_1560Q) },
    { .rule.code = "1570", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "LA Child ID must not be longer than 20 characters",
      CHILD(check_1570) },
    { .rule.code = "1580", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "LA Child ID must not contain any non-alphanumeric characters",
      CHILD(check_1580) },
    { .rule.code = "2886Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend or provide a reason: Percentage of children with no sex "
                 "recorded is more than 2% (excluding unborns)",
      RETURN(state_2886Q, accumulate_2886Q, conclude_2886Q, NULL) },
    { .rule.code = "2887Q", .rule.type = RULE_QUERY, .rule.module = "Disabilities",
      .rule.message = "Please check and either amend or provide a reason: Less than 8 disability codes have "
                 "been used in your return",
      RETURN(state_2887Q, accumulate_2887Q, conclude_2887Q, NULL) },
    { .rule.code = "2888Q", .rule.type = RULE_QUERY, .rule.module = "Disabilities",
      .rule.message = "Please check and either amend or provide a reason: Only one disability code is recorded "
                 "per child and multiple disabilities should be recorded where possible.",
      RETURN(state_2888Q, accumulate_2888Q, conclude_2888Q, NULL) },
    { .rule.code = "4008", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "CIN Plan shown as starting after the child’s Date of Death.",
      CHILD(check_4008) },
    { .rule.code = "4009Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "CIN Plan cannot end after the child’s Date of Death",
      CHILD(check_4009Q) },
    { .rule.code = "4180", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "Sex must be provided and equal M, F, or U",
      CHILD(check_4180) },
    { .rule.code = "4220", .rule.type = RULE_ERROR, .rule.module = "ChildCharacteristics",
      .rule.message = "Ethnicity is missing or invalid (see Ethnicity table)",
      CHILD(check_4220) },
    { .rule.code = "8500", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "LA Child ID missing",
      CHILD(check_8500) },
    { .rule.code = "8510", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "More than one child record with the same LA Child ID",
      RETURN(state_8510, accumulate_8510, conclude_8510, release_8510) },
    { .rule.code = "8520", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "Date of Birth is after data collection period (must be on or before the end of the "
                 "census period)",
      CHILD(check_8520) },
    { .rule.code = "8525Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
      CHILD(check_8525Q) },
    { .rule.code = "8530Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend data or provide a reason: Expected Date of Birth is "
                 "outside the expected range for this census (March to December of the Census Year end)",
      CHILD(check_8530Q) },
    { .rule.code = "8535Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend data or provide a reason: Child’s date of death "
                 "should not be prior to the date of birth",
      CHILD(check_8535Q) },
    { .rule.code = "8540", .rule.type = RULE_ERROR, .rule.module = "ChildCharacteristics",
      .rule.message = "Child’s disability is missing or invalid (see Disability table)",
      CHILD(check_8540) },
    { .rule.code = "8545Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend data or provide a reason: Child's date of death should "
                 "be within the census year",
      CHILD(check_8545Q) },
    { .rule.code = "8590", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "Child does not have a recorded CIN episode.",
      CHILD(check_8590) },
    { .rule.code = "8750", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "Sex must equal U for an unborn child",
      CHILD(check_8750) },
    { .rule.code = "8770Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend data or provide a reason: UPN is missing or reason UPN is "
                 "missing or is UN1 for a child who is of school age.",
      CHILD(check_8770Q) },
    { .rule.code = "8772", .rule.type = RULE_ERROR, .rule.module = "ChildIdentifiers",
      .rule.message = "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN "
                 "details is a referral going on to further action",
      CHILD(check_8772) },
    { .rule.code = "8775Q", .rule.type = RULE_QUERY, .rule.module = "ChildIdentifiers",
      .rule.message = "Please check and either amend data or provide a reason: Child is over 25 years old",
      CHILD(check_8775Q) },
    { .rule.code = "8790", .rule.type = RULE_ERROR, .rule.module = "Disabilities",
      .rule.message = "Disability information includes both None and other values",
      CHILD(check_8790) },
    { .rule.code = "8794", .rule.type = RULE_ERROR, .rule.module = "Disabilities",
      .rule.message = "Child has two or more disabilities with the same code",
      CHILD(check_8794) },
    { .rule.code = NULL },
};

/* statreturn's own checks, kept apart from DfE's rules above; their codes
 * start with SR- so that a report never passes one off as DfE's. */
const struct cin_rule cin_rules_own[] = {
    { .rule.code = "SR-YEAR", .rule.type = RULE_ERROR, .rule.module = "Header",
      .rule.message = "The header Year is not the collection year the file was validated as (--year, or else the "
                 "year of the header ReferenceDate); DfE COLLECT will not load it as this year's census "
                 "(statreturn's check, not a DfE rule)",
      .check_header = check_sr_year },
    { .rule.code = NULL },
};
