/* cli-split.c: a chain's certificates as one PEM file each, written whole
 * or not at all: split's work, and connect --save's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "load.h"

/* mkdir -p DIR. */
static int make_dir(const char *dir, struct cc_error *err)
{
	char *path = cc_xstrdup(dir);
	int ret = 0;
	for (char *p = path + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			ret = cc_error_set(err, CC_USAGE, path, "cannot create directory: %s",
					   strerror(errno));
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	struct stat st;
	if (ret == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		ret = cc_error_set(err, CC_USAGE, dir, "not a directory");
	free(path);
	return ret;
}

/* Flush DIR's file system once: cheaper than an fsync per file when a
 * bundle splits into thousands of them. */
static int sync_dir(const char *dir, struct cc_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || syncfs(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return cc_error_set(err, CC_USAGE, dir, "cannot write: %s", strerror(e));
	}
	close(fd);
	return 0;
}

int cc_split_entry(const struct cc_entry *e, const char *dir, const char *prefix, bool force,
		   struct cc_strv *written, struct cc_error *err)
{
	if (make_dir(dir, err) < 0)
		return -1;
	char **paths = cc_xcalloc(e->n_certs, sizeof(*paths));
	char **tmps = cc_xcalloc(e->n_certs, sizeof(*tmps));
	int ret = -1;
	for (size_t i = 0; i < e->n_certs; i++)
		paths[i] = cc_xasprintf("%s/%s-%zu.pem", dir, prefix, i + 1);
	/* Refuse before writing anything, so a refusal leaves no new file. */
	for (size_t i = 0; i < e->n_certs && !force; i++)
		if (access(paths[i], F_OK) == 0) {
			cc_error_set(err, CC_USAGE, paths[i], "exists already (use --force to replace it)");
			goto out;
		}
	/* Every file is written and synced under a temporary name before the
	 * first one gets its real name: a name never shows a partial file. */
	for (size_t i = 0; i < e->n_certs; i++) {
		char *pem = cc_cert_pem(e->certs[i]);
		int r = cc_tmpfile_write(paths[i], pem, strlen(pem), false, &tmps[i], err);
		free(pem);
		if (r < 0)
			goto out;
	}
	if (sync_dir(dir, err) < 0)
		goto out;
	for (size_t i = 0; i < e->n_certs; i++) {
		int r = cc_tmpfile_commit(tmps[i], paths[i], !force, err);
		free(tmps[i]);
		tmps[i] = NULL;
		if (r < 0)
			goto out;
		cc_strv_push(written, cc_xstrdup(paths[i]));
	}
	ret = 0;
out:
	for (size_t i = 0; i < e->n_certs; i++) {
		if (tmps[i])
			unlink(tmps[i]);
		free(tmps[i]);
		free(paths[i]);
	}
	free(tmps);
	free(paths);
	return ret;
}
