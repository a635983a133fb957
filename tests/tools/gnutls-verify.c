/* gnutls-verify: GnuTLS's own verdict on a chain, for the differential test
 * (tests/limbo/differential).  Test-only: meson builds it only for the tests.
 *
 *   gnutls-verify [--at EPOCH] [--host NAME | --ip ADDR | --email ADDR]
 *                 [--purpose server|client] [--crl FILE]... TRUSTED CHAIN
 *
 * TRUSTED holds the trust anchors (PEM), CHAIN the peer certificate first
 * and then the untrusted certificates, in any order (PEM).  The anchors go
 * into a trust list with gnutls_x509_trust_list_add_cas, the CRLs with
 * gnutls_x509_trust_list_add_crls (each verified against the anchors), and
 * gnutls_x509_trust_list_verify_crt2 judges the chain with GnuTLS's default
 * flags and the host name, IP address, e-mail and key purpose as typed data.
 * The time is EPOCH: gnutls_x509_trust_list_verify_crt2 takes none and reads
 * the clock through the function gnutls_global_set_time_function sets.
 *
 * Prints "valid", or "invalid: " and GnuTLS's description of the status;
 * exit status 0 valid, 1 invalid, 2 usage or input error.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#define MAX_CERTS 256
#define MAX_CRLS 16

static time_t fixed_at;

static time_t at_time(time_t *t)
{
	if (t)
		*t = fixed_at;
	return fixed_at;
}

static int usage(void)
{
	fprintf(stderr, "usage: gnutls-verify [--at EPOCH] [--host NAME | --ip ADDR | --email ADDR] "
			"[--purpose server|client] [--crl FILE]... TRUSTED CHAIN\n");
	return 2;
}

static int load(const char *path, gnutls_datum_t *d)
{
	int e = gnutls_load_file(path, d);

	if (e < 0)
		fprintf(stderr, "gnutls-verify: %s: %s\n", path, gnutls_strerror(e));
	return e;
}

/* Every certificate of the PEM file PATH into LIST (at most MAX_CERTS). */
static int load_certs(const char *path, gnutls_x509_crt_t *list, unsigned *n)
{
	gnutls_datum_t d;
	int e;

	if (load(path, &d) < 0)
		return -1;
	*n = MAX_CERTS;
	e = gnutls_x509_crt_list_import(list, n, &d, GNUTLS_X509_FMT_PEM, 0);
	gnutls_free(d.data);
	if (e < 0 || *n == 0) {
		fprintf(stderr, "gnutls-verify: %s: %s\n", path,
			e < 0 ? gnutls_strerror(e) : "no certificate");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *host = NULL, *ip = NULL, *email = NULL, *purpose = NULL;
	const char *crl_files[MAX_CRLS];
	unsigned n_crl_files = 0;
	int i;

	fixed_at = time(NULL);
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "--at") == 0)
			fixed_at = (time_t)strtoll(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--host") == 0)
			host = argv[i + 1];
		else if (strcmp(argv[i], "--ip") == 0)
			ip = argv[i + 1];
		else if (strcmp(argv[i], "--email") == 0)
			email = argv[i + 1];
		else if (strcmp(argv[i], "--purpose") == 0)
			purpose = argv[i + 1];
		else if (strcmp(argv[i], "--crl") == 0 && n_crl_files < MAX_CRLS)
			crl_files[n_crl_files++] = argv[i + 1];
		else
			return usage();
	}
	if (argc - i != 2)
		return usage();

	gnutls_global_set_time_function(at_time);

	static gnutls_x509_crt_t cas[MAX_CERTS], chain[MAX_CERTS];
	unsigned n_cas, n_chain;
	if (load_certs(argv[i], cas, &n_cas) < 0 || load_certs(argv[i + 1], chain, &n_chain) < 0)
		return 2;

	gnutls_x509_trust_list_t tl;
	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		return 2;
	/* The list owns the anchors from here on. */
	if (gnutls_x509_trust_list_add_cas(tl, cas, n_cas, 0) < 0) {
		fprintf(stderr, "gnutls-verify: cannot add the trust anchors\n");
		return 2;
	}
	for (unsigned c = 0; c < n_crl_files; c++) {
		gnutls_datum_t d;
		gnutls_x509_crl_t *crls = NULL;
		unsigned n_crls = 0;
		if (load(crl_files[c], &d) < 0)
			return 2;
		int e = gnutls_x509_crl_list_import2(&crls, &n_crls, &d, GNUTLS_X509_FMT_PEM, 0);
		gnutls_free(d.data);
		if (e < 0) {
			fprintf(stderr, "gnutls-verify: %s: %s\n", crl_files[c], gnutls_strerror(e));
			return 2;
		}
		/* GNUTLS_TL_VERIFY_CRL: a CRL that no anchor signed is dropped; the
		 * list owns (or frees) the CRLs. */
		gnutls_x509_trust_list_add_crls(tl, crls, n_crls, GNUTLS_TL_VERIFY_CRL, 0);
		gnutls_free(crls);
	}

	gnutls_typed_vdata_st data[2];
	unsigned n_data = 0;
	unsigned char raw_ip[16];
	if (host) {
		data[n_data].type = GNUTLS_DT_DNS_HOSTNAME;
		data[n_data].data = (unsigned char *)host;
		data[n_data++].size = 0;
	} else if (ip) {
		int v6 = strchr(ip, ':') != NULL;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, ip, raw_ip) != 1) {
			fprintf(stderr, "gnutls-verify: --ip: '%s' is not an IP address\n", ip);
			return 2;
		}
		data[n_data].type = GNUTLS_DT_IP_ADDRESS;
		data[n_data].data = raw_ip;
		data[n_data++].size = v6 ? 16 : 4;
	} else if (email) {
		data[n_data].type = GNUTLS_DT_RFC822NAME;
		data[n_data].data = (unsigned char *)email;
		data[n_data++].size = 0;
	}
	if (purpose) {
		data[n_data].type = GNUTLS_DT_KEY_PURPOSE_OID;
		if (strcmp(purpose, "server") == 0)
			data[n_data].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
		else if (strcmp(purpose, "client") == 0)
			data[n_data].data = (unsigned char *)GNUTLS_KP_TLS_WWW_CLIENT;
		else
			return usage();
		data[n_data++].size = 0;
	}

	unsigned status = 0;
	int e = gnutls_x509_trust_list_verify_crt2(tl, chain, n_chain, data, n_data, 0, &status, NULL);
	for (unsigned c = 0; c < n_chain; c++)
		gnutls_x509_crt_deinit(chain[c]);
	int rc;
	if (e < 0) {
		printf("invalid: %s\n", gnutls_strerror(e));
		rc = 1;
	} else if (status == 0) {
		printf("valid\n");
		rc = 0;
	} else {
		gnutls_datum_t out = { NULL, 0 };
		gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0);
		printf("invalid: %s\n", out.data ? (const char *)out.data : "?");
		gnutls_free(out.data);
		rc = 1;
	}
	gnutls_x509_trust_list_deinit(tl, 1);
	return rc;
}
