/* cmd-show.c: certcheck show: every certificate and the chain's findings. */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "cli.h"
#include "report-openmetrics.h"
#include "load.h"
#include "strict.h"
#include "tls-info.h"
#include "trustlink.h"

static const char usage[] =
	"Usage: certcheck show [CONN] [OPTIONS] SOURCE...\n"
	"\n"
	"Print every certificate of each SOURCE (subject, issuer, serial, validity\n"
	"and time left, SANs, key, signature, key IDs, constraints, key usage, EKU,\n"
	"SHA-256 fingerprint, SPKI pin), then the chain's findings: order, issuer\n"
	"links, self-signed root, missing issuer, repeats, expired members, and\n"
	"what strict TLS clients refuse (key usage, EKU, weak keys and signatures,\n"
	"CA flags, names only in the CN, underscores), each with the fix.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default), json or openmetrics (every\n"
	"                       certificate's validity, for Prometheus; see\n"
	"                       certcheck-serve(1))\n"
	CC_OUTPUT_HELP
	"      --pem            print only the certificates, as PEM\n"
	CC_MANY_HELP
	"      --at TIME        judge validity at TIME (RFC 3339 or @EPOCH), not now\n"
	"      --purpose PURPOSE  what the leaf is for: server (default), client or\n"
	"                       any; the strict-client findings judge it for that\n"
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n" CC_CONN_HELP;

/* Chain analysis and strict-client findings for chains; repeats, validity
 * and key sizes for trust entries. */
static void entry_findings(const struct cc_source *src, const struct cc_entry *e, time_t at,
			   enum cc_purpose purpose, struct cc_findings *f)
{
	if (e->role == CC_ROLE_TRUST) {
		cc_trust_analyze(e->certs, e->n_certs, at, f);
		cc_strict_trust_analyze(e->certs, e->n_certs, f);
		return;
	}
	cc_chain_analyze(e->certs, e->n_certs, at, f);
	struct cc_strict_options so = cc_strict_options_for(src, purpose);
	cc_strict_analyze(e->certs, e->n_certs, &so, f);
}

/* A dump's chain is also checked against the dump's own trust entry. */
static bool is_dump(const struct cc_source *src)
{
	return cc_source_format_get(src->format)->own_trust;
}

static void source_entry_findings(const struct cc_source *src, const struct cc_entry *e, time_t at,
				  enum cc_purpose purpose, struct cc_findings *f)
{
	entry_findings(src, e, at, purpose, f);
	if (is_dump(src) && e->role == CC_ROLE_CHAIN && e->n_certs) {
		struct cc_trustlink tl = CC_TRUSTLINK_INIT;
		cc_trustlink_check(src, e, at, &tl);
		cc_trustlink_finding(&tl, f);
		cc_trustlink_release(&tl);
	}
}

/* The source object with "entries": []. */
static json_t *json_source_head(const struct cc_source *src)
{
	json_t *o = json_object();
	const char *format = cc_source_format_name(src->format);
	json_object_set_new(o, "source", json_string(src->spec));
	json_object_set_new(o, "location", json_string(src->location));
	json_object_set_new(o, "format", json_string(format ? format : "unknown"));
	if (src->tls)
		json_object_set_new(o, "tls", cc_json_tls(src->tls));
	json_object_set_new(o, "entries", json_array());
	json_t *notes = json_array();
	for (size_t i = 0; i < src->notes.n; i++)
		json_array_append_new(notes, json_string(src->notes.v[i]));
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "error", json_null());
	return o;
}

json_t *cc_json_source(const struct cc_source *src, time_t at, enum cc_purpose purpose)
{
	json_t *o = json_source_head(src);
	json_t *entries = json_object_get(o, "entries");
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, &src->entries[i], at, purpose, &f);
		json_array_append_new(entries, cc_json_entry(&src->entries[i], &f, at));
		cc_findings_release(&f);
	}
	return o;
}

/* cc_json_source as the next item of SOURCES, one certificate at a time,
 * so a big bundle never exists as one JSON tree. */
static void stream_json_source(struct cc_json_array *sources, const struct cc_source *src, time_t at,
			       enum cc_purpose purpose)
{
	json_t *o = json_source_head(src);
	struct cc_json_array entries;
	cc_json_array_begin(&entries, sources->fp, o, "entries", cc_json_array_next(sources));
	for (size_t i = 0; i < src->n_entries; i++) {
		const struct cc_entry *e = &src->entries[i];
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, e, at, purpose, &f);
		/* The findings are streamed too: a bundle out of order has one
		 * per certificate. */
		json_t *eo = cc_json_entry_head(e, NULL);
		json_object_set_new(eo, "findings", cc_json_array_placeholder());
		struct cc_json_array arr;
		cc_json_array_begin(&arr, sources->fp, eo, "certificates", cc_json_array_next(&entries));
		for (size_t k = 0; k < e->n_certs; k++)
			cc_json_array_add(&arr, cc_json_cert(e->certs[k], k + 1, at));
		cc_json_array_next_key(&arr, "findings");
		for (size_t k = 0; k < f.n; k++)
			cc_json_array_add(&arr, cc_json_finding(&f.v[k]));
		cc_json_array_end(&arr);
		json_decref(eo);
		cc_findings_release(&f);
	}
	cc_json_array_end(&entries);
	json_decref(o);
}

json_t *cc_json_source_error(const char *spec, const struct cc_error *err)
{
	/* Every key of a source that was read, so readers need no special
	 * case: the location when SPEC parses, no format, nothing inside. */
	struct cc_source *src = NULL;
	bool parsed = cc_source_parse(spec, &src, NULL) == 0;
	const char *format = parsed ? cc_source_format_name(src->format) : NULL;
	json_t *o = json_pack("{s:s, s:o, s:o}", "source", spec, "location",
			      parsed ? json_string(src->location) : json_null(), "format",
			      format ? json_string(format) : json_null());
	if (parsed && src->is_tls)
		json_object_set_new(o, "tls", json_null());
	json_object_set_new(o, "entries", json_array());
	json_object_set_new(o, "notes", json_array());
	json_object_set_new(o, "error", json_string(err->msg));
	cc_source_free(src);
	return o;
}

void cc_text_source(struct cc_out *o, const struct cc_source *src, time_t at, enum cc_purpose purpose)
{
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		source_entry_findings(src, &src->entries[i], at, purpose, &f);
		cc_text_entry(o, src, &src->entries[i], &f, at);
		cc_findings_release(&f);
		fputc('\n', o->fp);
	}
	for (size_t i = 0; i < src->notes.n; i++)
		fprintf(o->fp, "%snote:%s %s\n", cc_style_on(o, CC_STYLE_DIM), cc_style_off(o),
			src->notes.v[i]);
}

/* Every SOURCE of MANY (LOADED[i]) as OpenMetrics. */
static void write_openmetrics(FILE *fp, const struct cc_cli_many *many, const struct cc_loaded *loaded)
{
	size_t n = many->specs.n;
	const struct cc_source **srcs = cc_xcalloc(n + 1, sizeof(*srcs));
	for (size_t i = 0; i < n; i++)
		srcs[i] = loaded[i].src;
	cc_om_run_timestamp(fp, time(NULL));
	cc_om_show(fp, (const char *const *)many->specs.v, srcs, n);
	cc_om_eof(fp);
	free(srcs);
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT, OPT_PURPOSE };
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_MANY_LONGOPTS,
		CC_OUTPUT_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "pem", no_argument, NULL, OPT_PEM },
		{ "at", required_argument, NULL, OPT_AT },
		{ "purpose", required_argument, NULL, OPT_PURPOSE },
		CC_CONN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_show;
	struct cc_tls_options tls = CC_TLS_OPTIONS_INIT;
	struct cc_load_options lo = { &tls };
	enum cc_purpose purpose = CC_PURPOSE_SERVER;
	struct cc_cli_many many = CC_CLI_MANY_INIT;
	enum cc_format format = CC_FORMAT_TEXT;
	bool pem = false, exit_now = false;
	const char *output = NULL;
	time_t at = time(NULL);
	int opt, status = CC_USAGE;

	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS "o:f:", longopts,
				  NULL)) != -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &tls, &many, &exit_now);
		if (r < 0)
			goto out;
		if (exit_now) {
			status = CC_OK;
			goto out;
		}
		if (r > 0)
			continue;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (cc_cli_parse_format(cmd, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON) |
							CC_FORMAT_BIT(CC_FORMAT_OPENMETRICS),
						&format) < 0)
				goto out;
			break;
		case OPT_PEM:
			pem = true;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(cmd, optarg, &at) < 0)
				goto out;
			break;
		case OPT_PURPOSE:
			if (cc_cli_parse_purpose(cmd, optarg, &purpose) < 0)
				goto out;
			break;
		}
	}
	if (cc_cli_conn_check(&tls, cmd) < 0)
		goto out;
	if (cc_cli_many_done(&many, argc, argv) == 0) {
		if (!many.too_many)
			cc_cli_usage_error(cmd, "show: no SOURCE given");
		goto out;
	}
	if (cc_cli_stdin_once(many.stdin_uses) < 0)
		goto out;
	if (pem && format != CC_FORMAT_TEXT) {
		cc_cli_usage_error(cmd, "--pem and --format %s do not go together", cc_format_name(format));
		goto out;
	}
	struct cc_cli_output o;
	if (cc_cli_output_open(&o, output) < 0)
		goto out;

	struct cc_out out = { o.fp, cc_cli_output_color(cli, &o) };
	/* JSON is written as it is made: {"certcheck_json", ..., "sources": [ */
	json_t *doc = NULL;
	struct cc_json_array sources;
	if (format == CC_FORMAT_JSON) {
		doc = cc_json_document("show", at);
		cc_json_array_begin(&sources, o.fp, doc, "sources", 0);
	}
	struct cc_loaded *loaded = cc_cli_many_load(&many, &lo);
	if (format == CC_FORMAT_OPENMETRICS) {
		write_openmetrics(o.fp, &many, loaded);
		o.write_always = true;
	}
	int worst = CC_OK;
	size_t n_ok = 0;
	for (size_t i = 0; i < many.specs.n; i++) {
		const char *spec = many.specs.v[i];
		struct cc_source *src = loaded[i].src;
		if (!src) {
			int s = cc_cli_error(&loaded[i].err);
			worst = s > worst ? s : worst;
			if (doc)
				cc_json_array_add(&sources, cc_json_source_error(spec, &loaded[i].err));
			continue;
		}
		n_ok++;
		if (pem) {
			for (size_t e = 0; e < src->n_entries; e++) {
				for (size_t n = 0; n < src->entries[e].notes.n; n++)
					cc_cli_note(cli, "%s", src->entries[e].notes.v[n]);
				cc_text_pem(&out, &src->entries[e]);
			}
		} else if (doc) {
			stream_json_source(&sources, src, at, purpose);
		} else if (format != CC_FORMAT_OPENMETRICS) {
			cc_text_source(&out, src, at, purpose);
			if (src->tls)
				cc_text_ocsp_summary(&out, src->tls);
		}
	}
	if (doc) {
		cc_json_array_end(&sources);
		fputc('\n', o.fp);
		json_decref(doc);
	}
	cc_loaded_release(loaded, many.specs.n);
	free(loaded);
	/* Some SOURCEs unreadable: 1; 2 or 3 only when none could be read. */
	status = n_ok == 0 || worst == CC_OK ? worst : CC_FAILED;
	status = cc_cli_output_close(&o, status);
out:
	cc_cli_many_release(&many);
	return status;
}

const struct cc_command cc_cmd_show = {
	"show", run, "print every certificate of a chain and the chain's findings", usage,
};
