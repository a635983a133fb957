/* cmd-roots.c: certcheck roots: which root each source leads to, grouped
 * by identical certificate and by key, and whether they share one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-openmetrics.h"
#include "roots.h"
#include "source.h"
#include "tls-fetch.h"

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

/* Group labels: A, B, ... Z, AA, AB, ... for certificates; K1, K2, ... for keys. */
static char *cert_label(size_t g)
{
	if (g == CC_ROOT_NO_GROUP)
		return cc_xstrdup("-");
	char buf[16];
	size_t i = sizeof(buf) - 1;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('A' + g % 26);
		g = g / 26;
	} while (g-- > 0 && i > 0);
	return cc_xstrdup(buf + i);
}

static char *key_label(size_t g)
{
	return g == CC_ROOT_NO_GROUP ? cc_xstrdup("-") : cc_xasprintf("K%zu", g + 1);
}

struct loaded {
	const char *spec;
	struct cc_source *src;   /* NULL when it could not be read */
	struct cc_error err;     /* why not */
	struct cc_root root;
	double seconds;          /* spent loading it */
};

/* The verdict lines: which groups hold which sources and how they differ. */
static void verdict_lines(const struct loaded *v, const struct cc_root *roots, size_t n,
			  const struct cc_root_groups *g, struct cc_strv *lines)
{
	if (g->shared) {
		char *label = cc_cert_label(roots[0].cert);
		if (n == 1)
			cc_strv_pushf(lines, "shared: the source leads to one root, %s (SHA-256 %s)", label,
				      roots[0].cert->sha256);
		else
			cc_strv_pushf(lines, "shared: all %zu sources lead to one root, %s (SHA-256 %s)", n,
				      label, roots[0].cert->sha256);
		free(label);
		return;
	}
	if (g->n_cert_groups > 1)
		cc_strv_pushf(lines, "differ: the sources lead to %zu different roots", g->n_cert_groups);
	else
		cc_strv_pushf(lines, "differ: not every source leads to a root");
	for (size_t a = 0; a < g->n_cert_groups; a++) {
		struct cc_buf names = CC_BUF_INIT;
		const struct cc_cert *root = NULL;
		for (size_t i = 0; i < n; i++)
			if (g->cert_group[i] == a) {
				cc_buf_addf(&names, "%s%s", names.len ? ", " : "", v[i].spec);
				root = roots[i].cert;
			}
		char *glabel = cert_label(a), *rlabel = cc_cert_label(root);
		cc_strv_pushf(lines, "group %s (%s, SHA-256 %s): %s", glabel, rlabel, root->sha256,
			      names.data);
		free(glabel);
		free(rlabel);
		cc_buf_release(&names);
	}
	for (size_t a = 0; a < g->n_cert_groups; a++)
		for (size_t b = a + 1; b < g->n_cert_groups; b++) {
			char *la = cert_label(a), *lb = cert_label(b);
			cc_strv_pushf(lines, "groups %s and %s: %s", la, lb,
				      cc_roots_relation(roots, g, a, b));
			free(la);
			free(lb);
		}
	for (size_t i = 0; i < n; i++)
		if (v[i].src && !roots[i].cert)
			cc_strv_pushf(lines, "no root: %s: %s", v[i].spec, roots[i].reason);
}

static json_t *json_root(const struct loaded *l, const struct cc_root_groups *g, size_t i, time_t at)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(l->spec));
	if (!l->src) {
		/* Every key of a source that was read, null. */
		static const char *const keys[] = { "found", "root", "group", "key_group", "reason",
						    "note" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			json_object_set_new(o, keys[k], json_null());
		json_object_set_new(o, "error", json_string(l->err.msg));
		return o;
	}
	const struct cc_root *r = &l->root;
	json_object_set_new(o, "found", json_string(cc_root_how_name(r->how)));
	if (r->cert) {
		json_t *c = cc_json_cert(r->cert, 1, at);
		json_object_set_new(c, "entry", json_string(r->entry->name));
		json_object_set_new(o, "root", c);
	} else {
		json_object_set_new(o, "root", json_null());
	}
	char *cl = cert_label(g->cert_group[i]), *kl = key_label(g->key_group[i]);
	json_object_set_new(o, "group", r->cert ? json_string(cl) : json_null());
	json_object_set_new(o, "key_group", r->cert ? json_string(kl) : json_null());
	free(cl);
	free(kl);
	json_object_set_new(o, "reason", r->reason ? json_string(r->reason) : json_null());
	json_object_set_new(o, "note", r->note ? json_string(r->note) : json_null());
	json_object_set_new(o, "error", json_null());
	return o;
}

static void text_matrix(struct cc_out *o, const struct loaded *v, size_t n,
			const struct cc_root_groups *g, time_t at)
{
	int ws = (int)strlen("SOURCE"), wsub = (int)strlen("ROOT SUBJECT");
	for (size_t i = 0; i < n; i++) {
		if (!v[i].src)
			continue;
		int l = (int)strlen(v[i].spec);
		ws = l > ws ? l : ws;
		if (v[i].root.cert) {
			char *label = cc_cert_label(v[i].root.cert);
			l = (int)strlen(label);
			wsub = l > wsub ? l : wsub;
			free(label);
		}
	}
	fprintf(o->fp, "%s%-*s  %-*s  %-64s  %-5s  %s%s\n", cc_style_on(o, CC_STYLE_BOLD), ws,
		"SOURCE", wsub, "ROOT SUBJECT", "ROOT SHA-256", "GROUP", "KEY", cc_style_off(o));
	for (size_t i = 0; i < n; i++) {
		if (!v[i].src)
			continue;
		const struct cc_root *r = &v[i].root;
		if (!r->cert) {
			fprintf(o->fp, "%-*s  %-*s  %-64s  %-5s  %s\n", ws, v[i].spec, wsub, "(no root)", "-",
				"-", "-");
			continue;
		}
		char *label = cc_cert_label(r->cert);
		char *cl = cert_label(g->cert_group[i]), *kl = key_label(g->key_group[i]);
		fprintf(o->fp, "%-*s  %-*s  %-64s  %-5s  %s%s\n", ws, v[i].spec, wsub, label,
			r->cert->sha256, cl, kl,
			at > r->cert->not_after ? "  (expired)" : at < r->cert->not_before ? "  (not yet valid)" : "");
		free(label);
		free(cl);
		free(kl);
	}
}

/* The message of the cross cell A -> B (caller frees). */
static char *cross_message(const struct loaded *v, const struct cc_cross *x, size_t a, size_t b)
{
	const struct cc_cross_cell *c = &x->cells[a * x->n + b];
	if (c->trusted) {
		char *l = c->anchor ? cc_cert_label(c->anchor) : cc_xstrdup("(unknown)");
		char *m = cc_xasprintf("%s's chain validates to %s's trust bundle, at %s", v[a].spec,
				       v[b].spec, l);
		free(l);
		return m;
	}
	if (!c->ran)
		return cc_xasprintf("%s -> %s: not checked: %s", v[a].spec, v[b].spec, c->reason);
	return cc_xasprintf("%s's chain does not validate to %s's trust bundle: %s", v[a].spec,
			    v[b].spec, c->reason);
}

/* A testsuite per source, one testcase "same-root" each: passed when all
 * sources share one root, failed (the verdict as its text) when not, an
 * error when the source could not be read.  With --cross (X), a testcase
 * "trusted-by B" per other source B too. */
static void write_junit(FILE *fp, const struct loaded *v, size_t n, const struct cc_root_groups *g,
			const struct cc_strv *lines, const struct cc_cross *x, const size_t *index)
{
	size_t per = 1 + (x ? n : 0);
	struct cc_junit_suite *suites = cc_xcalloc(n, sizeof(*suites));
	struct cc_junit_case *cases = cc_xcalloc(n * per, sizeof(*cases));
	struct cc_junit_property *props = cc_xcalloc(n * 3, sizeof(*props));
	struct cc_strv names = CC_STRV_INIT, msgs = CC_STRV_INIT;
	struct cc_buf verdict = CC_BUF_INIT;
	for (size_t i = 0; i < lines->n; i++)
		cc_buf_addf(&verdict, "%s\n", lines->v[i]);
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++) {
		const struct cc_root *r = &v[i].root;
		struct cc_junit_property *p = props + 3 * i;
		struct cc_junit_case *c = cases + per * i;
		size_t np = 0, nc = 0;
		p[np++] = (struct cc_junit_property){ "source", v[i].spec };
		if (v[i].src && v[i].src->tls)
			p[np++] = (struct cc_junit_property){ "sni", v[i].src->tls->sni };
		if (v[i].src && r->cert)
			p[np++] = (struct cc_junit_property){ "root-sha256", r->cert->sha256 };
		cc_strv_pushf(&names, "certcheck.%s", v[i].spec);
		const char *classname = names.v[names.n - 1];
		c[nc] = (struct cc_junit_case){ .name = "same-root", .classname = classname,
						.seconds = v[i].seconds };
		if (!v[i].src) {
			c[nc].status = CC_CASE_ERROR;
			c[nc].message = v[i].err.msg;
		} else if (!g->shared || !r->cert) {
			c[nc].status = CC_CASE_FAILED;
			c[nc].message = !r->cert && r->reason ? r->reason
					: lines->n ? lines->v[0] : "the sources do not share one root";
			c[nc].text = verdict.data;
		} else {
			c[nc].status = CC_CASE_PASSED;
		}
		nc++;
		for (size_t j = 0; x && v[i].src && j < n; j++) {
			if (!v[j].src)
				continue;
			size_t a = index[i], b = index[j];
			const struct cc_cross_cell *cell = &x->cells[a * x->n + b];
			cc_strv_pushf(&names, "trusted-by %s", v[j].spec);
			c[nc] = (struct cc_junit_case){ .name = names.v[names.n - 1], .classname = classname,
							.status = cell->trusted ? CC_CASE_PASSED
										: CC_CASE_FAILED };
			if (!cell->trusted) {
				char *m = cross_message(v, x, i, j);
				cc_strv_push(&msgs, m);
				free(m);
				c[nc].message = msgs.v[msgs.n - 1];
			}
			nc++;
		}
		suites[i] = (struct cc_junit_suite){ .name = v[i].spec, .timestamp = now,
						     .seconds = v[i].seconds, .props = p, .n_props = np,
						     .cases = c, .n_cases = nc };
	}
	char hostname[256];
	cc_cli_hostname(hostname, sizeof(hostname));
	size_t len;
	char *xml = cc_junit_render(suites, n, hostname, &len);
	fwrite(xml, 1, len, fp);
	free(xml);
	cc_buf_release(&verdict);
	cc_strv_release(&names);
	cc_strv_release(&msgs);
	free(props);
	free(cases);
	free(suites);
}

/* The cross-trust verdict: the first line the headline, then every pair
 * that is not trusted. */
static void cross_lines(const struct loaded *v, const struct cc_cross *x, struct cc_strv *lines)
{
	if (x->all_trusted) {
		if (x->same_root)
			cc_strv_pushf(lines, "cross: mutually trusted, one root: every chain validates to "
					     "every trust bundle");
		else
			cc_strv_pushf(lines, "cross: mutually trusted, different roots: every chain validates "
					     "to every trust bundle (a root rotation in progress, or a "
					     "shared trust bundle over several roots)");
		return;
	}
	cc_strv_pushf(lines, "cross: not mutually trusted");
	for (size_t a = 0; a < x->n; a++)
		for (size_t b = 0; b < x->n; b++)
			if (!x->cells[a * x->n + b].trusted) {
				char *m = cross_message(v, x, a, b);
				cc_strv_pushf(lines, "%s", m);
				free(m);
			}
}

static void text_cross(struct cc_out *o, const struct loaded *v, const struct cc_cross *x)
{
	int w = (int)strlen("CHAIN / TRUST");
	for (size_t i = 0; i < x->n; i++) {
		int l = (int)strlen(v[i].spec) + 5;
		w = l > w ? l : w;
	}
	fprintf(o->fp, "%s%-*s", cc_style_on(o, CC_STYLE_BOLD), w, "CHAIN / TRUST");
	for (size_t b = 0; b < x->n; b++)
		fprintf(o->fp, "  %-5zu", b + 1);
	fprintf(o->fp, "%s\n", cc_style_off(o));
	for (size_t a = 0; a < x->n; a++) {
		char *label = cc_xasprintf("%zu. %s", a + 1, v[a].spec);
		fprintf(o->fp, "%-*s", w, label);
		free(label);
		for (size_t b = 0; b < x->n; b++) {
			const struct cc_cross_cell *c = &x->cells[a * x->n + b];
			const char *word = c->trusted ? "yes" : c->ran ? "NO" : "-";
			fprintf(o->fp, "  %s%-5s%s", cc_style_on(o, c->trusted ? CC_STYLE_OK : CC_STYLE_ERR),
				word, cc_style_off(o));
		}
		fputc('\n', o->fp);
	}
}

static json_t *json_cross(const struct loaded *v, const struct cc_cross *x, time_t at)
{
	json_t *o = json_object(), *pairs = json_array();
	for (size_t a = 0; a < x->n; a++)
		for (size_t b = 0; b < x->n; b++) {
			const struct cc_cross_cell *c = &x->cells[a * x->n + b];
			json_t *p = json_object();
			json_object_set_new(p, "chain", json_string(v[a].spec));
			json_object_set_new(p, "trust", json_string(v[b].spec));
			json_object_set_new(p, "checked", json_boolean(c->ran));
			json_object_set_new(p, "trusted", json_boolean(c->trusted));
			json_object_set_new(p, "anchor", c->anchor ? cc_json_cert(c->anchor, 0, at) : json_null());
			json_object_set_new(p, "reason", c->reason ? json_string(c->reason) : json_null());
			json_array_append_new(pairs, p);
		}
	json_object_set_new(o, "pairs", pairs);
	json_object_set_new(o, "mutually_trusted", json_boolean(x->all_trusted));
	json_object_set_new(o, "same_root", json_boolean(x->same_root));
	return o;
}

/* Sources V (grouped as G, which counts only those that were read). */
static void write_openmetrics(FILE *fp, const struct loaded *v, size_t n, const struct cc_root_groups *g,
			      const struct loaded *read, const struct cc_cross *x)
{
	struct cc_om_root *r = cc_xcalloc(n + 1, sizeof(*r));
	for (size_t i = 0, k = 0; i < n; i++) {
		r[i] = (struct cc_om_root){ v[i].spec, v[i].src != NULL, NULL, CC_ROOT_NO_GROUP,
					    CC_ROOT_NO_GROUP };
		if (!v[i].src)
			continue;
		r[i].root = &v[i].root;
		r[i].cert_group = g->cert_group[k];
		r[i].key_group = g->key_group[k++];
	}
	cc_om_run_timestamp(fp, time(NULL));
	cc_om_roots(fp, r, n, g);
	if (x) {
		/* certcheck_cross_trust{from,to}: FROM's chain under TO's trust. */
		const char **names = cc_xcalloc(x->n + 1, sizeof(*names));
		bool *trusted = cc_xcalloc(x->n * x->n + 1, sizeof(*trusted));
		for (size_t i = 0; i < x->n; i++)
			names[i] = read[i].spec;
		for (size_t i = 0; i < x->n * x->n; i++)
			trusted[i] = x->cells[i].trusted;
		cc_om_cross_trust(fp, &(struct cc_om_cross){ x->n, names, trusted });
		free(names);
		free(trusted);
	}
	cc_om_eof(fp);
	free(r);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_AT = CC_OPT_FIRST_COMMAND_OPT, OPT_ROOT, OPT_PROFILE, OPT_CROSS };
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
	enum cc_format format = CC_FORMAT_TEXT;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	const char *output = NULL;
	bool exit_now = false;
	time_t at = time(NULL);
	struct cc_root_options ro = { .profile = CC_PROFILE_CLIENTS };
	char **trust = cc_xcalloc((size_t)argc, sizeof(*trust));
	size_t n_trust = 0;
	bool cross = false;
	int opt;

	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts, NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, &cc_cmd_roots, opt, optarg, &tls, &many, &exit_now);
		if (r < 0 || exit_now) {
			cc_cli_many_release(&many);
			free(trust);
			return r < 0 ? CC_USAGE : CC_OK;
		}
		if (r > 0)
			continue;
		int bad = 0;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			bad = cc_cli_parse_format(&cc_cmd_roots, optarg,
						  CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
							  CC_FORMAT_BIT(CC_FORMAT_JUNIT) |
							  CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
						  &format);
			break;
		case OPT_AT:
			bad = cc_cli_parse_at(&cc_cmd_roots, optarg, &at);
			break;
		case OPT_ROOT:
			trust[n_trust++] = optarg;
			break;
		case OPT_PROFILE:
			if (cc_profile_parse(optarg, &ro.profile) < 0)
				bad = cc_cli_usage_error(&cc_cmd_roots,
							 "--profile: '%s' is not clients, strict or compat",
							 optarg);
			break;
		case OPT_CROSS:
			cross = true;
			break;
		}
		if (bad) {
			cc_cli_many_release(&many);
			free(trust);
			return CC_USAGE;
		}
	}
	if (cc_cli_many_done(&many, argc, argv) == 0 || cc_cli_conn_check(&tls, &cc_cmd_roots) < 0 ||
	    cc_cli_stdin_once(many.stdin_uses +
			      cc_cli_stdin_uses((const char *const *)trust, n_trust)) < 0) {
		if (!many.specs.n && !many.too_many)
			cc_cli_usage_error(&cc_cmd_roots, "roots: no SOURCE given");
		cc_cli_many_release(&many);
		free(trust);
		return CC_USAGE;
	}
	struct cc_load_options lopts = { &tls };
	struct cc_source **trust_srcs = NULL;
	struct cc_cert **trust_certs = NULL;
	size_t n_trust_certs = 0;
	int ts = cc_cli_load_certs(trust, n_trust, true, &lopts, &trust_srcs, &trust_certs, &n_trust_certs);
	char *trust_name = n_trust == 1 ? cc_xasprintf("--root %s", trust[0])
					: cc_xasprintf("--root (%zu files)", n_trust);
	ro.at = at;
	ro.anchors = trust_certs;
	ro.n_anchors = n_trust_certs;
	ro.anchors_name = trust_name;
	struct cc_cli_output o;
	if (ts != CC_OK || cc_cli_output_open(&o, output) < 0) {
		cc_cli_certs_release(trust_srcs, n_trust, trust_certs);
		free(trust_name);
		cc_cli_many_release(&many);
		free(trust);
		return ts != CC_OK ? ts : CC_USAGE;
	}

	size_t n = many.specs.n;
	struct cc_loaded *all = cc_cli_many_load(&many, &lopts);
	struct loaded *v = cc_xcalloc(n, sizeof(*v));
	struct cc_root *roots = cc_xcalloc(n, sizeof(*roots));
	json_t *doc = format == CC_FORMAT_JSON ? cc_json_document("roots", at) : NULL;
	json_t *sources = doc ? json_array() : NULL;
	int status = CC_OK;
	for (size_t i = 0; i < n; i++) {
		v[i].spec = many.specs.v[i];
		v[i].err = all[i].err;
		v[i].src = all[i].src;
		v[i].seconds = all[i].seconds;
		v[i].root = (struct cc_root)CC_ROOT_INIT;
		if (!v[i].src) {
			int s = cc_cli_error(&v[i].err);
			status = s > status ? s : status;
			continue;
		}
		cc_root_find(v[i].src, &ro, &v[i].root);
		if (v[i].root.note)
			cc_cli_note(cli, "%s: %s", v[i].spec, v[i].root.note);
	}
	/* Group only the sources that were read. */
	size_t nr = 0;
	struct loaded *read = cc_xcalloc(n, sizeof(*read));
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
	if (cross)
		cc_roots_cross(read_srcs, nr, &ro, &x);
	struct cc_root_groups g = CC_ROOT_GROUPS_INIT;
	cc_roots_group(roots, nr, &g);
	struct cc_strv lines = CC_STRV_INIT;
	if (nr)
		verdict_lines(read, roots, nr, &g, &lines);
	if (cross && nr)
		cross_lines(read, &x, &lines);
	status = cc_cli_status(nr, status, cross ? !x.all_trusted : !g.shared);

	if (doc) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(sources, json_root(&v[i], &g, v[i].src ? k++ : 0, at));
		json_object_set_new(doc, "sources", sources);
		json_t *verdict = json_object();
		json_object_set_new(verdict, "shared", json_boolean(nr && g.shared && nr == n));
		json_object_set_new(verdict, "groups", json_integer((json_int_t)g.n_cert_groups));
		json_object_set_new(verdict, "key_groups", json_integer((json_int_t)g.n_key_groups));
		json_object_set_new(verdict, "without_root", json_integer((json_int_t)g.n_rootless));
		json_object_set_new(verdict, "same_subject_different_key",
				    json_boolean(g.same_subject_different_key));
		json_object_set_new(verdict, "same_key_reissued", json_boolean(g.same_key_reissued));
		json_t *msgs = json_array();
		for (size_t i = 0; i < lines.n; i++)
			json_array_append_new(msgs, json_string(lines.v[i]));
		json_object_set_new(verdict, "messages", msgs);
		json_object_set_new(doc, "verdict", verdict);
		json_object_set_new(doc, "cross", cross ? json_cross(read, &x, at) : json_null());
		cc_json_dump(doc, o.fp);
		json_decref(doc);
	} else if (format == CC_FORMAT_JUNIT) {
		write_junit(o.fp, v, n, &g, &lines, cross ? &x : NULL, index);
	} else if (format == CC_FORMAT_OPENMETRICS) {
		write_openmetrics(o.fp, v, n, &g, read, cross ? &x : NULL);
		o.write_always = true;
	} else if (nr) {
		struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
		if (!cli->quiet) {
			text_matrix(&out, read, nr, &g, at);
			fputc('\n', o.fp);
			if (cross) {
				text_cross(&out, read, &x);
				fputc('\n', o.fp);
			}
		}
		for (size_t i = 0; i < lines.n; i++)
			fprintf(o.fp, "%s%s%s\n",
				i ? "  " : cc_style_on(&out, g.shared ? CC_STYLE_OK : CC_STYLE_ERR),
				lines.v[i], i ? "" : cc_style_off(&out));
	}
	cc_strv_release(&lines);
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
	cc_cli_certs_release(trust_srcs, n_trust, trust_certs);
	free(trust_name);
	free(trust);
	free(v);
	free(all);
	cc_cli_many_release(&many);
	return cc_cli_output_close(&o, status);
}

const struct cc_command cc_cmd_roots = {
	"roots", run, "group sources by the root they lead to; exit 1 when they differ", usage,
};
