/* Unit tests for read-k8s.c: Istio cacerts, istio-ca-secret, the
 * istio-ca-root-cert ConfigMap, cert-manager and Gloo relay secrets, Lists
 * and multi-document YAML in JSON and YAML; malformed objects, each an
 * error with its key path.  (The Kubernetes samples of
 * tests/data/istio are read in test-read-envoy.c's table of every
 * sample file.) */
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
#include "source.h"

#define ISTIO CC_FIXTURES "/istio/"

static char *root, *inter, *chain, *key, *leaf;
static char *root64, *inter64, *chain64, *key64, *leafchain64, *root64wrapped;

static char *slurp(const char *path)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(path, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

/* Base64 on one line (kubectl), or wrapped at 64 columns and indented
 * (a hand-written literal block). */
static char *b64(const char *s, const char *wrap_indent)
{
	gnutls_datum_t in = { (unsigned char *)s, (unsigned)strlen(s) }, out;
	assert_true(gnutls_base64_encode2(&in, &out) >= 0);
	struct cc_buf b = CC_BUF_INIT;
	if (wrap_indent)
		cc_buf_adds(&b, wrap_indent);
	for (unsigned i = 0; i < out.size; i++) {
		if (out.data[i] != '\n')
			cc_buf_add(&b, &out.data[i], 1);
		else if (wrap_indent && i + 1 < out.size)
			cc_buf_addf(&b, "\n%s", wrap_indent);
	}
	gnutls_free(out.data);
	return cc_buf_detach(&b, NULL);
}

/* PEM as a YAML literal block's lines, indented by IND. */
static char *block(const char *pem, const char *ind)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, ind);
	for (const char *p = pem; *p; p++) {
		cc_buf_add(&b, p, 1);
		if (*p == '\n' && p[1])
			cc_buf_adds(&b, ind);
	}
	return cc_buf_detach(&b, NULL);
}

static int setup(void **state)
{
	(void)state;
	gnutls_global_init();
	root = slurp(ISTIO "root-cert.pem");
	inter = slurp(ISTIO "cluster1/ca-cert.pem");
	chain = slurp(ISTIO "cluster1/cert-chain.pem");
	key = slurp(ISTIO "cluster1/ca-key.pem");
	leaf = slurp(ISTIO "cluster1/workload-cert.pem");
	root64 = b64(root, NULL);
	inter64 = b64(inter, NULL);
	chain64 = b64(chain, NULL);
	key64 = b64(key, NULL);
	char *lc = cc_xasprintf("%s%s", leaf, inter);
	leafchain64 = b64(lc, NULL);
	free(lc);
	root64wrapped = b64(root, "    ");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *all[] = { root, inter, chain, key, leaf, root64, inter64, chain64, key64, leafchain64,
			root64wrapped };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		free(all[i]);
	gnutls_global_deinit();
	return 0;
}

static int read_mem(const char *name, const char *data, struct cc_source **out, struct cc_error *err)
{
	if (cc_source_parse(name, out, err) < 0)
		return -1;
	int r = cc_source_read_data(*out, data, strlen(data), err);
	if (r < 0) {
		cc_source_free(*out);
		*out = NULL;
	}
	return r;
}

struct want_entry {
	const char *name;
	enum cc_role role;
	size_t certs;
};

static char *cacerts_yaml(void)
{
	return cc_xasprintf("apiVersion: v1\ndata:\n  ca-cert.pem: %s\n  ca-key.pem: %s\n"
			    "  cert-chain.pem: %s\n  root-cert.pem: %s\nkind: Secret\nmetadata:\n"
			    "  name: cacerts\n  namespace: istio-system\ntype: Opaque\n",
			    inter64, key64, chain64, root64);
}

static char *configmap_yaml(void)
{
	char *b = block(root, "    ");
	char *s = cc_xasprintf("apiVersion: v1\ndata:\n  root-cert.pem: |\n%skind: ConfigMap\nmetadata:\n"
			       "  labels:\n    istio.io/config: \"true\"\n  name: istio-ca-root-cert\n"
			       "  namespace: foo\n",
			       b);
	free(b);
	return s;
}

static void test_objects(void **state)
{
	(void)state;
	char *cacerts = cacerts_yaml(), *cm = configmap_yaml(), *rootblock = block(root, "    ");
	struct {
		const char *what;
		char *doc;
		struct want_entry entries[8];
		const char *note; /* a source note, or NULL for none */
	} cases[] = {
		{ "cacerts (YAML)", cc_xstrdup(cacerts),
		  { { "istio-system/cacerts/ca-cert.pem", CC_ROLE_CHAIN, 1 },
		    { "istio-system/cacerts/cert-chain.pem", CC_ROLE_CHAIN, 2 },
		    { "istio-system/cacerts/root-cert.pem", CC_ROLE_TRUST, 1 } },
		  NULL },
		{ "istio-ca-secret (JSON, empty values)",
		  cc_xasprintf("{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"ca-cert.pem\": \"%s\",\n"
			       "        \"ca-key.pem\": \"%s\",\n        \"cert-chain.pem\": \"\",\n"
			       "        \"key.pem\": \"\",\n        \"root-cert.pem\": \"%s\"\n    },\n"
			       "    \"kind\": \"Secret\",\n    \"metadata\": {\"name\": \"istio-ca-secret\", "
			       "\"namespace\": \"istio-system\"},\n    \"type\": \"istio.io/ca-root\"\n}\n",
			       root64, key64, root64),
		  { { "istio-system/istio-ca-secret/ca-cert.pem", CC_ROLE_CHAIN, 1 },
		    { "istio-system/istio-ca-secret/root-cert.pem", CC_ROLE_TRUST, 1 } },
		  "data[\"cert-chain.pem\"] is empty" },
		{ "istio-ca-root-cert ConfigMap", cc_xstrdup(cm),
		  { { "foo/istio-ca-root-cert/root-cert.pem", CC_ROLE_TRUST, 1 } }, NULL },
		{ "cert-manager (stringData, wrapped base64)",
		  cc_xasprintf("apiVersion: v1\ndata:\n  ca.crt: |\n%s\n  tls.crt: %s\n  tls.key: %s\n"
			       "kind: Secret\nmetadata:\n  annotations:\n    cert-manager.io/alt-names: \"\"\n"
			       "  name: httpbin-tls\n  namespace: foo\ntype: kubernetes.io/tls\n"
			       "stringData:\n  extra.pem: |\n%s",
			       root64wrapped, leafchain64, key64, rootblock),
		  { { "foo/httpbin-tls/ca.crt", CC_ROLE_TRUST, 1 },
		    { "foo/httpbin-tls/tls.crt", CC_ROLE_CHAIN, 2 },
		    { "foo/httpbin-tls/extra.pem", CC_ROLE_CHAIN, 1 } },
		  NULL },
		{ "Gloo relay secrets (List in YAML; a Pod and a token skipped)",
		  cc_xasprintf("apiVersion: v1\nitems:\n"
			       "- apiVersion: v1\n  data:\n    ca.crt: %s\n  kind: Secret\n  metadata:\n"
			       "    name: relay-root-tls-secret\n    namespace: gloo-mesh\n  type: Opaque\n"
			       "- apiVersion: v1\n  data:\n    ca.crt: %s\n    tls.crt: %s\n    tls.key: %s\n"
			       "  kind: Secret\n  metadata:\n    name: relay-server-tls-secret\n"
			       "    namespace: gloo-mesh\n  type: Opaque\n"
			       "- apiVersion: v1\n  data:\n    token: c2VjcmV0IHRva2Vu\n  kind: Secret\n"
			       "  metadata:\n    name: relay-identity-token-secret\n    namespace: gloo-mesh\n"
			       "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n"
			       "kind: List\nmetadata:\n  resourceVersion: \"\"\n",
			       root64, root64, leafchain64, key64),
		  { { "gloo-mesh/relay-root-tls-secret/ca.crt", CC_ROLE_TRUST, 1 },
		    { "gloo-mesh/relay-server-tls-secret/ca.crt", CC_ROLE_TRUST, 1 },
		    { "gloo-mesh/relay-server-tls-secret/tls.crt", CC_ROLE_CHAIN, 2 } },
		  "items[2].data.token holds no certificate; skipped" },
		{ "multi-document stream", cc_xasprintf("---\n%s---\n%s", cacerts, cm),
		  { { "istio-system/cacerts/ca-cert.pem", CC_ROLE_CHAIN, 1 },
		    { "istio-system/cacerts/cert-chain.pem", CC_ROLE_CHAIN, 2 },
		    { "istio-system/cacerts/root-cert.pem", CC_ROLE_TRUST, 1 },
		    { "foo/istio-ca-root-cert/root-cert.pem", CC_ROLE_TRUST, 1 } },
		  NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (read_mem("k8s", cases[i].doc, &src, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		assert_string_equal(src->format, "kubernetes");
		size_t n = 0;
		while (cases[i].entries[n].name)
			n++;
		if (src->n_entries != n)
			fail_msg("%s: %zu entries, want %zu", cases[i].what, src->n_entries, n);
		for (size_t k = 0; k < n; k++) {
			const struct cc_entry *e = &src->entries[k];
			const struct want_entry *w = &cases[i].entries[k];
			if (strcmp(e->name, w->name) != 0 || e->role != w->role || e->n_certs != w->certs)
				fail_msg("%s: entry %zu: %s %s %zu, want %s %s %zu", cases[i].what, k, e->name,
					 cc_role_name(e->role), e->n_certs, w->name, cc_role_name(w->role),
					 w->certs);
		}
		if (cases[i].note) {
			bool found = false;
			for (size_t k = 0; k < src->notes.n; k++)
				found |= strstr(src->notes.v[k], cases[i].note) != NULL;
			if (!found)
				fail_msg("%s: no note '%s'", cases[i].what, cases[i].note);
		}
		cc_source_free(src);
		free(cases[i].doc);
	}
	free(cacerts);
	free(cm);
	free(rootblock);
}

static void test_malformed(void **state)
{
	(void)state;
	char *hush = b64("hush hush hush\n", NULL);
	char *cm = configmap_yaml();
	/* One more certificate in one entry than CC_MAX_CERTS_PER_ENTRY, and
	 * one more level of nesting than CC_MAX_NESTING. */
	struct cc_buf many = CC_BUF_INIT, deep = CC_BUF_INIT;
	for (int i = 0; i <= CC_MAX_CERTS_PER_ENTRY; i++)
		cc_buf_adds(&many, root);
	char *many_pem = cc_buf_detach(&many, NULL);
	char *many64 = b64(many_pem, NULL);
	char *many_block = block(many_pem, "    ");
	cc_buf_adds(&deep, "apiVersion: v1\nkind: Secret\ndata:\n");
	for (int i = 0; i < CC_MAX_NESTING; i++)
		cc_buf_addf(&deep, "%*sk:\n", 2 * (i + 1), "");
	struct {
		char *doc;
		const char *want;
	} cases[] = {
		{ cc_xasprintf("apiVersion: v1\ndata:\n  tls.crt: '%%%%notbase64'\nkind: Secret\n"
			       "metadata:\n  name: s\n  namespace: n\n"),
		  "s.yaml: line 3: data[\"tls.crt\"]: not base64" },
		{ cc_xasprintf("apiVersion: v1\ndata:\n  ca.crt: %s\nkind: Secret\nmetadata:\n  name: s\n", hush),
		  "s.yaml: line 3: data[\"ca.crt\"]: the base64 decodes to data that holds no certificate" },
		{ cc_xasprintf("apiVersion: v1\ndata:\n  tls.crt: 42\nkind: Secret\nmetadata:\n  name: s\n"),
		  "s.yaml: line 3: data[\"tls.crt\"]: not a string (an integer)" },
		{ cc_xasprintf("apiVersion: v1\ndata:\n- a\nkind: Secret\nmetadata:\n  name: s\n"),
		  "s.yaml: line 3: data: not an object (a list)" },
		{ cc_xasprintf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\ntype: Opaque\n"),
		  "s.yaml: line 1: data: missing: a Secret without data (n/s)" },
		{ cc_xasprintf("apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"),
		  "s.yaml: line 2: items: an empty List" },
		{ cc_xasprintf("{\"apiVersion\": \"v1\", \"items\": [{\"kind\": \"Secret\", \"data\": "
			       "{\"tls.crt\": \"%s\"}}], \"kind\": \"List\"}", hush),
		  "s.yaml: items[0].data[\"tls.crt\"]: the base64 decodes to data that holds no certificate" },
		{ cc_xasprintf("apiVersion: v1\ndata:\n\tca.crt: %s\nkind: Secret\n", root64),
		  "s.yaml: line 3: a tab in the indentation (YAML indents with spaces only)" },
		{ cc_xasprintf("{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"ca.crt\": \"%s", root64),
		  "s.yaml: line 4, column " },
		{ cc_xasprintf("%s---\nkind: Secret\ndata:\n  cert: %s\n", cm, hush),
		  "s.yaml: document 2: line 43: data.cert: the base64 decodes to data that holds no certificate" },
		{ cc_xasprintf("%s---\nfoo: bar\n", cm), "s.yaml: document 2: not a dump certcheck reads" },
		{ cc_xasprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  root-cert.pem: "
			       "hush\n"),
		  "s.yaml: line 6: data[\"root-cert.pem\"]: the text holds no certificate" },
		{ cc_xasprintf("apiVersion: v1\ndata:\n  ca.crt: %s\nkind: Secret\nmetadata:\n  name: s\n",
			       many64),
		  "s.yaml: line 3: data[\"ca.crt\"]: line 30001: more than 1000 certificates in one entry (the limit)" },
		{ cc_xasprintf("apiVersion: v1\nkind: ConfigMap\ndata:\n  root-cert.pem: |\n%s",
			       many_block),
		  "s.yaml: line 4: data[\"root-cert.pem\"]: line 30001: more than 1000 certificates in one entry (the limit)" },
		{ cc_buf_detach(&deep, NULL), "s.yaml: line 103: nested deeper than 100 levels (the limit)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (read_mem("s.yaml", cases[i].doc, &src, &err) == 0)
			fail_msg("case %zu: read, want '%s'", i, cases[i].want);
		assert_int_equal(err.status, CC_USAGE);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("case %zu: error '%s', want '%s'", i, err.msg, cases[i].want);
		free(cases[i].doc);
	}
	free(hush);
	free(cm);
	free(many_pem);
	free(many64);
	free(many_block);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
