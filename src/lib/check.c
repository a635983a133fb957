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
#include "srcpath.h"
#include "strict.h"
#include "tls-info.h"

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

void cc_expected_roots(const struct cc_source *src, struct cc_cert *const **certs, size_t *n)
{
	const struct cc_entry *e = cc_source_trust_entry(src);
	if (!e || !e->n_certs)
		e = cc_source_main_entry(src);
	*certs = e && e->n_certs ? e->certs : NULL;
	*n = e ? e->n_certs : 0;
}

/* Among CANDS, the one closest to WANT (best verdict; ties: PREFER). */
static size_t closest(const struct cc_cert *want, const struct cc_cert *const *cands, size_t n,
		      size_t prefer)
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

/* One source under check: its validated path and where results go. */
struct ctx {
	const struct cc_expect *e;
	const char *spec;
	const struct cc_source *src;
	const struct cc_entry *chain;
	enum cc_purpose purpose;       /* for the leaf: the server's for tls://, any for a CA */
	struct cc_srcpath path;
	const struct cc_cert *const *certs; /* the validated path (or the best candidate);
					       the presented chain when none was built */
	size_t n;
	bool valid;
	struct cc_cert **fetched;      /* what --fetch-intermediates brought (borrowed) */
	size_t n_fetched;
	struct cc_results *out;
};

/* An expectation whose own test passed: it passes only when the chain
 * validates, so no expectation passes on a chain `verify` rejects. */
static void add_gated(struct ctx *c, const char *name, char *explanation, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_gated(struct ctx *c, const char *name, char *explanation, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cc_xvasprintf(fmt, ap);
	va_end(ap);
	if (c->valid)
		add_result(c->out, c->spec, name, CC_PASS, explanation, "%s", msg);
	else
		add_result(c->out, c->spec, name, CC_FAIL, explanation,
			   "%s, but the chain does not validate (see valid-path): %s", msg,
			   c->path.reason ? c->path.reason : "no valid path");
	free(msg);
}

/* The validator's account of P, as text. */
static char *validation_text(const struct cc_explainer *x, const struct cc_srcpath *p)
{
	if (!p->ran)
		return cc_xasprintf("%s\n", p->reason ? p->reason : "not validated");
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		return cc_xstrdup("");
	fprintf(fp, "Trust anchors: %s\n", p->anchors_from);
	if (p->fetch_asked && x && x->aia_fetches)
		x->aia_fetches(fp, &p->fetches);
	if (x && x->validation)
		x->validation(fp, &p->v);
	fclose(fp);
	return text;
}

/* "'ROOT'" and how it is trusted, for messages (caller frees). */
static char *anchor_words(const struct cc_srcpath *p)
{
	const struct cc_cert *a = cc_srcpath_anchor(p);
	if (!a)
		return cc_xstrdup("no trust anchor");
	char *l = cc_cert_label(a);
	char *w = cc_xasprintf("'%s'%s (from %s)", l,
			       p->v.path.partial ? ", a trusted intermediate," : "", p->anchors_from);
	free(l);
	return w;
}

/* A valid path in brief: the path, then the warnings. */
static char *path_brief(const struct cc_srcpath *p)
{
	struct cc_buf b = CC_BUF_INIT;
	const struct cc_vpath *path = &p->v.path;
	for (size_t i = 0; i < path->n; i++) {
		char *l = cc_cert_label(path->certs[i]);
		cc_buf_addf(&b, "%zu. %s%s\n", i + 1, l, i + 1 == path->n ? "  [trust anchor]" : "");
		free(l);
	}
	for (size_t i = 0; i < path->n_findings; i++) {
		const struct cc_rule *r = cc_rule_get(path->findings[i].rule);
		cc_buf_addf(&b, "warning %s: %s (%s)\n", r->code, path->findings[i].message,
			    strcmp(r->clients, "none") == 0 ? "no mainstream client refuses it"
							     : "the profile lets it pass");
	}
	return cc_buf_detach(&b, NULL);
}

static void check_valid_path(struct ctx *c)
{
	static const char name[] = "valid-path";
	const struct cc_vpath *path = &c->path.v.path;
	if (c->valid) {
		char *w = anchor_words(&c->path);
		size_t warnings = path->n_findings - path->n_fail;
		char *brief = path_brief(&c->path);
		const struct cc_explainer *x = c->e->explain;
		if (c->n_fetched && x && x->aia_fetches) {
			/* Which certificates came from where: the fetches, then the path. */
			char *text = NULL;
			size_t len = 0;
			FILE *fp = open_memstream(&text, &len);
			if (fp) {
				x->aia_fetches(fp, &c->path.fetches);
				fputs(brief, fp);
				fclose(fp);
				free(brief);
				brief = text;
			}
		}
		add_result(c->out, c->spec, name, CC_PASS, brief,
			   "the chain validates to %s: %zu certificate%s, profile %s, %zu warning%s%s", w,
			   path->n, path->n == 1 ? "" : "s", cc_profile_name(c->path.v.profile), warnings,
			   warnings == 1 ? "" : "s",
			   c->n_fetched ? " (missing intermediates fetched by AIA, see below)" : "");
		free(w);
		return;
	}
	add_result(c->out, c->spec, name, CC_FAIL, validation_text(c->e->explain, &c->path),
		   "the chain does not validate to %s: %s", c->path.anchors_from,
		   c->path.reason ? c->path.reason : "no valid path");
}

/* The name of a repeatable expectation's result: the option alone when it
 * is given once, with its argument when given more than once. */
static char *repeat_name(const char *opt, const char *arg, size_t count)
{
	return count > 1 ? cc_xasprintf("%s %s", opt, arg) : cc_xstrdup(opt);
}

/* --expect-root holds: say which root, and how often the chain sends it. */
static void root_reached(struct ctx *c, const char *name, const struct cc_srcpath *p,
			 const struct cc_cert *found)
{
	size_t presented = 0;
	for (size_t i = 0; i < c->chain->n_certs; i++)
		presented += cc_cert_equal(c->chain->certs[i], found);
	char *l = cc_cert_label(found);
	const char *partial = p->v.path.partial ? " (an intermediate CA of the file: partial chain)" : "";
	if (presented > 1)
		add_result(c->out, c->spec, name, CC_PASS,
			   cc_xasprintf("The same root certificate is sent %zu times (as Istio's "
					"plug-in CA chains do); clients accept it, the repeats "
					"are redundant.\n",
					presented),
			   "validates to the expected root '%s'%s (finding: the root is presented "
			   "%zu times)",
			   l, partial, presented);
	else
		add_result(c->out, c->spec, name, CC_PASS, NULL, "validates to the expected root '%s'%s%s",
			   l, partial, presented ? "" : " (the root is not sent)");
	free(l);
}

/* --expect-root fails and the chain validates nowhere else: explain with
 * the root of the same subject, if one of WANT is, else the validation. */
static void root_missed(struct ctx *c, const char *name, const struct cc_source *want_src,
			struct cc_cert *const *want, size_t n_want, const struct cc_srcpath *p)
{
	struct cc_buf expl = CC_BUF_INIT;
	const struct cc_vpath *best = &p->v.path;
	const struct cc_cert *top = p->ran && best->n ? best->certs[best->n - 1]
						     : c->chain->certs[c->chain->n_certs - 1];
	char *tl = cc_cert_label(top);
	const struct cc_cert *same_name = NULL;
	for (size_t i = 0; i < n_want && !same_name; i++)
		if (!cc_cert_equal(want[i], top) &&
		    strcmp(top->self_signed ? top->subject : top->issuer, want[i]->subject) == 0)
			same_name = want[i];
	if (same_name) {
		cc_buf_addf(&expl,
			    "The chain ends at '%s', which names '%s' as its %s, the expected root's "
			    "subject, but it is not signed by the expected root's key: it belongs to "
			    "another root with the same subject (same subject, different key).\n",
			    tl, same_name->subject, top->self_signed ? "subject" : "issuer");
		if (top->self_signed) {
			char *d = diff_text(same_name, top);
			cc_buf_adds(&expl, d);
			free(d);
		}
	}
	if (!same_name) {
		char *vt = validation_text(c->e->explain, p);
		cc_buf_adds(&expl, vt);
		free(vt);
	}
	add_result(c->out, c->spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
		   "the chain does not validate to a root of %s: %s", want_src->spec,
		   p->reason ? p->reason : "no valid path");
	cc_buf_release(&expl);
	free(tl);
}

static void check_root(struct ctx *c, const struct cc_source *want_src)
{
	char *name = repeat_name("expect-root", want_src->spec, c->e->n_roots);
	struct cc_cert *const *want;
	size_t n_want;
	cc_expected_roots(want_src, &want, &n_want);
	if (!n_want) {
		add_result(c->out, c->spec, name, CC_ERROR, NULL, "%s: no certificate", want_src->spec);
		free(name);
		return;
	}
	for (size_t i = 0; i < n_want; i++) {
		if (want[i]->self_signed || want[i]->is_ca)
			continue;
		char *l = cc_cert_label(want[i]);
		add_result(c->out, c->spec, name, CC_ERROR, NULL,
			   "%s: certificate %zu '%s' is not a CA certificate (a leaf?): --expect-root "
			   "wants the root the chain validates to",
			   want_src->spec, i + 1, l);
		free(l);
		free(name);
		return;
	}
	struct cc_srcpath_options so = {
		.policy = CC_ANCHOR_POLICY_GIVEN, .anchors = want, .n_anchors = n_want,
		.anchors_name = want_src->spec, .at = c->e->at, .profile = c->e->profile,
		.purpose = c->purpose, .extra_pool = c->fetched, .n_extra_pool = c->n_fetched,
	};
	struct cc_srcpath p;
	cc_srcpath_validate(c->src, &so, &p);
	const struct cc_cert *found = cc_srcpath_anchor(&p);
	if (cc_srcpath_ok(&p) && found) {
		root_reached(c, name, &p, found);
		cc_srcpath_release(&p);
		free(name);
		return;
	}
	/* Where the chain does validate, if anywhere else: the diff from the
	 * expected root it is closest to. */
	const struct cc_cert *other = c->valid ? cc_srcpath_anchor(&c->path) : NULL;
	if (other) {
		size_t k = closest(other, (const struct cc_cert *const *)want, n_want, 0);
		char *w = anchor_words(&c->path);
		add_result(c->out, c->spec, name, CC_FAIL, diff_text(want[k], other),
			   "the chain validates to %s, not to a root of %s: %s", w, want_src->spec,
			   cc_verdict_name(cc_diff_verdict(want[k], other)));
		free(w);
		cc_srcpath_release(&p);
		free(name);
		return;
	}
	root_missed(c, name, want_src, want, n_want, &p);
	cc_srcpath_release(&p);
	free(name);
}

static void check_intermediate(struct ctx *c, const struct cc_source *want_src)
{
	char *name = repeat_name("expect-intermediate", want_src->spec, c->e->n_intermediates);
	const struct cc_entry *we = cc_source_main_entry(want_src);
	if (!we || !we->n_certs) {
		add_result(c->out, c->spec, name, CC_ERROR, NULL, "%s: no certificate", want_src->spec);
		free(name);
		return;
	}
	const struct cc_cert *want = we->certs[0];
	char *wl = cc_cert_label(want);
	if (!want->is_ca) {
		add_result(c->out, c->spec, name, CC_ERROR, NULL,
			   "%s: '%s' is not a CA certificate: --expect-intermediate wants an "
			   "intermediate CA of the path",
			   want_src->spec, wl);
		free(wl);
		free(name);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (!cc_cert_equal(c->certs[i], want))
			continue;
		add_gated(c, name, NULL, "'%s' is certificate %zu of the validated path", wl, i + 1);
		free(wl);
		free(name);
		return;
	}
	size_t k = closest(want, c->certs, c->n, 1);
	enum cc_verdict v = cc_diff_verdict(want, c->certs[k]);
	char *diff = diff_text(want, c->certs[k]);
	char *expl = cc_xasprintf("Compared with certificate %zu of the path:\n%s", k + 1, diff);
	free(diff);
	add_result(c->out, c->spec, name, CC_FAIL, expl,
		   "'%s' is not in the %s path (closest: certificate %zu, %s)", wl,
		   c->valid ? "validated" : "best", k + 1, cc_verdict_name(v));
	free(wl);
	free(name);
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

static void check_sans(struct ctx *c)
{
	const struct cc_cert *leaf = c->chain->certs[0];
	for (size_t i = 0; i < c->e->n_sans; i++) {
		const struct cc_san_spec *s = &c->e->sans[i];
		char *name = cc_xasprintf("expect-san %s:%s", cc_san_type_name(s->type), s->value);
		if (cc_cert_has_san(leaf, s))
			add_gated(c, name, NULL, "the leaf carries %s:%s", cc_san_type_name(s->type),
				  s->value);
		else
			add_result(c->out, c->spec, name, CC_FAIL, san_list(leaf), "the leaf lacks %s:%s",
				   cc_san_type_name(s->type), s->value);
		free(name);
	}
}

static void check_host(struct ctx *c, const char *host)
{
	const struct cc_cert *leaf = c->chain->certs[0];
	char *name = cc_xasprintf("expect-host %s", host);
	gnutls_x509_crt_t crt = cc_cert_crt(leaf);
	bool match = crt && gnutls_x509_crt_check_hostname2(crt, host, 0);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (match)
		add_gated(c, name, NULL, "the leaf is valid for '%s'", host);
	else
		add_result(c->out, c->spec, name, CC_FAIL, san_list(leaf), "the leaf is not valid for '%s'",
			   host);
	free(name);
}

/* --min-valid: every certificate of the validated path, its trust anchor
 * included, is valid now and for at least the duration. */
static void check_min_valid(struct ctx *c)
{
	const struct cc_expect *e = c->e;
	char want[32], left[32], tb[32];
	cc_duration_format(e->min_valid, want, sizeof(want));
	char *name = cc_xasprintf("min-valid %s", e->min_valid_text ? e->min_valid_text : want);
	struct cc_buf expl = CC_BUF_INIT;
	size_t first = c->n, n_bad = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct cc_cert *cert = c->certs[i];
		int64_t l = (int64_t)cert->not_after - (int64_t)e->at;
		bool early = e->at < cert->not_before;
		bool bad = l < e->min_valid || early;
		char *label = cc_cert_label(cert);
		const char *role = i + 1 == c->n && c->valid ? " (trust anchor)" : "";
		cc_duration_format(l < 0 ? -l : l, left, sizeof(left));
		if (early)
			cc_buf_addf(&expl, "FAIL certificate %zu%s '%s': not valid before %s\n", i + 1, role,
				    label, cc_time_format(cert->not_before, tb, sizeof(tb)));
		else
			cc_buf_addf(&expl, "%s certificate %zu%s '%s': not after %s, %s%s%s\n",
				    bad ? "FAIL" : "ok  ", i + 1, role, label,
				    cc_time_format(cert->not_after, tb, sizeof(tb)), l < 0 ? "expired " : "",
				    left, l < 0 ? " ago" : " left");
		free(label);
		if (bad) {
			n_bad++;
			if (first == c->n)
				first = i;
		}
	}
	if (!n_bad) {
		add_gated(c, name, cc_buf_detach(&expl, NULL),
			  "every certificate of the path, its trust anchor included, is valid for at "
			  "least %s",
			  want);
	} else {
		const struct cc_cert *cert = c->certs[first];
		int64_t l = (int64_t)cert->not_after - (int64_t)e->at;
		char *label = cc_cert_label(cert);
		const char *more = n_bad > 1 ? " (and more, see below)" : "";
		const char *role = first + 1 == c->n && c->valid ? " (the trust anchor)" : "";
		if (e->at < cert->not_before)
			add_result(c->out, c->spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "certificate %zu%s '%s' is not valid yet (not before %s)%s", first + 1,
				   role, label, cc_time_format(cert->not_before, tb, sizeof(tb)), more);
		else if (l < 0)
			add_result(c->out, c->spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "certificate %zu%s '%s' expired %s ago%s", first + 1, role, label,
				   cc_duration_format(-l, left, sizeof(left)), more);
		else
			add_result(c->out, c->spec, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "certificate %zu%s '%s' expires in %s, less than %s%s", first + 1, role,
				   label, cc_duration_format(l, left, sizeof(left)), want, more);
		free(label);
	}
	cc_buf_release(&expl);
	free(name);
}

/* A chain inside a dump must lead to the same dump's trust (`default` to
 * `ROOTCA`, tls.crt to ca.crt): one result, only where such a pair exists. */
static void check_trust_link(struct ctx *c)
{
	const struct cc_entry *partners[1];
	if (cc_trustlink_partners(c->src, c->chain, partners, 1) == 0)
		return;
	struct cc_trustlink tl = CC_TRUSTLINK_INIT;
	cc_trustlink_check(c->src, c->chain, c->e->at, &tl);
	char *name = cc_xasprintf("trust-link %s", tl.trust ? tl.trust : "(trust entry)");
	switch (tl.state) {
	case CC_TRUSTLINK_LINKED:
		add_result(c->out, c->spec, name, CC_PASS, NULL,
			   "'%s' validates to '%s' of the same source", c->chain->name, tl.trust);
		break;
	case CC_TRUSTLINK_BROKEN:
		add_result(c->out, c->spec, name, CC_FAIL, cc_xasprintf("%s\n", tl.reason ? tl.reason : ""),
			   "'%s' does not validate to '%s' of the same source: %s", c->chain->name,
			   tl.trust ? tl.trust : "(trust entry)", tl.reason ? tl.reason : "unknown");
		break;
	case CC_TRUSTLINK_UNCHECKED:
		add_result(c->out, c->spec, name, CC_ERROR, NULL,
			   "'%s' could not be checked against its trust: %s", c->chain->name,
			   tl.reason ? tl.reason : "no trust entry");
		break;
	}
	free(name);
	cc_trustlink_release(&tl);
}

/* Every expected root of E and its --root certificates, without repeats
 * (a new array of *N); FROM (may be NULL) gets how to name them. */
static struct cc_cert **given_anchors(const struct cc_expect *e, size_t *n, struct cc_buf *from)
{
	struct cc_cert **anchors = NULL;
	size_t alloc = 0;
	for (size_t i = 0; i < e->n_roots; i++) {
		struct cc_cert *const *w;
		size_t nw;
		cc_expected_roots(e->roots[i], &w, &nw);
		cc_certs_add_unique(&anchors, n, &alloc, w, nw);
		if (from)
			cc_buf_addf(from, "%s--expect-root %s", from->len ? ", " : "", e->roots[i]->spec);
	}
	cc_certs_add_unique(&anchors, n, &alloc, e->trust, e->n_trust);
	if (from && e->n_trust)
		cc_buf_addf(from, "%s%s", from->len ? ", " : "", e->trust_name);
	return anchors;
}

/* Nothing in the path that strict TLS clients refuse: what strict.h finds,
 * every rule of the `clients` profile on the validated path (EKU chaining
 * through the intermediates included), and, for a tls:// source, a
 * handshake GnuTLS aborted over the key usage. */
static void check_strict(struct ctx *c)
{
	static const char name[] = "strict-clients";
	const struct cc_expect *e = c->e;
	struct cc_strict_options so = cc_strict_options_for(c->src, e->purpose);
	struct cc_findings f = CC_FINDINGS_INIT;
	cc_strict_analyze((struct cc_cert *const *)c->certs, c->n, &so, &f);
	bool refused = c->src->tls && c->src->tls->status == CC_TLS_KEY_USAGE;
	struct cc_srcpath clients = CC_SRCPATH_INIT;
	const struct cc_srcpath *vp = &c->path;
	if (e->profile != CC_PROFILE_CLIENTS) {
		struct cc_srcpath_options po = {
			.policy = CC_ANCHOR_POLICY_CHECK, .at = e->at, .profile = CC_PROFILE_CLIENTS,
			.purpose = so.purpose, .extra_pool = c->fetched, .n_extra_pool = c->n_fetched,
		};
		size_t n_anchors = 0;
		struct cc_cert **anchors = given_anchors(e, &n_anchors, NULL);
		po.anchors = anchors;
		po.n_anchors = n_anchors;
		po.anchors_name = "the given roots";
		cc_srcpath_validate(c->src, &po, &clients);
		free(anchors);
		vp = &clients;
	}
	size_t n_rules = 0;
	for (size_t i = 0; vp->ran && i < vp->v.path.n_findings; i++)
		n_rules += vp->v.path.findings[i].level == CC_RULE_FAIL;
	const char *role = so.purpose == CC_PURPOSE_CLIENT ? "client"
			   : so.purpose == CC_PURPOSE_ANY  ? "TLS"
							   : "server";
	if (!f.n && !refused && !n_rules && vp->ran) {
		add_gated(c, name, NULL, "nothing in the chain that strict TLS clients refuse (as a %s chain)",
			  role);
	} else {
		struct cc_buf expl = CC_BUF_INIT;
		const char *first = f.n ? f.v[0].message : NULL;
		if (refused) {
			cc_buf_addf(&expl, "handshake: %s\n", c->src->tls->message);
			first = first ? first : "GnuTLS refused the server certificate during the handshake";
		}
		for (size_t i = 0; i < f.n; i++)
			cc_buf_addf(&expl, "%s %s: %s\n", cc_severity_name(f.v[i].severity), f.v[i].code,
				    f.v[i].message);
		for (size_t i = 0; vp->ran && i < vp->v.path.n_findings; i++) {
			const struct cc_vfinding *vf = &vp->v.path.findings[i];
			if (vf->level != CC_RULE_FAIL)
				continue;
			const struct cc_rule *r = cc_rule_get(vf->rule);
			cc_buf_addf(&expl, "error %s: %s (refused by: %s)\n", r->code, vf->message,
				    r->clients);
			first = first ? first : vf->message;
		}
		if (!vp->ran) {
			cc_buf_addf(&expl, "not validated: %s\n", vp->reason ? vp->reason : "unknown");
			first = first ? first : vp->reason;
		}
		size_t total = f.n + n_rules + refused;
		add_result(c->out, c->spec, name, CC_FAIL, cc_buf_detach(&expl, NULL), "%s%s",
			   first ? first : "refused", total > 1 ? " (and more, see below)" : "");
		cc_buf_release(&expl);
	}
	cc_srcpath_release(&clients);
	cc_findings_release(&f);
}

/* --require-ocsp-staple: the server of a tls:// source stapled an OCSP
 * response (ocsp-staple.h) that is good, about the leaf, verified against
 * its issuer and current at --at. */
static void check_ocsp_staple(struct ctx *c)
{
	const struct cc_source *src = c->src;
	static const char name[] = "require-ocsp-staple";
	char buf[32];
	if (!src->tls) {
		add_result(c->out, c->spec, name, CC_ERROR, NULL,
			   "not a tls:// source: only a server staples an OCSP response");
		return;
	}
	const struct cc_ocsp_staple *s = src->tls->ocsp;
	if (!s) {
		add_result(c->out, c->spec, name, CC_FAIL, NULL, "the server stapled no OCSP response");
		return;
	}
	char *why = cc_ocsp_staple_judge(s, c->chain->certs[0], c->e->at);
	if (why)
		add_result(c->out, c->spec, name, CC_FAIL, NULL, "the stapled OCSP response: %s", why);
	else
		add_gated(c, name, NULL, "a good stapled OCSP response, %s, next update %s",
			  s->verification,
			  s->next_update != (time_t)-1 ? cc_time_format(s->next_update, buf, sizeof(buf))
						       : "(none)");
	free(why);
}

enum cc_purpose cc_check_purpose(const struct cc_expect *e, const struct cc_source *src)
{
	const struct cc_entry *chain = cc_source_main_entry(src);
	if (src->tls)
		return CC_PURPOSE_SERVER;
	return chain && chain->n_certs && chain->certs[0]->is_ca ? CC_PURPOSE_ANY : e->purpose;
}

void cc_check_path(const struct cc_expect *e, const struct cc_source *src, struct cc_srcpath *out)
{
	/* The anchors: every expected root, --root, the source's own trust;
	 * the system store when there are none. */
	size_t n_anchors = 0;
	struct cc_buf from = CC_BUF_INIT;
	struct cc_cert **anchors = given_anchors(e, &n_anchors, &from);
	struct cc_srcpath_options so = {
		.policy = CC_ANCHOR_POLICY_CHECK, .anchors = anchors, .n_anchors = n_anchors,
		.anchors_name = from.data ? from.data : "", .at = e->at, .profile = e->profile,
		.purpose = cc_check_purpose(e, src), .fetch = e->fetch,
	};
	cc_srcpath_validate(src, &so, out);
	free(anchors);
	cc_buf_release(&from);
}

void cc_check_source(const struct cc_expect *e, const char *spec, const struct cc_source *src,
		     struct cc_results *out, char *anchor_sha256)
{
	if (anchor_sha256)
		anchor_sha256[0] = '\0';
	const struct cc_entry *chain = cc_source_main_entry(src);
	if (!chain || !chain->n_certs) {
		add_result(out, spec, "load", CC_ERROR, NULL, "%s: no certificate", spec);
		return;
	}
	struct ctx c = { .e = e, .spec = spec, .src = src, .chain = chain, .out = out };
	c.purpose = cc_check_purpose(e, src);
	cc_check_path(e, src, &c.path);
	/* What was fetched serves every later validation of this source. */
	size_t alloc = 0;
	for (size_t i = 0; i < c.path.fetches.n; i++)
		cc_certs_add_unique(&c.fetched, &c.n_fetched, &alloc, c.path.fetches.v[i].certs,
				    c.path.fetches.v[i].n_certs);
	c.valid = cc_srcpath_ok(&c.path);
	if (c.path.ran && c.path.v.path.n) {
		c.certs = c.path.v.path.certs;
		c.n = c.path.v.path.n;
	} else {
		c.certs = (const struct cc_cert *const *)chain->certs;
		c.n = chain->n_certs;
	}
	const struct cc_cert *anchor = cc_srcpath_anchor(&c.path);
	if (anchor_sha256 && anchor && c.valid)
		memcpy(anchor_sha256, anchor->sha256, sizeof(anchor->sha256));

	check_valid_path(&c);
	for (size_t i = 0; i < e->n_roots; i++)
		check_root(&c, e->roots[i]);
	for (size_t i = 0; i < e->n_intermediates; i++)
		check_intermediate(&c, e->intermediates[i]);
	if (e->n_sans)
		check_sans(&c);
	for (size_t i = 0; i < e->n_hosts; i++)
		check_host(&c, e->hosts[i]);
	if (e->has_min_valid)
		check_min_valid(&c);
	if (e->strict_clients)
		check_strict(&c);
	if (e->require_ocsp_staple)
		check_ocsp_staple(&c);
	check_trust_link(&c);
	free(c.fetched);
	cc_srcpath_release(&c.path);
}

void cc_check_same_root(const struct cc_expect *e, const char *const *specs,
			const struct cc_source *const *srcs, size_t n, struct cc_results *out)
{
	static const char all[] = "(all sources)", name[] = "same-root";
	if (!n) {
		add_result(out, all, name, CC_ERROR, NULL, "no source could be read");
		return;
	}
	/* The roots of `certcheck roots`, so both give the same answer. */
	struct cc_root_options ro = { .at = e->at, .profile = e->profile, .anchors = e->trust,
				      .n_anchors = e->n_trust, .anchors_name = e->trust_name };
	struct cc_root *roots = cc_xcalloc(n, sizeof(*roots));
	for (size_t i = 0; i < n; i++)
		cc_root_find(srcs[i], &ro, &roots[i]);
	struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
	cc_roots_group(roots, n, &g);

	if (g.shared) {
		char *l = cc_cert_label(roots[0].cert);
		add_result(out, all, name, CC_PASS, NULL, "all %zu sources validate to the root '%s'%s", n,
			   l, roots[0].n_set > 1 ? " (and the same other roots)" : "");
		free(l);
	} else {
		struct cc_buf expl = CC_BUF_INIT;
		const char *first_spec = NULL, *other_spec = NULL;
		const struct cc_cert *first = NULL, *other = NULL;
		size_t first_i = 0, other_i = 0;
		for (size_t i = 0; i < n; i++) {
			if (!roots[i].cert) {
				cc_buf_addf(&expl, "%s: no root: %s\n", specs[i],
					    roots[i].reason ? roots[i].reason : "unknown");
				continue;
			}
			char *l = cc_cert_label(roots[i].cert);
			cc_buf_addf(&expl, "%s: group %zu, root '%s' (SHA-256 %s)%s\n", specs[i],
				    g.cert_group[i] + 1, l, roots[i].cert->sha256,
				    roots[i].n_set > 1 ? " and others" : "");
			free(l);
			if (!first) {
				first = roots[i].cert;
				first_spec = specs[i];
				first_i = i;
			} else if (!other && g.cert_group[i] != g.cert_group[first_i]) {
				other = roots[i].cert;
				other_spec = specs[i];
				other_i = i;
				if (cc_cert_equal(first, other) && roots[i].n_set > 1)
					other = roots[i].set[1];
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
				   cc_roots_relation(roots, &g, g.cert_group[first_i],
						     g.cert_group[other_i]));
		} else {
			add_result(out, all, name, CC_FAIL, cc_buf_detach(&expl, NULL),
				   "no root for %zu of %zu sources", g.n_rootless, n);
		}
		cc_buf_release(&expl);
	}
	cc_root_groups_release(&g);
	for (size_t i = 0; i < n; i++)
		cc_root_release(&roots[i]);
	free(roots);
}
