/* Unit tests for read-pem.c: PEM with text around it, CRLF, glued blocks,
 * skipped keys, DER, PKCS#7, and every kind of broken input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>

#include "read.h"
#include "load.h"

#include "read-tests.h"

#define SAMPLES CC_TESTDATA "/istio/istio-samples-certs/"

static char *root_pem, *inter_pem, *key_pem;

static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	root_pem = slurp(SAMPLES "root-cert-alt.pem");
	inter_pem = slurp(SAMPLES "ca-cert-alt.pem");
	key_pem = slurp(SAMPLES "ca-key-alt.pem");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(root_pem);
	free(inter_pem);
	free(key_pem);
	gnutls_global_deinit();
	return 0;
}

/* Replace every "\n" of S by "\r\n". */
static char *crlf(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	for (; *s; s++) {
		if (*s == '\n')
			cc_buf_adds(&b, "\r");
		cc_buf_add(&b, s, 1);
	}
	return cc_buf_detach(&b, NULL);
}

/* S without its trailing newline. */
static char *chomp(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return cc_xstrndup(s, n);
}

struct read_result {
	int ret;
	size_t certs;
	size_t notes;
	char msg[1024];
	char first_subject[256];
};

static struct read_result read_mem(const char *data, size_t len)
{
	struct read_result res = { 0 };
	struct cc_entry e = { 0 };
	struct cc_error err = CC_ERROR_INIT;
	res.ret = cc_read_certs(data, len, "in.pem", &e, &err);
	res.certs = e.n_certs;
	res.notes = e.notes.n;
	snprintf(res.msg, sizeof(res.msg), "%s", res.ret < 0 ? err.msg : (e.notes.n ? e.notes.v[0] : ""));
	if (e.n_certs)
		snprintf(res.first_subject, sizeof(res.first_subject), "%s", e.certs[0]->subject);
	for (size_t i = 0; i < e.n_certs; i++)
		cc_cert_free(e.certs[i]);
	free(e.certs);
	cc_strv_release(&e.notes);
	return res;
}

static void test_pem_variants(void **state)
{
	(void)state;
	char *root_crlf = crlf(root_pem), *inter_crlf = crlf(inter_pem);
	char *inter_chomped = chomp(inter_pem), *root_chomped = chomp(root_pem);
	struct {
		const char *what;
		char *input;
		size_t certs, notes;
		const char *note;
	} cases[] = {
		{ "one certificate", cc_xstrdup(root_pem), 1, 0, NULL },
		{ "two certificates", cc_xasprintf("%s%s", inter_pem, root_pem), 2, 0, NULL },
		{ "s_client-like text around and between",
		  cc_xasprintf("CONNECTED(00000003)\n---\nCertificate chain\n 0 s:O = Istio\n%s"
			       " 1 s:O = Istio, CN = Root CA\n%s---\nServer certificate\nsubject=...\n",
			       inter_pem, root_pem),
		  2, 0, NULL },
		{ "CRLF line endings", cc_xasprintf("%s%s", inter_crlf, root_crlf), 2, 0, NULL },
		{ "blocks glued on one line", cc_xasprintf("%s%s", inter_chomped, root_pem), 2, 0, NULL },
		{ "no newline at the end", cc_xstrdup(root_chomped), 1, 0, NULL },
		{ "key between certificates", cc_xasprintf("%s%s%s", inter_pem, key_pem, root_pem), 2, 1,
		  "in.pem: line 33: skipped a PRIVATE KEY block (not a certificate)" },
		{ "indented blocks", cc_xasprintf("    %s", root_pem), 1, 0, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct read_result r = read_mem(cases[i].input, strlen(cases[i].input));
		if (r.ret < 0)
			fail_msg("%s: %s", cases[i].what, r.msg);
		if (r.certs != cases[i].certs || r.notes != cases[i].notes)
			fail_msg("%s: %zu certificates and %zu notes", cases[i].what, r.certs, r.notes);
		if (cases[i].note && strcmp(r.msg, cases[i].note) != 0)
			fail_msg("%s: note '%s'", cases[i].what, r.msg);
		/* The key's bytes never reach a note. */
		if (strstr(r.msg, "MII"))
			fail_msg("%s: note leaks base64", cases[i].what);
		free(cases[i].input);
	}
	free(root_crlf);
	free(inter_crlf);
	free(inter_chomped);
	free(root_chomped);
}

/* DER and PKCS#7 made with GnuTLS from the sample certificates. */
static void test_der_and_pkcs7(void **state)
{
	(void)state;
	gnutls_datum_t pem = { (unsigned char *)root_pem, (unsigned)strlen(root_pem) }, der;
	assert_int_equal(gnutls_pem_base64_decode2("CERTIFICATE", &pem, &der), 0);
	struct read_result r = read_mem((const char *)der.data, der.size);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.first_subject, "O=Istio,CN=Root CA");

	gnutls_pkcs7_t p7;
	gnutls_datum_t inter = { (unsigned char *)inter_pem, (unsigned)strlen(inter_pem) }, inter_der;
	assert_int_equal(gnutls_pem_base64_decode2("CERTIFICATE", &inter, &inter_der), 0);
	assert_int_equal(gnutls_pkcs7_init(&p7), 0);
	assert_int_equal(gnutls_pkcs7_set_crt_raw(p7, &inter_der), 0);
	assert_int_equal(gnutls_pkcs7_set_crt_raw(p7, &der), 0);
	gnutls_datum_t p7der, p7pem;
	assert_int_equal(gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &p7der), 0);
	assert_int_equal(gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_PEM, &p7pem), 0);
	gnutls_pkcs7_deinit(p7);

	/* PKCS#7 holds a SET: the order is the one stored, not the one added. */
	r = read_mem((const char *)p7der.data, p7der.size);
	assert_int_equal(r.ret, 2);
	r = read_mem((const char *)p7pem.data, p7pem.size);
	assert_int_equal(r.ret, 2);

	/* A DER certificate cut short is an error, not a crash. */
	r = read_mem((const char *)der.data, der.size / 2);
	assert_int_equal(r.ret, -1);
	assert_non_null(strstr(r.msg, "not a valid X.509 certificate"));

	gnutls_free(der.data);
	gnutls_free(inter_der.data);
	gnutls_free(p7der.data);
	gnutls_free(p7pem.data);
}

static void test_bad_input(void **state)
{
	(void)state;
	/* Cut the base64 of the root short, keeping its END line. */
	const char *body = strchr(root_pem, '\n') + 1;
	char *truncated = cc_xasprintf("-----BEGIN CERTIFICATE-----\n%.*s\n-----END CERTIFICATE-----\n",
				       (int)(strlen(body) / 3), body);
	char *no_end = cc_xasprintf("text\n%.*s", (int)(strlen(root_pem) - 30), root_pem);
	char *bad_block = cc_xasprintf("%s# comment\n-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n"
				       "-----END CERTIFICATE-----\n%s",
				       inter_pem, root_pem);
	static const unsigned char garbage[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0xff, 0xfe, 0 };
	/* openssl crl2pkcs7 -nocrl -outform DER: short-form length. */
	static const unsigned char empty_p7[] = {
		0x30, 0x23, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
		0xa0, 0x16, 0x30, 0x14, 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x0b, 0x06, 0x09,
		0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0x31, 0x00,
	};
	struct {
		const char *what;
		const char *input;
		size_t len;
		const char *msg;
	} cases[] = {
		{ "empty", "", 0, "in.pem: empty input: no certificate" },
		{ "plain text", "hello\nworld\n", 12, "in.pem: no certificate found" },
		{ "binary garbage", (const char *)garbage, sizeof(garbage), "in.pem: no certificate found" },
		{ "DER-looking garbage", "\x30\x82\x01\x00garbage", 11, "not a valid X.509 certificate" },
		{ "truncated base64", truncated, strlen(truncated), "in.pem: line 1: " },
		{ "BEGIN without END", no_end, strlen(no_end), "in.pem: line 2: -----BEGIN CERTIFICATE----- has no END line" },
		{ "invalid DER in armour", bad_block, strlen(bad_block), "in.pem: line 34: not a valid X.509 certificate" },
		{ "malformed BEGIN line", "-----BEGIN CERTIFICATE\nabc\n", 28, "in.pem: line 1: malformed BEGIN line" },
		{ "empty PKCS#7", (const char *)empty_p7, sizeof(empty_p7), "in.pem: the PKCS#7 structure holds no certificate" },
		{ "short SEQUENCE, not the whole input", "\x30\x03\x02\x01\x01junk", 9, "in.pem: no certificate found" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct read_result r = read_mem(cases[i].input, cases[i].len);
		if (r.ret != -1)
			fail_msg("%s: read succeeded with %zu certificates", cases[i].what, r.certs);
		if (!strstr(r.msg, cases[i].msg))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].what, r.msg, cases[i].msg);
	}
	free(truncated);
	free(no_end);
	free(bad_block);
}

/* The containers of issue 16 that read-pem.c reads: OpenSSL's TRUSTED
 * CERTIFICATE and X509 CERTIFICATE armour, DER with a newline or several
 * DER certificates back to back, base64 text of PEM or DER, and a Java
 * keystore refused with the command that converts it. */
static void test_more_containers(void **state)
{
	(void)state;
	gnutls_datum_t pem = { (unsigned char *)root_pem, (unsigned)strlen(root_pem) }, der;
	gnutls_datum_t ipem = { (unsigned char *)inter_pem, (unsigned)strlen(inter_pem) }, ider;
	assert_int_equal(gnutls_pem_base64_decode2("CERTIFICATE", &pem, &der), 0);
	assert_int_equal(gnutls_pem_base64_decode2("CERTIFICATE", &ipem, &ider), 0);
	/* X509_CERT_AUX as `openssl x509 -addtrust serverAuth -addreject
	 * clientAuth -setalias my -trustout` writes it. */
	static const unsigned char aux[] = {
		0x30, 0x1c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01,
		0xa0, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02,
		0x0c, 0x02, 'm', 'y',
	};
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add(&b, der.data, der.size);
	cc_buf_add(&b, aux, sizeof(aux));
	gnutls_datum_t trusted_der = { (unsigned char *)b.data, (unsigned)b.len }, trusted, x509;
	assert_int_equal(gnutls_pem_base64_encode2("TRUSTED CERTIFICATE", &trusted_der, &trusted), 0);
	assert_int_equal(gnutls_pem_base64_encode2("X509 CERTIFICATE", &ider, &x509), 0);
	cc_buf_release(&b);
	/* DER forms. */
	cc_buf_add(&b, der.data, der.size);
	cc_buf_adds(&b, "\r\n");
	size_t der_nl_len;
	char *der_nl = cc_buf_detach(&b, &der_nl_len);
	cc_buf_add(&b, ider.data, ider.size);
	cc_buf_add(&b, der.data, der.size);
	size_t two_len;
	char *two = cc_buf_detach(&b, &two_len);
	cc_buf_add(&b, ider.data, ider.size);
	cc_buf_adds(&b, "trailing junk");
	size_t junk_len;
	char *junk = cc_buf_detach(&b, &junk_len);
	/* Base64 text: of PEM on one line, of DER wrapped at 64 columns. */
	gnutls_datum_t b64_pem, b64_der, plain = { (unsigned char *)root_pem, (unsigned)strlen(root_pem) };
	assert_int_equal(gnutls_base64_encode2(&plain, &b64_pem), 0);
	assert_int_equal(gnutls_base64_encode2(&ider, &b64_der), 0);
	for (unsigned i = 0; i < b64_der.size; i++) {
		cc_buf_add(&b, b64_der.data + i, 1);
		if (i % 64 == 63)
			cc_buf_adds(&b, "\n");
	}
	cc_buf_adds(&b, "\n");
	size_t wrapped_len;
	char *wrapped = cc_buf_detach(&b, &wrapped_len);
	static const char jks[] = "\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01";

	struct {
		const char *what;
		const char *input;
		size_t len;
		enum cc_cert_format format;
		int ret;
		const char *subject;   /* of the first certificate */
		const char *msg;       /* the first note, or the error */
	} cases[] = {
		{ "TRUSTED CERTIFICATE", (const char *)trusted.data, trusted.size, CC_FMT_PEM, 1,
		  "O=Istio,CN=Root CA",
		  "in.pem: line 1: TRUSTED CERTIFICATE: OpenSSL trust settings (trusted for serverAuth; "
		  "rejected for clientAuth; alias \"my\") follow the certificate; certcheck does not "
		  "apply them" },
		{ "X509 CERTIFICATE", (const char *)x509.data, x509.size, CC_FMT_PEM, 1,
		  "O=Istio,CN=Intermediate CA,L=cluster1", "" },
		{ "DER and CRLF", der_nl, der_nl_len, CC_FMT_DER, 1, "O=Istio,CN=Root CA", "" },
		{ "two DER certificates", two, two_len, CC_FMT_DER, 2, "O=Istio,CN=Intermediate CA,L=cluster1", "" },
		{ "DER and junk", junk, junk_len, CC_FMT_DER, -1, NULL, "in.pem: DER certificate 2: " },
		{ "base64 of PEM", (const char *)b64_pem.data, b64_pem.size, CC_FMT_BASE64, 1,
		  "O=Istio,CN=Root CA", "" },
		{ "wrapped base64 of DER", wrapped, wrapped_len, CC_FMT_BASE64, 1,
		  "O=Istio,CN=Intermediate CA,L=cluster1", "" },
		{ "base64 of text", "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8K",
		  72, CC_FMT_NONE, -1, NULL, "in.pem: no certificate found" },
		{ "JKS", jks, sizeof(jks) - 1, CC_FMT_JKS, -1, NULL,
		  "in.pem: a Java keystore (JKS/JCEKS), which certcheck does not read; convert it to "
		  "PKCS#12 with: keytool -importkeystore -srckeystore in.pem -destkeystore in.pem.p12 "
		  "-deststoretype pkcs12" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cc_cert_format f = cc_detect_cert_format(cases[i].input, cases[i].len);
		if (f != cases[i].format)
			fail_msg("%s: detected as %s", cases[i].what, cc_cert_format_name(f));
		struct read_result r = read_mem(cases[i].input, cases[i].len);
		if (r.ret != cases[i].ret)
			fail_msg("%s: returned %d (%s)", cases[i].what, r.ret, r.msg);
		if (cases[i].subject && strcmp(r.first_subject, cases[i].subject) != 0)
			fail_msg("%s: first subject '%s'", cases[i].what, r.first_subject);
		if (strncmp(r.msg, cases[i].msg, strlen(cases[i].msg)) != 0 || (!*cases[i].msg && *r.msg))
			fail_msg("%s: message '%s'", cases[i].what, r.msg);
	}
	gnutls_free(der.data);
	gnutls_free(ider.data);
	gnutls_free(trusted.data);
	gnutls_free(x509.data);
	gnutls_free(b64_pem.data);
	gnutls_free(b64_der.data);
	free(der_nl);
	free(two);
	free(junk);
	free(wrapped);
}

static void test_key_only_source(void **state)
{
	(void)state;
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_source_load(SAMPLES "ca-key-alt.pem", NULL, &src, &err), -1);
	assert_null(src);
	assert_non_null(strstr(err.msg, "ca-key-alt.pem: no certificate found (only non-certificate blocks"));
	assert_null(strstr(err.msg, "MII"));
	assert_int_equal(err.status, CC_USAGE);
}

static void test_source_parse(void **state)
{
	static const struct {
		const char *spec;
		int ret;
		const char *location, *select;
		bool tls;
	} cases[] = {
		{ "a.pem", 0, "a.pem", NULL, false },
		{ "-", 0, "(stdin)", NULL, false },
		{ "dump.json#ROOTCA", 0, "dump.json", "ROOTCA", false },
		{ "s.yaml#istio-system/cacerts/root-cert.pem", 0, "s.yaml", "istio-system/cacerts/root-cert.pem", false },
		{ "tls://127.0.0.1:8443", 0, "127.0.0.1:8443", NULL, true },
		{ "tls://[::1]:8443", 0, "[::1]:8443", NULL, true },
		{ "-#default", 0, "(stdin)", "default", false },
		{ "", -1, NULL, NULL, false },
		{ "a.pem#", -1, NULL, NULL, false },
		{ "tls://", -1, NULL, NULL, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_source_parse(cases[i].spec, &src, &err);
		if (r != cases[i].ret)
			fail_msg("'%s': returned %d (%s)", cases[i].spec, r, err.msg);
		if (r < 0)
			continue;
		assert_string_equal(src->location, cases[i].location);
		if (cases[i].select)
			assert_string_equal(src->select, cases[i].select);
		else
			assert_null(src->select);
		assert_int_equal(src->is_tls, cases[i].tls);
		cc_source_free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pem_variants),
		cmocka_unit_test(test_der_and_pkcs7),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_more_containers),
		cmocka_unit_test(test_key_only_source),
		cmocka_unit_test(test_source_parse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
