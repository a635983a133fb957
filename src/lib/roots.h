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
#include "entry.h"
#include "srcpath.h"

enum cc_root_how {
	CC_ROOT_NONE,        /* no root: the chain does not validate, or there is
				nothing to validate it to; REASON says why */
	CC_ROOT_PRESENTED,   /* the chain validates to a self-signed certificate it presents */
	CC_ROOT_TRUST_ENTRY, /* the chain validates to the source's own trust entry */
	CC_ROOT_GIVEN,       /* the chain validates to a certificate of --root */
	CC_ROOT_TRUST_ONLY,  /* the source holds only trust (a ConfigMap root-cert.pem,
				dump.json#ROOTCA): its roots, as a set */
};
/* "presented", "trust_entry", "root_option", "trust_only", "none" (JSON values). */
const char *cc_root_how_name(enum cc_root_how how);

struct cc_root {
	enum cc_root_how how;
	const struct cc_cert *cert;   /* the root (the first of SET); borrowed; NULL with NONE */
	const struct cc_cert **set;   /* the roots compared: the one the chain validates
					 to, or a trust bundle's (distinct, any order) */
	size_t n_set;
	const struct cc_entry *entry; /* the entry the root was found in (borrowed), or NULL */
	struct cc_srcpath path;       /* the validated path of a chain source */
	char *reason;                 /* CC_ROOT_NONE: why, in words */
	char *note;                   /* worth saying ("ca.crt holds an intermediate; it
					 validates to ..."), or NULL */
};
#define CC_ROOT_INIT { CC_ROOT_NONE, NULL, NULL, 0, NULL, CC_SRCPATH_INIT, NULL, NULL }
void cc_root_release(struct cc_root *root);

/* What roots are judged against. */
struct cc_root_options {
	time_t at;
	enum cc_profile profile;
	struct cc_cert *const *anchors; /* --root: for sources that present no root and
					   hold no trust entry */
	size_t n_anchors;
	const char *anchors_name;       /* "--root FILE" */
};

/* The root SRC leads to, by its validated path (srcpath.h, the roots
 * policy): the main chain is validated to the source's trust entries, else
 * to the self-signed certificates it presents, else to --root.  A chain
 * that does not validate has no root (REASON names the broken link).  When
 * the path ends at a trusted intermediate (cert-manager's ca.crt), the
 * intermediate is validated on to a self-signed root when the trust or
 * --root holds one.  A source that holds only trust is its own set of
 * roots.  OUT borrows from SRC and O's anchors: keep them until OUT is
 * released. */
void cc_root_find(const struct cc_source *src, const struct cc_root_options *o, struct cc_root *out);

/* The roots of N sources grouped by identical root set (DER, order
 * irrelevant) and, separately, by the set of their public keys (SPKI). */
#define CC_ROOT_NO_GROUP ((size_t)-1)
struct cc_root_groups {
	size_t n;            /* sources */
	size_t *cert_group;  /* per source, 0-based; CC_ROOT_NO_GROUP without a root */
	size_t *key_group;   /* per source, 0-based; CC_ROOT_NO_GROUP without a root */
	size_t n_cert_groups, n_key_groups;
	size_t n_rootless;   /* sources without a root */
	bool shared;         /* every source has a root and all are one set */
	bool same_subject_different_key; /* two groups' roots share a subject, not a key */
	bool same_key_reissued;          /* two groups' roots share a key (a re-issued root) */
};
#define CC_ROOT_GROUPS_INIT { 0, NULL, NULL, 0, 0, 0, false, false, false }
void cc_roots_group(const struct cc_root *roots, size_t n, struct cc_root_groups *out);
void cc_root_groups_release(struct cc_root_groups *g);

/* How the roots of cert groups A and B relate: "identical" (A == B),
 * "overlapping" (the sets share a root), "same key, re-issued", "same
 * subject, different key" or "different". */
const char *cc_roots_relation(const struct cc_root *roots, const struct cc_root_groups *g, size_t a,
			      size_t b);

/* Cross trust: for every pair of sources, whether the chain of A
 * validates to the trust bundle of B (its trust entries, else --root). */
struct cc_cross_cell {
	bool ran;                     /* A has a chain and B a trust bundle */
	bool trusted;
	const struct cc_cert *anchor; /* where A's chain ends under B's trust (borrowed) */
	char *reason;                 /* not trusted, or not run: why */
};
struct cc_cross {
	size_t n;
	struct cc_cross_cell *cells;  /* n * n: cells[a * n + b], A's chain under B's trust */
	bool all_trusted;             /* every cell ran and is trusted */
	bool same_root;               /* ... and every chain validated to one anchor */
};
#define CC_CROSS_INIT { 0, NULL, false, false }
void cc_roots_cross(const struct cc_source *const *srcs, size_t n, const struct cc_root_options *o,
		    struct cc_cross *out);
void cc_cross_release(struct cc_cross *c);

#endif
