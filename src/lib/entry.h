/* entry.h: the source model: a source, the entries it yields and their
 * certificates.
 *
 * A source (a file, standard input or a live endpoint) yields entries;
 * each entry has a name, a role and its certificates in the order they
 * appear.  Readers (read.h) and the loader (load.h) add entries and
 * certificates through this module; commands, checks and writers look
 * them up.  The source owns its entries, an entry its certificates (one
 * reference each, cert.h), the notes and the TLS facts (tls-info.h).
 */
#ifndef CC_ENTRY_H
#define CC_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "cert.h"
#include "tls-info.h"
#include "util.h"

enum cc_role {
	CC_ROLE_CHAIN,   /* certificates presented or issued, leaf first */
	CC_ROLE_TRUST,   /* roots a proxy or secret trusts */
};
const char *cc_role_name(enum cc_role role);

struct cc_entry {
	char *name;
	enum cc_role role;
	struct cc_cert **certs;
	size_t n_certs;
	size_t alloc_certs;
	struct cc_strv notes;    /* what the reader skipped or could not see */
};

/* Append CERT (ownership passes to ENTRY). */
void cc_entry_add_cert(struct cc_entry *entry, struct cc_cert *cert);
/* Free what ENTRY owns (not ENTRY itself, which lives in its source). */
void cc_entry_release(struct cc_entry *entry);

/* What a source was read as.  The names (cc_source_format_name) are what
 * `show` reports; the traits answer the questions commands and checks
 * ask of a format, so that no one compares names. */
enum cc_source_format {
	CC_SOURCE_UNKNOWN,              /* not read (yet): no name */
	CC_SOURCE_NONE,                 /* "none": nothing recognised */
	CC_SOURCE_PEM,                  /* "pem" */
	CC_SOURCE_DER,                  /* "der" */
	CC_SOURCE_PKCS7,                /* "pkcs7" */
	CC_SOURCE_PKCS12,               /* "pkcs12" */
	CC_SOURCE_JKS,                  /* "jks" */
	CC_SOURCE_BASE64,               /* "base64" */
	CC_SOURCE_TLS,                  /* "tls": a live endpoint */
	CC_SOURCE_ENVOY_CONFIG_DUMP,    /* "envoy-config-dump" */
	CC_SOURCE_ISTIOCTL_SECRET,      /* "istioctl-secret" */
	CC_SOURCE_ZTUNNEL_CERTIFICATES, /* "ztunnel-certificates" */
	CC_SOURCE_KUBECONFIG,           /* "kubeconfig" */
	CC_SOURCE_KUBERNETES,           /* "kubernetes": Secrets, ConfigMaps, Lists */
	CC_SOURCE_JSON_YAML,            /* "json-yaml": any other document */
};
struct cc_source_format_info {
	const char *name;
	/* Certificates in one of their encodings (PEM, DER, PKCS#7, base64),
	 * whose entry says why none was found; for any other format the
	 * source's or the entry's notes do. */
	bool encoding;
	/* A JSON or YAML document read by a dump reader (read-envoy.c,
	 * read-k8s.c, read-any.c). */
	bool document;
	/* Its chains are also checked against the source's own trust
	 * entries (`show`'s trust link): every format but PEM, DER, PKCS#7,
	 * tls and none. */
	bool own_trust;
};
/* The traits of FORMAT (an unknown value has none and no name). */
const struct cc_source_format_info *cc_source_format_get(enum cc_source_format format);
/* "pem", "envoy-config-dump", ...; NULL for CC_SOURCE_UNKNOWN. */
const char *cc_source_format_name(enum cc_source_format format);
/* The format named NAME, or CC_SOURCE_UNKNOWN. */
enum cc_source_format cc_source_format_from_name(const char *name);

struct cc_source {
	char *spec;              /* as the user gave it */
	char *location;          /* the path, "(stdin)" or "HOST:PORT": for messages */
	char *select;            /* the #NAME part, or NULL */
	bool is_stdin;           /* "-": read standard input (never decided by
				    LOCATION: a file may be named "(stdin)") */
	bool is_tls;
	enum cc_source_format format;
	struct cc_entry *entries;
	size_t n_entries;
	size_t alloc_entries;
	struct cc_strv notes;
	struct cc_tls_info *tls; /* tls:// sources only */
	/* The trust entries by name (cc_source_index_trust), so that each of
	 * a dump's thousands of chains finds its trust entries without a scan
	 * of every entry; in use while n_entries is still INDEXED_ENTRIES. */
	struct cc_keyed *trust_index;
	size_t n_trust_index, indexed_entries;
};

/* Add an empty entry to SRC and return it (valid until the next add). */
struct cc_entry *cc_source_add_entry(struct cc_source *src, const char *name, enum cc_role role);
/* Free everything SRC owns, not SRC itself. */
void cc_source_release(struct cc_source *src);
void cc_source_free(struct cc_source *src);

/* (Re)build SRC's trust_index. */
void cc_source_index_trust(struct cc_source *src);

/* The number of certificates of all of SRC's entries. */
size_t cc_source_count_certs(const struct cc_source *src);
/* The entry whose certificates a single-chain command works on: the
 * selected one, else the first chain entry, else the first entry. */
const struct cc_entry *cc_source_main_entry(const struct cc_source *src);
/* The first trust entry, or NULL. */
const struct cc_entry *cc_source_trust_entry(const struct cc_source *src);

#endif
