/* aia-fetch.c: AIA URLs, caIssuers bodies and validation that fetches
 * missing intermediates (aia-fetch.h). */
#include "aia-fetch.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/x509.h>

#include "read.h"
#include "entry.h"

void cc_aia_urls(const struct cc_cert *cert, enum cc_aia_kind kind, struct cc_strv *out)
{
	const char *want = kind == CC_AIA_OCSP ? GNUTLS_OID_AD_OCSP : GNUTLS_OID_AD_CAISSUERS;
	gnutls_x509_crt_t crt = cc_cert_crt(cert);
	if (!crt)
		return;
	for (unsigned seq = 0;; seq++) {
		gnutls_datum_t oid = { NULL, 0 }, uri = { NULL, 0 };
		int r = gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_ACCESSMETHOD_OID,
								  &oid, NULL);
		if (r < 0)
			break;
		/* GnuTLS counts the OID string's NUL in its size */
		bool match = oid.size > strlen(want) && memcmp(oid.data, want, strlen(want) + 1) == 0;
		gnutls_free(oid.data);
		/* GNUTLS_IA_URI fails for a location that is not a URI */
		if (match && gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_URI, &uri, NULL) == 0)
			cc_strv_push(out, cc_escape((const char *)uri.data, uri.size));
		gnutls_free(uri.data);
	}
	gnutls_x509_crt_deinit(crt);
}

int cc_aia_decode(const char *data, size_t len, const char *url, struct cc_cert ***certs, size_t *n,
		  struct cc_error *err)
{
	struct cc_entry e = { 0 };
	int r = cc_read_certs(data, len, url, &e, err);
	if (r == 0)
		r = cc_error_set(err, CC_FAILED, url, "the response holds no certificate");
	for (size_t i = 0; r < 0 && i < e.n_certs; i++)
		cc_cert_free(e.certs[i]);
	cc_strv_release(&e.notes);
	if (r < 0) {
		free(e.certs);
		return -1;
	}
	*certs = e.certs;
	*n = e.n_certs;
	return (int)e.n_certs;
}

void cc_aia_fetches_release(struct cc_aia_fetches *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct cc_aia_fetch *x = &f->v[i];
		for (size_t k = 0; k < x->n_certs; k++)
			cc_cert_free(x->certs[k]);
		free(x->certs);
		free(x->url);
		free(x->for_subject);
		free(x->error);
	}
	free(f->v);
	*f = (struct cc_aia_fetches)CC_AIA_FETCHES_INIT;
}

static bool fetched_already(const struct cc_aia_fetches *f, const char *url)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].url, url) == 0)
			return true;
	return false;
}

/* Fetch URL for TOP into a new entry of F; append to *POOL what is new.
 * Returns how many certificates were new. */
static size_t fetch_one(const char *url, const struct cc_cert *top, const struct cc_http_options *http,
			struct cc_aia_fetches *f, struct cc_cert ***pool, size_t *n_pool, size_t *alloc_pool)
{
	CC_ARRAY_GROW(f->v, f->n, f->alloc);
	struct cc_aia_fetch *x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->url = cc_xstrdup(url);
	x->for_subject = cc_xstrdup(top->subject);
	struct cc_error err = CC_ERROR_INIT;
	char *body = NULL;
	size_t len = 0, added = 0;
	if (cc_http_fetch(url, http, NULL, 0, NULL, &body, &len, &err) < 0 ||
	    cc_aia_decode(body, len, url, &x->certs, &x->n_certs, &err) < 0) {
		/* the URL is said once, before the error */
		size_t n = strlen(url);
		x->error = cc_xstrdup(strncmp(err.msg, url, n) == 0 && strncmp(err.msg + n, ": ", 2) == 0
					      ? err.msg + n + 2
					      : err.msg);
		goto out;
	}
	added = cc_certs_add_unique(pool, n_pool, alloc_pool, x->certs, x->n_certs);
out:
	free(body);
	return added;
}

int cc_validate_fetching(const struct cc_cert *leaf, const struct cc_validate_options *o,
			 const struct cc_http_options *http, size_t max_fetches,
			 struct cc_validation *v, struct cc_aia_fetches *fetches, struct cc_error *err)
{
	struct cc_validate_options opts = *o;
	struct cc_cert **pool = NULL;
	size_t n_pool = 0, alloc_pool = 0, spent = 0;
	int ret = -1;

	for (size_t i = 0; i < o->n_pool; i++) {
		CC_ARRAY_GROW(pool, n_pool, alloc_pool);
		pool[n_pool++] = o->pool[i];
	}
	if (cc_validate(leaf, &opts, v, err) < 0)
		goto out;
	/* a path that reaches an anchor failed for another reason: no fetch helps */
	while (!v->ok && !v->path.anchored && v->path.n > 0) {
		const struct cc_cert *top = v->path.certs[v->path.n - 1];
		struct cc_strv urls = CC_STRV_INIT;
		size_t added = 0;
		fetches->needed = true;
		if (!top->self_signed)
			cc_aia_urls(top, CC_AIA_CA_ISSUERS, &urls);
		for (size_t i = 0; i < urls.n && !added; i++) {
			if (!cc_http_url_ok(urls.v[i]) || fetched_already(fetches, urls.v[i]))
				continue;
			if (spent == max_fetches) {
				fetches->exhausted = true;
				break;
			}
			spent++;
			added = fetch_one(urls.v[i], top, http, fetches, &pool, &n_pool, &alloc_pool);
		}
		cc_strv_release(&urls);
		if (!added)
			break;
		cc_validation_release(v);
		opts.pool = pool;
		opts.n_pool = n_pool;
		if (cc_validate(leaf, &opts, v, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(pool);
	return ret;
}
