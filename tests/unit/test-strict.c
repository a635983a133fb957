/* Unit tests for strict.c: what strict TLS clients refuse, one fixture per
 * finding (fixtures/strict, see fixtures/README.md), and the chains users
 * meet every day that must give none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "load-fixtures.h"
#include "strict.h"
#include "tls-info.h"

#define SAMPLES CC_TESTDATA "/istio/istio-samples-certs/"

/* "code@cert code@cert ..." of the findings, in order. */
static char *summary(const struct cc_findings *f)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < f->n; i++)
		cc_buf_addf(&b, "%s%s@%zu", i ? " " : "", f->v[i].code, f->v[i].cert);
	return cc_buf_detach(&b, NULL);
}

static bool some_message_has(const struct cc_findings *f, const char *text)
{
	for (size_t i = 0; i < f->n; i++)
		if (strstr(f->v[i].message, text))
			return true;
	return false;
}

enum { SERVER = CC_PURPOSE_SERVER, CLIENT = CC_PURPOSE_CLIENT, ANY = CC_PURPOSE_ANY };

static void test_chains(void **state)
{
	static const struct {
		const char *file;     /* relative to the fixtures, or to SAMPLES with '@' */
		int purpose;
		bool leaf_known;
		const char *want;     /* summary */
		const char *message;  /* a substring of some finding, or NULL */
	} cases[] = {
		/* The control and everyday chains: nothing. */
		{ "strict/good-chain.pem", SERVER, false, "", NULL },
		{ "strict/good-chain.pem", SERVER, true, "", NULL },
		{ "istio/cluster1/workload-chain.pem", SERVER, true, "", NULL },
		{ "istio/cluster1/workload-chain.pem", CLIENT, false, "", NULL },
		{ "istio/cluster1/plugin-default-chain.pem", SERVER, false, "", NULL },
		{ "istio/cluster1/cert-chain.pem", SERVER, false, "", NULL },
		{ "istio/cluster1/ca-cert.pem", SERVER, false, "", NULL },
		{ "istio/root-cert.pem", SERVER, false, "", NULL },
		{ "gateway/server-chain.pem", SERVER, true, "", NULL },
		{ "mtls/client-chain.pem", CLIENT, false, "", NULL },
		{ "@leaf-workload-foo-cert.pem", SERVER, false, "", NULL },
		/* One finding per fixture. */
		{ "strict/no-digital-signature-chain.pem", SERVER, false, "no_digital_signature@1",
		  "has key usage keyEncipherment, dataEncipherment (not critical, but clients enforce it) "
		  "without digitalSignature: TLS 1.3 and ECDHE" },
		{ "gateway/server-docs-chain.pem", SERVER, true, "no_digital_signature@1",
		  "fix: keyUsage = critical, digitalSignature, keyEncipherment" },
		{ "strict/ku-critical-wrong-bits-chain.pem", SERVER, false, "key_usage_forbids_tls@1",
		  "key usage keyCertSign (critical), which allows no TLS server use" },
		{ "strict/no-digital-signature-chain.pem", CLIENT, false,
		  "key_usage_forbids_tls@1 eku_no_client_auth@1",
		  "a client certificate needs to sign the handshake" },
		{ "strict/eku-no-serverauth-chain.pem", SERVER, false, "eku_no_server_auth@1",
		  "extended key usage clientAuth without serverAuth" },
		{ "strict/eku-no-serverauth-chain.pem", CLIENT, false, "", NULL },
		{ "strict/eku-no-serverauth-chain.pem", ANY, false, "", NULL },
		{ "strict/client-eku-no-clientauth-chain.pem", CLIENT, false, "eku_no_client_auth@1",
		  "extended key usage serverAuth without clientAuth" },
		{ "strict/client-eku-no-clientauth-chain.pem", SERVER, false, "", NULL },
		{ "mtls/client-chain.pem", SERVER, false, "eku_no_server_auth@1", "--purpose client" },
		{ "strict/rsa-1024-chain.pem", SERVER, false, "weak_rsa_key@1", "has a 1024-bit RSA key" },
		{ "strict/sha1-signature-chain.pem", SERVER, false, "weak_signature@1",
		  "is signed with RSA-SHA1 (SHA-1)" },
		{ "strict/md5-signature-chain.pem", SERVER, false, "weak_signature@1",
		  "is signed with RSA-MD5 (MD5)" },
		{ "strict/leaf-ca-true-chain.pem", SERVER, false, "leaf_is_ca@1",
		  "is the leaf but has basicConstraints CA:TRUE" },
		{ "strict/leaf-ca-true.crt", SERVER, false, "leaf_is_ca@1", NULL },
		{ "strict/intermediate-no-ca-chain.pem", SERVER, false, "issuer_not_ca@2",
		  "certificate 2 (CN=Strict Intermediate (CA:FALSE)) issues certificates but has "
		  "basicConstraints CA:FALSE" },
		{ "strict/intermediate-no-keycertsign-chain.pem", SERVER, false, "issuer_no_key_cert_sign@2",
		  "its key usage (digitalSignature, cRLSign (critical)) lacks keyCertSign" },
		{ "strict/cn-only-chain.pem", SERVER, false, "name_only_in_cn@1",
		  "names 'strict.example.test' only in its CN and has no subjectAltName" },
		{ "strict/cn-only-chain.pem", ANY, false, "", NULL },
		{ "strict/underscore-san-chain.pem", SERVER, false, "underscore_in_dns_name@1",
		  "DNS name 'my_cluster.example.test' with an underscore" },
		/* A CA presented alone is no leaf; the same file from a TLS peer is. */
		{ "strict/ca.crt", SERVER, false, "", NULL },
		{ "strict/ca.crt", SERVER, true, "leaf_is_ca@1", NULL },
		/* A self-signed root's own SHA-1 signature is never checked. */
		{ "strict/sha1-root.crt", SERVER, false, "", NULL },
		{ "@root-cert.pem", SERVER, false, "", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *file = cases[i].file;
		char *path = file[0] == '@' ? cc_xasprintf(SAMPLES "%s", file + 1) : cc_xstrdup(file);
		struct cc_source *src = load_source(path);
		const struct cc_entry *e = cc_source_main_entry(src);
		struct cc_strict_options o = { (enum cc_purpose)cases[i].purpose, cases[i].leaf_known };
		struct cc_findings f = CC_FINDINGS_INIT;
		cc_strict_analyze(e->certs, e->n_certs, &o, &f);
		char *got = summary(&f);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s (purpose %d): findings '%s', want '%s'%s%s", file, cases[i].purpose, got,
				 cases[i].want, f.n ? ": " : "", f.n ? f.v[0].message : "");
		if (cases[i].message && !some_message_has(&f, cases[i].message))
			fail_msg("%s: no finding says '%s'", file, cases[i].message);
		for (size_t k = 0; k < f.n; k++) {
			assert_true(cc_strict_code(f.v[k].code));
			assert_non_null(strstr(f.v[k].message, "fix: "));
		}
		free(got);
		free(path);
		cc_findings_release(&f);
		cc_source_free(src);
	}
}

/* Repeats are judged once; a chain that reaches the same weak certificate
 * twice names it once. */
static void test_repeats_and_trust(void **state)
{
	(void)state;
	struct cc_source *srcs[4];
	size_t n_srcs = 0, n = 0;
	struct cc_cert **certs = NULL;
	load("strict/sha1-signature-chain.pem strict/sha1-signature.crt", srcs, &n_srcs, &certs, &n);
	assert_int_equal(n, 3);
	struct cc_findings f = CC_FINDINGS_INIT;
	cc_strict_analyze(certs, n, NULL, &f);
	char *got = summary(&f);
	assert_string_equal(got, "weak_signature@1");
	free(got);
	cc_findings_release(&f);

	/* Trust anchors: key size only (GnuTLS also trusts a leaf pinned as
	 * an anchor, so CA flags are not judged there). */
	cc_strict_trust_analyze(certs, n, &f);
	got = summary(&f);
	assert_string_equal(got, "");
	free(got);
	cc_findings_release(&f);
	free(certs);
	for (size_t i = 0; i < n_srcs; i++)
		cc_source_free(srcs[i]);

	n_srcs = n = 0;
	certs = NULL;
	load("strict/rsa-1024.crt strict/intermediate-no-ca.crt strict/ca.crt", srcs, &n_srcs, &certs, &n);
	cc_strict_trust_analyze(certs, n, &f);
	got = summary(&f);
	assert_string_equal(got, "weak_rsa_key@1");
	free(got);
	cc_findings_release(&f);
	free(certs);
	for (size_t i = 0; i < n_srcs; i++)
		cc_source_free(srcs[i]);
}

/* A file's leaf is judged for the purpose asked; a TLS peer's is the
 * server's own whatever was asked. */
static void test_options_for(void **state)
{
	(void)state;
	struct cc_source *src = load_source("strict/good-chain.pem");
	struct cc_strict_options o = cc_strict_options_for(src, CC_PURPOSE_CLIENT);
	assert_int_equal(o.purpose, CC_PURPOSE_CLIENT);
	assert_false(o.leaf_known);
	src->tls = cc_xcalloc(1, sizeof(*src->tls));
	o = cc_strict_options_for(src, CC_PURPOSE_CLIENT);
	assert_int_equal(o.purpose, CC_PURPOSE_SERVER);
	assert_true(o.leaf_known);
	cc_source_free(src);
}

static void test_codes(void **state)
{
	(void)state;
	assert_true(cc_strict_code("no_digital_signature"));
	assert_true(cc_strict_code("underscore_in_dns_name"));
	assert_false(cc_strict_code("in_order"));
	assert_false(cc_strict_code(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_repeats_and_trust),
		cmocka_unit_test(test_options_for),
		cmocka_unit_test(test_codes),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
