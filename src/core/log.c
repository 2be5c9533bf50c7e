/*
 * Operator messages on stderr; see log.h.  The level is the one piece of
 * process-wide state that the command line sets; whether stderr is the
 * journal, and the current phase, are the others.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/strbuf.h"

/* syslog priorities, as the journal reads them from a "<N>" prefix */
enum { PRI_ERR = 3, PRI_WARNING = 4, PRI_INFO = 6, PRI_DEBUG = 7 };

static enum log_level level = LOG_NORMAL;
static int journal = -1;             /* -1: not worked out yet */
static int last_priority = PRI_INFO; /* of the last error or warning, for details */

static struct {
    const char *name;
    double start, run_start, last_draw;
    bool progress_shown;
    unsigned calls;
} phase;

void log_set_level(enum log_level l)
{
    level = l;
}

enum log_level log_get_level(void)
{
    return level;
}

void log_set_journal(int on)
{
    journal = on;
}

/* $JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected to
 * stderr; it is inherited by children that may have another stderr, so it
 * counts only when it matches. */
bool log_to_journal(void)
{
    if (journal < 0) {
        const char *js = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;
        journal = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0
                  && (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
    }
    return journal == 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(void)
{
    if (phase.progress_shown) {
        fputs("\r\033[K", stderr);
        phase.progress_shown = false;
    }
}

/* A message is one line on the terminal whatever it quotes: control
 * characters (a newline or an escape sequence in a file name) are written
 * as \n, \r, \t or \xHH, C1 controls (U+0080 to U+009F) as \u00HH, and a
 * backslash as itself, so that no name can forge a line or drive the
 * terminal. */
void log_escape(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            strbuf_addstr(out, "\\n");
        else if (c == '\r')
            strbuf_addstr(out, "\\r");
        else if (c == '\t')
            strbuf_addstr(out, "\\t");
        else if (c < 0x20 || c == 0x7f)
            strbuf_addf(out, "\\x%02x", c);
        else if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
            strbuf_addf(out, "\\u00%02x", (unsigned char)s[++i]);
        else
            strbuf_addch(out, c);
    }
}

/* The message as one line (log_escape), after the priority the journal
 * reads when stderr is the journal. */
__attribute__((format(printf, 3, 0))) static void emit(int priority, const char *prefix, const char *fmt, va_list ap)
{
    struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;

    strbuf_vaddf(&msg, fmt, ap);
    clear_progress();
    if (log_to_journal())
        strbuf_addf(&line, "<%d>", priority);
    strbuf_addstr(&line, prefix);
    log_escape(&line, msg.buf, msg.len);
    strbuf_addch(&line, '\n');
    fwrite(line.buf, 1, line.len, stderr);
    strbuf_release(&msg);
    strbuf_release(&line);
}

void sr_error(const char *fmt, ...)
{
    va_list ap;
    last_priority = PRI_ERR;
    va_start(ap, fmt);
    emit(PRI_ERR, "statreturn: error: ", fmt, ap);
    va_end(ap);
}

void sr_warn(const char *fmt, ...)
{
    va_list ap;
    last_priority = PRI_WARNING;
    va_start(ap, fmt);
    emit(PRI_WARNING, "statreturn: warning: ", fmt, ap);
    va_end(ap);
}

void sr_detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(last_priority, "  ", fmt, ap);
    va_end(ap);
}

void sr_info(const char *fmt, ...)
{
    va_list ap;
    if (level < LOG_NORMAL)
        return;
    va_start(ap, fmt);
    emit(PRI_INFO, "statreturn: ", fmt, ap);
    va_end(ap);
}

void sr_debug(const char *fmt, ...)
{
    va_list ap;
    if (level < LOG_VERBOSE)
        return;
    va_start(ap, fmt);
    emit(PRI_DEBUG, "statreturn: debug: ", fmt, ap);
    va_end(ap);
}

void log_phase_begin(const char *name)
{
    double t = now();

    clear_progress();
    if (!phase.run_start)
        phase.run_start = t;
    phase.name = name;
    phase.start = phase.last_draw = t;
    phase.calls = 0;
}

void log_progress(size_t done, const char *unit)
{
    if (++phase.calls % 256 != 0 || level < LOG_NORMAL || log_to_journal() || !isatty(STDERR_FILENO))
        return;
    double t = now(), spent = t - phase.start;
    if (spent < 2.0 || t - phase.last_draw < 0.5)
        return;
    phase.last_draw = t;
    fprintf(stderr, "\r\033[Kstatreturn: %s: %zu %s, %.0f/s, %.0f s", phase.name ? phase.name : "working", done,
            unit, (double)done / spent, spent);
    fflush(stderr);
    phase.progress_shown = true;
}

void log_phase_end(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    double t = now();

    clear_progress();
    if (level >= LOG_VERBOSE && phase.name) {
        va_start(ap, fmt);
        strbuf_vaddf(&sb, fmt, ap);
        va_end(ap);
        sr_info("[%.2f s] %s: %.2f s: %s", t - phase.run_start, phase.name, t - phase.start, sb.buf);
    }
    strbuf_release(&sb);
    phase.name = NULL;
}
