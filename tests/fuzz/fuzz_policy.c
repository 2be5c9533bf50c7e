/* libFuzzer: the policy files (privacy/policy, against the CIN census
 * catalogue) and the Supporting Families layouts.  The first byte
 * chooses: even, a policy; odd, a layout (NIS or FPD by the next bit). */
#include "fuzz_common.h"
#include "privacy/policy.h"
#include "returns/cin/cin_fields.h"
#include "returns/families/families.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];

    if (size < 1)
        return 0;
    const char *path = fuzz_file(0, data + 1, size - 1);
    if (!(data[0] & 1)) {
        struct policy p;
        if (policy_load(&p, &cin_catalogue, path, "specs/purposes.conf", err, sizeof err) == 0)
            policy_release(&p);
    } else {
        struct families_layout l;
        enum families_kind k = (data[0] & 2) ? FAM_FPD : FAM_NIS;
        if (families_layout_load(&l, path, "specs/purposes.conf", k, err, sizeof err) == 0)
            families_layout_release(&l);
    }
    return 0;
}
