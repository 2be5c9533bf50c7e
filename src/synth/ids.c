/*
 * Invented identifiers and names; see ids.h.
 *
 * Digits are written by hand, not with snprintf: every row the generators
 * write carries two or three ids.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "synth/ids.h"
#include "synth/rng.h"

void synth_put_digits(char *p, unsigned long v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

size_t synth_id(char *out, const char *prefix, unsigned long n, int min_digits)
{
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k < min_digits && k < 20)
        digits[k++] = '0';
    size_t len = strlen(prefix);
    memcpy(out, prefix, len);
    while (k)
        out[len++] = digits[--k];
    out[len] = '\0';
    return len;
}

void synth_nhs_like(char out[11], uint64_t v)
{
    memcpy(out, "999", 3);
    synth_put_digits(out + 3, (unsigned long)(v % 10000000ULL), 7);
    out[10] = '\0';
}

void synth_team_code(char out[7], unsigned t)
{
    memcpy(out, "TEAM", 4);
    synth_put_digits(out + 4, t, 2);
    out[6] = '\0';
}

void synth_upn_wrong_check_letter(char upn[14])
{
    static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    const char *p = strchr(letters, upn[0]);
    upn[0] = (p && p[1]) ? p[1] : letters[0];
}

typedef uint32_t draw_fn(void *rng, uint32_t n);

static uint32_t draw_rng(void *r, uint32_t n)
{
    return rng_below(r, n);
}

static uint32_t draw_rng_sm(void *r, uint32_t n)
{
    return rng_sm_below(r, n);
}

static void make_name(char *out, size_t cap, const struct synth_syllables *syl, int parts, draw_fn *draw, void *r)
{
    size_t k = 0;
    for (int i = 0; i < parts; i++) {
        const char *sy = syl->list[draw(r, syl->n)];
        size_t n = strlen(sy);
        if (k + n + 1 > cap)
            break;
        memcpy(out + k, sy, n);
        k += n;
    }
    out[k] = '\0';
    if (k)
        out[0] = (char)(out[0] - 'a' + 'A');
}

void synth_name(char *out, size_t cap, const struct synth_syllables *syl, struct rng *r, int parts)
{
    make_name(out, cap, syl, parts, draw_rng, r);
}

void synth_name_sm(char *out, size_t cap, const struct synth_syllables *syl, struct rng_sm *r, int parts)
{
    make_name(out, cap, syl, parts, draw_rng_sm, r);
}
