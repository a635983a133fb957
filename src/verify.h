/* verify.h: path validation on GnuTLS trust lists.
 *
 * The roots are the anchors (the system store when none is given); the
 * chain's own certificates after the leaf and the extra intermediates are
 * untrusted and may come in any order.  The result holds the path that was
 * built and every reason validation failed, in words.
 */
#ifndef CC_VERIFY_H
#define CC_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert.h"
#include "util.h"

enum cc_purpose {
	CC_PURPOSE_ANY,      /* no EKU requirement */
	CC_PURPOSE_SERVER,   /* id-kp-serverAuth */
	CC_PURPOSE_CLIENT,   /* id-kp-clientAuth */
};
/* "server", "client" or "any"; -1 for anything else. */
int cc_purpose_parse(const char *s, enum cc_purpose *out);

struct cc_verify_options {
	struct cc_cert *const *roots;          /* anchors; none: the system store */
	size_t n_roots;
	struct cc_cert *const *intermediates;  /* untrusted, any order */
	size_t n_intermediates;
	const char *host;                      /* --host: RFC 6125 DNS name (or IP literal) */
	const char *ip;                        /* --ip: an IPv4 or IPv6 address */
	const char *uri;                       /* --uri: exact URI SAN on the leaf */
	enum cc_purpose purpose;
	time_t at;                             /* judge validity at this time */
};

/* Reason codes: stable (JSON "code"). */
#define CC_V_SIGNER_NOT_FOUND  "signer_not_found"
#define CC_V_SIGNER_NOT_CA     "signer_not_ca"
#define CC_V_EXPIRED           "expired"
#define CC_V_NOT_YET_VALID     "not_yet_valid"
#define CC_V_INSECURE_ALG      "insecure_algorithm"
#define CC_V_BAD_SIGNATURE     "bad_signature"
#define CC_V_NAME_MISMATCH     "name_mismatch"
#define CC_V_PURPOSE_MISMATCH  "purpose_mismatch"
#define CC_V_CONSTRAINTS       "signer_constraints"
#define CC_V_OTHER             "invalid"

struct cc_verify_reason {
	const char *code;
	char *message;       /* one line, plain words, naming the certificate */
};

struct cc_verify_result {
	bool ok;
	unsigned gnutls_status;          /* gnutls_certificate_status_t bits */
	const struct cc_cert **path;     /* borrowed: leaf first, as built */
	size_t n_path;
	bool anchored;                   /* the path's top is (or is issued by) an anchor */
	const struct cc_cert *anchor;    /* the anchor it reached, or NULL */
	struct cc_cert *owned_anchor;    /* an anchor taken from the system store */
	struct cc_verify_reason *reasons;
	size_t n_reasons;
	size_t alloc_reasons;
};
#define CC_VERIFY_RESULT_INIT { false, 0, NULL, 0, false, NULL, NULL, NULL, 0, 0 }
void cc_verify_result_release(struct cc_verify_result *r);

/* Validate CHAIN[0..N) (leaf first).  Returns -1 only when verification
 * could not run (a bad --ip, the system store cannot be loaded); a chain
 * that does not validate is R->ok == false with its reasons. */
int cc_verify_chain(struct cc_cert *const *chain, size_t n, const struct cc_verify_options *opts,
		    struct cc_verify_result *r, struct cc_error *err);

#endif
