/* dl.h: libraries opened the first time they are needed, not linked.
 *
 * Each library linked is loaded at every start, and most runs need few of
 * them: libxml2 (JUnit output), libcurl (fetching over HTTP), libyaml
 * (YAML dumps), libpsl (wildcards on a public suffix), libmicrohttpd
 * (`serve`) and jansson (JSON, through jansson-dl.c) are opened here
 * instead (docs/benchmarks.md, scenario 1).
 *
 * A user lists its functions in an X-macro and declares, with
 * CC_DL_LIBRARY, one pointer sym_NAME per function (typed by the
 * library's own header), their table and the library; it calls
 * cc_dl_open before the first call:
 *
 *	#define YAML_SYMS(X) X(yaml_parser_initialize) X(yaml_parser_load)
 *	CC_DL_LIBRARY(yaml_lib, YAML_SYMS, "libyaml-0.so.2",
 *		      "reading YAML needs the libyaml-0-2 package");
 */
#ifndef CC_DL_H
#define CC_DL_H

#include <stdbool.h>
#include <stddef.h>

struct cc_dl_sym {
	const char *name;
	void **slot;   /* where the function's address goes */
};

#define CC_DL_DECLARE(name) static __typeof__(name) *sym_##name;
#define CC_DL_ENTRY(name) { #name, (void **)&sym_##name },

struct cc_dl_lib {
	const char *soname;
	const char *need;   /* what needs it, and its Debian package */
	const struct cc_dl_sym *syms;
	size_t n_syms;
	bool tried;
	char error[512];    /* empty once every function is found */
};
/* VAR, the library SONAME (NEED: what needs it, and its package), with a
 * pointer sym_NAME for each function SYMS lists. */
#define CC_DL_LIBRARY(var, SYMS, soname, need)                                        \
	SYMS(CC_DL_DECLARE)                                                          \
	static const struct cc_dl_sym var##_syms[] = { SYMS(CC_DL_ENTRY) };          \
	static struct cc_dl_lib var = { soname, need, var##_syms,                    \
					sizeof(var##_syms) / sizeof(var##_syms[0]), false, "" }

/* Open LIB and fill every slot of its table, once per process, whichever
 * thread asks first.  NULL when every function is there; else why not:
 * "cannot load SONAME (NEED): why" or which function is missing.  The
 * library stays open until the process exits. */
const char *cc_dl_open(struct cc_dl_lib *lib);

#endif
