/* test-load-many.c: --targets files and loading many sources at once, in
 * input order whatever the order they finish in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "load-many.h"
#include "tls-info.h"

#define FIX CC_FIXTURES "/"

static char *write_temp(const char *text)
{
	char *path = cc_xstrdup("/tmp/certcheck-targets.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_targets(void **state)
{
	static const struct {
		const char *what;
		const char *text;
		const char *want;    /* the SOURCEs joined by '|', or NULL for an error */
		const char *error;   /* substring of the error */
	} cases[] = {
		{ "one per line", "a.pem\ntls://127.0.0.1:8443\n", "a.pem|tls://127.0.0.1:8443", NULL },
		{ "comments and blank lines", "# gateways\n\n  \ttls://gw:443  \n# x\nb.pem\n",
		  "tls://gw:443|b.pem", NULL },
		{ "CRLF and no final newline", "a.pem\r\nb.pem", "a.pem|b.pem", NULL },
		{ "#NAME inside a SOURCE stays", "dump.json#ROOTCA\n", "dump.json#ROOTCA", NULL },
		{ "only comments", "# nothing\n\n", NULL, "no SOURCE listed" },
		{ "empty file", "", NULL, "no SOURCE listed" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = write_temp(cases[i].text);
		struct cc_strv sv = CC_STRV_INIT;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_targets_read(path, &sv, &err);
		if (cases[i].want) {
			if (r != 0)
				fail_msg("%s: %s", cases[i].what, err.msg);
			struct cc_buf b = CC_BUF_INIT;
			for (size_t k = 0; k < sv.n; k++)
				cc_buf_addf(&b, "%s%s", k ? "|" : "", sv.v[k]);
			if (strcmp(b.data, cases[i].want) != 0)
				fail_msg("%s: got '%s', want '%s'", cases[i].what, b.data, cases[i].want);
			cc_buf_release(&b);
		} else {
			assert_int_equal(r, -1);
			assert_int_equal(err.status, CC_USAGE);
			if (!strstr(err.msg, cases[i].error) || !strstr(err.msg, path))
				fail_msg("%s: error '%s'", cases[i].what, err.msg);
		}
		cc_strv_release(&sv);
		unlink(path);
		free(path);
	}
	struct cc_strv sv = CC_STRV_INIT;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_targets_read("/nonexistent/targets", &sv, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/targets"));
}

static void test_load_many(void **state)
{
	static const char *const specs[] = {
		FIX "istio/cluster1/workload-chain.pem",
		FIX "does-not-exist.pem",
		FIX "formats/chain.p7b",
		FIX "bad/garbage.bin",
		FIX "gateway/server-chain.pem",
		FIX "istio/root-cert.pem",
	};
	static const size_t want_certs[] = { 3, 0, 3, 0, 2, 1 };
	static const unsigned jobs[] = { 1, 2, 4, 64 };
	(void)state;
	size_t n = sizeof(specs) / sizeof(specs[0]);
	for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		struct cc_loaded out[6];
		cc_load_many(specs, n, NULL, jobs[j], out);
		for (size_t i = 0; i < n; i++) {
			if (!want_certs[i]) {
				assert_null(out[i].src);
				assert_int_equal(out[i].err.status, CC_USAGE);
				assert_non_null(strstr(out[i].err.msg, specs[i]));
				continue;
			}
			if (!out[i].src)
				fail_msg("-j %u: %s: %s", jobs[j], specs[i], out[i].err.msg);
			assert_string_equal(out[i].src->spec, specs[i]);
			assert_int_equal(cc_source_main_entry(out[i].src)->n_certs, want_certs[i]);
			/* Reading a small file takes some time, and seconds at most
			 * (even under valgrind). */
			if (!(out[i].seconds > 0 && out[i].seconds < 10))
				fail_msg("-j %u: %s: loaded in %f s", jobs[j], specs[i], out[i].seconds);
		}
		cc_loaded_release(out, n);
	}
}

/* A loopback port nothing listens on. */
static unsigned short closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* "seconds" is the wall time of each load, whatever else runs beside it:
 * an endpoint that accepts and never answers takes the whole --timeout, a
 * file beside it almost nothing.  (JUnit's time attribute comes from it.) */
static void test_load_seconds(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);   /* the kernel accepts; nobody answers */
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	char *silent = cc_xasprintf("tls://127.0.0.1:%u", ntohs(a.sin_port));
	const char *specs[] = { silent, FIX "istio/root-cert.pem" };
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	tls.timeout_ms = 1500;
	struct cc_load_options lo = { &tls };
	static const unsigned jobs[] = { 1, 2 };
	for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		struct cc_loaded out[2];
		cc_load_many(specs, 2, &lo, jobs[j], out);
		assert_null(out[0].src);
		assert_int_equal(out[0].err.status, CC_NO_CHAIN);
		assert_non_null(out[1].src);
		if (!(out[0].seconds >= 1.49 && out[0].seconds < 10))
			fail_msg("-j %u: the silent endpoint took %f s, --timeout 1.5", jobs[j],
				 out[0].seconds);
		if (!(out[1].seconds > 0 && out[1].seconds < out[0].seconds / 2))
			fail_msg("-j %u: the file took %f s, the endpoint %f s", jobs[j], out[1].seconds,
				 out[0].seconds);
		cc_loaded_release(out, 2);
	}
	free(silent);
	close(fd);
}

/* cc_fetch_many keeps each source, with its handshake facts, when no
 * chain came back; every one is tried whatever JOBS is. */
static void test_fetch_many(void **state)
{
	static const unsigned jobs[] = { 1, 3, 16 };
	(void)state;
	for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		struct cc_fetched f[5];
		for (size_t i = 0; i < 5; i++) {
			char *spec = cc_xasprintf("tls://127.0.0.1:%u", closed_port());
			struct cc_error err = CC_ERROR_INIT;
			f[i] = (struct cc_fetched){ NULL, true, CC_ERROR_INIT };
			assert_int_equal(cc_source_parse(spec, &f[i].src, &err), 0);
			free(spec);
		}
		cc_fetch_many(f, 5, NULL, jobs[j]);
		for (size_t i = 0; i < 5; i++) {
			assert_false(f[i].got);
			assert_int_equal(f[i].err.status, CC_NO_CHAIN);
			assert_non_null(f[i].src->tls);
			assert_non_null(strstr(f[i].err.msg, f[i].src->location));
			cc_source_free(f[i].src);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_load_many),
		cmocka_unit_test(test_load_seconds),
		cmocka_unit_test(test_fetch_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
