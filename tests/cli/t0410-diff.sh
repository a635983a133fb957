#!/usr/bin/env bash
# certcheck diff: the four verdicts, only what differs, expected beside found,
# chains position by position, JSON, exit status.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
# beside LABEL VALUE: a line with LABEL, spaces, VALUE.
beside() { grep -qE -- "^ +$1: +$2\$" "$T/out" || fail "stdout lacks $1 beside $2"; }
serial() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//'; }

# Identical.
run diff "$I/root-cert.pem" "$I/cluster1/root-cert.pem"
expect_status 0
[ "$(head -1 "$T/out")" = identical ] || fail "verdict line"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "identical shows no fields"
ok "identical: exit 0, nothing else shown"

# A leaf re-issued with the same key.
a=$I/cluster1/workload-cert.pem b=$I/cluster1/workload-reissued-cert.pem
run diff "$a" "$b"
expect_status 1
[ "$(head -1 "$T/out")" = "same key, re-issued" ] || fail "verdict leads"
expect_out "serial:"
beside "$a" "$(serial "$a")"
beside "$b" "$(serial "$b")"
expect_out "not before:"
beside "$a" 2026-01-01T00:00:00Z
beside "$b" 2026-01-01T12:00:00Z
expect_no_out "SPKI SHA-256:"
expect_no_out "subject:"
expect_no_out "SANs:"
ok "re-issued leaf: same key, re-issued, only differing fields, both values"

# A root regenerated with the same subject and its own key.
run diff "$I/root-cert.pem" "$FIXTURES/istio-rogue/root-cert.pem"
expect_status 1
[ "$(head -1 "$T/out")" = "same subject, different key" ] || fail "verdict leads"
expect_out "SPKI SHA-256:"
expect_out "SHA-256 fingerprint:"
expect_out "$(der_sha256 "$I/root-cert.pem")"
expect_out "$(der_sha256 "$FIXTURES/istio-rogue/root-cert.pem")"
expect_no_out "subject:"
ok "rogue root: same subject, different key"

# Different certificates.
run diff "$I/cluster1/ca-cert.pem" "$I/cluster2/ca-cert.pem"
expect_status 1
[ "$(head -1 "$T/out")" = different ] || fail "verdict leads"
expect_out "O=Istio,CN=Intermediate CA,L=cluster1"
expect_out "O=Istio,CN=Intermediate CA,L=cluster2"
ok "different intermediates"

# Chains position by position.
run diff "$I/cluster1/workload-chain.pem" "$I/cluster1/workload-reissued-chain.pem"
expect_status 1
[ "$(head -1 "$T/out")" = "same key, re-issued (2 of 3 certificates identical)" ] || fail "chain verdict"
expect_out "certificate 1: same key, re-issued"
expect_out "certificate 2: identical"
expect_out "certificate 3: identical"
run diff "$I/cluster1/workload-chain.pem" "$I/cluster1/plugin-default-chain.pem"
expect_status 1
expect_out "certificate 4: different"
expect_out "only in $I/cluster1/plugin-default-chain.pem: O=Istio,CN=Root CA"
ok "chains compared position by position"

# JSON.
run diff --format json "$I/root-cert.pem" "$FIXTURES/istio-rogue/root-cert.pem"
expect_status 1
[ "$(json_get 'd["verdict"]')" = same_subject_other_key ] || fail "json verdict"
[ "$(json_get 'sorted(x["field"] for x in d["pairs"][0]["differences"])')" = "['SHA-256 fingerprint', 'SKI', 'SPKI SHA-256', 'serial']" ] ||
	fail "json differences: $(json_get 'd["pairs"][0]["differences"]')"
[ "$(json_get 'd["pairs"][0]["a_sha256"]')" = "$(der_sha256 "$I/root-cert.pem")" ] || fail "json a_sha256"
run diff -f json "$a" "$b"
[ "$(json_get 'd["verdict"]')" = reissued ] || fail "json reissued"
ok "--format json"

# Usage.
run diff "$a"
expect_status 2
expect_err "two SOURCEs"
run diff "$a" "$FIXTURES/bad/no-cert.txt"
expect_status 2
expect_err "no-cert.txt"
ok "usage and input errors exit 2"
