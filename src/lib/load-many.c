/* load-many.c: --targets files and concurrent loading of many sources. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load-many.h"
#include "tls-info.h"

int cc_targets_read(const char *path, struct cc_strv *out, struct cc_error *err)
{
	char *data;
	size_t len;
	if (cc_read_file(path, &data, &len, err) < 0)
		return -1;
	size_t before = out->n;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *end = line + strlen(line);
		while (*line == ' ' || *line == '\t' || *line == '\r')
			line++;
		/* "tls://10.0.0.7:443  # gw1": a '#' after blank space starts a
		 * comment; one inside a SOURCE ("dump.json#ROOTCA") selects. */
		for (char *p = line; *p; p++)
			if (*p == '#' && p > line && (p[-1] == ' ' || p[-1] == '\t')) {
				end = p;
				break;
			}
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		if (end == line || *line == '#')
			continue;
		cc_strv_push(out, cc_xstrndup(line, (size_t)(end - line)));
	}
	free(data);
	if (out->n == before)
		return cc_error_set(err, CC_USAGE, strcmp(path, "-") == 0 ? "(stdin)" : path,
				    "no SOURCE listed (only blank lines and # comments)");
	return 0;
}

struct pool {
	const char *const *specs;
	size_t n;
	const struct cc_load_options *opts;
	struct cc_loaded *out;
	struct cc_fetched *fetched;   /* cc_fetch_many: fetch these instead */
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void load_one(void *ctx, size_t i)
{
	struct pool *p = ctx;
	if (p->fetched) {
		struct cc_fetched *f = &p->fetched[i];
		f->err = (struct cc_error)CC_ERROR_INIT;
		f->got = cc_source_load_tls(f->src, p->opts ? p->opts->tls : NULL, &f->err) == 0;
		return;
	}
	struct cc_loaded *l = &p->out[i];
	double start = now_seconds();
	l->err = (struct cc_error)CC_ERROR_INIT;
	if (cc_source_load(p->specs[i], p->opts, &l->src, &l->err) < 0)
		l->src = NULL;
	l->seconds = now_seconds() - start;
}

static void run_pool(struct pool *p, unsigned jobs)
{
	cc_parallel_run(p->n, jobs > CC_MAX_JOBS ? CC_MAX_JOBS : jobs, load_one, p);
}

void cc_load_many(const char *const *specs, size_t n, const struct cc_load_options *opts,
		  unsigned jobs, struct cc_loaded *out)
{
	struct pool p = { specs, n, opts, out, NULL };
	run_pool(&p, jobs);
}

void cc_fetch_many(struct cc_fetched *fetched, size_t n, const struct cc_load_options *opts,
		   unsigned jobs)
{
	struct pool p = { NULL, n, opts, NULL, fetched };
	run_pool(&p, jobs);
}

void cc_loaded_release(struct cc_loaded *loaded, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cc_source_free(loaded[i].src);
		loaded[i].src = NULL;
	}
}
