/* tls-fetch.c: dial, handshake with GnuTLS, keep what the peer presented.
 * It returns facts (struct cc_tls_info) and DER (struct cc_tls_der); the
 * source's entry is built by load.c, the notes on the facts by tls-info.c.
 *
 * One deadline bounds the whole attempt: getaddrinfo() (blocking, checked
 * afterwards), a non-blocking connect() waited for with poll(), and a
 * non-blocking handshake whose every wait is a poll() up to the deadline.
 */
#include "tls-fetch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "net.h"
#include "proxy.h"

#define MAX_CLIENT_CERTS 16
/* TLS 1.3: how long to wait after our Finished for the server's verdict on
 * the client certificate (an alert, or a session ticket that accepts it). */
#define CONFIRM_MS 1500

/* --- pure parts --- */

const char *cc_tls_sni_for(const char *host, const struct cc_tls_options *opts)
{
	if (opts->no_sni)
		return NULL;
	if (opts->sni)
		return opts->sni;
	return cc_tls_is_ip_literal(host) ? NULL : host;
}

char *cc_tls_priority_string(const struct cc_tls_options *opts)
{
	struct cc_buf b = CC_BUF_INIT;
	if (opts->priority) {
		cc_buf_adds(&b, opts->priority);
	} else {
		cc_buf_adds(&b, "NORMAL");
		/* GnuTLS 3.7's NORMAL still has TLS 1.0 and 1.1, which current
		 * clients no longer offer (RFC 8996): only --tls-min brings them. */
		if (!opts->tls_min && !opts->tls_max)
			cc_buf_adds(&b, ":-VERS-TLS1.1:-VERS-TLS1.0");
		if (opts->tls_min || opts->tls_max) {
			int lo = cc_tls_lowest_version(opts);
			int hi = opts->tls_max ? opts->tls_max : 13;
			cc_buf_adds(&b, ":-VERS-ALL");
			if (lo <= 13 && hi >= 13)
				cc_buf_adds(&b, ":+VERS-TLS1.3");
			if (lo <= 12 && hi >= 12)
				cc_buf_adds(&b, ":+VERS-TLS1.2");
			if (lo <= 11 && hi >= 11)
				cc_buf_adds(&b, ":+VERS-TLS1.1");
			if (lo <= 10 && hi >= 10)
				cc_buf_adds(&b, ":+VERS-TLS1.0");
		}
	}
	/* GnuTLS 3.7 has no finer switch: %COMPAT is what lets a client accept
	 * a peer's key usage violation (it also allows odd record sizes). */
	if (opts->allow_ku_violation)
		cc_buf_adds(&b, ":%COMPAT");
	return cc_buf_detach(&b, NULL);
}

bool cc_tls_looks_like_tls(const unsigned char *data, size_t len)
{
	if (len == 0)
		return true;
	/* A record: content type 20..24 (change_cipher_spec .. heartbeat),
	 * then the version's major byte 3. */
	if (data[0] < 20 || data[0] > 24)
		return false;
	return len < 2 || data[1] == 3;
}

/* --- the attempt --- */

struct attempt {
	const struct cc_tls_options *opts;
	struct cc_tls_info *info;
	int64_t deadline;
	int fd;
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	/* the client certificate (--cert, --key) */
	gnutls_pcert_st pcerts[MAX_CLIENT_CERTS];
	unsigned n_pcerts;
	gnutls_privkey_t key;
	/* what the peer presented, copied inside the handshake */
	gnutls_datum_t *peers;
	unsigned n_peers;
	/* the OCSP response stapled to the leaf, copied after the handshake */
	gnutls_datum_t staple;
	/* what the peer sent first, to recognise a non-TLS answer */
	unsigned char first[80];
	size_t first_len;
	size_t received;
	int last_errno;
	bool server_hello;   /* a ServerHello came: a protocol was negotiated */
};
#define ATTEMPT_INIT { .fd = -1 }

static void set_end(struct attempt *a, enum cc_tls_status status, enum cc_tls_stage stage,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set_end(struct attempt *a, enum cc_tls_status status, enum cc_tls_stage stage,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(a->info->message);
	a->info->message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	a->info->status = status;
	a->info->stage = stage;
}

/* "timed out after 1.5 s at stage handshake" */
static void set_timeout_end(struct attempt *a, enum cc_tls_stage stage, const char *why)
{
	set_end(a, CC_TLS_TIMEOUT, stage, "timed out after %g s at stage %s%s%s%s",
		a->opts->timeout_ms / 1000.0, cc_tls_stage_name(stage), why ? " (" : "",
		why ? why : "", why ? ")" : "");
}

/* The transport: plain send/recv on the non-blocking socket, remembering
 * the first bytes received. */
static ssize_t pull(gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
	struct attempt *a = ptr;
	ssize_t n = recv(a->fd, buf, len, 0);
	if (n < 0) {
		a->last_errno = errno;
		gnutls_transport_set_errno(a->session, errno);
		return -1;
	}
	if (n > 0 && a->first_len < sizeof(a->first)) {
		size_t take = (size_t)n < sizeof(a->first) - a->first_len
				      ? (size_t)n
				      : sizeof(a->first) - a->first_len;
		memcpy(a->first + a->first_len, buf, take);
		a->first_len += take;
	}
	a->received += (size_t)n;
	return n;
}

static ssize_t push(gnutls_transport_ptr_t ptr, const void *buf, size_t len)
{
	struct attempt *a = ptr;
	ssize_t n = send(a->fd, buf, len, MSG_NOSIGNAL);
	if (n < 0) {
		a->last_errno = errno;
		gnutls_transport_set_errno(a->session, errno);
	}
	return n;
}

static int pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
	struct attempt *a = ptr;
	struct pollfd pfd = { .fd = a->fd, .events = POLLIN };
	int r = poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
	if (r < 0)
		gnutls_transport_set_errno(a->session, errno);
	return r;
}

/* The verification callback: keep the chain, accept everything. */
static int capture_chain(gnutls_session_t session)
{
	struct attempt *a = gnutls_session_get_ptr(session);
	unsigned n = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(session, &n);
	if (!peers || n == 0 || a->n_peers)
		return 0;
	a->peers = cc_xcalloc(n, sizeof(*a->peers));
	for (unsigned i = 0; i < n; i++) {
		a->peers[i].data = cc_xmalloc(peers[i].size ? peers[i].size : 1);
		memcpy(a->peers[i].data, peers[i].data, peers[i].size);
		a->peers[i].size = peers[i].size;
	}
	a->n_peers = n;
	return 0;
}

/* Every incoming handshake message: TLS 1.3 checks the certificate's key
 * usage before the verification callback runs, so also capture when the
 * message after the Certificate arrives. */
static int capture_hook(gnutls_session_t session, unsigned int htype, unsigned when,
			unsigned int incoming, const gnutls_datum_t *msg)
{
	(void)when;
	(void)msg;
	if (!incoming)
		return 0;
	if (htype == GNUTLS_HANDSHAKE_SERVER_HELLO) {
		struct attempt *a = gnutls_session_get_ptr(session);
		a->server_hello = true;
	}
	capture_chain(session);
	return 0;
}

/* The server asked for a client certificate: note the CAs it named and
 * hand over ours, if any. */
static int give_client_cert(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn,
			    int nreqs, const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
			    gnutls_pcert_st **pcert, unsigned int *pcert_length,
			    gnutls_privkey_t *privkey)
{
	struct attempt *a = gnutls_session_get_ptr(session);
	(void)pk_algos;
	(void)pk_algos_length;
	a->info->client_cert_requested = true;
	cc_strv_release(&a->info->accepted_cas);
	for (int i = 0; i < nreqs; i++) {
		gnutls_datum_t dn = { NULL, 0 };
		if (gnutls_x509_rdn_get2(&req_ca_rdn[i], &dn, GNUTLS_X509_DN_FLAG_COMPAT) < 0 ||
		    !dn.data)
			continue;
		cc_strv_push(&a->info->accepted_cas, cc_escape((const char *)dn.data, dn.size));
		gnutls_free(dn.data);
	}
	*pcert_length = a->n_pcerts;
	*pcert = a->n_pcerts ? a->pcerts : NULL;
	*privkey = a->n_pcerts ? a->key : NULL;
	a->info->client_cert_sent = a->n_pcerts > 0;
	return 0;
}

/* Whether KEY is the private half of PUB. */
static bool same_public_key(gnutls_pubkey_t pub, gnutls_privkey_t key)
{
	gnutls_pubkey_t of_key = NULL;
	unsigned char a[64], b[64];
	size_t a_len = sizeof(a), b_len = sizeof(b);
	bool same = gnutls_pubkey_init(&of_key) >= 0 &&
		    gnutls_pubkey_import_privkey(of_key, key, 0, 0) >= 0 &&
		    gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, a, &a_len) >= 0 &&
		    gnutls_pubkey_get_key_id(of_key, GNUTLS_KEYID_USE_SHA256, b, &b_len) >= 0 &&
		    a_len == b_len && memcmp(a, b, a_len) == 0;
	if (of_key)
		gnutls_pubkey_deinit(of_key);
	return same;
}

static int load_client_cert(struct attempt *a, struct cc_error *err)
{
	const char *cert_file = a->opts->cert_file, *key_file = a->opts->key_file;
	if (!cert_file)
		return 0;
	unsigned n = MAX_CLIENT_CERTS;
	int r = gnutls_pcert_list_import_x509_file(a->pcerts, &n, cert_file, GNUTLS_X509_FMT_PEM,
						   NULL, NULL, 0);
	if (r < 0)
		return cc_error_set(err, CC_USAGE, cert_file,
				    "cannot load the client certificate chain: %s",
				    gnutls_strerror(r));
	a->n_pcerts = n;

	char *data = NULL;
	size_t len = 0;
	if (cc_read_file(key_file, &data, &len, err) < 0)
		return -1;
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	r = gnutls_privkey_init(&a->key);
	if (r >= 0)
		r = gnutls_privkey_import_x509_raw(a->key, &d, GNUTLS_X509_FMT_PEM,
						   a->opts->password, 0);
	memset(data, 0, len);
	free(data);
	if (r < 0)
		return cc_error_set(err, CC_USAGE, key_file, "cannot load the private key: %s%s",
				    gnutls_strerror(r),
				    r != GNUTLS_E_DECRYPTION_FAILED ? ""
				    : a->opts->password ? " (wrong password in --password-file?)"
							: " (an encrypted key: give its password with "
							  "--password-file FILE)");
	/* A key of another certificate fails only at the server, which then
	 * blames the signature (decrypt_error): say it before dialling. */
	if (!same_public_key(a->pcerts[0].pubkey, a->key))
		return cc_error_set(err, CC_USAGE, key_file,
				    "the key does not match the certificate (the first one in %s)",
				    cert_file);
	return 0;
}

static int setup_session(struct attempt *a, struct cc_error *err)
{
	const struct cc_tls_options *opts = a->opts;
	char *prio = cc_tls_priority_string(opts);
	const char *errpos = NULL;
	int r = gnutls_priority_init(&a->prio, prio, &errpos);
	if (r < 0 && !opts->priority) {
		cc_error_set(err, CC_USAGE, NULL, "--tls-min/--tls-max: this GnuTLS refuses '%s': %s "
			     "(its system configuration may disable the older versions)", prio,
			     gnutls_strerror(r));
		free(prio);
		return -1;
	}
	if (r < 0) {
		cc_error_set(err, CC_USAGE, NULL, "--priority: '%s' is not a GnuTLS priority string%s%s%s",
			     prio, errpos ? " (at '" : "", errpos ? errpos : "", errpos ? "')" : "");
		free(prio);
		return -1;
	}
	free(prio);
	if (load_client_cert(a, err) < 0)
		return -1;
	if (gnutls_certificate_allocate_credentials(&a->cred) < 0 ||
	    gnutls_init(&a->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0)
		return cc_error_set(err, CC_USAGE, NULL, "cannot set up a GnuTLS session");
	gnutls_certificate_set_retrieve_function2(a->cred, give_client_cert);
	gnutls_credentials_set(a->session, GNUTLS_CRD_CERTIFICATE, a->cred);
	gnutls_priority_set(a->session, a->prio);
	gnutls_session_set_ptr(a->session, a);
	gnutls_session_set_verify_function(a->session, capture_chain);
	gnutls_handshake_set_hook_function(a->session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_POST,
					   capture_hook);
	/* Ask for a stapled OCSP response (status_request). */
	gnutls_ocsp_status_request_enable_client(a->session, NULL, 0, NULL);
	gnutls_transport_set_ptr(a->session, a);
	gnutls_transport_set_push_function(a->session, push);
	gnutls_transport_set_pull_function(a->session, pull);
	gnutls_transport_set_pull_timeout_function(a->session, pull_timeout);
	gnutls_handshake_set_timeout(a->session, (unsigned)opts->timeout_ms);

	const char *sni = cc_tls_sni_for(a->info->host, opts);
	if (sni) {
		a->info->sni = cc_xstrdup(sni);
		gnutls_server_name_set(a->session, GNUTLS_NAME_DNS, sni, strlen(sni));
	}
	if (opts->alpn) {
		a->info->alpn_offered = cc_xstrdup(opts->alpn);
		gnutls_datum_t protos[32];
		unsigned n = 0;
		char *list = cc_xstrdup(opts->alpn), *save = NULL;
		for (char *p = strtok_r(list, ",", &save); p && n < 32; p = strtok_r(NULL, ",", &save))
			protos[n++] = (gnutls_datum_t){ (unsigned char *)p, (unsigned)strlen(p) };
		r = gnutls_alpn_set_protocols(a->session, protos, n, 0);
		free(list);
		if (r < 0)
			return cc_error_set(err, CC_USAGE, NULL, "--alpn: %s", gnutls_strerror(r));
	}
	return 0;
}

static void format_address(const struct sockaddr *sa, socklen_t len, struct cc_tls_info *info)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return;
	free(info->address);
	info->address = cc_xasprintf(sa->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, serv);
}

/* Connect to one of the addresses of HOST:PORT (the target's, or with
 * --proxy the proxy's, named WHAT in messages).  0 connected, -1 ended
 * (the info says how). */
static int dial(struct attempt *a, const char *host, const char *port, const char *what)
{
	struct cc_tls_info *info = a->info;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_ADDRCONFIG };
	struct addrinfo *res = NULL;
	int r = getaddrinfo(host, port, &hints, &res);
	if (r == EAI_ADDRFAMILY || r == EAI_NONAME) {
		/* AI_ADDRCONFIG hides ::1 on a host whose only IPv6 is loopback. */
		hints.ai_flags = 0;
		r = getaddrinfo(host, port, &hints, &res);
	}
	if (r != 0) {
		if (r == EAI_NONAME || r == EAI_NODATA || r == EAI_FAIL || r == EAI_AGAIN)
			set_end(a, CC_TLS_NOT_RESOLVED, CC_TLS_STAGE_RESOLVE,
				"name not resolved: %s%s (%s)", what, host, gai_strerror(r));
		else
			set_end(a, CC_TLS_ERROR, CC_TLS_STAGE_RESOLVE, "cannot resolve %s%s: %s",
				what, host, gai_strerror(r));
		return -1;
	}
	if (cc_now_ms() >= a->deadline) {
		freeaddrinfo(res);
		set_timeout_end(a, CC_TLS_STAGE_RESOLVE, NULL);
		return -1;
	}

	int last_err = 0;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		format_address(ai->ai_addr, ai->ai_addrlen, info);
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->ai_protocol);
		if (fd < 0) {
			last_err = errno;
			continue;
		}
		int e = 0;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			e = errno;
			if (e == EINPROGRESS) {
				if (!cc_wait_fd(fd, POLLOUT, a->deadline)) {
					close(fd);
					freeaddrinfo(res);
					set_timeout_end(a, CC_TLS_STAGE_CONNECT,
							"no answer to the connection request");
					return -1;
				}
				socklen_t len = sizeof(e);
				if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
					e = errno;
			}
		}
		if (e == 0) {
			a->fd = fd;
			freeaddrinfo(res);
			return 0;
		}
		close(fd);
		/* Keep "refused" over the less telling errors of other addresses. */
		if (last_err != ECONNREFUSED)
			last_err = e;
	}
	freeaddrinfo(res);
	if (last_err == ECONNREFUSED)
		set_end(a, CC_TLS_REFUSED, CC_TLS_STAGE_CONNECT,
			"connection refused: nothing listens on %s%s", what, info->address);
	else
		set_end(a, CC_TLS_ERROR, CC_TLS_STAGE_CONNECT, "cannot connect to %s%s: %s", what,
			info->address ? info->address : host, strerror(last_err));
	return -1;
}

/* How a leg before the handshake (the proxy's CONNECT, STARTTLS) ended:
 * 0 when it went through, else -1 with the info saying how. */
static int leg_end(struct attempt *a, enum cc_net_result r, enum cc_tls_stage stage,
		   enum cc_tls_status refused, char *message)
{
	switch (r) {
	case CC_NET_OK:
		break;
	case CC_NET_REFUSED:
		set_end(a, refused, stage, "%s", message);
		break;
	case CC_NET_TIMEOUT:
		set_timeout_end(a, stage, message);
		break;
	case CC_NET_CLOSED:
		set_end(a, CC_TLS_PEER_CLOSED, stage, "%s", message);
		break;
	case CC_NET_ERROR:
		set_end(a, CC_TLS_ERROR, stage, "%s", message);
		break;
	}
	free(message);
	return r == CC_NET_OK ? 0 : -1;
}

/* Dial the target, or the proxy and through it the target, then run the
 * --starttls exchange.  0 when the handshake can start, -1 ended (the info
 * says how). */
static int open_transport(struct attempt *a, const char *proxy_host, const char *proxy_port)
{
	struct cc_tls_info *info = a->info;
	char *message = NULL;
	enum cc_net_result r;
	if (!proxy_host) {
		if (dial(a, info->host, info->port, "") < 0)
			return -1;
	} else {
		if (dial(a, proxy_host, proxy_port, "the proxy ") < 0)
			return -1;
		r = cc_proxy_connect(a->fd, info->host, info->port, a->deadline, &message);
		if (leg_end(a, r, CC_TLS_STAGE_PROXY, CC_TLS_PROXY_REFUSED, message) < 0)
			return -1;
	}
	if (a->opts->starttls == CC_STARTTLS_NONE)
		return 0;
	/* XMPP names the service: the SNI when one is sent, else HOST. */
	const char *name = info->sni ? info->sni : info->host;
	r = cc_starttls_run(a->fd, a->opts->starttls, name, a->deadline, &message);
	return leg_end(a, r, CC_TLS_STAGE_STARTTLS, CC_TLS_STARTTLS_REFUSED, message);
}

/* Whether LOCATION (HOST[:PORT]) names a port: "[::1]:25", "host:25", not
 * "[::1]" or a bare IPv6 address. */
static bool has_port(const char *location)
{
	const char *colon = strchr(location, ':');
	if (location[0] == '[')
		return strstr(location, "]:") != NULL;
	return colon && !strchr(colon + 1, ':');
}

/* The first line of a non-TLS answer, printable and short.  GnuTLS read
 * only a record header: take what else has arrived, without waiting. */
static char *first_line(struct attempt *a)
{
	if (a->fd >= 0 && a->first_len < sizeof(a->first)) {
		ssize_t r = recv(a->fd, a->first + a->first_len, sizeof(a->first) - a->first_len,
				 MSG_DONTWAIT);
		if (r > 0)
			a->first_len += (size_t)r;
	}
	size_t n = 0;
	while (n < a->first_len && n < 60 && a->first[n] != '\r' && a->first[n] != '\n')
		n++;
	return cc_escape((const char *)a->first, n);
}

/* "certificate_required", as RFC 8446 names it (GnuTLS says
 * "GNUTLS_A_CERTIFICATE_REQUIRED"). */
static char *alert_strname(gnutls_alert_description_t alert)
{
	const char *s = gnutls_alert_get_strname(alert);
	if (!s)
		return cc_xasprintf("alert %d", (int)alert);
	if (strncmp(s, "GNUTLS_A_", 9) == 0)
		s += 9;
	char *name = cc_xstrdup(s);
	for (char *p = name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return name;
}

/* A fatal end of the handshake (or of the wait after it). */
static void classify_failure(struct attempt *a, int r, enum cc_tls_stage stage)
{
	struct cc_tls_info *info = a->info;
	bool asked_none_sent = info->client_cert_requested && !info->client_cert_sent;

	if (!cc_tls_looks_like_tls(a->first, a->first_len)) {
		char *line = first_line(a);
		bool http = a->first_len >= 5 && memcmp(a->first, "HTTP/", 5) == 0;
		set_end(a, CC_TLS_NOT_TLS, stage, "not TLS: the peer answered %s'%s'",
			http ? "in plain HTTP: " : "", line);
		free(line);
		return;
	}
	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		gnutls_alert_description_t alert = gnutls_alert_get(a->session);
		info->alert = alert_strname(alert);
		const char *words = gnutls_alert_get_name(alert);
		if (asked_none_sent)
			set_end(a, CC_TLS_CLIENT_CERT_REQUIRED, stage,
				"the server requires a client certificate: it asked for one, none "
				"was sent, and it ended the handshake with the alert '%s' (%s)",
				words ? words : info->alert, info->alert);
		else if (info->client_cert_sent)
			set_end(a, CC_TLS_ALERT, stage,
				"the server sent the alert '%s' (%s) after receiving the client "
				"certificate",
				words ? words : info->alert, info->alert);
		else
			set_end(a, CC_TLS_ALERT, stage, "the server sent the alert '%s' (%s)%s",
				words ? words : info->alert, info->alert,
				alert == GNUTLS_A_PROTOCOL_VERSION && cc_tls_lowest_version(a->opts) >= 12 &&
						!a->opts->priority
					? ": it may speak only TLS 1.0 or 1.1, which --tls-min 1.0 offers"
					: "");
		return;
	}
	if (r == GNUTLS_E_KEY_USAGE_VIOLATION) {
		set_end(a, CC_TLS_KEY_USAGE, stage,
			"GnuTLS refused the server certificate: its key usage lacks "
			"digitalSignature (--allow-key-usage-violation accepts it)");
		return;
	}
	if (r == GNUTLS_E_TIMEDOUT) {
		set_timeout_end(a, stage, NULL);
		return;
	}
	bool closed = r == GNUTLS_E_PREMATURE_TERMINATION ||
		      ((r == GNUTLS_E_PULL_ERROR || r == GNUTLS_E_PUSH_ERROR) &&
		       (a->last_errno == ECONNRESET || a->last_errno == EPIPE));
	if (closed && asked_none_sent) {
		set_end(a, CC_TLS_CLIENT_CERT_REQUIRED, stage,
			"the server requires a client certificate: it asked for one, none was "
			"sent, and it closed the connection");
	} else if (closed && a->received == 0) {
		set_end(a, CC_TLS_PEER_CLOSED, stage,
			"the peer closed the connection without answering the ClientHello%s",
			info->sni ? "" : " (no SNI was sent: an SNI-routing proxy may need one)");
	} else if (closed) {
		set_end(a, CC_TLS_PEER_CLOSED, stage, "the peer closed the connection during the %s",
			stage == CC_TLS_STAGE_HANDSHAKE ? "handshake" : "wait after the handshake");
	} else {
		set_end(a, CC_TLS_ERROR, stage, "the handshake failed: %s", gnutls_strerror(r));
	}
}

/* Drive the handshake to its end.  0 completed, -1 ended otherwise. */
static int handshake(struct attempt *a)
{
	for (;;) {
		int r = gnutls_handshake(a->session);
		if (r == 0)
			return 0;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(r)) {
			/* EAGAIN: wait for the socket; a warning alert or an
			 * interruption: go on at once, but not past the deadline. */
			short events = gnutls_record_get_direction(a->session) ? POLLOUT : POLLIN;
			bool ready = r == GNUTLS_E_AGAIN ? cc_wait_fd(a->fd, events, a->deadline)
							 : cc_now_ms() < a->deadline;
			if (!ready) {
				set_timeout_end(a, CC_TLS_STAGE_HANDSHAKE,
						a->received ? "the peer stopped answering"
							    : "the peer accepted the connection but never answered");
				return -1;
			}
			continue;
		}
		classify_failure(a, r, CC_TLS_STAGE_HANDSHAKE);
		return -1;
	}
}

/* TLS 1.3 moves the server's verdict on the client certificate after the
 * client's Finished: wait briefly for an alert, a ticket or data. */
static void await_verdict(struct attempt *a)
{
	int64_t until = cc_now_ms() + CONFIRM_MS;
	if (until > a->deadline)
		until = a->deadline;
	char buf[512];
	for (;;) {
		ssize_t r = gnutls_record_recv(a->session, buf, sizeof(buf));
		if (r > 0)
			return;
		if (r == 0) {
			classify_failure(a, GNUTLS_E_PREMATURE_TERMINATION, CC_TLS_STAGE_POST_HANDSHAKE);
			return;
		}
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal((int)r)) {
			if (gnutls_session_get_flags(a->session) & GNUTLS_SFLAGS_SESSION_TICKET)
				return;
			if (r == GNUTLS_E_AGAIN ? !cc_wait_fd(a->fd, POLLIN, until) : cc_now_ms() >= until)
				return; /* no verdict in time: the handshake stands */
			continue;
		}
		classify_failure(a, (int)r, CC_TLS_STAGE_POST_HANDSHAKE);
		return;
	}
}

static void record_facts(struct attempt *a)
{
	struct cc_tls_info *info = a->info;
	/* Before a ServerHello GnuTLS reports the version it would offer, not
	 * one agreed on (a peer that is not TLS, a timeout, a version alert). */
	gnutls_protocol_t v = gnutls_protocol_get_version(a->session);
	const char *name = gnutls_protocol_get_name(v);
	if (a->server_hello && name && v != GNUTLS_VERSION_UNKNOWN)
		info->protocol = cc_xstrdup(name);
	if (info->status == CC_TLS_COMPLETED || info->stage == CC_TLS_STAGE_POST_HANDSHAKE) {
		const char *cs = gnutls_ciphersuite_get(a->session);
		if (cs)
			info->cipher = cc_xstrdup(cs);
		gnutls_datum_t proto = { NULL, 0 };
		if (gnutls_alpn_get_selected_protocol(a->session, &proto) == 0 && proto.data)
			info->alpn = cc_escape((const char *)proto.data, proto.size);
	}
	if (gnutls_certificate_client_get_request_status(a->session))
		info->client_cert_requested = true;
	gnutls_datum_t staple = { NULL, 0 };
	if (gnutls_ocsp_status_request_get2(a->session, 0, &staple) == 0 && staple.data && staple.size) {
		a->staple.data = cc_xmalloc(staple.size);
		memcpy(a->staple.data, staple.data, staple.size);
		a->staple.size = staple.size;
	}
}

static void attempt_release(struct attempt *a)
{
	if (a->session)
		gnutls_deinit(a->session);
	if (a->cred)
		gnutls_certificate_free_credentials(a->cred);
	if (a->prio)
		gnutls_priority_deinit(a->prio);
	for (unsigned i = 0; i < a->n_pcerts; i++)
		gnutls_pcert_deinit(&a->pcerts[i]);
	if (a->key)
		gnutls_privkey_deinit(a->key);
	free(a->staple.data);
	for (unsigned i = 0; i < a->n_peers; i++)
		free(a->peers[i].data);
	free(a->peers);
	if (a->fd >= 0)
		close(a->fd);
}

int cc_tls_check_client_cert(const struct cc_tls_options *opts, struct cc_error *err)
{
	struct cc_tls_info info = { 0 };
	struct attempt a = ATTEMPT_INIT;
	a.opts = opts;
	a.info = &info;
	int r = load_client_cert(&a, err);
	attempt_release(&a);
	return r;
}

void cc_tls_der_release(struct cc_tls_der *der)
{
	for (size_t i = 0; i < der->n_peers; i++)
		free(der->peers[i].data);
	free(der->peers);
	free(der->staple.data);
	*der = (struct cc_tls_der)CC_TLS_DER_INIT;
}

int cc_tls_fetch(const char *spec, const char *location, const struct cc_tls_options *opts,
		 struct cc_tls_info *info, struct cc_tls_der *der, struct cc_error *err)
{
	struct attempt a = ATTEMPT_INIT;
	char *proxy_host = NULL, *proxy_port = NULL;
	int ret = -1;
	info->timeout_ms = opts->timeout_ms;
	info->ku_violation_allowed = opts->allow_ku_violation;
	a.opts = opts;
	a.info = info;
	if (cc_tls_parse_target(location, &info->host, &info->port, err) < 0)
		return -1;
	info->starttls = opts->starttls;
	if (opts->starttls != CC_STARTTLS_NONE) {
		/* A URL's scheme already says the port speaks TLS at once. */
		if (strncmp(spec, "tls://", 6) != 0)
			return cc_error_set(err, CC_USAGE, spec,
					    "--starttls goes with HOST[:PORT] or tls://, not with a URL "
					    "whose port speaks TLS at once");
		if (!has_port(location)) {
			free(info->port);
			info->port = cc_xstrdup(cc_starttls_port(opts->starttls));
		}
	}
	if (opts->proxy) {
		if (cc_proxy_parse(opts->proxy, &proxy_host, &proxy_port, err) < 0)
			return -1;
		info->proxy = cc_xstrdup(opts->proxy);
	}
	if (setup_session(&a, err) < 0) {
		cc_error_prefix(err, spec);
		goto out;
	}

	a.deadline = cc_now_ms() + opts->timeout_ms;
	info->stage = CC_TLS_STAGE_RESOLVE;
	if (open_transport(&a, proxy_host, proxy_port) == 0) {
		if (handshake(&a) == 0) {
			set_end(&a, CC_TLS_COMPLETED, CC_TLS_STAGE_HANDSHAKE, "completed");
			if (gnutls_protocol_get_version(a.session) == GNUTLS_TLS1_3 &&
			    gnutls_certificate_client_get_request_status(a.session))
				await_verdict(&a);
		}
		record_facts(&a);
	}
	if (!a.n_peers) {
		cc_error_set(err, CC_NO_CHAIN, spec, "no certificate obtained: %s", info->message);
		goto out;
	}
	/* The caller takes what was captured. */
	der->peers = a.peers;
	der->n_peers = a.n_peers;
	der->staple = a.staple;
	a.peers = NULL;
	a.n_peers = 0;
	a.staple = (gnutls_datum_t){ NULL, 0 };
	ret = 0;
out:
	free(proxy_host);
	free(proxy_port);
	attempt_release(&a);
	return ret;
}
