/* fuzz-source-parse.c: SOURCE syntax (PATH, -, tls://HOST[:PORT], #NAME)
 * through cc_source_parse, as a command-line argument reaches it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	/* An argument is a C string: it ends at the first NUL. */
	char *spec = cc_fuzz_copy(data, size);
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_parse(spec, &src, &err) < 0) {
		cc_fuzz_check_error(&err, CC_USAGE);
	} else {
		if (!src->spec || strcmp(src->spec, spec) != 0 || !src->location)
			abort();
		if (src->select && !*src->select)
			abort();
		if (src->is_tls && !*src->location)
			abort();
		cc_source_free(src);
	}
	free(spec);
	return 0;
}
