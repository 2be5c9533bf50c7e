/* libFuzzer: the validation driver, seeded with cin_xml files (scripts/fuzz.sh). */
#include "fuzz_validate.h"
