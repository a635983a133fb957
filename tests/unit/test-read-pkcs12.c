/* Unit tests for read-pkcs12.c: PKCS#12 files made here with GnuTLS's own
 * PKCS#12 writer (with and without a password, with and without a key
 * bag, the leaf first or last), read back into entries and roles; wrong
 * and missing passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "read.h"
#include "entry.h"

#define SAMPLES CC_TESTDATA "/istio/istio-samples-certs/"

static gnutls_x509_crt_t root, inter;
static gnutls_x509_privkey_t key;

static gnutls_x509_crt_t load_crt(const char *path)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	gnutls_x509_crt_t crt;
	if (cc_read_file(path, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	assert_int_equal(gnutls_x509_crt_init(&crt), 0);
	assert_int_equal(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM), 0);
	free(data);
	return crt;
}

static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	root = load_crt(SAMPLES "root-cert-alt.pem");
	inter = load_crt(SAMPLES "ca-cert-alt.pem");
	assert_int_equal(gnutls_x509_privkey_init(&key), 0);
	assert_int_equal(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
						      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
			 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gnutls_x509_crt_deinit(root);
	gnutls_x509_crt_deinit(inter);
	gnutls_x509_privkey_deinit(key);
	gnutls_global_deinit();
	return 0;
}

static void add_crt(gnutls_pkcs12_bag_t bag, gnutls_x509_crt_t crt, const gnutls_datum_t *id,
		    const char *name)
{
	int idx = gnutls_pkcs12_bag_set_crt(bag, crt);
	assert_true(idx >= 0);
	if (id)
		assert_int_equal(gnutls_pkcs12_bag_set_key_id(bag, (unsigned)idx, id), 0);
	if (name)
		assert_int_equal(gnutls_pkcs12_bag_set_friendly_name(bag, (unsigned)idx, name), 0);
}

/* A PKCS#12 file: INTER (paired with the key when WITH_KEY) and ROOT,
 * INTER first unless LEAF_LAST; certificates encrypted and the MAC made
 * with PASS (the MAC with "" when PASS is NULL). */
static gnutls_datum_t make_p12(const char *pass, bool with_key, bool leaf_last)
{
	static unsigned char id_bytes[] = { 1, 2, 3, 4 };
	gnutls_datum_t id = { id_bytes, sizeof(id_bytes) }, out;
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_bag_t certs, keys;
	assert_int_equal(gnutls_pkcs12_init(&p12), 0);
	assert_int_equal(gnutls_pkcs12_bag_init(&certs), 0);
	if (leaf_last)
		add_crt(certs, root, NULL, NULL);
	add_crt(certs, inter, with_key ? &id : NULL, "leaf-alias");
	if (!leaf_last)
		add_crt(certs, root, NULL, NULL);
	if (pass)
		assert_int_equal(gnutls_pkcs12_bag_encrypt(certs, pass, GNUTLS_PKCS_PBES2_AES_256), 0);
	assert_int_equal(gnutls_pkcs12_set_bag(p12, certs), 0);
	gnutls_pkcs12_bag_deinit(certs);
	if (with_key) {
		assert_int_equal(gnutls_pkcs12_bag_init(&keys), 0);
		int idx = gnutls_pkcs12_bag_set_privkey(keys, key, pass,
							pass ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN);
		assert_true(idx >= 0);
		assert_int_equal(gnutls_pkcs12_bag_set_key_id(keys, (unsigned)idx, &id), 0);
		assert_int_equal(gnutls_pkcs12_set_bag(p12, keys), 0);
		gnutls_pkcs12_bag_deinit(keys);
	}
	assert_int_equal(gnutls_pkcs12_generate_mac(p12, pass ? pass : ""), 0);
	assert_int_equal(gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out), 0);
	gnutls_pkcs12_deinit(p12);
	return out;
}

static void test_pkcs12(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		const char *made_with;   /* NULL: no password */
		bool with_key, leaf_last;
		const char *given;       /* --password-file, or NULL */
		int ret;
		const char *name;        /* of the entry, or the error's start */
		enum cc_role role;
		const char *first;       /* the first certificate's subject */
		size_t notes;
	} cases[] = {
		{ "key and password", "s3cret", true, false, "s3cret", 0, "leaf-alias", CC_ROLE_CHAIN,
		  "O=Istio,CN=Intermediate CA,L=cluster1", 1 },
		{ "leaf bag last", "s3cret", true, true, "s3cret", 0, "leaf-alias", CC_ROLE_CHAIN,
		  "O=Istio,CN=Intermediate CA,L=cluster1", 1 },
		{ "no password, none given", NULL, true, false, NULL, 0, "leaf-alias", CC_ROLE_CHAIN,
		  "O=Istio,CN=Intermediate CA,L=cluster1", 1 },
		{ "trust store", NULL, false, false, NULL, 0, "t.p12", CC_ROLE_TRUST,
		  "O=Istio,CN=Intermediate CA,L=cluster1", 0 },
		{ "trust store with a password", "pw", false, false, "pw", 0, "t.p12", CC_ROLE_TRUST,
		  "O=Istio,CN=Intermediate CA,L=cluster1", 0 },
		{ "wrong password", "s3cret", true, false, "guess", -1,
		  "t.p12: PKCS#12: wrong password", CC_ROLE_CHAIN, NULL, 0 },
		{ "missing password", "s3cret", true, false, NULL, -1,
		  "t.p12: PKCS#12 file protected by a password (neither the empty password nor none "
		  "opens it): give it with --password-file FILE", CC_ROLE_CHAIN, NULL, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gnutls_datum_t p12 = make_p12(cases[i].made_with, cases[i].with_key, cases[i].leaf_last);
		const char *data = (const char *)p12.data;
		if (cc_detect_cert_format(data, p12.size) != CC_FMT_PKCS12)
			fail_msg("%s: not detected as PKCS#12", cases[i].what);
		struct cc_source src = { 0 };
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_read_pkcs12(data, p12.size, cases[i].given, "t.p12", &src, &err);
		if (r != cases[i].ret)
			fail_msg("%s: returned %d (%s)", cases[i].what, r, err.msg);
		if (r < 0) {
			if (strncmp(err.msg, cases[i].name, strlen(cases[i].name)) != 0)
				fail_msg("%s: error '%s'", cases[i].what, err.msg);
			assert_int_equal(err.status, CC_USAGE);
		} else {
			if (src.n_entries != 1 || src.entries[0].n_certs != 2)
				fail_msg("%s: %zu entries", cases[i].what, src.n_entries);
			const struct cc_entry *e = &src.entries[0];
			if (strcmp(e->name, cases[i].name) != 0 || e->role != cases[i].role)
				fail_msg("%s: entry %s (%s)", cases[i].what, e->name, cc_role_name(e->role));
			if (strcmp(e->certs[0]->subject, cases[i].first) != 0)
				fail_msg("%s: first is %s", cases[i].what, e->certs[0]->subject);
			if (e->notes.n != cases[i].notes)
				fail_msg("%s: %zu notes", cases[i].what, e->notes.n);
			if (e->notes.n)
				assert_string_equal(e->notes.v[0], "t.p12: 1 private key bag not read "
								   "(certcheck never reads keys)");
			assert_string_equal(cc_source_format_name(src.format), "pkcs12");
		}
		/* Entries and their names are freed with the source. */
		struct cc_source *heap = cc_xcalloc(1, sizeof(*heap));
		*heap = src;
		cc_source_free(heap);
		gnutls_free(p12.data);
	}
}

/* A keystore with two aliases (keytool's PrivateKeyEntry twice): one chain
 * per key, each led by the certificate paired with it, and the chain
 * certificates of no key after each. */
static void test_two_keys(void **state)
{
	(void)state;
	static unsigned char a_bytes[] = { 0xa }, b_bytes[] = { 0xb };
	gnutls_datum_t a = { a_bytes, 1 }, b = { b_bytes, 1 }, out;
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_bag_t certs, keys;
	assert_int_equal(gnutls_pkcs12_init(&p12), 0);
	assert_int_equal(gnutls_pkcs12_bag_init(&certs), 0);
	add_crt(certs, root, NULL, NULL);           /* of no key: in both chains */
	add_crt(certs, inter, &a, "alias-a");
	add_crt(certs, inter, &b, "alias-b");
	assert_int_equal(gnutls_pkcs12_set_bag(p12, certs), 0);
	gnutls_pkcs12_bag_deinit(certs);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(gnutls_pkcs12_bag_init(&keys), 0);
		int idx = gnutls_pkcs12_bag_set_privkey(keys, key, NULL, GNUTLS_PKCS_PLAIN);
		assert_true(idx >= 0);
		assert_int_equal(gnutls_pkcs12_bag_set_key_id(keys, (unsigned)idx, k ? &b : &a), 0);
		assert_int_equal(gnutls_pkcs12_set_bag(p12, keys), 0);
		gnutls_pkcs12_bag_deinit(keys);
	}
	assert_int_equal(gnutls_pkcs12_generate_mac(p12, ""), 0);
	assert_int_equal(gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out), 0);
	gnutls_pkcs12_deinit(p12);

	struct cc_source *src = cc_xcalloc(1, sizeof(*src));
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_read_pkcs12((const char *)out.data, out.size, NULL, "t.p12", src, &err), 0);
	assert_int_equal(src->n_entries, 2);
	static const char *const names[] = { "alias-a", "alias-b" };
	for (size_t i = 0; i < 2; i++) {
		const struct cc_entry *e = &src->entries[i];
		assert_string_equal(e->name, names[i]);
		assert_int_equal(e->role, CC_ROLE_CHAIN);
		assert_int_equal(e->n_certs, 2);
		assert_string_equal(e->certs[0]->subject, "O=Istio,CN=Intermediate CA,L=cluster1");
		assert_string_equal(e->certs[1]->subject, "O=Istio,CN=Root CA");
	}
	assert_string_equal(src->entries[0].notes.v[0],
			    "t.p12: 2 private key bags not read (certcheck never reads keys)");
	cc_source_free(src);
	gnutls_free(out.data);
}

/* Truncated and empty PKCS#12 input fails with a message, never a crash. */
static void test_bad_pkcs12(void **state)
{
	(void)state;
	gnutls_datum_t p12 = make_p12("pw", true, false);
	struct cc_source src = { 0 };
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_read_pkcs12((const char *)p12.data, p12.size / 2, "pw", "t.p12", &src, &err), -1);
	assert_non_null(strstr(err.msg, "t.p12: not a valid PKCS#12 file"));
	assert_int_equal(src.n_entries, 0);
	gnutls_free(p12.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pkcs12),
		cmocka_unit_test(test_two_keys),
		cmocka_unit_test(test_bad_pkcs12),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
