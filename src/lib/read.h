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

#include "entry.h"

enum cc_cert_format {
	CC_FMT_NONE,    /* nothing certcheck recognises */
	CC_FMT_PEM,     /* "-----BEGIN ..." somewhere in text */
	CC_FMT_DER,     /* one DER certificate */
	CC_FMT_PKCS7,   /* DER PKCS#7 (certificates only) */
	CC_FMT_PKCS12,  /* DER PKCS#12 (.p12, .pfx): a source of its own (read-pkcs12.c) */
	CC_FMT_JKS,     /* a Java keystore (JKS, JCEKS): recognised to be refused */
	CC_FMT_BASE64,  /* base64 text of any of the above, wrapped or not */
};

/* Guess the certificate encoding of DATA from its content.  DER is judged
 * by its first element, so certificates back to back and a trailing
 * newline are DER too. */
enum cc_cert_format cc_detect_cert_format(const char *data, size_t len);

/* The length of the DER element (tag, length, content) DATA starts with,
 * which may exceed LEN when DATA is truncated; 0 when DATA does not start
 * with a definite-length DER header.  (libtasn1 reads the header.) */
size_t cc_der_element_len(const void *data, size_t len);

/* Read PEM, DER (one or several back to back), PKCS#7, or base64 text of
 * them from DATA into ENTRY.  Non-certificate PEM blocks (keys, CSRs,
 * CRLs) are skipped with a note naming their type and line, never their
 * content; OpenSSL's TRUSTED CERTIFICATE gives its certificate and a note
 * on the trust settings after it.  PKCS#12 is an error here (it is read as
 * a whole source, cc_read_pkcs12), Java keystores an error that gives the
 * keytool command converting them.  Every certificate block must decode: one bad block
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

/* The source format of certificates encoded as FMT. */
enum cc_source_format cc_source_format_of(enum cc_cert_format fmt);
/* "pem", "der", "pkcs7", ... for FMT: cc_source_format_of's name. */
const char *cc_cert_format_name(enum cc_cert_format fmt);

/* --- PKCS#12 (read-pkcs12.c) --- */
/* Add the certificates of the PKCS#12 file DATA to SRC: per private key
 * bag, one chain entry (named by the leaf's friendlyName, else WHERE, or
 * WHERE/N with several keys): the certificate paired with the key by
 * localKeyID first, then the certificates paired with no key; without a
 * key (a trust store), one trust entry WHERE.  The MAC is verified with PASSWORD
 * (when not NULL), else with the empty password, else none; a wrong or
 * missing password is an error saying so.  Key bags are never decrypted
 * or copied: only their localKeyID is looked at. */
int cc_read_pkcs12(const char *data, size_t len, const char *password, const char *where,
		   struct cc_source *src, struct cc_error *err);

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

/* --- Any other JSON or YAML document (read-any.c) --- */
/* Add the certificates found anywhere in DOC to SRC, each string an entry
 * named PREFIX (may be NULL) and its key path ("data.certificate",
 * "webhooks[0].clientConfig.caBundle"): PEM text in any string, and base64
 * of PEM, DER or PKCS#7 under a key named caBundle, *-data, *.crt or *.pem
 * (other values there are skipped with a note).  A list of strings is one
 * entry (Vault's ca_chain).  Keys named like keys (cc_any_key_is_private)
 * are never looked into.  The role is trust for caBundle, ca.crt,
 * issuing_ca, ca_chain and the like, chain otherwise.  Returns the number
 * of entries added, or -1 when a value that holds PEM does not decode. */
int cc_read_any(const json_t *doc, const struct cc_value_docs *docs, const char *where,
		const char *prefix, struct cc_source *src, struct cc_error *err);
/* Whether key NAME says it holds a private key: it contains "key" (any
 * case) or starts with "private". */
bool cc_any_key_is_private(const char *name);
/* DOC for messages: "a Deployment (default/web)", "an object without
 * \"kind\"".  Caller frees. */
char *cc_k8s_describe(const json_t *doc);
/* "NAMESPACE/NAME/" or "NAME/" of a Kubernetes object, or NULL without
 * metadata.name.  Caller frees. */
char *cc_k8s_prefix(const json_t *doc);

/* --- Kubernetes objects (read-k8s.c) --- */
/* Whether DOC is a Secret, ConfigMap, List or kubeconfig (by "kind"). */
bool cc_k8s_detect(const json_t *doc);
/* Add each certificate key of DOC (a Secret, ConfigMap or List of them) to
 * SRC as an entry NAMESPACE/NAME/KEY: tls.crt, cert-chain.pem, ca-cert.pem
 * and cert are chains, ca.crt, root-cert.pem and cacert trust.  Private
 * keys (tls.key, ca-key.pem, key.pem, key) are never read.  Other objects
 * of a List are read by cc_read_any (entries NAMESPACE/NAME/PATH) or,
 * holding no certificate, skipped with a note naming their kind and name.
 * A kubeconfig (kind: Config) gives cluster/NAME (its
 * certificate-authority-data, trust) and user/NAME (client-certificate-data,
 * chain); file paths are noted, not followed; *-key-data never decoded.  WHERE names
 * the file (and the document of a multi-document YAML stream). */
int cc_read_k8s(const json_t *doc, const struct cc_value_docs *docs, const char *where,
		struct cc_source *src, struct cc_error *err);

#endif
