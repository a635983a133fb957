/* Unit tests for report-openmetrics.c: label escaping and cutting, the
 * cross-trust matrix, counter family names, one series per source and
 * assertion, and the bound on per-certificate series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load-fixtures.h"
#include "report-openmetrics.h"

/* What F writes, as a string (caller frees). */
#define CAPTURE(text, call)                                                                \
	do {                                                                               \
		size_t len_;                                                               \
		FILE *fp = open_memstream(&(text), &len_);                                 \
		assert_non_null(fp);                                                       \
		call;                                                                      \
		fclose(fp);                                                                \
	} while (0)

static size_t count_lines(const char *text, const char *prefix)
{
	size_t n = 0;
	for (const char *p = text; p && *p;) {
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			n++;
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

static void test_label_escaping(void **state)
{
	(void)state;
	static const struct {
		const char *name, *in, *want;
	} cases[] = {
		{ "plain", "cluster1", "cluster1" },
		{ "quote", "a\"b", "a\\\"b" },
		{ "backslash", "a\\b", "a\\\\b" },
		{ "newline", "a\nb\n", "a\\nb\\n" },
		{ "control byte as \\xNN, its backslash escaped", "a\001b", "a\\\\x01b" },
		{ "invalid UTF-8 as \\xNN", "a\xff", "a\\\\xff" },
		{ "UTF-8 kept", "Zürich", "Zürich" },
		{ "empty", "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *names[] = { cases[i].in };
		bool trusted[] = { true };
		struct cc_om_cross m = { 1, names, trusted };
		char *text = NULL;
		CAPTURE(text, cc_om_cross_trust(fp, &m));
		char *want = cc_xasprintf("certcheck_cross_trust{from=\"%s\",to=\"%s\"} 1\n", cases[i].want,
					  cases[i].want);
		if (!strstr(text, want))
			fail_msg("%s: got\n%s\nwant the line\n%s", cases[i].name, text, want);
		free(want);
		free(text);
	}
}

static void test_label_cut(void **state)
{
	(void)state;
	char long_name[1000];
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	long_name[0] = 'A';
	long_name[sizeof(long_name) - 2] = 'Z';
	const char *names[] = { long_name };
	bool trusted[] = { false };
	struct cc_om_cross m = { 1, names, trusted };
	char *text = NULL;
	CAPTURE(text, cc_om_cross_trust(fp, &m));
	const char *from = strstr(text, "from=\"");
	assert_non_null(from);
	from += 6;
	size_t len = strcspn(from, "\"");
	assert_true(len <= CC_OM_MAX_LABEL_BYTES);
	assert_int_equal(from[0], 'A');
	assert_int_equal(from[len - 1], 'Z');
	assert_non_null(strstr(text, "...x"));
	free(text);
}

static void test_cross_matrix(void **state)
{
	(void)state;
	const char *names[] = { "c1", "c2" };
	bool trusted[] = { true, false, true, true };
	struct cc_om_cross m = { 2, names, trusted };
	char *text = NULL;
	CAPTURE(text, cc_om_cross_trust(fp, &m));
	assert_non_null(strstr(text, "# TYPE certcheck_cross_trust gauge\n"));
	assert_non_null(strstr(text, "certcheck_cross_trust{from=\"c1\",to=\"c1\"} 1\n"
				     "certcheck_cross_trust{from=\"c1\",to=\"c2\"} 0\n"
				     "certcheck_cross_trust{from=\"c2\",to=\"c1\"} 1\n"
				     "certcheck_cross_trust{from=\"c2\",to=\"c2\"} 1\n"));
	free(text);
}

static void test_counter_names(void **state)
{
	(void)state;
	char *om = NULL, *text = NULL;
	CAPTURE(om, cc_om_counter(fp, "x_probes", NULL, "Probes.", 3, true));
	CAPTURE(text, cc_om_counter(fp, "x_probes", NULL, "Probes.", 3, false));
	assert_string_equal(om, "# TYPE x_probes counter\n# HELP x_probes Probes.\nx_probes_total 3\n");
	assert_string_equal(text,
			    "# TYPE x_probes_total counter\n# HELP x_probes_total Probes.\nx_probes_total 3\n");
	free(om);
	free(text);
}

/* A source given twice and an assertion repeated: one series each, 0 when
 * any repetition failed; "load" is source_up's, not a check series. */
static void test_check_series_once(void **state)
{
	(void)state;
	struct cc_result v[] = {
		{ "a.pem", "expect-san DNS:x", CC_PASS, "", "" },
		{ "a.pem", "expect-san DNS:x", CC_FAIL, "", "" },
		{ "a.pem", "min-valid 1d", CC_PASS, "", "" },
		{ "a.pem", "min-valid 1d", CC_PASS, "", "" },
		{ "tls://b:1", "load", CC_ERROR, "", "" },
	};
	struct cc_results r = { v, sizeof(v) / sizeof(v[0]), 0 };
	struct cc_source *src = load_source("istio/cluster1/workload-chain.pem");
	struct cc_om_source s[] = {
		{ "a.pem", src, CC_OM_PATH_INIT },
		{ "tls://b:1", NULL, CC_OM_PATH_INIT },
		{ "a.pem", src, CC_OM_PATH_INIT },
	};
	char *text = NULL;
	CAPTURE(text, cc_om_check(fp, &r, s, 3));
	assert_int_equal(count_lines(text, "certcheck_source_up{"), 2);
	assert_non_null(strstr(text, "certcheck_source_up{source=\"a.pem\"} 1\n"));
	assert_non_null(strstr(text, "certcheck_source_up{source=\"tls://b:1\"} 0\n"));
	assert_int_equal(count_lines(text, "certcheck_check_success{"), 2);
	assert_non_null(strstr(text, "certcheck_check_success{source=\"a.pem\",check=\"expect-san DNS:x\"} 0\n"));
	assert_non_null(strstr(text, "certcheck_check_success{source=\"a.pem\",check=\"min-valid 1d\"} 1\n"));
	/* Unjudged paths: no chain_valid, no certificate series. */
	assert_int_equal(count_lines(text, "certcheck_chain_valid{"), 0);
	free(text);
	cc_source_free(src);
}

/* More certificates than CC_OM_MAX_CERTS in one source: the rest counted. */
static void test_cert_bound(void **state)
{
	(void)state;
	struct cc_source *real = load_source("istio/cluster1/workload-chain.pem");
	const size_t n = CC_OM_MAX_CERTS + 44;
	struct cc_cert **many = cc_xcalloc(n, sizeof(*many));
	for (size_t i = 0; i < n; i++)
		many[i] = real->entries[0].certs[0];
	struct cc_entry entries[2] = {
		{ .name = "bundle", .role = CC_ROLE_TRUST, .certs = many, .n_certs = n - 10 },
		{ .name = "more", .role = CC_ROLE_TRUST, .certs = many, .n_certs = 10 },
	};
	struct cc_source fake = { .spec = "big.pem", .entries = entries, .n_entries = 2 };
	const char *specs[] = { "big.pem" };
	const struct cc_source *srcs[] = { &fake };
	char *text = NULL;
	CAPTURE(text, cc_om_show(fp, specs, srcs, 1));
	assert_int_equal(count_lines(text, "certcheck_cert_not_after_seconds{"), CC_OM_MAX_CERTS);
	assert_int_equal(count_lines(text, "certcheck_cert_not_before_seconds{"), CC_OM_MAX_CERTS);
	assert_non_null(strstr(text, "certcheck_cert_series_dropped{source=\"big.pem\"} 44\n"));
	free(text);
	free(many);
	cc_source_free(real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_label_cut),
		cmocka_unit_test(test_cross_matrix),
		cmocka_unit_test(test_counter_names),
		cmocka_unit_test(test_check_series_once),
		cmocka_unit_test(test_cert_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
