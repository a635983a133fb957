/* starttls.c: the plain-text exchange before the TLS handshake
 * (starttls.h).  Each protocol reads only the server's answers it needs
 * and never a byte past its go-ahead: the ClientHello comes next. */
#include "starttls.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Bounds on what a server may say before its go-ahead. */
#define LINE_MAX_BYTES 1024
#define REPLY_MAX_LINES 100
#define LDAP_MAX_RESPONSE 65536
#define XMPP_MAX_BYTES 65536
#define MYSQL_MAX_GREETING 16384

static const struct {
	const char *name, *port, *label;
} protos[] = {
	[CC_STARTTLS_NONE] = { "none", "443", "TLS" },
	[CC_STARTTLS_SMTP] = { "smtp", "25", "SMTP" },
	[CC_STARTTLS_IMAP] = { "imap", "143", "IMAP" },
	[CC_STARTTLS_POP3] = { "pop3", "110", "POP3" },
	[CC_STARTTLS_FTP] = { "ftp", "21", "FTP" },
	[CC_STARTTLS_LDAP] = { "ldap", "389", "LDAP" },
	[CC_STARTTLS_XMPP] = { "xmpp", "5222", "XMPP" },
	[CC_STARTTLS_POSTGRES] = { "postgres", "5432", "PostgreSQL" },
	[CC_STARTTLS_MYSQL] = { "mysql", "3306", "MySQL" },
};
#define N_PROTOS (sizeof(protos) / sizeof(protos[0]))

enum cc_starttls cc_starttls_parse(const char *name)
{
	for (size_t i = 1; i < N_PROTOS; i++)
		if (strcmp(name, protos[i].name) == 0)
			return (enum cc_starttls)i;
	return CC_STARTTLS_NONE;
}

const char *cc_starttls_name(enum cc_starttls proto)
{
	return protos[proto].name;
}

const char *cc_starttls_port(enum cc_starttls proto)
{
	return protos[proto].port;
}

const char *cc_starttls_names(void)
{
	return "smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql";
}

/* One exchange: the socket, the deadline, and where the story goes. */
struct talk {
	int fd;
	int64_t deadline;
	const char *label;   /* "SMTP" */
	char **message;
};

static enum cc_net_result said(struct talk *t, enum cc_net_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum cc_net_result said(struct talk *t, enum cc_net_result r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(*t->message);
	*t->message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	return r;
}

/* A transport failure R while waiting for WHAT. */
static enum cc_net_result lost(struct talk *t, enum cc_net_result r, const char *what)
{
	if (r == CC_NET_TIMEOUT)
		return said(t, r, "the %s server did not answer %s", t->label, what);
	if (r == CC_NET_CLOSED)
		return said(t, r, "the %s server closed the connection before answering %s", t->label,
			    what);
	return said(t, r, "the connection failed while waiting for the %s server's answer to %s",
		    t->label, what);
}

static enum cc_net_result send_text(struct talk *t, const char *text, const char *what)
{
	enum cc_net_result r = cc_net_send(t->fd, text, strlen(text), t->deadline);
	return r == CC_NET_OK ? r : lost(t, r, what);
}

/* "'250 mail.example ESMTP'", escaped, for quoting (caller frees). */
static char *quote(const char *line)
{
	return cc_escape(line, strlen(line));
}

/* An SMTP or FTP reply: lines "ddd-text" until "ddd text".  *CODE is its
 * number, FIRST its first line; *STARTTLS whether a line (after the
 * code) is the keyword STARTTLS (EHLO's extensions). */
static enum cc_net_result numeric_reply(struct talk *t, const char *what, int *code, char *first,
					bool *starttls)
{
	char line[LINE_MAX_BYTES];
	for (int n = 0; n < REPLY_MAX_LINES; n++) {
		enum cc_net_result r = cc_net_read_line(t->fd, line, sizeof(line), t->deadline);
		if (r != CC_NET_OK)
			return lost(t, r, what);
		if (n == 0)
			strcpy(first, line);
		if (strlen(line) < 3 || !isdigit((unsigned char)line[0]) ||
		    !isdigit((unsigned char)line[1]) || !isdigit((unsigned char)line[2]) ||
		    (line[3] && line[3] != ' ' && line[3] != '-')) {
			char *q = quote(line);
			said(t, CC_NET_ERROR, "not an %s server: it answered %s with '%s'", t->label, what, q);
			free(q);
			return CC_NET_ERROR;
		}
		if (starttls && line[3] && strncasecmp(line + 4, "STARTTLS", 8) == 0 &&
		    (!line[12] || line[12] == ' '))
			*starttls = true;
		if (line[3] != '-') {
			*code = atoi(line);
			return CC_NET_OK;
		}
	}
	return said(t, CC_NET_ERROR, "the %s server's answer to %s has more than %d lines", t->label,
		    what, REPLY_MAX_LINES);
}

/* Expect reply WANT to WHAT; anything else is a refusal quoting it. */
static enum cc_net_result expect_code(struct talk *t, const char *what, int want, bool *starttls)
{
	char first[LINE_MAX_BYTES];
	int code = 0;
	enum cc_net_result r = numeric_reply(t, what, &code, first, starttls);
	if (r != CC_NET_OK)
		return r;
	if (code == want)
		return CC_NET_OK;
	char *q = quote(first);
	said(t, CC_NET_REFUSED, "the %s server refused %s: '%s'", t->label, what, q);
	free(q);
	return CC_NET_REFUSED;
}

static enum cc_net_result smtp(struct talk *t)
{
	bool offered = false;
	enum cc_net_result r = expect_code(t, "the connection (its greeting)", 220, NULL);
	if (r == CC_NET_OK)
		r = send_text(t, "EHLO certcheck.invalid\r\n", "EHLO");
	if (r == CC_NET_OK)
		r = expect_code(t, "EHLO", 250, &offered);
	if (r == CC_NET_OK && !offered)
		return said(t, CC_NET_REFUSED,
			    "the SMTP server does not offer STARTTLS (it is not among its EHLO extensions)");
	if (r == CC_NET_OK)
		r = send_text(t, "STARTTLS\r\n", "STARTTLS");
	if (r == CC_NET_OK)
		r = expect_code(t, "STARTTLS", 220, NULL);
	return r;
}

static enum cc_net_result ftp(struct talk *t)
{
	enum cc_net_result r = expect_code(t, "the connection (its greeting)", 220, NULL);
	if (r == CC_NET_OK)
		r = send_text(t, "AUTH TLS\r\n", "AUTH TLS");
	if (r == CC_NET_OK)
		r = expect_code(t, "AUTH TLS", 234, NULL);
	return r;
}

/* A one-line greeting that must start with OK ("* OK", "+OK"). */
static enum cc_net_result greeting(struct talk *t, const char *const *ok, size_t n_ok)
{
	char line[LINE_MAX_BYTES];
	enum cc_net_result r = cc_net_read_line(t->fd, line, sizeof(line), t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "the connection (its greeting)");
	for (size_t i = 0; i < n_ok; i++)
		if (strncasecmp(line, ok[i], strlen(ok[i])) == 0)
			return CC_NET_OK;
	char *q = quote(line);
	said(t, CC_NET_REFUSED, "the %s server's greeting is not %s: '%s'", t->label, ok[0], q);
	free(q);
	return CC_NET_REFUSED;
}

static enum cc_net_result imap(struct talk *t)
{
	static const char *const ok[] = { "* OK", "* PREAUTH" };
	char line[LINE_MAX_BYTES];
	enum cc_net_result r = greeting(t, ok, 2);
	if (r == CC_NET_OK)
		r = send_text(t, "cc1 STARTTLS\r\n", "STARTTLS");
	/* Untagged lines ("* CAPABILITY ...") may come before the tagged one. */
	for (int n = 0; r == CC_NET_OK; n++) {
		if (n == REPLY_MAX_LINES)
			return said(t, CC_NET_ERROR, "the IMAP server's answer to STARTTLS has more than %d lines",
				    REPLY_MAX_LINES);
		r = cc_net_read_line(t->fd, line, sizeof(line), t->deadline);
		if (r != CC_NET_OK)
			return lost(t, r, "STARTTLS");
		if (strncmp(line, "cc1 ", 4) != 0)
			continue;
		if (strncasecmp(line + 4, "OK", 2) == 0)
			return CC_NET_OK;
		char *q = quote(line);
		said(t, CC_NET_REFUSED, "the IMAP server refused STARTTLS: '%s'", q);
		free(q);
		return CC_NET_REFUSED;
	}
	return r;
}

static enum cc_net_result pop3(struct talk *t)
{
	static const char *const ok[] = { "+OK" };
	char line[LINE_MAX_BYTES];
	enum cc_net_result r = greeting(t, ok, 1);
	if (r == CC_NET_OK)
		r = send_text(t, "STLS\r\n", "STLS");
	if (r != CC_NET_OK)
		return r;
	r = cc_net_read_line(t->fd, line, sizeof(line), t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "STLS");
	if (strncasecmp(line, "+OK", 3) == 0)
		return CC_NET_OK;
	char *q = quote(line);
	said(t, CC_NET_REFUSED, "the POP3 server refused STLS: '%s'", q);
	free(q);
	return CC_NET_REFUSED;
}

/* --- LDAP: BER, only as much as an ExtendedResponse needs --- */

/* A BER tag-length header at P (AVAIL bytes): *TAG, *LEN of the value,
 * *HDR bytes of header.  -1 when it does not fit or is not DER-like. */
static int ber_header(const unsigned char *p, size_t avail, unsigned *tag, size_t *len, size_t *hdr)
{
	if (avail < 2)
		return -1;
	*tag = p[0];
	if (p[1] < 0x80) {
		*len = p[1];
		*hdr = 2;
	} else {
		size_t n = p[1] & 0x7f;
		if (n == 0 || n > 3 || avail < 2 + n)
			return -1;
		*len = 0;
		for (size_t i = 0; i < n; i++)
			*len = *len << 8 | p[2 + i];
		*hdr = 2 + n;
	}
	return *len <= avail - *hdr ? 0 : -1;
}

static const char *ldap_result_name(unsigned code)
{
	switch (code) {
	case 1: return "operationsError";
	case 2: return "protocolError";
	case 51: return "busy";
	case 52: return "unavailable";
	case 53: return "unwillingToPerform";
	case 80: return "other";
	default: return "an error";
	}
}

static enum cc_net_result ldap(struct talk *t)
{
	/* LDAPMessage { messageID 1, extendedReq [APPLICATION 23] {
	 * requestName [0] "1.3.6.1.4.1.1466.20037" } } (RFC 4511, 4.14.1) */
	static const char request[] = "\x30\x1d\x02\x01\x01\x77\x18\x80\x16"
				      "1.3.6.1.4.1.1466.20037";
	enum cc_net_result r = cc_net_send(t->fd, request, sizeof(request) - 1, t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "the StartTLS request");
	/* The outer SEQUENCE's header, then its body. */
	unsigned char head[5];
	r = cc_net_read(t->fd, head, 2, t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "the StartTLS request");
	size_t extra = head[1] > 0x80 ? head[1] & 0x7f : 0;
	if (head[0] != 0x30 || head[1] == 0x80 || extra > 3)
		return said(t, CC_NET_ERROR, "not an LDAP server: its answer to StartTLS is not an LDAPMessage");
	if (extra && (r = cc_net_read(t->fd, head + 2, extra, t->deadline)) != CC_NET_OK)
		return lost(t, r, "the StartTLS request");
	unsigned tag;
	size_t len, hdr;
	/* Only the header is in HEAD: ask ber_header about it alone. */
	size_t body_len = 0;
	if (head[1] < 0x80) {
		body_len = head[1];
	} else {
		for (size_t i = 0; i < extra; i++)
			body_len = body_len << 8 | head[2 + i];
	}
	if (body_len > LDAP_MAX_RESPONSE)
		return said(t, CC_NET_ERROR, "the LDAP server's answer to StartTLS is over %d bytes",
			    LDAP_MAX_RESPONSE);
	unsigned char *body = cc_xmalloc(body_len ? body_len : 1);
	r = cc_net_read(t->fd, body, body_len, t->deadline);
	if (r != CC_NET_OK) {
		free(body);
		return lost(t, r, "the StartTLS request");
	}
	/* messageID INTEGER, then extendedResp [APPLICATION 24] { resultCode
	 * ENUMERATED, matchedDN, diagnosticMessage, ... } */
	const unsigned char *p = body;
	size_t left = body_len;
	r = said(t, CC_NET_ERROR, "not an LDAP server: its answer to StartTLS is not an ExtendedResponse");
	if (ber_header(p, left, &tag, &len, &hdr) < 0 || tag != 0x02)
		goto out;
	p += hdr + len;
	left -= hdr + len;
	if (ber_header(p, left, &tag, &len, &hdr) < 0 || tag != 0x78)
		goto out;
	p += hdr;
	left = len;
	if (ber_header(p, left, &tag, &len, &hdr) < 0 || tag != 0x0a || len != 1)
		goto out;
	unsigned code = p[hdr];
	p += hdr + len;
	left -= hdr + len;
	if (code == 0) {
		free(*t->message);
		*t->message = NULL;
		r = CC_NET_OK;
		goto out;
	}
	/* matchedDN, then diagnosticMessage: the server's words. */
	char *diag = NULL;
	if (ber_header(p, left, &tag, &len, &hdr) == 0 && tag == 0x04) {
		p += hdr + len;
		left -= hdr + len;
		if (ber_header(p, left, &tag, &len, &hdr) == 0 && tag == 0x04 && len)
			diag = cc_escape((const char *)p + hdr, len);
	}
	r = said(t, CC_NET_REFUSED, "the LDAP server refused StartTLS: result code %u (%s)%s%s%s", code,
		 ldap_result_name(code), diag ? ": '" : "", diag ? diag : "", diag ? "'" : "");
	free(diag);
out:
	free(body);
	return r;
}

/* --- XMPP --- */

static bool ends_with(const struct cc_buf *buf, const char *s)
{
	size_t n = strlen(s);
	return buf->len >= n && memcmp(buf->data + buf->len - n, s, n) == 0;
}

/* Read a byte at a time until the text read ends with END (or ALT); *BUF
 * keeps it.  Only the tail is compared, so a long answer costs linear
 * time. */
static enum cc_net_result read_until(struct talk *t, struct cc_buf *buf, const char *end, const char *alt,
				     const char *what)
{
	while (!ends_with(buf, end) && !(alt && ends_with(buf, alt))) {
		char c;
		if (buf->len >= XMPP_MAX_BYTES)
			return said(t, CC_NET_ERROR, "the XMPP server's answer to %s is over %d bytes", what,
				    XMPP_MAX_BYTES);
		enum cc_net_result r = cc_net_read(t->fd, &c, 1, t->deadline);
		if (r != CC_NET_OK)
			return lost(t, r, what);
		if (c == '\0')
			return said(t, CC_NET_ERROR, "not an XMPP server: a NUL byte in its answer to %s", what);
		cc_buf_addf(buf, "%c", c);
	}
	return CC_NET_OK;
}

static enum cc_net_result xmpp(struct talk *t, const char *host)
{
	struct cc_buf buf = CC_BUF_INIT;
	char *open = cc_xasprintf("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
				  "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>",
				  host);
	enum cc_net_result r = send_text(t, open, "the stream header");
	free(open);
	if (r == CC_NET_OK)
		r = read_until(t, &buf, "</stream:features>", "<stream:error", "the stream header");
	if (r == CC_NET_OK && strstr(buf.data, "<stream:error"))
		r = said(t, CC_NET_REFUSED, "the XMPP server closed the stream with an error");
	else if (r == CC_NET_OK && !strstr(buf.data, "urn:ietf:params:xml:ns:xmpp-tls"))
		r = said(t, CC_NET_REFUSED, "the XMPP server does not offer STARTTLS (not among its stream features)");
	if (r == CC_NET_OK)
		r = send_text(t, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", "<starttls/>");
	cc_buf_release(&buf);
	if (r == CC_NET_OK)
		r = read_until(t, &buf, "<proceed", "<failure", "<starttls/>");
	if (r == CC_NET_OK && strstr(buf.data, "<failure"))
		r = said(t, CC_NET_REFUSED, "the XMPP server refused STARTTLS: <failure/>");
	/* The rest of <proceed .../> (or <proceed ...></proceed>). */
	if (r == CC_NET_OK)
		r = read_until(t, &buf, "/>", "</proceed>", "<starttls/>");
	cc_buf_release(&buf);
	return r;
}

/* --- PostgreSQL and MySQL --- */

static enum cc_net_result postgres(struct talk *t)
{
	/* SSLRequest: length 8, code 80877103. */
	static const unsigned char request[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	enum cc_net_result r = cc_net_send(t->fd, request, sizeof(request), t->deadline);
	char answer = 0;
	if (r == CC_NET_OK)
		r = cc_net_read(t->fd, &answer, 1, t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "SSLRequest");
	if (answer == 'S')
		return CC_NET_OK;
	if (answer == 'N')
		return said(t, CC_NET_REFUSED,
			    "the PostgreSQL server refused SSLRequest: it answered 'N' (ssl is off)");
	if (answer == 'E')
		return said(t, CC_NET_REFUSED, "the PostgreSQL server answered SSLRequest with an error");
	return said(t, CC_NET_ERROR, "not a PostgreSQL server: it answered SSLRequest with byte 0x%02x",
		    (unsigned char)answer);
}

static enum cc_net_result mysql(struct talk *t)
{
	unsigned char head[4];
	enum cc_net_result r = cc_net_read(t->fd, head, 4, t->deadline);
	if (r != CC_NET_OK)
		return lost(t, r, "the connection (its greeting)");
	size_t len = head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16;
	if (len < 1 || len > MYSQL_MAX_GREETING)
		return said(t, CC_NET_ERROR, "not a MySQL server: its greeting is %zu bytes long", len);
	unsigned char *g = cc_xmalloc(len + 1);
	r = cc_net_read(t->fd, g, len, t->deadline);
	if (r != CC_NET_OK) {
		free(g);
		return lost(t, r, "the connection (its greeting)");
	}
	g[len] = 0;
	if (g[0] == 0xff && len > 3) {
		/* ERR packet: code, then (with '#') a SQL state, then text. */
		size_t at = len > 9 && g[3] == '#' ? 9 : 3;
		char *q = cc_escape((const char *)g + at, len - at);
		r = said(t, CC_NET_REFUSED, "the MySQL server refused the connection: '%s'", q);
		free(q);
		goto out;
	}
	/* Protocol 10: version 10, server version NUL-terminated, thread id
	 * (4), auth data (8), filler (1), capability flags (low 2 bytes). */
	size_t vlen = strnlen((const char *)g + 1, len - 1);
	size_t caps_at = 1 + vlen + 1 + 4 + 8 + 1;
	if (g[0] != 10 || caps_at + 2 > len) {
		r = said(t, CC_NET_ERROR, "not a MySQL server: its greeting is not protocol 10");
		goto out;
	}
	unsigned caps = g[caps_at] | (unsigned)g[caps_at + 1] << 8;
	if (!(caps & 0x0800)) {
		char *q = cc_escape((const char *)g + 1, vlen);
		r = said(t, CC_NET_REFUSED, "the MySQL server (version '%s') does not offer SSL", q);
		free(q);
		goto out;
	}
	/* SSLRequest (sequence 1): CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 |
	 * CLIENT_SSL | CLIENT_SECURE_CONNECTION, max packet 16 MB, utf8. */
	unsigned char req[36] = { 32, 0, 0, 1, 0x01, 0x8a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 33 };
	r = cc_net_send(t->fd, req, sizeof(req), t->deadline);
	if (r != CC_NET_OK)
		r = lost(t, r, "the SSL request");
out:
	free(g);
	return r;
}

enum cc_net_result cc_starttls_run(int fd, enum cc_starttls proto, const char *host, int64_t deadline,
				   char **message)
{
	struct talk t = { fd, deadline, protos[proto].label, message };
	*message = NULL;
	switch (proto) {
	case CC_STARTTLS_NONE: return CC_NET_OK;
	case CC_STARTTLS_SMTP: return smtp(&t);
	case CC_STARTTLS_IMAP: return imap(&t);
	case CC_STARTTLS_POP3: return pop3(&t);
	case CC_STARTTLS_FTP: return ftp(&t);
	case CC_STARTTLS_LDAP: return ldap(&t);
	case CC_STARTTLS_XMPP: return xmpp(&t, host);
	case CC_STARTTLS_POSTGRES: return postgres(&t);
	case CC_STARTTLS_MYSQL: return mysql(&t);
	}
	return CC_NET_OK;
}
