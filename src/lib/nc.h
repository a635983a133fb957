/* nc.h: name constraints (RFC 5280 4.2.1.10), matched by certcheck.
 *
 * GnuTLS decodes the nameConstraints extension; these functions decide
 * whether one name falls inside one subtree.  validate.c applies every
 * CA's subtrees of a path to the names of the certificates below it.
 */
#ifndef CC_NC_H
#define CC_NC_H

#include <stdbool.h>
#include <stddef.h>

/* DNS name N inside subtree C: C empty (everything), "example.com" (itself
 * and its subdomains) or ".example.com" (subdomains only).  ASCII case is
 * ignored; a wildcard label in N is compared as a label. */
bool cc_nc_dns_match(const char *c, const char *n);
/* Wildcard SAN "*.R" could stand for a name inside the excluded subtree C
 * (C = "x.R" for one label x). */
bool cc_nc_wildcard_covers(const char *c, const char *wildcard);
/* Mailbox N (local@domain) inside C: a mailbox (exact), a host (any mailbox
 * there) or ".domain" (any mailbox in its subdomains). */
bool cc_nc_email_match(const char *c, const char *n);
/* Whether N is a mailbox local@domain with both parts non-empty. */
bool cc_nc_email_valid(const char *n);
/* The host of URI N inside C (a host, or ".domain"); a URI without an
 * authority or with an IP literal host matches nothing. */
bool cc_nc_uri_match(const char *c, const char *n);
/* IP address N (4 or 16 bytes) inside C (address and mask, 8 or 32 bytes);
 * false across families. */
bool cc_nc_ip_match(const unsigned char *c, size_t clen, const unsigned char *n, size_t nlen);
/* Whether C is an address and a contiguous mask of 8 or 32 bytes. */
bool cc_nc_ip_constraint_valid(const unsigned char *c, size_t clen);
/* Directory name N (DER Name) inside C (DER Name): C's RDNs are the first
 * RDNs of N.  False when either is not a DER SEQUENCE. */
bool cc_nc_dn_match(const unsigned char *c, size_t clen, const unsigned char *n, size_t nlen);
/* The same with C as GnuTLS gives a directoryName constraint: RFC 4514
 * text ("CN=foo"). */
bool cc_nc_dn_str_match(const char *c, const unsigned char *n, size_t nlen);
/* Whether a DNS name is syntactically a host name (letters, digits,
 * hyphens, underscores, dots between labels; a leading "*." allowed). */
bool cc_nc_dns_valid(const char *n);

#endif
