/* fuzz-value.c: the JSON/YAML loader (value.c) on the bytes, as JSON and
 * as YAML whatever cc_value_sniff says, so both parsers see every input.
 *
 * Invariants beyond "no crash, no leak": a failed load is an input error
 * (status 2) with a message free of control bytes that starts with the
 * file's name and, for YAML, names a line; a successful load is nested no
 * deeper than CC_MAX_NESTING, and its tree written as JSON loads back as
 * JSON to an equal tree (YAML typing never makes values JSON cannot hold).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

#include "fuzz.h"

#define WHERE "fuzz-input"

/* Nesting of V (0 for a scalar); the tree is already bounded. */
static size_t depth(const json_t *v)
{
	size_t max = 0, i;
	const char *key;
	json_t *child;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child) {
			size_t d = depth(child);
			max = d > max ? d : max;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			size_t d = depth(child);
			max = d > max ? d : max;
		}
	} else {
		return 0;
	}
	return max + 1;
}

static void load_one(const char *data, size_t size, enum cc_value_syntax syntax)
{
	struct cc_value_docs docs = CC_VALUE_DOCS_INIT;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_value_load(data, size, syntax, WHERE, &docs, &err) < 0) {
		cc_fuzz_check_error(&err, CC_USAGE);
		if (strncmp(err.msg, WHERE ": ", strlen(WHERE ": ")) != 0)
			abort();
		if (syntax == CC_VALUE_YAML && !strstr(err.msg, ": line "))
			abort();
		cc_value_docs_release(&docs);
		return;
	}
	for (size_t i = 0; i < docs.n; i++) {
		if (!docs.v[i] || depth(docs.v[i]) > CC_MAX_NESTING)
			abort();
		char *text = json_dumps(docs.v[i], JSON_ENCODE_ANY | JSON_COMPACT);
		if (!text)
			abort();
		if (json_is_object(docs.v[i]) || json_is_array(docs.v[i])) {
			struct cc_value_docs again = CC_VALUE_DOCS_INIT;
			if (cc_value_load(text, strlen(text), CC_VALUE_JSON, WHERE, &again, &err) < 0 ||
			    again.n != 1 || !json_equal(again.v[0], docs.v[i]))
				abort();
			cc_value_docs_release(&again);
		} else {
			/* A YAML document that is one scalar: JSON documents are
			 * objects or arrays, so only jansson's DECODE_ANY reads it. */
			json_t *again = json_loads(text, JSON_DECODE_ANY, NULL);
			if (!again || !json_equal(again, docs.v[i]))
				abort();
			json_decref(again);
		}
		free(text);
		/* Every value's line lookup is safe; the root's is known in YAML
		 * unless it is a shared singleton. */
		(void)cc_value_line(&docs, docs.v[i]);
	}
	cc_value_docs_release(&docs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CC_MAX_INPUT_BYTES)
		return 0;
	char *copy = cc_fuzz_copy(data, size);
	(void)cc_value_sniff(copy, size);
	load_one(copy, size, CC_VALUE_JSON);
	load_one(copy, size, CC_VALUE_YAML);
	free(copy);
	return 0;
}
