/* file.c: see file.h. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc-limits.h"
#include "mem.h"

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
