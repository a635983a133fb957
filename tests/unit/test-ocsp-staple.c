/* Unit tests for ocsp-staple.c: what is not an OCSP response is said so,
 * never decoded half; cc_ocsp_staple_judge on each field of a decoded one.
 * Real responses (good, revoked, signed by another CA, no issuer) are made
 * by openssl ocsp and stapled by s_server in t0395 and t0455, and answered
 * by a responder in t0450. */
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

/* cc_ocsp_staple_judge on decoded responses, field by field, at AT. */
static void test_judge(void **state)
{
	enum { AT = 1800000000, DAY = 86400 };
	static const struct {
		const char *what;
		struct cc_ocsp_staple s;
		const char *want;        /* NULL: good; else part of the reason */
	} cases[] = {
		{ "good and current", { "good", NULL, AT - 60, AT - 60, AT + DAY, -1, NULL, NULL, true, true, "v" },
		  NULL },
		{ "no nextUpdate", { "good", NULL, AT - 60, AT - 60, -1, -1, NULL, NULL, true, true, "v" }, NULL },
		{ "thisUpdate 4 min ahead (skew)",
		  { "good", NULL, AT + 240, AT + 240, AT + DAY, -1, NULL, NULL, true, true, "v" }, NULL },
		{ "thisUpdate 6 min ahead", { "good", NULL, AT + 360, AT + 360, AT + DAY, -1, NULL, NULL, true, true, "v" },
		  "not yet valid at 2027-01-15T08:00:00Z (this update 2027-01-15T08:06:00Z)" },
		{ "nextUpdate passed", { "good", NULL, AT - DAY, AT - DAY, AT - 3600, -1, NULL, NULL, true, true, "v" },
		  "out of date at 2027-01-15T08:00:00Z (next update 2027-01-15T07:00:00Z)" },
		{ "nextUpdate 4 min ago (skew)",
		  { "good", NULL, AT - DAY, AT - DAY, AT - 240, -1, NULL, NULL, true, true, "v" }, NULL },
		{ "revoked", { "revoked", NULL, AT, AT, AT + DAY, AT - DAY, "keyCompromise", NULL, true, true, "v" },
		  "revoked: serial 0abc, revoked at 2027-01-14T08:00:00Z, reason keyCompromise" },
		{ "revoked and out of date: the revocation first",
		  { "revoked", NULL, AT - 9 * DAY, AT - 9 * DAY, AT - 8 * DAY, AT - 10 * DAY, "superseded", NULL, true,
		    true, "v" },
		  "revoked: serial 0abc" },
		{ "unknown", { "unknown", NULL, AT, AT, AT + DAY, -1, NULL, NULL, true, true, "v" },
		  "does not know the certificate (status unknown, serial 0abc)" },
		{ "not verified", { "good", NULL, AT, AT, AT + DAY, -1, NULL, NULL, true, false, "not verified: x" },
		  "the response is not verified: x" },
		{ "revoked but not verified: not believed",
		  { "revoked", NULL, AT, AT, AT + DAY, AT, "keyCompromise", NULL, true, false, "not verified: x" },
		  "the response is not verified: x" },
		{ "about another certificate", { "good", NULL, AT, AT, AT + DAY, -1, NULL, NULL, false, true, "v" },
		  "not about the leaf (serial 0abc)" },
		{ "undecodable", { NULL, "the OCSP response does not decode: x", 0, 0, -1, -1, NULL, NULL, false,
				   false, NULL },
		  "does not decode" },
	};
	struct cc_cert leaf = { .serial = (char *)"0abc" };
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *why = cc_ocsp_staple_judge(&cases[i].s, &leaf, AT);
		if (!cases[i].want != !why || (why && !strstr(why, cases[i].want)))
			fail_msg("%s: '%s', want '%s'", cases[i].what, why ? why : "(good)",
				 cases[i].want ? cases[i].want : "(good)");
		free(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_response),
		cmocka_unit_test(test_judge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
