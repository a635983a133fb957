/* report-source.c: a source as show and connect report it: every entry
 * with its findings, as text or JSON (whole, or streamed). */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "load-many.h"
#include "load.h"
#include "report-openmetrics.h"
#include "report.h"
#include "strict.h"
#include "tls-info.h"
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
	return cc_source_format_get(src->format)->own_trust;
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
	const char *format = cc_source_format_name(src->format);
	json_object_set_new(o, "source", json_string(src->spec));
	json_object_set_new(o, "location", json_string(src->location));
	json_object_set_new(o, "format", json_string(format ? format : "unknown"));
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

struct cert_items {
	struct cc_cert *const *certs;
	time_t at;
};

static json_t *cert_item(const void *ctx, size_t i)
{
	const struct cert_items *c = ctx;
	return cc_json_cert(c->certs[i], i + 1, c->at);
}

/* An entry streamed one certificate at a time: a bundle's findings are
 * streamed too (one per certificate when it is out of order). */
static void stream_entry(struct cc_json_array *entries, const struct cc_source *src,
			 const struct cc_entry *e, time_t at, enum cc_purpose purpose)
{
	struct cc_findings f = CC_FINDINGS_INIT;
	source_entry_findings(src, e, at, purpose, &f);
	json_t *eo = cc_json_entry_head(e, NULL);
	json_object_set_new(eo, "findings", cc_json_array_placeholder());
	struct cc_json_array arr;
	cc_json_array_begin(&arr, entries->fp, eo, "certificates", cc_json_array_next(entries));
	struct cert_items items = { e->certs, at };
	cc_json_array_add_many(&arr, e->n_certs, cert_item, &items);
	cc_json_array_next_key(&arr, "findings");
	for (size_t k = 0; k < f.n; k++)
		cc_json_array_add(&arr, cc_json_finding(&f.v[k]));
	cc_json_array_end(&arr);
	json_decref(eo);
	cc_findings_release(&f);
}

/* Entries up to this many certificates are made whole, many at once (a
 * dump's thousands of secrets: findings, trust link and JSON on every
 * core); bigger ones are streamed. */
enum { WHOLE_ENTRY_MAX_CERTS = 64 };

struct entry_items {
	const struct cc_source *src;
	const struct cc_entry *first;
	time_t at;
	enum cc_purpose purpose;
};

static json_t *entry_item(const void *ctx, size_t i)
{
	const struct entry_items *c = ctx;
	struct cc_findings f = CC_FINDINGS_INIT;
	source_entry_findings(c->src, &c->first[i], c->at, c->purpose, &f);
	json_t *o = cc_json_entry(&c->first[i], &f, c->at);
	cc_findings_release(&f);
	return o;
}

void cc_json_stream_source(struct cc_json_array *sources, const struct cc_source *src, time_t at,
			   enum cc_purpose purpose)
{
	json_t *o = json_source_head(src);
	struct cc_json_array entries;
	cc_json_array_begin(&entries, sources->fp, o, "entries", cc_json_array_next(sources));
	for (size_t i = 0; i < src->n_entries;) {
		size_t j = i;
		while (j < src->n_entries && src->entries[j].n_certs <= WHOLE_ENTRY_MAX_CERTS)
			j++;
		if (j == i) {
			stream_entry(&entries, src, &src->entries[i++], at, purpose);
			continue;
		}
		struct entry_items items = { src, &src->entries[i], at, purpose };
		cc_json_array_add_many(&entries, j - i, entry_item, &items);
		i = j;
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
	const char *format = parsed ? cc_source_format_name(src->format) : NULL;
	json_t *o = json_pack("{s:s, s:o, s:o}", "source", spec, "location",
			      parsed ? json_string(src->location) : json_null(), "format",
			      format ? json_string(format) : json_null());
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

/* --- show --- */

static void json_show(FILE *fp, const struct cc_show_report *r)
{
	/* Written as it is made: {"certcheck_json", ..., "sources": [ */
	json_t *doc = cc_json_document("show", r->at);
	struct cc_json_array sources;
	cc_json_array_begin(&sources, fp, doc, "sources", 0);
	for (size_t i = 0; i < r->n; i++) {
		if (r->loaded[i].src)
			cc_json_stream_source(&sources, r->loaded[i].src, r->at, r->purpose);
		else
			cc_json_array_add(&sources, cc_json_source_error(r->specs[i], &r->loaded[i].err));
	}
	cc_json_array_end(&sources);
	fputc('\n', fp);
	json_decref(doc);
}

static void openmetrics_show(FILE *fp, const struct cc_show_report *r)
{
	const struct cc_source **srcs = cc_xcalloc(r->n + 1, sizeof(*srcs));
	for (size_t i = 0; i < r->n; i++)
		srcs[i] = r->loaded[i].src;
	cc_om_run_timestamp(fp, time(NULL));
	cc_om_show(fp, r->specs, srcs, r->n);
	cc_om_eof(fp);
	free(srcs);
}

static void text_show(struct cc_out *o, const struct cc_show_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_source *src = r->loaded[i].src;
		if (!src)
			continue;
		if (r->pem) {
			for (size_t e = 0; e < src->n_entries; e++)
				cc_text_pem(o, &src->entries[e]);
			continue;
		}
		cc_text_source(o, src, r->at, r->purpose);
		if (src->tls)
			cc_text_ocsp_summary(o, src->tls);
	}
}

void cc_report_show(const struct cc_report_out *out, const struct cc_show_report *r)
{
	switch (out->format) {
	case CC_FORMAT_JSON:
		json_show(out->fp, r);
		break;
	case CC_FORMAT_OPENMETRICS:
		openmetrics_show(out->fp, r);
		break;
	default:
		text_show(&(struct cc_out){ out->fp, out->color }, r);
		break;
	}
}

/* --- connect --- */

/* An endpoint as JSON: the source, why no chain came, what --save wrote. */
static json_t *json_endpoint(const struct cc_connect_item *it, time_t at)
{
	if (!it->tried)
		return cc_json_source_error(it->src->spec, it->err);
	json_t *o = cc_json_source(it->src, at, CC_PURPOSE_SERVER);
	if (it->err)
		json_object_set_new(o, "error", json_string(it->err->msg));
	if (it->saved) {
		json_t *a = json_array();
		for (size_t i = 0; i < it->written->n; i++)
			json_array_append_new(a, json_string(it->written->v[i]));
		json_object_set_new(o, "saved", a);
	}
	return o;
}

/* An endpoint as text: the handshake, then the chain (or the paths
 * --save wrote); with --pem, the chain as PEM only. */
static void text_endpoint(struct cc_out *o, const struct cc_connect_report *r,
			  const struct cc_connect_item *it)
{
	if (!it->tried)
		return;
	bool got = !it->err;
	if (r->pem) {
		if (got)
			cc_text_pem(o, cc_source_main_entry(it->src));
		return;
	}
	cc_text_tls(o, it->src);
	for (size_t i = 0; it->written && !r->quiet && i < it->written->n; i++)
		fprintf(o->fp, "%s\n", it->written->v[i]);
	if (got && !r->save)
		cc_text_source(o, it->src, r->at, CC_PURPOSE_SERVER);
}

void cc_report_connect(const struct cc_report_out *out, const struct cc_connect_report *r)
{
	if (out->format == CC_FORMAT_JSON) {
		json_t *doc = cc_json_document("connect", r->at);
		json_t *sources = json_array();
		json_object_set_new(doc, "sources", sources);
		for (size_t i = 0; i < r->n; i++)
			json_array_append_new(sources, json_endpoint(&r->items[i], r->at));
		cc_json_dump(doc, out->fp);
		json_decref(doc);
		return;
	}
	struct cc_out o = { out->fp, out->color };
	for (size_t i = 0; i < r->n; i++) {
		if (i > 0 && !r->pem)
			fputc('\n', out->fp);
		text_endpoint(&o, r, &r->items[i]);
	}
}
