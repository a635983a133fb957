/* fuzz-read.c: the PEM/DER/PKCS#7/PKCS#12/base64 detection and readers, through
 * cc_source_read_data as a file's content reaches it, then the chain
 * analysis, the strict-client findings (every purpose, leaf known or not)
 * and both writers on whatever was read.
 *
 * Invariants beyond "no crash, no leak": a failed read is an input error
 * (status 2) with a message free of control bytes (input is never echoed
 * raw to a terminal); a successful one holds certificates that re-decode.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "read.h"
#include "report.h"
#include "load.h"
#include "strict.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	if (size > CC_MAX_INPUT_BYTES)
		return 0;
	/* cc_read_file hands readers NUL-terminated data; do the same. */
	char *copy = cc_fuzz_copy(data, size);
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_parse("fuzz-input.pem", &src, &err) < 0)
		abort();
	if (cc_source_read_data(src, copy, size, &err) < 0) {
		cc_fuzz_check_error(&err, CC_USAGE);
	} else {
		const time_t at = 1767247200; /* fixtures/README.md's default --at */
		struct cc_out out = { devnull, false };
		for (size_t i = 0; i < src->n_entries; i++) {
			const struct cc_entry *e = &src->entries[i];
			for (size_t c = 0; c < e->n_certs; c++) {
				struct cc_cert *again = NULL;
				if (cc_cert_from_der(e->certs[c]->der, e->certs[c]->der_len, "again",
						     &again, NULL) < 0)
					abort();
				cc_cert_free(again);
			}
			struct cc_findings f = CC_FINDINGS_INIT;
			cc_chain_analyze(e->certs, e->n_certs, at, &f);
			cc_strict_trust_analyze(e->certs, e->n_certs, &f);
			for (int p = CC_PURPOSE_ANY; p <= CC_PURPOSE_CLIENT; p++) {
				struct cc_strict_options so = { (enum cc_purpose)p, p == CC_PURPOSE_SERVER };
				cc_strict_analyze(e->certs, e->n_certs, &so, &f);
			}
			json_t *j = cc_json_entry(e, &f, at);
			char *text = json_dumps(j, 0);
			if (!text)
				abort();
			free(text);
			json_decref(j);
			cc_text_entry(&out, src, e, &f, at);
			cc_text_pem(&out, e);
			cc_findings_release(&f);
		}
	}
	cc_source_free(src);
	free(copy);
	return 0;
}
