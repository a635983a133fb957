/* read-pkcs12.c: PKCS#12 (.p12, .pfx) through GnuTLS's PKCS#12 API.
 *
 * Only certificate bags are decoded.  Key bags are looked at for their
 * localKeyID attribute alone, which says which certificate is the leaf;
 * their content is never decrypted or copied.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>

struct p12_cert {
	gnutls_datum_t der;      /* copied out of the bag */
	gnutls_datum_t key_id;   /* localKeyID, or empty */
	char *name;              /* friendlyName, or NULL */
};

struct p12_ctx {
	const char *where;
	struct p12_cert *certs;
	size_t n, alloc;
	gnutls_datum_t *key_ids;  /* of the key bags */
	size_t n_keys, alloc_keys;
	size_t skipped;           /* CRL, secret and unknown bags */
	struct cc_error *err;
};

static void ctx_release(struct p12_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		gnutls_free(c->certs[i].der.data);
		gnutls_free(c->certs[i].key_id.data);
		free(c->certs[i].name);
	}
	free(c->certs);
	for (size_t i = 0; i < c->n_keys; i++)
		gnutls_free(c->key_ids[i].data);
	free(c->key_ids);
}

static void copy_datum(gnutls_datum_t *to, const gnutls_datum_t *from)
{
	to->data = NULL;
	to->size = 0;
	if (from->size) {
		to->data = gnutls_malloc(from->size);
		if (!to->data)
			abort();
		memcpy(to->data, from->data, from->size);
		to->size = from->size;
	}
}

/* The password that opens the MAC: PASSWORD when given, then the empty
 * one and none (tools differ in what "no password" means; one
 * --password-file serves every SOURCE of a command, some of which may
 * have no password).  Returns 0 and sets *USED, or -1. */
static int open_mac(gnutls_pkcs12_t p12, const char *password, const char *where,
		    const char **used, bool *no_mac, struct cc_error *err)
{
	const char *tries[3] = { password, "", NULL };
	size_t first = password ? 0 : 1;
	int r = 0;
	for (size_t i = first; i < 3; i++) {
		r = gnutls_pkcs12_verify_mac(p12, tries[i]);
		if (r >= 0) {
			*used = tries[i];
			return 0;
		}
		if (r != GNUTLS_E_MAC_VERIFY_FAILED)
			break;
	}
	if (r == GNUTLS_E_MAC_VERIFY_FAILED && password)
		return cc_error_set(err, CC_USAGE, where,
				    "PKCS#12: wrong password (the MAC does not verify with the one "
				    "from --password-file)");
	if (r == GNUTLS_E_MAC_VERIFY_FAILED)
		return cc_error_set(err, CC_USAGE, where,
				    "PKCS#12 file protected by a password (neither the empty password "
				    "nor none opens it): give it with --password-file FILE");
	/* No MAC at all (openssl pkcs12 -nomac): nothing to verify. */
	*used = password ? password : "";
	*no_mac = true;
	return 0;
}

static int add_bag(struct p12_ctx *c, gnutls_pkcs12_bag_t bag, size_t bag_no)
{
	int count = gnutls_pkcs12_bag_get_count(bag);
	for (int i = 0; i < count; i++) {
		gnutls_datum_t id = { NULL, 0 }, data;
		switch (gnutls_pkcs12_bag_get_type(bag, (unsigned)i)) {
		case GNUTLS_BAG_CERTIFICATE: {
			if (gnutls_pkcs12_bag_get_data(bag, (unsigned)i, &data) < 0)
				return cc_error_set(c->err, CC_USAGE, c->where,
						    "PKCS#12 bag %zu: unreadable certificate", bag_no);
			CC_ARRAY_GROW(c->certs, c->n, c->alloc);
			struct p12_cert *pc = &c->certs[c->n++];
			memset(pc, 0, sizeof(*pc));
			copy_datum(&pc->der, &data);
			if (gnutls_pkcs12_bag_get_key_id(bag, (unsigned)i, &id) >= 0)
				copy_datum(&pc->key_id, &id);
			char *fname = NULL;
			if (gnutls_pkcs12_bag_get_friendly_name(bag, (unsigned)i, &fname) >= 0 && fname)
				pc->name = cc_escape(fname, strlen(fname));
			break;
		}
		case GNUTLS_BAG_PKCS8_KEY:
		case GNUTLS_BAG_PKCS8_ENCRYPTED_KEY:
			/* Only the attribute pairing it with its certificate. */
			CC_ARRAY_GROW(c->key_ids, c->n_keys, c->alloc_keys);
			c->key_ids[c->n_keys].data = NULL;
			c->key_ids[c->n_keys].size = 0;
			if (gnutls_pkcs12_bag_get_key_id(bag, (unsigned)i, &id) >= 0)
				copy_datum(&c->key_ids[c->n_keys], &id);
			c->n_keys++;
			break;
		default:
			c->skipped++;
			break;
		}
	}
	return 0;
}

/* Read every bag, decrypting the encrypted ones with PASS. */
static int read_bags(struct p12_ctx *c, gnutls_pkcs12_t p12, const char *pass)
{
	for (size_t idx = 0;; idx++) {
		gnutls_pkcs12_bag_t bag;
		if (gnutls_pkcs12_bag_init(&bag) < 0)
			return cc_error_set(c->err, CC_USAGE, c->where, "PKCS#12: out of memory");
		int r = gnutls_pkcs12_get_bag(p12, (int)idx, bag);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			gnutls_pkcs12_bag_deinit(bag);
			return 0;
		}
		if (r >= 0 && gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED &&
		    (r = gnutls_pkcs12_bag_decrypt(bag, pass)) < 0) {
			gnutls_pkcs12_bag_deinit(bag);
			return cc_error_set(c->err, CC_USAGE, c->where,
					    "PKCS#12 bag %zu: cannot decrypt it with the password (%s)",
					    idx + 1, gnutls_strerror(r));
		}
		if (r < 0) {
			gnutls_pkcs12_bag_deinit(bag);
			return cc_error_set(c->err, CC_USAGE, c->where, "PKCS#12 bag %zu: %s", idx + 1,
					    gnutls_strerror(r));
		}
		r = add_bag(c, bag, idx + 1);
		gnutls_pkcs12_bag_deinit(bag);
		if (r < 0)
			return -1;
		if (c->n_keys > CC_MAX_PKCS12_KEYS)
			return cc_error_set(c->err, CC_USAGE, c->where,
					    "more than %d private keys in one PKCS#12 file (the limit)",
					    CC_MAX_PKCS12_KEYS);
	}
}

/* Pair each key bag with its certificate by localKeyID: PAIR[k] is the
 * certificate of key K (C->n: none), LEAF[i] whether certificate I has a
 * key. */
static void pair_keys(const struct p12_ctx *c, size_t *pair, bool *leaf)
{
	for (size_t k = 0; k < c->n_keys; k++) {
		pair[k] = c->n;
		for (size_t i = 0; i < c->n && pair[k] == c->n; i++)
			if (c->key_ids[k].size && c->key_ids[k].size == c->certs[i].key_id.size &&
			    memcmp(c->key_ids[k].data, c->certs[i].key_id.data, c->key_ids[k].size) == 0) {
				pair[k] = i;
				leaf[i] = true;
			}
	}
}

static int add_cert(struct cc_entry *e, const struct p12_cert *pc, size_t no, const char *where,
		    struct cc_error *err)
{
	struct cc_cert *cert;
	char *w = cc_xasprintf("%s: PKCS#12 certificate %zu", where, no + 1);
	int r = cc_cert_from_der(pc->der.data, pc->der.size, w, &cert, err);
	free(w);
	if (r == 0)
		cc_entry_add_cert(e, cert);
	return r;
}

int cc_read_pkcs12(const char *data, size_t len, const char *password, const char *where,
		   struct cc_source *src, struct cc_error *err)
{
	gnutls_pkcs12_t p12 = NULL;
	struct p12_ctx c = { .where = where, .err = err };
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	const char *pass = NULL;
	bool no_mac = false, *leaf_of = NULL;
	size_t *pair = NULL;
	int ret = -1, r;
	src->format = CC_SOURCE_PKCS12;
	if ((r = gnutls_pkcs12_init(&p12)) < 0 ||
	    (r = gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0)) < 0) {
		cc_error_set(err, CC_USAGE, where, "not a valid PKCS#12 file (%s)", gnutls_strerror(r));
		goto out;
	}
	if (open_mac(p12, password, where, &pass, &no_mac, err) < 0 || read_bags(&c, p12, pass) < 0)
		goto out;
	if (c.n == 0) {
		cc_error_set(err, CC_USAGE, where, "the PKCS#12 file holds no certificate%s",
			     c.n_keys ? " (only a private key)" : "");
		goto out;
	}
	/* With keys: per key, a chain entry of the certificate paired with it
	 * and then every certificate paired with none (a keystore with
	 * several aliases gives several chains); the first certificate is the
	 * leaf when no pairing attribute is there.  Without: a trust store,
	 * as `keytool` or `openssl pkcs12 -nokeys` make them. */
	struct cc_entry *e = NULL;
	size_t chains = 0, added = 0;
	pair = cc_xcalloc(c.n_keys + 1, sizeof(*pair));
	leaf_of = cc_xcalloc(c.n, sizeof(*leaf_of));
	pair_keys(&c, pair, leaf_of);
	for (size_t k = 0; k < c.n_keys || (k == 0 && c.n_keys == 0); k++) {
		size_t leaf = c.n_keys ? pair[k] : c.n;
		if (c.n_keys && leaf == c.n) {
			if (k + 1 < c.n_keys || chains)
				continue;   /* an unpaired key: the others have chains */
			leaf = 0;
		}
		char *name = leaf < c.n && c.certs[leaf].name ? cc_xstrdup(c.certs[leaf].name)
			     : c.n_keys > 1 ? cc_xasprintf("%s/%zu", where, chains + 1)
					    : cc_xstrdup(where);
		e = cc_source_add_entry(src, name, c.n_keys ? CC_ROLE_CHAIN : CC_ROLE_TRUST);
		free(name);
		chains++;
		/* The leaf first, then the certificates of no key.  Every
		 * chain repeats those: bound the whole file, not each entry. */
		for (size_t j = 0; j <= c.n; j++) {
			size_t i = j == 0 ? leaf : j - 1;
			if (i >= c.n || (j > 0 && (i == leaf || leaf_of[i])))
				continue;
			if (++added > CC_MAX_PKCS12_CHAIN_CERTS) {
				cc_error_set(err, CC_USAGE, where,
					     "PKCS#12: more than %d certificates across its %zu keys' "
					     "chains (the limit)", CC_MAX_PKCS12_CHAIN_CERTS, c.n_keys);
				goto out;
			}
			if (add_cert(e, &c.certs[i], i, where, err) < 0)
				goto out;
		}
	}
	e = &src->entries[src->n_entries - chains];
	if (c.n_keys)
		cc_strv_pushf(&e->notes, "%s: %zu private key bag%s not read (certcheck never reads keys)",
			      where, c.n_keys, c.n_keys == 1 ? "" : "s");
	if (c.skipped)
		cc_strv_pushf(&e->notes, "%s: skipped %zu PKCS#12 bag%s that hold no certificate (CRL, "
			      "secret)", where, c.skipped, c.skipped == 1 ? "" : "s");
	if (no_mac)
		cc_strv_pushf(&e->notes, "%s: the PKCS#12 file has no MAC: its integrity is not "
			      "protected", where);
	ret = 0;
out:
	free(pair);
	free(leaf_of);
	ctx_release(&c);
	if (p12)
		gnutls_pkcs12_deinit(p12);
	return ret;
}
