/*
 * One input through the validation driver, as `statreturn validate FILE`
 * runs it: sniffed and handed to its return's validator (CIN census XML,
 * SSDA903 XML or CSV, Supporting Families CSV).  Each harness that
 * includes this differs only in its seed corpus (scripts/fuzz.sh).
 */
#ifndef STATRETURN_FUZZ_VALIDATE_H
#define STATRETURN_FUZZ_VALIDATE_H

#include "fuzz_common.h"
#include "findings/report.h"
#include "pipeline/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct validate_request req = { 0 };
    const char *files[1] = { fuzz_file(0, data, size) };
    struct report *rep = report_new(NULL, 0);

    (void)pipeline_validate(&req, files, 1, rep, false);
    report_free(rep);
    return 0;
}

#endif
