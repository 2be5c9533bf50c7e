/* libFuzzer: the validation driver, seeded with CSC API payloads (scripts/fuzz.sh):
 * the JSON parser (io/json_value) and the schema interpreter behind it. */
#include "fuzz_validate.h"
