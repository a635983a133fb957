/* cert.h: the certificate model.
 *
 * A struct cc_cert holds the DER and every field `show` prints, decoded once
 * through GnuTLS.  The GnuTLS object itself is not kept (it costs far more
 * memory than the DER, and big bundles hold thousands of certificates):
 * cc_cert_crt() imports it again when an operation needs it.
 *
 * A certificate met again (the same DER, in any entry or source of the
 * run) is not decoded again: cc_cert_from_der returns the certificate
 * already decoded, shared and counted, and cc_cert_free releases one use.
 * So a struct cc_cert is never changed after it is made (every pointer to
 * one may be shared); both calls are safe from several threads.
 */
#ifndef CC_CERT_H
#define CC_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <gnutls/x509.h>

#include "util.h"

enum cc_san_type {
	CC_SAN_DNS,
	CC_SAN_IP,
	CC_SAN_URI,
	CC_SAN_EMAIL,
	CC_SAN_OTHER,
};

struct cc_san {
	enum cc_san_type type;
	char *value;   /* printable (cc_escape), IPs in inet_ntop form */
};

/* Key usage bits, as GnuTLS numbers them (GNUTLS_KEY_*). */
struct cc_cert {
	unsigned char *der;
	size_t der_len;

	int version;
	char *subject;           /* "O=Istio,CN=Root CA" (stored order), "" when empty */
	bool no_cn;              /* the subject surely has no CN (a SPIFFE workload
				    certificate's): no need to import it again to
				    read its CNs */
	char *issuer;
	char *serial;            /* lowercase hex, no separators; a negative one
				    (RFC 5280 forbids them, some CAs issued them)
				    as OpenSSL prints it: "-" and the magnitude */
	bool serial_negative;
	time_t not_before, not_after;

	struct cc_san *sans;
	size_t n_sans;
	bool san_critical;

	char *key_type;          /* "RSA", "EC", "Ed25519", ... */
	unsigned key_bits;
	char *key_curve;         /* "SECP256R1" for EC keys, else NULL */
	char *key_unsupported;   /* NULL when GnuTLS can use the public key; else why
				    not, in words ("brainpoolP256r1: curve not
				    supported by GnuTLS"): nothing signed with this
				    key can be checked, so no link from a certificate
				    it issued is confirmed or refuted (CC_LINK_UNCHECKED)
				    and it is never self_signed */
	char *sig_alg;           /* "RSA-SHA256", or the OID when unknown */
	bool sig_insecure;       /* GnuTLS deems the signature algorithm broken */

	char *ski;               /* hex, NULL when absent */
	char *aki;

	bool has_bc, bc_critical, is_ca;
	int path_len;            /* -1 when unlimited or absent */

	bool has_ku, ku_critical;
	unsigned key_usage;      /* GNUTLS_KEY_* bits */

	char **eku;              /* names ("serverAuth") or dotted OIDs */
	size_t n_eku;
	bool eku_critical;

	char sha256[65];         /* hex of the DER's SHA-256 */
	char spki_sha256[45];    /* base64 of the SubjectPublicKeyInfo's SHA-256 */
	bool self_signed;        /* subject = issuer and its own key verifies it */

	/* The decode cache's (cert.c): uses, and the node that chains the
	 * certificate in its bucket by the DER's SHA-256 (node.key). */
	size_t refs;
	struct cc_hnode node;
};

/* Decode a DER certificate, or share the one decoded from the same DER.
 * WHERE names it in errors. */
int cc_cert_from_der(const void *der, size_t len, const char *where, struct cc_cert **out,
		     struct cc_error *err);
/* Release one use of CERT; the last frees it. */
void cc_cert_free(struct cc_cert *cert);

/* A fresh GnuTLS object for CERT (caller deinits); NULL if it cannot be
 * imported (it always can: it was decoded once). */
gnutls_x509_crt_t cc_cert_crt(const struct cc_cert *cert);

/* The tbsCertificate (or a CRL's tbsCertList) of DER: the first element
 * of its outer SEQUENCE, pointing into DER; false when DER does not parse
 * that far. */
bool cc_der_tbs(const unsigned char *der, size_t len, gnutls_datum_t *tbs);

/* The certificate as PEM text (caller frees). */
char *cc_cert_pem(const struct cc_cert *cert);

/* Byte-identical DER. */
bool cc_cert_equal(const struct cc_cert *a, const struct cc_cert *b);
/* Same public key (SPKI). */
bool cc_cert_same_key(const struct cc_cert *a, const struct cc_cert *b);

/* The position of the first certificate of V (N of them) equal to C (by
 * DER, cc_cert_equal), or N. */
size_t cc_certs_find(const struct cc_cert *const *v, size_t n, const struct cc_cert *c);
/* Append to *V (size *N, capacity *ALLOC) each certificate of ADD not
 * already there (by DER); the pointers are borrowed.  Returns how many were
 * appended.  The one way certificates are gathered without repeats. */
size_t cc_certs_add_unique(struct cc_cert ***v, size_t *n, size_t *alloc, struct cc_cert *const *add,
			   size_t n_add);
/* A new array FIRST of N: FIRST[I] is the position of the first
 * certificate of CERTS equal to CERTS[I] (by DER), I itself for a first
 * occurrence.  Found through the fingerprints, not by comparing every
 * pair, so a big bundle costs O(n log n). */
size_t *cc_certs_first_occurrences(struct cc_cert *const *certs, size_t n);

/* How CHILD relates to a candidate ISSUER. */
enum cc_link {
	CC_LINK_SIGNED,        /* issuer DN matches and ISSUER's key verifies CHILD */
	CC_LINK_KEYID_MISMATCH,/* issuer DN matches, but AKI names another key and the
				  signature does not verify: a different issuer */
	CC_LINK_BAD_SIGNATURE, /* issuer DN (and key ID) match, the signature does not verify */
	CC_LINK_UNCHECKED,     /* issuer DN matches, but ISSUER's key is one GnuTLS
				  cannot use (key_unsupported): no verdict */
	CC_LINK_NONE,          /* issuer DN differs */
};
enum cc_link cc_cert_link(const struct cc_cert *child, const struct cc_cert *issuer);

/* "serverAuth" for the id-kp OIDs certcheck knows, else the OID itself. */
const char *cc_eku_name(const char *oid);
/* Key usage bit names, in RFC 5280 order, as the strings show prints. */
size_t cc_key_usage_names(unsigned ku, const char **names, size_t max);
const char *cc_san_type_name(enum cc_san_type type);

/* Append C's key usage bit names ("digitalSignature, keyEncipherment"),
 * its EKU names, or its SANs ("DNS:a, IP:127.0.0.1") to B, comma-separated;
 * each returns how many it appended (nothing is appended for none). */
size_t cc_cert_add_key_usage(struct cc_buf *b, const struct cc_cert *c);
size_t cc_cert_add_eku(struct cc_buf *b, const struct cc_cert *c);
size_t cc_cert_add_sans(struct cc_buf *b, const struct cc_cert *c);
/* Whether C's EKU lists NAME ("serverAuth") or anyExtendedKeyUsage; the
 * caller decides what a certificate without EKU means. */
bool cc_cert_allows_eku(const struct cc_cert *c, const char *name);

#endif
