/* cli-expect.c: the expectation options of `check` and `serve`. */
#include <stdlib.h>

#include "check.h"
#include "cli.h"
#include "rules.h"
#include "load.h"

void cc_cli_expect_init(struct cc_cli_expect *x, int argc)
{
	size_t n = argc > 0 ? (size_t)argc : 1;
	*x = (struct cc_cli_expect){
		.roots = cc_xcalloc(n, sizeof(char *)),
		.intermediates = cc_xcalloc(n, sizeof(char *)),
		.trust = cc_xcalloc(n, sizeof(char *)),
		.sans = cc_xcalloc(n, sizeof(struct cc_san_spec)),
		.san_text = cc_xcalloc(n, sizeof(char *)),
		.hosts = cc_xcalloc(n, sizeof(char *)),
		.purpose = "server",
	};
}

int cc_cli_expect_opt(struct cc_cli_expect *x, const struct cc_command *cmd, int opt, const char *arg,
		      struct cc_expect *ex)
{
	/* Options that hold one value: a second one is refused, not silently
	 * kept in place of the first. */
	static const struct {
		int opt;
		const char *name;
	} single[] = {
		{ CC_OPT_MIN_VALID, "--min-valid" },
		{ CC_OPT_PURPOSE, "--purpose" },
		{ CC_OPT_PROFILE, "--profile" },
	};
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		if (single[i].opt != opt)
			continue;
		if (x->given & (1u << i)) {
			cc_cli_usage_error(cmd, "%s given twice: it takes one value", single[i].name);
			return -1;
		}
		x->given |= 1u << i;
	}
	switch (opt) {
	case CC_OPT_EXPECT_ROOT:
		x->roots[x->n_roots++] = (char *)arg;
		return 1;
	case CC_OPT_EXPECT_INTERMEDIATE:
		x->intermediates[x->n_intermediates++] = (char *)arg;
		return 1;
	case CC_OPT_ROOT:
		x->trust[x->n_trust++] = (char *)arg;
		return 1;
	case CC_OPT_EXPECT_SAN:
		if (cc_san_spec_parse(arg, &x->sans[x->n_sans]) < 0) {
			cc_cli_usage_error(cmd,
					   "--expect-san: '%s' is not TYPE:VALUE with TYPE DNS, IP, URI "
					   "or EMAIL",
					   arg);
			return -1;
		}
		x->san_text[x->n_sans++] = arg;
		return 1;
	case CC_OPT_EXPECT_HOST:
		x->hosts[x->n_hosts++] = arg;
		return 1;
	case CC_OPT_MIN_VALID:
		if (cc_cli_parse_duration(cmd, "--min-valid", arg, &ex->min_valid) < 0)
			return -1;
		ex->has_min_valid = true;
		ex->min_valid_text = arg;
		return 1;
	case CC_OPT_STRICT_CLIENTS:
		ex->strict_clients = true;
		return 1;
	case CC_OPT_PURPOSE:
		if (cc_cli_parse_purpose(cmd, arg, &ex->purpose) < 0)
			return -1;
		x->purpose = arg;
		return 1;
	case CC_OPT_PROFILE:
		if (cc_profile_parse(arg, &ex->profile) < 0) {
			cc_cli_usage_error(cmd, "--profile: '%s' is not clients, strict or compat", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

bool cc_cli_expect_any(const struct cc_cli_expect *x, const struct cc_expect *ex)
{
	return x->n_roots || x->n_intermediates || x->n_sans || x->n_hosts || ex->has_min_valid ||
	       ex->same_root || ex->strict_clients;
}

size_t cc_cli_expect_stdin_uses(const struct cc_cli_expect *x)
{
	return cc_cli_stdin_uses((const char *const *)x->roots, x->n_roots) +
	       cc_cli_stdin_uses((const char *const *)x->intermediates, x->n_intermediates) +
	       cc_cli_stdin_uses((const char *const *)x->trust, x->n_trust);
}

/* Load SPECS[0..N) into OUT, errors prefixed with OPT. */
static int load_each(const char *opt, char **specs, size_t n, const struct cc_load_options *lo,
		     struct cc_source **out)
{
	for (size_t i = 0; i < n; i++) {
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(specs[i], lo, &out[i], &err) < 0) {
			cc_error_prefix(&err, opt);
			return cc_cli_error(&err);
		}
	}
	return CC_OK;
}

int cc_cli_expect_load(struct cc_cli_expect *x, const struct cc_load_options *lo, struct cc_expect *ex)
{
	x->root_srcs = cc_xcalloc(x->n_roots + 1, sizeof(*x->root_srcs));
	x->inter_srcs = cc_xcalloc(x->n_intermediates + 1, sizeof(*x->inter_srcs));
	int status;
	if ((status = load_each("--expect-root", x->roots, x->n_roots, lo, x->root_srcs)) != CC_OK ||
	    (status = load_each("--expect-intermediate", x->intermediates, x->n_intermediates, lo,
				x->inter_srcs)) != CC_OK ||
	    (status = cc_cli_load_certs(x->trust, x->n_trust, true, lo, &x->trust_srcs, &x->trust_certs,
					&x->n_trust_certs)) != CC_OK)
		return status;
	x->trust_name = x->n_trust == 1 ? cc_xasprintf("--root %s", x->trust[0])
					: cc_xasprintf("--root (%zu files)", x->n_trust);
	ex->roots = (const struct cc_source *const *)x->root_srcs;
	ex->n_roots = x->n_roots;
	ex->intermediates = (const struct cc_source *const *)x->inter_srcs;
	ex->n_intermediates = x->n_intermediates;
	ex->sans = x->sans;
	ex->n_sans = x->n_sans;
	ex->hosts = x->hosts;
	ex->n_hosts = x->n_hosts;
	ex->trust = x->trust_certs;
	ex->n_trust = x->n_trust_certs;
	ex->trust_name = x->trust_name;
	return CC_OK;
}

void cc_cli_expect_release(struct cc_cli_expect *x)
{
	for (size_t i = 0; x->root_srcs && i < x->n_roots; i++)
		cc_source_free(x->root_srcs[i]);
	for (size_t i = 0; x->inter_srcs && i < x->n_intermediates; i++)
		cc_source_free(x->inter_srcs[i]);
	free(x->root_srcs);
	free(x->inter_srcs);
	cc_cli_certs_release(x->trust_srcs, x->n_trust, x->trust_certs);
	for (size_t i = 0; i < x->n_sans; i++)
		free(x->sans[i].value);
	free(x->sans);
	free(x->san_text);
	free(x->hosts);
	free(x->roots);
	free(x->intermediates);
	free(x->trust);
	free(x->trust_name);
	*x = (struct cc_cli_expect){ 0 };
}
