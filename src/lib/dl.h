/* dl.h: libraries opened the first time they are needed, not linked.
 *
 * libxml2 (JUnit output) and libcurl (fetching over HTTP) bring dozens of
 * libraries between them whose loading was most of every run's start-up,
 * while few runs use them (docs/benchmarks.md, scenario 1).  Their users
 * declare one pointer per function, typed by the library's own header,
 * and open the library once (pthread_once) with cc_dl_load. */
#ifndef CC_DL_H
#define CC_DL_H

#include <stdbool.h>
#include <stddef.h>

struct cc_dl_sym {
	const char *name;
	void **slot;   /* where the function's address goes */
};

/* Open SONAME and fill every slot of SYMS (N of them).  False when it
 * cannot: ERR (SIZE bytes) then says "cannot load SONAME (NEED): why" or
 * which function is missing.  The library stays open until the process
 * exits. */
bool cc_dl_load(const char *soname, const char *need, const struct cc_dl_sym *syms, size_t n,
		char *err, size_t size);

#endif
