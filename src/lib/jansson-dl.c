/* jansson-dl.c: jansson opened the first time JSON is read or written.
 *
 * Most runs never touch JSON (`show` on a PEM file, text reports), and a
 * linked library is loaded at every start (docs/benchmarks.md, scenario 1).
 * So the executable is not linked with libjansson: this file defines, under
 * jansson's own names, the functions of it that certcheck calls (those
 * jansson.h's inline functions and macros call included), each forwarding
 * to the library's through dl.h.  The rest of the tree includes <jansson.h>
 * and calls jansson as if it were linked.  A new jansson function that the
 * tree starts to call fails to link until it is added here.
 *
 * These definitions are not exported (an executable exports only what a
 * linked library refers to), so jansson's calls to itself stay within
 * jansson.
 *
 * Without the library, certcheck cannot go on with the JSON it is reading
 * or writing, and these functions have no way to return an error that the
 * code calling them would understand: the first call prints which library
 * and package are missing and exits with status 2.  It is the one exit of
 * the core, for a broken installation (the package depends on libjansson4),
 * which the dynamic loader would otherwise have refused at start. */
#include "dl.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define JANSSON_SYMS(X) \
	X(json_object) \
	X(json_array) \
	X(json_string) \
	X(json_stringn) \
	X(json_integer) \
	X(json_real) \
	X(json_true) \
	X(json_false) \
	X(json_null) \
	X(json_delete) \
	X(json_object_get) \
	X(json_object_set_new) \
	X(json_object_set_new_nocheck) \
	X(json_object_iter) \
	X(json_object_key_to_iter) \
	X(json_object_iter_next) \
	X(json_object_iter_key) \
	X(json_object_iter_value) \
	X(json_array_size) \
	X(json_array_get) \
	X(json_array_append_new) \
	X(json_string_value) \
	X(json_string_length) \
	X(json_vpack_ex) \
	X(json_loadb) \
	X(json_dumps) \
	X(json_dumpf)
CC_DL_LIBRARY(jansson_lib, JANSSON_SYMS, "libjansson.so.4", "JSON needs the libjansson4 package");

static int jansson_ready;

static void open_jansson(void)
{
	const char *why = cc_dl_open(&jansson_lib);
	if (why) {
		fprintf(stderr, "certcheck: %s\n", why);
		exit(2);
	}
	__atomic_store_n(&jansson_ready, 1, __ATOMIC_RELEASE);
}

/* The library, opened on the first call of any thread. */
static inline void need(void)
{
	if (__builtin_expect(!__atomic_load_n(&jansson_ready, __ATOMIC_ACQUIRE), 0))
		open_jansson();
}

/* Values. */
json_t *json_object(void) { need(); return sym_json_object(); }
json_t *json_array(void) { need(); return sym_json_array(); }
json_t *json_string(const char *value) { need(); return sym_json_string(value); }
json_t *json_stringn(const char *value, size_t len) { need(); return sym_json_stringn(value, len); }
json_t *json_integer(json_int_t value) { need(); return sym_json_integer(value); }
json_t *json_real(double value) { need(); return sym_json_real(value); }
json_t *json_true(void) { need(); return sym_json_true(); }
json_t *json_false(void) { need(); return sym_json_false(); }
json_t *json_null(void) { need(); return sym_json_null(); }
/* Reached through json_decref, inline in jansson.h. */
void json_delete(json_t *json) { need(); sym_json_delete(json); }

/* Objects, and what json_object_foreach expands to. */
json_t *json_object_get(const json_t *object, const char *key)
{
	need();
	return sym_json_object_get(object, key);
}
int json_object_set_new(json_t *object, const char *key, json_t *value)
{
	need();
	return sym_json_object_set_new(object, key, value);
}
int json_object_set_new_nocheck(json_t *object, const char *key, json_t *value)
{
	need();
	return sym_json_object_set_new_nocheck(object, key, value);
}
void *json_object_iter(json_t *object) { need(); return sym_json_object_iter(object); }
void *json_object_key_to_iter(const char *key) { need(); return sym_json_object_key_to_iter(key); }
void *json_object_iter_next(json_t *object, void *iter)
{
	need();
	return sym_json_object_iter_next(object, iter);
}
const char *json_object_iter_key(void *iter) { need(); return sym_json_object_iter_key(iter); }
json_t *json_object_iter_value(void *iter) { need(); return sym_json_object_iter_value(iter); }

/* Arrays and strings. */
size_t json_array_size(const json_t *array) { need(); return sym_json_array_size(array); }
json_t *json_array_get(const json_t *array, size_t index)
{
	need();
	return sym_json_array_get(array, index);
}
int json_array_append_new(json_t *array, json_t *value)
{
	need();
	return sym_json_array_append_new(array, value);
}
const char *json_string_value(const json_t *string) { need(); return sym_json_string_value(string); }
size_t json_string_length(const json_t *string) { need(); return sym_json_string_length(string); }

/* json_pack's arguments go on as a va_list, to json_vpack_ex. */
json_t *json_pack(const char *fmt, ...)
{
	need();
	va_list ap;
	va_start(ap, fmt);
	json_t *value = sym_json_vpack_ex(NULL, 0, fmt, ap);
	va_end(ap);
	return value;
}

/* Reading and writing text. */
json_t *json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error)
{
	need();
	return sym_json_loadb(buffer, buflen, flags, error);
}
char *json_dumps(const json_t *json, size_t flags) { need(); return sym_json_dumps(json, flags); }
int json_dumpf(const json_t *json, FILE *output, size_t flags)
{
	need();
	return sym_json_dumpf(json, output, flags);
}
