/* cmd-connect.c: certcheck connect: what `openssl s_client -showcerts`
 * shows, over GnuTLS: how the handshake went, then the presented chain. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-probe.h"
#include "load.h"
#include "tls-info.h"
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

/* The options of a connect run. */
struct connect_opts {
	struct cc_tls_options tls;
	struct cc_cli_many many;
	enum cc_format format;
	const char *save, *output;
	time_t at;
	bool pem, sni_probe;
};

enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_SAVE, OPT_SNI_PROBE };

/* One option of connect's own: 0, or -1 after a usage error. */
static int own_opt(struct connect_opts *c, int opt, const char *arg)
{
	const struct cc_command *cmd = &cc_cmd_connect;
	switch (opt) {
	case 'o':
		c->output = arg;
		break;
	case 'f':
		return cc_cli_parse_format(cmd, arg,
					   CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
					   &c->format);
	case OPT_PEM:
		c->pem = true;
		break;
	case OPT_SAVE:
		if (!*arg) {
			cc_cli_usage_error(cmd, "--save: empty directory name");
			return -1;
		}
		c->save = arg;
		break;
	case OPT_AT:
		return cc_cli_parse_at(cmd, arg, &c->at);
	case OPT_SNI_PROBE:
		c->sni_probe = true;
		break;
	}
	return 0;
}

/* After the options: what does not go together.  0, or -1 after a usage
 * error. */
static int check_combination(const struct connect_opts *c, size_t n)
{
	const struct cc_command *cmd = &cc_cmd_connect;
	const char *bad = NULL;
	if (c->pem && c->format != CC_FORMAT_TEXT)
		bad = "--pem and --format json do not go together";
	else if (c->pem && c->save)
		bad = "--pem and --save do not go together";
	else if (c->save && n > 1) {
		cc_cli_usage_error(cmd, "--save takes one HOST[:PORT], not %zu", n);
		return -1;
	} else if (c->sni_probe)
		bad = n > 1		 ? "--sni-probe takes one HOST[:PORT]"
		      : c->tls.no_sni ? "--sni-probe and --no-sni do not go together (it "
					"tries without SNI itself)"
		      : c->pem	      ? "--sni-probe and --pem do not go together"
		      : c->save	      ? "--sni-probe and --save do not go together"
				      : NULL;
	if (bad) {
		cc_cli_usage_error(cmd, "%s", bad);
		return -1;
	}
	return 0;
}

/* The command line into C: 0 to go on, else -1 with *STATUS the exit
 * status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct connect_opts *c, int *status)
{
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
	bool exit_now = false;
	int opt;

	*status = CC_USAGE;
	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts,
				  NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &c->tls, &c->many, &exit_now);
		if (r < 0)
			return -1;
		if (exit_now) {
			*status = CC_OK;
			return -1;
		}
		if (r == 0 && own_opt(c, opt, optarg) < 0)
			return -1;
	}
	if (cc_cli_conn_check(&c->tls, cmd) != 0)
		return -1;
	size_t n = cc_cli_many_done(&c->many, argc, argv);
	if (n == 0) {
		if (!c->many.too_many)
			cc_cli_usage_error(cmd, "connect: no HOST[:PORT] given");
		return -1;
	}
	if (cc_cli_stdin_once(c->many.stdin_uses) < 0)
		return -1;
	return check_combination(c, n);
}

/* A URL (tls://, https://, ...) as it is; else HOST[:PORT] as tls://. */
static char *target_spec(const char *target)
{
	return cc_url_scheme_len(target, strlen(target)) ? cc_xstrdup(target)
							 : cc_xasprintf("tls://%s", target);
}

/* --sni-probe TARGET: three attempts, one report. */
static int run_probe(const struct connect_opts *c, const struct cc_cli *cli)
{
	char *spec = target_spec(c->many.specs.v[0]);
	struct cc_sni_probe probe;
	struct cc_error err = CC_ERROR_INIT;
	struct cc_cli_output o;
	int status = CC_USAGE;
	char *name = NULL;
	/* A bad target or a missing name is a usage error before any dial. */
	if (cc_sni_probe_name(spec, &c->tls, &name, &err) < 0) {
		free(spec);
		return cc_cli_error(&err);
	}
	free(name);
	if (cc_cli_output_open(&o, c->output, c->format, cli) < 0) {
		free(spec);
		return CC_USAGE;
	}
	int r = cc_sni_probe_run(spec, &c->tls, &probe, &err);
	if (r < 0 && err.status != CC_NO_CHAIN) {
		status = cc_cli_error(&err);
		goto out;
	}
	cc_report_sni_probe(&o.report, &(struct cc_sni_probe_report){ &probe, c->at });
	status = r < 0 ? cc_cli_error(&err) : CC_OK;
out:
	status = cc_cli_output_close(&o, status);
	cc_sni_probe_release(&probe);
	free(spec);
	return status;
}

/* Every target parsed into FETCHED, before any is dialled: CC_OK or the
 * status of the first that does not parse (reported). */
static int parse_targets(const struct cc_cli_many *many, struct cc_fetched *fetched)
{
	for (size_t i = 0; i < many->specs.n; i++) {
		const char *target = many->specs.v[i];
		char *spec = target_spec(target);
		struct cc_error err = CC_ERROR_INIT;
		int r = cc_source_parse(spec, &fetched[i].src, &err);
		free(spec);
		if (r < 0)
			return cc_cli_error(&err);
		if (fetched[i].src->select)
			return cc_cli_usage_error(&cc_cmd_connect, "connect: '%s' is not HOST[:PORT]", target);
	}
	return CC_OK;
}

/* Endpoint F's status, after saying why it failed; with SAVE, its chain
 * written into SAVE (the paths into WRITTEN, *SAVED when all were). */
static int endpoint_status(const struct cc_fetched *f, const char *save, struct cc_strv *written,
			   bool *saved)
{
	if (!f->got)
		return cc_cli_error(&f->err);
	if (!save)
		return CC_OK;
	struct cc_error err = CC_ERROR_INIT;
	*saved = cc_split_entry(cc_source_main_entry(f->src), save, SAVE_PREFIX, false, written, &err) == 0;
	return *saved ? CC_OK : cc_cli_error(&err);
}

/* Dial every endpoint (-j at a time), save what --save asks, report. */
static int connect_all(const struct connect_opts *c, const struct cc_cli *cli, struct cc_fetched *fetched,
		       const struct cc_report_out *out)
{
	size_t n = c->many.specs.n, n_ok = 0;
	struct cc_load_options lo = { &c->tls };
	cc_fetch_many(fetched, n, &lo, c->many.jobs);
	struct cc_connect_item *items = cc_xcalloc(n, sizeof(*items));
	struct cc_strv *written = cc_xcalloc(n, sizeof(*written));
	int worst = CC_OK;
	for (size_t i = 0; i < n; i++) {
		const struct cc_fetched *f = &fetched[i];
		items[i] = (struct cc_connect_item){ f->src, f->got ? NULL : &f->err,
						     f->got || f->err.status == CC_NO_CHAIN,
						     c->save && f->got ? &written[i] : NULL, false };
		int s = endpoint_status(f, c->save, &written[i], &items[i].saved);
		if (c->pem && f->got) {
			const struct cc_entry *e = cc_source_main_entry(f->src);
			for (size_t k = 0; k < f->src->tls->notes.n; k++)
				cc_cli_note(cli, "%s", f->src->tls->notes.v[k]);
			for (size_t k = 0; k < e->notes.n; k++)
				cc_cli_note(cli, "%s", e->notes.v[k]);
		}
		n_ok += s == CC_OK;
		worst = s > worst ? s : worst;
	}
	cc_report_connect(out, &(struct cc_connect_report){ items, n, c->at, c->pem, c->save != NULL,
							    cli->quiet });
	for (size_t i = 0; i < n; i++)
		cc_strv_release(&written[i]);
	free(written);
	free(items);
	/* Several endpoints: one without a chain makes the run fail. */
	return cc_cli_status(n_ok, worst, false);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct connect_opts c = {
		.tls = CC_TLS_OPTIONS_INIT,
		.many = CC_CLI_MANY_INIT,
		.format = CC_FORMAT_TEXT,
		.at = time(NULL),
	};
	struct cc_fetched *fetched = NULL;
	int status;
	if (parse(argc, argv, cli, &c, &status) < 0)
		goto out;
	if (c.sni_probe) {
		status = run_probe(&c, cli);
		goto out;
	}
	fetched = cc_xcalloc(c.many.specs.n, sizeof(*fetched));
	struct cc_cli_output o;
	if ((status = parse_targets(&c.many, fetched)) == CC_OK) {
		if (cc_cli_output_open(&o, c.output, c.format, cli) < 0)
			status = CC_USAGE;
		else
			status = cc_cli_output_close(&o, connect_all(&c, cli, fetched, &o.report));
	}
out:
	for (size_t i = 0; fetched && i < c.many.specs.n; i++)
		cc_source_free(fetched[i].src);
	free(fetched);
	cc_cli_many_release(&c.many);
	return status;
}

const struct cc_command cc_cmd_connect = {
	"connect", run, "dial a TLS endpoint and show how the handshake went and its chain", usage,
};
