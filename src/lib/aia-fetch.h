/* aia-fetch.h: what a certificate's Authority Information Access points at
 * (RFC 5280 4.2.2.1): the caIssuers URLs where its issuer can be fetched,
 * and the OCSP responders that answer for it.
 *
 * Missing intermediates: cc_validate_fetching() validates, and while no
 * path reaches an anchor it fetches the caIssuers of the certificate at the
 * top of the best path (DER, PKCS#7 "certs-only" or PEM), adds what came to
 * the untrusted pool and validates again, at most MAX_FETCHES fetches in
 * all, each bounded in time and size (http-fetch.h).  Nothing here prints;
 * the caller says which certificates came from which URL. */
#ifndef CC_AIA_FETCH_H
#define CC_AIA_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "cert.h"
#include "http-fetch.h"
#include "util.h"
#include "validate.h"

/* Default --fetch-intermediates budget: a chain rarely lacks more than two
 * intermediates; 4 fetches cover that with a spare URL each. */
#define CC_AIA_MAX_FETCHES 4

enum cc_aia_kind {
	CC_AIA_OCSP,         /* id-ad-ocsp */
	CC_AIA_CA_ISSUERS,   /* id-ad-caIssuers */
};

/* Append to OUT the URIs of CERT's AIA of KIND, in the certificate's order
 * (any scheme: callers skip what they cannot fetch). */
void cc_aia_urls(const struct cc_cert *cert, enum cc_aia_kind kind, struct cc_strv *out);

/* The certificates in a caIssuers body DATA[0..LEN): DER (RFC 5280 says
 * DER or PKCS#7 "certs-only"), PEM tolerated.  URL names it in errors.
 * Returns the number of certificates (at least 1) put in *CERTS (caller
 * frees each and the array), or -1. */
int cc_aia_decode(const char *data, size_t len, const char *url, struct cc_cert ***certs, size_t *n,
		  struct cc_error *err);

/* One fetch of a caIssuers URL. */
struct cc_aia_fetch {
	char *url;
	char *for_subject;       /* the certificate whose AIA named URL */
	struct cc_cert **certs;  /* owned: what the body held (empty on error) */
	size_t n_certs;
	char *error;             /* why nothing came ("URL: ..."), or NULL */
};

struct cc_aia_fetches {
	struct cc_aia_fetch *v;
	size_t n, alloc;
	bool needed;             /* no path reached an anchor without fetching */
	bool exhausted;          /* MAX_FETCHES were spent while a path still lacked
				    an issuer */
};
#define CC_AIA_FETCHES_INIT { NULL, 0, 0, false, false }
/* Frees the fetched certificates too: release after every validation that
 * borrows them. */
void cc_aia_fetches_release(struct cc_aia_fetches *f);

/* cc_validate(LEAF, O, V), then, while V holds no anchored path, fetch the
 * caIssuers URLs (http:// only) of the top certificate of V's path with
 * HTTP, at most MAX_FETCHES in all, and validate again with what came added
 * to O's pool.  The certificates in V may belong to FETCHES: release V
 * first.  Returns -1 only when cc_validate does. */
int cc_validate_fetching(const struct cc_cert *leaf, const struct cc_validate_options *o,
			 const struct cc_http_options *http, size_t max_fetches,
			 struct cc_validation *v, struct cc_aia_fetches *fetches, struct cc_error *err);

#endif
