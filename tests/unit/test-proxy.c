/* Unit tests for proxy.c: the --proxy URL, the CONNECT request, the
 * proxy's status line.  The exchange itself is tested against tinyproxy in
 * tests/cli/t0380-connect-proxy.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxy.h"

static void test_parse(void **state)
{
	static const struct {
		const char *in;
		int ret;
		const char *host, *port;
	} cases[] = {
		{ "http://127.0.0.1:3128", 0, "127.0.0.1", "3128" },
		{ "http://proxy.corp:8080/", 0, "proxy.corp", "8080" },
		{ "HTTP://proxy.corp", 0, "proxy.corp", "80" },
		{ "http://[::1]:3128", 0, "::1", "3128" },
		{ "http://[::1]", 0, "::1", "80" },
		{ "proxy.corp:3128", -1, NULL, NULL },
		{ "https://proxy.corp:3128", -1, NULL, NULL },
		{ "socks5://proxy.corp:1080", -1, NULL, NULL },
		{ "http://", -1, NULL, NULL },
		{ "http://user:pw@proxy.corp:3128", -1, NULL, NULL },
		{ "http://proxy.corp:3128/x", -1, NULL, NULL },
		{ "http://proxy.corp:0", -1, NULL, NULL },
		{ "http://::1:3128", -1, NULL, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *host = NULL, *port = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_proxy_parse(cases[i].in, &host, &port, &err);
		if (r != cases[i].ret)
			fail_msg("cc_proxy_parse(\"%s\") returned %d (%s)", cases[i].in, r, err.msg);
		if (r == 0 && (strcmp(host, cases[i].host) != 0 || strcmp(port, cases[i].port) != 0))
			fail_msg("\"%s\": %s %s, want %s %s", cases[i].in, host, port, cases[i].host,
				 cases[i].port);
		if (r < 0 && (err.status != CC_USAGE || strncmp(err.msg, "--proxy", 7) != 0))
			fail_msg("\"%s\": error \"%s\" does not name --proxy", cases[i].in, err.msg);
		free(host);
		free(port);
	}
}

static void test_request(void **state)
{
	(void)state;
	char *r = cc_proxy_request("example.com", "443");
	assert_string_equal(r, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n"
			       "User-Agent: certcheck\r\n\r\n");
	free(r);
	r = cc_proxy_request("::1", "8443");
	assert_string_equal(r, "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
			       "User-Agent: certcheck\r\n\r\n");
	free(r);
}

static void test_status(void **state)
{
	static const struct {
		const char *line;
		int ok;
	} cases[] = {
		{ "HTTP/1.1 200 Connection established", 1 },
		{ "HTTP/1.0 200 OK", 1 },
		{ "HTTP/1.1 204", 1 },
		{ "HTTP/1.1 403 Access violation", 0 },
		{ "HTTP/1.1 407 Proxy Authentication Required", 0 },
		{ "HTTP/1.1 502 Bad Gateway", 0 },
		{ "HTTP/1.1 301 Moved", 0 },
		{ "HTTP/2 200", -1 },
		{ "HTTP/1.1 20", -1 },
		{ "HTTP/1.1 2000 x", -1 },
		{ "SSH-2.0-OpenSSH_9.2", -1 },
		{ "", -1 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cc_proxy_status_ok(cases[i].line) != cases[i].ok)
			fail_msg("cc_proxy_status_ok(\"%s\") is not %d", cases[i].line, cases[i].ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
