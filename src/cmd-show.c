/* cmd-show.c: certcheck show: every certificate and the chain's findings. */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "cli.h"
#include "source.h"

static const char usage[] =
	"Usage: certcheck show [OPTIONS] SOURCE...\n"
	"\n"
	"Print every certificate of each SOURCE (subject, issuer, serial, validity\n"
	"and time left, SANs, key, signature, key IDs, constraints, key usage, EKU,\n"
	"SHA-256 fingerprint, SPKI pin), then the chain's findings: order, issuer\n"
	"links, self-signed root, missing issuer, repeats, expired members.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default) or json\n"
	"      --pem            print only the certificates, as PEM\n"
	"      --at TIME        judge validity at TIME (RFC 3339 or @EPOCH), not now\n"
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n";

void cc_entry_findings(const struct cc_entry *e, time_t at, struct cc_findings *f)
{
	if (e->role == CC_ROLE_TRUST)
		cc_trust_analyze(e->certs, e->n_certs, at, f);
	else
		cc_chain_analyze(e->certs, e->n_certs, at, f);
}

json_t *cc_json_source(const struct cc_source *src, time_t at)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(src->spec));
	json_object_set_new(o, "location", json_string(src->location));
	json_object_set_new(o, "format", json_string(src->format ? src->format : "unknown"));
	json_t *entries = json_array();
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		cc_entry_findings(&src->entries[i], at, &f);
		json_array_append_new(entries, cc_json_entry(&src->entries[i], &f, at));
		cc_findings_release(&f);
	}
	json_object_set_new(o, "entries", entries);
	json_object_set_new(o, "error", json_null());
	return o;
}

json_t *cc_json_source_error(const char *spec, const struct cc_error *err)
{
	return json_pack("{s:s, s:s}", "source", spec, "error", err->msg);
}

void cc_text_source(struct cc_out *o, const struct cc_source *src, time_t at)
{
	for (size_t i = 0; i < src->n_entries; i++) {
		struct cc_findings f = CC_FINDINGS_INIT;
		cc_entry_findings(&src->entries[i], at, &f);
		cc_text_entry(o, src, &src->entries[i], &f, at);
		cc_findings_release(&f);
		fputc('\n', o->fp);
	}
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	enum { OPT_PEM = CC_OPT_FIRST_COMMAND_OPT, OPT_AT };
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "pem", no_argument, NULL, OPT_PEM },
		{ "at", required_argument, NULL, OPT_AT },
		{ NULL, 0, NULL, 0 },
	};
	enum cc_format format = CC_FORMAT_TEXT;
	bool pem = false, exit_now = false;
	time_t at = time(NULL);
	int opt;

	while ((opt = getopt_long(argc, argv, CC_COMMON_SHORTOPTS "f:", longopts, NULL)) != -1) {
		int r = cc_cli_common_opt(cli, &cc_cmd_show, opt, optarg, &exit_now);
		if (r < 0)
			return CC_USAGE;
		if (exit_now)
			return CC_OK;
		if (r > 0)
			continue;
		switch (opt) {
		case 'f':
			if (cc_cli_parse_format(&cc_cmd_show, optarg,
						CC_FORMAT_BIT(CC_FORMAT_TEXT) | CC_FORMAT_BIT(CC_FORMAT_JSON),
						&format) < 0)
				return CC_USAGE;
			break;
		case OPT_PEM:
			pem = true;
			break;
		case OPT_AT:
			if (cc_cli_parse_at(&cc_cmd_show, optarg, &at) < 0)
				return CC_USAGE;
			break;
		}
	}
	if (optind >= argc)
		return cc_cli_usage_error(&cc_cmd_show, "show: no SOURCE given");
	if (pem && format != CC_FORMAT_TEXT)
		return cc_cli_usage_error(&cc_cmd_show, "--pem and --format json do not go together");

	struct cc_out out = { stdout, cc_cli_use_color(cli, stdout) };
	json_t *doc = NULL, *sources = NULL;
	if (format == CC_FORMAT_JSON) {
		doc = cc_json_document("show", at);
		sources = json_array();
		json_object_set_new(doc, "sources", sources);
	}
	int status = CC_OK;
	for (int i = optind; i < argc; i++) {
		struct cc_source *src = NULL;
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(argv[i], NULL, &src, &err) < 0) {
			int s = cc_cli_error(&err);
			status = s > status ? s : status;
			if (sources)
				json_array_append_new(sources, cc_json_source_error(argv[i], &err));
			continue;
		}
		if (pem) {
			for (size_t e = 0; e < src->n_entries; e++) {
				for (size_t n = 0; n < src->entries[e].notes.n; n++)
					cc_cli_note(cli, "%s", src->entries[e].notes.v[n]);
				cc_text_pem(&out, &src->entries[e]);
			}
		} else if (sources) {
			json_array_append_new(sources, cc_json_source(src, at));
		} else {
			cc_text_source(&out, src, at);
		}
		cc_source_free(src);
	}
	if (doc) {
		cc_json_dump(doc, stdout);
		json_decref(doc);
	}
	return status;
}

const struct cc_command cc_cmd_show = {
	"show", run, "print every certificate of a chain and the chain's findings", usage,
};
