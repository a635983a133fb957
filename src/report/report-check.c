/* report-check.c: the text and JSON forms of check results.  A JUnit
 * writer walks the same struct cc_results (a testsuite per source, a
 * testcase per result). */
#include <string.h>

#include "check.h"
#include "report.h"
#include "report-fetch.h"
#include "report-openmetrics.h"
#include "report-validation.h"

void cc_text_results(struct cc_out *o, const struct cc_results *r)
{
	static const char *const tag[] = { "PASS", "FAIL", "ERROR" };
	static const enum cc_style style[] = { CC_STYLE_OK, CC_STYLE_ERR, CC_STYLE_ERR };
	const char *source = NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_result *res = &r->v[i];
		if (!source || strcmp(source, res->source) != 0) {
			fprintf(o->fp, "%s%s%s%s\n", source ? "\n" : "", cc_style_on(o, CC_STYLE_BOLD),
				res->source, cc_style_off(o));
			source = res->source;
		}
		fprintf(o->fp, "  %s%-5s%s %s: %s\n", cc_style_on(o, style[res->outcome]),
			tag[res->outcome], cc_style_off(o), res->name, res->message);
		/* The explanation, indented under the result. */
		const char *p = res->explanation;
		while (*p) {
			size_t len = strcspn(p, "\n");
			fprintf(o->fp, "        %.*s\n", (int)len, p);
			p += len + (p[len] == '\n');
		}
	}
	fprintf(o->fp, "\n%zu passed, %zu failed\n", cc_results_count(r, CC_PASS),
		cc_results_count(r, CC_FAIL) + cc_results_count(r, CC_ERROR));
}

json_t *cc_json_results(const struct cc_results *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_result *res = &r->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}", "source", res->source,
						   "name", res->name, "outcome",
						   cc_outcome_name(res->outcome), "message", res->message,
						   "explanation", res->explanation));
	}
	return a;
}

static const enum cc_case_status case_status[] = { CC_CASE_PASSED, CC_CASE_FAILED, CC_CASE_ERROR };

/* How many results from R->v[NEXT] on are SPEC's (all the rest when SPEC
 * is NULL): R lists them source by source. */
static size_t count_of(const struct cc_results *r, size_t next, const char *spec)
{
	size_t k = next;
	while (k < r->n && (!spec || strcmp(r->v[k].source, spec) == 0))
		k++;
	return k - next;
}

/* The suites cc_junit_results describes, into D. */
static void junit_results(struct cc_junit_doc *d, const struct cc_results *r,
			  const struct cc_check_suite_info *sources, size_t n,
			  const struct cc_junit_property *expect, size_t n_expect, time_t timestamp)
{
	size_t next = 0;
	for (size_t i = 0; i <= n; i++) {
		const char *spec = i < n ? sources[i].spec : NULL;
		if (!spec && next >= r->n)
			break;
		double seconds = spec ? sources[i].seconds : 0;
		cc_junit_doc_suite(d, spec ? spec : "same-root", timestamp, seconds);
		if (spec) {
			cc_junit_doc_prop(d, "source", spec);
			if (sources[i].sni)
				cc_junit_doc_prop(d, "sni", sources[i].sni);
			if (sources[i].root_sha256)
				cc_junit_doc_prop(d, "root-sha256", sources[i].root_sha256);
		}
		for (size_t k = 0; k < n_expect; k++)
			cc_junit_doc_prop(d, expect[k].name, expect[k].value);
		/* The suite's time, shared by its cases. */
		size_t count = count_of(r, next, spec);
		for (size_t k = 0; k < count; k++, next++) {
			const struct cc_result *res = &r->v[next];
			cc_junit_doc_case(d, res->name, seconds / (double)count, case_status[res->outcome],
					  res->message, res->explanation);
		}
	}
}

char *cc_junit_results(const struct cc_results *r, const struct cc_check_suite_info *sources,
		       size_t n, const struct cc_junit_property *expect, size_t n_expect,
		       time_t timestamp, const char *hostname, size_t *len)
{
	struct cc_junit_doc d = CC_JUNIT_DOC_INIT;
	junit_results(&d, r, sources, n, expect, n_expect, timestamp);
	char *xml = cc_junit_render(d.suites, d.n, hostname, len);
	cc_junit_doc_release(&d);
	return xml;
}

static void json_check(FILE *fp, const struct cc_check_report *c)
{
	const struct cc_results *r = c->results;
	json_t *doc = cc_json_document("check", c->ex->at);
	json_object_set_new(doc, "results", cc_json_results(r));
	json_object_set_new(doc, "passed", json_integer((json_int_t)cc_results_count(r, CC_PASS)));
	json_object_set_new(doc, "failed",
			    json_integer((json_int_t)(cc_results_count(r, CC_FAIL) +
						      cc_results_count(r, CC_ERROR))));
	json_object_set_new(doc, "errors", json_integer((json_int_t)cc_results_count(r, CC_ERROR)));
	cc_json_dump(doc, fp);
	json_decref(doc);
}

void cc_report_check(const struct cc_report_out *out, const struct cc_check_report *c)
{
	struct cc_junit_doc d = CC_JUNIT_DOC_INIT;
	switch (out->format) {
	case CC_FORMAT_JSON:
		json_check(out->fp, c);
		break;
	case CC_FORMAT_JUNIT:
		junit_results(&d, c->results, c->sources, c->n, c->expect, c->n_expect, time(NULL));
		cc_junit_doc_write(&d, out->fp);
		cc_junit_doc_release(&d);
		break;
	case CC_FORMAT_OPENMETRICS:
		cc_om_check_run(out->fp, c->ex, c->specs, c->loaded, c->n, c->results, time(NULL));
		cc_om_eof(out->fp);
		break;
	default:
		cc_text_results(&(struct cc_out){ out->fp, out->color }, c->results);
		break;
	}
}

static void explain_validation(FILE *fp, const struct cc_validation *v)
{
	cc_text_validation(&(struct cc_out){ fp, false }, v);
}

static void explain_fetches(FILE *fp, const struct cc_aia_fetches *f)
{
	cc_text_aia_fetches(&(struct cc_out){ fp, false }, f);
}

const struct cc_explainer cc_text_explainer = { explain_validation, explain_fetches };
