/* Unit tests for the limits of cc-limits.h: each is enforced where input
 * enters (cc_read_file, the readers, cc_cert_from_der, the commands' SOURCE
 * count) and its breach is an input error naming the place and the limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>

#include "read.h"
#include "load.h"

#define LEAF CC_FIXTURES "/istio/cluster1/workload-cert.pem"

static char *leaf_pem;
static gnutls_datum_t leaf_der;

static int setup(void **state)
{
	(void)state;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	gnutls_global_init();
	if (cc_read_file(LEAF, &leaf_pem, &len, &err) < 0)
		fail_msg("%s", err.msg);
	gnutls_datum_t pem = { (unsigned char *)leaf_pem, (unsigned)len };
	if (gnutls_pem_base64_decode2("CERTIFICATE", &pem, &leaf_der) < 0)
		fail_msg("cannot decode " LEAF);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(leaf_pem);
	gnutls_free(leaf_der.data);
	gnutls_global_deinit();
	return 0;
}

static void expect_error(int ret, const struct cc_error *err, const char *want)
{
	assert_int_equal(ret, -1);
	assert_int_equal(err->status, CC_USAGE);
	if (!strstr(err->msg, want))
		fail_msg("message '%s' lacks '%s'", err->msg, want);
}

/* A file one byte over the limit is refused before it is read (a sparse
 * file: no disk space used); one at the limit is read. */
static void test_input_file(void **state)
{
	(void)state;
	char path[] = "/tmp/certcheck-limits-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char *data = NULL;
	size_t len = 0;
	struct cc_error err = CC_ERROR_INIT;

	assert_int_equal(ftruncate(fd, (off_t)CC_MAX_INPUT_BYTES + 1), 0);
	expect_error(cc_read_file(path, &data, &len, &err), &err, "input is larger than the limit of 64 MiB");
	assert_non_null(strstr(err.msg, path));

	assert_int_equal(ftruncate(fd, (off_t)CC_MAX_INPUT_BYTES), 0);
	assert_int_equal(cc_read_file(path, &data, &len, &err), 0);
	assert_int_equal(len, CC_MAX_INPUT_BYTES);
	free(data);
	close(fd);
	unlink(path);
}

/* Standard input has no size to ask: the limit holds while reading. */
static void test_input_stdin(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		static char chunk[65536];
		memset(chunk, 'x', sizeof(chunk));
		size_t left = CC_MAX_INPUT_BYTES + 1;
		while (left) {
			size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
			ssize_t w = write(fds[1], chunk, n);
			if (w <= 0)
				_exit(0);   /* the reader stopped: as expected */
			left -= (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	int saved = dup(STDIN_FILENO);
	assert_true(dup2(fds[0], STDIN_FILENO) >= 0);
	close(fds[0]);
	char *data = NULL;
	size_t len = 0;
	struct cc_error err = CC_ERROR_INIT;
	int r = cc_read_file("-", &data, &len, &err);
	dup2(saved, STDIN_FILENO);   /* closes the pipe: the writer ends */
	close(saved);
	waitpid(pid, NULL, 0);
	expect_error(r, &err, "(stdin): input is larger than the limit of 64 MiB");
}

static void test_cert_size(void **state)
{
	(void)state;
	size_t len = CC_MAX_CERT_BYTES + 1;
	unsigned char *big = cc_xcalloc(1, len);
	memcpy(big, leaf_der.data, leaf_der.size);
	struct cc_cert *cert = NULL;
	struct cc_error err = CC_ERROR_INIT;
	expect_error(cc_cert_from_der(big, len, "big.der", &cert, &err), &err,
		     "big.der: certificate of 1048577 bytes is larger than the limit of 1 MiB");
	assert_null(cert);
	/* The same through the reader, which detects DER. */
	big[0] = 0x30, big[1] = 0x83, big[2] = 0x10, big[3] = 0x00, big[4] = 0x00;
	struct cc_entry e = { 0 };
	expect_error(cc_read_certs((const char *)big, len, "big.der", &e, &err), &err,
		     "larger than the limit of 1 MiB");
	assert_int_equal(e.n_certs, 0);
	free(big);
}

static void entry_release(struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++)
		cc_cert_free(e->certs[i]);
	free(e->certs);
	cc_strv_release(&e->notes);
	memset(e, 0, sizeof(*e));
}

/* N copies of the leaf as PEM. */
static char *pem_copies(size_t n)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		cc_buf_adds(&b, leaf_pem);
	return cc_buf_detach(&b, NULL);
}

/* No limit on the certificates of one entry: more than the 1000 of old,
 * from PEM and from PKCS#7, all read in order. */
static void test_certs_per_entry(void **state)
{
	(void)state;
	enum { MANY = 20001 };
	struct cc_entry e = { 0 };
	struct cc_error err = CC_ERROR_INIT;

	char *pem = pem_copies(MANY);
	assert_int_equal(cc_read_certs(pem, strlen(pem), "many.pem", &e, &err), MANY);
	assert_int_equal(e.n_certs, MANY);
	assert_memory_equal(e.certs[MANY - 1]->der, leaf_der.data, leaf_der.size);
	entry_release(&e);
	free(pem);

	gnutls_pkcs7_t p7;
	assert_int_equal(gnutls_pkcs7_init(&p7), 0);
	for (size_t i = 0; i < 1001; i++)
		assert_int_equal(gnutls_pkcs7_set_crt_raw(p7, &leaf_der), 0);
	gnutls_datum_t der;
	assert_int_equal(gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &der), 0);
	gnutls_pkcs7_deinit(p7);
	assert_int_equal(cc_read_certs((const char *)der.data, der.size, "many.p7b", &e, &err), 1001);
	entry_release(&e);
	gnutls_free(der.data);
}

static void test_sources(void **state)
{
	(void)state;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_check_source_count(1, &err), 0);
	assert_int_equal(cc_check_source_count(CC_MAX_SOURCES, &err), 0);
	expect_error(cc_check_source_count(CC_MAX_SOURCES + 1, &err), &err,
		     "10001 SOURCEs given; the limit is 10000 per command");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_file),
		cmocka_unit_test(test_input_stdin),
		cmocka_unit_test(test_cert_size),
		cmocka_unit_test(test_certs_per_entry),
		cmocka_unit_test(test_sources),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
