/*
 * Keyed pseudonyms and key handling; see pseudo.h.  The only file that
 * includes OpenSSL.
 */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "privacy/pseudo.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void hmac_sha256(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t msglen,
                 unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out, &len);
}

static const char hexdig[] = "0123456789abcdef";

static void set_fingerprint(struct pseudo_key *k)
{
    static const char label[] = "statreturn key fingerprint v1";
    unsigned char mac[32];

    hmac_sha256(k->bytes, k->len, (const unsigned char *)label, sizeof label - 1, mac);
    memcpy(k->fingerprint, "sr1-", 4);
    for (int i = 0; i < 8; i++) {
        k->fingerprint[4 + 2 * i] = hexdig[mac[i] >> 4];
        k->fingerprint[5 + 2 * i] = hexdig[mac[i] & 15];
    }
    k->fingerprint[FINGERPRINT_LEN] = '\0';
    OPENSSL_cleanse(mac, sizeof mac);
}

/* Key material as written in a file or a variable: a line, so a trailing
 * newline is not part of it. */
static size_t without_line_end(const unsigned char *buf, size_t len)
{
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    return len;
}

static int take_material(struct pseudo_key *k, const unsigned char *buf, size_t len, const char *what,
                         char *err, size_t errlen)
{
    if (len < KEY_MIN_BYTES) {
        snprintf(err, errlen, "key in %s is too short: at least %d bytes of key material are needed "
                 "(make one with 'statreturn keygen')", what, KEY_MIN_BYTES);
        return -1;
    }
    k->bytes = xmalloc(len);
    memcpy(k->bytes, buf, len);
    k->len = len;
    set_fingerprint(k);
    return 0;
}

int pseudo_key_load_file(struct pseudo_key *k, const char *path, char *err, size_t errlen)
{
    struct stat st;
    unsigned char buf[4096];
    ssize_t n;
    size_t len = 0;
    int fd, ret = -1;

    memset(k, 0, sizeof *k);
    /* A symbolic link (as container secret mounts make) is followed, and
     * then its target must also be owned by us: a link to someone else's
     * file is refused even when that file is 0600. */
    struct stat lst;
    bool link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    fd = open(path, O_RDONLY | O_CLOEXEC | (link ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        snprintf(err, errlen, "cannot open key file '%s': %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "key file '%s' is not a regular file%s", path, link ? " (where its link leads)" : "");
        goto cleanup;
    }
    if (link && st.st_uid != geteuid()) {
        snprintf(err, errlen, "key file '%s' is a symbolic link to a file of another user (uid %u); "
                 "a linked key file must be owned by the user running statreturn", path, (unsigned)st.st_uid);
        goto cleanup;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf(err, errlen, "key file '%s' is accessible by group or others (mode %04o); "
                 "run: chmod 600 '%s'", path, (unsigned)(st.st_mode & 07777), path);
        goto cleanup;
    }
    while ((n = read(fd, buf + len, sizeof buf - len)) > 0) {
        len += (size_t)n;
        if (len == sizeof buf) {
            snprintf(err, errlen, "key file '%s' is larger than %zu bytes", path, sizeof buf - 1);
            goto cleanup;
        }
    }
    if (n < 0) {
        snprintf(err, errlen, "cannot read key file '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    struct strbuf what = STRBUF_INIT;
    strbuf_addf(&what, "file '%s'", path);
    ret = take_material(k, buf, without_line_end(buf, len), what.buf, err, errlen);
    strbuf_release(&what);
    if (ret == 0) {
        struct strbuf src = STRBUF_INIT;
        strbuf_addf(&src, "file:%s", path);
        k->source = strbuf_detach(&src, NULL);
    }
cleanup:
    OPENSSL_cleanse(buf, sizeof buf);
    close(fd);
    return ret;
}

/* --key-env is read once: the value is copied here, its bytes in the
 * environment are overwritten (what /proc/PID/environ shows is that
 * memory) and the variable removed, so that nothing started later and
 * nobody reading /proc sees it.  Later loads of the same variable take
 * the copy. */
static struct {
    char *var;
    unsigned char *val;
    size_t len;
} env_key;

static void env_key_wipe(void)
{
    if (env_key.val) {
        OPENSSL_cleanse(env_key.val, env_key.len);
        free(env_key.val);
    }
    free(env_key.var);
    memset(&env_key, 0, sizeof env_key);
}

int pseudo_key_env_take(const char *var)
{
    if (env_key.var && !strcmp(env_key.var, var))
        return env_key.val ? 0 : -1;
    env_key_wipe();
    if (!env_key.var)
        atexit(env_key_wipe);
    env_key.var = xstrdup(var);
    char *v = getenv(var);
    if (!v || !*v)
        return -1;
    env_key.len = strlen(v);
    env_key.val = (unsigned char *)xstrdup(v);
    OPENSSL_cleanse(v, env_key.len);
    unsetenv(var);
    return 0;
}

int pseudo_key_load_env(struct pseudo_key *k, const char *var, char *err, size_t errlen)
{
    struct strbuf what = STRBUF_INIT;
    int ret;

    memset(k, 0, sizeof *k);
    if (pseudo_key_env_take(var) != 0) {
        snprintf(err, errlen, "environment variable %s is not set", var);
        return -1;
    }
    strbuf_addf(&what, "environment variable %s", var);
    ret = take_material(k, env_key.val, without_line_end(env_key.val, env_key.len), what.buf, err, errlen);
    strbuf_release(&what);
    if (ret == 0) {
        struct strbuf src = STRBUF_INIT;
        strbuf_addf(&src, "env:%s", var);
        k->source = strbuf_detach(&src, NULL);
    }
    return ret;
}

int pseudo_key_random(struct pseudo_key *k, char *err, size_t errlen)
{
    unsigned char raw[32];

    memset(k, 0, sizeof *k);
    if (RAND_bytes(raw, sizeof raw) != 1) {
        snprintf(err, errlen, "the system random generator failed");
        return -1;
    }
    int ret = take_material(k, raw, sizeof raw, "a random key", err, errlen);
    OPENSSL_cleanse(raw, sizeof raw);
    if (ret == 0)
        k->source = xstrdup("random");
    return ret;
}

void pseudo_key_release(struct pseudo_key *k)
{
    if (k->bytes) {
        OPENSSL_cleanse(k->bytes, k->len);
        free(k->bytes);
    }
    free(k->source);
    memset(k, 0, sizeof *k);
}

/* Crockford's base32 alphabet: no I, L, O or U, so nothing reads as a word
 * or as another character. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int pseudonymise(const struct pseudo_key *k, const char *domain, const char *id,
                 char out[PSEUDONYM_LEN + 1])
{
    struct strbuf msg = STRBUF_INIT;
    unsigned char mac[32];
    const char *s = id, *e;

    while (*s && isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (e == s) {
        out[0] = '\0';
        return -1;
    }
    strbuf_addstr(&msg, domain);
    strbuf_addch(&msg, ':');
    for (const char *p = s; p < e; p++)
        strbuf_addch(&msg, toupper((unsigned char)*p));
    hmac_sha256(k->bytes, k->len, (const unsigned char *)msg.buf, msg.len, mac);
    strbuf_release(&msg);

    /* 20 characters x 5 bits = the first 100 bits of the MAC. */
    unsigned bitbuf = 0;
    int bits = 0, byte = 0;
    for (int i = 0; i < PSEUDONYM_LEN; i++) {
        while (bits < 5) {
            bitbuf = (bitbuf << 8) | mac[byte++];
            bits += 8;
        }
        out[i] = b32[(bitbuf >> (bits - 5)) & 31];
        bits -= 5;
    }
    out[PSEUDONYM_LEN] = '\0';
    OPENSSL_cleanse(mac, sizeof mac);
    return 0;
}

int pseudo_keygen(char out[65], char *err, size_t errlen)
{
    unsigned char raw[32];

    if (RAND_bytes(raw, sizeof raw) != 1) {
        snprintf(err, errlen, "the system random generator failed");
        return -1;
    }
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hexdig[raw[i] >> 4];
        out[2 * i + 1] = hexdig[raw[i] & 15];
    }
    out[64] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    return 0;
}

int sha256_file_hex(const char *path, char out[65], char *err, size_t errlen)
{
    unsigned char buf[65536], md[32];
    unsigned int mdlen = 0;
    size_t n;
    int ret = -1;
    FILE *f = fopen(path, "rb");
    EVP_MD_CTX *ctx = NULL;

    if (errlen)
        err[0] = '\0';
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        goto cleanup;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (EVP_DigestUpdate(ctx, buf, n) != 1)
            goto cleanup;
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
        goto cleanup;
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hexdig[md[i] >> 4];
        out[2 * i + 1] = hexdig[md[i] & 15];
    }
    out[64] = '\0';
    ret = 0;
cleanup:
    if (ret != 0 && !err[0])
        snprintf(err, errlen, "cannot hash '%s'", path);
    EVP_MD_CTX_free(ctx);
    fclose(f);
    return ret;
}
