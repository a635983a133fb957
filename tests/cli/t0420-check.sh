#!/usr/bin/env bash
# certcheck check: the valid-path result, every expectation on the validated
# path, one result each, the N passed, M failed line, the diff on
# mismatches, exit status, JSON, strict DURATION/TIME.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
G=$FIXTURES/gateway
AT=2026-01-01T06:00:00Z
# result OUTCOME NAME: the report has that line for that expectation.
result() { grep -qE -- "^  $1 +$2: " "$T/out" || fail "no $1 result for $2"; }
last_line() { [ "$(tail -1 "$T/out")" = "$1" ] || fail "last line is '$(tail -1 "$T/out")', not '$1'"; }

# The Istio scenario: cluster1's workload chain leads to the root, through cluster1's CA.
run check --at "$AT" --expect-root "$I/root-cert.pem" --expect-intermediate "$I/cluster1/ca-cert.pem" \
	--expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin --min-valid 12h "$I/cluster1/workload-chain.pem"
expect_status 0
result PASS valid-path
expect_out "the chain validates to 'O=Istio,CN=Root CA' (from --expect-root $I/root-cert.pem): 3 certificates, profile clients, 0 warnings"
result PASS expect-root
result PASS expect-intermediate
result PASS "expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin"
result PASS "min-valid 12h"
expect_out "ok   certificate 3 (trust anchor) 'O=Istio,CN=Root CA': not after 2036-01-01T00:00:00Z"
last_line "5 passed, 0 failed"
ok "istio: valid-path, expect-root, expect-intermediate, expect-san, min-valid pass"

# Without any trust the chain is judged against the system store: its
# private root is not there, so nothing passes.
run check --at "$AT" --expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin "$I/cluster1/workload-chain.pem"
expect_status 1
result FAIL valid-path
expect_out "the chain does not validate to the system trust store: "
expect_out "the leaf carries URI:spiffe://cluster.local/ns/foo/sa/httpbin, but the chain does not validate (see valid-path)"
last_line "0 passed, 2 failed"
ok "no trust given: the system store, and no expectation passes on a chain that does not validate"

# cluster2's intermediate is not in cluster1's chain: fails with the diff.
run check --at "$AT" --root "$I/root-cert.pem" --expect-intermediate "$I/cluster2/ca-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 1
result PASS valid-path
result FAIL expect-intermediate
expect_out "'O=Istio,CN=Intermediate CA,L=cluster2' is not in the validated path (closest: certificate 2, different)"
grep -qE "expected: +O=Istio,CN=Intermediate CA,L=cluster2$" "$T/out" || fail "diff: expected subject"
grep -qE "found: +O=Istio,CN=Intermediate CA,L=cluster1$" "$T/out" || fail "diff: found subject"
grep -qE "expected: +$(der_sha256 "$I/cluster2/ca-cert.pem")$" "$T/out" || fail "diff: expected fingerprint"
grep -qE "found: +$(der_sha256 "$I/cluster1/ca-cert.pem")$" "$T/out" || fail "diff: found fingerprint"
last_line "1 passed, 1 failed"
ok "wrong intermediate fails with the diff of expected against found"

# The rogue root (same subject, own key): fails, explanation says so; diff agrees.
run check --at "$AT" --expect-root "$I/root-cert.pem" "$FIXTURES/istio-rogue/cluster3/workload-chain.pem"
expect_status 1
result FAIL valid-path
result FAIL expect-root
expect_out "the chain does not validate to a root of $I/root-cert.pem: no_path: the self-signed 'O=Istio,CN=Root CA' is not a trust anchor"
expect_out "it belongs to another root with the same subject (same subject, different key)"
grep -qE "expected: +$(der_sha256 "$I/root-cert.pem")$" "$T/out" || fail "diff: expected fingerprint"
grep -qE "found: +$(der_sha256 "$FIXTURES/istio-rogue/root-cert.pem")$" "$T/out" || fail "diff: found fingerprint"
run diff "$I/root-cert.pem" "$FIXTURES/istio-rogue/root-cert.pem"
[ "$(head -1 "$T/out")" = "same subject, different key" ] || fail "diff verdict"
ok "rogue root: check fails with 'same subject, different key', as diff says"

# Root not sent: the path is built up to the expected root.
cat "$I/cluster1/workload-cert.pem" "$I/cluster1/ca-cert.pem" >"$T/no-root.pem"
cat "$FIXTURES/istio-rogue/cluster3/workload-cert.pem" "$FIXTURES/istio-rogue/cluster3/ca-cert.pem" >"$T/rogue-no-root.pem"
run check --at "$AT" --expect-root "$I/root-cert.pem" "$T/no-root.pem" "$T/rogue-no-root.pem"
expect_status 1
expect_out "validates to the expected root 'O=Istio,CN=Root CA' (the root is not sent)"
expect_out "the chain does not validate to a root of $I/root-cert.pem: no_path: no issuer for 'O=Istio,CN=Intermediate CA,L=cluster3'"
expect_out "(same subject, different key)"
last_line "2 passed, 2 failed"
# The expected root may come as a bundle of CAs: any of them.
run check --at "$AT" --expect-root "$I/cluster1/cert-chain.pem" "$T/no-root.pem"
expect_status 0
ok "root not sent: the path is built to the expected root, or fails naming the other key"

# Istio's plug-in CA chain sends the root twice: passes with a finding.
run check --at "$AT" --expect-root "$I/root-cert.pem" "$I/cluster1/plugin-default-chain.pem"
expect_status 0
result PASS expect-root
expect_out "(finding: the root is presented 2 times)"
ok "repeated root passes with a finding"

# The gateway certificate: host via the wildcard, SANs.
run check --at "$AT" --root "$G/ca.crt" --expect-host foo.proxy.upbound-127.0.0.1.nip.io --expect-san IP:127.0.0.1 \
	--expect-san DNS:proxy.upbound-127.0.0.1.nip.io "$G/server-docs.crt"
expect_status 0
last_line "4 passed, 0 failed"
run check --at "$AT" --root "$G/ca.crt" --expect-host a.b.proxy.upbound-127.0.0.1.nip.io --expect-san DNS:other.example \
	--expect-san IP:127.0.0.1 "$G/server-docs.crt"
expect_status 1
result FAIL "expect-host a.b.proxy.upbound-127.0.0.1.nip.io"
result FAIL "expect-san DNS:other.example"
result PASS "expect-san IP:127.0.0.1"
expect_out "carries: DNS:proxy.upbound-127.0.0.1.nip.io, DNS:*.proxy.upbound-127.0.0.1.nip.io, IP:127.0.0.1"
last_line "2 passed, 2 failed"
ok "gateway: --expect-host wildcard, --expect-san DNS/IP"

# Expiry: the 24h leaf has 11h left 13h after issue, 24h at issue.
R=(--root "$I/root-cert.pem")
run check "${R[@]}" --at 2026-01-01T13:00:00Z --min-valid 12h "$I/cluster1/workload-chain.pem"
expect_status 1
expect_out "certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' expires in 11h 0m, less than 12h 0m"
run check "${R[@]}" --at 2026-01-01T00:00:00Z --min-valid 12h "$I/cluster1/workload-chain.pem"
expect_status 0
run check "${R[@]}" --at 2026-01-01T13:00:00Z --min-valid 660m "$I/cluster1/workload-chain.pem"
expect_status 0
run check "${R[@]}" --at 2026-01-01T13:00:00Z --min-valid 39601s "$I/cluster1/workload-chain.pem"
expect_status 1
run check "${R[@]}" --at @1767272400 --min-valid 1d "$I/cluster1/workload-chain.pem"
expect_status 1
ok "--min-valid 12h fails 13h after issue and passes at issue time (m, s, d, @EPOCH)"

# The expired intermediate is named as the culprit.
run check --at "$AT" --root "$FIXTURES/istio-expired/root-cert.pem" --min-valid 1h "$FIXTURES/istio-expired/workload-chain.pem"
expect_status 1
result FAIL valid-path
expect_out "certificate 2 'O=Istio,CN=Intermediate CA,L=expired' expired 1d 6h ago"
ok "expired intermediate named as the culprit"

# --same-root across sources.
run check --at "$AT" --same-root --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
expect_status 0
result PASS same-root
last_line "3 passed, 0 failed"
# The roots agree, but without trust the chains do not validate: exit 1.
run check --at "$AT" --same-root "$I/cluster1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
expect_status 1
result PASS same-root
last_line "1 passed, 2 failed"
run check --at "$AT" --same-root "$I/cluster1/workload-chain.pem" "$FIXTURES/istio-rogue/cluster3/workload-chain.pem"
expect_status 1
result FAIL same-root
expect_out "lead to different roots: same subject, different key"
run check --at "$AT" --same-root "$I/cluster1/workload-chain.pem" "$I/cluster1/workload-cert.pem"
expect_status 1
expect_out "no root for 1 of 2 sources"
ok "--same-root"

# Several sources; an unreadable one is an error result, not the end of the run.
run check --at "$AT" --expect-root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem" "$T/missing.pem" \
	"$I/cluster2/workload-chain.pem"
expect_status 1
result ERROR load
expect_out "missing.pem: cannot open"
[ "$(grep -c 'PASS  expect-root' "$T/out")" -eq 2 ] || fail "both readable sources checked"
last_line "4 passed, 1 failed"
run check --at "$AT" --expect-root "$I/root-cert.pem" "$T/missing.pem"
expect_status 2
result ERROR load
ok "unreadable source: an error result (exit 1), the others still checked; exit 2 when none was read"

# JSON: results as data.
run check --format json --at "$AT" --expect-root "$I/root-cert.pem" --expect-san DNS:x.example \
	"$I/cluster1/workload-chain.pem"
expect_status 1
[ "$(json_get 'd["passed"], d["failed"]')" = "(2, 1)" ] || fail "json counts"
[ "$(json_get '[r["outcome"] for r in d["results"]]')" = "['pass', 'pass', 'fail']" ] || fail "json outcomes"
[ "$(json_get 'd["results"][0]["name"]')" = "valid-path" ] || fail "json name"
[ "$(json_get 'd["results"][2]["name"]')" = "expect-san DNS:x.example" ] || fail "json name"
ok "--format json"

# Strict DURATION and TIME, usage errors naming the option.
for bad in 12 12x h 1.5h -3h "12h " ""; do
	run check --min-valid "$bad" "$I/cluster1/workload-chain.pem"
	expect_status 2 "--min-valid '$bad'"
	expect_err "--min-valid: '$bad' is not a DURATION"
done
for bad in 2026-01-02 2026-01-02T03:04:05 @ @12x "2026-01-02T25:00:00Z"; do
	run check --at "$bad" --min-valid 1h "$I/cluster1/workload-chain.pem"
	expect_status 2 "--at '$bad'"
	expect_err "--at: '$bad' is not a TIME"
done
run check --expect-san FOO:bar "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "--expect-san: 'FOO:bar'"
run check --expect-san IP:not-an-ip "$I/cluster1/workload-chain.pem"
expect_status 2
run check "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "no expectation given"
run check --expect-root "$T/missing.pem" "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "--expect-root: "
ok "bad DURATION, TIME, SAN and expectation sources are usage errors naming the option"
