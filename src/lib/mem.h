/* mem.h: allocation that never fails, a heap grown for a big input,
 * growable arrays, byte buffers, string vectors, sorted keyed arrays and
 * hash tables of 32-byte keys.
 *
 * The owner of a struct cc_buf or cc_strv releases it with its _release
 * function; the pointers of struct cc_keyed are borrowed.
 */
#ifndef CC_MEM_H
#define CC_MEM_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

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

/* Huge pages for the heap of a job on an input of BYTES (a file about to
 * be read): from CC_MEM_BIG_INPUT on, the main thread's heap grows now by
 * three times BYTES in one piece, marked for transparent huge pages
 * (madvise MADV_HUGEPAGE), and nothing of it is given back before exit.
 * On a virtual machine a page fault costs microseconds, and a 20,000-
 * certificate job takes some 25,000 of them; with 2 MiB pages, a few
 * dozen.  Only the main heap: the worker threads' heaps (glibc's arenas)
 * churn, and huge pages there took 1.6 times the memory for no gain.
 * Nothing is promised: false when it did nothing (a smaller input, not the
 * main thread, a second call, not glibc's allocator, no room). */
#define CC_MEM_BIG_INPUT ((size_t)8 << 20)
bool cc_mem_big_input(size_t bytes);

/* Mark the whole 2 MiB pages within [P, P + LEN) for transparent huge
 * pages (madvise MADV_HUGEPAGE); false when none was marked. */
bool cc_mem_advise_huge(void *p, size_t len);

/* Whether cc_mem_big_input can act: not under a sanitizer, which brings
 * its own allocator. */
#if defined(__SANITIZE_ADDRESS__)
#define CC_MEM_TUNES_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CC_MEM_TUNES_MALLOC 0
#endif
#endif
#ifndef CC_MEM_TUNES_MALLOC
#define CC_MEM_TUNES_MALLOC 1
#endif

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
/* Room for EXTRA more bytes (and the NUL): exactly that much in an empty
 * buffer, else by doubling. */
void cc_buf_reserve(struct cc_buf *b, size_t extra);
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
/* The first item of sorted V whose key is not below KEY, or N: the items
 * whose keys start with a prefix follow it. */
size_t cc_keyed_lower_bound(const struct cc_keyed *v, size_t n, const char *key);

/* Records found by a 32-byte key (a SHA-256): each embeds a struct
 * cc_hnode, chained in buckets by the key's first bytes; twice the buckets
 * when there are as many nodes.  The owner takes LOCK around every call
 * and compares keys (and whatever else makes a record the one) itself. */
struct cc_hnode {
	struct cc_hnode *next;
	unsigned char key[32];
};
struct cc_htable {
	pthread_mutex_t lock;
	struct cc_hnode **buckets;
	size_t n_buckets, n;
};
#define CC_HTABLE_INIT { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0 }
/* The first node of KEY's bucket (follow ->next), NULL when empty. */
struct cc_hnode *cc_htable_first(const struct cc_htable *t, const unsigned char *key);
void cc_htable_add(struct cc_htable *t, struct cc_hnode *node);
void cc_htable_remove(struct cc_htable *t, struct cc_hnode *node);
/* Free every node (each was allocated on its own, the node first) and
 * the buckets: for tables that live for the run, at exit. */
void cc_htable_clear(struct cc_htable *t);

#endif
