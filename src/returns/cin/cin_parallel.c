/*
 * The parser/rules pipeline; see cin_parallel.h.
 *
 * The ring is an array of CIN_PARALLEL_RING item pointers and two running
 * counts under one mutex: `produced` (items the parser has put in) and
 * `consumed` (items the checker has finished with).  The parser writes
 * position produced % RING only when produced - consumed < RING, so the
 * item it replaces there has been consumed; it recycles that item itself,
 * because only the reader's thread may touch the reader.  The checker reads
 * position consumed % RING while consumed < produced, and the parser never
 * writes that position until the checker has moved past it.  Besides the
 * count, the bytes the waiting items hold are bounded (CIN_PARALLEL_BYTES,
 * though one item always fits), so a run of unusually large children
 * cannot pile up.
 *
 * Waking a sleeping thread is a system call, dear on a virtual machine
 * (an interrupt to the other CPU), and the checker is several times faster
 * than the parser, so it would otherwise sleep and be woken for every
 * child: the parser wakes it only once PARALLEL_WAKE items (or half the
 * byte bound) wait, when the parser itself has to wait for room, and at
 * the end.  The checker wakes a waiting parser as soon as there is room.
 * Each side clears the other's waiting flag when it signals, so a thread
 * is signalled once per sleep.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "returns/cin/cin_parallel.h"
#include "core/log.h"

#define RING CIN_PARALLEL_RING
#define PARALLEL_WAKE (RING / 2)

struct pipeline {
    struct cin_reader *r;
    cin_child_fn fn;
    void *opaque;

    pthread_mutex_t mu;
    pthread_cond_t has_items;      /* the checker waits on it */
    pthread_cond_t has_room;       /* the parser waits on it */
    struct cin_item *items[RING];
    size_t sizes[RING];            /* cin_item_bytes of each */
    uint64_t produced, consumed;
    size_t bytes;                  /* held by the items not yet consumed */
    bool done;                     /* the parser has put in its last item */
    bool checker_waiting, parser_waiting;
};

_Static_assert(PARALLEL_WAKE >= 1 && PARALLEL_WAKE <= RING, "the wake threshold must fit the ring");

int cin_parallel_threads(void)
{
    const char *env = getenv("STATRETURN_THREADS");
    long cpus;

    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (!*end && n >= 1)
            return n >= 2 ? 2 : 1;
        sr_debug("STATRETURN_THREADS='%.16s' is not a positive number; ignored", env);
    }
    cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 1 ? 2 : 1;
}

static void check_item(const struct pipeline *p, const struct cin_item *it)
{
    const struct cin_child *c = cin_item_child(it);

    cin_item_deliver_errors(p->r, it);
    if (c && p->fn)
        p->fn(p->opaque, c);
}

static void *checker(void *arg)
{
    struct pipeline *p = arg;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->consumed == p->produced && !p->done) {
            p->checker_waiting = true;
            pthread_cond_wait(&p->has_items, &p->mu);
        }
        if (p->consumed == p->produced)
            break;                  /* done, and every item checked */
        const struct cin_item *it = p->items[p->consumed % RING];
        pthread_mutex_unlock(&p->mu);
        check_item(p, it);
        pthread_mutex_lock(&p->mu);
        p->bytes -= p->sizes[p->consumed % RING];
        p->consumed++;
        if (p->parser_waiting) {
            p->parser_waiting = false;
            pthread_cond_signal(&p->has_room);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static bool room_for(const struct pipeline *p, size_t size)
{
    uint64_t waiting = p->produced - p->consumed;

    return waiting < RING && (waiting == 0 || p->bytes + size <= CIN_PARALLEL_BYTES);
}

static void wake_checker(struct pipeline *p)
{
    if (p->checker_waiting) {
        p->checker_waiting = false;
        pthread_cond_signal(&p->has_items);
    }
}

/* Puts one item in the ring, waiting for room; recycles the item it replaces. */
static void put(struct pipeline *p, struct cin_item *it)
{
    size_t size = cin_item_bytes(it);
    struct cin_item *old;

    pthread_mutex_lock(&p->mu);
    while (!room_for(p, size)) {
        wake_checker(p);            /* whatever it was waiting for, this is all it gets */
        p->parser_waiting = true;
        pthread_cond_wait(&p->has_room, &p->mu);
    }
    old = p->items[p->produced % RING];
    p->items[p->produced % RING] = it;
    p->sizes[p->produced % RING] = size;
    p->produced++;
    p->bytes += size;
    if (p->produced - p->consumed >= PARALLEL_WAKE || p->bytes >= CIN_PARALLEL_BYTES / 2)
        wake_checker(p);
    pthread_mutex_unlock(&p->mu);
    cin_reader_recycle(p->r, old);
}

static int run_single(struct cin_reader *r, cin_child_fn fn, void *opaque)
{
    const struct cin_child *c;
    int k;

    while ((k = cin_reader_next_child(r, &c)) == 1)
        if (fn)
            fn(opaque, c);
    return k < 0 ? -1 : 0;
}

/* Starts the checker with every signal blocked, so that signals still go
 * to the main thread as they did before there was a second one. */
static int start_checker(pthread_t *tid, struct pipeline *p)
{
    sigset_t all, old;
    int rc;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(tid, NULL, checker, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int cin_parallel_run(struct cin_reader *r, cin_child_fn fn, void *opaque, int threads)
{
    struct pipeline p;
    struct cin_item *it;
    pthread_t tid;
    bool mu_ok, items_ok, room_ok;
    int k;

    /* Without a per-child function there is nothing to overlap. */
    if (threads <= 1 || !fn)
        return run_single(r, fn, opaque);

    memset(&p, 0, sizeof p);
    p.r = r;
    p.fn = fn;
    p.opaque = opaque;
    mu_ok = pthread_mutex_init(&p.mu, NULL) == 0;
    items_ok = mu_ok && pthread_cond_init(&p.has_items, NULL) == 0;
    room_ok = items_ok && pthread_cond_init(&p.has_room, NULL) == 0;
    if (!room_ok || start_checker(&tid, &p) != 0) {
        sr_debug("cannot start the rules thread; checking children on this one");
        k = run_single(r, fn, opaque);
        goto cleanup;
    }

    while ((k = cin_reader_next_item(r, &it)) == 1)
        put(&p, it);

    /* The end, or a fatal error: the checker finishes what is in the ring
     * and stops; nothing waits for the parser any more. */
    pthread_mutex_lock(&p.mu);
    p.done = true;
    wake_checker(&p);
    pthread_mutex_unlock(&p.mu);
    pthread_join(tid, NULL);
    for (size_t i = 0; i < RING; i++)
        cin_reader_recycle(r, p.items[i]);

cleanup:
    if (room_ok)
        pthread_cond_destroy(&p.has_room);
    if (items_ok)
        pthread_cond_destroy(&p.has_items);
    if (mu_ok)
        pthread_mutex_destroy(&p.mu);
    return k < 0 ? -1 : 0;
}
