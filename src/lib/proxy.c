/* proxy.c: HTTP CONNECT (RFC 9110, section 9.3.6) before the TLS handshake. */
#include "proxy.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tls-url.h"

/* Bounds on the proxy's answer: a status line and headers are small; a
 * proxy that sends more is not one we can use. */
#define PROXY_LINE_MAX 1024
#define PROXY_MAX_HEADERS 100

int cc_proxy_parse(const char *url, char **host, char **port, struct cc_error *err)
{
	size_t len = strlen(url), slen = cc_url_scheme_len(url, len);
	char *location = NULL, *rest = NULL;
	int ret = -1;
	if (slen != 4 || strncasecmp(url, "http", 4) != 0)
		return cc_error_set(err, CC_USAGE, NULL,
				    "--proxy: '%s' is not http://HOST[:PORT] (an HTTP proxy's URL)", url);
	if (cc_url_endpoint(url, len, slen, "80", &location, &rest, err) < 0) {
		cc_error_prefix(err, "--proxy");
		return -1;
	}
	if (rest[0] && strcmp(rest, "/") != 0)
		cc_error_set(err, CC_USAGE, NULL, "--proxy: '%s': a proxy URL has no path ('%s')", url, rest);
	else if (cc_tls_parse_target(location, host, port, err) == 0)
		ret = 0;
	else
		cc_error_prefix(err, "--proxy");
	free(location);
	free(rest);
	return ret;
}

char *cc_proxy_request(const char *host, const char *port)
{
	bool v6 = strchr(host, ':') != NULL;
	char *authority = cc_xasprintf("%s%s%s:%s", v6 ? "[" : "", host, v6 ? "]" : "", port);
	char *req = cc_xasprintf("CONNECT %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: certcheck\r\n\r\n",
				 authority, authority);
	free(authority);
	return req;
}

int cc_proxy_status_ok(const char *line)
{
	/* HTTP-version SP status-code [SP reason] */
	if (strncmp(line, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)line[7]) || line[8] != ' ')
		return -1;
	const char *code = line + 9;
	if (!isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]) ||
	    !isdigit((unsigned char)code[2]) || (code[3] && code[3] != ' '))
		return -1;
	return code[0] == '2';
}

static enum cc_net_result said(char **message, enum cc_net_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum cc_net_result said(char **message, enum cc_net_result r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	return r;
}

enum cc_net_result cc_proxy_connect(int fd, const char *host, const char *port, int64_t deadline,
				    char **message)
{
	char *req = cc_proxy_request(host, port);
	char line[PROXY_LINE_MAX], status[PROXY_LINE_MAX];
	enum cc_net_result r = cc_net_send(fd, req, strlen(req), deadline);
	free(req);
	if (r == CC_NET_OK)
		r = cc_net_read_line(fd, status, sizeof(status), deadline);
	if (r == CC_NET_TIMEOUT)
		return said(message, r, "the proxy did not answer CONNECT");
	if (r == CC_NET_CLOSED)
		return said(message, r, "the proxy closed the connection without answering CONNECT");
	if (r != CC_NET_OK)
		return said(message, r, "the proxy connection failed during CONNECT");

	char *quoted = cc_escape(status, strlen(status));
	int ok = cc_proxy_status_ok(status);
	if (ok < 0) {
		r = said(message, CC_NET_ERROR, "the proxy did not answer CONNECT in HTTP: '%s'", quoted);
		goto out;
	}
	/* The headers, up to the empty line; the tunnel starts after it. */
	for (int n = 0;; n++) {
		if (n == PROXY_MAX_HEADERS) {
			r = said(message, CC_NET_ERROR,
				 "the proxy's answer to CONNECT has too many header lines ('%s')", quoted);
			goto out;
		}
		r = cc_net_read_line(fd, line, sizeof(line), deadline);
		if (r != CC_NET_OK) {
			r = said(message, r, r == CC_NET_TIMEOUT
						     ? "the proxy did not finish its answer to CONNECT ('%s')"
						     : "the proxy's answer to CONNECT broke off ('%s')",
				 quoted);
			goto out;
		}
		if (!line[0])
			break;
	}
	r = ok ? CC_NET_OK : said(message, CC_NET_REFUSED, "the proxy refused CONNECT: '%s'", quoted);
out:
	free(quoted);
	return r;
}
