#!/usr/bin/env bash
# Differential test (issue 14): `certcheck verify --profile compat` against
# GnuTLS's own trust-list verdict (tests/tools/gnutls-verify) and `openssl
# verify`, on every native x509-limbo case and every fixture chain.  Every
# difference must be listed, with its reason, in
# tests/limbo/differential-known.tsv, and nothing else.
. "$TESTS_DIR/cli/lib.sh"

: "${GNUTLS_VERIFY:?GNUTLS_VERIFY must name tests/tools/gnutls-verify (built by meson)}"
KNOWN=$TESTS_DIR/limbo/differential-known.tsv
CORPUS=$TESTDATA/x509-limbo/limbo-full-2026-12-01.json.xz
I=$FIXTURES/istio

# The GnuTLS verifier itself: its time, its anchors and its name checks work,
# so its verdicts below mean something.
gv() {
	set +e
	"$GNUTLS_VERIFY" "$@" >"$T/out" 2>"$T/err"
	STATUS=$?
	set -e
}
gv --at 1767247200 "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 0
expect_out "valid"
gv --at 1767358800 "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 1
expect_out "invalid: The certificate is NOT trusted. The certificate chain uses expired certificate."
gv --at 1767247200 "$FIXTURES/istio-rogue/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 1
gv --at 1767247200 --host foo.proxy.upbound-127.0.0.1.nip.io "$FIXTURES/gateway/ca.crt" "$FIXTURES/gateway/server-chain.pem"
expect_status 0
gv --at 1767247200 --host other.example.test "$FIXTURES/gateway/ca.crt" "$FIXTURES/gateway/server-chain.pem"
expect_status 1
expect_out "The name in the certificate does not match the expected."
gv --at 1767247200 --purpose client "$FIXTURES/gateway/ca.crt" "$FIXTURES/gateway/server-chain.pem"
expect_status 1
ok "gnutls-verify: time, anchors, host name and purpose are applied"

set +e
"$TESTS_DIR/limbo/differential" --certcheck "$CERTCHECK" --gnutls-verify "$GNUTLS_VERIFY" --corpus "$CORPUS" \
	--known "$KNOWN" --out "$T/diff.tsv" >"$T/out" 2>"$T/err"
STATUS=$?
set -e
cat "$T/out"
expect_status 0 "a difference not in $KNOWN, a listed one that is gone, or a crash"
expect_out "differential: every difference is listed in differential-known.tsv, and only those"
# Every native case ran: 208, less the ones no tool here can express (more
# than one peer name, an e-mail name, an empty trusted set).
read -r judged skipped fixtures < <(sed -n \
	's/^differential: \([0-9]*\) limbo cases (\([0-9]*\) skipped), \([0-9]*\) fixture chains.*/\1 \2 \3/p' "$T/out")
[ $((judged + skipped)) -eq 208 ] || fail "208 native limbo cases, ran ${judged:-?} + ${skipped:-?} skipped"
[ "$skipped" -le 10 ] || fail "$skipped native cases skipped"
# Every fixture group with a root: istio (3 roots), istio-expired, istio-rogue,
# gateway, mtls, strict, Istio's samples/certs.
[ "$fixtures" -ge 100 ] || fail "only ${fixtures:-0} fixture chains"
"$TESTS_DIR/limbo/differential" --certcheck "$CERTCHECK" --gnutls-verify "$GNUTLS_VERIFY" --corpus "$CORPUS" \
	--only 'fixture::tests/data/istio/istio-samples-certs/*' --only 'fixture::fixtures/mtls/*' -v >"$T/out" 2>"$T/err" ||
	fail "differential on two fixture groups"
expect_out "fixture::tests/data/istio/istio-samples-certs/workload-foo-cert.pem::root-cert.pem	certcheck valid	gnutls valid	openssl valid"
expect_out "fixture::fixtures/mtls/client-chain.pem::ca.crt	certcheck valid	gnutls valid	openssl valid"
[ "$(tail -n +2 "$T/diff.tsv" | wc -l)" -eq "$(grep -vc '^#' "$KNOWN")" ] || fail "--out and the list differ in length"
ok "differential: $judged limbo cases and $fixtures fixture chains, every difference listed"

# The list is checked both ways, against an edited copy: a listed difference
# dropped (NOT LISTED) and an agreeing case listed (NOW AGREES) both fail.
listed=$(awk -F'\t' '!/^#/ { print $1; exit }' "$KNOWN")
agreeing=rfc5280::validity::notbefore-exact
! grep -q "^$agreeing	" "$KNOWN" || fail "$agreeing was meant to agree"
{ grep -v "^$listed	" "$KNOWN"; printf '%s\topenssl\tvalid\tinvalid\tedited\n' "$agreeing"; } >"$T/known"
set +e
"$TESTS_DIR/limbo/differential" --certcheck "$CERTCHECK" --gnutls-verify "$GNUTLS_VERIFY" --corpus "$CORPUS" \
	--known "$T/known" --only "$listed" --only "$agreeing" >"$T/out" 2>"$T/err"
STATUS=$?
set -e
expect_status 1 "an edited list"
expect_out "NOT LISTED: $listed "
expect_out "NOW AGREES: $agreeing openssl"
ok "the list is exact: an unlisted difference and a listed agreement both fail"
