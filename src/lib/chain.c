/* chain.c: findings about a presented chain. */
#include "chain.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cc_severity_name(enum cc_severity sev)
{
	switch (sev) {
	case CC_SEV_OK: return "ok";
	case CC_SEV_INFO: return "info";
	case CC_SEV_WARNING: return "warning";
	case CC_SEV_ERROR: return "error";
	}
	return "?";
}

void cc_findings_add(struct cc_findings *f, const char *code, enum cc_severity sev, size_t cert,
		     const char *fmt, ...)
{
	CC_ARRAY_GROW(f->v, f->n, f->alloc);
	va_list ap;
	va_start(ap, fmt);
	f->v[f->n].message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	f->v[f->n].code = code;
	f->v[f->n].severity = sev;
	f->v[f->n].cert = cert;
	f->n++;
}

void cc_findings_release(struct cc_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].message);
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}

enum cc_severity cc_findings_worst(const struct cc_findings *f)
{
	enum cc_severity worst = CC_SEV_OK;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity > worst)
			worst = f->v[i].severity;
	return worst;
}

char *cc_cert_label(const struct cc_cert *cert)
{
	if (cert->subject[0])
		return cc_xstrdup(cert->subject);
	if (cert->n_sans)
		return cc_xasprintf("%s:%s", cc_san_type_name(cert->sans[0].type), cert->sans[0].value);
	return cc_xstrdup("(empty subject)");
}

/* CHILD's link to CANDIDATE, skipping the signature check when the names
 * cannot match (the DN strings come from the same GnuTLS encoder, so equal
 * raw DNs always give equal strings). */
static enum cc_link link_to(const struct cc_cert *child, const struct cc_cert *candidate)
{
	if (strcmp(child->issuer, candidate->subject) != 0)
		return CC_LINK_NONE;
	return cc_cert_link(child, candidate);
}

/* The distinct certificates of a chain by subject: the candidates for
 * being a certificate's issuer, found without comparing every pair. */
struct by_subject {
	struct cc_keyed *v;   /* key: subject, pos: index into DISTINCT */
	size_t n;
};

static void by_subject_init(struct by_subject *s, struct cc_cert *const *certs,
			    const size_t *distinct, size_t nd)
{
	s->v = cc_xcalloc(nd ? nd : 1, sizeof(*s->v));
	s->n = nd;
	for (size_t k = 0; k < nd; k++)
		s->v[k] = (struct cc_keyed){ certs[distinct[k]]->subject, k };
	cc_keyed_sort(s->v, nd);
}

/* Position (index into CERTS) of the certificate that signed CERTS[I],
 * among the distinct ones (the first in chain order), or N when none did. */
static size_t find_issuer(struct cc_cert *const *certs, const size_t *distinct,
			  const struct by_subject *s, size_t i, size_t n)
{
	for (size_t j = cc_keyed_find(s->v, s->n, certs[i]->issuer);
	     j < s->n && strcmp(s->v[j].key, certs[i]->issuer) == 0; j++) {
		size_t m = distinct[s->v[j].pos];
		if (m != i && link_to(certs[i], certs[m]) == CC_LINK_SIGNED)
			return m;
	}
	return n;
}

/* Whether another distinct certificate than CERTS[I] has the subject
 * CERTS[I] names as its issuer. */
static bool issuer_named(struct cc_cert *const *certs, const size_t *distinct,
			 const struct by_subject *s, size_t i)
{
	for (size_t j = cc_keyed_find(s->v, s->n, certs[i]->issuer);
	     j < s->n && strcmp(s->v[j].key, certs[i]->issuer) == 0; j++)
		if (distinct[s->v[j].pos] != i)
			return true;
	return false;
}

/* Judging a link verifies a signature; cc_cert_link remembers each
 * verdict, so a long chain's links are judged ahead on every core and the
 * analysis below, which stays sequential, finds them judged. */
enum { LINKS_PARALLEL_MIN = 64 };

struct links_ahead {
	struct cc_cert *const *certs;
	const size_t *distinct;
	size_t nd, n;
	const struct by_subject *s;
};

static void judge_ahead(void *ctx, size_t k)
{
	struct links_ahead *a = ctx;
	size_t i = a->distinct[k];
	if (k + 1 < a->nd && link_to(a->certs[i], a->certs[a->distinct[k + 1]]) == CC_LINK_SIGNED)
		return;
	find_issuer(a->certs, a->distinct, a->s, i, a->n);
}

static void judge_links_ahead(struct cc_cert *const *certs, size_t n, const size_t *distinct,
			      size_t nd, const struct by_subject *s)
{
	if (nd < LINKS_PARALLEL_MIN || cc_threads() < 2)
		return;
	struct links_ahead a = { certs, distinct, nd, n, s };
	cc_parallel_for(nd, 0, judge_ahead, &a);
}

static void check_order(struct cc_cert *const *certs, size_t n, const size_t *distinct, size_t nd,
			struct cc_findings *out)
{
	bool in_order = true;
	struct by_subject s;
	by_subject_init(&s, certs, distinct, nd);
	judge_links_ahead(certs, n, distinct, nd, &s);
	for (size_t k = 0; k + 1 < nd; k++) {
		size_t i = distinct[k], next = distinct[k + 1];
		enum cc_link link = link_to(certs[i], certs[next]);
		if (link == CC_LINK_SIGNED)
			continue;
		in_order = false;
		char *label = cc_cert_label(certs[i]), *next_label = cc_cert_label(certs[next]);
		size_t real = find_issuer(certs, distinct, &s, i, n);
		if (real != n)
			cc_findings_add(out, CC_F_OUT_OF_ORDER, CC_SEV_WARNING, i + 1,
					"certificate %zu (%s) is not issued by certificate %zu but by "
					"certificate %zu: each issuer should follow the certificate it signed",
					i + 1, label, next + 1, real + 1);
		else if (link == CC_LINK_KEYID_MISMATCH)
			cc_findings_add(out, CC_F_KEYID_MISMATCH, CC_SEV_ERROR, i + 1,
					"certificate %zu (%s) names %s as its issuer; certificate %zu has "
					"that subject but another key (AKI %s, SKI %s): a different CA with "
					"the same name",
					i + 1, label, certs[i]->issuer, next + 1, certs[i]->aki,
					certs[next]->ski);
		else if (link == CC_LINK_UNCHECKED)
			cc_findings_add(out, CC_F_SIG_UNCHECKED, CC_SEV_WARNING, i + 1,
					"certificate %zu (%s) names certificate %zu (%s) as its issuer, but "
					"its signature could not be checked (%s)",
					i + 1, label, next + 1, next_label, certs[next]->key_unsupported);
		else if (link == CC_LINK_BAD_SIGNATURE)
			cc_findings_add(out, CC_F_BAD_SIGNATURE, CC_SEV_ERROR, i + 1,
					"certificate %zu (%s) names certificate %zu (%s) as its issuer, but "
					"its signature does not verify with that key",
					i + 1, label, next + 1, next_label);
		else
			cc_findings_add(out, CC_F_OUT_OF_ORDER, CC_SEV_WARNING, i + 1,
					"certificate %zu (%s) is issued by %s, not by certificate %zu (%s)",
					i + 1, label, certs[i]->issuer[0] ? certs[i]->issuer : "(empty issuer)",
					next + 1, next_label);
		free(label);
		free(next_label);
	}
	if (in_order && nd > 1)
		cc_findings_add(out, CC_F_IN_ORDER, CC_SEV_OK, 0,
				"presented in order: each certificate is issued by the next");

	size_t top = distinct[nd - 1];
	char *top_label = cc_cert_label(certs[top]);
	if (certs[top]->self_signed)
		cc_findings_add(out, CC_F_ROOT_PRESENT, CC_SEV_OK, top + 1,
				"certificate %zu is a self-signed root (%s)", top + 1, top_label);
	else if (link_to(certs[top], certs[top]) == CC_LINK_UNCHECKED)
		cc_findings_add(out, CC_F_SIG_UNCHECKED, CC_SEV_WARNING, top + 1,
				"certificate %zu (%s) names itself as its issuer, but its signature "
				"could not be checked (%s): it may be a self-signed root",
				top + 1, top_label, certs[top]->key_unsupported);
	else if (find_issuer(certs, distinct, &s, top, n) == n) {
		if (!issuer_named(certs, distinct, &s, top))
			cc_findings_add(out, CC_F_ISSUER_MISSING, CC_SEV_INFO, top + 1,
					"no self-signed root: certificate %zu (%s) is issued by %s, which "
					"is not in the chain (servers often leave the root out)",
					top + 1, top_label,
					certs[top]->issuer[0] ? certs[top]->issuer : "(empty issuer)");
	}
	free(top_label);
	free(s.v);
}

/* Validity at AT, and the serial RFC 5280 section 4.1.2.2 asks for. */
static void check_validity(struct cc_cert *const *certs, const size_t *distinct, size_t nd,
			   time_t at, struct cc_findings *out)
{
	for (size_t k = 0; k < nd; k++) {
		size_t i = distinct[k];
		const struct cc_cert *c = certs[i];
		char when[32], left[48];
		if (c->serial_negative) {
			char *label = cc_cert_label(c);
			cc_findings_add(out, CC_F_NEGATIVE_SERIAL, CC_SEV_WARNING, i + 1,
					"certificate %zu (%s) has a negative serial number (%s): RFC 5280 "
					"requires a positive one, and Go (1.23 and later) refuses it",
					i + 1, label, c->serial);
			free(label);
		}
		if (at > c->not_after) {
			char *label = cc_cert_label(c);
			cc_findings_add(out, CC_F_EXPIRED, CC_SEV_ERROR, i + 1,
					"certificate %zu (%s) expired %s ago, at %s", i + 1, label,
					cc_duration_format((int64_t)(at - c->not_after), left, sizeof(left)),
					cc_time_format(c->not_after, when, sizeof(when)));
			free(label);
		} else if (at < c->not_before) {
			char *label = cc_cert_label(c);
			cc_findings_add(out, CC_F_NOT_YET_VALID, CC_SEV_ERROR, i + 1,
					"certificate %zu (%s) is not valid before %s (in %s)", i + 1, label,
					cc_time_format(c->not_before, when, sizeof(when)),
					cc_duration_format((int64_t)(c->not_before - at), left, sizeof(left)));
			free(label);
		}
	}
}

/* Fill DISTINCT with the positions of first occurrences and report the
 * repeats.  Returns how many are distinct. */
static size_t dedupe(struct cc_cert *const *certs, size_t n, size_t *distinct,
		     struct cc_findings *out)
{
	size_t *first = cc_certs_first_occurrences(certs, n), nd = 0;
	for (size_t i = 0; i < n; i++) {
		size_t dup = first[i];
		if (dup == i) {
			distinct[nd++] = i;
			continue;
		}
		char *label = cc_cert_label(certs[i]);
		cc_findings_add(out, CC_F_DUPLICATE, CC_SEV_WARNING, i + 1,
				"certificate %zu is a repeat of certificate %zu (%s); clients skip it, "
				"but it should be listed once",
				i + 1, dup + 1, label);
		free(label);
	}
	free(first);
	return nd;
}

/* How many of the distinct certificates are end-entity ones: not a CA,
 * not self-signed, and named as the issuer of no other certificate here
 * (a chain's intermediate issued with CA:FALSE is still an intermediate,
 * which issuer_not_ca reports). */
static size_t count_leaves(struct cc_cert *const *certs, const size_t *distinct, size_t nd)
{
	struct cc_keyed *issuers = cc_xcalloc(nd ? nd : 1, sizeof(*issuers));
	for (size_t k = 0; k < nd; k++)
		issuers[k] = (struct cc_keyed){ certs[distinct[k]]->issuer, k };
	cc_keyed_sort(issuers, nd);
	size_t leaves = 0;
	for (size_t k = 0; k < nd; k++) {
		const struct cc_cert *c = certs[distinct[k]];
		if (c->is_ca || c->self_signed)
			continue;
		bool issues = false;
		for (size_t j = cc_keyed_find(issuers, nd, c->subject);
		     j < nd && strcmp(issuers[j].key, c->subject) == 0 && !issues; j++)
			issues = issuers[j].pos != k;
		leaves += !issues;
	}
	free(issuers);
	return leaves;
}

static void analyze(struct cc_cert *const *certs, size_t n, time_t at, bool ordered,
		    struct cc_findings *out)
{
	if (n == 0)
		return;
	size_t *distinct = cc_xcalloc(n, sizeof(*distinct));
	size_t nd = dedupe(certs, n, distinct, out);
	size_t roots = 0;
	for (size_t k = 0; k < nd; k++)
		roots += certs[distinct[k]]->self_signed;
	/* A chain has one end-entity certificate, first: with more, the entry
	 * is a bundle (a CT extract, concatenated chains), and judging the
	 * order of its thousands of certificates says nothing useful. */
	size_t leaves = count_leaves(certs, distinct, nd);
	if (ordered && nd > 1 && roots == nd)
		cc_findings_add(out, CC_F_ROOT_BUNDLE, CC_SEV_INFO, 0,
				"a bundle of %zu self-signed roots, not a chain", nd);
	else if (ordered && leaves > 1)
		cc_findings_add(out, CC_F_BUNDLE, CC_SEV_WARNING, 0,
				"a bundle of %zu certificates, not one chain: %zu of them are "
				"end-entity certificates (not CAs, issuing none of the others), "
				"and a chain has one, first; order and issuer links are not checked",
				nd, leaves);
	else if (ordered)
		check_order(certs, n, distinct, nd, out);
	check_validity(certs, distinct, nd, at, out);
	free(distinct);
}

void cc_chain_analyze(struct cc_cert *const *certs, size_t n, time_t at, struct cc_findings *out)
{
	analyze(certs, n, at, true, out);
}

void cc_trust_analyze(struct cc_cert *const *certs, size_t n, time_t at, struct cc_findings *out)
{
	analyze(certs, n, at, false, out);
}
