/* main.c: global options, the command table and dispatch. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int cc_cli_parse_color(struct cc_cli *cli, const char *arg)
{
	if (strcmp(arg, "auto") == 0)
		cli->color = CC_COLOR_AUTO;
	else if (strcmp(arg, "always") == 0)
		cli->color = CC_COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0)
		cli->color = CC_COLOR_NEVER;
	else
		return -1;
	return 0;
}

int cc_cli_common_opt(struct cc_cli *cli, const struct cc_command *cmd, int opt, const char *arg,
		      bool *exit_now)
{
	switch (opt) {
	case 'h':
		fputs(cmd->usage, stdout);
		*exit_now = true;
		return 1;
	case 'q':
		cli->quiet = true;
		return 1;
	case CC_OPT_COLOR:
		if (cc_cli_parse_color(cli, arg) < 0) {
			cc_cli_usage_error(cmd, "--color: '%s' is not auto, always or never", arg);
			return -1;
		}
		return 1;
	case '?':
		cc_cli_usage_error(cmd, "unknown or incomplete option");
		return -1;
	default:
		return 0;
	}
}

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

bool cc_cli_use_color(const struct cc_cli *cli, FILE *fp)
{
	if (cli->color == CC_COLOR_ALWAYS)
		return true;
	if (cli->color == CC_COLOR_NEVER)
		return false;
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	if (no_color && *no_color)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(fp));
}

int cc_cli_error(const struct cc_error *err)
{
	fprintf(stderr, "certcheck: %s\n", err->msg);
	return err->status ? (int)err->status : CC_USAGE;
}

int cc_cli_usage_error(const struct cc_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("certcheck: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'certcheck %s%s--help'.\n", cmd ? cmd->name : "", cmd ? " " : "");
	return CC_USAGE;
}

void cc_cli_note(const struct cc_cli *cli, const char *fmt, ...)
{
	if (cli->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("certcheck: note: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cc_cli_parse_at(const struct cc_command *cmd, const char *arg, time_t *at)
{
	if (cc_time_parse(arg, at) < 0) {
		cc_cli_usage_error(cmd,
				   "--at: '%s' is not a TIME (RFC 3339 like "
				   "2026-01-02T03:04:05Z, or @EPOCH)",
				   arg);
		return -1;
	}
	return 0;
}

int cc_cli_parse_purpose(const struct cc_command *cmd, const char *arg, enum cc_purpose *purpose)
{
	if (cc_purpose_parse(arg, purpose) < 0) {
		cc_cli_usage_error(cmd, "--purpose: '%s' is not server, client or any", arg);
		return -1;
	}
	return 0;
}

int cc_cli_parse_duration(const struct cc_command *cmd, const char *opt, const char *arg,
			  int64_t *seconds)
{
	if (cc_duration_parse(arg, seconds) < 0) {
		cc_cli_usage_error(cmd,
				   "%s: '%s' is not a DURATION (a number and a unit s, m, h, "
				   "d or w, like 90m, 12h or 30d)",
				   opt, arg);
		return -1;
	}
	return 0;
}

int cc_cli_parse_format(const struct cc_command *cmd, const char *arg, unsigned allowed,
			enum cc_format *out)
{
	if (cc_format_parse(arg, allowed, out) == 0) {
		struct cc_error err = CC_ERROR_INIT;
		if (*out == CC_FORMAT_JUNIT && cc_junit_load(&err) < 0) {
			cc_cli_error(&err);
			return -1;
		}
		return 0;
	}
	struct cc_buf names = CC_BUF_INIT;
	for (unsigned f = 0; f < CC_FORMAT_COUNT; f++)
		if (allowed & CC_FORMAT_BIT(f))
			cc_buf_addf(&names, "%s%s", names.len ? ", " : "", cc_format_name(f));
	cc_cli_usage_error(cmd, "--format: '%s' is not one of %s", arg, names.data);
	cc_buf_release(&names);
	return -1;
}

int cc_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "certcheck: (stdout): cannot write: %s\n", strerror(errno));
		return CC_USAGE;
	}
	return status;
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

	setlocale(LC_CTYPE, "");
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
