/* report-fetch.c: writers for caIssuers fetches and OCSP answers
 * (report-fetch.h). */
#include "report-fetch.h"

#include <string.h>

void cc_text_aia_fetches(struct cc_out *o, const struct cc_aia_fetches *f)
{
	fprintf(o->fp, "Fetched (AIA caIssuers):%s\n",
		f->n	    ? ""
		: f->needed ? " nothing (no http:// caIssuers URL to follow)"
			    : " nothing (not needed: a path reaches a trust anchor)");
	for (size_t i = 0; i < f->n; i++) {
		const struct cc_aia_fetch *x = &f->v[i];
		if (x->error) {
			fprintf(o->fp, "  %s (caIssuers of %s): %s%s%s\n", x->url, x->for_subject,
				cc_style_on(o, CC_STYLE_ERR), x->error, cc_style_off(o));
			continue;
		}
		fprintf(o->fp, "  %s (caIssuers of %s): %zu certificate%s\n", x->url, x->for_subject, x->n_certs,
			x->n_certs == 1 ? "" : "s");
		for (size_t k = 0; k < x->n_certs; k++)
			fprintf(o->fp, "    %s  sha256 %s\n", x->certs[k]->subject, x->certs[k]->sha256);
	}
	if (f->exhausted)
		fprintf(o->fp, "  (stopped after %zu fetches: the limit)\n", f->n);
}

json_t *cc_json_aia_fetches(const struct cc_aia_fetches *f)
{
	json_t *a = json_array();
	for (size_t i = 0; i < f->n; i++) {
		const struct cc_aia_fetch *x = &f->v[i];
		json_t *certs = json_array();
		for (size_t k = 0; k < x->n_certs; k++)
			json_array_append_new(certs, json_pack("{s:s, s:s}", "subject", x->certs[k]->subject,
							       "sha256", x->certs[k]->sha256));
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s?}", "url", x->url, "for",
						   x->for_subject, "certificates", certs, "error", x->error));
	}
	return a;
}

void cc_text_ocsp_answer(struct cc_out *o, const struct cc_ocsp_answer *a)
{
	const struct cc_ocsp_staple *s = a->resp;
	char buf[32];
	bool good = a->outcome == CC_OCSP_GOOD;
	if (good)
		fprintf(o->fp, "OCSP: %sgood%s\n", cc_style_on(o, CC_STYLE_OK), cc_style_off(o));
	else
		fprintf(o->fp, "OCSP: %s%s%s%s\n", cc_style_on(o, CC_STYLE_ERR),
			a->outcome == CC_OCSP_NO_ANSWER ? "no answer: " : "", a->message, cc_style_off(o));
	fprintf(o->fp, "  responder URL:     %s\n", a->url ? a->url : "(none contacted)");
	if (!s || !s->status)
		return;
	fprintf(o->fp, "  status:            %s\n", s->status);
	if (s->revoked_at != (time_t)-1)
		fprintf(o->fp, "  revoked at:        %s (reason %s)\n",
			cc_time_format(s->revoked_at, buf, sizeof(buf)), s->reason);
	fprintf(o->fp, "  produced at:       %s\n", cc_time_format(s->produced_at, buf, sizeof(buf)));
	fprintf(o->fp, "  this update:       %s\n", cc_time_format(s->this_update, buf, sizeof(buf)));
	fprintf(o->fp, "  next update:       %s\n",
		s->next_update != (time_t)-1 ? cc_time_format(s->next_update, buf, sizeof(buf)) : "(none)");
	fprintf(o->fp, "  responder:         %s\n", s->responder ? s->responder : "(not named)");
	fprintf(o->fp, "  signature:         %s\n", s->verification ? s->verification : "(not checked)");
	if (a->nonce)
		fprintf(o->fp, "  nonce:             %s\n", a->nonce);
}

json_t *cc_json_ocsp_answer(const struct cc_ocsp_answer *a)
{
	return json_pack("{s:s?, s:s, s:s?, s:s?, s:o}", "url", a->url, "outcome",
			 cc_ocsp_outcome_name(a->outcome), "message", a->message, "nonce", a->nonce,
			 "response", cc_json_ocsp_staple(a->resp));
}
