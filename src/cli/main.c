/* main.c: global options, the command table and dispatch.  What the
 * commands share (messages, option parsing, the exit status) is cli.c's. */
#include <string.h>

#include <gnutls/gnutls.h>

#include "cli.h"
#include "config.h"

static const struct cc_command *const commands[] = {
	&cc_cmd_show,
	&cc_cmd_split,
	&cc_cmd_connect,
	&cc_cmd_verify,
	&cc_cmd_diff,
	&cc_cmd_check,
	&cc_cmd_roots,
	&cc_cmd_serve,
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *fp)
{
	fputs("Usage: certcheck [--color WHEN] [-q] COMMAND [OPTIONS] SOURCE...\n"
	      "\n"
	      "Inspect, verify and compare X.509 certificate chains: from PEM, DER,\n"
	      "PKCS#7 or PKCS#12 files, standard input, Istio/Envoy and Kubernetes\n"
	      "dumps, kubeconfigs, any JSON or YAML holding certificates, or live TLS\n"
	      "endpoints (certcheck-sources(7) lists every format).\n"
	      "\n"
	      "Commands:\n",
	      fp);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "Global options:\n"
	      "  -h, --help          show this help (COMMAND --help: the command's)\n"
	      "      --version       print the version\n"
	      "      --color WHEN    auto, always or never (default auto; NO_COLOR is honoured)\n"
	      "  -q, --quiet         no notes on stderr; print only what fails\n"
	      "\n"
	      "SOURCE: PATH, - (stdin), or PATH#NAME for one entry of a dump.\n"
	      "        tls://HOST[:PORT] reads the chain a live endpoint presents;\n"
	      "        so do https://HOST[:PORT][/PATH], ldaps://, smtps://, imaps://, pop3s://.\n"
	      "DURATION: a number and a unit s, m, h, d or w (90m, 12h, 30d).\n"
	      "TIME: RFC 3339 (2026-01-02T03:04:05Z) or @EPOCH.\n"
	      "\n"
	      "Exit status: 0 all holds, 1 a check failed, 2 usage or input error,\n"
	      "3 no chain could be obtained.  See certcheck(1).\n",
	      fp);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "color", required_argument, NULL, CC_OPT_COLOR },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct cc_cli cli = { CC_COLOR_AUTO, false };
	int opt;

	/* '+': stop at the command name; the command parses the rest. */
	while ((opt = getopt_long(argc, argv, "+hq", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return cc_cli_finish(CC_OK);
		case 'V':
			printf("certcheck %s (GnuTLS %s)\n", CC_VERSION, gnutls_check_version(NULL));
			return cc_cli_finish(CC_OK);
		case 'q':
			cli.quiet = true;
			break;
		case CC_OPT_COLOR:
			if (cc_cli_parse_color(&cli, optarg) < 0)
				return cc_cli_usage_error(NULL, "--color: '%s' is not auto, always or never",
							  optarg);
			break;
		default:
			return cc_cli_usage_error(NULL, "unknown or incomplete option");
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CC_USAGE;
	}
	const char *name = argv[optind];
	if (strcmp(name, "help") == 0) {
		if (optind + 1 >= argc) {
			usage(stdout);
			return cc_cli_finish(CC_OK);
		}
		name = argv[optind + 1];
		for (size_t i = 0; i < N_COMMANDS; i++)
			if (strcmp(commands[i]->name, name) == 0) {
				fputs(commands[i]->usage, stdout);
				return cc_cli_finish(CC_OK);
			}
		return cc_cli_usage_error(NULL, "'%s' is not a certcheck command", name);
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i]->name, name) != 0)
			continue;
		if (gnutls_global_init() < 0) {
			fputs("certcheck: cannot initialise GnuTLS\n", stderr);
			return CC_USAGE;
		}
		int argc_cmd = argc - optind;
		char **argv_cmd = argv + optind;
		optind = 0; /* full reset of getopt for the command's own parse */
		int status = commands[i]->run(argc_cmd, argv_cmd, &cli);
		status = cc_cli_finish(status);
		gnutls_global_deinit();
		return status;
	}
	return cc_cli_usage_error(NULL, "'%s' is not a certcheck command", name);
}
