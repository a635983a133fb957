/* util.c: see util.h. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Store TEXT (which may be ERR->msg itself) as ERR's message.  Messages go
 * to a terminal and name files and inputs the user did not write: no
 * control byte or broken UTF-8 gets through raw, and a cut is made between
 * two characters. */
static void set_msg(struct cc_error *err, const char *text)
{
	char *safe = cc_escape(text, strlen(text));
	size_t len = strlen(safe);
	if (len >= sizeof(err->msg)) {
		len = sizeof(err->msg) - 1;
		while (len && ((unsigned char)safe[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(err->msg, safe, len);
	err->msg[len] = '\0';
	free(safe);
}

/* The longest place a message names in full; a longer one (a deep key
 * path, a long file name) keeps its start and its end around "...", so the
 * reason after it still fits. */
#define WHERE_MAX 720
#define WHERE_TAIL 160

int cc_error_setv(struct cc_error *err, enum cc_status status, const char *where,
		  const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->status = status;
	int n = 0;
	if (where && *where) {
		char *w = cc_shorten(where, WHERE_MAX, WHERE_TAIL);
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", w);
		free(w);
	}
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		n = 0;
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	set_msg(err, err->msg);
	return -1;
}

int cc_error_set(struct cc_error *err, enum cc_status status, const char *where,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(err, status, where, fmt, ap);
	va_end(ap);
	return -1;
}

void cc_error_prefix(struct cc_error *err, const char *prefix)
{
	if (!err || !prefix || !*prefix)
		return;
	char *msg = cc_xasprintf("%s: %s", prefix, err->msg);
	set_msg(err, msg);
	free(msg);
}

static void *oom(void)
{
	fputs("certcheck: out of memory\n", stderr);
	abort();
}

void *cc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	return p ? p : oom();
}

void *cc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	return p ? p : oom();
}

void *cc_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : oom();
}

void *cc_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return oom();
	return cc_xrealloc(p, n * size);
}

char *cc_xstrdup(const char *s)
{
	return cc_xstrndup(s, strlen(s));
}

char *cc_xstrndup(const char *s, size_t n)
{
	char *p = cc_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cc_xvasprintf(const char *fmt, va_list ap)
{
	if (!fmt)	/* also tells GCC 12 with sanitizers that fmt is set */
		return cc_xstrdup("");
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return cc_xstrdup("");
	char *p = cc_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *cc_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cc_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

static void buf_reserve(struct cc_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		oom();
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	size_t alloc = b->alloc ? b->alloc : 64;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	b->data = cc_xrealloc(b->data, alloc);
	b->alloc = alloc;
}

void cc_buf_add(struct cc_buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void cc_buf_adds(struct cc_buf *b, const char *s)
{
	cc_buf_add(b, s, strlen(s));
}

void cc_buf_addf(struct cc_buf *b, const char *fmt, ...)
{
	if (!fmt)	/* also tells GCC 12 with sanitizers that fmt is set */
		return;
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n >= 0) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

char *cc_buf_detach(struct cc_buf *b, size_t *len)
{
	if (!b->data)
		buf_reserve(b, 0), b->data[0] = '\0';
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

void cc_buf_release(struct cc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

void cc_strv_push(struct cc_strv *sv, char *owned)
{
	CC_ARRAY_GROW(sv->v, sv->n, sv->alloc);
	sv->v[sv->n++] = owned;
}

void cc_strv_pushf(struct cc_strv *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_strv_push(sv, cc_xvasprintf(fmt, ap));
	va_end(ap);
}

void cc_strv_release(struct cc_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

char *cc_hex(const unsigned char *data, size_t len, char sep)
{
	static const char digits[] = "0123456789abcdef";
	char *out = cc_xmalloc(len * 3 + 1);
	char *p = out;
	for (size_t i = 0; i < len; i++) {
		if (sep && i)
			*p++ = sep;
		*p++ = digits[data[i] >> 4];
		*p++ = digits[data[i] & 15];
	}
	*p = '\0';
	return out;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	if (s[0] < 0x80)
		return 1;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

char *cc_shorten(const char *s, size_t max, size_t tail)
{
	size_t len = strlen(s);
	if (len <= max)
		return cc_xstrdup(s);
	size_t head = max - tail - 3, from = len - tail;
	while (head && ((unsigned char)s[head] & 0xc0) == 0x80)
		head--;
	while (from < len && ((unsigned char)s[from] & 0xc0) == 0x80)
		from++;
	return cc_xasprintf("%.*s...%s", (int)head, s, s + from);
}

char *cc_escape(const char *s, size_t len)
{
	struct cc_buf b = CC_BUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	/* Most text needs no escape: copy it at its size (a bundle holds
	 * tens of thousands of these strings). */
	size_t clean = 0;
	while (clean < len) {
		size_t n = utf8_seq(u + clean, len - clean);
		if (n == 0 || (n == 1 && (u[clean] < 0x20 || u[clean] == 0x7f)))
			break;
		clean += n;
	}
	if (clean == len)
		return cc_xstrndup(s, len);
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);
		if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			n = 0;
		if (n == 0) {
			cc_buf_addf(&b, "\\x%02x", u[i]);
			i++;
		} else {
			cc_buf_add(&b, u + i, n);
			i += n;
		}
	}
	return cc_buf_detach(&b, NULL);
}

int cc_read_file(const char *path, char **data, size_t *len, struct cc_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *where = is_stdin ? "(stdin)" : path;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cc_error_set(err, CC_USAGE, where, "cannot open: %s", strerror(errno));

	int ret = -1;
	struct cc_buf b = CC_BUF_INIT;
	struct stat st;
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode)) {
		cc_error_set(err, CC_USAGE, where, "is a directory, not a certificate file");
		goto out;
	}
	/* A regular file's size is known: refuse before reading any of it. */
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CC_MAX_INPUT_BYTES)
		goto too_big;
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			cc_error_set(err, CC_USAGE, where, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > CC_MAX_INPUT_BYTES)
			goto too_big;
		cc_buf_add(&b, chunk, (size_t)n);
	}
	*data = cc_buf_detach(&b, len);
	ret = 0;
	goto out;
too_big:
	cc_error_set(err, CC_USAGE, where, "input is larger than the limit of %zu MiB",
		     CC_MAX_INPUT_BYTES >> 20);
out:
	cc_buf_release(&b);
	if (!is_stdin)
		close(fd);
	return ret;
}

int cc_tmpfile_write(const char *path, const void *data, size_t len, bool sync, char **tmp,
		     struct cc_error *err)
{
	char *name = cc_xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(name);
	if (fd < 0) {
		free(name);
		return cc_error_set(err, CC_USAGE, path, "cannot create: %s", strerror(errno));
	}
	fchmod(fd, 0644);
	const char *p = data;
	size_t left = len;
	int error = 0;
	while (left && !error) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			error = n < 0 ? errno : ENOSPC;
		else
			p += n, left -= (size_t)n;
	}
	if (!error && sync && fsync(fd) != 0)
		error = errno;
	if (close(fd) != 0 && !error)
		error = errno;
	if (error) {
		cc_error_set(err, CC_USAGE, path, "cannot write: %s", strerror(error));
		unlink(name);
		free(name);
		return -1;
	}
	*tmp = name;
	return 0;
}

int cc_tmpfile_commit(const char *tmp, const char *path, bool exclusive, struct cc_error *err)
{
	int ret = 0;
	if (exclusive) {
		/* link() fails when PATH exists: never replaces a file, no race. */
		if (link(tmp, path) != 0)
			ret = cc_error_set(err, CC_USAGE, path, "%s",
					   errno == EEXIST ? "exists already (use --force to replace it)"
							   : strerror(errno));
	} else if (rename(tmp, path) != 0) {
		ret = cc_error_set(err, CC_USAGE, path, "cannot write: %s", strerror(errno));
	}
	unlink(tmp); /* after rename() it is gone already; after link() it must go */
	return ret;
}

int cc_write_file_atomic(const char *path, const void *data, size_t len, bool exclusive,
			 struct cc_error *err)
{
	char *tmp = NULL;
	if (cc_tmpfile_write(path, data, len, true, &tmp, err) < 0)
		return -1;
	int ret = cc_tmpfile_commit(tmp, path, exclusive, err);
	free(tmp);
	return ret;
}

/* Parse exactly N decimal digits at *P. */
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

static int keyed_cmp(const void *a, const void *b)
{
	const struct cc_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

void cc_keyed_sort(struct cc_keyed *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), keyed_cmp);
}

size_t cc_keyed_find(const struct cc_keyed *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo].key, key) == 0 ? lo : n;
}

unsigned cc_threads(void)
{
	const char *env = getenv("CERTCHECK_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CC_MAX_THREADS ? CC_MAX_THREADS : (unsigned)n;
}
