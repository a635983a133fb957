/* report-probe.h: writers for `connect --sni-probe` (sni-probe.h). */
#ifndef CC_REPORT_PROBE_H
#define CC_REPORT_PROBE_H

#include <jansson.h>

#include "report.h"
#include "sni-probe.h"

/* A table: per attempt the name sent, how the handshake ended, the number
 * of certificates, the leaf's subject and SHA-256; then the verdict. */
void cc_text_sni_probe(struct cc_out *o, const struct cc_sni_probe *probe);
/* {"source", "name", "same_chain", "verdict", "attempts": [{"kind", "sni",
 * "chain": N, "leaf": {"subject", "sha256"} | null, "chain_sha256": [...],
 * "tls": {...}, "error"}]} */
json_t *cc_json_sni_probe(const struct cc_sni_probe *probe);

/* A --sni-probe run, for cc_report_sni_probe. */
struct cc_sni_probe_report {
	const struct cc_sni_probe *probe;
	time_t at;
};
/* Text: cc_text_sni_probe; JSON: {"sni_probe": cc_json_sni_probe}. */
void cc_report_sni_probe(const struct cc_report_out *out, const struct cc_sni_probe_report *r);

#endif
