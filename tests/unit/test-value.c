/* Unit tests for value.c: JSON and YAML into one jansson tree, typing of
 * YAML scalars, multi-document streams, errors with lines, the depth
 * limit, key paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "value.h"

static void test_sniff(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum cc_value_syntax want;
	} cases[] = {
		{ "{\"a\": 1}", CC_VALUE_JSON },
		{ "\n  [1, 2]", CC_VALUE_JSON },
		{ "\xef\xbb\xbf{}", CC_VALUE_JSON },
		{ "apiVersion: v1\nkind: Secret\n", CC_VALUE_YAML },
		{ "# comment\n\ndynamicActiveSecrets:\n- name: x\n", CC_VALUE_YAML },
		{ "---\nkind: List\n", CC_VALUE_YAML },
		{ "'@type': x\n", CC_VALUE_YAML },
		{ "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", CC_VALUE_NONE },
		{ "CONNECTED(00000003)\ndepth=2 O = Istio, CN = Root CA\n", CC_VALUE_NONE },
		{ "", CC_VALUE_NONE },
		{ "plain words here\n", CC_VALUE_NONE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cc_value_syntax got = cc_value_sniff(cases[i].in, strlen(cases[i].in));
		if (got != cases[i].want)
			fail_msg("case %zu (%s): got %d, want %d", i, cases[i].in, got, cases[i].want);
	}
}

/* Load IN and return its documents, or fail. */
static void load_ok(const char *in, enum cc_value_syntax syntax, struct cc_value_docs *docs)
{
	struct cc_error err = CC_ERROR_INIT;
	if (cc_value_load(in, strlen(in), syntax, "in", docs, &err) < 0)
		fail_msg("load failed: %s", err.msg);
}

static void test_json_and_yaml_agree(void **state)
{
	(void)state;
	/* The same document in JSON and in kubectl's YAML style. */
	const char *json = "{\"apiVersion\": \"v1\", \"data\": {\"tls.crt\": \"QUJD\", \"n\": 3,"
			   " \"r\": 1.5, \"t\": true, \"z\": null, \"q\": \"007\"},"
			   " \"items\": [{\"a\": \"x\"}, \"y\"]}";
	const char *yaml = "apiVersion: v1\n"
			   "data:\n"
			   "  tls.crt: QUJD\n"
			   "  n: 3\n"
			   "  r: 1.5\n"
			   "  t: true\n"
			   "  z: ~\n"
			   "  q: \"007\"\n"
			   "items:\n"
			   "- a: x\n"
			   "- y\n";
	struct cc_value_docs a = CC_VALUE_DOCS_INIT, b = CC_VALUE_DOCS_INIT;
	load_ok(json, CC_VALUE_JSON, &a);
	load_ok(yaml, CC_VALUE_YAML, &b);
	assert_int_equal(a.n, 1);
	assert_int_equal(b.n, 1);
	if (!json_equal(a.v[0], b.v[0])) {
		char *ja = json_dumps(a.v[0], JSON_SORT_KEYS), *jb = json_dumps(b.v[0], JSON_SORT_KEYS);
		fail_msg("differ:\n%s\n%s", ja, jb);
	}
	cc_value_docs_release(&a);
	cc_value_docs_release(&b);
}

static void test_yaml_scalars(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		json_type type;
		const char *str;
	} cases[] = {
		{ "v: plain\n", JSON_STRING, "plain" },
		{ "v: 'single'\n", JSON_STRING, "single" },
		{ "v: \"2026-01-01T00:00:00.123Z\"\n", JSON_STRING, "2026-01-01T00:00:00.123Z" },
		{ "v: 2026-01-01T00:00:00Z/1\n", JSON_STRING, "2026-01-01T00:00:00Z/1" },
		{ "v: \"42\"\n", JSON_STRING, "42" },
		{ "v: 42\n", JSON_INTEGER, NULL },
		{ "v: -7\n", JSON_INTEGER, NULL },
		{ "v: 1e3\n", JSON_REAL, NULL },
		{ "v: false\n", JSON_FALSE, NULL },
		{ "v:\n", JSON_NULL, NULL },
		{ "v: null\n", JSON_NULL, NULL },
		{ "v: |\n  line1\n  line2\n", JSON_STRING, "line1\nline2\n" },
		{ "v: 99999999999999999999999\n", JSON_STRING, "99999999999999999999999" },
		{ "v: 1.2.3\n", JSON_STRING, "1.2.3" },
		/* Overflows to infinity, which JSON cannot hold (found by
		 * fuzz-value: fuzz/regressions/value/real-overflow). */
		{ "v: 1e999\n", JSON_STRING, "1e999" },
		{ "v: -1e999\n", JSON_STRING, "-1e999" },
		{ "v: [1e999]\n", JSON_ARRAY, NULL },
		{ "v: 1e-999\n", JSON_REAL, NULL },
		{ "'@type': x\nv: y\n", JSON_STRING, "y" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_value_docs d = CC_VALUE_DOCS_INIT;
		load_ok(cases[i].yaml, CC_VALUE_YAML, &d);
		json_t *v = json_object_get(d.v[0], "v");
		if (!v || json_typeof(v) != cases[i].type)
			fail_msg("case %zu (%s): type %d, want %d", i, cases[i].yaml,
				 v ? (int)json_typeof(v) : -1, cases[i].type);
		if (cases[i].str)
			assert_string_equal(json_string_value(v), cases[i].str);
		cc_value_docs_release(&d);
	}
}

static void test_multi_document(void **state)
{
	(void)state;
	struct cc_value_docs d = CC_VALUE_DOCS_INIT;
	load_ok("kind: Secret\n---\nkind: ConfigMap\n---\n", CC_VALUE_YAML, &d);
	assert_int_equal(d.n, 3);  /* the trailing "---" opens an empty (null) document */
	assert_string_equal(json_string_value(json_object_get(d.v[0], "kind")), "Secret");
	assert_string_equal(json_string_value(json_object_get(d.v[1], "kind")), "ConfigMap");
	assert_true(json_is_null(d.v[2]));
	cc_value_docs_release(&d);

	load_ok("---\nkind: List\n", CC_VALUE_YAML, &d);
	assert_int_equal(d.n, 1);
	cc_value_docs_release(&d);

	/* Anchors and aliases expand. */
	load_ok("a: &x {k: v}\nb: *x\n", CC_VALUE_YAML, &d);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d.v[0], "b"), "k")), "v");
	cc_value_docs_release(&d);
}

static char *nested(const char *open, const char *close, int depth, const char *inner)
{
	struct cc_buf b = CC_BUF_INIT;
	for (int i = 0; i < depth; i++)
		cc_buf_adds(&b, open);
	cc_buf_adds(&b, inner);
	for (int i = 0; i < depth; i++)
		cc_buf_adds(&b, close);
	return cc_buf_detach(&b, NULL);
}

static void test_errors(void **state)
{
	(void)state;
	char *deep_json = nested("[", "]", CC_VALUE_MAX_DEPTH + 1, "1");
	char *ok_json = nested("[", "]", CC_VALUE_MAX_DEPTH, "1");
	char *deep_yaml = nested("[", "]", CC_VALUE_MAX_DEPTH + 1, "1");
	char *ok_yaml = nested("[", "]", CC_VALUE_MAX_DEPTH, "1");
	/* Block style: each level on its own line, so the line is the limit's. */
	struct cc_buf blk = CC_BUF_INIT;
	for (int i = 0; i <= CC_MAX_NESTING; i++)
		cc_buf_addf(&blk, "%*sk:\n", 2 * i, "");
	char *deep_block = cc_buf_detach(&blk, NULL);
	/* Past jansson's own JSON_PARSER_MAX_DEPTH (2048): its parse error
	 * is reported as certcheck's limit. */
	char *past_jansson = nested("{\"a\":", "}", 3000, "1");
	const struct {
		const char *in;
		enum cc_value_syntax syntax;
		const char *want; /* NULL: loads */
	} cases[] = {
		{ "{\"a\": [1, 2", CC_VALUE_JSON, "in: line 1, column 11: invalid JSON: " },
		{ "{\n  \"a\": 1,\n}\n", CC_VALUE_JSON, "in: line 3, column 1: invalid JSON" },
		{ "apiVersion: v1\ndata:\n\ttls.crt: QUJD\n", CC_VALUE_YAML,
		  "in: line 3: a tab in the indentation (YAML indents with spaces only)" },
		{ "data:\n  a: 1\n \tb: 2\n", CC_VALUE_YAML,
		  "in: line 3: a tab in the indentation (YAML indents with spaces only)" },
		{ "a: [1, 2\n", CC_VALUE_YAML, "in: line 2, column 1: invalid YAML: " },
		{ "a: b: c\n", CC_VALUE_YAML, "in: line 1, column 5: invalid YAML: " },
		{ "? [a, b]\n: c\n", CC_VALUE_YAML, "in: line 1: a mapping key that is not a string" },
		{ deep_json, CC_VALUE_JSON, "in: nested deeper than 100 levels (the limit)" },
		{ ok_json, CC_VALUE_JSON, NULL },
		{ past_jansson, CC_VALUE_JSON,
		  "in: line 1, column 10241: nested deeper than 100 levels (the limit)" },
		{ deep_yaml, CC_VALUE_YAML, "in: line 1: nested deeper than 100 levels (the limit)" },
		{ ok_yaml, CC_VALUE_YAML, NULL },
		{ deep_block, CC_VALUE_YAML, "in: line 101: nested deeper than 100 levels (the limit)" },
		{ "a: &x [*x]\n", CC_VALUE_YAML, "nested deeper than 100 levels (the limit)" },
		{ "data:\n  a: 1\n  b: 2\n  a: 3\n", CC_VALUE_YAML, "in: line 4: the key 'a' is repeated" },
		/* A NUL is refused in both syntaxes (found by fuzz-value). */
		{ "data:\n  a: \"x\\0y\"\n", CC_VALUE_YAML, "in: line 2: a string holds a NUL character (\\0)" },
		{ "{\"a\": \"x\\u0000y\"}", CC_VALUE_JSON, "in: line 1, column 16: invalid JSON: \\u0000 is not allowed" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_value_docs d = CC_VALUE_DOCS_INIT;
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_value_load(cases[i].in, strlen(cases[i].in), cases[i].syntax, "in", &d, &err);
		if (!cases[i].want) {
			if (r < 0)
				fail_msg("case %zu: %s", i, err.msg);
		} else if (r == 0) {
			fail_msg("case %zu: loaded, want error %s", i, cases[i].want);
		} else {
			assert_int_equal(err.status, CC_USAGE);
			if (!strstr(err.msg, cases[i].want))
				fail_msg("case %zu: error '%s', want '%s'", i, err.msg, cases[i].want);
		}
		cc_value_docs_release(&d);
	}
	free(deep_json);
	free(ok_json);
	free(deep_yaml);
	free(ok_yaml);
	free(deep_block);
	free(past_jansson);
}

static void test_lines(void **state)
{
	(void)state;
	const char *yaml = "apiVersion: v1\n"      /* 1 */
			   "data:\n"                /* 2 */
			   "  ca.crt: QUJD\n"       /* 3 */
			   "  list:\n"              /* 4 */
			   "  - x\n"                /* 5 */
			   "  - 7\n"                /* 6 */
			   "  flag: true\n"         /* 7 */
			   "---\n"                  /* 8 */
			   "kind: ConfigMap\n";     /* 9 */
	struct cc_value_docs d = CC_VALUE_DOCS_INIT;
	load_ok(yaml, CC_VALUE_YAML, &d);
	json_t *data = json_object_get(d.v[0], "data");
	json_t *list = json_object_get(data, "list");
	assert_int_equal(cc_value_line(&d, d.v[0]), 1);
	assert_int_equal(cc_value_line(&d, data), 3);
	assert_int_equal(cc_value_line(&d, json_object_get(data, "ca.crt")), 3);
	assert_int_equal(cc_value_line(&d, list), 5);
	assert_int_equal(cc_value_line(&d, json_array_get(list, 1)), 6);
	assert_int_equal(cc_value_line(&d, json_object_get(data, "flag")), 0); /* a singleton */
	assert_int_equal(cc_value_line(&d, json_object_get(d.v[1], "kind")), 9);
	char buf[64];
	assert_string_equal(cc_value_where(&d, list, "f.yaml", buf, sizeof(buf)), "f.yaml: line 5");
	cc_value_docs_release(&d);

	/* JSON keeps no positions. */
	load_ok("{\"a\": \"b\"}", CC_VALUE_JSON, &d);
	assert_int_equal(cc_value_line(&d, json_object_get(d.v[0], "a")), 0);
	assert_string_equal(cc_value_where(&d, d.v[0], "f.json", buf, sizeof(buf)), "f.json");
	assert_int_equal(cc_value_line(NULL, d.v[0]), 0);
	cc_value_docs_release(&d);
}

static void test_paths_and_members(void **state)
{
	(void)state;
	char *p = cc_value_path_key(NULL, "dynamicActiveSecrets");
	char *q = cc_value_path_index(p, 1);
	char *r = cc_value_path_key(q, "secret");
	assert_string_equal(r, "dynamicActiveSecrets[1].secret");
	char *k = cc_value_path_key("data", "tls.crt");
	assert_string_equal(k, "data[\"tls.crt\"]");
	char *t = cc_value_path_key("", "@type");
	assert_string_equal(t, "@type");
	/* A quote, a backslash or a control byte in a key cannot end the
	 * bracket early or pass for an escape. */
	static const struct {
		const char *key, *path;
	} quoted[] = {
		{"a\"] b", "x[\"a\\\"] b\"]"},
		{"c:\\d", "x[\"c:\\\\d\"]"},
		{"e\nf", "x[\"e\\x0af\"]"},
		{"", "x[\"\"]"},
		{"abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789",
		 "x.abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789"},
		{"abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789X",
		 "x[\"abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789a...fghij0123456789X\"]"},
		{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.pem",
		 "x[\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.pem\"]"},
	};
	for (size_t i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++) {
		char *got = cc_value_path_key("x", quoted[i].key);
		assert_string_equal(got, quoted[i].path);
		free(got);
	}
	free(p);
	free(q);
	free(r);
	free(k);
	free(t);

	json_t *o = json_pack("{s:s, s:i}", "inlineBytes", "QUJD", "n", 3);
	assert_string_equal(json_string_value(cc_value_member(o, "inline_bytes", "inlineBytes")), "QUJD");
	assert_null(cc_value_member(o, "trusted_ca", "trustedCa"));
	assert_null(cc_value_member(NULL, "a", "b"));
	const char *s;
	struct cc_error err = CC_ERROR_INIT;
	assert_int_equal(cc_value_string(json_object_get(o, "n"), "f.json", "x.n", &s, &err), -1);
	assert_string_equal(err.msg, "f.json: x.n: not a string (an integer)");
	assert_int_equal(cc_value_string(json_object_get(o, "inlineBytes"), "f", "p", &s, &err), 0);
	assert_string_equal(s, "QUJD");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_json_and_yaml_agree),
		cmocka_unit_test(test_yaml_scalars),
		cmocka_unit_test(test_multi_document),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_paths_and_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
