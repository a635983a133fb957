/* Unit tests for starttls.c: protocol names and their ports.  The
 * exchanges are tested against real servers in
 * tests/cli/t0390-connect-starttls.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "starttls.h"

static void test_protocols(void **state)
{
	static const struct {
		const char *name;
		enum cc_starttls proto;
		const char *port;
	} cases[] = {
		{ "smtp", CC_STARTTLS_SMTP, "25" },       { "imap", CC_STARTTLS_IMAP, "143" },
		{ "pop3", CC_STARTTLS_POP3, "110" },      { "ftp", CC_STARTTLS_FTP, "21" },
		{ "ldap", CC_STARTTLS_LDAP, "389" },      { "xmpp", CC_STARTTLS_XMPP, "5222" },
		{ "postgres", CC_STARTTLS_POSTGRES, "5432" }, { "mysql", CC_STARTTLS_MYSQL, "3306" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cc_starttls_parse(cases[i].name) != cases[i].proto)
			fail_msg("cc_starttls_parse(\"%s\")", cases[i].name);
		assert_string_equal(cc_starttls_name(cases[i].proto), cases[i].name);
		assert_string_equal(cc_starttls_port(cases[i].proto), cases[i].port);
		if (!strstr(cc_starttls_names(), cases[i].name))
			fail_msg("cc_starttls_names() lacks %s", cases[i].name);
	}
	static const char *const unknown[] = { "", "none", "SMTP", "smtps", "http", "postgresql", "lmtp" };
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		if (cc_starttls_parse(unknown[i]) != CC_STARTTLS_NONE)
			fail_msg("cc_starttls_parse(\"%s\") is not CC_STARTTLS_NONE", unknown[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_protocols),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
