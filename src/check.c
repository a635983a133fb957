/* check.c: the assertions of `certcheck check`, each one result. */
#include "check.h"
#include "roots.h"
#include "trustlink.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/x509.h>

#include "chain.h"
#include "diff.h"
#include "ocsp-staple.h"
#include "strict.h"
#include "tls-fetch.h"

const char *cc_outcome_name(enum cc_outcome o)
{
	switch (o) {
	case CC_PASS: return "pass";
	case CC_FAIL: return "fail";
	case CC_ERROR: break;
	}
	return "error";
}

int cc_san_spec_parse(const char *s, struct cc_san_spec *out)
{
	static const struct {
		const char *prefix;
		enum cc_san_type type;
	} types[] = {
		{ "DNS:", CC_SAN_DNS }, { "IP:", CC_SAN_IP }, { "URI:", CC_SAN_URI }, { "EMAIL:", CC_SAN_EMAIL },
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t len = strlen(types[i].prefix);
		if (strncasecmp(s, types[i].prefix, len) != 0 || !s[len])
			continue;
		unsigned char addr[16];
		if (types[i].type == CC_SAN_IP && inet_pton(AF_INET, s + len, addr) != 1 &&
		    inet_pton(AF_INET6, s + len, addr) != 1)
			return -1;
		out->type = types[i].type;
		out->value = cc_xstrdup(s + len);
		return 0;
	}
	return -1;
}

static bool same_ip(const char *a, const char *b)
{
	unsigned char x[16], y[16];
	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1)
		return inet_pton(AF_INET6, b, y) == 1 && memcmp(x, y, 16) == 0;
	return false;
}

bool cc_cert_has_san(const struct cc_cert *cert, const struct cc_san_spec *spec)
{
	for (size_t i = 0; i < cert->n_sans; i++) {
		const struct cc_san *s = &cert->sans[i];
		if (s->type != spec->type)
			continue;
		switch (spec->type) {
		case CC_SAN_IP:
			if (same_ip(spec->value, s->value))
				return true;
			break;
		case CC_SAN_URI:
			if (strcmp(spec->value, s->value) == 0)
				return true;
			break;
		default:
			if (strcasecmp(spec->value, s->value) == 0)
				return true;
			break;
		}
	}
	return false;
}

void cc_results_release(struct cc_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].source);
		free(r->v[i].name);
		free(r->v[i].message);
		free(r->v[i].explanation);
	}
	free(r->v);
	*r = (struct cc_results)CC_RESULTS_INIT;
}

size_t cc_results_count(const struct cc_results *r, enum cc_outcome o)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].outcome == o;
	return n;
}

/* Add a result; EXPLANATION (owned, may be NULL) is taken over. */
static void add_result(struct cc_results *r, const char *source, const char *name, enum cc_outcome o,
		       char *explanation, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add_result(struct cc_results *r, const char *source, const char *name, enum cc_outcome o,
		       char *explanation, const char *fmt, ...)
{
	va_list ap;
	CC_ARRAY_GROW(r->v, r->n, r->alloc);
	struct cc_result *res = &r->v[r->n++];
	res->source = cc_xstrdup(source);
	res->name = cc_xstrdup(name);
	res->outcome = o;
	va_start(ap, fmt);
	res->message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	res->explanation = explanation ? explanation : cc_xstrdup("");
}

void cc_check_load_error(const char *spec, const struct cc_error *err, struct cc_results *out)
{
	add_result(out, spec, "load", CC_ERROR, NULL, "%s", err->msg);
}

/* The diff of EXPECTED against FOUND, as text. */
static char *diff_text(const struct cc_cert *expected, const struct cc_cert *found)
{
	struct cc_diff d;
	struct cc_buf b = CC_BUF_INIT;
	struct cc_cert *a[1] = { (struct cc_cert *)expected }, *f[1] = { (struct cc_cert *)found };
	cc_diff_chains(a, 1, f, 1, &d);
	cc_diff_text(&d, "expected:", "found:", "", &b);
	cc_diff_release(&d);
	return cc_buf_detach(&b, NULL);
}

const struct cc_cert *cc_source_root(const struct cc_source *src)
{
	/* One way of finding a source's root for `check` and `roots` alike. */
	struct cc_root root = CC_ROOT_INIT;
	cc_root_find(src, &root);
	const struct cc_cert *cert = root.cert;
	cc_root_release(&root);
	return cert;
}

void cc_expected_roots(const struct cc_source *src, struct cc_cert *const **certs, size_t *n)
{
	const struct cc_entry *e = cc_source_trust_entry(src);
	if (e) {
		*certs = e->certs;
		*n = e->n_certs;
		return;
	}
	e = cc_source_main_entry(src);
	*certs = e && e->n_certs ? &e->certs[e->n_certs - 1] : NULL;
	*n = e && e->n_certs ? 1 : 0;
}

/* Among CANDS, the one closest to WANT (best verdict; ties: PREFER). */
static size_t closest(const struct cc_cert *want, struct cc_cert *const *cands, size_t n, size_t prefer)
{
	size_t best = prefer < n ? prefer : 0;
	enum cc_verdict bv = cc_diff_verdict(want, cands[best]);
	for (size_t i = 0; i < n; i++) {
		enum cc_verdict v = cc_diff_verdict(want, cands[i]);
		if (v < bv) {
			bv = v;
			best = i;
		}
	}
	return best;
}

static void check_root(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
		       const struct cc_source *src, struct cc_results *out)
{
	static const char name[] = "expect-root";
	struct cc_cert *const *want;
	size_t n_want;
	cc_expected_roots(e->root, &want, &n_want);
	if (!n_want) {
		add_result(out, spec, name, CC_ERROR, NULL, "%s: no certificate", e->root->spec);
		return;
	}
	const struct cc_cert *found = cc_source_root(src);
	if (found) {
		size_t presented = 0;
		for (size_t i = 0; i < chain->n_certs; i++)
			presented += cc_cert_equal(chain->certs[i], found);
		for (size_t i = 0; i < n_want; i++) {
			if (!cc_cert_equal(want[i], found))
				continue;
			char *l = cc_cert_label(found);
			if (presented > 1)
				add_result(out, spec, name, CC_PASS,
					   cc_xasprintf("The same root certificate is sent %zu times "
							"(as Istio's plug-in CA chains do); clients "
							"accept it, the repeats are redundant.\n",
							presented),
					   "leads to the expected root '%s' (finding: the root is presented %zu times)",
					   l, presented);
			else
				add_result(out, spec, name, CC_PASS, NULL,
					   "leads to the expected root '%s'%s", l,
					   presented ? "" : " (from its trust entry)");
			free(l);
			return;
		}
		size_t k = closest(found, want, n_want, 0);
		char *l = cc_cert_label(found);
		add_result(out, spec, name, CC_FAIL, diff_text(want[k], found),
			   "the root '%s' is not the expected one: %s", l,
			   cc_verdict_name(cc_diff_verdict(want[k], found)));
		free(l);
		return;
	}

	/* No root presented: the top must be issued and signed by the expected root. */
	const struct cc_cert *top = chain->certs[chain->n_certs - 1];
	char *tl = cc_cert_label(top);
	const struct cc_cert *same_name = NULL;
	for (size_t i = 0; i < n_want; i++) {
		enum cc_link link = cc_cert_link(top, want[i]);
		if (link == CC_LINK_SIGNED) {
			char *rl = cc_cert_label(want[i]);
			add_result(out, spec, name, CC_PASS, NULL,
				   "root not sent; the top certificate '%s' is issued and signed by the "
				   "expected root '%s'",
				   tl, rl);
			free(rl);
			free(tl);
			return;
		}
		if (strcmp(top->issuer, want[i]->subject) == 0)
			same_name = want[i];
	}
	if (same_name)
		add_result(out, spec, name, CC_FAIL,
			   cc_xasprintf("The top certificate '%s' names '%s' as its issuer, the "
					"expected root's subject, but its signature does not verify "
					"under the expected root's key: it was issued by another root "
					"with the same subject (same subject, different key).\n",
					tl, top->issuer),
			   "root not sent; the top certificate '%s' is not signed by the expected root: "
			   "same subject, different key",
			   tl);
	else
		add_result(out, spec, name, CC_FAIL,
			   cc_xasprintf("The top certificate '%s' is issued by '%s'; the expected root "
					"is '%s'.\n",
					tl, top->issuer, want[0]->subject),
			   "root not sent; the top certificate '%s' is issued by '%s', not by the "
			   "expected root",
			   tl, top->issuer);
	free(tl);
}

static void check_intermediate(const struct cc_expect *e, const char *spec,
			       const struct cc_entry *chain, struct cc_results *out)
{
	static const char name[] = "expect-intermediate";
	const struct cc_entry *we = cc_source_main_entry(e->intermediate);
	if (!we || !we->n_certs) {
		add_result(out, spec, name, CC_ERROR, NULL, "%s: no certificate", e->intermediate->spec);
		return;
	}
	const struct cc_cert *want = we->certs[0];
	char *wl = cc_cert_label(want);
	for (size_t i = 0; i < chain->n_certs; i++) {
		if (!cc_cert_equal(chain->certs[i], want))
			continue;
		add_result(out, spec, name, CC_PASS, NULL, "'%s' is certificate %zu of the chain", wl,
			   i + 1);
		free(wl);
		return;
	}
	size_t k = closest(want, chain->certs, chain->n_certs, 1);
	enum cc_verdict v = cc_diff_verdict(want, chain->certs[k]);
	char *diff = diff_text(want, chain->certs[k]);
	char *expl = cc_xasprintf("Compared with certificate %zu of the chain:\n%s", k + 1, diff);
	free(diff);
	add_result(out, spec, name, CC_FAIL, expl,
		   "'%s' is not in the chain (closest: certificate %zu, %s)", wl, k + 1,
		   cc_verdict_name(v));
	free(wl);
}

static char *san_list(const struct cc_cert *leaf)
{
	struct cc_buf b = CC_BUF_INIT;
	char *l = cc_cert_label(leaf);
	cc_buf_addf(&b, "The leaf '%s' carries: ", l);
	free(l);
	if (!cc_cert_add_sans(&b, leaf))
		cc_buf_adds(&b, "no subject alternative names");
	cc_buf_adds(&b, "\n");
	return cc_buf_detach(&b, NULL);
}

static void check_sans(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
		       struct cc_results *out)
{
	const struct cc_cert *leaf = chain->certs[0];
	for (size_t i = 0; i < e->n_sans; i++) {
		const struct cc_san_spec *s = &e->sans[i];
		char *name = cc_xasprintf("expect-san %s:%s", cc_san_type_name(s->type), s->value);
		if (cc_cert_has_san(leaf, s))
			add_result(out, spec, name, CC_PASS, NULL, "the leaf carries %s:%s",
				   cc_san_type_name(s->type), s->value);
		else
			add_result(out, spec, name, CC_FAIL, san_list(leaf), "the leaf lacks %s:%s",
				   cc_san_type_name(s->type), s->value);
		free(name);
	}
}

static void check_host(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
		       struct cc_results *out)
{
	const struct cc_cert *leaf = chain->certs[0];
	char *name = cc_xasprintf("expect-host %s", e->host);
	gnutls_x509_crt_t crt = cc_cert_crt(leaf);
	bool match = crt && gnutls_x509_crt_check_hostname2(crt, e->host, 0);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (match)
		add_result(out, spec, name, CC_PASS, NULL, "the leaf is valid for '%s'", e->host);
	else
		add_result(out, spec, name, CC_FAIL, san_list(leaf), "the leaf is not valid for '%s'",
			   e->host);
	free(name);
}

static void check_min_valid(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
			    struct cc_results *out)
{
	char want[32], left[32], tb[32];
	cc_duration_format(e->min_valid, want, sizeof(want));
	char *name = cc_xasprintf("min-valid %s", e->min_valid_text ? e->min_valid_text : want);
	struct cc_buf expl = CC_BUF_INIT;
	size_t first = chain->n_certs, n_bad = 0;
	for (size_t i = 0; i < chain->n_certs; i++) {
		const struct cc_cert *c = chain->certs[i];
		int64_t l = (int64_t)c->not_after - (int64_t)e->at;
		bool bad = l < e->min_valid;
		char *label = cc_cert_label(c);
		cc_duration_format(l < 0 ? -l : l, left, sizeof(left));
		cc_buf_addf(&expl, "%s certificate %zu '%s': not after %s, %s%s%s\n",
			    bad ? "FAIL" : "ok  ", i + 1, label,
			    cc_time_format(c->not_after, tb, sizeof(tb)), l < 0 ? "expired " : "",
			    left, l < 0 ? " ago" : " left");
		free(label);
		if (bad) {
			n_bad++;
			if (first == chain->n_certs)
				first = i;
		}
	}
	if (!n_bad) {
		add_result(out, spec, name, CC_PASS, cc_buf_detach(&expl, NULL),
			   "every certificate of the chain is valid for at least %s", want);
	} else {
		const struct cc_cert *c = chain->certs[first];
		int64_t l = (int64_t)c->not_after - (int64_t)e->at;
		char *label = cc_cert_label(c);
		if (l < 0)
			add_result(out, spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "certificate %zu '%s' expired %s ago%s", first + 1, label,
				   cc_duration_format(-l, left, sizeof(left)),
				   n_bad > 1 ? " (and more, see below)" : "");
		else
			add_result(out, spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "certificate %zu '%s' expires in %s, less than %s%s", first + 1, label,
				   cc_duration_format(l, left, sizeof(left)), want,
				   n_bad > 1 ? " (and more, see below)" : "");
		free(label);
	}
	cc_buf_release(&expl);
	free(name);
}

/* A chain inside a dump must lead to the same dump's trust (`default` to
 * `ROOTCA`, tls.crt to ca.crt): one result, only where such a pair exists. */
static void check_trust_link(const struct cc_expect *e, const char *spec,
			     const struct cc_entry *chain, const struct cc_source *src,
			     struct cc_results *out)
{
	const struct cc_entry *partners[1];
	if (cc_trustlink_partners(src, chain, partners, 1) == 0)
		return;
	struct cc_trustlink tl = CC_TRUSTLINK_INIT;
	cc_trustlink_check(src, chain, e->at, &tl);
	char *name = cc_xasprintf("trust-link %s", tl.trust ? tl.trust : "(trust entry)");
	switch (tl.state) {
	case CC_TRUSTLINK_LINKED:
		add_result(out, spec, name, CC_PASS, NULL, "'%s' verifies against '%s' of the same source",
			   chain->name, tl.trust);
		break;
	case CC_TRUSTLINK_BROKEN:
		add_result(out, spec, name, CC_FAIL, cc_xasprintf("%s\n", tl.reason ? tl.reason : ""),
			   "'%s' does not verify against '%s' of the same source: %s", chain->name,
			   tl.trust ? tl.trust : "(trust entry)", tl.reason ? tl.reason : "unknown");
		break;
	case CC_TRUSTLINK_UNCHECKED:
		add_result(out, spec, name, CC_ERROR, NULL, "'%s' could not be checked against its trust: %s",
			   chain->name, tl.reason ? tl.reason : "no trust entry");
		break;
	}
	free(name);
	cc_trustlink_release(&tl);
}

/* Nothing in the chain that strict TLS clients refuse (strict.h); a tls://
 * source's leaf is the server's own, and a handshake GnuTLS aborted over
 * the key usage fails too. */
static void check_strict(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
			 const struct cc_source *src, struct cc_results *out)
{
	static const char name[] = "strict-clients";
	struct cc_strict_options so = cc_strict_options_for(src, e->purpose);
	struct cc_findings f = CC_FINDINGS_INIT;
	cc_strict_analyze(chain->certs, chain->n_certs, &so, &f);
	bool refused = src->tls && src->tls->status == CC_TLS_KEY_USAGE;
	const char *role = so.purpose == CC_PURPOSE_CLIENT ? "client"
			   : so.purpose == CC_PURPOSE_ANY  ? "TLS"
							   : "server";
	if (!f.n && !refused) {
		add_result(out, spec, name, CC_PASS, NULL,
			   "nothing in the chain that strict TLS clients refuse (as a %s chain)", role);
		cc_findings_release(&f);
		return;
	}
	struct cc_buf expl = CC_BUF_INIT;
	if (refused)
		cc_buf_addf(&expl, "handshake: %s\n", src->tls->message);
	for (size_t i = 0; i < f.n; i++)
		cc_buf_addf(&expl, "%s %s: %s\n", cc_severity_name(f.v[i].severity), f.v[i].code,
			    f.v[i].message);
	if (f.n)
		add_result(out, spec, name, CC_FAIL, cc_buf_detach(&expl, NULL), "%s%s",
			   f.v[0].message, f.n > 1 ? " (and more, see below)" : "");
	else
		add_result(out, spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
			   "GnuTLS refused the server certificate during the handshake: %s",
			   src->tls->message);
	cc_buf_release(&expl);
	cc_findings_release(&f);
}

/* --require-ocsp-staple: the server of a tls:// source stapled an OCSP
 * response (ocsp-staple.h) that is good, about the leaf, verified against
 * its issuer and current at --at. */
static void check_ocsp_staple(const struct cc_expect *e, const char *spec, const struct cc_entry *chain,
			      const struct cc_source *src, struct cc_results *out)
{
	static const char name[] = "require-ocsp-staple";
	char buf[32];
	if (!src->tls) {
		add_result(out, spec, name, CC_ERROR, NULL,
			   "not a tls:// source: only a server staples an OCSP response");
		return;
	}
	const struct cc_ocsp_staple *s = src->tls->ocsp;
	if (!s) {
		add_result(out, spec, name, CC_FAIL, NULL, "the server stapled no OCSP response");
		return;
	}
	char *why = cc_ocsp_staple_judge(s, chain->certs[0], e->at);
	if (why)
		add_result(out, spec, name, CC_FAIL, NULL, "the stapled OCSP response: %s", why);
	else
		add_result(out, spec, name, CC_PASS, NULL, "a good stapled OCSP response, %s, next update %s",
			   s->verification,
			   s->next_update != (time_t)-1 ? cc_time_format(s->next_update, buf, sizeof(buf))
							: "(none)");
	free(why);
}

void cc_check_source(const struct cc_expect *e, const char *spec, const struct cc_source *src,
		     struct cc_results *out)
{
	const struct cc_entry *chain = cc_source_main_entry(src);
	if (!chain || !chain->n_certs) {
		add_result(out, spec, "load", CC_ERROR, NULL, "%s: no certificate", spec);
		return;
	}
	if (e->root)
		check_root(e, spec, chain, src, out);
	if (e->intermediate)
		check_intermediate(e, spec, chain, out);
	if (e->n_sans)
		check_sans(e, spec, chain, out);
	if (e->host)
		check_host(e, spec, chain, out);
	if (e->has_min_valid)
		check_min_valid(e, spec, chain, out);
	if (e->strict_clients)
		check_strict(e, spec, chain, src, out);
	if (e->require_ocsp_staple)
		check_ocsp_staple(e, spec, chain, src, out);
	check_trust_link(e, spec, chain, src, out);
}

void cc_check_same_root(const char *const *specs, const struct cc_source *const *srcs, size_t n,
			struct cc_results *out)
{
	static const char all[] = "(all sources)", name[] = "same-root";
	if (!n) {
		add_result(out, all, name, CC_ERROR, NULL, "no source could be read");
		return;
	}
	/* The grouping of `certcheck roots`, so both give the same answer. */
	struct cc_root *roots = cc_xcalloc(n, sizeof(*roots));
	for (size_t i = 0; i < n; i++)
		cc_root_find(srcs[i], &roots[i]);
	struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
	cc_roots_group(roots, n, &g);

	if (g.shared) {
		char *l = cc_cert_label(roots[0].cert);
		add_result(out, all, name, CC_PASS, NULL, "all %zu sources lead to the root '%s'", n, l);
		free(l);
	} else {
		struct cc_buf expl = CC_BUF_INIT;
		const char *first_spec = NULL, *other_spec = NULL;
		const struct cc_cert *first = NULL, *other = NULL;
		for (size_t i = 0; i < n; i++) {
			if (!roots[i].cert) {
				cc_buf_addf(&expl, "%s: no root found: %s\n", specs[i],
					    roots[i].reason ? roots[i].reason : "unknown");
				continue;
			}
			char *l = cc_cert_label(roots[i].cert);
			cc_buf_addf(&expl, "%s: group %zu, root '%s' (SHA-256 %s)\n", specs[i],
				    g.cert_group[i] + 1, l, roots[i].cert->sha256);
			free(l);
			if (!first) {
				first = roots[i].cert;
				first_spec = specs[i];
			} else if (!other && !cc_cert_equal(first, roots[i].cert)) {
				other = roots[i].cert;
				other_spec = specs[i];
			}
		}
		if (first && other) {
			char *diff = diff_text(first, other);
			cc_buf_addf(&expl, "expected: the root of %s\nfound: the root of %s\n%s", first_spec,
				    other_spec, diff);
			free(diff);
			add_result(out, all, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "%zu different roots: %s and %s lead to different roots: %s",
				   g.n_cert_groups, first_spec, other_spec,
				   cc_verdict_name(cc_diff_verdict(first, other)));
		} else {
			add_result(out, all, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "no root found for %zu of %zu sources", g.n_rootless, n);
		}
		cc_buf_release(&expl);
	}
	cc_root_groups_release(&g);
	for (size_t i = 0; i < n; i++)
		cc_root_release(&roots[i]);
	free(roots);
}
