/* cli-conn.c: the CONN options (design.md), parsed once for every command
 * that reads tls:// sources. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proxy.h"
#include "tls-fetch.h"

static int parse_version(const char *arg, int *out)
{
	if (strcmp(arg, "1.0") == 0)
		*out = 10;
	else if (strcmp(arg, "1.1") == 0)
		*out = 11;
	else if (strcmp(arg, "1.2") == 0)
		*out = 12;
	else if (strcmp(arg, "1.3") == 0)
		*out = 13;
	else
		return -1;
	return 0;
}

/* --password-file: the first line of FILE ("-": standard input), kept
 * for the whole run; the bytes read beyond it are wiped at once. */
static int read_password(const struct cc_command *cmd, const char *path, const char **out)
{
	static char password[1024];
	char *data = NULL;
	size_t len = 0;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_read_file(path, &data, &len, &err) < 0) {
		cc_cli_error(&err);
		return -1;
	}
	size_t n = 0;
	while (n < len && data[n] != '\n' && data[n] != '\0')
		n++;
	if (n && data[n - 1] == '\r')
		n--;
	bool fits = n < sizeof(password);
	if (fits) {
		memcpy(password, data, n);
		password[n] = '\0';
	}
	memset(data, 0, len);
	free(data);
	if (!fits)
		return cc_cli_usage_error(cmd, "--password-file %s: the first line is longer than "
					       "%zu bytes", path, sizeof(password) - 1), -1;
	*out = password;
	return 0;
}

int cc_cli_conn_opt(struct cc_tls_options *tls, const struct cc_command *cmd, int opt,
		    const char *arg)
{
	switch (opt) {
	case CC_OPT_SNI:
		if (!*arg)
			return cc_cli_usage_error(cmd, "--sni: empty name (use --no-sni to send none)"), -1;
		tls->sni = arg;
		return 1;
	case CC_OPT_NO_SNI:
		tls->no_sni = true;
		return 1;
	case CC_OPT_ALPN:
		if (!*arg || arg[0] == ',' || arg[strlen(arg) - 1] == ',' || strstr(arg, ",,"))
			return cc_cli_usage_error(cmd, "--alpn: '%s' is not a comma-separated list", arg), -1;
		tls->alpn = arg;
		return 1;
	case CC_OPT_CERT:
		tls->cert_file = arg;
		return 1;
	case CC_OPT_KEY:
		tls->key_file = arg;
		return 1;
	case CC_OPT_TIMEOUT: {
		char *end;
		double s = strtod(arg, &end);
		if (end == arg || *end || !(s > 0) || s > 3600)
			return cc_cli_usage_error(cmd, "--timeout: '%s' is not a number of seconds "
						       "between 0 and 3600", arg), -1;
		tls->timeout_ms = (int)(s * 1000);
		if (tls->timeout_ms < 1)
			tls->timeout_ms = 1;
		return 1;
	}
	case CC_OPT_TLS_MIN:
		if (parse_version(arg, &tls->tls_min) < 0)
			return cc_cli_usage_error(cmd, "--tls-min: '%s' is not 1.0, 1.1, 1.2 or 1.3", arg), -1;
		return 1;
	case CC_OPT_TLS_MAX:
		if (parse_version(arg, &tls->tls_max) < 0)
			return cc_cli_usage_error(cmd, "--tls-max: '%s' is not 1.0, 1.1, 1.2 or 1.3", arg), -1;
		return 1;
	case CC_OPT_PRIORITY:
		if (!*arg)
			return cc_cli_usage_error(cmd, "--priority: empty priority string"), -1;
		tls->priority = arg;
		return 1;
	case CC_OPT_ALLOW_KU_VIOLATION:
		tls->allow_ku_violation = true;
		return 1;
	case CC_OPT_PASSWORD_FILE:
		return read_password(cmd, arg, &tls->password) < 0 ? -1 : 1;
	case CC_OPT_STARTTLS:
		tls->starttls = cc_starttls_parse(arg);
		if (tls->starttls == CC_STARTTLS_NONE)
			return cc_cli_usage_error(cmd, "--starttls: '%s' is not one of %s", arg,
						  cc_starttls_names()), -1;
		return 1;
	case CC_OPT_PROXY: {
		struct cc_error err = CC_ERROR_INIT;
		char *host = NULL, *port = NULL;
		if (cc_proxy_parse(arg, &host, &port, &err) < 0)
			return cc_cli_usage_error(cmd, "%s", err.msg), -1;
		free(host);
		free(port);
		tls->proxy = arg;
		return 1;
	}
	default:
		return 0;
	}
}

int cc_cli_conn_check(const struct cc_tls_options *tls, const struct cc_command *cmd)
{
	const char *bad = NULL;
	if (tls->sni && tls->no_sni)
		bad = "--sni and --no-sni do not go together";
	else if (!tls->cert_file != !tls->key_file)
		bad = "--cert and --key go together";
	else if (tls->tls_min && tls->tls_max && tls->tls_min > tls->tls_max)
		bad = "--tls-min is above --tls-max";
	else if (tls->priority && (tls->tls_min || tls->tls_max))
		bad = "--priority and --tls-min/--tls-max do not go together (put the versions in the "
		      "priority string)";
	if (bad) {
		cc_cli_usage_error(cmd, "%s", bad);
		return -1;
	}
	/* A key that is not the certificate's: once, before any dialling. */
	struct cc_error err = CC_ERROR_INIT;
	if (cc_tls_check_client_cert(tls, &err) < 0) {
		cc_cli_error(&err);
		return -1;
	}
	return 0;
}
