/*
 * The CIN census findings that a profile's own treatment causes
 * (returns/expected.h), by policy field and treatment.
 *
 *   UPN, UPNunknown dropped:  8770Q asks a child of school age for a UPN
 *                             or the reason there is none.
 *   Date of death dropped:    8585Q asks a child whose episode closed
 *                             because the child died (RC2) for the date.
 *   Date of birth moved:      a birth up to 30 days early makes a child
 *                             older: school age (8770Q), over 25 (8775Q).
 */
#include "returns/cin/cin_policy.h"

const struct expected_cause cin_expected_causes[] = {
    { "ChildIdentifiers/UPN", TR_DROP, "8770Q", NULL },
    { "ChildIdentifiers/UPNunknown", TR_DROP, "8770Q", NULL },
    { "ChildIdentifiers/PersonDeathDate", TR_DROP, "8585Q", NULL },
    { "ChildIdentifiers/PersonBirthDate", TR_MONTH, "8770Q 8775Q", NULL },
};

const size_t cin_n_expected_causes = sizeof cin_expected_causes / sizeof cin_expected_causes[0];
