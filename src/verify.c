/* verify.c: path validation on GnuTLS trust lists, and every failure in words. */
#include "verify.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "chain.h"

int cc_purpose_parse(const char *s, enum cc_purpose *out)
{
	if (strcmp(s, "any") == 0)
		*out = CC_PURPOSE_ANY;
	else if (strcmp(s, "server") == 0)
		*out = CC_PURPOSE_SERVER;
	else if (strcmp(s, "client") == 0)
		*out = CC_PURPOSE_CLIENT;
	else
		return -1;
	return 0;
}

void cc_verify_result_release(struct cc_verify_result *r)
{
	for (size_t i = 0; i < r->n_reasons; i++)
		free(r->reasons[i].message);
	free(r->reasons);
	free(r->path);
	cc_cert_free(r->owned_anchor);
	*r = (struct cc_verify_result)CC_VERIFY_RESULT_INIT;
}

static void add_reason(struct cc_verify_result *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_reason(struct cc_verify_result *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	CC_ARRAY_GROW(r->reasons, r->n_reasons, r->alloc_reasons);
	va_start(ap, fmt);
	r->reasons[r->n_reasons].code = code;
	r->reasons[r->n_reasons].message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	r->n_reasons++;
}

static bool in_path(const struct cc_verify_result *r, const struct cc_cert *c)
{
	for (size_t i = 0; i < r->n_path; i++)
		if (r->path[i] == c || cc_cert_equal(r->path[i], c))
			return true;
	return false;
}

static void path_add(struct cc_verify_result *r, const struct cc_cert *c, size_t *alloc)
{
	CC_ARRAY_GROW(r->path, r->n_path, *alloc);
	r->path[r->n_path++] = c;
}

/* An untrusted certificate that signed C and is not on the path yet. */
static const struct cc_cert *find_untrusted(const struct cc_verify_result *r, const struct cc_cert *c,
					    struct cc_cert *const *chain, size_t n,
					    const struct cc_verify_options *o, enum cc_link want)
{
	for (size_t pass = 0; pass < 2; pass++) {
		struct cc_cert *const *v = pass ? o->intermediates : chain + 1;
		size_t nv = pass ? o->n_intermediates : (n ? n - 1 : 0);
		for (size_t i = 0; i < nv; i++)
			if (!in_path(r, v[i]) && strcmp(c->issuer, v[i]->subject) == 0 &&
			    cc_cert_link(c, v[i]) == want)
				return v[i];
	}
	return NULL;
}

/* The anchor that is C itself or signed C: among the given roots, or in
 * the system store through TL (then owned by R). */
static const struct cc_cert *find_anchor(struct cc_verify_result *r, const struct cc_cert *c,
					 const struct cc_verify_options *o, gnutls_x509_trust_list_t tl,
					 enum cc_link want)
{
	for (size_t i = 0; i < o->n_roots; i++)
		if (cc_cert_equal(c, o->roots[i]))
			return o->roots[i];
	for (size_t i = 0; i < o->n_roots; i++)
		if (strcmp(c->issuer, o->roots[i]->subject) == 0 &&
		    cc_cert_link(c, o->roots[i]) == want)
			return o->roots[i];
	if (o->n_roots || want != CC_LINK_SIGNED)
		return NULL;

	const struct cc_cert *found = NULL;
	gnutls_x509_crt_t crt = cc_cert_crt(c), issuer = NULL;
	if (!crt)
		return NULL;
	if (gnutls_x509_trust_list_get_issuer(tl, crt, &issuer, GNUTLS_TL_GET_COPY) >= 0 && issuer) {
		gnutls_datum_t der = { NULL, 0 };
		struct cc_cert *a = NULL;
		if (gnutls_x509_crt_export2(issuer, GNUTLS_X509_FMT_DER, &der) >= 0 &&
		    cc_cert_from_der(der.data, der.size, "system trust store", &a, NULL) == 0) {
			cc_cert_free(r->owned_anchor);
			r->owned_anchor = a;
			found = a;
		}
		gnutls_free(der.data);
		gnutls_x509_crt_deinit(issuer);
	}
	gnutls_x509_crt_deinit(crt);
	return found;
}

/* Build the path from the leaf: each step the anchor that issued the top
 * if there is one, else an untrusted certificate that did.  Returns the
 * number of path members that are not anchors (what GnuTLS is given). */
static size_t build_path(struct cc_verify_result *r, struct cc_cert *const *chain, size_t n,
			 const struct cc_verify_options *o, gnutls_x509_trust_list_t tl)
{
	size_t alloc = 0, untrusted;
	path_add(r, chain[0], &alloc);
	for (;;) {
		const struct cc_cert *top = r->path[r->n_path - 1];
		const struct cc_cert *anchor = find_anchor(r, top, o, tl, CC_LINK_SIGNED);
		const struct cc_cert *next = NULL;
		/* No signer: one whose name and key ID match but whose signature
		 * does not verify, so that GnuTLS reports the bad signature. */
		if (!anchor && !top->self_signed &&
		    !(next = find_untrusted(r, top, chain, n, o, CC_LINK_SIGNED)))
			anchor = find_anchor(r, top, o, tl, CC_LINK_BAD_SIGNATURE);
		if (anchor) {
			r->anchored = true;
			r->anchor = anchor;
			untrusted = r->n_path;
			if (!cc_cert_equal(anchor, top))
				path_add(r, anchor, &alloc);
			return untrusted;
		}
		if (top->self_signed)
			return r->n_path;
		if (!next)
			next = find_untrusted(r, top, chain, n, o, CC_LINK_BAD_SIGNATURE);
		if (!next)
			return r->n_path;
		path_add(r, next, &alloc);
	}
}

/* The --at time, for GnuTLS: GnuTLS 3.7.9's gnutls_x509_trust_list_verify_crt2()
 * takes no time argument and reads the clock through gnutls_time(), which
 * is the function set by gnutls_global_set_time_function().  So the
 * verification runs with that function pointed at the requested time and
 * restored to time(3) afterwards.  (GNUTLS_VERIFY_DISABLE_TIME_CHECKS with
 * our own checks would lose GnuTLS's own handling of trusted certificates'
 * times.)  The function is process-wide, so this is safe only because
 * verification runs on the main thread after loading is over: sources load
 * on several threads (load-many.c, -j N), all joined before any command
 * verifies, and a loading thread never verifies. */
static time_t verify_at;
static time_t fixed_time(time_t *t)
{
	if (t)
		*t = verify_at;
	return verify_at;
}

static void explain_time(struct cc_verify_result *r, time_t at, bool expired)
{
	char tb[32];
	bool named = false;
	for (size_t i = 0; i < r->n_path; i++) {
		const struct cc_cert *c = r->path[i];
		if (expired ? c->not_after >= at : c->not_before <= at)
			continue;
		char *l = cc_cert_label(c);
		if (expired)
			add_reason(r, CC_V_EXPIRED, "expired: certificate %zu '%s' expired at %s", i + 1, l,
				   cc_time_format(c->not_after, tb, sizeof(tb)));
		else
			add_reason(r, CC_V_NOT_YET_VALID,
				   "not yet valid: certificate %zu '%s' is valid only from %s", i + 1, l,
				   cc_time_format(c->not_before, tb, sizeof(tb)));
		free(l);
		named = true;
	}
	if (!named)
		add_reason(r, expired ? CC_V_EXPIRED : CC_V_NOT_YET_VALID, "%s",
			   expired ? "expired: a certificate of the path has expired"
				   : "not yet valid: a certificate of the path is not valid yet");
}

static void explain_signer_not_found(struct cc_verify_result *r, const struct cc_verify_options *o)
{
	const struct cc_cert *top = r->path[r->n_path - 1];
	const char *twin = "";
	for (size_t i = 0; i < o->n_roots; i++)
		if (strcmp(o->roots[i]->subject, top->self_signed ? top->subject : top->issuer) == 0)
			twin = " (a trusted root has that subject, but another key)";
	char *l = cc_cert_label(top);
	if (top->self_signed)
		add_reason(r, CC_V_SIGNER_NOT_FOUND,
			   "signer not found: the self-signed '%s' is not a trusted root%s", l, twin);
	else
		add_reason(r, CC_V_SIGNER_NOT_FOUND,
			   "signer not found: no certificate or root for issuer '%s' (of '%s')%s",
			   top->issuer, l, twin);
	free(l);
}

static void explain_not_ca(struct cc_verify_result *r)
{
	bool named = false;
	for (size_t i = 1; i < r->n_path; i++) {
		const struct cc_cert *c = r->path[i];
		if (c->has_bc && c->is_ca)
			continue;
		char *l = cc_cert_label(c), *child = cc_cert_label(r->path[i - 1]);
		add_reason(r, CC_V_SIGNER_NOT_CA, "issuer not a CA: '%s' (which issued '%s') %s", l, child,
			   c->has_bc ? "has CA:FALSE" : "has no basic constraints");
		free(l);
		free(child);
		named = true;
	}
	if (!named)
		add_reason(r, CC_V_SIGNER_NOT_CA, "issuer not a CA: an issuer may not sign certificates");
}

/* Path length: certificate I (a CA) allows path_len non-self-issued
 * intermediates below it, down to the leaf. */
static void explain_constraints(struct cc_verify_result *r)
{
	bool named = false;
	for (size_t i = 1; i < r->n_path; i++) {
		const struct cc_cert *c = r->path[i];
		if (c->path_len < 0)
			continue;
		size_t below = 0;
		for (size_t k = 1; k < i; k++)
			if (strcmp(r->path[k]->subject, r->path[k]->issuer) != 0)
				below++;
		if (below <= (size_t)c->path_len)
			continue;
		char *l = cc_cert_label(c);
		add_reason(r, CC_V_CONSTRAINTS,
			   "path length exceeded: '%s' allows %d intermediate(s) below it, the path has %zu",
			   l, c->path_len, below);
		free(l);
		named = true;
	}
	if (!named)
		add_reason(r, CC_V_CONSTRAINTS,
			   "signer constraints violated: a path length, name constraint or key usage "
			   "of an issuer does not allow this path");
}

/* Whether C's public key is weaker than the medium profile's 112 bits. */
static bool weak_key(const struct cc_cert *c)
{
	gnutls_x509_crt_t crt = cc_cert_crt(c);
	if (!crt)
		return false;
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	if (pk == GNUTLS_PK_ECDSA) {
		gnutls_ecc_curve_t curve;
		if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0)
			bits = gnutls_ecc_curve_get_size(curve) * 8;
	}
	gnutls_x509_crt_deinit(crt);
	return pk > 0 && gnutls_pk_bits_to_sec_param(pk, bits) < GNUTLS_SEC_PARAM_MEDIUM;
}

static void explain_insecure(struct cc_verify_result *r)
{
	bool named = false;
	for (size_t i = 0; i < r->n_path; i++) {
		const struct cc_cert *c = r->path[i];
		char *l = cc_cert_label(c);
		if (c->sig_insecure && !(r->anchored && c == r->anchor)) {
			add_reason(r, CC_V_INSECURE_ALG, "insecure algorithm: '%s' is signed with %s", l,
				   c->sig_alg);
			named = true;
		}
		if (weak_key(c)) {
			add_reason(r, CC_V_INSECURE_ALG,
				   "insecure algorithm: '%s' has a key below 112-bit security (%s%s%s, "
				   "%u bits)",
				   l, c->key_type, c->key_curve ? " " : "", c->key_curve ? c->key_curve : "",
				   c->key_bits);
			named = true;
		}
		free(l);
	}
	if (!named)
		add_reason(r, CC_V_INSECURE_ALG,
			   "insecure algorithm: a signature or key of the path is too weak");
}

static void explain_name(struct cc_verify_result *r, const char *what, const char *name)
{
	const struct cc_cert *leaf = r->path[0];
	struct cc_buf names = CC_BUF_INIT;
	cc_cert_add_sans(&names, leaf);
	add_reason(r, CC_V_NAME_MISMATCH, "name mismatch: the leaf is not valid for %s '%s' (it has %s)",
		   what, name, names.len ? names.data : "no subject alternative names");
	cc_buf_release(&names);
}

static void explain_purpose(struct cc_verify_result *r, enum cc_purpose p)
{
	const char *want = p == CC_PURPOSE_CLIENT ? "clientAuth" : "serverAuth";
	for (size_t i = 0; i < r->n_path; i++) {
		const struct cc_cert *c = r->path[i];
		if (!c->n_eku || cc_cert_allows_eku(c, want))
			continue;
		char *l = cc_cert_label(c);
		struct cc_buf eku = CC_BUF_INIT;
		cc_cert_add_eku(&eku, c);
		add_reason(r, CC_V_PURPOSE_MISMATCH, "purpose mismatch: '%s' does not allow %s (EKU: %s)",
			   l, want, eku.data);
		cc_buf_release(&eku);
		free(l);
		return;
	}
	add_reason(r, CC_V_PURPOSE_MISMATCH, "purpose mismatch: the path does not allow %s", want);
}

static void explain_signature(struct cc_verify_result *r)
{
	for (size_t i = 0; i + 1 < r->n_path; i++) {
		if (cc_cert_link(r->path[i], r->path[i + 1]) == CC_LINK_SIGNED)
			continue;
		char *l = cc_cert_label(r->path[i]), *il = cc_cert_label(r->path[i + 1]);
		add_reason(r, CC_V_BAD_SIGNATURE, "bad signature: '%s' does not verify under the key of '%s'",
			   l, il);
		free(l);
		free(il);
		return;
	}
	add_reason(r, CC_V_BAD_SIGNATURE, "bad signature: a signature of the path does not verify");
}

/* Turn GnuTLS's status bits into reasons naming the certificates. */
static void explain(struct cc_verify_result *r, unsigned st, const struct cc_verify_options *o,
		    const char *name_kind, const char *name)
{
	unsigned known = GNUTLS_CERT_INVALID;
	if (st & GNUTLS_CERT_SIGNER_NOT_FOUND)
		explain_signer_not_found(r, o);
	if (st & GNUTLS_CERT_SIGNER_NOT_CA)
		explain_not_ca(r);
	if (st & GNUTLS_CERT_EXPIRED)
		explain_time(r, o->at, true);
	if (st & GNUTLS_CERT_NOT_ACTIVATED)
		explain_time(r, o->at, false);
	if (st & GNUTLS_CERT_INSECURE_ALGORITHM)
		explain_insecure(r);
	if (st & GNUTLS_CERT_SIGNATURE_FAILURE)
		explain_signature(r);
	if (st & GNUTLS_CERT_UNEXPECTED_OWNER)
		explain_name(r, name_kind, name);
	if (st & GNUTLS_CERT_PURPOSE_MISMATCH)
		explain_purpose(r, o->purpose);
	if (st & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
		explain_constraints(r);
	known |= GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_EXPIRED |
		 GNUTLS_CERT_NOT_ACTIVATED | GNUTLS_CERT_INSECURE_ALGORITHM |
		 GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_UNEXPECTED_OWNER |
		 GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE;
	if ((st & ~known) || r->n_reasons == 0) {
		gnutls_datum_t txt = { NULL, 0 };
		if (gnutls_certificate_verification_status_print(st & ~known ? st & ~known : st,
								 GNUTLS_CRT_X509, &txt, 0) >= 0) {
			add_reason(r, CC_V_OTHER, "invalid: %s", (const char *)txt.data);
			gnutls_free(txt.data);
		} else {
			add_reason(r, CC_V_OTHER, "invalid: status 0x%x", st);
		}
	}
}

/* Each link on its own: gnutls_x509_crt_verify() of a certificate against
 * its issuer applies the issuer's name constraints to that certificate's
 * names, which the trust-list verification skips for an intermediate's
 * own SANs (x509-limbo rfc5280::nc::intermediate-with-san-rejected-by-
 * intermediate-nc). */
static void check_links(struct cc_verify_result *r)
{
	for (size_t i = 0; i + 1 < r->n_path; i++) {
		/* RFC 5280 6.1.3 (b): no name constraints on a self-issued
		 * intermediate. */
		if (i > 0 && strcmp(r->path[i]->subject, r->path[i]->issuer) == 0)
			continue;
		gnutls_x509_crt_t c = cc_cert_crt(r->path[i]), issuer = cc_cert_crt(r->path[i + 1]);
		unsigned st = 0;
		if (c && issuer &&
		    gnutls_x509_crt_verify(c, &issuer, 1,
					   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
						   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
					   &st) >= 0 &&
		    (st & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)) {
			char *l = cc_cert_label(r->path[i]), *il = cc_cert_label(r->path[i + 1]);
			add_reason(r, CC_V_CONSTRAINTS,
				   "signer constraints violated: '%s' is outside what its issuer '%s' "
				   "allows (name constraints)",
				   l, il);
			free(l);
			free(il);
		}
		if (c)
			gnutls_x509_crt_deinit(c);
		if (issuer)
			gnutls_x509_crt_deinit(issuer);
	}
}

static bool leaf_has_uri(const struct cc_cert *leaf, const char *uri)
{
	for (size_t i = 0; i < leaf->n_sans; i++)
		if (leaf->sans[i].type == CC_SAN_URI && strcmp(leaf->sans[i].value, uri) == 0)
			return true;
	return false;
}

int cc_verify_chain(struct cc_cert *const *chain, size_t n, const struct cc_verify_options *o,
		    struct cc_verify_result *r, struct cc_error *err)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *cas = NULL, *list = NULL;
	size_t n_cas = 0, n_list = 0;
	unsigned char ip[16];
	int ret = -1, e;

	*r = (struct cc_verify_result)CC_VERIFY_RESULT_INIT;
	if (n == 0)
		return cc_error_set(err, CC_USAGE, NULL, "no certificate to verify");
	size_t ip_len = 0;
	if (o->ip) {
		if (inet_pton(AF_INET, o->ip, ip) == 1)
			ip_len = 4;
		else if (inet_pton(AF_INET6, o->ip, ip) == 1)
			ip_len = 16;
		else
			return cc_error_set(err, CC_USAGE, "--ip", "'%s' is not an IP address", o->ip);
	}
	if ((e = gnutls_x509_trust_list_init(&tl, 0)) < 0)
		return cc_error_set(err, CC_USAGE, NULL, "%s", gnutls_strerror(e));
	if (o->n_roots) {
		cas = cc_xcalloc(o->n_roots, sizeof(*cas));
		for (; n_cas < o->n_roots; n_cas++)
			if (!(cas[n_cas] = cc_cert_crt(o->roots[n_cas]))) {
				cc_error_set(err, CC_USAGE, NULL, "cannot import a root");
				goto out;
			}
		/* The list owns the certificates from here on. */
		e = gnutls_x509_trust_list_add_cas(tl, cas, (unsigned)n_cas, 0);
		n_cas = 0;
		if (e < 0) {
			cc_error_set(err, CC_USAGE, NULL, "cannot use the roots: %s", gnutls_strerror(e));
			goto out;
		}
	} else if ((e = gnutls_x509_trust_list_add_system_trust(tl, 0, 0)) < 0) {
		cc_error_set(err, CC_USAGE, "system trust store", "cannot load: %s", gnutls_strerror(e));
		goto out;
	}

	size_t n_untrusted = build_path(r, chain, n, o, tl);
	list = cc_xcalloc(n_untrusted, sizeof(*list));
	for (; n_list < n_untrusted; n_list++)
		if (!(list[n_list] = cc_cert_crt(r->path[n_list]))) {
			cc_error_set(err, CC_USAGE, NULL, "cannot import a certificate");
			goto out;
		}

	gnutls_typed_vdata_st data[2];
	unsigned n_data = 0;
	const char *name_kind = NULL, *name = NULL;
	if (o->host) {
		data[n_data++] = (gnutls_typed_vdata_st){ GNUTLS_DT_DNS_HOSTNAME,
							  (unsigned char *)o->host, 0 };
		name_kind = "host";
		name = o->host;
	} else if (o->ip) {
		data[n_data++] = (gnutls_typed_vdata_st){ GNUTLS_DT_IP_ADDRESS, ip, (unsigned)ip_len };
		name_kind = "IP address";
		name = o->ip;
	}
	if (o->purpose != CC_PURPOSE_ANY)
		data[n_data++] = (gnutls_typed_vdata_st){
			GNUTLS_DT_KEY_PURPOSE_OID,
			(unsigned char *)(o->purpose == CC_PURPOSE_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
									  : GNUTLS_KP_TLS_WWW_CLIENT),
			0
		};

	unsigned status = 0;
	verify_at = o->at;
	gnutls_global_set_time_function(fixed_time);
	/* The medium profile (112-bit security: no RSA below 2048 bits, no
	 * P-192, no SHA-1), as `certtool --verify --verify-profile medium`. */
	e = gnutls_x509_trust_list_verify_crt2(tl, list, (unsigned)n_list, n_data ? data : NULL, n_data,
					       GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_MEDIUM),
					       &status, NULL);
	gnutls_global_set_time_function(time);
	if (e < 0) {
		cc_error_set(err, CC_USAGE, NULL, "verification could not run: %s", gnutls_strerror(e));
		goto out;
	}
	r->gnutls_status = status;
	if (status)
		explain(r, status, o, name_kind, name);
	if (!(status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE))
		check_links(r);
	/* RFC 5280 4.1.2.6: an issuer's subject is never empty (GnuTLS does not
	 * check it). */
	for (size_t i = 1; i < r->n_path; i++)
		if (!r->path[i]->subject[0]) {
			add_reason(r, CC_V_OTHER,
				   "invalid: certificate %zu, an issuer, has an empty subject (RFC 5280 "
				   "requires one for a CA)",
				   i + 1);
			break;
		}
	if (o->uri && !leaf_has_uri(chain[0], o->uri))
		explain_name(r, "URI", o->uri);
	r->ok = r->n_reasons == 0;
	ret = 0;
out:
	for (size_t i = 0; i < n_list; i++)
		gnutls_x509_crt_deinit(list[i]);
	free(list);
	for (size_t i = 0; i < n_cas; i++)
		gnutls_x509_crt_deinit(cas[i]);
	free(cas);
	gnutls_x509_trust_list_deinit(tl, 1);
	if (ret < 0)
		cc_verify_result_release(r);
	return ret;
}
