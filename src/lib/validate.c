/* validate.c: build certification paths with backtracking and judge them. */
#include "validate.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>
#include <libpsl.h>
#include <libtasn1.h>

#include "dl.h"
#include "nc.h"

/* Bounds on path building, so that the pathological chains of x509-limbo
 * (cycles, hundreds of same-name candidates) end fast: at most this many
 * signature checks and complete paths judged in one validation, and at
 * most this many failed candidates kept for the report. */
#define MAX_SIG_CHECKS 2000
#define MAX_PATHS 64
#define MAX_KEPT 16
/* Hard bound on the certificates of one path, whatever --max-depth says. */
#define MAX_PATH_CERTS 64
/* Name-constraint comparisons in one path (names x subtrees), as the
 * clients bound them (BoringSSL 1 << 20, rustls 250,000). */
#define MAX_NC_CHECKS (1u << 20)

/* ---- CRLs ------------------------------------------------------------- */

struct cc_crl {
	gnutls_x509_crl_t crl;
	char *where;
};

void cc_crl_free(struct cc_crl *crl)
{
	if (!crl)
		return;
	gnutls_x509_crl_deinit(crl->crl);
	free(crl->where);
	free(crl);
}

int cc_crl_read(const void *data, size_t len, const char *where, struct cc_crl ***out,
		size_t *n_out, struct cc_error *err)
{
	gnutls_x509_crl_t *list = NULL;
	unsigned n = 0;
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	int r = gnutls_x509_crl_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0);
	if (r < 0 || n == 0) {
		gnutls_x509_crl_t one;
		if (gnutls_x509_crl_init(&one) < 0)
			return cc_error_set(err, CC_USAGE, where, "cannot read a CRL");
		if ((r = gnutls_x509_crl_import(one, &d, GNUTLS_X509_FMT_DER)) < 0) {
			gnutls_x509_crl_deinit(one);
			return cc_error_set(err, CC_USAGE, where, "not a CRL in PEM or DER (%s)",
					    gnutls_strerror(r));
		}
		list = gnutls_malloc(sizeof(*list));
		list[0] = one;
		n = 1;
	}
	*out = cc_xcalloc(n, sizeof(**out));
	for (unsigned i = 0; i < n; i++) {
		(*out)[i] = cc_xcalloc(1, sizeof(struct cc_crl));
		(*out)[i]->crl = list[i];
		(*out)[i]->where = cc_xstrdup(where);
	}
	*n_out = n;
	gnutls_free(list);
	return 0;
}

/* ---- signatures, with a cache ----------------------------------------- */

/* One verified link: certificate (by SHA-256) under a key (by SPKI SHA-256). */
struct sig_entry {
	char cert[65];
	char key[45];
	signed char result;
	struct sig_entry *next;
};
#define SIG_BUCKETS 4096
#define SIG_MAX_ENTRIES (1u << 17)
static struct sig_entry *sig_table[SIG_BUCKETS];
static size_t sig_entries, sig_hits, sig_misses;
static pthread_mutex_t sig_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t sig_bucket(const char *cert, const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *p = cert; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % SIG_BUCKETS;
}

static int sig_cached(const char *cert, const char *key)
{
	int r = 2;
	pthread_mutex_lock(&sig_lock);
	for (struct sig_entry *e = sig_table[sig_bucket(cert, key)]; e; e = e->next)
		if (strcmp(e->cert, cert) == 0 && strcmp(e->key, key) == 0) {
			r = e->result;
			break;
		}
	if (r != 2)
		sig_hits++;
	else
		sig_misses++;
	pthread_mutex_unlock(&sig_lock);
	return r;
}

static void sig_store(const char *cert, const char *key, int result)
{
	pthread_mutex_lock(&sig_lock);
	if (sig_entries >= SIG_MAX_ENTRIES) {
		for (size_t b = 0; b < SIG_BUCKETS; b++)
			while (sig_table[b]) {
				struct sig_entry *e = sig_table[b];
				sig_table[b] = e->next;
				free(e);
			}
		sig_entries = 0;
	}
	struct sig_entry *e = cc_xcalloc(1, sizeof(*e));
	memcpy(e->cert, cert, sizeof(e->cert) - 1);
	memcpy(e->key, key, sizeof(e->key) - 1);
	e->result = (signed char)result;
	size_t b = sig_bucket(cert, key);
	e->next = sig_table[b];
	sig_table[b] = e;
	sig_entries++;
	pthread_mutex_unlock(&sig_lock);
}

void cc_validate_cache_stats(size_t *hits, size_t *misses)
{
	pthread_mutex_lock(&sig_lock);
	*hits = sig_hits;
	*misses = sig_misses;
	pthread_mutex_unlock(&sig_lock);
}

/* 1 when ISSUER's key verifies CHILD's signature, 0 when it does not, -1
 * when it cannot be checked (the issuer's key or the signature algorithm
 * is one GnuTLS cannot use). */
static int verify_signature(const struct cc_cert *child, gnutls_x509_crt_t child_crt,
			    gnutls_x509_crt_t issuer_crt)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t tbs;
	char *sig = NULL;
	size_t sig_len = 0;
	int result = -1;
	int algo = gnutls_x509_crt_get_signature_algorithm(child_crt);
	if (algo <= 0 || !cc_der_tbs(child->der, child->der_len, &tbs))
		goto out;
	if (gnutls_pubkey_init(&pub) < 0 || gnutls_pubkey_import_x509(pub, issuer_crt, 0) < 0)
		goto out;
	if (gnutls_x509_crt_get_signature(child_crt, NULL, &sig_len) != GNUTLS_E_SHORT_MEMORY_BUFFER)
		goto out;
	sig = cc_xmalloc(sig_len ? sig_len : 1);
	if (gnutls_x509_crt_get_signature(child_crt, sig, &sig_len) < 0)
		goto out;
	gnutls_datum_t s = { (unsigned char *)sig, (unsigned)sig_len };
	int r = gnutls_pubkey_verify_data2(pub, (gnutls_sign_algorithm_t)algo,
					   GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
					   &tbs, &s);
	if (r >= 0)
		result = 1;
	else if (r == GNUTLS_E_PK_SIG_VERIFY_FAILED)
		result = 0;
	if (result != 1 && gnutls_sign_get_pk_algorithm((gnutls_sign_algorithm_t)algo) ==
				   GNUTLS_PK_RSA_PSS) {
		/* RSA-PSS parameters come from the signature's own
		 * AlgorithmIdentifier, which only the certificate verifier
		 * reads: ask it, with every policy check off. */
		unsigned st = 0;
		if (gnutls_x509_crt_verify(child_crt, &issuer_crt, 1,
					   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
						   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
						   GNUTLS_VERIFY_DISABLE_CA_SIGN | GNUTLS_VERIFY_ALLOW_BROKEN,
					   &st) >= 0)
			result = (st & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND)) ? 0
															  : 1;
	}
out:
	free(sig);
	if (pub)
		gnutls_pubkey_deinit(pub);
	return result;
}

/* ---- nodes: the certificates one validation can use ------------------- */

struct node {
	const struct cc_cert *c;
	gnutls_x509_crt_t crt;   /* imported when first needed */
	bool anchor;
	bool self_issued;        /* subject = issuer */
};

static gnutls_x509_crt_t node_crt(struct node *n)
{
	if (!n->crt)
		n->crt = cc_cert_crt(n->c);
	return n->crt;
}

/* ---- findings ---------------------------------------------------------- */

static void vpath_release(struct cc_vpath *p)
{
	for (size_t i = 0; i < p->n_findings; i++)
		free(p->findings[i].message);
	free(p->findings);
	free(p->certs);
	memset(p, 0, sizeof(*p));
}

void cc_validation_release(struct cc_validation *v)
{
	vpath_release(&v->path);
	for (size_t i = 0; i < v->n_candidates; i++)
		vpath_release(&v->candidates[i]);
	free(v->candidates);
	for (size_t i = 0; i < v->n_owned; i++)
		cc_cert_free(v->owned[i]);
	free(v->owned);
	memset(v, 0, sizeof(*v));
}

struct judge {
	struct cc_vpath *p;
	struct node **nodes;     /* the path's nodes, leaf first */
	const struct cc_validate_options *o;
};

static void add(struct judge *j, enum cc_rule_id id, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(struct judge *j, enum cc_rule_id id, size_t pos, const char *fmt, ...)
{
	enum cc_rule_level level = cc_rule_get(id)->level[j->o->profile];
	if (level == CC_RULE_OFF)
		return;
	struct cc_vpath *p = j->p;
	/* one finding per rule and certificate */
	for (size_t i = 0; i < p->n_findings; i++)
		if (p->findings[i].rule == id && p->findings[i].cert == pos)
			return;
	va_list ap;
	CC_ARRAY_GROW(p->findings, p->n_findings, p->alloc_findings);
	va_start(ap, fmt);
	p->findings[p->n_findings] = (struct cc_vfinding){ id, level, pos, cc_xvasprintf(fmt, ap) };
	va_end(ap);
	p->n_findings++;
	if (level == CC_RULE_FAIL)
		p->n_fail++;
}

/* "certificate 2 'Intermediate CA'" for messages; caller frees. */
static char *who(struct judge *j, size_t i)
{
	char *l = cc_cert_label(j->nodes[i]->c);
	char *s = cc_xasprintf("certificate %zu '%s'", i + 1, l);
	free(l);
	return s;
}

/* ---- the rules, per certificate ---------------------------------------- */

/* What the extensions of one certificate say, read once per judgement. */
struct exts {
	bool duplicate;
	char duplicate_oid[80];
	bool unknown_critical;
	char unknown_oid[80];
	bool aki, aki_critical, aki_keyid, aki_issuer_serial;
	char *aki_id;            /* hex */
	bool ski_critical;
	bool aia, aia_critical, aia_malformed;
	bool pc, pc_critical;
	bool eku;
	bool nc, nc_critical;
};

#define OID_SKI "2.5.29.14"
#define OID_KU "2.5.29.15"
#define OID_SAN "2.5.29.17"
#define OID_IAN "2.5.29.18"
#define OID_BC "2.5.29.19"
#define OID_NC "2.5.29.30"
#define OID_CRLDP "2.5.29.31"
#define OID_CP "2.5.29.32"
#define OID_PM "2.5.29.33"
#define OID_AKI "2.5.29.35"
#define OID_PC "2.5.29.36"
#define OID_EKU "2.5.29.37"
#define OID_INHIBIT "2.5.29.54"
#define OID_AIA "1.3.6.1.5.5.7.1.1"

/* Critical extensions certcheck (and every mainstream client) processes. */
static bool handled_critical(const char *oid)
{
	static const char *const handled[] = { OID_KU, OID_SAN, OID_BC, OID_NC, OID_CRLDP, OID_CP,
					       OID_PM, OID_PC, OID_EKU, OID_INHIBIT };
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		if (strcmp(oid, handled[i]) == 0)
			return true;
	return false;
}

static char *hex(const unsigned char *d, size_t n)
{
	char *s = cc_xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", d[i]);
	s[2 * n] = 0;
	return s;
}

/* Whether an AuthorityKeyIdentifier (DER) holds authorityCertIssuer [1]
 * or authorityCertSerialNumber [2]: libtasn1 reads its elements' tags. */
static bool aki_has_issuer_or_serial(const gnutls_datum_t *d)
{
	unsigned char cls;
	int taglen, lenlen, len = (int)d->size;
	unsigned long tag;
	const unsigned char *p = d->data;
	if (asn1_get_tag_der(p, len, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return false;
	long l = asn1_get_length_der(p + taglen, len - taglen, &lenlen);
	if (l < 0 || l > len - taglen - lenlen)
		return false;
	p += taglen + lenlen;
	len = (int)l;
	while (len > 0) {
		if (asn1_get_tag_der(p, len, &cls, &taglen, &tag) != ASN1_SUCCESS)
			return false;
		long el = asn1_get_length_der(p + taglen, len - taglen, &lenlen);
		if (el < 0 || el > len - taglen - lenlen)
			return false;
		if ((cls & ASN1_CLASS_CONTEXT_SPECIFIC) && (tag == 1 || tag == 2))
			return true;
		p += taglen + lenlen + el;
		len -= taglen + lenlen + (int)el;
	}
	return false;
}

static void read_exts(gnutls_x509_crt_t crt, struct exts *x)
{
	memset(x, 0, sizeof(*x));
	char seen[64][80];
	size_t n_seen = 0;
	for (unsigned i = 0;; i++) {
		char oid[80];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		if (gnutls_x509_crt_get_extension_info(crt, i, oid, &size, &critical) < 0)
			break;
		for (size_t k = 0; k < n_seen; k++)
			if (strcmp(seen[k], oid) == 0 && !x->duplicate) {
				x->duplicate = true;
				snprintf(x->duplicate_oid, sizeof(x->duplicate_oid), "%s", oid);
			}
		if (n_seen < 64)
			snprintf(seen[n_seen++], sizeof(seen[0]), "%s", oid);
		gnutls_datum_t data = { NULL, 0 };
		if (strcmp(oid, OID_AKI) == 0) {
			x->aki = true;
			x->aki_critical = critical;
			gnutls_x509_aki_t aki;
			if (gnutls_x509_crt_get_extension_data2(crt, i, &data) >= 0 &&
			    gnutls_x509_aki_init(&aki) >= 0) {
				if (gnutls_x509_ext_import_authority_key_id(&data, aki, 0) >= 0) {
					gnutls_datum_t id = { NULL, 0 }, san = { NULL, 0 }, ser = { NULL, 0 };
					unsigned type;
					if (gnutls_x509_aki_get_id(aki, &id) >= 0 && id.size) {
						x->aki_keyid = true;
						x->aki_id = hex(id.data, id.size);
					}
					if (gnutls_x509_aki_get_cert_issuer(aki, 0, &type, &san, NULL, &ser) >= 0 ||
					    ser.size || aki_has_issuer_or_serial(&data))
						x->aki_issuer_serial = true;
				}
				gnutls_x509_aki_deinit(aki);
			}
		} else if (strcmp(oid, OID_SKI) == 0) {
			x->ski_critical = critical;
		} else if (strcmp(oid, OID_AIA) == 0) {
			x->aia = true;
			x->aia_critical = critical;
			gnutls_x509_aia_t aia;
			if (gnutls_x509_crt_get_extension_data2(crt, i, &data) >= 0 &&
			    gnutls_x509_aia_init(&aia) >= 0) {
				if (gnutls_x509_ext_import_aia(&data, aia, 0) < 0)
					x->aia_malformed = true;
				gnutls_x509_aia_deinit(aia);
			} else {
				x->aia_malformed = true;
			}
		} else if (strcmp(oid, OID_PC) == 0) {
			x->pc = true;
			x->pc_critical = critical;
		} else if (strcmp(oid, OID_EKU) == 0) {
			x->eku = true;
		} else if (strcmp(oid, OID_NC) == 0) {
			x->nc = true;
			x->nc_critical = critical;
		} else if (critical && !handled_critical(oid) && !x->unknown_critical) {
			x->unknown_critical = true;
			snprintf(x->unknown_oid, sizeof(x->unknown_oid), "%s", oid);
		}
		gnutls_free(data.data);
	}
}

static bool has_eku(const struct cc_cert *c, const char *name)
{
	for (size_t i = 0; i < c->n_eku; i++)
		if (strcmp(c->eku[i], name) == 0)
			return true;
	return false;
}

/* Extension rules that hold for every certificate of the path. */
static void judge_extensions(struct judge *j, size_t i, const struct exts *x, bool is_anchor)
{
	const struct cc_cert *c = j->nodes[i]->c;
	char *w = who(j, i);
	if (x->duplicate)
		add(j, CC_R_DUPLICATE_EXTENSION, i + 1, "%s carries extension %s more than once", w,
		    x->duplicate_oid);
	if (x->unknown_critical)
		add(j, CC_R_UNKNOWN_CRITICAL, i + 1, "%s has a critical extension %s that is not understood",
		    w, x->unknown_oid);
	if (x->aki_critical)
		add(j, CC_R_AKI_CRITICAL, i + 1, "%s marks authorityKeyIdentifier critical", w);
	if (x->ski_critical)
		add(j, CC_R_SKI_CRITICAL, i + 1, "%s marks subjectKeyIdentifier critical", w);
	if (x->aia_critical)
		add(j, CC_R_AIA_CRITICAL, i + 1, "%s marks authorityInfoAccess critical", w);
	if (x->aia_malformed)
		add(j, CC_R_AIA_MALFORMED, i + 1, "%s has an authorityInfoAccess that is not valid DER", w);
	if (x->pc && !x->pc_critical)
		add(j, CC_R_PC_NOT_CRITICAL, i + 1, "%s has policyConstraints not marked critical", w);
	if (!c->self_signed && !x->aki && !(is_anchor && j->nodes[i]->self_issued))
		add(j, CC_R_AKI_MISSING, i + 1, "%s (issued by '%s') has no authorityKeyIdentifier", w,
		    c->issuer);
	if (c->version < 3 && (x->aki || c->has_bc || c->has_ku || c->n_sans || x->eku))
		add(j, CC_R_EXTENSIONS_NOT_V3, i + 1, "%s is version %d but carries extensions", w,
		    c->version);
	free(w);
}

/* RFC 5280 4.1.2.2: a positive serial of at most 20 octets. */
static void judge_serial(struct judge *j, size_t i, gnutls_x509_crt_t crt)
{
	unsigned char serial[64];
	size_t size = sizeof(serial);
	char *w = NULL;
	if (gnutls_x509_crt_get_serial(crt, serial, &size) < 0) {
		w = who(j, i);
		add(j, CC_R_SERIAL_INVALID, i + 1, "%s has a serial number longer than 20 octets", w);
		free(w);
		return;
	}
	bool zero = true;
	for (size_t k = 0; k < size; k++)
		if (serial[k])
			zero = false;
	w = who(j, i);
	if (size && serial[0] & 0x80)
		add(j, CC_R_SERIAL_NEGATIVE, i + 1, "%s has a negative serial number", w);
	else if (zero)
		add(j, CC_R_SERIAL_INVALID, i + 1, "%s has serial number 0", w);
	else if (size > 20 && !(size == 21 && serial[0] == 0))
		add(j, CC_R_SERIAL_INVALID, i + 1, "%s has a serial number of %zu octets (at most 20)", w,
		    size);
	free(w);
}

/* Keys: what the clients accept (BR 6.1.5). */
static void judge_key(struct judge *j, size_t i, gnutls_x509_crt_t crt, bool issuer)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	char *w = who(j, i);
	if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) {
		if (bits < 2048)
			add(j, CC_R_WEAK_KEY, i + 1, "%s has an RSA key of %u bits (at least 2048)", w, bits);
		if (bits % 8)
			add(j, CC_R_RSA_ODD_SIZE, i + 1, "%s has an RSA modulus of %u bits, not a multiple of 8",
			    w, bits);
	} else if (pk == GNUTLS_PK_DSA) {
		add(j, issuer ? CC_R_DSA_ISSUER : CC_R_DSA_LEAF, i + 1, "%s has a DSA key", w);
	} else if (pk == GNUTLS_PK_ECDSA) {
		gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
		if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) < 0 ||
		    curve == GNUTLS_ECC_CURVE_INVALID)
			add(j, CC_R_KEY_UNSUPPORTED, i + 1,
			    "%s has an EC key on a curve GnuTLS does not support (or explicit curve "
			    "parameters): its signatures cannot be checked",
			    w);
		else if (curve == GNUTLS_ECC_CURVE_SECP192R1 || curve == GNUTLS_ECC_CURVE_SECP224R1)
			add(j, CC_R_WEAK_KEY, i + 1, "%s has an EC key on %s", w,
			    gnutls_ecc_curve_get_name(curve));
	} else if (pk <= 0) {
		add(j, CC_R_KEY_UNSUPPORTED, i + 1, "%s has a public key GnuTLS cannot use", w);
	}
	free(w);
}

static void judge_validity(struct judge *j, size_t i, bool is_anchor)
{
	const struct cc_cert *c = j->nodes[i]->c;
	char tb[32];
	char *w = who(j, i);
	/* notAfter is part of the validity period (RFC 5280 4.1.2.5). */
	if (c->not_after < j->o->at)
		add(j, is_anchor ? CC_R_ANCHOR_EXPIRED : CC_R_EXPIRED, i + 1, "%s expired at %s", w,
		    cc_time_format(c->not_after, tb, sizeof(tb)));
	if (c->not_before > j->o->at)
		add(j, CC_R_NOT_YET_VALID, i + 1, "%s is valid only from %s", w,
		    cc_time_format(c->not_before, tb, sizeof(tb)));
	free(w);
}

/* Non-self-issued intermediates between position I (a CA) and the leaf;
 * with ALL, self-issued ones too. */
static size_t intermediates_below(struct judge *j, size_t i, bool all)
{
	size_t n = 0;
	for (size_t k = 1; k < i; k++)
		if (all || !j->nodes[k]->self_issued)
			n++;
	return n;
}

static void judge_issuer(struct judge *j, size_t i, const struct exts *x, bool is_anchor)
{
	const struct cc_cert *c = j->nodes[i]->c;
	char *w = who(j, i);
	if (is_anchor && !c->has_bc) {
		if (c->version >= 3)
			add(j, CC_R_ANCHOR_NO_BC, i + 1, "%s, the trust anchor, has no basicConstraints", w);
	} else if (!c->has_bc || !c->is_ca)
		add(j, CC_R_ISSUER_NOT_CA, i + 1, "%s issued '%s' but %s", w, j->nodes[i - 1]->c->subject,
		    c->has_bc ? "has CA:FALSE" : "has no basicConstraints (not a CA)");
	if (c->has_bc && c->is_ca && !c->bc_critical)
		add(j, CC_R_BC_NOT_CRITICAL, i + 1, "%s has basicConstraints CA:TRUE not marked critical",
		    w);
	if (c->has_ku && !(c->key_usage & GNUTLS_KEY_KEY_CERT_SIGN)) {
		struct cc_buf ku = CC_BUF_INIT;
		cc_cert_add_key_usage(&ku, c);
		add(j, CC_R_ISSUER_NO_CERT_SIGN, i + 1, "%s issued '%s' but its keyUsage (%s) lacks keyCertSign",
		    w, j->nodes[i - 1]->c->subject, ku.len ? ku.data : "no bits");
		cc_buf_release(&ku);
	} else if (!c->has_ku) {
		add(j, CC_R_CA_NO_KU, i + 1, "%s is a CA without keyUsage", w);
	}
	if (!c->ski)
		add(j, CC_R_SKI_MISSING, i + 1, "%s is a CA without subjectKeyIdentifier", w);
	if (!c->subject[0])
		add(j, CC_R_CA_EMPTY_SUBJECT, i + 1, "%s is a CA with an empty subject", w);
	if (c->path_len >= 0 && c->has_bc && c->is_ca) {
		size_t below = intermediates_below(j, i, false);
		if (below > (size_t)c->path_len)
			add(j, CC_R_PATH_LENGTH, i + 1,
			    "%s allows %d intermediate(s) below it (pathlen), the path has %zu", w,
			    c->path_len, below);
		else if (intermediates_below(j, i, true) > (size_t)c->path_len)
			add(j, CC_R_PATH_LENGTH_SELF_ISSUED, i + 1,
			    "%s allows %d intermediate(s) below it (pathlen); counting the self-issued "
			    "one(s), the path has %zu",
			    w, c->path_len, intermediates_below(j, i, true));
	}
	if (is_anchor && j->nodes[i]->self_issued && x->aki) {
		if (!x->aki_keyid)
			add(j, CC_R_ANCHOR_AKI_NO_KEYID, i + 1,
			    "%s, the trust anchor, has an authorityKeyIdentifier without keyIdentifier", w);
		if (x->aki_issuer_serial || (x->aki_id && c->ski && strcmp(x->aki_id, c->ski) != 0))
			add(j, CC_R_ANCHOR_AKI_MISMATCH, i + 1,
			    "%s, the trust anchor, has an authorityKeyIdentifier that does not name its "
			    "own key",
			    w);
	}
	free(w);
}

static const char *purpose_eku(enum cc_purpose p)
{
	return p == CC_PURPOSE_CLIENT ? "clientAuth" : "serverAuth";
}

/* EKU: the leaf's purpose, and chaining through the issuers. */
static void judge_eku(struct judge *j, size_t i, const struct exts *x, bool is_anchor)
{
	const struct cc_cert *c = j->nodes[i]->c;
	enum cc_purpose purpose = j->o->purpose;
	const char *want = purpose_eku(purpose);
	bool any = has_eku(c, "anyExtendedKeyUsage");
	char *w = who(j, i);
	struct cc_buf list = CC_BUF_INIT;
	cc_cert_add_eku(&list, c);
	if (x->eku && c->n_eku == 0)
		add(j, CC_R_EKU_EMPTY, i + 1, "%s has an extendedKeyUsage extension that lists nothing", w);
	if (i == 0) {
		if (!x->eku)
			add(j, CC_R_EKU_LEAF_MISSING, 1, "%s, the leaf, has no extendedKeyUsage", w);
		if (x->eku && c->eku_critical)
			add(j, CC_R_EKU_LEAF_CRITICAL, 1, "%s, the leaf, marks extendedKeyUsage critical", w);
		if (any && c->n_eku > 1)
			add(j, CC_R_EKU_LEAF_ANY, 1, "%s, the leaf, lists anyExtendedKeyUsage (%s)", w,
			    list.data);
		if (purpose != CC_PURPOSE_ANY && c->n_eku && !has_eku(c, want)) {
			if (any)
				add(j, CC_R_EKU_LEAF_ANY_ONLY, 1,
				    "%s, the leaf, allows %s only through anyExtendedKeyUsage", w, want);
			else
				add(j, CC_R_EKU_LEAF, 1, "%s, the leaf, does not allow %s (EKU: %s)", w, want,
				    list.data);
		}
	} else if (is_anchor) {
		if (x->eku)
			add(j, CC_R_EKU_ANCHOR_PRESENT, i + 1, "%s, the trust anchor, has extendedKeyUsage (%s)",
			    w, c->n_eku ? list.data : "empty");
		if (purpose != CC_PURPOSE_ANY && c->n_eku && !has_eku(c, want) && !any)
			add(j, CC_R_EKU_ANCHOR, i + 1, "%s, the trust anchor, does not allow %s (EKU: %s)", w,
			    want, list.data);
	} else if (purpose != CC_PURPOSE_ANY && c->n_eku && !has_eku(c, want)) {
		if (any)
			add(j, CC_R_EKU_ISSUER_ANY_ONLY, i + 1,
			    "%s, an intermediate, allows %s only through anyExtendedKeyUsage", w, want);
		else
			add(j, CC_R_EKU_ISSUER, i + 1,
			    "%s, an intermediate, limits its leaves to %s: %s is not allowed", w, list.data,
			    want);
	}
	cc_buf_release(&list);
	free(w);
}

static void judge_leaf(struct judge *j, const struct exts *x)
{
	const struct cc_cert *c = j->nodes[0]->c;
	char *w = who(j, 0);
	bool as_tls = j->o->purpose != CC_PURPOSE_ANY || j->o->profile == CC_PROFILE_STRICT;
	if (c->has_ku && (c->key_usage & GNUTLS_KEY_KEY_CERT_SIGN) && !(c->has_bc && c->is_ca))
		add(j, CC_R_LEAF_CERT_SIGN, 1, "%s, the leaf, has keyUsage keyCertSign but is not a CA", w);
	if (as_tls && c->has_bc && c->is_ca)
		add(j, CC_R_LEAF_IS_CA, 1, "%s, the leaf, has basicConstraints CA:TRUE", w);
	if (j->o->purpose != CC_PURPOSE_ANY && c->has_ku &&
	    !(c->key_usage &
	      (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT | GNUTLS_KEY_KEY_AGREEMENT))) {
		struct cc_buf ku = CC_BUF_INIT;
		cc_cert_add_key_usage(&ku, c);
		add(j, CC_R_LEAF_KU_NO_TLS, 1, "%s, the leaf, has keyUsage %s: no TLS use allowed", w,
		    ku.len ? ku.data : "(no bits)");
		cc_buf_release(&ku);
	}
	if (!c->subject[0] && c->n_sans && !c->san_critical)
		add(j, CC_R_EMPTY_SUBJECT_SAN, 1,
		    "%s, the leaf, has an empty subject and a subjectAltName not marked critical", w);
	if (c->subject[0] && c->san_critical)
		add(j, CC_R_SAN_CRITICAL_SUBJECT, 1,
		    "%s, the leaf, marks subjectAltName critical although its subject is not empty", w);
	if (!c->issuer[0])
		add(j, CC_R_EMPTY_ISSUER, 1, "%s, the leaf, has an empty issuer name", w);
	if (x->nc)
		add(j, CC_R_NC_IN_LEAF, 1, "%s, the leaf, carries nameConstraints", w);
	if (c->version < 3)
		add(j, CC_R_NOT_V3, 1, "%s, the leaf, is a version %d certificate", w, c->version);
	free(w);
}

/* Rules on everything but the link to the issuer. */
static void judge_cert(struct judge *j, size_t i, bool is_anchor)
{
	struct node *n = j->nodes[i];
	const struct cc_cert *c = n->c;
	gnutls_x509_crt_t crt = node_crt(n);
	struct exts x;
	if (!crt)
		return;
	read_exts(crt, &x);
	judge_validity(j, i, is_anchor);
	judge_extensions(j, i, &x, is_anchor);
	if (!is_anchor)
		judge_serial(j, i, crt);
	judge_key(j, i, crt, i > 0);
	judge_eku(j, i, &x, is_anchor);
	if (i == 0)
		judge_leaf(j, &x);
	else
		judge_issuer(j, i, &x, is_anchor);
	if (c->has_bc && c->path_len >= 0 &&
	    (!c->is_ca || (c->has_ku && !(c->key_usage & GNUTLS_KEY_KEY_CERT_SIGN)))) {
		char *w = who(j, i);
		add(j, CC_R_PATHLEN_NOT_CA, i + 1, "%s has a pathLenConstraint but %s", w,
		    c->is_ca ? "no keyCertSign" : "is not a CA");
		free(w);
	}
	if (c->sig_insecure && !(is_anchor && c->self_signed)) {
		char *w = who(j, i);
		add(j, is_anchor ? CC_R_ANCHOR_WEAK_SIGNATURE : CC_R_WEAK_SIGNATURE, i + 1,
		    "%s is signed with %s", w, c->sig_alg);
		free(w);
	} else if (c->sig_insecure) {
		char *w = who(j, i);
		add(j, CC_R_ANCHOR_WEAK_SIGNATURE, i + 1, "%s, the trust anchor, signs itself with %s", w,
		    c->sig_alg);
		free(w);
	}
	free(x.aki_id);
}

/* ---- names ------------------------------------------------------------- */

/* libpsl is opened when a wildcard first matches (dl.h). */
#define PSL_SYMS(X) \
	X(psl_builtin) \
	X(psl_is_public_suffix2)
CC_DL_LIBRARY(psl_lib, PSL_SYMS, "libpsl.so.5",
	      "checking wildcards against the public suffix list needs the libpsl5 package");

/* Whether DOMAIN (a wildcard's, after "*.") is a public suffix.  Without
 * libpsl it cannot be told: true, *WHY saying so (a check that cannot be
 * made fails). */
static bool public_suffix(const char *domain, const char **why)
{
	*why = cc_dl_open(&psl_lib);
	if (*why)
		return true;
	const psl_ctx_t *psl = sym_psl_builtin();
	return psl && sym_psl_is_public_suffix2(psl, domain, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

/* A common name that names a SAN's host in another spelling: another case,
 * an IP address not in its canonical text (hex, leading zeros, RFC 5952),
 * or an internationalized name (U-label or A-label) the SANs do not hold. */
static bool cn_is_respelling(const char *cn, const struct cc_cert *c)
{
	for (size_t i = 0; i < c->n_sans; i++)
		if (strcasecmp(c->sans[i].value, cn) == 0)
			return true;
	/* an IP address in another form: hex ("0xC0A80101"), leading zeros, or
	 * IPv6 not as RFC 5952 writes it */
	bool ip_chars = *cn != 0, ascii = true, digit = false;
	for (const unsigned char *p = (const unsigned char *)cn; *p; p++) {
		if (*p >= 0x80)
			ascii = false;
		if (*p >= '0' && *p <= '9')
			digit = true;
		if (!strchr("0123456789abcdefABCDEFxX.:", *p))
			ip_chars = false;
	}
	ip_chars = ip_chars && digit &&
		   (strncasecmp(cn, "0x", 2) == 0 || strchr(cn, ':') || strchr(cn, '.'));
	if (ip_chars) {
		/* a well-formed address in its canonical text is just another name */
		unsigned char a[16];
		char canon[INET6_ADDRSTRLEN];
		int af = strchr(cn, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(af, cn, a) == 1 && inet_ntop(af, a, canon, sizeof(canon)) &&
		    strcmp(canon, cn) == 0)
			ip_chars = false;
	}
	return ip_chars || !ascii || strncasecmp(cn, "xn--", 4) == 0 || strstr(cn, ".xn--");
}

/* Every common name of C (CRT) is one of its DNS or IP subjectAltNames,
 * spelled the same.  W names C in messages. */
static void judge_common_names(struct judge *j, gnutls_x509_crt_t crt, const struct cc_cert *c,
			       const char *w)
{
	for (unsigned k = 0;; k++) {
		char cn[256];
		size_t size = sizeof(cn);
		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, k, 0, cn, &size) < 0)
			break;
		bool found = false;
		for (size_t i = 0; i < c->n_sans && !found; i++)
			if ((c->sans[i].type == CC_SAN_DNS || c->sans[i].type == CC_SAN_IP) &&
			    strcmp(c->sans[i].value, cn) == 0)
				found = true;
		if (!found && cn_is_respelling(cn, c))
			add(j, CC_R_CN_SPELLING, 1,
			    "%s has the common name '%s', a spelling of a name that its subjectAltNames "
			    "write differently (case, IP form or IDN encoding)",
			    w, cn);
		else if (!found)
			add(j, CC_R_CN_NOT_IN_SAN, 1,
			    "%s has the common name '%s', which is not one of its subjectAltNames", w, cn);
	}
}

static void judge_names(struct judge *j)
{
	const struct cc_validate_options *o = j->o;
	const struct cc_cert *c = j->nodes[0]->c;
	gnutls_x509_crt_t crt = node_crt(j->nodes[0]);
	char *w = who(j, 0);
	bool has_dns = false, has_ip = false;
	for (size_t i = 0; i < c->n_sans; i++) {
		if (c->sans[i].type == CC_SAN_DNS) {
			has_dns = true;
			if (strchr(c->sans[i].value, '_'))
				add(j, CC_R_UNDERSCORE_DNS, 1, "%s has the DNS name '%s' with an underscore", w,
				    c->sans[i].value);
		}
		if (c->sans[i].type == CC_SAN_IP)
			has_ip = true;
	}
	if (crt && (has_dns || has_ip))
		judge_common_names(j, crt, c, w);
	if (o->host && crt) {
		unsigned char ipbuf[16];
		bool host_is_ip = inet_pton(AF_INET, o->host, ipbuf) == 1 || inet_pton(AF_INET6, o->host, ipbuf) == 1;
		bool san_kind = host_is_ip ? has_ip : has_dns;
		bool match = gnutls_x509_crt_check_hostname2(crt, o->host, 0) != 0;
		struct cc_buf names = CC_BUF_INIT;
		cc_cert_add_sans(&names, c);
		if (!match)
			add(j, CC_R_NAME_MISMATCH, 1, "%s is not valid for host '%s' (it has %s)", w, o->host,
			    names.len ? names.data : "no subjectAltName");
		else if (!san_kind)
			add(j, CC_R_NAME_ONLY_IN_CN, 1,
			    "%s names host '%s' only in its common name (no subjectAltName for it)", w,
			    o->host);
		if (match && san_kind && !host_is_ip) {
			for (size_t i = 0; i < c->n_sans; i++) {
				const char *v = c->sans[i].value;
				const char *dot = strchr(o->host, '.');
				if (c->sans[i].type != CC_SAN_DNS || strncmp(v, "*.", 2) != 0 || !dot ||
				    strcasecmp(dot + 1, v + 2) != 0)
					continue; /* not the wildcard that matched the host */
				const char *why;
				if (!public_suffix(v + 2, &why))
					continue;
				if (why)
					add(j, CC_R_WILDCARD_PUBLIC_SUFFIX, 1,
					    "%s has the wildcard '%s', not checked against the public suffix list: %s",
					    w, v, why);
				else
					add(j, CC_R_WILDCARD_PUBLIC_SUFFIX, 1,
					    "%s has the wildcard '%s' directly on a public suffix", w, v);
			}
		}
		cc_buf_release(&names);
	}
	if (o->ip && crt) {
		unsigned char ip[16];
		unsigned len = inet_pton(AF_INET, o->ip, ip) == 1 ? 4 : 16;
		if (len == 16 && inet_pton(AF_INET6, o->ip, ip) != 1)
			len = 0;
		struct cc_buf names = CC_BUF_INIT;
		cc_cert_add_sans(&names, c);
		if (!len || !gnutls_x509_crt_check_ip(crt, ip, len, 0))
			add(j, CC_R_NAME_MISMATCH, 1, "%s is not valid for IP address %s (it has %s)", w, o->ip,
			    names.len ? names.data : "no subjectAltName");
		cc_buf_release(&names);
	}
	if (o->uri) {
		bool found = false;
		for (size_t i = 0; i < c->n_sans; i++)
			if (c->sans[i].type == CC_SAN_URI && strcmp(c->sans[i].value, o->uri) == 0)
				found = true;
		if (!found) {
			struct cc_buf names = CC_BUF_INIT;
			cc_cert_add_sans(&names, c);
			add(j, CC_R_NAME_MISMATCH, 1, "%s does not carry the URI '%s' (it has %s)", w, o->uri,
			    names.len ? names.data : "no subjectAltName");
			cc_buf_release(&names);
		}
	}
	if (o->email && crt && !gnutls_x509_crt_check_email(crt, o->email, 0)) {
		struct cc_buf names = CC_BUF_INIT;
		cc_cert_add_sans(&names, c);
		add(j, CC_R_NAME_MISMATCH, 1, "%s is not valid for email '%s' (it has %s)", w, o->email,
		    names.len ? names.data : "no subjectAltName");
		cc_buf_release(&names);
	}
	free(w);
}

/* ---- name constraints --------------------------------------------------- */

/* One name of a certificate, as constraints see it. */
struct cname {
	unsigned type;               /* GNUTLS_SAN_* */
	gnutls_datum_t value;        /* borrowed from NAMES' storage */
	bool from_cn;                /* the subject CN used as a host name */
};

struct cnames {
	struct cname *v;
	size_t n, alloc;
	gnutls_datum_t *owned;
	size_t n_owned, alloc_owned;
};

static void cnames_release(struct cnames *cn)
{
	for (size_t i = 0; i < cn->n_owned; i++)
		gnutls_free(cn->owned[i].data);
	free(cn->owned);
	free(cn->v);
}

static void cnames_add(struct cnames *cn, unsigned type, gnutls_datum_t d, bool from_cn)
{
	CC_ARRAY_GROW(cn->owned, cn->n_owned, cn->alloc_owned);
	cn->owned[cn->n_owned++] = d;
	CC_ARRAY_GROW(cn->v, cn->n, cn->alloc);
	cn->v[cn->n++] = (struct cname){ type, d, from_cn };
}

static bool looks_like_ip(const char *s)
{
	unsigned char a[16];
	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* The names a certificate holds: its SANs, its subject (a directory name),
 * emailAddress attributes, and, for a leaf with no DNS SAN, a CN that looks
 * like a host name. */
static void cert_names(gnutls_x509_crt_t crt, bool leaf, struct cnames *cn)
{
	bool dns = false, has_san = false;
	for (unsigned i = 0; i < 1024; i++) {
		unsigned type = 0;
		size_t size = 0;
		int r = gnutls_x509_crt_get_subject_alt_name2(crt, i, NULL, &size, &type, NULL);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r != GNUTLS_E_SHORT_MEMORY_BUFFER && r < 0)
			continue;
		/* a directoryName SAN is compared as the subject is, from DER:
		 * GnuTLS gives it as text, so only its presence counts here */
		gnutls_datum_t d = { gnutls_malloc(size + 1), 0 };
		if (gnutls_x509_crt_get_subject_alt_name2(crt, i, d.data, &size, &type, NULL) < 0 ||
		    type == GNUTLS_SAN_DN) {
			gnutls_free(d.data);
			continue;
		}
		d.size = (unsigned)size;
		d.data[size] = 0;
		if (type == GNUTLS_SAN_DNSNAME)
			dns = true;
		has_san = true;
		cnames_add(cn, type, d, false);
	}
	gnutls_datum_t dn = { NULL, 0 };
	if (gnutls_x509_crt_get_raw_dn(crt, &dn) >= 0) {
		gnutls_datum_t copy = { gnutls_malloc(dn.size ? dn.size : 1), dn.size };
		memcpy(copy.data, dn.data, dn.size);
		cnames_add(cn, GNUTLS_SAN_DN, copy, false);
		gnutls_free(dn.data);
	}
	for (unsigned k = 0; k < 16; k++) {
		char buf[256];
		size_t size = sizeof(buf) - 1;
		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_PKCS9_EMAIL, k, 0, buf, &size) < 0)
			break;
		gnutls_datum_t d = { gnutls_malloc(size + 1), (unsigned)size };
		memcpy(d.data, buf, size);
		d.data[size] = 0;
		cnames_add(cn, GNUTLS_SAN_RFC822NAME, d, false);
	}
	if (leaf && !dns && !has_san) {
		char buf[256];
		size_t size = sizeof(buf) - 1;
		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &size) >= 0 &&
		    strchr(buf, '.') && cc_nc_dns_valid(buf) && !looks_like_ip(buf)) {
			gnutls_datum_t d = { gnutls_malloc(size + 1), (unsigned)size };
			memcpy(d.data, buf, size);
			d.data[size] = 0;
			cnames_add(cn, GNUTLS_SAN_DNSNAME, d, true);
		}
	}
}

static bool supported_form(unsigned type)
{
	return type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME || type == GNUTLS_SAN_URI ||
	       type == GNUTLS_SAN_IPADDRESS || type == GNUTLS_SAN_DN;
}

/* A datum as a string (caller frees); NULL when it holds a NUL byte. */
static char *dstr(const gnutls_datum_t *d)
{
	if (d->size && memchr(d->data, 0, d->size))
		return NULL;
	return cc_xstrndup(d->size ? (const char *)d->data : "", d->size);
}

static bool subtree_match(unsigned type, const gnutls_datum_t *c, const struct cname *n)
{
	const char *ns = (const char *)n->value.data;
	if (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME || type == GNUTLS_SAN_URI) {
		char *cs = dstr(c);
		bool r = false;
		if (cs && strlen(ns) == n->value.size)
			r = type == GNUTLS_SAN_DNSNAME	     ? cc_nc_dns_match(cs, ns)
			    : type == GNUTLS_SAN_RFC822NAME ? cc_nc_email_match(cs, ns)
							    : cc_nc_uri_match(cs, ns);
		free(cs);
		return r;
	}
	switch (type) {
	case GNUTLS_SAN_IPADDRESS:
		return cc_nc_ip_match(c->data, c->size, n->value.data, n->value.size);
	case GNUTLS_SAN_DN: {
		/* GnuTLS gives directoryName constraints as RFC 4514 text */
		char *cs = dstr(c);
		bool r = cs && cc_nc_dn_str_match(cs, n->value.data, n->value.size);
		free(cs);
		return r;
	}
	}
	return false;
}

static const char *form_name(unsigned type)
{
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		return "DNS name";
	case GNUTLS_SAN_RFC822NAME:
		return "email address";
	case GNUTLS_SAN_URI:
		return "URI";
	case GNUTLS_SAN_IPADDRESS:
		return "IP address";
	case GNUTLS_SAN_DN:
		return "directory name";
	case GNUTLS_SAN_OTHERNAME:
		return "otherName";
	}
	return "other name form";
}

/* A printable form of a name or a constraint (caller frees). */
static char *show_name(unsigned type, const gnutls_datum_t *d)
{
	if (type == GNUTLS_SAN_IPADDRESS) {
		char a[INET6_ADDRSTRLEN] = "?", m[INET6_ADDRSTRLEN] = "";
		if (d->size == 4 || d->size == 16) {
			inet_ntop(d->size == 4 ? AF_INET : AF_INET6, d->data, a, sizeof(a));
			return cc_xstrdup(a);
		}
		if (d->size == 8 || d->size == 32) {
			inet_ntop(d->size == 8 ? AF_INET : AF_INET6, d->data, a, sizeof(a));
			inet_ntop(d->size == 8 ? AF_INET : AF_INET6, d->data + d->size / 2, m, sizeof(m));
			return cc_xasprintf("%s/%s", a, m);
		}
		return cc_xstrdup("(malformed address)");
	}
	if (type == GNUTLS_SAN_DN && !(d->size && d->data[0] == 0x30)) {
		return cc_escape((const char *)d->data, d->size);
	}
	if (type == GNUTLS_SAN_DN) {
		gnutls_datum_t s = { NULL, 0 };
		gnutls_x509_dn_t dn;
		char *r = NULL;
		if (gnutls_x509_dn_init(&dn) >= 0) {
			if (gnutls_x509_dn_import(dn, d) >= 0 && gnutls_x509_dn_get_str2(dn, &s, 0) >= 0) {
				r = cc_xstrndup((const char *)s.data, s.size);
				gnutls_free(s.data);
			}
			gnutls_x509_dn_deinit(dn);
		}
		return r ? r : cc_xstrdup("(a directory name)");
	}
	if (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME || type == GNUTLS_SAN_URI) {
		return cc_escape((const char *)d->data, d->size);
	}
	return cc_xstrdup(form_name(type));
}

/* Whether a name of a certificate is well-formed for its form. */
static bool name_valid(const struct cname *n)
{
	const char *s = (const char *)n->value.data;
	if (n->type != GNUTLS_SAN_IPADDRESS && n->type != GNUTLS_SAN_DN && strlen(s) != n->value.size)
		return false;
	switch (n->type) {
	case GNUTLS_SAN_DNSNAME:
		return cc_nc_dns_valid(s);
	case GNUTLS_SAN_IPADDRESS:
		return n->value.size == 4 || n->value.size == 16;
	case GNUTLS_SAN_RFC822NAME:
		return cc_nc_email_valid(s);
	}
	return true;
}

/* The permitted (or EXCLUDED) subtrees of NC against name N of certificate
 * I: whether one has N's form (*HAVE), the first that holds N (*HIT), and
 * for excluded DNS subtrees the first a wildcard N could stand for
 * (*COVER).  A subtree of a form no client checks, when N has that form,
 * is a finding.  False when the comparison budget is spent. */
static bool nc_walk(struct judge *j, gnutls_x509_name_constraints_t nc, bool excluded,
		    const struct cname *n, size_t i, const char *w, const char *cw, size_t *budget,
		    bool *have, gnutls_datum_t *hit, gnutls_datum_t *cover)
{
	for (unsigned idx = 0;; idx++) {
		unsigned type;
		gnutls_datum_t c;
		int r = excluded ? gnutls_x509_name_constraints_get_excluded(nc, idx, &type, &c)
				 : gnutls_x509_name_constraints_get_permitted(nc, idx, &type, &c);
		if (r < 0)
			return true;
		if (++*budget > MAX_NC_CHECKS)
			return false;
		if (type != n->type)
			continue;
		if (!supported_form(type)) {
			add(j, CC_R_NC_UNSUPPORTED_NAME, i + 1,
			    "%s has a name of the form %s, which %s %s and no client checks", w,
			    form_name(type), cw, excluded ? "excludes" : "constrains");
			continue;
		}
		*have = true;
		if (!hit->data && subtree_match(type, &c, n))
			*hit = c;
		if (excluded && !cover->data && type == GNUTLS_SAN_DNSNAME && c.size) {
			char *c0 = dstr(&c);
			if (c0 && cc_nc_wildcard_covers(c0, (const char *)n->value.data))
				*cover = c;
			free(c0);
		}
	}
}

/* The subtrees of the CA at position CA apply to certificate I below it. */
static void nc_apply(struct judge *j, size_t ca, gnutls_x509_name_constraints_t nc, size_t i,
		     size_t *budget)
{
	struct cnames names = { 0 };
	gnutls_x509_crt_t crt = node_crt(j->nodes[i]);
	if (!crt)
		return;
	cert_names(crt, i == 0, &names);
	char *w = who(j, i), *cw = who(j, ca);
	bool self_issued_exempt = i > 0 && j->nodes[i]->self_issued;
	enum cc_rule_id permitted_rule = self_issued_exempt ? CC_R_NC_SELF_ISSUED : CC_R_NC_PERMITTED;
	enum cc_rule_id excluded_rule = self_issued_exempt ? CC_R_NC_SELF_ISSUED : CC_R_NC_EXCLUDED;

	for (size_t k = 0; k < names.n; k++) {
		const struct cname *n = &names.v[k];
		if (n->type == GNUTLS_SAN_DN && n->value.size <= 2)
			continue; /* an empty subject names nothing */
		bool have_permitted = false, have_excluded = false;
		gnutls_datum_t permitted = { NULL, 0 }, excluded = { NULL, 0 }, cover = { NULL, 0 };
		if (!nc_walk(j, nc, false, n, i, w, cw, budget, &have_permitted, &permitted, &cover) ||
		    !nc_walk(j, nc, true, n, i, w, cw, budget, &have_excluded, &excluded, &cover)) {
			add(j, CC_R_NC_TOO_COMPLEX, ca + 1,
			    "%s: more than %u name-constraint comparisons on this path", cw, MAX_NC_CHECKS);
			break;
		}
		if (!have_permitted && !have_excluded)
			continue;
		const char *cn_note = n->from_cn ? " (its common name)" : "";
		char *s = show_name(n->type, &n->value), *cs = NULL;
		if (!name_valid(n))
			add(j, CC_R_NC_INVALID_SAN, i + 1,
			    "%s has the malformed %s '%s' under the name constraints of %s", w,
			    form_name(n->type), s, cw);
		else if (have_permitted && !permitted.data)
			add(j, permitted_rule, i + 1, "%s: the %s '%s'%s is outside the permitted subtrees of %s",
			    w, form_name(n->type), s, cn_note, cw);
		if (name_valid(n) && excluded.data) {
			cs = show_name(n->type, &excluded);
			add(j, excluded_rule, i + 1, "%s: the %s '%s'%s is inside the subtree '%s' that %s excludes",
			    w, form_name(n->type), s, cn_note, cs, cw);
		} else if (name_valid(n) && cover.data) {
			cs = show_name(n->type, &cover);
			add(j, CC_R_NC_WILDCARD_EXCLUDED, i + 1,
			    "%s: the wildcard '%s' covers '%s', which %s excludes", w, s, cs, cw);
		}
		free(s);
		free(cs);
	}
	free(w);
	free(cw);
	cnames_release(&names);
}

/* Whether the subtrees of NC are well-formed; adds the findings. */
static bool nc_wellformed(struct judge *j, size_t ca, gnutls_x509_name_constraints_t nc)
{
	bool ok = true, any = false, unsupported = false;
	char *cw = who(j, ca);
	for (int excluded = 0; excluded < 2; excluded++)
		for (unsigned idx = 0;; idx++) {
			unsigned type;
			gnutls_datum_t c;
			int r = excluded ? gnutls_x509_name_constraints_get_excluded(nc, idx, &type, &c)
					 : gnutls_x509_name_constraints_get_permitted(nc, idx, &type, &c);
			if (r < 0)
				break;
			any = true;
			if (!supported_form(type))
				unsupported = true;
			if (type == GNUTLS_SAN_IPADDRESS && !cc_nc_ip_constraint_valid(c.data, c.size)) {
				add(j, CC_R_NC_MALFORMED, ca + 1,
				    "%s has an IP name constraint that is not an address and a contiguous mask", cw);
				ok = false;
			}
			char *s = (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME) ? dstr(&c) : NULL;
			if ((type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME) && !s) {
				add(j, CC_R_NC_MALFORMED, ca + 1, "%s has a name constraint holding a NUL byte", cw);
				ok = false;
			}
			if (type == GNUTLS_SAN_DNSNAME && s && s[0]) {
				if (s[0] == '.')
					add(j, CC_R_NC_LEADING_PERIOD, ca + 1,
					    "%s has the DNS name constraint '%s' with a leading period", cw, s);
				if (!cc_nc_dns_valid(s[0] == '.' ? s + 1 : s) || strchr(s, '*')) {
					add(j, CC_R_NC_MALFORMED, ca + 1,
					    "%s has the malformed DNS name constraint '%s'", cw, s);
					ok = false;
				}
			}
			if (type == GNUTLS_SAN_RFC822NAME && s && s[0]) {
				if (strchr(s, '@') ? !cc_nc_email_valid(s)
						   : !cc_nc_dns_valid(s[0] == '.' ? s + 1 : s)) {
					add(j, CC_R_NC_MALFORMED, ca + 1,
					    "%s has the malformed email name constraint '%s'", cw, s);
					ok = false;
				}
			}
			free(s);
		}
	if (!any)
		add(j, CC_R_NC_EMPTY, ca + 1, "%s has nameConstraints with no subtrees", cw);
	if (unsupported)
		add(j, CC_R_NC_UNSUPPORTED_CONSTRAINT, ca + 1,
		    "%s constrains a name form other than DNS, IP, email, URI and directory names", cw);
	free(cw);
	return ok;
}

static void judge_name_constraints(struct judge *j)
{
	size_t budget = 0;
	for (size_t ca = 1; ca < j->p->n; ca++) {
		gnutls_x509_crt_t crt = node_crt(j->nodes[ca]);
		gnutls_x509_name_constraints_t nc;
		unsigned critical = 0;
		if (!crt || gnutls_x509_name_constraints_init(&nc) < 0)
			continue;
		int r = gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			gnutls_x509_name_constraints_deinit(nc);
			continue;
		}
		if (r < 0) {
			char *cw = who(j, ca);
			add(j, CC_R_NC_MALFORMED, ca + 1, "%s has nameConstraints that cannot be decoded (%s)", cw,
			    gnutls_strerror(r));
			free(cw);
			gnutls_x509_name_constraints_deinit(nc);
			continue;
		}
		if (!critical) {
			char *cw = who(j, ca);
			add(j, CC_R_NC_NOT_CRITICAL, ca + 1, "%s has nameConstraints not marked critical", cw);
			free(cw);
		}
		if (nc_wellformed(j, ca, nc))
			for (size_t i = 0; i < ca; i++)
				nc_apply(j, ca, nc, i, &budget);
		gnutls_x509_name_constraints_deinit(nc);
	}
}

/* ---- CRLs ------------------------------------------------------------- */

/* 1 when ISSUER's key signed CRL (checked as certificates are). */
static int crl_signature(gnutls_x509_crl_t crl, gnutls_x509_crt_t issuer)
{
	gnutls_datum_t der = { NULL, 0 }, tbs;
	gnutls_pubkey_t pub = NULL;
	char *sig = NULL;
	size_t sig_len = 0;
	int result = -1;
	int algo = gnutls_x509_crl_get_signature_algorithm(crl);
	if (algo <= 0 || gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der) < 0 ||
	    !cc_der_tbs(der.data, der.size, &tbs))
		goto out;
	if (gnutls_pubkey_init(&pub) < 0 || gnutls_pubkey_import_x509(pub, issuer, 0) < 0)
		goto out;
	if (gnutls_x509_crl_get_signature(crl, NULL, &sig_len) != GNUTLS_E_SHORT_MEMORY_BUFFER)
		goto out;
	sig = cc_xmalloc(sig_len ? sig_len : 1);
	if (gnutls_x509_crl_get_signature(crl, sig, &sig_len) < 0)
		goto out;
	gnutls_datum_t s = { (unsigned char *)sig, (unsigned)sig_len };
	result = gnutls_pubkey_verify_data2(pub, (gnutls_sign_algorithm_t)algo,
					    GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
					    &tbs, &s) >= 0;
out:
	free(sig);
	gnutls_free(der.data);
	if (pub)
		gnutls_pubkey_deinit(pub);
	return result;
}

/* The CRL's authorityKeyIdentifier names a key other than ISSUER's subject
 * key identifier: the CRL of another key under the same name (a re-keyed
 * CA), which does not apply, as OpenSSL and GnuTLS pick CRLs. */
static bool crl_of_other_key(gnutls_x509_crl_t crl, gnutls_x509_crt_t issuer)
{
	unsigned char aki[64], ski[64];
	size_t aki_len = sizeof(aki), ski_len = sizeof(ski);
	unsigned critical;
	if (gnutls_x509_crl_get_authority_key_id(crl, aki, &aki_len, &critical) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(issuer, ski, &ski_len, &critical) < 0)
		return false;
	return aki_len != ski_len || memcmp(aki, ski, aki_len) != 0;
}

/* Judge the CRL X, issued by certificate I + 1 of the path, for
 * certificate I: its signature, its issuer's cRLSign, its cRLNumber, its
 * currency, and whether it revokes certificate I. */
static void judge_crl(struct judge *j, size_t i, const struct cc_crl *x)
{
	const struct cc_validate_options *o = j->o;
	struct node *n = j->nodes[i], *issuer = j->nodes[i + 1];
	gnutls_x509_crt_t crt = node_crt(n), icrt = node_crt(issuer);
	gnutls_x509_crl_t crl = x->crl;
	char *iw = who(j, i + 1), *w = who(j, i);
	if (crl_signature(crl, icrt) != 1) {
		/* damaged, or signed by another key under the same name:
		 * it cannot say whether certificate i is revoked */
		add(j, CC_R_CRL_BAD_SIGNATURE, i + 2,
		    "the CRL %s names %s as its issuer, but its signature does not verify with that "
		    "certificate's key", x->where, iw);
		goto out;
	}
	if (issuer->c->has_ku && !(issuer->c->key_usage & GNUTLS_KEY_CRL_SIGN)) {
		add(j, CC_R_CRL_ISSUER_NO_CRL_SIGN, i + 2,
		    "%s signed the CRL %s but its keyUsage lacks cRLSign", iw, x->where);
		goto out;
	}
	bool number = false, number_critical = false;
	for (unsigned e = 0;; e++) {
		char oid[80];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		if (gnutls_x509_crl_get_extension_info(crl, e, oid, &size, &critical) < 0)
			break;
		if (strcmp(oid, "2.5.29.20") == 0) {
			number = true;
			number_critical = critical;
		}
	}
	if (!number)
		add(j, CC_R_CRL_NO_NUMBER, i + 2, "the CRL %s of %s has no cRLNumber",
		    x->where, iw);
	if (number_critical)
		add(j, CC_R_CRL_NUMBER_CRITICAL, i + 2, "the CRL %s of %s marks cRLNumber critical",
		    x->where, iw);
	time_t next_update = gnutls_x509_crl_get_next_update(crl);
	if (gnutls_x509_crl_get_this_update(crl) > o->at ||
	    (next_update != (time_t)-1 && next_update < o->at))
		add(j, CC_R_CRL_STALE, i + 2, "the CRL %s of %s is not current at the time checked",
		    x->where, iw);
	unsigned char serial[64];
	size_t ssize = sizeof(serial);
	if (gnutls_x509_crt_get_serial(crt, serial, &ssize) >= 0) {
		int count = gnutls_x509_crl_get_crt_count(crl);
		for (int r = 0; r < count; r++) {
			unsigned char s[64];
			size_t sl = sizeof(s);
			time_t when;
			if (gnutls_x509_crl_get_crt_serial(crl, (unsigned)r, s, &sl, &when) < 0)
				continue;
			if (sl == ssize && memcmp(s, serial, sl) == 0) {
				add(j, CC_R_CRL_REVOKED, i + 1, "%s (serial %s) is revoked by the CRL %s",
				    w, n->c->serial ? n->c->serial : "?", x->where);
				break;
			}
		}
	}
out:
	free(iw);
	free(w);
}

static void judge_crls(struct judge *j)
{
	const struct cc_validate_options *o = j->o;
	/* The CRLs whose issuer issued a certificate of the path. */
	bool *used = o->n_crls ? cc_xcalloc(o->n_crls, sizeof(*used)) : NULL;
	for (size_t i = 0; i + 1 < j->p->n; i++) {
		struct node *n = j->nodes[i], *issuer = j->nodes[i + 1];
		gnutls_x509_crt_t crt = node_crt(n), icrt = node_crt(issuer);
		if (!crt || !icrt)
			continue;
		for (size_t k = 0; k < o->n_crls; k++) {
			gnutls_x509_crl_t crl = o->crls[k]->crl;
			gnutls_datum_t cdn = { NULL, 0 }, idn = { NULL, 0 };
			bool same = gnutls_x509_crl_get_raw_issuer_dn(crl, &cdn) >= 0 &&
				    gnutls_x509_crt_get_raw_dn(icrt, &idn) >= 0 && cdn.size == idn.size &&
				    memcmp(cdn.data, idn.data, cdn.size) == 0;
			gnutls_free(cdn.data);
			gnutls_free(idn.data);
			if (!same || crl_of_other_key(crl, icrt))
				continue;
			used[k] = true;
			judge_crl(j, i, o->crls[k]);
		}
	}
	char *unused = NULL;
	for (size_t k = 0; k < o->n_crls; k++) {
		if (used[k])
			continue;
		gnutls_datum_t dn = { NULL, 0 };
		char *one = cc_xasprintf("%s (issuer '%s')", o->crls[k]->where,
					 gnutls_x509_crl_get_issuer_dn3(o->crls[k]->crl, &dn, 0) >= 0 && dn.data
						 ? (const char *)dn.data
						 : "?");
		gnutls_free(dn.data);
		char *joined = unused ? cc_xasprintf("%s, %s", unused, one) : one;
		if (unused) {
			free(unused);
			free(one);
		}
		unused = joined;
	}
	if (unused)
		add(j, CC_R_CRL_UNUSED, 0, "no certificate of the path was issued by the issuer of the CRL %s",
		    unused);
	free(unused);
	free(used);
}

/* ---- judging a path ----------------------------------------------------- */

static void judge_path(struct judge *j)
{
	struct cc_vpath *p = j->p;
	const struct cc_validate_options *o = j->o;
	size_t last = p->n - 1;
	for (size_t i = 0; i < p->n; i++)
		judge_cert(j, i, p->anchored && i == last && i > 0);
	judge_names(j);
	judge_name_constraints(j);
	if (o->n_crls)
		judge_crls(j);
	size_t depth = p->anchored && p->n >= 2 ? p->n - 2 : p->n - 1, self = 0;
	for (size_t i = 1; i <= depth && i < p->n; i++)
		if (j->nodes[i]->self_issued)
			self++;
	int max = o->max_depth < 0 ? CC_DEFAULT_MAX_DEPTH : o->max_depth;
	if (depth - self > (size_t)max)
		add(j, CC_R_DEPTH_EXCEEDED, 0, "the path has %zu intermediate(s), more than --max-depth %d",
		    depth - self, max);
	p->ok = p->anchored && p->n_fail == 0;
}

/* ---- path building ------------------------------------------------------ */

struct builder {
	const struct cc_validate_options *o;
	struct cc_validation *v;
	struct node *nodes;
	size_t n_nodes;
	size_t *stack;            /* node indices, leaf first */
	size_t depth;
	size_t sig_checks, paths;
	bool budget_hit;
	bool done;
	bool best_set;
	struct cc_vpath best;     /* the best failed path so far */
	size_t best_score;
};

static size_t path_score(const struct cc_vpath *p)
{
	/* anchored paths first, then fewer failures, then longer */
	return (p->anchored ? 0 : 1000000) + p->n_fail * 1000 + (1000 - (p->n > 999 ? 999 : p->n));
}

static void keep_candidate(struct builder *b, struct cc_vpath *p)
{
	b->v->n_tried++;
	if (!b->best_set || path_score(p) < b->best_score) {
		if (b->best_set) {
			struct cc_vpath old = b->best;
			b->best = *p;
			*p = old;
		} else {
			b->best = *p;
			memset(p, 0, sizeof(*p));
		}
		b->best_set = true;
		b->best_score = path_score(&b->best);
		if (!p->certs)
			return;
	}
	if (b->v->n_candidates < MAX_KEPT) {
		CC_ARRAY_GROW(b->v->candidates, b->v->n_candidates, b->v->alloc_candidates);
		b->v->candidates[b->v->n_candidates++] = *p;
	} else {
		vpath_release(p);
	}
}

/* Judge the path on the stack (plus EXTRA, a finding of the dead end). */
static void finish_path(struct builder *b, bool anchored, enum cc_rule_id extra, const char *extra_msg)
{
	struct cc_vpath p = { 0 };
	struct node **nodes = cc_xcalloc(b->depth, sizeof(*nodes));
	p.certs = cc_xcalloc(b->depth, sizeof(*p.certs));
	for (size_t i = 0; i < b->depth; i++) {
		nodes[i] = &b->nodes[b->stack[i]];
		p.certs[i] = nodes[i]->c;
	}
	p.n = b->depth;
	p.anchored = anchored;
	p.partial = anchored && !p.certs[p.n - 1]->self_signed;
	struct judge j = { &p, nodes, b->o };
	if (extra_msg)
		add(&j, extra, extra == CC_R_NO_PATH ? 0 : p.n, "%s", extra_msg);
	judge_path(&j);
	free(nodes);
	b->paths++;
	if (p.ok) {
		vpath_release(&b->v->path);
		b->v->path = p;
		b->done = true;
		return;
	}
	keep_candidate(b, &p);
}

static bool on_stack(const struct builder *b, size_t idx)
{
	const struct cc_cert *c = b->nodes[idx].c;
	for (size_t i = 0; i < b->depth; i++) {
		const struct cc_cert *s = b->nodes[b->stack[i]].c;
		/* the same certificate, or the same CA (name and key) again: a loop */
		if (b->stack[i] == idx ||
		    (strcmp(s->subject, c->subject) == 0 && cc_cert_same_key(s, c) && i > 0))
			return true;
	}
	return false;
}

/* 1 signed, 0 not, -1 cannot be checked; counts toward the budget. */
static int link_ok(struct builder *b, struct node *child, struct node *issuer)
{
	int r = sig_cached(child->c->sha256, issuer->c->spki_sha256);
	if (r != 2)
		return r;
	b->sig_checks++;
	gnutls_x509_crt_t cc = node_crt(child), ic = node_crt(issuer);
	r = cc && ic ? verify_signature(child->c, cc, ic) : -1;
	sig_store(child->c->sha256, issuer->c->spki_sha256, r);
	return r;
}

static void extend(struct builder *b);

/* Try candidate IDX as the issuer of the top of the stack; counts what
 * happened in the caller's tallies. */
struct tally {
	size_t named;     /* candidates with the issuer's name */
	size_t keyid;     /* ... skipped: their key identifier is another */
	size_t linked;    /* ... whose signature verified */
	char *why;        /* the first signature failure, in words */
};

static void try_issuer(struct builder *b, size_t idx, struct tally *t)
{
	struct node *top = &b->nodes[b->stack[b->depth - 1]], *cand = &b->nodes[idx];
	if (cand->c == top->c || strcmp(top->c->issuer, cand->c->subject) != 0 || on_stack(b, idx))
		return;
	t->named++;
	if (top->c->aki && cand->c->ski && strcmp(top->c->aki, cand->c->ski) != 0) {
		t->keyid++;
		return; /* the key identifiers name another key */
	}
	if (b->sig_checks >= MAX_SIG_CHECKS || b->paths >= MAX_PATHS || b->depth >= MAX_PATH_CERTS) {
		b->budget_hit = true;
		return;
	}
	int r = link_ok(b, top, cand);
	if (r != 1) {
		if (!t->why) {
			char *l = cc_cert_label(top->c), *il = cc_cert_label(cand->c);
			t->why = r == 0 ? cc_xasprintf("'%s' names '%s' as its issuer, but its signature does not "
						       "verify under the key of %s'%s' with that name",
						       l, top->c->issuer, cand->anchor ? "the trust anchor " : "",
						       il)
					: cc_xasprintf("the signature of '%s' cannot be checked with the key of "
						       "'%s' (an algorithm or key GnuTLS cannot use)",
						       l, il);
			free(l);
			free(il);
		}
		return;
	}
	t->linked++;
	b->stack[b->depth++] = idx;
	if (cand->anchor)
		finish_path(b, true, CC_R_NO_PATH, NULL);
	else
		extend(b);
	b->depth--;
}

/* The dead end at the top of the stack, in words (caller frees). */
static char *dead_end(struct builder *b, const struct tally *t)
{
	const struct cc_cert *top = b->nodes[b->stack[b->depth - 1]].c;
	char *l = cc_cert_label(top), *msg;
	const char *name = top->self_signed ? top->subject : top->issuer;
	bool twin = false;
	for (size_t i = 0; i < b->n_nodes; i++)
		if (b->nodes[i].anchor && strcmp(b->nodes[i].c->subject, name) == 0 &&
		    !cc_cert_equal(b->nodes[i].c, top))
			twin = true;
	if (top->self_signed)
		msg = cc_xasprintf("the self-signed '%s' is not a trust anchor%s", l,
				   twin ? " (a trust anchor has its subject, but another key: same "
					  "subject, different key)"
					: "");
	else if (t->keyid)
		msg = cc_xasprintf("no issuer for '%s': the certificate(s) named '%s' have another key "
				   "identifier than its authorityKeyIdentifier%s",
				   l, top->issuer, twin ? " (one is a trust anchor: same subject, different key)" : "");
	else
		msg = cc_xasprintf("no certificate or trust anchor named '%s' (the issuer of '%s') is "
				   "available",
				   top->issuer, l);
	free(l);
	return msg;
}

/* Candidates for the issuer of the top of the stack. */
static void extend(struct builder *b)
{
	struct tally t = { 0 };
	/* anchors first (self-signed ones before trusted intermediates), then
	 * untrusted certificates valid at the time, then the others */
	for (int pass = 0; pass < 4 && !b->done; pass++)
		for (size_t i = 0; i < b->n_nodes && !b->done; i++) {
			struct node *n = &b->nodes[i];
			bool current = n->c->not_before <= b->o->at && n->c->not_after >= b->o->at;
			bool want = pass == 0 ? n->anchor && n->c->self_signed
				    : pass == 1 ? n->anchor && !n->c->self_signed
				    : pass == 2 ? !n->anchor && current
						: !n->anchor && !current;
			if (want)
				try_issuer(b, i, &t);
		}
	if (!b->done && t.linked == 0) {
		bool self_signed = b->nodes[b->stack[b->depth - 1]].c->self_signed;
		if (t.why && !self_signed) {
			finish_path(b, false, CC_R_BAD_SIGNATURE, t.why);
		} else {
			char *msg = dead_end(b, &t);
			finish_path(b, false, CC_R_NO_PATH, msg);
			free(msg);
		}
	}
	free(t.why);
}

static void add_node(struct builder *b, const struct cc_cert *c, bool anchor)
{
	for (size_t i = 0; i < b->n_nodes; i++)
		if (cc_cert_equal(b->nodes[i].c, c)) {
			b->nodes[i].anchor |= anchor;
			return;
		}
	b->nodes[b->n_nodes++] = (struct node){ c, NULL, anchor, strcmp(c->subject, c->issuer) == 0 };
}

/* The system trust store's anchors for the names the chain uses. */
static int add_system_anchors(struct builder *b, struct cc_validation *v, struct cc_error *err)
{
	gnutls_x509_trust_list_t tl;
	int e;
	if ((e = gnutls_x509_trust_list_init(&tl, 0)) < 0)
		return cc_error_set(err, CC_USAGE, NULL, "%s", gnutls_strerror(e));
	if ((e = gnutls_x509_trust_list_add_system_trust(tl, 0, 0)) < 0) {
		gnutls_x509_trust_list_deinit(tl, 1);
		return cc_error_set(err, CC_USAGE, "system trust store", "cannot load: %s", gnutls_strerror(e));
	}
	/* Ask the store for the issuers of every certificate we hold. */
	size_t n = b->n_nodes;
	for (size_t i = 0; i < n; i++) {
		gnutls_x509_crt_t crt = node_crt(&b->nodes[i]), issuer = NULL;
		gnutls_datum_t der = { NULL, 0 };
		struct cc_cert *a = NULL;
		if (!crt || gnutls_x509_trust_list_get_issuer(tl, crt, &issuer, GNUTLS_TL_GET_COPY) < 0 ||
		    !issuer)
			continue;
		if (gnutls_x509_crt_export2(issuer, GNUTLS_X509_FMT_DER, &der) >= 0 &&
		    cc_cert_from_der(der.data, der.size, "system trust store", &a, NULL) == 0) {
			CC_ARRAY_GROW(v->owned, v->n_owned, v->alloc_owned);
			v->owned[v->n_owned++] = a;
			b->nodes = cc_xreallocarray(b->nodes, b->n_nodes + 1, sizeof(*b->nodes));
			add_node(b, a, true);
		}
		gnutls_free(der.data);
		gnutls_x509_crt_deinit(issuer);
	}
	gnutls_x509_trust_list_deinit(tl, 1);
	return 0;
}

int cc_validate(const struct cc_cert *leaf, const struct cc_validate_options *o,
		struct cc_validation *v, struct cc_error *err)
{
	struct builder b = { 0 };
	unsigned char ipbuf[16];
	*v = (struct cc_validation)CC_VALIDATION_INIT;
	v->profile = o->profile;
	v->name_checked = o->host || o->ip || o->uri || o->email;
	if (o->ip && inet_pton(AF_INET, o->ip, ipbuf) != 1 && inet_pton(AF_INET6, o->ip, ipbuf) != 1)
		return cc_error_set(err, CC_USAGE, "--ip", "'%s' is not an IP address", o->ip);

	b.o = o;
	b.v = v;
	b.nodes = cc_xcalloc(1 + o->n_anchors + o->n_pool + 1, sizeof(*b.nodes));
	add_node(&b, leaf, false);
	for (size_t i = 0; i < o->n_anchors; i++)
		add_node(&b, o->anchors[i], true);
	for (size_t i = 0; i < o->n_pool; i++)
		add_node(&b, o->pool[i], false);
	if (o->system_anchors && add_system_anchors(&b, v, err) < 0) {
		for (size_t i = 0; i < b.n_nodes; i++)
			if (b.nodes[i].crt)
				gnutls_x509_crt_deinit(b.nodes[i].crt);
		free(b.nodes);
		cc_validation_release(v);
		return -1;
	}
	b.stack = cc_xcalloc(MAX_PATH_CERTS + 1, sizeof(*b.stack));
	b.stack[0] = 0;
	b.depth = 1;
	if (b.nodes[0].anchor)
		finish_path(&b, true, CC_R_NO_PATH, NULL);
	if (!b.done)
		extend(&b);
	if (!b.done && !b.best_set) /* the budget ran out before any path */
		finish_path(&b, false, CC_R_BUDGET_EXCEEDED, "path building stopped before any path");
	if (!b.done) {
		if (b.budget_hit) {
			struct judge j = { &b.best, NULL, o };
			add(&j, CC_R_BUDGET_EXCEEDED, 0,
			    "path building stopped after %zu signature checks and %zu paths without finding a "
			    "valid one",
			    b.sig_checks, b.paths);
		}
		v->path = b.best;
		v->ok = false;
	} else {
		if (b.best_set) { /* the best failed path stays a candidate */
			CC_ARRAY_GROW(v->candidates, v->n_candidates, v->alloc_candidates);
			v->candidates[v->n_candidates++] = b.best;
		}
		v->ok = true;
	}
	v->n_tried += b.done ? 1 : 0;
	for (size_t i = 0; i < b.n_nodes; i++)
		if (b.nodes[i].crt)
			gnutls_x509_crt_deinit(b.nodes[i].crt);
	free(b.nodes);
	free(b.stack);
	return 0;
}

char *cc_validation_why(const struct cc_validation *v, const char *anchors_from)
{
	const struct cc_vpath *path = &v->path;
	for (size_t i = 0; i < path->n_findings; i++) {
		const struct cc_vfinding *f = &path->findings[i];
		if (f->level == CC_RULE_FAIL)
			return cc_xasprintf("%s: %s", cc_rule_get(f->rule)->code, f->message);
	}
	return cc_xasprintf("no valid path to %s", anchors_from);
}

int cc_validate_entry(const struct cc_entry *chain, struct cc_cert *const *anchors, size_t n_anchors,
		      bool system, time_t at, enum cc_purpose purpose, enum cc_profile profile,
		      const char *host, struct cc_validation *v, struct cc_error *err)
{
	struct cc_validate_options vo = {
		.pool = chain->certs + 1,
		.n_pool = chain->n_certs - 1,
		.anchors = anchors,
		.n_anchors = n_anchors,
		.system_anchors = system,
		.at = at,
		.purpose = purpose,
		.host = host,
		.profile = profile,
		.max_depth = -1,
	};
	return cc_validate(chain->certs[0], &vo, v, err);
}
