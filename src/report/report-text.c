/* report-text.c: the text writer, for people. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "tls-info.h"

static const char *const format_names[CC_FORMAT_COUNT] = { "text", "json", "junit", "openmetrics" };

const char *cc_format_name(enum cc_format f)
{
	return format_names[f];
}

int cc_format_parse(const char *s, unsigned allowed, enum cc_format *out)
{
	for (unsigned f = 0; f < CC_FORMAT_COUNT; f++)
		if ((allowed & CC_FORMAT_BIT(f)) && strcmp(s, format_names[f]) == 0) {
			*out = (enum cc_format)f;
			return 0;
		}
	return -1;
}

const char *cc_style_on(const struct cc_out *o, enum cc_style style)
{
	if (!o->color)
		return "";
	switch (style) {
	case CC_STYLE_BOLD: return "\033[1m";
	case CC_STYLE_OK: return "\033[32m";
	case CC_STYLE_INFO: return "\033[36m";
	case CC_STYLE_WARN: return "\033[33m";
	case CC_STYLE_ERR: return "\033[1;31m";
	case CC_STYLE_DIM: return "\033[2m";
	}
	return "";
}

const char *cc_style_off(const struct cc_out *o)
{
	return o->color ? "\033[0m" : "";
}

enum cc_style cc_severity_style(enum cc_severity sev)
{
	switch (sev) {
	case CC_SEV_OK: return CC_STYLE_OK;
	case CC_SEV_INFO: return CC_STYLE_INFO;
	case CC_SEV_WARNING: return CC_STYLE_WARN;
	case CC_SEV_ERROR: return CC_STYLE_ERR;
	}
	return CC_STYLE_BOLD;
}

static void field(struct cc_out *o, const char *name, const char *value)
{
	fprintf(o->fp, "  %-19s %s\n", name, value);
}

static const char *role_of(const struct cc_cert *c, size_t index)
{
	if (c->self_signed)
		return "self-signed root";
	if (c->is_ca)
		return "CA";
	return index == 1 ? "leaf" : "end entity";
}

static void print_validity(struct cc_out *o, const struct cc_cert *c, time_t at)
{
	char nb[32], na[32], left[48];
	cc_time_format(c->not_before, nb, sizeof(nb));
	cc_time_format(c->not_after, na, sizeof(na));
	fprintf(o->fp, "  %-19s %s .. %s ", "Validity:", nb, na);
	if (at > c->not_after)
		fprintf(o->fp, "%s(expired %s ago)%s\n", cc_style_on(o, CC_STYLE_ERR),
			cc_duration_format((int64_t)(at - c->not_after), left, sizeof(left)),
			cc_style_off(o));
	else if (at < c->not_before)
		fprintf(o->fp, "%s(not valid for %s yet)%s\n", cc_style_on(o, CC_STYLE_ERR),
			cc_duration_format((int64_t)(c->not_before - at), left, sizeof(left)),
			cc_style_off(o));
	else
		fprintf(o->fp, "(%s left)\n",
			cc_duration_format((int64_t)(c->not_after - at), left, sizeof(left)));
}

static void print_sans(struct cc_out *o, const struct cc_cert *c)
{
	if (!c->n_sans) {
		field(o, "SANs:", "none");
		return;
	}
	for (size_t i = 0; i < c->n_sans; i++) {
		char *v = cc_xasprintf("%s:%s%s", cc_san_type_name(c->sans[i].type), c->sans[i].value,
				       i == 0 && c->san_critical ? "  (critical)" : "");
		field(o, i == 0 ? "SANs:" : "", v);
		free(v);
	}
}

static void print_usage(struct cc_out *o, const struct cc_cert *c)
{
	char *v;
	if (c->has_bc) {
		v = c->is_ca && c->path_len >= 0
			    ? cc_xasprintf("CA:TRUE, pathlen:%d%s", c->path_len,
					   c->bc_critical ? "  (critical)" : "")
			    : cc_xasprintf("CA:%s%s", c->is_ca ? "TRUE" : "FALSE",
					   c->bc_critical ? "  (critical)" : "");
	} else {
		v = cc_xstrdup("none");
	}
	field(o, "Basic constraints:", v);
	free(v);

	struct cc_buf b = CC_BUF_INIT;
	if (c->has_ku) {
		if (!cc_cert_add_key_usage(&b, c))
			cc_buf_adds(&b, "(no bits)");
		if (c->ku_critical)
			cc_buf_adds(&b, "  (critical)");
	} else {
		cc_buf_adds(&b, "none");
	}
	field(o, "Key usage:", b.data);
	b.len = 0;
	if (!cc_cert_add_eku(&b, c))
		cc_buf_adds(&b, "none");
	else if (c->eku_critical)
		cc_buf_adds(&b, "  (critical)");
	field(o, "Extended usage:", b.data);
	cc_buf_release(&b);
}

void cc_text_cert(struct cc_out *o, const struct cc_cert *c, size_t index, size_t count, time_t at)
{
	fprintf(o->fp, "%sCertificate %zu of %zu%s: %s\n", cc_style_on(o, CC_STYLE_BOLD), index, count,
		cc_style_off(o), role_of(c, index));
	field(o, "Subject:", c->subject[0] ? c->subject : "(empty)");
	field(o, "Issuer:", c->issuer[0] ? c->issuer : "(empty)");
	field(o, "Serial:", c->serial);
	print_validity(o, c, at);
	print_sans(o, c);

	char *v = c->key_unsupported ? cc_xasprintf("%s %s; signatures not checked", c->key_type,
						    c->key_unsupported)
		  : c->key_curve ? cc_xasprintf("%s %s (%u bits)", c->key_type, c->key_curve, c->key_bits)
				 : cc_xasprintf("%s %u bits", c->key_type, c->key_bits);
	field(o, "Public key:", v);
	free(v);
	field(o, "Signature:", c->sig_alg);
	field(o, "Subject key ID:", c->ski ? c->ski : "none");
	field(o, "Authority key ID:", c->aki ? c->aki : "none");
	print_usage(o, c);
	field(o, "SHA-256:", c->sha256);
	v = c->spki_sha256[0] ? cc_xasprintf("sha256/%s", c->spki_sha256)
			      : cc_xstrdup("unavailable (GnuTLS cannot read the key)");
	field(o, "SPKI pin:", v);
	free(v);
}

void cc_text_findings(struct cc_out *o, const struct cc_findings *f)
{
	if (!f || !f->n)
		return;
	fprintf(o->fp, "%sFindings:%s\n", cc_style_on(o, CC_STYLE_BOLD), cc_style_off(o));
	for (size_t i = 0; i < f->n; i++)
		fprintf(o->fp, "  %s%-7s%s %s\n", cc_style_on(o, cc_severity_style(f->v[i].severity)),
			cc_severity_name(f->v[i].severity), cc_style_off(o), f->v[i].message);
}

/* A big entry's certificate blocks are written on every core, a batch at a
 * time, each into its own buffer, then in order: the output is the
 * sequential one byte for byte. */
enum { TEXT_BATCH = 1024, TEXT_PARALLEL_MIN = 256 };

struct text_many {
	struct cc_out *o;
	const struct cc_entry *e;
	time_t at;
};

static void text_cert_block(struct cc_out *o, const struct text_many *m, size_t i)
{
	cc_text_cert(o, m->e->certs[i], i + 1, m->e->n_certs, m->at);
	fputc('\n', o->fp);
}

struct text_block {
	char *text;
	size_t len;
};

/* Block I as text, NULL when no buffer could be had. */
static void *text_one(void *arg, size_t i)
{
	struct text_many *m = arg;
	struct text_block *b = cc_xcalloc(1, sizeof(*b));
	struct cc_out sub = { open_memstream(&b->text, &b->len), m->o->color };
	if (!sub.fp) {
		free(b);
		return NULL;
	}
	text_cert_block(&sub, m, i);
	fclose(sub.fp);
	return b;
}

static void write_text(void *arg, size_t i, void *result)
{
	struct text_many *m = arg;
	struct text_block *b = result;
	if (!b) {   /* written here */
		text_cert_block(m->o, m, i);
		return;
	}
	fwrite(b->text, 1, b->len, m->o->fp);
	free(b->text);
	free(b);
}

void cc_text_entry(struct cc_out *o, const struct cc_source *src, const struct cc_entry *e,
		   const struct cc_findings *f, time_t at)
{
	bool named = strcmp(e->name, src->location) != 0;
	fprintf(o->fp, "%s== %s%s%s (%s, %zu certificate%s) ==%s\n", cc_style_on(o, CC_STYLE_BOLD),
		src->location, named ? "#" : "", named ? e->name : "", cc_role_name(e->role),
		e->n_certs, e->n_certs == 1 ? "" : "s", cc_style_off(o));
	struct text_many m = { o, e, at };
	cc_parallel_ordered(e->n_certs, TEXT_PARALLEL_MIN, TEXT_BATCH, text_one, write_text, &m);
	for (size_t i = 0; i < e->notes.n; i++)
		fprintf(o->fp, "%snote:%s %s\n", cc_style_on(o, CC_STYLE_DIM), cc_style_off(o),
			e->notes.v[i]);
	cc_text_findings(o, f);
}

void cc_text_pem(struct cc_out *o, const struct cc_entry *e)
{
	for (size_t i = 0; i < e->n_certs; i++) {
		char *pem = cc_cert_pem(e->certs[i]);
		fputs(pem, o->fp);
		free(pem);
	}
}

/* The stapled OCSP response, a line per fact. */
static void text_ocsp(struct cc_out *o, const struct cc_ocsp_staple *s)
{
	char buf[32];
	if (!s) {
		field(o, "OCSP staple:", "none");
		return;
	}
	if (!s->status) {
		fprintf(o->fp, "  %-19s %s%s%s\n", "OCSP staple:", cc_style_on(o, CC_STYLE_ERR), s->error,
			cc_style_off(o));
		return;
	}
	bool good = strcmp(s->status, "good") == 0;
	fprintf(o->fp, "  %-19s %s%s%s%s\n", "OCSP staple:",
		cc_style_on(o, good && s->verified && s->for_leaf ? CC_STYLE_OK : CC_STYLE_ERR), s->status,
		s->for_leaf ? "" : " (for another certificate than the leaf)", cc_style_off(o));
	if (s->revoked_at != (time_t)-1)
		field(o, "  revoked at:", cc_time_format(s->revoked_at, buf, sizeof(buf)));
	field(o, "  produced at:", cc_time_format(s->produced_at, buf, sizeof(buf)));
	field(o, "  this update:", cc_time_format(s->this_update, buf, sizeof(buf)));
	field(o, "  next update:",
	      s->next_update != (time_t)-1 ? cc_time_format(s->next_update, buf, sizeof(buf)) : "(none)");
	field(o, "  responder:", s->responder ? s->responder : "(not named)");
	field(o, "  signature:", s->verification);
}

void cc_text_ocsp_summary(struct cc_out *o, const struct cc_tls_info *t)
{
	const struct cc_ocsp_staple *s = t->ocsp;
	char buf[32];
	if (!s)
		return;
	if (!s->status)
		fprintf(o->fp, "OCSP staple: %s\n", s->error);
	else
		fprintf(o->fp, "OCSP staple: %s%s, produced at %s; %s\n", s->status,
			s->for_leaf ? "" : " (for another certificate than the leaf)",
			cc_time_format(s->produced_at, buf, sizeof(buf)), s->verification);
}

void cc_text_tls(struct cc_out *o, const struct cc_source *src)
{
	const struct cc_tls_info *t = src->tls;
	if (!t)
		return;
	fprintf(o->fp, "%s== %s (connection) ==%s\n", cc_style_on(o, CC_STYLE_BOLD), src->spec,
		cc_style_off(o));
	field(o, "Address:", t->address ? t->address : "(none)");
	if (t->proxy) {
		char *via = cc_xasprintf("%s (tunnel to %s:%s)", t->proxy, t->host, t->port);
		field(o, "Proxy:", via);
		free(via);
	}
	if (t->starttls != CC_STARTTLS_NONE)
		field(o, "STARTTLS:", cc_starttls_name(t->starttls));
	field(o, "SNI sent:", t->sni ? t->sni : "(none)");
	bool done = t->status == CC_TLS_COMPLETED;
	fprintf(o->fp, "  %-19s %s%s%s\n", "Handshake:", cc_style_on(o, done ? CC_STYLE_OK : CC_STYLE_ERR),
		done ? "completed" : t->message, cc_style_off(o));
	if (!done)
		fprintf(o->fp, "  %-19s %s\n", "Ended at stage:", cc_tls_stage_name(t->stage));
	if (t->ku_violation_allowed)
		field(o, "Key usage check:", "off (--allow-key-usage-violation)");
	field(o, "Protocol:", t->protocol ? t->protocol : "(not negotiated)");
	field(o, "Cipher suite:", t->cipher ? t->cipher : "(not negotiated)");
	char *alpn = cc_xasprintf("%s%s%s%s", t->alpn ? t->alpn : "(none selected)",
				  t->alpn_offered ? " (offered: " : "",
				  t->alpn_offered ? t->alpn_offered : "", t->alpn_offered ? ")" : "");
	field(o, "ALPN:", alpn);
	free(alpn);
	field(o, "Client certificate:",
	      !t->client_cert_requested ? "not requested by the server"
	      : t->client_cert_sent     ? "requested by the server, sent"
					: "requested by the server, none sent");
	if (t->client_cert_requested && t->accepted_cas.n == 0)
		field(o, "Accepted CAs:", "(the server named none)");
	for (size_t i = 0; i < t->accepted_cas.n; i++)
		field(o, i ? "" : "Accepted CAs:", t->accepted_cas.v[i]);
	text_ocsp(o, t->ocsp);
	for (size_t i = 0; i < t->notes.n; i++)
		fprintf(o->fp, "%snote:%s %s\n", cc_style_on(o, CC_STYLE_WARN), cc_style_off(o),
			t->notes.v[i]);
	fputc('\n', o->fp);
}
