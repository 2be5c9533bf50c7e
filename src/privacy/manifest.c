/*
 * The run manifest; see manifest.h.
 */
#include <stdio.h>
#include <string.h>

#include "io/json_writer.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "core/strbuf.h"

static void counts(struct json_writer *w, const char *name, const struct manifest_count *c, size_t n)
{
    json_key(w, name);
    json_begin_object(w, JSON_INLINE);
    for (size_t i = 0; i < n; i++)
        json_member_uint(w, c[i].name, c[i].value);
    json_end_object(w);
}

void manifest_field_json(struct json_writer *w, const struct policy *p, size_t i)
{
    const struct field_def *fd = &p->catalogue->fields[i];
    const struct policy_entry *pe = &p->entries[i];

    json_member_string(w, "field", fd->name);
    json_member_string(w, "source", fd->source);
    json_member_string(w, "treatment", treatment_name(pe->treatment));
    json_key(w, "purpose");
    if (pe->purpose)
        json_string(w, pe->purpose->id);
    else
        json_null(w);
    json_member_bool(w, "special_category", pe->special);
}

static void outputs(struct json_writer *w, const struct manifest *m)
{
    json_key(w, "outputs");
    json_begin_array(w, JSON_BLOCK);
    for (size_t i = 0; i < m->n_outputs; i++) {
        json_begin_object(w, JSON_INLINE);
        json_member_string(w, "file", m->outputs[i].path);
        json_member_string(w, "sha256", m->outputs[i].sha256);
        json_end_object(w);
    }
    json_end_array(w);
}

static void policy(struct json_writer *w, const struct policy *p)
{
    char policy_sha[65] = "", e2[256];

    if (sha256_file_hex(p->path, policy_sha, e2, sizeof e2) != 0)
        policy_sha[0] = '\0';
    json_key(w, "policy");
    json_begin_object(w, JSON_INLINE);
    json_member_string(w, "name", p->name);
    json_member_string(w, "version", p->version);
    json_member_string(w, "file", p->path);
    json_member_string(w, "sha256", policy_sha);
    json_member_string(w, "recipient", p->recipient);
    if (p->base_path) {
        /* A year layer: the base's lines are part of the policy too. */
        char base_sha[65] = "";
        if (sha256_file_hex(p->base_path, base_sha, e2, sizeof e2) != 0)
            base_sha[0] = '\0';
        json_member_string(w, "base_file", p->base_path);
        json_member_string(w, "base_sha256", base_sha);
    }
    json_end_object(w);
}

int manifest_render(struct strbuf *out, const struct manifest *m)
{
    const struct policy *p = m->policy;
    struct json_writer w;

    json_writer_init(&w, out, JSON_PLAIN, JSON_SPACED);
    json_begin_object(&w, JSON_BLOCK);
    json_member_string(&w, "tool", "statreturn");
    json_member_string(&w, "version", STATRETURN_VERSION);
    json_member_string(&w, "return", m->ret);
    json_member_string(&w, "period", m->period);
    json_member_string(&w, "la", m->la);
    json_member_string(&w, "snapshot", m->snapshot ? m->snapshot : "");
    counts(&w, "counts", m->counts, m->n_counts);
    counts(&w, "excluded", m->excluded, m->n_excluded);
    if (m->group_name)
        counts(&w, m->group_name, m->group, m->n_group);
    outputs(&w, m);
    if (m->n_notes) {
        json_key(&w, "notes");
        json_begin_array(&w, JSON_BLOCK);
        for (size_t i = 0; i < m->n_notes; i++)
            json_string(&w, m->notes[i]);
        json_end_array(&w);
    }
    if (m->validated) {
        json_key(&w, "validation");
        json_begin_object(&w, JSON_INLINE);
        json_member_uint(&w, "errors", m->errors);
        json_member_uint(&w, "queries", m->queries);
        json_member_uint(&w, "expected_for_profile", m->expected);
        json_member_string(&w, "report", m->report_path ? m->report_path : "");
        json_end_object(&w);
    }
    policy(&w, p);
    json_member_string_or_null(&w, "key_fingerprint", m->key && m->key->bytes ? m->key->fingerprint : NULL);
    json_key(&w, "fields");
    json_begin_array(&w, JSON_BLOCK);
    for (size_t i = 0; i < p->catalogue->n; i++) {
        json_begin_object(&w, JSON_INLINE);
        manifest_field_json(&w, p, i);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

int manifest_write(const char *path, bool force, const struct manifest *m, char *err, size_t errlen)
{
    struct strbuf j = STRBUF_INIT;
    int ret = -1;

    if (manifest_render(&j, m) != 0)
        snprintf(err, errlen, "internal error: the manifest for '%s' is not well-formed JSON", path);
    else
        ret = outfile_write(path, force, j.buf, j.len, err, errlen);
    strbuf_release(&j);
    return ret;
}
