/* cmd-split.c: certcheck split: one normalised PEM file per certificate. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "load.h"
#include "tls-info.h"

static const char usage[] =
	"Usage: certcheck split [CONN] [OPTIONS] SOURCE\n"
	"\n"
	"Write each certificate of SOURCE's chain to DIR/PREFIX-1.pem, PREFIX-2.pem,\n"
	"... in presented order, as PEM re-encoded from the DER, and print the paths.\n"
	"Files are written whole or not at all; existing files are never replaced\n"
	"without --force.  Use SOURCE#NAME to pick one entry of a dump.\n"
	"\n"
	"Options:\n"
	"  -d, --dir DIR        where to write (default: the current directory;\n"
	"                       created if missing)\n"
	"  -p, --prefix NAME    file name prefix (default: cert; proxy-cert gives\n"
	"                       proxy-cert-1.pem, ...)\n"
	"      --force          replace existing files\n"
	"  -q, --quiet          do not print the paths\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP;

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
		   const struct cc_cli *cli, FILE *out, struct cc_error *err)
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
		if (!cli->quiet)
			fprintf(out, "%s\n", paths[i]);
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

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_FORCE = CC_OPT_FIRST_COMMAND_OPT };
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		{ "dir", required_argument, NULL, 'd' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, OPT_FORCE },
		CC_CONN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	const char *dir = ".", *prefix = "cert";
	bool force = false, exit_now = false;
	int opt;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "d:p:", longopts, NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, &cc_cmd_split, opt, optarg, &tls, NULL, &exit_now);
		if (r < 0)
			return CC_USAGE;
		if (exit_now)
			return CC_OK;
		if (r > 0)
			continue;
		switch (opt) {
		case 'd':
			dir = optarg;
			break;
		case 'p':
			prefix = optarg;
			break;
		case OPT_FORCE:
			force = true;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, &cc_cmd_split) < 0)
		return CC_USAGE;
	if (!*dir)
		return cc_cli_usage_error(&cc_cmd_split, "--dir: empty directory name");
	if (!*prefix || strchr(prefix, '/'))
		return cc_cli_usage_error(&cc_cmd_split, "--prefix: '%s' is not a file name prefix",
					  prefix);
	if (optind >= argc)
		return cc_cli_usage_error(&cc_cmd_split, "split: no SOURCE given");
	if (argc - optind > 1)
		return cc_cli_usage_error(&cc_cmd_split, "split: one SOURCE at a time");

	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_load(argv[optind], &lo, &src, &err) < 0)
		return cc_cli_error(&err);
	const struct cc_entry *e = cc_source_main_entry(src);
	for (size_t n = 0; n < e->notes.n; n++)
		cc_cli_note(cli, "%s", e->notes.v[n]);
	int status = CC_OK;
	if (cc_split_entry(e, dir, prefix, force, cli, stdout, &err) < 0)
		status = cc_cli_error(&err);
	cc_source_free(src);
	return status;
}

const struct cc_command cc_cmd_split = {
	"split", run, "write each certificate of a chain to its own PEM file", usage,
};
