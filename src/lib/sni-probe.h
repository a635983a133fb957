/* sni-probe.h: `connect --sni-probe`: which chain does an endpoint present
 * for the route's name, for no name and for a name nobody routes?
 *
 * An SNI-routing gateway (an Istio gateway in TLS PASSTHROUGH, haproxy on
 * req.ssl_sni) answers each with the backend it routes the name to, so
 * the three chains say whether the route exists and what a client gets
 * without it.
 */
#ifndef CC_SNI_PROBE_H
#define CC_SNI_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "entry.h"
#include "tls-info.h"

/* A name no gateway routes: .invalid never resolves (RFC 2606). */
#define CC_SNI_PROBE_BOGUS "certcheck-probe.invalid"

enum cc_probe_kind {
	CC_PROBE_NAME,   /* --sni NAME, else HOST */
	CC_PROBE_NONE,   /* no server name */
	CC_PROBE_BOGUS,  /* CC_SNI_PROBE_BOGUS */
	CC_PROBE_N,
};
/* "name", "none", "bogus" (the JSON "kind"). */
const char *cc_probe_kind_name(enum cc_probe_kind kind);

struct cc_probe_attempt {
	enum cc_probe_kind kind;
	struct cc_source *src;  /* owned; src->tls says how the attempt went */
	bool got;               /* a chain was obtained */
	struct cc_error err;    /* why not, when !got */
	size_t group;           /* attempts with the same chain share it (1, 2,
				   ... in order of first appearance); 0: no chain */
};

struct cc_sni_probe {
	char *spec;             /* the target as given */
	char *name;             /* the name probed with */
	struct cc_probe_attempt attempts[CC_PROBE_N];
	size_t n_groups;        /* how many different chains were obtained */
	bool same;              /* every attempt got a chain, all the same */
	char *verdict;          /* "same chain for every name" or "the chains
				   differ: ..." */
};

/* The name to probe SPEC with under OPTS (--sni, else HOST): freshly
 * allocated into *NAME.  CC_USAGE when SPEC is not an endpoint, or when
 * HOST is an IP address and OPTS give no --sni. */
int cc_sni_probe_name(const char *spec, const struct cc_tls_options *opts, char **name,
		      struct cc_error *err);

/* Dial SPEC three times (with the name, without SNI, with the bogus name),
 * one after the other, each with OPTS otherwise, and compare the chains.
 * Returns 0 when at least one chain was obtained, -1 with ERR otherwise
 * (CC_USAGE for a bad target or options, CC_NO_CHAIN when no attempt got a
 * chain; PROBE is then still filled when the attempts were made). */
int cc_sni_probe_run(const char *spec, const struct cc_tls_options *opts, struct cc_sni_probe *probe,
		     struct cc_error *err);
void cc_sni_probe_release(struct cc_sni_probe *probe);

#endif
