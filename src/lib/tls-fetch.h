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

#include "ocsp-staple.h"
#include "source.h"
#include "starttls.h"

/* The CONN options of design.md, shared by every command that reads tls://. */
struct cc_tls_options {
	const char *sni;        /* --sni NAME; NULL: HOST, unless HOST is an IP literal */
	bool no_sni;            /* --no-sni: send no server name */
	const char *alpn;       /* --alpn LIST: comma-separated protocol names, or NULL */
	const char *cert_file;  /* --cert FILE: client certificate chain (PEM) */
	const char *key_file;   /* --key FILE: its private key */
	int timeout_ms;         /* --timeout SECONDS: name resolution, connect and handshake */
	int tls_min, tls_max;   /* --tls-min/--tls-max: 0 (no bound), 10, 11, 12
				   or 13 (10 and 11 for legacy servers only) */
	const char *priority;   /* --priority STRING: a GnuTLS priority string */
	bool allow_ku_violation;/* --allow-key-usage-violation: accept a server
				   certificate whose key usage lacks digitalSignature */
	const char *password;   /* --password-file: decrypts --key, opens PKCS#12
				   sources; NULL when not given */
	const char *proxy;      /* --proxy http://HOST[:PORT]: tunnel through this
				   HTTP proxy (CONNECT), or NULL */
	enum cc_starttls starttls; /* --starttls PROTO: its exchange first (and
				   its port when HOST has none) */
};
#define CC_TLS_DEFAULT_TIMEOUT_MS 10000
#define CC_TLS_OPTIONS_INIT { .timeout_ms = CC_TLS_DEFAULT_TIMEOUT_MS }

/* How the attempt ended.  The JSON names are cc_tls_status_name()'s. */
enum cc_tls_status {
	CC_TLS_COMPLETED,           /* the handshake completed */
	CC_TLS_CLIENT_CERT_REQUIRED,/* the server asked for a client certificate,
				       none was sent, and it ended the handshake */
	CC_TLS_ALERT,               /* the server sent a fatal alert */
	CC_TLS_KEY_USAGE,           /* GnuTLS refused the server certificate's key
				       usage (no digitalSignature) */
	CC_TLS_TIMEOUT,             /* --timeout ran out */
	CC_TLS_PEER_CLOSED,         /* the peer closed the connection */
	CC_TLS_NOT_TLS,             /* the peer answered something that is not TLS */
	CC_TLS_REFUSED,             /* connection refused */
	CC_TLS_NOT_RESOLVED,        /* the name did not resolve */
	CC_TLS_PROXY_REFUSED,       /* the --proxy answered CONNECT with a refusal */
	CC_TLS_STARTTLS_REFUSED,    /* the server declined --starttls */
	CC_TLS_ERROR,               /* anything else (the message says what) */
};
const char *cc_tls_status_name(enum cc_tls_status status);

/* Where it ended. */
enum cc_tls_stage {
	CC_TLS_STAGE_RESOLVE,
	CC_TLS_STAGE_CONNECT,
	CC_TLS_STAGE_PROXY,          /* the CONNECT exchange with --proxy */
	CC_TLS_STAGE_STARTTLS,       /* the --starttls exchange */
	CC_TLS_STAGE_HANDSHAKE,
	CC_TLS_STAGE_POST_HANDSHAKE, /* TLS 1.3: the server judges the client's
					certificate after the client's Finished */
};
const char *cc_tls_stage_name(enum cc_tls_stage stage);

/* The facts of one attempt.  Strings are NULL when unknown or absent. */
struct cc_tls_info {
	char *host, *port;          /* as dialled */
	char *address;              /* the address connected to: "127.0.0.1:8443",
				       "[::1]:8443" (the proxy's with --proxy) */
	char *proxy;                /* --proxy as given, or NULL */
	enum cc_starttls starttls;  /* --starttls, or CC_STARTTLS_NONE */
	struct cc_ocsp_staple *ocsp;/* the OCSP response stapled to the leaf
				       (status_request), or NULL for none */
	char *sni;                  /* the server name sent */
	char *alpn_offered;         /* --alpn as given */
	char *alpn;                 /* the protocol the server selected */
	char *protocol;             /* "TLS1.3" */
	char *cipher;               /* IANA name, "TLS_AES_256_GCM_SHA384" */
	enum cc_tls_status status;
	enum cc_tls_stage stage;
	char *message;              /* how it ended, in plain words */
	char *alert;                /* the alert received ("certificate_required") */
	int timeout_ms;
	bool client_cert_requested;
	struct cc_strv accepted_cas;/* the CA names of the CertificateRequest */
	bool client_cert_sent;
	bool ku_violation_allowed;  /* --allow-key-usage-violation was given */
	struct cc_strv notes;       /* what else the user should know */
};
void cc_tls_info_free(struct cc_tls_info *info);

/* Dial SRC->location and fill SRC with an entry holding the presented
 * chain and SRC->tls with the handshake facts.  OPTS may be NULL (the
 * defaults).  Errors: CC_USAGE for a bad location or option (a --cert that
 * does not load), CC_NO_CHAIN when no certificate was obtained; SRC->tls
 * then still says how the attempt ended (unless the location was bad). */
int cc_tls_fetch_source(struct cc_source *src, const struct cc_tls_options *opts,
			struct cc_error *err);

/* Load the client certificate and key of OPTS (--cert, --key), if any,
 * and check that the key is the certificate's: the check every attempt
 * makes, done once before any dialling.  Errors name the file (CC_USAGE). */
int cc_tls_check_client_cert(const struct cc_tls_options *opts, struct cc_error *err);

/* --- the pure parts, exposed for the unit tests --- */

/* Split HOST[:PORT] ("example.com", "10.0.0.1:8443", "[::1]:8443", "::1")
 * into freshly allocated HOST and PORT ("443" by default). */
int cc_tls_parse_target(const char *location, char **host, char **port, struct cc_error *err);
/* Whether HOST is an IPv4 or IPv6 address literal (no lookup). */
bool cc_tls_is_ip_literal(const char *host);
/* The server name to send for HOST under OPTS, or NULL for none. */
const char *cc_tls_sni_for(const char *host, const struct cc_tls_options *opts);
/* The GnuTLS priority string OPTS ask for (caller frees). */
char *cc_tls_priority_string(const struct cc_tls_options *opts);
/* Whether the first bytes a peer sent can start a TLS record. */
bool cc_tls_looks_like_tls(const unsigned char *data, size_t len);
/* The N DER certificates a peer presented (PEERS) as a new chain entry of
 * SRC named by its location, into *ENTRY.  Errors name SRC's spec (and the
 * certificate's number) and have status CC_NO_CHAIN: a chain that cannot be
 * used is no chain. */
int cc_tls_add_chain(struct cc_source *src, const gnutls_datum_t *peers, size_t n,
		     struct cc_entry **entry, struct cc_error *err);

#endif
