/* Unit tests for verify.c: path building and every failure reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "source.h"
#include "verify.h"

#include "load-fixtures.h"

static void test_verify(void **state)
{
	static const struct {
		const char *what;
		const char *chain, *roots, *inters;
		const char *host, *ip, *uri;
		enum cc_purpose purpose;
		const char *at;
		size_t path;            /* length of the path built */
		const char *codes;      /* reason codes, space-separated; "" when verified */
		const char *message;    /* a substring of the first reason, or NULL */
	} cases[] = {
		{ "istio chain", "istio/cluster1/workload-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, "spiffe://cluster.local/ns/foo/sa/httpbin", CC_PURPOSE_SERVER,
		  "2026-01-01T06:00:00Z", 3, "", NULL },
		{ "intermediates in any order", "istio/cluster2/workload-cert.pem", "istio/root-cert.pem",
		  "istio/cluster1/ca-cert.pem istio/cluster2/ca-cert.pem", NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 3, "", NULL },
		{ "intermediate as anchor", "istio/cluster1/workload-cert.pem",
		  "istio/cluster1/ca-cert.pem istio/root-cert.pem", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "", NULL },
		{ "missing intermediate", "istio/cluster1/workload-cert.pem", "istio/root-cert.pem", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 1, "signer_not_found",
		  "issuer 'O=Istio,CN=Intermediate CA,L=cluster1'" },
		{ "rogue root", "istio-rogue/cluster3/workload-chain.pem", "istio/root-cert.pem", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 3, "signer_not_found",
		  "self-signed 'O=Istio,CN=Root CA' is not a trusted root" },
		{ "expired intermediate", "istio-expired/workload-chain.pem", "istio/root-cert.pem", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 3, "expired",
		  "certificate 2 'O=Istio,CN=Intermediate CA,L=expired' expired at 2025-12-31T00:00:00Z" },
		{ "leaf expired", "istio/cluster1/workload-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, NULL, CC_PURPOSE_ANY, "2026-01-02T13:00:00Z", 3, "expired", "certificate 1 " },
		{ "not yet valid", "istio/cluster1/workload-reissued-chain.pem", "istio/root-cert.pem",
		  NULL, NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 3, "not_yet_valid",
		  "valid only from 2026-01-01T12:00:00Z" },
		{ "wildcard host", "gateway/server-chain.pem", "gateway/ca.crt", NULL,
		  "foo.proxy.upbound-127.0.0.1.nip.io", NULL, NULL, CC_PURPOSE_SERVER,
		  "2026-01-01T06:00:00Z", 2, "", NULL },
		{ "wildcard covers one label only", "gateway/server-chain.pem", "gateway/ca.crt", NULL,
		  "a.b.proxy.upbound-127.0.0.1.nip.io", NULL, NULL, CC_PURPOSE_ANY,
		  "2026-01-01T06:00:00Z", 2, "name_mismatch", "host 'a.b.proxy" },
		{ "IP SAN", "gateway/server-chain.pem", "gateway/ca.crt", NULL, NULL, "127.0.0.1", NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "", NULL },
		{ "other IP", "gateway/server-chain.pem", "gateway/ca.crt", NULL, NULL, "127.0.0.2", NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "name_mismatch", "IP address '127.0.0.2'" },
		{ "URI exact", "istio/cluster1/workload-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, "spiffe://cluster.local/ns/foo/sa/httpbi", CC_PURPOSE_ANY,
		  "2026-01-01T06:00:00Z", 3, "name_mismatch", "URI 'spiffe://cluster.local/ns/foo/sa/httpbi'" },
		{ "client purpose on a server leaf", "gateway/server-chain.pem", "gateway/ca.crt", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_CLIENT, "2026-01-01T06:00:00Z", 2, "purpose_mismatch",
		  "does not allow clientAuth" },
		{ "server purpose on a client leaf", "mtls/client-chain.pem", "mtls/ca.crt", NULL, NULL,
		  NULL, NULL, CC_PURPOSE_SERVER, "2026-01-01T06:00:00Z", 2, "purpose_mismatch",
		  "does not allow serverAuth (EKU: clientAuth)" },
		{ "issuer not a CA", "strict/intermediate-no-ca-leaf.crt", "strict/ca.crt",
		  "strict/intermediate-no-ca.crt", NULL, NULL, NULL, CC_PURPOSE_ANY,
		  "2026-01-01T06:00:00Z", 3, "signer_not_ca", "has CA:FALSE" },
		{ "SHA-1", "strict/sha1-signature.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "insecure_algorithm", "RSA-SHA1" },
		{ "MD5", "strict/md5-signature.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "insecure_algorithm", "RSA-MD5" },
		{ "RSA 1024", "strict/rsa-1024.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "insecure_algorithm", "1024 bits" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *srcs[8];
		size_t n_srcs = 0, n_chain = 0, n_roots = 0, n_inters = 0;
		struct cc_cert **chain = NULL, **roots = NULL, **inters = NULL;
		load(cases[i].chain, srcs, &n_srcs, &chain, &n_chain);
		load(cases[i].roots, srcs, &n_srcs, &roots, &n_roots);
		load(cases[i].inters, srcs, &n_srcs, &inters, &n_inters);
		struct cc_verify_options o = { roots, n_roots, inters, n_inters, cases[i].host,
					       cases[i].ip, cases[i].uri, cases[i].purpose, 0 };
		assert_int_equal(cc_time_parse(cases[i].at, &o.at), 0);
		struct cc_verify_result r;
		struct cc_error err = CC_ERROR_INIT;
		if (cc_verify_chain(chain, n_chain, &o, &r, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		struct cc_buf codes = CC_BUF_INIT;
		for (size_t k = 0; k < r.n_reasons; k++)
			cc_buf_addf(&codes, "%s%s", k ? " " : "", r.reasons[k].code);
		const char *got = codes.data ? codes.data : "";
		if (strcmp(got, cases[i].codes) != 0 || r.n_path != cases[i].path ||
		    r.ok != !*cases[i].codes ||
		    (cases[i].message && !strstr(r.reasons[0].message, cases[i].message)))
			fail_msg("%s: codes '%s' (want '%s'), path %zu (want %zu), first reason: %s",
				 cases[i].what, got, cases[i].codes, r.n_path, cases[i].path,
				 r.n_reasons ? r.reasons[0].message : "(none)");
		cc_buf_release(&codes);
		cc_verify_result_release(&r);
		free(chain);
		free(roots);
		free(inters);
		for (size_t k = 0; k < n_srcs; k++)
			cc_source_free(srcs[k]);
	}
}

static void test_bad_ip_and_purpose(void **state)
{
	(void)state;
	struct cc_source *srcs[2];
	size_t n_srcs = 0, n = 0;
	struct cc_cert **chain = NULL;
	load("gateway/server-chain.pem", srcs, &n_srcs, &chain, &n);
	struct cc_verify_options o = { .ip = "1.2.3", .at = 1767247200 };
	struct cc_verify_result r;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_verify_chain(chain, n, &o, &r, &err), -1);
	assert_int_equal(err.status, CC_USAGE);
	assert_non_null(strstr(err.msg, "--ip: '1.2.3' is not an IP address"));
	free(chain);
	cc_source_free(srcs[0]);

	static const struct {
		const char *s;
		int ret;
		enum cc_purpose p;
	} purposes[] = {
		{ "server", 0, CC_PURPOSE_SERVER }, { "client", 0, CC_PURPOSE_CLIENT },
		{ "any", 0, CC_PURPOSE_ANY },       { "Server", -1, CC_PURPOSE_ANY },
		{ "", -1, CC_PURPOSE_ANY },
	};
	for (size_t i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++) {
		enum cc_purpose p = CC_PURPOSE_ANY;
		assert_int_equal(cc_purpose_parse(purposes[i].s, &p), purposes[i].ret);
		assert_int_equal(p, purposes[i].p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_bad_ip_and_purpose),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
