/* tls-fetch.h: a GnuTLS client that returns the chain a peer presents and
 * the facts of the handshake.  Every tls:// source and `connect` go
 * through it.
 *
 * Capture first, judge later: the presented chain is copied inside the
 * handshake (the certificate verification callback, which accepts
 * everything), so it survives a handshake that fails afterwards (a
 * required client certificate, an alert, a key usage GnuTLS refuses).
 */
#ifndef CC_TLS_FETCH_H
#define CC_TLS_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

#include "errors.h"
#include "tls-info.h"
#include "tls-url.h"

/* What a peer presented, as DER: its certificates in the order sent (leaf
 * first) and the OCSP response stapled to the leaf (size 0: none).  The
 * owner releases it with cc_tls_der_release. */
struct cc_tls_der {
	gnutls_datum_t *peers;
	size_t n_peers;
	gnutls_datum_t staple;
};
#define CC_TLS_DER_INIT { NULL, 0, { NULL, 0 } }
void cc_tls_der_release(struct cc_tls_der *der);

/* Dial LOCATION (HOST[:PORT] of the source SPEC, which errors name) under
 * OPTS and fill INFO (zeroed by the caller) with the handshake facts and
 * *DER with what the peer presented.  Errors: CC_USAGE for a bad location
 * or option (a --cert that does not load), CC_NO_CHAIN when no certificate
 * was obtained; INFO then still says how the attempt ended (unless the
 * location was bad).  Facts only: the source's entry is load.c's to build
 * (cc_source_load_tls). */
int cc_tls_fetch(const char *spec, const char *location, const struct cc_tls_options *opts,
		 struct cc_tls_info *info, struct cc_tls_der *der, struct cc_error *err);

/* Load the client certificate and key of OPTS (--cert, --key), if any,
 * and check that the key is the certificate's: the check every attempt
 * makes, done once before any dialling.  Errors name the file (CC_USAGE). */
int cc_tls_check_client_cert(const struct cc_tls_options *opts, struct cc_error *err);

/* --- the pure parts, exposed for the unit tests --- */

/* The server name to send for HOST under OPTS, or NULL for none. */
const char *cc_tls_sni_for(const char *host, const struct cc_tls_options *opts);
/* The GnuTLS priority string OPTS ask for (caller frees). */
char *cc_tls_priority_string(const struct cc_tls_options *opts);
/* Whether the first bytes a peer sent can start a TLS record. */
bool cc_tls_looks_like_tls(const unsigned char *data, size_t len);

#endif
