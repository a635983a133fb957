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
#include "load.h"
#include "read-tests.h"

#define ISTIO CC_FIXTURES "/istio/"

static char *root, *inter, *chain, *key, *leaf;
static char *root64, *inter64, *chain64, *key64, *leafchain64, *root64wrapped;

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
		assert_string_equal(cc_source_format_name(src->format), "kubernetes");
		expect_entries(cases[i].what, src, cases[i].entries,
			       sizeof(cases[i].entries) / sizeof(cases[i].entries[0]));
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

/* kubeconfigs and helm-template streams mixing a Secret with objects
 * that hold no certificate (skipped with a note naming kind and name) or
 * hold one somewhere else (a webhook's caBundle, read by read-any.c). */
static void test_kubeconfig_and_streams(void **state)
{
	(void)state;
	char *secret = cacerts_yaml();
	struct {
		const char *what;
		char *doc;
		const char *format;
		struct want_entry entries[4];
		const char *notes[3];
	} cases[] = {
		{ "kubeconfig (kubectl config view --raw)",
		  cc_xasprintf("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: %s\n"
			       "    server: https://127.0.0.1:6443\n  name: kind-dev\n- cluster:\n"
			       "    certificate-authority: /home/me/.minikube/ca.crt\n"
			       "    server: https://192.168.49.2:8443\n  name: minikube\ncontexts:\n"
			       "- context:\n    cluster: kind-dev\n    user: admin\n  name: kind-dev\n"
			       "current-context: kind-dev\nkind: Config\npreferences: {}\nusers:\n"
			       "- name: admin\n  user:\n    client-certificate-data: %s\n"
			       "    client-key-data: %s\n- name: sa\n  user:\n    token: abc\n",
			       root64, leafchain64, key64),
		  "kubeconfig",
		  { { "cluster/kind-dev", CC_ROLE_TRUST, 1 }, { "user/admin", CC_ROLE_CHAIN, 2 } },
		  { "k8s: line 8: cluster/minikube: certificate-authority names the file "
		    "/home/me/.minikube/ca.crt, which certcheck does not follow (give that file as a "
		    "SOURCE)" } },
		{ "kubeconfig in JSON, client certificate in a file",
		  cc_xasprintf("{\"kind\": \"Config\", \"apiVersion\": \"v1\", \"clusters\": [], "
			       "\"users\": [{\"name\": \"u\", \"user\": {\"client-certificate\": "
			       "\"/tmp/u.crt\", \"client-key-data\": \"%s\"}}, {\"name\": \"v\", "
			       "\"user\": {\"client-certificate-data\": \"%s\"}}]}",
			       key64, leafchain64),
		  "kubeconfig", { { "user/v", CC_ROLE_CHAIN, 2 } },
		  { "k8s: user/u: client-certificate names the file /tmp/u.crt" } },
		{ "helm template: Secret, Deployment, cert-manager Certificate, webhook",
		  cc_xasprintf("---\n# Source: a/templates/secret.yaml\n%s---\n# Source: a/templates/deploy.yaml\n"
			       "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
			       "  namespace: web\nspec:\n  replicas: 1\n---\n"
			       "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n"
			       "spec:\n  secretName: web-tls\n  dnsNames: [web.example]\n---\n"
			       "apiVersion: admissionregistration.k8s.io/v1\n"
			       "kind: MutatingWebhookConfiguration\nmetadata:\n  name: injector\n"
			       "webhooks:\n- name: sidecar-injector.istio.io\n  clientConfig:\n"
			       "    caBundle: %s\n",
			       secret, root64),
		  "kubernetes",
		  { { "istio-system/cacerts/ca-cert.pem", CC_ROLE_CHAIN, 1 },
		    { "istio-system/cacerts/cert-chain.pem", CC_ROLE_CHAIN, 2 },
		    { "istio-system/cacerts/root-cert.pem", CC_ROLE_TRUST, 1 },
		    { "injector/webhooks[0].clientConfig.caBundle", CC_ROLE_TRUST, 1 } },
		  { "k8s: document 2: a Deployment (web/web) holds no certificate; skipped",
		    "k8s: document 3: a Certificate (web) holds no certificate; skipped" } },
		{ "List: the same rule for its items",
		  cc_xasprintf("apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n"
			       "  kind: Deployment\n  metadata:\n    name: web\n- apiVersion: "
			       "apiregistration.k8s.io/v1\n  kind: APIService\n  metadata:\n"
			       "    name: v1beta1.metrics.k8s.io\n  spec:\n    caBundle: %s\n",
			       root64),
		  "kubernetes",
		  { { "v1beta1.metrics.k8s.io/spec.caBundle", CC_ROLE_TRUST, 1 } },
		  { "k8s: line 4: items[0]: a Deployment (web) holds no certificate; skipped" } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (read_mem("k8s", cases[i].doc, &src, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		if (strcmp(cc_source_format_name(src->format), cases[i].format) != 0)
			fail_msg("%s: format %s", cases[i].what, cc_source_format_name(src->format));
		expect_entries(cases[i].what, src, cases[i].entries, 4);
		for (size_t k = 0; k < 3 && cases[i].notes[k]; k++)
			expect_note(cases[i].what, src, cases[i].notes[k]);
		cc_source_free(src);
		free(cases[i].doc);
	}
	free(secret);
}

static void test_malformed(void **state)
{
	(void)state;
	char *hush = b64("hush hush hush\n", NULL);
	char *cm = configmap_yaml();
	/* One more level of nesting than CC_MAX_NESTING. */
	struct cc_buf deep = CC_BUF_INIT;
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
		{ cc_xasprintf("%s---\nfoo:\n  bar: \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END "
			       "CERTIFICATE-----\\n\"\n", cm),
		  "s.yaml: document 2: line 42: foo.bar: line 1: not a valid X.509 certificate" },
		{ cc_xasprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  root-cert.pem: "
			       "hush\n"),
		  "s.yaml: line 6: data[\"root-cert.pem\"]: the text holds no certificate" },
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_kubeconfig_and_streams),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
