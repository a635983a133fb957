/* ocsp-query.c: ask an OCSP responder (ocsp-query.h). */
#include "ocsp-query.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "aia-fetch.h"

const char *cc_ocsp_outcome_name(enum cc_ocsp_outcome o)
{
	static const char *const names[] = {
		[CC_OCSP_GOOD] = "good",
		[CC_OCSP_REVOKED] = "revoked",
		[CC_OCSP_FAILED] = "failed",
		[CC_OCSP_NO_ANSWER] = "no-answer",
	};
	return names[o];
}

void cc_ocsp_answer_release(struct cc_ocsp_answer *a)
{
	free(a->url);
	cc_ocsp_staple_free(a->resp);
	free(a->message);
	*a = (struct cc_ocsp_answer)CC_OCSP_ANSWER_INIT;
}

/* The DER request for LEAF by ISSUER with a fresh nonce (copied to NONCE). */
static int make_request(const struct cc_cert *leaf, const struct cc_cert *issuer, gnutls_datum_t *der,
			gnutls_datum_t *nonce)
{
	gnutls_ocsp_req_t req = NULL;
	gnutls_x509_crt_t leaf_crt = cc_cert_crt(leaf), issuer_crt = cc_cert_crt(issuer);
	int r = -1;
	if (leaf_crt && issuer_crt && gnutls_ocsp_req_init(&req) == 0 &&
	    gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, issuer_crt, leaf_crt) == 0 &&
	    gnutls_ocsp_req_randomize_nonce(req) == 0 && gnutls_ocsp_req_get_nonce(req, NULL, nonce) == 0 &&
	    gnutls_ocsp_req_export(req, der) == 0)
		r = 0;
	if (req)
		gnutls_ocsp_req_deinit(req);
	if (leaf_crt)
		gnutls_x509_crt_deinit(leaf_crt);
	if (issuer_crt)
		gnutls_x509_crt_deinit(issuer_crt);
	return r;
}

/* How the response's nonce compares with the request's NONCE. */
static const char *nonce_check(const char *body, size_t len, const gnutls_datum_t *nonce)
{
	gnutls_ocsp_resp_t resp = NULL;
	gnutls_datum_t d = { (unsigned char *)body, (unsigned)len }, got = { NULL, 0 };
	const char *what = "not echoed by the responder";
	if (gnutls_ocsp_resp_init(&resp) == 0 && gnutls_ocsp_resp_import(resp, &d) == 0 &&
	    gnutls_ocsp_resp_get_nonce(resp, NULL, &got) == 0)
		what = got.size == nonce->size && memcmp(got.data, nonce->data, got.size) == 0 ? "matched"
											      : "differs";
	gnutls_free(got.data);
	if (resp)
		gnutls_ocsp_resp_deinit(resp);
	return what;
}

void cc_ocsp_query(const struct cc_cert *leaf, const struct cc_cert *issuer, const char *url,
		   const struct cc_http_options *http, time_t at, struct cc_ocsp_answer *a)
{
	gnutls_datum_t req = { NULL, 0 }, nonce = { NULL, 0 };
	struct cc_error err = CC_ERROR_INIT;
	char *body = NULL;
	size_t len = 0;

	*a = (struct cc_ocsp_answer)CC_OCSP_ANSWER_INIT;
	if (url) {
		a->url = cc_xstrdup(url);
	} else {
		struct cc_strv urls = CC_STRV_INIT;
		cc_aia_urls(leaf, CC_AIA_OCSP, &urls);
		for (size_t i = 0; i < urls.n && !a->url; i++)
			if (cc_http_url_ok(urls.v[i]))
				a->url = cc_xstrdup(urls.v[i]);
		if (!a->url)
			a->message = cc_xstrdup(urls.n ? "the leaf names no http:// OCSP responder; give --ocsp-url"
						       : "the leaf names no OCSP responder (AIA); give --ocsp-url");
		cc_strv_release(&urls);
		if (!a->url)
			goto out;
	}
	if (!issuer) {
		a->message = cc_xstrdup("no issuer of the leaf is known, so no OCSP request can be made "
					"(give --intermediate or --fetch-intermediates)");
		goto out;
	}
	if (make_request(leaf, issuer, &req, &nonce) < 0) {
		a->message = cc_xstrdup("GnuTLS could not build the OCSP request");
		goto out;
	}
	if (cc_http_fetch(a->url, http, req.data, req.size, "application/ocsp-request", &body, &len, &err) < 0) {
		a->message = cc_xstrdup(err.msg);
		goto out;
	}
	a->resp = cc_ocsp_staple_read((const unsigned char *)body, len, leaf, issuer);
	if (a->resp->error) {
		a->message = cc_xasprintf("%s: %s", a->url, a->resp->error);
		goto out;
	}
	a->nonce = nonce_check(body, len, &nonce);
	a->message = cc_ocsp_staple_judge(a->resp, leaf, at);
	if (!a->message && strcmp(a->nonce, "differs") == 0)
		a->message = cc_xstrdup("the response's nonce is not the request's (a replayed response?)");
	if (!a->message)
		a->outcome = CC_OCSP_GOOD;
	else if (a->resp->verified && a->resp->for_leaf && a->resp->revoked_at != (time_t)-1)
		a->outcome = CC_OCSP_REVOKED;
	else
		a->outcome = CC_OCSP_FAILED;
out:
	free(body);
	gnutls_free(req.data);
	gnutls_free(nonce.data);
}
