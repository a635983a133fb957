/* report-openmetrics.h: results as OpenMetrics text, for Prometheus.
 *
 * `check`, `roots` and `show` write this with --format openmetrics (and
 * -o FILE for node_exporter's textfile collector); `certcheck serve`
 * answers /metrics and /probe with it.  Every value is a gauge; label
 * values are escaped as the format requires (backslash, double quote,
 * line feed; other control bytes and bytes that are not UTF-8 are shown
 * as \xNN, as in every other report) and cut to CC_OM_MAX_LABEL_BYTES.
 * The metric names and labels are documented in certcheck-serve(1),
 * METRICS.
 *
 * The writers write families, never "# EOF": cc_om_eof() ends a
 * document, so a caller (serve) can add families of its own first.
 */
#ifndef CC_REPORT_OPENMETRICS_H
#define CC_REPORT_OPENMETRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "srcpath.h"
#include "roots.h"
#include "entry.h"
#include "validate.h"

/* Bounds on the series one run writes, so that one odd input cannot blow up
 * a Prometheus: a subject or a SOURCE longer than this (before escaping) keeps its start and
 * its end around "..." (real subjects are under 200 bytes); a source adds
 * at most CC_OM_MAX_CERTS certificates (two series each), the rest counted
 * in certcheck_cert_series_dropped (a TLS chain has 2-5, a trust bundle
 * about 150). */
#define CC_OM_MAX_LABEL_BYTES 256
#define CC_OM_MAX_CERTS 256

/* The certificates a source's verdict rests on, and whether they form a
 * valid path. */
struct cc_om_path {
	const struct cc_cert *const *certs;  /* borrowed: leaf first */
	size_t n;
	bool judged;                         /* VALID and PROFILE mean something */
	bool valid;
	const char *profile;                 /* "clients", ... */
	struct cc_srcpath sp;                /* owns what CERTS may point into */
};
#define CC_OM_PATH_INIT { NULL, 0, false, false, NULL, CC_SRCPATH_INIT }
/* Which chain `check`'s per-certificate series and certcheck_chain_valid
 * describe: the validated path `check` judges (cc_check_path: the anchors
 * of --expect-root, --root and SRC's own trust entry, else the system
 * store; E's profile, --at and purpose), or the best candidate path when it
 * does not validate; the main entry as presented, unjudged, when validation
 * cannot run.  OUT borrows from SRC and E: keep both until
 * cc_om_path_release. */
void cc_om_check_path(const struct cc_expect *e, const struct cc_source *src, struct cc_om_path *out);
void cc_om_path_release(struct cc_om_path *p);

/* One SOURCE of a check run: SRC is NULL when it could not be read. */
struct cc_om_source {
	const char *spec;
	const struct cc_source *src;
	struct cc_om_path path;
};

/* certcheck_run_timestamp_seconds. */
void cc_om_run_timestamp(FILE *fp, time_t now);
/* A check run: certcheck_source_up, certcheck_check_success (one series per
 * source and assertion name; a name repeated for a source succeeds only
 * when every one passed; "load" is what source_up says),
 * certcheck_chain_valid and the per-certificate series of each source's
 * path.  A SOURCE given twice is written once. */
void cc_om_check(FILE *fp, const struct cc_results *r, const struct cc_om_source *s, size_t n);

/* A whole check run, as `check` and `serve` write it (without "# EOF"):
 * the run timestamp NOW, then cc_om_check over SPECS[i] and LOADED[i]
 * (load-many.h) with each source's cc_om_check_path under E. */
struct cc_loaded;
void cc_om_check_run(FILE *fp, const struct cc_expect *e, const char *const *specs,
		     const struct cc_loaded *loaded, size_t n, const struct cc_results *r, time_t now);

/* One SOURCE of a roots run. */
struct cc_om_root {
	const char *spec;
	bool up;                    /* the source was read */
	const struct cc_root *root; /* NULL when not up */
	size_t cert_group, key_group; /* CC_ROOT_NO_GROUP without a root */
};
/* certcheck_source_up, certcheck_root_info, certcheck_root_not_after_seconds,
 * certcheck_roots_groups and certcheck_roots_shared. */
void cc_om_roots(FILE *fp, const struct cc_om_root *r, size_t n, const struct cc_root_groups *g);

/* `roots --cross`: TRUSTED[from * N + to] says whether the chain of
 * source FROM validates under the trust of source TO. */
struct cc_om_cross {
	size_t n;
	const char *const *names;
	const bool *trusted;
};
/* certcheck_cross_trust{from,to}. */
void cc_om_cross_trust(FILE *fp, const struct cc_om_cross *m);

/* `show`: certcheck_source_up and the per-certificate series of every
 * entry (label "entry"), SRCS[i] NULL when SPECS[i] could not be read. */
void cc_om_show(FILE *fp, const char *const *specs, const struct cc_source *const *srcs, size_t n);

/* One gauge family of one unlabelled sample (serve's own metrics);
 * UNIT may be NULL. */
void cc_om_gauge(FILE *fp, const char *name, const char *unit, const char *help, double value);
/* A counter family of one unlabelled sample NAME_total: the family is
 * NAME in OpenMetrics (OM true), NAME_total in Prometheus's older text
 * format, which serve answers clients that do not ask for OpenMetrics
 * (and which otherwise reads the same: "# UNIT" and "# EOF" are comments
 * there). */
void cc_om_counter(FILE *fp, const char *name, const char *unit, const char *help, double value,
		   bool om);

/* "# EOF", which ends every OpenMetrics document. */
void cc_om_eof(FILE *fp);
/* The HTTP Content-Type of an OpenMetrics document. */
#define CC_OM_CONTENT_TYPE "application/openmetrics-text; version=1.0.0; charset=utf-8"
#define CC_OM_TEXT_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

#endif
