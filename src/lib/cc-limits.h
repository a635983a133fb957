/* cc-limits.h: the limits that bound memory and time whatever the input.
 *
 * (Not "limits.h": src/ is on the include path, so that name would hide the
 * C library's <limits.h> from every file that includes it.)
 *
 * Every limit is far above what a real chain, bundle or dump needs and far
 * below what would hurt a CI runner.  Each breach is an input error (exit 2)
 * that names the file and the limit; docs/certcheck.1.scd (LIMITS) lists
 * them for users.
 */
#ifndef CC_LIMITS_H
#define CC_LIMITS_H

#include <stddef.h>

/* One file or standard input.  The system CA bundle is about 0.2 MiB and a
 * full Envoy /config_dump of a busy gateway a few MiB; 64 MiB leaves room
 * for the largest dumps while keeping the worst case (the input plus its
 * decoded copies) well under a gigabyte. */
#define CC_MAX_INPUT_BYTES ((size_t)64 << 20)

/* There is no limit on the certificates in one entry (a chain, a bundle,
 * a trust list): real bundles hold tens of thousands (the CCADB list of
 * public intermediates, CT log extracts, a Java cacerts export), and
 * CC_MAX_INPUT_BYTES already bounds them.  Every analysis of an entry is
 * O(n log n) in its certificates, and memory stays proportional to the
 * input (a repeated certificate is decoded and held once, cert.h).
 *
 * A PKCS#12 file's chains all repeat the certificates paired with no key,
 * so the file's certificates times its keys bound the entries it yields:
 * the keys, and the certificates its chains hold together, are bounded. */
#define CC_MAX_PKCS12_KEYS 1000
#define CC_MAX_PKCS12_CHAIN_CERTS 100000

/* The DER of one certificate.  Real certificates are 0.5-4 KiB; the largest
 * seen in practice (hundreds of SANs) stay under 100 KiB, and a TLS stack
 * refuses a Certificate message far smaller than this (GnuTLS: 128 KiB).
 * 1 MiB can only be a mistake or an attack. */
#define CC_MAX_CERT_BYTES ((size_t)1 << 20)

/* SOURCE arguments of one command.  A CI job checking every workload of a
 * large mesh names a few thousand; 10000 bounds the work of `check -j`
 * and of the all-pairs root comparison. */
#define CC_MAX_SOURCES 10000

/* Nesting of JSON/YAML dumps (objects and arrays).  A full Envoy
 * /config_dump is 21 levels deep; protobuf, which produces every Envoy and
 * istioctl dump, refuses messages nested deeper than 100 by default, so no
 * real dump is deeper.  Enforced by the dump readers while loading. */
#define CC_MAX_NESTING 100

#endif
