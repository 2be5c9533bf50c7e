/*
 * Streaming CIN census XML reader with schema validation; see cin_reader.h.
 *
 * The parsing, the schema, the limits and the diagnoses are io/xml_reader's
 * (one hardened reader for every XML return); this file maps its element
 * events onto CIN records.  Each schema error arrives right after the event
 * for the tag it concerns, so its element path and line are exact.
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
 * deliver its errors and check its child (cin_parallel.c) while this one
 * parses on; the slot comes back through cin_reader_recycle.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "returns/cin/cin_reader.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/xml_reader.h"

#define CHUNK 32768
#define FRAME_NAMES 24       /* distinct child-element names counted per element */
#define FREE_SLOTS_KEPT 64
#define SLOT_ARENA_KEPT (64 * 1024)  /* bytes of arena a free slot may keep */

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
 * Element dispatch runs for every element of a file.  The parser interns
 * every element name, so on_start gets the same pointer for each occurrence
 * of a name: each pass gets a table of the known names as interned by its
 * parser (xml_reader_intern), and a known element is found by comparing
 * pointers.  An unknown name (or one the table could not hold) falls back
 * to lookup_slow, which gives the same answer.
 */
#define DISPATCH_MAX 16     /* the most element names any element allows */

struct dispatch {
    unsigned n;                            /* 0: use lookup_slow */
    const char *names[DISPATCH_MAX];       /* interned by the pass's parser */
    const struct elem *elems[DISPATCH_MAX];
};

/* ---- schemas -------------------------------------------------------------- */

/* The compiled schemas are io/xml_reader's, by path: one path per year. */
struct cin_schemas {
    struct xml_schemas *cache;
};

struct cin_schemas *cin_schemas_new(void)
{
    struct cin_schemas *s = xcalloc(1, sizeof *s);

    s->cache = xml_schemas_new();
    return s;
}

void cin_schemas_free(struct cin_schemas *s)
{
    if (!s)
        return;
    xml_schemas_free(s->cache);
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

/* Compiles (once) the year's schema; *out is it on CIN_READ_OK. */
static int schemas_get(struct cin_schemas *s, int year, const struct xml_schema **out, char *err, size_t errlen)
{
    struct strbuf path = STRBUF_INIT, why = STRBUF_INIT;
    char rel[64];
    int rc = CIN_READ_OK;

    snprintf(rel, sizeof rel, "specs/cin/cin_%d.xsd", year);
    sr_data_path(&path, rel);
    switch (xml_schemas_load(s->cache, path.buf, out, &why)) {
    case XML_SCHEMA_OK:
        break;
    case XML_SCHEMA_MISSING:
        snprintf(err, errlen, "no CIN schema for collection year %d ('%s' not found)", year, path.buf);
        rc = CIN_READ_NO_SCHEMA;
        break;
    case XML_SCHEMA_UNREADABLE:
        snprintf(err, errlen, "cannot read schema '%s'", path.buf);
        rc = CIN_READ_SPEC;
        break;
    default:
        snprintf(err, errlen, "schema '%s' does not compile: %s", path.buf, why.buf);
        rc = CIN_READ_SPEC;
        break;
    }
    strbuf_release(&path);
    strbuf_release(&why);
    return rc;
}

int cin_schemas_load(struct cin_schemas *s, int year, char *err, size_t errlen)
{
    const struct xml_schema *schema;

    return schemas_get(s, year, &schema, err, errlen);
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
    const char *name;
    uint32_t count;
};

struct frame {
    enum kind kind;
    size_t path_len;                 /* path length before this element */
    unsigned n_names;
    struct name_count names[FRAME_NAMES];
};

enum pass { PASS_PEEK, PASS_READ };

struct cin_reader {
    char *file;
    struct cin_reader_options opt;
    struct cin_schemas *own_schemas;
    int year, header_year;
    bool year_from_reference_date;   /* see year_in_force */

    struct xml_reader *xr;
    enum pass pass;
    struct dispatch dispatch[K__COUNT];   /* of the current pass */
    bool finished;                   /* the document has been read to its end */

    int depth;
    struct frame frames[CIN_READER_MAX_DEPTH + 1];
    struct strbuf path;
    bool header_done;

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
};

static const struct elem *lookup(const struct cin_reader *r, enum kind parent, const char *name)
{
    const struct dispatch *d = &r->dispatch[parent];

    for (unsigned i = 0; i < d->n; i++)
        if (d->names[i] == name)
            return d->elems[i];
    return lookup_slow(parent, name);
}

/* Fills the dispatch tables with the names as the new parser interns them. */
static void dispatch_init(struct cin_reader *r)
{
    for (size_t k = 0; k < K__COUNT; k++) {
        struct dispatch *d = &r->dispatch[k];
        unsigned n = 0;
        d->n = 0;
        for (const struct elem *e = children_of[k]; e && e->name; e++) {
            const char *name = NULL;
            if (n < DISPATCH_MAX)
                name = xml_reader_intern(r->xr, e->name);
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

/* Schema errors arrive right after the event for the tag they concern:
 * after a start tag the path ends with that element; after an end tag the
 * element's frame is still there (settled later).  The message comes with
 * values hidden; the value itself is kept apart, for --show-values. */
static void on_schema_error(void *opaque, const struct xml_schema_error *e)
{
    struct cin_reader *r = opaque;
    const struct frame *f = &r->frames[r->depth];
    const char *value = e->text && (f->kind == K_VALUE || f->kind == K_SKIP) ? e->text : NULL;
    struct cin_item *s = error_slot(r);
    struct pending_error *pe = arena_alloc(&s->arena, sizeof *pe);

    pe->line = e->line;
    pe->episode = r->ep ? r->ep->position : 0;
    pe->path = arena_strdup(&s->arena, r->path.len ? r->path.buf : "Message");
    pe->message = arena_strdup(&s->arena, e->message);
    pe->value = value ? arena_strdup(&s->arena, value) : NULL;
    if (s->errors_last)
        s->errors_last->next = pe;
    else
        s->errors = pe;
    s->errors_last = pe;
}

/* ---- element events ---- */

static void path_push(struct cin_reader *r, const char *name, const struct elem *e)
{
    struct frame *parent = &r->frames[r->depth];
    struct frame *f = &r->frames[r->depth + 1];
    uint32_t idx = 0;

    for (unsigned i = 0; i < parent->n_names; i++) {
        /* Names from one parser are interned, so equal names are usually
         * the same pointer; the strcmp is the fallback. */
        const char *seen = parent->names[i].name;
        if (seen == name || (seen[0] == name[0] && !strcmp(seen, name))) {
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
    strbuf_addstr(&r->path, name);
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
static void on_settle(void *opaque)
{
    struct cin_reader *r = opaque;
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

static void check_root(struct cin_reader *r, const char *name, const char *uri, uint32_t line)
{
    if (!strcmp(name, "EXPSSDA903")) {
        xml_reader_fail(r->xr, line, "this is an SSDA903 return, not a CIN census");
        return;
    }
    if (strcmp(name, "Message") != 0) {
        struct strbuf n = STRBUF_INIT;
        xml_add_printable(&n, name, 64);
        xml_reader_fail(r->xr, line, "the root element is <%s>, not <Message>: this is not a CIN census file", n.buf);
        strbuf_release(&n);
        return;
    }
    const char *enc = xml_reader_encoding(r->xr);
    if (r->pass == PASS_PEEK && enc) {
        if (strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8") && strcasecmp(enc, "US-ASCII")
            && strcasecmp(enc, "ASCII")) {
            struct strbuf n = STRBUF_INIT;
            xml_add_printable(&n, enc, 40);
            sr_warn("%s: the XML declaration says encoding \"%s\"; COLLECT expects UTF-8 (read anyway)",
                    r->file, n.buf);
            strbuf_release(&n);
        }
    }
    if (uri && r->pass == PASS_READ) {
        struct strbuf m = STRBUF_INIT;
        strbuf_addstr(&m, "Element 'Message': has the XML namespace '");
        xml_add_printable(&m, uri, 120);
        strbuf_addstr(&m, "'; CIN census files have no namespace, so the schema cannot check this file"
                          " (the DfE rules were still applied)");
        xml_reader_schema_error(r->xr, line, m.buf);
        strbuf_release(&m);
    }
}

/* Returns whether the element's text is kept: values and groups (whose
 * text the schema rejects), not elements skipped as unknown. */
static bool on_start(void *opaque, const char *name, const char *uri, uint32_t line)
{
    struct cin_reader *r = opaque;
    struct frame *parent = &r->frames[r->depth];
    const struct elem *e = NULL;
    enum kind kind = K_SKIP;

    if (parent->kind != K_SKIP && parent->kind != K_VALUE)
        e = lookup(r, parent->kind, name);
    if (r->depth == 0) {
        check_root(r, name, uri, line);
        if (xml_reader_failed(r->xr))
            return false;
    }
    if (parent->kind == K_MESSAGE && strcmp(name, "Header") != 0 && !r->header_done) {
        r->header_done = true;   /* Children (or anything else) ends the header part */
        if (r->pass == PASS_PEEK) {
            xml_reader_stop(r->xr);
            return false;
        }
    }
    if (r->cur && ++r->child_elements > CIN_READER_MAX_CHILD_ELEMENTS) {
        xml_reader_fail(r->xr, line, "Child[%zu] has more than %d elements", r->cur->child.position,
                        CIN_READER_MAX_CHILD_ELEMENTS);
        return false;
    }
    if (e)
        kind = e->kind;
    /* A repeated singleton group (a second Header, ChildIdentifiers...) is
     * read into the same record: the first value of each element stands. */
    path_push(r, name, e);
    r->depth++;
    r->frames[r->depth].kind = kind;
    if (kind == K_VALUE) {
        r->value = value_target(r, e);
        r->value_line = line;
        r->value_date = e->is_date;
    } else if (kind != K_SKIP) {
        open_group(r, kind, line);
    }
    return kind != K_SKIP;
}

static void set_value(struct cin_reader *r, const char *t, size_t n)
{
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

static void on_end(void *opaque, const char *text, size_t len)
{
    struct cin_reader *r = opaque;
    struct frame *f = &r->frames[r->depth];

    if (f->kind == K_VALUE && r->value)
        set_value(r, text, len);
    if (f->kind == K_CHILD) {
        enqueue(r, r->cur);   /* r->cur stays until settled, for errors about </Child> */
        r->cur_queued = true;
    } else if (f->kind == K_HEADER) {
        r->header_done = true;
        if (r->pass == PASS_PEEK)
            xml_reader_stop(r->xr);
    }
}

/* ---- passes ---- */

static int begin_pass(struct cin_reader *r, enum pass pass, const struct xml_schema *schema)
{
    r->pass = pass;
    r->depth = 0;
    memset(&r->frames[0], 0, sizeof r->frames[0]);
    r->frames[0].kind = K_DOC;
    strbuf_reset(&r->path);
    r->header_done = r->finished = false;
    r->value = NULL;
    r->ep = NULL; r->as = NULL; r->plan = NULL; r->s47 = NULL; r->cpp = NULL; r->pp = NULL;
    arena_reset(&r->header_arena);
    cin_header_init(&r->header);
    /* the peek pass keeps what it reads, for the main pass to parse again */
    if (xml_reader_begin(r->xr, schema, pass == PASS_PEEK) != 0)
        return -1;
    dispatch_init(r);
    return 0;
}

/* Parses one more chunk of the main pass. */
static void feed(struct cin_reader *r)
{
    if (xml_reader_feed(r->xr) == 0)
        r->finished = true;
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
    if (begin_pass(r, PASS_PEEK, NULL) != 0)
        return -1;
    while (xml_reader_feed(r->xr) > 0 && !r->header_done) {
        if (xml_reader_bytes(r->xr) > CIN_READER_MAX_PEEK) {
            xml_reader_fail(r->xr, 0, "no CIN header in the first %d bytes", CIN_READER_MAX_PEEK);
            break;
        }
    }
    r->header_year = cin_header_year(&r->header);
    return xml_reader_failed(r->xr) ? -1 : 0;
}

/* Whether this installation has a CIN schema for `year`. */
static bool have_schema(int year)
{
    int years[32];
    size_t n = cin_schemas_years(years, 32);

    for (size_t i = 0; i < n && i < 32; i++)
        if (years[i] == year)
            return true;
    return false;
}

/*
 * The year to validate as: --year when given; else the header's Year,
 * unless the header's own ReferenceDate is in another collection year that
 * this installation can validate: then that year.  The ReferenceDate is
 * the census date DfE checks (rule 100), the Year only names it, so a
 * header whose two disagree is read as the census its date says, and the
 * rules report the Year (SR-YEAR).  A ReferenceDate of a year we have no
 * schema for is more likely a wrong date than a census we cannot check:
 * the Year stands, and rule 100 reports the date.
 */
static void year_in_force(struct cin_reader *r)
{
    int by_date = census_year_of(r->header.reference_date.date);

    r->year = r->opt.year ? r->opt.year : r->header_year;
    if (!r->opt.year && r->header_year && by_date && by_date != r->header_year && have_schema(by_date)) {
        r->year = by_date;
        r->year_from_reference_date = true;
    }
}

/* The schema of the year in force.  A CIN_READ_* status; the reader has
 * failed unless CIN_READ_OK. */
static int attach_schema(struct cin_reader *r, const struct xml_schema **schema)
{
    const struct cin_reader_options *opt = &r->opt;
    struct cin_schemas *s = opt->schemas;
    char msg[512];
    int rc;

    if (!s)
        s = r->own_schemas = cin_schemas_new();
    rc = schemas_get(s, r->year, schema, msg, sizeof msg);
    if (rc == CIN_READ_NO_SCHEMA) {
        struct strbuf have = STRBUF_INIT;
        list_years(&have);
        xml_reader_fail(r->xr, opt->year ? 0 : r->header.year.line,
                        "collection year %d%s has no CIN schema in this installation (have: %s)%s",
                        r->year, opt->year ? " (--year)" : " (header Year)", have.buf,
                        opt->year ? "" : "; use --year to check it against another year");
        strbuf_release(&have);
    } else if (rc != CIN_READ_OK) {
        xml_reader_fail(r->xr, 0, "%s", msg);
    }
    return rc;
}

int cin_reader_open(const char *path, const struct cin_reader_options *opt,
                    struct cin_reader **out, char *err, size_t errlen)
{
    struct cin_reader *r = xcalloc(1, sizeof *r);
    const struct xml_schema *schema = NULL;
    struct xml_reader_config cfg = {
        .what = "CIN census files",
        .max_depth = CIN_READER_MAX_DEPTH,
        .max_name = CIN_READER_MAX_NAME,
        .max_text = CIN_READER_MAX_TEXT,
        .chunk = CHUNK,
        .start = on_start,
        .end = on_end,
        .settle = on_settle,
        .schema_error = on_schema_error,
        .opaque = r,
    };
    const char *diag;
    int rc = CIN_READ_INPUT;

    *out = NULL;
    r->file = xstrdup(path);
    r->opt = *opt;
    strbuf_init(&r->path, 256);
    arena_init(&r->header_arena);
    if (xml_reader_open(&r->xr, path, &cfg) != 0 || peek(r) != 0)
        goto cleanup;

    year_in_force(r);
    if (!r->year) {
        struct strbuf y = STRBUF_INIT;
        if (r->header.year.text) {
            xml_add_printable(&y, r->header.year.text, 16);
            xml_reader_fail(r->xr, r->header.year.line, "the header Year '%s' is not a year; give --year", y.buf);
        } else if (!r->header.line) {
            /* no Header at all where it must be (first under Message) */
            xml_reader_fail(r->xr, 0, "no CIN Header where the census has it (first under Message), so no "
                                      "Year; give --year to validate the file as it is");
        } else {
            xml_reader_fail(r->xr, r->header.line, "the header has no Year; give --year");
        }
        strbuf_release(&y);
        goto cleanup;
    }
    if (!opt->skip_schema && (rc = attach_schema(r, &schema)) != CIN_READ_OK)
        goto cleanup;
    rc = CIN_READ_INPUT;
    if (begin_pass(r, PASS_READ, schema) != 0)
        goto cleanup;
    *out = r;
    return CIN_READ_OK;

cleanup:
    diag = xml_reader_error(r->xr);
    snprintf(err, errlen, "%s", diag ? diag : "cannot read the file");
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

bool cin_reader_year_from_reference_date(const struct cin_reader *r)
{
    return r->year_from_reference_date;
}

size_t cin_reader_children(const struct cin_reader *r)
{
    return r->n_children;
}

const char *cin_reader_error(const struct cin_reader *r)
{
    const char *diag = xml_reader_error(r->xr);

    return diag ? diag : "no error";
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
        if (xml_reader_failed(r->xr))
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
        if (xml_reader_failed(r->xr))
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
    xml_reader_free(r->xr);
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
    cin_schemas_free(r->own_schemas);
    arena_release(&r->header_arena);
    strbuf_release(&r->path);
    free(r->file);
    free(r);
}
