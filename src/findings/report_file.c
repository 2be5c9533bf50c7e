/*
 * A report written to a file through io/outfile (atomic, 0600); see
 * report_write_file in findings/report.h.  Apart from report.c so that
 * the browser validator (`make web`), which writes no file on disk, links
 * the report without the output files' code (io/outfile, outset, workdir:
 * Linux system calls that emscripten's C library does not have).
 */
#include <stdio.h>

#include "findings/report.h"
#include "io/outfile.h"

int report_write_file(struct report *r, const char *format, const char *path, bool force,
                      bool show_values, char *err, size_t errlen)
{
    enum report_format fmt;
    struct outfile o;

    if (report_format_parse(format, &fmt) != 0) {
        snprintf(err, errlen, "unknown report format '%s' (text, csv, json, html or gnu)", format);
        return -1;
    }
    if (outfile_open(&o, path, force, err, errlen) != 0)
        return -1;
    if (report_write(r, o.fp, fmt, show_values, err, errlen) != 0) {
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, err, errlen);
}
