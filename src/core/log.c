/*
 * Operator messages on stderr; see log.h.  The level is the one piece of
 * process-wide state: it is set once from the command line.
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/log.h"
#include "core/strbuf.h"

static enum log_level level = LOG_NORMAL;

void log_set_level(enum log_level l)
{
    level = l;
}

enum log_level log_get_level(void)
{
    return level;
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

__attribute__((format(printf, 2, 0))) static void emit(const char *prefix, const char *fmt, va_list ap)
{
    struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;

    strbuf_vaddf(&msg, fmt, ap);
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
    va_start(ap, fmt);
    emit("statreturn: error: ", fmt, ap);
    va_end(ap);
}

void sr_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("statreturn: warning: ", fmt, ap);
    va_end(ap);
}

void sr_detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("  ", fmt, ap);
    va_end(ap);
}

void sr_info(const char *fmt, ...)
{
    va_list ap;
    if (level < LOG_NORMAL)
        return;
    va_start(ap, fmt);
    emit("statreturn: ", fmt, ap);
    va_end(ap);
}

void sr_debug(const char *fmt, ...)
{
    va_list ap;
    if (level < LOG_VERBOSE)
        return;
    va_start(ap, fmt);
    emit("statreturn: debug: ", fmt, ap);
    va_end(ap);
}
