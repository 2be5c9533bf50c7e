/* libFuzzer: the validation driver, seeded with 903_csv files (scripts/fuzz.sh). */
#include "fuzz_validate.h"
