/*
 * Operator messages on stderr; see log.h.  The level is the one piece of
 * process-wide state: it is set once from the command line.
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/log.h"

static enum log_level level = LOG_NORMAL;

void log_set_level(enum log_level l)
{
    level = l;
}

enum log_level log_get_level(void)
{
    return level;
}

__attribute__((format(printf, 2, 0))) static void emit(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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
