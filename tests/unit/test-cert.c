/* Unit tests for cert.c: every decoded field against what openssl prints
 * for the same certificates (Istio's samples/certs, made by its Makefile),
 * and against GnuTLS's own getters for every certificate of the fixtures
 * and test data and for EC, Ed25519 and RSA ones made here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <ftw.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>

#include "read.h"

#define SAMPLES CC_TESTDATA "/istio/istio-samples-certs/"

static struct cc_cert *load(const char *path)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	struct cc_entry e = { 0 };
	if (cc_read_file(path, &data, &len, &err) < 0 || cc_read_certs(data, len, path, &e, &err) < 0)
		fail_msg("%s", err.msg);
	free(data);
	struct cc_cert *c = e.certs[0];
	for (size_t i = 1; i < e.n_certs; i++)
		cc_cert_free(e.certs[i]);
	free(e.certs);
	cc_strv_release(&e.notes);
	return c;
}

static void test_fields(void **state)
{
	static const struct {
		const char *file;
		const char *subject;
		bool no_cn;
		const char *issuer, *serial, *not_before, *not_after;
		const char *san;   /* first SAN as TYPE:VALUE, or "" */
		bool san_critical;
		const char *key_type;
		unsigned key_bits;
		const char *sig_alg, *ski, *aki;
		bool is_ca;
		int path_len;
		unsigned key_usage;
		const char *eku;   /* first EKU, or "" */
		const char *sha256, *spki;
		bool self_signed;
	} cases[] = {
		{ "ca-cert-alt.pem", "O=Istio,CN=Intermediate CA,L=cluster1", false, "O=Istio,CN=Root CA",
		  "41c86ef91733186d40e019e6ac27299144501930", "2023-12-11T16:25:25Z", "2033-12-08T16:25:25Z",
		  "DNS:istiod.istio-system.svc", false, "RSA", 4096, "RSA-SHA256",
		  "ffca8ec496582fa1c357086992e7d5957721e32a", "bdecbee7f4c95f8cd811e912f0e6a37ee3d38e60",
		  true, 0,
		  GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION | GNUTLS_KEY_KEY_ENCIPHERMENT |
			  GNUTLS_KEY_KEY_CERT_SIGN,
		  "", "40ff5d9dcaa80833bb7291ef1f89acd9f4da11d6c6006b78897d3f9e2cff86b5",
		  "iOgJJhsVfw2yOJAcADPmv+unl5PCCrivQZY83UHOZgA=", false },
		{ "root-cert-alt.pem", "O=Istio,CN=Root CA", false, "O=Istio,CN=Root CA",
		  "6d0fd143d18d9cbc7bacd54d5091de8b374ed53b", "2023-12-11T16:24:36Z", "2033-12-08T16:24:36Z",
		  "", false, "RSA", 4096, "RSA-SHA256", "bdecbee7f4c95f8cd811e912f0e6a37ee3d38e60", NULL,
		  true, -1,
		  GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION | GNUTLS_KEY_KEY_ENCIPHERMENT |
			  GNUTLS_KEY_KEY_CERT_SIGN,
		  "", "11c9202c6be8ea5fcfb46d8591a8cf83b20eb97ade97234840851af8763ae428",
		  "QtD2Uxw6+4S3LxL0WPo13HRAJ3H+2bJ61IpmVHTd5QE=", true },
		{ "leaf-workload-foo-cert.pem", "", true, "C=US,ST=California,L=Sunnyvale,O=Istio,CN=Istio CA",
		  "56b993119a3099bbe3c6286acb4b6a09be820c91", "2023-02-02T18:20:57Z", "2033-01-30T18:20:57Z",
		  "URI:spiffe://trust-domain-foo/ns/foo/sa/foo", true, "RSA", 2048, "RSA-SHA256", NULL, NULL,
		  false, -1, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT, "serverAuth",
		  "13ee84debcc7f34d974af2287789d83d1acce7817acbbdbf72441684efeaae9d",
		  "7gh7SwbkWrNZbazVH/UXbHs/KBlhFTdAQPAmn0s2tak=", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[512], when[32];
		snprintf(path, sizeof(path), SAMPLES "%s", cases[i].file);
		struct cc_cert *c = load(path);
		assert_string_equal(c->subject, cases[i].subject);
		assert_int_equal(c->no_cn, cases[i].no_cn);
		assert_string_equal(c->issuer, cases[i].issuer);
		assert_string_equal(c->serial, cases[i].serial);
		assert_string_equal(cc_time_format(c->not_before, when, sizeof(when)), cases[i].not_before);
		assert_string_equal(cc_time_format(c->not_after, when, sizeof(when)), cases[i].not_after);
		if (*cases[i].san) {
			assert_true(c->n_sans > 0);
			char *san = cc_xasprintf("%s:%s", cc_san_type_name(c->sans[0].type), c->sans[0].value);
			assert_string_equal(san, cases[i].san);
			free(san);
		} else {
			assert_int_equal(c->n_sans, 0);
		}
		assert_int_equal(c->san_critical, cases[i].san_critical);
		assert_string_equal(c->key_type, cases[i].key_type);
		assert_int_equal(c->key_bits, cases[i].key_bits);
		assert_string_equal(c->sig_alg, cases[i].sig_alg);
		if (cases[i].ski)
			assert_string_equal(c->ski, cases[i].ski);
		else
			assert_null(c->ski);
		if (cases[i].aki)
			assert_string_equal(c->aki, cases[i].aki);
		else
			assert_null(c->aki);
		assert_int_equal(c->is_ca, cases[i].is_ca);
		assert_int_equal(c->path_len, cases[i].path_len);
		assert_int_equal(c->key_usage, cases[i].key_usage);
		if (*cases[i].eku)
			assert_string_equal(c->eku[0], cases[i].eku);
		else
			assert_int_equal(c->n_eku, 0);
		assert_string_equal(c->sha256, cases[i].sha256);
		assert_string_equal(c->spki_sha256, cases[i].spki);
		assert_int_equal(c->self_signed, cases[i].self_signed);
		cc_cert_free(c);
	}
}

static void test_links(void **state)
{
	static const struct {
		const char *child, *issuer;
		enum cc_link want;
	} cases[] = {
		{ "ca-cert-alt.pem", "root-cert-alt.pem", CC_LINK_SIGNED },
		{ "ca-cert-alt-2.pem", "root-cert-alt.pem", CC_LINK_SIGNED },
		{ "leaf-workload-foo-cert.pem", "ca-cert.pem", CC_LINK_SIGNED },
		{ "ca-cert.pem", "root-cert.pem", CC_LINK_SIGNED },
		{ "root-cert-alt.pem", "root-cert-alt.pem", CC_LINK_SIGNED },
		{ "ca-cert-alt.pem", "root-cert.pem", CC_LINK_NONE },
		{ "root-cert-alt.pem", "ca-cert-alt.pem", CC_LINK_NONE },
		{ "ca-cert-alt.pem", "ca-cert-alt.pem", CC_LINK_NONE },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char a[512], b[512];
		snprintf(a, sizeof(a), SAMPLES "%s", cases[i].child);
		snprintf(b, sizeof(b), SAMPLES "%s", cases[i].issuer);
		struct cc_cert *child = load(a), *issuer = load(b);
		enum cc_link got = cc_cert_link(child, issuer);
		if (got != cases[i].want)
			fail_msg("%s by %s: link %d, want %d", cases[i].child, cases[i].issuer, got,
				 cases[i].want);
		cc_cert_free(child);
		cc_cert_free(issuer);
	}
}

/* The same DER, in another file or the same one read again, is decoded
 * once: the certificate is shared and counted; each free releases one use. */
static void test_decode_once(void **state)
{
	(void)state;
	struct cc_cert *a = load(SAMPLES "root-cert.pem"), *b = load(SAMPLES "root-cert.pem");
	struct cc_cert *other = load(SAMPLES "ca-cert.pem");
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, other);
	assert_int_equal(a->refs, 2);
	char sha[65];
	memcpy(sha, a->sha256, sizeof(sha));
	cc_cert_free(a);
	assert_int_equal(b->refs, 1);
	assert_string_equal(b->sha256, sha);   /* still there for the other use */
	/* Decoded from a copy of the DER elsewhere in memory: still shared. */
	unsigned char *copy = malloc(b->der_len);
	memcpy(copy, b->der, b->der_len);
	struct cc_cert *c = NULL;
	assert_int_equal(cc_cert_from_der(copy, b->der_len, "copy", &c, NULL), 0);
	assert_ptr_equal(c, b);
	free(copy);
	cc_cert_free(c);
	cc_cert_free(b);
	cc_cert_free(other);
}

static void test_equal_same_key_pem(void **state)
{
	(void)state;
	struct cc_cert *a = load(SAMPLES "root-cert-alt.pem"), *b = load(SAMPLES "root-cert-combined.pem");
	struct cc_cert *c = load(SAMPLES "root-cert.pem");
	/* root-cert-combined.pem starts with root-cert.pem. */
	assert_true(cc_cert_equal(b, c));
	assert_false(cc_cert_equal(a, c));
	assert_true(cc_cert_same_key(b, c));
	assert_false(cc_cert_same_key(a, c));
	/* PEM re-encoded from the DER reads back to the same DER. */
	char *pem = cc_cert_pem(a);
	struct cc_entry e = { 0 };
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_read_certs(pem, strlen(pem), "pem", &e, &err), 1);
	assert_true(cc_cert_equal(a, e.certs[0]));
	assert_non_null(strstr(pem, "-----BEGIN CERTIFICATE-----\n"));
	cc_cert_free(e.certs[0]);
	free(e.certs);
	free(pem);
	cc_cert_free(a);
	cc_cert_free(b);
	cc_cert_free(c);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cc_eku_name("1.3.6.1.5.5.7.3.1"), "serverAuth");
	assert_string_equal(cc_eku_name("1.3.6.1.5.5.7.3.2"), "clientAuth");
	assert_string_equal(cc_eku_name("1.2.3.4"), "1.2.3.4");
	const char *names[16];
	assert_int_equal(cc_key_usage_names(GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN,
					    names, 16),
			 2);
	assert_string_equal(names[0], "digitalSignature");
	assert_string_equal(names[1], "keyCertSign");
}

/* The comma-separated lists messages quote, and the EKU test. */
static void test_lists(void **state)
{
	static const struct {
		const char *file;
		const char *ku, *eku, *sans;
		bool server, client;
	} cases[] = {
		{ CC_FIXTURES "/gateway/server-docs.crt", "keyEncipherment, dataEncipherment", "serverAuth",
		  "DNS:proxy.upbound-127.0.0.1.nip.io, DNS:*.proxy.upbound-127.0.0.1.nip.io, IP:127.0.0.1",
		  true, false },
		{ CC_FIXTURES "/istio/cluster1/workload-cert.pem", "digitalSignature, keyEncipherment",
		  "serverAuth, clientAuth", "URI:spiffe://cluster.local/ns/foo/sa/httpbin", true, true },
		{ CC_FIXTURES "/strict/eku-no-serverauth.crt", "digitalSignature, keyEncipherment",
		  "clientAuth", "DNS:strict.example.test", false, true },
		{ CC_FIXTURES "/strict/ca.crt", "", "", "", false, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_cert *c = load(cases[i].file);
		struct cc_buf b = CC_BUF_INIT;
		cc_cert_add_key_usage(&b, c);
		assert_string_equal(b.len ? b.data : "", cases[i].ku);
		b.len = 0;
		cc_cert_add_eku(&b, c);
		assert_string_equal(b.len ? b.data : "", cases[i].eku);
		b.len = 0;
		cc_cert_add_sans(&b, c);
		assert_string_equal(b.len ? b.data : "", cases[i].sans);
		cc_buf_release(&b);
		assert_int_equal(cc_cert_allows_eku(c, "serverAuth"), cases[i].server);
		assert_int_equal(cc_cert_allows_eku(c, "clientAuth"), cases[i].client);
		cc_cert_free(c);
	}
}

/* ---- every certificate of the fixtures, against GnuTLS's own getters ---- */

/* Decoding reads the DER and GnuTLS's parsed extensions directly (one
 * pass over the extensions, the SubjectPublicKeyInfo hashed as encoded):
 * each field must be what the GnuTLS getter for it says. */
static struct {
	size_t certs, ec, sans, ekus, akis;
} getters;

static char *hex_of(const unsigned char *d, size_t n)
{
	return n ? cc_hex(d, n, 0) : NULL;
}

static void expect_str(const char *what, const char *file, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
		fail_msg("%s: %s is '%s', GnuTLS says '%s'", file, what, got ? got : "(none)",
			 want ? want : "(none)");
}

static void check_ids(const struct cc_cert *c, gnutls_x509_crt_t crt, const char *file)
{
	unsigned char buf[512];
	size_t size = sizeof(buf);
	unsigned critical;
	char *want = gnutls_x509_crt_get_subject_key_id(crt, buf, &size, &critical) >= 0
			     ? hex_of(buf, size)
			     : NULL;
	expect_str("SKI", file, c->ski, want);
	free(want);
	size = sizeof(buf);
	want = gnutls_x509_crt_get_authority_key_id(crt, buf, &size, &critical) >= 0 ? hex_of(buf, size)
										     : NULL;
	expect_str("AKI", file, c->aki, want);
	free(want);
	if (!c->key_unsupported) {
		size = sizeof(buf);
		assert_true(gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, buf, &size) >= 0);
		gnutls_datum_t raw = { buf, (unsigned)size }, b64 = { NULL, 0 };
		assert_true(gnutls_base64_encode2(&raw, &b64) >= 0);
		char *pin = cc_xstrndup((const char *)b64.data, b64.size);
		expect_str("SPKI SHA-256", file, c->spki_sha256, pin);
		free(pin);
		gnutls_free(b64.data);
	}
	gnutls_ecc_curve_t curve;
	if (gnutls_x509_crt_get_pk_algorithm(crt, NULL) == GNUTLS_PK_ECDSA &&
	    gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0)
		expect_str("curve", file, c->key_curve, gnutls_ecc_curve_get_name(curve));
}

static void check_usage(const struct cc_cert *c, gnutls_x509_crt_t crt, const char *file)
{
	unsigned critical = 0, ca = 0, ku = 0;
	int pathlen = -1;
	bool has_bc = gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca, &pathlen) >= 0;
	if (c->has_bc != has_bc || (has_bc && (c->bc_critical != (critical != 0) ||
					       c->is_ca != (ca != 0) ||
					       c->path_len != (ca && pathlen >= 0 ? pathlen : -1))))
		fail_msg("%s: basic constraints differ from GnuTLS's", file);
	critical = 0;
	bool has_ku = gnutls_x509_crt_get_key_usage(crt, &ku, &critical) >= 0;
	if (c->has_ku != has_ku || (has_ku && (c->key_usage != ku || c->ku_critical != (critical != 0))))
		fail_msg("%s: key usage differs from GnuTLS's", file);
	size_t n = 0;
	for (unsigned i = 0;; i++, n++) {
		char oid[256];
		size_t size = sizeof(oid);
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size, &critical) < 0)
			break;
		if (i >= c->n_eku || strcmp(c->eku[i], cc_eku_name(oid)) != 0 ||
		    c->eku_critical != (critical != 0))
			fail_msg("%s: extended key usage %u differs from GnuTLS's (%s)", file, i, oid);
	}
	assert_int_equal(c->n_eku, n);
}

static size_t check_sans(const struct cc_cert *c, gnutls_x509_crt_t crt, const char *file)
{
	gnutls_datum_t ext = { NULL, 0 };
	unsigned critical = 0;
	gnutls_subject_alt_names_t sans;
	size_t n = 0;
	assert_true(gnutls_subject_alt_names_init(&sans) >= 0);
	if (gnutls_x509_crt_get_extension_by_oid2(crt, "2.5.29.17", 0, &ext, &critical) >= 0 &&
	    gnutls_x509_ext_import_subject_alt_names(&ext, sans, 0) >= 0) {
		assert_int_equal(c->san_critical, critical != 0);
		unsigned type;
		gnutls_datum_t san, oid;
		for (; gnutls_subject_alt_names_get(sans, (unsigned)n, &type, &san, &oid) >= 0; n++) {
			if (n >= c->n_sans)
				fail_msg("%s: SAN %zu missing", file, n);
			if (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_URI ||
			    type == GNUTLS_SAN_RFC822NAME) {
				char *want = cc_escape((const char *)san.data, san.size);
				expect_str("a SAN", file, c->sans[n].value, want);
				free(want);
			} else if (type == GNUTLS_SAN_OTHERNAME) {
				char *want = cc_xasprintf("otherName:%.*s", (int)oid.size, (const char *)oid.data);
				expect_str("a SAN", file, c->sans[n].value, want);
				free(want);
			}
		}
	}
	assert_int_equal(c->n_sans, n);
	gnutls_subject_alt_names_deinit(sans);
	gnutls_free(ext.data);
	return n;
}

static int check_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	size_t len = strlen(path);
	if (flag != FTW_F || (!(len > 4 && strcmp(path + len - 4, ".pem") == 0) &&
			      !(len > 4 && strcmp(path + len - 4, ".crt") == 0)))
		return 0;
	gnutls_datum_t data;
	gnutls_x509_crt_t *list;
	unsigned n;
	if (gnutls_load_file(path, &data) < 0)
		return 0;
	int r = gnutls_x509_crt_list_import2(&list, &n, &data, GNUTLS_X509_FMT_PEM, 0);
	gnutls_free(data.data);
	if (r < 0)
		return 0;   /* keys, CSRs, deliberately broken files */
	for (unsigned i = 0; i < n; i++) {
		gnutls_datum_t der;
		struct cc_cert *c;
		struct cc_error err = CC_ERROR_INIT;
		assert_true(gnutls_x509_crt_export2(list[i], GNUTLS_X509_FMT_DER, &der) >= 0);
		if (cc_cert_from_der(der.data, der.size, path, &c, &err) < 0)
			fail_msg("%s", err.msg);
		check_ids(c, list[i], path);
		check_usage(c, list[i], path);
		getters.sans += check_sans(c, list[i], path);
		getters.certs++;
		getters.ec += c->key_curve != NULL;
		getters.ekus += c->n_eku;
		getters.akis += c->aki != NULL;
		cc_cert_free(c);
		gnutls_free(der.data);
		gnutls_x509_crt_deinit(list[i]);
	}
	gnutls_free(list);
	return 0;
}

/* A certificate with a key of ALGO and BITS, signed by itself, with the
 * extensions decoding reads; written to PATH as PEM. */
static void make_cert(const char *path, gnutls_pk_algorithm_t algo, unsigned bits, bool ca)
{
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	assert_true(gnutls_x509_privkey_init(&key) >= 0);
	assert_true(gnutls_x509_privkey_generate(key, algo, bits, 0) >= 0);
	assert_true(gnutls_x509_crt_init(&crt) >= 0);
	gnutls_x509_crt_set_version(crt, 3);
	unsigned char serial[] = { 0x01, 0x23 };
	gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	gnutls_x509_crt_set_activation_time(crt, 1767225600);   /* 2026-01-01 */
	gnutls_x509_crt_set_expiration_time(crt, 2082758400);   /* 2036-01-01 */
	assert_true(gnutls_x509_crt_set_dn(crt, "O=certcheck test,CN=made by GnuTLS", NULL) >= 0);
	assert_true(gnutls_x509_crt_set_key(crt, key) >= 0);
	gnutls_x509_crt_set_basic_constraints(crt, ca, ca ? 2 : -1);
	gnutls_x509_crt_set_key_usage(crt, ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
					     : GNUTLS_KEY_DIGITAL_SIGNATURE);
	gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
	gnutls_x509_crt_set_key_purpose_oid(crt, "1.3.6.1.4.1.99999.1", 0);
	gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "a.test", 6, GNUTLS_FSAN_APPEND);
	gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_URI, "spiffe://t/ns/a", 15,
					     GNUTLS_FSAN_APPEND);
	unsigned char ip[] = { 127, 0, 0, 1 };
	gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4, GNUTLS_FSAN_APPEND);
	unsigned char id[] = { 0xab, 0xcd, 0xef };
	gnutls_x509_crt_set_subject_key_id(crt, id, sizeof(id));
	gnutls_x509_crt_set_authority_key_id(crt, id, sizeof(id));
	assert_true(gnutls_x509_crt_sign2(crt, crt, key,
					 algo == GNUTLS_PK_EDDSA_ED25519 ? GNUTLS_DIG_SHA512 : GNUTLS_DIG_SHA256,
					 0) >= 0);
	gnutls_datum_t pem;
	assert_true(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem) >= 0);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(pem.data, 1, pem.size, fp), pem.size);
	fclose(fp);
	gnutls_free(pem.data);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void test_matches_gnutls_getters(void **state)
{
	(void)state;
	char dir[] = "/tmp/certcheck-test-cert.XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const struct {
		const char *name;
		gnutls_pk_algorithm_t algo;
		unsigned bits;
		bool ca;
	} made[] = {
		{ "p256.pem", GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), true },
		{ "p384.pem", GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP384R1), false },
		{ "p521.pem", GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP521R1), true },
		{ "ed25519.pem", GNUTLS_PK_EDDSA_ED25519, 0, false },
		{ "rsa.pem", GNUTLS_PK_RSA, 2048, false },
	};
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		char *path = cc_xasprintf("%s/%s", dir, made[i].name);
		make_cert(path, made[i].algo, made[i].bits, made[i].ca);
		free(path);
	}
	assert_int_equal(nftw(dir, check_file, 16, FTW_PHYS), 0);
	assert_int_equal(getters.certs, sizeof(made) / sizeof(made[0]));
	assert_int_equal(getters.ec, 3);
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		char *path = cc_xasprintf("%s/%s", dir, made[i].name);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	assert_int_equal(nftw(CC_FIXTURES, check_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(CC_TESTDATA, check_file, 16, FTW_PHYS), 0);
	/* The walk found what it is meant to compare. */
	if (getters.certs < 100 || getters.ec < 3 || getters.sans < 50 || getters.ekus < 20 ||
	    getters.akis < 50)
		fail_msg("only %zu certificates (%zu EC, %zu SANs, %zu EKUs, %zu AKIs)", getters.certs,
			 getters.ec, getters.sans, getters.ekus, getters.akis);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_decode_once),
		cmocka_unit_test(test_equal_same_key_pem),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_matches_gnutls_getters),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
