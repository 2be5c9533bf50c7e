/*
 * Checking CIN children while the file is still being parsed.
 *
 * Parsing with the schema plugged in is most of the cost of `validate`; the
 * DfE rules are the rest.  cin_parallel_run reads the rest of a file with a
 * cin_reader (cin_reader.h) on the calling thread and, with two threads,
 * hands each finished child through a small bounded ring to a second thread
 * that delivers its schema errors and runs the caller's per-child function,
 * so that the rules overlap the parse.  Memory stays constant: the ring
 * holds at most CIN_PARALLEL_RING children, each in its own arena, and at
 * most CIN_PARALLEL_BYTES of them; the parser waits when it is full.
 *
 * Output order does not depend on the threads: every callback (the reader's
 * on_schema_error and fn) runs on one thread, one at a time, in file order,
 * exactly as the single-threaded loop
 *     while (cin_reader_next_child(r, &c) == 1) fn(opaque, c);
 * calls them; the calling thread touches none of their state until
 * cin_parallel_run returns.  A fatal error (a truncated file, a child over
 * the reader's limits) ends the run after the children before it have been
 * checked, as in that loop.
 */
#ifndef STATRETURN_CIN_PARALLEL_H
#define STATRETURN_CIN_PARALLEL_H

#include "returns/cin/cin_reader.h"

/* Children waiting between the parser and the rules, at most, and the
 * memory they may hold (one child is let through whatever its size).
 * Overridable at build time so that a test build can make the ring tiny
 * and exercise every wait. */
#ifndef CIN_PARALLEL_RING
#define CIN_PARALLEL_RING  256
#endif
#ifndef CIN_PARALLEL_BYTES
#define CIN_PARALLEL_BYTES (16u * 1024 * 1024)
#endif

typedef void (*cin_child_fn)(void *opaque, const struct cin_child *c);

/* Threads for a run: $STATRETURN_THREADS when it is a positive number (1:
 * the single-threaded loop, for comparisons and tests; more counts as 2),
 * else 2 when more than one CPU is online, else 1. */
int cin_parallel_threads(void);

/*
 * Reads the rest of the file (call after cin_reader_header), delivering
 * each child's schema errors and then calling fn (may be NULL) for it, and
 * the schema errors outside any child, all in file order.  threads <= 1, or
 * a thread that cannot be started, runs everything on the calling thread.
 * Returns 0 at the end of the file, -1 on a fatal error (cin_reader_error).
 */
int cin_parallel_run(struct cin_reader *r, cin_child_fn fn, void *opaque, int threads);

#endif
