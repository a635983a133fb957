/* tls-fetch.h: a GnuTLS client that returns the chain a peer presents and
 * the facts of the handshake.  Every tls:// source and `connect` go
 * through it. */
#ifndef CC_TLS_FETCH_H
#define CC_TLS_FETCH_H

#include <stdbool.h>

#include "source.h"

/* The CONN options of design.md, shared by every command that reads tls://. */
struct cc_tls_options {
	const char *sni;        /* --sni NAME; NULL: HOST, unless HOST is an IP literal */
	bool no_sni;            /* --no-sni: send no server name */
	const char *alpn;       /* --alpn LIST: comma-separated protocol names, or NULL */
	const char *cert_file;  /* --cert FILE: client certificate chain (PEM) */
	const char *key_file;   /* --key FILE: its private key */
	int timeout_ms;         /* --timeout SECONDS: name resolution, connect and handshake */
	int tls_min, tls_max;   /* --tls-min/--tls-max: 0 (no bound), 12 or 13 */
	const char *priority;   /* --priority STRING: a GnuTLS priority string */
};
#define CC_TLS_DEFAULT_TIMEOUT_MS 10000
#define CC_TLS_OPTIONS_INIT { NULL, false, NULL, NULL, NULL, CC_TLS_DEFAULT_TIMEOUT_MS, 0, 0, NULL }

struct cc_tls_info;
void cc_tls_info_free(struct cc_tls_info *info);

/* Dial SRC->location and fill SRC with an entry holding the presented
 * chain and SRC->tls with the handshake facts.  OPTS may be NULL (the
 * defaults). */
int cc_tls_fetch_source(struct cc_source *src, const struct cc_tls_options *opts,
			struct cc_error *err);

#endif
