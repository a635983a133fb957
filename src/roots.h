/* roots.h: which root does a source lead to, and do sources share one?
 *
 * `certcheck roots` and `check --same-root` answer "do these proxies and
 * clusters share one root?" with these two functions: cc_root_find() per
 * source, then cc_roots_group() over all of them.  Both return data.
 */
#ifndef CC_ROOTS_H
#define CC_ROOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cert.h"
#include "source.h"

enum cc_root_how {
	CC_ROOT_NONE,        /* no root found; REASON says why */
	CC_ROOT_PRESENTED,   /* the chain's top certificate is self-signed */
	CC_ROOT_TRUST_ENTRY, /* a certificate of the source's trust entry issued the chain's top */
	CC_ROOT_TRUST_ONLY,  /* the source holds only trust (a ConfigMap root-cert.pem,
				dump.json#ROOTCA): its first self-signed certificate */
};
/* "presented", "trust_entry", "trust_only", "none" (JSON values). */
const char *cc_root_how_name(enum cc_root_how how);

struct cc_root {
	enum cc_root_how how;
	const struct cc_cert *cert;   /* borrowed from the source; NULL with CC_ROOT_NONE */
	const struct cc_entry *entry; /* the entry it was found in (borrowed), or NULL */
	char *reason;                 /* CC_ROOT_NONE: why, in words */
	char *note;                   /* worth saying ("ROOTCA holds 2 roots; the first is
					 compared"), or NULL */
};
#define CC_ROOT_INIT { CC_ROOT_NONE, NULL, NULL, NULL, NULL }
void cc_root_release(struct cc_root *root);

/* The root SRC leads to.  The chain is cc_source_main_entry(SRC) (the
 * selected entry, else the first chain).  The root is its self-signed top
 * when presented; else the certificate of the chain's trust entries
 * (cc_trustlink_partners(), else any trust entry of SRC) whose key signed
 * the top, climbing to its own issuer while the trust holds it (a note
 * says when that ends below a self-signed root); a source that holds only
 * trust is its own root.  OUT borrows
 * from SRC: keep SRC until OUT is released. */
void cc_root_find(const struct cc_source *src, struct cc_root *out);

/* The roots of N sources grouped by identical certificate (DER) and,
 * separately, by public key (SPKI). */
#define CC_ROOT_NO_GROUP ((size_t)-1)
struct cc_root_groups {
	size_t n;            /* sources */
	size_t *cert_group;  /* per source, 0-based; CC_ROOT_NO_GROUP without a root */
	size_t *key_group;   /* per source, 0-based; CC_ROOT_NO_GROUP without a root */
	size_t n_cert_groups, n_key_groups;
	size_t n_rootless;   /* sources without a root */
	bool shared;         /* every source has a root and all are one certificate */
	bool same_subject_different_key; /* two groups' roots share a subject, not a key */
	bool same_key_reissued;          /* two groups' roots share a key (a re-issued root) */
};
#define CC_ROOT_GROUPS_INIT { 0, NULL, NULL, 0, 0, 0, false, false, false }
void cc_roots_group(const struct cc_root *roots, size_t n, struct cc_root_groups *out);
void cc_root_groups_release(struct cc_root_groups *g);

/* How the roots of cert groups A and B relate: "identical" (A == B),
 * "same key, re-issued", "same subject, different key" or "different". */
const char *cc_roots_relation(const struct cc_root *roots, const struct cc_root_groups *g, size_t a,
			      size_t b);

#endif
