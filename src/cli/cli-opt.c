/* cli-opt.c: every option the commands share, in one call of their getopt
 * loops: above cli.c (the common ones), cli-conn.c (CONN) and cli-many.c
 * (SOURCEs, --targets, -j), which know nothing of each other. */
#include "cli.h"

int cc_cli_shared_opt(struct cc_cli *cli, const struct cc_command *cmd, int opt, const char *arg,
		      struct cc_tls_options *tls, struct cc_cli_many *many, bool *exit_now)
{
	int r = cc_cli_common_opt(cli, cmd, opt, arg, exit_now);
	if (r == 0)
		r = cc_cli_conn_opt(tls, cmd, opt, arg);
	if (r == 0 && many)
		r = cc_cli_many_opt(many, cmd, opt, arg);
	return r;
}
