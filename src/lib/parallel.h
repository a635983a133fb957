/* parallel.h: how many threads the work on a big input is shared by. */
#ifndef CC_PARALLEL_H
#define CC_PARALLEL_H

/* How many threads the work on a big input is shared by (PEM decoding,
 * a long chain's issuer links): the environment's CERTCHECK_THREADS when
 * set (1 to CC_MAX_THREADS), else the online CPUs.  No result depends on
 * it. */
#define CC_MAX_THREADS 16
unsigned cc_threads(void);

#endif
