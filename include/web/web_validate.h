/*
 * The browser validator's entry point: the thin layer that the page's Web
 * Worker calls in the WebAssembly build (web/, `make web`).  It does what
 * `statreturn validate --format FMT --output FILE` does for the files the
 * analyst chose, through the same driver (pipeline/validate.h), and writes
 * the report in the three formats the page offers to save.  Messages go to
 * stderr, as on the command line; the worker shows them in the page.
 *
 * Plain C on the validation library (no database, no OpenSSL, nothing
 * of emscripten): the native unit test test_web_validate runs it too.
 */
#ifndef STATRETURN_WEB_WEB_VALIDATE_H
#define STATRETURN_WEB_WEB_VALIDATE_H

/* The largest file the browser validator reads (a CIN census of about
 * 500,000 children); a larger one is refused by its size, unread. */
#define WEB_MAX_BYTES (512ULL << 20)

/* What the page asks for.  Paths are in the worker's file system; the
 * reference inputs are NULL when not given. */
struct web_request {
    int year;                  /* 0: each file's own */
    int show_values;           /* the "show values" box: personal values in the report */
    const char *previous;      /* SSDA903: last year's return (a file or a folder) */
    const char *providers;     /* the Ofsted provider list */
    const char *postcodes;     /* the postcode directory */
    const char *la;            /* the LA code as the postcode directory writes it */
    const char *const *files;  /* the files to validate, n_files of them */
    int n_files;
    const char *out_dir;       /* report.html, report.csv and report.json go here */
};

/* Validates and writes the reports.  Returns the run's status (an enum
 * sr_status, as the command line's exit status is made from). */
int web_validate(const struct web_request *req);

/* The same with each field an argument, for the worker's ccall (which
 * passes numbers and strings only); files is an array of n_files strings. */
int web_validate_args(int year, int show_values, const char *previous, const char *providers,
                      const char *postcodes, const char *la, const char *const *files, int n_files,
                      const char *out_dir);

/* 1 when some return validates collection year `year` (the page's list). */
int web_year_supported(int year);

#endif
