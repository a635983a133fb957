/* cmd-verify.c: certcheck verify: path validation to the given roots. */
#include <stdlib.h>
#include <string.h>

#include "aia-fetch.h"
#include "chain.h"
#include "cli.h"
#include "ocsp-query.h"
#include "report-fetch.h"
#include "load.h"
#include "report-validation.h"
#include "tls-info.h"
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

/* The options of a verify run. */
struct verify_opts {
	struct cc_tls_options tls;
	struct cc_validate_options vo;
	enum cc_format format;
	char **roots, **inters, **crl_files;
	size_t n_roots, n_inters, n_crl_files;
	bool fetch, ocsp;
	const char *output, *ocsp_url;
	const char *spec;   /* the SOURCE */
};

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

/* An option whose value needs checking: 0, or -1 after a usage error. */
static int checked_opt(struct verify_opts *v, int opt, const char *arg)
{
	const struct cc_command *cmd = &cc_cmd_verify;
	switch (opt) {
	case OPT_PURPOSE:
		return cc_cli_parse_purpose(cmd, arg, &v->vo.purpose);
	case OPT_AT:
		return cc_cli_parse_at(cmd, arg, &v->vo.at);
	case OPT_PROFILE:
		if (cc_profile_parse(arg, &v->vo.profile) < 0) {
			cc_cli_usage_error(cmd, "--profile: '%s' is not clients, strict or compat", arg);
			return -1;
		}
		return 0;
	case OPT_MAX_DEPTH: {
		char *end;
		long d = strtol(arg, &end, 10);
		if (!*arg || *end || d < 0 || d > 1000) {
			cc_cli_usage_error(cmd, "--max-depth: '%s' is not a number from 0 to 1000", arg);
			return -1;
		}
		v->vo.max_depth = (int)d;
		return 0;
	}
	case OPT_OCSP_URL:
		if (!cc_http_url_ok(arg)) {
			cc_cli_usage_error(cmd, "--ocsp-url: '%s' is not an http:// URL", arg);
			return -1;
		}
		v->ocsp_url = arg;
		v->ocsp = true;
		return 0;
	case 'f':
		return cc_cli_parse_format(cmd, arg,
					   CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
					   &v->format);
	}
	return 0;
}

/* One option of verify's own: 0, or -1 after a usage error. */
static int own_opt(struct verify_opts *v, int opt, char *arg)
{
	switch (opt) {
	case OPT_ROOT:
		v->roots[v->n_roots++] = arg;
		break;
	case OPT_INTERMEDIATE:
		v->inters[v->n_inters++] = arg;
		break;
	case OPT_HOST:
		v->vo.host = arg;
		break;
	case OPT_IP:
		v->vo.ip = arg;
		break;
	case OPT_URI:
		v->vo.uri = arg;
		break;
	case OPT_EMAIL:
		v->vo.email = arg;
		break;
	case OPT_CRL:
		v->crl_files[v->n_crl_files++] = arg;
		break;
	case OPT_FETCH_INTERMEDIATES:
		v->fetch = true;
		break;
	case OPT_OCSP:
		v->ocsp = true;
		break;
	case 'o':
		v->output = arg;
		break;
	default:
		return checked_opt(v, opt, arg);
	}
	return 0;
}

/* The command line into V: 0 to go on, else -1 with *STATUS the exit
 * status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct verify_opts *v, int *status)
{
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
	bool exit_now = false;
	int opt;

	*status = CC_USAGE;
	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "o:f:", longopts, NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &v->tls, NULL, &exit_now);
		if (r < 0)
			return -1;
		if (exit_now) {
			*status = CC_OK;
			return -1;
		}
		if (r == 0 && own_opt(v, opt, optarg) < 0)
			return -1;
	}
	if (cc_cli_conn_check(&v->tls, cmd) < 0)
		return -1;
	if (optind >= argc) {
		cc_cli_usage_error(cmd, "verify: no SOURCE given");
		return -1;
	}
	if (optind + 1 < argc) {
		cc_cli_usage_error(cmd, "verify: one SOURCE only ('%s' is extra)", argv[optind + 1]);
		return -1;
	}
	v->spec = argv[optind];
	const struct cc_validate_options *vo = &v->vo;
	if ((vo->host != NULL) + (vo->ip != NULL) + (vo->uri != NULL) + (vo->email != NULL) > 1) {
		cc_cli_usage_error(cmd, "--host, --ip, --uri and --email do not go together");
		return -1;
	}
	return cc_cli_stdin_once(cc_cli_stdin_uses((const char *const *)v->roots, v->n_roots) +
				 cc_cli_stdin_uses((const char *const *)v->inters, v->n_inters) +
				 cc_source_spec_is_stdin(v->spec));
}

/* What verify loads and makes, released in one place. */
struct verify_state {
	struct cc_crl **crls;
	size_t n_crls;
	struct cc_source **root_srcs, **inter_srcs, *src;
	struct cc_cert **root_certs, **inter_certs;
	size_t n_root_certs, n_inter_certs;
	struct cc_aia_fetches fetches;
	struct cc_ocsp_answer answer;
};

/* Validate E's leaf as V asks, with S's roots, intermediates and CRLs;
 * ask OCSP when asked, and hand the result to the writer.  Returns the
 * exit status. */
static int validate(struct verify_opts *v, struct verify_state *s, const struct cc_entry *e,
		    const struct cc_cli *cli)
{
	/* the untrusted pool: the chain after its leaf, then --intermediate */
	struct cc_cert **pool = cc_xcalloc(e->n_certs + s->n_inter_certs, sizeof(*pool));
	size_t n_pool = 0;
	for (size_t i = 1; i < e->n_certs; i++)
		pool[n_pool++] = e->certs[i];
	for (size_t i = 0; i < s->n_inter_certs; i++)
		pool[n_pool++] = s->inter_certs[i];
	struct cc_validate_options *vo = &v->vo;
	vo->anchors = s->root_certs;
	vo->n_anchors = s->n_root_certs;
	vo->system_anchors = v->n_roots == 0;
	vo->pool = pool;
	vo->n_pool = n_pool;
	vo->crls = s->crls;
	vo->n_crls = s->n_crls;
	struct cc_validation res;
	struct cc_error err = CC_ERROR_INIT;
	struct cc_http_options http = { v->tls.proxy, v->tls.timeout_ms, 0 };
	int vr = v->fetch ? cc_validate_fetching(e->certs[0], vo, &http, CC_AIA_MAX_FETCHES, &res,
						 &s->fetches, &err)
			  : cc_validate(e->certs[0], vo, &res, &err);
	free(pool);
	if (vr < 0)
		return cc_cli_error(&err);
	if (v->ocsp)
		cc_ocsp_query(e->certs[0], res.path.n > 1 ? res.path.certs[1] : NULL, v->ocsp_url, &http,
			      vo->at, &s->answer);
	bool ok = res.ok && (!v->ocsp || s->answer.outcome == CC_OCSP_GOOD);
	struct cc_cli_output o;
	int status = CC_USAGE;
	if (cc_cli_output_open(&o, v->output, v->format, cli) == 0) {
		cc_report_verify(&o.report, &(struct cc_verify_report){ &res, v->spec, vo->at,
									v->fetch ? &s->fetches : NULL,
									v->ocsp ? &s->answer : NULL });
		status = cc_cli_output_close(&o, cc_cli_status(1, CC_OK, !ok));
	}
	cc_validation_release(&res);
	return status;
}

/* Load the CRLs, roots, intermediates and the SOURCE, then validate. */
static int verify(struct verify_opts *v, struct verify_state *s, const struct cc_cli *cli)
{
	struct cc_load_options lo = { &v->tls };
	int status;
	if ((status = load_crls(v->crl_files, v->n_crl_files, &s->crls, &s->n_crls)) != CC_OK ||
	    (status = cc_cli_load_certs(v->roots, v->n_roots, true, &lo, &s->root_srcs, &s->root_certs,
					&s->n_root_certs)) != CC_OK ||
	    (status = cc_cli_load_certs(v->inters, v->n_inters, false, &lo, &s->inter_srcs,
					&s->inter_certs, &s->n_inter_certs)) != CC_OK)
		return status;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_load(v->spec, &lo, &s->src, &err) < 0)
		return cc_cli_error(&err);
	const struct cc_entry *e = cc_source_main_entry(s->src);
	for (size_t n = 0; n < e->notes.n; n++)
		cc_cli_note(cli, "%s", e->notes.v[n]);
	if (e->n_certs == 0) {
		cc_error_set(&err, CC_USAGE, v->spec, "no certificate to verify");
		return cc_cli_error(&err);
	}
	return validate(v, s, e, cli);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct verify_opts v = {
		.tls = CC_TLS_OPTIONS_INIT,
		.vo = { .at = time(NULL), .max_depth = -1 },
		.format = CC_FORMAT_TEXT,
		.roots = cc_xcalloc((size_t)argc, sizeof(char *)),
		.inters = cc_xcalloc((size_t)argc, sizeof(char *)),
		.crl_files = cc_xcalloc((size_t)argc, sizeof(char *)),
	};
	struct verify_state s = { .fetches = CC_AIA_FETCHES_INIT, .answer = CC_OCSP_ANSWER_INIT };
	int status;
	if (parse(argc, argv, cli, &v, &status) == 0)
		status = verify(&v, &s, cli);
	cc_ocsp_answer_release(&s.answer);
	cc_aia_fetches_release(&s.fetches);
	cc_source_free(s.src);
	cc_cli_certs_release(s.root_srcs, v.n_roots, s.root_certs);
	cc_cli_certs_release(s.inter_srcs, v.n_inters, s.inter_certs);
	for (size_t i = 0; i < s.n_crls; i++)
		cc_crl_free(s.crls[i]);
	free(s.crls);
	free(v.crl_files);
	free(v.roots);
	free(v.inters);
	return status;
}

const struct cc_command cc_cmd_verify = {
	"verify", run, "validate a chain to the given roots and say why it fails", usage,
};
