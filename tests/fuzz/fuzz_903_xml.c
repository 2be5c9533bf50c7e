/* libFuzzer: the validation driver, seeded with 903_xml files (scripts/fuzz.sh). */
#include "fuzz_validate.h"
