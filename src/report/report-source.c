/* report-source.c: a source as show and connect report it: every entry
 * with its findings, as text or JSON (whole, or streamed). */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "report.h"
#include "source.h"
#include "strict.h"
#include "trustlink.h"

/* Chain analysis and strict-client findings for chains; repeats, validity
 * and key sizes for trust entries. */
static void entry_findings(const struct cc_source *src, const struct cc_entry *e, time_t at,
			   enum cc_purpose purpose, struct cc_findings *f)
{
	if (e->role == CC_ROLE_TRUST) {
		cc_trust_analyze(e->certs, e->n_certs, at, f);
		cc_strict_trust_analyze(e->certs, e->n_certs, f);
		return;
	}
	cc_chain_analyze(e->certs, e->n_certs, at, f);
	struct cc_strict_options so = cc_strict_options_for(src, purpose);
	cc_strict_analyze(e->certs, e->n_certs, &so, f);
}

/* A dump's chain is also checked against the dump's own trust entry. */
static bool is_dump(const struct cc_source *src)
{
	static const char *const plain[] = { "pem", "der", "pkcs7", "tls", "none" };
	if (!src->format)
		return false;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(src->format, plain[i]) == 0)
			return false;
	return true;
}

static void source_entry_findings(const struct cc_source *src, const struct cc_entry *e, time_t at,
				  enum cc_purpose purpose, struct cc_findings *f)
{
	entry_findings(src, e, at, purpose, f);
	if (is_dump(src) && e->role == CC_ROLE_CHAIN && e->n_certs) {
		struct cc_trustlink tl = CC_TRUSTLINK_INIT;
		cc_trustlink_check(src, e, at, &tl);
		cc_trustlink_finding(&tl, f);
		cc_trustlink_release(&tl);
	}
}

/* The source object with "entries": []. */
static json_t *json_source_head(const struct cc_source *src)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(src->spec));
	json_object_set_new(o, "location", json_string(src->location));
	json_object_set_new(o, "format", json_string(src->format ? src->format : "unknown"));
	if (src->tls)
		json_object_set_new(o, "tls", cc_json_tls(src->tls));
	json_object_set_new(o, "entries", json_array());
	json_t *notes = json_array();
	for (size_t i = 0; i < src->notes.n; i++)
		json_array_append_new(notes, json_string(src->notes.v[i]));
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "error", json_null());
	return o;
}

json_t *cc_json_source(const struct cc_source *src, time_t at, enum cc_purpose purpose)
{
	json_t *o = json_source_head(src);
	json_t *entries = json_object_get(o, "entries");
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, &src->entries[i], at, purpose, &f);
		json_array_append_new(entries, cc_json_entry(&src->entries[i], &f, at));
		cc_findings_release(&f);
	}
	return o;
}

void cc_json_stream_source(struct cc_json_array *sources, const struct cc_source *src, time_t at,
			       enum cc_purpose purpose)
{
	json_t *o = json_source_head(src);
	struct cc_json_array entries;
	cc_json_array_begin(&entries, sources->fp, o, "entries", cc_json_array_next(sources));
	for (size_t i = 0; i < src->n_entries; i++) {
		const struct cc_entry *e = &src->entries[i];
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, e, at, purpose, &f);
		/* The findings are streamed too: a bundle out of order has one
		 * per certificate. */
		json_t *eo = cc_json_entry_head(e, NULL);
		json_object_set_new(eo, "findings", cc_json_array_placeholder());
		struct cc_json_array arr;
		cc_json_array_begin(&arr, sources->fp, eo, "certificates", cc_json_array_next(&entries));
		for (size_t k = 0; k < e->n_certs; k++)
			cc_json_array_add(&arr, cc_json_cert(e->certs[k], k + 1, at));
		cc_json_array_next_key(&arr, "findings");
		for (size_t k = 0; k < f.n; k++)
			cc_json_array_add(&arr, cc_json_finding(&f.v[k]));
		cc_json_array_end(&arr);
		json_decref(eo);
		cc_findings_release(&f);
	}
	cc_json_array_end(&entries);
	json_decref(o);
}

json_t *cc_json_source_error(const char *spec, const struct cc_error *err)
{
	/* Every key of a source that was read, so readers need no special
	 * case: the location when SPEC parses, no format, nothing inside. */
	struct cc_source *src = NULL;
	bool parsed = cc_source_parse(spec, &src, NULL) == 0;
	json_t *o = json_pack("{s:s, s:o, s:o}", "source", spec, "location",
			      parsed ? json_string(src->location) : json_null(), "format",
			      parsed && src->format ? json_string(src->format) : json_null());
	if (parsed && src->is_tls)
		json_object_set_new(o, "tls", json_null());
	json_object_set_new(o, "entries", json_array());
	json_object_set_new(o, "notes", json_array());
	json_object_set_new(o, "error", json_string(err->msg));
	cc_source_free(src);
	return o;
}

void cc_text_source(struct cc_out *o, const struct cc_source *src, time_t at, enum cc_purpose purpose)
{
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, &src->entries[i], at, purpose, &f);
		cc_text_entry(o, src, &src->entries[i], &f, at);
		cc_findings_release(&f);
		fputc('\n', o->fp);
	}
	for (size_t i = 0; i < src->notes.n; i++)
		fprintf(o->fp, "%snote:%s %s\n", cc_style_on(o, CC_STYLE_DIM), cc_style_off(o),
			src->notes.v[i]);
}
