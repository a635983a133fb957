/* cmd-show.c: certcheck show: every certificate and the chain's findings. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-openmetrics.h"
#include "source.h"
#include "tls-fetch.h"

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

/* Every SOURCE of MANY (LOADED[i]) as OpenMetrics. */
static void write_openmetrics(FILE *fp, const struct cc_cli_many *many, const struct cc_loaded *loaded)
{
	size_t n = many->specs.n;
	const struct cc_source **srcs = cc_xcalloc(n + 1, sizeof(*srcs));
	for (size_t i = 0; i < n; i++)
		srcs[i] = loaded[i].src;
	cc_om_run_timestamp(fp, time(NULL));
	cc_om_show(fp, (const char *const *)many->specs.v, srcs, n);
	cc_om_eof(fp);
	free(srcs);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_PURPOSE };
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
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	enum cc_purpose purpose = CC_PURPOSE_SERVER;
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	bool pem = false, exit_now = false;
	const char *output = NULL;
	time_t at = time(NULL);
	int opt, status = CC_USAGE;

	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts,
				  NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &tls, &many, &exit_now);
		if (r < 0)
			goto out;
		if (exit_now) {
			status = CC_OK;
			goto out;
		}
		if (r > 0)
			continue;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
							CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
						&format) < 0)
				goto out;
			break;
		case OPT_PEM:
			pem = true;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &at) < 0)
				goto out;
			break;
		case OPT_PURPOSE:
			if (cc_cli_parse_purpose(cmd, optarg, &purpose) < 0)
				goto out;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		goto out;
	if (cc_cli_many_done(&many, argc, argv) == 0) {
		if (!many.too_many)
			cc_cli_usage_error(cmd, "show: no SOURCE given");
		goto out;
	}
	if (cc_cli_stdin_once(many.stdin_uses) < 0)
		goto out;
	if (pem && format != CC_FORMAT_TEXT) {
		cc_cli_usage_error(cmd, "--pem and --format %s do not go together", cc_format_name(format));
		goto out;
	}
	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output) < 0)
		goto out;

	struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
	/* JSON is written as it is made: {"certcheck_json", ..., "sources": [ */
	json_t *doc = NULL;
	struct cc_json_array sources;
	if (format == CC_FORMAT_JSON) {
		doc = cc_json_document("show", at);
		cc_json_array_begin(&sources, o.fp, doc, "sources", 0);
	}
	struct cc_loaded *loaded = cc_cli_many_load(&many, &lo);
	if (format == CC_FORMAT_OPENMETRICS) {
		write_openmetrics(o.fp, &many, loaded);
		o.write_always = true;
	}
	int worst = CC_OK;
	size_t n_ok = 0;
	for (size_t i = 0; i < many.specs.n; i++) {
		const char *spec = many.specs.v[i];
		struct cc_source *src = loaded[i].src;
		if (!src) {
			int s = cc_cli_error(&loaded[i].err);
			worst = s > worst ? s : worst;
			if (doc)
				cc_json_array_add(&sources, cc_json_source_error(spec, &loaded[i].err));
			continue;
		}
		n_ok++;
		if (pem) {
			for (size_t e = 0; e < src->n_entries; e++) {
				for (size_t n = 0; n < src->entries[e].notes.n; n++)
					cc_cli_note(cli, "%s", src->entries[e].notes.v[n]);
				cc_text_pem(&out, &src->entries[e]);
			}
		} else if (doc) {
			cc_json_stream_source(&sources, src, at, purpose);
		} else if (format != CC_FORMAT_OPENMETRICS) {
			cc_text_source(&out, src, at, purpose);
			if (src->tls)
				cc_text_ocsp_summary(&out, src->tls);
		}
	}
	if (doc) {
		cc_json_array_end(&sources);
		fputc('\n', o.fp);
		json_decref(doc);
	}
	cc_loaded_release(loaded, many.specs.n);
	free(loaded);
	status = cc_cli_status(n_ok, worst, false);
	status = cc_cli_output_close(&o, status);
out:
	cc_cli_many_release(&many);
	return status;
}

const struct cc_command cc_cmd_show = {
	"show", run, "print every certificate of a chain and the chain's findings", usage,
};
