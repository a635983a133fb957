/* read.h: readers that turn bytes into certificates.
 *
 * Each reader appends to an entry or a source and reports errors with the
 * place they come from (WHERE: a file name, or a file name and a key path
 * for data found inside a dump).
 */
#ifndef CC_READ_H
#define CC_READ_H

#include <stddef.h>

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

#endif
