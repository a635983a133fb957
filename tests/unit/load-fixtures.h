/* load-fixtures.h: loading fixture files in unit tests (included by the
 * test-*.c files that need it; test code only). */
#ifndef CC_TEST_LOAD_FIXTURES_H
#define CC_TEST_LOAD_FIXTURES_H

#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "load.h"

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

/* An empty source made in memory, its format set to FORMAT ("envoy",
 * "k8s", "pem"), for entries added with add_entry. */
static inline struct cc_source *mem_source(const char *format)
{
	struct cc_source *src;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_source_parse("mem", &src, &err), 0);
	src->format = cc_source_format_from_name(format);
	return src;
}

/* Append the certificates of the file PATH to E (the test fails if it
 * cannot be read). */
static inline void read_into(const char *path, struct cc_entry *e)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(path, &data, &len, &err) < 0 || cc_read_certs(data, len, path, e, &err) < 0)
		fail_msg("%s", err.msg);
	free(data);
}

/* Add an entry NAME with ROLE to SRC, holding the certificates of FILES
 * (";"-separated, relative to the fixtures). */
static inline void add_entry(struct cc_source *src, const char *name, enum cc_role role,
			     const char *files)
{
	struct cc_entry *e = cc_source_add_entry(src, name, role);
	char *list = cc_xstrdup(files), *save = NULL;
	for (char *f = strtok_r(list, ";", &save); f; f = strtok_r(NULL, ";", &save)) {
		char *path = cc_xasprintf(FIX "%s", f);
		read_into(path, e);
		free(path);
	}
	free(list);
}

#endif
