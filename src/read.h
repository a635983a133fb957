/* read.h: readers that turn bytes into certificates.
 *
 * Each reader appends to an entry or a source and reports errors with the
 * place they come from (WHERE: a file name, or a file name and a key path
 * for data found inside a dump).
 */
#ifndef CC_READ_H
#define CC_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/gnutls.h>
#include <jansson.h>

#include "source.h"

enum cc_cert_format {
	CC_FMT_NONE,    /* nothing certcheck recognises */
	CC_FMT_PEM,     /* "-----BEGIN ..." somewhere in text */
	CC_FMT_DER,     /* one DER certificate */
	CC_FMT_PKCS7,   /* DER PKCS#7 (certificates only) */
};

/* Guess the certificate encoding of DATA from its content. */
enum cc_cert_format cc_detect_cert_format(const char *data, size_t len);

/* Read PEM, DER or PKCS#7 from DATA into ENTRY.  Non-certificate PEM blocks
 * (keys, CSRs, CRLs) are skipped with a note naming their type and line,
 * never their content.  Every certificate block must decode: one bad block
 * fails the whole read (so nothing half-read is ever reported or written).
 * Returns the number of certificates added, or -1. */
int cc_read_certs(const char *data, size_t len, const char *where, struct cc_entry *entry,
		  struct cc_error *err);

/* Decode base64 TEXT into *OUT (release with gnutls_free(OUT->data)).  The
 * standard and URL-safe alphabets are accepted, with or without padding,
 * and whitespace (wrapped lines) is skipped, as protojson and Go's
 * Kubernetes decoder accept them.  Returns 0, or -1 when TEXT is not
 * base64. */
int cc_base64_decode(const char *text, size_t len, gnutls_datum_t *out);

/* Certificates held in one value of a dump: TEXT is PEM (or DER), or, with
 * BASE64, base64 of it.  WHERE is the file and PATH the key path of the
 * value ("dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.
 * inlineBytes"); every error names both.  Content that holds no
 * certificate is an error.  Returns the number of certificates added, or
 * -1. */
int cc_read_embedded(const char *text, size_t len, bool base64, const char *where,
		     const char *path, struct cc_entry *entry, struct cc_error *err);

/* Both dump readers take the DOCS DOC belongs to, so that errors about a
 * value of a YAML input name its line too ("x.yaml: line 9: data.cert:
 * ..."); DOCS may be NULL. */
struct cc_value_docs;

/* --- Envoy, istioctl and ztunnel dumps (read-envoy.c) --- */
enum cc_envoy_shape {
	CC_ENVOY_NONE,
	CC_ENVOY_CONFIG_DUMP,   /* {"configs": [...]}: Envoy /config_dump, istioctl pc all */
	CC_ENVOY_SECRETS,       /* a bare SecretsConfigDump: istioctl pc secret -o json|yaml */
	CC_ENVOY_ZTUNNEL,       /* istioctl ztunnel-config certificates -o json */
};
/* Which dump DOC is, from its keys. */
enum cc_envoy_shape cc_envoy_detect(const json_t *doc);
/* Add DOC's secrets to SRC as entries: tls_certificate chains (role chain)
 * and validation contexts (role trust) under their SDS names, SPIFFE trust
 * bundles as NAME/TRUST-DOMAIN, ztunnel identities by identity.  Private
 * keys are never read.  Placeholders (warming secrets without content,
 * `filename` data sources) become entries without certificates and a
 * note. */
int cc_read_envoy(const json_t *doc, enum cc_envoy_shape shape, const struct cc_value_docs *docs,
		  const char *where, struct cc_source *src, struct cc_error *err);

/* --- Kubernetes objects (read-k8s.c) --- */
/* Whether DOC is a Secret, ConfigMap or List (by "kind"). */
bool cc_k8s_detect(const json_t *doc);
/* Add each certificate key of DOC (a Secret, ConfigMap or List of them) to
 * SRC as an entry NAMESPACE/NAME/KEY: tls.crt, cert-chain.pem, ca-cert.pem
 * and cert are chains, ca.crt, root-cert.pem and cacert trust.  Private
 * keys (tls.key, ca-key.pem, key.pem, key) are never read.  WHERE names
 * the file (and the document of a multi-document YAML stream). */
int cc_read_k8s(const json_t *doc, const struct cc_value_docs *docs, const char *where,
		struct cc_source *src, struct cc_error *err);

#endif
