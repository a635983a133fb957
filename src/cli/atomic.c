/* atomic.c: see atomic.h. */
#include "atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

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
