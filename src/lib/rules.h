/* rules.h: every rule the path validator applies, as a table.
 *
 * Each rule has a stable code (JSON "code", certcheck-verify(1)), the
 * section of RFC 5280 / RFC 6125 / the CA/B Forum Baseline Requirements it
 * comes from, the mainstream TLS clients that refuse a chain over it (from
 * their source and documentation: OpenSSL 3 with default flags, BoringSSL as
 * Envoy uses it, Go crypto/x509, GnuTLS 3.7+, rustls-webpki), the fix, and
 * what each profile makes of it:
 *   clients  fails what at least one of those clients refuses, warns of the rest;
 *   compat   fails only what OpenSSL 3 (default flags) or GnuTLS refuses;
 *   strict   fails every RFC 5280 and web-PKI rule, as x509-limbo expects.
 */
#ifndef CC_RULES_H
#define CC_RULES_H

#include <stddef.h>

enum cc_profile {
	CC_PROFILE_CLIENTS,
	CC_PROFILE_COMPAT,
	CC_PROFILE_STRICT,
};
#define CC_N_PROFILES 3
/* "clients", "compat", "strict"; -1 for anything else. */
int cc_profile_parse(const char *s, enum cc_profile *out);
const char *cc_profile_name(enum cc_profile p);

enum cc_rule_level {
	CC_RULE_OFF,   /* not reported */
	CC_RULE_WARN,  /* reported, the chain still passes */
	CC_RULE_FAIL,  /* the path fails */
};

/* X(ID, code, section, clients that refuse it, clients, compat, strict, fix) */
#define CC_RULES(X)                                                                                 \
	X(NO_PATH, "no_path", "RFC 5280 6.1", "all", FAIL, FAIL, FAIL,                               \
	  "send the missing intermediates, or trust the root that issued the top certificate")       \
	X(BAD_SIGNATURE, "bad_signature", "RFC 5280 6.1.3(a)(1)", "all", FAIL, FAIL, FAIL,           \
	  "re-issue the certificate from the issuer whose key signs it")                              \
	X(ISSUER_KEY_UNUSABLE, "issuer_key_unusable", "RFC 5280 6.1.3(a)(1)", "all", FAIL, FAIL,     \
	  FAIL, "issue from a CA whose key is RSA (2048+), ECDSA P-256/P-384/P-521 or Ed25519")       \
	X(DEPTH_EXCEEDED, "depth_exceeded", "verifier policy (--max-depth)",                          \
	  "OpenSSL, BoringSSL (with a depth set), rustls (6 intermediates)", FAIL, FAIL, FAIL,        \
	  "shorten the chain, or raise --max-depth")                                                  \
	X(BUDGET_EXCEEDED, "budget_exceeded", "verifier policy",                                      \
	  "all (each bounds path building)", FAIL, FAIL, FAIL,                                        \
	  "remove unrelated certificates from the chain and the intermediates")                      \
	X(EXPIRED, "expired", "RFC 5280 4.1.2.5, 6.1.3(a)(2)", "all", FAIL, FAIL, FAIL,              \
	  "renew the certificate")                                                                    \
	X(NOT_YET_VALID, "not_yet_valid", "RFC 5280 4.1.2.5, 6.1.3(a)(2)", "all", FAIL, FAIL, FAIL,  \
	  "wait until notBefore, or fix the clock of the issuing CA")                                 \
	X(ANCHOR_EXPIRED, "anchor_expired", "RFC 5280 6.1.1(d)",                                      \
	  "OpenSSL, BoringSSL, Go, GnuTLS", FAIL, FAIL, FAIL, "trust the renewed root")               \
	X(ISSUER_NOT_CA, "issuer_not_ca", "RFC 5280 4.2.1.9, 6.1.4(k)", "all", FAIL, FAIL, FAIL,      \
	  "re-issue the intermediate with basicConstraints = critical, CA:TRUE")                      \
	X(ANCHOR_NO_BC, "anchor_no_basic_constraints", "RFC 5280 4.2.1.9; BR 7.1.2.1.2", "Go", FAIL,  \
	  WARN, FAIL, "re-issue the root with basicConstraints = critical, CA:TRUE")                  \
	X(BC_NOT_CRITICAL, "ca_basic_constraints_not_critical", "RFC 5280 4.2.1.9; BR 7.1.2.1.2",     \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, FAIL,                \
	  "mark basicConstraints critical on CA certificates")                                       \
	X(PATH_LENGTH, "path_length", "RFC 5280 4.2.1.9, 6.1.4(l,m)", "all", FAIL, FAIL, FAIL,        \
	  "raise the issuing CA's pathlen, or shorten the chain")                                    \
	X(PATH_LENGTH_SELF_ISSUED, "path_length_self_issued", "RFC 5280 4.2.1.9 (self-issued exempt)", \
	  "Go, GnuTLS, rustls (they count self-issued intermediates)", FAIL, FAIL, OFF,               \
	  "raise the CA's pathlen: some clients count self-issued (key rollover) certificates")     \
	X(ISSUER_NO_CERT_SIGN, "issuer_no_key_cert_sign", "RFC 5280 4.2.1.3, 6.1.4(n)", "all", FAIL,  \
	  FAIL, FAIL, "re-issue the CA with keyUsage = critical, keyCertSign, cRLSign")              \
	X(CA_NO_KU, "ca_no_key_usage", "RFC 5280 4.2.1.3; BR 7.1.2.1.2",                              \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, WARN,                \
	  "add keyUsage = critical, keyCertSign, cRLSign to the CA")                                 \
	X(LEAF_CERT_SIGN, "leaf_key_cert_sign", "RFC 5280 4.2.1.9", "rustls", FAIL, WARN, FAIL,       \
	  "drop keyCertSign from the leaf's keyUsage")                                               \
	X(LEAF_KU_NO_TLS, "leaf_key_usage_no_tls", "RFC 5280 4.2.1.3; BR 7.1.2.7.11",                 \
	  "OpenSSL, BoringSSL", FAIL, FAIL, FAIL,                                                     \
	  "keyUsage = critical, digitalSignature (and keyEncipherment for RSA)")                      \
	X(LEAF_IS_CA, "leaf_is_ca", "BR 7.1.2.7.8", "rustls", FAIL, WARN, FAIL,                       \
	  "issue the leaf with basicConstraints = critical, CA:FALSE")                                \
	X(PATHLEN_NOT_CA, "pathlen_without_ca", "RFC 5280 4.2.1.9", "BoringSSL", FAIL, WARN, FAIL,    \
	  "drop pathLenConstraint from certificates that are not CAs or lack keyCertSign")           \
	X(EKU_LEAF, "leaf_eku_purpose", "RFC 5280 4.2.1.12; BR 7.1.2.7.10", "all", FAIL, FAIL, FAIL,  \
	  "add the purpose (serverAuth or clientAuth) to the leaf's extendedKeyUsage")               \
	X(EKU_EMPTY, "eku_empty", "RFC 5280 4.2.1.12", "OpenSSL, BoringSSL, rustls", FAIL, FAIL, FAIL, \
	  "list at least one purpose in extendedKeyUsage, or drop the extension")                    \
	X(EKU_LEAF_ANY_ONLY, "leaf_eku_any_only", "RFC 5280 4.2.1.12; BR 7.1.2.7.10",                 \
	  "OpenSSL, BoringSSL, rustls", FAIL, FAIL, FAIL,                                             \
	  "list serverAuth/clientAuth instead of anyExtendedKeyUsage")                               \
	X(EKU_LEAF_ANY, "leaf_eku_any", "BR 7.1.2.7.10", "none", WARN, WARN, FAIL,                    \
	  "drop anyExtendedKeyUsage from the leaf")                                                  \
	X(EKU_LEAF_MISSING, "leaf_eku_missing", "BR 7.1.2.7.6", "none", WARN, WARN, FAIL,             \
	  "add extendedKeyUsage = serverAuth (and clientAuth if needed) to the leaf")               \
	X(EKU_LEAF_CRITICAL, "leaf_eku_critical", "BR 7.1.2.7.6", "none", WARN, WARN, FAIL,           \
	  "mark extendedKeyUsage non-critical on the leaf")                                          \
	X(EKU_ISSUER, "issuer_eku_purpose", "BR 7.1.2.10.6 (EKU chaining)", "all", FAIL, FAIL, FAIL,  \
	  "add the purpose to the intermediate's extendedKeyUsage, or drop the extension")          \
	X(EKU_ISSUER_ANY_ONLY, "issuer_eku_any_only", "BR 7.1.2.10.6",                                \
	  "OpenSSL, BoringSSL, GnuTLS, rustls", FAIL, FAIL, FAIL,                                     \
	  "list the purposes instead of anyExtendedKeyUsage on the intermediate")                    \
	X(EKU_ANCHOR, "anchor_eku_purpose", "BR 7.1.2.1.2", "OpenSSL, Go", FAIL, FAIL, FAIL,          \
	  "trust a root whose extendedKeyUsage allows the purpose (or has none)")                    \
	X(EKU_ANCHOR_PRESENT, "anchor_has_eku", "BR 7.1.2.1.2", "none", WARN, WARN, FAIL,             \
	  "roots should carry no extendedKeyUsage")                                                  \
	X(UNKNOWN_CRITICAL, "unknown_critical_extension", "RFC 5280 4.2", "all", FAIL, FAIL, FAIL,    \
	  "mark the extension non-critical, or drop it")                                             \
	X(AKI_CRITICAL, "aki_critical", "RFC 5280 4.2.1.1", "OpenSSL, BoringSSL, Go, rustls", FAIL,   \
	  FAIL, FAIL, "mark authorityKeyIdentifier non-critical")                                    \
	X(SKI_CRITICAL, "ski_critical", "RFC 5280 4.2.1.2", "OpenSSL, BoringSSL, Go, rustls", FAIL,   \
	  FAIL, FAIL, "mark subjectKeyIdentifier non-critical")                                      \
	X(AIA_CRITICAL, "aia_critical", "RFC 5280 4.2.2.1", "OpenSSL, BoringSSL, Go, rustls", FAIL,   \
	  FAIL, FAIL, "mark authorityInfoAccess non-critical")                                       \
	X(AKI_MISSING, "aki_missing", "RFC 5280 4.2.1.1; BR 7.1.2.7.6",                               \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, FAIL,                \
	  "add authorityKeyIdentifier = keyid (openssl: -extfile with authorityKeyIdentifier)")      \
	X(SKI_MISSING, "ski_missing", "RFC 5280 4.2.1.2; BR 7.1.2.6.1",                               \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, FAIL,                \
	  "add subjectKeyIdentifier = hash to CA certificates")                                      \
	X(ANCHOR_AKI_NO_KEYID, "anchor_aki_without_keyid", "BR 7.1.2.1.3", "none", WARN, WARN, FAIL,  \
	  "give the root an authorityKeyIdentifier with keyIdentifier only, or none")                \
	X(ANCHOR_AKI_MISMATCH, "anchor_aki_mismatch", "BR 7.1.2.1.3",                                 \
	  "OpenSSL (without partial chains: the root is not self-signed to it)", FAIL, FAIL, FAIL,    \
	  "re-issue the root with an authorityKeyIdentifier equal to its own key identifier")        \
	X(AIA_MALFORMED, "aia_malformed", "RFC 5280 4.2.2.1; BR 7.1.2.7.7", "Go", FAIL, WARN, FAIL,   \
	  "re-issue with a well-formed authorityInfoAccess")                                         \
	X(PC_NOT_CRITICAL, "policy_constraints_not_critical", "RFC 5280 4.2.1.11", "none", WARN,      \
	  WARN, FAIL, "mark policyConstraints critical")                                             \
	X(DUPLICATE_EXTENSION, "duplicate_extension", "RFC 5280 4.2", "all", FAIL, FAIL, FAIL,        \
	  "re-issue with each extension once")                                                       \
	X(EXTENSIONS_NOT_V3, "extensions_not_v3", "RFC 5280 4.1.2.9", "BoringSSL, GnuTLS, rustls",    \
	  FAIL, FAIL, FAIL, "issue version 3 certificates")                                           \
	X(NOT_V3, "not_v3", "BR 7.1.1", "rustls", FAIL, WARN, FAIL, "issue version 3 certificates")   \
	X(EMPTY_ISSUER, "empty_issuer_name", "RFC 5280 4.1.2.4",                                     \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, FAIL,                \
	  "give the issuing CA a non-empty subject")                                                 \
	X(CA_EMPTY_SUBJECT, "ca_empty_subject", "RFC 5280 4.1.2.6",                                   \
	  "OpenSSL X509_STRICT only (Python 3.13+ default context)", WARN, WARN, FAIL,                \
	  "give the CA a non-empty subject")                                                         \
	X(EMPTY_SUBJECT_SAN, "empty_subject_san_not_critical", "RFC 5280 4.2.1.6; BR 7.1.2.7.12",     \
	  "OpenSSL 3.x X509_STRICT only", WARN, WARN, FAIL,                                          \
	  "mark subjectAltName critical when the subject is empty")                                  \
	X(SAN_CRITICAL_SUBJECT, "san_critical_with_subject", "BR 7.1.2.7.12", "none", WARN, WARN,     \
	  FAIL, "mark subjectAltName non-critical when the subject is not empty")                    \
	X(NAME_MISMATCH, "name_mismatch", "RFC 6125 6.4; RFC 5280 4.2.1.6", "all", FAIL, FAIL, FAIL,  \
	  "add the name to the leaf's subjectAltName")                                              \
	X(NAME_ONLY_IN_CN, "name_only_in_cn", "BR 7.1.2.7.12; RFC 6125 6.4.4",                        \
	  "Go, rustls, Envoy (no subjectAltName: no name)", FAIL, WARN, FAIL,                         \
	  "put the host name in subjectAltName (subjectAltName = DNS:NAME)")                          \
	X(CN_NOT_IN_SAN, "cn_not_in_san", "BR 7.1.4.3", "none", WARN, WARN, WARN,                     \
	  "make the common name one of the subjectAltName values, spelled the same")                \
	X(CN_SPELLING, "cn_spelled_unlike_san", "BR 7.1.4.3 (RFC 3986 3.2.2, RFC 5952 4)", "none",    \
	  WARN, WARN, FAIL, "copy the subjectAltName value into the common name byte for byte")      \
	X(UNDERSCORE_DNS, "underscore_in_dns_name", "RFC 5280 4.2.1.6 (preferred name syntax)",       \
	  "none", WARN, WARN, FAIL, "use host names without underscores")                             \
	X(WILDCARD_PUBLIC_SUFFIX, "wildcard_on_public_suffix", "BR 3.2.2.6", "none", WARN, WARN,      \
	  FAIL, "issue for names under a registrable domain, not a public suffix")                    \
	X(NC_PERMITTED, "nc_not_permitted", "RFC 5280 4.2.1.10, 6.1.3(b)", "all", FAIL, FAIL, FAIL,   \
	  "issue names inside the CA's permitted subtrees, or widen them")                           \
	X(NC_EXCLUDED, "nc_excluded", "RFC 5280 4.2.1.10, 6.1.3(b)", "all", FAIL, FAIL, FAIL,         \
	  "issue names outside the CA's excluded subtrees")                                          \
	X(NC_WILDCARD_EXCLUDED, "nc_wildcard_covers_excluded", "RFC 5280 4.2.1.10; RFC 9525",          \
	  "BoringSSL, Go, rustls", FAIL, WARN, FAIL,                                                  \
	  "replace the wildcard with the names it is meant for")                                     \
	X(NC_SELF_ISSUED, "nc_on_self_issued", "RFC 5280 6.1.3(b) (self-issued exempt)",              \
	  "Go, rustls (they constrain self-issued intermediates)", FAIL, OFF, OFF,                    \
	  "keep a self-issued intermediate's names inside its issuer's constraints")                 \
	X(NC_UNSUPPORTED_NAME, "nc_unsupported_name_form", "RFC 5280 4.2.1.10", "all", FAIL, FAIL,     \
	  FAIL, "drop name forms the CA constrains but no client can check (otherName, ...)")        \
	X(NC_UNSUPPORTED_CONSTRAINT, "nc_unsupported_constraint", "RFC 5280 4.2.1.10",                \
	  "Go, GnuTLS", FAIL, FAIL, OFF, "constrain only DNS, IP, email, URI and directory names")    \
	X(NC_INVALID_SAN, "nc_invalid_name", "RFC 5280 4.2.1.10, 4.2.1.6", "Go, rustls", FAIL, FAIL,   \
	  FAIL, "fix the malformed subjectAltName")                                                  \
	X(NC_MALFORMED, "nc_malformed", "RFC 5280 4.2.1.10", "all", FAIL, FAIL, FAIL,                 \
	  "re-issue the CA with well-formed name constraints")                                       \
	X(NC_EMPTY, "nc_empty", "RFC 5280 4.2.1.10; BR 7.1.2.5.2", "Go", FAIL, WARN, FAIL,            \
	  "give nameConstraints at least one permitted or excluded subtree, or drop it")             \
	X(NC_NOT_CRITICAL, "nc_not_critical", "RFC 5280 4.2.1.10 (BR 7.1.2.10.8 allows it)", "none",   \
	  WARN, WARN, FAIL, "mark nameConstraints critical")                                         \
	X(NC_IN_LEAF, "nc_in_leaf", "RFC 5280 4.2.1.10; BR 7.1.2.7.6", "none", WARN, WARN, FAIL,      \
	  "drop nameConstraints from the leaf")                                                      \
	X(NC_LEADING_PERIOD, "nc_dns_leading_period", "RFC 5280 4.2.1.10", "none", WARN, WARN, FAIL,  \
	  "write DNS constraints without a leading period (example.com covers its subdomains)")      \
	X(NC_TOO_COMPLEX, "nc_too_complex", "verifier policy", "OpenSSL, BoringSSL, GnuTLS, rustls",  \
	  FAIL, FAIL, FAIL, "fewer names or fewer constraints")                                       \
	X(WEAK_SIGNATURE, "weak_signature", "BR 7.1.3.2", "OpenSSL (TLS security level 1+), Go, "     \
	  "GnuTLS, rustls", FAIL, FAIL, FAIL, "re-issue signed with SHA-256 or better")               \
	X(ANCHOR_WEAK_SIGNATURE, "anchor_weak_self_signature", "none (a root's own signature is not " \
	  "checked)", "none", WARN, WARN, WARN, "nothing needed; re-issue the root when convenient")  \
	X(DSA_ISSUER, "dsa_issuer", "BR 6.1.5, 7.1.3", "BoringSSL, Go, rustls", FAIL, WARN, FAIL,     \
	  "issue from an RSA or ECDSA CA")                                                            \
	X(DSA_LEAF, "dsa_leaf", "BR 6.1.5", "none", WARN, WARN, FAIL, "use an RSA or ECDSA key")      \
	X(WEAK_KEY, "weak_key", "BR 6.1.5", "GnuTLS, rustls, OpenSSL (TLS security level 2)", FAIL,   \
	  FAIL, FAIL, "use RSA 2048+ or ECDSA P-256+")                                                \
	X(RSA_ODD_SIZE, "rsa_size_not_multiple_of_8", "BR 6.1.5", "none", WARN, WARN, FAIL,           \
	  "use an RSA modulus size divisible by 8 (2048, 3072, 4096)")                                \
	X(KEY_UNSUPPORTED, "key_unsupported", "BR 6.1.5, 7.1.3.1.2", "all", FAIL, FAIL, FAIL,         \
	  "use RSA, ECDSA on a named curve P-256/P-384/P-521, or Ed25519")                            \
	X(SERIAL_INVALID, "serial_invalid", "RFC 5280 4.1.2.2", "none", WARN, WARN, FAIL,             \
	  "issue with a positive serial of at most 20 octets")                                       \
	X(SERIAL_NEGATIVE, "serial_negative", "RFC 5280 4.1.2.2", "Go", FAIL, WARN, FAIL,             \
	  "issue with a positive serial number")                                                      \
	X(CRL_REVOKED, "revoked", "RFC 5280 6.3", "all (when given the CRL)", FAIL, FAIL, FAIL,       \
	  "issue a new certificate; the CRL lists this one as revoked")                               \
	X(CRL_NO_NUMBER, "crl_number_missing", "RFC 5280 5.2.3", "rustls", FAIL, WARN, FAIL,          \
	  "have the CA put a cRLNumber in its CRLs")                                                  \
	X(CRL_NUMBER_CRITICAL, "crl_number_critical", "RFC 5280 5.2.3", "OpenSSL, BoringSSL", FAIL,   \
	  FAIL, FAIL, "have the CA mark cRLNumber non-critical")                                      \
	X(CRL_ISSUER_NO_CRL_SIGN, "crl_issuer_no_crl_sign", "RFC 5280 4.2.1.3, 6.3.3(f)",             \
	  "OpenSSL, BoringSSL, rustls", FAIL, FAIL, FAIL,                                             \
	  "sign CRLs with a key whose certificate has keyUsage cRLSign")                              \
	X(CRL_STALE, "crl_not_current", "RFC 5280 6.3.3(a)", "OpenSSL, BoringSSL, GnuTLS", FAIL,      \
	  FAIL, FAIL, "fetch a current CRL")                                                          \
	X(CRL_BAD_SIGNATURE, "crl_bad_signature", "RFC 5280 6.3.3(f,g)", "OpenSSL, BoringSSL", FAIL,  \
	  FAIL, FAIL, "fetch the CRL again from its issuer: this one is damaged or from another key") \
	X(CRL_UNUSED, "crl_unused", "RFC 5280 6.3.3(b)", "none", WARN, WARN, WARN,                    \
	  "give the CRL of the issuer of the certificate to check")

enum cc_rule_id {
#define CC_RULE_ENUM(id, ...) CC_R_##id,
	CC_RULES(CC_RULE_ENUM)
#undef CC_RULE_ENUM
	CC_R__COUNT
};

struct cc_rule {
	const char *code;
	const char *section;
	const char *clients;
	enum cc_rule_level level[CC_N_PROFILES]; /* indexed by enum cc_profile */
	const char *fix;
};

const struct cc_rule *cc_rule_get(enum cc_rule_id id);

#endif
