/* report-validation.c: a path validation in text and JSON. */
#include <stdlib.h>
#include <string.h>

#include "report-fetch.h"
#include "report-validation.h"

const char *cc_vpath_anchor_kind(const struct cc_vpath *p)
{
	if (!p->anchored)
		return "none";
	if (p->n == 1)
		return "the leaf itself";
	return p->partial ? "an intermediate (partial chain)" : "a self-signed root";
}

static void text_finding(struct cc_out *o, const struct cc_vfinding *f, const char *indent)
{
	const struct cc_rule *r = cc_rule_get(f->rule);
	bool fail = f->level == CC_RULE_FAIL;
	fprintf(o->fp, "%s%s%s %s%s: %s\n", indent, cc_style_on(o, fail ? CC_STYLE_ERR : CC_STYLE_WARN),
		fail ? "error" : "warning", r->code, cc_style_off(o), f->message);
	fprintf(o->fp, "%s  %s(%s; refused by: %s)%s\n", indent, cc_style_on(o, CC_STYLE_DIM), r->section,
		strcmp(r->clients, "none") == 0 ? "no mainstream client" : r->clients,
		cc_style_off(o));
	fprintf(o->fp, "%s  fix: %s\n", indent, r->fix);
}

static void text_path_line(struct cc_out *o, const struct cc_vpath *p)
{
	for (size_t i = 0; i < p->n; i++) {
		char *l = cc_cert_label(p->certs[i]);
		fprintf(o->fp, "%s%s", i ? " <- " : "", l);
		free(l);
	}
}

void cc_text_validation(struct cc_out *o, const struct cc_validation *v)
{
	const struct cc_vpath *p = &v->path;
	fprintf(o->fp, "Profile: %s\n", cc_profile_name(v->profile));
	fprintf(o->fp, "Path (leaf first):\n");
	for (size_t i = 0; i < p->n; i++) {
		char *l = cc_cert_label(p->certs[i]);
		const char *tag = "";
		if (p->anchored && i + 1 == p->n)
			tag = p->n == 1 ? "  [trust anchor: the leaf itself]"
			      : p->partial ? "  [trust anchor: an intermediate (partial chain)]"
					   : "  [trust anchor]";
		fprintf(o->fp, "  %zu. %s%s\n", i + 1, l, tag);
		free(l);
	}
	if (!v->name_checked)
		fprintf(o->fp, "Name: no name checked (give --host, --ip, --uri or --email)\n");
	size_t warnings = p->n_findings - p->n_fail;
	if (v->ok) {
		fprintf(o->fp, "%sverified%s", cc_style_on(o, CC_STYLE_OK), cc_style_off(o));
		if (warnings)
			fprintf(o->fp, " (%zu warning%s: what the %s profile does not fail)", warnings,
				warnings == 1 ? "" : "s", cc_profile_name(v->profile));
		fprintf(o->fp, "\n");
	} else {
		fprintf(o->fp, "%snot verified%s:\n", cc_style_on(o, CC_STYLE_ERR), cc_style_off(o));
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p->n_findings; i++)
			if ((p->findings[i].level == CC_RULE_FAIL) == (pass == 0))
				text_finding(o, &p->findings[i], "  ");
	if (!v->ok && v->n_candidates) {
		fprintf(o->fp, "Other paths tried (%zu", v->n_candidates);
		if (v->n_tried > v->n_candidates + 1)
			fprintf(o->fp, " of %zu", v->n_tried - 1);
		fprintf(o->fp, "):\n");
		for (size_t k = 0; k < v->n_candidates; k++) {
			const struct cc_vpath *c = &v->candidates[k];
			fprintf(o->fp, "  - ");
			text_path_line(o, c);
			fprintf(o->fp, "%s\n", c->anchored ? "" : " (no trust anchor)");
			for (size_t i = 0; i < c->n_findings; i++)
				if (c->findings[i].level == CC_RULE_FAIL)
					fprintf(o->fp, "      %s: %s\n", cc_rule_get(c->findings[i].rule)->code,
						c->findings[i].message);
		}
	}
}

json_t *cc_json_vfindings(const struct cc_vpath *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_findings; i++) {
		const struct cc_vfinding *f = &p->findings[i];
		const struct cc_rule *r = cc_rule_get(f->rule);
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "code", r->code,
						   "severity", f->level == CC_RULE_FAIL ? "error" : "warning",
						   "cert", (json_int_t)f->cert, "message", f->message,
						   "section", r->section, "clients", r->clients, "fix", r->fix));
	}
	return a;
}

static json_t *json_path(const struct cc_vpath *p, time_t at, bool full)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n; i++) {
		json_t *c;
		if (full) {
			c = cc_json_cert(p->certs[i], i + 1, at);
		} else {
			c = json_object();
			json_object_set_new(c, "subject", json_string(p->certs[i]->subject));
			json_object_set_new(c, "sha256", json_string(p->certs[i]->sha256));
		}
		json_object_set_new(c, "trust_anchor", json_boolean(p->anchored && i + 1 == p->n));
		json_array_append_new(a, c);
	}
	return a;
}

void cc_json_validation(json_t *doc, const struct cc_validation *v, time_t at)
{
	const struct cc_vpath *p = &v->path;
	json_object_set_new(doc, "verified", json_boolean(v->ok));
	json_object_set_new(doc, "profile", json_string(cc_profile_name(v->profile)));
	json_object_set_new(doc, "name_checked", json_boolean(v->name_checked));
	json_object_set_new(doc, "anchor", json_string(cc_vpath_anchor_kind(p)));
	json_object_set_new(doc, "path", json_path(p, at, true));
	json_object_set_new(doc, "findings", cc_json_vfindings(p));
	json_t *reasons = json_array();
	for (size_t i = 0; i < p->n_findings; i++)
		if (p->findings[i].level == CC_RULE_FAIL)
			json_array_append_new(reasons,
					      json_pack("{s:s, s:s}", "code", cc_rule_get(p->findings[i].rule)->code,
							"message", p->findings[i].message));
	json_object_set_new(doc, "reasons", reasons);
	json_t *cands = json_array();
	for (size_t k = 0; k < v->n_candidates; k++) {
		const struct cc_vpath *c = &v->candidates[k];
		json_array_append_new(cands, json_pack("{s:o, s:b, s:o}", "path", json_path(c, at, false),
						       "anchored", c->anchored, "findings", cc_json_vfindings(c)));
	}
	json_object_set_new(doc, "candidates", cands);
	json_object_set_new(doc, "candidates_tried", json_integer((json_int_t)v->n_tried));
}

static void json_verify(const struct cc_verify_report *r, FILE *fp)
{
	json_t *doc = cc_json_document("verify", r->at);
	json_object_set_new(doc, "source", json_string(r->spec));
	cc_json_validation(doc, r->validation, r->at);
	json_object_set_new(doc, "fetched", r->fetches ? cc_json_aia_fetches(r->fetches) : json_null());
	json_object_set_new(doc, "ocsp", r->ocsp ? cc_json_ocsp_answer(r->ocsp) : json_null());
	cc_json_dump(doc, fp);
	json_decref(doc);
}

static void text_verify(const struct cc_verify_report *r, struct cc_out *o)
{
	if (r->fetches)
		cc_text_aia_fetches(o, r->fetches);
	cc_text_validation(o, r->validation);
	if (r->ocsp)
		cc_text_ocsp_answer(o, r->ocsp);
}

void cc_report_verify(const struct cc_report_out *out, const struct cc_verify_report *r)
{
	if (out->format == CC_FORMAT_JSON)
		json_verify(r, out->fp);
	else
		text_verify(r, &(struct cc_out){ out->fp, out->color });
}
