/* test-report-junit.c: JUnit documents validate against both schemas CI
 * tools use, and carry what GitLab and Jenkins read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "check.h"
#include "report.h"

#define SCHEMAS CC_TESTDATA "/junit/"

static const char *const schema_files[] = { "jenkins-xunit-junit-10.xsd", "windyroad-JUnit.xsd" };

static void assert_valid(const char *xml, size_t len, const char *what)
{
	for (size_t i = 0; i < sizeof(schema_files) / sizeof(schema_files[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", SCHEMAS, schema_files[i]);
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
		xmlSchemaPtr schema = xmlSchemaParse(pc);
		assert_non_null(schema);
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		xmlDocPtr doc = xmlReadMemory(xml, (int)len, "report.xml", NULL, XML_PARSE_NONET);
		assert_non_null(doc);
		int r = xmlSchemaValidateDoc(vc, doc);
		if (r != 0)
			fail_msg("%s: not valid under %s:\n%s", what, schema_files[i], xml);
		xmlFreeDoc(doc);
		xmlSchemaFreeValidCtxt(vc);
		xmlSchemaFree(schema);
		xmlSchemaFreeParserCtxt(pc);
	}
}

/* The string value of XPath EXPR in XML. */
static char *xpath_string(const char *xml, size_t len, const char *expr)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "report.xml", NULL, XML_PARSE_NONET);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlChar *s = xmlXPathCastToString(obj);
	char *out = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return out;
}

static const struct cc_junit_property props[] = {
	{ "source", "tls://127.0.0.1:8443" },
	{ "sni", "proxy.upbound-127.0.0.1.nip.io" },
	{ "expect-root", "root-cert.pem" },
};
static const struct cc_junit_case passing[] = {
	{ "expect-root root-cert.pem", "certcheck.tls://127.0.0.1:8443", 0.0123, CC_CASE_PASSED,
	  NULL, NULL },
	{ "expect-host www.example.com", "certcheck.tls://127.0.0.1:8443", 0.0, CC_CASE_PASSED,
	  NULL, NULL },
};
static const struct cc_junit_case failing[] = {
	{ "expect-root root-cert.pem", "certcheck.chain.pem", 0.5, CC_CASE_FAILED,
	  "root differs: same subject, different key\nsecond line never in message",
	  "same subject, different key\n  sha256  expected aa  found bb\n" },
	{ "min-valid 12h", "certcheck.chain.pem", 0.0, CC_CASE_SKIPPED, "not checked", NULL },
	{ "odd \x01 bytes \xff here", "certcheck.chain.pem", 0.0, CC_CASE_FAILED, "ctl \x02",
	  "<&>\"'" },
};
static const struct cc_junit_case erroring[] = {
	{ "read", "certcheck.tls://127.0.0.1:1", 10.0, CC_CASE_ERROR,
	  "127.0.0.1:1: connection refused", "127.0.0.1:1: connection refused" },
};

static void test_documents(void **state)
{
	static const struct cc_junit_suite suites[] = {
		{ "tls://127.0.0.1:8443", 1767225600, 0.0123, props, 3, passing, 2 },
		{ "chain.pem", 1767225600, 1.23456, NULL, 0, failing, 3 },
		{ "tls://127.0.0.1:1", 1767225600, 10.0, NULL, 0, erroring, 1 },
	};
	static const struct {
		const char *what;
		size_t first, n;
		const char *expr;   /* XPath whose string value is WANT */
		const char *want;
	} cases[] = {
		{ "passing", 0, 1, "string(//testsuite/@tests)", "2" },
		{ "passing time has at most 3 decimals", 0, 1, "string(//testsuite/@time)", "0.012" },
		{ "timestamp without zone", 0, 1, "string(//testsuite/@timestamp)", "2026-01-01T00:00:00" },
		{ "classname always set", 0, 1, "string(//testcase[2]/@classname)",
		  "certcheck.tls://127.0.0.1:8443" },
		{ "properties", 0, 1, "string(//property[@name='sni']/@value)",
		  "proxy.upbound-127.0.0.1.nip.io" },
		{ "failing counts", 1, 1, "concat(//testsuite/@failures,'/',//testsuite/@skipped)", "2/1" },
		{ "failure message is one line", 1, 1, "string(//testcase[1]/failure/@message)",
		  "root differs: same subject, different key" },
		{ "failure text is the explanation", 1, 1, "string(//testcase[1]/failure)",
		  "same subject, different key\n  sha256  expected aa  found bb\n" },
		{ "control and non-UTF-8 bytes escaped", 1, 1, "string(//testcase[3]/@name)",
		  "odd \\x01 bytes \\xff here" },
		{ "markup characters survive", 1, 1, "string(//testcase[3]/failure)", "<&>\"'" },
		{ "error", 2, 1, "concat(//testsuite/@errors,' ',//testcase/error/@message)",
		  "1 127.0.0.1:1: connection refused" },
		{ "all three suites", 0, 3, "count(//testsuite)", "3" },
		{ "ids number the suites", 0, 3, "string(//testsuite[3]/@id)", "2" },
		{ "no suites", 0, 0, "count(/testsuites)", "1" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		char *xml = cc_junit_render(suites + cases[i].first, cases[i].n, "ci-runner-1", &len);
		assert_int_equal(strlen(xml), len);
		assert_valid(xml, len, cases[i].what);
		char *got = xpath_string(xml, len, cases[i].expr);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: %s is '%s', want '%s'", cases[i].what, cases[i].expr, got, cases[i].want);
		free(got);
		free(xml);
	}
}

/* cc_junit_results: check results grouped into a suite per source, in
 * order, the rest ("(all sources)") in a "same-root" suite. */
static void test_check_results(void **state)
{
	(void)state;
	static struct cc_result rv[] = {
		{ "a.pem", "expect-root", CC_PASS, "leads to the expected root", "" },
		{ "a.pem", "min-valid 12h", CC_FAIL, "expires in 11h\nmore", "member 1: 11h left" },
		{ "tls://127.0.0.1:9", "load", CC_ERROR, "connection refused", "" },
		{ "a.pem", "expect-root", CC_PASS, "the same source given twice", "" },
		{ "(all sources)", "same-root", CC_FAIL, "lead to different roots", "group A: a.pem" },
	};
	const struct cc_results r = { rv, 5, 5 };
	const struct cc_check_suite_info info[] = {
		{ "a.pem", NULL, "bdf6", 0.25 },
		{ "tls://127.0.0.1:9", "proxy.example", NULL, 3.5 },
		{ "a.pem", NULL, "bdf6", 0.125 },
	};
	const struct cc_junit_property expect[] = { { "expect-root", "root.pem" }, { "min-valid", "12h" } };
	static const struct {
		const char *xpath;
		const char *want;
	} table[] = {
		{ "count(/testsuites/testsuite)", "4" },
		{ "string(/testsuites/testsuite[1]/@name)", "a.pem" },
		{ "string(/testsuites/testsuite[1]/@tests)", "2" },
		{ "string(/testsuites/testsuite[1]/@failures)", "1" },
		{ "string(/testsuites/testsuite[1]/@time)", "0.250" },
		{ "string(/testsuites/testsuite[1]/testcase[2]/@classname)", "certcheck.a.pem" },
		{ "string(/testsuites/testsuite[1]/testcase[2]/failure/@message)", "expires in 11h" },
		{ "string(/testsuites/testsuite[1]/properties/property[@name='root-sha256']/@value)", "bdf6" },
		{ "string(/testsuites/testsuite[1]/properties/property[@name='min-valid']/@value)", "12h" },
		{ "count(/testsuites/testsuite[1]/properties/property[@name='sni'])", "0" },
		{ "string(/testsuites/testsuite[2]/@errors)", "1" },
		{ "string(/testsuites/testsuite[2]/properties/property[@name='sni']/@value)", "proxy.example" },
		{ "count(/testsuites/testsuite[2]/properties/property[@name='root-sha256'])", "0" },
		{ "string(/testsuites/testsuite[3]/@tests)", "1" },
		{ "string(/testsuites/testsuite[3]/testcase/@name)", "expect-root" },
		{ "string(/testsuites/testsuite[4]/@name)", "same-root" },
		{ "string(/testsuites/testsuite[4]/testcase/@classname)", "certcheck.same-root" },
		{ "string(/testsuites/testsuite[4]/testcase/failure)", "group A: a.pem" },
		{ "count(//testcase[not(@classname)])", "0" },
	};
	size_t len;
	char *xml = cc_junit_results(&r, info, 3, expect, 2, 1767247200, "ci-runner", &len);
	assert_valid(xml, len, "check results");
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		char *got = xpath_string(xml, len, table[i].xpath);
		if (strcmp(got, table[i].want) != 0)
			fail_msg("%s is '%s', want '%s'\n%s", table[i].xpath, got, table[i].want, xml);
		free(got);
	}
	free(xml);

	/* No same-root result: no such suite. */
	const struct cc_results one = { rv, 2, 2 };
	xml = cc_junit_results(&one, info, 1, expect, 0, 0, "h", &len);
	assert_valid(xml, len, "one source");
	char *n = xpath_string(xml, len, "count(/testsuites/testsuite)");
	assert_string_equal(n, "1");
	free(n);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_check_results),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return r;
}
