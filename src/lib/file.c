/* file.c: see file.h. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc-limits.h"
#include "mem.h"

/* Map the pages of a new buffer of SIZE bytes at P in one call rather than
 * one fault at a time as read() fills them: on a virtual machine a fault
 * can cost 15 us, 70 ms for a 19 MB file.  Only worth it for big buffers;
 * a kernel without MADV_POPULATE_WRITE (before Linux 5.14) says no, and
 * the faults happen as before. */
static void prefault(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	if (page <= 0 || size < (size_t)1 << 20)
		return;
	uintptr_t start = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t end = ((uintptr_t)p + size) & ~((uintptr_t)page - 1);
	if (end <= start)
		return;
	/* Where the buffer has whole 2 MiB pages, they are mapped as such. */
	(void)cc_mem_advise_huge(p, size);
	(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)size;
#endif
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
	/* A regular file is read straight into a buffer of its size (a 50 MB
	 * dump copied chunk by chunk into a growing buffer cost a tenth of
	 * its reading); the loop still takes what a growing file adds. */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		(void)cc_mem_big_input((size_t)st.st_size);
		cc_buf_reserve(&b, (size_t)st.st_size + 4096);   /* and room to see the end */
		prefault(b.data, b.alloc);
	}
	for (;;) {
		if (b.alloc <= b.len + 1)
			cc_buf_reserve(&b, 65536);
		b.data[b.len] = '\0';   /* NUL-terminated even when nothing is read */
		ssize_t n = read(fd, b.data + b.len, b.alloc - b.len - 1);
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
		b.len += (size_t)n;
		b.data[b.len] = '\0';
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
