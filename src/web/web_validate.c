/*
 * The browser validator's entry point; see web_validate.h.  Everything
 * that decides a finding is in the validation library: this file only
 * turns the page's request into the driver's, and writes the reports as
 * cli/cmd_validate.c does (same report, same formats).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "pipeline/validate.h"
#include "web/web_validate.h"

static const struct {
    enum report_format format;
    const char *name;
} formats[] = {
    { REPORT_HTML, "report.html" },
    { REPORT_CSV, "report.csv" },
    { REPORT_JSON, "report.json" },
};

/* Writes rep in every format under dir; 0, or -1 after a message. */
static int write_reports(struct report *rep, const char *dir, bool show_values)
{
    struct strbuf path = STRBUF_INIT;
    char err[1024];
    int rc = 0;

    for (size_t i = 0; i < sizeof formats / sizeof formats[0] && rc == 0; i++) {
        FILE *fp;

        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s", dir, formats[i].name);
        fp = fopen(path.buf, "w");
        if (!fp) {
            sr_error("validate: cannot write the report '%s'", path.buf);
            rc = -1;
        } else if (report_write(rep, fp, formats[i].format, show_values, err, sizeof err) != 0) {
            sr_error("validate: %s", err);
            rc = -1;
        }
        if (fp && fclose(fp) != 0 && rc == 0) {
            sr_error("validate: cannot write the report '%s'", path.buf);
            rc = -1;
        }
    }
    strbuf_release(&path);
    return rc;
}

int web_validate(const struct web_request *w)
{
    struct validate_request req;
    struct report *rep;
    enum sr_status st;

    memset(&req, 0, sizeof req);
    req.year = w->year;
    req.previous = w->previous;
    req.providers = w->providers;
    req.postcodes = w->postcodes;
    req.la = w->la;
    req.max_bytes = WEB_MAX_BYTES;
    log_set_level(LOG_NORMAL);
    if (w->n_files <= 0) {
        sr_error("validate: no file to validate");
        return SR_USAGE;
    }
    if (req.year && pipeline_validate_check_year(req.year, false) != 0)
        return SR_USAGE;
    rep = report_new(NULL, 0);
    if (w->show_values)
        report_keep_values(rep);
    st = pipeline_validate(&req, w->files, (size_t)w->n_files, rep, true);
    if (write_reports(rep, w->out_dir, w->show_values != 0) != 0)
        st = pipeline_validate_worse(st, SR_OUTPUT);
    report_free(rep);
    return (int)st;
}

int web_validate_args(int year, int show_values, const char *previous, const char *providers,
                      const char *postcodes, const char *la, const char *const *files, int n_files,
                      const char *out_dir)
{
    struct web_request w = {
        .year = year, .show_values = show_values, .previous = previous, .providers = providers,
        .postcodes = postcodes, .la = la, .files = files, .n_files = n_files, .out_dir = out_dir,
    };
    return web_validate(&w);
}

int web_year_supported(int year)
{
    return pipeline_validate_year_known(year, false);
}
