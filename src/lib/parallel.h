/* parallel.h: how many threads the work on a big input is shared by, and
 * the one way it is shared. */
#ifndef CC_PARALLEL_H
#define CC_PARALLEL_H

#include <stddef.h>

/* How many threads the work on a big input is shared by (PEM decoding,
 * a long chain's issuer links, the JSON of a big entry): the environment's
 * CERTCHECK_THREADS when set (1 to CC_MAX_THREADS), else the online CPUs.
 * No result depends on it. */
#define CC_MAX_THREADS 16
unsigned cc_threads(void);

/* Call FN(CTX, I) once for every I below N, in no set order: shared by
 * cc_threads() threads (this one among them) when N is at least MIN, else
 * all in this thread, in order.  Returns when every call has returned.
 * FN must be safe to run on several threads at once. */
void cc_parallel_for(size_t n, size_t min, void (*fn)(void *ctx, size_t i), void *ctx);
/* The same on THREADS threads (at most N; this one among them), whatever
 * cc_threads() says: for work that waits rather than computes (--jobs). */
void cc_parallel_run(size_t n, unsigned threads, void (*fn)(void *ctx, size_t i), void *ctx);

/* Make N results, MAKE(CTX, I), on every core when N is at least MIN, at
 * most BATCH at a time, and hand each to TAKE(CTX, I, RESULT) on this
 * thread in the order of I: output that must come out in input order (the
 * JSON or the text of thousands of certificates), made in parallel with
 * the text held bounded by the batch.  MAKE must be safe to run on several
 * threads at once. */
void cc_parallel_ordered(size_t n, size_t min, size_t batch, void *(*make)(void *ctx, size_t i),
			 void (*take)(void *ctx, size_t i, void *result), void *ctx);

#endif
