/*
 * Reference data for the SSDA903 rules; see cla_ref.h.
 *
 * PLACEHOLDER: entries are kept in plain arrays and looked up linearly; the
 * file loaders are not written yet.  To be replaced by the reference-data
 * rules work (hash lookups, the --providers and --postcodes loaders).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "arena.h"
#include "cla_ref.h"
#include "xalloc.h"

struct pc_entry {
    char key[9];
    struct cla_postcode pc;
};

struct cla_ref {
    struct arena arena;
    struct cla_provider *providers;
    size_t n_providers, cap_providers;
    struct pc_entry *postcodes;
    size_t n_postcodes, cap_postcodes;
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
    free(r->postcodes);
    free(r);
}

static const char *dup(struct cla_ref *r, const char *s)
{
    return s ? arena_strdup(&r->arena, s) : NULL;
}

/* Upper case, spaces removed; false when it does not fit. */
static bool pc_key(const char *s, char key[9])
{
    size_t n = 0;

    for (; s && *s; s++) {
        if (*s == ' ')
            continue;
        if (n == 8)
            return false;
        key[n++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
    }
    key[n] = '\0';
    return n > 0;
}

void cla_ref_add_provider(struct cla_ref *r, const struct cla_provider *p)
{
    struct cla_provider *q;

    ALLOC_GROW(r->providers, r->n_providers, r->cap_providers);
    q = &r->providers[r->n_providers++];
    q->urn = dup(r, p->urn);
    q->postcode = dup(r, p->postcode);
    q->provider_type = dup(r, p->provider_type);
    q->places = dup(r, p->places);
    q->place_provider = dup(r, p->place_provider);
    q->la = dup(r, p->la);
    q->reg_end = p->reg_end;
}

void cla_ref_add_postcode(struct cla_ref *r, const char *postcode, const struct cla_postcode *pc)
{
    struct pc_entry *e;
    char key[9];

    if (!pc_key(postcode, key))
        return;
    ALLOC_GROW(r->postcodes, r->n_postcodes, r->cap_postcodes);
    e = &r->postcodes[r->n_postcodes++];
    memcpy(e->key, key, sizeof key);
    e->pc = *pc;
    e->pc.la = dup(r, pc->la);
}

bool cla_ref_has_providers(const struct cla_ref *r)
{
    return r && r->n_providers > 0;
}

bool cla_ref_has_postcodes(const struct cla_ref *r)
{
    return r && r->n_postcodes > 0;
}

const struct cla_provider *cla_ref_provider(const struct cla_ref *r, const char *urn)
{
    for (size_t i = 0; r && urn && i < r->n_providers; i++)
        if (!strcmp(r->providers[i].urn, urn))
            return &r->providers[i];
    return NULL;
}

const struct cla_postcode *cla_ref_postcode(const struct cla_ref *r, const char *postcode)
{
    char key[9];

    if (!r || !pc_key(postcode, key))
        return NULL;
    for (size_t i = 0; i < r->n_postcodes; i++)
        if (!strcmp(r->postcodes[i].key, key))
            return &r->postcodes[i].pc;
    return NULL;
}

int cla_ref_load_providers(struct cla_ref *r, const char *path, char *err, size_t errlen)
{
    (void)r;
    snprintf(err, errlen, "%s: reading a provider list is not implemented yet", path);
    return -1;
}

int cla_ref_load_postcodes(struct cla_ref *r, const char *path, char *err, size_t errlen)
{
    (void)r;
    snprintf(err, errlen, "%s: reading a postcode directory is not implemented yet", path);
    return -1;
}

void cla_ref_derive(const struct cla_ref *r, const char *own_la, const char *home_post, const char *pl_post,
                    struct cla_derived *out)
{
    (void)r;
    (void)own_la;
    (void)home_post;
    (void)pl_post;
    memset(out, 0, sizeof *out);
}
