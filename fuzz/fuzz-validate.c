/* fuzz-validate.c: the path validator, cc_validate, on chains assembled
 * from seed certificates (every certificate of the fixture PKIs, loaded
 * once from CC_FIXTURES) and certificates taken whole from the input, so
 * libFuzzer mutates both the shape of the chain and the DER.
 *
 * Input, byte by byte (missing bytes read as 0):
 *   0      profile (% 3), purpose (/ 3 % 3), name kind (/ 9 % 5: none,
 *          host, IP, URI, email; the name is the input's tail)
 *   1-2    time: days after 2025-06-01 (the fixtures span 2025 to 2036)
 *   3      --max-depth: % 13 - 1 (-1: the default)
 *   4      anchors (% 4), 5  pool certificates (% 9)
 *   then one byte per certificate, the leaf first, then the anchors, then
 *   the pool: < 0x80 a seed certificate (% the seed count); >= 0x80 one
 *   from the input: a 2-byte big-endian length, then that many DER bytes
 *   (a certificate GnuTLS cannot decode is left out).
 *
 * Invariants beyond "no crash, no leak, no hang": a valid verdict has a path
 * from the leaf to one of the anchors, each link signed by the next, and no
 * FAIL finding; the same validation again (its signatures cached now) gives
 * the same verdict and path length.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "load.h"
#include "validate.h"

#include "fuzz.h"

#ifndef CC_FIXTURES
#error "CC_FIXTURES: the fixtures directory (fuzz/meson.build sets it)"
#endif

static const char *const seed_files[] = {
	"istio/root-cert.pem", "istio/cluster1/cert-chain.pem", "istio/cluster1/workload-chain.pem",
	"istio/cluster1/workload-reissued-cert.pem", "istio/cluster2/workload-chain.pem",
	"istio-rogue/cluster3/workload-chain.pem", "istio-expired/workload-chain.pem",
	"gateway/server-chain.pem", "gateway/backend-default-chain.pem", "mtls/client-chain.pem",
	"strict/good-chain.pem", "strict/intermediate-no-ca.crt", "strict/intermediate-no-ca-leaf.crt",
	"strict/leaf-ca-true.crt", "strict/sha1-root.crt", "strict/underscore-san.crt",
	"strict/ku-critical-wrong-bits.crt", "strict/eku-no-serverauth.crt",
};
#define N_SEED_FILES (sizeof(seed_files) / sizeof(seed_files[0]))

static struct cc_cert **seeds;
static size_t n_seeds;

static void load_seeds(void)
{
	static struct cc_source *srcs[N_SEED_FILES];
	for (size_t i = 0; i < N_SEED_FILES; i++) {
		char *path = cc_xasprintf("%s/%s", CC_FIXTURES, seed_files[i]);
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(path, NULL, &srcs[i], &err) < 0) {
			fprintf(stderr, "fuzz-validate: %s\n", err.msg);
			abort();
		}
		free(path);
		const struct cc_entry *e = cc_source_main_entry(srcs[i]);
		seeds = cc_xreallocarray(seeds, n_seeds + e->n_certs, sizeof(*seeds));
		for (size_t c = 0; c < e->n_certs; c++)
			seeds[n_seeds++] = e->certs[c];
	}
	if (!n_seeds)
		abort();
}

struct input {
	const uint8_t *p;
	size_t left;
};

static unsigned byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

/* The next certificate: a seed, or one decoded from the input (appended to
 * OWNED); NULL when the input's DER does not decode. */
static struct cc_cert *next_cert(struct input *in, struct cc_cert **owned, size_t *n_owned)
{
	unsigned b = byte(in);
	if (b < 0x80)
		return seeds[b % n_seeds];
	size_t len = (size_t)byte(in) << 8;
	len |= byte(in);
	if (len > in->left)
		len = in->left;
	struct cc_cert *c = NULL;
	if (cc_cert_from_der(in->p, len, "fuzz", &c, NULL) < 0)
		c = NULL;
	in->p += len;
	in->left -= len;
	if (c)
		owned[(*n_owned)++] = c;
	return c;
}

static bool is_anchor(const struct cc_cert *c, struct cc_cert *const *anchors, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c == anchors[i] || cc_cert_equal(c, anchors[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	if (!seeds)
		load_seeds();
	struct input in = { data, size };
	unsigned mode = byte(&in);
	unsigned days = byte(&in) << 8;
	days |= byte(&in);
	int max_depth = (int)(byte(&in) % 13) - 1;
	size_t n_anchors = byte(&in) % 4, n_pool = byte(&in) % 9;

	struct cc_cert *owned[1 + 3 + 8], *anchors[3], *pool[8];
	size_t n_owned = 0, na = 0, np = 0;
	struct cc_cert *leaf = next_cert(&in, owned, &n_owned);
	for (size_t i = 0; i < n_anchors; i++) {
		struct cc_cert *c = next_cert(&in, owned, &n_owned);
		if (c)
			anchors[na++] = c;
	}
	for (size_t i = 0; i < n_pool; i++) {
		struct cc_cert *c = next_cert(&in, owned, &n_owned);
		if (c)
			pool[np++] = c;
	}
	char *name = cc_fuzz_copy(in.p, in.left);
	if (!leaf)
		goto out;

	struct cc_validate_options o = {
		.pool = pool, .n_pool = np, .anchors = anchors, .n_anchors = na,
		.at = (time_t)1748736000 + (time_t)days * 86400, /* 2025-06-01 + days */
		.purpose = (enum cc_purpose)(mode / 3 % 3),
		.profile = (enum cc_profile)(mode % 3),
		.max_depth = max_depth,
	};
	switch (mode / 9 % 5) {
	case 1: o.host = name; break;
	case 2: o.ip = name; break;
	case 3: o.uri = name; break;
	case 4: o.email = name; break;
	default: break;
	}
	size_t verdict_n = 0;
	bool verdict_ok = false;
	for (int round = 0; round < 2; round++) {
		struct cc_validation v = CC_VALIDATION_INIT;
		struct cc_error err = CC_ERROR_INIT;
		if (cc_validate(leaf, &o, &v, &err) < 0) {
			/* only a bad --ip stops validation (no system store here) */
			if (!o.ip)
				abort();
			cc_fuzz_check_error(&err, CC_USAGE);
			cc_validation_release(&v);
			break;
		}
		if (v.ok) {
			const struct cc_vpath *p = &v.path;
			if (p->n == 0 || p->certs[0] != leaf || !p->anchored || p->n_fail ||
			    !is_anchor(p->certs[p->n - 1], anchors, na))
				abort();
			for (size_t i = 0; i + 1 < p->n; i++)
				if (cc_cert_link(p->certs[i], p->certs[i + 1]) != CC_LINK_SIGNED)
					abort();
		}
		for (size_t i = 0; i < v.path.n_findings; i++)
			if (!v.path.findings[i].message)
				abort();
		if (round == 0) {
			verdict_ok = v.ok;
			verdict_n = v.path.n;
		} else if (v.ok != verdict_ok || v.path.n != verdict_n) {
			abort(); /* the signature cache changed the verdict */
		}
		cc_validation_release(&v);
	}
out:
	free(name);
	for (size_t i = 0; i < n_owned; i++)
		cc_cert_free(owned[i]);
	return 0;
}
