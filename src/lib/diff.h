/* diff.h: field-by-field comparison of two certificates, or of two chains
 * position by position, with a verdict for each pair. */
#ifndef CC_DIFF_H
#define CC_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "cert.h"
#include "util.h"

enum cc_verdict {
	CC_VERDICT_IDENTICAL,      /* byte-identical DER */
	CC_VERDICT_REISSUED,       /* same key, re-issued */
	CC_VERDICT_OTHER_KEY,      /* same subject, different key */
	CC_VERDICT_DIFFERENT,      /* different (or one side missing) */
};
/* "identical", "same key, re-issued", "same subject, different key", "different". */
const char *cc_verdict_name(enum cc_verdict v);
/* Stable JSON form: "identical", "reissued", "same_subject_other_key", "different". */
const char *cc_verdict_code(enum cc_verdict v);

/* One compared field: its printable value on each side (NULL: the side
 * has no certificate at this position). */
struct cc_diff_field {
	const char *name;          /* "subject", "serial", "public key", ... */
	char *a, *b;
	bool differs;
};

struct cc_diff_pair {
	size_t position;           /* 1-based */
	const struct cc_cert *a, *b;   /* borrowed; one may be NULL */
	enum cc_verdict verdict;
	struct cc_diff_field *fields;
	size_t n_fields;
};

struct cc_diff {
	struct cc_diff_pair *pairs;
	size_t n_pairs;
	enum cc_verdict worst;     /* the worst verdict of all pairs */
};
#define CC_DIFF_INIT { NULL, 0, CC_VERDICT_IDENTICAL }

/* Compare A[0..NA) with B[0..NB) position by position. */
void cc_diff_chains(struct cc_cert *const *a, size_t na, struct cc_cert *const *b, size_t nb,
		    struct cc_diff *out);
void cc_diff_release(struct cc_diff *d);

/* The verdict for one pair. */
enum cc_verdict cc_diff_verdict(const struct cc_cert *a, const struct cc_cert *b);

/* The text form into BUF: per pair a line with the verdict, then only the
 * fields that differ, LABEL_A's value beside LABEL_B's, each line starting
 * with INDENT. */
void cc_diff_text(const struct cc_diff *d, const char *label_a, const char *label_b,
		  const char *indent, struct cc_buf *buf);

#endif
