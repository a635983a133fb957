/* dl.h: libraries opened the first time they are needed, not linked.
 *
 * Each library linked is loaded at every start, and most runs need few of
 * them: libxml2 (JUnit output), libcurl (fetching over HTTP), libyaml
 * (YAML dumps), libpsl (wildcards on a public suffix) and libmicrohttpd
 * (`serve`) are opened here instead (docs/benchmarks.md, scenario 1).
 *
 * A user lists its functions in an X-macro, declares one pointer sym_NAME
 * per function with CC_DL_DECLARE (typed by the library's own header) and
 * their table with CC_DL_ENTRY, describes the library with CC_DL_LIB and
 * calls cc_dl_open before the first call:
 *
 *	#define YAML_SYMS(X) X(yaml_parser_initialize) X(yaml_parser_load)
 *	YAML_SYMS(CC_DL_DECLARE)
 *	static const struct cc_dl_sym yaml_syms[] = { YAML_SYMS(CC_DL_ENTRY) };
 *	static struct cc_dl_lib yaml_lib = CC_DL_LIB("libyaml-0.so.2",
 *		"reading YAML needs the libyaml-0-2 package", yaml_syms);
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
#define CC_DL_LIB(soname, need, syms) \
	{ soname, need, syms, sizeof(syms) / sizeof((syms)[0]), false, "" }

/* Open LIB and fill every slot of its table, once per process, whichever
 * thread asks first.  NULL when every function is there; else why not:
 * "cannot load SONAME (NEED): why" or which function is missing.  The
 * library stays open until the process exits. */
const char *cc_dl_open(struct cc_dl_lib *lib);

#endif
