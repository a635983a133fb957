/* Unit tests for read-any.c: certificates anywhere in JSON or YAML that no
 * specific reader knows (a Vault pki/issue response, Helm values, a JSON
 * string with \n escapes, caBundle and *-data base64), entries named by
 * key path with their roles, keys never looked into, values that hold no
 * certificate noted, bad PEM an error naming the key path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <jansson.h>

#include "read.h"
#include "load.h"
#include "read-tests.h"

#define ISTIO CC_FIXTURES "/istio/"

static char *root, *inter, *leaf, *key;

static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	root = slurp(ISTIO "root-cert.pem");
	inter = slurp(ISTIO "cluster1/ca-cert.pem");
	leaf = slurp(ISTIO "cluster1/workload-cert.pem");
	key = slurp(ISTIO "cluster1/workload-key.pem");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(root);
	free(inter);
	free(leaf);
	free(key);
	gnutls_global_deinit();
	return 0;
}

static void test_documents(void **state)
{
	(void)state;
	/* Vault's pki/issue response, as `vault write -format=json` prints it. */
	json_t *vault = json_pack("{s:s, s:{s:s, s:s, s:[s,s], s:s, s:s, s:s}}", "request_id", "r1",
				  "data", "certificate", leaf, "issuing_ca", inter, "ca_chain", inter,
				  root, "private_key", key, "private_key_type", "rsa", "serial_number",
				  "1a:2b");
	char *vault_json = json_dumps(vault, JSON_INDENT(2));
	json_decref(vault);
	char *leaf_block = block(leaf, "      "), *key_block = block(key, "      ");
	char *root_block = block(root, "    ");
	char *root64 = b64(root, NULL), *leaf64 = b64(leaf, NULL), *key64 = b64(key, NULL), *hush = b64("hush hush\n", NULL);
	json_t *escaped = json_pack("{s:{s:s}}", "tls", "bundle", inter);
	char *escaped_json = json_dumps(escaped, 0);
	json_decref(escaped);
	json_t *top = json_pack("[s,s]", inter, root);
	char *top_json = json_dumps(top, 0);
	json_decref(top);
	struct {
		const char *what;
		char *doc;
		struct want_entry entries[4];
		const char *note;
	} cases[] = {
		{ "Vault pki/issue (JSON)", cc_xstrdup(vault_json),
		  { { "data.certificate", CC_ROLE_CHAIN, 1 },
		    { "data.issuing_ca", CC_ROLE_TRUST, 1 },
		    { "data.ca_chain", CC_ROLE_TRUST, 2 } },
		  NULL },
		{ "Helm values with PEM in | blocks (YAML, no dump key)",
		  cc_xasprintf("ingress:\n  tls:\n    enabled: true\n    cert: |\n%s    key: |\n%s"
			       "  rootCA: |\n%s",
			       leaf_block, key_block, root_block),
		  { { "ingress.tls.cert", CC_ROLE_CHAIN, 1 }, { "ingress.rootCA", CC_ROLE_TRUST, 1 } },
		  NULL },
		{ "a JSON string with PEM and \\n escapes", cc_xstrdup(escaped_json),
		  { { "tls.bundle", CC_ROLE_CHAIN, 1 } }, NULL },
		{ "base64 under *-data, *.crt, caBundle; keys and other names left alone",
		  cc_xasprintf("{\"config\": {\"server-cert-data\": \"%s\", \"my.crt\": \"%s\", "
			       "\"caBundle\": \"\", \"client-key-data\": \"%s\", \"privateStuff\": \"%s\", "
			       "\"blob\": \"%s\", \"user-data\": \"%s\"}}",
			       leaf64, root64, key64, leaf64, root64, hush),
		  { { "config.server-cert-data", CC_ROLE_CHAIN, 1 },
		    { "config[\"my.crt\"]", CC_ROLE_CHAIN, 1 } },
		  "x: config.caBundle is empty; skipped" },
		{ "a list of PEM strings at the top", cc_xstrdup(top_json),
		  { { "(top)", CC_ROLE_CHAIN, 2 } }, NULL },
		{ "a key's PEM under a neutral name: noted by type, not read",
		  cc_xasprintf("bundle: |\n%s\nroot: |\n%s", key_block, root_block),
		  { { "root", CC_ROLE_CHAIN, 1 } },
		  "x: line 1: bundle: line 1: skipped a PRIVATE KEY block (not a certificate)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		assert_int_equal(cc_source_parse("x", &src, &err), 0);
		if (cc_source_read_data(src, cases[i].doc, strlen(cases[i].doc), &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		assert_string_equal(cc_source_format_name(src->format), "json-yaml");
		expect_entries(cases[i].what, src, cases[i].entries, 4);
		if (cases[i].note)
			expect_note(cases[i].what, src, cases[i].note);
		/* Nothing of a key reaches a note. */
		for (size_t m = 0; m < src->notes.n; m++)
			if (strstr(src->notes.v[m], "MII") || strstr(src->notes.v[m], "LS0t"))
				fail_msg("%s: note leaks base64: %s", cases[i].what, src->notes.v[m]);
		cc_source_free(src);
		free(cases[i].doc);
	}
	free(vault_json);
	free(escaped_json);
	free(top_json);
	free(leaf_block);
	free(key_block);
	free(root_block);
	free(root64);
	free(leaf64);
	free(key64);
	free(hush);
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *what, *doc, *want;
	} cases[] = {
		{ "bad PEM in a string",
		  "{\"a\": {\"b\": [\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"]}}",
		  "x: a.b[0]: line 1: not a valid X.509 certificate" },
		{ "PEM without END", "{\"cert\": \"-----BEGIN CERTIFICATE-----\\nMIIB\"}",
		  "x: cert: line 1: -----BEGIN CERTIFICATE----- has no END line" },
		{ "no certificate anywhere", "{\"caBundle\": \"aGVsbG8=\", \"kind\": \"Thing\"}",
		  "x: no certificate found: a Thing, not a dump certcheck knows" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		assert_int_equal(cc_source_parse("x", &src, &err), 0);
		if (cc_source_read_data(src, cases[i].doc, strlen(cases[i].doc), &err) == 0)
			fail_msg("%s: read", cases[i].what);
		if (strncmp(err.msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("%s: error '%s'", cases[i].what, err.msg);
		assert_int_equal(err.status, CC_USAGE);
		cc_source_free(src);
	}
}

static void test_key_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool is_key;
	} cases[] = {
		{ "tls.key", true },        { "client-key-data", true }, { "private_key", true },
		{ "privateKey", true },     { "ca-key.pem", true },      { "KEY", true },
		{ "keystore.p12", true },   { "privateStuff", true },    { "caBundle", false },
		{ "certificate", false },   { "tls.crt", false },        { "issuing_ca", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cc_any_key_is_private(cases[i].name) != cases[i].is_key)
			fail_msg("%s: is_key %d", cases[i].name, !cases[i].is_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_key_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
