/* load-many.h: many SOURCEs in one run: --targets files, and loading them
 * with at most JOBS at a time, results kept in input order whatever order
 * the loads finish in. */
#ifndef CC_LOAD_MANY_H
#define CC_LOAD_MANY_H

#include <stdbool.h>

#include "load.h"
#include "util.h"

/* The default for -j: live endpoints mostly wait on the network, so more
 * than the 2 cores of a CI runner pays off; 8 stays polite to a gateway. */
#define CC_DEFAULT_JOBS 8
#define CC_MAX_JOBS 256

/* One SOURCE's outcome: SRC, or NULL and ERR. */
struct cc_loaded {
	struct cc_source *src;
	struct cc_error err;
	double seconds;   /* wall time spent loading it */
};

/* Append the SOURCEs listed in PATH ("-" is standard input), one per line;
 * blank lines and lines whose first non-blank character is '#' are
 * ignored, a '#' after a space or tab starts a trailing comment (one right
 * after a SOURCE selects an entry), surrounding blanks trimmed.  A file without any SOURCE is an
 * error naming it. */
int cc_targets_read(const char *path, struct cc_strv *out, struct cc_error *err);

/* Load SPECS[0..N) into OUT[0..N) with at most JOBS loads at once (1:
 * one after the other, in this thread).  Every OUT[i] is filled, with a
 * source or an error; nothing stops at the first failure. */
void cc_load_many(const char *const *specs, size_t n, const struct cc_load_options *opts,
		  unsigned jobs, struct cc_loaded *out);
/* A tls:// source parsed but not yet fetched, and how its fetch went:
 * SRC keeps the handshake facts (SRC->tls) even when GOT is false. */
struct cc_fetched {
	struct cc_source *src;
	bool got;
	struct cc_error err;
};
/* cc_source_load_tls on each FETCHED[i].src, at most JOBS at once. */
void cc_fetch_many(struct cc_fetched *fetched, size_t n, const struct cc_load_options *opts,
		   unsigned jobs);
void cc_loaded_release(struct cc_loaded *loaded, size_t n);

#endif
