/*
 * The change-only state store of the CSC API feed; see
 * include/returns/cscapi/csc_api.h.
 *
 * Per LA, in the state directory (never in the replica, which stays read
 * only), three files, all mode 0600:
 *
 *   csc_api_state.key            the store's own HMAC key: the hashes are
 *                                keyed, so the store cannot be used to
 *                                confirm a guess at a child's data
 *   csc_api_state_LA.tsv         one line per child DfE holds:
 *                                id, hash, status, receipt, when
 *   csc_api_state_LA.journal     outcomes of a send in progress, appended
 *                                and fsynced batch by batch (write-ahead)
 *
 * A send journals each acknowledged batch before it goes on, and at the
 * end writes the whole store to a temporary file, fsyncs and renames it
 * over the old one, then removes the journal.  A run that stops anywhere
 * leaves either the old store and a journal (replayed, in order, by the
 * next open: replaying twice gives the same store) or the new store.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/outfile.h"
#include "returns/cscapi/csc_api.h"

#define STATE_HEADER "# statreturn csc-api state 1"

bool csc_volatile_key(const char *key)
{
    size_t n = strlen(key);
    return n > 3 && !strcmp(key + n - 3, "_id") && strcmp(key, "la_child_id") && strcmp(key, "worker_id");
}

static const char *status_name(enum csc_status s)
{
    return s == CSC_ACCEPTED ? "accepted" : s == CSC_REJECTED ? "rejected" : "purged";
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct csc_state_entry *)a)->id, ((const struct csc_state_entry *)b)->id);
}

/* ---- the index: open addressing over entry numbers ------------------------
 *
 * A send applies one outcome per child, most of them new ids: looking each
 * up in a sorted array (and sorting again after each insert) made a send
 * of 20,000 children spend seconds in qsort.  The entries stay in the
 * order they came; the index finds them; csc_state_sort puts them in id
 * order when the order is needed (saving, the build's purges). */

static size_t id_hash(const char *id)
{
    size_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* The slot of id: the one holding it, or the empty one where it would go. */
static size_t slot_of(const struct csc_state *st, const char *id)
{
    size_t mask = st->n_slots - 1, i = id_hash(id) & mask;
    while (st->slots[i] && strcmp(st->e[st->slots[i] - 1].id, id))
        i = (i + 1) & mask;
    return i;
}

static void index_rebuild(struct csc_state *st)
{
    size_t n = 64;
    while (n < st->n * 2 + 2)
        n *= 2;
    free(st->slots);
    st->slots = xcalloc(n, sizeof *st->slots);
    st->n_slots = n;
    for (size_t i = 0; i < st->n; i++)
        st->slots[slot_of(st, st->e[i].id)] = i + 1;
}

void csc_state_sort(struct csc_state *st)
{
    if (st->sorted)
        return;
    qsort(st->e, st->n, sizeof *st->e, cmp_entry);
    st->sorted = true;
    index_rebuild(st);
}

struct csc_state_entry *csc_state_find(struct csc_state *st, const char *id)
{
    if (!st->slots)
        index_rebuild(st);
    size_t k = st->slots[slot_of(st, id)];
    return k ? &st->e[k - 1] : NULL;
}

static void now_utc(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void csc_state_apply(struct csc_state *st, const char *id, const char *hash, const char *status,
                     const char *receipt, const char *when)
{
    struct csc_state_entry *e = csc_state_find(st, id);
    if (!e) {
        if ((st->n + 1) * 2 > st->n_slots)
            index_rebuild(st);
        ALLOC_GROW(st->e, st->n, st->cap);
        e = &st->e[st->n++];
        memset(e, 0, sizeof *e);
        e->id = xstrdup(id);
        st->slots[slot_of(st, id)] = st->n;
        st->sorted = st->sorted && (st->n == 1 || strcmp(st->e[st->n - 2].id, id) < 0);
    }
    snprintf(e->hash, sizeof e->hash, "%s", hash);
    e->status = !strcmp(status, "accepted") ? CSC_ACCEPTED : !strcmp(status, "rejected") ? CSC_REJECTED : CSC_PURGED;
    free(e->receipt);
    e->receipt = receipt && *receipt && strcmp(receipt, "-") ? xstrdup(receipt) : NULL;
    snprintf(e->when, sizeof e->when, "%s", when ? when : "");
}

/* Lines "id hash status receipt when" (tab-separated) of path into the
 * store; a missing file is an empty store. */
static int read_lines(struct csc_state *st, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;

    if (!f)
        return errno == ENOENT ? 0 : (snprintf(err, errlen, "cannot read the CSC API state '%s': %s", path,
                                               strerror(errno)), -1);
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        char *w[5], *pos = line;
        size_t n = 0;
        bool whole = line[len - 1] == '\n';
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line || *line == '#')
            continue;
        while (n < 5 && (w[n] = strsep(&pos, "\t")))
            n++;
        if (n != 5 || strlen(w[1]) != 64) {
            /* A journal's last line may be cut short by a crash: it was
             * never acknowledged as written, so it is not applied. */
            if (!whole)
                break;
            snprintf(err, errlen, "%s:%u: not a line of the CSC API state (the file is damaged; restore it "
                     "from a backup, or start again with --full)", path, lineno);
            rc = -1;
            break;
        }
        csc_state_apply(st, w[0], w[1], w[2], w[3], w[4]);
    }
    free(line);
    fclose(f);
    return rc;
}

static int ensure_key(struct csc_state *st, bool create, char *err, size_t errlen)
{
    struct strbuf kp = STRBUF_INIT;
    struct stat sb;
    int rc = -1;

    strbuf_addf(&kp, "%s/csc_api_state.key", st->dir);
    if (stat(kp.buf, &sb) != 0 && errno == ENOENT) {
        char hex[66];
        if (!create) {
            snprintf(err, errlen, "no CSC API state in '%s' (no csc_api_state.key): run 'statreturn build csc-api' "
                     "with this state directory first", st->dir);
            goto out;
        }
        if (pseudo_keygen(hex, err, errlen) != 0)
            goto out;
        size_t n = strlen(hex);
        hex[n] = '\n';
        if (outfile_write(kp.buf, false, hex, n + 1, err, errlen) != 0)
            goto out;
    }
    rc = pseudo_key_load_file(&st->key, kp.buf, err, errlen);
out:
    strbuf_release(&kp);
    return rc;
}

int csc_state_open(struct csc_state *st, const char *dir, const char *la, bool create, char *err, size_t errlen)
{
    struct strbuf p = STRBUF_INIT;
    struct stat sb;

    memset(st, 0, sizeof *st);
    st->sorted = true;
    st->dir = xstrdup(dir);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "the state directory '%s' does not exist", dir);
        return -1;
    }
    strbuf_addf(&p, "%s/csc_api_state_%s.tsv", dir, la);
    st->path = strbuf_detach(&p, NULL);
    strbuf_addf(&p, "%s/csc_api_state_%s.journal", dir, la);
    st->journal_path = strbuf_detach(&p, NULL);
    if (ensure_key(st, create, err, errlen) != 0 || read_lines(st, st->path, err, errlen) != 0
        || read_lines(st, st->journal_path, err, errlen) != 0)
        return -1;
    return 0;
}

void csc_state_release(struct csc_state *st)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->e[i].id);
        free(st->e[i].receipt);
    }
    free(st->e);
    free(st->slots);
    free(st->dir);
    free(st->path);
    free(st->journal_path);
    pseudo_key_release(&st->key);
    memset(st, 0, sizeof *st);
}

void csc_state_hash(const struct csc_state *st, const struct jv *rec, char out[65])
{
    struct strbuf sb = STRBUF_INIT;
    unsigned char mac[32];

    jv_write(&sb, rec, csc_volatile_key);
    hmac_sha256(st->key.bytes, st->key.len, (const unsigned char *)sb.buf, sb.len, mac);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
    strbuf_release(&sb);
}

int csc_state_journal(struct csc_state *st, const struct csc_outcome *o, size_t n, char *err, size_t errlen)
{
    char when[21];
    struct strbuf lines = STRBUF_INIT;
    int rc = -1;

    now_utc(when);
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&lines, "%s\t%s\t%s\t%s\t%s\n", o[i].id, o[i].hash, o[i].status,
                    o[i].receipt && *o[i].receipt ? o[i].receipt : "-", when);
    int fd = open(st->journal_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, lines.buf, lines.len) != (ssize_t)lines.len || fsync(fd) != 0)
        snprintf(err, errlen, "cannot write the CSC API state journal '%s': %s", st->journal_path, strerror(errno));
    else
        rc = 0;
    if (fd >= 0)
        close(fd);
    for (size_t i = 0; rc == 0 && i < n; i++)
        csc_state_apply(st, o[i].id, o[i].hash, o[i].status, o[i].receipt, when);
    strbuf_release(&lines);
    return rc;
}

int csc_state_save(struct csc_state *st, char *err, size_t errlen)
{
    struct strbuf sb = STRBUF_INIT;

    csc_state_sort(st);   /* the file is in id order */
    strbuf_addstr(&sb, STATE_HEADER "\n");
    for (size_t i = 0; i < st->n; i++) {
        const struct csc_state_entry *e = &st->e[i];
        if (e->status == CSC_PURGED)
            continue;
        strbuf_addf(&sb, "%s\t%s\t%s\t%s\t%s\n", e->id, e->hash, status_name(e->status),
                    e->receipt ? e->receipt : "-", e->when);
    }
    int rc = outfile_write(st->path, true, sb.buf, sb.len, err, errlen);
    strbuf_release(&sb);
    if (rc == 0 && unlink(st->journal_path) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot remove the CSC API state journal '%s': %s", st->journal_path, strerror(errno));
        rc = -1;
    }
    return rc;
}
