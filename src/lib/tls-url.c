/* tls-url.c: how a TLS endpoint is written: HOST[:PORT] and URLs (tls-url.h). */
#include "tls-url.h"

#include <ctype.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Implicit TLS only: the port speaks TLS from its first byte (RFC 8314 for
 * mail; RFC 4513 ldaps is de facto 636). */
const struct cc_tls_scheme cc_tls_schemes[] = {
	{ "https", "443" },
	{ "ldaps", "636" },
	{ "smtps", "465" },
	{ "imaps", "993" },
	{ "pop3s", "995" },
};
const size_t cc_tls_n_schemes = sizeof(cc_tls_schemes) / sizeof(cc_tls_schemes[0]);

size_t cc_url_scheme_len(const char *spec, size_t len)
{
	/* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	size_t n = 0;
	if (len == 0 || !isalpha((unsigned char)spec[0]))
		return 0;
	while (n < len && (isalnum((unsigned char)spec[n]) || spec[n] == '+' || spec[n] == '-' ||
			   spec[n] == '.'))
		n++;
	if (len - n < 3 || memcmp(spec + n, "://", 3) != 0)
		return 0;
	return n;
}

int cc_url_endpoint(const char *spec, size_t len, size_t scheme_len, const char *default_port,
		    char **location, char **rest, struct cc_error *err)
{
	char *url = cc_xstrndup(spec, len);
	const char *auth = url + scheme_len + 3;
	size_t auth_len = strcspn(auth, "/?");
	const char *at = memchr(auth, '@', auth_len);
	int ret = -1;
	if (at) {
		cc_error_set(err, CC_USAGE, url, "a user name in the URL is not used here (remove '%.*s')",
			     (int)(at + 1 - auth), auth);
		goto out;
	}
	if (auth_len == 0) {
		cc_error_set(err, CC_USAGE, url, "the URL names no HOST");
		goto out;
	}
	/* Is there a port?  "[v6]:port", "host:port"; an IPv6 address in a
	 * URL is always in brackets (RFC 3986). */
	bool has_port;
	if (auth[0] == '[') {
		const char *close = memchr(auth, ']', auth_len);
		has_port = close && close + 1 < auth + auth_len && close[1] == ':';
	} else {
		const char *colon = memchr(auth, ':', auth_len);
		if (colon && memchr(colon + 1, ':', (size_t)(auth + auth_len - colon - 1))) {
			cc_error_set(err, CC_USAGE, url,
				     "an IPv6 address in a URL is written in brackets: %.*s://[ADDRESS]:PORT/",
				     (int)scheme_len, url);
			goto out;
		}
		has_port = colon != NULL;
	}
	*location = has_port ? cc_xstrndup(auth, auth_len)
			     : cc_xasprintf("%.*s:%s", (int)auth_len, auth, default_port);
	*rest = cc_xstrdup(auth + auth_len);
	ret = 0;
out:
	free(url);
	return ret;
}

int cc_tls_url_parse(const char *spec, size_t len, char **location, char **ignored,
		     struct cc_error *err)
{
	size_t slen = cc_url_scheme_len(spec, len);
	const struct cc_tls_scheme *scheme = NULL;
	for (size_t i = 0; slen && i < cc_tls_n_schemes; i++)
		if (strlen(cc_tls_schemes[i].name) == slen &&
		    strncasecmp(spec, cc_tls_schemes[i].name, slen) == 0)
			scheme = &cc_tls_schemes[i];
	if (!scheme)
		return 0;
	char *rest = NULL;
	if (cc_url_endpoint(spec, len, slen, scheme->port, location, &rest, err) < 0)
		return -1;
	if (rest[0] && strcmp(rest, "/") != 0) {
		*ignored = rest;
	} else {
		*ignored = NULL;
		free(rest);
	}
	return 1;
}

#define DEFAULT_PORT "443"

bool cc_tls_is_ip_literal(const char *host)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST, .ai_family = AF_UNSPEC };
	struct addrinfo *res = NULL;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return false;
	freeaddrinfo(res);
	return true;
}

static int parse_port(const char *s, const char *where, struct cc_error *err)
{
	char *end;
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return cc_error_set(err, CC_USAGE, where, "'%s' is not a port number", s);
	long port = strtol(s, &end, 10);
	if (port < 1 || port > 65535)
		return cc_error_set(err, CC_USAGE, where, "port %s is not between 1 and 65535", s);
	return 0;
}

int cc_tls_parse_target(const char *location, char **host, char **port, struct cc_error *err)
{
	const char *colon;
	char *h = NULL;
	const char *p = DEFAULT_PORT;

	if (location[0] == '[') {
		const char *close = strchr(location, ']');
		if (!close || close == location + 1)
			return cc_error_set(err, CC_USAGE, location,
					    "expected [IPv6-ADDRESS] or [IPv6-ADDRESS]:PORT");
		if (close[1] == ':')
			p = close + 2;
		else if (close[1])
			return cc_error_set(err, CC_USAGE, location, "expected ':PORT' after ']'");
		h = cc_xstrndup(location + 1, (size_t)(close - location - 1));
		if (!strchr(h, ':') || !cc_tls_is_ip_literal(h)) {
			free(h);
			return cc_error_set(err, CC_USAGE, location,
					    "brackets hold an IPv6 address, not '%.*s'",
					    (int)(close - location - 1), location + 1);
		}
	} else if ((colon = strchr(location, ':')) && strchr(colon + 1, ':')) {
		/* Several colons and no brackets: a bare IPv6 address. */
		if (!cc_tls_is_ip_literal(location))
			return cc_error_set(err, CC_USAGE, location,
					    "not HOST[:PORT] (an IPv6 address with a port is "
					    "written [ADDRESS]:PORT)");
		h = cc_xstrdup(location);
	} else if (colon) {
		h = cc_xstrndup(location, (size_t)(colon - location));
		p = colon + 1;
	} else {
		h = cc_xstrdup(location);
	}
	if (!*h) {
		free(h);
		return cc_error_set(err, CC_USAGE, location, "no HOST before the port");
	}
	if (parse_port(p, location, err) < 0) {
		free(h);
		return -1;
	}
	*host = h;
	*port = cc_xstrdup(p);
	return 0;
}
