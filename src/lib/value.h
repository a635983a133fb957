/* value.h: JSON and YAML documents loaded into one jansson tree.
 *
 * Dumps (Envoy, istioctl, ztunnel, Kubernetes) come as JSON or YAML.  Both
 * are loaded here into json_t values, so each reader walks one kind of tree
 * and is written once.  YAML plain scalars are typed as JSON would type
 * them (null, true/false, integers, reals), quoted and block scalars are
 * strings.  Errors name the file and the line.
 */
#ifndef CC_VALUE_H
#define CC_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "cc-limits.h"
#include "util.h"

/* Deepest nesting of arrays and objects accepted (CC_MAX_NESTING); deeper
 * input is an error naming the file and the limit (it bounds recursion
 * whatever the input).  jansson refuses JSON deeper than its own
 * JSON_PARSER_MAX_DEPTH (2048) while parsing; that error is reported as
 * this limit too. */
#define CC_VALUE_MAX_DEPTH CC_MAX_NESTING
/* Most values one YAML stream may expand to (aliases included). */
#define CC_VALUE_MAX_NODES ((size_t)4 << 20)

enum cc_value_syntax {
	CC_VALUE_NONE,   /* neither: plain certificates, or text */
	CC_VALUE_JSON,
	CC_VALUE_YAML,
};

/* Guess from the first significant characters whether DATA is JSON ('{' or
 * '[') or YAML (a "key:" line or "---" on its own).  A guess only: PEM text
 * with `openssl x509 -text` output above it also looks like YAML. */
enum cc_value_syntax cc_value_sniff(const char *data, size_t len);

/* Where a value started in YAML input. */
struct cc_value_line {
	const json_t *value;
	size_t line;
};

/* Documents of one input: JSON gives one, a YAML stream one per "---". */
struct cc_value_docs {
	json_t **v;   /* owned references */
	size_t n;
	size_t alloc;
	struct cc_value_line *lines;  /* YAML only: sorted by value, for cc_value_line() */
	size_t n_lines;
	size_t alloc_lines;
};
#define CC_VALUE_DOCS_INIT { NULL, 0, 0, NULL, 0, 0 }
void cc_value_docs_release(struct cc_value_docs *docs);

/* Parse DATA as SYNTAX into DOCS.  WHERE (the file) starts every error:
 * "dump.json: line 3, column 7: ...", "x.yaml: line 5: a tab in the
 * indentation (YAML indents with spaces only)". */
int cc_value_load(const char *data, size_t len, enum cc_value_syntax syntax, const char *where,
		  struct cc_value_docs *docs, struct cc_error *err);

/* The line (1-based) where V starts in the YAML DOCS was loaded from, or 0
 * when unknown: JSON input (jansson keeps no positions), and the shared
 * values true, false and null. */
size_t cc_value_line(const struct cc_value_docs *docs, const json_t *v);

/* WHERE, or "WHERE: line N" when V's line is known, into BUF. */
const char *cc_value_where(const struct cc_value_docs *docs, const json_t *v, const char *where,
			   char *buf, size_t size);

/* Key paths for messages: "a.b[2].c", and data["tls.crt"] for keys that are
 * not plain identifiers (a quote or backslash in them escaped by a
 * backslash, control bytes as \xNN; a key longer than 80 bytes shortened to
 * its start, "..." and its end).  PARENT may be NULL or "" for the top.
 * Caller frees. */
char *cc_value_path_key(const char *parent, const char *key);
char *cc_value_path_index(const char *parent, size_t index);

/* The member of OBJ named SNAKE or CAMEL (Envoy's two spellings), or NULL.
 * OBJ may be NULL or not an object. */
json_t *cc_value_member(const json_t *obj, const char *snake, const char *camel);

/* "a string", "an object", ... for messages about a wrong type. */
const char *cc_value_type_name(const json_t *v);

/* V as a string, or an error "WHERE: PATH: not a string (a number)". */
int cc_value_string(const json_t *v, const char *where, const char *path, const char **out,
		    struct cc_error *err);

#endif
