/* read-any.c: certificates anywhere in a JSON or YAML document of a shape
 * certcheck has no reader for (a Vault pki/issue response, a webhook
 * configuration's caBundle, an APIService, a CRD, Helm values, ...).
 *
 * The fallback behind the specific readers: a string holding PEM is read
 * wherever it is; a string under a key whose name says it carries
 * base64 (caBundle, *-data, *.crt, *.pem) is decoded and read when it
 * holds a certificate.  Keys whose name says key are never looked into.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "value.h"

struct any_ctx {
	const char *where;
	const struct cc_value_docs *docs;
	const char *prefix;   /* of entry names, or "" */
	struct cc_source *src;
	struct cc_error *err;
	int entries;          /* added so far */
	char buf[512];
};

static const char *at(struct any_ctx *c, const json_t *v)
{
	return cc_value_where(c->docs, v, c->where, c->buf, sizeof(c->buf));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool cc_any_key_is_private(const char *name)
{
	for (const char *p = name; *p; p++)
		if (strncasecmp(p, "key", 3) == 0)
			return true;
	return strncasecmp(name, "private", 7) == 0;
}

/* Keys whose values are base64 of a certificate by convention. */
static bool base64_name(const char *name)
{
	return strcasecmp(name, "caBundle") == 0 || ends_with(name, "-data") ||
	       ends_with(name, ".crt") || ends_with(name, ".pem");
}

/* Names that say the certificates are trusted roots, not a chain. */
static enum cc_role role_of(const char *name)
{
	static const char *const trust[] = {
		"caBundle", "ca.crt", "ca.pem", "cacert", "ca", "root-cert.pem", "issuing_ca",
		"ca_chain", "trusted_ca", "root_ca", "rootCA", "certificate-authority-data",
		"ca-bundle.crt", "ca-bundle.pem", "ca_bundle",
	};
	for (size_t i = 0; name && i < sizeof(trust) / sizeof(trust[0]); i++)
		if (strcasecmp(name, trust[i]) == 0)
			return CC_ROLE_TRUST;
	return CC_ROLE_CHAIN;
}

/* Read the string V at PATH (under key NAME) into E: 1 when it held
 * certificates, 0 when it holds none (skipped), -1 on error. */
static int read_string(struct any_ctx *c, const json_t *v, const char *path, const char *name,
		       struct cc_entry *e)
{
	const char *text = json_string_value(v);
	size_t len = json_string_length(v), before = e->n_certs;
	if (memmem(text, len, "-----BEGIN ", 11)) {
		if (cc_read_embedded(text, len, false, at(c, v), path, e, c->err) < 0)
			return -1;
		return e->n_certs > before;
	}
	if (!name || !base64_name(name))
		return 0;
	gnutls_datum_t raw = { NULL, 0 };
	enum cc_cert_format f = CC_FMT_NONE;
	if (len && cc_base64_decode(text, len, &raw) == 0 && raw.size)
		f = cc_detect_cert_format((const char *)raw.data, raw.size);
	int r = 0;
	if (f == CC_FMT_PEM || f == CC_FMT_DER || f == CC_FMT_PKCS7) {
		char *w = cc_xasprintf("%s: %s", at(c, v), path);
		r = cc_read_certs((const char *)raw.data, raw.size, w, e, c->err) < 0 ? -1 : 1;
		free(w);
	} else {
		cc_strv_pushf(&c->src->notes, "%s: %s %s; skipped", at(c, v), path,
			      len ? "is not base64 of a certificate" : "is empty");
	}
	gnutls_free(raw.data);
	return r;
}

/* Make E (read into a local entry) an entry of the source named PATH,
 * when it holds certificates; its notes go to the source either way. */
static void keep_entry(struct any_ctx *c, struct cc_entry *e, const char *path, const char *name)
{
	if (e->n_certs) {
		char *full = cc_xasprintf("%s%s", c->prefix, path);
		struct cc_entry *kept = cc_source_add_entry(c->src, full, role_of(name));
		free(full);
		kept->certs = e->certs;
		kept->n_certs = e->n_certs;
		kept->alloc_certs = e->alloc_certs;
		kept->notes = e->notes;
		c->entries++;
		return;
	}
	for (size_t i = 0; i < e->notes.n; i++)
		cc_strv_push(&c->src->notes, cc_xstrdup(e->notes.v[i]));
	cc_strv_release(&e->notes);
	free(e->certs);
}

static void release_entry(struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++)
		cc_cert_free(e->certs[i]);
	free(e->certs);
	cc_strv_release(&e->notes);
}

static bool all_strings(const json_t *arr)
{
	size_t i;
	const json_t *v;
	json_array_foreach(arr, i, v)
		if (!json_is_string(v))
			return false;
	return json_array_size(arr) > 0;
}

/* V at PATH, the value (or inside the value) of key NAME (NULL at the top). */
static int scan(struct any_ctx *c, const json_t *v, const char *path, const char *name)
{
	if (json_is_object(v)) {
		const char *key;
		const json_t *child;
		json_object_foreach((json_t *)v, key, child) {
			if (cc_any_key_is_private(key))
				continue;   /* never decoded, never named beyond its key */
			char *kp = cc_value_path_key(path, key);
			int r = scan(c, child, kp, key);
			free(kp);
			if (r < 0)
				return -1;
		}
		return 0;
	}
	if (json_is_array(v) && all_strings(v)) {
		/* A list of PEM strings (Vault's ca_chain) is one entry. */
		struct cc_entry e = { 0 };
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item) {
			char *ip = cc_value_path_index(path, i);
			int r = read_string(c, item, ip, name, &e);
			free(ip);
			if (r < 0) {
				release_entry(&e);
				return -1;
			}
		}
		keep_entry(c, &e, *path ? path : "(top)", name);
		return 0;
	}
	if (json_is_array(v)) {
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item) {
			char *ip = cc_value_path_index(path, i);
			int r = scan(c, item, ip, name);
			free(ip);
			if (r < 0)
				return -1;
		}
		return 0;
	}
	if (json_is_string(v)) {
		struct cc_entry e = { 0 };
		if (read_string(c, v, *path ? path : "(top)", name, &e) < 0) {
			release_entry(&e);
			return -1;
		}
		keep_entry(c, &e, *path ? path : "(top)", name);
	}
	return 0;
}

int cc_read_any(const json_t *doc, const struct cc_value_docs *docs, const char *where,
		const char *prefix, struct cc_source *src, struct cc_error *err)
{
	struct any_ctx c = { where, docs, prefix ? prefix : "", src, err, 0, "" };
	if (src->format == CC_SOURCE_UNKNOWN)
		src->format = CC_SOURCE_JSON_YAML;
	return scan(&c, doc, "", NULL) < 0 ? -1 : c.entries;
}

char *cc_k8s_describe(const json_t *doc)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	const json_t *meta = json_object_get(doc, "metadata");
	const char *ns = json_string_value(json_object_get(meta, "namespace"));
	const char *name = json_string_value(json_object_get(meta, "name"));
	char *k = kind ? cc_escape(kind, strlen(kind)) : NULL;
	char *id = name ? cc_xasprintf("%s%s%s", ns ? ns : "", ns ? "/" : "", name) : NULL;
	char *eid = id ? cc_escape(id, strlen(id)) : NULL;
	char *out;
	if (k)
		out = cc_xasprintf("a %s%s%s%s", k, eid ? " (" : "", eid ? eid : "", eid ? ")" : "");
	else
		out = cc_xasprintf("%s", json_is_object(doc) ? "an object without \"kind\""
							 : cc_value_type_name(doc));
	free(k);
	free(id);
	free(eid);
	return out;
}

char *cc_k8s_prefix(const json_t *doc)
{
	const json_t *meta = json_object_get(doc, "metadata");
	const char *ns = json_string_value(json_object_get(meta, "namespace"));
	const char *name = json_string_value(json_object_get(meta, "name"));
	if (!name)
		return NULL;
	return cc_xasprintf("%s%s%s/", ns ? ns : "", ns ? "/" : "", name);
}
