/* timefmt.c: see timefmt.h. */
#include "timefmt.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cc_time_parse(const char *s, time_t *out)
{
	if (!s || !*s)
		return -1;
	if (s[0] == '@') {
		const char *p = s + 1;
		bool neg = *p == '-';
		if (neg)
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		char *end;
		long long v = strtoll(p, &end, 10);
		if (errno || *end)
			return -1;
		*out = (time_t)(neg ? -v : v);
		return 0;
	}
	const char *p = s;
	int y, mo, d, h, mi, sec;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' ') || !++p ||
	    !digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
	    !digits(&p, 2, &sec))
		return -1;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	long offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;
		if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 23 || om > 59)
			return -1;
		offset = sign * (oh * 3600L + om * 60L);
	} else {
		return -1;
	}
	if (*p)
		return -1;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = sec == 60 ? 59 : sec };
	*out = timegm(&tm) - offset;
	return 0;
}

const char *cc_time_format(time_t t, char *buf, size_t size)
{
	struct tm tm;
	/* RFC 3339 has four-digit years only (strftime's %Y would print "26"
	 * for the year 26, which no parser reads back): other times as @EPOCH. */
	if (gmtime_r(&t, &tm) && tm.tm_year >= -1900 && tm.tm_year <= 9999 - 1900)
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(buf, size, "@%lld", (long long)t);
	return buf;
}

int cc_duration_parse(const char *s, int64_t *seconds)
{
	if (!s || !*s)
		return -1;
	int64_t total = 0;
	const char *p = s;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		int64_t n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n > (INT64_MAX - 9) / 10)
				return -1;
			n = n * 10 + (*p++ - '0');
		}
		int64_t unit;
		switch (*p++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		default: return -1;
		}
		/* Bound durations at 1000 years: far enough for any certificate. */
		if (n > 1000LL * 366 * 86400 / unit || total > 1000LL * 366 * 86400 - n * unit)
			return -1;
		total += n * unit;
	}
	*seconds = total;
	return 0;
}

const char *cc_duration_format(int64_t seconds, char *buf, size_t size)
{
	const char *sign = seconds < 0 ? "-" : "";
	uint64_t s = seconds < 0 ? (uint64_t)(-(seconds + 1)) + 1 : (uint64_t)seconds;
	uint64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
	if (d)
		snprintf(buf, size, "%s%" PRIu64 "d %" PRIu64 "h", sign, d, h);
	else if (h)
		snprintf(buf, size, "%s%" PRIu64 "h %" PRIu64 "m", sign, h, m);
	else if (m)
		snprintf(buf, size, "%s%" PRIu64 "m %" PRIu64 "s", sign, m, s % 60);
	else
		snprintf(buf, size, "%s%" PRIu64 "s", sign, s);
	return buf;
}
