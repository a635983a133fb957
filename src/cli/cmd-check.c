/* cmd-check.c: certcheck check: assertions on each source, one result each. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "http-fetch.h"
#include "rules.h"
#include "cli.h"
#include "report-openmetrics.h"
#include "source.h"
#include "tls-fetch.h"

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

static int write_junit(FILE *fp, const struct cc_cli_expect *a, const struct cc_expect *ex,
		       const struct cc_results *results, const struct cc_check_suite_info *info,
		       size_t n)
{
	struct cc_junit_property *props =
		cc_xcalloc(a->n_roots + a->n_intermediates + a->n_sans + a->n_hosts + a->n_trust + 8,
			   sizeof(*props));
	size_t n_props = 0;
	char hostname[256];
	cc_cli_hostname(hostname, sizeof(hostname));
	expectation_props(a, ex, props, &n_props);
	size_t len;
	char *xml = cc_junit_results(results, info, n, props, n_props, time(NULL), hostname, &len);
	fwrite(xml, 1, len, fp);
	free(xml);
	free(props);
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum {
		OPT_SAME_ROOT = CC_OPT_FIRST_COMMAND_OPT,
		OPT_REQUIRE_OCSP_STAPLE,
		OPT_FETCH_INTERMEDIATES,
		OPT_AT,
	};
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
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	struct cc_http_options http = { NULL, 0, 0 };
	struct cc_expect ex = { .at = time(NULL), .purpose = CC_PURPOSE_SERVER,
				.profile = CC_PROFILE_CLIENTS, .explain = &cc_text_explainer };
	struct cc_cli_expect a;
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	struct cc_source **srcs = NULL;
	struct cc_loaded *loaded = NULL;
	struct cc_check_suite_info *info = NULL;
	const char **specs = NULL;
	struct cc_results results = CC_RESULTS_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	const char *output = NULL;
	char (*anchor_sha)[65] = NULL;
	bool exit_now = false, at_given = false;
	int opt, status = CC_USAGE;

	cc_cli_expect_init(&a, argc);
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
		if ((r = cc_cli_expect_opt(&a, cmd, opt, optarg, &ex)) < 0)
			goto out;
		if (r > 0)
			continue;
		switch (opt) {
		case OPT_SAME_ROOT:
			ex.same_root = true;
			break;
		case OPT_REQUIRE_OCSP_STAPLE:
			ex.require_ocsp_staple = true;
			break;
		case OPT_FETCH_INTERMEDIATES:
			ex.fetch = &http;
			break;
		case OPT_AT:
			if (at_given) {
				cc_cli_usage_error(cmd, "--at given twice: it takes one value");
				goto out;
			}
			at_given = true;
			if (cc_cli_parse_at(cmd, optarg, &ex.at) < 0)
				goto out;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
							CC_FORMAT_BIT(CC_FORMAT_JUNIT) |
							CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
						&format) < 0)
				goto out;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		goto out;
	/* --fetch-intermediates fetches within --timeout, through --proxy. */
	http.proxy = tls.proxy;
	http.timeout_ms = tls.timeout_ms;
	if (cc_cli_many_done(&many, argc, argv) == 0) {
		if (!many.too_many)
			cc_cli_usage_error(cmd, "check: no SOURCE given");
		goto out;
	}
	if (cc_cli_stdin_once(many.stdin_uses + cc_cli_expect_stdin_uses(&a)) < 0)
		goto out;
	if (!cc_cli_expect_any(&a, &ex) && !ex.require_ocsp_staple) {
		cc_cli_usage_error(cmd, "check: no expectation given (--expect-root, --min-valid, ...)");
		goto out;
	}
	if ((status = cc_cli_expect_load(&a, &lo, &ex)) != CC_OK)
		goto out;
	status = CC_USAGE;

	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output) < 0) {
		status = CC_USAGE;
		goto out;
	}
	size_t n = many.specs.n, n_loaded = 0;
	int worst_load = CC_OK;
	loaded = cc_cli_many_load(&many, &lo);
	srcs = cc_xcalloc(n, sizeof(*srcs));
	specs = cc_xcalloc(n, sizeof(*specs));
	info = cc_xcalloc(n, sizeof(*info));
	anchor_sha = cc_xcalloc(n ? n : 1, sizeof(*anchor_sha));
	for (size_t i = 0; i < n; i++) {
		const char *spec = many.specs.v[i];
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
			cc_check_source(&ex, spec, src, &results, anchor_sha[i]);
			info[i].root_sha256 = anchor_sha[i][0] ? anchor_sha[i] : NULL;
			info[i].sni = src->tls ? src->tls->sni : NULL;
		}
		info[i].seconds = loaded[i].seconds + now_seconds() - start;
	}
	if (ex.same_root)
		cc_check_same_root(&ex, specs, (const struct cc_source *const *)srcs, n_loaded, &results);

	if (format == CC_FORMAT_JSON) {
		json_t *doc = cc_json_document("check", ex.at);
		json_object_set_new(doc, "results", cc_json_results(&results));
		json_object_set_new(doc, "passed", json_integer((json_int_t)cc_results_count(&results, CC_PASS)));
		json_object_set_new(doc, "failed",
				    json_integer((json_int_t)(cc_results_count(&results, CC_FAIL) +
							      cc_results_count(&results, CC_ERROR))));
		json_object_set_new(doc, "errors",
				    json_integer((json_int_t)cc_results_count(&results, CC_ERROR)));
		cc_json_dump(doc, o.fp);
		json_decref(doc);
	} else if (format == CC_FORMAT_JUNIT) {
		write_junit(o.fp, &a, &ex, &results, info, n);
	} else if (format == CC_FORMAT_OPENMETRICS) {
		cc_om_check_run(o.fp, &ex, (const char *const *)many.specs.v, loaded, n, &results,
				time(NULL));
		cc_om_eof(o.fp);
		o.write_always = true;
	} else {
		struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
		cc_text_results(&out, &results);
	}
	/* An unreadable or unreachable SOURCE is an error result like a
	 * failed expectation. */
	status = cc_cli_status(n_loaded, worst_load,
			       cc_results_count(&results, CC_FAIL) || cc_results_count(&results, CC_ERROR));
	status = cc_cli_output_close(&o, status);
out:
	if (loaded)
		cc_loaded_release(loaded, many.specs.n);
	free(loaded);
	free(info);
	cc_results_release(&results);
	cc_cli_many_release(&many);
	free(srcs);
	free(specs);
	free(anchor_sha);
	cc_cli_expect_release(&a);
	return status;
}

const struct cc_command cc_cmd_check = {
	"check", run, "run CI assertions on chains: root, intermediate, names, expiry", usage,
};
