/* read-envoy.c: Envoy /config_dump, istioctl proxy-config secret|all and
 * ztunnel certificate dumps (FORMATS.md sections 1, 1.7 and 2).
 *
 * Every Envoy field is looked up under both spellings: snake_case (Envoy,
 * `istioctl pc all`) and lowerCamelCase (`istioctl pc secret`).  Errors
 * name the key path as the input spells it.  Private keys are never read:
 * only certificate_chain, trusted_ca and SPIFFE trust bundles are.
 */
#include "read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

#define SECRETS_DUMP_TYPE "SecretsConfigDump"
#define DYNAMIC_SECRET_TYPE "SecretsConfigDump.DynamicSecret"

/* Datasources read ahead, on every core: a gateway's dump holds thousands
 * of secrets, and decoding their certificates is most of reading it.  The
 * walk stays sequential and takes each result when it reaches that
 * datasource, so entries, names and notes come out as they always did; a
 * datasource that read with a note or an error is read again there, so
 * that its messages name its key path. */
enum { AHEAD_MIN = 64, AHEAD_MAX_DEPTH = 64 };

struct ahead {
	const json_t *v;   /* the inline_bytes or inline_string value */
	bool base64;
	bool clean;        /* read without a note or an error, into E */
	struct cc_entry e;
};

struct ahead_set {
	struct ahead *v;   /* sorted by V when read */
	size_t n, alloc;
};

struct envoy_ctx {
	const char *where;
	const struct cc_value_docs *docs;
	struct cc_source *src;
	struct cc_error *err;
	char buf[512];
	json_t *names; /* "ROLE:NAME" of every entry, to keep names unique */
	struct ahead_set ahead;
};

/* The file, and V's line when the input was YAML. */
static const char *at(struct envoy_ctx *c, const json_t *v)
{
	return cc_value_where(c->docs, v, c->where, c->buf, sizeof(c->buf));
}

/* The member spelled SNAKE or CAMEL, its key path under PARENT in *PATH
 * (caller frees; NULL when absent). */
static json_t *member(const json_t *obj, const char *snake, const char *camel,
		      const char *parent, char **path)
{
	json_t *v = NULL;
	const char *key = snake;
	*path = NULL;
	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, snake);
	if (!v && camel) {
		v = json_object_get(obj, camel);
		key = camel;
	}
	if (v)
		*path = cc_value_path_key(parent, key);
	return v;
}

static bool type_is(const json_t *obj, const char *suffix)
{
	const char *type = json_string_value(json_object_get(obj, "@type"));
	size_t n = type ? strlen(type) : 0, m = strlen(suffix);
	return n > m && type[n - m - 1] == '.' && strcmp(type + n - m, suffix) == 0;
}

enum cc_envoy_shape cc_envoy_detect(const json_t *doc)
{
	static const char *const keys[] = {
		"dynamic_active_secrets", "dynamicActiveSecrets", "dynamic_warming_secrets",
		"dynamicWarmingSecrets",  "static_secrets",       "staticSecrets",
	};
	if (json_is_object(doc)) {
		if (json_is_array(json_object_get(doc, "configs")))
			return CC_ENVOY_CONFIG_DUMP;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (json_object_get(doc, keys[i]))
				return CC_ENVOY_SECRETS;
		if (type_is(doc, SECRETS_DUMP_TYPE))
			return CC_ENVOY_SECRETS;
		if (json_is_array(json_object_get(doc, "certificates")))
			return CC_ENVOY_ZTUNNEL;
	} else if (json_is_array(doc) && json_array_size(doc) > 0) {
		const json_t *first = json_array_get(doc, 0);
		if (json_object_get(first, "identity") &&
		    (json_object_get(first, "certChain") || json_object_get(first, "rootCerts")))
			return CC_ENVOY_ZTUNNEL;
	}
	return CC_ENVOY_NONE;
}

static int expect_object(struct envoy_ctx *c, const json_t *v, const char *path)
{
	if (json_is_object(v))
		return 0;
	return cc_error_set(c->err, CC_USAGE, at(c, v), "%s: not an object (%s)", path,
			    cc_value_type_name(v));
}

static int expect_array(struct envoy_ctx *c, const json_t *v, const char *path)
{
	if (json_is_array(v))
		return 0;
	return cc_error_set(c->err, CC_USAGE, at(c, v), "%s: not a list (%s)", path,
			    cc_value_type_name(v));
}

/* The members that hold a DataSource read_datasource reads. */
static bool is_datasource_key(const char *key)
{
	static const char *const keys[] = {
		"certificate_chain", "certificateChain", "trusted_ca",
		"trustedCa",         "trust_bundle",     "trustBundle",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* The string read_datasource reads of DS (both spellings, bytes first). */
static const json_t *datasource_value(const json_t *ds, bool *base64)
{
	const json_t *v;
	*base64 = true;
	if ((v = json_object_get(ds, "inline_bytes")) || (v = json_object_get(ds, "inlineBytes")))
		return v;
	*base64 = false;
	if ((v = json_object_get(ds, "inline_string")) || (v = json_object_get(ds, "inlineString")))
		return v;
	return NULL;
}

/* Every DataSource string under NODE into S.  Private keys are not among
 * them: only the members is_datasource_key names are. */
static void collect_ahead(const json_t *node, struct ahead_set *s, int depth)
{
	const char *key;
	const json_t *v;
	size_t i;
	if (depth > AHEAD_MAX_DEPTH)
		return;   /* read when the walk gets there */
	if (json_is_array(node))
		json_array_foreach(node, i, v)
			collect_ahead(v, s, depth + 1);
	if (!json_is_object(node))
		return;
	json_object_foreach((json_t *)node, key, v) {
		bool base64;
		const json_t *str = is_datasource_key(key) && json_is_object(v)
					    ? datasource_value(v, &base64)
					    : NULL;
		if (json_is_string(str)) {
			CC_ARRAY_GROW(s->v, s->n, s->alloc);
			s->v[s->n++] = (struct ahead){ .v = str, .base64 = base64 };
		}
		collect_ahead(v, s, depth + 1);
	}
}

static void read_one_ahead(void *ctx, size_t i)
{
	struct ahead *a = &((struct ahead_set *)ctx)->v[i];
	struct cc_error err = CC_ERROR_INIT;
	int r = cc_read_embedded(json_string_value(a->v), json_string_length(a->v), a->base64, "",
				 "", &a->e, &err);
	a->clean = r >= 0 && a->e.notes.n == 0;
	if (!a->clean) {
		cc_entry_release(&a->e);
		memset(&a->e, 0, sizeof(a->e));
	}
}

static int compare_ahead(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)((const struct ahead *)x)->v, b = (uintptr_t)((const struct ahead *)y)->v;
	return a < b ? -1 : a > b;
}

static void read_ahead(const json_t *doc, struct ahead_set *s)
{
	if (cc_threads() < 2)
		return;
	collect_ahead(doc, s, 0);
	if (s->n < AHEAD_MIN) {
		s->n = 0;
		return;
	}
	cc_parallel_for(s->n, 0, read_one_ahead, s);
	qsort(s->v, s->n, sizeof(*s->v), compare_ahead);
}

/* Move what V read ahead into E; false when it was not read cleanly. */
static bool take_ahead(struct ahead_set *s, const json_t *v, struct cc_entry *e)
{
	struct ahead key = { .v = v };
	struct ahead *a = s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), compare_ahead) : NULL;
	if (!a || !a->clean)
		return false;
	for (size_t k = 0; k < a->e.n_certs; k++)
		cc_entry_add_cert(e, a->e.certs[k]);
	a->e.n_certs = 0;
	a->clean = false;   /* a value read twice (a YAML alias) is read again */
	return true;
}

static void ahead_release(struct ahead_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		cc_entry_release(&s->v[i].e);
	free(s->v);
}

/* A core.v3.DataSource at PATH into E.  An empty one adds nothing. */
static int read_datasource(struct envoy_ctx *c, const json_t *ds, const char *path,
			   struct cc_entry *e)
{
	char *p = NULL;
	const json_t *v;
	const char *s;
	int ret = -1;
	if (expect_object(c, ds, path) < 0)
		return -1;
	if ((v = member(ds, "inline_bytes", "inlineBytes", path, &p))) {
		if (cc_value_string(v, at(c, v), p, &s, c->err) < 0)
			goto out;
		if (!take_ahead(&c->ahead, v, e) &&
		    cc_read_embedded(s, json_string_length(v), true, at(c, v), p, e, c->err) < 0)
			goto out;
	} else if ((v = member(ds, "inline_string", "inlineString", path, &p))) {
		if (cc_value_string(v, at(c, v), p, &s, c->err) < 0)
			goto out;
		if (!take_ahead(&c->ahead, v, e) &&
		    cc_read_embedded(s, json_string_length(v), false, at(c, v), p, e, c->err) < 0)
			goto out;
	} else if ((v = member(ds, "filename", NULL, path, &p))) {
		if (cc_value_string(v, at(c, v), p, &s, c->err) < 0)
			goto out;
		char *file = cc_escape(s, json_string_length(v));
		cc_strv_pushf(&e->notes, "%s: the certificates are in the file %s on the proxy, "
			      "not in the dump", p, file);
		free(file);
	} else if ((v = member(ds, "environment_variable", "environmentVariable", path, &p))) {
		cc_strv_pushf(&e->notes, "%s: the certificates are in an environment variable of "
			      "the proxy, not in the dump", p);
	}
	ret = 0;
out:
	free(p);
	return ret;
}

/* Note that SRC has an entry NAME with ROLE; true if it already had. */
static bool take_name(json_t *names, const char *name, enum cc_role role)
{
	char *key = cc_xasprintf("%d:%s", (int)role, name);
	bool taken = json_object_get(names, key) != NULL;
	if (!taken)
		json_object_set_new_nocheck(names, key, json_true());
	free(key);
	return taken;
}

/* An entry named NAME, or NAME (2), NAME (3)... when the name is taken.
 * The names are looked up in a hash table: a gateway's dump has
 * thousands of secrets, and comparing each with every earlier one was
 * quadratic. */
static struct cc_entry *add_entry(struct envoy_ctx *c, const char *name, enum cc_role role)
{
	char *unique = cc_xstrdup(name);
	for (unsigned n = 2; take_name(c->names, unique, role); n++) {
		free(unique);
		unique = cc_xasprintf("%s (%u)", name, n);
	}
	struct cc_entry *e = cc_source_add_entry(c->src, unique, role);
	free(unique);
	return e;
}

/* SPIFFE federation bundles: validation_context.custom_validator_config.
 * typed_config.trust_domains[].{name, trust_bundle}. */
static int read_trust_domains(struct envoy_ctx *c, const json_t *vc, const char *vc_path,
			      const char *name, bool *found)
{
	char *p1 = NULL, *p2 = NULL, *p3 = NULL;
	int ret = -1;
	const json_t *cvc = member(vc, "custom_validator_config", "customValidatorConfig", vc_path, &p1);
	const json_t *tc = cvc ? member(cvc, "typed_config", "typedConfig", p1, &p2) : NULL;
	const json_t *tds = tc ? member(tc, "trust_domains", "trustDomains", p2, &p3) : NULL;
	if (!tds) {
		ret = 0;
		goto out;
	}
	if (expect_array(c, tds, p3) < 0)
		goto out;
	size_t i;
	const json_t *td;
	json_array_foreach(tds, i, td) {
		char *tp = cc_value_path_index(p3, i), *np = NULL, *bp = NULL;
		const char *domain = NULL;
		const json_t *dn = member(td, "name", NULL, tp, &np);
		const json_t *bundle = member(td, "trust_bundle", "trustBundle", tp, &bp);
		int r = expect_object(c, td, tp);
		if (r == 0 && !dn)
			r = cc_error_set(c->err, CC_USAGE, at(c, td), "%s: a trust domain without a name",
					 tp);
		if (r == 0)
			r = cc_value_string(dn, at(c, dn), np, &domain, c->err);
		if (r == 0) {
			char *ename = cc_xasprintf("%s/%s", name, domain);
			struct cc_entry *e = add_entry(c, ename, CC_ROLE_TRUST);
			free(ename);
			if (bundle)
				r = read_datasource(c, bundle, bp, e);
			*found = true;
		}
		free(tp);
		free(np);
		free(bp);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	free(p1);
	free(p2);
	free(p3);
	return ret;
}

enum secret_list { ACTIVE, WARMING, STATIC };

/* One DynamicSecret or StaticSecret at PATH. */
static int read_secret(struct envoy_ctx *c, const json_t *item, const char *path, enum secret_list kind)
{
	char *np = NULL, *sp = NULL, *tp = NULL, *cp = NULL, *vp = NULL, *ap = NULL, *vip = NULL;
	char *fallback = NULL;
	int ret = -1;
	if (expect_object(c, item, path) < 0)
		return -1;
	const json_t *secret = member(item, "secret", NULL, path, &sp);
	const json_t *jname = member(item, "name", NULL, path, &np);
	if (!jname && secret) {
		free(np);
		jname = member(secret, "name", NULL, sp, &np); /* istiod's debug dump */
	}
	const char *name = NULL;
	if (jname && cc_value_string(jname, at(c, jname), np, &name, c->err) < 0)
		goto out;
	if (!name)
		name = fallback = cc_xasprintf("%s", path);
	const json_t *vinfo = member(item, "version_info", "versionInfo", path, &vip);
	const char *version = json_string_value(vinfo);
	if (secret && expect_object(c, secret, sp) < 0)
		goto out;

	const json_t *tls = secret ? member(secret, "tls_certificate", "tlsCertificate", sp, &tp) : NULL;
	const json_t *vc = secret ? member(secret, "validation_context", "validationContext", sp, &vp)
				  : NULL;
	bool found = false;
	if (tls) {
		if (expect_object(c, tls, tp) < 0)
			goto out;
		const json_t *chain = member(tls, "certificate_chain", "certificateChain", tp, &cp);
		struct cc_entry *e = add_entry(c, name, CC_ROLE_CHAIN);
		if (kind == WARMING)
			cc_strv_pushf(&e->notes, "%s: a warming secret: Envoy has not applied it yet", path);
		if (chain && read_datasource(c, chain, cp, e) < 0)
			goto out;
		found = true;
	}
	if (vc) {
		if (expect_object(c, vc, vp) < 0)
			goto out;
		const json_t *ca = member(vc, "trusted_ca", "trustedCa", vp, &ap);
		size_t before = c->src->n_entries;
		bool domains = false;
		if (ca) {
			struct cc_entry *e = add_entry(c, name, CC_ROLE_TRUST);
			if (kind == WARMING)
				cc_strv_pushf(&e->notes, "%s: a warming secret: Envoy has not applied it yet",
					      path);
			if (read_datasource(c, ca, ap, e) < 0)
				goto out;
		}
		if (read_trust_domains(c, vc, vp, name, &domains) < 0)
			goto out;
		/* SPIRE: an empty trusted_ca, the roots in the bundles. */
		if (ca && domains && c->src->entries[before].n_certs == 0 &&
		    c->src->entries[before].notes.n == 0)
			cc_strv_pushf(&c->src->entries[before].notes,
				      "%s is empty: the roots are in the SPIFFE trust bundles %s/DOMAIN",
				      ap, name);
		found = true;
	}
	if (!found) {
		/* A placeholder: the name was requested, nothing has arrived. */
		struct cc_entry *e = add_entry(c, name, CC_ROLE_CHAIN);
		cc_strv_pushf(&e->notes, "%s: %s secret without certificates%s%s%s", path,
			      kind == WARMING ? "a warming" : kind == STATIC ? "a static" : "an active",
			      version ? " (version " : "", version ? version : "", version ? ")" : "");
	}
	ret = 0;
out:
	free(np);
	free(sp);
	free(tp);
	free(cp);
	free(vp);
	free(ap);
	free(vip);
	free(fallback);
	return ret;
}

static int read_secret_list(struct envoy_ctx *c, const json_t *dump, const char *dump_path,
			    const char *snake, const char *camel, enum secret_list kind)
{
	char *p = NULL;
	int ret = -1;
	const json_t *list = member(dump, snake, camel, dump_path, &p);
	if (!list || json_is_null(list)) {
		ret = 0;
		goto out;
	}
	if (expect_array(c, list, p) < 0)
		goto out;
	size_t i;
	const json_t *item;
	json_array_foreach(list, i, item) {
		char *ip = cc_value_path_index(p, i);
		int r = read_secret(c, item, ip, kind);
		free(ip);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	free(p);
	return ret;
}

static int read_secrets_dump(struct envoy_ctx *c, const json_t *dump, const char *path)
{
	if (read_secret_list(c, dump, path, "static_secrets", "staticSecrets", STATIC) < 0 ||
	    read_secret_list(c, dump, path, "dynamic_active_secrets", "dynamicActiveSecrets", ACTIVE) < 0 ||
	    read_secret_list(c, dump, path, "dynamic_warming_secrets", "dynamicWarmingSecrets",
			     WARMING) < 0)
		return -1;
	return 0;
}

static int read_config_dump(struct envoy_ctx *c, const json_t *doc)
{
	const json_t *configs = json_object_get(doc, "configs"), *item;
	size_t i, found = 0;
	json_array_foreach(configs, i, item) {
		char *p = cc_value_path_index("configs", i);
		int r = 0;
		if (type_is(item, SECRETS_DUMP_TYPE)) {
			r = read_secrets_dump(c, item, p);
			found++;
		} else if (type_is(item, DYNAMIC_SECRET_TYPE)) {
			r = read_secret(c, item, p, ACTIVE);
			found++;
		}
		free(p);
		if (r < 0)
			return -1;
	}
	if (!found)
		return cc_error_set(c->err, CC_USAGE, c->where,
				    "configs: no SecretsConfigDump (the dump holds no secrets; "
				    "was it taken with a mask?)");
	return 0;
}

/* certChain[] or rootCerts[]: objects with the PEM in "pem". */
static int read_ztunnel_list(struct envoy_ctx *c, const json_t *list, const char *path,
			     struct cc_entry *e)
{
	if (expect_array(c, list, path) < 0)
		return -1;
	size_t i;
	const json_t *item;
	json_array_foreach(list, i, item) {
		char *ip = cc_value_path_index(path, i), *pp = NULL;
		const char *pem;
		const json_t *v = member(item, "pem", NULL, ip, &pp);
		int r = expect_object(c, item, ip);
		if (r == 0 && !v)
			r = cc_error_set(c->err, CC_USAGE, at(c, item), "%s: no \"pem\"", ip);
		if (r == 0)
			r = cc_value_string(v, at(c, v), pp, &pem, c->err);
		if (r == 0)
			r = cc_read_embedded(pem, json_string_length(v), false, at(c, v), pp, e, c->err) < 0
				    ? -1 : 0;
		free(ip);
		free(pp);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int read_ztunnel(struct envoy_ctx *c, const json_t *doc)
{
	const json_t *list = doc;
	const char *top = "";
	if (json_is_object(doc)) {
		list = json_object_get(doc, "certificates");
		top = "certificates";
	}
	size_t i;
	const json_t *item;
	json_array_foreach(list, i, item) {
		char *ip = cc_value_path_index(top, i), *idp = NULL, *chp = NULL, *rp = NULL;
		const char *identity = NULL;
		int r = expect_object(c, item, ip);
		const json_t *id = r == 0 ? member(item, "identity", NULL, ip, &idp) : NULL;
		if (r == 0 && !id)
			r = cc_error_set(c->err, CC_USAGE, at(c, item), "%s: no \"identity\"", ip);
		if (r == 0)
			r = cc_value_string(id, at(c, id), idp, &identity, c->err);
		const json_t *chain = r == 0 ? member(item, "certChain", NULL, ip, &chp) : NULL;
		const json_t *roots = r == 0 ? member(item, "rootCerts", NULL, ip, &rp) : NULL;
		if (r == 0) {
			struct cc_entry *e = add_entry(c, identity, CC_ROLE_CHAIN);
			const char *state = json_string_value(json_object_get(item, "state"));
			if (chain)
				r = read_ztunnel_list(c, chain, chp, e);
			if (r == 0 && e->n_certs == 0)
				cc_strv_pushf(&e->notes, "%s: no certificate (state: %s)", ip,
					      state ? state : "unknown");
		}
		if (r == 0 && roots && json_array_size(roots)) {
			char *rname = cc_xasprintf("%s/roots", identity);
			struct cc_entry *e = add_entry(c, rname, CC_ROLE_TRUST);
			free(rname);
			r = read_ztunnel_list(c, roots, rp, e);
		}
		free(ip);
		free(idp);
		free(chp);
		free(rp);
		if (r < 0)
			return -1;
	}
	return 0;
}

int cc_read_envoy(const json_t *doc, enum cc_envoy_shape shape, const struct cc_value_docs *docs,
		  const char *where, struct cc_source *src, struct cc_error *err)
{
	struct envoy_ctx c = { where, docs, src, err, "", json_object(), { NULL, 0, 0 } };
	int r;
	if (shape == CC_ENVOY_CONFIG_DUMP || shape == CC_ENVOY_SECRETS)
		read_ahead(doc, &c.ahead);
	for (size_t i = 0; i < src->n_entries; i++)
		take_name(c.names, src->entries[i].name, src->entries[i].role);
	switch (shape) {
	case CC_ENVOY_CONFIG_DUMP:
		src->format = CC_SOURCE_ENVOY_CONFIG_DUMP;
		r = read_config_dump(&c, doc);
		break;
	case CC_ENVOY_SECRETS:
		src->format = CC_SOURCE_ISTIOCTL_SECRET;
		r = read_secrets_dump(&c, doc, "");
		break;
	case CC_ENVOY_ZTUNNEL:
		src->format = CC_SOURCE_ZTUNNEL_CERTIFICATES;
		r = read_ztunnel(&c, doc);
		break;
	case CC_ENVOY_NONE:
	default:
		r = cc_error_set(err, CC_USAGE, where, "not an Envoy, istioctl or ztunnel dump");
		break;
	}
	json_decref(c.names);
	ahead_release(&c.ahead);
	return r;
}
