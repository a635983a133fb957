/* Unit tests for sni-probe.c: the name a target is probed with.  The three
 * attempts and their verdict are tested against haproxy and s_server in
 * tests/cli/t0320-connect-sni-haproxy.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sni-probe.h"

static void test_probe_name(void **state)
{
	static const struct {
		const char *spec, *sni;
		int ret;
		const char *name;  /* or the start of the error after "SPEC: " */
	} cases[] = {
		{ "tls://gw.example:443", NULL, 0, "gw.example" },
		{ "tls://gw.example", "route.example", 0, "route.example" },
		{ "https://gw.example:8443/x", NULL, 0, "gw.example" },
		{ "tls://127.0.0.1:443", "route.example", 0, "route.example" },
		{ "tls://[::1]:443", "route.example", 0, "route.example" },
		{ "tls://127.0.0.1:443", NULL, -1, "--sni-probe: 127.0.0.1 is an address" },
		{ "tls://[::1]:443", NULL, -1, "--sni-probe: ::1 is an address" },
		{ "tls://gw.example:99999", NULL, -1, "" },
		{ "chain.pem", NULL, -1, "not HOST[:PORT] or a URL" },
		{ "tls://gw.example#x", NULL, -1, "not HOST[:PORT] or a URL" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_tls_options opts = CC_TLS_OPTIONS_INIT;
		struct cc_error err = CC_ERROR_INIT;
		char *name = NULL;
		opts.sni = cases[i].sni;
		int r = cc_sni_probe_name(cases[i].spec, &opts, &name, &err);
		if (r != cases[i].ret)
			fail_msg("\"%s\": returned %d (%s)", cases[i].spec, r, err.msg);
		if (r == 0 && strcmp(name, cases[i].name) != 0)
			fail_msg("\"%s\": name \"%s\", want \"%s\"", cases[i].spec, name, cases[i].name);
		if (r < 0) {
			size_t n = strlen(cases[i].spec);
			if (err.status != CC_USAGE || strncmp(err.msg, cases[i].spec, n) != 0 ||
			    strncmp(err.msg + n + 2, cases[i].name, strlen(cases[i].name)) != 0)
				fail_msg("\"%s\": error \"%s\" (status %d)", cases[i].spec, err.msg, err.status);
		}
		free(name);
	}
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(cc_probe_kind_name(CC_PROBE_NAME), "name");
	assert_string_equal(cc_probe_kind_name(CC_PROBE_NONE), "none");
	assert_string_equal(cc_probe_kind_name(CC_PROBE_BOGUS), "bogus");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_name),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
