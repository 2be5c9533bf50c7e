/*
 * Deterministic random numbers for the synthetic-data generators.
 *
 * Every invented history is a pure function of (seed, stream, index): a
 * 64-bit key is made from the three and a generator state is seeded from
 * the key, so any child, family or table row can be regenerated on its own,
 * in any order.  The SQL `statreturn synth` writes (and the fixtures made
 * from it) depends on every draw, so the algorithms below are frozen: two
 * generators live here because the returns' generators were written with
 * different ones, and each must keep drawing exactly as it does.
 *
 *   struct rng     xoshiro256** seeded through splitmix64, bounded draws by
 *                  Lemire's multiply-shift (CIN and SSDA903 generators);
 *   struct rng_sm  a bare splitmix64 sequence, bounded draws by modulo (the
 *                  Supporting Families generator).
 *
 * rng_key() is the CIN generator's way from (seed, stream, index) to a key;
 * the other generators make keys with constants of their own (from the
 * splitmix64 steps here), so that their streams never coincide with it.
 * A new generator should use struct rng, rng_key() and its own stream
 * numbers.
 *
 * All of it is static inline: these are the innermost calls of every
 * generator, made hundreds of millions of times by a large `synth` run.
 * The weighted draws take weights that are not all zero.
 */
#ifndef STATRETURN_SYNTH_RNG_H
#define STATRETURN_SYNTH_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/* ---- splitmix64: the mixing step under every key and seed ---------------- */

/* splitmix64's output function: a bijection that scatters every bit. */
static inline uint64_t rng_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* One splitmix64 step: advances *x and returns the next value. */
static inline uint64_t rng_splitmix64(uint64_t *x)
{
    return rng_mix64(*x += 0x9e3779b97f4a7c15ULL);
}

/* ---- weights: one scan behind every weighted draw ------------------------ */

/* Weights may sit in a table of structs: w points at the first entry's
 * weight and stride is the distance between entries (sizeof *w for a plain
 * array). */
static inline uint16_t rng_weight_at(const uint16_t *w, size_t i, size_t stride)
{
    return *(const uint16_t *)(const void *)((const char *)w + i * stride);
}

static inline uint32_t rng_weights_total(const uint16_t *w, size_t n, size_t stride)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += rng_weight_at(w, i, stride);
    return total;
}

/* The entry whose share of the total holds v (0 <= v < total). */
static inline unsigned rng_weight_index(const uint16_t *w, size_t n, size_t stride, uint32_t v)
{
    for (size_t i = 0; i < n; i++) {
        uint16_t wi = rng_weight_at(w, i, stride);
        if (v < wi)
            return (unsigned)i;
        v -= wi;
    }
    return (unsigned)(n - 1);
}

/* ---- xoshiro256** -------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

/* The CIN generator's key for (seed, stream, index): three splitmix64
 * steps, the stream and the index folded in between them. */
static inline uint64_t rng_key(uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed;
    uint64_t a = rng_splitmix64(&x);
    x = a ^ (stream * 0xd1b54a32d192ed03ULL);
    uint64_t b = rng_splitmix64(&x);
    x = b ^ (index * 0x8cb92ba72f3d8dd7ULL);
    return rng_splitmix64(&x);
}

/* Seeds r from a key: four splitmix64 steps, as xoshiro's authors advise. */
static inline void rng_seed_key(struct rng *r, uint64_t key)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = rng_splitmix64(&key);
}

static inline void rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    rng_seed_key(r, rng_key(seed, stream, index));
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant
 * here).  Always one draw, 0 for n = 0. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]; lo, without a draw, when hi <= lo. */
static inline int rng_range(struct rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static inline bool rng_pm(struct rng *r, unsigned per_mille)
{
    return rng_below(r, 1000) < per_mille;
}

static inline sr_date rng_date(struct rng *r, sr_date lo, sr_date hi)
{
    return (sr_date)rng_range(r, lo, hi);
}

/* An index in [0, n) drawn with the given weights (see rng_weight_at). */
static inline unsigned rng_weighted_by(struct rng *r, const uint16_t *w, size_t n, size_t stride)
{
    return rng_weight_index(w, n, stride, rng_below(r, rng_weights_total(w, n, stride)));
}

static inline unsigned rng_weighted(struct rng *r, const uint16_t *w, size_t n)
{
    return rng_weighted_by(r, w, n, sizeof *w);
}

/* ---- a bare splitmix64 sequence (Supporting Families) --------------------- */

struct rng_sm {
    uint64_t s;
};

static inline void rng_sm_seed_key(struct rng_sm *r, uint64_t key)
{
    r->s = key;
}

static inline uint64_t rng_sm_next(struct rng_sm *r)
{
    return rng_splitmix64(&r->s);
}

/* Uniform in [0, n) by modulo; 0, without a draw, for n = 0. */
static inline uint32_t rng_sm_below(struct rng_sm *r, uint32_t n)
{
    return n ? (uint32_t)(rng_sm_next(r) % n) : 0;
}

/* Uniform in [lo, hi]; needs lo <= hi. */
static inline int rng_sm_range(struct rng_sm *r, int lo, int hi)
{
    return lo + (int)rng_sm_below(r, (uint32_t)(hi - lo + 1));
}

static inline bool rng_sm_pm(struct rng_sm *r, unsigned per_mille)
{
    return rng_sm_below(r, 1000) < per_mille;
}

/* Uniform in [lo, hi]; lo, without a draw, when hi <= lo. */
static inline sr_date rng_sm_date(struct rng_sm *r, sr_date lo, sr_date hi)
{
    return hi <= lo ? lo : lo + (sr_date)rng_sm_below(r, (uint32_t)(hi - lo + 1));
}

static inline unsigned rng_sm_weighted(struct rng_sm *r, const uint16_t *w, size_t n)
{
    return rng_weight_index(w, n, sizeof *w, rng_sm_below(r, rng_weights_total(w, n, sizeof *w)));
}

#endif
