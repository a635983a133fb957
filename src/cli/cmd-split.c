/* cmd-split.c: certcheck split: one normalised PEM file per certificate. */
#include <string.h>

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
	struct cc_strv written = CC_STRV_INIT;
	int r = cc_split_entry(e, dir, prefix, force, &written, &err);
	for (size_t i = 0; !cli->quiet && i < written.n; i++)
		printf("%s\n", written.v[i]);
	int status = r < 0 ? cc_cli_error(&err) : CC_OK;
	cc_strv_release(&written);
	cc_source_free(src);
	return status;
}

const struct cc_command cc_cmd_split = {
	"split", run, "write each certificate of a chain to its own PEM file", usage,
};
