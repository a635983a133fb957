/* source.h: SOURCE strings, the entries a source yields, and loading.
 *
 * SOURCE is PATH, "-" (standard input), tls://HOST[:PORT], or any of them
 * followed by #NAME to select one entry.  A source yields entries; each
 * entry has a name, a role and its certificates in the order they appear.
 */
#ifndef CC_SOURCE_H
#define CC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "cert.h"
#include "util.h"

enum cc_role {
	CC_ROLE_CHAIN,   /* certificates presented or issued, leaf first */
	CC_ROLE_TRUST,   /* roots a proxy or secret trusts */
};
const char *cc_role_name(enum cc_role role);

struct cc_entry {
	char *name;
	enum cc_role role;
	struct cc_cert **certs;
	size_t n_certs;
	size_t alloc_certs;
	struct cc_strv notes;    /* what the reader skipped or could not see */
};

/* Append CERT (ownership passes to ENTRY). */
void cc_entry_add_cert(struct cc_entry *entry, struct cc_cert *cert);
/* Whether a command may take N SOURCE arguments (CC_MAX_SOURCES). */
int cc_check_source_count(size_t n, struct cc_error *err);

struct cc_tls_info;   /* handshake facts of a tls:// source (tls-fetch.h) */

struct cc_source {
	char *spec;              /* as the user gave it */
	char *location;          /* the path, "(stdin)" or "HOST:PORT": for messages */
	char *select;            /* the #NAME part, or NULL */
	bool is_stdin;           /* "-": read standard input (never decided by
				    LOCATION: a file may be named "(stdin)") */
	bool is_tls;
	const char *format;      /* "pem", "der", "pkcs7", "tls", ... */
	struct cc_entry *entries;
	size_t n_entries;
	size_t alloc_entries;
	struct cc_strv notes;
	struct cc_tls_info *tls; /* tls:// sources only */
};

/* Add an empty entry to SRC and return it (valid until the next add). */
struct cc_entry *cc_source_add_entry(struct cc_source *src, const char *name, enum cc_role role);
void cc_source_free(struct cc_source *src);

/* Options for loading a source; the TLS part is used by tls:// only. */
struct cc_tls_options;
struct cc_load_options {
	const struct cc_tls_options *tls;
};

/* Split SPEC into its parts (no I/O beyond checking whether a path with a
 * '#' exists as a file). */
int cc_source_parse(const char *spec, struct cc_source **out, struct cc_error *err);

/* Whether SPEC reads standard input ("-" or "-#NAME"), which a run can
 * read only once. */
bool cc_source_spec_is_stdin(const char *spec);

/* Parse SPEC and read it: a file, stdin or a live endpoint.  On success the
 * source has at least one entry with at least one certificate (after #NAME
 * selection), else it is an error that names the source. */
int cc_source_load(const char *spec, const struct cc_load_options *opts, struct cc_source **out,
		   struct cc_error *err);

/* Read DATA (from LOCATION, for messages) into SRC, detecting the format
 * from the content.  OPTS (may be NULL) gives the password of a PKCS#12
 * file (opts->tls->password); cc_source_read_data is this without one. */
int cc_source_read_data_opts(struct cc_source *src, const char *data, size_t len,
			     const struct cc_load_options *opts, struct cc_error *err);
int cc_source_read_data(struct cc_source *src, const char *data, size_t len, struct cc_error *err);

/* The entry whose certificates a single-chain command works on: the
 * selected one, else the first chain entry, else the first entry. */
const struct cc_entry *cc_source_main_entry(const struct cc_source *src);
/* The first trust entry, or NULL. */
const struct cc_entry *cc_source_trust_entry(const struct cc_source *src);

#endif
