/* mem.c: see mem.h. */
#include "mem.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/* --- huge pages for big inputs --- */

bool cc_mem_advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), b = ((uintptr_t)p + len) & ~(huge - 1);
	return b > a && madvise((void *)a, b - a, MADV_HUGEPAGE) == 0;
#else
	(void)p;
	(void)len;
	return false;
#endif
}

#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && CC_MEM_TUNES_MALLOC
static atomic_bool big_heap;
#endif

bool cc_mem_big_input(size_t bytes)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && CC_MEM_TUNES_MALLOC
	/* The heap brk grows is the main thread's; a worker allocates from
	 * a heap of its own. */
	if (bytes < CC_MEM_BIG_INPUT || getpid() != gettid() || atomic_exchange(&big_heap, true))
		return false;
	size_t pad = bytes > INT32_MAX / 6 ? INT32_MAX / 2 : bytes * 3;
	/* Blocks up to 32 MiB (glibc's most) come from the heap rather than
	 * from mappings of their own; nothing is given back. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, INT32_MAX);
	mallopt(M_TOP_PAD, (int)pad);
	/* Ask for more than the free top of the heap holds: the heap grows
	 * by that and PAD, which then holds the blocks to come. */
	struct mallinfo2 mi = mallinfo2();
	void *p = malloc(mi.keepcost + 4096);
	if (!p)
		return false;
	bool advised = cc_mem_advise_huge(p, (size_t)((char *)sbrk(0) - (char *)p));
	free(p);
	return advised;
#else
	(void)bytes;
	return false;
#endif
}

void cc_buf_reserve(struct cc_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		oom();
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	size_t alloc = b->alloc ? b->alloc : need < 64 ? 64 : need;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	b->data = cc_xrealloc(b->data, alloc);
	b->alloc = alloc;
}

void cc_buf_add(struct cc_buf *b, const void *data, size_t len)
{
	cc_buf_reserve(b, len);
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
		cc_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

char *cc_buf_detach(struct cc_buf *b, size_t *len)
{
	if (!b->data)
		cc_buf_reserve(b, 0), b->data[0] = '\0';
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

size_t cc_keyed_lower_bound(const struct cc_keyed *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t cc_keyed_find(const struct cc_keyed *v, size_t n, const char *key)
{
	size_t lo = cc_keyed_lower_bound(v, n, key);
	return lo < n && strcmp(v[lo].key, key) == 0 ? lo : n;
}

static struct cc_hnode **bucket_of(const struct cc_htable *t, const unsigned char *key)
{
	size_t h;
	memcpy(&h, key, sizeof(h));
	return &t->buckets[h & (t->n_buckets - 1)];
}

struct cc_hnode *cc_htable_first(const struct cc_htable *t, const unsigned char *key)
{
	return t->n_buckets ? *bucket_of(t, key) : NULL;
}

void cc_htable_add(struct cc_htable *t, struct cc_hnode *node)
{
	if (t->n >= t->n_buckets) {
		struct cc_htable bigger = { .n_buckets = t->n_buckets ? t->n_buckets * 2 : 256 };
		bigger.buckets = cc_xcalloc(bigger.n_buckets, sizeof(*bigger.buckets));
		for (size_t i = 0; i < t->n_buckets; i++)
			for (struct cc_hnode *e = t->buckets[i], *next; e; e = next) {
				next = e->next;
				struct cc_hnode **b = bucket_of(&bigger, e->key);
				e->next = *b;
				*b = e;
			}
		free(t->buckets);
		t->buckets = bigger.buckets;
		t->n_buckets = bigger.n_buckets;
	}
	struct cc_hnode **b = bucket_of(t, node->key);
	node->next = *b;
	*b = node;
	t->n++;
}

void cc_htable_remove(struct cc_htable *t, struct cc_hnode *node)
{
	for (struct cc_hnode **p = bucket_of(t, node->key); *p; p = &(*p)->next)
		if (*p == node) {
			*p = node->next;
			if (--t->n == 0) {
				free(t->buckets);
				t->buckets = NULL;
				t->n_buckets = 0;
			}
			return;
		}
}

void cc_htable_clear(struct cc_htable *t)
{
	for (size_t i = 0; i < t->n_buckets; i++)
		for (struct cc_hnode *n = t->buckets[i], *next; n; n = next) {
			next = n->next;
			free(n);
		}
	free(t->buckets);
	t->buckets = NULL;
	t->n_buckets = t->n = 0;
}
