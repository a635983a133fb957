/* report.h: the writers.  Text for people, JSON for machines (and JUnit XML
 * for CI, in report-junit.c).  Commands build their results with the core
 * and hand them to one writer; only writers and cmd-*.c touch stdout. */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "chain.h"
#include "source.h"

enum cc_format {
	CC_FORMAT_TEXT,
	CC_FORMAT_JSON,
	CC_FORMAT_JUNIT,
};
/* Parse a --format value among ALLOWED (a bit per enum cc_format). */
int cc_format_parse(const char *s, unsigned allowed, enum cc_format *out);
#define CC_FORMAT_BIT(f) (1u << (f))

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

/* --- JSON (report-json.c) --- */
/* The top-level object: {"certcheck_json": 1, "command": COMMAND, "at": AT}. */
json_t *cc_json_document(const char *command, time_t at);
json_t *cc_json_cert(const struct cc_cert *c, size_t index, time_t at);
json_t *cc_json_findings(const struct cc_findings *f);
/* {"name", "role", "certificates": [...], "notes": [...], "findings": [...]} */
json_t *cc_json_entry(const struct cc_entry *e, const struct cc_findings *f, time_t at);
/* Write DOC (indented, newline-terminated) to FP.  Returns -1 on I/O error. */
int cc_json_dump(json_t *doc, FILE *fp);

#endif
