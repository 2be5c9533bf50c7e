/*
 * The fields-shared report driver; see include/pipeline/shared_report.h.
 * The return loads its policies and counts what each would share from one
 * read-only snapshot; this file connects, renders, and writes the report
 * whole (io/outfile: atomic, 0600) or to standard output.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "io/outfile.h"
#include "pipeline/shared_report.h"

static bool format_known(const struct return_shared *rs, const char *format)
{
    for (size_t i = 0; rs->formats[i]; i++)
        if (!strcmp(rs->formats[i], format))
            return true;
    return false;
}

static enum sr_status check_format(const struct return_shared *rs, const struct shared_output *out)
{
    if (!format_known(rs, out->format)) {
        struct strbuf list = STRBUF_INIT;
        for (size_t i = 0; rs->formats[i]; i++)
            strbuf_addf(&list, "%s%s", i ? (rs->formats[i + 1] ? ", " : " or ") : "", rs->formats[i]);
        sr_error("--format must be %s", list.buf);
        strbuf_release(&list);
        return SR_USAGE;
    }
    return SR_OK;
}

/* One snapshot, and the return's counts from it. */
static enum sr_status count(const struct return_shared *rs, void *state, const struct db_options *dbo)
{
    struct strbuf sb = STRBUF_INIT;
    struct db *db = NULL;
    enum db_status st = db_connect(&db, dbo, &sb);
    enum sr_status ret;

    if (st != DB_OK) {
        sr_error("cannot connect to the replica: %s", sb.buf);
        ret = db_sr_status(st);
    } else if ((st = db_begin_snapshot(db, &sb)) != DB_OK) {
        sr_error("cannot start a read-only snapshot: %s", sb.buf);
        ret = db_sr_status(st);
    } else {
        ret = rs->count(state, db, db_snapshot_time(db));
        db_rollback(db, &sb);
    }
    db_close(db);
    strbuf_release(&sb);
    return ret;
}

enum sr_status pipeline_shared_report(const struct return_kind *k, const struct shared_request *req,
                                      const struct shared_output *out)
{
    const struct return_shared *rs = k->shared;
    struct strbuf text = STRBUF_INIT;
    char err[1024];
    enum sr_status st;
    void *state = NULL;

    if ((st = check_format(rs, out)) != SR_OK || !(state = rs->load(req, &st)))
        goto out;
    if (!req->offline && (st = count(rs, state, &out->db)) != SR_OK)
        goto out;
    if (rs->render(state, out->format, &text) != 0) {
        sr_error("internal error: the %s report is not well-formed", out->format);
        st = SR_INTERNAL;
        goto out;
    }
    /* Any format may go to standard output ("-" or no --output). */
    if (outfile_write(out->path && strcmp(out->path, "-") ? out->path : NULL, out->force, text.buf, text.len, err,
                      sizeof err) != 0) {
        sr_error("%s", err);
        st = SR_OUTPUT;
        goto out;
    }
    if (out->path && strcmp(out->path, "-"))
        sr_info("report written to %s", out->path);
    st = SR_OK;
out:
    if (state)
        rs->release(state);
    strbuf_release(&text);
    return st;
}
