/* report-roots.c: a roots run (roots.h) as text (the matrix and the
 * verdict), JSON, JUnit or OpenMetrics. */
#include <stdlib.h>
#include <string.h>

#include "report-openmetrics.h"
#include "report-roots.h"
#include "tls-info.h"

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

/* The verdict lines: which groups hold which sources and how they differ. */
static void verdict_lines(const struct cc_roots_source *v, const struct cc_root *roots, size_t n,
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

static json_t *json_root(const struct cc_roots_source *l, const struct cc_root_groups *g, size_t i, time_t at)
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

static void text_matrix(struct cc_out *o, const struct cc_roots_source *v, size_t n,
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
static char *cross_message(const struct cc_roots_source *v, const struct cc_cross *x, size_t a, size_t b)
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

/* The testcase "same-root" of source S: passed when all sources share one
 * root, failed (the verdict VERDICT as its text) when not, an error when
 * S could not be read. */
static void same_root_case(struct cc_junit_doc *d, const struct cc_roots_report *r,
			   const struct cc_roots_source *s, const struct cc_strv *lines,
			   const char *verdict)
{
	const struct cc_root *root = &s->root;
	if (!s->src)
		cc_junit_doc_case(d, "same-root", s->seconds, CC_CASE_ERROR, s->err.msg, NULL);
	else if (!r->groups->shared || !root->cert)
		cc_junit_doc_case(d, "same-root", s->seconds, CC_CASE_FAILED,
				  !root->cert && root->reason ? root->reason
				  : lines->n		      ? lines->v[0]
							      : "the sources do not share one root",
				  verdict);
	else
		cc_junit_doc_case(d, "same-root", s->seconds, CC_CASE_PASSED, NULL, NULL);
}

/* With --cross, the testcases "trusted-by B" of source I, one per other
 * source B that was read. */
static void trusted_by_cases(struct cc_junit_doc *d, const struct cc_roots_report *r, size_t i)
{
	const struct cc_cross *x = r->cross;
	for (size_t j = 0; x && r->v[i].src && j < r->n; j++) {
		if (!r->v[j].src)
			continue;
		size_t a = r->index[i], b = r->index[j];
		bool trusted = x->cells[a * x->n + b].trusted;
		char *name = cc_xasprintf("trusted-by %s", r->v[j].spec);
		char *m = trusted ? NULL : cross_message(r->read, x, a, b);
		cc_junit_doc_case(d, name, 0, trusted ? CC_CASE_PASSED : CC_CASE_FAILED, m, NULL);
		free(m);
		free(name);
	}
}

/* A testsuite per source: its "same-root" case, and with --cross its
 * "trusted-by" cases. */
static void junit_roots(FILE *fp, const struct cc_roots_report *r, const struct cc_strv *lines)
{
	struct cc_junit_doc d = CC_JUNIT_DOC_INIT;
	struct cc_buf verdict = CC_BUF_INIT;
	for (size_t i = 0; i < lines->n; i++)
		cc_buf_addf(&verdict, "%s\n", lines->v[i]);
	time_t now = time(NULL);
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_roots_source *s = &r->v[i];
		cc_junit_doc_suite(&d, s->spec, now, s->seconds);
		cc_junit_doc_prop(&d, "source", s->spec);
		if (s->src && s->src->tls)
			cc_junit_doc_prop(&d, "sni", s->src->tls->sni);
		if (s->src && s->root.cert)
			cc_junit_doc_prop(&d, "root-sha256", s->root.cert->sha256);
		same_root_case(&d, r, s, lines, verdict.data);
		trusted_by_cases(&d, r, i);
	}
	cc_junit_doc_write(&d, fp);
	cc_junit_doc_release(&d);
	cc_buf_release(&verdict);
}

/* The cross-trust verdict: the first line the headline, then every pair
 * that is not trusted. */
static void cross_lines(const struct cc_roots_source *v, const struct cc_cross *x, struct cc_strv *lines)
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

static void text_cross(struct cc_out *o, const struct cc_roots_source *v, const struct cc_cross *x)
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

static json_t *json_cross(const struct cc_roots_source *v, const struct cc_cross *x, time_t at)
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
static void write_openmetrics(FILE *fp, const struct cc_roots_source *v, size_t n, const struct cc_root_groups *g,
			      const struct cc_roots_source *read, const struct cc_cross *x)
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

static void json_roots(FILE *fp, const struct cc_roots_report *r, const struct cc_strv *lines)
{
	const struct cc_root_groups *g = r->groups;
	json_t *doc = cc_json_document("roots", r->at);
	json_t *sources = json_array();
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(sources, json_root(&r->v[i], g, r->v[i].src ? k++ : 0, r->at));
	json_object_set_new(doc, "sources", sources);
	json_t *verdict = json_object();
	json_object_set_new(verdict, "shared", json_boolean(r->nr && g->shared && r->nr == r->n));
	json_object_set_new(verdict, "groups", json_integer((json_int_t)g->n_cert_groups));
	json_object_set_new(verdict, "key_groups", json_integer((json_int_t)g->n_key_groups));
	json_object_set_new(verdict, "without_root", json_integer((json_int_t)g->n_rootless));
	json_object_set_new(verdict, "same_subject_different_key",
			    json_boolean(g->same_subject_different_key));
	json_object_set_new(verdict, "same_key_reissued", json_boolean(g->same_key_reissued));
	json_t *msgs = json_array();
	for (size_t i = 0; i < lines->n; i++)
		json_array_append_new(msgs, json_string(lines->v[i]));
	json_object_set_new(verdict, "messages", msgs);
	json_object_set_new(doc, "verdict", verdict);
	json_object_set_new(doc, "cross", r->cross ? json_cross(r->read, r->cross, r->at) : json_null());
	cc_json_dump(doc, fp);
	json_decref(doc);
}

static void text_roots(struct cc_out *o, const struct cc_roots_report *r, const struct cc_strv *lines)
{
	if (!r->nr)
		return;
	if (!r->quiet) {
		text_matrix(o, r->read, r->nr, r->groups, r->at);
		fputc('\n', o->fp);
		if (r->cross) {
			text_cross(o, r->read, r->cross);
			fputc('\n', o->fp);
		}
	}
	for (size_t i = 0; i < lines->n; i++)
		fprintf(o->fp, "%s%s%s\n",
			i ? "  " : cc_style_on(o, r->groups->shared ? CC_STYLE_OK : CC_STYLE_ERR), lines->v[i],
			i ? "" : cc_style_off(o));
}

void cc_report_roots(const struct cc_report_out *out, const struct cc_roots_report *r)
{
	struct cc_strv lines = CC_STRV_INIT;
	if (r->nr)
		verdict_lines(r->read, r->roots, r->nr, r->groups, &lines);
	if (r->cross && r->nr)
		cross_lines(r->read, r->cross, &lines);
	switch (out->format) {
	case CC_FORMAT_JSON:
		json_roots(out->fp, r, &lines);
		break;
	case CC_FORMAT_JUNIT:
		junit_roots(out->fp, r, &lines);
		break;
	case CC_FORMAT_OPENMETRICS:
		write_openmetrics(out->fp, r->v, r->n, r->groups, r->read, r->cross);
		break;
	default:
		text_roots(&(struct cc_out){ out->fp, out->color }, r, &lines);
		break;
	}
	cc_strv_release(&lines);
}
