/* cmd-check.c: certcheck check: assertions on each source, one result each. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "http-fetch.h"
#include "rules.h"
#include "cli.h"
#include "report-openmetrics.h"
#include "load.h"
#include "tls-info.h"

static const char usage[] =
	"Usage: certcheck check [CONN] [EXPECTATIONS] [OPTIONS] SOURCE...\n"
	"\n"
	"Validate the chain of each SOURCE (result \"valid-path\": to the expected\n"
	"roots, --root, the source's own trust entry, else the system store) and\n"
	"run the expectations on that path, one result each; none passes on a\n"
	"chain that does not validate.  An unreadable SOURCE is an error result.\n"
	"\n"
	"Expectations:\n"
	"      --expect-root SOURCE  the path ends at a certificate of SOURCE*\n"
	"      --expect-intermediate SOURCE  this CA certificate is in the path*\n"
	"      --expect-san TYPE:VALUE  the leaf carries this name (DNS, IP, URI,\n"
	"                       EMAIL)*\n"
	"      --expect-host NAME  the leaf is valid for NAME (RFC 6125)*\n"
	"      --min-valid DURATION  every certificate of the path, its anchor\n"
	"                       included, is valid for DURATION more (12h, 30d)\n"
	"      --same-root      all sources validate to the same root (as roots)\n"
	"      --strict-clients  nothing in the path strict TLS clients refuse\n"
	"                       (key usage, EKU chaining, weak keys, CA flags)\n"
	"      --require-ocsp-staple  a tls:// SOURCE staples a good OCSP response\n"
	"      --fetch-intermediates  fetch missing intermediates (AIA caIssuers)\n"
	"  * repeatable, one result each\n"
	"\n"
	"Options:\n"
	"      --root FILE      also trust the roots of FILE (repeatable)\n"
	"      --profile NAME   clients (default), strict or compat: which rules\n"
	"                       fail the path (see certcheck-verify(1))\n"
	"      --at TIME        check at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --purpose PURPOSE  server (default), client or any: what a file's\n"
	"                       leaf is for (tls://: server; a CA leaf: any)\n"
	"  -f, --format FORMAT  text (default), json, junit (a testsuite per\n"
	"                       SOURCE, a testcase per result) or openmetrics\n"
	CC_OUTPUT_HELP
	CC_MANY_HELP
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 everything holds, 1 an expectation failed or a SOURCE could\n"
	"not be read or reached (an error result), 2 usage error, unreadable\n"
	"expectation or no SOURCE readable at all, 3 no chain could be obtained\n"
	"from any SOURCE (--min-valid, --profile, --purpose, --at twice: 2).\n";

/* Every expectation as given, for the JUnit properties. */
static void expectation_props(const struct cc_cli_expect *a, const struct cc_expect *ex,
			      struct cc_junit_property *p, size_t *n)
{
	for (size_t i = 0; i < a->n_roots; i++)
		p[(*n)++] = (struct cc_junit_property){ "expect-root", a->roots[i] };
	for (size_t i = 0; i < a->n_intermediates; i++)
		p[(*n)++] = (struct cc_junit_property){ "expect-intermediate", a->intermediates[i] };
	for (size_t i = 0; i < a->n_sans; i++)
		p[(*n)++] = (struct cc_junit_property){ "expect-san", a->san_text[i] };
	for (size_t i = 0; i < a->n_hosts; i++)
		p[(*n)++] = (struct cc_junit_property){ "expect-host", a->hosts[i] };
	if (ex->has_min_valid)
		p[(*n)++] = (struct cc_junit_property){ "min-valid", ex->min_valid_text };
	if (ex->same_root)
		p[(*n)++] = (struct cc_junit_property){ "same-root", "true" };
	if (ex->strict_clients)
		p[(*n)++] = (struct cc_junit_property){ "strict-clients", a->purpose };
	if (ex->require_ocsp_staple)
		p[(*n)++] = (struct cc_junit_property){ "require-ocsp-staple", "true" };
	for (size_t i = 0; i < a->n_trust; i++)
		p[(*n)++] = (struct cc_junit_property){ "root", a->trust[i] };
	p[(*n)++] = (struct cc_junit_property){ "profile", cc_profile_name(ex->profile) };
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The options of a check run. */
struct check_opts {
	struct cc_tls_options tls;
	struct cc_http_options http;
	struct cc_expect ex;
	struct cc_cli_expect a;
	struct cc_cli_many many;
	enum cc_format format;
	const char *output;
	bool at_given;
};

enum {
	OPT_SAME_ROOT = CC_OPT_FIRST_COMMAND_OPT,
	OPT_REQUIRE_OCSP_STAPLE,
	OPT_FETCH_INTERMEDIATES,
	OPT_AT,
};

/* One option of check's own: 0, or -1 after a usage error. */
static int own_opt(struct check_opts *c, int opt, const char *arg)
{
	const struct cc_command *cmd = &cc_cmd_check;
	switch (opt) {
	case OPT_SAME_ROOT:
		c->ex.same_root = true;
		break;
	case OPT_REQUIRE_OCSP_STAPLE:
		c->ex.require_ocsp_staple = true;
		break;
	case OPT_FETCH_INTERMEDIATES:
		c->ex.fetch = &c->http;
		break;
	case OPT_AT:
		if (c->at_given) {
			cc_cli_usage_error(cmd, "--at given twice: it takes one value");
			return -1;
		}
		c->at_given = true;
		return cc_cli_parse_at(cmd, arg, &c->ex.at);
	case 'o':
		c->output = arg;
		break;
	case 'f':
		return cc_cli_parse_format(cmd, arg,
					   CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
						   CC_FORMAT_BIT(CC_FORMAT_JUNIT) |
						   CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
					   &c->format);
	}
	return 0;
}

/* The command line into C: 0 to go on, else -1 with *STATUS the exit
 * status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct check_opts *c, int *status)
{
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		CC_EXPECT_LONGOPTS,
		{ "same-root", no_argument, NULL, OPT_SAME_ROOT },
		{ "require-ocsp-staple", no_argument, NULL, OPT_REQUIRE_OCSP_STAPLE },
		{ "fetch-intermediates", no_argument, NULL, OPT_FETCH_INTERMEDIATES },
		{ "at", required_argument, NULL, OPT_AT },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_check;
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
		if (r == 0 && (r = cc_cli_expect_opt(&c->a, cmd, opt, optarg, &c->ex)) == 0)
			r = own_opt(c, opt, optarg);
		if (r < 0)
			return -1;
	}
	if (cc_cli_conn_check(&c->tls, cmd) < 0)
		return -1;
	/* --fetch-intermediates fetches within --timeout, through --proxy. */
	c->http.proxy = c->tls.proxy;
	c->http.timeout_ms = c->tls.timeout_ms;
	if (cc_cli_many_done(&c->many, argc, argv) == 0) {
		if (!c->many.too_many)
			cc_cli_usage_error(cmd, "check: no SOURCE given");
		return -1;
	}
	if (cc_cli_stdin_once(c->many.stdin_uses + cc_cli_expect_stdin_uses(&c->a)) < 0)
		return -1;
	if (!cc_cli_expect_any(&c->a, &c->ex) && !c->ex.require_ocsp_staple) {
		cc_cli_usage_error(cmd, "check: no expectation given (--expect-root, --min-valid, ...)");
		return -1;
	}
	return 0;
}

/* Load every SOURCE, check each, then all together; hand the results to
 * the writer.  Returns the exit status. */
static int check_sources(struct check_opts *c, const struct cc_load_options *lo,
			 const struct cc_report_out *out)
{
	size_t n = c->many.specs.n, n_loaded = 0, n_props = 0;
	int worst_load = CC_OK;
	struct cc_results results = CC_RESULTS_INIT;
	struct cc_loaded *loaded = cc_cli_many_load(&c->many, lo);
	struct cc_source **srcs = cc_xcalloc(n, sizeof(*srcs));
	const char **specs = cc_xcalloc(n, sizeof(*specs));
	struct cc_check_suite_info *info = cc_xcalloc(n, sizeof(*info));
	char (*anchor_sha)[65] = cc_xcalloc(n ? n : 1, sizeof(*anchor_sha));
	for (size_t i = 0; i < n; i++) {
		const char *spec = c->many.specs.v[i];
		struct cc_source *src = loaded[i].src;
		double start = now_seconds();
		info[i].spec = spec;
		if (!src) {
			cc_check_load_error(spec, &loaded[i].err, &results);
			if ((int)loaded[i].err.status > worst_load)
				worst_load = loaded[i].err.status;
		} else {
			specs[n_loaded] = spec;
			srcs[n_loaded++] = src;
			cc_check_source(&c->ex, spec, src, &results, anchor_sha[i]);
			info[i].root_sha256 = anchor_sha[i][0] ? anchor_sha[i] : NULL;
			info[i].sni = src->tls ? src->tls->sni : NULL;
		}
		info[i].seconds = loaded[i].seconds + now_seconds() - start;
	}
	if (c->ex.same_root)
		cc_check_same_root(&c->ex, specs, (const struct cc_source *const *)srcs, n_loaded, &results);

	const struct cc_cli_expect *a = &c->a;
	struct cc_junit_property *props =
		cc_xcalloc(a->n_roots + a->n_intermediates + a->n_sans + a->n_hosts + a->n_trust + 8,
			   sizeof(*props));
	expectation_props(a, &c->ex, props, &n_props);
	cc_report_check(out, &(struct cc_check_report){ &results, &c->ex, (const char *const *)c->many.specs.v,
							loaded, info, n, props, n_props });
	/* An unreadable or unreachable SOURCE is an error result like a
	 * failed expectation. */
	int status = cc_cli_status(n_loaded, worst_load,
				   cc_results_count(&results, CC_FAIL) || cc_results_count(&results, CC_ERROR));
	cc_loaded_release(loaded, n);
	free(loaded);
	free(props);
	free(info);
	cc_results_release(&results);
	free(srcs);
	free(specs);
	free(anchor_sha);
	return status;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct check_opts c = {
		.tls = CC_TLS_OPTIONS_INIT,
		.ex = { .at = time(NULL), .purpose = CC_PURPOSE_SERVER, .profile = CC_PROFILE_CLIENTS,
			.explain = &cc_text_explainer },
		.many = CC_CLI_MANY_INIT,
		.format = CC_FORMAT_TEXT,
	};
	struct cc_load_options lo = { &c.tls };
	int status;

	cc_cli_expect_init(&c.a, argc);
	if (parse(argc, argv, cli, &c, &status) == 0 &&
	    (status = cc_cli_expect_load(&c.a, &lo, &c.ex)) == CC_OK) {
		struct cc_cli_output o;
		if (cc_cli_output_open(&o, c.output, c.format, cli) < 0)
			status = CC_USAGE;
		else
			status = cc_cli_output_close(&o, check_sources(&c, &lo, &o.report));
	}
	cc_cli_many_release(&c.many);
	cc_cli_expect_release(&c.a);
	return status;
}

const struct cc_command cc_cmd_check = {
	"check", run, "run CI assertions on chains: root, intermediate, names, expiry", usage,
};
