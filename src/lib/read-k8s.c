/* read-k8s.c: Kubernetes Secrets, ConfigMaps and Lists of them, as
 * `kubectl get ... -o yaml|json` prints them (FORMATS.md section 3).
 *
 * Each certificate-bearing key becomes an entry NAMESPACE/NAME/KEY.  Istio
 * and cert-manager key names give the role; private keys are never
 * decoded.  Secret .data and ConfigMap .binaryData are base64, Secret
 * .stringData and ConfigMap .data plain text.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>

#include "value.h"

enum key_kind { KEY_OTHER, KEY_CHAIN, KEY_TRUST, KEY_PRIVATE };

static const struct {
	const char *key;
	enum key_kind kind;
} known_keys[] = {
	/* Istio plug-in CA (cacerts), istio-ca-secret, istio-ca-root-cert */
	{ "cert-chain.pem", KEY_CHAIN },
	{ "ca-cert.pem", KEY_CHAIN },
	{ "root-cert.pem", KEY_TRUST },
	{ "ca-key.pem", KEY_PRIVATE },
	{ "key.pem", KEY_PRIVATE },
	/* kubernetes.io/tls, cert-manager, Gloo relay secrets */
	{ "tls.crt", KEY_CHAIN },
	{ "ca.crt", KEY_TRUST },
	{ "tls.key", KEY_PRIVATE },
	{ "key.der", KEY_PRIVATE },
	/* Istio gateway generic credentials */
	{ "cert", KEY_CHAIN },
	{ "cacert", KEY_TRUST },
	{ "key", KEY_PRIVATE },
};

static enum key_kind classify(const char *key)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
		if (strcmp(key, known_keys[i].key) == 0)
			return known_keys[i].kind;
	return KEY_OTHER;
}

struct k8s_ctx {
	const char *where;
	const struct cc_value_docs *docs;
	struct cc_source *src;
	struct cc_error *err;
	char buf[512];
};

/* The file, and V's line when the input was YAML. */
static const char *at(struct k8s_ctx *c, const json_t *v)
{
	return cc_value_where(c->docs, v, c->where, c->buf, sizeof(c->buf));
}

bool cc_k8s_detect(const json_t *doc)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	if (!kind)
		return false;
	if (strcmp(kind, "Config") == 0)
		return json_is_array(json_object_get(doc, "clusters")) ||
		       json_is_array(json_object_get(doc, "users"));
	return strcmp(kind, "Secret") == 0 || strcmp(kind, "ConfigMap") == 0 ||
	       strcmp(kind, "List") == 0 || (strlen(kind) > 4 && strcmp(kind + strlen(kind) - 4, "List") == 0 &&
					     json_object_get(doc, "items"));
}

/* One map of KEY: value at PATH; BASE64 says how values are encoded. */
static int read_map(struct k8s_ctx *c, const json_t *map, const char *path, const char *base,
		    bool base64)
{
	if (!json_is_object(map))
		return cc_error_set(c->err, CC_USAGE, at(c, map), "%s: not an object (%s)", path,
				    cc_value_type_name(map));
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)map, key, v) {
		enum key_kind kind = classify(key);
		if (kind == KEY_PRIVATE)
			continue;   /* never decoded, never named beyond its key */
		char *kp = cc_value_path_key(path, key);
		const char *text;
		int r = 0;
		if (json_is_null(v)) {
			free(kp);
			continue;
		}
		if (cc_value_string(v, at(c, v), kp, &text, c->err) < 0) {
			free(kp);
			return -1;
		}
		size_t len = json_string_length(v);
		char *name = cc_xasprintf("%s/%s", base, key);
		if (len == 0) {
			if (kind != KEY_OTHER)
				cc_strv_pushf(&c->src->notes, "%s: %s is empty", at(c, v), kp);
		} else if (kind == KEY_OTHER) {
			/* Keys certcheck does not know: read them when they hold
			 * certificates (tls-combined.pem, ...), else skip. */
			/* Decoded once: the PEM it holds is read from the bytes. */
			gnutls_datum_t raw = { NULL, 0 };
			const char *data = text;
			size_t data_len = len;
			if (base64) {
				data_len = 0;
				if (cc_base64_decode(text, len, &raw) == 0) {
					data = (const char *)raw.data;
					data_len = raw.size;
				}
			}
			if (data_len && cc_detect_cert_format(data, data_len) == CC_FMT_PEM) {
				struct cc_entry *e = cc_source_add_entry(c->src, name, CC_ROLE_CHAIN);
				r = cc_read_embedded(data, data_len, false, at(c, v), kp, e, c->err) < 0
					    ? -1
					    : 0;
			} else {
				cc_strv_pushf(&c->src->notes, "%s: %s holds no certificate; skipped",
					      at(c, v), kp);
			}
			gnutls_free(raw.data);
		} else {
			struct cc_entry *e = cc_source_add_entry(
				c->src, name, kind == KEY_TRUST ? CC_ROLE_TRUST : CC_ROLE_CHAIN);
			r = cc_read_embedded(text, len, base64, at(c, v), kp, e, c->err) < 0 ? -1 : 0;
		}
		free(name);
		free(kp);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int read_object(struct k8s_ctx *c, const json_t *obj, const char *path);

/* The parts of a kubeconfig (`kubectl config view --raw`): each named
 * cluster's CA and each user's client certificate. */
static const struct {
	const char *list, *item, *entry;  /* "clusters", "cluster", "cluster/" */
	const char *data, *file;          /* base64 PEM, a file path */
	enum cc_role role;
} kubeconfig_parts[] = {
	{ "clusters", "cluster", "cluster/", "certificate-authority-data", "certificate-authority",
	  CC_ROLE_TRUST },
	{ "users", "user", "user/", "client-certificate-data", "client-certificate", CC_ROLE_CHAIN },
};

static int read_kubeconfig(struct k8s_ctx *c, const json_t *obj, const char *path)
{
	c->src->format = CC_SOURCE_KUBECONFIG;
	for (size_t p = 0; p < sizeof(kubeconfig_parts) / sizeof(kubeconfig_parts[0]); p++) {
		const json_t *list = json_object_get(obj, kubeconfig_parts[p].list), *item;
		size_t i;
		if (!list || json_is_null(list))
			continue;
		char *lp = cc_value_path_key(path, kubeconfig_parts[p].list);
		if (!json_is_array(list)) {
			cc_error_set(c->err, CC_USAGE, at(c, list), "%s: not a list (%s)", lp,
				     cc_value_type_name(list));
			free(lp);
			return -1;
		}
		json_array_foreach(list, i, item) {
			char *ip = cc_value_path_index(lp, i);
			char *bp = cc_value_path_key(ip, kubeconfig_parts[p].item);
			const json_t *body = json_object_get(item, kubeconfig_parts[p].item);
			const json_t *data = json_object_get(body, kubeconfig_parts[p].data);
			const json_t *file = json_object_get(body, kubeconfig_parts[p].file);
			const char *nm = json_string_value(json_object_get(item, "name"));
			char *name = cc_xasprintf("%s%s", kubeconfig_parts[p].entry, nm ? nm : "(unnamed)");
			char *dp = cc_value_path_key(bp, kubeconfig_parts[p].data);
			const char *text;
			int r = 0;
			if (data && !json_is_null(data)) {
				if (cc_value_string(data, at(c, data), dp, &text, c->err) < 0) {
					r = -1;
				} else {
					struct cc_entry *e =
						cc_source_add_entry(c->src, name, kubeconfig_parts[p].role);
					r = cc_read_embedded(text, json_string_length(data), true, at(c, data),
							     dp, e, c->err) < 0 ? -1 : 0;
				}
			} else if (json_is_string(file)) {
				char *f = cc_escape(json_string_value(file), json_string_length(file));
				cc_strv_pushf(&c->src->notes, "%s: %s: %s names the file %s, which certcheck "
					      "does not follow (give that file as a SOURCE)",
					      at(c, file), name, kubeconfig_parts[p].file, f);
				free(f);
			}
			free(dp);
			free(name);
			free(bp);
			free(ip);
			if (r < 0) {
				free(lp);
				return -1;
			}
		}
		free(lp);
	}
	return 0;
}

static int read_list(struct k8s_ctx *c, const json_t *obj, const char *path)
{
	char *ip = cc_value_path_key(path, "items");
	const json_t *items = json_object_get(obj, "items"), *item;
	int ret = -1;
	if (!json_is_array(items)) {
		cc_error_set(c->err, CC_USAGE, at(c, items ? items : obj), "%s: %s", ip,
			     items ? "not a list" : "missing: a List without items");
		goto out;
	}
	if (json_array_size(items) == 0) {
		cc_error_set(c->err, CC_USAGE, at(c, items), "%s: an empty List (no object matched?)", ip);
		goto out;
	}
	size_t i;
	json_array_foreach(items, i, item) {
		char *p = cc_value_path_index(ip, i);
		int r = read_object(c, item, p);
		free(p);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	free(ip);
	return ret;
}

static int read_object(struct k8s_ctx *c, const json_t *obj, const char *path)
{
	const char *top = *path ? path : "(top)";
	if (!json_is_object(obj))
		return cc_error_set(c->err, CC_USAGE, at(c, obj), "%s: not an object (%s)", top,
				    cc_value_type_name(obj));
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	if (!kind)
		return cc_error_set(c->err, CC_USAGE, at(c, obj), "%s: no \"kind\" (not a Kubernetes object)",
				    top);
	bool secret = strcmp(kind, "Secret") == 0, configmap = strcmp(kind, "ConfigMap") == 0;
	if (!secret && !configmap) {
		if (json_object_get(obj, "items"))
			return read_list(c, obj, path);
		if (cc_k8s_detect(obj) && strcmp(kind, "Config") == 0)
			return read_kubeconfig(c, obj, path);
		/* Any other object: its certificates wherever they are (a
		 * webhook's caBundle), else a note naming it. */
		char *prefix = cc_k8s_prefix(obj);
		int n = cc_read_any(obj, c->docs, c->where, prefix, c->src, c->err);
		free(prefix);
		if (n == 0) {
			char *what = cc_k8s_describe(obj);
			cc_strv_pushf(&c->src->notes, "%s: %s: %s holds no certificate; skipped",
				      at(c, obj), top, what);
			free(what);
		}
		return n < 0 ? -1 : 0;
	}
	const json_t *meta = json_object_get(obj, "metadata");
	const char *ns = json_string_value(json_object_get(meta, "namespace"));
	const char *name = json_string_value(json_object_get(meta, "name"));
	char *base = ns ? cc_xasprintf("%s/%s", ns, name ? name : "(unnamed)")
			: cc_xstrdup(name ? name : "(unnamed)");
	const char *enc_key = secret ? "data" : "binaryData";
	const char *plain_key = secret ? "stringData" : "data";
	const json_t *enc = json_object_get(obj, enc_key), *plain = json_object_get(obj, plain_key);
	int ret = 0;
	if (!enc && !plain) {
		char *p = cc_value_path_key(path, "data");
		ret = cc_error_set(c->err, CC_USAGE, at(c, obj), "%s: missing: a %s without data (%s)",
				   p, kind, base);
		free(p);
	}
	if (ret == 0 && enc) {
		char *p = cc_value_path_key(path, enc_key);
		ret = read_map(c, enc, p, base, true);
		free(p);
	}
	if (ret == 0 && plain) {
		char *p = cc_value_path_key(path, plain_key);
		ret = read_map(c, plain, p, base, false);
		free(p);
	}
	free(base);
	return ret;
}

int cc_read_k8s(const json_t *doc, const struct cc_value_docs *docs, const char *where,
		struct cc_source *src, struct cc_error *err)
{
	struct k8s_ctx c = { where, docs, src, err, "" };
	src->format = CC_SOURCE_KUBERNETES;
	return read_object(&c, doc, "");
}
