/* Unit tests for diff.c: the four verdicts and the fields that differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "diff.h"
#include "load-fixtures.h"

/* "field,field,..." of the fields that differ in pair P. */
static char *differing(const struct cc_diff_pair *p)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < p->n_fields; i++)
		if (p->fields[i].differs)
			cc_buf_addf(&b, "%s%s", b.len ? "," : "", p->fields[i].name);
	return cc_buf_detach(&b, NULL);
}

static void test_pairs(void **state)
{
	static const struct {
		const char *a, *b;
		enum cc_verdict verdict;
		const char *fields;
	} cases[] = {
		{ "istio/root-cert.pem", "istio/cluster1/root-cert.pem", CC_VERDICT_IDENTICAL, "" },
		{ "istio/cluster1/workload-cert.pem", "istio/cluster1/workload-reissued-cert.pem",
		  CC_VERDICT_REISSUED, "serial,not before,not after,SHA-256 fingerprint" },
		{ "istio/root-cert.pem", "istio-rogue/root-cert.pem", CC_VERDICT_OTHER_KEY,
		  "serial,SPKI SHA-256,SKI,SHA-256 fingerprint" },
		{ "istio/cluster1/ca-cert.pem", "istio/cluster2/ca-cert.pem", CC_VERDICT_DIFFERENT,
		  "subject,serial,SPKI SHA-256,SKI,SHA-256 fingerprint" },
		{ "gateway/server-docs.crt", "gateway/server.crt", CC_VERDICT_OTHER_KEY,
		  "serial,SPKI SHA-256,SKI,key usage,SHA-256 fingerprint" },
		{ "istio/cluster1/workload-cert.pem", "istio/cluster1/ca-cert.pem", CC_VERDICT_DIFFERENT,
		  "subject,issuer,serial,not after,public key,SPKI SHA-256,SKI,AKI,SANs,basic constraints,"
		  "key usage,extended key usage,SHA-256 fingerprint" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *a = load_source(cases[i].a), *b = load_source(cases[i].b);
		const struct cc_entry *ea = cc_source_main_entry(a), *eb = cc_source_main_entry(b);
		struct cc_diff d;
		cc_diff_chains(ea->certs, ea->n_certs, eb->certs, eb->n_certs, &d);
		assert_int_equal(d.n_pairs, 1);
		char *f = differing(&d.pairs[0]);
		if (d.pairs[0].verdict != cases[i].verdict || d.worst != cases[i].verdict ||
		    strcmp(f, cases[i].fields) != 0)
			fail_msg("%s vs %s: verdict %s, fields '%s' (want %s, '%s')", cases[i].a,
				 cases[i].b, cc_verdict_name(d.pairs[0].verdict), f,
				 cc_verdict_name(cases[i].verdict), cases[i].fields);
		assert_int_equal(cc_diff_verdict(ea->certs[0], eb->certs[0]), cases[i].verdict);
		free(f);
		cc_diff_release(&d);
		cc_source_free(a);
		cc_source_free(b);
	}
}

static void test_chains_and_text(void **state)
{
	static const struct {
		const char *a, *b;
		const char *verdicts;   /* one letter per position: I R K D */
		enum cc_verdict worst;
		const char *text;       /* a substring of the text form */
	} cases[] = {
		{ "istio/cluster1/workload-chain.pem", "istio/cluster1/workload-reissued-chain.pem", "RII",
		  CC_VERDICT_REISSUED, "certificate 1: same key, re-issued\n  serial:\n    A: " },
		{ "istio/cluster1/workload-chain.pem", "istio/cluster1/plugin-default-chain.pem", "IIID",
		  CC_VERDICT_DIFFERENT, "certificate 4: different\n  only in B: O=Istio,CN=Root CA\n" },
		{ "istio/cluster1/workload-chain.pem", "istio-rogue/cluster3/workload-chain.pem", "KDK",
		  CC_VERDICT_DIFFERENT, "certificate 3: same subject, different key\n" },
		{ "istio/cluster1/workload-chain.pem", "istio/cluster1/workload-chain.pem", "III",
		  CC_VERDICT_IDENTICAL, "certificate 2: identical\ncertificate 3: identical\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *a = load_source(cases[i].a), *b = load_source(cases[i].b);
		const struct cc_entry *ea = cc_source_main_entry(a), *eb = cc_source_main_entry(b);
		struct cc_diff d;
		cc_diff_chains(ea->certs, ea->n_certs, eb->certs, eb->n_certs, &d);
		char got[16] = "";
		for (size_t k = 0; k < d.n_pairs && k < sizeof(got) - 1; k++)
			got[k] = "IRKD"[d.pairs[k].verdict];
		struct cc_buf t = CC_BUF_INIT;
		cc_diff_text(&d, "A:", "B:", "", &t);
		if (strcmp(got, cases[i].verdicts) != 0 || d.worst != cases[i].worst ||
		    !strstr(t.data, cases[i].text))
			fail_msg("%s vs %s: verdicts %s, text:\n%s", cases[i].a, cases[i].b, got, t.data);
		cc_buf_release(&t);
		cc_diff_release(&d);
		cc_source_free(a);
		cc_source_free(b);
	}
	assert_string_equal(cc_verdict_name(CC_VERDICT_REISSUED), "same key, re-issued");
	assert_string_equal(cc_verdict_code(CC_VERDICT_OTHER_KEY), "same_subject_other_key");
	assert_int_equal(cc_diff_verdict(NULL, NULL), CC_VERDICT_DIFFERENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_chains_and_text),
	};
	gnutls_global_init();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	gnutls_global_deinit();
	return r;
}
