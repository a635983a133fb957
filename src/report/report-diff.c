/* report-diff.c: a comparison of two chains (diff.h), as text or JSON. */
#include <stdlib.h>

#include "diff.h"
#include "report.h"

static void text_diff(const struct cc_diff *d, const char *a, const char *b, FILE *fp)
{
	struct cc_buf buf = CC_BUF_INIT;
	char *la = cc_xasprintf("%s:", a), *lb = cc_xasprintf("%s:", b);
	if (d->n_pairs > 1) {
		size_t same = 0;
		for (size_t i = 0; i < d->n_pairs; i++)
			same += d->pairs[i].verdict == CC_VERDICT_IDENTICAL;
		fprintf(fp, "%s (%zu of %zu certificates identical)\n", cc_verdict_name(d->worst), same,
			d->n_pairs);
	}
	cc_diff_text(d, la, lb, "", &buf);
	fputs(buf.data ? buf.data : "", fp);
	cc_buf_release(&buf);
	free(la);
	free(lb);
}

static void json_diff(const struct cc_diff *d, const char *a, const char *b, FILE *fp)
{
	json_t *doc = cc_json_document("diff", time(NULL));
	json_object_set_new(doc, "a", json_string(a));
	json_object_set_new(doc, "b", json_string(b));
	json_object_set_new(doc, "verdict", json_string(cc_verdict_code(d->worst)));
	json_object_set_new(doc, "verdict_text", json_string(cc_verdict_name(d->worst)));
	json_t *pairs = json_array();
	for (size_t i = 0; i < d->n_pairs; i++) {
		const struct cc_diff_pair *p = &d->pairs[i];
		json_t *diffs = json_array();
		for (size_t k = 0; k < p->n_fields; k++)
			if (p->fields[k].differs)
				json_array_append_new(
					diffs, json_pack("{s:s, s:s?, s:s?}", "field", p->fields[k].name,
							 "a", p->fields[k].a, "b", p->fields[k].b));
		json_array_append_new(
			pairs, json_pack("{s:i, s:s, s:s, s:s?, s:s?, s:o}", "position",
					 (json_int_t)p->position, "verdict", cc_verdict_code(p->verdict),
					 "verdict_text", cc_verdict_name(p->verdict), "a_sha256",
					 p->a ? p->a->sha256 : NULL, "b_sha256", p->b ? p->b->sha256 : NULL,
					 "differences", diffs));
	}
	json_object_set_new(doc, "pairs", pairs);
	cc_json_dump(doc, fp);
	json_decref(doc);
}

void cc_report_diff(const struct cc_report_out *out, const struct cc_diff_report *r)
{
	if (out->format == CC_FORMAT_JSON)
		json_diff(r->diff, r->a, r->b, out->fp);
	else
		text_diff(r->diff, r->a, r->b, out->fp);
}
