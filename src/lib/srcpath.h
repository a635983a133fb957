/* srcpath.h: the validated path of a source's chain.
 *
 * `check`, `roots` and the trust link of `show` judge a source by the path
 * the validator (validate.h) builds from its main chain to a set of trust
 * anchors, never by the certificate that happens to sit on top of a file.
 * This module says which anchors a source is judged against (the ones the
 * user gave, the source's own trust entries such as a dump's ROOTCA, the
 * root it presents, the system store) and runs the validator once.
 * Nothing here prints.
 */
#ifndef CC_SRCPATH_H
#define CC_SRCPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "aia-fetch.h"
#include "entry.h"
#include "validate.h"

/* Where the anchors of a validation came from. */
enum cc_anchor_origin {
	CC_ANCHORS_NONE,        /* nothing to validate against */
	CC_ANCHORS_GIVEN,       /* the user's files (--expect-root, --root) */
	CC_ANCHORS_TRUST_ENTRY, /* the source's own trust (ROOTCA, ca.crt, ...) */
	CC_ANCHORS_MIXED,       /* the user's files and the source's trust */
	CC_ANCHORS_PRESENTED,   /* the self-signed certificates the chain presents */
	CC_ANCHORS_SYSTEM,      /* the system trust store */
};

/* Which anchors to use, in the order tried. */
enum cc_anchor_policy {
	/* check: the given anchors and the source's trust entries together;
	 * the system store when there are neither. */
	CC_ANCHOR_POLICY_CHECK,
	/* roots: the source's trust entries; else the self-signed
	 * certificates the chain presents; else the given anchors (--root,
	 * for sources that send no root). */
	CC_ANCHOR_POLICY_ROOTS,
	/* the given anchors only (an --expect-root FILE, a trust bundle of
	 * another source). */
	CC_ANCHOR_POLICY_GIVEN,
};

struct cc_srcpath_options {
	enum cc_anchor_policy policy;
	struct cc_cert *const *anchors;   /* given anchors */
	size_t n_anchors;
	const char *anchors_name;         /* how to name them: "--root root.pem" */
	time_t at;
	enum cc_profile profile;
	enum cc_purpose purpose;
	const char *host;                 /* checked when given */
	struct cc_cert *const *extra_pool; /* more untrusted certificates (fetched ones) */
	size_t n_extra_pool;
	const struct cc_http_options *fetch; /* --fetch-intermediates: fetch the caIssuers
					      of a path that reaches no anchor; NULL: no */
};

struct cc_srcpath {
	const struct cc_entry *chain;     /* the source's main chain (borrowed) */
	enum cc_anchor_origin origin;
	char *anchors_from;               /* in words: "ROOTCA", "the system trust store" */
	bool ran;                         /* the validator ran (else REASON says why not) */
	struct cc_validation v;
	char *reason;                     /* !ok: one line on why; else NULL */
	bool fetch_asked;                 /* O->fetch was given: FETCHES says what came */
	struct cc_aia_fetches fetches;    /* owns fetched certificates V may point into */
};
#define CC_SRCPATH_INIT { 0 }
void cc_srcpath_release(struct cc_srcpath *p);

/* Validate the main chain of SRC under O.  Never fails: a chain that does
 * not validate, or cannot be validated, says why in OUT->reason. */
void cc_srcpath_validate(const struct cc_source *src, const struct cc_srcpath_options *o,
			 struct cc_srcpath *out);

/* Whether the path validated. */
static inline bool cc_srcpath_ok(const struct cc_srcpath *p)
{
	return p->ran && p->v.ok;
}

/* The certificate the validated path ends at (its trust anchor), or NULL. */
const struct cc_cert *cc_srcpath_anchor(const struct cc_srcpath *p);

/* The certificates of the source's trust entries for its main chain (the
 * partners of trustlink.h, else every trust entry), in a new array. */
struct cc_cert **cc_source_trust_certs(const struct cc_source *src, size_t *n);

#endif
