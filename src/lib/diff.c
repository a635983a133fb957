/* diff.c: compare certificates field by field and give each pair a verdict. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

const char *cc_verdict_name(enum cc_verdict v)
{
	switch (v) {
	case CC_VERDICT_IDENTICAL: return "identical";
	case CC_VERDICT_REISSUED: return "same key, re-issued";
	case CC_VERDICT_OTHER_KEY: return "same subject, different key";
	case CC_VERDICT_DIFFERENT: break;
	}
	return "different";
}

const char *cc_verdict_code(enum cc_verdict v)
{
	switch (v) {
	case CC_VERDICT_IDENTICAL: return "identical";
	case CC_VERDICT_REISSUED: return "reissued";
	case CC_VERDICT_OTHER_KEY: return "same_subject_other_key";
	case CC_VERDICT_DIFFERENT: break;
	}
	return "different";
}

enum cc_verdict cc_diff_verdict(const struct cc_cert *a, const struct cc_cert *b)
{
	if (!a || !b)
		return CC_VERDICT_DIFFERENT;
	if (cc_cert_equal(a, b))
		return CC_VERDICT_IDENTICAL;
	if (cc_cert_same_key(a, b))
		return CC_VERDICT_REISSUED;
	if (strcmp(a->subject, b->subject) == 0)
		return CC_VERDICT_OTHER_KEY;
	return CC_VERDICT_DIFFERENT;
}

/* The fields compared, each rendered to one printable string. */
static char *f_subject(const struct cc_cert *c) { return cc_xstrdup(c->subject[0] ? c->subject : "(empty)"); }
static char *f_issuer(const struct cc_cert *c) { return cc_xstrdup(c->issuer); }
static char *f_serial(const struct cc_cert *c) { return cc_xstrdup(c->serial); }

static char *f_time(time_t t)
{
	char buf[32];
	return cc_xstrdup(cc_time_format(t, buf, sizeof(buf)));
}
static char *f_not_before(const struct cc_cert *c) { return f_time(c->not_before); }
static char *f_not_after(const struct cc_cert *c) { return f_time(c->not_after); }

static char *f_key(const struct cc_cert *c)
{
	if (c->key_curve)
		return cc_xasprintf("%s %s (%u bits)", c->key_type, c->key_curve, c->key_bits);
	return cc_xasprintf("%s %u bits", c->key_type, c->key_bits);
}
static char *f_spki(const struct cc_cert *c) { return cc_xstrdup(c->spki_sha256); }
static char *f_ski(const struct cc_cert *c) { return cc_xstrdup(c->ski ? c->ski : "(none)"); }
static char *f_aki(const struct cc_cert *c) { return cc_xstrdup(c->aki ? c->aki : "(none)"); }

static char *f_sans(const struct cc_cert *c)
{
	struct cc_buf b = CC_BUF_INIT;
	if (!cc_cert_add_sans(&b, c))
		cc_buf_adds(&b, "(none)");
	return cc_buf_detach(&b, NULL);
}

static char *f_bc(const struct cc_cert *c)
{
	if (!c->has_bc)
		return cc_xstrdup("(none)");
	if (c->is_ca && c->path_len >= 0)
		return cc_xasprintf("%sCA:TRUE, pathlen:%d", c->bc_critical ? "critical, " : "",
				    c->path_len);
	return cc_xasprintf("%sCA:%s", c->bc_critical ? "critical, " : "", c->is_ca ? "TRUE" : "FALSE");
}

static char *f_ku(const struct cc_cert *c)
{
	if (!c->has_ku)
		return cc_xstrdup("(none)");
	const char *names[16];
	size_t n = cc_key_usage_names(c->key_usage, names, 16);
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, c->ku_critical ? "critical" : "");
	for (size_t i = 0; i < n; i++)
		cc_buf_addf(&b, "%s%s", b.len ? ", " : "", names[i]);
	return cc_buf_detach(&b, NULL);
}

static char *f_eku(const struct cc_cert *c)
{
	if (!c->n_eku)
		return cc_xstrdup("(none)");
	struct cc_buf b = CC_BUF_INIT;
	cc_cert_add_eku(&b, c);
	return cc_buf_detach(&b, NULL);
}

static char *f_sig(const struct cc_cert *c) { return cc_xstrdup(c->sig_alg); }
static char *f_sha256(const struct cc_cert *c) { return cc_xstrdup(c->sha256); }

static const struct {
	const char *name;
	char *(*get)(const struct cc_cert *c);
} fields[] = {
	{ "subject", f_subject },
	{ "issuer", f_issuer },
	{ "serial", f_serial },
	{ "not before", f_not_before },
	{ "not after", f_not_after },
	{ "public key", f_key },
	{ "SPKI SHA-256", f_spki },
	{ "SKI", f_ski },
	{ "AKI", f_aki },
	{ "SANs", f_sans },
	{ "basic constraints", f_bc },
	{ "key usage", f_ku },
	{ "extended key usage", f_eku },
	{ "signature algorithm", f_sig },
	{ "SHA-256 fingerprint", f_sha256 },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static void diff_pair(struct cc_diff_pair *p, const struct cc_cert *a, const struct cc_cert *b)
{
	p->a = a;
	p->b = b;
	p->verdict = cc_diff_verdict(a, b);
	p->fields = cc_xcalloc(N_FIELDS, sizeof(*p->fields));
	p->n_fields = N_FIELDS;
	for (size_t i = 0; i < N_FIELDS; i++) {
		struct cc_diff_field *f = &p->fields[i];
		f->name = fields[i].name;
		f->a = a ? fields[i].get(a) : NULL;
		f->b = b ? fields[i].get(b) : NULL;
		f->differs = !f->a || !f->b || strcmp(f->a, f->b) != 0;
	}
}

void cc_diff_chains(struct cc_cert *const *a, size_t na, struct cc_cert *const *b, size_t nb,
		    struct cc_diff *out)
{
	size_t n = na > nb ? na : nb;
	*out = (struct cc_diff)CC_DIFF_INIT;
	out->pairs = cc_xcalloc(n ? n : 1, sizeof(*out->pairs));
	out->n_pairs = n;
	for (size_t i = 0; i < n; i++) {
		struct cc_diff_pair *p = &out->pairs[i];
		p->position = i + 1;
		diff_pair(p, i < na ? a[i] : NULL, i < nb ? b[i] : NULL);
		if (p->verdict > out->worst)
			out->worst = p->verdict;
	}
}

void cc_diff_release(struct cc_diff *d)
{
	for (size_t i = 0; i < d->n_pairs; i++) {
		for (size_t k = 0; k < d->pairs[i].n_fields; k++) {
			free(d->pairs[i].fields[k].a);
			free(d->pairs[i].fields[k].b);
		}
		free(d->pairs[i].fields);
	}
	free(d->pairs);
	*d = (struct cc_diff)CC_DIFF_INIT;
}

void cc_diff_text(const struct cc_diff *d, const char *label_a, const char *label_b,
		  const char *indent, struct cc_buf *buf)
{
	size_t wa = strlen(label_a), wb = strlen(label_b), w = wa > wb ? wa : wb;
	for (size_t i = 0; i < d->n_pairs; i++) {
		const struct cc_diff_pair *p = &d->pairs[i];
		if (d->n_pairs > 1)
			cc_buf_addf(buf, "%scertificate %zu: %s\n", indent, p->position,
				    cc_verdict_name(p->verdict));
		else
			cc_buf_addf(buf, "%s%s\n", indent, cc_verdict_name(p->verdict));
		if (!p->a || !p->b) {
			const struct cc_cert *only = p->a ? p->a : p->b;
			const char *side = p->a ? label_a : label_b;
			size_t len = strlen(side);
			char *l = f_subject(only);
			if (len && side[len - 1] == ':')
				len--;
			cc_buf_addf(buf, "%s  only in %.*s: %s\n", indent, (int)len, side, l);
			free(l);
			continue;
		}
		for (size_t k = 0; k < p->n_fields; k++) {
			const struct cc_diff_field *f = &p->fields[k];
			if (!f->differs)
				continue;
			cc_buf_addf(buf, "%s  %s:\n", indent, f->name);
			cc_buf_addf(buf, "%s    %-*s %s\n", indent, (int)w + 1, label_a, f->a);
			cc_buf_addf(buf, "%s    %-*s %s\n", indent, (int)w + 1, label_b, f->b);
		}
	}
}
