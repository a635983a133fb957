/* tls-fetch.c: placeholder until live capture lands. */
#include "tls-fetch.h"

#include <stdlib.h>

struct cc_tls_info {
	int unused;
};

void cc_tls_info_free(struct cc_tls_info *info)
{
	free(info);
}

int cc_tls_fetch_source(struct cc_source *src, const struct cc_tls_options *opts,
			struct cc_error *err)
{
	(void)opts;
	return cc_error_set(err, CC_USAGE, src->spec, "tls:// sources are not supported yet");
}
