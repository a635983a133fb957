/* ocsp-query.h: ask an OCSP responder about a certificate (RFC 6960) over
 * HTTP: the request is built with gnutls_ocsp_req_* (SHA-1 CertID, as
 * every responder accepts, and a random nonce), POSTed with libcurl
 * (http-fetch.h), and the response decoded and verified as a stapled one
 * is (ocsp-staple.h): signed by the issuer or by a responder it delegated
 * to, about this certificate, current at --at.  A nonce the responder
 * echoes must be the request's; one it leaves out (pre-signed responses)
 * is said, not held against it. */
#ifndef CC_OCSP_QUERY_H
#define CC_OCSP_QUERY_H

#include <stdbool.h>
#include <time.h>

#include "cert.h"
#include "http-fetch.h"
#include "ocsp-staple.h"

enum cc_ocsp_outcome {
	CC_OCSP_GOOD,        /* a verified, current "good" for the certificate */
	CC_OCSP_REVOKED,     /* a verified "revoked" */
	CC_OCSP_FAILED,      /* any other answer (unknown, not verified, out of
				date, not about the certificate, wrong nonce) */
	CC_OCSP_NO_ANSWER,   /* no OCSP response came (no URL, no issuer,
				unreachable, an HTTP error, not OCSP, not
				successful) */
};
/* "good", "revoked", "failed", "no-answer" */
const char *cc_ocsp_outcome_name(enum cc_ocsp_outcome o);

struct cc_ocsp_answer {
	enum cc_ocsp_outcome outcome;
	char *url;                     /* the responder contacted, NULL when none */
	struct cc_ocsp_staple *resp;   /* the decoded response, NULL when none came */
	const char *nonce;             /* "matched", "not echoed by the responder",
				          "differs" */
	char *message;                 /* one line: why it is not good, or NULL */
};
#define CC_OCSP_ANSWER_INIT { CC_OCSP_NO_ANSWER, NULL, NULL, NULL, NULL }
void cc_ocsp_answer_release(struct cc_ocsp_answer *a);

/* Ask URL (NULL: the first http:// OCSP URL of LEAF's AIA) about LEAF,
 * issued by ISSUER (NULL when no issuer is known: no request can be made),
 * judging the answer at AT.  Fills A; never fails otherwise. */
void cc_ocsp_query(const struct cc_cert *leaf, const struct cc_cert *issuer, const char *url,
		   const struct cc_http_options *http, time_t at, struct cc_ocsp_answer *a);

#endif
