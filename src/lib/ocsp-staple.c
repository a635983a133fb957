/* ocsp-staple.c: decode and verify a stapled OCSP response (ocsp-staple.h). */
#include "ocsp-staple.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "util.h"

void cc_ocsp_staple_free(struct cc_ocsp_staple *s)
{
	if (!s)
		return;
	free(s->error);
	free(s->responder);
	free(s->verification);
	free(s);
}

static const char *cert_status_name(unsigned status)
{
	switch (status) {
	case GNUTLS_OCSP_CERT_GOOD: return "good";
	case GNUTLS_OCSP_CERT_REVOKED: return "revoked";
	default: return "unknown";
	}
}

/* The verification result bits of gnutls_ocsp_resp_verify_direct(), in
 * words. */
static char *verify_words(unsigned verify, const struct cc_cert *issuer, const char *responder)
{
	static const struct {
		unsigned bit;
		const char *words;
	} reasons[] = {
		{ GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND, "its signer is neither the issuer nor a responder "
						       "certificate the issuer signed" },
		{ GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR, "the responder certificate lacks the OCSP "
							    "signing EKU" },
		{ GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER, "the responder certificate is not signed by the issuer" },
		{ GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM, "it is signed with an insecure algorithm" },
		{ GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE, "its signature does not verify" },
		{ GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED, "the responder certificate is not yet valid" },
		{ GNUTLS_OCSP_VERIFY_CERT_EXPIRED, "the responder certificate has expired" },
	};
	if (!verify && responder && strcmp(responder, issuer->subject) == 0)
		return cc_xasprintf("verified: signed by the issuer %s", issuer->subject);
	if (!verify)
		return cc_xasprintf("verified: signed by a responder the issuer %s delegated to",
				    issuer->subject);
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "not verified: ");
	bool first = true;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (!(verify & reasons[i].bit))
			continue;
		cc_buf_addf(&b, "%s%s", first ? "" : "; ", reasons[i].words);
		first = false;
	}
	if (first)
		cc_buf_addf(&b, "GnuTLS verification status 0x%x", verify);
	return cc_buf_detach(&b, NULL);
}

static const char *reason_name(unsigned reason)
{
	static const char *const names[] = {
		[GNUTLS_X509_CRLREASON_UNSPECIFIED] = "unspecified",
		[GNUTLS_X509_CRLREASON_KEYCOMPROMISE] = "keyCompromise",
		[GNUTLS_X509_CRLREASON_CACOMPROMISE] = "cACompromise",
		[GNUTLS_X509_CRLREASON_AFFILIATIONCHANGED] = "affiliationChanged",
		[GNUTLS_X509_CRLREASON_SUPERSEDED] = "superseded",
		[GNUTLS_X509_CRLREASON_CESSATIONOFOPERATION] = "cessationOfOperation",
		[GNUTLS_X509_CRLREASON_CERTIFICATEHOLD] = "certificateHold",
		[GNUTLS_X509_CRLREASON_REMOVEFROMCRL] = "removeFromCRL",
		[GNUTLS_X509_CRLREASON_PRIVILEGEWITHDRAWN] = "privilegeWithdrawn",
		[GNUTLS_X509_CRLREASON_AACOMPROMISE] = "aACompromise",
	};
	return reason < sizeof(names) / sizeof(names[0]) && names[reason] ? names[reason] : "unspecified";
}

static char *responder_of(gnutls_ocsp_resp_t resp)
{
	gnutls_datum_t dn = { NULL, 0 };
	if (gnutls_ocsp_resp_get_responder2(resp, &dn, GNUTLS_X509_DN_FLAG_COMPAT) == 0 && dn.data) {
		char *s = cc_escape((const char *)dn.data, dn.size);
		gnutls_free(dn.data);
		return s;
	}
	gnutls_datum_t id = { NULL, 0 };
	if (gnutls_ocsp_resp_get_responder_raw_id(resp, GNUTLS_OCSP_RESP_ID_KEY, &id) == 0 && id.data) {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_adds(&b, "key SHA-1 ");
		for (unsigned i = 0; i < id.size; i++)
			cc_buf_addf(&b, "%02x", id.data[i]);
		gnutls_free(id.data);
		return cc_buf_detach(&b, NULL);
	}
	return NULL;
}

struct cc_ocsp_staple *cc_ocsp_staple_read(const unsigned char *der, size_t len,
					   const struct cc_cert *leaf, const struct cc_cert *issuer)
{
	struct cc_ocsp_staple *s = cc_xcalloc(1, sizeof(*s));
	gnutls_ocsp_resp_t resp = NULL;
	gnutls_x509_crt_t leaf_crt = NULL, issuer_crt = NULL;
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)len };
	unsigned cert_status = 0, reason = 0;
	time_t this_update = 0, next_update = 0, revoked_at = 0;
	int r;
	s->next_update = s->revoked_at = (time_t)-1;

	if ((r = gnutls_ocsp_resp_init(&resp)) < 0 ||
	    (r = gnutls_ocsp_resp_import(resp, &d)) < 0) {
		s->error = cc_xasprintf("the OCSP response does not decode: %s", gnutls_strerror(r));
		goto out;
	}
	r = gnutls_ocsp_resp_get_status(resp);
	if (r != GNUTLS_OCSP_RESP_SUCCESSFUL) {
		s->error = cc_xasprintf("the OCSP response is not successful (responseStatus %d)", r);
		goto out;
	}
	r = gnutls_ocsp_resp_get_single(resp, 0, NULL, NULL, NULL, NULL, &cert_status, &this_update,
					&next_update, &revoked_at, &reason);
	if (r < 0) {
		s->error = cc_xasprintf("the OCSP response has no certificate status: %s",
					gnutls_strerror(r));
		goto out;
	}
	s->status = cert_status_name(cert_status);
	s->this_update = this_update;
	s->next_update = next_update;
	if (cert_status == GNUTLS_OCSP_CERT_REVOKED) {
		s->revoked_at = revoked_at;
		s->reason = reason_name(reason);
	}
	s->produced_at = gnutls_ocsp_resp_get_produced(resp);
	s->responder = responder_of(resp);

	leaf_crt = cc_cert_crt(leaf);
	s->for_leaf = leaf_crt && gnutls_ocsp_resp_check_crt(resp, 0, leaf_crt) == 0;
	if (!issuer) {
		s->verification = cc_xstrdup("not verified: the chain has no issuer of the leaf");
		goto out;
	}
	issuer_crt = cc_cert_crt(issuer);
	unsigned verify = 0;
	r = issuer_crt ? gnutls_ocsp_resp_verify_direct(resp, issuer_crt, &verify, 0) : -1;
	if (r < 0) {
		s->verification = cc_xasprintf("not verified: %s", r == -1 ? "the issuer does not load"
									 : gnutls_strerror(r));
		goto out;
	}
	s->verified = verify == 0;
	s->verification = verify_words(verify, issuer, s->responder);
out:
	if (leaf_crt)
		gnutls_x509_crt_deinit(leaf_crt);
	if (issuer_crt)
		gnutls_x509_crt_deinit(issuer_crt);
	if (resp)
		gnutls_ocsp_resp_deinit(resp);
	return s;
}

char *cc_ocsp_staple_judge(const struct cc_ocsp_staple *s, const struct cc_cert *leaf, time_t at)
{
	char t1[32], t2[32];
	if (s->error)
		return cc_xstrdup(s->error);
	if (!s->for_leaf)
		return cc_xasprintf("the response is not about the leaf (serial %s)", leaf->serial);
	if (!s->verified)
		return cc_xasprintf("the response is %s", s->verification);
	if (s->revoked_at != (time_t)-1)
		return cc_xasprintf("revoked: serial %s, revoked at %s, reason %s", leaf->serial,
				    cc_time_format(s->revoked_at, t1, sizeof(t1)), s->reason);
	if (strcmp(s->status, "good") != 0)
		return cc_xasprintf("the responder does not know the certificate (status %s, serial %s)",
				    s->status, leaf->serial);
	if (s->this_update > at + CC_OCSP_SKEW_SECONDS)
		return cc_xasprintf("the response is not yet valid at %s (this update %s)",
				    cc_time_format(at, t1, sizeof(t1)),
				    cc_time_format(s->this_update, t2, sizeof(t2)));
	if (s->next_update != (time_t)-1 && s->next_update < at - CC_OCSP_SKEW_SECONDS)
		return cc_xasprintf("the response is out of date at %s (next update %s)",
				    cc_time_format(at, t1, sizeof(t1)),
				    cc_time_format(s->next_update, t2, sizeof(t2)));
	return NULL;
}
