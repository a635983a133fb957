/* fuzz.h: helpers shared by the fuzz targets (fuzz-*.c).  Each target
 * defines LLVMFuzzerTestOneInput; libFuzzer (meson -Dfuzzing=true) or
 * replay.c (every build) provides main. */
#ifndef CC_FUZZ_H
#define CC_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA as a NUL-terminated heap string (what cc_read_file and argv give). */
static inline char *cc_fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = cc_xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A failure must carry the expected status and a printable message:
 * anything from the input is escaped before it reaches a terminal. */
static inline void cc_fuzz_check_error(const struct cc_error *err, enum cc_status status)
{
	if (err->status != status || !err->msg[0])
		abort();
	for (const unsigned char *p = (const unsigned char *)err->msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

#endif
