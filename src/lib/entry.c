/* entry.c: see entry.h. */
#include "entry.h"

#include <stdlib.h>
#include <string.h>

const char *cc_role_name(enum cc_role role)
{
	return role == CC_ROLE_TRUST ? "trust" : "chain";
}

void cc_entry_add_cert(struct cc_entry *entry, struct cc_cert *cert)
{
	CC_ARRAY_GROW(entry->certs, entry->n_certs, entry->alloc_certs);
	entry->certs[entry->n_certs++] = cert;
}

void cc_entry_release(struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++)
		cc_cert_free(e->certs[i]);
	free(e->certs);
	free(e->name);
	cc_strv_release(&e->notes);
}

/* The one place formats are named and described. */
static const struct cc_source_format_info formats[] = {
	[CC_SOURCE_UNKNOWN] = { NULL, false, false, false },
	[CC_SOURCE_NONE] = { "none", false, false, false },
	[CC_SOURCE_PEM] = { "pem", true, false, false },
	[CC_SOURCE_DER] = { "der", true, false, false },
	[CC_SOURCE_PKCS7] = { "pkcs7", true, false, false },
	[CC_SOURCE_PKCS12] = { "pkcs12", false, false, true },
	[CC_SOURCE_JKS] = { "jks", false, false, true },
	[CC_SOURCE_BASE64] = { "base64", true, false, true },
	[CC_SOURCE_TLS] = { "tls", false, false, false },
	[CC_SOURCE_ENVOY_CONFIG_DUMP] = { "envoy-config-dump", false, true, true },
	[CC_SOURCE_ISTIOCTL_SECRET] = { "istioctl-secret", false, true, true },
	[CC_SOURCE_ZTUNNEL_CERTIFICATES] = { "ztunnel-certificates", false, true, true },
	[CC_SOURCE_KUBECONFIG] = { "kubeconfig", false, true, true },
	[CC_SOURCE_KUBERNETES] = { "kubernetes", false, true, true },
	[CC_SOURCE_JSON_YAML] = { "json-yaml", false, true, true },
};
#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

const struct cc_source_format_info *cc_source_format_get(enum cc_source_format format)
{
	return &formats[(size_t)format < N_FORMATS ? format : CC_SOURCE_UNKNOWN];
}

const char *cc_source_format_name(enum cc_source_format format)
{
	return cc_source_format_get(format)->name;
}

enum cc_source_format cc_source_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < N_FORMATS; i++)
		if (formats[i].name && strcmp(formats[i].name, name) == 0)
			return (enum cc_source_format)i;
	return CC_SOURCE_UNKNOWN;
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

void cc_source_release(struct cc_source *src)
{
	for (size_t i = 0; i < src->n_entries; i++)
		cc_entry_release(&src->entries[i]);
	free(src->entries);
	cc_strv_release(&src->notes);
	cc_tls_info_free(src->tls);
	free(src->spec);
	free(src->location);
	free(src->select);
	free(src->trust_index);
}

void cc_source_index_trust(struct cc_source *src)
{
	free(src->trust_index);
	src->trust_index = cc_xcalloc(src->n_entries ? src->n_entries : 1, sizeof(*src->trust_index));
	src->n_trust_index = 0;
	for (size_t i = 0; i < src->n_entries; i++)
		if (src->entries[i].role == CC_ROLE_TRUST)
			src->trust_index[src->n_trust_index++] =
				(struct cc_keyed){ src->entries[i].name, i };
	cc_keyed_sort(src->trust_index, src->n_trust_index);
	src->indexed_entries = src->n_entries;
}

void cc_source_free(struct cc_source *src)
{
	if (!src)
		return;
	cc_source_release(src);
	free(src);
}

size_t cc_source_count_certs(const struct cc_source *src)
{
	size_t n = 0;
	for (size_t i = 0; i < src->n_entries; i++)
		n += src->entries[i].n_certs;
	return n;
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
