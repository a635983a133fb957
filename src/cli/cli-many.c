/* cli-many.c: many SOURCEs in one run: positional ones and --targets
 * files, in the order given, and -j N. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "load.h"

static int parse_jobs(const struct cc_command *cmd, const char *arg, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end || errno || v < 1 || v > CC_MAX_JOBS) {
		cc_cli_usage_error(cmd, "--jobs: '%s' is not a number from 1 to %d", arg, CC_MAX_JOBS);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int cc_cli_many_opt(struct cc_cli_many *m, const struct cc_command *cmd, int opt, const char *arg)
{
	struct cc_error err = CC_ERROR_INIT;
	switch (opt) {
	case 1:
		cc_strv_push(&m->specs, cc_xstrdup(arg));
		break;
	case CC_OPT_TARGETS:
		if (strcmp(arg, "-") == 0 && cc_cli_stdin_once(++m->stdin_uses) < 0)
			return -1;
		if (cc_targets_read(arg, &m->specs, &err) < 0) {
			cc_error_prefix(&err, "--targets");
			cc_cli_error(&err);
			return -1;
		}
		break;
	case 'j':
		return parse_jobs(cmd, arg, &m->jobs) < 0 ? -1 : 1;
	default:
		return 0;
	}
	if (cc_check_source_count(m->specs.n, &err) < 0) {
		cc_cli_error(&err);
		return -1;
	}
	return 1;
}

size_t cc_cli_many_done(struct cc_cli_many *m, int argc, char **argv)
{
	struct cc_error err = CC_ERROR_INIT;
	for (int i = optind; i < argc; i++)
		cc_strv_push(&m->specs, cc_xstrdup(argv[i]));
	optind = argc;
	if (cc_check_source_count(m->specs.n, &err) < 0) {
		/* Too many SOURCEs after "--": refuse them all. */
		cc_cli_error(&err);
		cc_strv_release(&m->specs);
		m->too_many = true;
		return 0;
	}
	m->stdin_uses += cc_cli_stdin_uses((const char *const *)m->specs.v, m->specs.n);
	return m->specs.n;
}

size_t cc_cli_stdin_uses(const char *const *specs, size_t n)
{
	size_t uses = 0;
	for (size_t i = 0; i < n; i++)
		uses += specs[i] && cc_source_spec_is_stdin(specs[i]);
	return uses;
}

int cc_cli_stdin_once(size_t uses)
{
	if (uses <= 1)
		return 0;
	struct cc_error err = CC_ERROR_INIT;
	cc_error_set(&err, CC_USAGE, "-",
		     "standard input can be read only once, and it is named %zu times (save it "
		     "to a file to name it again)", uses);
	cc_cli_error(&err);
	return -1;
}

struct cc_loaded *cc_cli_many_load(const struct cc_cli_many *m, const struct cc_load_options *lo)
{
	struct cc_loaded *loaded = cc_xcalloc(m->specs.n ? m->specs.n : 1, sizeof(*loaded));
	cc_load_many((const char *const *)m->specs.v, m->specs.n, lo, m->jobs, loaded);
	return loaded;
}

void cc_cli_many_release(struct cc_cli_many *m)
{
	cc_strv_release(&m->specs);
}

int cc_cli_load_certs(char *const *specs, size_t n, bool trust_only, const struct cc_load_options *lo,
		      struct cc_source ***srcs, struct cc_cert ***certs, size_t *n_certs)
{
	size_t alloc = 0;
	*srcs = cc_xcalloc(n ? n : 1, sizeof(**srcs));
	for (size_t i = 0; i < n; i++) {
		struct cc_error err = CC_ERROR_INIT;
		if (cc_source_load(specs[i], lo, &(*srcs)[i], &err) < 0)
			return cc_cli_error(&err);
		const struct cc_source *s = (*srcs)[i];
		const struct cc_entry *trust = trust_only ? cc_source_trust_entry(s) : NULL;
		for (size_t e = 0; e < s->n_entries; e++)
			for (size_t k = 0; (!trust || trust == &s->entries[e]) && k < s->entries[e].n_certs;
			     k++) {
				CC_ARRAY_GROW(*certs, *n_certs, alloc);
				(*certs)[(*n_certs)++] = s->entries[e].certs[k];
			}
	}
	return CC_OK;
}

void cc_cli_certs_release(struct cc_source **srcs, size_t n, struct cc_cert **certs)
{
	for (size_t i = 0; srcs && i < n; i++)
		cc_source_free(srcs[i]);
	free(srcs);
	free(certs);
}
