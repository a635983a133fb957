/* tls-url.h: how a TLS endpoint is written: HOST[:PORT], or a URL.
 *
 * HOST[:PORT] is what tls:// holds, what --proxy names and what every
 * dial parses (cc_tls_parse_target).
 *
 * Users paste URLs: https://host/path, ldaps://dc.example, smtps://mail.
 * Each scheme names a protocol spoken over TLS from the first byte, so the
 * endpoint is HOST and the scheme's port; the chain is what the TLS
 * handshake presents, so the path (and query) play no part.
 */
#ifndef CC_TLS_URL_H
#define CC_TLS_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The schemes, with their default ports. */
struct cc_tls_scheme {
	const char *name;  /* "https" */
	const char *port;  /* "443" */
};
extern const struct cc_tls_scheme cc_tls_schemes[];
extern const size_t cc_tls_n_schemes;

/* Whether SPEC[0..LEN) starts with a URL scheme ("NAME://").  Returns the
 * scheme's length (without "://"), or 0. */
size_t cc_url_scheme_len(const char *spec, size_t len);

/* The endpoint of the URL SPEC[0..LEN) whose scheme is SCHEME_LEN bytes
 * long: *LOCATION is "HOST:PORT" (DEFAULT_PORT when none is given), *REST
 * what follows the authority (path and query, maybe ""); both freshly
 * allocated.  -1 with ERR (CC_USAGE, naming the URL) for no HOST, a user
 * name or an IPv6 address without brackets. */
int cc_url_endpoint(const char *spec, size_t len, size_t scheme_len, const char *default_port,
		    char **location, char **rest, struct cc_error *err);

/* Turn the URL SPEC[0..LEN) (SCHEME://[USER@]HOST[:PORT][/PATH]) of a
 * scheme of cc_tls_schemes into *LOCATION, "HOST:PORT" with the scheme's
 * port when none is given ("[::1]:443" for an IPv6 address), freshly
 * allocated.  *IGNORED is the path and query when they say more than "/"
 * (caller frees), else NULL.  Returns 1 for such a URL, 0 when SPEC does
 * not start with one of these schemes (outputs untouched), -1 with ERR
 * (CC_USAGE) for a malformed one. */
int cc_tls_url_parse(const char *spec, size_t len, char **location, char **ignored,
		     struct cc_error *err);

/* Split HOST[:PORT] ("example.com", "10.0.0.1:8443", "[::1]:8443", "::1")
 * into freshly allocated HOST and PORT ("443" by default). */
int cc_tls_parse_target(const char *location, char **host, char **port, struct cc_error *err);
/* Whether HOST is an IPv4 or IPv6 address literal (no lookup). */
bool cc_tls_is_ip_literal(const char *host);

#endif
