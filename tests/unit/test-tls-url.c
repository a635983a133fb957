/* Unit tests for tls-url.c: which URLs name a TLS endpoint, and which
 * HOST:PORT they mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tls-url.h"

static void test_url_parse(void **state)
{
	static const struct {
		const char *in;
		int ret;
		const char *location, *ignored;
	} cases[] = {
		{ "https://example.com", 1, "example.com:443", NULL },
		{ "https://example.com/", 1, "example.com:443", NULL },
		{ "https://example.com:8443/a/b?c=d", 1, "example.com:8443", "/a/b?c=d" },
		{ "https://example.com?x", 1, "example.com:443", "?x" },
		{ "HTTPS://Example.com", 1, "Example.com:443", NULL },
		{ "https://[::1]/", 1, "[::1]:443", NULL },
		{ "https://[::1]:8443/x", 1, "[::1]:8443", "/x" },
		{ "https://127.0.0.1:1", 1, "127.0.0.1:1", NULL },
		{ "ldaps://dc.example", 1, "dc.example:636", NULL },
		{ "smtps://mail.example", 1, "mail.example:465", NULL },
		{ "imaps://mail.example", 1, "mail.example:993", NULL },
		{ "pop3s://mail.example", 1, "mail.example:995", NULL },
		{ "ldaps://dc.example:3269", 1, "dc.example:3269", NULL },
		/* not one of these schemes: left to the caller */
		{ "tls://example.com", 0, NULL, NULL },
		{ "http://example.com", 0, NULL, NULL },
		{ "example.com", 0, NULL, NULL },
		{ "chain.pem", 0, NULL, NULL },
		{ "https:/example.com", 0, NULL, NULL },
		/* malformed */
		{ "https://", -1, NULL, NULL },
		{ "https:///path", -1, NULL, NULL },
		{ "https://user@example.com/", -1, NULL, NULL },
		{ "https://::1/", -1, NULL, NULL },
		{ "https://2001:db8::1:443/", -1, NULL, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *location = NULL, *ignored = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_tls_url_parse(cases[i].in, strlen(cases[i].in), &location, &ignored, &err);
		if (r != cases[i].ret)
			fail_msg("cc_tls_url_parse(\"%s\") returned %d (%s)", cases[i].in, r, err.msg);
		if (r == 1) {
			if (strcmp(location, cases[i].location) != 0)
				fail_msg("\"%s\": location \"%s\", want \"%s\"", cases[i].in, location,
					 cases[i].location);
			if (!ignored != !cases[i].ignored ||
			    (ignored && strcmp(ignored, cases[i].ignored) != 0))
				fail_msg("\"%s\": ignored \"%s\", want \"%s\"", cases[i].in,
					 ignored ? ignored : "(null)",
					 cases[i].ignored ? cases[i].ignored : "(null)");
		} else if (r < 0) {
			if (err.status != CC_USAGE || strstr(err.msg, cases[i].in) != err.msg)
				fail_msg("\"%s\": error \"%s\" (status %d) does not name the URL",
					 cases[i].in, err.msg, err.status);
		} else if (location || ignored) {
			fail_msg("\"%s\": outputs set for a URL that is not one of these", cases[i].in);
		}
		free(location);
		free(ignored);
	}
}

static void test_scheme_len(void **state)
{
	static const struct {
		const char *in;
		size_t len;
	} cases[] = {
		{ "https://x", 5 }, { "tls://x", 3 }, { "git+ssh://x", 7 }, { "x://", 1 },
		{ "chain.pem", 0 }, { "://x", 0 }, { "1a://x", 0 }, { "a:/x", 0 }, { "", 0 },
		{ "dir/a://x", 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cc_url_scheme_len(cases[i].in, strlen(cases[i].in)) != cases[i].len)
			fail_msg("cc_url_scheme_len(\"%s\") is not %zu", cases[i].in, cases[i].len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_parse),
		cmocka_unit_test(test_scheme_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
