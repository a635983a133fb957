/* cmd-check.c: certcheck check: assertions on each source, one result each. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cli.h"
#include "source.h"
#include "tls-fetch.h"

static const char usage[] =
	"Usage: certcheck check [CONN] [EXPECTATIONS] [OPTIONS] SOURCE...\n"
	"\n"
	"Run the expectations on the chain of each SOURCE and report each as one\n"
	"result: pass or fail, a one-line message and the explanation (the diff of\n"
	"expected against found for a mismatch).  A SOURCE that cannot be read is\n"
	"an error result; the others are still checked.  Sources are loaded -j N at\n"
	"a time and reported in the order given.\n"
	"\n"
	"Expectations:\n"
	"      --expect-root SOURCE  the chain leads to exactly this root: the\n"
	"                       presented root is identical, or the top certificate\n"
	"                       is issued and signed by it\n"
	"      --expect-intermediate SOURCE  this exact certificate is in the chain\n"
	"      --expect-san TYPE:VALUE  the leaf carries this name (DNS, IP, URI,\n"
	"                       EMAIL; repeatable, each one result)\n"
	"      --expect-host NAME  the leaf is valid for NAME (RFC 6125, wildcards)\n"
	"      --min-valid DURATION  no certificate of the chain expires sooner\n"
	"                       (90m, 12h, 30d)\n"
	"      --same-root      all sources lead to the same root certificate\n"
	"      --strict-clients  nothing in the chain that strict TLS clients\n"
	"                       refuse (see certcheck-show(1)): key usage, EKU,\n"
	"                       weak keys and signatures, CA flags, CN-only names\n"
	"      --require-ocsp-staple  a tls:// SOURCE staples a good OCSP response,\n"
	"                       verified against the issuer and current at --at\n"
	"\n"
	"Options:\n"
	"      --at TIME        check at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --purpose PURPOSE  what a file's leaf is for, for --strict-clients:\n"
	"                       server (default), client or any (a tls:// leaf is\n"
	"                       always a server's)\n"
	"  -f, --format FORMAT  text (default), json or junit (a testsuite per\n"
	"                       SOURCE, a testcase per result)\n"
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
	"from any SOURCE.\n";

struct check_args {
	const char *root, *intermediate;
	struct cc_san_spec *sans;
	const char **san_text;   /* as given */
	size_t n_sans;
	const char *purpose;     /* --purpose as given */
};

static int load_expectation(const char *opt, const char *spec, const struct cc_load_options *lo,
			    struct cc_source **out)
{
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_load(spec, lo, out, &err) < 0) {
		cc_error_prefix(&err, opt);
		return cc_cli_error(&err);
	}
	return CC_OK;
}

/* Every expectation as given, for the JUnit properties. */
static void expectation_props(const struct check_args *a, const struct cc_expect *ex,
			      struct cc_junit_property *p, size_t *n)
{
	if (a->root)
		p[(*n)++] = (struct cc_junit_property){ "expect-root", a->root };
	if (a->intermediate)
		p[(*n)++] = (struct cc_junit_property){ "expect-intermediate", a->intermediate };
	for (size_t i = 0; i < a->n_sans; i++)
		p[(*n)++] = (struct cc_junit_property){ "expect-san", a->san_text[i] };
	if (ex->host)
		p[(*n)++] = (struct cc_junit_property){ "expect-host", ex->host };
	if (ex->has_min_valid)
		p[(*n)++] = (struct cc_junit_property){ "min-valid", ex->min_valid_text };
	if (ex->same_root)
		p[(*n)++] = (struct cc_junit_property){ "same-root", "true" };
	if (ex->strict_clients)
		p[(*n)++] = (struct cc_junit_property){ "strict-clients", a->purpose };
	if (ex->require_ocsp_staple)
		p[(*n)++] = (struct cc_junit_property){ "require-ocsp-staple", "true" };
}

static int write_junit(FILE *fp, const struct check_args *a, const struct cc_expect *ex,
		       const struct cc_results *results, const struct cc_check_suite_info *info,
		       size_t n)
{
	struct cc_junit_property *props = cc_xcalloc(a->n_sans + 8, sizeof(*props));
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
		OPT_EXPECT_ROOT = CC_OPT_FIRST_COMMAND_OPT,
		OPT_EXPECT_INTERMEDIATE,
		OPT_EXPECT_SAN,
		OPT_EXPECT_HOST,
		OPT_MIN_VALID,
		OPT_SAME_ROOT,
		OPT_STRICT_CLIENTS,
		OPT_REQUIRE_OCSP_STAPLE,
		OPT_PURPOSE,
		OPT_AT,
	};
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		{ "expect-root", required_argument, NULL, OPT_EXPECT_ROOT },
		{ "expect-intermediate", required_argument, NULL, OPT_EXPECT_INTERMEDIATE },
		{ "expect-san", required_argument, NULL, OPT_EXPECT_SAN },
		{ "expect-host", required_argument, NULL, OPT_EXPECT_HOST },
		{ "min-valid", required_argument, NULL, OPT_MIN_VALID },
		{ "same-root", no_argument, NULL, OPT_SAME_ROOT },
		{ "strict-clients", no_argument, NULL, OPT_STRICT_CLIENTS },
		{ "require-ocsp-staple", no_argument, NULL, OPT_REQUIRE_OCSP_STAPLE },
		{ "purpose", required_argument, NULL, OPT_PURPOSE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_check;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	struct cc_expect ex = { .at = time(NULL), .purpose = CC_PURPOSE_SERVER };
	struct check_args a = { NULL, NULL, cc_xcalloc((size_t)argc, sizeof(*a.sans)),
				cc_xcalloc((size_t)argc, sizeof(*a.san_text)), 0, "server" };
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	struct cc_source *root = NULL, *inter = NULL, **srcs = NULL;
	struct cc_loaded *loaded = NULL;
	struct cc_check_suite_info *info = NULL;
	const char **specs = NULL;
	struct cc_results results = CC_RESULTS_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	const char *output = NULL;
	bool exit_now = false;
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
		case OPT_EXPECT_ROOT:
			a.root = optarg;
			break;
		case OPT_EXPECT_INTERMEDIATE:
			a.intermediate = optarg;
			break;
		case OPT_EXPECT_SAN:
			if (cc_san_spec_parse(optarg, &a.sans[a.n_sans]) < 0) {
				cc_cli_usage_error(cmd,
						   "--expect-san: '%s' is not TYPE:VALUE with TYPE DNS, "
						   "IP, URI or EMAIL",
						   optarg);
				goto out;
			}
			a.san_text[a.n_sans++] = optarg;
			break;
		case OPT_EXPECT_HOST:
			ex.host = optarg;
			break;
		case OPT_MIN_VALID:
			if (cc_cli_parse_duration(cmd, "--min-valid", optarg, &ex.min_valid) < 0)
				goto out;
			ex.has_min_valid = true;
			ex.min_valid_text = optarg;
			break;
		case OPT_SAME_ROOT:
			ex.same_root = true;
			break;
		case OPT_STRICT_CLIENTS:
			ex.strict_clients = true;
			break;
		case OPT_REQUIRE_OCSP_STAPLE:
			ex.require_ocsp_staple = true;
			break;
		case OPT_PURPOSE:
			if (cc_cli_parse_purpose(cmd, optarg, &ex.purpose) < 0)
				goto out;
			a.purpose = optarg;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &ex.at) < 0)
				goto out;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
							CC_FORMAT_BIT(CC_FORMAT_JUNIT),
						&format) < 0)
				goto out;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		goto out;
	if (cc_cli_many_done(&many, argc, argv) == 0) {
		if (!many.too_many)
			cc_cli_usage_error(cmd, "check: no SOURCE given");
		goto out;
	}
	const char *expected[] = { a.root, a.intermediate };
	if (cc_cli_stdin_once(many.stdin_uses + cc_cli_stdin_uses(expected, 2)) < 0)
		goto out;
	if (!a.root && !a.intermediate && !a.n_sans && !ex.host && !ex.has_min_valid && !ex.same_root &&
	    !ex.strict_clients && !ex.require_ocsp_staple) {
		cc_cli_usage_error(cmd, "check: no expectation given (--expect-root, --min-valid, ...)");
		goto out;
	}
	if (a.root && (status = load_expectation("--expect-root", a.root, &lo, &root)) != CC_OK)
		goto out;
	if (a.intermediate &&
	    (status = load_expectation("--expect-intermediate", a.intermediate, &lo, &inter)) != CC_OK)
		goto out;
	ex.root = root;
	ex.intermediate = inter;
	ex.sans = a.sans;
	ex.n_sans = a.n_sans;

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
			cc_check_source(&ex, spec, src, &results);
			const struct cc_cert *r = cc_source_root(src);
			info[i].root_sha256 = r ? r->sha256 : NULL;
			info[i].sni = src->tls ? src->tls->sni : NULL;
		}
		info[i].seconds = loaded[i].seconds + now_seconds() - start;
	}
	if (ex.same_root)
		cc_check_same_root(specs, (const struct cc_source *const *)srcs, n_loaded, &results);

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
	} else {
		struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
		cc_text_results(&out, &results);
	}
	/* An unreadable or unreachable SOURCE is an error result like a
	 * failed expectation; 2 or 3 only when no SOURCE gave a chain. */
	if (n_loaded == 0)
		status = worst_load;
	else if (cc_results_count(&results, CC_FAIL) || cc_results_count(&results, CC_ERROR))
		status = CC_FAILED;
	else
		status = CC_OK;
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
	cc_source_free(root);
	cc_source_free(inter);
	for (size_t i = 0; i < a.n_sans; i++)
		free(a.sans[i].value);
	free(a.sans);
	free(a.san_text);
	return status;
}

const struct cc_command cc_cmd_check = {
	"check", run, "run CI assertions on chains: root, intermediate, names, expiry", usage,
};
