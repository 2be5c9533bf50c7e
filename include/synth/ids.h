/*
 * Invented identifiers and names for the synthetic-data generators.
 *
 * Nothing made here can be a real person's: names are syllable soup from
 * each generator's own list, NHS-number-shaped ids start 999 (outside the
 * issued range), UPNs come from serial ranges shared out between the
 * generators below.  Row ids are a prefix naming the table and the
 * generator, then the (1-based) number of the person or family, so ids of
 * different generators never meet.
 */
#ifndef STATRETURN_SYNTH_IDS_H
#define STATRETURN_SYNTH_IDS_H

#include <stddef.h>
#include <stdint.h>

struct rng;
struct rng_sm;

/* UPN serial numbers (upn_make), shared out so that no two invented
 * children have the same UPN (DfE CIN 1520; 903 rules compare UPNs across
 * children too): */
#define SYNTH_UPN_CIN_SERIALS  50000000UL   /* CIN: current UPNs [0, 5e7) for the LA of the options,
                                               former UPNs [5e7, 1e8) for other LAs */
#define SYNTH_UPN_FAMILIES     50000000UL   /* families: [5e7, 1e8) for the LA of the options */
#define SYNTH_UPN_CLA         100000000UL   /* SSDA903: [1e8, 2e8) */

/* Writes v as exactly n decimal digits (the lowest n, zero-padded) at p;
 * no terminating NUL. */
void synth_put_digits(char *p, unsigned long v, int n);

/* Writes prefix, then n in decimal with at least min_digits digits
 * (zero-padded; 20 at most, as many as n can have), and a NUL, to out;
 * returns the length.  out needs strlen(prefix) + 21 bytes at most. */
size_t synth_id(char *out, const char *prefix, unsigned long n, int min_digits);

/* "999" and the lowest 7 digits of v: the shape of an NHS number, in a
 * range the NHS does not issue. */
void synth_nhs_like(char out[11], uint64_t v);

/* "TEAM" and two digits of t (1..99). */
void synth_team_code(char out[7], unsigned t);

/* Replaces a valid UPN's check letter with the next one: a UPN that fails
 * its check (a seeded defect). */
void synth_upn_wrong_check_letter(char upn[14]);

/* A generator's syllables, lower case. */
struct synth_syllables {
    const char *const *list;
    uint32_t n;
};

/* A name of `parts` syllables drawn from syl, with a capital first letter,
 * in out (cap bytes, at least 1): a syllable that would not fit ends the
 * name.  One draw a syllable, from r or (synth_name_sm) from an rng_sm. */
void synth_name(char *out, size_t cap, const struct synth_syllables *syl, struct rng *r, int parts);
void synth_name_sm(char *out, size_t cap, const struct synth_syllables *syl, struct rng_sm *r, int parts);

#endif
