/* load.h: loading a SOURCE: parse the SOURCE string, detect the format,
 * hand the bytes to a reader (read.h) or dial the endpoint (tls-fetch.h)
 * and build the source's entries (entry.h).
 *
 * SOURCE is PATH, "-" (standard input), tls://HOST[:PORT], a URL of a TLS
 * endpoint (tls-url.h), or any of them followed by #NAME to select one
 * entry.
 */
#ifndef CC_LOAD_H
#define CC_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

#include "entry.h"
#include "util.h"

/* Whether a command may take N SOURCE arguments (CC_MAX_SOURCES). */
int cc_check_source_count(size_t n, struct cc_error *err);

/* Options for loading a source; the TLS part is used by tls:// only. */
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

/* Dial the tls:// source SRC (cc_tls_fetch) and fill it: an entry holding
 * the presented chain, SRC->tls with the handshake facts, their notes
 * (cc_tls_advise) and the decoded OCSP staple.  OPTS may be NULL (the
 * defaults).  Errors as cc_tls_fetch's; SRC->tls then still says how the
 * attempt ended (unless the location was bad). */
int cc_source_load_tls(struct cc_source *src, const struct cc_tls_options *opts,
		       struct cc_error *err);

/* The N DER certificates a peer presented (PEERS) as a new chain entry of
 * SRC named by its location, into *ENTRY.  Errors name SRC's spec (and the
 * certificate's number) and have status CC_NO_CHAIN: a chain that cannot be
 * used is no chain. */
int cc_tls_add_chain(struct cc_source *src, const gnutls_datum_t *peers, size_t n,
		     struct cc_entry **entry, struct cc_error *err);

#endif
