/* timefmt.h: TIME and DURATION as the user writes them and as reports
 * print them. */
#ifndef CC_TIMEFMT_H
#define CC_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* TIME: RFC 3339 ("2026-01-02T03:04:05Z", offsets and fractions allowed) or
 * "@EPOCH".  Strict: anything else is an error. */
int cc_time_parse(const char *s, time_t *out);
/* "2026-01-02T03:04:05Z" into BUF (at least 32 bytes). */
const char *cc_time_format(time_t t, char *buf, size_t size);
/* DURATION: one or more NUMBER UNIT pairs, units s, m, h, d, w ("90m",
 * "12h", "1d12h").  Strict. */
int cc_duration_parse(const char *s, int64_t *seconds);
/* A short human form of a signed duration: "23h 59m", "364d 23h", "-2d 3h". */
const char *cc_duration_format(int64_t seconds, char *buf, size_t size);

#endif
