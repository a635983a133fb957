/* strict.h: what strict TLS clients refuse in a chain, found before a
 * client trips over it.
 *
 * OpenSSL's s_client connects to many servers that GnuTLS, Go, rustls or
 * a browser refuse: a server key usage without digitalSignature (TLS 1.3
 * and ECDHE sign with it), an EKU without serverAuth, a host name only in
 * the CN, SHA-1 signatures, small RSA keys, an intermediate that is not a
 * CA.  Each is a finding (chain.h) with the reason and the fix in words.
 */
#ifndef CC_STRICT_H
#define CC_STRICT_H

#include <stdbool.h>
#include <stddef.h>

#include "chain.h"
#include "entry.h"
#include "verify.h"

/* Finding codes (JSON "code"; documented in certcheck-show(1) and
 * certcheck-json(5)). */
#define CC_F_NO_DIGITAL_SIGNATURE  "no_digital_signature"
#define CC_F_KU_FORBIDS_TLS        "key_usage_forbids_tls"
#define CC_F_EKU_NO_SERVER_AUTH    "eku_no_server_auth"
#define CC_F_EKU_NO_CLIENT_AUTH    "eku_no_client_auth"
#define CC_F_WEAK_RSA_KEY          "weak_rsa_key"
#define CC_F_WEAK_SIGNATURE        "weak_signature"
#define CC_F_LEAF_IS_CA            "leaf_is_ca"
#define CC_F_ISSUER_NOT_CA         "issuer_not_ca"
#define CC_F_ISSUER_NO_CERT_SIGN   "issuer_no_key_cert_sign"
#define CC_F_NAME_ONLY_IN_CN       "name_only_in_cn"
#define CC_F_UNDERSCORE_DNS        "underscore_in_dns_name"

/* The smallest RSA key strict clients accept (OpenSSL at security level 2,
 * GnuTLS's medium profile). */
#define CC_STRICT_MIN_RSA_BITS 2048

struct cc_strict_options {
	enum cc_purpose purpose;  /* what the leaf is for: server (the default),
				     client, or any (no EKU or name checks) */
	bool leaf_known;          /* certificate 1 is an end entity for sure (a
				     TLS peer's own certificate), even with CA:TRUE */
};
#define CC_STRICT_OPTIONS_INIT { CC_PURPOSE_SERVER, false }

/* The options for SRC's chain when the user says its leaf is for PURPOSE:
 * a tls:// source's leaf is the server's own, whatever PURPOSE says. */
struct cc_strict_options cc_strict_options_for(const struct cc_source *src, enum cc_purpose purpose);

/* Whether finding CODE is one of the above. */
bool cc_strict_code(const char *code);

/* Findings for CERTS[0..N) presented as a chain, leaf first.  Certificate
 * 1 is judged as the leaf when O says it is one, or when it is not a CA
 * (CA:FALSE, no basicConstraints, or CA:TRUE without keyCertSign); a file
 * holding only CA certificates (ca-cert.pem, cert-chain.pem) has no leaf.
 * Every certificate that issued another one of the chain (by name) is
 * judged as a CA. */
void cc_strict_analyze(struct cc_cert *const *certs, size_t n, const struct cc_strict_options *o,
		       struct cc_findings *out);
/* Findings for trust anchors: key size only (their own signatures are
 * never checked, and GnuTLS trusts a leaf pinned as an anchor). */
void cc_strict_trust_analyze(struct cc_cert *const *certs, size_t n, struct cc_findings *out);

#endif
