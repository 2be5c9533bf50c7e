/*
 * The run manifest; see manifest.h.
 */
#include <stdio.h>
#include <string.h>

#include "io/json.h"
#include "privacy/manifest.h"
#include "io/outfile.h"
#include "core/strbuf.h"

static void counts(struct strbuf *j, const char *name, const struct manifest_count *c, size_t n)
{
    strbuf_addf(j, "  \"%s\": {", name);
    for (size_t i = 0; i < n; i++) {
        json_add_string(j, c[i].name);
        strbuf_addf(j, ": %zu%s", c[i].value, i + 1 < n ? ", " : "");
    }
    strbuf_addstr(j, "},\n");
}

void manifest_field_json(struct strbuf *j, const struct policy *p, size_t i)
{
    const struct field_def *fd = &p->catalogue->fields[i];
    const struct policy_entry *pe = &p->entries[i];

    strbuf_addstr(j, "{\"field\": ");
    json_add_string(j, fd->name);
    strbuf_addstr(j, ", \"source\": ");
    json_add_string(j, fd->source);
    strbuf_addstr(j, ", \"treatment\": ");
    json_add_string(j, treatment_name(pe->treatment));
    strbuf_addstr(j, ", \"purpose\": ");
    if (pe->purpose)
        json_add_string(j, pe->purpose->id);
    else
        strbuf_addstr(j, "null");
    strbuf_addf(j, ", \"special_category\": %s", pe->special ? "true" : "false");
}

void manifest_render(struct strbuf *j, const struct manifest *m)
{
    const struct policy *p = m->policy;
    char policy_sha[65] = "", e2[256];

    if (sha256_file_hex(p->path, policy_sha, e2, sizeof e2) != 0)
        policy_sha[0] = '\0';
    strbuf_addstr(j, "{\n  \"tool\": \"statreturn\",\n  \"version\": ");
    json_add_string(j, STATRETURN_VERSION);
    strbuf_addstr(j, ",\n  \"return\": ");
    json_add_string(j, m->ret);
    strbuf_addstr(j, ",\n  \"period\": ");
    json_add_string(j, m->period);
    strbuf_addstr(j, ",\n  \"la\": ");
    json_add_string(j, m->la);
    strbuf_addstr(j, ",\n  \"snapshot\": ");
    json_add_string(j, m->snapshot ? m->snapshot : "");
    strbuf_addstr(j, ",\n");
    counts(j, "counts", m->counts, m->n_counts);
    counts(j, "excluded", m->excluded, m->n_excluded);
    strbuf_addstr(j, "  \"outputs\": [");
    for (size_t i = 0; i < m->n_outputs; i++) {
        strbuf_addstr(j, i ? ",\n    {\"file\": " : "\n    {\"file\": ");
        json_add_string(j, m->outputs[i].path);
        strbuf_addstr(j, ", \"sha256\": ");
        json_add_string(j, m->outputs[i].sha256);
        strbuf_addch(j, '}');
    }
    strbuf_addstr(j, "\n  ],\n");
    if (m->validated) {
        strbuf_addf(j, "  \"validation\": {\"errors\": %zu, \"queries\": %zu, \"report\": ", m->errors, m->queries);
        json_add_string(j, m->report_path ? m->report_path : "");
        strbuf_addstr(j, "},\n");
    }
    strbuf_addstr(j, "  \"policy\": {\"name\": ");
    json_add_string(j, p->name);
    strbuf_addstr(j, ", \"version\": ");
    json_add_string(j, p->version);
    strbuf_addstr(j, ", \"file\": ");
    json_add_string(j, p->path);
    strbuf_addstr(j, ", \"sha256\": ");
    json_add_string(j, policy_sha);
    strbuf_addstr(j, ", \"recipient\": ");
    json_add_string(j, p->recipient);
    strbuf_addstr(j, "},\n  \"key_fingerprint\": ");
    if (m->key && m->key->bytes)
        json_add_string(j, m->key->fingerprint);
    else
        strbuf_addstr(j, "null");
    strbuf_addstr(j, ",\n  \"fields\": [\n");
    for (size_t i = 0; i < p->catalogue->n; i++) {
        strbuf_addstr(j, "    ");
        manifest_field_json(j, p, i);
        strbuf_addf(j, "}%s\n", i + 1 < p->catalogue->n ? "," : "");
    }
    strbuf_addstr(j, "  ]\n}\n");
}

int manifest_write(const char *path, bool force, const struct manifest *m, char *err, size_t errlen)
{
    struct outfile of;
    struct strbuf j = STRBUF_INIT;
    int ret = -1;

    manifest_render(&j, m);
    if (outfile_open(&of, path, force, err, errlen) == 0) {
        if (fwrite(j.buf, 1, j.len, of.fp) != j.len) {
            snprintf(err, errlen, "cannot write '%s'", path);
            outfile_abort(&of);
        } else {
            ret = outfile_commit(&of, err, errlen);
        }
    }
    strbuf_release(&j);
    return ret;
}
