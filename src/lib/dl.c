/* dl.c: see dl.h. */
#include "dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* Open SONAME and fill every slot of SYMS (N of them); false when it
 * cannot, ERR (SIZE bytes) then saying why. */
static bool load(const char *soname, const char *need, const struct cc_dl_sym *syms, size_t n,
		 char *err, size_t size)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, size, "cannot load %s (%s): %s", soname, need, dlerror());
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		/* POSIX's way to store dlsym's result in a function pointer. */
		*syms[i].slot = dlsym(h, syms[i].name);
		if (!*syms[i].slot) {
			snprintf(err, size, "%s has no %s", soname, syms[i].name);
			return false;
		}
	}
	return true;
}

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

const char *cc_dl_open(struct cc_dl_lib *lib)
{
	pthread_mutex_lock(&open_lock);
	if (!lib->tried) {
		load(lib->soname, lib->need, lib->syms, lib->n_syms, lib->error, sizeof(lib->error));
		lib->tried = true;
	}
	pthread_mutex_unlock(&open_lock);
	return lib->error[0] ? lib->error : NULL;
}
