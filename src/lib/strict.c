/* strict.c: what strict TLS clients refuse, as findings with the fix. */
#include "strict.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "tls-url.h"

static const char *const codes[] = {
	CC_F_NO_DIGITAL_SIGNATURE, CC_F_KU_FORBIDS_TLS, CC_F_EKU_NO_SERVER_AUTH,
	CC_F_EKU_NO_CLIENT_AUTH,   CC_F_WEAK_RSA_KEY,   CC_F_WEAK_SIGNATURE,
	CC_F_LEAF_IS_CA,           CC_F_ISSUER_NOT_CA,  CC_F_ISSUER_NO_CERT_SIGN,
	CC_F_NAME_ONLY_IN_CN,      CC_F_UNDERSCORE_DNS,
};

struct cc_strict_options cc_strict_options_for(const struct cc_source *src, enum cc_purpose purpose)
{
	if (src->tls)
		return (struct cc_strict_options){ CC_PURPOSE_SERVER, true };
	return (struct cc_strict_options){ purpose, false };
}

bool cc_strict_code(const char *code)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i], code) == 0)
			return true;
	return false;
}

/* "keyEncipherment, dataEncipherment" (caller frees); "none" when empty. */
static char *ku_text(const struct cc_cert *c)
{
	struct cc_buf b = CC_BUF_INIT;
	if (!cc_cert_add_key_usage(&b, c))
		cc_buf_addf(&b, "none");
	cc_buf_addf(&b, "%s", c->ku_critical ? " (critical)" : " (not critical, but clients enforce it)");
	return cc_buf_detach(&b, NULL);
}

static bool is_rsa(const struct cc_cert *c)
{
	return c->key_type && strcmp(c->key_type, "RSA") == 0;
}

/* Certificate 1 is judged as a leaf unless it looks like a CA that can
 * sign certificates. */
static bool is_leaf(const struct cc_cert *c, const struct cc_strict_options *o)
{
	if (o->leaf_known || !c->has_bc || !c->is_ca)
		return true;
	return c->has_ku && !(c->key_usage & GNUTLS_KEY_KEY_CERT_SIGN);
}

static void check_leaf_ca(const struct cc_cert *c, const char *label, struct cc_findings *out)
{
	if (!c->has_bc || !c->is_ca)
		return;
	cc_findings_add(out, CC_F_LEAF_IS_CA, CC_SEV_WARNING, 1,
			"certificate 1 (%s) is the leaf but has basicConstraints CA:TRUE: rustls "
			"(webpki) and other strict clients refuse a CA certificate as a peer's own; "
			"fix: issue it with basicConstraints = critical, CA:FALSE",
			label);
}

static void check_leaf_key_usage(const struct cc_cert *c, const char *label, enum cc_purpose purpose,
				 struct cc_findings *out)
{
	if (!c->has_ku || (c->key_usage & GNUTLS_KEY_DIGITAL_SIGNATURE))
		return;
	char *ku = ku_text(c);
	bool rsa_kx = is_rsa(c) && (c->key_usage & GNUTLS_KEY_KEY_ENCIPHERMENT);
	if (purpose == CC_PURPOSE_CLIENT)
		cc_findings_add(out, CC_F_KU_FORBIDS_TLS, CC_SEV_ERROR, 1,
				"certificate 1 (%s) has key usage %s without digitalSignature, which a "
				"client certificate needs to sign the handshake (CertificateVerify); "
				"fix: keyUsage = critical, digitalSignature",
				label, ku);
	else if (!rsa_kx)
		cc_findings_add(out, CC_F_KU_FORBIDS_TLS, CC_SEV_ERROR, 1,
				"certificate 1 (%s) has key usage %s, which allows no TLS server use: a "
				"server key must sign (digitalSignature) or, for an RSA key in TLS 1.2 "
				"RSA key exchange only, decrypt (keyEncipherment); fix: keyUsage = "
				"critical, digitalSignature%s",
				label, ku, is_rsa(c) ? ", keyEncipherment" : "");
	else
		cc_findings_add(out, CC_F_NO_DIGITAL_SIGNATURE, CC_SEV_WARNING, 1,
				"certificate 1 (%s) has key usage %s without digitalSignature: TLS 1.3 "
				"and ECDHE key exchange sign with the server key, so GnuTLS and other "
				"strict clients abort the handshake, and only TLS 1.2 RSA key exchange "
				"works (OpenSSL clients accept it); fix: keyUsage = critical, "
				"digitalSignature, keyEncipherment",
				label, ku);
	free(ku);
}

static void check_leaf_eku(const struct cc_cert *c, const char *label, enum cc_purpose purpose,
			   struct cc_findings *out)
{
	if (!c->n_eku || purpose == CC_PURPOSE_ANY)
		return;
	bool server = purpose == CC_PURPOSE_SERVER;
	if (cc_cert_allows_eku(c, server ? "serverAuth" : "clientAuth"))
		return;
	struct cc_buf b = CC_BUF_INIT;
	cc_cert_add_eku(&b, c);
	char *eku = cc_buf_detach(&b, NULL);
	if (server)
		cc_findings_add(out, CC_F_EKU_NO_SERVER_AUTH, CC_SEV_ERROR, 1,
				"certificate 1 (%s) has extended key usage %s without serverAuth: "
				"GnuTLS, Go, browsers and OpenSSL (when it verifies) refuse it as a "
				"server certificate; fix: extendedKeyUsage = serverAuth (add clientAuth "
				"if it is also a client certificate; --purpose client if it is one)",
				label, eku);
	else
		cc_findings_add(out, CC_F_EKU_NO_CLIENT_AUTH, CC_SEV_ERROR, 1,
				"certificate 1 (%s) has extended key usage %s without clientAuth: "
				"servers that verify client certificates (Envoy, Go, GnuTLS, OpenSSL) "
				"refuse it as a client certificate; fix: extendedKeyUsage = clientAuth",
				label, eku);
	free(eku);
}

/* A CN value that a client would take for a host name or an address: a
 * dotted name, an IP literal or "localhost" (a bare word like "client" or
 * "istiod" is a name for people). */
static bool hostname_like(const char *s)
{
	if (!*s || cc_tls_is_ip_literal(s) || strcasecmp(s, "localhost") == 0)
		return *s != '\0';
	bool dot = false;
	for (const char *p = s; *p; p++) {
		if (*p == '.')
			dot = true;
		else if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '*')
			return false;
	}
	return dot;
}

static bool in_sans(const struct cc_cert *c, const char *name)
{
	for (size_t i = 0; i < c->n_sans; i++)
		if ((c->sans[i].type == CC_SAN_DNS || c->sans[i].type == CC_SAN_IP) &&
		    strcasecmp(c->sans[i].value, name) == 0)
			return true;
	return false;
}

static void check_cn_only(const struct cc_cert *c, const char *label, struct cc_findings *out)
{
	if (c->no_cn)
		return;
	gnutls_x509_crt_t crt = cc_cert_crt(c);
	if (!crt)
		return;
	for (unsigned idx = 0;; idx++) {
		char cn[256];
		size_t size = sizeof(cn);
		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, idx, 0, cn, &size) < 0)
			break;
		if (!hostname_like(cn) || in_sans(c, cn))
			continue;
		char *shown = cc_escape(cn, strlen(cn));
		if (!c->n_sans)
			cc_findings_add(out, CC_F_NAME_ONLY_IN_CN, CC_SEV_WARNING, 1,
					"certificate 1 (%s) names '%s' only in its CN and has no "
					"subjectAltName: Go, browsers and other strict clients ignore the "
					"CN and refuse the name; fix: subjectAltName = %s:%s",
					label, shown, cc_tls_is_ip_literal(cn) ? "IP" : "DNS", shown);
		else
			cc_findings_add(out, CC_F_NAME_ONLY_IN_CN, CC_SEV_WARNING, 1,
					"certificate 1 (%s) names '%s' in its CN but not among its SANs: "
					"Go, browsers and other strict clients ignore the CN and refuse "
					"that name; fix: add %s:%s to subjectAltName",
					label, shown, cc_tls_is_ip_literal(cn) ? "IP" : "DNS", shown);
		free(shown);
	}
	gnutls_x509_crt_deinit(crt);
}

static void check_underscore(const struct cc_cert *c, const char *label, struct cc_findings *out)
{
	for (size_t i = 0; i < c->n_sans; i++)
		if (c->sans[i].type == CC_SAN_DNS && strchr(c->sans[i].value, '_'))
			cc_findings_add(out, CC_F_UNDERSCORE_DNS, CC_SEV_WARNING, 1,
					"certificate 1 (%s) has DNS name '%s' with an underscore, which is "
					"not valid in a host name (RFC 1123): strict clients and name "
					"validators refuse it; fix: use a hyphen",
					label, c->sans[i].value);
}

static void check_leaf(const struct cc_cert *c, const struct cc_strict_options *o,
		       struct cc_findings *out)
{
	char *label = cc_cert_label(c);
	check_leaf_ca(c, label, out);
	check_leaf_key_usage(c, label, o->purpose, out);
	check_leaf_eku(c, label, o->purpose, out);
	if (o->purpose == CC_PURPOSE_SERVER)
		check_cn_only(c, label, out);
	check_underscore(c, label, out);
	free(label);
}

/* C at position POS signs certificates; a v1 self-signed root (no
 * extensions) is accepted as a trust anchor and left alone. */
static void check_ca(const struct cc_cert *c, size_t pos, struct cc_findings *out)
{
	if (c->self_signed && !c->has_bc && !c->has_ku)
		return;
	char *label = cc_cert_label(c);
	if (!c->has_bc || !c->is_ca)
		cc_findings_add(out, CC_F_ISSUER_NOT_CA, CC_SEV_ERROR, pos,
				"certificate %zu (%s) issues certificates but %s: every client refuses "
				"a path through it; fix: reissue it with basicConstraints = critical, "
				"CA:TRUE",
				pos, label,
				c->has_bc ? "has basicConstraints CA:FALSE" : "has no basicConstraints");
	if (c->has_ku && !(c->key_usage & GNUTLS_KEY_KEY_CERT_SIGN)) {
		char *ku = ku_text(c);
		cc_findings_add(out, CC_F_ISSUER_NO_CERT_SIGN, CC_SEV_ERROR, pos,
				"certificate %zu (%s) issues certificates but its key usage (%s) lacks "
				"keyCertSign: every client refuses a path through it; fix: keyUsage = "
				"critical, keyCertSign, cRLSign",
				pos, label, ku);
		free(ku);
	}
	free(label);
}

static void check_key_size(const struct cc_cert *c, size_t pos, struct cc_findings *out)
{
	if (!is_rsa(c) || c->key_bits >= CC_STRICT_MIN_RSA_BITS)
		return;
	char *label = cc_cert_label(c);
	cc_findings_add(out, CC_F_WEAK_RSA_KEY, CC_SEV_ERROR, pos,
			"certificate %zu (%s) has a %u-bit RSA key: OpenSSL (security level 2, "
			"Debian's default), GnuTLS and browsers refuse RSA keys under %d bits; fix: "
			"a new key of at least %d bits (or ECDSA P-256)",
			pos, label, c->key_bits, CC_STRICT_MIN_RSA_BITS, CC_STRICT_MIN_RSA_BITS);
	free(label);
}

/* The signature's hash, when it is one strict clients refuse. */
static const char *weak_hash(const struct cc_cert *c)
{
	gnutls_sign_algorithm_t sign = gnutls_sign_get_id(c->sig_alg);
	if (sign == GNUTLS_SIGN_UNKNOWN)
		return NULL;
	switch (gnutls_sign_get_hash_algorithm(sign)) {
	case GNUTLS_DIG_SHA1: return "SHA-1";
	case GNUTLS_DIG_MD5: return "MD5";
	case GNUTLS_DIG_MD2: return "MD2";
	default: return NULL;
	}
}

/* A self-signed certificate's own signature is never checked when it is
 * a trust anchor, so only the others count. */
static void check_signature(const struct cc_cert *c, size_t pos, struct cc_findings *out)
{
	const char *hash = c->self_signed ? NULL : weak_hash(c);
	if (!hash)
		return;
	char *label = cc_cert_label(c);
	cc_findings_add(out, CC_F_WEAK_SIGNATURE, CC_SEV_ERROR, pos,
			"certificate %zu (%s) is signed with %s (%s): GnuTLS, Go, OpenSSL 3 (security "
			"level 2, Debian's default) and browsers refuse %s signatures in "
			"certificates; fix: reissue it signed with SHA-256",
			pos, label, c->sig_alg, hash, hash);
	free(label);
}

/* Whether CERTS[I] is the named issuer of another certificate of the set:
 * BY_ISSUER holds the issuers of the certificates not self-signed. */
static bool issues_another(struct cc_cert *const *certs, const struct cc_keyed *by_issuer,
			   size_t n_issuers, size_t i)
{
	const char *subject = certs[i]->subject;
	if (!subject[0])
		return false;
	for (size_t j = cc_keyed_find(by_issuer, n_issuers, subject);
	     j < n_issuers && strcmp(by_issuer[j].key, subject) == 0; j++)
		if (by_issuer[j].pos != i)
			return true;
	return false;
}

/* REPEAT[I]: whether CERTS[I] repeats an earlier certificate (judged there
 * once); found through the fingerprints, not by comparing every pair. */
static bool *find_repeats(struct cc_cert *const *certs, size_t n)
{
	bool *repeat = cc_xcalloc(n ? n : 1, sizeof(*repeat));
	size_t *first = cc_certs_first_occurrences(certs, n);
	for (size_t i = 0; i < n; i++)
		repeat[i] = first[i] != i;
	free(first);
	return repeat;
}

void cc_strict_analyze(struct cc_cert *const *certs, size_t n, const struct cc_strict_options *o,
		       struct cc_findings *out)
{
	static const struct cc_strict_options defaults = CC_STRICT_OPTIONS_INIT;
	if (!o)
		o = &defaults;
	bool *repeat = find_repeats(certs, n);
	struct cc_keyed *by_issuer = cc_xcalloc(n ? n : 1, sizeof(*by_issuer));
	size_t n_issuers = 0;
	for (size_t k = 0; k < n; k++)
		if (!certs[k]->self_signed)
			by_issuer[n_issuers++] = (struct cc_keyed){ certs[k]->issuer, k };
	cc_keyed_sort(by_issuer, n_issuers);
	for (size_t i = 0; i < n; i++) {
		if (repeat[i])
			continue;
		if (i == 0 && is_leaf(certs[0], o))
			check_leaf(certs[0], o, out);
		if (issues_another(certs, by_issuer, n_issuers, i))
			check_ca(certs[i], i + 1, out);
		check_key_size(certs[i], i + 1, out);
		check_signature(certs[i], i + 1, out);
	}
	free(by_issuer);
	free(repeat);
}

void cc_strict_trust_analyze(struct cc_cert *const *certs, size_t n, struct cc_findings *out)
{
	bool *repeat = find_repeats(certs, n);
	for (size_t i = 0; i < n; i++) {
		if (!repeat[i])
			check_key_size(certs[i], i + 1, out);
	}
	free(repeat);
}
