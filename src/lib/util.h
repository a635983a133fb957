/* util.h: errors, strings, buffers, time and file helpers shared by the core.
 *
 * Nothing here prints or exits: failures are returned as a struct cc_error
 * that the command layer turns into "certcheck: WHERE: WHAT" and an exit
 * status.
 */
#ifndef CC_UTIL_H
#define CC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Exit statuses: the contract of design.md. */
enum cc_status {
	CC_OK = 0,          /* everything checked holds */
	CC_FAILED = 1,      /* a check, verification or comparison failed */
	CC_USAGE = 2,       /* usage error, unreadable or malformed input */
	CC_NO_CHAIN = 3,    /* no chain could be obtained from a peer */
};

/* An error: the exit status it maps to and "WHERE: WHAT" text. */
struct cc_error {
	enum cc_status status;
	char msg[1024];
};
#define CC_ERROR_INIT { CC_OK, "" }

/* Fill ERR (when not NULL) and return -1, so "report and return" is one
 * line.  WHERE may be NULL; the message then has no location prefix. */
int cc_error_set(struct cc_error *err, enum cc_status status, const char *where,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int cc_error_setv(struct cc_error *err, enum cc_status status, const char *where,
		  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Put PREFIX (e.g. a source name) in front of an error already set. */
void cc_error_prefix(struct cc_error *err, const char *prefix);

/* Allocation that never returns NULL: out of memory aborts (the only way a
 * CLI tool can react; no caller could do better). */
void *cc_xmalloc(size_t n);
void *cc_xcalloc(size_t n, size_t size);
void *cc_xrealloc(void *p, size_t n);
void *cc_xreallocarray(void *p, size_t n, size_t size);
char *cc_xstrdup(const char *s);
char *cc_xstrndup(const char *s, size_t n);
char *cc_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *cc_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow a dynamic array P of *ALLOC elements so that index N fits. */
#define CC_ARRAY_GROW(p, n, alloc)                                              \
	do {                                                                    \
		if ((n) >= (alloc)) {                                           \
			(alloc) = (alloc) ? (alloc) * 2 : 8;                    \
			(p) = cc_xreallocarray((p), (alloc), sizeof(*(p)));     \
		}                                                               \
	} while (0)

/* A growable byte buffer, always NUL-terminated. */
struct cc_buf {
	char *data;
	size_t len;
	size_t alloc;
};
#define CC_BUF_INIT { NULL, 0, 0 }
void cc_buf_add(struct cc_buf *b, const void *data, size_t len);
void cc_buf_adds(struct cc_buf *b, const char *s);
void cc_buf_addf(struct cc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data over to the caller (never NULL) and reset the buffer. */
char *cc_buf_detach(struct cc_buf *b, size_t *len);
void cc_buf_release(struct cc_buf *b);

/* A growable vector of owned strings. */
struct cc_strv {
	char **v;
	size_t n;
	size_t alloc;
};
#define CC_STRV_INIT { NULL, 0, 0 }
void cc_strv_push(struct cc_strv *sv, char *owned);
void cc_strv_pushf(struct cc_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cc_strv_release(struct cc_strv *sv);

/* Lowercase hex of LEN bytes, with SEP between bytes when SEP is not 0. */
char *cc_hex(const unsigned char *data, size_t len, char sep);
/* A printable copy: control bytes and non-UTF-8 become \xNN. */
char *cc_escape(const char *s, size_t len);
/* A copy of S, or when S is longer than MAX bytes its start, "..." and its
 * last TAIL bytes (MAX bytes or fewer in all), cut between UTF-8
 * characters.  TAIL + 3 must be below MAX. */
char *cc_shorten(const char *s, size_t max, size_t tail);

/* Limits that bound memory and time whatever the input. */
#include "cc-limits.h"

/* Read PATH ("-" is standard input) whole, at most CC_MAX_INPUT_BYTES.
 * The data is NUL-terminated (not counted in *LEN). */
int cc_read_file(const char *path, char **data, size_t *len, struct cc_error *err);

/* Write DATA to PATH atomically: a temporary file in the same directory,
 * fsync, then rename.  With EXCLUSIVE an existing PATH is an error and is
 * never replaced (link(2) is used, so no race). */
int cc_write_file_atomic(const char *path, const void *data, size_t len, bool exclusive,
			 struct cc_error *err);
/* The two halves of cc_write_file_atomic, for writers of many files that
 * sync once (syncfs) rather than per file: write DATA to a new temporary
 * file next to PATH (fsync it when SYNC) and return its name in *TMP
 * (caller frees); then give it its final name PATH.  The temporary file is
 * gone after either call fails and after the commit. */
int cc_tmpfile_write(const char *path, const void *data, size_t len, bool sync, char **tmp,
		     struct cc_error *err);
int cc_tmpfile_commit(const char *tmp, const char *path, bool exclusive, struct cc_error *err);

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

/* How many threads the work on a big input is shared by (PEM decoding,
 * a long chain's issuer links): the environment's CERTCHECK_THREADS when
 * set (1 to CC_MAX_THREADS), else the online CPUs.  No result depends on
 * it. */
#define CC_MAX_THREADS 16
unsigned cc_threads(void);

/* Strings with the position they came from, sorted by (string, position):
 * a set's lookups in O(log n) where a scan of every earlier item would make
 * a big bundle's analysis quadratic.  KEY is borrowed. */
struct cc_keyed {
	const char *key;
	size_t pos;
};
void cc_keyed_sort(struct cc_keyed *v, size_t n);
/* The first item of sorted V whose key is KEY (the lowest position), or N. */
size_t cc_keyed_find(const struct cc_keyed *v, size_t n, const char *key);

#endif
