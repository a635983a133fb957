/* read-tests.h: helpers of the dump reader tests (test code only; include
 * after cmocka.h): YAML and base64 forms of PEM, and comparing a source's
 * entries and notes with a table row. */
#ifndef CC_TEST_READ_TESTS_H
#define CC_TEST_READ_TESTS_H

#include <stdbool.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "entry.h"

/* Base64 on one line (kubectl), or wrapped at 64 columns and indented
 * (a hand-written literal block). */
/* The whole file PATH, NUL-terminated (caller frees); the test fails if it
 * cannot be read. */
static inline char *slurp(const char *path)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(path, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

static inline char *b64(const char *s, const char *wrap_indent)
{
	gnutls_datum_t in = { (unsigned char *)s, (unsigned)strlen(s) }, out;
	assert_true(gnutls_base64_encode2(&in, &out) >= 0);
	struct cc_buf b = CC_BUF_INIT;
	if (wrap_indent)
		cc_buf_adds(&b, wrap_indent);
	for (unsigned i = 0; i < out.size; i++) {
		if (out.data[i] != '\n')
			cc_buf_add(&b, &out.data[i], 1);
		else if (wrap_indent && i + 1 < out.size)
			cc_buf_addf(&b, "\n%s", wrap_indent);
	}
	gnutls_free(out.data);
	return cc_buf_detach(&b, NULL);
}

/* PEM as a YAML literal block's lines, indented by IND. */
static inline char *block(const char *pem, const char *ind)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, ind);
	for (const char *p = pem; *p; p++) {
		cc_buf_add(&b, p, 1);
		if (*p == '\n' && p[1])
			cc_buf_adds(&b, ind);
	}
	return cc_buf_detach(&b, NULL);
}

struct want_entry {
	const char *name;
	enum cc_role role;
	size_t certs;
};

/* SRC's entries are exactly WANT (up to MAX rows, ended by a NULL name):
 * names, roles and certificate counts, in order.  WHAT names the case. */
static inline void expect_entries(const char *what, const struct cc_source *src,
				  const struct want_entry *want, size_t max)
{
	size_t n = 0;
	while (n < max && want[n].name)
		n++;
	if (src->n_entries != n)
		fail_msg("%s: %zu entries, want %zu", what, src->n_entries, n);
	for (size_t k = 0; k < n; k++) {
		const struct cc_entry *e = &src->entries[k];
		const struct want_entry *w = &want[k];
		if (strcmp(e->name, w->name) != 0 || e->role != w->role || e->n_certs != w->certs)
			fail_msg("%s: entry %zu: %s %s %zu, want %s %s %zu", what, k, e->name,
				 cc_role_name(e->role), e->n_certs, w->name, cc_role_name(w->role),
				 w->certs);
	}
}

/* One of SRC's notes starts with NOTE. */
static inline void expect_note(const char *what, const struct cc_source *src, const char *note)
{
	for (size_t m = 0; m < src->notes.n; m++)
		if (strncmp(src->notes.v[m], note, strlen(note)) == 0)
			return;
	fail_msg("%s: no note '%s' (first: %s)", what, note, src->notes.n ? src->notes.v[0] : "none");
}

#endif
