/* cert.c: decode a certificate through GnuTLS into struct cc_cert. */
#include "cert.h"

#include <arpa/inet.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509-ext.h>
#include <libtasn1.h>

static const struct {
	const char *oid;
	const char *name;
} eku_names[] = {
	{ GNUTLS_KP_TLS_WWW_SERVER, "serverAuth" },
	{ GNUTLS_KP_TLS_WWW_CLIENT, "clientAuth" },
	{ GNUTLS_KP_CODE_SIGNING, "codeSigning" },
	{ GNUTLS_KP_EMAIL_PROTECTION, "emailProtection" },
	{ GNUTLS_KP_TIME_STAMPING, "timeStamping" },
	{ GNUTLS_KP_OCSP_SIGNING, "OCSPSigning" },
	{ GNUTLS_KP_ANY, "anyExtendedKeyUsage" },
	{ "1.3.6.1.5.5.7.3.5", "ipsecEndSystem" },
	{ "1.3.6.1.5.5.7.3.6", "ipsecTunnel" },
	{ "1.3.6.1.5.5.7.3.7", "ipsecUser" },
};

const char *cc_eku_name(const char *oid)
{
	for (size_t i = 0; i < sizeof(eku_names) / sizeof(eku_names[0]); i++)
		if (strcmp(eku_names[i].oid, oid) == 0)
			return eku_names[i].name;
	return oid;
}

static const struct {
	unsigned bit;
	const char *name;
} ku_names[] = {
	{ GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature" },
	{ GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation" },
	{ GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment" },
	{ GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment" },
	{ GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement" },
	{ GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign" },
	{ GNUTLS_KEY_CRL_SIGN, "cRLSign" },
	{ GNUTLS_KEY_ENCIPHER_ONLY, "encipherOnly" },
	{ GNUTLS_KEY_DECIPHER_ONLY, "decipherOnly" },
};

size_t cc_key_usage_names(unsigned ku, const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(ku_names) / sizeof(ku_names[0]) && n < max; i++)
		if (ku & ku_names[i].bit)
			names[n++] = ku_names[i].name;
	return n;
}

size_t cc_cert_add_key_usage(struct cc_buf *b, const struct cc_cert *c)
{
	const char *names[16];
	size_t n = cc_key_usage_names(c->key_usage, names, 16);
	for (size_t i = 0; i < n; i++)
		cc_buf_addf(b, "%s%s", i ? ", " : "", names[i]);
	return n;
}

size_t cc_cert_add_eku(struct cc_buf *b, const struct cc_cert *c)
{
	for (size_t i = 0; i < c->n_eku; i++)
		cc_buf_addf(b, "%s%s", i ? ", " : "", c->eku[i]);
	return c->n_eku;
}

size_t cc_cert_add_sans(struct cc_buf *b, const struct cc_cert *c)
{
	for (size_t i = 0; i < c->n_sans; i++)
		cc_buf_addf(b, "%s%s:%s", i ? ", " : "", cc_san_type_name(c->sans[i].type),
			    c->sans[i].value);
	return c->n_sans;
}

bool cc_cert_allows_eku(const struct cc_cert *c, const char *name)
{
	for (size_t i = 0; i < c->n_eku; i++)
		if (strcmp(c->eku[i], name) == 0 || strcmp(c->eku[i], "anyExtendedKeyUsage") == 0)
			return true;
	return false;
}

const char *cc_san_type_name(enum cc_san_type type)
{
	switch (type) {
	case CC_SAN_DNS: return "DNS";
	case CC_SAN_IP: return "IP";
	case CC_SAN_URI: return "URI";
	case CC_SAN_EMAIL: return "EMAIL";
	case CC_SAN_OTHER: break;
	}
	return "OTHER";
}

/* The DER element at P (REM bytes left, at least one element long): its
 * whole encoding's size, its content at *CONTENT; false when it does not
 * parse (libtasn1 reads the tag and the length). */
static bool der_element(const unsigned char *p, long rem, unsigned char *cls, unsigned long *tag,
			const unsigned char **content, long *size)
{
	int r = rem > INT_MAX ? INT_MAX : (int)rem, taglen, lenlen;
	if (r < 2 || asn1_get_tag_der(p, r, cls, &taglen, tag) != ASN1_SUCCESS)
		return false;
	long len = asn1_get_length_der(p + taglen, r - taglen, &lenlen);
	if (len < 0 || len > (long)r - taglen - lenlen)
		return false;
	*content = p + taglen + lenlen;
	*size = taglen + lenlen + len;
	return true;
}

bool cc_der_tbs(const unsigned char *der, size_t len, gnutls_datum_t *tbs)
{
	unsigned char cls;
	unsigned long tag;
	const unsigned char *content, *inner;
	long size, tbs_size;
	if (!der_element(der, (long)(len > LONG_MAX ? LONG_MAX : len), &cls, &tag, &content, &size) ||
	    !der_element(content, size - (long)(content - der), &cls, &tag, &inner, &tbs_size))
		return false;
	tbs->data = (unsigned char *)content;
	tbs->size = (unsigned)tbs_size;
	return true;
}

/* The SubjectPublicKeyInfo of a certificate's DER, as it is encoded in
 * it: after the version ([0], optional), serial, signature algorithm,
 * issuer, validity and subject. */
static bool der_spki(const unsigned char *der, size_t len, gnutls_datum_t *spki)
{
	gnutls_datum_t tbs;
	unsigned char cls;
	unsigned long tag;
	const unsigned char *p, *content;
	long size;
	if (!cc_der_tbs(der, len, &tbs) || !der_element(tbs.data, tbs.size, &cls, &tag, &p, &size))
		return false;
	long rem = size - (long)(p - tbs.data);
	for (int k = 0; k < 7; k++) {
		if (!der_element(p, rem, &cls, &tag, &content, &size))
			return false;
		if (k == 0 && !((cls & ASN1_CLASS_CONTEXT_SPECIFIC) && tag == 0))
			k++;   /* no version: this is the serial */
		if (k == 6)
			break;
		p += size;
		rem -= size;
	}
	if (tag != ASN1_TAG_SEQUENCE || !(cls & ASN1_CLASS_STRUCTURED))
		return false;
	spki->data = (unsigned char *)p;
	spki->size = (unsigned)size;
	return true;
}

/* Latin-1 bytes as UTF-8, with the characters RFC 4514 escapes in a DN
 * value escaped as GnuTLS escapes them. */
static void add_latin1_value(struct cc_buf *b, const unsigned char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		bool edge = (i == 0 && (v[i] == '#' || v[i] == ' ')) || (i + 1 == len && v[i] == ' ');
		if (v[i] < 0x20 || v[i] == 0x7f)
			cc_buf_addf(b, "\\%02x", v[i]);
		else if (edge || (v[i] && strchr(",+\"\\<>;", v[i])))
			cc_buf_addf(b, "\\%c", v[i]);
		else if (v[i] < 0x80)
			cc_buf_addf(b, "%c", v[i]);
		else
			cc_buf_addf(b, "%c%c", 0xc0 | (v[i] >> 6), 0x80 | (v[i] & 0x3f));
	}
}

/* GnuTLS prints a T61String value as RFC 4514's "#" and the value's hex
 * (escaped: "CN=\#4dfc6c6c6572"); OpenSSL reads T61String as Latin-1, and
 * that is what the CAs that still use it put in it ("CN=M\u00fcller").
 * Replace each such value in TEXT by its Latin-1 reading. */
static char *decode_t61(char *text, gnutls_x509_dn_t dn)
{
	enum { ASN1_T61STRING = 20 };   /* the universal tag of T61String (TeletexString) */
	gnutls_x509_ava_st ava;
	for (int i = 0; gnutls_x509_dn_get_rdn_ava(dn, i, 0, &ava) == 0; i++) {
		for (int k = 0; gnutls_x509_dn_get_rdn_ava(dn, i, k, &ava) == 0; k++) {
			if (ava.value_tag != ASN1_T61STRING || !ava.value.size)
				continue;
			char *hex = cc_hex(ava.value.data, ava.value.size, 0);
			char *needle = cc_xasprintf("=\\#%s", hex);
			char *at = strstr(text, needle);
			if (at) {
				struct cc_buf b = CC_BUF_INIT;
				cc_buf_addf(&b, "%.*s=", (int)(at - text), text);
				add_latin1_value(&b, ava.value.data, ava.value.size);
				cc_buf_adds(&b, at + strlen(needle));
				free(text);
				text = cc_xstrdup(b.data);
				cc_buf_release(&b);
			}
			free(needle);
			free(hex);
		}
	}
	return text;
}

/* A DN as text, in the order its RDNs are stored (as openssl prints it:
 * "O=Istio,CN=Root CA"; RFC 4514 would reverse it); "" for an empty DN.
 * GET is the subject or issuer accessor, GET_DN the same as a DN object. */
static char *dn_string(gnutls_x509_crt_t crt,
		       int (*get)(gnutls_x509_crt_t, gnutls_datum_t *, unsigned),
		       int (*get_dn)(gnutls_x509_crt_t, gnutls_x509_dn_t *))
{
	gnutls_datum_t d = { NULL, 0 };
	gnutls_x509_dn_t dn;
	if (get(crt, &d, GNUTLS_X509_DN_FLAG_COMPAT) < 0 || !d.data)
		return cc_xstrdup("");
	char *raw = cc_xstrndup((const char *)d.data, d.size);
	gnutls_free(d.data);
	if (strstr(raw, "=\\#") && get_dn(crt, &dn) == 0)
		raw = decode_t61(raw, dn);
	char *s = cc_escape(raw, strlen(raw));
	free(raw);
	return s;
}

/* The subject (ISSUER false) or issuer name of CRT as text. */
static char *dn_of(gnutls_x509_crt_t crt, bool issuer)
{
	return issuer ? dn_string(crt, gnutls_x509_crt_get_issuer_dn3, gnutls_x509_crt_get_issuer)
		      : dn_string(crt, gnutls_x509_crt_get_dn3, gnutls_x509_crt_get_subject);
}

/* Issuer names as text, by their DER: the certificates of a bundle share
 * a few issuers, and turning a name into text is a tenth of decoding one.
 * Only issuer names are kept (a subject is looked up too: a CA's), at most
 * DN_MEMO_MAX of them; each record is one allocation, the node first. */
struct dn_memo {
	struct cc_hnode node;   /* key: FNV-1a of the DER, then zeros */
	size_t der_len;
	const char *text;       /* after the DER, in the same allocation */
	unsigned char der[];
};
enum { DN_MEMO_MAX = 1 << 14 };
static struct cc_htable dn_memos = CC_HTABLE_INIT;

static void dn_key(const gnutls_datum_t *der, unsigned char *key)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (unsigned i = 0; i < der->size; i++)
		h = (h ^ der->data[i]) * 0x100000001b3u;
	memset(key, 0, 32);
	memcpy(key, &h, sizeof(h));
}

/* Under the lock. */
static const struct dn_memo *dn_find(const unsigned char *key, const gnutls_datum_t *der)
{
	for (const struct cc_hnode *n = cc_htable_first(&dn_memos, key); n; n = n->next) {
		const struct dn_memo *m = (const struct dn_memo *)n;
		if (memcmp(n->key, key, 32) == 0 && m->der_len == der->size &&
		    memcmp(m->der, der->data, der->size) == 0)
			return m;
	}
	return NULL;
}

/* The subject (ISSUER false) or issuer name of CRT as text, through the
 * memo. */
static char *dn_text(gnutls_x509_crt_t crt, bool issuer)
{
	gnutls_datum_t der = { NULL, 0 };
	if ((issuer ? gnutls_x509_crt_get_raw_issuer_dn(crt, &der)
		    : gnutls_x509_crt_get_raw_dn(crt, &der)) < 0 || !der.data)
		return dn_of(crt, issuer);
	unsigned char key[32];
	dn_key(&der, key);
	pthread_mutex_lock(&dn_memos.lock);
	const struct dn_memo *m = dn_find(key, &der);
	char *text = m ? cc_xstrdup(m->text) : NULL;
	pthread_mutex_unlock(&dn_memos.lock);
	if (!text) {
		text = dn_of(crt, issuer);
		if (issuer) {
			size_t tlen = strlen(text) + 1;
			struct dn_memo *n = cc_xcalloc(1, sizeof(*n) + der.size + tlen);
			memcpy(n->node.key, key, sizeof(key));
			n->der_len = der.size;
			memcpy(n->der, der.data, der.size);
			n->text = memcpy((char *)n->der + der.size, text, tlen);
			pthread_mutex_lock(&dn_memos.lock);
			if (dn_memos.n < DN_MEMO_MAX && !dn_find(key, &der)) {
				cc_htable_add(&dn_memos, &n->node);
				n = NULL;
			}
			pthread_mutex_unlock(&dn_memos.lock);
			free(n);
		}
	}
	gnutls_free(der.data);
	return text;
}

/* The memo at exit, so that leak checkers see nothing left. */
__attribute__((destructor)) static void dn_memos_release(void)
{
	cc_htable_clear(&dn_memos);
}

static void add_san(struct cc_cert *c, size_t *alloc, enum cc_san_type type, char *value)
{
	CC_ARRAY_GROW(c->sans, c->n_sans, *alloc);
	c->sans[c->n_sans].type = type;
	c->sans[c->n_sans].value = value;
	c->n_sans++;
}

/* The SANs GnuTLS parsed when it imported CRT (it keeps them for hostname
 * checks: parsing the extension again cost a tenth of decoding a big
 * bundle).  Whether the extension is critical comes from decode_extensions. */
static void decode_sans(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	size_t alloc = 0;
	unsigned char stack[1024];
	for (unsigned i = 0;; i++) {
		unsigned type = 0;
		size_t size = sizeof(stack);
		unsigned char *san = stack;
		int r = gnutls_x509_crt_get_subject_alt_name2(crt, i, san, &size, &type, NULL);
		if (r == GNUTLS_E_SHORT_MEMORY_BUFFER) {
			san = cc_xmalloc(size + 1);
			r = gnutls_x509_crt_get_subject_alt_name2(crt, i, san, &size, &type, NULL);
		}
		if (r < 0) {
			if (san != stack)
				free(san);
			break;
		}
		char ip[INET6_ADDRSTRLEN], oid[256];
		size_t oid_size = sizeof(oid);
		switch (type) {
		case GNUTLS_SAN_DNSNAME:
			add_san(c, &alloc, CC_SAN_DNS, cc_escape((const char *)san, size));
			break;
		case GNUTLS_SAN_URI:
			add_san(c, &alloc, CC_SAN_URI, cc_escape((const char *)san, size));
			break;
		case GNUTLS_SAN_RFC822NAME:
			add_san(c, &alloc, CC_SAN_EMAIL, cc_escape((const char *)san, size));
			break;
		case GNUTLS_SAN_IPADDRESS:
			if ((size == 4 && inet_ntop(AF_INET, san, ip, sizeof(ip))) ||
			    (size == 16 && inet_ntop(AF_INET6, san, ip, sizeof(ip))))
				add_san(c, &alloc, CC_SAN_IP, cc_xstrdup(ip));
			else
				add_san(c, &alloc, CC_SAN_IP, cc_hex(san, size, ':'));
			break;
		case GNUTLS_SAN_DN:
			add_san(c, &alloc, CC_SAN_OTHER, cc_xstrdup("directoryName"));
			break;
		case GNUTLS_SAN_OTHERNAME:
			if (gnutls_x509_crt_get_subject_alt_othername_oid(crt, i, oid, &oid_size) < 0)
				oid_size = 0;
			add_san(c, &alloc, CC_SAN_OTHER,
				cc_xasprintf("otherName:%.*s", (int)oid_size, oid));
			break;
		default:
			add_san(c, &alloc, CC_SAN_OTHER, cc_xasprintf("type %u", type));
			break;
		}
		if (san != stack)
			free(san);
	}
}

/* The serial as hex.  DER stores it in two's complement: a first byte
 * with the high bit set makes it negative, which RFC 5280 forbids but some
 * CAs issued; OpenSSL prints those as "-" and the magnitude ("-EF"). */
static void decode_serial(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	unsigned char serial[128];
	size_t size = sizeof(serial);
	if (gnutls_x509_crt_get_serial(crt, serial, &size) < 0 || size == 0) {
		c->serial = cc_xstrdup("");
		return;
	}
	if (serial[0] & 0x80) {
		/* The magnitude: invert and add one. */
		c->serial_negative = true;
		unsigned carry = 1;
		for (size_t i = size; i-- > 0;) {
			unsigned v = (unsigned)(unsigned char)~serial[i] + carry;
			serial[i] = (unsigned char)v;
			carry = v >> 8;
		}
	}
	/* Drop the sign-padding zero bytes DER adds; keep one byte. */
	size_t skip = 0;
	while (skip + 1 < size && serial[skip] == 0)
		skip++;
	char *hex = cc_hex(serial + skip, size - skip, 0);
	c->serial = c->serial_negative ? cc_xasprintf("-%s", hex) : cc_xstrdup(hex);
	free(hex);
}

/* Curves GnuTLS 3.7 does not implement, by the DER of their OID (tag,
 * length, value) as the SubjectPublicKeyInfo's parameters hold it. */
static const struct {
	const char *name;
	unsigned bits;
	unsigned char oid[11];
	size_t oid_len;
} unsupported_curves[] = {
#define BRAINPOOL(n) { 0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, n }, 11
	{ "brainpoolP224r1", 224, BRAINPOOL(0x05) },
	{ "brainpoolP256r1", 256, BRAINPOOL(0x07) },
	{ "brainpoolP320r1", 320, BRAINPOOL(0x09) },
	{ "brainpoolP384r1", 384, BRAINPOOL(0x0b) },
	{ "brainpoolP512r1", 512, BRAINPOOL(0x0d) },
#undef BRAINPOOL
	{ "secp256k1", 256, { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a }, 7 },
};

/* A public key GnuTLS cannot import: name what it is, as far as the
 * algorithm OID (and for EC the curve OID) tells. */
static void decode_unsupported_key(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	char oid[128];
	size_t size = sizeof(oid);
	if (gnutls_x509_crt_get_pk_oid(crt, oid, &size) < 0) {
		c->key_type = cc_xstrdup("unknown");
		c->key_unsupported = cc_xstrdup("public key algorithm not supported by GnuTLS");
		return;
	}
	if (strcmp(oid, "1.2.840.10045.2.1") != 0) {   /* not id-ecPublicKey */
		c->key_type = cc_xstrdup(oid);
		c->key_unsupported = cc_xasprintf("%s: public key algorithm not supported by GnuTLS", oid);
		return;
	}
	c->key_type = cc_xstrdup("EC");
	/* GnuTLS gives no access to the parameters of a key it cannot import;
	 * the curve's OID appears once in the certificate, in them. */
	for (size_t i = 0; i < sizeof(unsupported_curves) / sizeof(unsupported_curves[0]); i++)
		if (memmem(c->der, c->der_len, unsupported_curves[i].oid, unsupported_curves[i].oid_len)) {
			c->key_curve = cc_xstrdup(unsupported_curves[i].name);
			c->key_bits = unsupported_curves[i].bits;
			break;
		}
	c->key_unsupported = cc_xasprintf("%s: curve not supported by GnuTLS",
					  c->key_curve ? c->key_curve : "EC key");
}

static void decode_key(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	c->key_bits = bits;
	if (pk <= 0) {
		decode_unsupported_key(c, crt);
		return;
	}
	switch (pk) {
	case GNUTLS_PK_RSA: c->key_type = cc_xstrdup("RSA"); break;
	case GNUTLS_PK_RSA_PSS: c->key_type = cc_xstrdup("RSA-PSS"); break;
	case GNUTLS_PK_DSA: c->key_type = cc_xstrdup("DSA"); break;
	case GNUTLS_PK_ECDSA: {
		gnutls_ecc_curve_t curve;
		c->key_type = cc_xstrdup("EC");
		if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0 &&
		    gnutls_ecc_curve_get_name(curve))
			c->key_curve = cc_xstrdup(gnutls_ecc_curve_get_name(curve));
		break;
	}
	case GNUTLS_PK_EDDSA_ED25519: c->key_type = cc_xstrdup("Ed25519"); break;
	case GNUTLS_PK_EDDSA_ED448: c->key_type = cc_xstrdup("Ed448"); break;
	default: {
		const char *name = pk > 0 ? gnutls_pk_get_name(pk) : NULL;
		c->key_type = cc_xstrdup(name ? name : "unknown");
	}
	}
}

static void decode_signature(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	int sign = gnutls_x509_crt_get_signature_algorithm(crt);
	const char *name = sign > 0 ? gnutls_sign_get_name(sign) : NULL;
	if (name) {
		c->sig_alg = cc_xstrdup(name);
		c->sig_insecure = !gnutls_sign_is_secure2(sign, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS);
	} else {
		char oid[128];
		size_t size = sizeof(oid);
		if (gnutls_x509_crt_get_signature_oid(crt, oid, &size) >= 0)
			c->sig_alg = cc_xstrdup(oid);
		else
			c->sig_alg = cc_xstrdup("unknown");
		c->sig_insecure = true;
	}
}

static void decode_basic_constraints(struct cc_cert *c, const gnutls_datum_t *ext)
{
	unsigned ca = 0;
	int pathlen = -1;
	if (gnutls_x509_ext_import_basic_constraints(ext, &ca, &pathlen) < 0)
		return;
	c->has_bc = true;
	c->is_ca = ca;
	c->path_len = ca && pathlen >= 0 ? pathlen : -1;
}

static void decode_eku(struct cc_cert *c, const gnutls_datum_t *ext, bool critical)
{
	gnutls_x509_key_purposes_t p = NULL;
	size_t alloc = 0;
	if (gnutls_x509_key_purpose_init(&p) < 0)
		return;
	if (gnutls_x509_ext_import_key_purposes(ext, p, 0) >= 0) {
		gnutls_datum_t oid;
		for (unsigned i = 0; gnutls_x509_key_purpose_get(p, i, &oid) >= 0; i++) {
			char *name = cc_xstrndup((const char *)oid.data, oid.size);
			c->eku_critical = critical;
			CC_ARRAY_GROW(c->eku, c->n_eku, alloc);
			c->eku[c->n_eku++] = cc_xstrdup(cc_eku_name(name));
			free(name);
		}
	}
	gnutls_x509_key_purpose_deinit(p);
}

/* A key identifier as hex; NULL when absent or empty. */
static char *key_id_hex(const gnutls_datum_t *id)
{
	return id->size && id->size <= 256 ? cc_hex(id->data, id->size, 0) : NULL;
}

static void decode_ski(struct cc_cert *c, const gnutls_datum_t *ext)
{
	gnutls_datum_t id = { NULL, 0 };
	if (gnutls_x509_ext_import_subject_key_id(ext, &id) >= 0)
		c->ski = key_id_hex(&id);
	gnutls_free(id.data);
}

static void decode_aki(struct cc_cert *c, const gnutls_datum_t *ext)
{
	gnutls_x509_aki_t aki = NULL;
	gnutls_datum_t id = { NULL, 0 };
	if (gnutls_x509_aki_init(&aki) < 0)
		return;
	if (gnutls_x509_ext_import_authority_key_id(ext, aki, 0) >= 0 &&
	    gnutls_x509_aki_get_id(aki, &id) >= 0)
		c->aki = key_id_hex(&id);
	gnutls_x509_aki_deinit(aki);
}

/* The extensions decoding reads. */
enum ext { EXT_BC, EXT_KU, EXT_EKU, EXT_SKI, EXT_AKI, EXT_SAN, EXT_COUNT };
static const char *const ext_oids[EXT_COUNT] = {
	GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, GNUTLS_X509EXT_OID_KEY_USAGE,
	GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE, GNUTLS_X509EXT_OID_SUBJECT_KEY_ID,
	GNUTLS_X509EXT_OID_AUTHORITY_KEY_ID, GNUTLS_X509EXT_OID_SAN,
};

/* Extension WHICH, whose value is EXT (the SANs come from decode_sans). */
static void decode_extension(struct cc_cert *c, enum ext which, const gnutls_datum_t *ext,
			     bool critical)
{
	unsigned ku = 0;
	switch (which) {
	case EXT_BC:
		decode_basic_constraints(c, ext);
		c->bc_critical = c->has_bc && critical;
		break;
	case EXT_KU:
		if (gnutls_x509_ext_import_key_usage(ext, &ku) >= 0) {
			c->has_ku = true;
			c->ku_critical = critical;
			c->key_usage = ku;
		}
		break;
	case EXT_EKU: decode_eku(c, ext, critical); break;
	case EXT_SKI: decode_ski(c, ext); break;
	case EXT_AKI: decode_aki(c, ext); break;
	case EXT_SAN:
	case EXT_COUNT: break;
	}
}

/* The extensions certcheck reads, in one pass over them (looking each up
 * by OID walked the list again for every one); the first of an OID
 * counts, as GnuTLS's own getters take it. */
static void decode_extensions(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	bool seen[EXT_COUNT] = { false };
	c->path_len = -1;
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = sizeof(oid), k = 0;
		unsigned critical = 0;
		int r = gnutls_x509_crt_get_extension_info(crt, i, oid, &size, &critical);
		if (r == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue;   /* an OID longer than any certcheck reads */
		if (r < 0)
			break;
		while (k < EXT_COUNT && strcmp(oid, ext_oids[k]) != 0)
			k++;
		if (k == EXT_COUNT || seen[k])
			continue;
		seen[k] = true;
		if (k == EXT_SAN) {
			c->san_critical = critical;
			continue;
		}
		gnutls_datum_t ext = { NULL, 0 };
		if (gnutls_x509_crt_get_extension_data2(crt, i, &ext) >= 0 && ext.size)
			decode_extension(c, (enum ext)k, &ext, critical);
		gnutls_free(ext.data);
	}
}

static void decode_digests(struct cc_cert *c, gnutls_x509_crt_t crt)
{
	unsigned char md[32];
	char *hex = cc_hex(c->node.key, sizeof(c->node.key), 0);
	memcpy(c->sha256, hex, sizeof(c->sha256));
	free(hex);
	/* The hash of the DER SubjectPublicKeyInfo: exactly the HPKP / Envoy
	 * `pin-sha256` value.  Hashed as the certificate encodes it (GnuTLS's
	 * key ID encodes the key again, which cost a tenth of decoding a big
	 * bundle); none for a key GnuTLS cannot use, as before. */
	size_t size = sizeof(md);
	gnutls_datum_t spki;
	int r = c->key_unsupported ? -1
		: der_spki(c->der, c->der_len, &spki)
			? gnutls_hash_fast(GNUTLS_DIG_SHA256, spki.data, spki.size, md)
			: gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, md, &size);
	if (r >= 0) {
		gnutls_datum_t raw = { md, (unsigned)size }, b64 = { NULL, 0 };
		if (gnutls_base64_encode2(&raw, &b64) >= 0 && b64.size < sizeof(c->spki_sha256)) {
			memcpy(c->spki_sha256, b64.data, b64.size);
			c->spki_sha256[b64.size] = '\0';
		}
		gnutls_free(b64.data);
	}
}

/* Flags for a bare "does this key verify that signature" question: no
 * time, CA-flag or algorithm policy, and no shortcut for a certificate
 * found in the list itself (it must verify under its own key). */
#define CC_LINK_VERIFY_FLAGS                                                              \
	(GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |    \
	 GNUTLS_VERIFY_DISABLE_CA_SIGN | GNUTLS_VERIFY_ALLOW_ANY_X509_V1_CA_CRT |          \
	 GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |                 \
	 GNUTLS_VERIFY_DO_NOT_ALLOW_SAME)

static bool signature_verifies(gnutls_x509_crt_t child, gnutls_x509_crt_t issuer)
{
	unsigned status = 0;
	if (gnutls_x509_crt_verify(child, &issuer, 1, CC_LINK_VERIFY_FLAGS, &status) < 0)
		return false;
	return status == 0;
}

/* The decode cache: every live certificate by the SHA-256 of its DER.  A
 * bundle of CT log extracts or a dump whose 5,000 chains share a root and
 * an intermediate repeats certificates thousands of times; each is
 * decoded (and its self-signature verified) once.  Lookups are cheap
 * beside a decode, which runs outside the lock. */
static struct cc_htable cache = CC_HTABLE_INIT;

static struct cc_cert *cert_of(struct cc_hnode *node)
{
	return (struct cc_cert *)((char *)node - offsetof(struct cc_cert, node));
}

/* The live certificate with MD and DER, its use counted; NULL if none.
 * Under the lock. */
static struct cc_cert *cache_find(const unsigned char *md, const void *der, size_t len)
{
	for (struct cc_hnode *n = cc_htable_first(&cache, md); n; n = n->next) {
		struct cc_cert *c = cert_of(n);
		if (memcmp(n->key, md, sizeof(n->key)) == 0 && c->der_len == len &&
		    memcmp(c->der, der, len) == 0) {
			c->refs++;
			return c;
		}
	}
	return NULL;
}

/* The string fields of a certificate. */
static const size_t string_fields[] = {
	offsetof(struct cc_cert, subject),  offsetof(struct cc_cert, issuer),
	offsetof(struct cc_cert, serial),   offsetof(struct cc_cert, key_type),
	offsetof(struct cc_cert, key_curve), offsetof(struct cc_cert, key_unsupported),
	offsetof(struct cc_cert, sig_alg),  offsetof(struct cc_cert, ski),
	offsetof(struct cc_cert, aki),
};

static char **string_field(struct cc_cert *c, size_t i)
{
	return (char **)((char *)c + string_fields[i]);
}

/* What decode() allocated piece by piece, before pack() (the DER is the
 * caller's until then). */
static void release_pieces(struct cc_cert *c)
{
	for (size_t i = 0; i < sizeof(string_fields) / sizeof(string_fields[0]); i++)
		free(*string_field(c, i));
	for (size_t i = 0; i < c->n_sans; i++)
		free(c->sans[i].value);
	free(c->sans);
	for (size_t i = 0; i < c->n_eku; i++)
		free(c->eku[i]);
	free(c->eku);
	free(c);
}

/* Copy S (NULL stays NULL) to *AT and move past it. */
static char *put_string(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *r = memcpy(*at, s, n);
	*at += n;
	return r;
}

static size_t string_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* C and everything it points to in one allocation, the struct first, then
 * its arrays, its strings and its DER: a bundle holds tens of thousands of
 * certificates, and the dozen small allocations of each cost a third of
 * their size again in malloc's headers and rounding.  C is freed. */
static struct cc_cert *pack(struct cc_cert *c)
{
	size_t n_strings = sizeof(string_fields) / sizeof(string_fields[0]);
	size_t need = c->n_sans * sizeof(*c->sans) + c->n_eku * sizeof(*c->eku) + c->der_len;
	for (size_t i = 0; i < n_strings; i++)
		need += string_size(*string_field(c, i));
	for (size_t i = 0; i < c->n_sans; i++)
		need += string_size(c->sans[i].value);
	for (size_t i = 0; i < c->n_eku; i++)
		need += string_size(c->eku[i]);
	struct cc_cert *p = cc_xmalloc(sizeof(*p) + need);
	*p = *c;
	char *at = (char *)(p + 1);
	p->sans = c->n_sans ? (struct cc_san *)at : NULL;
	at += c->n_sans * sizeof(*c->sans);
	p->eku = c->n_eku ? (char **)at : NULL;
	at += c->n_eku * sizeof(*c->eku);
	for (size_t i = 0; i < c->n_sans; i++)
		p->sans[i] = (struct cc_san){ c->sans[i].type, put_string(&at, c->sans[i].value) };
	for (size_t i = 0; i < c->n_eku; i++)
		p->eku[i] = put_string(&at, c->eku[i]);
	for (size_t i = 0; i < n_strings; i++)
		*string_field(p, i) = put_string(&at, *string_field(c, i));
	p->der = memcpy(at, c->der, c->der_len);
	release_pieces(c);
	return p;
}

/* A packed certificate is one allocation. */
static void cert_release(struct cc_cert *c)
{
	free(c);
}

/* Decode DER (whose SHA-256 is MD) into a new certificate. */
static int decode(const void *der, size_t len, const unsigned char *md, const char *where,
		  struct cc_cert **out, struct cc_error *err)
{
	gnutls_x509_crt_t crt = NULL;
	struct cc_cert *c = NULL;
	int r;

	if ((r = gnutls_x509_crt_init(&crt)) < 0)
		return cc_error_set(err, CC_USAGE, where, "%s", gnutls_strerror(r));
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)len };
	if ((r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER)) < 0) {
		cc_error_set(err, CC_USAGE, where, "not a valid X.509 certificate (%s)",
			     gnutls_strerror(r));
		goto out;
	}

	c = cc_xcalloc(1, sizeof(*c));
	c->refs = 1;
	memcpy(c->node.key, md, sizeof(c->node.key));
	c->der = (unsigned char *)der;   /* borrowed until pack() copies it */
	c->der_len = len;
	c->version = gnutls_x509_crt_get_version(crt);
	c->subject = dn_text(crt, false);
	/* GnuTLS writes a CN as "CN="; the text without it (an empty subject,
	 * or one GnuTLS could not write) is asked for one. */
	size_t cn_size = 0;
	c->no_cn = !strstr(c->subject, "CN=") &&
		   gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, NULL,
						 &cn_size) == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
	c->issuer = dn_text(crt, true);

	decode_serial(c, crt);
	c->not_before = gnutls_x509_crt_get_activation_time(crt);
	c->not_after = gnutls_x509_crt_get_expiration_time(crt);

	decode_sans(c, crt);
	decode_key(c, crt);
	decode_signature(c, crt);
	decode_extensions(c, crt);
	decode_digests(c, crt);
	c->self_signed = gnutls_x509_crt_check_issuer(crt, crt) && signature_verifies(crt, crt);
	*out = pack(c);
	r = 0;
out:
	gnutls_x509_crt_deinit(crt);
	return r < 0 ? -1 : 0;
}

int cc_cert_from_der(const void *der, size_t len, const char *where, struct cc_cert **out,
		     struct cc_error *err)
{
	unsigned char md[32];
	struct cc_cert *c, *again;

	if (len == 0)
		return cc_error_set(err, CC_USAGE, where, "empty certificate");
	if (len > CC_MAX_CERT_BYTES)
		return cc_error_set(err, CC_USAGE, where,
				    "certificate of %zu bytes is larger than the limit of %zu MiB",
				    len, CC_MAX_CERT_BYTES >> 20);
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, der, len, md) < 0)
		return cc_error_set(err, CC_USAGE, where, "cannot hash the certificate");
	pthread_mutex_lock(&cache.lock);
	c = cache_find(md, der, len);
	pthread_mutex_unlock(&cache.lock);
	if (c) {
		*out = c;
		return 0;
	}
	if (decode(der, len, md, where, &c, err) < 0)
		return -1;
	/* Another thread may have decoded the same DER meanwhile: keep one. */
	pthread_mutex_lock(&cache.lock);
	again = cache_find(md, der, len);
	if (!again)
		cc_htable_add(&cache, &c->node);
	pthread_mutex_unlock(&cache.lock);
	if (again) {
		cert_release(c);
		c = again;
	}
	*out = c;
	return 0;
}

void cc_cert_free(struct cc_cert *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&cache.lock);
	bool last = --c->refs == 0;
	if (last)
		cc_htable_remove(&cache, &c->node);
	pthread_mutex_unlock(&cache.lock);
	if (last)
		cert_release(c);
}

gnutls_x509_crt_t cc_cert_crt(const struct cc_cert *cert)
{
	gnutls_x509_crt_t crt;
	if (gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	gnutls_datum_t d = { cert->der, (unsigned)cert->der_len };
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

char *cc_cert_pem(const struct cc_cert *cert)
{
	gnutls_datum_t der = { cert->der, (unsigned)cert->der_len }, pem = { NULL, 0 };
	if (gnutls_pem_base64_encode2("CERTIFICATE", &der, &pem) < 0)
		return cc_xstrdup("");
	char *s = cc_xstrndup((const char *)pem.data, pem.size);
	gnutls_free(pem.data);
	return s;
}

bool cc_cert_equal(const struct cc_cert *a, const struct cc_cert *b)
{
	return a == b || (a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0);
}

bool cc_cert_same_key(const struct cc_cert *a, const struct cc_cert *b)
{
	return a->spki_sha256[0] && strcmp(a->spki_sha256, b->spki_sha256) == 0;
}

size_t cc_certs_find(const struct cc_cert *const *v, size_t n, const struct cc_cert *c)
{
	for (size_t i = 0; i < n; i++)
		if (cc_cert_equal(v[i], c))
			return i;
	return n;
}

size_t *cc_certs_first_occurrences(struct cc_cert *const *certs, size_t n)
{
	/* By fingerprint: a repeat's first occurrence heads its group. */
	struct cc_keyed *by_hash = cc_xcalloc(n ? n : 1, sizeof(*by_hash));
	size_t *first = cc_xcalloc(n ? n : 1, sizeof(*first));
	for (size_t i = 0; i < n; i++)
		by_hash[i] = (struct cc_keyed){ certs[i]->sha256, i };
	cc_keyed_sort(by_hash, n);
	for (size_t g = 0, j = 0; j < n; j++) {
		if (strcmp(by_hash[g].key, by_hash[j].key) != 0)
			g = j;   /* a new group */
		/* Equal fingerprints, so equal DER but for a SHA-256 collision,
		 * which still must not count as a repeat. */
		size_t head = g;
		while (head < j && !cc_cert_equal(certs[by_hash[head].pos], certs[by_hash[j].pos]))
			head++;
		first[by_hash[j].pos] = by_hash[head].pos;
	}
	free(by_hash);
	return first;
}

size_t cc_certs_add_unique(struct cc_cert ***v, size_t *n, size_t *alloc, struct cc_cert *const *add,
			   size_t n_add)
{
	size_t added = 0;
	for (size_t i = 0; i < n_add; i++) {
		if (cc_certs_find((const struct cc_cert *const *)*v, *n, add[i]) < *n)
			continue;
		CC_ARRAY_GROW(*v, *n, *alloc);
		(*v)[(*n)++] = add[i];
		added++;
	}
	return added;
}

/* Links already judged, by the two certificates' DER hashes (their first
 * 16 bytes each): 5,000 chains of a dump that share an intermediate and a
 * root verify that link's signature once.  Entries live for the run. */
struct link_memo {
	struct cc_hnode node;   /* first: a node is its memo */
	enum cc_link link;
};
static struct cc_htable links = CC_HTABLE_INIT;

static void link_key(const struct cc_cert *child, const struct cc_cert *issuer, unsigned char *key)
{
	memcpy(key, child->node.key, 16);
	memcpy(key + 16, issuer->node.key, 16);
}

/* Under the lock. */
static struct link_memo *link_find(const unsigned char *key)
{
	for (struct cc_hnode *n = cc_htable_first(&links, key); n; n = n->next)
		if (memcmp(n->key, key, sizeof(n->key)) == 0)
			return (struct link_memo *)n;
	return NULL;
}

/* Under the lock. */
static void link_insert(const unsigned char *key, enum cc_link link)
{
	if (link_find(key))
		return;
	struct link_memo *m = cc_xcalloc(1, sizeof(*m));
	memcpy(m->node.key, key, sizeof(m->node.key));
	m->link = link;
	cc_htable_add(&links, &m->node);
}

static enum cc_link judge_link(const struct cc_cert *child, const struct cc_cert *issuer)
{
	enum cc_link link = CC_LINK_NONE;
	gnutls_x509_crt_t c = cc_cert_crt(child), i = cc_cert_crt(issuer);
	if (!c || !i)
		goto out;
	/* gnutls_x509_crt_check_issuer() also rejects a key ID mismatch, which
	 * is exactly the case to tell apart, so equal DNs are enough here. */
	if (strcmp(child->issuer, issuer->subject) != 0 && !gnutls_x509_crt_check_issuer(c, i))
		goto out;
	if (issuer->key_unsupported)
		link = CC_LINK_UNCHECKED;
	else if (signature_verifies(c, i))
		link = CC_LINK_SIGNED;
	else if (child->aki && issuer->ski && strcmp(child->aki, issuer->ski) != 0)
		link = CC_LINK_KEYID_MISMATCH;
	else
		link = CC_LINK_BAD_SIGNATURE;
out:
	if (c)
		gnutls_x509_crt_deinit(c);
	if (i)
		gnutls_x509_crt_deinit(i);
	return link;
}

enum cc_link cc_cert_link(const struct cc_cert *child, const struct cc_cert *issuer)
{
	unsigned char key[32];
	link_key(child, issuer, key);
	pthread_mutex_lock(&links.lock);
	struct link_memo *m = link_find(key);
	enum cc_link link = m ? m->link : CC_LINK_NONE;
	pthread_mutex_unlock(&links.lock);
	if (m)
		return link;
	link = judge_link(child, issuer);
	pthread_mutex_lock(&links.lock);
	link_insert(key, link);
	pthread_mutex_unlock(&links.lock);
	return link;
}

/* The memo at exit, so that leak checkers see nothing left. */
__attribute__((destructor)) static void links_release(void)
{
	cc_htable_clear(&links);
}
