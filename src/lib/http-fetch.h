/* http-fetch.h: one bounded HTTP exchange, for what a certificate points
 * at (AIA caIssuers, OCSP responders), through libcurl.
 *
 * Only http:// URLs: OCSP and caIssuers are plain HTTP (RFC 5280 4.2.2.1,
 * RFC 6960 A.1), and certcheck never follows a redirect (it would connect
 * somewhere the output does not name).  The environment's proxy variables
 * are ignored; only an explicit proxy is used. */
#ifndef CC_HTTP_FETCH_H
#define CC_HTTP_FETCH_H

#include <stddef.h>

#include "util.h"

/* The largest body certcheck reads from a responder or a caIssuers URL.  A
 * PKCS#7 bundle of a few intermediates is under 10 KiB and an OCSP response
 * 1-3 KiB; 1 MiB bounds memory whatever the server sends. */
#define CC_HTTP_MAX_BYTES ((size_t)1 << 20)

struct cc_http_options {
	const char *proxy;   /* http://HOST[:PORT] to go through, or NULL */
	int timeout_ms;      /* the whole exchange: resolving, connecting, reading */
	size_t max_bytes;    /* 0: CC_HTTP_MAX_BYTES */
};

/* Whether URL is one cc_http_fetch accepts: http://HOST[:PORT][/PATH]. */
bool cc_http_url_ok(const char *url);

/* GET URL, or POST BODY[0..BODY_LEN) with CONTENT_TYPE when BODY is not
 * NULL.  The response body goes to *OUT (caller frees, NUL-terminated,
 * not counted in *LEN) when the server answers 200.  Anything else (no
 * connection, a timeout, another status, a body over the limit) is
 * CC_FAILED with the URL as the error's location. */
int cc_http_fetch(const char *url, const struct cc_http_options *o, const void *body, size_t body_len,
		  const char *content_type, char **out, size_t *len, struct cc_error *err);

#endif
