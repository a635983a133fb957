/* cmd-connect.c: certcheck connect: what `openssl s_client -showcerts`
 * shows, over GnuTLS: how the handshake went, then the presented chain. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-probe.h"
#include "source.h"
#include "tls-fetch.h"
#include "tls-url.h"

static const char usage[] =
	"Usage: certcheck connect [OPTIONS] HOST[:PORT]|URL...\n"
	"\n"
	"Dial HOST (a name, an IPv4 address or [IPv6]; port 443 by default) or the\n"
	"endpoint of a URL (https://HOST[:PORT][/PATH], ldaps://, smtps://, imaps://,\n"
	"pop3s:// with their own ports; the path is ignored), send the server name\n"
	"you choose, and show how the handshake went (protocol, cipher suite, ALPN,\n"
	"whether the server asked for a client certificate and which CAs it\n"
	"accepts, the stapled OCSP response, how it ended), then the chain the\n"
	"server presented, as `show` prints it.  The chain is kept even when the\n"
	"handshake fails after the server sent it.  Several endpoints are dialled\n"
	"-j N at a time and reported in the order given.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default) or json\n"
	CC_OUTPUT_HELP
	"      --pem            print only the presented chain, as PEM\n"
	"      --save DIR       write the chain to DIR/cert-1.pem, cert-2.pem, ... and\n"
	"                       print their paths in place of the chain\n"
	"      --at TIME        judge validity at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --sni-probe      dial three times: with the name (--sni NAME, else HOST),\n"
	"                       with no SNI and with the name " CC_SNI_PROBE_BOGUS ",\n"
	"                       and say whether the chains differ\n"
	CC_MANY_HELP
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 a chain was obtained (even if the handshake then failed)\n"
	"from every endpoint, 1 not from every one of several, 2 usage error, 3 no\n"
	"chain was obtained.  With --sni-probe: 0 a chain was obtained with at least\n"
	"one of the names, whether the chains differ or not; 3 with none.\n";

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

/* One endpoint's report, as it came back from cc_fetch_many. */
static int report_one(struct cc_fetched *f, const char *save, bool pem, time_t at, json_t *sources,
		      struct cc_out *out, const struct cc_cli *cli)
{
	struct cc_source *src = f->src;
	bool got = f->got;
	if (!got && f->err.status != CC_NO_CHAIN) {
		/* A bad HOST[:PORT] or option: nothing was attempted. */
		if (sources)
			json_array_append_new(sources, cc_json_source_error(src->spec, &f->err));
		return cc_cli_error(&f->err);
	}
	const struct cc_entry *e = got ? cc_source_main_entry(src) : NULL;
	struct cc_error save_err = CC_ERROR_INIT;
	bool saved = false;
	if (!sources && !pem)
		cc_text_tls(out, src);
	if (got && save) {
		/* Text lists the paths written; JSON has them in "saved". */
		struct cc_cli quiet = *cli;
		quiet.quiet = quiet.quiet || sources;
		saved = cc_split_entry(e, save, SAVE_PREFIX, false, &quiet, out->fp, &save_err) == 0;
	}

	if (sources) {
		json_t *jsrc = cc_json_source(src, at, CC_PURPOSE_SERVER);
		if (!got)
			json_object_set_new(jsrc, "error", json_string(f->err.msg));
		if (saved)
			json_object_set_new(jsrc, "saved", saved_paths(e, save));
		json_array_append_new(sources, jsrc);
	} else if (pem) {
		if (got) {
			for (size_t i = 0; i < src->tls->notes.n; i++)
				cc_cli_note(cli, "%s", src->tls->notes.v[i]);
			for (size_t n = 0; n < e->notes.n; n++)
				cc_cli_note(cli, "%s", e->notes.v[n]);
			cc_text_pem(out, e);
		}
	} else if (got && !save) {
		cc_text_source(out, src, at, CC_PURPOSE_SERVER);
	}

	if (!got)
		return cc_cli_error(&f->err);
	if (save && !saved)
		return cc_cli_error(&save_err);
	return CC_OK;
}

/* --sni-probe TARGET: three attempts, one table (or JSON document). */
static int run_probe(const char *target, const struct cc_tls_options *tls, enum cc_format format,
		     const char *output, time_t at, const struct cc_cli *cli)
{
	char *spec = cc_url_scheme_len(target, strlen(target)) ? cc_xstrdup(target)
							       : cc_xasprintf("tls://%s", target);
	struct cc_sni_probe probe;
	struct cc_error err = CC_ERROR_INIT;
	struct cc_cli_output o;
	int status = CC_USAGE;
	char *name = NULL;
	/* A bad target or a missing name is a usage error before any dial. */
	if (cc_sni_probe_name(spec, tls, &name, &err) < 0) {
		free(spec);
		return cc_cli_error(&err);
	}
	free(name);
	if (cc_cli_output_open(&o, output) < 0) {
		free(spec);
		return CC_USAGE;
	}
	int r = cc_sni_probe_run(spec, tls, &probe, &err);
	if (r < 0 && err.status != CC_NO_CHAIN) {
		status = cc_cli_error(&err);
		goto out;
	}
	if (format == CC_FORMAT_JSON) {
		json_t *doc = cc_json_document("connect", at);
		json_object_set_new(doc, "sni_probe", cc_json_sni_probe(&probe));
		cc_json_dump(doc, o.fp);
		json_decref(doc);
	} else {
		struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
		cc_text_sni_probe(&out, &probe);
	}
	status = r < 0 ? cc_cli_error(&err) : CC_OK;
out:
	status = cc_cli_output_close(&o, status);
	cc_sni_probe_release(&probe);
	free(spec);
	return status;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_SAVE, OPT_SNI_PROBE };
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "pem", no_argument, NULL, OPT_PEM },
		{ "save", required_argument, NULL, OPT_SAVE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "sni-probe", no_argument, NULL, OPT_SNI_PROBE },
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_connect;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	struct cc_fetched *fetched = NULL;
	enum cc_format format = CC_FORMAT_TEXT;
	bool pem = false, exit_now = false, sni_probe = false;
	const char *save = NULL, *output = NULL;
	time_t at = time(NULL);
	int opt, status = CC_USAGE;
	size_t n = 0;

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
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
						&format) < 0)
				goto out;
			break;
		case OPT_PEM:
			pem = true;
			break;
		case OPT_SAVE:
			if (!*optarg) {
				cc_cli_usage_error(cmd, "--save: empty directory name");
				goto out;
			}
			save = optarg;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &at) < 0)
				goto out;
			break;
		case OPT_SNI_PROBE:
			sni_probe = true;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) != 0)
		goto out;
	n = cc_cli_many_done(&many, argc, argv);
	if (n == 0) {
		if (!many.too_many)
			cc_cli_usage_error(cmd, "connect: no HOST[:PORT] given");
		goto out;
	}
	if (cc_cli_stdin_once(many.stdin_uses) < 0)
		goto out;
	if (pem && format != CC_FORMAT_TEXT) {
		cc_cli_usage_error(cmd, "--pem and --format json do not go together");
		goto out;
	}
	if (pem && save) {
		cc_cli_usage_error(cmd, "--pem and --save do not go together");
		goto out;
	}
	if (save && n > 1) {
		cc_cli_usage_error(cmd, "--save takes one HOST[:PORT], not %zu", n);
		goto out;
	}
	if (sni_probe) {
		const char *bad = n > 1		 ? "--sni-probe takes one HOST[:PORT]"
				  : tls.no_sni ? "--sni-probe and --no-sni do not go together (it "
						 "tries without SNI itself)"
				  : pem	       ? "--sni-probe and --pem do not go together"
				  : save       ? "--sni-probe and --save do not go together"
					       : NULL;
		if (bad)
			cc_cli_usage_error(cmd, "%s", bad);
		else
			status = run_probe(many.specs.v[0], &tls, format, output, at, cli);
		goto out;
	}

	/* Every target is parsed before any is dialled. */
	fetched = cc_xcalloc(n, sizeof(*fetched));
	for (size_t i = 0; i < n; i++) {
		const char *target = many.specs.v[i];
		/* A URL (tls://, https://, ...) as it is; else HOST[:PORT]. */
		char *spec = cc_url_scheme_len(target, strlen(target)) ? cc_xstrdup(target)
								       : cc_xasprintf("tls://%s", target);
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_source_parse(spec, &fetched[i].src, &err);
		free(spec);
		if (r < 0) {
			status = cc_cli_error(&err);
			goto out;
		}
		if (fetched[i].src->select) {
			cc_cli_usage_error(cmd, "connect: '%s' is not HOST[:PORT]", target);
			goto out;
		}
	}
	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output) < 0)
		goto out;
	cc_fetch_many(fetched, n, &lo, many.jobs);

	struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
	json_t *doc = NULL, *sources = NULL;
	if (format == CC_FORMAT_JSON) {
		doc = cc_json_document("connect", at);
		sources = json_array();
		json_object_set_new(doc, "sources", sources);
	}
	/* Several endpoints: one without a chain makes the run fail (1); 3
	 * only when none gave a chain. */
	int worst = CC_OK;
	size_t n_ok = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !sources && !pem)
			fputc('\n', o.fp);
		int s = report_one(&fetched[i], save, pem, at, sources, &out, cli);
		if (s == CC_OK)
			n_ok++;
		worst = s > worst ? s : worst;
	}
	if (doc) {
		cc_json_dump(doc, o.fp);
		json_decref(doc);
	}
	status = cc_cli_status(n_ok, worst, false);
	status = cc_cli_output_close(&o, status);
out:
	for (size_t i = 0; fetched && i < n; i++)
		cc_source_free(fetched[i].src);
	free(fetched);
	cc_cli_many_release(&many);
	return status;
}

const struct cc_command cc_cmd_connect = {
	"connect", run, "dial a TLS endpoint and show how the handshake went and its chain", usage,
};
