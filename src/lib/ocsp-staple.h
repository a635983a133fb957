/* ocsp-staple.h: the OCSP response a server staples to its certificate
 * (TLS status_request), decoded and checked against the leaf's issuer
 * with GnuTLS's gnutls_ocsp_resp_* API. */
#ifndef CC_OCSP_STAPLE_H
#define CC_OCSP_STAPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert.h"

struct cc_ocsp_staple {
	const char *status;      /* "good", "revoked", "unknown" (the leaf's
				    certStatus); NULL when undecodable */
	char *error;             /* why it could not be decoded, or NULL */
	time_t produced_at, this_update;
	time_t next_update;      /* (time_t)-1: none given */
	time_t revoked_at;       /* (time_t)-1 unless revoked */
	const char *reason;      /* the revocation reason ("keyCompromise"), NULL
				    unless revoked */
	char *responder;         /* its DN, or "key SHA-1 <hex>" */
	bool for_leaf;           /* the response names the leaf (issuer hashes
				    and serial) */
	bool verified;           /* signed by the issuer, or by a responder
				    certificate the issuer delegated to */
	char *verification;      /* in words: "signed by the issuer CN=...",
				    or why not */
};

/* Decode the DER response DER[0..LEN) for LEAF and check its signature
 * against ISSUER (NULL when the chain has no issuer for the leaf).  Always
 * returns a new staple (caller frees); its ERROR says when the response
 * could not be decoded. */
struct cc_ocsp_staple *cc_ocsp_staple_read(const unsigned char *der, size_t len,
					   const struct cc_cert *leaf, const struct cc_cert *issuer);
void cc_ocsp_staple_free(struct cc_ocsp_staple *staple);

/* Clock skew allowed between the responder and --at on thisUpdate and
 * nextUpdate, as OpenSSL's OCSP_check_validity allows: 5 minutes. */
#define CC_OCSP_SKEW_SECONDS 300

/* Whether S says LEAF (serial in the message) is good at AT: NULL when it
 * decoded, names the leaf, verifies against the issuer, says good and is
 * current at AT (thisUpdate not after AT, nextUpdate, when given, not
 * before AT, each with CC_OCSP_SKEW_SECONDS).  Else why not, in one line
 * (caller frees); a revocation says so first, with its time and reason. */
char *cc_ocsp_staple_judge(const struct cc_ocsp_staple *s, const struct cc_cert *leaf, time_t at);

#endif
