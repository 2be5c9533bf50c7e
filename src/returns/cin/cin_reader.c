/*
 * Streaming CIN census XML reader with schema validation; see cin_reader.h.
 *
 * Why a SAX2 push parser and not xmlTextReader: the reader builds a tree
 * that lags the parser by a chunk, while schema errors are raised inside the
 * parser, so an error could not be tied to the element path it is about and
 * xmlTextReaderGetParserLineNumber gives the parser's position, not the
 * node's.  Here our SAX handlers and libxml2's streaming validator (the same
 * xmlSchemaSAXPlug that xmlTextReader uses internally) see the same events
 * in the same order, so each schema error is raised right after our handler
 * for the start or end tag it concerns: the path and line are exact, and no
 * tree is ever built, so memory does not grow with the file.
 *
 * Two passes over the start of the file: the first (no schema) reads only
 * up to the end of the Header to learn the collection year and catch an
 * unreadable file early; its bytes are kept and replayed into the second,
 * which has the year's schema plugged in and reads the whole file.  So a
 * pipe works too, and the file is read once.
 *
 * Children are built in "slots" (struct cin_item), each with its own arena.
 * One parsed chunk may complete several children, which wait in a queue
 * with the schema errors that belong to them; errors outside any child wait
 * in error-only slots, so callers see errors and children in file order.
 * cin_reader_next_item hands a whole slot out, so that another thread can
 * deliver its errors and check its child (cin_pipeline.c) while this one
 * parses on; the slot comes back through cin_reader_recycle.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "core/arena.h"
#include "returns/cin/cin_reader.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CHUNK 32768
#define FRAME_NAMES 24       /* distinct child-element names counted per element */
#define FREE_SLOTS_KEPT 64
#define SLOT_ARENA_KEPT (64 * 1024)  /* bytes of arena a free slot may keep */
#define HIDDEN "[value hidden]"

/* ---- the CIN element table ---------------------------------------------- */

enum kind {
    K_DOC, K_MESSAGE, K_HEADER, K_COLLECTION_DETAILS, K_SOURCE, K_CHILDREN, K_CHILD,
    K_CHILD_IDENTIFIERS, K_CHILD_CHARACTERISTICS, K_DISABILITIES, K_CIN_DETAILS,
    K_ASSESSMENT, K_FACTORS, K_PLAN, K_S47, K_CPP, K_REVIEWS, K_PREPROCEEDINGS,
    K_VALUE, K_SKIP, K__COUNT
};

/* Where a value element's cin_value lives. */
enum base {
    B_NONE, B_HEADER, B_CHILD, B_EPISODE, B_ASSESSMENT, B_PLAN, B_S47, B_CPP, B_PP,
    B_DISABILITY, B_FACTOR, B_REVIEW
};

struct elem {
    const char *name;
    enum kind kind;        /* group kind, or K_VALUE */
    enum base base;
    size_t offset;         /* of the cin_value within the base struct */
    bool is_date;
    bool numbered;         /* repeatable: always "[n]" in paths, as the rule engine writes */
};

#define GROUP(n, k)        { n, k, B_NONE, 0, false, false }
#define GROUPN(n, k)       { n, k, B_NONE, 0, false, true }
#define VAL(n, b, T, f)    { n, K_VALUE, b, offsetof(T, f), false, false }
#define DATE(n, b, T, f)   { n, K_VALUE, b, offsetof(T, f), true, false }
#define LIST(n, b, d)      { n, K_VALUE, b, 0, d, true }
#define END                { NULL, K_SKIP, B_NONE, 0, false, false }

static const struct elem in_doc[] = { GROUP("Message", K_MESSAGE), END };
static const struct elem in_message[] = {
    GROUP("Header", K_HEADER), GROUP("Children", K_CHILDREN), END
};
static const struct elem in_header[] = {
    GROUP("CollectionDetails", K_COLLECTION_DETAILS), GROUP("Source", K_SOURCE), END
};
static const struct elem in_collection_details[] = {
    VAL("Collection", B_HEADER, struct cin_header, collection),
    VAL("Year", B_HEADER, struct cin_header, year),
    DATE("ReferenceDate", B_HEADER, struct cin_header, reference_date),
    END
};
static const struct elem in_source[] = {
    VAL("SourceLevel", B_HEADER, struct cin_header, source_level),
    VAL("LEA", B_HEADER, struct cin_header, lea),
    VAL("SoftwareCode", B_HEADER, struct cin_header, software_code),
    VAL("Release", B_HEADER, struct cin_header, release),
    VAL("SerialNo", B_HEADER, struct cin_header, serial_no),
    VAL("DateTime", B_HEADER, struct cin_header, date_time),   /* xs:dateTime, not a date */
    END
};
static const struct elem in_children[] = { GROUPN("Child", K_CHILD), END };
static const struct elem in_child[] = {
    GROUP("ChildIdentifiers", K_CHILD_IDENTIFIERS),
    GROUP("ChildCharacteristics", K_CHILD_CHARACTERISTICS),
    GROUPN("CINdetails", K_CIN_DETAILS),
    END
};
static const struct elem in_child_identifiers[] = {
    VAL("LAchildID", B_CHILD, struct cin_child, la_child_id),
    VAL("UPN", B_CHILD, struct cin_child, upn),
    VAL("FormerUPN", B_CHILD, struct cin_child, former_upn),
    VAL("UPNunknown", B_CHILD, struct cin_child, upn_unknown),
    DATE("PersonBirthDate", B_CHILD, struct cin_child, birth_date),
    DATE("ExpectedPersonBirthDate", B_CHILD, struct cin_child, expected_birth_date),
    VAL("Sex", B_CHILD, struct cin_child, sex),
    DATE("PersonDeathDate", B_CHILD, struct cin_child, death_date),
    END
};
static const struct elem in_child_characteristics[] = {
    VAL("Ethnicity", B_CHILD, struct cin_child, ethnicity),
    GROUP("Disabilities", K_DISABILITIES),
    END
};
static const struct elem in_disabilities[] = { LIST("Disability", B_DISABILITY, false), END };
static const struct elem in_cin_details[] = {
    DATE("CINreferralDate", B_EPISODE, struct cin_episode, referral_date),
    VAL("ReferralSource", B_EPISODE, struct cin_episode, referral_source),
    VAL("PrimaryNeedCode", B_EPISODE, struct cin_episode, primary_need),
    DATE("CINclosureDate", B_EPISODE, struct cin_episode, closure_date),
    VAL("ReasonForClosure", B_EPISODE, struct cin_episode, closure_reason),
    DATE("DateOfInitialCPC", B_EPISODE, struct cin_episode, initial_cpc),
    GROUPN("Assessments", K_ASSESSMENT),
    GROUPN("CINPlanDates", K_PLAN),
    GROUPN("Section47", K_S47),
    VAL("ReferralNFA", B_EPISODE, struct cin_episode, referral_nfa),
    GROUPN("ChildProtectionPlans", K_CPP),
    GROUPN("PreProceedingsandFGDM", K_PREPROCEEDINGS),
    END
};
static const struct elem in_assessment[] = {
    DATE("AssessmentActualStartDate", B_ASSESSMENT, struct cin_assessment, start),
    DATE("AssessmentInternalReviewDate", B_ASSESSMENT, struct cin_assessment, review),
    DATE("AssessmentAuthorisationDate", B_ASSESSMENT, struct cin_assessment, authorisation),
    GROUP("FactorsIdentifiedAtAssessment", K_FACTORS),
    END
};
static const struct elem in_factors[] = { LIST("AssessmentFactors", B_FACTOR, false), END };
static const struct elem in_plan[] = {
    DATE("CINPlanStartDate", B_PLAN, struct cin_plan, start),
    DATE("CINPlanEndDate", B_PLAN, struct cin_plan, end),
    END
};
static const struct elem in_s47[] = {
    DATE("S47ActualStartDate", B_S47, struct cin_s47, start),
    DATE("InitialCPCtarget", B_S47, struct cin_s47, icpc_target),
    DATE("DateOfInitialCPC", B_S47, struct cin_s47, icpc_date),
    VAL("ICPCnotRequired", B_S47, struct cin_s47, icpc_not_required),
    END
};
static const struct elem in_cpp[] = {
    DATE("CPPstartDate", B_CPP, struct cin_cpp, start),
    DATE("CPPendDate", B_CPP, struct cin_cpp, end),
    VAL("InitialCategoryOfAbuse", B_CPP, struct cin_cpp, initial_category),
    VAL("LatestCategoryOfAbuse", B_CPP, struct cin_cpp, latest_category),
    VAL("NumberOfPreviousCPP", B_CPP, struct cin_cpp, previous_cpp),
    GROUP("Reviews", K_REVIEWS),
    END
};
static const struct elem in_reviews[] = { LIST("CPPreviewDate", B_REVIEW, true), END };
static const struct elem in_preproceedings[] = {
    DATE("PPStartDate", B_PP, struct cin_preproceedings, pp_start),
    DATE("LBPSentDate", B_PP, struct cin_preproceedings, lbp_sent),
    VAL("FGDMMeetingOffer", B_PP, struct cin_preproceedings, fgdm_offer),
    VAL("FGDMMeetingFac", B_PP, struct cin_preproceedings, fgdm_fac),
    DATE("InitialPPMeetingDate", B_PP, struct cin_preproceedings, initial_meeting),
    VAL("ReviewMeetingsCount", B_PP, struct cin_preproceedings, review_count),
    DATE("StepDecisionDate", B_PP, struct cin_preproceedings, step_decision),
    VAL("PPOutcome", B_PP, struct cin_preproceedings, outcome),
    DATE("CourtAppDate", B_PP, struct cin_preproceedings, court_app),
    DATE("LetterInitCPDate", B_PP, struct cin_preproceedings, letter_init),
    END
};

/* The elements allowed inside each kind of element; NULL: none known. */
static const struct elem *const children_of[K__COUNT] = {
    [K_DOC] = in_doc,
    [K_MESSAGE] = in_message,
    [K_HEADER] = in_header,
    [K_COLLECTION_DETAILS] = in_collection_details,
    [K_SOURCE] = in_source,
    [K_CHILDREN] = in_children,
    [K_CHILD] = in_child,
    [K_CHILD_IDENTIFIERS] = in_child_identifiers,
    [K_CHILD_CHARACTERISTICS] = in_child_characteristics,
    [K_DISABILITIES] = in_disabilities,
    [K_CIN_DETAILS] = in_cin_details,
    [K_ASSESSMENT] = in_assessment,
    [K_FACTORS] = in_factors,
    [K_PLAN] = in_plan,
    [K_S47] = in_s47,
    [K_CPP] = in_cpp,
    [K_REVIEWS] = in_reviews,
    [K_PREPROCEEDINGS] = in_preproceedings,
};

/* By name: for names that are not the parser's interned ones (see
 * struct dispatch).  A first-character test before strcmp: sibling names
 * rarely share their first letter. */
static const struct elem *lookup_slow(enum kind parent, const char *name)
{
    const struct elem *e = children_of[parent];

    for (; e && e->name; e++)
        if (e->name[0] == name[0] && !strcmp(e->name, name))
            return e;
    return NULL;
}

/*
 * Element dispatch runs for every element of a file.  libxml2 interns every
 * element name in its parser's dictionary, so the parser hands sax_start
 * the same pointer for each occurrence of a name: each parser gets a table
 * of the known names looked up in its dictionary, and a known element is
 * found by comparing pointers.  An unknown name (or one the table could not
 * hold) falls back to lookup_slow, which gives the same answer.
 */
#define DISPATCH_MAX 16     /* the most element names any element allows */

struct dispatch {
    unsigned n;                            /* 0: use lookup_slow */
    const xmlChar *names[DISPATCH_MAX];    /* interned in the parser's dictionary */
    const struct elem *elems[DISPATCH_MAX];
};

/* ---- schemas -------------------------------------------------------------- */

struct schema_entry {
    int year;
    xmlSchemaPtr schema;
};

struct cin_schemas {
    struct schema_entry *e;
    size_t n, cap;
};

struct cin_schemas *cin_schemas_new(void)
{
    return xcalloc(1, sizeof(struct cin_schemas));
}

void cin_schemas_free(struct cin_schemas *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        xmlSchemaFree(s->e[i].schema);
    free(s->e);
    free(s);
}

static int year_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

size_t cin_schemas_years(int *years, size_t n)
{
    struct strbuf dir = STRBUF_INIT;
    size_t count = 0;
    DIR *d;
    struct dirent *de;

    sr_data_path(&dir, "specs/cin");
    d = opendir(dir.buf);
    strbuf_release(&dir);
    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL) {
        const char *s = de->d_name;
        if (strlen(s) == 12 && !strncmp(s, "cin_", 4) && !strcmp(s + 8, ".xsd")
            && isdigit((unsigned char)s[4]) && isdigit((unsigned char)s[5])
            && isdigit((unsigned char)s[6]) && isdigit((unsigned char)s[7])) {
            if (count < n)
                years[count] = atoi(s + 4);
            count++;
        }
    }
    closedir(d);
    qsort(years, count < n ? count : n, sizeof *years, year_cmp);
    return count;
}

static void capture_first_error(void *arg, xmlErrorPtr e)
{
    struct strbuf *sb = arg;

    if (sb->len || !e || !e->message)
        return;
    if (e->line)
        strbuf_addf(sb, "line %d: ", e->line);
    strbuf_add(sb, e->message, strcspn(e->message, "\n"));
}

int cin_schemas_load(struct cin_schemas *s, int year, char *err, size_t errlen)
{
    struct strbuf path = STRBUF_INIT, first = STRBUF_INIT;
    struct stat st;
    char rel[64];
    int rc = CIN_READ_OK;

    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].year == year)
            return CIN_READ_OK;

    snprintf(rel, sizeof rel, "specs/cin/cin_%d.xsd", year);
    sr_data_path(&path, rel);
    if (stat(path.buf, &st) != 0) {
        snprintf(err, errlen, "no CIN schema for collection year %d ('%s' not found)", year, path.buf);
        rc = CIN_READ_NO_SCHEMA;
        goto cleanup;
    }
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path.buf);
    if (!pc) {
        snprintf(err, errlen, "cannot read schema '%s'", path.buf);
        rc = CIN_READ_SPEC;
        goto cleanup;
    }
    xmlSchemaSetParserStructuredErrors(pc, capture_first_error, &first);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        snprintf(err, errlen, "schema '%s' does not compile: %s", path.buf,
                 first.len ? first.buf : "unknown error");
        rc = CIN_READ_SPEC;
        goto cleanup;
    }
    ALLOC_GROW(s->e, s->n, s->cap);
    s->e[s->n].year = year;
    s->e[s->n].schema = schema;
    s->n++;
cleanup:
    strbuf_release(&path);
    strbuf_release(&first);
    return rc;
}

static xmlSchemaPtr schemas_get(const struct cin_schemas *s, int year)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].year == year)
            return s->e[i].schema;
    return NULL;
}

/* ---- the reader ------------------------------------------------------------ */

struct pending_error {
    struct pending_error *next;
    uint32_t line;
    size_t episode;
    const char *path;
    const char *message;
    const char *value;
};

/* A slot: one child (or none) and the schema errors that belong with it. */
struct cin_item {
    struct cin_item *next;
    struct arena arena;
    struct cin_child child;
    bool is_child;
    struct pending_error *errors, *errors_last;
};

struct name_count {
    const xmlChar *name;
    uint32_t count;
};

struct frame {
    enum kind kind;
    uint32_t line;                   /* of the start tag */
    size_t path_len;                 /* path length before this element */
    unsigned n_names;
    struct name_count names[FRAME_NAMES];
};

enum pass { PASS_PEEK, PASS_READ };

struct cin_reader {
    char *file;
    int fd;
    bool fd_eof;
    struct cin_reader_options opt;
    struct cin_schemas *own_schemas;
    int year, header_year;

    enum pass pass;
    struct dispatch dispatch[K__COUNT];   /* of the current parser */
    xmlSAXHandler sax;
    xmlParserCtxtPtr ctxt;
    xmlSchemaValidCtxtPtr vctxt;
    xmlSchemaSAXPlugPtr plug;
    struct strbuf replay;            /* bytes read by the peek pass */
    size_t replay_off;
    bool terminating, finished;
    unsigned char *buf;

    int depth;
    struct frame frames[CIN_READER_MAX_DEPTH + 1];
    struct strbuf path;
    bool pending_end;                /* an end tag whose frame is popped at the next event */
    bool root_seen, header_done;

    struct strbuf text;              /* character data since the last tag */
    size_t text_run;
    struct strbuf attrs;             /* attribute values of the last start tag (redaction) */
    struct cin_value *value;         /* being read, or NULL */
    struct arena *value_arena;
    uint32_t value_line;
    bool value_date;

    struct arena header_arena;
    struct cin_header header;
    struct cin_item *cur;                /* child being read */
    bool cur_queued;                 /* cur is complete and in the queue */
    struct cin_episode *ep;
    struct cin_assessment *as;
    struct cin_plan *plan;
    struct cin_s47 *s47;
    struct cin_cpp *cpp;
    struct cin_preproceedings *pp;
    size_t n_children;
    size_t child_elements;

    struct cin_item *head, *tail, *free_slots, *returned;
    size_t n_free;

    bool fatal;
    struct strbuf diag;
};

static uint32_t cur_line(const struct cin_reader *r)
{
    int l = xmlSAX2GetLineNumber(r->ctxt);
    return l > 0 ? (uint32_t)l : 0;
}

static const struct elem *lookup(const struct cin_reader *r, enum kind parent, const xmlChar *name)
{
    const struct dispatch *d = &r->dispatch[parent];

    for (unsigned i = 0; i < d->n; i++)
        if (d->names[i] == name)
            return d->elems[i];
    return lookup_slow(parent, (const char *)name);
}

/* Fills the dispatch tables from the new parser's dictionary. */
static void dispatch_init(struct cin_reader *r)
{
    for (size_t k = 0; k < K__COUNT; k++) {
        struct dispatch *d = &r->dispatch[k];
        unsigned n = 0;
        d->n = 0;
        for (const struct elem *e = children_of[k]; e && e->name; e++) {
            const xmlChar *name = NULL;
            if (n < DISPATCH_MAX && r->ctxt->dict)
                name = xmlDictLookup(r->ctxt->dict, (const xmlChar *)e->name, -1);
            if (!name) {
                n = 0;          /* too many names, or no memory: by name */
                break;
            }
            d->names[n] = name;
            d->elems[n] = e;
            n++;
        }
        d->n = n;
    }
}

/* Appends s, replacing bytes that are not printable ASCII, at most max bytes. */
static void add_printable(struct strbuf *sb, const char *s, size_t max)
{
    size_t i;

    for (i = 0; s[i] && i < max; i++)
        strbuf_addch(sb, (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?');
    if (s[i])
        strbuf_addstr(sb, "...");
}

/* Stops the parser from inside a SAX callback.  Not xmlStopParser: in
 * libxml2 2.9 it frees the input buffer at once, while the schema plug's
 * handler that runs after ours still holds pointers into it (text and
 * attribute values), a use-after-free that ASan shows.  These two fields
 * are what makes the parser deliver nothing more and return. */
static void halt(struct cin_reader *r)
{
    if (r->ctxt) {
        r->ctxt->disableSAX = 1;
        r->ctxt->instate = XML_PARSER_EOF;
    }
}

__attribute__((format(printf, 3, 4)))
static void fail(struct cin_reader *r, uint32_t line, const char *fmt, ...)
{
    va_list ap;

    if (r->fatal)
        return;
    r->fatal = true;
    strbuf_reset(&r->diag);
    strbuf_addf(&r->diag, "%s: ", r->file);
    if (line)
        strbuf_addf(&r->diag, "line %u: ", (unsigned)line);
    va_start(ap, fmt);
    strbuf_vaddf(&r->diag, fmt, ap);
    va_end(ap);
    halt(r);
}

static void sb_truncate(struct strbuf *sb, size_t len)
{
    if (len < sb->len) {
        sb->len = len;
        sb->buf[len] = '\0';
    }
}

/* ---- slots ---- */

static struct cin_item *slot_get(struct cin_reader *r, bool is_child)
{
    struct cin_item *s = r->free_slots;

    if (s) {
        r->free_slots = s->next;
        r->n_free--;
        arena_reset(&s->arena);
    } else {
        s = xcalloc(1, sizeof *s);
        arena_init(&s->arena);
    }
    s->next = NULL;
    s->is_child = is_child;
    s->errors = s->errors_last = NULL;
    cin_child_init(&s->child);
    return s;
}

static void slot_free(struct cin_item *s)
{
    arena_release(&s->arena);
    free(s);
}

static void slot_recycle(struct cin_reader *r, struct cin_item *s)
{
    /* A slot keeps its arena's blocks for the next child, unless an
     * unusually large child grew them: with the pipeline's ring many slots
     * are alive at once, and each would otherwise keep its largest child's
     * memory for the rest of the run. */
    if (r->n_free >= FREE_SLOTS_KEPT || s->arena.total > SLOT_ARENA_KEPT) {
        slot_free(s);
        return;
    }
    s->next = r->free_slots;
    r->free_slots = s;
    r->n_free++;
}

static void enqueue(struct cin_reader *r, struct cin_item *s)
{
    s->next = NULL;
    if (r->tail)
        r->tail->next = s;
    else
        r->head = s;
    r->tail = s;
}

static struct cin_item *dequeue(struct cin_reader *r)
{
    struct cin_item *s = r->head;

    if (s) {
        r->head = s->next;
        if (!r->head)
            r->tail = NULL;
        s->next = NULL;
    }
    return s;
}

/* ---- schema errors ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Replaces every "'needle'" in sb with "'[value hidden]'". */
static void hide_quoted(struct strbuf *sb, const char *needle, size_t n)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = sb->buf;

    if (!n)
        return;
    for (;;) {
        const char *q = strchr(p, '\'');
        if (!q)
            break;
        if (!strncmp(q + 1, needle, n) && q[1 + n] == '\'') {
            strbuf_add(&out, p, (size_t)(q - p));
            strbuf_addstr(&out, "'" HIDDEN "'");
            p = q + n + 2;
        } else {
            strbuf_add(&out, p, (size_t)(q - p) + 1);
            p = q + 1;
        }
    }
    strbuf_addstr(&out, p);
    strbuf_reset(sb);
    strbuf_add(sb, out.buf, out.len);
    strbuf_release(&out);
}

/* The whitespace forms libxml2 may quote: as is, 'replace'd and 'collapse'd. */
static void hide_value(struct strbuf *msg, const char *v)
{
    struct strbuf alt = STRBUF_INIT;
    size_t n = strlen(v);

    hide_quoted(msg, v, n);
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&alt, is_space(v[i]) ? ' ' : v[i]);
    hide_quoted(msg, alt.buf, alt.len);
    strbuf_reset(&alt);
    for (size_t i = 0; i < n; i++) {
        if (is_space(v[i])) {
            if (alt.len && alt.buf[alt.len - 1] != ' ')
                strbuf_addch(&alt, ' ');
        } else {
            strbuf_addch(&alt, v[i]);
        }
    }
    if (alt.len && alt.buf[alt.len - 1] == ' ')
        sb_truncate(&alt, alt.len - 1);
    hide_quoted(msg, alt.buf, alt.len);
    strbuf_release(&alt);
}

/* Belt and braces for values we did not know: the quoted value in
 * "The value '...' ..." and "': '...' is not a valid value". */
static void hide_patterns(struct strbuf *msg)
{
    static const char *const openers[] = { "The value '", "the value '" };

    for (size_t k = 0; k < 2; k++) {
        size_t from = 0;
        char *p;
        while ((p = strstr(msg->buf + from, openers[k])) != NULL) {
            char *start = p + strlen(openers[k]);
            if (!strncmp(start, HIDDEN "'", strlen(HIDDEN) + 1)) {
                from = (size_t)(start - msg->buf);
                continue;
            }
            /* the value ends at the last quote followed by a word break */
            char *end = NULL;
            for (char *q = start; (q = strchr(q, '\'')) != NULL; q++) {
                if (q[1] == ' ' || q[1] == '.' || q[1] == ';' || q[1] == ',' || q[1] == '\0') {
                    end = q;
                    break;
                }
            }
            if (!end)
                break;
            struct strbuf out = STRBUF_INIT;
            strbuf_add(&out, msg->buf, (size_t)(start - msg->buf));
            strbuf_addstr(&out, HIDDEN);
            from = out.len;
            strbuf_addstr(&out, end);
            strbuf_reset(msg);
            strbuf_add(msg, out.buf, out.len);
            strbuf_release(&out);
        }
    }
    char *t = strstr(msg->buf, "' is not a valid value");
    if (t) {
        size_t end = (size_t)(t - msg->buf), q = end;
        while (q >= 2 && !(msg->buf[q - 1] == '\'' && msg->buf[q - 2] == ' '))
            q--;
        if (q >= 2 && strncmp(msg->buf + q, HIDDEN, strlen(HIDDEN)) != 0) {
            struct strbuf out = STRBUF_INIT;
            strbuf_add(&out, msg->buf, q);
            strbuf_addstr(&out, HIDDEN);
            strbuf_addstr(&out, msg->buf + end);
            strbuf_reset(msg);
            strbuf_add(msg, out.buf, out.len);
            strbuf_release(&out);
        }
    }
}

static struct cin_item *error_slot(struct cin_reader *r)
{
    if (r->cur)
        return r->cur;
    if (r->tail && !r->tail->is_child)
        return r->tail;
    struct cin_item *s = slot_get(r, false);
    enqueue(r, s);
    return s;
}

/* Queues one schema error at the current path, with values hidden. */
static void add_schema_error(struct cin_reader *r, uint32_t line, const char *raw, bool about_content)
{
    struct cin_item *s = error_slot(r);
    struct pending_error *pe = arena_alloc(&s->arena, sizeof *pe);
    struct strbuf msg = STRBUF_INIT;
    const char *value = about_content ? r->text.buf : NULL;

    strbuf_add(&msg, raw, strnlen(raw, 1024));
    while (msg.len && is_space(msg.buf[msg.len - 1]))
        sb_truncate(&msg, msg.len - 1);
    if (value && *value)
        hide_value(&msg, value);
    for (size_t off = 0; off < r->attrs.len; off += strlen(r->attrs.buf + off) + 1)
        if (r->attrs.buf[off])
            hide_value(&msg, r->attrs.buf + off);
    hide_patterns(&msg);

    pe->line = line;
    pe->episode = r->ep ? r->ep->position : 0;
    pe->path = arena_strdup(&s->arena, r->path.len ? r->path.buf : "Message");
    pe->message = arena_strdup(&s->arena, msg.buf);
    pe->value = value ? arena_strdup(&s->arena, value) : NULL;
    if (s->errors_last)
        s->errors_last->next = pe;
    else
        s->errors = pe;
    s->errors_last = pe;
    strbuf_release(&msg);
}

/* Schema errors arrive right after our handler for the tag they concern:
 * after a start tag the path ends with that element; after an end tag the
 * element's frame is still there (pending_end) and its text is in r->text. */
static void on_schema_error(void *arg, xmlErrorPtr e)
{
    struct cin_reader *r = arg;
    const struct frame *f = &r->frames[r->depth];

    if (!e || e->level == XML_ERR_WARNING || r->fatal)
        return;
    if (r->pending_end) {
        /* About the element just closed (its content, a missing child):
         * report it at its start tag, as tree-based tools do, and pass its
         * text, which the message may quote, when it is a leaf. */
        bool leaf = f->n_names == 0 && (f->kind == K_VALUE || f->kind == K_SKIP);
        add_schema_error(r, f->line, e->message ? e->message : "schema error", leaf);
    } else {
        add_schema_error(r, cur_line(r), e->message ? e->message : "schema error", false);
    }
}

/* The first byte read that is not a BOM or white space, or 0. */
static char first_nonblank(const struct cin_reader *r)
{
    size_t i = (r->replay.len >= 3 && !memcmp(r->replay.buf, "\xEF\xBB\xBF", 3)) ? 3 : 0;

    for (; i < r->replay.len; i++)
        if (!is_space(r->replay.buf[i]))
            return r->replay.buf[i];
    return 0;
}

static void on_parser_error(void *arg, xmlErrorPtr e)
{
    struct cin_reader *r = NULL;
    uint32_t line;
    char msg[256];

    (void)arg;   /* the plug's data once the schema is plugged in: use the context */
    if (!e || !e->ctxt)
        return;
    r = ((xmlParserCtxtPtr)e->ctxt)->_private;
    if (!r || r->fatal)
        return;
    if (e->level == XML_ERR_WARNING) {
        sr_debug("%s: line %d: %s", r->file, e->line, e->message ? e->message : "warning");
        return;
    }
    line = e->line > 0 ? (uint32_t)e->line : cur_line(r);
    /* Only the first line: later lines can quote bytes of the file. */
    snprintf(msg, sizeof msg, "%.*s", (int)strcspn(e->message ? e->message : "", "\n"),
             e->message ? e->message : "");
    if (!r->root_seen && !first_nonblank(r))
        fail(r, 0, "the file has no XML element (only white space)");
    else if (!r->root_seen && first_nonblank(r) != '<')
        fail(r, 0, "not an XML file (it does not start with '<')");
    else if (!r->root_seen)
        fail(r, line, "not an XML file (%s)", msg);
    else if (r->terminating)
        fail(r, line, "the file ends before the XML is complete (truncated?)");
    else
        fail(r, line, "not well-formed XML: %s", msg);
}

/* ---- SAX handlers ---- */

static void path_push(struct cin_reader *r, const xmlChar *name, const struct elem *e)
{
    struct frame *parent = &r->frames[r->depth];
    struct frame *f = &r->frames[r->depth + 1];
    uint32_t idx = 0;

    for (unsigned i = 0; i < parent->n_names; i++) {
        /* Names from one parser are interned, so equal names are usually
         * the same pointer; the strcmp is the fallback. */
        const xmlChar *seen = parent->names[i].name;
        if (seen == name || (seen[0] == name[0] && !strcmp((const char *)seen, (const char *)name))) {
            idx = ++parent->names[i].count;
            break;
        }
    }
    if (!idx && parent->n_names < FRAME_NAMES) {
        parent->names[parent->n_names].name = name;
        parent->names[parent->n_names].count = 1;
        parent->n_names++;
        idx = 1;
    }
    f->path_len = r->path.len;
    f->n_names = 0;
    if (r->path.len)
        strbuf_addch(&r->path, '/');
    strbuf_addstr(&r->path, (const char *)name);
    if (idx && ((e && e->numbered) || idx > 1)) {
        char digits[16];
        int n = 0;
        for (uint32_t v = idx; v; v /= 10)
            digits[n++] = (char)('0' + v % 10);
        strbuf_addch(&r->path, '[');
        while (n)
            strbuf_addch(&r->path, digits[--n]);
        strbuf_addch(&r->path, ']');
    }
}

/* Pops the element whose end tag came last: its schema errors are in. */
static void settle(struct cin_reader *r)
{
    if (!r->pending_end)
        return;
    r->pending_end = false;
    struct frame *f = &r->frames[r->depth];
    switch (f->kind) {
    case K_CHILD:           r->cur = NULL; r->ep = NULL; break;
    case K_CIN_DETAILS:     r->ep = NULL; break;
    case K_ASSESSMENT:      r->as = NULL; break;
    case K_PLAN:            r->plan = NULL; break;
    case K_S47:             r->s47 = NULL; break;
    case K_CPP:             r->cpp = NULL; break;
    case K_PREPROCEEDINGS:  r->pp = NULL; break;
    default: break;
    }
    sb_truncate(&r->path, f->path_len);
    r->depth--;
}

static struct cin_value *value_target(struct cin_reader *r, const struct elem *e)
{
    char *base = NULL;

    r->value_arena = r->cur ? &r->cur->arena : NULL;
    switch (e->base) {
    case B_HEADER:     base = (char *)&r->header; r->value_arena = &r->header_arena; break;
    case B_CHILD:      base = r->cur ? (char *)&r->cur->child : NULL; break;
    case B_EPISODE:    base = (char *)r->ep; break;
    case B_ASSESSMENT: base = (char *)r->as; break;
    case B_PLAN:       base = (char *)r->plan; break;
    case B_S47:        base = (char *)r->s47; break;
    case B_CPP:        base = (char *)r->cpp; break;
    case B_PP:         base = (char *)r->pp; break;
    case B_DISABILITY: return r->cur ? cin_add_disability(&r->cur->arena, &r->cur->child) : NULL;
    case B_FACTOR:     return r->as ? cin_add_factor(&r->cur->arena, r->as) : NULL;
    case B_REVIEW:     return r->cpp ? cin_add_review(&r->cur->arena, r->cpp) : NULL;
    case B_NONE:       return NULL;
    }
    if (!base)
        return NULL;
    struct cin_value *v = (struct cin_value *)(void *)(base + e->offset);
    return v->line ? NULL : v;   /* a repeated singleton: the first one stands */
}

static void open_group(struct cin_reader *r, enum kind k, uint32_t line)
{
    struct arena *a = r->cur ? &r->cur->arena : NULL;

    switch (k) {
    case K_HEADER:
        if (!r->header.line)
            r->header.line = line;
        break;
    case K_CHILD:
        r->cur = slot_get(r, true);
        r->cur_queued = false;
        r->cur->child.position = ++r->n_children;
        r->cur->child.line = line;
        r->child_elements = 0;
        break;
    case K_DISABILITIES:
        r->cur->child.has_disabilities_group = true;
        break;
    case K_CIN_DETAILS:
        r->ep = cin_add_episode(a, &r->cur->child);
        r->ep->line = line;
        break;
    case K_ASSESSMENT:
        r->as = cin_add_assessment(a, r->ep);
        r->as->line = line;
        break;
    case K_FACTORS:
        r->as->has_factors_group = true;
        break;
    case K_PLAN:
        r->plan = cin_add_plan(a, r->ep);
        r->plan->line = line;
        break;
    case K_S47:
        r->s47 = cin_add_s47(a, r->ep);
        r->s47->line = line;
        break;
    case K_CPP:
        r->cpp = cin_add_cpp(a, r->ep);
        r->cpp->line = line;
        break;
    case K_REVIEWS:
        r->cpp->has_reviews_group = true;
        break;
    case K_PREPROCEEDINGS:
        r->pp = cin_add_preproceedings(a, r->ep);
        r->pp->line = line;
        break;
    default:
        break;
    }
}

static void check_root(struct cin_reader *r, const char *name, const xmlChar *uri, uint32_t line)
{
    if (!strcmp(name, "EXPSSDA903")) {
        fail(r, line, "this is an SSDA903 return, not a CIN census");
        return;
    }
    if (strcmp(name, "Message") != 0) {
        struct strbuf n = STRBUF_INIT;
        add_printable(&n, name, 64);
        fail(r, line, "the root element is <%s>, not <Message>: this is not a CIN census file", n.buf);
        strbuf_release(&n);
        return;
    }
    if (r->pass == PASS_PEEK && r->ctxt->encoding) {
        const char *enc = (const char *)r->ctxt->encoding;
        if (strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8") && strcasecmp(enc, "US-ASCII")
            && strcasecmp(enc, "ASCII")) {
            struct strbuf n = STRBUF_INIT;
            add_printable(&n, enc, 40);
            sr_warn("%s: the XML declaration says encoding \"%s\"; COLLECT expects UTF-8 (read anyway)",
                    r->file, n.buf);
            strbuf_release(&n);
        }
    }
    if (uri && r->pass == PASS_READ) {
        struct strbuf m = STRBUF_INIT;
        strbuf_addstr(&m, "Element 'Message': has the XML namespace '");
        add_printable(&m, (const char *)uri, 120);
        strbuf_addstr(&m, "'; CIN census files have no namespace, so the schema cannot check this file"
                          " (the DfE rules were still applied)");
        add_schema_error(r, line, m.buf, false);
        strbuf_release(&m);
    }
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar **attributes)
{
    struct cin_reader *r = ctx;
    const char *name = (const char *)localname;
    uint32_t line = cur_line(r);
    struct frame *parent;
    const struct elem *e = NULL;
    enum kind kind = K_SKIP;

    (void)prefix; (void)nb_namespaces; (void)namespaces; (void)nb_defaulted;
    if (r->fatal)
        return;
    settle(r);
    strbuf_reset(&r->text);
    r->text_run = 0;
    parent = &r->frames[r->depth];
    if (parent->kind != K_SKIP && parent->kind != K_VALUE)
        e = lookup(r, parent->kind, localname);

    /* The names we know are all short: only others need measuring. */
    if ((!e || prefix)
        && strlen(name) + (prefix ? strlen((const char *)prefix) + 1 : 0) > CIN_READER_MAX_NAME) {
        fail(r, line, "an element name is longer than %d characters", CIN_READER_MAX_NAME);
        return;
    }
    if (r->depth >= CIN_READER_MAX_DEPTH) {
        fail(r, line, "elements are nested more than %d deep", CIN_READER_MAX_DEPTH);
        return;
    }
    strbuf_reset(&r->attrs);
    for (int i = 0; i < nb_attributes; i++) {
        const char *v = (const char *)attributes[5 * i + 3];
        const char *end = (const char *)attributes[5 * i + 4];
        if ((size_t)(end - v) > CIN_READER_MAX_TEXT) {
            fail(r, line, "an attribute value is longer than %d bytes", CIN_READER_MAX_TEXT);
            return;
        }
        strbuf_add(&r->attrs, v, (size_t)(end - v));
        strbuf_addch(&r->attrs, '\0');
    }

    if (r->depth == 0) {
        r->root_seen = true;
        check_root(r, name, uri, line);
        if (r->fatal)
            return;
    }
    if (parent->kind == K_MESSAGE && strcmp(name, "Header") != 0 && !r->header_done) {
        r->header_done = true;   /* Children (or anything else) ends the header part */
        if (r->pass == PASS_PEEK) {
            halt(r);
            return;
        }
    }
    if (r->cur && ++r->child_elements > CIN_READER_MAX_CHILD_ELEMENTS) {
        fail(r, line, "Child[%zu] has more than %d elements", r->cur->child.position,
             CIN_READER_MAX_CHILD_ELEMENTS);
        return;
    }
    if (e)
        kind = e->kind;
    /* A repeated singleton group (a second Header, ChildIdentifiers...) is
     * read into the same record: the first value of each element stands. */
    path_push(r, localname, e);
    r->depth++;
    r->frames[r->depth].kind = kind;
    r->frames[r->depth].line = line;
    if (kind == K_VALUE) {
        r->value = value_target(r, e);
        r->value_line = line;
        r->value_date = e->is_date;
    } else if (kind != K_SKIP) {
        open_group(r, kind, line);
    }
}

static void set_value(struct cin_reader *r)
{
    const char *t = r->text.buf;
    size_t n = r->text.len;

    if (r->value_date) {
        /* xs:date collapses white space, so the schema accepts " 2025-03-31 " */
        while (n && is_space(*t)) {
            t++;
            n--;
        }
        while (n && is_space(t[n - 1]))
            n--;
        char *d = arena_strndup(r->value_arena, t, n);
        cin_value_set(r->value_arena, r->value, d, r->value_line, true);
    } else {
        cin_value_set(r->value_arena, r->value, t, r->value_line, false);
    }
    r->value = NULL;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    struct cin_reader *r = ctx;
    struct frame *f;

    (void)localname; (void)prefix; (void)uri;
    if (r->fatal)
        return;
    settle(r);
    f = &r->frames[r->depth];
    r->text_run = 0;
    strbuf_reset(&r->attrs);
    if (f->kind == K_VALUE && r->value)
        set_value(r);
    if (f->kind == K_CHILD) {
        enqueue(r, r->cur);   /* r->cur stays until settle, for errors about </Child> */
        r->cur_queued = true;
    } else if (f->kind == K_HEADER) {
        r->header_done = true;
        if (r->pass == PASS_PEEK) {
            r->pending_end = true;
            halt(r);
            return;
        }
    }
    r->pending_end = true;
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    struct cin_reader *r = ctx;

    if (r->fatal || len <= 0)
        return;
    settle(r);
    r->text_run += (size_t)len;
    if (r->text_run > CIN_READER_MAX_TEXT) {
        fail(r, cur_line(r), "a text node is longer than %d bytes", CIN_READER_MAX_TEXT);
        return;
    }
    if (r->depth > 0 && r->frames[r->depth].kind != K_SKIP)
        strbuf_add(&r->text, ch, (size_t)len);
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    struct cin_reader *r = ctx;

    (void)name; (void)external_id; (void)system_id;
    /* Called before the internal subset is parsed: no entity is ever declared. */
    fail(r, cur_line(r), "the file has a DOCTYPE declaration; CIN census files have none"
                         " (DTDs and entities are refused for safety)");
}

/* ---- feeding ---- */

static int new_parser(struct cin_reader *r, const char *first, int n)
{
    memset(&r->sax, 0, sizeof r->sax);
    r->sax.initialized = XML_SAX2_MAGIC;
    r->sax.startElementNs = sax_start;
    r->sax.endElementNs = sax_end;
    r->sax.characters = sax_text;
    r->sax.cdataBlock = sax_text;
    r->sax.internalSubset = sax_doctype;
    r->sax.serror = on_parser_error;

    r->ctxt = xmlCreatePushParserCtxt(&r->sax, r, first, n, r->file);
    if (!r->ctxt)
        return -1;
    r->ctxt->_private = r;
    dispatch_init(r);
    /* No XML_PARSE_NOENT / DTDLOAD / DTDATTR / XINCLUDE / HUGE: entities stay
     * unexpanded, nothing external is loaded, and libxml2's limits hold. */
    xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
    return 0;
}

static void free_parser(struct cin_reader *r)
{
    if (r->plug) {
        xmlSchemaSAXUnplug(r->plug);   /* before freeing: the context points into the plug */
        r->plug = NULL;
    }
    if (r->ctxt) {
        xmlFreeParserCtxt(r->ctxt);
        r->ctxt = NULL;
    }
    if (r->vctxt) {
        xmlSchemaFreeValidCtxt(r->vctxt);
        r->vctxt = NULL;
    }
}

static void reset_state(struct cin_reader *r)
{
    r->depth = 0;
    memset(&r->frames[0], 0, sizeof r->frames[0]);
    r->frames[0].kind = K_DOC;
    strbuf_reset(&r->path);
    strbuf_reset(&r->text);
    strbuf_reset(&r->attrs);
    r->pending_end = false;
    r->root_seen = r->header_done = false;
    r->terminating = r->finished = false;
    r->value = NULL;
    r->ep = NULL; r->as = NULL; r->plan = NULL; r->s47 = NULL; r->cpp = NULL; r->pp = NULL;
    arena_reset(&r->header_arena);
    cin_header_init(&r->header);
}

static ssize_t read_more(struct cin_reader *r, unsigned char *buf, size_t n)
{
    for (;;) {
        ssize_t got = read(r->fd, buf, n);
        if (got >= 0)
            return got;
        if (errno != EINTR)
            return -1;
    }
}

/* Parses one more chunk.  The peek pass reads the file and keeps the bytes;
 * the main pass replays them first.  Returns 0, or -1 when reading failed. */
static int feed(struct cin_reader *r)
{
    const unsigned char *data;
    ssize_t n;

    if (r->pass == PASS_READ && r->replay_off < r->replay.len) {
        size_t left = r->replay.len - r->replay_off;
        n = (ssize_t)(left < CHUNK ? left : CHUNK);
        data = (const unsigned char *)r->replay.buf + r->replay_off;
        r->replay_off += (size_t)n;
    } else if (r->fd_eof) {
        n = 0;
        data = NULL;
    } else {
        n = read_more(r, r->buf, CHUNK);
        if (n < 0) {
            fail(r, 0, "cannot read the file: %s", strerror(errno));
            return -1;
        }
        if (n == 0)
            r->fd_eof = true;
        else if (r->pass == PASS_PEEK)
            strbuf_add(&r->replay, r->buf, (size_t)n);
        data = r->buf;
    }
    if (n > 0) {
        xmlParseChunk(r->ctxt, (const char *)data, (int)n, 0);
    } else {
        r->terminating = true;
        xmlParseChunk(r->ctxt, NULL, 0, 1);
        r->finished = true;
    }
    settle(r);
    return 0;
}

/* UTF-16/32, compressed files: refused before any parsing. */
static int sniff(struct cin_reader *r, const unsigned char *b, size_t n)
{
    if (n == 0) {
        fail(r, 0, "the file is empty");
        return -1;
    }
    if ((n >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
                    || (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)))) {
        fail(r, 0, "the file is UTF-32 encoded; CIN census files must be UTF-8 (re-save it as UTF-8)");
        return -1;
    }
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)
                   || (b[0] == 0 && b[1] != 0) || (b[0] != 0 && b[1] == 0))) {
        fail(r, 0, "the file is UTF-16 encoded; CIN census files must be UTF-8 (re-save it as UTF-8)");
        return -1;
    }
    if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
        fail(r, 0, "the file is gzip-compressed; decompress it first");
        return -1;
    }
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
        fail(r, 0, "the file is a zip archive (or a spreadsheet), not XML");
        return -1;
    }
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        sr_debug("%s: starts with a UTF-8 byte-order mark (accepted)", r->file);
    return 0;
}

static int parse_year(const char *text)
{
    int y = 0, digits = 0;

    if (!text)
        return 0;
    while (is_space(*text))
        text++;
    for (; *text >= '0' && *text <= '9' && digits < 5; text++, digits++)
        y = y * 10 + (*text - '0');
    while (is_space(*text))
        text++;
    return (digits == 4 && !*text) ? y : 0;
}

static void list_years(struct strbuf *sb)
{
    int years[32];
    size_t n = cin_schemas_years(years, 32);

    if (n > 32)
        n = 32;
    if (!n) {
        strbuf_addstr(sb, "none found");
        return;
    }
    for (size_t i = 0; i < n; i++)
        strbuf_addf(sb, "%s%d", i ? ", " : "", years[i]);
}

/* The peek pass: up to the end of the Header. */
static int peek(struct cin_reader *r)
{
    ssize_t n = read_more(r, r->buf, CHUNK);

    if (n < 0) {
        fail(r, 0, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    if (n == 0)
        r->fd_eof = true;
    if (sniff(r, r->buf, (size_t)n) != 0)
        return -1;
    strbuf_add(&r->replay, r->buf, (size_t)n);
    r->pass = PASS_PEEK;
    reset_state(r);
    if (new_parser(r, NULL, 0) != 0) {
        fail(r, 0, "cannot create an XML parser");
        return -1;
    }
    xmlParseChunk(r->ctxt, r->replay.buf, (int)r->replay.len, 0);
    settle(r);
    while (!r->fatal && !r->header_done && !r->finished) {
        if (r->replay.len > CIN_READER_MAX_PEEK) {
            fail(r, 0, "no CIN header in the first %d bytes", CIN_READER_MAX_PEEK);
            break;
        }
        feed(r);
    }
    if (!r->fatal && !r->root_seen)
        fail(r, 0, "the file has no XML element");
    r->header_year = parse_year(r->header.year.text);
    free_parser(r);
    return r->fatal ? -1 : 0;
}

int cin_reader_open(const char *path, const struct cin_reader_options *opt,
                    struct cin_reader **out, char *err, size_t errlen)
{
    struct cin_reader *r = xcalloc(1, sizeof *r);
    struct stat st;
    int rc = CIN_READ_INPUT;

    *out = NULL;
    xmlInitParser();
    r->file = xstrdup(path);
    r->opt = *opt;
    r->fd = -1;
    strbuf_init(&r->replay, 0);
    strbuf_init(&r->path, 256);
    strbuf_init(&r->text, 256);
    strbuf_init(&r->attrs, 0);
    strbuf_init(&r->diag, 0);
    arena_init(&r->header_arena);
    r->buf = xmalloc(CHUNK);

    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        fail(r, 0, "cannot open the file: %s", strerror(errno));
        goto cleanup;
    }
    if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        fail(r, 0, "is a directory, not a file");
        goto cleanup;
    }
    if (peek(r) != 0)
        goto cleanup;

    r->year = opt->year ? opt->year : r->header_year;
    if (!r->year) {
        struct strbuf y = STRBUF_INIT;
        if (r->header.year.text) {
            add_printable(&y, r->header.year.text, 16);
            fail(r, r->header.year.line, "the header Year '%s' is not a year; give --year", y.buf);
        } else {
            fail(r, r->header.line, "the header has no Year; give --year");
        }
        strbuf_release(&y);
        goto cleanup;
    }
    if (opt->year && r->header_year && opt->year != r->header_year)
        sr_warn("%s: the header Year is %d; validating as %d (--year)", r->file, r->header_year, opt->year);

    if (!opt->skip_schema) {
        char msg[512];
        struct cin_schemas *s = opt->schemas;
        if (!s)
            s = r->own_schemas = cin_schemas_new();
        rc = cin_schemas_load(s, r->year, msg, sizeof msg);
        if (rc == CIN_READ_NO_SCHEMA) {
            struct strbuf have = STRBUF_INIT;
            list_years(&have);
            fail(r, opt->year ? 0 : r->header.year.line,
                 "collection year %d%s has no CIN schema in this installation (have: %s)%s",
                 r->year, opt->year ? " (--year)" : " (header Year)", have.buf,
                 opt->year ? "" : "; use --year to check it against another year");
            strbuf_release(&have);
            goto cleanup;
        }
        if (rc != CIN_READ_OK) {
            fail(r, 0, "%s", msg);
            goto cleanup;
        }
        rc = CIN_READ_INPUT;
        r->vctxt = xmlSchemaNewValidCtxt(schemas_get(s, r->year));
        if (!r->vctxt) {
            fail(r, 0, "cannot create a schema validation context");
            goto cleanup;
        }
        xmlSchemaSetValidStructuredErrors(r->vctxt, on_schema_error, r);
    }

    r->pass = PASS_READ;
    reset_state(r);
    if (new_parser(r, NULL, 0) != 0) {
        fail(r, 0, "cannot create an XML parser");
        goto cleanup;
    }
    if (r->vctxt) {
        r->plug = xmlSchemaSAXPlug(r->vctxt, &r->ctxt->sax, &r->ctxt->userData);
        if (!r->plug) {
            fail(r, 0, "cannot attach the schema to the parser");
            goto cleanup;
        }
        /* The plug's handler table has no structured error channel of its
         * own: give it ours so that parser errors stay with this reader. */
        r->ctxt->sax->serror = on_parser_error;
    }
    *out = r;
    return CIN_READ_OK;

cleanup:
    snprintf(err, errlen, "%s", r->diag.len ? r->diag.buf : "cannot read the file");
    cin_reader_close(r);
    return rc;
}

int cin_reader_year(const struct cin_reader *r)
{
    return r->year;
}

int cin_reader_header_year(const struct cin_reader *r)
{
    return r->header_year;
}

size_t cin_reader_children(const struct cin_reader *r)
{
    return r->n_children;
}

const char *cin_reader_error(const struct cin_reader *r)
{
    return r->diag.len ? r->diag.buf : "no error";
}

static void deliver_errors(const struct cin_reader *r, const struct cin_item *s)
{
    const struct cin_child *c = s->is_child ? &s->child : NULL;

    if (!r->opt.on_schema_error)
        return;
    for (const struct pending_error *pe = s->errors; pe; pe = pe->next) {
        struct cin_schema_error e;
        e.line = pe->line;
        e.path = pe->path;
        e.message = pe->message;
        e.value = pe->value;
        e.child_position = c ? c->position : 0;
        e.la_child_id = c ? c->la_child_id.text : NULL;
        e.episode_position = pe->episode;
        e.referral_date = (c && pe->episode && pe->episode <= c->n_episodes)
                          ? c->episodes[pe->episode - 1].referral_date.date : SR_DATE_NONE;
        r->opt.on_schema_error(r->opt.opaque, &e);
    }
}

/* Hands out queued error-only slots; stops at the first child. */
static void deliver_leading_errors(struct cin_reader *r)
{
    while (r->head && !r->head->is_child) {
        struct cin_item *s = dequeue(r);
        deliver_errors(r, s);
        slot_recycle(r, s);
    }
}

int cin_reader_header(struct cin_reader *r, const struct cin_header **h)
{
    *h = &r->header;
    for (;;) {
        deliver_leading_errors(r);
        if (r->header_done || r->head)
            return 0;
        if (r->fatal)
            return -1;
        if (r->finished)
            return 0;
        feed(r);
    }
}

/* A slot leaves the queue only between chunks, after settle: by then the
 * parser has raised every error about its elements (even about </Child>)
 * and r->cur no longer points at it, so the reader never touches a slot it
 * has handed out. */
int cin_reader_next_item(struct cin_reader *r, struct cin_item **item)
{
    *item = NULL;
    for (;;) {
        if (r->head) {
            *item = dequeue(r);
            return 1;
        }
        if (r->fatal)
            return -1;
        if (r->finished)
            return 0;
        feed(r);
    }
}

const struct cin_child *cin_item_child(const struct cin_item *item)
{
    return item->is_child ? &item->child : NULL;
}

size_t cin_item_bytes(const struct cin_item *item)
{
    return sizeof *item + item->arena.total;
}

void cin_item_deliver_errors(const struct cin_reader *r, const struct cin_item *item)
{
    deliver_errors(r, item);
}

void cin_reader_recycle(struct cin_reader *r, struct cin_item *item)
{
    if (item)
        slot_recycle(r, item);
}

int cin_reader_next_child(struct cin_reader *r, const struct cin_child **child)
{
    struct cin_item *s;
    int k;

    *child = NULL;
    if (r->returned) {
        slot_recycle(r, r->returned);
        r->returned = NULL;
    }
    /* Error-only slots are delivered on the way; the first child stops. */
    while ((k = cin_reader_next_item(r, &s)) == 1) {
        deliver_errors(r, s);
        if (s->is_child) {
            r->returned = s;
            *child = &s->child;
            return 1;
        }
        slot_recycle(r, s);
    }
    return k;
}

void cin_reader_close(struct cin_reader *r)
{
    struct cin_item *s;

    if (!r)
        return;
    free_parser(r);
    if (r->cur && !r->cur_queued)
        slot_free(r->cur);   /* a child cut short by a fatal error */
    while ((s = dequeue(r)) != NULL)
        slot_free(s);
    while ((s = r->free_slots) != NULL) {
        r->free_slots = s->next;
        slot_free(s);
    }
    if (r->returned)
        slot_free(r->returned);
    if (r->fd >= 0)
        close(r->fd);
    cin_schemas_free(r->own_schemas);
    arena_release(&r->header_arena);
    strbuf_release(&r->replay);
    strbuf_release(&r->path);
    strbuf_release(&r->text);
    strbuf_release(&r->attrs);
    strbuf_release(&r->diag);
    free(r->buf);
    free(r->file);
    free(r);
}
