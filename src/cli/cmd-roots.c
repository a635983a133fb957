/* cmd-roots.c: certcheck roots: which root each source leads to, grouped
 * by identical certificate and by key, and whether they share one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-roots.h"
#include "roots.h"
#include "load.h"
#include "tls-info.h"

static const char usage[] =
	"Usage: certcheck roots [OPTIONS] SOURCE...\n"
	"\n"
	"Validate the chain of each SOURCE and find the root it validates to: to\n"
	"the source's own trust entry (a dump's ROOTCA, a secret's ca.crt), else\n"
	"to the self-signed root it presents, else to --root.  A source that\n"
	"holds only trust (a root-cert.pem, dump.json#ROOTCA) stands for its set\n"
	"of roots.  Group the sources by identical roots (bundles as sets) and by\n"
	"root key, print the matrix and a verdict.  Exit 0 when all sources share\n"
	"one root, 1 when they do not or a chain does not validate (the broken\n"
	"link named), saying whether the roots share a subject (\"same subject,\n"
	"different key\": a regenerated root).\n"
	"\n"
	"Options:\n"
	"      --cross          also say, for every pair of sources A and B,\n"
	"                       whether A's chain validates to B's trust bundle;\n"
	"                       exit 0 when every pair is trusted both ways\n"
	"      --root FILE      roots for sources that present none and hold no\n"
	"                       trust (live gateways); repeatable\n"
	"      --profile NAME   clients (default), strict or compat\n"
	"  -f, --format FORMAT  text (default), json, junit (a testsuite per\n"
	"                       SOURCE, its testcase \"same-root\"; with --cross a\n"
	"                       testcase per pair) or openmetrics (Prometheus;\n"
	"                       see certcheck-serve(1))\n"
	CC_OUTPUT_HELP
	CC_MANY_HELP
	"      --at TIME        validate at TIME (RFC 3339 or @EPOCH), not now\n"
	"  -q, --quiet          print only the verdict\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP;

/* The options of a roots run. */
struct roots_opts {
	struct cc_tls_options tls;
	struct cc_cli_many many;
	struct cc_root_options ro;
	enum cc_format format;
	const char *output;
	time_t at;
	char **trust;   /* --root */
	size_t n_trust;
	bool cross;
};

enum { OPT_AT = CC_OPT_FIRST_COMMAND_OPT, OPT_ROOT, OPT_PROFILE, OPT_CROSS };

/* One option of roots' own: 0, or nonzero after a usage error. */
static int own_opt(struct roots_opts *r, int opt, char *arg)
{
	switch (opt) {
	case 'o':
		r->output = arg;
		break;
	case 'f':
		return cc_cli_parse_format(&cc_cmd_roots, arg,
					   CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
						   CC_FORMAT_BIT(CC_FORMAT_JUNIT) |
						   CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
					   &r->format);
	case OPT_AT:
		return cc_cli_parse_at(&cc_cmd_roots, arg, &r->at);
	case OPT_ROOT:
		r->trust[r->n_trust++] = arg;
		break;
	case OPT_PROFILE:
		if (cc_profile_parse(arg, &r->ro.profile) < 0)
			return cc_cli_usage_error(&cc_cmd_roots,
						  "--profile: '%s' is not clients, strict or compat", arg);
		break;
	case OPT_CROSS:
		r->cross = true;
		break;
	}
	return 0;
}

/* The command line into R: 0 to go on, else -1 with *STATUS the exit
 * status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct roots_opts *r, int *status)
{
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "at", required_argument, NULL, OPT_AT },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "cross", no_argument, NULL, OPT_CROSS },
		{ NULL, 0, NULL, 0 },
	};
	bool exit_now = false;
	int opt;

	*status = CC_USAGE;
	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts, NULL)) != -1) {
		int taken = cc_cli_shared_opt(cli, &cc_cmd_roots, opt, optarg, &r->tls, &r->many, &exit_now);
		if (taken < 0 || exit_now) {
			*status = taken < 0 ? CC_USAGE : CC_OK;
			return -1;
		}
		if (taken == 0 && own_opt(r, opt, optarg) != 0)
			return -1;
	}
	if (cc_cli_many_done(&r->many, argc, argv) == 0 || cc_cli_conn_check(&r->tls, &cc_cmd_roots) < 0 ||
	    cc_cli_stdin_once(r->many.stdin_uses +
			      cc_cli_stdin_uses((const char *const *)r->trust, r->n_trust)) < 0) {
		if (!r->many.specs.n && !r->many.too_many)
			cc_cli_usage_error(&cc_cmd_roots, "roots: no SOURCE given");
		return -1;
	}
	return 0;
}

/* Load every SOURCE, find its root, group them (and cross them), then
 * hand it all to the writer.  Returns the exit status. */
static int find_roots(struct roots_opts *o, const struct cc_load_options *lo, const struct cc_cli *cli,
		      const struct cc_report_out *out)
{
	size_t n = o->many.specs.n, nr = 0;
	struct cc_loaded *all = cc_cli_many_load(&o->many, lo);
	struct cc_roots_source *v = cc_xcalloc(n, sizeof(*v));
	int status = CC_OK;
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct cc_roots_source){ o->many.specs.v[i], all[i].src, all[i].err, CC_ROOT_INIT,
						 all[i].seconds };
		if (!v[i].src) {
			int s = cc_cli_error(&v[i].err);
			status = s > status ? s : status;
			continue;
		}
		cc_root_find(v[i].src, &o->ro, &v[i].root);
		if (v[i].root.note)
			cc_cli_note(cli, "%s: %s", v[i].spec, v[i].root.note);
	}
	/* Group only the sources that were read. */
	struct cc_roots_source *read = cc_xcalloc(n, sizeof(*read));
	struct cc_root *roots = cc_xcalloc(n, sizeof(*roots));
	size_t *index = cc_xcalloc(n, sizeof(*index));   /* source -> its place in READ */
	const struct cc_source **read_srcs = cc_xcalloc(n, sizeof(*read_srcs));
	for (size_t i = 0; i < n; i++)
		if (v[i].src) {
			index[i] = nr;
			read_srcs[nr] = v[i].src;
			read[nr] = v[i];
			roots[nr++] = v[i].root;
		}
	struct cc_cross x = CC_CROSS_INIT;
	if (o->cross)
		cc_roots_cross(read_srcs, nr, &o->ro, &x);
	struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
	cc_roots_group(roots, nr, &g);
	status = cc_cli_status(nr, status, o->cross ? !x.all_trusted : !g.shared);
	cc_report_roots(out, &(struct cc_roots_report){ v, n, read, roots, nr, index, &g,
							o->cross ? &x : NULL, o->at, cli->quiet });
	cc_cross_release(&x);
	cc_root_groups_release(&g);
	for (size_t i = 0; i < n; i++) {
		cc_root_release(&v[i].root);
		cc_source_free(v[i].src);
	}
	free(read);
	free(read_srcs);
	free(index);
	free(roots);
	free(v);
	free(all);
	return status;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct roots_opts r = {
		.tls = CC_TLS_OPTIONS_INIT,
		.many = CC_CLI_MANY_INIT,
		.ro = { .profile = CC_PROFILE_CLIENTS },
		.format = CC_FORMAT_TEXT,
		.at = time(NULL),
		.trust = cc_xcalloc((size_t)argc, sizeof(char *)),
	};
	struct cc_load_options lo = { &r.tls };
	struct cc_source **trust_srcs = NULL;
	struct cc_cert **trust_certs = NULL;
	size_t n_trust_certs = 0;
	char *trust_name = NULL;
	int status;

	if (parse(argc, argv, cli, &r, &status) == 0 &&
	    (status = cc_cli_load_certs(r.trust, r.n_trust, true, &lo, &trust_srcs, &trust_certs,
					&n_trust_certs)) == CC_OK) {
		trust_name = r.n_trust == 1 ? cc_xasprintf("--root %s", r.trust[0])
					    : cc_xasprintf("--root (%zu files)", r.n_trust);
		r.ro.at = r.at;
		r.ro.anchors = trust_certs;
		r.ro.n_anchors = n_trust_certs;
		r.ro.anchors_name = trust_name;
		struct cc_cli_output o;
		if (cc_cli_output_open(&o, r.output, r.format, cli) < 0)
			status = CC_USAGE;
		else
			status = cc_cli_output_close(&o, find_roots(&r, &lo, cli, &o.report));
	}
	cc_cli_certs_release(trust_srcs, r.n_trust, trust_certs);
	free(trust_name);
	cc_cli_many_release(&r.many);
	free(r.trust);
	return status;
}

const struct cc_command cc_cmd_roots = {
	"roots", run, "group sources by the root they lead to; exit 1 when they differ", usage,
};
