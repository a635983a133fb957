/* Unit tests for read-envoy.c (and the detection in load.c): every file
 * of tests/data/istio/ read with its expected entries, roles and
 * certificate counts; istioctl shapes built in memory; malformed dumps,
 * each an error naming the file and the key path. */
#include <dirent.h>
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

#define SAMPLES CC_TESTDATA "/istio/"
#define ISTIO CC_FIXTURES "/istio/"

struct want_entry {
	const char *name;
	enum cc_role role;
	size_t certs;
	const char *note; /* a substring of its first note, or NULL for none */
};

struct sample {
	const char *file;          /* under SAMPLES */
	const char *format;        /* source format, NULL when an error is expected */
	const char *error;         /* substring of the error */
	struct want_entry entries[6];
};

#define ZT "spiffe://cluster.local/ns/istio-system/sa/"

/* Every file of the samples directory, dumps and the rest. */
static const struct sample samples[] = {
	{ "envoy-config_dump-secrets-only-istio-snake_case.json", "envoy-config-dump", NULL,
	  { { "default", CC_ROLE_CHAIN, 2, NULL },
	    { "ROOTCA", CC_ROLE_TRUST, 1, NULL },
	    { "configmap://some/thing", CC_ROLE_CHAIN, 0,
	      "configs[0].dynamic_warming_secrets[0]: a warming secret without certificates "
	      "(version uninitialized)" } } },
	{ "envoy-config_dump-full-sidecar-with-secrets.json", "envoy-config-dump", NULL,
	  { { "default", CC_ROLE_CHAIN, 2, NULL }, { "ROOTCA", CC_ROLE_TRUST, 1, NULL } } },
	{ "envoy-config_dump-secrets-only-spire-trust-bundles.json", "envoy-config-dump", NULL,
	  { { "default", CC_ROLE_CHAIN, 2, NULL },
	    { "ROOTCA", CC_ROLE_TRUST, 0,
	      "configs[0].dynamic_active_secrets[1].secret.validation_context.trusted_ca is empty" },
	    { "ROOTCA/east.local", CC_ROLE_TRUST, 1, NULL },
	    { "ROOTCA/west.local", CC_ROLE_TRUST, 1, NULL } } },
	{ "ztunnel-config_dump-certificates-only.json", "ztunnel-certificates", NULL,
	  { { ZT "istiod", CC_ROLE_CHAIN, 2, NULL },
	    { ZT "ztunnel", CC_ROLE_CHAIN, 0, "certificates[1]: no certificate (state: Initializing)" },
	    { ZT "another-sa", CC_ROLE_CHAIN, 0, "state: Unavailable: the identity is no longer needed" },
	    { ZT "istiod (2)", CC_ROLE_CHAIN, 0, "state: Unavailable: signing gRPC error" } } },
	{ "k8s-secrets-istio-gateway-credential-tls-valid.yaml", "kubernetes", NULL,
	  { { "istio-system/httpbin-credential/tls.crt", CC_ROLE_CHAIN, 1, NULL } } },
	{ "k8s-secrets-istio-gateway-credential-malformed.yaml", NULL,
	  "k8s-secrets-istio-gateway-credential-malformed.yaml: document 1: line 3: data.cert: the base64 "
	  "decodes to data that holds no certificate (not PEM, DER or PKCS#7)", { { NULL, 0, 0, NULL } } },
	/* istioctl's text tables and the notes hold no certificate. */
	{ "istioctl-pc-all-summary.txt", NULL, "no certificate found", { { NULL, 0, 0, NULL } } },
	{ "istioctl-pc-secret-summary-istio.txt", NULL, "no certificate found", { { NULL, 0, 0, NULL } } },
	{ "istioctl-pc-secret-summary-spire.txt", NULL, "no certificate found", { { NULL, 0, 0, NULL } } },
	{ "istioctl-ztunnel-config-certificates-summary.txt", NULL, "no certificate found",
	  { { NULL, 0, 0, NULL } } },
	{ "PROVENANCE.md", NULL, "no certificate found", { { NULL, 0, 0, NULL } } },
	/* Its PEM excerpts are shortened with "...". */
	{ "FORMATS.md", NULL, "base64 data is truncated or invalid", { { NULL, 0, 0, NULL } } },
#define PEM(f, n) { "istio-samples-certs/" f, "pem", NULL, { { "", CC_ROLE_CHAIN, n, NULL } } }
	PEM("ca-cert-alt-2.pem", 1), PEM("ca-cert-alt.pem", 1), PEM("ca-cert.pem", 1),
	PEM("cert-chain-alt-2.pem", 2), PEM("cert-chain-alt.pem", 2), PEM("cert-chain.pem", 1),
	PEM("leaf-workload-bar-cert.pem", 1), PEM("leaf-workload-foo-cert.pem", 1),
	PEM("root-cert-alt.pem", 1), PEM("root-cert-combined-2.pem", 3),
	PEM("root-cert-combined.pem", 2), PEM("root-cert.pem", 1), PEM("workload-bar-cert.pem", 2),
	PEM("workload-bar-root-certs.pem", 2), PEM("workload-foo-cert.pem", 2),
	PEM("workload-foo-root-certs.pem", 2),
#undef PEM
#define KEY(f) { "istio-samples-certs/" f, NULL, "no certificate found (only non-certificate blocks", \
		 { { NULL, 0, 0, NULL } } }
	KEY("ca-key-alt-2.pem"), KEY("ca-key-alt.pem"), KEY("ca-key.pem"), KEY("workload-bar-key.pem"),
	KEY("workload-foo-key.pem"),
#undef KEY
};

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

static void check_entries(const char *what, const struct cc_source *src, const struct want_entry *want)
{
	size_t n = 0;
	while (n < 6 && want[n].name)
		n++;
	if (src->n_entries != n)
		fail_msg("%s: %zu entries, want %zu", what, src->n_entries, n);
	for (size_t i = 0; i < n; i++) {
		const struct cc_entry *e = &src->entries[i];
		if (*want[i].name && strcmp(e->name, want[i].name) != 0)
			fail_msg("%s: entry %zu is '%s', want '%s'", what, i, e->name, want[i].name);
		if (e->role != want[i].role || e->n_certs != want[i].certs)
			fail_msg("%s: entry %s: %s with %zu certificates, want %s with %zu", what, e->name,
				 cc_role_name(e->role), e->n_certs, cc_role_name(want[i].role), want[i].certs);
		if (want[i].note && (!e->notes.n || !strstr(e->notes.v[0], want[i].note)))
			fail_msg("%s: entry %s: note '%s', want '%s'", what, e->name,
				 e->notes.n ? e->notes.v[0] : "(none)", want[i].note);
		if (!want[i].note && e->notes.n)
			fail_msg("%s: entry %s: unexpected note '%s'", what, e->name, e->notes.v[0]);
	}
}

static void test_every_sample(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const struct sample *s = &samples[i];
		char *path = cc_xasprintf("%s%s", SAMPLES, s->file);
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_source_load(path, NULL, &src, &err);
		if (s->format) {
			if (r < 0)
				fail_msg("%s: %s", s->file, err.msg);
			assert_string_equal(cc_source_format_name(src->format), s->format);
			check_entries(s->file, src, s->entries);
		} else {
			if (r == 0)
				fail_msg("%s: read, want error '%s'", s->file, s->error);
			assert_int_equal(err.status, CC_USAGE);
			if (!strstr(err.msg, s->error))
				fail_msg("%s: error '%s', want '%s'", s->file, err.msg, s->error);
		}
		cc_source_free(src);
		free(path);
	}
}

/* The table covers the whole directory: a new sample must be added. */
static void test_table_covers_directory(void **state)
{
	(void)state;
	const char *dirs[] = { "", "istio-samples-certs/" };
	size_t seen = 0;
	for (size_t d = 0; d < 2; d++) {
		char *path = cc_xasprintf("%s%s", SAMPLES, dirs[d]);
		DIR *dir = opendir(path);
		assert_non_null(dir);
		struct dirent *de;
		while ((de = readdir(dir))) {
			if (de->d_name[0] == '.' || strcmp(de->d_name, "istio-samples-certs") == 0)
				continue;
			char *rel = cc_xasprintf("%s%s", dirs[d], de->d_name);
			bool found = false;
			for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]) && !found; i++)
				found = strcmp(samples[i].file, rel) == 0;
			if (!found)
				fail_msg("sample %s is not in the table", rel);
			seen++;
			free(rel);
		}
		closedir(dir);
		free(path);
	}
	assert_int_equal(seen, sizeof(samples) / sizeof(samples[0]));
}

static char *slurp(const char *path)
{
	char *data;
	size_t len;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(path, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

static char *b64(const char *s)
{
	gnutls_datum_t in = { (unsigned char *)s, (unsigned)strlen(s) }, out;
	assert_true(gnutls_base64_encode2(&in, &out) >= 0);
	/* gnutls wraps at 64 columns: one line, as protojson writes it. */
	struct cc_buf b = CC_BUF_INIT;
	for (unsigned i = 0; i < out.size; i++)
		if (out.data[i] != '\n')
			cc_buf_add(&b, &out.data[i], 1);
	gnutls_free(out.data);
	return cc_buf_detach(&b, NULL);
}

/* Read DATA as the file NAME. */
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

#define SECRET_TYPE "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"

/* Secrets named "default": a chain and a trust, inline bytes left to %s. */
#define DEFAULT_CHAIN                                                                   \
	"{\"name\": \"default\", \"secret\": {\"tlsCertificate\": {\"certificateChain\": " \
	"{\"inlineBytes\": \"%s\"}}}}"
#define DEFAULT_TRUST                                                                   \
	"{\"name\": \"default\", \"secret\": {\"validationContext\": {\"trustedCa\": " \
	"{\"inlineBytes\": \"%s\"}}}}"

static void test_istioctl_shapes(void **state)
{
	(void)state;
	char *chain = slurp(ISTIO "cluster1/plugin-default-chain.pem");
	char *root = slurp(ISTIO "root-cert.pem");
	char *chain64 = b64(chain), *root64 = b64(root);
	/* URL-safe alphabet, no padding: what protojson also accepts. */
	char *root64url = cc_xstrdup(root64);
	for (char *p = root64url; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p == '=' ? '\0' : *p;
	char *escaped = cc_xstrdup(""); /* root as a JSON string with \n escapes */
	{
		struct cc_buf b = CC_BUF_INIT;
		for (const char *p = root; *p; p++)
			*p == '\n' ? cc_buf_adds(&b, "\\n") : cc_buf_add(&b, p, 1);
		free(escaped);
		escaped = cc_buf_detach(&b, NULL);
	}
	struct {
		const char *what;
		char *doc;
		const char *format;
		struct want_entry entries[6];
	} cases[] = {
		{ "pc secret -o json",
		  cc_xasprintf("{\n    \"dynamicActiveSecrets\": [\n        {\n            \"name\": \"default\",\n"
			       "            \"versionInfo\": \"2026-01-01T00:00:00Z/1\",\n"
			       "            \"secret\": {\"@type\": \"" SECRET_TYPE "\", \"name\": \"default\",\n"
			       "                \"tlsCertificate\": {\"certificateChain\": {\"inlineBytes\": \"%s\"},\n"
			       "                    \"privateKey\": {\"inlineBytes\": \"W3JlZGFjdGVkXQ==\"}}}\n"
			       "        },\n        {\"name\": \"ROOTCA\", \"secret\": {\"@type\": \"" SECRET_TYPE
			       "\", \"name\": \"ROOTCA\", \"validationContext\": {\"trustedCa\": {\"inlineBytes\": "
			       "\"%s\"}}}}\n    ]\n}\n",
			       chain64, root64),
		  "istioctl-secret",
		  { { "default", CC_ROLE_CHAIN, 4, NULL }, { "ROOTCA", CC_ROLE_TRUST, 1, NULL } } },
		{ "names taken: NAME (2), NAME (3) per role",
		  cc_xasprintf("{\"dynamicActiveSecrets\": [\n"
			       DEFAULT_CHAIN ",\n" DEFAULT_CHAIN ",\n" DEFAULT_TRUST ",\n" DEFAULT_CHAIN
			       "\n]}\n",
			       chain64, chain64, root64, chain64),
		  "istioctl-secret",
		  { { "default", CC_ROLE_CHAIN, 4, NULL },
		    { "default (2)", CC_ROLE_CHAIN, 4, NULL },
		    { "default", CC_ROLE_TRUST, 1, NULL },
		    { "default (3)", CC_ROLE_CHAIN, 4, NULL } } },
		{ "pc secret -o yaml",
		  cc_xasprintf("dynamicActiveSecrets:\n"
			       "- lastUpdated: \"2026-01-01T00:00:00.123Z\"\n  name: default\n  secret:\n"
			       "    '@type': " SECRET_TYPE "\n    name: default\n    tlsCertificate:\n"
			       "      certificateChain:\n        inlineBytes: %s\n      privateKey:\n"
			       "        inlineBytes: W3JlZGFjdGVkXQ==\n  versionInfo: 2026-01-01T00:00:00Z/1\n"
			       "- name: ROOTCA\n  secret:\n    '@type': " SECRET_TYPE "\n    name: ROOTCA\n"
			       "    validationContext:\n      trustedCa:\n        inlineBytes: %s\n"
			       "dynamicWarmingSecrets:\n- name: kubernetes://missing\n  secret:\n"
			       "    '@type': " SECRET_TYPE "\n    name: kubernetes://missing\n"
			       "  versionInfo: uninitialized\n",
			       chain64, root64url),
		  "istioctl-secret",
		  { { "default", CC_ROLE_CHAIN, 4, NULL },
		    { "ROOTCA", CC_ROLE_TRUST, 1, NULL },
		    { "kubernetes://missing", CC_ROLE_CHAIN, 0,
		      "dynamicWarmingSecrets[0]: a warming secret without certificates (version "
		      "uninitialized)" } } },
		{ "static secrets, inline_string, filename, several roots with a repeat",
		  cc_xasprintf("{\"configs\": [{\"@type\": \"type.googleapis.com/envoy.admin.v3.SecretsConfigDump\","
			       " \"static_secrets\": [{\"name\": \"server_cert\", \"secret\": {\"@type\": \""
			       SECRET_TYPE "\", \"tls_certificate\": {\"certificate_chain\": {\"filename\": "
			       "\"/etc/certs/cert-chain.pem\"}, \"private_key\": {\"filename\": \"[redacted]\"}}}},"
			       " {\"name\": \"validation\", \"secret\": {\"validation_context\": {\"trusted_ca\":"
			       " {\"inline_string\": \"%s%s%s\"}}}}]}]}",
			       escaped, escaped, escaped),
		  "envoy-config-dump",
		  { { "server_cert", CC_ROLE_CHAIN, 0,
		      "configs[0].static_secrets[0].secret.tls_certificate.certificate_chain.filename: the "
		      "certificates are in the file /etc/certs/cert-chain.pem on the proxy, not in the dump" },
		    { "validation", CC_ROLE_TRUST, 3, NULL } } },
		{ "ztunnel as istioctl prints it (a bare list, rootCerts)",
		  cc_xasprintf("[\n    {\n        \"identity\": \"spiffe://cluster.local/ns/foo/sa/httpbin\",\n"
			       "        \"state\": \"Available\",\n        \"certChain\": [{\"pem\": \"%s\"}],\n"
			       "        \"rootCerts\": [{\"pem\": \"%s\"}, {\"pem\": \"%s\"}]\n    }\n]\n",
			       escaped, escaped, escaped),
		  "ztunnel-certificates",
		  { { "spiffe://cluster.local/ns/foo/sa/httpbin", CC_ROLE_CHAIN, 1, NULL },
		    { "spiffe://cluster.local/ns/foo/sa/httpbin/roots", CC_ROLE_TRUST, 2, NULL } } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (read_mem("dump", cases[i].doc, &src, &err) < 0)
			fail_msg("%s: %s", cases[i].what, err.msg);
		assert_string_equal(cc_source_format_name(src->format), cases[i].format);
		check_entries(cases[i].what, src, cases[i].entries);
		cc_source_free(src);
		free(cases[i].doc);
	}
	free(chain);
	free(root);
	free(chain64);
	free(root64);
	free(root64url);
	free(escaped);
}

static void test_malformed(void **state)
{
	(void)state;
	char *root = slurp(ISTIO "root-cert.pem");
	char *root64 = b64(root);
	char *hush64 = b64("hush hush hush\n");
	/* One more level of nesting than CC_MAX_NESTING. */
	struct cc_buf deep = CC_BUF_INIT;
	for (int i = 0; i <= CC_MAX_NESTING; i++)
		cc_buf_adds(&deep, "{\"dynamicActiveSecrets\": [");
	for (int i = 0; i <= CC_MAX_NESTING; i++)
		cc_buf_adds(&deep, "]}");
	const char *head = "{\"dynamicActiveSecrets\": [{\"name\": \"default\", \"secret\": {}}, "
			   "{\"name\": \"ROOTCA\", \"secret\": {\"validationContext\": {\"trustedCa\": ";
	struct {
		char *doc;
		const char *want;
	} cases[] = {
		{ cc_xasprintf("%s{\"inlineBytes\": \"not*base64!\"}}}}]}", head),
		  "dump.json: dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: "
		  "not base64" },
		{ cc_xasprintf("%s{\"inlineBytes\": \"%s\"}}}}]}", head, hush64),
		  "dump.json: dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: the "
		  "base64 decodes to data that holds no certificate (not PEM, DER or PKCS#7)" },
		{ cc_xasprintf("%s{\"inlineBytes\": 42}}}}]}", head),
		  "dump.json: dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: not a "
		  "string (an integer)" },
		{ cc_xasprintf("%s\"%s\"}}}]}", head, root64),
		  "dump.json: dynamicActiveSecrets[1].secret.validationContext.trustedCa: not an object (a "
		  "string)" },
		{ cc_xasprintf("%s{\"inlineBytes\": \"%s\"", head, root64),
		  "dump.json: line 1, column " },
		{ cc_xstrdup("{\"dynamicActiveSecrets\": {\"name\": \"default\"}}"),
		  "dump.json: dynamicActiveSecrets: not a list (an object)" },
		{ cc_xstrdup("{\"dynamic_active_secrets\": [{\"name\": 7}]}"),
		  "dump.json: dynamic_active_secrets[0].name: not a string (an integer)" },
		{ cc_xstrdup("{\"configs\": [{\"@type\": \"type.googleapis.com/envoy.admin.v3.ClustersConfigDump\"}]}"),
		  "dump.json: configs: no SecretsConfigDump" },
		{ cc_xstrdup("{\"hello\": \"world\"}"),
		  "dump.json: no certificate found: an object without \"kind\", not a dump certcheck "
		  "knows" },
		{ cc_xstrdup("dynamicActiveSecrets:\n- name: ROOTCA\n  secret:\n    validationContext:\n"
			     "      trustedCa:\n        inlineBytes: not*base64\n"),
		  "dump.json: line 6: dynamicActiveSecrets[0].secret.validationContext.trustedCa.inlineBytes: "
		  "not base64" },
		{ cc_xstrdup("[{\"identity\": \"x\", \"certChain\": [{\"pem\": \"hush\"}]}]"),
		  "dump.json: [0].certChain[0].pem: the text holds no certificate" },
		{ cc_xstrdup("{\"dynamicActiveSecrets\": [{\"name\": \"default\", \"secret\": {\"tlsCertificate\":"
			     " {\"certificateChain\": {\"inlineString\": \"-----BEGIN CERTIFICATE-----\\nAAAA\\n"
			     "-----END CERTIFICATE-----\\n\"}}}}]}"),
		  "dump.json: dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineString: "
		  "line 1: " },
		{ cc_buf_detach(&deep, NULL), "dump.json: nested deeper than 100 levels (the limit)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (read_mem("dump.json", cases[i].doc, &src, &err) == 0)
			fail_msg("case %zu: read, want '%s'", i, cases[i].want);
		assert_int_equal(err.status, CC_USAGE);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("case %zu: error '%s', want '%s'", i, err.msg, cases[i].want);
		free(cases[i].doc);
	}
	free(root);
	free(root64);
	free(hush64);
}

static void test_select(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		size_t entries;
		const char *error;
	} cases[] = {
		{ "#ROOTCA", 3, NULL },            /* ROOTCA and its SPIFFE bundles */
		{ "#ROOTCA/west.local", 1, NULL },
		{ "#default", 1, NULL },
		{ "#ROOT", 0, "no entry named 'ROOT' (it has: default, ROOTCA, ROOTCA/east.local, ROOTCA/west.local)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *spec = cc_xasprintf(SAMPLES "envoy-config_dump-secrets-only-spire-trust-bundles.json%s",
					  cases[i].spec);
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_source_load(spec, NULL, &src, &err);
		if (cases[i].error) {
			assert_int_equal(r, -1);
			if (!strstr(err.msg, cases[i].error))
				fail_msg("%s: '%s'", cases[i].spec, err.msg);
		} else {
			if (r < 0)
				fail_msg("%s: %s", cases[i].spec, err.msg);
			assert_int_equal(src->n_entries, cases[i].entries);
		}
		cc_source_free(src);
		free(spec);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_sample),
		cmocka_unit_test(test_table_covers_directory),
		cmocka_unit_test(test_istioctl_shapes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_select),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
