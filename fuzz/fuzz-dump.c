/* fuzz-dump.c: the dump readers (Envoy and istioctl secret dumps, the
 * ztunnel certificates dump, Kubernetes Secrets, ConfigMaps and Lists,
 * kubeconfigs, and any other document searched by read-any.c)
 * through cc_source_read_data, on inputs that cc_value_sniff takes for
 * JSON or YAML (the rest is fuzz-read's).
 *
 * Invariants beyond "no crash, no leak": a failed read is an input error
 * (status 2) with a message free of control bytes; when the input was
 * taken for a dump (not for DER or PEM), the message starts with the
 * file's name and then names a place - a line, a document, or a key path -
 * unless it is about the whole document; a successful read gives entries
 * with names and certificates that re-decode.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "load.h"
#include "value.h"

#include "fuzz.h"

#define WHERE "fuzz-input.json"

/* Messages about a whole document, which have no narrower place. */
static const char *const whole[] = {
	"not a dump certcheck reads",
	"no certificate found",
	"not an Envoy, istioctl or ztunnel dump",
	"configs: no SecretsConfigDump",
	"nested deeper than",
};

/* Whether the text after "WHERE: " names a place: "line N", "document N",
 * or a key path ("a.b[2]", "data[\"tls.crt\"]", "(top)", "[0].pem") ending
 * at the first ": " outside brackets and quotes. */
static bool names_place(const char *rest)
{
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (strncmp(rest, whole[i], strlen(whole[i])) == 0)
			return true;
	if (strncmp(rest, "line ", 5) == 0 || strncmp(rest, "document ", 9) == 0 ||
	    strncmp(rest, "(top): ", 7) == 0)
		return true;
	int brackets = 0;
	const char *p = rest;
	for (; *p; p++) {
		if (brackets && *p == '"') {
			/* A quoted key: '\\' escapes the next byte. */
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return false;
		} else if (*p == '[')
			brackets++;
		else if (*p == ']' && brackets)
			brackets--;
		else if (!brackets && *p == ':' && p[1] == ' ')
			break;
		else if (!brackets && *p == ' ')
			return false;
	}
	return *p && p > rest;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CC_MAX_INPUT_BYTES)
		return 0;
	char *copy = cc_fuzz_copy(data, size);
	if (cc_value_sniff(copy, size) == CC_VALUE_NONE) {
		free(copy);
		return 0;
	}
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (cc_source_parse(WHERE, &src, &err) < 0)
		abort();
	if (cc_source_read_data(src, copy, size, &err) < 0) {
		cc_fuzz_check_error(&err, CC_USAGE);
		/* Not taken for a dump (binary DER, or YAML-looking PEM text):
		 * the certificate readers' message, fuzz-read's business. */
		if (src->format != CC_SOURCE_UNKNOWN && !cc_source_format_get(src->format)->document)
			goto out;
		if (strncmp(err.msg, WHERE ": ", strlen(WHERE ": ")) != 0 ||
		    !names_place(err.msg + strlen(WHERE ": ")))
			abort();
	} else {
		for (size_t i = 0; i < src->n_entries; i++) {
			const struct cc_entry *e = &src->entries[i];
			if (!e->name)
				abort();
			for (size_t c = 0; c < e->n_certs; c++) {
				struct cc_cert *again = NULL;
				if (cc_cert_from_der(e->certs[c]->der, e->certs[c]->der_len, "again",
						     &again, NULL) < 0)
					abort();
				cc_cert_free(again);
			}
		}
	}
out:
	cc_source_free(src);
	free(copy);
	return 0;
}
