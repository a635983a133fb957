/* report-junit.c: JUnit XML for CI systems, written with libxml2's
 * xmlTextWriter.
 *
 * One document satisfies both schemas CI tools are checked against: the
 * Jenkins xUnit plugin's junit-10.xsd and the strict Ant-style JUnit.xsd
 * (windyroad).  That fixes the shape:
 *   <testsuites>            no attributes (JUnit.xsd allows none)
 *     <testsuite name timestamp hostname tests failures errors skipped time
 *                package id>      timestamp without zone, time <= 3 decimals
 *       <properties>        always present, may be empty
 *       <testcase name classname time>   at most one failure|error|skipped
 *       <system-out/> <system-err/>      required by JUnit.xsd, empty
 * GitLab and Jenkins key a test case on classname + name and split a name on
 * its last dot when classname is missing, so classname is always written.
 *
 * libxml2 is opened with dlopen(3) the first time a JUnit report is asked
 * for, not linked: it brings ICU and libstdc++, whose loading and
 * relocation were half of the start-up time of every certcheck run
 * (docs/benchmarks.md, scenario 1), while only --format junit uses it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "dl.h"
#include "report.h"

/* The soname of libxml2's ABI 2 (Debian's libxml2 package). */
#define LIBXML2_SONAME "libxml2.so.2"

/* Each libxml2 function used: a pointer sym_NAME typed by libxml2's own
 * header, and its entry in the table cc_dl_open fills. */
#define XML_SYMS(X) \
	X(xmlGetUTF8Char) \
	X(xmlBufferCreate) \
	X(xmlBufferFree) \
	X(xmlBufferContent) \
	X(xmlBufferLength) \
	X(xmlNewTextWriterMemory) \
	X(xmlFreeTextWriter) \
	X(xmlTextWriterSetIndent) \
	X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) \
	X(xmlTextWriterEndDocument) \
	X(xmlTextWriterStartElement) \
	X(xmlTextWriterEndElement) \
	X(xmlTextWriterWriteAttribute) \
	X(xmlTextWriterWriteElement) \
	X(xmlTextWriterWriteString)

CC_DL_LIBRARY(xml_lib, XML_SYMS, LIBXML2_SONAME, "JUnit output needs the libxml2 package");

int cc_junit_load(struct cc_error *err)
{
	const char *missing = cc_dl_open(&xml_lib);
	if (missing)
		return cc_error_set(err, CC_USAGE, "--format junit", "%s", missing);
	return 0;
}

/* TEXT fit for XML 1.0: control bytes other than tab, newline and return,
 * and bytes that are not UTF-8, become "\xNN".  With ONE_LINE, the text
 * stops at the first line break. */
static char *xml_safe(const char *text, bool one_line)
{
	struct cc_buf b = CC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	while (*p) {
		if (one_line && (*p == '\n' || *p == '\r'))
			break;
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			cc_buf_addf(&b, "\\x%02x", *p++);
			continue;
		}
		int len = 4;
		if (*p < 0x80 || sym_xmlGetUTF8Char(p, &len) >= 0) {
			if (*p < 0x80)
				len = 1;
			cc_buf_add(&b, p, (size_t)len);
			p += len;
		} else {
			cc_buf_addf(&b, "\\x%02x", *p++);
		}
	}
	return cc_buf_detach(&b, NULL);
}

static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *safe = xml_safe(value, false);
	sym_xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST safe);
	free(safe);
}

static void attr_seconds(xmlTextWriterPtr w, const char *name, double seconds)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%.3f", seconds < 0 ? 0.0 : seconds);
	attr(w, name, buf);
}

static void attr_count(xmlTextWriterPtr w, const char *name, size_t n)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%zu", n);
	attr(w, name, buf);
}

static const char *const status_element[] = {
	[CC_CASE_FAILED] = "failure",
	[CC_CASE_ERROR] = "error",
	[CC_CASE_SKIPPED] = "skipped",
};

static void write_case(xmlTextWriterPtr w, const struct cc_junit_case *c)
{
	sym_xmlTextWriterStartElement(w, BAD_CAST "testcase");
	attr(w, "name", c->name);
	attr(w, "classname", c->classname);
	attr_seconds(w, "time", c->seconds);
	if (c->status != CC_CASE_PASSED) {
		sym_xmlTextWriterStartElement(w, BAD_CAST status_element[c->status]);
		char *message = xml_safe(c->message, true);
		sym_xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST message);
		free(message);
		if (c->status != CC_CASE_SKIPPED)
			attr(w, "type", c->status == CC_CASE_FAILED ? "certcheck.failure" : "certcheck.error");
		if (c->status != CC_CASE_SKIPPED && c->text && c->text[0]) {
			char *text = xml_safe(c->text, false);
			sym_xmlTextWriterWriteString(w, BAD_CAST text);
			free(text);
		}
		sym_xmlTextWriterEndElement(w);
	}
	sym_xmlTextWriterEndElement(w);
}

static void write_suite(xmlTextWriterPtr w, const struct cc_junit_suite *s, size_t id,
			const char *hostname)
{
	size_t failures = 0, errors = 0, skipped = 0;
	for (size_t i = 0; i < s->n_cases; i++) {
		failures += s->cases[i].status == CC_CASE_FAILED;
		errors += s->cases[i].status == CC_CASE_ERROR;
		skipped += s->cases[i].status == CC_CASE_SKIPPED;
	}
	char stamp[32];
	struct tm tm;
	gmtime_r(&s->timestamp, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

	sym_xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	attr(w, "name", s->name);
	attr(w, "timestamp", stamp);
	attr(w, "hostname", hostname && hostname[0] ? hostname : "localhost");
	attr_count(w, "tests", s->n_cases);
	attr_count(w, "failures", failures);
	attr_count(w, "errors", errors);
	attr_count(w, "skipped", skipped);
	attr_seconds(w, "time", s->seconds);
	attr(w, "package", "certcheck");
	attr_count(w, "id", id);

	sym_xmlTextWriterStartElement(w, BAD_CAST "properties");
	for (size_t i = 0; i < s->n_props; i++) {
		sym_xmlTextWriterStartElement(w, BAD_CAST "property");
		attr(w, "name", s->props[i].name);
		attr(w, "value", s->props[i].value);
		sym_xmlTextWriterEndElement(w);
	}
	sym_xmlTextWriterEndElement(w);
	for (size_t i = 0; i < s->n_cases; i++)
		write_case(w, &s->cases[i]);
	sym_xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST "");
	sym_xmlTextWriterWriteElement(w, BAD_CAST "system-err", BAD_CAST "");
	sym_xmlTextWriterEndElement(w);
}

char *cc_junit_render(const struct cc_junit_suite *suites, size_t n, const char *hostname,
		      size_t *len)
{
	if (cc_junit_load(NULL) < 0)
		abort(); /* callers check cc_junit_load first */
	xmlBufferPtr buf = sym_xmlBufferCreate();
	xmlTextWriterPtr w = buf ? sym_xmlNewTextWriterMemory(buf, 0) : NULL;
	if (!w)
		abort(); /* libxml2 allocation failure: out of memory */
	sym_xmlTextWriterSetIndent(w, 1);
	sym_xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	sym_xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	sym_xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	for (size_t i = 0; i < n; i++)
		write_suite(w, &suites[i], i, hostname);
	sym_xmlTextWriterEndElement(w);
	sym_xmlTextWriterEndDocument(w);
	sym_xmlFreeTextWriter(w);

	size_t size = (size_t)sym_xmlBufferLength(buf);
	char *out = cc_xmalloc(size + 1);
	memcpy(out, sym_xmlBufferContent(buf), size);
	out[size] = '\0';
	sym_xmlBufferFree(buf);
	if (len)
		*len = size;
	return out;
}

/* --- assembling a document --- */

void cc_junit_hostname(char *buf, size_t size)
{
	if (gethostname(buf, size) != 0 || !buf[0])
		snprintf(buf, size, "localhost");
	buf[size - 1] = '\0';
}

/* A copy of S that D owns (NULL stays NULL). */
static const char *keep(struct cc_junit_doc *d, const char *s)
{
	if (!s)
		return NULL;
	cc_strv_push(&d->strings, cc_xstrdup(s));
	return d->strings.v[d->strings.n - 1];
}

void cc_junit_doc_suite(struct cc_junit_doc *d, const char *name, time_t timestamp, double seconds)
{
	CC_ARRAY_GROW(d->suites, d->n, d->alloc);
	d->suites[d->n++] = (struct cc_junit_suite){ .name = keep(d, name), .timestamp = timestamp,
						      .seconds = seconds };
	cc_strv_pushf(&d->strings, "certcheck.%s", name);
	d->classname = d->strings.v[d->strings.n - 1];
}

void cc_junit_doc_prop(struct cc_junit_doc *d, const char *name, const char *value)
{
	struct cc_junit_suite *s = &d->suites[d->n - 1];
	struct cc_junit_property *p = cc_xreallocarray((void *)s->props, s->n_props + 1, sizeof(*p));
	p[s->n_props++] = (struct cc_junit_property){ keep(d, name), keep(d, value) };
	s->props = p;
}

void cc_junit_doc_case(struct cc_junit_doc *d, const char *name, double seconds,
		       enum cc_case_status status, const char *message, const char *text)
{
	struct cc_junit_suite *s = &d->suites[d->n - 1];
	struct cc_junit_case *c = cc_xreallocarray((void *)s->cases, s->n_cases + 1, sizeof(*c));
	c[s->n_cases++] = (struct cc_junit_case){ keep(d, name), d->classname, seconds, status,
						  keep(d, message), keep(d, text) };
	s->cases = c;
}

void cc_junit_doc_write(const struct cc_junit_doc *d, FILE *fp)
{
	char hostname[256];
	cc_junit_hostname(hostname, sizeof(hostname));
	size_t len;
	char *xml = cc_junit_render(d->suites, d->n, hostname, &len);
	fwrite(xml, 1, len, fp);
	free(xml);
}

void cc_junit_doc_release(struct cc_junit_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free((void *)d->suites[i].props);
		free((void *)d->suites[i].cases);
	}
	free(d->suites);
	cc_strv_release(&d->strings);
	*d = (struct cc_junit_doc)CC_JUNIT_DOC_INIT;
}
