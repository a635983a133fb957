/* fuzz-time.c: TIME (--at) parsing, cc_time_parse, and its round trip
 * through cc_time_format. */
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	char *s = cc_fuzz_copy(data, size);
	time_t t, back;
	if (cc_time_parse(s, &t) == 0) {
		char buf[64];
		/* What certcheck prints, it reads back to the same second. */
		if (cc_time_parse(cc_time_format(t, buf, sizeof(buf)), &back) < 0 || back != t)
			abort();
	}
	free(s);
	return 0;
}
