/* Unit tests for roots.c: the root a source leads to (presented, through
 * its trust entry, trust only, none) and the grouping by certificate and
 * by key with the relation between groups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>

#include "read.h"
#include "roots.h"
#include "load-fixtures.h"
#include "entry.h"


static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gnutls_global_deinit();
	return 0;
}

/* The SHA-256 of the first certificate of FILE. */
static char *sha_of(const char *file)
{
	struct cc_source *src = mem_source("pem");
	add_entry(src, "x", CC_ROLE_CHAIN, file);
	char *s = cc_xstrdup(src->entries[0].certs[0]->sha256);
	cc_source_free(src);
	return s;
}

static void test_find(void **state)
{
	(void)state;
	static const struct {
		const char *what, *format;
		const char *e1, *f1; enum cc_role r1;
		const char *e2, *f2; enum cc_role r2;
		enum cc_root_how want;
		const char *root_file;   /* whose first certificate is the root */
		const char *entry;       /* where it was found */
		const char *text;        /* substring of the reason or note */
	} cases[] = {
		{ "presented root, but the dump's ROOTCA is another root: no root", "istioctl-secret",
		  "default", "istio/cluster1/plugin-default-chain.pem", CC_ROLE_CHAIN,
		  "ROOTCA", "istio-rogue/root-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_NONE, NULL, NULL, "the chain does not validate to ROOTCA: " },
		{ "presented root (leaf, int, root, root)", "pem",
		  "mem", "istio/cluster1/plugin-default-chain.pem", CC_ROLE_CHAIN, NULL, NULL, CC_ROLE_TRUST,
		  CC_ROOT_PRESENTED, "istio/root-cert.pem", "mem", NULL },
		{ "stale intermediate under a regenerated root (same subject)", "pem",
		  "mem", "istio/cluster1/workload-cert.pem;istio/cluster1/ca-cert.pem;istio-rogue/root-cert.pem",
		  CC_ROLE_CHAIN, NULL, NULL, CC_ROLE_TRUST,
		  CC_ROOT_NONE, NULL, NULL, "the chain does not validate to the root it presents: " },
		{ "root through ROOTCA", "istioctl-secret",
		  "default", "istio/cluster2/workload-cert.pem;istio/cluster2/ca-cert.pem", CC_ROLE_CHAIN,
		  "ROOTCA", "istio-rogue/root-cert.pem;istio/root-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_TRUST_ENTRY, "istio/root-cert.pem", "ROOTCA", NULL },
		{ "cacerts: ca-cert.pem through root-cert.pem", "kubernetes",
		  "istio-system/cacerts/ca-cert.pem", "istio/cluster1/ca-cert.pem", CC_ROLE_CHAIN,
		  "istio-system/cacerts/root-cert.pem", "istio/root-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_TRUST_ENTRY, "istio/root-cert.pem", "istio-system/cacerts/root-cert.pem", NULL },
		{ "ca.crt holds the issuing CA and the root: climbed", "kubernetes",
		  "foo/tls/tls.crt", "istio/cluster1/workload-cert.pem", CC_ROLE_CHAIN,
		  "foo/tls/ca.crt", "istio/root-cert.pem;istio/cluster1/ca-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_TRUST_ENTRY, "istio/root-cert.pem", "foo/tls/ca.crt",
		  "which validates to O=Istio,CN=Root CA; that root is compared" },
		{ "ca.crt holds only the issuing CA", "kubernetes",
		  "foo/tls/tls.crt", "istio/cluster1/workload-cert.pem", CC_ROLE_CHAIN,
		  "foo/tls/ca.crt", "istio/cluster1/ca-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_TRUST_ENTRY, "istio/cluster1/ca-cert.pem", "foo/tls/ca.crt",
		  "the chain ends at the trusted intermediate O=Istio,CN=Intermediate CA,L=cluster1 (no root "
		  "it validates to in the source or --root); that CA is compared" },
		{ "trust only (ConfigMap), two roots", "kubernetes",
		  "foo/istio-ca-root-cert/root-cert.pem", "istio/root-cert.pem;istio-rogue/root-cert.pem;istio/root-cert.pem",
		  CC_ROLE_TRUST, NULL, NULL, CC_ROLE_TRUST,
		  CC_ROOT_TRUST_ONLY, "istio/root-cert.pem", "foo/istio-ca-root-cert/root-cert.pem",
		  "foo/istio-ca-root-cert/root-cert.pem holds 2 roots; compared as a set" },
		{ "the trust holds the name with another key", "istioctl-secret",
		  "default", "istio-rogue/cluster3/workload-cert.pem;istio-rogue/cluster3/ca-cert.pem",
		  CC_ROLE_CHAIN, "ROOTCA", "istio/root-cert.pem", CC_ROLE_TRUST,
		  CC_ROOT_NONE, NULL, NULL, "the chain does not validate to ROOTCA: " },
		{ "no root and no trust", "pem",
		  "mem", "istio/cluster1/workload-cert.pem", CC_ROLE_CHAIN, NULL, NULL, CC_ROLE_TRUST,
		  CC_ROOT_NONE, NULL, NULL,
		  "no root presented, no trust entry and no --root: the chain ends at "
		  "'URI:spiffe://cluster.local/ns/foo/sa/httpbin', issued by 'O=Istio,CN=Intermediate CA,L=cluster1'" },
	};
	struct cc_root_options o = { .profile = CC_PROFILE_CLIENTS };
	assert_int_equal(cc_time_parse("2026-01-01T06:00:00Z", &o.at), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = mem_source(cases[i].format);
		add_entry(src, cases[i].e1, cases[i].r1, cases[i].f1);
		if (cases[i].e2)
			add_entry(src, cases[i].e2, cases[i].r2, cases[i].f2);
		struct cc_root r = CC_ROOT_INIT;
		cc_root_find(src, &o, &r);
		if (r.how != cases[i].want)
			fail_msg("%s: %s, want %s (%s)", cases[i].what, cc_root_how_name(r.how),
				 cc_root_how_name(cases[i].want), r.reason ? r.reason : "");
		if (cases[i].root_file) {
			char *sha = sha_of(cases[i].root_file);
			assert_non_null(r.cert);
			assert_string_equal(r.cert->sha256, sha);
			assert_string_equal(r.entry->name, cases[i].entry);
			free(sha);
		} else {
			assert_null(r.cert);
		}
		const char *text = r.how == CC_ROOT_NONE ? r.reason : r.note;
		if (cases[i].text && (!text || !strstr(text, cases[i].text)))
			fail_msg("%s: '%s', want '%s'", cases[i].what, text ? text : "(none)", cases[i].text);
		if (!cases[i].text)
			assert_null(text);
		cc_root_release(&r);
		cc_source_free(src);
	}

	/* --root for a source that sends no root and holds no trust. */
	struct cc_source *root = mem_source("pem"), *src = mem_source("pem");
	add_entry(root, "root", CC_ROLE_CHAIN, "istio/root-cert.pem");
	add_entry(src, "mem", CC_ROLE_CHAIN, "istio/cluster1/workload-cert.pem;istio/cluster1/ca-cert.pem");
	o.anchors = root->entries[0].certs;
	o.n_anchors = 1;
	o.anchors_name = "--root root-cert.pem";
	struct cc_root r = CC_ROOT_INIT;
	cc_root_find(src, &o, &r);
	assert_int_equal(r.how, CC_ROOT_GIVEN);
	assert_string_equal(r.cert->sha256, root->entries[0].certs[0]->sha256);
	assert_string_equal(cc_root_how_name(r.how), "root_option");
	cc_root_release(&r);
	cc_source_free(src);
	cc_source_free(root);
}

static void test_group(void **state)
{
	(void)state;
	/* Certificates to group: the mesh root twice, the rogue root, and a
	 * leaf re-issued with the same key (grouping does not look at
	 * whether a certificate is a root). */
	struct cc_source *src = mem_source("pem");
	add_entry(src, "a", CC_ROLE_CHAIN,
	    "istio/root-cert.pem;istio/cluster1/root-cert.pem;istio-rogue/root-cert.pem;"
	    "istio/cluster1/workload-cert.pem;istio/cluster1/workload-reissued-cert.pem;"
	    "gateway/ca.crt");
	struct cc_cert **c = src->entries[0].certs;
	static const struct {
		const char *what;
		int certs[4]; /* indexes into C, -1 for a source without a root */
		size_t n;
		bool shared;
		size_t groups, key_groups, rootless;
		bool same_subject, reissued;
		const char *relation; /* of groups A and B */
	} cases[] = {
		{ "one root", { 0, 1 }, 2, true, 1, 1, 0, false, false, NULL },
		{ "a regenerated root", { 0, 1, 2 }, 3, false, 2, 2, 0, true, false, "same subject, different key" },
		{ "a re-issued certificate", { 3, 4 }, 2, false, 2, 1, 0, false, true, "same key, re-issued" },
		{ "unrelated roots", { 0, 5 }, 2, false, 2, 2, 0, false, false, "different" },
		{ "a source without a root", { 0, -1, 1 }, 3, false, 1, 1, 1, false, false, NULL },
		{ "a single source", { 2 }, 1, true, 1, 1, 0, false, false, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_root roots[4];
		for (size_t k = 0; k < cases[i].n; k++) {
			roots[k] = (struct cc_root)CC_ROOT_INIT;
			if (cases[i].certs[k] >= 0) {
				roots[k].how = CC_ROOT_PRESENTED;
				roots[k].cert = c[cases[i].certs[k]];
				roots[k].set = (const struct cc_cert **)&c[cases[i].certs[k]];
				roots[k].n_set = 1;
			}
		}
		struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
		cc_roots_group(roots, cases[i].n, &g);
		if (g.shared != cases[i].shared || g.n_cert_groups != cases[i].groups ||
		    g.n_key_groups != cases[i].key_groups || g.n_rootless != cases[i].rootless ||
		    g.same_subject_different_key != cases[i].same_subject ||
		    g.same_key_reissued != cases[i].reissued)
			fail_msg("%s: shared %d groups %zu keys %zu rootless %zu ssdk %d reissued %d",
				 cases[i].what, g.shared, g.n_cert_groups, g.n_key_groups, g.n_rootless,
				 g.same_subject_different_key, g.same_key_reissued);
		if (cases[i].relation)
			assert_string_equal(cc_roots_relation(roots, &g, 0, 1), cases[i].relation);
		assert_string_equal(cc_roots_relation(roots, &g, 0, 0), "identical");
		for (size_t k = 0; k < cases[i].n; k++)
			if (cases[i].certs[k] < 0)
				assert_int_equal(g.cert_group[k], CC_ROOT_NO_GROUP);
		cc_root_groups_release(&g);
	}
	cc_source_free(src);
}

/* Trust bundles are compared as sets: the order of a bundle never decides. */
static void test_group_sets(void **state)
{
	(void)state;
	struct cc_source *src = mem_source("pem");
	add_entry(src, "a", CC_ROLE_CHAIN, "istio/root-cert.pem;istio-rogue/root-cert.pem;gateway/ca.crt");
	struct cc_cert **c = src->entries[0].certs;
	const struct cc_cert *ab[] = { c[0], c[1] }, *ba[] = { c[1], c[0] }, *a[] = { c[0] },
			     *gw[] = { c[2] };
	static const struct {
		int x, y;   /* 0: ab, 1: ba, 2: a, 3: gw */
		bool shared;
		const char *relation;
	} cases[] = {
		{ 0, 1, true, "identical" },
		{ 0, 2, false, "overlapping" },
		{ 2, 3, false, "different" },
	};
	const struct cc_cert **sets[] = { ab, ba, a, gw };
	size_t sizes[] = { 2, 2, 1, 1 };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_root roots[2] = { CC_ROOT_INIT, CC_ROOT_INIT };
		int idx[2] = { cases[i].x, cases[i].y };
		for (int k = 0; k < 2; k++) {
			roots[k].how = CC_ROOT_TRUST_ONLY;
			roots[k].set = sets[idx[k]];
			roots[k].n_set = sizes[idx[k]];
			roots[k].cert = roots[k].set[0];
		}
		struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
		cc_roots_group(roots, 2, &g);
		assert_int_equal(g.shared, cases[i].shared);
		if (!cases[i].shared)
			assert_string_equal(cc_roots_relation(roots, &g, 0, 1), cases[i].relation);
		cc_root_groups_release(&g);
	}
	cc_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_group_sets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
