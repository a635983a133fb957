/* report-validation.h: writers for a path validation (validate.h). */
#ifndef CC_REPORT_VALIDATION_H
#define CC_REPORT_VALIDATION_H

#include <jansson.h>

#include "report.h"
#include "validate.h"

/* "a self-signed root", "an intermediate (partial chain)", "the leaf
 * itself" or "none": what the path's trust anchor is. */
const char *cc_vpath_anchor_kind(const struct cc_vpath *p);

/* The profile, the path, whether a name was checked, the verdict with
 * every error and warning (code, message, section, clients, fix), and the
 * other paths tried when none validated. */
void cc_text_validation(struct cc_out *o, const struct cc_validation *v);

/* Adds to DOC: verified, profile, name_checked, anchor, path[], findings[],
 * reasons[] (the errors), candidates[], candidates_tried. */
void cc_json_validation(json_t *doc, const struct cc_validation *v, time_t at);
/* [{code, severity, cert, message, section, clients, fix}] */
json_t *cc_json_vfindings(const struct cc_vpath *p);

/* A verify run, for cc_report_verify. */
struct cc_aia_fetches;
struct cc_ocsp_answer;
struct cc_verify_report {
	const struct cc_validation *validation;
	const char *spec;                      /* the SOURCE as given */
	time_t at;
	const struct cc_aia_fetches *fetches;  /* --fetch-intermediates, or NULL */
	const struct cc_ocsp_answer *ocsp;     /* --ocsp, or NULL */
};
/* Text: what was fetched, the validation, the OCSP answer; JSON: {source,
 * the validation's keys (cc_json_validation), fetched, ocsp}. */
void cc_report_verify(const struct cc_report_out *out, const struct cc_verify_report *r);

#endif
