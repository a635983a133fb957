/* cmd-connect.c: certcheck connect: what `openssl s_client -showcerts`
 * shows, over GnuTLS: how the handshake went, then the presented chain. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "source.h"
#include "tls-fetch.h"

static const char usage[] =
	"Usage: certcheck connect [OPTIONS] HOST[:PORT]\n"
	"\n"
	"Dial HOST (a name, an IPv4 address or [IPv6]; port 443 by default), send\n"
	"the server name you choose, and show how the handshake went (protocol,\n"
	"cipher suite, ALPN, whether the server asked for a client certificate and\n"
	"which CAs it accepts, how it ended), then the chain the server presented,\n"
	"as `show` prints it.  The chain is kept even when the handshake fails\n"
	"after the server sent it.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default) or json\n"
	"      --pem            print only the presented chain, as PEM\n"
	"      --save DIR       write the chain to DIR/cert-1.pem, cert-2.pem, ... and\n"
	"                       print their paths in place of the chain\n"
	"      --at TIME        judge validity at TIME (RFC 3339 or @EPOCH), not now\n"
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 a chain was obtained (even if the handshake then failed),\n"
	"2 usage error, 3 no chain was obtained.\n";

#define SAVE_PREFIX "cert"

/* The paths cc_split_entry writes, for the JSON report. */
static json_t *saved_paths(const struct cc_entry *e, const char *dir)
{
	json_t *a = json_array();
	for (size_t i = 0; i < e->n_certs; i++) {
		char *p = cc_xasprintf("%s/%s-%zu.pem", dir, SAVE_PREFIX, i + 1);
		json_array_append_new(a, json_string(p));
		free(p);
	}
	return a;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_SAVE };
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "pem", no_argument, NULL, OPT_PEM },
		{ "save", required_argument, NULL, OPT_SAVE },
		{ "at", required_argument, NULL, OPT_AT },
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_connect;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	bool pem = false, exit_now = false;
	const char *save = NULL;
	time_t at = time(NULL);
	int opt;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "f:", longopts, NULL)) != -1) {
		int r = cc_cli_common_opt(cli, cmd, opt, optarg, &exit_now);
		if (r == 0)
			r = cc_cli_conn_opt(&tls, cmd, opt, optarg);
		if (r < 0)
			return CC_USAGE;
		if (exit_now)
			return CC_OK;
		if (r > 0)
			continue;
		switch (opt) {
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
						&format) < 0)
				return CC_USAGE;
			break;
		case OPT_PEM:
			pem = true;
			break;
		case OPT_SAVE:
			if (!*optarg)
				return cc_cli_usage_error(cmd, "--save: empty directory name");
			save = optarg;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &at) < 0)
				return CC_USAGE;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) != 0)
		return CC_USAGE;
	if (optind >= argc)
		return cc_cli_usage_error(cmd, "connect: no HOST[:PORT] given");
	if (argc - optind > 1)
		return cc_cli_usage_error(cmd, "connect: one HOST[:PORT] at a time");
	if (pem && format != CC_FORMAT_TEXT)
		return cc_cli_usage_error(cmd, "--pem and --format json do not go together");
	if (pem && save)
		return cc_cli_usage_error(cmd, "--pem and --save do not go together");

	const char *target = argv[optind];
	char *spec = strncmp(target, "tls://", 6) == 0 ? cc_xstrdup(target)
						      : cc_xasprintf("tls://%s", target);
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	int status = CC_OK;
	if (cc_source_parse(spec, &src, &err) < 0) {
		free(spec);
		return cc_cli_error(&err);
	}
	free(spec);
	if (src->select) {
		cc_source_free(src);
		return cc_cli_usage_error(cmd, "connect: '%s' is not HOST[:PORT]", target);
	}

	bool got = cc_tls_fetch_source(src, &tls, &err) == 0;
	if (!got && err.status != CC_NO_CHAIN) {
		/* A bad HOST[:PORT] or option: nothing was attempted. */
		cc_source_free(src);
		return cc_cli_error(&err);
	}
	const struct cc_entry *e = got ? cc_source_main_entry(src) : NULL;
	struct cc_out out = { stdout, cc_cli_use_color(cli, stdout) };
	struct cc_error save_err = CC_ERROR_INIT;
	bool saved = false;
	if (format == CC_FORMAT_TEXT && !pem)
		cc_text_tls(&out, src);
	if (got && save) {
		/* Text lists the paths written; JSON has them in "saved". */
		struct cc_cli quiet = *cli;
		quiet.quiet = quiet.quiet || format == CC_FORMAT_JSON;
		saved = cc_split_entry(e, save, SAVE_PREFIX, false, &quiet, &save_err) == 0;
	}

	if (format == CC_FORMAT_JSON) {
		json_t *doc = cc_json_document("connect", at);
		json_t *jsrc = cc_json_source(src, at);
		if (!got)
			json_object_set_new(jsrc, "error", json_string(err.msg));
		if (saved)
			json_object_set_new(jsrc, "saved", saved_paths(e, save));
		json_object_set_new(doc, "sources", json_pack("[o]", jsrc));
		cc_json_dump(doc, stdout);
		json_decref(doc);
	} else if (pem) {
		if (got) {
			for (size_t i = 0; i < src->tls->notes.n; i++)
				cc_cli_note(cli, "%s", src->tls->notes.v[i]);
			for (size_t n = 0; n < e->notes.n; n++)
				cc_cli_note(cli, "%s", e->notes.v[n]);
			cc_text_pem(&out, e);
		}
	} else if (got && !save) {
		cc_text_source(&out, src, at);
	}

	if (!got)
		status = cc_cli_error(&err);
	else if (save && !saved)
		status = cc_cli_error(&save_err);
	cc_source_free(src);
	return status;
}

const struct cc_command cc_cmd_connect = {
	"connect", run, "dial a TLS endpoint and show how the handshake went and its chain", usage,
};
