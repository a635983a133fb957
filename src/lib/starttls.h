/* starttls.h: --starttls PROTO: the plain-text exchange that turns a
 * connection to a mail, directory or database server into a TLS one
 * (what `openssl s_client -starttls` and `gnutls-cli --starttls-proto`
 * do), before certcheck's handshake. */
#ifndef CC_STARTTLS_H
#define CC_STARTTLS_H

#include <stdint.h>

#include "net.h"

enum cc_starttls {
	CC_STARTTLS_NONE,
	CC_STARTTLS_SMTP,     /* RFC 3207: EHLO, STARTTLS, 220 */
	CC_STARTTLS_IMAP,     /* RFC 3501: a STARTTLS, a OK */
	CC_STARTTLS_POP3,     /* RFC 2595: STLS, +OK */
	CC_STARTTLS_FTP,      /* RFC 4217: AUTH TLS, 234 */
	CC_STARTTLS_LDAP,     /* RFC 4511: the StartTLS extended operation */
	CC_STARTTLS_XMPP,     /* RFC 6120: <starttls/>, <proceed/> */
	CC_STARTTLS_POSTGRES, /* PostgreSQL's SSLRequest, 'S' */
	CC_STARTTLS_MYSQL,    /* MySQL's SSL request after the server's greeting */
};

/* The protocol named NAME ("smtp", ...; as --starttls takes it), or
 * CC_STARTTLS_NONE for an unknown name. */
enum cc_starttls cc_starttls_parse(const char *name);
const char *cc_starttls_name(enum cc_starttls proto);
/* The port the protocol's STARTTLS is served on: "25", "143", ... */
const char *cc_starttls_port(enum cc_starttls proto);
/* "smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql", for messages. */
const char *cc_starttls_names(void);

/* Run PROTO's exchange on FD (connected, non-blocking) before DEADLINE.
 * HOST is the name the server is known by (XMPP's stream 'to').  On
 * CC_NET_OK the server waits for the ClientHello and nothing after its
 * go-ahead has been read.  Otherwise *MESSAGE (caller frees) says what
 * happened; a refusal (CC_NET_REFUSED) quotes the server's answer. */
enum cc_net_result cc_starttls_run(int fd, enum cc_starttls proto, const char *host, int64_t deadline,
				   char **message);

#endif
