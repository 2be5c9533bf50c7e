/* libFuzzer: the validation driver, seeded with families_csv files (scripts/fuzz.sh). */
#include "fuzz_validate.h"
