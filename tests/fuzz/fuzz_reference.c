/* libFuzzer: the SSDA903 reference-data loaders (the Ofsted provider list
 * and the ONS Postcode Directory, lenient CSV).  The first byte chooses
 * the loader; the rest is the file. */
#include "fuzz_common.h"
#include "returns/ssda903/cla_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct cla_ref *r;

    if (size < 1)
        return 0;
    r = cla_ref_new();
    const char *path = fuzz_file(0, data + 1, size - 1);
    if (data[0] & 1)
        (void)cla_ref_load_postcodes(r, path, err, sizeof err);
    else
        (void)cla_ref_load_providers(r, path, err, sizeof err);
    cla_ref_free(r);
    return 0;
}
