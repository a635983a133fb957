/* cmd-show.c: certcheck show: every certificate and the chain's findings. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "load.h"
#include "tls-info.h"

static const char usage[] =
	"Usage: certcheck show [CONN] [OPTIONS] SOURCE...\n"
	"\n"
	"Print every certificate of each SOURCE (subject, issuer, serial, validity\n"
	"and time left, SANs, key, signature, key IDs, constraints, key usage, EKU,\n"
	"SHA-256 fingerprint, SPKI pin), then the chain's findings: order, issuer\n"
	"links, self-signed root, missing issuer, repeats, expired members, and\n"
	"what strict TLS clients refuse (key usage, EKU, weak keys and signatures,\n"
	"CA flags, names only in the CN, underscores), each with the fix.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default), json or openmetrics (every\n"
	"                       certificate's validity, for Prometheus; see\n"
	"                       certcheck-serve(1))\n"
	CC_OUTPUT_HELP
	"      --pem            print only the certificates, as PEM\n"
	CC_MANY_HELP
	"      --at TIME        judge validity at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --purpose PURPOSE  what the leaf is for: server (default), client or\n"
	"                       any; the strict-client findings judge it for that\n"
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP;

/* The options of a show run. */
struct show_opts {
	struct cc_tls_options tls;
	struct cc_cli_many many;
	enum cc_purpose purpose;
	enum cc_format format;
	const char *output;
	time_t at;
	bool pem;
};

enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_PURPOSE };

/* One option of show's own: 0, or -1 after a usage error. */
static int own_opt(struct show_opts *s, int opt, const char *arg)
{
	const struct cc_command *cmd = &cc_cmd_show;
	switch (opt) {
	case 'o':
		s->output = arg;
		break;
	case 'f':
		return cc_cli_parse_format(cmd, arg,
					   CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
						   CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
					   &s->format);
	case OPT_PEM:
		s->pem = true;
		break;
	case OPT_AT:
		return cc_cli_parse_at(cmd, arg, &s->at);
	case OPT_PURPOSE:
		return cc_cli_parse_purpose(cmd, arg, &s->purpose);
	}
	return 0;
}

/* The command line into S: 0 to go on, else -1 with *STATUS the exit
 * status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct show_opts *s, int *status)
{
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "pem", no_argument, NULL, OPT_PEM },
		{ "at", required_argument, NULL, OPT_AT },
		{ "purpose", required_argument, NULL, OPT_PURPOSE },
		CC_CONN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_show;
	bool exit_now = false;
	int opt;

	*status = CC_USAGE;
	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts,
				  NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &s->tls, &s->many, &exit_now);
		if (r < 0)
			return -1;
		if (exit_now) {
			*status = CC_OK;
			return -1;
		}
		if (r == 0 && own_opt(s, opt, optarg) < 0)
			return -1;
	}
	if (cc_cli_conn_check(&s->tls, cmd) < 0)
		return -1;
	if (cc_cli_many_done(&s->many, argc, argv) == 0) {
		if (!s->many.too_many)
			cc_cli_usage_error(cmd, "show: no SOURCE given");
		return -1;
	}
	if (cc_cli_stdin_once(s->many.stdin_uses) < 0)
		return -1;
	if (s->pem && s->format != CC_FORMAT_TEXT) {
		cc_cli_usage_error(cmd, "--pem and --format %s do not go together", cc_format_name(s->format));
		return -1;
	}
	return 0;
}

/* Load every SOURCE, say which could not be read, and hand them to the
 * writer.  Returns the exit status. */
static int show(struct show_opts *s, const struct cc_cli *cli, const struct cc_report_out *out)
{
	struct cc_load_options lo = { &s->tls };
	size_t n = s->many.specs.n, n_ok = 0;
	struct cc_loaded *loaded = cc_cli_many_load(&s->many, &lo);
	int worst = CC_OK;
	for (size_t i = 0; i < n; i++) {
		const struct cc_source *src = loaded[i].src;
		if (!src) {
			int st = cc_cli_error(&loaded[i].err);
			worst = st > worst ? st : worst;
			continue;
		}
		n_ok++;
		/* PEM has no room for them: the entries' notes go to stderr. */
		for (size_t e = 0; s->pem && e < src->n_entries; e++)
			for (size_t k = 0; k < src->entries[e].notes.n; k++)
				cc_cli_note(cli, "%s", src->entries[e].notes.v[k]);
	}
	cc_report_show(out, &(struct cc_show_report){ (const char *const *)s->many.specs.v, loaded, n,
						      s->at, s->purpose, s->pem });
	cc_loaded_release(loaded, n);
	free(loaded);
	return cc_cli_status(n_ok, worst, false);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct show_opts s = {
		.tls = CC_TLS_OPTIONS_INIT,
		.many = CC_CLI_MANY_INIT,
		.purpose = CC_PURPOSE_SERVER,
		.format = CC_FORMAT_TEXT,
		.at = time(NULL),
	};
	int status;
	if (parse(argc, argv, cli, &s, &status) == 0) {
		struct cc_cli_output o;
		if (cc_cli_output_open(&o, s.output, s.format, cli) == 0)
			status = cc_cli_output_close(&o, show(&s, cli, &o.report));
	}
	cc_cli_many_release(&s.many);
	return status;
}

const struct cc_command cc_cmd_show = {
	"show", run, "print every certificate of a chain and the chain's findings", usage,
};
