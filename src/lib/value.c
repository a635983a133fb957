/* value.c: see value.h.  jansson parses JSON, libyaml parses YAML (its
 * document API, opened on first use); this file only turns YAML nodes into
 * jansson values. */
#include "value.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "dl.h"

/* libyaml is opened when YAML is first read (dl.h). */
#define YAML_SYMS(X) \
	X(yaml_parser_initialize) \
	X(yaml_parser_set_input_string) \
	X(yaml_parser_load) \
	X(yaml_parser_delete) \
	X(yaml_document_get_root_node) \
	X(yaml_document_get_node) \
	X(yaml_document_delete)
CC_DL_LIBRARY(yaml_lib, YAML_SYMS, "libyaml-0.so.2", "reading YAML needs the libyaml-0-2 package");

enum cc_value_syntax cc_value_sniff(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	/* Skip blank lines and YAML comments. */
	for (;;) {
		while (i < len && strchr(" \t\r\n", data[i]))
			i++;
		if (i < len && data[i] == '#') {
			while (i < len && data[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i >= len)
		return CC_VALUE_NONE;
	if (data[i] == '{' || data[i] == '[')
		return CC_VALUE_JSON;
	size_t eol = i;
	while (eol < len && data[eol] != '\n')
		eol++;
	const char *line = data + i;
	size_t n = eol - i;
	while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	/* "---" alone (or "--- " before content); "-----BEGIN" is PEM. */
	if (n >= 3 && memcmp(line, "---", 3) == 0 && (n == 3 || line[3] == ' '))
		return CC_VALUE_YAML;
	if (n >= 5 && memcmp(line, "%YAML", 5) == 0)
		return CC_VALUE_YAML;
	/* "key:" followed by the end of line or a space, the key one token. */
	for (size_t k = 0; k < n; k++) {
		char c = line[k];
		if (c == ':' && k > 0 && (k + 1 == n || line[k + 1] == ' '))
			return CC_VALUE_YAML;
		if (c == ' ' && !(k > 0 && (line[0] == '\'' || line[0] == '"')))
			break;
	}
	return CC_VALUE_NONE;
}

void cc_value_docs_release(struct cc_value_docs *docs)
{
	for (size_t i = 0; i < docs->n; i++)
		json_decref(docs->v[i]);
	free(docs->v);
	free(docs->lines);
	*docs = (struct cc_value_docs)CC_VALUE_DOCS_INIT;
}

static int line_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct cc_value_line *)a)->value;
	uintptr_t y = (uintptr_t)((const struct cc_value_line *)b)->value;
	return x < y ? -1 : x > y;
}

size_t cc_value_line(const struct cc_value_docs *docs, const json_t *v)
{
	if (!docs || !docs->n_lines || !v)
		return 0;
	struct cc_value_line key = { v, 0 };
	const struct cc_value_line *hit =
		bsearch(&key, docs->lines, docs->n_lines, sizeof(key), line_cmp);
	return hit ? hit->line : 0;
}

const char *cc_value_where(const struct cc_value_docs *docs, const json_t *v, const char *where,
			   char *buf, size_t size)
{
	size_t line = cc_value_line(docs, v);
	if (!line)
		return where;
	snprintf(buf, size, "%s: line %zu", where, line);
	return buf;
}

static void docs_add(struct cc_value_docs *docs, json_t *doc)
{
	CC_ARRAY_GROW(docs->v, docs->n, docs->alloc);
	docs->v[docs->n++] = doc;
}

/* How deeply V's arrays and objects nest (0 for a scalar), counted up to
 * LIMIT + 1 at most. */
static size_t depth_of(const json_t *v, size_t limit)
{
	size_t max = 0, i;
	const char *key;
	json_t *child;
	if (!json_is_object(v) && !json_is_array(v))
		return 0;
	if (limit == 0)
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child) {
			size_t d = depth_of(child, limit - 1);
			max = d > max ? d : max;
		}
	} else {
		json_array_foreach(v, i, child) {
			size_t d = depth_of(child, limit - 1);
			max = d > max ? d : max;
		}
	}
	return max + 1;
}

static int load_json(const char *data, size_t len, const char *where, struct cc_value_docs *docs,
		     struct cc_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loadb(data, len, 0, &jerr);
	if (!doc && json_error_code(&jerr) == json_error_stack_overflow)
		return cc_error_set(err, CC_USAGE, where,
				    "line %d, column %d: nested deeper than %d levels (the limit)",
				    jerr.line, jerr.column, CC_VALUE_MAX_DEPTH);
	if (!doc) {
		/* jansson says "end of file expected near ..." etc.; its text
		 * quotes at most a token of the input, never more. */
		return cc_error_set(err, CC_USAGE, where, "line %d, column %d: invalid JSON: %s",
				    jerr.line, jerr.column, jerr.text);
	}
	if (depth_of(doc, CC_VALUE_MAX_DEPTH + 1) > CC_VALUE_MAX_DEPTH) {
		json_decref(doc);
		return cc_error_set(err, CC_USAGE, where, "nested deeper than %d levels (the limit)",
				    CC_VALUE_MAX_DEPTH);
	}
	docs_add(docs, doc);
	return 0;
}

/* --- YAML --- */

struct yaml_ctx {
	yaml_document_t *doc;
	const char *where;
	size_t nodes;
	struct cc_value_docs *docs;  /* where the lines go */
	struct cc_error *err;
};

/* Remember V's line; the shared singletons have none. */
static json_t *at_line(struct yaml_ctx *c, json_t *v, size_t line)
{
	if (v && !json_is_true(v) && !json_is_false(v) && !json_is_null(v)) {
		CC_ARRAY_GROW(c->docs->lines, c->docs->n_lines, c->docs->alloc_lines);
		c->docs->lines[c->docs->n_lines++] = (struct cc_value_line){ v, line };
	}
	return v;
}

static bool all_match(const char *s, size_t len, const char *set)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(set, s[i]))
			return false;
	return len > 0;
}

/* A plain scalar typed as YAML 1.2's core schema types it. */
static json_t *plain_scalar(const char *s, size_t len)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const trues[] = { "true", "True", "TRUE" };
	static const char *const falses[] = { "false", "False", "FALSE" };
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(s, nulls[i]) == 0)
			return json_null();
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(s, trues[i]) == 0)
			return json_true();
		if (strcmp(s, falses[i]) == 0)
			return json_false();
	}
	const char *digits = s + (len && (s[0] == '-' || s[0] == '+'));
	size_t nd = len - (size_t)(digits - s);
	if (all_match(digits, nd, "0123456789")) {
		errno = 0;
		char *end;
		long long v = strtoll(s, &end, 10);
		if (!errno && *end == '\0')
			return json_integer(v);
	} else if (all_match(digits, nd, "0123456789.eE+-") && strchr("0123456789.", digits[0]) &&
		   strpbrk(digits, "0123456789")) {
		char *end;
		double v = strtod(s, &end);
		/* 1e999 overflows to infinity, which JSON cannot hold
		 * (json_real refuses it): keep such a number as its text. */
		if (*end == '\0' && isfinite(v))
			return json_real(v);
	}
	return json_stringn(s, len);
}

static json_t *yaml_node_to_json(struct yaml_ctx *c, yaml_node_t *node, size_t depth)
{
	size_t line = node->start_mark.line + 1;
	if (++c->nodes > CC_VALUE_MAX_NODES) {
		cc_error_set(c->err, CC_USAGE, c->where, "line %zu: expands to more than %zu values",
			     line, CC_VALUE_MAX_NODES);
		return NULL;
	}
	if (node->type != YAML_SCALAR_NODE && depth > CC_VALUE_MAX_DEPTH) {
		cc_error_set(c->err, CC_USAGE, c->where,
			     "line %zu: nested deeper than %d levels (the limit)", line,
			     CC_VALUE_MAX_DEPTH);
		return NULL;
	}
	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		size_t len = node->data.scalar.length;
		/* A "\0" escape: JSON input may not hold U+0000 either (jansson
		 * refuses it), so a dump means the same in both syntaxes. */
		if (strlen(s) != len) {
			cc_error_set(c->err, CC_USAGE, c->where,
				     "line %zu: a string holds a NUL character (\\0)", line);
			return NULL;
		}
		json_t *v = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s, len)
									 : json_stringn(s, len);
		if (!v)
			cc_error_set(c->err, CC_USAGE, c->where, "line %zu: a string that is not UTF-8",
				     line);
		return at_line(c, v, line);
	}
	case YAML_SEQUENCE_NODE: {
		json_t *arr = json_array();
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     it < node->data.sequence.items.top; it++) {
			yaml_node_t *child = sym_yaml_document_get_node(c->doc, *it);
			json_t *v = child ? yaml_node_to_json(c, child, depth + 1) : json_null();
			if (!v) {
				json_decref(arr);
				return NULL;
			}
			json_array_append_new(arr, v);
		}
		return at_line(c, arr, line);
	}
	case YAML_MAPPING_NODE: {
		json_t *obj = json_object();
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = sym_yaml_document_get_node(c->doc, p->key);
			yaml_node_t *v = sym_yaml_document_get_node(c->doc, p->value);
			if (!k || k->type != YAML_SCALAR_NODE ||
			    strlen((const char *)k->data.scalar.value) != k->data.scalar.length) {
				cc_error_set(c->err, CC_USAGE, c->where,
					     "line %zu: a mapping key that is not a string",
					     k ? k->start_mark.line + 1 : line);
				json_decref(obj);
				return NULL;
			}
			if (json_object_get(obj, (const char *)k->data.scalar.value)) {
				char *key = cc_escape((const char *)k->data.scalar.value,
						      k->data.scalar.length);
				cc_error_set(c->err, CC_USAGE, c->where, "line %zu: the key '%s' is repeated",
					     (size_t)k->start_mark.line + 1, key);
				free(key);
				json_decref(obj);
				return NULL;
			}
			json_t *jv = v ? yaml_node_to_json(c, v, depth + 1) : json_null();
			if (!jv) {
				json_decref(obj);
				return NULL;
			}
			json_object_set_new(obj, (const char *)k->data.scalar.value, jv);
		}
		return at_line(c, obj, line);
	}
	case YAML_NO_NODE:
	default:
		return json_null();
	}
}

/* Whether line LINE (0-based) of DATA has a tab in its indentation. */
static bool tab_indented(const char *data, size_t len, size_t line)
{
	size_t i = 0;
	for (size_t l = 0; l < line && i < len; i++)
		if (data[i] == '\n')
			l++;
	for (; i < len && (data[i] == ' ' || data[i] == '\t'); i++)
		if (data[i] == '\t')
			return true;
	return false;
}

static int yaml_parse_error(const yaml_parser_t *p, const char *data, size_t len, const char *where,
			    struct cc_error *err)
{
	size_t line = p->problem_mark.line;
	/* libyaml stops at a tab in the indentation with "found character
	 * that cannot start any token"; name the cause. */
	if (tab_indented(data, len, line))
		return cc_error_set(err, CC_USAGE, where,
				    "line %zu: a tab in the indentation (YAML indents with spaces only)",
				    line + 1);
	if (p->context_mark.line + 1 < line + 1 && p->context && tab_indented(data, len, p->context_mark.line))
		return cc_error_set(err, CC_USAGE, where,
				    "line %zu: a tab in the indentation (YAML indents with spaces only)",
				    (size_t)p->context_mark.line + 1);
	return cc_error_set(err, CC_USAGE, where, "line %zu, column %zu: invalid YAML: %s%s%s",
			    line + 1, (size_t)p->problem_mark.column + 1,
			    p->problem ? p->problem : "parse error", p->context ? " " : "",
			    p->context ? p->context : "");
}

static int load_yaml(const char *data, size_t len, const char *where, struct cc_value_docs *docs,
		     struct cc_error *err)
{
	yaml_parser_t parser;
	int ret = -1;
	const char *missing = cc_dl_open(&yaml_lib);
	if (missing)
		return cc_error_set(err, CC_USAGE, where, "%s", missing);
	if (!sym_yaml_parser_initialize(&parser))
		return cc_error_set(err, CC_USAGE, where, "cannot initialise the YAML parser");
	sym_yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	struct yaml_ctx c = { NULL, where, 0, docs, err };
	for (;;) {
		yaml_document_t doc;
		if (!sym_yaml_parser_load(&parser, &doc)) {
			yaml_parse_error(&parser, data, len, where, err);
			goto out;
		}
		yaml_node_t *root = sym_yaml_document_get_root_node(&doc);
		if (!root) {
			sym_yaml_document_delete(&doc);
			break;
		}
		c.doc = &doc;
		json_t *v = yaml_node_to_json(&c, root, 1);
		sym_yaml_document_delete(&doc);
		if (!v)
			goto out;
		docs_add(docs, v);
	}
	ret = 0;
out:
	/* Values freed on an error may have left their addresses behind; they
	 * are never looked up, as the documents are released with them. */
	if (docs->n_lines)
		qsort(docs->lines, docs->n_lines, sizeof(*docs->lines), line_cmp);
	sym_yaml_parser_delete(&parser);
	return ret;
}

int cc_value_load(const char *data, size_t len, enum cc_value_syntax syntax, const char *where,
		  struct cc_value_docs *docs, struct cc_error *err)
{
	switch (syntax) {
	case CC_VALUE_JSON:
		return load_json(data, len, where, docs, err);
	case CC_VALUE_YAML:
		return load_yaml(data, len, where, docs, err);
	case CC_VALUE_NONE:
	default:
		return cc_error_set(err, CC_USAGE, where, "neither JSON nor YAML");
	}
}

static bool plain_key(const char *key)
{
	if (!*key)
		return false;
	for (const char *p = key; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@-", *p))
			return false;
	return true;
}

/* The most of a key a path shows, and how much of its end. */
#define KEY_SHOWN 80
#define KEY_SHOWN_TAIL 16

char *cc_value_path_key(const char *parent, const char *key)
{
	bool top = !parent || !*parent;
	if (plain_key(key) && strlen(key) <= KEY_SHOWN)
		return cc_xasprintf("%s%s%s", top ? "" : parent, top ? "" : ".", key);
	/* A long key shows its start and its end (".pem", ".crt").  Inside
	 * the quotes a quote or backslash is preceded by a backslash, so a key
	 * holding '"]' cannot end the bracket early; cc_escape then makes
	 * control bytes visible. */
	char *shown = cc_shorten(key, KEY_SHOWN, KEY_SHOWN_TAIL);
	struct cc_buf q = CC_BUF_INIT;
	for (const char *c = shown; *c; c++) {
		if (*c == '"' || *c == '\\')
			cc_buf_add(&q, "\\", 1);
		cc_buf_add(&q, c, 1);
	}
	size_t qlen;
	char *quoted = cc_buf_detach(&q, &qlen);
	char *esc = cc_escape(quoted, qlen);
	char *p = cc_xasprintf("%s[\"%s\"]", top ? "" : parent, esc);
	free(esc);
	free(quoted);
	free(shown);
	return p;
}

char *cc_value_path_index(const char *parent, size_t index)
{
	return cc_xasprintf("%s[%zu]", parent ? parent : "", index);
}

json_t *cc_value_member(const json_t *obj, const char *snake, const char *camel)
{
	if (!json_is_object(obj))
		return NULL;
	json_t *v = json_object_get(obj, snake);
	if (!v && camel)
		v = json_object_get(obj, camel);
	return v;
}

const char *cc_value_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL:
	default: return "null";
	}
}

int cc_value_string(const json_t *v, const char *where, const char *path, const char **out,
		    struct cc_error *err)
{
	if (!json_is_string(v))
		return cc_error_set(err, CC_USAGE, where, "%s: not a string (%s)", path,
				    cc_value_type_name(v));
	*out = json_string_value(v);
	return 0;
}
