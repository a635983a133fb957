/* read-pem.c: PEM (with any text around the blocks), DER and PKCS#7.
 *
 * Only the armour is located here, to know where each block starts (its
 * line, for messages) and what it holds; GnuTLS decodes the base64, the
 * certificates and the PKCS#7 structures.
 */
#include "read.h"

#include "cert.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/pkcs7.h>
#include <libtasn1.h>

#define BEGIN_MARK "-----BEGIN "
#define DASHES "-----"

size_t cc_der_element_len(const void *data, size_t len)
{
	const unsigned char *d = data;
	int n = len > INT_MAX ? INT_MAX : (int)len, tag_len, len_len;
	unsigned char cls;
	unsigned long tag;
	if (n < 2 || asn1_get_tag_der(d, n, &cls, &tag_len, &tag) != ASN1_SUCCESS)
		return 0;
	long content = asn1_get_length_der(d + tag_len, n - tag_len, &len_len);
	if (content < 0)
		return 0;
	return (size_t)tag_len + (size_t)len_len + (size_t)content;
}

static bool only_space(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", p[i]) || !p[i])
			return false;
	return true;
}

static bool imports(const char *data, size_t len, enum cc_cert_format fmt)
{
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	int r = -1;
	if (fmt == CC_FMT_DER) {
		gnutls_x509_crt_t crt;
		if (gnutls_x509_crt_init(&crt) >= 0) {
			r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
			gnutls_x509_crt_deinit(crt);
		}
	} else if (fmt == CC_FMT_PKCS7) {
		gnutls_pkcs7_t p7;
		if (gnutls_pkcs7_init(&p7) >= 0) {
			r = gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_DER);
			gnutls_pkcs7_deinit(p7);
		}
	} else if (fmt == CC_FMT_PKCS12) {
		gnutls_pkcs12_t p12;
		if (gnutls_pkcs12_init(&p12) >= 0) {
			r = gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0);
			gnutls_pkcs12_deinit(p12);
		}
	}
	return r >= 0;
}

/* Base64 text (wrapped or not, nothing else but whitespace) of PEM, DER,
 * PKCS#7 or PKCS#12: what `kubectl get secret -o jsonpath=...` prints.
 * The decoded bytes go to *OUT when OUT is not NULL. */
static bool base64_of_certs(const char *data, size_t len, gnutls_datum_t *out)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t\r\n";
	size_t significant = 0;
	for (size_t i = 0; i < len; i++) {
		if (!data[i] || !strchr(alphabet, data[i]))
			return false;
		significant += !strchr(" \t\r\n", data[i]);
	}
	/* The smallest certificate is a few hundred bytes. */
	if (significant < 64)
		return false;
	gnutls_datum_t raw = { NULL, 0 };
	if (cc_base64_decode(data, len, &raw) < 0 || raw.size == 0) {
		gnutls_free(raw.data);
		return false;
	}
	enum cc_cert_format f = cc_detect_cert_format((const char *)raw.data, raw.size);
	bool ok = f == CC_FMT_PEM || f == CC_FMT_DER || f == CC_FMT_PKCS7 || f == CC_FMT_PKCS12;
	if (ok && out)
		*out = raw;
	else
		gnutls_free(raw.data);
	return ok;
}

enum cc_source_format cc_source_format_of(enum cc_cert_format fmt)
{
	switch (fmt) {
	case CC_FMT_PEM: return CC_SOURCE_PEM;
	case CC_FMT_DER: return CC_SOURCE_DER;
	case CC_FMT_PKCS7: return CC_SOURCE_PKCS7;
	case CC_FMT_PKCS12: return CC_SOURCE_PKCS12;
	case CC_FMT_JKS: return CC_SOURCE_JKS;
	case CC_FMT_BASE64: return CC_SOURCE_BASE64;
	case CC_FMT_NONE: break;
	}
	return CC_SOURCE_NONE;
}

const char *cc_cert_format_name(enum cc_cert_format fmt)
{
	return cc_source_format_name(cc_source_format_of(fmt));
}

enum cc_cert_format cc_detect_cert_format(const char *data, size_t len)
{
	if (memmem(data, len, BEGIN_MARK, strlen(BEGIN_MARK)))
		return CC_FMT_PEM;
	const unsigned char *u = (const unsigned char *)data;
	/* Java's own keystores: JKS (0xFEEDFEED) and JCEKS (0xCECECECE). */
	if (len >= 4 && ((u[0] == 0xfe && u[1] == 0xed && u[2] == 0xfe && u[3] == 0xed) ||
			 (u[0] == 0xce && u[1] == 0xce && u[2] == 0xce && u[3] == 0xce)))
		return CC_FMT_JKS;
	/* DER: a SEQUENCE with a long-form length, as every certificate and
	 * PKCS#7 ContentInfo has, or a short one that spans the whole input
	 * (an empty PKCS#7 is 37 bytes).  Only the first element counts:
	 * certificates may follow it, or a newline. */
	if (len >= 4 && u[0] == 0x30 && ((u[1] & 0x80) || (size_t)u[1] + 2 <= len)) {
		size_t first = cc_der_element_len(data, len);
		if (first == 0 || first > len)
			first = len;
		if (imports(data, first, CC_FMT_DER))
			return CC_FMT_DER;
		if (imports(data, first, CC_FMT_PKCS7))
			return CC_FMT_PKCS7;
		if (imports(data, first, CC_FMT_PKCS12))
			return CC_FMT_PKCS12;
		/* Looks like DER but is none of these: let the DER reader say why. */
		if ((u[1] & 0x80) || (size_t)u[1] + 2 == len)
			return CC_FMT_DER;
	}
	if (base64_of_certs(data, len, NULL))
		return CC_FMT_BASE64;
	return CC_FMT_NONE;
}

static int add_der_cert(const unsigned char *der, size_t len, const char *where,
			struct cc_entry *entry, struct cc_error *err)
{
	struct cc_cert *cert;
	if (cc_cert_from_der(der, len, where, &cert, err) < 0)
		return -1;
	cc_entry_add_cert(entry, cert);
	return 0;
}

static int read_pkcs7(const gnutls_datum_t *data, gnutls_x509_crt_fmt_t fmt, const char *where,
		      struct cc_entry *entry, struct cc_error *err)
{
	gnutls_pkcs7_t p7 = NULL;
	int ret = -1, r;
	if ((r = gnutls_pkcs7_init(&p7)) < 0 || (r = gnutls_pkcs7_import(p7, data, fmt)) < 0) {
		cc_error_set(err, CC_USAGE, where, "not a valid PKCS#7 structure (%s)",
			     gnutls_strerror(r));
		goto out;
	}
	int count = gnutls_pkcs7_get_crt_count(p7);
	if (count <= 0) {
		cc_error_set(err, CC_USAGE, where, "the PKCS#7 structure holds no certificate");
		goto out;
	}
	for (int i = 0; i < count; i++) {
		gnutls_datum_t der = { NULL, 0 };
		if ((r = gnutls_pkcs7_get_crt_raw2(p7, (unsigned)i, &der)) < 0) {
			cc_error_set(err, CC_USAGE, where, "PKCS#7 certificate %d: %s", i + 1,
				     gnutls_strerror(r));
			goto out;
		}
		char *w = cc_xasprintf("%s: PKCS#7 certificate %d", where, i + 1);
		r = add_der_cert(der.data, der.size, w, entry, err);
		free(w);
		gnutls_free(der.data);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	if (p7)
		gnutls_pkcs7_deinit(p7);
	return ret;
}

static bool is_cert_label(const char *label)
{
	return strcmp(label, "CERTIFICATE") == 0 || strcmp(label, "X509 CERTIFICATE") == 0 ||
	       strcmp(label, "TRUSTED CERTIFICATE") == 0;
}

static bool is_pkcs7_label(const char *label)
{
	return strcmp(label, "PKCS7") == 0 || strcmp(label, "PKCS #7 SIGNED DATA") == 0 ||
	       strcmp(label, "CMS") == 0;
}

static size_t count_lines(const char *from, const char *to)
{
	size_t n = 0;
	for (const char *p = from; p < to; p++)
		n += *p == '\n';
	return n;
}

/* The DER element at D (LEN bytes): its tag byte, its content and the
 * content's length; false when it does not fit in LEN. */
static bool der_element(const unsigned char *d, size_t len, unsigned char *tag,
			const unsigned char **content, size_t *content_len)
{
	size_t total = cc_der_element_len(d, len);
	int tag_len, len_len;
	unsigned char cls;
	unsigned long t;
	if (total == 0 || total > len ||
	    asn1_get_tag_der(d, (int)len, &cls, &tag_len, &t) != ASN1_SUCCESS ||
	    asn1_get_length_der(d + tag_len, (int)len - tag_len, &len_len) < 0)
		return false;
	*tag = d[0];
	*content = d + tag_len + len_len;
	*content_len = total - (size_t)tag_len - (size_t)len_len;
	return true;
}

/* Each element of D's content: *TAG, *C, *C_LEN, advancing *OFF. */
static bool next_element(const unsigned char *d, size_t len, size_t *off, unsigned char *tag,
			 const unsigned char **c, size_t *c_len)
{
	if (*off >= len || !der_element(d + *off, len - *off, tag, c, c_len))
		return false;
	*off = (size_t)(*c + *c_len - d);
	return true;
}

/* The OIDs of a SEQUENCE OF OBJECT IDENTIFIER's content, by name. */
static void add_oids(struct cc_buf *b, const char *what, const unsigned char *d, size_t len)
{
	unsigned char tag;
	const unsigned char *c;
	size_t c_len, off = 0, n = 0;
	cc_buf_addf(b, "%s%s ", b->len ? "; " : "", what);
	for (size_t at = 0; next_element(d, len, &off, &tag, &c, &c_len); at = off) {
		char oid[128];
		int used;
		if (tag == 0x06 && asn1_get_object_id_der(d + at + 1, (int)(off - at - 1), &used, oid,
							  sizeof(oid)) == ASN1_SUCCESS)
			cc_buf_addf(b, "%s%s", n++ ? ", " : "", cc_eku_name(oid));
	}
	if (!n)
		cc_buf_adds(b, "nothing");
}

/* OpenSSL's X509_CERT_AUX, which follows the certificate in a TRUSTED
 * CERTIFICATE block: SEQUENCE { trust SEQUENCE OF OID OPTIONAL, reject [0]
 * SEQUENCE OF OID OPTIONAL, alias UTF8String OPTIONAL, ... }, in words. */
static char *describe_cert_aux(const unsigned char *d, size_t len)
{
	struct cc_buf b = CC_BUF_INIT;
	unsigned char tag;
	const unsigned char *aux, *c;
	size_t aux_len, c_len, off = 0;
	if (der_element(d, len, &tag, &aux, &aux_len) && tag == 0x30) {
		while (next_element(aux, aux_len, &off, &tag, &c, &c_len)) {
			if (tag == 0x30)
				add_oids(&b, "trusted for", c, c_len);
			else if (tag == 0xa0)
				add_oids(&b, "rejected for", c, c_len);
			else if (tag == 0x0c) {
				char *alias = cc_escape((const char *)c, c_len);
				cc_buf_addf(&b, "%salias \"%s\"", b.len ? "; " : "", alias);
				free(alias);
			}
		}
	}
	if (!b.len)
		cc_buf_adds(&b, "unreadable");
	return cc_buf_detach(&b, NULL);
}

/* OpenSSL's "TRUSTED CERTIFICATE" is the certificate followed by its
 * X509_CERT_AUX: the certificate is read and the settings noted; they are
 * not applied (what is trusted is the --root given to certcheck). */
static int read_trusted_cert(const gnutls_datum_t *der, const char *where, struct cc_entry *entry,
			     struct cc_error *err)
{
	size_t first = cc_der_element_len(der->data, der->size);
	if (first == 0 || first >= der->size)
		return add_der_cert(der->data, der->size, where, entry, err);
	if (add_der_cert(der->data, first, where, entry, err) < 0)
		return -1;
	char *aux = describe_cert_aux(der->data + first, der->size - first);
	cc_strv_pushf(&entry->notes,
		      "%s: TRUSTED CERTIFICATE: OpenSSL trust settings (%s) follow the certificate; "
		      "certcheck does not apply them",
		      where, aux);
	free(aux);
	return 0;
}

/* Decode one certificate block [BLOCK, BLOCK+LEN) labelled LABEL. */
static int read_cert_block(const char *label, const char *block, size_t len, const char *where,
			   struct cc_entry *entry, struct cc_error *err)
{
	gnutls_datum_t pem = { (unsigned char *)block, (unsigned)len }, der = { NULL, 0 };
	int r = gnutls_pem_base64_decode2(label, &pem, &der);
	if (r < 0)
		return cc_error_set(err, CC_USAGE, where, "base64 data is truncated or invalid (%s)",
				    gnutls_strerror(r));
	if (strcmp(label, "TRUSTED CERTIFICATE") == 0)
		r = read_trusted_cert(&der, where, entry, err);
	else
		r = add_der_cert(der.data, der.size, where, entry, err);
	gnutls_free(der.data);
	return r;
}

/* DER certificates back to back (`cat a.der b.der`), each read whole; a
 * newline or other whitespace after the last is allowed. */
static int read_der(const char *data, size_t len, const char *where, struct cc_entry *entry,
		    struct cc_error *err)
{
	size_t off = 0;
	for (unsigned n = 1; off < len; n++) {
		size_t el = cc_der_element_len(data + off, len - off);
		bool last = el == 0 || el >= len - off || only_space(data + off + el, len - off - el);
		if (el == 0 || el > len - off)
			el = len - off;   /* let GnuTLS say what is wrong with it */
		char *w = n == 1 && last ? cc_xstrdup(where)
					 : cc_xasprintf("%s: DER certificate %u", where, n);
		int r = add_der_cert((const unsigned char *)data + off, el, w, entry, err);
		free(w);
		if (r < 0)
			return -1;
		if (last)
			break;
		off += el;
	}
	return 0;
}

/* Big PEM inputs are decoded on every core, a chunk of blocks at a time:
 * the blocks are found in order, their certificates decoded in parallel,
 * then added (and every note and error taken) in input order, so the
 * result is the sequential one byte for byte.  A chunk bounds the decoded
 * certificates waiting to be added. */
enum { PEM_CHUNK = 512, PEM_PARALLEL_MIN = 64 };

struct pem_block {
	const char *begin, *stop;   /* BEGIN line through END line; stop NULL: no END */
	const char *label;          /* into the input, LABEL_LEN bytes */
	size_t label_len, line;
	struct cc_cert *cert;       /* decoded ahead (plain certificate blocks) */
	struct cc_error *err;       /* ... or why not */
};

struct pem_chunk {
	struct pem_block *v;
	size_t n;
	const char *where;
};

static bool is_plain_cert_label(const char *label, size_t len)
{
	return (len == 11 && memcmp(label, "CERTIFICATE", 11) == 0) ||
	       (len == 16 && memcmp(label, "X509 CERTIFICATE", 16) == 0);
}

/* Decode block B ahead: its base64 and its certificate, as
 * read_cert_block would. */
static void decode_ahead(struct pem_block *b, const char *where)
{
	char *label = cc_xstrndup(b->label, b->label_len);
	char *w = cc_xasprintf("%s: line %zu", where, b->line);
	gnutls_datum_t pem = { (unsigned char *)b->begin, (unsigned)(b->stop - b->begin) };
	gnutls_datum_t der = { NULL, 0 };
	struct cc_error err = CC_ERROR_INIT;
	int r = gnutls_pem_base64_decode2(label, &pem, &der);
	if (r < 0)
		cc_error_set(&err, CC_USAGE, w, "base64 data is truncated or invalid (%s)",
			     gnutls_strerror(r));
	else
		r = cc_cert_from_der(der.data, der.size, w, &b->cert, &err);
	if (r < 0) {
		b->err = cc_xmalloc(sizeof(*b->err));
		*b->err = err;
	}
	gnutls_free(der.data);
	free(w);
	free(label);
}

static void decode_one(void *ctx, size_t i)
{
	struct pem_chunk *c = ctx;
	if (c->v[i].stop && is_plain_cert_label(c->v[i].label, c->v[i].label_len))
		decode_ahead(&c->v[i], c->where);
}

static void decode_chunk(struct pem_chunk *c)
{
	size_t certs = 0;
	for (size_t i = 0; i < c->n; i++)
		certs += c->v[i].stop && is_plain_cert_label(c->v[i].label, c->v[i].label_len);
	if (certs < PEM_PARALLEL_MIN || cc_threads() < 2)
		return;   /* read_pem decodes them as it adds them */
	cc_parallel_for(c->n, 0, decode_one, c);
}

/* Find the next block at or after *P; false at the end of the input or on
 * a malformed BEGIN line (*BAD set). */
static bool next_block(const char *data, const char *end, const char **p, const char **counted,
		       size_t *line, struct pem_block *b, bool *bad)
{
	const char *begin = memmem(*p, (size_t)(end - *p), BEGIN_MARK, strlen(BEGIN_MARK));
	if (!begin)
		return false;
	*line += count_lines(*counted, begin);
	*counted = begin;
	memset(b, 0, sizeof(*b));
	b->begin = begin;
	b->line = *line;
	/* The label runs to the closing dashes on the same line. */
	const char *lab = begin + strlen(BEGIN_MARK), *lab_end = lab;
	while (lab_end < end && *lab_end != '\n' && *lab_end != '\r' &&
	       !(end - lab_end >= 5 && memcmp(lab_end, DASHES, 5) == 0))
		lab_end++;
	if (end - lab_end < 5 || memcmp(lab_end, DASHES, 5) != 0 || lab_end - lab > 64) {
		*bad = true;
		return false;
	}
	b->label = lab;
	b->label_len = (size_t)(lab_end - lab);
	char *end_mark = cc_xasprintf("-----END %.*s-----", (int)b->label_len, lab);
	const char *after = lab_end + 5;
	const char *stop = memmem(after, (size_t)(end - after), end_mark, strlen(end_mark));
	if (stop) {
		b->stop = stop + strlen(end_mark);
		*p = b->stop;
	} else {
		*p = end;   /* the last block: its error ends the input */
	}
	free(end_mark);
	(void)data;
	return true;
}

/* Take block B into ENTRY in input order: its certificate (decoded ahead
 * or now), its PKCS#7 certificates, or a note. */
static int take_block(struct pem_block *b, const char *where, struct cc_entry *entry,
		      struct cc_error *err)
{
	char *label = cc_xstrndup(b->label, b->label_len);
	char *w = cc_xasprintf("%s: line %zu", where, b->line);
	int r = 0;
	if (!b->stop) {
		char *printable = cc_escape(label, strlen(label));
		r = cc_error_set(err, CC_USAGE, w, "-----BEGIN %s----- has no END line (truncated?)",
				 printable);
		free(printable);
	} else if (b->err) {
		*err = *b->err;
		r = -1;
	} else if (b->cert) {
		cc_entry_add_cert(entry, b->cert);
		b->cert = NULL;
	} else if (is_cert_label(label)) {
		r = read_cert_block(label, b->begin, (size_t)(b->stop - b->begin), w, entry, err);
	} else if (is_pkcs7_label(label)) {
		gnutls_datum_t pem = { (unsigned char *)b->begin, (unsigned)(b->stop - b->begin) };
		r = read_pkcs7(&pem, GNUTLS_X509_FMT_PEM, w, entry, err);
	} else {
		/* Keys, CSRs, CRLs: name the type, never the content. */
		char *printable = cc_escape(label, strlen(label));
		cc_strv_pushf(&entry->notes, "%s: skipped a %s block (not a certificate)", w, printable);
		free(printable);
	}
	free(w);
	free(label);
	return r;
}

static int read_pem(const char *data, size_t len, const char *where, struct cc_entry *entry,
		    struct cc_error *err)
{
	const char *end = data + len, *p = data, *counted = data;
	size_t line = 1;
	/* Not zeroed: next_block fills each block it finds, and a calloc of
	 * the whole chunk would touch 7 pages to read one certificate. */
	struct pem_chunk c = { .v = cc_xreallocarray(NULL, PEM_CHUNK, sizeof(*c.v)), .where = where };
	bool bad = false, more = true;
	int ret = 0;
	while (more && ret == 0) {
		for (c.n = 0; c.n < PEM_CHUNK; c.n++)
			if (!(more = next_block(data, end, &p, &counted, &line, &c.v[c.n], &bad)))
				break;
		decode_chunk(&c);
		for (size_t i = 0; i < c.n; i++) {
			if (ret == 0)
				ret = take_block(&c.v[i], where, entry, err);
			cc_cert_free(c.v[i].cert);
			free(c.v[i].err);
		}
	}
	if (ret == 0 && bad)
		ret = cc_error_set(err, CC_USAGE, where, "line %zu: malformed BEGIN line", line);
	free(c.v);
	return ret;
}

int cc_read_certs(const char *data, size_t len, const char *where, struct cc_entry *entry,
		  struct cc_error *err)
{
	size_t before = entry->n_certs;
	gnutls_datum_t raw = { NULL, 0 };
	int r;
	switch (cc_detect_cert_format(data, len)) {
	case CC_FMT_PEM:
		r = read_pem(data, len, where, entry, err);
		break;
	case CC_FMT_DER:
		r = read_der(data, len, where, entry, err);
		break;
	case CC_FMT_PKCS7: {
		size_t first = cc_der_element_len(data, len);
		gnutls_datum_t d = { (unsigned char *)data, (unsigned)(first && first < len ? first : len) };
		r = read_pkcs7(&d, GNUTLS_X509_FMT_DER, where, entry, err);
		break;
	}
	case CC_FMT_BASE64: {
		/* Decoded once more only when it is not base64 again. */
		r = base64_of_certs(data, len, &raw) ? 0 : -1;
		enum cc_cert_format inner =
			r == 0 ? cc_detect_cert_format((const char *)raw.data, raw.size) : CC_FMT_NONE;
		if (inner == CC_FMT_PKCS12)
			r = cc_error_set(err, CC_USAGE, where,
					 "base64 of a PKCS#12 keystore: decode it to a file "
					 "(base64 -d > FILE.p12) and read that file");
		else if (r == 0)
			r = cc_read_certs((const char *)raw.data, raw.size, where, entry, err) < 0 ? -1 : 0;
		break;
	}
	case CC_FMT_PKCS12:
		return cc_error_set(err, CC_USAGE, where,
				    "a PKCS#12 keystore inside another container: extract it to a "
				    "file and read that file");
	case CC_FMT_JKS: {
		/* store.jks -> store.p12 */
		size_t base = strlen(where);
		static const char *const exts[] = { ".jks", ".jceks", ".keystore", ".ks" };
		for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
			if (base > strlen(exts[i]) &&
			    strcmp(where + base - strlen(exts[i]), exts[i]) == 0) {
				base -= strlen(exts[i]);
				break;
			}
		return cc_error_set(err, CC_USAGE, where,
				    "a Java keystore (JKS/JCEKS), which certcheck does not read; "
				    "convert it to PKCS#12 with: keytool -importkeystore -srckeystore "
				    "%s -destkeystore %.*s.p12 -deststoretype pkcs12",
				    where, (int)base, where);
	}
	case CC_FMT_NONE:
	default:
		if (len == 0)
			return cc_error_set(err, CC_USAGE, where, "empty input: no certificate");
		return cc_error_set(err, CC_USAGE, where,
				    "no certificate found: not PEM, DER, PKCS#7 or PKCS#12, nor a dump "
				    "certcheck reads");
	}
	gnutls_free(raw.data);
	if (r < 0)
		return -1;
	return (int)(entry->n_certs - before);
}

int cc_base64_decode(const char *text, size_t len, gnutls_datum_t *out)
{
	/* GnuTLS decodes the standard, padded alphabet; bring the variants
	 * protojson accepts to that form first (in one pass: a dump holds
	 * tens of MB of base64). */
	char *b = cc_xmalloc(len + 4);
	size_t n = 0;
	int ret = -1;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		b[n++] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	while (n % 4)
		b[n++] = '=';
	out->data = NULL;
	out->size = 0;
	if (n == 0) {
		ret = 0;
		goto out;
	}
	if (n > UINT_MAX)
		goto out;
	gnutls_datum_t in = { (unsigned char *)b, (unsigned)n };
	if (gnutls_base64_decode2(&in, out) >= 0)
		ret = 0;
out:
	free(b);
	return ret;
}

int cc_read_embedded(const char *text, size_t len, bool base64, const char *where,
		     const char *path, struct cc_entry *entry, struct cc_error *err)
{
	gnutls_datum_t raw = { NULL, 0 };
	const char *data = text;
	size_t data_len = len;
	char *w = cc_xasprintf("%s: %s", where, path);
	int ret = -1;
	if (base64) {
		if (cc_base64_decode(text, len, &raw) < 0) {
			cc_error_set(err, CC_USAGE, w, "not base64");
			goto out;
		}
		data = (const char *)raw.data;
		data_len = raw.size;
	}
	if (data_len == 0 || cc_detect_cert_format(data, data_len) == CC_FMT_NONE) {
		cc_error_set(err, CC_USAGE, w, "%s holds no certificate (%s)",
			     base64 ? "the base64 decodes to data that" : "the text",
			     data_len ? "not PEM, DER or PKCS#7" : "empty");
		goto out;
	}
	ret = cc_read_certs(data, data_len, w, entry, err);
out:
	gnutls_free(raw.data);
	free(w);
	return ret;
}
