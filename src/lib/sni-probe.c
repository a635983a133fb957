/* sni-probe.c: three handshakes, three chains, one verdict (sni-probe.h). */
#include "sni-probe.h"

#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "tls-url.h"

const char *cc_probe_kind_name(enum cc_probe_kind kind)
{
	switch (kind) {
	case CC_PROBE_NAME: return "name";
	case CC_PROBE_NONE: return "none";
	case CC_PROBE_BOGUS: break;
	case CC_PROBE_N: break;
	}
	return "bogus";
}

int cc_sni_probe_name(const char *spec, const struct cc_tls_options *opts, char **name,
		      struct cc_error *err)
{
	struct cc_source *src = NULL;
	char *host = NULL, *port = NULL;
	int ret = -1;
	if (cc_source_parse(spec, &src, err) < 0)
		return -1;
	if (!src->is_tls || src->select) {
		cc_error_set(err, CC_USAGE, spec, "not HOST[:PORT] or a URL");
		goto out;
	}
	if (cc_tls_parse_target(src->location, &host, &port, err) < 0) {
		cc_error_prefix(err, spec);
		goto out;
	}
	if (opts->sni) {
		*name = cc_xstrdup(opts->sni);
	} else if (cc_tls_is_ip_literal(host)) {
		cc_error_set(err, CC_USAGE, spec,
			     "--sni-probe: %s is an address; give the name to probe with --sni NAME", host);
		goto out;
	} else {
		*name = cc_xstrdup(host);
	}
	ret = 0;
out:
	free(host);
	free(port);
	cc_source_free(src);
	return ret;
}

static const struct cc_entry *chain_of(const struct cc_probe_attempt *a)
{
	return a->got ? cc_source_main_entry(a->src) : NULL;
}

static bool same_chain(const struct cc_entry *a, const struct cc_entry *b)
{
	if (!a || !b || a->n_certs != b->n_certs)
		return false;
	for (size_t i = 0; i < a->n_certs; i++)
		if (strcmp(a->certs[i]->sha256, b->certs[i]->sha256) != 0)
			return false;
	return true;
}

/* "the name proxy.example", "no SNI", "the bogus name certcheck-probe.invalid" */
static void add_label(struct cc_buf *b, const struct cc_sni_probe *p, enum cc_probe_kind kind)
{
	if (kind == CC_PROBE_NAME)
		cc_buf_addf(b, "the name %s", p->name);
	else if (kind == CC_PROBE_NONE)
		cc_buf_adds(b, "no SNI");
	else
		cc_buf_adds(b, "the bogus name " CC_SNI_PROBE_BOGUS);
}

#define CC_SNI_PROBE_DIFFER "the chains differ: "
#define CC_SNI_PROBE_NONE "no chain with any name: "

static char *make_verdict(const struct cc_sni_probe *p)
{
	if (p->same)
		return cc_xstrdup("same chain for every name");
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, p->n_groups ? CC_SNI_PROBE_DIFFER : CC_SNI_PROBE_NONE);
	bool first = true;
	for (size_t g = 1; g <= p->n_groups; g++) {
		size_t members = 0, n = 0;
		const struct cc_entry *e = NULL;
		for (int k = 0; k < CC_PROBE_N; k++)
			members += p->attempts[k].group == g;
		cc_buf_adds(&b, first ? "" : "; ");
		first = false;
		for (int k = 0; k < CC_PROBE_N; k++) {
			if (p->attempts[k].group != g)
				continue;
			e = chain_of(&p->attempts[k]);
			cc_buf_adds(&b, n == 0 ? "" : n + 1 == members ? " and " : ", ");
			add_label(&b, p, (enum cc_probe_kind)k);
			n++;
		}
		cc_buf_addf(&b, " %s %s (%zu certificate%s, leaf SHA-256 %.16s...)",
			    members > 1 ? "get" : "gets", e->certs[0]->subject, e->n_certs,
			    e->n_certs == 1 ? "" : "s", e->certs[0]->sha256);
	}
	for (int k = 0; k < CC_PROBE_N; k++) {
		const struct cc_probe_attempt *a = &p->attempts[k];
		if (a->group)
			continue;
		cc_buf_adds(&b, first ? "" : "; ");
		first = false;
		add_label(&b, p, (enum cc_probe_kind)k);
		cc_buf_addf(&b, " gets no chain (%s)", a->src && a->src->tls && a->src->tls->message
							     ? a->src->tls->message
							     : a->err.msg);
	}
	return cc_buf_detach(&b, NULL);
}

int cc_sni_probe_run(const char *spec, const struct cc_tls_options *opts, struct cc_sni_probe *probe,
		     struct cc_error *err)
{
	memset(probe, 0, sizeof(*probe));
	probe->spec = cc_xstrdup(spec);
	if (cc_sni_probe_name(spec, opts, &probe->name, err) < 0)
		return -1;
	for (int k = 0; k < CC_PROBE_N; k++) {
		struct cc_probe_attempt *a = &probe->attempts[k];
		struct cc_tls_options o = *opts;
		o.no_sni = k == CC_PROBE_NONE;
		o.sni = k == CC_PROBE_NAME ? probe->name : k == CC_PROBE_BOGUS ? CC_SNI_PROBE_BOGUS : NULL;
		a->kind = (enum cc_probe_kind)k;
		a->err = (struct cc_error)CC_ERROR_INIT;
		if (cc_source_parse(spec, &a->src, err) < 0)
			return -1;
		a->got = cc_source_load_tls(a->src, &o, &a->err) == 0;
		if (!a->got && a->err.status != CC_NO_CHAIN) {
			*err = a->err;   /* a bad option: the same for every attempt */
			return -1;
		}
	}
	/* Group the attempts by chain. */
	for (int k = 0; k < CC_PROBE_N; k++) {
		struct cc_probe_attempt *a = &probe->attempts[k];
		if (!a->got)
			continue;
		for (int j = 0; j < k && !a->group; j++)
			if (same_chain(chain_of(a), chain_of(&probe->attempts[j])))
				a->group = probe->attempts[j].group;
		if (!a->group)
			a->group = ++probe->n_groups;
	}
	bool all = true;
	for (int k = 0; k < CC_PROBE_N; k++)
		all &= probe->attempts[k].got;
	probe->same = all && probe->n_groups == 1;
	probe->verdict = make_verdict(probe);
	if (probe->n_groups == 0)
		return cc_error_set(err, CC_NO_CHAIN, spec, "no certificate obtained with any name: %s",
				    probe->verdict + strlen(CC_SNI_PROBE_NONE));
	return 0;
}

void cc_sni_probe_release(struct cc_sni_probe *probe)
{
	for (int k = 0; k < CC_PROBE_N; k++)
		cc_source_free(probe->attempts[k].src);
	free(probe->spec);
	free(probe->name);
	free(probe->verdict);
	memset(probe, 0, sizeof(*probe));
}
