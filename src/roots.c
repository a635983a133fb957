/* roots.c: see roots.h. */
#include "roots.h"

#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "trustlink.h"

const char *cc_root_how_name(enum cc_root_how how)
{
	switch (how) {
	case CC_ROOT_PRESENTED: return "presented";
	case CC_ROOT_TRUST_ENTRY: return "trust_entry";
	case CC_ROOT_TRUST_ONLY: return "trust_only";
	case CC_ROOT_NONE:
	default: return "none";
	}
}

void cc_root_release(struct cc_root *root)
{
	free(root->reason);
	free(root->note);
	root->reason = root->note = NULL;
}

/* The first self-signed certificate of E, and how many distinct ones. */
static const struct cc_cert *first_root(const struct cc_entry *e, size_t *count)
{
	const struct cc_cert *first = NULL;
	*count = 0;
	for (size_t i = 0; i < e->n_certs; i++) {
		if (!e->certs[i]->self_signed)
			continue;
		bool repeat = false;
		for (size_t k = 0; k < i && !repeat; k++)
			repeat = cc_cert_equal(e->certs[i], e->certs[k]);
		if (repeat)
			continue;
		if (!first)
			first = e->certs[i];
		(*count)++;
	}
	return first;
}

/* The certificate of ENTRIES[0..N) whose key signed CHILD, or NULL; its
 * entry in *FROM. */
static const struct cc_cert *issuer_in(const struct cc_entry *const *entries, size_t n,
				       const struct cc_cert *child, const struct cc_entry **from)
{
	for (size_t p = 0; p < n; p++)
		for (size_t i = 0; i < entries[p]->n_certs; i++) {
			const struct cc_cert *a = entries[p]->certs[i];
			if (a != child && cc_cert_link(child, a) == CC_LINK_SIGNED) {
				*from = entries[p];
				return a;
			}
		}
	return NULL;
}

/* Up to this many trust certificates are climbed above the chain's top. */
#define MAX_CLIMB 16

static void find_in_trust(const struct cc_source *src, const struct cc_entry *chain,
			  const struct cc_cert *top, struct cc_root *out)
{
	const struct cc_entry *partners[64];
	size_t np = cc_trustlink_partners(src, chain, partners, 64);
	if (np > 64)
		np = 64;
	if (np == 0)
		for (size_t i = 0; i < src->n_entries && np < 64; i++)
			if (src->entries[i].role == CC_ROLE_TRUST)
				partners[np++] = &src->entries[i];
	const struct cc_entry *from = NULL;
	const struct cc_cert *found = issuer_in(partners, np, top, &from);
	if (found) {
		/* A trust entry may hold an issuing CA rather than the root
		 * (cert-manager's ca.crt): climb while the trust holds issuers. */
		for (int k = 0; k < MAX_CLIMB && !found->self_signed; k++) {
			const struct cc_entry *up_from = NULL;
			const struct cc_cert *up = issuer_in(partners, np, found, &up_from);
			if (!up)
				break;
			found = up;
			from = up_from;
		}
		out->how = CC_ROOT_TRUST_ENTRY;
		out->cert = found;
		out->entry = from;
		if (!found->self_signed) {
			char *label = cc_cert_label(found);
			out->note = cc_xasprintf("%s holds %s, not a self-signed root (its issuer, %s, is not "
						 "in the source); that CA is compared",
						 from->name, label,
						 found->issuer[0] ? found->issuer : "(empty issuer)");
			free(label);
		}
		return;
	}
	const struct cc_cert *same_name = NULL;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < partners[p]->n_certs; i++)
			if (strcmp(partners[p]->certs[i]->subject, top->issuer) == 0)
				same_name = partners[p]->certs[i];
	char *label = cc_cert_label(top);
	if (same_name)
		out->reason = cc_xasprintf("the chain ends at %s, issued by %s; the source's trust "
					   "holds that name with another key",
					   label, top->issuer);
	else if (np)
		out->reason = cc_xasprintf("the chain ends at %s, issued by %s, which is not in the "
					   "source's trust",
					   label, top->issuer[0] ? top->issuer : "(empty issuer)");
	else
		out->reason = cc_xasprintf("the chain ends at %s, issued by %s, which is not in the "
					   "source (no root presented, no trust entry)",
					   label, top->issuer[0] ? top->issuer : "(empty issuer)");
	free(label);
}

void cc_root_find(const struct cc_source *src, struct cc_root *out)
{
	*out = (struct cc_root)CC_ROOT_INIT;
	const struct cc_entry *main = cc_source_main_entry(src);
	if (!main || main->n_certs == 0) {
		out->reason = cc_xstrdup("no certificate in the source");
		return;
	}
	if (main->role == CC_ROLE_TRUST) {
		size_t count;
		const struct cc_cert *root = first_root(main, &count);
		if (!root) {
			out->reason = cc_xasprintf("%s holds no self-signed certificate", main->name);
			return;
		}
		out->how = CC_ROOT_TRUST_ONLY;
		out->cert = root;
		out->entry = main;
		if (count > 1)
			out->note = cc_xasprintf("%s holds %zu roots; the first is compared", main->name,
						 count);
		return;
	}
	/* The top: the last certificate, repeats of the root at the end
	 * (Istio's leaf, intermediate, root, root) included. */
	const struct cc_cert *top = main->certs[main->n_certs - 1];
	if (top->self_signed) {
		out->how = CC_ROOT_PRESENTED;
		out->cert = top;
		out->entry = main;
		return;
	}
	find_in_trust(src, main, top, out);
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
			if (out->cert_group[i] == CC_ROOT_NO_GROUP &&
			    cc_cert_equal(roots[i].cert, roots[k].cert))
				out->cert_group[i] = out->cert_group[k];
			if (out->key_group[i] == CC_ROOT_NO_GROUP &&
			    cc_cert_same_key(roots[i].cert, roots[k].cert))
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
			out->same_subject_different_key |= strcmp(rel, "same subject, different key") == 0;
			out->same_key_reissued |= strcmp(rel, "same key, re-issued") == 0;
		}
}

void cc_root_groups_release(struct cc_root_groups *g)
{
	free(g->cert_group);
	free(g->key_group);
	g->cert_group = g->key_group = NULL;
}

/* The root of cert group G. */
static const struct cc_cert *group_root(const struct cc_root *roots, const struct cc_root_groups *g,
					size_t group)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->cert_group[i] == group)
			return roots[i].cert;
	return NULL;
}

const char *cc_roots_relation(const struct cc_root *roots, const struct cc_root_groups *g, size_t a,
			      size_t b)
{
	const struct cc_cert *ra = group_root(roots, g, a), *rb = group_root(roots, g, b);
	if (!ra || !rb)
		return "different";
	if (cc_cert_equal(ra, rb))
		return "identical";
	if (cc_cert_same_key(ra, rb))
		return "same key, re-issued";
	if (strcmp(ra->subject, rb->subject) == 0)
		return "same subject, different key";
	return "different";
}
