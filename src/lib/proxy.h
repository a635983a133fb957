/* proxy.h: a tunnel through an HTTP proxy (--proxy http://HOST[:PORT]),
 * as corporate networks require: CONNECT HOST:PORT, then the TLS handshake
 * with the target runs inside the tunnel, with the same SNI and the same
 * chain as without a proxy.  Only the proxy is dialled; it resolves the
 * target. */
#ifndef CC_PROXY_H
#define CC_PROXY_H

#include <stdint.h>

#include "net.h"
#include "util.h"

/* Split --proxy URL (http://HOST[:PORT][/], port 80 by default as for any
 * http:// URL) into freshly allocated HOST and PORT.  CC_USAGE, naming
 * --proxy, for anything else (another scheme, a path, a user name). */
int cc_proxy_parse(const char *url, char **host, char **port, struct cc_error *err);

/* The CONNECT request for HOST:PORT ("[::1]:443" for IPv6). */
char *cc_proxy_request(const char *host, const char *port);

/* Whether the status line LINE ("HTTP/1.1 200 Connection established")
 * opens the tunnel: an HTTP/1.x status 2xx.  -1 when it is no status line. */
int cc_proxy_status_ok(const char *line);

/* Ask the proxy on FD for a tunnel to HOST:PORT before DEADLINE.  On
 * CC_NET_OK the tunnel is open and nothing of the target's data has been
 * read.  Otherwise *MESSAGE (caller frees) says what happened; a refusal
 * (CC_NET_REFUSED) quotes the proxy's status line. */
enum cc_net_result cc_proxy_connect(int fd, const char *host, const char *port, int64_t deadline,
				    char **message);

#endif
