/* Unit tests for chain.c: findings for chains in every shape users meet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "chain.h"
#include "read.h"

#include "load-fixtures.h"

#define SAMPLES CC_TESTDATA "/istio/istio-samples-certs/"

/* Load the files of a space-separated LIST (paths relative to SAMPLES, or
 * to FIX when they start with '@') into one entry. */
static void load_list(const char *list, struct cc_entry *e)
{
	char *copy = cc_xstrdup(list), *save = NULL;
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *path = tok[0] == '@' ? cc_xasprintf(FIX "%s", tok + 1)
					   : cc_xasprintf(SAMPLES "%s", tok);
		read_into(path, e);
		free(path);
	}
	free(copy);
}

static void free_entry(struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++)
		cc_cert_free(e->certs[i]);
	free(e->certs);
	cc_strv_release(&e->notes);
}

/* "code@cert code@cert ..." of the findings, in order. */
static char *summary(const struct cc_findings *f)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < f->n; i++)
		cc_buf_addf(&b, "%s%s@%zu", i ? " " : "", f->v[i].code, f->v[i].cert);
	return cc_buf_detach(&b, NULL);
}

static void test_findings(void **state)
{
	static const struct {
		const char *what;
		const char *files;
		const char *at;
		const char *want;
		const char *message;   /* a substring of some finding, or NULL */
	} cases[] = {
		{ "intermediate then root", "ca-cert-alt.pem root-cert-alt.pem", "2026-01-01T00:00:00Z",
		  "in_order@0 root_present@2", "certificate 2 is a self-signed root (O=Istio,CN=Root CA)" },
		{ "leaf, intermediate, root (samples/certs)",
		  "leaf-workload-foo-cert.pem ca-cert.pem root-cert.pem", "2026-01-01T00:00:00Z",
		  "in_order@0 root_present@3", NULL },
		{ "Istio plug-in CA chain repeats the root",
		  "ca-cert-alt.pem root-cert-alt.pem root-cert-alt.pem", "2026-01-01T00:00:00Z",
		  "duplicate@3 in_order@0 root_present@2", "certificate 3 is a repeat of certificate 2" },
		{ "root not sent", "leaf-workload-foo-cert.pem ca-cert.pem", "2026-01-01T00:00:00Z",
		  "in_order@0 issuer_missing@2",
		  "is issued by C=US,ST=California,L=Sunnyvale,O=Istio,OU=Test,CN=Root CA" },
		{ "reversed", "root-cert-alt.pem ca-cert-alt.pem", "2026-01-01T00:00:00Z",
		  "out_of_order@1", "not by certificate 2" },
		{ "leaf and root, intermediate last",
		  "leaf-workload-foo-cert.pem root-cert.pem ca-cert.pem", "2026-01-01T00:00:00Z",
		  "out_of_order@1 out_of_order@2", "is not issued by certificate 2 but by certificate 3" },
		{ "intermediate under another root", "ca-cert-alt-2.pem root-cert.pem", "2026-01-01T00:00:00Z",
		  "out_of_order@1 root_present@2", "is issued by O=Istio,CN=Root CA, not by certificate 2" },
		{ "same-subject root with another key (regenerated root)",
		  "@istio/cluster1/ca-cert.pem @istio-rogue/root-cert.pem", "2026-01-01T06:00:00Z",
		  "issuer_key_mismatch@1 root_present@2", "that subject but another key" },
		{ "a bundle of roots", "root-cert-combined-2.pem", "2026-01-01T00:00:00Z",
		  "duplicate@3 root_bundle@0", "a bundle of 2 self-signed roots" },
		{ "two leaves and their CAs: a bundle, not a chain (order not judged)",
		  "leaf-workload-foo-cert.pem ca-cert.pem leaf-workload-bar-cert.pem root-cert.pem",
		  "2026-01-01T00:00:00Z", "bundle@0",
		  "a bundle of 4 certificates, not one chain: 2 of them are end-entity certificates" },
		{ "two leaves, one of them a repeat: one leaf, still a chain",
		  "leaf-workload-foo-cert.pem ca-cert.pem leaf-workload-foo-cert.pem", "2026-01-01T00:00:00Z",
		  "duplicate@3 in_order@0 issuer_missing@2", NULL },
		{ "expired intermediate", "ca-cert-alt.pem root-cert-alt.pem", "2034-01-01T00:00:00Z",
		  "in_order@0 root_present@2 expired@1 expired@2",
		  "certificate 1 (O=Istio,CN=Intermediate CA,L=cluster1) expired 23d 7h ago, at 2033-12-08T16:25:25Z" },
		{ "not yet valid", "ca-cert-alt.pem", "2020-01-01T00:00:00Z",
		  "issuer_missing@1 not_yet_valid@1", "is not valid before 2023-12-11T16:25:25Z" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_entry e = { 0 };
		struct cc_findings f = CC_FINDINGS_INIT;
		time_t at;
		load_list(cases[i].files, &e);
		assert_int_equal(cc_time_parse(cases[i].at, &at), 0);
		cc_chain_analyze(e.certs, e.n_certs, at, &f);
		char *got = summary(&f);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: findings '%s', want '%s'", cases[i].what, got, cases[i].want);
		if (cases[i].message) {
			bool found = false;
			for (size_t k = 0; k < f.n; k++)
				found |= strstr(f.v[k].message, cases[i].message) != NULL;
			if (!found)
				fail_msg("%s: no finding says '%s'", cases[i].what, cases[i].message);
		}
		free(got);
		cc_findings_release(&f);
		free_entry(&e);
	}
}

static void test_trust_and_worst(void **state)
{
	(void)state;
	struct cc_entry e = { 0 };
	struct cc_findings f = CC_FINDINGS_INIT;
	load_list("root-cert-combined-2.pem", &e);
	cc_trust_analyze(e.certs, e.n_certs, 0x70000000, &f);
	char *got = summary(&f);
	assert_string_equal(got, "duplicate@3");
	assert_int_equal(cc_findings_worst(&f), CC_SEV_WARNING);
	free(got);
	cc_findings_release(&f);
	free_entry(&e);

	struct cc_findings none = CC_FINDINGS_INIT;
	assert_int_equal(cc_findings_worst(&none), CC_SEV_OK);
}

static void test_labels(void **state)
{
	(void)state;
	struct cc_entry e = { 0 };
	load_list("leaf-workload-foo-cert.pem ca-cert-alt.pem", &e);
	char *a = cc_cert_label(e.certs[0]), *b = cc_cert_label(e.certs[1]);
	assert_string_equal(a, "URI:spiffe://trust-domain-foo/ns/foo/sa/foo");
	assert_string_equal(b, "O=Istio,CN=Intermediate CA,L=cluster1");
	free(a);
	free(b);
	free_entry(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_trust_and_worst),
		cmocka_unit_test(test_labels),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
