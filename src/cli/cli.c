/* cli.c: what every command shares: messages on stderr, the parsing of
 * common option values, colour, the exit status and the final flush.
 * main.c dispatches to the commands; both call in here, nothing here calls
 * back. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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

int cc_cli_status(size_t n_read, int worst, bool failed)
{
	if (n_read == 0)
		return worst;
	return failed || worst != CC_OK ? CC_FAILED : CC_OK;
}
