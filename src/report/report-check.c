/* report-check.c: the text and JSON forms of check results.  A JUnit
 * writer walks the same struct cc_results (a testsuite per source, a
 * testcase per result). */
#include <string.h>

#include "check.h"
#include "report.h"
#include "report-fetch.h"
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

/* The results R->v[*next..] of SPEC (all the rest when SPEC is NULL) as
 * cases of SUITE; the cases and properties arrays are the caller's to free. */
static void fill_suite(const struct cc_results *r, size_t *next, const char *spec,
		       struct cc_junit_case *cases, struct cc_junit_suite *suite)
{
	size_t first = *next;
	while (*next < r->n && (!spec || strcmp(r->v[*next].source, spec) == 0)) {
		const struct cc_result *res = &r->v[*next];
		cases[*next] = (struct cc_junit_case){
			.name = res->name,
			.status = case_status[res->outcome],
			.message = res->message,
			.text = res->explanation,
		};
		(*next)++;
	}
	suite->cases = cases + first;
	suite->n_cases = *next - first;
}

char *cc_junit_results(const struct cc_results *r, const struct cc_check_suite_info *sources,
		       size_t n, const struct cc_junit_property *expect, size_t n_expect,
		       time_t timestamp, const char *hostname, size_t *len)
{
	struct cc_junit_suite *suites = cc_xcalloc(n + 1, sizeof(*suites));
	struct cc_junit_case *cases = cc_xcalloc(r->n + 1, sizeof(*cases));
	struct cc_junit_property *props = cc_xcalloc((n + 1) * (n_expect + 3), sizeof(*props));
	struct cc_strv classnames = CC_STRV_INIT;
	size_t next = 0, n_suites = 0;
	for (size_t i = 0; i <= n; i++) {
		struct cc_junit_suite *s = &suites[n_suites];
		struct cc_junit_property *p = props + i * (n_expect + 3);
		size_t np = 0;
		if (i < n) {
			s->name = sources[i].spec;
			s->seconds = sources[i].seconds;
			p[np++] = (struct cc_junit_property){ "source", sources[i].spec };
			if (sources[i].sni)
				p[np++] = (struct cc_junit_property){ "sni", sources[i].sni };
			if (sources[i].root_sha256)
				p[np++] = (struct cc_junit_property){ "root-sha256", sources[i].root_sha256 };
		} else if (next < r->n) {
			s->name = "same-root";
		} else {
			break;
		}
		memcpy(p + np, expect, n_expect * sizeof(*expect));
		s->props = p;
		s->n_props = np + n_expect;
		s->timestamp = timestamp;
		fill_suite(r, &next, i < n ? sources[i].spec : NULL, cases, s);
		cc_strv_pushf(&classnames, "certcheck.%s", s->name);
		for (size_t c = 0; c < s->n_cases; c++) {
			cases[s->cases - cases + c].classname = classnames.v[classnames.n - 1];
			if (s->n_cases)
				cases[s->cases - cases + c].seconds = s->seconds / (double)s->n_cases;
		}
		n_suites++;
	}
	char *xml = cc_junit_render(suites, n_suites, hostname, len);
	cc_strv_release(&classnames);
	free(props);
	free(cases);
	free(suites);
	return xml;
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
