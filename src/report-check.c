/* report-check.c: the text and JSON forms of check results.  A JUnit
 * writer walks the same struct cc_results (a testsuite per source, a
 * testcase per result). */
#include <string.h>

#include "check.h"
#include "report.h"

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
