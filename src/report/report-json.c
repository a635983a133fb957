/* report-json.c: the JSON writer, through jansson.  Key names are a
 * contract: docs/certcheck-json.5.scd documents every one. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "tls-info.h"

#define CC_JSON_VERSION 1

static json_t *json_time(time_t t)
{
	char buf[32];
	return json_string(cc_time_format(t, buf, sizeof(buf)));
}

static json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *cc_json_document(const char *command, time_t at)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "certcheck_json", json_integer(CC_JSON_VERSION));
	json_object_set_new(doc, "command", json_string(command));
	json_object_set_new(doc, "at", json_time(at));
	return doc;
}

json_t *cc_json_cert(const struct cc_cert *c, size_t index, time_t at)
{
	json_t *o = json_object();
	json_object_set_new(o, "index", json_integer((json_int_t)index));
	json_object_set_new(o, "subject", json_string(c->subject));
	json_object_set_new(o, "issuer", json_string(c->issuer));
	json_object_set_new(o, "serial", json_string(c->serial));
	json_object_set_new(o, "not_before", json_time(c->not_before));
	json_object_set_new(o, "not_after", json_time(c->not_after));
	json_object_set_new(o, "seconds_left", json_integer((json_int_t)(c->not_after - at)));
	json_object_set_new(o, "valid_at", json_boolean(at >= c->not_before && at <= c->not_after));

	json_t *sans = json_array();
	for (size_t i = 0; i < c->n_sans; i++)
		json_array_append_new(sans, json_pack("{s:s, s:s}", "type",
						      cc_san_type_name(c->sans[i].type), "value",
						      c->sans[i].value));
	json_object_set_new(o, "sans", sans);

	json_object_set_new(o, "key", json_pack("{s:s, s:i, s:o, s:o}", "type", c->key_type, "bits",
						(json_int_t)c->key_bits, "curve",
						json_str_or_null(c->key_curve), "unsupported",
						json_str_or_null(c->key_unsupported)));
	json_object_set_new(o, "signature_algorithm", json_string(c->sig_alg));
	json_object_set_new(o, "sha256", json_string(c->sha256));
	json_object_set_new(o, "spki_sha256", json_string(c->spki_sha256));
	json_object_set_new(o, "is_ca", json_boolean(c->is_ca));
	json_object_set_new(o, "path_len", c->path_len >= 0 ? json_integer(c->path_len) : json_null());
	json_object_set_new(o, "self_signed", json_boolean(c->self_signed));
	json_object_set_new(o, "ski", json_str_or_null(c->ski));
	json_object_set_new(o, "aki", json_str_or_null(c->aki));

	json_t *ku = json_array();
	const char *names[16];
	size_t n = c->has_ku ? cc_key_usage_names(c->key_usage, names, 16) : 0;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ku, json_string(names[i]));
	json_object_set_new(o, "key_usage", c->has_ku ? ku : (json_decref(ku), json_null()));
	json_t *eku = json_array();
	for (size_t i = 0; i < c->n_eku; i++)
		json_array_append_new(eku, json_string(c->eku[i]));
	json_object_set_new(o, "extended_key_usage", c->n_eku ? eku : (json_decref(eku), json_null()));
	return o;
}

json_t *cc_json_finding(const struct cc_finding *f)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "code", f->code, "severity",
			      cc_severity_name(f->severity), "message", f->message);
	json_object_set_new(o, "certificate", f->cert ? json_integer((json_int_t)f->cert) : json_null());
	return o;
}

json_t *cc_json_findings(const struct cc_findings *f)
{
	json_t *a = json_array();
	for (size_t i = 0; f && i < f->n; i++)
		json_array_append_new(a, cc_json_finding(&f->v[i]));
	return a;
}

json_t *cc_json_entry_head(const struct cc_entry *e, const struct cc_findings *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "role", json_string(cc_role_name(e->role)));
	json_object_set_new(o, "certificates", json_array());
	json_t *notes = json_array();
	for (size_t i = 0; i < e->notes.n; i++)
		json_array_append_new(notes, json_string(e->notes.v[i]));
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "findings", cc_json_findings(f));
	return o;
}

json_t *cc_json_entry(const struct cc_entry *e, const struct cc_findings *f, time_t at)
{
	json_t *o = cc_json_entry_head(e, f);
	json_t *certs = json_object_get(o, "certificates");
	for (size_t i = 0; i < e->n_certs; i++)
		json_array_append_new(certs, cc_json_cert(e->certs[i], i + 1, at));
	return o;
}

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

int cc_json_dump(json_t *doc, FILE *fp)
{
	if (json_dumpf(doc, fp, DUMP_FLAGS) < 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

/* Write LEN bytes of TEXT, dumped at depth 0, as it reads at DEPTH: every
 * line after the first indented by two spaces per level.  JSON strings
 * never hold a raw newline, so every newline in a dump is layout. */
static void indent(FILE *fp, int depth)
{
	static const char spaces[] = "                                ";
	for (size_t left = 2 * (size_t)depth; left;) {
		size_t n = left < sizeof(spaces) - 1 ? left : sizeof(spaces) - 1;
		fwrite(spaces, 1, n, fp);
		left -= n;
	}
}

/* LEN bytes of TEXT, dumped at depth 0, as they read at DEPTH (a new
 * string, its length in *OUT_LEN). */
static char *indented(const char *text, size_t len, int depth, size_t *out_len)
{
	const char *end = text + len;
	size_t lines = 0, pad = 2 * (size_t)depth;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		lines++;
	char *out = cc_xmalloc(len + lines * pad + 1), *o = out;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = nl ? (size_t)(nl - text) + 1 : (size_t)(end - text);
		memcpy(o, text, n);
		o += n;
		if (nl) {
			memset(o, ' ', pad);
			o += pad;
		}
		text += n;
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

static void write_at(FILE *fp, const char *text, size_t len, int depth)
{
	size_t n;
	char *out = indented(text, len, depth, &n);
	fwrite(out, 1, n, fp);
	free(out);
}

/* The placeholder value of the array's key while OBJ is dumped; jansson
 * writes it as "\u0001", and `"KEY": "\u0001"` cannot occur unescaped
 * inside any other string of the dump (its quotes would be escaped). */
#define STREAM_MARK "\x01"

/* Write A->rest up to KEY's placeholder and the array's '['. */
static void open_at(struct cc_json_array *a, const char *key)
{
	char *needle = cc_xasprintf("\"%s\": \"\\u0001\"", key);
	const char *at = a->rest ? strstr(a->rest, needle) : NULL;
	if (!at)
		abort(); /* cannot happen: the key was set before the dump */
	size_t head = (size_t)(at - a->rest) + strlen(key) + 4; /* through `"KEY": ` */
	write_at(a->fp, a->rest, head, a->depth);
	fputc('[', a->fp);
	a->rest = at + strlen(needle);
	a->n = 0;
	free(needle);
}

void cc_json_array_begin(struct cc_json_array *a, FILE *fp, json_t *obj, const char *key, int depth)
{
	a->fp = fp;
	a->depth = depth;
	json_object_set_new(obj, key, cc_json_array_placeholder());
	a->text = json_dumps(obj, DUMP_FLAGS);
	a->rest = a->text;
	open_at(a, key);
}

json_t *cc_json_array_placeholder(void)
{
	return json_string(STREAM_MARK);
}

/* Close the array being streamed. */
static void close_array(struct cc_json_array *a)
{
	if (a->n)
		fprintf(a->fp, "\n%*s", 2 * (a->depth + 1), "");
	fputc(']', a->fp);
}

void cc_json_array_next_key(struct cc_json_array *a, const char *key)
{
	close_array(a);
	open_at(a, key);
}

int cc_json_array_next(struct cc_json_array *a)
{
	fputs(a->n++ ? ",\n" : "\n", a->fp);
	indent(a->fp, a->depth + 2);
	return a->depth + 2;
}

void cc_json_array_add(struct cc_json_array *a, json_t *item)
{
	int depth = cc_json_array_next(a);
	char *text = json_dumps(item, DUMP_FLAGS);
	if (text)
		write_at(a->fp, text, strlen(text), depth);
	free(text);
	json_decref(item);
}

/* Items made and dumped ahead on every core, a batch at a time. */
enum { JSON_BATCH = 1024, JSON_PARALLEL_MIN = 256 };

struct dump_many {
	struct cc_json_array *a;
	json_t *(*make)(const void *ctx, size_t i);
	const void *ctx;
};

struct dumped {
	char *text;
	size_t len;
};

/* Item I's text, indented for its depth (NULL when it cannot be dumped). */
static void *dump_one(void *arg, size_t i)
{
	struct dump_many *m = arg;
	json_t *item = m->make(m->ctx, i);
	char *text = json_dumps(item, DUMP_FLAGS);
	json_decref(item);
	if (!text)
		return NULL;
	struct dumped *d = cc_xmalloc(sizeof(*d));
	d->text = indented(text, strlen(text), m->a->depth + 2, &d->len);
	free(text);
	return d;
}

static void write_one(void *arg, size_t i, void *result)
{
	struct dump_many *m = arg;
	struct dumped *d = result;
	(void)i;
	cc_json_array_next(m->a);
	if (d) {
		fwrite(d->text, 1, d->len, m->a->fp);
		free(d->text);
		free(d);
	}
}

void cc_json_array_add_many(struct cc_json_array *a, size_t n,
			    json_t *(*make)(const void *ctx, size_t i), const void *ctx)
{
	struct dump_many m = { a, make, ctx };
	cc_parallel_ordered(n, JSON_PARALLEL_MIN, JSON_BATCH, dump_one, write_one, &m);
}

void cc_json_array_end(struct cc_json_array *a)
{
	close_array(a);
	write_at(a->fp, a->rest, strlen(a->rest), a->depth);
	free(a->text);
	a->text = NULL;
}

static json_t *json_strv(const struct cc_strv *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

json_t *cc_json_ocsp_staple(const struct cc_ocsp_staple *s)
{
	if (!s)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "status", json_str_or_null(s->status));
	json_object_set_new(o, "error", json_str_or_null(s->error));
	json_object_set_new(o, "produced_at", s->status ? json_time(s->produced_at) : json_null());
	json_object_set_new(o, "this_update", s->status ? json_time(s->this_update) : json_null());
	json_object_set_new(o, "next_update", s->status && s->next_update != (time_t)-1
						      ? json_time(s->next_update)
						      : json_null());
	json_object_set_new(o, "revoked_at",
			    s->revoked_at != (time_t)-1 ? json_time(s->revoked_at) : json_null());
	json_object_set_new(o, "reason", json_str_or_null(s->reason));
	json_object_set_new(o, "responder", json_str_or_null(s->responder));
	json_object_set_new(o, "for_leaf", json_boolean(s->for_leaf));
	json_object_set_new(o, "verified", json_boolean(s->verified));
	json_object_set_new(o, "verification", json_str_or_null(s->verification));
	return o;
}

json_t *cc_json_tls(const struct cc_tls_info *t)
{
	json_t *hs = json_object();
	json_object_set_new(hs, "status", json_string(cc_tls_status_name(t->status)));
	json_object_set_new(hs, "message", json_str_or_null(t->message));
	json_object_set_new(hs, "stage", json_string(cc_tls_stage_name(t->stage)));
	json_object_set_new(hs, "alert", json_str_or_null(t->alert));
	json_t *o = json_object();
	json_object_set_new(o, "address", json_str_or_null(t->address));
	json_object_set_new(o, "proxy", json_str_or_null(t->proxy));
	json_object_set_new(o, "starttls", t->starttls == CC_STARTTLS_NONE
						   ? json_null()
						   : json_string(cc_starttls_name(t->starttls)));
	json_object_set_new(o, "sni", json_str_or_null(t->sni));
	json_object_set_new(o, "alpn", json_str_or_null(t->alpn));
	json_object_set_new(o, "protocol", json_str_or_null(t->protocol));
	json_object_set_new(o, "cipher", json_str_or_null(t->cipher));
	json_object_set_new(o, "handshake", hs);
	json_object_set_new(o, "client_cert_requested", json_boolean(t->client_cert_requested));
	json_object_set_new(o, "accepted_cas", json_strv(&t->accepted_cas));
	json_object_set_new(o, "client_cert_sent", json_boolean(t->client_cert_sent));
	json_object_set_new(o, "allow_key_usage_violation", json_boolean(t->ku_violation_allowed));
	json_object_set_new(o, "ocsp_staple", cc_json_ocsp_staple(t->ocsp));
	json_object_set_new(o, "notes", json_strv(&t->notes));
	return o;
}
