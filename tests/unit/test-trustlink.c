/* Unit tests for trustlink.c: which trust entries a chain pairs with, and
 * the verdict of GnuTLS at a given time: linked, broken (with the
 * reason), unchecked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "read.h"
#include "load-fixtures.h"
#include "entry.h"
#include "trustlink.h"

#define AT 1767247200  /* 2026-01-01T06:00:00Z: every fixture valid */
#define LATE 1767358800 /* 2026-01-02T13:00:00Z: the workload leaves expired */

static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gnutls_global_deinit();
	return 0;
}

#define PLUGIN "istio/cluster1/plugin-default-chain.pem"
#define ROOT "istio/root-cert.pem"
#define ROGUE_CHAIN "istio-rogue/cluster3/workload-chain.pem"

static void test_check(void **state)
{
	(void)state;
	static const struct {
		const char *what, *format;
		const char *chain_name, *chain_files;
		const char *trust_name, *trust_files; /* NULL: none */
		time_t at;
		enum cc_trustlink_state want;
		const char *trust;  /* the trust entry named in the result */
		const char *reason; /* substring */
	} cases[] = {
		{ "plug-in CA default to ROOTCA", "istioctl-secret", "default", PLUGIN, "ROOTCA", ROOT, AT,
		  CC_TRUSTLINK_LINKED, "ROOTCA", NULL },
		{ "ROOTCA with a repeated root", "istioctl-secret", "default", PLUGIN, "ROOTCA",
		  ROOT ";" ROOT ";istio-rogue/root-cert.pem", AT, CC_TRUSTLINK_LINKED, "ROOTCA", NULL },
		{ "leaf and intermediate only", "istioctl-secret", "default",
		  "istio/cluster2/workload-cert.pem;istio/cluster2/ca-cert.pem", "ROOTCA", ROOT, AT,
		  CC_TRUSTLINK_LINKED, "ROOTCA", NULL },
		{ "rogue chain, mesh ROOTCA", "istioctl-secret", "default",
		  "istio-rogue/cluster3/workload-cert.pem;istio-rogue/cluster3/ca-cert.pem", "ROOTCA", ROOT,
		  AT, CC_TRUSTLINK_BROKEN, "ROOTCA",
		  "no_path: no issuer for 'O=Istio,CN=Intermediate CA,L=cluster3': the certificate(s) named "
		  "'O=Istio,CN=Root CA' have another key identifier than its authorityKeyIdentifier (one is a "
		  "trust anchor: same subject, different key)" },
		{ "rogue chain with its own root presented", "istioctl-secret", "default", ROGUE_CHAIN,
		  "ROOTCA", ROOT, AT, CC_TRUSTLINK_BROKEN, "ROOTCA", "same subject, different key" },
		{ "expired leaf", "istioctl-secret", "default", PLUGIN, "ROOTCA", ROOT, LATE,
		  CC_TRUSTLINK_BROKEN, "ROOTCA", "expired" },
		{ "no trust entry", "istioctl-secret", "default", PLUGIN, NULL, NULL, AT,
		  CC_TRUSTLINK_UNCHECKED, NULL, "no trust entry in the source for default" },
		{ "a trust entry of another name", "istioctl-secret", "default", PLUGIN, "file-root:/x",
		  ROOT, AT, CC_TRUSTLINK_UNCHECKED, NULL, "no trust entry" },
		{ "gateway credential", "istioctl-secret", "kubernetes://httpbin", PLUGIN,
		  "kubernetes://httpbin-cacert", ROOT, AT, CC_TRUSTLINK_LINKED, "kubernetes://httpbin-cacert",
		  NULL },
		{ "file-cert", "envoy-config-dump", "file-cert:/etc/certs/cert-chain.pem~/etc/certs/key.pem",
		  PLUGIN, "file-root:/etc/certs/root-cert.pem", ROOT, AT, CC_TRUSTLINK_LINKED,
		  "file-root:/etc/certs/root-cert.pem", NULL },
		{ "Kubernetes keys of one Secret", "kubernetes", "foo/tls/tls.crt",
		  "istio/cluster1/workload-chain.pem", "foo/tls/ca.crt", ROOT, AT, CC_TRUSTLINK_LINKED,
		  "foo/tls/ca.crt", NULL },
		{ "Kubernetes keys of two Secrets", "kubernetes", "foo/tls/tls.crt",
		  "istio/cluster1/workload-chain.pem", "foo/other/ca.crt", ROOT, AT, CC_TRUSTLINK_UNCHECKED,
		  NULL, "no trust entry" },
		{ "ztunnel identity", "ztunnel-certificates", "spiffe://cluster.local/ns/foo/sa/httpbin",
		  "istio/cluster1/workload-cert.pem;istio/cluster1/ca-cert.pem",
		  "spiffe://cluster.local/ns/foo/sa/httpbin/roots", ROOT, AT, CC_TRUSTLINK_LINKED,
		  "spiffe://cluster.local/ns/foo/sa/httpbin/roots", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = mem_source(cases[i].format);
		add_entry(src, cases[i].chain_name, CC_ROLE_CHAIN, cases[i].chain_files);
		if (cases[i].trust_name)
			add_entry(src, cases[i].trust_name, CC_ROLE_TRUST, cases[i].trust_files);
		struct cc_trustlink tl = CC_TRUSTLINK_INIT;
		cc_trustlink_check(src, &src->entries[0], cases[i].at, &tl);
		if (tl.state != cases[i].want)
			fail_msg("%s: state %d, want %d (%s)", cases[i].what, tl.state, cases[i].want,
				 tl.reason ? tl.reason : "");
		if (cases[i].trust)
			assert_string_equal(tl.trust, cases[i].trust);
		else
			assert_null(tl.trust);
		if (cases[i].reason && (!tl.reason || !strstr(tl.reason, cases[i].reason)))
			fail_msg("%s: reason '%s', want '%s'", cases[i].what, tl.reason ? tl.reason : "(none)",
				 cases[i].reason);
		if (!cases[i].reason)
			assert_null(tl.reason);

		struct cc_findings f = CC_FINDINGS_INIT;
		cc_trustlink_finding(&tl, &f);
		assert_int_equal(f.n, 1);
		assert_string_equal(f.v[0].code, CC_F_TRUST_LINK);
		assert_int_equal(f.v[0].severity, tl.state == CC_TRUSTLINK_LINKED  ? CC_SEV_OK
						  : tl.state == CC_TRUSTLINK_BROKEN ? CC_SEV_ERROR
										    : CC_SEV_INFO);
		cc_findings_release(&f);
		cc_trustlink_release(&tl);
		cc_source_free(src);
	}
}

/* SPIRE: ROOTCA empty, the roots in its bundles: all are partners. */
static void test_spiffe_bundles(void **state)
{
	(void)state;
	struct cc_source *src = mem_source("envoy-config-dump");
	add_entry(src, "default", CC_ROLE_CHAIN, PLUGIN);
	cc_source_add_entry(src, "ROOTCA", CC_ROLE_TRUST);
	add_entry(src, "ROOTCA/east.local", CC_ROLE_TRUST, "istio-rogue/root-cert.pem");
	add_entry(src, "ROOTCA/west.local", CC_ROLE_TRUST, ROOT);
	add_entry(src, "ROOTCAX", CC_ROLE_TRUST, ROOT);
	const struct cc_entry *p[8];
	assert_int_equal(cc_trustlink_partners(src, &src->entries[0], p, 8), 3);
	assert_string_equal(p[2]->name, "ROOTCA/west.local");
	/* Indexed: the same partners, in entry order, and an entry added
	 * after the index was built is not missed. */
	cc_source_index_trust(src);
	assert_int_equal(cc_trustlink_partners(src, &src->entries[0], p, 8), 3);
	assert_string_equal(p[0]->name, "ROOTCA");
	assert_string_equal(p[1]->name, "ROOTCA/east.local");
	assert_string_equal(p[2]->name, "ROOTCA/west.local");
	add_entry(src, "ROOTCA/north.local", CC_ROLE_TRUST, ROOT);
	assert_int_equal(cc_trustlink_partners(src, &src->entries[0], p, 8), 4);
	assert_string_equal(p[3]->name, "ROOTCA/north.local");
	cc_source_index_trust(src);
	assert_int_equal(cc_trustlink_partners(src, &src->entries[0], p, 2), 4);
	assert_string_equal(p[1]->name, "ROOTCA/east.local");
	struct cc_trustlink tl = CC_TRUSTLINK_INIT;
	cc_trustlink_check(src, &src->entries[0], AT, &tl);
	assert_int_equal(tl.state, CC_TRUSTLINK_LINKED);
	assert_string_equal(tl.trust, "ROOTCA");
	assert_int_equal(tl.n_anchors, 2);
	cc_trustlink_release(&tl);

	/* Only the empty ROOTCA: nothing to check against. */
	struct cc_source *empty = mem_source("envoy-config-dump");
	add_entry(empty, "default", CC_ROLE_CHAIN, PLUGIN);
	cc_source_add_entry(empty, "ROOTCA", CC_ROLE_TRUST);
	cc_trustlink_check(empty, &empty->entries[0], AT, &tl);
	assert_int_equal(tl.state, CC_TRUSTLINK_UNCHECKED);
	assert_string_equal(tl.reason, "ROOTCA holds no certificate");
	cc_trustlink_release(&tl);
	cc_source_free(empty);
	cc_source_free(src);
}

/* Which names pair, near misses included (the rule is worked out once per
 * chain and compared without building the partner's name). */
static void test_partner_names(void **state)
{
	(void)state;
	static const struct {
		const char *format, *chain, *trust;
		size_t want;
	} cases[] = {
		{ "envoy-config-dump", "default", "ROOTCA", 1 },
		{ "envoy-config-dump", "default", "ROOTCA/spiffe://a", 1 },
		{ "envoy-config-dump", "default", "ROOTCAX", 0 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls-1-cacert", 1 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls-1-cacert/td", 1 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls-10-cacert", 0 },
		{ "envoy-config-dump", "kubernetes://tls-10", "kubernetes://tls-1-cacert", 0 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls-1-cacertX", 0 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls-1", 0 },
		{ "envoy-config-dump", "kubernetes://tls-1", "kubernetes://tls", 0 },
		{ "envoy-config-dump", "kubernetes-gateway://a", "kubernetes-gateway://a-cacert", 1 },
		{ "envoy-config-dump", "file-cert:/a.pem", "file-root:/b.pem", 1 },
		{ "ztunnel-certificates", "spiffe://x/sa/a", "spiffe://x/sa/a/roots", 1 },
		{ "ztunnel-certificates", "spiffe://x/sa/a", "spiffe://x/sa/a/roots/1", 0 },
		{ "ztunnel-certificates", "spiffe://x/sa/a", "spiffe://x/sa/b/roots", 0 },
		{ "ztunnel-certificates", "spiffe://x/sa/a", "spiffe://x/sa/a", 0 },
		{ "kubernetes", "foo/tls/tls.crt", "foo/tls/ca.crt", 1 },
		{ "kubernetes", "foo/tls/tls.crt", "foo/tls2/ca.crt", 0 },
		{ "kubernetes", "foo/tls/tls.crt", "foo/tls/x/ca.crt", 0 },
		{ "kubernetes", "tls.crt", "ca.crt", 0 },
		{ "pem", "chain", "trust", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = mem_source(cases[i].format);
		cc_source_add_entry(src, cases[i].trust, CC_ROLE_TRUST);
		cc_source_add_entry(src, cases[i].chain, CC_ROLE_CHAIN);
		const struct cc_entry *out[2];
		size_t n = cc_trustlink_partners(src, &src->entries[1], out, 2);
		if (n != cases[i].want)
			fail_msg("%s -> %s: %zu partners, want %zu", cases[i].chain, cases[i].trust, n,
				 cases[i].want);
		/* Through the index of trust entries (what loading builds), the same. */
		cc_source_index_trust(src);
		n = cc_trustlink_partners(src, &src->entries[1], out, 2);
		if (n != cases[i].want || (n && out[0] != &src->entries[0]))
			fail_msg("%s -> %s, indexed: %zu partners, want %zu", cases[i].chain, cases[i].trust,
				 n, cases[i].want);
		cc_source_free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_spiffe_bundles),
		cmocka_unit_test(test_partner_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
