/*
 * Keyed pseudonyms (HMAC-SHA256) and the keys behind them.
 *
 * Identifiers such as UPNs and person ids are too few to survive guessing if
 * merely hashed, so every pseudonym is an HMAC under a secret key, one key
 * per recipient.  Keys come from a file that only its owner can read, or
 * from an environment variable; never from the command line, and never
 * printed: reports and manifests carry only the key's fingerprint.
 *
 * A pseudonym is HMAC-SHA256(key, domain ":" normalised-id), its first 100
 * bits written as 20 characters of Crockford base32 (0-9, A-Z without I, L,
 * O, U), which fits the DfE LAchildID constraint (at most 20 alphanumeric
 * characters).  The domain ("person", "family") keeps a person's and a
 * family's pseudonyms unrelated even when their ids coincide.
 */
#ifndef STATRETURN_PSEUDO_H
#define STATRETURN_PSEUDO_H

#include <stddef.h>

#define PSEUDONYM_LEN 20
#define KEY_MIN_BYTES 32
#define FINGERPRINT_LEN 20   /* "sr1-" + 16 hex digits */

struct pseudo_key {
    unsigned char *bytes;   /* owned; wiped on release */
    size_t len;
    char fingerprint[FINGERPRINT_LEN + 1];
    char *source;           /* "file:/path" or "env:NAME", for messages; owned */
};

/* Reads a key file: at least 32 bytes of key material (trailing newline
 * ignored).  Refuses a file that group or others can read or write, or that
 * is not a regular file.  A symbolic link is followed (container secret
 * mounts are links), and its target must be a regular file that group and
 * others cannot use and that the effective user owns.  Returns -1 with a
 * message in err. */
int pseudo_key_load_file(struct pseudo_key *k, const char *path, char *err, size_t errlen);
/* Takes the key material from environment variable `var`, through
 * pseudo_key_env_take. */
int pseudo_key_load_env(struct pseudo_key *k, const char *var, char *err, size_t errlen);
/* Reads environment variable `var` once into the process's memory,
 * overwrites its value in the environment block and unsets it (so it is
 * gone from /proc/PID/environ); later calls with the same name use the
 * copy.  -1 when it is unset or empty. */
int pseudo_key_env_take(const char *var);
void pseudo_key_release(struct pseudo_key *k);
/* A fresh random key held only in memory (source "random"), for counting
 * distinct pseudonyms without the real key; never written anywhere. */
int pseudo_key_random(struct pseudo_key *k, char *err, size_t errlen);

/* Normalises id (trims surrounding white space, upper-cases ASCII) and
 * writes its pseudonym (PSEUDONYM_LEN characters and a NUL) to out.
 * Returns -1 only if the id is empty after normalisation. */
int pseudonymise(const struct pseudo_key *k, const char *domain, const char *id,
                 char out[PSEUDONYM_LEN + 1]);

/* Writes 64 hex characters of fresh random key material and a NUL. */
int pseudo_keygen(char out[65], char *err, size_t errlen);

/* HMAC-SHA256, exposed for the known-answer tests (RFC 4231). */
void hmac_sha256(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t msglen,
                 unsigned char out[32]);

/* SHA-256 of a file, as 64 hex characters; -1 on read error. */
int sha256_file_hex(const char *path, char out[65], char *err, size_t errlen);

#endif
