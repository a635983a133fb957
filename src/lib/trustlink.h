/* trustlink.h: does a chain inside a dump lead to the same dump's trust?
 *
 * A proxy's `default` chain is meant to verify against its `ROOTCA`; a
 * Kubernetes secret's tls.crt against its ca.crt.  This pairs a chain
 * entry with the trust entries of the same source and validates it with
 * the path validator (validate.h) at a given time.  It returns data; `show` reports it as a
 * finding, `check` as a result.
 */
#ifndef CC_TRUSTLINK_H
#define CC_TRUSTLINK_H

#include <stddef.h>
#include <time.h>

#include "chain.h"
#include "entry.h"

/* Finding code (JSON "code"). */
#define CC_F_TRUST_LINK "trust_link"

enum cc_trustlink_state {
	CC_TRUSTLINK_UNCHECKED, /* the source has no trust entry for this chain */
	CC_TRUSTLINK_LINKED,    /* the chain verifies against the trust entry */
	CC_TRUSTLINK_BROKEN,    /* it does not; REASON says why */
};

struct cc_trustlink {
	enum cc_trustlink_state state;
	char *trust;   /* name of the trust entry checked against ("ROOTCA"), or NULL */
	size_t n_anchors; /* certificates it holds */
	char *reason;  /* BROKEN: why, in words; UNCHECKED: why not; else NULL */
};
#define CC_TRUSTLINK_INIT { CC_TRUSTLINK_UNCHECKED, NULL, 0, NULL }
void cc_trustlink_release(struct cc_trustlink *tl);

/* The trust entries of SRC that CHAIN is meant to lead to, by the names
 * Istio, Envoy and Kubernetes give them: `default` to `ROOTCA` (and its
 * SPIFFE bundles `ROOTCA/DOMAIN`), `kubernetes://X` to
 * `kubernetes://X-cacert`, `file-cert:...` to `file-root:...`, a ztunnel
 * identity to IDENTITY/roots, NS/NAME/tls.crt to NS/NAME/ca.crt (any trust
 * key of the same Kubernetes object).  Fills OUT (up to MAX, borrowed) and
 * returns how many there are (entries without certificates included). */
size_t cc_trustlink_partners(const struct cc_source *src, const struct cc_entry *chain,
			     const struct cc_entry **out, size_t max);

/* Validate CHAIN (its first certificate the leaf, the others in any order)
 * to its partner trust entries in SRC at time AT, any purpose, the
 * `clients` profile.  Never fails: the answer is in OUT.  Thread-safe. */
void cc_trustlink_check(const struct cc_source *src, const struct cc_entry *chain, time_t at,
			struct cc_trustlink *out);

/* TL as a finding about CHAIN: ok when linked, error when broken, info
 * when unchecked. */
void cc_trustlink_finding(const struct cc_trustlink *tl, struct cc_findings *f);

#endif
