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

#include "report.h"

#define SCHEMAS CC_SHARED "/schemas/junit/"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return r;
}
