/* source.c: SOURCE syntax, format detection and dispatch to a reader. */
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "read.h"
#include "tls-fetch.h"

const char *cc_role_name(enum cc_role role)
{
	return role == CC_ROLE_TRUST ? "trust" : "chain";
}

void cc_entry_add_cert(struct cc_entry *entry, struct cc_cert *cert)
{
	CC_ARRAY_GROW(entry->certs, entry->n_certs, entry->alloc_certs);
	entry->certs[entry->n_certs++] = cert;
}

int cc_entry_check_room(const struct cc_entry *entry, size_t count, const char *where,
			struct cc_error *err)
{
	if (count > CC_MAX_CERTS_PER_ENTRY || entry->n_certs > CC_MAX_CERTS_PER_ENTRY - count)
		return cc_error_set(err, CC_USAGE, where,
				    "more than %d certificates in one entry (the limit)",
				    CC_MAX_CERTS_PER_ENTRY);
	return 0;
}

int cc_check_source_count(size_t n, struct cc_error *err)
{
	if (n > CC_MAX_SOURCES)
		return cc_error_set(err, CC_USAGE, NULL,
				    "%zu SOURCEs given; the limit is %d per command", n,
				    CC_MAX_SOURCES);
	return 0;
}

struct cc_entry *cc_source_add_entry(struct cc_source *src, const char *name, enum cc_role role)
{
	CC_ARRAY_GROW(src->entries, src->n_entries, src->alloc_entries);
	struct cc_entry *e = &src->entries[src->n_entries++];
	memset(e, 0, sizeof(*e));
	e->name = cc_xstrdup(name);
	e->role = role;
	return e;
}

static void entry_release(struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++)
		cc_cert_free(e->certs[i]);
	free(e->certs);
	free(e->name);
	cc_strv_release(&e->notes);
}

void cc_source_free(struct cc_source *src)
{
	if (!src)
		return;
	for (size_t i = 0; i < src->n_entries; i++)
		entry_release(&src->entries[i]);
	free(src->entries);
	cc_strv_release(&src->notes);
	cc_tls_info_free(src->tls);
	free(src->spec);
	free(src->location);
	free(src->select);
	free(src);
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
	if (loc_len >= 6 && strncmp(spec, "tls://", 6) == 0) {
		src->is_tls = true;
		src->location = cc_xstrndup(spec + 6, loc_len - 6);
		src->format = "tls";
		if (!*src->location) {
			cc_source_free(src);
			return cc_error_set(err, CC_USAGE, spec, "tls:// needs HOST[:PORT]");
		}
	} else if (loc_len == 1 && spec[0] == '-') {
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

/* Dumps (Envoy, istioctl, Kubernetes) come in JSON or YAML. */
static bool looks_like_json(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	return i < len && (data[i] == '{' || data[i] == '[');
}

int cc_source_read_data(struct cc_source *src, const char *data, size_t len, struct cc_error *err)
{
	const char *where = src->location;
	if (looks_like_json(data, len) && cc_detect_cert_format(data, len) != CC_FMT_DER)
		return cc_error_set(err, CC_USAGE, where,
				    "JSON input is not a format certcheck reads yet");
	struct cc_entry *e = cc_source_add_entry(src, src->location, CC_ROLE_CHAIN);
	switch (cc_detect_cert_format(data, len)) {
	case CC_FMT_PEM: src->format = "pem"; break;
	case CC_FMT_DER: src->format = "der"; break;
	case CC_FMT_PKCS7: src->format = "pkcs7"; break;
	case CC_FMT_NONE: src->format = "none"; break;
	}
	return cc_read_certs(data, len, where, e, err) < 0 ? -1 : 0;
}

static size_t count_certs(const struct cc_source *src)
{
	size_t n = 0;
	for (size_t i = 0; i < src->n_entries; i++)
		n += src->entries[i].n_certs;
	return n;
}

/* Keep only the entry named by #NAME. */
static int apply_select(struct cc_source *src, struct cc_error *err)
{
	if (!src->select)
		return 0;
	size_t found = src->n_entries;
	for (size_t i = 0; i < src->n_entries; i++)
		if (strcmp(src->entries[i].name, src->select) == 0) {
			found = i;
			break;
		}
	if (found == src->n_entries) {
		struct cc_buf names = CC_BUF_INIT;
		for (size_t i = 0; i < src->n_entries; i++)
			cc_buf_addf(&names, "%s%s", i ? ", " : "", src->entries[i].name);
		cc_error_set(err, CC_USAGE, src->location, "no entry named '%s' (it has: %s)",
			     src->select, names.len ? names.data : "none");
		cc_buf_release(&names);
		return -1;
	}
	for (size_t i = 0; i < src->n_entries; i++)
		if (i != found)
			entry_release(&src->entries[i]);
	if (found)
		src->entries[0] = src->entries[found];
	src->n_entries = 1;
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
		if (cc_tls_fetch_source(src, opts ? opts->tls : NULL, err) < 0)
			goto fail;
	} else {
		const char *path = strcmp(src->location, "(stdin)") == 0 ? "-" : src->location;
		if (cc_read_file(path, &data, &len, err) < 0)
			goto fail;
		if (cc_source_read_data(src, data, len, err) < 0)
			goto fail;
	}
	if (apply_select(src, err) < 0)
		goto fail;
	if (count_certs(src) == 0) {
		const char *why = src->n_entries && src->entries[0].notes.n
					  ? " (only non-certificate blocks were found)"
					  : "";
		cc_error_set(err, CC_USAGE, src->location, "no certificate found%s", why);
		goto fail;
	}
	free(data);
	*out = src;
	return 0;
fail:
	free(data);
	cc_source_free(src);
	return -1;
}

const struct cc_entry *cc_source_main_entry(const struct cc_source *src)
{
	for (size_t i = 0; i < src->n_entries; i++)
		if (src->entries[i].role == CC_ROLE_CHAIN && src->entries[i].n_certs)
			return &src->entries[i];
	for (size_t i = 0; i < src->n_entries; i++)
		if (src->entries[i].n_certs)
			return &src->entries[i];
	return src->n_entries ? &src->entries[0] : NULL;
}

const struct cc_entry *cc_source_trust_entry(const struct cc_source *src)
{
	for (size_t i = 0; i < src->n_entries; i++)
		if (src->entries[i].role == CC_ROLE_TRUST && src->entries[i].n_certs)
			return &src->entries[i];
	return NULL;
}
