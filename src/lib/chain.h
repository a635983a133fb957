/* chain.h: findings about a chain as it was presented.
 *
 * Order (each certificate issued by the next), issuer links by DN and
 * AKI/SKI confirmed by signature, whether a self-signed root is present,
 * a missing issuer at the top, duplicates, and members that are expired or
 * not yet valid at a given time.  Nothing here decides trust: that is
 * verify.c's job, against anchors the user names.
 */
#ifndef CC_CHAIN_H
#define CC_CHAIN_H

#include <stddef.h>
#include <time.h>

#include "cert.h"

enum cc_severity {
	CC_SEV_OK,       /* a property that holds ("presented in order") */
	CC_SEV_INFO,     /* worth knowing, not a fault ("root not sent") */
	CC_SEV_WARNING,  /* works for many clients, breaks some */
	CC_SEV_ERROR,    /* breaks validation */
};
const char *cc_severity_name(enum cc_severity sev);

/* Stable finding codes (JSON "code"; documented in certcheck-json(5)). */
#define CC_F_IN_ORDER        "in_order"
#define CC_F_OUT_OF_ORDER    "out_of_order"
#define CC_F_ISSUER_MISSING  "issuer_missing"
#define CC_F_ROOT_PRESENT    "root_present"
#define CC_F_BAD_SIGNATURE   "bad_signature"
#define CC_F_KEYID_MISMATCH  "issuer_key_mismatch"
#define CC_F_DUPLICATE       "duplicate"
#define CC_F_EXPIRED         "expired"
#define CC_F_NOT_YET_VALID   "not_yet_valid"
#define CC_F_ROOT_BUNDLE     "root_bundle"
#define CC_F_BUNDLE          "bundle"
#define CC_F_SIG_UNCHECKED   "signature_unchecked"
#define CC_F_NEGATIVE_SERIAL "negative_serial"

struct cc_finding {
	const char *code;
	enum cc_severity severity;
	size_t cert;         /* 1-based position concerned, 0 for the chain */
	char *message;       /* one line, plain words */
};

struct cc_findings {
	struct cc_finding *v;
	size_t n;
	size_t alloc;
};
#define CC_FINDINGS_INIT { NULL, 0, 0 }

void cc_findings_add(struct cc_findings *f, const char *code, enum cc_severity sev, size_t cert,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void cc_findings_release(struct cc_findings *f);
/* The worst severity present (CC_SEV_OK when empty). */
enum cc_severity cc_findings_worst(const struct cc_findings *f);

/* Analyse CERTS[0..N) as presented (leaf first) at time AT. */
void cc_chain_analyze(struct cc_cert *const *certs, size_t n, time_t at, struct cc_findings *out);
/* Analyse a set of trust anchors: repeats and validity only (no order). */
void cc_trust_analyze(struct cc_cert *const *certs, size_t n, time_t at, struct cc_findings *out);

/* A short name for a certificate in messages: its subject, or its first SAN
 * when the subject is empty (Istio workload leaves), or "(empty subject)".
 * Caller frees. */
char *cc_cert_label(const struct cc_cert *cert);

#endif
