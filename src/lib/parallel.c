/* parallel.c: see parallel.h. */
#include "parallel.h"

#include <stdlib.h>
#include <unistd.h>

unsigned cc_threads(void)
{
	const char *env = getenv("CERTCHECK_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CC_MAX_THREADS ? CC_MAX_THREADS : (unsigned)n;
}
