/* trustlink.c: see trustlink.h.  GnuTLS does the verification. */
#include "trustlink.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

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
	} else if (src->format && strcmp(src->format, "ztunnel-certificates") == 0) {
		r.kind = RULE_ZTUNNEL;
	} else if (src->format && strcmp(src->format, "kubernetes") == 0) {
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

size_t cc_trustlink_partners(const struct cc_source *src, const struct cc_entry *chain,
			     const struct cc_entry **out, size_t max)
{
	struct partner_rule rule = partner_rule(src, chain->name);
	size_t n = 0;
	if (rule.kind == RULE_NONE)
		return 0;
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

static time_t fixed_time;
static time_t at_time(time_t *t)
{
	if (t)
		*t = fixed_time;
	return fixed_time;
}

/* Words for a GnuTLS verification status, without its "is NOT trusted"
 * preamble. */
static char *status_words(unsigned status)
{
	gnutls_datum_t out = { NULL, 0 };
	if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) < 0)
		return cc_xasprintf("verification failed (status 0x%x)", status);
	char *s = cc_xstrndup((const char *)out.data, out.size);
	gnutls_free(out.data);
	const char *skip = "The certificate is NOT trusted. ";
	if (starts_with(s, skip) && s[strlen(skip)])
		memmove(s, s + strlen(skip), strlen(s) - strlen(skip) + 1);
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
		s[--n] = '\0';
	if (n)
		s[0] = (char)(s[0] >= 'A' && s[0] <= 'Z' ? s[0] - 'A' + 'a' : s[0]);
	return s;
}

/* Why TOP does not lead to ANCHORS, when a name says more than GnuTLS. */
static char *same_name_hint(const struct cc_cert *top, struct cc_cert *const *anchors, size_t n,
			    const char *trust)
{
	for (size_t i = 0; i < n; i++) {
		const struct cc_cert *a = anchors[i];
		bool named = top->self_signed ? strcmp(a->subject, top->subject) == 0
					      : strcmp(a->subject, top->issuer) == 0;
		if (named && !cc_cert_equal(a, top) && !cc_cert_same_key(a, top) &&
		    cc_cert_link(top, a) != CC_LINK_SIGNED)
			return cc_xasprintf("%s holds %s, but with another key than the one that signed "
					    "the chain (same subject, different key)",
					    trust, a->subject[0] ? a->subject : "(empty subject)");
	}
	return NULL;
}

static struct cc_cert **gather(const struct cc_entry *const *entries, size_t n, size_t *count)
{
	struct cc_cert **v = NULL;
	size_t alloc = 0;
	*count = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < entries[i]->n_certs; k++) {
			CC_ARRAY_GROW(v, *count, alloc);
			v[(*count)++] = entries[i]->certs[k];
		}
	return v;
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
	size_t na;
	struct cc_cert **anchors = gather(partners, np, &na);
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

	gnutls_x509_trust_list_t list = NULL;
	gnutls_x509_crt_t *ca = cc_xcalloc(na, sizeof(*ca));
	gnutls_x509_crt_t *crts = cc_xcalloc(chain->n_certs, sizeof(*crts));
	size_t nc = 0;
	unsigned status = 0;
	int r;
	for (size_t i = 0; i < na; i++)
		ca[i] = cc_cert_crt(anchors[i]);
	for (size_t i = 0; i < chain->n_certs; i++) {
		bool repeat = false;
		for (size_t k = 0; k < i && !repeat; k++)
			repeat = cc_cert_equal(chain->certs[i], chain->certs[k]);
		if (!repeat)
			crts[nc++] = cc_cert_crt(chain->certs[i]);
	}
	if ((r = gnutls_x509_trust_list_init(&list, 0)) < 0 ||
	    (r = gnutls_x509_trust_list_add_cas(list, ca, (unsigned)na, GNUTLS_TL_NO_DUPLICATES)) < 0) {
		out->state = CC_TRUSTLINK_BROKEN;
		out->reason = cc_xasprintf("cannot load %s: %s", out->trust, gnutls_strerror(r));
		if (list)
			gnutls_x509_trust_list_deinit(list, 1);
		else
			for (size_t i = 0; i < na; i++)
				gnutls_x509_crt_deinit(ca[i]);
		list = NULL;
		goto out;
	}
	fixed_time = at;
	gnutls_global_set_time_function(at_time);
	r = gnutls_x509_trust_list_verify_crt2(list, crts, (unsigned)nc, NULL, 0, 0, &status, NULL);
	gnutls_global_set_time_function(time);
	if (r < 0) {
		out->state = CC_TRUSTLINK_BROKEN;
		out->reason = cc_xasprintf("verification failed: %s", gnutls_strerror(r));
	} else if (status == 0) {
		out->state = CC_TRUSTLINK_LINKED;
	} else {
		out->state = CC_TRUSTLINK_BROKEN;
		char *words = status_words(status);
		char *hint = same_name_hint(chain->certs[chain->n_certs - 1], anchors, na, out->trust);
		out->reason = hint ? cc_xasprintf("%s: %s", words, hint) : cc_xstrdup(words);
		free(words);
		free(hint);
	}
out:
	if (list)
		gnutls_x509_trust_list_deinit(list, 1);
	for (size_t i = 0; i < nc; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	free(ca);
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
