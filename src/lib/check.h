/* check.h: the assertions of `certcheck check`, as data.
 *
 * Each expectation on each source gives one result: a name, pass, fail or
 * error, a one-line message and a full explanation (the diff for a
 * mismatch).  Report writers (text, JSON, JUnit) only walk the results.
 */
#ifndef CC_CHECK_H
#define CC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cert.h"
#include "entry.h"
#include "rules.h"
#include "util.h"
#include "verify.h"

/* --expect-san TYPE:VALUE */
struct cc_san_spec {
	enum cc_san_type type;
	char *value;
};
/* Parse "DNS:x", "IP:1.2.3.4", "URI:spiffe://...", "EMAIL:a@b" (the type
 * case-insensitive).  -1 when TYPE is unknown or VALUE empty. */
int cc_san_spec_parse(const char *s, struct cc_san_spec *out);
/* Whether CERT carries the name (DNS and EMAIL case-insensitive, IP by
 * address, URI exactly). */
bool cc_cert_has_san(const struct cc_cert *cert, const struct cc_san_spec *spec);

struct cc_http_options;
struct cc_validation;
struct cc_aia_fetches;
/* How an explanation shows what the validator did and what was fetched:
 * the report layer's text writers (cc_text_explainer, report-check.c),
 * handed in so that the core lays out no report of its own.  Either may
 * be NULL: that part is left out. */
struct cc_explainer {
	void (*validation)(FILE *fp, const struct cc_validation *v);
	void (*aia_fetches)(FILE *fp, const struct cc_aia_fetches *f);
};

struct cc_expect {
	const struct cc_source *const *roots;         /* --expect-root, each one result */
	size_t n_roots;
	const struct cc_source *const *intermediates; /* --expect-intermediate, each one result */
	size_t n_intermediates;
	const struct cc_san_spec *sans;        /* --expect-san, each one result */
	size_t n_sans;
	const char *const *hosts;              /* --expect-host, each one result */
	size_t n_hosts;
	bool has_min_valid;
	int64_t min_valid;                     /* --min-valid, seconds */
	const char *min_valid_text;            /* as the user wrote it, for the result's name */
	bool same_root;                        /* --same-root */
	bool strict_clients;                   /* --strict-clients */
	bool require_ocsp_staple;              /* --require-ocsp-staple */
	enum cc_purpose purpose;               /* --purpose: what the leaf is for */
	enum cc_profile profile;               /* --profile */
	struct cc_cert *const *trust;          /* --root: anchors besides the expected roots */
	size_t n_trust;
	const char *trust_name;                /* "--root FILE" */
	time_t at;                             /* --at */
	const struct cc_http_options *fetch;   /* --fetch-intermediates, else NULL */
	const struct cc_explainer *explain;    /* the writers of explanations, or NULL */
};

enum cc_outcome { CC_PASS, CC_FAIL, CC_ERROR };
const char *cc_outcome_name(enum cc_outcome o);   /* "pass", "fail", "error" */

struct cc_result {
	char *source;         /* the SOURCE as given, or "(all sources)" */
	char *name;           /* "expect-root", "expect-san URI:spiffe://...", ... */
	enum cc_outcome outcome;
	char *message;        /* one line */
	char *explanation;    /* full text, may be empty */
};

struct cc_results {
	struct cc_result *v;
	size_t n;
	size_t alloc;
};
#define CC_RESULTS_INIT { NULL, 0, 0 }
void cc_results_release(struct cc_results *r);
size_t cc_results_count(const struct cc_results *r, enum cc_outcome o);

/* Validate the chain of SRC (loaded from SPEC) and run every expectation
 * of E on its validated path.  The path must validate (to the expected
 * roots, --root, the source's own trust entries, else the system store)
 * for any expectation to pass; the result "valid-path" says whether it
 * does and why not.  ANCHOR_SHA256 (65 bytes, or NULL) receives the
 * SHA-256 of the trust anchor the path ends at ("" when none). */
void cc_check_source(const struct cc_expect *e, const char *spec, const struct cc_source *src,
		     struct cc_results *out, char *anchor_sha256);
/* The validated path of SRC as cc_check_source judges it (the anchors of
 * E, the check policy of srcpath.h).  Release OUT with cc_srcpath_release. */
struct cc_srcpath;
void cc_check_path(const struct cc_expect *e, const struct cc_source *src, struct cc_srcpath *out);
/* What SRC's leaf is judged as: a server's for tls://, any purpose for a
 * CA certificate, else E's --purpose. */
enum cc_purpose cc_check_purpose(const struct cc_expect *e, const struct cc_source *src);

/* SPEC could not be read: one error result. */
void cc_check_load_error(const char *spec, const struct cc_error *err, struct cc_results *out);
/* --same-root over every source that could be read (SPECS[i] for SRCS[i]),
 * by the roots of roots.h (what `certcheck roots` says, with the same
 * --root). */
void cc_check_same_root(const struct cc_expect *e, const char *const *specs,
			const struct cc_source *const *srcs, size_t n, struct cc_results *out);

/* The certificates an --expect-root SOURCE stands for, any of which may be
 * the root: its trust entry's, else every certificate of its main entry. */
void cc_expected_roots(const struct cc_source *src, struct cc_cert *const **certs, size_t *n);

#endif
