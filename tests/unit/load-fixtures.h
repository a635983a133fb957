/* load-fixtures.h: loading fixture files in unit tests (included by the
 * test-*.c files that need it; test code only). */
#ifndef CC_TEST_LOAD_FIXTURES_H
#define CC_TEST_LOAD_FIXTURES_H

#include <stdlib.h>
#include <string.h>

#include "source.h"

#define FIX CC_FIXTURES "/"

/* The certificates of every source in the space-separated LIST (relative
 * to the fixtures), appended to *CERTS; the sources go to SRCS. */
static inline void load(const char *list, struct cc_source **srcs, size_t *n_srcs, struct cc_cert ***certs,
		 size_t *n)
{
	char *copy = cc_xstrdup(list ? list : ""), *save = NULL;
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *path = cc_xasprintf(FIX "%s", tok);
		struct cc_error err = CC_ERROR_INIT;
		struct cc_source *s;
		if (cc_source_load(path, NULL, &s, &err) < 0)
			fail_msg("%s", err.msg);
		srcs[(*n_srcs)++] = s;
		const struct cc_entry *e = cc_source_main_entry(s);
		*certs = cc_xreallocarray(*certs, *n + e->n_certs, sizeof(**certs));
		for (size_t i = 0; i < e->n_certs; i++)
			(*certs)[(*n)++] = e->certs[i];
		free(path);
	}
	free(copy);
}

/* One source, REL relative to the fixtures (or absolute). */
static inline struct cc_source *load_source(const char *rel)
{
	char *path = rel[0] == '/' ? cc_xstrdup(rel) : cc_xasprintf(FIX "%s", rel);
	struct cc_error err = CC_ERROR_INIT;
	struct cc_source *s = NULL;
	if (cc_source_load(path, NULL, &s, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	return s;
}

#endif
