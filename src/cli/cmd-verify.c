/* cmd-verify.c: certcheck verify: path validation to the given roots. */
#include <stdlib.h>
#include <string.h>

#include "aia-fetch.h"
#include "chain.h"
#include "cli.h"
#include "ocsp-query.h"
#include "report-fetch.h"
#include "source.h"
#include "report-validation.h"
#include "tls-fetch.h"
#include "validate.h"

static const char usage[] =
	"Usage: certcheck verify [CONN] [OPTIONS] SOURCE\n"
	"\n"
	"Validate the chain of SOURCE (leaf first) to the given roots, or to the\n"
	"system trust store when no --root is given.  The other certificates of\n"
	"SOURCE and those of --intermediate are untrusted and may come in any\n"
	"order.  Prints the path it built and every reason validation failed.\n"
	"\n"
	"Options:\n"
	"      --root SOURCE    trust the certificates of SOURCE (repeatable)\n"
	"      --intermediate SOURCE  untrusted certificates to build the path\n"
	"                       with (repeatable)\n"
	"      --host NAME      the leaf must be valid for NAME (RFC 6125, wildcards)\n"
	"      --ip ADDR        the leaf must be valid for this IP address\n"
	"      --uri URI        the leaf must carry exactly this URI SAN (SPIFFE ID)\n"
	"      --email ADDR     the leaf must be valid for this email address\n"
	"      --purpose PURPOSE  server, client or any (default any): the EKU needed\n"
	"      --at TIME        validate at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --profile NAME   clients (default), strict or compat: which rules fail\n"
	"                       the chain and which only warn\n"
	"      --crl FILE       check revocation against this CRL (PEM or DER;\n"
	"                       repeatable)\n"
	"      --max-depth N    at most N intermediates, self-issued ones not counted\n"
	"                       (default 10)\n"
	"      --fetch-intermediates  when no path reaches a root, fetch the\n"
	"                       issuers named by AIA caIssuers (http://, at most 4\n"
	"                       fetches, --timeout each) and say what came from where\n"
	"      --ocsp           ask the leaf's OCSP responder (its AIA) whether it is\n"
	"                       revoked; revoked, unknown or no answer fails\n"
	"      --ocsp-url URL   ask this responder (http://) instead; implies --ocsp\n"
	"  -f, --format FORMAT  text (default) or json\n"
	CC_OUTPUT_HELP
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP
	"\n"
	"--timeout and --proxy also apply to what --ocsp and --fetch-intermediates\n"
	"fetch; nothing else is contacted.\n"
	"\n"
	"Exit status: 0 verified, 1 not verified (or, with --ocsp, not shown good),\n"
	"2 usage or input error, 3 no chain could be obtained from a tls:// SOURCE.\n";

/* What --fetch-intermediates fetched and what --ocsp answered (NULL when
 * not asked). */
struct extras {
	const struct cc_aia_fetches *fetches;
	const struct cc_ocsp_answer *ocsp;
};

static void print_json(const struct cc_validation *v, const struct extras *x, const char *spec, time_t at,
		       FILE *fp)
{
	json_t *doc = cc_json_document("verify", at);
	json_object_set_new(doc, "source", json_string(spec));
	cc_json_validation(doc, v, at);
	json_object_set_new(doc, "fetched", x->fetches ? cc_json_aia_fetches(x->fetches) : json_null());
	json_object_set_new(doc, "ocsp", x->ocsp ? cc_json_ocsp_answer(x->ocsp) : json_null());
	cc_json_dump(doc, fp);
	json_decref(doc);
}

static void print_text(const struct cc_validation *v, const struct extras *x, struct cc_out *o)
{
	if (x->fetches)
		cc_text_aia_fetches(o, x->fetches);
	cc_text_validation(o, v);
	if (x->ocsp)
		cc_text_ocsp_answer(o, x->ocsp);
}

/* Every CRL of the --crl FILEs. */
static int load_crls(char **files, size_t n, struct cc_crl ***crls, size_t *n_crls)
{
	for (size_t i = 0; i < n; i++) {
		struct cc_error err = CC_ERROR_INIT;
		char *data = NULL;
		size_t len = 0, got = 0;
		struct cc_crl **list = NULL;
		if (cc_read_file(files[i], &data, &len, &err) < 0 ||
		    cc_crl_read(data, len, files[i], &list, &got, &err) < 0) {
			free(data);
			return cc_cli_error(&err);
		}
		free(data);
		*crls = cc_xreallocarray(*crls, *n_crls + got, sizeof(**crls));
		memcpy(*crls + *n_crls, list, got * sizeof(*list));
		*n_crls += got;
		free(list);
	}
	return CC_OK;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum {
		OPT_ROOT = CC_OPT_FIRST_COMMAND_OPT,
		OPT_INTERMEDIATE,
		OPT_HOST,
		OPT_IP,
		OPT_URI,
		OPT_PURPOSE,
		OPT_AT,
		OPT_EMAIL,
		OPT_PROFILE,
		OPT_CRL,
		OPT_MAX_DEPTH,
		OPT_FETCH_INTERMEDIATES,
		OPT_OCSP,
		OPT_OCSP_URL,
	};
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "intermediate", required_argument, NULL, OPT_INTERMEDIATE },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "ip", required_argument, NULL, OPT_IP },
		{ "uri", required_argument, NULL, OPT_URI },
		{ "purpose", required_argument, NULL, OPT_PURPOSE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "crl", required_argument, NULL, OPT_CRL },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "fetch-intermediates", no_argument, NULL, OPT_FETCH_INTERMEDIATES },
		{ "ocsp", no_argument, NULL, OPT_OCSP },
		{ "ocsp-url", required_argument, NULL, OPT_OCSP_URL },
		{ "format", required_argument, NULL, 'f' },
		CC_OUTPUT_LONGOPTS,
		CC_CONN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_verify;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	struct cc_validate_options vo = { .at = time(NULL), .max_depth = -1 };
	enum cc_format format = CC_FORMAT_TEXT;
	char **roots = cc_xcalloc((size_t)argc, sizeof(*roots));
	char **inters = cc_xcalloc((size_t)argc, sizeof(*inters));
	char **crl_files = cc_xcalloc((size_t)argc, sizeof(*crl_files));
	size_t n_roots = 0, n_inters = 0, n_crl_files = 0, n_crls = 0;
	struct cc_crl **crls = NULL;
	bool exit_now = false, fetch = false, ocsp = false;
	const char *output = NULL, *ocsp_url = NULL;
	struct cc_aia_fetches fetches = CC_AIA_FETCHES_INIT;
	struct cc_ocsp_answer answer = CC_OCSP_ANSWER_INIT;
	int opt, status = CC_USAGE;
	struct cc_source **root_srcs = NULL, **inter_srcs = NULL, *src = NULL;
	struct cc_cert **root_certs = NULL, **inter_certs = NULL;
	size_t n_root_certs = 0, n_inter_certs = 0;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "o:f:", longopts, NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &tls, NULL, &exit_now);
		if (r < 0)
			goto out;
		if (exit_now) {
			status = CC_OK;
			goto out;
		}
		if (r > 0)
			continue;
		switch (opt) {
		case OPT_ROOT:
			roots[n_roots++] = optarg;
			break;
		case OPT_INTERMEDIATE:
			inters[n_inters++] = optarg;
			break;
		case OPT_HOST:
			vo.host = optarg;
			break;
		case OPT_IP:
			vo.ip = optarg;
			break;
		case OPT_URI:
			vo.uri = optarg;
			break;
		case OPT_PURPOSE:
			if (cc_cli_parse_purpose(cmd, optarg, &vo.purpose) < 0)
				goto out;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &vo.at) < 0)
				goto out;
			break;
		case OPT_EMAIL:
			vo.email = optarg;
			break;
		case OPT_PROFILE:
			if (cc_profile_parse(optarg, &vo.profile) < 0) {
				cc_cli_usage_error(cmd, "--profile: '%s' is not clients, strict or compat",
						   optarg);
				goto out;
			}
			break;
		case OPT_CRL:
			crl_files[n_crl_files++] = optarg;
			break;
		case OPT_MAX_DEPTH: {
			char *end;
			long d = strtol(optarg, &end, 10);
			if (!*optarg || *end || d < 0 || d > 1000) {
				cc_cli_usage_error(cmd, "--max-depth: '%s' is not a number from 0 to 1000",
						   optarg);
				goto out;
			}
			vo.max_depth = (int)d;
			break;
		}
		case OPT_FETCH_INTERMEDIATES:
			fetch = true;
			break;
		case OPT_OCSP_URL:
			if (!cc_http_url_ok(optarg)) {
				cc_cli_usage_error(cmd, "--ocsp-url: '%s' is not an http:// URL", optarg);
				goto out;
			}
			ocsp_url = optarg;
			ocsp = true;
			break;
		case OPT_OCSP:
			ocsp = true;
			break;
		case 'o':
			output = optarg;
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
		cc_cli_usage_error(cmd, "verify: no SOURCE given");
		goto out;
	}
	if (optind + 1 < argc) {
		cc_cli_usage_error(cmd, "verify: one SOURCE only ('%s' is extra)", argv[optind + 1]);
		goto out;
	}
	if ((vo.host != NULL) + (vo.ip != NULL) + (vo.uri != NULL) + (vo.email != NULL) > 1) {
		cc_cli_usage_error(cmd, "--host, --ip, --uri and --email do not go together");
		goto out;
	}
	if (cc_cli_stdin_once(cc_cli_stdin_uses((const char *const *)roots, n_roots) +
			      cc_cli_stdin_uses((const char *const *)inters, n_inters) +
			      cc_source_spec_is_stdin(argv[optind])) < 0)
		goto out;
	if ((status = load_crls(crl_files, n_crl_files, &crls, &n_crls)) != CC_OK)
		goto out;
	if ((status = cc_cli_load_certs(roots, n_roots, true, &lo, &root_srcs, &root_certs, &n_root_certs)) !=
		    CC_OK ||
	    (status = cc_cli_load_certs(inters, n_inters, false, &lo, &inter_srcs, &inter_certs, &n_inter_certs)) !=
		    CC_OK)
		goto out;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_load(argv[optind], &lo, &src, &err) < 0) {
		status = cc_cli_error(&err);
		goto out;
	}
	const struct cc_entry *e = cc_source_main_entry(src);
	for (size_t n = 0; n < e->notes.n; n++)
		cc_cli_note(cli, "%s", e->notes.v[n]);
	if (e->n_certs == 0) {
		cc_error_set(&err, CC_USAGE, argv[optind], "no certificate to verify");
		status = cc_cli_error(&err);
		goto out;
	}
	/* the untrusted pool: the chain after its leaf, then --intermediate */
	struct cc_cert **pool = cc_xcalloc(e->n_certs + n_inter_certs, sizeof(*pool));
	size_t n_pool = 0;
	for (size_t i = 1; i < e->n_certs; i++)
		pool[n_pool++] = e->certs[i];
	for (size_t i = 0; i < n_inter_certs; i++)
		pool[n_pool++] = inter_certs[i];
	vo.anchors = root_certs;
	vo.n_anchors = n_root_certs;
	vo.system_anchors = n_roots == 0;
	vo.pool = pool;
	vo.n_pool = n_pool;
	vo.crls = crls;
	vo.n_crls = n_crls;
	struct cc_validation res;
	struct cc_http_options http = { tls.proxy, tls.timeout_ms, 0 };
	int vr = fetch ? cc_validate_fetching(e->certs[0], &vo, &http, CC_AIA_MAX_FETCHES, &res, &fetches, &err)
		       : cc_validate(e->certs[0], &vo, &res, &err);
	free(pool);
	if (vr < 0) {
		status = cc_cli_error(&err);
		goto out;
	}
	if (ocsp)
		cc_ocsp_query(e->certs[0], res.path.n > 1 ? res.path.certs[1] : NULL, ocsp_url, &http, vo.at,
			      &answer);
	struct extras x = { fetch ? &fetches : NULL, ocsp ? &answer : NULL };
	bool ok = res.ok && (!ocsp || answer.outcome == CC_OCSP_GOOD);
	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output) == 0) {
		if (format == CC_FORMAT_JSON)
			print_json(&res, &x, argv[optind], vo.at, o.fp);
		else
			print_text(&res, &x, &(struct cc_out){ o.fp, cc_cli_output_color(cli, &o) });
		status = cc_cli_output_close(&o, cc_cli_status(1, CC_OK, !ok));
	}
	cc_validation_release(&res);
out:
	cc_ocsp_answer_release(&answer);
	cc_aia_fetches_release(&fetches);
	cc_source_free(src);
	cc_cli_certs_release(root_srcs, n_roots, root_certs);
	cc_cli_certs_release(inter_srcs, n_inters, inter_certs);
	for (size_t i = 0; i < n_crls; i++)
		cc_crl_free(crls[i]);
	free(crls);
	free(crl_files);
	free(roots);
	free(inters);
	return status;
}

const struct cc_command cc_cmd_verify = {
	"verify", run, "validate a chain to the given roots and say why it fails", usage,
};
