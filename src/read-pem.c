/* read-pem.c: PEM (with any text around the blocks), DER and PKCS#7.
 *
 * Only the armour is located here, to know where each block starts (its
 * line, for messages) and what it holds; GnuTLS decodes the base64, the
 * certificates and the PKCS#7 structures.
 */
#include "read.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>

#define BEGIN_MARK "-----BEGIN "
#define DASHES "-----"

enum cc_cert_format cc_detect_cert_format(const char *data, size_t len)
{
	if (memmem(data, len, BEGIN_MARK, strlen(BEGIN_MARK)))
		return CC_FMT_PEM;
	/* DER: a SEQUENCE with a long-form length, as every certificate and
	 * PKCS#7 ContentInfo has, or a short one that spans the whole input
	 * (an empty PKCS#7 is 37 bytes). */
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 4 && u[0] == 0x30 && ((u[1] & 0x80) || (size_t)u[1] + 2 == len)) {
		gnutls_x509_crt_t crt;
		gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
		if (gnutls_x509_crt_init(&crt) >= 0) {
			int r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
			gnutls_x509_crt_deinit(crt);
			if (r >= 0)
				return CC_FMT_DER;
		}
		gnutls_pkcs7_t p7;
		if (gnutls_pkcs7_init(&p7) >= 0) {
			int r = gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_DER);
			gnutls_pkcs7_deinit(p7);
			if (r >= 0)
				return CC_FMT_PKCS7;
		}
		/* Looks like DER but is neither: let the DER reader say why. */
		return CC_FMT_DER;
	}
	return CC_FMT_NONE;
}

static int add_der_cert(const unsigned char *der, size_t len, const char *where,
			struct cc_entry *entry, struct cc_error *err)
{
	struct cc_cert *cert;
	if (cc_entry_check_room(entry, 1, where, err) < 0 ||
	    cc_cert_from_der(der, len, where, &cert, err) < 0)
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
	if (cc_entry_check_room(entry, (size_t)count, where, err) < 0)
		goto out;
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

/* Decode one certificate block [BLOCK, BLOCK+LEN) labelled LABEL. */
static int read_cert_block(const char *label, const char *block, size_t len, const char *where,
			   struct cc_entry *entry, struct cc_error *err)
{
	gnutls_datum_t pem = { (unsigned char *)block, (unsigned)len }, der = { NULL, 0 };
	int r = gnutls_pem_base64_decode2(label, &pem, &der);
	if (r < 0)
		return cc_error_set(err, CC_USAGE, where, "base64 data is truncated or invalid (%s)",
				    gnutls_strerror(r));
	r = add_der_cert(der.data, der.size, where, entry, err);
	gnutls_free(der.data);
	return r;
}

static int read_pem(const char *data, size_t len, const char *where, struct cc_entry *entry,
		    struct cc_error *err)
{
	const char *end = data + len, *p = data, *counted = data;
	size_t line = 1;

	while (p < end) {
		const char *begin = memmem(p, (size_t)(end - p), BEGIN_MARK, strlen(BEGIN_MARK));
		if (!begin)
			break;
		line += count_lines(counted, begin);
		counted = begin;

		/* The label runs to the closing dashes on the same line. */
		const char *lab = begin + strlen(BEGIN_MARK), *lab_end = lab;
		while (lab_end < end && *lab_end != '\n' && *lab_end != '\r' &&
		       !(end - lab_end >= 5 && memcmp(lab_end, DASHES, 5) == 0))
			lab_end++;
		if (end - lab_end < 5 || memcmp(lab_end, DASHES, 5) != 0 || lab_end - lab > 64)
			return cc_error_set(err, CC_USAGE, where, "line %zu: malformed BEGIN line", line);
		char *label = cc_xstrndup(lab, (size_t)(lab_end - lab));
		char *end_mark = cc_xasprintf("-----END %s-----", label);
		const char *after = lab_end + 5;
		const char *stop = memmem(after, (size_t)(end - after), end_mark, strlen(end_mark));
		char *w = cc_xasprintf("%s: line %zu", where, line);
		int r = 0;
		if (!stop) {
			char *printable = cc_escape(label, strlen(label));
			r = cc_error_set(err, CC_USAGE, w, "-----BEGIN %s----- has no END line (truncated?)",
					 printable);
			free(printable);
		} else {
			stop += strlen(end_mark);
			if (is_cert_label(label)) {
				r = read_cert_block(label, begin, (size_t)(stop - begin), w, entry, err);
			} else if (is_pkcs7_label(label)) {
				gnutls_datum_t pem = { (unsigned char *)begin, (unsigned)(stop - begin) };
				r = read_pkcs7(&pem, GNUTLS_X509_FMT_PEM, w, entry, err);
			} else {
				/* Keys, CSRs, CRLs: name the type, never the content. */
				char *printable = cc_escape(label, strlen(label));
				cc_strv_pushf(&entry->notes, "%s: skipped a %s block (not a certificate)",
					      w, printable);
				free(printable);
			}
			p = stop;
		}
		free(w);
		free(end_mark);
		free(label);
		if (r < 0)
			return -1;
	}
	return 0;
}

int cc_read_certs(const char *data, size_t len, const char *where, struct cc_entry *entry,
		  struct cc_error *err)
{
	size_t before = entry->n_certs;
	int r;
	switch (cc_detect_cert_format(data, len)) {
	case CC_FMT_PEM:
		r = read_pem(data, len, where, entry, err);
		break;
	case CC_FMT_DER:
		r = add_der_cert((const unsigned char *)data, len, where, entry, err);
		break;
	case CC_FMT_PKCS7: {
		gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
		r = read_pkcs7(&d, GNUTLS_X509_FMT_DER, where, entry, err);
		break;
	}
	case CC_FMT_NONE:
	default:
		if (len == 0)
			return cc_error_set(err, CC_USAGE, where, "empty input: no certificate");
		return cc_error_set(err, CC_USAGE, where,
				    "no certificate found: not PEM, DER or PKCS#7, nor a dump certcheck reads");
	}
	if (r < 0)
		return -1;
	return (int)(entry->n_certs - before);
}

int cc_base64_decode(const char *text, size_t len, gnutls_datum_t *out)
{
	/* GnuTLS decodes the standard, padded alphabet; bring the variants
	 * protojson accepts to that form first. */
	struct cc_buf b = CC_BUF_INIT;
	int ret = -1;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		cc_buf_add(&b, &c, 1);
	}
	while (b.len % 4)
		cc_buf_adds(&b, "=");
	out->data = NULL;
	out->size = 0;
	if (b.len == 0) {
		ret = 0;
		goto out;
	}
	if (b.len > UINT_MAX)
		goto out;
	gnutls_datum_t in = { (unsigned char *)b.data, (unsigned)b.len };
	if (gnutls_base64_decode2(&in, out) >= 0)
		ret = 0;
out:
	cc_buf_release(&b);
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
