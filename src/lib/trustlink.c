/* trustlink.c: see trustlink.h.  The path validator does the verification. */
#include "trustlink.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "validate.h"

void cc_trustlink_release(struct cc_trustlink *tl)
{
	free(tl->trust);
	free(tl->reason);
	tl->trust = tl->reason = NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* NAME is BASE or BASE/anything. */
static bool at_or_under(const char *name, const char *base)
{
	size_t n = strlen(base);
	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '/');
}

/* How a chain's trust entries are named, worked out once per chain: the
 * test runs against every entry of the source, and a gateway's dump has
 * thousands (building "X-cacert" per pair was most of show's time on a
 * dump of 10,000 secrets). */
struct partner_rule {
	enum { RULE_NONE, RULE_ROOTCA, RULE_CACERT, RULE_FILE_ROOT, RULE_ZTUNNEL, RULE_K8S } kind;
	const char *chain;
	size_t n; /* CACERT, ZTUNNEL: strlen(chain); K8S: length of "NS/NAME/" */
};

static struct partner_rule partner_rule(const struct cc_source *src, const char *chain)
{
	struct partner_rule r = { RULE_NONE, chain, strlen(chain) };
	if (strcmp(chain, "default") == 0) {
		r.kind = RULE_ROOTCA;
	} else if (starts_with(chain, "kubernetes://") || starts_with(chain, "kubernetes-gateway://")) {
		r.kind = RULE_CACERT;
	} else if (starts_with(chain, "file-cert:")) {
		r.kind = RULE_FILE_ROOT;
	} else if (src->format == CC_SOURCE_ZTUNNEL_CERTIFICATES) {
		r.kind = RULE_ZTUNNEL;
	} else if (src->format == CC_SOURCE_KUBERNETES) {
		/* Keys of the same object: NS/NAME/KEY. */
		const char *slash = strrchr(chain, '/');
		r.n = slash ? (size_t)(slash - chain) + 1 : 0;
		r.kind = r.n ? RULE_K8S : RULE_NONE;
	}
	return r;
}

static bool is_partner(const struct partner_rule *r, const char *trust)
{
	switch (r->kind) {
	case RULE_ROOTCA:
		return at_or_under(trust, "ROOTCA");
	case RULE_CACERT: /* CHAIN-cacert, or under it */
		return strncmp(trust, r->chain, r->n) == 0 && at_or_under(trust + r->n, "-cacert");
	case RULE_FILE_ROOT:
		return starts_with(trust, "file-root:");
	case RULE_ZTUNNEL: /* exactly CHAIN/roots */
		return strncmp(trust, r->chain, r->n) == 0 && strcmp(trust + r->n, "/roots") == 0;
	case RULE_K8S:
		return strncmp(r->chain, trust, r->n) == 0 && !strchr(trust + r->n, '/');
	case RULE_NONE:
		break;
	}
	return false;
}

/* What every partner's name starts with (caller frees). */
static char *rule_prefix(const struct partner_rule *r)
{
	switch (r->kind) {
	case RULE_ROOTCA: return cc_xstrdup("ROOTCA");
	case RULE_CACERT: return cc_xasprintf("%s-cacert", r->chain);
	case RULE_FILE_ROOT: return cc_xstrdup("file-root:");
	case RULE_ZTUNNEL: return cc_xasprintf("%s/roots", r->chain);
	case RULE_K8S: return cc_xstrndup(r->chain, r->n);
	case RULE_NONE: break;
	}
	return cc_xstrdup("");
}

static int compare_pos(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The positions of RULE's partners among SRC's entries, in entry order,
 * found through SRC's trust index: those whose names start with the
 * rule's prefix, checked each.  Returns how many (caller frees *OUT). */
static size_t indexed_partners(const struct cc_source *src, const struct partner_rule *rule,
			       size_t **out)
{
	char *prefix = rule_prefix(rule);
	size_t len = strlen(prefix), n = 0, alloc = 0;
	*out = NULL;
	for (size_t k = cc_keyed_lower_bound(src->trust_index, src->n_trust_index, prefix);
	     k < src->n_trust_index && strncmp(src->trust_index[k].key, prefix, len) == 0; k++) {
		if (!is_partner(rule, src->trust_index[k].key))
			continue;
		CC_ARRAY_GROW(*out, n, alloc);
		(*out)[n++] = src->trust_index[k].pos;
	}
	free(prefix);
	if (n > 1)   /* qsort takes no NULL, even for nothing */
		qsort(*out, n, sizeof(**out), compare_pos);
	return n;
}

size_t cc_trustlink_partners(const struct cc_source *src, const struct cc_entry *chain,
			     const struct cc_entry **out, size_t max)
{
	struct partner_rule rule = partner_rule(src, chain->name);
	size_t n = 0;
	if (rule.kind == RULE_NONE)
		return 0;
	if (src->trust_index && src->indexed_entries == src->n_entries) {
		size_t *pos;
		n = indexed_partners(src, &rule, &pos);
		for (size_t i = 0; i < n && i < max; i++)
			out[i] = &src->entries[pos[i]];
		free(pos);
		return n;
	}
	for (size_t i = 0; i < src->n_entries; i++) {
		const struct cc_entry *e = &src->entries[i];
		if (e->role != CC_ROLE_TRUST || !is_partner(&rule, e->name))
			continue;
		if (n < max)
			out[n] = e;
		n++;
	}
	return n;
}

/* Chains found linked, by the SHA-256 of all that decides it: the chain's
 * certificates in order, the anchors in order and the time (purpose and
 * profile are always the same here).  A gateway's thousands of secrets
 * hold a few distinct chains under one bundle: each distinct pair is
 * validated once.  Only links are kept; a broken pair is validated again
 * for its reason.  Past LINKED_MAX keys nothing more is kept. */
enum { LINKED_MAX = 1 << 16 };
static struct cc_htable linked = CC_HTABLE_INIT;

static bool linked_key(const struct cc_entry *chain, struct cc_cert *const *anchors, size_t na,
		       time_t at, unsigned char *key)
{
	gnutls_hash_hd_t h;
	int64_t t = (int64_t)at;
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
		return false;
	for (size_t i = 0; i < chain->n_certs; i++)
		gnutls_hash(h, chain->certs[i]->node.key, sizeof(chain->certs[i]->node.key));
	gnutls_hash(h, "|", 1);
	for (size_t i = 0; i < na; i++)
		gnutls_hash(h, anchors[i]->node.key, sizeof(anchors[i]->node.key));
	gnutls_hash(h, &t, sizeof(t));
	gnutls_hash_deinit(h, key);
	return true;
}

/* Under the lock. */
static bool linked_find(const unsigned char *key)
{
	for (const struct cc_hnode *n = cc_htable_first(&linked, key); n; n = n->next)
		if (memcmp(n->key, key, sizeof(n->key)) == 0)
			return true;
	return false;
}

static bool linked_has(const unsigned char *key)
{
	pthread_mutex_lock(&linked.lock);
	bool has = linked_find(key);
	pthread_mutex_unlock(&linked.lock);
	return has;
}

static void linked_add(const unsigned char *key)
{
	pthread_mutex_lock(&linked.lock);
	if (linked.n < LINKED_MAX && !linked_find(key)) {
		struct cc_hnode *n = cc_xcalloc(1, sizeof(*n));
		memcpy(n->key, key, sizeof(n->key));
		cc_htable_add(&linked, n);
	}
	pthread_mutex_unlock(&linked.lock);
}

/* The set at exit, so that leak checkers see nothing left. */
__attribute__((destructor)) static void linked_release(void)
{
	cc_htable_clear(&linked);
}

void cc_trustlink_check(const struct cc_source *src, const struct cc_entry *chain, time_t at,
			struct cc_trustlink *out)
{
	const struct cc_entry *partners[64];
	size_t np = cc_trustlink_partners(src, chain, partners, 64);
	if (np > 64)
		np = 64;
	*out = (struct cc_trustlink)CC_TRUSTLINK_INIT;
	if (np == 0) {
		out->reason = cc_xasprintf("no trust entry in the source for %s", chain->name);
		return;
	}
	/* The name users know: "ROOTCA" for ROOTCA and its bundles. */
	out->trust = cc_xstrdup(partners[0]->name);
	struct cc_cert **anchors = NULL;
	size_t na = 0, alloc = 0;
	for (size_t p = 0; p < np; p++)
		cc_certs_add_unique(&anchors, &na, &alloc, partners[p]->certs, partners[p]->n_certs);
	out->n_anchors = na;
	if (na == 0) {
		out->reason = cc_xasprintf("%s holds no certificate", out->trust);
		free(anchors);
		return;
	}
	if (chain->n_certs == 0) {
		out->reason = cc_xasprintf("%s holds no certificate", chain->name);
		free(anchors);
		return;
	}
	unsigned char key[32];
	bool keyed = linked_key(chain, anchors, na, at, key);
	if (keyed && linked_has(key)) {
		out->state = CC_TRUSTLINK_LINKED;
		free(anchors);
		return;
	}
	/* The path validator, as for every verdict: the chain's own
	 * certificates are the untrusted pool, the trust entries the anchors. */
	struct cc_validation v;
	struct cc_error err = CC_ERROR_INIT;
	out->state = CC_TRUSTLINK_BROKEN;
	if (cc_validate_entry(chain, anchors, na, false, at, CC_PURPOSE_ANY, CC_PROFILE_CLIENTS, NULL, &v,
			      &err) < 0) {
		out->reason = cc_xstrdup(err.msg);
	} else {
		if (v.ok) {
			out->state = CC_TRUSTLINK_LINKED;
			if (keyed)
				linked_add(key);
		} else
			out->reason = cc_validation_why(&v, out->trust);
		cc_validation_release(&v);
	}
	free(anchors);
}

void cc_trustlink_finding(const struct cc_trustlink *tl, struct cc_findings *f)
{
	switch (tl->state) {
	case CC_TRUSTLINK_LINKED:
		cc_findings_add(f, CC_F_TRUST_LINK, CC_SEV_OK, 0,
				"leads to the source's own trust entry %s (%zu certificate%s)", tl->trust,
				tl->n_anchors, tl->n_anchors == 1 ? "" : "s");
		break;
	case CC_TRUSTLINK_BROKEN:
		cc_findings_add(f, CC_F_TRUST_LINK, CC_SEV_ERROR, 0,
				"does not lead to the source's own trust entry %s: %s", tl->trust,
				tl->reason);
		break;
	case CC_TRUSTLINK_UNCHECKED:
	default:
		cc_findings_add(f, CC_F_TRUST_LINK, CC_SEV_INFO, 0, "trust link not checked: %s",
				tl->reason);
		break;
	}
}
