/* validate.h: the path validator behind every verdict.
 *
 * certcheck builds and judges certification paths itself: candidate
 * issuers by subject name, narrowed by the authority/subject key
 * identifiers, each link's signature checked with the issuer's key (GnuTLS
 * verifies the signature, nothing else); on any failure the next candidate
 * is tried (cross-signed roots, expired and re-issued intermediates, loops,
 * duplicates, unrelated extras), so a valid path is found when one exists.
 * Each complete path is then judged by the rules of rules.h under a profile:
 * validity of every certificate (the anchor included), CA flags and path
 * lengths, key usage, EKU chaining, name constraints, unknown critical
 * extensions, algorithms and keys, CRLs, the peer name.
 *
 * Nothing here prints; the result holds the chosen path, its findings, and
 * every other candidate path that was tried with the reason it failed.
 */
#ifndef CC_VALIDATE_H
#define CC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert.h"
#include "entry.h"
#include "chain.h"
#include "rules.h"
#include "util.h"
#include "verify.h"

/* Default --max-depth: intermediates (self-issued ones not counted). */
#define CC_DEFAULT_MAX_DEPTH 10

/* A CRL given with --crl, decoded once (caller owns; cc_crl_free). */
struct cc_crl;
/* Every CRL in DATA (PEM, one or more, or DER).  WHERE names it in errors. */
int cc_crl_read(const void *data, size_t len, const char *where, struct cc_crl ***out,
		size_t *n_out, struct cc_error *err);
void cc_crl_free(struct cc_crl *crl);

struct cc_validate_options {
	struct cc_cert *const *pool;          /* untrusted certificates, any order */
	size_t n_pool;
	struct cc_cert *const *anchors;       /* trust anchors */
	size_t n_anchors;
	bool system_anchors;                  /* also the system trust store */
	time_t at;
	enum cc_purpose purpose;
	const char *host;                     /* reference identities of the leaf */
	const char *ip;
	const char *uri;
	const char *email;
	enum cc_profile profile;
	struct cc_crl *const *crls;
	size_t n_crls;
	int max_depth;                        /* intermediates; < 0: CC_DEFAULT_MAX_DEPTH */
};

/* A rule that a path breaks (FAIL) or bends (WARN). */
struct cc_vfinding {
	enum cc_rule_id rule;
	enum cc_rule_level level;
	size_t cert;            /* 1-based position in the path; 0: the path as a whole */
	char *message;          /* one line: the certificate and the value at fault */
};

struct cc_vpath {
	const struct cc_cert **certs;  /* borrowed: leaf first, the anchor last */
	size_t n;
	bool anchored;                 /* certs[n-1] is a trust anchor */
	bool partial;                  /* the anchor is not self-signed (a trusted intermediate) */
	bool ok;                       /* no FAIL finding */
	size_t n_fail;
	struct cc_vfinding *findings;
	size_t n_findings, alloc_findings;
};

struct cc_validation {
	bool ok;
	enum cc_profile profile;
	bool name_checked;             /* a host, IP, URI or email was given */
	struct cc_vpath path;          /* the valid path, or the best failed candidate */
	struct cc_vpath *candidates;   /* the other complete or dead-end paths tried */
	size_t n_candidates, alloc_candidates;
	size_t n_tried;                /* candidates tried in all (may exceed those kept) */
	struct cc_cert **owned;        /* anchors taken from the system store */
	size_t n_owned, alloc_owned;
};
#define CC_VALIDATION_INIT { 0 }
void cc_validation_release(struct cc_validation *v);

/* Validate LEAF.  Returns -1 only when validation could not run (a bad
 * --ip, the system store cannot be loaded); a chain that does not validate
 * is V->ok == false, with the reasons in V->path.findings. */
int cc_validate(const struct cc_cert *leaf, const struct cc_validate_options *o,
		struct cc_validation *v, struct cc_error *err);

/* Signature cache counters, for tests and benchmarks. */
void cc_validate_cache_stats(size_t *hits, size_t *misses);

/* --- a source's chain (entry.h) --- */

/* Validate CHAIN (its first certificate the leaf, the others the
 * untrusted pool, in any order) to ANCHORS (and the system store with
 * SYSTEM) at AT: one call of cc_validate() with the default depth. */
int cc_validate_entry(const struct cc_entry *chain, struct cc_cert *const *anchors, size_t n_anchors,
		      bool system, time_t at, enum cc_purpose purpose, enum cc_profile profile,
		      const char *host, struct cc_validation *v, struct cc_error *err);

/* One line on why V failed: its first FAIL finding as "code: message",
 * else "no valid path to ANCHORS_FROM" (caller frees). */
char *cc_validation_why(const struct cc_validation *v, const char *anchors_from);

#endif
