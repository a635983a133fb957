/* parallel.c: see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "mem.h"

static unsigned online_threads;   /* set once, by count_threads */

static void count_threads(void)
{
	const char *env = getenv("CERTCHECK_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	online_threads = n < 1 ? 1 : n > CC_MAX_THREADS ? CC_MAX_THREADS : (unsigned)n;
}

unsigned cc_threads(void)
{
	/* sysconf reads /sys each time, and a dump asks once per entry. */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, count_threads);
	return online_threads;
}

struct parallel_job {
	size_t n;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	atomic_size_t next;   /* the next I nobody has taken */
};

static void *parallel_worker(void *arg)
{
	struct parallel_job *j = arg;
	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
		j->fn(j->ctx, i);
	return NULL;
}

void cc_parallel_run(size_t n, unsigned threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct parallel_job j = { n, fn, ctx, 0 };
	atomic_init(&j.next, 0);
	if (threads > n)
		threads = (unsigned)n;
	if (threads < 1)
		threads = 1;
	pthread_t *t = cc_xcalloc(threads, sizeof(*t));
	unsigned started = 0;
	/* A thread that cannot start leaves its share to the others. */
	for (; started + 1 < threads; started++)
		if (pthread_create(&t[started], NULL, parallel_worker, &j) != 0)
			break;
	parallel_worker(&j);
	for (unsigned i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}

void cc_parallel_for(size_t n, size_t min, void (*fn)(void *ctx, size_t i), void *ctx)
{
	cc_parallel_run(n, n >= min ? cc_threads() : 1, fn, ctx);
}

struct ordered_batch {
	void *(*make)(void *ctx, size_t i);
	void *ctx;
	size_t first;
	void **results;
};

static void make_one(void *arg, size_t i)
{
	struct ordered_batch *b = arg;
	b->results[i] = b->make(b->ctx, b->first + i);
}

void cc_parallel_ordered(size_t n, size_t min, size_t batch, void *(*make)(void *ctx, size_t i),
			 void (*take)(void *ctx, size_t i, void *result), void *ctx)
{
	if (batch < 1)
		batch = 1;
	struct ordered_batch b = { make, ctx, 0, cc_xcalloc(batch, sizeof(void *)) };
	for (; b.first < n; b.first += batch) {
		size_t count = n - b.first < batch ? n - b.first : batch;
		cc_parallel_run(count, n >= min ? cc_threads() : 1, make_one, &b);
		for (size_t i = 0; i < count; i++)
			take(ctx, b.first + i, b.results[i]);
	}
	free(b.results);
}
