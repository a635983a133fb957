#!/usr/bin/env bash
# check and verify against a live openssl s_server through tls://.
# NOT in tests/meson.build yet: tls:// needs tls-fetch.c from the connect
# issue; the integrator adds this test to cli_tests when merging both.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
AT=2026-01-01T06:00:00Z
port=$(free_port)
s_server "$port" -cert "$C1/workload-cert.pem" -key "$C1/workload-key.pem" \
	-cert_chain <(cat "$C1/ca-cert.pem" "$I/root-cert.pem")

run check --at "$AT" --expect-root "$I/root-cert.pem" --expect-intermediate "$C1/ca-cert.pem" \
	--expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin --min-valid 12h "tls://127.0.0.1:$port"
expect_status 0
expect_out "tls://127.0.0.1:$port"
[ "$(tail -1 "$T/out")" = "5 passed, 0 failed" ] || fail "summary"
ok "check over tls://: the Istio expectations pass"

run check --at "$AT" --expect-intermediate "$I/cluster2/ca-cert.pem" --expect-root "$FIXTURES/istio-rogue/root-cert.pem" \
	"tls://127.0.0.1:$port"
expect_status 1
expect_out "is not in the best path (closest: certificate 2, different)"
expect_out "FAIL  valid-path: the chain does not validate to --expect-root $FIXTURES/istio-rogue/root-cert.pem"
expect_out "it belongs to another root with the same subject (same subject, different key)"
ok "check over tls://: wrong intermediate and rogue root fail with the diff"

run verify --at "$AT" --root "$I/root-cert.pem" --uri spiffe://cluster.local/ns/foo/sa/httpbin "tls://127.0.0.1:$port"
expect_status 0
expect_out "3. O=Istio,CN=Root CA  [trust anchor]"
ok "verify over tls://"

# Nothing listens: an error result with exit 1, the file source still checked;
# 3 only when no SOURCE gave a chain.
dead=$(free_port)
run check --at "$AT" --timeout 2 --root "$I/root-cert.pem" --min-valid 1h "tls://127.0.0.1:$dead" "$C1/workload-chain.pem"
expect_status 1
expect_out "ERROR load: "
expect_out "2 passed, 1 failed"
run check --at "$AT" --timeout 2 --min-valid 1h "tls://127.0.0.1:$dead"
expect_status 3
expect_out "ERROR load: "
ok "unreachable peer: an error result, exit 1; exit 3 when it is the only SOURCE"
