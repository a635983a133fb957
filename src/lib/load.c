/* load.c: SOURCE syntax, format detection and dispatch to a reader or the
 * TLS client; the entry of a tls:// source is built here from what the
 * client returns (load.h). */
#include "load.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "read.h"
#include "tls-fetch.h"
#include "tls-url.h"
#include "value.h"

int cc_check_source_count(size_t n, struct cc_error *err)
{
	if (n > CC_MAX_SOURCES)
		return cc_error_set(err, CC_USAGE, NULL,
				    "%zu SOURCEs given; the limit is %d per command", n,
				    CC_MAX_SOURCES);
	return 0;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int cc_source_parse(const char *spec, struct cc_source **out, struct cc_error *err)
{
	if (!spec || !*spec)
		return cc_error_set(err, CC_USAGE, NULL, "empty SOURCE");
	struct cc_source *src = cc_xcalloc(1, sizeof(*src));
	src->spec = cc_xstrdup(spec);

	/* "#NAME" selects an entry, unless the whole string is a file's name. */
	const char *hash = strrchr(spec, '#');
	size_t loc_len = strlen(spec);
	if (hash && !is_file(spec)) {
		loc_len = (size_t)(hash - spec);
		if (!hash[1]) {
			cc_source_free(src);
			return cc_error_set(err, CC_USAGE, spec, "empty entry name after '#'");
		}
		src->select = cc_xstrdup(hash + 1);
	}
	char *url_location = NULL, *ignored = NULL;
	int url = cc_tls_url_parse(spec, loc_len, &url_location, &ignored, err);
	if (url < 0) {
		cc_source_free(src);
		return -1;
	}
	if (url > 0) {
		src->is_tls = true;
		src->location = url_location;
		src->format = CC_SOURCE_TLS;
		if (ignored)
			cc_strv_pushf(&src->notes, "the URL's path '%s' is ignored: the chain is what "
				      "the TLS handshake with %s presents, whatever the path",
				      ignored, url_location);
		free(ignored);
	} else if (loc_len >= 6 && strncmp(spec, "tls://", 6) == 0) {
		src->is_tls = true;
		src->location = cc_xstrndup(spec + 6, loc_len - 6);
		src->format = CC_SOURCE_TLS;
		if (!*src->location) {
			cc_source_free(src);
			return cc_error_set(err, CC_USAGE, spec, "tls:// needs HOST[:PORT]");
		}
	} else if (cc_url_scheme_len(spec, loc_len) && !is_file(src->spec)) {
		size_t n = cc_url_scheme_len(spec, loc_len);
		cc_source_free(src);
		return cc_error_set(err, CC_USAGE, spec,
				    "certcheck does not read %.*s:// URLs (it reads tls://, https://, "
				    "ldaps://, smtps://, imaps:// and pop3s://)", (int)n, spec);
	} else if (loc_len == 1 && spec[0] == '-') {
		src->is_stdin = true;
		src->location = cc_xstrdup("(stdin)");
	} else {
		if (loc_len == 0) {
			cc_source_free(src);
			return cc_error_set(err, CC_USAGE, spec, "empty file name");
		}
		src->location = cc_xstrndup(spec, loc_len);
	}
	*out = src;
	return 0;
}

bool cc_source_spec_is_stdin(const char *spec)
{
	struct cc_source *src = NULL;
	if (cc_source_parse(spec, &src, NULL) < 0)
		return false;
	bool is_stdin = src->is_stdin;
	cc_source_free(src);
	return is_stdin;
}

/* A YAML key at the start of a line that only dumps have at their top. */
static bool has_dump_key(const char *data, size_t len)
{
	static const char *const keys[] = {
		"apiVersion:", "kind:", "items:", "configs:", "dynamicActiveSecrets:",
		"dynamic_active_secrets:", "dynamicWarmingSecrets:", "dynamic_warming_secrets:",
		"staticSecrets:", "static_secrets:",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t n = strlen(keys[i]);
		if (len >= n && memcmp(data, keys[i], n) == 0)
			return true;
		for (const char *p = data; (p = memmem(p, len - (size_t)(p - data), keys[i], n));
		     p++)
			if (p > data && p[-1] == '\n')
				return true;
	}
	return false;
}

/* Read each document of DOCS with the reader its shape calls for; any
 * other document is searched for certificates (cc_read_any).  In a stream
 * of several, a document that holds none is skipped with a note naming
 * it, as a List skips such items; a lone one is an error. */
static int read_docs(struct cc_source *src, const struct cc_value_docs *docs, struct cc_error *err)
{
	for (size_t i = 0; i < docs->n; i++) {
		const json_t *doc = docs->v[i];
		char *where = docs->n > 1 ? cc_xasprintf("%s: document %zu", src->location, i + 1)
					  : cc_xstrdup(src->location);
		enum cc_envoy_shape shape = cc_envoy_detect(doc);
		int r;
		if (json_is_null(doc))
			r = 0;  /* an empty document between two "---" */
		else if (shape != CC_ENVOY_NONE)
			r = cc_read_envoy(doc, shape, docs, where, src, err);
		else if (cc_k8s_detect(doc))
			r = cc_read_k8s(doc, docs, where, src, err);
		else {
			char *prefix = cc_k8s_prefix(doc);
			if (!prefix && docs->n > 1)
				prefix = cc_xasprintf("document %zu/", i + 1);
			r = cc_read_any(doc, docs, where, prefix, src, err);
			free(prefix);
			if (r == 0) {
				char *what = cc_k8s_describe(doc);
				if (docs->n > 1)
					cc_strv_pushf(&src->notes, "%s: %s holds no certificate; skipped",
						      where, what);
				else
					r = cc_error_set(err, CC_USAGE, where,
							 "no certificate found: %s, not a dump certcheck "
							 "knows, holds no PEM string and no base64 "
							 "certificate under a key such as caBundle or "
							 "*-data%s%s", what, src->notes.n ? "; " : "",
							 src->notes.n ? src->notes.v[src->notes.n - 1] : "");
				free(what);
			}
		}
		free(where);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Dumps (Envoy, istioctl, ztunnel, Kubernetes) and other documents come
 * in JSON or YAML; PEM text with `openssl x509 -text` above it may look
 * like YAML, so YAML that no reader knows falls back to PEM unless a
 * dump's top-level key says it is one, or certificates were found in its
 * values (Helm values with PEM under `|`).  Returns 1 when DATA was read
 * as a dump, 0 when it is not one, -1 on error. */
static int read_dump(struct cc_source *src, const char *data, size_t len, struct cc_error *err)
{
	enum cc_value_syntax syntax = cc_value_sniff(data, len);
	struct cc_value_docs docs = CC_VALUE_DOCS_INIT;
	struct cc_error perr = CC_ERROR_INIT;
	int ret = -1;
	if (syntax == CC_VALUE_NONE)
		return 0;
	/* Binary DER may happen to start like either. */
	enum cc_cert_format certs = cc_detect_cert_format(data, len);
	if (certs == CC_FMT_DER || certs == CC_FMT_PKCS7 || certs == CC_FMT_PKCS12 ||
	    certs == CC_FMT_JKS)
		return 0;
	bool sure = syntax == CC_VALUE_JSON || has_dump_key(data, len) || certs != CC_FMT_PEM;
	if (cc_value_load(data, len, syntax, src->location, &docs, &perr) < 0) {
		if (!sure) {
			ret = 0;
			goto out;
		}
		*err = perr;
		goto out;
	}
	if (!sure) {
		bool dump = false;
		for (size_t i = 0; i < docs.n; i++)
			dump |= cc_envoy_detect(docs.v[i]) != CC_ENVOY_NONE || cc_k8s_detect(docs.v[i]);
		if (!dump) {
			/* Certificates in the values of some other YAML: read
			 * them by key path; none found (or PEM text that only
			 * parsed as YAML by chance): read it as PEM. */
			struct cc_source tmp = { .location = src->location };
			struct cc_error ignored = CC_ERROR_INIT;
			bool structured = false;
			for (size_t i = 0; i < docs.n; i++)
				structured |= json_is_object(docs.v[i]) || json_is_array(docs.v[i]);
			if (structured && read_docs(&tmp, &docs, &ignored) == 0 && cc_source_count_certs(&tmp)) {
				src->entries = tmp.entries;
				src->n_entries = tmp.n_entries;
				src->alloc_entries = tmp.alloc_entries;
				src->notes = tmp.notes;
				src->format = tmp.format;
				ret = 1;
			} else {
				tmp.location = NULL;
				cc_source_release(&tmp);
				ret = 0;
			}
			goto out;
		}
	}
	ret = read_docs(src, &docs, err) < 0 ? -1 : 1;
out:
	cc_value_docs_release(&docs);
	return ret;
}

int cc_source_read_data(struct cc_source *src, const char *data, size_t len, struct cc_error *err)
{
	return cc_source_read_data_opts(src, data, len, NULL, err);
}

int cc_source_read_data_opts(struct cc_source *src, const char *data, size_t len,
			     const struct cc_load_options *opts, struct cc_error *err)
{
	const char *where = src->location;
	int r = read_dump(src, data, len, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	enum cc_cert_format fmt = cc_detect_cert_format(data, len);
	src->format = cc_source_format_of(fmt);
	if (fmt == CC_FMT_PKCS12)
		return cc_read_pkcs12(data, len, opts && opts->tls ? opts->tls->password : NULL, where,
				      src, err);
	struct cc_entry *e = cc_source_add_entry(src, src->location, CC_ROLE_CHAIN);
	return cc_read_certs(data, len, where, e, err) < 0 ? -1 : 0;
}

/* Whether entry NAME is selected by SEL: the same name, or a name under it
 * ("ROOTCA" selects the SPIFFE bundles "ROOTCA/east.local"; a Kubernetes
 * "istio-system/cacerts" selects every key of that Secret). */
static bool selected(const char *name, const char *sel)
{
	size_t n = strlen(sel);
	return strncmp(name, sel, n) == 0 && (name[n] == '\0' || name[n] == '/');
}

/* Keep only the entries named by #NAME. */
static int apply_select(struct cc_source *src, struct cc_error *err)
{
	if (!src->select)
		return 0;
	size_t kept = 0;
	for (size_t i = 0; i < src->n_entries; i++)
		kept += selected(src->entries[i].name, src->select);
	if (kept == 0) {
		struct cc_buf names = CC_BUF_INIT;
		for (size_t i = 0; i < src->n_entries; i++)
			cc_buf_addf(&names, "%s%s", i ? ", " : "", src->entries[i].name);
		cc_error_set(err, CC_USAGE, src->location, "no entry named '%s' (it has: %s)",
			     src->select, names.len ? names.data : "none");
		cc_buf_release(&names);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < src->n_entries; i++) {
		if (!selected(src->entries[i].name, src->select))
			cc_entry_release(&src->entries[i]);
		else
			src->entries[n++] = src->entries[i];
	}
	src->n_entries = n;
	return 0;
}

int cc_source_load(const char *spec, const struct cc_load_options *opts, struct cc_source **out,
		   struct cc_error *err)
{
	struct cc_source *src = NULL;
	char *data = NULL;
	size_t len = 0;
	if (cc_source_parse(spec, &src, err) < 0)
		return -1;

	if (src->is_tls) {
		if (cc_source_load_tls(src, opts ? opts->tls : NULL, err) < 0)
			goto fail;
	} else {
		const char *path = src->is_stdin ? "-" : src->location;
		if (cc_read_file(path, &data, &len, err) < 0)
			goto fail;
		if (cc_source_read_data_opts(src, data, len, opts, err) < 0)
			goto fail;
	}
	if (apply_select(src, err) < 0)
		goto fail;
	if (cc_source_count_certs(src) == 0) {
		const char *why = src->n_entries && src->entries[0].notes.n
					  ? " (only non-certificate blocks were found)"
					  : "";
		bool dump = src->format != CC_SOURCE_UNKNOWN &&
			    !cc_source_format_get(src->format)->encoding;
		if (dump && src->n_entries && src->entries[0].notes.n)
			cc_error_set(err, CC_USAGE, src->location, "no certificate found: %s",
				     src->entries[0].notes.v[0]);
		else if (dump && src->notes.n)
			cc_error_set(err, CC_USAGE, src->location, "no certificate found (%s)",
				     src->notes.v[0]);
		else
			cc_error_set(err, CC_USAGE, src->location, "no certificate found%s", why);
		goto fail;
	}
	if (cc_source_format_get(src->format)->own_trust)
		cc_source_index_trust(src);
	free(data);
	*out = src;
	return 0;
fail:
	free(data);
	cc_source_free(src);
	return -1;
}

int cc_tls_add_chain(struct cc_source *src, const gnutls_datum_t *peers, size_t n,
		     struct cc_entry **entry, struct cc_error *err)
{
	struct cc_entry *e = cc_source_add_entry(src, src->location, CC_ROLE_CHAIN);
	*entry = e;
	/* A chain the peer sent but that cannot be used is no chain: exit 3,
	 * as for any peer that gave none. */
	for (size_t i = 0; i < n; i++) {
		struct cc_cert *cert = NULL;
		char *where = cc_xasprintf("%s: certificate %zu", src->spec, i + 1);
		int r = cc_cert_from_der(peers[i].data, peers[i].size, where, &cert, err);
		free(where);
		if (r < 0) {
			err->status = CC_NO_CHAIN;
			return -1;
		}
		cc_entry_add_cert(e, cert);
	}
	return 0;
}

/* The leaf's issuer among the presented certificates, or NULL. */
static const struct cc_cert *leaf_issuer(const struct cc_entry *e)
{
	for (size_t i = 1; i < e->n_certs; i++)
		if (strcmp(e->certs[i]->subject, e->certs[0]->issuer) == 0)
			return e->certs[i];
	return NULL;
}

int cc_source_load_tls(struct cc_source *src, const struct cc_tls_options *opts,
		       struct cc_error *err)
{
	static const struct cc_tls_options defaults = CC_TLS_OPTIONS_INIT;
	struct cc_tls_der der = CC_TLS_DER_INIT;
	int ret = -1;
	if (!opts)
		opts = &defaults;
	src->format = CC_SOURCE_TLS;
	if (!src->tls)
		src->tls = cc_xcalloc(1, sizeof(*src->tls));
	struct cc_tls_info *info = src->tls;
	if (cc_tls_fetch(src->spec, src->location, opts, info, &der, err) < 0)
		goto out;
	struct cc_entry *e;
	if (cc_tls_add_chain(src, der.peers, der.n_peers, &e, err) < 0)
		goto out;
	cc_tls_advise(info, opts, e->certs[0], &e->notes);
	if (der.staple.data)
		info->ocsp = cc_ocsp_staple_read(der.staple.data, der.staple.size, e->certs[0],
						 leaf_issuer(e));
	ret = 0;
out:
	cc_tls_der_release(&der);
	return ret;
}
