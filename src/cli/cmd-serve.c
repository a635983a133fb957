/* cmd-serve.c: certcheck serve: a Prometheus exporter over libmicrohttpd.
 *
 * /metrics answers from a cache that a background thread refreshes every
 * --interval with check's own code path (cc_check_source), so a slow
 * target delays only the next refresh, never a scrape.  /probe runs one
 * check per request (blackbox_exporter style), at most --max-probes at
 * once, within the scrape's timeout.  SIGTERM and SIGINT stop it cleanly. */
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "check.h"
#include "cli.h"
#include "dl.h"
#include "report-openmetrics.h"
#include "load.h"
#include "tls-info.h"

/* libmicrohttpd is opened when `serve` starts (dl.h): other commands do not
 * load it. */
#define MHD_SYMS(X) \
	X(MHD_start_daemon) \
	X(MHD_stop_daemon) \
	X(MHD_get_daemon_info) \
	X(MHD_get_connection_values) \
	X(MHD_lookup_connection_value) \
	X(MHD_create_response_from_buffer) \
	X(MHD_add_response_header) \
	X(MHD_queue_response) \
	X(MHD_destroy_response)
CC_DL_LIBRARY(mhd_lib, MHD_SYMS, "libmicrohttpd.so.12", "serve needs the libmicrohttpd12 package");

#define DEFAULT_LISTEN "127.0.0.1:9793"
#define DEFAULT_INTERVAL 60
#define DEFAULT_MAX_PROBES 16
#define MAX_MAX_PROBES 1024
/* Connections served at once (a thread each): room for probes waiting for
 * a slot and for /metrics besides them. */
#define MAX_CONNECTIONS 512
/* expect_san parameters of one /probe. */
#define MAX_PROBE_SANS 32

static const char usage[] =
	"Usage: certcheck serve [OPTIONS] [CONN] [EXPECTATIONS] [SOURCE...]\n"
	"\n"
	"Serve Prometheus metrics over HTTP.  /metrics: this process's own metrics\n"
	"and the results of `certcheck check` on every SOURCE (and --targets),\n"
	"refreshed every --interval in the background; /probe?target=SOURCE: one\n"
	"check of a tls:// (or https://, ...) SOURCE per request, in the style of\n"
	"blackbox_exporter; /healthz.  Both answer in OpenMetrics text; the\n"
	"metrics are listed in certcheck-serve(1).  SIGTERM or SIGINT stop it.\n"
	"\n"
	"Options:\n"
	"      --listen ADDR    HOST:PORT to listen on (default " DEFAULT_LISTEN ";\n"
	"                       0.0.0.0:PORT or [::]:PORT for every interface;\n"
	"                       port 0 picks a free one, said on stderr)\n"
	"      --interval DURATION  refresh the results of /metrics this often\n"
	"                       (default 60s)\n"
	"      --max-probes N   run at most N /probe checks at once (default 16); a\n"
	"                       probe waits for a slot within its scrape timeout\n"
	"Expectations (as in certcheck-check(1), for /metrics and /probe):\n"
	"      --expect-root SOURCE  the validated path ends at a certificate of it\n"
	"      --expect-intermediate SOURCE  this CA certificate is in the path\n"
	"      --expect-san TYPE:VALUE  the leaf carries this name\n"
	"      --expect-host NAME  the leaf is valid for NAME\n"
	"      --min-valid DURATION  every certificate of the path stays valid\n"
	"      --strict-clients  nothing that strict TLS clients refuse\n"
	"      --root FILE      also trust the roots of FILE\n"
	"      --profile NAME   clients (default), strict or compat\n"
	"      --purpose PURPOSE  server (default), client or any\n"
	"  (each chain is first validated; every expect option and --root repeat)\n"
	CC_MANY_HELP
	"  -q, --quiet          no notes on stderr\n"
	"      --color WHEN     auto, always or never\n"
	"  -h, --help           show this help\n"
	"\n"
	"/probe parameters: target=SOURCE (required), expect_host=NAME,\n"
	"expect_san=TYPE:VALUE (repeatable), min_valid=DURATION; anything else is\n"
	"answered 400.  The timeout is the lower of --timeout and the scrape's\n"
	"X-Prometheus-Scrape-Timeout-Seconds less half a second.\n"
	"\n" CC_CONN_HELP
	"\n"
	"Exit status: 0 stopped by a signal, 2 usage error or the address cannot\n"
	"be listened on.\n";

struct serve {
	const struct cc_cli *cli;
	struct cc_tls_options tls;
	struct cc_expect ex;          /* the expectations given; AT is set per run */
	struct cc_cli_many many;
	unsigned interval;            /* seconds */
	unsigned max_probes;
	time_t started;

	pthread_mutex_t lock;         /* guards everything below */
	pthread_cond_t wake;          /* stop, or a probe slot freed */
	bool stopping;
	char *cache;                  /* the last refresh's families, or NULL */
	size_t cache_len;
	double refresh_seconds;
	time_t refreshed_at;
	unsigned long refreshes, probes, probes_rejected;
	unsigned probes_running;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- /metrics: the background refresh --- */

/* Check every SOURCE once, as `check` does, into the families of a
 * document (malloc'd). */
static char *check_all(struct serve *s, size_t *len)
{
	struct cc_load_options lo = { &s->tls };
	struct cc_expect ex = s->ex;
	ex.at = time(NULL);
	size_t n = s->many.specs.n;
	struct cc_loaded *loaded = cc_cli_many_load(&s->many, &lo);
	struct cc_results results = CC_RESULTS_INIT;
	for (size_t i = 0; i < n; i++) {
		if (loaded[i].src)
			cc_check_source(&ex, s->many.specs.v[i], loaded[i].src, &results, NULL);
		else
			cc_check_load_error(s->many.specs.v[i], &loaded[i].err, &results);
	}
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);
	if (fp) {
		cc_om_check_run(fp, &ex, (const char *const *)s->many.specs.v, loaded, n, &results,
				ex.at);
		fclose(fp);
	}
	cc_results_release(&results);
	cc_loaded_release(loaded, n);
	free(loaded);
	return text;
}

static void *refresher(void *arg)
{
	struct serve *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		pthread_mutex_unlock(&s->lock);
		double start = now_seconds();
		size_t len = 0;
		char *text = check_all(s, &len);
		pthread_mutex_lock(&s->lock);
		if (text) {
			free(s->cache);
			s->cache = text;
			s->cache_len = len;
		}
		s->refresh_seconds = now_seconds() - start;
		s->refreshed_at = time(NULL);
		s->refreshes++;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->interval;
		while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Resident memory from /proc/self/statm (its second field, in pages). */
static double resident_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *fp = fopen("/proc/self/statm", "r");
	if (fp) {
		if (fscanf(fp, "%lu %lu", &size, &resident) != 2)
			resident = 0;
		fclose(fp);
	}
	return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

static char *metrics_page(struct serve *s, bool om, size_t *len)
{
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);
	if (!fp)
		return NULL;
	struct timespec cpu;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	pthread_mutex_lock(&s->lock);
	if (s->cache)
		fwrite(s->cache, 1, s->cache_len, fp);
	cc_om_gauge(fp, "certcheck_serve_last_refresh_timestamp_seconds", "seconds",
		    "When the results of /metrics were last refreshed (Unix time; 0: not yet).",
		    (double)s->refreshed_at);
	cc_om_gauge(fp, "certcheck_serve_refresh_duration_seconds", "seconds",
		    "How long the last refresh of every SOURCE took.", s->refresh_seconds);
	cc_om_counter(fp, "certcheck_serve_refreshes", NULL, "Refreshes of the results of /metrics.",
		      (double)s->refreshes, om);
	cc_om_counter(fp, "certcheck_serve_probes", NULL, "Requests to /probe that ran a check.",
		      (double)s->probes, om);
	cc_om_counter(fp, "certcheck_serve_probes_rejected", NULL,
		      "Requests to /probe that found no free slot within their timeout (503).",
		      (double)s->probes_rejected, om);
	cc_om_gauge(fp, "certcheck_serve_probes_in_flight", NULL, "Checks of /probe running now.",
		    (double)s->probes_running);
	pthread_mutex_unlock(&s->lock);
	cc_om_gauge(fp, "process_start_time_seconds", "seconds", "Start time of the process (Unix time).",
		    (double)s->started);
	cc_om_counter(fp, "process_cpu_seconds", "seconds", "User and system CPU time spent.",
		      (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9, om);
	cc_om_gauge(fp, "process_resident_memory_bytes", "bytes", "Resident memory size.",
		    resident_bytes());
	cc_om_eof(fp);
	fclose(fp);
	return text;
}

/* --- /probe --- */

struct probe_query {
	const char *target;
	size_t n_targets;
	const char *host;
	const char *min_valid;
	const char *sans[MAX_PROBE_SANS];
	size_t n_sans;
	char bad[256];                /* the first problem, or "" */
};

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct probe_query *q = cls;
	if (q->bad[0])
		return MHD_YES;
	if (!value || !*value)
		snprintf(q->bad, sizeof(q->bad), "parameter '%.100s' has no value", key);
	else if (strcmp(key, "target") == 0)
		q->target = q->n_targets++ ? q->target : value;
	else if (strcmp(key, "expect_host") == 0)
		q->host = value;
	else if (strcmp(key, "min_valid") == 0)
		q->min_valid = value;
	else if (strcmp(key, "expect_san") == 0 && q->n_sans < MAX_PROBE_SANS)
		q->sans[q->n_sans++] = value;
	else if (strcmp(key, "expect_san") == 0)
		snprintf(q->bad, sizeof(q->bad), "more than %d expect_san parameters", MAX_PROBE_SANS);
	else
		snprintf(q->bad, sizeof(q->bad),
			 "unknown parameter '%.100s' (target, expect_host, expect_san, min_valid)", key);
	return MHD_YES;
}

/* Wait for a probe slot until DEADLINE (monotonic seconds). */
static bool probe_slot_take(struct serve *s, double deadline)
{
	bool got = false;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && s->probes_running >= s->max_probes && now_seconds() < deadline) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 50 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->wake, &s->lock, &until);
	}
	if (!s->stopping && s->probes_running < s->max_probes) {
		s->probes_running++;
		s->probes++;
		got = true;
	} else {
		s->probes_rejected++;
	}
	pthread_mutex_unlock(&s->lock);
	return got;
}

static void probe_slot_give(struct serve *s)
{
	pthread_mutex_lock(&s->lock);
	s->probes_running--;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

/* A 400/503 body: one line. */
struct answer {
	unsigned code;
	char *body;
	size_t len;
	const char *type;
};

static void answer_text(struct answer *a, unsigned code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void answer_text(struct answer *a, unsigned code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cc_xvasprintf(fmt, ap);
	va_end(ap);
	/* The message quotes the query: shown printable, as errors are. */
	char *safe = cc_escape(msg, strlen(msg));
	a->body = cc_xasprintf("%s\n", safe);
	a->len = strlen(a->body);
	a->code = code;
	a->type = "text/plain; charset=utf-8";
	free(safe);
	free(msg);
}

/* The expectations of /probe query Q on top of S's, into EX (HOSTS and
 * SANS hold what EX points to; *N_OWN counts the SANs parsed here).  0,
 * or -1 after answering 400. */
static int probe_expect(const struct serve *s, const struct probe_query *q, struct cc_expect *ex,
			const char **hosts, struct cc_san_spec *sans, size_t *n_own, struct answer *a)
{
	if (q->host) {
		/* expect_host= stands for the --expect-host options. */
		hosts[0] = q->host;
		ex->hosts = hosts;
		ex->n_hosts = 1;
	}
	if (q->min_valid) {
		if (cc_duration_parse(q->min_valid, &ex->min_valid) < 0) {
			answer_text(a, 400, "min_valid '%s' is not a DURATION (90m, 12h, 30d)", q->min_valid);
			return -1;
		}
		ex->has_min_valid = true;
		ex->min_valid_text = q->min_valid;
	}
	memcpy(sans, s->ex.sans, s->ex.n_sans * sizeof(*sans));
	for (size_t i = 0; i < q->n_sans; i++, (*n_own)++)
		if (cc_san_spec_parse(q->sans[i], &sans[s->ex.n_sans + i]) < 0) {
			answer_text(a, 400, "expect_san '%s' is not TYPE:VALUE with TYPE DNS, IP, URI or EMAIL",
				    q->sans[i]);
			return -1;
		}
	ex->sans = sans;
	ex->n_sans = s->ex.n_sans + q->n_sans;
	return 0;
}

/* How long the probe may take: --timeout (TIMEOUT_MS), but within the
 * scrape's timeout, as blackbox_exporter does: half a second less, for the
 * answer to travel.  0, or -1 after answering 400. */
static int probe_budget(struct MHD_Connection *conn, int timeout_ms, double *budget, struct answer *a)
{
	*budget = timeout_ms / 1000.0;
	const char *hdr = sym_MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							  "X-Prometheus-Scrape-Timeout-Seconds");
	if (!hdr)
		return 0;
	char *end;
	double t = strtod(hdr, &end);
	if (end == hdr || *end || !isfinite(t) || t <= 0) {
		answer_text(a, 400, "X-Prometheus-Scrape-Timeout-Seconds '%s' is not a number of seconds", hdr);
		return -1;
	}
	if (t - 0.5 < *budget)
		*budget = t - 0.5 > 0.1 ? t - 0.5 : 0.1;
	return 0;
}

/* Check TARGET under EX with TLS, in a probe slot of S already taken
 * (given back here); the answer is the OpenMetrics page. */
static void probe_check(struct serve *s, const char *target, struct cc_expect *ex,
			const struct cc_tls_options *tls, double start, struct answer *a)
{
	struct cc_load_options lo = { tls };
	struct cc_loaded loaded = { NULL, CC_ERROR_INIT, 0 };
	struct cc_results results = CC_RESULTS_INIT;
	ex->at = time(NULL);
	if (cc_source_load(target, &lo, &loaded.src, &loaded.err) == 0)
		cc_check_source(ex, target, loaded.src, &results, NULL);
	else
		cc_check_load_error(target, &loaded.err, &results);
	probe_slot_give(s);

	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		abort();
	const char *specs[] = { target };
	cc_om_check_run(fp, ex, specs, &loaded, 1, &results, ex->at);
	cc_om_gauge(fp, "probe_success", NULL, "1 when the source was read and every assertion holds.",
		    loaded.src && !cc_results_count(&results, CC_FAIL) &&
			    !cc_results_count(&results, CC_ERROR));
	cc_om_gauge(fp, "probe_duration_seconds", "seconds", "How long the probe took.",
		    now_seconds() - start);
	cc_om_eof(fp);
	fclose(fp);
	*a = (struct answer){ 200, text, len, CC_OM_CONTENT_TYPE };
	cc_results_release(&results);
	cc_source_free(loaded.src);
}

static void probe(struct serve *s, struct MHD_Connection *conn, struct answer *a)
{
	double start = now_seconds(), budget;
	struct probe_query q = { 0 };
	sym_MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	struct cc_tls_options tls = s->tls;
	struct cc_expect ex = s->ex;
	const char *hosts[1];
	struct cc_san_spec *sans = cc_xcalloc(s->ex.n_sans + MAX_PROBE_SANS + 1, sizeof(*sans));
	size_t n_own = 0;
	struct cc_source *src = NULL;
	struct cc_error err = CC_ERROR_INIT;
	if (q.bad[0]) {
		answer_text(a, 400, "%s", q.bad);
		goto out;
	}
	if (q.n_targets != 1) {
		answer_text(a, 400, "give exactly one target parameter (%zu given)", q.n_targets);
		goto out;
	}
	/* Only endpoints: a scrape must not make the exporter read its own files. */
	if (cc_source_parse(q.target, &src, &err) < 0 || !src->is_tls) {
		answer_text(a, 400, "target '%s' is not a tls:// (or https://, ...) endpoint%s%s",
			    q.target, err.msg[0] ? ": " : "", err.msg);
		goto out;
	}
	if (probe_expect(s, &q, &ex, hosts, sans, &n_own, a) < 0 ||
	    probe_budget(conn, tls.timeout_ms, &budget, a) < 0)
		goto out;
	if (!probe_slot_take(s, start + budget)) {
		answer_text(a, 503, "more than %u probes at once: none finished within the timeout",
			    s->max_probes);
		goto out;
	}
	double left = start + budget - now_seconds();
	tls.timeout_ms = left > 0.1 ? (int)(left * 1000) : 100;
	probe_check(s, q.target, &ex, &tls, start, a);
out:
	for (size_t i = 0; i < n_own; i++)
		free(sans[s->ex.n_sans + i].value);
	free(sans);
	cc_source_free(src);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)state;
	struct serve *s = cls;
	struct answer a = { 0 };
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		answer_text(&a, 405, "%s: only GET and HEAD", method);
	else if (strcmp(url, "/metrics") == 0) {
		/* OpenMetrics to those who ask for it (Prometheus does), else
		 * the older text format, which differs only in counter names. */
		const char *accept = sym_MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
		bool om = accept && strstr(accept, "application/openmetrics-text");
		size_t len = 0;
		char *page = metrics_page(s, om, &len);
		a = (struct answer){ 200, page, len, om ? CC_OM_CONTENT_TYPE : CC_OM_TEXT_CONTENT_TYPE };
		if (!a.body)
			answer_text(&a, 500, "out of memory");
	} else if (strcmp(url, "/probe") == 0)
		probe(s, conn, &a);
	else if (strcmp(url, "/healthz") == 0)
		answer_text(&a, 200, "ok");
	else if (strcmp(url, "/") == 0)
		answer_text(&a, 200, "certcheck serve: /metrics, /probe?target=tls://HOST:PORT, /healthz");
	else
		answer_text(&a, 404, "%s: not found (/metrics, /probe, /healthz)", url);
	struct MHD_Response *r = sym_MHD_create_response_from_buffer(a.len, a.body, MHD_RESPMEM_MUST_FREE);
	sym_MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a.type);
	enum MHD_Result ret = sym_MHD_queue_response(conn, a.code, r);
	sym_MHD_destroy_response(r);
	return ret;
}

/* --- the command --- */

/* ADDR as HOST:PORT ([V6]:PORT) into a socket address; prints the error. */
static int resolve_listen(const char *addr, struct sockaddr_storage *ss, socklen_t *len)
{
	const char *colon = strrchr(addr, ':');
	size_t hl = colon ? (size_t)(colon - addr) : 0;
	bool bracketed = hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']';
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    strlen(colon + 1) > 5 || atoi(colon + 1) > 65535 ||
	    (!bracketed && memchr(addr, ':', hl))) {
		cc_cli_usage_error(&cc_cmd_serve, "--listen: '%s' is not HOST:PORT (or [IPv6]:PORT)", addr);
		return -1;
	}
	char *host = bracketed ? cc_xstrndup(addr + 1, hl - 2) : cc_xstrndup(addr, hl);
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int r = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res);
	free(host);
	if (r != 0 || !res) {
		fprintf(stderr, "certcheck: --listen: %s: %s\n", addr, gai_strerror(r));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int parse_count(const char *opt, const char *arg, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end || errno || v < 1 || v > max) {
		cc_cli_usage_error(&cc_cmd_serve, "%s: '%s' is not a number from 1 to %u", opt, arg, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

enum {
	OPT_LISTEN = CC_OPT_FIRST_COMMAND_OPT,
	OPT_INTERVAL,
	OPT_MAX_PROBES,
};

/* One option of serve's own into S (LISTEN: --listen): 0, or -1 after a
 * usage error. */
static int own_opt(struct serve *s, const char **listen, int opt, const char *arg)
{
	const struct cc_command *cmd = &cc_cmd_serve;
	int64_t interval;
	switch (opt) {
	case OPT_LISTEN:
		*listen = arg;
		break;
	case OPT_INTERVAL:
		if (cc_cli_parse_duration(cmd, "--interval", arg, &interval) < 0)
			return -1;
		if (interval < 1 || interval > 86400 * 7) {
			cc_cli_usage_error(cmd, "--interval: '%s' is not from 1s to 7d", arg);
			return -1;
		}
		s->interval = (unsigned)interval;
		break;
	case OPT_MAX_PROBES:
		return parse_count("--max-probes", arg, MAX_MAX_PROBES, &s->max_probes);
	}
	return 0;
}

/* The command line into CLI, S, X and LISTEN: 0 to go on, else -1 with *STATUS
 * the exit status (0 after --help). */
static int parse(int argc, char **argv, struct cc_cli *cli, struct serve *s, struct cc_cli_expect *x,
		 const char **listen, int *status)
{
	static const struct option longopts[] = {
		CC_COMMON_LONGOPTS,
		CC_CONN_LONGOPTS,
		CC_MANY_LONGOPTS,
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "max-probes", required_argument, NULL, OPT_MAX_PROBES },
		CC_EXPECT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct cc_command *cmd = &cc_cmd_serve;
	bool exit_now = false;
	int opt;

	*status = CC_USAGE;
	while ((opt = getopt_long(argc, argv, CC_MANY_SHORTOPTS CC_COMMON_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		int r = cc_cli_shared_opt(cli, cmd, opt, optarg, &s->tls, &s->many, &exit_now);
		if (r < 0)
			return -1;
		if (exit_now) {
			*status = CC_OK;
			return -1;
		}
		if (r == 0 && (r = cc_cli_expect_opt(x, cmd, opt, optarg, &s->ex)) == 0)
			r = own_opt(s, listen, opt, optarg);
		if (r < 0)
			return -1;
	}
	if (cc_cli_conn_check(&s->tls, cmd) < 0)
		return -1;
	if (cc_cli_many_done(&s->many, argc, argv) == 0 && s->many.too_many)
		return -1;
	/* Standard input is read once, and a server reads its SOURCEs again
	 * and again. */
	if (s->many.stdin_uses + cc_cli_expect_stdin_uses(x)) {
		cc_cli_usage_error(cmd, "serve reads its SOURCEs every --interval: name files, not -");
		return -1;
	}
	return 0;
}

/* Serve on LISTEN until SIGTERM or SIGINT: the exit status. */
static int serve(struct serve *s, const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t ss_len;
	struct MHD_Daemon *d = NULL;
	bool have_refresher = false;
	pthread_t refresher_thread;
	int status = CC_USAGE;
	if (resolve_listen(listen, &ss, &ss_len) < 0)
		return CC_USAGE;
	const char *missing = cc_dl_open(&mhd_lib);
	if (missing) {
		fprintf(stderr, "certcheck: serve: %s\n", missing);
		return CC_USAGE;
	}

	/* Every thread started from here inherits the blocked signals; this
	 * one waits for them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	s->started = time(NULL);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = sym_MHD_start_daemon(flags, 0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR,
				 (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
				 (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
				 MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "certcheck: --listen: %s: cannot listen: %s\n", listen,
			errno ? strerror(errno) : "libmicrohttpd refused");
		goto out;
	}
	const union MHD_DaemonInfo *info = sym_MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	cc_cli_note(s->cli, "listening on %s (port %u): /metrics, /probe, /healthz; %zu SOURCEs every %us",
		    listen, info ? (unsigned)info->port : 0, s->many.specs.n, s->interval);
	if (s->many.specs.n) {
		if (pthread_create(&refresher_thread, NULL, refresher, s) != 0) {
			fprintf(stderr, "certcheck: serve: cannot start the refresh thread\n");
			goto out;
		}
		have_refresher = true;
	}
	int sig = 0;
	sigwait(&sigs, &sig);
	cc_cli_note(s->cli, "%s: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	status = CC_OK;
out:
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	if (d)
		sym_MHD_stop_daemon(d);
	if (have_refresher)
		pthread_join(refresher_thread, NULL);
	return status;
}

static int run(int argc, char **argv, struct cc_cli *cli)
{
	struct serve s = {
		.cli = cli,
		.tls = CC_TLS_OPTIONS_INIT,
		.ex = { .purpose = CC_PURPOSE_SERVER, .profile = CC_PROFILE_CLIENTS,
			.explain = &cc_text_explainer },
		.many = CC_CLI_MANY_INIT,
		.interval = DEFAULT_INTERVAL,
		.max_probes = DEFAULT_MAX_PROBES,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.wake = PTHREAD_COND_INITIALIZER,
	};
	struct cc_cli_expect x;
	const char *listen = DEFAULT_LISTEN;
	struct cc_load_options lo = { &s.tls };
	int status;

	cc_cli_expect_init(&x, argc);
	if (parse(argc, argv, cli, &s, &x, &listen, &status) == 0 &&
	    (status = cc_cli_expect_load(&x, &lo, &s.ex)) == CC_OK)
		status = serve(&s, listen);
	free(s.cache);
	cc_cli_expect_release(&x);
	cc_cli_many_release(&s.many);
	return status;
}

const struct cc_command cc_cmd_serve = {
	"serve", run, "serve Prometheus metrics: /metrics for SOURCEs, /probe?target= per scrape", usage,
};
