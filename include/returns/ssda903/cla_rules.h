/*
 * SSDA903 records and the DfE 903 rule interface.
 *
 * A 903 return is seen one child at a time, as rows of the DfE tables
 * (cla_spec.h), whether it came as CSV files (rows grouped by CHILD) or as
 * an EXPSSDA903 XML document (each CHILD element mapped onto the same tables
 * by the xml= entries of tables.conf).  So a rule is written once, against
 * table and column names, and serves both forms, and later the 903 build.
 *
 * A rule is a row of a table, like the CIN rules (rules.h): its DfE code,
 * type, table and message (a struct rule, which is what the report
 * shows), the years it is in force, the columns whose generic value check it
 * replaces, and its check functions.  Per-child checks see every row of the
 * child; whole-return rules keep compact state between children and report
 * at the end.  The rules themselves live in cla_rules_*.c beside
 * cla_rules.c, listed by cla_rule_sets; they see a child through a cla_view (episodes sorted and
 * parsed once, the same child in last year's return) and never change it.
 *
 * "covers": DfE rules such as 101 (sex code) check exactly what the table
 * specification also checks (code in the year's list, required).  Where an
 * active rule covers a column, the validator skips its generic check for
 * that column, so one defect is reported once, under the DfE code.
 */
#ifndef STATRETURN_CLA_RULES_H
#define STATRETURN_CLA_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/ssda903/cla_ref.h"
#include "returns/ssda903/cla_spec.h"
#include "core/date.h"
#include "findings/finding.h"

/* One row of a table, as the rules and checks see it. */
struct cla_row {
    const struct cla_table *table;
    /* CSV: the data row in its file (1 = the first row under the header);
     * XML: the occurrence of the row element in its CHILD (EPISODE[2] -> 2). */
    size_t number;
    uint32_t line;                    /* where the row starts */
    const char *const *cells;         /* table->n_columns values, in spec order;
                                         NULL when blank or absent */
    /* XML only (NULL for CSV): per cell, the line of its element (0 when
     * absent) and its element path, e.g. "EXPSSDA903/CHILD[3]/EPISODE[2]/PL". */
    const uint32_t *cell_lines;
    const char *const *cell_paths;
    const char *xml_path;             /* XML: the row element's path; NULL for CSV */
};

/* One child: its rows of every table, in file order. */
struct cla_child {
    const char *id;                   /* CHILD; NULL when the child has none */
    size_t position;                  /* 1-based: Header row order (CSV), CHILD order (XML) */
    uint32_t line;                    /* its primary row (CSV) or CHILD element (XML) */
    const struct cla_row *const *rows[CLA_MAX_TABLES];   /* by spec table index */
    size_t n_rows[CLA_MAX_TABLES];
};

/* The value a CSV reader gives a cell that is not valid UTF-8, after
 * reporting it (U+FFFD): compared by address, the generic checks and the
 * rules leave such a cell alone, so the defect is reported once. */
extern const char cla_cell_not_utf8[];

/* The value of `column` in row r (NULL when blank, absent or no such column). */
const char *cla_row_value(const struct cla_row *r, const char *column);
/* The child's rows of table `name` (count in *n; NULL and 0 when none or no
 * such table). */
const struct cla_row *const *cla_child_table(const struct cla_child *c, const struct cla_spec *s,
                                             const char *name, size_t *n);

/*
 * Where a finding is in DfE's tables, as struct finding carries it (table,
 * row, column): a cell, a row (column NULL), or nothing (table NULL: a
 * finding about a whole file, or a child as a whole).  row: as
 * cla_row.number (0 for a CSV file's header row).
 */
struct cla_loc {
    const char *table;
    size_t row;
    const char *column;
};

/* The location of a cell (column >= 0) or of the row (column < 0). */
struct cla_loc cla_row_loc(const struct cla_row *r, int column);
/* A location in words, as CSV findings name it: "Episodes row 12 /
 * PL_POST", "Episodes row 12", "Episodes header row". */
void cla_loc_path(const struct cla_loc *loc, struct strbuf *out);

/*
 * Where a finding is: "Episodes row 12 / PL_POST" for CSV (row-level:
 * "Episodes row 12"; cla_loc_path of cla_row_loc), the element path for
 * XML.  column < 0: the row.
 */
void cla_row_path(const struct cla_row *r, int column, struct strbuf *out);
/* The line of a cell (XML: its element's, when present), else the row's. */
uint32_t cla_row_line(const struct cla_row *r, int column);

/* A finding with an optional detail line (never a personal value), for
 * checks whose fixed message needs a word more: "not a valid date". */
typedef void (*cla_finding_fn)(void *opaque, const struct finding *f, const char *detail);

/* ---- what a rule sees ------------------------------------------------------------ */

/* The DfE tables the rules know, resolved to the year's spec once (a table
 * the year does not have has no rows). */
enum cla_tid {
    CLA_HEADER, CLA_EPISODES, CLA_UASC, CLA_REVIEWS, CLA_OC2, CLA_OC3, CLA_AD1, CLA_PLACED_ADOPTION,
    CLA_PREV_PERM, CLA_MISSING, CLA_SW_EPISODES, CLA_DOLO,
    CLA_N_TID
};

/* One row of Episodes with its cells by name and its dates parsed.  A
 * string is NULL when its cell is blank; a date is SR_DATE_NONE when blank
 * and SR_DATE_INVALID when not a valid DD/MM/YYYY date. */
struct cla_episode {
    const struct cla_row *row;
    size_t index;                     /* 0-based, in the child's rows in file order */
    sr_date decom, dec;
    const char *rne, *ls, *cin, *place, *place_provider, *rec, *reason_place_change, *home_post,
        *pl_post, *urn;
    /* PL_DISTANCE, PL_LA and PL_LOCATION as DfE derives them from the
     * postcodes (cla_ref_derive), worked out once per episode when
     * --postcodes is given; all zero otherwise. */
    struct cla_derived derived;
};

/*
 * One child as the rules see it: its rows, its Header, its episodes in
 * date order, and the same child in last year's return.  Built once per
 * child by the engine and read-only for every rule, so that no rule can
 * change what another sees.  Valid only during the call.
 */
struct cla_view {
    const struct cla_child *child;
    const struct cla_rule_env *env;
    const struct cla_row *header;     /* the first Header row, or NULL */
    sr_date dob;                      /* Header DOB (NONE / INVALID as above) */
    const char *sex;                  /* Header SEX, or NULL */
    /* Episodes sorted by DECOM (valid dates first, ascending; equal dates
     * and invalid ones in file order). */
    const struct cla_episode *ep;
    size_t n_ep;
    /* This child in the previous year's return (--previous), or NULL: when
     * no previous return was given (env->previous == NULL) or the child is
     * not in it.  Its own previous is NULL. */
    const struct cla_view *previous;
};

/* The view's rows of a table (count in *n; NULL and 0 when none). */
const struct cla_row *const *cla_view_rows(const struct cla_view *v, enum cla_tid t, size_t *n);
/* The first row of a one-per-child table (Header, UASC, OC2 ...), or NULL. */
const struct cla_row *cla_view_row(const struct cla_view *v, enum cla_tid t);
/* A cell parsed as DD/MM/YYYY: SR_DATE_NONE when blank or no such column,
 * SR_DATE_INVALID when not a valid date. */
sr_date cla_row_date(const struct cla_row *r, const char *column);
/* Whether value s (NULL: blank) is one of the space-separated codes in
 * `codes`, e.g. cla_in(ep->ls, "V3 V4"). */
bool cla_in(const char *s, const char *codes);

/* DfE concepts several rules share (notes/ssda903.md 5.2). */
/* Some episode with a valid DECOM on or before d is open on d (DEC blank,
 * invalid, or after d). */
bool cla_looked_after_on(const struct cla_view *v, sr_date d);
/* DfE's CLA_AT_31_MARCH, the children whose social worker data is
 * collected (SW01, SW12STG2's wording): some episode other than on short
 * breaks (LS V3/V4) is open at the end of 31 March (DEC blank, invalid or
 * after it: a child whose episode ceased on 31 March has left care). */
bool cla_looked_after_at_31_march(const struct cla_view *v);
/* CONTINUOUSLY_LOOKED_AFTER as DfE defines it for the OC2 rules: looked
 * after at some time in the year and no episode in the year (a) with legal
 * status V3 or V4, (b) ending in the year (DEC from 1 April, before 31
 * March) with REC other than X1, or (c) starting after 1 April with RNE S. */
bool cla_continuously_looked_after(const struct cla_view *v);
/* The child's `years`th birthday; SR_DATE_NONE when DOB is not a valid date. */
sr_date cla_birthday(const struct cla_view *v, int years);
/* d is a valid date within the collection year (1 April to 31 March). */
bool cla_in_period(const struct cla_view *v, sr_date d);
/* UASC this year or, when last year's return is given, last year (DfE's
 * "or formerly UASC"; the second year back is not seen). */
bool cla_uasc_ever(const struct cla_view *v);
/* The child's UASC flag.  Read from an XML document (the Header row has an
 * xml_path), it is HEADER/UASC as submitted: "0", "1", anything else, or
 * NULL when blank.  A CSV return has no such column: there a UASC row is
 * the flag, and this says "1" or "0" by it.  Last year's view (the store
 * keeps no paths) gives its submitted flag when it had one, else by its
 * rows. */
const char *cla_uasc_flag(const struct cla_view *v);
/* Two postcodes are the same whatever their spacing and case; both blank
 * (NULL) are the same. */
bool cla_same_postcode(const char *a, const char *b);

/* ---- rules --------------------------------------------------------------------- */

struct cla_rule_ctx;
struct cla_store;
struct cla_ref;

struct cla_rule_env {
    int year;                         /* collection end year */
    sr_date period_start;             /* 1 April year-1 */
    sr_date period_end;               /* 31 March year */
    const struct cla_spec *spec;      /* that year's tables and code lists */
    int tid[CLA_N_TID];               /* spec table index of each known table, or -1 */
    /* Optional inputs; NULL when not given.  A rule that needs one says so
     * in cla_rule.needs and does not run without it. */
    const struct cla_store *previous; /* last year's return (--previous) */
    const struct cla_ref *ref;        /* providers and postcodes (--providers, --postcodes) */
    const char *la;                   /* the council's own LA code (--la), e.g. "E09000027" */
    /* The tables the return supplied, by enum cla_tid: for a CSV set, the
     * tables it has a file of (with rows or not); for an XML document, the
     * tables the document carries (not SWEpisodes or DoLo, which DfE
     * collects apart).  A child without rows in a supplied table has none
     * of them; of a table not supplied nothing is known, so a rule that
     * needs it (CLA_NEEDS_SW_EPISODES) does not run. */
    bool supplied[CLA_N_TID];
};

/* Fills env->tid from env->spec and marks every table of the year's spec
 * as supplied; call after setting spec, then clear what the return lacks
 * (cla_rule_env_supply). */
void cla_rule_env_resolve(struct cla_rule_env *env);
/* Marks the year's table `name` as supplied or not (a table the rules do
 * not know, or the year does not have, is ignored). */
void cla_rule_env_supply(struct cla_rule_env *env, const char *name, bool supplied);

/* What a rule needs besides this year's return. */
enum cla_need {
    CLA_NEEDS_PREVIOUS = 1 << 0,      /* last year's return */
    CLA_NEEDS_PROVIDERS = 1 << 1,     /* the Ofsted provider list */
    CLA_NEEDS_POSTCODES = 1 << 2,     /* the postcode directory */
    CLA_NEEDS_LA = 1 << 3,            /* the council's own LA code */
    /* The return's SWEpisodes table (a CSV file of its own: the XML
     * document has none), as opposed to a child without rows in it. */
    CLA_NEEDS_SW_EPISODES = 1 << 4
};

struct cla_rule {
    /* What the report shows: code as DfE publishes it, type, table(s),
     * message.  The check pointers of cin_rule stay NULL. */
    struct rule info;
    int first_year, last_year;        /* in force for these collection years; 0 = open */
    /* Space-separated Table.COLUMN whose generic value check this rule
     * replaces (required, type and code), or NULL. */
    const char *covers;
    unsigned needs;                   /* enum cla_need bits */
    /* Inputs (enum cla_need bits) without which the rule still runs but
     * checks less; `without` says what it then checks, e.g. "postcodes
     * checked for their format only".  cla_engine_each_not_run lists the
     * rule as run in part. */
    unsigned better_with;
    const char *without;
    /* Per child; NULL when the rule only concludes over the return. */
    void (*check)(struct cla_rule_ctx *ctx, const struct cla_view *v);
    /* Whole-return rules, as in rules.h: state_size zeroed bytes, accumulate
     * per child, conclude once, release (may be NULL). */
    size_t state_size;
    void (*accumulate)(struct cla_rule_ctx *ctx, void *state, const struct cla_view *v);
    void (*conclude)(struct cla_rule_ctx *ctx, void *state);
    void (*release)(void *state);
};

/* The rule tables, one per source file (cla_rules_*.c), each ending with
 * an element whose info.code is NULL; cla_rule_sets lists them and
 * ends with NULL.  A later year's layer is a table of its own whose rules
 * carry first_year (and an older version of a changed rule, last_year). */
extern const struct cla_rule *const cla_rule_sets[];

const struct cla_rule_env *cla_rule_env(const struct cla_rule_ctx *ctx);

/* The current rule failed on a cell (column >= 0) or a row (column < 0) of
 * child c.  The cell's value is passed on as the offending value (shown only
 * with --show-values). */
void cla_rule_fail(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_row *row, int column);
/* The same, naming the column (NULL or a column the row's table does not
 * have: the row). */
void cla_rule_fail_col(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                       const char *column);
/* The current rule, about a pair of records (a duplicate, an overlap, a
 * row of another table it compares), failed on one of them: the finding's
 * message is the rule's followed by the other record by place, never by
 * value ("... (the other record: Episodes row 2, line 3)"), so an analyst
 * finds both whichever one another tool reports.  _at names the other in
 * words of the caller's (a row no longer held). */
void cla_rule_fail_other(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                         const char *column, const struct cla_row *other);
void cla_rule_fail_other_at(struct cla_rule_ctx *ctx, const struct cla_view *v, const struct cla_row *row,
                            const char *column, const char *other, uint32_t other_line);
/* A message naming the other record so: `message`, then " (the other
 * record: " other ", line N)" (no line when 0); for checks outside the
 * rules (the validator's DUP) to say it the same way. */
void cla_other_record(struct strbuf *out, const char *message, const char *other, uint32_t other_line);
/* A row's place in those words: "Episodes row 2" (cla_loc_path). */
void cla_row_place(const struct cla_row *r, struct strbuf *out);

/* The current rule failed on something that is not one row (c may be NULL
 * for a return-level finding).  The finding names no table, row or column. */
__attribute__((format(printf, 4, 5)))
void cla_rule_fail_at(struct cla_rule_ctx *ctx, const struct cla_child *c, uint32_t line, const char *path_fmt, ...);
/* The same for a row the rule no longer holds but remembers by its place
 * (whole-return rules reporting at the end): loc names its table, row and
 * column for the report. */
__attribute__((format(printf, 5, 6)))
void cla_rule_fail_loc(struct cla_rule_ctx *ctx, const struct cla_child *c, const struct cla_loc *loc, uint32_t line,
                       const char *path_fmt, ...);

/* ---- the engine ------------------------------------------------------------------ */

struct cla_engine;

/* The rules in force for env->year.  env (and its spec) must outlive the engine. */
struct cla_engine *cla_engine_new(const struct cla_rule_env *env, cla_finding_fn fn, void *opaque);
/* Runs only the rule `code`; -1 when no rule in force has that code. */
int cla_engine_only(struct cla_engine *e, const char *code);
/* Whether a rule in force (whether or not selected by cla_engine_only)
 * covers column `column` of table t. */
bool cla_engine_covers(const struct cla_engine *e, const struct cla_table *t, size_t column);
void cla_engine_child(struct cla_engine *e, const struct cla_child *c);
/* Rules in force that cannot run for want of an input or a table (enum
 * cla_need), or run only in part (cla_rule.better_with): fn is called for
 * each with the rule and why, e.g. "not run: needs --previous (last year's
 * return)", "not run: the return has no SWEpisodes table ...", "run in
 * part: postcodes checked for their format only ...; the full check needs
 * --postcodes (the ONS postcode directory)".
 * Rules with the same reason get the same words, so a report can say it
 * once. */
void cla_engine_each_not_run(const struct cla_engine *e,
                             void (*fn)(void *opaque, const struct rule *rule, const char *why),
                             void *opaque);
/* Whole-return conclusions; call once, after the last child. */
void cla_engine_finish(struct cla_engine *e);
void cla_engine_free(struct cla_engine *e);
/* The rule with this code in force in `year` (0: in any year), or NULL. */
const struct cla_rule *cla_rule_find(const char *code, int year);

#endif
