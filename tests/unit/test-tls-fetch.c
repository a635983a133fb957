/* Unit tests for tls-fetch.c: the pure parts (HOST[:PORT], SNI rules, the
 * priority string, recognising TLS, status and stage names).  The network
 * parts are tested against real peers in tests/cli/t03*-connect-*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load.h"
#include "tls-fetch.h"

static void test_parse_target(void **state)
{
	static const struct {
		const char *in;
		int ret;
		const char *host, *port;
	} cases[] = {
		{ "example.com", 0, "example.com", "443" },
		{ "example.com:8443", 0, "example.com", "8443" },
		{ "127.0.0.1", 0, "127.0.0.1", "443" },
		{ "127.0.0.1:1", 0, "127.0.0.1", "1" },
		{ "127.0.0.1:65535", 0, "127.0.0.1", "65535" },
		{ "[::1]:8443", 0, "::1", "8443" },
		{ "[::1]", 0, "::1", "443" },
		{ "::1", 0, "::1", "443" },
		{ "[2001:db8::5]:443", 0, "2001:db8::5", "443" },
		{ "2001:db8::5", 0, "2001:db8::5", "443" },
		{ "proxy.upbound-127.0.0.1.nip.io:443", 0, "proxy.upbound-127.0.0.1.nip.io", "443" },
		{ "host:0", -1, NULL, NULL },
		{ "host:65536", -1, NULL, NULL },
		{ "host:", -1, NULL, NULL },
		{ "host:https", -1, NULL, NULL },
		{ "host:-1", -1, NULL, NULL },
		{ "host:+80", -1, NULL, NULL },
		{ ":443", -1, NULL, NULL },
		{ "[::1", -1, NULL, NULL },
		{ "[]:443", -1, NULL, NULL },
		{ "[::1]x", -1, NULL, NULL },
		{ "[::1]:", -1, NULL, NULL },
		{ "[example.com]:443", -1, NULL, NULL },
		{ "[127.0.0.1]:443", -1, NULL, NULL },
		{ "::1:443:x", -1, NULL, NULL },
		{ "a:b:c", -1, NULL, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *host = NULL, *port = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_tls_parse_target(cases[i].in, &host, &port, &err);
		if (r != cases[i].ret)
			fail_msg("cc_tls_parse_target(\"%s\") returned %d (%s)", cases[i].in, r, err.msg);
		if (r == 0) {
			assert_string_equal(host, cases[i].host);
			assert_string_equal(port, cases[i].port);
		} else {
			assert_int_equal(err.status, CC_USAGE);
			/* The message names what was given. */
			assert_non_null(strstr(err.msg, cases[i].in));
		}
		free(host);
		free(port);
	}
}

static void test_sni(void **state)
{
	static const struct {
		const char *host, *sni;
		bool no_sni;
		const char *want;
	} cases[] = {
		{ "example.com", NULL, false, "example.com" },
		{ "127.0.0.1", NULL, false, NULL },
		{ "::1", NULL, false, NULL },
		{ "fe80::1%1", NULL, false, NULL },
		{ "127.0.0.1", "proxy.upbound-127.0.0.1.nip.io", false, "proxy.upbound-127.0.0.1.nip.io" },
		{ "example.com", "other.example", false, "other.example" },
		{ "example.com", NULL, true, NULL },
		{ "127.0.0.1", NULL, true, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_tls_options o = CC_TLS_OPTIONS_INIT;
		o.sni = cases[i].sni;
		o.no_sni = cases[i].no_sni;
		const char *got = cc_tls_sni_for(cases[i].host, &o);
		if (cases[i].want == NULL) {
			if (got)
				fail_msg("SNI for %s: got %s, want none", cases[i].host, got);
		} else {
			assert_non_null(got);
			assert_string_equal(got, cases[i].want);
		}
	}
}

static void test_priority(void **state)
{
	static const struct {
		int min, max;
		const char *priority;
		bool allow_ku;
		const char *want;
	} cases[] = {
		{ 0, 0, NULL, false, "NORMAL:-VERS-TLS1.1:-VERS-TLS1.0" },
		{ 12, 0, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2" },
		{ 13, 0, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.3" },
		{ 0, 12, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.2" },
		{ 12, 13, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2" },
		{ 13, 13, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.3" },
		{ 0, 0, "SECURE256", false, "SECURE256" },
		{ 0, 0, NULL, true, "NORMAL:-VERS-TLS1.1:-VERS-TLS1.0:%COMPAT" },
		{ 10, 0, NULL, false,
		  "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0" },
		{ 11, 0, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:+VERS-TLS1.1" },
		{ 10, 11, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0" },
		{ 0, 11, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.1" },
		{ 10, 10, NULL, false, "NORMAL:-VERS-ALL:+VERS-TLS1.0" },
		{ 0, 12, NULL, true, "NORMAL:-VERS-ALL:+VERS-TLS1.2:%COMPAT" },
		{ 0, 0, "NORMAL:-VERS-TLS1.3", true, "NORMAL:-VERS-TLS1.3:%COMPAT" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_tls_options o = CC_TLS_OPTIONS_INIT;
		o.tls_min = cases[i].min;
		o.tls_max = cases[i].max;
		o.priority = cases[i].priority;
		o.allow_ku_violation = cases[i].allow_ku;
		char *got = cc_tls_priority_string(&o);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_looks_like_tls(void **state)
{
	static const struct {
		const char *data;
		size_t len;
		bool want;
	} cases[] = {
		{ "", 0, true },                      /* nothing yet */
		{ "\x16\x03\x03\x00\x7a", 5, true },  /* handshake record, TLS 1.2 */
		{ "\x15\x03\x01\x00\x02", 5, true },  /* alert */
		{ "\x16", 1, true },
		{ "HTTP/", 5, false },
		{ "<!DOC", 5, false },
		{ "SSH-2", 5, false },
		{ "\x16\x02\x00", 3, false },         /* major version 2 */
		{ "\x19\x03", 2, false },             /* content type 25 */
		{ "\x13\x03", 2, false },             /* content type 19 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cc_tls_looks_like_tls((const unsigned char *)cases[i].data, cases[i].len) !=
		    cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
}

static void test_names(void **state)
{
	static const struct {
		enum cc_tls_status status;
		const char *name;
	} statuses[] = {
		{ CC_TLS_COMPLETED, "completed" },
		{ CC_TLS_CLIENT_CERT_REQUIRED, "client_cert_required" },
		{ CC_TLS_ALERT, "alert" },
		{ CC_TLS_KEY_USAGE, "key_usage_violation" },
		{ CC_TLS_TIMEOUT, "timeout" },
		{ CC_TLS_PEER_CLOSED, "peer_closed" },
		{ CC_TLS_NOT_TLS, "not_tls" },
		{ CC_TLS_REFUSED, "connection_refused" },
		{ CC_TLS_NOT_RESOLVED, "not_resolved" },
		{ CC_TLS_PROXY_REFUSED, "proxy_refused" },
		{ CC_TLS_STARTTLS_REFUSED, "starttls_refused" },
		{ CC_TLS_ERROR, "error" },
	};
	static const struct {
		enum cc_tls_stage stage;
		const char *name;
	} stages[] = {
		{ CC_TLS_STAGE_RESOLVE, "resolve" },
		{ CC_TLS_STAGE_CONNECT, "connect" },
		{ CC_TLS_STAGE_PROXY, "proxy" },
		{ CC_TLS_STAGE_STARTTLS, "starttls" },
		{ CC_TLS_STAGE_HANDSHAKE, "handshake" },
		{ CC_TLS_STAGE_POST_HANDSHAKE, "post-handshake" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		assert_string_equal(cc_tls_status_name(statuses[i].status), statuses[i].name);
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		assert_string_equal(cc_tls_stage_name(stages[i].stage), stages[i].name);
}

/* A peer's chain becomes one entry, however long; a bad certificate is
 * named. */
static void test_add_chain(void **state)
{
	(void)state;
	char *pem;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(CC_FIXTURES "/istio/root-cert.pem", &pem, &len, &err) < 0)
		fail_msg("%s", err.msg);
	gnutls_datum_t in = { (unsigned char *)pem, (unsigned)len }, der;
	assert_int_equal(gnutls_pem_base64_decode2("CERTIFICATE", &in, &der), 0);
	gnutls_datum_t junk = { (unsigned char *)"\x30\x03\x02\x01\x00", 5 };
	static const struct {
		size_t n;
		bool junk_second;  /* the second certificate is not a certificate */
		const char *want;  /* NULL: added */
	} cases[] = {
		{ 1, false, NULL },
		{ 3, false, NULL },
		{ 1001, false, NULL },
		{ 1001, true, "tls://127.0.0.1:1: certificate 2: " },
		{ 2, true, "tls://127.0.0.1:1: certificate 2: " },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gnutls_datum_t *peers = cc_xcalloc(cases[i].n, sizeof(*peers));
		for (size_t k = 0; k < cases[i].n; k++)
			peers[k] = k == 1 && cases[i].junk_second ? junk : der;
		struct cc_source *src = NULL;
		struct cc_entry *e = NULL;
		err = (struct cc_error)CC_ERROR_INIT;
		assert_int_equal(cc_source_parse("tls://127.0.0.1:1", &src, &err), 0);
		int r = cc_tls_add_chain(src, peers, cases[i].n, &e, &err);
		if (!cases[i].want) {
			if (r < 0)
				fail_msg("case %zu: %s", i, err.msg);
			assert_int_equal(e->n_certs, cases[i].n);
			assert_string_equal(e->name, "127.0.0.1:1");
		} else {
			if (r == 0)
				fail_msg("case %zu: added, want '%s'", i, cases[i].want);
			assert_int_equal(err.status, CC_NO_CHAIN);
			if (!strstr(err.msg, cases[i].want))
				fail_msg("case %zu: error '%s', want '%s'", i, err.msg, cases[i].want);
		}
		cc_source_free(src);
		free(peers);
	}
	gnutls_free(der.data);
	free(pem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_target),
		cmocka_unit_test(test_sni),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_looks_like_tls),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_add_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
