#!/usr/bin/env bash
# check and roots judge validated paths (issue 15): every shape below is
# built here with openssl (fixtures/lib-pki.sh, Istio's Makefile recipes,
# fixed dates) and each verdict is compared with `openssl verify` on the
# same files, so no expectation passes on a chain that does not validate.
. "$TESTS_DIR/cli/lib.sh"
. "$FIXTURES/lib-pki.sh"

AT=2026-06-01T00:00:00Z
export PKI_START=2026-01-01T00:00:00Z
P=$T/pki
result() { grep -qE -- "^  $1 +$2: " "$T/out" || fail "no $1 result for $2"; }
# ossl_verify ROOTS UNTRUSTED LEAF: openssl's verdict, 0 or 1.
ossl_verify() {
	if openssl verify -attime "$(date -d "$AT" +%s)" -CAfile "$1" -untrusted "$2" "$3" >/dev/null 2>&1; then
		echo 0
	else
		echo 1
	fi
}

# The mesh: a root, cluster1's intermediate, a workload (1 year, not 24 h).
pki_root "$P"
pki_intermediate "$P" cluster1
PKI_DAYS=365 pki_workload "$P/cluster1" foo httpbin "$P/cluster1/workload"
SAN=URI:spiffe://cluster.local/ns/foo/sa/httpbin
EXPECT=(--expect-root "$P/root-cert.pem" --expect-intermediate "$P/cluster1/ca-cert.pem" --expect-san "$SAN"
	--min-valid 30d)
run check --at "$AT" "${EXPECT[@]}" "$P/cluster1/workload-chain.pem"
expect_status 0
[ "$(tail -1 "$T/out")" = "5 passed, 0 failed" ] || fail "the good chain: $(tail -1 "$T/out")"
ok "the Makefile PKI: valid-path and every expectation pass"

# --- 1. A leaf signed by another key than the intermediate presented after
# it, with the same names: nothing links, every expectation fails.
PKI_KEY= pki_intermediate "$P" cluster1 "$P/imposter"
cat "$P/cluster1/workload-cert.pem" "$P/imposter/ca-cert.pem" "$P/root-cert.pem" >"$T/broken.pem"
[ "$(ossl_verify "$P/root-cert.pem" "$P/imposter/ca-cert.pem" "$P/cluster1/workload-cert.pem")" = 1 ] ||
	fail "openssl should reject the broken link"
run check --at "$AT" --expect-root "$P/root-cert.pem" --expect-intermediate "$P/imposter/ca-cert.pem" \
	--expect-san "$SAN" --expect-host x.example --min-valid 30d "$T/broken.pem"
expect_status 1
result FAIL valid-path
expect_out "no_path: no issuer for 'URI:spiffe://cluster.local/ns/foo/sa/httpbin'"
[ "$(grep -c '^  PASS ' "$T/out")" = 0 ] || fail "an expectation passed on a broken chain"
expect_out "the leaf carries $SAN, but the chain does not validate (see valid-path)"
run verify --at "$AT" --root "$P/root-cert.pem" "$T/broken.pem"
expect_status 1
ok "broken link: valid-path fails naming the leaf's missing issuer; no expectation passes (openssl verify agrees)"

# --- 2. An unrelated self-signed root appended, and 3. a same-subject root
# with another key appended: the expected root is not whatever sits on top.
pki_root "$P/other" Other "Other Root"
pki_root "$P/regen"
cat "$P/cluster1/workload-cert.pem" "$P/cluster1/ca-cert.pem" "$P/other/root-cert.pem" >"$T/foreign.pem"
cat "$P/cluster1/workload-cert.pem" "$P/cluster1/ca-cert.pem" "$P/regen/root-cert.pem" >"$T/regen.pem"
run check --at "$AT" --expect-root "$P/other/root-cert.pem" "$T/foreign.pem"
expect_status 1
result FAIL expect-root
expect_out "the chain does not validate to a root of $P/other/root-cert.pem"
run check --at "$AT" --expect-root "$P/root-cert.pem" "$T/foreign.pem"
expect_status 0
expect_out "validates to the expected root 'O=Istio,CN=Root CA' (the root is not sent)"
run check --at "$AT" --expect-root "$P/regen/root-cert.pem" "$T/regen.pem"
expect_status 1
result FAIL expect-root
expect_out "(same subject, different key)"
[ "$(ossl_verify "$P/regen/root-cert.pem" "$P/cluster1/ca-cert.pem" "$P/cluster1/workload-cert.pem")" = 1 ] ||
	fail "openssl should reject the regenerated root"
run roots --at "$AT" "$T/regen.pem"
expect_status 1
expect_out "no root: $T/regen.pem: the chain does not validate to the root it presents: no_path: "
ok "appended foreign root and same-subject root: --expect-root fails against them, passes against the real root"

# --- 4. Repeated expectations: each its own result; one-value options twice: exit 2.
run check --at "$AT" --expect-root "$P/root-cert.pem" --expect-root "$P/other/root-cert.pem" \
	--expect-host a.example --expect-host b.example \
	--expect-intermediate "$P/cluster1/ca-cert.pem" --expect-intermediate "$P/imposter/ca-cert.pem" \
	"$P/cluster1/workload-chain.pem"
expect_status 1
result PASS "expect-root $P/root-cert.pem"
result FAIL "expect-root $P/other/root-cert.pem"
result FAIL "expect-host a.example"
result FAIL "expect-host b.example"
result PASS "expect-intermediate $P/cluster1/ca-cert.pem"
result FAIL "expect-intermediate $P/imposter/ca-cert.pem"
for opt in "--min-valid 1d --min-valid 2d" "--at $AT --at $AT" "--purpose server --purpose client" \
	"--profile strict --profile compat"; do
	# shellcheck disable=SC2086 # the option pairs are split on purpose
	run check $opt --expect-root "$P/root-cert.pem" "$P/cluster1/workload-chain.pem"
	expect_status 2 "$opt"
	expect_err "given twice: it takes one value"
done
ok "repeated --expect-root/--expect-host/--expect-intermediate each give a result; one-value options twice exit 2"

# --- 5. A root bundle in both orders (Istio's root-cert.pem mid-rotation).
cat "$P/other/root-cert.pem" "$P/root-cert.pem" >"$T/bundle-a.pem"
cat "$P/root-cert.pem" "$P/other/root-cert.pem" >"$T/bundle-b.pem"
for b in "$T/bundle-a.pem" "$T/bundle-b.pem"; do
	run check --at "$AT" --expect-root "$b" "$P/cluster1/workload-chain.pem"
	expect_status 0 "bundle $b"
	expect_out "validates to the expected root 'O=Istio,CN=Root CA'"
done
# A leaf is no root: said, not compared.
run check --at "$AT" --expect-root "$P/cluster1/workload-cert.pem" "$P/cluster1/workload-chain.pem"
expect_status 1
result ERROR expect-root
expect_out "is not a CA certificate (a leaf?): --expect-root wants the root the chain validates to"
run check --at "$AT" --root "$P/root-cert.pem" --expect-intermediate "$P/cluster1/workload-cert.pem" \
	"$P/cluster1/workload-chain.pem"
result ERROR expect-intermediate
ok "a root bundle passes in either order; a leaf given as a root or intermediate is an error saying so"

# --- 6. The trust root expires in 9 days: --min-valid 30d fails on it.
PKI_END=2026-06-10T00:00:00Z pki_root "$P/short" Istio "Short Root"
pki_intermediate "$P/short" c1
PKI_DAYS=365 pki_workload "$P/short/c1" foo httpbin "$P/short/c1/workload"
cat "$P/short/c1/workload-cert.pem" "$P/short/c1/ca-cert.pem" >"$T/short-no-root.pem"
run check --at "$AT" --expect-root "$P/short/root-cert.pem" --min-valid 30d "$T/short-no-root.pem" \
	"$P/short/c1/workload-chain.pem"
expect_status 1
expect_out "FAIL  min-valid 30d: certificate 3 (the trust anchor) 'O=Istio,CN=Short Root' expires in 9d 0h, less than 30d 0h"
[ "$(grep -c 'FAIL  min-valid 30d: certificate 3 (the trust anchor)' "$T/out")" = 2 ] ||
	fail "the root not sent counts too"
ok "--min-valid covers the trust anchor the path ends at, sent or not"

# --- 7. Not yet valid.
run check --at 2025-12-31T00:00:00Z --expect-root "$P/root-cert.pem" --min-valid 1h "$P/cluster1/workload-chain.pem"
expect_status 1
result FAIL valid-path
expect_out "FAIL  min-valid 1h: certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' is not valid yet (not before 2026-01-01T00:00:00Z)"
ok "a chain not yet valid fails valid-path and --min-valid, naming the certificate"

# --- 8. The Let's Encrypt shape: leaf, R3, ISRG X1 cross-signed by the
# expired DST root; the self-signed ISRG X1 trusted.
PKI_START=2000-01-01T00:00:00Z PKI_END=2021-09-30T00:00:00Z \
	pki_ca "$P/le/dst.pem" "$P/le/dst.key" "/O=Digital Signature Trust Co./CN=DST Root CA X3"
PKI_DAYS=7300 pki_ca "$P/le/x1.pem" "$P/le/x1.key" "/C=US/O=Internet Security Research Group/CN=ISRG Root X1"
openssl x509 -in "$P/le/x1.pem" -noout -pubkey >"$T/x1.pub"
openssl req -new -key "$P/le/x1.key" -subj "/C=US/O=Internet Security Research Group/CN=ISRG Root X1" \
	-out "$T/x1.csr" 2>/dev/null
printf 'basicConstraints = critical, CA:true\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' >"$T/cross.ext"
openssl x509 -req -in "$T/x1.csr" -CA "$P/le/dst.pem" -CAkey "$P/le/dst.key" -set_serial 77 -days 1800 \
	-extfile "$T/cross.ext" -out "$P/le/x1-cross.pem" 2>/dev/null
PKI_DAYS=1800 pki_cert "$P/le/x1.pem" "$P/le/x1.key" "$P/le/r3.pem" "$P/le/r3.key" "/C=US/O=Let's Encrypt/CN=R3" \
	"basicConstraints = critical, CA:true, pathlen:0" "keyUsage = critical, digitalSignature, keyCertSign, cRLSign" \
	"extendedKeyUsage = serverAuth, clientAuth"
PKI_DAYS=365 pki_server "$P/le/r3.pem" "$P/le/r3.key" "$P/le/leaf.pem" "$P/le/leaf.key" le.example.test
cat "$P/le/leaf.pem" "$P/le/r3.pem" "$P/le/x1-cross.pem" >"$T/le-chain.pem"
run check --at "$AT" --expect-root "$P/le/x1.pem" --expect-host le.example.test --min-valid 30d "$T/le-chain.pem"
expect_status 0
expect_out "validates to the expected root 'C=US,O=Internet Security Research Group,CN=ISRG Root X1' (the root is not sent)"
run verify --at "$AT" --root "$P/le/x1.pem" --host le.example.test "$T/le-chain.pem"
expect_status 0
run roots --at "$AT" --root "$P/le/x1.pem" "$T/le-chain.pem"
expect_status 0
expect_out "shared: the source leads to one root, C=US,O=Internet Security Research Group,CN=ISRG Root X1"
ok "Let's Encrypt cross-sign: check --expect-root the self-signed X1 passes, verify agrees, roots finds X1 with --root"

# --- 9. A stale intermediate after the root was regenerated: the cluster
# still presents the intermediate signed by the OLD root, its bundle carries
# the new one (same subject).
cat "$P/cluster1/workload-cert.pem" "$P/cluster1/ca-cert.pem" >"$T/stale-chain.pem"
jq -n --arg chain "$(base64 -w0 "$T/stale-chain.pem")" --arg root "$(base64 -w0 "$P/regen/root-cert.pem")" \
	--arg ok "$(base64 -w0 <(cat "$P/cluster1/workload-cert.pem" "$P/cluster1/ca-cert.pem"))" --arg okroot "$(base64 -w0 "$P/root-cert.pem")" '
	def secret(c; r): {dynamicActiveSecrets: [
		{name: "default", secret: {name: "default", tlsCertificate: {certificateChain: {inlineBytes: c}}}},
		{name: "ROOTCA", secret: {name: "ROOTCA", validationContext: {trustedCa: {inlineBytes: r}}}}]};
	[secret($chain; $root), secret($ok; $okroot)]' >"$T/secrets.json"
jq '.[0]' "$T/secrets.json" >"$T/stale.json"
jq '.[1]' "$T/secrets.json" >"$T/good.json"
run roots --at "$AT" "$T/good.json" "$T/stale.json"
expect_status 1
expect_no_out "shared"
expect_out "no root: $T/stale.json: the chain does not validate to ROOTCA: no_path: "
run check --at "$AT" --same-root "$T/good.json" "$T/stale.json"
expect_status 1
result FAIL same-root
expect_out "no root for 1 of 2 sources"
ok "stale intermediate under a regenerated root: roots and --same-root never say shared"

# --- 10. An intermediate whose EKU is clientAuth only: Go, GnuTLS and
# OpenSSL refuse its leaves as servers.
PKI_DAYS=3650 pki_cert "$P/root-cert.pem" "$P/root-key.pem" "$P/eku/int.pem" "$P/eku/int.key" "/O=Istio/CN=Client Only CA" \
	"basicConstraints = critical, CA:true" "keyUsage = critical, keyCertSign, cRLSign" "extendedKeyUsage = clientAuth"
PKI_DAYS=365 pki_server "$P/eku/int.pem" "$P/eku/int.key" "$P/eku/leaf.pem" "$P/eku/leaf.key" eku.example.test
cat "$P/eku/leaf.pem" "$P/eku/int.pem" >"$T/eku-chain.pem"
openssl verify -attime "$(date -d "$AT" +%s)" -purpose sslserver -CAfile "$P/root-cert.pem" \
	-untrusted "$P/eku/int.pem" "$P/eku/leaf.pem" >/dev/null 2>&1 && fail "openssl should refuse the EKU chain"
run check --at "$AT" --root "$P/root-cert.pem" --strict-clients --profile compat "$T/eku-chain.pem"
expect_status 1
result FAIL strict-clients
expect_out "error issuer_eku_purpose: "
ok "intermediate EKU clientAuth only: --strict-clients fails with issuer_eku_purpose (openssl -purpose sslserver agrees)"
