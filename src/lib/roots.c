/* roots.c: see roots.h. */
#include "roots.h"

#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "diff.h"
#include "validate.h"

const char *cc_root_how_name(enum cc_root_how how)
{
	switch (how) {
	case CC_ROOT_PRESENTED: return "presented";
	case CC_ROOT_TRUST_ENTRY: return "trust_entry";
	case CC_ROOT_GIVEN: return "root_option";
	case CC_ROOT_TRUST_ONLY: return "trust_only";
	case CC_ROOT_NONE:
	default: return "none";
	}
}

void cc_root_release(struct cc_root *root)
{
	cc_srcpath_release(&root->path);
	free(root->set);
	free(root->reason);
	free(root->note);
	*root = (struct cc_root)CC_ROOT_INIT;
}

static void set_add(struct cc_root *r, const struct cc_cert *c)
{
	if (cc_certs_find(r->set, r->n_set, c) < r->n_set)
		return;
	r->set = cc_xrealloc(r->set, (r->n_set + 1) * sizeof(*r->set));
	r->set[r->n_set++] = c;
	if (!r->cert)
		r->cert = c;
}

/* The self-signed root CA validates to among TRUST (minus CA itself), or
 * NULL: how a trusted intermediate (cert-manager's ca.crt) is carried on
 * to its root. */
static const struct cc_cert *climb(const struct cc_cert *ca, struct cc_cert *const *trust, size_t n,
				   const struct cc_root_options *o)
{
	struct cc_cert **others = cc_xcalloc(n ? n : 1, sizeof(*others));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!cc_cert_equal(trust[i], ca))
			others[k++] = trust[i];
	const struct cc_cert *root = NULL;
	if (k) {
		struct cc_validate_options vo = { .anchors = others, .n_anchors = k, .at = o->at,
						  .purpose = CC_PURPOSE_ANY, .profile = o->profile,
						  .max_depth = -1 };
		struct cc_validation v;
		struct cc_error err = CC_ERROR_INIT;
		if (cc_validate(ca, &vo, &v, &err) == 0) {
			if (v.ok && v.path.anchored && !v.path.partial && v.path.n > 1)
				root = v.path.certs[v.path.n - 1];
			cc_validation_release(&v);
		}
	}
	free(others);
	return root;
}

/* The trust certificates a partial path may climb through: the source's
 * trust entries and --root. */
static struct cc_cert **climb_set(const struct cc_source *src, const struct cc_root_options *o,
				  size_t *n)
{
	struct cc_cert **v = cc_source_trust_certs(src, n);
	size_t alloc = *n;
	cc_certs_add_unique(&v, n, &alloc, o->anchors, o->n_anchors);
	return v;
}

static void find_trust_only(const struct cc_source *src, const struct cc_entry *main,
			    const struct cc_root_options *o, struct cc_root *out)
{
	size_t nt;
	struct cc_cert **trust = climb_set(src, o, &nt);
	size_t alloc = nt;
	cc_certs_add_unique(&trust, &nt, &alloc, main->certs, main->n_certs);
	size_t climbed = 0;
	for (size_t i = 0; i < main->n_certs; i++) {
		const struct cc_cert *c = main->certs[i];
		const struct cc_cert *root = c->self_signed ? c : climb(c, trust, nt, o);
		if (root && root != c)
			climbed++;
		set_add(out, root ? root : c);
	}
	free(trust);
	out->how = CC_ROOT_TRUST_ONLY;
	out->entry = main;
	if (climbed)
		out->note = cc_xasprintf("%s holds %zu intermediate%s; compared by the root%s they "
					 "validate to",
					 main->name, climbed, climbed == 1 ? "" : "s", climbed == 1 ? "" : "s");
	else if (out->n_set > 1)
		out->note = cc_xasprintf("%s holds %zu roots; compared as a set", main->name, out->n_set);
	for (size_t i = 0; i < out->n_set && !out->note; i++)
		if (!out->set[i]->self_signed) {
			char *label = cc_cert_label(out->set[i]);
			out->note = cc_xasprintf("%s holds %s, not a self-signed root, and no root it "
						 "validates to; that CA is compared",
						 main->name, label);
			free(label);
		}
}

/* A trust bundle: a trust entry, or an entry of self-signed certificates
 * only (a root-cert.pem file given as it is). */
static bool is_bundle(const struct cc_entry *e)
{
	if (e->role == CC_ROLE_TRUST)
		return true;
	for (size_t i = 0; i < e->n_certs; i++)
		if (!e->certs[i]->self_signed)
			return false;
	return e->n_certs > 0;
}

void cc_root_find(const struct cc_source *src, const struct cc_root_options *o, struct cc_root *out)
{
	*out = (struct cc_root)CC_ROOT_INIT;
	const struct cc_entry *main = cc_source_main_entry(src);
	if (!main || main->n_certs == 0) {
		out->reason = cc_xstrdup("no certificate in the source");
		return;
	}
	if (is_bundle(main)) {
		find_trust_only(src, main, o, out);
		return;
	}
	struct cc_srcpath_options so = {
		.policy = CC_ANCHOR_POLICY_ROOTS, .anchors = o->anchors, .n_anchors = o->n_anchors,
		.anchors_name = o->anchors_name, .at = o->at, .profile = o->profile,
		.purpose = CC_PURPOSE_ANY,
	};
	cc_srcpath_validate(src, &so, &out->path);
	const struct cc_cert *anchor = cc_srcpath_anchor(&out->path);
	if (out->path.origin == CC_ANCHORS_NONE) {
		out->reason = cc_xstrdup(out->path.reason);
		return;
	}
	if (!cc_srcpath_ok(&out->path) || !anchor) {
		out->reason = cc_xasprintf("the chain does not validate to %s: %s",
					   out->path.anchors_from ? out->path.anchors_from : "a root",
					   out->path.reason ? out->path.reason : "no path");
		return;
	}
	switch (out->path.origin) {
	case CC_ANCHORS_PRESENTED: out->how = CC_ROOT_PRESENTED; break;
	case CC_ANCHORS_GIVEN: out->how = CC_ROOT_GIVEN; break;
	default: out->how = CC_ROOT_TRUST_ENTRY; break;
	}
	/* The entry the anchor sits in, for the reports. */
	for (size_t i = 0; i < src->n_entries && !out->entry; i++)
		for (size_t k = 0; k < src->entries[i].n_certs && !out->entry; k++)
			if (src->entries[i].role == (out->how == CC_ROOT_PRESENTED ? CC_ROLE_CHAIN
										  : CC_ROLE_TRUST) &&
			    cc_cert_equal(src->entries[i].certs[k], anchor))
				out->entry = &src->entries[i];
	if (!anchor->self_signed) {
		size_t nt;
		struct cc_cert **trust = climb_set(src, o, &nt);
		const struct cc_cert *root = climb(anchor, trust, nt, o);
		free(trust);
		char *al = cc_cert_label(anchor);
		if (root) {
			char *rl = cc_cert_label(root);
			out->note = cc_xasprintf("the chain ends at the trusted intermediate %s, which "
						 "validates to %s; that root is compared",
						 al, rl);
			free(rl);
			anchor = root;
		} else {
			out->note = cc_xasprintf("the chain ends at the trusted intermediate %s (no root "
						 "it validates to in the source or --root); that CA is "
						 "compared",
						 al);
		}
		free(al);
	}
	set_add(out, anchor);
}

/* Whether root sets A and B hold the same certificates (or keys). */
static bool sets_equal(const struct cc_root *a, const struct cc_root *b, bool by_key)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct cc_root *x = pass ? b : a, *y = pass ? a : b;
		for (size_t i = 0; i < x->n_set; i++) {
			bool found = false;
			for (size_t k = 0; k < y->n_set && !found; k++)
				found = by_key ? cc_cert_same_key(x->set[i], y->set[k])
					       : cc_cert_equal(x->set[i], y->set[k]);
			if (!found)
				return false;
		}
	}
	return true;
}

void cc_roots_group(const struct cc_root *roots, size_t n, struct cc_root_groups *out)
{
	*out = (struct cc_root_groups)CC_ROOT_GROUPS_INIT;
	out->n = n;
	out->cert_group = cc_xcalloc(n ? n : 1, sizeof(size_t));
	out->key_group = cc_xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		out->cert_group[i] = out->key_group[i] = CC_ROOT_NO_GROUP;
		if (!roots[i].cert) {
			out->n_rootless++;
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			if (!roots[k].cert)
				continue;
			if (out->cert_group[i] == CC_ROOT_NO_GROUP && sets_equal(&roots[i], &roots[k], false))
				out->cert_group[i] = out->cert_group[k];
			if (out->key_group[i] == CC_ROOT_NO_GROUP && sets_equal(&roots[i], &roots[k], true))
				out->key_group[i] = out->key_group[k];
		}
		if (out->cert_group[i] == CC_ROOT_NO_GROUP)
			out->cert_group[i] = out->n_cert_groups++;
		if (out->key_group[i] == CC_ROOT_NO_GROUP)
			out->key_group[i] = out->n_key_groups++;
	}
	out->shared = n > 0 && out->n_rootless == 0 && out->n_cert_groups == 1;
	for (size_t a = 0; a < out->n_cert_groups; a++)
		for (size_t b = a + 1; b < out->n_cert_groups; b++) {
			const char *rel = cc_roots_relation(roots, out, a, b);
			out->same_subject_different_key |=
				strcmp(rel, cc_verdict_name(CC_VERDICT_OTHER_KEY)) == 0;
			out->same_key_reissued |= strcmp(rel, cc_verdict_name(CC_VERDICT_REISSUED)) == 0;
		}
}

void cc_root_groups_release(struct cc_root_groups *g)
{
	free(g->cert_group);
	free(g->key_group);
	g->cert_group = g->key_group = NULL;
}

/* The roots of cert group G. */
static const struct cc_root *group_root(const struct cc_root *roots, const struct cc_root_groups *g,
					size_t group)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->cert_group[i] == group)
			return &roots[i];
	return NULL;
}

const char *cc_roots_relation(const struct cc_root *roots, const struct cc_root_groups *g, size_t a,
			      size_t b)
{
	const struct cc_root *ra = group_root(roots, g, a), *rb = group_root(roots, g, b);
	if (!ra || !rb)
		return "different";
	if (sets_equal(ra, rb, false))
		return "identical";
	/* The closest any two roots of the sets are, by diff's verdict. */
	bool common = false, key = false, subject = false;
	for (size_t i = 0; i < ra->n_set; i++)
		for (size_t k = 0; k < rb->n_set; k++) {
			enum cc_verdict v = cc_diff_verdict(ra->set[i], rb->set[k]);
			common |= v == CC_VERDICT_IDENTICAL;
			key |= v == CC_VERDICT_REISSUED;
			subject |= v == CC_VERDICT_OTHER_KEY;
		}
	if (common)
		return "overlapping";
	if (key)
		return cc_verdict_name(CC_VERDICT_REISSUED);
	if (subject)
		return cc_verdict_name(CC_VERDICT_OTHER_KEY);
	return cc_verdict_name(CC_VERDICT_DIFFERENT);
}

void cc_cross_release(struct cc_cross *c)
{
	for (size_t i = 0; i < c->n * c->n; i++)
		free(c->cells[i].reason);
	free(c->cells);
	*c = (struct cc_cross)CC_CROSS_INIT;
}

void cc_roots_cross(const struct cc_source *const *srcs, size_t n, const struct cc_root_options *o,
		    struct cc_cross *out)
{
	*out = (struct cc_cross)CC_CROSS_INIT;
	out->n = n;
	out->cells = cc_xcalloc(n ? n * n : 1, sizeof(*out->cells));
	struct cc_cert ***trust = cc_xcalloc(n ? n : 1, sizeof(*trust));
	size_t *n_trust = cc_xcalloc(n ? n : 1, sizeof(*n_trust));
	for (size_t b = 0; b < n; b++) {
		trust[b] = cc_source_trust_certs(srcs[b], &n_trust[b]);
		const struct cc_entry *m = cc_source_main_entry(srcs[b]);
		if (!n_trust[b] && m && is_bundle(m)) {
			size_t alloc = 0;
			cc_certs_add_unique(&trust[b], &n_trust[b], &alloc, m->certs, m->n_certs);
		}
		if (!n_trust[b]) {
			size_t alloc = 0;
			cc_certs_add_unique(&trust[b], &n_trust[b], &alloc, o->anchors, o->n_anchors);
		}
	}
	out->all_trusted = n > 0;
	out->same_root = n > 0;
	const struct cc_cert *first = NULL;
	for (size_t a = 0; a < n; a++) {
		const struct cc_entry *m = cc_source_main_entry(srcs[a]);
		for (size_t b = 0; b < n; b++) {
			struct cc_cross_cell *c = &out->cells[a * n + b];
			if (!m || !m->n_certs || is_bundle(m)) {
				c->reason = cc_xstrdup("the source holds no chain");
			} else if (!n_trust[b]) {
				c->reason = cc_xstrdup("the source holds no trust bundle (give --root)");
			} else {
				struct cc_srcpath_options so = {
					.policy = CC_ANCHOR_POLICY_GIVEN, .anchors = trust[b],
					.n_anchors = n_trust[b], .anchors_name = "its trust bundle",
					.at = o->at, .profile = o->profile, .purpose = CC_PURPOSE_ANY,
				};
				struct cc_srcpath p;
				cc_srcpath_validate(srcs[a], &so, &p);
				c->ran = true;
				c->trusted = cc_srcpath_ok(&p);
				c->anchor = cc_srcpath_anchor(&p);
				if (!c->trusted)
					c->reason = cc_xstrdup(p.reason ? p.reason : "no valid path");
				cc_srcpath_release(&p);
			}
			if (!c->trusted)
				out->all_trusted = out->same_root = false;
			else if (!first)
				first = c->anchor;
			else if (!c->anchor || !cc_cert_equal(first, c->anchor))
				out->same_root = false;
		}
	}
	for (size_t b = 0; b < n; b++)
		free(trust[b]);
	free(trust);
	free(n_trust);
}
