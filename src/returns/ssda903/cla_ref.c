/*
 * Reference data for the SSDA903 rules (see cla_ref.h): the postcode
 * directory, the Ofsted provider list, and the placement fields DfE derives
 * from postcodes (PL_DISTANCE, PL_LA, PL_LOCATION).
 *
 * The ONS Postcode Directory is large (about 2.7 million rows, 1.4 GB), so
 * it is streamed line by line into one reused buffer and each postcode is
 * packed into 16 bytes of an open-addressing table: the postcode as a base-37
 * number (at most 7 letters and digits once its spaces are gone), the index
 * of its interned LA code and a grid flag in one 64-bit word, then easting
 * and northing.  No allocation per row; the table doubles now and then.
 * Providers are few (thousands): an array with a hash index on the URN.
 *
 * Both files are CSV read by column name (header row, case-insensitive),
 * cells quoted or not ("" inside quotes is a quote), in io/csv.h's lenient
 * dialect.  Errors are one line naming the file and line, never a cell's
 * value.
 */
#include <ctype.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/arena.h"
#include "returns/ssda903/cla_ref.h"
#include "core/xalloc.h"
#include "io/csv.h"

/* ---- packed postcodes ---------------------------------------------------------- */

#define PC_KEY_BITS  37                 /* 37^7 < 2^37 */
#define PC_KEY_MASK  ((UINT64_C(1) << PC_KEY_BITS) - 1)
#define PC_LA_SHIFT  PC_KEY_BITS
#define PC_LA_BITS   16
#define PC_GRID_BIT  (UINT64_C(1) << (PC_LA_SHIFT + PC_LA_BITS))
#define PC_MAX_LAS   ((1u << PC_LA_BITS) - 1)   /* index 0 = no LA */

struct pc_slot {
    uint64_t kv;                        /* 0: empty */
    uint32_t easting, northing;
};

struct cla_ref {
    struct arena arena;
    /* providers */
    struct cla_provider *providers;
    size_t n_providers, cap_providers;
    uint32_t *prov_index;               /* provider index + 1; 0 empty */
    size_t prov_cap;                    /* power of two */
    /* postcodes */
    struct pc_slot *pcs;
    size_t n_pcs, pc_cap;               /* pc_cap: power of two (0: none yet) */
    /* interned LA codes: las[0] unused */
    const char **las;
    size_t n_las, cap_las;
    uint32_t *la_index;                 /* las index; 0 empty */
    size_t la_cap;
};

struct cla_ref *cla_ref_new(void)
{
    struct cla_ref *r = xcalloc(1, sizeof *r);
    arena_init(&r->arena);
    return r;
}

void cla_ref_free(struct cla_ref *r)
{
    if (!r)
        return;
    arena_release(&r->arena);
    free(r->providers);
    free(r->prov_index);
    free(r->pcs);
    free(r->las);
    free(r->la_index);
    free(r);
}

static int pc_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0' + 1;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 11;
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 11;
    return -1;
}

/* The packed key of a postcode of n bytes: letters and digits, any case,
 * spaces anywhere ignored.  0 when it is not one (empty, other characters,
 * more than 7 letters and digits). */
static uint64_t pc_key_n(const char *s, size_t n)
{
    uint64_t k = 0;
    int len = 0;

    for (size_t i = 0; i < n; i++) {
        int d;
        if (s[i] == ' ' || s[i] == '\t')
            continue;
        if ((d = pc_digit((unsigned char)s[i])) < 0 || ++len > 7)
            return 0;
        k = k * 37 + (uint64_t)d;
    }
    return k;
}

static uint64_t pc_key(const char *s)
{
    return s ? pc_key_n(s, strlen(s)) : 0;
}

static size_t hash64(uint64_t k, size_t cap)
{
    k *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(k ^ (k >> 29)) & (cap - 1);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (; *s; s++)
        h = (h ^ (unsigned char)toupper((unsigned char)*s)) * UINT64_C(1099511628211);
    return h;
}

/* The index of LA code s in r->las, added when new; 0 for NULL/empty or
 * when the table is full (more codes than any directory has). */
static uint32_t la_intern(struct cla_ref *r, const char *s)
{
    size_t i;

    if (!s || !*s)
        return 0;
    if (r->n_las + 1 >= r->la_cap / 2) {
        size_t cap = r->la_cap ? r->la_cap * 2 : 1024;
        uint32_t *idx = xcalloc(cap, sizeof *idx);
        for (size_t j = 1; j < r->n_las; j++) {
            for (i = hash_str(r->las[j]) & (cap - 1); idx[i]; i = (i + 1) & (cap - 1))
                ;
            idx[i] = (uint32_t)j;
        }
        free(r->la_index);
        r->la_index = idx;
        r->la_cap = cap;
    }
    for (i = hash_str(s) & (r->la_cap - 1); r->la_index[i]; i = (i + 1) & (r->la_cap - 1))
        if (!strcmp(r->las[r->la_index[i]], s))
            return r->la_index[i];
    if (r->n_las == 0)
        r->n_las = 1;                   /* slot 0 means "no LA" */
    if (r->n_las > PC_MAX_LAS)
        return 0;
    ALLOC_GROW(r->las, r->n_las, r->cap_las);
    r->las[r->n_las] = arena_strdup(&r->arena, s);
    r->la_index[i] = (uint32_t)r->n_las;
    return (uint32_t)r->n_las++;
}

static void pc_grow(struct cla_ref *r)
{
    size_t cap = r->pc_cap ? r->pc_cap * 2 : 1024;
    struct pc_slot *t = xcalloc(cap, sizeof *t);

    for (size_t j = 0; j < r->pc_cap; j++) {
        size_t i;
        if (!r->pcs[j].kv)
            continue;
        for (i = hash64(r->pcs[j].kv & PC_KEY_MASK, cap); t[i].kv; i = (i + 1) & (cap - 1))
            ;
        t[i] = r->pcs[j];
    }
    free(r->pcs);
    r->pcs = t;
    r->pc_cap = cap;
}

static const struct pc_slot *pc_find(const struct cla_ref *r, uint64_t key)
{
    if (!r || !key || !r->pc_cap)
        return NULL;
    for (size_t i = hash64(key, r->pc_cap); r->pcs[i].kv; i = (i + 1) & (r->pc_cap - 1))
        if ((r->pcs[i].kv & PC_KEY_MASK) == key)
            return &r->pcs[i];
    return NULL;
}

/* Adds (or replaces) a packed postcode. */
static void pc_put(struct cla_ref *r, uint64_t key, uint32_t la, bool grid, long e, long n)
{
    size_t i;
    uint64_t kv = key | ((uint64_t)la << PC_LA_SHIFT) | (grid ? PC_GRID_BIT : 0);

    if ((r->n_pcs + 1) * 10 > r->pc_cap * 7)
        pc_grow(r);
    for (i = hash64(key, r->pc_cap); r->pcs[i].kv; i = (i + 1) & (r->pc_cap - 1))
        if ((r->pcs[i].kv & PC_KEY_MASK) == key)
            break;
    if (!r->pcs[i].kv)
        r->n_pcs++;
    r->pcs[i].kv = kv;
    r->pcs[i].easting = grid ? (uint32_t)e : 0;
    r->pcs[i].northing = grid ? (uint32_t)n : 0;
}

void cla_ref_add_postcode(struct cla_ref *r, const char *postcode, const struct cla_postcode *pc)
{
    uint64_t key = pc_key(postcode);
    /* unsigned long: on wasm32 (the browser build) long has 32 bits */
    bool grid = pc->has_grid && pc->easting >= 0 && pc->northing >= 0
                && (unsigned long)pc->easting <= UINT32_MAX && (unsigned long)pc->northing <= UINT32_MAX;

    if (!key)
        return;
    pc_put(r, key, la_intern(r, pc->la), grid, pc->easting, pc->northing);
}

static void pc_unpack(const struct cla_ref *r, const struct pc_slot *s, struct cla_postcode *out)
{
    uint32_t la = (uint32_t)((s->kv >> PC_LA_SHIFT) & PC_MAX_LAS);

    out->has_grid = (s->kv & PC_GRID_BIT) != 0;
    out->easting = out->has_grid ? (long)s->easting : 0;
    out->northing = out->has_grid ? (long)s->northing : 0;
    out->la = la ? r->las[la] : NULL;
}

bool cla_ref_lookup_postcode(const struct cla_ref *r, const char *postcode, struct cla_postcode *out)
{
    const struct pc_slot *s = pc_find(r, pc_key(postcode));

    if (!s)
        return false;
    pc_unpack(r, s, out);
    return true;
}

const struct cla_postcode *cla_ref_postcode(const struct cla_ref *r, const char *postcode)
{
    static _Thread_local struct cla_postcode last;

    return cla_ref_lookup_postcode(r, postcode, &last) ? &last : NULL;
}

bool cla_ref_has_postcodes(const struct cla_ref *r)
{
    return r && r->n_pcs > 0;
}

/* ---- providers ----------------------------------------------------------------- */

/* Upper case, outer blanks trimmed, copied into the arena; NULL when blank. */
static const char *dup_upper(struct cla_ref *r, const char *s)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    d = arena_strndup(&r->arena, s, n);
    for (char *p = d; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return d;
}

static const char *dup_trim(struct cla_ref *r, const char *s)
{
    size_t n;

    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n ? arena_strndup(&r->arena, s, n) : NULL;
}

/* A list of codes ("K1/K2", "PR1, PR2", "K2 K1") as upper-case codes
 * separated by single spaces, as cla_in reads them; NULL when none. */
static const char *dup_codes(struct cla_ref *r, const char *s)
{
    size_t n = 0;
    char *d;

    if (!s)
        return NULL;
    d = arena_alloc(&r->arena, strlen(s) + 1);
    for (; *s; s++) {
        if (isalnum((unsigned char)*s)) {
            d[n++] = (char)toupper((unsigned char)*s);
        } else if (n && d[n - 1] != ' ') {
            d[n++] = ' ';
        }
    }
    while (n && d[n - 1] == ' ')
        n--;
    d[n] = '\0';
    return n ? d : NULL;
}

/* The placement codes of an Ofsted provider type, for a provider whose list
 * gives none.  Ofsted's children's homes and social care providers lists
 * carry a placement code column; only the supported accommodation list does
 * not, and the public validator gives those providers H5 and K3.  H5 was
 * retired in 2024-25 (K3 replaced it), so supported accommodation -> K3. */
static const char *places_of_type(const char *type)
{
    static const char sa[] = "supported accommodation";

    if (!type)
        return NULL;
    for (const char *p = type; *p; p++)
        if (!strncasecmp(p, sa, sizeof sa - 1))
            return "K3";
    return NULL;
}

static uint64_t hash_upper(const char *s)
{
    return hash_str(s);
}

static void prov_reindex(struct cla_ref *r)
{
    size_t cap = r->prov_cap ? r->prov_cap * 2 : 256;
    uint32_t *idx = xcalloc(cap, sizeof *idx);

    for (size_t j = 0; j < r->n_providers; j++) {
        size_t i;
        for (i = hash_upper(r->providers[j].urn) & (cap - 1); idx[i]; i = (i + 1) & (cap - 1))
            ;
        idx[i] = (uint32_t)j + 1;
    }
    free(r->prov_index);
    r->prov_index = idx;
    r->prov_cap = cap;
}

static const struct cla_provider *prov_find(const struct cla_ref *r, const char *urn, size_t n)
{
    char key[64];
    size_t k = 0;

    if (!r || !r->prov_cap || !urn)
        return NULL;
    while (n && isspace((unsigned char)*urn))
        urn++, n--;
    while (n && isspace((unsigned char)urn[n - 1]))
        n--;
    if (!n || n >= sizeof key)
        return NULL;
    for (; k < n; k++)
        key[k] = (char)toupper((unsigned char)urn[k]);
    key[k] = '\0';
    for (size_t i = hash_upper(key) & (r->prov_cap - 1); r->prov_index[i]; i = (i + 1) & (r->prov_cap - 1))
        if (!strcmp(r->providers[r->prov_index[i] - 1].urn, key))
            return &r->providers[r->prov_index[i] - 1];
    return NULL;
}

/* The fields of p copied into q (the arena's copies, codes normalised). */
static void provider_copy(struct cla_ref *r, struct cla_provider *q, const char *urn, const struct cla_provider *p)
{
    q->urn = urn;
    q->postcode = dup_upper(r, p->postcode);
    q->provider_type = dup_trim(r, p->provider_type);
    q->places = dup_codes(r, p->places);
    if (!q->places)
        q->places = places_of_type(q->provider_type);
    q->place_provider = dup_codes(r, p->place_provider);
    q->la = dup_upper(r, p->la);
    q->reg_end = p->reg_end;
    q->next = NULL;
}

void cla_ref_add_provider(struct cla_ref *r, const struct cla_provider *p)
{
    struct cla_provider *q;
    const struct cla_provider *first;
    const char *urn = dup_upper(r, p->urn);
    size_t i;

    if (!urn || strlen(urn) >= 64)
        return;
    /* A URN listed again (another of its premises, or the same provider in
     * two of Ofsted's lists): chained to the first row, which stays the
     * provider every URN rule but 241 reads. */
    if ((first = prov_find(r, urn, strlen(urn))) != NULL) {
        struct cla_provider *last = &r->providers[first - r->providers];
        q = arena_alloc(&r->arena, sizeof *q);
        provider_copy(r, q, last->urn, p);
        while (last->next)
            last = (struct cla_provider *)last->next;
        last->next = q;
        return;
    }
    if ((r->n_providers + 1) * 2 > r->prov_cap)
        prov_reindex(r);
    ALLOC_GROW(r->providers, r->n_providers, r->cap_providers);
    q = &r->providers[r->n_providers++];
    provider_copy(r, q, urn, p);
    for (i = hash_upper(urn) & (r->prov_cap - 1); r->prov_index[i]; i = (i + 1) & (r->prov_cap - 1))
        ;
    r->prov_index[i] = (uint32_t)r->n_providers;
}

bool cla_ref_has_providers(const struct cla_ref *r)
{
    return r && r->n_providers > 0;
}

const struct cla_provider *cla_ref_provider(const struct cla_ref *r, const char *urn)
{
    return urn ? prov_find(r, urn, strlen(urn)) : NULL;
}

/* ---- CSV reading --------------------------------------------------------------- */

/* Cells of a header row looked at (and so at most split in a row). */
#define CSV_MAX_FIELDS 256
/* A record, which the lenient reader holds whole: rows of the ONSPD and of
 * Ofsted's lists are well under 1 KiB. */
#define REF_MAX_RECORD ((size_t)1 << 20)

/* Files others publish, read leniently (io/csv.h): blanks around cells
 * trimmed, only the cells wanted split.  A byte-order mark stays in the
 * first header cell, which csv_column passes over. */
static const struct csv_dialect ref_dialect = { .mode = CSV_LENIENT, .max_field = REF_MAX_RECORD };

struct ref_csv {
    const char *path;
    int fd;
    struct csv_reader *r;
};

static int ref_open(struct ref_csv *c, const char *path, char *err, size_t errlen)
{
    c->path = path;
    c->r = NULL;
    c->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (c->fd < 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    c->r = csv_reader_new_fd(&ref_dialect, c->fd);
    csv_reader_want(c->r, CSV_MAX_FIELDS);
    return 0;
}

static void ref_close(struct ref_csv *c)
{
    csv_reader_free(c->r);
    if (c->fd >= 0)
        close(c->fd);
}

/* After the header: split rows only as far as the last of these columns. */
static void ref_want(struct ref_csv *c, const int *cols, size_t n)
{
    size_t want = 1;

    for (size_t i = 0; i < n; i++)
        if (cols[i] >= 0 && (size_t)cols[i] + 1 > want)
            want = (size_t)cols[i] + 1;
    csv_reader_want(c->r, want);
}

/* Why the reader failed, as "file: [line N: ]why" (no line for the header). */
static void ref_failed(const struct ref_csv *c, bool header, char *err, size_t errlen)
{
    if (csv_reader_failure(c->r, NULL) == CSV_FAIL_TOO_LONG)
        snprintf(err, errlen, "%s: line %lu: a line is longer than %zu KiB; not a text CSV file", c->path,
                 csv_reader_line(c->r), REF_MAX_RECORD >> 10);
    else if (header)
        snprintf(err, errlen, "%s: not a text CSV file", c->path);
    else
        snprintf(err, errlen, "%s: line %lu: not a text CSV file", c->path, csv_reader_line(c->r));
}

/* A line with nothing on it. */
static bool ref_blank(const struct ref_csv *c)
{
    return csv_reader_nfields(c->r) == 1 && !*csv_reader_field(c->r, 0);
}

/* A header name compared loosely: case, spaces and underscores ignored. */
static bool name_is(const char *cell, const char *name)
{
    for (;;) {
        while (*cell == ' ' || *cell == '_')
            cell++;
        while (*name == ' ' || *name == '_')
            name++;
        if (!*cell || !*name)
            return !*cell && !*name;
        if (tolower((unsigned char)*cell) != tolower((unsigned char)*name))
            return false;
        cell++, name++;
    }
}

/* The column of the header whose name is one of the space-separated names
 * (each may use '_' for a space), or -1. */
static int csv_column(const struct ref_csv *c, const char *names)
{
    char one[64];

    while (*names) {
        size_t n = strcspn(names, " ");
        if (n < sizeof one) {
            memcpy(one, names, n);
            one[n] = '\0';
            for (size_t i = 0; i < csv_reader_nfields(c->r); i++) {
                const char *cell = csv_reader_field(c->r, i);
                if (i == 0 && (unsigned char)cell[0] == 0xEF && (unsigned char)cell[1] == 0xBB
                    && (unsigned char)cell[2] == 0xBF)
                    cell += 3;          /* UTF-8 byte order mark */
                if (name_is(cell, one))
                    return (int)i;
            }
        }
        names += n;
        while (*names == ' ')
            names++;
    }
    return -1;
}

/* The cell of column col of the current row, or NULL when it is blank or
 * the row has no such cell. */
static const char *ref_cell(const struct ref_csv *c, int col)
{
    const char *cell = col < 0 ? NULL : csv_reader_field(c->r, (size_t)col);

    return cell && *cell ? cell : NULL;
}

/* Reads the header row; -1 with a message when there is none. */
static int ref_header(struct ref_csv *c, char *err, size_t errlen)
{
    int rc = csv_reader_next(c->r);

    if (rc == CSV_FAILED)
        ref_failed(c, true, err, errlen);
    else if (rc == CSV_END)
        snprintf(err, errlen, "%s: empty file (no header row)", c->path);
    return rc == CSV_RECORD ? 0 : -1;
}

/* ---- the postcode directory ---------------------------------------------------- */

/* A whole number of metres, or -1 when it is not one; blank -> -2. */
static long grid_number(const char *s)
{
    long v = 0;

    if (!s)
        return -2;
    if (!*s)
        return -2;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000L)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* The upper-tier LA of a postcode: the county (oscty, E10...) where the
 * district (oslaua, E07...) is in a two-tier area, else the district code,
 * which for unitary, metropolitan and London authorities is the upper-tier
 * code too.  ONSPD gives non-county areas a pseudo county (E99999999, and
 * S/W/N/L/M 99999999 outside England), which is not used. */
static const char *upper_tier(const char *laua, const char *cty)
{
    if (cty && !strncmp(cty, "E10", 3))
        return cty;
    return laua;
}

int cla_ref_load_postcodes(struct cla_ref *r, const char *path, char *err, size_t errlen)
{
    struct ref_csv c;
    int col_pc, col_e, col_n, col_la, col_cty, rc;
    static const char *const want[] = { "pcds", "oseast1m", "osnrth1m", "oslaua" };

    if (ref_open(&c, path, err, errlen))
        return -1;
    if (ref_header(&c, err, errlen))
        goto fail;
    col_pc = csv_column(&c, "pcds");
    col_e = csv_column(&c, "oseast1m");
    col_n = csv_column(&c, "osnrth1m");
    col_la = csv_column(&c, "oslaua");
    col_cty = csv_column(&c, "oscty");
    {
        int cols[] = { col_pc, col_e, col_n, col_la, col_cty };
        for (size_t i = 0; i < 4; i++)
            if (cols[i] < 0) {
                snprintf(err, errlen, "%s: line 1: no column '%s' (expected an ONS Postcode Directory CSV "
                         "with columns pcds, oseast1m, osnrth1m, oslaua)", path, want[i]);
                goto fail;
            }
        ref_want(&c, cols, 5);
    }
    while ((rc = csv_reader_next(c.r)) == CSV_RECORD) {
        const char *pc = ref_cell(&c, col_pc);
        long e, n;
        uint64_t key;

        if (ref_blank(&c))
            continue;
        if (!pc || !(key = pc_key(pc))) {
            snprintf(err, errlen, "%s: line %lu: pcds is %s", path, csv_reader_line(c.r),
                     pc ? "not a postcode" : "blank");
            goto fail;
        }
        e = grid_number(ref_cell(&c, col_e));
        n = grid_number(ref_cell(&c, col_n));
        if (e == -1 || n == -1) {
            snprintf(err, errlen, "%s: line %lu: %s is not a whole number of metres", path, csv_reader_line(c.r),
                     e == -1 ? "oseast1m" : "osnrth1m");
            goto fail;
        }
        pc_put(r, key, la_intern(r, upper_tier(ref_cell(&c, col_la), ref_cell(&c, col_cty))),
               e >= 0 && n >= 0, e, n);
    }
    if (rc == CSV_FAILED) {
        ref_failed(&c, false, err, errlen);
        goto fail;
    }
    ref_close(&c);
    return 0;
fail:
    ref_close(&c);
    return -1;
}

/* ---- the provider list --------------------------------------------------------- */

int cla_ref_load_providers(struct cla_ref *r, const char *path, char *err, size_t errlen)
{
    struct ref_csv c;
    int rc, col_urn, col_pc, col_type, col_places, col_pr, col_la, col_end;

    if (ref_open(&c, path, err, errlen))
        return -1;
    if (ref_header(&c, err, errlen))
        goto fail;
    /* Our names first; Ofsted's own column names also work, so a sheet of
     * its lists saved as CSV can be given as it is. */
    col_urn = csv_column(&c, "URN");
    col_pc = csv_column(&c, "POSTCODE Setting_postcode Setting_address_postcode");
    col_type = csv_column(&c, "PROVIDER_TYPE");
    col_places = csv_column(&c, "PLACES Placement_code Provider_placement_code");
    col_pr = csv_column(&c, "PLACE_PROVIDER Placement_provider_code Provider_code");
    col_la = csv_column(&c, "LA LA_code");
    col_end = csv_column(&c, "REG_END Deregistration_date Closed_date");
    if (col_urn < 0) {
        snprintf(err, errlen, "%s: line 1: no column 'URN' (expected a provider CSV with columns URN, "
                 "POSTCODE, PROVIDER_TYPE, PLACES, PLACE_PROVIDER, LA, REG_END)", path);
        goto fail;
    }
    while ((rc = csv_reader_next(c.r)) == CSV_RECORD) {
        struct cla_provider p = { 0 };
        const char *end;

        if (ref_blank(&c))
            continue;
        p.urn = ref_cell(&c, col_urn);
        if (!p.urn) {
            snprintf(err, errlen, "%s: line %lu: URN is blank", path, csv_reader_line(c.r));
            goto fail;
        }
        p.postcode = ref_cell(&c, col_pc);
        p.provider_type = ref_cell(&c, col_type);
        p.places = ref_cell(&c, col_places);
        p.place_provider = ref_cell(&c, col_pr);
        p.la = ref_cell(&c, col_la);
        end = ref_cell(&c, col_end);
        p.reg_end = SR_DATE_NONE;
        if (end) {
            p.reg_end = strchr(end, '/') ? date_parse_dmy(end) : date_parse_iso(end);
            if (!sr_date_ok(p.reg_end)) {
                snprintf(err, errlen, "%s: line %lu: REG_END is not a DD/MM/YYYY date", path, csv_reader_line(c.r));
                goto fail;
            }
        }
        cla_ref_add_provider(r, &p);
    }
    if (rc == CSV_FAILED) {
        ref_failed(&c, false, err, errlen);
        goto fail;
    }
    ref_close(&c);
    return 0;
fail:
    ref_close(&c);
    return -1;
}

/* ---- derived placement fields -------------------------------------------------- */

/* PL_LA from the placement postcode's (upper-tier) LA code: England's code
 * as it is; the other nations as DfE's SCO, WAL, NIR; the Channel Islands
 * and the Isle of Man (ONSPD L/M pseudo codes) as NUK, not in the UK. */
static const char *pl_la_of(const char *la)
{
    if (!la)
        return NULL;
    switch (la[0]) {
    case 'S': return "SCO";
    case 'W': return "WAL";
    case 'N': return "NIR";
    case 'L':
    case 'M': return "NUK";
    default: return la;
    }
}

void cla_ref_derive(const struct cla_ref *r, const char *own_la, const char *home_post, const char *pl_post,
                    struct cla_derived *out)
{
    struct cla_postcode home, pl;
    bool have_home = home_post && cla_ref_lookup_postcode(r, home_post, &home);
    bool have_pl = pl_post && cla_ref_lookup_postcode(r, pl_post, &pl);

    memset(out, 0, sizeof *out);
    if (have_pl)
        out->pl_la = pl_la_of(pl.la);
    if (out->pl_la && own_la && *own_la)
        out->pl_location = !strcasecmp(out->pl_la, own_la) ? "IN" : "OUT";

    /* The distance is there to derive once either postcode is submitted;
     * with neither it is blank (DfE's "not provided"). */
    if (!home_post && !pl_post)
        return;
    out->has_distance = true;
    if (!home_post || !pl_post) {
        out->distance = 999.9;          /* one of them not available */
        return;
    }
    if (!have_home || !have_pl) {
        out->distance = CLA_DISTANCE_INVALID;   /* not a known postcode */
        return;
    }
    if ((home.la && home.la[0] != 'E') || !home.has_grid || !pl.has_grid) {
        out->distance = 999.9;          /* home outside England, or no grid reference */
        return;
    }
    double de = (double)(home.easting - pl.easting), dn = (double)(home.northing - pl.northing);
    out->distance = round(sqrt(de * de + dn * dn) / 1000.0 / 1.6093 * 10.0) / 10.0;
}
