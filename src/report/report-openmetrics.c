/* report-openmetrics.c: results as OpenMetrics text (see the header). */
#include <stdlib.h>
#include <string.h>

#include "load-many.h"
#include "report-openmetrics.h"
#include "util.h"

/* A label value: cut to CC_OM_MAX_LABEL_BYTES, control bytes and non-UTF-8
 * as \xNN (cc_escape, as every report shows them) except the line feed,
 * which the format escapes itself, then backslash and quote escaped. */
static void label_value(FILE *fp, const char *s)
{
	char *cut = cc_shorten(s ? s : "", CC_OM_MAX_LABEL_BYTES, CC_OM_MAX_LABEL_BYTES / 4);
	const char *p = cut;
	while (*p) {
		size_t run = strcspn(p, "\n");
		char *safe = cc_escape(p, run);
		for (const char *q = safe; *q; q++) {
			if (*q == '\\' || *q == '"')
				fputc('\\', fp);
			fputc(*q, fp);
		}
		free(safe);
		p += run;
		if (*p == '\n') {
			fputs("\\n", fp);
			p++;
		}
	}
	free(cut);
}

/* NAME{K1="V1",K2="V2",...} VALUE; LABELS alternate keys and values and end
 * with NULL. */
static void sample(FILE *fp, const char *name, const char *const *labels, double value)
{
	fputs(name, fp);
	if (labels && labels[0]) {
		fputc('{', fp);
		for (size_t i = 0; labels[i]; i += 2) {
			fprintf(fp, "%s%s=\"", i ? "," : "", labels[i]);
			label_value(fp, labels[i + 1]);
			fputc('"', fp);
		}
		fputc('}', fp);
	}
	/* Timestamps and counts are integers; %.17g keeps them exact. */
	fprintf(fp, " %.17g\n", value);
}

static void family(FILE *fp, const char *name, const char *type, const char *unit, const char *help)
{
	fprintf(fp, "# TYPE %s %s\n", name, type);
	if (unit)
		fprintf(fp, "# UNIT %s %s\n", name, unit);
	fprintf(fp, "# HELP %s %s\n", name, help);
}

void cc_om_gauge(FILE *fp, const char *name, const char *unit, const char *help, double value)
{
	family(fp, name, "gauge", unit, help);
	sample(fp, name, NULL, value);
}

void cc_om_counter(FILE *fp, const char *name, const char *unit, const char *help, double value,
		   bool om)
{
	char *total = cc_xasprintf("%s_total", name);
	family(fp, om ? name : total, "counter", unit, help);
	sample(fp, total, NULL, value);
	free(total);
}

void cc_om_eof(FILE *fp)
{
	fputs("# EOF\n", fp);
}

void cc_om_run_timestamp(FILE *fp, time_t now)
{
	cc_om_gauge(fp, "certcheck_run_timestamp_seconds", "seconds",
		    "When certcheck made these results (Unix time).", (double)now);
}

/* --- which chain --- */

void cc_om_check_path(const struct cc_expect *e, const struct cc_source *src, struct cc_om_path *out)
{
	*out = (struct cc_om_path)CC_OM_PATH_INIT;
	const struct cc_entry *chain = cc_source_main_entry(src);
	if (!chain || !chain->n_certs)
		return;
	out->certs = (const struct cc_cert *const *)chain->certs;
	out->n = chain->n_certs;
	cc_check_path(e, src, &out->sp);
	if (!out->sp.ran)
		return;
	out->judged = true;
	out->valid = out->sp.v.ok;
	out->profile = cc_profile_name(e->profile);
	if (out->sp.v.path.n) {
		out->certs = out->sp.v.path.certs;
		out->n = out->sp.v.path.n;
	}
}

void cc_om_path_release(struct cc_om_path *p)
{
	cc_srcpath_release(&p->sp);
	*p = (struct cc_om_path)CC_OM_PATH_INIT;
}

/* --- per certificate --- */

static const char *cert_role(const struct cc_cert *const *certs, size_t n, size_t i, bool trust)
{
	if (trust)
		return "trust";
	if (i == 0)
		return n == 1 && certs[0]->self_signed ? "root" : "leaf";
	return i == n - 1 && certs[i]->self_signed ? "root" : "intermediate";
}

/* One source's certificates: SPEC, ENTRY (NULL: no entry label), CERTS. */
struct cert_group {
	const char *spec;
	const char *entry;
	bool trust;
	const struct cc_cert *const *certs;
	size_t n;
};

/* Both per-certificate families over GROUPS, at most CC_OM_MAX_CERTS per
 * source, then what was dropped. */
static void cert_series(FILE *fp, const struct cert_group *g, size_t n)
{
	static const struct {
		const char *name, *help;
		bool after;
	} fams[] = {
		{ "certcheck_cert_not_after_seconds", "End of the certificate's validity (Unix time).", true },
		{ "certcheck_cert_not_before_seconds", "Start of the certificate's validity (Unix time).", false },
	};
	size_t *dropped = cc_xcalloc(n + 1, sizeof(*dropped));
	bool any_dropped = false;
	for (size_t f = 0; f < 2; f++) {
		family(fp, fams[f].name, "gauge", "seconds", fams[f].help);
		size_t used = 0;
		for (size_t i = 0; i < n; i++) {
			if (i == 0 || strcmp(g[i].spec, g[i - 1].spec) != 0)
				used = 0;
			for (size_t k = 0; k < g[i].n; k++) {
				if (used >= CC_OM_MAX_CERTS) {
					dropped[i] += f == 0;
					any_dropped = true;
					continue;
				}
				used++;
				const struct cc_cert *c = g[i].certs[k];
				char pos[24];
				snprintf(pos, sizeof(pos), "%zu", k + 1);
				const char *labels[20];
				size_t nl = 0;
				labels[nl++] = "source";
				labels[nl++] = g[i].spec;
				if (g[i].entry) {
					labels[nl++] = "entry";
					labels[nl++] = g[i].entry;
				}
				const char *rest[] = { "position", pos,
						       "role", cert_role(g[i].certs, g[i].n, k, g[i].trust),
						       "subject", c->subject, "issuer", c->issuer,
						       "sha256", c->sha256, "serial", c->serial, NULL };
				memcpy(labels + nl, rest, sizeof(rest));
				sample(fp, fams[f].name, labels,
				       (double)(fams[f].after ? c->not_after : c->not_before));
			}
		}
	}
	if (any_dropped) {
		family(fp, "certcheck_cert_series_dropped", "gauge", NULL,
		       "Certificates of the source left out of the per-certificate series (over the bound).");
		size_t total = 0;
		for (size_t i = 0; i < n; i++) {
			total += dropped[i];
			if (i + 1 < n && strcmp(g[i].spec, g[i + 1].spec) == 0)
				continue;
			if (total) {
				const char *labels[] = { "source", g[i].spec, NULL };
				sample(fp, "certcheck_cert_series_dropped", labels, (double)total);
			}
			total = 0;
		}
	}
	free(dropped);
}

static void source_up_family(FILE *fp)
{
	family(fp, "certcheck_source_up", "gauge", NULL,
	       "1 when the source was read and gave a chain, 0 when it could not be read or reached.");
}

static void source_up(FILE *fp, const char *spec, bool up)
{
	const char *labels[] = { "source", spec, NULL };
	sample(fp, "certcheck_source_up", labels, up);
}

/* --- check --- */

static int cmp_result(const void *a, const void *b)
{
	const struct cc_result *x = *(const struct cc_result *const *)a;
	const struct cc_result *y = *(const struct cc_result *const *)b;
	int c = strcmp(x->source, y->source);
	return c ? c : strcmp(x->name, y->name);
}

static int cmp_source(const void *a, const void *b)
{
	const struct cc_om_source *x = *(const struct cc_om_source *const *)a;
	const struct cc_om_source *y = *(const struct cc_om_source *const *)b;
	return strcmp(x->spec, y->spec);
}

/* Whether S was read and gave a chain: no "load" error among RS (R's
 * results sorted by cmp_result), found by binary search. */
static bool loaded_ok(const struct cc_result *const *rs, size_t n, const struct cc_om_source *s)
{
	if (!s->src)
		return false;
	struct cc_result key = { .source = (char *)s->spec, .name = (char *)"load" };
	const struct cc_result *k = &key;
	return !bsearch(&k, rs, n, sizeof(*rs), cmp_result);
}

void cc_om_check(FILE *fp, const struct cc_results *r, const struct cc_om_source *s, size_t n)
{
	/* Sorted, so that a source or an assertion given twice is one series. */
	const struct cc_om_source **ss = cc_xcalloc(n + 1, sizeof(*ss));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		ss[i] = &s[i];
	qsort(ss, n, sizeof(*ss), cmp_source);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || strcmp(ss[m - 1]->spec, ss[i]->spec) != 0)
			ss[m++] = ss[i];

	const struct cc_result **rs = cc_xcalloc(r->n + 1, sizeof(*rs));
	for (size_t i = 0; i < r->n; i++)
		rs[i] = &r->v[i];
	qsort(rs, r->n, sizeof(*rs), cmp_result);

	source_up_family(fp);
	for (size_t i = 0; i < m; i++)
		source_up(fp, ss[i]->spec, loaded_ok(rs, r->n, ss[i]));
	family(fp, "certcheck_check_success", "gauge", NULL,
	       "1 when the assertion holds for the source, 0 when it fails or could not be judged.");
	for (size_t i = 0; i < r->n;) {
		size_t j = i;
		bool ok = true;
		for (; j < r->n && cmp_result(&rs[i], &rs[j]) == 0; j++)
			ok = ok && rs[j]->outcome == CC_PASS;
		if (strcmp(rs[i]->name, "load") != 0) {
			const char *labels[] = { "source", rs[i]->source, "check", rs[i]->name, NULL };
			sample(fp, "certcheck_check_success", labels, ok);
		}
		i = j;
	}

	family(fp, "certcheck_chain_valid", "gauge", NULL,
	       "1 when the source's chain validates to a trusted root under the profile, else 0.");
	for (size_t i = 0; i < m; i++)
		if (ss[i]->src && ss[i]->path.judged) {
			const char *labels[] = { "source", ss[i]->spec, "profile", ss[i]->path.profile, NULL };
			sample(fp, "certcheck_chain_valid", labels, ss[i]->path.valid);
		}

	struct cert_group *g = cc_xcalloc(m + 1, sizeof(*g));
	size_t ng = 0;
	for (size_t i = 0; i < m; i++)
		if (ss[i]->src)
			g[ng++] = (struct cert_group){ ss[i]->spec, NULL, false, ss[i]->path.certs,
						       ss[i]->path.n };
	cert_series(fp, g, ng);
	free(g);
	free(rs);
	free(ss);
}

void cc_om_check_run(FILE *fp, const struct cc_expect *e, const char *const *specs,
		     const struct cc_loaded *loaded, size_t n, const struct cc_results *r, time_t now)
{
	struct cc_om_source *s = cc_xcalloc(n + 1, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		s[i] = (struct cc_om_source){ specs[i], loaded[i].src, CC_OM_PATH_INIT };
		if (loaded[i].src)
			cc_om_check_path(e, loaded[i].src, &s[i].path);
	}
	cc_om_run_timestamp(fp, now);
	cc_om_check(fp, r, s, n);
	for (size_t i = 0; i < n; i++)
		cc_om_path_release(&s[i].path);
	free(s);
}

/* --- roots --- */

void cc_om_roots(FILE *fp, const struct cc_om_root *r, size_t n, const struct cc_root_groups *g)
{
	source_up_family(fp);
	for (size_t i = 0; i < n; i++)
		source_up(fp, r[i].spec, r[i].up);

	family(fp, "certcheck_root_info", "gauge", NULL,
	       "The root the source leads to: how it was found, its group by certificate and by key (always 1).");
	for (size_t i = 0; i < n; i++) {
		if (!r[i].root || !r[i].root->cert)
			continue;
		char cg[24], kg[24];
		snprintf(cg, sizeof(cg), "%zu", r[i].cert_group + 1);
		snprintf(kg, sizeof(kg), "%zu", r[i].key_group + 1);
		const struct cc_cert *c = r[i].root->cert;
		const char *labels[] = { "source", r[i].spec, "how", cc_root_how_name(r[i].root->how),
					 "subject", c->subject, "sha256", c->sha256, "spki_sha256",
					 c->spki_sha256, "group", cg, "key_group", kg, NULL };
		sample(fp, "certcheck_root_info", labels, 1);
	}
	family(fp, "certcheck_root_not_after_seconds", "gauge", "seconds",
	       "End of the validity of the root the source leads to (Unix time).");
	for (size_t i = 0; i < n; i++)
		if (r[i].root && r[i].root->cert) {
			const struct cc_cert *c = r[i].root->cert;
			const char *labels[] = { "source", r[i].spec, "sha256", c->sha256, NULL };
			sample(fp, "certcheck_root_not_after_seconds", labels, (double)c->not_after);
		}
	cc_om_gauge(fp, "certcheck_roots_groups", NULL,
		    "Distinct root certificates among the sources that were read.", (double)g->n_cert_groups);
	cc_om_gauge(fp, "certcheck_roots_shared", NULL,
		    "1 when every source was read and all lead to one root certificate.",
		    g->shared && g->n == n);
}

void cc_om_cross_trust(FILE *fp, const struct cc_om_cross *m)
{
	family(fp, "certcheck_cross_trust", "gauge", NULL,
	       "1 when the chain of source \"from\" validates under the trust of source \"to\".");
	for (size_t i = 0; i < m->n; i++)
		for (size_t j = 0; j < m->n; j++) {
			const char *labels[] = { "from", m->names[i], "to", m->names[j], NULL };
			sample(fp, "certcheck_cross_trust", labels, m->trusted[i * m->n + j]);
		}
}

/* --- show --- */

void cc_om_show(FILE *fp, const char *const *specs, const struct cc_source *const *srcs, size_t n)
{
	source_up_family(fp);
	size_t n_entries = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(specs[k], specs[i]) == 0;
		if (dup)
			continue;
		source_up(fp, specs[i], srcs[i] != NULL);
		n_entries += srcs[i] ? srcs[i]->n_entries : 0;
	}
	struct cert_group *g = cc_xcalloc(n_entries + 1, sizeof(*g));
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(specs[k], specs[i]) == 0;
		for (size_t e = 0; !dup && srcs[i] && e < srcs[i]->n_entries; e++) {
			const struct cc_entry *en = &srcs[i]->entries[e];
			g[ng++] = (struct cert_group){ specs[i], en->name, en->role == CC_ROLE_TRUST,
						       (const struct cc_cert *const *)en->certs,
						       en->n_certs };
		}
	}
	cert_series(fp, g, ng);
	free(g);
}
