/*
 * DfE SSDA903 rules: the 200 series and the 300 series to 367: placements, URNs, dates and ages (codes: 209 210 213 214 215 217 218 222 225 226 231 232 233 234 301 302 303 304 331 333 334 335 336 344 345 347 348 351 352 353 354 355 356 357 358 359 361 362 363 364 365 366 367).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_200[] = {
    { .info = { .code = NULL } },
};
