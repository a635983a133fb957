/* report-probe.c: the SNI probe as a table and as JSON (sni-probe.h). */
#include <stdlib.h>
#include <string.h>

#include "report-probe.h"

/* The cells of one attempt's row. */
static void row_cells(const struct cc_probe_attempt *a, const char *cells[5], char count[16])
{
	const struct cc_entry *e = a->got ? cc_source_main_entry(a->src) : NULL;
	const struct cc_tls_info *t = a->src ? a->src->tls : NULL;
	cells[0] = t && t->sni ? t->sni : "(none)";
	cells[1] = t ? cc_tls_status_name(t->status) : "error";
	snprintf(count, 16, "%zu", e ? e->n_certs : (size_t)0);
	cells[2] = count;
	cells[3] = e ? e->certs[0]->subject : "(no chain)";
	cells[4] = e ? e->certs[0]->sha256 : "";
}

void cc_text_sni_probe(struct cc_out *o, const struct cc_sni_probe *p)
{
	static const char *const heads[5] = { "SNI sent", "Handshake", "Certs", "Leaf subject",
					      "Leaf SHA-256" };
	const char *cells[CC_PROBE_N][5];
	char counts[CC_PROBE_N][16];
	int width[5];
	for (int c = 0; c < 5; c++)
		width[c] = (int)strlen(heads[c]);
	for (int k = 0; k < CC_PROBE_N; k++) {
		row_cells(&p->attempts[k], cells[k], counts[k]);
		for (int c = 0; c < 5; c++)
			if ((int)strlen(cells[k][c]) > width[c])
				width[c] = (int)strlen(cells[k][c]);
	}
	fprintf(o->fp, "%s== %s (SNI probe) ==%s\n", cc_style_on(o, CC_STYLE_BOLD), p->spec,
		cc_style_off(o));
	const struct cc_tls_info *t0 = p->attempts[0].src ? p->attempts[0].src->tls : NULL;
	fprintf(o->fp, "  %-19s %s\n", "Address:", t0 && t0->address ? t0->address : "(none)");
	fprintf(o->fp, "  %-*s  %-*s  %-*s  %-*s  %s\n", width[0], heads[0], width[1], heads[1],
		width[2], heads[2], width[3], heads[3], heads[4]);
	for (int k = 0; k < CC_PROBE_N; k++)
		fprintf(o->fp, "  %-*s  %-*s  %-*s  %-*s%s%s\n", width[0], cells[k][0], width[1],
			cells[k][1], width[2], cells[k][2], *cells[k][4] ? width[3] : 0, cells[k][3],
			*cells[k][4] ? "  " : "", cells[k][4]);
	fprintf(o->fp, "%s%s%s\n", cc_style_on(o, p->same ? CC_STYLE_OK : CC_STYLE_WARN), p->verdict,
		cc_style_off(o));
	for (int k = 0; k < CC_PROBE_N; k++) {
		const struct cc_probe_attempt *a = &p->attempts[k];
		const struct cc_tls_info *t = a->src ? a->src->tls : NULL;
		if (a->got && t && t->status != CC_TLS_COMPLETED)
			fprintf(o->fp, "%snote:%s with SNI %s the handshake did not complete (%s); the "
				       "chain is the one presented before that\n",
				cc_style_on(o, CC_STYLE_DIM), cc_style_off(o), cells[k][0], t->message);
	}
}

json_t *cc_json_sni_probe(const struct cc_sni_probe *p)
{
	json_t *attempts = json_array();
	for (int k = 0; k < CC_PROBE_N; k++) {
		const struct cc_probe_attempt *a = &p->attempts[k];
		const struct cc_entry *e = a->got ? cc_source_main_entry(a->src) : NULL;
		const struct cc_tls_info *t = a->src ? a->src->tls : NULL;
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(cc_probe_kind_name(a->kind)));
		json_object_set_new(o, "sni", t && t->sni ? json_string(t->sni) : json_null());
		json_object_set_new(o, "chain", json_integer((json_int_t)(e ? e->n_certs : 0)));
		json_object_set_new(o, "leaf", e ? json_pack("{s:s, s:s}", "subject", e->certs[0]->subject,
							     "sha256", e->certs[0]->sha256)
						 : json_null());
		json_t *shas = json_array();
		for (size_t i = 0; e && i < e->n_certs; i++)
			json_array_append_new(shas, json_string(e->certs[i]->sha256));
		json_object_set_new(o, "chain_sha256", shas);
		json_object_set_new(o, "tls", t ? cc_json_tls(t) : json_null());
		json_object_set_new(o, "error", a->got ? json_null() : json_string(a->err.msg));
		json_array_append_new(attempts, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(p->spec));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "same_chain", json_boolean(p->same));
	json_object_set_new(o, "verdict", json_string(p->verdict));
	json_object_set_new(o, "attempts", attempts);
	return o;
}

void cc_report_sni_probe(const struct cc_report_out *out, const struct cc_sni_probe_report *r)
{
	if (out->format == CC_FORMAT_JSON) {
		json_t *doc = cc_json_document("connect", r->at);
		json_object_set_new(doc, "sni_probe", cc_json_sni_probe(r->probe));
		cc_json_dump(doc, out->fp);
		json_decref(doc);
	} else {
		cc_text_sni_probe(&(struct cc_out){ out->fp, out->color }, r->probe);
	}
}
