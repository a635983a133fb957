/* cmd-check.c: certcheck check: assertions on each source, one result each. */
#include <stdlib.h>
#include <string.h>

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
	"an error result; the others are still checked.\n"
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
	"\n"
	"Options:\n"
	"      --at TIME        check at TIME (RFC 3339 or @EPOCH), not now\n"
	"  -f, --format FORMAT  text (default) or json\n"
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 everything holds, 1 an expectation failed, 2 usage error or\n"
	"unreadable input, 3 no chain could be obtained from a peer.\n";

struct check_args {
	const char *root, *intermediate;
	struct cc_san_spec *sans;
	size_t n_sans;
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

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum {
		OPT_EXPECT_ROOT = CC_OPT_FIRST_COMMAND_OPT,
		OPT_EXPECT_INTERMEDIATE,
		OPT_EXPECT_SAN,
		OPT_EXPECT_HOST,
		OPT_MIN_VALID,
		OPT_SAME_ROOT,
		OPT_AT,
	};
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		{ "expect-root", required_argument, NULL, OPT_EXPECT_ROOT },
		{ "expect-intermediate", required_argument, NULL, OPT_EXPECT_INTERMEDIATE },
		{ "expect-san", required_argument, NULL, OPT_EXPECT_SAN },
		{ "expect-host", required_argument, NULL, OPT_EXPECT_HOST },
		{ "min-valid", required_argument, NULL, OPT_MIN_VALID },
		{ "same-root", no_argument, NULL, OPT_SAME_ROOT },
		{ "at", required_argument, NULL, OPT_AT },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_check;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	struct cc_expect ex = { .at = time(NULL) };
	struct check_args a = { NULL, NULL, cc_xcalloc((size_t)argc, sizeof(*a.sans)), 0 };
	struct cc_source *root = NULL, *inter = NULL, **srcs = NULL;
	const char **specs = NULL;
	struct cc_results results = CC_RESULTS_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	bool exit_now = false;
	int opt, status = CC_USAGE;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "f:", longopts, NULL)) != -1) {
		int r = cc_cli_common_opt(cli, cmd, opt, optarg, &exit_now);
		if (r == 0)
			r = cc_cli_conn_opt(&tls, cmd, opt, optarg);
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
			a.n_sans++;
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
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &ex.at) < 0)
				goto out;
			break;
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
						&format) < 0)
				goto out;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		goto out;
	if (optind >= argc) {
		cc_cli_usage_error(cmd, "check: no SOURCE given");
		goto out;
	}
	if (!a.root && !a.intermediate && !a.n_sans && !ex.host && !ex.has_min_valid && !ex.same_root) {
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

	size_t n = (size_t)(argc - optind), n_loaded = 0;
	srcs = cc_xcalloc(n, sizeof(*srcs));
	specs = cc_xcalloc(n, sizeof(*specs));
	status = CC_OK;
	for (size_t i = 0; i < n; i++) {
		const char *spec = argv[optind + (int)i];
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(spec, &lo, &srcs[n_loaded], &err) < 0) {
			cc_check_load_error(spec, &err, &results);
			if ((int)err.status > status)
				status = err.status;
			continue;
		}
		specs[n_loaded] = spec;
		cc_check_source(&ex, spec, srcs[n_loaded], &results);
		n_loaded++;
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
		cc_json_dump(doc, stdout);
		json_decref(doc);
	} else {
		struct cc_out o = { stdout, cc_cli_use_color(cli, stdout) };
		cc_text_results(&o, &results);
	}
	if (cc_results_count(&results, CC_FAIL) && status < CC_FAILED)
		status = CC_FAILED;
	for (size_t i = 0; i < n_loaded; i++)
		cc_source_free(srcs[i]);
out:
	cc_results_release(&results);
	free(srcs);
	free(specs);
	cc_source_free(root);
	cc_source_free(inter);
	for (size_t i = 0; i < a.n_sans; i++)
		free(a.sans[i].value);
	free(a.sans);
	return status;
}

const struct cc_command cc_cmd_check = {
	"check", run, "run CI assertions on chains: root, intermediate, names, expiry", usage,
};
