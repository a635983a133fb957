/* nc.c: does a name fall inside a name-constraint subtree? */
#include "nc.h"

#include <string.h>
#include <strings.h>

#include <gnutls/x509.h>

/* N ends with SUFFIX (ASCII case ignored). */
static bool ends_with(const char *n, size_t nlen, const char *suffix, size_t slen)
{
	return nlen >= slen && strncasecmp(n + nlen - slen, suffix, slen) == 0;
}

/* Host name N inside C, as DNS and URI subtrees compare hosts. */
static bool host_match(const char *c, size_t clen, const char *n, size_t nlen)
{
	if (clen == 0)
		return true;
	if (c[0] == '.')
		return nlen > clen && ends_with(n, nlen, c, clen);
	if (nlen == clen)
		return strncasecmp(n, c, clen) == 0;
	return nlen > clen && ends_with(n, nlen, c, clen) && n[nlen - clen - 1] == '.';
}

bool cc_nc_dns_match(const char *c, const char *n)
{
	return host_match(c, strlen(c), n, strlen(n));
}

bool cc_nc_wildcard_covers(const char *c, const char *wildcard)
{
	if (strncmp(wildcard, "*.", 2) != 0 || c[0] == '.' || !c[0])
		return false;
	const char *rest = wildcard + 1; /* ".R" */
	size_t clen = strlen(c), rlen = strlen(rest);
	if (!ends_with(c, clen, rest, rlen) || clen == rlen)
		return false;
	/* exactly one label before ".R" */
	return memchr(c, '.', clen - rlen) == NULL;
}

bool cc_nc_email_valid(const char *n)
{
	const char *at = strchr(n, '@');
	return at && at == strrchr(n, '@') && at != n && at[1] && at[1] != '.';
}

bool cc_nc_email_match(const char *c, const char *n)
{
	const char *at = strrchr(n, '@');
	if (!at)
		return false;
	const char *cat = strrchr(c, '@');
	if (cat) {
		/* a mailbox: the local part exactly, the domain without case */
		size_t cl = (size_t)(cat - c), nl = (size_t)(at - n);
		return cl == nl && memcmp(c, n, cl) == 0 && strcasecmp(cat + 1, at + 1) == 0;
	}
	const char *dom = at + 1;
	size_t clen = strlen(c), dlen = strlen(dom);
	if (c[0] == '.')
		return dlen > clen && ends_with(dom, dlen, c, clen);
	return strcasecmp(c, dom) == 0;
}

bool cc_nc_uri_match(const char *c, const char *n)
{
	const char *p = strstr(n, "://");
	if (!p)
		return false;
	p += 3;
	size_t len = strcspn(p, "/?#");
	const char *at = memchr(p, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (len && p[0] == '[')
		return false; /* an IP literal: URI subtrees name hosts */
	const char *colon = memchr(p, ':', len);
	if (colon)
		len = (size_t)(colon - p);
	if (len == 0)
		return false;
	return host_match(c, strlen(c), p, len);
}

bool cc_nc_ip_constraint_valid(const unsigned char *c, size_t clen)
{
	if (clen != 8 && clen != 32)
		return false;
	const unsigned char *mask = c + clen / 2;
	bool zero_seen = false;
	for (size_t i = 0; i < clen / 2; i++)
		for (int b = 7; b >= 0; b--) {
			bool one = mask[i] >> b & 1;
			if (one && zero_seen)
				return false;
			if (!one)
				zero_seen = true;
		}
	return true;
}

bool cc_nc_ip_match(const unsigned char *c, size_t clen, const unsigned char *n, size_t nlen)
{
	if (clen != 2 * nlen)
		return false;
	for (size_t i = 0; i < nlen; i++) {
		unsigned char m = c[nlen + i];
		if ((n[i] & m) != (c[i] & m))
			return false;
	}
	return true;
}

/* One attribute of a directory name. */
static bool ava_equal(const gnutls_x509_ava_st *a, const gnutls_x509_ava_st *b)
{
	if (a->oid.size != b->oid.size || memcmp(a->oid.data, b->oid.data, a->oid.size) != 0)
		return false;
	/* RFC 5280 7.1: strings compare without case and with runs of spaces
	 * folded; the string type (PrintableString, UTF8String) does not count */
	const unsigned char *x = a->value.data, *y = b->value.data;
	size_t i = 0, k = 0, nx = a->value.size, ny = b->value.size;
	while (i < nx && x[i] == ' ')
		i++;
	while (k < ny && y[k] == ' ')
		k++;
	while (nx > i && x[nx - 1] == ' ')
		nx--;
	while (ny > k && y[ny - 1] == ' ')
		ny--;
	while (i < nx && k < ny) {
		if (x[i] == ' ' && y[k] == ' ') {
			while (i < nx && x[i] == ' ')
				i++;
			while (k < ny && y[k] == ' ')
				k++;
			continue;
		}
		unsigned char cx = x[i], cy = y[k];
		if (cx >= 'A' && cx <= 'Z')
			cx = (unsigned char)(cx - 'A' + 'a');
		if (cy >= 'A' && cy <= 'Z')
			cy = (unsigned char)(cy - 'A' + 'a');
		if (cx != cy)
			return false;
		i++;
		k++;
	}
	return i == nx && k == ny;
}

bool cc_nc_dn_match(const unsigned char *c, size_t clen, const unsigned char *n, size_t nlen)
{
	gnutls_x509_dn_t cdn = NULL, ndn = NULL;
	bool match = false;
	gnutls_datum_t cd = { (unsigned char *)c, (unsigned)clen }, nd = { (unsigned char *)n, (unsigned)nlen };
	if (gnutls_x509_dn_init(&cdn) < 0 || gnutls_x509_dn_init(&ndn) < 0 ||
	    gnutls_x509_dn_import(cdn, &cd) < 0 || gnutls_x509_dn_import(ndn, &nd) < 0)
		goto out;
	/* every RDN of C, in order, is the RDN at the same place in N */
	match = true;
	for (int r = 0; match; r++) {
		gnutls_x509_ava_st ca, na;
		if (gnutls_x509_dn_get_rdn_ava(cdn, r, 0, &ca) < 0)
			break;
		for (int a = 0; match; a++) {
			if (gnutls_x509_dn_get_rdn_ava(cdn, r, a, &ca) < 0) {
				if (gnutls_x509_dn_get_rdn_ava(ndn, r, a, &na) >= 0)
					match = false; /* N's RDN has more attributes */
				break;
			}
			if (gnutls_x509_dn_get_rdn_ava(ndn, r, a, &na) < 0 || !ava_equal(&ca, &na))
				match = false;
		}
	}
out:
	if (cdn)
		gnutls_x509_dn_deinit(cdn);
	if (ndn)
		gnutls_x509_dn_deinit(ndn);
	return match;
}

bool cc_nc_dns_valid(const char *n)
{
	if (strncmp(n, "*.", 2) == 0)
		n += 2;
	if (!*n || *n == '.')
		return false;
	for (const char *p = n; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '.') {
			if (p[1] == '.')
				return false;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

bool cc_nc_dn_str_match(const char *c, const unsigned char *n, size_t nlen)
{
	gnutls_x509_dn_t dn = NULL;
	gnutls_datum_t der = { NULL, 0 };
	bool match = false;
	if (!*c)
		return true; /* an empty directory name holds every name */
	if (gnutls_x509_dn_init(&dn) >= 0 && gnutls_x509_dn_set_str(dn, c, NULL) >= 0 &&
	    gnutls_x509_dn_export2(dn, GNUTLS_X509_FMT_DER, &der) >= 0)
		match = cc_nc_dn_match(der.data, der.size, n, nlen);
	gnutls_free(der.data);
	if (dn)
		gnutls_x509_dn_deinit(dn);
	return match;
}
