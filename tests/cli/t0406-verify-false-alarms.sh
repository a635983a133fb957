#!/usr/bin/env bash
# No false alarms (issue 14): the default profile (clients) accepts the chains
# real deployments use, each with exactly the warnings listed here: Istio's
# sample plug-in CA (samples/certs), the Istio tools/certs Makefile PKI (made
# here with lib-pki.sh, the Makefile's recipes), a cert-manager CA issuer
# chain and the Let's Encrypt cross-sign shape (both made here with openssl,
# in the shape those issuers give).  strict, which is what x509-limbo
# expects, fails the first ones: the warnings are real rules, not enforced by
# any mainstream client.
. "$TESTS_DIR/cli/lib.sh"
. "$FIXTURES/lib-pki.sh"

# findings_are "CERT:CODE:SEVERITY ..." : the findings of the JSON report in
# $T/out are exactly these (any order).
findings_are() {
	local got want
	got=$(json_get '" ".join(sorted("%d:%s:%s" % (f["cert"], f["code"], f["severity"]) for f in d["findings"]))')
	want=$(echo "$1" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "findings: got '$got', want '$want'"
}

# --- Istio's samples/certs (tests/data/istio: copied from istio/istio) ------
# The plug-in CA and its workloads: no SKI/AKI, CA basicConstraints not
# critical, the root without keyUsage.  plain `openssl verify` accepts it,
# `-x509_strict` does not.
S=$TESTDATA/istio/istio-samples-certs
AT=2026-01-01T06:00:00Z
for w in foo bar; do
	run verify -f json --at "$AT" --root "$S/root-cert.pem" --uri "spiffe://trust-domain-$w/ns/$w/sa/$w" \
		--purpose server "$S/workload-$w-cert.pem"
	expect_status 0 "istio samples/certs workload-$w"
	findings_are "1:aki_missing:warning 2:aki_missing:warning 2:ca_basic_constraints_not_critical:warning
2:ski_missing:warning 3:ca_basic_constraints_not_critical:warning 3:ca_no_key_usage:warning"
done
run verify --at "$AT" --root "$S/root-cert.pem" --purpose client "$S/workload-foo-cert.pem"
expect_status 0
expect_out "verified (6 warnings: what the clients profile does not fail)"
openssl verify -CAfile "$S/root-cert.pem" -untrusted "$S/ca-cert.pem" "$S/leaf-workload-foo-cert.pem" >/dev/null 2>&1 ||
	fail "openssl verify refuses the samples"
! openssl verify -x509_strict -CAfile "$S/root-cert.pem" -untrusted "$S/ca-cert.pem" \
	"$S/leaf-workload-foo-cert.pem" >/dev/null 2>&1 || fail "openssl verify -x509_strict accepts the samples"
run verify --profile strict --at "$AT" --root "$S/root-cert.pem" "$S/workload-foo-cert.pem"
expect_status 1
expect_out "error ski_missing: certificate 2"
ok "Istio samples/certs: clients accepts with 6 warnings (openssl verify accepts, -x509_strict refuses; strict fails)"

# --- Istio tools/certs Makefile PKI, made now -------------------------------
# root-ca, cluster1-cacerts, an istiod-like workload (lib-pki.sh follows
# Makefile.selfsigned.mk and istiod; EC keys to keep it quick, the
# extensions are the Makefile's).
M=$T/makefile
PKI_KEYALG=ec PKI_START=2026-01-01T00:00:00Z pki_root "$M"
PKI_KEYALG=ec PKI_START=2026-01-01T00:00:00Z pki_intermediate "$M" cluster1
PKI_KEYALG=ec PKI_START=2026-01-01T00:00:00Z pki_workload "$M/cluster1" default httpbin "$M/cluster1/workload"
run verify -f json --at "$AT" --root "$M/root-cert.pem" --uri spiffe://cluster.local/ns/default/sa/httpbin \
	--purpose server "$M/cluster1/workload-chain.pem"
expect_status 0 "the Makefile PKI"
# the root's keyUsage has no cRLSign, the intermediate carries a DNS SAN: neither is a finding
findings_are ""
run verify --at "$AT" --root "$M/root-cert.pem" "$M/cluster1/workload-chain.pem"
expect_status 0
expect_out "verified"
expect_no_out "warning"
ok "Istio tools/certs Makefile PKI: clients accepts with no warning"

# --- cert-manager CA issuer --------------------------------------------------
# A SelfSigned issuer's CA Certificate (isCA: true; Go's x509: SKI, AKI =
# its own SKI, BC critical CA:TRUE, KU critical digitalSignature,
# keyEncipherment, keyCertSign) and a Certificate from the CA issuer with
# cert-manager's default usages (KU critical digitalSignature,
# keyEncipherment; no EKU), no common name (the SAN critical, as Go marks it
# when the subject is empty), AKI, no SKI on the leaf.
C=$T/cert-manager
PKI_KEYALG=ec PKI_START=2026-01-01T00:00:00Z PKI_DAYS=90 pki_cert - - "$C/ca.crt" "$C/ca.key" "/CN=my-ca" \
	"basicConstraints = critical, CA:true" \
	"keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign" \
	"subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid"
PKI_KEYALG=ec PKI_START=2026-01-01T00:00:00Z PKI_DAYS=90 pki_cert "$C/ca.crt" "$C/ca.key" "$C/tls.crt" "$C/tls.key" / \
	"keyUsage = critical, digitalSignature, keyEncipherment" \
	"subjectAltName = critical, DNS:app.example.test" \
	"authorityKeyIdentifier = keyid" "subjectKeyIdentifier = none"
# the Secret's tls.crt (leaf + CA) and ca.crt, as cert-manager writes them
cat "$C/tls.crt" "$C/ca.crt" >"$C/tls-chain.crt"
run verify -f json --at "$AT" --root "$C/ca.crt" --host app.example.test --purpose server "$C/tls-chain.crt"
expect_status 0 "the cert-manager CA issuer chain"
findings_are "1:leaf_eku_missing:warning"
ok "cert-manager CA issuer chain: clients accepts, warning only of the leaf without EKU"

# --- Let's Encrypt cross-sign shape ------------------------------------------
# DST Root CA X3 (expired 2021-09-30), ISRG Root X1 self-signed and
# cross-signed by DST (same key), R3 under X1, a 90-day leaf; the server
# sends leaf, R3, X1-by-DST; the client trusts the self-signed X1.  Dates as
# the real ones; judged at 2024-03-01.
L=$T/le
mkdir -p "$L"
CA_EXT=("basicConstraints = critical, CA:true" "keyUsage = critical, digitalSignature, keyCertSign, cRLSign"
	"subjectKeyIdentifier = hash")
PKI_KEYALG=ec PKI_START=2000-09-30T21:12:19Z PKI_END=2021-09-30T14:01:15Z pki_cert - - "$L/dst.pem" "$L/dst.key" \
	"/O=Digital Signature Trust Co./CN=DST Root CA X3" "${CA_EXT[@]}"
PKI_KEYALG=ec PKI_START=2015-06-04T11:04:38Z PKI_END=2035-06-04T11:04:38Z pki_cert - - "$L/x1.pem" "$L/x1.key" \
	"/C=US/O=Internet Security Research Group/CN=ISRG Root X1" "${CA_EXT[@]}"
PKI_KEY=$L/x1.key PKI_START=2021-01-20T19:14:03Z PKI_END=2024-09-30T18:14:03Z pki_cert "$L/dst.pem" "$L/dst.key" \
	"$L/x1-cross.pem" "$L/x1-cross.key" "/C=US/O=Internet Security Research Group/CN=ISRG Root X1" \
	"${CA_EXT[@]}" "authorityKeyIdentifier = keyid"
PKI_KEYALG=ec PKI_START=2020-09-04T00:00:00Z PKI_END=2025-09-15T16:00:00Z pki_cert "$L/x1.pem" "$L/x1.key" \
	"$L/r3.pem" "$L/r3.key" "/C=US/O=Let's Encrypt/CN=R3" \
	"basicConstraints = critical, CA:true, pathlen:0" "keyUsage = critical, digitalSignature, keyCertSign, cRLSign" \
	"extendedKeyUsage = serverAuth, clientAuth" "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid"
PKI_KEYALG=ec PKI_START=2024-01-15T00:00:00Z PKI_DAYS=90 pki_cert "$L/r3.pem" "$L/r3.key" "$L/leaf.pem" "$L/leaf.key" \
	"/CN=le.example.test" "basicConstraints = critical, CA:false" "keyUsage = critical, digitalSignature" \
	"extendedKeyUsage = serverAuth, clientAuth" "subjectAltName = DNS:le.example.test" \
	"subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid"
cat "$L/leaf.pem" "$L/r3.pem" "$L/x1-cross.pem" >"$L/served.pem"
LAT=2024-03-01T00:00:00Z
run verify -f json --at "$LAT" --root "$L/x1.pem" --host le.example.test --purpose server "$L/served.pem"
expect_status 0 "the Let's Encrypt cross-sign, X1 trusted"
findings_are ""
[ "$(json_get 'len(d["path"])')" = 3 ] || fail "the path is leaf, R3, X1"
[ "$(json_get 'd["path"][2]["sha256"]')" = "$(der_sha256 "$L/x1.pem")" ] || fail "the anchor is the self-signed X1"
# With the expired DST root trusted as well, still the X1 path; with DST
# alone, the expired root is named.
run verify --at "$LAT" --root "$L/dst.pem" --root "$L/x1.pem" --host le.example.test "$L/served.pem"
expect_status 0
expect_out "3. C=US,O=Internet Security Research Group,CN=ISRG Root X1  [trust anchor]"
run verify --at "$LAT" --root "$L/dst.pem" --host le.example.test "$L/served.pem"
expect_status 1
expect_out "'O=Digital Signature Trust Co.,CN=DST Root CA X3'"
expect_out "expired"
# as openssl verify has it (OpenSSL 1.1+ finds the X1 path too)
openssl verify -attime "$(date -u -d "$LAT" +%s)" -CAfile "$L/x1.pem" -untrusted <(cat "$L/r3.pem" "$L/x1-cross.pem") \
	"$L/leaf.pem" >/dev/null 2>&1 || fail "openssl verify refuses the cross-sign shape"
ok "Let's Encrypt cross-sign: clients accepts with no warning, the path ends at the self-signed X1"
