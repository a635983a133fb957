/* Unit tests for validate.c and nc.c: path building, rules, profiles, name
 * constraints. */
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
#include "nc.h"
#include "validate.h"

#include "load-fixtures.h"

static void test_validate(void **state)
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
		  NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 1, "no_path",
		  "named 'O=Istio,CN=Intermediate CA,L=cluster1'" },
		{ "rogue root", "istio-rogue/cluster3/workload-chain.pem", "istio/root-cert.pem", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 3, "no_path",
		  "self-signed 'O=Istio,CN=Root CA' is not a trust anchor" },
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
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "name_mismatch", "IP address 127.0.0.2" },
		{ "URI exact", "istio/cluster1/workload-chain.pem", "istio/root-cert.pem", NULL, NULL,
		  NULL, "spiffe://cluster.local/ns/foo/sa/httpbi", CC_PURPOSE_ANY,
		  "2026-01-01T06:00:00Z", 3, "name_mismatch", "URI 'spiffe://cluster.local/ns/foo/sa/httpbi'" },
		{ "client purpose on a server leaf", "gateway/server-chain.pem", "gateway/ca.crt", NULL,
		  NULL, NULL, NULL, CC_PURPOSE_CLIENT, "2026-01-01T06:00:00Z", 2, "leaf_eku_purpose",
		  "does not allow clientAuth" },
		{ "server purpose on a client leaf", "mtls/client-chain.pem", "mtls/ca.crt", NULL, NULL,
		  NULL, NULL, CC_PURPOSE_SERVER, "2026-01-01T06:00:00Z", 2, "leaf_eku_purpose",
		  "does not allow serverAuth (EKU: clientAuth)" },
		{ "issuer not a CA", "strict/intermediate-no-ca-leaf.crt", "strict/ca.crt",
		  "strict/intermediate-no-ca.crt", NULL, NULL, NULL, CC_PURPOSE_ANY,
		  "2026-01-01T06:00:00Z", 3, "issuer_not_ca", "has CA:FALSE" },
		{ "SHA-1", "strict/sha1-signature.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "weak_signature", "RSA-SHA1" },
		{ "MD5", "strict/md5-signature.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "weak_signature", "RSA-MD5" },
		{ "RSA 1024", "strict/rsa-1024.crt", "strict/ca.crt", NULL, NULL, NULL, NULL,
		  CC_PURPOSE_ANY, "2026-01-01T06:00:00Z", 2, "weak_key", "1024 bits" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *srcs[8];
		size_t n_srcs = 0, n_chain = 0, n_roots = 0, n_inters = 0;
		struct cc_cert **chain = NULL, **roots = NULL, **inters = NULL;
		load(cases[i].chain, srcs, &n_srcs, &chain, &n_chain);
		load(cases[i].roots, srcs, &n_srcs, &roots, &n_roots);
		load(cases[i].inters, srcs, &n_srcs, &inters, &n_inters);
		struct cc_cert **pool = cc_xcalloc(n_chain + n_inters + 1, sizeof(*pool));
		size_t n_pool = 0;
		for (size_t k = 1; k < n_chain; k++)
			pool[n_pool++] = chain[k];
		for (size_t k = 0; k < n_inters; k++)
			pool[n_pool++] = inters[k];
		struct cc_validate_options o = { .pool = pool, .n_pool = n_pool, .anchors = roots,
						 .n_anchors = n_roots, .host = cases[i].host,
						 .ip = cases[i].ip, .uri = cases[i].uri,
						 .purpose = cases[i].purpose, .max_depth = -1 };
		assert_int_equal(cc_time_parse(cases[i].at, &o.at), 0);
		struct cc_validation r;
		struct cc_error err = CC_ERROR_INIT;
		if (!chain || cc_validate(chain[0], &o, &r, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		struct cc_buf codes = CC_BUF_INIT;
		const char *first = NULL;
		for (size_t k = 0; k < r.path.n_findings; k++)
			if (r.path.findings[k].level == CC_RULE_FAIL) {
				cc_buf_addf(&codes, "%s%s", codes.len ? " " : "",
					    cc_rule_get(r.path.findings[k].rule)->code);
				if (!first)
					first = r.path.findings[k].message;
			}
		const char *got = codes.data ? codes.data : "";
		if (strcmp(got, cases[i].codes) != 0 || r.path.n != cases[i].path ||
		    r.ok != !*cases[i].codes ||
		    (cases[i].message && (!first || !strstr(first, cases[i].message))))
			fail_msg("%s: codes '%s' (want '%s'), path %zu (want %zu), first reason: %s",
				 cases[i].what, got, cases[i].codes, r.path.n, cases[i].path,
				 first ? first : "(none)");
		free(pool);
		cc_buf_release(&codes);
		cc_validation_release(&r);
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
	struct cc_validate_options o = { .ip = "1.2.3", .at = 1767247200 };
	struct cc_validation r;
	struct cc_error err = CC_ERROR_INIT;
	assert_non_null(chain);
	assert_int_equal(n > 0 ? cc_validate(chain[0], &o, &r, &err) : 0, -1);
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

/* Istio's sample plug-in CA (no SKI/AKI on the CA and leaves, CA
 * basicConstraints not critical, a root without keyUsage): what real meshes
 * deploy passes the default profile with warnings and fails strict. */
static void test_profiles(void **state)
{
	static const struct {
		enum cc_profile profile;
		bool ok;
		const char *fail_code, *warn_code;
	} cases[] = {
		{ CC_PROFILE_CLIENTS, true, NULL, "ski_missing" },
		{ CC_PROFILE_COMPAT, true, NULL, "ca_basic_constraints_not_critical" },
		{ CC_PROFILE_STRICT, false, "aki_missing", NULL },
	};
	(void)state;
	struct cc_source *srcs[4];
	size_t n_srcs = 0, n_chain = 0, n_roots = 0;
	struct cc_cert **chain = NULL, **roots = NULL;
	load("/../tests/data/istio/istio-samples-certs/leaf-workload-foo-cert.pem "
	     "/../tests/data/istio/istio-samples-certs/ca-cert.pem",
	     srcs, &n_srcs, &chain, &n_chain);
	load("/../tests/data/istio/istio-samples-certs/root-cert.pem", srcs, &n_srcs, &roots, &n_roots);
	assert_non_null(chain);
	for (size_t i = 0; chain && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_validate_options o = { .pool = chain + 1, .n_pool = n_chain - 1,
						 .anchors = roots, .n_anchors = n_roots,
						 .purpose = CC_PURPOSE_SERVER, .profile = cases[i].profile,
						 .max_depth = -1 };
		assert_int_equal(cc_time_parse("2026-01-01T00:00:00Z", &o.at), 0);
		struct cc_validation r;
		struct cc_error err = CC_ERROR_INIT;
		assert_int_equal(cc_validate(chain[0], &o, &r, &err), 0);
		if (r.ok != cases[i].ok)
			fail_msg("profile %s: ok %d", cc_profile_name(cases[i].profile), r.ok);
		bool fail_seen = !cases[i].fail_code, warn_seen = !cases[i].warn_code;
		for (size_t k = 0; k < r.path.n_findings; k++) {
			const char *code = cc_rule_get(r.path.findings[k].rule)->code;
			bool fail = r.path.findings[k].level == CC_RULE_FAIL;
			if (cases[i].fail_code && fail && strcmp(code, cases[i].fail_code) == 0)
				fail_seen = true;
			if (cases[i].warn_code && !fail && strcmp(code, cases[i].warn_code) == 0)
				warn_seen = true;
		}
		if (!fail_seen || !warn_seen)
			fail_msg("profile %s: %s not seen", cc_profile_name(cases[i].profile),
				 !fail_seen ? cases[i].fail_code : cases[i].warn_code);
		cc_validation_release(&r);
	}
	free(chain);
	free(roots);
	for (size_t k = 0; k < n_srcs; k++)
		cc_source_free(srcs[k]);
}

static void test_nc_match(void **state)
{
	static const struct {
		const char *c, *n;
		bool dns, email, uri;
	} cases[] = {
		{ "example.com", "example.com", true, false, false },
		{ "example.com", "a.example.com", true, false, false },
		{ "example.com", "aexample.com", false, false, false },
		{ ".example.com", "example.com", false, false, false },
		{ ".example.com", "a.example.com", true, false, false },
		{ "", "anything.test", true, false, false },
		{ "EXAMPLE.com", "a.example.COM", true, false, false },
		{ "example.com", "foo@example.com", false, true, false },
		{ "foo@example.com", "foo@EXAMPLE.com", true, true, false },
		{ "foo@example.com", "Foo@example.com", true, false, false },
		{ ".example.com", "foo@mail.example.com", true, true, false },
		{ "example.com", "spiffe://example.com/ns/a", false, false, true },
		{ "example.com", "https://user@example.com:443/x", false, false, true },
		{ ".example.com", "https://example.com/", false, false, false },
		{ "example.com", "urn:example.com", false, false, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool dns = cc_nc_dns_match(cases[i].c, cases[i].n);
		bool email = strchr(cases[i].n, '@') && !strstr(cases[i].n, "://") &&
			     cc_nc_email_match(cases[i].c, cases[i].n);
		bool uri = cc_nc_uri_match(cases[i].c, cases[i].n);
		if (dns != cases[i].dns || email != cases[i].email || uri != cases[i].uri)
			fail_msg("'%s' in '%s': dns %d email %d uri %d", cases[i].n, cases[i].c, dns, email,
				 uri);
	}
	static const unsigned char net[8] = { 10, 1, 0, 0, 255, 255, 0, 0 };
	static const unsigned char in[4] = { 10, 1, 2, 3 }, out[4] = { 10, 2, 0, 1 };
	static const unsigned char gap[8] = { 10, 0, 0, 0, 255, 0, 255, 0 };
	assert_true(cc_nc_ip_match(net, 8, in, 4));
	assert_false(cc_nc_ip_match(net, 8, out, 4));
	assert_true(cc_nc_ip_constraint_valid(net, 8));
	assert_false(cc_nc_ip_constraint_valid(gap, 8));
	assert_true(cc_nc_wildcard_covers("foo.example.com", "*.example.com"));
	assert_false(cc_nc_wildcard_covers("a.foo.example.com", "*.example.com"));
	assert_true(cc_nc_email_valid("a@example.com"));
	assert_false(cc_nc_email_valid("invalid@address@example.com"));
	assert_false(cc_nc_dns_valid(".example.com"));
	assert_true(cc_nc_dns_valid("*.example.com"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_nc_match),
		cmocka_unit_test(test_bad_ip_and_purpose),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
