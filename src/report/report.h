/* report.h: the writers.  Text for people, JSON for machines, JUnit XML for
 * CI (report-junit.c), OpenMetrics for Prometheus (report-openmetrics.h).
 * Commands build their results with the core and hand each to its writer
 * (cc_report_RESULT, below); only writers and the command layer touch
 * stdout. */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "chain.h"
#include "entry.h"
#include "verify.h"

enum cc_format {
	CC_FORMAT_TEXT,
	CC_FORMAT_JSON,
	CC_FORMAT_JUNIT,
	CC_FORMAT_OPENMETRICS,   /* report-openmetrics.h */
	CC_FORMAT_COUNT
};
/* Parse a --format value among ALLOWED (a bit per enum cc_format). */
int cc_format_parse(const char *s, unsigned allowed, enum cc_format *out);
/* "text", "json", "junit", "openmetrics". */
const char *cc_format_name(enum cc_format f);
#define CC_FORMAT_BIT(f) (1u << (f))

/* Every result a command reports has one writer entry point here (or in
 * the report-*.h of its result), of one shape:
 *     void cc_report_RESULT(const struct cc_report_out *out,
 *                           const struct cc_RESULT_report *r);
 * OUT says where the report goes and in which --format; the writer
 * dispatches on the format itself, so commands never branch on it.  R holds
 * the result and whatever some format needs besides (a JUnit suite's
 * timing, the time of a JSON document), all borrowed for the call.
 *   cc_report_show, cc_report_connect   sources          report-source.c
 *   cc_report_check                     check results    report-check.c
 *   cc_report_verify                    a validation     report-validation.h
 *   cc_report_diff                      a comparison     report-diff.c
 *   cc_report_roots                     roots, --cross   report-roots.h
 *   cc_report_sni_probe                 --sni-probe      report-probe.h
 * A new result: a struct cc_RESULT_report and its cc_report_RESULT in a
 * report-RESULT.c, with one static writer per format (report-diff.c is the
 * smallest example).  The command gets OUT from cc_cli_output_open. */
struct cc_report_out {
	FILE *fp;
	enum cc_format format;
	bool color;   /* text: ANSI styles */
};

/* Where text goes and how it looks. */
struct cc_out {
	FILE *fp;
	bool color;
};

/* ANSI styles, empty when colour is off. */
enum cc_style { CC_STYLE_BOLD, CC_STYLE_OK, CC_STYLE_INFO, CC_STYLE_WARN, CC_STYLE_ERR, CC_STYLE_DIM };
const char *cc_style_on(const struct cc_out *o, enum cc_style style);
const char *cc_style_off(const struct cc_out *o);
enum cc_style cc_severity_style(enum cc_severity sev);

/* --- text (report-text.c) --- */
/* One certificate block: INDEX of COUNT (1-based). */
void cc_text_cert(struct cc_out *o, const struct cc_cert *c, size_t index, size_t count, time_t at);
/* "Findings:" and one line per finding. */
void cc_text_findings(struct cc_out *o, const struct cc_findings *f);
/* A whole entry: a heading, every certificate, its notes and findings. */
void cc_text_entry(struct cc_out *o, const struct cc_source *src, const struct cc_entry *e,
		   const struct cc_findings *f, time_t at);
/* Every certificate of E as PEM. */
void cc_text_pem(struct cc_out *o, const struct cc_entry *e);
/* The connection summary of a tls:// source: address, SNI, how the
 * handshake ended, protocol, cipher, ALPN, client certificate. */
void cc_text_tls(struct cc_out *o, const struct cc_source *src);
/* One line on the OCSP response a tls:// source stapled (show's text,
 * which has no connection summary); nothing when it stapled none. */
void cc_text_ocsp_summary(struct cc_out *o, const struct cc_tls_info *t);

/* --- JSON (report-json.c) --- */
/* The top-level object: {"certcheck_json": 1, "command": COMMAND, "at": AT}. */
json_t *cc_json_document(const char *command, time_t at);
json_t *cc_json_cert(const struct cc_cert *c, size_t index, time_t at);
json_t *cc_json_finding(const struct cc_finding *f);
json_t *cc_json_findings(const struct cc_findings *f);
/* {"name", "role", "certificates": [...], "notes": [...], "findings": [...]} */
/* An OCSP response (stapled or asked for): {status, error, produced_at,
 * this_update, next_update, revoked_at, reason, responder, for_leaf,
 * verified, verification}; null for NULL. */
struct cc_ocsp_staple;
json_t *cc_json_ocsp_staple(const struct cc_ocsp_staple *s);
json_t *cc_json_entry(const struct cc_entry *e, const struct cc_findings *f, time_t at);
/* The entry without its certificates ("certificates": []). */
json_t *cc_json_entry_head(const struct cc_entry *e, const struct cc_findings *f);
/* {"address", "sni", "alpn", "protocol", "cipher", "handshake": {"status",
 * "message", "stage", "alert"}, "client_cert_requested", "accepted_cas",
 * "client_cert_sent", "notes"} */
struct cc_tls_info;
json_t *cc_json_tls(const struct cc_tls_info *info);
/* Write DOC (indented, newline-terminated) to FP.  Returns -1 on I/O error. */
int cc_json_dump(json_t *doc, FILE *fp);

/* Streaming, for outputs too big to hold as one tree (a bundle of 20,000
 * certificates is about 110 MB of jansson objects): OBJ, an object at
 * DEPTH (0 for the document, +2 per array level), is written as
 * cc_json_dump would write it, except that its member KEY is an array
 * whose items are written one at a time.  begin writes OBJ up to the
 * array's '[' (OBJ keeps the key's position if it already has it);
 * add writes one item and frees it; next starts an item that is itself
 * streamed (pass the depth it returns to a nested begin); end closes the
 * array and writes the rest of OBJ (the caller adds the final newline of
 * a document).  OBJ must not change between begin and end.  Write errors
 * show in ferror(FP). */
struct cc_json_array {
	FILE *fp;
	int depth;
	size_t n;
	char *text;
	const char *rest;
};
void cc_json_array_begin(struct cc_json_array *a, FILE *fp, json_t *obj, const char *key, int depth);
void cc_json_array_add(struct cc_json_array *a, json_t *item);
/* Add N items, MAKE(CTX, I) for I from 0 (a new reference each), in that
 * order: many items are made and dumped on every core, a batch at a time,
 * then written in order, so the output is the one add would give.  MAKE
 * must be safe to run on several threads at once. */
void cc_json_array_add_many(struct cc_json_array *a, size_t n,
			    json_t *(*make)(const void *ctx, size_t i), const void *ctx);
int cc_json_array_next(struct cc_json_array *a);
void cc_json_array_end(struct cc_json_array *a);
/* A second streamed array in the same OBJ: give a later member the value
 * cc_json_array_placeholder() before begin; next_key then closes the
 * current array and opens that member's, at the same depth. */
json_t *cc_json_array_placeholder(void);
void cc_json_array_next_key(struct cc_json_array *a, const char *key);

/* --- sources, as show and connect print them (report-source.c) --- */
/* {"source", "location", "format", "entries": [...], "error": null}; the
 * leaf's strict-client findings judge it for PURPOSE (a tls:// source's
 * leaf is always a server's). */
json_t *cc_json_source(const struct cc_source *src, time_t at, enum cc_purpose purpose);
/* cc_json_source as the next item of SOURCES, one certificate at a time,
 * so a big bundle never exists as one JSON tree. */
void cc_json_stream_source(struct cc_json_array *sources, const struct cc_source *src, time_t at,
			   enum cc_purpose purpose);
/* {"source", "error"} for a source that could not be read. */
json_t *cc_json_source_error(const char *spec, const struct cc_error *err);
/* Every entry of SRC as text, with findings. */
void cc_text_source(struct cc_out *o, const struct cc_source *src, time_t at, enum cc_purpose purpose);

/* A show run: SPECS[i] as given, LOADED[i] what loading it gave. */
struct cc_loaded;
struct cc_show_report {
	const char *const *specs;
	const struct cc_loaded *loaded;
	size_t n;
	time_t at;
	enum cc_purpose purpose;
	bool pem;   /* text: the certificates only, as PEM */
};
/* Text: every source read (cc_text_source, a tls:// source's stapled OCSP
 * response) or its PEM; JSON: {sources: [...]}, streamed, unread sources
 * as cc_json_source_error; OpenMetrics (cc_om_show). */
void cc_report_show(const struct cc_report_out *out, const struct cc_show_report *r);

/* One endpoint of a connect run. */
struct cc_connect_item {
	const struct cc_source *src;     /* as dialled (parsed only when not TRIED) */
	const struct cc_error *err;      /* why no chain came, or NULL */
	bool tried;                      /* false: a bad target, nothing attempted */
	const struct cc_strv *written;   /* --save: the files written, else NULL */
	bool saved;                      /* --save wrote them all */
};
struct cc_connect_report {
	const struct cc_connect_item *items;
	size_t n;
	time_t at;
	bool pem;     /* text: the chain only, as PEM */
	bool save;    /* --save: text shows the paths written, not the chain */
	bool quiet;   /* text: not even the paths */
};
/* Text: per endpoint the handshake (cc_text_tls) and the chain, a blank
 * line between endpoints; JSON: {sources: [cc_json_source with "error"
 * when no chain came and "saved": [paths]]}. */
void cc_report_connect(const struct cc_report_out *out, const struct cc_connect_report *r);

/* --- a comparison (report-diff.c) --- */
struct cc_diff;
struct cc_diff_report {
	const struct cc_diff *diff;
	const char *a, *b;   /* the two SOURCEs as given */
};
/* Text: the verdict ("N of M certificates identical" for chains), then
 * what differs; JSON: {a, b, verdict, verdict_text, pairs: [{position,
 * verdict, verdict_text, a_sha256, b_sha256, differences}]}. */
void cc_report_diff(const struct cc_report_out *out, const struct cc_diff_report *r);

/* --- JUnit XML (report-junit.c) --- */
enum cc_case_status { CC_CASE_PASSED, CC_CASE_FAILED, CC_CASE_ERROR, CC_CASE_SKIPPED };
/* One assertion.  MESSAGE is cut at its first line break; TEXT (the full
 * explanation, a diff) goes into the failure or error element. */
struct cc_junit_case {
	const char *name;
	const char *classname;  /* always written: CI tools key cases on it */
	double seconds;
	enum cc_case_status status;
	const char *message;
	const char *text;
};
struct cc_junit_property {
	const char *name;
	const char *value;
};
/* One source: NAME as the user gave it, what was checked as properties. */
struct cc_junit_suite {
	const char *name;
	time_t timestamp;
	double seconds;
	const struct cc_junit_property *props;
	size_t n_props;
	const struct cc_junit_case *cases;
	size_t n_cases;
};
/* Load libxml2, which JUnit output needs (opened at run time, so that
 * other runs do not pay for loading it); an error when it is missing.
 * Call it before cc_junit_render, which aborts without it. */
int cc_junit_load(struct cc_error *err);

/* SUITES as one JUnit XML document that validates against both the Jenkins
 * xUnit junit-10.xsd and the Ant-style JUnit.xsd.  Never NULL. */
char *cc_junit_render(const struct cc_junit_suite *suites, size_t n, const char *hostname,
		      size_t *len);

/* A document being assembled, suite by suite: the one place check and
 * roots put their suites together.  Every string given is copied. */
struct cc_junit_doc {
	struct cc_junit_suite *suites;
	size_t n, alloc;
	const char *classname;    /* the current suite's: "certcheck.NAME" */
	struct cc_strv strings;   /* the copies */
};
#define CC_JUNIT_DOC_INIT { NULL, 0, 0, NULL, CC_STRV_INIT }
/* Start suite NAME; the cases added next get classname "certcheck.NAME". */
void cc_junit_doc_suite(struct cc_junit_doc *d, const char *name, time_t timestamp, double seconds);
/* A property, a case of the current suite (MESSAGE and TEXT may be NULL). */
void cc_junit_doc_prop(struct cc_junit_doc *d, const char *name, const char *value);
void cc_junit_doc_case(struct cc_junit_doc *d, const char *name, double seconds,
		       enum cc_case_status status, const char *message, const char *text);
/* Render D to FP, with this machine's name as the hostname. */
void cc_junit_doc_write(const struct cc_junit_doc *d, FILE *fp);
void cc_junit_doc_release(struct cc_junit_doc *d);
/* This machine's name ("localhost" when unknown). */
void cc_junit_hostname(char *buf, size_t size);

/* --- check results (report-check.c) --- */
struct cc_results;
/* The text writers check's explanations use (check.h's cc_explainer):
 * the validation as cc_text_validation writes it, the fetches as
 * cc_text_aia_fetches, without colour. */
struct cc_explainer;
extern const struct cc_explainer cc_text_explainer;
/* Each result under its source, explanations indented, then "N passed, M failed". */
void cc_text_results(struct cc_out *o, const struct cc_results *r);
/* [{"source", "name", "outcome", "message", "explanation"}, ...] */
json_t *cc_json_results(const struct cc_results *r);
/* What a JUnit report says about each source of a check run besides its
 * results. */
struct cc_check_suite_info {
	const char *spec;         /* the SOURCE as given */
	const char *sni;          /* the server name sent, or NULL */
	const char *root_sha256;  /* the root it leads to, or NULL */
	double seconds;           /* loading it plus its checks */
};
/* R as JUnit XML: a testsuite per SOURCES[i] holding its results (R lists
 * them source by source, in that order) with EXPECT (the expectations as
 * given) among its properties, then one suite named "same-root" for the
 * results tied to no single source.  Classnames are "certcheck.SOURCE". */
char *cc_junit_results(const struct cc_results *r, const struct cc_check_suite_info *sources,
		       size_t n, const struct cc_junit_property *expect, size_t n_expect,
		       time_t timestamp, const char *hostname, size_t *len);
/* A check run, for cc_report_check. */
struct cc_expect;
struct cc_loaded;
struct cc_check_report {
	const struct cc_results *results;
	const struct cc_expect *ex;       /* what was checked; ex->at dates JSON */
	const char *const *specs;         /* the N SOURCEs as given, */
	const struct cc_loaded *loaded;   /* what loading each gave (OpenMetrics) */
	const struct cc_check_suite_info *sources;  /* and its JUnit facts */
	size_t n;
	const struct cc_junit_property *expect;  /* JUnit: the expectations as given */
	size_t n_expect;
};
/* Text (cc_text_results), JSON {results, passed, failed, errors}, JUnit
 * (as cc_junit_results) or OpenMetrics (cc_om_check_run). */
void cc_report_check(const struct cc_report_out *out, const struct cc_check_report *c);

#endif
