/* Unit tests for aia-fetch.c and http-fetch.c's pure parts: the URLs of a
 * certificate's Authority Information Access, the certificates in a
 * caIssuers body (DER, PKCS#7, PEM), and which URLs are fetched at all.
 * The certificates are made here with GnuTLS (a fresh P-256 key, AIA as
 * each case lists it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>

#include "aia-fetch.h"
#include "http-fetch.h"

#define MAX_URIS 3

struct aia {
	const char *ocsp[MAX_URIS];
	const char *ca_issuers[MAX_URIS];
};

/* A self-signed certificate with AIA A (none when both lists are empty), as
 * DER in *DER (gnutls_free). */
static void make_cert(const struct aia *a, gnutls_datum_t *der)
{
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	assert_int_equal(gnutls_x509_privkey_init(&key), 0);
	assert_int_equal(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
						      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0), 0);
	assert_int_equal(gnutls_x509_crt_init(&crt), 0);
	gnutls_x509_crt_set_version(crt, 3);
	gnutls_x509_crt_set_serial(crt, "\x01", 1);
	gnutls_x509_crt_set_activation_time(crt, 1767225600);    /* 2026-01-01 */
	gnutls_x509_crt_set_expiration_time(crt, 1798761600);    /* 2027-01-01 */
	gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "aia.test", 8);
	gnutls_x509_crt_set_key(crt, key);
	for (size_t i = 0; i < MAX_URIS && a->ocsp[i]; i++) {
		gnutls_datum_t u = { (unsigned char *)a->ocsp[i], (unsigned)strlen(a->ocsp[i]) };
		assert_int_equal(gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_OCSP_URI, &u), 0);
	}
	for (size_t i = 0; i < MAX_URIS && a->ca_issuers[i]; i++) {
		gnutls_datum_t u = { (unsigned char *)a->ca_issuers[i], (unsigned)strlen(a->ca_issuers[i]) };
		assert_int_equal(gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_CAISSUERS_URI, &u), 0);
	}
	assert_int_equal(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), 0);
	assert_int_equal(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, der), 0);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void expect_urls(const char *what, const char *kind, const struct cc_strv *got,
			const char *const *want)
{
	size_t n = 0;
	while (n < MAX_URIS && want[n])
		n++;
	if (got->n != n)
		fail_msg("%s: %zu %s URLs, want %zu", what, got->n, kind, n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(got->v[i], want[i]) != 0)
			fail_msg("%s: %s URL %zu is '%s', want '%s'", what, kind, i, got->v[i], want[i]);
}

static void test_urls(void **state)
{
	static const struct {
		const char *what;
		struct aia aia;
	} cases[] = {
		{ "no AIA", { { NULL }, { NULL } } },
		{ "OCSP only", { { "http://ocsp.example/" }, { NULL } } },
		{ "caIssuers only", { { NULL }, { "http://ca.example/int.der" } } },
		{ "both", { { "http://ocsp.example/" }, { "http://ca.example/int.p7c" } } },
		{ "two of each, order kept",
		  { { "http://o1.example/", "http://o2.example/" },
		    { "http://c1.example/a.der", "ldap://c2.example/cn=x?cACertificate" } } },
		{ "https and ldap listed too (the caller skips them)",
		  { { "https://ocsp.example/" }, { "ldap://dir.example/cn=CA" } } },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gnutls_datum_t der;
		struct cc_cert *cert = NULL;
		struct cc_error err = CC_ERROR_INIT;
		make_cert(&cases[i].aia, &der);
		if (cc_cert_from_der(der.data, der.size, "test", &cert, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		struct cc_strv ocsp = CC_STRV_INIT, ca = CC_STRV_INIT;
		cc_aia_urls(cert, CC_AIA_OCSP, &ocsp);
		cc_aia_urls(cert, CC_AIA_CA_ISSUERS, &ca);
		expect_urls(cases[i].what, "OCSP", &ocsp, cases[i].aia.ocsp);
		expect_urls(cases[i].what, "caIssuers", &ca, cases[i].aia.ca_issuers);
		cc_strv_release(&ocsp);
		cc_strv_release(&ca);
		cc_cert_free(cert);
		gnutls_free(der.data);
	}
}

enum body_form { BODY_DER, BODY_PEM, BODY_PKCS7_DER, BODY_PKCS7_PEM, BODY_TWO_PEM, BODY_TEXT, BODY_EMPTY,
		 BODY_KEY_PEM, BODY_TRUNCATED_DER };

/* The body of FORM for the certificate DER (and a second one, DER2). */
static void make_body(enum body_form form, const gnutls_datum_t *der, const gnutls_datum_t *der2,
		      struct cc_buf *out)
{
	gnutls_datum_t pem = { NULL, 0 }, p7 = { NULL, 0 };
	gnutls_pkcs7_t pkcs7;
	switch (form) {
	case BODY_DER:
		cc_buf_add(out, der->data, der->size);
		break;
	case BODY_TRUNCATED_DER:
		cc_buf_add(out, der->data, der->size / 2);
		break;
	case BODY_PEM:
	case BODY_TWO_PEM:
		assert_int_equal(gnutls_pem_base64_encode2("CERTIFICATE", der, &pem), 0);
		cc_buf_add(out, pem.data, pem.size);
		gnutls_free(pem.data);
		if (form == BODY_TWO_PEM) {
			assert_int_equal(gnutls_pem_base64_encode2("CERTIFICATE", der2, &pem), 0);
			cc_buf_add(out, pem.data, pem.size);
			gnutls_free(pem.data);
		}
		break;
	case BODY_PKCS7_DER:
	case BODY_PKCS7_PEM:
		assert_int_equal(gnutls_pkcs7_init(&pkcs7), 0);
		assert_int_equal(gnutls_pkcs7_set_crt_raw(pkcs7, der), 0);
		assert_int_equal(gnutls_pkcs7_set_crt_raw(pkcs7, der2), 0);
		assert_int_equal(gnutls_pkcs7_export2(pkcs7, form == BODY_PKCS7_DER ? GNUTLS_X509_FMT_DER
										: GNUTLS_X509_FMT_PEM,
						      &p7), 0);
		cc_buf_add(out, p7.data, p7.size);
		gnutls_free(p7.data);
		gnutls_pkcs7_deinit(pkcs7);
		break;
	case BODY_TEXT:
		cc_buf_adds(out, "<html><body>Not Found</body></html>\n");
		break;
	case BODY_EMPTY:
		break;
	case BODY_KEY_PEM:
		cc_buf_adds(out, "-----BEGIN PUBLIC KEY-----\n"
				 "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
				 "-----END PUBLIC KEY-----\n");
		break;
	}
}

static void test_decode(void **state)
{
	static const struct {
		const char *what;
		enum body_form form;
		int n;                  /* certificates, or -1 */
		const char *error;      /* part of the error when -1 */
	} cases[] = {
		{ "DER (RFC 5280's first choice)", BODY_DER, 1, NULL },
		{ "PKCS#7 certs-only, DER, two certificates", BODY_PKCS7_DER, 2, NULL },
		{ "PKCS#7 in PEM", BODY_PKCS7_PEM, 2, NULL },
		{ "PEM, tolerated", BODY_PEM, 1, NULL },
		{ "two PEM certificates", BODY_TWO_PEM, 2, NULL },
		{ "an HTML error page", BODY_TEXT, -1, "http://ca.example/x" },
		{ "an empty body", BODY_EMPTY, -1, "http://ca.example/x" },
		{ "a PEM public key, no certificate", BODY_KEY_PEM, -1, "no certificate" },
		{ "truncated DER", BODY_TRUNCATED_DER, -1, "http://ca.example/x" },
	};
	static const struct aia none = { { NULL }, { NULL } };
	static const struct aia other = { { "http://ocsp.example/" }, { NULL } };
	gnutls_datum_t der, der2;
	(void)state;
	make_cert(&none, &der);
	make_cert(&other, &der2);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_buf body = CC_BUF_INIT;
		struct cc_cert **certs = NULL;
		size_t n = 0;
		struct cc_error err = CC_ERROR_INIT;
		make_body(cases[i].form, &der, &der2, &body);
		int r = cc_aia_decode(body.data ? body.data : "", body.len, "http://ca.example/x", &certs, &n,
				      &err);
		if (r != cases[i].n)
			fail_msg("%s: returned %d, want %d (%s)", cases[i].what, r, cases[i].n, err.msg);
		if (r < 0 && !strstr(err.msg, cases[i].error))
			fail_msg("%s: error '%s' lacks '%s'", cases[i].what, err.msg, cases[i].error);
		if (r > 0 && (n != (size_t)r || certs[0]->der_len != der.size ||
			      memcmp(certs[0]->der, der.data, der.size) != 0))
			fail_msg("%s: the first certificate is not the one encoded", cases[i].what);
		for (size_t k = 0; k < n; k++)
			cc_cert_free(certs[k]);
		free(certs);
		cc_buf_release(&body);
	}
	gnutls_free(der.data);
	gnutls_free(der2.data);
}

static void test_url_ok(void **state)
{
	static const struct {
		const char *url;
		bool ok;
	} cases[] = {
		{ "http://127.0.0.1:8080/", true },
		{ "http://ca.example/int.der", true },
		{ "HTTP://ca.example", true },
		{ "https://ca.example/int.der", false },
		{ "ldap://dir.example/cn=CA", false },
		{ "http://", false },
		{ "http:///path", false },
		{ "http://a b/", false },
		{ "http://ca.example/\r\nHost: evil", false },
		{ "", false },
		{ NULL, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cc_http_url_ok(cases[i].url) != cases[i].ok)
			fail_msg("'%s': %s, want %s", cases[i].url ? cases[i].url : "(null)",
				 cases[i].ok ? "refused" : "accepted", cases[i].ok ? "accepted" : "refused");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_url_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
