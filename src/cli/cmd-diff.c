/* cmd-diff.c: certcheck diff: compare two certificates or two chains. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "load.h"
#include "tls-info.h"

static const char usage[] =
	"Usage: certcheck diff [CONN] [OPTIONS] A B\n"
	"\n"
	"Compare the chains of A and B position by position (two single\n"
	"certificates are a chain of one): subject, issuer, serial, validity,\n"
	"public key and its SPKI SHA-256, SKI, AKI, SANs, basic constraints, key\n"
	"usage, EKU, signature algorithm, fingerprint.  Each pair gets a verdict:\n"
	"identical; same key, re-issued; same subject, different key; different.\n"
	"The text form leads with the verdict and shows only what differs, A's\n"
	"value (expected) beside B's (found).\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default) or json\n"
	CC_OUTPUT_HELP
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 identical, 1 different, 2 usage or input error, 3 no chain\n"
	"could be obtained from a tls:// source.\n";

static int run(int argc, char **argv, struct cc_cli *cli)
{
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		CC_OUTPUT_LONGOPTS,
		CC_CONN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_diff;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	enum cc_format format = CC_FORMAT_TEXT;
	bool exit_now = false;
	const char *output = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "o:f:", longopts, NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &tls, NULL, &exit_now);
		if (r < 0)
			return CC_USAGE;
		if (exit_now)
			return CC_OK;
		if (r > 0)
			continue;
		if (opt == 'o')
			output = optarg;
		if (opt == 'f' &&
		    cc_cli_parse_format(cmd, optarg,
					CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
					&format) < 0)
			return CC_USAGE;
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		return CC_USAGE;
	if (argc - optind != 2)
		return cc_cli_usage_error(cmd, "diff: two SOURCEs are needed, A and B");
	if (cc_cli_stdin_once(cc_cli_stdin_uses((const char *const *)argv + optind, 2)) < 0)
		return CC_USAGE;

	struct cc_source *src[2] = { NULL, NULL };
	int status = CC_OK;
	for (int i = 0; i < 2; i++) {
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(argv[optind + i], &lo, &src[i], &err) < 0) {
			status = cc_cli_error(&err);
			goto out;
		}
	}
	const struct cc_entry *a = cc_source_main_entry(src[0]), *b = cc_source_main_entry(src[1]);
	struct cc_diff d;
	cc_diff_chains(a->certs, a->n_certs, b->certs, b->n_certs, &d);
	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output, format, cli) < 0) {
		status = CC_USAGE;
	} else {
		cc_report_diff(&o.report, &(struct cc_diff_report){ &d, argv[optind], argv[optind + 1] });
		status = cc_cli_output_close(&o, cc_cli_status(1, CC_OK, d.worst != CC_VERDICT_IDENTICAL));
	}
	cc_diff_release(&d);
out:
	cc_source_free(src[0]);
	cc_source_free(src[1]);
	return status;
}

const struct cc_command cc_cmd_diff = {
	"diff", run, "compare two certificates or chains field by field, with a verdict", usage,
};
