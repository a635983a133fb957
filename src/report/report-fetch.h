/* report-fetch.h: writers for what certcheck fetched over the network on
 * the user's request: caIssuers (aia-fetch.h) and OCSP answers
 * (ocsp-query.h).  Each says which URL was contacted. */
#ifndef CC_REPORT_FETCH_H
#define CC_REPORT_FETCH_H

#include <jansson.h>

#include "aia-fetch.h"
#include "ocsp-query.h"
#include "report.h"

/* "Fetched (AIA caIssuers):", a line per URL (whose AIA named it, how many
 * certificates came or why none) and one per certificate (subject and
 * SHA-256).  "Fetched (AIA caIssuers): nothing (...)" when no URL was
 * tried, with why. */
void cc_text_aia_fetches(struct cc_out *o, const struct cc_aia_fetches *f);
/* [{url, for, certificates: [{subject, sha256}], error}] */
json_t *cc_json_aia_fetches(const struct cc_aia_fetches *f);

/* "OCSP: good|revoked|...", the URL asked and the response's facts. */
void cc_text_ocsp_answer(struct cc_out *o, const struct cc_ocsp_answer *a);
/* {url, outcome, message, nonce, response} (response: cc_json_ocsp_staple) */
json_t *cc_json_ocsp_answer(const struct cc_ocsp_answer *a);

#endif
