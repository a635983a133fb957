/* fuzz-duration.c: DURATION (--min-valid) parsing, cc_duration_parse, and
 * cc_duration_format on what it gives. */
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	char *s = cc_fuzz_copy(data, size);
	int64_t seconds;
	if (cc_duration_parse(s, &seconds) == 0) {
		if (seconds < 0)
			abort();
		char buf[64];
		cc_duration_format(seconds, buf, sizeof(buf));
		cc_duration_format(-seconds, buf, sizeof(buf));
	}
	free(s);
	return 0;
}
