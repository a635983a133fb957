/* report-roots.h: the writer of `certcheck roots` (roots.h). */
#ifndef CC_REPORT_ROOTS_H
#define CC_REPORT_ROOTS_H

#include "report.h"
#include "roots.h"

/* One SOURCE of a roots run. */
struct cc_roots_source {
	const char *spec;
	struct cc_source *src;   /* NULL when it could not be read */
	struct cc_error err;     /* why not */
	struct cc_root root;
	double seconds;          /* spent loading it */
};

/* A roots run, for cc_report_roots (everything borrowed). */
struct cc_roots_report {
	const struct cc_roots_source *v;   /* every SOURCE, in order */
	size_t n;
	const struct cc_roots_source *read; /* those that were read, */
	const struct cc_root *roots;        /* their roots, */
	size_t nr;
	const size_t *index;                /* and V[i]'s place among them */
	const struct cc_root_groups *groups;  /* READ grouped */
	const struct cc_cross *cross;       /* --cross over READ, or NULL */
	time_t at;
	bool quiet;                         /* text: the verdict only */
};
/* Text: the matrix (and the cross matrix) unless quiet, then the verdict
 * lines; JSON: {sources, verdict, cross}; JUnit: a testsuite per SOURCE,
 * testcase "same-root" (and "trusted-by B" with --cross); OpenMetrics. */
void cc_report_roots(const struct cc_report_out *out, const struct cc_roots_report *r);

#endif
