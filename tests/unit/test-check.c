/* Unit tests for check.c: every expectation, as results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "check.h"
#include "load-fixtures.h"
#include "report.h"

static void test_san_specs(void **state)
{
	static const struct {
		const char *spec;
		int ret;
		const char *cert;
		bool has;
	} cases[] = {
		{ "URI:spiffe://cluster.local/ns/foo/sa/httpbin", 0, "istio/cluster1/workload-cert.pem", true },
		{ "uri:spiffe://cluster.local/ns/foo/sa/httpbin", 0, "istio/cluster1/workload-cert.pem", true },
		{ "URI:spiffe://cluster.local/ns/foo/sa/HTTPBIN", 0, "istio/cluster1/workload-cert.pem", false },
		{ "DNS:PROXY.upbound-127.0.0.1.nip.io", 0, "gateway/server.crt", true },
		{ "DNS:*.proxy.upbound-127.0.0.1.nip.io", 0, "gateway/server.crt", true },
		{ "DNS:other.example", 0, "gateway/server.crt", false },
		{ "IP:127.0.0.1", 0, "gateway/server.crt", true },
		{ "IP:::ffff:127.0.0.1", 0, "gateway/server.crt", false },
		{ "IP:127.0.0.2", 0, "gateway/server.crt", false },
		{ "EMAIL:a@b.example", 0, "gateway/server.crt", false },
		{ "IP:localhost", -1, NULL, false },
		{ "DNS:", -1, NULL, false },
		{ "FOO:bar", -1, NULL, false },
		{ "proxy.example", -1, NULL, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_san_spec s = { CC_SAN_OTHER, NULL };
		if (cc_san_spec_parse(cases[i].spec, &s) != cases[i].ret)
			fail_msg("%s: parse", cases[i].spec);
		if (cases[i].cert) {
			struct cc_source *src = load_source(cases[i].cert);
			if (cc_cert_has_san(cc_source_main_entry(src)->certs[0], &s) != cases[i].has)
				fail_msg("%s on %s", cases[i].spec, cases[i].cert);
			cc_source_free(src);
		}
		free(s.value);
	}
}

/* "name=outcome;..." of the results. */
static char *summary(const struct cc_results *r)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < r->n; i++)
		cc_buf_addf(&b, "%s%s=%s", i ? ";" : "", r->v[i].name, cc_outcome_name(r->v[i].outcome));
	return cc_buf_detach(&b, NULL);
}

static void test_expectations(void **state)
{
	/* Every chain is validated first (valid-path); no expectation passes
	 * on a chain that does not validate. */
	static const struct {
		const char *what, *source, *root, *inter, *san, *host, *min_valid, *at, *trust;
		const char *want;
		const char *message;  /* substring of some message or explanation, or NULL */
	} cases[] = {
		{ "istio all pass", "istio/cluster1/workload-chain.pem", "istio/root-cert.pem",
		  "istio/cluster1/ca-cert.pem", "URI:spiffe://cluster.local/ns/foo/sa/httpbin", NULL, "12h",
		  "2026-01-01T06:00:00Z", NULL,
		  "valid-path=pass;expect-root=pass;expect-intermediate=pass;"
		  "expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin=pass;min-valid 12h 0m=pass",
		  "is certificate 2 of the validated path" },
		{ "wrong intermediate", "istio/cluster1/workload-chain.pem", NULL, "istio/cluster2/ca-cert.pem",
		  NULL, NULL, NULL, "2026-01-01T06:00:00Z", "istio/root-cert.pem",
		  "valid-path=pass;expect-intermediate=fail", "found:     O=Istio,CN=Intermediate CA,L=cluster1\n" },
		{ "rogue root", "istio-rogue/cluster3/workload-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, NULL, "2026-01-01T06:00:00Z", NULL, "valid-path=fail;expect-root=fail",
		  "same subject, different key" },
		{ "root as chain", "istio/cluster2/workload-chain.pem", "istio/cluster2/cert-chain.pem", NULL,
		  NULL, NULL, NULL, "2026-01-01T06:00:00Z", NULL, "valid-path=pass;expect-root=pass", NULL },
		{ "repeated root", "istio/cluster1/plugin-default-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, NULL, "2026-01-01T06:00:00Z", NULL, "valid-path=pass;expect-root=pass",
		  "presented 2 times" },
		{ "root not sent, top signed", "istio/cluster1/cert-chain.pem", "istio/root-cert.pem", NULL,
		  NULL, NULL, NULL, "2026-01-01T06:00:00Z", NULL, "valid-path=pass;expect-root=pass", NULL },
		{ "host wildcard", "gateway/server-docs-chain.pem", NULL, NULL, NULL,
		  "foo.proxy.upbound-127.0.0.1.nip.io", NULL, "2026-01-01T06:00:00Z", "gateway/ca.crt",
		  "valid-path=pass;expect-host foo.proxy.upbound-127.0.0.1.nip.io=pass", NULL },
		{ "host two labels", "gateway/server-docs-chain.pem", NULL, NULL, NULL,
		  "a.b.proxy.upbound-127.0.0.1.nip.io", NULL, "2026-01-01T06:00:00Z", "gateway/ca.crt",
		  "valid-path=pass;expect-host a.b.proxy.upbound-127.0.0.1.nip.io=fail", "IP:127.0.0.1" },
		{ "name right, chain untrusted", "gateway/server-docs-chain.pem", NULL, NULL, NULL,
		  "foo.proxy.upbound-127.0.0.1.nip.io", NULL, "2026-01-01T06:00:00Z", "istio/root-cert.pem",
		  "valid-path=fail;expect-host foo.proxy.upbound-127.0.0.1.nip.io=fail",
		  "but the chain does not validate (see valid-path)" },
		{ "13h after issue", "istio/cluster1/workload-chain.pem", NULL, NULL, NULL, NULL, "12h",
		  "2026-01-01T13:00:00Z", "istio/root-cert.pem", "valid-path=pass;min-valid 12h 0m=fail",
		  "expires in 11h 0m, less than 12h 0m" },
		{ "at issue", "istio/cluster1/workload-chain.pem", NULL, NULL, NULL, NULL, "12h",
		  "2026-01-01T00:00:00Z", "istio/root-cert.pem", "valid-path=pass;min-valid 12h 0m=pass", NULL },
		{ "before issue", "istio/cluster1/workload-chain.pem", NULL, NULL, NULL, NULL, "12h",
		  "2025-12-31T23:00:00Z", "istio/root-cert.pem", "valid-path=fail;min-valid 12h 0m=fail",
		  "certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' is not valid yet" },
		{ "expired intermediate", "istio-expired/workload-chain.pem", NULL, NULL, NULL, NULL, "90m",
		  "2026-01-01T06:00:00Z", "istio-expired/root-cert.pem", "valid-path=fail;min-valid 1h 30m=fail",
		  "certificate 2 'O=Istio,CN=Intermediate CA,L=expired' expired 1d 6h ago" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_expect e = { .profile = CC_PROFILE_CLIENTS, .purpose = CC_PURPOSE_SERVER,
				       .explain = &cc_text_explainer };
		struct cc_source *src = load_source(cases[i].source);
		struct cc_source *root = cases[i].root ? load_source(cases[i].root) : NULL;
		struct cc_source *inter = cases[i].inter ? load_source(cases[i].inter) : NULL;
		struct cc_source *trust = cases[i].trust ? load_source(cases[i].trust) : NULL;
		const struct cc_source *roots[1] = { root }, *inters[1] = { inter };
		const char *hosts[1] = { cases[i].host };
		struct cc_san_spec san = { CC_SAN_OTHER, NULL };
		e.roots = roots;
		e.n_roots = root != NULL;
		e.intermediates = inters;
		e.n_intermediates = inter != NULL;
		if (trust) {
			e.trust = cc_source_main_entry(trust)->certs;
			e.n_trust = cc_source_main_entry(trust)->n_certs;
			e.trust_name = cases[i].trust;
		}
		if (cases[i].san) {
			assert_int_equal(cc_san_spec_parse(cases[i].san, &san), 0);
			e.sans = &san;
			e.n_sans = 1;
		}
		e.hosts = hosts;
		e.n_hosts = cases[i].host != NULL;
		if (cases[i].min_valid) {
			assert_int_equal(cc_duration_parse(cases[i].min_valid, &e.min_valid), 0);
			e.has_min_valid = true;
		}
		assert_int_equal(cc_time_parse(cases[i].at, &e.at), 0);
		struct cc_results r = CC_RESULTS_INIT;
		char sha[65];
		cc_check_source(&e, cases[i].source, src, &r, sha);
		char *got = summary(&r);
		bool found = !cases[i].message;
		for (size_t k = 0; k < r.n; k++)
			if (cases[i].message && (strstr(r.v[k].message, cases[i].message) ||
						 strstr(r.v[k].explanation, cases[i].message)))
				found = true;
		if (strcmp(got, cases[i].want) != 0 || !found)
			fail_msg("%s: %s (want %s); first: %s\n%s", cases[i].what, got, cases[i].want,
				 r.n ? r.v[0].message : "", r.n ? r.v[0].explanation : "");
		/* The anchor is said only for a valid path. */
		assert_int_equal(sha[0] != '\0', strncmp(got, "valid-path=pass", 15) == 0);
		free(got);
		free(san.value);
		cc_results_release(&r);
		cc_source_free(src);
		cc_source_free(root);
		cc_source_free(inter);
		cc_source_free(trust);
	}
}

static void test_same_root(void **state)
{
	static const struct {
		const char *a, *b;
		enum cc_outcome want;
		const char *message;
	} cases[] = {
		{ "istio/cluster1/workload-chain.pem", "istio/cluster2/workload-chain.pem", CC_PASS,
		  "all 2 sources validate to the root 'O=Istio,CN=Root CA'" },
		{ "istio/cluster1/workload-chain.pem", "istio/root-cert.pem", CC_PASS, NULL },
		{ "istio/cluster1/workload-chain.pem", "istio-rogue/cluster3/workload-chain.pem", CC_FAIL,
		  "lead to different roots: same subject, different key" },
		{ "istio/cluster1/workload-chain.pem", "istio/cluster1/cert-chain.pem", CC_PASS, NULL },
		{ "istio/cluster1/workload-chain.pem", "istio/cluster1/workload-cert.pem", CC_FAIL,
		  "no root for 1 of 2 sources" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *specs[2] = { cases[i].a, cases[i].b };
		struct cc_source *s[2] = { load_source(cases[i].a), load_source(cases[i].b) };
		struct cc_results r = CC_RESULTS_INIT;
		struct cc_expect e = { .profile = CC_PROFILE_CLIENTS, .explain = &cc_text_explainer };
		assert_int_equal(cc_time_parse("2026-01-01T06:00:00Z", &e.at), 0);
		cc_check_same_root(&e, specs, (const struct cc_source *const *)s, 2, &r);
		assert_int_equal(r.n, 1);
		if (r.v[0].outcome != cases[i].want ||
		    (cases[i].message && !strstr(r.v[0].message, cases[i].message)))
			fail_msg("%s + %s: %s", cases[i].a, cases[i].b, r.v[0].message);
		assert_string_equal(r.v[0].name, "same-root");
		cc_results_release(&r);
		cc_source_free(s[0]);
		cc_source_free(s[1]);
	}
}

static void test_load_error_and_counts(void **state)
{
	(void)state;
	struct cc_results r = CC_RESULTS_INIT;
	struct cc_error err = CC_ERROR_INIT;
	cc_error_set(&err, CC_USAGE, "x.pem", "cannot open");
	cc_check_load_error("x.pem", &err, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].outcome, CC_ERROR);
	assert_string_equal(r.v[0].source, "x.pem");
	assert_string_equal(r.v[0].message, "x.pem: cannot open");
	assert_int_equal(cc_results_count(&r, CC_ERROR), 1);
	assert_int_equal(cc_results_count(&r, CC_PASS), 0);
	assert_string_equal(cc_outcome_name(CC_ERROR), "error");
	cc_results_release(&r);
}

/* --strict-clients: one result, failing with every finding in the
 * explanation; --purpose decides what the leaf is judged as. */
static void test_strict_clients(void **state)
{
	static const struct {
		const char *source;
		enum cc_purpose purpose;
		const char *want;
		const char *message;      /* substring of the one-line message */
		const char *explanation;  /* substring of the explanation, or NULL */
	} cases[] = {
		{ "strict/good-chain.pem", CC_PURPOSE_SERVER, "valid-path=pass;strict-clients=pass",
		  "nothing in the chain that strict TLS clients refuse (as a server chain)", NULL },
		{ "istio/cluster1/workload-chain.pem", CC_PURPOSE_CLIENT, "valid-path=pass;strict-clients=pass",
		  "(as a client chain)", NULL },
		{ "strict/no-digital-signature-chain.pem", CC_PURPOSE_SERVER, "valid-path=pass;strict-clients=fail",
		  "without digitalSignature", "warning no_digital_signature: certificate 1" },
		{ "strict/intermediate-no-ca-chain.pem", CC_PURPOSE_SERVER, "valid-path=fail;strict-clients=fail",
		  "certificate 2 (CN=Strict Intermediate (CA:FALSE)) issues certificates",
		  "error issuer_not_ca: " },
		{ "strict/client-eku-no-clientauth-chain.pem", CC_PURPOSE_SERVER, "valid-path=pass;strict-clients=pass", "",
		  NULL },
		{ "strict/client-eku-no-clientauth-chain.pem", CC_PURPOSE_CLIENT, "valid-path=fail;strict-clients=fail",
		  "without clientAuth", "error eku_no_client_auth: " },
		{ "strict/no-digital-signature-chain.pem", CC_PURPOSE_CLIENT, "valid-path=fail;strict-clients=fail",
		  "(and more, see below)", "error eku_no_client_auth: " },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_expect e = { .strict_clients = true, .purpose = cases[i].purpose,
				       .profile = CC_PROFILE_CLIENTS, .explain = &cc_text_explainer };
		struct cc_source *src = load_source(cases[i].source);
		struct cc_source *ca = load_source("strict/ca.crt"), *mesh = load_source("istio/root-cert.pem");
		struct cc_cert *trust[2] = { cc_source_main_entry(ca)->certs[0],
					     cc_source_main_entry(mesh)->certs[0] };
		e.trust = trust;
		e.n_trust = 2;
		e.trust_name = "strict/ca.crt and istio/root-cert.pem";
		assert_int_equal(cc_time_parse("2026-01-01T06:00:00Z", &e.at), 0);
		struct cc_results r = CC_RESULTS_INIT;
		cc_check_source(&e, cases[i].source, src, &r, NULL);
		char *got = summary(&r);
		assert_true(r.n == 2);
		if (strcmp(got, cases[i].want) != 0 || !strstr(r.v[1].message, cases[i].message) ||
		    (cases[i].explanation && !strstr(r.v[1].explanation, cases[i].explanation)))
			fail_msg("%s: %s (want %s): %s\n%s", cases[i].source, got, cases[i].want,
				 r.v[1].message, r.v[1].explanation);
		free(got);
		cc_results_release(&r);
		cc_source_free(src);
		cc_source_free(ca);
		cc_source_free(mesh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_san_specs),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_same_root),
		cmocka_unit_test(test_load_error_and_counts),
		cmocka_unit_test(test_strict_clients),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
