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

#include "entry.h"
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

/* ---- certificates made here, with GnuTLS ----------------------------------
 * Path building over shapes no fixture has: EC P-256 keys, version 3, no key
 * identifiers (so nothing narrows the candidates but the names). */

#include <gnutls/x509.h>

#define AT_2026 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400

static gnutls_x509_privkey_t mkkey(void)
{
	gnutls_x509_privkey_t k;
	assert_int_equal(gnutls_x509_privkey_init(&k), 0);
	assert_int_equal(gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA,
						      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
			 0);
	return k;
}

/* Whether mkcrt gives CAs a subjectKeyIdentifier (off: nothing narrows). */
static bool mk_ski;

/* A certificate for SUBJECT with KEY, signed by ISSUER with IKEY (self-signed
 * when ISSUER is NULL), valid FROM to TO; a CA when CA, else a server leaf
 * for the DNS name SUBJECT + 3 ("CN=..."). */
static gnutls_x509_crt_t mkcrt(const char *subject, gnutls_x509_privkey_t key, gnutls_x509_crt_t issuer,
			       gnutls_x509_privkey_t ikey, bool ca, time_t from, time_t to)
{
	static unsigned serial = 1;
	unsigned char sn[4] = { 0x10, (unsigned char)(serial >> 16), (unsigned char)(serial >> 8),
				(unsigned char)serial };
	serial++;
	gnutls_x509_crt_t c;
	assert_int_equal(gnutls_x509_crt_init(&c), 0);
	assert_int_equal(gnutls_x509_crt_set_version(c, 3), 0);
	assert_int_equal(gnutls_x509_crt_set_dn(c, subject, NULL), 0);
	assert_int_equal(gnutls_x509_crt_set_key(c, key), 0);
	assert_int_equal(gnutls_x509_crt_set_serial(c, sn, sizeof(sn)), 0);
	assert_int_equal(gnutls_x509_crt_set_activation_time(c, from), 0);
	assert_int_equal(gnutls_x509_crt_set_expiration_time(c, to), 0);
	assert_int_equal(gnutls_x509_crt_set_basic_constraints(c, ca, -1), 0);
	if (ca && mk_ski) {
		unsigned char id[64];
		size_t id_len = sizeof(id);
		assert_int_equal(gnutls_x509_crt_get_key_id(c, 0, id, &id_len), 0);
		assert_int_equal(gnutls_x509_crt_set_subject_key_id(c, id, id_len), 0);
	}
	if (ca) {
		assert_int_equal(gnutls_x509_crt_set_key_usage(c, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), 0);
	} else {
		assert_int_equal(gnutls_x509_crt_set_key_usage(c, GNUTLS_KEY_DIGITAL_SIGNATURE), 0);
		assert_int_equal(gnutls_x509_crt_set_key_purpose_oid(c, GNUTLS_KP_TLS_WWW_SERVER, 0), 0);
		assert_int_equal(gnutls_x509_crt_set_subject_alt_name(c, GNUTLS_SAN_DNSNAME, subject + 3,
								      (unsigned)strlen(subject + 3),
								      GNUTLS_FSAN_SET),
				 0);
	}
	assert_int_equal(gnutls_x509_crt_sign2(c, issuer ? issuer : c, issuer ? ikey : key, GNUTLS_DIG_SHA256, 0), 0);
	return c;
}

/* C as a cc_cert (owned by the caller). */
static struct cc_cert *as_cert(gnutls_x509_crt_t c)
{
	gnutls_datum_t der;
	assert_int_equal(gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_DER, &der), 0);
	struct cc_cert *out = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_cert_from_der(der.data, der.size, "test", &out, &err) < 0)
		fail_msg("%s", err.msg);
	gnutls_free(der.data);
	return out;
}

/* Validate LEAF at 2026-01-15 for the server purpose and its name; the
 * result in *R (the caller releases it). */
static void validate_made(struct cc_cert *leaf, struct cc_cert **pool, size_t n_pool, struct cc_cert **anchors,
			  size_t n_anchors, struct cc_crl **crls, size_t n_crls, struct cc_validation *r)
{
	struct cc_validate_options o = { .pool = pool, .n_pool = n_pool, .anchors = anchors,
					 .n_anchors = n_anchors, .at = AT_2026 + 14 * DAY,
					 .purpose = CC_PURPOSE_SERVER, .crls = crls, .n_crls = n_crls,
					 .max_depth = -1 };
	struct cc_error err = CC_ERROR_INIT;
	if (cc_validate(leaf, &o, r, &err) < 0)
		fail_msg("cc_validate: %s", err.msg);
}

/* The code of the first FAIL finding of the path, or "" when it passed. */
static const char *first_error(const struct cc_validation *r)
{
	for (size_t k = 0; k < r->path.n_findings; k++)
		if (r->path.findings[k].level == CC_RULE_FAIL)
			return cc_rule_get(r->path.findings[k].rule)->code;
	return "";
}

/* 200 intermediates share one name; one has the key that signed the leaf.
 * Listed last, it is still found; without it, validation fails with the
 * candidates tried listed, and both within the bounds. */
static void test_same_name_candidates(void **state)
{
	(void)state;
	enum { N = 200 };
	time_t from = AT_2026, to = AT_2026 + 365 * DAY;
	gnutls_x509_privkey_t rk = mkkey(), keys[N];
	gnutls_x509_crt_t root = mkcrt("CN=Many Root", rk, NULL, NULL, true, from, to), icas[N];
	struct cc_cert *pool[N], *anchor = as_cert(root);
	for (size_t i = 0; i < N; i++) {
		keys[i] = mkkey();
		icas[i] = mkcrt("CN=Same Name ICA", keys[i], root, rk, true, from, to);
		pool[i] = as_cert(icas[i]);
	}
	gnutls_x509_privkey_t lk = mkkey();
	gnutls_x509_crt_t lc = mkcrt("CN=many.example.test", lk, icas[N - 1], keys[N - 1], false, from, to);
	struct cc_cert *leaf = as_cert(lc);

	struct cc_validation r;
	size_t hits, before, after;
	cc_validate_cache_stats(&hits, &before);
	validate_made(leaf, pool, N, &anchor, 1, NULL, 0, &r);
	cc_validate_cache_stats(&hits, &after);
	if (!r.ok || r.path.n != 3 || !cc_cert_equal(r.path.certs[1], pool[N - 1]))
		fail_msg("199 wrong + 1 right: ok %d, path %zu, first error %s", r.ok, r.path.n, first_error(&r));
	/* every wrong key tried once, within the 2000 signature checks */
	if (after - before < N || after - before > 2000)
		fail_msg("199 wrong + 1 right: %zu signature checks", after - before);
	cc_validation_release(&r);

	/* the right one gone: 199 wrong keys, each tried (cached now), and the
	 * failure says the signature verifies under no key of that name */
	validate_made(leaf, pool, N - 1, &anchor, 1, NULL, 0, &r);
	assert_false(r.ok);
	assert_int_equal(r.path.n, 1);
	assert_true(r.n_candidates <= 16); /* the report keeps at most 16 */
	assert_true(r.n_tried <= 64);
	assert_string_equal(first_error(&r), "bad_signature");
	assert_non_null(strstr(r.path.findings[0].message,
			       "does not verify under the key of 'CN=Same Name ICA' with that name"));
	cc_validation_release(&r);

	cc_cert_free(leaf);
	gnutls_x509_crt_deinit(lc);
	gnutls_x509_privkey_deinit(lk);
	for (size_t i = 0; i < N; i++) {
		cc_cert_free(pool[i]);
		gnutls_x509_crt_deinit(icas[i]);
		gnutls_x509_privkey_deinit(keys[i]);
	}
	cc_cert_free(anchor);
	gnutls_x509_crt_deinit(root);
	gnutls_x509_privkey_deinit(rk);
}

/* A signs B signs A (a loop), an expired and a re-issued intermediate in
 * both orders, and the Let's Encrypt cross-sign: each path is found, or the
 * failure named, and a loop ends. */
static void test_path_shapes(void **state)
{
	(void)state;
	time_t from = AT_2026, to = AT_2026 + 365 * DAY;
	gnutls_x509_privkey_t rk = mkkey(), ka = mkkey(), kb = mkkey(), lk = mkkey(), dk = mkkey(), xk = mkkey();
	gnutls_x509_crt_t root = mkcrt("CN=Shapes Root", rk, NULL, NULL, true, from, to);
	/* the loop: A' (A by B) and B' (B by A); A by the root is the way out */
	gnutls_x509_crt_t a_self = mkcrt("CN=Loop A", ka, NULL, NULL, true, from, to);
	gnutls_x509_crt_t b_self = mkcrt("CN=Loop B", kb, NULL, NULL, true, from, to);
	gnutls_x509_crt_t a_by_b = mkcrt("CN=Loop A", ka, b_self, kb, true, from, to);
	gnutls_x509_crt_t b_by_a = mkcrt("CN=Loop B", kb, a_self, ka, true, from, to);
	gnutls_x509_crt_t a_by_root = mkcrt("CN=Loop A", ka, root, rk, true, from, to);
	gnutls_x509_crt_t leaf_a = mkcrt("CN=loop.example.test", lk, a_self, ka, false, from, to);
	/* expired (ended a day before the 15th) and re-issued, same name and key */
	gnutls_x509_crt_t old_ica = mkcrt("CN=Reissued ICA", kb, root, rk, true, from, AT_2026 + 13 * DAY);
	gnutls_x509_crt_t new_ica = mkcrt("CN=Reissued ICA", kb, root, rk, true, AT_2026 + 12 * DAY, to);
	gnutls_x509_crt_t leaf_r = mkcrt("CN=reissue.example.test", lk, new_ica, kb, false, from, to);
	/* Let's Encrypt: ISRG X1 self-signed (trusted) and cross-signed by an
	 * expired DST root; R3 under X1; the leaf under R3 */
	gnutls_x509_crt_t dst = mkcrt("CN=DST Root CA X3", dk, NULL, NULL, true, from - 800 * DAY, from - DAY);
	gnutls_x509_crt_t x1 = mkcrt("CN=ISRG Root X1", xk, NULL, NULL, true, from, to);
	gnutls_x509_crt_t x1_cross = mkcrt("CN=ISRG Root X1", xk, dst, dk, true, from - 400 * DAY, to);
	gnutls_x509_crt_t r3 = mkcrt("CN=R3", ka, x1, xk, true, from, to);
	gnutls_x509_crt_t leaf_le = mkcrt("CN=le.example.test", lk, r3, ka, false, from, to);

	struct cc_cert *c_root = as_cert(root), *c_a_by_b = as_cert(a_by_b), *c_b_by_a = as_cert(b_by_a),
		       *c_a_by_root = as_cert(a_by_root), *c_leaf_a = as_cert(leaf_a), *c_old = as_cert(old_ica),
		       *c_new = as_cert(new_ica), *c_leaf_r = as_cert(leaf_r), *c_dst = as_cert(dst),
		       *c_x1 = as_cert(x1), *c_x1_cross = as_cert(x1_cross), *c_r3 = as_cert(r3),
		       *c_leaf_le = as_cert(leaf_le);
	struct cc_validation r;

	/* a loop only: no path, and it ends */
	struct cc_cert *loop[] = { c_a_by_b, c_b_by_a };
	validate_made(c_leaf_a, loop, 2, &c_root, 1, NULL, 0, &r);
	assert_false(r.ok);
	assert_string_equal(first_error(&r), "no_path");
	assert_true(r.path.n <= 3);
	cc_validation_release(&r);
	/* the loop first, the way out last: found */
	struct cc_cert *loop_out[] = { c_a_by_b, c_b_by_a, c_a_by_root };
	validate_made(c_leaf_a, loop_out, 3, &c_root, 1, NULL, 0, &r);
	if (!r.ok || r.path.n != 3 || !cc_cert_equal(r.path.certs[1], c_a_by_root))
		fail_msg("loop with a way out: ok %d, path %zu, %s", r.ok, r.path.n, first_error(&r));
	cc_validation_release(&r);

	/* expired before re-issued, both orders; the expired one alone fails */
	struct cc_cert *orders[2][2] = { { c_old, c_new }, { c_new, c_old } };
	for (size_t i = 0; i < 2; i++) {
		validate_made(c_leaf_r, orders[i], 2, &c_root, 1, NULL, 0, &r);
		if (!r.ok || r.path.n != 3 || !cc_cert_equal(r.path.certs[1], c_new))
			fail_msg("re-issue, order %zu: ok %d, %s", i, r.ok, first_error(&r));
		cc_validation_release(&r);
	}
	validate_made(c_leaf_r, &c_old, 1, &c_root, 1, NULL, 0, &r);
	assert_false(r.ok);
	assert_string_equal(first_error(&r), "expired");
	cc_validation_release(&r);

	/* cross-sign: the chain as served (leaf, R3, X1 by DST), X1 trusted */
	struct cc_cert *served[] = { c_r3, c_x1_cross };
	validate_made(c_leaf_le, served, 2, &c_x1, 1, NULL, 0, &r);
	if (!r.ok || r.path.n != 3 || !cc_cert_equal(r.path.certs[2], c_x1))
		fail_msg("cross-sign, X1 trusted: ok %d, path %zu, %s", r.ok, r.path.n, first_error(&r));
	cc_validation_release(&r);
	/* both roots trusted: still the X1 path, not the expired DST one */
	struct cc_cert *both[] = { c_dst, c_x1 };
	validate_made(c_leaf_le, served, 2, both, 2, NULL, 0, &r);
	if (!r.ok || r.path.n != 3 || !cc_cert_equal(r.path.certs[2], c_x1))
		fail_msg("cross-sign, both trusted: ok %d, path %zu, %s", r.ok, r.path.n, first_error(&r));
	cc_validation_release(&r);
	/* only the expired DST root trusted: fails on it */
	validate_made(c_leaf_le, served, 2, &c_dst, 1, NULL, 0, &r);
	assert_false(r.ok);
	assert_int_equal(r.path.n, 4);
	if (strcmp(first_error(&r), "anchor_expired") != 0 && strcmp(first_error(&r), "expired") != 0)
		fail_msg("cross-sign, DST trusted: %s", first_error(&r));
	cc_validation_release(&r);

	struct cc_cert *all[] = { c_root, c_a_by_b, c_b_by_a, c_a_by_root, c_leaf_a, c_old, c_new,
				  c_leaf_r, c_dst, c_x1, c_x1_cross, c_r3, c_leaf_le };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cc_cert_free(all[i]);
	gnutls_x509_crt_t crts[] = { root, a_self, b_self, a_by_b, b_by_a, a_by_root, leaf_a, old_ica,
				     new_ica, leaf_r, dst, x1, x1_cross, r3, leaf_le };
	for (size_t i = 0; i < sizeof(crts) / sizeof(crts[0]); i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_x509_privkey_t keys[] = { rk, ka, kb, lk, dk, xk };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		gnutls_x509_privkey_deinit(keys[i]);
}

/* A CRL made by ISSUER with IKEY listing REVOKED (or nothing), this update
 * the 1st, next update NEXT; DAMAGE flips the last byte of its signature. */
static struct cc_crl *mkcrl(gnutls_x509_crt_t issuer, gnutls_x509_privkey_t ikey, gnutls_x509_crt_t revoked,
			    time_t next, bool damage)
{
	unsigned char id[64];
	size_t id_len = sizeof(id);
	unsigned critical;
	gnutls_x509_crl_t crl;
	assert_int_equal(gnutls_x509_crl_init(&crl), 0);
	assert_int_equal(gnutls_x509_crl_set_version(crl, 2), 0);
	assert_int_equal(gnutls_x509_crl_set_this_update(crl, AT_2026), 0);
	assert_int_equal(gnutls_x509_crl_set_next_update(crl, next), 0);
	unsigned char number[] = { 7 };
	assert_int_equal(gnutls_x509_crl_set_number(crl, number, sizeof(number)), 0);
	if (revoked)
		assert_int_equal(gnutls_x509_crl_set_crt(crl, revoked, AT_2026), 0);
	if (gnutls_x509_crt_get_subject_key_id(issuer, id, &id_len, &critical) >= 0)
		assert_int_equal(gnutls_x509_crl_set_authority_key_id(crl, id, id_len), 0);
	assert_int_equal(gnutls_x509_crl_sign2(crl, issuer, ikey, GNUTLS_DIG_SHA256, 0), 0);
	gnutls_datum_t der;
	assert_int_equal(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der), 0);
	if (damage)
		der.data[der.size - 1] ^= 1;
	struct cc_crl **list = NULL;
	size_t n = 0;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_crl_read(der.data, der.size, "made.crl", &list, &n, &err) < 0 || n != 1)
		fail_msg("cc_crl_read: %s", err.msg);
	struct cc_crl *out = list[0];
	free(list);
	gnutls_free(der.data);
	gnutls_x509_crl_deinit(crl);
	return out;
}

/* CRLs: revoked, not revoked, a damaged signature (crl_bad_signature, not
 * silently skipped), another issuer's (crl_unused, a warning), stale. */
static void test_crls(void **state)
{
	(void)state;
	time_t from = AT_2026, to = AT_2026 + 365 * DAY;
	gnutls_x509_privkey_t rk = mkkey(), ik = mkkey(), lk = mkkey(), ok_ = mkkey(), nk = mkkey();
	mk_ski = true; /* so the CRLs carry an authorityKeyIdentifier */
	gnutls_x509_crt_t root = mkcrt("CN=CRL Root", rk, NULL, NULL, true, from, to);
	gnutls_x509_crt_t ica = mkcrt("CN=CRL ICA", ik, root, rk, true, from, to);
	gnutls_x509_crt_t other = mkcrt("CN=Other CA", ok_, NULL, NULL, true, from, to);
	/* the ICA re-keyed: same name, another key (and key identifier) */
	gnutls_x509_crt_t rekeyed = mkcrt("CN=CRL ICA", nk, root, rk, true, from, to);
	mk_ski = false;
	gnutls_x509_crt_t leaf = mkcrt("CN=crl.example.test", lk, ica, ik, false, from, to);
	struct cc_cert *c_root = as_cert(root), *c_ica = as_cert(ica), *c_leaf = as_cert(leaf);
	static const struct {
		const char *what;
		int issuer; /* 0 the ICA, 1 another CA, 2 the re-keyed ICA */
		bool revoke, damage, stale;
		const char *code;
		const char *warning;
	} cases[] = {
		{ "revoked", 0, true, false, false, "revoked", NULL },
		{ "not revoked", 0, false, false, false, "", NULL },
		{ "damaged signature, revoked", 0, true, true, false, "crl_bad_signature", NULL },
		{ "damaged signature, not revoked", 0, false, true, false, "crl_bad_signature", NULL },
		{ "another issuer", 1, true, false, false, "", "crl_unused" },
		{ "stale", 0, false, false, true, "crl_not_current", NULL },
		/* its AKI names the other key: not this ICA's CRL, skipped as
		 * OpenSSL and GnuTLS do, so not a bad signature */
		{ "the re-keyed ICA's CRL", 2, true, false, false, "", "crl_unused" },
	};
	gnutls_x509_crt_t issuers[] = { ica, other, rekeyed };
	gnutls_x509_privkey_t ikeys[] = { ik, ok_, nk };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_crl *crl = mkcrl(issuers[cases[i].issuer], ikeys[cases[i].issuer],
					   cases[i].revoke ? leaf : NULL,
					   cases[i].stale ? AT_2026 + 7 * DAY : AT_2026 + 30 * DAY, cases[i].damage);
		struct cc_validation r;
		validate_made(c_leaf, &c_ica, 1, &c_root, 1, &crl, 1, &r);
		if (strcmp(first_error(&r), cases[i].code) != 0 || r.ok != !*cases[i].code)
			fail_msg("%s: first error '%s', want '%s'", cases[i].what, first_error(&r), cases[i].code);
		if (cases[i].warning) {
			bool seen = false;
			for (size_t k = 0; k < r.path.n_findings; k++)
				seen |= r.path.findings[k].level == CC_RULE_WARN &&
					strcmp(cc_rule_get(r.path.findings[k].rule)->code, cases[i].warning) == 0;
			if (!seen)
				fail_msg("%s: no warning %s", cases[i].what, cases[i].warning);
		}
		cc_validation_release(&r);
		cc_crl_free(crl);
	}
	cc_cert_free(c_root);
	cc_cert_free(c_ica);
	cc_cert_free(c_leaf);
	gnutls_x509_crt_t crts[] = { root, ica, other, rekeyed, leaf };
	for (size_t i = 0; i < sizeof(crts) / sizeof(crts[0]); i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_x509_privkey_t keys[] = { rk, ik, lk, ok_, nk };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		gnutls_x509_privkey_deinit(keys[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_nc_match),
		cmocka_unit_test(test_bad_ip_and_purpose),
		cmocka_unit_test(test_same_name_candidates),
		cmocka_unit_test(test_path_shapes),
		cmocka_unit_test(test_crls),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
