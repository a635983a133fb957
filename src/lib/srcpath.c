/* srcpath.c: see srcpath.h. */
#include "srcpath.h"

#include <stdlib.h>
#include <string.h>

#include "trustlink.h"

void cc_srcpath_release(struct cc_srcpath *p)
{
	if (p->ran)
		cc_validation_release(&p->v);
	cc_aia_fetches_release(&p->fetches);
	free(p->anchors_from);
	free(p->reason);
	*p = (struct cc_srcpath)CC_SRCPATH_INIT;
}

/* Up to this many trust entries are gathered for one chain. */
#define MAX_PARTNERS 64

struct cc_cert **cc_source_trust_certs(const struct cc_source *src, size_t *n)
{
	const struct cc_entry *partners[MAX_PARTNERS];
	const struct cc_entry *chain = cc_source_main_entry(src);
	size_t np = chain ? cc_trustlink_partners(src, chain, partners, MAX_PARTNERS) : 0;
	if (np > MAX_PARTNERS)
		np = MAX_PARTNERS;
	if (np == 0)
		for (size_t i = 0; i < src->n_entries && np < MAX_PARTNERS; i++)
			if (src->entries[i].role == CC_ROLE_TRUST && &src->entries[i] != chain)
				partners[np++] = &src->entries[i];
	struct cc_cert **v = NULL;
	size_t alloc = 0;
	*n = 0;
	for (size_t p = 0; p < np; p++)
		cc_certs_add_unique(&v, n, &alloc, partners[p]->certs, partners[p]->n_certs);
	return v;
}

/* The name of SRC's trust entries for its main chain ("ROOTCA"). */
static char *trust_name(const struct cc_source *src)
{
	const struct cc_entry *partners[1];
	const struct cc_entry *chain = cc_source_main_entry(src);
	if (chain && cc_trustlink_partners(src, chain, partners, 1) > 0)
		return cc_xstrdup(partners[0]->name);
	const struct cc_entry *t = cc_source_trust_entry(src);
	return cc_xstrdup(t ? t->name : "its trust entry");
}

const struct cc_cert *cc_srcpath_anchor(const struct cc_srcpath *p)
{
	if (!p->ran || !p->v.path.anchored || !p->v.path.n)
		return NULL;
	return p->v.path.certs[p->v.path.n - 1];
}

/* The anchors O's policy gives the main CHAIN of SRC (a new array of
 * *N_ANCHORS), with OUT->origin and OUT->anchors_from saying where they
 * come from; *SYSTEM when the system store is to be used instead. */
static struct cc_cert **choose_anchors(const struct cc_source *src, const struct cc_srcpath_options *o,
				       const struct cc_entry *chain, struct cc_srcpath *out,
				       size_t *n_anchors, bool *system)
{
	struct cc_cert **anchors = NULL;
	size_t alloc = 0, n_trust = 0;
	struct cc_cert **trust = o->policy == CC_ANCHOR_POLICY_GIVEN ? NULL
								     : cc_source_trust_certs(src, &n_trust);
	switch (o->policy) {
	case CC_ANCHOR_POLICY_CHECK:
		cc_certs_add_unique(&anchors, n_anchors, &alloc, o->anchors, o->n_anchors);
		cc_certs_add_unique(&anchors, n_anchors, &alloc, trust, n_trust);
		if (o->n_anchors && n_trust) {
			char *t = trust_name(src);
			out->origin = CC_ANCHORS_MIXED;
			out->anchors_from = cc_xasprintf("%s or %s", o->anchors_name, t);
			free(t);
		} else if (o->n_anchors) {
			out->origin = CC_ANCHORS_GIVEN;
			out->anchors_from = cc_xstrdup(o->anchors_name);
		} else if (n_trust) {
			out->origin = CC_ANCHORS_TRUST_ENTRY;
			out->anchors_from = trust_name(src);
		} else {
			*system = true;
			out->origin = CC_ANCHORS_SYSTEM;
			out->anchors_from = cc_xstrdup("the system trust store");
		}
		break;
	case CC_ANCHOR_POLICY_ROOTS:
		if (n_trust) {
			cc_certs_add_unique(&anchors, n_anchors, &alloc, trust, n_trust);
			out->origin = CC_ANCHORS_TRUST_ENTRY;
			out->anchors_from = trust_name(src);
			break;
		}
		for (size_t i = 0; i < chain->n_certs; i++)
			if (chain->certs[i]->self_signed)
				cc_certs_add_unique(&anchors, n_anchors, &alloc, &chain->certs[i], 1);
		if (*n_anchors) {
			out->origin = CC_ANCHORS_PRESENTED;
			out->anchors_from = cc_xstrdup("the root it presents");
			break;
		}
		/* else the given anchors */
		__attribute__((fallthrough));
	case CC_ANCHOR_POLICY_GIVEN:
		cc_certs_add_unique(&anchors, n_anchors, &alloc, o->anchors, o->n_anchors);
		if (*n_anchors) {
			out->origin = CC_ANCHORS_GIVEN;
			out->anchors_from = cc_xstrdup(o->anchors_name);
		}
		break;
	}
	free(trust);
	return anchors;
}

void cc_srcpath_validate(const struct cc_source *src, const struct cc_srcpath_options *o,
			 struct cc_srcpath *out)
{
	*out = (struct cc_srcpath)CC_SRCPATH_INIT;
	const struct cc_entry *chain = cc_source_main_entry(src);
	out->chain = chain;
	if (!chain || !chain->n_certs) {
		out->reason = cc_xstrdup("no certificate in the source");
		return;
	}
	size_t n_anchors = 0;
	bool system = false;
	struct cc_cert **anchors = choose_anchors(src, o, chain, out, &n_anchors, &system);
	if (!n_anchors && !system) {
		const struct cc_cert *top = chain->certs[chain->n_certs - 1];
		char *label = cc_cert_label(top);
		out->origin = CC_ANCHORS_NONE;
		out->anchors_from = cc_xstrdup("(no trust anchor)");
		out->reason = cc_xasprintf("no root presented, no trust entry and no --root: the chain ends "
					   "at '%s', issued by '%s'",
					   label, top->issuer[0] ? top->issuer : "(empty issuer)");
		free(label);
		free(anchors);
		return;
	}
	/* The untrusted pool: the chain after its leaf, then what was fetched. */
	struct cc_cert **pool = cc_xcalloc(chain->n_certs + o->n_extra_pool, sizeof(*pool));
	size_t n_pool = 0;
	for (size_t i = 1; i < chain->n_certs; i++)
		pool[n_pool++] = chain->certs[i];
	for (size_t i = 0; i < o->n_extra_pool; i++)
		pool[n_pool++] = o->extra_pool[i];
	struct cc_validate_options vo = {
		.pool = pool, .n_pool = n_pool, .anchors = anchors, .n_anchors = n_anchors,
		.system_anchors = system, .at = o->at, .purpose = o->purpose, .host = o->host,
		.profile = o->profile, .max_depth = -1,
	};
	struct cc_error err = CC_ERROR_INIT;
	out->fetch_asked = o->fetch != NULL;
	int r = o->fetch ? cc_validate_fetching(chain->certs[0], &vo, o->fetch, CC_AIA_MAX_FETCHES, &out->v,
						&out->fetches, &err)
			 : cc_validate(chain->certs[0], &vo, &out->v, &err);
	if (r < 0) {
		out->reason = cc_xstrdup(err.msg);
	} else {
		out->ran = true;
		if (!out->v.ok)
			out->reason = cc_validation_why(&out->v, out->anchors_from);
	}
	free(pool);
	free(anchors);
}
