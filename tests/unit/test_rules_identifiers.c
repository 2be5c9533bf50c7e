/*
 * Tests of the identifier rules (src/returns/cin/cin_rules_identifiers.c): the header
 * reference date, ChildIdentifiers, ChildCharacteristics and Disabilities.
 *
 * Each per-child rule is tested from the fixture's baseline child with one
 * change, in tables of cases: the change (up to three child values set by
 * name, and/or a setup function for episodes and disabilities), the rule,
 * the number of findings expected and the path of the first one.  The
 * whole-return rules (uniqueness, LA-level queries) get their own tests with
 * several children.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rule_fixture.h"
#include "returns/cin/cin_rules.h"

#define CHILD1 "Message/Children/Child[1]/"

/* ---- fixture ---------------------------------------------------------- */

static int setup_2025(void **state)
{
    struct rfx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    rfx_init(f, 2025);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct rfx *f = *state;
    rfx_release(f);
    free(f);
    return 0;
}

/* ---- table-driven per-child cases -------------------------------------- */

/* A child value named by field; offset + 1 so that 0 ends the list. */
#define F(field) (offsetof(struct cin_child, field) + 1)

struct set {
    size_t field;
    const char *text;       /* NULL: make the value absent */
};

struct rcase {
    const char *name;
    const char *code;
    struct set set[3];
    void (*setup)(struct rfx *f, struct cin_child *c);
    size_t expected;
    const char *path;       /* first finding's path below Child[1]; NULL: not checked */
};

static void run_cases(struct rfx *f, const struct rcase *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct rcase *k = &cases[i];
        struct cin_child *c = rfx_child(f);

        for (size_t s = 0; s < 3 && k->set[s].field; s++) {
            struct cin_value *v = (struct cin_value *)((char *)c + k->set[s].field - 1);
            rfx_set(f, v, k->set[s].text);
        }
        if (k->setup)
            k->setup(f, c);
        size_t got = rfx_run1(f, k->code, c);
        if (got != k->expected)
            fail_msg("%s [%s]: %zu findings, expected %zu%s%s", k->name, k->code, got, k->expected,
                     got ? "; first at " : "", got ? f->findings[0].path : "");
        if (k->expected && k->path) {
            char want[256];
            snprintf(want, sizeof want, CHILD1 "%s", k->path);
            if (strcmp(f->findings[0].code, k->code))
                fail_msg("%s: finding code %s, expected %s", k->name, f->findings[0].code, k->code);
            if (strcmp(f->findings[0].path, want))
                fail_msg("%s: finding path %s, expected %s", k->name, f->findings[0].path, want);
        }
    }
}

#define RUN(f, cases) run_cases((f), (cases), sizeof (cases) / sizeof (cases)[0])

/* Setup helpers: episodes, plans and disabilities of the baseline child. */

static struct cin_episode *ep1(struct cin_child *c)
{
    return &c->episodes[0];
}

static void no_episodes(struct rfx *f, struct cin_child *c)
{
    (void)f;
    c->n_episodes = 0;
}

static void no_disabilities(struct rfx *f, struct cin_child *c)
{
    (void)f;
    c->n_disabilities = 0;
    c->has_disabilities_group = false;
}

static void empty_disabilities_group(struct rfx *f, struct cin_child *c)
{
    (void)f;
    c->n_disabilities = 0;
    c->has_disabilities_group = true;
}

static void set_disabilities(struct rfx *f, struct cin_child *c, const char *const *codes)
{
    c->n_disabilities = 0;
    for (size_t i = 0; codes[i]; i++)
        rfx_add_disability(f, c, codes[i]);
}

#define DISABILITIES(name, ...) \
    static void name(struct rfx *f, struct cin_child *c) \
    { \
        static const char *const codes[] = { __VA_ARGS__, NULL }; \
        set_disabilities(f, c, codes); \
    }

DISABILITIES(dis_foo, "FOO")
DISABILITIES(dis_x_y, "X", "Y")
DISABILITIES(dis_mob, "MOB")
DISABILITIES(dis_none_mob, "NONE", "MOB")
DISABILITIES(dis_mob_none, "MOB", "NONE")
DISABILITIES(dis_mob_hand, "MOB", "HAND")
DISABILITIES(dis_mob_mob, "MOB", "MOB")
DISABILITIES(dis_mob_hand_mob_mob, "MOB", "HAND", "MOB", "MOB")
DISABILITIES(dis_none_none, "NONE", "NONE")
DISABILITIES(dis_none_foo, "NONE", "FOO")

static void nfa_1(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
}

static void nfa_true(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "true");
}

static void nfa_absent(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, NULL);
}

/* A second episode with ReferralNFA 0 after a first one with 1. */
static void nfa_1_then_0(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
    struct cin_episode *e = rfx_add_episode(f, c, "2024-09-01");
    rfx_set(f, &e->referral_source, "1A");
    rfx_set(f, &e->referral_nfa, "0");
}

/* Both episodes NFA 1: nobody went on to further action. */
static void nfa_1_and_1(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->referral_nfa, "1");
    struct cin_episode *e = rfx_add_episode(f, c, "2024-09-01");
    rfx_set(f, &e->referral_nfa, "1");
}

static void second_plan_late(struct rfx *f, struct cin_child *c)
{
    rfx_add_plan(f, ep1(c), "2024-06-01", "2024-06-10");
}

static void plan_open(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->plans[0].end, NULL);
}

static void closed_2024_01_01(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->closure_date, "2024-01-01");
}

static void closed_2024_01_02(struct rfx *f, struct cin_child *c)
{
    rfx_set(f, &ep1(c)->closure_date, "2024-01-02");
}

static void second_open_episode(struct rfx *f, struct cin_child *c)
{
    struct cin_episode *e = rfx_add_episode(f, c, "2024-09-01");
    rfx_set(f, &e->referral_nfa, "0");
}

/* ---- Header: 100 ------------------------------------------------------- */

static void test_100_reference_date(void **state)
{
    struct rfx *f = *state;
    struct cin_child *c = rfx_child(f);
    static const struct { const char *date; size_t expected; } cases[] = {
        { "2025-03-31", 0 },       /* 31 March of the collection year */
        { "2025-03-30", 1 },       /* a day early */
        { "2025-04-01", 1 },       /* a day late */
        { "2024-03-31", 1 },       /* the previous year's */
        { "2025-02-30", 1 },       /* not a date */
        { NULL, 1 },               /* absent */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rfx_set(f, &f->header.reference_date, cases[i].date);
        size_t got = rfx_run1(f, "100", c);
        if (got != cases[i].expected)
            fail_msg("ReferenceDate %s: %zu findings, expected %zu",
                     cases[i].date ? cases[i].date : "(absent)", got, cases[i].expected);
        if (got) {
            assert_string_equal(f->findings[0].code, "100");
            assert_string_equal(f->findings[0].path, "Message/Header/CollectionDetails/ReferenceDate");
            assert_string_equal(f->findings[0].la_child_id, "");
        }
    }
    rfx_set(f, &f->header.reference_date, "2025-03-31");
}

/* SR-YEAR, statreturn's own check: the header Year is the collection year
 * validated as (in each year's layer). */
static void test_sr_year(void **state)
{
    static const struct { int year; const char *header_year; size_t expected; } cases[] = {
        { 2025, "2025", 0 },
        { 2025, "2024", 1 },       /* the file: Year 2024, validated as 2025 */
        { 2025, "2026", 1 },
        { 2025, " 2025 ", 0 },     /* white space around it: still the year */
        { 2025, NULL, 0 },         /* absent: the schema's */
        { 2025, "20x5", 0 },       /* no year: the schema's */
        { 2026, "2026", 0 },
        { 2026, "2025", 1 },
    };
    (void)state;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rfx f;
        rfx_init(&f, cases[i].year);
        struct cin_child *c = rfx_child(&f);
        rfx_set(&f, &f.header.year, cases[i].header_year);
        size_t got = rfx_run1(&f, "SR-YEAR", c);
        if (got != cases[i].expected)
            fail_msg("year %d, header Year %s: %zu findings, expected %zu", cases[i].year,
                     cases[i].header_year ? cases[i].header_year : "(absent)", got, cases[i].expected);
        if (got) {
            assert_string_equal(f.findings[0].path, "Message/Header/CollectionDetails/Year");
            assert_string_equal(f.findings[0].la_child_id, "");
        }
        /* a right Year with a wrong ReferenceDate is 100's, not SR-YEAR's */
        rfx_set(&f, &f.header.year, cases[i].year == 2025 ? "2025" : "2026");
        rfx_set(&f, &f.header.reference_date, "2024-03-31");
        assert_int_equal(rfx_run1(&f, "SR-YEAR", c), 0);
        assert_int_equal(rfx_run1(&f, "100", c), 1);
        rfx_release(&f);
    }
}

/* ---- UPN: 1510, 1530, 1540, 1550, 1560Q -------------------------------- */

static const struct rcase upn_cases[] = {
    /* 1510: check letter */
    { "baseline UPN", "1510", {{0}}, NULL, 0, NULL },
    { "wrong check letter", "1510", {{ F(upn), "A201000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "lower-case check letter", "1510", {{ F(upn), "l201000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "temporary UPN, right letter", "1510", {{ F(upn), "M20112345678A" }}, NULL, 0, NULL },
    { "right letter, unknown LA code", "1510", {{ F(upn), "Q999000000011" }}, NULL, 0, NULL },
    { "letter in 5-12: 1540's, not 1510's", "1510", {{ F(upn), "L2010000X0011" }}, NULL, 0, NULL },
    { "short UPN: 1550's, not 1510's", "1510", {{ F(upn), "L20100000001" }}, NULL, 0, NULL },
    { "long UPN: 1550's, not 1510's", "1510", {{ F(upn), "L2010000000110" }}, NULL, 0, NULL },
    { "no UPN", "1510", {{ F(upn), NULL }}, NULL, 0, NULL },
    /* 1530: LA code in characters 2-4 */
    { "baseline LA 201", "1530", {{0}}, NULL, 0, NULL },
    { "LA 999", "1530", {{ F(upn), "Q999000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "LA 000", "1530", {{ F(upn), "C000000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "pseudo LA 001", "1530", {{ F(upn), "G001000000011" }}, NULL, 0, NULL },
    { "LA 006", "1530", {{ F(upn), "D006000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "LA 942 (from 2023-24)", "1530", {{ F(upn), "U942000000011" }}, NULL, 0, NULL },
    { "LA 420", "1530", {{ F(upn), "T420000000011" }}, NULL, 0, NULL },
    { "letters at 2-4", "1530", {{ F(upn), "LABC000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "short UPN: 1550's, not 1530's", "1530", {{ F(upn), "Q99900000001" }}, NULL, 0, NULL },
    { "no UPN", "1530", {{ F(upn), NULL }}, NULL, 0, NULL },
    /* 1540: characters 5-12 numeric */
    { "baseline digits", "1540", {{0}}, NULL, 0, NULL },
    { "letter at 9", "1540", {{ F(upn), "L2010000X0011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "letter at 5", "1540", {{ F(upn), "L201X00000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "letter at 12", "1540", {{ F(upn), "L2010000000X1" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "space at 6", "1540", {{ F(upn), "L2010 0000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "letter at 13 is 1550's", "1540", {{ F(upn), "M20112345678A" }}, NULL, 0, NULL },
    { "long UPN: 1550's, not 1540's", "1540", {{ F(upn), "L20100X0000110" }}, NULL, 0, NULL },
    { "no UPN", "1540", {{ F(upn), NULL }}, NULL, 0, NULL },
    /* 1550: character 13, and the length */
    { "baseline digit at 13", "1550", {{0}}, NULL, 0, NULL },
    { "temporary letter A", "1550", {{ F(upn), "M20112345678A" }}, NULL, 0, NULL },
    { "letter I at 13", "1550", {{ F(upn), "M20112345678I" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "letter O at 13", "1550", {{ F(upn), "M20112345678O" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "letter S at 13", "1550", {{ F(upn), "M20112345678S" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "lower-case a at 13", "1550", {{ F(upn), "M20112345678a" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "hyphen at 13", "1550", {{ F(upn), "M20112345678-" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "12 characters", "1550", {{ F(upn), "L20100000001" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "14 characters", "1550", {{ F(upn), "L2010000000110" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "leading space (14)", "1550", {{ F(upn), " L201000000011" }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "no UPN", "1550", {{ F(upn), NULL }}, NULL, 0, NULL },
    /* 1560Q: FormerUPN format */
    { "no FormerUPN", "1560Q", {{0}}, NULL, 0, NULL },
    { "valid FormerUPN", "1560Q", {{ F(former_upn), "F845123456780" }}, NULL, 0, NULL },
    { "temporary FormerUPN", "1560Q", {{ F(former_upn), "M20112345678A" }}, NULL, 0, NULL },
    { "FormerUPN, wrong check letter", "1560Q", {{ F(former_upn), "A201000000011" }}, NULL, 1,
      "ChildIdentifiers/FormerUPN" },
    { "FormerUPN, LA 987 and bad letter", "1560Q", {{ F(former_upn), "X98765432123B" }}, NULL, 1,
      "ChildIdentifiers/FormerUPN" },
    { "FormerUPN, LA 999 right letter", "1560Q", {{ F(former_upn), "Q999000000011" }}, NULL, 1,
      "ChildIdentifiers/FormerUPN" },
    { "FormerUPN, 12 characters", "1560Q", {{ F(former_upn), "L20100000001" }}, NULL, 1,
      "ChildIdentifiers/FormerUPN" },
    { "FormerUPN, letter at 7", "1560Q", {{ F(former_upn), "L20100y000011" }}, NULL, 1,
      "ChildIdentifiers/FormerUPN" },
    { "bad FormerUPN is not 1510's", "1510", {{ F(former_upn), "A201000000011" }}, NULL, 0, NULL },
};

static void test_upn_format(void **state)
{
    RUN(*state, upn_cases);
}

/* A malformed UPN gets exactly one finding from 1510-1550 together. */
static void test_upn_one_finding_per_defect(void **state)
{
    struct rfx *f = *state;
    static const char *const codes[] = { "1510", "1530", "1540", "1550" };
    static const struct { const char *upn; const char *code; } cases[] = {
        { "L20100000001", "1550" },       /* short */
        { "L2010000000110", "1550" },     /* long */
        { "A201000000011", "1510" },      /* check letter */
        { "LABC000000011", "1530" },      /* LA code */
        { "L2010000X0011", "1540" },      /* digits */
        { "M20112345678I", "1550" },      /* character 13 */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cin_child *c = rfx_child(f);
        rfx_set(f, &c->upn, cases[i].upn);
        size_t total = 0;
        const char *which = NULL;
        for (size_t k = 0; k < 4; k++) {
            if (rfx_run1(f, codes[k], c)) {
                total += f->n_findings;
                which = codes[k];
            }
        }
        if (total != 1 || strcmp(which, cases[i].code))
            fail_msg("UPN %s: %zu findings (last from %s), expected one from %s", cases[i].upn, total,
                     which ? which : "none", cases[i].code);
    }
}

/* ---- LAchildID: 1570, 1580, 8500 --------------------------------------- */

static const struct rcase la_child_id_cases[] = {
    { "baseline ID", "1570", {{0}}, NULL, 0, NULL },
    { "20 characters", "1570", {{ F(la_child_id), "ABCDEFGHIJ0123456789" }}, NULL, 0, NULL },
    { "21 characters", "1570", {{ F(la_child_id), "ABCDEFGHIJ0123456789K" }}, NULL, 1,
      "ChildIdentifiers/LAchildID" },
    { "20 characters, 21 bytes", "1570", {{ F(la_child_id), "ABCDEFGHIJ012345678\xc3\xa9" }}, NULL, 0, NULL },
    { "no ID (8500's)", "1570", {{ F(la_child_id), NULL }}, NULL, 0, NULL },
    { "baseline ID", "1580", {{0}}, NULL, 0, NULL },
    { "lower and upper case, digits", "1580", {{ F(la_child_id), "aZ09" }}, NULL, 0, NULL },
    { "hyphen", "1580", {{ F(la_child_id), "C-0001" }}, NULL, 1, "ChildIdentifiers/LAchildID" },
    { "space", "1580", {{ F(la_child_id), "C 0001" }}, NULL, 1, "ChildIdentifiers/LAchildID" },
    { "trailing slash", "1580", {{ F(la_child_id), "C0001/" }}, NULL, 1, "ChildIdentifiers/LAchildID" },
    { "accented letter", "1580", {{ F(la_child_id), "C\xc3\xa9" "001" }}, NULL, 1, "ChildIdentifiers/LAchildID" },
    { "no ID (8500's)", "1580", {{ F(la_child_id), NULL }}, NULL, 0, NULL },
    { "baseline ID", "8500", {{0}}, NULL, 0, NULL },
    { "no ID", "8500", {{ F(la_child_id), NULL }}, NULL, 1, "ChildIdentifiers/LAchildID" },
    { "empty ID", "8500", {{ F(la_child_id), "" }}, NULL, 1, "ChildIdentifiers/LAchildID" },
};

static void test_la_child_id(void **state)
{
    RUN(*state, la_child_id_cases);
}

/* ---- Sex: 4180, 8750 -------------------------------------------------- */

static const struct rcase sex_cases[] = {
    { "F", "4180", {{0}}, NULL, 0, NULL },
    { "M", "4180", {{ F(sex), "M" }}, NULL, 0, NULL },
    { "U", "4180", {{ F(sex), "U" }}, NULL, 0, NULL },
    { "absent", "4180", {{ F(sex), NULL }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "empty", "4180", {{ F(sex), "" }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "X", "4180", {{ F(sex), "X" }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "lower-case f", "4180", {{ F(sex), "f" }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "old GenderCurrent 2", "4180", {{ F(sex), "2" }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "born child, F", "8750", {{0}}, NULL, 0, NULL },
    { "unborn, U", "8750",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }, { F(sex), "U" }}, NULL, 0, NULL },
    { "unborn, F", "8750",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }}, NULL, 1, "ChildIdentifiers/Sex" },
    { "unborn, M", "8750",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }, { F(sex), "M" }}, NULL, 1,
      "ChildIdentifiers/Sex" },
    { "unborn, no sex", "8750",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }, { F(sex), NULL }}, NULL, 1,
      "ChildIdentifiers/Sex" },
    { "both dates, F (8525Q's)", "8750", {{ F(expected_birth_date), "2025-06-01" }}, NULL, 0, NULL },
    { "neither date, F", "8750", {{ F(birth_date), NULL }}, NULL, 0, NULL },
};

static void test_sex(void **state)
{
    RUN(*state, sex_cases);
}

/* ---- Dates of birth and death: 4008, 4009Q, 8520, 8525Q, 8530Q, 8535Q,
 *      8545Q, 8775Q ------------------------------------------------------ */

static const struct rcase date_cases[] = {
    /* 8520: birth on or before the reference date */
    { "baseline birth", "8520", {{0}}, NULL, 0, NULL },
    { "born on the reference date", "8520", {{ F(birth_date), "2025-03-31" }}, NULL, 0, NULL },
    { "born the day after", "8520", {{ F(birth_date), "2025-04-01" }}, NULL, 1, "ChildIdentifiers/PersonBirthDate" },
    { "no birth date", "8520", {{ F(birth_date), NULL }}, NULL, 0, NULL },
    { "unparseable birth date", "8520", {{ F(birth_date), "2026-02-30" }}, NULL, 0, NULL },
    /* 8525Q: exactly one of the two birth dates */
    { "birth date only", "8525Q", {{0}}, NULL, 0, NULL },
    { "expected date only", "8525Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }}, NULL, 0, NULL },
    { "both", "8525Q", {{ F(expected_birth_date), "2025-06-01" }}, NULL, 1,
      "ChildIdentifiers/ExpectedPersonBirthDate" },
    { "neither", "8525Q", {{ F(birth_date), NULL }}, NULL, 1, "ChildIdentifiers/PersonBirthDate" },
    { "unparseable birth date still present", "8525Q", {{ F(birth_date), "2014-13-01" }}, NULL, 0, NULL },
    /* 8530Q: expected date from reference - 30 days to reference + 9 months */
    { "no expected date", "8530Q", {{0}}, NULL, 0, NULL },
    { "expected 1 March (ref - 30 days)", "8530Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-03-01" }}, NULL, 0, NULL },
    { "expected 28 February", "8530Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-02-28" }}, NULL, 1,
      "ChildIdentifiers/ExpectedPersonBirthDate" },
    { "expected 31 December (ref + 9 months)", "8530Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-12-31" }}, NULL, 0, NULL },
    { "expected 1 January", "8530Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2026-01-01" }}, NULL, 1,
      "ChildIdentifiers/ExpectedPersonBirthDate" },
    { "expected on the reference date", "8530Q",
      {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-03-31" }}, NULL, 0, NULL },
    /* 8535Q: death on or after birth */
    { "no death", "8535Q", {{0}}, NULL, 0, NULL },
    { "died on the day of birth", "8535Q", {{ F(death_date), "2014-05-14" }}, NULL, 0, NULL },
    { "died the day before birth", "8535Q", {{ F(death_date), "2014-05-13" }}, NULL, 1,
      "ChildIdentifiers/PersonDeathDate" },
    { "death but no birth date", "8535Q", {{ F(death_date), "2014-05-13" }, { F(birth_date), NULL }}, NULL, 0, NULL },
    /* 8545Q: death within the census period */
    { "no death", "8545Q", {{0}}, NULL, 0, NULL },
    { "died on the period start", "8545Q", {{ F(death_date), "2024-04-01" }}, NULL, 0, NULL },
    { "died the day before the period", "8545Q", {{ F(death_date), "2024-03-31" }}, NULL, 1,
      "ChildIdentifiers/PersonDeathDate" },
    { "died on the reference date", "8545Q", {{ F(death_date), "2025-03-31" }}, NULL, 0, NULL },
    { "died the day after the period", "8545Q", {{ F(death_date), "2025-04-01" }}, NULL, 1,
      "ChildIdentifiers/PersonDeathDate" },
    /* 4008: CIN plan start on or before death (plan: 2024-05-20 .. 22) */
    { "no death", "4008", {{0}}, NULL, 0, NULL },
    { "died the day the plan started", "4008", {{ F(death_date), "2024-05-20" }}, NULL, 0, NULL },
    { "died the day before the plan started", "4008", {{ F(death_date), "2024-05-19" }}, NULL, 1,
      "CINdetails[1]/CINPlanDates[1]/CINPlanStartDate" },
    { "two plans after death", "4008", {{ F(death_date), "2024-05-19" }}, second_plan_late, 2, NULL },
    { "only the second plan after death", "4008", {{ F(death_date), "2024-05-31" }}, second_plan_late, 1,
      "CINdetails[1]/CINPlanDates[2]/CINPlanStartDate" },
    /* 4009Q: CIN plan end on or before death */
    { "no death", "4009Q", {{0}}, NULL, 0, NULL },
    { "died the day the plan ended", "4009Q", {{ F(death_date), "2024-05-22" }}, NULL, 0, NULL },
    { "died the day before the plan ended", "4009Q", {{ F(death_date), "2024-05-21" }}, NULL, 1,
      "CINdetails[1]/CINPlanDates[1]/CINPlanEndDate" },
    { "open plan, death before start", "4009Q", {{ F(death_date), "2024-05-01" }}, plan_open, 0, NULL },
    /* 8775Q: over 25 (reference - 25 years = 2000-03-31) */
    { "baseline age 10", "8775Q", {{0}}, NULL, 0, NULL },
    { "born on ref - 25 years, open", "8775Q", {{ F(birth_date), "2000-03-31" }}, NULL, 0, NULL },
    { "born the day before, open", "8775Q", {{ F(birth_date), "2000-03-30" }}, NULL, 1,
      "CINdetails[1]/CINclosureDate" },
    { "over 25, closed on the 25th birthday", "8775Q", {{ F(birth_date), "1999-01-01" }}, closed_2024_01_01,
      0, NULL },
    { "over 25, closed the day after", "8775Q", {{ F(birth_date), "1999-01-01" }}, closed_2024_01_02, 1,
      "CINdetails[1]/CINclosureDate" },
    { "over 25, two open episodes", "8775Q", {{ F(birth_date), "1999-01-01" }}, second_open_episode, 2, NULL },
    { "over 25, no episodes", "8775Q", {{ F(birth_date), "1999-01-01" }}, no_episodes, 1,
      "ChildIdentifiers/PersonBirthDate" },
    { "no birth date", "8775Q", {{ F(birth_date), NULL }}, NULL, 0, NULL },
};

static void test_dates(void **state)
{
    RUN(*state, date_cases);
}

/* ---- Episodes and UPNunknown: 8590, 8770Q, 8772 ------------------------- */

static const struct rcase episode_cases[] = {
    /* 8590 */
    { "one episode", "8590", {{0}}, NULL, 0, NULL },
    { "no episode", "8590", {{0}}, no_episodes, 1, "CINdetails" },
    /* 8770Q: school age is born on or before 2019-08-31 for 2024-25 */
    { "UPN present", "8770Q", {{0}}, NULL, 0, NULL },
    { "no UPN, no reason", "8770Q", {{ F(upn), NULL }}, NULL, 1, "ChildIdentifiers/UPN" },
    { "no UPN, UN2", "8770Q", {{ F(upn), NULL }, { F(upn_unknown), "UN2" }}, NULL, 0, NULL },
    { "no UPN, UN7", "8770Q", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, NULL, 0, NULL },
    { "no UPN, UN1", "8770Q", {{ F(upn), NULL }, { F(upn_unknown), "UN1" }}, NULL, 1,
      "ChildIdentifiers/UPNunknown" },
    { "no UPN, UN8 (not a CIN reason)", "8770Q", {{ F(upn), NULL }, { F(upn_unknown), "UN8" }}, NULL, 1,
      "ChildIdentifiers/UPNunknown" },
    { "no UPN, lower-case un2", "8770Q", {{ F(upn), NULL }, { F(upn_unknown), "un2" }}, NULL, 1,
      "ChildIdentifiers/UPNunknown" },
    { "malformed UPN is a UPN", "8770Q", {{ F(upn), "A201000000011" }}, NULL, 0, NULL },
    { "born 2019-08-31, no UPN", "8770Q", {{ F(upn), NULL }, { F(birth_date), "2019-08-31" }}, NULL, 1,
      "ChildIdentifiers/UPN" },
    { "born 2019-09-01, no UPN", "8770Q", {{ F(upn), NULL }, { F(birth_date), "2019-09-01" }}, NULL, 0, NULL },
    { "born 2019-09-01, UN1", "8770Q",
      {{ F(upn), NULL }, { F(birth_date), "2019-09-01" }, { F(upn_unknown), "UN1" }}, NULL, 0, NULL },
    { "no UPN, all referrals NFA", "8770Q", {{ F(upn), NULL }}, nfa_1, 0, NULL },
    { "no UPN, NFA absent", "8770Q", {{ F(upn), NULL }}, nfa_absent, 0, NULL },
    { "no UPN, second referral further action", "8770Q", {{ F(upn), NULL }}, nfa_1_then_0, 1,
      "ChildIdentifiers/UPN" },
    { "no UPN, unborn", "8770Q",
      {{ F(upn), NULL }, { F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }}, NULL, 0, NULL },
    /* 8772: UN7 needs every ReferralNFA true */
    { "no UPNunknown", "8772", {{0}}, NULL, 0, NULL },
    { "UN7, NFA 0", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, NULL, 1, "CINdetails[1]/ReferralNFA" },
    { "UN7, NFA 1", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, nfa_1, 0, NULL },
    { "UN7, NFA true", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, nfa_true, 0, NULL },
    { "UN7, NFA absent", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, nfa_absent, 1,
      "CINdetails[1]/ReferralNFA" },
    { "UN7, second episode NFA 0", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, nfa_1_then_0, 1,
      "CINdetails[2]/ReferralNFA" },
    { "UN7, two episodes NFA 1", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN7" }}, nfa_1_and_1, 0, NULL },
    { "UN6, NFA 0", "8772", {{ F(upn), NULL }, { F(upn_unknown), "UN6" }}, NULL, 0, NULL },
};

static void test_episodes_and_upn_unknown(void **state)
{
    RUN(*state, episode_cases);
}

/* ---- ChildCharacteristics: 4220, 8540 ---------------------------------- */

static const struct rcase characteristics_cases[] = {
    { "WBRI", "4220", {{0}}, NULL, 0, NULL },
    { "NOBT", "4220", {{ F(ethnicity), "NOBT" }}, NULL, 0, NULL },
    { "absent", "4220", {{ F(ethnicity), NULL }}, NULL, 1, "ChildCharacteristics/Ethnicity" },
    { "not a code", "4220", {{ F(ethnicity), "XXXX" }}, NULL, 1, "ChildCharacteristics/Ethnicity" },
    { "lower case", "4220", {{ F(ethnicity), "wbri" }}, NULL, 1, "ChildCharacteristics/Ethnicity" },
    { "NONE", "8540", {{0}}, NULL, 0, NULL },
    { "MOB and HAND", "8540", {{0}}, dis_mob_hand, 0, NULL },
    { "no Disabilities", "8540", {{0}}, no_disabilities, 1, "ChildCharacteristics/Disabilities" },
    { "empty Disabilities", "8540", {{0}}, empty_disabilities_group, 1, "ChildCharacteristics/Disabilities" },
    { "invalid code", "8540", {{0}}, dis_foo, 1, "ChildCharacteristics/Disabilities/Disability[1]" },
    { "two invalid codes", "8540", {{0}}, dis_x_y, 2, NULL },
    { "NONE then invalid", "8540", {{0}}, dis_none_foo, 1, "ChildCharacteristics/Disabilities/Disability[2]" },
    { "no Disabilities, unborn", "8540", {{ F(birth_date), NULL }, { F(expected_birth_date), "2025-06-01" }},
      no_disabilities, 0, NULL },
    { "no Disabilities, unparseable birth date", "8540", {{ F(birth_date), "2014-02-30" }}, no_disabilities, 1,
      "ChildCharacteristics/Disabilities" },
};

/* 8540 with no Disabilities and NFA 1 needs both changes. */
static void nfa_1_no_disabilities(struct rfx *f, struct cin_child *c)
{
    nfa_1(f, c);
    no_disabilities(f, c);
}

static void nfa_1_then_0_no_disabilities(struct rfx *f, struct cin_child *c)
{
    nfa_1_then_0(f, c);
    no_disabilities(f, c);
}

static const struct rcase characteristics_nfa_cases[] = {
    { "no Disabilities, all NFA", "8540", {{0}}, nfa_1_no_disabilities, 0, NULL },
    { "no Disabilities, second referral further action", "8540", {{0}}, nfa_1_then_0_no_disabilities, 1,
      "ChildCharacteristics/Disabilities" },
};

static void test_characteristics(void **state)
{
    RUN(*state, characteristics_cases);
    RUN(*state, characteristics_nfa_cases);
}

/* ---- Disabilities: 8790, 8794 ------------------------------------------ */

static const struct rcase disability_cases[] = {
    { "NONE only", "8790", {{0}}, NULL, 0, NULL },
    { "MOB only", "8790", {{0}}, dis_mob, 0, NULL },
    { "NONE and MOB", "8790", {{0}}, dis_none_mob, 1, "ChildCharacteristics/Disabilities/Disability[1]" },
    { "MOB and NONE", "8790", {{0}}, dis_mob_none, 1, "ChildCharacteristics/Disabilities/Disability[2]" },
    { "NONE and an invalid code", "8790", {{0}}, dis_none_foo, 1, NULL },
    { "MOB and HAND", "8790", {{0}}, dis_mob_hand, 0, NULL },
    { "NONE twice (8794's)", "8790", {{0}}, dis_none_none, 0, NULL },
    { "NONE only", "8794", {{0}}, NULL, 0, NULL },
    { "MOB and HAND", "8794", {{0}}, dis_mob_hand, 0, NULL },
    { "MOB twice", "8794", {{0}}, dis_mob_mob, 1, "ChildCharacteristics/Disabilities/Disability[2]" },
    { "MOB HAND MOB MOB", "8794", {{0}}, dis_mob_hand_mob_mob, 2, "ChildCharacteristics/Disabilities/Disability[3]" },
    { "NONE twice", "8794", {{0}}, dis_none_none, 1, "ChildCharacteristics/Disabilities/Disability[2]" },
};

static void test_disabilities(void **state)
{
    struct rfx *f = *state;

    RUN(*state, disability_cases);
    /* 8794 names the first of a repeated code */
    struct cin_child *c = rfx_child(f);
    dis_mob_hand_mob_mob(f, c);
    assert_int_equal(rfx_run1(f, "8794", c), 2);
    assert_non_null(strstr(f->findings[0].message,
                           "(the other record: ChildCharacteristics/Disabilities/Disability[1])"));
}

/* ---- whole-return rules ------------------------------------------------- */

/* n children with positions 1..n and IDs C1..Cn. */
static void make_children(struct rfx *f, struct cin_child **children, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char id[32];
        children[i] = rfx_child(f);
        children[i]->position = i + 1;
        snprintf(id, sizeof id, "C%zu", i + 1);
        rfx_set(f, &children[i]->la_child_id, id);
    }
}

static void assert_finding(const struct rfx *f, size_t i, const char *code, const char *path,
                           const char *la_child_id)
{
    assert_true(i < f->n_findings);
    assert_string_equal(f->findings[i].code, code);
    assert_string_equal(f->findings[i].path, path);
    assert_string_equal(f->findings[i].la_child_id, la_child_id);
}

static void test_8510_unique_la_child_id(void **state)
{
    struct rfx *f = *state;
    struct cin_child *ch[5];

    make_children(f, ch, 5);
    assert_int_equal(rfx_run(f, "8510", ch, 5), 0);

    /* Children 2 and 4 share an ID: the repeat at once, the first at the end. */
    rfx_set(f, &ch[3]->la_child_id, "C2");
    assert_int_equal(rfx_run(f, "8510", ch, 5), 2);
    assert_finding(f, 0, "8510", "Message/Children/Child[4]/ChildIdentifiers/LAchildID", "C2");
    assert_finding(f, 1, "8510", "Message/Children/Child[2]/ChildIdentifiers/LAchildID", "C2");
    /* the repeat names the first holder by place (its line: the fixture has none) */
    assert_string_equal(f->findings[0].message,
                        "More than one child record with the same LA Child ID (the other record: Child[2])");
    assert_string_equal(f->findings[1].message, "");

    /* A third holder: three findings, one per child. */
    rfx_set(f, &ch[4]->la_child_id, "C2");
    assert_int_equal(rfx_run(f, "8510", ch, 5), 3);
    assert_finding(f, 1, "8510", "Message/Children/Child[5]/ChildIdentifiers/LAchildID", "C2");
    assert_finding(f, 2, "8510", "Message/Children/Child[2]/ChildIdentifiers/LAchildID", "C2");

    /* Absent IDs are 8500's, not duplicates of each other. */
    rfx_set(f, &ch[3]->la_child_id, NULL);
    rfx_set(f, &ch[4]->la_child_id, NULL);
    assert_int_equal(rfx_run(f, "8510", ch, 5), 0);

    /* Case matters: c1 is not C1. */
    rfx_set(f, &ch[3]->la_child_id, "c1");
    assert_int_equal(rfx_run(f, "8510", ch, 5), 0);
}

static void test_1520_unique_upn(void **state)
{
    struct rfx *f = *state;
    struct cin_child *ch[4];

    make_children(f, ch, 4);
    rfx_set(f, &ch[1]->upn, "F845123456780");
    rfx_set(f, &ch[2]->upn, "M20112345678A");
    rfx_set(f, &ch[3]->upn, NULL);
    assert_int_equal(rfx_run(f, "1520", ch, 4), 0);

    /* Child 3 repeats child 1's UPN; the first holder is named by its own ID. */
    rfx_set(f, &ch[2]->upn, "L201000000011");
    assert_int_equal(rfx_run(f, "1520", ch, 4), 2);
    assert_finding(f, 0, "1520", "Message/Children/Child[3]/ChildIdentifiers/UPN", "C3");
    assert_finding(f, 1, "1520", "Message/Children/Child[1]/ChildIdentifiers/UPN", "C1");
    assert_string_equal(f->findings[0].message, "More than one record with the same UPN. (the other record: Child[1])");

    /* Two separate pairs: four findings, first holders in return order. */
    rfx_set(f, &ch[3]->upn, "F845123456780");
    assert_int_equal(rfx_run(f, "1520", ch, 4), 4);
    assert_finding(f, 0, "1520", "Message/Children/Child[3]/ChildIdentifiers/UPN", "C3");
    assert_finding(f, 1, "1520", "Message/Children/Child[4]/ChildIdentifiers/UPN", "C4");
    assert_non_null(strstr(f->findings[1].message, "(the other record: Child[2])"));
    assert_finding(f, 2, "1520", "Message/Children/Child[1]/ChildIdentifiers/UPN", "C1");
    assert_finding(f, 3, "1520", "Message/Children/Child[2]/ChildIdentifiers/UPN", "C2");

    /* Absent UPNs are never duplicates. */
    rfx_set(f, &ch[2]->upn, NULL);
    rfx_set(f, &ch[3]->upn, NULL);
    assert_int_equal(rfx_run(f, "1520", ch, 4), 0);
}

/* Many children through the ID sets: growth keeps every first holder, and
 * 1520 names a first holder by its own LAchildID. */
static void test_uniqueness_many_children(void **state)
{
    struct rfx *f = *state;
    enum { N = 3000 };
    struct cin_child **ch = calloc(N, sizeof *ch);
    char buf[32];

    assert_non_null(ch);
    for (size_t i = 0; i < N; i++) {
        ch[i] = rfx_child(f);
        ch[i]->position = i + 1;
        snprintf(buf, sizeof buf, "ID%zu", i % (N - 1));   /* the last repeats the first */
        rfx_set(f, &ch[i]->la_child_id, buf);
        snprintf(buf, sizeof buf, "UPN%zu", i % (N - 1));
        rfx_set(f, &ch[i]->upn, buf);
    }
    assert_int_equal(rfx_run(f, "8510", ch, N), 2);
    assert_finding(f, 0, "8510", "Message/Children/Child[3000]/ChildIdentifiers/LAchildID", "ID0");
    assert_finding(f, 1, "8510", "Message/Children/Child[1]/ChildIdentifiers/LAchildID", "ID0");

    for (size_t i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "K%zu", i);
        rfx_set(f, &ch[i]->la_child_id, buf);
    }
    assert_int_equal(rfx_run(f, "1520", ch, N), 2);
    assert_finding(f, 0, "1520", "Message/Children/Child[3000]/ChildIdentifiers/UPN", "K2999");
    assert_finding(f, 1, "1520", "Message/Children/Child[1]/ChildIdentifiers/UPN", "K0");
    free(ch);
}

static void test_2886Q_sex_unknown_share(void **state)
{
    struct rfx *f = *state;
    enum { N = 50 };
    struct cin_child *ch[N];

    make_children(f, ch, N);
    assert_int_equal(rfx_run(f, "2886Q", ch, N), 0);

    /* 1 of 50 is exactly 2%: not more than 2%. */
    rfx_set(f, &ch[0]->sex, "U");
    assert_int_equal(rfx_run(f, "2886Q", ch, N), 0);
    /* 1 of 49 is over 2%. */
    assert_int_equal(rfx_run(f, "2886Q", ch, N - 1), 1);
    assert_string_equal(f->findings[0].code, "2886Q");
    assert_string_equal(f->findings[0].path, "Message/Children");
    assert_string_equal(f->findings[0].la_child_id, "");
    /* 2 of 50: an absent sex counts as well as U. */
    rfx_set(f, &ch[1]->sex, NULL);
    assert_int_equal(rfx_run(f, "2886Q", ch, N), 1);
    /* So does a value that is not a sex code. */
    rfx_set(f, &ch[1]->sex, "X");
    assert_int_equal(rfx_run(f, "2886Q", ch, N), 1);
    /* An unborn child with U is left out of the count (not of the total). */
    rfx_set(f, &ch[1]->sex, "U");
    rfx_set(f, &ch[1]->birth_date, NULL);
    rfx_set(f, &ch[1]->expected_birth_date, "2025-06-01");
    assert_int_equal(rfx_run(f, "2886Q", ch, N), 0);
    /* M counts as recorded. */
    rfx_set(f, &ch[0]->sex, "M");
    rfx_set(f, &ch[2]->sex, "U");
    assert_int_equal(rfx_run(f, "2886Q", ch, 2), 0);
    /* No children: nothing to divide, no query. */
    assert_int_equal(rfx_run(f, "2886Q", ch, 0), 0);
}

static void test_2887Q_distinct_disability_codes(void **state)
{
    struct rfx *f = *state;
    static const char *const codes[] = { "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS" };
    struct cin_child *ch[10];

    make_children(f, ch, 10);
    /* Eight different codes over eight children, NONE on the other two. */
    for (size_t i = 0; i < 8; i++)
        rfx_set(f, &ch[i]->disabilities[0], codes[i]);
    assert_int_equal(rfx_run(f, "2887Q", ch, 10), 0);

    /* Seven: queried once for the return. */
    rfx_set(f, &ch[7]->disabilities[0], "NONE");
    assert_int_equal(rfx_run(f, "2887Q", ch, 10), 1);
    assert_string_equal(f->findings[0].code, "2887Q");
    assert_string_equal(f->findings[0].path, "Message/Children");
    /* A repeat of a code already used does not make an eighth. */
    rfx_set(f, &ch[7]->disabilities[0], "MOB");
    assert_int_equal(rfx_run(f, "2887Q", ch, 10), 1);
    /* Nor does an invalid code. */
    rfx_set(f, &ch[7]->disabilities[0], "FOO");
    assert_int_equal(rfx_run(f, "2887Q", ch, 10), 1);
    /* An eighth code held by a child alongside another counts. */
    rfx_add_disability(f, ch[0], "AUT");
    assert_int_equal(rfx_run(f, "2887Q", ch, 10), 0);
    /* The baseline return (one child, NONE) uses no code at all. */
    struct cin_child *one = rfx_child(f);
    assert_int_equal(rfx_run1(f, "2887Q", one), 1);
}

static void test_2888Q_several_disabilities(void **state)
{
    struct rfx *f = *state;
    struct cin_child *ch[3];

    make_children(f, ch, 3);
    /* Every child NONE or one code: queried. */
    rfx_set(f, &ch[0]->disabilities[0], "MOB");
    rfx_set(f, &ch[1]->disabilities[0], "HAND");
    assert_int_equal(rfx_run(f, "2888Q", ch, 3), 1);
    assert_string_equal(f->findings[0].code, "2888Q");
    assert_string_equal(f->findings[0].path, "Message/Children");
    /* NONE with a code is still only one disability. */
    rfx_add_disability(f, ch[2], "VIS");
    assert_int_equal(rfx_run(f, "2888Q", ch, 3), 1);
    /* The same code twice is one disability (8794's defect). */
    rfx_add_disability(f, ch[1], "HAND");
    assert_int_equal(rfx_run(f, "2888Q", ch, 3), 1);
    /* One child with two different codes: no query. */
    rfx_add_disability(f, ch[0], "LD");
    assert_int_equal(rfx_run(f, "2888Q", ch, 3), 0);
}

/* ---- the 2025-26 rule set (same base layer, the year's dates) ------------ */

static void test_year_2026(void **state)
{
    struct rfx f26;
    (void)state;

    rfx_init(&f26, 2026);
    struct cin_child *c = rfx_child(&f26);
    assert_int_equal(rfx_run1(&f26, "100", c), 0);        /* header says 2026-03-31 */
    rfx_set(&f26, &f26.header.reference_date, "2025-03-31");
    assert_int_equal(rfx_run1(&f26, "100", c), 1);

    /* School age for 2025-26: born on or before 2020-08-31. */
    rfx_set(&f26, &c->upn, NULL);
    rfx_set(&f26, &c->birth_date, "2020-08-31");
    assert_int_equal(rfx_run1(&f26, "8770Q", c), 1);
    rfx_set(&f26, &c->birth_date, "2020-09-01");
    assert_int_equal(rfx_run1(&f26, "8770Q", c), 0);

    /* Census period 2025-04-01 .. 2026-03-31. */
    rfx_set(&f26, &c->death_date, "2025-03-31");
    assert_int_equal(rfx_run1(&f26, "8545Q", c), 1);
    rfx_set(&f26, &c->death_date, "2026-03-31");
    assert_int_equal(rfx_run1(&f26, "8545Q", c), 0);
    rfx_release(&f26);
}

/* ---- the table itself -------------------------------------------------- */

static const struct {
    const char *code;
    enum rule_type type;
    const char *module;
} expected_rules[] = {
    { "100", RULE_ERROR, "Header" },
    { "1510", RULE_ERROR, "ChildIdentifiers" },
    { "1520", RULE_ERROR, "ChildIdentifiers" },
    { "1530", RULE_ERROR, "ChildIdentifiers" },
    { "1540", RULE_ERROR, "ChildIdentifiers" },
    { "1550", RULE_ERROR, "ChildIdentifiers" },
    { "1560Q", RULE_QUERY, "ChildIdentifiers" },
    { "1570", RULE_ERROR, "ChildIdentifiers" },
    { "1580", RULE_ERROR, "ChildIdentifiers" },
    { "2886Q", RULE_QUERY, "ChildIdentifiers" },
    { "2887Q", RULE_QUERY, "Disabilities" },
    { "2888Q", RULE_QUERY, "Disabilities" },
    { "4008", RULE_ERROR, "ChildIdentifiers" },
    { "4009Q", RULE_QUERY, "ChildIdentifiers" },
    { "4180", RULE_ERROR, "ChildIdentifiers" },
    { "4220", RULE_ERROR, "ChildCharacteristics" },
    { "8500", RULE_ERROR, "ChildIdentifiers" },
    { "8510", RULE_ERROR, "ChildIdentifiers" },
    { "8520", RULE_ERROR, "ChildIdentifiers" },
    { "8525Q", RULE_QUERY, "ChildIdentifiers" },
    { "8530Q", RULE_QUERY, "ChildIdentifiers" },
    { "8535Q", RULE_QUERY, "ChildIdentifiers" },
    { "8540", RULE_ERROR, "ChildCharacteristics" },
    { "8545Q", RULE_QUERY, "ChildIdentifiers" },
    { "8590", RULE_ERROR, "ChildIdentifiers" },
    { "8750", RULE_ERROR, "ChildIdentifiers" },
    { "8770Q", RULE_QUERY, "ChildIdentifiers" },
    { "8772", RULE_ERROR, "ChildIdentifiers" },
    { "8775Q", RULE_QUERY, "ChildIdentifiers" },
    { "8790", RULE_ERROR, "Disabilities" },
    { "8794", RULE_ERROR, "Disabilities" },
};

#define N_EXPECTED (sizeof expected_rules / sizeof expected_rules[0])

static void test_table_codes_and_types(void **state)
{
    size_t n = 0;
    (void)state;

    for (const struct cin_rule *r = cin_rules_identifiers; r->rule.code; r++, n++) {
        if (n >= N_EXPECTED)
            fail_msg("unexpected extra rule %s", r->rule.code);
        assert_string_equal(r->rule.code, expected_rules[n].code);
        if (r->rule.type != expected_rules[n].type)
            fail_msg("rule %s: wrong type", r->rule.code);
        assert_string_equal(r->rule.module, expected_rules[n].module);
        assert_non_null(r->rule.message);
        assert_true(r->rule.message[0] != '\0');
        /* Exactly one way to run, and whole-return state only with both ends. */
        bool per_child = r->check_child != NULL, header = r->check_header != NULL;
        bool whole = r->accumulate != NULL;
        assert_int_equal(per_child + header + whole, 1);
        if (whole)
            assert_true(r->conclude != NULL && r->state_size > 0);
    }
    assert_int_equal(n, N_EXPECTED);
    assert_int_equal(n, 31);
}

/* The baseline child passes every rule but the two LA-level disability
 * queries, which a one-child return with NONE cannot satisfy. */
static void test_baseline_passes(void **state)
{
    struct rfx *f = *state;
    struct cin_child *c = rfx_child(f);

    for (const struct cin_rule *r = cin_rules_identifiers; r->rule.code; r++) {
        size_t want = (!strcmp(r->rule.code, "2887Q") || !strcmp(r->rule.code, "2888Q")) ? 1 : 0;
        size_t got = rfx_run1(f, r->rule.code, c);
        if (got != want)
            fail_msg("baseline child: rule %s made %zu findings, expected %zu%s%s", r->rule.code, got, want,
                     got ? "; first at " : "", got ? f->findings[0].path : "");
    }
}

/* ---- messages against DfE's published wording (shared reference CSV) ---- */

/* One CSV record: fields split on commas outside double quotes, "" inside
 * quotes is a quote, quoted fields may hold newlines.  Returns the number
 * of fields, or -1 at end of input. */
static int csv_record(FILE *fp, char **fields, int max, char *buf, size_t buflen)
{
    int nf = 0, ch;
    size_t len = 0;
    bool quoted = false, any = false;

    fields[nf++] = buf;
    while ((ch = fgetc(fp)) != EOF) {
        any = true;
        if (quoted) {
            if (ch == '"') {
                int next = fgetc(fp);
                if (next == '"') {
                    if (len + 1 < buflen)
                        buf[len++] = '"';
                    continue;
                }
                quoted = false;
                if (next == EOF)
                    break;
                ch = next;
            } else {
                if (len + 1 < buflen)
                    buf[len++] = (char)ch;
                continue;
            }
        }
        if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            if (len + 1 < buflen)
                buf[len++] = '\0';
            if (nf < max)
                fields[nf++] = buf + len;
        } else if (ch == '\n') {
            break;
        } else if (ch != '\r') {
            if (len + 1 < buflen)
                buf[len++] = (char)ch;
        }
    }
    buf[len < buflen ? len : buflen - 1] = '\0';
    return any ? nf : -1;
}

static void test_messages_match_dfe(void **state)
{
    const char *shared = getenv("STATRETURN_SHARED");
    char path[1024];
    (void)state;

    snprintf(path, sizeof path, "%s/reference/cin/rules_cin_from_csc-validator-be-cin.csv",
             shared && *shared ? shared : "../shared");
    FILE *fp = fopen(path, "r");
    if (!fp) {
        print_message("no %s: DfE message check skipped\n", path);
        skip();
    }

    static char buf[1 << 16];
    char *fields[8];
    size_t matched = 0;
    int nf;
    while ((nf = csv_record(fp, fields, 8, buf, sizeof buf)) >= 0) {
        if (nf < 4)
            continue;
        for (const struct cin_rule *r = cin_rules_identifiers; r->rule.code; r++) {
            if (strcmp(r->rule.code, fields[0]))
                continue;
            matched++;
            if (strcmp(r->rule.message, fields[3]))
                fail_msg("rule %s message:\n  ours: %s\n  DfE:  %s", r->rule.code, r->rule.message, fields[3]);
            if (strcmp(r->rule.module, fields[2]))
                fail_msg("rule %s module %s, DfE %s", r->rule.code, r->rule.module, fields[2]);
            const char *type = r->rule.type == RULE_QUERY ? "Query" : "Error";
            if (strcmp(type, fields[1]))
                fail_msg("rule %s type %s, DfE %s", r->rule.code, type, fields[1]);
        }
    }
    fclose(fp);
    assert_int_equal(matched, N_EXPECTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_codes_and_types),
        cmocka_unit_test(test_messages_match_dfe),
        cmocka_unit_test_setup_teardown(test_baseline_passes, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_100_reference_date, setup_2025, teardown),
        cmocka_unit_test(test_sr_year),
        cmocka_unit_test_setup_teardown(test_upn_format, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_upn_one_finding_per_defect, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_la_child_id, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_sex, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_dates, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_episodes_and_upn_unknown, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_characteristics, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_disabilities, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_8510_unique_la_child_id, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_1520_unique_upn, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_uniqueness_many_children, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_2886Q_sex_unknown_share, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_2887Q_distinct_disability_codes, setup_2025, teardown),
        cmocka_unit_test_setup_teardown(test_2888Q_several_disabilities, setup_2025, teardown),
        cmocka_unit_test(test_year_2026),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
