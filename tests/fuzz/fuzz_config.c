/* libFuzzer: the configuration file reader (core/config). */
#include "fuzz_common.h"
#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct config c;
    char err[512];

    config_init(&c);
    (void)config_load(&c, fuzz_file(0, data, size), 1, err, sizeof err);
    config_release(&c);
    return 0;
}
