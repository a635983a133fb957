/* escape.h: strings made safe to show: hex, escaped bytes, shortened. */
#ifndef CC_ESCAPE_H
#define CC_ESCAPE_H

#include <stddef.h>

/* Lowercase hex of LEN bytes, with SEP between bytes when SEP is not 0. */
char *cc_hex(const unsigned char *data, size_t len, char sep);
/* A printable copy: control bytes and non-UTF-8 become \xNN. */
char *cc_escape(const char *s, size_t len);
/* A copy of S, or when S is longer than MAX bytes its start, "..." and its
 * last TAIL bytes (MAX bytes or fewer in all), cut between UTF-8
 * characters.  TAIL + 3 must be below MAX. */
char *cc_shorten(const char *s, size_t max, size_t tail);

#endif
