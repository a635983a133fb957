/* tls-info.h: the facts of a TLS attempt and the options it was made
 * with, as types the source model holds (struct cc_source's tls) and the
 * writers print, apart from the client that dials (tls-fetch.h).
 *
 * Also what the facts mean in words (cc_tls_advise): the notes on a
 * deprecated protocol version or a key usage GnuTLS refuses, written once
 * here rather than in the socket code.
 */
#ifndef CC_TLS_INFO_H
#define CC_TLS_INFO_H

#include <stdbool.h>

#include "mem.h"
#include "ocsp-staple.h"
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

/* The lowest version OPTS offer: --tls-min, else 1.2 (or --tls-max when
 * that is lower: --tls-max 1.1 alone means 1.1).  12 is TLS 1.2. */
int cc_tls_lowest_version(const struct cc_tls_options *opts);

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

/* What the facts of INFO (an attempt made with OPTS that obtained a chain
 * whose leaf is LEAF) mean for the user: a leaf whose key usage lacks
 * digitalSignature (INFO->message when GnuTLS refused it, else a note in
 * INFO->notes), TLS 1.0 or 1.1 offered or negotiated (a note in
 * INFO->notes), a handshake that did not complete (a note in CHAIN_NOTES,
 * the notes of the chain's entry). */
void cc_tls_advise(struct cc_tls_info *info, const struct cc_tls_options *opts,
		   const struct cc_cert *leaf, struct cc_strv *chain_notes);

#endif
