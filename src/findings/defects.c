/*
 * The source defect log; see include/findings/defects.h.
 */
#include <stdarg.h>

#include "core/log.h"
#include "core/strbuf.h"
#include "findings/defects.h"

void defect_log_add(struct defect_log *d, const char *fmt, ...)
{
    if (d->n == 0)
        sr_error("%s", d->heading);
    if (d->n < DEFECTS_SHOWN) {
        struct strbuf sb = STRBUF_INIT;
        va_list ap;
        va_start(ap, fmt);
        strbuf_vaddf(&sb, fmt, ap);
        va_end(ap);
        sr_detail("%s", sb.buf);
        strbuf_release(&sb);
    }
    d->n++;
}

void defect_log_note_shown(const struct defect_log *d)
{
    if (d->n > DEFECTS_SHOWN)
        sr_detail("(the first %d are listed above)", DEFECTS_SHOWN);
}
