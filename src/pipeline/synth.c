/*
 * `statreturn synth`; see synth.h.
 *
 * One transaction: a header, then each return's generator in turn (CIN,
 * SSDA903, Supporting Families), each writing its own COPY blocks into the
 * one sink, then COMMIT.  The order is part of the output: the later
 * generators add rows to tables the CIN one has written (new people in
 * ssd_person, with their own id prefixes) and reuse some of its children,
 * whose facts they learn through the synth_person_fn handed to them here,
 * so that no return's generator includes another's header.
 */
#include <stddef.h>
#include <stdio.h>

#include "pipeline/synth.h"
#include "returns/cin/cin_synth.h"
#include "returns/families/families_synth.h"
#include "returns/ssda903/cla_synth.h"
#include "synth/options.h"
#include "synth/sink.h"

int synth_write(const struct synth_options *opt, FILE *out, char *err, size_t errlen)
{
    if (!opt || !out) {
        snprintf(err, errlen, "synth: no options or output");
        return -1;
    }
    if (synth_options_check(opt, err, errlen) != 0)
        return -1;

    struct synth_sink s;
    sink_init(&s, out);
    char head[512];
    snprintf(head, sizeof head,
             "-- statreturn synth: %lu invented children, seed %llu, census year %d-%02d, LA %03d, "
             "defect rate %g.\n-- Synthetic data: no real person is described.\n"
             "SET client_encoding = 'UTF8';\nBEGIN;\n",
             opt->children, (unsigned long long)opt->seed, opt->year - 1, opt->year % 100, opt->la,
             opt->defects);
    sink_str(&s, head);
    int rc = cin_synth_write(opt, &s, err, errlen);
    if (rc == 0)
        rc = cla_synth_write(opt, cin_synth_person_facts, &s, err, errlen);
    if (rc != 0) {
        sink_close(&s, NULL, 0);     /* err already says what went wrong */
        return -1;
    }
    families_synth_write(opt, cin_synth_person_facts, &s);
    sink_str(&s, "COMMIT;\n");
    return sink_close(&s, err, errlen);
}
