/* cli.h: what every command shares: global options, messages and the exit
 * status (cli.c), the option helpers (cli-*.c), the command table.  Only
 * the command layer (src/cli) includes this. */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "load-many.h"
#include "report.h"
#include "util.h"
#include "verify.h"

enum cc_color_mode { CC_COLOR_AUTO, CC_COLOR_ALWAYS, CC_COLOR_NEVER };

struct cc_cli {
	enum cc_color_mode color;
	bool quiet;
};

struct cc_command {
	const char *name;
	int (*run)(int argc, char **argv, struct cc_cli *cli);
	const char *summary;
	const char *usage;     /* full --help text of the command */
};

/* Long options every command accepts after its name too. */
enum {
	CC_OPT_COLOR = 0x100,
	/* CONN options (cli-conn.c) */
	CC_OPT_SNI,
	CC_OPT_NO_SNI,
	CC_OPT_ALPN,
	CC_OPT_CERT,
	CC_OPT_KEY,
	CC_OPT_TIMEOUT,
	CC_OPT_TLS_MIN,
	CC_OPT_TLS_MAX,
	CC_OPT_PRIORITY,
	CC_OPT_ALLOW_KU_VIOLATION,
	CC_OPT_PASSWORD_FILE,
	CC_OPT_PROXY,
	CC_OPT_STARTTLS,
	CC_OPT_TARGETS,
	/* EXPECTATION options of check and serve (cli-expect.c) */
	CC_OPT_EXPECT_ROOT,
	CC_OPT_EXPECT_INTERMEDIATE,
	CC_OPT_EXPECT_SAN,
	CC_OPT_EXPECT_HOST,
	CC_OPT_MIN_VALID,
	CC_OPT_STRICT_CLIENTS,
	CC_OPT_PURPOSE,
	CC_OPT_ROOT,
	CC_OPT_PROFILE,
	CC_OPT_FIRST_COMMAND_OPT = 0x200, /* commands number their own options from here */
};
#define CC_COMMON_LONGOPTS                                                                 \
	{ "help", no_argument, NULL, 'h' }, { "quiet", no_argument, NULL, 'q' },             \
	{ "color", required_argument, NULL, CC_OPT_COLOR }
#define CC_COMMON_SHORTOPTS "hq"

/* The CONN options of every command that reads tls:// sources. */
#define CC_CONN_LONGOPTS                                                                   \
	{ "sni", required_argument, NULL, CC_OPT_SNI },                                      \
	{ "no-sni", no_argument, NULL, CC_OPT_NO_SNI },                                      \
	{ "alpn", required_argument, NULL, CC_OPT_ALPN },                                    \
	{ "cert", required_argument, NULL, CC_OPT_CERT },                                    \
	{ "key", required_argument, NULL, CC_OPT_KEY },                                      \
	{ "timeout", required_argument, NULL, CC_OPT_TIMEOUT },                              \
	{ "tls-min", required_argument, NULL, CC_OPT_TLS_MIN },                              \
	{ "tls-max", required_argument, NULL, CC_OPT_TLS_MAX },                              \
	{ "priority", required_argument, NULL, CC_OPT_PRIORITY },                            \
	{ "allow-key-usage-violation", no_argument, NULL, CC_OPT_ALLOW_KU_VIOLATION },       \
	{ "password-file", required_argument, NULL, CC_OPT_PASSWORD_FILE },                  \
	{ "proxy", required_argument, NULL, CC_OPT_PROXY },                                  \
	{ "starttls", required_argument, NULL, CC_OPT_STARTTLS }
/* The lines of --help that describe them. */
#define CC_CONN_HELP                                                                       \
	"Connection options (for tls:// sources):\n"                                         \
	"      --sni NAME       server name to send (default: HOST, unless an IP)\n"         \
	"      --no-sni         send no server name\n"                                       \
	"      --alpn LIST      offer these ALPN protocols (comma-separated)\n"              \
	"      --cert FILE      client certificate chain (PEM), with --key\n"                \
	"      --key FILE       the client certificate's private key\n"                      \
	"      --timeout SECONDS  bound on resolving, connecting and the handshake\n"        \
	"                       (default 10)\n"                                              \
	"      --tls-min VERSION  lowest TLS version to offer: 1.2 or 1.3 (default\n"       \
	"                       1.2); 1.0 or 1.1 for legacy servers, with a warning\n"    \
	"      --tls-max VERSION  highest TLS version to offer: 1.0, 1.1, 1.2 or 1.3\n"     \
	"      --priority STRING  a GnuTLS priority string (instead of --tls-min and\n"      \
	"                       --tls-max)\n"                                                \
	"      --allow-key-usage-violation  complete the handshake even when the\n"          \
	"                       server certificate's key usage lacks digitalSignature\n"  \
	"      --password-file FILE  the password of an encrypted --key and of PKCS#12\n"  \
	"                       SOURCEs: the first line of FILE (- for standard input)\n"   \
	"      --proxy URL      tunnel through this HTTP proxy (http://HOST[:PORT],\n"      \
	"                       CONNECT); --timeout covers the proxy too\n"                \
	"      --starttls PROTO upgrade a plain connection first: smtp, imap, pop3,\n"      \
	"                       ftp, ldap, xmpp, postgres or mysql (default port: the\n"   \
	"                       protocol's, 25, 143, 110, 21, 389, 5222, 5432, 3306)\n"

struct cc_tls_options;
/* Handle a CONN option inside a command's getopt loop: 1 handled, 0 not a
 * CONN option, -1 after printing a usage error. */
int cc_cli_conn_opt(struct cc_tls_options *tls, const struct cc_command *cmd, int opt,
		    const char *arg);
/* After parsing: the combinations that do not go together, and a --key
 * that is not --cert's (both are loaded here, once, before any dialling).
 * 0 when they are fine, -1 after printing the error (exit status 2). */
int cc_cli_conn_check(const struct cc_tls_options *tls, const struct cc_command *cmd);

/* Handle a common option OPT inside a command's getopt loop.  Returns 1 when
 * handled, 0 when OPT is not a common one, and -1 after printing an error.
 * `--help` prints CMD's usage and sets *EXIT_NOW to true. */
int cc_cli_common_opt(struct cc_cli *cli, const struct cc_command *cmd, int opt, const char *arg,
		      bool *exit_now);
int cc_cli_parse_color(struct cc_cli *cli, const char *arg);
struct cc_cli_many;
/* Every option commands share, in one call inside a getopt loop: the
 * common ones, the CONN ones into TLS, and -j/--targets into MANY unless
 * MANY is NULL.  Returns as cc_cli_common_opt does. */
int cc_cli_shared_opt(struct cc_cli *cli, const struct cc_command *cmd, int opt, const char *arg,
		      struct cc_tls_options *tls, struct cc_cli_many *many, bool *exit_now);

/* Whether to colour output written to FP. */
bool cc_cli_use_color(const struct cc_cli *cli, FILE *fp);

/* "certcheck: MSG" on stderr; returns ERR's status. */
int cc_cli_error(const struct cc_error *err);
/* "certcheck: MSG" plus a hint to --help; returns CC_USAGE. */
int cc_cli_usage_error(const struct cc_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "certcheck: note: MSG" on stderr unless -q. */
void cc_cli_note(const struct cc_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a --at value; prints the error. */
int cc_cli_parse_at(const struct cc_command *cmd, const char *arg, time_t *at);
/* Parse a --purpose value (server, client, any); prints the error. */
int cc_cli_parse_purpose(const struct cc_command *cmd, const char *arg, enum cc_purpose *purpose);
/* Parse a DURATION value of option OPT ("--min-valid"); prints the error. */
int cc_cli_parse_duration(const struct cc_command *cmd, const char *opt, const char *arg,
			  int64_t *seconds);
/* Parse a --format value among ALLOWED; prints the error. */
int cc_cli_parse_format(const struct cc_command *cmd, const char *arg, unsigned allowed,
			enum cc_format *out);

/* Flush stdout and turn a write error into exit status 2. */
int cc_cli_finish(int status);

/* The exit status, one rule for every command (certcheck(1)): N_READ is
 * how many SOURCEs were read (endpoints gave a chain), WORST the worst
 * status of those that were not (CC_OK when none failed), FAILED whether a
 * check on what was read failed.  Nothing read: WORST (2 usage or bad
 * input, 3 no chain from a peer); else 1 when a SOURCE was not read or a
 * check failed; else 0. */
int cc_cli_status(size_t n_read, int worst, bool failed);

/* A report's destination (cli-output.c): stdout, or -o PATH written
 * atomically when the command closes it. */
struct cc_cli_output {
	FILE *fp;          /* write the report here */
	const char *path;  /* -o PATH, or NULL for stdout */
	char *data;
	size_t len;
	bool write_always; /* write PATH even when no chain was obtained (exit 3):
			      a textfile collector must see source_up 0, not
			      the last run's values (OpenMetrics) */
	struct cc_report_out report;  /* fp, the format, colour: for the writer */
};
/* Open the destination of a report in FORMAT; prints the error. */
int cc_cli_output_open(struct cc_cli_output *o, const char *path, enum cc_format format,
		       const struct cc_cli *cli);
/* Finish: with -o, write PATH (temporary file, then rename) unless STATUS
 * is 2 or 3 (3 without WRITE_ALWAYS), in which case no file is written.  Returns the exit status. */
int cc_cli_output_close(struct cc_cli_output *o, int status);

/* -o FILE, for every command with --format. */
#define CC_OUTPUT_LONGOPTS { "output", required_argument, NULL, 'o' }
#define CC_OUTPUT_HELP                                                                     \
	"  -o, --output FILE    write the report to FILE (whole, or not at all)\n"
/* Whether to colour the text written to O: never into a file. */
bool cc_cli_output_color(const struct cc_cli *cli, const struct cc_cli_output *o);

/* Many SOURCEs in one run (cli-many.c): the positional SOURCEs and those
 * of each --targets FILE, in the order given, loaded -j N at a time.
 * Commands put "-" first in their getopt short options so positional
 * arguments come in order, as option 1. */
struct cc_cli_many {
	struct cc_strv specs;
	unsigned jobs;
	bool too_many;   /* more than CC_MAX_SOURCES: already said so */
	size_t stdin_uses;  /* after cc_cli_many_done: how many SOURCEs and
			       --targets read standard input */
};
#define CC_CLI_MANY_INIT { CC_STRV_INIT, CC_DEFAULT_JOBS, false, 0 }
#define CC_MANY_LONGOPTS                                                                   \
	{ "targets", required_argument, NULL, CC_OPT_TARGETS },                              \
	{ "jobs", required_argument, NULL, 'j' }
#define CC_MANY_SHORTOPTS "-j:"
#define CC_MANY_HELP                                                                       \
	"      --targets FILE   also read the SOURCEs listed in FILE, one a line\n"          \
	"                       (blank lines ignored; # starts a comment at the\n"         \
	"                       start of a line or after a blank; repeatable)\n"           \
	"  -j, --jobs N         load at most N sources at once (default 8; 1 loads\n"       \
	"                       them one after the other)\n"
/* Handle a positional argument (OPT 1), --targets or -j inside a
 * command's getopt loop: 1 handled, 0 not one of these, -1 after printing
 * an error. */
int cc_cli_many_opt(struct cc_cli_many *m, const struct cc_command *cmd, int opt, const char *arg);
/* After the loop: the arguments after "--".  Returns the number of SOURCEs;
 * 0 with TOO_MANY set after printing that there are more than
 * CC_MAX_SOURCES. */
size_t cc_cli_many_done(struct cc_cli_many *m, int argc, char **argv);
/* How many of SPECS[0..N) read standard input ("-", "-#NAME"). */
size_t cc_cli_stdin_uses(const char *const *specs, size_t n);
/* Standard input can be read once per run: with more than one USES, print
 * why not and return -1 (exit status 2). */
int cc_cli_stdin_once(size_t uses);
/* Load every SOURCE (cc_load_many); returns the array of m->specs.n. */
struct cc_loaded *cc_cli_many_load(const struct cc_cli_many *m, const struct cc_load_options *lo);
void cc_cli_many_release(struct cc_cli_many *m);

/* The expectations of `check` and `serve`, parsed one way for both. */
struct cc_expect;
struct cc_san_spec;
#define CC_EXPECT_LONGOPTS                                                                 \
	{ "expect-root", required_argument, NULL, CC_OPT_EXPECT_ROOT },                      \
	{ "expect-intermediate", required_argument, NULL, CC_OPT_EXPECT_INTERMEDIATE },      \
	{ "expect-san", required_argument, NULL, CC_OPT_EXPECT_SAN },                        \
	{ "expect-host", required_argument, NULL, CC_OPT_EXPECT_HOST },                      \
	{ "min-valid", required_argument, NULL, CC_OPT_MIN_VALID },                          \
	{ "strict-clients", no_argument, NULL, CC_OPT_STRICT_CLIENTS },                      \
	{ "purpose", required_argument, NULL, CC_OPT_PURPOSE },                              \
	{ "root", required_argument, NULL, CC_OPT_ROOT },                                    \
	{ "profile", required_argument, NULL, CC_OPT_PROFILE }
struct cc_cli_expect {
	char **roots, **intermediates, **trust;   /* --expect-root, --expect-intermediate, --root */
	size_t n_roots, n_intermediates, n_trust;
	struct cc_san_spec *sans;
	const char **san_text;                    /* as given */
	size_t n_sans;
	const char **hosts;
	size_t n_hosts;
	const char *purpose;                      /* --purpose as given */
	unsigned given;                           /* one-value options seen, by bit */
	/* After cc_cli_expect_load: */
	struct cc_source **root_srcs, **inter_srcs, **trust_srcs;
	struct cc_cert **trust_certs;
	size_t n_trust_certs;
	char *trust_name;
};
/* ARGC bounds how many of each option there can be. */
void cc_cli_expect_init(struct cc_cli_expect *x, int argc);
/* OPT with ARG into X and EX: 1 taken, 0 not an expectation option, -1
 * usage error (reported; --min-valid, --purpose, --profile given twice are
 * refused, not silently replaced). */
int cc_cli_expect_opt(struct cc_cli_expect *x, const struct cc_command *cmd, int opt, const char *arg,
		      struct cc_expect *ex);
/* Whether any expectation was given. */
bool cc_cli_expect_any(const struct cc_cli_expect *x, const struct cc_expect *ex);
/* How many of the expectation SOURCEs are standard input. */
size_t cc_cli_expect_stdin_uses(const struct cc_cli_expect *x);
/* Load the expectation and --root SOURCEs into EX; the status (reported). */
int cc_cli_expect_load(struct cc_cli_expect *x, const struct cc_load_options *lo, struct cc_expect *ex);
void cc_cli_expect_release(struct cc_cli_expect *x);

/* Load each source of SPECS (--root, --intermediate) and gather its
 * certificates: with TRUST_ONLY, those of its trust entry when it has one
 * (a dump's ROOTCA, not its leaf); else every certificate of every entry.
 * CERTS borrows from SRCS; release both with cc_cli_certs_release.  A
 * source that cannot be read is reported; the status is returned. */
int cc_cli_load_certs(char *const *specs, size_t n, bool trust_only, const struct cc_load_options *lo,
		      struct cc_source ***srcs, struct cc_cert ***certs, size_t *n_certs);
void cc_cli_certs_release(struct cc_source **srcs, size_t n, struct cc_cert **certs);

struct cc_entry;
/* Write E's certificates to DIR/PREFIX-N.pem (cli-split.c), each whole
 * or not at all, none replaced without FORCE; adds each path to WRITTEN
 * once it has its name.  Used by split and connect --save. */
int cc_split_entry(const struct cc_entry *e, const char *dir, const char *prefix, bool force,
		   struct cc_strv *written, struct cc_error *err);

/* The commands. */
extern const struct cc_command cc_cmd_show;
extern const struct cc_command cc_cmd_split;
extern const struct cc_command cc_cmd_connect;
extern const struct cc_command cc_cmd_verify;
extern const struct cc_command cc_cmd_diff;
extern const struct cc_command cc_cmd_check;
extern const struct cc_command cc_cmd_roots;
extern const struct cc_command cc_cmd_serve;

#endif
