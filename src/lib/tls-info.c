/* tls-info.c: see tls-info.h. */
#include "tls-info.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/x509.h>

#include "cert.h"

const char *cc_tls_status_name(enum cc_tls_status status)
{
	switch (status) {
	case CC_TLS_COMPLETED: return "completed";
	case CC_TLS_CLIENT_CERT_REQUIRED: return "client_cert_required";
	case CC_TLS_ALERT: return "alert";
	case CC_TLS_KEY_USAGE: return "key_usage_violation";
	case CC_TLS_TIMEOUT: return "timeout";
	case CC_TLS_PEER_CLOSED: return "peer_closed";
	case CC_TLS_NOT_TLS: return "not_tls";
	case CC_TLS_REFUSED: return "connection_refused";
	case CC_TLS_NOT_RESOLVED: return "not_resolved";
	case CC_TLS_PROXY_REFUSED: return "proxy_refused";
	case CC_TLS_STARTTLS_REFUSED: return "starttls_refused";
	case CC_TLS_ERROR: break;
	}
	return "error";
}

const char *cc_tls_stage_name(enum cc_tls_stage stage)
{
	switch (stage) {
	case CC_TLS_STAGE_RESOLVE: return "resolve";
	case CC_TLS_STAGE_CONNECT: return "connect";
	case CC_TLS_STAGE_PROXY: return "proxy";
	case CC_TLS_STAGE_STARTTLS: return "starttls";
	case CC_TLS_STAGE_HANDSHAKE: return "handshake";
	case CC_TLS_STAGE_POST_HANDSHAKE: break;
	}
	return "post-handshake";
}

void cc_tls_info_free(struct cc_tls_info *info)
{
	if (!info)
		return;
	free(info->host);
	free(info->port);
	free(info->address);
	free(info->proxy);
	cc_ocsp_staple_free(info->ocsp);
	free(info->sni);
	free(info->alpn_offered);
	free(info->alpn);
	free(info->protocol);
	free(info->cipher);
	free(info->message);
	free(info->alert);
	cc_strv_release(&info->accepted_cas);
	cc_strv_release(&info->notes);
	free(info);
}

int cc_tls_lowest_version(const struct cc_tls_options *opts)
{
	if (opts->tls_min)
		return opts->tls_min;
	return opts->tls_max && opts->tls_max < 12 ? opts->tls_max : 12;
}

/* --tls-min/--tls-max 1.0 or 1.1: say what was offered and what came of it. */
static void legacy_note(struct cc_tls_info *info, const struct cc_tls_options *opts)
{
	int lo = cc_tls_lowest_version(opts);
	bool old = info->protocol && (strcmp(info->protocol, "TLS1.0") == 0 ||
				      strcmp(info->protocol, "TLS1.1") == 0);
	if (opts->priority && old)
		cc_strv_pushf(&info->notes, "warning: the server negotiated %s, deprecated by RFC 8996: "
			      "clients that follow it cannot connect", info->protocol);
	if (lo >= 12 || opts->priority)
		return;
	cc_strv_pushf(&info->notes,
		      "warning: TLS %s was offered (--tls-min/--tls-max); TLS 1.0 and 1.1 are "
		      "deprecated (RFC 8996) and no current client offers them%s%s%s",
		      lo == 10 ? "1.0" : "1.1",
		      old ? ": this server negotiated " : "", old ? info->protocol : "",
		      old ? ", so clients that follow RFC 8996 cannot connect to it" : "");
}

/* The server certificate's key usage lacks digitalSignature: say so in
 * the words of how the handshake ended, or as a note. */
static void explain_key_usage(struct cc_tls_info *info, const struct cc_cert *leaf, bool allowed)
{
	if (!leaf->has_ku || (leaf->key_usage & GNUTLS_KEY_DIGITAL_SIGNATURE))
		return;
	struct cc_buf b = CC_BUF_INIT;
	const char *ku = cc_cert_add_key_usage(&b, leaf) ? b.data : "none";
	if (info->status == CC_TLS_KEY_USAGE) {
		free(info->message);
		info->message = cc_xasprintf(
			"the server certificate's key usage (%s) lacks digitalSignature, which TLS 1.3 "
			"and ECDHE key exchange need: GnuTLS refused it during the handshake (OpenSSL "
			"clients accept it; --allow-key-usage-violation completes the handshake)", ku);
	} else {
		cc_strv_pushf(&info->notes,
			      "the server certificate's key usage (%s) lacks digitalSignature, which "
			      "TLS 1.3 and ECDHE key exchange need%s", ku,
			      allowed ? ": the handshake completed only because of "
					"--allow-key-usage-violation"
				      : "; GnuTLS clients refuse it there");
	}
	cc_buf_release(&b);
}

void cc_tls_advise(struct cc_tls_info *info, const struct cc_tls_options *opts,
		   const struct cc_cert *leaf, struct cc_strv *chain_notes)
{
	explain_key_usage(info, leaf, opts->allow_ku_violation);
	legacy_note(info, opts);
	if (info->status != CC_TLS_COMPLETED)
		cc_strv_pushf(chain_notes, "the handshake did not complete (%s); this is the chain "
			      "the server presented before that", info->message);
}
