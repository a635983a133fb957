/* Unit tests for ocsp-staple.c: what is not an OCSP response is said so,
 * never decoded half.  Real responses (good, revoked, signed by another
 * CA, no issuer) are made by openssl ocsp and stapled by s_server in
 * tests/cli/t0395-connect-ocsp-staple.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ocsp-staple.h"

static void test_not_a_response(void **state)
{
	static const struct {
		const char *what;
		const unsigned char *der;
		size_t len;
		const char *error;
	} cases[] = {
		{ "one byte", (const unsigned char *)"\x30", 1, "does not decode" },
		{ "text", (const unsigned char *)"HTTP/1.1 200 OK\r\n", 17, "does not decode" },
		/* OCSPResponse { responseStatus tryLater (3) } */
		{ "tryLater", (const unsigned char *)"\x30\x03\x0a\x01\x03", 5, "not successful" },
		/* OCSPResponse { responseStatus unauthorized (6) } */
		{ "unauthorized", (const unsigned char *)"\x30\x03\x0a\x01\x06", 5, "not successful" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_ocsp_staple *s = cc_ocsp_staple_read(cases[i].der, cases[i].len, NULL, NULL);
		if (s->status || !s->error || !strstr(s->error, cases[i].error) || s->verified)
			fail_msg("%s: status %s, error \"%s\"", cases[i].what, s->status ? s->status : "(null)",
				 s->error ? s->error : "(null)");
		if (s->next_update != (time_t)-1 || s->revoked_at != (time_t)-1)
			fail_msg("%s: times set for a response that did not decode", cases[i].what);
		cc_ocsp_staple_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
